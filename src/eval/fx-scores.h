/* fx-scores.h: how well predicted probabilities rank and calibrate
 *
 * Each agrees with scikit-learn 1.2 on the same inputs: fx_auroc () with
 * roc_auc_score, fx_average_precision () with average_precision_score,
 * fx_brier () with brier_score_loss.  Labels are 0 or 1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Mann-Whitney form with mid-ranks for ties; NaN unless both classes occur. */
double  fx_auroc                    (const double *score,
                                     const guint8 *label,
                                     gsize         n);
double  fx_average_precision        (const double *score,
                                     const guint8 *label,
                                     gsize         n);
double  fx_brier                    (const double *score,
                                     const guint8 *label,
                                     gsize         n);

/* The rows' order by descending score (ties in row order), for the weighted forms. */
gsize  *fx_scores_order_descending  (const double *score,
                                     gsize         n);
/* Average precision of rows repeated @weight times each (a bootstrap resample),
 * given @order from fx_scores_order_descending (). */
double  fx_average_precision_weighted (const double *score,
                                       const guint8 *label,
                                       const guint  *weight,
                                       const gsize  *order,
                                       gsize         n);
double  fx_brier_weighted           (const double *score,
                                     const guint8 *label,
                                     const guint  *weight,
                                     gsize         n);

G_END_DECLS
