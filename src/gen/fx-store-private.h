/* fx-store-private.h: what the store's files share: the connection, its statements
 * and the errors they give
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "fx-store.h"

G_BEGIN_DECLS

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

static inline void
fx_scoped_stmt_reset (FxScopedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxScopedStmt, fx_scoped_stmt_reset)

/* SQLite's messages name tables, columns and constraints, never the values. */
void          fx_store_set_sql_error (FxStore      *store,
                                      GError      **error,
                                      const char   *what);
void          fx_store_set_not_found (FxStore      *store,
                                      GError      **error,
                                      const char   *what,
                                      gint64        id);
/* The statement @id, prepared once and kept. */
FxScopedStmt *fx_store_get_stmt      (FxStore      *store,
                                      StmtId        id,
                                      GError      **error);
/* Runs a statement that returns no rows. */
gboolean      fx_store_run_stmt      (FxStore      *store,
                                      StmtId        id,
                                      const char   *what,
                                      GError      **error);
void          fx_store_rollback      (FxStore      *store);
gboolean      fx_store_commit        (FxStore      *store,
                                      const char   *what,
                                      GError      **error);
char         *fx_store_column_dup    (sqlite3_stmt *stmt,
                                      int           col);

G_END_DECLS
