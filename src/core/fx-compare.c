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

#include "fx-compare.h"
#include "fx-csv.h"
#include "fx-error.h"

/* One side of one feature, ready for the statistics. */
typedef struct
{
  /* continuous: one value per row, NaN where missing */
  double   *values;
  gboolean  owns_values;
  guint32  *order;       /* rows of the present values, ascending by value */
  gsize     n_present;
  double   *sorted;
  /* categorical: one code per row into the feature's union of labels */
  guint32  *codes;
  gboolean  borrows_codes;
  gsize     n_missing;
  gsize     n_invalid;
} Side;

typedef struct
{
  FxFeatureComparison *result;
  const FxFeature *schema_feature;
  Side             real;
  Side             synthetic;
} Work;

static void
side_clear (Side *side)
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

static void
prepare_continuous (Side           *side,
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

static void
prepare_categorical (Side           *side,
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
        r->synthetic_outside_schema++;

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
  a = (double *) r->real_counts->data;
  b = (double *) r->synthetic_counts->data;
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
          r->synthetic_outside_schema += (gsize) b[c];
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

static double
mean_abs_difference (const FxMatrixPair *m,
                     gboolean            square)
{
  gsize rows = m->row_names->len, cols = m->column_names->len;
  double sum = 0;
  gsize count = 0;

  for (gsize i = 0; i < rows; i++)
    for (gsize j = square ? i + 1 : 0; j < cols; j++)
      {
        double d = m->synthetic[i * cols + j] - m->real[i * cols + j];

        if (isfinite (d))
          {
            sum += fabs (d);
            count++;
          }
      }
  return count > 0 ? sum / count : NAN;
}

static void
matrix_pair_init (FxMatrixPair *m,
                  GPtrArray    *rows,
                  GPtrArray    *cols)
{
  gsize cells = MAX (rows->len * cols->len, 1);

  m->row_names = g_ptr_array_ref (rows);
  m->column_names = g_ptr_array_ref (cols);
  m->real = g_new (double, cells);
  m->synthetic = g_new (double, cells);
}

/* One table's view of the features for the association measures: numbers and sort
 * orders of the continuous ones, codes of the categorical ones.  Built for one table
 * at a time, so that only one table's orders are held at once. */
typedef struct
{
  Side     *cont;
  Side     *cat;
  gsize    *n_categories;
} TableView;

static void
view_build (TableView      *view,
            const FxTable  *table,
            Work           *cont,
            guint           n_cont,
            Work           *cat,
            guint           n_cat)
{
  view->cont = g_new0 (Side, MAX (n_cont, 1));
  view->cat = g_new0 (Side, MAX (n_cat, 1));
  view->n_categories = g_new0 (gsize, MAX (n_cat, 1));

  for (guint i = 0; i < n_cont; i++)
    {
      prepare_continuous (&view->cont[i], fx_table_find_column (table, cont[i].result->name));
      g_clear_pointer (&view->cont[i].sorted, g_free);
    }
  for (guint i = 0; i < n_cat; i++)
    {
      const FxColumn *column = fx_table_find_column (table, cat[i].result->name);
      g_autoptr(GHashTable) index = NULL;
      g_autoptr(GPtrArray) labels = NULL;

      if (column->type == FX_COLUMN_CATEGORICAL)
        {
          /* within one table the column's own codes serve */
          view->cat[i].codes = column->codes;
          view->cat[i].borrows_codes = TRUE;
          view->n_categories[i] = column->categories->len;
          continue;
        }
      index = g_hash_table_new (g_str_hash, g_str_equal);
      labels = g_ptr_array_new_with_free_func (g_free);
      prepare_categorical (&view->cat[i], column, index, labels);
      view->n_categories[i] = labels->len;
    }
}

static void
view_clear (TableView *view,
            guint      n_cont,
            guint      n_cat)
{
  for (guint i = 0; i < n_cont; i++)
    side_clear (&view->cont[i]);
  for (guint i = 0; i < n_cat; i++)
    side_clear (&view->cat[i]);
  g_clear_pointer (&view->cont, g_free);
  g_clear_pointer (&view->cat, g_free);
  g_clear_pointer (&view->n_categories, g_free);
}

typedef enum
{
  JOB_CONTINUOUS_PAIR,
  JOB_CATEGORICAL_PAIR,
  JOB_MIXED_PAIR,
} JobKind;

typedef struct
{
  JobKind kind;
  guint   i;
  guint   j;
} Job;

typedef struct
{
  const TableView *view;
  gsize            rows;
  guint            n_cont;
  guint            n_cat;
  const Job       *jobs;
  guint            n_jobs;
  gint             next;      /* atomic: the next job to take */
  double          *pearson;
  double          *spearman;
  double          *cramer;
  double          *ratio;
} Jobs;

/* Above this many cells a contingency table is counted sparsely: an identifier column
 * with tens of thousands of values must not need K^2 memory. */
#define DENSE_TABLE_CELLS (1 << 22)

/* Cramer's V from the nonzero cells only: chi2 = n (sum o^2 / (r c) - 1).  Returns
 * -1 when fewer than two rows or columns are used (no association to measure). */
static double
cramers_v_sparse (const guint32 *a,
                  const guint32 *b,
                  gsize          rows,
                  gsize          ka,
                  gsize          kb)
{
  g_autoptr(GHashTable) cells = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autofree double *row_sums = g_new0 (double, MAX (ka, 1));
  g_autofree double *col_sums = g_new0 (double, MAX (kb, 1));
  GHashTableIter iter;
  gpointer key, value;
  double total = 0, sum = 0, chi2;
  gsize used_rows = 0, used_cols = 0;

  for (gsize r = 0; r < rows; r++)
    {
      gint64 cell;
      double *count;

      if (a[r] == G_MAXUINT32 || b[r] == G_MAXUINT32)
        continue;
      cell = ((gint64) a[r] << 32) | b[r];
      count = g_hash_table_lookup (cells, &cell);
      if (count == NULL)
        {
          count = g_new0 (double, 1);
          g_hash_table_insert (cells, g_memdup2 (&cell, sizeof cell), count);
        }
      *count += 1;
      row_sums[a[r]] += 1;
      col_sums[b[r]] += 1;
      total += 1;
    }
  for (gsize k = 0; k < ka; k++)
    used_rows += row_sums[k] > 0;
  for (gsize k = 0; k < kb; k++)
    used_cols += col_sums[k] > 0;
  if (used_rows < 2 || used_cols < 2)
    return -1;

  g_hash_table_iter_init (&iter, cells);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 cell = *(gint64 *) key;
      double o = *(double *) value;

      sum += o * o / (row_sums[cell >> 32] * col_sums[cell & 0xffffffff]);
    }
  chi2 = MAX (total * (sum - 1), 0);
  return sqrt (chi2 / total / (double) MIN (used_rows - 1, used_cols - 1));
}

/* Whether at least two different codes are present. */
static gboolean
varies (const guint32 *codes,
        gsize          rows)
{
  guint32 first = G_MAXUINT32;

  for (gsize r = 0; r < rows; r++)
    {
      if (codes[r] == G_MAXUINT32)
        continue;
      if (first == G_MAXUINT32)
        first = codes[r];
      else if (codes[r] != first)
        return TRUE;
    }
  return FALSE;
}

static void
run_job (Jobs      *jobs,
         const Job *job,
         float     *scratch)
{
  const TableView *view = jobs->view;
  guint i = job->i, j = job->j;

  switch (job->kind)
    {
    case JOB_CONTINUOUS_PAIR:
      {
        const Side *a = &view->cont[i], *b = &view->cont[j];
        guint n = jobs->n_cont;

        jobs->pearson[i * n + j] = jobs->pearson[j * n + i] =
          fx_pearson_pairwise (a->values, b->values, jobs->rows);
        jobs->spearman[i * n + j] = jobs->spearman[j * n + i] =
          fx_spearman_ordered (a->values, b->values, jobs->rows, a->order, a->n_present,
                               b->order, b->n_present, scratch);
      }
      break;

    case JOB_CATEGORICAL_PAIR:
      {
        const Side *a = &view->cat[i], *b = &view->cat[j];
        gsize ka = view->n_categories[i], kb = view->n_categories[j];
        guint n = jobs->n_cat;
        double v;

        if (i == j)
          /* a variable is perfectly associated with itself, if it varies at all */
          v = varies (a->codes, jobs->rows) ? 1.0 : NAN;
        else if (ka * kb <= DENSE_TABLE_CELLS)
          {
            g_autofree double *counts = g_new0 (double, MAX (ka * kb, 1));

            for (gsize r = 0; r < jobs->rows; r++)
              if (a->codes[r] != G_MAXUINT32 && b->codes[r] != G_MAXUINT32)
                counts[a->codes[r] * kb + b->codes[r]] += 1;
            v = fx_cramers_v (counts, ka, kb);
          }
        else
          v = cramers_v_sparse (a->codes, b->codes, jobs->rows, ka, kb);
        jobs->cramer[i * n + j] = jobs->cramer[j * n + i] = isnan (v) || v < 0 ? NAN : v;
      }
      break;

    case JOB_MIXED_PAIR:
      jobs->ratio[i * jobs->n_cat + j] =
        fx_correlation_ratio_masked (view->cont[i].values, view->cat[j].codes, jobs->rows,
                                     view->n_categories[j]);
      break;

    default:
      g_assert_not_reached ();
    }
}

static gpointer
job_worker (gpointer data)
{
  Jobs *jobs = data;
  g_autofree float *scratch = g_new (float, 2 * MAX (jobs->rows, 1));

  for (;;)
    {
      gint k = g_atomic_int_add (&jobs->next, 1);

      if (k >= (gint) jobs->n_jobs)
        break;
      run_job (jobs, &jobs->jobs[k], scratch);
    }
  return NULL;
}

/* Fills the @side (0 real, 1 synthetic) half of each matrix from one table, spreading
 * the pairs over the processors; each pair writes only its own cells. */
static void
associate_table (const FxTable *table,
                 guint          side,
                 Work          *cont,
                 guint          n_cont,
                 Work          *cat,
                 guint          n_cat,
                 FxComparison  *out)
{
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (Job));
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  TableView view;
  Jobs jobs = { 0 };
  guint n_threads;

  view_build (&view, table, cont, n_cont, cat, n_cat);

  /* the costly pairs first, so that the threads finish together */
  for (guint i = 0; i < n_cont; i++)
    for (guint j = i; j < n_cont; j++)
      g_array_append_val (list, ((Job) { JOB_CONTINUOUS_PAIR, i, j }));
  for (guint i = 0; i < n_cont; i++)
    for (guint j = 0; j < n_cat; j++)
      g_array_append_val (list, ((Job) { JOB_MIXED_PAIR, i, j }));
  for (guint i = 0; i < n_cat; i++)
    for (guint j = i; j < n_cat; j++)
      g_array_append_val (list, ((Job) { JOB_CATEGORICAL_PAIR, i, j }));

  jobs.view = &view;
  jobs.rows = table->n_rows;
  jobs.n_cont = n_cont;
  jobs.n_cat = n_cat;
  jobs.jobs = (const Job *) list->data;
  jobs.n_jobs = list->len;
  jobs.pearson = side == 0 ? out->pearson.real : out->pearson.synthetic;
  jobs.spearman = side == 0 ? out->spearman.real : out->spearman.synthetic;
  jobs.cramer = side == 0 ? out->cramers_v.real : out->cramers_v.synthetic;
  jobs.ratio = side == 0 ? out->correlation_ratio.real : out->correlation_ratio.synthetic;

  n_threads = CLAMP (g_get_num_processors (), 1, 8);
  if (list->len < 8)
    n_threads = 1;
  for (guint t = 1; t < n_threads; t++)
    g_ptr_array_add (threads, g_thread_new ("fx-associate", job_worker, &jobs));
  job_worker (&jobs);
  for (guint t = 0; t < threads->len; t++)
    g_thread_join (g_ptr_array_index (threads, t));

  view_clear (&view, n_cont, n_cat);
}

static void
correlations (const FxTable *real,
              const FxTable *synthetic,
              Work          *cont,
              guint          n_cont,
              Work          *cat,
              guint          n_cat,
              FxComparison  *out)
{
  g_autoptr(GPtrArray) cont_names = g_ptr_array_new ();
  g_autoptr(GPtrArray) cat_names = g_ptr_array_new ();

  for (guint i = 0; i < n_cont; i++)
    g_ptr_array_add (cont_names, cont[i].result->name);
  for (guint i = 0; i < n_cat; i++)
    g_ptr_array_add (cat_names, cat[i].result->name);

  matrix_pair_init (&out->pearson, cont_names, cont_names);
  matrix_pair_init (&out->spearman, cont_names, cont_names);
  matrix_pair_init (&out->cramers_v, cat_names, cat_names);
  matrix_pair_init (&out->correlation_ratio, cont_names, cat_names);

  associate_table (real, 0, cont, n_cont, cat, n_cat, out);
  associate_table (synthetic, 1, cont, n_cont, cat, n_cat, out);

  out->pearson.mean_abs_difference = mean_abs_difference (&out->pearson, TRUE);
  out->spearman.mean_abs_difference = mean_abs_difference (&out->spearman, TRUE);
  out->cramers_v.mean_abs_difference = mean_abs_difference (&out->cramers_v, TRUE);
  out->correlation_ratio.mean_abs_difference = mean_abs_difference (&out->correlation_ratio, FALSE);
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
  FxCompareOptions defaults = { NULL, FALSE, 0 };
  g_autoptr(FxComparison) out = NULL;
  g_autoptr(GArray) work = g_array_new (FALSE, TRUE, sizeof (Work));
  g_autoptr(GArray) cont = g_array_new (FALSE, TRUE, sizeof (Work));
  g_autoptr(GArray) cat = g_array_new (FALSE, TRUE, sizeof (Work));
  g_autofree double *pvalues = NULL;
  g_autofree double *adjusted = NULL;

  if (options == NULL)
    options = &defaults;

  out = g_new0 (FxComparison, 1);
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

          if (fx_table_find_column (synthetic, c->name) != NULL)
            add_feature (work, c->name, c->type, NULL);
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
          prepare_continuous (&w->real, rc);
          prepare_continuous (&w->synthetic, sc);
          compare_continuous (w);
        }
      else
        {
          g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);

          prepare_categorical (&w->real, rc, index, w->result->categories);
          prepare_categorical (&w->synthetic, sc, index, w->result->categories);
          compare_categorical (w, real->n_rows, synthetic->n_rows);
        }
      w->result->real_missing = w->real.n_missing;
      w->result->synthetic_missing = w->synthetic.n_missing;
      w->result->synthetic_invalid = w->synthetic.n_invalid;
      /* the association measures rebuild what they need one table at a time */
      side_clear (&w->real);
      side_clear (&w->synthetic);
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

  correlations (real, synthetic, (Work *) cont->data, cont->len, (Work *) cat->data, cat->len, out);

  if (options->holdout)
    {
      g_autoptr(FxTable) first = NULL;
      g_autoptr(FxTable) second = NULL;
      FxCompareOptions inner = { options->schema, FALSE, options->seed };

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
    if (GPOINTER_TO_UINT (type) == FX_COLUMN_INTEGER + 1)
      g_hash_table_iter_replace (&iter, GUINT_TO_POINTER (FX_COLUMN_NUMBER + 1));
  return types;
}

static void
write_matrix (FxJsonWriter       *w,
              const char         *key,
              const FxMatrixPair *m,
              gboolean            square)
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
  write_matrix (w, "pearson", &c->pearson, TRUE);
  write_matrix (w, "spearman", &c->spearman, TRUE);
  write_matrix (w, "cramers_v", &c->cramers_v, TRUE);
  write_matrix (w, "correlation_ratio", &c->correlation_ratio, FALSE);
  fx_json_writer_end_object (w);

  fx_json_writer_key (w, "summary");
  fx_json_writer_begin_object (w);
  write_summary (w, c);
  write_string_list (w, "only_in_real", c->only_in_real);
  write_string_list (w, "only_in_synthetic", c->only_in_synthetic);
  write_string_list (w, "in_neither", c->in_neither);
  write_string_list (w, "not_in_schema", c->not_in_schema);
  fx_json_writer_end_object (w);

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

static void
format_pvalue (GString *out,
               double   p)
{
  char buf[32];

  if (!isfinite (p))
    g_snprintf (buf, sizeof buf, "-");
  else if (p < 1e-4)
    g_snprintf (buf, sizeof buf, "<0.0001");
  else
    g_ascii_formatd (buf, sizeof buf, "%.4f", p);
  g_string_append_printf (out, " %9s", buf);
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
      append_csv_number (out, h == NULL || !h->tested ? NAN : cont ? h->ks.statistic : h->tvd);
      append_csv_number (out, h != NULL ? h->kl : NAN);
      g_string_append_c (out, '\n');
    }
}

char *
fx_comparison_to_text (const FxComparison *c)
{
  GString *out = g_string_new (NULL);
  FxComparisonSummary s;
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
      format_cell (out, 9, cont ? r->ks.statistic : r->tvd, "%.4f");
      format_pvalue (out, r->pvalue_adjusted);
      format_cell (out, 9, r->kl, "%.4f");
      format_cell (out, 9, cont ? r->wasserstein : NAN, "%.4g");
      if (h != NULL)
        format_cell (out, 9, cont ? h->ks.statistic : h->tvd, "%.4f");
      if (r->pvalue_adjusted < FX_COMPARE_ALPHA)
        g_string_append (out, "  *");
      g_string_append_c (out, '\n');
    }

  fx_comparison_summarize (c, FX_COMPARE_ALPHA, &s);
  g_string_append_printf (out, _("\n%u features compared (%u continuous, %u categorical); "
                                 "%u differ at adjusted p < %.2f (marked *).\n"),
                          s.features, s.continuous, s.categorical, s.significant, FX_COMPARE_ALPHA);
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
