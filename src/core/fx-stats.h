/* fx-stats.h: statistics on the non-missing values of columns
 *
 * Every function here names the reference implementation it agrees with; the test
 * suite checks it against fixtures made by that reference (tests/fixtures/).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ---- Two-sample Kolmogorov-Smirnov (fx-ks.c) ---------------------------------- */

typedef enum
{
  FX_KS_EXACT,
  FX_KS_ASYMPTOTIC,
} FxKsMethod;

typedef struct
{
  double     statistic;  /* sup |F_x - F_y| */
  double     pvalue;     /* two-sided */
  FxKsMethod method;
  double     location;   /* the value at which the statistic is attained */
  int        sign;       /* +1 when F_x - F_y is largest there, -1 when F_y - F_x */
} FxKsResult;

/* Largest sample size for which the exact distribution is used, as in SciPy. */
#define FX_KS_MAX_EXACT_N 10000

/* scipy.stats.ks_2samp (x, y, method="auto"), two-sided.  @x and @y must be sorted
 * ascending, hold no NaN, and have at least one element each. */
void    fx_ks_2samp_sorted (const double *x,
                            gsize         n,
                            const double *y,
                            gsize         m,
                            FxKsResult   *result);
/* The same for unsorted input (copies and sorts). */
void    fx_ks_2samp        (const double *x,
                            gsize         n,
                            const double *y,
                            gsize         m,
                            FxKsResult   *result);
/* scipy.stats.kstwo.sf (d, n): survival function of the one-sample two-sided
 * Kolmogorov-Smirnov statistic D_n. */
double  fx_kstwo_sf        (gint64        n,
                            double        d);
/* scipy.special.smirnov (n, d): survival function of the one-sided statistic D_n+. */
double  fx_smirnov_sf      (gint64        n,
                            double        d);

/* ---- Distances between distributions (fx-stats.c) ------------------------------- */

/* scipy.stats.wasserstein_distance (x, y) for unweighted samples; sorted input. */
double  fx_wasserstein_sorted (const double *x,
                               gsize         n,
                               const double *y,
                               gsize         m);

/* Chi-square test of homogeneity on a 2 x K table of counts (row 0 = @a, row 1 = @b).
 * Categories where both counts are zero are dropped first.  Matches
 * scipy.stats.chi2_contingency (table, correction=False); with fewer than two
 * categories the statistic is 0, dof 0 and p 1, as SciPy returns.  When one sample
 * is empty (and two or more categories remain) there is nothing to test: NaN, as
 * SciPy refuses such a table. */
typedef struct
{
  double statistic;
  int    dof;
  double pvalue;
} FxChi2Result;

void    fx_chi2_homogeneity   (const double *a,
                               const double *b,
                               gsize         k,
                               FxChi2Result *result);

/* Total variation distance 0.5 * sum |p_i - q_i| of two count vectors, each
 * normalised to proportions. */
double  fx_tvd_counts         (const double *a,
                               const double *b,
                               gsize         k);

/* Kullback-Leibler divergence KL(p || q) in nats from two count vectors, after adding
 * @pseudocount to every cell of both (additive smoothing, so that an empty bin on one
 * side is finite).  Equals scipy.stats.entropy (a + c, b + c). */
double  fx_kl_counts          (const double *a,
                               const double *b,
                               gsize         k,
                               double        pseudocount);

/* Jensen-Shannon distance (natural log) of two count vectors, no smoothing.  Equals
 * scipy.spatial.distance.jensenshannon (a, b). */
double  fx_js_distance_counts (const double *a,
                               const double *b,
                               gsize         k);

/* The binning used for KL and JS on continuous features: FX_KL_BINS bins whose edges
 * are the quantiles k/FX_KL_BINS (k = 0..FX_KL_BINS, linear interpolation as
 * numpy.quantile) of the *real* sample, duplicate edges removed.  A value v falls in
 * bin i when edge[i] <= v < edge[i+1] for the interior edges; values below the first
 * interior edge go to bin 0 and values at or above the last interior edge go to the
 * last bin, so synthetic values outside the real range are still counted.  This is
 * numpy.searchsorted (interior_edges, v, side="right").
 *
 * When the quantiles take fewer than three distinct values (a constant sample, a
 * single value, or one value holding all but a sliver of the sample), these rules
 * would give one bin and hide any difference.  Then every distinct quantile value e
 * is a bin of its own, with interior edges e and nextafter (e, +inf): below the
 * lowest, exactly e, between, and above the highest (three bins for a constant
 * sample, five for two values).
 *
 * Returns the number of bins; @edges_out (optional) receives the interior edges
 * (n_bins - 1 of them). */
#define FX_KL_BINS 20
#define FX_KL_PSEUDOCOUNT 0.5

gsize   fx_quantile_bins      (const double *real_sorted,
                               gsize         n,
                               double      **edges_out);
/* Whether fx_quantile_bins () gives the bins of single values described above. */
gboolean fx_quantile_bins_are_points (const double *real_sorted,
                                      gsize         n);
/* Leaves out the bins that neither count vector uses (both 0), keeping the order;
 * returns how many are left.  KL and JS over the bins of single values are computed
 * over the bins that are used, so that two identical constant samples are 0 apart
 * however their sizes differ (smoothing an unused bin would tell them apart). */
gsize   fx_drop_unused_bins   (double       *a,
                               double       *b,
                               gsize         k);
void    fx_bin_counts         (const double *sorted,
                               gsize         n,
                               const double *edges,
                               gsize         n_bins,
                               double       *counts);
/* numpy.quantile (sorted, q) with the default linear interpolation. */
double  fx_quantile_sorted    (const double *sorted,
                               gsize         n,
                               double        q);

/* ---- Association (fx-stats.c) -------------------------------------------------- */

/* Pearson correlation of @x and @y over the rows where neither is NaN, as
 * pandas.DataFrame.corr (method="pearson"): NaN with fewer than two pairs or zero
 * variance. */
double  fx_pearson_pairwise   (const double *x,
                               const double *y,
                               gsize         n);
/* Spearman correlation over pairwise complete rows with average ranks for ties, as
 * pandas.DataFrame.corr (method="spearman"). */
double  fx_spearman_pairwise  (const double *x,
                               const double *y,
                               gsize         n);
/* Average ranks (1-based, ties get the mean of their positions) of @n values;
 * scipy.stats.rankdata (x, method="average"). */
void    fx_rank_average       (const double *x,
                               gsize         n,
                               double       *ranks);

/* The order that sorts the non-NaN entries of @x ascending (ties by row); NaN rows are
 * left out and *@n_present tells how many remain.  Free with g_free.  Tables
 * are limited to G_MAXUINT32 rows. */
guint32 *fx_sort_order       (const double *x,
                               gsize         n,
                               gsize        *n_present);
/* fx_spearman_pairwise () from precomputed sort orders (fx_sort_order), in O(n) per
 * pair; @scratch holds 2 @n floats (ranks, exact as floats for n < 2^22). */
double  fx_spearman_ordered   (const double *x,
                               const double *y,
                               gsize         n,
                               const guint32 *order_x,
                               gsize         n_order_x,
                               const guint32 *order_y,
                               gsize         n_order_y,
                               float        *scratch);

/* Cramer's V of an r x c contingency table (row-major counts), as
 * scipy.stats.contingency.association (table, method="cramer"); rows and columns that
 * sum to zero are dropped first.  NaN when fewer than two rows or columns remain. */
double  fx_cramers_v          (const double *table,
                               gsize         rows,
                               gsize         cols);

/* Correlation ratio (eta) of a numeric variable over the groups of a categorical one:
 * sqrt (SS_between / SS_total).  @groups holds a group index per value (0..n_groups-1).
 * NaN when the total sum of squares is zero or fewer than two values are given. */
double  fx_correlation_ratio  (const double  *values,
                               const guint32 *groups,
                               gsize          n,
                               gsize          n_groups);

/* The same over full columns: rows where the value is NaN or the group is
 * G_MAXUINT32 (missing) are skipped. */
double  fx_correlation_ratio_masked (const double  *values,
                                     const guint32 *groups,
                                     gsize          n,
                                     gsize          n_groups);

/* ---- Multiple testing (fx-stats.c) --------------------------------------------- */

/* Benjamini-Hochberg adjusted p-values, as statsmodels multipletests (method="fdr_bh")
 * and R p.adjust (method="BH").  NaN entries are left NaN and not counted in m. */
void    fx_benjamini_hochberg (const double *pvalues,
                               gsize         n,
                               double       *adjusted);

G_END_DECLS
