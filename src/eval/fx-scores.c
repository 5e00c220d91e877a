/* fx-scores.c: how well predicted probabilities rank and calibrate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "fx-scores.h"

typedef struct
{
  double score;
  gsize  row;
} Ranked;

static int
compare_descending (const void *a,
                    const void *b)
{
  const Ranked *x = a, *y = b;

  if (x->score > y->score)
    return -1;
  if (x->score < y->score)
    return 1;
  return x->row < y->row ? -1 : x->row > y->row;
}

gsize *
fx_scores_order_descending (const double *score,
                            gsize         n)
{
  g_autofree Ranked *ranked = g_new (Ranked, MAX (n, 1));
  gsize *order = g_new (gsize, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    {
      ranked[i].score = score[i];
      ranked[i].row = i;
    }
  qsort (ranked, n, sizeof (Ranked), compare_descending);
  for (gsize i = 0; i < n; i++)
    order[i] = ranked[i].row;
  return order;
}

double
fx_auroc (const double *score,
          const guint8 *label,
          gsize         n)
{
  g_autofree gsize *order = fx_scores_order_descending (score, n);
  double positive_rank_sum = 0;
  gsize n_pos = 0, n_neg;

  /* ranks ascending: the row at descending position i has rank n - i; a run of tied
   * scores shares the mean of its ranks */
  for (gsize i = 0; i < n;)
    {
      gsize j = i;
      gsize run_pos = 0;
      double mid;

      while (j < n && score[order[j]] == score[order[i]])
        {
          run_pos += label[order[j]];
          j++;
        }
      mid = ((double) (n - i) + (double) (n - j + 1)) / 2;
      positive_rank_sum += mid * run_pos;
      n_pos += run_pos;
      i = j;
    }
  n_neg = n - n_pos;
  if (n_pos == 0 || n_neg == 0)
    return NAN;
  return (positive_rank_sum - (double) n_pos * (n_pos + 1) / 2) / ((double) n_pos * n_neg);
}

double
fx_average_precision_weighted (const double *score,
                               const guint8 *label,
                               const guint  *weight,
                               const gsize  *order,
                               gsize         n)
{
  double total_pos = 0, tp = 0, fp = 0, ap = 0, last_recall = 0;

  for (gsize i = 0; i < n; i++)
    total_pos += (double) (weight != NULL ? weight[i] : 1) * label[i];
  if (total_pos == 0)
    return NAN;

  /* one step of the precision-recall curve per distinct score, from the highest */
  for (gsize i = 0; i < n;)
    {
      gsize j = i;

      while (j < n && score[order[j]] == score[order[i]])
        {
          double w = weight != NULL ? weight[order[j]] : 1;

          if (label[order[j]])
            tp += w;
          else
            fp += w;
          j++;
        }
      if (tp + fp > 0)
        {
          double recall = tp / total_pos;

          ap += (recall - last_recall) * (tp / (tp + fp));
          last_recall = recall;
        }
      i = j;
    }
  return ap;
}

double
fx_average_precision (const double *score,
                      const guint8 *label,
                      gsize         n)
{
  g_autofree gsize *order = fx_scores_order_descending (score, n);

  return fx_average_precision_weighted (score, label, NULL, order, n);
}

double
fx_brier_weighted (const double *score,
                   const guint8 *label,
                   const guint  *weight,
                   gsize         n)
{
  double sum = 0, total = 0;

  for (gsize i = 0; i < n; i++)
    {
      double w = weight != NULL ? weight[i] : 1;
      double d = score[i] - label[i];

      sum += w * d * d;
      total += w;
    }
  return total > 0 ? sum / total : NAN;
}

double
fx_brier (const double *score,
          const guint8 *label,
          gsize         n)
{
  return fx_brier_weighted (score, label, NULL, n);
}
