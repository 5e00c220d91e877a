/* main.c: facsimile, the desktop application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "fx-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(FxApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* FACSIMILE_LOCALEDIR: the translations built in the build tree (meson devenv, tests) */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("FACSIMILE_LOCALEDIR") != NULL ? g_getenv ("FACSIMILE_LOCALEDIR")
                                                                        : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = fx_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
