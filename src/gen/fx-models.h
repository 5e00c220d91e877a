/* fx-models.h: a provider's live model list, which also tests the connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fx-provider.h"

G_BEGIN_DECLS

/* Asks @provider for its models with @config (base URL and key).  The whole answer
 * must come within @config's timeout (0: 30 s), is at most FX_HTTP_DEFAULT_MAX_BYTES
 * and is not looked for behind a redirect.  The key is never part of an error
 * message. */
void       fx_provider_list_models_async  (const FxProviderClass  *provider,
                                           const FxProviderConfig *config,
                                           GCancellable           *cancellable,
                                           GAsyncReadyCallback     callback,
                                           gpointer                user_data);
/* (element-type utf8) the model ids, or NULL with @error; *@outcome says what kind of
 * failure it was (auth error, quota, network...). */
GPtrArray *fx_provider_list_models_finish (GAsyncResult           *result,
                                           FxOutcome              *outcome,
                                           GError                **error);

G_END_DECLS
