/* fx-utility-figures.h: the plots of a utility evaluation, for the screen and reports
 *
 * Each figure comes with one sentence that says what it shows in a clinician's words,
 * so that the Utility view and the report say the same thing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-plot.h"
#include "fx-utility.h"

G_BEGIN_DECLS

typedef enum
{
  FX_UTILITY_FIGURE_ROC,          /* ROC curves, TRTR against TSTR */
  FX_UTILITY_FIGURE_PR,           /* precision-recall curves */
  FX_UTILITY_FIGURE_SITES,        /* AUROC per site with the leave-one-site-out ceiling */
  FX_UTILITY_FIGURE_SUBGROUPS,    /* AUROC per subgroup level */
  FX_UTILITY_FIGURE_IMPORTANCE,   /* gain shares of both models side by side */
  FX_UTILITY_FIGURE_ODDS_RATIOS,  /* the replicated regression, real against synthetic */
  FX_UTILITY_N_FIGURES
} FxUtilityFigure;

/* NULL when @utility has nothing to show for @which (no sites, no regression ...). */
FxPlot *fx_utility_figure          (const FxUtility *utility,
                                    FxUtilityFigure  which);
/* One sentence for @which; never NULL. */
char   *fx_utility_figure_sentence (const FxUtility *utility,
                                    FxUtilityFigure  which);
const char *fx_utility_figure_title (FxUtilityFigure which);

G_END_DECLS
