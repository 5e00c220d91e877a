/* fx-baseline.c: offline generators that need no account and no network
 *
 * Both generators keep, for each feature of the schema, the reference's empirical
 * marginal: the sorted present values of a numeric feature, or the cumulative
 * frequencies of the levels of a categorical or boolean one, and the rate at which it
 * is missing.  A value is drawn by sending a uniform u through the inverse of that
 * empirical distribution function, so every synthetic value is one the reference
 * holds (then rounded and clamped to the schema).
 *
 * The independent baseline draws u for each feature on its own: the marginals are
 * right and every association between features is gone.  It is the floor a generator
 * must beat on the correlation metrics.
 *
 * The Gaussian copula baseline (Nelsen 2006, "An Introduction to Copulas", ch. 2 and
 * 5; for tabular data as in Patki, Wedge & Veeramachaneni 2016, "The Synthetic Data
 * Vault", IEEE DSAA) joins the same marginals through a multivariate normal:
 *
 *  - each reference value is turned into a normal score z = Phi^-1 (u): for a numeric
 *    feature u = (rank - 0.5) / n with average ranks for ties; for a categorical or
 *    boolean feature, with the levels in a fixed order (the schema's, else the
 *    reference's), u is the midpoint of the level's interval of cumulative
 *    probability.  Both give the same u to tied values, the middle of their step of
 *    the empirical distribution function;
 *  - a nullable feature that the reference leaves missing gets a second latent
 *    dimension, its missingness indicator scored the same way (missing is the lower
 *    level), so that features missing together in the reference (one blood gas gives
 *    pao2, pco2, fio2 and ph at once) are missing together in the sample, and whether
 *    a value is missing can depend on the other values;
 *  - the correlation matrix of the scores is estimated over pairwise complete rows,
 *    as pandas does.  That need not be positive semidefinite, so it is replaced by
 *    the nearest correlation matrix (Higham 2002, "Computing the nearest correlation
 *    matrix", IMA J. Numer. Anal. 22:329-343), its eigenvalues raised to a small
 *    epsilon, and factored (Cholesky, L L^T);
 *  - a row is z = L e with e ~ N(0, I), and each dimension is mapped back through
 *    u = Phi (z) and the feature's inverse empirical distribution function.
 *
 * Discrete features (booleans, categories, integers of few values) are joined by the
 * correlation of their midpoint scores, not a polychoric one, and drawing them
 * through the copula coarsens them again, so associations between such features come
 * out weaker than in the reference: the eICU demo's GCS components correlate at 0.79
 * and their draws at about 0.56.  Each batch is drawn from its own Mersenne Twister
 * seeded from (seed, batch), so batches are independent and can be redone alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fx-baseline.h"
#include "fx-csv.h"
#include "fx-error.h"
#include "fx-stats.h"

/* Smallest eigenvalue kept when repairing the correlation matrix.  Large enough that
 * the repaired matrix is safely positive definite in floating point (so the Cholesky
 * factorisation, which would call GSL's aborting error handler, cannot fail), small
 * enough to leave a valid matrix unchanged to about six decimals. */
#define EIGEN_FLOOR 1e-6

/* The correlation matrix is estimated on at most this many reference rows, evenly
 * spaced: its entries are then known to about 0.005, and a reference of millions of
 * rows does not need a score per cell in memory. */
#define MAX_CORRELATION_ROWS 50000

/* Higham's projections stop when an iteration moves the matrix by less than this,
 * relative, or after this many iterations: each costs an eigendecomposition */
#define REPAIR_TOLERANCE 1e-6
#define REPAIR_ITERATIONS 200

typedef struct
{
  char         *name;
  FxColumnType  type;
  gboolean      has_minimum;
  double        minimum;
  gboolean      has_maximum;
  double        maximum;

  /* integer and number: the present reference values, ascending */
  double       *sorted;
  gsize         n_sorted;

  /* categorical and boolean: level k covers [cumulative[k - 1], cumulative[k]) of u;
   * booleans have the levels false, true */
  GPtrArray    *labels;       /* (element-type utf8) (nullable): categorical only */
  double       *cumulative;
  guint         n_levels;
  guint         last_level;   /* the last level with any weight, for u that rounds to 1 */

  double        missing_rate;
  int           value_dim;
  int           missing_dim;  /* -1 when the feature is never missing */
} Marginal;

struct _FxBaseline
{
  FxBaselineKind  kind;
  Marginal       *marginals;
  guint           n_marginals;
  guint           n_dims;
  /* copula: the lower Cholesky factor of the latent correlation, n_dims x n_dims,
   * row-major; NULL for the independent baseline */
  double         *cholesky;
};

static void
marginal_clear (Marginal *m)
{
  g_free (m->name);
  g_free (m->sorted);
  g_clear_pointer (&m->labels, g_ptr_array_unref);
  g_free (m->cumulative);
}

/* SplitMix64 (Steele, Lea & Flood 2014): a bijection of 64-bit words that spreads
 * every input bit over the whole output. */
static guint64
splitmix64 (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return x ^ (x >> 31);
}

/* The Mersenne Twister takes a 32-bit seed; both halves of the mixed word go into
 * it.  Distinct batches of one seed reach distinct 64-bit words, since splitmix64 is
 * a bijection. */
static unsigned long
batch_seed (guint64 seed,
            guint64 batch)
{
  guint64 h = splitmix64 (splitmix64 (seed) ^ batch);

  return (unsigned long) ((h ^ (h >> 32)) & G_GUINT64_CONSTANT (0xFFFFFFFF));
}

static int
boolean_level_of_label (const char *label)
{
  static const char *const falses[] = { "0", "false", "no" };
  static const char *const trues[] = { "1", "true", "yes" };

  for (guint i = 0; i < G_N_ELEMENTS (falses); i++)
    {
      if (g_ascii_strcasecmp (label, falses[i]) == 0)
        return 0;
      if (g_ascii_strcasecmp (label, trues[i]) == 0)
        return 1;
    }
  return -1;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The label of a present cell, categorical or numeric (a category column read as
 * numbers when the reference was read without the schema's types). */
static const char *
cell_label (const FxColumn *column,
            gsize           row,
            char            buf[32])
{
  if (column->type == FX_COLUMN_CATEGORICAL)
    return g_ptr_array_index (column->categories, column->codes[row]);
  return fx_format_double (column->values[row], buf);
}

/* The levels of a categorical feature: the schema's categories when it lists them,
 * else the reference's labels (in code order, or ascending for a numeric column). */
static GPtrArray *
categorical_labels (const FxFeature *feature,
                    const FxColumn  *column)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);

  if (feature->categories != NULL && feature->categories->len > 0)
    {
      for (guint i = 0; i < feature->categories->len; i++)
        g_ptr_array_add (labels, g_strdup (g_ptr_array_index (feature->categories, i)));
    }
  else if (column->type == FX_COLUMN_CATEGORICAL)
    {
      for (guint i = 0; i < column->categories->len; i++)
        g_ptr_array_add (labels, g_strdup (g_ptr_array_index (column->categories, i)));
    }
  else
    {
      g_autofree double *values = NULL;
      gsize n = 0;
      char buf[32];

      values = fx_column_present_values (column, &n);
      qsort (values, n, sizeof (double), compare_doubles);
      for (gsize i = 0; i < n; i++)
        if (i == 0 || values[i] != values[i - 1])
          g_ptr_array_add (labels, g_strdup (fx_format_double (values[i], buf)));
    }
  return labels;
}

/* Fits the marginal of @feature on @column and writes the normal score of every
 * reference row into @scores (NaN where the value is missing or one the schema does
 * not allow: such cells count as missing). */
static gboolean
fit_marginal (Marginal         *m,
              const FxFeature  *feature,
              const FxColumn   *column,
              double           *scores,
              GError          **error)
{
  gsize n_rows = column->n_rows;
  gsize n_present = 0;

  m->name = g_strdup (feature->name);
  m->type = feature->type;
  m->has_minimum = feature->has_minimum;
  m->minimum = feature->minimum;
  m->has_maximum = feature->has_maximum;
  m->maximum = feature->maximum;

  if (feature->type == FX_COLUMN_INTEGER || feature->type == FX_COLUMN_NUMBER)
    {
      g_autofree double *present = NULL;
      g_autofree double *ranks = NULL;
      gsize j = 0;

      /* a column of nothing but missing cells may have been read as text: that is
       * the "no values" error below */
      if (column->type == FX_COLUMN_CATEGORICAL && fx_column_count_present (column) > 0)
        {
          g_set_error (error, FX_STATS_ERROR, FX_STATS_ERROR_INVALID,
                       _("“%s” is a %s feature but the reference holds text in it"),
                       feature->name, fx_column_type_to_string (feature->type));
          return FALSE;
        }

      present = g_new (double, MAX (n_rows, 1));
      for (gsize i = 0; i < n_rows && column->type != FX_COLUMN_CATEGORICAL; i++)
        if (!fx_column_is_missing (column, i) && isfinite (column->values[i]))
          present[n_present++] = column->values[i];

      if (n_present > 0)
        {
          ranks = g_new (double, n_present);
          fx_rank_average (present, n_present, ranks);
          for (gsize i = 0; i < n_rows; i++)
            {
              if (!fx_column_is_missing (column, i) && isfinite (column->values[i]))
                scores[i] = gsl_cdf_ugaussian_Pinv ((ranks[j++] - 0.5) / n_present);
              else
                scores[i] = NAN;
            }
          qsort (present, n_present, sizeof (double), compare_doubles);
          m->sorted = g_steal_pointer (&present);
          m->n_sorted = n_present;
        }
    }
  else
    {
      g_autoptr(GHashTable) index = NULL;
      g_autofree gsize *counts = NULL;
      g_autofree guint32 *levels = g_new (guint32, MAX (n_rows, 1));
      g_autofree double *mid_scores = NULL;
      gsize below = 0;

      if (feature->type == FX_COLUMN_CATEGORICAL)
        {
          m->labels = categorical_labels (feature, column);
          m->n_levels = m->labels->len;
          index = g_hash_table_new (g_str_hash, g_str_equal);
          for (guint k = 0; k < m->labels->len; k++)
            g_hash_table_insert (index, g_ptr_array_index (m->labels, k), GUINT_TO_POINTER (k + 1));
        }
      else
        m->n_levels = 2;

      counts = g_new0 (gsize, MAX (m->n_levels, 1));
      for (gsize i = 0; i < n_rows; i++)
        {
          char buf[32];
          int level = -1;

          levels[i] = G_MAXUINT32;
          if (fx_column_is_missing (column, i))
            continue;
          if (feature->type == FX_COLUMN_CATEGORICAL)
            level = GPOINTER_TO_INT (g_hash_table_lookup (index, cell_label (column, i, buf))) - 1;
          else if (column->type == FX_COLUMN_CATEGORICAL)
            level = boolean_level_of_label (cell_label (column, i, buf));
          else if (column->values[i] == 0 || column->values[i] == 1)
            level = (int) column->values[i];
          if (level < 0)
            continue;
          levels[i] = (guint32) level;
          counts[level]++;
          n_present++;
        }

      if (n_present > 0)
        {
          /* counts over n, so that the last boundary is exactly 1 */
          m->cumulative = g_new (double, m->n_levels);
          mid_scores = g_new (double, m->n_levels);
          for (guint k = 0; k < m->n_levels; k++)
            {
              mid_scores[k] = gsl_cdf_ugaussian_Pinv ((below + 0.5 * counts[k]) / n_present);
              below += counts[k];
              m->cumulative[k] = (double) below / n_present;
              if (counts[k] > 0)
                m->last_level = k;
            }
          for (gsize i = 0; i < n_rows; i++)
            scores[i] = levels[i] == G_MAXUINT32 ? NAN : mid_scores[levels[i]];
        }
    }

  if (n_present == 0)
    {
      g_set_error (error, FX_STATS_ERROR, FX_STATS_ERROR_EMPTY,
                   _("“%s” has no values in the reference table"), feature->name);
      return FALSE;
    }

  /* a feature the schema says is never missing is never missing, whatever the
   * reference did */
  m->missing_rate = feature->nullable ? (double) (n_rows - n_present) / n_rows : 0;
  return TRUE;
}

/* Pearson correlations of the score columns over pairwise complete rows; a pair with
 * no variation in common (a value and its own missingness indicator, say) gets 0. */
static gsl_matrix *
score_correlation (double * const *scores,
                   guint           n_dims,
                   gsize           n_rows)
{
  gsl_matrix *c = gsl_matrix_alloc (n_dims, n_dims);

  gsl_matrix_set_identity (c);
  for (guint i = 0; i < n_dims; i++)
    for (guint j = i + 1; j < n_dims; j++)
      {
        double r = fx_pearson_pairwise (scores[i], scores[j], n_rows);

        r = isnan (r) ? 0 : CLAMP (r, -1, 1);
        gsl_matrix_set (c, i, j, r);
        gsl_matrix_set (c, j, i, r);
      }
  return c;
}

/* @c = V max (Lambda, @floor) V^T: the nearest matrix (Frobenius norm) with no
 * eigenvalue below @floor. */
static void
clip_eigenvalues (gsl_matrix                *c,
                  double                     floor,
                  gsl_matrix                *scratch,
                  gsl_matrix                *v,
                  gsl_vector                *lambda,
                  gsl_eigen_symmv_workspace *w)
{
  gsize d = c->size1;

  gsl_matrix_memcpy (scratch, c);
  gsl_eigen_symmv (scratch, lambda, v, w);

  /* scratch = V diag (lambda), then c = scratch V^T */
  gsl_matrix_memcpy (scratch, v);
  for (gsize k = 0; k < d; k++)
    {
      gsl_vector_view column = gsl_matrix_column (scratch, k);

      gsl_vector_scale (&column.vector, MAX (gsl_vector_get (lambda, k), floor));
    }
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1, scratch, v, 0, c);
}

/* Makes @c a positive definite correlation matrix as close to it as can be found.
 * Pairwise complete estimates from rows with different missing cells are seldom
 * positive semidefinite, and with missingness indicators far from it.  Higham's
 * alternating projections with Dykstra's correction (Higham 2002, "Computing the
 * nearest correlation matrix", IMA J. Numer. Anal. 22:329-343) find the nearest
 * positive semidefinite matrix with a unit diagonal, holding at 0 the entry of each
 * value against its own missingness indicator (@partner[i] is the dimension paired
 * with i, or -1): a nonzero entry there would bend the distribution of the values
 * that are drawn.  Clipping the eigenvalues once at EIGEN_FLOOR and rescaling to a
 * unit diagonal then makes it strictly positive definite. */
static void
repair_correlation (gsl_matrix *c,
                    const int  *partner)
{
  gsize d = c->size1;
  gsl_matrix *y = gsl_matrix_alloc (d, d);
  gsl_matrix *x = gsl_matrix_alloc (d, d);
  gsl_matrix *correction = gsl_matrix_calloc (d, d);
  gsl_matrix *scratch = gsl_matrix_alloc (d, d);
  gsl_matrix *v = gsl_matrix_alloc (d, d);
  gsl_vector *lambda = gsl_vector_alloc (d);
  gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc (d);
  g_autofree double *scale = g_new (double, d);

  gsl_matrix_memcpy (y, c);
  for (guint iteration = 0; iteration < REPAIR_ITERATIONS; iteration++)
    {
      double change = 0, size = 0;

      /* x = P_psd (y - correction); correction = x - (y - correction) */
      gsl_matrix_memcpy (x, y);
      gsl_matrix_sub (x, correction);
      gsl_matrix_memcpy (correction, x);
      clip_eigenvalues (x, 0, scratch, v, lambda, w);
      gsl_matrix_sub (correction, x);
      gsl_matrix_scale (correction, -1);

      /* y = P_fixed (x) */
      for (gsize i = 0; i < d; i++)
        {
          gsl_matrix_set (x, i, i, 1);
          if (partner[i] >= 0)
            gsl_matrix_set (x, i, partner[i], 0);
        }
      for (gsize i = 0; i < d; i++)
        for (gsize j = 0; j < d; j++)
          {
            double delta = gsl_matrix_get (x, i, j) - gsl_matrix_get (y, i, j);

            change += delta * delta;
            size += gsl_matrix_get (x, i, j) * gsl_matrix_get (x, i, j);
          }
      gsl_matrix_memcpy (y, x);
      if (change <= REPAIR_TOLERANCE * REPAIR_TOLERANCE * size)
        break;
    }

  clip_eigenvalues (y, EIGEN_FLOOR, scratch, v, lambda, w);
  for (gsize i = 0; i < d; i++)
    scale[i] = 1 / sqrt (gsl_matrix_get (y, i, i));
  for (gsize i = 0; i < d; i++)
    for (gsize j = 0; j < d; j++)
      gsl_matrix_set (c, i, j, i == j ? 1 : gsl_matrix_get (y, i, j) * scale[i] * scale[j]);

  gsl_eigen_symmv_free (w);
  gsl_vector_free (lambda);
  gsl_matrix_free (v);
  gsl_matrix_free (scratch);
  gsl_matrix_free (correction);
  gsl_matrix_free (x);
  gsl_matrix_free (y);
}

static double *
fit_cholesky (double * const *scores,
              const int      *partner,
              guint           n_dims,
              gsize           n_rows)
{
  gsl_matrix *c = score_correlation (scores, n_dims, n_rows);
  double *factor = g_new0 (double, (gsize) n_dims * n_dims);

  repair_correlation (c, partner);
  gsl_linalg_cholesky_decomp1 (c);
  for (guint i = 0; i < n_dims; i++)
    for (guint j = 0; j <= i; j++)
      factor[(gsize) i * n_dims + j] = gsl_matrix_get (c, i, j);
  gsl_matrix_free (c);
  return factor;
}

FxBaseline *
fx_baseline_new (FxBaselineKind   kind,
                 const FxTable   *reference,
                 const FxSchema  *schema,
                 GError         **error)
{
  g_autoptr(FxBaseline) baseline = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autofree double *full = NULL;
  gsize n_rows, n_fit;
  guint n_features;

  g_return_val_if_fail (kind == FX_BASELINE_COPULA || kind == FX_BASELINE_INDEPENDENT, NULL);
  g_return_val_if_fail (reference != NULL, NULL);
  g_return_val_if_fail (schema != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_rows = reference->n_rows;
  n_features = schema->features->len;
  if (n_rows < 2)
    {
      g_set_error (error, FX_STATS_ERROR, FX_STATS_ERROR_EMPTY,
                   _("A baseline needs a reference table of at least 2 rows, not %lu"),
                   (gulong) n_rows);
      return NULL;
    }
  if (n_features == 0)
    {
      g_set_error_literal (error, FX_STATS_ERROR, FX_STATS_ERROR_INVALID,
                           _("The schema has no features"));
      return NULL;
    }

  baseline = g_new0 (FxBaseline, 1);
  baseline->kind = kind;
  baseline->marginals = g_new0 (Marginal, n_features);

  /* the scores kept for the correlation: every row, or evenly spaced ones */
  n_fit = MIN (n_rows, MAX_CORRELATION_ROWS);
  scores = g_ptr_array_new_with_free_func (g_free);
  full = g_new (double, n_rows);

  for (guint f = 0; f < n_features; f++)
    {
      const FxFeature *feature = g_ptr_array_index (schema->features, f);
      const FxColumn *column = fx_table_find_column (reference, feature->name);
      Marginal *m = &baseline->marginals[f];
      double *kept;

      if (column == NULL)
        {
          g_set_error (error, FX_STATS_ERROR, FX_STATS_ERROR_INVALID,
                       _("The reference table has no column “%s”"), feature->name);
          return NULL;
        }
      baseline->n_marginals = f + 1;
      if (!fit_marginal (m, feature, column, full, error))
        return NULL;

      m->value_dim = (int) baseline->n_dims++;
      m->missing_dim = m->missing_rate > 0 ? (int) baseline->n_dims++ : -1;
      if (kind != FX_BASELINE_COPULA)
        continue;

      kept = g_new (double, n_fit);
      for (gsize i = 0; i < n_fit; i++)
        kept[i] = full[(gsize) ((guint64) i * n_rows / n_fit)];
      g_ptr_array_add (scores, kept);
      if (m->missing_dim >= 0)
        {
          /* missing is the lower level: [0, rate) of u */
          double z_missing = gsl_cdf_ugaussian_Pinv (0.5 * m->missing_rate);
          double z_present = gsl_cdf_ugaussian_Pinv (0.5 * (1 + m->missing_rate));
          double *indicator = g_new (double, n_fit);

          for (gsize i = 0; i < n_fit; i++)
            indicator[i] = isnan (kept[i]) ? z_missing : z_present;
          g_ptr_array_add (scores, indicator);
        }
    }

  if (kind == FX_BASELINE_COPULA)
    {
      g_autofree int *partner = g_new (int, baseline->n_dims);

      for (guint d = 0; d < baseline->n_dims; d++)
        partner[d] = -1;
      for (guint f = 0; f < n_features; f++)
        {
          const Marginal *m = &baseline->marginals[f];

          if (m->missing_dim >= 0)
            {
              partner[m->value_dim] = m->missing_dim;
              partner[m->missing_dim] = m->value_dim;
            }
        }
      baseline->cholesky = fit_cholesky ((double * const *) scores->pdata, partner,
                                         baseline->n_dims, n_fit);
    }

  return g_steal_pointer (&baseline);
}

void
fx_baseline_free (FxBaseline *baseline)
{
  if (baseline == NULL)
    return;
  for (guint f = 0; f < baseline->n_marginals; f++)
    marginal_clear (&baseline->marginals[f]);
  g_free (baseline->marginals);
  g_free (baseline->cholesky);
  g_free (baseline);
}

/* Phi (z) kept inside (0, 1): far tails round to 0 or 1 */
static double
uniform_of_score (double z)
{
  double u = gsl_cdf_ugaussian_P (z);

  return CLAMP (u, G_MINDOUBLE, 1 - DBL_EPSILON / 2);
}

static void
set_numeric_member (JsonObject     *row,
                    const Marginal *m,
                    double          u)
{
  /* the inverse empirical distribution function: the smallest value x with
   * F (x) >= u */
  gsize k = (gsize) ceil (u * m->n_sorted);
  double x = m->sorted[CLAMP (k, 1, m->n_sorted) - 1];

  if (m->type == FX_COLUMN_INTEGER)
    {
      x = round (x);
      if (m->has_minimum && x < m->minimum)
        x = ceil (m->minimum);
      if (m->has_maximum && x > m->maximum)
        x = floor (m->maximum);
      /* keeps the conversion defined whatever the reference held */
      x = CLAMP (x, -9.2e18, 9.2e18);
      json_object_set_int_member (row, m->name, (gint64) x);
    }
  else
    {
      if (m->has_minimum && x < m->minimum)
        x = m->minimum;
      if (m->has_maximum && x > m->maximum)
        x = m->maximum;
      json_object_set_double_member (row, m->name, x);
    }
}

static void
set_level_member (JsonObject     *row,
                  const Marginal *m,
                  double          u)
{
  /* the first level whose interval ends after u; a level of no weight has an empty
   * interval and is never chosen */
  guint lo = 0, hi = m->last_level;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (u < m->cumulative[mid])
        hi = mid;
      else
        lo = mid + 1;
    }

  if (m->type == FX_COLUMN_BOOLEAN)
    json_object_set_boolean_member (row, m->name, lo == 1);
  else
    json_object_set_string_member (row, m->name, g_ptr_array_index (m->labels, lo));
}

JsonArray *
fx_baseline_sample (FxBaseline *baseline,
                    guint64     seed,
                    guint64     batch,
                    guint       n_rows)
{
  JsonArray *rows;
  gsl_rng *rng;
  guint d;
  g_autofree double *e = NULL;
  g_autofree double *z = NULL;

  g_return_val_if_fail (baseline != NULL, NULL);

  d = baseline->n_dims;
  rows = json_array_sized_new (n_rows);
  rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, batch_seed (seed, batch));
  e = g_new (double, d);
  z = g_new (double, d);

  for (guint r = 0; r < n_rows; r++)
    {
      JsonObject *row = json_object_new ();

      /* the same number of draws per row for both kinds keeps the stream simple */
      for (guint i = 0; i < d; i++)
        e[i] = gsl_ran_ugaussian (rng);

      if (baseline->cholesky != NULL)
        {
          for (guint i = 0; i < d; i++)
            {
              const double *l = baseline->cholesky + (gsize) i * d;
              double sum = 0;

              for (guint j = 0; j <= i; j++)
                sum += l[j] * e[j];
              z[i] = sum;
            }
        }
      else
        memcpy (z, e, d * sizeof (double));

      for (guint f = 0; f < baseline->n_marginals; f++)
        {
          const Marginal *m = &baseline->marginals[f];
          double u;

          if (m->missing_dim >= 0 && uniform_of_score (z[m->missing_dim]) < m->missing_rate)
            {
              json_object_set_null_member (row, m->name);
              continue;
            }
          u = uniform_of_score (z[m->value_dim]);
          if (m->type == FX_COLUMN_INTEGER || m->type == FX_COLUMN_NUMBER)
            set_numeric_member (row, m, u);
          else
            set_level_member (row, m, u);
        }
      json_array_add_object_element (rows, row);
    }

  gsl_rng_free (rng);
  return rows;
}

const char *
fx_baseline_kind_to_string (FxBaselineKind kind)
{
  switch (kind)
    {
    case FX_BASELINE_COPULA:
      return "copula";
    case FX_BASELINE_INDEPENDENT:
      return "independent";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
fx_baseline_kind_from_string (const char     *str,
                              FxBaselineKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (g_strcmp0 (str, "copula") == 0)
    *kind = FX_BASELINE_COPULA;
  else if (g_strcmp0 (str, "independent") == 0)
    *kind = FX_BASELINE_INDEPENDENT;
  else
    return FALSE;
  return TRUE;
}
