/* fx-eval-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fx-eval-error.h"

G_DEFINE_QUARK (fx-eval-error-quark, fx_eval_error)
