/* fx-density.h: the numbers behind the distribution plots
 *
 * Histograms, kernel density estimates, empirical distribution functions and
 * category shares of a real sample (always sample 0) and one or more synthetic ones.
 * Everything here is plain computation meant to run off the main thread; the plots
 * (src/plot) only draw the result.  Each function names the NumPy/SciPy computation
 * it agrees with; tests/fixtures/density/make.py writes the reference values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fx-compare.h"
#include "fx-stats.h"
#include "fx-table.h"

G_BEGIN_DECLS

/* The present values of a numeric column, sorted ascending (free with g_free). */
double      *fx_density_sorted_values (const FxColumn       *column,
                                       gsize                *n_out);

/* ---- Histograms over common edges ---------------------------------------------- */

#define FX_HISTOGRAM_MIN_BINS 10
#define FX_HISTOGRAM_MAX_BINS 60

typedef struct
{
  guint     n_samples;
  gsize    *sizes;     /* values per sample */
  gsize     n_bins;
  double   *edges;     /* n_bins + 1, ascending, the same for every sample */
  double   *counts;    /* n_samples rows of n_bins */
  double   *density;   /* counts / (size * bin width): samples of any size compare */
  gboolean  integer;   /* the real sample holds whole numbers: edges at half-integers */
} FxHistogram;

/* Histograms of @n_samples sorted samples over one set of edges spanning all of
 * them.  The bin width is Freedman-Diaconis' 2 IQR n^(-1/3) of the real sample
 * (Sturges' rule when the IQR is 0) and the number of bins is clamped to
 * FX_HISTOGRAM_MIN_BINS..FX_HISTOGRAM_MAX_BINS; the edges are then
 * numpy.linspace (min, max, n_bins + 1) and the counts numpy.histogram (x, edges).
 * When the real sample holds whole numbers, each bin holds a whole number of
 * integers instead (edges at k - 0.5), so that no bin gets one more integer than its
 * neighbour; then there may be fewer bins than the minimum.  The real sample must not
 * be empty; synthetic ones may be. */
FxHistogram *fx_histogram_new         (const double * const *sorted_samples,
                                       const gsize          *sizes,
                                       guint                 n_samples);
void         fx_histogram_free        (FxHistogram          *histogram);
/* A few whole numbers, one per bin (a score from 3 to 15, a yes/no): a density curve
 * over them would only blur what the bars show exactly. */
gboolean     fx_histogram_is_discrete (const FxHistogram    *histogram);

/* ---- Gaussian kernel density estimates ----------------------------------------- */

/* Silverman's rule of thumb 0.9 min (sd, IQR / 1.34) n^(-1/5) (sd with n - 1, IQR
 * as numpy.percentile), falling back as R's bw.nrd0 does when that is 0: to sd, then
 * to |x_0|, then to 1. */
double       fx_silverman_bandwidth   (const double         *sorted,
                                       gsize                 n);

typedef struct
{
  guint   n_samples;
  gsize   n_points;
  double *x;           /* the evaluation grid, one for all samples */
  double *density;     /* n_samples rows of n_points; 0 for an empty sample */
  double *bandwidths;  /* per sample; NaN for an empty sample */
} FxKde;

/* Each sample's estimate with its own Silverman bandwidth, evaluated at @n_points
 * evenly spaced points from @lo to @hi (NaN for either: the smallest and largest
 * value over the samples, widened by 3 bandwidths).  Equal to
 * scipy.stats.gaussian_kde (x, bw_method=bandwidth / sd).evaluate (grid).  Small
 * samples are summed directly; large ones are first binned linearly onto a grid a
 * tenth of a bandwidth fine, which keeps 100,000 values to a few milliseconds at a
 * relative error near 1e-4. */
FxKde       *fx_kde_new               (const double * const *sorted_samples,
                                       const gsize          *sizes,
                                       guint                 n_samples,
                                       double                lo,
                                       double                hi,
                                       gsize                 n_points);
void         fx_kde_free              (FxKde                *kde);

/* ---- Empirical distribution functions ------------------------------------------ */

typedef struct
{
  gsize   n_points;
  double *x;   /* distinct values, ascending */
  double *y;   /* F (x): the share of values <= x */
} FxEcdfCurve;

/* Where the two-sample Kolmogorov-Smirnov distance of one synthetic sample to the
 * real one is attained (scipy.stats.ks_2samp's statistic_location). */
typedef struct
{
  double statistic;
  double pvalue;
  double location;
  double real_cdf;       /* F_real (location) */
  double synthetic_cdf;  /* F_synthetic (location) */
} FxKsMark;

typedef struct
{
  guint        n_samples;
  FxEcdfCurve *curves;  /* n_samples */
  FxKsMark    *marks;   /* n_samples; marks[0] (the real sample) is unused */
} FxEcdf;

/* The step points of each sample's ECDF and the KS mark of each synthetic sample.
 * A curve keeps every distinct value when there are at most @max_points of them
 * (or @max_points is 0); otherwise it keeps the first and last value and a value
 * where F has risen by 1/@max_points or x has moved by 1/@max_points of the range
 * since the last one kept (at most 2 @max_points + 2 points), so a drawn curve is
 * off by less than that. */
FxEcdf      *fx_ecdf_new              (const double * const *sorted_samples,
                                       const gsize          *sizes,
                                       guint                 n_samples,
                                       gsize                 max_points);
void         fx_ecdf_free             (FxEcdf               *ecdf);

/* ---- Category shares ------------------------------------------------------------ */

typedef struct
{
  guint      n_samples;
  GPtrArray *categories;  /* (element-type utf8) */
  double    *totals;      /* per sample */
  double    *shares;      /* n_samples rows of categories->len; a row sums to 1 */
} FxShares;

/* The shares of each category in the real sample (from @results[0]) and in the
 * synthetic sample of each of @n_results comparisons with the same real table.  The
 * categories are the union in order of first appearance.  With more than
 * @max_categories (0: no limit) the least frequent in the real sample are pooled
 * last as "Other". */
FxShares    *fx_shares_new            (const FxFeatureComparison * const *results,
                                       guint                          n_results,
                                       guint                          max_categories);
void         fx_shares_free           (FxShares             *shares);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxHistogram, fx_histogram_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxKde, fx_kde_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxEcdf, fx_ecdf_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxShares, fx_shares_free)

G_END_DECLS
