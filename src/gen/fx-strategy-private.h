/* fx-strategy-private.h: what the strategies say about the population
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-schema.h"
#include "fx-table.h"

G_BEGIN_DECLS

/* No statistic of fewer records than this is shown: aggregates of a handful of records
 * are close to the records themselves. */
#define FX_STRATEGY_MIN_COUNT 5

/* @value rounded to three significant digits (whole numbers for an integer column),
 * without trailing zeros: 49.705000000000005 is "49.7". */
const char *fx_strategy_round (double        value,
                               FxColumnType  type,
                               char          buffer[32]);

/* One line per feature: type, unit, description, hard bounds and, with @reference,
 * the typical range (rounded 5th to 95th percentile), categories, missing rate, and
 * the value format the answer must use. */
char      *fx_strategy_describe_schema     (const FxSchema *schema,
                                            const FxTable  *reference);
/* Marginal statistics without any single record's extreme. */
char      *fx_strategy_describe_statistics (const FxSchema *schema,
                                            const FxTable  *reference);
/* The structure of the records: blocks of values missing together, columns constant
 * per site or identifier, the outcome's relation to its strongest features, the
 * strongest correlations, under a heading.  Empty without a reference. */
char      *fx_strategy_describe_structure  (const FxSchema *schema,
                                            const FxTable  *reference);
/* The generation order: the schema's "generation_order" when it has one, otherwise
 * demographics, admission, vitals, labs, outcome.  (element-type utf8) lines such as
 * "1. demographics: age, gender, ethnicity". */
GPtrArray *fx_strategy_generation_order    (const FxSchema *schema);

G_END_DECLS
