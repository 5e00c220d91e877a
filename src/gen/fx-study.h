/* fx-study.h: fidelity against the number of features generated
 *
 * The study behind Facsimile found that language models do well on about ten features
 * and fall apart as the number grows.  A study repeats that on the user's own data: for
 * each chosen number of features it cuts the schema down (the schema's order, or
 * strongest association with the target first), generates that many rows through the
 * run engine (each generation an ordinary run in the store, resumable), evaluates each
 * against the real table and keeps the distances per number of features.  A study asked
 * for again reuses the runs it already has: a finished one as it is, an unfinished one
 * carried on.  No real row leaves the machine: a job whose prompts would carry real rows
 * anywhere but to a server on this machine is refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fx-evaluation.h"
#include "fx-rank.h"
#include "fx-run.h"
#include "fx-schema.h"
#include "fx-strategy.h"

G_BEGIN_DECLS

#define FX_STUDY_ERROR (fx_study_error_quark ())

typedef enum
{
  FX_STUDY_ERROR_BUSY,        /* the study is already running */
  FX_STUDY_ERROR_INVALID,     /* no numbers of features, no real table */
  FX_STUDY_ERROR_REAL_ROWS,   /* the prompts would send real rows away */
} FxStudyError;

GQuark fx_study_error_quark (void);

typedef enum
{
  FX_STUDY_IDLE,        /* not run yet */
  FX_STUDY_PLANNING,    /* reading the real table, choosing features, finding earlier runs */
  FX_STUDY_GENERATING,
  FX_STUDY_EVALUATING,
  FX_STUDY_DONE,
  FX_STUDY_STOPPED,     /* cancelled: asked again, it carries on where it stopped */
  FX_STUDY_FAILED,
} FxStudyState;

GType fx_study_state_get_type (void) G_GNUC_CONST;
#define FX_TYPE_STUDY_STATE (fx_study_state_get_type ())

/* Where a step's run came from. */
typedef enum
{
  FX_STUDY_RUN_NONE,       /* not generated yet */
  FX_STUDY_RUN_MADE,       /* a new run */
  FX_STUDY_RUN_CONTINUED,  /* an earlier run of the same step, carried on */
  FX_STUDY_RUN_REUSED,     /* an earlier run of the same step, complete: used as it is */
} FxStudyRunOrigin;

typedef struct
{
  guint             n_features;
  FxSchema         *schema;           /* the cut-down schema generated */
  gint64            run_id;           /* 0 until it has a run */
  FxStudyRunOrigin  origin;
  FxEvaluation     *evaluation;       /* nullable: until evaluated */
  double            mean_ks;          /* NaN until evaluated */
  double            share_differing;  /* features differing at FX_COMPARE_ALPHA, of those tested */
  double            pearson;          /* mean |Δr| */
  /* what `evaluate` gives for the run, on the holdout it kept from its generator
   * (without one, a split made the same way with the run's seed) */
  FxUtility        *utility;          /* nullable: no target, or too few rows of a class */
  char             *utility_why;      /* nullable: why there is no utility, "the schema names no target" */
  FxPrivacy        *privacy;          /* nullable: on the utility's split */
  char             *privacy_why;      /* nullable: why there is no privacy */
  double            share_breaking;   /* of the rows, breaking at least one of the schema's
                                       * rules; NaN without rules */
} FxStudyStep;

/* How every generation of a study is made. */
typedef struct
{
  const char      *generator;     /* a baseline ("copula", "independent") or a provider */
  const char      *model;         /* (nullable) for a baseline */
  const char      *base_url;      /* (nullable) the provider's own */
  FxStrategyKind   strategy;
  guint            n_rows;
  guint            batch_rows;
  guint            concurrency;
  FxRankOrder      order;
  const guint     *counts;        /* numbers of features, any order; capped at the schema's */
  guint            n_counts;
  guint64          seed;          /* of every generation (0: 1); a repeat of a plan is a seed */
  gboolean         keep_groups;   /* every cut keeps the schema's group columns too */
  gboolean         use_environment; /* keys from the environment before the keyring (the
                                     * command line's way) */
  /* (nullable) called on each answer of a generation, with the progress of its run;
   * a budget kept outside stops the study by cancelling it */
  FxRunProgressFunc progress;
  gpointer         progress_data;
} FxStudySpec;

#define FX_TYPE_STUDY (fx_study_get_type ())

G_DECLARE_FINAL_TYPE (FxStudy, fx_study, FX, STUDY, GObject)

/* @schema cut down to the first @n of @ranked (and its target); with @keep_groups,
 * its group columns too, whatever their rank (the group strategy conditions on them). */
FxSchema     *fx_study_cut_schema      (const FxSchema      *schema,
                                        GPtrArray           *ranked,
                                        guint                n,
                                        gboolean             keep_groups);

/* The share of @table's rows that break at least one of @schema's rules (a row
 * breaking two counts once); NaN when the schema has none or they do not compile. */
double        fx_study_share_breaking_rules (const FxSchema *schema,
                                             const FxTable  *table);

/* A study whose runs go to the store at @store_path (NULL: the default store). */
FxStudy      *fx_study_new             (const char          *store_path);

/* Runs the study of @schema against the real table at @reference_path (both copied).
 * Only one at a time: while one runs, another fails with FX_STUDY_ERROR_BUSY.  A
 * cancelled study returns G_IO_ERROR_CANCELLED once nothing writes to its runs any
 * more (at once unless a run is being generated). */
void          fx_study_run_async       (FxStudy             *self,
                                        const FxStudySpec   *spec,
                                        const FxSchema      *schema,
                                        const char          *reference_path,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean      fx_study_run_finish      (FxStudy             *self,
                                        GAsyncResult        *result,
                                        GError             **error);

FxStudyState  fx_study_get_state       (FxStudy             *self);
/* Whether the run engine has one of the study's runs in hand. */
gboolean      fx_study_get_generating  (FxStudy             *self);
/* What it is doing now, such as "Generating with 5 features (1 of 3)…"; NULL when idle. */
const char   *fx_study_get_status      (FxStudy             *self);
/* How far it has come, in [0, 1]. */
double        fx_study_get_fraction    (FxStudy             *self);
/* (element-type FxStudyStep) the steps of the last study run, fewest features first;
 * their results are complete in FX_STUDY_DONE. */
GArray       *fx_study_get_steps       (FxStudy             *self);
/* What the last study ran with, such as "the copula baseline, 1000 rows each"; NULL
 * before one ran. */
char         *fx_study_describe        (FxStudy             *self);

G_END_DECLS
