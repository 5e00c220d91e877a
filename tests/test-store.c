/* test-store.c: the project store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fx-store.h"

#define SURPLUS "surplus: the run already has its rows"

typedef struct
{
  char    *dir;
  char    *path;
  FxStore *store;
  gint64   schema_id;
} Fixture;

static void
remove_tree (const char *path)
{
  GDir *dir;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_remove (path);
      return;
    }

  g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("fx-store-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = make_tmp_dir ();
  f->path = g_build_filename (f->dir, "project.db", NULL);
  f->store = fx_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
  f->schema_id = fx_store_add_schema (f->store, "test schema",
                                      "{\"format\": 1, \"features\": []}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (f->schema_id, >, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->store, fx_store_close);
  remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* a run with every text field set (or with the nullable ones NULL) */
static void
run_init (FxRunRecord *run,
          gint64       schema_id,
          gint64       rows_requested,
          gboolean     with_nullables)
{
  memset (run, 0, sizeof *run);
  run->schema_id = schema_id;
  run->provider = (char *) "openai";
  run->model = (char *) "gpt-4o-mini";
  run->strategy = (char *) "schema-and-marginals";
  run->parameters = (char *) "{\"rows\": 10, \"batch_rows\": 4, \"temperature\": 0.7}";
  run->prompt_template_hash = (char *) "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  run->real_data_sent = (char *) "[]";
  run->rows_requested = rows_requested;
  if (with_nullables)
    {
      run->base_url = (char *) "http://localhost:11434/v1";
      run->reference_path = (char *) "/data/eicu/stays.csv";
      run->reference_sha256 = (char *) "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
      run->real_data_sent = (char *) "[{\"to\": \"openai\", \"rows\": [1, 2], \"columns\": [\"age\"]}]";
    }
  /* ignored by fx_store_create_run () */
  run->id = 777;
  run->status = FX_RUN_FAILED;
  run->status_reason = (char *) "ignored";
  run->rows_accepted = 5;
  run->requests = 6;
  run->created = (char *) "2000-01-01T00:00:00Z";
  run->finished = (char *) "2000-01-01T00:00:00Z";
}

static gint64
create_run (FxStore *store,
            gint64   schema_id,
            gint64   rows_requested)
{
  g_autoptr(GError) error = NULL;
  FxRunRecord run;
  gint64 run_id;

  run_init (&run, schema_id, rows_requested, FALSE);
  run_id = fx_store_create_run (store, &run, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_id, >, 0);
  return run_id;
}

static void
request_init (FxRequestRecord *request,
              gint64           run_id)
{
  memset (request, 0, sizeof *request);
  request->run_id = run_id;
  request->attempt = 1;
  request->batch_rows = 4;
  request->prompt = (char *) "system: you write rows\nuser: 4 rows please";
  request->request_body = (char *) "{\"model\": \"gpt-4o-mini\", \"messages\": []}";
  request->response_body = (char *) "{\"choices\": []}";
  request->http_status = 200;
  request->outcome = (char *) "ok";
  request->prompt_tokens = 120;
  request->completion_tokens = 340;
  request->reasoning_tokens = 0;
  request->latency_ms = 1500;
  request->model = (char *) "gpt-4o-mini-2024-07-18";
}

static FxRowRecord *
row_new (const char *values_json,
         gboolean    valid,
         const char *reason)
{
  FxRowRecord *row = g_new0 (FxRowRecord, 1);

  row->values_json = g_strdup (values_json);
  row->valid = valid;
  row->reason = g_strdup (reason);
  return row;
}

/* n_valid rows {"i": first...}, then n_invalid rows {"bad": k} */
static GPtrArray *
rows_new (guint first,
          guint n_valid,
          guint n_invalid)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_row_record_free);

  for (guint i = 0; i < n_valid; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"i\": %u}", first + i);

      g_ptr_array_add (rows, row_new (json, TRUE, NULL));
    }
  for (guint i = 0; i < n_invalid; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"bad\": %u}", i);

      g_ptr_array_add (rows, row_new (json, FALSE, "age: 150 is above the maximum 90"));
    }
  return rows;
}

static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static char *
raw_text (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  g_autofree char *text = raw_text (db, sql);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

static void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = raw_open (path);

  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  sqlite3_close (db);
}

static guint
file_mode (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static void
assert_iso8601_utc (const char *text)
{
  g_autoptr(GDateTime) time = NULL;

  g_assert_nonnull (text);
  g_assert_true (g_str_has_suffix (text, "Z"));
  time = g_date_time_new_from_iso8601 (text, NULL);
  g_assert_nonnull (time);
  g_assert_cmpint (g_date_time_get_utc_offset (time), ==, 0);
}

/* open, create, reopen */

static void
test_open_create (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *sub = g_build_filename (dir, "a", "b", NULL);
  g_autofree char *path = g_build_filename (sub, "project.db", NULL);
  g_autoptr(FxStore) store = NULL;
  gint64 schema_id, run_id;

  store = fx_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpstr (fx_store_get_path (store), ==, path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_cmpuint (file_mode (sub), ==, 0700);

  schema_id = fx_store_add_schema (store, "s", "{}", &error);
  g_assert_no_error (error);
  run_id = create_run (store, schema_id, 3);
  g_clear_pointer (&store, fx_store_close);

  /* reopen: the data is there, nothing is migrated twice */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(FxRunRecord) run = NULL;

      store = fx_store_open (path, &error);
      g_assert_no_error (error);
      run = fx_store_get_run (store, run_id, &error);
      g_assert_no_error (error);
      g_assert_cmpint (run->rows_requested, ==, 3);
      g_assert_cmpuint (file_mode (path), ==, 0600);
      g_clear_pointer (&store, fx_store_close);
    }

  remove_tree (dir);
}

static void
test_open_default_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "facsimile",
                                                "facsimile.db", NULL);
  g_autofree char *folder = g_path_get_dirname (expected);
  g_autoptr(FxStore) store = NULL;

  store = fx_store_open (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fx_store_get_path (store), ==, expected);
  g_assert_cmpuint (file_mode (expected), ==, 0600);
  g_assert_cmpuint (file_mode (folder), ==, 0700);

  /* one variable names another store, for the command line and the application alike */
  {
    g_autofree char *other = g_build_filename (folder, "other.db", NULL);
    g_autofree char *path = NULL;

    g_setenv ("FACSIMILE_STORE", other, TRUE);
    path = fx_store_default_path ();
    g_assert_cmpstr (path, ==, other);
    g_setenv ("FACSIMILE_STORE", "", TRUE);
    g_clear_pointer (&path, g_free);
    path = fx_store_default_path ();
    g_assert_cmpstr (path, ==, expected);
    g_unsetenv ("FACSIMILE_STORE");
  }
}

static void
test_open_fixes_mode (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  /* the store open: its WAL exists too */
  create_run (f->store, f->schema_id, 1);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (file_mode (wal), ==, 0600);
  g_assert_cmpint (g_chmod (f->path, 0644), ==, 0);
  g_assert_cmpint (g_chmod (wal, 0666), ==, 0);

  {
    g_autoptr(FxStore) second = fx_store_open (f->path, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (file_mode (f->path), ==, 0600);
    g_assert_cmpuint (file_mode (wal), ==, 0600);
  }

  g_clear_pointer (&f->store, fx_store_close);
  g_assert_cmpint (g_chmod (f->path, 0664), ==, 0);
  f->store = fx_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (f->path), ==, 0600);
}

static void
test_open_pragmas (Fixture       *f,
                   gconstpointer  data)
{
  sqlite3 *db = raw_open (f->path);
  g_autofree char *mode = raw_text (db, "PRAGMA journal_mode");

  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (raw_int (db, "PRAGMA application_id"), ==, 0x46785374);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                                " AND name IN ('rows_run_accepted', 'requests_run')"), ==, 2);
  sqlite3_close (db);
}

/* schemas */

static void
test_schema_dedup (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *text = "{\"format\": 1, \"features\": [{\"name\": \"age\"}]}";
  g_autofree char *json = NULL;
  gint64 a, b, c;

  a = fx_store_add_schema (f->store, "first", text, &error);
  g_assert_no_error (error);
  b = fx_store_add_schema (f->store, "same text, other name", text, &error);
  g_assert_no_error (error);
  c = fx_store_add_schema (f->store, "first", "{\"format\": 1, \"features\": [] }", &error);
  g_assert_no_error (error);

  g_assert_cmpint (a, >, 0);
  g_assert_cmpint (a, ==, b);
  g_assert_cmpint (c, !=, a);
  g_assert_cmpint (c, !=, f->schema_id);

  json = fx_store_get_schema_json (f->store, a, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json, ==, text);

  g_assert_null (fx_store_get_schema_json (f->store, 9999, &error));
  g_assert_error (error, FX_STORE_ERROR, FX_STORE_ERROR_NOT_FOUND);
}

/* runs */

static void
assert_run_fields (const FxRunRecord *got,
                   const FxRunRecord *sent,
                   gint64             run_id)
{
  g_assert_cmpint (got->id, ==, run_id);
  g_assert_cmpint (got->schema_id, ==, sent->schema_id);
  g_assert_cmpstr (got->provider, ==, sent->provider);
  g_assert_cmpstr (got->model, ==, sent->model);
  g_assert_cmpstr (got->base_url, ==, sent->base_url);
  g_assert_cmpstr (got->strategy, ==, sent->strategy);
  g_assert_cmpstr (got->parameters, ==, sent->parameters);
  g_assert_cmpstr (got->prompt_template_hash, ==, sent->prompt_template_hash);
  g_assert_cmpstr (got->reference_path, ==, sent->reference_path);
  g_assert_cmpstr (got->reference_sha256, ==, sent->reference_sha256);
  g_assert_cmpstr (got->real_data_sent, ==, sent->real_data_sent);
  g_assert_cmpint (got->status, ==, FX_RUN_RUNNING);
  g_assert_null (got->status_reason);
  g_assert_cmpint (got->rows_requested, ==, sent->rows_requested);
  g_assert_cmpint (got->rows_accepted, ==, 0);
  g_assert_cmpint (got->rows_rejected, ==, 0);
  g_assert_cmpint (got->requests, ==, 0);
  g_assert_cmpint (got->prompt_tokens, ==, 0);
  g_assert_cmpint (got->completion_tokens, ==, 0);
  assert_iso8601_utc (got->created);
  g_assert_cmpstr (got->created, !=, sent->created);
  g_assert_null (got->finished);
}

static void
test_run_round_trip (Fixture       *f,
                     gconstpointer  data)
{
  for (guint with_nullables = 0; with_nullables < 2; with_nullables++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FxRunRecord) got = NULL;
      FxRunRecord sent;
      gint64 run_id;

      run_init (&sent, f->schema_id, 2500, with_nullables);
      run_id = fx_store_create_run (f->store, &sent, &error);
      g_assert_no_error (error);
      g_assert_cmpint (run_id, >, 0);
      g_assert_cmpint (run_id, !=, sent.id);

      got = fx_store_get_run (f->store, run_id, &error);
      g_assert_no_error (error);
      assert_run_fields (got, &sent, run_id);

      /* and after reopening */
      g_clear_pointer (&f->store, fx_store_close);
      g_clear_pointer (&got, fx_run_record_free);
      f->store = fx_store_open (f->path, &error);
      g_assert_no_error (error);
      got = fx_store_get_run (f->store, run_id, &error);
      g_assert_no_error (error);
      assert_run_fields (got, &sent, run_id);
    }
}

static void
test_run_unknown_schema (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FxRunRecord run;

  run_init (&run, 4242, 10, FALSE);
  g_assert_cmpint (fx_store_create_run (f->store, &run, &error), ==, -1);
  g_assert_error (error, FX_STORE_ERROR, FX_STORE_ERROR_NOT_FOUND);
}

static void
test_run_list_order (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  gint64 ids[4];

  runs = fx_store_list_runs (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 0);
  g_clear_pointer (&runs, g_ptr_array_unref);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    ids[i] = create_run (f->store, f->schema_id, 10 * (i + 1));

  runs = fx_store_list_runs (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < runs->len; i++)
    {
      const FxRunRecord *run = g_ptr_array_index (runs, i);
      guint k = G_N_ELEMENTS (ids) - 1 - i;

      g_assert_cmpint (run->id, ==, ids[k]);
      g_assert_cmpint (run->rows_requested, ==, 10 * (k + 1));
      if (i > 0)
        {
          const FxRunRecord *newer = g_ptr_array_index (runs, i - 1);
          g_autoptr(GDateTime) a = g_date_time_new_from_iso8601 (newer->created, NULL);
          g_autoptr(GDateTime) b = g_date_time_new_from_iso8601 (run->created, NULL);

          g_assert_cmpint (g_date_time_compare (a, b), >=, 0);
        }
    }
}

static void
test_run_status (Fixture       *f,
                 gconstpointer  data)
{
  static const struct
  {
    FxRunStatus  status;
    const char  *reason;
  } steps[] = {
    { FX_RUN_CANCELLED, "stopped by the user" },
    { FX_RUN_RUNNING, NULL },
    { FX_RUN_FAILED, "budget spent: 12 failed requests" },
    { FX_RUN_RUNNING, NULL },
    { FX_RUN_COMPLETED, NULL },
  };
  g_autoptr(GError) error = NULL;
  gint64 run_id = create_run (f->store, f->schema_id, 10);
  gint64 other = create_run (f->store, f->schema_id, 10);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(FxRunRecord) run = NULL;
      g_autoptr(FxRunRecord) untouched = NULL;

      g_assert_true (fx_store_set_run_status (f->store, run_id, steps[i].status,
                                              steps[i].reason, &error));
      g_assert_no_error (error);
      run = fx_store_get_run (f->store, run_id, &error);
      g_assert_no_error (error);
      g_assert_cmpint (run->status, ==, steps[i].status);
      g_assert_cmpstr (run->status_reason, ==, steps[i].reason);
      if (steps[i].status == FX_RUN_RUNNING)
        g_assert_null (run->finished);
      else
        assert_iso8601_utc (run->finished);

      untouched = fx_store_get_run (f->store, other, &error);
      g_assert_no_error (error);
      g_assert_cmpint (untouched->status, ==, FX_RUN_RUNNING);
    }

  g_assert_false (fx_store_set_run_status (f->store, 9999, FX_RUN_COMPLETED, NULL, &error));
  g_assert_error (error, FX_STORE_ERROR, FX_STORE_ERROR_NOT_FOUND);
}

static void
test_run_status_strings (void)
{
  const FxRunStatus all[] = { FX_RUN_RUNNING, FX_RUN_COMPLETED, FX_RUN_FAILED,
                              FX_RUN_CANCELLED };
  FxRunStatus status;

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      const char *str = fx_run_status_to_string (all[i]);

      g_assert_nonnull (str);
      g_assert_true (fx_run_status_from_string (str, &status));
      g_assert_cmpint (status, ==, all[i]);
    }
  g_assert_cmpstr (fx_run_status_to_string (FX_RUN_CANCELLED), ==, "cancelled");
  g_assert_false (fx_run_status_from_string ("Running", &status));
  g_assert_false (fx_run_status_from_string ("", &status));
  g_assert_false (fx_run_status_from_string (NULL, &status));
}

/* responses */

static void
test_response_counts (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = rows_new (0, 3, 2);
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(FxRunRecord) run = NULL;
  FxRequestRecord request;
  gint64 run_id = create_run (f->store, f->schema_id, 100);
  gint64 request_id;
  guint n_accepted = 99;

  request_init (&request, run_id);
  request_id = fx_store_add_response (f->store, &request, rows, &n_accepted, &error);
  g_assert_no_error (error);
  g_assert_cmpint (request_id, >, 0);
  g_assert_cmpuint (n_accepted, ==, 3);

  /* a failed request: no rows (NULL and empty both mean none) */
  request.http_status = 429;
  request.outcome = (char *) "rate_limited";
  request.response_body = NULL;
  request.prompt_tokens = 0;
  request.completion_tokens = 0;
  g_assert_cmpint (fx_store_add_response (f->store, &request, NULL, &n_accepted, &error),
                   >, request_id);
  g_assert_no_error (error);
  g_assert_cmpuint (n_accepted, ==, 0);

  run = fx_store_get_run (f->store, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run->rows_accepted, ==, 3);
  g_assert_cmpint (run->rows_rejected, ==, 2);
  g_assert_cmpint (run->requests, ==, 2);
  g_assert_cmpint (run->prompt_tokens, ==, 120);
  g_assert_cmpint (run->completion_tokens, ==, 340);
  g_assert_cmpint (fx_store_count_accepted (f->store, run_id, &error), ==, 3);
  g_assert_no_error (error);

  rejected = fx_store_get_rejected_rows (f->store, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rejected->len, ==, 2);
  for (guint i = 0; i < rejected->len; i++)
    {
      const FxRowRecord *row = g_ptr_array_index (rejected, i);
      g_autofree char *json = g_strdup_printf ("{\"bad\": %u}", i);

      g_assert_false (row->valid);
      g_assert_cmpstr (row->values_json, ==, json);
      g_assert_cmpstr (row->reason, ==, "age: 150 is above the maximum 90");
    }
}

static void
test_response_surplus (Fixture       *f,
                       gconstpointer  data)
{
  static const guint expected[] = { 4, 4, 2, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accepted = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(FxRunRecord) run = NULL;
  gint64 run_id = create_run (f->store, f->schema_id, 10);
  gint64 other_id = create_run (f->store, f->schema_id, 10);
  FxRequestRecord request;

  /* another run's rows do not count against this one */
  {
    g_autoptr(GPtrArray) rows = rows_new (100, 8, 0);

    request_init (&request, other_id);
    fx_store_add_response (f->store, &request, rows, NULL, &error);
    g_assert_no_error (error);
  }

  request_init (&request, run_id);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GPtrArray) rows = rows_new (4 * i, 4, 0);
      guint n_accepted = 99;

      g_assert_cmpint (fx_store_add_response (f->store, &request, rows, &n_accepted, &error),
                       >, 0);
      g_assert_no_error (error);
      g_assert_cmpuint (n_accepted, ==, expected[i]);
      if (i == 2)
        g_assert_cmpint (fx_store_count_accepted (f->store, run_id, &error), ==, 10);
    }

  run = fx_store_get_run (f->store, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run->rows_accepted, ==, 10);
  g_assert_cmpint (run->rows_rejected, ==, 6);
  g_assert_cmpint (run->requests, ==, 4);

  /* in the order stored: {"i": 0} ... {"i": 9} */
  accepted = fx_store_get_accepted_rows (f->store, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accepted->len, ==, 10);
  for (guint i = 0; i < accepted->len; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"i\": %u}", i);

      g_assert_cmpstr (g_ptr_array_index (accepted, i), ==, json);
    }

  rejected = fx_store_get_rejected_rows (f->store, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rejected->len, ==, 6);
  for (guint i = 0; i < rejected->len; i++)
    {
      const FxRowRecord *row = g_ptr_array_index (rejected, i);
      g_autofree char *json = g_strdup_printf ("{\"i\": %u}", 10 + i);

      g_assert_true (row->valid);
      g_assert_cmpstr (row->reason, ==, SURPLUS);
      g_assert_cmpstr (row->values_json, ==, json);
    }

  g_assert_cmpint (fx_store_count_accepted (f->store, other_id, &error), ==, 8);
}

static void
test_response_requests (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) got = NULL;
  g_autoptr(GPtrArray) rows = rows_new (0, 2, 0);
  gint64 run_id = create_run (f->store, f->schema_id, 10);
  FxRequestRecord sent[3];

  request_init (&sent[0], run_id);
  sent[0].started = (char *) "ignored";

  request_init (&sent[1], run_id);
  sent[1].attempt = 1;
  sent[1].batch_rows = 7;
  sent[1].response_body = NULL;
  sent[1].http_status = 0;
  sent[1].outcome = (char *) "network_error";
  sent[1].error = (char *) "Connection refused";
  sent[1].prompt_tokens = 0;
  sent[1].completion_tokens = 0;
  sent[1].latency_ms = 3;
  sent[1].model = NULL;

  request_init (&sent[2], run_id);
  sent[2].attempt = 2;
  sent[2].batch_rows = 7;
  sent[2].prompt = (char *) "unicode: \xc3\xa9t\xc3\xa9 \xe2\x80\x94 'quotes' \"double\" ; DROP TABLE rows; --";
  sent[2].response_body = (char *) "{\"text\": \"\xe2\x9c\x93\"}";
  sent[2].prompt_tokens = 9;
  sent[2].completion_tokens = 11;
  sent[2].reasoning_tokens = 64;
  sent[2].latency_ms = 61000;

  for (guint i = 0; i < G_N_ELEMENTS (sent); i++)
    {
      fx_store_add_response (f->store, &sent[i], i == 1 ? NULL : rows, NULL, &error);
      g_assert_no_error (error);
    }

  got = fx_store_get_requests (f->store, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got->len, ==, G_N_ELEMENTS (sent));
  for (guint i = 0; i < got->len; i++)
    {
      const FxRequestRecord *r = g_ptr_array_index (got, i);
      g_autoptr(GDateTime) started = NULL;
      g_autoptr(GDateTime) finished = NULL;

      g_assert_cmpint (r->run_id, ==, run_id);
      g_assert_cmpint (r->attempt, ==, sent[i].attempt);
      g_assert_cmpint (r->batch_rows, ==, sent[i].batch_rows);
      g_assert_cmpstr (r->prompt, ==, sent[i].prompt);
      g_assert_cmpstr (r->request_body, ==, sent[i].request_body);
      g_assert_cmpstr (r->response_body, ==, sent[i].response_body);
      g_assert_cmpint (r->http_status, ==, sent[i].http_status);
      g_assert_cmpstr (r->outcome, ==, sent[i].outcome);
      g_assert_cmpstr (r->error, ==, sent[i].error);
      g_assert_cmpint (r->prompt_tokens, ==, sent[i].prompt_tokens);
      g_assert_cmpint (r->completion_tokens, ==, sent[i].completion_tokens);
      g_assert_cmpint (r->reasoning_tokens, ==, sent[i].reasoning_tokens);
      g_assert_cmpint (r->latency_ms, ==, sent[i].latency_ms);
      g_assert_cmpstr (r->model, ==, sent[i].model);

      assert_iso8601_utc (r->started);
      assert_iso8601_utc (r->finished);
      started = g_date_time_new_from_iso8601 (r->started, NULL);
      finished = g_date_time_new_from_iso8601 (r->finished, NULL);
      g_assert_cmpint (g_date_time_difference (finished, started), ==,
                       sent[i].latency_ms * G_TIME_SPAN_MILLISECOND);
    }

  /* the tables survived the prompt above */
  g_assert_cmpint (fx_store_count_accepted (f->store, run_id, &error), ==, 4);
}

static void
test_response_unknown_run (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_row_record_free);
  FxRequestRecord request;
  guint n_accepted = 99;
  sqlite3 *db;

  g_ptr_array_add (rows, row_new ("{\"name\": \"row-data-must-not-leak\"}", TRUE, NULL));
  request_init (&request, 4242);
  g_assert_cmpint (fx_store_add_response (f->store, &request, rows, &n_accepted, &error),
                   ==, -1);
  g_assert_error (error, FX_STORE_ERROR, FX_STORE_ERROR_NOT_FOUND);
  g_assert_null (strstr (error->message, "row-data-must-not-leak"));
  g_assert_cmpuint (n_accepted, ==, 0);

  /* nothing was written, and the store is usable afterwards */
  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM requests"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM rows"), ==, 0);
  sqlite3_close (db);

  request.run_id = create_run (f->store, f->schema_id, 5);
  g_clear_error (&error);
  g_assert_cmpint (fx_store_add_response (f->store, &request, rows, &n_accepted, &error),
                   >, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (n_accepted, ==, 1);
}

/* errors */

static void
test_error_not_found (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (fx_store_get_run (f->store, 9999, &error));
  g_assert_error (error, FX_STORE_ERROR, FX_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "9999"));
  g_clear_error (&error);

  g_assert_cmpint (fx_store_count_accepted (f->store, 9999, &error), ==, -1);
  g_assert_error (error, FX_STORE_ERROR, FX_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (fx_store_get_accepted_rows (f->store, 9999, &error));
  g_assert_error (error, FX_STORE_ERROR, FX_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (fx_store_get_rejected_rows (f->store, 9999, &error));
  g_assert_error (error, FX_STORE_ERROR, FX_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (fx_store_get_requests (f->store, 9999, &error));
  g_assert_error (error, FX_STORE_ERROR, FX_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* an existing run without anything is not an error */
  {
    gint64 run_id = create_run (f->store, f->schema_id, 10);
    g_autoptr(GPtrArray) rows = fx_store_get_accepted_rows (f->store, run_id, &error);
    g_autoptr(GPtrArray) requests = fx_store_get_requests (f->store, run_id, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 0);
    g_assert_cmpuint (requests->len, ==, 0);
  }
}

static void
test_error_not_a_database (void)
{
  static const char garbage[] = "age,gender\n63,Female\n71,Male\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "stays.csv", NULL);
  g_autofree char *damaged = g_build_filename (dir, "damaged.db", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *block = g_malloc (8192);
  gsize length;

  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_null (fx_store_open (path, &error));
  g_assert_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "not an SQLite database"));
  g_clear_error (&error);

  /* left alone */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpstr (contents, ==, garbage);
  g_assert_cmpuint (file_mode (path), ==, 0644);
  g_assert_false (g_file_test (damaged, G_FILE_TEST_EXISTS));

  /* the right magic, then garbage */
  memset (block, 0xab, 8192);
  memcpy (block, "SQLite format 3", 16);
  g_assert_true (g_file_set_contents (damaged, block, 8192, NULL));
  g_assert_null (fx_store_open (damaged, &error));
  g_assert_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, damaged));
  g_clear_error (&error);

  /* a folder */
  g_assert_null (fx_store_open (dir, &error));
  g_assert_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, dir));

  remove_tree (dir);
}

static void
test_error_other_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *plain = g_build_filename (dir, "patients.sqlite", NULL);
  g_autofree char *marked = g_build_filename (dir, "other-app.db", NULL);

  g_assert_true (g_file_set_contents (plain, "", 0, NULL));
  raw_exec (plain, "CREATE TABLE patients (id INTEGER, name TEXT)");
  g_assert_null (fx_store_open (plain, &error));
  g_assert_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, plain));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (marked, "", 0, NULL));
  raw_exec (marked, "PRAGMA application_id = 1234");
  g_assert_null (fx_store_open (marked, &error));
  g_assert_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN);
  g_clear_error (&error);

  /* an empty file is a new store */
  {
    g_autofree char *empty = g_build_filename (dir, "empty.db", NULL);
    g_autoptr(FxStore) store = NULL;

    g_assert_true (g_file_set_contents (empty, "", 0, NULL));
    store = fx_store_open (empty, &error);
    g_assert_no_error (error);
  }

  remove_tree (dir);
}

static void
test_error_unwritable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *file = g_build_filename (dir, "regular-file", NULL);
  g_autofree char *below = g_build_filename (file, "store.db", NULL);
  g_autofree char *deeper = g_build_filename (file, "sub", "store.db", NULL);

  g_assert_true (g_file_set_contents (file, "x", -1, NULL));

  g_assert_null (fx_store_open (below, &error));
  g_assert_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN);
  g_clear_error (&error);

  g_assert_null (fx_store_open (deeper, &error));
  g_assert_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN);
  g_clear_error (&error);

  if (geteuid () != 0)
    {
      g_autofree char *locked = g_build_filename (dir, "read-only", NULL);
      g_autofree char *path = g_build_filename (locked, "store.db", NULL);

      g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
      g_assert_null (fx_store_open (path, &error));
      g_assert_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN);
      g_assert_nonnull (strstr (error->message, path));
    }
  else
    g_test_message ("running as root: the read-only folder case is not tested");

  remove_tree (dir);
}

static void
test_error_version (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxStore) store = NULL;

  g_clear_pointer (&f->store, fx_store_close);
  raw_exec (f->path, "PRAGMA user_version = 99");

  store = fx_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, FX_STORE_ERROR, FX_STORE_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, f->path));

  /* untouched, and usable again by the version that knows it */
  {
    sqlite3 *db = raw_open (f->path);

    g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 99);
    sqlite3_close (db);
  }
  raw_exec (f->path, "PRAGMA user_version = 1");
  g_clear_error (&error);
  f->store = fx_store_open (f->path, &error);
  g_assert_no_error (error);
}

/* crash safety */

#define CRASH_ROWS 5

G_GNUC_NORETURN static void
writer_child (const char *path,
              gint64      run_id,
              guint       n_rows,
              int         ready_fd,
              gint64      stop_at)
{
  GError *error = NULL;
  GPtrArray *rows = rows_new (0, n_rows, 0);
  /* as fast as it can, so that the kill most likely lands inside a transaction */
  char *body = g_strnfill (1000, 'r');
  FxRequestRecord request;
  FxStore *store;

  store = fx_store_open (path, &error);
  if (store == NULL)
    _exit (2);

  request_init (&request, run_id);
  request.response_body = body;
  for (guint64 i = 0;; i++)
    {
      guint n_accepted;

      if (fx_store_add_response (store, &request, rows, &n_accepted, &error) <= 0)
        _exit (3);
      if (stop_at < 0 && n_accepted != n_rows)
        _exit (4);
      if (i == 0 && ready_fd >= 0 && write (ready_fd, "x", 1) != 1)
        _exit (5);
      if (stop_at >= 0 && fx_store_count_accepted (store, run_id, &error) >= stop_at)
        break;
    }
  fx_store_close (store);
  g_ptr_array_unref (rows);
  g_free (body);
  _exit (0);
}

static void
assert_consistent (const char *path,
                   gint64      run_id,
                   gint64     *n_requests)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxStore) store = NULL;
  g_autoptr(FxRunRecord) run = NULL;
  g_autofree char *integrity = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db;

  /* reopening recovers the WAL */
  store = fx_store_open (path, &error);
  g_assert_no_error (error);

  db = raw_open (path);
  integrity = raw_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);

  sql = g_strdup_printf ("SELECT count(*) FROM requests WHERE run_id = %" G_GINT64_FORMAT,
                         run_id);
  *n_requests = raw_int (db, sql);
  /* no rows without their request, every request with exactly its rows (so none
   * without them) */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM rows"
                                " WHERE request_id NOT IN (SELECT id FROM requests)"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM (SELECT request_id FROM rows"
                                " GROUP BY request_id HAVING count(*) != 5)"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(DISTINCT request_id) FROM rows"), ==,
                   raw_int (db, "SELECT count(*) FROM requests"));
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM rows WHERE accepted = 1"), ==,
                   CRASH_ROWS * *n_requests);
  sqlite3_close (db);

  run = fx_store_get_run (store, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run->requests, ==, *n_requests);
  g_assert_cmpint (run->rows_accepted, ==, CRASH_ROWS * *n_requests);
  g_assert_cmpint (run->rows_rejected, ==, 0);
}

static void
test_crash (Fixture       *f,
            gconstpointer  data)
{
  gint64 run_id = create_run (f->store, f->schema_id, G_MAXINT32);
  gint64 before = 0;

  g_clear_pointer (&f->store, fx_store_close);

  for (guint round = 0; round < 5; round++)
    {
      int fds[2];
      int status;
      char c;
      gint64 after;
      pid_t pid;

      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (fds[0]);
          writer_child (f->path, run_id, CRASH_ROWS, fds[1], -1);
        }
      close (fds[1]);

      /* the child has stored its first response: let it run, then kill it */
      g_assert_cmpint (read (fds[0], &c, 1), ==, 1);
      close (fds[0]);
      g_usleep (g_test_rand_int_range (200, 400) * G_TIME_SPAN_MILLISECOND);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

      assert_consistent (f->path, run_id, &after);
      g_test_message ("round %u: %" G_GINT64_FORMAT " responses stored before the kill",
                      round, after - before);
      g_assert_cmpint (after, >, before);
      before = after;
    }

  f->store = fx_store_open (f->path, NULL);
}

/* two processes filling one run never exceed its rows */
static void
test_two_writers (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxRunRecord) run = NULL;
  gint64 run_id = create_run (f->store, f->schema_id, 500);
  pid_t pids[2];

  for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
    {
      pids[i] = fork ();
      g_assert_cmpint (pids[i], >=, 0);
      if (pids[i] == 0)
        writer_child (f->path, run_id, 7, -1, 500);
    }
  for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
    {
      int status;

      g_assert_cmpint (waitpid (pids[i], &status, 0), ==, pids[i]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }

  run = fx_store_get_run (f->store, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run->rows_accepted, ==, 500);
  g_assert_cmpint (run->rows_accepted + run->rows_rejected, ==, 7 * run->requests);
  g_assert_cmpint (run->requests, >=, 72);  /* ceil (500 / 7) */
}

/* throughput: responses of 50 rows of about 600 bytes of JSON */

static char *
make_row_json (guint i)
{
  GString *json = g_string_new ("{");

  g_string_append_printf (json, "\"age\": %u, \"gender\": \"%s\", \"ethnicity\": \"Caucasian\", "
                          "\"hospital_id\": %u, \"unit_type\": \"Med-Surg ICU\", ",
                          18 + i % 72, i % 2 ? "Male" : "Female", 100 + i % 90);
  for (guint k = 0; json->len < 580; k++)
    g_string_append_printf (json, "\"lab_%02u\": %u.%02u, ", k, (i * 7 + k) % 300, k);
  g_string_append (json, "\"hospital_mortality\": false}");
  return g_string_free (json, FALSE);
}

static double
cpu_seconds (void)
{
  struct timespec ts;

  g_assert_cmpint (clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts), ==, 0);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* rows per second of wall-clock time; *cpu_rate: per second of CPU time */
static double
time_responses (FxStore    *store,
                gint64      run_id,
                GPtrArray  *rows,
                const char *response_body,
                guint       n_responses,
                double     *cpu_rate)
{
  g_autoptr(GError) error = NULL;
  FxRequestRecord request;
  double cpu_start;
  gint64 start;

  request_init (&request, run_id);
  request.batch_rows = rows->len;
  request.response_body = (char *) response_body;

  start = g_get_monotonic_time ();
  cpu_start = cpu_seconds ();
  for (guint i = 0; i < n_responses; i++)
    {
      guint n_accepted;

      fx_store_add_response (store, &request, rows, &n_accepted, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (n_accepted, ==, rows->len);
    }
  *cpu_rate = (double) n_responses * rows->len / (cpu_seconds () - cpu_start);
  return (double) n_responses * rows->len /
         ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

static void
test_throughput (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_row_record_free);
  g_autoptr(GString) body = g_string_new ("{\"choices\": [{\"message\": {\"content\": \"");
  guint n_responses = g_test_perf () ? 2000 : 40;
  guint n_segments = g_test_perf () ? 5 : 1;
  gint64 with_body = create_run (f->store, f->schema_id, G_MAXINT32);
  gint64 without_body = create_run (f->store, f->schema_id, G_MAXINT32);
  gsize row_bytes = 0;

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *json = make_row_json (i);

      row_bytes += strlen (json);
      g_string_append (body, json);
      g_string_append (body, "\\n");
      g_ptr_array_add (rows, row_new (json, TRUE, NULL));
    }
  g_string_append (body, "\"}}]}");

  for (guint s = 0; s < n_segments; s++)
    {
      double a_cpu, b_cpu;
      double a = time_responses (f->store, with_body, rows, body->str, n_responses, &a_cpu);
      double b = time_responses (f->store, without_body, rows, NULL, n_responses, &b_cpu);

      g_test_message ("add_response, 50 rows of %" G_GSIZE_FORMAT " bytes, after %u responses "
                      "per run: %.0f rows/s (%.0f per CPU second) with the %" G_GSIZE_FORMAT
                      "-byte raw response, %.0f rows/s (%.0f per CPU second) without",
                      row_bytes / 50, s * n_responses, a, a_cpu, body->len, b, b_cpu);
      if (g_test_perf ())
        g_test_maximized_result (a, "%.0f rows/s", a);
    }
}

/* What another process sees of the store: the number of requests, counted by another
 * program with its own connection, which it opens and closes as any program would. */
static gint64
count_requests_elsewhere (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = {
    "python3", "-c",
    "import sqlite3, sys\n"
    "db = sqlite3.connect(sys.argv[1])\n"
    "print(db.execute('SELECT count(*) FROM requests').fetchone()[0])\n"
    "db.close()\n",
    path, NULL
  };
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_ascii_strtoll (out, NULL, 10);
}

typedef struct
{
  const char *path;
  int         stop;
} OpenLoop;

static gpointer
open_loop (gpointer data)
{
  OpenLoop *loop = data;

  while (!g_atomic_int_get (&loop->stop))
    {
      g_autoptr(GError) error = NULL;
      FxStore *store = fx_store_open (loop->path, &error);

      g_assert_no_error (error);
      fx_store_close (store);
    }
  return NULL;
}

/* An application opens a second connection to its store (a thread reading a run's
 * details) while a run writes through the first.  Opening and closing it must not take
 * away the locks of the first: POSIX locks belong to the process, and closing any
 * descriptor of the file drops them all.  Without them, another program reading the
 * store reset its WAL, and every later commit of the run was lost. */
static void
test_two_connections (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 run_id = create_run (f->store, f->schema_id, 100);
  FxRequestRecord request;

  request_init (&request, run_id);
  g_assert_cmpint (fx_store_add_response (f->store, &request, NULL, NULL, &error), >, 0);
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    {
      FxStore *second = fx_store_open (f->path, &error);

      g_assert_no_error (error);
      g_assert_nonnull (second);
      g_assert_cmpint (fx_store_count_accepted (second, run_id, &error), ==, 0);
      fx_store_close (second);

      g_assert_cmpint (count_requests_elsewhere (f->path), ==, 1 + i);
      g_assert_cmpint (fx_store_add_response (f->store, &request, NULL, NULL, &error), >, 0);
      g_assert_no_error (error);
      g_assert_cmpint (count_requests_elsewhere (f->path), ==, 2 + i);
    }

  /* the same while the first connection writes, from another thread */
  {
    GThread *thread;
    OpenLoop loop = { f->path, 0 };

    g_atomic_int_set (&loop.stop, 0);
    thread = g_thread_new ("second", open_loop, &loop);
    for (guint i = 0; i < 100; i++)
      {
        g_assert_cmpint (fx_store_add_response (f->store, &request, NULL, NULL, &error), >, 0);
        g_assert_no_error (error);
        if (i % 10 == 9)
          g_assert_cmpint (count_requests_elsewhere (f->path), ==, 5 + i);
      }
    g_atomic_int_set (&loop.stop, 1);
    g_thread_join (thread);
  }

  /* and after the first connection is gone, everything is in the file */
  g_clear_pointer (&f->store, fx_store_close);
  g_assert_cmpint (count_requests_elsewhere (f->path), ==, 104);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = make_tmp_dir ();
  int status;

  /* before anything asks GLib for it (G_TEST_OPTION_ISOLATE_DIRS leaks in GLib 2.74,
   * which valgrind reports) */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) \
  g_test_add ("/store/" name, Fixture, NULL, fixture_setup, fn, fixture_teardown)

  g_test_add_func ("/store/open/create", test_open_create);
  g_test_add_func ("/store/open/default-path", test_open_default_path);
  ADD ("open/fixes-mode", test_open_fixes_mode);
  ADD ("open/pragmas", test_open_pragmas);
  ADD ("schema/dedup", test_schema_dedup);
  ADD ("run/round-trip", test_run_round_trip);
  ADD ("run/unknown-schema", test_run_unknown_schema);
  ADD ("run/list-order", test_run_list_order);
  ADD ("run/status", test_run_status);
  g_test_add_func ("/store/run/status-strings", test_run_status_strings);
  ADD ("response/counts", test_response_counts);
  ADD ("response/surplus", test_response_surplus);
  ADD ("response/requests", test_response_requests);
  ADD ("response/unknown-run", test_response_unknown_run);
  ADD ("error/not-found", test_error_not_found);
  g_test_add_func ("/store/error/not-a-database", test_error_not_a_database);
  g_test_add_func ("/store/error/other-database", test_error_other_database);
  g_test_add_func ("/store/error/unwritable", test_error_unwritable);
  ADD ("error/version", test_error_version);
  ADD ("crash/sigkill", test_crash);
  ADD ("crash/two-writers", test_two_writers);
  ADD ("crash/two-connections", test_two_connections);
  ADD ("perf/add-response", test_throughput);

#undef ADD

  status = g_test_run ();
  remove_tree (data_home);
  return status;
}
