/* fx-dimensionality-view.c: fidelity against the number of features generated
 *
 * The study behind Facsimile found that language models do well on about ten features
 * and fall apart as the number grows.  This view repeats that on the user's own data:
 * for each chosen number of features it cuts the schema down (the schema's order, or
 * strongest association with the target first), generates that many rows through the
 * run engine (each generation an ordinary run in the store, resumable from the Runs
 * pane), compares each with the real table and plots the distances against the number
 * of features.  Prompts use the statistics strategy: no real row leaves the machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "fx-compare.h"
#include "fx-csv.h"
#include "fx-dimensionality-view.h"
#include "fx-job.h"
#include "fx-plot-view.h"
#include "fx-rank.h"
#include "fx-ui-util.h"

static const char * const generator_names[] = {
  "copula", "independent", "openai", "anthropic", "gemini", "openai-compatible",
};

typedef struct
{
  guint   n_features;
  FxSchema *schema;
  gint64  run_id;
  double  mean_ks;
  double  share_differing;
  double  pearson;
} Step;

struct _FxDimensionalityView
{
  AdwBin         parent_instance;

  FxSchemaPage  *schema_page;
  GSettings     *settings;
  FxStore       *store;
  GCancellable  *cancellable;
  GArray        *steps;        /* (element-type Step) */
  guint          current;
  char          *reference_path;
  FxRunOptions   options;
  FxJob         *job;

  GtkEntry      *counts_entry;
  GtkDropDown   *order_dropdown;
  GtkDropDown   *generator_dropdown;
  GtkSpinButton *rows_spin;
  GtkButton     *run_button;
  GtkButton     *cancel_button;
  GtkLabel      *status_label;
  FxPlotView    *plot_view;
};

G_DEFINE_FINAL_TYPE (FxDimensionalityView, fx_dimensionality_view, ADW_TYPE_BIN)

static void next_step (FxDimensionalityView *self);

static void
step_clear (Step *step)
{
  g_clear_pointer (&step->schema, fx_schema_free);
}

/* Threads hold a reference to the steps they work on, so a new study never frees what
 * an old one still reads. */
static GArray *
steps_new (void)
{
  GArray *steps = g_array_new (FALSE, TRUE, sizeof (Step));

  g_array_set_clear_func (steps, (GDestroyNotify) step_clear);
  return steps;
}

static void
set_busy (FxDimensionalityView *self,
          gboolean              busy,
          const char           *status)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->run_button), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), busy);
  if (status != NULL)
    gtk_label_set_text (self->status_label, status);
}

static void
fail (FxDimensionalityView *self,
      const char           *message)
{
  g_autofree char *text = g_strdup_printf (_("The study stopped: %s"), message);

  g_clear_pointer (&self->job, fx_job_free);
  set_busy (self, FALSE, text);
  fx_ui_toast (GTK_WIDGET (self), text);
}

/* "5, 10, 15, all" -> ascending distinct counts, "all" = every feature but the target */
static GArray *
parse_counts (const char *text,
              guint       n_max)
{
  g_auto(GStrv) parts = g_strsplit_set (text, ", ;", -1);
  GArray *counts = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *end = NULL;
      guint64 k;

      if (parts[i][0] == '\0')
        continue;
      if (g_ascii_strcasecmp (parts[i], "all") == 0 || g_ascii_strcasecmp (parts[i], _("all")) == 0)
        k = n_max;
      else
        {
          k = g_ascii_strtoull (parts[i], &end, 10);
          if (end == parts[i] || *end != '\0' || k == 0)
            {
              g_array_unref (counts);
              return NULL;
            }
        }
      k = MIN (k, n_max);
      g_array_append_val (counts, k);
    }
  return counts;
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return (x > y) - (x < y);
}

/* ---- the plan, in a thread: read the real table, rank, cut the schema ------------- */

typedef struct
{
  FxSchema  *schema;
  char      *reference_path;
  FxRankOrder order;
  GArray    *counts;
  GArray    *steps;   /* (element-type Step) */
} Plan;

static void
plan_free (Plan *plan)
{
  g_clear_pointer (&plan->schema, fx_schema_free);
  g_free (plan->reference_path);
  g_clear_pointer (&plan->counts, g_array_unref);
  g_clear_pointer (&plan->steps, g_array_unref);
  g_free (plan);
}

static void
plan_thread (GTask        *task,
             gpointer      object,
             gpointer      data,
             GCancellable *cancellable)
{
  Plan *plan = data;
  GError *error = NULL;
  g_autoptr(GHashTable) types = fx_schema_column_types (plan->schema);
  FxCsvOptions options = { 0, types };
  g_autoptr(FxTable) real = fx_csv_read_file (plan->reference_path, &options, &error);
  g_autoptr(GPtrArray) ranked = NULL;
  guint last = 0;

  if (real == NULL ||
      (ranked = fx_rank_features (plan->schema, real, plan->order, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  plan->steps = steps_new ();
  for (guint i = 0; i < plan->counts->len; i++)
    {
      guint k = MIN (g_array_index (plan->counts, guint, i), ranked->len);
      Step step = { 0 };

      if (k == last)
        continue;
      last = k;
      step.n_features = k;
      step.schema = fx_schema_subset (plan->schema, ranked, k);
      step.mean_ks = step.share_differing = step.pearson = NAN;
      g_array_append_val (plan->steps, step);
    }
  g_task_return_boolean (task, TRUE);
}

/* ---- the runs, one after the other ----------------------------------------------- */

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  FxDimensionalityView *self = data;
  g_autoptr(GError) error = NULL;

  if (!fx_run_execute_finish (result, &error))
    {
      if (self->steps != NULL)
        fail (self, error->message);
      g_object_unref (self);
      return;
    }
  g_clear_pointer (&self->job, fx_job_free);
  self->current++;
  next_step (self);
  g_object_unref (self);
}

static void
job_thread (GTask        *task,
            gpointer      object,
            gpointer      data,
            GCancellable *cancellable)
{
  FxJobSpec *spec = g_object_get_data (G_OBJECT (task), "spec");
  GArray *steps = data;
  Step *step = &g_array_index (steps, Step, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "index")));
  const char *store_path = g_object_get_data (G_OBJECT (task), "store");
  GError *error = NULL;
  FxJob *job;

  if (step->run_id > 0)
    {
      /* an earlier study's run that did not finish: carried on, in a connection of this
       * thread's that the main loop's replaces once the job is back */
      g_autoptr(FxStore) store = fx_store_open (store_path, &error);

      job = store != NULL ? fx_job_resume (store, step->run_id, &error) : NULL;
    }
  else
    job = fx_job_new (spec, step->schema, &error);

  if (job != NULL && !fx_job_find_key (job, FALSE, &error))
    g_clear_pointer (&job, fx_job_free);
  if (job == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, job, (GDestroyNotify) fx_job_free);
}

static void
on_job (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  FxDimensionalityView *self = FX_DIMENSIONALITY_VIEW (source);
  g_autoptr(GError) error = NULL;
  Step *step;

  self->job = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->job == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error->message);
      return;
    }
  step = &g_array_index (self->steps, Step, self->current);
  if (step->run_id > 0)
    fx_job_set_store (self->job, self->store);
  else if ((step->run_id = fx_job_create_run (self->job, self->store, _("dimensionality study"), &error)) < 0)
    {
      fail (self, error->message);
      return;
    }
  fx_job_get_options (self->job, &self->options);
  fx_run_execute_async (&self->options, self->cancellable, NULL, NULL, on_run_done, g_object_ref (self));
}

static void compare_all (FxDimensionalityView *self);

static void
next_step (FxDimensionalityView *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *status = NULL;
  const FxProviderClass *provider;
  FxJobSpec *spec;
  Step *step;
  const char *name;

  if (self->current >= self->steps->len)
    {
      compare_all (self);
      return;
    }
  step = &g_array_index (self->steps, Step, self->current);
  name = generator_names[MIN (gtk_drop_down_get_selected (self->generator_dropdown),
                              G_N_ELEMENTS (generator_names) - 1)];

  /* A study asked for again reuses the runs it already has: a finished one as it is,
   * an unfinished one carried on.  A run is the same step when its schema, generator,
   * row count and reference table are. */
  if (step->run_id == 0)
    {
      g_autofree char *json = fx_schema_to_json (step->schema);
      g_autofree char *reference = g_canonicalize_filename (self->reference_path, NULL);
      gint64 schema_id = fx_store_add_schema (self->store, _("dimensionality study"), json, NULL);
      g_autoptr(GPtrArray) runs = schema_id > 0 ? fx_store_list_runs (self->store, NULL) : NULL;

      for (guint i = 0; runs != NULL && i < runs->len; i++)
        {
          FxRunRecord *r = g_ptr_array_index (runs, i);

          if (r->schema_id == schema_id && g_str_equal (r->provider, name) &&
              r->rows_requested == gtk_spin_button_get_value_as_int (self->rows_spin) &&
              g_strcmp0 (r->reference_path, reference) == 0 && r->status != FX_RUN_FAILED)
            {
              step->run_id = r->id;
              if (r->status == FX_RUN_COMPLETED && r->rows_accepted >= r->rows_requested)
                {
                  self->current++;
                  next_step (self);
                  return;
                }
              break;
            }
        }
    }

  if (step->run_id > 0)
    status = g_strdup_printf (_("Carrying on run %lld with %u features (%u of %u)…"), (long long) step->run_id,
                              step->n_features, self->current + 1, self->steps->len);
  else
    status = g_strdup_printf (_("Generating with %u features (%u of %u)…"), step->n_features,
                              self->current + 1, self->steps->len);
  gtk_label_set_text (self->status_label, status);

  provider = fx_provider_lookup (name);
  spec = g_new0 (FxJobSpec, 1);
  spec->provider = name;
  spec->strategy = FX_STRATEGY_STATISTICS;
  spec->allocation = FX_GROUPS_UNIFORM;
  spec->n_rows = gtk_spin_button_get_value_as_int (self->rows_spin);
  spec->batch_rows = 20;
  spec->concurrency = 4;
  spec->temperature = NAN;
  spec->seed = 1;
  spec->reference_path = self->reference_path;  /* replaced only when no study runs */
  if (provider != NULL)
    {
      g_autofree char *model_key = g_strdup_printf ("%s-model", provider->name);
      g_autofree char *url_key = g_strdup_printf ("%s-base-url", provider->name);
      char *model = g_settings_get_string (self->settings, model_key);
      char *url = g_settings_get_string (self->settings, url_key);

      spec->model = model[0] != '\0' ? model : NULL;
      spec->base_url = url[0] != '\0' ? url : NULL;
      /* the strings live as long as the task that reads them */
      task = g_task_new (self, self->cancellable, on_job, NULL);
      g_object_set_data_full (G_OBJECT (task), "model", model, g_free);
      g_object_set_data_full (G_OBJECT (task), "url", url, g_free);
    }
  else
    task = g_task_new (self, self->cancellable, on_job, NULL);
  g_task_set_source_tag (task, next_step);
  g_task_set_task_data (task, g_array_ref (self->steps), (GDestroyNotify) g_array_unref);
  g_object_set_data (G_OBJECT (task), "index", GUINT_TO_POINTER (self->current));
  g_object_set_data_full (G_OBJECT (task), "store", g_strdup (fx_store_get_path (self->store)), g_free);
  g_object_set_data_full (G_OBJECT (task), "spec", spec, g_free);
  g_task_run_in_thread (task, job_thread);
}

/* ---- the comparisons, in a thread -------------------------------------------------- */

static void
compare_thread (GTask        *task,
                gpointer      object,
                gpointer      data,
                GCancellable *cancellable)
{
  GArray *steps = data;
  const char *reference_path = g_object_get_data (G_OBJECT (task), "reference");
  GError *error = NULL;
  g_autoptr(FxStore) store = fx_store_open (g_object_get_data (G_OBJECT (task), "store"), &error);

  for (guint i = 0; store != NULL && i < steps->len; i++)
    {
      Step *step = &g_array_index (steps, Step, i);
      g_autoptr(GHashTable) types = fx_schema_column_types (step->schema);
      FxCsvOptions options = { 0, types };
      g_autoptr(FxTable) real = NULL;
      g_autoptr(FxTable) synthetic = NULL;
      g_autoptr(FxComparison) c = NULL;
      FxCompareOptions compare = { step->schema, FALSE, 1 };
      FxComparisonSummary s;

      if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
          (real = fx_csv_read_file (reference_path, &options, &error)) == NULL ||
          (synthetic = fx_run_rows_to_table (store, step->run_id, step->schema, &error)) == NULL ||
          (c = fx_compare_tables (real, synthetic, &compare, &error)) == NULL)
        break;
      fx_comparison_summarize (c, FX_COMPARE_ALPHA, &s);
      step->mean_ks = s.mean_ks;
      step->share_differing = s.tested > 0 ? (double) s.significant / s.tested : NAN;
      step->pearson = s.pearson_mean_abs_difference;
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_compared (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  FxDimensionalityView *self = FX_DIMENSIONALITY_VIEW (source);
  g_autoptr(GError) error = NULL;
  g_autofree double *x = NULL;
  g_autofree double *ks = NULL;
  g_autofree double *share = NULL;
  g_autofree double *pearson = NULL;
  g_autofree char *status = NULL;
  FxPlot *plot;
  guint n;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error->message);
      return;
    }
  n = self->steps->len;
  x = g_new (double, n);
  ks = g_new (double, n);
  share = g_new (double, n);
  pearson = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      Step *step = &g_array_index (self->steps, Step, i);

      x[i] = step->n_features;
      ks[i] = step->mean_ks;
      share[i] = step->share_differing;
      pearson[i] = step->pearson;
    }
  plot = fx_plot_new_lines ();
  fx_plot_set_title (plot, _("Fidelity against the number of features generated"));
  fx_plot_set_x_title (plot, _("Features generated (besides the target)"));
  fx_plot_set_y_title (plot, _("Distance, or share"));
  fx_plot_add_line (plot, _("Mean KS distance"), x, ks, n);
  fx_plot_add_line (plot, _("Mean |Δ Pearson r|"), x, pearson, n);
  fx_plot_add_line (plot, _("Share of features that differ"), x, share, n);
  fx_plot_view_set_plot (self->plot_view, plot);

  status = g_strdup_printf (ngettext ("Done: %u generation, each a run in the Runs pane; asked again, the study reuses them",
                                      "Done: %u generations, each a run in the Runs pane; asked again, the study reuses them",
                                      n), n);
  set_busy (self, FALSE, status);
}

static void
compare_all (FxDimensionalityView *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_compared, NULL);

  gtk_label_set_text (self->status_label, _("Comparing each generation with the real data…"));
  g_task_set_source_tag (task, compare_all);
  g_task_set_task_data (task, g_array_ref (self->steps), (GDestroyNotify) g_array_unref);
  g_object_set_data_full (G_OBJECT (task), "reference", g_strdup (self->reference_path), g_free);
  g_object_set_data_full (G_OBJECT (task), "store", g_strdup (fx_store_get_path (self->store)), g_free);
  g_task_run_in_thread (task, compare_thread);
}

static void
on_planned (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  FxDimensionalityView *self = FX_DIMENSIONALITY_VIEW (source);
  Plan *plan = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error->message);
      return;
    }
  g_clear_pointer (&self->steps, g_array_unref);
  self->steps = g_steal_pointer (&plan->steps);
  self->current = 0;
  next_step (self);
}

static void
on_run_clicked (FxDimensionalityView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  const char *reference = self->schema_page != NULL ? fx_schema_page_get_reference_path (self->schema_page) : NULL;
  Plan *plan = g_new0 (Plan, 1);

  plan->schema = self->schema_page != NULL ? fx_schema_page_dup_schema (self->schema_page, &error) : NULL;
  if (plan->schema == NULL || reference == NULL)
    {
      plan_free (plan);
      gtk_label_set_text (self->status_label,
                          error != NULL ? error->message
                                        : _("The study needs a schema and its real table: open the example, or infer a schema from a CSV"));
      return;
    }
  plan->counts = parse_counts (gtk_editable_get_text (GTK_EDITABLE (self->counts_entry)),
                               plan->schema->features->len - (plan->schema->target != NULL ? 1 : 0));
  if (plan->counts == NULL || plan->counts->len == 0)
    {
      plan_free (plan);
      gtk_label_set_text (self->status_label, _("Give the numbers of features as whole numbers, such as “5, 10, 20, all”"));
      gtk_widget_add_css_class (GTK_WIDGET (self->counts_entry), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->counts_entry), "error");
  g_array_sort (plan->counts, compare_guint);
  plan->reference_path = g_strdup (reference);
  plan->order = gtk_drop_down_get_selected (self->order_dropdown) == 1 ? FX_RANK_TARGET_ASSOCIATION
                                                                       : FX_RANK_SCHEMA_ORDER;
  if (self->store == NULL && (self->store = fx_store_open (g_getenv ("FACSIMILE_STORE"), &error)) == NULL)
    {
      plan_free (plan);
      fail (self, error->message);
      return;
    }
  g_free (self->reference_path);
  self->reference_path = g_strdup (reference);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE, _("Reading the real data and choosing the features…"));
  task = g_task_new (self, self->cancellable, on_planned, NULL);
  g_task_set_source_tag (task, on_run_clicked);
  g_task_set_task_data (task, plan, (GDestroyNotify) plan_free);
  g_task_run_in_thread (task, plan_thread);
}

static void
on_cancel_clicked (FxDimensionalityView *self)
{
  g_cancellable_cancel (self->cancellable);
  set_busy (self, FALSE, _("Stopped; run the study again to carry on where it stopped"));
}

/* ---- the object ------------------------------------------------------------------- */

static GtkWidget *
labelled (const char *title,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return box;
}

static void
fx_dimensionality_view_dispose (GObject *object)
{
  FxDimensionalityView *self = FX_DIMENSIONALITY_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->steps, g_array_unref);
  g_clear_weak_pointer (&self->schema_page);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->reference_path, g_free);

  G_OBJECT_CLASS (fx_dimensionality_view_parent_class)->dispose (object);
}

static void
fx_dimensionality_view_finalize (GObject *object)
{
  FxDimensionalityView *self = FX_DIMENSIONALITY_VIEW (object);

  /* a run holds the view until it ends, so nothing writes to the store after this */
  g_clear_pointer (&self->job, fx_job_free);
  g_clear_pointer (&self->store, fx_store_close);

  G_OBJECT_CLASS (fx_dimensionality_view_parent_class)->finalize (object);
}

static void
fx_dimensionality_view_class_init (FxDimensionalityViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fx_dimensionality_view_dispose;
  object_class->finalize = fx_dimensionality_view_finalize;
}

static void
fx_dimensionality_view_init (FxDimensionalityView *self)
{
  const char *orders[] = { N_("The schema's order"), N_("Strongest association with the target first"), NULL };
  const char *generators[] = { N_("Gaussian copula"), N_("Independent marginals"), N_("OpenAI"), N_("Anthropic"),
                               N_("Google Gemini"), N_("OpenAI-compatible server"), NULL };
  g_autoptr(GtkStringList) order_list = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) generator_list = gtk_string_list_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *controls = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *intro;

  self->settings = g_settings_new ("io.github.facsimile.Facsimile");
  self->cancellable = g_cancellable_new ();
  self->steps = steps_new ();

  for (guint i = 0; orders[i] != NULL; i++)
    gtk_string_list_append (order_list, _(orders[i]));
  for (guint i = 0; generators[i] != NULL; i++)
    gtk_string_list_append (generator_list, _(generators[i]));

  intro = gtk_label_new (_("Generate the table again with fewer features, compare each with the real data, "
                           "and see how fidelity changes as features are added. Each generation is a run "
                           "with the statistics strategy: no real row leaves this machine."));
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_box_append (GTK_BOX (box), intro);

  self->counts_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_text (GTK_EDITABLE (self->counts_entry), "5, 10, 15, 20, all");
  gtk_editable_set_width_chars (GTK_EDITABLE (self->counts_entry), 18);
  self->order_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (order_list)), NULL));
  self->generator_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (generator_list)), NULL));
  self->rows_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (10, 1000000, 100));
  gtk_spin_button_set_value (self->rows_spin, 1000);
  gtk_box_append (GTK_BOX (controls), labelled (_("Numbers of features"), GTK_WIDGET (self->counts_entry)));
  gtk_box_append (GTK_BOX (controls), labelled (_("Features kept first"), GTK_WIDGET (self->order_dropdown)));
  gtk_box_append (GTK_BOX (controls), labelled (_("Generator"), GTK_WIDGET (self->generator_dropdown)));
  gtk_box_append (GTK_BOX (controls), labelled (_("Rows each"), GTK_WIDGET (self->rows_spin)));

  self->run_button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_child (self->run_button, gtk_label_new_with_mnemonic (_("Run the _Study")));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->run_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Run the Study"), -1);
  gtk_widget_add_css_class (GTK_WIDGET (self->run_button), "suggested-action");
  gtk_widget_set_valign (GTK_WIDGET (self->run_button), GTK_ALIGN_END);
  g_signal_connect_swapped (self->run_button, "clicked", G_CALLBACK (on_run_clicked), self);
  self->cancel_button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_child (self->cancel_button, gtk_label_new_with_mnemonic (_("_Stop")));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cancel_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Stop the Study"), -1);
  gtk_widget_set_valign (GTK_WIDGET (self->cancel_button), GTK_ALIGN_END);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (on_cancel_clicked), self);
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (self->run_button));
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (self->cancel_button));
  gtk_box_append (GTK_BOX (box), controls);

  self->status_label = GTK_LABEL (gtk_label_new (_("Not run yet")));
  gtk_label_set_xalign (self->status_label, 0);
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status_label));

  self->plot_view = FX_PLOT_VIEW (fx_plot_view_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->plot_view), -1, 420);
  gtk_widget_set_vexpand (GTK_WIDGET (self->plot_view), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->plot_view), "card");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->plot_view));

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  adw_bin_set_child (ADW_BIN (self), box);
}

void
fx_dimensionality_view_set_schema_page (FxDimensionalityView *self,
                                        FxSchemaPage         *schema_page)
{
  g_return_if_fail (FX_IS_DIMENSIONALITY_VIEW (self));

  g_set_weak_pointer (&self->schema_page, schema_page);
}
