/* fx-feature-checks.h: what is wrong with the features being designed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fx-feature-draft.h"
#include "fx-schema.h"

G_BEGIN_DECLS

/* Adds to @problems (element-type FxSchemaProblem) what is wrong with @features
 * (element-type FxFeatureDraft), each with the feature and field it is about; each
 * feature keeps its first problem (fx_feature_draft_set_problem ()). */
void fx_feature_drafts_check (GListModel *features,
                              GPtrArray  *problems);

G_END_DECLS
