/* fx-cli-generate.c: facsimile-cli generate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "fx-baseline.h"
#include "fx-cli.h"
#include "fx-cli-output.h"
#include "fx-cli-job.h"
#include "fx-estimate.h"
#include "fx-schema.h"
#include "fx-store.h"
#include "fx-strategy.h"

/* "estimate: 5 requests, about 2500 input and 4000 output tokens (output guessed from
 * the schema), USD 0.0463 at USD 2.50 in / 10.00 out per million tokens (...)", from
 * the prompt the job builds first and what earlier answers in the store measured. */
static gboolean
print_estimate (FxJob      *job,
                const char *store_path,
                FILE       *out)
{
  g_autofree char *path = store_path != NULL ? g_strdup (store_path) : fx_store_default_path ();
  g_autoptr(FxStore) store = NULL;
  g_autoptr(FxPrice) price = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL, *about = NULL;
  FxEstimate estimate;
  FxRunOptions options;

  /* earlier answers are read where there are any; no store is made for it */
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    store = fx_store_open (path, NULL);
  if (!fx_estimate_job (job, store, 0, &estimate, &error))
    {
      fx_cli_error ("%s", error->message);
      return FALSE;
    }
  fx_job_get_options (job, &options);
  if (!estimate.baseline)
    price = fx_price_lookup (options.provider->name, options.config.model);
  line = fx_estimate_describe (&estimate, price);
  about = price != NULL ? fx_price_describe (price) : NULL;
  if (about != NULL)
    fprintf (out, _("estimate: %s at %s\n"), line, about);
  else
    fprintf (out, _("estimate: %s\n"), line);
  fflush (out);
  return TRUE;
}

/* Real rows leave the machine only when the user said so: whether this job may run. */
static gboolean
real_rows_allowed (FxJob           *job,
                   const FxJobSpec *spec,
                   const char      *reference,
                   const char      *provider,
                   gboolean         allowed)
{
  if (!fx_job_sends_real_rows_away (job) || allowed)
    return TRUE;
  fx_cli_error (_("the %s strategy puts %u real rows of %s in the prompts sent to %s; "
                  "add --allow-real-rows to allow that, or use --strategy statistics"),
                fx_strategy_kind_to_string (spec->strategy), fx_job_get_n_disclosed_rows (job),
                reference, provider);
  return FALSE;
}

int
fx_cli_generate (int    argc,
                 char **argv)
{
  g_autofree char *schema_path = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *model = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *strategy = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *output = NULL;
  g_autofree char *groups = NULL;
  g_autofree char *holdout_sites = NULL;
  double holdout_fraction = -1;  /* not given: the default when a reference allows it */
  g_autofree char *anchors = NULL;
  g_auto(GStrv) anchor_list = NULL;
  gint64 rows = 0, batch_rows = 20, concurrency = 4, seed = 1, max_tokens = 0, timeout = 0;
  double temperature = NAN;
  gboolean allow_real_rows = FALSE, dry_run = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(FxJob) job = NULL;
  g_autoptr(FxStore) store = NULL;
  g_autofree char *key = NULL;
  g_autofree char *schema_name = NULL;
  FxJobSpec spec = { 0 };
  FxBaselineKind baseline_kind;
  g_autoptr(FxCliFiles) files = NULL;
  int status;
  double budget_amount = 0;
  const GOptionEntry entries[] = {
    { "schema", 0, 0, G_OPTION_ARG_FILENAME, &schema_path, N_("The schema of the rows"), N_("SCHEMA.json") },
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider, N_("openai, anthropic, gemini, openai-compatible, copula or independent"), N_("NAME") },
    { "model", 0, 0, G_OPTION_ARG_STRING, &model, N_("The model (see “facsimile-cli models”)"), N_("MODEL") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url, N_("The provider's address (required for openai-compatible)"), N_("URL") },
    { "rows", 0, 0, G_OPTION_ARG_INT64, &rows, N_("How many valid rows to generate"), N_("N") },
    { "strategy", 0, 0, G_OPTION_ARG_STRING, &strategy, N_("naive, schema, conditional, group, anchored or statistics (default)"), N_("NAME") },
    { "groups", 0, 0, G_OPTION_ARG_STRING, &groups, N_("Group strategy: proportional (default) or uniform"), N_("HOW") },
    { "anchors", 0, 0, G_OPTION_ARG_STRING, &anchors, N_("Anchored strategy: the columns drawn from the reference (default: group columns and target)"), N_("COL,COL") },
    { "reference", 0, 0, G_OPTION_ARG_FILENAME, &reference, N_("Real data: statistics, examples, baselines"), N_("R.csv") },
    { "holdout-fraction", 0, 0, G_OPTION_ARG_DOUBLE, &holdout_fraction, N_("Keep this share of the reference rows (by target and site) from the generator, for evaluate (default 0.2; 0: none)"), N_("F") },
    { "holdout-sites", 0, 0, G_OPTION_ARG_STRING, &holdout_sites, N_("Keep these whole sites from the generator instead (comma-separated)"), N_("LIST") },
    { "allow-real-rows", 0, 0, G_OPTION_ARG_NONE, &allow_real_rows, N_("Allow real rows in prompts sent to a remote provider"), NULL },
    { "batch-rows", 0, 0, G_OPTION_ARG_INT64, &batch_rows, N_("Rows per request (default 20)"), N_("R") },
    { "concurrency", 0, 0, G_OPTION_ARG_INT64, &concurrency, N_("Requests in flight at most (default 4)"), N_("C") },
    { "temperature", 0, 0, G_OPTION_ARG_DOUBLE, &temperature, N_("Sampling temperature"), N_("T") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed for examples and baselines (default 1)"), N_("K") },
    { "max-output-tokens", 0, 0, G_OPTION_ARG_INT64, &max_tokens, N_("Output token budget per request"), N_("T") },
    { "timeout", 0, 0, G_OPTION_ARG_INT64, &timeout, N_("Seconds to wait for the whole of one answer (default 300)"), N_("S") },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("The store (default in the user data folder)"), N_("FILE.db") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the rows as CSV"), N_("OUT.csv") },
    { "budget", 0, 0, G_OPTION_ARG_DOUBLE, &budget_amount, N_("Stop when the run's spend reaches AMOUNT (the price table's currency)"), N_("AMOUNT") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Print the requests, tokens and cost the run would take; ask nothing, store nothing"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— generate synthetic rows"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!fx_cli_parse_options (context, &argc, &argv))
    return FX_CLI_BAD_INPUT;
  if (budget_amount < 0 || isnan (budget_amount) || isinf (budget_amount))
    {
      fx_cli_error (_("--budget: expected an amount above 0"));
      return FX_CLI_BAD_INPUT;
    }
  fx_cli_set_budget (budget_amount);
  if (schema_path == NULL || provider == NULL || rows <= 0)
    {
      fx_cli_error (_("generate needs --schema, --provider and --rows (see --help)"));
      return FX_CLI_BAD_INPUT;
    }
  if (batch_rows <= 0 || batch_rows > 1000 || concurrency <= 0 || concurrency > 64 || seed < 0)
    {
      fx_cli_error (_("--batch-rows must be 1 to 1000, --concurrency 1 to 64, --seed 0 or more"));
      return FX_CLI_BAD_INPUT;
    }
  if (max_tokens < 0 || max_tokens > 10000000 || timeout < 0 || timeout > 86400)
    {
      fx_cli_error (_("--max-output-tokens must be 0 to 10000000 and --timeout 0 to 86400 seconds"));
      return FX_CLI_BAD_INPUT;
    }
  spec.provider = provider;
  if (fx_provider_lookup (provider) == NULL && !fx_baseline_kind_from_string (provider, &baseline_kind))
    {
      fx_cli_error (_("unknown provider “%s”: use openai, anthropic, gemini, openai-compatible, "
                      "copula or independent"), provider);
      return FX_CLI_BAD_INPUT;
    }

  files = fx_cli_files_new ();
  fx_cli_files_input (files, schema_path);
  fx_cli_files_input (files, reference);
  fx_cli_files_input (files, store_path);
  fx_cli_files_output (files, output);
  if (!fx_cli_files_check (files))
    return FX_CLI_BAD_INPUT;

  spec.strategy = FX_STRATEGY_STATISTICS;
  if (strategy != NULL && !fx_strategy_kind_from_string (strategy, &spec.strategy))
    {
      fx_cli_error (_("unknown strategy “%s”: use naive, schema, conditional, group, anchored or statistics"), strategy);
      return FX_CLI_BAD_INPUT;
    }
  if (anchors != NULL && spec.strategy != FX_STRATEGY_ANCHORED)
    {
      fx_cli_error (_("--anchors goes with --strategy anchored"));
      return FX_CLI_BAD_INPUT;
    }
  if (anchors != NULL)
    {
      anchor_list = g_strsplit (anchors, ",", -1);
      for (guint i = 0; anchor_list[i] != NULL; i++)
        g_strstrip (anchor_list[i]);
      spec.anchors = (const char * const *) anchor_list;
    }
  spec.allocation = FX_GROUPS_PROPORTIONAL;
  if (groups != NULL && g_str_equal (groups, "uniform"))
    spec.allocation = FX_GROUPS_UNIFORM;
  else if (groups != NULL && !g_str_equal (groups, "proportional"))
    {
      fx_cli_error (_("--groups must be uniform or proportional"));
      return FX_CLI_BAD_INPUT;
    }

  schema = fx_schema_load_file (schema_path, &error);
  if (schema == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_BAD_INPUT;
    }

  if (base_url != NULL && !fx_job_valid_base_url (base_url))
    {
      fx_cli_error (_("--base-url must be an http:// or https:// address, not “%s”"), base_url);
      return FX_CLI_BAD_INPUT;
    }
  if (fx_provider_lookup (provider) != NULL)
    {
      const FxProviderClass *klass = fx_provider_lookup (provider);

      if (klass->default_base_url == NULL && base_url == NULL)
        {
          fx_cli_error (_("the %s provider needs --base-url (for example http://localhost:11434 for Ollama)"),
                        klass->name);
          return FX_CLI_BAD_INPUT;
        }
      if (model == NULL)
        {
          fx_cli_error (_("choose a model with --model (“facsimile-cli models --provider %s” lists them)"),
                        klass->name);
          return FX_CLI_BAD_INPUT;
        }
    }
  else if (reference == NULL)
    {
      fx_cli_error (_("the %s baseline is fitted on reference data: give --reference"), provider);
      return FX_CLI_BAD_INPUT;
    }

  spec.model = model;
  spec.base_url = base_url;
  spec.temperature = temperature;
  spec.seed = seed;
  spec.max_output_tokens = (guint) MAX (max_tokens, 0);
  spec.timeout_seconds = (guint) MAX (timeout, 0);
  spec.n_rows = rows;
  spec.batch_rows = batch_rows;
  spec.concurrency = concurrency;
  spec.reference_path = reference;
  if (holdout_fraction > 0 && holdout_sites != NULL)
    {
      fx_cli_error (_("--holdout-fraction and --holdout-sites exclude each other"));
      return FX_CLI_BAD_INPUT;
    }
  if (holdout_fraction != -1 && holdout_fraction != 0 && !(holdout_fraction > 0 && holdout_fraction < 1))
    {
      fx_cli_error (_("--holdout-fraction must be between 0 and 1 (exclusive), not %g"), holdout_fraction);
      return FX_CLI_BAD_INPUT;
    }
  if (((holdout_fraction > 0 && holdout_fraction < 1) || holdout_sites != NULL) && reference == NULL)
    {
      fx_cli_error (_("a holdout is taken from the reference data: give --reference"));
      return FX_CLI_BAD_INPUT;
    }
  /* not given: the default share, where the reference and the target allow one */
  spec.holdout_fraction = holdout_fraction == -1 ? -FX_JOB_DEFAULT_HOLDOUT_FRACTION : holdout_fraction;
  spec.holdout_sites = holdout_sites;
  job = fx_job_new (&spec, schema, &error);
  if (job == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_BAD_INPUT;
    }
  /* a dry run needs no key: it says what the run would ask for and cost, and whether
   * it may send what it would send */
  if (dry_run)
    {
      if (!print_estimate (job, store_path, stdout))
        return FX_CLI_BAD_INPUT;
      if (!real_rows_allowed (job, &spec, reference, provider, allow_real_rows))
        return FX_CLI_BAD_INPUT;
      if (fx_job_sends_real_rows_away (job))
        printf (_("real data sent: %u rows of %s, to %s (allowed by --allow-real-rows)\n"),
                fx_job_get_n_disclosed_rows (job), reference, provider);
      return FX_CLI_OK;
    }

  if (!fx_cli_find_key (provider, &key))
    return FX_CLI_BAD_INPUT;
  fx_job_take_api_key (job, g_steal_pointer (&key));

  if (!real_rows_allowed (job, &spec, reference, provider, allow_real_rows))
    return FX_CLI_BAD_INPUT;

  /* what the run will ask for and cost, before the first request */
  if (!print_estimate (job, store_path, stderr))
    return FX_CLI_BAD_INPUT;

  store = fx_store_open (store_path, &error);
  if (store == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_FAILED;
    }
  schema_name = g_path_get_basename (schema_path);
  if (fx_job_create_run (job, store, schema_name, &error) < 0)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_FAILED;
    }
  if (!isatty (STDERR_FILENO))
    fprintf (stderr, _("run %lld started\n"), (long long) fx_job_get_run_id (job));

  status = fx_cli_execute_job (job);
  if (status == FX_CLI_OK && output != NULL)
    status = fx_cli_export_run (job, output);
  return status;
}
