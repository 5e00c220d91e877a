/* fx-credentials.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsecret/secret.h>

#include "fx-credentials.h"

static const SecretSchema *
key_schema (void)
{
  static const SecretSchema schema = {
    "io.github.facsimile.Facsimile.ApiKey", SECRET_SCHEMA_NONE,
    {
      { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

const char * const *
fx_credentials_variables (const char *provider)
{
  static const char * const openai[] = { "OPENAI_API_KEY", NULL };
  static const char * const anthropic[] = { "ANTHROPIC_API_KEY", NULL };
  static const char * const gemini[] = { "GEMINI_API_KEY", "GOOGLE_API_KEY", NULL };
  static const char * const compatible[] = { "FACSIMILE_API_KEY", NULL };
  static const char * const none[] = { NULL };

  if (g_strcmp0 (provider, "openai") == 0)
    return openai;
  if (g_strcmp0 (provider, "anthropic") == 0)
    return anthropic;
  if (g_strcmp0 (provider, "gemini") == 0)
    return gemini;
  if (g_strcmp0 (provider, "openai-compatible") == 0)
    return compatible;
  return none;
}

char *
fx_credentials_lookup (const char   *provider,
                       gboolean      use_environment,
                       FxKeySource  *source,
                       GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  char *key;

  if (source != NULL)
    *source = FX_KEY_NONE;

  if (use_environment)
    for (const char * const *v = fx_credentials_variables (provider); *v != NULL; v++)
      {
        const char *value = g_getenv (*v);

        if (value != NULL && value[0] != '\0')
          {
            if (source != NULL)
              *source = FX_KEY_ENVIRONMENT;
            return g_strdup (value);
          }
      }

  key = secret_password_lookup_sync (key_schema (), NULL, &local_error,
                                     "provider", provider, NULL);
  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "cannot read the keyring: ");
      return NULL;
    }
  if (key == NULL)
    return NULL;

  if (source != NULL)
    *source = FX_KEY_KEYRING;
  {
    /* secret memory is freed with its own function; hand back ordinary memory */
    char *copy = g_strdup (key);

    secret_password_free (key);
    return copy;
  }
}

gboolean
fx_credentials_store (const char  *provider,
                      const char  *key,
                      GError     **error)
{
  g_autofree char *label = g_strdup_printf ("Facsimile: %s", provider);

  /* one entry per provider: the old one goes first */
  if (!fx_credentials_clear (provider, error))
    return FALSE;
  return secret_password_store_sync (key_schema (), SECRET_COLLECTION_DEFAULT, label, key,
                                     NULL, error, "provider", provider, NULL);
}

gboolean
fx_credentials_clear (const char  *provider,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  secret_password_clear_sync (key_schema (), NULL, &local_error, "provider", provider, NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
fx_credentials_has_key (const char  *provider,
                        GError     **error)
{
  g_autoptr(GHashTable) attributes = secret_attributes_build (key_schema (), "provider", provider, NULL);
  g_autoptr(SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, error);
  GList *items;
  gboolean found;

  if (service == NULL)
    return FALSE;
  items = secret_service_search_sync (service, key_schema (), attributes, SECRET_SEARCH_NONE, NULL, error);
  found = items != NULL;
  g_list_free_full (items, g_object_unref);
  return found;
}

void
fx_credentials_redact (char       *text,
                       const char *key)
{
  gsize key_len;
  char *p;

  if (text == NULL || key == NULL || key[0] == '\0')
    return;
  key_len = strlen (key);
  while ((p = strstr (text, key)) != NULL)
    memset (p, '*', key_len);
}

gboolean
fx_credentials_maskable (const char *key)
{
  return key != NULL && strlen (key) >= 8;
}

char *
fx_credentials_mask (const char *text,
                     const char *key)
{
  GString *out;
  const char *p, *found;
  gsize key_len;

  if (text == NULL)
    return NULL;
  if (!fx_credentials_maskable (key) || strstr (text, key) == NULL)
    return g_strdup (text);
  key_len = strlen (key);
  out = g_string_new (NULL);
  for (p = text; (found = strstr (p, key)) != NULL; p = found + key_len)
    {
      g_string_append_len (out, p, found - p);
      g_string_append (out, FX_CREDENTIALS_MASK);
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

/* ---- off the main thread ------------------------------------------------------ */

typedef struct
{
  char *provider;
  char *key;
} KeyJob;

static void
key_job_free (KeyJob *job)
{
  g_free (job->provider);
  if (job->key != NULL)
    memset (job->key, 0, strlen (job->key));
  g_free (job->key);
  g_free (job);
}

static GTask *
key_task (const char          *provider,
          const char          *key,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  KeyJob *job = g_new0 (KeyJob, 1);

  job->provider = g_strdup (provider);
  job->key = g_strdup (key);
  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, job, (GDestroyNotify) key_job_free);
  return task;
}

static void
store_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  KeyJob *job = data;
  GError *error = NULL;
  gboolean ok = job->key != NULL && job->key[0] != '\0'
                ? fx_credentials_store (job->provider, job->key, &error)
                : fx_credentials_clear (job->provider, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
fx_credentials_store_async (const char          *provider,
                            const char          *key,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = key_task (provider, key, cancellable, callback, user_data,
                                    fx_credentials_store_async);

  g_task_run_in_thread (task, store_thread);
}

gboolean
fx_credentials_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
has_key_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  KeyJob *job = data;
  GError *error = NULL;
  gboolean found = fx_credentials_has_key (job->provider, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, found);
}

void
fx_credentials_has_key_async (const char          *provider,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = key_task (provider, NULL, cancellable, callback, user_data,
                                    fx_credentials_has_key_async);

  g_task_run_in_thread (task, has_key_thread);
}

gboolean
fx_credentials_has_key_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  KeyJob *job = data;
  GError *error = NULL;
  char *key = fx_credentials_lookup (job->provider, FALSE, NULL, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, key, g_free);
}

void
fx_credentials_lookup_async (const char          *provider,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = key_task (provider, NULL, cancellable, callback, user_data,
                                    fx_credentials_lookup_async);

  g_task_run_in_thread (task, lookup_thread);
}

char *
fx_credentials_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
