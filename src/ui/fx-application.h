/* fx-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fx-workspace.h"

G_BEGIN_DECLS

#define FX_TYPE_APPLICATION (fx_application_get_type ())

G_DECLARE_FINAL_TYPE (FxApplication, fx_application, FX, APPLICATION, AdwApplication)

FxApplication *fx_application_new           (void);
/* What the application works on: the store, the runs going on, recent files. */
FxWorkspace   *fx_application_get_workspace (FxApplication *self);

G_END_DECLS
