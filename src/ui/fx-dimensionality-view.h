/* fx-dimensionality-view.h: fidelity against the number of features generated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fx-schema-document.h"

G_BEGIN_DECLS

#define FX_TYPE_DIMENSIONALITY_VIEW (fx_dimensionality_view_get_type ())

G_DECLARE_FINAL_TYPE (FxDimensionalityView, fx_dimensionality_view, FX, DIMENSIONALITY_VIEW, AdwBin)

/* The schema and the real data the study generates and compares. */
void fx_dimensionality_view_set_document    (FxDimensionalityView *self,
                                             FxSchemaDocument     *document);
/* The charted study's points (element-type FxReportStep) and in *@what its generator,
 * or NULL when no study has been charted. */
GArray *fx_dimensionality_view_get_steps        (FxDimensionalityView  *self,
                                                 char                 **what);

G_END_DECLS
