/* fx-utility-run.h: the utility of a synthetic set, on the holdout its run kept
 *
 * A run made with a reference table records the holdout it kept from its generator;
 * a model trained on its rows is tested on exactly those real rows.  A set without
 * such a record (a CSV, an older run) is tested on a split made the same way, and the
 * result says that the generator may have seen the test rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-utility.h"

G_BEGIN_DECLS

/* Whether @schema allows a utility evaluation at all: it names a target. */
gboolean   fx_utility_run_applies  (const FxSchema *schema);

/* @run_parameters (nullable): the run's parameters (JSON object text) with the
 * "holdout" it kept.  @seed: of a split made afresh.  *@note (nullable) receives a
 * sentence when the recorded holdout could not be taken again (another reference
 * table) and a fresh split was used.  Errors as fx_utility_evaluate (). */
FxUtility *fx_utility_run_evaluate (const FxSchema *schema,
                                    const FxTable  *real,
                                    const FxTable  *synthetic,
                                    const char     *run_parameters,
                                    guint64         seed,
                                    char          **note,
                                    GError        **error);

/* The holdout a run's @parameters record, in words: "20 % of the reference rows by
 * outcome and site (499 rows), seed 1", or "the whole site Northeast (157 rows),
 * seed 1"; NULL when the run kept none. */
char      *fx_utility_run_describe_holdout (const char *parameters);

G_END_DECLS
