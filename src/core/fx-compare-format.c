/* fx-compare-format.c: a comparison written out, as the JSON contract, CSV lines or a
 * table for a terminal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-compare.h"
#include "fx-csv.h"


typedef struct
{
  gsize  i;
  gsize  j;
  double size;
} Pair;

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const Pair *x = a, *y = b;

  if (x->size != y->size)
    return x->size > y->size ? -1 : 1;
  return x->i != y->i ? (x->i < y->i ? -1 : 1) : (x->j < y->j ? -1 : (x->j > y->j));
}

static gboolean
matrix_left_out (const FxComparison *c,
                 const FxMatrixPair *m)
{
  return !c->full_matrices && MAX (m->row_names->len, m->column_names->len) > FX_COMPARE_MATRIX_MAX_FEATURES;
}

/* The pairs whose association differs most between the tables, kept in a bounded
 * heap-less list (the matrix is walked once). */
static void
write_strongest (FxJsonWriter       *w,
                 const FxMatrixPair *m,
                 gboolean            square)
{
  gsize rows = m->row_names->len, cols = m->column_names->len;
  g_autoptr(GArray) best = g_array_sized_new (FALSE, FALSE, sizeof (Pair), FX_COMPARE_STRONGEST_PAIRS + 1);

  for (gsize i = 0; i < rows; i++)
    for (gsize j = square ? i + 1 : 0; j < cols; j++)
      {
        double d = fabs (m->synthetic[i * cols + j] - m->real[i * cols + j]);
        Pair p = { i, j, d };

        if (!isfinite (d))
          continue;
        if (best->len == FX_COMPARE_STRONGEST_PAIRS &&
            compare_pairs (&p, &g_array_index (best, Pair, best->len - 1)) >= 0)
          continue;
        /* insert in order; the list is short */
        {
          guint at = best->len;

          while (at > 0 && compare_pairs (&p, &g_array_index (best, Pair, at - 1)) < 0)
            at--;
          g_array_insert_val (best, at, p);
          if (best->len > FX_COMPARE_STRONGEST_PAIRS)
            g_array_set_size (best, FX_COMPARE_STRONGEST_PAIRS);
        }
      }

  fx_json_writer_key (w, "strongest");
  fx_json_writer_begin_array (w, FALSE);
  for (guint k = 0; k < best->len; k++)
    {
      const Pair *p = &g_array_index (best, Pair, k);
      double r = m->real[p->i * cols + p->j], s = m->synthetic[p->i * cols + p->j];

      fx_json_writer_begin_object (w);
      fx_json_writer_member_string (w, "row", g_ptr_array_index (m->row_names, p->i));
      fx_json_writer_member_string (w, "column", g_ptr_array_index (m->column_names, p->j));
      fx_json_writer_member_double (w, "real", r);
      fx_json_writer_member_double (w, "synthetic", s);
      fx_json_writer_member_double (w, "difference", s - r);
      fx_json_writer_end_object (w);
    }
  fx_json_writer_end_array (w);
}

static void
write_matrix (FxJsonWriter       *w,
              const char         *key,
              const FxMatrixPair *m,
              gboolean            square,
              gboolean            left_out)
{
  gsize rows = m->row_names->len, cols = m->column_names->len;

  fx_json_writer_key (w, key);
  fx_json_writer_begin_object (w);
  if (!square)
    {
      fx_json_writer_key (w, "rows");
      fx_json_writer_begin_array (w, TRUE);
      for (gsize i = 0; i < rows; i++)
        fx_json_writer_string (w, g_ptr_array_index (m->row_names, i));
      fx_json_writer_end_array (w);
    }
  fx_json_writer_key (w, "columns");
  fx_json_writer_begin_array (w, TRUE);
  for (gsize j = 0; j < cols; j++)
    fx_json_writer_string (w, g_ptr_array_index (m->column_names, j));
  fx_json_writer_end_array (w);

  fx_json_writer_member_boolean (w, "left_out", left_out);
  if (left_out)
    {
      write_strongest (w, m, square);
      fx_json_writer_member_double (w, "mean_abs_difference", m->mean_abs_difference);
      fx_json_writer_end_object (w);
      return;
    }

  for (guint which = 0; which < 3; which++)
    {
      fx_json_writer_key (w, which == 0 ? "real" : which == 1 ? "synthetic" : "difference");
      fx_json_writer_begin_array (w, FALSE);
      for (gsize i = 0; i < rows; i++)
        {
          fx_json_writer_begin_array (w, TRUE);
          for (gsize j = 0; j < cols; j++)
            {
              double r = m->real[i * cols + j], s = m->synthetic[i * cols + j];

              fx_json_writer_double (w, which == 0 ? r : which == 1 ? s : s - r);
            }
          fx_json_writer_end_array (w);
        }
      fx_json_writer_end_array (w);
    }
  fx_json_writer_member_double (w, "mean_abs_difference", m->mean_abs_difference);
  fx_json_writer_end_object (w);
}

static void
write_string_list (FxJsonWriter *w,
                   const char   *key,
                   GPtrArray    *list)
{
  fx_json_writer_key (w, key);
  fx_json_writer_begin_array (w, TRUE);
  for (guint i = 0; i < list->len; i++)
    fx_json_writer_string (w, g_ptr_array_index (list, i));
  fx_json_writer_end_array (w);
}

static void
write_metrics (FxJsonWriter          *w,
               const FxFeatureComparison *r)
{
  if (r->kind == FX_FEATURE_CONTINUOUS)
    {
      fx_json_writer_key (w, "ks");
      if (r->tested)
        {
          fx_json_writer_begin_object (w);
          fx_json_writer_member_double (w, "statistic", r->ks.statistic);
          fx_json_writer_member_double (w, "pvalue", r->ks.pvalue);
          fx_json_writer_member_string (w, "method", r->ks.method == FX_KS_EXACT ? "exact" : "asymptotic");
          fx_json_writer_member_double (w, "location", r->ks.location);
          fx_json_writer_member_int (w, "sign", r->ks.sign);
          fx_json_writer_end_object (w);
        }
      else
        fx_json_writer_null (w);
      fx_json_writer_member_double (w, "wasserstein", r->wasserstein);
    }
  else
    {
      fx_json_writer_key (w, "chi2");
      if (r->tested)
        {
          fx_json_writer_begin_object (w);
          fx_json_writer_member_double (w, "statistic", r->chi2.statistic);
          fx_json_writer_member_int (w, "dof", r->chi2.dof);
          fx_json_writer_member_double (w, "pvalue", r->chi2.pvalue);
          fx_json_writer_end_object (w);
        }
      else
        fx_json_writer_null (w);
      fx_json_writer_member_double (w, "tvd", r->tvd);
    }
  fx_json_writer_member_double (w, "kl", r->kl);
  fx_json_writer_member_double (w, "js", r->js);
}

static void
write_summary (FxJsonWriter       *w,
               const FxComparison *c)
{
  FxComparisonSummary s;

  fx_comparison_summarize (c, FX_COMPARE_ALPHA, &s);
  fx_json_writer_member_int (w, "features_compared", s.features);
  fx_json_writer_member_int (w, "continuous_features", s.continuous);
  fx_json_writer_member_int (w, "categorical_features", s.categorical);
  fx_json_writer_member_int (w, "features_tested", s.tested);
  fx_json_writer_member_double (w, "alpha", FX_COMPARE_ALPHA);
  fx_json_writer_member_int (w, "features_differing", s.significant);
  fx_json_writer_member_double (w, "mean_ks_statistic", s.mean_ks);
  fx_json_writer_member_double (w, "mean_kl_continuous", s.mean_kl_continuous);
  fx_json_writer_member_double (w, "mean_kl", s.mean_kl);
  fx_json_writer_member_double (w, "mean_js", s.mean_js);
  fx_json_writer_member_double (w, "mean_tvd", s.mean_tvd);
  fx_json_writer_member_double (w, "pearson_mean_abs_difference", c->pearson.mean_abs_difference);
  fx_json_writer_member_double (w, "spearman_mean_abs_difference", c->spearman.mean_abs_difference);
  fx_json_writer_member_double (w, "cramers_v_mean_abs_difference", c->cramers_v.mean_abs_difference);
  fx_json_writer_member_double (w, "correlation_ratio_mean_abs_difference",
                                c->correlation_ratio.mean_abs_difference);
}

void
fx_comparison_write_json (const FxComparison *c,
                          FxJsonWriter       *w)
{
  fx_json_writer_begin_object (w);
  fx_json_writer_member_int (w, "real_rows", c->real_rows);
  fx_json_writer_member_int (w, "synthetic_rows", c->synthetic_rows);

  fx_json_writer_key (w, "features");
  fx_json_writer_begin_array (w, FALSE);
  for (guint i = 0; i < c->features->len; i++)
    {
      const FxFeatureComparison *r = g_ptr_array_index (c->features, i);
      const FxFeatureComparison *h = c->holdout != NULL ? fx_comparison_find (c->holdout, r->name) : NULL;

      fx_json_writer_begin_object (w);
      fx_json_writer_member_string (w, "name", r->name);
      fx_json_writer_member_string (w, "kind", r->kind == FX_FEATURE_CONTINUOUS ? "continuous" : "categorical");
      fx_json_writer_member_string (w, "type", fx_column_type_to_string (r->type));
      fx_json_writer_member_int (w, "real_count", r->real_count);
      fx_json_writer_member_int (w, "synthetic_count", r->synthetic_count);
      fx_json_writer_member_int (w, "real_missing", r->real_missing);
      fx_json_writer_member_int (w, "synthetic_missing", r->synthetic_missing);
      fx_json_writer_member_double (w, "real_missing_rate",
                                    c->real_rows ? (double) r->real_missing / c->real_rows : NAN);
      fx_json_writer_member_double (w, "synthetic_missing_rate",
                                    c->synthetic_rows ? (double) r->synthetic_missing / c->synthetic_rows : NAN);
      fx_json_writer_member_int (w, "synthetic_invalid", r->synthetic_invalid);
      fx_json_writer_member_int (w, "synthetic_outside_schema", r->synthetic_outside_schema);
      fx_json_writer_member_int (w, "synthetic_out_of_range", r->synthetic_out_of_range);
      fx_json_writer_member_int (w, "synthetic_unknown_category", r->synthetic_unknown_category);
      write_metrics (w, r);
      fx_json_writer_member_double (w, "pvalue", r->pvalue);
      fx_json_writer_member_double (w, "pvalue_adjusted", r->pvalue_adjusted);

      if (r->kind == FX_FEATURE_CONTINUOUS)
        {
          fx_json_writer_member_double (w, "real_mean", r->real_mean);
          fx_json_writer_member_double (w, "synthetic_mean", r->synthetic_mean);
          fx_json_writer_member_double (w, "real_sd", r->real_sd);
          fx_json_writer_member_double (w, "synthetic_sd", r->synthetic_sd);
          fx_json_writer_member_int (w, "synthetic_below_real_min", r->synthetic_below_real_min);
          fx_json_writer_member_int (w, "synthetic_above_real_max", r->synthetic_above_real_max);
        }
      else
        {
          fx_json_writer_key (w, "categories");
          fx_json_writer_begin_array (w, FALSE);
          for (guint k = 0; k < r->categories->len; k++)
            {
              fx_json_writer_begin_object (w);
              fx_json_writer_member_string (w, "label", g_ptr_array_index (r->categories, k));
              fx_json_writer_member_double (w, "real", g_array_index (r->real_counts, double, k));
              fx_json_writer_member_double (w, "synthetic", g_array_index (r->synthetic_counts, double, k));
              fx_json_writer_end_object (w);
            }
          fx_json_writer_end_array (w);
        }

      if (!r->tested)
        fx_json_writer_member_string (w, "note",
                                      r->real_count == 0 ? "no values in the real data"
                                                         : "no values in the synthetic data");

      if (h != NULL)
        {
          fx_json_writer_key (w, "holdout");
          fx_json_writer_begin_object (w);
          write_metrics (w, h);
          fx_json_writer_end_object (w);
        }
      fx_json_writer_end_object (w);
    }
  fx_json_writer_end_array (w);

  fx_json_writer_key (w, "correlation");
  fx_json_writer_begin_object (w);
  {
    gboolean left_out[4] = {
      matrix_left_out (c, &c->pearson), matrix_left_out (c, &c->spearman),
      matrix_left_out (c, &c->cramers_v), matrix_left_out (c, &c->correlation_ratio),
    };

    fx_json_writer_member_boolean (w, "matrices_left_out", left_out[0] || left_out[1] || left_out[2] || left_out[3]);
    fx_json_writer_member_int (w, "matrix_max_features", FX_COMPARE_MATRIX_MAX_FEATURES);
    write_matrix (w, "pearson", &c->pearson, TRUE, left_out[0]);
    write_matrix (w, "spearman", &c->spearman, TRUE, left_out[1]);
    write_matrix (w, "cramers_v", &c->cramers_v, TRUE, left_out[2]);
    write_matrix (w, "correlation_ratio", &c->correlation_ratio, FALSE, left_out[3]);
  }
  fx_json_writer_end_object (w);

  fx_json_writer_key (w, "summary");
  fx_json_writer_begin_object (w);
  write_summary (w, c);
  write_string_list (w, "only_in_real", c->only_in_real);
  write_string_list (w, "only_in_synthetic", c->only_in_synthetic);
  write_string_list (w, "in_neither", c->in_neither);
  write_string_list (w, "not_in_schema", c->not_in_schema);
  fx_json_writer_end_object (w);

  if (c->validity != NULL)
    {
      fx_json_writer_key (w, "validity");
      fx_validity_write_json (c->validity, w);
    }

  if (c->holdout != NULL)
    {
      fx_json_writer_key (w, "holdout");
      fx_json_writer_begin_object (w);
      fx_json_writer_member_int (w, "seed", (gint64) c->holdout_seed);
      fx_json_writer_member_int (w, "first_rows", c->holdout->real_rows);
      fx_json_writer_member_int (w, "second_rows", c->holdout->synthetic_rows);
      fx_json_writer_key (w, "summary");
      fx_json_writer_begin_object (w);
      write_summary (w, c->holdout);
      fx_json_writer_end_object (w);
      fx_json_writer_end_object (w);
    }

  fx_json_writer_end_object (w);
}

char *
fx_comparison_to_json (const FxComparison *c,
                       gsize              *length)
{
  g_autoptr(FxJsonWriter) w = fx_json_writer_new (TRUE);

  fx_comparison_write_json (c, w);
  return fx_json_writer_finish (g_steal_pointer (&w), length);
}

/* @text in exactly @width characters: cut with an ellipsis, or padded. */
static void
append_padded (GString    *out,
               const char *text,
               int         width)
{
  glong length = g_utf8_strlen (text, -1);

  if (length > width)
    {
      const char *cut = g_utf8_offset_to_pointer (text, width - 1);

      g_string_append_len (out, text, cut - text);
      g_string_append (out, "…");
      return;
    }
  g_string_append (out, text);
  for (glong i = length; i < width; i++)
    g_string_append_c (out, ' ');
}

static void
format_cell (GString    *out,
             int         width,
             double      value,
             const char *format)
{
  char buf[64];

  if (!isfinite (value))
    g_snprintf (buf, sizeof buf, "%s", "-");
  else
    g_ascii_formatd (buf, sizeof buf, format, value);
  g_string_append_printf (out, " %*s", width, buf);
}

static void
format_percent (GString *out,
                double   fraction)
{
  char buf[64];
  char num[32];

  if (!isfinite (fraction))
    g_snprintf (buf, sizeof buf, "-");
  else
    g_snprintf (buf, sizeof buf, "%s%%", g_ascii_formatd (num, sizeof num, "%.1f", 100 * fraction));
  g_string_append_printf (out, " %9s", buf);
}

char *
fx_format_number (double      value,
                  int         digits,
                  gboolean    localized,
                  const char *missing)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  gboolean scientific = value != 0 && fabs (value) < pow (10, -digits);
  int precision = scientific ? MAX (digits - 2, 1) : digits;
  g_autofree char *format = NULL;

  if (!isfinite (value))
    return g_strdup (missing);
  if (localized)
    return scientific ? g_strdup_printf ("%.*e", precision, value) : g_strdup_printf ("%.*f", precision, value);
  format = g_strdup_printf (scientific ? "%%.%de" : "%%.%df", precision);
  return g_strdup (g_ascii_formatd (buf, sizeof buf, format, value));
}

char *
fx_format_pvalue (double      p,
                  const char *missing)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (p))
    return g_strdup (missing);
  if (p < 1e-4)
    return g_strdup ("< 0.0001");
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.4f", p));
}

static void
format_pvalue (GString *out,
               double   p)
{
  g_autofree char *text = fx_format_pvalue (p, "-");

  g_string_append_printf (out, " %9s", text);
}

/* A CSV field: quoted when it holds a comma, a quote or a line break. */
static void
append_csv_text (GString    *out,
                 const char *text)
{
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
append_csv_number (GString *out,
                   double   value)
{
  char buf[32];

  g_string_append_c (out, ',');
  if (isfinite (value))
    g_string_append (out, fx_format_double (value, buf));
}

void
fx_comparison_append_csv (const FxComparison *c,
                          const char         *set,
                          gboolean            header,
                          GString            *out)
{
  if (header)
    g_string_append (out, "set,feature,kind,real_count,synthetic_count,real_missing,synthetic_missing,"
                          "synthetic_invalid,test,statistic,pvalue,pvalue_adjusted,kl,js,wasserstein,tvd,"
                          "holdout_statistic,holdout_kl\n");
  for (guint i = 0; i < c->features->len; i++)
    {
      const FxFeatureComparison *r = g_ptr_array_index (c->features, i);
      const FxFeatureComparison *h = c->holdout != NULL ? fx_comparison_find (c->holdout, r->name) : NULL;
      gboolean cont = r->kind == FX_FEATURE_CONTINUOUS;

      append_csv_text (out, set != NULL ? set : "");
      g_string_append_c (out, ',');
      append_csv_text (out, r->name);
      g_string_append_printf (out, ",%s,%lu,%lu,%lu,%lu,%lu,%s", cont ? "continuous" : "categorical",
                              (gulong) r->real_count, (gulong) r->synthetic_count, (gulong) r->real_missing,
                              (gulong) r->synthetic_missing, (gulong) r->synthetic_invalid,
                              !r->tested ? "" : cont ? "ks" : "chi2");
      append_csv_number (out, !r->tested ? NAN : cont ? r->ks.statistic : r->chi2.statistic);
      append_csv_number (out, r->tested ? r->pvalue : NAN);
      append_csv_number (out, r->tested ? r->pvalue_adjusted : NAN);
      append_csv_number (out, r->kl);
      append_csv_number (out, r->js);
      append_csv_number (out, cont ? r->wasserstein : NAN);
      append_csv_number (out, cont ? NAN : r->tvd);
      append_csv_number (out, fx_feature_comparison_distance (h, FX_DISTANCE_SHAPE));
      append_csv_number (out, h != NULL ? h->kl : NAN);
      g_string_append_c (out, '\n');
    }
}

char *
fx_comparison_to_text (const FxComparison *c)
{
  GString *out = g_string_new (NULL);
  FxComparisonSummary s;
  char alpha[G_ASCII_DTOSTR_BUF_SIZE];
  int name_width = 7;

  for (guint i = 0; i < c->features->len; i++)
    {
      const FxFeatureComparison *r = g_ptr_array_index (c->features, i);

      name_width = MAX (name_width, (int) g_utf8_strlen (r->name, -1));
    }
  name_width = MIN (name_width, 28);

  g_string_append_printf (out, _("Real rows: %lu    Synthetic rows: %lu\n\n"),
                          (gulong) c->real_rows, (gulong) c->synthetic_rows);
  append_padded (out, _("feature"), name_width);
  g_string_append_c (out, ' ');
  append_padded (out, _("kind"), 11);
  g_string_append_printf (out, " %9s %9s %9s %9s %9s %9s%s\n",
                          _("missing-R"), _("missing-S"), _("KS D/TVD"), _("p (adj.)"),
                          _("KL"), _("W1"), c->holdout != NULL ? _("  holdout") : "");

  for (guint i = 0; i < c->features->len; i++)
    {
      const FxFeatureComparison *r = g_ptr_array_index (c->features, i);
      const FxFeatureComparison *h = c->holdout != NULL ? fx_comparison_find (c->holdout, r->name) : NULL;
      gboolean cont = r->kind == FX_FEATURE_CONTINUOUS;

      append_padded (out, r->name, name_width);
      g_string_append_c (out, ' ');
      append_padded (out, cont ? _("continuous") : _("categorical"), 11);
      format_percent (out, c->real_rows ? (double) r->real_missing / c->real_rows : NAN);
      format_percent (out, c->synthetic_rows ? (double) r->synthetic_missing / c->synthetic_rows : NAN);
      format_cell (out, 9, fx_feature_comparison_distance (r, FX_DISTANCE_SHAPE), "%.4f");
      format_pvalue (out, r->pvalue_adjusted);
      format_cell (out, 9, r->kl, "%.4f");
      format_cell (out, 9, cont ? r->wasserstein : NAN, "%.4g");
      if (h != NULL)
        format_cell (out, 9, fx_feature_comparison_distance (h, FX_DISTANCE_SHAPE), "%.4f");
      if (r->pvalue_adjusted < FX_COMPARE_ALPHA)
        g_string_append (out, "  *");
      g_string_append_c (out, '\n');
    }

  fx_comparison_summarize (c, FX_COMPARE_ALPHA, &s);
  /* '.' decimals in every language, as the table's numbers */
  g_ascii_formatd (alpha, sizeof alpha, "%.2f", FX_COMPARE_ALPHA);
  g_string_append_printf (out, _("\n%u features compared (%u continuous, %u categorical); "
                                 "%u differ at adjusted p < %s (marked *).\n"),
                          s.features, s.continuous, s.categorical, s.significant, alpha);
  g_string_append (out, _("Mean KS D"));
  format_cell (out, 0, s.mean_ks, "%.4f");
  g_string_append (out, _("   mean KL (continuous)"));
  format_cell (out, 0, s.mean_kl_continuous, "%.4f");
  g_string_append (out, _("   mean TVD"));
  format_cell (out, 0, s.mean_tvd, "%.4f");
  g_string_append_c (out, '\n');
  g_string_append (out, _("Correlation, mean |synthetic - real|: Pearson"));
  format_cell (out, 0, c->pearson.mean_abs_difference, "%.4f");
  g_string_append (out, _("   Spearman"));
  format_cell (out, 0, c->spearman.mean_abs_difference, "%.4f");
  g_string_append (out, _("   Cramer's V"));
  format_cell (out, 0, c->cramers_v.mean_abs_difference, "%.4f");
  g_string_append (out, _("   correlation ratio"));
  format_cell (out, 0, c->correlation_ratio.mean_abs_difference, "%.4f");
  g_string_append_c (out, '\n');

  if (c->holdout != NULL)
    {
      FxComparisonSummary hs;

      fx_comparison_summarize (c->holdout, FX_COMPARE_ALPHA, &hs);
      g_string_append_printf (out, _("Holdout baseline (real half vs real half, seed %llu): "
                                     "%u of %u features differ; mean KS D"),
                              (unsigned long long) c->holdout_seed, hs.significant, hs.features);
      format_cell (out, 0, hs.mean_ks, "%.4f");
      g_string_append (out, _(", mean KL (continuous)"));
      format_cell (out, 0, hs.mean_kl_continuous, "%.4f");
      g_string_append (out, _(", Pearson"));
      format_cell (out, 0, c->holdout->pearson.mean_abs_difference, "%.4f");
      g_string_append_c (out, '\n');
    }

  if (c->validity != NULL)
    fx_validity_append_text (c->validity, out);

  if (c->only_in_real->len > 0)
    {
      g_string_append (out, _("Only in the real data (not compared): "));
      for (guint i = 0; i < c->only_in_real->len; i++)
        g_string_append_printf (out, "%s%s", i ? ", " : "", (char *) g_ptr_array_index (c->only_in_real, i));
      g_string_append_c (out, '\n');
    }
  if (c->in_neither->len > 0)
    {
      g_string_append (out, _("In the schema but in neither table: "));
      for (guint i = 0; i < c->in_neither->len; i++)
        g_string_append_printf (out, "%s%s", i ? ", " : "", (char *) g_ptr_array_index (c->in_neither, i));
      g_string_append_c (out, '\n');
    }
  if (c->not_in_schema->len > 0)
    {
      g_string_append (out, _("Not in the schema (not compared): "));
      for (guint i = 0; i < c->not_in_schema->len; i++)
        g_string_append_printf (out, "%s%s", i ? ", " : "", (char *) g_ptr_array_index (c->not_in_schema, i));
      g_string_append_c (out, '\n');
    }
  if (c->only_in_synthetic->len > 0)
    {
      g_string_append (out, _("Only in the synthetic data (not compared): "));
      for (guint i = 0; i < c->only_in_synthetic->len; i++)
        g_string_append_printf (out, "%s%s", i ? ", " : "", (char *) g_ptr_array_index (c->only_in_synthetic, i));
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}
