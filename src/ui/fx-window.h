/* fx-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fx-workspace.h"

G_BEGIN_DECLS

#define FX_TYPE_WINDOW (fx_window_get_type ())

G_DECLARE_FINAL_TYPE (FxWindow, fx_window, FX, WINDOW, AdwApplicationWindow)

FxWindow *fx_window_new        (GtkApplication *application,
                                FxWorkspace    *workspace);
/* Shows @message in a toast at the bottom of the window. */
void      fx_window_show_toast (FxWindow       *self,
                                const char     *message);

G_END_DECLS
