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
#include "fx-credentials.h"
#include "fx-csv.h"
#include "fx-models.h"
#include "fx-run.h"
#include "fx-schema.h"
#include "fx-store.h"
#include "fx-strategy.h"

/* Everything a run needs, whether it starts or resumes. */
typedef struct
{
  char                  *provider_name;
  const FxProviderClass *provider;
  FxBaselineKind         baseline_kind;
  FxStrategyKind         strategy_kind;
  FxGroupAllocation      allocation;
  FxProviderConfig       config;
  gsize                  n_rows;
  guint                  batch_rows;
  guint                  concurrency;
  guint64                seed;
  char                  *reference_path;
  FxSchema              *schema;
  FxTable               *reference;
  FxStrategy            *strategy;
  FxBaseline            *baseline;
  FxStore               *store;
  gint64                 run_id;
} Job;

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
job_clear (Job *job)
{
  g_free (job->provider_name);
  g_free (job->config.base_url);
  g_free (job->config.model);
  if (job->config.api_key != NULL)
    {
      memset (job->config.api_key, 0, strlen (job->config.api_key));
      g_free (job->config.api_key);
    }
  g_free (job->reference_path);
  g_clear_pointer (&job->schema, fx_schema_free);
  g_clear_pointer (&job->reference, fx_table_free);
  g_clear_pointer (&job->strategy, fx_strategy_free);
  g_clear_pointer (&job->baseline, fx_baseline_free);
  g_clear_pointer (&job->store, fx_store_close);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Job, job_clear)

static gboolean
is_loopback (const char *url)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *host;

  g_autoptr(GInetAddress) address = NULL;

  if (uri == NULL || (host = g_uri_get_host (uri)) == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  /* an address, not a name: "127.example.org" is somebody else's machine */
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
valid_base_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  return scheme != NULL && (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         host != NULL && host[0] != '\0';
}

static char *
sha256_of_file (const char  *path,
                GError     **error)
{
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, error);

  if (file == NULL)
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                      (const guchar *) g_mapped_file_get_contents (file),
                                      g_mapped_file_get_length (file));
}

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
execute (Job *job)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FxRunRecord) record = NULL;
  Wait wait = { loop, cancellable, FALSE, NULL, isatty (STDERR_FILENO), 0 };
  FxRunOptions options = { 0 };
  guint sigint, sigterm;

  options.provider = job->provider;
  options.config = job->config;
  options.strategy = job->strategy;
  options.baseline = job->baseline;
  options.schema = job->schema;
  options.store = job->store;
  options.run_id = job->run_id;
  options.n_rows = job->n_rows;
  options.batch_rows = job->batch_rows;
  options.concurrency = job->concurrency;
  options.seed = job->seed;
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

  record = fx_store_get_run (job->store, job->run_id, NULL);
  if (!wait.ok)
    {
      fx_cli_error (_("run %lld: %s (resume with: facsimile-cli runs resume %lld)"),
                    (long long) job->run_id, wait.error->message, (long long) job->run_id);
      g_clear_error (&wait.error);
      return FX_CLI_FAILED;
    }

  if (record != NULL)
    fprintf (stderr, _("run %lld: %lld rows (%lld rejected) from %lld requests, %lld tokens; stored in %s\n"),
             (long long) record->id, (long long) record->rows_accepted, (long long) record->rows_rejected,
             (long long) record->requests, (long long) (record->prompt_tokens + record->completion_tokens),
             fx_store_get_path (job->store));
  return FX_CLI_OK;
}

static int
export_rows (Job        *job,
             const char *output)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxTable) table = fx_run_rows_to_table (job->store, job->run_id, job->schema, &error);

  if (table == NULL || !fx_csv_write_file (table, output, &error))
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_FAILED;
    }
  return FX_CLI_OK;
}

static gboolean
find_key (Job *job)
{
  g_autoptr(GError) error = NULL;
  FxKeySource source;
  const char * const *vars;
  g_autofree char *names = NULL;

  if (job->provider == NULL)
    return TRUE;
  job->config.api_key = fx_credentials_lookup (job->provider->name, TRUE, &source, &error);
  if (job->config.api_key != NULL || !job->provider->needs_key)
    return TRUE;

  vars = fx_credentials_variables (job->provider->name);
  names = g_strjoinv (_(" or "), (char **) vars);
  if (error != NULL)
    fx_cli_error (_("no API key for %s: set %s (the keyring could not be read: %s)"),
                  job->provider->name, names, error->message);
  else
    fx_cli_error (_("no API key for %s: set %s, or store one in the keyring as “Facsimile: %s”"),
                  job->provider->name, names, job->provider->name);
  return FALSE;
}

/* Provider or baseline, strategy and fitted generator; for a new run and a resumed one. */
static gboolean
prepare (Job *job)
{
  g_autoptr(GError) error = NULL;

  if (job->provider != NULL)
    {
      job->strategy = fx_strategy_new (job->strategy_kind, job->schema, job->reference,
                                       job->allocation, job->seed, &error);
      if (job->strategy == NULL)
        {
          fx_cli_error ("%s", error->message);
          return FALSE;
        }
      if (job->config.max_output_tokens == 0)
        job->config.max_output_tokens = MIN (64000, MAX (4096, job->batch_rows * job->schema->features->len * 16 + 2048));
      if (job->config.timeout_seconds == 0)
        job->config.timeout_seconds = 300;
      return find_key (job);
    }

  if (job->reference == NULL)
    {
      fx_cli_error (_("the %s baseline is fitted on reference data: give --reference"), job->provider_name);
      return FALSE;
    }
  job->baseline = fx_baseline_new (job->baseline_kind, job->reference, job->schema, &error);
  if (job->baseline == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FALSE;
    }
  g_free (job->config.model);
  job->config.model = g_strdup (job->provider_name);
  return TRUE;
}

static gboolean
load_reference (Job *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) types = fx_schema_column_types (job->schema);
  FxCsvOptions options = { 0, types };

  if (job->reference_path == NULL)
    return TRUE;
  job->reference = fx_csv_read_file (job->reference_path, &options, &error);
  if (job->reference == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
resolve_provider (Job        *job,
                  const char *name)
{
  job->provider_name = g_strdup (name);
  job->provider = fx_provider_lookup (name);
  if (job->provider != NULL)
    return TRUE;
  if (fx_baseline_kind_from_string (name, &job->baseline_kind))
    return TRUE;
  fx_cli_error (_("unknown provider “%s”: use openai, anthropic, gemini, openai-compatible, "
                  "copula or independent"), name);
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
  g_auto(Job) job = { 0 };
  g_autofree char *parameters = NULL;
  g_autofree char *disclosure = NULL;
  g_autofree char *schema_json = NULL;
  g_autofree char *reference_sha = NULL;
  FxRunRecord record = { 0 };
  gint64 schema_id;
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
  if (!fx_cli_parse (context, &argc, &argv))
    return FX_CLI_BAD_INPUT;
  if (argc > 1)
    {
      fx_cli_error (_("unexpected argument “%s” (see --help)"), argv[1]);
      return FX_CLI_BAD_INPUT;
    }
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
  if (!resolve_provider (&job, provider))
    return FX_CLI_BAD_INPUT;

  job.strategy_kind = FX_STRATEGY_STATISTICS;
  if (strategy != NULL && !fx_strategy_kind_from_string (strategy, &job.strategy_kind))
    {
      fx_cli_error (_("unknown strategy “%s”: use naive, schema, conditional, group or statistics"), strategy);
      return FX_CLI_BAD_INPUT;
    }
  job.allocation = FX_GROUPS_UNIFORM;
  if (groups != NULL && g_str_equal (groups, "proportional"))
    job.allocation = FX_GROUPS_PROPORTIONAL;
  else if (groups != NULL && !g_str_equal (groups, "uniform"))
    {
      fx_cli_error (_("--groups must be uniform or proportional"));
      return FX_CLI_BAD_INPUT;
    }

  job.schema = fx_schema_load_file (schema_path, &error);
  if (job.schema == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_BAD_INPUT;
    }
  /* absolute, so that "runs resume" finds it from any folder */
  job.reference_path = reference != NULL ? g_canonicalize_filename (reference, NULL) : NULL;
  if (!load_reference (&job))
    return FX_CLI_BAD_INPUT;

  job.config.base_url = g_strdup (base_url);
  job.config.model = g_strdup (model);
  job.config.temperature = temperature;
  job.config.seed = seed;
  job.config.max_output_tokens = (guint) MAX (max_tokens, 0);
  job.config.timeout_seconds = (guint) MAX (timeout, 0);
  job.n_rows = rows;
  job.batch_rows = batch_rows;
  job.concurrency = concurrency;
  job.seed = seed;

  if (base_url != NULL && !valid_base_url (base_url))
    {
      fx_cli_error (_("--base-url must be an http:// or https:// address, not “%s”"), base_url);
      return FX_CLI_BAD_INPUT;
    }
  if (job.provider != NULL)
    {
      if (job.provider->default_base_url == NULL && base_url == NULL)
        {
          fx_cli_error (_("the %s provider needs --base-url (for example http://localhost:11434 for Ollama)"),
                        job.provider->name);
          return FX_CLI_BAD_INPUT;
        }
      if (model == NULL)
        {
          fx_cli_error (_("choose a model with --model (“facsimile-cli models --provider %s” lists them)"),
                        job.provider->name);
          return FX_CLI_BAD_INPUT;
        }
    }

  if (!prepare (&job))
    return FX_CLI_BAD_INPUT;

  /* Real rows leave the machine only when the user said so. */
  if (job.strategy != NULL && fx_strategy_get_n_disclosed_rows (job.strategy) > 0)
    {
      gboolean local = g_str_equal (job.provider->name, "openai-compatible") && is_loopback (base_url);

      if (!allow_real_rows && !local)
        {
          fx_cli_error (_("the %s strategy puts %u real rows of %s in the prompts sent to %s; "
                          "add --allow-real-rows to allow that, or use --strategy statistics"),
                        fx_strategy_kind_to_string (job.strategy_kind),
                        fx_strategy_get_n_disclosed_rows (job.strategy), reference, job.provider->name);
          return FX_CLI_BAD_INPUT;
        }
    }

  job.store = fx_store_open (store_path, &error);
  if (job.store == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_FAILED;
    }

  schema_json = fx_schema_to_json (job.schema);
  {
    g_autofree char *fallback = g_path_get_basename (schema_path);

    schema_id = fx_store_add_schema (job.store, job.schema->name != NULL ? job.schema->name : fallback,
                                     schema_json, &error);
  }
  if (schema_id < 0)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_FAILED;
    }

  {
    g_autoptr(JsonBuilder) b = json_builder_new ();
    g_autoptr(JsonGenerator) gen = json_generator_new ();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "rows");
    json_builder_add_int_value (b, rows);
    json_builder_set_member_name (b, "batch_rows");
    json_builder_add_int_value (b, batch_rows);
    json_builder_set_member_name (b, "concurrency");
    json_builder_add_int_value (b, concurrency);
    json_builder_set_member_name (b, "seed");
    json_builder_add_int_value (b, seed);
    json_builder_set_member_name (b, "temperature");
    if (isnan (temperature))
      json_builder_add_null_value (b);
    else
      json_builder_add_double_value (b, temperature);
    json_builder_set_member_name (b, "max_output_tokens");
    json_builder_add_int_value (b, job.config.max_output_tokens);
    json_builder_set_member_name (b, "timeout");
    json_builder_add_int_value (b, job.config.timeout_seconds);
    json_builder_set_member_name (b, "groups");
    json_builder_add_string_value (b, job.allocation == FX_GROUPS_UNIFORM ? "uniform" : "proportional");
    json_builder_end_object (b);
    root = json_builder_get_root (b);
    json_generator_set_root (gen, root);
    parameters = json_generator_to_data (gen, NULL);
  }

  if (reference != NULL)
    {
      reference_sha = sha256_of_file (reference, &error);
      if (reference_sha == NULL)
        {
          fx_cli_error ("%s", error->message);
          return FX_CLI_BAD_INPUT;
        }
    }

  if (job.strategy != NULL && fx_strategy_get_n_disclosed_rows (job.strategy) > 0)
    {
      g_autofree char *what = fx_strategy_describe_disclosure (job.strategy);
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(JsonNode) sent = json_from_string (what, NULL);

      json_builder_begin_array (b);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "to");
      json_builder_add_string_value (b, job.provider->name);
      json_builder_set_member_name (b, "base_url");
      json_builder_add_string_value (b, base_url != NULL ? base_url : job.provider->default_base_url);
      json_builder_set_member_name (b, "sent");
      json_builder_add_value (b, g_steal_pointer (&sent));
      json_builder_end_object (b);
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      disclosure = json_generator_to_data (gen, NULL);
    }
  else
    disclosure = g_strdup ("[]");

  record.schema_id = schema_id;
  record.provider = job.provider_name;
  record.model = job.config.model;
  record.base_url = job.config.base_url;
  record.strategy = job.provider != NULL ? (char *) fx_strategy_kind_to_string (job.strategy_kind) : (char *) "baseline";
  record.parameters = parameters;
  record.prompt_template_hash = job.strategy != NULL ? (char *) fx_strategy_get_template_hash (job.strategy) : NULL;
  record.reference_path = job.reference_path;
  record.reference_sha256 = reference_sha;
  record.real_data_sent = disclosure;
  record.rows_requested = rows;
  job.run_id = fx_store_create_run (job.store, &record, &error);
  if (job.run_id < 0)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_FAILED;
    }
  if (!isatty (STDERR_FILENO))
    fprintf (stderr, _("run %lld started\n"), (long long) job.run_id);

  status = execute (&job);
  if (status == FX_CLI_OK && output != NULL)
    status = export_rows (&job, output);
  return status;
}

static gint64
member_int (JsonObject *o,
            const char *name,
            gint64      fallback)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : fallback;
}

static int
runs_resume (FxStore    *store,
             gint64      run_id,
             const char *output)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxRunRecord) record = fx_store_get_run (store, run_id, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *schema_json = NULL;
  g_auto(Job) job = { 0 };
  JsonObject *params = NULL;
  JsonNode *temperature;
  int status;

  if (record == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_BAD_INPUT;
    }
  job.store = store;
  job.run_id = run_id;

  schema_json = fx_store_get_schema_json (store, record->schema_id, &error);
  if (schema_json == NULL || (job.schema = fx_schema_load_data (schema_json, -1, "stored schema", &error)) == NULL)
    {
      fx_cli_error ("%s", error->message);
      job.store = NULL;
      return FX_CLI_FAILED;
    }

  if (json_parser_load_from_data (parser, record->parameters, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    params = json_node_get_object (json_parser_get_root (parser));

  if (!resolve_provider (&job, record->provider))
    {
      job.store = NULL;
      return FX_CLI_FAILED;
    }
  job.n_rows = record->rows_requested;
  job.batch_rows = member_int (params, "batch_rows", 20);
  job.concurrency = member_int (params, "concurrency", 4);
  job.seed = member_int (params, "seed", 1);
  job.config.seed = job.seed;
  job.config.max_output_tokens = member_int (params, "max_output_tokens", 0);
  job.config.timeout_seconds = member_int (params, "timeout", 0);
  temperature = params != NULL ? json_object_get_member (params, "temperature") : NULL;
  job.config.temperature = temperature != NULL && JSON_NODE_HOLDS_VALUE (temperature)
                           ? json_node_get_double (temperature) : NAN;
  job.allocation = g_strcmp0 (params != NULL ? json_object_get_string_member_with_default (params, "groups", "uniform")
                                             : "uniform", "proportional") == 0
                   ? FX_GROUPS_PROPORTIONAL : FX_GROUPS_UNIFORM;
  job.config.base_url = g_strdup (record->base_url);
  job.config.model = g_strdup (record->model);
  if (job.provider != NULL && !fx_strategy_kind_from_string (record->strategy, &job.strategy_kind))
    {
      fx_cli_error (_("run %lld has an unknown strategy “%s”"), (long long) run_id, record->strategy);
      job.store = NULL;
      return FX_CLI_FAILED;
    }

  if (record->reference_path != NULL)
    {
      g_autofree char *sha = sha256_of_file (record->reference_path, NULL);

      if (sha == NULL || g_strcmp0 (sha, record->reference_sha256) != 0)
        {
          fx_cli_error (_("the reference data of run %lld (%s) is missing or has changed since the run started"),
                        (long long) run_id, record->reference_path);
          job.store = NULL;
          return FX_CLI_BAD_INPUT;
        }
      job.reference_path = g_strdup (record->reference_path);
      if (!load_reference (&job) || !prepare (&job))
        {
          job.store = NULL;
          return FX_CLI_BAD_INPUT;
        }
    }
  else if (!prepare (&job))
    {
      job.store = NULL;
      return FX_CLI_BAD_INPUT;
    }

  status = FX_CLI_OK;
  if (record->status != FX_RUN_COMPLETED || record->rows_accepted < record->rows_requested)
    status = execute (&job);
  else
    fprintf (stderr, _("run %lld is already complete\n"), (long long) run_id);
  if (status == FX_CLI_OK && output != NULL)
    status = export_rows (&job, output);
  job.store = NULL;  /* the caller's */
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
  g_auto(Job) job = { 0 };
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
  if (provider == NULL || (job.provider = fx_provider_lookup (provider)) == NULL)
    {
      fx_cli_error (_("models needs --provider openai, anthropic, gemini or openai-compatible"));
      return FX_CLI_BAD_INPUT;
    }
  if (job.provider->default_base_url == NULL && base_url == NULL)
    {
      fx_cli_error (_("the %s provider needs --base-url"), provider);
      return FX_CLI_BAD_INPUT;
    }
  if (base_url != NULL && !valid_base_url (base_url))
    {
      fx_cli_error (_("--base-url must be an http:// or https:// address, not “%s”"), base_url);
      return FX_CLI_BAD_INPUT;
    }
  job.config.base_url = g_strdup (base_url);
  job.config.timeout_seconds = 30;
  if (!find_key (&job))
    return FX_CLI_BAD_INPUT;

  fx_provider_list_models_async (job.provider, &job.config, NULL, on_models, &fetch);
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
