/* fx-feature-table-view.h: the Compare pane's Features view: the table of every
 * feature compared, and the selected feature in words and plots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fx-compare-results.h"

G_BEGIN_DECLS

#define FX_TYPE_FEATURE_TABLE_VIEW (fx_feature_table_view_get_type ())

G_DECLARE_FINAL_TYPE (FxFeatureTableView, fx_feature_table_view, FX, FEATURE_TABLE_VIEW, GtkBox)

/* Shows the features of @results' set @set (nullable @results: none), tested at
 * @alpha; the plots are prepared in a thread, which holds @results meanwhile. */
void fx_feature_table_view_set_results (FxFeatureTableView *self,
                                        FxCompareResults   *results,
                                        guint               set,
                                        double              alpha);
/* The page's width decides: the table and the plots @side_by_side or one above the
 * other, and @all_columns or only the feature and its result. */
void fx_feature_table_view_set_layout  (FxFeatureTableView *self,
                                        gboolean            side_by_side,
                                        gboolean            all_columns);

G_END_DECLS
