/* fx-baseline.h: offline generators that need no account and no network
 *
 * Fitted on a reference table, they produce rows in the same form as a model's
 * response (JSON objects keyed by feature name), so the run engine validates and
 * stores them exactly as it does a provider's rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fx-schema.h"
#include "fx-table.h"

G_BEGIN_DECLS

typedef enum
{
  /* Gaussian copula: each feature's empirical quantiles as its marginal, joined by
   * the correlation of the normal scores of the reference rows */
  FX_BASELINE_COPULA,
  /* every feature drawn on its own from its empirical distribution */
  FX_BASELINE_INDEPENDENT,
} FxBaselineKind;

typedef struct _FxBaseline FxBaseline;

/* Fits @kind on the features of @schema that @reference holds.  Errors in
 * FX_STATS_ERROR when a schema feature is missing from the reference or has no
 * values. */
FxBaseline *fx_baseline_new    (FxBaselineKind   kind,
                                const FxTable   *reference,
                                const FxSchema  *schema,
                                GError         **error);
void        fx_baseline_free   (FxBaseline      *baseline);

/* @n_rows rows drawn with a generator seeded from (@seed, @batch): the same pair
 * always gives the same rows, so a resumed run can redo exactly the batches it lacks.
 * Each row is an object with every schema feature: integers as JSON integers, numbers
 * as doubles, booleans as true/false, categories as strings, missing as null (at the
 * reference's missing rate).  Values respect the schema's bounds and categories. */
JsonArray  *fx_baseline_sample (FxBaseline      *baseline,
                                guint64          seed,
                                guint64          batch,
                                guint            n_rows);

const char *fx_baseline_kind_to_string   (FxBaselineKind  kind);
gboolean    fx_baseline_kind_from_string (const char     *str,
                                          FxBaselineKind *kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxBaseline, fx_baseline_free)

G_END_DECLS
