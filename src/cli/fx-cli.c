/* fx-cli.c: facsimile-cli, the headless front end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-cli.h"

G_GNUC_PRINTF (2, 0)
static void
print_line (const char *prefix,
            const char *format,
            va_list     args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  /* one line, whatever the message holds */
  g_strdelimit (message, "\r\n", ' ');
  fprintf (stderr, "facsimile-cli: %s%s\n", prefix, message);
}

void
fx_cli_error (const char *format,
              ...)
{
  va_list args;

  va_start (args, format);
  print_line ("", format, args);
  va_end (args);
}

void
fx_cli_warning (const char *format,
                ...)
{
  va_list args;

  va_start (args, format);
  print_line (_("warning: "), format, args);
  va_end (args);
}

gboolean
fx_cli_parse (GOptionContext  *context,
              int             *argc,
              char          ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fx_cli_error ("%s (see --help)", error->message);
      return FALSE;
    }
  return TRUE;
}

static void
usage (FILE *stream)
{
  fprintf (stream, "%s",
           _("Usage: facsimile-cli COMMAND [OPTION...]\n"
             "\n"
             "Compare synthetic health-record tables with real ones.\n"
             "\n"
             "Commands:\n"
             "  infer-schema DATA.csv [-o SCHEMA.json]   describe a table as a schema\n"
             "  compare --real R.csv --synthetic S.csv   compare a synthetic table with a real one\n"
             "  generate --schema S.json --provider P --rows N [...]\n"
             "                                           generate synthetic rows with a model or a baseline\n"
             "  runs list | show ID | resume ID | export ID -o OUT.csv\n"
             "                                           the runs in the store\n"
             "  models --provider P                      list a provider's models (tests the key)\n"
             "  plot --real R.csv --synthetic S.csv -o OUT.png|svg|pdf [...]\n"
             "                                           plot a feature, the correlations or the scores\n"
             "\n"
             "Run “facsimile-cli COMMAND --help” for the options of a command.\n"));
}

int
main (int    argc,
      char **argv)
{
  const char *command;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      usage (stderr);
      return FX_CLI_BAD_INPUT;
    }

  command = argv[1];
  if (g_str_equal (command, "--help") || g_str_equal (command, "-h") || g_str_equal (command, "help"))
    {
      usage (stdout);
      return FX_CLI_OK;
    }
  if (g_str_equal (command, "--version"))
    {
      printf ("facsimile-cli %s\n", PACKAGE_VERSION);
      return FX_CLI_OK;
    }
  if (g_str_equal (command, "compare"))
    return fx_cli_compare (argc - 1, argv + 1);
  if (g_str_equal (command, "infer-schema"))
    return fx_cli_infer_schema (argc - 1, argv + 1);
  if (g_str_equal (command, "generate"))
    return fx_cli_generate (argc - 1, argv + 1);
  if (g_str_equal (command, "runs"))
    return fx_cli_runs (argc - 1, argv + 1);
  if (g_str_equal (command, "models"))
    return fx_cli_models (argc - 1, argv + 1);
  if (g_str_equal (command, "plot"))
    return fx_cli_plot (argc - 1, argv + 1);

  fx_cli_error (_("unknown command “%s” (see --help)"), command);
  return FX_CLI_BAD_INPUT;
}
