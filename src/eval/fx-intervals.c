/* fx-intervals.c: 95 % confidence intervals of the scores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fx-intervals.h"
#include "fx-random.h"
#include "fx-scores.h"

#define Z_975 1.959963984540054

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* 1-based mid-ranks of @values among themselves */
static double *
midranks (const double *values,
          gsize         n)
{
  g_autofree double *sorted = g_memdup2 (values, MAX (n, 1) * sizeof (double));
  double *ranks = g_new (double, MAX (n, 1));

  qsort (sorted, n, sizeof (double), compare_doubles);
  for (gsize i = 0; i < n; i++)
    {
      /* the run of values equal to values[i] in the sorted copy, by bisection */
      gsize lo = 0, hi = n;

      while (lo < hi)
        {
          gsize mid = (lo + hi) / 2;

          if (sorted[mid] < values[i])
            lo = mid + 1;
          else
            hi = mid;
        }
      {
        gsize first = lo;

        hi = n;
        while (lo < hi)
          {
            gsize mid = (lo + hi) / 2;

            if (sorted[mid] <= values[i])
              lo = mid + 1;
            else
              hi = mid;
          }
        ranks[i] = ((double) first + 1 + (double) lo) / 2;
      }
    }
  return ranks;
}

static double
sample_variance (const double *v,
                 gsize         n)
{
  double mean = 0, ss = 0;

  if (n < 2)
    return NAN;
  for (gsize i = 0; i < n; i++)
    mean += v[i];
  mean /= n;
  for (gsize i = 0; i < n; i++)
    ss += (v[i] - mean) * (v[i] - mean);
  return ss / (n - 1);
}

void
fx_delong_interval (const double *score,
                    const guint8 *label,
                    gsize         n,
                    double       *auc,
                    double        ci[2])
{
  g_autofree double *pos = g_new (double, MAX (n, 1));
  g_autofree double *neg = g_new (double, MAX (n, 1));
  g_autofree double *all = NULL;
  g_autofree double *r_pos = NULL, *r_neg = NULL, *r_all = NULL;
  g_autofree double *v10 = NULL, *v01 = NULL;
  gsize m = 0, k = 0;
  double sum = 0, var;

  for (gsize i = 0; i < n; i++)
    if (label[i])
      pos[m++] = score[i];
    else
      neg[k++] = score[i];
  *auc = ci[0] = ci[1] = NAN;
  if (m == 0 || k == 0)
    return;

  all = g_new (double, m + k);
  memcpy (all, pos, m * sizeof (double));
  memcpy (all + m, neg, k * sizeof (double));
  r_pos = midranks (pos, m);
  r_neg = midranks (neg, k);
  r_all = midranks (all, m + k);
  v10 = g_new (double, m);
  v01 = g_new (double, k);
  for (gsize i = 0; i < m; i++)
    {
      /* the share of negatives below positive i, ties counting half */
      v10[i] = (r_all[i] - r_pos[i]) / k;
      sum += r_all[i];
    }
  for (gsize j = 0; j < k; j++)
    v01[j] = 1 - (r_all[m + j] - r_neg[j]) / m;
  *auc = (sum - (double) m * (m + 1) / 2) / ((double) m * k);

  var = 0;
  if (m > 1)
    var += sample_variance (v10, m) / m;
  if (k > 1)
    var += sample_variance (v01, k) / k;
  ci[0] = CLAMP (*auc - Z_975 * sqrt (var), 0, 1);
  ci[1] = CLAMP (*auc + Z_975 * sqrt (var), 0, 1);
}

double
fx_percentile_sorted (const double *values,
                      gsize         n,
                      double        q)
{
  double h = (n - 1) * q / 100;
  gsize lo = (gsize) floor (h);

  if (n == 0)
    return NAN;
  if (lo + 1 >= n)
    return values[n - 1];
  return values[lo] + (h - lo) * (values[lo + 1] - values[lo]);
}

void
fx_bootstrap_intervals (const double *score,
                        const guint8 *label,
                        gsize         n,
                        guint64       seed,
                        guint         n_resamples,
                        double        auprc_ci[2],
                        double        brier_ci[2])
{
  g_autofree gsize *order = fx_scores_order_descending (score, n);
  g_autofree gsize *pos = g_new (gsize, MAX (n, 1));
  g_autofree gsize *neg = g_new (gsize, MAX (n, 1));
  g_autofree guint *weight = g_new (guint, MAX (n, 1));
  g_autofree double *auprc = g_new (double, MAX (n_resamples, 1));
  g_autofree double *brier = g_new (double, MAX (n_resamples, 1));
  guint64 state = seed;
  gsize m = 0, k = 0;

  auprc_ci[0] = auprc_ci[1] = brier_ci[0] = brier_ci[1] = NAN;
  for (gsize i = 0; i < n; i++)
    if (label[i])
      pos[m++] = i;
    else
      neg[k++] = i;
  if (m == 0 || k == 0 || n_resamples == 0)
    return;

  /* a resample is a multiplicity per row: the scores stay sorted once for all */
  for (guint b = 0; b < n_resamples; b++)
    {
      memset (weight, 0, n * sizeof (guint));
      for (gsize i = 0; i < m; i++)
        weight[pos[fx_splitmix64_below (&state, m)]]++;
      for (gsize i = 0; i < k; i++)
        weight[neg[fx_splitmix64_below (&state, k)]]++;
      auprc[b] = fx_average_precision_weighted (score, label, weight, order, n);
      brier[b] = fx_brier_weighted (score, label, weight, n);
    }
  qsort (auprc, n_resamples, sizeof (double), compare_doubles);
  qsort (brier, n_resamples, sizeof (double), compare_doubles);
  auprc_ci[0] = fx_percentile_sorted (auprc, n_resamples, 2.5);
  auprc_ci[1] = fx_percentile_sorted (auprc, n_resamples, 97.5);
  brier_ci[0] = fx_percentile_sorted (brier, n_resamples, 2.5);
  brier_ci[1] = fx_percentile_sorted (brier, n_resamples, 97.5);
}
