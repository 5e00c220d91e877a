/* fx-plot-view.h: a chart of the plotting module in a widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fx-plot.h"

G_BEGIN_DECLS

#define FX_TYPE_PLOT_VIEW (fx_plot_view_get_type ())

G_DECLARE_FINAL_TYPE (FxPlotView, fx_plot_view, FX, PLOT_VIEW, GtkWidget)

GtkWidget    *fx_plot_view_new      (void);
/* Takes @plot (nullable). */
void          fx_plot_view_set_plot (FxPlotView *self,
                                     FxPlot     *plot);
const FxPlot *fx_plot_view_get_plot (FxPlotView *self);

G_END_DECLS
