/* fx-intervals.h: 95 % confidence intervals of the scores
 *
 * AUROC: DeLong, DeLong and Clarke-Pearson (1988), computed with mid-ranks as Sun
 * and Xu (2014) do: auc +- 1.959964 * sqrt (S10 / m + S01 / n), where S10 and S01
 * are the sample variances (n - 1 in the denominator) of the positives' and the
 * negatives' placement values; the interval is clipped to [0, 1].
 *
 * AUPRC and Brier: a stratified percentile bootstrap.  Resample b (b = 0 .. B-1)
 * draws, from one SplitMix64 stream seeded with @seed, first as many positives as
 * there are, index = next () % n_pos into the positives in row order, then the
 * negatives alike; the interval is the 2.5th and 97.5th percentiles of the B
 * values with linear interpolation between order statistics (numpy.percentile's
 * default).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FX_BOOTSTRAP_RESAMPLES 1000

/* NaN bounds unless both classes occur. */
void  fx_delong_interval     (const double *score,
                              const guint8 *label,
                              gsize         n,
                              double       *auc,
                              double        ci[2]);

void  fx_bootstrap_intervals (const double *score,
                              const guint8 *label,
                              gsize         n,
                              guint64       seed,
                              guint         n_resamples,
                              double        auprc_ci[2],
                              double        brier_ci[2]);

/* numpy.percentile (values, q) for sorted @values, linear interpolation. */
double fx_percentile_sorted  (const double *values,
                              gsize         n,
                              double        q);

G_END_DECLS
