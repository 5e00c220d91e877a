/* fx-report-data.c: the report's metrics CSV: a line per feature of each set, then the
 * utility, privacy and validity numbers as lines of their own
 *
 * One table that any CSV reader takes whole: the feature lines keep the columns of
 * `compare`'s CSV, and every line gains `section,measure,scope,value,ci_low,ci_high,n`.
 * A measure is named by its key path in the report's JSON (an array's element by its
 * `scope`: a site, a subgroup as column=level, a rule), so each number can be found in
 * both files; README.md ("The metrics CSV") lists them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fx-csv.h"
#include "fx-report-private.h"
#include "fx-report-sections.h"

#define DATA_COLUMNS ",section,measure,scope,value,ci_low,ci_high,n"
/* the feature columns a measure line leaves empty: kind .. statistic, and
 * pvalue_adjusted .. holdout_kl around the p-value (see fx_comparison_append_csv ()) */
#define BEFORE_PVALUE ",,,,,,,,"
#define AFTER_PVALUE ",,,,,,,"

typedef struct
{
  GString    *out;
  const char *set;
  const char *section;
} Lines;

static void
append_text (GString    *out,
             const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_number (GString *out,
               double   value)
{
  char buf[32];

  g_string_append_c (out, ',');
  if (isfinite (value))
    g_string_append (out, fx_format_double (value, buf));
}

/* One measure: @feature (nullable) is an input, an encoded column or a model term;
 * @ci (nullable) an interval; @n (-1: none) the rows it was measured on. */
static void
line (Lines        *lines,
      const char   *feature,
      const char   *measure,
      const char   *scope,
      double        value,
      const double *ci,
      double        pvalue,
      gint64        n)
{
  GString *out = lines->out;

  append_text (out, lines->set);
  g_string_append_c (out, ',');
  append_text (out, feature);
  g_string_append (out, BEFORE_PVALUE);
  append_number (out, pvalue);
  g_string_append (out, AFTER_PVALUE);
  g_string_append_c (out, ',');
  g_string_append (out, lines->section);
  g_string_append_c (out, ',');
  append_text (out, measure);
  g_string_append_c (out, ',');
  append_text (out, scope);
  append_number (out, value);
  append_number (out, ci != NULL ? ci[0] : NAN);
  append_number (out, ci != NULL ? ci[1] : NAN);
  g_string_append_c (out, ',');
  if (n >= 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, n);
  g_string_append_c (out, '\n');
}

static void
value_line (Lines      *lines,
            const char *measure,
            const char *scope,
            double      value)
{
  line (lines, NULL, measure, scope, value, NULL, NAN, -1);
}

/* A score block as four lines: "PREFIX.auroc", ".auprc", ".brier" with their
 * intervals and rows, and ".positives". */
static void
block_lines (Lines              *lines,
             const char         *prefix,
             const char         *scope,
             const FxScoreBlock *b)
{
  g_autofree char *auroc = g_strconcat (prefix, ".auroc", NULL);
  g_autofree char *auprc = g_strconcat (prefix, ".auprc", NULL);
  g_autofree char *brier = g_strconcat (prefix, ".brier", NULL);
  g_autofree char *positives = g_strconcat (prefix, ".positives", NULL);

  if (b == NULL)
    return;
  line (lines, NULL, auroc, scope, b->auroc, b->auroc_ci, NAN, (gint64) b->n);
  line (lines, NULL, auprc, scope, b->auprc, b->auprc_ci, NAN, (gint64) b->n);
  line (lines, NULL, brier, scope, b->brier, b->brier_ci, NAN, (gint64) b->n);
  value_line (lines, positives, scope, (double) b->positives);
}

static void
ratio_lines (Lines      *lines,
             const char *measure,
             GPtrArray  *ratios,
             gsize       rows)
{
  for (guint i = 0; ratios != NULL && i < ratios->len; i++)
    {
      const FxOddsRatio *o = g_ptr_array_index (ratios, i);

      line (lines, o->term, measure, NULL, o->odds_ratio, o->ci, o->pvalue, (gint64) rows);
    }
}

static void
distance_lines (Lines                *lines,
                const char           *prefix,
                const char           *site,
                const FxRowsDistance *d)
{
  g_autofree char *ks = g_strconcat (prefix, "mean_ks", NULL);
  g_autofree char *tvd = g_strconcat (prefix, "mean_tvd", NULL);
  g_autofree char *pearson = g_strconcat (prefix, "mean_abs_delta_pearson", NULL);

  value_line (lines, ks, site, d->mean_ks);
  value_line (lines, tvd, site, d->mean_tvd);
  value_line (lines, pearson, site, d->mean_abs_delta_pearson);
}

static void
utility_lines (Lines           *lines,
               const FxUtility *u)
{
  value_line (lines, "split.fraction", NULL, u->fraction);
  value_line (lines, "split.holdout_rows", NULL, u->holdout_rows->len);
  value_line (lines, "split.generator_saw_holdout", NULL, u->generator_saw_holdout ? 1 : 0);
  block_lines (lines, "utility.trtr", NULL, u->trtr);
  block_lines (lines, "utility.tstr", NULL, u->tstr);
  block_lines (lines, "utility.tsts", NULL, u->tsts);
  value_line (lines, "utility.tstr_over_trtr", NULL, u->tstr_over_trtr);

  for (guint i = 0; i < u->sites->len; i++)
    {
      const FxSiteScores *s = g_ptr_array_index (u->sites, i);

      value_line (lines, "sites.holdout_rows", s->site, s->holdout_rows);
      block_lines (lines, "sites.tstr", s->site, s->tstr);
      block_lines (lines, "sites.trtr", s->site, s->trtr);
      block_lines (lines, "sites.loso_trtr", s->site, s->loso_trtr);
    }
  for (guint i = 0; i < u->subgroups->len; i++)
    {
      const FxSubgroupScores *s = g_ptr_array_index (u->subgroups, i);
      g_autofree char *scope = g_strdup_printf ("%s=%s", s->column, s->level);

      value_line (lines, "subgroups.rows", scope, s->rows);
      block_lines (lines, "subgroups.tstr", scope, s->tstr);
      block_lines (lines, "subgroups.trtr", scope, s->trtr);
    }
  for (guint i = 0; i < u->subgroup_gaps->len; i++)
    {
      const FxSubgroupGap *g = g_ptr_array_index (u->subgroup_gaps, i);

      value_line (lines, "subgroup_gaps.tstr_auroc_gap", g->column, g->tstr_auroc_gap);
      value_line (lines, "subgroup_gaps.trtr_auroc_gap", g->column, g->trtr_auroc_gap);
    }

  for (guint i = 0; i < u->importance_real->len; i++)
    {
      const FxGain *g = g_ptr_array_index (u->importance_real, i);

      line (lines, g->feature, "importance.real.gain", NULL, g->gain, NULL, NAN, -1);
    }
  for (guint i = 0; i < u->importance_synthetic->len; i++)
    {
      const FxGain *g = g_ptr_array_index (u->importance_synthetic, i);

      line (lines, g->feature, "importance.synthetic.gain", NULL, g->gain, NULL, NAN, -1);
    }
  value_line (lines, "importance.rank_correlation", NULL, u->rank_correlation);

  ratio_lines (lines, "replication.real.odds_ratio", u->replication_real, u->replication_real_rows);
  ratio_lines (lines, "replication.synthetic.odds_ratio", u->replication_synthetic,
               u->replication_synthetic_rows);
  value_line (lines, "replication.overlapping", NULL, u->overlapping);
  value_line (lines, "replication.sign_flips", NULL, u->sign_flips);

  for (guint i = 0; i < u->multicentre->len; i++)
    {
      const FxCentre *c = g_ptr_array_index (u->multicentre, i);

      value_line (lines, "multicentre.real_rows", c->site, c->real_rows);
      value_line (lines, "multicentre.synthetic_rows", c->site, c->synthetic_rows);
      distance_lines (lines, "multicentre.", c->site, &c->synthetic);
      distance_lines (lines, "multicentre.site_effect.", c->site, &c->site_effect);
    }
  value_line (lines, "multicentre.site_shares_tvd", NULL, u->site_shares_tvd);
}

static void
privacy_lines (Lines           *lines,
               const FxPrivacy *p)
{
  double ci[2] = { p->auroc_low, p->auroc_high };

  value_line (lines, "exact_copies.synthetic", NULL, p->exact_synthetic);
  value_line (lines, "exact_copies.holdout", NULL, p->exact_holdout);
  value_line (lines, "dcr.synthetic.p5", NULL, p->dcr_synthetic_p5);
  value_line (lines, "dcr.synthetic.median", NULL, p->dcr_synthetic_median);
  value_line (lines, "dcr.holdout.p5", NULL, p->dcr_holdout_p5);
  value_line (lines, "dcr.holdout.median", NULL, p->dcr_holdout_median);
  value_line (lines, "dcr.share_closer_to_training", NULL, p->share_closer_to_training);
  value_line (lines, "nndr.synthetic.p5", NULL, p->nndr_synthetic_p5);
  value_line (lines, "nndr.synthetic.median", NULL, p->nndr_synthetic_median);
  value_line (lines, "nndr.holdout.p5", NULL, p->nndr_holdout_p5);
  value_line (lines, "nndr.holdout.median", NULL, p->nndr_holdout_median);
  line (lines, NULL, "membership.auroc", NULL, p->auroc, ci, NAN, (gint64) (p->n_members + p->n_holdout));
  value_line (lines, "membership.advantage", NULL, p->advantage);
  value_line (lines, "sampled", NULL, p->sampled ? 1 : 0);
}

static void
validity_lines (Lines            *lines,
                const FxValidity *v)
{
  for (guint i = 0; i < fx_rules_get_n_rules (v->rules); i++)
    {
      const char *name = fx_rules_get_name (v->rules, i);

      if (v->real_violations != NULL)
        {
          value_line (lines, "rules.real_violations", name, v->real_violations[i]);
          value_line (lines, "rules.doubtful", name, v->real_violations[i] > 0 ? 1 : 0);
        }
      value_line (lines, "rules.synthetic_violations", name, v->synthetic_violations[i]);
    }
  value_line (lines, "invalid.out_of_range", NULL, v->invalid.out_of_range);
  value_line (lines, "invalid.unknown_category", NULL, v->invalid.unknown_category);
  value_line (lines, "invalid.wrong_type", NULL, v->invalid.wrong_type);
}

/* Appends @suffix to each line of @csv (a line ends at a newline outside quotes) into
 * @out; the first line gets @first instead when not NULL. */
static void
append_with_suffix (GString    *out,
                    const char *csv,
                    const char *first,
                    const char *suffix)
{
  gboolean quoted = FALSE;
  gboolean header = first != NULL;

  for (const char *p = csv; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (*p == '\n' && !quoted)
        {
          g_string_append (out, header ? first : suffix);
          header = FALSE;
        }
      g_string_append_c (out, *p);
    }
}

char *
fx_report_data_csv (FxReport *report,
                    gsize    *length)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < report->sets->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (report->sets, i);
      g_autoptr(GString) features = g_string_new (NULL);

      fx_comparison_append_csv (set->comparison, set->label, i == 0, features);
      append_with_suffix (out, features->str, i == 0 ? DATA_COLUMNS : NULL, ",features,,,,,,");
    }
  /* in the JSON's order: utility after the sets, privacy and validity per set */
  if (report->utility != NULL && (report->sections & FX_REPORT_SECTION_UTILITY))
    {
      Lines lines = { out, report->utility_label, "utility" };

      utility_lines (&lines, report->utility);
    }
  for (guint i = 0; i < report->sets->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (report->sets, i);
      Lines lines = { out, set->label, "privacy" };

      if (set->privacy != NULL)
        privacy_lines (&lines, set->privacy);
      lines.section = "validity";
      if (set->comparison->validity != NULL)
        validity_lines (&lines, set->comparison->validity);
    }
  *length = out->len;
  return g_string_free (out, FALSE);
}
