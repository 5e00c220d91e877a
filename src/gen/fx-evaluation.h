/* fx-evaluation.h: synthetic sets held against the real data, in one place
 *
 * An evaluation reads the real table and each synthetic set (a CSV file, or a run in
 * the store with the schema and provenance it was made with) and compares each set
 * with the real table, with the holdout baseline (one half of the real rows against
 * the other) when asked.  The Compare pane, the dimensionality study and the command
 * line's compare, plot and report all evaluate through here, so the rules (which types
 * a table is read with, which schema applies, what happens when the real table is too
 * small to halve) are decided once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fx-compare.h"
#include "fx-privacy.h"
#include "fx-schema.h"
#include "fx-store.h"
#include "fx-table.h"
#include "fx-utility.h"

G_BEGIN_DECLS

#define FX_EVALUATION_ERROR (fx_evaluation_error_quark ())

typedef enum
{
  FX_EVALUATION_ERROR_EMPTY,      /* a table has a header but no rows */
  FX_EVALUATION_ERROR_NO_SETS,    /* nothing to compare */
} FxEvaluationError;

GQuark fx_evaluation_error_quark (void);

typedef enum
{
  FX_EVALUATION_SOURCE_CSV,
  FX_EVALUATION_SOURCE_RUN,
} FxEvaluationSourceKind;

/* Which sets get the holdout baseline.  It depends only on the real table and the
 * seed, so the first set's is everyone's; EACH repeats it in every set's comparison. */
typedef enum
{
  FX_EVALUATION_HOLDOUT_NONE,
  FX_EVALUATION_HOLDOUT_FIRST,
  FX_EVALUATION_HOLDOUT_EACH,
} FxEvaluationHoldout;

typedef enum
{
  /* the real table is too small to halve: the sets are compared without a baseline */
  FX_EVALUATION_WARNING_HOLDOUT,
  /* cells of a CSV table that could not be read as their column's type */
  FX_EVALUATION_WARNING_INVALID_VALUES,
  /* what reading a CSV table noticed (numbers that turned a column categorical...) */
  FX_EVALUATION_WARNING_READING,
} FxEvaluationWarningKind;

typedef struct
{
  FxEvaluationWarningKind  kind;
  char                    *message;   /* one line, for a terminal or a toast */
} FxEvaluationWarning;

/* ---- what to evaluate ------------------------------------------------------------ */

typedef struct _FxEvaluationRequest FxEvaluationRequest;

FxEvaluationRequest *fx_evaluation_request_new         (const char          *real_path);
FxEvaluationRequest *fx_evaluation_request_copy        (const FxEvaluationRequest *request);
void                 fx_evaluation_request_free        (FxEvaluationRequest *request);
/* The types, kinds and bounds of the features (copied).  Without one, the first run's
 * schema applies, and without a run the real table's own types. */
void                 fx_evaluation_request_set_schema  (FxEvaluationRequest *request,
                                                        const FxSchema      *schema);
/* The store the runs are read from; NULL (the default) for the default store. */
void                 fx_evaluation_request_set_store_path (FxEvaluationRequest *request,
                                                           const char          *store_path);
/* Default: FX_EVALUATION_HOLDOUT_NONE, seed 1. */
void                 fx_evaluation_request_set_holdout (FxEvaluationRequest *request,
                                                        FxEvaluationHoldout  holdout,
                                                        guint64              seed);
/* Whether the comparisons keep correlation matrices over many features whole in their
 * JSON (default FALSE). */
void                 fx_evaluation_request_set_full_matrices (FxEvaluationRequest *request,
                                                              gboolean             full_matrices);
/* The significance level the callers count differing features at (default
 * FX_COMPARE_ALPHA); kept with the results. */
void                 fx_evaluation_request_set_alpha   (FxEvaluationRequest *request,
                                                        double               alpha);
/* Also measure each set's privacy (off by default), when the schema names a target:
 * a run that kept a holdout from its generator against that holdout, as
 * `evaluate --run` does (fx_privacy_measure_for_run ()); any other set on the holdout
 * split `evaluate` makes (fx_privacy_measure_with_holdout (), 20 %, the request's
 * seed). */
void                 fx_evaluation_request_set_privacy (FxEvaluationRequest *request,
                                                        gboolean             privacy);
/* A synthetic set; @label (nullable) names it, by default after the file or the run. */
void                 fx_evaluation_request_add_csv     (FxEvaluationRequest *request,
                                                        const char          *path,
                                                        const char          *label);
void                 fx_evaluation_request_add_run     (FxEvaluationRequest *request,
                                                        gint64               run_id,
                                                        const char          *label);
guint                fx_evaluation_request_get_n_sets  (const FxEvaluationRequest *request);

/* ---- what it found ---------------------------------------------------------------- */

typedef struct
{
  FxEvaluationSourceKind  kind;
  char                   *label;
  char                   *path;        /* nullable: a CSV's */
  gint64                  run_id;      /* 0 for a CSV */
  FxRunRecord            *run;         /* nullable: a run's provenance */
  FxSchema               *run_schema;  /* nullable: the schema the run was made with */
  FxTable                *table;
  FxComparison           *comparison;  /* with its holdout baseline when it has one */
  /* privacy, when asked for (validity is the comparison's, with a schema) */
  FxPrivacy              *privacy;     /* nullable */
  char                   *privacy_why; /* nullable: why there is no privacy */
} FxEvaluationSet;

typedef struct
{
  char       *real_path;
  FxSchema   *schema;      /* nullable: the schema the tables were compared under */
  FxTable    *real;
  GPtrArray  *sets;        /* (element-type FxEvaluationSet) in the request's order */
  GPtrArray  *warnings;    /* (element-type FxEvaluationWarning) for the caller to show */
  double      alpha;
  guint64     seed;        /* of the holdout split */
  gboolean    holdout;     /* a baseline was asked for and computed */
} FxEvaluation;

FxEvaluation *fx_evaluation_ref           (FxEvaluation *evaluation);
void          fx_evaluation_unref         (FxEvaluation *evaluation);
/* (nullable) the holdout baseline, from whichever set carries it */
const FxComparison *
              fx_evaluation_get_holdout   (const FxEvaluation *evaluation);
/* (nullable) the first warning of @kind */
const FxEvaluationWarning *
              fx_evaluation_find_warning  (const FxEvaluation      *evaluation,
                                           FxEvaluationWarningKind  kind);

/* ---- running it -------------------------------------------------------------------- */

/* How far an evaluation has come: @fraction in [0, 1] and the phase, such as
 * "Reading the real data…" or "Comparing run 3 (2 of 3)…". */
typedef void (*FxEvaluationProgressFunc) (double      fraction,
                                          const char *phase,
                                          gpointer    user_data);

/* Blocking: call it from a thread in an interface.  @progress is called on the calling
 * thread.  Fails on the first set that cannot be read or compared, or when
 * @cancellable is cancelled between two steps. */
FxEvaluation *fx_evaluation_run          (const FxEvaluationRequest *request,
                                          GCancellable              *cancellable,
                                          FxEvaluationProgressFunc   progress,
                                          gpointer                   progress_data,
                                          GError                   **error);

/* The same in a thread.  @progress is called in the thread-default main context of the
 * caller, never after @callback; @progress_notify frees @progress_data after the last
 * call; @source_object (nullable) is handed back to @callback.  A cancelled evaluation
 * returns G_IO_ERROR_CANCELLED at once; its thread ends on its own. */
void          fx_evaluation_run_async    (gpointer                   source_object,
                                          const FxEvaluationRequest *request,
                                          GCancellable              *cancellable,
                                          FxEvaluationProgressFunc   progress,
                                          gpointer                   progress_data,
                                          GDestroyNotify             progress_notify,
                                          GAsyncReadyCallback        callback,
                                          gpointer                   user_data);
FxEvaluation *fx_evaluation_run_finish   (GAsyncResult              *result,
                                          GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxEvaluationRequest, fx_evaluation_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxEvaluation, fx_evaluation_unref)

/* ---- utility (fx-evaluation-utility.c) ---------------------------------------------- */

/* Models trained on set @index's rows and on the real rows, tested on real rows: on the
 * holdout the set's run kept from its generator, else on a split made the same way
 * with the evaluation's seed (the result says the generator may have seen it; *@note,
 * nullable, says why a run's holdout could not be used).  Asked for rather than
 * computed with the comparison: training takes seconds.  Errors in FX_EVAL_ERROR: no
 * binary target, too few rows of a class. */
FxUtility    *fx_evaluation_utility       (const FxEvaluation *evaluation,
                                           guint               index,
                                           char              **note,
                                           GError            **error);

G_END_DECLS
