/* fx-plan-run.c: every cell of a plan, one study after another, into a leaderboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-plan-run.h"
#include "fx-prices.h"
#include "fx-provider.h"
#include "fx-store.h"

G_DEFINE_QUARK (fx-plan-run-error-quark, fx_plan_run_error)

/* the cells a measure could not be taken in, for one note rather than one a cell */
typedef struct
{
  guint  cells;
  char  *first_why;
} Missing;

struct _FxPlanRun
{
  GObject        parent_instance;

  char          *store_path;
  FxStore       *store;           /* opened at the first run, for the cells' records */

  /* the run in hand */
  GTask         *task;
  FxPlan        *plan;
  FxSchema      *schema;
  char          *reference_path;
  GArray        *groups;          /* (element-type FxPlanGroup) */
  guint          group;           /* the one running */
  FxStudy       *study;
  GCancellable  *cancellable;     /* ours: the caller's, or the budget, cancels it */
  GCancellable  *caller_cancellable;
  gulong         caller_handler;
  gboolean       use_environment;

  char          *status;
  guint          cells_done;
  guint          n_cells;
  double         fraction;
  guint          origins[FX_STUDY_RUN_REUSED + 1];
  FxLeaderboard *board;

  /* the budget */
  FxPrice       *price;           /* of the group running; NULL for a baseline */
  double         spent_before;    /* by the groups before it */
  double         spent;
  GHashTable    *counted;         /* (element-type gint64) the runs in spent_before: a plan
                                   * naming a cell twice reuses its run, paid for once */
  gboolean       over_budget;
  Missing        missing_utility;
  Missing        missing_privacy;
};

G_DEFINE_FINAL_TYPE (FxPlanRun, fx_plan_run, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATUS,
  PROP_CELLS_DONE,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_CELL_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void next_group (FxPlanRun *self);

static void
set_status (FxPlanRun  *self,
            const char *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static const char *
origin_name (FxStudyRunOrigin origin)
{
  switch (origin)
    {
    case FX_STUDY_RUN_MADE:
      return "made";
    case FX_STUDY_RUN_CONTINUED:
      return "continued";
    case FX_STUDY_RUN_REUSED:
      return "reused";
    case FX_STUDY_RUN_NONE:
    default:
      return "none";
    }
}

/* ---- the budget ------------------------------------------------------------------------ */

static double
run_cost (FxPlanRun *self,
          gint64     run_id)
{
  g_autoptr(FxRunRecord) run = fx_store_get_run (self->store, run_id, NULL);

  return run != NULL ? fx_price_cost (self->price, run->prompt_tokens, run->completion_tokens) : 0;
}

/* The spend so far, from the providers' usage fields as the store has them. */
static double
spend_now (FxPlanRun *self)
{
  GArray *steps = self->study != NULL ? fx_study_get_steps (self->study) : NULL;
  double spent = self->spent_before;

  if (self->price == NULL)
    return spent;
  for (guint i = 0; steps != NULL && i < steps->len; i++)
    {
      const FxStudyStep *step = &g_array_index (steps, FxStudyStep, i);

      if (step->run_id > 0 && !g_hash_table_contains (self->counted, &step->run_id))
        spent += run_cost (self, step->run_id);
    }
  return spent;
}

static void
on_progress (const FxRunProgress *progress,
             gpointer             data)
{
  FxPlanRun *self = data;

  if (self->price == NULL || self->plan == NULL || self->plan->budget <= 0 || self->over_budget)
    return;
  self->spent = spend_now (self);
  if (self->spent >= self->plan->budget)
    {
      self->over_budget = TRUE;
      g_cancellable_cancel (self->cancellable);
    }
}

/* ---- the cells ------------------------------------------------------------------------- */

static void
note_missing (Missing    *missing,
              const char *why)
{
  missing->cells++;
  if (missing->first_why == NULL && why != NULL)
    missing->first_why = g_strdup (why);
}

static void
add_missing_note (FxLeaderboard *board,
                  const char    *measure,
                  Missing       *missing)
{
  g_autofree char *note = NULL;

  if (missing->cells == 0)
    return;
  /* TRANSLATORS: "Utility was not measured in 3 of 24 cells: the schema names no target (the first of them)." */
  note = g_strdup_printf (_("%s was not measured in %u of %u cells: %s (the first of them)."), measure,
                          missing->cells, board->cells->len, missing->first_why != NULL ? missing->first_why : "?");
  fx_leaderboard_add_note (board, note);
}

static void
summary_values (const FxComparison *comparison,
                double             *values)
{
  FxComparisonSummary sum;

  fx_comparison_summarize (comparison, FX_COMPARE_ALPHA, &sum);
  values[FX_MEASURE_MEAN_KS] = sum.mean_ks;
  values[FX_MEASURE_MEAN_KL] = sum.mean_kl;
  values[FX_MEASURE_PEARSON] = sum.pearson_mean_abs_difference;
  values[FX_MEASURE_DIFFERING] = sum.tested > 0 ? (double) sum.significant / sum.tested : NAN;
}

/* A finished step of @group as a cell of the leaderboard. */
static FxStudyCell *
cell_new (FxPlanRun         *self,
          const FxPlanGroup *group,
          const FxStudyStep *step)
{
  FxStudyCell *cell = fx_study_cell_new ();
  g_autoptr(GPtrArray) requests = fx_store_get_requests (self->store, step->run_id, NULL);
  g_autoptr(FxRunRecord) run = fx_store_get_run (self->store, step->run_id, NULL);
  double latency = 0;

  cell->generator = g_strdup (group->generator->provider);
  cell->model = g_strdup (group->generator->model);
  cell->strategy = group->baseline ? NULL : g_strdup (fx_strategy_kind_to_string (group->strategy));
  cell->n_features = step->n_features;
  cell->n_rows = group->n_rows;
  cell->seed = group->seed;
  cell->run_id = step->run_id;
  cell->origin = g_strdup (origin_name (step->origin));
  if (step->evaluation != NULL && step->evaluation->sets->len > 0)
    {
      const FxEvaluationSet *set = g_ptr_array_index (step->evaluation->sets, 0);

      summary_values (set->comparison, cell->values);
    }
  cell->values[FX_MEASURE_BREAKING] = step->share_breaking;
  if (step->utility != NULL)
    {
      cell->values[FX_MEASURE_TSTR_AUROC] = step->utility->tstr->auroc;
      cell->tstr_auroc_ci[0] = step->utility->tstr->auroc_ci[0];
      cell->tstr_auroc_ci[1] = step->utility->tstr->auroc_ci[1];
      cell->values[FX_MEASURE_TSTR_OVER_TRTR] = step->utility->tstr_over_trtr;
    }
  else
    note_missing (&self->missing_utility, step->utility_why);
  if (step->privacy != NULL)
    {
      cell->values[FX_MEASURE_ATTACK_AUROC] = step->privacy->auroc;
      cell->values[FX_MEASURE_CLOSER] = step->privacy->share_closer_to_training;
    }
  else
    note_missing (&self->missing_privacy, step->privacy_why);
  if (run != NULL)
    {
      gint64 total = run->rows_accepted + run->rows_rejected;

      cell->prompt_tokens = run->prompt_tokens;
      cell->completion_tokens = run->completion_tokens;
      cell->values[FX_MEASURE_REJECTED] = total > 0 ? (double) run->rows_rejected / total : NAN;
      cell->values[FX_MEASURE_TOKENS] = run->prompt_tokens + run->completion_tokens;
      /* a baseline costs nothing; a model without a price has no cost */
      cell->values[FX_MEASURE_COST] = group->baseline ? 0 : self->price != NULL
                                      ? fx_price_cost (self->price, run->prompt_tokens, run->completion_tokens)
                                      : NAN;
    }
  for (guint k = 0; requests != NULL && k < requests->len; k++)
    latency += ((FxRequestRecord *) g_ptr_array_index (requests, k))->latency_ms / 1000.0;
  if (requests != NULL && requests->len > 0)
    cell->values[FX_MEASURE_LATENCY] = latency / group->n_rows * 1000;
  return cell;
}

static void
collect (FxPlanRun         *self,
         const FxPlanGroup *group)
{
  GArray *steps = fx_study_get_steps (self->study);

  for (guint i = 0; i < steps->len; i++)
    {
      const FxStudyStep *step = &g_array_index (steps, FxStudyStep, i);
      const FxComparison *holdout = step->evaluation != NULL ? fx_evaluation_get_holdout (step->evaluation) : NULL;
      FxStudyCell *cell = cell_new (self, group, step);

      fx_leaderboard_add_cell (self->board, cell);
      if (holdout != NULL)
        {
          double values[FX_N_MEASURES];

          for (guint m = 0; m < FX_N_MEASURES; m++)
            values[m] = NAN;
          summary_values (holdout, values);
          /* a model trained on real rows, and what rows the generator never saw score */
          if (step->utility != NULL)
            {
              values[FX_MEASURE_TSTR_AUROC] = step->utility->trtr->auroc;
              values[FX_MEASURE_TSTR_OVER_TRTR] = 1;
            }
          if (step->privacy != NULL)
            values[FX_MEASURE_ATTACK_AUROC] = values[FX_MEASURE_CLOSER] = 0.5;
          fx_leaderboard_add_holdout (self->board, step->n_features, values);
        }
      self->origins[MIN (step->origin, FX_STUDY_RUN_REUSED)]++;
      g_signal_emit (self, signals[SIGNAL_CELL_DONE], 0, self->cells_done + i, group, step, cell);
    }
  self->cells_done += steps->len;
  fx_leaderboard_tabulate (self->board);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CELLS_DONE]);
}

/* ---- the groups ------------------------------------------------------------------------ */

static void
end (FxPlanRun *self,
     GError    *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (self->study != NULL)
    g_signal_handlers_disconnect_by_data (self->study, self);
  g_clear_object (&self->study);
  g_clear_pointer (&self->price, fx_price_free);
  if (self->caller_cancellable != NULL)
    g_cancellable_disconnect (self->caller_cancellable, self->caller_handler);
  self->caller_handler = 0;
  g_clear_object (&self->caller_cancellable);
  set_status (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_study_status (FxPlanRun *self)
{
  const FxPlanGroup *group = &g_array_index (self->groups, FxPlanGroup, self->group);
  const char *status = fx_study_get_status (self->study);
  GArray *steps = fx_study_get_steps (self->study);
  g_autofree char *what = fx_plan_group_describe (group);
  g_autofree char *text = NULL;

  /* the first group's steps say how many numbers of features the schema allows */
  if (steps != NULL && steps->len > 0 && self->group == 0)
    self->n_cells = self->groups->len * steps->len;
  self->fraction = (self->group + fx_study_get_fraction (self->study)) / MAX (self->groups->len, 1);
  if (status == NULL)
    return;
  text = g_strdup_printf (_("%s, %u rows, repeat %u of %u: %s"), what, group->n_rows, group->repeat,
                          self->plan->seeds->len, status);
  set_status (self, text);
}

static void
on_group_done (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(FxPlanRun) self = data;
  const FxPlanGroup *group = &g_array_index (self->groups, FxPlanGroup, self->group);
  GArray *steps;
  GError *error = NULL;

  if (!fx_study_run_finish (FX_STUDY (source), result, &error))
    {
      if (self->over_budget)
        {
          g_clear_error (&error);
          self->spent = spend_now (self);
          error = g_error_new (FX_PLAN_RUN_ERROR, FX_PLAN_RUN_ERROR_BUDGET,
                               _("the budget of %.4f is reached (%.4f spent by the study's runs); nothing more is "
                                 "asked. Run it again with a higher budget to carry on"),
                               self->plan->budget, self->spent);
        }
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *what = fx_plan_group_describe (group);

          /* the plan has many generations: say which one failed */
          g_prefix_error (&error, "%s: ", what);
        }
      end (self, error);
      return;
    }
  self->spent = self->spent_before = spend_now (self);
  steps = fx_study_get_steps (self->study);
  for (guint i = 0; i < steps->len; i++)
    {
      gint64 run_id = g_array_index (steps, FxStudyStep, i).run_id;

      g_hash_table_add (self->counted, g_memdup2 (&run_id, sizeof run_id));
    }
  collect (self, group);
  g_signal_handlers_disconnect_by_data (self->study, self);
  g_clear_object (&self->study);
  g_clear_pointer (&self->price, fx_price_free);
  self->group++;
  next_group (self);
}

static void
next_group (FxPlanRun *self)
{
  const FxPlanGroup *group;
  FxStudySpec spec = { 0 };

  if (self->group >= self->groups->len)
    {
      g_autoptr(FxPrice) any = NULL;

      for (guint g = 0; g < self->groups->len && any == NULL; g++)
        {
          const FxPlanGroup *each = &g_array_index (self->groups, FxPlanGroup, g);

          if (!each->baseline)
            any = fx_price_lookup (each->generator->provider, each->generator->model);
        }
      g_free (self->board->currency);
      self->board->currency = g_strdup (any != NULL ? any->currency : NULL);
      add_missing_note (self->board, _("Utility"), &self->missing_utility);
      add_missing_note (self->board, _("Privacy"), &self->missing_privacy);
      self->fraction = 1;
      end (self, NULL);
      return;
    }

  group = &g_array_index (self->groups, FxPlanGroup, self->group);
  self->price = group->baseline ? NULL : fx_price_lookup (group->generator->provider, group->generator->model);
  if (self->plan->budget > 0 && self->price != NULL && self->spent_before >= self->plan->budget)
    {
      self->over_budget = TRUE;
      end (self, g_error_new (FX_PLAN_RUN_ERROR, FX_PLAN_RUN_ERROR_BUDGET,
                              _("the budget of %.4f is reached (%.4f spent by the study's runs); nothing more is "
                                "asked. Run it again with a higher budget to carry on"),
                              self->plan->budget, self->spent_before));
      return;
    }

  spec.generator = group->generator->provider;
  spec.model = group->generator->model;
  spec.base_url = group->generator->base_url;
  spec.strategy = group->strategy;
  spec.n_rows = group->n_rows;
  spec.batch_rows = self->plan->batch_rows;
  /* one cell generates at a time: the plan's limit on requests in flight is the study's */
  spec.concurrency = self->plan->concurrency;
  spec.order = self->plan->order;
  spec.keep_groups = self->plan->keep_groups;
  spec.counts = (const guint *) (gpointer) self->plan->features->data;
  spec.n_counts = self->plan->features->len;
  spec.seed = group->seed;
  spec.use_environment = self->use_environment;
  spec.progress = on_progress;
  spec.progress_data = self;

  self->study = fx_study_new (self->store_path);
  g_signal_connect_swapped (self->study, "notify::status", G_CALLBACK (on_study_status), self);
  g_signal_connect_swapped (self->study, "notify::fraction", G_CALLBACK (on_study_status), self);
  fx_study_run_async (self->study, &spec, self->schema, self->reference_path, self->cancellable, on_group_done,
                      g_object_ref (self));
}

static void
on_caller_cancelled (GCancellable *cancellable,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

void
fx_plan_run_start_async (FxPlanRun           *self,
                         FxPlan              *plan,
                         const FxSchema      *schema,
                         const char          *reference_path,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(FxPlan) owned = plan;
  g_autoptr(GError) error = NULL;
  guint n_features;

  g_return_if_fail (FX_IS_PLAN_RUN (self));
  g_return_if_fail (plan != NULL && schema != NULL && reference_path != NULL);

  if (self->task != NULL)
    {
      g_task_report_new_error (self, callback, user_data, fx_plan_run_start_async, FX_STUDY_ERROR,
                               FX_STUDY_ERROR_BUSY, _("the study is already running"));
      return;
    }
  if (self->store == NULL && (self->store = fx_store_open (self->store_path, &error)) == NULL)
    {
      g_task_report_error (self, callback, user_data, fx_plan_run_start_async, g_steal_pointer (&error));
      return;
    }

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, fx_plan_run_start_async);
  fx_plan_free (self->plan);
  self->plan = g_steal_pointer (&owned);
  g_clear_pointer (&self->schema, fx_schema_free);
  self->schema = fx_schema_copy (schema);
  g_free (self->reference_path);
  self->reference_path = g_strdup (reference_path);
  g_clear_pointer (&self->groups, g_array_unref);
  self->groups = fx_plan_get_groups (self->plan);
  self->group = 0;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      self->caller_cancellable = g_object_ref (cancellable);
      self->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                    self->cancellable, NULL);
    }

  /* until the first study has chosen its features: every feature but the target */
  n_features = schema->features->len - (schema->target != NULL ? 1 : 0);
  self->n_cells = fx_plan_count_cells (self->plan, n_features);
  self->cells_done = 0;
  self->fraction = 0;
  memset (self->origins, 0, sizeof self->origins);
  g_clear_pointer (&self->board, fx_leaderboard_free);
  self->board = fx_leaderboard_new ();
  self->spent = self->spent_before = 0;
  g_hash_table_remove_all (self->counted);
  self->over_budget = FALSE;
  self->missing_utility.cells = self->missing_privacy.cells = 0;
  g_clear_pointer (&self->missing_utility.first_why, g_free);
  g_clear_pointer (&self->missing_privacy.first_why, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CELLS_DONE]);
  next_group (self);
}

gboolean
fx_plan_run_finish (FxPlanRun     *self,
                    GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- the object -------------------------------------------------------------------- */

void
fx_plan_run_set_use_environment (FxPlanRun *self,
                                 gboolean   use_environment)
{
  g_return_if_fail (FX_IS_PLAN_RUN (self));

  self->use_environment = !!use_environment;
}

gboolean
fx_plan_run_get_running (FxPlanRun *self)
{
  g_return_val_if_fail (FX_IS_PLAN_RUN (self), FALSE);

  return self->task != NULL;
}

const char *
fx_plan_run_get_status (FxPlanRun *self)
{
  g_return_val_if_fail (FX_IS_PLAN_RUN (self), NULL);

  return self->status;
}

guint
fx_plan_run_get_cells_done (FxPlanRun *self)
{
  g_return_val_if_fail (FX_IS_PLAN_RUN (self), 0);

  return self->cells_done;
}

guint
fx_plan_run_get_n_cells (FxPlanRun *self)
{
  g_return_val_if_fail (FX_IS_PLAN_RUN (self), 0);

  return self->n_cells;
}

double
fx_plan_run_get_fraction (FxPlanRun *self)
{
  g_return_val_if_fail (FX_IS_PLAN_RUN (self), 0);

  return self->fraction;
}

guint
fx_plan_run_count_origin (FxPlanRun        *self,
                          FxStudyRunOrigin  origin)
{
  g_return_val_if_fail (FX_IS_PLAN_RUN (self), 0);

  return origin <= FX_STUDY_RUN_REUSED ? self->origins[origin] : 0;
}

FxLeaderboard *
fx_plan_run_get_leaderboard (FxPlanRun *self)
{
  g_return_val_if_fail (FX_IS_PLAN_RUN (self), NULL);

  return self->board;
}

FxLeaderboard *
fx_plan_run_steal_leaderboard (FxPlanRun *self)
{
  g_return_val_if_fail (FX_IS_PLAN_RUN (self), NULL);
  g_return_val_if_fail (self->task == NULL, NULL);

  return g_steal_pointer (&self->board);
}

double
fx_plan_run_get_spent (FxPlanRun *self)
{
  g_return_val_if_fail (FX_IS_PLAN_RUN (self), 0);

  return self->spent;
}

static void
fx_plan_run_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FxPlanRun *self = FX_PLAN_RUN (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_CELLS_DONE:
      g_value_set_uint (value, self->cells_done);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->task != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fx_plan_run_finalize (GObject *object)
{
  FxPlanRun *self = FX_PLAN_RUN (object);

  /* a run in hand holds a reference: there is none left here */
  g_free (self->store_path);
  g_clear_pointer (&self->store, fx_store_close);
  fx_plan_free (self->plan);
  g_clear_pointer (&self->schema, fx_schema_free);
  g_free (self->reference_path);
  g_clear_pointer (&self->groups, g_array_unref);
  g_clear_object (&self->cancellable);
  g_free (self->status);
  g_clear_pointer (&self->board, fx_leaderboard_free);
  g_hash_table_unref (self->counted);
  g_free (self->missing_utility.first_why);
  g_free (self->missing_privacy.first_why);

  G_OBJECT_CLASS (fx_plan_run_parent_class)->finalize (object);
}

static void
fx_plan_run_class_init (FxPlanRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fx_plan_run_get_property;
  object_class->finalize = fx_plan_run_finalize;

  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CELLS_DONE] =
    g_param_spec_uint ("cells-done", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (index, group, step, cell): valid during the emission only */
  signals[SIGNAL_CELL_DONE] =
    g_signal_new ("cell-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_UINT, G_TYPE_POINTER, G_TYPE_POINTER, G_TYPE_POINTER);
}

static void
fx_plan_run_init (FxPlanRun *self)
{
  self->counted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

FxPlanRun *
fx_plan_run_new (const char *store_path)
{
  FxPlanRun *self = g_object_new (FX_TYPE_PLAN_RUN, NULL);

  self->store_path = store_path != NULL ? g_strdup (store_path) : fx_store_default_path ();
  return self;
}
