/* fx-store-runs.c: the records of the store: schemas, runs, requests and rows
 *
 * The file itself, its statements and its locking are fx-store.c's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "fx-store-private.h"

#define FX_STORE_SURPLUS_REASON "surplus: the run already has its rows"

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}

/* Commits of run records wait for the disk (see the top of this file). */
static void
durable_begin (FxStore *store)
{
  if (store->wal && !fx_store_run_stmt (store, STMT_SYNC_FULL, "wait for the disk", NULL))
    g_debug ("%s: synchronous=FULL failed", store->path);
}

static void
durable_end (FxStore *store)
{
  if (store->wal && !fx_store_run_stmt (store, STMT_SYNC_NORMAL, "stop waiting for the disk", NULL))
    g_debug ("%s: synchronous=NORMAL failed", store->path);
}

/* Statement @id stepped to its row for @key (its first parameter), to be read; NULL
 * with an error when there is no such @what or the store cannot be read (@doing).
 * The caller holds the lock. */
static FxScopedStmt *
find_row (FxStore     *store,
          StmtId       id,
          gint64       key,
          const char  *what,
          const char  *doing,
          GError     **error)
{
  FxScopedStmt *stmt = fx_store_get_stmt (store, id, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return stmt;
  if (rc == SQLITE_DONE)
    fx_store_set_not_found (store, error, what, key);
  else
    fx_store_set_sql_error (store, error, doing);
  fx_scoped_stmt_reset (stmt);
  return NULL;
}

static gboolean
run_exists (FxStore  *store,
            gint64    run_id,
            GError  **error)
{
  g_autoptr(FxScopedStmt) stmt = find_row (store, STMT_RUN_EXISTS, run_id, "run", "read the run", error);

  return stmt != NULL;
}

static FxRunRecord *
read_run (sqlite3_stmt *stmt)
{
  FxRunRecord *run = g_new0 (FxRunRecord, 1);
  const char *status = (const char *) sqlite3_column_text (stmt, 11);

  run->id = sqlite3_column_int64 (stmt, 0);
  run->schema_id = sqlite3_column_int64 (stmt, 1);
  run->provider = fx_store_column_dup (stmt, 2);
  run->model = fx_store_column_dup (stmt, 3);
  run->base_url = fx_store_column_dup (stmt, 4);
  run->strategy = fx_store_column_dup (stmt, 5);
  run->parameters = fx_store_column_dup (stmt, 6);
  run->prompt_template_hash = fx_store_column_dup (stmt, 7);
  run->reference_path = fx_store_column_dup (stmt, 8);
  run->reference_sha256 = fx_store_column_dup (stmt, 9);
  run->real_data_sent = fx_store_column_dup (stmt, 10);
  if (!fx_run_status_from_string (status, &run->status))
    run->status = FX_RUN_FAILED;  /* the table's CHECK makes this impossible */
  run->status_reason = fx_store_column_dup (stmt, 12);
  run->rows_requested = sqlite3_column_int64 (stmt, 13);
  run->rows_accepted = sqlite3_column_int64 (stmt, 14);
  run->rows_rejected = sqlite3_column_int64 (stmt, 15);
  run->requests = sqlite3_column_int64 (stmt, 16);
  run->prompt_tokens = sqlite3_column_int64 (stmt, 17);
  run->completion_tokens = sqlite3_column_int64 (stmt, 18);
  run->created = fx_store_column_dup (stmt, 19);
  run->finished = fx_store_column_dup (stmt, 20);
  return run;
}

static gpointer
read_request (sqlite3_stmt *stmt)
{
  FxRequestRecord *request = g_new0 (FxRequestRecord, 1);

  request->run_id = sqlite3_column_int64 (stmt, 0);
  request->attempt = sqlite3_column_int64 (stmt, 1);
  request->batch_rows = sqlite3_column_int64 (stmt, 2);
  request->prompt = fx_store_column_dup (stmt, 3);
  request->request_body = fx_store_column_dup (stmt, 4);
  request->response_body = fx_store_column_dup (stmt, 5);
  request->http_status = sqlite3_column_int64 (stmt, 6);
  request->outcome = fx_store_column_dup (stmt, 7);
  request->error = fx_store_column_dup (stmt, 8);
  request->prompt_tokens = sqlite3_column_int64 (stmt, 9);
  request->completion_tokens = sqlite3_column_int64 (stmt, 10);
  request->reasoning_tokens = sqlite3_column_int64 (stmt, 11);
  request->latency_ms = sqlite3_column_int64 (stmt, 12);
  request->model = fx_store_column_dup (stmt, 13);
  request->started = fx_store_column_dup (stmt, 14);
  request->finished = fx_store_column_dup (stmt, 15);
  return request;
}

static gboolean
insert_request (FxStore                *store,
                const FxRequestRecord  *request,
                gint64                 *request_id,
                GError                **error)
{
  g_autoptr(FxScopedStmt) stmt = fx_store_get_stmt (store, STMT_REQUEST_INSERT, error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add (now, -MAX (request->latency_ms, 0) *
                                                    G_TIME_SPAN_MILLISECOND);
  g_autofree char *started = g_date_time_format_iso8601 (then != NULL ? then : now);
  g_autofree char *finished = g_date_time_format_iso8601 (now);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, request->run_id);
  sqlite3_bind_int64 (stmt, 2, request->attempt);
  sqlite3_bind_int64 (stmt, 3, request->batch_rows);
  sqlite3_bind_text (stmt, 4, request->prompt, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, request->request_body, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, request->response_body, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, request->http_status);
  sqlite3_bind_text (stmt, 8, request->outcome, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, request->error, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 10, request->prompt_tokens);
  sqlite3_bind_int64 (stmt, 11, request->completion_tokens);
  sqlite3_bind_int64 (stmt, 12, request->reasoning_tokens);
  sqlite3_bind_int64 (stmt, 13, request->latency_ms);
  sqlite3_bind_text (stmt, 14, request->model, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 15, started, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 16, finished, -1, SQLITE_STATIC);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      fx_store_set_sql_error (store, error, "store the request");
      return FALSE;
    }
  *request_id = sqlite3_last_insert_rowid (store->db);
  return TRUE;
}

static const char * const status_names[] = {
  [FX_RUN_RUNNING] = "running",
  [FX_RUN_COMPLETED] = "completed",
  [FX_RUN_FAILED] = "failed",
  [FX_RUN_CANCELLED] = "cancelled",
};

const char *
fx_run_status_to_string (FxRunStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), NULL);

  return status_names[status];
}

gboolean
fx_run_status_from_string (const char  *str,
                           FxRunStatus *status)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (status_names); i++)
    if (strcmp (str, status_names[i]) == 0)
      {
        if (status != NULL)
          *status = (FxRunStatus) i;
        return TRUE;
      }
  return FALSE;
}

gint64
fx_store_add_schema (FxStore     *store,
                     const char  *name,
                     const char  *json,
                     GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *created = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);
  g_return_val_if_fail (json != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  locker = g_mutex_locker_new (&store->lock);
  sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, json, -1);
  created = now_iso8601 ();

  {
    g_autoptr(FxScopedStmt) insert = fx_store_get_stmt (store, STMT_SCHEMA_INSERT, error);

    if (insert == NULL)
      return -1;
    sqlite3_bind_text (insert, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text (insert, 2, json, -1, SQLITE_STATIC);
    sqlite3_bind_text (insert, 3, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text (insert, 4, created, -1, SQLITE_STATIC);
    if (sqlite3_step (insert) != SQLITE_DONE)
      {
        fx_store_set_sql_error (store, error, "store the schema");
        return -1;
      }
  }

  {
    g_autoptr(FxScopedStmt) find = fx_store_get_stmt (store, STMT_SCHEMA_FIND, error);

    if (find == NULL)
      return -1;
    sqlite3_bind_text (find, 1, sha256, -1, SQLITE_STATIC);
    rc = sqlite3_step (find);
    if (rc != SQLITE_ROW)
      {
        fx_store_set_sql_error (store, error, "read the schema back");
        return -1;
      }
    return sqlite3_column_int64 (find, 0);
  }
}

char *
fx_store_get_schema_json (FxStore  *store,
                          gint64    schema_id,
                          GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(FxScopedStmt) stmt = NULL;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&store->lock);
  stmt = find_row (store, STMT_SCHEMA_GET, schema_id, "schema", "read the schema", error);
  return stmt != NULL ? fx_store_column_dup (stmt, 0) : NULL;
}

gint64
fx_store_create_run (FxStore            *store,
                     const FxRunRecord  *run,
                     GError            **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *created = NULL;
  gint64 run_id = -1;
  int rc;

  g_return_val_if_fail (store != NULL, -1);
  g_return_val_if_fail (run != NULL, -1);
  g_return_val_if_fail (run->provider != NULL, -1);
  g_return_val_if_fail (run->model != NULL, -1);
  g_return_val_if_fail (run->strategy != NULL, -1);
  g_return_val_if_fail (run->rows_requested >= 0, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  locker = g_mutex_locker_new (&store->lock);
  created = now_iso8601 ();

  durable_begin (store);
  {
    g_autoptr(FxScopedStmt) stmt = fx_store_get_stmt (store, STMT_RUN_INSERT, error);

    if (stmt != NULL)
      {
        sqlite3_bind_int64 (stmt, 1, run->schema_id);
        sqlite3_bind_text (stmt, 2, run->provider, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, run->model, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 4, run->base_url, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 5, run->strategy, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 6, run->parameters != NULL ? run->parameters : "{}",
                           -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 7, run->prompt_template_hash, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 8, run->reference_path, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 9, run->reference_sha256, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 10,
                           run->real_data_sent != NULL ? run->real_data_sent : "[]",
                           -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 11, run->rows_requested);
        sqlite3_bind_text (stmt, 12, created, -1, SQLITE_STATIC);

        rc = sqlite3_step (stmt);
        if (rc == SQLITE_DONE)
          run_id = sqlite3_last_insert_rowid (store->db);
        else if (sqlite3_extended_errcode (store->db) == SQLITE_CONSTRAINT_FOREIGNKEY)
          fx_store_set_not_found (store, error, "schema", run->schema_id);
        else
          fx_store_set_sql_error (store, error, "store the run");
      }
  }
  durable_end (store);

  return run_id;
}

FxRunRecord *
fx_store_get_run (FxStore  *store,
                  gint64    run_id,
                  GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(FxScopedStmt) stmt = NULL;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&store->lock);
  stmt = find_row (store, STMT_RUN_GET, run_id, "run", "read the run", error);
  return stmt != NULL ? read_run (stmt) : NULL;
}

GPtrArray *
fx_store_list_runs (FxStore  *store,
                    GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(FxScopedStmt) stmt = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&store->lock);
  stmt = fx_store_get_stmt (store, STMT_RUN_LIST, error);
  if (stmt == NULL)
    return NULL;

  runs = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_run_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (runs, read_run (stmt));
  if (rc != SQLITE_DONE)
    {
      fx_store_set_sql_error (store, error, "list the runs");
      return NULL;
    }
  return g_steal_pointer (&runs);
}

gboolean
fx_store_set_run_status (FxStore      *store,
                         gint64        run_id,
                         FxRunStatus   status,
                         const char   *reason,
                         GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *finished = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&store->lock);
  /* a resumed run is not finished */
  if (status != FX_RUN_RUNNING)
    finished = now_iso8601 ();

  durable_begin (store);
  {
    g_autoptr(FxScopedStmt) stmt = fx_store_get_stmt (store, STMT_RUN_SET_STATUS, error);

    if (stmt != NULL)
      {
        sqlite3_bind_int64 (stmt, 1, run_id);
        sqlite3_bind_text (stmt, 2, status_names[status], -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, reason, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 4, finished, -1, SQLITE_STATIC);
        if (sqlite3_step (stmt) != SQLITE_DONE)
          fx_store_set_sql_error (store, error, "change the run's status");
        else if (sqlite3_changes (store->db) == 0)
          fx_store_set_not_found (store, error, "run", run_id);
        else
          ok = TRUE;
      }
  }
  durable_end (store);

  return ok;
}

gint64
fx_store_add_response (FxStore                *store,
                       const FxRequestRecord  *request,
                       GPtrArray              *rows,
                       guint                  *n_accepted,
                       GError                **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gint64 rows_requested, accepted, request_id = -1;
  guint n_rows = rows != NULL ? rows->len : 0;
  guint n_new = 0;

  g_return_val_if_fail (store != NULL, -1);
  g_return_val_if_fail (request != NULL, -1);
  g_return_val_if_fail (request->outcome != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);
  for (guint i = 0; i < n_rows; i++)
    {
      const FxRowRecord *row = g_ptr_array_index (rows, i);

      g_return_val_if_fail (row != NULL, -1);
      g_return_val_if_fail (!row->valid || row->values_json != NULL, -1);
    }

  if (n_accepted != NULL)
    *n_accepted = 0;

  locker = g_mutex_locker_new (&store->lock);

  /* IMMEDIATE: the write lock is taken before counting, so two processes writing to
   * one run cannot both see room for the same rows */
  if (!fx_store_run_stmt (store, STMT_BEGIN, "start a transaction", error))
    return -1;

  {
    g_autoptr(FxScopedStmt) quota = fx_store_get_stmt (store, STMT_RUN_QUOTA, error);
    int rc;

    if (quota == NULL)
      goto fail;
    sqlite3_bind_int64 (quota, 1, request->run_id);
    rc = sqlite3_step (quota);
    if (rc == SQLITE_DONE)
      {
        fx_store_set_not_found (store, error, "run", request->run_id);
        goto fail;
      }
    if (rc != SQLITE_ROW)
      {
        fx_store_set_sql_error (store, error, "count the run's rows");
        goto fail;
      }
    rows_requested = sqlite3_column_int64 (quota, 0);
    accepted = sqlite3_column_int64 (quota, 1);
  }

  if (!insert_request (store, request, &request_id, error))
    goto fail;

  {
    g_autoptr(FxScopedStmt) insert = fx_store_get_stmt (store, STMT_ROW_INSERT, error);

    if (insert == NULL)
      goto fail;

    for (guint i = 0; i < n_rows; i++)
      {
        const FxRowRecord *row = g_ptr_array_index (rows, i);
        gboolean take = row->valid && accepted < rows_requested;
        const char *reason;

        if (take)
          reason = NULL;
        else if (row->valid)
          reason = FX_STORE_SURPLUS_REASON;
        else
          reason = row->reason;

        sqlite3_bind_int64 (insert, 1, request->run_id);
        sqlite3_bind_int64 (insert, 2, request_id);
        sqlite3_bind_int (insert, 3, take ? 1 : 0);
        sqlite3_bind_int (insert, 4, row->valid ? 1 : 0);
        sqlite3_bind_text (insert, 5, reason, -1, SQLITE_STATIC);
        sqlite3_bind_text (insert, 6, row->values_json, -1, SQLITE_STATIC);
        sqlite3_bind_text (insert, 7, request->model, -1, SQLITE_STATIC);

        if (sqlite3_step (insert) != SQLITE_DONE)
          {
            fx_store_set_sql_error (store, error, "store the rows");
            goto fail;
          }
        sqlite3_reset (insert);

        if (take)
          {
            accepted++;
            n_new++;
          }
      }
  }

  if (n_new > 0)
    {
      g_autoptr(FxScopedStmt) update = fx_store_get_stmt (store, STMT_RUN_ADD_ACCEPTED, error);

      if (update == NULL)
        goto fail;
      sqlite3_bind_int64 (update, 1, request->run_id);
      sqlite3_bind_int64 (update, 2, n_new);
      if (sqlite3_step (update) != SQLITE_DONE)
        {
          fx_store_set_sql_error (store, error, "count the run's rows");
          goto fail;
        }
    }

  if (!fx_store_commit (store, "store the response", error))
    return -1;

  if (n_accepted != NULL)
    *n_accepted = n_new;
  return request_id;

fail:
  fx_store_rollback (store);
  return -1;
}

gint64
fx_store_count_accepted (FxStore  *store,
                         gint64    run_id,
                         GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(FxScopedStmt) stmt = NULL;

  g_return_val_if_fail (store != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  locker = g_mutex_locker_new (&store->lock);
  stmt = find_row (store, STMT_RUN_QUOTA, run_id, "run", "count the run's rows", error);
  return stmt != NULL ? sqlite3_column_int64 (stmt, 1) : -1;
}

/* Reads one item of a row of @stmt. */
typedef gpointer (*ReadFunc) (sqlite3_stmt *stmt);

/* The items of run @run_id that statement @id lists, each read by @read; NULL with
 * an error when the run does not exist or the store cannot be read. */
static GPtrArray *
list_of_run (FxStore        *store,
             gint64          run_id,
             StmtId          id,
             ReadFunc        read,
             GDestroyNotify  free_func,
             const char     *what,
             GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(FxScopedStmt) stmt = NULL;
  g_autoptr(GPtrArray) items = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&store->lock);
  if (!run_exists (store, run_id, error))
    return NULL;
  stmt = fx_store_get_stmt (store, id, error);
  if (stmt == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func (free_func);
  sqlite3_bind_int64 (stmt, 1, run_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, read (stmt));
  if (rc != SQLITE_DONE)
    {
      fx_store_set_sql_error (store, error, what);
      return NULL;
    }
  return g_steal_pointer (&items);
}

static gpointer
read_values (sqlite3_stmt *stmt)
{
  return fx_store_column_dup (stmt, 0);
}

static gpointer
read_rejected (sqlite3_stmt *stmt)
{
  FxRowRecord *row = g_new0 (FxRowRecord, 1);

  row->values_json = fx_store_column_dup (stmt, 0);
  row->valid = sqlite3_column_int (stmt, 1) != 0;
  row->reason = fx_store_column_dup (stmt, 2);
  return row;
}

GPtrArray *
fx_store_get_accepted_rows (FxStore  *store,
                            gint64    run_id,
                            GError  **error)
{
  return list_of_run (store, run_id, STMT_ACCEPTED_ROWS, read_values, g_free, "read the run's rows", error);
}

GPtrArray *
fx_store_get_requests (FxStore  *store,
                       gint64    run_id,
                       GError  **error)
{
  return list_of_run (store, run_id, STMT_REQUESTS, read_request,
                      (GDestroyNotify) fx_request_record_free, "read the run's requests", error);
}

GPtrArray *
fx_store_get_rejected_rows (FxStore  *store,
                            gint64    run_id,
                            GError  **error)
{
  return list_of_run (store, run_id, STMT_REJECTED_ROWS, read_rejected,
                      (GDestroyNotify) fx_row_record_free, "read the run's rejected rows", error);
}

FxProvenance *
fx_run_record_to_provenance (const FxRunRecord *run)
{
  FxProvenance *p;

  g_return_val_if_fail (run != NULL, NULL);

  p = g_new0 (FxProvenance, 1);
  p->id = run->id;
  p->provider = g_strdup (run->provider);
  p->model = g_strdup (run->model);
  p->base_url = g_strdup (run->base_url);
  p->strategy = g_strdup (run->strategy);
  p->parameters = g_strdup (run->parameters);
  p->prompt_template_hash = g_strdup (run->prompt_template_hash);
  p->reference_path = g_strdup (run->reference_path);
  p->reference_sha256 = g_strdup (run->reference_sha256);
  p->real_data_sent = g_strdup (run->real_data_sent);
  p->status = g_strdup (fx_run_status_to_string (run->status));
  p->status_reason = g_strdup (run->status_reason);
  p->rows_requested = run->rows_requested;
  p->rows_accepted = run->rows_accepted;
  p->rows_rejected = run->rows_rejected;
  p->requests = run->requests;
  p->prompt_tokens = run->prompt_tokens;
  p->completion_tokens = run->completion_tokens;
  p->created = g_strdup (run->created);
  p->finished = g_strdup (run->finished);
  return p;
}

void
fx_run_record_free (FxRunRecord *run)
{
  if (run == NULL)
    return;

  g_free (run->provider);
  g_free (run->model);
  g_free (run->base_url);
  g_free (run->strategy);
  g_free (run->parameters);
  g_free (run->prompt_template_hash);
  g_free (run->reference_path);
  g_free (run->reference_sha256);
  g_free (run->real_data_sent);
  g_free (run->status_reason);
  g_free (run->created);
  g_free (run->finished);
  g_free (run);
}

void
fx_request_record_free (FxRequestRecord *request)
{
  if (request == NULL)
    return;

  g_free (request->prompt);
  g_free (request->request_body);
  g_free (request->response_body);
  g_free (request->outcome);
  g_free (request->error);
  g_free (request->model);
  g_free (request->started);
  g_free (request->finished);
  g_free (request);
}

void
fx_row_record_free (FxRowRecord *row)
{
  if (row == NULL)
    return;

  g_free (row->values_json);
  g_free (row->reason);
  g_free (row);
}
