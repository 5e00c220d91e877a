/* fx-cli-infer.c: facsimile-cli infer-schema
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-cli.h"
#include "fx-cli-output.h"
#include "fx-csv.h"
#include "fx-file.h"
#include "fx-schema.h"

int
fx_cli_infer_schema (int    argc,
                     char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FxTable) table = NULL;
  g_autoptr(FxSchema) schema = NULL;
  g_autofree char *json = NULL;
  g_autoptr(FxCliFiles) files = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the schema to FILE (default: standard output)"), N_("FILE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Name of the schema (default: the file name)"), N_("NAME") },
    { NULL }
  };

  context = g_option_context_new (_("DATA.csv — describe a table as a schema"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, fx_csv_limit_entries (), GETTEXT_PACKAGE);
  if (!fx_cli_parse (context, &argc, &argv))
    return FX_CLI_BAD_INPUT;
  if (argc != 2)
    {
      fx_cli_error (_("infer-schema takes one CSV file (see --help)"));
      return FX_CLI_BAD_INPUT;
    }
  files = fx_cli_files_new ();
  fx_cli_files_input (files, argv[1]);
  fx_cli_files_output (files, output);
  if (!fx_cli_files_check (files))
    return FX_CLI_BAD_INPUT;

  table = fx_csv_read_file (argv[1], NULL, &error);
  if (table == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_BAD_INPUT;
    }
  /* as compare says: a header alone describes no column */
  if (table->n_rows == 0)
    {
      fx_cli_error (_("%s: the table has a header but no rows; a schema needs at least one row "
                      "to infer each column's type"), argv[1]);
      return FX_CLI_BAD_INPUT;
    }
  for (guint i = 0; i < table->warnings->len; i++)
    fx_cli_warning ("%s", (const char *) g_ptr_array_index (table->warnings, i));

  if (name == NULL)
    {
      g_autofree char *base = g_path_get_basename (argv[1]);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      name = g_steal_pointer (&base);
    }

  schema = fx_schema_infer_full (table, name, fx_csv_get_limits ()->max_categories, notes);
  for (guint i = 0; i < notes->len; i++)
    fx_cli_warning ("%s: %s", argv[1], (const char *) g_ptr_array_index (notes, i));
  json = fx_schema_to_json (schema);
  if (!fx_write_file_atomic (output != NULL ? output : "-", json, strlen (json), &error))
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_FAILED;
    }
  return FX_CLI_OK;
}
