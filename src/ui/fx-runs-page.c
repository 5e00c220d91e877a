/* fx-runs-page.c: new runs, their progress and their history
 *
 * The page puts three parts side by side: the history of the store, and either the
 * form for a new run or the details of the run chosen.  It says when a run ends,
 * whichever run is shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-fold.h"
#include "fx-run-detail.h"
#include "fx-run-form.h"
#include "fx-run-format.h"
#include "fx-run-history.h"
#include "fx-runs-page.h"
#include "fx-schema-document.h"
#include "fx-ui-util.h"
#include "fx-workspace.h"

struct _FxRunsPage
{
  AdwBin            parent_instance;

  FxWorkspace      *workspace;
  FxSchemaDocument *document;

  FxRunHistory     *history;
  GtkStack         *content;
  FxRunForm        *form;
  FxRunDetail      *detail;
};

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FxRunsPage, fx_runs_page, ADW_TYPE_BIN)

static void
show_run (FxRunsPage *self,
          gint64      run_id)
{
  gtk_stack_set_visible_child_name (self->content, "run");
  fx_run_history_select (self->history, run_id);
  fx_run_detail_show_run (self->detail, run_id);
}

static void
on_run_finished (FxRunsPage   *self,
                 const GError *error,
                 FxActiveRun  *run)
{
  const FxRunProgress *progress = fx_active_run_get_progress (run);
  g_autofree char *message = NULL;
  gint64 run_id = fx_active_run_get_id (run);

  if (error == NULL)
    {
      g_autofree char *rows = fx_run_format_count (progress != NULL ? progress->target : 0);

      message = g_strdup_printf (_("Run %lld finished: %s rows"), (long long) run_id, rows);
    }
  else if (g_error_matches (error, FX_RUN_ERROR, FX_RUN_ERROR_CANCELLED))
    message = g_strdup_printf (_("Run %lld cancelled; it can be resumed"), (long long) run_id);
  else
    message = g_strdup_printf (_("Run %lld stopped: %s"), (long long) run_id, error->message);
  fx_ui_toast (GTK_WIDGET (self), message);
}

static void
on_runs_changed (FxRunsPage *self,
                 guint       position,
                 guint       removed,
                 guint       added)
{
  GListModel *runs = fx_workspace_get_runs (self->workspace);

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(FxActiveRun) run = g_list_model_get_item (runs, i);

      g_signal_connect_object (run, "finished", G_CALLBACK (on_run_finished), self, G_CONNECT_SWAPPED);
    }
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FxRunsPage *self = FX_RUNS_PAGE (widget);

  fx_run_history_select (self->history, 0);
  fx_run_detail_show_nothing (self->detail);
  gtk_stack_set_visible_child_name (self->content, "form");
  fx_run_form_refresh (self->form);
}

static void
set_workspace (FxRunsPage  *self,
               FxWorkspace *workspace)
{
  g_return_if_fail (self->workspace == NULL);

  if (workspace == NULL)
    return;
  self->workspace = g_object_ref (workspace);
  g_signal_connect_object (fx_workspace_get_runs (workspace), "items-changed",
                           G_CALLBACK (on_runs_changed), self, G_CONNECT_SWAPPED);
  g_object_set (self->history, "workspace", workspace, NULL);
  g_object_set (self->form, "workspace", workspace, NULL);
  g_object_set (self->detail, "workspace", workspace, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

static void
set_document (FxRunsPage       *self,
              FxSchemaDocument *document)
{
  if (!g_set_object (&self->document, document))
    return;
  g_object_set (self->form, "document", document, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

static void
fx_runs_page_dispose (GObject *object)
{
  FxRunsPage *self = FX_RUNS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FX_TYPE_RUNS_PAGE);
  g_clear_object (&self->document);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (fx_runs_page_parent_class)->dispose (object);
}

static void
fx_runs_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FxRunsPage *self = FX_RUNS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fx_runs_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FxRunsPage *self = FX_RUNS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      set_workspace (self, g_value_get_object (value));
      break;

    case PROP_DOCUMENT:
      set_document (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fx_runs_page_class_init (FxRunsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fx_runs_page_dispose;
  object_class->get_property = fx_runs_page_get_property;
  object_class->set_property = fx_runs_page_set_property;

  /* set once, by the window */
  properties[PROP_WORKSPACE] = fx_ui_param_object ("workspace", FX_TYPE_WORKSPACE);
  /* where new runs take their schema and default reference data from */
  properties[PROP_DOCUMENT] = fx_ui_param_object ("document", FX_TYPE_SCHEMA_DOCUMENT);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FX_TYPE_FOLD);
  g_type_ensure (FX_TYPE_RUN_DETAIL);
  g_type_ensure (FX_TYPE_RUN_FORM);
  g_type_ensure (FX_TYPE_RUN_HISTORY);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/facsimile/Facsimile/ui/fx-runs-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, history);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, content);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, form);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, detail);

  gtk_widget_class_install_action (widget_class, "run.new", NULL, new_action);
}

static void
fx_runs_page_init (FxRunsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->history, "run-activated", G_CALLBACK (show_run), self);
  g_signal_connect_swapped (self->form, "run-started", G_CALLBACK (show_run), self);
}
