/* fx-runs-page.h: new runs, their progress and their history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fx-schema-page.h"

G_BEGIN_DECLS

#define FX_TYPE_RUNS_PAGE (fx_runs_page_get_type ())

G_DECLARE_FINAL_TYPE (FxRunsPage, fx_runs_page, FX, RUNS_PAGE, AdwBin)

/* Where new runs take their schema and default reference data from. */
void fx_runs_page_set_schema_page (FxRunsPage   *self,
                                   FxSchemaPage *schema_page);

/* Runs going on in this window now. */
guint fx_runs_page_get_n_running (FxRunsPage *self);

G_END_DECLS
