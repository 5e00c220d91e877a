/* fx-feature-item.h: one feature of the schema being designed, as a list item
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

#define FX_TYPE_FEATURE_ITEM (fx_feature_item_get_type ())

G_DECLARE_FINAL_TYPE (FxFeatureItem, fx_feature_item, FX, FEATURE_ITEM, GObject)

/* Takes @feature. */
FxFeatureItem *fx_feature_item_new          (FxFeature      *feature);
/* The feature itself, to edit in place; call fx_feature_item_changed () after. */
FxFeature     *fx_feature_item_get_feature  (FxFeatureItem  *self);
/* A copy of the feature (frequencies still being typed are NaN). */
FxFeature     *fx_feature_item_dup_feature  (FxFeatureItem  *self);
void           fx_feature_item_changed      (FxFeatureItem  *self);
const char    *fx_feature_item_get_name     (FxFeatureItem  *self);
gboolean       fx_feature_item_get_target   (FxFeatureItem  *self);
void           fx_feature_item_set_target   (FxFeatureItem  *self,
                                             gboolean        target);
gboolean       fx_feature_item_get_group    (FxFeatureItem  *self);
void           fx_feature_item_set_group    (FxFeatureItem  *self,
                                             gboolean        group);
const char    *fx_feature_item_get_problem  (FxFeatureItem  *self);
void           fx_feature_item_set_problem  (FxFeatureItem  *self,
                                             const char     *problem);
const char    *fx_feature_item_get_unparsed (FxFeatureItem  *self,
                                             FxFeatureField  field);
void           fx_feature_item_set_unparsed (FxFeatureItem  *self,
                                             FxFeatureField  field,
                                             const char     *text);

/* A deep copy of @feature. */
FxFeature     *fx_feature_copy              (const FxFeature *feature);
/* The translated name of @type, as the designer shows it. */
const char    *fx_feature_type_label        (FxColumnType    type);

G_END_DECLS
