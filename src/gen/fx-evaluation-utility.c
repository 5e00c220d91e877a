/* fx-evaluation-utility.c: the utility section of an evaluation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-eval-error.h"
#include "fx-evaluation.h"
#include "fx-utility-run.h"

FxUtility *
fx_evaluation_utility (const FxEvaluation *evaluation,
                       guint               index,
                       char              **note,
                       GError            **error)
{
  const FxEvaluationSet *set;

  g_return_val_if_fail (evaluation != NULL && index < evaluation->sets->len, NULL);

  set = g_ptr_array_index (evaluation->sets, index);
  if (!fx_utility_run_applies (evaluation->schema))
    {
      g_set_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT,
                   _("the schema names no target: mark the binary outcome as the target"));
      return NULL;
    }
  return fx_utility_run_evaluate (evaluation->schema, evaluation->real, set->table,
                                  set->run != NULL ? set->run->parameters : NULL, evaluation->seed,
                                  note, error);
}
