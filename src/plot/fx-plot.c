/* fx-plot.c: plot descriptions, styles, ticks and files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "fx-file.h"
#include "fx-plot-private.h"

/* Largest image side written, in pixels or points. */
#define MAX_SIDE 16384

G_DEFINE_QUARK (fx-plot-error-quark, fx_plot_error)

/* ---- Style -------------------------------------------------------------------------- */

static void
set_hex (FxPlotColor *color,
         guint32      rgb,
         double       alpha)
{
  color->red = ((rgb >> 16) & 0xff) / 255.0;
  color->green = ((rgb >> 8) & 0xff) / 255.0;
  color->blue = (rgb & 0xff) / 255.0;
  color->alpha = alpha;
}

void
fx_plot_style_init (FxPlotStyle *style,
                    gboolean     dark)
{
  /* Okabe and Ito's colour-blind-safe set; the real data take the blue that reads
   * best on each background, yellow only where it has contrast */
  static const guint32 light_series[FX_PLOT_N_SERIES_COLORS] = {
    0x0072b2, 0xe69f00, 0x009e73, 0xd55e00, 0xcc79a7, 0x56b4e9,
  };
  static const guint32 dark_series[FX_PLOT_N_SERIES_COLORS] = {
    0x56b4e9, 0xe69f00, 0x009e73, 0xd55e00, 0xcc79a7, 0xf0e442,
  };

  g_return_if_fail (style != NULL);

  memset (style, 0, sizeof *style);
  style->dark = dark;
  style->paint_background = TRUE;
  style->font_family = "Sans";
  style->font_size = 13;
  if (dark)
    {
      set_hex (&style->background, 0x1e1e1e, 1);
      set_hex (&style->foreground, 0xffffff, 1);
      set_hex (&style->secondary, 0xffffff, 0.72);
      set_hex (&style->grid, 0xffffff, 0.10);
      set_hex (&style->axis, 0xffffff, 0.45);
      set_hex (&style->missing, 0x505050, 1);
    }
  else
    {
      set_hex (&style->background, 0xffffff, 1);
      set_hex (&style->foreground, 0x000000, 0.85);
      set_hex (&style->secondary, 0x000000, 0.64);
      set_hex (&style->grid, 0x000000, 0.09);
      set_hex (&style->axis, 0x000000, 0.42);
      set_hex (&style->missing, 0xd4d4d4, 1);
    }
  for (guint i = 0; i < FX_PLOT_N_SERIES_COLORS; i++)
    set_hex (&style->series[i], dark ? dark_series[i] : light_series[i], 1);
}

const FxPlotColor *
fx_plot_series_color (const FxPlotStyle *style,
                      guint              series)
{
  return &style->series[series % FX_PLOT_N_SERIES_COLORS];
}

static double
lab_f_inverse (double t)
{
  const double d = 6.0 / 29.0;

  return t > d ? t * t * t : 3 * d * d * (t - 4.0 / 29.0);
}

static double
srgb_gamma (double v)
{
  v = v <= 0.0031308 ? 12.92 * v : 1.055 * pow (v, 1 / 2.4) - 0.055;
  return CLAMP (v, 0.0, 1.0);
}

/* CIELAB (D65) to sRGB, clipped to the gamut */
static void
lab_to_color (const double  lab[3],
              FxPlotColor  *color)
{
  double fy = (lab[0] + 16) / 116, fx = fy + lab[1] / 500, fz = fy - lab[2] / 200;
  double x = 0.95047 * lab_f_inverse (fx), y = lab_f_inverse (fy);
  double z = 1.08883 * lab_f_inverse (fz);

  color->red = srgb_gamma (3.2404542 * x - 1.5371385 * y - 0.4985314 * z);
  color->green = srgb_gamma (-0.9692660 * x + 1.8760108 * y + 0.0415560 * z);
  color->blue = srgb_gamma (0.0556434 * x - 0.2040259 * y + 1.0572252 * z);
  color->alpha = 1;
}

void
fx_plot_style_diverging (const FxPlotStyle *style,
                         double             t,
                         FxPlotColor       *color)
{
  /* the ends are darker than the middle on light backgrounds and lighter than it
   * on dark ones, so |t| always reads as contrast against the page */
  static const double light[3][3] = {
    { 38, 12, -52 },  /* -1: deep blue */
    { 97, 0, 0 },     /*  0: near white */
    { 42, 58, 42 },   /* +1: strong red */
  };
  static const double dark[3][3] = {
    { 62, -4, -44 },
    { 24, 0, 0 },
    { 60, 52, 40 },
  };
  const double (*ramp)[3] = style != NULL && style->dark ? dark : light;
  const double *end;
  double lab[3];

  g_return_if_fail (color != NULL);

  if (isnan (t))
    t = 0;
  t = CLAMP (t, -1.0, 1.0);
  end = t < 0 ? ramp[0] : ramp[2];
  for (guint i = 0; i < 3; i++)
    lab[i] = ramp[1][i] + (end[i] - ramp[1][i]) * fabs (t);
  lab_to_color (lab, color);
}

/* ---- Ticks -------------------------------------------------------------------------- */

/* Exact powers of ten up to 10^22, so that k * step / 10^e is the decimal number. */
static double
power_of_ten (int e)
{
  return pow (10.0, (double) e);
}

static double
tick_value (double k,
            double mantissa,
            int    exponent)
{
  double v = exponent >= 0 ? k * mantissa * power_of_ten (exponent)
                           : (k * mantissa) / power_of_ten (-exponent);

  return v == 0 ? 0 : v;   /* no -0 */
}

gboolean
fx_plot_nice_ticks (double       min,
                    double       max,
                    guint        max_ticks,
                    gboolean     cover,
                    FxPlotTicks *ticks)
{
  static const double mantissas[] = { 1, 2, 5 };
  const double eps = 1e-9;
  double range, best_n = 0, best_first = 0, best_mantissa = 1;
  int exponent, best_exponent = 0;

  g_return_val_if_fail (ticks != NULL, FALSE);

  memset (ticks, 0, sizeof *ticks);
  if (!isfinite (min) || !isfinite (max))
    return FALSE;
  max_ticks = CLAMP (max_ticks, 2, FX_PLOT_MAX_TICKS);
  if (min > max)
    {
      double t = min;

      min = max;
      max = t;
    }
  if (min == max)
    {
      double half = min != 0 ? fabs (min) * 0.05 : 0.5;

      min -= half;
      max += half;
    }
  range = max - min;
  if (!isfinite (range) || !(range > 0))
    return FALSE;

  /* the smallest 1-2-5 step that needs no more than max_ticks ticks; the step can
   * be no smaller than range / (max_ticks - 1), so start a decade below that.  Two
   * covering ticks cannot span 0, so failing that, the fewest ticks that work. */
  exponent = (int) floor (log10 (range / (max_ticks - 1))) - 1;
  for (int attempt = 0; attempt < 4; attempt++, exponent++)
    for (guint m = 0; m < G_N_ELEMENTS (mantissas); m++)
      {
        double step = tick_value (1, mantissas[m], exponent);
        double first, last, n;

        if (!(step > 0) || !isfinite (step))
          return FALSE;
        if (cover)
          {
            first = floor (min / step + eps);
            last = ceil (max / step - eps);
          }
        else
          {
            first = ceil (min / step - eps);
            last = floor (max / step + eps);
          }
        n = last - first + 1;
        if (n < (cover ? 2 : 1) || (best_n > 0 && n >= best_n))
          continue;
        best_n = n;
        best_first = first;
        best_mantissa = mantissas[m];
        best_exponent = exponent;
        if (n <= max_ticks)
          goto found;
      }
  if (best_n <= 0 || best_n > FX_PLOT_MAX_TICKS)
    return FALSE;

found:
  ticks->step = tick_value (1, best_mantissa, best_exponent);
  ticks->n = (guint) best_n;
  for (guint i = 0; i < ticks->n; i++)
    ticks->values[i] = tick_value (best_first + i, best_mantissa, best_exponent);
  return TRUE;
}

static void
append_superscript (GString *out,
                    int      n)
{
  static const char *digits[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  char buf[16];

  if (n < 0)
    g_string_append (out, "⁻");
  g_snprintf (buf, sizeof buf, "%d", ABS (n));
  for (const char *p = buf; *p; p++)
    g_string_append (out, digits[*p - '0']);
}

char *
fx_plot_format_tick (double value,
                     double step)
{
  GString *out = g_string_new (NULL);
  double mag = fabs (value);
  int step_exp;
  char buf[64];

  step = fabs (step);
  if (!isfinite (value))
    return g_string_free (out, FALSE);
  if (!(step > 0) || !isfinite (step))
    step = mag > 0 ? mag : 1;
  if (mag < step * 1e-9)
    {
      g_string_append (out, "0");
      return g_string_free (out, FALSE);
    }
  step_exp = (int) floor (log10 (step) + 1e-9);

  if (value < 0)
    g_string_append (out, "−");
  if (mag >= 1e-4 && mag < 1e6)
    {
      g_snprintf (buf, sizeof buf, "%.*f", MIN (MAX (0, -step_exp), 17), mag);
      g_string_append (out, buf);
    }
  else
    {
      int e = (int) floor (log10 (mag) + 1e-12);
      double mantissa = mag / power_of_ten (e);
      int decimals = MIN (MAX (0, e - step_exp), 15);

      g_snprintf (buf, sizeof buf, "%.*f", decimals, mantissa);
      if (g_str_has_prefix (buf, "10"))
        {
          /* 9.99... rounded up to the next power */
          e++;
          g_snprintf (buf, sizeof buf, "%.*f", MAX (decimals - 1, 0), mag / power_of_ten (e));
        }
      if (!g_str_equal (buf, "1"))
        {
          g_string_append (out, buf);
          g_string_append (out, "×");
        }
      g_string_append (out, "10");
      append_superscript (out, e);
    }
  return g_string_free (out, FALSE);
}

char *
fx_plot_axis_title (const char *name,
                    const char *unit)
{
  g_return_val_if_fail (name != NULL, NULL);

  if (unit == NULL || *unit == '\0')
    return g_strdup (name);
  return g_strdup_printf ("%s (%s)", name, unit);
}

/* ---- Plots -------------------------------------------------------------------------- */

static void
curve_clear (gpointer data)
{
  FxPlotCurve *curve = data;

  g_free (curve->x);
  g_free (curve->y);
}

static void
score_clear (gpointer data)
{
  FxPlotScore *score = data;

  g_free (score->name);
}

static void
add_curve (FxPlot       *plot,
           const double *x,
           const double *y,
           gsize         n)
{
  FxPlotCurve curve = { n, g_memdup2 (x, n * sizeof (double)),
                        g_memdup2 (y, n * sizeof (double)) };

  g_array_append_val (plot->curves, curve);
}

static FxPlot *
plot_new (FxPlotKind kind,
          guint      n_series)
{
  FxPlot *plot = g_new0 (FxPlot, 1);

  plot->kind = kind;
  plot->series_names = g_ptr_array_new_with_free_func (g_free);
  plot->curves = g_array_new (FALSE, TRUE, sizeof (FxPlotCurve));
  g_array_set_clear_func (plot->curves, curve_clear);

  for (guint i = 0; i < n_series; i++)
    {
      if (i == 0)
        g_ptr_array_add (plot->series_names, g_strdup (_("Real")));
      else if (n_series == 2)
        g_ptr_array_add (plot->series_names, g_strdup (_("Synthetic")));
      else
        g_ptr_array_add (plot->series_names, g_strdup_printf (_("Synthetic %u"), i));
    }
  return plot;
}

FxPlot *
fx_plot_new_histogram (const FxHistogram *histogram,
                       const FxKde       *kde)
{
  FxPlot *plot;

  g_return_val_if_fail (histogram != NULL, NULL);
  g_return_val_if_fail (kde == NULL || kde->n_samples == histogram->n_samples, NULL);

  plot = plot_new (FX_PLOT_HISTOGRAM, histogram->n_samples);
  plot->n_bins = histogram->n_bins;
  plot->edges = g_memdup2 (histogram->edges, (histogram->n_bins + 1) * sizeof (double));
  plot->bins = g_memdup2 (histogram->density,
                          histogram->n_samples * histogram->n_bins * sizeof (double));
  plot->sizes = g_memdup2 (histogram->sizes, histogram->n_samples * sizeof (gsize));
  if (kde != NULL)
    for (guint s = 0; s < kde->n_samples; s++)
      add_curve (plot, kde->x, kde->density + s * kde->n_points,
                 histogram->sizes[s] > 0 ? kde->n_points : 0);
  plot->discrete = fx_histogram_is_discrete (histogram);
  plot->y_title = g_strdup (plot->discrete ? _("Share") : _("Density"));
  return plot;
}

FxPlot *
fx_plot_new_ecdf (const FxEcdf *ecdf)
{
  FxPlot *plot;

  g_return_val_if_fail (ecdf != NULL, NULL);

  plot = plot_new (FX_PLOT_ECDF, ecdf->n_samples);
  plot->sizes = g_new (gsize, ecdf->n_samples);
  for (guint s = 0; s < ecdf->n_samples; s++)
    {
      add_curve (plot, ecdf->curves[s].x, ecdf->curves[s].y, ecdf->curves[s].n_points);
      plot->sizes[s] = ecdf->curves[s].n_points;
    }
  plot->marks = g_memdup2 (ecdf->marks, ecdf->n_samples * sizeof (FxKsMark));
  plot->y_title = g_strdup (_("Share of records at or below"));
  return plot;
}

/* A label as a plot keeps it: at most this many characters, the rest cut with "…",
 * so that a label of hundreds of megabytes costs no more to lay out than a short one. */
#define LABEL_MAX_CHARS 200

static char *
cut_label (const char *label)
{
  const char *p = label;

  for (guint n = 0; *p != '\0' && n < LABEL_MAX_CHARS; n++)
    p = g_utf8_next_char (p);
  if (*p == '\0')
    return g_strdup (label);
  return g_strdup_printf ("%.*s…", (int) (p - label), label);
}

FxPlot *
fx_plot_new_bars (const FxShares *shares)
{
  FxPlot *plot;
  gsize n;

  g_return_val_if_fail (shares != NULL, NULL);

  plot = plot_new (FX_PLOT_BARS, shares->n_samples);
  plot->categories = g_ptr_array_new_with_free_func (g_free);
  for (guint k = 0; k < shares->categories->len; k++)
    g_ptr_array_add (plot->categories, cut_label (g_ptr_array_index (shares->categories, k)));
  n = (gsize) shares->n_samples * shares->categories->len;
  plot->shares = g_memdup2 (shares->shares, MAX (n, 1) * sizeof (double));
  plot->y_title = g_strdup (_("Share"));
  return plot;
}

static GPtrArray *
strv_to_array (const char * const *names,
               guint               n)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (out, g_strdup (names[i] != NULL ? names[i] : ""));
  return out;
}

FxPlot *
fx_plot_new_heatmap (const char * const *row_names,
                     guint               n_rows,
                     const char * const *column_names,
                     guint               n_columns)
{
  FxPlot *plot;

  g_return_val_if_fail (n_rows == 0 || row_names != NULL, NULL);
  g_return_val_if_fail (n_columns == 0 || column_names != NULL, NULL);

  plot = plot_new (FX_PLOT_HEATMAP, 0);
  plot->row_names = strv_to_array (row_names, n_rows);
  plot->column_names = strv_to_array (column_names, n_columns);
  plot->panel_titles = g_ptr_array_new_with_free_func (g_free);
  plot->panel_values = g_ptr_array_new_with_free_func (g_free);
  plot->scale_lo = -1;
  plot->scale_hi = 1;
  return plot;
}

void
fx_plot_add_panel (FxPlot       *plot,
                   const char   *title,
                   const double *values)
{
  gsize n;

  g_return_if_fail (plot != NULL && plot->kind == FX_PLOT_HEATMAP);

  n = (gsize) plot->row_names->len * plot->column_names->len;
  g_return_if_fail (n == 0 || values != NULL);
  g_ptr_array_add (plot->panel_titles, g_strdup (title != NULL ? title : ""));
  g_ptr_array_add (plot->panel_values, g_memdup2 (values, MAX (n, 1) * sizeof (double)));
}

void
fx_plot_set_scale (FxPlot *plot,
                   double  lo,
                   double  hi)
{
  g_return_if_fail (plot != NULL && plot->kind == FX_PLOT_HEATMAP);
  g_return_if_fail (isfinite (lo) && isfinite (hi) && lo < hi);

  plot->scale_lo = lo;
  plot->scale_hi = hi;
}

void
fx_plot_set_last_scale (FxPlot *plot,
                        double  lo,
                        double  hi)
{
  g_return_if_fail (plot != NULL && plot->kind == FX_PLOT_HEATMAP);
  g_return_if_fail (isfinite (lo) && isfinite (hi) && lo < hi);

  plot->own_last_scale = TRUE;
  plot->last_lo = lo;
  plot->last_hi = hi;
}

void
fx_plot_panel_scale (const FxPlot *plot,
                     guint         panel,
                     double       *lo,
                     double       *hi)
{
  gboolean last = plot->own_last_scale && plot->panel_values->len > 1
                  && panel + 1 == plot->panel_values->len;

  *lo = last ? plot->last_lo : plot->scale_lo;
  *hi = last ? plot->last_hi : plot->scale_hi;
}

double
fx_plot_cell_value (const FxPlot *plot,
                    guint         panel,
                    guint         row,
                    guint         column)
{
  const double *values = g_ptr_array_index (plot->panel_values, panel);

  return values[(gsize) row * plot->column_names->len + column];
}

FxPlot *
fx_plot_new_scores (void)
{
  FxPlot *plot = plot_new (FX_PLOT_SCORES, 0);

  g_ptr_array_add (plot->series_names, g_strdup (_("Synthetic vs real")));
  g_ptr_array_add (plot->series_names, g_strdup (_("Real vs real (holdout)")));
  plot->scores = g_array_new (FALSE, TRUE, sizeof (FxPlotScore));
  g_array_set_clear_func (plot->scores, score_clear);
  return plot;
}

void
fx_plot_add_score (FxPlot     *plot,
                   const char *name,
                   double      value,
                   double      baseline)
{
  FxPlotScore score = { g_strdup (name != NULL ? name : ""), value, baseline };
  guint at = 0;

  g_return_if_fail (plot != NULL && plot->kind == FX_PLOT_SCORES);

  /* kept sorted, largest first and NaN last; equal scores keep their order */
  if (isnan (value))
    at = plot->scores->len;
  else
    while (at < plot->scores->len
           && !(g_array_index (plot->scores, FxPlotScore, at).value < value)
           && !isnan (g_array_index (plot->scores, FxPlotScore, at).value))
      at++;
  g_array_insert_val (plot->scores, at, score);
}

FxPlot *
fx_plot_new_kind (FxPlotKind kind)
{
  return plot_new (kind, 0);
}

void
fx_plot_set_line_markers (FxPlot   *plot,
                          gboolean  markers)
{
  g_return_if_fail (plot != NULL && plot->kind == FX_PLOT_LINES);

  plot->plain_lines = !markers;
}

FxPlot *
fx_plot_new_lines (void)
{
  return plot_new (FX_PLOT_LINES, 0);
}

void
fx_plot_add_line (FxPlot       *plot,
                  const char   *name,
                  const double *x,
                  const double *y,
                  gsize         n)
{
  g_return_if_fail (plot != NULL && plot->kind == FX_PLOT_LINES);
  g_return_if_fail (n == 0 || (x != NULL && y != NULL));

  add_curve (plot, x, y, n);
  g_ptr_array_add (plot->series_names, g_strdup (name != NULL ? name : ""));
}

void
fx_plot_free (FxPlot *plot)
{
  if (plot == NULL)
    return;
  g_free (plot->title);
  g_free (plot->x_title);
  g_free (plot->y_title);
  g_ptr_array_unref (plot->series_names);
  g_free (plot->edges);
  g_free (plot->bins);
  g_free (plot->sizes);
  g_array_unref (plot->curves);
  g_free (plot->marks);
  g_clear_pointer (&plot->categories, g_ptr_array_unref);
  g_free (plot->shares);
  g_clear_pointer (&plot->row_names, g_ptr_array_unref);
  g_clear_pointer (&plot->column_names, g_ptr_array_unref);
  g_clear_pointer (&plot->panel_titles, g_ptr_array_unref);
  g_clear_pointer (&plot->panel_values, g_ptr_array_unref);
  g_clear_pointer (&plot->scores, g_array_unref);
  g_clear_pointer (&plot->forest, g_array_unref);
  g_free (plot);
}

FxPlotKind
fx_plot_get_kind (const FxPlot *plot)
{
  g_return_val_if_fail (plot != NULL, FX_PLOT_HISTOGRAM);

  return plot->kind;
}

guint
fx_plot_get_n_series (const FxPlot *plot)
{
  g_return_val_if_fail (plot != NULL, 0);

  return plot->series_names->len;
}

static void
replace_string (char       **field,
                const char  *value)
{
  g_free (*field);
  *field = value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

void
fx_plot_set_title (FxPlot     *plot,
                   const char *title)
{
  g_return_if_fail (plot != NULL);

  replace_string (&plot->title, title);
}

void
fx_plot_set_x_title (FxPlot     *plot,
                     const char *title)
{
  g_return_if_fail (plot != NULL);

  replace_string (&plot->x_title, title);
}

void
fx_plot_set_y_title (FxPlot     *plot,
                     const char *title)
{
  g_return_if_fail (plot != NULL);

  replace_string (&plot->y_title, title);
}

void
fx_plot_set_series_name (FxPlot     *plot,
                         guint       series,
                         const char *name)
{
  g_return_if_fail (plot != NULL);
  g_return_if_fail (series < plot->series_names->len);

  g_free (g_ptr_array_index (plot->series_names, series));
  g_ptr_array_index (plot->series_names, series) = g_strdup (name != NULL ? name : "");
}

/* ---- Legends ------------------------------------------------------------------------ */

guint
fx_plot_n_legend_items (const FxPlot *plot)
{
  if (plot->kind == FX_PLOT_HEATMAP)
    return 0;
  if (plot->kind == FX_PLOT_SCORES)
    {
      for (guint i = 0; i < plot->scores->len; i++)
        if (!isnan (g_array_index (plot->scores, FxPlotScore, i).baseline))
          return 2;
      return 1;
    }
  return plot->series_names->len;
}

const char *
fx_plot_legend_name (const FxPlot *plot,
                     guint         item)
{
  return g_ptr_array_index (plot->series_names, item);
}

FxPlotSwatch
fx_plot_legend_swatch (const FxPlot *plot,
                       guint         item)
{
  switch (plot->kind)
    {
    case FX_PLOT_HISTOGRAM:
    case FX_PLOT_BARS:
      return FX_PLOT_SWATCH_BOX;
    case FX_PLOT_SCORES:
      return item == 0 ? FX_PLOT_SWATCH_BOX : FX_PLOT_SWATCH_DOT;
    case FX_PLOT_LINES:
      return plot->plain_lines ? FX_PLOT_SWATCH_LINE : FX_PLOT_SWATCH_MARKER;
    case FX_PLOT_FOREST:
      return FX_PLOT_SWATCH_MARKER;
    case FX_PLOT_ECDF:
    case FX_PLOT_HEATMAP:
    default:
      return FX_PLOT_SWATCH_LINE;
    }
}

/* ---- Description -------------------------------------------------------------------- */

static void
append_series_list (GString      *out,
                    const FxPlot *plot)
{
  for (guint i = 0; i < plot->series_names->len; i++)
    {
      if (i > 0)
        g_string_append (out, i + 1 == plot->series_names->len ? _(" and ") : ", ");
      g_string_append (out, g_ptr_array_index (plot->series_names, i));
      if (plot->sizes != NULL && plot->kind == FX_PLOT_HISTOGRAM)
        g_string_append_printf (out, " (n = %" G_GSIZE_FORMAT ")", plot->sizes[i]);
    }
}

char *
fx_plot_describe (const FxPlot *plot)
{
  GString *out = g_string_new (NULL);
  const char *what = plot->x_title != NULL ? plot->x_title : _("the values");

  g_return_val_if_fail (plot != NULL, NULL);

  if (plot->title != NULL)
    g_string_append_printf (out, "%s. ", plot->title);
  switch (plot->kind)
    {
    case FX_PLOT_HISTOGRAM:
      g_string_append_printf (out, _("Histograms and density curves of %s: "), what);
      append_series_list (out, plot);
      g_string_append (out, ".");
      break;
    case FX_PLOT_ECDF:
      g_string_append_printf (out, _("Cumulative distributions of %s: "), what);
      append_series_list (out, plot);
      g_string_append (out, ".");
      for (guint s = 1; s < plot->series_names->len; s++)
        if (!isnan (plot->marks[s].statistic))
          g_string_append_printf (out, _(" %s: Kolmogorov–Smirnov distance %.3f at %g."),
                                  (char *) g_ptr_array_index (plot->series_names, s),
                                  plot->marks[s].statistic, plot->marks[s].location);
      break;
    case FX_PLOT_BARS:
      g_string_append_printf (out, _("Shares of the categories of %s: "), what);
      append_series_list (out, plot);
      g_string_append (out, ".");
      break;
    case FX_PLOT_HEATMAP:
      g_string_append_printf (out, _("Heatmap of %u × %u values"),
                              plot->row_names->len, plot->column_names->len);
      for (guint p = 0; p < plot->panel_titles->len; p++)
        g_string_append_printf (out, "%s%s", p == 0 ? ": " : ", ",
                                (char *) g_ptr_array_index (plot->panel_titles, p));
      g_string_append (out, ".");
      break;
    case FX_PLOT_SCORES:
      g_string_append_printf (out, _("%s per feature, largest first"),
                              plot->x_title != NULL ? plot->x_title : _("Score"));
      for (guint i = 0; i < plot->scores->len && i < 5; i++)
        {
          const FxPlotScore *s = &g_array_index (plot->scores, FxPlotScore, i);

          g_string_append_printf (out, "%s%s %.3g", i == 0 ? ": " : ", ", s->name, s->value);
        }
      g_string_append (out, plot->scores->len > 5 ? ", …" : ".");
      break;
    case FX_PLOT_LINES:
      g_string_append_printf (out, _("%s against %s: "),
                              plot->y_title != NULL ? plot->y_title : "y",
                              plot->x_title != NULL ? plot->x_title : "x");
      append_series_list (out, plot);
      g_string_append (out, ".");
      break;
    case FX_PLOT_FOREST:
      fx_plot_forest_describe (plot, out);
      break;
    default:
      break;
    }
  return g_string_free (out, FALSE);
}

/* ---- Files -------------------------------------------------------------------------- */

gboolean
fx_plot_format_from_path (const char   *path,
                          FxPlotFormat *format)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL && format != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".png"))
    *format = FX_PLOT_FORMAT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = FX_PLOT_FORMAT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = FX_PLOT_FORMAT_PDF;
  else
    return FALSE;
  return TRUE;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Cairo draws text as glyph outlines, so the SVG gets its words back as the
 * document's <title> and <desc>, right after the root element opens. */
static GByteArray *
svg_with_title (GByteArray   *svg,
                const FxPlot *plot)
{
  g_autofree char *desc = fx_plot_describe (plot);
  g_autofree char *desc_xml = g_markup_escape_text (desc, -1);
  g_autofree char *title_xml = g_markup_escape_text (plot->title != NULL ? plot->title : desc, -1);
  g_autofree char *insert = g_strdup_printf ("\n<title>%s</title>\n<desc>%s</desc>", title_xml,
                                             desc_xml);
  const char *text = (const char *) svg->data;
  const char *root = g_strstr_len (text, svg->len, "<svg");
  const char *end = root != NULL ? memchr (root, '>', svg->len - (root - text)) : NULL;
  GByteArray *out;

  if (end == NULL)
    return g_byte_array_ref (svg);
  out = g_byte_array_sized_new (svg->len + strlen (insert));
  g_byte_array_append (out, svg->data, end + 1 - text);
  g_byte_array_append (out, (const guint8 *) insert, strlen (insert));
  g_byte_array_append (out, (const guint8 *) end + 1, svg->len - (end + 1 - text));
  return out;
}

static gboolean
check_surface (cairo_surface_t  *surface,
               const char       *path,
               GError          **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, FX_PLOT_ERROR, FX_PLOT_ERROR_RENDER, _("%s: cannot draw the plot: %s"),
               path, cairo_status_to_string (status));
  return FALSE;
}

gboolean
fx_plot_save (const FxPlot      *plot,
              const char        *path,
              FxPlotFormat       format,
              int                width,
              int                height,
              const FxPlotStyle *style,
              GError           **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GByteArray) contents = NULL;
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (plot != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (style != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE)
    {
      g_set_error (error, FX_PLOT_ERROR, FX_PLOT_ERROR_SIZE,
                   _("%s: a plot of %d × %d is out of range (1 to %d on each side)"),
                   path, width, height, MAX_SIDE);
      return FALSE;
    }

  switch (format)
    {
    case FX_PLOT_FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      break;
    case FX_PLOT_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_bytes, bytes, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case FX_PLOT_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, width, height);
      if (plot->title != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, plot->title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Facsimile");
      break;
    default:
      g_return_val_if_reached (FALSE);
    }

  cr = cairo_create (surface);
  fx_plot_draw (plot, style, cr, width, height);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == FX_PLOT_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
  cairo_surface_finish (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, FX_PLOT_ERROR, FX_PLOT_ERROR_RENDER, _("%s: cannot draw the plot: %s"),
                   path, cairo_status_to_string (status));
      cairo_surface_destroy (surface);
      return FALSE;
    }
  if (!check_surface (surface, path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cairo_surface_destroy (surface);

  if (format == FX_PLOT_FORMAT_SVG)
    contents = svg_with_title (bytes, plot);
  else
    contents = g_byte_array_ref (bytes);
  return fx_write_file_atomic (path, (const char *) contents->data, contents->len, error);
}
