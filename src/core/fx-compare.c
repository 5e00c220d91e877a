/* fx-compare.c: a synthetic table held against a real one
 *
 * Everything here works on the non-missing values of each feature.  Per feature:
 * continuous features get the two-sample Kolmogorov-Smirnov test and the
 * Wasserstein-1 distance, categorical ones the chi-square test of homogeneity and the
 * total variation distance, and both get KL divergence real || synthetic and the
 * Jensen-Shannon distance over the bins described in fx-stats.h.  The p-values of one
 * comparison are adjusted together (Benjamini-Hochberg).  Across features: Pearson
 * and Spearman matrices of the continuous features, Cramer's V of the categorical
 * ones and the correlation ratio of each continuous-categorical pair, for each table,
 * with the mean absolute difference between the two.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-compare-private.h"
#include "fx-csv.h"
#include "fx-error.h"

void
fx_compare_side_clear (Side *side)
{
  if (side->owns_values)
    g_free (side->values);
  g_free (side->order);
  g_free (side->sorted);
  if (!side->borrows_codes)
    g_free (side->codes);
  memset (side, 0, sizeof *side);
}

static void
feature_result_free (FxFeatureComparison *result)
{
  g_free (result->name);
  if (result->categories != NULL)
    g_ptr_array_unref (result->categories);
  if (result->real_counts != NULL)
    g_array_unref (result->real_counts);
  if (result->synthetic_counts != NULL)
    g_array_unref (result->synthetic_counts);
  g_free (result);
}

static void
matrix_pair_clear (FxMatrixPair *m)
{
  g_clear_pointer (&m->row_names, g_ptr_array_unref);
  g_clear_pointer (&m->column_names, g_ptr_array_unref);
  g_clear_pointer (&m->real, g_free);
  g_clear_pointer (&m->synthetic, g_free);
}

void
fx_comparison_free (FxComparison *comparison)
{
  if (comparison == NULL)
    return;
  g_ptr_array_unref (comparison->features);
  g_ptr_array_unref (comparison->only_in_real);
  g_ptr_array_unref (comparison->only_in_synthetic);
  g_ptr_array_unref (comparison->in_neither);
  g_ptr_array_unref (comparison->not_in_schema);
  matrix_pair_clear (&comparison->pearson);
  matrix_pair_clear (&comparison->spearman);
  matrix_pair_clear (&comparison->cramers_v);
  matrix_pair_clear (&comparison->correlation_ratio);
  fx_comparison_free (comparison->holdout);
  fx_validity_free (comparison->validity);
  g_free (comparison);
}

const FxFeatureComparison *
fx_comparison_find (const FxComparison *comparison,
                    const char         *name)
{
  for (guint i = 0; i < comparison->features->len; i++)
    {
      const FxFeatureComparison *r = g_ptr_array_index (comparison->features, i);

      if (g_strcmp0 (r->name, name) == 0)
        return r;
    }
  return NULL;
}

double
fx_feature_comparison_distance (const FxFeatureComparison *result,
                                FxDistance                 which)
{
  if (result == NULL || !result->tested)
    return NAN;
  if (result->kind == FX_FEATURE_CATEGORICAL)
    return result->tvd;
  return which == FX_DISTANCE_SCALE ? result->wasserstein : result->ks.statistic;
}

static FxFeatureKind
kind_of_type (FxColumnType type)
{
  return (type == FX_COLUMN_INTEGER || type == FX_COLUMN_NUMBER) ? FX_FEATURE_CONTINUOUS
                                                                 : FX_FEATURE_CATEGORICAL;
}

/* The label under which a cell is counted as a category. */
static const char *
cell_label (const FxColumn *column,
            gsize           row,
            char            buf[32])
{
  if (column->type == FX_COLUMN_CATEGORICAL)
    return g_ptr_array_index (column->categories, column->codes[row]);
  return fx_format_double (column->values[row], buf);
}

void
fx_compare_prepare_continuous (Side           *side,
                               const FxColumn *column)
{
  side->n_missing = column->n_missing;
  side->n_invalid = column->n_invalid;

  if (column->type != FX_COLUMN_CATEGORICAL)
    side->values = column->values;
  else
    {
      /* labels that are numbers count; the rest are invalid for a continuous feature */
      side->values = g_new (double, MAX (column->n_rows, 1));
      side->owns_values = TRUE;
      for (gsize r = 0; r < column->n_rows; r++)
        {
          const char *label;
          double v;

          side->values[r] = NAN;
          if (fx_column_is_missing (column, r))
            continue;
          label = g_ptr_array_index (column->categories, column->codes[r]);
          if (fx_csv_parse_number (label, strlen (label), &v, NULL))
            side->values[r] = v;
          else
            {
              side->n_invalid++;
              side->n_missing++;
            }
        }
    }

  side->order = fx_sort_order (side->values, column->n_rows, &side->n_present);
  side->sorted = g_new (double, MAX (side->n_present, 1));
  for (gsize i = 0; i < side->n_present; i++)
    side->sorted[i] = side->values[side->order[i]];
}

void
fx_compare_prepare_categorical (Side           *side,
                                const FxColumn *column,
                                GHashTable     *index,
                                GPtrArray      *labels)
{
  char buf[32];

  side->n_missing = column->n_missing;
  side->n_invalid = column->n_invalid;
  side->codes = g_new (guint32, MAX (column->n_rows, 1));

  if (column->type == FX_COLUMN_CATEGORICAL)
    {
      /* map the column's own dictionary once, not every row */
      g_autofree guint32 *map = g_new (guint32, MAX (column->categories->len, 1));

      for (guint c = 0; c < column->categories->len; c++)
        {
          const char *label = g_ptr_array_index (column->categories, c);
          gpointer found = g_hash_table_lookup (index, label);

          if (found == NULL)
            {
              g_ptr_array_add (labels, g_strdup (label));
              found = GUINT_TO_POINTER (labels->len);
              g_hash_table_insert (index, g_ptr_array_index (labels, labels->len - 1), found);
            }
          map[c] = GPOINTER_TO_UINT (found) - 1;
        }
      for (gsize r = 0; r < column->n_rows; r++)
        side->codes[r] = fx_column_is_missing (column, r) ? G_MAXUINT32 : map[column->codes[r]];
      return;
    }

  for (gsize r = 0; r < column->n_rows; r++)
    {
      const char *label;
      gpointer found;

      if (fx_column_is_missing (column, r))
        {
          side->codes[r] = G_MAXUINT32;
          continue;
        }
      /* booleans are 0 or 1: no need to format every value */
      if (column->type == FX_COLUMN_BOOLEAN)
        label = column->values[r] != 0 ? "1" : "0";
      else
        label = cell_label (column, r, buf);
      found = g_hash_table_lookup (index, label);
      if (found == NULL)
        {
          g_ptr_array_add (labels, g_strdup (label));
          found = GUINT_TO_POINTER (labels->len);
          g_hash_table_insert (index, g_ptr_array_index (labels, labels->len - 1), found);
        }
      side->codes[r] = GPOINTER_TO_UINT (found) - 1;
    }
}

static void
mean_sd (const double *x,
         gsize         n,
         double       *mean,
         double       *sd)
{
  double sum = 0, ss = 0;

  *mean = *sd = NAN;
  if (n == 0)
    return;
  for (gsize i = 0; i < n; i++)
    sum += x[i];
  *mean = sum / n;
  if (n < 2)
    return;
  for (gsize i = 0; i < n; i++)
    ss += (x[i] - *mean) * (x[i] - *mean);
  *sd = sqrt (ss / (n - 1));
}

static void
compare_continuous (Work *w)
{
  FxFeatureComparison *r = w->result;
  const double *x = w->real.sorted, *y = w->synthetic.sorted;
  gsize n = w->real.n_present, m = w->synthetic.n_present;
  g_autofree double *edges = NULL;
  g_autofree double *a = NULL;
  g_autofree double *b = NULL;
  gsize bins;

  r->real_count = n;
  r->synthetic_count = m;
  mean_sd (x, n, &r->real_mean, &r->real_sd);
  mean_sd (y, m, &r->synthetic_mean, &r->synthetic_sd);

  if (w->schema_feature != NULL)
    for (gsize i = 0; i < m; i++)
      if ((w->schema_feature->has_minimum && y[i] < w->schema_feature->minimum) ||
          (w->schema_feature->has_maximum && y[i] > w->schema_feature->maximum))
        {
          r->synthetic_outside_schema++;
          r->synthetic_out_of_range++;
        }

  if (n == 0 || m == 0)
    return;
  r->tested = TRUE;

  for (gsize i = 0; i < m; i++)
    {
      r->synthetic_below_real_min += y[i] < x[0];
      r->synthetic_above_real_max += y[i] > x[n - 1];
    }

  fx_ks_2samp_sorted (x, n, y, m, &r->ks);
  r->pvalue = r->ks.pvalue;
  r->wasserstein = fx_wasserstein_sorted (x, n, y, m);

  bins = fx_quantile_bins (x, n, &edges);
  a = g_new (double, bins);
  b = g_new (double, bins);
  fx_bin_counts (x, n, edges, bins, a);
  fx_bin_counts (y, m, edges, bins, b);
  if (fx_quantile_bins_are_points (x, n))
    bins = fx_drop_unused_bins (a, b, bins);
  r->kl = fx_kl_counts (a, b, bins, FX_KL_PSEUDOCOUNT);
  r->js = fx_js_distance_counts (a, b, bins);
}

static void
compare_categorical (Work   *w,
                     gsize   real_rows,
                     gsize   synthetic_rows)
{
  FxFeatureComparison *r = w->result;
  gsize k = r->categories->len;
  double *a, *b;

  g_array_set_size (r->real_counts, k);
  g_array_set_size (r->synthetic_counts, k);
  a = (double *) (void *) r->real_counts->data;
  b = (double *) (void *) r->synthetic_counts->data;
  memset (a, 0, k * sizeof (double));
  memset (b, 0, k * sizeof (double));

  for (gsize i = 0; i < real_rows; i++)
    if (w->real.codes[i] != G_MAXUINT32)
      a[w->real.codes[i]] += 1;
  for (gsize i = 0; i < synthetic_rows; i++)
    if (w->synthetic.codes[i] != G_MAXUINT32)
      b[w->synthetic.codes[i]] += 1;

  r->real_count = real_rows - w->real.n_missing;
  r->synthetic_count = synthetic_rows - w->synthetic.n_missing;

  if (w->schema_feature != NULL && w->schema_feature->categories->len > 0)
    {
      g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint j = 0; j < w->schema_feature->categories->len; j++)
        g_hash_table_add (known, g_ptr_array_index (w->schema_feature->categories, j));
      for (gsize c = 0; c < k; c++)
        if (!g_hash_table_contains (known, g_ptr_array_index (r->categories, c)))
          {
            r->synthetic_outside_schema += (gsize) b[c];
            r->synthetic_unknown_category += (gsize) b[c];
          }
    }

  if (r->real_count == 0 || r->synthetic_count == 0)
    return;
  r->tested = TRUE;

  fx_chi2_homogeneity (a, b, k, &r->chi2);
  r->pvalue = r->chi2.pvalue;
  r->tvd = fx_tvd_counts (a, b, k);
  r->kl = fx_kl_counts (a, b, k, FX_KL_PSEUDOCOUNT);
  r->js = fx_js_distance_counts (a, b, k);
}

static FxFeatureComparison *
feature_result_new (const char    *name,
                    FxColumnType   type)
{
  FxFeatureComparison *r = g_new0 (FxFeatureComparison, 1);

  r->name = g_strdup (name);
  r->type = type;
  r->kind = kind_of_type (type);
  r->ks.statistic = r->ks.pvalue = NAN;
  r->chi2.statistic = r->chi2.pvalue = NAN;
  r->wasserstein = r->tvd = r->kl = r->js = NAN;
  r->pvalue = r->pvalue_adjusted = NAN;
  r->real_mean = r->real_sd = r->synthetic_mean = r->synthetic_sd = NAN;
  if (r->kind == FX_FEATURE_CATEGORICAL)
    {
      r->categories = g_ptr_array_new_with_free_func (g_free);
      r->real_counts = g_array_new (FALSE, TRUE, sizeof (double));
      r->synthetic_counts = g_array_new (FALSE, TRUE, sizeof (double));
    }
  return r;
}

static void
add_feature (GArray          *work,
             const char      *name,
             FxColumnType     type,
             const FxFeature *schema_feature)
{
  Work w = { 0 };

  w.result = feature_result_new (name, type);
  w.schema_feature = schema_feature;
  g_array_append_val (work, w);
}

FxComparison *
fx_compare_tables (const FxTable          *real,
                   const FxTable          *synthetic,
                   const FxCompareOptions *options,
                   GError                **error)
{
  FxCompareOptions defaults = { NULL, FALSE, 0, FALSE };
  g_autoptr(FxComparison) out = NULL;
  g_autoptr(GArray) work = g_array_new (FALSE, TRUE, sizeof (Work));
  g_autoptr(GArray) cont = g_array_new (FALSE, TRUE, sizeof (Work));
  g_autoptr(GArray) cat = g_array_new (FALSE, TRUE, sizeof (Work));
  g_autofree double *pvalues = NULL;
  g_autofree double *adjusted = NULL;

  if (options == NULL)
    options = &defaults;

  out = g_new0 (FxComparison, 1);
  out->full_matrices = options->full_matrices;
  out->real_rows = real->n_rows;
  out->synthetic_rows = synthetic->n_rows;
  out->features = g_ptr_array_new_with_free_func ((GDestroyNotify) feature_result_free);
  out->only_in_real = g_ptr_array_new_with_free_func (g_free);
  out->only_in_synthetic = g_ptr_array_new_with_free_func (g_free);
  out->in_neither = g_ptr_array_new_with_free_func (g_free);
  out->not_in_schema = g_ptr_array_new_with_free_func (g_free);

  /* which features, of which kind */
  if (options->schema != NULL)
    {
      for (guint i = 0; i < options->schema->features->len; i++)
        {
          const FxFeature *f = g_ptr_array_index (options->schema->features, i);
          gboolean in_real = fx_table_find_column (real, f->name) != NULL;
          gboolean in_synthetic = fx_table_find_column (synthetic, f->name) != NULL;

          if (in_real && in_synthetic)
            add_feature (work, f->name, f->type, f);
          else if (in_real)
            g_ptr_array_add (out->only_in_real, g_strdup (f->name));
          else if (in_synthetic)
            g_ptr_array_add (out->only_in_synthetic, g_strdup (f->name));
          else
            g_ptr_array_add (out->in_neither, g_strdup (f->name));
        }
      for (guint t = 0; t < 2; t++)
        {
          const FxTable *table = t == 0 ? real : synthetic;

          for (guint i = 0; i < table->columns->len; i++)
            {
              const FxColumn *c = g_ptr_array_index (table->columns, i);

              if (fx_schema_find_feature (options->schema, c->name) == NULL &&
                  !g_ptr_array_find_with_equal_func (out->not_in_schema, c->name, g_str_equal, NULL))
                g_ptr_array_add (out->not_in_schema, g_strdup (c->name));
            }
        }
    }
  else
    {
      for (guint i = 0; i < real->columns->len; i++)
        {
          const FxColumn *c = g_ptr_array_index (real->columns, i);
          const FxColumn *sc = fx_table_find_column (synthetic, c->name);

          /* a real column with no value has no type of its own: the synthetic one's */
          if (sc != NULL)
            add_feature (work, c->name, fx_column_count_present (c) > 0 ? c->type : sc->type, NULL);
          else
            g_ptr_array_add (out->only_in_real, g_strdup (c->name));
        }
      for (guint i = 0; i < synthetic->columns->len; i++)
        {
          const FxColumn *c = g_ptr_array_index (synthetic->columns, i);

          if (fx_table_find_column (real, c->name) == NULL)
            g_ptr_array_add (out->only_in_synthetic, g_strdup (c->name));
        }
    }

  if (work->len == 0)
    {
      g_set_error (error, FX_STATS_ERROR, FX_STATS_ERROR_EMPTY,
                   _("the two tables have no column in common"));
      for (guint i = 0; i < work->len; i++)
        feature_result_free (g_array_index (work, Work, i).result);
      return NULL;
    }

  /* per feature */
  for (guint i = 0; i < work->len; i++)
    {
      Work *w = &g_array_index (work, Work, i);
      const FxColumn *rc = fx_table_find_column (real, w->result->name);
      const FxColumn *sc = fx_table_find_column (synthetic, w->result->name);

      if (w->result->kind == FX_FEATURE_CONTINUOUS)
        {
          fx_compare_prepare_continuous (&w->real, rc);
          fx_compare_prepare_continuous (&w->synthetic, sc);
          compare_continuous (w);
        }
      else
        {
          g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);

          fx_compare_prepare_categorical (&w->real, rc, index, w->result->categories);
          fx_compare_prepare_categorical (&w->synthetic, sc, index, w->result->categories);
          compare_categorical (w, real->n_rows, synthetic->n_rows);
        }
      w->result->real_missing = w->real.n_missing;
      w->result->synthetic_missing = w->synthetic.n_missing;
      w->result->synthetic_invalid = w->synthetic.n_invalid;
      /* the association measures rebuild what they need one table at a time */
      fx_compare_side_clear (&w->real);
      fx_compare_side_clear (&w->synthetic);
      g_ptr_array_add (out->features, w->result);
      g_array_append_val (w->result->kind == FX_FEATURE_CONTINUOUS ? cont : cat, *w);
    }

  /* multiple testing across the features of this comparison */
  pvalues = g_new (double, work->len);
  adjusted = g_new (double, work->len);
  for (guint i = 0; i < work->len; i++)
    pvalues[i] = g_array_index (work, Work, i).result->pvalue;
  fx_benjamini_hochberg (pvalues, work->len, adjusted);
  for (guint i = 0; i < work->len; i++)
    g_array_index (work, Work, i).result->pvalue_adjusted = adjusted[i];

  fx_compare_correlations (real, synthetic, (Work *) (void *) cont->data, cont->len,
                           (Work *) (void *) cat->data, cat->len, out);

  if (options->schema != NULL)
    {
      out->validity = fx_validity_measure (options->schema, real, synthetic, error);
      if (out->validity == NULL)
        return NULL;
    }

  if (options->holdout)
    {
      g_autoptr(FxTable) first = NULL;
      g_autoptr(FxTable) second = NULL;
      FxCompareOptions inner = { options->schema, FALSE, options->seed, options->full_matrices };

      if (real->n_rows < 4)
        {
          g_set_error (error, FX_STATS_ERROR, FX_STATS_ERROR_EMPTY,
                       _("the real table has %lu rows: too few to split for a holdout baseline"),
                       (gulong) real->n_rows);
          return NULL;
        }
      fx_table_split_halves (real, options->seed, &first, &second);
      out->holdout = fx_compare_tables (first, second, &inner, error);
      if (out->holdout == NULL)
        return NULL;
      out->holdout_seed = options->seed;
      out->holdout->full_matrices = options->full_matrices;
    }

  return g_steal_pointer (&out);
}

/* ---- output ------------------------------------------------------------------- */


void
fx_comparison_summarize (const FxComparison  *c,
                         double               alpha,
                         FxComparisonSummary *s)
{
  double ks = 0, klc = 0, kl = 0, js = 0, tvd = 0;
  guint nks = 0, nklc = 0, nkl = 0, njs = 0, ntvd = 0;

  memset (s, 0, sizeof *s);
  for (guint i = 0; i < c->features->len; i++)
    {
      const FxFeatureComparison *r = g_ptr_array_index (c->features, i);

      s->features++;
      if (r->kind == FX_FEATURE_CONTINUOUS)
        s->continuous++;
      else
        s->categorical++;
      if (!r->tested)
        continue;
      s->tested++;
      if (r->pvalue_adjusted < alpha)
        s->significant++;
      if (isfinite (r->ks.statistic))
        ks += r->ks.statistic, nks++;
      if (isfinite (r->kl))
        {
          kl += r->kl, nkl++;
          if (r->kind == FX_FEATURE_CONTINUOUS)
            klc += r->kl, nklc++;
        }
      if (isfinite (r->js))
        js += r->js, njs++;
      if (isfinite (r->tvd))
        tvd += r->tvd, ntvd++;
    }
  s->mean_ks = nks ? ks / nks : NAN;
  s->mean_kl_continuous = nklc ? klc / nklc : NAN;
  s->mean_kl = nkl ? kl / nkl : NAN;
  s->mean_js = njs ? js / njs : NAN;
  s->mean_tvd = ntvd ? tvd / ntvd : NAN;
  s->pearson_mean_abs_difference = c->pearson.mean_abs_difference;
  s->spearman_mean_abs_difference = c->spearman.mean_abs_difference;
  s->cramers_v_mean_abs_difference = c->cramers_v.mean_abs_difference;
}

GHashTable *
fx_compare_reading_types (const FxTable  *real,
                          const FxSchema *schema)
{
  GHashTable *types;
  GHashTableIter iter;
  gpointer name, type;

  if (schema != NULL)
    return fx_schema_column_types (schema);

  /* the real table's types, so that a synthetic "abc" in a numeric column is counted
   * as invalid rather than turning the whole column into categories... */
  types = fx_table_column_types (real);
  /* ...but a synthetic 45.5 in a column of whole numbers is still a number */
  g_hash_table_iter_init (&iter, types);
  while (g_hash_table_iter_next (&iter, &name, &type))
    {
      const FxColumn *column = fx_table_find_column (real, name);

      /* a real column with no value says nothing of its type: any synthetic text in
       * it is a label, not an unreadable number */
      if (column != NULL && fx_column_count_present (column) == 0)
        g_hash_table_iter_replace (&iter, GUINT_TO_POINTER (FX_COLUMN_CATEGORICAL + 1));
      else if (GPOINTER_TO_UINT (type) == FX_COLUMN_INTEGER + 1)
        g_hash_table_iter_replace (&iter, GUINT_TO_POINTER (FX_COLUMN_NUMBER + 1));
    }
  return types;
}
