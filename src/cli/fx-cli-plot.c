/* fx-cli-plot.c: facsimile-cli plot
 *
 * The same plots as the application's comparison, written to PNG, SVG or PDF: the
 * distribution of one feature (histogram, ECDF, category shares) in the real table
 * and one or more synthetic ones, a correlation heatmap, or a score per feature.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-cli.h"
#include "fx-cli-output.h"
#include "fx-compare.h"
#include "fx-cli-sets.h"
#include "fx-density.h"
#include "fx-figures.h"
#include "fx-plot.h"
#include "fx-schema.h"

#define DEFAULT_WIDTH  900
#define DEFAULT_HEIGHT 600
#define UNSET          G_MININT

typedef enum
{
  KIND_AUTO,
  KIND_HISTOGRAM,
  KIND_ECDF,
  KIND_BARS,
  KIND_HEATMAP,
  KIND_SCORES,
} Kind;

typedef struct
{
  const FxSchema *schema;
  FxEvaluation   *evaluation;
  FxTable        *real;
  GPtrArray      *synthetic;   /* (element-type FxTable) the sets' tables */
  GPtrArray      *names;       /* (element-type utf8) one per synthetic table */
  const char     *feature;
  guint           n_scores;
} Input;

static gboolean
parse_kind (const char *text,
            Kind       *kind)
{
  static const struct
  {
    const char *name;
    Kind        kind;
  } kinds[] = {
    { "hist", KIND_HISTOGRAM },
    { "histogram", KIND_HISTOGRAM },
    { "ecdf", KIND_ECDF },
    { "bars", KIND_BARS },
    { "heatmap", KIND_HEATMAP },
    { "scores", KIND_SCORES },
  };

  if (text == NULL)
    {
      *kind = KIND_AUTO;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (text, kinds[i].name))
      {
        *kind = kinds[i].kind;
        return TRUE;
      }
  return FALSE;
}

/* The feature's name with its unit from the schema. */
static char *
feature_title (const Input *in)
{
  const FxFeature *f = in->schema != NULL ? fx_schema_find_feature (in->schema, in->feature) : NULL;

  return fx_plot_axis_title (in->feature, f != NULL ? f->unit : NULL);
}

static void
name_series (FxPlot      *plot,
             const Input *in)
{
  if (in->names == NULL)
    return;
  for (guint i = 0; i < in->synthetic->len; i++)
    fx_plot_set_series_name (plot, i + 1, g_ptr_array_index (in->names, i));
}

/* The comparison of a synthetic table (the category counts of bars, the matrices of
 * heatmaps, the scores). */
static const FxComparison *
compare (Input *in,
         guint  index)
{
  return ((FxEvaluationSet *) g_ptr_array_index (in->evaluation->sets, index))->comparison;
}

static FxPlot *
plot_distribution (Input *in,
                   Kind   kind)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autofree gsize *sizes = g_new0 (gsize, in->synthetic->len + 1);
  g_autofree char *x_title = feature_title (in);
  const FxColumn *real = fx_table_find_column (in->real, in->feature);
  FxPlot *plot;

  if (real == NULL)
    {
      fx_cli_error (_("the real table has no column “%s”"), in->feature);
      return NULL;
    }
  if (!fx_column_type_is_numeric (real->type))
    {
      fx_cli_error (_("“%s” is categorical: plot it with --kind bars"), in->feature);
      return NULL;
    }
  g_ptr_array_add (values, fx_density_sorted_values (real, &sizes[0]));
  if (sizes[0] == 0)
    {
      fx_cli_error (_("“%s” has no values in the real table"), in->feature);
      return NULL;
    }
  for (guint i = 0; i < in->synthetic->len; i++)
    {
      const FxColumn *c = fx_table_find_column (g_ptr_array_index (in->synthetic, i), in->feature);

      if (c == NULL || !fx_column_type_is_numeric (c->type))
        {
          fx_cli_error (_("synthetic table %u has no numeric column “%s”"), i + 1, in->feature);
          return NULL;
        }
      g_ptr_array_add (values, fx_density_sorted_values (c, &sizes[i + 1]));
    }

  if (kind == KIND_ECDF)
    {
      g_autoptr(FxEcdf) ecdf = fx_ecdf_new ((const double * const *) values->pdata, sizes,
                                            values->len, 2000);

      plot = fx_plot_new_ecdf (ecdf);
    }
  else
    {
      const double * const *samples = (const double * const *) values->pdata;
      g_autoptr(FxHistogram) h = fx_histogram_new (samples, sizes, values->len);
      g_autoptr(FxKde) kde = NULL;

      if (!fx_histogram_is_discrete (h))
        kde = fx_kde_new (samples, sizes, values->len, h->edges[0], h->edges[h->n_bins], 512);
      plot = fx_plot_new_histogram (h, kde);
    }
  fx_plot_set_title (plot, in->feature);
  fx_plot_set_x_title (plot, x_title);
  name_series (plot, in);
  return plot;
}

static FxPlot *
plot_bars (Input *in)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new ();
  g_autoptr(FxShares) shares = NULL;
  FxPlot *plot;

  for (guint i = 0; i < in->synthetic->len; i++)
    {
      const FxFeatureComparison *r = fx_comparison_find (compare (in, i), in->feature);

      if (r == NULL)
        {
          fx_cli_error (_("“%s” is not a feature of both tables"), in->feature);
          return NULL;
        }
      if (r->kind != FX_FEATURE_CATEGORICAL || r->categories == NULL)
        {
          fx_cli_error (_("“%s” is numeric: plot it with --kind hist or ecdf"), in->feature);
          return NULL;
        }
      g_ptr_array_add (results, (gpointer) r);
    }

  shares = fx_shares_new ((const FxFeatureComparison * const *) results->pdata, results->len, 30);
  plot = fx_plot_new_bars (shares);
  {
    g_autofree char *x_title = feature_title (in);

    fx_plot_set_title (plot, in->feature);
    fx_plot_set_x_title (plot, x_title);
  }
  name_series (plot, in);
  return plot;
}

static FxPlot *
plot_heatmap (Input      *in,
              const char *method)
{
  const FxComparison *c = compare (in, 0);
  g_autofree double *difference = NULL;
  const FxMatrixPair *m;
  FxPlot *plot;
  gsize n;

  m = g_str_equal (method, "spearman") ? &c->spearman : &c->pearson;
  if (m->row_names->len == 0)
    {
      fx_cli_error (_("there are no numeric features to correlate"));
      return NULL;
    }

  n = (gsize) m->row_names->len * m->column_names->len;
  difference = g_new (double, n);
  for (gsize k = 0; k < n; k++)
    difference[k] = m->synthetic[k] - m->real[k];

  plot = fx_plot_new_heatmap ((const char * const *) m->row_names->pdata, m->row_names->len,
                              (const char * const *) m->column_names->pdata,
                              m->column_names->len);
  fx_plot_add_panel (plot, _("Real"), m->real);
  fx_plot_add_panel (plot, in->names != NULL ? g_ptr_array_index (in->names, 0) : _("Synthetic"),
                     m->synthetic);
  fx_plot_add_panel (plot, _("Difference"), difference);
  fx_figure_difference_scale (plot, difference, n);
  fx_plot_set_title (plot, g_str_equal (method, "spearman") ? _("Spearman correlation")
                                                            : _("Pearson correlation"));
  return plot;
}

static double
metric_of (const FxFeatureComparison *r,
           const char            *metric)
{
  if (r == NULL || !r->tested)
    return NAN;
  if (g_str_equal (metric, "ks"))
    return r->kind == FX_FEATURE_CONTINUOUS ? r->ks.statistic : NAN;
  if (g_str_equal (metric, "tvd"))
    return r->kind == FX_FEATURE_CATEGORICAL ? r->tvd : NAN;
  if (g_str_equal (metric, "js"))
    return r->js;
  return r->kl;
}

static FxPlot *
plot_scores (Input      *in,
             const char *metric)
{
  const FxComparison *c = compare (in, 0);
  FxPlot *plot = fx_plot_new_scores ();

  for (guint i = 0; i < c->features->len; i++)
    {
      const FxFeatureComparison *r = g_ptr_array_index (c->features, i);
      const FxFeatureComparison *h = c->holdout != NULL ? fx_comparison_find (c->holdout, r->name)
                                                    : NULL;
      double value = metric_of (r, metric);

      if (isnan (value))
        continue;
      fx_plot_add_score (plot, r->name, value, metric_of (h, metric));
      in->n_scores++;
    }
  if (in->n_scores == 0)
    {
      fx_cli_error (_("no feature has a value of %s"), metric);
      fx_plot_free (plot);
      return NULL;
    }

  if (g_str_equal (metric, "ks"))
    {
      fx_plot_set_title (plot, _("Kolmogorov–Smirnov distance per feature"));
      fx_plot_set_x_title (plot, _("KS D"));
    }
  else if (g_str_equal (metric, "tvd"))
    {
      fx_plot_set_title (plot, _("Total variation distance per feature"));
      fx_plot_set_x_title (plot, _("TVD"));
    }
  else if (g_str_equal (metric, "js"))
    {
      fx_plot_set_title (plot, _("Jensen–Shannon distance per feature"));
      fx_plot_set_x_title (plot, _("JS distance"));
    }
  else
    {
      fx_plot_set_title (plot, _("Kullback–Leibler divergence per feature"));
      fx_plot_set_x_title (plot, _("KL (nats)"));
    }
  if (in->names != NULL)
    fx_plot_set_series_name (plot, 0, g_ptr_array_index (in->names, 0));
  return plot;
}

/* Series names: as given, or the file names when there are several sets. */
static GPtrArray *
series_names (char **given,
              char **paths)
{
  guint n_paths = g_strv_length (paths);
  GPtrArray *names;

  if (given != NULL)
    {
      if (g_strv_length (given) != n_paths)
        {
          fx_cli_error (_("give one --name per --synthetic"));
          return NULL;
        }
      names = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; given[i] != NULL; i++)
        g_ptr_array_add (names, g_strdup (given[i]));
      return names;
    }
  if (n_paths < 2)
    return g_ptr_array_new_with_free_func (g_free);

  names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_paths; i++)
    {
      char *base = g_path_get_basename (paths[i]);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      g_ptr_array_add (names, base);
    }
  return names;
}

int
fx_cli_plot (int    argc,
             char **argv)
{
  g_autofree char *real_path = NULL;
  g_auto(GStrv) synthetic_paths = NULL;
  g_auto(GStrv) given_names = NULL;
  g_autofree char *schema_path = NULL;
  g_autofree char *feature = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *method = NULL;
  g_autofree char *metric = NULL;
  g_autofree char *title = NULL;
  g_autofree char *output = NULL;
  g_autofree char *format_text = NULL;
  gboolean dark = FALSE;
  int width = UNSET, height = UNSET;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FxEvaluationRequest) request = NULL;
  g_autoptr(FxEvaluation) evaluation = NULL;
  int status;
  g_autoptr(GPtrArray) synthetic = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(FxPlot) plot = NULL;
  g_autoptr(FxCliFiles) files = NULL;
  FxPlotFormat format;
  FxPlotStyle style;
  Input in = { 0 };
  Kind kind;
  const GOptionEntry entries[] = {
    { "real", 0, 0, G_OPTION_ARG_FILENAME, &real_path, N_("The real (reference) table"), N_("R.csv") },
    { "synthetic", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &synthetic_paths,
      N_("A synthetic table (repeat for several)"), N_("S.csv") },
    { "name", 0, 0, G_OPTION_ARG_STRING_ARRAY, &given_names,
      N_("The name of each synthetic table in the legend, in order"), N_("NAME") },
    { "schema", 0, 0, G_OPTION_ARG_FILENAME, &schema_path, N_("Types and units of the features"), N_("SCHEMA.json") },
    { "feature", 0, 0, G_OPTION_ARG_STRING, &feature, N_("The feature to plot"), N_("NAME") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text,
      N_("hist, ecdf, bars (one feature), heatmap or scores (default: hist or bars by the feature)"),
      N_("KIND") },
    { "method", 0, 0, G_OPTION_ARG_STRING, &method, N_("Heatmap: pearson (default) or spearman"), N_("METHOD") },
    { "metric", 0, 0, G_OPTION_ARG_STRING, &metric, N_("Scores: ks (default), kl, js or tvd"), N_("METRIC") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The plot's title"), N_("TEXT") },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, N_("Width in pixels (points in a PDF; default 900, 1800 for heatmaps)"), N_("N") },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, N_("Height (default 600, taller for many scores)"), N_("N") },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, N_("Light text on a dark background"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("png, svg or pdf (default: from the file name)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write (- for standard output)"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("— plot a synthetic table against a real one"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, fx_csv_limit_entries (), GETTEXT_PACKAGE);
  if (!fx_cli_parse_options (context, &argc, &argv))
    return FX_CLI_BAD_INPUT;
  if (real_path == NULL || synthetic_paths == NULL || output == NULL)
    {
      fx_cli_error (_("plot needs --real, --synthetic and -o (see --help)"));
      return FX_CLI_BAD_INPUT;
    }
  files = fx_cli_files_new ();
  fx_cli_files_input (files, real_path);
  fx_cli_files_inputs (files, (const char * const *) synthetic_paths);
  fx_cli_files_input (files, schema_path);
  fx_cli_files_output (files, output);
  if (!fx_cli_files_check (files))
    return FX_CLI_BAD_INPUT;
  if (!parse_kind (kind_text, &kind))
    {
      fx_cli_error (_("unknown kind “%s”: hist, ecdf, bars, heatmap or scores"), kind_text);
      return FX_CLI_BAD_INPUT;
    }
  if (method != NULL && !g_str_equal (method, "pearson") && !g_str_equal (method, "spearman"))
    {
      fx_cli_error (_("unknown method “%s”: pearson or spearman"), method);
      return FX_CLI_BAD_INPUT;
    }
  if (metric != NULL
      && !g_strv_contains ((const char *[]) { "ks", "kl", "js", "tvd", NULL }, metric))
    {
      fx_cli_error (_("unknown metric “%s”: ks, kl, js or tvd"), metric);
      return FX_CLI_BAD_INPUT;
    }
  if (feature == NULL && kind != KIND_HEATMAP && kind != KIND_SCORES)
    {
      fx_cli_error (_("plotting one feature needs --feature (or --kind heatmap or scores)"));
      return FX_CLI_BAD_INPUT;
    }
  if ((kind == KIND_HEATMAP || kind == KIND_SCORES) && g_strv_length (synthetic_paths) > 1)
    {
      fx_cli_error (_("heatmaps and scores compare one synthetic table"));
      return FX_CLI_BAD_INPUT;
    }
  if (format_text != NULL)
    {
      g_autofree char *dotted = g_strconcat (".", format_text, NULL);

      if (!fx_plot_format_from_path (dotted, &format))
        {
          fx_cli_error (_("unknown format “%s”: png, svg or pdf"), format_text);
          return FX_CLI_BAD_INPUT;
        }
    }
  else if (!fx_plot_format_from_path (output, &format))
    {
      fx_cli_error (_("%s: name the file .png, .svg or .pdf, or give --format"), output);
      return FX_CLI_BAD_INPUT;
    }
  names = series_names (given_names, synthetic_paths);
  if (names == NULL)
    return FX_CLI_BAD_INPUT;

  request = fx_evaluation_request_new (real_path);
  if (!fx_cli_sets_load_schema (request, schema_path))
    return FX_CLI_BAD_INPUT;
  for (guint i = 0; synthetic_paths[i] != NULL; i++)
    fx_evaluation_request_add_csv (request, synthetic_paths[i], NULL);
  /* the scores show the holdout's beside the set's */
  fx_evaluation_request_set_holdout (request, kind == KIND_SCORES ? FX_EVALUATION_HOLDOUT_FIRST
                                                                  : FX_EVALUATION_HOLDOUT_NONE, 1);
  evaluation = fx_cli_sets_evaluate (request, &status);
  if (evaluation == NULL)
    return status;
  for (guint i = 0; i < evaluation->sets->len; i++)
    g_ptr_array_add (synthetic, ((FxEvaluationSet *) g_ptr_array_index (evaluation->sets, i))->table);

  in.schema = evaluation->schema;
  in.evaluation = evaluation;
  in.real = evaluation->real;
  in.synthetic = synthetic;
  in.names = names->len > 0 ? names : NULL;
  in.feature = feature;

  if (kind == KIND_AUTO)
    {
      const FxColumn *c = fx_table_find_column (evaluation->real, feature);

      kind = c != NULL && !fx_column_type_is_numeric (c->type) ? KIND_BARS : KIND_HISTOGRAM;
    }
  switch (kind)
    {
    case KIND_HISTOGRAM:
    case KIND_ECDF:
      plot = plot_distribution (&in, kind);
      break;
    case KIND_BARS:
      plot = plot_bars (&in);
      break;
    case KIND_HEATMAP:
      plot = plot_heatmap (&in, method != NULL ? method : "pearson");
      break;
    case KIND_SCORES:
      plot = plot_scores (&in, metric != NULL ? metric : "ks");
      break;
    case KIND_AUTO:
    default:
      g_assert_not_reached ();
    }
  if (plot == NULL)
    return FX_CLI_BAD_INPUT;
  if (title != NULL)
    fx_plot_set_title (plot, title);

  if (kind == KIND_HEATMAP && width == UNSET)
    width = 3 * DEFAULT_HEIGHT;   /* three square panels side by side */
  if (width == UNSET)
    width = DEFAULT_WIDTH;
  if (height == UNSET)
    {
      height = DEFAULT_HEIGHT;
      /* a readable line per feature */
      if (kind == KIND_SCORES)
        height = MAX (height, 110 + 20 * (int) MIN (in.n_scores, 800));
    }

  fx_plot_style_init (&style, dark);
  if (!fx_plot_save (plot, output, format, width, height, &style, &error))
    {
      fx_cli_error ("%s", error->message);
      return g_error_matches (error, FX_PLOT_ERROR, FX_PLOT_ERROR_SIZE) ? FX_CLI_BAD_INPUT
                                                                         : FX_CLI_FAILED;
    }
  return FX_CLI_OK;
}
