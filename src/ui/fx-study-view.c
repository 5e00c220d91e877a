/* fx-study-view.c: a study's plan, its progress, its leaderboard and charts
 *
 * The plan is a form (fx-study-form.c).  Before it starts, the view says what the
 * plan will ask for and cost, as `study --dry-run` does; while it runs, how many cells
 * are done and which one is in hand; after, the leaderboard and its charts.  Every
 * cell is a run in the store: a study stopped, or killed with the application, carries
 * on when started again, reusing what it has.  The work is done in threads and by the
 * run engine; this view only shows it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-figures-study.h"
#include "fx-plan-estimate.h"
#include "fx-plan-run.h"
#include "fx-plot-view.h"
#include "fx-study-form.h"
#include "fx-study-leaderboard.h"
#include "fx-study-view.h"
#include "fx-ui-util.h"

struct _FxStudyView
{
  AdwBin          parent_instance;

  FxSchemaDocument *document;
  FxPlanRun      *run;
  GCancellable   *cancellable;
  GCancellable   *estimate_cancellable;
  guint           estimate_source;
  gboolean        busy;
  FxLeaderboard **held;        /* (atomic rc box) the last finished study's, shared with reports */

  FxStudyForm    *form;
  GtkLabel       *estimate_label;
  GtkWidget      *start_button;
  GtkWidget      *stop_button;
  GtkProgressBar *progress_bar;
  GtkLabel       *progress_label;
  GtkLabel       *status_label;
  FxStudyLeaderboard *leaderboard;
  GtkDropDown    *measure_dropdown;
  GtkDropDown    *axis_dropdown;
  FxPlotView     *plot_view;
};

G_DEFINE_FINAL_TYPE (FxStudyView, fx_study_view, ADW_TYPE_BIN)

static void schedule_estimate (FxStudyView *self);

static void
held_clear (gpointer held)
{
  g_clear_pointer ((FxLeaderboard **) held, fx_leaderboard_free);
}

static void
held_release (gpointer held)
{
  g_atomic_rc_box_release_full (held, held_clear);
}

static void
set_status (FxStudyView *self,
            const char  *text)
{
  gtk_label_set_text (self->status_label, text);
}

/* ---- the estimate -------------------------------------------------------------------- */

typedef struct
{
  FxPlan   *plan;
  FxSchema *schema;
  char     *reference_path;
} EstimateWork;

static void
estimate_work_free (EstimateWork *work)
{
  fx_plan_free (work->plan);
  g_clear_pointer (&work->schema, fx_schema_free);
  g_free (work->reference_path);
  g_free (work);
}

static void
estimate_thread (GTask        *task,
                 gpointer      object,
                 gpointer      data,
                 GCancellable *cancellable)
{
  EstimateWork *work = data;
  GError *error = NULL;
  FxPlanEstimate *estimate = fx_plan_estimate (work->plan, work->schema, work->reference_path, NULL, cancellable,
                                               &error);

  if (estimate == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, estimate, (GDestroyNotify) fx_plan_estimate_free);
}

static void
on_estimated (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxPlanEstimate) e = g_task_propagate_pointer (G_TASK (result), &error);
  FxStudyView *self;
  g_autoptr(GString) text = NULL;
  guint asking;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = FX_STUDY_VIEW (source);
  if (e == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("No estimate: %s"), error->message);

      gtk_label_set_text (self->estimate_label, message);
      return;
    }
  asking = e->n_cells - e->n_baseline_cells;
  text = g_string_new (NULL);
  g_string_append_printf (text, ngettext ("%u cell", "%u cells", e->n_cells), e->n_cells);
  g_string_append (text, ". ");
  if (e->n_baseline_cells > 0)
    {
      g_string_append_printf (text, ngettext ("%u is a baseline's: it asks nothing and costs nothing.",
                                              "%u are baselines': they ask nothing and cost nothing.",
                                              e->n_baseline_cells),
                              e->n_baseline_cells);
      g_string_append (text, " ");
    }
  if (asking > 0)
    {
      g_autofree char *requests = g_strdup_printf ("%'" G_GUINT64_FORMAT, e->requests);
      g_autofree char *in = g_strdup_printf ("%'" G_GINT64_FORMAT, e->input_tokens);
      g_autofree char *out = g_strdup_printf ("%'" G_GINT64_FORMAT, e->output_tokens);

      g_string_append_printf (text, ngettext ("%u asks a provider: %s requests, about %s input and %s output tokens",
                                              "%u ask a provider: %s requests, about %s input and %s output tokens",
                                              asking),
                              asking, requests, in, out);
      g_string_append (text, e->measured ? _(" (output measured on earlier answers)")
                                         : _(" (output guessed from the schema)"));
      if (e->priced && e->currency != NULL)
        g_string_append_printf (text, _(", about %s %.2f."), e->currency, e->cost);
      else
        g_string_append (text, _("; the cost is unknown: a model has no price (add one in the Providers pane)."));
    }
  gtk_label_set_text (self->estimate_label, text->str);
}

static gboolean
estimate_now (gpointer data)
{
  FxStudyView *self = data;
  g_autofree char *why = NULL;
  g_autoptr(FxPlan) plan = NULL;
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(GTask) task = NULL;
  const char *reference = self->document != NULL ? fx_schema_document_get_reference_path (self->document) : NULL;
  EstimateWork *work;

  self->estimate_source = 0;
  g_cancellable_cancel (self->estimate_cancellable);
  g_clear_object (&self->estimate_cancellable);
  plan = fx_study_form_build_plan (self->form, &why);
  if (plan == NULL)
    {
      gtk_label_set_text (self->estimate_label, why);
      return G_SOURCE_REMOVE;
    }
  schema = self->document != NULL ? fx_schema_document_dup_schema (self->document, NULL) : NULL;
  if (schema == NULL || reference == NULL)
    {
      gtk_label_set_text (self->estimate_label,
                          _("The study needs a schema and its real table: open the example, or infer a schema from a CSV"));
      return G_SOURCE_REMOVE;
    }
  gtk_label_set_text (self->estimate_label, _("Estimating what the study will ask for…"));
  work = g_new0 (EstimateWork, 1);
  work->plan = g_steal_pointer (&plan);
  work->schema = g_steal_pointer (&schema);
  work->reference_path = g_strdup (reference);
  self->estimate_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->estimate_cancellable, on_estimated, NULL);
  g_task_set_task_data (task, work, (GDestroyNotify) estimate_work_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, estimate_thread);
  return G_SOURCE_REMOVE;
}

/* The estimate reads the real table: once the form has stood still a moment. */
static void
schedule_estimate (FxStudyView *self)
{
  g_clear_handle_id (&self->estimate_source, g_source_remove);
  self->estimate_source = g_timeout_add (400, estimate_now, self);
}

/* ---- the results --------------------------------------------------------------------- */

static const FxLeaderboard *
current_board (FxStudyView *self)
{
  if (self->busy)
    return fx_plan_run_get_leaderboard (self->run);
  return self->held != NULL ? *self->held : NULL;
}

static void
update_chart (FxStudyView *self)
{
  const FxLeaderboard *board = current_board (self);
  guint measure = MIN (gtk_drop_down_get_selected (self->measure_dropdown), FX_N_MEASURES - 1);
  gboolean against_rows = gtk_drop_down_get_selected (self->axis_dropdown) == 1;

  fx_plot_view_set_plot (self->plot_view,
                         board != NULL && board->rows->len > 0 ? fx_figure_study (board, measure, against_rows)
                                                               : NULL);
}

static void
show_board (FxStudyView *self)
{
  fx_study_leaderboard_set_board (self->leaderboard, current_board (self));
  update_chart (self);
}

/* ---- running ------------------------------------------------------------------------- */

static void
set_busy (FxStudyView *self,
          gboolean     busy)
{
  self->busy = busy;
  gtk_widget_set_visible (self->start_button, !busy);
  gtk_widget_set_visible (self->stop_button, busy);
  gtk_widget_set_sensitive (self->stop_button, busy);
}

static void
on_run_progress (FxStudyView *self)
{
  guint done = fx_plan_run_get_cells_done (self->run);
  guint n = fx_plan_run_get_n_cells (self->run);
  const char *status = fx_plan_run_get_status (self->run);
  g_autofree char *text = g_strdup_printf (_("%u of %u cells done"), done, n);

  if (!self->busy)
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, fx_plan_run_get_fraction (self->run));
  gtk_label_set_text (self->progress_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text, -1);
  if (status != NULL && gtk_widget_get_sensitive (self->stop_button))
    set_status (self, status);
}

static void
on_cells_done (FxStudyView *self)
{
  on_run_progress (self);
  if (self->busy)
    show_board (self);
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(FxStudyView) self = data;
  g_autoptr(GError) error = NULL;
  FxPlanRun *run = FX_PLAN_RUN (source);
  gboolean done = fx_plan_run_finish (run, result, &error);
  guint made = fx_plan_run_count_origin (run, FX_STUDY_RUN_MADE);
  guint continued = fx_plan_run_count_origin (run, FX_STUDY_RUN_CONTINUED);
  guint reused = fx_plan_run_count_origin (run, FX_STUDY_RUN_REUSED);
  g_autofree char *text = NULL;

  if (self->run != run)
    return;  /* the view went away */
  on_run_progress (self);
  set_busy (self, FALSE);
  if (done)
    {
      FxLeaderboard **held = g_atomic_rc_box_new0 (FxLeaderboard *);

      *held = fx_plan_run_steal_leaderboard (run);
      g_clear_pointer (&self->held, held_release);
      self->held = held;
      /* TRANSLATORS: the cells of a study: made anew, carried on from an unfinished run, reused */
      text = g_strdup_printf (_("Done: %u cells (%u made, %u carried on, %u reused); each a run in the Runs pane"),
                              made + continued + reused, made, continued, reused);
      gtk_progress_bar_set_fraction (self->progress_bar, 1);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    text = g_strdup (_("Stopped; start the study again to carry on where it stopped"));
  else
    {
      text = g_strdup_printf (_("The study stopped: %s"), error->message);
      fx_ui_toast (GTK_WIDGET (self), text);
    }
  set_status (self, text);
  show_board (self);
}

static void
on_start_clicked (FxStudyView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = NULL;
  g_autofree char *why = NULL;
  const char *reference = self->document != NULL ? fx_schema_document_get_reference_path (self->document) : NULL;
  FxPlan *plan;

  if (self->busy || fx_plan_run_get_running (self->run))
    return;
  schema = self->document != NULL ? fx_schema_document_dup_schema (self->document, &error) : NULL;
  if (schema == NULL || reference == NULL)
    {
      set_status (self, error != NULL ? error->message
                                      : _("The study needs a schema and its real table: open the example, or infer a schema from a CSV"));
      return;
    }
  if ((plan = fx_study_form_build_plan (self->form, &why)) == NULL)
    {
      set_status (self, why);
      return;
    }
  fx_study_form_save_settings (self->form);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  set_status (self, _("Reading the real data and choosing the features…"));
  fx_plan_run_start_async (self->run, plan, schema, reference, self->cancellable, on_run_done, g_object_ref (self));
  on_run_progress (self);
  show_board (self);
}

static void
on_stop_clicked (FxStudyView *self)
{
  g_cancellable_cancel (self->cancellable);
  /* the run engine marks its run stopped as it ends; on_run_done () says so then */
  gtk_widget_set_sensitive (self->stop_button, FALSE);
  set_status (self, _("Stopping…"));
}

/* ---- the object ---------------------------------------------------------------------- */

static void
fx_study_view_dispose (GObject *object)
{
  FxStudyView *self = FX_STUDY_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->estimate_cancellable);
  g_clear_handle_id (&self->estimate_source, g_source_remove);
  if (self->run != NULL)
    g_signal_handlers_disconnect_by_data (self->run, self);
  /* a running study holds itself until its cells end */
  g_clear_object (&self->run);
  g_clear_weak_pointer (&self->document);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->estimate_cancellable);
  g_clear_pointer (&self->held, held_release);

  G_OBJECT_CLASS (fx_study_view_parent_class)->dispose (object);
}

static void
fx_study_view_class_init (FxStudyViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fx_study_view_dispose;
}

static void
fx_study_view_init (FxStudyView *self)
{
  const char * const axes[] = { N_("Against the number of features"), N_("Against the number of rows") };
  const char *measures[FX_N_MEASURES];
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *intro, *row, *buttons, *chart_box, *chart_choices, *heading;

  self->run = fx_plan_run_new (NULL);
  g_signal_connect_swapped (self->run, "notify::status", G_CALLBACK (on_run_progress), self);
  g_signal_connect_swapped (self->run, "notify::cells-done", G_CALLBACK (on_cells_done), self);

  intro = gtk_label_new (_("A study generates the table for every combination of generator, strategy, number "
                           "of features, number of rows and repeat, compares each with the real data and ranks "
                           "them. Each cell is a run in the Runs pane: a study stopped, or cut short, carries on "
                           "where it stopped when it is started again."));
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_box_append (GTK_BOX (box), intro);

  /* the plan */
  self->form = FX_STUDY_FORM (fx_study_form_new ());
  g_signal_connect_swapped (self->form, "changed", G_CALLBACK (schedule_estimate), self);
  g_signal_connect_swapped (self->form, "status", G_CALLBACK (set_status), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->form));

  /* what it will cost */
  self->estimate_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->estimate_label, TRUE);
  gtk_label_set_xalign (self->estimate_label, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->estimate_label));

  /* start and stop */
  self->start_button = fx_ui_button_new (_("_Start the Study"), _("Start the Study"));
  gtk_widget_add_css_class (self->start_button, "suggested-action");
  self->stop_button = fx_ui_button_new (_("S_top"), _("Stop the Study"));
  gtk_widget_add_css_class (self->stop_button, "destructive-action");
  gtk_widget_set_visible (self->stop_button, FALSE);
  gtk_widget_set_hexpand (self->start_button, TRUE);
  gtk_widget_set_halign (self->start_button, GTK_ALIGN_END);
  gtk_widget_set_hexpand (self->stop_button, TRUE);
  gtk_widget_set_halign (self->stop_button, GTK_ALIGN_END);
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (buttons), self->start_button);
  gtk_box_append (GTK_BOX (buttons), self->stop_button);
  gtk_box_append (GTK_BOX (box), buttons);
  g_signal_connect_swapped (self->start_button, "clicked", G_CALLBACK (on_start_clicked), self);
  g_signal_connect_swapped (self->stop_button, "clicked", G_CALLBACK (on_stop_clicked), self);

  /* progress */
  self->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Cells done"), -1);
  self->progress_label = GTK_LABEL (gtk_label_new (_("No cell done yet")));
  gtk_label_set_xalign (self->progress_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->progress_label), "numeric");
  row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->progress_label));
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->progress_bar));
  gtk_box_append (GTK_BOX (box), row);
  self->status_label = GTK_LABEL (gtk_label_new (_("Not started yet")));
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_wrap_mode (self->status_label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->status_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status_label));

  /* the leaderboard */
  heading = gtk_label_new (_("Leaderboard"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);
  self->leaderboard = FX_STUDY_LEADERBOARD (fx_study_leaderboard_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->leaderboard));

  /* its charts */
  chart_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  chart_choices = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (chart_choices), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (chart_choices), 2);
  for (guint m = 0; m < FX_N_MEASURES; m++)
    measures[m] = fx_measure_title (m);
  self->measure_dropdown = fx_ui_drop_down_new (measures, FX_N_MEASURES, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->measure_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Measure charted"), -1);
  self->axis_dropdown = fx_ui_drop_down_new (axes, G_N_ELEMENTS (axes), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->axis_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Charted against"), -1);
  gtk_flow_box_append (GTK_FLOW_BOX (chart_choices), GTK_WIDGET (self->measure_dropdown));
  gtk_flow_box_append (GTK_FLOW_BOX (chart_choices), GTK_WIDGET (self->axis_dropdown));
  fx_ui_name_flow_children (GTK_FLOW_BOX (chart_choices));
  gtk_accessible_update_property (GTK_ACCESSIBLE (chart_choices), GTK_ACCESSIBLE_PROPERTY_LABEL, _("What is charted"),
                                  -1);
  heading = gtk_label_new (_("Charts"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (chart_box), heading);
  gtk_box_append (GTK_BOX (chart_box), chart_choices);
  self->plot_view = FX_PLOT_VIEW (fx_plot_view_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->plot_view), -1, 380);
  gtk_widget_add_css_class (GTK_WIDGET (self->plot_view), "card");
  gtk_box_append (GTK_BOX (chart_box), GTK_WIDGET (self->plot_view));
  gtk_box_append (GTK_BOX (box), chart_box);
  g_signal_connect_swapped (self->measure_dropdown, "notify::selected", G_CALLBACK (update_chart), self);
  g_signal_connect_swapped (self->axis_dropdown, "notify::selected", G_CALLBACK (update_chart), self);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1100);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  adw_bin_set_child (ADW_BIN (self), scrolled);

  show_board (self);
}

void
fx_study_view_set_document (FxStudyView      *self,
                            FxSchemaDocument *document)
{
  g_return_if_fail (FX_IS_STUDY_VIEW (self));

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_weak_pointer (&self->document, document);
  fx_study_form_set_document (self->form, document);
  /* a new schema or table: a new estimate */
  if (document != NULL)
    {
      g_signal_connect_object (document, "changed", G_CALLBACK (schedule_estimate), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (document, "reset", G_CALLBACK (schedule_estimate), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (document, "notify::reference-path", G_CALLBACK (schedule_estimate), self,
                               G_CONNECT_SWAPPED);
    }
  schedule_estimate (self);
}

gboolean
fx_study_view_has_results (FxStudyView *self)
{
  g_return_val_if_fail (FX_IS_STUDY_VIEW (self), FALSE);

  return self->held != NULL && *self->held != NULL && (*self->held)->rows->len > 0;
}

void
fx_study_view_add_to_report (FxStudyView *self,
                             FxReport    *report)
{
  g_autofree char *description = NULL;
  const FxLeaderboard *board;

  g_return_if_fail (FX_IS_STUDY_VIEW (self));

  if (!fx_study_view_has_results (self))
    return;
  board = *self->held;
  description = g_strdup_printf (_("%u cells, made from the Study view"), board->cells->len);
  fx_report_set_study (report, board, description);
  fx_report_keep (report, g_atomic_rc_box_acquire (self->held), held_release);
}
