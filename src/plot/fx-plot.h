/* fx-plot.h: charts painted with cairo, on screen and into files
 *
 * A plot is a description (kind, data, titles); a layout is that plot fitted to a
 * size and a style: the data area, the ticks and every text with its rectangle,
 * measured with Pango.  Drawing paints a layout onto any cairo context: a widget's
 * snapshot (gtk_snapshot_append_cairo), or a PNG, SVG or PDF surface.  The numbers
 * come prepared from fx-density.h and fx-compare.h, so nothing here is slow: a layout
 * takes a millisecond or two, and a widget keeps one until its size or style changes
 * (it also answers hit tests).  Plots and layouts are plain data, usable from any one
 * thread at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "fx-density.h"

G_BEGIN_DECLS

#define FX_PLOT_ERROR (fx_plot_error_quark ())

typedef enum
{
  FX_PLOT_ERROR_SIZE,     /* a width or height out of range */
  FX_PLOT_ERROR_RENDER,   /* cairo could not draw or encode the image */
} FxPlotError;

GQuark fx_plot_error_quark (void);

/* ---- Style -------------------------------------------------------------------------- */

typedef struct
{
  double red, green, blue, alpha;
} FxPlotColor;

#define FX_PLOT_N_SERIES_COLORS 6

typedef struct
{
  gboolean     dark;
  gboolean     paint_background;  /* FALSE to draw over what is there (a widget's card) */
  FxPlotColor  background;
  FxPlotColor  foreground;        /* titles and legends */
  FxPlotColor  secondary;         /* tick labels and axis titles */
  FxPlotColor  grid;
  FxPlotColor  axis;
  FxPlotColor  missing;           /* heatmap cells without a value */
  /* Okabe-Ito: [0] is the real data, the others synthetic sets in turn */
  FxPlotColor  series[FX_PLOT_N_SERIES_COLORS];
  const char  *font_family;       /* (not owned) a Pango family list */
  double       font_size;         /* of body text, in user units (pixels at scale 1) */
} FxPlotStyle;

/* The light or dark style: "Sans" at 13 units, the background painted. */
void     fx_plot_style_init        (FxPlotStyle       *style,
                                    gboolean           dark);
/* The diverging scale of the heatmaps at @t in -1..1: blue through a neutral middle
 * (near white in the light style, near the background in the dark one) to red,
 * interpolated in CIELAB so that equal steps look equal. */
void     fx_plot_style_diverging   (const FxPlotStyle *style,
                                    double             t,
                                    FxPlotColor       *color);

/* ---- Ticks -------------------------------------------------------------------------- */

#define FX_PLOT_MAX_TICKS 32

typedef struct
{
  guint  n;
  double step;
  double values[FX_PLOT_MAX_TICKS];
} FxPlotTicks;

/* Round tick values 1, 2 or 5 x 10^k apart for @min..@max: the finest such step
 * that needs at most @max_ticks (2..FX_PLOT_MAX_TICKS) values.  With @cover the ticks
 * reach to or beyond both ends (an axis that starts and ends on a tick; a range
 * across 0 takes at least 3), otherwise they all lie within the range.  A range of
 * one value is widened around it.  FALSE for values that are not finite. */
gboolean fx_plot_nice_ticks        (double             min,
                                    double             max,
                                    guint              max_ticks,
                                    gboolean           cover,
                                    FxPlotTicks       *ticks);
/* A tick label for @value on an axis of ticks @step apart: just enough decimals,
 * "0" for zero, a real minus sign, and m×10ⁿ for very large or small values. */
char    *fx_plot_format_tick       (double             value,
                                    double             step);
/* "name (unit)", or the name alone. */
char    *fx_plot_axis_title        (const char        *name,
                                    const char        *unit);

/* ---- Plots -------------------------------------------------------------------------- */

typedef enum
{
  FX_PLOT_HISTOGRAM,  /* overlaid histograms with density curves */
  FX_PLOT_ECDF,       /* distribution functions with the KS distance marked */
  FX_PLOT_BARS,       /* category shares side by side */
  FX_PLOT_HEATMAP,    /* one or more matrices side by side on one colour scale */
  FX_PLOT_SCORES,     /* a score per feature, sorted, with a baseline marked */
  FX_PLOT_LINES,      /* y against x, several series with markers */
  FX_PLOT_FOREST,     /* estimates with intervals, one row per item, series stacked */
} FxPlotKind;

typedef struct _FxPlot FxPlot;

/* The data are copied.  Series 0 is the real sample; the series are named "Real",
 * "Synthetic" (or "Synthetic 1", "Synthetic 2", ...) until fx_plot_set_series_name. */
FxPlot  *fx_plot_new_histogram     (const FxHistogram *histogram,
                                    const FxKde       *kde);
FxPlot  *fx_plot_new_ecdf          (const FxEcdf      *ecdf);
FxPlot  *fx_plot_new_bars          (const FxShares    *shares);
/* Matrices of @n_rows x @n_columns labelled cells, added as panels; values outside
 * the scale (-1..1 unless set) take the end colours, NaN cells are hatched. */
FxPlot  *fx_plot_new_heatmap       (const char * const *row_names,
                                    guint              n_rows,
                                    const char * const *column_names,
                                    guint              n_columns);
void     fx_plot_add_panel         (FxPlot            *plot,
                                    const char        *title,
                                    const double      *values);
void     fx_plot_set_scale         (FxPlot            *plot,
                                    double             lo,
                                    double             hi);
/* The last panel on a scale of its own, with its own colour bar beside it: a
 * difference of two matrices reads on a scale centred on 0 that its values fill,
 * not on the ±1 of the matrices themselves. */
void     fx_plot_set_last_scale    (FxPlot            *plot,
                                    double             lo,
                                    double             hi);
/* Scores are drawn as bars sorted largest first; a baseline (NaN: none) as a dot.
 * The legend names the two with the series names 0 and 1. */
FxPlot  *fx_plot_new_scores        (void);
void     fx_plot_add_score         (FxPlot            *plot,
                                    const char        *name,
                                    double             value,
                                    double             baseline);
FxPlot  *fx_plot_new_lines         (void);
void     fx_plot_add_line          (FxPlot            *plot,
                                    const char        *name,
                                    const double      *x,
                                    const double      *y,
                                    gsize              n);
/* Lines drawn as curves without a marker at each point (ROC curves have hundreds). */
void     fx_plot_set_line_markers  (FxPlot            *plot,
                                    gboolean           markers);
/* fx-plot-forest.c: a forest plot of @n_series named series; each row gives every
 * series an estimate and its interval (NaN: none).  @reference (NaN: none) is drawn
 * as a dashed vertical line, the value of no effect. */
FxPlot  *fx_plot_new_forest        (const char * const *series_names,
                                    guint              n_series,
                                    double             reference);
void     fx_plot_add_forest_row    (FxPlot            *plot,
                                    const char        *name,
                                    const double      *estimates,
                                    const double      *lo,
                                    const double      *hi);
void     fx_plot_free              (FxPlot            *plot);

FxPlotKind fx_plot_get_kind        (const FxPlot      *plot);
guint    fx_plot_get_n_series      (const FxPlot      *plot);
void     fx_plot_set_title         (FxPlot            *plot,
                                    const char        *title);
void     fx_plot_set_x_title       (FxPlot            *plot,
                                    const char        *title);
void     fx_plot_set_y_title       (FxPlot            *plot,
                                    const char        *title);
void     fx_plot_set_series_name   (FxPlot            *plot,
                                    guint              series,
                                    const char        *name);
/* A sentence saying what the plot shows, for screen readers and SVG <desc>. */
char    *fx_plot_describe          (const FxPlot      *plot);

/* ---- Layout ------------------------------------------------------------------------- */

typedef struct
{
  double x, y, width, height;
} FxPlotRect;

typedef enum
{
  FX_PLOT_TEXT_TITLE,
  FX_PLOT_TEXT_PANEL_TITLE,
  FX_PLOT_TEXT_AXIS_TITLE,
  FX_PLOT_TEXT_X_TICK,
  FX_PLOT_TEXT_Y_TICK,
  FX_PLOT_TEXT_LEGEND,
  FX_PLOT_TEXT_ANNOTATION,  /* "D = 0.123" beside its segment */
  FX_PLOT_TEXT_SCALE_TICK,  /* beside the colour bar */
  FX_PLOT_TEXT_CELL,        /* a value inside a heatmap cell */
} FxPlotTextRole;

typedef struct
{
  char           *text;      /* as drawn, shortened with "…" when it did not fit */
  FxPlotTextRole  role;
  FxPlotRect      rect;      /* where it is drawn, after turning */
  gboolean        vertical;  /* turned a quarter counter-clockwise */
  int             index;     /* its tick, series, panel or cell; -1 when none */
} FxPlotLabel;

typedef struct
{
  double   lo, hi;       /* values at the left/bottom and right/top end */
  guint    n_ticks;
  double  *ticks;        /* in data units; categories are 0, 1, ... */
  gboolean categorical;
} FxPlotAxis;

typedef struct
{
  double       width, height;
  FxPlotStyle  style;
  FxPlotRect   area;        /* where the data are; for a heatmap, around the panels */
  FxPlotAxis   x, y;
  FxPlotRect   legend;      /* empty without a legend */
  GArray      *labels;      /* (element-type FxPlotLabel) every text drawn */
  guint        n_panels;
  FxPlotRect  *panels;      /* heatmap: the cells of each panel */
  FxPlotRect   scale_bar;   /* heatmap: the colour legend */
  FxPlotRect   last_bar;    /* heatmap: the last panel's own colour legend, or empty */
} FxPlotLayout;

/* Fits @plot to @width x @height user units.  @style is copied. */
FxPlotLayout *fx_plot_layout_new   (const FxPlot      *plot,
                                    const FxPlotStyle *style,
                                    double             width,
                                    double             height);
void     fx_plot_layout_free       (FxPlotLayout      *layout);

/* Paints @layout of @plot with its top left corner at the origin of @cr. */
void     fx_plot_draw_layout       (const FxPlot       *plot,
                                    const FxPlotLayout *layout,
                                    cairo_t            *cr);
/* Lays out and paints in one go. */
void     fx_plot_draw              (const FxPlot      *plot,
                                    const FxPlotStyle *style,
                                    cairo_t           *cr,
                                    double             width,
                                    double             height);

/* ---- Hover -------------------------------------------------------------------------- */

typedef struct
{
  guint  panel;   /* heatmap panel */
  guint  row;     /* heatmap row, bar category, score rank (0 = largest) */
  guint  column;  /* heatmap column, bar series */
  double value;
  const char *row_name;     /* (not owned) valid while the plot lives */
  const char *column_name;
} FxPlotHit;

/* What is under the point (@x, @y) of @layout: a heatmap cell, a bar or a score.
 * FALSE over anything else. */
gboolean fx_plot_hit_test          (const FxPlot       *plot,
                                    const FxPlotLayout *layout,
                                    double              x,
                                    double              y,
                                    FxPlotHit          *hit);

/* ---- Files -------------------------------------------------------------------------- */

typedef enum
{
  FX_PLOT_FORMAT_PNG,
  FX_PLOT_FORMAT_SVG,
  FX_PLOT_FORMAT_PDF,
} FxPlotFormat;

/* The format a file name's extension asks for; FALSE when none matches. */
gboolean fx_plot_format_from_path  (const char        *path,
                                    FxPlotFormat      *format);
/* Writes @plot at @width x @height (pixels for PNG and SVG, points for PDF) to
 * @path, whole or not at all: the file appears only once it is complete.  The SVG
 * carries the title and the description as <title> and <desc>, the PDF as metadata.
 * "-" writes to standard output. */
gboolean fx_plot_save              (const FxPlot      *plot,
                                    const char        *path,
                                    FxPlotFormat       format,
                                    int                width,
                                    int                height,
                                    const FxPlotStyle *style,
                                    GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxPlot, fx_plot_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxPlotLayout, fx_plot_layout_free)

G_END_DECLS
