/* fx-utility-view.c: the Compare pane's Utility view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-plot-view.h"
#include "fx-utility-figures.h"
#include "fx-utility-run.h"
#include "fx-utility-view.h"

struct _FxUtilityView
{
  AdwBin        parent_instance;

  GCancellable *cancellable;
  struct _Work *pending;    /* a set to evaluate once the view is shown */
  FxUtility    *utility;    /* held's, or NULL */
  FxUtility   **held;       /* (atomic rc box) shared with the reports made from it */
  char         *label;

  GtkLabel     *status;
  GtkSpinner   *spinner;
  GtkBox       *figures_box;
  GtkLabel     *sentences[FX_UTILITY_N_FIGURES];
  FxPlotView   *views[FX_UTILITY_N_FIGURES];
  GtkWidget    *groups[FX_UTILITY_N_FIGURES];
};

G_DEFINE_FINAL_TYPE (FxUtilityView, fx_utility_view, ADW_TYPE_BIN)

static void
held_clear (gpointer held)
{
  g_clear_pointer ((FxUtility **) held, fx_utility_free);
}

static void
held_release (gpointer held)
{
  g_atomic_rc_box_release_full (held, held_clear);
}

static void
drop_utility (FxUtilityView *self)
{
  self->utility = NULL;
  g_clear_pointer (&self->held, held_release);
}

/* What the thread works on: its own copies, so the pane may move on meanwhile. */
typedef struct _Work
{
  FxSchema *schema;
  FxTable  *real;
  FxTable  *synthetic;
  char     *parameters;
  char     *note;
} Work;

static void
work_free (Work *work)
{
  g_clear_pointer (&work->schema, fx_schema_free);
  g_clear_pointer (&work->real, fx_table_free);
  g_clear_pointer (&work->synthetic, fx_table_free);
  g_free (work->parameters);
  g_free (work->note);
  g_free (work);
}

static FxTable *
copy_table (const FxTable *table)
{
  g_autofree gsize *rows = g_new (gsize, MAX (table->n_rows, 1));

  for (gsize i = 0; i < table->n_rows; i++)
    rows[i] = i;
  return fx_table_subset (table, rows, table->n_rows);
}

static void
evaluate_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Work *work = task_data;
  GError *error = NULL;
  FxUtility *utility;

  utility = fx_utility_run_evaluate (work->schema, work->real, work->synthetic, work->parameters, 1,
                                     &work->note, &error);
  if (utility == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, utility, (GDestroyNotify) fx_utility_free);
}

static void
show_status (FxUtilityView *self,
             const char    *text,
             gboolean       busy)
{
  gtk_label_set_text (self->status, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status), text != NULL && *text != '\0');
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
}

static void
show_utility (FxUtilityView *self,
              const char    *note)
{
  g_autoptr(GString) status = g_string_new (NULL);

  if (self->utility->generator_saw_holdout)
    g_string_append (status, _("These real records were not kept from the generator: it may have seen them, "
                               "so the scores may be too kind."));
  else
    g_string_append_printf (status, _("Tested on %u real records the generator never saw."),
                            self->utility->holdout_rows->len);
  if (note != NULL)
    g_string_append_printf (status, " %s", note);
  show_status (self, status->str, FALSE);

  for (guint i = 0; i < FX_UTILITY_N_FIGURES; i++)
    {
      g_autofree char *sentence = fx_utility_figure_sentence (self->utility, i);

      gtk_label_set_text (self->sentences[i], sentence);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->sentences[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, sentence, -1);
      fx_plot_view_set_plot (self->views[i], fx_utility_figure (self->utility, i));
      gtk_widget_set_visible (GTK_WIDGET (self->views[i]), fx_plot_view_get_plot (self->views[i]) != NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->figures_box), TRUE);
}

static void
evaluate_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  FxUtilityView *self = FX_UTILITY_VIEW (source);
  g_autoptr(GError) error = NULL;
  FxUtility *utility = g_task_propagate_pointer (G_TASK (result), &error);
  Work *work = g_task_get_task_data (G_TASK (result));

  /* a newer set, or the view going away, cancelled this one */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      g_clear_pointer (&utility, fx_utility_free);
      return;
    }
  if (utility == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("No utility results: %s"), error->message);

      show_status (self, text, FALSE);
      return;
    }
  self->held = g_atomic_rc_box_new0 (FxUtility *);
  *self->held = utility;
  self->utility = utility;
  show_utility (self, work->note);
}

/* Training takes seconds of both cores: only for a view someone looks at. */
static void
start (FxUtilityView *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->pending == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, evaluate_done, NULL);
  g_task_set_task_data (task, g_steal_pointer (&self->pending), (GDestroyNotify) work_free);
  g_task_run_in_thread (task, evaluate_thread);
}

static void
fx_utility_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (fx_utility_view_parent_class)->map (widget);
  start (FX_UTILITY_VIEW (widget));
}

void
fx_utility_view_set_set (FxUtilityView  *self,
                         const FxSchema *schema,
                         const FxTable  *real,
                         const char     *label,
                         const FxTable  *synthetic,
                         const char     *run_parameters)
{
  Work *work;

  g_return_if_fail (FX_IS_UTILITY_VIEW (self));

  g_clear_pointer (&self->pending, work_free);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_utility (self);
  g_free (self->label);
  self->label = g_strdup (label);
  gtk_widget_set_visible (GTK_WIDGET (self->figures_box), FALSE);
  for (guint i = 0; i < FX_UTILITY_N_FIGURES; i++)
    fx_plot_view_set_plot (self->views[i], NULL);

  if (schema == NULL || real == NULL || synthetic == NULL || !fx_utility_run_applies (schema))
    {
      show_status (self, _("Utility needs a schema with a binary target: mark the outcome as the target "
                           "in the schema."), FALSE);
      return;
    }
  show_status (self, _("Training models on the real and the synthetic records…"), TRUE);

  work = g_new0 (Work, 1);
  work->schema = fx_schema_copy (schema);
  work->real = copy_table (real);
  work->synthetic = copy_table (synthetic);
  work->parameters = g_strdup (run_parameters);
  self->pending = work;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start (self);
}

const FxUtility *
fx_utility_view_get_utility (FxUtilityView *self)
{
  g_return_val_if_fail (FX_IS_UTILITY_VIEW (self), NULL);

  return self->utility;
}

void
fx_utility_view_add_to_report (FxUtilityView *self,
                               FxReport      *report)
{
  g_return_if_fail (FX_IS_UTILITY_VIEW (self));

  if (self->held == NULL)
    return;
  fx_report_set_utility (report, self->label, self->utility);
  fx_report_keep (report, g_atomic_rc_box_acquire (self->held), held_release);
}

const char *
fx_utility_view_get_label (FxUtilityView *self)
{
  g_return_val_if_fail (FX_IS_UTILITY_VIEW (self), NULL);

  return self->label;
}

static void
fx_utility_view_dispose (GObject *object)
{
  FxUtilityView *self = FX_UTILITY_VIEW (object);

  /* a thread still running finds the view gone through the cancellable */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_utility (self);
  g_clear_pointer (&self->pending, work_free);
  g_clear_pointer (&self->label, g_free);
  G_OBJECT_CLASS (fx_utility_view_parent_class)->dispose (object);
}

static void
fx_utility_view_class_init (FxUtilityViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fx_utility_view_dispose;
  GTK_WIDGET_CLASS (klass)->map = fx_utility_view_map;
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fx_utility_view_init (FxUtilityView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *status_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);

  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status, TRUE);
  gtk_label_set_xalign (self->status, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Training models"), -1);
  gtk_box_append (GTK_BOX (status_box), GTK_WIDGET (self->spinner));
  gtk_box_append (GTK_BOX (status_box), GTK_WIDGET (self->status));
  gtk_box_append (GTK_BOX (box), status_box);

  self->figures_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 18));
  for (guint i = 0; i < FX_UTILITY_N_FIGURES; i++)
    {
      GtkWidget *group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *title = gtk_label_new (fx_utility_figure_title (i));

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "heading");
      gtk_box_append (GTK_BOX (group), title);
      self->sentences[i] = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_wrap (self->sentences[i], TRUE);
      gtk_label_set_xalign (self->sentences[i], 0);
      gtk_label_set_selectable (self->sentences[i], TRUE);
      gtk_box_append (GTK_BOX (group), GTK_WIDGET (self->sentences[i]));
      self->views[i] = FX_PLOT_VIEW (fx_plot_view_new ());
      gtk_widget_set_size_request (GTK_WIDGET (self->views[i]), -1, i == FX_UTILITY_FIGURE_SITES ? 260 : 340);
      gtk_box_append (GTK_BOX (group), GTK_WIDGET (self->views[i]));
      gtk_box_append (self->figures_box, group);
      self->groups[i] = group;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->figures_box), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->figures_box));
  adw_bin_set_child (ADW_BIN (self), box);
  show_status (self, _("Compare a synthetic set with the real data to see how models trained on it do."), FALSE);
}

GtkWidget *
fx_utility_view_new (void)
{
  return g_object_new (FX_TYPE_UTILITY_VIEW, NULL);
}
