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
  char                  *key;
  FxOutcome              outcome;
} ListModels;

static void
list_models_free (ListModels *state)
{
  g_clear_object (&state->session);
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
  g_autoptr(FxHttpResponse) response = NULL;
  GPtrArray *models;

  if (!fx_http_send_finish (result, &response, &error))
    {
      g_autofree char *safe = fx_credentials_mask (error->message, state->key);

      state->outcome = g_error_matches (error, FX_HTTP_ERROR, FX_HTTP_ERROR_REDIRECT) ? FX_OUTCOME_BAD_REQUEST
                       : g_error_matches (error, FX_HTTP_ERROR, FX_HTTP_ERROR_TOO_LARGE) ? FX_OUTCOME_INVALID_RESPONSE
                       : FX_OUTCOME_NETWORK_ERROR;
      if (g_error_matches (error, FX_HTTP_ERROR, FX_HTTP_ERROR_CANCELLED))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      else if (state->outcome == FX_OUTCOME_NETWORK_ERROR)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE,
                                 "cannot reach %s: %s", state->provider->display_name, safe);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", state->provider->display_name, safe);
      return;
    }

  state->outcome = FX_OUTCOME_OK;
  models = state->provider->parse_list_models (response->status, response->headers,
                                               response->body != NULL ? response->body : "", response->length,
                                               &state->outcome, &error);
  if (models == NULL)
    {
      g_autofree char *safe = fx_credentials_mask (error->message, state->key);

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
  g_autoptr(GUri) uri = NULL;
  ListModels *state = g_new0 (ListModels, 1);

  g_task_set_source_tag (task, fx_provider_list_models_async);
  g_task_set_task_data (task, state, (GDestroyNotify) list_models_free);
  state->provider = provider;
  state->key = g_strdup (config->api_key);
  state->outcome = FX_OUTCOME_BAD_REQUEST;

  request = provider->build_list_models (config);
  if (request == NULL || (uri = g_uri_parse (request->url, SOUP_HTTP_URI_FLAGS, NULL)) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "%s needs a valid base URL (http:// or https://)", provider->display_name);
      return;
    }

  state->session = fx_http_session_new (1);
  /* the whole list, not each byte of it, within the timeout */
  fx_http_send_async (state->session, request, config->timeout_seconds > 0 ? config->timeout_seconds : 30,
                      0, cancellable, on_fetched, g_steal_pointer (&task));
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
