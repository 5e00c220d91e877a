/* bench-plot.c: how long a distribution plot takes, from values to pixels
 *
 * Prepares a histogram and density curves of a real and a synthetic sample of
 * 100,000 values each (sorting included), then lays out and paints the plot into a
 * 900 x 600 image, as the application's comparison does on screen; also the ECDF.
 * Prints the median of several runs of each step in milliseconds.
 *
 *   bench-plot [--rows N] [--runs K]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>

#include "fx-density.h"
#include "fx-plot.h"

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* A skewed, two-humped column with missing cells, like a lab value. */
static FxColumn *
make_column (GRand  *rand,
             gsize   n,
             double  shift)
{
  FxColumn *column = fx_column_new ("value", FX_COLUMN_NUMBER);

  for (gsize i = 0; i < n; i++)
    {
      double u = g_rand_double (rand), v = g_rand_double (rand);
      double z = sqrt (-2 * log (1 - u)) * cos (2 * G_PI * v);

      if (i % 50 == 0)
        fx_column_append_missing (column);
      else if (i % 3 == 0)
        fx_column_append_number (column, 60 + shift + 8 * z);
      else
        fx_column_append_number (column, exp (4.6 + 0.25 * z) + shift);
    }
  return column;
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len / 2);
}

static double
ms_since (gint64 start)
{
  return (double) (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  gint64 rows = 100000;
  int runs = 9;
  const GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT64, &rows, "Values per sample (default 100000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Timed runs; the median is printed (default 9)", "K" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— time a distribution plot");
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  g_autoptr(FxColumn) real = NULL;
  g_autoptr(FxColumn) synthetic = NULL;
  g_autoptr(GArray) prepare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) draw = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ecdf_prepare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ecdf_draw = g_array_new (FALSE, FALSE, sizeof (double));
  cairo_surface_t *surface;
  FxPlotStyle style;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-plot: %s\n", error->message);
      return 2;
    }
  if (rows < 10 || runs < 1)
    {
      fprintf (stderr, "bench-plot: --rows must be 10 or more and --runs 1 or more\n");
      return 2;
    }

  real = make_column (rand, (gsize) rows, 0);
  synthetic = make_column (rand, (gsize) rows, 4);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900, 600);
  fx_plot_style_init (&style, FALSE);

  for (int run = 0; run <= runs; run++)
    {
      g_autofree double *x = NULL;
      g_autofree double *y = NULL;
      g_autoptr(FxHistogram) h = NULL;
      g_autoptr(FxKde) kde = NULL;
      g_autoptr(FxEcdf) ecdf = NULL;
      g_autoptr(FxPlot) plot = NULL;
      g_autoptr(FxPlot) ecdf_plot = NULL;
      const double *samples[2];
      gsize sizes[2];
      gint64 start = g_get_monotonic_time ();
      double t;
      cairo_t *cr;

      /* off the main thread in the application: sort, bin, estimate */
      x = fx_density_sorted_values (real, &sizes[0]);
      y = fx_density_sorted_values (synthetic, &sizes[1]);
      samples[0] = x;
      samples[1] = y;
      h = fx_histogram_new (samples, sizes, 2);
      kde = fx_kde_new (samples, sizes, 2, h->edges[0], h->edges[h->n_bins], 512);
      plot = fx_plot_new_histogram (h, kde);
      fx_plot_set_title (plot, "glucose");
      fx_plot_set_x_title (plot, "glucose (mg/dL)");
      t = ms_since (start);
      if (run > 0)   /* the first run warms caches and fonts */
        g_array_append_val (prepare, t);

      /* on the main thread: lay out and paint */
      start = g_get_monotonic_time ();
      cr = cairo_create (surface);
      fx_plot_draw (plot, &style, cr, 900, 600);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      t = ms_since (start);
      if (run > 0)
        g_array_append_val (draw, t);

      start = g_get_monotonic_time ();
      ecdf = fx_ecdf_new (samples, sizes, 2, 2000);
      ecdf_plot = fx_plot_new_ecdf (ecdf);
      t = ms_since (start);
      if (run > 0)
        g_array_append_val (ecdf_prepare, t);

      start = g_get_monotonic_time ();
      cr = cairo_create (surface);
      fx_plot_draw (ecdf_plot, &style, cr, 900, 600);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      t = ms_since (start);
      if (run > 0)
        g_array_append_val (ecdf_draw, t);
    }
  cairo_surface_destroy (surface);

  printf ("values per sample          %" G_GINT64_FORMAT " (2 samples, 2%% missing)\n", rows);
  printf ("histogram + KDE, prepare   %7.2f ms  (sort, bin, 512-point estimate)\n",
          median (prepare));
  printf ("histogram + KDE, draw      %7.2f ms  (layout and paint, 900 x 600 image)\n",
          median (draw));
  printf ("ECDF + KS, prepare         %7.2f ms  (steps thinned to 2000, KS mark)\n",
          median (ecdf_prepare));
  printf ("ECDF + KS, draw            %7.2f ms\n", median (ecdf_draw));
  printf ("median of %d runs\n", runs);
  return 0;
}
