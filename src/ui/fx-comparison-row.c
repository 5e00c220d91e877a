/* fx-comparison-row.c: one feature's line in the Compare pane's table
 *
 * A list item for the column view: it points into the comparison rather than copying
 * it, as a table of hundreds of features is rebuilt whenever the shown set changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fx-comparison-row.h"

struct _FxComparisonRow
{
  GObject                    parent_instance;

  const FxFeatureComparison *result;
  const FxFeatureComparison *holdout;
  guint                      index;
};

G_DEFINE_FINAL_TYPE (FxComparisonRow, fx_comparison_row, G_TYPE_OBJECT)

static void
fx_comparison_row_class_init (FxComparisonRowClass *klass)
{
}

static void
fx_comparison_row_init (FxComparisonRow *self)
{
}

FxComparisonRow *
fx_comparison_row_new (const FxFeatureComparison *result,
                       const FxFeatureComparison *holdout,
                       guint                      index)
{
  FxComparisonRow *self;

  g_return_val_if_fail (result != NULL, NULL);

  self = g_object_new (FX_TYPE_COMPARISON_ROW, NULL);
  self->result = result;
  self->holdout = holdout;
  self->index = index;
  return self;
}

const FxFeatureComparison *
fx_comparison_row_get_result (FxComparisonRow *self)
{
  g_return_val_if_fail (FX_IS_COMPARISON_ROW (self), NULL);

  return self->result;
}

const FxFeatureComparison *
fx_comparison_row_get_holdout (FxComparisonRow *self)
{
  g_return_val_if_fail (FX_IS_COMPARISON_ROW (self), NULL);

  return self->holdout;
}

guint
fx_comparison_row_get_index (FxComparisonRow *self)
{
  g_return_val_if_fail (FX_IS_COMPARISON_ROW (self), 0);

  return self->index;
}
