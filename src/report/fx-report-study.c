/* fx-report-study.c: a study's leaderboard and charts in a report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fx-figures-study.h"
#include "fx-report-private.h"

void
fx_report_set_study (FxReport            *report,
                     const FxLeaderboard *board,
                     const char          *description)
{
  g_return_if_fail (report != NULL);

  report->leaderboard = board;
  g_free (report->study_description);
  report->study_description = g_strdup (description);
}

static FxBlock *
add (FxDocument  *doc,
     FxBlockKind  kind,
     char        *text)
{
  FxBlock *block = g_new0 (FxBlock, 1);

  block->kind = kind;
  block->text = text;
  g_ptr_array_add (doc->blocks, block);
  return block;
}

static char *
mean_sd (const FxLeaderboardRow *row,
         FxMeasure               m,
         int                     digits)
{
  g_autofree char *mean = NULL, *sd = NULL;

  if (isnan (row->mean[m]))
    return g_strdup ("—");
  mean = fx_report_format_number (row->mean[m], digits);
  if (isnan (row->sd[m]))
    return g_steal_pointer (&mean);
  /* a spread below the digits shown is none: not 1.4e-16 */
  sd = fx_report_format_number (fabs (row->sd[m]) < 0.5 * pow (10, -digits) ? 0 : row->sd[m], digits);
  return g_strdup_printf ("%s ± %s", mean, sd);
}

typedef struct
{
  FxMeasure m;
  int       digits;
} Column;

/* The TSTR AUROC with the repeats' mean interval: "0.712 ± 0.010 (0.660 to 0.760)". */
static char *
cell_text (const FxLeaderboardRow *row,
           FxMeasure               m,
           int                     digits)
{
  g_autofree char *text = mean_sd (row, m, digits);
  g_autofree char *low = NULL, *high = NULL;

  if (m != FX_MEASURE_TSTR_AUROC || isnan (row->mean[m]) || isnan (row->tstr_auroc_ci[0]))
    return g_steal_pointer (&text);
  low = fx_report_format_number (row->tstr_auroc_ci[0], digits);
  high = fx_report_format_number (row->tstr_auroc_ci[1], digits);
  return g_strdup_printf (_("%s (%s to %s)"), text, low, high);
}

static void
leaderboard_table (FxDocument          *doc,
                   const FxLeaderboard *board,
                   const Column        *columns,
                   guint                n_measures,
                   const char          *what)
{
  guint n_columns = 3 + n_measures;
  FxBlock *block;
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *caption = NULL;

  g_ptr_array_add (cells, g_strdup (_("Generator")));
  g_ptr_array_add (cells, g_strdup (_("Features")));
  g_ptr_array_add (cells, g_strdup (_("Rows")));
  for (guint c = 0; c < n_measures; c++)
    {
      if (columns[c].m == FX_MEASURE_COST && board->currency != NULL)
        g_ptr_array_add (cells, g_strdup_printf ("%s (%s)", fx_measure_title (columns[c].m), board->currency));
      else
        g_ptr_array_add (cells, g_strdup (fx_measure_title (columns[c].m)));
    }
  for (guint i = 0; i < board->rows->len; i++)
    {
      const FxLeaderboardRow *row = g_ptr_array_index (board->rows, i);

      g_ptr_array_add (cells, row->strategy != NULL
                              ? g_strdup_printf ("%s %s, %s", row->generator, row->model != NULL ? row->model : "",
                                                 row->strategy)
                              : g_strdup (row->generator));
      g_ptr_array_add (cells, g_strdup_printf ("%u", row->n_features));
      g_ptr_array_add (cells, g_strdup_printf ("%u", row->n_rows));
      for (guint c = 0; c < n_measures; c++)
        g_ptr_array_add (cells, cell_text (row, columns[c].m, columns[c].digits));
    }
  caption = g_strdup_printf (_("%s: one row per generator, number of features and number of rows, the mean over "
                               "the repeats ± their standard deviation (%u cells in all)."), what, board->cells->len);
  block = add (doc, FX_BLOCK_TABLE, g_steal_pointer (&caption));
  block->n_columns = n_columns;
  block->items = cells;
  block->widths = g_new (double, n_columns);
  block->align = g_new0 (FxAlign, n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      block->widths[c] = (c == 0 ? 2.0 : c == 1 ? 0.9 : c == 2 ? 1.2 : 1.5) *
                         (c >= 3 && columns[c - 3].m == FX_MEASURE_TSTR_AUROC ? 2 : 1);
      block->align[c] = c == 0 ? FX_ALIGN_START : FX_ALIGN_END;
    }
  {
    double total = 0;

    for (guint c = 0; c < n_columns; c++)
      total += block->widths[c];
    for (guint c = 0; c < n_columns; c++)
      block->widths[c] /= total;
  }
}

void
fx_report_study_section (FxReport   *report,
                         FxDocument *doc)
{
  static const FxMeasure charted[] = {
    FX_MEASURE_MEAN_KS, FX_MEASURE_MEAN_KL, FX_MEASURE_PEARSON, FX_MEASURE_DIFFERING,
    FX_MEASURE_TSTR_AUROC, FX_MEASURE_TSTR_OVER_TRTR, FX_MEASURE_ATTACK_AUROC, FX_MEASURE_CLOSER,
    FX_MEASURE_BREAKING, FX_MEASURE_REJECTED, FX_MEASURE_TOKENS, FX_MEASURE_COST, FX_MEASURE_LATENCY,
  };
  static const Column fidelity[] = {
    { FX_MEASURE_MEAN_KS, 3 }, { FX_MEASURE_MEAN_KL, 3 }, { FX_MEASURE_PEARSON, 3 },
    { FX_MEASURE_DIFFERING, 2 }, { FX_MEASURE_TOKENS, 0 }, { FX_MEASURE_COST, 2 }, { FX_MEASURE_LATENCY, 2 },
  };
  static const Column others[] = {
    { FX_MEASURE_TSTR_AUROC, 3 }, { FX_MEASURE_TSTR_OVER_TRTR, 3 }, { FX_MEASURE_ATTACK_AUROC, 3 },
    { FX_MEASURE_CLOSER, 3 }, { FX_MEASURE_BREAKING, 3 }, { FX_MEASURE_REJECTED, 3 },
  };
  const FxLeaderboard *board = report->leaderboard;
  FxBlock *block;

  block = add (doc, FX_BLOCK_HEADING, g_strdup (_("Study")));
  block->level = 1;
  block->id = g_strdup ("study");
  add (doc, FX_BLOCK_PARAGRAPH,
       g_strdup_printf (_("A grid of generations, each an ordinary run compared with the real data: %s. The holdout "
                          "baseline compares one half of the real rows with the other; it is what sampling alone "
                          "gives, the line the others are read against."),
                        report->study_description != NULL ? report->study_description : _("as recorded")));
  leaderboard_table (doc, board, fidelity, G_N_ELEMENTS (fidelity), _("Fidelity and cost"));
  add (doc, FX_BLOCK_PARAGRAPH,
       g_strdup (_("Utility: a gradient-boosted model of the target trained on each generation's rows and tested on "
                   "real rows its generator never saw (TSTR), its AUROC with a 95 % DeLong interval, and that AUROC "
                   "over the one of a model trained on real rows (TRTR). Privacy: the AUROC of a membership attack "
                   "telling training rows from those held out (0.5: no better than chance) and the share of "
                   "generated rows closer to a training row than to any held-out one (0.5 for rows never seen). "
                   "Validity: the share of rows breaking the schema's rules, beside the share the checks "
                   "rejected while generating.")));
  leaderboard_table (doc, board, others, G_N_ELEMENTS (others), _("Utility, privacy and validity"));
  for (guint i = 0; i < board->notes->len; i++)
    add (doc, FX_BLOCK_PARAGRAPH, g_strdup (g_ptr_array_index (board->notes, i)));

  block = add (doc, FX_BLOCK_HEADING, g_strdup (_("Charts")));
  block->level = 2;
  block->id = g_strdup ("study-charts");
  for (guint i = 0; i < G_N_ELEMENTS (charted); i++)
    {
      FxPlot *by_features = fx_figure_study (board, charted[i], FALSE);
      FxPlot *by_rows = fx_figure_study (board, charted[i], TRUE);

      if (by_features == NULL && by_rows == NULL)
        continue;
      block = add (doc, FX_BLOCK_FIGURES,
                   g_strdup_printf (_("%s against the number of features at %u rows, and against the number of rows "
                                      "at %u features; each point the mean over the repeats."),
                                    fx_measure_title (charted[i]), fx_figure_study_rows (board),
                                    fx_figure_study_features (board)));
      block->plots[0] = by_features != NULL ? by_features : by_rows;
      block->plots[1] = by_features != NULL ? by_rows : NULL;
      block->aspect = 0.75;
    }
}
