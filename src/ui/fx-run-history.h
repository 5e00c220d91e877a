/* fx-run-history.h: the runs of the store, newest first, as a sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FX_TYPE_RUN_HISTORY (fx_run_history_get_type ())

G_DECLARE_FINAL_TYPE (FxRunHistory, fx_run_history, FX, RUN_HISTORY, AdwBin)

/* Marks @run_id as the one shown (0: none). */
void fx_run_history_select  (FxRunHistory *self,
                             gint64        run_id);
/* Reads the list again, in a thread. */
void fx_run_history_refresh (FxRunHistory *self);

G_END_DECLS
