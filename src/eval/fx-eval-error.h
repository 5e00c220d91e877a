/* fx-eval-error.h: errors of the evaluation library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FX_EVAL_ERROR (fx_eval_error_quark ())

typedef enum
{
  FX_EVAL_ERROR_INPUT,    /* the tables or the schema cannot be evaluated as asked */
  FX_EVAL_ERROR_MODEL,    /* the model library failed */
} FxEvalError;

GQuark fx_eval_error_quark (void);

G_END_DECLS
