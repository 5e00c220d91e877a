/* fx-logit.c: logistic regression by iteratively reweighted least squares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "fx-eval-error.h"
#include "fx-logit.h"

#define MAX_ITERATIONS 100
#define TOLERANCE 1e-10

void
fx_logit_free (FxLogit *fit)
{
  if (fit == NULL)
    return;
  g_free (fit->coef);
  g_free (fit->se);
  g_free (fit->pvalue);
  g_free (fit);
}

/* X'WX and X'(y - p) at @beta */
static void
information (const double *x,
             const guint8 *y,
             gsize         n_rows,
             guint         k,
             const double *beta,
             gsl_matrix   *info,
             gsl_vector   *score)
{
  gsl_matrix_set_zero (info);
  gsl_vector_set_zero (score);
  for (gsize r = 0; r < n_rows; r++)
    {
      const double *row = x + r * k;
      double eta = 0, p, w;

      for (guint j = 0; j < k; j++)
        eta += row[j] * beta[j];
      p = 1 / (1 + exp (-eta));
      w = p * (1 - p);
      for (guint a = 0; a < k; a++)
        {
          double wa = w * row[a];

          if (wa != 0)
            for (guint b = 0; b <= a; b++)
              *gsl_matrix_ptr (info, a, b) += wa * row[b];
          *gsl_vector_ptr (score, a) += row[a] * (y[r] - p);
        }
    }
  for (guint a = 0; a < k; a++)
    for (guint b = 0; b < a; b++)
      gsl_matrix_set (info, b, a, gsl_matrix_get (info, a, b));
}

FxLogit *
fx_logit_fit (const double *x,
              const guint8 *y,
              gsize         n_rows,
              guint         n_terms,
              GError      **error)
{
  g_autoptr(FxLogit) fit = g_new0 (FxLogit, 1);
  gsl_matrix *info = gsl_matrix_alloc (n_terms, n_terms);
  gsl_vector *score = gsl_vector_alloc (n_terms);
  gsl_vector *step = gsl_vector_alloc (n_terms);
  gsl_error_handler_t *old_handler = gsl_set_error_handler_off ();
  gboolean converged = FALSE, singular = FALSE;

  fit->n_terms = n_terms;
  fit->coef = g_new0 (double, n_terms);
  fit->se = g_new0 (double, n_terms);
  fit->pvalue = g_new0 (double, n_terms);

  for (int it = 0; it < MAX_ITERATIONS && !converged && !singular; it++)
    {
      double largest = 0;

      information (x, y, n_rows, n_terms, fit->coef, info, score);
      if (gsl_linalg_cholesky_decomp1 (info) != GSL_SUCCESS
          || gsl_linalg_cholesky_solve (info, score, step) != GSL_SUCCESS)
        {
          singular = TRUE;
          break;
        }
      for (guint j = 0; j < n_terms; j++)
        {
          double s = gsl_vector_get (step, j);

          fit->coef[j] += s;
          largest = MAX (largest, fabs (s));
        }
      fit->iterations = it + 1;
      converged = largest < TOLERANCE;
    }

  if (converged)
    {
      /* the covariance at the optimum */
      information (x, y, n_rows, n_terms, fit->coef, info, score);
      if (gsl_linalg_cholesky_decomp1 (info) != GSL_SUCCESS
          || gsl_linalg_cholesky_invert (info) != GSL_SUCCESS)
        singular = TRUE;
      else
        for (guint j = 0; j < n_terms; j++)
          {
            double se = sqrt (gsl_matrix_get (info, j, j));

            fit->se[j] = se;
            fit->pvalue[j] = 2 * gsl_cdf_ugaussian_Q (fabs (fit->coef[j] / se));
          }
    }

  gsl_set_error_handler (old_handler);
  gsl_matrix_free (info);
  gsl_vector_free (score);
  gsl_vector_free (step);

  if (singular)
    {
      g_set_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT,
                   _("the logistic regression cannot be fitted: its inputs are collinear"));
      return NULL;
    }
  if (!converged)
    {
      g_set_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT,
                   _("the logistic regression does not converge: an input separates the outcome"));
      return NULL;
    }
  return g_steal_pointer (&fit);
}
