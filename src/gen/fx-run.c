/* fx-run.c: the run engine
 *
 * Everything happens on the thread-default main context of the caller: libsoup sends
 * the requests asynchronously, and each answer is parsed, validated and written to the
 * store (request and rows in one transaction) before the engine decides what to send
 * next.  A process killed at any moment thus loses only the requests in flight, and a
 * resumed run counts what the store holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <libsoup/soup.h>

#include "fx-capabilities.h"
#include "fx-credentials.h"
#include "fx-run.h"

G_DEFINE_QUARK (fx-run-error-quark, fx_run_error)

#define DEFAULT_MAX_ATTEMPTS             6
#define DEFAULT_MAX_WAIT                 60.0
/* A server that fails this many requests in a row (each retry counted) is down, or is
 * not the server it should be: the run stops rather than keep asking. */
#define DEFAULT_MAX_CONSECUTIVE_FAILURES 8

typedef struct _Engine Engine;

typedef struct
{
  Engine        *engine;
  guint          n_rows;
  guint          attempt;
  FxPrompt      *prompt;
  char          *prompt_text;
  FxHttpRequest *request;
  gint64         started;     /* monotonic, microseconds */
  guint          retry_source;
} Batch;

struct _Engine
{
  FxRunOptions        options;
  GTask              *task;
  GCancellable       *cancellable;
  guint               poll_source;
  guint               finish_source;
  guint               cool_source;    /* pump () again after a pause */
  gint64              not_before;     /* monotonic: no new request before this */
  SoupSession        *session;
  GCancellable       *abort;          /* cancels what is in flight when the run stops */
  guint               consecutive_failures;
  char               *wait_reason;
  JsonNode           *row_schema;
  FxRunProgressFunc   progress;
  gpointer            progress_data;

  GPtrArray          *batches;        /* (element-type Batch) in flight or waiting */
  guint               current_rows;   /* rows per request now: shrinks after truncation */
  guint64             next_batch;     /* for the baselines' seeds */
  gsize               in_flight_rows;
  gboolean            stopping;
  GError             *error;          /* why it stops */

  FxRunProgress       status;
  gint64              started;
  GRand              *rand;
};

static void pump (Engine *engine);

static void
batch_free (Batch *batch)
{
  if (batch->retry_source != 0)
    g_source_remove (batch->retry_source);
  if (batch->prompt != NULL && batch->engine->options.strategy != NULL)
    fx_strategy_forget_prompt (batch->engine->options.strategy, batch->prompt);
  g_clear_pointer (&batch->prompt, fx_prompt_free);
  g_clear_pointer (&batch->request, fx_http_request_free);
  g_free (batch->prompt_text);
  g_free (batch);
}

static void
engine_free (Engine *engine)
{
  if (engine->poll_source != 0)
    g_source_remove (engine->poll_source);
  if (engine->cool_source != 0)
    g_source_remove (engine->cool_source);
  g_clear_pointer (&engine->batches, g_ptr_array_unref);
  g_clear_object (&engine->session);
  g_clear_object (&engine->abort);
  g_free (engine->wait_reason);
  g_clear_object (&engine->cancellable);
  g_clear_pointer (&engine->row_schema, json_node_unref);
  g_clear_pointer (&engine->rand, g_rand_free);
  g_clear_error (&engine->error);
  g_free (engine);
}

static double
now_seconds (Engine *engine)
{
  return (g_get_monotonic_time () - engine->started) / 1e6;
}

static void
report (Engine *engine)
{
  FxRunProgress *p = &engine->status;

  p->in_flight = engine->batches->len;
  p->elapsed = now_seconds (engine);
  if (p->wait_until != 0 && p->wait_until <= g_get_real_time ())
    p->wait_until = 0;
  p->wait_reason = p->wait_until != 0 ? engine->wait_reason : NULL;
  p->eta = -1;
  if (p->accepted > 0 && p->accepted < p->target)
    p->eta = p->elapsed / p->accepted * (p->target - p->accepted);
  else if (p->accepted >= p->target)
    p->eta = 0;
  if (engine->progress != NULL)
    engine->progress (p, engine->progress_data);
}

/* @text with the key masked: a server may quote the key it was sent anywhere. */
static char *
redacted (const Engine *engine,
          const char   *text)
{
  return fx_credentials_mask (text, engine->options.config.api_key);
}

/* Settles the run's status and returns, from an idle: whatever called maybe_finish ()
 * may still use the engine, which goes with the task. */
static gboolean
finish_idle (gpointer data)
{
  Engine *engine = data;
  g_autoptr(GError) store_error = NULL;
  GTask *task = g_steal_pointer (&engine->task);

  engine->finish_source = 0;
  report (engine);

  if (engine->error == NULL)
    {
      fx_store_set_run_status (engine->options.store, engine->options.run_id, FX_RUN_COMPLETED, NULL, &store_error);
      if (store_error != NULL)
        g_task_return_error (task, g_steal_pointer (&store_error));
      else
        g_task_return_boolean (task, TRUE);
    }
  else
    {
      FxRunStatus status = g_error_matches (engine->error, FX_RUN_ERROR, FX_RUN_ERROR_CANCELLED)
                           ? FX_RUN_CANCELLED : FX_RUN_FAILED;

      fx_store_set_run_status (engine->options.store, engine->options.run_id, status,
                               engine->error->message, NULL);
      g_task_return_error (task, g_steal_pointer (&engine->error));
    }
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

/* The engine is done once nothing is in flight and it has its rows or stops. */
static void
maybe_finish (Engine *engine)
{
  if (engine->batches->len > 0 || engine->task == NULL || engine->finish_source != 0)
    return;
  if (!engine->stopping && engine->status.accepted < engine->status.target)
    return;
  engine->finish_source = g_idle_add (finish_idle, engine);
}

/* Stops sending: the first reason wins; what is in flight is abandoned. */
static void
stop (Engine *engine,
      GError *error)
{
  if (engine->stopping)
    {
      g_error_free (error);
      return;
    }
  engine->stopping = TRUE;
  engine->error = error;

  /* batches that were only waiting (a retry, a baseline's turn) go now; the one being
   * handled, if any, is its handler's to remove */
  for (guint i = engine->batches->len; i > 0; i--)
    {
      Batch *batch = g_ptr_array_index (engine->batches, i - 1);

      if (batch->retry_source != 0)
        {
          g_source_remove (batch->retry_source);
          batch->retry_source = 0;
          engine->in_flight_rows -= batch->n_rows;
          g_ptr_array_remove_index (engine->batches, i - 1);
        }
    }
  /* requests in flight come back cancelled and are dropped */
  if (engine->abort != NULL)
    g_cancellable_cancel (engine->abort);
  if (engine->session != NULL)
    soup_session_abort (engine->session);

  maybe_finish (engine);
}

static gboolean
check_cancelled (Engine *engine)
{
  if (g_cancellable_is_cancelled (engine->cancellable) && !engine->stopping)
    stop (engine, g_error_new (FX_RUN_ERROR, FX_RUN_ERROR_CANCELLED, "cancelled"));
  return engine->stopping;
}

static gsize
failure_budget (const Engine *engine)
{
  gsize requests;

  if (engine->options.failure_budget > 0)
    return engine->options.failure_budget;
  requests = (engine->options.n_rows + engine->options.batch_rows - 1) / MAX (engine->options.batch_rows, 1);
  return MAX (10, requests);
}

static void
remove_batch (Engine *engine,
              Batch  *batch)
{
  engine->in_flight_rows -= batch->n_rows;
  g_ptr_array_remove (engine->batches, batch);
}

/* A row that holds the key the request carried (a server echoing its Authorization
 * header into the data) is rejected, and the key masked in its values and reason, so
 * that it reaches neither the store nor anything made from it. */
static void
mask_key_in_rows (Engine    *engine,
                  GPtrArray *rows)
{
  const char *key = engine->options.config.api_key;

  if (!fx_credentials_maskable (key))
    return;
  for (guint i = 0; i < rows->len; i++)
    {
      FxRowRecord *row = g_ptr_array_index (rows, i);
      char *masked;

      if (row->values_json != NULL && strstr (row->values_json, key) != NULL)
        {
          masked = redacted (engine, row->values_json);
          g_free (row->values_json);
          row->values_json = masked;
          row->valid = FALSE;
          g_free (row->reason);
          /* the schema's reasons may quote the value: they are not kept */
          row->reason = g_strdup ("the row holds the API key sent with the request (masked here)");
        }
      else if (row->reason != NULL && strstr (row->reason, key) != NULL)
        {
          masked = redacted (engine, row->reason);
          g_free (row->reason);
          row->reason = masked;
        }
    }
}

/* Validates the rows of a response and stores them with the request, in one go. */
static void
store_response (Engine                   *engine,
                Batch                    *batch,
                guint                     http_status,
                const char               *body,
                const FxProviderResponse *response,
                const char               *error_text)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_row_record_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *body_safe = body != NULL ? redacted (engine, body) : NULL;
  g_autofree char *error_safe = error_text != NULL ? redacted (engine, error_text) : NULL;
  FxRequestRecord record = { 0 };
  guint accepted = 0;

  g_autofree char *model_safe = response != NULL && response->model != NULL ? redacted (engine, response->model) : NULL;

  if (response != NULL && response->outcome == FX_OUTCOME_OK)
    {
      /* the anchored strategy's anchors are the ones drawn, whatever the model wrote */
      if (engine->options.strategy != NULL && batch->prompt != NULL)
        fx_strategy_apply_anchors (engine->options.strategy, batch->prompt, (FxProviderResponse *) response);
      g_ptr_array_unref (rows);
      rows = fx_run_check_response (engine->options.schema, (FxProviderResponse *) response);
      mask_key_in_rows (engine, rows);
    }

  record.run_id = engine->options.run_id;
  record.attempt = batch->attempt;
  record.batch_rows = batch->n_rows;
  record.prompt = batch->prompt_text;
  record.request_body = batch->request != NULL ? batch->request->body : NULL;
  record.response_body = body_safe;
  record.http_status = http_status;
  record.outcome = (char *) fx_outcome_to_string (response != NULL ? response->outcome : FX_OUTCOME_NETWORK_ERROR);
  record.error = error_safe;
  if (response != NULL)
    {
      record.prompt_tokens = response->prompt_tokens;
      record.completion_tokens = response->completion_tokens;
      record.reasoning_tokens = response->reasoning_tokens;
      record.model = model_safe;
    }
  if (record.model == NULL)
    record.model = engine->options.config.model;
  record.latency_ms = (g_get_monotonic_time () - batch->started) / 1000;

  if (fx_store_add_response (engine->options.store, &record, rows, &accepted, &error) < 0)
    {
      stop (engine, g_error_new (FX_RUN_ERROR, FX_RUN_ERROR_STORE, "cannot write to the store: %s",
                                 error->message));
      return;
    }

  engine->status.requests++;
  engine->status.accepted += accepted;
  engine->status.rejected += rows->len - accepted;
  if (response != NULL)
    {
      engine->status.prompt_tokens += MAX (response->prompt_tokens, 0);
      engine->status.completion_tokens += MAX (response->completion_tokens, 0);
    }
}

static void
end_wait (Engine *engine)
{
  engine->status.waiting = 0;
  engine->status.wait_until = 0;
}

static void send_batch (Engine *engine,
                        Batch  *batch);

static gboolean
retry_now (gpointer data)
{
  Batch *batch = data;
  Engine *engine = batch->engine;

  batch->retry_source = 0;
  end_wait (engine);
  if (check_cancelled (engine))
    {
      /* stop () left this batch to us: it is neither in flight nor waiting any more */
      remove_batch (engine, batch);
      maybe_finish (engine);
      return G_SOURCE_REMOVE;
    }
  /* the same request again, its attempt counted */
  batch->started = g_get_monotonic_time ();
  send_batch (engine, batch);
  return G_SOURCE_REMOVE;
}

static double
max_wait (const Engine *engine)
{
  return engine->options.max_wait > 0 ? engine->options.max_wait : DEFAULT_MAX_WAIT;
}

/* The wait before attempt @attempt + 1: the server's own when it gave one, capped, or
 * the providers' SDKs' backoff. */
static double
backoff (Engine *engine,
         guint   attempt,
         double  retry_after)
{
  double wait;

  if (retry_after >= 0)
    wait = retry_after;
  else
    /* as the providers' SDKs: 0.5 s doubling, at most 8 s, minus up to a quarter */
    wait = MIN (0.5 * pow (2, MAX (attempt, 1) - 1), 8.0) * (1 - 0.25 * g_rand_double (engine->rand));
  wait = MIN (wait, max_wait (engine));
  return wait * (engine->options.backoff_scale > 0 ? engine->options.backoff_scale : 1.0);
}

/* Says what the run now waits for and until when (progress reports carry it). */
static void
begin_wait (Engine     *engine,
            double      seconds,
            double      retry_after,
            const char *reason)
{
  g_free (engine->wait_reason);
  if (retry_after > max_wait (engine))
    engine->wait_reason = g_strdup_printf ("%s (it asked for %.0f s; a wait is capped at %.0f s)",
                                           reason, retry_after, max_wait (engine));
  else
    engine->wait_reason = g_strdup (reason);
  engine->status.waiting = seconds;
  engine->status.wait_until = g_get_real_time () + (gint64) (seconds * G_USEC_PER_SEC);
}

/* No new request for @seconds. */
static void
cool_down (Engine     *engine,
           double      seconds,
           double      retry_after,
           const char *reason)
{
  gint64 until = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  if (until > engine->not_before)
    {
      engine->not_before = until;
      begin_wait (engine, seconds, retry_after, reason);
    }
}

/* What a failed request makes the run wait for, in words. */
static char *
wait_reason (FxOutcome   outcome,
             guint       http_status,
             const char *why)
{
  switch (outcome)
    {
    case FX_OUTCOME_RATE_LIMITED:
      return g_strdup ("rate limited by the server");
    case FX_OUTCOME_SERVER_ERROR:
      return g_strdup_printf ("the server is failing or overloaded (HTTP %u)", http_status);
    case FX_OUTCOME_NETWORK_ERROR:
      return g_strdup_printf ("no answer from the server: %s", why);
    case FX_OUTCOME_OK:
    case FX_OUTCOME_TRUNCATED:
    case FX_OUTCOME_REFUSED:
    case FX_OUTCOME_BLOCKED:
    case FX_OUTCOME_QUOTA_EXHAUSTED:
    case FX_OUTCOME_BAD_REQUEST:
    case FX_OUTCOME_AUTH_ERROR:
    case FX_OUTCOME_INVALID_RESPONSE:
    default:
      return g_strdup_printf ("after an unusable answer: %s", why);
    }
}

char *
fx_run_progress_describe_wait (const FxRunProgress *progress)
{
  g_autoptr(GDateTime) until = NULL;
  g_autofree char *clock = NULL;
  double seconds;

  g_return_val_if_fail (progress != NULL, NULL);

  if (progress->wait_until == 0)
    return NULL;
  until = g_date_time_new_from_unix_local (progress->wait_until / G_USEC_PER_SEC);
  clock = g_date_time_format (until, "%H:%M:%S");
  seconds = (progress->wait_until - g_get_real_time ()) / (double) G_USEC_PER_SEC;
  return g_strdup_printf (seconds >= 10 ? "waiting %.0f s, until %s: %s" : "waiting %.1f s, until %s: %s",
                          MAX (seconds, 0), clock,
                          progress->wait_reason != NULL ? progress->wait_reason : "a pause");
}

static void
count_failure (Engine     *engine,
               const char *why)
{
  engine->status.failed++;
  if (engine->status.failed > failure_budget (engine))
    stop (engine, g_error_new (FX_RUN_ERROR, FX_RUN_ERROR_BUDGET,
                               "stopped after %" G_GSIZE_FORMAT " failed requests (the budget is %" G_GSIZE_FORMAT "); the last: %s",
                               engine->status.failed, failure_budget (engine), why));
}

/* With C requests in flight, C can fail at the same moment: the default allows that. */
static guint
max_consecutive_failures (const Engine *engine)
{
  if (engine->options.max_consecutive_failures > 0)
    return engine->options.max_consecutive_failures;
  return MAX (DEFAULT_MAX_CONSECUTIVE_FAILURES, 2 * engine->options.concurrency);
}

static void
handle_response (Engine                   *engine,
                 Batch                    *batch,
                 guint                     http_status,
                 const char               *body,
                 const FxProviderResponse *response,
                 const char               *network_error)
{
  FxOutcome outcome = response != NULL ? response->outcome : FX_OUTCOME_NETWORK_ERROR;
  double retry_after = response != NULL ? response->retry_after : -1;
  g_autofree char *why = NULL;
  g_autofree char *reason = NULL;

  store_response (engine, batch, http_status, body, response,
                  network_error != NULL ? network_error
                  : response != NULL && response->outcome != FX_OUTCOME_OK ? response->message : NULL);
  if (engine->stopping)
    {
      remove_batch (engine, batch);
      maybe_finish (engine);
      return;
    }

  why = redacted (engine, network_error != NULL ? network_error
                          : response != NULL && response->message != NULL ? response->message
                          : fx_outcome_to_string (outcome));
  reason = wait_reason (outcome, http_status, why);

  if (outcome == FX_OUTCOME_OK)
    engine->consecutive_failures = 0;
  else if (outcome == FX_OUTCOME_SERVER_ERROR || outcome == FX_OUTCOME_NETWORK_ERROR ||
           outcome == FX_OUTCOME_TRUNCATED || outcome == FX_OUTCOME_REFUSED ||
           outcome == FX_OUTCOME_BLOCKED || outcome == FX_OUTCOME_INVALID_RESPONSE)
    {
      /* a server that never answers, or answers nothing usable, is not asked forever;
       * one that says it is busy (429) is waited for as it asks, within the budget */
      if (++engine->consecutive_failures >= max_consecutive_failures (engine))
        {
          remove_batch (engine, batch);
          engine->status.failed++;
          stop (engine, g_error_new (FX_RUN_ERROR, FX_RUN_ERROR_BUDGET,
                                     "stopped after %u failed requests in a row (the limit is %u); the last: %s",
                                     engine->consecutive_failures, max_consecutive_failures (engine), why));
          report (engine);
          maybe_finish (engine);
          return;
        }
    }

  switch (outcome)
    {
    case FX_OUTCOME_OK:
      remove_batch (engine, batch);
      if (engine->status.rejected > 3 * engine->status.target + 100)
        stop (engine, g_error_new (FX_RUN_ERROR, FX_RUN_ERROR_BUDGET,
                                   "stopped: %" G_GSIZE_FORMAT " rows were rejected for breaking the schema "
                                   "(see the run's rejected rows)", engine->status.rejected));
      break;

    case FX_OUTCOME_TRUNCATED:
      /* Reasoning or thinking took the budget: more room, up to the model's limit,
       * before fewer rows (which would not make the thinking shorter).  Otherwise
       * the answer did not fit: ask for fewer rows at a time from now on. */
      if (response == NULL || response->reasoning_tokens <= 0
          || !fx_model_capabilities_raise_budget (engine->options.provider->name, &engine->options.config))
        engine->current_rows = MAX (1, MIN (engine->current_rows, batch->n_rows) / 2);
      remove_batch (engine, batch);
      count_failure (engine, why);
      cool_down (engine, backoff (engine, engine->consecutive_failures, -1), -1, reason);
      break;

    case FX_OUTCOME_RATE_LIMITED:
    case FX_OUTCOME_SERVER_ERROR:
    case FX_OUTCOME_NETWORK_ERROR:
      if (response != NULL && response->should_retry == 0)
        {
          cool_down (engine, backoff (engine, batch->attempt, retry_after), retry_after, reason);
          remove_batch (engine, batch);
          count_failure (engine, why);
          break;
        }
      if (batch->attempt < (engine->options.max_attempts > 0 ? engine->options.max_attempts : DEFAULT_MAX_ATTEMPTS))
        {
          double wait = backoff (engine, batch->attempt, retry_after);

          batch->attempt++;
          begin_wait (engine, wait, retry_after, reason);
          batch->retry_source = g_timeout_add ((guint) (wait * 1000), retry_now, batch);
          report (engine);
          return;
        }
      /* out of attempts: the rows are asked for again, but not before the wait */
      cool_down (engine, backoff (engine, batch->attempt, retry_after), retry_after, reason);
      remove_batch (engine, batch);
      count_failure (engine, why);
      break;

    case FX_OUTCOME_AUTH_ERROR:
    case FX_OUTCOME_QUOTA_EXHAUSTED:
    case FX_OUTCOME_BAD_REQUEST:
      remove_batch (engine, batch);
      stop (engine, g_error_new (FX_RUN_ERROR, FX_RUN_ERROR_FAILED, "%s: %s",
                                 fx_outcome_to_string (outcome), why));
      break;

    case FX_OUTCOME_REFUSED:
    case FX_OUTCOME_BLOCKED:
    case FX_OUTCOME_INVALID_RESPONSE:
      /* asked again, but not at once: a server that answers garbage fast is not
       * hammered */
      remove_batch (engine, batch);
      count_failure (engine, why);
      cool_down (engine, backoff (engine, engine->consecutive_failures, -1), -1, reason);
      break;

    default:
      g_assert_not_reached ();
    }

  report (engine);
  if (engine->stopping)
    maybe_finish (engine);
  else
    {
      pump (engine);
      maybe_finish (engine);
    }
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Batch *batch = data;
  Engine *engine = batch->engine;
  g_autoptr(GError) error = NULL;
  g_autoptr(FxHttpResponse) http = NULL;
  FxProviderResponse response = { 0 };
  gboolean ok = fx_http_send_finish (result, &http, &error);

  if (engine->stopping)
    {
      /* abandoned: the answer, if any, is not recorded */
      remove_batch (engine, batch);
      maybe_finish (engine);
      return;
    }

  response.retry_after = -1;
  response.should_retry = -1;
  if (!ok && g_error_matches (error, FX_HTTP_ERROR, FX_HTTP_ERROR_INVALID_URL))
    {
      remove_batch (engine, batch);
      stop (engine, g_error_new (FX_RUN_ERROR, FX_RUN_ERROR_FAILED, "%s", error->message));
      return;
    }
  if (!ok && g_error_matches (error, FX_HTTP_ERROR, FX_HTTP_ERROR_REDIRECT))
    {
      /* a setting to correct, not a passing trouble: asking again changes nothing */
      fx_provider_response_fail (&response, FX_OUTCOME_BAD_REQUEST, "%s", error->message);
      handle_response (engine, batch, http->status, http->body, &response, NULL);
      fx_provider_response_clear (&response);
      return;
    }
  if (!ok && g_error_matches (error, FX_HTTP_ERROR, FX_HTTP_ERROR_TOO_LARGE))
    {
      /* only the first bytes are kept for the record */
      fx_provider_response_fail (&response, FX_OUTCOME_INVALID_RESPONSE, "%s", error->message);
      handle_response (engine, batch, http->status, http->body, &response, NULL);
      fx_provider_response_clear (&response);
      return;
    }
  if (!ok)
    {
      g_autofree char *message = g_strdup_printf ("cannot reach the provider: %s", error->message);

      handle_response (engine, batch, http->status, NULL, NULL, message);
      return;
    }

  engine->options.provider->parse_response (http->status, http->headers, http->body != NULL ? http->body : "",
                                            http->length, &response);
  handle_response (engine, batch, http->status, http->body, &response, NULL);
  fx_provider_response_clear (&response);
}

static gboolean
baseline_answer (gpointer data)
{
  Batch *batch = data;
  Engine *engine = batch->engine;
  FxProviderResponse response = { 0 };
  guint64 index = engine->next_batch++;

  batch->retry_source = 0;
  if (engine->stopping)
    {
      remove_batch (engine, batch);
      maybe_finish (engine);
      return G_SOURCE_REMOVE;
    }

  response.outcome = FX_OUTCOME_OK;
  response.rows = fx_baseline_sample (engine->options.baseline, engine->options.seed, index, batch->n_rows);
  response.retry_after = -1;
  response.should_retry = -1;
  batch->prompt_text = g_strdup_printf ("baseline %s, seed %" G_GUINT64_FORMAT ", batch %" G_GUINT64_FORMAT ", %u rows",
                                        engine->options.config.model, engine->options.seed, index, batch->n_rows);
  handle_response (engine, batch, 0, NULL, &response, NULL);
  fx_provider_response_clear (&response);
  return G_SOURCE_REMOVE;
}

static void
start_batch (Engine *engine,
             guint   n_rows)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->engine = engine;
  batch->n_rows = n_rows;
  batch->attempt = 1;
  batch->started = g_get_monotonic_time ();
  g_ptr_array_add (engine->batches, batch);
  engine->in_flight_rows += n_rows;

  if (engine->options.provider == NULL)
    {
      batch->retry_source = g_idle_add (baseline_answer, batch);
      return;
    }

  batch->prompt = fx_strategy_build_prompt (engine->options.strategy, n_rows, engine->options.n_rows);
  batch->prompt_text = g_strdup_printf ("%s\n\n%s", batch->prompt->system, batch->prompt->user);
  {
    /* one seed per request: the same seed on the same prompt asks for the same answer */
    FxProviderConfig config = engine->options.config;

    if (config.seed >= 0)
      config.seed = (gint64) ((guint64) config.seed * 1000003u + engine->next_batch) & G_MAXINT32;
    engine->next_batch++;
    batch->request = engine->options.provider->build_request (&config, batch->prompt,
                                                              engine->row_schema, n_rows);
  }
  if (batch->request == NULL)
    {
      remove_batch (engine, batch);
      stop (engine, g_error_new (FX_RUN_ERROR, FX_RUN_ERROR_FAILED,
                                 "the %s provider needs a base URL", engine->options.provider->name));
      return;
    }

  send_batch (engine, batch);
}

static void
send_batch (Engine *engine,
            Batch  *batch)
{
  fx_http_send_async (engine->session, batch->request, engine->options.config.timeout_seconds,
                      engine->options.max_response_bytes, engine->abort, on_sent, batch);
}

static gboolean
pump_later (gpointer data)
{
  Engine *engine = data;

  engine->cool_source = 0;
  end_wait (engine);
  pump (engine);
  maybe_finish (engine);
  return G_SOURCE_REMOVE;
}

static void
pump (Engine *engine)
{
  gint64 now = g_get_monotonic_time ();

  if (check_cancelled (engine))
    return;
  if (now < engine->not_before)
    {
      /* a provider asked for a pause: no new request until it is over */
      if (engine->cool_source == 0)
        engine->cool_source = g_timeout_add ((guint) ((engine->not_before - now) / 1000) + 1, pump_later, engine);
      return;
    }

  while (!engine->stopping &&
         engine->batches->len < MAX (engine->options.concurrency, 1) &&
         engine->status.accepted + engine->in_flight_rows < engine->status.target)
    {
      gsize missing = engine->status.target - engine->status.accepted - engine->in_flight_rows;

      start_batch (engine, (guint) MIN (missing, engine->current_rows));
    }
}

static gboolean
poll_cancelled (gpointer data)
{
  Engine *engine = data;

  check_cancelled (engine);
  return G_SOURCE_CONTINUE;
}

void
fx_run_execute_async (const FxRunOptions  *options,
                      GCancellable        *cancellable,
                      FxRunProgressFunc    progress,
                      gpointer             progress_data,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  Engine *engine = g_new0 (Engine, 1);
  g_autoptr(GError) error = NULL;
  gint64 accepted;

  engine->options = *options;
  /* the engine watches the cancellable itself, to mark the run cancelled */
  engine->task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (engine->task, fx_run_execute_async);
  g_task_set_task_data (engine->task, engine, (GDestroyNotify) engine_free);
  engine->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  engine->progress = progress;
  engine->progress_data = progress_data;
  engine->batches = g_ptr_array_new_with_free_func ((GDestroyNotify) batch_free);
  engine->current_rows = MAX (options->batch_rows, 1);
  engine->started = g_get_monotonic_time ();
  engine->rand = g_rand_new_with_seed ((guint32) options->seed ^ 0x9e3779b9u);
  engine->status.target = options->n_rows;

  accepted = fx_store_count_accepted (options->store, options->run_id, &error);
  if (accepted < 0)
    {
      GTask *task = g_steal_pointer (&engine->task);

      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  engine->status.accepted = accepted;
  {
    g_autoptr(FxRunRecord) record = fx_store_get_run (options->store, options->run_id, NULL);

    /* a resumed baseline run continues with fresh batches */
    engine->next_batch = record != NULL ? (guint64) record->requests : 0;
  }
  fx_store_set_run_status (options->store, options->run_id, FX_RUN_RUNNING, NULL, NULL);

  if (options->provider != NULL)
    {
      engine->session = fx_http_session_new (MAX (options->concurrency, 1) + 2);
      engine->abort = g_cancellable_new ();
      /* the naive strategy asks in JSON mode, without the columns' definitions */
      if (fx_strategy_kind_constrains_output (fx_strategy_get_kind (options->strategy)))
        engine->row_schema = fx_row_json_schema (options->schema);
    }

  /* cancellation is noticed from the main context, whichever thread cancels */
  engine->poll_source = g_timeout_add_full (G_PRIORITY_HIGH, 100, poll_cancelled, engine, NULL);

  report (engine);
  pump (engine);
  maybe_finish (engine);
}

gboolean
fx_run_execute_finish (GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
