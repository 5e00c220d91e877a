/* fx-feature-editor.h: the editor of one feature of the schema being designed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fx-feature-draft.h"
#include "fx-schema-document.h"

G_BEGIN_DECLS

#define FX_TYPE_FEATURE_EDITOR (fx_feature_editor_get_type ())

G_DECLARE_FINAL_TYPE (FxFeatureEditor, fx_feature_editor, FX, FEATURE_EDITOR, AdwBin)

/* Shows @feature (nullable), one of the document's. */
void fx_feature_editor_set_feature (FxFeatureEditor *self,
                                    FxFeatureDraft  *feature);
/* Puts the focus on the name, all of it selected with @select_all. */
void fx_feature_editor_focus_name  (FxFeatureEditor *self,
                                    gboolean         select_all);

G_END_DECLS
