/* fx-credentials.h: API keys, kept in the keyring or the environment, never elsewhere
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where a key was found, for messages that say so without showing it. */
typedef enum
{
  FX_KEY_NONE,
  FX_KEY_ENVIRONMENT,
  FX_KEY_KEYRING,
} FxKeySource;

/* The environment variables the CLI reads for @provider, in order of preference
 * (NULL-terminated; static). */
const char * const *fx_credentials_variables (const char  *provider);

/* The key for @provider: the environment first (when @use_environment), then the
 * keyring.  Returns NULL when there is none; *@source says where it came from and
 * @error is set only when the keyring itself failed. */
char     *fx_credentials_lookup  (const char   *provider,
                                  gboolean      use_environment,
                                  FxKeySource  *source,
                                  GError      **error);
/* Stores @key in the keyring (Secret Service) under the label "Facsimile: PROVIDER". */
gboolean  fx_credentials_store   (const char   *provider,
                                  const char   *key,
                                  GError      **error);
gboolean  fx_credentials_clear   (const char   *provider,
                                  GError      **error);
/* Whether the keyring holds a key for @provider, without reading it. */
gboolean  fx_credentials_has_key (const char   *provider,
                                  GError      **error);

/* The same off the calling thread, for the interface: the keyring answers over D-Bus
 * and may ask the user to unlock it.  @key NULL clears the entry. */
void      fx_credentials_store_async  (const char          *provider,
                                       const char          *key,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean  fx_credentials_store_finish (GAsyncResult        *result,
                                       GError             **error);
void      fx_credentials_has_key_async  (const char          *provider,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  fx_credentials_has_key_finish (GAsyncResult        *result,
                                         GError             **error);
/* The key from the keyring only (never the environment), or NULL. */
void      fx_credentials_lookup_async  (const char          *provider,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char     *fx_credentials_lookup_finish (GAsyncResult        *result,
                                        GError             **error);

/* Replaces every occurrence of @key in @text (in place, same length) by asterisks,
 * so a key echoed back by a server never reaches a log, the store or a message. */
void      fx_credentials_redact  (char         *text,
                                  const char   *key);

/* What stands for a key in a text: FX_CREDENTIALS_MASK. */
#define FX_CREDENTIALS_MASK "[API key]"

/* Whether @key (nullable) is long enough to be looked for: a key of a few characters
 * would be found in any text, and such a key is no secret. */
gboolean  fx_credentials_maskable (const char  *key);
/* A copy of @text (nullable) with every occurrence of @key replaced by
 * FX_CREDENTIALS_MASK, when @key is maskable. */
char     *fx_credentials_mask    (const char   *text,
                                  const char   *key);

G_END_DECLS
