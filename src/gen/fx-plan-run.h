/* fx-plan-run.h: every cell of a plan, one study after another, into a leaderboard
 *
 * A plan's groups (a generator, strategy, number of rows and seed) each run as an
 * FxStudy over the plan's numbers of features; the cells of a finished group join the
 * leaderboard.  Each cell is an ordinary run in the store, so a plan run again reuses
 * the complete ones and carries on the unfinished ones.  A budget stops it cleanly when
 * the spend counted from the providers' usage fields reaches it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fx-leaderboard.h"
#include "fx-plan.h"
#include "fx-schema.h"
#include "fx-study.h"

G_BEGIN_DECLS

#define FX_PLAN_RUN_ERROR (fx_plan_run_error_quark ())

typedef enum
{
  FX_PLAN_RUN_ERROR_BUDGET,   /* the budget is reached: nothing more is asked */
} FxPlanRunError;

GQuark fx_plan_run_error_quark (void);

#define FX_TYPE_PLAN_RUN (fx_plan_run_get_type ())

/* Signals:
 *
 * "cell-done" (FxPlanRun *run, guint index, const FxPlanGroup *group,
 *              const FxStudyStep *step, const FxStudyCell *cell, gpointer data)
 *   A cell is done: the @index-th of the plan's cells (from 0), its group, its study step
 *   with its evaluation, and its cell of the leaderboard.  Emitted for each cell of a
 *   group as the group finishes, before "cells-done" is notified; the pointers are valid
 *   during the emission only.
 *
 * A group that fails ends the run with its error, the group named at the start of the
 * message ("copula: …"). */
G_DECLARE_FINAL_TYPE (FxPlanRun, fx_plan_run, FX, PLAN_RUN, GObject)

/* Runs whose cells go to the store at @store_path (NULL: the default store). */
FxPlanRun     *fx_plan_run_new              (const char          *store_path);

/* Whether the runs read their API keys from the environment before the keyring, as the
 * command line does (default: the keyring only, as the app does).  For the runs started
 * after it. */
void           fx_plan_run_set_use_environment (FxPlanRun       *self,
                                                gboolean         use_environment);

/* Runs every cell of @plan (taken) on @schema and the real table at @reference_path
 * (both copied; the plan's own schema and reference are not read).  A cancelled run
 * returns G_IO_ERROR_CANCELLED once nothing writes to its runs any more. */
void           fx_plan_run_start_async      (FxPlanRun           *self,
                                             FxPlan              *plan,
                                             const FxSchema      *schema,
                                             const char          *reference_path,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean       fx_plan_run_finish           (FxPlanRun           *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* Whether a run is going on (or winding down after a stop). */
gboolean       fx_plan_run_get_running      (FxPlanRun           *self);
/* The cell in hand in words, such as "copula, 10 features, 400 rows, repeat 1 of 2:
 * Generating…"; NULL when idle.  Notified as "status". */
const char    *fx_plan_run_get_status       (FxPlanRun           *self);
/* Cells done (generated and evaluated) and planned; notified as "cells-done". */
guint          fx_plan_run_get_cells_done   (FxPlanRun           *self);
guint          fx_plan_run_get_n_cells      (FxPlanRun           *self);
/* How far it has come, in [0, 1]. */
double         fx_plan_run_get_fraction     (FxPlanRun           *self);
/* Cells done whose run came from @origin (made, continued, reused). */
guint          fx_plan_run_count_origin     (FxPlanRun           *self,
                                             FxStudyRunOrigin     origin);
/* The leaderboard of the cells done so far, tabulated; NULL before a run. */
FxLeaderboard *fx_plan_run_get_leaderboard  (FxPlanRun           *self);
/* The leaderboard, taken: the run keeps none until it starts again. */
FxLeaderboard *fx_plan_run_steal_leaderboard (FxPlanRun         *self);
/* The spend counted so far, in the price table's currency. */
double         fx_plan_run_get_spent        (FxPlanRun           *self);

G_END_DECLS
