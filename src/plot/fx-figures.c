/* fx-figures.c: the plots of a comparison, built once for the screen and for reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fx-density.h"
#include "fx-figures.h"
#include "fx-stats.h"

#define MAX_CATEGORIES 24
#define KDE_POINTS 256
#define ECDF_POINTS 2000

static void
name_series (FxPlot            *plot,
             const FxFigureSet *sets,
             guint              n_sets)
{
  for (guint i = 0; i < n_sets; i++)
    fx_plot_set_series_name (plot, i + 1, sets[i].label);
}

static FxPlot *
category_shares (const FxFigureSet *sets,
                 guint              n_sets,
                 const char        *feature)
{
  g_autofree const FxFeatureComparison **results = g_new0 (const FxFeatureComparison *, n_sets);
  g_autoptr(FxShares) shares = NULL;
  FxPlot *plot;

  for (guint i = 0; i < n_sets; i++)
    {
      results[i] = fx_comparison_find (sets[i].comparison, feature);
      if (results[i] == NULL || results[i]->categories == NULL)
        return NULL;
    }
  shares = fx_shares_new (results, n_sets, MAX_CATEGORIES);
  plot = fx_plot_new_bars (shares);
  fx_plot_set_y_title (plot, _("Share of records"));
  return plot;
}

/* The share of the span that the samples' bulk must fill for the whole span to be
 * shown: below it, a few far values would squash the rest into a bin or two. */
#define BULK_SHARE 0.5
#define TAIL 0.01

/* Where the histogram's axis runs: from the smallest of the samples' 1st
 * percentiles to the largest of their 99th when that bulk is a small part of the
 * whole span (long tails, a stray value), else the whole span.  FALSE: the whole. */
static gboolean
bulk_range (double * const *samples,
            const gsize    *sizes,
            guint           n,
            double         *lo,
            double         *hi)
{
  double min = INFINITY, max = -INFINITY;

  *lo = INFINITY;
  *hi = -INFINITY;
  for (guint i = 0; i < n; i++)
    {
      if (sizes[i] == 0)
        continue;
      min = MIN (min, samples[i][0]);
      max = MAX (max, samples[i][sizes[i] - 1]);
      *lo = MIN (*lo, fx_quantile_sorted (samples[i], sizes[i], TAIL));
      *hi = MAX (*hi, fx_quantile_sorted (samples[i], sizes[i], 1 - TAIL));
    }
  return isfinite (min) && *hi > *lo && (*hi - *lo) < BULK_SHARE * (max - min);
}

/* The first and one past the last index of @sorted within [@lo, @hi]. */
static void
clip_sorted (const double *sorted,
             gsize         size,
             double        lo,
             double        hi,
             gsize        *first,
             gsize        *end)
{
  gsize a = 0, b = size;

  while (a < size && sorted[a] < lo)
    a++;
  while (b > a && sorted[b - 1] > hi)
    b--;
  *first = a;
  *end = b;
}

static FxPlot *
numeric_distribution (const FxTable     *real,
                      const FxFigureSet *sets,
                      guint              n_sets,
                      const char        *feature,
                      FxPlot           **ecdf_out,
                      char             **beyond)
{
  guint n = n_sets + 1;
  g_autofree double **samples = g_new0 (double *, n);
  g_autofree gsize *sizes = g_new0 (gsize, n);
  g_autofree const double **shown = g_new0 (const double *, n);
  g_autofree gsize *shown_sizes = g_new0 (gsize, n);
  const FxColumn *column = fx_table_find_column (real, feature);
  FxPlot *plot = NULL;
  double lo, hi;

  *beyond = NULL;
  if (column == NULL || !fx_column_type_is_numeric (column->type))
    return NULL;
  samples[0] = fx_density_sorted_values (column, &sizes[0]);
  for (guint i = 0; i < n_sets; i++)
    {
      const FxColumn *c = sets[i].synthetic != NULL ? fx_table_find_column (sets[i].synthetic, feature) : NULL;

      samples[i + 1] = c != NULL && fx_column_type_is_numeric (c->type)
                       ? fx_density_sorted_values (c, &sizes[i + 1]) : NULL;
    }

  /* the histogram over the bulk when far values would squash it; the distribution
   * functions keep every value, the KS distance being theirs */
  if (bulk_range (samples, sizes, n, &lo, &hi))
    {
      gsize real_beyond = 0, synthetic_beyond = 0;

      for (guint i = 0; i < n; i++)
        {
          gsize first = 0, end = 0;

          if (sizes[i] > 0)
            clip_sorted (samples[i], sizes[i], lo, hi, &first, &end);
          shown[i] = samples[i] != NULL ? samples[i] + first : NULL;
          shown_sizes[i] = end - first;
          if (i == 0)
            real_beyond = sizes[i] - shown_sizes[i];
          else
            synthetic_beyond += sizes[i] - shown_sizes[i];
        }
      *beyond = g_strdup_printf (_("%lu real, %lu synthetic off the axis"),
                                 (gulong) real_beyond, (gulong) synthetic_beyond);
    }
  else
    for (guint i = 0; i < n; i++)
      {
        shown[i] = samples[i];
        shown_sizes[i] = sizes[i];
      }

  if (shown_sizes[0] > 0)
    {
      g_autoptr(FxHistogram) histogram = fx_histogram_new (shown, shown_sizes, n);
      g_autoptr(FxKde) kde = NULL;

      if (!fx_histogram_is_discrete (histogram))
        kde = fx_kde_new (shown, shown_sizes, n, histogram->edges[0], histogram->edges[histogram->n_bins], KDE_POINTS);
      plot = fx_plot_new_histogram (histogram, kde);
      fx_plot_set_y_title (plot, _("Density"));
      if (ecdf_out != NULL)
        {
          g_autoptr(FxEcdf) ecdf = fx_ecdf_new ((const double * const *) samples, sizes, n, ECDF_POINTS);

          *ecdf_out = fx_plot_new_ecdf (ecdf);
          fx_plot_set_y_title (*ecdf_out, _("Share of records at or below"));
        }
    }
  for (guint i = 0; i < n; i++)
    g_free (samples[i]);
  return plot;
}

FxPlot *
fx_figure_distribution (const FxTable      *real,
                        const FxSchema     *schema,
                        const FxFigureSet  *sets,
                        guint               n_sets,
                        const char         *feature,
                        FxPlot            **ecdf)
{
  const FxFeatureComparison *first;
  const FxFeature *f;
  g_autofree char *x_title = NULL;
  g_autofree char *beyond = NULL;
  FxPlot *plot;

  g_return_val_if_fail (real != NULL && feature != NULL, NULL);
  g_return_val_if_fail (n_sets > 0 && sets != NULL, NULL);

  if (ecdf != NULL)
    *ecdf = NULL;
  first = fx_comparison_find (sets[0].comparison, feature);
  if (first == NULL)
    return NULL;
  f = schema != NULL ? fx_schema_find_feature (schema, feature) : NULL;
  /* an identifier's values name patients, stays or sites: their shares say nothing
   * about how alike the records are */
  if (f != NULL && f->identifier)
    return NULL;
  if (first->kind == FX_FEATURE_CATEGORICAL)
    plot = category_shares (sets, n_sets, feature);
  else
    plot = numeric_distribution (real, sets, n_sets, feature, ecdf, &beyond);
  if (plot == NULL)
    return NULL;

  x_title = fx_plot_axis_title (feature, f != NULL ? f->unit : NULL);
  if (beyond != NULL)
    {
      /* the histogram's axis says where it was cut */
      g_autofree char *cut = g_strdup_printf (_("%s · %s"), x_title, beyond);

      fx_plot_set_x_title (plot, cut);
    }
  else
    fx_plot_set_x_title (plot, x_title);
  name_series (plot, sets, n_sets);
  if (ecdf != NULL && *ecdf != NULL)
    {
      fx_plot_set_x_title (*ecdf, x_title);
      name_series (*ecdf, sets, n_sets);
    }
  return plot;
}

const FxMatrixPair *
fx_figure_matrix (const FxComparison *comparison,
                  FxFigureMatrix      which)
{
  switch (which)
    {
    case FX_FIGURE_SPEARMAN:
      return &comparison->spearman;
    case FX_FIGURE_CRAMERS_V:
      return &comparison->cramers_v;
    case FX_FIGURE_PEARSON:
    default:
      return &comparison->pearson;
    }
}

const char *
fx_figure_matrix_name (FxFigureMatrix which)
{
  switch (which)
    {
    case FX_FIGURE_SPEARMAN:
      return _("Spearman correlation");
    case FX_FIGURE_CRAMERS_V:
      return _("Cramér’s V");
    case FX_FIGURE_PEARSON:
    default:
      return _("Pearson correlation");
    }
}

/* The end of a symmetric scale that holds every finite value of @values: the
 * smallest of a few round numbers above their largest size, at least 0.05 so that
 * noise does not fill the scale, at most 2, the widest a difference of two
 * correlations can be. */
static double
difference_span (const double *values,
                 gsize         n)
{
  static const double ends[] = { 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2 };
  double largest = 0;

  for (gsize i = 0; i < n; i++)
    if (isfinite (values[i]))
      largest = MAX (largest, fabs (values[i]));
  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    if (largest <= ends[i])
      return ends[i];
  return 2;
}

void
fx_figure_difference_scale (FxPlot       *plot,
                            const double *difference,
                            gsize         n)
{
  double span = difference_span (difference, n);

  fx_plot_set_last_scale (plot, -span, span);
}

FxPlot *
fx_figure_heatmap (const FxFigureSet *set,
                   FxFigureMatrix     which)
{
  const FxMatrixPair *m = fx_figure_matrix (set->comparison, which);
  guint n_rows = m->row_names != NULL ? m->row_names->len : 0;
  guint n_columns = m->column_names != NULL ? m->column_names->len : 0;
  g_autofree double *difference = NULL;
  FxPlot *plot;

  if (n_rows == 0 || n_columns == 0)
    return NULL;
  difference = g_new (double, (gsize) n_rows * n_columns);
  for (gsize i = 0; i < (gsize) n_rows * n_columns; i++)
    difference[i] = m->synthetic[i] - m->real[i];
  plot = fx_plot_new_heatmap ((const char * const *) m->row_names->pdata, n_rows,
                              (const char * const *) m->column_names->pdata, n_columns);
  fx_plot_add_panel (plot, _("Real"), m->real);
  fx_plot_add_panel (plot, set->label, m->synthetic);
  fx_plot_add_panel (plot, _("Synthetic − real"), difference);
  /* the two matrices on the measures' own -1..1; the difference on a scale centred on
   * 0 that its largest value nearly fills, else a real difference of 0.1 looks white */
  fx_plot_set_scale (plot, -1, 1);
  fx_figure_difference_scale (plot, difference, (gsize) n_rows * n_columns);
  return plot;
}

FxPlot *
fx_figure_scores (const FxFigureSet  *set,
                  const FxComparison *holdout)
{
  FxPlot *plot = fx_plot_new_scores ();
  guint n = 0;

  fx_plot_set_title (plot, _("Distance per feature: KS D (continuous) or TVD (categorical)"));
  fx_plot_set_series_name (plot, 0, set->label);
  if (holdout != NULL)
    fx_plot_set_series_name (plot, 1, _("Holdout baseline"));
  for (guint i = 0; i < set->comparison->features->len; i++)
    {
      const FxFeatureComparison *r = g_ptr_array_index (set->comparison->features, i);
      const FxFeatureComparison *h = holdout != NULL ? fx_comparison_find (holdout, r->name) : NULL;

      if (!r->tested)
        continue;
      fx_plot_add_score (plot, r->name, fx_feature_comparison_distance (r, FX_DISTANCE_SHAPE),
                         fx_feature_comparison_distance (h, FX_DISTANCE_SHAPE));
      n++;
    }
  if (n == 0)
    g_clear_pointer (&plot, fx_plot_free);
  return plot;
}

FxPlot *
fx_figure_fidelity (const double *n_features,
                    const double *mean_ks,
                    const double *pearson,
                    const double *share_differing,
                    gsize         n)
{
  FxPlot *plot = fx_plot_new_lines ();

  fx_plot_set_title (plot, _("Fidelity against the number of features generated"));
  fx_plot_set_x_title (plot, _("Features generated (besides the target)"));
  fx_plot_set_y_title (plot, _("Distance, or share"));
  fx_plot_add_line (plot, _("Mean KS distance"), n_features, mean_ks, n);
  fx_plot_add_line (plot, _("Mean |Δ Pearson r|"), n_features, pearson, n);
  fx_plot_add_line (plot, _("Share of features that differ"), n_features, share_differing, n);
  return plot;
}
