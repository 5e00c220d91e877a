/* fx-dimensionality-view.c: fidelity against the number of features generated
 *
 * The study behind Facsimile found that language models do well on about ten features
 * and fall apart as the number grows.  This view repeats that on the user's own data:
 * for each chosen number of features it cuts the schema down (the schema's order, or
 * strongest association with the target first), generates that many rows through the
 * run engine (each generation an ordinary run in the store, resumable from the Runs
 * pane), compares each with the real table and plots the distances against the number
 * of features.  The generator, model, prompt strategy, batch size and concurrency are
 * the user's to choose, but no real row leaves the machine: a strategy that puts real
 * rows in its prompts is taken only for a server on this machine (the Runs pane, which
 * asks first, sends them elsewhere).
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
#include "fx-figures.h"
#include "fx-job.h"
#include "fx-plot-view.h"
#include "fx-rank.h"
#include "fx-report.h"
#include "fx-ui-util.h"

/* the generator choices, in the order of the drop-down's list */
static const char * const generator_names[] = {
  "copula", "independent", "openai", "anthropic", "gemini", "openai-compatible",
};

/* the strategy choices, in the order of the drop-down's list */
static const FxStrategyKind strategy_kinds[] = {
  FX_STRATEGY_STATISTICS, FX_STRATEGY_SCHEMA, FX_STRATEGY_CONDITIONAL, FX_STRATEGY_GROUP, FX_STRATEGY_NAIVE,
};

/* the order choices, as the settings name them */
static const char * const order_names[] = { "schema", "target-association" };

/* every generation of a study draws with this seed */
#define STUDY_SEED 1

typedef struct
{
  guint   n_features;
  FxSchema *schema;
  gint64  run_id;
  double  mean_ks;
  double  share_differing;
  double  pearson;
} Step;

/* What every generation of a study is made with, taken from the form when the study
 * starts (the form may change while it goes on). */
typedef struct
{
  char           *generator;
  char           *model;        /* (nullable) NULL for a baseline */
  char           *base_url;     /* (nullable) NULL: the provider's own */
  FxStrategyKind  strategy;
  guint           n_rows;
  guint           batch_rows;
  guint           concurrency;
} Params;

struct _FxDimensionalityView
{
  AdwBin         parent_instance;

  FxSchemaDocument *document;
  GSettings     *settings;
  FxStore       *store;
  GCancellable  *cancellable;
  GArray        *steps;        /* (element-type Step) */
  guint          current;
  char          *reference_path;
  Params         params;
  gboolean       busy;
  gboolean       generating;   /* the engine has a run in hand */

  GtkEntry      *counts_entry;
  GtkDropDown   *order_dropdown;
  GtkSpinButton *rows_spin;
  GtkDropDown   *generator_dropdown;
  GtkEntry      *model_entry;
  GtkWidget     *model_box;
  GtkDropDown   *strategy_dropdown;
  GtkWidget     *strategy_box;
  GtkSpinButton *batch_spin;
  GtkSpinButton *concurrency_spin;
  GtkWidget     *concurrency_box;
  GtkLabel      *privacy_label;
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
params_clear (Params *params)
{
  g_clear_pointer (&params->generator, g_free);
  g_clear_pointer (&params->model, g_free);
  g_clear_pointer (&params->base_url, g_free);
}

/* ---- the form ---------------------------------------------------------------------- */

static const char *
selected_generator (FxDimensionalityView *self)
{
  return generator_names[MIN (gtk_drop_down_get_selected (self->generator_dropdown),
                              G_N_ELEMENTS (generator_names) - 1)];
}

static FxStrategyKind
selected_strategy (FxDimensionalityView *self)
{
  return strategy_kinds[MIN (gtk_drop_down_get_selected (self->strategy_dropdown),
                             G_N_ELEMENTS (strategy_kinds) - 1)];
}

/* (nullable) the base URL the settings give @provider; NULL for its own */
static char *
dup_base_url (FxDimensionalityView  *self,
              const FxProviderClass *provider)
{
  g_autofree char *key = g_strdup_printf ("%s-base-url", provider->name);
  g_autofree char *url = g_settings_get_string (self->settings, key);

  return url[0] != '\0' ? g_steal_pointer (&url) : NULL;
}

/* What the chosen generator needs, what it would send where, and whether the study
 * can start. */
static void
update_form (FxDimensionalityView *self)
{
  const FxProviderClass *provider = fx_provider_lookup (selected_generator (self));
  g_autofree char *url = provider != NULL ? dup_base_url (self, provider) : NULL;
  g_autofree char *text = NULL;
  FxStrategyKind strategy = selected_strategy (self);
  gboolean allowed = !fx_provider_sends_real_rows_away (provider, fx_strategy_kind_sends_real_rows (strategy), url);

  gtk_widget_set_visible (self->model_box, provider != NULL);
  gtk_widget_set_visible (self->strategy_box, provider != NULL);
  gtk_widget_set_visible (self->concurrency_box, provider != NULL);

  if (provider == NULL)
    text = g_strdup (_("Offline: the baseline is fitted and sampled on this machine; nothing leaves it."));
  else if (!allowed)
    text = g_strdup_printf (_("This strategy puts real rows of the reference data in its prompts. The study sends "
                              "those only to a server on this machine: choose the statistics strategy for %s, "
                              "or start such a run in the Runs pane, which asks first."),
                            provider->display_name);
  else if (fx_provider_stays_local (provider, url))
    text = g_strdup_printf (_("The server at %s is on this machine: prompts stay here."), url);
  else
    text = g_strdup_printf (_("Prompts sent to %s hold the schema and summary statistics of the real data; "
                              "no real row leaves this machine."),
                            provider->display_name);
  gtk_label_set_text (self->privacy_label, text);
  /* a warning in full colour: dimmed, its yellow is hard to read on a light background */
  gtk_widget_set_css_classes (GTK_WIDGET (self->privacy_label),
                              (const char *[]) { allowed ? "dim-label" : "warning", NULL });

  gtk_widget_set_sensitive (GTK_WIDGET (self->run_button), !self->busy && allowed);
}

static void
on_generator_changed (FxDimensionalityView *self)
{
  const FxProviderClass *provider = fx_provider_lookup (selected_generator (self));

  if (provider != NULL)
    {
      g_autofree char *key = g_strdup_printf ("%s-model", provider->name);
      g_autofree char *model = g_settings_get_string (self->settings, key);

      gtk_editable_set_text (GTK_EDITABLE (self->model_entry), model);
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->model_entry), "error");
  g_settings_set_string (self->settings, "study-generator", selected_generator (self));
  update_form (self);
}

static void
on_strategy_changed (FxDimensionalityView *self)
{
  g_settings_set_string (self->settings, "study-strategy", fx_strategy_kind_to_string (selected_strategy (self)));
  update_form (self);
}

static void
set_busy (FxDimensionalityView *self,
          gboolean              busy,
          const char           *status)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), busy);
  if (status != NULL)
    gtk_label_set_text (self->status_label, status);
  update_form (self);
}

static void
fail (FxDimensionalityView *self,
      const char           *message)
{
  g_autofree char *text = g_strdup_printf (_("The study stopped: %s"), message);

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

/* A run in the engine's hands: it holds the view (and so its store) and the job the
 * engine's options point into until it ends. */
typedef struct
{
  FxDimensionalityView *self;
  GCancellable         *cancellable;
  FxJob                *job;
} Generation;

static void
generation_free (Generation *generation)
{
  g_clear_pointer (&generation->job, fx_job_free);
  g_clear_object (&generation->cancellable);
  g_clear_object (&generation->self);
  g_free (generation);
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Generation *generation = data;
  FxDimensionalityView *self = generation->self;
  g_autoptr(GError) error = NULL;
  gboolean done = fx_run_execute_finish (result, &error);

  self->generating = FALSE;
  if (self->steps == NULL)
    ;  /* the view went away */
  else if (g_cancellable_is_cancelled (generation->cancellable))
    {
      /* stopped: the run is marked cancelled, and the study may start again now that
       * nothing writes to it any more */
      if (generation->cancellable == self->cancellable)
        set_busy (self, FALSE, _("Stopped; run the study again to carry on where it stopped"));
    }
  else if (!done)
    fail (self, error->message);
  else
    {
      self->current++;
      next_step (self);
    }
  generation_free (generation);
}

static void
on_job (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  FxDimensionalityView *self = FX_DIMENSIONALITY_VIEW (source);
  g_autoptr(GError) error = NULL;
  Generation *generation;
  FxRunOptions options;
  FxJob *job;
  Step *step;

  job = fx_job_prepare_finish (result, &error);
  if (job == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error->message);
      return;
    }
  /* the form refuses such a strategy; a run carried on is held to it too */
  if (fx_job_sends_real_rows_away (job))
    {
      g_autofree char *message =
        g_strdup_printf (_("the prompts would send real rows to %s; the study sends them only to a server on this machine"),
                         fx_job_get_provider (job)->display_name);

      fx_job_free (job);
      fail (self, message);
      return;
    }
  step = &g_array_index (self->steps, Step, self->current);
  if (step->run_id > 0)
    fx_job_set_store (job, self->store);
  else if ((step->run_id = fx_job_create_run (job, self->store, _("dimensionality study"), &error)) < 0)
    {
      step->run_id = 0;
      fx_job_free (job);
      fail (self, error->message);
      return;
    }
  generation = g_new0 (Generation, 1);
  generation->self = g_object_ref (self);
  generation->cancellable = g_object_ref (self->cancellable);
  generation->job = job;
  fx_job_get_options (job, &options);
  self->generating = TRUE;
  fx_run_execute_async (&options, self->cancellable, NULL, NULL, on_run_done, generation);
}

static void compare_all (FxDimensionalityView *self);

/* Whether @run was made as the study would make this step's: the same generator,
 * model, server, strategy, rows, rows per request, seed and reference table (its
 * schema is compared by the caller).  Concurrency changes how fast rows come, not
 * which, so a run carried on keeps its own. */
static gboolean
same_generation (FxDimensionalityView *self,
                 const FxRunRecord    *run,
                 const char           *reference)
{
  g_autoptr(JsonNode) parameters = NULL;
  JsonObject *p;

  if (!g_str_equal (run->provider, self->params.generator) || run->rows_requested != self->params.n_rows ||
      g_strcmp0 (run->reference_path, reference) != 0)
    return FALSE;
  if (fx_provider_lookup (run->provider) != NULL &&
      (g_strcmp0 (run->model, self->params.model) != 0 || g_strcmp0 (run->base_url, self->params.base_url) != 0 ||
       g_strcmp0 (run->strategy, fx_strategy_kind_to_string (self->params.strategy)) != 0))
    return FALSE;

  parameters = json_from_string (run->parameters, NULL);
  if (parameters == NULL || !JSON_NODE_HOLDS_OBJECT (parameters))
    return FALSE;
  p = json_node_get_object (parameters);
  return json_object_get_int_member_with_default (p, "batch_rows", 0) == self->params.batch_rows &&
         json_object_get_int_member_with_default (p, "seed", 0) == STUDY_SEED &&
         json_object_has_member (p, "temperature") && json_object_get_null_member (p, "temperature");
}

static void
next_step (FxDimensionalityView *self)
{
  g_autofree char *status = NULL;
  FxJobSpec spec = { 0 };
  Step *step;

  if (self->current >= self->steps->len)
    {
      compare_all (self);
      return;
    }
  step = &g_array_index (self->steps, Step, self->current);

  /* A study asked for again reuses the runs it already has: a finished one as it is,
   * an unfinished one carried on.  A run is the same step when its schema and its
   * generation's choices are. */
  if (step->run_id == 0)
    {
      g_autofree char *json = fx_schema_to_json (step->schema);
      g_autofree char *reference = g_canonicalize_filename (self->reference_path, NULL);
      gint64 schema_id = fx_store_add_schema (self->store, _("dimensionality study"), json, NULL);
      g_autoptr(GPtrArray) runs = schema_id > 0 ? fx_store_list_runs (self->store, NULL) : NULL;

      for (guint i = 0; runs != NULL && i < runs->len; i++)
        {
          FxRunRecord *r = g_ptr_array_index (runs, i);

          if (r->schema_id == schema_id && r->status != FX_RUN_FAILED && same_generation (self, r, reference))
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

  spec.provider = self->params.generator;
  spec.model = self->params.model;
  spec.base_url = self->params.base_url;
  spec.strategy = self->params.strategy;
  spec.allocation = FX_GROUPS_UNIFORM;
  spec.n_rows = self->params.n_rows;
  spec.batch_rows = self->params.batch_rows;
  spec.concurrency = self->params.concurrency;
  spec.temperature = NAN;
  spec.seed = STUDY_SEED;
  spec.reference_path = self->reference_path;
  fx_job_prepare_async (self, &spec, step->schema, fx_store_get_path (self->store), step->run_id,
                        self->cancellable, on_job, NULL);
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
  plot = fx_figure_fidelity (x, ks, pearson, share, n);
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
  const char *reference = self->document != NULL ? fx_schema_document_get_reference_path (self->document) : NULL;
  const char *generator = selected_generator (self);
  const FxProviderClass *provider = fx_provider_lookup (generator);
  g_autofree char *model = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->model_entry))));
  g_autofree char *base_url = provider != NULL ? dup_base_url (self, provider) : NULL;
  FxStrategyKind strategy = selected_strategy (self);
  guint order = MIN (gtk_drop_down_get_selected (self->order_dropdown), G_N_ELEMENTS (order_names) - 1);
  Plan *plan;

  /* an engine still winding down from a stop writes to its run until it ends */
  if (self->busy || self->generating)
    return;
  if (fx_provider_sends_real_rows_away (provider, fx_strategy_kind_sends_real_rows (strategy), base_url))
    {
      gtk_label_set_text (self->status_label,
                          _("Choose the statistics strategy: the study sends real rows only to a server on this machine"));
      return;
    }
  if (provider != NULL && model[0] == '\0')
    {
      g_autofree char *text = g_strdup_printf (_("Give the model %s should use"), provider->display_name);

      gtk_label_set_text (self->status_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->model_entry), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->model_entry), "error");

  plan = g_new0 (Plan, 1);
  plan->schema = self->document != NULL ? fx_schema_document_dup_schema (self->document, &error) : NULL;
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
  plan->order = order == 1 ? FX_RANK_TARGET_ASSOCIATION : FX_RANK_SCHEMA_ORDER;
  if (self->store == NULL && (self->store = fx_store_open (NULL, &error)) == NULL)
    {
      plan_free (plan);
      fail (self, error->message);
      return;
    }
  g_free (self->reference_path);
  self->reference_path = g_strdup (reference);

  params_clear (&self->params);
  self->params.generator = g_strdup (generator);
  self->params.model = provider != NULL ? g_strdup (model) : NULL;
  self->params.base_url = g_steal_pointer (&base_url);
  self->params.strategy = strategy;
  self->params.n_rows = gtk_spin_button_get_value_as_int (self->rows_spin);
  self->params.batch_rows = gtk_spin_button_get_value_as_int (self->batch_spin);
  self->params.concurrency = gtk_spin_button_get_value_as_int (self->concurrency_spin);

  g_settings_set_string (self->settings, "study-counts", gtk_editable_get_text (GTK_EDITABLE (self->counts_entry)));
  g_settings_set_string (self->settings, "study-order", order_names[order]);
  if (provider != NULL)
    g_settings_set_string (self->settings, "study-model", model);
  g_settings_set_int (self->settings, "study-rows", self->params.n_rows);
  g_settings_set_int (self->settings, "study-batch-rows", self->params.batch_rows);
  g_settings_set_int (self->settings, "study-concurrency", self->params.concurrency);

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
  if (self->generating)
    {
      /* the engine marks its run cancelled as it ends; on_run_done () says so then */
      gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
      gtk_label_set_text (self->status_label, _("Stopping…"));
    }
  else
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

static GtkDropDown *
drop_down_new (const char * const *items)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; items[i] != NULL; i++)
    gtk_string_list_append (list, _(items[i]));
  return GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL));
}

static GtkSpinButton *
spin_button_new (double lower,
                 double upper,
                 double step,
                 int    value)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (lower, upper, step));

  gtk_spin_button_set_numeric (spin, TRUE);
  gtk_spin_button_set_value (spin, value);
  return spin;
}

static void
fx_dimensionality_view_dispose (GObject *object)
{
  FxDimensionalityView *self = FX_DIMENSIONALITY_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->steps, g_array_unref);
  g_clear_weak_pointer (&self->document);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->reference_path, g_free);
  params_clear (&self->params);

  G_OBJECT_CLASS (fx_dimensionality_view_parent_class)->dispose (object);
}

static void
fx_dimensionality_view_finalize (GObject *object)
{
  FxDimensionalityView *self = FX_DIMENSIONALITY_VIEW (object);

  /* a run holds the view until it ends, so nothing writes to the store after this */
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
  const char *strategies[] = { N_("Statistics"), N_("Schema only"), N_("Conditional"), N_("Groups"),
                               N_("Naive (example rows)"), NULL };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *study_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *generator_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *run_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *intro;
  g_autofree char *counts = NULL;
  g_autofree char *order = NULL;
  g_autofree char *generator = NULL;
  g_autofree char *model = NULL;
  g_autofree char *strategy = NULL;

  self->settings = g_settings_new ("io.github.facsimile.Facsimile");
  self->cancellable = g_cancellable_new ();
  self->steps = steps_new ();

  intro = gtk_label_new (_("Generate the table again with fewer features, compare each with the real data, "
                           "and see how fidelity changes as features are added. Each generation is a run "
                           "in the Runs pane."));
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_box_append (GTK_BOX (box), intro);

  /* what is studied */
  self->counts_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_width_chars (GTK_EDITABLE (self->counts_entry), 18);
  self->order_dropdown = drop_down_new (orders);
  self->rows_spin = spin_button_new (10, 1000000, 100, 1000);
  gtk_box_append (GTK_BOX (study_row), labelled (_("Numbers of features"), GTK_WIDGET (self->counts_entry)));
  gtk_box_append (GTK_BOX (study_row), labelled (_("Features kept first"), GTK_WIDGET (self->order_dropdown)));
  gtk_box_append (GTK_BOX (study_row), labelled (_("Rows each"), GTK_WIDGET (self->rows_spin)));
  gtk_box_append (GTK_BOX (box), study_row);

  /* how each generation is made */
  self->generator_dropdown = drop_down_new (generators);
  self->model_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_width_chars (GTK_EDITABLE (self->model_entry), 18);
  self->strategy_dropdown = drop_down_new (strategies);
  self->batch_spin = spin_button_new (1, 1000, 1, 20);
  self->concurrency_spin = spin_button_new (1, 64, 1, 4);
  self->model_box = labelled (_("Model"), GTK_WIDGET (self->model_entry));
  self->strategy_box = labelled (_("Prompt strategy"), GTK_WIDGET (self->strategy_dropdown));
  self->concurrency_box = labelled (_("Concurrency"), GTK_WIDGET (self->concurrency_spin));
  gtk_box_append (GTK_BOX (generator_row), labelled (_("Generator"), GTK_WIDGET (self->generator_dropdown)));
  gtk_box_append (GTK_BOX (generator_row), self->model_box);
  gtk_box_append (GTK_BOX (generator_row), self->strategy_box);
  gtk_box_append (GTK_BOX (generator_row), labelled (_("Rows per request"), GTK_WIDGET (self->batch_spin)));
  gtk_box_append (GTK_BOX (generator_row), self->concurrency_box);
  gtk_box_append (GTK_BOX (box), generator_row);

  self->privacy_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->privacy_label, 0);
  gtk_label_set_wrap (self->privacy_label, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->privacy_label));

  self->run_button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_child (self->run_button, gtk_label_new_with_mnemonic (_("Run the _Study")));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->run_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Run the Study"), -1);
  gtk_widget_add_css_class (GTK_WIDGET (self->run_button), "suggested-action");
  gtk_widget_set_valign (GTK_WIDGET (self->run_button), GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->run_button, "clicked", G_CALLBACK (on_run_clicked), self);
  self->cancel_button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_child (self->cancel_button, gtk_label_new_with_mnemonic (_("_Stop")));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cancel_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Stop the Study"), -1);
  gtk_widget_set_valign (GTK_WIDGET (self->cancel_button), GTK_ALIGN_CENTER);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (on_cancel_clicked), self);

  self->status_label = GTK_LABEL (gtk_label_new (_("Not run yet")));
  gtk_label_set_xalign (self->status_label, 0);
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->status_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_box_append (GTK_BOX (run_row), GTK_WIDGET (self->run_button));
  gtk_box_append (GTK_BOX (run_row), GTK_WIDGET (self->cancel_button));
  gtk_box_append (GTK_BOX (run_row), GTK_WIDGET (self->status_label));
  gtk_box_append (GTK_BOX (box), run_row);

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

  /* the choices of the last study */
  counts = g_settings_get_string (self->settings, "study-counts");
  gtk_editable_set_text (GTK_EDITABLE (self->counts_entry), counts);
  order = g_settings_get_string (self->settings, "study-order");
  for (guint i = 0; i < G_N_ELEMENTS (order_names); i++)
    if (g_str_equal (order, order_names[i]))
      gtk_drop_down_set_selected (self->order_dropdown, i);
  gtk_spin_button_set_value (self->rows_spin, g_settings_get_int (self->settings, "study-rows"));
  gtk_spin_button_set_value (self->batch_spin, g_settings_get_int (self->settings, "study-batch-rows"));
  gtk_spin_button_set_value (self->concurrency_spin, g_settings_get_int (self->settings, "study-concurrency"));
  generator = g_settings_get_string (self->settings, "study-generator");
  for (guint i = 0; i < G_N_ELEMENTS (generator_names); i++)
    if (g_str_equal (generator, generator_names[i]))
      gtk_drop_down_set_selected (self->generator_dropdown, i);
  strategy = g_settings_get_string (self->settings, "study-strategy");
  for (guint i = 0; i < G_N_ELEMENTS (strategy_kinds); i++)
    if (g_str_equal (strategy, fx_strategy_kind_to_string (strategy_kinds[i])))
      gtk_drop_down_set_selected (self->strategy_dropdown, i);
  /* the study's own model, or else the provider's default */
  model = g_settings_get_string (self->settings, "study-model");
  if (model[0] == '\0' && fx_provider_lookup (generator) != NULL)
    {
      g_autofree char *key = g_strdup_printf ("%s-model", generator);

      g_free (model);
      model = g_settings_get_string (self->settings, key);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->model_entry), model);

  g_signal_connect_swapped (self->generator_dropdown, "notify::selected", G_CALLBACK (on_generator_changed), self);
  g_signal_connect_swapped (self->strategy_dropdown, "notify::selected", G_CALLBACK (on_strategy_changed), self);
  /* a server's address decides where prompts go */
  g_signal_connect_swapped (self->settings, "changed", G_CALLBACK (update_form), self);
  update_form (self);
}

void
fx_dimensionality_view_set_document (FxDimensionalityView *self,
                                        FxSchemaDocument     *document)
{
  g_return_if_fail (FX_IS_DIMENSIONALITY_VIEW (self));

  g_set_weak_pointer (&self->document, document);
}

GArray *
fx_dimensionality_view_get_steps (FxDimensionalityView  *self,
                                  char                 **what)
{
  GArray *steps;

  g_return_val_if_fail (FX_IS_DIMENSIONALITY_VIEW (self), NULL);

  *what = NULL;
  /* only a study that has been charted */
  if (self->steps == NULL || self->steps->len == 0 || fx_plot_view_get_plot (self->plot_view) == NULL)
    return NULL;
  steps = g_array_new (FALSE, TRUE, sizeof (FxReportStep));
  for (guint i = 0; i < self->steps->len; i++)
    {
      const Step *step = &g_array_index (self->steps, Step, i);
      FxReportStep out = { step->n_features, step->run_id, step->mean_ks, step->share_differing, step->pearson };

      g_array_append_val (steps, out);
    }
  /* what the study ran with, not what the form shows now */
  if (self->params.model != NULL)
    *what = g_strdup_printf (_("%s, model %s, %s strategy, %u rows each"), self->params.generator,
                             self->params.model, fx_strategy_kind_to_string (self->params.strategy),
                             self->params.n_rows);
  else
    *what = g_strdup_printf (_("the %s baseline, %u rows each"), self->params.generator, self->params.n_rows);
  return steps;
}
