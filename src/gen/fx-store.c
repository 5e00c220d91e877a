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

#include "fx-store.h"

/* "FxSt": marks the file as a Facsimile store (PRAGMA application_id) */
#define FX_STORE_APPLICATION_ID 0x46785374
#define FX_STORE_BUSY_TIMEOUT_MS 5000
#define FX_STORE_SURPLUS_REASON "surplus: the run already has its rows"

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

typedef enum
{
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_SYNC_FULL,
  STMT_SYNC_NORMAL,
  STMT_SCHEMA_INSERT,
  STMT_SCHEMA_FIND,
  STMT_SCHEMA_GET,
  STMT_RUN_INSERT,
  STMT_RUN_GET,
  STMT_RUN_LIST,
  STMT_RUN_EXISTS,
  STMT_RUN_SET_STATUS,
  STMT_RUN_QUOTA,
  STMT_RUN_ADD_ACCEPTED,
  STMT_REQUEST_INSERT,
  STMT_ROW_INSERT,
  STMT_ACCEPTED_ROWS,
  STMT_REJECTED_ROWS,
  STMT_REQUESTS,
  N_STMTS
} StmtId;

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

struct _FxStore
{
  char         *path;
  char         *file_key;   /* "device:inode" of the file, in open_files */
  sqlite3      *db;
  sqlite3_stmt *stmts[N_STMTS];
  GMutex        lock;
  gboolean      wal;
};

/* A cached statement, reset and unbound when it goes out of scope. */
typedef sqlite3_stmt FxScopedStmt;

static void
scoped_stmt_reset (FxScopedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxScopedStmt, scoped_stmt_reset)

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

/* SQLite's messages name tables, columns and constraints, never the values. */
static void
set_sql_error (FxStore     *store,
               GError     **error,
               const char  *what)
{
  int code = sqlite3_extended_errcode (store->db);

  g_set_error (error, FX_STORE_ERROR, FX_STORE_ERROR_SQL,
               "Store %s: cannot %s: %s%s", store->path, what,
               sqlite3_errmsg (store->db), sqlite_hint (code));
}

static void
set_not_found (FxStore     *store,
               GError     **error,
               const char  *what,
               gint64       id)
{
  g_set_error (error, FX_STORE_ERROR, FX_STORE_ERROR_NOT_FOUND,
               "Store %s has no %s with id %" G_GINT64_FORMAT,
               store->path, what, id);
}

static FxScopedStmt *
get_stmt (FxStore  *store,
          StmtId    id,
          GError  **error)
{
  if (store->stmts[id] == NULL &&
      sqlite3_prepare_v3 (store->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                          &store->stmts[id], NULL) != SQLITE_OK)
    {
      set_sql_error (store, error, "prepare a query");
      return NULL;
    }
  return store->stmts[id];
}

/* Runs a statement that returns no rows. */
static gboolean
run_stmt (FxStore     *store,
          StmtId       id,
          const char  *what,
          GError     **error)
{
  g_autoptr(FxScopedStmt) stmt = get_stmt (store, id, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_sql_error (store, error, what);
      return FALSE;
    }
  return TRUE;
}

static void
rollback (FxStore *store)
{
  /* some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM...) end the transaction */
  if (!sqlite3_get_autocommit (store->db) &&
      !run_stmt (store, STMT_ROLLBACK, "roll back", NULL))
    g_debug ("%s: ROLLBACK failed: %s", store->path, sqlite3_errmsg (store->db));
}

static gboolean
commit (FxStore     *store,
        const char  *what,
        GError     **error)
{
  if (run_stmt (store, STMT_COMMIT, what, error))
    return TRUE;
  rollback (store);
  return FALSE;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}

static gboolean
exec_sql (FxStore     *store,
          const char  *sql,
          const char  *what,
          GError     **error)
{
  if (sqlite3_exec (store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sql_error (store, error, what);
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

  if (!run_stmt (store, STMT_BEGIN, "start a transaction", error))
    return FALSE;

  /* read again under the write lock: another process may have migrated meanwhile */
  if (!query_int (store, "PRAGMA user_version", &version, error) ||
      !check_version (store, version, error))
    goto fail;
  if (version == FX_STORE_VERSION)
    {
      rollback (store);
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

  return commit (store, "update the store's tables", error);

fail:
  rollback (store);
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
  mode = column_dup (stmt, 0);
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

/* Commits of run records wait for the disk (see the top of this file). */
static void
durable_begin (FxStore *store)
{
  if (store->wal && !run_stmt (store, STMT_SYNC_FULL, "wait for the disk", NULL))
    g_debug ("%s: synchronous=FULL failed", store->path);
}

static void
durable_end (FxStore *store)
{
  if (store->wal && !run_stmt (store, STMT_SYNC_NORMAL, "stop waiting for the disk", NULL))
    g_debug ("%s: synchronous=NORMAL failed", store->path);
}

static gboolean
run_exists (FxStore  *store,
            gint64    run_id,
            GError  **error)
{
  g_autoptr(FxScopedStmt) stmt = get_stmt (store, STMT_RUN_EXISTS, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    set_not_found (store, error, "run", run_id);
  else
    set_sql_error (store, error, "read the run");
  return FALSE;
}

static FxRunRecord *
read_run (sqlite3_stmt *stmt)
{
  FxRunRecord *run = g_new0 (FxRunRecord, 1);
  const char *status = (const char *) sqlite3_column_text (stmt, 11);

  run->id = sqlite3_column_int64 (stmt, 0);
  run->schema_id = sqlite3_column_int64 (stmt, 1);
  run->provider = column_dup (stmt, 2);
  run->model = column_dup (stmt, 3);
  run->base_url = column_dup (stmt, 4);
  run->strategy = column_dup (stmt, 5);
  run->parameters = column_dup (stmt, 6);
  run->prompt_template_hash = column_dup (stmt, 7);
  run->reference_path = column_dup (stmt, 8);
  run->reference_sha256 = column_dup (stmt, 9);
  run->real_data_sent = column_dup (stmt, 10);
  if (!fx_run_status_from_string (status, &run->status))
    run->status = FX_RUN_FAILED;  /* the table's CHECK makes this impossible */
  run->status_reason = column_dup (stmt, 12);
  run->rows_requested = sqlite3_column_int64 (stmt, 13);
  run->rows_accepted = sqlite3_column_int64 (stmt, 14);
  run->rows_rejected = sqlite3_column_int64 (stmt, 15);
  run->requests = sqlite3_column_int64 (stmt, 16);
  run->prompt_tokens = sqlite3_column_int64 (stmt, 17);
  run->completion_tokens = sqlite3_column_int64 (stmt, 18);
  run->created = column_dup (stmt, 19);
  run->finished = column_dup (stmt, 20);
  return run;
}

static FxRequestRecord *
read_request (sqlite3_stmt *stmt)
{
  FxRequestRecord *request = g_new0 (FxRequestRecord, 1);

  request->run_id = sqlite3_column_int64 (stmt, 0);
  request->attempt = sqlite3_column_int64 (stmt, 1);
  request->batch_rows = sqlite3_column_int64 (stmt, 2);
  request->prompt = column_dup (stmt, 3);
  request->request_body = column_dup (stmt, 4);
  request->response_body = column_dup (stmt, 5);
  request->http_status = sqlite3_column_int64 (stmt, 6);
  request->outcome = column_dup (stmt, 7);
  request->error = column_dup (stmt, 8);
  request->prompt_tokens = sqlite3_column_int64 (stmt, 9);
  request->completion_tokens = sqlite3_column_int64 (stmt, 10);
  request->reasoning_tokens = sqlite3_column_int64 (stmt, 11);
  request->latency_ms = sqlite3_column_int64 (stmt, 12);
  request->model = column_dup (stmt, 13);
  request->started = column_dup (stmt, 14);
  request->finished = column_dup (stmt, 15);
  return request;
}

static gboolean
insert_request (FxStore                *store,
                const FxRequestRecord  *request,
                gint64                 *request_id,
                GError                **error)
{
  g_autoptr(FxScopedStmt) stmt = get_stmt (store, STMT_REQUEST_INSERT, error);
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
      set_sql_error (store, error, "store the request");
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
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&open_files_lock);
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
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&open_files_lock);
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
    g_autoptr(FxScopedStmt) insert = get_stmt (store, STMT_SCHEMA_INSERT, error);

    if (insert == NULL)
      return -1;
    sqlite3_bind_text (insert, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text (insert, 2, json, -1, SQLITE_STATIC);
    sqlite3_bind_text (insert, 3, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text (insert, 4, created, -1, SQLITE_STATIC);
    if (sqlite3_step (insert) != SQLITE_DONE)
      {
        set_sql_error (store, error, "store the schema");
        return -1;
      }
  }

  {
    g_autoptr(FxScopedStmt) find = get_stmt (store, STMT_SCHEMA_FIND, error);

    if (find == NULL)
      return -1;
    sqlite3_bind_text (find, 1, sha256, -1, SQLITE_STATIC);
    rc = sqlite3_step (find);
    if (rc != SQLITE_ROW)
      {
        set_sql_error (store, error, "read the schema back");
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
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&store->lock);
  stmt = get_stmt (store, STMT_SCHEMA_GET, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, schema_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return column_dup (stmt, 0);
  if (rc == SQLITE_DONE)
    set_not_found (store, error, "schema", schema_id);
  else
    set_sql_error (store, error, "read the schema");
  return NULL;
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
    g_autoptr(FxScopedStmt) stmt = get_stmt (store, STMT_RUN_INSERT, error);

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
          set_not_found (store, error, "schema", run->schema_id);
        else
          set_sql_error (store, error, "store the run");
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
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&store->lock);
  stmt = get_stmt (store, STMT_RUN_GET, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_run (stmt);
  if (rc == SQLITE_DONE)
    set_not_found (store, error, "run", run_id);
  else
    set_sql_error (store, error, "read the run");
  return NULL;
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
  stmt = get_stmt (store, STMT_RUN_LIST, error);
  if (stmt == NULL)
    return NULL;

  runs = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_run_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (runs, read_run (stmt));
  if (rc != SQLITE_DONE)
    {
      set_sql_error (store, error, "list the runs");
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
    g_autoptr(FxScopedStmt) stmt = get_stmt (store, STMT_RUN_SET_STATUS, error);

    if (stmt != NULL)
      {
        sqlite3_bind_int64 (stmt, 1, run_id);
        sqlite3_bind_text (stmt, 2, status_names[status], -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, reason, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 4, finished, -1, SQLITE_STATIC);
        if (sqlite3_step (stmt) != SQLITE_DONE)
          set_sql_error (store, error, "change the run's status");
        else if (sqlite3_changes (store->db) == 0)
          set_not_found (store, error, "run", run_id);
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
  if (!run_stmt (store, STMT_BEGIN, "start a transaction", error))
    return -1;

  {
    g_autoptr(FxScopedStmt) quota = get_stmt (store, STMT_RUN_QUOTA, error);
    int rc;

    if (quota == NULL)
      goto fail;
    sqlite3_bind_int64 (quota, 1, request->run_id);
    rc = sqlite3_step (quota);
    if (rc == SQLITE_DONE)
      {
        set_not_found (store, error, "run", request->run_id);
        goto fail;
      }
    if (rc != SQLITE_ROW)
      {
        set_sql_error (store, error, "count the run's rows");
        goto fail;
      }
    rows_requested = sqlite3_column_int64 (quota, 0);
    accepted = sqlite3_column_int64 (quota, 1);
  }

  if (!insert_request (store, request, &request_id, error))
    goto fail;

  {
    g_autoptr(FxScopedStmt) insert = get_stmt (store, STMT_ROW_INSERT, error);

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
            set_sql_error (store, error, "store the rows");
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
      g_autoptr(FxScopedStmt) update = get_stmt (store, STMT_RUN_ADD_ACCEPTED, error);

      if (update == NULL)
        goto fail;
      sqlite3_bind_int64 (update, 1, request->run_id);
      sqlite3_bind_int64 (update, 2, n_new);
      if (sqlite3_step (update) != SQLITE_DONE)
        {
          set_sql_error (store, error, "count the run's rows");
          goto fail;
        }
    }

  if (!commit (store, "store the response", error))
    return -1;

  if (n_accepted != NULL)
    *n_accepted = n_new;
  return request_id;

fail:
  rollback (store);
  return -1;
}

gint64
fx_store_count_accepted (FxStore  *store,
                         gint64    run_id,
                         GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(FxScopedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  locker = g_mutex_locker_new (&store->lock);
  stmt = get_stmt (store, STMT_RUN_QUOTA, error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 1);
  if (rc == SQLITE_DONE)
    set_not_found (store, error, "run", run_id);
  else
    set_sql_error (store, error, "count the run's rows");
  return -1;
}

GPtrArray *
fx_store_get_accepted_rows (FxStore  *store,
                            gint64    run_id,
                            GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(FxScopedStmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&store->lock);
  if (!run_exists (store, run_id, error))
    return NULL;
  stmt = get_stmt (store, STMT_ACCEPTED_ROWS, error);
  if (stmt == NULL)
    return NULL;

  rows = g_ptr_array_new_with_free_func (g_free);
  sqlite3_bind_int64 (stmt, 1, run_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, column_dup (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      set_sql_error (store, error, "read the run's rows");
      return NULL;
    }
  return g_steal_pointer (&rows);
}

GPtrArray *
fx_store_get_requests (FxStore  *store,
                       gint64    run_id,
                       GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(FxScopedStmt) stmt = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&store->lock);
  if (!run_exists (store, run_id, error))
    return NULL;
  stmt = get_stmt (store, STMT_REQUESTS, error);
  if (stmt == NULL)
    return NULL;

  requests = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_request_record_free);
  sqlite3_bind_int64 (stmt, 1, run_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (requests, read_request (stmt));
  if (rc != SQLITE_DONE)
    {
      set_sql_error (store, error, "read the run's requests");
      return NULL;
    }
  return g_steal_pointer (&requests);
}

GPtrArray *
fx_store_get_rejected_rows (FxStore  *store,
                            gint64    run_id,
                            GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(FxScopedStmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&store->lock);
  if (!run_exists (store, run_id, error))
    return NULL;
  stmt = get_stmt (store, STMT_REJECTED_ROWS, error);
  if (stmt == NULL)
    return NULL;

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_row_record_free);
  sqlite3_bind_int64 (stmt, 1, run_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FxRowRecord *row = g_new0 (FxRowRecord, 1);

      row->values_json = column_dup (stmt, 0);
      row->valid = sqlite3_column_int (stmt, 1) != 0;
      row->reason = column_dup (stmt, 2);
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      set_sql_error (store, error, "read the run's rejected rows");
      return NULL;
    }
  return g_steal_pointer (&rows);
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
