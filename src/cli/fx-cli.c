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
#include "fx-csv.h"

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

gboolean
fx_cli_parse_options (GOptionContext  *context,
                      int             *argc,
                      char          ***argv)
{
  if (!fx_cli_parse (context, argc, argv))
    return FALSE;
  if (*argc > 1)
    {
      fx_cli_error (_("unexpected argument “%s” (see --help)"), (*argv)[1]);
      return FALSE;
    }
  return TRUE;
}

FxTable *
fx_cli_read_table (const char         *path,
                   const FxCsvOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxTable) table = fx_csv_read_file (path, options, &error);

  if (table == NULL)
    {
      fx_cli_error ("%s", error->message);
      return NULL;
    }
  if (table->n_rows == 0)
    {
      fx_cli_error (_("%s: the table has a header but no rows"), path);
      return NULL;
    }
  for (guint i = 0; i < table->warnings->len; i++)
    fx_cli_warning ("%s", (const char *) g_ptr_array_index (table->warnings, i));
  for (guint i = 0; i < table->columns->len; i++)
    {
      const FxColumn *c = g_ptr_array_index (table->columns, i);

      if (c->n_invalid > 0)
        fx_cli_warning (_("%s: %lu values of “%s” are not of type %s; "
                          "they are counted as missing"),
                        path, (gulong) c->n_invalid, c->name, fx_column_type_to_string (c->type));
    }
  return g_steal_pointer (&table);
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
             "  evaluate --real R.csv --synthetic S.csv --schema S.json | --run ID [...]\n"
             "                                           train on synthetic records, test on real ones\n"
             "  generate --schema S.json --provider P --rows N [...]\n"
             "                                           generate synthetic rows with a model or a baseline\n"
             "  runs list | show ID | resume ID | export ID -o OUT.csv\n"
             "                                           the runs in the store\n"
             "  models --provider P                      list a provider's models (tests the key)\n"
             "  plot --real R.csv --synthetic S.csv -o OUT.png|svg|pdf [...]\n"
             "                                           plot a feature, the correlations or the scores\n"
             "  report --real R.csv --synthetic S.csv | --run ID [...] -o OUT.pdf|html|json|csv\n"
             "                                           a fidelity report to share\n"
             "  study --plan PLAN.json [--dry-run] [--budget AMOUNT] [...]\n"
             "                                           a grid of generations, its cost and its leaderboard\n"
             "\n"
             "Run “facsimile-cli COMMAND --help” for the options of a command.\n"));
}

int
main (int    argc,
      char **argv)
{
  const char *command;

  setlocale (LC_ALL, "");
  /* FACSIMILE_LOCALEDIR: the translations built in the build tree (meson devenv, tests) */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("FACSIMILE_LOCALEDIR") != NULL ? g_getenv ("FACSIMILE_LOCALEDIR")
                                                                        : LOCALEDIR);
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
  if (g_str_equal (command, "evaluate"))
    return fx_cli_evaluate (argc - 1, argv + 1);
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
  if (g_str_equal (command, "report"))
    return fx_cli_report (argc - 1, argv + 1);
  if (g_str_equal (command, "study"))
    return fx_cli_study (argc - 1, argv + 1);

  fx_cli_error (_("unknown command “%s” (see --help)"), command);
  return FX_CLI_BAD_INPUT;
}
