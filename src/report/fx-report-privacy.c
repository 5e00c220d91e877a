/* fx-report-privacy.c: a report's privacy section: for every set, how close its
 * records are to the patients they were made from, side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fx-privacy-figures.h"
#include "fx-privacy-output.h"
#include "fx-report-blocks.h"
#include "fx-report-privacy.h"
#include "fx-report-sections.h"

void
fx_report_set_privacy (FxReport        *report,
                       guint            set,
                       const FxPrivacy *privacy)
{
  g_return_if_fail (set < report->sets->len);

  ((FxReportSet *) g_ptr_array_index (report->sets, set))->privacy = privacy;
}

guint
fx_report_get_n_sets (FxReport *report)
{
  return report->sets->len;
}

static char *
share (double value)
{
  g_autofree char *number = fx_report_format_number (100 * value, 1);

  return isfinite (value) ? g_strdup_printf ("%s %%", number) : g_strdup ("—");
}

static char *
pair (double a,
      double b,
      int    digits)
{
  g_autofree char *x = fx_report_format_number (a, digits);
  g_autofree char *y = fx_report_format_number (b, digits);

  return g_strdup_printf ("%s / %s", x, y);
}

typedef enum
{
  ROW_EXACT_SYNTHETIC,
  ROW_EXACT_HOLDOUT,
  ROW_DCR_SYNTHETIC,
  ROW_DCR_HOLDOUT,
  ROW_CLOSER,
  ROW_NNDR_SYNTHETIC,
  ROW_NNDR_HOLDOUT,
  ROW_AUROC,
  ROW_ADVANTAGE,
  ROW_ROWS,
  N_ROWS
} Row;

static char *
cell (const FxPrivacy *p,
      Row              row)
{
  switch (row)
    {
    case ROW_EXACT_SYNTHETIC:
      return share (p->exact_synthetic);
    case ROW_EXACT_HOLDOUT:
      return share (p->exact_holdout);
    case ROW_DCR_SYNTHETIC:
      return pair (p->dcr_synthetic_p5, p->dcr_synthetic_median, 4);
    case ROW_DCR_HOLDOUT:
      return pair (p->dcr_holdout_p5, p->dcr_holdout_median, 4);
    case ROW_CLOSER:
      return share (p->share_closer_to_training);
    case ROW_NNDR_SYNTHETIC:
      return pair (p->nndr_synthetic_p5, p->nndr_synthetic_median, 3);
    case ROW_NNDR_HOLDOUT:
      return pair (p->nndr_holdout_p5, p->nndr_holdout_median, 3);
    case ROW_AUROC:
      {
        g_autofree char *auroc = fx_report_format_number (p->auroc, 3);
        g_autofree char *low = fx_report_format_number (p->auroc_low, 3);
        g_autofree char *high = fx_report_format_number (p->auroc_high, 3);

        return g_strdup_printf ("%s (%s–%s)", auroc, low, high);
      }
    case ROW_ADVANTAGE:
      return fx_report_format_number (p->advantage, 3);
    case ROW_ROWS:
      return g_strdup_printf ("%" G_GSIZE_FORMAT " / %" G_GSIZE_FORMAT " / %" G_GSIZE_FORMAT "%s",
                              p->n_synthetic, p->n_training, p->n_holdout, p->sampled ? _(" (sampled)") : "");
    case N_ROWS:
    default:
      return g_strdup ("");
    }
}

void
fx_report_privacy_section (FxReport   *report,
                           FxDocument *doc)
{
  static const char * const terms[N_ROWS] = {
    N_("Exact copies of training rows (synthetic)"),
    N_("Exact copies of training rows (holdout: chance)"),
    N_("Distance to closest training row, p5 / median (synthetic)"),
    N_("Distance to closest training row, p5 / median (holdout)"),
    N_("Synthetic rows closer to training than to holdout (50 % ideal)"),
    N_("Nearest-neighbour distance ratio, p5 / median (synthetic)"),
    N_("Nearest-neighbour distance ratio, p5 / median (holdout)"),
    N_("Membership attack AUROC (95 % CI; 0.5: learns nothing)"),
    N_("Membership attack advantage, max (TPR − FPR)"),
    N_("Rows measured: synthetic / training / holdout"),
  };
  g_autoptr(GPtrArray) measured = g_ptr_array_new ();
  g_autofree double *widths = NULL;
  GPtrArray *cells;

  for (guint i = 0; i < report->sets->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (report->sets, i);

      if (set->privacy != NULL)
        g_ptr_array_add (measured, set);
    }
  if (measured->len == 0)
    return;

  fx_document_heading (doc, 1, "privacy", _("Privacy"));
  fx_document_paragraph (doc, _("Could a real patient be recognised in the synthetic records? Each "
                                "synthetic row is compared with the real rows the generator learnt from "
                                "(the training part) and with real rows it never saw (the holdout), by "
                                "Gower distance over the model inputs. Records no closer to the training "
                                "patients than to new patients disclose nothing particular to them; exact "
                                "copies, an attack that tells members from non-members "
                                "(AUROC above 0.5) or most rows closer to the training part show a leak."));

  widths = g_new (double, measured->len + 1);
  widths[0] = 3.0;
  cells = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (cells, g_strdup (_("Measure")));
  for (guint i = 0; i < measured->len; i++)
    {
      widths[i + 1] = measured->len > 2 ? 1.2 : 1.6;
      g_ptr_array_add (cells, g_strdup (((FxReportSet *) g_ptr_array_index (measured, i))->label));
    }
  for (guint r = 0; r < N_ROWS; r++)
    {
      g_ptr_array_add (cells, g_strdup (_(terms[r])));
      for (guint i = 0; i < measured->len; i++)
        g_ptr_array_add (cells, cell (((FxReportSet *) g_ptr_array_index (measured, i))->privacy, r));
    }
  fx_document_table (doc, _("Privacy measures of each synthetic set"), measured->len + 1, widths, cells);

  for (guint i = 0; i < measured->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (measured, i);
      const FxPrivacy *p = set->privacy;
      g_autofree char *id = g_strdup_printf ("privacy-%u", i + 1);
      g_autofree char *caption = NULL;
      g_autofree char *exact = share (p->exact_synthetic);
      g_autofree char *closer = share (p->share_closer_to_training);
      g_autofree char *auroc = fx_report_format_number (p->auroc, 3);
      g_autofree char *sentence = NULL;
      FxPlot *histogram, *roc;

      fx_document_heading (doc, 2, id, set->label);
      sentence = g_strdup_printf (_("%s Exact copies: %s of synthetic rows; closer to training than to "
                                    "holdout: %s; attack AUROC: %s."),
                                  fx_privacy_sentence (p), exact, closer, auroc);
      fx_document_note (doc, sentence, fx_privacy_shows_leak (p));
      histogram = fx_figure_dcr_histogram ((const double *) p->dcr_synthetic->data, p->dcr_synthetic->len,
                                           (const double *) p->dcr_holdout->data, p->dcr_holdout->len);
      roc = fx_figure_attack_roc ((const double *) p->roc_fpr->data, (const double *) p->roc_tpr->data,
                                  p->roc_fpr->len, p->auroc);
      caption = g_strdup_printf (_("%s: distances to the closest training record, and the "
                                   "membership-inference attack"), set->label);
      if (histogram == NULL)
        {
          histogram = roc;
          roc = NULL;
        }
      fx_document_figures (doc, caption, histogram, roc, 0.75);
    }
}

void
fx_report_privacy_json (const FxReportSet *set,
                        FxJsonWriter      *w)
{
  if (set->privacy == NULL)
    return;
  fx_json_writer_key (w, "privacy");
  fx_privacy_write_json (set->privacy, w);
}
