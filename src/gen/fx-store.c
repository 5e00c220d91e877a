/* fx-store.c: the project store, one SQLite file
 *
 * One connection per FxStore, opened with SQLITE_OPEN_FULLMUTEX; every public function
 * also holds the store's own mutex, because the cached statements and the transactions
 * of fx_store_add_response () must not interleave.  The run engine calls the store from
 * the main loop, so the lock is never contended in practice.
 *
 * Durability: the journal is WAL with synchronous=NORMAL.  A killed process loses
 * nothing that was committed; a power failure can lose the last few committed
 * responses (never corrupts the file), which a resumed run simply asks for again.
 * synchronous=FULL would fsync the WAL at every response: 20-30 % slower on the build
 * machine, whose fsync takes 0.1 ms, and on a laptop disk (1-10 ms an fsync, 20-200 us
 * a row for responses of 50 rows) more than the whole parse + validate + store budget
 * of 20 us a row.  The run records themselves
 * (fx_store_create_run (), fx_store_set_run_status ()) are committed with
 * synchronous=FULL: they hold the account of which real data left the machine, and
 * they are written a few times per run.
 *
 * Every value reaches SQLite through bound parameters; the only SQL built at run time
 * holds integers of this file (the schema version).
 *
 * This file opens the store (permissions, ownership, migrations, one connection per
 * file) and holds its statements; fx-store-runs.c reads and writes the records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fx-store-private.h"

/* "FxSt": marks the file as a Facsimile store (PRAGMA application_id) */
#define FX_STORE_APPLICATION_ID 0x46785374
#define FX_STORE_BUSY_TIMEOUT_MS 5000

G_DEFINE_QUARK (fx-store-error-quark, fx_store_error)

/* migrations[v] takes a store from user_version v to v + 1 */
static const char * const migrations[] = {
  /* 0 -> 1 */
  "CREATE TABLE schemas ("
  "  id         INTEGER PRIMARY KEY,"
  "  name       TEXT NOT NULL,"
  "  json       TEXT NOT NULL,"
  "  sha256     TEXT NOT NULL UNIQUE,"
  "  created    TEXT NOT NULL"
  ");"
  "CREATE TABLE runs ("
  "  id                   INTEGER PRIMARY KEY,"
  "  schema_id            INTEGER NOT NULL REFERENCES schemas (id),"
  "  provider             TEXT NOT NULL,"
  "  model                TEXT NOT NULL,"
  "  base_url             TEXT,"
  "  strategy             TEXT NOT NULL,"
  "  parameters           TEXT NOT NULL,"
  "  prompt_template_hash TEXT,"
  "  reference_path       TEXT,"
  "  reference_sha256     TEXT,"
  "  real_data_sent       TEXT NOT NULL,"
  "  status               TEXT NOT NULL"
  "    CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),"
  "  status_reason        TEXT,"
  "  rows_requested       INTEGER NOT NULL CHECK (rows_requested >= 0),"
  /* kept by fx_store_add_response () in the transaction that adds the rows, so that
   * the surplus rule does not count every accepted row of the run for each response;
   * the getters count the rows themselves */
  "  rows_accepted        INTEGER NOT NULL DEFAULT 0"
  "    CHECK (rows_accepted BETWEEN 0 AND rows_requested),"
  "  created              TEXT NOT NULL,"
  "  finished             TEXT"
  ");"
  "CREATE TABLE requests ("
  "  id                INTEGER PRIMARY KEY,"
  "  run_id            INTEGER NOT NULL REFERENCES runs (id),"
  "  attempt           INTEGER NOT NULL,"
  "  batch_rows        INTEGER NOT NULL,"
  "  prompt            TEXT,"
  "  request_body      TEXT,"
  "  response_body     TEXT,"
  "  http_status       INTEGER NOT NULL,"
  "  outcome           TEXT NOT NULL,"
  "  error             TEXT,"
  "  prompt_tokens     INTEGER NOT NULL,"
  "  completion_tokens INTEGER NOT NULL,"
  "  reasoning_tokens  INTEGER NOT NULL,"
  "  latency_ms        INTEGER NOT NULL,"
  "  model             TEXT,"
  "  started           TEXT NOT NULL,"
  "  finished          TEXT NOT NULL"
  ");"
  "CREATE INDEX requests_run ON requests (run_id);"
  /* valid: the row passed client-side validation; a surplus row is valid, not accepted */
  "CREATE TABLE rows ("
  "  id          INTEGER PRIMARY KEY,"
  "  run_id      INTEGER NOT NULL REFERENCES runs (id),"
  "  request_id  INTEGER NOT NULL REFERENCES requests (id),"
  "  accepted    INTEGER NOT NULL CHECK (accepted IN (0, 1)),"
  "  valid       INTEGER NOT NULL CHECK (valid IN (0, 1)),"
  "  reason      TEXT,"
  "  values_json TEXT,"
  "  model       TEXT,"
  "  CHECK (accepted = 0 OR valid = 1)"
  ");"
  "CREATE INDEX rows_run_accepted ON rows (run_id, accepted);",
};

#define FX_STORE_VERSION ((gint64) G_N_ELEMENTS (migrations))


#define RUN_COLUMNS \
  "SELECT r.id, r.schema_id, r.provider, r.model, r.base_url, r.strategy," \
  " r.parameters, r.prompt_template_hash, r.reference_path, r.reference_sha256," \
  " r.real_data_sent, r.status, r.status_reason, r.rows_requested," \
  " (SELECT count(*) FROM rows WHERE run_id = r.id AND accepted = 1)," \
  " (SELECT count(*) FROM rows WHERE run_id = r.id AND accepted = 0)," \
  " (SELECT count(*) FROM requests WHERE run_id = r.id)," \
  " (SELECT coalesce (sum (prompt_tokens), 0) FROM requests WHERE run_id = r.id)," \
  " (SELECT coalesce (sum (completion_tokens), 0) FROM requests WHERE run_id = r.id)," \
  " r.created, r.finished" \
  " FROM runs AS r"

static const char * const stmt_sql[N_STMTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
  [STMT_SYNC_FULL] = "PRAGMA synchronous = FULL",
  [STMT_SYNC_NORMAL] = "PRAGMA synchronous = NORMAL",
  [STMT_SCHEMA_INSERT] =
    "INSERT INTO schemas (name, json, sha256, created) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (sha256) DO NOTHING",
  [STMT_SCHEMA_FIND] = "SELECT id FROM schemas WHERE sha256 = ?1",
  [STMT_SCHEMA_GET] = "SELECT json FROM schemas WHERE id = ?1",
  [STMT_RUN_INSERT] =
    "INSERT INTO runs (schema_id, provider, model, base_url, strategy, parameters,"
    " prompt_template_hash, reference_path, reference_sha256, real_data_sent, status,"
    " status_reason, rows_requested, created, finished)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'running', NULL, ?11, ?12, NULL)",
  [STMT_RUN_GET] = RUN_COLUMNS " WHERE r.id = ?1",
  [STMT_RUN_LIST] = RUN_COLUMNS " ORDER BY r.id DESC",
  [STMT_RUN_EXISTS] = "SELECT 1 FROM runs WHERE id = ?1",
  [STMT_RUN_SET_STATUS] =
    "UPDATE runs SET status = ?2, status_reason = ?3, finished = ?4 WHERE id = ?1",
  [STMT_RUN_QUOTA] = "SELECT rows_requested, rows_accepted FROM runs WHERE id = ?1",
  [STMT_RUN_ADD_ACCEPTED] =
    "UPDATE runs SET rows_accepted = rows_accepted + ?2 WHERE id = ?1",
  [STMT_REQUEST_INSERT] =
    "INSERT INTO requests (run_id, attempt, batch_rows, prompt, request_body,"
    " response_body, http_status, outcome, error, prompt_tokens, completion_tokens,"
    " reasoning_tokens, latency_ms, model, started, finished)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
  [STMT_ROW_INSERT] =
    "INSERT INTO rows (run_id, request_id, accepted, valid, reason, values_json, model)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
  [STMT_ACCEPTED_ROWS] =
    "SELECT values_json FROM rows WHERE run_id = ?1 AND accepted = 1 ORDER BY id",
  [STMT_REJECTED_ROWS] =
    "SELECT values_json, valid, reason FROM rows WHERE run_id = ?1 AND accepted = 0"
    " ORDER BY id",
  [STMT_REQUESTS] =
    "SELECT run_id, attempt, batch_rows, prompt, request_body, response_body,"
    " http_status, outcome, error, prompt_tokens, completion_tokens, reasoning_tokens,"
    " latency_ms, model, started, finished"
    " FROM requests WHERE run_id = ?1 ORDER BY id",
};

static const char *
sqlite_hint (int code)
{
  switch (code & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return " (another program is writing to the store; close it and try again)";
    case SQLITE_FULL:
      return " (the disk is full; free some space and try again)";
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      return " (check that you may write to the file and its folder)";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return " (the file is damaged; restore it from a backup)";
    case SQLITE_IOERR:
      return " (the disk reported an error)";
    default:
      return "";
    }
}

void
fx_store_set_sql_error (FxStore     *store,
                        GError     **error,
                        const char  *what)
{
  int code = sqlite3_extended_errcode (store->db);

  g_set_error (error, FX_STORE_ERROR, FX_STORE_ERROR_SQL,
               "Store %s: cannot %s: %s%s", store->path, what,
               sqlite3_errmsg (store->db), sqlite_hint (code));
}

void
fx_store_set_not_found (FxStore     *store,
                        GError     **error,
                        const char  *what,
                        gint64       id)
{
  g_set_error (error, FX_STORE_ERROR, FX_STORE_ERROR_NOT_FOUND,
               "Store %s has no %s with id %" G_GINT64_FORMAT,
               store->path, what, id);
}

FxScopedStmt *
fx_store_get_stmt (FxStore  *store,
                   StmtId    id,
                   GError  **error)
{
  if (store->stmts[id] == NULL &&
      sqlite3_prepare_v3 (store->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                          &store->stmts[id], NULL) != SQLITE_OK)
    {
      fx_store_set_sql_error (store, error, "prepare a query");
      return NULL;
    }
  return store->stmts[id];
}

/* Runs a statement that returns no rows. */
gboolean
fx_store_run_stmt (FxStore     *store,
                   StmtId       id,
                   const char  *what,
                   GError     **error)
{
  g_autoptr(FxScopedStmt) stmt = fx_store_get_stmt (store, id, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      fx_store_set_sql_error (store, error, what);
      return FALSE;
    }
  return TRUE;
}

void
fx_store_rollback (FxStore *store)
{
  /* some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM...) end the transaction */
  if (!sqlite3_get_autocommit (store->db) &&
      !fx_store_run_stmt (store, STMT_ROLLBACK, "roll back", NULL))
    g_debug ("%s: ROLLBACK failed: %s", store->path, sqlite3_errmsg (store->db));
}

gboolean
fx_store_commit (FxStore     *store,
                 const char  *what,
                 GError     **error)
{
  if (fx_store_run_stmt (store, STMT_COMMIT, what, error))
    return TRUE;
  fx_store_rollback (store);
  return FALSE;
}

char *
fx_store_column_dup (sqlite3_stmt *stmt,
                     int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static gboolean
exec_sql (FxStore     *store,
          const char  *sql,
          const char  *what,
          GError     **error)
{
  if (sqlite3_exec (store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      fx_store_set_sql_error (store, error, what);
      return FALSE;
    }
  return TRUE;
}

static void
set_open_error (FxStore     *store,
                GError     **error,
                const char  *what)
{
  int code = sqlite3_extended_errcode (store->db);

  if ((code & 0xff) == SQLITE_NOTADB)
    g_set_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN,
                 "%s is not a Facsimile store: it is not an SQLite database. "
                 "Choose another file, or move this one away to start a new store.",
                 store->path);
  else
    g_set_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN,
                 "Cannot open the store %s: %s: %s%s", store->path, what,
                 sqlite3_errmsg (store->db), sqlite_hint (code));
}

/* Reads a one-row, one-column integer (a PRAGMA); errors are open errors. */
static gboolean
query_int (FxStore     *store,
           const char  *sql,
           gint64      *value,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_open_error (store, error, "cannot read it");
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_open_error (store, error, "cannot read it");
      sqlite3_finalize (stmt);
      return FALSE;
    }
  *value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
check_version (FxStore  *store,
               gint64    version,
               GError  **error)
{
  if (version > FX_STORE_VERSION)
    {
      g_set_error (error, FX_STORE_ERROR, FX_STORE_ERROR_VERSION,
                   "The store %s was written by a newer version of Facsimile "
                   "(store version %" G_GINT64_FORMAT ", this version reads up to %"
                   G_GINT64_FORMAT "). Update Facsimile to open it.",
                   store->path, version, FX_STORE_VERSION);
      return FALSE;
    }
  if (version < 0)
    {
      g_set_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN,
                   "%s is not a Facsimile store (its version is negative)", store->path);
      return FALSE;
    }
  return TRUE;
}

/* Refuses SQLite files of other programs before writing anything to them. */
static gboolean
check_owner (FxStore  *store,
             gint64   *version,
             GError  **error)
{
  gint64 application_id, n_objects;

  if (!query_int (store, "PRAGMA application_id", &application_id, error) ||
      !query_int (store, "PRAGMA user_version", version, error) ||
      !query_int (store, "SELECT count(*) FROM sqlite_master", &n_objects, error))
    return FALSE;

  if (application_id != 0 && application_id != FX_STORE_APPLICATION_ID)
    {
      g_set_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN,
                   "%s is not a Facsimile store: it is another program's database. "
                   "Choose another file.", store->path);
      return FALSE;
    }
  if (application_id == 0 && n_objects > 0)
    {
      g_set_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN,
                   "%s is not a Facsimile store: it is an SQLite database with other "
                   "tables. Choose another file.", store->path);
      return FALSE;
    }
  return check_version (store, *version, error);
}

static gboolean
migrate (FxStore  *store,
         GError  **error)
{
  g_autofree char *set_version = NULL;
  gint64 version;

  if (!fx_store_run_stmt (store, STMT_BEGIN, "start a transaction", error))
    return FALSE;

  /* read again under the write lock: another process may have migrated meanwhile */
  if (!query_int (store, "PRAGMA user_version", &version, error) ||
      !check_version (store, version, error))
    goto fail;
  if (version == FX_STORE_VERSION)
    {
      fx_store_rollback (store);
      return TRUE;
    }

  for (; version < FX_STORE_VERSION; version++)
    {
      g_debug ("%s: migrating from version %" G_GINT64_FORMAT, store->path, version);
      if (!exec_sql (store, migrations[version], "update the store's tables", error))
        goto fail;
    }

  /* integers of this file, not values */
  set_version = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %"
                                 G_GINT64_FORMAT, FX_STORE_APPLICATION_ID,
                                 FX_STORE_VERSION);
  if (!exec_sql (store, set_version, "update the store's version", error))
    goto fail;

  return fx_store_commit (store, "update the store's tables", error);

fail:
  fx_store_rollback (store);
  return FALSE;
}

static gboolean
configure (FxStore  *store,
           GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  const char *sync = "PRAGMA synchronous = NORMAL";
  g_autofree char *mode = NULL;
  gint64 version;

  sqlite3_extended_result_codes (store->db, 1);
  sqlite3_busy_timeout (store->db, FX_STORE_BUSY_TIMEOUT_MS);

  if (!check_owner (store, &version, error))
    return FALSE;

  if (sqlite3_prepare_v2 (store->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_open_error (store, error, "cannot turn on write-ahead logging");
      sqlite3_finalize (stmt);
      return FALSE;
    }
  mode = fx_store_column_dup (stmt, 0);
  sqlite3_finalize (stmt);
  if (g_ascii_strcasecmp (mode, "wal") != 0)
    {
      /* e.g. a file system without shared memory: a rollback journal is only safe
       * against power failures with synchronous=FULL */
      g_debug ("%s: journal mode is %s, not WAL", store->path, mode);
      sync = "PRAGMA synchronous = FULL";
    }
  else
    store->wal = TRUE;

  if (sqlite3_exec (store->db, sync, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (store->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_open_error (store, error, "cannot configure it");
      return FALSE;
    }

  return version == FX_STORE_VERSION || migrate (store, error);
}

static gboolean
make_private (const char  *path,
              GError     **error)
{
  struct stat st;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode) || (st.st_mode & 0077) == 0)
    return TRUE;
  if (g_chmod (path, st.st_mode & 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN,
                   "Cannot make %s private to you (mode 0600): %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* The store files this process has open, "device:inode" -> count.  POSIX locks belong
 * to a process, and closing any descriptor of a file drops all of them: prepare_file ()
 * opening and closing a store that another connection of this process holds would take
 * away that connection's locks, and another program reading the store would then reset
 * the WAL under it, losing every later commit.  A file this process has open was
 * prepared when it was first opened, and is not touched again. */
static GMutex open_files_lock;
static GHashTable *open_files;

static char *
file_key (const char *path)
{
  struct stat st;

  if (g_stat (path, &st) != 0)
    return NULL;
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                          (guint64) st.st_dev, (guint64) st.st_ino);
}

/* Creates the folders (0700) and the file (0600) before SQLite sees it, refuses a file
 * that is not an SQLite database without touching it, and takes away the permissions
 * others have on an existing store, its WAL and its shared-memory index. */
static gboolean
prepare_file (const char  *path,
              GError     **error)
{
  static const char * const suffixes[] = { "-wal", "-shm", "-journal" };
  g_autofree char *dir = g_path_get_dirname (path);
  char header[16];
  struct stat st;
  ssize_t n = 0;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN,
                   "Cannot create the folder %s for the store: %s", dir,
                   g_strerror (saved));
      return FALSE;
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN,
                   "Cannot open the store %s: %s", path, g_strerror (saved));
      return FALSE;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN,
                   "Cannot open the store %s: it is not a regular file", path);
      close (fd);
      return FALSE;
    }

  if (st.st_size > 0)
    {
      do
        n = pread (fd, header, sizeof header, 0);
      while (n < 0 && errno == EINTR);
      if (n != sizeof header || memcmp (header, "SQLite format 3", sizeof header) != 0)
        {
          g_set_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN,
                       "%s is not a Facsimile store: it is not an SQLite database. "
                       "Choose another file, or move this one away to start a new store.",
                       path);
          close (fd);
          return FALSE;
        }
    }

  if ((st.st_mode & 0077) != 0 && fchmod (fd, st.st_mode & 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN,
                   "Cannot make %s private to you (mode 0600): %s", path,
                   g_strerror (saved));
      close (fd);
      return FALSE;
    }
  close (fd);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *side = g_strconcat (path, suffixes[i], NULL);

      if (!make_private (side, error))
        return FALSE;
    }
  return TRUE;
}

char *
fx_store_default_path (void)
{
  const char *path = g_getenv ("FACSIMILE_STORE");

  if (path != NULL && path[0] != '\0')
    return g_strdup (path);
  return g_build_filename (g_get_user_data_dir (), "facsimile", "facsimile.db", NULL);
}

FxStore *
fx_store_open (const char  *path,
               GError     **error)
{
  g_autofree char *default_path = NULL;
  g_autoptr(FxStore) store = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (path == NULL)
    path = default_path = fx_store_default_path ();

  store = g_new0 (FxStore, 1);
  store->path = g_strdup (path);
  g_mutex_init (&store->lock);

  {
    G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&open_files_lock);
    g_autofree char *key = file_key (path);
    guint count;

    if (open_files == NULL)
      open_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    if (key != NULL && g_hash_table_contains (open_files, key))
      {
        /* no descriptor of it opened here: only the modes are put right */
        static const char * const names[] = { "", "-wal", "-shm", "-journal" };

        for (guint i = 0; i < G_N_ELEMENTS (names); i++)
          {
            g_autofree char *file = g_strconcat (path, names[i], NULL);

            if (!make_private (file, error))
              return NULL;
          }
      }
    else if (!prepare_file (path, error))
      return NULL;
    if (key == NULL && (key = file_key (path)) == NULL)
      {
        g_set_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN, "Cannot open the store %s: %s",
                     path, g_strerror (errno));
        return NULL;
      }
    count = GPOINTER_TO_UINT (g_hash_table_lookup (open_files, key));
    g_hash_table_insert (open_files, g_strdup (key), GUINT_TO_POINTER (count + 1));
    store->file_key = g_steal_pointer (&key);
  }

  /* no SQLITE_OPEN_CREATE: prepare_file () made the file with its mode */
  if (sqlite3_open_v2 (path, &store->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
    {
      if (store->db == NULL)
        g_set_error (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN,
                     "Cannot open the store %s: out of memory", path);
      else
        set_open_error (store, error, "cannot open it");
      return NULL;
    }

  if (!configure (store, &local_error))
    {
      /* whatever went wrong, the store could not be opened */
      if (local_error->domain == FX_STORE_ERROR && local_error->code == FX_STORE_ERROR_SQL)
        local_error->code = FX_STORE_ERROR_OPEN;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&store);
}

void
fx_store_close (FxStore *store)
{
  if (store == NULL)
    return;

  for (guint i = 0; i < N_STMTS; i++)
    sqlite3_finalize (store->stmts[i]);
  if (sqlite3_close (store->db) != SQLITE_OK)
    g_warning ("Store %s: cannot close: %s", store->path, sqlite3_errmsg (store->db));
  g_mutex_clear (&store->lock);

  if (store->file_key != NULL)
    {
      G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&open_files_lock);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (open_files, store->file_key));

      if (count > 1)
        g_hash_table_insert (open_files, g_strdup (store->file_key), GUINT_TO_POINTER (count - 1));
      else
        g_hash_table_remove (open_files, store->file_key);
      g_free (store->file_key);
    }
  g_free (store->path);
  g_free (store);
}

const char *
fx_store_get_path (FxStore *store)
{
  g_return_val_if_fail (store != NULL, NULL);

  return store->path;
}
