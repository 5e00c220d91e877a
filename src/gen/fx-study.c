/* fx-study.c: fidelity against the number of features generated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fx-csv.h"
#include "fx-job.h"
#include "fx-privacy-holdout.h"
#include "fx-rules.h"
#include "fx-run.h"
#include "fx-study.h"

/* every generation of a study draws with this seed unless its spec names another */
#define STUDY_SEED 1

G_DEFINE_QUARK (fx-study-error-quark, fx_study_error)

GType
fx_study_state_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { FX_STUDY_IDLE, "FX_STUDY_IDLE", "idle" },
        { FX_STUDY_PLANNING, "FX_STUDY_PLANNING", "planning" },
        { FX_STUDY_GENERATING, "FX_STUDY_GENERATING", "generating" },
        { FX_STUDY_EVALUATING, "FX_STUDY_EVALUATING", "evaluating" },
        { FX_STUDY_DONE, "FX_STUDY_DONE", "done" },
        { FX_STUDY_STOPPED, "FX_STUDY_STOPPED", "stopped" },
        { FX_STUDY_FAILED, "FX_STUDY_FAILED", "failed" },
        { 0, NULL, NULL },
      };

      g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("FxStudyState"), values));
    }
  return type;
}

/* What every generation of the running study is made with, copied from its spec (the
 * caller's may change while the study goes on). */
typedef struct
{
  char           *generator;
  char           *model;
  char           *base_url;
  FxStrategyKind  strategy;
  guint           n_rows;
  guint           batch_rows;
  guint           concurrency;
  guint64         seed;
  gboolean        use_environment;
  FxRunProgressFunc progress;
  gpointer        progress_data;
} Params;

struct _FxStudy
{
  GObject       parent_instance;

  char         *store_path;
  FxStore      *store;          /* the runs' store, opened in the planning thread */
  FxStudyState  state;
  gboolean      generating;     /* the engine has a run in hand */
  char         *status;
  double        fraction;
  GArray       *steps;          /* (element-type FxStudyStep) */
  guint         current;
  char         *reference_path;
  Params        params;
  gboolean      has_params;
  GTask        *task;           /* the study running */
};

G_DEFINE_FINAL_TYPE (FxStudy, fx_study, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_GENERATING,
  PROP_STATUS,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void next_step (FxStudy *self);

static void
step_clear (FxStudyStep *step)
{
  g_clear_pointer (&step->schema, fx_schema_free);
  g_clear_pointer (&step->evaluation, fx_evaluation_unref);
  g_clear_pointer (&step->utility, fx_utility_free);
  g_clear_pointer (&step->utility_why, g_free);
  g_clear_pointer (&step->privacy, fx_privacy_free);
  g_clear_pointer (&step->privacy_why, g_free);
}

/* Threads hold a reference to the steps they work on, so a new study never frees what
 * an old one still reads. */
static GArray *
steps_new (void)
{
  GArray *steps = g_array_new (FALSE, TRUE, sizeof (FxStudyStep));

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

static void
params_copy (Params            *params,
             const FxStudySpec *spec)
{
  params_clear (params);
  params->generator = g_strdup (spec->generator);
  params->model = fx_provider_lookup (spec->generator) != NULL ? g_strdup (spec->model) : NULL;
  params->base_url = fx_provider_lookup (spec->generator) != NULL ? g_strdup (spec->base_url) : NULL;
  params->strategy = spec->strategy;
  params->n_rows = spec->n_rows;
  params->batch_rows = spec->batch_rows;
  params->concurrency = spec->concurrency;
  params->seed = spec->seed > 0 ? spec->seed : STUDY_SEED;
  params->use_environment = spec->use_environment;
  params->progress = spec->progress;
  params->progress_data = spec->progress_data;
}

/* ---- state ------------------------------------------------------------------------- */

static void
set_status (FxStudy    *self,
            const char *status,
            double      fraction)
{
  if (g_strcmp0 (self->status, status) != 0)
    {
      g_free (self->status);
      self->status = g_strdup (status);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  if (self->fraction != fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
}

static void
set_state (FxStudy      *self,
           FxStudyState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_generating (FxStudy  *self,
                gboolean  generating)
{
  if (self->generating == generating)
    return;
  self->generating = generating;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENERATING]);
}

/* The study ends: with @error (taken), stopped or failed; without, done. */
static void
finish (FxStudy *self,
        GError  *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (error == NULL)
    {
      set_status (self, NULL, 1);
      set_state (self, FX_STUDY_DONE);
      g_task_return_boolean (task, TRUE);
      return;
    }
  set_status (self, NULL, self->fraction);
  set_state (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? FX_STUDY_STOPPED : FX_STUDY_FAILED);
  g_task_return_error (task, error);
}

static double
step_fraction (FxStudy *self)
{
  return (double) self->current / (self->steps->len + 1);
}

/* ---- the plan, in a thread: read the real table, rank, cut the schema, find the runs
 * an earlier study made ------------------------------------------------------------- */

typedef struct
{
  FxSchema    *schema;
  char        *reference_path;
  char        *store_path;
  FxRankOrder  order;
  gboolean     keep_groups;
  GArray      *counts;
  Params       params;
  GArray      *steps;   /* (element-type FxStudyStep) */
  FxStore     *store;
} Plan;

static void
plan_free (Plan *plan)
{
  g_clear_pointer (&plan->schema, fx_schema_free);
  g_free (plan->reference_path);
  g_free (plan->store_path);
  g_clear_pointer (&plan->counts, g_array_unref);
  params_clear (&plan->params);
  g_clear_pointer (&plan->steps, g_array_unref);
  g_clear_pointer (&plan->store, fx_store_close);
  g_free (plan);
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return (x > y) - (x < y);
}

/* Whether @run was made as the study would make this step's: the same generator,
 * model, server, strategy, rows, rows per request, seed and reference table (its
 * schema is compared by the caller).  Concurrency changes how fast rows come, not
 * which, so a run carried on keeps its own. */
static gboolean
same_generation (const Params      *params,
                 const FxRunRecord *run,
                 const char        *reference)
{
  g_autoptr(JsonNode) parameters = NULL;
  JsonObject *p;

  if (!g_str_equal (run->provider, params->generator) || run->rows_requested != params->n_rows ||
      g_strcmp0 (run->reference_path, reference) != 0)
    return FALSE;
  if (fx_provider_lookup (run->provider) != NULL &&
      (g_strcmp0 (run->model, params->model) != 0 || g_strcmp0 (run->base_url, params->base_url) != 0 ||
       g_strcmp0 (run->strategy, fx_strategy_kind_to_string (params->strategy)) != 0))
    return FALSE;

  parameters = json_from_string (run->parameters, NULL);
  if (parameters == NULL || !JSON_NODE_HOLDS_OBJECT (parameters))
    return FALSE;
  p = json_node_get_object (parameters);
  return json_object_get_int_member_with_default (p, "batch_rows", 0) == params->batch_rows &&
         (guint64) json_object_get_int_member_with_default (p, "seed", 0) == params->seed &&
         json_object_has_member (p, "temperature") && json_object_get_null_member (p, "temperature");
}

/* A study asked for again reuses the runs it already has: a finished one as it is, an
 * unfinished one carried on.  A run is the same step when its schema and its
 * generation's choices are. */
static gboolean
find_earlier_runs (Plan    *plan,
                   GError **error)
{
  g_autofree char *reference = g_canonicalize_filename (plan->reference_path, NULL);
  g_autoptr(GPtrArray) runs = fx_store_list_runs (plan->store, error);

  if (runs == NULL)
    return FALSE;
  for (guint i = 0; i < plan->steps->len; i++)
    {
      FxStudyStep *step = &g_array_index (plan->steps, FxStudyStep, i);
      g_autofree char *json = fx_schema_to_json (step->schema);
      gint64 schema_id = fx_store_add_schema (plan->store, _("dimensionality study"), json, error);

      if (schema_id < 0)
        return FALSE;
      for (guint k = 0; k < runs->len; k++)
        {
          FxRunRecord *r = g_ptr_array_index (runs, k);

          if (r->schema_id == schema_id && r->status != FX_RUN_FAILED && same_generation (&plan->params, r, reference))
            {
              step->run_id = r->id;
              step->origin = r->status == FX_RUN_COMPLETED && r->rows_accepted >= r->rows_requested
                             ? FX_STUDY_RUN_REUSED : FX_STUDY_RUN_CONTINUED;
              break;
            }
        }
    }
  return TRUE;
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
      FxStudyStep step = { 0 };

      if (k == last)
        continue;
      last = k;
      step.n_features = k;
      step.schema = fx_study_cut_schema (plan->schema, ranked, k, plan->keep_groups);
      step.mean_ks = step.share_differing = step.pearson = step.share_breaking = NAN;
      g_array_append_val (plan->steps, step);
    }

  if (g_task_return_error_if_cancelled (task))
    return;
  if ((plan->store = fx_store_open (plan->store_path, &error)) == NULL ||
      !find_earlier_runs (plan, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* ---- the runs, one after the other ----------------------------------------------- */

/* A run in the engine's hands: it holds the study (and so its store) and the job the
 * engine's options point into until it ends. */
typedef struct
{
  FxStudy      *self;
  GCancellable *cancellable;
  FxJob        *job;
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
  FxStudy *self = generation->self;
  GError *error = NULL;
  gboolean done = fx_run_execute_finish (result, &error);

  set_generating (self, FALSE);
  /* stopped: the run is marked cancelled, and the study may start again now that
   * nothing writes to it any more */
  if (g_cancellable_is_cancelled (generation->cancellable))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The study was stopped"));
      finish (self, error);
    }
  else if (!done)
    finish (self, error);
  else
    {
      g_clear_error (&error);
      self->current++;
      next_step (self);
    }
  generation_free (generation);
}

/* ---- a generation's job, in a thread ------------------------------------------------ */

/* the job of a generation, made (or found again) and given its key in a thread */
static void
prepare_job (FxStudy            *self,
             const FxJobSpec    *spec,
             const FxSchema     *schema,
             gint64              resume_id,
             GAsyncReadyCallback callback)
{
  FxJobSpec copy = *spec;

  copy.anchors = NULL;
  fx_job_prepare_async (self, &copy, schema, fx_store_get_path (self->store), resume_id,
                        self->params.use_environment, g_task_get_cancellable (self->task), callback, NULL);
}

static void
on_job (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  FxStudy *self = FX_STUDY (source);
  GError *error = NULL;
  Generation *generation;
  FxRunOptions options;
  FxJob *job;
  FxStudyStep *step;

  job = fx_job_prepare_finish (result, &error);
  if (job == NULL)
    {
      finish (self, error);
      return;
    }
  /* a run carried on is held to the rule too */
  if (fx_job_sends_real_rows_away (job))
    {
      g_set_error (&error, FX_STUDY_ERROR, FX_STUDY_ERROR_REAL_ROWS,
                   _("the prompts would send real rows to %s; the study sends them only to a server on this machine"),
                   fx_job_get_provider (job)->display_name);
      fx_job_free (job);
      finish (self, error);
      return;
    }
  step = &g_array_index (self->steps, FxStudyStep, self->current);
  if (step->run_id > 0)
    fx_job_set_store (job, self->store);
  else if ((step->run_id = fx_job_create_run (job, self->store, _("dimensionality study"), &error)) < 0)
    {
      step->run_id = 0;
      fx_job_free (job);
      finish (self, error);
      return;
    }
  else
    step->origin = FX_STUDY_RUN_MADE;
  generation = g_new0 (Generation, 1);
  generation->self = g_object_ref (self);
  generation->cancellable = g_object_ref (g_task_get_cancellable (self->task));
  generation->job = job;
  fx_job_get_options (job, &options);
  set_generating (self, TRUE);
  fx_run_execute_async (&options, generation->cancellable, self->params.progress, self->params.progress_data,
                        on_run_done, generation);
}

/* ---- the evaluations, in a thread ---------------------------------------------------- */

/* What a step's evaluation adds to its comparison, made in the thread. */
typedef struct
{
  FxUtility *utility;
  char      *utility_why;
  FxPrivacy *privacy;
  char      *privacy_why;
  double     share_breaking;
} Measures;

static void
measures_free (Measures *m)
{
  g_clear_pointer (&m->utility, fx_utility_free);
  g_free (m->utility_why);
  g_clear_pointer (&m->privacy, fx_privacy_free);
  g_free (m->privacy_why);
  g_free (m);
}

typedef struct
{
  GArray    *steps;          /* (element-type FxStudyStep) read only */
  char      *reference_path;
  char      *store_path;
  guint64    seed;           /* of the runs */
  GPtrArray *evaluations;    /* (element-type FxEvaluation) one per step */
  GPtrArray *measures;       /* (element-type Measures) one per step */
} Evaluations;

static void
evaluations_free (Evaluations *e)
{
  g_array_unref (e->steps);
  g_free (e->reference_path);
  g_free (e->store_path);
  g_ptr_array_unref (e->evaluations);
  g_ptr_array_unref (e->measures);
  g_free (e);
}

double
fx_study_share_breaking_rules (const FxSchema *schema,
                               const FxTable  *table)
{
  g_autoptr(FxRules) rules = NULL;
  g_autoptr(GPtrArray) examples = NULL;
  g_autofree guint64 *counts = NULL;
  g_autofree gboolean *breaks = NULL;
  gsize n = 0;

  if (schema->rules == NULL || schema->rules->len == 0 || table->n_rows == 0 ||
      (rules = fx_rules_new_for_schema (schema, NULL)) == NULL)
    return NAN;
  counts = g_new0 (guint64, MAX (fx_rules_get_n_rules (rules), 1));
  /* every violating row of every rule, so that the rows are counted once */
  if (!fx_rules_count_table (rules, table, counts, &examples, table->n_rows, NULL))
    return NAN;
  breaks = g_new0 (gboolean, table->n_rows);
  for (guint i = 0; i < examples->len; i++)
    {
      GArray *rows = g_ptr_array_index (examples, i);

      for (guint k = 0; k < rows->len; k++)
        breaks[g_array_index (rows, gsize, k)] = TRUE;
    }
  for (gsize r = 0; r < table->n_rows; r++)
    n += breaks[r];
  return (double) n / table->n_rows;
}

/* Utility and privacy as `evaluate` measures them for the run: the models trained on
 * the run's rows and on the real training rows, tested on the holdout the run kept;
 * the distances and the membership attack on the same split, with the run's seed.
 * Without a target neither applies, and the step says so. */
static Measures *
measure_step (FxEvaluation *evaluation,
              guint64       seed)
{
  const FxEvaluationSet *set = g_ptr_array_index (evaluation->sets, 0);
  Measures *m = g_new0 (Measures, 1);
  g_autoptr(GError) error = NULL;

  m->share_breaking = evaluation->schema != NULL ? fx_study_share_breaking_rules (evaluation->schema, set->table) : NAN;
  if (evaluation->schema == NULL || evaluation->schema->target == NULL)
    {
      m->utility_why = g_strdup (_("the schema names no target"));
      m->privacy_why = g_strdup (m->utility_why);
      return m;
    }
  m->utility = fx_evaluation_utility (evaluation, 0, NULL, &error);
  if (m->utility == NULL)
    {
      m->utility_why = g_strdup (error->message);
      g_clear_error (&error);
      /* the attack needs no model of the target: the same split, made afresh */
      m->privacy = fx_privacy_measure_with_holdout (evaluation->schema, evaluation->real, set->table,
                                                    FX_PRIVACY_HOLDOUT_FRACTION, seed, &error);
    }
  else
    {
      g_auto(GStrv) inputs = fx_privacy_schema_inputs (evaluation->schema);
      FxPrivacyOptions options = { seed, 0, 1 };

      m->privacy = fx_privacy_measure (evaluation->real, (const gsize *) (void *) m->utility->train_rows->data,
                                       m->utility->train_rows->len,
                                       (const gsize *) (void *) m->utility->holdout_rows->data,
                                       m->utility->holdout_rows->len, set->table,
                                       (const char * const *) inputs, &options, &error);
    }
  if (m->privacy == NULL)
    m->privacy_why = g_strdup (error->message);
  return m;
}

/* Each step's run against the real table read with the step's schema, through the
 * same evaluation as every comparison, then its utility, privacy and validity. */
static void
evaluate_thread (GTask        *task,
                 gpointer      object,
                 gpointer      data,
                 GCancellable *cancellable)
{
  Evaluations *e = data;
  GError *error = NULL;

  for (guint i = 0; i < e->steps->len; i++)
    {
      const FxStudyStep *step = &g_array_index (e->steps, FxStudyStep, i);
      g_autoptr(FxEvaluationRequest) request = fx_evaluation_request_new (e->reference_path);
      FxEvaluation *evaluation;

      fx_evaluation_request_set_schema (request, step->schema);
      fx_evaluation_request_set_store_path (request, e->store_path);
      fx_evaluation_request_add_run (request, step->run_id, NULL);
      /* the reference every study's charts draw: real data against real data */
      fx_evaluation_request_set_holdout (request, FX_EVALUATION_HOLDOUT_FIRST, 1);
      if ((evaluation = fx_evaluation_run (request, cancellable, NULL, NULL, &error)) == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (e->evaluations, evaluation);
      if (g_task_return_error_if_cancelled (task))
        return;
      g_ptr_array_add (e->measures, measure_step (evaluation, e->seed));
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_evaluated (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  FxStudy *self = FX_STUDY (source);
  Evaluations *e = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      finish (self, error);
      return;
    }
  for (guint i = 0; i < self->steps->len; i++)
    {
      FxStudyStep *step = &g_array_index (self->steps, FxStudyStep, i);
      FxEvaluation *evaluation = g_ptr_array_index (e->evaluations, i);
      Measures *m = g_ptr_array_index (e->measures, i);
      const FxEvaluationSet *set = g_ptr_array_index (evaluation->sets, 0);
      FxComparisonSummary s;

      fx_comparison_summarize (set->comparison, FX_COMPARE_ALPHA, &s);
      step->mean_ks = s.mean_ks;
      step->share_differing = s.tested > 0 ? (double) s.significant / s.tested : NAN;
      step->pearson = s.pearson_mean_abs_difference;
      g_clear_pointer (&step->evaluation, fx_evaluation_unref);
      step->evaluation = fx_evaluation_ref (evaluation);
      g_clear_pointer (&step->utility, fx_utility_free);
      g_clear_pointer (&step->privacy, fx_privacy_free);
      g_free (step->utility_why);
      g_free (step->privacy_why);
      step->utility = g_steal_pointer (&m->utility);
      step->utility_why = g_steal_pointer (&m->utility_why);
      step->privacy = g_steal_pointer (&m->privacy);
      step->privacy_why = g_steal_pointer (&m->privacy_why);
      step->share_breaking = m->share_breaking;
    }
  finish (self, NULL);
}

static void
evaluate_all (FxStudy *self)
{
  g_autoptr(GTask) task = g_task_new (self, g_task_get_cancellable (self->task), on_evaluated, NULL);
  Evaluations *e = g_new0 (Evaluations, 1);

  e->steps = g_array_ref (self->steps);
  e->reference_path = g_strdup (self->reference_path);
  e->store_path = g_strdup (fx_store_get_path (self->store));
  e->seed = self->params.seed;
  e->evaluations = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_evaluation_unref);
  e->measures = g_ptr_array_new_with_free_func ((GDestroyNotify) measures_free);
  set_state (self, FX_STUDY_EVALUATING);
  set_status (self, _("Comparing each generation with the real data…"), step_fraction (self));
  g_task_set_source_tag (task, evaluate_all);
  g_task_set_task_data (task, e, (GDestroyNotify) evaluations_free);
  /* a stopped study is not waited for: the thread only reads */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, evaluate_thread);
}

static void
next_step (FxStudy *self)
{
  g_autofree char *status = NULL;
  FxJobSpec spec = { 0 };
  FxStudyStep *step;

  /* complete runs of an earlier study are used as they are */
  while (self->current < self->steps->len &&
         g_array_index (self->steps, FxStudyStep, self->current).origin == FX_STUDY_RUN_REUSED)
    self->current++;
  if (self->current >= self->steps->len)
    {
      evaluate_all (self);
      return;
    }
  step = &g_array_index (self->steps, FxStudyStep, self->current);

  if (step->run_id > 0)
    status = g_strdup_printf (_("Carrying on run %lld with %u features (%u of %u)…"), (long long) step->run_id,
                              step->n_features, self->current + 1, self->steps->len);
  else
    status = g_strdup_printf (_("Generating with %u features (%u of %u)…"), step->n_features,
                              self->current + 1, self->steps->len);
  set_state (self, FX_STUDY_GENERATING);
  set_status (self, status, step_fraction (self));

  spec.provider = self->params.generator;
  spec.model = self->params.model;
  spec.base_url = self->params.base_url;
  spec.strategy = self->params.strategy;
  spec.allocation = FX_GROUPS_PROPORTIONAL;
  spec.n_rows = self->params.n_rows;
  spec.batch_rows = self->params.batch_rows;
  spec.concurrency = self->params.concurrency;
  spec.temperature = NAN;
  spec.seed = self->params.seed;
  spec.reference_path = self->reference_path;
  /* rows the generator never sees, for the utility and privacy measures */
  spec.holdout_fraction = -FX_JOB_DEFAULT_HOLDOUT_FRACTION;
  prepare_job (self, &spec, step->schema, step->run_id, on_job);
}

static void
on_planned (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  FxStudy *self = FX_STUDY (source);
  Plan *plan = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      finish (self, error);
      return;
    }
  g_clear_pointer (&self->steps, g_array_unref);
  self->steps = g_steal_pointer (&plan->steps);
  /* nothing else uses the store now: no run is in the engine's hands */
  g_clear_pointer (&self->store, fx_store_close);
  self->store = g_steal_pointer (&plan->store);
  self->current = 0;
  next_step (self);
}

/* ---- the object -------------------------------------------------------------------- */

FxSchema *
fx_study_cut_schema (const FxSchema *schema,
                     GPtrArray      *ranked,
                     guint           n,
                     gboolean        keep_groups)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  n = MIN (n, ranked->len);
  if (!keep_groups || schema->group_by == NULL)
    return fx_schema_subset (schema, ranked, n);
  /* the first n, then the group columns ranked after them */
  for (guint i = 0; i < ranked->len; i++)
    {
      FxRankedFeature *f = g_ptr_array_index (ranked, i);

      if (i < n || g_ptr_array_find_with_equal_func (schema->group_by, f->name, g_str_equal, NULL))
        g_ptr_array_add (kept, f);
    }
  return fx_schema_subset (schema, kept, kept->len);
}

void
fx_study_run_async (FxStudy             *self,
                    const FxStudySpec   *spec,
                    const FxSchema      *schema,
                    const char          *reference_path,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) plan_task = NULL;
  Plan *plan;

  g_return_if_fail (FX_IS_STUDY (self));
  g_return_if_fail (spec != NULL && spec->generator != NULL);
  g_return_if_fail (schema != NULL);

  /* an engine still winding down from a stop writes to its run until it ends */
  if (self->task != NULL || self->generating)
    {
      g_task_report_new_error (self, callback, user_data, fx_study_run_async, FX_STUDY_ERROR,
                               FX_STUDY_ERROR_BUSY, _("the study is already running"));
      return;
    }
  if (reference_path == NULL || spec->n_counts == 0 || spec->n_rows == 0)
    {
      g_task_report_new_error (self, callback, user_data, fx_study_run_async, FX_STUDY_ERROR,
                               FX_STUDY_ERROR_INVALID,
                               reference_path == NULL ? _("the study needs the real table of its schema")
                                                      : spec->n_rows == 0 ? _("the study needs rows to generate")
                                                                          : _("the study needs numbers of features"));
      return;
    }

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, fx_study_run_async);
  g_free (self->reference_path);
  self->reference_path = g_strdup (reference_path);
  params_copy (&self->params, spec);
  self->has_params = TRUE;
  self->current = 0;

  plan = g_new0 (Plan, 1);
  plan->schema = fx_schema_copy (schema);
  plan->reference_path = g_strdup (reference_path);
  plan->store_path = g_strdup (self->store != NULL ? fx_store_get_path (self->store) : self->store_path);
  plan->order = spec->order;
  plan->keep_groups = spec->keep_groups;
  plan->counts = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < spec->n_counts; i++)
    {
      guint k = MIN (spec->counts[i], schema->features->len - (schema->target != NULL ? 1 : 0));

      g_array_append_val (plan->counts, k);
    }
  g_array_sort (plan->counts, compare_guint);
  params_copy (&plan->params, spec);

  g_clear_pointer (&self->steps, g_array_unref);
  self->steps = steps_new ();
  set_state (self, FX_STUDY_PLANNING);
  set_status (self, _("Reading the real data and choosing the features…"), 0);

  plan_task = g_task_new (self, cancellable, on_planned, NULL);
  g_task_set_source_tag (plan_task, fx_study_run_async);
  g_task_set_task_data (plan_task, plan, (GDestroyNotify) plan_free);
  /* a stopped study is not waited for: the thread's store is its own */
  g_task_set_return_on_cancel (plan_task, TRUE);
  g_task_run_in_thread (plan_task, plan_thread);
}

gboolean
fx_study_run_finish (FxStudy       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

FxStudy *
fx_study_new (const char *store_path)
{
  FxStudy *self = g_object_new (FX_TYPE_STUDY, NULL);

  self->store_path = g_strdup (store_path);
  return self;
}

FxStudyState
fx_study_get_state (FxStudy *self)
{
  g_return_val_if_fail (FX_IS_STUDY (self), FX_STUDY_IDLE);

  return self->state;
}

gboolean
fx_study_get_generating (FxStudy *self)
{
  g_return_val_if_fail (FX_IS_STUDY (self), FALSE);

  return self->generating;
}

const char *
fx_study_get_status (FxStudy *self)
{
  g_return_val_if_fail (FX_IS_STUDY (self), NULL);

  return self->status;
}

double
fx_study_get_fraction (FxStudy *self)
{
  g_return_val_if_fail (FX_IS_STUDY (self), 0);

  return self->fraction;
}

GArray *
fx_study_get_steps (FxStudy *self)
{
  g_return_val_if_fail (FX_IS_STUDY (self), NULL);

  return self->steps;
}

char *
fx_study_describe (FxStudy *self)
{
  g_return_val_if_fail (FX_IS_STUDY (self), NULL);

  if (!self->has_params)
    return NULL;
  /* what the study ran with, not what a form shows now */
  if (self->params.model != NULL)
    return g_strdup_printf (_("%s, model %s, %s strategy, %u rows each"), self->params.generator,
                            self->params.model, fx_strategy_kind_to_string (self->params.strategy),
                            self->params.n_rows);
  return g_strdup_printf (_("the %s baseline, %u rows each"), self->params.generator, self->params.n_rows);
}

static void
fx_study_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  FxStudy *self = FX_STUDY (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_GENERATING:
      g_value_set_boolean (value, self->generating);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fx_study_finalize (GObject *object)
{
  FxStudy *self = FX_STUDY (object);

  /* a run holds the study until it ends, and so does a running study's task: nothing
   * writes to the store after this */
  g_clear_pointer (&self->store, fx_store_close);
  g_free (self->store_path);
  g_free (self->status);
  g_clear_pointer (&self->steps, g_array_unref);
  g_free (self->reference_path);
  params_clear (&self->params);

  G_OBJECT_CLASS (fx_study_parent_class)->finalize (object);
}

static void
fx_study_class_init (FxStudyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fx_study_get_property;
  object_class->finalize = fx_study_finalize;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, FX_TYPE_STUDY_STATE, FX_STUDY_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GENERATING] =
    g_param_spec_boolean ("generating", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fx_study_init (FxStudy *self)
{
  self->steps = steps_new ();
}
