/* fx-rank.h: which features to keep when fewer are generated
 *
 * The dimensionality view generates the same table with 5, 10, 15... features and
 * watches fidelity fall as the number grows.  The features are added in the schema's
 * order, or strongest association with the target first, so that a small table keeps
 * what predicts the outcome.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-schema.h"
#include "fx-table.h"

G_BEGIN_DECLS

typedef enum
{
  FX_RANK_SCHEMA_ORDER,
  FX_RANK_TARGET_ASSOCIATION,
} FxRankOrder;

typedef struct
{
  char   *name;
  double  score;  /* association with the target; NaN in schema order or when undefined */
} FxRankedFeature;

/* The features of @schema other than its target, in @order.  With
 * FX_RANK_TARGET_ASSOCIATION the association is measured in @reference over the rows
 * where both values are present: for a categorical or yes/no target, the correlation
 * ratio (eta) of a numeric feature over the target's classes and Cramer's V of a
 * categorical or yes/no one; for a numeric target, |Spearman rho| with a numeric
 * feature and the correlation ratio of the target over a categorical feature's levels.
 * Features whose association is undefined come last, in schema order.  Fails when the
 * schema has no target or @reference lacks it.
 * (element-type FxRankedFeature) */
GPtrArray *fx_rank_features  (const FxSchema  *schema,
                              const FxTable   *reference,
                              FxRankOrder      order,
                              GError         **error);

/* A copy of @schema with its target and the first @n of @ranked only (in the schema's
 * order), and the group columns that remain. */
FxSchema  *fx_schema_subset  (const FxSchema  *schema,
                              GPtrArray       *ranked,
                              guint            n);

void       fx_ranked_feature_free (FxRankedFeature *feature);

G_END_DECLS
