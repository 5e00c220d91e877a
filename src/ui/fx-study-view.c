/* fx-study-view.c: a study's plan, its progress, its leaderboard and charts
 *
 * The form is a plan (fx-plan.h, the file `facsimile-cli study` reads): generators,
 * strategies, numbers of features and their order, numbers of rows, repeats, rows per
 * request, requests in flight and a budget.  Before it starts, the view says what the
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
#include "fx-file.h"
#include "fx-plan-estimate.h"
#include "fx-plan-run.h"
#include "fx-plan-write.h"
#include "fx-plot-view.h"
#include "fx-provider.h"
#include "fx-study-leaderboard.h"
#include "fx-study-view.h"
#include "fx-ui-util.h"

/* the strategies offered, in the order of their rows */
static const FxStrategyKind strategy_kinds[] = {
  FX_STRATEGY_GROUP, FX_STRATEGY_STATISTICS, FX_STRATEGY_SCHEMA, FX_STRATEGY_CONDITIONAL, FX_STRATEGY_NAIVE,
  FX_STRATEGY_ANCHORED,
};
static const char * const strategy_titles[] = {
  N_("Groups"), N_("Statistics"), N_("Schema only"), N_("Conditional"), N_("Naive (example rows)"),
  N_("Anchored"),
};

/* the order choices, as the settings name them */
static const char * const order_names[] = { "schema", "target-association" };

/* A generator the form offers: a baseline, or a provider with its model. */
typedef struct
{
  char           *key;        /* "copula", or "openai-compatible fake-model" as the settings keep it */
  char           *provider;
  char           *model;      /* nullable */
  char           *base_url;   /* nullable */
  GtkWidget      *row;
  GtkCheckButton *check;
} Generator;

static void
generator_free (Generator *g)
{
  g_free (g->key);
  g_free (g->provider);
  g_free (g->model);
  g_free (g->base_url);
  g_free (g);
}

struct _FxStudyView
{
  AdwBin          parent_instance;

  FxSchemaDocument *document;
  GSettings      *settings;
  FxPlanRun      *run;
  GCancellable   *cancellable;
  GCancellable   *estimate_cancellable;
  guint           estimate_source;
  gboolean        busy;
  FxLeaderboard **held;        /* (atomic rc box) the last finished study's, shared with reports */
  GArray         *loaded_seeds; /* (nullable) a plan's own seeds, while its repeats stand */

  AdwPreferencesGroup *generators_group;
  GPtrArray      *generators;  /* (element-type Generator) */
  GtkCheckButton *strategy_checks[G_N_ELEMENTS (strategy_kinds)];
  GtkEditable    *features_entry;
  GtkDropDown    *order_dropdown;
  GtkEditable    *rows_entry;
  GtkSpinButton  *repeats_spin;
  GtkSpinButton  *batch_spin;
  GtkSpinButton  *concurrency_spin;
  GtkSpinButton  *budget_spin;
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

/* ---- the plan of the form ---------------------------------------------------------- */

/* "5, 10, all" -> the numbers in the order given; NULL when one is not a whole number
 * above 0 (or "all", with @all). */
static GArray *
parse_counts (const char *text,
              gboolean    all)
{
  g_auto(GStrv) parts = g_strsplit_set (text, ",; ", -1);
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *end = NULL;
      guint64 k;

      if (parts[i][0] == '\0')
        continue;
      if (all && (g_ascii_strcasecmp (parts[i], "all") == 0 || g_utf8_collate (parts[i], _("all")) == 0))
        k = FX_PLAN_ALL_FEATURES;
      else
        {
          k = g_ascii_strtoull (parts[i], &end, 10);
          if (end == parts[i] || *end != '\0' || k == 0 || k > 10000000)
            return NULL;
        }
      g_array_append_val (counts, k);
    }
  return counts->len > 0 ? g_steal_pointer (&counts) : NULL;
}

static char *
counts_text (GArray *counts)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < counts->len; i++)
    {
      guint k = g_array_index (counts, guint, i);

      if (i > 0)
        g_string_append (text, ", ");
      if (k == FX_PLAN_ALL_FEATURES)
        g_string_append (text, "all");
      else
        g_string_append_printf (text, "%u", k);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
mark (GtkWidget *widget,
      gboolean   wrong)
{
  if (wrong)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
}

/* The form as a plan, or NULL with what is wrong in @why. */
static FxPlan *
build_plan (FxStudyView  *self,
            char        **why)
{
  g_autoptr(FxPlan) plan = fx_plan_new ();
  g_autoptr(GArray) features = parse_counts (gtk_editable_get_text (self->features_entry), TRUE);
  g_autoptr(GArray) rows = parse_counts (gtk_editable_get_text (self->rows_entry), FALSE);
  guint repeats = gtk_spin_button_get_value_as_int (self->repeats_spin);
  gboolean provider = FALSE;

  *why = NULL;
  mark (GTK_WIDGET (self->features_entry), features == NULL);
  mark (GTK_WIDGET (self->rows_entry), rows == NULL);
  for (guint i = 0; i < self->generators->len; i++)
    {
      Generator *g = g_ptr_array_index (self->generators, i);

      if (gtk_check_button_get_active (g->check))
        {
          fx_plan_add_generator (plan, g->provider, g->model, g->base_url);
          provider |= g->model != NULL;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (strategy_kinds); i++)
    if (gtk_check_button_get_active (self->strategy_checks[i]))
      g_array_append_val (plan->strategies, strategy_kinds[i]);

  if (plan->generators->len == 0)
    *why = g_strdup (_("Choose at least one generator"));
  else if (provider && plan->strategies->len == 0)
    *why = g_strdup (_("Choose at least one strategy for the providers"));
  else if (features == NULL)
    *why = g_strdup (_("Give the numbers of features as whole numbers or “all”, such as “5, 10, 20, all”"));
  else if (rows == NULL)
    *why = g_strdup (_("Give the numbers of rows as whole numbers, such as “1000, 5000, 10000”"));
  if (*why != NULL)
    return NULL;

  if (plan->strategies->len == 0)
    {
      FxStrategyKind group = FX_STRATEGY_GROUP;

      g_array_append_val (plan->strategies, group);
    }
  g_array_append_vals (plan->features, features->data, features->len);
  g_array_append_vals (plan->rows, rows->data, rows->len);
  if (self->loaded_seeds != NULL && self->loaded_seeds->len == repeats)
    g_array_append_vals (plan->seeds, self->loaded_seeds->data, repeats);
  else
    for (guint64 seed = 1; seed <= repeats; seed++)
      g_array_append_val (plan->seeds, seed);
  plan->order = gtk_drop_down_get_selected (self->order_dropdown) == 1 ? FX_RANK_TARGET_ASSOCIATION
                                                                       : FX_RANK_SCHEMA_ORDER;
  plan->batch_rows = gtk_spin_button_get_value_as_int (self->batch_spin);
  plan->concurrency = gtk_spin_button_get_value_as_int (self->concurrency_spin);
  plan->budget = gtk_spin_button_get_value (self->budget_spin);
  if (self->document != NULL)
    {
      const char *schema = fx_schema_document_get_file_path (self->document);
      const char *reference = fx_schema_document_get_reference_path (self->document);

      plan->schema_path = g_strdup (schema);
      plan->reference_path = g_strdup (reference);
    }
  return g_steal_pointer (&plan);
}

static void
save_settings (FxStudyView *self)
{
  g_autoptr(GStrvBuilder) generators = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) strategies = g_strv_builder_new ();
  g_auto(GStrv) chosen = NULL;
  g_auto(GStrv) kinds = NULL;

  for (guint i = 0; i < self->generators->len; i++)
    {
      Generator *g = g_ptr_array_index (self->generators, i);

      if (gtk_check_button_get_active (g->check))
        g_strv_builder_add (generators, g->key);
    }
  for (guint i = 0; i < G_N_ELEMENTS (strategy_kinds); i++)
    if (gtk_check_button_get_active (self->strategy_checks[i]))
      g_strv_builder_add (strategies, fx_strategy_kind_to_string (strategy_kinds[i]));
  chosen = g_strv_builder_end (generators);
  kinds = g_strv_builder_end (strategies);
  g_settings_set_strv (self->settings, "study-generators", (const char * const *) chosen);
  g_settings_set_strv (self->settings, "study-strategies", (const char * const *) kinds);
  g_settings_set_string (self->settings, "study-counts", gtk_editable_get_text (self->features_entry));
  g_settings_set_string (self->settings, "study-row-counts", gtk_editable_get_text (self->rows_entry));
  g_settings_set_string (self->settings, "study-order",
                         order_names[MIN (gtk_drop_down_get_selected (self->order_dropdown), 1)]);
  g_settings_set_int (self->settings, "study-repeats", gtk_spin_button_get_value_as_int (self->repeats_spin));
  g_settings_set_int (self->settings, "study-batch-rows", gtk_spin_button_get_value_as_int (self->batch_spin));
  g_settings_set_int (self->settings, "study-concurrency", gtk_spin_button_get_value_as_int (self->concurrency_spin));
  g_settings_set_double (self->settings, "study-budget", gtk_spin_button_get_value (self->budget_spin));
}

/* ---- the generators ------------------------------------------------------------------ */

static Generator *
find_generator (FxStudyView *self,
                const char  *key)
{
  for (guint i = 0; i < self->generators->len; i++)
    {
      Generator *g = g_ptr_array_index (self->generators, i);

      if (g_str_equal (g->key, key))
        return g;
    }
  return NULL;
}

static void
on_form_changed (FxStudyView *self)
{
  schedule_estimate (self);
}

/* A row for a baseline, or for a provider and its model (checked or not). */
static Generator *
add_generator (FxStudyView *self,
               const char  *provider,
               const char  *model,
               const char  *base_url,
               gboolean     active)
{
  const FxProviderClass *klass = fx_provider_lookup (provider);
  Generator *g = g_new0 (Generator, 1);
  g_autofree char *title = NULL;
  g_autofree char *about = NULL;
  const char *subtitle;

  g->provider = g_strdup (provider);
  g->model = g_strdup (klass != NULL ? model : NULL);
  g->base_url = g_strdup (klass != NULL && base_url != NULL && base_url[0] != '\0' ? base_url : NULL);
  g->key = g->model != NULL ? g_strdup_printf ("%s %s", provider, model) : g_strdup (provider);
  if (g_str_equal (provider, "copula"))
    {
      title = g_strdup (_("Gaussian copula"));
      subtitle = _("A baseline: fitted and sampled on this machine; costs nothing");
    }
  else if (g_str_equal (provider, "independent"))
    {
      title = g_strdup (_("Independent marginals"));
      subtitle = _("A baseline: fitted and sampled on this machine; costs nothing");
    }
  else
    {
      /* the model is what tells the rows apart; the provider and its server follow */
      title = g_strdup (model);
      about = g->base_url != NULL ? g_strdup_printf (_("%s at %s"), klass != NULL ? klass->display_name : provider,
                                                     g->base_url)
                                  : g_strdup (klass != NULL ? klass->display_name : provider);
      subtitle = about;
    }
  g->row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (g->row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (g->row), subtitle);
  g->check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_check_button_set_active (g->check, active);
  gtk_widget_set_valign (GTK_WIDGET (g->check), GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (g->row), GTK_WIDGET (g->check));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (g->row), GTK_WIDGET (g->check));
  g_signal_connect_swapped (g->check, "toggled", G_CALLBACK (on_form_changed), self);
  adw_preferences_group_add (self->generators_group, g->row);
  g_ptr_array_add (self->generators, g);
  return g;
}

/* The baselines, and each provider that has a model in the Providers pane. */
static void
fill_generators (FxStudyView *self)
{
  g_auto(GStrv) chosen = g_settings_get_strv (self->settings, "study-generators");
  const FxProviderClass * const *providers;
  guint n_providers;

  add_generator (self, "copula", NULL, NULL, g_strv_contains ((const char * const *) chosen, "copula"));
  add_generator (self, "independent", NULL, NULL, g_strv_contains ((const char * const *) chosen, "independent"));
  providers = fx_provider_list (&n_providers);
  for (guint i = 0; i < n_providers; i++)
    {
      g_autofree char *model_key = g_strdup_printf ("%s-model", providers[i]->name);
      g_autofree char *url_key = g_strdup_printf ("%s-base-url", providers[i]->name);
      g_autofree char *model = g_settings_get_string (self->settings, model_key);
      g_autofree char *url = g_settings_get_string (self->settings, url_key);
      g_autofree char *key = g_strdup_printf ("%s %s", providers[i]->name, model);

      if (model[0] != '\0')
        add_generator (self, providers[i]->name, model, url, g_strv_contains ((const char * const *) chosen, key));
    }
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
  plan = build_plan (self, &why);
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
  if ((plan = build_plan (self, &why)) == NULL)
    {
      set_status (self, why);
      return;
    }
  save_settings (self);

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

/* ---- open and save ------------------------------------------------------------------- */

static void
fill_form (FxStudyView  *self,
           const FxPlan *plan)
{
  g_autofree char *features = counts_text (plan->features);
  g_autofree char *rows = counts_text (plan->rows);
  const char *reference = self->document != NULL ? fx_schema_document_get_reference_path (self->document) : NULL;
  gboolean counted = TRUE;

  for (guint i = 0; i < self->generators->len; i++)
    gtk_check_button_set_active (((Generator *) g_ptr_array_index (self->generators, i))->check, FALSE);
  for (guint i = 0; i < plan->generators->len; i++)
    {
      const FxPlanGenerator *pg = g_ptr_array_index (plan->generators, i);
      g_autofree char *key = pg->model != NULL ? g_strdup_printf ("%s %s", pg->provider, pg->model)
                                               : g_strdup (pg->provider);
      Generator *g = find_generator (self, key);

      if (g == NULL)
        add_generator (self, pg->provider, pg->model, pg->base_url, TRUE);
      else
        gtk_check_button_set_active (g->check, TRUE);
    }
  for (guint i = 0; i < G_N_ELEMENTS (strategy_kinds); i++)
    {
      gboolean on = FALSE;

      for (guint k = 0; k < plan->strategies->len; k++)
        on |= g_array_index (plan->strategies, FxStrategyKind, k) == strategy_kinds[i];
      gtk_check_button_set_active (self->strategy_checks[i], on);
    }
  gtk_editable_set_text (self->features_entry, features);
  gtk_editable_set_text (self->rows_entry, rows);
  gtk_drop_down_set_selected (self->order_dropdown, plan->order == FX_RANK_SCHEMA_ORDER ? 0 : 1);
  gtk_spin_button_set_value (self->repeats_spin, plan->seeds->len);
  gtk_spin_button_set_value (self->batch_spin, plan->batch_rows);
  gtk_spin_button_set_value (self->concurrency_spin, plan->concurrency);
  gtk_spin_button_set_value (self->budget_spin, plan->budget);
  /* seeds other than 1..N are kept while the repeats stand */
  for (guint i = 0; i < plan->seeds->len; i++)
    counted &= g_array_index (plan->seeds, guint64, i) == i + 1;
  g_clear_pointer (&self->loaded_seeds, g_array_unref);
  if (!counted)
    {
      self->loaded_seeds = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_array_append_vals (self->loaded_seeds, plan->seeds->data, plan->seeds->len);
    }

  if (reference != NULL && !fx_file_same (reference, plan->reference_path))
    {
      g_autofree char *text = g_strdup_printf (_("The plan names the real table %s; the study runs on the open "
                                                 "schema and its table, %s"), plan->reference_path, reference);

      set_status (self, text);
    }
  else
    {
      g_autofree char *base = g_path_get_basename (plan->path);
      g_autofree char *text = g_strdup_printf (_("The plan %s is in the form"), base);

      set_status (self, text);
    }
}

static void
on_plan_opened (GtkWidget  *widget,
                const char *path,
                gpointer    data)
{
  FxStudyView *self = FX_STUDY_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(FxPlan) plan = fx_plan_load (path, &error);

  if (plan == NULL)
    {
      set_status (self, error->message);
      fx_ui_toast (widget, error->message);
      return;
    }
  fill_form (self, plan);
  schedule_estimate (self);
}

static void
on_open_clicked (FxStudyView *self)
{
  fx_ui_choose_file (GTK_WIDGET (self), GTK_FILE_CHOOSER_ACTION_OPEN, _("Open a Study Plan"), _("_Open"), NULL,
                     _("Study plans"), "application/json", "*.json", on_plan_opened, NULL);
}

/* "plan.json" -> "plan.schema.json": where a plan's schema goes when it has no file */
static char *
schema_path_beside (const char *plan_path)
{
  g_autofree char *stem = g_str_has_suffix (plan_path, ".json")
                          ? g_strndup (plan_path, strlen (plan_path) - strlen (".json")) : g_strdup (plan_path);

  return g_strconcat (stem, ".schema.json", NULL);
}

/* Writes the plan at @path; when the schema is not saved in a file as it stands, it goes
 * beside the plan, both files written together or neither. */
static gboolean
write_plan (FxStudyView  *self,
            FxPlan       *plan,
            const char   *path,
            char        **schema_written,
            GError      **error)
{
  g_autoptr(FxSchema) schema = NULL;
  g_autofree char *schema_json = NULL;
  g_autofree char *json = NULL;
  gboolean saved = self->document != NULL && fx_schema_document_get_file_path (self->document) != NULL &&
                   !fx_schema_document_get_dirty (self->document);
  gboolean ok;

  *schema_written = NULL;
  if (!saved)
    {
      if (self->document == NULL || (schema = fx_schema_document_dup_schema (self->document, error)) == NULL)
        return FALSE;
      g_free (plan->schema_path);
      plan->schema_path = schema_path_beside (path);
      schema_json = fx_schema_to_json (schema);
    }
  json = fx_plan_to_json (plan, path);
  fx_atomic_file_group_begin ();
  ok = (schema_json == NULL || fx_write_file_atomic (plan->schema_path, schema_json, strlen (schema_json), error)) &&
       fx_write_file_atomic (path, json, strlen (json), error);
  if (!fx_atomic_file_group_end (ok, ok ? error : NULL) || !ok)
    return FALSE;
  if (schema_json != NULL)
    *schema_written = g_path_get_basename (plan->schema_path);
  return TRUE;
}

static void
on_plan_chosen (GtkWidget  *widget,
                const char *path,
                gpointer    data)
{
  FxStudyView *self = FX_STUDY_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  g_autoptr(FxPlan) plan = build_plan (self, &why);
  g_autofree char *schema = NULL;
  g_autofree char *text = NULL;
  g_autofree char *base = g_path_get_basename (path);

  if (plan == NULL)
    {
      set_status (self, why);
      return;
    }
  if (!write_plan (self, plan, path, &schema, &error))
    text = g_strdup_printf (_("The plan was not saved: %s"), error->message);
  else if (schema != NULL)
    text = g_strdup_printf (_("The plan is saved in %s, and the schema it studies in %s; facsimile-cli study "
                              "--plan runs it"), base, schema);
  else
    text = g_strdup_printf (_("The plan is saved in %s; facsimile-cli study --plan runs it"), base);
  set_status (self, text);
  fx_ui_toast (widget, text);
}

static void
on_save_clicked (FxStudyView *self)
{
  g_autofree char *why = NULL;
  g_autoptr(FxPlan) plan = build_plan (self, &why);

  if (plan == NULL)
    {
      set_status (self, why);
      return;
    }
  /* a plan names the real table it studies */
  if (plan->reference_path == NULL)
    {
      set_status (self, _("The study needs a schema and its real table: open the example, or infer a schema from a CSV"));
      return;
    }
  fx_ui_choose_file (GTK_WIDGET (self), GTK_FILE_CHOOSER_ACTION_SAVE, _("Save the Study Plan"), _("_Save"),
                     "plan.json", _("Study plans"), "application/json", "*.json", on_plan_chosen, NULL);
}

/* ---- the object ---------------------------------------------------------------------- */

static GtkSpinButton *
spin_row (AdwPreferencesGroup *group,
          const char          *title,
          const char          *subtitle,
          double               lower,
          double               upper,
          double               step,
          guint                digits)
{
  GtkWidget *row = adw_action_row_new ();
  GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (lower, upper, step));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_digits (spin, digits);
  gtk_spin_button_set_numeric (spin, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (spin), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (spin));
  adw_preferences_group_add (group, row);
  return spin;
}

static GtkEditable *
entry_row (AdwPreferencesGroup *group,
           const char          *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (group, row);
  return GTK_EDITABLE (row);
}

static GtkDropDown *
drop_down_new (const char * const *items,
               guint               n_items,
               gboolean            translate)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n_items; i++)
    gtk_string_list_append (list, translate ? _(items[i]) : items[i]);
  return GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL));
}

static GtkWidget *
button_new (const char *mnemonic,
            const char *name)
{
  GtkWidget *button = gtk_button_new ();

  /* named once: a button made with a mnemonic label would be named twice */
  gtk_button_set_child (GTK_BUTTON (button), gtk_label_new_with_mnemonic (mnemonic));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  return button;
}

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
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->estimate_cancellable);
  g_clear_pointer (&self->generators, g_ptr_array_unref);
  g_clear_pointer (&self->held, held_release);
  g_clear_pointer (&self->loaded_seeds, g_array_unref);

  G_OBJECT_CLASS (fx_study_view_parent_class)->dispose (object);
}

static void
fx_study_view_class_init (FxStudyViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fx_study_view_dispose;
}

static void
on_repeats_changed (FxStudyView *self)
{
  if (self->loaded_seeds != NULL && self->loaded_seeds->len != (guint) gtk_spin_button_get_value_as_int (self->repeats_spin))
    g_clear_pointer (&self->loaded_seeds, g_array_unref);
  schedule_estimate (self);
}

static void
fx_study_view_init (FxStudyView *self)
{
  const char * const orders[] = { N_("Schema order"), N_("Strongest first") };
  const char * const axes[] = { N_("Against the number of features"), N_("Against the number of rows") };
  const char *measures[FX_N_MEASURES];
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *intro, *row, *buttons, *chart_box, *chart_choices, *heading;
  AdwPreferencesGroup *strategies, *grid;
  GtkWidget *open, *save;
  g_autofree char *features = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *order = NULL;
  g_auto(GStrv) kinds = NULL;

  self->settings = g_settings_new ("io.github.facsimile.Facsimile");
  self->run = fx_plan_run_new (NULL);
  self->generators = g_ptr_array_new_with_free_func ((GDestroyNotify) generator_free);
  g_signal_connect_swapped (self->run, "notify::status", G_CALLBACK (on_run_progress), self);
  g_signal_connect_swapped (self->run, "notify::cells-done", G_CALLBACK (on_cells_done), self);

  intro = gtk_label_new (_("A study generates the table for every combination of generator, strategy, number "
                           "of features, number of rows and repeat, compares each with the real data and ranks "
                           "them. Each cell is a run in the Runs pane: a study stopped, or cut short, carries on "
                           "where it stopped when it is started again."));
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_box_append (GTK_BOX (box), intro);

  /* the generators */
  self->generators_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->generators_group, _("Generators"));
  adw_preferences_group_set_description (self->generators_group,
                                         _("The baselines, and each provider given a model in the Providers pane"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->generators_group));

  /* the strategies */
  strategies = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (strategies, _("Strategies"));
  adw_preferences_group_set_description (strategies, _("How the providers are asked; baselines have none"));
  kinds = g_settings_get_strv (self->settings, "study-strategies");
  for (guint i = 0; i < G_N_ELEMENTS (strategy_kinds); i++)
    {
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(strategy_titles[i]));
      self->strategy_checks[i] = GTK_CHECK_BUTTON (gtk_check_button_new ());
      gtk_check_button_set_active (self->strategy_checks[i],
                                   g_strv_contains ((const char * const *) kinds,
                                                    fx_strategy_kind_to_string (strategy_kinds[i])));
      gtk_widget_set_valign (GTK_WIDGET (self->strategy_checks[i]), GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), GTK_WIDGET (self->strategy_checks[i]));
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->strategy_checks[i]));
      adw_preferences_group_add (strategies, row);
    }
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (strategies));

  /* the grid */
  grid = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (grid, _("Grid"));
  self->features_entry = entry_row (grid, _("Numbers of features"));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Features kept first"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("In the schema's order, or strongest association with the "
                                                       "target first"));
  self->order_dropdown = drop_down_new (orders, G_N_ELEMENTS (orders), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->order_dropdown), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->order_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Features kept first"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->order_dropdown));
  adw_preferences_group_add (grid, row);
  self->rows_entry = entry_row (grid, _("Numbers of rows"));
  self->repeats_spin = spin_row (grid, _("Repeats"), _("Each with its own seed"), 1, 100, 1, 0);
  self->batch_spin = spin_row (grid, _("Rows per request"), NULL, 1, 1000, 1, 0);
  self->concurrency_spin = spin_row (grid, _("Requests in flight"), _("Shared by the whole study"), 1, 64, 1, 0);
  self->budget_spin = spin_row (grid, _("Budget"), _("Stop when the spend reaches it, in the price table's "
                                                     "currency; 0 for none"), 0, 1000000, 1, 2);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (grid));

  /* what it will cost */
  self->estimate_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->estimate_label, TRUE);
  gtk_label_set_xalign (self->estimate_label, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->estimate_label));

  /* plan files, start and stop */
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  open = button_new (_("_Open Plan…"), _("Open a study plan"));
  save = button_new (_("Sa_ve Plan…"), _("Save the study plan"));
  self->start_button = button_new (_("_Start the Study"), _("Start the Study"));
  gtk_widget_add_css_class (self->start_button, "suggested-action");
  self->stop_button = button_new (_("S_top"), _("Stop the Study"));
  gtk_widget_add_css_class (self->stop_button, "destructive-action");
  gtk_widget_set_visible (self->stop_button, FALSE);
  gtk_widget_set_hexpand (self->start_button, TRUE);
  gtk_widget_set_halign (self->start_button, GTK_ALIGN_END);
  gtk_widget_set_hexpand (self->stop_button, TRUE);
  gtk_widget_set_halign (self->stop_button, GTK_ALIGN_END);
  /* the plan's files on a line of their own, so that a narrow window has room */
  gtk_box_append (GTK_BOX (buttons), open);
  gtk_box_append (GTK_BOX (buttons), save);
  gtk_box_append (GTK_BOX (box), buttons);
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (buttons), self->start_button);
  gtk_box_append (GTK_BOX (buttons), self->stop_button);
  gtk_box_append (GTK_BOX (box), buttons);
  g_signal_connect_swapped (open, "clicked", G_CALLBACK (on_open_clicked), self);
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (on_save_clicked), self);
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
  self->measure_dropdown = drop_down_new (measures, FX_N_MEASURES, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->measure_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Measure charted"), -1);
  self->axis_dropdown = drop_down_new (axes, G_N_ELEMENTS (axes), TRUE);
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

  /* the choices of the last study */
  fill_generators (self);
  features = g_settings_get_string (self->settings, "study-counts");
  gtk_editable_set_text (self->features_entry, features);
  rows = g_settings_get_string (self->settings, "study-row-counts");
  gtk_editable_set_text (self->rows_entry, rows);
  order = g_settings_get_string (self->settings, "study-order");
  gtk_drop_down_set_selected (self->order_dropdown, g_str_equal (order, order_names[1]) ? 1 : 0);
  gtk_spin_button_set_value (self->repeats_spin, g_settings_get_int (self->settings, "study-repeats"));
  gtk_spin_button_set_value (self->batch_spin, g_settings_get_int (self->settings, "study-batch-rows"));
  gtk_spin_button_set_value (self->concurrency_spin, g_settings_get_int (self->settings, "study-concurrency"));
  gtk_spin_button_set_value (self->budget_spin, g_settings_get_double (self->settings, "study-budget"));

  for (guint i = 0; i < G_N_ELEMENTS (strategy_kinds); i++)
    g_signal_connect_swapped (self->strategy_checks[i], "toggled", G_CALLBACK (on_form_changed), self);
  g_signal_connect_swapped (self->features_entry, "changed", G_CALLBACK (on_form_changed), self);
  g_signal_connect_swapped (self->rows_entry, "changed", G_CALLBACK (on_form_changed), self);
  g_signal_connect_swapped (self->order_dropdown, "notify::selected", G_CALLBACK (on_form_changed), self);
  g_signal_connect_swapped (self->repeats_spin, "value-changed", G_CALLBACK (on_repeats_changed), self);
  g_signal_connect_swapped (self->batch_spin, "value-changed", G_CALLBACK (on_form_changed), self);
  fx_ui_unlabel_spin_buttons (box);
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
