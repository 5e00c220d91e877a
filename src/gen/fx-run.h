/* fx-run.h: the run engine
 *
 * N rows in requests of R rows, at most C requests in flight, retries as the
 * providers' own SDKs do, rows validated on the client, every response stored before
 * the next decision, cancellable, resumable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fx-baseline.h"
#include "fx-provider.h"
#include "fx-schema.h"
#include "fx-store.h"
#include "fx-strategy.h"

G_BEGIN_DECLS

#define FX_RUN_ERROR (fx_run_error_quark ())

typedef enum
{
  FX_RUN_ERROR_FAILED,      /* the provider said no for good: auth, quota, bad request */
  FX_RUN_ERROR_BUDGET,      /* too many failed requests or rejected rows */
  FX_RUN_ERROR_CANCELLED,
  FX_RUN_ERROR_STORE,
} FxRunError;

GQuark fx_run_error_quark (void);

typedef struct
{
  gsize   target;
  gsize   accepted;
  gsize   rejected;
  gsize   requests;          /* answered, including failed ones */
  gsize   failed;            /* requests that brought no rows */
  guint   in_flight;
  gint64  prompt_tokens;
  gint64  completion_tokens;
  double  elapsed;           /* seconds */
  double  eta;               /* seconds; < 0 while unknown */
  double  waiting;           /* seconds until the next retry, when only waiting */
  gint64  wait_until;        /* wall-clock time (g_get_real_time ()) at which the current
                              * wait ends; 0 when not waiting */
  const char *wait_reason;   /* (nullable) what the run waits for, for people: "rate
                              * limited by the server"; valid during the callback */
} FxRunProgress;

/* "waiting 60 s, until 05:12:03: rate limited by the server", or NULL when @progress
 * is not waiting.  What the command line prints and the Runs pane can show. */
char *fx_run_progress_describe_wait (const FxRunProgress *progress);

typedef void (*FxRunProgressFunc) (const FxRunProgress *progress,
                                   gpointer             user_data);

typedef struct
{
  const FxProviderClass *provider;  /* NULL for a baseline */
  FxProviderConfig       config;
  FxStrategy            *strategy;  /* with a provider */
  FxBaseline            *baseline;  /* without one */
  const FxSchema        *schema;
  FxStore               *store;
  gint64                 run_id;
  gsize                  n_rows;
  guint                  batch_rows;
  guint                  concurrency;
  guint                  max_attempts;    /* per request, the first included (default 6) */
  guint                  failure_budget;  /* failed requests allowed (0: a default from N/R) */
  double                 max_wait;        /* cap on one wait, seconds (default 60), whatever
                                           * a server's retry-after asks */
  guint                  max_consecutive_failures; /* failed requests in a row, retries
                                                    * included, before the run stops
                                                    * (default 8) */
  gsize                  max_response_bytes; /* (0: FX_HTTP_DEFAULT_MAX_BYTES, 8 MiB) */
  double                 backoff_scale;   /* 1.0; tests make it smaller */
  guint64                seed;
} FxRunOptions;

/* Generates until the run has @options->n_rows accepted rows in the store, then marks
 * it completed; on a failure marks it failed with the reason; on cancellation marks it
 * cancelled.  The options and what they point to must live until the callback. */
void     fx_run_execute_async  (const FxRunOptions   *options,
                                GCancellable         *cancellable,
                                FxRunProgressFunc     progress,
                                gpointer              progress_data,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
gboolean fx_run_execute_finish (GAsyncResult         *result,
                                GError              **error);

/* Validates each of @rows against @schema: (element-type FxRowRecord) with the row's
 * JSON text, whether it is valid, and every reason when it is not. */
GPtrArray *fx_run_check_rows   (const FxSchema       *schema,
                                JsonArray            *rows);

/* The same for the rows of a response, read the fast way when they were (each row's
 * own text is then what is stored). */
GPtrArray *fx_run_check_response (const FxSchema     *schema,
                                  FxProviderResponse *response);

/* The rows of @run_id as a table, columns in schema order, for export and comparison. */
FxTable *fx_run_rows_to_table  (FxStore              *store,
                                gint64                run_id,
                                const FxSchema       *schema,
                                GError              **error);

G_END_DECLS
