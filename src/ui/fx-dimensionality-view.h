/* fx-dimensionality-view.h: fidelity against the number of features generated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fx-schema-document.h"
#include "fx-study.h"

G_BEGIN_DECLS

#define FX_TYPE_DIMENSIONALITY_VIEW (fx_dimensionality_view_get_type ())

G_DECLARE_FINAL_TYPE (FxDimensionalityView, fx_dimensionality_view, FX, DIMENSIONALITY_VIEW, AdwBin)

/* The schema and the real data the study generates and compares. */
void fx_dimensionality_view_set_document    (FxDimensionalityView *self,
                                             FxSchemaDocument     *document);
/* The study the view shows and starts: its steps and results, its state. */
FxStudy *fx_dimensionality_view_get_study        (FxDimensionalityView  *self);

G_END_DECLS
