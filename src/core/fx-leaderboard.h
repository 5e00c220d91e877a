/* fx-leaderboard.h: a study's cells, side by side
 *
 * One row per generator, strategy, number of features and number of rows, each
 * measure the mean over the repeats with its standard deviation: fidelity (mean KS,
 * mean KL, mean |Δr|, share of features differing), utility (TSTR AUROC with its
 * interval, TSTR/TRTR), privacy (membership-attack AUROC, share of rows closer to
 * training than to the holdout), validity (share of rows breaking the schema's rules,
 * share rejected), tokens, cost and latency per 1,000 rows.  Exported as CSV and JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The measures, in the order of the columns. */
typedef enum
{
  FX_MEASURE_MEAN_KS,
  FX_MEASURE_MEAN_KL,
  FX_MEASURE_PEARSON,
  FX_MEASURE_DIFFERING,
  FX_MEASURE_TSTR_AUROC,      /* trained on synthetic rows, tested on real ones */
  FX_MEASURE_TSTR_OVER_TRTR,
  FX_MEASURE_ATTACK_AUROC,    /* membership inference */
  FX_MEASURE_CLOSER,          /* share of rows closer to training than to the holdout */
  FX_MEASURE_BREAKING,        /* share of rows breaking a rule */
  FX_MEASURE_REJECTED,
  FX_MEASURE_TOKENS,
  FX_MEASURE_COST,
  FX_MEASURE_LATENCY,
  FX_N_MEASURES,
} FxMeasure;

/* "mean_ks" */
const char *fx_measure_to_string (FxMeasure measure);
/* "Mean KS" */
const char *fx_measure_title     (FxMeasure measure);
/* Whether a higher value is better (utility); lower is better for the others, and
 * for privacy 0.5 is what real rows the generator never saw score. */
gboolean    fx_measure_higher_is_better (FxMeasure measure);

typedef struct
{
  char    *generator;
  char    *model;         /* nullable: a baseline */
  char    *strategy;      /* nullable: a baseline */
  guint    n_features;
  guint    n_rows;
  guint64  seed;
  gint64   run_id;
  char    *origin;        /* "made", "continued", "reused" */
  double   values[FX_N_MEASURES];  /* NaN when not measured */
  double   tstr_auroc_ci[2];       /* DeLong 95 % interval; NaN when not measured */
  gint64   prompt_tokens;
  gint64   completion_tokens;
} FxStudyCell;

typedef struct
{
  char    *generator;
  char    *model;
  char    *strategy;
  guint    n_features;
  guint    n_rows;
  guint    repeats;
  double   mean[FX_N_MEASURES];
  double   sd[FX_N_MEASURES];   /* NaN with one repeat */
  double   tstr_auroc_ci[2];    /* the repeats' intervals, their bounds averaged */
} FxLeaderboardRow;

/* The holdout baseline for a number of features: real rows against real rows (for
 * utility, a model trained on real rows: TRTR; for privacy, what rows the generator
 * never saw score, 0.5). */
typedef struct
{
  guint   n_features;
  double  values[FX_N_MEASURES];
} FxHoldoutRow;

typedef struct
{
  GPtrArray *cells;     /* (element-type FxStudyCell) */
  GPtrArray *rows;      /* (element-type FxLeaderboardRow) */
  GArray    *holdout;   /* (element-type FxHoldoutRow) fewest features first */
  char      *currency;  /* of the costs; nullable when nothing was priced */
  GPtrArray *notes;     /* (element-type utf8) why measures are missing, each once */
} FxLeaderboard;

FxLeaderboard *fx_leaderboard_new        (void);
void           fx_leaderboard_free       (FxLeaderboard *board);
/* Takes @cell. */
void           fx_leaderboard_add_cell   (FxLeaderboard *board,
                                          FxStudyCell   *cell);
/* The holdout baseline at @n_features (the first one given for it is kept; values it
 * lacks (NaN) are taken from later ones). */
void           fx_leaderboard_add_holdout (FxLeaderboard *board,
                                           guint          n_features,
                                           const double  *values);
/* Says why some measure is missing ("utility not measured: ..."), once. */
void           fx_leaderboard_add_note   (FxLeaderboard *board,
                                          const char    *note);
/* Groups the cells into rows (again, after cells were added). */
void           fx_leaderboard_tabulate   (FxLeaderboard *board);
/* Sorts the rows by @measure, ascending or not. */
void           fx_leaderboard_sort       (FxLeaderboard *board,
                                          FxMeasure      measure,
                                          gboolean       ascending);

char          *fx_leaderboard_to_csv     (const FxLeaderboard *board);
char          *fx_leaderboard_to_json    (const FxLeaderboard *board);

FxStudyCell   *fx_study_cell_new         (void);
void           fx_study_cell_free        (FxStudyCell   *cell);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxLeaderboard, fx_leaderboard_free)

G_END_DECLS
