/* fx-utility.c: does a model trained on synthetic records work on real patients?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "fx-encoding.h"
#include "fx-eval-error.h"
#include "fx-holdout.h"
#include "fx-importance.h"
#include "fx-intervals.h"
#include "fx-scores.h"
#include "fx-split.h"
#include "fx-utility.h"

void
fx_utility_options_init (FxUtilityOptions *options,
                         guint64           seed)
{
  memset (options, 0, sizeof *options);
  options->seed = seed;
  options->fraction = 0.2;
  fx_booster_params_init (&options->booster, seed);
  options->bootstrap_resamples = 1000;
}

static void
site_scores_free (FxSiteScores *s)
{
  g_free (s->site);
  g_free (s->tstr);
  g_free (s->trtr);
  g_free (s->loso_trtr);
  g_free (s);
}

static void
subgroup_scores_free (FxSubgroupScores *s)
{
  g_free (s->column);
  g_free (s->level);
  g_free (s->tstr);
  g_free (s->trtr);
  g_free (s);
}

static void
subgroup_gap_free (FxSubgroupGap *g)
{
  g_free (g->column);
  g_free (g);
}

/* max - min of the scored levels' AUROC */
static double
auroc_gap (GPtrArray  *subgroups,
           const char *column,
           gboolean    tstr)
{
  double lo = INFINITY, hi = -INFINITY;
  guint n = 0;

  for (guint i = 0; i < subgroups->len; i++)
    {
      const FxSubgroupScores *s = g_ptr_array_index (subgroups, i);
      const FxScoreBlock *b = tstr ? s->tstr : s->trtr;

      if (!g_str_equal (s->column, column) || b == NULL || isnan (b->auroc))
        continue;
      lo = MIN (lo, b->auroc);
      hi = MAX (hi, b->auroc);
      n++;
    }
  return n >= 2 ? hi - lo : NAN;
}

static void
centre_free (FxCentre *c)
{
  g_free (c->site);
  g_free (c);
}

void
fx_utility_free (FxUtility *u)
{
  if (u == NULL)
    return;
  g_clear_pointer (&u->holdout_sites, g_ptr_array_unref);
  g_clear_pointer (&u->holdout_rows, g_array_unref);
  g_clear_pointer (&u->train_rows, g_array_unref);
  g_free (u->target);
  g_free (u->site_column);
  g_free (u->trtr);
  g_free (u->tstr);
  g_free (u->tsts);
  g_clear_pointer (&u->sites, g_ptr_array_unref);
  g_clear_pointer (&u->subgroups, g_ptr_array_unref);
  g_clear_pointer (&u->subgroup_gaps, g_ptr_array_unref);
  g_clear_pointer (&u->importance_real, g_ptr_array_unref);
  g_clear_pointer (&u->importance_synthetic, g_ptr_array_unref);
  g_clear_pointer (&u->replication_inputs, g_ptr_array_unref);
  g_clear_pointer (&u->replication_real, g_ptr_array_unref);
  g_clear_pointer (&u->replication_synthetic, g_ptr_array_unref);
  g_free (u->replication_real_error);
  g_free (u->replication_synthetic_error);
  g_clear_pointer (&u->multicentre, g_ptr_array_unref);
  g_clear_pointer (&u->prediction_site, g_ptr_array_unref);
  g_free (u->prediction_label);
  g_free (u->prediction_trtr);
  g_free (u->prediction_tstr);
  g_free (u->prediction_loso);
  g_free (u);
}

/* ---- training and scoring ----------------------------------------------------- */

static float *
gather (const float *x,
        guint        n_columns,
        const gsize *rows,
        gsize        n_rows)
{
  float *out = g_new (float, MAX (n_rows * n_columns, 1));

  for (gsize i = 0; i < n_rows; i++)
    memcpy (out + i * n_columns, x + rows[i] * n_columns, n_columns * sizeof (float));
  return out;
}

static guint8 *
gather_labels (const guint8 *labels,
               const gsize  *rows,
               gsize         n_rows)
{
  guint8 *out = g_new (guint8, MAX (n_rows, 1));

  for (gsize i = 0; i < n_rows; i++)
    out[i] = labels[rows[i]];
  return out;
}

static void
count_classes (const guint8 *labels,
               const gsize  *rows,
               gsize         n_rows,
               gsize         counts[2])
{
  counts[0] = counts[1] = 0;
  for (gsize i = 0; i < n_rows; i++)
    counts[labels[rows != NULL ? rows[i] : i] & 1]++;
}

/* One model to train and the rows to predict with it. */
typedef struct
{
  const FxUtilityOptions *options;
  const float            *x;
  guint                   n_columns;
  const guint8           *labels;
  const gsize            *rows;
  gsize                   n_rows;
  const float            *test;
  gsize                   n_test;
  FxBooster              *booster;
  double                 *prediction;
  GError                 *error;
} ModelJob;

static void
model_job_free (ModelJob *job)
{
  g_clear_pointer (&job->booster, fx_booster_free);
  g_free (job->prediction);
  g_clear_error (&job->error);
  g_free (job);
}

static ModelJob *
model_job_new (GPtrArray              *jobs,
               const FxUtilityOptions *options,
               const float            *x,
               guint                   n_columns,
               const guint8           *labels,
               const gsize            *rows,
               gsize                   n_rows,
               const float            *test,
               gsize                   n_test)
{
  ModelJob *job = g_new0 (ModelJob, 1);

  job->options = options;
  job->x = x;
  job->n_columns = n_columns;
  job->labels = labels;
  job->rows = rows;
  job->n_rows = n_rows;
  job->test = test;
  job->n_test = n_test;
  g_ptr_array_add (jobs, job);
  return job;
}

static FxBooster *train_on_rows (const FxUtilityOptions *options,
                                 const float            *x,
                                 guint                   n_columns,
                                 const guint8           *labels,
                                 const gsize            *rows,
                                 gsize                   n_rows,
                                 GError                **error);

static void
run_model_job (gpointer data,
               gpointer user_data)
{
  ModelJob *job = data;

  job->booster = train_on_rows (job->options, job->x, job->n_columns, job->labels,
                                job->rows, job->n_rows, &job->error);
  if (job->booster != NULL)
    job->prediction = fx_booster_predict (job->booster, job->test, job->n_test, &job->error);
}

/* Runs @jobs on as many threads as there are processors; the first error, in job
 * order, is returned. */
static gboolean
run_model_jobs (GPtrArray  *jobs,
                GError    **error)
{
  guint n_threads = MIN (g_get_num_processors (), jobs->len);
  GThreadPool *pool = NULL;

  if (n_threads > 1)
    pool = g_thread_pool_new (run_model_job, NULL, (int) n_threads, FALSE, NULL);
  for (guint i = 0; i < jobs->len; i++)
    {
      /* in order: the large models (TRTR, TSTR, TSTS) start first */
      if (pool != NULL)
        g_thread_pool_push (pool, g_ptr_array_index (jobs, i), NULL);
      else
        run_model_job (g_ptr_array_index (jobs, i), NULL);
    }
  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);
  for (guint i = 0; i < jobs->len; i++)
    {
      ModelJob *job = g_ptr_array_index (jobs, i);

      if (job->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&job->error));
          return FALSE;
        }
    }
  return TRUE;
}

static FxBooster *
train_on_rows (const FxUtilityOptions *options,
               const float            *x,
               guint                   n_columns,
               const guint8           *labels,
               const gsize            *rows,
               gsize                   n_rows,
               GError                **error)
{
  g_autofree float *xs = gather (x, n_columns, rows, n_rows);
  g_autofree guint8 *ys = gather_labels (labels, rows, n_rows);

  return fx_booster_train (&options->booster, xs, ys, n_rows, n_columns, error);
}

static FxScoreBlock *
score_block (const double           *score,
             const guint8           *label,
             gsize                   n,
             const FxUtilityOptions *options)
{
  FxScoreBlock *b = g_new0 (FxScoreBlock, 1);

  b->n = n;
  for (gsize i = 0; i < n; i++)
    b->positives += label[i];
  fx_delong_interval (score, label, n, &b->auroc, b->auroc_ci);
  b->auprc = fx_average_precision (score, label, n);
  b->brier = fx_brier (score, label, n);
  /* every block's resamples start from the seed, so that a block can be
   * reproduced on its own */
  fx_bootstrap_intervals (score, label, n, options->seed, options->bootstrap_resamples,
                          b->auprc_ci, b->brier_ci);
  return b;
}

/* The block of the rows @which (indices into the holdout arrays), when there are
 * enough of them with both classes. */
static FxScoreBlock *
level_block (const double           *score,
             const guint8           *label,
             GArray                 *which,
             const FxUtilityOptions *options)
{
  g_autofree double *s = NULL;
  g_autofree guint8 *l = NULL;
  gsize counts[2] = { 0, 0 };

  if (which->len < FX_UTILITY_MIN_LEVEL_ROWS)
    return NULL;
  s = g_new (double, which->len);
  l = g_new (guint8, which->len);
  for (guint i = 0; i < which->len; i++)
    {
      gsize k = g_array_index (which, gsize, i);

      if (isnan (score[k]))
        return NULL;
      s[i] = score[k];
      l[i] = label[k];
      counts[l[i]]++;
    }
  if (counts[0] == 0 || counts[1] == 0)
    return NULL;
  return score_block (s, l, which->len, options);
}

static gboolean
check_classes (const char  *what,
               gsize        counts[2],
               GError     **error)
{
  for (int c = 0; c < 2; c++)
    if (counts[c] < FX_UTILITY_MIN_CLASS_ROWS)
      {
        g_set_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT,
                     _("%s has %lu rows with target %d; at least %d of each class are needed"), what, counts[c], c, FX_UTILITY_MIN_CLASS_ROWS);
        return FALSE;
      }
  return TRUE;
}

/* ---- the evaluation ----------------------------------------------------------- */

static void
replicate (FxUtility              *u,
           const FxSchema         *schema,
           const FxEncoding       *encoding,
           const FxTable          *real,
           const guint8           *real_labels,
           const FxTable          *synthetic,
           const guint8           *synthetic_labels,
           const gsize            *synthetic_rows,
           gsize                   n_synthetic_rows,
           const FxUtilityOptions *options,
           const double           *real_gain)
{
  g_autoptr(GPtrArray) levels = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  if (options->replication_inputs != NULL)
    {
      u->replication_inputs = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; options->replication_inputs[i] != NULL; i++)
        g_ptr_array_add (u->replication_inputs, g_strdup (options->replication_inputs[i]));
    }
  else
    u->replication_inputs = fx_importance_top_inputs (encoding, real_gain, FX_UTILITY_REPLICATION_INPUTS);

  for (guint i = 0; i < u->replication_inputs->len; i++)
    {
      guint k;

      if (!g_ptr_array_find_with_equal_func (encoding->inputs, g_ptr_array_index (u->replication_inputs, i),
                                             g_str_equal, &k))
        g_assert_not_reached ();
      g_ptr_array_add (levels, g_ptr_array_index (encoding->levels, k));
    }

  u->replication_real = fx_replication_fit (schema, real, real_labels,
                                            (gsize *) (void *) u->train_rows->data, u->train_rows->len,
                                            u->replication_inputs, levels,
                                            &u->replication_real_rows, &error);
  if (u->replication_real == NULL)
    u->replication_real_error = g_strdup (error->message);
  g_clear_error (&error);
  u->replication_synthetic = fx_replication_fit (schema, synthetic, synthetic_labels,
                                                 synthetic_rows, n_synthetic_rows,
                                                 u->replication_inputs, levels,
                                                 &u->replication_synthetic_rows, &error);
  if (u->replication_synthetic == NULL)
    u->replication_synthetic_error = g_strdup (error->message);

  if (u->replication_real == NULL || u->replication_synthetic == NULL)
    return;
  /* terms both fits have, the intercept aside */
  for (guint i = 1; i < u->replication_real->len; i++)
    {
      FxOddsRatio *a = g_ptr_array_index (u->replication_real, i);

      for (guint j = 1; j < u->replication_synthetic->len; j++)
        {
          FxOddsRatio *b = g_ptr_array_index (u->replication_synthetic, j);

          if (!g_str_equal (a->term, b->term))
            continue;
          if (a->ci[0] <= b->ci[1] && b->ci[0] <= a->ci[1])
            u->overlapping++;
          if ((a->coef > 0 && b->coef < 0) || (a->coef < 0 && b->coef > 0))
            u->sign_flips++;
        }
    }
}

static void
multicentre (FxUtility        *u,
             const FxSchema   *schema,
             const FxEncoding *encoding,
             const FxTable    *real,
             const int        *real_site,
             const FxTable    *synthetic,
             GPtrArray        *site_levels)
{
  g_autofree int *synthetic_site = NULL;
  g_autofree gsize *real_counts = NULL, *synthetic_counts = NULL;
  g_autoptr(GArray) a = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GArray) b = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GArray) others = g_array_new (FALSE, FALSE, sizeof (gsize));
  guint n_levels = site_levels->len;
  double real_total = 0, synthetic_total = 0, tvd = 0;

  u->site_shares_tvd = NAN;
  if (fx_table_find_column (synthetic, u->site_column) == NULL)
    return;
  synthetic_site = fx_levels_of_rows (synthetic, u->site_column, site_levels);
  real_counts = g_new0 (gsize, MAX (n_levels, 1));
  synthetic_counts = g_new0 (gsize, MAX (n_levels, 1));
  for (gsize r = 0; r < real->n_rows; r++)
    if (real_site[r] >= 0)
      real_counts[real_site[r]]++, real_total++;
  for (gsize r = 0; r < synthetic->n_rows; r++)
    if (synthetic_site[r] >= 0)
      synthetic_counts[synthetic_site[r]]++, synthetic_total++;
  if (real_total > 0 && synthetic_total > 0)
    {
      for (guint k = 0; k < n_levels; k++)
        tvd += fabs (real_counts[k] / real_total - synthetic_counts[k] / synthetic_total);
      u->site_shares_tvd = tvd / 2;
    }

  for (guint k = 0; k < n_levels; k++)
    {
      FxCentre *c;

      if (real_counts[k] < FX_UTILITY_MIN_CENTRE_ROWS || synthetic_counts[k] < FX_UTILITY_MIN_CENTRE_ROWS)
        continue;
      g_array_set_size (a, 0);
      g_array_set_size (b, 0);
      g_array_set_size (others, 0);
      for (gsize r = 0; r < real->n_rows; r++)
        if (real_site[r] == (int) k)
          g_array_append_val (a, r);
        else if (real_site[r] >= 0)
          g_array_append_val (others, r);
      for (gsize r = 0; r < synthetic->n_rows; r++)
        if (synthetic_site[r] == (int) k)
          g_array_append_val (b, r);

      c = g_new0 (FxCentre, 1);
      c->site = g_strdup (g_ptr_array_index (site_levels, k));
      c->real_rows = a->len;
      c->synthetic_rows = b->len;
      fx_rows_distance (schema, encoding->inputs, encoding->levels,
                        real, (gsize *) (void *) a->data, a->len, synthetic, (gsize *) (void *) b->data, b->len,
                        &c->synthetic);
      fx_rows_distance (schema, encoding->inputs, encoding->levels,
                        real, (gsize *) (void *) a->data, a->len, real, (gsize *) (void *) others->data, others->len,
                        &c->site_effect);
      g_ptr_array_add (u->multicentre, c);
    }
}

FxUtility *
fx_utility_evaluate (const FxSchema         *schema,
                     const FxTable          *real,
                     const FxTable          *synthetic,
                     const FxUtilityOptions *options,
                     GError                **error)
{
  g_autoptr(FxUtility) u = g_new0 (FxUtility, 1);
  g_autoptr(FxEncoding) encoding = NULL;
  g_autofree guint8 *real_labels = NULL, *synthetic_labels = NULL;
  g_autoptr(GPtrArray) site_levels = NULL;
  g_autofree int *real_site = NULL, *synthetic_site = NULL;
  g_autoptr(FxSplit) split = NULL;
  g_autoptr(FxSplit) synthetic_split = NULL;
  g_autoptr(GArray) synthetic_rows = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autofree float *x_real = NULL, *x_synthetic = NULL, *x_holdout = NULL;
  g_autoptr(FxBooster) trtr = NULL, tstr = NULL;
  g_autofree double *real_gain = NULL, *synthetic_gain = NULL;
  g_autofree float *x_tsts = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) site_rows = NULL, loso_jobs = NULL, loso_x = NULL, loso_train = NULL;
  ModelJob *trtr_job, *tstr_job, *tsts_job = NULL;
  guint n_columns;
  gsize n_holdout, counts[2];

  /* the target, in both tables */
  real_labels = fx_encoding_labels (schema, real, _("real"), error);
  if (real_labels == NULL)
    return NULL;
  synthetic_labels = fx_encoding_labels (schema, synthetic, _("synthetic"), error);
  if (synthetic_labels == NULL)
    return NULL;
  u->target = g_strdup (schema->target);
  u->seed = options->seed;
  u->generator_saw_holdout = options->generator_saw_holdout;
  u->holdout_sites = g_ptr_array_new_with_free_func (g_free);

  /* the sites */
  if (schema->site != NULL && fx_table_find_column (real, schema->site) != NULL)
    {
      u->site_column = g_strdup (schema->site);
      site_levels = fx_levels_of_column (schema, schema->site, real);
      real_site = fx_levels_of_rows (real, schema->site, site_levels);
    }

  /* the split */
  split = fx_holdout_split (schema, real, real_labels, options->fraction, options->holdout_sites,
                            options->seed, error);
  if (split == NULL)
    return NULL;
  if (options->holdout_sites != NULL && options->holdout_sites[0] != NULL)
    {
      for (guint i = 0; options->holdout_sites[i] != NULL; i++)
        g_ptr_array_add (u->holdout_sites, g_strdup (options->holdout_sites[i]));
      u->fraction = NAN;
    }
  else
    u->fraction = options->fraction;
  u->train_rows = g_array_ref (split->train);
  u->holdout_rows = g_array_ref (split->holdout);
  n_holdout = split->holdout->len;

  count_classes (real_labels, (gsize *) (void *) split->train->data, split->train->len, counts);
  if (!check_classes (_("the real training part"), counts, error))
    return NULL;
  count_classes (real_labels, (gsize *) (void *) split->holdout->data, n_holdout, counts);
  if (!check_classes (_("the holdout"), counts, error))
    return NULL;
  for (gsize r = 0; r < synthetic->n_rows; r++)
    if (synthetic_labels[r] <= 1)
      g_array_append_val (synthetic_rows, r);
  count_classes (synthetic_labels, (gsize *) (void *) synthetic_rows->data, synthetic_rows->len, counts);
  if (!check_classes (_("the synthetic table"), counts, error))
    return NULL;

  /* the models */
  encoding = fx_encoding_new (schema, real);
  n_columns = fx_encoding_n_columns (encoding);
  if (n_columns == 0)
    {
      g_set_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT,
                   _("the schema leaves no model inputs: every feature is the target, the site or an identifier"));
      return NULL;
    }
  if (options->replication_inputs != NULL)
    for (guint i = 0; options->replication_inputs[i] != NULL; i++)
      if (!g_ptr_array_find_with_equal_func (encoding->inputs, options->replication_inputs[i], g_str_equal, NULL))
        {
          g_set_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT,
                       _("“%s” is not a model input: the inputs are the features other than the target, "
                         "the site and identifiers"), options->replication_inputs[i]);
          return NULL;
        }
  x_real = fx_encoding_apply (encoding, real, NULL, real->n_rows);
  x_synthetic = fx_encoding_apply (encoding, synthetic, NULL, synthetic->n_rows);
  x_holdout = gather (x_real, n_columns, (gsize *) (void *) split->holdout->data, n_holdout);
  u->prediction_label = gather_labels (real_labels, (gsize *) (void *) split->holdout->data, n_holdout);

  /* every model at once: each is trained on one thread, so running them side by
   * side changes no tree */
  jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) model_job_free);
  trtr_job = model_job_new (jobs, options, x_real, n_columns, real_labels,
                            (gsize *) (void *) split->train->data, split->train->len, x_holdout, n_holdout);
  tstr_job = model_job_new (jobs, options, x_synthetic, n_columns, synthetic_labels,
                            (gsize *) (void *) synthetic_rows->data, synthetic_rows->len, x_holdout, n_holdout);

  /* TSTS: the synthetic table split as the real one is, 80/20 */
  if (u->site_column != NULL && fx_table_find_column (synthetic, u->site_column) != NULL)
    synthetic_site = fx_levels_of_rows (synthetic, u->site_column, site_levels);
  synthetic_split = fx_split_by_fraction (synthetic_labels, synthetic_site,
                                          synthetic_site != NULL ? (int) site_levels->len : 0,
                                          synthetic->n_rows, 0.2, options->seed);
  {
    gsize train_counts[2], test_counts[2];

    count_classes (synthetic_labels, (gsize *) (void *) synthetic_split->train->data, synthetic_split->train->len,
                   train_counts);
    count_classes (synthetic_labels, (gsize *) (void *) synthetic_split->holdout->data, synthetic_split->holdout->len,
                   test_counts);
    if (train_counts[0] > 0 && train_counts[1] > 0 && test_counts[0] > 0 && test_counts[1] > 0)
      {
        x_tsts = gather (x_synthetic, n_columns, (gsize *) (void *) synthetic_split->holdout->data,
                         synthetic_split->holdout->len);
        tsts_job = model_job_new (jobs, options, x_synthetic, n_columns, synthetic_labels,
                                  (gsize *) (void *) synthetic_split->train->data, synthetic_split->train->len,
                                  x_tsts, synthetic_split->holdout->len);
      }
  }

  /* leave one site out: train on the training part's rows of the other sites, test
   * on the site's holdout rows */
  site_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  loso_jobs = g_ptr_array_new ();
  loso_x = g_ptr_array_new_with_free_func (g_free);
  loso_train = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint k = 0; site_levels != NULL && k < site_levels->len; k++)
    {
      GArray *which = g_array_new (FALSE, FALSE, sizeof (gsize));
      GArray *rows = g_array_new (FALSE, FALSE, sizeof (gsize));
      ModelJob *job = NULL;
      gsize loso_counts[2];

      g_ptr_array_add (site_rows, which);
      g_ptr_array_add (loso_train, rows);
      for (gsize i = 0; i < n_holdout; i++)
        if (real_site[g_array_index (split->holdout, gsize, i)] == (int) k)
          g_array_append_val (which, i);
      if (which->len > 0)
        {
          for (guint i = 0; i < split->train->len; i++)
            {
              gsize row = g_array_index (split->train, gsize, i);

              if (real_site[row] >= 0 && real_site[row] != (int) k)
                g_array_append_val (rows, row);
            }
          count_classes (real_labels, (gsize *) (void *) rows->data, rows->len, loso_counts);
          if (loso_counts[0] > 0 && loso_counts[1] > 0)
            {
              float *x_site = gather (x_holdout, n_columns, (gsize *) (void *) which->data, which->len);

              g_ptr_array_add (loso_x, x_site);
              job = model_job_new (jobs, options, x_real, n_columns, real_labels,
                                   (gsize *) (void *) rows->data, rows->len, x_site, which->len);
            }
        }
      g_ptr_array_add (loso_jobs, job);
    }

  if (!run_model_jobs (jobs, error))
    return NULL;

  trtr = g_steal_pointer (&trtr_job->booster);
  tstr = g_steal_pointer (&tstr_job->booster);
  u->prediction_trtr = g_steal_pointer (&trtr_job->prediction);
  u->prediction_tstr = g_steal_pointer (&tstr_job->prediction);
  u->trtr = score_block (u->prediction_trtr, u->prediction_label, n_holdout, options);
  u->tstr = score_block (u->prediction_tstr, u->prediction_label, n_holdout, options);
  u->tstr_over_trtr = u->tstr->auroc / u->trtr->auroc;
  if (tsts_job != NULL)
    {
      g_autofree guint8 *tsts_labels = gather_labels (synthetic_labels,
                                                      (gsize *) (void *) synthetic_split->holdout->data,
                                                      synthetic_split->holdout->len);

      u->tsts = score_block (tsts_job->prediction, tsts_labels, synthetic_split->holdout->len, options);
    }

  /* per site */
  u->sites = g_ptr_array_new_with_free_func ((GDestroyNotify) site_scores_free);
  u->prediction_site = g_ptr_array_new_with_free_func (g_free);
  u->prediction_loso = g_new (double, MAX (n_holdout, 1));
  for (gsize i = 0; i < n_holdout; i++)
    {
      gsize row = g_array_index (split->holdout, gsize, i);

      u->prediction_loso[i] = NAN;
      g_ptr_array_add (u->prediction_site,
                       real_site != NULL && real_site[row] >= 0
                       ? g_strdup (g_ptr_array_index (site_levels, real_site[row])) : NULL);
    }
  for (guint k = 0; site_levels != NULL && k < site_levels->len; k++)
    {
      GArray *which = g_ptr_array_index (site_rows, k);
      ModelJob *job = g_ptr_array_index (loso_jobs, k);
      FxSiteScores *s;

      if (which->len == 0)
        continue;
      if (job != NULL)
        for (guint i = 0; i < which->len; i++)
          u->prediction_loso[g_array_index (which, gsize, i)] = job->prediction[i];

      s = g_new0 (FxSiteScores, 1);
      s->site = g_strdup (g_ptr_array_index (site_levels, k));
      s->holdout_rows = which->len;
      s->tstr = level_block (u->prediction_tstr, u->prediction_label, which, options);
      s->trtr = level_block (u->prediction_trtr, u->prediction_label, which, options);
      s->loso_trtr = level_block (u->prediction_loso, u->prediction_label, which, options);
      g_ptr_array_add (u->sites, s);
    }

  /* per subgroup */
  u->subgroups = g_ptr_array_new_with_free_func ((GDestroyNotify) subgroup_scores_free);
  for (guint g = 0; g < schema->group_by->len; g++)
    {
      const char *column = g_ptr_array_index (schema->group_by, g);
      g_autoptr(GPtrArray) levels = NULL;
      g_autofree int *level_of = NULL;

      if (fx_table_find_column (real, column) == NULL)
        continue;
      levels = fx_levels_of_column (schema, column, real);
      level_of = fx_levels_of_rows (real, column, levels);
      for (guint k = 0; k < levels->len; k++)
        {
          g_autoptr(GArray) which = g_array_new (FALSE, FALSE, sizeof (gsize));
          FxSubgroupScores *s;

          for (gsize i = 0; i < n_holdout; i++)
            if (level_of[g_array_index (split->holdout, gsize, i)] == (int) k)
              g_array_append_val (which, i);
          s = g_new0 (FxSubgroupScores, 1);
          s->column = g_strdup (column);
          s->level = g_strdup (g_ptr_array_index (levels, k));
          s->rows = which->len;
          s->tstr = level_block (u->prediction_tstr, u->prediction_label, which, options);
          s->trtr = level_block (u->prediction_trtr, u->prediction_label, which, options);
          g_ptr_array_add (u->subgroups, s);
        }
    }

  u->subgroup_gaps = g_ptr_array_new_with_free_func ((GDestroyNotify) subgroup_gap_free);
  for (guint g = 0; g < schema->group_by->len; g++)
    {
      const char *column = g_ptr_array_index (schema->group_by, g);
      FxSubgroupGap *gap;

      if (fx_table_find_column (real, column) == NULL)
        continue;
      gap = g_new0 (FxSubgroupGap, 1);
      gap->column = g_strdup (column);
      gap->tstr_auroc_gap = auroc_gap (u->subgroups, column, TRUE);
      gap->trtr_auroc_gap = auroc_gap (u->subgroups, column, FALSE);
      g_ptr_array_add (u->subgroup_gaps, gap);
    }

  /* gain importance */
  real_gain = fx_booster_gain (trtr, error);
  if (real_gain == NULL)
    return NULL;
  synthetic_gain = fx_booster_gain (tstr, error);
  if (synthetic_gain == NULL)
    return NULL;
  u->importance_real = fx_importance_top (encoding, real_gain, FX_UTILITY_TOP_GAINS);
  u->importance_synthetic = fx_importance_top (encoding, synthetic_gain, FX_UTILITY_TOP_GAINS);
  u->rank_correlation = fx_spearman (real_gain, synthetic_gain, n_columns);

  /* the analysis, replicated */
  replicate (u, schema, encoding, real, real_labels, synthetic, synthetic_labels,
             (gsize *) (void *) synthetic_rows->data, synthetic_rows->len, options, real_gain);

  /* the multi-centre structure */
  u->multicentre = g_ptr_array_new_with_free_func ((GDestroyNotify) centre_free);
  if (site_levels != NULL)
    multicentre (u, schema, encoding, real, real_site, synthetic, site_levels);
  else
    u->site_shares_tvd = NAN;

  return g_steal_pointer (&u);
}
