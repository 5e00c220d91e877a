/* fx-leaderboard.h: a study's cells, side by side
 *
 * One row per generator, strategy, number of features and number of rows, each
 * measure the mean over the repeats with its standard deviation: fidelity (mean KS,
 * mean KL, mean |Δr|, share of features differing), validity (share of rows
 * rejected), tokens, cost and latency per 1,000 rows.  Exported as CSV and JSON.
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
} FxLeaderboardRow;

/* The holdout baseline for a number of features: real rows against real rows. */
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
} FxLeaderboard;

FxLeaderboard *fx_leaderboard_new        (void);
void           fx_leaderboard_free       (FxLeaderboard *board);
/* Takes @cell. */
void           fx_leaderboard_add_cell   (FxLeaderboard *board,
                                          FxStudyCell   *cell);
/* The holdout baseline at @n_features (the first one given for it is kept). */
void           fx_leaderboard_add_holdout (FxLeaderboard *board,
                                           guint          n_features,
                                           const double  *values);
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
