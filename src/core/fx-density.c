/* fx-density.c: the numbers behind the distribution plots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-density.h"

/* Samples up to this size get the exact kernel sum. */
#define KDE_DIRECT_MAX_N 5000
/* The kernel is cut where it has fallen below e^-32 of its peak. */
#define KDE_CUTOFF 8.0
/* Binning grid: a twentieth of a bandwidth, but never more than this many points. */
#define KDE_BINS_PER_BANDWIDTH 20.0
#define KDE_MAX_GRID (1u << 18)

double *
fx_density_sorted_values (const FxColumn *column,
                          gsize          *n_out)
{
  g_autofree guint32 *order = NULL;
  double *sorted;
  gsize n = 0;

  g_return_val_if_fail (column != NULL, NULL);
  g_return_val_if_fail (fx_column_type_is_numeric (column->type), NULL);
  g_return_val_if_fail (n_out != NULL, NULL);

  order = fx_sort_order (column->values, column->n_rows, &n);
  sorted = g_new (double, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    sorted[i] = column->values[order[i]];
  *n_out = n;
  return sorted;
}

/* ---- Histograms ----------------------------------------------------------------- */

static void
sample_range (const double * const *sorted_samples,
              const gsize          *sizes,
              guint                 n_samples,
              double               *lo,
              double               *hi)
{
  *lo = INFINITY;
  *hi = -INFINITY;
  for (guint s = 0; s < n_samples; s++)
    if (sizes[s] > 0)
      {
        *lo = MIN (*lo, sorted_samples[s][0]);
        *hi = MAX (*hi, sorted_samples[s][sizes[s] - 1]);
      }
}

static gboolean
all_whole (const double *x,
           gsize         n)
{
  for (gsize i = 0; i < n; i++)
    if (x[i] != floor (x[i]) || fabs (x[i]) > 1e15)
      return FALSE;
  return TRUE;
}

/* The bin width of Freedman and Diaconis, or 0 when the IQR is 0. */
static double
freedman_diaconis (const double *sorted,
                   gsize         n)
{
  double iqr = fx_quantile_sorted (sorted, n, 0.75) - fx_quantile_sorted (sorted, n, 0.25);

  return 2.0 * iqr * pow ((double) n, -1.0 / 3.0);
}

static gsize
clamp_bins (double n_bins)
{
  if (!(n_bins >= FX_HISTOGRAM_MIN_BINS))
    return FX_HISTOGRAM_MIN_BINS;
  if (n_bins > FX_HISTOGRAM_MAX_BINS)
    return FX_HISTOGRAM_MAX_BINS;
  return (gsize) n_bins;
}

/* Whole-number data: a whole number of integers per bin, edges at k - 0.5. */
static void
integer_edges (FxHistogram *h,
               double       lo,
               double       hi,
               double       fd_width)
{
  double span, width;

  lo = floor (lo);
  hi = ceil (hi);
  span = hi - lo + 1;   /* integers covered */
  width = fd_width > 0 ? MAX (1.0, round (fd_width)) : 1.0;
  if (ceil (span / width) > FX_HISTOGRAM_MAX_BINS)
    width = ceil (span / FX_HISTOGRAM_MAX_BINS);
  else if (ceil (span / width) < FX_HISTOGRAM_MIN_BINS && width > 1)
    width = MAX (1.0, floor (span / FX_HISTOGRAM_MIN_BINS));
  h->n_bins = (gsize) ceil (span / width);
  h->edges = g_new (double, h->n_bins + 1);
  for (gsize k = 0; k <= h->n_bins; k++)
    h->edges[k] = lo - 0.5 + (double) k * width;
}

/* numpy.linspace (lo, hi, n_bins + 1) */
static void
even_edges (FxHistogram *h,
            double       lo,
            double       hi,
            double       fd_width,
            gsize        n_real)
{
  double step;

  if (lo == hi)
    {
      /* as numpy.histogram does with a single value */
      lo -= 0.5;
      hi += 0.5;
    }
  if (fd_width > 0 && isfinite ((hi - lo) / fd_width))
    h->n_bins = clamp_bins (ceil ((hi - lo) / fd_width));
  else
    h->n_bins = clamp_bins (ceil (log2 ((double) n_real) + 1.0));

  h->edges = g_new (double, h->n_bins + 1);
  step = (hi - lo) / (double) h->n_bins;
  for (gsize k = 0; k < h->n_bins; k++)
    h->edges[k] = (double) k * step + lo;
  h->edges[h->n_bins] = hi;
}

/* The bin of @v as numpy.histogram finds it for even edges: from the scaled
 * position, corrected against the edges themselves; the last bin is closed. */
static gsize
bin_of (const FxHistogram *h,
        double             v,
        double             norm)
{
  double f = (v - h->edges[0]) * norm;
  gsize i;

  if (!(f > 0))
    i = 0;
  else
    i = MIN ((gsize) f, h->n_bins - 1);
  if (v < h->edges[i] && i > 0)
    i--;
  else if (v >= h->edges[i + 1] && i != h->n_bins - 1)
    i++;
  return i;
}

FxHistogram *
fx_histogram_new (const double * const *sorted_samples,
                  const gsize          *sizes,
                  guint                 n_samples)
{
  FxHistogram *h;
  double lo, hi, fd, norm;

  g_return_val_if_fail (sorted_samples != NULL && sizes != NULL, NULL);
  g_return_val_if_fail (n_samples > 0 && sizes[0] > 0, NULL);

  h = g_new0 (FxHistogram, 1);
  h->n_samples = n_samples;
  h->sizes = g_memdup2 (sizes, n_samples * sizeof (gsize));

  sample_range (sorted_samples, sizes, n_samples, &lo, &hi);
  fd = freedman_diaconis (sorted_samples[0], sizes[0]);
  h->integer = all_whole (sorted_samples[0], sizes[0]);
  if (h->integer)
    integer_edges (h, lo, hi, fd);
  else
    even_edges (h, lo, hi, fd, sizes[0]);

  h->counts = g_new0 (double, n_samples * h->n_bins);
  h->density = g_new0 (double, n_samples * h->n_bins);
  norm = (double) h->n_bins / (h->edges[h->n_bins] - h->edges[0]);
  for (guint s = 0; s < n_samples; s++)
    {
      double *counts = h->counts + s * h->n_bins;
      double *density = h->density + s * h->n_bins;

      for (gsize i = 0; i < sizes[s]; i++)
        counts[bin_of (h, sorted_samples[s][i], norm)] += 1;
      if (sizes[s] == 0)
        continue;
      for (gsize k = 0; k < h->n_bins; k++)
        density[k] = counts[k] / (double) sizes[s] / (h->edges[k + 1] - h->edges[k]);
    }
  return h;
}

void
fx_histogram_free (FxHistogram *histogram)
{
  if (histogram == NULL)
    return;
  g_free (histogram->sizes);
  g_free (histogram->edges);
  g_free (histogram->counts);
  g_free (histogram->density);
  g_free (histogram);
}

gboolean
fx_histogram_is_discrete (const FxHistogram *histogram)
{
  g_return_val_if_fail (histogram != NULL, FALSE);

  return histogram->integer && histogram->n_bins <= 20
         && histogram->edges[1] - histogram->edges[0] == 1;
}

/* ---- Kernel density estimates --------------------------------------------------- */

double
fx_silverman_bandwidth (const double *sorted,
                        gsize         n)
{
  double mean = 0, ss = 0, sd, iqr, spread;

  g_return_val_if_fail (sorted != NULL && n > 0, NAN);

  for (gsize i = 0; i < n; i++)
    mean += sorted[i];
  mean /= (double) n;
  for (gsize i = 0; i < n; i++)
    ss += (sorted[i] - mean) * (sorted[i] - mean);
  sd = n > 1 ? sqrt (ss / (double) (n - 1)) : 0;
  iqr = fx_quantile_sorted (sorted, n, 0.75) - fx_quantile_sorted (sorted, n, 0.25);

  spread = MIN (sd, iqr / 1.34);
  if (!(spread > 0))
    spread = sd;
  if (!(spread > 0))
    spread = fabs (sorted[0]);
  if (!(spread > 0))
    spread = 1;
  return 0.9 * spread * pow ((double) n, -0.2);
}

static void
kde_direct (const double *sorted,
            gsize         n,
            double        bw,
            const double *x,
            gsize         n_points,
            double       *out)
{
  double scale = 1.0 / ((double) n * bw * sqrt (2 * G_PI));
  gsize first = 0;

  /* the grid ascends, so the window of values within reach slides forward */
  for (gsize j = 0; j < n_points; j++)
    {
      double sum = 0;

      while (first < n && sorted[first] < x[j] - KDE_CUTOFF * bw)
        first++;
      for (gsize i = first; i < n && sorted[i] <= x[j] + KDE_CUTOFF * bw; i++)
        {
          double z = (x[j] - sorted[i]) / bw;

          sum += exp (-0.5 * z * z);
        }
      out[j] = sum * scale;
    }
}

/* Linear binning: each value is split between its two neighbouring grid points in
 * proportion to its distance, then the kernel sum runs over grid points. */
static void
kde_binned (const double *sorted,
            gsize         n,
            double        bw,
            const double *x,
            gsize         n_points,
            double       *out)
{
  double lo = sorted[0], hi = sorted[n - 1];
  double delta = MAX (bw / KDE_BINS_PER_BANDWIDTH, (hi - lo) / (KDE_MAX_GRID - 2));
  gsize g = (gsize) ((hi - lo) / delta) + 2;
  g_autofree double *w = g_new0 (double, g);
  double scale = 1.0 / ((double) n * bw * sqrt (2 * G_PI));

  for (gsize i = 0; i < n; i++)
    {
      double t = (sorted[i] - lo) / delta;
      gsize k = MIN ((gsize) t, g - 2);
      double f = t - (double) k;

      w[k] += 1 - f;
      w[k + 1] += f;
    }

  for (gsize j = 0; j < n_points; j++)
    {
      double first = ceil ((x[j] - KDE_CUTOFF * bw - lo) / delta);
      double last = floor ((x[j] + KDE_CUTOFF * bw - lo) / delta);
      double sum = 0;

      first = MAX (first, 0);
      last = MIN (last, (double) (g - 1));
      for (double k = first; k <= last; k++)
        {
          double z = (x[j] - (lo + k * delta)) / bw;

          sum += w[(gsize) k] * exp (-0.5 * z * z);
        }
      out[j] = sum * scale;
    }
}

FxKde *
fx_kde_new (const double * const *sorted_samples,
            const gsize          *sizes,
            guint                 n_samples,
            double                lo,
            double                hi,
            gsize                 n_points)
{
  FxKde *kde;
  double max_bw = 0;

  g_return_val_if_fail (sorted_samples != NULL && sizes != NULL, NULL);
  g_return_val_if_fail (n_samples > 0, NULL);
  g_return_val_if_fail (n_points >= 2, NULL);

  kde = g_new0 (FxKde, 1);
  kde->n_samples = n_samples;
  kde->n_points = n_points;
  kde->x = g_new (double, n_points);
  kde->density = g_new0 (double, n_samples * n_points);
  kde->bandwidths = g_new (double, n_samples);

  for (guint s = 0; s < n_samples; s++)
    {
      kde->bandwidths[s] = sizes[s] > 0 ? fx_silverman_bandwidth (sorted_samples[s], sizes[s])
                                        : NAN;
      if (sizes[s] > 0)
        max_bw = MAX (max_bw, kde->bandwidths[s]);
    }

  if (isnan (lo) || isnan (hi))
    {
      double min, max;

      sample_range (sorted_samples, sizes, n_samples, &min, &max);
      if (!isfinite (min))
        {
          min = 0;
          max = 1;
        }
      if (isnan (lo))
        lo = min - 3 * max_bw;
      if (isnan (hi))
        hi = max + 3 * max_bw;
    }
  for (gsize j = 0; j < n_points; j++)
    kde->x[j] = lo + (hi - lo) * (double) j / (double) (n_points - 1);

  for (guint s = 0; s < n_samples; s++)
    {
      double *out = kde->density + s * n_points;

      if (sizes[s] == 0)
        continue;
      if (sizes[s] <= KDE_DIRECT_MAX_N)
        kde_direct (sorted_samples[s], sizes[s], kde->bandwidths[s], kde->x, n_points, out);
      else
        kde_binned (sorted_samples[s], sizes[s], kde->bandwidths[s], kde->x, n_points, out);
    }
  return kde;
}

void
fx_kde_free (FxKde *kde)
{
  if (kde == NULL)
    return;
  g_free (kde->x);
  g_free (kde->density);
  g_free (kde->bandwidths);
  g_free (kde);
}

/* ---- Empirical distribution functions ------------------------------------------- */

/* The number of values <= @v (numpy.searchsorted (sorted, v, side="right")). */
static gsize
count_at_most (const double *sorted,
               gsize         n,
               double        v)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (sorted[mid] <= v)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
ecdf_curve (const double *sorted,
            gsize         n,
            gsize         max_points,
            FxEcdfCurve  *curve)
{
  gsize n_distinct = 0, room, k = 0;
  double dy = 0, dx = 0, last_x = -INFINITY, last_y = -INFINITY;

  for (gsize i = 0; i < n; i++)
    if (i + 1 == n || sorted[i + 1] != sorted[i])
      n_distinct++;

  room = n_distinct;
  if (max_points > 0 && n_distinct > max_points)
    {
      dy = 1.0 / (double) max_points;
      dx = (sorted[n - 1] - sorted[0]) / (double) max_points;
      /* at most max_points rises of dy and max_points moves of dx, plus the ends */
      room = MIN (n_distinct, 2 * max_points + 2);
    }

  curve->x = g_new (double, MAX (room, 1));
  curve->y = g_new (double, MAX (room, 1));
  for (gsize i = 0; i < n; i++)
    {
      double y;

      if (i + 1 < n && sorted[i + 1] == sorted[i])
        continue;
      y = (double) (i + 1) / (double) n;
      if (k == 0 || i + 1 == n || y - last_y >= dy || sorted[i] - last_x >= dx)
        {
          g_assert (k < room);
          curve->x[k] = last_x = sorted[i];
          curve->y[k] = last_y = y;
          k++;
        }
    }
  curve->n_points = k;
}

FxEcdf *
fx_ecdf_new (const double * const *sorted_samples,
             const gsize          *sizes,
             guint                 n_samples,
             gsize                 max_points)
{
  FxEcdf *ecdf;

  g_return_val_if_fail (sorted_samples != NULL && sizes != NULL, NULL);
  g_return_val_if_fail (n_samples > 0, NULL);

  ecdf = g_new0 (FxEcdf, 1);
  ecdf->n_samples = n_samples;
  ecdf->curves = g_new0 (FxEcdfCurve, n_samples);
  ecdf->marks = g_new0 (FxKsMark, n_samples);

  for (guint s = 0; s < n_samples; s++)
    {
      FxKsMark *mark = &ecdf->marks[s];
      FxKsResult ks;

      ecdf_curve (sorted_samples[s], sizes[s], max_points, &ecdf->curves[s]);

      mark->statistic = mark->pvalue = mark->location = NAN;
      mark->real_cdf = mark->synthetic_cdf = NAN;
      if (s == 0 || sizes[0] == 0 || sizes[s] == 0)
        continue;
      fx_ks_2samp_sorted (sorted_samples[0], sizes[0], sorted_samples[s], sizes[s], &ks);
      mark->statistic = ks.statistic;
      mark->pvalue = ks.pvalue;
      mark->location = ks.location;
      mark->real_cdf = (double) count_at_most (sorted_samples[0], sizes[0], ks.location)
                       / (double) sizes[0];
      mark->synthetic_cdf = (double) count_at_most (sorted_samples[s], sizes[s], ks.location)
                            / (double) sizes[s];
    }
  return ecdf;
}

void
fx_ecdf_free (FxEcdf *ecdf)
{
  if (ecdf == NULL)
    return;
  for (guint s = 0; s < ecdf->n_samples; s++)
    {
      g_free (ecdf->curves[s].x);
      g_free (ecdf->curves[s].y);
    }
  g_free (ecdf->curves);
  g_free (ecdf->marks);
  g_free (ecdf);
}

/* ---- Category shares ------------------------------------------------------------ */

typedef struct
{
  guint  index;
  double real;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->real != y->real)
    return x->real > y->real ? -1 : 1;
  return x->index < y->index ? -1 : (x->index > y->index);
}

/* Adds @values (counts in the order of @categories) to @row, a count per name. */
static void
accumulate (GHashTable *index,
            GPtrArray  *categories,
            GArray     *values,
            double     *row)
{
  for (guint k = 0; values != NULL && k < categories->len && k < values->len; k++)
    {
      gpointer slot = g_hash_table_lookup (index, g_ptr_array_index (categories, k));

      row[GPOINTER_TO_UINT (slot) - 1] += g_array_index (values, double, k);
    }
}

FxShares *
fx_shares_new (const FxFeatureComparison * const *results,
               guint                          n_results,
               guint                          max_categories)
{
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree double *counts = NULL;  /* n_samples rows of n_names */
  g_autofree guint *keep = NULL;     /* output slot + 1 of each name, 0 when pooled */
  FxShares *shares;
  guint n_samples = n_results + 1, n_names, n_out, n_pooled = 0;

  g_return_val_if_fail (results != NULL && n_results > 0, NULL);
  for (guint r = 0; r < n_results; r++)
    g_return_val_if_fail (results[r] != NULL && results[r]->categories != NULL, NULL);

  /* name -> position + 1, in order of first appearance */
  for (guint r = 0; r < n_results; r++)
    for (guint k = 0; k < results[r]->categories->len; k++)
      {
        char *name = g_ptr_array_index (results[r]->categories, k);

        if (!g_hash_table_contains (index, name))
          {
            g_ptr_array_add (names, name);
            g_hash_table_insert (index, name, GUINT_TO_POINTER (names->len));
          }
      }
  n_names = names->len;
  counts = g_new0 (double, (gsize) n_samples * MAX (n_names, 1));
  accumulate (index, results[0]->categories, results[0]->real_counts, counts);
  for (guint r = 0; r < n_results; r++)
    accumulate (index, results[r]->categories, results[r]->synthetic_counts,
                counts + (gsize) (r + 1) * n_names);

  keep = g_new0 (guint, MAX (n_names, 1));
  if (max_categories > 0 && n_names > max_categories)
    {
      g_autofree Ranked *ranked = g_new (Ranked, n_names);
      g_autofree gboolean *kept = g_new0 (gboolean, n_names);

      for (guint k = 0; k < n_names; k++)
        {
          ranked[k].index = k;
          ranked[k].real = counts[k];
        }
      qsort (ranked, n_names, sizeof (Ranked), compare_ranked);
      for (guint k = 0; k + 1 < MAX (max_categories, 2); k++)
        kept[ranked[k].index] = TRUE;
      n_out = 0;
      for (guint k = 0; k < n_names; k++)
        keep[k] = kept[k] ? ++n_out : 0;
      n_pooled = n_names - n_out;
      n_out++;
    }
  else
    {
      for (guint k = 0; k < n_names; k++)
        keep[k] = k + 1;
      n_out = n_names;
    }

  shares = g_new0 (FxShares, 1);
  shares->n_samples = n_samples;
  shares->categories = g_ptr_array_new_with_free_func (g_free);
  for (guint k = 0; k < n_names; k++)
    if (keep[k] > 0)
      g_ptr_array_add (shares->categories, g_strdup (g_ptr_array_index (names, k)));
  if (n_pooled > 0)
    g_ptr_array_add (shares->categories,
                     g_strdup_printf (ngettext ("Other (%u category)", "Other (%u categories)",
                                                n_pooled), n_pooled));

  shares->totals = g_new0 (double, n_samples);
  shares->shares = g_new0 (double, (gsize) n_samples * MAX (n_out, 1));
  for (guint s = 0; s < n_samples; s++)
    {
      double *row = shares->shares + (gsize) s * n_out;

      for (guint k = 0; k < n_names; k++)
        {
          double c = counts[(gsize) s * n_names + k];

          shares->totals[s] += c;
          row[keep[k] > 0 ? keep[k] - 1 : n_out - 1] += c;
        }
      if (shares->totals[s] > 0)
        for (guint k = 0; k < n_out; k++)
          row[k] /= shares->totals[s];
    }

  return shares;
}

void
fx_shares_free (FxShares *shares)
{
  if (shares == NULL)
    return;
  g_ptr_array_unref (shares->categories);
  g_free (shares->totals);
  g_free (shares->shares);
  g_free (shares);
}
