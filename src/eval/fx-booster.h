/* fx-booster.h: gradient-boosted trees through libxgboost's C API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int     max_depth;  /* 4 */
  double  eta;        /* 0.1 */
  int     rounds;     /* 200 */
  int     nthread;    /* 1: the same trees on every machine */
  guint64 seed;
} FxBoosterParams;

typedef struct _FxBooster FxBooster;

/* The study's protocol: binary:logistic, hist, depth 4, eta 0.1, 200 rounds, one thread. */
void       fx_booster_params_init (FxBoosterParams       *params,
                                   guint64                seed);

/* Trains on the row-major matrix @x (@n_rows x @n_columns, NaN missing) and the 0/1
 * labels @y.  Errors are in FX_EVAL_ERROR_MODEL. */
FxBooster *fx_booster_train       (const FxBoosterParams *params,
                                   const float           *x,
                                   const guint8          *y,
                                   gsize                  n_rows,
                                   guint                  n_columns,
                                   GError               **error);
void       fx_booster_free        (FxBooster             *booster);
/* Probabilities of the positive class, one per row of @x. */
double    *fx_booster_predict     (FxBooster             *booster,
                                   const float           *x,
                                   gsize                  n_rows,
                                   GError               **error);
/* XGBoost's "gain" importance (the mean gain of the splits on a column; 0 for a
 * column never split on), one per column. */
double    *fx_booster_gain        (FxBooster             *booster,
                                   GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxBooster, fx_booster_free)

G_END_DECLS
