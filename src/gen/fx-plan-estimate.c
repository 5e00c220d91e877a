/* fx-plan-estimate.c: what a plan will ask for and cost, before anything is spent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fx-csv.h"
#include "fx-job.h"
#include "fx-plan-estimate.h"
#include "fx-prices.h"
#include "fx-rank.h"
#include "fx-store.h"
#include "fx-study.h"

/* Before any answer: about four characters a token, and a row written as JSON holds
 * each feature's name and a value. */
#define CHARS_PER_TOKEN 4.0

/* What earlier answers of @provider and @model with @n_features features tell: output
 * tokens per row and prompt tokens per character of prompt text (NaN: nothing known). */
static void
measure_earlier (FxStore    *store,
                 const char *provider,
                 const char *model,
                 guint       n_features,
                 double     *output_per_row,
                 double     *tokens_per_char)
{
  g_autoptr(GPtrArray) runs = store != NULL ? fx_store_list_runs (store, NULL) : NULL;
  double out = 0, rows = 0, tokens = 0, chars = 0;

  *output_per_row = *tokens_per_char = NAN;
  for (guint i = 0; runs != NULL && i < runs->len; i++)
    {
      FxRunRecord *r = g_ptr_array_index (runs, i);
      g_autofree char *json = NULL;
      g_autoptr(FxSchema) schema = NULL;
      g_autoptr(GPtrArray) requests = NULL;

      if (g_strcmp0 (r->provider, provider) != 0 || g_strcmp0 (r->model, model) != 0 ||
          r->completion_tokens <= 0 || (json = fx_store_get_schema_json (store, r->schema_id, NULL)) == NULL ||
          (schema = fx_schema_load_data (json, -1, NULL, NULL)) == NULL ||
          schema->features->len - (schema->target != NULL ? 1 : 0) != n_features)
        continue;
      out += r->completion_tokens;
      rows += r->rows_accepted + r->rows_rejected;
      requests = fx_store_get_requests (store, r->id, NULL);
      for (guint k = 0; requests != NULL && k < requests->len; k++)
        {
          FxRequestRecord *q = g_ptr_array_index (requests, k);

          if (q->prompt != NULL && q->prompt_tokens > 0)
            {
              tokens += q->prompt_tokens;
              chars += strlen (q->prompt);
            }
        }
    }
  if (rows > 0)
    *output_per_row = out / rows;
  if (chars > 0)
    *tokens_per_char = tokens / chars;
}

static double
guess_output_per_row (const FxSchema *schema)
{
  double chars = 2;

  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);

      chars += strlen (f->name) + 10;
    }
  return chars / CHARS_PER_TOKEN;
}

/* The prompt tokens of one request of @group on @schema and its rows' output tokens. */
static gboolean
estimate_cell (FxStore           *store,
               const FxPlan      *plan,
               const FxPlanGroup *group,
               const FxSchema    *schema,
               const char        *reference_path,
               double            *prompt_tokens,
               double            *output_per_row,
               gboolean          *measured,
               GError           **error)
{
  FxJobSpec spec = { 0 };
  g_autoptr(FxJob) job = NULL;
  FxRunOptions options;
  FxPrompt *prompt;
  double chars, tokens_per_char;

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
  fx_job_get_options (job, &options);
  prompt = fx_strategy_build_prompt (options.strategy, MIN (plan->batch_rows, group->n_rows), group->n_rows);
  chars = strlen (prompt->system) + strlen (prompt->user);
  fx_strategy_forget_prompt (options.strategy, prompt);
  fx_prompt_free (prompt);

  measure_earlier (store, spec.provider, spec.model, schema->features->len - (schema->target != NULL ? 1 : 0),
                   output_per_row, &tokens_per_char);
  *prompt_tokens = chars * (isnan (tokens_per_char) ? 1 / CHARS_PER_TOKEN : tokens_per_char);
  *measured = !isnan (*output_per_row);
  if (!*measured)
    *output_per_row = guess_output_per_row (schema);
  return TRUE;
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
          guint64 requests = (group->n_rows + plan->batch_rows - 1) / plan->batch_rows;
          double prompt_tokens, output_per_row;
          gboolean measured;
          gint64 in, out;

          if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
              !estimate_cell (store, plan, group, subset, reference_path, &prompt_tokens, &output_per_row,
                              &measured, error))
            return NULL;
          in = (gint64) ceil (prompt_tokens * requests);
          out = (gint64) ceil (output_per_row * group->n_rows);
          estimate->requests += requests;
          estimate->input_tokens += in;
          estimate->output_tokens += out;
          estimate->measured |= measured;
          if (price != NULL)
            estimate->cost += fx_price_cost (price, in, out);
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
