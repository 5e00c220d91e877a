/* fx-feature-draft.h: one feature of the schema being designed, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fx-schema.h"

G_BEGIN_DECLS

/* Values typed into the editor that are not (yet) valid: they are kept as text so that
 * the editor can show them again and the page can say what is wrong. */
typedef enum
{
  FX_FEATURE_FIELD_MINIMUM,
  FX_FEATURE_FIELD_MAXIMUM,
  FX_FEATURE_FIELD_MISSING_RATE,
  FX_FEATURE_N_FIELDS,
} FxFeatureField;

#define FX_TYPE_FEATURE_DRAFT (fx_feature_draft_get_type ())

G_DECLARE_FINAL_TYPE (FxFeatureDraft, fx_feature_draft, FX, FEATURE_DRAFT, GObject)

/* Takes @feature. */
FxFeatureDraft *fx_feature_draft_new          (FxFeature      *feature);
/* The feature itself, to edit in place; call fx_feature_draft_changed () after. */
FxFeature     *fx_feature_draft_get_feature  (FxFeatureDraft  *self);
/* A copy of the feature (frequencies still being typed are NaN). */
FxFeature     *fx_feature_draft_dup_feature  (FxFeatureDraft  *self);
void           fx_feature_draft_changed      (FxFeatureDraft  *self);
const char    *fx_feature_draft_get_name     (FxFeatureDraft  *self);
gboolean       fx_feature_draft_get_target   (FxFeatureDraft  *self);
void           fx_feature_draft_set_target   (FxFeatureDraft  *self,
                                             gboolean        target);
gboolean       fx_feature_draft_get_group    (FxFeatureDraft  *self);
void           fx_feature_draft_set_group    (FxFeatureDraft  *self,
                                             gboolean        group);
const char    *fx_feature_draft_get_problem  (FxFeatureDraft  *self);
void           fx_feature_draft_set_problem  (FxFeatureDraft  *self,
                                             const char     *problem);
const char    *fx_feature_draft_get_unparsed (FxFeatureDraft  *self,
                                             FxFeatureField  field);
void           fx_feature_draft_set_unparsed (FxFeatureDraft  *self,
                                             FxFeatureField  field,
                                             const char     *text);

/* The translated name of @type, as the designer shows it. */
const char    *fx_feature_type_label        (FxColumnType    type);

G_END_DECLS
