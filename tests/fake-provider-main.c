/* fake-provider-main.c: the fake provider as a program, for tests of facsimile-cli
 *
 *   fake-provider [--key KEY] [--faults SCRIPT] [--delay MS] [--slow MS] [--models-delay MS]
 *
 * Prints "PORT" on its first line once listening, and serves until killed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "fx-fake-provider.h"

int
main (int    argc,
      char **argv)
{
  g_autofree char *key = NULL;
  g_autofree char *faults = NULL;
  gint delay = 0, slow = 5000, models_delay = 0;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *url = NULL;
  FxFakeProvider *fake;
  const GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, "Required API key", "KEY" },
    { "faults", 0, 0, G_OPTION_ARG_STRING, &faults, "Fault script", "SCRIPT" },
    { "delay", 0, 0, G_OPTION_ARG_INT, &delay, "Delay of every answer (ms)", "MS" },
    { "slow", 0, 0, G_OPTION_ARG_INT, &slow, "Delay of a 'slow' answer (ms)", "MS" },
    { "models-delay", 0, 0, G_OPTION_ARG_INT, &models_delay, "Delay of a list of models (ms)", "MS" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  fake = fx_fake_provider_new (key, &error);
  if (fake == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  fx_fake_provider_set_faults (fake, faults);
  fx_fake_provider_set_delay (fake, delay);
  fx_fake_provider_set_slow (fake, slow);
  fx_fake_provider_set_models_delay (fake, models_delay);
  url = fx_fake_provider_get_base_url (fake);
  printf ("%s\n", url);
  fflush (stdout);
  g_main_loop_run (loop);
  fx_fake_provider_free (fake);
  return 0;
}
