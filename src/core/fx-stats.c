/* fx-stats.c: distances, association measures and multiple-testing corrections
 *
 * Each function agrees with the reference named beside its prototype in fx-stats.h;
 * tests/fixtures/stats/ holds the values that reference produced and the script that
 * made them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "fx-stats.h"

/* Neumaier's compensated sum: sums of many small positive terms (Wasserstein,
 * sums of squares) stay accurate to a few ulps whatever the order. */
typedef struct
{
  double sum;
  double c;
} FxKahan;

static inline void
kahan_add (FxKahan *k,
           double   v)
{
  double t = k->sum + v;

  if (fabs (k->sum) >= fabs (v))
    k->c += (k->sum - t) + v;
  else
    k->c += (v - t) + k->sum;
  k->sum = t;
}

static inline double
kahan_total (const FxKahan *k)
{
  return k->sum + k->c;
}

static double
sum_counts (const double *a,
            gsize         k)
{
  FxKahan s = { 0, 0 };

  for (gsize i = 0; i < k; i++)
    kahan_add (&s, a[i]);
  return kahan_total (&s);
}

/* x * log (x / y) with the conventions of scipy.special.rel_entr */
static inline double
rel_entr (double x,
          double y)
{
  if (x > 0 && y > 0)
    return x * log (x / y);
  if (x == 0 && y >= 0)
    return 0;
  return INFINITY;
}

double
fx_wasserstein_sorted (const double *x,
                       gsize         n,
                       const double *y,
                       gsize         m)
{
  FxKahan total = { 0, 0 };
  gsize i = 0, j = 0;
  double prev;

  g_return_val_if_fail (n > 0 && m > 0, NAN);

  /* Walk the pooled values in order; between two consecutive pooled values the
   * two empirical CDFs are constant, so the area between them is |F - G| * width. */
  prev = MIN (x[0], y[0]);
  while (i < n || j < m)
    {
      double next;

      if (j >= m || (i < n && x[i] <= y[j]))
        next = x[i];
      else
        next = y[j];

      if (next > prev)
        kahan_add (&total, fabs ((double) i / n - (double) j / m) * (next - prev));

      while (i < n && x[i] == next)
        i++;
      while (j < m && y[j] == next)
        j++;
      prev = next;
    }

  return kahan_total (&total);
}

static double
chi2_statistic (const double *table,
                gsize         rows,
                gsize         cols,
                const double *row_sums,
                const double *col_sums,
                double        total)
{
  FxKahan stat = { 0, 0 };

  for (gsize r = 0; r < rows; r++)
    for (gsize c = 0; c < cols; c++)
      {
        double expected = row_sums[r] * col_sums[c] / total;
        double d = table[r * cols + c] - expected;

        kahan_add (&stat, d * d / expected);
      }

  return kahan_total (&stat);
}

/* Copies @table without its all-zero rows and columns; returns the new shape and
 * the margins. */
static double *
compact_table (const double *table,
               gsize         rows,
               gsize         cols,
               gsize        *rows_out,
               gsize        *cols_out,
               double      **row_sums_out,
               double      **col_sums_out,
               double       *total_out)
{
  g_autofree double *rs = g_new0 (double, rows);
  g_autofree double *cs = g_new0 (double, cols);
  g_autofree gsize *keep_r = g_new (gsize, rows);
  g_autofree gsize *keep_c = g_new (gsize, cols);
  gsize nr = 0, nc = 0;
  double *out;
  double total = 0;

  for (gsize r = 0; r < rows; r++)
    for (gsize c = 0; c < cols; c++)
      {
        rs[r] += table[r * cols + c];
        cs[c] += table[r * cols + c];
      }
  for (gsize r = 0; r < rows; r++)
    if (rs[r] > 0)
      keep_r[nr++] = r;
  for (gsize c = 0; c < cols; c++)
    if (cs[c] > 0)
      keep_c[nc++] = c;

  out = g_new (double, MAX (nr * nc, 1));
  *row_sums_out = g_new (double, MAX (nr, 1));
  *col_sums_out = g_new (double, MAX (nc, 1));
  for (gsize r = 0; r < nr; r++)
    {
      (*row_sums_out)[r] = rs[keep_r[r]];
      total += rs[keep_r[r]];
      for (gsize c = 0; c < nc; c++)
        out[r * nc + c] = table[keep_r[r] * cols + keep_c[c]];
    }
  for (gsize c = 0; c < nc; c++)
    (*col_sums_out)[c] = cs[keep_c[c]];

  *rows_out = nr;
  *cols_out = nc;
  *total_out = total;
  return out;
}

void
fx_chi2_homogeneity (const double *a,
                     const double *b,
                     gsize         k,
                     FxChi2Result *result)
{
  g_autofree double *table = g_new (double, 2 * MAX (k, 1));
  g_autofree double *compact = NULL;
  g_autofree double *row_sums = NULL;
  g_autofree double *col_sums = NULL;
  gsize rows, cols;
  double total;

  g_return_if_fail (result != NULL);

  memcpy (table, a, k * sizeof (double));
  memcpy (table + k, b, k * sizeof (double));
  compact = compact_table (table, 2, k, &rows, &cols, &row_sums, &col_sums, &total);

  if (cols < 2)
    {
      result->statistic = 0;
      result->dof = 0;
      result->pvalue = 1;
      return;
    }

  if (rows < 2)
    {
      /* One sample is empty: every expected count of it is zero, and SciPy refuses
       * the table.  There is nothing to test. */
      result->statistic = NAN;
      result->dof = 0;
      result->pvalue = NAN;
      return;
    }

  result->statistic = chi2_statistic (compact, rows, cols, row_sums, col_sums, total);
  result->dof = (int) (cols - 1);
  result->pvalue = gsl_cdf_chisq_Q (result->statistic, result->dof);
}

double
fx_tvd_counts (const double *a,
               const double *b,
               gsize         k)
{
  double sa = sum_counts (a, k);
  double sb = sum_counts (b, k);
  FxKahan d = { 0, 0 };

  if (sa <= 0 || sb <= 0)
    return NAN;

  for (gsize i = 0; i < k; i++)
    kahan_add (&d, fabs (a[i] / sa - b[i] / sb));

  return 0.5 * kahan_total (&d);
}

double
fx_kl_counts (const double *a,
              const double *b,
              gsize         k,
              double        pseudocount)
{
  double sa = sum_counts (a, k) + k * pseudocount;
  double sb = sum_counts (b, k) + k * pseudocount;
  FxKahan s = { 0, 0 };

  if (k == 0 || sa <= 0 || sb <= 0)
    return NAN;

  for (gsize i = 0; i < k; i++)
    kahan_add (&s, rel_entr ((a[i] + pseudocount) / sa, (b[i] + pseudocount) / sb));

  return kahan_total (&s);
}

double
fx_js_distance_counts (const double *a,
                       const double *b,
                       gsize         k)
{
  double sa = sum_counts (a, k);
  double sb = sum_counts (b, k);
  FxKahan s = { 0, 0 };
  double js;

  if (sa <= 0 || sb <= 0)
    return NAN;

  for (gsize i = 0; i < k; i++)
    {
      double p = a[i] / sa;
      double q = b[i] / sb;
      double mid = (p + q) / 2;

      kahan_add (&s, rel_entr (p, mid));
      kahan_add (&s, rel_entr (q, mid));
    }

  js = kahan_total (&s);
  return sqrt (MAX (js, 0) / 2);
}

double
fx_quantile_sorted (const double *sorted,
                    gsize         n,
                    double        q)
{
  double virtual_index, gamma, below, above, diff;
  gsize prev, next;

  g_return_val_if_fail (n > 0, NAN);

  /* numpy's "linear" method: index (n - 1) q, and its two-sided lerp, so that the
   * result is bit-for-bit what numpy.quantile gives (bin edges decide ties). */
  virtual_index = (double) (n - 1) * q;
  if (virtual_index <= 0)
    return sorted[0];
  if (virtual_index >= (double) (n - 1))
    return sorted[n - 1];

  prev = (gsize) floor (virtual_index);
  next = MIN (prev + 1, n - 1);
  gamma = virtual_index - (double) prev;
  below = sorted[prev];
  above = sorted[next];
  diff = above - below;
  if (gamma >= 0.5)
    return above - diff * (1 - gamma);
  return below + diff * gamma;
}

/* The distinct quantile edges of @real_sorted into @edges; returns how many. */
static gsize
distinct_quantile_edges (const double *real_sorted,
                         gsize         n,
                         double        edges[FX_KL_BINS + 1])
{
  gsize n_edges = 0;
  double step = 1.0 / FX_KL_BINS;

  for (guint k = 0; k <= FX_KL_BINS; k++)
    {
      /* the quantile levels of numpy.linspace (0, 1, FX_KL_BINS + 1) */
      double q = k == FX_KL_BINS ? 1.0 : k * step;
      double e = fx_quantile_sorted (real_sorted, n, q);

      if (n_edges == 0 || e != edges[n_edges - 1])
        edges[n_edges++] = e;
    }
  return n_edges;
}

gboolean
fx_quantile_bins_are_points (const double *real_sorted,
                             gsize         n)
{
  double edges[FX_KL_BINS + 1];

  g_return_val_if_fail (n > 0, FALSE);

  return distinct_quantile_edges (real_sorted, n, edges) < 3;
}

gsize
fx_drop_unused_bins (double *a,
                     double *b,
                     gsize   k)
{
  gsize kept = 0;

  for (gsize i = 0; i < k; i++)
    if (a[i] != 0 || b[i] != 0)
      {
        a[kept] = a[i];
        b[kept] = b[i];
        kept++;
      }
  return kept;
}

gsize
fx_quantile_bins (const double *real_sorted,
                  gsize         n,
                  double      **edges_out)
{
  double edges[FX_KL_BINS + 1];
  gsize n_edges;

  g_return_val_if_fail (n > 0, 0);

  n_edges = distinct_quantile_edges (real_sorted, n, edges);

  /* A constant sample (or one value holding all but a sliver of it) leaves one or two
   * distinct edges: a single bin that would hide any difference in the other sample.
   * Each distinct edge is then a bin of its own, [e, nextafter (e)), with a bin below
   * the lowest, between the two and above the highest. */
  if (n_edges < 3)
    {
      gsize n_interior = 2 * n_edges;

      if (edges_out != NULL)
        {
          *edges_out = g_new (double, n_interior);
          for (gsize i = 0; i < n_edges; i++)
            {
              (*edges_out)[2 * i] = edges[i];
              (*edges_out)[2 * i + 1] = nextafter (edges[i], INFINITY);
            }
        }
      return n_interior + 1;
    }

  /* n_edges distinct edges make n_edges - 1 bins */
  if (edges_out != NULL)
    {
      gsize n_interior = n_edges - 2;

      *edges_out = g_new (double, n_interior);
      memcpy (*edges_out, edges + 1, n_interior * sizeof (double));
    }

  return n_edges - 1;
}

void
fx_bin_counts (const double *sorted,
               gsize         n,
               const double *edges,
               gsize         n_bins,
               double       *counts)
{
  gsize bin = 0;

  memset (counts, 0, n_bins * sizeof (double));

  /* searchsorted (edges, v, side="right"): v goes past every edge <= v */
  for (gsize i = 0; i < n; i++)
    {
      while (bin < n_bins - 1 && edges[bin] <= sorted[i])
        bin++;
      counts[bin] += 1;
    }
}

static int
compare_index_by_value (const void *pa,
                        const void *pb,
                        void       *user_data)
{
  const double *x = user_data;
  gsize a = *(const gsize *) pa;
  gsize b = *(const gsize *) pb;

  if (x[a] < x[b])
    return -1;
  if (x[a] > x[b])
    return 1;
  return (a > b) - (a < b);
}

/* Average ranks of x[order[0..n)], given the order that sorts them. */
static void
ranks_from_order32 (const double  *x,
                    const guint32 *order,
                    gsize          n,
                    float         *ranks)
{
  gsize i = 0;

  while (i < n)
    {
      gsize j = i + 1;
      double r;

      while (j < n && x[order[j]] == x[order[i]])
        j++;
      r = (double) (i + 1 + j) / 2.0;
      for (gsize k = i; k < j; k++)
        ranks[order[k]] = (float) r;
      i = j;
    }
}

static void
ranks_from_order (const double *x,
                  const gsize  *order,
                  gsize         n,
                  double       *ranks)
{
  gsize i = 0;

  while (i < n)
    {
      gsize j = i + 1;
      double r;

      while (j < n && x[order[j]] == x[order[i]])
        j++;
      /* positions i..j-1 (0-based) share the mean of ranks i+1..j */
      r = (double) (i + 1 + j) / 2.0;
      for (gsize k = i; k < j; k++)
        ranks[order[k]] = r;
      i = j;
    }
}

void
fx_rank_average (const double *x,
                 gsize         n,
                 double       *ranks)
{
  g_autofree gsize *order = g_new (gsize, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) n, sizeof (gsize), compare_index_by_value, (gpointer) x);
  ranks_from_order (x, order, n, ranks);
}

double
fx_pearson_pairwise (const double *x,
                     const double *y,
                     gsize         n)
{
  double sum_x = 0, sum_y = 0, mean_x, mean_y, sxx = 0, syy = 0, sxy = 0, divisor;
  double min_x = INFINITY, max_x = -INFINITY, min_y = INFINITY, max_y = -INFINITY;
  gsize nobs = 0;

  /* Two passes over the complete pairs: the means first, then centred sums.  As
   * accurate as pandas' Welford updates, without a division per value. */
  for (gsize i = 0; i < n; i++)
    if (!isnan (x[i]) && !isnan (y[i]))
      {
        sum_x += x[i];
        sum_y += y[i];
        min_x = MIN (min_x, x[i]);
        max_x = MAX (max_x, x[i]);
        min_y = MIN (min_y, y[i]);
        max_y = MAX (max_y, y[i]);
        nobs++;
      }
  /* a constant variable has no correlation; test it exactly, since a computed mean
   * of equal values can be off in the last bit and leave a tiny variance */
  if (nobs < 2 || min_x == max_x || min_y == max_y)
    return NAN;

  mean_x = sum_x / nobs;
  mean_y = sum_y / nobs;
  for (gsize i = 0; i < n; i++)
    if (!isnan (x[i]) && !isnan (y[i]))
      {
        double dx = x[i] - mean_x;
        double dy = y[i] - mean_y;

        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
      }

  divisor = sqrt (sxx * syy);
  if (divisor == 0)
    return NAN;
  return MAX (-1.0, MIN (1.0, sxy / divisor));
}

static double
pearson_of_ranks (const double *rx,
                  const double *ry,
                  gsize         nobs)
{
  double mean = (nobs + 1) / 2.0;
  double sxy = 0, sxx = 0, syy = 0, divisor;

  for (gsize i = 0; i < nobs; i++)
    {
      double vx = rx[i] - mean;
      double vy = ry[i] - mean;

      sxy += vx * vy;
      sxx += vx * vx;
      syy += vy * vy;
    }

  divisor = sqrt (sxx * syy);
  if (divisor == 0)
    return NAN;
  return sxy / divisor;
}

double
fx_spearman_pairwise (const double *x,
                      const double *y,
                      gsize         n)
{
  g_autofree double *cx = g_new (double, MAX (n, 1));
  g_autofree double *cy = g_new (double, MAX (n, 1));
  g_autofree double *rx = g_new (double, MAX (n, 1));
  g_autofree double *ry = g_new (double, MAX (n, 1));
  gsize nobs = 0;

  for (gsize i = 0; i < n; i++)
    if (!isnan (x[i]) && !isnan (y[i]))
      {
        cx[nobs] = x[i];
        cy[nobs] = y[i];
        nobs++;
      }

  if (nobs < 2)
    return NAN;

  /* ranks are taken within the complete pairs, as pandas does */
  fx_rank_average (cx, nobs, rx);
  fx_rank_average (cy, nobs, ry);
  return pearson_of_ranks (rx, ry, nobs);
}

double
fx_spearman_ordered (const double *x,
                     const double *y,
                     gsize         n,
                     const guint32 *order_x,
                     gsize         n_order_x,
                     const guint32 *order_y,
                     gsize         n_order_y,
                     float        *scratch)
{
  float *rx = scratch;
  float *ry = scratch + n;
  g_autofree guint32 *sub = g_new (guint32, MAX (n_order_x, n_order_y) + 1);
  gsize nobs = 0, k;

  /* Average ranks are multiples of 1/2 below 2^23 here, so a float holds them
   * exactly; past that size take the slow path. */
  if (n >= (1 << 22))
    return fx_spearman_pairwise (x, y, n);

  /* Ranks within the complete pairs from the columns' own sort orders: filtering a
   * sorted order keeps it sorted, so each pair costs O(n) instead of a sort. */
  k = 0;
  for (gsize i = 0; i < n_order_x; i++)
    if (!isnan (y[order_x[i]]))
      sub[k++] = order_x[i];
  nobs = k;
  if (nobs < 2)
    return NAN;
  ranks_from_order32 (x, sub, nobs, rx);

  k = 0;
  for (gsize i = 0; i < n_order_y; i++)
    if (!isnan (x[order_y[i]]))
      sub[k++] = order_y[i];
  ranks_from_order32 (y, sub, nobs, ry);

  /* sum the rank products in row order, as pandas does */
  {
    double mean = (nobs + 1) / 2.0;
    double sxy = 0, sxx = 0, syy = 0, divisor;

    for (gsize i = 0; i < n; i++)
      if (!isnan (x[i]) && !isnan (y[i]))
        {
          double vx = rx[i] - mean;
          double vy = ry[i] - mean;

          sxy += vx * vy;
          sxx += vx * vx;
          syy += vy * vy;
        }
    divisor = sqrt (sxx * syy);
    return divisor == 0 ? NAN : sxy / divisor;
  }
}

/* Doubles as unsigned keys that sort in the same order. */
static inline guint64
sortable_key (double v)
{
  guint64 bits;

  memcpy (&bits, &v, sizeof bits);
  return (bits >> 63) ? ~bits : bits | G_GUINT64_CONSTANT (0x8000000000000000);
}

guint32 *
fx_sort_order (const double *x,
               gsize         n,
               gsize        *n_present)
{
  g_autofree guint64 *keys = NULL;
  g_autofree guint64 *keys_tmp = NULL;
  g_autofree guint32 *tmp = NULL;
  guint32 *order = g_new (guint32, MAX (n, 1));
  gsize k = 0;

  g_return_val_if_fail (n <= G_MAXUINT32, order);

  for (gsize i = 0; i < n; i++)
    if (!isnan (x[i]))
      order[k++] = (guint32) i;
  *n_present = k;
  if (k < n)
    order = g_renew (guint32, order, MAX (k, 1));
  if (k < 2)
    return order;

  /* LSD radix sort on 16-bit digits: stable, so ties stay in row order, and linear
   * in n, which matters for 100,000-row columns sorted once each. */
  keys = g_new (guint64, k);
  keys_tmp = g_new (guint64, k);
  tmp = g_new (guint32, k);
  for (gsize i = 0; i < k; i++)
    keys[i] = sortable_key (x[order[i]]);

  for (guint shift = 0; shift < 64; shift += 16)
    {
      g_autofree gsize *count = g_new0 (gsize, 65536 + 1);
      gboolean constant = TRUE;
      guint first = (keys[0] >> shift) & 0xffff;

      for (gsize i = 0; i < k; i++)
        {
          guint digit = (keys[i] >> shift) & 0xffff;

          count[digit + 1]++;
          constant &= digit == first;
        }
      if (constant)
        continue;
      for (guint d = 0; d < 65536; d++)
        count[d + 1] += count[d];
      for (gsize i = 0; i < k; i++)
        {
          guint digit = (keys[i] >> shift) & 0xffff;
          gsize pos = count[digit]++;

          keys_tmp[pos] = keys[i];
          tmp[pos] = order[i];
        }
      memcpy (keys, keys_tmp, k * sizeof (guint64));
      memcpy (order, tmp, k * sizeof (guint32));
    }

  return order;
}

double
fx_cramers_v (const double *table,
              gsize         rows,
              gsize         cols)
{
  g_autofree double *compact = NULL;
  g_autofree double *row_sums = NULL;
  g_autofree double *col_sums = NULL;
  gsize r, c;
  double total, chi2;

  compact = compact_table (table, rows, cols, &r, &c, &row_sums, &col_sums, &total);
  if (r < 2 || c < 2 || total <= 0)
    return NAN;

  chi2 = chi2_statistic (compact, r, c, row_sums, col_sums, total);
  return sqrt (chi2 / total / (double) MIN (r - 1, c - 1));
}

double
fx_correlation_ratio_masked (const double  *values,
                             const guint32 *groups,
                             gsize          n,
                             gsize          n_groups)
{
  g_autofree double *sums = g_new0 (double, MAX (n_groups, 1));
  g_autofree double *counts = g_new0 (double, MAX (n_groups, 1));
  double mean = 0, ss_total = 0, ss_between = 0, first = NAN;
  gboolean constant = TRUE;
  gsize used = 0;

  if (n_groups == 0)
    return NAN;

  for (gsize i = 0; i < n; i++)
    {
      if (isnan (values[i]) || groups[i] == G_MAXUINT32)
        continue;
      g_return_val_if_fail (groups[i] < n_groups, NAN);
      if (used == 0)
        first = values[i];
      constant &= values[i] == first;
      sums[groups[i]] += values[i];
      counts[groups[i]] += 1;
      mean += values[i];
      used++;
    }
  /* a constant variable has no association: test it exactly (see pearson) */
  if (used < 2 || constant)
    return NAN;
  mean /= used;

  for (gsize i = 0; i < n; i++)
    if (!isnan (values[i]) && groups[i] != G_MAXUINT32)
      ss_total += (values[i] - mean) * (values[i] - mean);
  for (gsize g = 0; g < n_groups; g++)
    if (counts[g] > 0)
      {
        double d = sums[g] / counts[g] - mean;

        ss_between += counts[g] * d * d;
      }

  if (ss_total <= 0)
    return NAN;
  return sqrt (MIN (ss_between / ss_total, 1.0));
}

double
fx_correlation_ratio (const double  *values,
                      const guint32 *groups,
                      gsize          n,
                      gsize          n_groups)
{
  return fx_correlation_ratio_masked (values, groups, n, n_groups);
}

void
fx_benjamini_hochberg (const double *pvalues,
                       gsize         n,
                       double       *adjusted)
{
  g_autofree gsize *order = g_new (gsize, MAX (n, 1));
  gsize m = 0;
  double running = 1.0;

  for (gsize i = 0; i < n; i++)
    {
      adjusted[i] = NAN;
      if (!isnan (pvalues[i]))
        order[m++] = i;
    }

  g_qsort_with_data (order, (gint) m, sizeof (gsize), compare_index_by_value, (gpointer) pvalues);

  /* from the largest p down: q_(i) = min_{j >= i} p_(j) m / j, capped at 1 */
  for (gsize r = m; r > 0; r--)
    {
      double q = pvalues[order[r - 1]] * (double) m / (double) r;

      running = MIN (running, q);
      adjusted[order[r - 1]] = running;
    }
}
