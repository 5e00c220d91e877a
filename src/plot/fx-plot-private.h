/* fx-plot-private.h: what the description, the layout and the drawing have in common
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pango/pangocairo.h>

#include "fx-plot.h"

G_BEGIN_DECLS

typedef struct
{
  gsize   n;
  double *x;
  double *y;
} FxPlotCurve;

typedef struct
{
  char   *name;
  double  value;
  double  baseline;
} FxPlotScore;

struct _FxPlot
{
  FxPlotKind  kind;
  char       *title;
  char       *x_title;
  char       *y_title;
  GPtrArray  *series_names;   /* (element-type utf8) one per series */

  /* histogram: densities over common edges; discrete ones (a few whole numbers, one
   * per bin) are drawn as grouped bars over the values as categories */
  gboolean    discrete;
  gsize       n_bins;
  double     *edges;          /* n_bins + 1 */
  double     *bins;           /* series rows of n_bins */
  gsize      *sizes;          /* values per series */
  /* histogram (density estimates), ECDF (steps) and lines: one per series */
  GArray     *curves;         /* (element-type FxPlotCurve) */
  /* ECDF */
  FxKsMark   *marks;          /* one per series; [0] unused */
  /* bars */
  GPtrArray  *categories;     /* (element-type utf8) */
  double     *shares;         /* series rows of categories->len */
  /* heatmap */
  GPtrArray  *row_names;      /* (element-type utf8) */
  GPtrArray  *column_names;
  GPtrArray  *panel_titles;   /* (element-type utf8) */
  GPtrArray  *panel_values;   /* (element-type double[rows * columns]) */
  double      scale_lo;
  double      scale_hi;
  gboolean    own_last_scale; /* the last panel on last_lo..last_hi */
  double      last_lo;
  double      last_hi;
  /* scores, largest first, NaN last */
  GArray     *scores;         /* (element-type FxPlotScore) */
  /* lines */
  gboolean    plain_lines;    /* no markers */
  /* forest: rows are the categories; per row and series estimate, lo, hi */
  GArray     *forest;         /* (element-type double) */
  double      reference;
};

/* Relative sizes of the texts, times FxPlotStyle.font_size. */
double        fx_plot_text_size      (FxPlotTextRole      role);
PangoContext *fx_plot_pango_context  (void);
PangoLayout  *fx_plot_text_layout    (PangoContext       *context,
                                      const FxPlotStyle  *style,
                                      FxPlotTextRole      role,
                                      const char         *text);

/* Data values to user units of the layout and back. */
double        fx_plot_x_to_user      (const FxPlotLayout *layout,
                                      double              x);
double        fx_plot_y_to_user      (const FxPlotLayout *layout,
                                      double              y);

/* Legend swatch geometry: room before each item's text. */
#define FX_PLOT_SWATCH_WIDTH  1.5   /* x font size */
#define FX_PLOT_SWATCH_GAP    0.4

/* What the legend entries are: a filled box, a line, a line with a marker, a dot. */
typedef enum
{
  FX_PLOT_SWATCH_BOX,
  FX_PLOT_SWATCH_LINE,
  FX_PLOT_SWATCH_MARKER,
  FX_PLOT_SWATCH_DOT,
} FxPlotSwatch;

guint         fx_plot_n_legend_items (const FxPlot       *plot);
const char   *fx_plot_legend_name    (const FxPlot       *plot,
                                      guint               item);
FxPlotSwatch  fx_plot_legend_swatch  (const FxPlot       *plot,
                                      guint               item);
/* The colour of series @series (cycling through the palette). */
const FxPlotColor *
              fx_plot_series_color   (const FxPlotStyle  *style,
                                      guint               series);

/* The bar of @series in @category (bars), or of the score ranked @rank: the whole
 * bar from the baseline to its value. */
void          fx_plot_bar_rect       (const FxPlot       *plot,
                                      const FxPlotLayout *layout,
                                      guint               category,
                                      guint               series,
                                      FxPlotRect         *rect);
void          fx_plot_score_rect     (const FxPlot       *plot,
                                      const FxPlotLayout *layout,
                                      guint               rank,
                                      FxPlotRect         *rect);

/* fx-plot-forest.c */
void          fx_plot_forest_extent  (const FxPlot       *plot,
                                      double             *lo,
                                      double             *hi);
void          fx_plot_forest_draw    (const FxPlot       *plot,
                                      const FxPlotLayout *layout,
                                      cairo_t            *cr);
void          fx_plot_forest_describe (const FxPlot      *plot,
                                       GString           *out);
FxPlot       *fx_plot_new_kind       (FxPlotKind          kind);

/* Values of panel @panel at (@row, @column). */
/* The scale that @panel's colours follow. */
void          fx_plot_panel_scale    (const FxPlot       *plot,
                                      guint               panel,
                                      double             *lo,
                                      double             *hi);
double        fx_plot_cell_value     (const FxPlot       *plot,
                                      guint               panel,
                                      guint               row,
                                      guint               column);

G_END_DECLS
