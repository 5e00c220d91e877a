/* fx-http.h: one HTTP request, ready to send
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxHttpRequest, fx_http_request_free)

G_END_DECLS
