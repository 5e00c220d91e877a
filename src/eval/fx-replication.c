/* fx-replication.c: an analysis replicated on real and synthetic records
 *
 * A logistic regression of the target on chosen inputs, as a researcher would fit
 * it: complete cases only, an intercept, numbers and booleans as they are, each
 * categorical as one 0/1 term per category except its first (the reference).  A
 * term that cannot be estimated is left out: one constant over the complete cases
 * (a category that never occurs), or a 0/1 term whose rows at 1 (or at 0) all have
 * the same outcome (a category without deaths, common in a small hospital), whose
 * odds ratio would be 0 or infinite and whose fit would never converge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fx-eval-error.h"
#include "fx-logit.h"
#include "fx-utility.h"

#define Z_975 1.959963984540054

void
fx_odds_ratio_free (FxOddsRatio *ratio)
{
  g_free (ratio->term);
  g_free (ratio);
}

static gboolean
estimable (const double *column,
           guint         stride,
           const guint8 *y,
           gsize         n)
{
  gboolean constant = TRUE, binary = TRUE;
  /* outcomes seen where the term is 0 and where it is 1, as bit masks */
  guint seen[2] = { 0, 0 };

  for (gsize i = 0; i < n; i++)
    {
      double v = column[i * stride];

      if (v != column[0])
        constant = FALSE;
      if (v == 0 || v == 1)
        seen[(int) v] |= 1u << y[i];
      else
        binary = FALSE;
    }
  if (constant)
    return FALSE;
  return !binary || (seen[0] == 3 && seen[1] == 3);
}

GPtrArray *
fx_replication_fit (const FxSchema  *schema,
                    const FxTable   *table,
                    const guint8    *labels,
                    const gsize     *rows,
                    gsize            n_rows,
                    GPtrArray       *inputs,
                    GPtrArray       *levels,
                    gsize           *n_used,
                    GError         **error)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  g_autoptr(GArray) first_term = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree int **level_map = g_new0 (int *, MAX (inputs->len, 1));
  g_autofree double *x = NULL;
  g_autofree guint8 *y = NULL;
  g_autofree gboolean *used = NULL;
  g_autofree guint *keep = NULL;
  g_autoptr(FxLogit) fit = NULL;
  GPtrArray *out;
  guint n_terms, n_kept = 0;
  gsize n = 0;

  *n_used = 0;
  g_ptr_array_add (terms, g_strdup ("intercept"));
  for (guint i = 0; i < inputs->len; i++)
    {
      const char *name = g_ptr_array_index (inputs, i);
      const FxColumn *c = fx_table_find_column (table, name);
      GPtrArray *lv = g_ptr_array_index (levels, i);

      if (c == NULL)
        {
          g_set_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT,
                       _("the table has no column “%s”"), name);
          return NULL;
        }
      g_ptr_array_add (columns, (gpointer) c);
      g_array_append_val (first_term, terms->len);
      if (lv != NULL)
        {
          /* the table's codes mapped to the levels; -1 for labels not among them */
          level_map[i] = g_new (int, MAX (c->categories->len, 1));
          for (guint k = 0; k < c->categories->len; k++)
            {
              guint l;

              level_map[i][k] = g_ptr_array_find_with_equal_func (lv, g_ptr_array_index (c->categories, k),
                                                                  g_str_equal, &l) ? (int) l : -1;
            }
          for (guint l = 1; l < lv->len; l++)
            g_ptr_array_add (terms, g_strdup_printf ("%s=%s", name, (char *) g_ptr_array_index (lv, l)));
        }
      else
        g_ptr_array_add (terms, g_strdup (name));
    }
  n_terms = terms->len;

  x = g_new0 (double, MAX (n_rows * n_terms, 1));
  y = g_new (guint8, MAX (n_rows, 1));
  for (gsize i = 0; i < n_rows; i++)
    {
      gsize r = rows[i];
      double *row = x + n * n_terms;
      gboolean complete = labels[r] <= 1;

      for (guint j = 0; j < n_terms; j++)
        row[j] = 0;
      row[0] = 1;
      for (guint k = 0; complete && k < inputs->len; k++)
        {
          const FxColumn *c = g_ptr_array_index (columns, k);
          guint t = g_array_index (first_term, guint, k);

          if (fx_column_is_missing (c, r))
            complete = FALSE;
          else if (level_map[k] != NULL)
            {
              int l = c->type == FX_COLUMN_CATEGORICAL ? level_map[k][c->codes[r]] : -1;

              if (l < 0)
                complete = FALSE;
              else if (l > 0)
                row[t + l - 1] = 1;
            }
          else if (c->type == FX_COLUMN_CATEGORICAL)
            complete = FALSE;
          else
            row[t] = c->values[r];
        }
      if (!complete)
        continue;
      y[n] = labels[r];
      n++;
    }
  for (guint k = 0; k < inputs->len; k++)
    g_free (level_map[k]);

  used = g_new0 (gboolean, n_terms);
  used[0] = TRUE;
  for (guint j = 1; j < n_terms; j++)
    used[j] = estimable (x + j, n_terms, y, n);
  keep = g_new (guint, n_terms);
  for (guint j = 0; j < n_terms; j++)
    if (used[j])
      keep[n_kept++] = j;
  if (n_kept < n_terms)
    for (gsize i = 0; i < n; i++)
      for (guint j = 0; j < n_kept; j++)
        x[i * n_kept + j] = x[i * n_terms + keep[j]];

  if (n <= n_kept)
    {
      g_set_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT,
                   _("the logistic regression has %lu complete rows for %u terms"),
                   n, n_kept);
      return NULL;
    }
  fit = fx_logit_fit (x, y, n, n_kept, error);
  if (fit == NULL)
    return NULL;

  *n_used = n;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_odds_ratio_free);
  for (guint j = 0; j < n_kept; j++)
    {
      FxOddsRatio *o = g_new0 (FxOddsRatio, 1);

      o->term = g_strdup (g_ptr_array_index (terms, keep[j]));
      o->coef = fit->coef[j];
      o->odds_ratio = exp (fit->coef[j]);
      o->ci[0] = exp (fit->coef[j] - Z_975 * fit->se[j]);
      o->ci[1] = exp (fit->coef[j] + Z_975 * fit->se[j]);
      o->pvalue = fit->pvalue[j];
      g_ptr_array_add (out, o);
    }
  return out;
}
