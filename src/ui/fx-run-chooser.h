/* fx-run-chooser.h: the Compare pane's Add Run list: the runs of the store that have
 * rows, one to add as a synthetic set
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fx-workspace.h"

G_BEGIN_DECLS

#define FX_TYPE_RUN_CHOOSER (fx_run_chooser_get_type ())

/* Emits ::run-chosen (gint64 run_id, const char *label) when a run is activated. */
G_DECLARE_FINAL_TYPE (FxRunChooser, fx_run_chooser, FX, RUN_CHOOSER, GtkPopover)

/* The store the runs are read from, each time the list opens (nullable: none). */
void fx_run_chooser_set_workspace (FxRunChooser *self,
                                   FxWorkspace  *workspace);

G_END_DECLS
