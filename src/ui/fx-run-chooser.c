/* fx-run-chooser.c: the Compare pane's Add Run list
 *
 * The store is read in a thread each time the list opens, so that a run finished
 * meanwhile is there; a run without rows has nothing to compare and is left out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "fx-run.h"
#include "fx-run-chooser.h"
#include "fx-run-format.h"

struct _FxRunChooser
{
  GtkPopover    parent_instance;

  FxWorkspace  *workspace;
  GCancellable *list_cancellable;

  GtkListBox   *runs_list;
};

enum {
  RUN_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FxRunChooser, fx_run_chooser, GTK_TYPE_POPOVER)

static void
on_runs_listed (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(FxRunChooser) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = fx_workspace_list_runs_finish (FX_WORKSPACE (source), result, &error);
  GtkListBoxRow *row;
  guint shown = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  while ((row = gtk_list_box_get_row_at_index (self->runs_list, 0)) != NULL)
    gtk_list_box_remove (self->runs_list, GTK_WIDGET (row));
  for (guint i = 0; runs != NULL && i < runs->len; i++)
    {
      FxRunRecord *r = g_ptr_array_index (runs, i);
      GtkWidget *item;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *created = NULL;

      if (r->rows_accepted == 0)
        continue;
      created = fx_run_format_time (r->created);
      item = adw_action_row_new ();
      title = g_strdup_printf (_("Run %lld · %s"), (long long) r->id, r->model);
      subtitle = g_strdup_printf (_("%lld rows · %s · %s"), (long long) r->rows_accepted,
                                  fx_run_status_to_string (r->status), created);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (item), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (item), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (item), TRUE);
      g_object_set_data (G_OBJECT (item), "run-id", GSIZE_TO_POINTER ((gsize) r->id));
      g_object_set_data_full (G_OBJECT (item), "label", g_strdup_printf (_("Run %lld (%s)"), (long long) r->id,
                                                                        r->model),
                              g_free);
      gtk_list_box_append (self->runs_list, item);
      shown++;
    }
  if (shown == 0)
    {
      GtkWidget *item = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item),
                                     error != NULL ? error->message : _("No run has rows yet: start one in the Runs pane"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (item), FALSE);
      gtk_list_box_append (self->runs_list, item);
    }
}

/* The store is read in a thread as the list opens; until then it says so. */
static void
fill_runs_list (FxRunChooser *self)
{
  GtkListBoxRow *row;
  GtkWidget *item;

  if (self->workspace == NULL)
    return;
  while ((row = gtk_list_box_get_row_at_index (self->runs_list, 0)) != NULL)
    gtk_list_box_remove (self->runs_list, GTK_WIDGET (row));
  item = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item), _("Reading the runs…"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (item), FALSE);
  gtk_list_box_append (self->runs_list, item);

  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  self->list_cancellable = g_cancellable_new ();
  fx_workspace_list_runs_async (self->workspace, self->list_cancellable, on_runs_listed, g_object_ref (self));
}

static void
on_run_chosen (FxRunChooser  *self,
               GtkListBoxRow *row)
{
  gint64 run_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "run-id"));
  const char *label = g_object_get_data (G_OBJECT (row), "label");

  if (run_id > 0)
    g_signal_emit (self, signals[RUN_CHOSEN], 0, run_id, label);
  gtk_popover_popdown (GTK_POPOVER (self));
}

void
fx_run_chooser_set_workspace (FxRunChooser *self,
                              FxWorkspace  *workspace)
{
  g_return_if_fail (FX_IS_RUN_CHOOSER (self));

  g_set_object (&self->workspace, workspace);
}

static void
fx_run_chooser_dispose (GObject *object)
{
  FxRunChooser *self = FX_RUN_CHOOSER (object);

  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FX_TYPE_RUN_CHOOSER);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (fx_run_chooser_parent_class)->dispose (object);
}

static void
fx_run_chooser_class_init (FxRunChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fx_run_chooser_dispose;

  signals[RUN_CHOSEN] = g_signal_new ("run-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                      NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/facsimile/Facsimile/ui/fx-run-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, FxRunChooser, runs_list);
  gtk_widget_class_bind_template_callback (widget_class, on_run_chosen);
}

static void
fx_run_chooser_init (FxRunChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "show", G_CALLBACK (fill_runs_list), NULL);
}
