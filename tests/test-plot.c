/* test-plot.c: the plotting module
 *
 * Layouts are checked as numbers (ticks, rectangles of every text), renders only
 * for being there, differing when they should, and being well-formed.  With
 * FX_TEST_PLOT_DIR set, every sample plot is also written there as PNG in both
 * styles, to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <json-glib/json-glib.h>

#include "fx-compare.h"
#include "fx-csv.h"
#include "fx-figures.h"
#include "fx-plot.h"
#include "fx-plot-private.h"

/* ---- Sample data ----------------------------------------------------------------- */

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* @n sorted normal values (Box-Muller), rounded to whole numbers when asked */
static double *
normal_sample (GRand    *rand,
               gsize     n,
               double    mean,
               double    sd,
               gboolean  whole)
{
  double *x = g_new (double, n);

  for (gsize i = 0; i < n; i++)
    {
      double u = g_rand_double (rand), v = g_rand_double (rand);

      x[i] = mean + sd * sqrt (-2 * log (1 - u)) * cos (2 * G_PI * v);
      if (whole)
        x[i] = round (x[i]);
    }
  qsort (x, n, sizeof (double), compare_doubles);
  return x;
}

static FxPlot *
sample_histogram (guint64 seed,
                  double  shift)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) seed);
  g_autofree double *real = normal_sample (rand, 2520, 92, 18, TRUE);
  g_autofree double *syn = normal_sample (rand, 3000, 92 + shift, 22, TRUE);
  g_autofree double *syn2 = normal_sample (rand, 3000, 88, 15, TRUE);
  const double *samples[] = { real, syn, syn2 };
  gsize sizes[] = { 2520, 3000, 3000 };
  g_autoptr(FxHistogram) h = fx_histogram_new (samples, sizes, 3);
  g_autoptr(FxKde) kde = fx_kde_new (samples, sizes, 3, h->edges[0], h->edges[h->n_bins], 256);
  g_autofree char *x_title = fx_plot_axis_title ("heart_rate", "/min");
  FxPlot *plot = fx_plot_new_histogram (h, kde);

  fx_plot_set_title (plot, "Heart rate");
  fx_plot_set_x_title (plot, x_title);
  fx_plot_set_series_name (plot, 1, "Gaussian copula");
  fx_plot_set_series_name (plot, 2, "Model, schema only");
  return plot;
}

static FxPlot *
sample_ecdf (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autofree double *real = normal_sample (rand, 2000, 1.1, 0.5, FALSE);
  g_autofree double *syn = normal_sample (rand, 2500, 1.25, 0.6, FALSE);
  const double *samples[] = { real, syn };
  gsize sizes[] = { 2000, 2500 };
  g_autoptr(FxEcdf) ecdf = fx_ecdf_new (samples, sizes, 2, 1000);
  FxPlot *plot = fx_plot_new_ecdf (ecdf);

  fx_plot_set_title (plot, "Creatinine");
  fx_plot_set_x_title (plot, "creatinine (mg/dL)");
  return plot;
}

static FxFeatureComparison *
feature_result (const char * const *names,
                const double       *real,
                const double       *synthetic,
                guint               n)
{
  FxFeatureComparison *r = g_new0 (FxFeatureComparison, 1);

  r->categories = g_ptr_array_new_with_free_func (g_free);
  r->real_counts = g_array_new (FALSE, FALSE, sizeof (double));
  r->synthetic_counts = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (r->categories, g_strdup (names[i]));
      g_array_append_val (r->real_counts, real[i]);
      g_array_append_val (r->synthetic_counts, synthetic[i]);
    }
  return r;
}

static void
feature_result_free (FxFeatureComparison *r)
{
  g_ptr_array_unref (r->categories);
  g_array_unref (r->real_counts);
  g_array_unref (r->synthetic_counts);
  g_free (r);
}

/* @n categories; long ones when asked */
static FxPlot *
sample_bars (guint    n,
             gboolean long_names)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *real = g_new (double, n);
  g_autofree double *syn = g_new (double, n);
  FxFeatureComparison *r;
  const FxFeatureComparison *results[1];
  g_autoptr(FxShares) shares = NULL;
  FxPlot *plot;

  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (names, long_names
                              ? g_strdup_printf ("Cardiac surgery intensive care unit %u", i)
                              : g_strdup_printf ("Unit %c", 'A' + i % 26));
      real[i] = 100 + 37 * ((i * 7) % 11);
      syn[i] = 120 + 29 * ((i * 5) % 13);
    }
  r = feature_result ((const char * const *) names->pdata, real, syn, n);
  results[0] = r;
  shares = fx_shares_new (results, 1, 0);
  plot = fx_plot_new_bars (shares);
  fx_plot_set_title (plot, "Unit type");
  fx_plot_set_x_title (plot, "unit_type");
  feature_result_free (r);
  return plot;
}

static FxPlot *
sample_gender_bars (void)
{
  const char *names[] = { "Female", "Male", "Other/Unknown" };
  const double real[] = { 1008, 1480, 32 };
  const double syn[] = { 1380, 1600, 20 };
  const double syn2[] = { 1100, 1850, 50 };
  FxFeatureComparison *a = feature_result (names, real, syn, 3);
  FxFeatureComparison *b = feature_result (names, real, syn2, 3);
  const FxFeatureComparison *results[] = { a, b };
  g_autoptr(FxShares) shares = fx_shares_new (results, 2, 0);
  FxPlot *plot = fx_plot_new_bars (shares);

  fx_plot_set_title (plot, "Gender");
  fx_plot_set_x_title (plot, "gender");
  feature_result_free (a);
  feature_result_free (b);
  return plot;
}

static const char *heatmap_names[] = {
  "age", "heart_rate", "mean_bp", "respiratory_rate", "temperature", "creatinine",
};
#define N_HEAT G_N_ELEMENTS (heatmap_names)

static void
heatmap_values (double  *real,
                double  *syn,
                double  *diff)
{
  for (guint r = 0; r < N_HEAT; r++)
    for (guint c = 0; c < N_HEAT; c++)
      {
        double v = r == c ? 1 : sin (r * 1.7 + c * 1.7 + r * c) * 0.8;

        real[r * N_HEAT + c] = v;
        syn[r * N_HEAT + c] = r == c ? 1 : v * 0.7 + 0.05;
      }
  /* a feature with no variance in the synthetic table */
  for (guint k = 0; k < N_HEAT; k++)
    syn[4 * N_HEAT + k] = syn[k * N_HEAT + 4] = NAN;
  for (guint k = 0; k < N_HEAT * N_HEAT; k++)
    diff[k] = syn[k] - real[k];
}

static FxPlot *
sample_heatmap (void)
{
  double real[N_HEAT * N_HEAT], syn[N_HEAT * N_HEAT], diff[N_HEAT * N_HEAT];
  FxPlot *plot = fx_plot_new_heatmap (heatmap_names, N_HEAT, heatmap_names, N_HEAT);

  heatmap_values (real, syn, diff);
  fx_plot_add_panel (plot, "Real", real);
  fx_plot_add_panel (plot, "Synthetic", syn);
  fx_plot_add_panel (plot, "Synthetic − real", diff);
  fx_plot_set_title (plot, "Pearson correlation");
  return plot;
}

/* the difference on a scale of its own, as the comparison's figures draw it */
static FxPlot *
sample_heatmap_difference (void)
{
  FxPlot *plot = sample_heatmap ();

  fx_plot_set_last_scale (plot, -0.2, 0.2);
  return plot;
}

static FxPlot *
sample_scores (guint n)
{
  FxPlot *plot = fx_plot_new_scores ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s_%u", heatmap_names[i % N_HEAT], i);
      double value = 0.02 + fmod (i * 0.137, 0.4);

      fx_plot_add_score (plot, name, value, i % 4 == 3 ? NAN : 0.01 + fmod (i * 0.031, 0.05));
    }
  fx_plot_set_title (plot, "Distance per feature");
  fx_plot_set_x_title (plot, "Kolmogorov–Smirnov D");
  return plot;
}

static FxPlot *
sample_lines (void)
{
  const double x[] = { 5, 10, 20, 40, 80 };
  const double a[] = { 0.21, 0.15, 0.11, 0.08, 0.07 };
  const double b[] = { 0.12, 0.10, 0.085, 0.07, 0.066 };
  const double c[] = { 0.31, 0.25, 0.2, 0.18, 0.17 };
  FxPlot *plot = fx_plot_new_lines ();

  fx_plot_add_line (plot, "Gaussian copula", x, a, 5);
  fx_plot_add_line (plot, "Independent marginals", x, b, 5);
  fx_plot_add_line (plot, "Model, statistics prompt", x, c, 5);
  fx_plot_set_title (plot, "Mean KS distance by number of features");
  fx_plot_set_x_title (plot, "Features");
  fx_plot_set_y_title (plot, "Mean KS D");
  return plot;
}

typedef FxPlot *(*SampleFunc) (void);

static FxPlot *
sample_histogram_default (void)
{
  return sample_histogram (1, 6);
}

static FxPlot *
sample_many_bars (void)
{
  return sample_bars (40, TRUE);
}

static FxPlot *
sample_many_scores (void)
{
  return sample_scores (37);
}

static const struct
{
  const char *name;
  SampleFunc  make;
} samples[] = {
  { "histogram", sample_histogram_default },
  { "ecdf", sample_ecdf },
  { "bars", sample_gender_bars },
  { "bars-many", sample_many_bars },
  { "heatmap", sample_heatmap },
  { "heatmap-difference", sample_heatmap_difference },
  { "scores", sample_many_scores },
  { "lines", sample_lines },
};

/* ---- Checks ---------------------------------------------------------------------- */

static gboolean
rects_overlap (const FxPlotRect *a,
               const FxPlotRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width
         && a->y < b->y + b->height && b->y < a->y + a->height;
}

/* Every text inside the plot, none on another (cell values sit on their cells). */
static void
assert_layout_clean (const FxPlotLayout *layout,
                     const char         *what)
{
  for (guint i = 0; i < layout->labels->len; i++)
    {
      const FxPlotLabel *a = &g_array_index (layout->labels, FxPlotLabel, i);

      if (a->rect.x < -0.01 || a->rect.y < -0.01
          || a->rect.x + a->rect.width > layout->width + 0.01
          || a->rect.y + a->rect.height > layout->height + 0.01)
        g_error ("%s: “%s” (%g, %g, %g × %g) is cut off by the %g × %g plot", what, a->text,
                 a->rect.x, a->rect.y, a->rect.width, a->rect.height, layout->width,
                 layout->height);
      for (guint j = i + 1; j < layout->labels->len; j++)
        {
          const FxPlotLabel *b = &g_array_index (layout->labels, FxPlotLabel, j);

          if (rects_overlap (&a->rect, &b->rect))
            g_error ("%s: “%s” overlaps “%s”", what, a->text, b->text);
        }
      /* only cell values and the KS labels may be on the data; a heatmap's data are
       * its panels, between which a colour bar may stand */
      if (a->role != FX_PLOT_TEXT_CELL && a->role != FX_PLOT_TEXT_ANNOTATION)
        {
          if (layout->n_panels == 0 && rects_overlap (&a->rect, &layout->area))
            g_error ("%s: “%s” is on the data area", what, a->text);
          for (guint p = 0; p < layout->n_panels; p++)
            if (rects_overlap (&a->rect, &layout->panels[p]))
              g_error ("%s: “%s” is on panel %u", what, a->text, p);
        }
    }
  g_assert_cmpfloat (layout->area.x, >=, 0);
  g_assert_cmpfloat (layout->area.y, >=, 0);
  g_assert_cmpfloat (layout->area.x + layout->area.width, <=, layout->width);
  g_assert_cmpfloat (layout->area.y + layout->area.height, <=, layout->height);
}

static guint
count_role (const FxPlotLayout *layout,
            FxPlotTextRole      role)
{
  guint n = 0;

  for (guint i = 0; i < layout->labels->len; i++)
    n += g_array_index (layout->labels, FxPlotLabel, i).role == role;
  return n;
}

static GBytes *
render_png (const FxPlot *plot,
            gboolean      dark,
            int           width,
            int           height)
{
  g_autofree char *dir = g_dir_make_tmp ("fx-plot-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "plot.png", NULL);
  g_autoptr(GError) error = NULL;
  FxPlotStyle style;
  char *data;
  gsize length;

  fx_plot_style_init (&style, dark);
  g_assert_true (fx_plot_save (plot, path, FX_PLOT_FORMAT_PNG, width, height, &style, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_unlink (path);
  g_rmdir (dir);
  return g_bytes_new_take (data, length);
}

/* ---- Ticks ----------------------------------------------------------------------- */

static void
assert_ticks (double        min,
              double        max,
              guint         max_ticks,
              gboolean      cover,
              const double *expected,
              guint         n)
{
  FxPlotTicks t;

  g_assert_true (fx_plot_nice_ticks (min, max, max_ticks, cover, &t));
  if (t.n != n)
    g_error ("ticks of %g..%g (at most %u): %u of them, expected %u", min, max, max_ticks, t.n, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (t.values[i], expected[i], fabs (t.step) * 1e-9);
}

static void
test_ticks_known (void)
{
  const double unit[] = { 0, 0.2, 0.4, 0.6, 0.8, 1 };
  const double hundred[] = { 0, 20, 40, 60, 80, 100 };
  const double inside[] = { 20, 40, 60, 80 };
  const double negative[] = { -8, -7, -6, -5, -4, -3, -2, -1 };
  const double across[] = { -5, 0, 5, 10 };
  const double huge[] = { 0, 1e12, 2e12, 3e12 };
  const double tiny[] = { 1e-9, 2e-9, 3e-9, 4e-9, 5e-9 };
  FxPlotTicks t;

  assert_ticks (0, 1, 6, TRUE, unit, 6);
  assert_ticks (3.7, 97.2, 6, TRUE, hundred, 6);
  assert_ticks (3.7, 97.2, 6, FALSE, inside, 4);
  assert_ticks (-7.5, -1.2, 8, TRUE, negative, 8);
  assert_ticks (-3, 7, 6, TRUE, across, 4);
  assert_ticks (0, 3e12, 6, TRUE, huge, 4);
  assert_ticks (1e-9, 5e-9, 6, TRUE, tiny, 5);
  /* reversed bounds are the same range */
  assert_ticks (1, 0, 6, TRUE, unit, 6);

  /* the ticks are the decimal numbers themselves, not 0.6000000000000001 */
  g_assert_true (fx_plot_nice_ticks (0, 1, 6, TRUE, &t));
  g_assert_cmpfloat (t.values[3], ==, 0.6);
  g_assert_cmpfloat (t.step, ==, 0.2);

  /* a single value: ticks around it */
  for (guint k = 0; k < 3; k++)
    {
      double v = (double[]) { 5, 0, -1234.5 }[k];

      g_assert_true (fx_plot_nice_ticks (v, v, 6, TRUE, &t));
      g_assert_cmpuint (t.n, >=, 2);
      g_assert_cmpfloat (t.values[0], <=, v);
      g_assert_cmpfloat (t.values[t.n - 1], >=, v);
    }

  g_assert_false (fx_plot_nice_ticks (NAN, 1, 6, TRUE, &t));
  g_assert_false (fx_plot_nice_ticks (0, INFINITY, 6, TRUE, &t));
  g_assert_false (fx_plot_nice_ticks (-DBL_MAX, DBL_MAX, 6, TRUE, &t));
}

/* Over many ranges: evenly spaced 1-2-5 steps, never more than asked, covering or
 * inside as asked, and as many as allowed (the next finer step would be too many). */
static void
test_ticks_properties (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);

  for (guint i = 0; i < 20000; i++)
    {
      double scale = pow (10, g_rand_double_range (rand, -12, 12));
      double a = g_rand_double_range (rand, -1, 1) * scale;
      double b = a + g_rand_double_range (rand, 1e-6, 3) * scale;
      guint max_ticks = (guint) g_rand_int_range (rand, 2, 16);
      gboolean cover = g_rand_boolean (rand);
      double mantissa;
      FxPlotTicks t;

      g_assert_true (fx_plot_nice_ticks (a, b, max_ticks, cover, &t));
      if (cover && max_ticks == 2 && a < 0 && b > 0)
        g_assert_cmpuint (t.n, ==, 3);
      else
        g_assert_cmpuint (t.n, <=, max_ticks);
      mantissa = t.step / pow (10, floor (log10 (t.step) + 1e-9));
      g_assert_true (fabs (mantissa - 1) < 1e-6 || fabs (mantissa - 2) < 1e-6
                     || fabs (mantissa - 5) < 1e-6);
      for (guint k = 1; k < t.n; k++)
        g_assert_cmpfloat (fabs (t.values[k] - t.values[k - 1] - t.step), <=, t.step * 1e-6);
      if (cover)
        {
          g_assert_cmpuint (t.n, >=, 2);
          g_assert_cmpfloat (t.values[0], <=, a + t.step * 1e-6);
          g_assert_cmpfloat (t.values[t.n - 1], >=, b - t.step * 1e-6);
        }
      else
        for (guint k = 0; k < t.n; k++)
          {
            g_assert_cmpfloat (t.values[k], >=, a - t.step * 1e-6);
            g_assert_cmpfloat (t.values[k], <=, b + t.step * 1e-6);
          }
    }
}

static void
test_format_tick (void)
{
  const struct
  {
    double      value, step;
    const char *expected;
  } cases[] = {
    { 0.6000000000000001, 0.2, "0.6" },
    { 1, 0.2, "1.0" },
    { -5, 1, "−5" },
    { 0, 0.1, "0" },
    { 1e-17, 0.1, "0" },
    { 100, 20, "100" },
    { 0.05, 0.01, "0.05" },
    { 250000, 50000, "250000" },
    { 2e12, 1e12, "2×10¹²" },
    { 1e12, 1e12, "10¹²" },
    { 2.5e-7, 5e-8, "2.5×10⁻⁷" },
    { -3e-9, 1e-9, "−3×10⁻⁹" },
    { 1.5e6, 5e5, "1.5×10⁶" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = fx_plot_format_tick (cases[i].value, cases[i].step);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }

  {
    g_autofree char *with_unit = fx_plot_axis_title ("heart_rate", "/min");
    g_autofree char *without = fx_plot_axis_title ("gender", NULL);
    g_autofree char *empty = fx_plot_axis_title ("gender", "");

    g_assert_cmpstr (with_unit, ==, "heart_rate (/min)");
    g_assert_cmpstr (without, ==, "gender");
    g_assert_cmpstr (empty, ==, "gender");
  }
}

/* ---- Layout ---------------------------------------------------------------------- */

/* 40 long category names: no two labels touch, the long ones are shortened, some
 * are left out, and none is cut off. */
static void
test_layout_many_categories (void)
{
  g_autoptr(FxPlot) plot = sample_bars (40, TRUE);
  FxPlotStyle style;

  fx_plot_style_init (&style, FALSE);
  for (guint k = 0; k < 3; k++)
    {
      double width = (double[]) { 320, 640, 1200 }[k], height = (double[]) { 240, 480, 700 }[k];
      g_autoptr(FxPlotLayout) layout = fx_plot_layout_new (plot, &style, width, height);
      g_autofree char *what = g_strdup_printf ("bars at %g × %g", width, height);
      guint n_ticks = count_role (layout, FX_PLOT_TEXT_X_TICK);
      guint shortened = 0;

      assert_layout_clean (layout, what);
      g_assert_true (layout->x.categorical);
      g_assert_cmpuint (layout->x.n_ticks, ==, 40);
      g_assert_cmpuint (n_ticks, >, 0);
      g_assert_cmpuint (n_ticks, <=, 40);
      for (guint i = 0; i < layout->labels->len; i++)
        {
          const FxPlotLabel *label = &g_array_index (layout->labels, FxPlotLabel, i);

          if (label->role != FX_PLOT_TEXT_X_TICK)
            continue;
          g_assert_true (label->vertical);
          shortened += strstr (label->text, "…") != NULL;
        }
      if (k < 2)
        g_assert_cmpuint (shortened, >, 0);
      if (k == 0)
        g_assert_cmpuint (n_ticks, <, 40);
    }

  /* a few short names stay level and all present */
  {
    g_autoptr(FxPlot) few = sample_bars (5, FALSE);
    g_autoptr(FxPlotLayout) layout = fx_plot_layout_new (few, &style, 900, 600);

    assert_layout_clean (layout, "five bars");
    g_assert_cmpuint (count_role (layout, FX_PLOT_TEXT_X_TICK), ==, 5);
    for (guint i = 0; i < layout->labels->len; i++)
      {
        const FxPlotLabel *label = &g_array_index (layout->labels, FxPlotLabel, i);

        g_assert_false (label->vertical && label->role == FX_PLOT_TEXT_X_TICK);
      }
  }
}

/* Every sample plot at several sizes and both styles lays out cleanly. */
static void
test_layout_all_clean (void)
{
  const double sizes[][2] = {
    { 360, 260 }, { 640, 420 }, { 900, 600 }, { 1400, 500 }, { 500, 900 },
  };

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
      for (int dark = 0; dark <= 1; dark++)
        {
          g_autoptr(FxPlot) plot = samples[s].make ();
          g_autofree char *what = g_strdup_printf ("%s at %g × %g", samples[s].name, sizes[k][0],
                                                   sizes[k][1]);
          g_autoptr(FxPlotLayout) layout = NULL;
          FxPlotStyle style;

          fx_plot_style_init (&style, dark);
          layout = fx_plot_layout_new (plot, &style, sizes[k][0], sizes[k][1]);
          assert_layout_clean (layout, what);
          /* the data get a fair share (square heatmap cells fill one direction) */
          if (layout->area.width < sizes[k][0] * 0.3
              || (fx_plot_get_kind (plot) != FX_PLOT_HEATMAP
                  && layout->area.height < sizes[k][1] * 0.2))
            g_error ("%s: the data get only %g × %g", what, layout->area.width,
                     layout->area.height);
          if (layout->legend.width > 0)
            g_assert_cmpfloat (layout->legend.y + layout->legend.height, <=, layout->area.y);
        }
}

static void
test_layout_histogram (void)
{
  g_autoptr(FxPlot) plot = sample_histogram (1, 6);
  g_autoptr(FxPlotLayout) layout = NULL;
  FxPlotStyle style;
  guint y_labels = 0;

  fx_plot_style_init (&style, FALSE);
  layout = fx_plot_layout_new (plot, &style, 900, 600);

  /* x ticks inside the data, y from 0 to a tick at or above the highest bar */
  g_assert_false (layout->x.categorical);
  g_assert_cmpuint (layout->x.n_ticks, >=, 3);
  for (guint i = 0; i < layout->x.n_ticks; i++)
    {
      g_assert_cmpfloat (layout->x.ticks[i], >=, layout->x.lo);
      g_assert_cmpfloat (layout->x.ticks[i], <=, layout->x.hi);
    }
  g_assert_cmpfloat (layout->y.lo, ==, 0);
  g_assert_cmpfloat (layout->y.ticks[0], ==, 0);
  g_assert_cmpfloat (layout->y.ticks[layout->y.n_ticks - 1], ==, layout->y.hi);

  /* each tick label says its tick's value */
  for (guint i = 0; i < layout->labels->len; i++)
    {
      const FxPlotLabel *label = &g_array_index (layout->labels, FxPlotLabel, i);

      if (label->role == FX_PLOT_TEXT_Y_TICK)
        {
          g_autofree char *expected = fx_plot_format_tick (layout->y.ticks[label->index],
                                                           layout->y.ticks[1] - layout->y.ticks[0]);

          g_assert_cmpstr (label->text, ==, expected);
          y_labels++;
        }
      if (label->role == FX_PLOT_TEXT_TITLE)
        g_assert_cmpstr (label->text, ==, "Heart rate");
      if (label->role == FX_PLOT_TEXT_AXIS_TITLE && !label->vertical)
        g_assert_cmpstr (label->text, ==, "heart_rate (/min)");
    }
  g_assert_cmpuint (y_labels, ==, layout->y.n_ticks);
  g_assert_cmpuint (count_role (layout, FX_PLOT_TEXT_LEGEND), ==, 3);
  /* the legend is at the top right, outside the data */
  g_assert_cmpfloat (layout->legend.x + layout->legend.width, <=, layout->width);
  g_assert_cmpfloat (layout->legend.x + layout->legend.width, >,
                     layout->width - 2 * style.font_size);
  assert_layout_clean (layout, "histogram");
}

static void
test_layout_ecdf (void)
{
  g_autoptr(FxPlot) plot = sample_ecdf ();
  g_autoptr(FxPlotLayout) layout = NULL;
  FxPlotStyle style;
  gboolean found = FALSE;

  fx_plot_style_init (&style, TRUE);
  layout = fx_plot_layout_new (plot, &style, 800, 500);
  g_assert_cmpfloat (layout->y.lo, ==, 0);
  g_assert_cmpfloat (layout->y.hi, ==, 1);
  for (guint i = 0; i < layout->labels->len; i++)
    {
      const FxPlotLabel *label = &g_array_index (layout->labels, FxPlotLabel, i);

      if (label->role == FX_PLOT_TEXT_ANNOTATION)
        {
          g_assert_true (g_str_has_prefix (label->text, "D = 0."));
          g_assert_cmpint (label->index, ==, 1);
          found = TRUE;
        }
    }
  g_assert_true (found);
  assert_layout_clean (layout, "ecdf");
}

/* Nothing to show, tiny or empty sizes, a scaled context: no crash, nothing drawn
 * outside, and what there is stays clean from a modest size up. */
static void
test_layout_degenerate (void)
{
  const double one[] = { 1 }, nan_values[] = { NAN, NAN };
  g_autoptr(GPtrArray) plots = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_plot_free);
  const char *name = "only";
  FxPlot *plot;
  FxPlotStyle style;

  g_ptr_array_add (plots, fx_plot_new_scores ());
  g_ptr_array_add (plots, fx_plot_new_lines ());
  plot = fx_plot_new_lines ();
  fx_plot_add_line (plot, "one point", one, one, 1);
  fx_plot_add_line (plot, "no values", nan_values, nan_values, 2);
  g_ptr_array_add (plots, plot);
  g_ptr_array_add (plots, fx_plot_new_heatmap (NULL, 0, NULL, 0));
  plot = fx_plot_new_heatmap (&name, 1, &name, 1);
  fx_plot_add_panel (plot, NULL, nan_values);
  g_ptr_array_add (plots, plot);
  plot = fx_plot_new_scores ();
  fx_plot_add_score (plot, "untested", NAN, NAN);
  fx_plot_add_score (plot, "zero", 0, 0);
  g_ptr_array_add (plots, plot);
  g_ptr_array_add (plots, sample_histogram (4, 0));

  fx_plot_style_init (&style, FALSE);
  for (guint i = 0; i < plots->len; i++)
    for (guint k = 0; k < 4; k++)
      {
        double w = (double[]) { 0, 40, 200, 640 }[k], h = (double[]) { 0, 30, 150, 400 }[k];
        g_autoptr(FxPlotLayout) layout = fx_plot_layout_new (g_ptr_array_index (plots, i), &style,
                                                             w, h);
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1280, 800);
        cairo_t *cr = cairo_create (surface);

        /* as on a screen at twice the scale */
        cairo_scale (cr, 2, 2);
        fx_plot_draw_layout (g_ptr_array_index (plots, i), layout, cr);
        g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
        cairo_destroy (cr);
        cairo_surface_destroy (surface);
        g_assert_cmpfloat (layout->area.width, >=, 0);
        g_assert_cmpfloat (layout->area.height, >=, 0);
        if (k >= 2)
          {
            g_autofree char *what = g_strdup_printf ("degenerate plot %u at %g × %g", i, w, h);

            assert_layout_clean (layout, what);
          }
      }
}

/* Hundreds of features: the layout stays quick and shows every k-th name. */
static void
test_layout_many_scores (void)
{
  g_autoptr(FxPlot) plot = sample_scores (800);
  g_autoptr(FxPlotLayout) layout = NULL;
  FxPlotStyle style;
  gint64 start = g_get_monotonic_time ();
  guint shown;

  fx_plot_style_init (&style, FALSE);
  layout = fx_plot_layout_new (plot, &style, 900, 600);
  g_test_message ("800 scores laid out in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  shown = count_role (layout, FX_PLOT_TEXT_Y_TICK);
  g_assert_cmpuint (shown, >, 10);
  g_assert_cmpuint (shown, <, 800);
  assert_layout_clean (layout, "800 scores");
}

/* ---- Renders --------------------------------------------------------------------- */

static void
test_render_png (void)
{
  g_autoptr(FxPlot) a = sample_histogram (1, 6);
  g_autoptr(FxPlot) b = sample_histogram (2, 12);
  g_autoptr(GBytes) light = render_png (a, FALSE, 640, 400);
  g_autoptr(GBytes) again = render_png (a, FALSE, 640, 400);
  g_autoptr(GBytes) dark = render_png (a, TRUE, 640, 400);
  g_autoptr(GBytes) other = render_png (b, FALSE, 640, 400);
  gsize length;
  const guint8 *data = g_bytes_get_data (light, &length);

  g_assert_cmpuint (length, >, 2000);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  /* width and height in the IHDR chunk */
  g_assert_cmpuint (GUINT32_FROM_BE (*(const guint32 *) (const void *) (data + 16)), ==, 640);
  g_assert_cmpuint (GUINT32_FROM_BE (*(const guint32 *) (const void *) (data + 20)), ==, 400);

  g_assert_true (g_bytes_equal (light, again));
  g_assert_false (g_bytes_equal (light, dark));
  g_assert_false (g_bytes_equal (light, other));
}

typedef struct
{
  GString *title;
  GString *desc;
  guint    depth;
  guint    elements;
  gboolean in_title;
  gboolean in_desc;
  gboolean root_svg;
} SvgScan;

static void
svg_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              data,
           GError              **error)
{
  SvgScan *scan = data;

  if (scan->depth == 0)
    scan->root_svg = g_str_equal (element, "svg");
  scan->in_title = scan->depth == 1 && g_str_equal (element, "title");
  scan->in_desc = scan->depth == 1 && g_str_equal (element, "desc");
  scan->depth++;
  scan->elements++;
}

static void
svg_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              data,
         GError              **error)
{
  SvgScan *scan = data;

  scan->depth--;
  scan->in_title = scan->in_desc = FALSE;
}

static void
svg_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 length,
          gpointer              data,
          GError              **error)
{
  SvgScan *scan = data;

  if (scan->in_title)
    g_string_append_len (scan->title, text, length);
  if (scan->in_desc)
    g_string_append_len (scan->desc, text, length);
}

static void
test_render_svg_pdf (void)
{
  g_autoptr(FxPlot) plot = sample_heatmap ();
  g_autofree char *dir = g_dir_make_tmp ("fx-plot-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "heatmap.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "heatmap.PDF", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *pdf_contents = NULL;
  const GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  GMarkupParseContext *context;
  SvgScan scan = { g_string_new (NULL), g_string_new (NULL), 0, 0, FALSE, FALSE, FALSE };
  FxPlotFormat format;
  FxPlotStyle style;
  gsize length;

  fx_plot_style_init (&style, FALSE);
  g_assert_true (fx_plot_format_from_path (svg, &format));
  g_assert_cmpint (format, ==, FX_PLOT_FORMAT_SVG);
  g_assert_true (fx_plot_save (plot, svg, format, 900, 420, &style, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &contents, &length, NULL));

  /* well-formed XML with an <svg> root whose <title> is the plot's title */
  context = g_markup_parse_context_new (&parser, 0, &scan, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, length, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (context);
  g_assert_true (scan.root_svg);
  g_assert_cmpuint (scan.elements, >, 100);
  g_assert_cmpstr (scan.title->str, ==, "Pearson correlation");
  g_assert_nonnull (strstr (scan.desc->str, "Synthetic − real"));
  g_string_free (scan.title, TRUE);
  g_string_free (scan.desc, TRUE);

  g_assert_true (fx_plot_format_from_path (pdf, &format));
  g_assert_cmpint (format, ==, FX_PLOT_FORMAT_PDF);
  g_assert_true (fx_plot_save (plot, pdf, format, 900, 420, &style, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &pdf_contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (pdf_contents, "%PDF-"));

  g_assert_false (fx_plot_format_from_path ("plot.jpeg", &format));
  g_unlink (svg);
  g_unlink (pdf);
  g_rmdir (dir);
}

static void
test_render_all_kinds (void)
{
  const char *keep = g_getenv ("FX_TEST_PLOT_DIR");

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autoptr(FxPlot) plot = samples[s].make ();
      g_autoptr(GBytes) light = render_png (plot, FALSE, 900, 600);
      g_autoptr(GBytes) dark = render_png (plot, TRUE, 900, 600);

      g_assert_cmpuint (g_bytes_get_size (light), >, 2000);
      g_assert_false (g_bytes_equal (light, dark));
      if (keep != NULL)
        for (int d = 0; d <= 1; d++)
          {
            g_autofree char *name = g_strdup_printf ("%s-%s.png", samples[s].name,
                                                     d ? "dark" : "light");
            g_autofree char *path = g_build_filename (keep, name, NULL);
            g_autoptr(GError) error = NULL;
            GBytes *bytes = d ? dark : light;

            g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 &error);
            g_assert_no_error (error);
          }
    }
}

/* The shared colour bar stands between the matrices and the difference, the
 * difference's own bar after it, each labelled with its scale's ends and 0 at its
 * middle. */
static void
test_layout_heatmap_difference (void)
{
  g_autoptr(FxPlot) plot = sample_heatmap_difference ();
  g_autoptr(FxPlotLayout) layout = NULL;
  FxPlotStyle style;
  const FxPlotRect *bars[2];
  const double ends[2] = { 1, 0.2 };

  fx_plot_style_init (&style, FALSE);
  layout = fx_plot_layout_new (plot, &style, 1000, 420);
  assert_layout_clean (layout, "heatmap with a difference scale");
  g_assert_cmpuint (layout->n_panels, ==, 3);
  bars[0] = &layout->scale_bar;
  bars[1] = &layout->last_bar;
  g_assert_cmpfloat (bars[0]->width, >, 0);
  g_assert_cmpfloat (bars[1]->width, >, 0);
  g_assert_cmpfloat (bars[0]->x, >=, layout->panels[1].x + layout->panels[1].width);
  g_assert_cmpfloat (bars[0]->x + bars[0]->width, <=, layout->panels[2].x);
  g_assert_cmpfloat (bars[1]->x, >=, layout->panels[2].x + layout->panels[2].width);
  g_assert_cmpfloat (bars[1]->x + bars[1]->width, <=, layout->width);

  for (guint b = 0; b < 2; b++)
    {
      gboolean low = FALSE, zero = FALSE, high = FALSE;

      for (guint i = 0; i < layout->labels->len; i++)
        {
          const FxPlotLabel *label = &g_array_index (layout->labels, FxPlotLabel, i);
          double mid = label->rect.y + label->rect.height / 2;

          if (label->role != FX_PLOT_TEXT_SCALE_TICK || label->rect.x < bars[b]->x + bars[b]->width
              || (b == 0 && label->rect.x > layout->panels[2].x))
            continue;
          {
            g_autofree char *ascii = g_strdup (label->text);
            double value;

            if (g_str_has_prefix (label->text, "−"))
              {
                g_free (ascii);
                ascii = g_strconcat ("-", label->text + strlen ("−"), NULL);
              }
            value = g_ascii_strtod (ascii, NULL);
            if (value == -ends[b])
              low = fabs (mid - (bars[b]->y + bars[b]->height)) < 1;
            else if (value == 0)
              zero = fabs (mid - (bars[b]->y + bars[b]->height / 2)) < 1;
            else if (value == ends[b])
              high = fabs (mid - bars[b]->y) < 1;
          }
        }
      g_assert_true (low);
      g_assert_true (zero);
      g_assert_true (high);
    }
}

/* ---- Figures ----------------------------------------------------------------------- */

/* A feature of 40 levels is drawn as its 23 levels most frequent in the real table and
 * a labelled bar for the rest, counted as pandas' value_counts counts them
 * (tests/fixtures/plot/make.py). */
static void
test_figure_many_levels (void)
{
  g_autofree char *real_path = g_test_build_filename (G_TEST_DIST, "fixtures", "plot", "many-levels-real.csv", NULL);
  g_autofree char *synthetic_path = g_test_build_filename (G_TEST_DIST, "fixtures", "plot",
                                                           "many-levels-synthetic.csv", NULL);
  g_autofree char *expected_path = g_test_build_filename (G_TEST_DIST, "fixtures", "plot", "many-levels.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FxTable) real = fx_csv_read_file (real_path, NULL, &error);
  g_autoptr(FxTable) synthetic = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  FxCompareOptions options = { 0 };
  FxComparison *comparison;
  FxFigureSet set;
  FxPlot *plot;
  JsonObject *expected;
  JsonArray *kept, *shares;
  guint n;

  g_assert_no_error (error);
  synthetic = fx_csv_read_file (synthetic_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_file (parser, expected_path, &error));
  g_assert_no_error (error);
  expected = json_node_get_object (json_parser_get_root (parser));
  kept = json_object_get_array_member (expected, "kept");
  shares = json_object_get_array_member (expected, "shares");

  comparison = fx_compare_tables (real, synthetic, &options, &error);
  g_assert_no_error (error);
  set = (FxFigureSet) { "Synthetic", comparison, synthetic };
  plot = fx_figure_distribution (real, NULL, &set, 1, "ward", NULL);
  g_assert_nonnull (plot);
  g_assert_cmpint (fx_plot_get_kind (plot), ==, FX_PLOT_BARS);
  n = plot->categories->len;
  g_assert_cmpuint (n, ==, json_array_get_length (kept) + 1);
  /* the pooled bar comes last and says how many levels it holds */
  g_assert_cmpstr (g_ptr_array_index (plot->categories, n - 1), ==,
                   json_object_get_string_member (expected, "other"));
  for (guint k = 0; k + 1 < n; k++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < json_array_get_length (kept); j++)
        found = found || g_str_equal (json_array_get_string_element (kept, j),
                                      g_ptr_array_index (plot->categories, k));
      if (!found)
        g_error ("%s is drawn but is not among the most frequent levels", (char *) g_ptr_array_index (plot->categories, k));
    }
  /* each series' share of each bar, real first */
  for (guint series = 0; series < 2; series++)
    {
      JsonObject *want = json_array_get_object_element (shares, series);

      for (guint k = 0; k < n; k++)
        g_assert_cmpfloat_with_epsilon (plot->shares[series * n + k],
                                        json_object_get_double_member (want, g_ptr_array_index (plot->categories, k)),
                                        1e-12);
    }
  fx_plot_free (plot);
  fx_comparison_free (comparison);
}

/* ---- Hover ----------------------------------------------------------------------- */

static void
test_hit_heatmap (void)
{
  g_autoptr(FxPlot) plot = sample_heatmap ();
  g_autoptr(FxPlotLayout) layout = NULL;
  double real[N_HEAT * N_HEAT], syn[N_HEAT * N_HEAT], diff[N_HEAT * N_HEAT];
  const double *panels[] = { real, syn, diff };
  FxPlotStyle style;
  FxPlotHit hit;

  heatmap_values (real, syn, diff);
  fx_plot_style_init (&style, FALSE);
  layout = fx_plot_layout_new (plot, &style, 1000, 420);
  g_assert_cmpuint (layout->n_panels, ==, 3);
  for (guint p = 0; p < 3; p++)
    {
      const FxPlotRect *r = &layout->panels[p];
      double cell = r->width / N_HEAT;

      g_assert_cmpfloat_with_epsilon (r->height, cell * N_HEAT, 1e-9);
      for (guint row = 0; row < N_HEAT; row++)
        for (guint col = 0; col < N_HEAT; col++)
          {
            double x = r->x + (col + 0.5) * cell, y = r->y + (row + 0.5) * cell;
            double expected = panels[p][row * N_HEAT + col];

            g_assert_true (fx_plot_hit_test (plot, layout, x, y, &hit));
            g_assert_cmpuint (hit.panel, ==, p);
            g_assert_cmpuint (hit.row, ==, row);
            g_assert_cmpuint (hit.column, ==, col);
            g_assert_cmpstr (hit.row_name, ==, heatmap_names[row]);
            g_assert_cmpstr (hit.column_name, ==, heatmap_names[col]);
            if (isnan (expected))
              g_assert_true (isnan (hit.value));
            else
              g_assert_cmpfloat (hit.value, ==, expected);
          }
      /* just inside the last cell and just outside the panel */
      g_assert_true (fx_plot_hit_test (plot, layout, r->x + r->width - 0.01,
                                       r->y + r->height - 0.01, &hit));
      g_assert_cmpuint (hit.row, ==, N_HEAT - 1);
      g_assert_cmpuint (hit.column, ==, N_HEAT - 1);
      g_assert_false (fx_plot_hit_test (plot, layout, r->x - 0.5, r->y + 1, &hit));
      g_assert_false (fx_plot_hit_test (plot, layout, r->x + 1, r->y + r->height + 0.5, &hit));
    }
  g_assert_false (fx_plot_hit_test (plot, layout, 1, 1, &hit));
}

static void
test_hit_bars_scores (void)
{
  g_autoptr(FxPlot) bars = sample_gender_bars ();
  g_autoptr(FxPlot) scores = sample_scores (6);
  g_autoptr(FxPlotLayout) bl = NULL;
  g_autoptr(FxPlotLayout) sl = NULL;
  FxPlotStyle style;
  FxPlotHit hit;
  double slot;

  fx_plot_style_init (&style, FALSE);
  bl = fx_plot_layout_new (bars, &style, 800, 500);
  slot = bl->area.width / 3;
  /* the middle of "Male": the second of three bars is the first synthetic set */
  g_assert_true (fx_plot_hit_test (bars, bl, bl->area.x + 1.5 * slot, bl->area.y + 5, &hit));
  g_assert_cmpuint (hit.row, ==, 1);
  g_assert_cmpuint (hit.column, ==, 1);
  g_assert_cmpstr (hit.row_name, ==, "Male");
  g_assert_cmpfloat_with_epsilon (hit.value, 1600.0 / 3000, 1e-12);
  g_assert_false (fx_plot_hit_test (bars, bl, bl->area.x + 0.02 * slot, bl->area.y + 5, &hit));

  sl = fx_plot_layout_new (scores, &style, 800, 500);
  g_assert_true (fx_plot_hit_test (scores, sl, sl->area.x + 2, sl->area.y + 1, &hit));
  g_assert_cmpuint (hit.row, ==, 0);
  /* the first is the largest */
  for (guint i = 0; i < 6; i++)
    {
      FxPlotHit other;
      double y = sl->area.y + (i + 0.5) * sl->area.height / 6;

      g_assert_true (fx_plot_hit_test (scores, sl, sl->area.x + 2, y, &other));
      g_assert_cmpuint (other.row, ==, i);
      g_assert_cmpfloat (other.value, <=, hit.value);
    }
}

/* ---- Files ----------------------------------------------------------------------- */

static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_save_errors (void)
{
  g_autoptr(FxPlot) plot = sample_lines ();
  g_autofree char *dir = g_dir_make_tmp ("fx-plot-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "plot.png", NULL);
  g_autofree char *locked_dir = g_build_filename (dir, "locked", NULL);
  g_autofree char *locked = g_build_filename (locked_dir, "plot.svg", NULL);
  g_autofree char *fine = g_build_filename (dir, "plot.pdf", NULL);
  FxPlotStyle style;

  fx_plot_style_init (&style, FALSE);

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (fx_plot_save (plot, missing, FX_PLOT_FORMAT_PNG, 640, 400, &style, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "plot.png"));
    g_assert_cmpuint (count_entries (dir), ==, 0);
  }

  g_assert_cmpint (g_mkdir (locked_dir, 0500), ==, 0);
  if (access (locked_dir, W_OK) == 0)
    g_test_message ("a read-only directory is writable here (running as root?): not checked");
  else
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (fx_plot_save (plot, locked, FX_PLOT_FORMAT_SVG, 640, 400, &style, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_assert_cmpuint (count_entries (locked_dir), ==, 0);
    }
  g_chmod (locked_dir, 0700);

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (fx_plot_save (plot, fine, FX_PLOT_FORMAT_PDF, 0, 400, &style, &error));
    g_assert_error (error, FX_PLOT_ERROR, FX_PLOT_ERROR_SIZE);
    g_assert_false (g_file_test (fine, G_FILE_TEST_EXISTS));
  }

  /* saving over a directory fails and leaves it alone */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (fx_plot_save (plot, locked_dir, FX_PLOT_FORMAT_PNG, 64, 64, &style, &error));
    g_assert_nonnull (error);
    g_assert_true (g_file_test (locked_dir, G_FILE_TEST_IS_DIR));
    g_assert_cmpuint (count_entries (dir), ==, 1);
  }

  g_rmdir (locked_dir);
  g_rmdir (dir);
}

/* ---- Style and description ------------------------------------------------------- */

static double
luminance (const FxPlotColor *c)
{
  return 0.2126 * c->red + 0.7152 * c->green + 0.0722 * c->blue;
}

static void
test_diverging (void)
{
  for (int dark = 0; dark <= 1; dark++)
    {
      FxPlotStyle style;
      FxPlotColor neg, mid, pos, previous;

      fx_plot_style_init (&style, dark);
      fx_plot_style_diverging (&style, -1, &neg);
      fx_plot_style_diverging (&style, 0, &mid);
      fx_plot_style_diverging (&style, 1, &pos);
      /* blue at one end, red at the other */
      g_assert_cmpfloat (neg.blue, >, neg.red);
      g_assert_cmpfloat (pos.red, >, pos.blue);
      /* the middle is the quiet end: near white on light, near the page on dark */
      if (dark)
        g_assert_cmpfloat (luminance (&mid), <, 0.3);
      else
        g_assert_cmpfloat (luminance (&mid), >, 0.85);

      /* |t| always moves away from the middle's lightness */
      fx_plot_style_diverging (&style, 0, &previous);
      for (double t = 0.05; t <= 1.0001; t += 0.05)
        for (int sign = -1; sign <= 1; sign += 2)
          {
            FxPlotColor c, before;

            fx_plot_style_diverging (&style, sign * t, &c);
            fx_plot_style_diverging (&style, sign * (t - 0.05), &before);
            if (dark)
              g_assert_cmpfloat (luminance (&c), >, luminance (&before) - 1e-9);
            else
              g_assert_cmpfloat (luminance (&c), <, luminance (&before) + 1e-9);
          }
      /* beyond the ends and NaN stay on the scale */
      fx_plot_style_diverging (&style, 7, &previous);
      g_assert_cmpfloat (previous.red, ==, pos.red);
      fx_plot_style_diverging (&style, NAN, &previous);
      g_assert_cmpfloat (previous.red, ==, mid.red);
    }
}

static void
test_describe (void)
{
  g_autoptr(FxPlot) hist = sample_histogram (1, 6);
  g_autoptr(FxPlot) ecdf = sample_ecdf ();
  g_autofree char *a = fx_plot_describe (hist);
  g_autofree char *b = fx_plot_describe (ecdf);

  g_assert_true (g_str_has_prefix (a, "Heart rate. "));
  g_assert_nonnull (strstr (a, "heart_rate (/min)"));
  g_assert_nonnull (strstr (a, "Real (n = 2520)"));
  g_assert_nonnull (strstr (a, "Gaussian copula (n = 3000)"));
  g_assert_nonnull (strstr (b, "Kolmogorov–Smirnov distance 0."));
  g_assert_cmpuint (fx_plot_get_n_series (hist), ==, 3);
  g_assert_cmpint (fx_plot_get_kind (ecdf), ==, FX_PLOT_ECDF);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/ticks/known", test_ticks_known);
  g_test_add_func ("/plot/ticks/properties", test_ticks_properties);
  g_test_add_func ("/plot/ticks/format", test_format_tick);
  g_test_add_func ("/plot/layout/many-categories", test_layout_many_categories);
  g_test_add_func ("/plot/layout/all-clean", test_layout_all_clean);
  g_test_add_func ("/plot/layout/histogram", test_layout_histogram);
  g_test_add_func ("/plot/layout/ecdf", test_layout_ecdf);
  g_test_add_func ("/plot/layout/heatmap-difference", test_layout_heatmap_difference);
  g_test_add_func ("/plot/figures/many-levels", test_figure_many_levels);
  g_test_add_func ("/plot/layout/degenerate", test_layout_degenerate);
  g_test_add_func ("/plot/layout/many-scores", test_layout_many_scores);
  g_test_add_func ("/plot/render/png", test_render_png);
  g_test_add_func ("/plot/render/svg-pdf", test_render_svg_pdf);
  g_test_add_func ("/plot/render/all-kinds", test_render_all_kinds);
  g_test_add_func ("/plot/hit/heatmap", test_hit_heatmap);
  g_test_add_func ("/plot/hit/bars-scores", test_hit_bars_scores);
  g_test_add_func ("/plot/save/errors", test_save_errors);
  g_test_add_func ("/plot/style/diverging", test_diverging);
  g_test_add_func ("/plot/describe", test_describe);

  return g_test_run ();
}
