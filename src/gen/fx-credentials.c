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
