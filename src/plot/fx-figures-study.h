/* fx-figures-study.h: a study's measures against the number of features and of rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-leaderboard.h"
#include "fx-plot.h"

G_BEGIN_DECLS

/* @measure of every row of @board against the number of features (at the largest
 * number of rows) or, with @against_rows, against the number of rows (at the number of
 * features nearest ten, the source study's sweep): one line per generator and
 * strategy, and for fidelity, utility, privacy and validity the holdout baseline as a
 * reference line (real against real; TRTR; 0.5; the real rows' own share).
 * NULL when nothing was measured. */
FxPlot *fx_figure_study       (const FxLeaderboard *board,
                               FxMeasure            measure,
                               gboolean             against_rows);

/* The number of rows and of features the two kinds of chart hold fixed. */
guint   fx_figure_study_rows     (const FxLeaderboard *board);
guint   fx_figure_study_features (const FxLeaderboard *board);

G_END_DECLS
