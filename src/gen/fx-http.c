/* fx-http.c: one HTTP request, ready to send
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fx-http.h"

FxHttpRequest *
fx_http_request_new (const char *method,
                     const char *url)
{
  FxHttpRequest *request;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);

  request = g_new0 (FxHttpRequest, 1);
  request->method = g_strdup (method);
  request->url = g_strdup (url);
  request->header_names = g_ptr_array_new_with_free_func (g_free);
  request->header_values = g_ptr_array_new_with_free_func (g_free);
  request->header_secret = g_array_new (FALSE, FALSE, sizeof (gboolean));
  return request;
}

void
fx_http_request_add_header (FxHttpRequest *request,
                            const char    *name,
                            const char    *value,
                            gboolean       secret)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  secret = !!secret;
  g_ptr_array_add (request->header_names, g_strdup (name));
  g_ptr_array_add (request->header_values, g_strdup (value));
  g_array_append_val (request->header_secret, secret);
}

const char *
fx_http_request_get_header (const FxHttpRequest *request,
                            const char          *name)
{
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  /* HTTP header names are case-insensitive. */
  for (guint i = 0; i < request->header_names->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (request->header_names, i), name) == 0)
      return g_ptr_array_index (request->header_values, i);
  return NULL;
}

void
fx_http_request_free (FxHttpRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->method);
  g_free (request->url);
  g_ptr_array_unref (request->header_names);
  g_ptr_array_unref (request->header_values);
  g_array_unref (request->header_secret);
  g_free (request->body);
  g_free (request);
}
