/* fx-utility-figures.c: the plots of a utility evaluation, and their sentences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "fx-plot-private.h"
#include "fx-utility-figures.h"

#define MAX_CURVE_POINTS 400   /* a curve is thinned to about this many corners */

typedef struct
{
  double score;
  guint8 label;
} Scored;

static int
by_score_desc (const void *a,
               const void *b)
{
  double x = ((const Scored *) a)->score, y = ((const Scored *) b)->score;

  return (x < y) - (x > y);
}

/* The ROC (FPR, TPR) or precision-recall (recall, precision) curve of @scores, one
 * point per distinct threshold, thinned to about MAX_CURVE_POINTS. */
static void
curve (const guint8 *labels,
       const double *scores,
       gsize         n,
       gboolean      roc,
       GArray       *x,
       GArray       *y)
{
  g_autofree Scored *s = g_new (Scored, MAX (n, 1));
  gsize positives = 0, negatives, tp = 0, fp = 0, m = 0, every;

  for (gsize i = 0; i < n; i++)
    if (isfinite (scores[i]))
      {
        s[m++] = (Scored) { scores[i], labels[i] };
        positives += labels[i] != 0;
      }
  negatives = m - positives;
  if (positives == 0 || negatives == 0)
    return;
  qsort (s, m, sizeof (Scored), by_score_desc);
  every = MAX (m / MAX_CURVE_POINTS, 1);
  if (roc)
    {
      double zero = 0;

      g_array_append_val (x, zero);
      g_array_append_val (y, zero);
    }
  for (gsize i = 0; i < m; i++)
    {
      double a, b;

      if (s[i].label)
        tp++;
      else
        fp++;
      if (i + 1 < m && s[i + 1].score == s[i].score)
        continue;
      if (i % every != 0 && i + 1 < m)
        continue;
      if (roc)
        a = (double) fp / negatives, b = (double) tp / positives;
      else
        a = (double) tp / positives, b = (double) tp / (tp + fp);
      g_array_append_val (x, a);
      g_array_append_val (y, b);
    }
}

static FxPlot *
curves (const FxUtility *u,
        gboolean         roc)
{
  const double *scores[2] = { u->prediction_trtr, u->prediction_tstr };
  const char *names[2] = { N_("Trained on real (TRTR)"), N_("Trained on synthetic (TSTR)") };
  gsize n = u->holdout_rows != NULL ? u->holdout_rows->len : 0;
  FxPlot *plot;

  if (n == 0 || u->prediction_label == NULL)
    return NULL;
  plot = fx_plot_new_lines ();
  fx_plot_set_line_markers (plot, FALSE);
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));

      curve (u->prediction_label, scores[k], n, roc, x, y);
      fx_plot_add_line (plot, _(names[k]), (double *) x->data, (double *) y->data, x->len);
    }
  /* rates: the axes end where the rates do */
  fx_plot_set_x_limits (plot, 0, 1);
  fx_plot_set_y_limits (plot, 0, 1);
  fx_plot_set_title (plot, roc ? _("ROC curves on the real holdout") : _("Precision and recall on the real holdout"));
  fx_plot_set_x_title (plot, roc ? _("False positive rate") : _("Recall"));
  fx_plot_set_y_title (plot, roc ? _("True positive rate") : _("Precision"));
  return plot;
}

static void
put (const FxScoreBlock *block,
     double             *v,
     double             *lo,
     double             *hi)
{
  *v = block != NULL ? block->auroc : NAN;
  *lo = block != NULL ? block->auroc_ci[0] : NAN;
  *hi = block != NULL ? block->auroc_ci[1] : NAN;
}

/* An AUROC axis fitted to the estimates, their intervals and chance (0.5), with a
 * margin that never takes it below 0 or above 1. */
static void
auroc_axis (FxPlot *plot)
{
  double lo, hi, margin;

  fx_plot_forest_extent (plot, &lo, &hi);
  if (!isfinite (lo) || !(hi > lo))
    return;
  margin = 0.03 * (hi - lo);
  fx_plot_set_x_limits (plot, MAX (0, lo - margin), MIN (1, hi + margin));
  fx_plot_set_x_title (plot, _("Area under the ROC curve (0.5 is chance, 1 a perfect ranking)"));
}

static FxPlot *
sites_forest (const FxUtility *u)
{
  const char *names[3] = { _("Trained on real (TRTR)"), _("Trained on synthetic (TSTR)"),
                           _("Other sites' real rows (ceiling)") };
  FxPlot *plot;

  if (u->sites == NULL || u->sites->len == 0)
    return NULL;
  plot = fx_plot_new_forest (names, 3, 0.5);
  for (guint i = 0; i < u->sites->len; i++)
    {
      const FxSiteScores *s = g_ptr_array_index (u->sites, i);
      double v[3], lo[3], hi[3];

      put (s->trtr, &v[0], &lo[0], &hi[0]);
      put (s->tstr, &v[1], &lo[1], &hi[1]);
      put (s->loso_trtr, &v[2], &lo[2], &hi[2]);
      fx_plot_add_forest_row (plot, s->site, v, lo, hi);
    }
  fx_plot_set_title (plot, _("AUROC per site"));
  auroc_axis (plot);
  return plot;
}

static FxPlot *
subgroups_forest (const FxUtility *u)
{
  const char *names[2] = { _("Trained on real (TRTR)"), _("Trained on synthetic (TSTR)") };
  FxPlot *plot;

  if (u->subgroups == NULL || u->subgroups->len == 0)
    return NULL;
  plot = fx_plot_new_forest (names, 2, 0.5);
  for (guint i = 0; i < u->subgroups->len; i++)
    {
      const FxSubgroupScores *s = g_ptr_array_index (u->subgroups, i);
      g_autofree char *name = g_strdup_printf ("%s = %s", s->column, s->level);
      double v[2], lo[2], hi[2];

      if (s->trtr == NULL && s->tstr == NULL)
        continue;  /* too few held-out records: said in the sentence and the table */
      put (s->trtr, &v[0], &lo[0], &hi[0]);
      put (s->tstr, &v[1], &lo[1], &hi[1]);
      fx_plot_add_forest_row (plot, name, v, lo, hi);
    }
  fx_plot_set_title (plot, _("AUROC per subgroup"));
  auroc_axis (plot);
  return plot;
}

static double
gain_total (GPtrArray *gains)
{
  double total = 0;

  for (guint i = 0; gains != NULL && i < gains->len; i++)
    total += ((FxGain *) g_ptr_array_index (gains, i))->gain;
  return total;
}

static double
gain_share (GPtrArray  *gains,
            const char *feature,
            double      total)
{
  for (guint i = 0; gains != NULL && i < gains->len; i++)
    {
      const FxGain *g = g_ptr_array_index (gains, i);

      if (g_strcmp0 (g->feature, feature) == 0)
        return total > 0 ? g->gain / total : NAN;
    }
  return NAN;
}

/* The features in either top ten, as shares of each model's top-ten gain: raw gains
 * of two models are on different scales. */
static FxPlot *
importance (const FxUtility *u)
{
  const char *names[2] = { _("Trained on real"), _("Trained on synthetic") };
  g_autoptr(GPtrArray) features = g_ptr_array_new ();
  double real_total = gain_total (u->importance_real);
  double synthetic_total = gain_total (u->importance_synthetic);
  GPtrArray *lists[2] = { u->importance_real, u->importance_synthetic };
  FxPlot *plot;

  for (guint k = 0; k < 2; k++)
    for (guint i = 0; lists[k] != NULL && i < lists[k]->len; i++)
      {
        const FxGain *g = g_ptr_array_index (lists[k], i);

        if (!g_ptr_array_find_with_equal_func (features, g->feature, g_str_equal, NULL))
          g_ptr_array_add (features, g->feature);
      }
  if (features->len == 0)
    return NULL;
  plot = fx_plot_new_forest (names, 2, 0);
  for (guint i = 0; i < features->len; i++)
    {
      const char *f = g_ptr_array_index (features, i);
      double v[2] = { gain_share (u->importance_real, f, real_total) * 100,
                      gain_share (u->importance_synthetic, f, synthetic_total) * 100 };

      fx_plot_add_forest_row (plot, f, v, NULL, NULL);
    }
  fx_plot_set_title (plot, _("What the models rely on"));
  fx_plot_set_x_title (plot, _("Share of the top ten's gain (%)"));
  return plot;
}

static const FxOddsRatio *
find_term (GPtrArray  *ratios,
           const char *term)
{
  for (guint i = 0; ratios != NULL && i < ratios->len; i++)
    {
      const FxOddsRatio *r = g_ptr_array_index (ratios, i);

      if (g_strcmp0 (r->term, term) == 0)
        return r;
    }
  return NULL;
}

static FxPlot *
odds_ratios (const FxUtility *u)
{
  const char *names[2] = { _("Real"), _("Synthetic") };
  GPtrArray *terms = u->replication_real != NULL ? u->replication_real : u->replication_synthetic;
  FxPlot *plot;

  if (terms == NULL || terms->len < 2)
    return NULL;
  plot = fx_plot_new_forest (names, 2, 1);
  /* the intercept (first) is not an odds ratio anyone reads */
  for (guint i = 1; i < terms->len; i++)
    {
      const char *term = ((FxOddsRatio *) g_ptr_array_index (terms, i))->term;
      const FxOddsRatio *r = find_term (u->replication_real, term);
      const FxOddsRatio *s = find_term (u->replication_synthetic, term);
      double v[2] = { r != NULL ? r->odds_ratio : NAN, s != NULL ? s->odds_ratio : NAN };
      double lo[2] = { r != NULL ? r->ci[0] : NAN, s != NULL ? s->ci[0] : NAN };
      double hi[2] = { r != NULL ? r->ci[1] : NAN, s != NULL ? s->ci[1] : NAN };

      fx_plot_add_forest_row (plot, term, v, lo, hi);
    }
  fx_plot_set_title (plot, _("Odds ratios, real against synthetic"));
  fx_plot_set_x_title (plot, _("Odds ratio (95 % CI)"));
  return plot;
}

FxPlot *
fx_utility_figure (const FxUtility *utility,
                   FxUtilityFigure  which)
{
  g_return_val_if_fail (utility != NULL, NULL);

  switch (which)
    {
    case FX_UTILITY_FIGURE_ROC:
      return curves (utility, TRUE);
    case FX_UTILITY_FIGURE_PR:
      return curves (utility, FALSE);
    case FX_UTILITY_FIGURE_SITES:
      return sites_forest (utility);
    case FX_UTILITY_FIGURE_SUBGROUPS:
      return subgroups_forest (utility);
    case FX_UTILITY_FIGURE_IMPORTANCE:
      return importance (utility);
    case FX_UTILITY_FIGURE_ODDS_RATIOS:
      return odds_ratios (utility);
    case FX_UTILITY_N_FIGURES:
    default:
      return NULL;
    }
}

const char *
fx_utility_figure_title (FxUtilityFigure which)
{
  static const char *titles[FX_UTILITY_N_FIGURES] = {
    N_("ROC curves"), N_("Precision and recall"), N_("Per site"), N_("Per subgroup"),
    N_("Importance"), N_("Odds ratios"),
  };

  g_return_val_if_fail (which < FX_UTILITY_N_FIGURES, "");
  return _(titles[which]);
}

static void
append_auroc (GString            *out,
              const FxScoreBlock *b)
{
  g_string_append_printf (out, _("%.2f (%.2f to %.2f)"), b->auroc, b->auroc_ci[0], b->auroc_ci[1]);
}

static char *
sites_sentence (const FxUtility *u)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < u->sites->len; i++)
    {
      const FxSiteScores *s = g_ptr_array_index (u->sites, i);

      if (s->tstr == NULL || s->trtr == NULL)
        continue;
      if (out->len > 0)
        g_string_append (out, " ");
      g_string_append_printf (out, _("In %s, the synthetic-trained model reaches AUROC "), s->site);
      append_auroc (out, s->tstr);
      g_string_append_printf (out, _(", the real-trained one %.2f"), s->trtr->auroc);
      if (s->loso_trtr != NULL)
        g_string_append_printf (out, _(", and a model trained on the other sites' real records %.2f"),
                                s->loso_trtr->auroc);
      g_string_append (out, ".");
    }
  if (out->len == 0)
    g_string_append (out, _("No site has enough held-out records of both outcomes to be scored on its own."));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
fx_utility_figure_sentence (const FxUtility *utility,
                            FxUtilityFigure  which)
{
  const FxUtility *u = utility;

  g_return_val_if_fail (utility != NULL, g_strdup (""));

  switch (which)
    {
    case FX_UTILITY_FIGURE_ROC:
      return g_strdup_printf (_("A model trained on the synthetic records ranks real patients with AUROC "
                                "%.2f (%.2f to %.2f); trained on real records, %.2f (%.2f to %.2f)."),
                              u->tstr->auroc, u->tstr->auroc_ci[0], u->tstr->auroc_ci[1],
                              u->trtr->auroc, u->trtr->auroc_ci[0], u->trtr->auroc_ci[1]);
    case FX_UTILITY_FIGURE_PR:
      return g_strdup_printf (_("Among real patients flagged by the synthetic-trained model, the average "
                                "precision is %.2f (%.2f to %.2f), against %.2f for the real-trained model; "
                                "%.1f %% of the held-out patients have the outcome."),
                              u->tstr->auprc, u->tstr->auprc_ci[0], u->tstr->auprc_ci[1], u->trtr->auprc,
                              u->trtr->n > 0 ? 100.0 * u->trtr->positives / u->trtr->n : 0.0);
    case FX_UTILITY_FIGURE_SITES:
      return u->sites != NULL && u->sites->len > 0
             ? sites_sentence (u)
             : g_strdup (_("The schema names no site column, so there are no per-site results."));
    case FX_UTILITY_FIGURE_SUBGROUPS:
      {
        g_autoptr(GString) out = g_string_new (NULL);

        for (guint i = 0; u->subgroup_gaps != NULL && i < u->subgroup_gaps->len; i++)
          {
            const FxSubgroupGap *g = g_ptr_array_index (u->subgroup_gaps, i);

            if (!isfinite (g->tstr_auroc_gap))
              continue;
            g_string_append_printf (out, _("%sAcross %s, the synthetic-trained model's AUROC varies by %.2f "
                                           "(the real-trained one's by %.2f)."),
                                    out->len > 0 ? " " : "", g->column, g->tstr_auroc_gap, g->trtr_auroc_gap);
          }
        if (out->len == 0)
          g_string_append (out, _("No subgroup column has two levels with enough held-out records to compare."));
        return g_string_free (g_steal_pointer (&out), FALSE);
      }
    case FX_UTILITY_FIGURE_IMPORTANCE:
      return g_strdup_printf (_("The two models rely on similar inputs when this is near 1: the rank "
                                "correlation of their gains is %.2f."), u->rank_correlation);
    case FX_UTILITY_FIGURE_ODDS_RATIOS:
      if (u->replication_real == NULL || u->replication_synthetic == NULL)
        return g_strdup_printf (_("The regression could not be fitted on both tables: %s"),
                                u->replication_real_error != NULL ? u->replication_real_error
                                : u->replication_synthetic_error != NULL ? u->replication_synthetic_error : "");
      return g_strdup_printf (_("A logistic regression fitted on the synthetic records gives odds ratios whose "
                                "intervals overlap the real ones for %d of %u terms, with %d in the "
                                "opposite direction."),
                              u->overlapping, u->replication_real->len - 1, u->sign_flips);
    case FX_UTILITY_N_FIGURES:
    default:
      return g_strdup ("");
    }
}
