/* fx-privacy-holdout.h: privacy measured on the holdout split evaluation uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-privacy.h"
#include "fx-table.h"

G_BEGIN_DECLS

/* The holdout fraction evaluation uses by default. */
#define FX_PRIVACY_HOLDOUT_FRACTION 0.2

/* @synthetic's privacy measures against @real split as `evaluate` splits it: a
 * seeded holdout of @fraction stratified by the schema's target, then its site
 * (fx_holdout_split ()), the model inputs of @schema.  Fails (FX_EVAL_ERROR_INPUT)
 * when the schema has no binary target. */
FxPrivacy *fx_privacy_measure_with_holdout (const FxSchema  *schema,
                                            const FxTable   *real,
                                            const FxTable   *synthetic,
                                            double           fraction,
                                            guint64          seed,
                                            GError         **error);

G_END_DECLS
