/* fx-workspace.h: what the application works on: the store, the runs going on, recent files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fx-active-run.h"
#include "fx-store.h"

G_BEGIN_DECLS

#define FX_TYPE_WORKSPACE (fx_workspace_get_type ())

G_DECLARE_FINAL_TYPE (FxWorkspace, fx_workspace, FX, WORKSPACE, GObject)

FxWorkspace *fx_workspace_new                (void);
/* Where the store is, resolved once for the whole application. */
const char  *fx_workspace_get_store_path     (FxWorkspace          *self);
/* The store, or NULL until fx_workspace_open_store_async () has opened it. */
FxStore     *fx_workspace_get_store          (FxWorkspace          *self);
/* Opens the store in a thread, once: later calls get the same store. */
void         fx_workspace_open_store_async   (FxWorkspace          *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
FxStore     *fx_workspace_open_store_finish  (FxWorkspace          *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* The stored runs, newest first, read in a thread: (element-type FxRunRecord). */
void         fx_workspace_list_runs_async    (FxWorkspace          *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GPtrArray   *fx_workspace_list_runs_finish   (FxWorkspace          *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* The runs being generated now: (element-type FxActiveRun). */
GListModel  *fx_workspace_get_runs           (FxWorkspace          *self);
FxActiveRun *fx_workspace_lookup_run         (FxWorkspace          *self,
                                              gint64                run_id);
/* Starts @run and keeps it in the list until it finishes. */
void         fx_workspace_start_run          (FxWorkspace          *self,
                                              FxActiveRun          *run);
void         fx_workspace_cancel_runs        (FxWorkspace          *self);
/* Schemas opened or saved lately, newest first: (element-type GtkStringObject). */
GListModel  *fx_workspace_get_recent_files   (FxWorkspace          *self);
void         fx_workspace_add_recent_file    (FxWorkspace          *self,
                                              const char           *path);

G_END_DECLS
