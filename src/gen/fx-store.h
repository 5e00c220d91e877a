/* fx-store.h: the project store, one SQLite file
 *
 * Schemas, runs, every request with the prompt sent and the raw response, and every
 * row with its provenance.  A response's request record and its rows are written in
 * one transaction, so a process killed at any moment loses at most the requests that
 * were in flight, and a run can be resumed to exactly its number of rows.  Keys are
 * never written here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fx-provenance.h"

G_BEGIN_DECLS

#define FX_STORE_ERROR (fx_store_error_quark ())

typedef enum
{
  FX_STORE_ERROR_OPEN,
  FX_STORE_ERROR_SQL,
  FX_STORE_ERROR_NOT_FOUND,
  FX_STORE_ERROR_VERSION,
} FxStoreError;

GQuark fx_store_error_quark (void);

typedef enum
{
  FX_RUN_RUNNING,      /* started, not finished (or the process died: resumable) */
  FX_RUN_COMPLETED,    /* has its N accepted rows */
  FX_RUN_FAILED,       /* stopped for a reason (budget spent, auth error...) */
  FX_RUN_CANCELLED,    /* stopped by the user; resumable */
} FxRunStatus;

const char *fx_run_status_to_string   (FxRunStatus  status);
gboolean    fx_run_status_from_string (const char  *str,
                                       FxRunStatus *status);

typedef struct
{
  gint64       id;
  gint64       schema_id;
  char        *provider;
  char        *model;
  char        *base_url;           /* nullable */
  char        *strategy;
  char        *parameters;         /* JSON object text: rows, batch_rows, concurrency, temperature, seed... */
  char        *prompt_template_hash; /* SHA-256 of the template(s) used */
  char        *reference_path;     /* nullable */
  char        *reference_sha256;   /* nullable */
  char        *real_data_sent;     /* JSON text: which rows and columns left the machine, to whom; "[]" when none */
  FxRunStatus  status;
  char        *status_reason;      /* nullable */
  gint64       rows_requested;
  gint64       rows_accepted;      /* filled by the getters */
  gint64       rows_rejected;
  gint64       requests;
  gint64       prompt_tokens;
  gint64       completion_tokens;
  char        *created;            /* ISO 8601 UTC */
  char        *finished;           /* nullable */
} FxRunRecord;

typedef struct
{
  gint64  run_id;
  gint64  attempt;          /* 1 for the first try of a batch, 2... for retries */
  gint64  batch_rows;
  char   *prompt;           /* the prompt text sent (system + user) */
  char   *request_body;     /* the JSON body sent (never holds a key) */
  char   *response_body;    /* nullable: raw response text */
  gint64  http_status;      /* 0 when no HTTP response came */
  char   *outcome;          /* fx_outcome_to_string () */
  char   *error;            /* nullable */
  gint64  prompt_tokens;
  gint64  completion_tokens;
  gint64  reasoning_tokens;
  gint64  latency_ms;
  char   *model;            /* the model that answered */
  char   *started;          /* ISO 8601 UTC; filled by the getters (ignored when adding:
                             * the store records the time minus latency_ms) */
  char   *finished;         /* ISO 8601 UTC; filled by the getters (time of storing) */
} FxRequestRecord;

typedef struct
{
  char     *values_json;    /* the row as a JSON object text */
  gboolean  valid;          /* passed client-side validation */
  char     *reason;         /* nullable: why it was rejected */
} FxRowRecord;

typedef struct _FxStore FxStore;

/* On failure, functions returning an id (ids are > 0) or a count return -1, those
 * returning a pointer NULL, and both set @error. */

/* The one place the store's path is resolved from the environment: $FACSIMILE_STORE
 * when it is set and not empty, else $XDG_DATA_HOME/facsimile/facsimile.db. */
char        *fx_store_default_path      (void);

/* Opens or creates the store at @path (mode 0600, WAL).  NULL @path means
 * fx_store_default_path (). */
FxStore     *fx_store_open              (const char       *path,
                                         GError          **error);
void         fx_store_close             (FxStore          *store);
const char  *fx_store_get_path          (FxStore          *store);

/* Stores a schema (JSON text) once; the same text returns the same id. */
gint64       fx_store_add_schema        (FxStore          *store,
                                         const char       *name,
                                         const char       *json,
                                         GError          **error);
char        *fx_store_get_schema_json   (FxStore          *store,
                                         gint64            schema_id,
                                         GError          **error);

/* Creates a run from @run (id, counts and times are ignored) with status RUNNING. */
gint64       fx_store_create_run        (FxStore          *store,
                                         const FxRunRecord *run,
                                         GError          **error);
FxRunRecord *fx_store_get_run           (FxStore          *store,
                                         gint64            run_id,
                                         GError          **error);
/* (element-type FxRunRecord) newest first */
GPtrArray   *fx_store_list_runs         (FxStore          *store,
                                         GError          **error);
gboolean     fx_store_set_run_status    (FxStore          *store,
                                         gint64            run_id,
                                         FxRunStatus       status,
                                         const char       *reason,
                                         GError          **error);

/* In one transaction: the request, and its rows.  Valid rows are accepted only while
 * the run has fewer than rows_requested accepted rows; the others are stored as
 * rejected with the reason "surplus: the run already has its rows", so a run never
 * holds more than N accepted rows whatever the concurrency.  Returns the request id;
 * *@n_accepted (optional) receives how many of @rows were accepted. */
gint64       fx_store_add_response      (FxStore          *store,
                                         const FxRequestRecord *request,
                                         GPtrArray        *rows,   /* (element-type FxRowRecord) */
                                         guint            *n_accepted,
                                         GError          **error);

gint64       fx_store_count_accepted    (FxStore          *store,
                                         gint64            run_id,
                                         GError          **error);
/* (element-type utf8) the accepted rows' JSON texts, in the order they were stored */
GPtrArray   *fx_store_get_accepted_rows (FxStore          *store,
                                         gint64            run_id,
                                         GError          **error);
/* (element-type FxRequestRecord) a run's requests, oldest first */
GPtrArray   *fx_store_get_requests      (FxStore          *store,
                                         gint64            run_id,
                                         GError          **error);
/* (element-type FxRowRecord) a run's rejected rows with reasons */
GPtrArray   *fx_store_get_rejected_rows (FxStore          *store,
                                         gint64            run_id,
                                         GError          **error);

void fx_run_record_free     (FxRunRecord     *run);
/* What a report shows of @run: a copy in the plain form of fx-provenance.h. */
FxProvenance *fx_run_record_to_provenance (const FxRunRecord *run);
void fx_request_record_free (FxRequestRecord *request);
void fx_row_record_free     (FxRowRecord     *row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxStore, fx_store_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxRunRecord, fx_run_record_free)

G_END_DECLS
