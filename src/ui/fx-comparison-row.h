/* fx-comparison-row.h: one feature's line in the Compare pane's table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fx-compare.h"

G_BEGIN_DECLS

#define FX_TYPE_COMPARISON_ROW (fx_comparison_row_get_type ())

G_DECLARE_FINAL_TYPE (FxComparisonRow, fx_comparison_row, FX, COMPARISON_ROW, GObject)

/* @result and @holdout (nullable) belong to comparisons that outlive the row. */
FxComparisonRow           *fx_comparison_row_new         (const FxFeatureComparison *result,
                                                          const FxFeatureComparison *holdout,
                                                          guint                      index);
const FxFeatureComparison *fx_comparison_row_get_result  (FxComparisonRow           *self);
/* The same feature between the real data's two halves, or NULL. */
const FxFeatureComparison *fx_comparison_row_get_holdout (FxComparisonRow           *self);
/* The feature's position in the schema. */
guint                      fx_comparison_row_get_index   (FxComparisonRow           *self);

G_END_DECLS
