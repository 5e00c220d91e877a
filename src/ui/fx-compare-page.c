/* fx-compare-page.c: synthetic sets held against the real data
 *
 * The tables are read and compared in a thread by the statistics core; the page shows
 * what it finds.  Several synthetic sets (runs from the store or CSV files) are compared
 * with the same real table; the first also gets the holdout baseline (one half of the
 * real rows against the other), which says how far apart two samples of the same
 * population are anyway.
 *
 * The page owns the choice of the data and the comparison; its views show what the
 * comparison found: the summary, the feature table, the correlation matrices, the
 * distances, and the Utility, Privacy, Validity and Study views.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-compare-page.h"
#include "fx-compare-results.h"
#include "fx-compare-summary-view.h"
#include "fx-correlations-view.h"
#include "fx-evaluation.h"
#include "fx-feature-table-view.h"
#include "fx-study-view.h"
#include "fx-utility-view.h"
#include "fx-figures.h"
#include "fx-report-dialog.h"
#include "fx-file.h"
#include "fx-plot-view.h"
#include "fx-privacy-view.h"
#include "fx-run.h"
#include "fx-run-chooser.h"
#include "fx-store.h"
#include "fx-synthetic-sets.h"
#include "fx-table-check.h"
#include "fx-ui-util.h"
#include "fx-validity-view.h"
#include "fx-workspace.h"

static const double alphas[] = { 0.01, 0.05, 0.10 };

/* ---- the page ----------------------------------------------------------------- */

struct _FxComparePage
{
  AdwBin                parent_instance;

  FxWorkspace          *workspace;
  FxSchemaDocument     *document;
  GCancellable         *cancellable;
  char                 *reference_path;
  gboolean              reference_chosen;
  GPtrArray            *results;   /* (element-type FxComparedSet): data's sets */
  FxCompareResults     *data;      /* nullable */
  guint                 results_source;  /* the results shown a part at a time */
  guint                 results_stage;

  GCancellable         *check_cancellable;
  guint                 layout_source;   /* the layout follows the width, changed after allocation */
  int                   layout_width;

  GtkBox               *header_box;
  GtkBox               *buttons_box;
  GtkLabel             *choice_error;
  GtkLabel             *stale_label;
  GtkFlowBox           *switcher_box;
  GtkLabel             *reference_label;
  FxRunChooser         *run_chooser;
  GtkDropDown          *alpha_dropdown;
  FxSyntheticSets      *synthetic_sets;
  GtkFlowBox           *sets_box;
  GtkStack             *content;
  AdwStatusPage        *empty_page;
  GtkSpinner           *busy_spinner;
  GtkProgressBar       *busy_progress;
  FxCompareSummaryView *summary_view;
  GtkDropDown          *set_dropdown;
  FxFeatureTableView   *feature_table;
  FxCorrelationsView   *correlations_view;
  GtkBox               *scores_box;
  FxStudyView          *study_view;
  FxPrivacyView        *privacy_view;
  FxValidityView       *validity_view;
  FxUtilityView        *utility_view;
  FxPlotView           *scores_view;
};

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FxComparePage, fx_compare_page, ADW_TYPE_BIN)

static void
toast (FxComparePage *self,
       const char    *message)
{
  fx_ui_toast (GTK_WIDGET (self), message);
}

static double
current_alpha (FxComparePage *self)
{
  return alphas[MIN (gtk_drop_down_get_selected (self->alpha_dropdown), G_N_ELEMENTS (alphas) - 1)];
}

static const char *
effective_reference (FxComparePage *self)
{
  if (self->reference_chosen || self->document == NULL)
    return self->reference_path;
  return fx_schema_document_get_reference_path (self->document);
}

static void
update_actions (FxComparePage *self)
{
  gboolean busy = g_strcmp0 (gtk_stack_get_visible_child_name (self->content), "busy") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.run",
                                 !busy && effective_reference (self) != NULL &&
                                 fx_synthetic_sets_get_n_sets (self->synthetic_sets) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.cancel", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.export", !busy && self->results->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.report", !busy && self->results->len > 0);
}

/* Results computed from other inputs than those now chosen are said to be so, in
 * words that name what they are for. */
static void
update_stale (FxComparePage *self)
{
  gboolean stale = FALSE;
  g_autofree char *text = NULL;

  if (self->data != NULL && self->results->len > 0)
    {
      stale = g_strcmp0 (self->data->reference_path, effective_reference (self)) != 0 ||
              fx_synthetic_sets_get_n_sets (self->synthetic_sets) != self->results->len;
      for (guint i = 0; !stale && i < self->results->len; i++)
        stale = g_strcmp0 (fx_synthetic_sets_get_label (self->synthetic_sets, i),
                           ((FxComparedSet *) g_ptr_array_index (self->results, i))->label) != 0;
    }
  if (stale)
    {
      g_autofree char *base = g_path_get_basename (self->data->reference_path);

      text = g_strdup_printf (_("Out of date: these results compare the real data in %s with the sets "
                                "chosen before. The choice has changed since: press Compare to update them."),
                              base);
      gtk_label_set_text (self->stale_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->stale_label), stale);
}

static void
update_reference (FxComparePage *self)
{
  const char *path = effective_reference (self);
  g_autofree char *base = path != NULL ? g_path_get_basename (path) : NULL;

  gtk_label_set_text (self->reference_label, base != NULL ? base : _("None chosen"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->reference_label), path);
  update_actions (self);
  update_stale (self);
}

/* ---- sources ----------------------------------------------------------------- */

static void
on_sets_changed (FxComparePage *self)
{
  update_actions (self);
  update_stale (self);
}

static void
on_run_chosen (FxComparePage *self,
               gint64         run_id,
               const char    *label)
{
  fx_compare_page_add_run (self, run_id, label);
}

/* A message under the choices, kept until the next choice: a toast would go before it
 * is read. */
static void
show_choice_message (FxComparePage *self,
                     const char    *message,
                     gboolean       is_error)
{
  gtk_label_set_text (self->choice_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->choice_error), message != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->choice_error), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->choice_error), "error");
}

static void use_csv (FxComparePage *self,
                     const char    *path,
                     gboolean       reference);

typedef struct
{
  FxComparePage *page;
  char          *path;
  gboolean       reference;
} Check;

static void
check_free (Check *check)
{
  g_object_unref (check->page);
  g_free (check->path);
  g_free (check);
}

static void
on_table_checked (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  Check *check = data;
  FxComparePage *self = check->page;
  g_autoptr(GError) error = NULL;

  if (!fx_table_check_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (check->reference
                                                      ? _("Not used as the real data: %s")
                                                      : _("Not added: %s"), error->message);

          /* the earlier choice stays */
          show_choice_message (self, message, TRUE);
        }
    }
  else
    {
      show_choice_message (self, NULL, FALSE);
      use_csv (self, check->path, check->reference);
    }
  check_free (check);
}

static void
on_csv_chosen (GtkWidget  *widget,
               const char *path,
               gpointer    data)
{
  FxComparePage *self = FX_COMPARE_PAGE (widget);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *message = g_strdup_printf (_("Reading %s…"), base);
  Check *check = g_new0 (Check, 1);

  check->page = g_object_ref (self);
  check->path = g_strdup (path);
  check->reference = GPOINTER_TO_INT (data);
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->check_cancellable = g_cancellable_new ();
  show_choice_message (self, message, FALSE);
  fx_table_check_async (path, self->check_cancellable, on_table_checked, check);
}

static void
use_csv (FxComparePage *self,
         const char    *path,
         gboolean       reference)
{
  if (reference)
    {
      g_free (self->reference_path);
      self->reference_path = g_strdup (path);
      self->reference_chosen = TRUE;
      update_reference (self);
    }
  else
    fx_synthetic_sets_add_csv (self->synthetic_sets, path);
}

static void
choose_csv (FxComparePage *self,
            gboolean       reference)
{
  fx_ui_choose_file (GTK_WIDGET (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                     reference ? _("Choose the Real Data") : _("Add a Synthetic Table"),
                     reference ? _("_Choose") : _("_Add"), NULL, _("CSV tables"), "text/csv", "*.csv",
                     on_csv_chosen, GINT_TO_POINTER (reference));
}

static void
on_choose_reference (FxComparePage *self)
{
  choose_csv (self, TRUE);
}

static void
on_add_csv (FxComparePage *self)
{
  choose_csv (self, FALSE);
}

/* ---- the comparison, in a thread ------------------------------------------------ */

/* Which comparison the progress is of: one cancelled or replaced since says nothing
 * more. */
typedef struct
{
  FxComparePage *page;
  GCancellable  *cancellable;
} Progress;

static void
progress_free (Progress *progress)
{
  g_object_unref (progress->page);
  g_object_unref (progress->cancellable);
  g_free (progress);
}

static void
show_progress (double      fraction,
               const char *phase,
               gpointer    data)
{
  Progress *progress = data;

  if (progress->cancellable == progress->page->cancellable && !g_cancellable_is_cancelled (progress->cancellable))
    {
      gtk_progress_bar_set_fraction (progress->page->busy_progress, fraction);
      gtk_progress_bar_set_text (progress->page->busy_progress, phase);
    }
}

static void show_results          (FxComparePage *self);
static void fill_privacy_validity (FxComparePage *self);
static void fill_scores           (FxComparePage *self);

static void
on_compared (GObject      *source,
             GAsyncResult *res,
             gpointer      data)
{
  FxComparePage *self = FX_COMPARE_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(FxEvaluation) evaluation = fx_evaluation_run_finish (res, &error);
  const FxEvaluationWarning *warning;

  gtk_spinner_stop (self->busy_spinner);
  if (evaluation == NULL)
    {
      gtk_stack_set_visible_child_name (self->content, self->results->len > 0 ? "results" : "empty");
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, _("Comparison cancelled"));
      else
        {
          g_autofree char *message = g_strdup_printf (_("Could not compare: %s"), error->message);

          show_choice_message (self, message, TRUE);
          adw_status_page_set_description (self->empty_page, message);
        }
      update_actions (self);
      return;
    }

  /* a real table too small to halve is compared without the baseline, and says so */
  warning = fx_evaluation_find_warning (evaluation, FX_EVALUATION_WARNING_HOLDOUT);
  if (warning != NULL)
    {
      g_autofree char *first = g_utf8_strup (warning->message, g_utf8_next_char (warning->message) - warning->message);
      g_autofree char *message = g_strconcat (first, g_utf8_next_char (warning->message), NULL);

      toast (self, message);
    }

  g_clear_pointer (&self->data, fx_compare_results_unref);
  self->data = fx_compare_results_new_take (evaluation);
  g_ptr_array_unref (self->results);
  self->results = g_ptr_array_ref (self->data->sets);
  show_results (self);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FxComparePage *self = FX_COMPARE_PAGE (widget);
  g_autoptr(FxEvaluationRequest) request = NULL;
  g_autoptr(FxSchema) schema = NULL;
  g_autofree char *store_path = g_strdup (self->workspace != NULL ? fx_workspace_get_store_path (self->workspace)
                                                                   : NULL);
  Progress *progress;

  if (effective_reference (self) == NULL || fx_synthetic_sets_get_n_sets (self->synthetic_sets) == 0)
    return;

  request = fx_evaluation_request_new (effective_reference (self));
  fx_evaluation_request_set_store_path (request, store_path);
  /* the schema in the Schema pane, when it is valid, says what each column is */
  schema = self->document != NULL ? fx_schema_document_dup_schema (self->document, NULL) : NULL;
  fx_evaluation_request_set_schema (request, schema);
  /* the baseline is the same for every set: the first carries it */
  fx_evaluation_request_set_holdout (request, FX_EVALUATION_HOLDOUT_FIRST, 1);
  fx_evaluation_request_set_privacy (request, TRUE);
  fx_synthetic_sets_add_to_request (self->synthetic_sets, request);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  progress = g_new0 (Progress, 1);
  progress->page = g_object_ref (self);
  progress->cancellable = g_object_ref (self->cancellable);
  show_choice_message (self, NULL, FALSE);
  gtk_stack_set_visible_child_name (self->content, "busy");
  gtk_progress_bar_set_fraction (self->busy_progress, 0);
  gtk_progress_bar_set_text (self->busy_progress, NULL);
  gtk_spinner_start (self->busy_spinner);
  update_actions (self);
  fx_evaluation_run_async (self, request, self->cancellable, show_progress, progress,
                           (GDestroyNotify) progress_free, on_compared, NULL);
}

/* The study needs no comparison first: its tab is shown over empty results. */
static void
study_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FxComparePage *self = FX_COMPARE_PAGE (widget);
  GtkWidget *results_stack = gtk_widget_get_ancestor (GTK_WIDGET (self->study_view), GTK_TYPE_STACK);

  gtk_stack_set_visible_child_name (self->content, "results");
  if (GTK_IS_STACK (results_stack))
    gtk_stack_set_visible_child_name (GTK_STACK (results_stack), "study");
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_cancellable_cancel (FX_COMPARE_PAGE (widget)->cancellable);
}

/* ---- results -------------------------------------------------------------------- */

/* The features of the set chosen, tested at the level chosen. */
static void
fill_table (FxComparePage *self)
{
  fx_feature_table_view_set_results (self->feature_table, self->data,
                                     gtk_drop_down_get_selected (self->set_dropdown), current_alpha (self));
}

static gboolean
show_more_results (gpointer data)
{
  FxComparePage *self = data;

  switch (self->results_stage++)
    {
    case 0:
      fill_table (self);
      return G_SOURCE_CONTINUE;

    case 1:
      fx_correlations_view_set_set (self->correlations_view, self->data,
                                    gtk_drop_down_get_selected (self->set_dropdown));
      return G_SOURCE_CONTINUE;

    default:
      fill_scores (self);
      self->results_source = 0;
      return G_SOURCE_REMOVE;
    }
}

/* Set @index's models, trained in the Utility view's thread. */
static void
show_utility (FxComparePage *self,
              guint          index)
{
  FxComparedSet *r = index < self->results->len ? g_ptr_array_index (self->results, index) : NULL;

  fx_utility_view_set_set (self->utility_view, self->data != NULL ? self->data->schema : NULL,
                           self->data != NULL ? self->data->real : NULL, r != NULL ? r->label : NULL,
                           r != NULL ? r->synthetic : NULL,
                           r != NULL && r->run != NULL ? r->run->parameters : NULL);
}

static void
show_results (FxComparePage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  /* first, so that selecting the first set below finds it shown already */
  show_utility (self, 0);
  for (guint i = 0; i < self->results->len; i++)
    gtk_string_list_append (labels, ((FxComparedSet *) g_ptr_array_index (self->results, i))->label);
  gtk_drop_down_set_model (self->set_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->set_dropdown, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->set_dropdown), self->results->len > 1);

  fx_compare_summary_view_set_results (self->summary_view, self->data, current_alpha (self));
  fill_privacy_validity (self);
  gtk_stack_set_visible_child_name (self->content, "results");
  update_actions (self);
  /* the table and the charts in later iterations: laying out all at once holds the
   * main loop too long */
  self->results_stage = 0;
  if (self->results_source == 0)
    self->results_source = g_idle_add (show_more_results, self);
}

/* ---- plots ------------------------------------------------------------------------ */

/* Each feature's distance (KS D or TVD) sorted, the holdout's marked beside it. */
static void
fill_scores (FxComparePage *self)
{
  FxComparedSet *result = fx_compare_results_get_set (self->data, gtk_drop_down_get_selected (self->set_dropdown));
  FxFigureSet set;

  if (result == NULL)
    return;
  set = (FxFigureSet) { result->label, result->comparison, result->synthetic };
  fx_plot_view_set_plot (self->scores_view, fx_figure_scores (&set, fx_compare_results_get_holdout (self->data)));
}

/* ---- the layout follows the width ------------------------------------------------- */

#define WIDE_HEADER   900   /* the choices on one line */
#define SIDE_BY_SIDE 1000   /* the feature list and its plots side by side */
#define ALL_COLUMNS   640   /* every column of the table; narrower, the feature and its result */

static void
flow_children_unfocusable (GtkFlowBox *box)
{
  GtkFlowBoxChild *child;

  for (guint i = 0; (child = gtk_flow_box_get_child_at_index (box, i)) != NULL; i++)
    gtk_widget_set_focusable (GTK_WIDGET (child), FALSE);
}

static int
layout_class (int width)
{
  return (width >= WIDE_HEADER) + (width >= SIDE_BY_SIDE) + (width >= ALL_COLUMNS);
}

static gboolean
apply_layout (gpointer data)
{
  FxComparePage *self = data;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  gboolean side = width >= SIDE_BY_SIDE;

  self->layout_source = 0;
  if (width <= 0)
    return G_SOURCE_REMOVE;
  self->layout_width = layout_class (width) + 1;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->header_box),
                                  width >= WIDE_HEADER ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_halign (GTK_WIDGET (self->buttons_box), width >= WIDE_HEADER ? GTK_ALIGN_END : GTK_ALIGN_START);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->buttons_box),
                                  width >= WIDE_HEADER ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
  fx_feature_table_view_set_layout (self->feature_table, side, width >= ALL_COLUMNS);
  return G_SOURCE_REMOVE;
}

/* The page lays out its child itself (AdwBin's layout manager would take the place of
 * the size_allocate below), as a bin does. */
static void
fx_compare_page_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  *minimum = *natural = 0;
  if (child != NULL && gtk_widget_get_visible (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

/* A layout changed while it is allocated would be allocated again at once: the change
 * waits for the main loop.  layout_width holds the class of width applied, plus one. */
static void
fx_compare_page_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  FxComparePage *self = FX_COMPARE_PAGE (widget);

  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
  if (width > 0 && layout_class (width) + 1 != self->layout_width && self->layout_source == 0)
    self->layout_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_layout, self, NULL);
}

/* ---- export --------------------------------------------------------------------- */

static void
on_export_chosen (GtkWidget  *widget,
                  const char *path,
                  gpointer    data)
{
  FxComparePage *self = FX_COMPARE_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *message = NULL;
  gsize length = 0;

  if (g_str_equal (data, "json"))
    text = fx_compare_results_to_json (self->data, &length);
  else
    text = fx_compare_results_to_csv (self->data, &length);
  if (fx_write_file_atomic (path, text, length, &error))
    message = g_strdup_printf (_("Saved the comparison to %s"), base);
  else
    message = g_strdup_printf (_("Could not save: %s"), error->message);
  toast (self, message);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FxComparePage *self = FX_COMPARE_PAGE (widget);
  /* the format names are static: "json" or "csv" */
  const char *format = g_str_equal (g_variant_get_string (parameter, NULL), "json") ? "json" : "csv";
  g_autofree char *name = g_strdup_printf ("comparison.%s", format);

  if (self->results->len > 0)
    fx_ui_choose_file (widget, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export the Comparison"), _("_Export"), name,
                       NULL, NULL, NULL, on_export_chosen, (gpointer) format);
}

static void
report_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FxComparePage *self = FX_COMPARE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *base = NULL;
  g_autofree char *title = NULL;
  FxReportDialog *dialog;
  FxReport *report;

  if (self->data == NULL || self->results->len == 0)
    return;
  /* the schema's file stands for the schema compared only when nothing was changed
   * since it was saved; the store is the default one */
  report = fx_compare_results_new_report (self->data, current_alpha (self),
                                          self->document != NULL && !fx_schema_document_get_dirty (self->document)
                                          ? fx_schema_document_get_file_path (self->document) : NULL);
  fx_study_view_add_to_report (self->study_view, report);
  fx_utility_view_add_to_report (self->utility_view, report);

  base = g_path_get_basename (self->data->reference_path);
  title = g_strdup_printf (_("Synthetic data fidelity: %s"), base);
  dialog = fx_report_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, widget, report, title,
                                 fx_study_view_has_results (self->study_view));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the object ------------------------------------------------------------------ */

static void
on_alpha_changed (FxComparePage *self)
{
  if (self->results->len == 0)
    return;
  fx_compare_summary_view_set_results (self->summary_view, self->data, current_alpha (self));
  /* the Result column and its order depend on alpha */
  fill_table (self);
}

/* The set chosen in the Privacy and Validity views. */
static void
fill_privacy_validity (FxComparePage *self)
{
  guint i = gtk_drop_down_get_selected (self->set_dropdown);
  FxComparedSet *r = self->results != NULL && i < self->results->len ? g_ptr_array_index (self->results, i) : NULL;

  fx_privacy_view_set_privacy (self->privacy_view, r != NULL ? r->privacy : NULL,
                               r != NULL ? r->privacy_why : NULL);
  fx_validity_view_set_validity (self->validity_view, r != NULL ? r->comparison->validity : NULL,
                                 r != NULL ? r->synthetic : NULL);
}

static void
on_set_changed (FxComparePage *self)
{
  guint i = gtk_drop_down_get_selected (self->set_dropdown);

  fill_privacy_validity (self);
  fill_table (self);
  fx_correlations_view_set_set (self->correlations_view, self->data, i);
  fill_scores (self);
  if (i < self->results->len &&
      g_strcmp0 (((FxComparedSet *) g_ptr_array_index (self->results, i))->label,
                 fx_utility_view_get_label (self->utility_view)) != 0)
    show_utility (self, i);
}

static void
on_schema_changed (FxComparePage *self)
{
  if (!self->reference_chosen)
    update_reference (self);
}

static void
fx_compare_page_dispose (GObject *object)
{
  FxComparePage *self = FX_COMPARE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->results_source, g_source_remove);
  g_clear_handle_id (&self->layout_source, g_source_remove);
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_object (&self->synthetic_sets);
  gtk_widget_dispose_template (GTK_WIDGET (self), FX_TYPE_COMPARE_PAGE);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  g_clear_object (&self->workspace);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->data, fx_compare_results_unref);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->reference_path, g_free);

  G_OBJECT_CLASS (fx_compare_page_parent_class)->dispose (object);
}

static void
set_document (FxComparePage    *self,
              FxSchemaDocument *document)
{
  if (self->document == document)
    return;
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, document);
  fx_study_view_set_document (self->study_view, document);
  if (document != NULL)
    g_signal_connect_object (document, "changed", G_CALLBACK (on_schema_changed), self, G_CONNECT_SWAPPED);
  update_reference (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

static void
fx_compare_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FxComparePage *self = FX_COMPARE_PAGE (object);

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
fx_compare_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FxComparePage *self = FX_COMPARE_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      if (g_set_object (&self->workspace, g_value_get_object (value)))
        {
          fx_run_chooser_set_workspace (self->run_chooser, self->workspace);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_DOCUMENT:
      set_document (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fx_compare_page_class_init (FxComparePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fx_compare_page_dispose;
  object_class->get_property = fx_compare_page_get_property;
  object_class->set_property = fx_compare_page_set_property;
  widget_class->size_allocate = fx_compare_page_size_allocate;
  widget_class->measure = fx_compare_page_measure;

  /* the store the runs come from */
  properties[PROP_WORKSPACE] = g_param_spec_object ("workspace", NULL, NULL, FX_TYPE_WORKSPACE,
                                                    G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                    G_PARAM_STATIC_STRINGS);
  /* where the real data and the schema come from unless the user chooses otherwise */
  properties[PROP_DOCUMENT] = g_param_spec_object ("document", NULL, NULL, FX_TYPE_SCHEMA_DOCUMENT,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                   G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FX_TYPE_STUDY_VIEW);
  g_type_ensure (FX_TYPE_PRIVACY_VIEW);
  g_type_ensure (FX_TYPE_VALIDITY_VIEW);
  g_type_ensure (FX_TYPE_UTILITY_VIEW);
  g_type_ensure (FX_TYPE_FEATURE_TABLE_VIEW);
  g_type_ensure (FX_TYPE_COMPARE_SUMMARY_VIEW);
  g_type_ensure (FX_TYPE_CORRELATIONS_VIEW);
  g_type_ensure (FX_TYPE_RUN_CHOOSER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/facsimile/Facsimile/ui/fx-compare-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, header_box);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, buttons_box);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, choice_error);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, stale_label);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, switcher_box);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, reference_label);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, run_chooser);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, alpha_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, sets_box);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, content);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, busy_progress);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, summary_view);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, set_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, feature_table);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, correlations_view);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, scores_box);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, study_view);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, privacy_view);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, validity_view);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, utility_view);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_reference);
  gtk_widget_class_bind_template_callback (widget_class, on_add_csv);
  gtk_widget_class_bind_template_callback (widget_class, on_run_chosen);

  gtk_widget_class_install_action (widget_class, "compare.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "compare.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "compare.study", NULL, study_action);
  gtk_widget_class_install_action (widget_class, "compare.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "compare.report", NULL, report_action);
}

static void
fx_compare_page_init (FxComparePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);

  self->cancellable = g_cancellable_new ();
  self->results = g_ptr_array_new ();
  self->synthetic_sets = fx_synthetic_sets_new (self->sets_box);
  g_signal_connect_swapped (self->synthetic_sets, "changed", G_CALLBACK (on_sets_changed), self);
  fx_ui_name_controls (GTK_WIDGET (self));
  flow_children_unfocusable (self->switcher_box);

  /* the distances: a card, tall enough to read */
  self->scores_view = FX_PLOT_VIEW (fx_plot_view_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->scores_view), -1, 760);
  gtk_widget_set_vexpand (GTK_WIDGET (self->scores_view), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->scores_view), "card");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->scores_view), _("Distance per feature"));
  gtk_box_append (self->scores_box, GTK_WIDGET (self->scores_view));

  g_signal_connect_swapped (self->alpha_dropdown, "notify::selected", G_CALLBACK (on_alpha_changed), self);
  g_signal_connect_swapped (self->set_dropdown, "notify::selected", G_CALLBACK (on_set_changed), self);
  update_reference (self);
}

void
fx_compare_page_add_run (FxComparePage *self,
                         gint64         run_id,
                         const char    *label)
{
  g_autofree char *named = NULL;

  g_return_if_fail (FX_IS_COMPARE_PAGE (self));
  g_return_if_fail (run_id > 0);

  if (label == NULL)
    {
      /* one row by its key, from the store the workspace has open */
      FxStore *store = self->workspace != NULL ? fx_workspace_get_store (self->workspace) : NULL;
      g_autoptr(FxRunRecord) record = store != NULL ? fx_store_get_run (store, run_id, NULL) : NULL;

      named = record != NULL ? g_strdup_printf (_("Run %lld (%s)"), (long long) run_id, record->model)
                             : g_strdup_printf (_("Run %lld"), (long long) run_id);
    }
  fx_synthetic_sets_add_run (self->synthetic_sets, run_id, label != NULL ? label : named);
}

void
fx_compare_page_compare (FxComparePage *self)
{
  g_return_if_fail (FX_IS_COMPARE_PAGE (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "compare.run", NULL);
}
