/* fx-report-sections.h: the privacy and validity sections of a report's document and
 * its JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-report-private.h"

G_BEGIN_DECLS

/* Each adds nothing when no set has what it shows. */
void fx_report_privacy_section  (FxReport        *report,
                                 FxDocument      *doc);
void fx_report_validity_section (FxReport        *report,
                                 FxDocument      *doc);
/* "How to reproduce": the command that computes the same numbers again, or why
 * there is none. */
void  fx_report_reproduce_section (FxReport      *report,
                                   FxDocument    *doc);
/* That command, or NULL when a set is neither a run nor a file. */
char *fx_report_reproduce_command (FxReport      *report);
/* "privacy" of one set in the report's JSON, when measured. */
void fx_report_privacy_json     (const FxReportSet *set,
                                 FxJsonWriter      *writer);

G_END_DECLS
