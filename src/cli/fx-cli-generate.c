/* fx-cli-generate.c: facsimile-cli generate, runs and models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <libsoup/soup.h>

#include "fx-baseline.h"
#include "fx-cli.h"
#include "fx-cli-output.h"
#include "fx-credentials.h"
#include "fx-csv.h"
#include "fx-job.h"
#include "fx-models.h"
#include "fx-run.h"
#include "fx-schema.h"
#include "fx-store.h"
#include "fx-strategy.h"

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  gboolean      ok;
  GError       *error;
  gboolean      tty;
  gint64        last_print;
} Wait;

static void
format_duration (char   *buf,
                 gsize   size,
                 double  seconds)
{
  gint64 s = (gint64) llround (seconds);

  if (s >= 3600)
    g_snprintf (buf, size, "%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60), (int) (s % 60));
  else
    g_snprintf (buf, size, "%02d:%02d", (int) (s / 60), (int) (s % 60));
}

static void
on_progress (const FxRunProgress *p,
             gpointer             data)
{
  Wait *wait = data;
  gint64 now = g_get_monotonic_time ();
  char elapsed[32], eta[32];

  if (!wait->tty)
    return;
  if (now - wait->last_print < 100000 && p->accepted < p->target)
    return;
  wait->last_print = now;

  format_duration (elapsed, sizeof elapsed, p->elapsed);
  if (p->eta >= 0)
    format_duration (eta, sizeof eta, p->eta);
  else
    g_strlcpy (eta, "--:--", sizeof eta);
  /* back to the start of the line, which is cleared */
  fputs ("\r\033[K", stderr);
  fprintf (stderr, _("%lu/%lu rows, %lu rejected, %lu requests (%lu failed, %u in flight), "
                     "%lld tokens, %s elapsed, ETA %s"),
           (gulong) p->accepted, (gulong) p->target, (gulong) p->rejected, (gulong) p->requests,
           (gulong) p->failed, p->in_flight, (long long) (p->prompt_tokens + p->completion_tokens),
           elapsed, eta);
  if (p->waiting > 0)
    fprintf (stderr, _(", retrying in %.1f s"), p->waiting);
  fflush (stderr);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *wait = data;

  wait->ok = fx_run_execute_finish (result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static gboolean
on_signal (gpointer data)
{
  Wait *wait = data;

  g_cancellable_cancel (wait->cancellable);
  return G_SOURCE_CONTINUE;
}

/* Runs @job to its end, with a progress line on a terminal. */
static int
execute (FxJob *job)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FxRunRecord) record = NULL;
  Wait wait = { loop, cancellable, FALSE, NULL, isatty (STDERR_FILENO), 0 };
  FxRunOptions options;
  gint64 run_id = fx_job_get_run_id (job);
  guint sigint, sigterm;

  fx_job_get_options (job, &options);
  if (g_getenv ("FACSIMILE_BACKOFF_SCALE") != NULL)
    options.backoff_scale = g_ascii_strtod (g_getenv ("FACSIMILE_BACKOFF_SCALE"), NULL);

  sigint = g_unix_signal_add (SIGINT, on_signal, &wait);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, &wait);
  fx_run_execute_async (&options, cancellable, on_progress, &wait, on_done, &wait);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  if (wait.tty)
    fputc ('\n', stderr);

  record = fx_store_get_run (fx_job_get_store (job), run_id, NULL);
  if (!wait.ok)
    {
      fx_cli_error (_("run %lld: %s (resume with: facsimile-cli runs resume %lld)"),
                    (long long) run_id, wait.error->message, (long long) run_id);
      g_clear_error (&wait.error);
      return FX_CLI_FAILED;
    }

  if (record != NULL)
    fprintf (stderr, _("run %lld: %lld rows (%lld rejected) from %lld requests, %lld tokens; stored in %s\n"),
             (long long) record->id, (long long) record->rows_accepted, (long long) record->rows_rejected,
             (long long) record->requests, (long long) (record->prompt_tokens + record->completion_tokens),
             fx_store_get_path (fx_job_get_store (job)));
  return FX_CLI_OK;
}

static int
export_rows (FxJob      *job,
             const char *output)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxTable) table = fx_run_rows_to_table (fx_job_get_store (job), fx_job_get_run_id (job),
                                                   fx_job_get_schema (job), &error);

  if (table == NULL || !fx_csv_write_file (table, output, &error))
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_FAILED;
    }
  return FX_CLI_OK;
}

/* The key from the environment or the keyring, or a message that says where to put one. */
static gboolean
find_key (const char  *provider,
          char       **key)
{
  g_autoptr(GError) error = NULL;
  const FxProviderClass *klass = fx_provider_lookup (provider);
  const char * const *vars;
  g_autofree char *names = NULL;
  FxKeySource source;

  if (klass == NULL)
    return TRUE;
  *key = fx_credentials_lookup (klass->name, TRUE, &source, &error);
  if (*key != NULL || !klass->needs_key)
    return TRUE;

  vars = fx_credentials_variables (klass->name);
  names = g_strjoinv (_(" or "), (char **) vars);
  if (error != NULL)
    fx_cli_error (_("no API key for %s: set %s (the keyring could not be read: %s)"),
                  klass->name, names, error->message);
  else
    fx_cli_error (_("no API key for %s: set %s, or store one in the keyring as “Facsimile: %s”"),
                  klass->name, names, klass->name);
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
  gint64 rows = 0, batch_rows = 20, concurrency = 4, seed = 1, max_tokens = 0, timeout = 0;
  double temperature = NAN;
  gboolean allow_real_rows = FALSE;
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
  const GOptionEntry entries[] = {
    { "schema", 0, 0, G_OPTION_ARG_FILENAME, &schema_path, N_("The schema of the rows"), N_("SCHEMA.json") },
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider, N_("openai, anthropic, gemini, openai-compatible, copula or independent"), N_("NAME") },
    { "model", 0, 0, G_OPTION_ARG_STRING, &model, N_("The model (see “facsimile-cli models”)"), N_("MODEL") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url, N_("The provider's address (required for openai-compatible)"), N_("URL") },
    { "rows", 0, 0, G_OPTION_ARG_INT64, &rows, N_("How many valid rows to generate"), N_("N") },
    { "strategy", 0, 0, G_OPTION_ARG_STRING, &strategy, N_("naive, schema, conditional, group or statistics (default)"), N_("NAME") },
    { "groups", 0, 0, G_OPTION_ARG_STRING, &groups, N_("Group strategy: uniform (default) or proportional"), N_("HOW") },
    { "reference", 0, 0, G_OPTION_ARG_FILENAME, &reference, N_("Real data: statistics, examples, baselines"), N_("R.csv") },
    { "allow-real-rows", 0, 0, G_OPTION_ARG_NONE, &allow_real_rows, N_("Allow real rows in prompts sent to a remote provider"), NULL },
    { "batch-rows", 0, 0, G_OPTION_ARG_INT64, &batch_rows, N_("Rows per request (default 20)"), N_("R") },
    { "concurrency", 0, 0, G_OPTION_ARG_INT64, &concurrency, N_("Requests in flight at most (default 4)"), N_("C") },
    { "temperature", 0, 0, G_OPTION_ARG_DOUBLE, &temperature, N_("Sampling temperature"), N_("T") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed for examples and baselines (default 1)"), N_("K") },
    { "max-output-tokens", 0, 0, G_OPTION_ARG_INT64, &max_tokens, N_("Output token budget per request"), N_("T") },
    { "timeout", 0, 0, G_OPTION_ARG_INT64, &timeout, N_("Seconds to wait for one answer (default 300)"), N_("S") },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("The store (default in the user data folder)"), N_("FILE.db") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the rows as CSV"), N_("OUT.csv") },
    { NULL }
  };

  context = g_option_context_new (_("— generate synthetic rows"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!fx_cli_parse_options (context, &argc, &argv))
    return FX_CLI_BAD_INPUT;
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
      fx_cli_error (_("unknown strategy “%s”: use naive, schema, conditional, group or statistics"), strategy);
      return FX_CLI_BAD_INPUT;
    }
  spec.allocation = FX_GROUPS_UNIFORM;
  if (groups != NULL && g_str_equal (groups, "proportional"))
    spec.allocation = FX_GROUPS_PROPORTIONAL;
  else if (groups != NULL && !g_str_equal (groups, "uniform"))
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
  job = fx_job_new (&spec, schema, &error);
  if (job == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_BAD_INPUT;
    }
  if (!find_key (provider, &key))
    return FX_CLI_BAD_INPUT;
  fx_job_take_api_key (job, g_steal_pointer (&key));

  /* Real rows leave the machine only when the user said so. */
  if (fx_job_sends_real_rows_away (job) && !allow_real_rows)
    {
      fx_cli_error (_("the %s strategy puts %u real rows of %s in the prompts sent to %s; "
                      "add --allow-real-rows to allow that, or use --strategy statistics"),
                    fx_strategy_kind_to_string (spec.strategy), fx_job_get_n_disclosed_rows (job),
                    reference, provider);
      return FX_CLI_BAD_INPUT;
    }

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

  status = execute (job);
  if (status == FX_CLI_OK && output != NULL)
    status = export_rows (job, output);
  return status;
}

static int
runs_resume (FxStore    *store,
             gint64      run_id,
             const char *output)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxRunRecord) record = fx_store_get_run (store, run_id, &error);
  g_autoptr(FxJob) job = NULL;
  g_autofree char *key = NULL;
  int status;

  if (record == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_BAD_INPUT;
    }
  job = fx_job_resume (store, run_id, &error);
  if (job == NULL)
    {
      fx_cli_error ("%s", error->message);
      return g_error_matches (error, FX_JOB_ERROR, FX_JOB_ERROR_REFERENCE) ? FX_CLI_BAD_INPUT : FX_CLI_FAILED;
    }
  if (!find_key (record->provider, &key))
    return FX_CLI_BAD_INPUT;
  fx_job_take_api_key (job, g_steal_pointer (&key));

  status = FX_CLI_OK;
  if (record->status != FX_RUN_COMPLETED || record->rows_accepted < record->rows_requested)
    status = execute (job);
  else
    fprintf (stderr, _("run %lld is already complete\n"), (long long) run_id);
  if (status == FX_CLI_OK && output != NULL)
    status = export_rows (job, output);
  return status;
}

static void
print_run (const FxRunRecord *r)
{
  printf ("%-5lld %-19.19s %-18.18s %-24.24s %-12s %-10s %8lld/%-8lld %s\n",
          (long long) r->id, r->created, r->provider, r->model != NULL ? r->model : "-",
          r->strategy, fx_run_status_to_string (r->status),
          (long long) r->rows_accepted, (long long) r->rows_requested,
          r->status_reason != NULL ? r->status_reason : "");
}

static int
runs_show (FxStore *store,
           gint64   run_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxRunRecord) r = fx_store_get_run (store, run_id, &error);
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GPtrArray) rejected = NULL;

  if (r == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_BAD_INPUT;
    }
  requests = fx_store_get_requests (store, run_id, NULL);
  rejected = fx_store_get_rejected_rows (store, run_id, NULL);

  printf (_("Run %lld\n"), (long long) r->id);
  printf (_("  provider        %s\n"), r->provider);
  printf (_("  model           %s\n"), r->model != NULL ? r->model : "-");
  printf (_("  base URL        %s\n"), r->base_url != NULL ? r->base_url : "-");
  printf (_("  strategy        %s\n"), r->strategy);
  printf (_("  parameters      %s\n"), r->parameters);
  printf (_("  template hash   %s\n"), r->prompt_template_hash != NULL ? r->prompt_template_hash : "-");
  printf (_("  reference       %s (SHA-256 %s)\n"), r->reference_path != NULL ? r->reference_path : "-",
          r->reference_sha256 != NULL ? r->reference_sha256 : "-");
  printf (_("  real data sent  %s\n"), g_strcmp0 (r->real_data_sent, "[]") == 0
                                       ? _("none: no real row left this machine") : r->real_data_sent);
  printf (_("  status          %s%s%s\n"), fx_run_status_to_string (r->status),
          r->status_reason != NULL ? ": " : "", r->status_reason != NULL ? r->status_reason : "");
  printf (_("  rows            %lld accepted of %lld, %lld rejected\n"), (long long) r->rows_accepted,
          (long long) r->rows_requested, (long long) r->rows_rejected);
  printf (_("  requests        %lld; tokens %lld in, %lld out\n"), (long long) r->requests,
          (long long) r->prompt_tokens, (long long) r->completion_tokens);
  printf (_("  created         %s; finished %s\n"), r->created, r->finished != NULL ? r->finished : "-");

  if (requests != NULL && requests->len > 0)
    {
      printf (_("\nRequests (attempt, rows, HTTP status, outcome, latency):\n"));
      for (guint i = 0; i < requests->len; i++)
        {
          FxRequestRecord *q = g_ptr_array_index (requests, i);

          printf ("  %4u  #%lld  %3lld rows  %3lld  %-16s %6lld ms%s%s\n", i + 1, (long long) q->attempt,
                  (long long) q->batch_rows, (long long) q->http_status, q->outcome, (long long) q->latency_ms,
                  q->error != NULL ? "  " : "", q->error != NULL ? q->error : "");
        }
    }
  if (rejected != NULL && rejected->len > 0)
    {
      printf (_("\nRejected rows:\n"));
      for (guint i = 0; i < rejected->len && i < 50; i++)
        {
          FxRowRecord *row = g_ptr_array_index (rejected, i);

          printf ("  %s\n    %s\n", row->reason != NULL ? row->reason : "", row->values_json);
        }
      if (rejected->len > 50)
        printf (_("  ... and %u more\n"), rejected->len - 50);
    }
  return FX_CLI_OK;
}

int
fx_cli_runs (int    argc,
             char **argv)
{
  g_autofree char *store_path = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FxStore) store = NULL;
  const char *action;
  gint64 run_id = 0;
  g_autoptr(FxCliFiles) files = NULL;
  const GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("The store (default in the user data folder)"), N_("FILE.db") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the rows as CSV (export, resume)"), N_("OUT.csv") },
    { NULL }
  };

  context = g_option_context_new (_("list | show ID | resume ID | export ID -o OUT.csv"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!fx_cli_parse (context, &argc, &argv))
    return FX_CLI_BAD_INPUT;
  if (argc < 2)
    {
      fx_cli_error (_("runs needs an action: list, show, resume or export (see --help)"));
      return FX_CLI_BAD_INPUT;
    }
  action = argv[1];
  if (!g_str_equal (action, "list"))
    {
      char *end = NULL;

      if (argc != 3 || (run_id = g_ascii_strtoll (argv[2], &end, 10)) <= 0 || *end != '\0')
        {
          fx_cli_error (_("runs %s needs a run number (see “facsimile-cli runs list”)"), action);
          return FX_CLI_BAD_INPUT;
        }
    }
  else if (argc != 2)
    {
      fx_cli_error (_("runs list takes no argument"));
      return FX_CLI_BAD_INPUT;
    }

  files = fx_cli_files_new ();
  fx_cli_files_input (files, store_path);
  fx_cli_files_output (files, output);
  if (!fx_cli_files_check (files))
    return FX_CLI_BAD_INPUT;

  store = fx_store_open (store_path, &error);
  if (store == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_FAILED;
    }

  if (g_str_equal (action, "list"))
    {
      g_autoptr(GPtrArray) runs = fx_store_list_runs (store, &error);

      if (runs == NULL)
        {
          fx_cli_error ("%s", error->message);
          return FX_CLI_FAILED;
        }
      printf ("%-5s %-19s %-18s %-24s %-12s %-10s %17s %s\n", _("run"), _("created"), _("provider"), _("model"),
              _("strategy"), _("status"), _("rows"), _("reason"));
      for (guint i = 0; i < runs->len; i++)
        print_run (g_ptr_array_index (runs, i));
      return FX_CLI_OK;
    }
  if (g_str_equal (action, "show"))
    return runs_show (store, run_id);
  if (g_str_equal (action, "resume"))
    return runs_resume (store, run_id, output);
  if (g_str_equal (action, "export"))
    {
      g_autoptr(FxRunRecord) record = fx_store_get_run (store, run_id, &error);
      g_autofree char *json = NULL;
      g_autoptr(FxSchema) schema = NULL;
      g_autoptr(FxTable) table = NULL;

      if (output == NULL)
        {
          fx_cli_error (_("runs export needs -o OUT.csv"));
          return FX_CLI_BAD_INPUT;
        }
      if (record == NULL ||
          (json = fx_store_get_schema_json (store, record->schema_id, &error)) == NULL ||
          (schema = fx_schema_load_data (json, -1, "stored schema", &error)) == NULL ||
          (table = fx_run_rows_to_table (store, run_id, schema, &error)) == NULL ||
          !fx_csv_write_file (table, output, &error))
        {
          fx_cli_error ("%s", error->message);
          return record == NULL ? FX_CLI_BAD_INPUT : FX_CLI_FAILED;
        }
      if (record->rows_accepted < record->rows_requested)
        fx_cli_warning (_("run %lld has %lld of its %lld rows; exported what it has"),
                        (long long) run_id, (long long) record->rows_accepted, (long long) record->rows_requested);
      return FX_CLI_OK;
    }

  fx_cli_error (_("unknown runs action “%s”: use list, show, resume or export"), action);
  return FX_CLI_BAD_INPUT;
}

typedef struct
{
  GMainLoop *loop;
  GPtrArray *models;
  FxOutcome  outcome;
  GError    *error;
} Fetch;

static void
on_models (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Fetch *fetch = data;

  fetch->models = fx_provider_list_models_finish (result, &fetch->outcome, &fetch->error);
  g_main_loop_quit (fetch->loop);
}

int
fx_cli_models (int    argc,
               char **argv)
{
  g_autofree char *provider = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *key = NULL;
  FxProviderConfig config = { 0 };
  const FxProviderClass *klass;
  Fetch fetch = { loop, NULL, FX_OUTCOME_OK, NULL };
  const GOptionEntry entries[] = {
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider, N_("openai, anthropic, gemini or openai-compatible"), N_("NAME") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url, N_("The provider's address"), N_("URL") },
    { NULL }
  };

  context = g_option_context_new (_("— list a provider's models (tests the connection and the key)"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!fx_cli_parse (context, &argc, &argv))
    return FX_CLI_BAD_INPUT;
  if (provider == NULL || (klass = fx_provider_lookup (provider)) == NULL)
    {
      fx_cli_error (_("models needs --provider openai, anthropic, gemini or openai-compatible"));
      return FX_CLI_BAD_INPUT;
    }
  if (klass->default_base_url == NULL && base_url == NULL)
    {
      fx_cli_error (_("the %s provider needs --base-url"), provider);
      return FX_CLI_BAD_INPUT;
    }
  if (base_url != NULL && !fx_job_valid_base_url (base_url))
    {
      fx_cli_error (_("--base-url must be an http:// or https:// address, not “%s”"), base_url);
      return FX_CLI_BAD_INPUT;
    }
  if (!find_key (provider, &key))
    return FX_CLI_BAD_INPUT;
  config.base_url = base_url;
  config.api_key = key;
  config.timeout_seconds = 30;

  fx_provider_list_models_async (klass, &config, NULL, on_models, &fetch);
  g_main_loop_run (loop);
  if (fetch.models == NULL)
    {
      fx_cli_error (_("%s: %s (%s)"), provider, fetch.error->message, fx_outcome_to_string (fetch.outcome));
      g_clear_error (&fetch.error);
      return FX_CLI_FAILED;
    }
  for (guint i = 0; i < fetch.models->len; i++)
    printf ("%s\n", (char *) g_ptr_array_index (fetch.models, i));
  fprintf (stderr, _("%s: connected, %u models\n"), provider, fetch.models->len);
  g_ptr_array_unref (fetch.models);
  return FX_CLI_OK;
}
