/* fx-plot-draw.c: painting a fitted plot with cairo
 *
 * Only paint here: every position comes from the layout, so what the tests check
 * in the layout is what appears on the screen and in the files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fx-plot-private.h"

static void
set_color (cairo_t           *cr,
           const FxPlotColor *color,
           double             alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/* The middle of a device pixel, so that 1-unit lines are sharp at scale 1. */
static double
crisp (double v)
{
  return floor (v) + 0.5;
}

static void
hline (cairo_t *cr,
       double   x0,
       double   x1,
       double   y)
{
  cairo_move_to (cr, x0, crisp (y));
  cairo_line_to (cr, x1, crisp (y));
}

static void
vline (cairo_t *cr,
       double   x,
       double   y0,
       double   y1)
{
  cairo_move_to (cr, crisp (x), y0);
  cairo_line_to (cr, crisp (x), y1);
}

static void
clip_to_area (cairo_t            *cr,
              const FxPlotLayout *layout)
{
  /* a little beyond the area, so lines on its edges keep their full width */
  cairo_rectangle (cr, layout->area.x - 2, layout->area.y - 2, layout->area.width + 4,
                   layout->area.height + 4);
  cairo_clip (cr);
}

/* ---- Grid and axes -------------------------------------------------------------- */

static void
draw_grid (const FxPlotLayout *l,
           cairo_t            *cr,
           gboolean            vertical_lines,
           gboolean            horizontal_lines)
{
  const FxPlotRect *a = &l->area;

  cairo_set_line_width (cr, 1);
  set_color (cr, &l->style.grid, 1);
  if (horizontal_lines && !l->y.categorical)
    for (guint i = 0; i < l->y.n_ticks; i++)
      hline (cr, a->x, a->x + a->width, fx_plot_y_to_user (l, l->y.ticks[i]));
  if (vertical_lines && !l->x.categorical)
    for (guint i = 0; i < l->x.n_ticks; i++)
      vline (cr, fx_plot_x_to_user (l, l->x.ticks[i]), a->y, a->y + a->height);
  cairo_stroke (cr);
}

/* The baseline along the bottom (or the left for horizontal bars) and tick marks on
 * a continuous x axis. */
static void
draw_axes (const FxPlot       *plot,
           const FxPlotLayout *l,
           cairo_t            *cr)
{
  const FxPlotRect *a = &l->area;
  double tick = 0.3 * l->style.font_size;

  cairo_set_line_width (cr, 1);
  set_color (cr, &l->style.axis, 1);
  if (plot->kind == FX_PLOT_SCORES)
    vline (cr, fx_plot_x_to_user (l, 0), a->y, a->y + a->height);
  else
    hline (cr, a->x, a->x + a->width, a->y + a->height);
  if (!l->x.categorical)
    for (guint i = 0; i < l->x.n_ticks; i++)
      vline (cr, fx_plot_x_to_user (l, l->x.ticks[i]), a->y + a->height,
             a->y + a->height + tick);
  cairo_stroke (cr);
}

/* ---- Markers -------------------------------------------------------------------- */

/* A different shape per series, so they differ without colour too. */
static void
marker_path (cairo_t *cr,
             guint    series,
             double   x,
             double   y,
             double   r)
{
  switch (series % 5)
    {
    case 0:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    case 1:
      cairo_rectangle (cr, x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      break;
    case 2:
      cairo_move_to (cr, x, y - r * 1.15);
      cairo_line_to (cr, x + r * 1.05, y + r * 0.75);
      cairo_line_to (cr, x - r * 1.05, y + r * 0.75);
      cairo_close_path (cr);
      break;
    case 3:
      cairo_move_to (cr, x, y - r * 1.2);
      cairo_line_to (cr, x + r * 1.2, y);
      cairo_line_to (cr, x, y + r * 1.2);
      cairo_line_to (cr, x - r * 1.2, y);
      cairo_close_path (cr);
      break;
    default:
      cairo_move_to (cr, x, y + r * 1.15);
      cairo_line_to (cr, x + r * 1.05, y - r * 0.75);
      cairo_line_to (cr, x - r * 1.05, y - r * 0.75);
      cairo_close_path (cr);
      break;
    }
}

static void
draw_marker (const FxPlotLayout *l,
             cairo_t            *cr,
             guint               series,
             double              x,
             double              y,
             double              r)
{
  marker_path (cr, series, x, y, r);
  set_color (cr, fx_plot_series_color (&l->style, series), 1);
  cairo_fill_preserve (cr);
  set_color (cr, &l->style.background, 1);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

/* ---- Kinds ---------------------------------------------------------------------- */

static void
curve_path (const FxPlotLayout *l,
            cairo_t            *cr,
            const FxPlotCurve  *c)
{
  gboolean started = FALSE;

  for (gsize i = 0; i < c->n; i++)
    {
      double x, y;

      if (!isfinite (c->x[i]) || !isfinite (c->y[i]))
        {
          started = FALSE;
          continue;
        }
      x = fx_plot_x_to_user (l, c->x[i]);
      y = fx_plot_y_to_user (l, c->y[i]);
      if (started)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      started = TRUE;
    }
}

static void
draw_histogram (const FxPlot       *plot,
                const FxPlotLayout *l,
                cairo_t            *cr)
{
  guint n_series = plot->series_names->len;
  double base = fx_plot_y_to_user (l, 0);

  if (plot->discrete)
    {
      /* side by side in each value's slot, as category shares are */
      double slot = l->area.width / MAX (plot->n_bins, 1);
      double bar = slot * (n_series > 1 ? 0.8 : 0.6) / n_series;

      for (gsize k = 0; k < plot->n_bins; k++)
        for (guint s = 0; s < n_series; s++)
          {
            double x = fx_plot_x_to_user (l, k) - bar * n_series / 2 + s * bar;
            double y = fx_plot_y_to_user (l, plot->bins[(gsize) s * plot->n_bins + k]);

            if (plot->sizes[s] == 0)
              continue;
            cairo_rectangle (cr, x + 0.5, y, MAX (bar - 1, 0.5), base - y);
            set_color (cr, fx_plot_series_color (&l->style, s), 1);
            cairo_fill (cr);
          }
      return;
    }

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  for (guint s = 0; s < n_series; s++)
    {
      const FxPlotColor *color = fx_plot_series_color (&l->style, s);
      const double *bins = plot->bins + (gsize) s * plot->n_bins;

      if (plot->sizes[s] == 0)
        continue;
      /* the outline of the bars as one step path */
      cairo_move_to (cr, fx_plot_x_to_user (l, plot->edges[0]), base);
      for (gsize k = 0; k < plot->n_bins; k++)
        {
          double y = fx_plot_y_to_user (l, bins[k]);

          cairo_line_to (cr, fx_plot_x_to_user (l, plot->edges[k]), y);
          cairo_line_to (cr, fx_plot_x_to_user (l, plot->edges[k + 1]), y);
        }
      cairo_line_to (cr, fx_plot_x_to_user (l, plot->edges[plot->n_bins]), base);
      /* the real data filled, synthetic sets as outlines over them, so that any
       * number of sets stays readable */
      if (s == 0)
        {
          set_color (cr, color, l->style.dark ? 0.38 : 0.30);
          cairo_fill (cr);
        }
      else
        {
          set_color (cr, color, 0.85);
          cairo_set_line_width (cr, 1.25);
          cairo_stroke (cr);
        }
    }

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 2.25);
  for (guint s = 0; s < plot->curves->len; s++)
    {
      const FxPlotCurve *c = &g_array_index (plot->curves, FxPlotCurve, s);

      if (c->n == 0)
        continue;
      curve_path (l, cr, c);
      set_color (cr, fx_plot_series_color (&l->style, s), 1);
      cairo_stroke (cr);
    }
}

static void
draw_ecdf (const FxPlot       *plot,
           const FxPlotLayout *l,
           cairo_t            *cr)
{
  const FxPlotRect *a = &l->area;
  double cap = 0.35 * l->style.font_size;

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  cairo_set_line_width (cr, 2);
  for (guint s = 0; s < plot->curves->len; s++)
    {
      const FxPlotCurve *c = &g_array_index (plot->curves, FxPlotCurve, s);
      double y = fx_plot_y_to_user (l, 0);

      if (c->n == 0)
        continue;
      /* 0 before the first value, a step up at each value, 1 after the last */
      cairo_move_to (cr, a->x, y);
      for (gsize i = 0; i < c->n; i++)
        {
          double x = fx_plot_x_to_user (l, c->x[i]);

          cairo_line_to (cr, x, y);
          y = fx_plot_y_to_user (l, c->y[i]);
          cairo_line_to (cr, x, y);
        }
      cairo_line_to (cr, a->x + a->width, y);
      set_color (cr, fx_plot_series_color (&l->style, s), 1);
      cairo_stroke (cr);
    }

  /* the KS distance: a segment between the two curves, capped at both ends */
  cairo_set_line_width (cr, 1.5);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  for (guint s = 1; s < plot->series_names->len; s++)
    {
      const FxKsMark *m = &plot->marks[s];
      double x, y0, y1;

      if (isnan (m->statistic))
        continue;
      x = fx_plot_x_to_user (l, m->location);
      y0 = fx_plot_y_to_user (l, m->real_cdf);
      y1 = fx_plot_y_to_user (l, m->synthetic_cdf);
      cairo_move_to (cr, x, y0);
      cairo_line_to (cr, x, y1);
      cairo_move_to (cr, x - cap, y0);
      cairo_line_to (cr, x + cap, y0);
      cairo_move_to (cr, x - cap, y1);
      cairo_line_to (cr, x + cap, y1);
      set_color (cr, &l->style.foreground, 1);
      cairo_stroke (cr);
    }
}

static void
draw_bars (const FxPlot       *plot,
           const FxPlotLayout *l,
           cairo_t            *cr)
{
  for (guint c = 0; c < plot->categories->len; c++)
    for (guint s = 0; s < plot->series_names->len; s++)
      {
        FxPlotRect r;

        fx_plot_bar_rect (plot, l, c, s, &r);
        /* a hairline of background between neighbours */
        cairo_rectangle (cr, r.x + 0.5, r.y, MAX (r.width - 1, 0.5), r.height);
        set_color (cr, fx_plot_series_color (&l->style, s), 1);
        cairo_fill (cr);
      }
}

static void
draw_scores (const FxPlot       *plot,
             const FxPlotLayout *l,
             cairo_t            *cr)
{
  for (guint i = 0; i < plot->scores->len; i++)
    {
      FxPlotRect r;

      fx_plot_score_rect (plot, l, i, &r);
      cairo_rectangle (cr, r.x, r.y, r.width, r.height);
      set_color (cr, fx_plot_series_color (&l->style, 1), 1);
      cairo_fill (cr);
    }
  for (guint i = 0; i < plot->scores->len; i++)
    {
      const FxPlotScore *s = &g_array_index (plot->scores, FxPlotScore, i);
      double radius;
      FxPlotRect r;

      if (!isfinite (s->baseline))
        continue;
      fx_plot_score_rect (plot, l, i, &r);
      radius = CLAMP (r.height * 0.42, 1.5, 0.32 * l->style.font_size);
      cairo_new_sub_path (cr);
      cairo_arc (cr, fx_plot_x_to_user (l, s->baseline), r.y + r.height / 2, radius, 0, 2 * G_PI);
      set_color (cr, &l->style.foreground, 1);
      cairo_fill_preserve (cr);
      set_color (cr, &l->style.background, 1);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
}

static void
draw_lines (const FxPlot       *plot,
            const FxPlotLayout *l,
            cairo_t            *cr)
{
  double r = 0.3 * l->style.font_size;

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint s = 0; s < plot->curves->len; s++)
    {
      const FxPlotCurve *c = &g_array_index (plot->curves, FxPlotCurve, s);

      curve_path (l, cr, c);
      cairo_set_line_width (cr, 2);
      set_color (cr, fx_plot_series_color (&l->style, s), 1);
      cairo_stroke (cr);
      for (gsize i = 0; i < c->n && !plot->plain_lines; i++)
        if (isfinite (c->x[i]) && isfinite (c->y[i]))
          draw_marker (l, cr, s, fx_plot_x_to_user (l, c->x[i]), fx_plot_y_to_user (l, c->y[i]), r);
    }
}

/* Cells without a value: the missing colour, struck through with fine diagonals. */
static void
draw_missing_cell (const FxPlotLayout *l,
                   cairo_t            *cr,
                   double              x,
                   double              y,
                   double              size)
{
  double step = MAX (size / 4, 3);

  cairo_save (cr);
  cairo_rectangle (cr, x, y, size, size);
  set_color (cr, &l->style.missing, 1);
  cairo_fill_preserve (cr);
  cairo_clip (cr);
  for (double d = -size; d < size; d += step)
    {
      cairo_move_to (cr, x + d, y + size);
      cairo_line_to (cr, x + d + size, y);
    }
  set_color (cr, &l->style.background, 0.7);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* A colour legend: the diverging scale from its low end at the bottom to its high end
 * at the top. */
static void
draw_scale_bar (const FxPlotLayout *l,
                const FxPlotRect   *bar,
                cairo_t            *cr)
{
  guint strips = 96;

  if (bar->height <= 0 || bar->width <= 0)
    return;
  for (guint i = 0; i < strips; i++)
    {
      double t = 1 - (i + 0.5) / strips;   /* top is the high end */
      FxPlotColor color;

      fx_plot_style_diverging (&l->style, 2 * t - 1, &color);
      cairo_rectangle (cr, bar->x, bar->y + i * bar->height / strips, bar->width,
                       bar->height / strips + 0.5);
      set_color (cr, &color, 1);
      cairo_fill (cr);
    }
  cairo_rectangle (cr, crisp (bar->x) - 1, crisp (bar->y) - 1, floor (bar->width) + 1,
                   floor (bar->height) + 1);
  set_color (cr, &l->style.axis, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static void
draw_heatmap (const FxPlot       *plot,
              const FxPlotLayout *l,
              cairo_t            *cr)
{
  guint rows = plot->row_names->len, cols = plot->column_names->len;

  for (guint p = 0; p < l->n_panels; p++)
    {
      const FxPlotRect *panel = &l->panels[p];
      double cell = cols > 0 ? panel->width / cols : 0;
      double lo, hi, span, mid;

      fx_plot_panel_scale (plot, p, &lo, &hi);
      span = hi - lo;
      mid = (hi + lo) / 2;
      for (guint r = 0; r < rows; r++)
        for (guint c = 0; c < cols; c++)
          {
            double v = fx_plot_cell_value (plot, p, r, c);
            double x = panel->x + c * cell, y = panel->y + r * cell;
            FxPlotColor color;

            if (isnan (v))
              {
                draw_missing_cell (l, cr, x, y, cell);
                continue;
              }
            fx_plot_style_diverging (&l->style, (v - mid) / (span / 2), &color);
            /* a touch larger than the cell so that no seams show between cells */
            cairo_rectangle (cr, x, y, cell + 0.25, cell + 0.25);
            set_color (cr, &color, 1);
            cairo_fill (cr);
          }
      cairo_rectangle (cr, crisp (panel->x) - 1, crisp (panel->y) - 1, floor (panel->width) + 1,
                       floor (panel->height) + 1);
      set_color (cr, &l->style.axis, 0.6);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }

  if (l->n_panels == 0)
    return;
  draw_scale_bar (l, &l->scale_bar, cr);
  draw_scale_bar (l, &l->last_bar, cr);
}

/* ---- Legend and texts ----------------------------------------------------------- */

static void
draw_legend_swatches (const FxPlot       *plot,
                      const FxPlotLayout *l,
                      cairo_t            *cr)
{
  double fs = l->style.font_size;

  for (guint i = 0; i < l->labels->len; i++)
    {
      const FxPlotLabel *label = &g_array_index (l->labels, FxPlotLabel, i);
      double x0 = label->rect.x - (FX_PLOT_SWATCH_WIDTH + FX_PLOT_SWATCH_GAP) * fs;
      double x1 = label->rect.x - FX_PLOT_SWATCH_GAP * fs;
      double y = label->rect.y + label->rect.height / 2, box = 0.75 * fs;
      guint series = (guint) label->index;
      const FxPlotColor *color;

      if (label->role != FX_PLOT_TEXT_LEGEND || label->index < 0)
        continue;
      color = fx_plot_series_color (&l->style, plot->kind == FX_PLOT_SCORES ? 1 : series);
      switch (fx_plot_legend_swatch (plot, series))
        {
        case FX_PLOT_SWATCH_BOX:
          cairo_rectangle (cr, x1 - box, y - box / 2, box, box);
          set_color (cr, color, plot->kind == FX_PLOT_HISTOGRAM && !plot->discrete && series == 0
                                  ? (l->style.dark ? 0.55 : 0.45) : 1);
          cairo_fill (cr);
          if (plot->kind == FX_PLOT_HISTOGRAM && !plot->discrete)
            {
              /* the density curve's colour across the box */
              cairo_rectangle (cr, x1 - box, y - 1.1, box, 2.2);
              set_color (cr, color, 1);
              cairo_fill (cr);
            }
          break;
        case FX_PLOT_SWATCH_DOT:
          cairo_new_sub_path (cr);
          cairo_arc (cr, x1 - box / 2, y, 0.32 * fs, 0, 2 * G_PI);
          set_color (cr, &l->style.foreground, 1);
          cairo_fill (cr);
          break;
        case FX_PLOT_SWATCH_MARKER:
          cairo_move_to (cr, x0, y);
          cairo_line_to (cr, x1, y);
          set_color (cr, color, 1);
          cairo_set_line_width (cr, 2);
          cairo_stroke (cr);
          draw_marker (l, cr, series, (x0 + x1) / 2, y, 0.3 * fs);
          break;
        case FX_PLOT_SWATCH_LINE:
        default:
          cairo_move_to (cr, x0, y);
          cairo_line_to (cr, x1, y);
          set_color (cr, color, 1);
          cairo_set_line_width (cr, 2.25);
          cairo_stroke (cr);
          break;
        }
    }
}

/* Text on a heatmap cell: dark on light cells, light on dark ones. */
static void
cell_text_color (const FxPlot       *plot,
                 const FxPlotLayout *l,
                 const FxPlotLabel  *label,
                 cairo_t            *cr)
{
  guint rows = plot->row_names->len, cols = plot->column_names->len;
  guint p = label->index / (rows * cols), rest = label->index % (rows * cols);
  double v = fx_plot_cell_value (plot, p, rest / cols, rest % cols);
  double lo, hi, span, mid;
  FxPlotColor c;
  double luminance;

  fx_plot_panel_scale (plot, p, &lo, &hi);
  span = hi - lo;
  mid = (hi + lo) / 2;
  fx_plot_style_diverging (&l->style, (v - mid) / (span / 2), &c);
  luminance = 0.2126 * c.red + 0.7152 * c.green + 0.0722 * c.blue;
  if (luminance > 0.45)
    cairo_set_source_rgba (cr, 0, 0, 0, 0.85);
  else
    cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
}

static void
draw_labels (const FxPlot       *plot,
             const FxPlotLayout *l,
             cairo_t            *cr)
{
  PangoContext *context = fx_plot_pango_context ();

  /* the device's scale and font options, before any label turns the matrix */
  pango_cairo_update_context (cr, context);
  for (guint i = 0; i < l->labels->len; i++)
    {
      const FxPlotLabel *label = &g_array_index (l->labels, FxPlotLabel, i);
      g_autoptr(PangoLayout) text = NULL;

      switch (label->role)
        {
        case FX_PLOT_TEXT_TITLE:
        case FX_PLOT_TEXT_PANEL_TITLE:
        case FX_PLOT_TEXT_LEGEND:
          set_color (cr, &l->style.foreground, 1);
          break;
        case FX_PLOT_TEXT_ANNOTATION:
          /* on a veil of background, as it sits over the curves */
          cairo_rectangle (cr, label->rect.x - 3, label->rect.y, label->rect.width + 6,
                           label->rect.height);
          set_color (cr, &l->style.background, 0.85);
          cairo_fill (cr);
          set_color (cr, &l->style.foreground, 1);
          break;
        case FX_PLOT_TEXT_CELL:
          cell_text_color (plot, l, label, cr);
          break;
        case FX_PLOT_TEXT_AXIS_TITLE:
        case FX_PLOT_TEXT_X_TICK:
        case FX_PLOT_TEXT_Y_TICK:
        case FX_PLOT_TEXT_SCALE_TICK:
        default:
          set_color (cr, &l->style.secondary, 1);
          break;
        }

      text = fx_plot_text_layout (context, &l->style, label->role, label->text);
      cairo_save (cr);
      if (label->vertical)
        {
          /* read from the bottom up, ending at the rectangle's top */
          cairo_translate (cr, label->rect.x, label->rect.y + label->rect.height);
          cairo_rotate (cr, -G_PI / 2);
        }
      else
        cairo_translate (cr, label->rect.x, label->rect.y);
      cairo_move_to (cr, 0, 0);
      pango_cairo_show_layout (cr, text);
      cairo_restore (cr);
    }
  g_object_unref (context);
}

/* ---- Entry points --------------------------------------------------------------- */

void
fx_plot_draw_layout (const FxPlot       *plot,
                     const FxPlotLayout *layout,
                     cairo_t            *cr)
{
  g_return_if_fail (plot != NULL);
  g_return_if_fail (layout != NULL);
  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  if (layout->style.paint_background)
    {
      cairo_rectangle (cr, 0, 0, layout->width, layout->height);
      set_color (cr, &layout->style.background, 1);
      cairo_fill (cr);
    }

  if (layout->area.width > 1 && layout->area.height > 1)
    {
      if (plot->kind != FX_PLOT_HEATMAP)
        {
          draw_grid (layout, cr, plot->kind == FX_PLOT_ECDF || plot->kind == FX_PLOT_LINES
                                 || plot->kind == FX_PLOT_SCORES || plot->kind == FX_PLOT_FOREST,
                     plot->kind != FX_PLOT_SCORES && plot->kind != FX_PLOT_FOREST);
          cairo_save (cr);
          clip_to_area (cr, layout);
        }
      switch (plot->kind)
        {
        case FX_PLOT_HISTOGRAM:
          draw_histogram (plot, layout, cr);
          break;
        case FX_PLOT_ECDF:
          draw_ecdf (plot, layout, cr);
          break;
        case FX_PLOT_BARS:
          draw_bars (plot, layout, cr);
          break;
        case FX_PLOT_SCORES:
          draw_scores (plot, layout, cr);
          break;
        case FX_PLOT_LINES:
          draw_lines (plot, layout, cr);
          break;
        case FX_PLOT_FOREST:
          fx_plot_forest_draw (plot, layout, cr);
          break;
        case FX_PLOT_HEATMAP:
          draw_heatmap (plot, layout, cr);
          break;
        default:
          break;
        }
      if (plot->kind != FX_PLOT_HEATMAP)
        {
          cairo_restore (cr);
          draw_axes (plot, layout, cr);
        }
    }

  draw_legend_swatches (plot, layout, cr);
  draw_labels (plot, layout, cr);
  cairo_restore (cr);
}

void
fx_plot_draw (const FxPlot      *plot,
              const FxPlotStyle *style,
              cairo_t           *cr,
              double             width,
              double             height)
{
  g_autoptr(FxPlotLayout) layout = NULL;

  g_return_if_fail (plot != NULL);
  g_return_if_fail (style != NULL);
  g_return_if_fail (cr != NULL);

  layout = fx_plot_layout_new (plot, style, width, height);
  fx_plot_draw_layout (plot, layout, cr);
}
