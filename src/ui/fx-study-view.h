/* fx-study-view.h: a study's plan, its progress, its leaderboard and charts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fx-report.h"
#include "fx-schema-document.h"

G_BEGIN_DECLS

#define FX_TYPE_STUDY_VIEW (fx_study_view_get_type ())

G_DECLARE_FINAL_TYPE (FxStudyView, fx_study_view, FX, STUDY_VIEW, AdwBin)

/* The schema and the real data the study generates and compares. */
void     fx_study_view_set_document   (FxStudyView      *self,
                                       FxSchemaDocument *document);
/* Whether a finished study's leaderboard is there to report. */
gboolean fx_study_view_has_results    (FxStudyView      *self);
/* Puts the last finished study's leaderboard and charts in @report (which keeps them). */
void     fx_study_view_add_to_report  (FxStudyView      *self,
                                       FxReport         *report);

G_END_DECLS
