/* fx-runs-page.h: new runs, their progress and their history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>


G_BEGIN_DECLS

#define FX_TYPE_RUNS_PAGE (fx_runs_page_get_type ())

G_DECLARE_FINAL_TYPE (FxRunsPage, fx_runs_page, FX, RUNS_PAGE, AdwBin)

G_END_DECLS
