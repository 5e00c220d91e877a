/* fx-utility-output.c: the utility evaluation as JSON, text and a predictions CSV
 *
 * The JSON keys are stable (README.md lists them): add, never remove.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fx-csv.h"
#include "fx-json-writer.h"
#include "fx-utility.h"

static void
write_pair (FxJsonWriter *w,
            const char   *key,
            const double  v[2])
{
  fx_json_writer_key (w, key);
  fx_json_writer_begin_array (w, TRUE);
  fx_json_writer_double (w, v[0]);
  fx_json_writer_double (w, v[1]);
  fx_json_writer_end_array (w);
}

static void
write_block (FxJsonWriter       *w,
             const char         *key,
             const FxScoreBlock *b)
{
  fx_json_writer_key (w, key);
  if (b == NULL)
    {
      fx_json_writer_null (w);
      return;
    }
  fx_json_writer_begin_object (w);
  fx_json_writer_member_int (w, "n", (gint64) b->n);
  fx_json_writer_member_int (w, "positives", (gint64) b->positives);
  fx_json_writer_member_double (w, "auroc", b->auroc);
  write_pair (w, "auroc_ci", b->auroc_ci);
  fx_json_writer_member_double (w, "auprc", b->auprc);
  write_pair (w, "auprc_ci", b->auprc_ci);
  fx_json_writer_member_double (w, "brier", b->brier);
  write_pair (w, "brier_ci", b->brier_ci);
  fx_json_writer_end_object (w);
}

static void
write_gains (FxJsonWriter *w,
             const char   *key,
             GPtrArray    *gains)
{
  fx_json_writer_key (w, key);
  fx_json_writer_begin_array (w, FALSE);
  for (guint i = 0; i < gains->len; i++)
    {
      const FxGain *g = g_ptr_array_index (gains, i);

      fx_json_writer_begin_object (w);
      fx_json_writer_member_string (w, "feature", g->feature);
      fx_json_writer_member_double (w, "gain", g->gain);
      fx_json_writer_end_object (w);
    }
  fx_json_writer_end_array (w);
}

static void
write_ratios (FxJsonWriter *w,
              const char   *key,
              GPtrArray    *ratios)
{
  fx_json_writer_key (w, key);
  if (ratios == NULL)
    {
      fx_json_writer_null (w);
      return;
    }
  fx_json_writer_begin_array (w, FALSE);
  for (guint i = 0; i < ratios->len; i++)
    {
      const FxOddsRatio *o = g_ptr_array_index (ratios, i);

      fx_json_writer_begin_object (w);
      fx_json_writer_member_string (w, "term", o->term);
      fx_json_writer_member_double (w, "odds_ratio", o->odds_ratio);
      write_pair (w, "ci", o->ci);
      fx_json_writer_member_double (w, "pvalue", o->pvalue);
      fx_json_writer_end_object (w);
    }
  fx_json_writer_end_array (w);
}

static void
write_distance (FxJsonWriter     *w,
                const FxRowsDistance *d)
{
  fx_json_writer_member_double (w, "mean_ks", d->mean_ks);
  fx_json_writer_member_double (w, "mean_tvd", d->mean_tvd);
  fx_json_writer_member_double (w, "mean_abs_delta_pearson", d->mean_abs_delta_pearson);
}

char *
fx_utility_to_json (const FxUtility *u,
                    gsize           *length)
{
  FxJsonWriter *w = fx_json_writer_new (TRUE);

  fx_json_writer_begin_object (w);

  fx_json_writer_key (w, "split");
  fx_json_writer_begin_object (w);
  fx_json_writer_member_int (w, "seed", (gint64) u->seed);
  fx_json_writer_member_double (w, "fraction", u->fraction);
  fx_json_writer_key (w, "sites");
  fx_json_writer_begin_array (w, TRUE);
  for (guint i = 0; i < u->holdout_sites->len; i++)
    fx_json_writer_string (w, g_ptr_array_index (u->holdout_sites, i));
  fx_json_writer_end_array (w);
  fx_json_writer_key (w, "holdout_rows");
  fx_json_writer_begin_array (w, TRUE);
  for (guint i = 0; i < u->holdout_rows->len; i++)
    fx_json_writer_int (w, (gint64) g_array_index (u->holdout_rows, gsize, i));
  fx_json_writer_end_array (w);
  fx_json_writer_member_boolean (w, "generator_saw_holdout", u->generator_saw_holdout);
  fx_json_writer_end_object (w);

  fx_json_writer_key (w, "utility");
  fx_json_writer_begin_object (w);
  fx_json_writer_member_string (w, "target", u->target);
  write_block (w, "trtr", u->trtr);
  write_block (w, "tstr", u->tstr);
  write_block (w, "tsts", u->tsts);
  fx_json_writer_member_double (w, "tstr_over_trtr", u->tstr_over_trtr);
  fx_json_writer_end_object (w);

  fx_json_writer_key (w, "sites");
  fx_json_writer_begin_array (w, FALSE);
  for (guint i = 0; i < u->sites->len; i++)
    {
      const FxSiteScores *s = g_ptr_array_index (u->sites, i);

      fx_json_writer_begin_object (w);
      fx_json_writer_member_string (w, "site", s->site);
      fx_json_writer_member_int (w, "holdout_rows", (gint64) s->holdout_rows);
      write_block (w, "tstr", s->tstr);
      write_block (w, "trtr", s->trtr);
      write_block (w, "loso_trtr", s->loso_trtr);
      fx_json_writer_end_object (w);
    }
  fx_json_writer_end_array (w);

  fx_json_writer_key (w, "subgroups");
  fx_json_writer_begin_array (w, FALSE);
  for (guint i = 0; i < u->subgroups->len; i++)
    {
      const FxSubgroupScores *s = g_ptr_array_index (u->subgroups, i);

      fx_json_writer_begin_object (w);
      fx_json_writer_member_string (w, "column", s->column);
      fx_json_writer_member_string (w, "level", s->level);
      fx_json_writer_member_int (w, "rows", (gint64) s->rows);
      write_block (w, "tstr", s->tstr);
      write_block (w, "trtr", s->trtr);
      fx_json_writer_end_object (w);
    }
  fx_json_writer_end_array (w);

  fx_json_writer_key (w, "subgroup_gaps");
  fx_json_writer_begin_array (w, FALSE);
  for (guint i = 0; i < u->subgroup_gaps->len; i++)
    {
      const FxSubgroupGap *g = g_ptr_array_index (u->subgroup_gaps, i);

      fx_json_writer_begin_object (w);
      fx_json_writer_member_string (w, "column", g->column);
      fx_json_writer_member_double (w, "tstr_auroc_gap", g->tstr_auroc_gap);
      fx_json_writer_member_double (w, "trtr_auroc_gap", g->trtr_auroc_gap);
      fx_json_writer_end_object (w);
    }
  fx_json_writer_end_array (w);

  fx_json_writer_key (w, "importance");
  fx_json_writer_begin_object (w);
  write_gains (w, "real", u->importance_real);
  write_gains (w, "synthetic", u->importance_synthetic);
  fx_json_writer_member_double (w, "rank_correlation", u->rank_correlation);
  fx_json_writer_end_object (w);

  fx_json_writer_key (w, "replication");
  fx_json_writer_begin_object (w);
  fx_json_writer_key (w, "inputs");
  fx_json_writer_begin_array (w, TRUE);
  for (guint i = 0; i < u->replication_inputs->len; i++)
    fx_json_writer_string (w, g_ptr_array_index (u->replication_inputs, i));
  fx_json_writer_end_array (w);
  write_ratios (w, "real", u->replication_real);
  write_ratios (w, "synthetic", u->replication_synthetic);
  fx_json_writer_member_int (w, "overlapping", u->overlapping);
  fx_json_writer_member_int (w, "sign_flips", u->sign_flips);
  fx_json_writer_member_int (w, "real_rows", (gint64) u->replication_real_rows);
  fx_json_writer_member_int (w, "synthetic_rows", (gint64) u->replication_synthetic_rows);
  if (u->replication_real_error != NULL)
    fx_json_writer_member_string (w, "real_error", u->replication_real_error);
  if (u->replication_synthetic_error != NULL)
    fx_json_writer_member_string (w, "synthetic_error", u->replication_synthetic_error);
  fx_json_writer_end_object (w);

  fx_json_writer_key (w, "multicentre");
  fx_json_writer_begin_array (w, FALSE);
  for (guint i = 0; i < u->multicentre->len; i++)
    {
      const FxCentre *c = g_ptr_array_index (u->multicentre, i);

      fx_json_writer_begin_object (w);
      fx_json_writer_member_string (w, "site", c->site);
      fx_json_writer_member_int (w, "real_rows", (gint64) c->real_rows);
      fx_json_writer_member_int (w, "synthetic_rows", (gint64) c->synthetic_rows);
      write_distance (w, &c->synthetic);
      fx_json_writer_key (w, "site_effect");
      fx_json_writer_begin_object (w);
      write_distance (w, &c->site_effect);
      fx_json_writer_end_object (w);
      fx_json_writer_end_object (w);
    }
  fx_json_writer_end_array (w);
  fx_json_writer_member_double (w, "site_shares_tvd", u->site_shares_tvd);

  fx_json_writer_end_object (w);
  /* finishing frees the writer */
  return fx_json_writer_finish (w, length);
}

static void
append_auroc (GString            *out,
              const FxScoreBlock *b)
{
  if (b == NULL || isnan (b->auroc))
    g_string_append (out, "      —          ");
  else
    g_string_append_printf (out, "%.3f (%.3f–%.3f)", b->auroc, b->auroc_ci[0], b->auroc_ci[1]);
}

static void
append_block_line (GString            *out,
                   const char         *name,
                   const FxScoreBlock *b)
{
  if (b == NULL)
    {
      g_string_append_printf (out, "  %-6s %s\n", name, _("not scored: too few rows of a class"));
      return;
    }
  g_string_append_printf (out, "  %-6s AUROC %.3f (%.3f to %.3f)  AUPRC %.3f (%.3f to %.3f)  "
                          "Brier %.3f (%.3f to %.3f)  n %" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT " positive\n",
                          name, b->auroc, b->auroc_ci[0], b->auroc_ci[1],
                          b->auprc, b->auprc_ci[0], b->auprc_ci[1],
                          b->brier, b->brier_ci[0], b->brier_ci[1], b->n, b->positives);
}

char *
fx_utility_to_text (const FxUtility *u)
{
  GString *out = g_string_new (NULL);

  if (u->holdout_sites->len > 0)
    {
      g_autofree char *sites = g_strjoinv (", ", (char **) u->holdout_sites->pdata);

      g_string_append_printf (out, _("Holdout: the sites %s, %u real rows (seed %llu)\n"),
                              sites, u->holdout_rows->len, (unsigned long long) u->seed);
    }
  else
    g_string_append_printf (out, _("Holdout: %g %% of the real rows, %u rows, stratified by target and site (seed %llu)\n"),
                            u->fraction * 100, u->holdout_rows->len, (unsigned long long) u->seed);
  if (u->generator_saw_holdout)
    g_string_append (out, _("Note: the generator may have seen these rows: it kept no holdout of its own\n"));

  g_string_append_printf (out, _("\nPredicting “%s” (XGBoost; 95 %% intervals)\n"), u->target);
  append_block_line (out, "TRTR", u->trtr);
  append_block_line (out, "TSTR", u->tstr);
  append_block_line (out, "TSTS", u->tsts);
  g_string_append_printf (out, _("  TSTR/TRTR AUROC %.3f\n"), u->tstr_over_trtr);
  if (!isnan (u->tstr->auroc) && !isnan (u->trtr->auroc))
    g_string_append_printf (out, _("A model trained on the synthetic records ranks real patients with AUROC %.2f "
                                   "(%.2f to %.2f); trained on real records, %.2f.\n"),
                            u->tstr->auroc, u->tstr->auroc_ci[0], u->tstr->auroc_ci[1], u->trtr->auroc);

  if (u->sites->len > 0)
    {
      g_string_append_printf (out, _("\nPer site (%s), AUROC     TSTR               TRTR               leave-one-site-out TRTR\n"),
                              u->site_column);
      for (guint i = 0; i < u->sites->len; i++)
        {
          const FxSiteScores *s = g_ptr_array_index (u->sites, i);

          g_string_append_printf (out, "  %-20s %6" G_GSIZE_FORMAT "  ", s->site, s->holdout_rows);
          append_auroc (out, s->tstr);
          g_string_append (out, "  ");
          append_auroc (out, s->trtr);
          g_string_append (out, "  ");
          append_auroc (out, s->loso_trtr);
          g_string_append_c (out, '\n');
        }
    }

  if (u->subgroups->len > 0)
    {
      g_string_append (out, _("\nPer subgroup, AUROC                           TSTR               TRTR\n"));
      for (guint i = 0; i < u->subgroups->len; i++)
        {
          const FxSubgroupScores *s = g_ptr_array_index (u->subgroups, i);
          g_autofree char *name = g_strdup_printf ("%s=%s", s->column, s->level);

          g_string_append_printf (out, "  %-36s %6" G_GSIZE_FORMAT "  ", name, s->rows);
          append_auroc (out, s->tstr);
          g_string_append (out, "  ");
          append_auroc (out, s->trtr);
          g_string_append_c (out, '\n');
        }
    }

  for (guint i = 0; i < u->subgroup_gaps->len; i++)
    {
      const FxSubgroupGap *g = g_ptr_array_index (u->subgroup_gaps, i);

      if (!isnan (g->tstr_auroc_gap) || !isnan (g->trtr_auroc_gap))
        g_string_append_printf (out, _("  %s: AUROC gap between levels %.3f (TSTR), %.3f (TRTR)\n"),
                                g->column, g->tstr_auroc_gap, g->trtr_auroc_gap);
    }

  g_string_append (out, _("\nGain importance, top features     real-trained / synthetic-trained\n"));
  for (guint i = 0; i < MAX (u->importance_real->len, u->importance_synthetic->len); i++)
    {
      const FxGain *a = i < u->importance_real->len ? g_ptr_array_index (u->importance_real, i) : NULL;
      const FxGain *b = i < u->importance_synthetic->len ? g_ptr_array_index (u->importance_synthetic, i) : NULL;

      g_string_append_printf (out, "  %2u. %-32s %-32s\n", i + 1, a != NULL ? a->feature : "",
                              b != NULL ? b->feature : "");
    }
  g_string_append_printf (out, _("  Spearman correlation of the gains: %.3f\n"), u->rank_correlation);

  g_string_append (out, _("\nLogistic regression, odds ratio (95 % CI)   real                    synthetic\n"));
  if (u->replication_real == NULL || u->replication_synthetic == NULL)
    g_string_append_printf (out, "  %s\n", u->replication_real_error != NULL
                            ? u->replication_real_error : u->replication_synthetic_error);
  else
    {
      for (guint i = 1; i < u->replication_real->len; i++)
        {
          const FxOddsRatio *a = g_ptr_array_index (u->replication_real, i);
          const FxOddsRatio *b = NULL;

          for (guint j = 1; j < u->replication_synthetic->len; j++)
            if (g_str_equal (a->term, ((FxOddsRatio *) g_ptr_array_index (u->replication_synthetic, j))->term))
              b = g_ptr_array_index (u->replication_synthetic, j);
          g_string_append_printf (out, "  %-40s %.3g (%.3g–%.3g)", a->term, a->odds_ratio, a->ci[0], a->ci[1]);
          if (b != NULL)
            g_string_append_printf (out, "    %.3g (%.3g–%.3g)", b->odds_ratio, b->ci[0], b->ci[1]);
          g_string_append_c (out, '\n');
        }
      g_string_append_printf (out, _("  %d intervals overlap; %d signs flip\n"), u->overlapping, u->sign_flips);
    }

  if (u->multicentre->len > 0)
    {
      g_string_append (out, _("\nMulti-centre: each site's real rows against its synthetic rows "
                              "(and against the other sites' real rows)\n"));
      for (guint i = 0; i < u->multicentre->len; i++)
        {
          const FxCentre *c = g_ptr_array_index (u->multicentre, i);

          g_string_append_printf (out, _("  %-20s KS %.3f (%.3f)  TVD %.3f (%.3f)  |Δr| %.3f (%.3f)\n"),
                                  c->site, c->synthetic.mean_ks, c->site_effect.mean_ks,
                                  c->synthetic.mean_tvd, c->site_effect.mean_tvd,
                                  c->synthetic.mean_abs_delta_pearson, c->site_effect.mean_abs_delta_pearson);
        }
      g_string_append_printf (out, _("  Site shares TVD %.3f\n"), u->site_shares_tvd);
    }
  return g_string_free (out, FALSE);
}

static void
append_prediction (GString *out,
                   double   p)
{
  char buf[32];

  if (!isnan (p))
    g_string_append (out, fx_format_double (p, buf));
}

char *
fx_utility_predictions_csv (const FxUtility *u,
                            gsize           *length)
{
  GString *out = g_string_new ("row,site,label,trtr,tstr,loso_trtr\n");

  for (guint i = 0; i < u->holdout_rows->len; i++)
    {
      const char *site = g_ptr_array_index (u->prediction_site, i);

      g_string_append_printf (out, "%" G_GSIZE_FORMAT ",", g_array_index (u->holdout_rows, gsize, i));
      if (site != NULL)
        {
          if (strpbrk (site, ",\"\r\n") != NULL)
            {
              g_autofree char *escaped = NULL;
              g_auto(GStrv) parts = g_strsplit (site, "\"", -1);

              escaped = g_strjoinv ("\"\"", parts);
              g_string_append_printf (out, "\"%s\"", escaped);
            }
          else
            g_string_append (out, site);
        }
      g_string_append_printf (out, ",%d,", u->prediction_label[i]);
      append_prediction (out, u->prediction_trtr[i]);
      g_string_append_c (out, ',');
      append_prediction (out, u->prediction_tstr[i]);
      g_string_append_c (out, ',');
      append_prediction (out, u->prediction_loso[i]);
      g_string_append_c (out, '\n');
    }
  *length = out->len;
  return g_string_free (out, FALSE);
}
