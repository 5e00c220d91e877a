/* fx-report-utility.c: the report's utility section
 *
 * Does a model trained on the synthetic records work on real patients, at each site
 * and in each subgroup?  The same figures and sentences as the Compare pane's
 * Utility view (fx-utility-figures.h), with the numbers as tables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fx-report-blocks.h"
#include "fx-report-private.h"
#include "fx-utility-figures.h"

static FxBlock *
block (FxDocument  *doc,
       FxBlockKind  kind,
       char        *text)   /* (transfer full) */
{
  FxBlock *b = g_new0 (FxBlock, 1);

  b->kind = kind;
  b->text = text;
  g_ptr_array_add (doc->blocks, b);
  return b;
}

static void
table (FxDocument   *doc,
       const char   *caption,
       guint         n_columns,
       const double *widths,
       GPtrArray    *cells)   /* (transfer full) */
{
  FxBlock *b = block (doc, FX_BLOCK_TABLE, g_strdup (caption));
  double total = 0;

  b->n_columns = n_columns;
  b->items = cells;
  b->widths = g_new (double, n_columns);
  b->align = g_new0 (FxAlign, n_columns);
  for (guint i = 0; i < n_columns; i++)
    total += widths[i];
  for (guint i = 0; i < n_columns; i++)
    {
      b->widths[i] = widths[i] / total;
      b->align[i] = i == 0 ? FX_ALIGN_START : FX_ALIGN_END;
    }
}

/* A figure of @which with its sentence as the caption; nothing when it has no plot. */
static void
figure (FxDocument      *doc,
        const FxUtility *u,
        FxUtilityFigure  which,
        FxUtilityFigure  beside,   /* FX_UTILITY_N_FIGURES: alone */
        double           aspect)
{
  FxPlot *first = fx_utility_figure (u, which);
  FxPlot *second = beside < FX_UTILITY_N_FIGURES ? fx_utility_figure (u, beside) : NULL;
  FxBlock *b;

  if (first == NULL)
    {
      g_clear_pointer (&second, fx_plot_free);
      block (doc, FX_BLOCK_PARAGRAPH, fx_utility_figure_sentence (u, which));
      return;
    }
  b = block (doc, FX_BLOCK_FIGURES, fx_utility_figure_sentence (u, which));
  b->plots[0] = first;
  b->plots[1] = second;
  b->aspect = aspect;
}

static char *
with_ci (double value,
         const double ci[2])
{
  g_autofree char *v = fx_report_format_number (value, 3);
  g_autofree char *lo = fx_report_format_number (ci[0], 3);
  g_autofree char *hi = fx_report_format_number (ci[1], 3);

  if (!isfinite (value))
    return g_strdup ("—");
  return g_strdup_printf (_("%s (%s to %s)"), v, lo, hi);
}

static char *
auroc_of (const FxScoreBlock *b)
{
  return b != NULL ? with_ci (b->auroc, b->auroc_ci) : g_strdup ("—");
}

static void
scores_row (GPtrArray          *cells,
            const char         *name,
            const FxScoreBlock *b)
{
  if (b == NULL)
    return;
  g_ptr_array_add (cells, g_strdup (name));
  g_ptr_array_add (cells, g_strdup_printf ("%" G_GSIZE_FORMAT " (%" G_GSIZE_FORMAT ")", b->n, b->positives));
  g_ptr_array_add (cells, with_ci (b->auroc, b->auroc_ci));
  g_ptr_array_add (cells, with_ci (b->auprc, b->auprc_ci));
  g_ptr_array_add (cells, with_ci (b->brier, b->brier_ci));
}

static char *
split_text (const FxUtility *u)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (u->holdout_sites->len > 0)
    {
      g_autoptr(GString) sites = g_string_new (NULL);

      for (guint i = 0; i < u->holdout_sites->len; i++)
        g_string_append_printf (sites, "%s%s", i > 0 ? ", " : "", (char *) g_ptr_array_index (u->holdout_sites, i));

      g_string_append_printf (out, _("The models are tested on the %u real records of %s, a site held out whole (seed %llu)."),
                              u->holdout_rows->len, sites->str, (unsigned long long) u->seed);
    }
  else
    g_string_append_printf (out, _("The models are tested on %u real records held out by outcome and site (%.0f %%, seed %llu)."),
                            u->holdout_rows->len, u->fraction * 100, (unsigned long long) u->seed);
  g_string_append (out, " ");
  g_string_append (out, u->generator_saw_holdout
                        ? _("The synthetic records did not come from a run that kept these records from its "
                            "generator, so the generator may have seen them: the scores may be too kind.")
                        : _("The run that made the synthetic records kept these records from its generator."));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
fx_report_utility_section (FxReport   *report,
                           FxDocument *doc)
{
  const FxUtility *u = report->utility;
  GPtrArray *cells;

  fx_document_heading (doc, 1, "utility", _("Utility: Trained on Synthetic, Tested on Real"));
  block (doc, FX_BLOCK_PARAGRAPH,
         g_strdup_printf (_("An XGBoost model predicting “%s” is trained on the real training records (TRTR), "
                            "on the synthetic records of %s (TSTR) and within the synthetic records (TSTS), "
                            "and tested on real records. 95 %% intervals: DeLong for AUROC, a stratified "
                            "bootstrap for AUPRC and Brier."),
                          u->target, report->utility_label != NULL ? report->utility_label : _("the set")));
  block (doc, FX_BLOCK_PARAGRAPH, split_text (u));

  cells = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (cells, g_strdup ((const char *[]) { _("Model"), _("Tested on (positives)"), _("AUROC"),
                                                         _("AUPRC"), _("Brier") }[i]));
  scores_row (cells, _("Trained on real (TRTR)"), u->trtr);
  scores_row (cells, _("Trained on synthetic (TSTR)"), u->tstr);
  scores_row (cells, _("Within synthetic (TSTS)"), u->tsts);
  table (doc, _("Scores with 95 % intervals"), 5, (const double[]) { 2.2, 1.4, 2, 2, 2 }, cells);
  figure (doc, u, FX_UTILITY_FIGURE_ROC, FX_UTILITY_FIGURE_PR, 0.8);

  fx_document_heading (doc, 2, "utility-sites", _("Per Site"));
  if (u->sites->len > 0)
    {
      cells = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < 5; i++)
        g_ptr_array_add (cells, g_strdup ((const char *[]) { _("Site"), _("Held-out records"), _("TSTR AUROC"),
                                                             _("TRTR AUROC"), _("Other sites' ceiling") }[i]));
      for (guint i = 0; i < u->sites->len; i++)
        {
          const FxSiteScores *s = g_ptr_array_index (u->sites, i);

          g_ptr_array_add (cells, g_strdup (s->site));
          g_ptr_array_add (cells, g_strdup_printf ("%" G_GSIZE_FORMAT, s->holdout_rows));
          g_ptr_array_add (cells, auroc_of (s->tstr));
          g_ptr_array_add (cells, auroc_of (s->trtr));
          g_ptr_array_add (cells, auroc_of (s->loso_trtr));
        }
      table (doc, _("AUROC per site; the ceiling is a model trained on the other sites' real records"),
             5, (const double[]) { 1.6, 1.2, 2, 2, 2 }, cells);
    }
  figure (doc, u, FX_UTILITY_FIGURE_SITES, FX_UTILITY_N_FIGURES, 0.45);

  fx_document_heading (doc, 2, "utility-subgroups", _("Per Subgroup"));
  figure (doc, u, FX_UTILITY_FIGURE_SUBGROUPS, FX_UTILITY_N_FIGURES, 0.6);

  fx_document_heading (doc, 2, "utility-importance", _("Importance and Replication"));
  figure (doc, u, FX_UTILITY_FIGURE_IMPORTANCE, FX_UTILITY_N_FIGURES, 0.6);
  figure (doc, u, FX_UTILITY_FIGURE_ODDS_RATIOS, FX_UTILITY_N_FIGURES, 0.6);
}
