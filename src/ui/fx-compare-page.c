/* fx-compare-page.c: synthetic sets held against the real data
 *
 * The tables are read and compared in a thread by the statistics core; the page shows
 * what it finds.  Several synthetic sets (runs from the store or CSV files) are compared
 * with the same real table; the first also gets the holdout baseline (one half of the
 * real rows against the other), which says how far apart two samples of the same
 * population are anyway.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fx-compare-page.h"
#include "fx-compare.h"
#include "fx-comparison-row.h"
#include "fx-csv.h"
#include "fx-evaluation.h"
#include "fx-study-view.h"
#include "fx-utility-view.h"
#include "fx-figures.h"
#include "fx-report-dialog.h"
#include "fx-file.h"
#include "fx-plot-view.h"
#include "fx-privacy-view.h"
#include "fx-report-privacy.h"
#include "fx-run.h"
#include "fx-run-format.h"
#include "fx-store.h"
#include "fx-table-check.h"
#include "fx-ui-util.h"
#include "fx-validity-view.h"
#include "fx-workspace.h"

static const double alphas[] = { 0.01, 0.05, 0.10 };

/* ---- the page ----------------------------------------------------------------- */

typedef enum
{
  SOURCE_RUN,
  SOURCE_CSV,
} SourceKind;

typedef struct
{
  SourceKind  kind;
  gint64      run_id;
  char       *path;
  char       *label;
} Source;

typedef struct
{
  char         *label;
  char         *path;        /* nullable: a CSV's */
  FxRunRecord  *run;         /* nullable: a run's provenance */
  FxComparison *comparison;
  FxTable      *synthetic;
  FxPrivacy    *privacy;     /* nullable: without a schema's target */
  char         *privacy_why; /* nullable: why there is no privacy */
} Result;

/* What one comparison read and found, shared with the threads that prepare plots. */
typedef struct
{
  char      *reference_path;
  FxTable   *real;
  FxSchema  *schema;    /* nullable: units for the axes */
  GPtrArray *results;   /* (element-type Result) */
} Data;

struct _FxComparePage
{
  AdwBin         parent_instance;

  FxWorkspace   *workspace;
  FxSchemaDocument *document;
  GCancellable  *cancellable;
  char          *reference_path;
  gboolean       reference_chosen;
  GPtrArray     *sources;   /* (element-type Source) */
  GPtrArray     *results;   /* (element-type Result): data's */
  Data          *data;
  GCancellable  *plot_cancellable;
  GCancellable  *list_cancellable;
  guint          results_source;  /* the results shown a part at a time */
  guint          results_stage;
  GListStore    *rows;
  GtkSingleSelection *selection;

  GCancellable  *check_cancellable;
  guint          layout_source;   /* the layout follows the width, changed after allocation */
  int            layout_width;
  GtkColumnViewColumn *columns[10];

  GtkBox        *header_box;
  GtkBox        *buttons_box;
  GtkLabel      *choice_error;
  GtkLabel      *stale_label;
  GtkLabel      *summary_sentence;
  GtkLabel      *alike_note;
  GtkFlowBox    *switcher_box;
  GtkBox        *features_box;
  GtkLabel      *reference_label;
  GtkMenuButton *add_run_button;
  GtkPopover    *runs_popover;
  GtkListBox    *runs_list;
  GtkDropDown   *alpha_dropdown;
  GtkFlowBox    *sets_box;
  GtkStack      *content;
  AdwStatusPage *empty_page;
  GtkSpinner    *busy_spinner;
  GtkProgressBar *busy_progress;
  GtkFlowBox    *summary_box;
  GtkDropDown   *set_dropdown;
  GtkColumnView *feature_view;
  GtkBox        *plots_box;
  GtkLabel      *feature_title;
  GtkLabel      *feature_detail;
  GtkDropDown   *matrix_dropdown;
  GtkLabel      *matrix_summary;
  GtkBox        *correlations_box;
  GtkBox        *scores_box;
  FxStudyView   *study_view;
  FxPrivacyView        *privacy_view;
  FxValidityView       *validity_view;
  FxUtilityView *utility_view;
  FxPlotView    *distribution_view;
  FxPlotView    *ecdf_view;
  FxPlotView    *heatmap_view;
  FxPlotView    *scores_view;
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
source_free (Source *source)
{
  g_free (source->path);
  g_free (source->label);
  g_free (source);
}

static void
result_free (Result *result)
{
  g_free (result->label);
  g_free (result->path);
  g_clear_pointer (&result->run, fx_run_record_free);
  g_clear_pointer (&result->comparison, fx_comparison_free);
  g_clear_pointer (&result->synthetic, fx_table_free);
  g_clear_pointer (&result->privacy, fx_privacy_free);
  g_free (result->privacy_why);
  g_free (result);
}

static void
data_clear (Data *data)
{
  g_clear_pointer (&data->reference_path, g_free);
  g_clear_pointer (&data->real, fx_table_free);
  g_clear_pointer (&data->schema, fx_schema_free);
  g_clear_pointer (&data->results, g_ptr_array_unref);
}

static Data *
data_ref (Data *data)
{
  return g_atomic_rc_box_acquire (data);
}

static void
data_unref (Data *data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) data_clear);
}

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

static char *
format_value (double value,
              int    digits)
{
  if (!isfinite (value))
    return g_strdup ("—");
  if (value != 0 && fabs (value) < pow (10, -digits))
    return g_strdup_printf ("%.*e", MAX (digits - 2, 1), value);
  return g_strdup_printf ("%.*f", digits, value);
}

static void
update_actions (FxComparePage *self)
{
  gboolean busy = g_strcmp0 (gtk_stack_get_visible_child_name (self->content), "busy") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.run",
                                 !busy && effective_reference (self) != NULL && self->sources->len > 0);
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
              self->sources->len != self->results->len;
      for (guint i = 0; !stale && i < self->sources->len; i++)
        stale = g_strcmp0 (((Source *) g_ptr_array_index (self->sources, i))->label,
                           ((Result *) g_ptr_array_index (self->results, i))->label) != 0;
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

static void
on_remove_source (GtkButton *button,
                  gpointer   data)
{
  FxComparePage *self = data;
  Source *source = g_object_get_data (G_OBJECT (button), "source");

  g_ptr_array_remove (self->sources, source);
  gtk_flow_box_remove (self->sets_box, gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_FLOW_BOX_CHILD));
  update_actions (self);
  update_stale (self);
}

static void
add_source (FxComparePage *self,
            Source        *source)
{
  GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (source->label);
  GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
  g_autofree char *remove_name = g_strdup_printf (_("Remove %s"), source->label);

  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *other = g_ptr_array_index (self->sources, i);

      if (other->kind == source->kind && other->run_id == source->run_id &&
          g_strcmp0 (other->path, source->path) == 0)
        {
          source_free (source);
          return;
        }
    }
  g_ptr_array_add (self->sources, source);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  gtk_widget_set_margin_start (label, 10);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_set_tooltip_text (remove, remove_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
  g_object_set_data (G_OBJECT (remove), "source", source);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_source), self);
  gtk_box_append (GTK_BOX (chip), label);
  gtk_box_append (GTK_BOX (chip), remove);
  gtk_widget_add_css_class (chip, "card");
  gtk_flow_box_append (self->sets_box, chip);
  /* the chip is not a stop of its own: its Remove button is */
  gtk_widget_set_focusable (gtk_widget_get_parent (chip), FALSE);
  fx_ui_name_flow_children (self->sets_box);
  update_actions (self);
  update_stale (self);
}

/* ---- sources ----------------------------------------------------------------- */

static void
on_runs_listed (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(FxComparePage) self = data;
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
fill_runs_list (FxComparePage *self)
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
on_run_chosen (FxComparePage *self,
               GtkListBoxRow *row)
{
  gint64 run_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "run-id"));
  const char *label = g_object_get_data (G_OBJECT (row), "label");

  if (run_id > 0)
    fx_compare_page_add_run (self, run_id, label);
  gtk_popover_popdown (self->runs_popover);
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
    {
      Source *source = g_new0 (Source, 1);

      source->kind = SOURCE_CSV;
      source->path = g_strdup (path);
      source->label = g_path_get_basename (path);
      add_source (self, source);
    }
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
static void prepare_feature_plots (FxComparePage *self,
                                   const char    *feature);
static void fill_heatmap          (FxComparePage *self);
static void fill_scores           (FxComparePage *self);

/* The evaluation's sets as the page keeps them. */
static GPtrArray *
take_results (FxEvaluation *evaluation)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) result_free);

  for (guint i = 0; i < evaluation->sets->len; i++)
    {
      FxEvaluationSet *set = g_ptr_array_index (evaluation->sets, i);
      Result *result = g_new0 (Result, 1);

      result->label = g_steal_pointer (&set->label);
      result->path = g_steal_pointer (&set->path);
      result->run = g_steal_pointer (&set->run);
      result->comparison = g_steal_pointer (&set->comparison);
      result->synthetic = g_steal_pointer (&set->table);
      result->privacy = g_steal_pointer (&set->privacy);
      result->privacy_why = g_steal_pointer (&set->privacy_why);
      g_ptr_array_add (results, result);
    }
  return results;
}

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

  g_clear_pointer (&self->data, data_unref);
  self->data = g_atomic_rc_box_new0 (Data);
  self->data->reference_path = g_strdup (evaluation->real_path);
  self->data->real = g_steal_pointer (&evaluation->real);
  self->data->schema = g_steal_pointer (&evaluation->schema);
  self->data->results = take_results (evaluation);
  g_ptr_array_unref (self->results);
  self->results = g_ptr_array_ref (self->data->results);
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

  if (effective_reference (self) == NULL || self->sources->len == 0)
    return;

  request = fx_evaluation_request_new (effective_reference (self));
  fx_evaluation_request_set_store_path (request, store_path);
  /* the schema in the Schema pane, when it is valid, says what each column is */
  schema = self->document != NULL ? fx_schema_document_dup_schema (self->document, NULL) : NULL;
  fx_evaluation_request_set_schema (request, schema);
  /* the baseline is the same for every set: the first carries it */
  fx_evaluation_request_set_holdout (request, FX_EVALUATION_HOLDOUT_FIRST, 1);
  fx_evaluation_request_set_privacy (request, TRUE);
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      if (source->kind == SOURCE_CSV)
        fx_evaluation_request_add_csv (request, source->path, source->label);
      else
        fx_evaluation_request_add_run (request, source->run_id, source->label);
    }

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

static Result *
shown_result (FxComparePage *self)
{
  guint i = gtk_drop_down_get_selected (self->set_dropdown);

  if (self->results->len == 0)
    return NULL;
  return g_ptr_array_index (self->results, MIN (i, self->results->len - 1));
}

/* A plain title with the measure's technical name and meaning in its tooltip.  The
 * values are not selectable: each would be a stop for the Tab key. */
static GtkWidget *
summary_line (const char *title,
              const char *value,
              const char *tooltip)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *t = gtk_label_new (title);
  GtkWidget *v = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (t), 0);
  gtk_label_set_wrap (GTK_LABEL (t), TRUE);
  gtk_widget_set_hexpand (t, TRUE);
  gtk_widget_add_css_class (t, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (v), 1);
  gtk_widget_add_css_class (v, "numeric");
  gtk_box_append (GTK_BOX (box), t);
  gtk_box_append (GTK_BOX (box), v);
  gtk_widget_set_tooltip_text (box, tooltip);
  return box;
}

static char *
alike_meaning (double alpha,
               guint  tested)
{
  return g_strdup_printf (ngettext ("“Alike” means no significant difference at %g %% after correcting for %u test "
                                    "(Benjamini–Hochberg); “differs” means a difference larger than chance "
                                    "would make.",
                                    "“Alike” means no significant difference at %g %% after correcting for %u tests "
                                    "(Benjamini–Hochberg); “differs” means a difference larger than chance "
                                    "would make.", tested),
                          100 * alpha, tested);
}

static char *
count_words (guint n)
{
  return n == 0 ? g_strdup (_("none")) : g_strdup_printf ("%u", n);
}

/* The sentence the results open with: how many features differ, next to how many
 * differ between two halves of the real records. */
static char *
plain_summary (FxComparePage *self)
{
  double alpha = current_alpha (self);
  g_autoptr(GString) text = g_string_new (NULL);
  const FxComparison *holdout = NULL;

  for (guint i = 0; i < self->results->len; i++)
    {
      Result *r = g_ptr_array_index (self->results, i);
      FxComparisonSummary s;

      fx_comparison_summarize (r->comparison, alpha, &s);
      if (i == 0)
        holdout = r->comparison->holdout;
      if (self->results->len == 1)
        g_string_append_printf (text, ngettext ("The synthetic records differ from the real ones on %u of %u feature",
                                                "The synthetic records differ from the real ones on %u of %u features",
                                                s.tested), s.significant, s.tested);
      else
        g_string_append_printf (text, ngettext ("%sThe synthetic records of %s differ from the real ones on %u of %u feature",
                                                "%sThe synthetic records of %s differ from the real ones on %u of %u features",
                                                s.tested), i > 0 ? ". " : "", r->label, s.significant, s.tested);
    }
  if (holdout != NULL)
    {
      FxComparisonSummary h;
      g_autofree char *n = NULL;

      fx_comparison_summarize (holdout, alpha, &h);
      n = count_words (h.significant);
      g_string_append_printf (text, _("; two random halves of the real records differ on %s."), n);
    }
  else
    g_string_append (text, ".");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
summary_card (const char         *title,
              const FxComparison *c,
              double              alpha,
              gboolean            is_holdout)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *headline;
  FxComparisonSummary s;
  g_autofree char *similar = NULL;
  g_autofree char *kl = NULL;
  g_autofree char *ks = NULL;
  g_autofree char *pearson = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *meaning = NULL;

  fx_comparison_summarize (c, alpha, &s);
  similar = g_strdup_printf (ngettext ("%u of %u feature alike", "%u of %u features alike", s.tested),
                             s.tested - s.significant, s.tested);
  meaning = alike_meaning (alpha, s.tested);
  kl = format_value (s.mean_kl, 4);
  ks = format_value (s.mean_ks, 4);
  pearson = format_value (s.pearson_mean_abs_difference, 4);
  rows = g_strdup_printf (_("%lu real, %lu synthetic"), (gulong) c->real_rows, (gulong) c->synthetic_rows);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_margin_start (card, 0);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_ellipsize (GTK_LABEL (heading), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (heading, "heading");
  if (is_holdout)
    gtk_widget_add_css_class (heading, "dim-label");
  headline = gtk_label_new (similar);
  gtk_label_set_xalign (GTK_LABEL (headline), 0);
  gtk_label_set_wrap (GTK_LABEL (headline), TRUE);
  gtk_widget_set_tooltip_text (headline, meaning);
  gtk_widget_add_css_class (headline, "title-2");
  if (!is_holdout)
    gtk_widget_add_css_class (headline, s.significant == 0 ? "success" : s.significant * 4 > s.tested ? "error" : "warning");

  {
    GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

    gtk_widget_set_margin_start (inner, 12);
    gtk_widget_set_margin_end (inner, 12);
    gtk_widget_set_margin_top (inner, 12);
    gtk_widget_set_margin_bottom (inner, 12);
    gtk_box_append (GTK_BOX (inner), heading);
    gtk_box_append (GTK_BOX (inner), headline);
    gtk_box_append (GTK_BOX (inner),
                    summary_line (_("Records"), rows,
                                  is_holdout ? _("The real records were split at random into two halves of this size")
                                             : _("How many records (rows) each table has")));
    gtk_box_append (GTK_BOX (inner),
                    summary_line (_("Typical gap between distributions"), ks,
                                  _("How far the distribution of a measured value lies from the real one, averaged "
                                    "over the numeric features: 0 when they are the same, 1 when they do not overlap "
                                    "at all (mean Kolmogorov–Smirnov distance D)")));
    gtk_box_append (GTK_BOX (inner),
                    summary_line (_("Information lost"), kl,
                                  _("How much is lost when the synthetic values stand in for the real ones, averaged "
                                    "over the features: 0 when nothing is lost, larger when more is (mean "
                                    "Kullback–Leibler divergence)")));
    gtk_box_append (GTK_BOX (inner),
                    summary_line (_("Change in correlations"), pearson,
                                  _("How much the correlations between pairs of numeric features changed, averaged: "
                                    "0 when none did, up to 2 (mean absolute difference of Pearson's r)")));
    gtk_box_append (GTK_BOX (card), inner);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  if (is_holdout)
    gtk_widget_set_tooltip_text (card, _("Two random halves of the real records compared in the same way: how far "
                                         "apart two samples of the same patients are anyway"));
  return card;
}

static void
fill_summary (FxComparePage *self)
{
  double alpha = current_alpha (self);
  GtkFlowBoxChild *child;
  g_autofree char *sentence = plain_summary (self);

  gtk_label_set_text (self->summary_sentence, sentence);
  if (self->results->len > 0)
    {
      FxComparisonSummary s;
      g_autofree char *meaning = NULL;

      fx_comparison_summarize (((Result *) g_ptr_array_index (self->results, 0))->comparison, alpha, &s);
      meaning = alike_meaning (alpha, s.tested);
      gtk_label_set_text (self->alike_note, meaning);
    }

  while ((child = gtk_flow_box_get_child_at_index (self->summary_box, 0)) != NULL)
    gtk_flow_box_remove (self->summary_box, GTK_WIDGET (child));
  for (guint i = 0; i < self->results->len; i++)
    {
      Result *r = g_ptr_array_index (self->results, i);

      gtk_flow_box_append (self->summary_box, summary_card (r->label, r->comparison, alpha, FALSE));
    }
  if (self->results->len > 0)
    {
      Result *first = g_ptr_array_index (self->results, 0);

      if (first->comparison->holdout != NULL)
        gtk_flow_box_append (self->summary_box,
                             summary_card (_("Holdout baseline: real against real"), first->comparison->holdout,
                                           alpha, TRUE));
    }
  /* the summary is read, not operated: its cards are no stops for the Tab key */
  for (guint i = 0; (child = gtk_flow_box_get_child_at_index (self->summary_box, i)) != NULL; i++)
    gtk_widget_set_focusable (GTK_WIDGET (child), FALSE);
  fx_ui_name_flow_children (self->summary_box);
}

typedef enum
{
  COLUMN_NAME,
  COLUMN_RESULT,
  COLUMN_STATISTIC,
  COLUMN_PVALUE,
  COLUMN_ADJUSTED,
  COLUMN_KL,
  COLUMN_DISTANCE,
  COLUMN_MISSING_REAL,
  COLUMN_MISSING_SYNTHETIC,
  COLUMN_HOLDOUT,
  N_COLUMNS
} Column;

static const char *column_titles[N_COLUMNS] = {
  N_("Feature"), N_("Result"), N_("Statistic"), N_("p"), N_("Adjusted p"), N_("KL"), N_("W₁ or TVD"),
  N_("Missing, real"), N_("Missing, synthetic"), N_("Holdout D or TVD"),
};

/* What each column says, in plain words, as its header's tooltip. */
static const char *column_tooltips[N_COLUMNS] = {
  N_("The feature: a column of the table"),
  N_("Alike: no significant difference between the real and the synthetic values at the chosen level, after "
     "correcting for the number of features tested. Differs: a difference larger than chance would make."),
  N_("How different the values are, as the test measures it: for numbers the largest gap between the two "
     "cumulative distributions (Kolmogorov–Smirnov D, 0 to 1), for categories the chi-squared statistic"),
  N_("How often a difference this large would appear by chance if both tables came from the same patients, "
     "before correcting for testing many features"),
  N_("The p value corrected for testing every feature at once (Benjamini–Hochberg); below the significance "
     "level the feature differs"),
  N_("Information lost when the synthetic values stand in for the real ones (Kullback–Leibler divergence): "
     "0 when nothing is lost"),
  N_("How far apart the two distributions are: for numbers in the feature's own units (Wasserstein distance "
     "W₁), for categories the share of records that would have to change category (total variation "
     "distance, 0 to 1)"),
  N_("Share of the real records with no value for this feature"),
  N_("Share of the synthetic records with no value for this feature"),
  N_("The same distance between two random halves of the real records: how far apart two samples of the "
     "same patients are anyway. A synthetic distance near it is as good as can be expected."),
};

static char *column_text (FxComparePage   *self,
                          FxComparisonRow *row,
                          Column           column);

static void
show_feature (FxComparePage *self,
              FxComparisonRow  *row)
{
  const FxFeatureComparison *r;
  g_autoptr(GString) detail = g_string_new (NULL);
  gboolean cont;

  if (row == NULL)
    {
      gtk_label_set_text (self->feature_title, _("Select a feature"));
      gtk_label_set_text (self->feature_detail, "");
      prepare_feature_plots (self, NULL);
      return;
    }
  r = fx_comparison_row_get_result (row);
  cont = r->kind == FX_FEATURE_CONTINUOUS;
  gtk_label_set_text (self->feature_title, r->name);
  g_string_append_printf (detail, _("%s; %lu real values, %lu synthetic (%lu and %lu missing)"),
                          cont ? _("Continuous") : _("Categorical"),
                          (gulong) r->real_count, (gulong) r->synthetic_count,
                          (gulong) r->real_missing, (gulong) r->synthetic_missing);
  if (r->synthetic_invalid > 0)
    g_string_append_printf (detail, _("; %lu synthetic cells unreadable"), (gulong) r->synthetic_invalid);
  if (cont && r->tested)
    {
      g_autofree char *rm = format_value (r->real_mean, 3);
      g_autofree char *sm = format_value (r->synthetic_mean, 3);
      g_autofree char *rs = format_value (r->real_sd, 3);
      g_autofree char *ss = format_value (r->synthetic_sd, 3);

      g_string_append_printf (detail, _("\nMean %s real, %s synthetic; standard deviation %s and %s"), rm, sm, rs, ss);
    }
  /* every column of the table in words too: narrow windows show only the first two */
  {
    static const Column shown[] = { COLUMN_RESULT, COLUMN_STATISTIC, COLUMN_PVALUE, COLUMN_ADJUSTED, COLUMN_KL,
                                     COLUMN_DISTANCE, COLUMN_MISSING_REAL, COLUMN_MISSING_SYNTHETIC,
                                     COLUMN_HOLDOUT };

    for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
      {
        g_autofree char *text = column_text (self, row, shown[i]);

        g_string_append_printf (detail, "\n%s: %s", _(column_titles[shown[i]]), text);
      }
  }
  {
    const FxFeature *f = self->data != NULL && self->data->schema != NULL
                         ? fx_schema_find_feature (self->data->schema, r->name) : NULL;

    if (f != NULL && f->identifier)
      g_string_prepend (detail, _("An identifier: its values name hospitals, patients or stays rather than "
                                  "measure them, so no distribution is drawn for it.\n"));
  }
  gtk_label_set_text (self->feature_detail, detail->str);
  prepare_feature_plots (self, r->name);
}

static void
on_selection_changed (FxComparePage *self)
{
  show_feature (self, gtk_single_selection_get_selected_item (self->selection));
}

static void
fill_table (FxComparePage *self)
{
  Result *result = shown_result (self);
  const FxComparison *c = result != NULL ? result->comparison : NULL;
  const FxComparison *holdout = NULL;

  g_list_store_remove_all (self->rows);
  if (c == NULL)
    return;
  if (self->results->len > 0)
    holdout = ((Result *) g_ptr_array_index (self->results, 0))->comparison->holdout;
  for (guint i = 0; i < c->features->len; i++)
    {
      const FxFeatureComparison *feature = g_ptr_array_index (c->features, i);
      g_autoptr(FxComparisonRow) row = fx_comparison_row_new (feature,
                                                               holdout != NULL ? fx_comparison_find (holdout, feature->name)
                                                                               : NULL,
                                                               i);
      g_list_store_append (self->rows, row);
    }
  on_selection_changed (self);
}

static void
fill_matrix_summary (FxComparePage *self)
{
  Result *result = shown_result (self);
  const FxMatrixPair *m;
  g_autofree char *value = NULL;
  g_autofree char *text = NULL;
  guint which = gtk_drop_down_get_selected (self->matrix_dropdown);

  if (result == NULL)
    return;
  m = which == 0 ? &result->comparison->pearson : which == 1 ? &result->comparison->spearman
                 : &result->comparison->cramers_v;
  value = format_value (m->mean_abs_difference, 4);
  text = g_strdup_printf (_("Mean absolute difference between the real and the synthetic matrix: %s, over %u features"),
                          value, m->row_names != NULL ? m->row_names->len : 0);
  gtk_label_set_text (self->matrix_summary, text);
  fill_heatmap (self);
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
      fill_matrix_summary (self);
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
  Result *r = index < self->results->len ? g_ptr_array_index (self->results, index) : NULL;

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
    gtk_string_list_append (labels, ((Result *) g_ptr_array_index (self->results, i))->label);
  gtk_drop_down_set_model (self->set_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->set_dropdown, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->set_dropdown), self->results->len > 1);

  fill_summary (self);
  fill_privacy_validity (self);
  gtk_stack_set_visible_child_name (self->content, "results");
  update_actions (self);
  /* the table and the charts in later iterations: laying out all at once holds the
   * main loop too long */
  self->results_stage = 0;
  if (self->results_source == 0)
    self->results_source = g_idle_add (show_more_results, self);
}

/* ---- plots, prepared in a thread ------------------------------------------------------ */

typedef struct
{
  Data   *data;
  char   *feature;
  FxPlot *distribution;
  FxPlot *ecdf;
} FeaturePlots;

static void
feature_plots_free (FeaturePlots *fp)
{
  g_clear_pointer (&fp->data, data_unref);
  g_free (fp->feature);
  g_clear_pointer (&fp->distribution, fx_plot_free);
  g_clear_pointer (&fp->ecdf, fx_plot_free);
  g_free (fp);
}

/* The histograms, density curves and distribution functions of one feature in the real
 * data and every synthetic set, or its category shares. */
static void
feature_plots_thread (GTask        *task,
                      gpointer      object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  FeaturePlots *fp = task_data;
  Data *data = fp->data;
  g_autofree FxFigureSet *sets = g_new0 (FxFigureSet, data->results->len);

  for (guint i = 0; i < data->results->len; i++)
    {
      Result *r = g_ptr_array_index (data->results, i);

      sets[i].label = r->label;
      sets[i].comparison = r->comparison;
      sets[i].synthetic = r->synthetic;
    }
  fp->distribution = fx_figure_distribution (data->real, data->schema, sets, data->results->len,
                                             fp->feature, &fp->ecdf);
  g_task_return_boolean (task, TRUE);
}

static void
on_feature_plots (GObject      *source,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  FxComparePage *self = FX_COMPARE_PAGE (source);
  FeaturePlots *fp = g_task_get_task_data (G_TASK (res));

  if (!g_task_propagate_boolean (G_TASK (res), NULL))
    return;
  fx_plot_view_set_plot (self->distribution_view, g_steal_pointer (&fp->distribution));
  fx_plot_view_set_plot (self->ecdf_view, g_steal_pointer (&fp->ecdf));
  gtk_widget_set_visible (GTK_WIDGET (self->distribution_view),
                          fx_plot_view_get_plot (self->distribution_view) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->ecdf_view), fx_plot_view_get_plot (self->ecdf_view) != NULL);
}

static void
prepare_feature_plots (FxComparePage *self,
                       const char    *feature)
{
  g_autoptr(GTask) task = NULL;
  FeaturePlots *fp;

  g_cancellable_cancel (self->plot_cancellable);
  g_clear_object (&self->plot_cancellable);
  if (self->data == NULL || feature == NULL)
    {
      fx_plot_view_set_plot (self->distribution_view, NULL);
      fx_plot_view_set_plot (self->ecdf_view, NULL);
      return;
    }
  self->plot_cancellable = g_cancellable_new ();
  fp = g_new0 (FeaturePlots, 1);
  fp->data = data_ref (self->data);
  fp->feature = g_strdup (feature);
  task = g_task_new (self, self->plot_cancellable, on_feature_plots, NULL);
  g_task_set_source_tag (task, prepare_feature_plots);
  g_task_set_task_data (task, fp, (GDestroyNotify) feature_plots_free);
  g_task_set_check_cancellable (task, TRUE);
  g_task_run_in_thread (task, feature_plots_thread);
}

static FxFigureSet
figure_set (Result *result)
{
  FxFigureSet set = { result->label, result->comparison, result->synthetic };

  return set;
}

/* The real, synthetic and difference matrices of the chosen measure, on one scale. */
static void
fill_heatmap (FxComparePage *self)
{
  Result *result = self->results->len > 0
                   ? g_ptr_array_index (self->results, MIN (gtk_drop_down_get_selected (self->set_dropdown),
                                                            self->results->len - 1))
                   : NULL;
  FxFigureSet set;

  if (result == NULL)
    return;
  set = figure_set (result);
  fx_plot_view_set_plot (self->heatmap_view,
                         fx_figure_heatmap (&set, gtk_drop_down_get_selected (self->matrix_dropdown)));
}

/* Each feature's distance (KS D or TVD) sorted, the holdout's marked beside it. */
static void
fill_scores (FxComparePage *self)
{
  Result *result = self->results->len > 0
                   ? g_ptr_array_index (self->results, MIN (gtk_drop_down_get_selected (self->set_dropdown),
                                                            self->results->len - 1))
                   : NULL;
  const FxComparison *holdout = self->results->len > 0
                                ? ((Result *) g_ptr_array_index (self->results, 0))->comparison->holdout : NULL;
  FxFigureSet set;

  if (result == NULL)
    return;
  set = figure_set (result);
  fx_plot_view_set_plot (self->scores_view, fx_figure_scores (&set, holdout));
}

/* ---- the table's columns ----------------------------------------------------------- */

static double
missing_rate (gsize missing,
              gsize present)
{
  return missing + present > 0 ? (double) missing / (missing + present) : NAN;
}

/* The number shown in @column for @r (NaN when there is none). */
static double
column_value (FxComparePage *self,
              FxComparisonRow  *row,
              Column         column)
{
  const FxFeatureComparison *r = fx_comparison_row_get_result (row);
  gboolean cont = r->kind == FX_FEATURE_CONTINUOUS;

  switch (column)
    {
    case COLUMN_RESULT:
      return r->tested ? (r->pvalue_adjusted < current_alpha (self) ? 1 : 0) : NAN;
    case COLUMN_STATISTIC:
      return !r->tested ? NAN : cont ? r->ks.statistic : r->chi2.statistic;
    case COLUMN_PVALUE:
      return r->tested ? r->pvalue : NAN;
    case COLUMN_ADJUSTED:
      return r->tested ? r->pvalue_adjusted : NAN;
    case COLUMN_KL:
      return r->kl;
    case COLUMN_DISTANCE:
      return fx_feature_comparison_distance (r, FX_DISTANCE_SCALE);
    case COLUMN_MISSING_REAL:
      return missing_rate (r->real_missing, r->real_count);
    case COLUMN_MISSING_SYNTHETIC:
      return missing_rate (r->synthetic_missing, r->synthetic_count);
    case COLUMN_HOLDOUT:
      return fx_feature_comparison_distance (fx_comparison_row_get_holdout (row), FX_DISTANCE_SHAPE);
    case COLUMN_NAME:
    case N_COLUMNS:
    default:
      return NAN;
    }
}

static char *
column_text (FxComparePage *self,
             FxComparisonRow  *row,
             Column         column)
{
  const FxFeatureComparison *r = fx_comparison_row_get_result (row);
  double value = column_value (self, row, column);

  switch (column)
    {
    case COLUMN_NAME:
      return g_strdup (r->name);
    case COLUMN_RESULT:
      return g_strdup (isnan (value) ? _("Not tested") : value > 0 ? _("Differs") : _("Alike"));
    case COLUMN_STATISTIC:
      if (isnan (value))
        return g_strdup ("—");
      return r->kind == FX_FEATURE_CONTINUOUS ? g_strdup_printf ("D = %.4f", value)
                                              : g_strdup_printf ("χ² = %.1f", value);
    case COLUMN_PVALUE:
    case COLUMN_ADJUSTED:
      return fx_format_pvalue (value, "—");
    case COLUMN_KL:
    case COLUMN_HOLDOUT:
      return format_value (value, 4);
    case COLUMN_DISTANCE:
      if (isnan (value))
        return g_strdup ("—");
      return r->kind == FX_FEATURE_CONTINUOUS ? g_strdup_printf ("W₁ = %.4g", value)
                                              : g_strdup_printf ("TVD = %.4f", value);
    case COLUMN_MISSING_REAL:
    case COLUMN_MISSING_SYNTHETIC:
      return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.1f %%", 100 * value);
    case N_COLUMNS:
    default:
      return g_strdup ("");
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  Column column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_NAME || column == COLUMN_RESULT ? 0 : 1);
  if (column != COLUMN_NAME)
    gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  FxComparePage *self = data;
  Column column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  FxComparisonRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = column_text (self, row, column);

  gtk_label_set_text (GTK_LABEL (label), text);
  /* GTK 4.8 names a cell and a row after their type: the column and the feature say
   * what they are */
  {
    GtkWidget *cell = gtk_widget_get_parent (label);
    GtkWidget *line = cell != NULL ? gtk_widget_get_parent (cell) : NULL;
    g_autofree char *cell_name = g_strdup_printf ("%s: %s", _(column_titles[column]), text);

    if (cell != NULL)
      gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, cell_name, -1);
    if (line != NULL && column == COLUMN_RESULT)
      {
        g_autofree char *row_name = g_strdup_printf ("%s: %s", fx_comparison_row_get_result (row)->name, text);

        gtk_accessible_update_property (GTK_ACCESSIBLE (line), GTK_ACCESSIBLE_PROPERTY_LABEL, row_name, -1);
      }
  }
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "success");
  if (column == COLUMN_RESULT && fx_comparison_row_get_result (row)->tested)
    gtk_widget_add_css_class (label, column_value (self, row, column) > 0 ? "error" : "success");
}

typedef struct
{
  FxComparePage *page;
  Column         column;
} SortData;

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  SortData *sort = data;
  FxComparisonRow *x = (FxComparisonRow *) a;
  FxComparisonRow *y = (FxComparisonRow *) b;
  double u, v;

  if (sort->column == COLUMN_NAME)
    return g_utf8_collate (fx_comparison_row_get_result (x)->name, fx_comparison_row_get_result (y)->name);
  u = column_value (sort->page, x, sort->column);
  v = column_value (sort->page, y, sort->column);
  /* features without a value go last */
  if (isnan (u) || isnan (v))
    return isnan (u) - isnan (v);
  return (u > v) - (u < v);
}

static void
add_column (FxComparePage *self,
            Column         column,
            int            width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;
  SortData *sort = g_new0 (SortData, 1);
  g_autoptr(GtkSorter) sorter = NULL;

  g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
  col = gtk_column_view_column_new (_(column_titles[column]), factory);
  gtk_column_view_column_set_expand (col, column == COLUMN_NAME);
  gtk_column_view_column_set_fixed_width (col, width);
  gtk_column_view_column_set_resizable (col, TRUE);
  sort->page = self;
  sort->column = column;
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows, sort, g_free));
  gtk_column_view_column_set_sorter (col, sorter);
  gtk_column_view_append_column (self->feature_view, col);
  self->columns[column] = col;
  g_object_unref (col);
}

/* GTK 4.8 has no tooltip for a column: its header's buttons, in the columns' order,
 * get one each. */
static void
set_column_tooltips (FxComparePage *self)
{
  GtkWidget *header = gtk_widget_get_first_child (GTK_WIDGET (self->feature_view));
  GtkWidget *title = header != NULL ? gtk_widget_get_first_child (header) : NULL;

  if (header != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Column headers"), -1);
  for (guint i = 0; title != NULL && i < N_COLUMNS; title = gtk_widget_get_next_sibling (title), i++)
    gtk_widget_set_tooltip_text (title, _(column_tooltips[i]));
}

static void
build_table (FxComparePage *self)
{
  GtkSortListModel *sorted;

  self->rows = g_list_store_new (FX_TYPE_COMPARISON_ROW);
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->rows)),
                                    g_object_ref (gtk_column_view_get_sorter (self->feature_view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_column_view_set_model (self->feature_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (on_selection_changed), self);

  add_column (self, COLUMN_NAME, 160);
  add_column (self, COLUMN_RESULT, 80);
  add_column (self, COLUMN_STATISTIC, 110);
  add_column (self, COLUMN_PVALUE, 90);
  add_column (self, COLUMN_ADJUSTED, 100);
  add_column (self, COLUMN_KL, 80);
  add_column (self, COLUMN_DISTANCE, 120);
  add_column (self, COLUMN_MISSING_REAL, 110);
  add_column (self, COLUMN_MISSING_SYNTHETIC, 140);
  add_column (self, COLUMN_HOLDOUT, 140);
  set_column_tooltips (self);
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
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->features_box),
                                  side ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_size_request (GTK_WIDGET (self->plots_box), side ? 440 : -1, -1);
  for (guint i = COLUMN_STATISTIC; i < N_COLUMNS; i++)
    if (self->columns[i] != NULL)
      gtk_column_view_column_set_visible (self->columns[i], width >= ALL_COLUMNS);
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

static char *
results_to_json (FxComparePage *self,
                 gsize         *length)
{
  g_autoptr(GString) out = g_string_new ("{\"format\":1,\"sets\":[");

  for (guint i = 0; i < self->results->len; i++)
    {
      Result *r = g_ptr_array_index (self->results, i);
      g_autofree char *label = g_strescape (r->label, NULL);
      g_autofree char *json = fx_comparison_to_json (r->comparison, NULL);

      g_string_append_printf (out, "%s{\"label\":\"%s\",\"comparison\":%s}", i > 0 ? "," : "", label, json);
    }
  g_string_append (out, "]}\n");
  *length = out->len;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

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
    text = results_to_json (self, &length);
  else
    {
      GString *out = g_string_new (NULL);

      for (guint i = 0; i < self->results->len; i++)
        {
          Result *r = g_ptr_array_index (self->results, i);

          fx_comparison_append_csv (r->comparison, r->label, i == 0, out);
        }
      length = out->len;
      text = g_string_free (out, FALSE);
    }
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
  report = fx_report_new ();
  fx_report_set_alpha (report, current_alpha (self));
  fx_report_set_reference (report, self->data->reference_path, NULL, self->data->real, self->data->schema);
  /* the schema's file stands for the schema compared only when nothing was changed
   * since it was saved; the store is the default one */
  if (self->document != NULL && !fx_schema_document_get_dirty (self->document))
    fx_report_set_inputs (report, fx_schema_document_get_file_path (self->document), NULL);
  for (guint i = 0; i < self->results->len; i++)
    {
      Result *r = g_ptr_array_index (self->results, i);
      g_autoptr(FxProvenance) provenance = r->run != NULL ? fx_run_record_to_provenance (r->run) : NULL;

      fx_report_add_set (report, r->label, r->path, NULL, provenance, r->comparison, r->synthetic);
      if (r->privacy != NULL)
        fx_report_set_privacy (report, fx_report_get_n_sets (report) - 1, r->privacy);
    }
  /* the report borrows the comparison's tables: they live as long as it does */
  fx_report_keep (report, data_ref (self->data), (GDestroyNotify) data_unref);
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
  fill_summary (self);
  /* the Result column and its order depend on alpha */
  fill_table (self);
}

/* The set chosen in the Privacy and Validity views. */
static void
fill_privacy_validity (FxComparePage *self)
{
  guint i = gtk_drop_down_get_selected (self->set_dropdown);
  Result *r = self->results != NULL && i < self->results->len ? g_ptr_array_index (self->results, i) : NULL;

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
  fill_matrix_summary (self);
  fill_scores (self);
  if (i < self->results->len &&
      g_strcmp0 (((Result *) g_ptr_array_index (self->results, i))->label,
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
  g_cancellable_cancel (self->plot_cancellable);
  g_clear_handle_id (&self->results_source, g_source_remove);
  g_clear_handle_id (&self->layout_source, g_source_remove);
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  if (self->feature_view != NULL)
    gtk_column_view_set_model (self->feature_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FX_TYPE_COMPARE_PAGE);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  g_clear_object (&self->workspace);
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->plot_cancellable);
  g_clear_pointer (&self->data, data_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
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
        g_object_notify_by_pspec (object, pspec);
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

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/facsimile/Facsimile/ui/fx-compare-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, header_box);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, buttons_box);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, choice_error);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, stale_label);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, summary_sentence);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, alike_note);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, switcher_box);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, features_box);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, reference_label);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, add_run_button);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, runs_popover);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, runs_list);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, alpha_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, sets_box);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, content);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, busy_progress);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, summary_box);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, set_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, feature_view);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, plots_box);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, feature_title);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, feature_detail);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, matrix_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, matrix_summary);
  gtk_widget_class_bind_template_child (widget_class, FxComparePage, correlations_box);
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
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) result_free);
  build_table (self);
  fx_ui_name_controls (GTK_WIDGET (self));
  flow_children_unfocusable (self->switcher_box);

  /* the plots: a card each, tall enough to read */
  {
    struct { FxPlotView **view; GtkBox *box; int height; const char *name; } plots[] = {
      { &self->distribution_view, self->plots_box, 320, N_("Distribution of the feature") },
      { &self->ecdf_view, self->plots_box, 300, N_("Cumulative distribution of the feature") },
      { &self->heatmap_view, self->correlations_box, 560, N_("Correlation matrices") },
      { &self->scores_view, self->scores_box, 760, N_("Distance per feature") },
    };

    for (guint i = 0; i < G_N_ELEMENTS (plots); i++)
      {
        GtkWidget *view = fx_plot_view_new ();

        gtk_widget_set_size_request (view, -1, plots[i].height);
        gtk_widget_set_vexpand (view, plots[i].box != self->plots_box);
        gtk_widget_add_css_class (view, "card");
        gtk_widget_set_tooltip_text (view, _(plots[i].name));
        gtk_box_append (plots[i].box, view);
        *plots[i].view = FX_PLOT_VIEW (view);
      }
  }

  g_signal_connect_swapped (self->runs_popover, "show", G_CALLBACK (fill_runs_list), self);
  g_signal_connect_swapped (self->alpha_dropdown, "notify::selected", G_CALLBACK (on_alpha_changed), self);
  g_signal_connect_swapped (self->set_dropdown, "notify::selected", G_CALLBACK (on_set_changed), self);
  g_signal_connect_swapped (self->matrix_dropdown, "notify::selected", G_CALLBACK (fill_matrix_summary), self);
  update_reference (self);
  show_feature (self, NULL);
}

void
fx_compare_page_add_run (FxComparePage *self,
                         gint64         run_id,
                         const char    *label)
{
  Source *source;

  g_return_if_fail (FX_IS_COMPARE_PAGE (self));
  g_return_if_fail (run_id > 0);

  source = g_new0 (Source, 1);
  source->kind = SOURCE_RUN;
  source->run_id = run_id;
  if (label != NULL)
    source->label = g_strdup (label);
  else
    {
      /* one row by its key, from the store the workspace has open */
      FxStore *store = self->workspace != NULL ? fx_workspace_get_store (self->workspace) : NULL;
      g_autoptr(FxRunRecord) record = store != NULL ? fx_store_get_run (store, run_id, NULL) : NULL;

      source->label = record != NULL ? g_strdup_printf (_("Run %lld (%s)"), (long long) run_id, record->model)
                                     : g_strdup_printf (_("Run %lld"), (long long) run_id);
    }
  add_source (self, source);
}

void
fx_compare_page_compare (FxComparePage *self)
{
  g_return_if_fail (FX_IS_COMPARE_PAGE (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "compare.run", NULL);
}
