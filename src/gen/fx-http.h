/* fx-http.h: one HTTP request, ready to send, and sending it
 *
 * Sending is bounded in every way a server can stretch it: the timeout covers the
 * whole answer (a server that sends a byte a second is cut at the timeout, not kept
 * alive by its trickle), at most FX_HTTP_DEFAULT_MAX_BYTES of a body are read, and a
 * redirect is not followed (an API call that is redirected would send its key and
 * prompt to an address nobody chose).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* One HTTP request, ready to send.  Headers carrying the key are marked so that the
 * store and every log can leave them out. */
typedef struct
{
  char      *method;        /* "GET" or "POST" */
  char      *url;
  GPtrArray *header_names;  /* (element-type utf8) */
  GPtrArray *header_values; /* (element-type utf8) */
  GArray    *header_secret; /* (element-type gboolean): TRUE for a header holding the key */
  char      *body;          /* nullable: JSON text */
} FxHttpRequest;

FxHttpRequest *fx_http_request_new         (const char    *method,
                                            const char    *url);
void           fx_http_request_add_header  (FxHttpRequest *request,
                                            const char    *name,
                                            const char    *value,
                                            gboolean       secret);
const char    *fx_http_request_get_header  (const FxHttpRequest *request,
                                            const char    *name);
void           fx_http_request_free        (FxHttpRequest *request);

/* What one answer may weigh: a page of rows is a few hundred kilobytes at most. */
#define FX_HTTP_DEFAULT_MAX_BYTES (8 * 1024 * 1024)
/* What is kept of a body that is too large, for the record. */
#define FX_HTTP_KEPT_BYTES        4096

#define FX_HTTP_ERROR (fx_http_error_quark ())

typedef enum
{
  FX_HTTP_ERROR_INVALID_URL,
  FX_HTTP_ERROR_NETWORK,     /* no answer: refused, reset, name not found... */
  FX_HTTP_ERROR_TIMEOUT,     /* no complete answer within the timeout */
  FX_HTTP_ERROR_TOO_LARGE,   /* a body over the limit: only its first bytes are kept */
  FX_HTTP_ERROR_REDIRECT,    /* a 3xx answer, not followed */
  FX_HTTP_ERROR_CANCELLED,
} FxHttpError;

GQuark fx_http_error_quark (void);

/* An answer, or what came of it before it failed. */
typedef struct
{
  guint       status;   /* 0 when no status line came */
  GHashTable *headers;  /* lower-case name -> value; empty when none came */
  char       *body;     /* NUL-terminated (nullable); only the first FX_HTTP_KEPT_BYTES
                         * after FX_HTTP_ERROR_TOO_LARGE */
  gsize       length;
} FxHttpResponse;

void fx_http_response_free (FxHttpResponse *response);

/* A session for API calls, with at most @max_conns connections. */
SoupSession *fx_http_session_new  (guint                 max_conns);

/* Sends @request (copied) on @session.  @timeout_seconds (0: 300) bounds everything
 * from connecting to the last byte of the body; @max_bytes (0: the default) bounds
 * the body. */
void         fx_http_send_async   (SoupSession          *session,
                                   const FxHttpRequest  *request,
                                   guint                 timeout_seconds,
                                   gsize                 max_bytes,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
/* TRUE with a complete answer of any status but a redirect; FALSE with @error set.
 * *@response is set either way (status 0 and no body when nothing came), so that a
 * failed exchange can be recorded. */
gboolean     fx_http_send_finish  (GAsyncResult         *result,
                                   FxHttpResponse      **response,
                                   GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxHttpRequest, fx_http_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxHttpResponse, fx_http_response_free)

G_END_DECLS
