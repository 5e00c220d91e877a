/* fx-models.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "fx-credentials.h"
#include "fx-models.h"

typedef struct
{
  const FxProviderClass *provider;
  SoupSession           *session;
  SoupMessage           *message;
  char                  *key;
  FxOutcome              outcome;
} ListModels;

static void
list_models_free (ListModels *state)
{
  g_clear_object (&state->session);
  g_clear_object (&state->message);
  if (state->key != NULL)
    memset (state->key, 0, strlen (state->key));
  g_free (state->key);
  g_free (state);
}

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  ListModels *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(GHashTable) headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *text = NULL;
  SoupMessageHeadersIter iter;
  const char *name, *value;
  GPtrArray *models;
  gsize length = 0;
  const char *body;

  if (bytes == NULL)
    {
      state->outcome = FX_OUTCOME_NETWORK_ERROR;
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE,
                               "cannot reach %s: %s", state->provider->display_name, error->message);
      return;
    }

  soup_message_headers_iter_init (&iter, soup_message_get_response_headers (state->message));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_hash_table_insert (headers, g_ascii_strdown (name, -1), g_strdup (value));
  body = g_bytes_get_data (bytes, &length);
  text = g_strndup (body != NULL ? body : "", length);

  state->outcome = FX_OUTCOME_OK;
  models = state->provider->parse_list_models (soup_message_get_status (state->message), headers,
                                               text, length, &state->outcome, &error);
  if (models == NULL)
    {
      g_autofree char *safe = g_strdup (error->message);

      if (state->key != NULL && strlen (state->key) >= 8)
        fx_credentials_redact (safe, state->key);
      g_task_return_new_error (task, error->domain, error->code, "%s", safe);
      return;
    }
  g_task_return_pointer (task, models, (GDestroyNotify) g_ptr_array_unref);
}

void
fx_provider_list_models_async (const FxProviderClass  *provider,
                               const FxProviderConfig *config,
                               GCancellable           *cancellable,
                               GAsyncReadyCallback     callback,
                               gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(FxHttpRequest) request = NULL;
  ListModels *state = g_new0 (ListModels, 1);

  g_task_set_source_tag (task, fx_provider_list_models_async);
  g_task_set_task_data (task, state, (GDestroyNotify) list_models_free);
  state->provider = provider;
  state->key = g_strdup (config->api_key);
  state->outcome = FX_OUTCOME_BAD_REQUEST;

  request = provider->build_list_models (config);
  if (request == NULL || (state->message = soup_message_new (request->method, request->url)) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "%s needs a valid base URL (http:// or https://)", provider->display_name);
      return;
    }
  for (guint i = 0; i < request->header_names->len; i++)
    soup_message_headers_replace (soup_message_get_request_headers (state->message),
                                  g_ptr_array_index (request->header_names, i),
                                  g_ptr_array_index (request->header_values, i));

  state->session = soup_session_new_with_options ("timeout", config->timeout_seconds > 0 ? config->timeout_seconds : 30,
                                                  "user-agent", "Facsimile/" PACKAGE_VERSION " ",
                                                  NULL);
  soup_session_send_and_read_async (state->session, state->message, G_PRIORITY_DEFAULT, cancellable,
                                    on_fetched, g_steal_pointer (&task));
}

GPtrArray *
fx_provider_list_models_finish (GAsyncResult  *result,
                                FxOutcome     *outcome,
                                GError       **error)
{
  ListModels *state = g_task_get_task_data (G_TASK (result));

  if (outcome != NULL)
    *outcome = state->outcome;
  return g_task_propagate_pointer (G_TASK (result), error);
}
