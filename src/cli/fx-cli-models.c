/* fx-cli-models.c: facsimile-cli models: a provider's models, which tests the
 * connection and the key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "fx-cli.h"
#include "fx-cli-job.h"
#include "fx-models.h"

typedef struct
{
  GMainLoop *loop;
  GPtrArray *models;
  FxOutcome  outcome;
  GError    *error;
} Fetch;

static void
on_models (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Fetch *fetch = data;

  fetch->models = fx_provider_list_models_finish (result, &fetch->outcome, &fetch->error);
  g_main_loop_quit (fetch->loop);
}

int
fx_cli_models (int    argc,
               char **argv)
{
  g_autofree char *provider = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *key = NULL;
  FxProviderConfig config = { 0 };
  gint64 timeout = 30;
  const FxProviderClass *klass;
  Fetch fetch = { loop, NULL, FX_OUTCOME_OK, NULL };
  const GOptionEntry entries[] = {
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider, N_("openai, anthropic, gemini or openai-compatible"), N_("NAME") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url, N_("The provider's address"), N_("URL") },
    { "timeout", 0, 0, G_OPTION_ARG_INT64, &timeout, N_("Seconds to wait for the whole list (default 30)"), N_("S") },
    { NULL }
  };

  context = g_option_context_new (_("— list a provider's models (tests the connection and the key)"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!fx_cli_parse (context, &argc, &argv))
    return FX_CLI_BAD_INPUT;
  if (provider == NULL || (klass = fx_provider_lookup (provider)) == NULL)
    {
      fx_cli_error (_("models needs --provider openai, anthropic, gemini or openai-compatible"));
      return FX_CLI_BAD_INPUT;
    }
  if (timeout < 1 || timeout > 86400)
    {
      fx_cli_error (_("--timeout must be 1 to 86400 seconds"));
      return FX_CLI_BAD_INPUT;
    }
  if (klass->default_base_url == NULL && base_url == NULL)
    {
      fx_cli_error (_("the %s provider needs --base-url"), provider);
      return FX_CLI_BAD_INPUT;
    }
  if (base_url != NULL && !fx_job_valid_base_url (base_url))
    {
      fx_cli_error (_("--base-url must be an http:// or https:// address, not “%s”"), base_url);
      return FX_CLI_BAD_INPUT;
    }
  if (!fx_cli_find_key (provider, &key))
    return FX_CLI_BAD_INPUT;
  config.base_url = base_url;
  config.api_key = key;
  config.timeout_seconds = (guint) timeout;

  fx_provider_list_models_async (klass, &config, NULL, on_models, &fetch);
  g_main_loop_run (loop);
  if (fetch.models == NULL)
    {
      fx_cli_error (_("%s: %s (%s)"), provider, fetch.error->message, fx_outcome_to_string (fetch.outcome));
      g_clear_error (&fetch.error);
      return FX_CLI_FAILED;
    }
  for (guint i = 0; i < fetch.models->len; i++)
    printf ("%s\n", (char *) g_ptr_array_index (fetch.models, i));
  fprintf (stderr, _("%s: connected, %u models\n"), provider, fetch.models->len);
  g_ptr_array_unref (fetch.models);
  return FX_CLI_OK;
}
