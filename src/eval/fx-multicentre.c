/* fx-multicentre.c: how far apart two sets of rows are, over the model inputs
 *
 * Mean Kolmogorov-Smirnov D over the integer and number inputs, mean total
 * variation distance over the categorical and boolean inputs (the shares of the
 * known categories among present values), and the mean |difference| of Pearson's
 * r over pairs of integer and number inputs (pairwise complete rows).  An input or
 * pair that one side cannot give (no values, or r undefined) is left out of its
 * mean; a mean over nothing is NaN.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fx-stats.h"
#include "fx-utility.h"

static double
pearson (const FxColumn *x,
         const FxColumn *y,
         const gsize    *rows,
         gsize           n_rows)
{
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, mx, my, cxx, cyy, cxy;
  gsize n = 0;

  /* two passes, for accuracy with large values */
  for (gsize i = 0; i < n_rows; i++)
    if (!fx_column_is_missing (x, rows[i]) && !fx_column_is_missing (y, rows[i]))
      {
        sx += x->values[rows[i]];
        sy += y->values[rows[i]];
        n++;
      }
  if (n < 2)
    return NAN;
  mx = sx / n;
  my = sy / n;
  for (gsize i = 0; i < n_rows; i++)
    if (!fx_column_is_missing (x, rows[i]) && !fx_column_is_missing (y, rows[i]))
      {
        double dx = x->values[rows[i]] - mx, dy = y->values[rows[i]] - my;

        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
      }
  cxx = sxx;
  cyy = syy;
  cxy = sxy;
  if (cxx == 0 || cyy == 0)
    return NAN;
  return cxy / sqrt (cxx * cyy);
}

static double *
present (const FxColumn *c,
         const gsize    *rows,
         gsize           n_rows,
         gsize          *n)
{
  double *v = g_new (double, MAX (n_rows, 1));

  *n = 0;
  for (gsize i = 0; i < n_rows; i++)
    if (!fx_column_is_missing (c, rows[i]))
      v[(*n)++] = c->values[rows[i]];
  return v;
}

/* shares of @levels (or of 0 and 1 for a boolean) among the present values */
static gboolean
shares (const FxColumn *c,
        GPtrArray      *levels,
        const gsize    *rows,
        gsize           n_rows,
        double         *out,
        guint           n_out)
{
  g_autofree int *map = NULL;
  double total = 0;

  for (guint k = 0; k < n_out; k++)
    out[k] = 0;
  if (c->type == FX_COLUMN_CATEGORICAL)
    {
      map = g_new (int, MAX (c->categories->len, 1));
      for (guint k = 0; k < c->categories->len; k++)
        {
          guint l;

          map[k] = levels != NULL && g_ptr_array_find_with_equal_func (levels, g_ptr_array_index (c->categories, k),
                                                                         g_str_equal, &l) ? (int) l : -1;
        }
    }
  for (gsize i = 0; i < n_rows; i++)
    {
      gsize r = rows[i];
      int k;

      if (fx_column_is_missing (c, r))
        continue;
      k = map != NULL ? map[c->codes[r]] : (c->values[r] != 0);
      if (k < 0 || (guint) k >= n_out)
        continue;
      out[k]++;
      total++;
    }
  if (total == 0)
    return FALSE;
  for (guint k = 0; k < n_out; k++)
    out[k] /= total;
  return TRUE;
}

void
fx_rows_distance (const FxSchema *schema,
                  GPtrArray      *inputs,
                  GPtrArray      *levels,
                  const FxTable  *a,
                  const gsize    *a_rows,
                  gsize           n_a,
                  const FxTable  *b,
                  const gsize    *b_rows,
                  gsize           n_b,
                  FxRowsDistance     *distance)
{
  double ks = 0, tvd = 0, dr = 0;
  guint n_ks = 0, n_tvd = 0, n_dr = 0;
  g_autoptr(GPtrArray) numeric = g_ptr_array_new ();

  for (guint i = 0; i < inputs->len; i++)
    {
      const char *name = g_ptr_array_index (inputs, i);
      const FxColumn *ca = fx_table_find_column (a, name);
      const FxColumn *cb = fx_table_find_column (b, name);
      GPtrArray *lv = g_ptr_array_index (levels, i);

      if (ca == NULL || cb == NULL || ca->type != cb->type)
        continue;
      if (ca->type == FX_COLUMN_INTEGER || ca->type == FX_COLUMN_NUMBER)
        {
          gsize m, k;
          g_autofree double *va = present (ca, a_rows, n_a, &m);
          g_autofree double *vb = present (cb, b_rows, n_b, &k);
          FxKsResult result;

          g_ptr_array_add (numeric, (gpointer) name);
          if (m == 0 || k == 0)
            continue;
          fx_ks_2samp (va, m, vb, k, &result);
          ks += result.statistic;
          n_ks++;
        }
      else
        {
          guint n_levels = lv != NULL ? lv->len : 2;
          g_autofree double *pa = g_new (double, MAX (n_levels, 1));
          g_autofree double *pb = g_new (double, MAX (n_levels, 1));
          double sum = 0;

          if (!shares (ca, lv, a_rows, n_a, pa, n_levels) || !shares (cb, lv, b_rows, n_b, pb, n_levels))
            continue;
          for (guint k = 0; k < n_levels; k++)
            sum += fabs (pa[k] - pb[k]);
          tvd += sum / 2;
          n_tvd++;
        }
    }

  for (guint i = 0; i < numeric->len; i++)
    for (guint j = i + 1; j < numeric->len; j++)
      {
        double ra = pearson (fx_table_find_column (a, g_ptr_array_index (numeric, i)),
                             fx_table_find_column (a, g_ptr_array_index (numeric, j)), a_rows, n_a);
        double rb = pearson (fx_table_find_column (b, g_ptr_array_index (numeric, i)),
                             fx_table_find_column (b, g_ptr_array_index (numeric, j)), b_rows, n_b);

        if (isnan (ra) || isnan (rb))
          continue;
        dr += fabs (ra - rb);
        n_dr++;
      }

  distance->mean_ks = n_ks > 0 ? ks / n_ks : NAN;
  distance->mean_tvd = n_tvd > 0 ? tvd / n_tvd : NAN;
  distance->mean_abs_delta_pearson = n_dr > 0 ? dr / n_dr : NAN;
}
