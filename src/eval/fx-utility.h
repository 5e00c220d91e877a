/* fx-utility.h: does a model trained on synthetic records work on real patients?
 *
 * The study's XGBoost protocol with intervals: TRTR (train on the real training
 * part, test on the holdout), TSTR (train on the synthetic table, test on the
 * holdout), TSTS (train and test within the synthetic table, 80/20), per site with
 * the leave-one-site-out ceiling, per subgroup, gain importance, a logistic
 * regression replicated on both tables, and the multi-centre structure.  The
 * definitions are in README.md ("facsimile-cli evaluate").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-booster.h"
#include "fx-importance.h"
#include "fx-schema.h"
#include "fx-table.h"

G_BEGIN_DECLS

#define FX_UTILITY_MIN_CLASS_ROWS 10   /* rows of each class to train or test at all */
#define FX_UTILITY_MIN_LEVEL_ROWS 20   /* holdout rows of a site or subgroup level to score it */
#define FX_UTILITY_MIN_CENTRE_ROWS 30  /* rows of a site in both tables to compare them */
#define FX_UTILITY_TOP_GAINS 10
#define FX_UTILITY_REPLICATION_INPUTS 8

typedef struct
{
  guint64             seed;
  double              fraction;             /* of the real rows held out; 0.2 */
  const char * const *holdout_sites;        /* (nullable): whole sites held out instead */
  gboolean            generator_saw_holdout;
  FxBoosterParams     booster;
  const char * const *replication_inputs;   /* (nullable): default the top real gains */
  guint               bootstrap_resamples;  /* 1000 */
} FxUtilityOptions;

typedef struct
{
  gsize  n;
  gsize  positives;
  double auroc;
  double auroc_ci[2];
  double auprc;
  double auprc_ci[2];
  double brier;
  double brier_ci[2];
} FxScoreBlock;

typedef struct
{
  char         *site;
  gsize         holdout_rows;
  FxScoreBlock *tstr;       /* (nullable): too few rows or one class */
  FxScoreBlock *trtr;
  FxScoreBlock *loso_trtr;
} FxSiteScores;

typedef struct
{
  char         *column;
  char         *level;
  gsize         rows;
  FxScoreBlock *tstr;       /* (nullable) */
  FxScoreBlock *trtr;
} FxSubgroupScores;

/* The spread of AUROC over a group column's scored levels: max - min (NaN with
 * fewer than two scored levels). */
typedef struct
{
  char   *column;
  double  tstr_auroc_gap;
  double  trtr_auroc_gap;
} FxSubgroupGap;

typedef struct
{
  char   *term;
  double  coef;
  double  odds_ratio;
  double  ci[2];
  double  pvalue;
} FxOddsRatio;

typedef struct
{
  double mean_ks;
  double mean_tvd;
  double mean_abs_delta_pearson;
} FxRowsDistance;

typedef struct
{
  char       *site;
  gsize       real_rows;
  gsize       synthetic_rows;
  FxRowsDistance synthetic;   /* the site's real rows against its synthetic rows */
  FxRowsDistance site_effect;  /* the site's real rows against the other sites' real rows */
} FxCentre;

typedef struct
{
  /* the split */
  guint64       seed;
  double        fraction;               /* NaN when whole sites are held out */
  GPtrArray    *holdout_sites;          /* (element-type utf8) */
  GArray       *holdout_rows;           /* (element-type gsize) */
  GArray       *train_rows;             /* (element-type gsize) */
  gboolean      generator_saw_holdout;

  char         *target;
  char         *site_column;            /* (nullable) */
  FxScoreBlock *trtr;
  FxScoreBlock *tstr;
  FxScoreBlock *tsts;                   /* (nullable): the synthetic table too small */
  double        tstr_over_trtr;         /* AUROC ratio */

  GPtrArray    *sites;                  /* (element-type FxSiteScores) */
  GPtrArray    *subgroups;              /* (element-type FxSubgroupScores) */
  GPtrArray    *subgroup_gaps;          /* (element-type FxSubgroupGap) */

  GPtrArray    *importance_real;        /* (element-type FxGain): top 10 */
  GPtrArray    *importance_synthetic;
  double        rank_correlation;

  GPtrArray    *replication_inputs;     /* (element-type utf8) */
  GPtrArray    *replication_real;       /* (element-type FxOddsRatio) (nullable) */
  GPtrArray    *replication_synthetic;  /* (nullable) */
  char         *replication_real_error; /* (nullable): why there is no real fit */
  char         *replication_synthetic_error;
  gsize         replication_real_rows;  /* complete cases fitted */
  gsize         replication_synthetic_rows;
  int           overlapping;
  int           sign_flips;

  GPtrArray    *multicentre;            /* (element-type FxCentre) */
  double        site_shares_tvd;        /* NaN without a site column in both tables */

  /* per holdout row, in holdout order */
  GPtrArray    *prediction_site;        /* (element-type utf8) (nullable elements) */
  guint8       *prediction_label;
  double       *prediction_trtr;
  double       *prediction_tstr;
  double       *prediction_loso;        /* NaN where no model could be trained */
} FxUtility;

void       fx_utility_options_init (FxUtilityOptions       *options,
                                    guint64                 seed);
/* Errors in FX_EVAL_ERROR: FX_EVAL_ERROR_INPUT names what in the tables or the
 * schema prevents the evaluation. */
FxUtility *fx_utility_evaluate     (const FxSchema         *schema,
                                    const FxTable          *real,
                                    const FxTable          *synthetic,
                                    const FxUtilityOptions *options,
                                    GError                **error);
void       fx_utility_free         (FxUtility              *utility);

/* fx-utility-output.c */
char      *fx_utility_to_json      (const FxUtility        *utility,
                                    gsize                  *length);
char      *fx_utility_to_text      (const FxUtility        *utility);
/* row,site,label,trtr,tstr,loso_trtr for each holdout row */
char      *fx_utility_predictions_csv (const FxUtility     *utility,
                                       gsize               *length);

/* fx-replication.c: odds ratios of the target on @inputs, fitted on @rows of
 * @table (complete cases); categorical inputs one-hot without their first level.
 * Returns (element-type FxOddsRatio), the intercept first. */
GPtrArray *fx_replication_fit      (const FxSchema         *schema,
                                    const FxTable          *table,
                                    const guint8           *labels,
                                    const gsize            *rows,
                                    gsize                   n_rows,
                                    GPtrArray              *inputs,
                                    GPtrArray              *levels,
                                    gsize                  *n_used,
                                    GError                **error);
void       fx_odds_ratio_free      (FxOddsRatio            *ratio);

/* fx-multicentre.c: distances between two sets of rows over the model inputs */
void       fx_rows_distance        (const FxSchema         *schema,
                                    GPtrArray              *inputs,
                                    GPtrArray              *levels,
                                    const FxTable          *a,
                                    const gsize            *a_rows,
                                    gsize                   n_a,
                                    const FxTable          *b,
                                    const gsize            *b_rows,
                                    gsize                   n_b,
                                    FxRowsDistance         *distance);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxUtility, fx_utility_free)

G_END_DECLS
