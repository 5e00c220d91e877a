/* fx-run-history.c: the runs of the store, newest first, as a sidebar
 *
 * The list is read in a thread, as a store can hold many runs, and read again
 * whenever a run starts or ends.  Activating a run says so ("run-activated"); the
 * page decides what to show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-run-format.h"
#include "fx-run-history.h"
#include "fx-ui-util.h"
#include "fx-workspace.h"

struct _FxRunHistory
{
  AdwBin        parent_instance;

  FxWorkspace  *workspace;
  GCancellable *cancellable;
  gint64        selected;

  GtkListBox   *list;
};

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

enum {
  RUN_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FxRunHistory, fx_run_history, ADW_TYPE_BIN)

/* Removes the rows (not the placeholder, which is a child too). */
static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static void
fill (FxRunHistory *self,
      GPtrArray    *runs)
{
  clear_list (self->list);
  for (guint i = 0; i < runs->len; i++)
    {
      FxRunRecord *r = g_ptr_array_index (runs, i);
      GtkWidget *row = adw_action_row_new ();
      gboolean active = fx_workspace_lookup_run (self->workspace, r->id) != NULL;
      g_autofree char *title = g_strdup_printf (_("Run %lld · %s"), (long long) r->id,
                                                fx_run_generator_label (r->provider));
      g_autofree char *accepted = fx_run_format_count (r->rows_accepted);
      g_autofree char *requested = fx_run_format_count (r->rows_requested);
      g_autofree char *created = fx_run_format_time (r->created);
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s of %s rows · %s"), fx_run_status_label (r, active),
                                                   accepted, requested, created);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "run-id", GSIZE_TO_POINTER ((gsize) r->id));
      gtk_list_box_append (self->list, row);
      if (r->id == self->selected)
        gtk_list_box_select_row (self->list, GTK_LIST_BOX_ROW (row));
    }
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(FxRunHistory) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = fx_workspace_list_runs_finish (FX_WORKSPACE (source), result, &error);

  if (runs == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fx_ui_toast (GTK_WIDGET (self), error->message);
      return;
    }
  fill (self, runs);
}

static void
on_row_activated (FxRunHistory  *self,
                  GtkListBoxRow *row)
{
  gint64 run_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "run-id"));

  if (run_id > 0)
    g_signal_emit (self, signals[RUN_ACTIVATED], 0, run_id);
}

static void
set_workspace (FxRunHistory *self,
               FxWorkspace  *workspace)
{
  if (!g_set_object (&self->workspace, workspace))
    return;
  if (workspace != NULL)
    g_signal_connect_object (fx_workspace_get_runs (workspace), "items-changed",
                             G_CALLBACK (fx_run_history_refresh), self, G_CONNECT_SWAPPED);
  fx_run_history_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

static void
fx_run_history_dispose (GObject *object)
{
  FxRunHistory *self = FX_RUN_HISTORY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FX_TYPE_RUN_HISTORY);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (fx_run_history_parent_class)->dispose (object);
}

static void
fx_run_history_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FxRunHistory *self = FX_RUN_HISTORY (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fx_run_history_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FxRunHistory *self = FX_RUN_HISTORY (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      set_workspace (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fx_run_history_class_init (FxRunHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fx_run_history_dispose;
  object_class->get_property = fx_run_history_get_property;
  object_class->set_property = fx_run_history_set_property;

  properties[PROP_WORKSPACE] = fx_ui_param_object ("workspace", FX_TYPE_WORKSPACE);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* @run_id: the run the user chose */
  signals[RUN_ACTIVATED] = g_signal_new ("run-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/facsimile/Facsimile/ui/fx-run-history.ui");
  gtk_widget_class_bind_template_child (widget_class, FxRunHistory, list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
fx_run_history_init (FxRunHistory *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  placeholder = gtk_label_new (_("No runs yet"));
  gtk_widget_set_valign (placeholder, GTK_ALIGN_START);
  gtk_widget_set_margin_top (placeholder, 24);
  gtk_widget_set_margin_bottom (placeholder, 24);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->list, placeholder);
}

void
fx_run_history_select (FxRunHistory *self,
                       gint64        run_id)
{
  g_return_if_fail (FX_IS_RUN_HISTORY (self));

  self->selected = run_id;
  if (run_id <= 0)
    {
      gtk_list_box_unselect_all (self->list);
      return;
    }
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, i);

      if (row == NULL)
        break;
      if ((gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "run-id")) == run_id)
        {
          gtk_list_box_select_row (self->list, row);
          break;
        }
    }
}

void
fx_run_history_refresh (FxRunHistory *self)
{
  g_return_if_fail (FX_IS_RUN_HISTORY (self));

  if (self->workspace == NULL)
    return;
  /* a listing still on its way is out of date: only the newest is shown */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  fx_workspace_list_runs_async (self->workspace, self->cancellable, on_listed, g_object_ref (self));
}
