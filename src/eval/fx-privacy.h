/* fx-privacy.h: distance-based privacy measures of a synthetic table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-gower.h"
#include "fx-json-writer.h"
#include "fx-schema.h"

G_BEGIN_DECLS

/* Tables longer than this are sampled (seeded) before distances are measured. */
#define FX_PRIVACY_DEFAULT_MAX_ROWS 50000

typedef struct
{
  guint64 seed;
  gsize   max_rows;   /* 0: FX_PRIVACY_DEFAULT_MAX_ROWS */
  guint   n_threads;  /* 0: one per processor */
} FxPrivacyOptions;

typedef struct
{
  /* rows measured: all, or a seeded sample of at most max_rows of each table */
  gsize    n_synthetic;
  gsize    n_training;
  gsize    n_holdout;
  gsize    n_members;   /* training rows sampled to the holdout's size */
  gboolean sampled;     /* whether some table was cut down to max_rows */
  guint64  seed;

  /* shares of rows at distance 0 from some training row */
  double   exact_synthetic;
  double   exact_holdout;
  /* distance to the closest training row */
  double   dcr_synthetic_p5;
  double   dcr_synthetic_median;
  double   dcr_holdout_p5;
  double   dcr_holdout_median;
  /* synthetic rows closer to the (sampled) training part than to the holdout */
  double   share_closer_to_training;
  /* closest / second-closest training distance */
  double   nndr_synthetic_p5;
  double   nndr_synthetic_median;
  double   nndr_holdout_p5;
  double   nndr_holdout_median;
  /* the membership-inference attack */
  double   auroc;
  double   auroc_low;
  double   auroc_high;
  double   advantage;   /* max (TPR - FPR) */

  /* for plots: each row's distance to the closest training row, and the attack's
   * ROC curve from (0, 0) to (1, 1) */
  GArray  *dcr_synthetic;  /* (element-type double) */
  GArray  *dcr_holdout;    /* (element-type double) */
  GArray  *roc_fpr;        /* (element-type double) */
  GArray  *roc_tpr;        /* (element-type double) */
} FxPrivacy;

/* The model inputs: @features without @target, @site and @identifiers (each
 * nullable). */
char     **fx_privacy_model_inputs (const char * const *features,
                                    const char         *target,
                                    const char         *site,
                                    const char * const *identifiers);

/* The same for the features of @schema, its target, site and identifiers. */
char     **fx_privacy_schema_inputs (const FxSchema        *schema);

/* The measures of @synthetic against the real table split into @train_rows and
 * @holdout_rows (row numbers of @real), over the columns @inputs. */
FxPrivacy *fx_privacy_measure      (const FxTable          *real,
                                    const gsize            *train_rows,
                                    gsize                   n_train,
                                    const gsize            *holdout_rows,
                                    gsize                   n_holdout,
                                    const FxTable          *synthetic,
                                    const char * const     *inputs,
                                    const FxPrivacyOptions *options,
                                    GError                **error);
void       fx_privacy_free         (FxPrivacy              *privacy);

/* The "privacy" object of the evaluation JSON (the value; the caller writes the key):
 * exact_copies{synthetic, holdout}, dcr{synthetic{p5, median}, holdout{p5, median},
 * share_closer_to_training}, nndr{synthetic{p5, median}, holdout{p5, median}},
 * membership{auroc, auroc_ci, advantage}, sampled. */
void       fx_privacy_write_json   (const FxPrivacy        *privacy,
                                    FxJsonWriter           *writer);

/* Building blocks, exposed for their tests. */

/* @k of the row positions 0 .. @n - 1, ascending: those with the smallest
 * splitmix64 (@seed + position) (a sample any language can redo).  All of them when
 * @k >= @n. */
gsize     *fx_privacy_sample       (gsize                   n,
                                    gsize                   k,
                                    guint64                 seed);
/* NumPy's default (linear) percentile of @values, @q in [0, 100]; NaN values are
 * left out. */
double     fx_privacy_percentile   (const double           *values,
                                    gsize                   n,
                                    double                  q);
/* AUROC of @positive against @negative scores (ties count half), its DeLong 95 %
 * interval and max (TPR - FPR). */
void       fx_privacy_auroc        (const double           *positive,
                                    gsize                   n_positive,
                                    const double           *negative,
                                    gsize                   n_negative,
                                    double                 *auroc,
                                    double                 *low,
                                    double                 *high,
                                    double                 *advantage,
                                    GArray                 *fpr,
                                    GArray                 *tpr);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxPrivacy, fx_privacy_free)

G_END_DECLS
