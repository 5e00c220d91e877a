/* fx-run-detail.h: one run: its progress, provenance, requests and rejected rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FX_TYPE_RUN_DETAIL (fx_run_detail_get_type ())

G_DECLARE_FINAL_TYPE (FxRunDetail, fx_run_detail, FX, RUN_DETAIL, AdwBin)

/* Shows @run_id, read from the store in a thread. */
void fx_run_detail_show_run     (FxRunDetail *self,
                                 gint64       run_id);
/* Forgets the run shown: its actions are off. */
void fx_run_detail_show_nothing (FxRunDetail *self);

G_END_DECLS
