/* fx-plan-estimate.c: what a plan will ask for and cost, before anything is spent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fx-csv.h"
#include "fx-estimate.h"
#include "fx-job.h"
#include "fx-plan-estimate.h"
#include "fx-prices.h"
#include "fx-rank.h"
#include "fx-store.h"
#include "fx-study.h"

gboolean
fx_plan_estimate_cell (FxStore           *store,
                       const FxPlan      *plan,
                       const FxPlanGroup *group,
                       const FxSchema    *schema,
                       const char        *reference_path,
                       FxEstimate        *estimate,
                       GError           **error)
{
  FxJobSpec spec = { 0 };
  g_autoptr(FxJob) job = NULL;

  spec.provider = group->generator->provider;
  spec.model = group->generator->model;
  spec.base_url = group->generator->base_url;
  spec.strategy = group->strategy;
  spec.allocation = FX_GROUPS_UNIFORM;
  spec.n_rows = group->n_rows;
  spec.batch_rows = plan->batch_rows;
  spec.concurrency = plan->concurrency;
  spec.temperature = NAN;
  spec.seed = group->seed;
  spec.reference_path = reference_path;
  if ((job = fx_job_new (&spec, schema, error)) == NULL)
    return FALSE;
  return fx_estimate_job (job, store, group->n_rows, estimate, error);
}

FxPlanEstimate *
fx_plan_estimate (const FxPlan    *plan,
                  const FxSchema  *schema,
                  const char      *reference_path,
                  const char      *store_path,
                  GCancellable    *cancellable,
                  GError         **error)
{
  g_autoptr(FxPlanEstimate) estimate = g_new0 (FxPlanEstimate, 1);
  g_autoptr(GHashTable) types = fx_schema_column_types (schema);
  FxCsvOptions options = { 0, types };
  g_autoptr(FxTable) real = NULL;
  g_autoptr(GPtrArray) ranked = NULL;
  g_autoptr(GArray) groups = fx_plan_get_groups (plan);
  g_autoptr(GArray) counts = NULL;
  g_autoptr(FxStore) store = NULL;
  g_autofree char *path = store_path != NULL ? g_strdup (store_path) : fx_store_default_path ();

  g_return_val_if_fail (plan != NULL && schema != NULL && reference_path != NULL, NULL);

  if ((real = fx_csv_read_file (reference_path, &options, error)) == NULL ||
      (ranked = fx_rank_features (schema, real, plan->order, error)) == NULL)
    return NULL;
  counts = fx_plan_feature_counts (plan, ranked->len);
  /* earlier answers, when there are any: an estimate creates no store */
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    store = fx_store_open (path, NULL);

  estimate->priced = TRUE;
  estimate->n_cells = groups->len * counts->len;
  for (guint g = 0; g < groups->len; g++)
    {
      const FxPlanGroup *group = &g_array_index (groups, FxPlanGroup, g);
      g_autoptr(FxPrice) price = NULL;

      if (group->baseline)
        {
          estimate->n_baseline_cells += counts->len;
          continue;
        }
      price = fx_price_lookup (group->generator->provider, group->generator->model);
      estimate->priced &= price != NULL;
      if (price != NULL && estimate->currency == NULL)
        estimate->currency = g_strdup (price->currency);
      for (guint i = 0; i < counts->len; i++)
        {
          g_autoptr(FxSchema) subset = fx_study_cut_schema (schema, ranked, g_array_index (counts, guint, i),
                                                            plan->keep_groups);
          FxEstimate e;

          if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
              !fx_plan_estimate_cell (store, plan, group, subset, reference_path, &e, error))
            return NULL;
          estimate->requests += e.requests;
          estimate->input_tokens += e.input_tokens;
          estimate->output_tokens += e.output_tokens;
          estimate->measured |= e.measured;
          if (price != NULL)
            estimate->cost += fx_estimate_cost (&e, price);
        }
    }
  return g_steal_pointer (&estimate);
}

void
fx_plan_estimate_free (FxPlanEstimate *estimate)
{
  if (estimate == NULL)
    return;
  g_free (estimate->currency);
  g_free (estimate);
}
