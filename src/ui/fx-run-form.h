/* fx-run-form.h: the form that starts a new run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FX_TYPE_RUN_FORM (fx_run_form_get_type ())

G_DECLARE_FINAL_TYPE (FxRunForm, fx_run_form, FX, RUN_FORM, AdwBin)

/* Says again what the form would do, and puts the focus on its first choice. */
void fx_run_form_refresh (FxRunForm *self);

G_END_DECLS
