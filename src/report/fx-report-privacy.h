/* fx-report-privacy.h: a report's privacy and validity sections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-json-writer.h"
#include "fx-privacy.h"
#include "fx-report.h"

G_BEGIN_DECLS

/* The privacy measures of set @set (in the order the sets were added), borrowed: they
 * must outlive the report (see fx_report_keep ()). */
void fx_report_set_privacy (FxReport        *report,
                            guint            set,
                            const FxPrivacy *privacy);

/* How many sets have been added: the index of the last is one less. */
guint fx_report_get_n_sets (FxReport        *report);

G_END_DECLS
