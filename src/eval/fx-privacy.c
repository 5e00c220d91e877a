/* fx-privacy.c: distance-based privacy measures of a synthetic table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-intervals.h"
#include "fx-neighbours.h"
#include "fx-privacy.h"
#include "fx-random.h"

char **
fx_privacy_model_inputs (const char * const *features,
                         const char         *target,
                         const char         *site,
                         const char * const *identifiers)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; features[i] != NULL; i++)
    {
      if (g_strcmp0 (features[i], target) == 0 || g_strcmp0 (features[i], site) == 0)
        continue;
      if (identifiers != NULL && g_strv_contains (identifiers, features[i]))
        continue;
      g_strv_builder_add (builder, features[i]);
    }
  return g_strv_builder_end (builder);
}

char **
fx_privacy_schema_inputs (const FxSchema *schema)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_null_terminated (schema->features->len, NULL, TRUE);
  g_autoptr(GPtrArray) identifiers = g_ptr_array_new_null_terminated (0, NULL, TRUE);

  for (guint i = 0; i < schema->features->len; i++)
    {
      FxFeature *f = g_ptr_array_index (schema->features, i);

      g_ptr_array_add (names, f->name);
      if (f->identifier)
        g_ptr_array_add (identifiers, f->name);
    }
  return fx_privacy_model_inputs ((const char * const *) names->pdata, schema->target,
                                  schema->site, (const char * const *) identifiers->pdata);
}

/* splitmix64 (x): the first number of the SplitMix64 stream seeded with x */
static guint64
splitmix64 (guint64 x)
{
  return fx_splitmix64_next (&x);
}

typedef struct
{
  guint64 key;
  gsize   position;
} Keyed;

static int
keyed_compare (const void *a,
               const void *b)
{
  const Keyed *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->position < y->position ? -1 : x->position > y->position;
}

static int
gsize_compare (const void *a,
               const void *b)
{
  gsize x = *(const gsize *) a, y = *(const gsize *) b;

  return x < y ? -1 : x > y;
}

gsize *
fx_privacy_sample (gsize   n,
                   gsize   k,
                   guint64 seed)
{
  gsize *out = g_new (gsize, MAX (MIN (n, k), 1));

  if (k >= n)
    {
      for (gsize i = 0; i < n; i++)
        out[i] = i;
      return out;
    }
  else
    {
      g_autofree Keyed *keyed = g_new (Keyed, n);

      for (gsize i = 0; i < n; i++)
        {
          keyed[i].key = splitmix64 (seed + i);
          keyed[i].position = i;
        }
      qsort (keyed, n, sizeof (Keyed), keyed_compare);
      for (gsize i = 0; i < k; i++)
        out[i] = keyed[i].position;
      qsort (out, k, sizeof (gsize), gsize_compare);
      return out;
    }
}

static int
double_compare (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

double
fx_privacy_percentile (const double *values,
                       gsize         n,
                       double        q)
{
  g_autofree double *sorted = g_new (double, MAX (n, 1));
  gsize m = 0, lo;
  double h;

  for (gsize i = 0; i < n; i++)
    if (!isnan (values[i]))
      sorted[m++] = values[i];
  if (m == 0)
    return NAN;
  qsort (sorted, m, sizeof (double), double_compare);
  h = (m - 1) * (q / 100);
  lo = (gsize) floor (h);
  if (lo + 1 >= m)
    return sorted[m - 1];
  /* NumPy's linear interpolation, written as its _lerp () is for the same last bits:
   * from the upper value when past the middle */
  {
    double a = sorted[lo], b = sorted[lo + 1], t = h - lo, diff = b - a;

    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }
}

typedef struct
{
  double score;
  gboolean positive;
} Scored;

static int
scored_compare_desc (const void *a,
                     const void *b)
{
  const Scored *x = a, *y = b;

  return x->score > y->score ? -1 : x->score < y->score;
}

void
fx_privacy_auroc (const double *positive,
                  gsize         m,
                  const double *negative,
                  gsize         n,
                  double       *auroc,
                  double       *low,
                  double       *high,
                  double       *advantage,
                  GArray       *fpr,
                  GArray       *tpr)
{
  g_autofree double *all = g_new (double, m + n);
  g_autofree guint8 *label = g_new (guint8, m + n);
  g_autofree Scored *scored = g_new (Scored, m + n);
  double best = 0, ci[2];
  gsize tp = 0, fp = 0, k = 0;

  *auroc = *low = *high = *advantage = NAN;
  if (m == 0 || n == 0)
    return;

  /* members are the positives */
  memcpy (all, positive, m * sizeof (double));
  memcpy (all + m, negative, n * sizeof (double));
  memset (label, 1, m);
  memset (label + m, 0, n);
  fx_delong_interval (all, label, m + n, auroc, ci);
  *low = ci[0];
  *high = ci[1];

  /* the ROC curve: thresholds from the highest score down, ties taken together */
  for (gsize i = 0; i < m; i++)
    scored[i] = (Scored) { positive[i], TRUE };
  for (gsize j = 0; j < n; j++)
    scored[m + j] = (Scored) { negative[j], FALSE };
  qsort (scored, m + n, sizeof (Scored), scored_compare_desc);
  if (fpr != NULL)
    {
      double zero = 0;

      g_array_append_val (fpr, zero);
      g_array_append_val (tpr, zero);
    }
  while (k < m + n)
    {
      double t = scored[k].score;
      double x, y;

      while (k < m + n && scored[k].score == t)
        {
          if (scored[k].positive)
            tp++;
          else
            fp++;
          k++;
        }
      x = (double) fp / n;
      y = (double) tp / m;
      best = MAX (best, y - x);
      if (fpr != NULL)
        {
          g_array_append_val (fpr, x);
          g_array_append_val (tpr, y);
        }
    }
  *advantage = best;
}

static FxGowerRows *
encode_rows (FxGower        *gower,
             const FxTable  *table,
             const gsize    *rows,
             const gsize    *picked,
             gsize           n_picked,
             GError        **error)
{
  g_autofree gsize *numbers = g_new (gsize, MAX (n_picked, 1));

  for (gsize i = 0; i < n_picked; i++)
    numbers[i] = rows != NULL ? rows[picked[i]] : picked[i];
  return fx_gower_encode (gower, table, numbers, n_picked, error);
}

static GArray *
array_of (const double *values,
          gsize         n)
{
  GArray *a = g_array_sized_new (FALSE, FALSE, sizeof (double), n);

  g_array_append_vals (a, values, n);
  return a;
}

static void
ratios (const FxNeighbours *nn,
        double             *out)
{
  for (gsize i = 0; i < nn->n_rows; i++)
    {
      /* a row at distance 0 is as distinctive as a row can be: ratio 0, also when
       * the second row is at 0 too */
      if (nn->first[i] == 0)
        out[i] = 0;
      else
        out[i] = nn->first[i] / nn->second[i];
    }
}

FxPrivacy *
fx_privacy_measure (const FxTable          *real,
                    const gsize            *train_rows,
                    gsize                   n_train,
                    const gsize            *holdout_rows,
                    gsize                   n_holdout,
                    const FxTable          *synthetic,
                    const char * const     *inputs,
                    const FxPrivacyOptions *options,
                    GError                **error)
{
  FxPrivacyOptions defaults = { 0 };
  g_autoptr(FxPrivacy) p = g_new0 (FxPrivacy, 1);
  g_autoptr(FxGower) gower = NULL;
  g_autoptr(FxGowerRows) t = NULL, h = NULL, s = NULL, members = NULL;
  g_autoptr(FxNeighbours) s_t = NULL, h_t = NULL, s_m = NULL, s_h = NULL;
  g_autoptr(FxNeighbours) m_s = NULL, h_s = NULL;
  g_autofree gsize *pick_t = NULL, *pick_h = NULL, *pick_s = NULL, *pick_m = NULL;
  g_autofree double *nndr = NULL, *score_m = NULL, *score_h = NULL;
  gsize max_rows, closer = 0;

  if (options == NULL)
    options = &defaults;
  max_rows = options->max_rows > 0 ? options->max_rows : FX_PRIVACY_DEFAULT_MAX_ROWS;

  if (n_train < 2 || n_holdout < 1 || synthetic->n_rows < 1)
    {
      g_set_error (error, FX_PRIVACY_ERROR, FX_PRIVACY_ERROR_TOO_FEW_ROWS,
                   _("Privacy needs at least two training rows, one holdout row and one synthetic row (there are %lu, %lu and %lu)"),
                   n_train, n_holdout, synthetic->n_rows);
      return NULL;
    }
  for (gsize i = 0; i < n_train; i++)
    g_return_val_if_fail (train_rows[i] < real->n_rows, NULL);
  for (gsize i = 0; i < n_holdout; i++)
    g_return_val_if_fail (holdout_rows[i] < real->n_rows, NULL);

  /* ranges come from the whole training part, sampled or not */
  gower = fx_gower_new (real, train_rows, n_train, inputs, error);
  if (gower == NULL)
    return NULL;

  p->seed = options->seed;
  p->sampled = n_train > max_rows || n_holdout > max_rows || synthetic->n_rows > max_rows;
  pick_t = fx_privacy_sample (n_train, max_rows, options->seed);
  pick_h = fx_privacy_sample (n_holdout, max_rows, options->seed);
  pick_s = fx_privacy_sample (synthetic->n_rows, max_rows, options->seed);
  p->n_training = MIN (n_train, max_rows);
  p->n_holdout = MIN (n_holdout, max_rows);
  p->n_synthetic = MIN (synthetic->n_rows, max_rows);

  if ((t = encode_rows (gower, real, train_rows, pick_t, p->n_training, error)) == NULL ||
      (h = encode_rows (gower, real, holdout_rows, pick_h, p->n_holdout, error)) == NULL ||
      (s = encode_rows (gower, synthetic, NULL, pick_s, p->n_synthetic, error)) == NULL)
    return NULL;

  /* the members: training rows sampled down to the holdout's size */
  p->n_members = MIN (p->n_training, p->n_holdout);
  pick_m = fx_privacy_sample (p->n_training, p->n_members, options->seed);
  {
    g_autofree gsize *rows = g_new (gsize, MAX (p->n_members, 1));

    for (gsize i = 0; i < p->n_members; i++)
      rows[i] = train_rows[pick_t[pick_m[i]]];
    members = fx_gower_encode (gower, real, rows, p->n_members, error);
    if (members == NULL)
      return NULL;
  }

  p->exact_synthetic = (double) fx_gower_count_exact (s, t, NULL) / s->n_rows;
  p->exact_holdout = (double) fx_gower_count_exact (h, t, NULL) / h->n_rows;

  s_t = fx_neighbours_find (gower, s, t, options->n_threads);
  h_t = fx_neighbours_find (gower, h, t, options->n_threads);
  p->dcr_synthetic = array_of (s_t->first, s_t->n_rows);
  p->dcr_holdout = array_of (h_t->first, h_t->n_rows);
  p->dcr_synthetic_p5 = fx_privacy_percentile (s_t->first, s_t->n_rows, 5);
  p->dcr_synthetic_median = fx_privacy_percentile (s_t->first, s_t->n_rows, 50);
  p->dcr_holdout_p5 = fx_privacy_percentile (h_t->first, h_t->n_rows, 5);
  p->dcr_holdout_median = fx_privacy_percentile (h_t->first, h_t->n_rows, 50);

  nndr = g_new (double, MAX (s->n_rows, h->n_rows));
  ratios (s_t, nndr);
  p->nndr_synthetic_p5 = fx_privacy_percentile (nndr, s_t->n_rows, 5);
  p->nndr_synthetic_median = fx_privacy_percentile (nndr, s_t->n_rows, 50);
  ratios (h_t, nndr);
  p->nndr_holdout_p5 = fx_privacy_percentile (nndr, h_t->n_rows, 5);
  p->nndr_holdout_median = fx_privacy_percentile (nndr, h_t->n_rows, 50);

  /* closer to the training part than to the holdout, strictly: a tie is not closer */
  s_m = fx_neighbours_find (gower, s, members, options->n_threads);
  s_h = fx_neighbours_find (gower, s, h, options->n_threads);
  for (gsize i = 0; i < s->n_rows; i++)
    closer += s_m->first[i] < s_h->first[i];
  p->share_closer_to_training = (double) closer / s->n_rows;

  /* the attack: a row close to some synthetic row is guessed to be a member */
  m_s = fx_neighbours_find (gower, members, s, options->n_threads);
  h_s = fx_neighbours_find (gower, h, s, options->n_threads);
  score_m = g_new (double, MAX (m_s->n_rows, 1));
  score_h = g_new (double, MAX (h_s->n_rows, 1));
  for (gsize i = 0; i < m_s->n_rows; i++)
    score_m[i] = -m_s->first[i];
  for (gsize i = 0; i < h_s->n_rows; i++)
    score_h[i] = -h_s->first[i];
  p->roc_fpr = g_array_new (FALSE, FALSE, sizeof (double));
  p->roc_tpr = g_array_new (FALSE, FALSE, sizeof (double));
  fx_privacy_auroc (score_m, m_s->n_rows, score_h, h_s->n_rows,
                    &p->auroc, &p->auroc_low, &p->auroc_high, &p->advantage,
                    p->roc_fpr, p->roc_tpr);

  return g_steal_pointer (&p);
}

void
fx_privacy_free (FxPrivacy *privacy)
{
  if (privacy == NULL)
    return;
  g_clear_pointer (&privacy->dcr_synthetic, g_array_unref);
  g_clear_pointer (&privacy->dcr_holdout, g_array_unref);
  g_clear_pointer (&privacy->roc_fpr, g_array_unref);
  g_clear_pointer (&privacy->roc_tpr, g_array_unref);
  g_free (privacy);
}

static void
write_quantiles (FxJsonWriter *w,
                 const char   *key,
                 double        p5,
                 double        median)
{
  fx_json_writer_key (w, key);
  fx_json_writer_begin_object (w);
  fx_json_writer_member_double (w, "p5", p5);
  fx_json_writer_member_double (w, "median", median);
  fx_json_writer_end_object (w);
}

void
fx_privacy_write_json (const FxPrivacy *p,
                       FxJsonWriter    *w)
{
  fx_json_writer_begin_object (w);

  fx_json_writer_key (w, "exact_copies");
  fx_json_writer_begin_object (w);
  fx_json_writer_member_double (w, "synthetic", p->exact_synthetic);
  fx_json_writer_member_double (w, "holdout", p->exact_holdout);
  fx_json_writer_end_object (w);

  fx_json_writer_key (w, "dcr");
  fx_json_writer_begin_object (w);
  write_quantiles (w, "synthetic", p->dcr_synthetic_p5, p->dcr_synthetic_median);
  write_quantiles (w, "holdout", p->dcr_holdout_p5, p->dcr_holdout_median);
  fx_json_writer_member_double (w, "share_closer_to_training", p->share_closer_to_training);
  fx_json_writer_end_object (w);

  fx_json_writer_key (w, "nndr");
  fx_json_writer_begin_object (w);
  write_quantiles (w, "synthetic", p->nndr_synthetic_p5, p->nndr_synthetic_median);
  write_quantiles (w, "holdout", p->nndr_holdout_p5, p->nndr_holdout_median);
  fx_json_writer_end_object (w);

  fx_json_writer_key (w, "membership");
  fx_json_writer_begin_object (w);
  fx_json_writer_member_double (w, "auroc", p->auroc);
  fx_json_writer_key (w, "auroc_ci");
  fx_json_writer_begin_array (w, TRUE);
  fx_json_writer_double (w, p->auroc_low);
  fx_json_writer_double (w, p->auroc_high);
  fx_json_writer_end_array (w);
  fx_json_writer_member_double (w, "advantage", p->advantage);
  fx_json_writer_end_object (w);

  fx_json_writer_member_boolean (w, "sampled", p->sampled);
  fx_json_writer_end_object (w);
}
