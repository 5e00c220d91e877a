/* fx-cli-sets.h: the synthetic sets of compare, plot and report, evaluated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-evaluation.h"

G_BEGIN_DECLS

/* Gives @request the schema at @schema_path (nullable: none); on error prints it and
 * returns FALSE. */
gboolean      fx_cli_sets_load_schema (FxEvaluationRequest       *request,
                                       const char                *schema_path);
/* Evaluates @request, printing its warnings; on error prints it, sets *@status and
 * returns NULL. */
FxEvaluation *fx_cli_sets_evaluate    (const FxEvaluationRequest *request,
                                       int                       *status);

G_END_DECLS
