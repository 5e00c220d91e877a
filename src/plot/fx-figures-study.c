/* fx-figures-study.c: a study's measures against the number of features and of rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "fx-figures-study.h"

guint
fx_figure_study_rows (const FxLeaderboard *board)
{
  guint rows = 0;

  for (guint i = 0; i < board->rows->len; i++)
    rows = MAX (rows, ((FxLeaderboardRow *) g_ptr_array_index (board->rows, i))->n_rows);
  return rows;
}

guint
fx_figure_study_features (const FxLeaderboard *board)
{
  guint best = 0;

  for (guint i = 0; i < board->rows->len; i++)
    {
      guint k = ((FxLeaderboardRow *) g_ptr_array_index (board->rows, i))->n_features;

      if (best == 0 || abs ((int) k - 10) < abs ((int) best - 10))
        best = k;
    }
  return best;
}

static char *
line_name (const FxLeaderboardRow *row)
{
  if (row->strategy == NULL)
    return g_strdup (row->generator);
  return g_strdup_printf ("%s %s, %s", row->generator, row->model != NULL ? row->model : "", row->strategy);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

typedef struct
{
  double x;
  double y;
} Point;

static const char *
reference_name (FxMeasure measure)
{
  if (measure == FX_MEASURE_TSTR_AUROC || measure == FX_MEASURE_TSTR_OVER_TRTR)
    return _("Trained on real rows (TRTR)");
  if (measure == FX_MEASURE_ATTACK_AUROC || measure == FX_MEASURE_CLOSER)
    return _("Real rows the generator never saw");
  if (measure == FX_MEASURE_BREAKING)
    return _("The real rows");
  return _("Holdout baseline (real against real)");
}

FxPlot *
fx_figure_study (const FxLeaderboard *board,
                 FxMeasure            measure,
                 gboolean             against_rows)
{
  guint fixed = against_rows ? fx_figure_study_features (board) : fx_figure_study_rows (board);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  FxPlot *plot;
  guint lines = 0;

  g_return_val_if_fail (measure < FX_N_MEASURES, NULL);

  /* the lines, in the leaderboard's order of first appearance */
  for (guint i = 0; i < board->rows->len; i++)
    {
      g_autofree char *name = line_name (g_ptr_array_index (board->rows, i));

      if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
        g_ptr_array_add (names, g_steal_pointer (&name));
    }

  plot = fx_plot_new_lines ();
  for (guint n = 0; n < names->len; n++)
    {
      g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (Point));
      g_autofree double *x = NULL, *y = NULL;

      for (guint i = 0; i < board->rows->len; i++)
        {
          const FxLeaderboardRow *row = g_ptr_array_index (board->rows, i);
          g_autofree char *name = line_name (row);
          Point p;

          if (!g_str_equal (name, g_ptr_array_index (names, n)) || isnan (row->mean[measure]) ||
              (against_rows ? row->n_features : row->n_rows) != fixed)
            continue;
          p.x = against_rows ? row->n_rows : row->n_features;
          p.y = row->mean[measure];
          g_array_append_val (points, p);
        }
      if (points->len == 0)
        continue;
      /* Point starts with x: sorted by x */
      g_array_sort (points, compare_doubles);
      x = g_new (double, points->len);
      y = g_new (double, points->len);
      for (guint k = 0; k < points->len; k++)
        {
          x[k] = g_array_index (points, Point, k).x;
          y[k] = g_array_index (points, Point, k).y;
        }
      fx_plot_add_line (plot, g_ptr_array_index (names, n), x, y, points->len);
      lines++;
    }
  if (lines == 0)
    {
      fx_plot_free (plot);
      return NULL;
    }

  /* real against real: what sampling alone gives, the reference every line is read
   * against; for utility a model trained on real rows, for privacy what real rows the
   * generator never saw score */
  if (measure <= FX_MEASURE_BREAKING && board->holdout->len > 0)
    {
      g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));

      if (!against_rows)
        for (guint k = 0; k < board->holdout->len; k++)
          {
            const FxHoldoutRow *h = &g_array_index (board->holdout, FxHoldoutRow, k);

            if (isnan (h->values[measure]))
              continue;
            g_array_append_val (xs, (double) { h->n_features });
            g_array_append_val (ys, h->values[measure]);
          }
      else
        for (guint k = 0; k < board->holdout->len; k++)
          {
            const FxHoldoutRow *h = &g_array_index (board->holdout, FxHoldoutRow, k);

            if (h->n_features != fixed || isnan (h->values[measure]))
              continue;
            /* the halves do not depend on how many rows were generated: a level line */
            for (guint i = 0; i < board->rows->len; i++)
              {
                double r = ((FxLeaderboardRow *) g_ptr_array_index (board->rows, i))->n_rows;
                gboolean seen = FALSE;

                for (guint j = 0; j < xs->len; j++)
                  seen |= g_array_index (xs, double, j) == r;
                if (!seen)
                  g_array_append_val (xs, r);
              }
            g_array_sort (xs, compare_doubles);
            for (guint j = 0; j < xs->len; j++)
              g_array_append_val (ys, h->values[measure]);
          }
      if (xs->len > 0)
        fx_plot_add_line (plot, reference_name (measure), (double *) xs->data, (double *) ys->data, xs->len);
    }

  if (against_rows)
    {
      g_autofree char *title = g_strdup_printf (_("%s, %u features"),
                                                fx_measure_title (measure), fixed);

      fx_plot_set_title (plot, title);
      fx_plot_set_x_title (plot, _("Rows generated"));
    }
  else
    {
      g_autofree char *title = g_strdup_printf (_("%s, %u rows"),
                                                fx_measure_title (measure), fixed);

      fx_plot_set_title (plot, title);
      fx_plot_set_x_title (plot, _("Features generated (besides the target)"));
    }
  fx_plot_set_y_title (plot, fx_measure_title (measure));
  return plot;
}
