/* fx-booster.c: gradient-boosted trees through libxgboost's C API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gi18n.h>
#include <xgboost/c_api.h>

#include "fx-booster.h"
#include "fx-eval-error.h"

struct _FxBooster
{
  BoosterHandle handle;
  guint         n_columns;
};

static gboolean
check (int       status,
       GError  **error)
{
  if (status == 0)
    return TRUE;
  g_set_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_MODEL,
               _("XGBoost failed: %s"), XGBGetLastError ());
  return FALSE;
}

static void
quiet_log (const char *message)
{
  /* XGBoost's own warnings (deprecated parameters and the like) would interleave
   * with the command's output; they are kept for debugging only */
  g_debug ("xgboost: %s", message);
}

void
fx_booster_params_init (FxBoosterParams *params,
                        guint64          seed)
{
  params->max_depth = 4;
  params->eta = 0.1;
  params->rounds = 200;
  params->nthread = 1;
  params->seed = seed;
}

static DMatrixHandle
make_matrix (const float  *x,
             gsize         n_rows,
             guint         n_columns,
             GError      **error)
{
  DMatrixHandle matrix = NULL;

  if (!check (XGDMatrixCreateFromMat (x, n_rows, n_columns, NAN, &matrix), error))
    return NULL;
  return matrix;
}

FxBooster *
fx_booster_train (const FxBoosterParams *params,
                  const float           *x,
                  const guint8          *y,
                  gsize                  n_rows,
                  guint                  n_columns,
                  GError               **error)
{
  static gsize logging_set = 0;
  g_autoptr(FxBooster) booster = g_new0 (FxBooster, 1);
  g_autofree float *labels = g_new (float, MAX (n_rows, 1));
  DMatrixHandle matrix;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *depth = g_strdup_printf ("%d", params->max_depth);
  g_autofree char *threads = g_strdup_printf ("%d", params->nthread);
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, params->seed);
  gboolean ok;

  if (g_once_init_enter (&logging_set))
    {
      XGBRegisterLogCallback (quiet_log);
      g_once_init_leave (&logging_set, 1);
    }

  booster->n_columns = n_columns;
  for (gsize i = 0; i < n_rows; i++)
    labels[i] = y[i];

  matrix = make_matrix (x, n_rows, n_columns, error);
  if (matrix == NULL)
    return NULL;
  ok = check (XGDMatrixSetFloatInfo (matrix, "label", labels, n_rows), error)
       && check (XGBoosterCreate (&matrix, 1, &booster->handle), error)
       && check (XGBoosterSetParam (booster->handle, "objective", "binary:logistic"), error)
       && check (XGBoosterSetParam (booster->handle, "tree_method", "hist"), error)
       && check (XGBoosterSetParam (booster->handle, "max_depth", depth), error)
       && check (XGBoosterSetParam (booster->handle, "eta",
                                    g_ascii_dtostr (buf, sizeof buf, params->eta)), error)
       && check (XGBoosterSetParam (booster->handle, "nthread", threads), error)
       && check (XGBoosterSetParam (booster->handle, "seed", seed), error)
       && check (XGBoosterSetParam (booster->handle, "verbosity", "1"), error);
  for (int i = 0; ok && i < params->rounds; i++)
    ok = check (XGBoosterUpdateOneIter (booster->handle, i, matrix), error);
  XGDMatrixFree (matrix);
  if (!ok)
    return NULL;
  return g_steal_pointer (&booster);
}

void
fx_booster_free (FxBooster *booster)
{
  if (booster == NULL)
    return;
  if (booster->handle != NULL)
    XGBoosterFree (booster->handle);
  g_free (booster);
}

double *
fx_booster_predict (FxBooster     *booster,
                    const float   *x,
                    gsize          n_rows,
                    GError       **error)
{
  DMatrixHandle matrix;
  const bst_ulong *shape = NULL;
  bst_ulong dim = 0;
  const float *result = NULL;
  double *out;

  if (n_rows == 0)
    return g_new (double, 1);
  matrix = make_matrix (x, n_rows, booster->n_columns, error);
  if (matrix == NULL)
    return NULL;
  if (!check (XGBoosterPredictFromDMatrix (booster->handle, matrix,
                                           "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, "
                                           "\"iteration_end\": 0, \"strict_shape\": false}",
                                           &shape, &dim, &result), error))
    {
      XGDMatrixFree (matrix);
      return NULL;
    }
  out = g_new (double, n_rows);
  for (gsize i = 0; i < n_rows; i++)
    out[i] = result[i];
  XGDMatrixFree (matrix);
  return out;
}

double *
fx_booster_gain (FxBooster  *booster,
                 GError    **error)
{
  bst_ulong n_features = 0, dim = 0;
  const char **features = NULL;
  const bst_ulong *shape = NULL;
  const float *scores = NULL;
  double *gain = g_new0 (double, MAX (booster->n_columns, 1));

  if (!check (XGBoosterFeatureScore (booster->handle, "{\"importance_type\": \"gain\"}",
                                     &n_features, &features, &dim, &shape, &scores), error))
    {
      g_free (gain);
      return NULL;
    }
  /* without feature names XGBoost names column i "fi", and lists only the columns
   * some split uses */
  for (bst_ulong i = 0; i < n_features; i++)
    {
      const char *name = features[i];
      guint64 column;

      if (name[0] == 'f' && g_ascii_string_to_unsigned (name + 1, 10, 0, booster->n_columns - 1,
                                                        &column, NULL))
        gain[column] = scores[i];
    }
  return gain;
}
