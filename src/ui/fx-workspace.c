/* fx-workspace.c: what the application works on: the store, the runs going on, recent files
 *
 * One workspace lives as long as the application and is handed to the panes that need
 * it.  The store's path is decided here and nowhere else; the store itself is opened in
 * a thread (the first open may create or migrate it) and then shared by the runs, which
 * write to it on the main loop.  Reading it for a list happens in a thread with a
 * connection of its own, so that a long read never waits on a run's writes or the
 * other way round.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>

#include "fx-workspace.h"

#define MAX_RECENT 10

struct _FxWorkspace
{
  GObject        parent_instance;

  char          *store_path;
  FxStore       *store;
  GError        *store_error;
  gboolean       opening;
  GPtrArray     *open_waiting;   /* (element-type GTask) */
  GListStore    *runs;           /* (element-type FxActiveRun) */
  GtkStringList *recent;
  GSettings     *settings;
};

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FxWorkspace, fx_workspace, G_TYPE_OBJECT)

/* ---- opening the store ----------------------------------------------------------- */

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  FxStore *store = fx_store_open (task_data, &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, (GDestroyNotify) fx_store_close);
}

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  FxWorkspace *self = FX_WORKSPACE (source);
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->open_waiting);

  self->opening = FALSE;
  self->store = g_task_propagate_pointer (G_TASK (result), &self->store_error);
  if (self->store != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);

  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);

      if (self->store != NULL)
        g_task_return_pointer (task, self->store, NULL);
      else
        g_task_return_error (task, g_error_copy (self->store_error));
    }
}

/* ---- listing runs ------------------------------------------------------------------ */

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr(FxStore) store = fx_store_open (task_data, &error);
  GPtrArray *runs;

  if (store == NULL || (runs = fx_store_list_runs (store, &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, runs, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_listed_store_open (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  if (fx_workspace_open_store_finish (FX_WORKSPACE (source), result, &error) == NULL)
    g_task_return_error (task, error);
  else
    g_task_run_in_thread (task, list_thread);
}

/* ---- runs ------------------------------------------------------------------------- */

static void
on_run_finished (FxWorkspace  *self,
                 const GError *error,
                 FxActiveRun  *run)
{
  guint position;

  if (g_list_store_find (self->runs, run, &position))
    g_list_store_remove (self->runs, position);
}

/* ---- the object ------------------------------------------------------------------- */

static void
fx_workspace_dispose (GObject *object)
{
  FxWorkspace *self = FX_WORKSPACE (object);

  fx_workspace_cancel_runs (self);

  G_OBJECT_CLASS (fx_workspace_parent_class)->dispose (object);
}

static void
fx_workspace_finalize (GObject *object)
{
  FxWorkspace *self = FX_WORKSPACE (object);

  g_clear_object (&self->runs);
  g_clear_object (&self->recent);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->store, fx_store_close);
  g_clear_error (&self->store_error);
  g_clear_pointer (&self->open_waiting, g_ptr_array_unref);
  g_free (self->store_path);

  G_OBJECT_CLASS (fx_workspace_parent_class)->finalize (object);
}

static void
fx_workspace_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FxWorkspace *self = FX_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_pointer (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fx_workspace_class_init (FxWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fx_workspace_dispose;
  object_class->finalize = fx_workspace_finalize;
  object_class->get_property = fx_workspace_get_property;

  /* notified once, when the store is open */
  properties[PROP_STORE] = g_param_spec_pointer ("store", NULL, NULL,
                                                 G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fx_workspace_init (FxWorkspace *self)
{
  g_auto(GStrv) recent = NULL;

  /* as the command line does: once, for every pane */
  self->store_path = fx_store_default_path ();
  self->runs = g_list_store_new (FX_TYPE_ACTIVE_RUN);
  self->settings = g_settings_new ("io.github.facsimile.Facsimile");
  recent = g_settings_get_strv (self->settings, "recent-schemas");
  self->recent = gtk_string_list_new ((const char * const *) recent);
}

FxWorkspace *
fx_workspace_new (void)
{
  return g_object_new (FX_TYPE_WORKSPACE, NULL);
}

const char *
fx_workspace_get_store_path (FxWorkspace *self)
{
  g_return_val_if_fail (FX_IS_WORKSPACE (self), NULL);

  return self->store_path;
}

FxStore *
fx_workspace_get_store (FxWorkspace *self)
{
  g_return_val_if_fail (FX_IS_WORKSPACE (self), NULL);

  return self->store;
}

void
fx_workspace_open_store_async (FxWorkspace         *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FX_IS_WORKSPACE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fx_workspace_open_store_async);
  if (self->store != NULL)
    {
      g_task_return_pointer (task, self->store, NULL);
      return;
    }
  /* a store that would not open is tried again: the user may have put it right */
  g_clear_error (&self->store_error);
  if (self->open_waiting == NULL)
    self->open_waiting = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->open_waiting, g_steal_pointer (&task));
  if (!self->opening)
    {
      g_autoptr(GTask) open = g_task_new (self, NULL, on_opened, NULL);

      self->opening = TRUE;
      g_task_set_source_tag (open, on_opened);
      g_task_set_task_data (open, g_strdup (self->store_path), g_free);
      g_task_run_in_thread (open, open_thread);
    }
}

FxStore *
fx_workspace_open_store_finish (FxWorkspace   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
fx_workspace_list_runs_async (FxWorkspace         *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FX_IS_WORKSPACE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fx_workspace_list_runs_async);
  g_task_set_task_data (task, g_strdup (self->store_path), g_free);
  /* the shared store first: it creates the file when there is none yet */
  fx_workspace_open_store_async (self, cancellable, on_listed_store_open, task);
}

GPtrArray *
fx_workspace_list_runs_finish (FxWorkspace   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GListModel *
fx_workspace_get_runs (FxWorkspace *self)
{
  g_return_val_if_fail (FX_IS_WORKSPACE (self), NULL);

  return G_LIST_MODEL (self->runs);
}

FxActiveRun *
fx_workspace_lookup_run (FxWorkspace *self,
                         gint64       run_id)
{
  guint n;

  g_return_val_if_fail (FX_IS_WORKSPACE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FxActiveRun) run = g_list_model_get_item (G_LIST_MODEL (self->runs), i);

      if (fx_active_run_get_id (run) == run_id)
        return run;
    }
  return NULL;
}

void
fx_workspace_start_run (FxWorkspace *self,
                        FxActiveRun *run)
{
  g_return_if_fail (FX_IS_WORKSPACE (self));
  g_return_if_fail (FX_IS_ACTIVE_RUN (run));

  g_signal_connect_object (run, "finished", G_CALLBACK (on_run_finished), self, G_CONNECT_SWAPPED);
  g_list_store_append (self->runs, run);
  fx_active_run_start (run);
}

void
fx_workspace_cancel_runs (FxWorkspace *self)
{
  guint n;

  g_return_if_fail (FX_IS_WORKSPACE (self));

  n = self->runs != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->runs)) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FxActiveRun) run = g_list_model_get_item (G_LIST_MODEL (self->runs), i);

      fx_active_run_cancel (run);
    }
}

GListModel *
fx_workspace_get_recent_files (FxWorkspace *self)
{
  g_return_val_if_fail (FX_IS_WORKSPACE (self), NULL);

  return G_LIST_MODEL (self->recent);
}

void
fx_workspace_add_recent_file (FxWorkspace *self,
                              const char  *path)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;
  guint n;

  g_return_if_fail (FX_IS_WORKSPACE (self));
  g_return_if_fail (path != NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->recent));
  for (guint i = 0; i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (self->recent, i), path))
      {
        gtk_string_list_remove (self->recent, i);
        break;
      }
  gtk_string_list_splice (self->recent, 0, 0, (const char * const []) { path, NULL });
  n = g_list_model_get_n_items (G_LIST_MODEL (self->recent));
  if (n > MAX_RECENT)
    gtk_string_list_splice (self->recent, MAX_RECENT, n - MAX_RECENT, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->recent));
  for (guint i = 0; i < n; i++)
    g_strv_builder_add (builder, gtk_string_list_get_string (self->recent, i));
  paths = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-schemas", (const char * const *) paths);
}
