/* fx-job.c: everything a run needs, for a new run and a resumed one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-capabilities.h"
#include "fx-credentials.h"
#include "fx-csv.h"
#include "fx-holdout.h"
#include "fx-job.h"

struct _FxJob
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
  char                  *reference_sha256;
  double                 holdout_fraction;
  char                  *holdout_sites;
  gsize                  holdout_rows;
  char                  *holdout_sha256;
  FxSchema              *schema;
  FxTable               *reference;
  FxStrategy            *strategy;
  FxBaseline            *baseline;
  FxStore               *store;
  gint64                 run_id;
  GStrv                  anchors;
  GPtrArray             *notes;
};

G_DEFINE_QUARK (fx-job-error-quark, fx_job_error)

static void wipe_key (FxJob *job);

void
fx_job_free (FxJob *job)
{
  if (job == NULL)
    return;
  g_free (job->provider_name);
  g_free (job->config.base_url);
  g_free (job->config.model);
  wipe_key (job);
  g_free (job->reference_path);
  g_free (job->reference_sha256);
  g_free (job->holdout_sites);
  g_free (job->holdout_sha256);
  g_clear_pointer (&job->schema, fx_schema_free);
  g_clear_pointer (&job->reference, fx_table_free);
  g_clear_pointer (&job->strategy, fx_strategy_free);
  g_clear_pointer (&job->baseline, fx_baseline_free);
  g_strfreev (job->anchors);
  g_clear_pointer (&job->notes, g_ptr_array_unref);
  g_free (job);
}

gboolean
fx_job_valid_base_url (const char *url)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
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

static gboolean
resolve_provider (FxJob       *job,
                  const char  *name,
                  GError     **error)
{
  job->provider_name = g_strdup (name);
  job->provider = fx_provider_lookup (name);
  if (job->provider != NULL || fx_baseline_kind_from_string (name, &job->baseline_kind))
    return TRUE;
  g_set_error (error, FX_JOB_ERROR, FX_JOB_ERROR_INVALID,
               _("unknown provider “%s”: use openai, anthropic, gemini, openai-compatible, copula or independent"),
               name);
  return FALSE;
}

/* The reference data with the schema's types, and its checksum (taken from the bytes
 * that were read, so that a file changed meanwhile cannot be recorded as the one used). */
static gboolean
load_reference (FxJob   *job,
                GError **error)
{
  g_autoptr(GHashTable) types = NULL;
  g_autoptr(GMappedFile) file = NULL;
  FxCsvOptions options = { 0 };

  if (job->reference_path == NULL)
    return TRUE;
  types = fx_schema_column_types (job->schema);
  options.types = types;
  file = g_mapped_file_new (job->reference_path, FALSE, NULL);
  if (file != NULL)
    {
      job->reference = fx_csv_read_data (g_mapped_file_get_contents (file), g_mapped_file_get_length (file),
                                         job->reference_path, &options, error);
      job->reference_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                           (const guchar *) g_mapped_file_get_contents (file),
                                                           g_mapped_file_get_length (file));
    }
  else
    job->reference = fx_csv_read_file (job->reference_path, &options, error);
  return job->reference != NULL;
}

/* Keeps the holdout's rows out of the reference, so that nothing the generator is
 * made from (statistics, examples, a baseline's fit) has seen them. */
static gboolean
hold_out (FxJob   *job,
          GError **error)
{
  g_auto(GStrv) sites = NULL;
  g_autoptr(FxSplit) split = NULL;
  g_autoptr(GError) local_error = NULL;
  FxTable *kept;

  gboolean by_default = FALSE;

  /* The default holds out what it can: nothing without a reference table or a
   * target, and nothing (rather than a failed run) when the target is not binary or
   * the reference too small to split. */
  if (job->holdout_fraction < 0 && job->holdout_sites == NULL)
    {
      if (job->reference == NULL || job->schema->target == NULL)
        {
          job->holdout_fraction = 0;
          return TRUE;
        }
      job->holdout_fraction = -job->holdout_fraction;
      by_default = TRUE;
    }
  if (job->holdout_fraction == 0 && job->holdout_sites == NULL)
    return TRUE;
  if (job->reference == NULL)
    {
      g_set_error (error, FX_JOB_ERROR, FX_JOB_ERROR_INVALID,
                   _("a holdout is taken from the reference data: choose a reference table"));
      return FALSE;
    }
  if (job->holdout_sites != NULL)
    {
      sites = g_strsplit (job->holdout_sites, ",", -1);
      for (guint i = 0; sites[i] != NULL; i++)
        g_strstrip (sites[i]);
    }
  split = fx_holdout_split (job->schema, job->reference, NULL, job->holdout_fraction,
                            (const char * const *) sites, job->seed, &local_error);
  if (split == NULL && by_default)
    {
      g_debug ("no default holdout: %s", local_error->message);
      job->holdout_fraction = 0;
      return TRUE;
    }
  if (split == NULL)
    {
      g_set_error (error, FX_JOB_ERROR, FX_JOB_ERROR_INVALID, _("cannot hold out reference rows: %s"),
                   local_error->message);
      return FALSE;
    }
  job->holdout_rows = split->holdout->len;
  job->holdout_sha256 = fx_holdout_rows_sha256 ((gsize *) (void *) split->holdout->data, split->holdout->len);
  kept = fx_table_subset (job->reference, (gsize *) (void *) split->train->data, split->train->len);
  fx_table_free (job->reference);
  job->reference = kept;
  return TRUE;
}

/* Provider or baseline, strategy and fitted generator. */
static gboolean
prepare (FxJob   *job,
         GError **error)
{
  if (job->provider != NULL)
    {
      job->strategy = fx_strategy_new (job->strategy_kind, job->schema, job->reference,
                                       job->allocation, job->seed, error);
      const FxModelCapabilities *caps = fx_model_capabilities_lookup (job->provider->name, job->config.model);

      if (job->strategy == NULL
          || !fx_strategy_set_anchors (job->strategy, (const char * const *) job->anchors, error))
        return FALSE;
      /* a setting out of the model's range is refused before any request */
      job->notes = g_ptr_array_new_with_free_func (g_free);
      if (!fx_model_capabilities_check_config (caps, &job->config, job->notes, error))
        return FALSE;
      if (job->config.max_output_tokens == 0)
        job->config.max_output_tokens = fx_model_capabilities_output_budget (caps, job->batch_rows,
                                                                             job->schema->features->len);
      if (job->config.timeout_seconds == 0)
        job->config.timeout_seconds = 300;
      return TRUE;
    }

  if (job->reference == NULL)
    {
      g_set_error (error, FX_JOB_ERROR, FX_JOB_ERROR_REFERENCE,
                   _("the %s baseline is fitted on reference data: choose a reference table"), job->provider_name);
      return FALSE;
    }
  job->baseline = fx_baseline_new (job->baseline_kind, job->reference, job->schema, error);
  if (job->baseline == NULL)
    return FALSE;
  g_free (job->config.model);
  job->config.model = g_strdup (job->provider_name);
  return TRUE;
}

static gboolean
check_spec (const FxJobSpec  *spec,
            GError          **error)
{
  if (spec->n_rows == 0 || spec->batch_rows == 0 || spec->batch_rows > 1000 ||
      spec->concurrency == 0 || spec->concurrency > 64)
    {
      g_set_error_literal (error, FX_JOB_ERROR, FX_JOB_ERROR_INVALID,
                           _("rows must be at least 1, rows per request 1 to 1000 and concurrency 1 to 64"));
      return FALSE;
    }
  if (!isnan (spec->temperature) && (spec->temperature < 0 || spec->temperature > 2))
    {
      g_set_error_literal (error, FX_JOB_ERROR, FX_JOB_ERROR_INVALID, _("the temperature must be 0 to 2"));
      return FALSE;
    }
  if (spec->base_url != NULL && !fx_job_valid_base_url (spec->base_url))
    {
      g_set_error (error, FX_JOB_ERROR, FX_JOB_ERROR_INVALID,
                   _("the base URL must be an http:// or https:// address, not “%s”"), spec->base_url);
      return FALSE;
    }
  return TRUE;
}

FxJob *
fx_job_new (const FxJobSpec  *spec,
            const FxSchema   *schema,
            GError          **error)
{
  g_autoptr(FxJob) job = g_new0 (FxJob, 1);
  g_autofree char *json = NULL;

  g_return_val_if_fail (spec != NULL && spec->provider != NULL, NULL);
  g_return_val_if_fail (schema != NULL, NULL);

  if (!check_spec (spec, error) || !resolve_provider (job, spec->provider, error))
    return NULL;
  if (job->provider != NULL && job->provider->default_base_url == NULL && spec->base_url == NULL)
    {
      g_set_error (error, FX_JOB_ERROR, FX_JOB_ERROR_INVALID,
                   _("the %s provider needs a base URL (for example http://localhost:11434 for Ollama)"),
                   job->provider->name);
      return NULL;
    }
  if (job->provider != NULL && (spec->model == NULL || spec->model[0] == '\0'))
    {
      g_set_error (error, FX_JOB_ERROR, FX_JOB_ERROR_INVALID, _("choose a model for %s"), job->provider->name);
      return NULL;
    }

  /* a copy through the schema's own text, as the store keeps it */
  json = fx_schema_to_json (schema);
  job->schema = fx_schema_load_data (json, -1, "schema", error);
  if (job->schema == NULL)
    return NULL;

  job->strategy_kind = spec->strategy;
  job->allocation = spec->allocation;
  job->n_rows = spec->n_rows;
  job->batch_rows = spec->batch_rows;
  job->concurrency = spec->concurrency;
  job->seed = spec->seed;
  job->config.base_url = g_strdup (spec->base_url);
  job->config.model = g_strdup (spec->model);
  job->config.temperature = spec->temperature;
  job->config.seed = spec->seed;
  job->config.max_output_tokens = spec->max_output_tokens;
  job->config.timeout_seconds = spec->timeout_seconds;
  job->anchors = g_strdupv ((char **) spec->anchors);
  /* absolute, so that a resumed run finds it from any folder */
  job->reference_path = spec->reference_path != NULL ? g_canonicalize_filename (spec->reference_path, NULL) : NULL;
  job->holdout_fraction = spec->holdout_fraction;
  job->holdout_sites = spec->holdout_sites != NULL && spec->holdout_sites[0] != '\0'
                       ? g_strdup (spec->holdout_sites) : NULL;
  if (job->holdout_sites != NULL)
    job->holdout_fraction = 0;

  if (!load_reference (job, error) || !hold_out (job, error) || !prepare (job, error))
    return NULL;
  return g_steal_pointer (&job);
}

static gint64
member_int (JsonObject *o,
            const char *name,
            gint64      fallback)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : fallback;
}

/* The holdout a stored run kept, taken again and checked against its checksum. */
static gboolean
resume_holdout (FxJob      *job,
                JsonObject *params,
                gint64      run_id,
                GError    **error)
{
  JsonObject *holdout = params != NULL && json_object_has_member (params, "holdout")
                        ? json_object_get_object_member (params, "holdout") : NULL;
  g_autofree char *recorded = NULL;

  if (holdout == NULL)
    return TRUE;
  recorded = g_strdup (json_object_get_string_member_with_default (holdout, "rows_sha256", ""));
  if (json_object_has_member (holdout, "sites") &&
      json_array_get_length (json_object_get_array_member (holdout, "sites")) > 0)
    {
      JsonArray *sites = json_object_get_array_member (holdout, "sites");
      g_autoptr(GPtrArray) names = g_ptr_array_new ();

      for (guint i = 0; i < json_array_get_length (sites); i++)
        g_ptr_array_add (names, (gpointer) json_array_get_string_element (sites, i));
      g_ptr_array_add (names, NULL);
      job->holdout_sites = g_strjoinv (",", (char **) names->pdata);
    }
  else
    job->holdout_fraction = json_object_get_double_member_with_default (holdout, "fraction", 0);
  if (!hold_out (job, error))
    return FALSE;
  if (g_strcmp0 (job->holdout_sha256, recorded) != 0)
    {
      g_set_error (error, FX_JOB_ERROR, FX_JOB_ERROR_REFERENCE,
                   _("run %lld: the reference data no longer gives the holdout the run kept"),
                   (long long) run_id);
      return FALSE;
    }
  return TRUE;
}

FxJob *
fx_job_resume (FxStore  *store,
               gint64    run_id,
               GError  **error)
{
  g_autoptr(FxRunRecord) record = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FxJob) job = g_new0 (FxJob, 1);
  g_autofree char *schema_json = NULL;
  JsonObject *params = NULL;
  JsonNode *temperature;

  g_return_val_if_fail (store != NULL, NULL);

  record = fx_store_get_run (store, run_id, error);
  if (record == NULL)
    return NULL;
  job->store = store;
  job->run_id = run_id;

  schema_json = fx_store_get_schema_json (store, record->schema_id, error);
  if (schema_json == NULL || (job->schema = fx_schema_load_data (schema_json, -1, "stored schema", error)) == NULL)
    return NULL;

  if (json_parser_load_from_data (parser, record->parameters, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    params = json_node_get_object (json_parser_get_root (parser));

  if (!resolve_provider (job, record->provider, error))
    return NULL;
  job->n_rows = record->rows_requested;
  job->batch_rows = member_int (params, "batch_rows", 20);
  job->concurrency = member_int (params, "concurrency", 4);
  job->seed = member_int (params, "seed", 1);
  job->config.seed = job->seed;
  job->config.max_output_tokens = member_int (params, "max_output_tokens", 0);
  job->config.timeout_seconds = member_int (params, "timeout", 0);
  temperature = params != NULL ? json_object_get_member (params, "temperature") : NULL;
  job->config.temperature = temperature != NULL && JSON_NODE_HOLDS_VALUE (temperature)
                            ? json_node_get_double (temperature) : NAN;
  job->allocation = g_strcmp0 (params != NULL ? json_object_get_string_member_with_default (params, "groups", "uniform")
                                              : "uniform", "proportional") == 0
                    ? FX_GROUPS_PROPORTIONAL : FX_GROUPS_UNIFORM;
  job->config.base_url = g_strdup (record->base_url);
  job->config.model = g_strdup (record->model);
  if (params != NULL && json_object_has_member (params, "anchors")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (params, "anchors")))
    {
      JsonArray *anchors = json_object_get_array_member (params, "anchors");
      GStrvBuilder *names = g_strv_builder_new ();

      for (guint i = 0; i < json_array_get_length (anchors); i++)
        g_strv_builder_add (names, json_array_get_string_element (anchors, i));
      job->anchors = g_strv_builder_end (names);
      g_strv_builder_unref (names);
    }
  if (job->provider != NULL && !fx_strategy_kind_from_string (record->strategy, &job->strategy_kind))
    {
      g_set_error (error, FX_JOB_ERROR, FX_JOB_ERROR_INVALID,
                   _("run %lld has an unknown strategy “%s”"), (long long) run_id, record->strategy);
      return NULL;
    }

  if (record->reference_path != NULL)
    {
      g_autofree char *sha = sha256_of_file (record->reference_path, NULL);

      if (sha == NULL || g_strcmp0 (sha, record->reference_sha256) != 0)
        {
          g_set_error (error, FX_JOB_ERROR, FX_JOB_ERROR_REFERENCE,
                       _("the reference data of run %lld (%s) is missing or has changed since the run started"),
                       (long long) run_id, record->reference_path);
          return NULL;
        }
      job->reference_path = g_strdup (record->reference_path);
      if (!load_reference (job, error))
        return NULL;
      if (!resume_holdout (job, params, run_id, error))
        return NULL;
      if (g_strcmp0 (job->reference_sha256, record->reference_sha256) != 0)
        {
          g_set_error (error, FX_JOB_ERROR, FX_JOB_ERROR_REFERENCE,
                       _("the reference data of run %lld (%s) changed while it was read"),
                       (long long) run_id, record->reference_path);
          return NULL;
        }
    }
  if (!prepare (job, error))
    return NULL;
  return g_steal_pointer (&job);
}

gboolean
fx_job_find_key (FxJob     *job,
                 gboolean   use_environment,
                 GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  FxKeySource source;

  g_return_val_if_fail (job != NULL, FALSE);

  if (job->provider == NULL || job->config.api_key != NULL)
    return TRUE;
  job->config.api_key = fx_credentials_lookup (job->provider->name, use_environment, &source, &local_error);
  if (job->config.api_key != NULL || !job->provider->needs_key)
    return TRUE;

  if (local_error != NULL)
    g_set_error (error, FX_JOB_ERROR, FX_JOB_ERROR_NO_KEY,
                 _("no API key for %s (the keyring could not be read: %s)"),
                 job->provider->name, local_error->message);
  else
    g_set_error (error, FX_JOB_ERROR, FX_JOB_ERROR_NO_KEY,
                 _("no API key for %s: store one in the Providers pane"), job->provider->name);
  return FALSE;
}

static void
wipe_key (FxJob *job)
{
  if (job->config.api_key != NULL)
    {
      memset (job->config.api_key, 0, strlen (job->config.api_key));
      g_clear_pointer (&job->config.api_key, g_free);
    }
}

void
fx_job_take_api_key (FxJob *job,
                     char  *key)
{
  g_return_if_fail (job != NULL);

  wipe_key (job);
  job->config.api_key = key;
}

const FxSchema *
fx_job_get_schema (FxJob *job)
{
  return job->schema;
}

const char *
fx_job_get_provider_name (FxJob *job)
{
  return job->provider_name;
}

const FxProviderClass *
fx_job_get_provider (FxJob *job)
{
  return job->provider;
}

const char *
fx_job_get_base_url (FxJob *job)
{
  if (job->config.base_url != NULL || job->provider == NULL)
    return job->config.base_url;
  return job->provider->default_base_url;
}

gsize
fx_job_get_n_rows (FxJob *job)
{
  return job->n_rows;
}

gint64
fx_job_get_run_id (FxJob *job)
{
  return job->run_id;
}

void
fx_job_set_store (FxJob   *job,
                  FxStore *store)
{
  g_return_if_fail (job != NULL && store != NULL);

  job->store = store;
}

FxStore *
fx_job_get_store (FxJob *job)
{
  return job->store;
}

guint
fx_job_get_n_disclosed_rows (FxJob *job)
{
  return job->strategy != NULL ? fx_strategy_get_n_disclosed_rows (job->strategy) : 0;
}

char *
fx_job_describe_disclosure (FxJob *job)
{
  if (job->strategy == NULL)
    return g_strdup ("{\"real_rows\":[],\"columns\":[]}");
  return fx_strategy_describe_disclosure (job->strategy);
}

GPtrArray *
fx_job_get_disclosed_columns (FxJob *job)
{
  g_autofree char *text = fx_job_describe_disclosure (job);
  g_autoptr(JsonNode) root = json_from_string (text, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  JsonArray *columns;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
      (columns = json_object_get_array_member (json_node_get_object (root), "columns")) != NULL)
    for (guint i = 0; i < json_array_get_length (columns); i++)
      g_ptr_array_add (names, g_strdup (json_array_get_string_element (columns, i)));
  return names;
}

GPtrArray *
fx_job_get_notes (FxJob *job)
{
  if (job->notes == NULL)
    job->notes = g_ptr_array_new_with_free_func (g_free);
  return job->notes;
}

gboolean
fx_job_sends_real_rows_away (FxJob *job)
{
  return fx_provider_sends_real_rows_away (job->provider, fx_job_get_n_disclosed_rows (job) > 0,
                                           job->config.base_url);
}

static char *
build_parameters (FxJob *job)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "rows");
  json_builder_add_int_value (b, job->n_rows);
  json_builder_set_member_name (b, "batch_rows");
  json_builder_add_int_value (b, job->batch_rows);
  json_builder_set_member_name (b, "concurrency");
  json_builder_add_int_value (b, job->concurrency);
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, job->seed);
  json_builder_set_member_name (b, "temperature");
  if (isnan (job->config.temperature))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, job->config.temperature);
  json_builder_set_member_name (b, "max_output_tokens");
  json_builder_add_int_value (b, job->config.max_output_tokens);
  json_builder_set_member_name (b, "timeout");
  json_builder_add_int_value (b, job->config.timeout_seconds);
  json_builder_set_member_name (b, "groups");
  json_builder_add_string_value (b, job->allocation == FX_GROUPS_UNIFORM ? "uniform" : "proportional");
  if (job->holdout_sha256 != NULL)
    {
      /* enough to take the same rows again (fx_holdout_split () with the run's seed)
       * and to check that they are the same */
      json_builder_set_member_name (b, "holdout");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "seed");
      json_builder_add_int_value (b, job->seed);
      json_builder_set_member_name (b, "fraction");
      if (job->holdout_sites != NULL)
        json_builder_add_null_value (b);
      else
        json_builder_add_double_value (b, job->holdout_fraction);
      json_builder_set_member_name (b, "sites");
      json_builder_begin_array (b);
      if (job->holdout_sites != NULL)
        {
          g_auto(GStrv) sites = g_strsplit (job->holdout_sites, ",", -1);

          for (guint i = 0; sites[i] != NULL; i++)
            json_builder_add_string_value (b, g_strstrip (sites[i]));
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "rows");
      json_builder_add_int_value (b, job->holdout_rows);
      json_builder_set_member_name (b, "rows_sha256");
      json_builder_add_string_value (b, job->holdout_sha256);
      json_builder_end_object (b);
    }
  if (job->strategy != NULL && fx_strategy_get_kind (job->strategy) == FX_STRATEGY_ANCHORED)
    {
      GPtrArray *anchors = fx_strategy_get_anchors (job->strategy);

      json_builder_set_member_name (b, "anchors");
      json_builder_begin_array (b);
      for (guint i = 0; i < anchors->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (anchors, i));
      json_builder_end_array (b);
    }
  if (job->provider != NULL)
    {
      const FxModelCapabilities *caps = fx_model_capabilities_lookup (job->provider->name, job->config.model);

      /* which entry of which table the requests were built from */
      if (caps != NULL)
        {
          g_autofree char *what = g_strdup_printf ("%s (table of %s)", caps->family,
                                                   fx_model_capabilities_checked ());

          json_builder_set_member_name (b, "capabilities");
          json_builder_add_string_value (b, what);
        }
      json_builder_set_member_name (b, "notes");
      json_builder_begin_array (b);
      for (guint i = 0; job->notes != NULL && i < job->notes->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (job->notes, i));
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* [{"to": provider, "base_url": ..., "sent": {...}}], or [] when no real row is sent */
static char *
build_disclosure (FxJob *job)
{
  g_autofree char *what = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonGenerator) gen = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) sent = NULL;

  if (fx_job_get_n_disclosed_rows (job) == 0)
    return g_strdup ("[]");

  what = fx_strategy_describe_disclosure (job->strategy);
  sent = json_from_string (what, NULL);
  b = json_builder_new ();
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "to");
  json_builder_add_string_value (b, job->provider->name);
  json_builder_set_member_name (b, "base_url");
  json_builder_add_string_value (b, fx_job_get_base_url (job));
  json_builder_set_member_name (b, "sent");
  json_builder_add_value (b, g_steal_pointer (&sent));
  json_builder_end_object (b);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  gen = json_generator_new ();
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

gint64
fx_job_create_run (FxJob       *job,
                   FxStore     *store,
                   const char  *schema_name,
                   GError     **error)
{
  g_autofree char *schema_json = NULL;
  g_autofree char *parameters = NULL;
  g_autofree char *disclosure = NULL;
  FxRunRecord record = { 0 };
  gint64 schema_id;

  g_return_val_if_fail (job != NULL && store != NULL, -1);
  g_return_val_if_fail (job->run_id == 0, -1);

  schema_json = fx_schema_to_json (job->schema);
  schema_id = fx_store_add_schema (store, job->schema->name != NULL ? job->schema->name : schema_name,
                                   schema_json, error);
  if (schema_id < 0)
    return -1;

  parameters = build_parameters (job);
  disclosure = build_disclosure (job);
  record.schema_id = schema_id;
  record.provider = job->provider_name;
  record.model = job->config.model;
  record.base_url = job->config.base_url;
  record.strategy = job->provider != NULL ? (char *) fx_strategy_kind_to_string (job->strategy_kind) : (char *) "baseline";
  record.parameters = parameters;
  record.prompt_template_hash = job->strategy != NULL ? (char *) fx_strategy_get_template_hash (job->strategy) : NULL;
  record.reference_path = job->reference_path;
  record.reference_sha256 = job->reference_sha256;
  record.real_data_sent = disclosure;
  record.rows_requested = job->n_rows;
  job->run_id = fx_store_create_run (store, &record, error);
  if (job->run_id < 0)
    {
      job->run_id = 0;
      return -1;
    }
  job->store = store;
  return job->run_id;
}

void
fx_job_get_options (FxJob        *job,
                    FxRunOptions *options)
{
  g_return_if_fail (job != NULL && options != NULL);

  memset (options, 0, sizeof *options);
  options->provider = job->provider;
  options->config = job->config;
  options->strategy = job->strategy;
  options->baseline = job->baseline;
  options->schema = job->schema;
  options->store = job->store;
  options->run_id = job->run_id;
  options->n_rows = job->n_rows;
  options->batch_rows = job->batch_rows;
  options->concurrency = job->concurrency;
  options->seed = job->seed;
}

/* What the preparing thread reads: its own copies. */
typedef struct
{
  FxJobSpec  spec;
  char      *provider;
  char      *model;
  char      *base_url;
  char      *reference_path;
  char      *holdout_sites;
  GStrv      anchors;
  FxSchema  *schema;
  char      *store_path;
  gint64     resume_id;
  gboolean   use_environment;
} Preparation;

static void
preparation_free (Preparation *p)
{
  g_free (p->provider);
  g_free (p->model);
  g_free (p->base_url);
  g_free (p->reference_path);
  g_free (p->holdout_sites);
  g_strfreev (p->anchors);
  g_clear_pointer (&p->schema, fx_schema_free);
  g_free (p->store_path);
  g_free (p);
}

static void
prepare_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  Preparation *p = data;
  GError *error = NULL;
  FxJob *job;

  if (p->resume_id > 0)
    {
      g_autoptr(FxStore) store = fx_store_open (p->store_path, &error);

      job = store != NULL ? fx_job_resume (store, p->resume_id, &error) : NULL;
    }
  else
    job = fx_job_new (&p->spec, p->schema, &error);

  if (job != NULL && !fx_job_find_key (job, p->use_environment, &error))
    g_clear_pointer (&job, fx_job_free);
  if (job == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, job, (GDestroyNotify) fx_job_free);
}

void
fx_job_prepare_async (gpointer             source_object,
                      const FxJobSpec     *spec,
                      const FxSchema      *schema,
                      const char          *store_path,
                      gint64               resume_id,
                      gboolean             use_environment,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source_object, cancellable, callback, user_data);
  Preparation *p = g_new0 (Preparation, 1);

  g_return_if_fail (resume_id > 0 || (spec != NULL && schema != NULL));

  p->resume_id = resume_id;
  p->use_environment = use_environment;
  p->store_path = g_strdup (store_path);
  if (resume_id <= 0)
    {
      p->spec = *spec;
      p->spec.provider = p->provider = g_strdup (spec->provider);
      p->spec.model = p->model = g_strdup (spec->model);
      p->spec.base_url = p->base_url = g_strdup (spec->base_url);
      p->spec.reference_path = p->reference_path = g_strdup (spec->reference_path);
      p->spec.holdout_sites = p->holdout_sites = g_strdup (spec->holdout_sites);
      p->anchors = g_strdupv ((char **) spec->anchors);
      p->spec.anchors = (const char * const *) p->anchors;
      p->schema = fx_schema_copy (schema);
      if (p->schema == NULL)
        {
          preparation_free (p);
          g_task_return_new_error (task, FX_JOB_ERROR, FX_JOB_ERROR_INVALID, _("The schema is not valid"));
          return;
        }
    }
  g_task_set_source_tag (task, fx_job_prepare_async);
  g_task_set_task_data (task, p, (GDestroyNotify) preparation_free);
  g_task_run_in_thread (task, prepare_thread);
}

FxJob *
fx_job_prepare_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fx_job_prepare_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
