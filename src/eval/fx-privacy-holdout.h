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

/* The same for a generated set whose run kept a holdout from its generator
 * (@run_parameters: the run's parameters, JSON object text, with "holdout" and
 * "seed"), measured as `evaluate --run` measures it: against exactly the rows the run
 * kept, sampled with the run's seed.  Returns NULL without an error when the run
 * kept no holdout or @real is not the table it was kept from (its rows' SHA-256
 * differs); the caller then uses fx_privacy_measure_with_holdout (). */
FxPrivacy *fx_privacy_measure_for_run     (const FxSchema  *schema,
                                            const FxTable   *real,
                                            const FxTable   *synthetic,
                                            const char      *run_parameters,
                                            GError         **error);

G_END_DECLS
