/* fx-estimate.c: what a generation will ask for and cost, before it asks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-estimate.h"
#include "fx-strategy.h"

/* Before any answer: about four characters a token. */
#define CHARS_PER_TOKEN 4.0

static guint
count_features (const FxSchema *schema)
{
  return schema->features->len - (schema->target != NULL ? 1 : 0);
}

/* What earlier answers of @provider and @model with @n_features features tell: output
 * tokens per row and prompt tokens per character of prompt text. */
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
          (schema = fx_schema_load_data (json, -1, NULL, NULL)) == NULL || count_features (schema) != n_features)
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

/* A row written as JSON holds each feature's name and a value. */
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

gboolean
fx_estimate_job (FxJob       *job,
                 FxStore     *store,
                 gsize        n_rows,
                 FxEstimate  *estimate,
                 GError     **error)
{
  FxRunOptions options;
  FxPrompt *prompt;
  double chars, output_per_row, tokens_per_char;

  memset (estimate, 0, sizeof *estimate);
  fx_job_get_options (job, &options);
  if (n_rows == 0)
    n_rows = options.n_rows;
  if (options.provider == NULL)
    {
      estimate->baseline = TRUE;
      return TRUE;
    }
  estimate->requests = (n_rows + options.batch_rows - 1) / options.batch_rows;
  prompt = fx_strategy_build_prompt (options.strategy, MIN (options.batch_rows, n_rows), n_rows);
  if (prompt == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("the first prompt cannot be built"));
      return FALSE;
    }
  chars = strlen (prompt->system) + strlen (prompt->user);
  fx_strategy_forget_prompt (options.strategy, prompt);
  fx_prompt_free (prompt);

  measure_earlier (store, options.provider->name, options.config.model, count_features (options.schema),
                   &output_per_row, &tokens_per_char);
  estimate->prompt_tokens = chars * (isnan (tokens_per_char) ? 1 / CHARS_PER_TOKEN : tokens_per_char);
  estimate->measured = !isnan (output_per_row);
  estimate->output_per_row = estimate->measured ? output_per_row : guess_output_per_row (options.schema);
  estimate->input_tokens = (gint64) ceil (estimate->prompt_tokens * estimate->requests);
  estimate->output_tokens = (gint64) ceil (estimate->output_per_row * n_rows);
  return TRUE;
}

double
fx_estimate_cost (const FxEstimate *estimate,
                  const FxPrice    *price)
{
  if (estimate->baseline)
    return 0;
  if (price == NULL)
    return NAN;
  return fx_price_cost (price, estimate->input_tokens, estimate->output_tokens);
}

char *
fx_estimate_describe (const FxEstimate *estimate,
                      const FxPrice    *price)
{
  g_autofree char *cost = NULL;

  if (estimate->baseline)
    return g_strdup (_("no requests, no cost (a baseline)"));
  cost = price != NULL ? g_strdup_printf ("%s %.4f", price->currency, fx_estimate_cost (estimate, price))
                       : g_strdup (_("cost unknown (no price for this model: add one in the Providers pane)"));
  return g_strdup_printf (_("%llu requests, about %lld input and %lld output tokens (%s), %s"),
                          (unsigned long long) estimate->requests, (long long) estimate->input_tokens,
                          (long long) estimate->output_tokens,
                          estimate->measured ? _("output measured on earlier answers")
                                             : _("output guessed from the schema"),
                          cost);
}
