/* fx-http-send.c: sending one request, bounded in time and size
 *
 * libsoup's own timeout is an idle timeout: every byte restarts it, so a server that
 * trickles its answer would hold a request forever.  Here one timer covers the whole
 * exchange and cancels it, and the body is read in pieces so that reading stops as
 * soon as it passes the limit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fx-http.h"

G_DEFINE_QUARK (fx-http-error-quark, fx_http_error)

#define DEFAULT_TIMEOUT_SECONDS 300
#define READ_CHUNK              (64 * 1024)

typedef struct
{
  SoupMessage    *message;
  GCancellable   *cancellable;   /* ours: cancelled by the timer or the caller's */
  GCancellable   *outer;         /* (nullable) the caller's */
  gulong          outer_id;
  GSource        *timer;
  gboolean        timed_out;
  guint           timeout_seconds;
  gsize           max_bytes;
  GInputStream   *stream;
  GByteArray     *body;
  FxHttpResponse *response;
} Send;

void
fx_http_response_free (FxHttpResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->headers, g_hash_table_unref);
  g_free (response->body);
  g_free (response);
}

static void
send_free (Send *send)
{
  if (send->timer != NULL)
    {
      g_source_destroy (send->timer);
      g_source_unref (send->timer);
    }
  if (send->outer != NULL)
    {
      g_cancellable_disconnect (send->outer, send->outer_id);
      g_object_unref (send->outer);
    }
  g_clear_object (&send->cancellable);
  g_clear_object (&send->stream);
  g_clear_object (&send->message);
  if (send->body != NULL)
    g_byte_array_unref (send->body);
  fx_http_response_free (send->response);
  g_free (send);
}

SoupSession *
fx_http_session_new (guint max_conns)
{
  max_conns = MAX (max_conns, 1);
  return soup_session_new_with_options ("max-conns", max_conns,
                                        "max-conns-per-host", max_conns,
                                        "user-agent", "Facsimile/" PACKAGE_VERSION " ",
                                        NULL);
}

static gboolean
on_timeout (gpointer data)
{
  Send *send = data;

  send->timed_out = TRUE;
  g_cancellable_cancel (send->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_outer_cancelled (GCancellable *outer,
                    gpointer      data)
{
  /* may run in another thread: cancelling is safe from any */
  g_cancellable_cancel (data);
}

/* Ends the exchange: the answer is handed over whatever happened. */
static void
finish (GTask  *task,
        GError *error)
{
  Send *send = g_task_get_task_data (task);

  if (send->timer != NULL)
    {
      g_source_destroy (send->timer);
      g_clear_pointer (&send->timer, g_source_unref);
    }
  if (send->body != NULL)
    {
      gsize kept = error != NULL && g_error_matches (error, FX_HTTP_ERROR, FX_HTTP_ERROR_TOO_LARGE)
                   ? MIN (send->body->len, FX_HTTP_KEPT_BYTES) : send->body->len;

      send->response->body = g_strndup ((const char *) send->body->data, kept);
      send->response->length = kept;
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Why the exchange failed, from libsoup's error: the timer, the caller or the network. */
static GError *
failure (Send   *send,
         GError *error)
{
  if (send->timed_out)
    return g_error_new (FX_HTTP_ERROR, FX_HTTP_ERROR_TIMEOUT,
                        "no complete answer within %u s (the timeout)", send->timeout_seconds);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new_literal (FX_HTTP_ERROR, FX_HTTP_ERROR_CANCELLED, "cancelled");
  return g_error_new (FX_HTTP_ERROR, FX_HTTP_ERROR_NETWORK, "%s", error->message);
}

/* "8.0 MiB", with a plain space: messages go to logs and terminals */
static char *
format_size (guint64 bytes)
{
  return g_strdup_printf ("%.1f MiB", bytes / (1024.0 * 1024.0));
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GTask *task = data;
  Send *send = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);

  if (bytes == NULL)
    {
      finish (task, failure (send, error));
      g_object_unref (task);
      return;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      finish (task, NULL);
      g_object_unref (task);
      return;
    }
  g_byte_array_append (send->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (send->body->len > send->max_bytes)
    {
      g_autofree char *limit = format_size (send->max_bytes);

      /* the rest is not read: the connection goes with the stream */
      finish (task, g_error_new (FX_HTTP_ERROR, FX_HTTP_ERROR_TOO_LARGE,
                                 "the answer is larger than %s (the limit for one answer); "
                                 "it was not read to its end", limit));
      g_object_unref (task);
      return;
    }
  g_input_stream_read_bytes_async (send->stream, READ_CHUNK, G_PRIORITY_DEFAULT, send->cancellable,
                                   on_read, task);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GTask *task = data;
  Send *send = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  SoupMessageHeadersIter iter;
  const char *name, *value;
  goffset declared;

  send->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (send->stream == NULL)
    {
      finish (task, failure (send, error));
      g_object_unref (task);
      return;
    }

  send->response->status = soup_message_get_status (send->message);
  headers = soup_message_get_response_headers (send->message);
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_hash_table_insert (send->response->headers, g_ascii_strdown (name, -1), g_strdup (value));

  if (SOUP_STATUS_IS_REDIRECTION (send->response->status))
    {
      const char *location = soup_message_headers_get_one (headers, "Location");

      finish (task, g_error_new (FX_HTTP_ERROR, FX_HTTP_ERROR_REDIRECT,
                                 "the server answered %u, a redirect%s%s; redirects are not followed for API calls: "
                                 "give the final address as the base URL",
                                 send->response->status, location != NULL ? " to " : "",
                                 location != NULL ? location : ""));
      g_object_unref (task);
      return;
    }

  declared = soup_message_headers_get_content_length (headers);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      declared > 0 && (guint64) declared > send->max_bytes)
    {
      g_autofree char *size = format_size (declared);
      g_autofree char *limit = format_size (send->max_bytes);

      finish (task, g_error_new (FX_HTTP_ERROR, FX_HTTP_ERROR_TOO_LARGE,
                                 "the answer is %s, more than %s (the limit for one answer); it was not read",
                                 size, limit));
      g_object_unref (task);
      return;
    }

  send->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (send->stream, READ_CHUNK, G_PRIORITY_DEFAULT, send->cancellable,
                                   on_read, task);
}

void
fx_http_send_async (SoupSession         *session,
                    const FxHttpRequest *request,
                    guint                timeout_seconds,
                    gsize                max_bytes,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task = g_task_new (session, NULL, callback, user_data);
  Send *send = g_new0 (Send, 1);
  SoupMessageHeaders *headers;

  g_task_set_source_tag (task, fx_http_send_async);
  g_task_set_task_data (task, send, (GDestroyNotify) send_free);
  send->timeout_seconds = timeout_seconds > 0 ? timeout_seconds : DEFAULT_TIMEOUT_SECONDS;
  send->max_bytes = max_bytes > 0 ? max_bytes : FX_HTTP_DEFAULT_MAX_BYTES;
  send->response = g_new0 (FxHttpResponse, 1);
  send->response->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  send->cancellable = g_cancellable_new ();

  send->message = soup_message_new (request->method, request->url);
  if (send->message == NULL)
    {
      finish (task, g_error_new (FX_HTTP_ERROR, FX_HTTP_ERROR_INVALID_URL, "not a valid URL: %s", request->url));
      g_object_unref (task);
      return;
    }
  soup_message_add_flags (send->message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (send->message);
  for (guint i = 0; i < request->header_names->len; i++)
    soup_message_headers_replace (headers, g_ptr_array_index (request->header_names, i),
                                  g_ptr_array_index (request->header_values, i));
  if (request->body != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (request->body, strlen (request->body));

      soup_message_set_request_body_from_bytes (send->message, "application/json", body);
    }

  if (cancellable != NULL)
    {
      send->outer = g_object_ref (cancellable);
      send->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (on_outer_cancelled),
                                              g_object_ref (send->cancellable), g_object_unref);
    }
  send->timer = g_timeout_source_new (send->timeout_seconds * 1000);
  g_source_set_callback (send->timer, on_timeout, send, NULL);
  g_source_attach (send->timer, g_main_context_get_thread_default ());

  soup_session_send_async (session, send->message, G_PRIORITY_DEFAULT, send->cancellable, on_sent, task);
}

gboolean
fx_http_send_finish (GAsyncResult    *result,
                     FxHttpResponse **response,
                     GError         **error)
{
  Send *send = g_task_get_task_data (G_TASK (result));

  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  if (response != NULL)
    *response = g_steal_pointer (&send->response);
  return g_task_propagate_boolean (G_TASK (result), error);
}
