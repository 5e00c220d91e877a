/* fx-importance.c: which inputs a model relies on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fx-importance.h"
#include "fx-scores.h"

static int
compare_gain (gconstpointer a,
              gconstpointer b)
{
  const FxGain *x = *(FxGain * const *) a, *y = *(FxGain * const *) b;

  return x->gain > y->gain ? -1 : x->gain < y->gain;
}

void
fx_gain_free (FxGain *gain)
{
  g_free (gain->feature);
  g_free (gain);
}

GPtrArray *
fx_importance_top (const FxEncoding *encoding,
                   const double     *gain,
                   guint             n)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_gain_free);

  for (guint j = 0; j < encoding->columns->len; j++)
    if (gain[j] > 0)
      {
        FxGain *g = g_new0 (FxGain, 1);

        g->feature = g_strdup (g_ptr_array_index (encoding->columns, j));
        g->gain = gain[j];
        g_ptr_array_add (all, g);
      }
  /* g_ptr_array_sort is a stable merge sort: equal gains stay in column order */
  g_ptr_array_sort (all, compare_gain);
  if (all->len > n)
    g_ptr_array_set_size (all, n);
  return all;
}

static double *
average_ranks (const double *v,
               gsize         n)
{
  g_autofree gsize *order = fx_scores_order_descending (v, n);
  double *ranks = g_new (double, MAX (n, 1));

  /* descending order, ranks ascending: position i has rank n - i */
  for (gsize i = 0; i < n;)
    {
      gsize j = i;

      while (j < n && v[order[j]] == v[order[i]])
        j++;
      for (gsize k = i; k < j; k++)
        ranks[order[k]] = ((double) (n - i) + (double) (n - j + 1)) / 2;
      i = j;
    }
  return ranks;
}

double
fx_spearman (const double *a,
             const double *b,
             gsize         n)
{
  g_autofree double *ra = average_ranks (a, n);
  g_autofree double *rb = average_ranks (b, n);
  double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;

  if (n < 2)
    return NAN;
  for (gsize i = 0; i < n; i++)
    {
      ma += ra[i];
      mb += rb[i];
    }
  ma /= n;
  mb /= n;
  for (gsize i = 0; i < n; i++)
    {
      sab += (ra[i] - ma) * (rb[i] - mb);
      saa += (ra[i] - ma) * (ra[i] - ma);
      sbb += (rb[i] - mb) * (rb[i] - mb);
    }
  if (saa == 0 || sbb == 0)
    return NAN;
  return sab / sqrt (saa * sbb);
}

GPtrArray *
fx_importance_top_inputs (const FxEncoding *encoding,
                          const double     *gain,
                          guint             n)
{
  guint n_inputs = encoding->inputs->len;
  g_autofree double *best = g_new0 (double, MAX (n_inputs, 1));
  g_autofree gsize *order = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint j = 0; j < encoding->columns->len; j++)
    {
      guint input = g_array_index (encoding->input_of, guint, j);

      best[input] = MAX (best[input], gain[j]);
    }
  order = fx_scores_order_descending (best, n_inputs);
  for (guint i = 0; i < n_inputs && out->len < n; i++)
    g_ptr_array_add (out, g_strdup (g_ptr_array_index (encoding->inputs, order[i])));
  return out;
}
