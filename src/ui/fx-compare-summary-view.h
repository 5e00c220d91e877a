/* fx-compare-summary-view.h: the Compare pane's summary: a sentence, and a card for
 * each synthetic set and the holdout baseline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fx-compare-results.h"

G_BEGIN_DECLS

#define FX_TYPE_COMPARE_SUMMARY_VIEW (fx_compare_summary_view_get_type ())

G_DECLARE_FINAL_TYPE (FxCompareSummaryView, fx_compare_summary_view, FX, COMPARE_SUMMARY_VIEW, GtkBox)

/* Summarises every set of @results (nullable: none) tested at @alpha. */
void fx_compare_summary_view_set_results (FxCompareSummaryView *self,
                                          FxCompareResults     *results,
                                          double                alpha);

G_END_DECLS
