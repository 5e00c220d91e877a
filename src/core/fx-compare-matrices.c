/* fx-compare-matrices.c: how the features go together in each table (Pearson and
 * Spearman of the continuous features, Cramer's V of the categorical ones, the
 * correlation ratio of each mixed pair), computed pair by pair over the processors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fx-compare-private.h"
#include "fx-stats.h"

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
  /* For a continuous column without a missing value: its values, and its average
   * ranks, centred and scaled to unit length, so that Pearson's and Spearman's r of
   * two such columns are one dot product each (NULL when the column has missing
   * values or when they would take too much memory; constant marks a column without
   * variance, whose correlations are undefined). */
  double  **unit_values;
  double  **unit_ranks;
  gboolean *constant;
} TableView;

/* The unit vectors take 2 x rows x columns doubles: not more than this. */
#define UNIT_VECTORS_MAX_BYTES ((gsize) 512 << 20)

/* @x (@n values) centred and scaled to unit length into @out; FALSE when constant. */
static gboolean
unit_vector (const double *x,
             gsize         n,
             double       *out)
{
  double sum = 0, ss = 0, mean, scale, lo = INFINITY, hi = -INFINITY;

  for (gsize r = 0; r < n; r++)
    {
      sum += x[r];
      lo = MIN (lo, x[r]);
      hi = MAX (hi, x[r]);
    }
  /* tested exactly, as fx_pearson_pairwise () does */
  if (n < 2 || lo == hi)
    return FALSE;
  mean = sum / n;
  for (gsize r = 0; r < n; r++)
    {
      out[r] = x[r] - mean;
      ss += out[r] * out[r];
    }
  if (ss == 0)
    return FALSE;
  scale = 1 / sqrt (ss);
  for (gsize r = 0; r < n; r++)
    out[r] *= scale;
  return TRUE;
}

/* Average ranks (1-based, ties sharing their mean rank) of a column with no missing
 * value, from its sort order. */
static void
average_ranks (const Side *side,
               gsize       n,
               double     *ranks)
{
  gsize k = 0;

  while (k < n)
    {
      gsize end = k + 1;
      double rank;

      while (end < n && side->values[side->order[end]] == side->values[side->order[k]])
        end++;
      rank = (double) (k + 1 + end) / 2;
      for (gsize t = k; t < end; t++)
        ranks[side->order[t]] = rank;
      k = end;
    }
}

static void
view_build_unit_vectors (TableView *view,
                         gsize      rows,
                         guint      n_cont)
{
  g_autofree double *ranks = NULL;

  view->unit_values = g_new0 (double *, MAX (n_cont, 1));
  view->unit_ranks = g_new0 (double *, MAX (n_cont, 1));
  view->constant = g_new0 (gboolean, MAX (n_cont, 1));
  if (rows < 2 || (gsize) n_cont * rows > UNIT_VECTORS_MAX_BYTES / (2 * sizeof (double)))
    return;

  ranks = g_new (double, rows);
  for (guint i = 0; i < n_cont; i++)
    {
      const Side *side = &view->cont[i];

      if (side->n_present != rows)
        continue;
      view->unit_values[i] = g_new (double, rows);
      view->unit_ranks[i] = g_new (double, rows);
      average_ranks (side, rows, ranks);
      if (!unit_vector (side->values, rows, view->unit_values[i]) ||
          !unit_vector (ranks, rows, view->unit_ranks[i]))
        view->constant[i] = TRUE;
    }
}

static double
unit_dot (const double *a,
          const double *b,
          gsize         n)
{
  double sum = 0;

  for (gsize r = 0; r < n; r++)
    sum += a[r] * b[r];
  return MAX (-1.0, MIN (1.0, sum));
}

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
      fx_compare_prepare_continuous (&view->cont[i], fx_table_find_column (table, cont[i].result->name));
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
      fx_compare_prepare_categorical (&view->cat[i], column, index, labels);
      view->n_categories[i] = labels->len;
    }
}

static void
view_clear (TableView *view,
            guint      n_cont,
            guint      n_cat)
{
  for (guint i = 0; i < n_cont; i++)
    fx_compare_side_clear (&view->cont[i]);
  for (guint i = 0; i < n_cat; i++)
    fx_compare_side_clear (&view->cat[i]);
  g_clear_pointer (&view->cont, g_free);
  g_clear_pointer (&view->cat, g_free);
  g_clear_pointer (&view->n_categories, g_free);
  for (guint i = 0; i < n_cont && view->unit_values != NULL; i++)
    {
      g_free (view->unit_values[i]);
      g_free (view->unit_ranks[i]);
    }
  g_clear_pointer (&view->unit_values, g_free);
  g_clear_pointer (&view->unit_ranks, g_free);
  g_clear_pointer (&view->constant, g_free);
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

        if (view->unit_values[i] != NULL && view->unit_values[j] != NULL)
          {
            double p, s;

            if (view->constant[i] || view->constant[j])
              p = s = NAN;
            else if (i == j)
              p = s = 1.0;
            else
              {
                p = unit_dot (view->unit_values[i], view->unit_values[j], jobs->rows);
                s = unit_dot (view->unit_ranks[i], view->unit_ranks[j], jobs->rows);
              }
            jobs->pearson[i * n + j] = jobs->pearson[j * n + i] = p;
            jobs->spearman[i * n + j] = jobs->spearman[j * n + i] = s;
            break;
          }

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
  view_build_unit_vectors (&view, table->n_rows, n_cont);

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
  jobs.jobs = (const Job *) (void *) list->data;
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

void
fx_compare_correlations (const FxTable *real,
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
