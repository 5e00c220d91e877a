/* fx-cli-compare.c: facsimile-cli compare
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-cli.h"
#include "fx-compare.h"
#include "fx-csv.h"
#include "fx-file.h"
#include "fx-schema.h"

int
fx_cli_compare (int    argc,
                char **argv)
{
  g_autofree char *real_path = NULL;
  g_autofree char *synthetic_path = NULL;
  g_autofree char *schema_path = NULL;
  g_autofree char *json_path = NULL;
  gboolean holdout = FALSE;
  gboolean full_matrices = FALSE;
  gint64 seed = 1;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(FxTable) real = NULL;
  g_autoptr(FxTable) synthetic = NULL;
  g_autoptr(GHashTable) types = NULL;
  g_autoptr(FxComparison) comparison = NULL;
  FxCsvOptions csv_options = { 0 };
  FxCompareOptions options = { 0 };
  const GOptionEntry entries[] = {
    { "real", 0, 0, G_OPTION_ARG_FILENAME, &real_path, N_("The real (reference) table"), N_("R.csv") },
    { "synthetic", 0, 0, G_OPTION_ARG_FILENAME, &synthetic_path, N_("The synthetic table"), N_("S.csv") },
    { "schema", 0, 0, G_OPTION_ARG_FILENAME, &schema_path, N_("Types and kinds of the features"), N_("SCHEMA.json") },
    { "holdout", 0, 0, G_OPTION_ARG_NONE, &holdout, N_("Also compare two random halves of the real table"), NULL },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed of the holdout split (default 1)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, N_("Write the results as JSON to FILE (- for standard output)"), N_("FILE") },
    { "full-matrices", 0, 0, G_OPTION_ARG_NONE, &full_matrices, N_("Write correlation matrices over more than 200 features whole in the JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— compare a synthetic table with a real one"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, fx_csv_limit_entries (), GETTEXT_PACKAGE);
  if (!fx_cli_parse_options (context, &argc, &argv))
    return FX_CLI_BAD_INPUT;
  if (real_path == NULL || synthetic_path == NULL)
    {
      fx_cli_error (_("compare needs --real and --synthetic (see --help)"));
      return FX_CLI_BAD_INPUT;
    }
  if (seed < 0)
    {
      fx_cli_error (_("--seed must be 0 or more"));
      return FX_CLI_BAD_INPUT;
    }

  if (schema_path != NULL)
    {
      schema = fx_schema_load_file (schema_path, &error);
      if (schema == NULL)
        {
          fx_cli_error ("%s", error->message);
          return FX_CLI_BAD_INPUT;
        }
      types = fx_schema_column_types (schema);
      csv_options.types = types;
    }

  real = fx_cli_read_table (real_path, &csv_options);
  if (real == NULL)
    return FX_CLI_BAD_INPUT;

  if (types == NULL)
    {
      types = fx_compare_reading_types (real, NULL);
      csv_options.types = types;
    }
  synthetic = fx_cli_read_table (synthetic_path, &csv_options);
  if (synthetic == NULL)
    return FX_CLI_BAD_INPUT;

  options.schema = schema;
  options.holdout = holdout;
  options.seed = (guint64) seed;
  options.full_matrices = full_matrices;
  comparison = fx_compare_tables (real, synthetic, &options, &error);
  if (comparison == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_BAD_INPUT;
    }

  if (json_path != NULL)
    {
      gsize length;
      g_autofree char *json = fx_comparison_to_json (comparison, &length);

      if (!fx_write_file_atomic (json_path, json, length, &error))
        {
          fx_cli_error ("%s", error->message);
          return FX_CLI_FAILED;
        }
    }

  if (json_path == NULL || !g_str_equal (json_path, "-"))
    {
      g_autofree char *text = fx_comparison_to_text (comparison);

      fputs (text, stdout);
      if (fflush (stdout) != 0 || ferror (stdout))
        {
          fx_cli_error (_("cannot write to standard output: %s"), g_strerror (errno));
          return FX_CLI_FAILED;
        }
    }

  return FX_CLI_OK;
}
