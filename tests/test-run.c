/* test-run.c: the run engine against a local server in each provider's wire format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE  /* memmem */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fx-csv.h"
#include "fx-fake-provider.h"
#include "fx-run.h"

#define KEY "sk-fake-SECRET-7c1d93"

static const char *schema_json =
  "{\"format\": 1, \"name\": \"test\", \"features\": ["
  "{\"name\": \"serial\", \"type\": \"integer\", \"minimum\": 0, \"maximum\": 1000000000},"
  "{\"name\": \"age\", \"type\": \"integer\", \"unit\": \"years\", \"minimum\": 18, \"maximum\": 90, \"nullable\": true, \"missing_rate\": 0.1},"
  "{\"name\": \"lactate\", \"type\": \"number\", \"unit\": \"mmol/L\", \"minimum\": 0.2, \"maximum\": 20, \"nullable\": true},"
  "{\"name\": \"sex\", \"type\": \"categorical\", \"categories\": [\"Female\", \"Male\"], \"frequencies\": [0.45, 0.55]},"
  "{\"name\": \"ventilated\", \"type\": \"boolean\"}"
  "]}";

typedef struct
{
  char           *dir;
  char           *store_path;
  FxFakeProvider *fake;
  FxSchema       *schema;
  FxStore        *store;
  FxStrategy     *strategy;
  GMainLoop      *loop;
  guint           max_consecutive_failures;
  FxRunProgressFunc progress;
  GPtrArray      *waits;      /* (element-type utf8) what progress said of each wait */
  gboolean        ok;
  GError         *error;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("fx-run-XXXXXX", &error);
  g_assert_no_error (error);
  f->store_path = g_build_filename (f->dir, "test.db", NULL);
  f->fake = fx_fake_provider_new (KEY, &error);
  g_assert_no_error (error);
  f->schema = fx_schema_load_data (schema_json, -1, "schema", &error);
  g_assert_no_error (error);
  f->store = fx_store_open (f->store_path, &error);
  g_assert_no_error (error);
  f->strategy = fx_strategy_new (FX_STRATEGY_STATISTICS, f->schema, NULL, FX_GROUPS_UNIFORM, 1, &error);
  g_assert_no_error (error);
  f->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  fx_strategy_free (f->strategy);
  fx_store_close (f->store);
  fx_schema_free (f->schema);
  fx_fake_provider_free (f->fake);
  g_main_loop_unref (f->loop);
  g_clear_error (&f->error);
  g_clear_pointer (&f->waits, g_ptr_array_unref);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->store_path);
  g_free (f->dir);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Fixture *f = data;

  g_clear_error (&f->error);
  f->ok = fx_run_execute_finish (result, &f->error);
  g_main_loop_quit (f->loop);
}

static gint64
new_run (Fixture    *f,
         const char *provider,
         gsize       n_rows)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = fx_schema_to_json (f->schema);
  FxRunRecord record = { 0 };
  gint64 schema_id = fx_store_add_schema (f->store, "test", json, &error);
  gint64 id;

  g_assert_no_error (error);
  record.schema_id = schema_id;
  record.provider = (char *) provider;
  record.model = (char *) "fake-large";
  record.strategy = (char *) "statistics";
  record.parameters = (char *) "{}";
  record.real_data_sent = (char *) "[]";
  record.rows_requested = n_rows;
  id = fx_store_create_run (f->store, &record, &error);
  g_assert_no_error (error);
  return id;
}

/* No run of these tests takes long: one that does hangs. */
#define RUN_DEADLINE 20

static gboolean
run_too_long (gpointer data)
{
  g_error ("the run did not end within %d s", RUN_DEADLINE);
  return G_SOURCE_REMOVE;
}

static gboolean
run (Fixture    *f,
     const char *provider_name,
     gint64      run_id,
     gsize       n_rows,
     guint       batch_rows,
     guint       concurrency,
     double      backoff_scale,
     guint       timeout)
{
  g_autofree char *base_url = fx_fake_provider_get_base_url (f->fake);
  FxRunOptions options = { 0 };
  guint guard;

  options.provider = fx_provider_lookup (provider_name);
  g_assert_nonnull (options.provider);
  options.config.base_url = base_url;
  options.config.model = (char *) "fake-large";
  options.config.api_key = (char *) KEY;
  options.config.temperature = NAN;
  options.config.seed = -1;
  options.config.max_output_tokens = 4096;
  options.config.timeout_seconds = timeout;
  options.strategy = f->strategy;
  options.schema = f->schema;
  options.store = f->store;
  options.run_id = run_id;
  options.n_rows = n_rows;
  options.batch_rows = batch_rows;
  options.concurrency = concurrency;
  options.backoff_scale = backoff_scale;
  options.max_consecutive_failures = f->max_consecutive_failures;
  options.seed = 1;
  guard = g_timeout_add_seconds (RUN_DEADLINE, run_too_long, NULL);
  fx_run_execute_async (&options, NULL, f->progress, f, on_done, f);
  g_main_loop_run (f->loop);
  g_source_remove (guard);
  return f->ok;
}

/* Every accepted row is distinct (the fake numbers them) and there are exactly @n. */
static void
assert_rows (Fixture *f,
             gint64   run_id,
             gsize    n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = fx_store_get_accepted_rows (f->store, run_id, &error);
  g_autoptr(GHashTable) serials = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, n);
  for (guint i = 0; i < rows->len; i++)
    {
      gint64 *serial = g_new (gint64, 1);

      g_assert_true (json_parser_load_from_data (parser, g_ptr_array_index (rows, i), -1, NULL));
      *serial = json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "serial");
      g_ptr_array_add (keep, serial);
      g_assert_false (g_hash_table_contains (serials, serial));
      g_hash_table_add (serials, serial);
    }
  g_assert_null (fx_fake_provider_get_problem (f->fake));
}

static void
test_each_provider (Fixture       *f,
                    gconstpointer  data)
{
  const char *provider = data;
  gint64 id = new_run (f, provider, 25);
  g_autoptr(FxRunRecord) record = NULL;

  g_assert_true (run (f, provider, id, 25, 4, 3, 0.01, 30));
  g_assert_no_error (f->error);
  assert_rows (f, id, 25);
  g_assert_cmpuint (fx_fake_provider_get_max_in_flight (f->fake), <=, 3);
  record = fx_store_get_run (f->store, id, NULL);
  g_assert_cmpint (record->status, ==, FX_RUN_COMPLETED);
  g_assert_cmpint (record->rows_accepted, ==, 25);
  g_assert_cmpint (record->prompt_tokens, >, 0);
}

static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  const char *provider = data;
  gint64 id = new_run (f, provider, 30);
  g_autoptr(FxRunRecord) record = NULL;

  fx_fake_provider_set_faults (f->fake, "429,500,503,529,reset,truncated,invalid,range,refusal,blocked,short,garbage");
  g_assert_true (run (f, provider, id, 30, 5, 2, 0.01, 30));
  assert_rows (f, id, 30);
  record = fx_store_get_run (f->store, id, NULL);
  /* the out-of-range rows were stored as rejected, with reasons */
  g_assert_cmpint (record->rows_rejected, >=, 1);
  g_assert_cmpint (record->requests, >=, 12);
}

static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  gint64 id = new_run (f, "openai", 4);
  GArray *arrivals;
  double gap;

  fx_fake_provider_set_faults (f->fake, "429,429ms");
  /* backoff_scale 1: the provider's own wait is honoured as given */
  g_assert_true (run (f, "openai", id, 4, 4, 1, 1.0, 30));
  arrivals = fx_fake_provider_get_arrivals (f->fake);
  g_assert_cmpuint (arrivals->len, ==, 3);
  gap = (g_array_index (arrivals, gint64, 1) - g_array_index (arrivals, gint64, 0)) / 1e6;
  g_test_message ("retry-after: 1 s -> waited %.3f s", gap);
  g_assert_cmpfloat (gap, >=, 0.95);
  g_assert_cmpfloat (gap, <, 3.0);
  gap = (g_array_index (arrivals, gint64, 2) - g_array_index (arrivals, gint64, 1)) / 1e6;
  g_test_message ("retry-after-ms: 300 -> waited %.3f s", gap);
  g_assert_cmpfloat (gap, >=, 0.28);
  g_assert_cmpfloat (gap, <, 1.5);
  assert_rows (f, id, 4);
}

static void
test_gemini_retry_delay (Fixture       *f,
                         gconstpointer  data)
{
  gint64 id = new_run (f, "gemini", 3);
  GArray *arrivals;
  double gap;

  fx_fake_provider_set_faults (f->fake, "429");
  g_assert_true (run (f, "gemini", id, 3, 3, 1, 1.0, 30));
  arrivals = fx_fake_provider_get_arrivals (f->fake);
  gap = (g_array_index (arrivals, gint64, 1) - g_array_index (arrivals, gint64, 0)) / 1e6;
  g_test_message ("Gemini retryDelay 1s -> waited %.3f s", gap);
  g_assert_cmpfloat (gap, >=, 0.95);
  assert_rows (f, id, 3);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  gint64 id = new_run (f, "anthropic", 6);

  fx_fake_provider_set_faults (f->fake, "slow");
  fx_fake_provider_set_slow (f->fake, 2500);
  g_assert_true (run (f, "anthropic", id, 6, 6, 1, 0.01, 1));
  assert_rows (f, id, 6);
  g_assert_cmpuint (fx_fake_provider_get_n_requests (f->fake), ==, 2);
}

static void
test_fatal (Fixture       *f,
            gconstpointer  data)
{
  const char *fault = data;
  const char *providers[] = { "openai", "anthropic", "gemini" };

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      guint before = fx_fake_provider_get_n_requests (f->fake);
      gint64 id = new_run (f, providers[i], 10);
      g_autoptr(FxRunRecord) record = NULL;

      fx_fake_provider_set_faults (f->fake, fault);
      g_assert_false (run (f, providers[i], id, 10, 5, 1, 0.01, 30));
      g_assert_error (f->error, FX_RUN_ERROR, FX_RUN_ERROR_FAILED);
      g_test_message ("%s %s: %s", providers[i], fault, f->error->message);
      /* never retried */
      g_assert_cmpuint (fx_fake_provider_get_n_requests (f->fake) - before, ==, 1);
      record = fx_store_get_run (f->store, id, NULL);
      g_assert_cmpint (record->status, ==, FX_RUN_FAILED);
      g_assert_nonnull (record->status_reason);
      g_assert_null (strstr (f->error->message, KEY));
    }
}

static void
test_budget (Fixture       *f,
             gconstpointer  data)
{
  gint64 id = new_run (f, "openai", 10);
  g_autoptr(GString) script = g_string_new ("500");

  /* retries do not count against the budget; batches that run out of attempts do */
  for (guint i = 0; i < 200; i++)
    g_string_append (script, ",500");
  fx_fake_provider_set_faults (f->fake, script->str);
  f->max_consecutive_failures = 1000;
  g_assert_false (run (f, "openai", id, 10, 5, 2, 0.001, 30));
  g_assert_error (f->error, FX_RUN_ERROR, FX_RUN_ERROR_BUDGET);
  g_test_message ("%s", f->error->message);
}

static gboolean
cancel_soon (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_and_resume (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *base_url = fx_fake_provider_get_base_url (f->fake);
  gint64 id = new_run (f, "openai", 40);
  g_autoptr(FxRunRecord) record = NULL;
  FxRunOptions options = { 0 };
  gint64 partial;

  fx_fake_provider_set_delay (f->fake, 150);
  options.provider = fx_provider_lookup ("openai");
  options.config.base_url = base_url;
  options.config.model = (char *) "fake-large";
  options.config.api_key = (char *) KEY;
  options.config.temperature = NAN;
  options.config.seed = -1;
  options.config.max_output_tokens = 4096;
  options.config.timeout_seconds = 30;
  options.strategy = f->strategy;
  options.schema = f->schema;
  options.store = f->store;
  options.run_id = id;
  options.n_rows = 40;
  options.batch_rows = 4;
  options.concurrency = 2;
  options.seed = 1;
  g_timeout_add (400, cancel_soon, cancellable);
  fx_run_execute_async (&options, cancellable, NULL, NULL, on_done, f);
  g_main_loop_run (f->loop);
  g_assert_error (f->error, FX_RUN_ERROR, FX_RUN_ERROR_CANCELLED);
  record = fx_store_get_run (f->store, id, NULL);
  g_assert_cmpint (record->status, ==, FX_RUN_CANCELLED);
  partial = record->rows_accepted;
  g_test_message ("cancelled with %" G_GINT64_FORMAT " of 40 rows", partial);
  g_assert_cmpint (partial, >, 0);
  g_assert_cmpint (partial, <, 40);

  fx_fake_provider_set_delay (f->fake, 0);
  g_assert_true (run (f, "openai", id, 40, 4, 2, 0.01, 30));
  assert_rows (f, id, 40);
}

static gboolean
give_up (gpointer data)
{
  g_error ("the run did not end after it was cancelled");
  return G_SOURCE_REMOVE;
}

/* Cancelling while batches wait to retry ends the run, whatever fires first. */
static void
test_cancel_while_retrying (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *base_url = fx_fake_provider_get_base_url (f->fake);
  g_autoptr(GString) script = g_string_new ("500");
  g_autoptr(FxRunRecord) record = NULL;
  guint guard;

  for (guint i = 0; i < 3000; i++)
    g_string_append (script, ",500");
  fx_fake_provider_set_faults (f->fake, script->str);

  for (guint round = 0; round < 5; round++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      gint64 id = new_run (f, "openai", 2000);
      FxRunOptions options = { 0 };

      options.provider = fx_provider_lookup ("openai");
      options.config.base_url = base_url;
      options.config.model = (char *) "fake-large";
      options.config.api_key = (char *) KEY;
      options.config.temperature = NAN;
      options.config.seed = -1;
      options.config.max_output_tokens = 4096;
      options.config.timeout_seconds = 30;
      options.strategy = f->strategy;
      options.schema = f->schema;
      options.store = f->store;
      options.run_id = id;
      options.n_rows = 2000;
      options.batch_rows = 20;
      options.concurrency = 16;
      options.backoff_scale = 0.02;
      options.failure_budget = 100000;
      options.max_consecutive_failures = 100000;
      options.seed = 1;
      g_timeout_add (150 + 37 * round, cancel_soon, cancellable);
      guard = g_timeout_add_seconds (20, give_up, NULL);
      fx_run_execute_async (&options, cancellable, NULL, NULL, on_done, f);
      g_main_loop_run (f->loop);
      g_source_remove (guard);
      g_assert_error (f->error, FX_RUN_ERROR, FX_RUN_ERROR_CANCELLED);
      g_clear_pointer (&record, fx_run_record_free);
      record = fx_store_get_run (f->store, id, NULL);
      g_assert_cmpint (record->status, ==, FX_RUN_CANCELLED);
    }
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

static void
test_key_never_stored (Fixture       *f,
                       gconstpointer  data)
{
  const char *providers[] = { "openai", "anthropic", "gemini", "openai-compatible" };
  g_autofree char *wal = g_strconcat (f->store_path, "-wal", NULL);

  fx_fake_provider_set_faults (f->fake, "401,ok,429,ok");
  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      gint64 id = new_run (f, providers[i], 5);

      run (f, providers[i], id, 5, 5, 1, 0.01, 30);
    }
  fx_store_close (f->store);
  f->store = fx_store_open (f->store_path, NULL);
  g_assert_false (file_contains (f->store_path, KEY));
  g_assert_false (file_contains (wal, KEY));
  /* and yet the prompts and answers are there */
  g_assert_true (file_contains (f->store_path, "rows") || file_contains (wal, "rows"));
}

static void
test_baselines (void)
{
  g_autofree char *dir = g_dir_make_tmp ("fx-run-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "b.db", NULL);
  g_autofree char *csv = g_build_filename (g_getenv ("FX_EXAMPLE_DIR"), "stays.csv", NULL);
  g_autofree char *schema_path = g_build_filename (g_getenv ("FX_EXAMPLE_DIR"), "schema.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = fx_schema_load_file (schema_path, &error);
  g_autoptr(GHashTable) types = fx_schema_column_types (schema);
  FxCsvOptions csv_options = { 0, types };
  g_autoptr(FxTable) reference = fx_csv_read_file (csv, &csv_options, &error);
  g_autoptr(FxStore) store = fx_store_open (path, &error);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  const FxBaselineKind kinds[] = { FX_BASELINE_COPULA, FX_BASELINE_INDEPENDENT };

  g_assert_no_error (error);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(FxBaseline) baseline = fx_baseline_new (kinds[k], reference, schema, &error);
      g_autofree char *json = fx_schema_to_json (schema);
      g_autoptr(FxTable) table = NULL;
      FxRunRecord record = { 0 };
      FxRunOptions options = { 0 };
      Fixture f = { 0 };

      g_assert_no_error (error);
      record.schema_id = fx_store_add_schema (store, "eicu", json, &error);
      record.provider = (char *) fx_baseline_kind_to_string (kinds[k]);
      record.model = record.provider;
      record.strategy = (char *) "baseline";
      record.parameters = (char *) "{}";
      record.real_data_sent = (char *) "[]";
      record.rows_requested = 1000;
      options.run_id = fx_store_create_run (store, &record, &error);
      g_assert_no_error (error);
      options.baseline = baseline;
      options.config.model = record.provider;
      options.schema = schema;
      options.store = store;
      options.n_rows = 1000;
      options.batch_rows = 64;
      options.concurrency = 4;
      options.seed = 3;
      f.loop = loop;
      fx_run_execute_async (&options, NULL, NULL, NULL, on_done, &f);
      g_main_loop_run (loop);
      g_assert_no_error (f.error);
      g_assert_true (f.ok);
      g_assert_cmpint (fx_store_count_accepted (store, options.run_id, NULL), ==, 1000);
      table = fx_run_rows_to_table (store, options.run_id, schema, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (table->n_rows, ==, 1000);
      g_assert_cmpuint (fx_table_get_n_columns (table), ==, schema->features->len);
    }
}

/* ---- servers that misbehave ------------------------------------------------------ */

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

/* An answer over the limit is a failed request, kept only in part; the rows are asked
 * for again. */
static void
test_too_large (Fixture       *f,
                gconstpointer  data)
{
  const char *fault = data;
  g_autofree char *script = g_strdup_printf ("%s,ok", fault);
  gint64 id = new_run (f, "openai", 3);
  g_autoptr(GPtrArray) requests = NULL;
  FxRequestRecord *first;
  GStatBuf st;

  fx_fake_provider_set_faults (f->fake, script);
  g_assert_true (run (f, "openai", id, 3, 3, 1, 0.01, 30));
  assert_rows (f, id, 3);
  requests = fx_store_get_requests (f->store, id, NULL);
  g_assert_cmpuint (requests->len, ==, 2);
  first = g_ptr_array_index (requests, 0);
  g_test_message ("%s: %s", fault, first->error);
  g_assert_cmpstr (first->outcome, ==, "invalid-response");
  g_assert_nonnull (strstr (first->error, g_str_equal (fault, "huge") ? "the answer is 12.0 MiB, more than 8.0 MiB"
                                                                    : "the answer is larger than 8.0 MiB"));
  g_assert_true (first->response_body == NULL || strlen (first->response_body) <= 4096);
  /* the 12 MiB were never stored */
  g_assert_cmpint (g_stat (f->store_path, &st), ==, 0);
  g_assert_cmpint (st.st_size, <, 1024 * 1024);
}

/* The timeout bounds the whole answer: a server that sends a byte every 100 ms is cut
 * at the timeout, and a run whose requests keep failing stops. */
static void
test_trickle (Fixture       *f,
              gconstpointer  data)
{
  gint64 id = new_run (f, "openai", 3);
  gint64 start = g_get_monotonic_time ();
  double took;

  fx_fake_provider_set_faults (f->fake, "trickle,trickle,trickle,trickle");
  f->max_consecutive_failures = 2;
  g_assert_false (run (f, "openai", id, 3, 3, 1, 0.01, 1));
  took = seconds_since (start);
  g_test_message ("%s (after %.2f s)", f->error->message, took);
  g_assert_error (f->error, FX_RUN_ERROR, FX_RUN_ERROR_BUDGET);
  g_assert_nonnull (strstr (f->error->message, "2 failed requests in a row"));
  g_assert_nonnull (strstr (f->error->message, "no complete answer within 1 s"));
  g_assert_cmpuint (fx_fake_provider_get_n_requests (f->fake), ==, 2);
  g_assert_cmpfloat (took, >=, 1.9);
  g_assert_cmpfloat (took, <, 5.0);
}

/* A server that never answers: each attempt ends at the timeout, and the run stops
 * after the default number of failures in a row, which the message gives. */
static void
test_never_answers (Fixture       *f,
                    gconstpointer  data)
{
  gint64 id = new_run (f, "anthropic", 3);
  g_autoptr(GString) script = g_string_new ("slow");
  g_autoptr(FxRunRecord) record = NULL;

  for (guint i = 0; i < 20; i++)
    g_string_append (script, ",slow");
  fx_fake_provider_set_faults (f->fake, script->str);
  fx_fake_provider_set_slow (f->fake, 60000);
  f->max_consecutive_failures = 3;
  g_assert_false (run (f, "anthropic", id, 3, 3, 1, 0.01, 1));
  g_assert_error (f->error, FX_RUN_ERROR, FX_RUN_ERROR_BUDGET);
  g_assert_cmpuint (fx_fake_provider_get_n_requests (f->fake), ==, 3);
  record = fx_store_get_run (f->store, id, NULL);
  g_assert_cmpint (record->status, ==, FX_RUN_FAILED);
  g_assert_nonnull (strstr (record->status_reason, "3 failed requests in a row"));

  /* the default: 8 in a row */
  g_clear_pointer (&record, fx_run_record_free);
  id = new_run (f, "openai", 3);
  g_string_assign (script, "garbage");
  for (guint i = 0; i < 20; i++)
    g_string_append (script, ",garbage");
  fx_fake_provider_set_faults (f->fake, script->str);
  f->max_consecutive_failures = 0;
  g_assert_false (run (f, "openai", id, 3, 3, 1, 0.001, 30));
  g_test_message ("%s", f->error->message);
  g_assert_nonnull (strstr (f->error->message, "stopped after 8 failed requests in a row (the limit is 8)"));
}

static void
note_wait (const FxRunProgress *progress,
           gpointer             data)
{
  Fixture *f = data;
  g_autofree char *text = fx_run_progress_describe_wait (progress);

  if (text == NULL)
    return;
  if (f->waits == NULL)
    f->waits = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (f->waits, g_steal_pointer (&text));
}

/* retry-after: 100000 is capped at 60 s (0.6 s at this test's scale), and the wait
 * says what it waits for and until when. */
static void
test_retry_after_capped (Fixture       *f,
                         gconstpointer  data)
{
  gint64 id = new_run (f, "openai", 3);
  GArray *arrivals;
  const char *said;
  double gap;

  fx_fake_provider_set_faults (f->fake, "429long");
  f->progress = note_wait;
  g_assert_true (run (f, "openai", id, 3, 3, 1, 0.01, 30));
  arrivals = fx_fake_provider_get_arrivals (f->fake);
  g_assert_cmpuint (arrivals->len, ==, 2);
  gap = (g_array_index (arrivals, gint64, 1) - g_array_index (arrivals, gint64, 0)) / 1e6;
  g_test_message ("retry-after: 100000 -> waited %.3f s", gap);
  g_assert_cmpfloat (gap, >=, 0.55);
  g_assert_cmpfloat (gap, <, 3.0);
  g_assert_nonnull (f->waits);
  said = g_ptr_array_index (f->waits, 0);
  g_test_message ("%s", said);
  g_assert_true (g_str_has_prefix (said, "waiting 0.6 s, until "));
  g_assert_true (g_regex_match_simple ("^waiting 0\\.6 s, until [0-9]{2}:[0-9]{2}:[0-9]{2}: ", said, 0, 0));
  g_assert_true (g_str_has_suffix (said, ": rate limited by the server (it asked for 100000 s; "
                                         "a wait is capped at 60 s)"));
  assert_rows (f, id, 3);
}

/* Answers that are no use are asked for again, but not at once: each wait longer. */
static void
test_backoff_on_garbage (Fixture       *f,
                         gconstpointer  data)
{
  gint64 id = new_run (f, "openai", 3);
  GArray *arrivals;
  double previous = 0;

  fx_fake_provider_set_faults (f->fake, "garbage,invalid,garbage,ok");
  f->progress = note_wait;
  /* 0.5 s, 1 s, 2 s less up to a quarter, at a tenth */
  g_assert_true (run (f, "openai", id, 3, 3, 1, 0.1, 30));
  arrivals = fx_fake_provider_get_arrivals (f->fake);
  g_assert_cmpuint (arrivals->len, ==, 4);
  for (guint i = 1; i < arrivals->len; i++)
    {
      double gap = (g_array_index (arrivals, gint64, i) - g_array_index (arrivals, gint64, i - 1)) / 1e6;

      g_test_message ("retry %u after %.3f s", i, gap);
      g_assert_cmpfloat (gap, >=, 0.05 * (1 << (i - 1)) * 0.75 - 0.002);
      g_assert_cmpfloat (gap, >, previous * 1.1);
      previous = gap;
    }
  g_assert_nonnull (f->waits);
  g_assert_nonnull (strstr (g_ptr_array_index (f->waits, 0), "after an unusable answer: "));
  assert_rows (f, id, 3);
}

/* A redirect is not followed and not retried: the run stops and says why. */
static void
test_redirect (Fixture       *f,
               gconstpointer  data)
{
  gint64 id = new_run (f, "gemini", 3);
  g_autoptr(FxRunRecord) record = NULL;

  fx_fake_provider_set_faults (f->fake, "redirect,redirect,redirect");
  g_assert_false (run (f, "gemini", id, 3, 3, 1, 0.01, 30));
  g_test_message ("%s", f->error->message);
  g_assert_error (f->error, FX_RUN_ERROR, FX_RUN_ERROR_FAILED);
  g_assert_nonnull (strstr (f->error->message, "the server answered 307, a redirect to http://127.0.0.1:"));
  g_assert_nonnull (strstr (f->error->message, "redirects are not followed for API calls"));
  g_assert_cmpuint (fx_fake_provider_get_n_requests (f->fake), ==, 1);
  record = fx_store_get_run (f->store, id, NULL);
  g_assert_cmpint (record->status, ==, FX_RUN_FAILED);
}

/* A server that copies the key into the rows: the row is rejected, saying why, and the
 * key reaches neither the store nor the table made from it, even in a free-text
 * column the schema would accept it in. */
static void
test_key_echoed (Fixture       *f,
                 gconstpointer  data)
{
  static const char *echo_schema =
    "{\"format\": 1, \"name\": \"echo\", \"features\": ["
    "{\"name\": \"serial\", \"type\": \"integer\", \"minimum\": 0, \"maximum\": 1000000000},"
    "{\"name\": \"note\", \"type\": \"categorical\"},"
    "{\"name\": \"sex\", \"type\": \"categorical\", \"categories\": [\"Female\", \"Male\"]}"
    "]}";
  const char *providers[] = { "openai", "anthropic", "gemini", "openai-compatible" };
  g_autofree char *wal = g_strconcat (f->store_path, "-wal", NULL);
  g_autoptr(GError) error = NULL;

  fx_schema_free (f->schema);
  fx_strategy_free (f->strategy);
  f->schema = fx_schema_load_data (echo_schema, -1, "schema", &error);
  g_assert_no_error (error);
  f->strategy = fx_strategy_new (FX_STRATEGY_STATISTICS, f->schema, NULL, FX_GROUPS_UNIFORM, 1, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      gint64 id = new_run (f, providers[i], 4);
      g_autoptr(GPtrArray) rejected = NULL;
      g_autoptr(GPtrArray) accepted = NULL;
      g_autoptr(FxTable) table = NULL;
      FxRowRecord *row;

      fx_fake_provider_set_faults (f->fake, "echo-key");
      g_assert_true (run (f, providers[i], id, 4, 4, 1, 0.01, 30));
      rejected = fx_store_get_rejected_rows (f->store, id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (rejected->len, ==, 1);
      row = g_ptr_array_index (rejected, 0);
      g_test_message ("%s: %s: %s", providers[i], row->reason, row->values_json);
      g_assert_cmpstr (row->reason, ==, "the row holds the API key sent with the request (masked here)");
      g_assert_null (strstr (row->values_json, KEY));
      g_assert_nonnull (strstr (row->values_json, "[API key]"));
      accepted = fx_store_get_accepted_rows (f->store, id, &error);
      g_assert_cmpuint (accepted->len, ==, 4);
      for (guint r = 0; r < accepted->len; r++)
        g_assert_null (strstr (g_ptr_array_index (accepted, r), KEY));
      table = fx_run_rows_to_table (f->store, id, f->schema, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (table->n_rows, ==, 4);
    }
  fx_store_close (f->store);
  f->store = fx_store_open (f->store_path, NULL);
  g_assert_false (file_contains (f->store_path, KEY));
  g_assert_false (file_contains (wal, KEY));
}

/* The one rule of what leaves this machine, for every kind of generator. */
static void
test_sends_real_rows_away (void)
{
  const FxProviderClass *compatible = fx_provider_lookup ("openai-compatible");
  const FxProviderClass *copula = fx_generator_lookup ("copula");

  g_assert_null (fx_provider_lookup ("copula"));
  g_assert_nonnull (copula);
  g_assert_true (copula->baseline);
  g_assert_true (fx_generator_lookup ("independent")->baseline);
  g_assert_true (fx_generator_lookup ("openai") == fx_provider_lookup ("openai"));
  g_assert_null (fx_generator_lookup ("openai-compat"));

  for (const char * const *name = (const char *[]) { "openai", "anthropic", "gemini", NULL }; *name; name++)
    {
      const FxProviderClass *provider = fx_provider_lookup (*name);

      g_assert_true (provider->remote);
      g_assert_false (provider->baseline);
      /* a cloud API is elsewhere whatever its address says */
      g_assert_true (fx_provider_sends_real_rows_away (provider, TRUE, "http://127.0.0.1:8080/v1"));
      g_assert_false (fx_provider_sends_real_rows_away (provider, FALSE, NULL));
      g_assert_false (fx_provider_stays_local (provider, "http://localhost/v1"));
    }

  g_assert_false (compatible->remote);
  g_assert_false (fx_provider_sends_real_rows_away (compatible, TRUE, "http://127.0.0.1:8080/v1"));
  g_assert_false (fx_provider_sends_real_rows_away (compatible, TRUE, "http://LOCALHOST:11434/v1"));
  g_assert_false (fx_provider_sends_real_rows_away (compatible, TRUE, "http://[::1]:8000/v1"));
  g_assert_true (fx_provider_sends_real_rows_away (compatible, TRUE, "http://127.example.org/v1"));
  g_assert_true (fx_provider_sends_real_rows_away (compatible, TRUE, "https://10.0.0.7/v1"));
  g_assert_true (fx_provider_sends_real_rows_away (compatible, TRUE, NULL));
  g_assert_true (fx_provider_sends_real_rows_away (compatible, TRUE, "not a url"));
  g_assert_false (fx_provider_sends_real_rows_away (compatible, FALSE, "https://10.0.0.7/v1"));

  g_assert_false (fx_provider_sends_real_rows_away (copula, TRUE, NULL));
  g_assert_false (fx_provider_sends_real_rows_away (NULL, TRUE, "https://10.0.0.7/v1"));
  g_assert_true (fx_provider_stays_local (copula, NULL));

  g_assert_true (fx_strategy_kind_sends_real_rows (FX_STRATEGY_NAIVE));
  g_assert_false (fx_strategy_kind_sends_real_rows (FX_STRATEGY_STATISTICS));
}

/* A row that breaks one of the schema's rules is rejected with the rule's name, and
 * the run still ends with exactly as many valid rows as asked.  The fake numbers its
 * rows, so a rule on the serial breaks a known share of them. */
static void
test_rules (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (schema_json);
  g_autoptr(GPtrArray) accepted = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint by_rule = 0;
  gint64 id;

  /* the same schema, with two rules: one the fake's rows break, one they keep */
  g_string_truncate (text, text->len - 1);
  g_string_append (text, ", \"rules\": ["
                   "{\"name\": \"serial_not_third\", \"check\": \"serial % 3 <> 0\"},"
                   "{\"name\": \"adult\", \"check\": \"age >= 18\"}]}");
  fx_strategy_free (f->strategy);
  fx_schema_free (f->schema);
  f->schema = fx_schema_load_data (text->str, -1, "schema", &error);
  g_assert_no_error (error);
  f->strategy = fx_strategy_new (FX_STRATEGY_STATISTICS, f->schema, NULL, FX_GROUPS_UNIFORM, 1, &error);
  g_assert_no_error (error);

  id = new_run (f, "openai", 30);
  g_assert_true (run (f, "openai", id, 30, 10, 2, 0.01, 30));
  g_assert_no_error (f->error);
  assert_rows (f, id, 30);

  accepted = fx_store_get_accepted_rows (f->store, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < accepted->len; i++)
    {
      g_assert_true (json_parser_load_from_data (parser, g_ptr_array_index (accepted, i), -1, NULL));
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                                   "serial") % 3, !=, 0);
    }
  rejected = fx_store_get_rejected_rows (f->store, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rejected->len; i++)
    {
      FxRowRecord *row = g_ptr_array_index (rejected, i);

      if (row->reason == NULL || strstr (row->reason, "serial_not_third") == NULL)
        continue;
      by_rule++;
      g_assert_null (strstr (row->reason, "adult"));
      g_assert_true (json_parser_load_from_data (parser, row->values_json, -1, NULL));
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                                   "serial") % 3, ==, 0);
    }
  /* about a third of some 45 rows asked for */
  g_assert_cmpuint (by_rule, >=, 5);
}

int
main (int    argc,
      char **argv)
{
  static const char *providers[] = { "openai", "anthropic", "gemini", "openai-compatible" };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      g_autofree char *a = g_strdup_printf ("/run/%s/rows", providers[i]);
      g_autofree char *b = g_strdup_printf ("/run/%s/faults", providers[i]);

      g_test_add (a, Fixture, providers[i], fixture_set_up, test_each_provider, fixture_tear_down);
      g_test_add (b, Fixture, providers[i], fixture_set_up, test_faults, fixture_tear_down);
    }
  g_test_add ("/run/retry-after", Fixture, NULL, fixture_set_up, test_retry_after, fixture_tear_down);
  g_test_add ("/run/gemini-retry-delay", Fixture, NULL, fixture_set_up, test_gemini_retry_delay, fixture_tear_down);
  g_test_add ("/run/timeout", Fixture, NULL, fixture_set_up, test_timeout, fixture_tear_down);
  g_test_add ("/run/fatal/401", Fixture, "401", fixture_set_up, test_fatal, fixture_tear_down);
  g_test_add ("/run/fatal/quota", Fixture, "quota", fixture_set_up, test_fatal, fixture_tear_down);
  g_test_add ("/run/fatal/400", Fixture, "400", fixture_set_up, test_fatal, fixture_tear_down);
  g_test_add ("/run/budget", Fixture, NULL, fixture_set_up, test_budget, fixture_tear_down);
  g_test_add ("/run/cancel-and-resume", Fixture, NULL, fixture_set_up, test_cancel_and_resume, fixture_tear_down);
  g_test_add ("/run/cancel-while-retrying", Fixture, NULL, fixture_set_up, test_cancel_while_retrying, fixture_tear_down);
  g_test_add ("/run/key-never-stored", Fixture, NULL, fixture_set_up, test_key_never_stored, fixture_tear_down);
  g_test_add_func ("/run/baselines", test_baselines);
  g_test_add_func ("/run/sends-real-rows-away", test_sends_real_rows_away);
  g_test_add ("/run/misbehaving/too-large", Fixture, "huge", fixture_set_up, test_too_large, fixture_tear_down);
  g_test_add ("/run/misbehaving/too-large-chunked", Fixture, "huge-chunked", fixture_set_up, test_too_large, fixture_tear_down);
  g_test_add ("/run/misbehaving/trickle", Fixture, NULL, fixture_set_up, test_trickle, fixture_tear_down);
  g_test_add ("/run/misbehaving/never-answers", Fixture, NULL, fixture_set_up, test_never_answers, fixture_tear_down);
  g_test_add ("/run/misbehaving/retry-after-capped", Fixture, NULL, fixture_set_up, test_retry_after_capped, fixture_tear_down);
  g_test_add ("/run/misbehaving/backoff-on-garbage", Fixture, NULL, fixture_set_up, test_backoff_on_garbage, fixture_tear_down);
  g_test_add ("/run/misbehaving/redirect", Fixture, NULL, fixture_set_up, test_redirect, fixture_tear_down);
  g_test_add ("/run/rules", Fixture, NULL, fixture_set_up, test_rules, fixture_tear_down);
  g_test_add ("/run/key-echoed", Fixture, NULL, fixture_set_up, test_key_echoed, fixture_tear_down);

  return g_test_run ();
}
