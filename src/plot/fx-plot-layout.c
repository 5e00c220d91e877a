/* fx-plot-layout.c: fitting a plot to a size
 *
 * Everything with a size is measured with Pango before anything is drawn, so the
 * data area gets what the texts leave, tick labels never run into each other (fewer
 * ticks, category labels turned or thinned, long ones shortened with "…"), and the
 * legend sits above the data, never on them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fx-plot-private.h"

/* Margins, gaps and limits, in units of the style's font size. */
#define PAD           0.8    /* around everything */
#define TICK_GAP      0.45   /* between the data area and tick labels */
#define TITLE_GAP     0.35   /* between an axis title and its tick labels */
#define HEADER_GAP    0.7    /* below the title and legend */
#define LEGEND_GAP    1.2    /* between legend items */
#define LABEL_GAP     0.7    /* least room between two horizontal tick labels */
#define PANEL_GAP     1.4    /* between heatmap panels */
#define SCALE_WIDTH   0.9    /* the colour bar */
#define MAX_Y_TICKS   11

/* Longest category label, as a share of the plot's width or height. */
#define MAX_LABEL_SHARE 0.3

typedef struct
{
  const FxPlot      *plot;
  FxPlotLayout      *layout;
  const FxPlotStyle *style;
  PangoContext      *context;
  double             fs;
  double             pad;
} Fit;

/* What an axis shows before it is fitted. */
typedef struct
{
  double     lo, hi;
  gboolean   cover;         /* widen to the outer ticks */
  gboolean   percent;       /* values are shares, labelled in % */
  GPtrArray *categories;    /* (element-type utf8) (nullable): a categorical axis */
  gboolean   reversed;      /* categories top to bottom */
} AxisSpec;

/* ---- Texts ---------------------------------------------------------------------- */

double
fx_plot_text_size (FxPlotTextRole role)
{
  switch (role)
    {
    case FX_PLOT_TEXT_TITLE:
      return 1.25;
    case FX_PLOT_TEXT_PANEL_TITLE:
    case FX_PLOT_TEXT_AXIS_TITLE:
      return 1.0;
    case FX_PLOT_TEXT_LEGEND:
    case FX_PLOT_TEXT_ANNOTATION:
      return 0.95;
    case FX_PLOT_TEXT_X_TICK:
    case FX_PLOT_TEXT_Y_TICK:
      return 0.9;
    case FX_PLOT_TEXT_SCALE_TICK:
      return 0.85;
    case FX_PLOT_TEXT_CELL:
      return 0.8;
    default:
      return 1.0;
    }
}

PangoContext *
fx_plot_pango_context (void)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (map);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* unhinted advances: the same widths on screen, in PDF and at any scale, so a
   * layout measured once fits wherever it is drawn */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_SLIGHT);
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, 96);
  cairo_font_options_destroy (options);
  return context;
}

PangoLayout *
fx_plot_text_layout (PangoContext      *context,
                     const FxPlotStyle *style,
                     FxPlotTextRole     role,
                     const char        *text)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *font = pango_font_description_from_string (
    style->font_family != NULL ? style->font_family : "Sans");
  double size = style->font_size * fx_plot_text_size (role);

  pango_font_description_set_absolute_size (font, MAX (size, 1) * PANGO_SCALE);
  if (role == FX_PLOT_TEXT_TITLE)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  else if (role == FX_PLOT_TEXT_PANEL_TITLE || role == FX_PLOT_TEXT_ANNOTATION)
    pango_font_description_set_weight (font, PANGO_WEIGHT_SEMIBOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_text (layout, text, -1);
  pango_font_description_free (font);
  return layout;
}

static void
measure (Fit            *f,
         FxPlotTextRole  role,
         const char     *text,
         double         *width,
         double         *height)
{
  g_autoptr(PangoLayout) layout = fx_plot_text_layout (f->context, f->style, role, text);
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}

static double
text_width (Fit            *f,
            FxPlotTextRole  role,
            const char     *text)
{
  double w;

  measure (f, role, text, &w, NULL);
  return w;
}

static double
line_height (Fit            *f,
             FxPlotTextRole  role)
{
  double h;

  measure (f, role, "Ag", NULL, &h);
  return h;
}

/* @text shortened to @keep characters around an ellipsis: at the end, or in the
 * middle, which keeps what tells apart names that share a beginning */
static char *
shorten (const char *text,
         glong       n,
         glong       keep,
         gboolean    middle)
{
  glong head = middle ? (keep + 1) / 2 : keep;
  g_autofree char *start = g_utf8_substring (text, 0, head);
  g_autofree char *end = g_utf8_substring (text, n - (keep - head), n);

  return g_strconcat (g_strchomp (start), "…", g_strchug (end), NULL);
}

/* @text, or as much of it as fits in @max_width with "…" */
static char *
ellipsize_full (Fit            *f,
                FxPlotTextRole  role,
                const char     *text,
                double          max_width,
                gboolean        middle)
{
  glong n = g_utf8_strlen (text, -1), lo = 0, hi = n - 1;

  if (text_width (f, role, text) <= max_width)
    return g_strdup (text);

  /* the most characters that fit with the ellipsis */
  while (lo < hi)
    {
      glong mid = (lo + hi + 1) / 2;
      g_autofree char *candidate = shorten (text, n, mid, middle);

      if (text_width (f, role, candidate) <= max_width)
        lo = mid;
      else
        hi = mid - 1;
    }
  return shorten (text, n, lo, middle);
}

static char *
ellipsize (Fit            *f,
           FxPlotTextRole  role,
           const char     *text,
           double          max_width)
{
  return ellipsize_full (f, role, text, max_width, FALSE);
}

/* Category names often share a beginning ("Cardiac ICU", "Cardiac surgery ICU"). */
static char *
ellipsize_category (Fit            *f,
                    FxPlotTextRole  role,
                    const char     *text,
                    double          max_width)
{
  return ellipsize_full (f, role, text, max_width, TRUE);
}

static FxPlotLabel *
add_label (Fit            *f,
           FxPlotTextRole  role,
           char           *text,
           double          x,
           double          y,
           double          width,
           double          height,
           gboolean        vertical,
           int             index)
{
  FxPlotLabel label = { text, role, { x, y, width, height }, vertical, index };

  g_array_append_val (f->layout->labels, label);
  return &g_array_index (f->layout->labels, FxPlotLabel, f->layout->labels->len - 1);
}

static gboolean
rects_overlap (const FxPlotRect *a,
               const FxPlotRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width
         && a->y < b->y + b->height && b->y < a->y + a->height;
}

/* ---- Mapping -------------------------------------------------------------------- */

double
fx_plot_x_to_user (const FxPlotLayout *layout,
                   double              x)
{
  double span = layout->x.hi - layout->x.lo;

  if (span == 0)
    return layout->area.x + layout->area.width / 2;
  return layout->area.x + (x - layout->x.lo) / span * layout->area.width;
}

double
fx_plot_y_to_user (const FxPlotLayout *layout,
                   double              y)
{
  double span = layout->y.hi - layout->y.lo;

  if (span == 0)
    return layout->area.y + layout->area.height / 2;
  return layout->area.y + layout->area.height - (y - layout->y.lo) / span * layout->area.height;
}

/* ---- Axes ----------------------------------------------------------------------- */

static char *
tick_text (const AxisSpec *spec,
           double          value,
           double          step)
{
  g_autofree char *number = NULL;

  if (!spec->percent)
    return fx_plot_format_tick (value, step);
  number = fx_plot_format_tick (value * 100, step * 100);
  return g_strconcat (number, "%", NULL);
}

static void
axis_set_ticks (FxPlotAxis   *axis,
                const double *values,
                guint         n)
{
  g_free (axis->ticks);
  axis->ticks = g_memdup2 (values, MAX (n, 1) * sizeof (double));
  axis->n_ticks = n;
}

/* Nice ticks of a continuous axis; the axis reaches the outer ticks when covering. */
static double
axis_fit_ticks (const AxisSpec *spec,
                guint           max_ticks,
                FxPlotAxis     *axis)
{
  FxPlotTicks t;
  double lo = spec->lo, hi = spec->hi;

  if (!fx_plot_nice_ticks (lo, hi, max_ticks, spec->cover, &t))
    t.n = 0;
  if (lo == hi)
    {
      /* the same widening as the ticks */
      double half = lo != 0 ? fabs (lo) * 0.05 : 0.5;

      lo -= half;
      hi += half;
    }
  if (spec->cover && t.n >= 2)
    {
      lo = MIN (lo, t.values[0]);
      hi = MAX (hi, t.values[t.n - 1]);
    }
  axis->lo = lo;
  axis->hi = hi;
  axis->categorical = FALSE;
  axis_set_ticks (axis, t.values, t.n);
  return t.step;
}

static void
axis_set_categories (FxPlotAxis *axis,
                     guint       n,
                     gboolean    reversed)
{
  g_autofree double *values = g_new (double, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    values[i] = i;
  axis_set_ticks (axis, values, n);
  axis->categorical = TRUE;
  axis->lo = reversed ? n - 0.5 : -0.5;
  axis->hi = reversed ? -0.5 : n - 0.5;
}

/* Texts of continuous ticks, and the widest. */
static GPtrArray *
tick_texts (Fit              *f,
            const AxisSpec   *spec,
            const FxPlotAxis *axis,
            double            step,
            FxPlotTextRole    role,
            double           *max_width)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  *max_width = 0;
  for (guint i = 0; i < axis->n_ticks; i++)
    {
      char *text = tick_text (spec, axis->ticks[i], step);

      *max_width = MAX (*max_width, text_width (f, role, text));
      g_ptr_array_add (texts, text);
    }
  return texts;
}

/* ---- Header: title and legend --------------------------------------------------- */

/* Places the title at the top left and the legend items right-aligned, on the
 * title's line when they fit beside it, else on rows of their own below.  Returns
 * where the rest may start. */
static double
fit_header (Fit *f)
{
  FxPlotLayout *l = f->layout;
  const FxPlot *plot = f->plot;
  double top = f->pad, left = f->pad, right = l->width - f->pad;
  double title_w = 0, title_h = 0, legend_w = 0, legend_h, row_y;
  double swatch = (FX_PLOT_SWATCH_WIDTH + FX_PLOT_SWATCH_GAP) * f->fs;
  guint n_items = fx_plot_n_legend_items (plot);
  g_autofree double *item_w = g_new0 (double, MAX (n_items, 1));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  gboolean beside;

  if (plot->title != NULL)
    {
      char *text = ellipsize (f, FX_PLOT_TEXT_TITLE, plot->title, MAX (right - left, 0));

      measure (f, FX_PLOT_TEXT_TITLE, text, &title_w, &title_h);
      add_label (f, FX_PLOT_TEXT_TITLE, text, left, top, title_w, title_h, FALSE, -1);
    }

  legend_h = line_height (f, FX_PLOT_TEXT_LEGEND);
  for (guint i = 0; i < n_items; i++)
    {
      char *text = ellipsize (f, FX_PLOT_TEXT_LEGEND, fx_plot_legend_name (plot, i),
                              MAX (right - left - swatch, 0));

      item_w[i] = swatch + text_width (f, FX_PLOT_TEXT_LEGEND, text);
      legend_w += item_w[i] + (i > 0 ? LEGEND_GAP * f->fs : 0);
      g_ptr_array_add (texts, text);
    }
  if (n_items == 0)
    return title_h > 0 ? top + title_h + HEADER_GAP * f->fs : top;

  beside = title_h > 0 && title_w + 2 * LEGEND_GAP * f->fs + legend_w <= right - left;
  if (beside)
    row_y = top + (title_h - legend_h) / 2;
  else
    row_y = title_h > 0 ? top + title_h + 0.3 * f->fs : top;

  /* rows filled from the first item, each row right-aligned */
  l->legend.x = right;
  l->legend.y = row_y;
  l->legend.width = 0;
  for (guint first = 0; first < n_items;)
    {
      guint last = first;
      double row_w = item_w[first], x;

      while (last + 1 < n_items && row_w + LEGEND_GAP * f->fs + item_w[last + 1] <= right - left)
        row_w += LEGEND_GAP * f->fs + item_w[++last];
      x = right - row_w;
      for (guint i = first; i <= last; i++)
        {
          add_label (f, FX_PLOT_TEXT_LEGEND, g_strdup (g_ptr_array_index (texts, i)),
                     x + swatch, row_y, item_w[i] - swatch, legend_h, FALSE, (int) i);
          x += item_w[i] + LEGEND_GAP * f->fs;
        }
      l->legend.x = MIN (l->legend.x, right - row_w);
      l->legend.width = MAX (l->legend.width, row_w);
      first = last + 1;
      if (first < n_items)
        row_y += legend_h + 0.2 * f->fs;
    }
  l->legend.height = row_y + legend_h - l->legend.y;

  return MAX (top + title_h, l->legend.y + l->legend.height) + HEADER_GAP * f->fs;
}

/* ---- Axis charts ---------------------------------------------------------------- */

static void
spec_clear (AxisSpec *spec)
{
  g_clear_pointer (&spec->categories, g_ptr_array_unref);
}

static void
widen (AxisSpec *spec,
       double    share)
{
  double d = (spec->hi - spec->lo) * share;

  spec->lo -= d;
  spec->hi += d;
}

static void
curve_extent (const FxPlot *plot,
              double       *x_lo,
              double       *x_hi,
              double       *y_lo,
              double       *y_hi)
{
  for (guint s = 0; s < plot->curves->len; s++)
    {
      const FxPlotCurve *c = &g_array_index (plot->curves, FxPlotCurve, s);

      for (gsize i = 0; i < c->n; i++)
        {
          if (isfinite (c->x[i]))
            {
              *x_lo = MIN (*x_lo, c->x[i]);
              *x_hi = MAX (*x_hi, c->x[i]);
            }
          if (isfinite (c->y[i]))
            {
              *y_lo = MIN (*y_lo, c->y[i]);
              *y_hi = MAX (*y_hi, c->y[i]);
            }
        }
    }
}

static GPtrArray *
copy_strings (GPtrArray *strings)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < strings->len; i++)
    g_ptr_array_add (out, g_strdup (g_ptr_array_index (strings, i)));
  return out;
}

/* The extent of the data on each axis. */
static void
axis_specs (const FxPlot *plot,
            AxisSpec     *xs,
            AxisSpec     *ys)
{
  double x_lo = INFINITY, x_hi = -INFINITY, y_lo = INFINITY, y_hi = -INFINITY;

  memset (xs, 0, sizeof *xs);
  memset (ys, 0, sizeof *ys);
  switch (plot->kind)
    {
    case FX_PLOT_HISTOGRAM:
      if (plot->discrete)
        {
          /* the values as categories, their shares as bars */
          xs->categories = g_ptr_array_new_with_free_func (g_free);
          for (gsize k = 0; k < plot->n_bins; k++)
            g_ptr_array_add (xs->categories, fx_plot_format_tick (plot->edges[k] + 0.5, 1));
          y_hi = 0;
          for (gsize i = 0; i < (gsize) plot->series_names->len * plot->n_bins; i++)
            y_hi = MAX (y_hi, plot->bins[i]);
          *ys = (AxisSpec) { 0, MAX (y_hi * 1.04, 0.01), TRUE, TRUE, NULL, FALSE };
          break;
        }
      x_lo = plot->edges[0];
      x_hi = plot->edges[plot->n_bins];
      y_lo = y_hi = 0;
      for (gsize i = 0; i < (gsize) plot->series_names->len * plot->n_bins; i++)
        y_hi = MAX (y_hi, plot->bins[i]);
      curve_extent (plot, &x_lo, &x_hi, &y_lo, &y_hi);
      *xs = (AxisSpec) { x_lo, x_hi, FALSE, FALSE, NULL, FALSE };
      *ys = (AxisSpec) { 0, y_hi * 1.04, TRUE, FALSE, NULL, FALSE };
      break;

    case FX_PLOT_ECDF:
      curve_extent (plot, &x_lo, &x_hi, &y_lo, &y_hi);
      if (!isfinite (x_lo))
        x_lo = 0, x_hi = 1;
      *xs = (AxisSpec) { x_lo, x_hi, FALSE, FALSE, NULL, FALSE };
      widen (xs, 0.03);
      *ys = (AxisSpec) { 0, 1, TRUE, FALSE, NULL, FALSE };
      break;

    case FX_PLOT_BARS:
      y_hi = 0;
      for (gsize i = 0; i < (gsize) plot->series_names->len * plot->categories->len; i++)
        y_hi = MAX (y_hi, plot->shares[i]);
      xs->categories = copy_strings (plot->categories);
      *ys = (AxisSpec) { 0, MAX (y_hi * 1.04, 0.01), TRUE, TRUE, NULL, FALSE };
      break;

    case FX_PLOT_SCORES:
      {
        g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

        x_hi = 0;
        for (guint i = 0; i < plot->scores->len; i++)
          {
            const FxPlotScore *s = &g_array_index (plot->scores, FxPlotScore, i);

            if (isfinite (s->value))
              x_hi = MAX (x_hi, s->value);
            if (isfinite (s->baseline))
              x_hi = MAX (x_hi, s->baseline);
            g_ptr_array_add (names, g_strdup (s->name));
          }
        *xs = (AxisSpec) { 0, x_hi > 0 ? x_hi * 1.04 : 1, TRUE, FALSE, NULL, FALSE };
        ys->categories = g_steal_pointer (&names);
        ys->reversed = TRUE;
      }
      break;

    case FX_PLOT_FOREST:
      fx_plot_forest_extent (plot, &x_lo, &x_hi);
      *xs = (AxisSpec) { x_lo, x_hi, FALSE, FALSE, NULL, FALSE };
      widen (xs, 0.03);
      ys->categories = copy_strings (plot->categories);
      ys->reversed = TRUE;
      break;

    case FX_PLOT_LINES:
      curve_extent (plot, &x_lo, &x_hi, &y_lo, &y_hi);
      if (!isfinite (x_lo))
        x_lo = 0, x_hi = 1;
      if (!isfinite (y_lo))
        y_lo = 0, y_hi = 1;
      *xs = (AxisSpec) { x_lo, x_hi, FALSE, FALSE, NULL, FALSE };
      widen (xs, 0.03);
      /* curves of rates (ROC, precision-recall) stay within 0..1 */
      *ys = (AxisSpec) { y_lo, y_hi, !plot->plain_lines, FALSE, NULL, FALSE };
      widen (ys, 0.04);
      break;

    case FX_PLOT_HEATMAP:
    default:
      g_assert_not_reached ();
    }
}

/* Category labels along x: level if they fit their slot, else turned upright,
 * shortened and, when even a line's height does not fit, every k-th only.
 * Returns the height of the band they take. */
static double
fit_x_categories (Fit            *f,
                  const AxisSpec *spec,
                  double          slot,
                  GPtrArray      *texts,
                  gboolean       *vertical,
                  guint          *stride)
{
  double th = line_height (f, FX_PLOT_TEXT_X_TICK), widest = 0, longest = 0;
  double max_length = MIN (MAX_LABEL_SHARE * f->layout->height, 14 * f->fs);
  guint n = spec->categories->len;

  g_ptr_array_set_size (texts, 0);
  for (guint i = 0; i < n; i++)
    widest = MAX (widest, text_width (f, FX_PLOT_TEXT_X_TICK,
                                      g_ptr_array_index (spec->categories, i)));
  if (widest + LABEL_GAP * f->fs <= slot)
    {
      *vertical = FALSE;
      *stride = 1;
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (texts, g_strdup (g_ptr_array_index (spec->categories, i)));
      return th;
    }

  *vertical = TRUE;
  *stride = slot > 0 ? (guint) ceil ((th + 0.2 * f->fs) / slot) : n;
  *stride = MAX (*stride, 1);
  for (guint i = 0; i < n; i++)
    {
      const char *name = g_ptr_array_index (spec->categories, i);
      char *text;

      /* only the labels shown are measured */
      if (i % *stride != 0)
        {
          g_ptr_array_add (texts, g_strdup (name));
          continue;
        }
      text = ellipsize_category (f, FX_PLOT_TEXT_X_TICK, name, max_length);
      longest = MAX (longest, text_width (f, FX_PLOT_TEXT_X_TICK, text));
      g_ptr_array_add (texts, text);
    }
  return longest;
}

/* Continuous ticks along x: the most that leave room between their labels. */
static GPtrArray *
fit_x_ticks (Fit            *f,
             const AxisSpec *spec,
             double          area_w,
             FxPlotAxis     *axis)
{
  guint max_ticks = (guint) CLAMP (area_w / (3.5 * f->fs), 2, 12);

  for (;; max_ticks--)
    {
      double step = axis_fit_ticks (spec, max_ticks, axis);
      double widest;
      g_autoptr(GPtrArray) texts = tick_texts (f, spec, axis, step, FX_PLOT_TEXT_X_TICK, &widest);
      gboolean room = TRUE;
      double span = axis->hi - axis->lo;

      for (guint i = 0; i + 1 < axis->n_ticks && span > 0; i++)
        {
          double gap = (axis->ticks[i + 1] - axis->ticks[i]) / span * area_w;
          double need = (text_width (f, FX_PLOT_TEXT_X_TICK, g_ptr_array_index (texts, i))
                         + text_width (f, FX_PLOT_TEXT_X_TICK, g_ptr_array_index (texts, i + 1)))
                        / 2 + LABEL_GAP * f->fs;

          if (gap < need)
            room = FALSE;
        }
      if (room || max_ticks <= 2)
        return g_steal_pointer (&texts);
    }
}

static void
fit_axes (Fit *f)
{
  FxPlotLayout *l = f->layout;
  const FxPlot *plot = f->plot;
  AxisSpec xs, ys;
  double top, bottom = l->height - f->pad, left = f->pad, right = l->width - f->pad;
  double th = line_height (f, FX_PLOT_TEXT_X_TICK), gap = TICK_GAP * f->fs;
  double x_title_h = 0, x_band = th, y_band = 0;
  double area_x = 0, area_y = 0, area_w = 0, area_h = 0, overhang = 0;
  g_autoptr(GPtrArray) x_texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) y_texts = NULL;
  gboolean x_vertical = FALSE;
  guint x_stride = 1, y_stride = 1;

  axis_specs (plot, &xs, &ys);
  top = fit_header (f);
  /* the top y label is centred on the area's edge: room for its upper half */
  if (ys.categories == NULL)
    top += th / 2;

  if (plot->x_title != NULL)
    {
      measure (f, FX_PLOT_TEXT_AXIS_TITLE, "Ag", NULL, &x_title_h);
      bottom -= x_title_h + TITLE_GAP * f->fs;
    }
  if (plot->y_title != NULL)
    left += line_height (f, FX_PLOT_TEXT_AXIS_TITLE) + TITLE_GAP * f->fs;

  /* the x labels' height and the y labels' width depend on the area, which depends
   * on them: a few rounds settle it */
  for (guint round = 0; round < 4; round++)
    {
      double band = th, moved = 0;

      area_y = top;
      area_h = MAX (bottom - x_band - gap - area_y, 0);

      g_clear_pointer (&y_texts, g_ptr_array_unref);
      if (ys.categories != NULL)
        {
          guint n = ys.categories->len;
          double slot = n > 0 ? area_h / n : area_h;

          axis_set_categories (&l->y, n, ys.reversed);
          y_stride = slot > 0 ? MAX ((guint) ceil ((th + 0.1 * f->fs) / slot), 1) : MAX (n, 1);
          y_texts = g_ptr_array_new_with_free_func (g_free);
          y_band = 0;
          for (guint i = 0; i < n; i++)
            {
              const char *name = g_ptr_array_index (ys.categories, i);
              char *text;

              if (i % y_stride != 0)
                {
                  g_ptr_array_add (y_texts, g_strdup (name));
                  continue;
                }
              text = ellipsize_category (f, FX_PLOT_TEXT_Y_TICK, name, MAX_LABEL_SHARE * l->width);
              y_band = MAX (y_band, text_width (f, FX_PLOT_TEXT_Y_TICK, text));
              g_ptr_array_add (y_texts, text);
            }
        }
      else
        {
          guint max_ticks = (guint) CLAMP (area_h / (2.6 * th) + 1, 2, MAX_Y_TICKS);
          double step = axis_fit_ticks (&ys, max_ticks, &l->y);

          y_texts = tick_texts (f, &ys, &l->y, step, FX_PLOT_TEXT_Y_TICK, &y_band);
        }

      area_x = left + y_band + gap;
      area_w = MAX (right - overhang - area_x, 0);

      if (xs.categories != NULL)
        {
          guint n = xs.categories->len;

          axis_set_categories (&l->x, n, FALSE);
          band = fit_x_categories (f, &xs, n > 0 ? area_w / n : area_w, x_texts,
                                   &x_vertical, &x_stride);
        }
      else
        {
          g_autoptr(GPtrArray) texts = fit_x_ticks (f, &xs, area_w, &l->x);

          g_ptr_array_set_size (x_texts, 0);
          for (guint i = 0; i < texts->len; i++)
            g_ptr_array_add (x_texts, g_strdup (g_ptr_array_index (texts, i)));

          /* the last label is centred on its tick: keep it inside the right margin */
          if (l->x.n_ticks > 0)
            {
              double span = l->x.hi - l->x.lo;
              double at = span > 0 ? (l->x.ticks[l->x.n_ticks - 1] - l->x.lo) / span : 0.5;
              double w = text_width (f, FX_PLOT_TEXT_X_TICK,
                                     g_ptr_array_index (x_texts, l->x.n_ticks - 1));
              double excess = area_x + at * area_w + w / 2 - right;

              if (excess > 0.5)
                {
                  overhang += excess;
                  moved = excess;
                }
            }
        }
      if (band == x_band && moved <= 0.5)
        break;
      x_band = band;
    }

  l->area = (FxPlotRect) { area_x, area_y, area_w, area_h };

  /* y tick labels, right-aligned against the area; in a very low area, those that
   * would touch the one below are left out */
  for (guint i = 0, first_y = l->labels->len; i < l->y.n_ticks && y_texts != NULL; i++)
    {
      const char *text = g_ptr_array_index (y_texts, i);
      double w, h, y;
      FxPlotRect r;

      if (l->y.categorical && i % y_stride != 0)
        continue;
      measure (f, FX_PLOT_TEXT_Y_TICK, text, &w, &h);
      y = fx_plot_y_to_user (l, l->y.ticks[i]);
      r = (FxPlotRect) { area_x - gap - w, y - h / 2, w, h };
      if (l->labels->len > first_y
          && rects_overlap (&g_array_index (l->labels, FxPlotLabel, l->labels->len - 1).rect, &r))
        continue;
      add_label (f, FX_PLOT_TEXT_Y_TICK, g_strdup (text), r.x, r.y, r.width, r.height, FALSE,
                 (int) i);
    }

  /* x tick labels, below the area; any that would touch a y label is left out */
  {
    guint first_x = l->labels->len;

    for (guint i = 0; i < l->x.n_ticks && i < x_texts->len; i++)
      {
        const char *text = g_ptr_array_index (x_texts, i);
        double x = fx_plot_x_to_user (l, l->x.ticks[i]), w, h;
        FxPlotRect r;
        gboolean clear = TRUE;

        if (l->x.categorical && i % x_stride != 0)
          continue;
        measure (f, FX_PLOT_TEXT_X_TICK, text, &w, &h);
        if (x_vertical)
          r = (FxPlotRect) { x - h / 2, area_y + area_h + gap, h, w };
        else
          r = (FxPlotRect) { x - w / 2, area_y + area_h + gap, w, h };
        r.x = CLAMP (r.x, 0, MAX (l->width - r.width, 0));
        for (guint k = 0; k < l->labels->len && clear; k++)
          {
            const FxPlotLabel *other = &g_array_index (l->labels, FxPlotLabel, k);

            if ((other->role == FX_PLOT_TEXT_Y_TICK || k >= first_x)
                && rects_overlap (&other->rect, &r))
              clear = FALSE;
          }
        if (clear)
          add_label (f, FX_PLOT_TEXT_X_TICK, g_strdup (text), r.x, r.y, r.width, r.height,
                     x_vertical, (int) i);
      }
  }

  /* axis titles, centred on the area */
  if (plot->x_title != NULL)
    {
      char *text = ellipsize (f, FX_PLOT_TEXT_AXIS_TITLE, plot->x_title, MAX (area_w, 0));
      double w = text_width (f, FX_PLOT_TEXT_AXIS_TITLE, text);
      double x = CLAMP (area_x + (area_w - w) / 2, f->pad, MAX (l->width - f->pad - w, f->pad));

      add_label (f, FX_PLOT_TEXT_AXIS_TITLE, text, x, l->height - f->pad - x_title_h, w,
                 x_title_h, FALSE, -1);
    }
  if (plot->y_title != NULL)
    {
      char *text = ellipsize (f, FX_PLOT_TEXT_AXIS_TITLE, plot->y_title, MAX (area_h, 0));
      double w = text_width (f, FX_PLOT_TEXT_AXIS_TITLE, text);
      double h = line_height (f, FX_PLOT_TEXT_AXIS_TITLE);

      add_label (f, FX_PLOT_TEXT_AXIS_TITLE, text, f->pad, area_y + (area_h - w) / 2, h, w,
                 TRUE, -1);
    }

  spec_clear (&xs);
  spec_clear (&ys);
}

/* ---- Heatmaps ------------------------------------------------------------------- */

/* At most @most ticks of a colour bar over @lo..@hi, with their texts. */
static void
thin_scale (double       lo,
            double       hi,
            guint        most,
            FxPlotTicks *ticks,
            GPtrArray   *texts)
{
  g_ptr_array_set_size (texts, 0);
  for (guint want = most; want >= 2; want--)
    if (fx_plot_nice_ticks (lo, hi, want, FALSE, ticks) && ticks->n <= most)
      break;
  if (ticks->n > most)
    ticks->n = 0;
  for (guint i = 0; i < ticks->n; i++)
    g_ptr_array_add (texts, fx_plot_format_tick (ticks->values[i], ticks->step));
}

static void
fit_heatmap (Fit *f)
{
  FxPlotLayout *l = f->layout;
  const FxPlot *plot = f->plot;
  guint rows = plot->row_names->len, cols = plot->column_names->len;
  guint n_panels = plot->panel_values->len;
  double top = fit_header (f), bottom = l->height - f->pad;
  double th = line_height (f, FX_PLOT_TEXT_Y_TICK), gap = TICK_GAP * f->fs;
  double scale_w = SCALE_WIDTH * f->fs, scale_labels = 0, last_labels = 0, title_band = 0;
  double row_band = 0, col_band = 0, cell, block_w, x0, avail_w, avail_h, mid_band = 0, last_band = 0;
  double max_row = MAX_LABEL_SHARE * 0.75 * l->width;
  double max_col = MIN (MAX_LABEL_SHARE * 0.75 * l->height, 12 * f->fs);
  gboolean col_vertical = FALSE;
  guint row_stride, col_stride;
  gboolean own_last = plot->own_last_scale && n_panels > 1;
  FxPlotTicks ticks, last_ticks = { 0 };
  g_autoptr(GPtrArray) scale_texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) last_texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) row_texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) col_texts = g_ptr_array_new_with_free_func (g_free);
  double widest_col = 0;

  axis_set_categories (&l->x, cols, FALSE);
  axis_set_categories (&l->y, rows, TRUE);
  if (n_panels == 0 || rows == 0 || cols == 0)
    {
      l->area = (FxPlotRect) { f->pad, top, 0, 0 };
      return;
    }

  /* the colour bar's ticks */
  if (!fx_plot_nice_ticks (plot->scale_lo, plot->scale_hi, 5, FALSE, &ticks))
    ticks.n = 0;
  for (guint i = 0; i < ticks.n; i++)
    {
      char *text = fx_plot_format_tick (ticks.values[i], ticks.step);

      scale_labels = MAX (scale_labels, text_width (f, FX_PLOT_TEXT_SCALE_TICK, text));
      g_ptr_array_add (scale_texts, text);
    }
  /* the last panel's own bar sits after it, the shared one between the panels */
  if (own_last)
    {
      if (!fx_plot_nice_ticks (plot->last_lo, plot->last_hi, 5, FALSE, &last_ticks))
        last_ticks.n = 0;
      for (guint i = 0; i < last_ticks.n; i++)
        {
          char *text = fx_plot_format_tick (last_ticks.values[i], last_ticks.step);

          last_labels = MAX (last_labels, text_width (f, FX_PLOT_TEXT_SCALE_TICK, text));
          g_ptr_array_add (last_texts, text);
        }
      mid_band = scale_w + gap + scale_labels + PANEL_GAP * f->fs;
      last_band = PANEL_GAP * f->fs + scale_w + gap + last_labels;
    }
  else
    last_band = PANEL_GAP * f->fs + scale_w + gap + scale_labels;

  for (guint p = 0; p < n_panels; p++)
    if (*(char *) g_ptr_array_index (plot->panel_titles, p) != '\0')
      title_band = line_height (f, FX_PLOT_TEXT_PANEL_TITLE) + 0.4 * f->fs;

  for (guint r = 0; r < rows; r++)
    {
      char *text = ellipsize_category (f, FX_PLOT_TEXT_Y_TICK,
                                       g_ptr_array_index (plot->row_names, r), max_row);

      row_band = MAX (row_band, text_width (f, FX_PLOT_TEXT_Y_TICK, text));
      g_ptr_array_add (row_texts, text);
    }
  for (guint c = 0; c < cols; c++)
    widest_col = MAX (widest_col, text_width (f, FX_PLOT_TEXT_X_TICK,
                                              g_ptr_array_index (plot->column_names, c)));

  /* square cells as large as the room allows; column labels level when they fit
   * under their cells, else upright */
  avail_w = l->width - 2 * f->pad - (row_band + gap) - (n_panels - 1) * PANEL_GAP * f->fs
            - mid_band - last_band;
  avail_h = bottom - top - title_band - (th + gap);
  cell = MIN (avail_w / (n_panels * cols), avail_h / rows);
  if (widest_col + LABEL_GAP * f->fs > cell)
    {
      col_vertical = TRUE;
      for (guint c = 0; c < cols; c++)
        {
          char *text = ellipsize_category (f, FX_PLOT_TEXT_X_TICK,
                                           g_ptr_array_index (plot->column_names, c), max_col);

          col_band = MAX (col_band, text_width (f, FX_PLOT_TEXT_X_TICK, text));
          g_ptr_array_add (col_texts, text);
        }
      avail_h = bottom - top - title_band - (col_band + gap);
      cell = MIN (avail_w / (n_panels * cols), avail_h / rows);
    }
  else
    {
      col_band = th;
      for (guint c = 0; c < cols; c++)
        g_ptr_array_add (col_texts, g_strdup (g_ptr_array_index (plot->column_names, c)));
    }
  cell = MAX (cell, 0);
  row_stride = cell > 0 ? MAX ((guint) ceil ((th + 0.1 * f->fs) / cell), 1) : rows;
  col_stride = col_vertical && cell > 0 ? MAX ((guint) ceil ((th + 0.1 * f->fs) / cell), 1) : 1;

  /* the block centred in the room left */
  block_w = row_band + gap + n_panels * cols * cell + (n_panels - 1) * PANEL_GAP * f->fs
            + mid_band + last_band;
  x0 = f->pad + MAX ((l->width - 2 * f->pad - block_w) / 2, 0);
  top += MAX ((bottom - top - (title_band + rows * cell + gap + col_band)) / 2, 0);

  l->n_panels = n_panels;
  l->panels = g_new (FxPlotRect, n_panels);
  for (guint p = 0; p < n_panels; p++)
    {
      l->panels[p].x = x0 + row_band + gap + p * (cols * cell + PANEL_GAP * f->fs)
                       + (own_last && p + 1 == n_panels ? mid_band : 0);
      l->panels[p].y = top + title_band;
      l->panels[p].width = cols * cell;
      l->panels[p].height = rows * cell;
    }
  l->area.x = l->panels[0].x;
  l->area.y = l->panels[0].y;
  l->area.width = l->panels[n_panels - 1].x + l->panels[n_panels - 1].width - l->area.x;
  l->area.height = rows * cell;
  if (own_last)
    {
      const FxPlotRect *before = &l->panels[n_panels - 2];

      l->scale_bar = (FxPlotRect) { before->x + before->width + PANEL_GAP * f->fs, l->area.y,
                                    scale_w, l->area.height };
      l->last_bar = (FxPlotRect) { l->area.x + l->area.width + PANEL_GAP * f->fs, l->area.y,
                                   scale_w, l->area.height };
    }
  else
    l->scale_bar = (FxPlotRect) { l->area.x + l->area.width + PANEL_GAP * f->fs, l->area.y,
                                  scale_w, l->area.height };

  for (guint p = 0; p < n_panels; p++)
    {
      const FxPlotRect *panel = &l->panels[p];
      const char *title = g_ptr_array_index (plot->panel_titles, p);

      if (*title != '\0')
        {
          char *text = ellipsize (f, FX_PLOT_TEXT_PANEL_TITLE, title, panel->width);
          double w, h;

          measure (f, FX_PLOT_TEXT_PANEL_TITLE, text, &w, &h);
          add_label (f, FX_PLOT_TEXT_PANEL_TITLE, text, panel->x + (panel->width - w) / 2,
                     panel->y - title_band, w, h, FALSE, (int) p);
        }
      for (guint c = 0; c < cols; c += col_stride)
        {
          const char *text = g_ptr_array_index (col_texts, c);
          double cx = panel->x + (c + 0.5) * cell, w, h;

          measure (f, FX_PLOT_TEXT_X_TICK, text, &w, &h);
          if (col_vertical)
            add_label (f, FX_PLOT_TEXT_X_TICK, g_strdup (text), cx - h / 2,
                       panel->y + panel->height + gap, h, w, TRUE, (int) c);
          else
            add_label (f, FX_PLOT_TEXT_X_TICK, g_strdup (text), cx - w / 2,
                       panel->y + panel->height + gap, w, h, FALSE, (int) c);
        }
    }
  for (guint r = 0; r < rows; r += row_stride)
    {
      const char *text = g_ptr_array_index (row_texts, r);
      double w, h;

      measure (f, FX_PLOT_TEXT_Y_TICK, text, &w, &h);
      add_label (f, FX_PLOT_TEXT_Y_TICK, g_strdup (text), l->panels[0].x - gap - w,
                 l->panels[0].y + (r + 0.5) * cell - h / 2, w, h, FALSE, (int) r);
    }

  /* values in the cells when they are large enough to read */
  {
    double cw = text_width (f, FX_PLOT_TEXT_CELL, "−0.00"), ch = line_height (f, FX_PLOT_TEXT_CELL);

    if (cell >= cw + 0.4 * f->fs && cell >= ch * 1.3)
      for (guint p = 0; p < n_panels; p++)
        for (guint r = 0; r < rows; r++)
          for (guint c = 0; c < cols; c++)
            {
              double v = fx_plot_cell_value (plot, p, r, c), w, h;
              char *text;

              if (isnan (v))
                continue;
              text = g_strdup_printf ("%.2f", v);
              if (text[0] == '-')
                {
                  char *minus = g_strconcat ("−", text + 1, NULL);

                  g_free (text);
                  text = minus;
                }
              if (g_str_equal (text, "−0.00"))
                {
                  g_free (text);
                  text = g_strdup ("0.00");
                }
              measure (f, FX_PLOT_TEXT_CELL, text, &w, &h);
              add_label (f, FX_PLOT_TEXT_CELL, text,
                         l->panels[p].x + (c + 0.5) * cell - w / 2,
                         l->panels[p].y + (r + 0.5) * cell - h / 2, w, h, FALSE,
                         (int) ((p * rows + r) * cols + c));
            }
  }

  /* a short bar has room for fewer labels than the widths above allowed for: its ticks
   * again, as many as fit */
  {
    guint fit = (guint) CLAMP (floor (l->scale_bar.height / (1.4 * th)) + 1, 2, 5);

    if (fit < 5)
      {
        thin_scale (plot->scale_lo, plot->scale_hi, fit, &ticks, scale_texts);
        if (own_last)
          thin_scale (plot->last_lo, plot->last_hi, fit, &last_ticks, last_texts);
      }
  }

  /* the colour bar's labels beside it */
  for (guint i = 0; i < ticks.n; i++)
    {
      const char *text = g_ptr_array_index (scale_texts, i);
      double t = (ticks.values[i] - plot->scale_lo) / (plot->scale_hi - plot->scale_lo);
      double y = l->scale_bar.y + (1 - t) * l->scale_bar.height, w, h;

      measure (f, FX_PLOT_TEXT_SCALE_TICK, text, &w, &h);
      add_label (f, FX_PLOT_TEXT_SCALE_TICK, g_strdup (text),
                 l->scale_bar.x + l->scale_bar.width + gap, y - h / 2, w, h, FALSE, (int) i);
    }
  for (guint i = 0; i < last_ticks.n; i++)
    {
      const char *text = g_ptr_array_index (last_texts, i);
      double t = (last_ticks.values[i] - plot->last_lo) / (plot->last_hi - plot->last_lo);
      double y = l->last_bar.y + (1 - t) * l->last_bar.height, w, h;

      measure (f, FX_PLOT_TEXT_SCALE_TICK, text, &w, &h);
      add_label (f, FX_PLOT_TEXT_SCALE_TICK, g_strdup (text),
                 l->last_bar.x + l->last_bar.width + gap, y - h / 2, w, h, FALSE,
                 (int) (ticks.n + i));
    }
}

/* ---- ECDF annotations ----------------------------------------------------------- */

static char *
ks_text (const FxPlot *plot,
         guint         series)
{
  double d = plot->marks[series].statistic;
  g_autofree char *value = d > 0 && d < 0.0005 ? g_strdup ("D < 0.001")
                                               : g_strdup_printf ("D = %.3f", d);

  if (plot->series_names->len > 2)
    return g_strdup_printf ("%s: %s", (char *) g_ptr_array_index (plot->series_names, series),
                            value);
  return g_steal_pointer (&value);
}

/* "D = 0.123" beside each KS segment, on whichever side has room, moved along the
 * segment's height until it clears the labels already placed. */
static void
fit_ks_labels (Fit *f)
{
  FxPlotLayout *l = f->layout;
  const FxPlot *plot = f->plot;
  const FxPlotRect *a = &l->area;
  guint first = l->labels->len;

  for (guint s = 1; s < plot->series_names->len; s++)
    {
      const FxKsMark *m = &plot->marks[s];
      double x, y, w, h, off = 0.5 * f->fs;
      char *text;
      FxPlotRect r;

      if (isnan (m->statistic))
        continue;
      text = ks_text (plot, s);
      measure (f, FX_PLOT_TEXT_ANNOTATION, text, &w, &h);
      x = fx_plot_x_to_user (l, m->location);
      y = (fx_plot_y_to_user (l, m->real_cdf) + fx_plot_y_to_user (l, m->synthetic_cdf)) / 2;
      r = (FxPlotRect) { x + off, y - h / 2, w, h };
      if (r.x + w > a->x + a->width)
        r.x = x - off - w;
      r.x = CLAMP (r.x, a->x, MAX (a->x + a->width - w, a->x));
      for (guint tries = 0; tries < 8; tries++)
        {
          gboolean clear = TRUE;

          for (guint k = first; k < l->labels->len; k++)
            if (rects_overlap (&g_array_index (l->labels, FxPlotLabel, k).rect, &r))
              clear = FALSE;
          if (clear)
            break;
          r.y += h * 1.1 * (tries % 2 == 0 ? (tries + 1) : -(double) (tries + 1));
        }
      r.y = CLAMP (r.y, a->y, MAX (a->y + a->height - h, a->y));
      add_label (f, FX_PLOT_TEXT_ANNOTATION, text, r.x, r.y, r.width, r.height, FALSE, (int) s);
    }
}

/* ---- Layout --------------------------------------------------------------------- */

static void
label_clear (gpointer data)
{
  FxPlotLabel *label = data;

  g_free (label->text);
}

FxPlotLayout *
fx_plot_layout_new (const FxPlot      *plot,
                    const FxPlotStyle *style,
                    double             width,
                    double             height)
{
  PangoContext *context;  /* no autoptr for it in Pango 1.50 */
  FxPlotLayout *layout;
  Fit f;

  g_return_val_if_fail (plot != NULL, NULL);
  g_return_val_if_fail (style != NULL, NULL);

  layout = g_new0 (FxPlotLayout, 1);
  layout->width = MAX (width, 0);
  layout->height = MAX (height, 0);
  layout->style = *style;
  layout->labels = g_array_new (FALSE, TRUE, sizeof (FxPlotLabel));
  g_array_set_clear_func (layout->labels, label_clear);

  context = fx_plot_pango_context ();
  f.plot = plot;
  f.layout = layout;
  f.style = &layout->style;
  f.context = context;
  f.fs = MAX (style->font_size, 1);
  f.pad = PAD * f.fs;

  if (plot->kind == FX_PLOT_HEATMAP)
    fit_heatmap (&f);
  else
    fit_axes (&f);
  if (plot->kind == FX_PLOT_ECDF)
    fit_ks_labels (&f);
  g_object_unref (context);
  return layout;
}

void
fx_plot_layout_free (FxPlotLayout *layout)
{
  if (layout == NULL)
    return;
  g_free (layout->x.ticks);
  g_free (layout->y.ticks);
  g_array_unref (layout->labels);
  g_free (layout->panels);
  g_free (layout);
}

/* ---- Geometry that drawing and hit testing use alike --------------------------- */

void
fx_plot_bar_rect (const FxPlot       *plot,
                  const FxPlotLayout *layout,
                  guint               category,
                  guint               series,
                  FxPlotRect         *rect)
{
  guint n_series = MAX (plot->series_names->len, 1);
  guint n_categories = MAX (plot->categories->len, 1);
  double slot = layout->area.width / n_categories;
  double group = slot * (n_series > 1 ? 0.8 : 0.6);
  double bar = group / n_series;
  double value = plot->shares[(gsize) series * plot->categories->len + category];
  double y0 = fx_plot_y_to_user (layout, 0);
  double y1 = fx_plot_y_to_user (layout, isfinite (value) ? value : 0);

  rect->x = layout->area.x + category * slot + (slot - group) / 2 + series * bar;
  rect->width = bar;
  rect->y = MIN (y0, y1);
  rect->height = fabs (y0 - y1);
}

void
fx_plot_score_rect (const FxPlot       *plot,
                    const FxPlotLayout *layout,
                    guint               rank,
                    FxPlotRect         *rect)
{
  const FxPlotScore *s = &g_array_index (plot->scores, FxPlotScore, rank);
  double slot = layout->area.height / MAX (plot->scores->len, 1);
  double bar = MAX (slot * 0.62, MIN (slot, 1.0));
  double x0 = fx_plot_x_to_user (layout, 0);
  double x1 = fx_plot_x_to_user (layout, isfinite (s->value) ? s->value : 0);

  rect->x = MIN (x0, x1);
  rect->width = fabs (x1 - x0);
  rect->y = layout->area.y + rank * slot + (slot - bar) / 2;
  rect->height = bar;
}

static gboolean
inside (const FxPlotRect *r,
        double            x,
        double            y)
{
  return x >= r->x && x < r->x + r->width && y >= r->y && y < r->y + r->height;
}

gboolean
fx_plot_hit_test (const FxPlot       *plot,
                  const FxPlotLayout *layout,
                  double              x,
                  double              y,
                  FxPlotHit          *hit)
{
  g_return_val_if_fail (plot != NULL && layout != NULL && hit != NULL, FALSE);

  memset (hit, 0, sizeof *hit);
  hit->value = NAN;
  switch (plot->kind)
    {
    case FX_PLOT_HEATMAP:
      for (guint p = 0; p < layout->n_panels; p++)
        {
          const FxPlotRect *r = &layout->panels[p];
          double cell = r->width / MAX (plot->column_names->len, 1);

          if (!inside (r, x, y) || cell <= 0)
            continue;
          hit->panel = p;
          hit->column = MIN ((guint) ((x - r->x) / cell), plot->column_names->len - 1);
          hit->row = MIN ((guint) ((y - r->y) / cell), plot->row_names->len - 1);
          hit->value = fx_plot_cell_value (plot, p, hit->row, hit->column);
          hit->row_name = g_ptr_array_index (plot->row_names, hit->row);
          hit->column_name = g_ptr_array_index (plot->column_names, hit->column);
          return TRUE;
        }
      return FALSE;

    case FX_PLOT_BARS:
      /* anywhere in a bar's column counts, so short bars are easy to hover */
      if (!inside (&layout->area, x, y))
        return FALSE;
      for (guint c = 0; c < plot->categories->len; c++)
        for (guint s = 0; s < plot->series_names->len; s++)
          {
            FxPlotRect r;

            fx_plot_bar_rect (plot, layout, c, s, &r);
            if (x >= r.x && x < r.x + r.width)
              {
                hit->row = c;
                hit->column = s;
                hit->value = plot->shares[(gsize) s * plot->categories->len + c];
                hit->row_name = g_ptr_array_index (plot->categories, c);
                hit->column_name = g_ptr_array_index (plot->series_names, s);
                return TRUE;
              }
          }
      return FALSE;

    case FX_PLOT_SCORES:
      if (!inside (&layout->area, x, y) || plot->scores->len == 0)
        return FALSE;
      {
        guint rank = (guint) ((y - layout->area.y) / (layout->area.height / plot->scores->len));
        const FxPlotScore *s;

        rank = MIN (rank, plot->scores->len - 1);
        s = &g_array_index (plot->scores, FxPlotScore, rank);
        hit->row = rank;
        hit->value = s->value;
        hit->row_name = s->name;
        return TRUE;
      }

    case FX_PLOT_HISTOGRAM:
    case FX_PLOT_ECDF:
    case FX_PLOT_LINES:
    case FX_PLOT_FOREST:
    default:
      return FALSE;
    }
}
