/* fx-active-run.h: a run being generated now, with its last progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fx-job.h"
#include "fx-run.h"

G_BEGIN_DECLS

#define FX_TYPE_ACTIVE_RUN (fx_active_run_get_type ())

G_DECLARE_FINAL_TYPE (FxActiveRun, fx_active_run, FX, ACTIVE_RUN, GObject)

/* Takes @job, which has its run in the store already. */
FxActiveRun         *fx_active_run_new           (FxJob       *job);
gint64               fx_active_run_get_id        (FxActiveRun *self);
/* The last progress reported, or NULL before the first. */
const FxRunProgress *fx_active_run_get_progress  (FxActiveRun *self);
/* (element-type utf8) (transfer none) the settings adjusted for the model, known
 * before the first request (fx_job_get_notes ()). */
GPtrArray           *fx_active_run_get_notes     (FxActiveRun *self);
/* What the run waits for and until when, or NULL while it does not wait. */
const char          *fx_active_run_get_wait_text (FxActiveRun *self);
/* Starts generating; "finished" is emitted once it ends, however it ends. */
void                 fx_active_run_start         (FxActiveRun *self);
void                 fx_active_run_cancel        (FxActiveRun *self);

G_END_DECLS
