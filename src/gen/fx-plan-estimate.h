/* fx-plan-estimate.h: what a plan will ask for and cost, before anything is spent
 *
 * The same estimate as `facsimile-cli study --dry-run`: input tokens from the prompt
 * actually built for each cell's first request (about four characters a token, or the
 * ratio measured on earlier answers of the same model in the store), output tokens per
 * row guessed from the schema or measured on earlier answers of the same model and
 * number of features; the cost at the price table's prices.  Baselines ask nothing and
 * cost nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fx-estimate.h"
#include "fx-plan.h"
#include "fx-schema.h"
#include "fx-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint     n_cells;
  guint     n_baseline_cells;  /* of them: no requests, no cost */
  guint64   requests;
  gint64    input_tokens;
  gint64    output_tokens;
  double    cost;              /* of the priced cells */
  gboolean  priced;            /* every provider's cell has a price */
  gboolean  measured;          /* some output measured on earlier answers */
  char     *currency;          /* nullable: nothing priced */
} FxPlanEstimate;

/* The estimate of one cell of @group on @schema (the plan's cut): the prompt actually
 * built for its first request from the real table at @reference_path, and its rows'
 * output, measured on earlier answers in @store when there are any. */
gboolean        fx_plan_estimate_cell      (FxStore           *store,
                                            const FxPlan      *plan,
                                            const FxPlanGroup *group,
                                            const FxSchema    *schema,
                                            const char        *reference_path,
                                            FxEstimate        *estimate,
                                            GError           **error);

/* Reads the real table at @reference_path, cuts @schema as the plan would, builds each
 * cell's first prompt; earlier answers are read from the store at @store_path when it
 * exists.  Slow: call it in a thread. */
FxPlanEstimate *fx_plan_estimate           (const FxPlan    *plan,
                                            const FxSchema  *schema,
                                            const char      *reference_path,
                                            const char      *store_path,
                                            GCancellable    *cancellable,
                                            GError         **error);
void            fx_plan_estimate_free      (FxPlanEstimate  *estimate);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxPlanEstimate, fx_plan_estimate_free)

G_END_DECLS
