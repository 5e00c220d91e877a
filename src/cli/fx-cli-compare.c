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
#include "fx-cli-output.h"
#include "fx-compare.h"
#include "fx-cli-sets.h"
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
  g_autoptr(FxEvaluationRequest) request = NULL;
  g_autoptr(FxEvaluation) evaluation = NULL;
  g_autoptr(FxCliFiles) files = NULL;
  int status;
  const FxComparison *comparison;
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
  files = fx_cli_files_new ();
  fx_cli_files_input (files, real_path);
  fx_cli_files_input (files, synthetic_path);
  fx_cli_files_input (files, schema_path);
  fx_cli_files_output (files, json_path);
  if (!fx_cli_files_check (files))
    return FX_CLI_BAD_INPUT;

  request = fx_evaluation_request_new (real_path);
  if (!fx_cli_sets_load_schema (request, schema_path))
    return FX_CLI_BAD_INPUT;
  fx_evaluation_request_add_csv (request, synthetic_path, NULL);
  fx_evaluation_request_set_holdout (request, holdout ? FX_EVALUATION_HOLDOUT_EACH : FX_EVALUATION_HOLDOUT_NONE,
                                     (guint64) seed);
  fx_evaluation_request_set_full_matrices (request, full_matrices);
  evaluation = fx_cli_sets_evaluate (request, &status);
  if (evaluation == NULL)
    return status;
  comparison = ((FxEvaluationSet *) g_ptr_array_index (evaluation->sets, 0))->comparison;

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
