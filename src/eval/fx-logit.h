/* fx-logit.h: logistic regression by iteratively reweighted least squares
 *
 * The maximum-likelihood fit of statsmodels.Logit (y, X).fit (): Newton steps
 * (IRLS) from zero until no coefficient moves by more than 1e-10, standard errors
 * from the inverse Fisher information at the optimum, Wald intervals
 * b +- 1.959964 se (95 %) and two-sided normal p-values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint   n_terms;
  double *coef;       /* log odds */
  double *se;
  double *pvalue;
  int     iterations;
} FxLogit;

/* @x is row-major, @n_rows x @n_terms, the intercept column included by the caller.
 * Fails with FX_EVAL_ERROR_INPUT when the information matrix is singular or the fit
 * does not converge in 100 steps (separation). */
FxLogit *fx_logit_fit  (const double *x,
                        const guint8 *y,
                        gsize         n_rows,
                        guint         n_terms,
                        GError      **error);
void     fx_logit_free (FxLogit      *fit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxLogit, fx_logit_free)

G_END_DECLS
