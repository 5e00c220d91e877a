/* fx-evaluation.c: synthetic sets held against the real data, in one place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-csv.h"
#include "fx-evaluation.h"
#include "fx-privacy-holdout.h"
#include "fx-store-tables.h"

G_DEFINE_QUARK (fx-evaluation-error-quark, fx_evaluation_error)

typedef struct
{
  FxEvaluationSourceKind  kind;
  char                   *path;
  gint64                  run_id;
  char                   *label;
} Source;

struct _FxEvaluationRequest
{
  char                *real_path;
  char                *store_path;
  FxSchema            *schema;
  FxEvaluationHoldout  holdout;
  guint64              seed;
  gboolean             full_matrices;
  double               alpha;
  GPtrArray           *sources;   /* (element-type Source) */
  gboolean             privacy;
};

/* ---- privacy ------------------------------------------------------------------------ */

void
fx_evaluation_request_set_privacy (FxEvaluationRequest *request,
                                   gboolean             privacy)
{
  request->privacy = privacy;
}

/* The set's privacy on evaluate's split; without a target there is no holdout, and
 * @set says why. */
static void
measure_privacy (FxEvaluation    *evaluation,
                 FxEvaluationSet *set)
{
  g_autoptr(GError) error = NULL;

  if (evaluation->schema == NULL || evaluation->schema->target == NULL)
    {
      set->privacy_why = g_strdup (_("Privacy is measured against real rows the generator never saw: "
                                     "name a target in the schema to have them held out."));
      return;
    }
  set->privacy = fx_privacy_measure_with_holdout (evaluation->schema, evaluation->real, set->table,
                                                  FX_PRIVACY_HOLDOUT_FRACTION, evaluation->seed, &error);
  if (set->privacy == NULL)
    set->privacy_why = g_strdup (error->message);
}

static void
source_free (Source *source)
{
  g_free (source->path);
  g_free (source->label);
  g_free (source);
}

FxEvaluationRequest *
fx_evaluation_request_new (const char *real_path)
{
  FxEvaluationRequest *request = g_new0 (FxEvaluationRequest, 1);

  g_return_val_if_fail (real_path != NULL, NULL);

  request->real_path = g_strdup (real_path);
  request->seed = 1;
  request->alpha = FX_COMPARE_ALPHA;
  request->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
  return request;
}

FxEvaluationRequest *
fx_evaluation_request_copy (const FxEvaluationRequest *request)
{
  FxEvaluationRequest *copy = fx_evaluation_request_new (request->real_path);

  copy->store_path = g_strdup (request->store_path);
  copy->schema = request->schema != NULL ? fx_schema_copy (request->schema) : NULL;
  copy->holdout = request->holdout;
  copy->seed = request->seed;
  copy->full_matrices = request->full_matrices;
  copy->alpha = request->alpha;
  for (guint i = 0; i < request->sources->len; i++)
    {
      const Source *from = g_ptr_array_index (request->sources, i);
      Source *source = g_new0 (Source, 1);

      *source = *from;
      source->path = g_strdup (from->path);
      source->label = g_strdup (from->label);
      g_ptr_array_add (copy->sources, source);
    }
  return copy;
}

void
fx_evaluation_request_free (FxEvaluationRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->real_path);
  g_free (request->store_path);
  g_clear_pointer (&request->schema, fx_schema_free);
  g_ptr_array_unref (request->sources);
  g_free (request);
}

void
fx_evaluation_request_set_schema (FxEvaluationRequest *request,
                                  const FxSchema      *schema)
{
  g_clear_pointer (&request->schema, fx_schema_free);
  request->schema = schema != NULL ? fx_schema_copy (schema) : NULL;
}

void
fx_evaluation_request_set_store_path (FxEvaluationRequest *request,
                                      const char          *store_path)
{
  g_free (request->store_path);
  request->store_path = g_strdup (store_path);
}

void
fx_evaluation_request_set_holdout (FxEvaluationRequest *request,
                                   FxEvaluationHoldout  holdout,
                                   guint64              seed)
{
  request->holdout = holdout;
  request->seed = seed;
}

void
fx_evaluation_request_set_full_matrices (FxEvaluationRequest *request,
                                         gboolean             full_matrices)
{
  request->full_matrices = full_matrices;
}

void
fx_evaluation_request_set_alpha (FxEvaluationRequest *request,
                                 double               alpha)
{
  g_return_if_fail (alpha > 0 && alpha < 1);

  request->alpha = alpha;
}

static void
add_source (FxEvaluationRequest    *request,
            FxEvaluationSourceKind  kind,
            const char             *path,
            gint64                  run_id,
            const char             *label)
{
  Source *source = g_new0 (Source, 1);

  source->kind = kind;
  source->path = g_strdup (path);
  source->run_id = run_id;
  source->label = g_strdup (label);
  g_ptr_array_add (request->sources, source);
}

void
fx_evaluation_request_add_csv (FxEvaluationRequest *request,
                               const char          *path,
                               const char          *label)
{
  g_return_if_fail (path != NULL);

  add_source (request, FX_EVALUATION_SOURCE_CSV, path, 0, label);
}

void
fx_evaluation_request_add_run (FxEvaluationRequest *request,
                               gint64               run_id,
                               const char          *label)
{
  g_return_if_fail (run_id > 0);

  add_source (request, FX_EVALUATION_SOURCE_RUN, NULL, run_id, label);
}

guint
fx_evaluation_request_get_n_sets (const FxEvaluationRequest *request)
{
  return request->sources->len;
}

/* ---- the results ------------------------------------------------------------------ */

static void
set_free (FxEvaluationSet *set)
{
  g_free (set->label);
  g_free (set->path);
  g_clear_pointer (&set->run, fx_run_record_free);
  g_clear_pointer (&set->run_schema, fx_schema_free);
  g_clear_pointer (&set->table, fx_table_free);
  g_clear_pointer (&set->comparison, fx_comparison_free);
  g_clear_pointer (&set->privacy, fx_privacy_free);
  g_free (set->privacy_why);
  g_free (set);
}

static void
warning_free (FxEvaluationWarning *warning)
{
  g_free (warning->message);
  g_free (warning);
}

static void
evaluation_clear (FxEvaluation *evaluation)
{
  g_free (evaluation->real_path);
  g_clear_pointer (&evaluation->schema, fx_schema_free);
  g_clear_pointer (&evaluation->real, fx_table_free);
  g_clear_pointer (&evaluation->sets, g_ptr_array_unref);
  g_clear_pointer (&evaluation->warnings, g_ptr_array_unref);
}

FxEvaluation *
fx_evaluation_ref (FxEvaluation *evaluation)
{
  return g_atomic_rc_box_acquire (evaluation);
}

void
fx_evaluation_unref (FxEvaluation *evaluation)
{
  g_atomic_rc_box_release_full (evaluation, (GDestroyNotify) evaluation_clear);
}

const FxComparison *
fx_evaluation_get_holdout (const FxEvaluation *evaluation)
{
  for (guint i = 0; i < evaluation->sets->len; i++)
    {
      const FxEvaluationSet *set = g_ptr_array_index (evaluation->sets, i);

      if (set->comparison->holdout != NULL)
        return set->comparison->holdout;
    }
  return NULL;
}

const FxEvaluationWarning *
fx_evaluation_find_warning (const FxEvaluation      *evaluation,
                            FxEvaluationWarningKind  kind)
{
  for (guint i = 0; i < evaluation->warnings->len; i++)
    {
      const FxEvaluationWarning *warning = g_ptr_array_index (evaluation->warnings, i);

      if (warning->kind == kind)
        return warning;
    }
  return NULL;
}

static void
warn (FxEvaluation            *evaluation,
      FxEvaluationWarningKind  kind,
      char                    *message)
{
  FxEvaluationWarning *warning = g_new0 (FxEvaluationWarning, 1);

  warning->kind = kind;
  warning->message = message;
  g_ptr_array_add (evaluation->warnings, warning);
}

/* ---- the work ---------------------------------------------------------------------- */

/* A CSV table as the comparison needs it: with rows, its unreadable cells said. */
static FxTable *
read_csv (FxEvaluation  *evaluation,
          const char    *path,
          GHashTable    *types,
          GError       **error)
{
  FxCsvOptions options = { 0, types };
  g_autoptr(FxTable) table = fx_csv_read_file (path, &options, error);

  if (table == NULL)
    return NULL;
  if (table->n_rows == 0)
    {
      g_set_error (error, FX_EVALUATION_ERROR, FX_EVALUATION_ERROR_EMPTY,
                   _("%s: the table has a header but no rows"), path);
      return NULL;
    }
  for (guint i = 0; i < table->warnings->len; i++)
    warn (evaluation, FX_EVALUATION_WARNING_READING, g_strdup (g_ptr_array_index (table->warnings, i)));
  for (guint i = 0; i < table->columns->len; i++)
    {
      const FxColumn *c = g_ptr_array_index (table->columns, i);

      if (c->n_invalid > 0)
        warn (evaluation, FX_EVALUATION_WARNING_INVALID_VALUES,
              g_strdup_printf (_("%s: %lu values of “%s” are not of type %s; they are counted as missing"),
                               path, (gulong) c->n_invalid, c->name, fx_column_type_to_string (c->type)));
    }
  return g_steal_pointer (&table);
}

static gboolean
load_run (FxEvaluationSet  *set,
          FxStore         **store,
          const char       *store_path,
          GError          **error)
{
  if (*store == NULL && (*store = fx_store_open (store_path, error)) == NULL)
    return FALSE;
  set->table = fx_store_load_run_table (*store, set->run_id, &set->run, &set->run_schema, error);
  if (set->table == NULL)
    return FALSE;
  if (set->table->n_rows == 0)
    {
      g_set_error (error, FX_EVALUATION_ERROR, FX_EVALUATION_ERROR_EMPTY,
                   _("run %lld has no rows yet"), (long long) set->run_id);
      return FALSE;
    }
  if (set->label == NULL)
    set->label = g_strdup_printf (_("Run %lld (%s)"), (long long) set->run_id,
                                  set->run->model != NULL ? set->run->model : set->run->provider);
  return TRUE;
}

/* The one rule for the holdout baseline: it is extra, so a real table too small to
 * halve gives the comparison without it and a warning, never a failure. */
static FxComparison *
compare (FxEvaluation     *evaluation,
         FxEvaluationSet  *set,
         gboolean          holdout,
         gboolean          full_matrices,
         GError          **error)
{
  g_autoptr(GError) holdout_error = NULL;
  FxCompareOptions options = { evaluation->schema, holdout, evaluation->seed, full_matrices };
  FxComparison *comparison;

  if (!holdout)
    return fx_compare_tables (evaluation->real, set->table, &options, error);
  comparison = fx_compare_tables (evaluation->real, set->table, &options, &holdout_error);
  if (comparison != NULL)
    {
      evaluation->holdout = TRUE;
      return comparison;
    }
  options.holdout = FALSE;
  comparison = fx_compare_tables (evaluation->real, set->table, &options, error);
  if (comparison != NULL)
    warn (evaluation, FX_EVALUATION_WARNING_HOLDOUT,
          g_strdup_printf (_("no holdout baseline: %s"), holdout_error->message));
  return comparison;
}

static void
say (FxEvaluationProgressFunc  progress,
     gpointer                  data,
     guint                     done,
     guint                     total,
     const char               *phase)
{
  if (progress != NULL)
    progress ((double) done / MAX (total, 1), phase, data);
}

FxEvaluation *
fx_evaluation_run (const FxEvaluationRequest  *request,
                   GCancellable               *cancellable,
                   FxEvaluationProgressFunc    progress,
                   gpointer                    progress_data,
                   GError                    **error)
{
  g_autoptr(FxEvaluation) evaluation = g_atomic_rc_box_new0 (FxEvaluation);
  g_autoptr(FxStore) store = NULL;
  g_autoptr(GHashTable) real_types = NULL;
  g_autoptr(GHashTable) types = NULL;
  guint n = request->sources->len;
  gboolean holdout_failed = FALSE;

  g_return_val_if_fail (request != NULL, NULL);

  evaluation->real_path = g_strdup (request->real_path);
  evaluation->sets = g_ptr_array_new_with_free_func ((GDestroyNotify) set_free);
  evaluation->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) warning_free);
  evaluation->alpha = request->alpha;
  evaluation->seed = request->seed;

  if (n == 0)
    {
      g_set_error_literal (error, FX_EVALUATION_ERROR, FX_EVALUATION_ERROR_NO_SETS,
                           _("there is no synthetic set to compare"));
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* The runs first: without a schema given, the first run's says what each column is,
   * and the real table is read with it. */
  for (guint i = 0; i < n; i++)
    {
      const Source *source = g_ptr_array_index (request->sources, i);
      FxEvaluationSet *set = g_new0 (FxEvaluationSet, 1);

      set->kind = source->kind;
      set->label = g_strdup (source->label);
      set->path = g_strdup (source->path);
      set->run_id = source->run_id;
      g_ptr_array_add (evaluation->sets, set);
    }
  evaluation->schema = request->schema != NULL ? fx_schema_copy (request->schema) : NULL;
  for (guint i = 0; evaluation->schema == NULL && i < n; i++)
    {
      FxEvaluationSet *set = g_ptr_array_index (evaluation->sets, i);

      if (set->kind == FX_EVALUATION_SOURCE_RUN)
        {
          if (!load_run (set, &store, request->store_path, error))
            return NULL;
          evaluation->schema = fx_schema_copy (set->run_schema);
        }
    }

  say (progress, progress_data, 0, n + 1, _("Reading the real data…"));
  real_types = evaluation->schema != NULL ? fx_schema_column_types (evaluation->schema) : NULL;
  evaluation->real = read_csv (evaluation, request->real_path, real_types, error);
  if (evaluation->real == NULL)
    return NULL;
  types = fx_compare_reading_types (evaluation->real, evaluation->schema);

  for (guint i = 0; i < n; i++)
    {
      FxEvaluationSet *set = g_ptr_array_index (evaluation->sets, i);
      gboolean holdout = !holdout_failed &&
                         (request->holdout == FX_EVALUATION_HOLDOUT_EACH ||
                          (request->holdout == FX_EVALUATION_HOLDOUT_FIRST && i == 0));
      g_autofree char *phase = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (set->kind == FX_EVALUATION_SOURCE_CSV && set->label == NULL)
        set->label = g_path_get_basename (set->path);
      if (set->label != NULL)
        phase = g_strdup_printf (_("Comparing %s (%u of %u)…"), set->label, i + 1, n);
      else
        phase = g_strdup_printf (_("Comparing run %lld (%u of %u)…"), (long long) set->run_id, i + 1, n);
      say (progress, progress_data, i + 1, n + 1, phase);

      if (set->table == NULL)
        {
          if (set->kind == FX_EVALUATION_SOURCE_CSV)
            set->table = read_csv (evaluation, set->path, types, error);
          else
            load_run (set, &store, request->store_path, error);
          if (set->table == NULL)
            return NULL;
        }
      if ((set->comparison = compare (evaluation, set, holdout, request->full_matrices, error)) == NULL)
        return NULL;
      /* the baseline depends on the real table only: what failed once fails again */
      holdout_failed = holdout_failed || (holdout && set->comparison->holdout == NULL);
      if (request->privacy)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
          measure_privacy (evaluation, set);
        }
    }
  say (progress, progress_data, n + 1, n + 1, _("Done"));
  return g_steal_pointer (&evaluation);
}

/* ---- in a thread ------------------------------------------------------------------- */

/* What the thread and the caller's main context share: progress goes through here, and
 * stops once the result has been handed over. */
typedef struct
{
  FxEvaluationProgressFunc  progress;
  gpointer                  progress_data;
  GDestroyNotify            progress_notify;
  GMainContext             *context;
  gboolean                  finished;   /* read and written in the caller's context only */
} Relay;

static void
relay_free (Relay *relay)
{
  if (relay->progress_notify != NULL)
    relay->progress_notify (relay->progress_data);
  g_main_context_unref (relay->context);
}

typedef struct
{
  Relay  *relay;
  double  fraction;
  char   *phase;
} Report;

static void
report_free (Report *report)
{
  g_atomic_rc_box_release_full (report->relay, (GDestroyNotify) relay_free);
  g_free (report->phase);
  g_free (report);
}

static gboolean
deliver (gpointer data)
{
  Report *report = data;

  if (!report->relay->finished && report->relay->progress != NULL)
    report->relay->progress (report->fraction, report->phase, report->relay->progress_data);
  return G_SOURCE_REMOVE;
}

/* From the thread: the progress, queued for the caller's context. */
static void
relay_progress (double      fraction,
                const char *phase,
                gpointer    data)
{
  Relay *relay = data;
  Report *report = g_new0 (Report, 1);
  g_autoptr(GSource) source = NULL;

  report->relay = g_atomic_rc_box_acquire (relay);
  report->fraction = fraction;
  report->phase = g_strdup (phase);
  /* Always through a source: g_main_context_invoke() would call deliver() right here,
   * in this thread, whenever the caller's context happens not to be owned. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver, report, (GDestroyNotify) report_free);
  g_source_set_static_name (source, "[facsimile] evaluation progress");
  g_source_attach (source, relay->context);
}

typedef struct
{
  FxEvaluationRequest *request;
  Relay               *relay;
  GAsyncReadyCallback  callback;
  gpointer             user_data;
} Job;

static void
job_free (Job *job)
{
  fx_evaluation_request_free (job->request);
  g_atomic_rc_box_release_full (job->relay, (GDestroyNotify) relay_free);
  g_free (job);
}

static void
run_thread (GTask        *task,
            gpointer      object,
            gpointer      data,
            GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  FxEvaluation *evaluation = fx_evaluation_run (job->request, cancellable, relay_progress, job->relay, &error);

  if (evaluation == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, evaluation, (GDestroyNotify) fx_evaluation_unref);
}

/* Between the task and the caller's callback: no progress is shown after the result. */
static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Job *job = g_task_get_task_data (G_TASK (result));

  job->relay->finished = TRUE;
  if (job->callback != NULL)
    job->callback (source, result, job->user_data);
}

void
fx_evaluation_run_async (gpointer                   source_object,
                         const FxEvaluationRequest *request,
                         GCancellable              *cancellable,
                         FxEvaluationProgressFunc   progress,
                         gpointer                   progress_data,
                         GDestroyNotify             progress_notify,
                         GAsyncReadyCallback        callback,
                         gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (request != NULL);

  job = g_new0 (Job, 1);
  job->request = fx_evaluation_request_copy (request);
  job->relay = g_atomic_rc_box_new0 (Relay);
  job->relay->progress = progress;
  job->relay->progress_data = progress_data;
  job->relay->progress_notify = progress_notify;
  job->relay->context = g_main_context_ref_thread_default ();
  job->callback = callback;
  job->user_data = user_data;

  task = g_task_new (source_object, cancellable, on_done, NULL);
  g_task_set_source_tag (task, fx_evaluation_run_async);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  /* a cancelled evaluation is not waited for: its thread finishes on its own */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, run_thread);
}

FxEvaluation *
fx_evaluation_run_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fx_evaluation_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
