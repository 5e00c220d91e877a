/* fx-importance.h: which inputs a model relies on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-encoding.h"

G_BEGIN_DECLS

typedef struct
{
  char   *feature;   /* an encoded column: "age", "gender=Male" */
  double  gain;
} FxGain;

void       fx_gain_free             (FxGain           *gain);
/* The @n encoded columns with the largest gain above 0, largest first (ties in
 * column order).  (element-type FxGain) */
GPtrArray *fx_importance_top        (const FxEncoding *encoding,
                                     const double     *gain,
                                     guint             n);
/* The first @n inputs ranked by the largest gain of any of their encoded columns
 * (ties in schema order).  (element-type utf8) */
GPtrArray *fx_importance_top_inputs (const FxEncoding *encoding,
                                     const double     *gain,
                                     guint             n);
/* scipy.stats.spearmanr (a, b).correlation: Pearson's r of average ranks; NaN when
 * one side is constant. */
double     fx_spearman              (const double     *a,
                                     const double     *b,
                                     gsize             n);

G_END_DECLS
