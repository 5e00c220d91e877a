/* fx-plot-forest.c: estimates with their intervals, one row per item
 *
 * A forest plot: each row (a site, a subgroup, a term) carries one estimate per
 * series with its interval, the series stacked within the row's band so that they
 * never hide each other.  The rows are the categories of the y axis.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "fx-plot-private.h"

#define FOREST_VALUES 3  /* estimate, lo, hi */

static guint
n_rows (const FxPlot *plot)
{
  return plot->categories != NULL ? plot->categories->len : 0;
}

static const double *
cell (const FxPlot *plot,
      guint         row,
      guint         series)
{
  gsize at = ((gsize) row * plot->series_names->len + series) * FOREST_VALUES;

  return &g_array_index (plot->forest, double, at);
}

FxPlot *
fx_plot_new_forest (const char * const *series_names,
                    guint               n_series,
                    double              reference)
{
  FxPlot *plot = fx_plot_new_kind (FX_PLOT_FOREST);

  g_return_val_if_fail (n_series > 0 && series_names != NULL, plot);

  for (guint s = 0; s < n_series; s++)
    g_ptr_array_add (plot->series_names, g_strdup (series_names[s]));
  plot->categories = g_ptr_array_new_with_free_func (g_free);
  plot->forest = g_array_new (FALSE, TRUE, sizeof (double));
  plot->reference = reference;
  return plot;
}

void
fx_plot_add_forest_row (FxPlot       *plot,
                        const char   *name,
                        const double *estimates,
                        const double *lo,
                        const double *hi)
{
  g_return_if_fail (plot != NULL && plot->kind == FX_PLOT_FOREST);
  g_return_if_fail (estimates != NULL);

  g_ptr_array_add (plot->categories, g_strdup (name != NULL ? name : ""));
  for (guint s = 0; s < plot->series_names->len; s++)
    {
      double v[FOREST_VALUES] = { estimates[s], lo != NULL ? lo[s] : NAN, hi != NULL ? hi[s] : NAN };

      g_array_append_vals (plot->forest, v, FOREST_VALUES);
    }
}

void
fx_plot_forest_extent (const FxPlot *plot,
                       double       *lo,
                       double       *hi)
{
  *lo = INFINITY;
  *hi = -INFINITY;
  if (isfinite (plot->reference))
    *lo = *hi = plot->reference;
  for (guint r = 0; r < n_rows (plot); r++)
    for (guint s = 0; s < plot->series_names->len; s++)
      for (guint k = 0; k < FOREST_VALUES; k++)
        {
          double v = cell (plot, r, s)[k];

          if (isfinite (v))
            {
              *lo = MIN (*lo, v);
              *hi = MAX (*hi, v);
            }
        }
  if (!isfinite (*lo))
    *lo = 0, *hi = 1;
  else if (*lo == *hi)
    *lo -= 0.5, *hi += 0.5;
}

void
fx_plot_forest_draw (const FxPlot       *plot,
                     const FxPlotLayout *l,
                     cairo_t            *cr)
{
  guint n_series = plot->series_names->len;
  double band = l->area.height / MAX (n_rows (plot), 1);
  double step = band * 0.7 / MAX (n_series, 1);
  double r = MIN (0.45 * l->style.font_size, step * 0.5);
  double cap = r * 0.9;

  if (isfinite (plot->reference))
    {
      static const double dash[] = { 4, 3 };
      double x = fx_plot_x_to_user (l, plot->reference);

      cairo_save (cr);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_set_line_width (cr, 1);
      cairo_set_source_rgba (cr, l->style.secondary.red, l->style.secondary.green,
                             l->style.secondary.blue, l->style.secondary.alpha);
      cairo_move_to (cr, x, l->area.y);
      cairo_line_to (cr, x, l->area.y + l->area.height);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  for (guint row = 0; row < n_rows (plot); row++)
    for (guint s = 0; s < n_series; s++)
      {
        const double *v = cell (plot, row, s);
        const FxPlotColor *color = fx_plot_series_color (&l->style, s);
        double y = fx_plot_y_to_user (l, row) + (s - (n_series - 1) / 2.0) * step;

        cairo_set_source_rgba (cr, color->red, color->green, color->blue, 1);
        cairo_set_line_width (cr, 2);
        if (isfinite (v[1]) && isfinite (v[2]))
          {
            double x0 = fx_plot_x_to_user (l, v[1]), x1 = fx_plot_x_to_user (l, v[2]);

            cairo_move_to (cr, x0, y);
            cairo_line_to (cr, x1, y);
            cairo_move_to (cr, x0, y - cap);
            cairo_line_to (cr, x0, y + cap);
            cairo_move_to (cr, x1, y - cap);
            cairo_line_to (cr, x1, y + cap);
            cairo_stroke (cr);
          }
        if (isfinite (v[0]))
          {
            double x = fx_plot_x_to_user (l, v[0]);

            /* a diamond for the later series (a ceiling), a dot for the first two */
            if (s >= 2)
              {
                cairo_move_to (cr, x, y - r * 1.3);
                cairo_line_to (cr, x + r * 1.3, y);
                cairo_line_to (cr, x, y + r * 1.3);
                cairo_line_to (cr, x - r * 1.3, y);
                cairo_close_path (cr);
              }
            else
              {
                cairo_new_sub_path (cr);
                cairo_arc (cr, x, y, r, 0, 2 * G_PI);
              }
            cairo_fill_preserve (cr);
            cairo_set_source_rgba (cr, l->style.background.red, l->style.background.green,
                                   l->style.background.blue, 1);
            cairo_set_line_width (cr, 0.75);
            cairo_stroke (cr);
          }
      }
}

void
fx_plot_forest_describe (const FxPlot *plot,
                         GString      *out)
{
  guint shown = MIN (n_rows (plot), 6);
  gboolean intervals = FALSE;

  for (guint row = 0; row < n_rows (plot); row++)
    for (guint s = 0; s < plot->series_names->len; s++)
      intervals |= isfinite (cell (plot, row, s)[1]);
  g_string_append_printf (out, intervals ? _("%s with intervals for %u rows") : _("%s for %u rows"),
                          plot->x_title != NULL ? plot->x_title : _("Estimates"), n_rows (plot));
  for (guint row = 0; row < shown; row++)
    {
      g_string_append_printf (out, "%s%s:", row == 0 ? ": " : "; ",
                              (char *) g_ptr_array_index (plot->categories, row));
      for (guint s = 0; s < plot->series_names->len; s++)
        {
          const double *v = cell (plot, row, s);

          if (!isfinite (v[0]))
            continue;
          g_string_append_printf (out, " %s %.2f", (char *) g_ptr_array_index (plot->series_names, s), v[0]);
          if (isfinite (v[1]) && isfinite (v[2]))
            g_string_append_printf (out, _(" (%.2f to %.2f)"), v[1], v[2]);
        }
    }
  g_string_append (out, n_rows (plot) > shown ? "; …" : ".");
}
