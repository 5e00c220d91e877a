/* fx-privacy-figures.h: the plots of a privacy measure, for the screen and reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-plot.h"

G_BEGIN_DECLS

/* Overlaid histograms of each row's distance to its closest training row: the
 * holdout's (real patients the generator never saw: the baseline, series 0) and the
 * synthetic table's.  Synthetic rows piled up near 0, left of the holdout's, are
 * rows that copy or nearly copy training patients.  NULL when @holdout is empty. */
FxPlot *fx_figure_dcr_histogram (const double *synthetic,
                                 gsize         n_synthetic,
                                 const double *holdout,
                                 gsize         n_holdout);
/* The membership-inference attack's ROC curve, with the diagonal of an attack that
 * learns nothing; @auroc goes into the series' name.  NULL when @n is 0. */
FxPlot *fx_figure_attack_roc    (const double *fpr,
                                 const double *tpr,
                                 gsize         n,
                                 double        auroc);

G_END_DECLS
