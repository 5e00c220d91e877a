/* fx-figures.h: the plots of a comparison, built once for the screen and for reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-compare.h"
#include "fx-plot.h"

G_BEGIN_DECLS

/* One synthetic set as the figures see it. */
typedef struct
{
  const char         *label;
  const FxComparison *comparison;
  const FxTable      *synthetic;  /* nullable: category shares need only the comparison */
} FxFigureSet;

typedef enum
{
  FX_FIGURE_PEARSON,
  FX_FIGURE_SPEARMAN,
  FX_FIGURE_CRAMERS_V,
} FxFigureMatrix;

/* A feature of the real table and every set: overlaid histograms and density curves
 * for a numeric feature, with its distribution functions in *@ecdf (optional), or the
 * shares of its categories.  The x axis carries the schema's unit.  NULL when the
 * feature has no values to show. */
FxPlot       *fx_figure_distribution (const FxTable      *real,
                                      const FxSchema     *schema,
                                      const FxFigureSet  *sets,
                                      guint               n_sets,
                                      const char         *feature,
                                      FxPlot            **ecdf);
/* The last panel of @plot, the @n values of a difference of two matrices, on a
 * symmetric scale of its own that they nearly fill. */
void          fx_figure_difference_scale (FxPlot       *plot,
                                          const double *difference,
                                          gsize         n);
/* The real and synthetic matrices of @which on the scale -1..1, their difference on
 * its own scale centred on 0; NULL when the comparison has no such matrix. */
FxPlot       *fx_figure_heatmap      (const FxFigureSet  *set,
                                      FxFigureMatrix      which);
const FxMatrixPair *
              fx_figure_matrix       (const FxComparison *comparison,
                                      FxFigureMatrix      which);
const char   *fx_figure_matrix_name  (FxFigureMatrix      which);
/* Each tested feature's distance (KS D or TVD), sorted, with the holdout baseline of
 * @holdout (nullable) marked.  NULL when no feature was tested. */
FxPlot       *fx_figure_scores       (const FxFigureSet  *set,
                                      const FxComparison *holdout);

/* Fidelity against the number of features generated: mean KS D, mean |Δ Pearson r| and
 * the share of features that differ, one point per generation. */
FxPlot       *fx_figure_fidelity     (const double       *n_features,
                                      const double       *mean_ks,
                                      const double       *pearson,
                                      const double       *share_differing,
                                      gsize               n);

G_END_DECLS
