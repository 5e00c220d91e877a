/* fx-privacy-figures.c: the plots of a privacy measure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "fx-density.h"
#include "fx-privacy-figures.h"

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The finite values of @values, sorted. */
static double *
sorted_finite (const double *values,
               gsize         n,
               gsize        *n_out)
{
  double *out = g_new (double, MAX (n, 1));
  gsize k = 0;

  for (gsize i = 0; i < n; i++)
    if (isfinite (values[i]))
      out[k++] = values[i];
  qsort (out, k, sizeof *out, compare_doubles);
  *n_out = k;
  return out;
}

FxPlot *
fx_figure_dcr_histogram (const double *synthetic,
                         gsize         n_synthetic,
                         const double *holdout,
                         gsize         n_holdout)
{
  g_autofree double *h = NULL;
  g_autofree double *s = NULL;
  g_autoptr(FxHistogram) histogram = NULL;
  const double *samples[2];
  gsize sizes[2];
  FxPlot *plot;

  h = sorted_finite (holdout, n_holdout, &sizes[0]);
  s = sorted_finite (synthetic, n_synthetic, &sizes[1]);
  if (sizes[0] == 0)
    return NULL;
  samples[0] = h;
  samples[1] = s;
  histogram = fx_histogram_new (samples, sizes, 2);
  /* no density curve: it would spread the exact copies at 0 below zero */
  plot = fx_plot_new_histogram (histogram, NULL);
  fx_plot_set_title (plot, _("Distance to the closest training record"));
  fx_plot_set_x_title (plot, _("Gower distance"));
  fx_plot_set_y_title (plot, _("Density"));
  fx_plot_set_series_name (plot, 0, _("Holdout (new patients)"));
  fx_plot_set_series_name (plot, 1, _("Synthetic"));
  return plot;
}

/* Points of an ROC curve drawn, at most. */
#define MAX_ROC_POINTS 40

FxPlot *
fx_figure_attack_roc (const double *fpr,
                      const double *tpr,
                      gsize         n,
                      double        auroc)
{
  static const double diagonal[] = { 0.0, 1.0 };
  g_autofree char *name = NULL;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  FxPlot *plot;

  if (n == 0)
    return NULL;
  plot = fx_plot_new_lines ();
  /* rates: the axes end where the rates do; the curve has hundreds of steps */
  fx_plot_set_line_markers (plot, FALSE);
  fx_plot_set_x_limits (plot, 0, 1);
  fx_plot_set_y_limits (plot, 0, 1);
  fx_plot_set_title (plot, _("Membership-inference attack"));
  fx_plot_set_x_title (plot, _("False positive rate (holdout rows taken for members)"));
  fx_plot_set_y_title (plot, _("True positive rate"));
  name = g_strdup_printf (_("Attack (AUROC %s)"), g_ascii_formatd (buffer, sizeof buffer, "%.3f", auroc));
  /* the diagonal first, so that the attack takes the stronger colour and is drawn on
   * top; a curve of thousands of steps is thinned to a few dozen points, ends kept */
  fx_plot_add_line (plot, _("Chance"), diagonal, diagonal, 2);
  if (n <= MAX_ROC_POINTS)
    fx_plot_add_line (plot, name, fpr, tpr, n);
  else
    {
      double x[MAX_ROC_POINTS], y[MAX_ROC_POINTS];

      for (guint i = 0; i < MAX_ROC_POINTS; i++)
        {
          gsize k = (gsize) ((double) i * (n - 1) / (MAX_ROC_POINTS - 1) + 0.5);

          x[i] = fpr[k];
          y[i] = tpr[k];
        }
      fx_plot_add_line (plot, name, x, y, MAX_ROC_POINTS);
    }
  return plot;
}
