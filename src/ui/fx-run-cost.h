/* fx-run-cost.h: what a run will cost, before it starts, and its budget while it runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fx-active-run.h"
#include "fx-job.h"

G_BEGIN_DECLS

/* The estimate of a run made as @spec says (copied), in a thread: reading the
 * reference table and building the first prompt take a moment.  Earlier answers in the
 * store at @store_path (nullable) tell how long the model's rows are. */
void   fx_run_cost_estimate_async  (const FxJobSpec      *spec,
                                    const FxSchema       *schema,
                                    const char           *store_path,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
/* One line for the form: "20 requests, about … tokens …, USD 0.0300", or "No requests,
 * no cost: …" for a baseline. */
char  *fx_run_cost_estimate_finish (GAsyncResult         *result,
                                    GError              **error);

/* Stops @run cleanly (cancelled, so that it can be carried on) once the spend counted
 * from the provider's usage fields, at the model's price, reaches @budget; says so in a
 * toast on @widget.  The tokens the run spent before (a run carried on) count too, as
 * they do for `runs resume --budget`.  Without a price for the model, says that the
 * budget cannot be kept. */
void   fx_run_cost_watch_budget    (FxActiveRun          *run,
                                    FxJob                *job,
                                    double                budget,
                                    gint64                prompt_tokens_before,
                                    gint64                completion_tokens_before,
                                    GtkWidget            *widget);

G_END_DECLS
