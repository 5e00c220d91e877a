/* fx-compare-private.h: what the per-feature statistics and the association
 * matrices share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-compare.h"

G_BEGIN_DECLS

/* One side of one feature, ready for the statistics. */
typedef struct
{
  /* continuous: one value per row, NaN where missing */
  double   *values;
  gboolean  owns_values;
  guint32  *order;       /* rows of the present values, ascending by value */
  gsize     n_present;
  double   *sorted;
  /* categorical: one code per row into the feature's union of labels */
  guint32  *codes;
  gboolean  borrows_codes;
  gsize     n_missing;
  gsize     n_invalid;
} Side;

typedef struct
{
  FxFeatureComparison *result;
  const FxFeature *schema_feature;
  Side             real;
  Side             synthetic;
} Work;

G_GNUC_INTERNAL void fx_compare_side_clear          (Side           *side);
/* Values and sort order of a continuous column. */
G_GNUC_INTERNAL void fx_compare_prepare_continuous  (Side           *side,
                                                     const FxColumn *column);
/* Codes of a column into @labels, the union of labels so far (@index: label ->
 * code + 1). */
G_GNUC_INTERNAL void fx_compare_prepare_categorical (Side           *side,
                                                     const FxColumn *column,
                                                     GHashTable     *index,
                                                     GPtrArray      *labels);
/* Pearson, Spearman, Cramer's V and correlation-ratio matrices of both tables. */
G_GNUC_INTERNAL void fx_compare_correlations        (const FxTable  *real,
                                                     const FxTable  *synthetic,
                                                     Work           *cont,
                                                     guint           n_cont,
                                                     Work           *cat,
                                                     guint           n_cat,
                                                     FxComparison   *out);

G_END_DECLS
