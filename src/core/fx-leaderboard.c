/* fx-leaderboard.c: a study's cells, side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fx-leaderboard.h"

static const struct
{
  const char *key;
  const char *title;
} measures[FX_N_MEASURES] = {
  { "mean_ks", N_("Mean KS") },
  { "mean_kl", N_("Mean KL") },
  { "mean_abs_delta_r", N_("Mean |Δr|") },
  { "share_differing", N_("Features differing") },
  { "tstr_auroc", N_("TSTR AUROC") },
  { "tstr_over_trtr", N_("TSTR/TRTR") },
  { "attack_auroc", N_("Attack AUROC") },
  { "share_closer_to_training", N_("Closer to training") },
  { "share_breaking_rules", N_("Rows breaking rules") },
  { "share_rejected", N_("Rows rejected") },
  { "tokens", N_("Tokens") },
  { "cost", N_("Cost") },
  { "latency_per_1000_rows", N_("Seconds per 1,000 rows") },
};

const char *
fx_measure_to_string (FxMeasure measure)
{
  g_return_val_if_fail (measure < FX_N_MEASURES, NULL);
  return measures[measure].key;
}

const char *
fx_measure_title (FxMeasure measure)
{
  g_return_val_if_fail (measure < FX_N_MEASURES, NULL);
  return _(measures[measure].title);
}

gboolean
fx_measure_higher_is_better (FxMeasure measure)
{
  return measure == FX_MEASURE_TSTR_AUROC || measure == FX_MEASURE_TSTR_OVER_TRTR;
}

FxStudyCell *
fx_study_cell_new (void)
{
  FxStudyCell *cell = g_new0 (FxStudyCell, 1);

  for (guint m = 0; m < FX_N_MEASURES; m++)
    cell->values[m] = NAN;
  cell->tstr_auroc_ci[0] = cell->tstr_auroc_ci[1] = NAN;
  return cell;
}

void
fx_study_cell_free (FxStudyCell *cell)
{
  g_free (cell->generator);
  g_free (cell->model);
  g_free (cell->strategy);
  g_free (cell->origin);
  g_free (cell);
}

static void
row_free (FxLeaderboardRow *row)
{
  g_free (row->generator);
  g_free (row->model);
  g_free (row->strategy);
  g_free (row);
}

FxLeaderboard *
fx_leaderboard_new (void)
{
  FxLeaderboard *board = g_new0 (FxLeaderboard, 1);

  board->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_study_cell_free);
  board->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  board->holdout = g_array_new (FALSE, TRUE, sizeof (FxHoldoutRow));
  board->notes = g_ptr_array_new_with_free_func (g_free);
  return board;
}

void
fx_leaderboard_free (FxLeaderboard *board)
{
  if (board == NULL)
    return;
  g_ptr_array_unref (board->cells);
  g_ptr_array_unref (board->rows);
  g_array_unref (board->holdout);
  g_ptr_array_unref (board->notes);
  g_free (board->currency);
  g_free (board);
}

void
fx_leaderboard_add_cell (FxLeaderboard *board,
                         FxStudyCell   *cell)
{
  g_ptr_array_add (board->cells, cell);
}

void
fx_leaderboard_add_note (FxLeaderboard *board,
                         const char    *note)
{
  if (note != NULL && !g_ptr_array_find_with_equal_func (board->notes, note, g_str_equal, NULL))
    g_ptr_array_add (board->notes, g_strdup (note));
}

static int
compare_holdout (gconstpointer a,
                 gconstpointer b)
{
  guint x = ((const FxHoldoutRow *) a)->n_features, y = ((const FxHoldoutRow *) b)->n_features;

  return (x > y) - (x < y);
}

void
fx_leaderboard_add_holdout (FxLeaderboard *board,
                            guint          n_features,
                            const double  *values)
{
  FxHoldoutRow row = { n_features, { 0 } };

  for (guint i = 0; i < board->holdout->len; i++)
    {
      FxHoldoutRow *known = &g_array_index (board->holdout, FxHoldoutRow, i);

      if (known->n_features != n_features)
        continue;
      /* what the first could not measure, a later one may have */
      for (guint m = 0; m < FX_N_MEASURES; m++)
        if (isnan (known->values[m]))
          known->values[m] = values[m];
      return;
    }
  memcpy (row.values, values, sizeof row.values);
  g_array_append_val (board->holdout, row);
  g_array_sort (board->holdout, compare_holdout);
}

static gboolean
same_row (const FxLeaderboardRow *row,
          const FxStudyCell      *cell)
{
  return g_strcmp0 (row->generator, cell->generator) == 0 && g_strcmp0 (row->model, cell->model) == 0 &&
         g_strcmp0 (row->strategy, cell->strategy) == 0 && row->n_features == cell->n_features &&
         row->n_rows == cell->n_rows;
}

void
fx_leaderboard_tabulate (FxLeaderboard *board)
{
  g_ptr_array_set_size (board->rows, 0);
  for (guint i = 0; i < board->cells->len; i++)
    {
      const FxStudyCell *cell = g_ptr_array_index (board->cells, i);
      FxLeaderboardRow *row = NULL;

      for (guint k = 0; k < board->rows->len && row == NULL; k++)
        if (same_row (g_ptr_array_index (board->rows, k), cell))
          row = g_ptr_array_index (board->rows, k);
      if (row != NULL)
        continue;
      row = g_new0 (FxLeaderboardRow, 1);
      row->generator = g_strdup (cell->generator);
      row->model = g_strdup (cell->model);
      row->strategy = g_strdup (cell->strategy);
      row->n_features = cell->n_features;
      row->n_rows = cell->n_rows;
      g_ptr_array_add (board->rows, row);
    }

  /* mean and sample standard deviation over the repeats measured */
  for (guint k = 0; k < board->rows->len; k++)
    {
      FxLeaderboardRow *row = g_ptr_array_index (board->rows, k);

      for (guint m = 0; m < FX_N_MEASURES; m++)
        {
          double sum = 0, sum2 = 0;
          guint n = 0, repeats = 0;

          for (guint i = 0; i < board->cells->len; i++)
            {
              const FxStudyCell *cell = g_ptr_array_index (board->cells, i);

              if (!same_row (row, cell))
                continue;
              repeats++;
              if (isnan (cell->values[m]))
                continue;
              sum += cell->values[m];
              n++;
            }
          row->repeats = repeats;
          row->mean[m] = n > 0 ? sum / n : NAN;
          for (guint i = 0; i < board->cells->len; i++)
            {
              const FxStudyCell *cell = g_ptr_array_index (board->cells, i);

              if (same_row (row, cell) && !isnan (cell->values[m]))
                sum2 += (cell->values[m] - row->mean[m]) * (cell->values[m] - row->mean[m]);
            }
          row->sd[m] = n > 1 ? sqrt (sum2 / (n - 1)) : NAN;
        }
      for (guint b = 0; b < 2; b++)
        {
          double sum = 0;
          guint n = 0;

          for (guint i = 0; i < board->cells->len; i++)
            {
              const FxStudyCell *cell = g_ptr_array_index (board->cells, i);

              if (same_row (row, cell) && !isnan (cell->tstr_auroc_ci[b]))
                {
                  sum += cell->tstr_auroc_ci[b];
                  n++;
                }
            }
          row->tstr_auroc_ci[b] = n > 0 ? sum / n : NAN;
        }
    }
}

static FxMeasure sort_measure;
static gboolean sort_ascending;

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const FxLeaderboardRow *x = *(FxLeaderboardRow * const *) a, *y = *(FxLeaderboardRow * const *) b;
  double u = x->mean[sort_measure], v = y->mean[sort_measure];
  int order;

  /* rows without the measure go last either way */
  if (isnan (u) || isnan (v))
    return isnan (u) - isnan (v);
  order = (u > v) - (u < v);
  return sort_ascending ? order : -order;
}

void
fx_leaderboard_sort (FxLeaderboard *board,
                     FxMeasure      measure,
                     gboolean       ascending)
{
  g_return_if_fail (measure < FX_N_MEASURES);

  sort_measure = measure;
  sort_ascending = ascending;
  g_ptr_array_sort (board->rows, compare_rows);
}

static void
csv_field (GString    *s,
           const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (s, text);
      return;
    }
  g_string_append_c (s, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
}

static void
csv_number (GString *s,
            double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (s, ',');
  if (!isnan (value))
    g_string_append (s, g_ascii_formatd (buffer, sizeof buffer, "%.6g", value));
}

char *
fx_leaderboard_to_csv (const FxLeaderboard *board)
{
  GString *s = g_string_new ("generator,model,strategy,features,rows,repeats");

  for (guint m = 0; m < FX_N_MEASURES; m++)
    {
      g_string_append_printf (s, ",%s,%s_sd", measures[m].key, measures[m].key);
      if (m == FX_MEASURE_TSTR_AUROC)
        g_string_append (s, ",tstr_auroc_low,tstr_auroc_high");
    }
  g_string_append (s, "\r\n");
  for (guint k = 0; k < board->rows->len; k++)
    {
      const FxLeaderboardRow *row = g_ptr_array_index (board->rows, k);

      csv_field (s, row->generator);
      g_string_append_c (s, ',');
      csv_field (s, row->model);
      g_string_append_c (s, ',');
      csv_field (s, row->strategy);
      g_string_append_printf (s, ",%u,%u,%u", row->n_features, row->n_rows, row->repeats);
      for (guint m = 0; m < FX_N_MEASURES; m++)
        {
          csv_number (s, row->mean[m]);
          csv_number (s, row->sd[m]);
          if (m == FX_MEASURE_TSTR_AUROC)
            {
              csv_number (s, row->tstr_auroc_ci[0]);
              csv_number (s, row->tstr_auroc_ci[1]);
            }
        }
      g_string_append (s, "\r\n");
    }
  return g_string_free (s, FALSE);
}

static void
add_number (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  if (isnan (value) || isinf (value))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, value);
}

static void
add_interval (JsonBuilder  *b,
              const char   *name,
              const double *ci)
{
  json_builder_set_member_name (b, name);
  if (isnan (ci[0]) || isnan (ci[1]))
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_array (b);
  json_builder_add_double_value (b, ci[0]);
  json_builder_add_double_value (b, ci[1]);
  json_builder_end_array (b);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value == NULL)
    json_builder_add_null_value (b);
  else
    json_builder_add_string_value (b, value);
}

char *
fx_leaderboard_to_json (const FxLeaderboard *board)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  add_string (b, "currency", board->currency);
  json_builder_set_member_name (b, "notes");
  json_builder_begin_array (b);
  for (guint i = 0; i < board->notes->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (board->notes, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "leaderboard");
  json_builder_begin_array (b);
  for (guint k = 0; k < board->rows->len; k++)
    {
      const FxLeaderboardRow *row = g_ptr_array_index (board->rows, k);

      json_builder_begin_object (b);
      add_string (b, "generator", row->generator);
      add_string (b, "model", row->model);
      add_string (b, "strategy", row->strategy);
      json_builder_set_member_name (b, "features");
      json_builder_add_int_value (b, row->n_features);
      json_builder_set_member_name (b, "rows");
      json_builder_add_int_value (b, row->n_rows);
      json_builder_set_member_name (b, "repeats");
      json_builder_add_int_value (b, row->repeats);
      for (guint m = 0; m < FX_N_MEASURES; m++)
        {
          g_autofree char *sd = g_strdup_printf ("%s_sd", measures[m].key);

          add_number (b, measures[m].key, row->mean[m]);
          add_number (b, sd, row->sd[m]);
        }
      add_interval (b, "tstr_auroc_ci", row->tstr_auroc_ci);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "holdout");
  json_builder_begin_array (b);
  for (guint k = 0; k < board->holdout->len; k++)
    {
      const FxHoldoutRow *row = &g_array_index (board->holdout, FxHoldoutRow, k);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "features");
      json_builder_add_int_value (b, row->n_features);
      for (guint m = FX_MEASURE_MEAN_KS; m <= FX_MEASURE_BREAKING; m++)
        add_number (b, measures[m].key, row->values[m]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "cells");
  json_builder_begin_array (b);
  for (guint i = 0; i < board->cells->len; i++)
    {
      const FxStudyCell *cell = g_ptr_array_index (board->cells, i);

      json_builder_begin_object (b);
      add_string (b, "generator", cell->generator);
      add_string (b, "model", cell->model);
      add_string (b, "strategy", cell->strategy);
      json_builder_set_member_name (b, "features");
      json_builder_add_int_value (b, cell->n_features);
      json_builder_set_member_name (b, "rows");
      json_builder_add_int_value (b, cell->n_rows);
      json_builder_set_member_name (b, "seed");
      json_builder_add_int_value (b, (gint64) cell->seed);
      json_builder_set_member_name (b, "run");
      json_builder_add_int_value (b, cell->run_id);
      add_string (b, "origin", cell->origin);
      json_builder_set_member_name (b, "prompt_tokens");
      json_builder_add_int_value (b, cell->prompt_tokens);
      json_builder_set_member_name (b, "completion_tokens");
      json_builder_add_int_value (b, cell->completion_tokens);
      for (guint m = 0; m < FX_N_MEASURES; m++)
        add_number (b, measures[m].key, cell->values[m]);
      add_interval (b, "tstr_auroc_ci", cell->tstr_auroc_ci);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, TRUE);
}
