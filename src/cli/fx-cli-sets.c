/* fx-cli-sets.c: the synthetic sets of compare, plot and report, evaluated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fx-cli.h"
#include "fx-cli-sets.h"

gboolean
fx_cli_sets_load_schema (FxEvaluationRequest *request,
                         const char          *schema_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = NULL;

  if (schema_path == NULL)
    return TRUE;
  schema = fx_schema_load_file (schema_path, &error);
  if (schema == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FALSE;
    }
  fx_evaluation_request_set_schema (request, schema);
  return TRUE;
}

FxEvaluation *
fx_cli_sets_evaluate (const FxEvaluationRequest *request,
                      int                       *status)
{
  g_autoptr(GError) error = NULL;
  FxEvaluation *evaluation = fx_evaluation_run (request, NULL, NULL, NULL, &error);

  if (evaluation == NULL)
    {
      fx_cli_error ("%s", error->message);
      /* a store that cannot be opened is not the input's fault */
      *status = g_error_matches (error, FX_STORE_ERROR, FX_STORE_ERROR_OPEN) ? FX_CLI_FAILED : FX_CLI_BAD_INPUT;
      return NULL;
    }
  for (guint i = 0; i < evaluation->warnings->len; i++)
    fx_cli_warning ("%s", ((FxEvaluationWarning *) g_ptr_array_index (evaluation->warnings, i))->message);
  return evaluation;
}
