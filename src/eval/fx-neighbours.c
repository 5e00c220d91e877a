/* fx-neighbours.c: nearest rows by Gower distance, blocked brute force
 *
 * Every query row meets every reference row, so the work is in the inner loop.  The
 * reference is copied into blocks of BLOCK rows stored feature by feature (scaled
 * floats with a presence weight, category codes as integers), so that one query
 * value is compared with BLOCK reference values in a loop the compiler turns into
 * vector instructions.  Queries are handed out in chunks to the threads; each chunk
 * walks the reference a group of blocks at a time, so that the group stays in cache
 * while every query of the chunk is compared with it.  The few best candidates of a
 * query are kept in single precision and their distances recomputed in double.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fx-neighbours.h"

#define BLOCK 64          /* reference rows per block */
#define GROUP 16          /* blocks compared with a chunk of queries at a time */
#define CHUNK 256         /* queries handed to a thread at a time */
#define CANDIDATES 4      /* best rows kept per query before the exact recount */

typedef struct
{
  guint   n_numeric;
  guint   n_categorical;
  gsize   n_rows;
  gsize   n_blocks;
  /* per block: value[n_numeric][BLOCK], weight[n_numeric][BLOCK] (1 present, 0
   * missing), code[n_categorical][BLOCK] */
  float  *value;
  float  *weight;
  gint32 *code;
  double *minimum;
  double *scale;   /* 1 / range */
} Packed;

typedef struct
{
  const FxGower     *gower;
  const FxGowerRows *query;
  const FxGowerRows *reference;
  Packed             packed;
  FxNeighbours      *out;
  gint               next_chunk;  /* atomic */
  gsize              n_chunks;
} Search;

static void
pack_reference (Packed            *p,
                const FxGower     *gower,
                const FxGowerRows *rows)
{
  p->n_numeric = rows->n_numeric;
  p->n_categorical = rows->n_categorical;
  p->n_rows = rows->n_rows;
  p->n_blocks = (rows->n_rows + BLOCK - 1) / BLOCK;
  p->value = g_new0 (float, MAX (p->n_blocks * p->n_numeric * BLOCK, 1));
  p->weight = g_new0 (float, MAX (p->n_blocks * p->n_numeric * BLOCK, 1));
  p->code = g_new0 (gint32, MAX (p->n_blocks * p->n_categorical * BLOCK, 1));
  p->minimum = g_new (double, MAX (p->n_numeric, 1));
  p->scale = g_new (double, MAX (p->n_numeric, 1));

  for (guint f = 0; f < p->n_numeric; f++)
    {
      double range;

      fx_gower_get_numeric_scale (gower, f, &p->minimum[f], &range);
      p->scale[f] = 1 / range;
    }
  for (gsize r = 0; r < rows->n_rows; r++)
    {
      gsize b = r / BLOCK, j = r % BLOCK;

      for (guint f = 0; f < p->n_numeric; f++)
        {
          double v = rows->numeric[r * rows->n_numeric + f];
          gsize at = (b * p->n_numeric + f) * BLOCK + j;

          if (!isnan (v))
            {
              p->value[at] = (float) ((v - p->minimum[f]) * p->scale[f]);
              p->weight[at] = 1;
            }
        }
      for (guint c = 0; c < p->n_categorical; c++)
        p->code[(b * p->n_categorical + c) * BLOCK + j] =
          (gint32) rows->categorical[r * rows->n_categorical + c];
    }
}

static void
packed_clear (Packed *p)
{
  g_free (p->value);
  g_free (p->weight);
  g_free (p->code);
  g_free (p->minimum);
  g_free (p->scale);
}

/* Sixteen lanes in GCC's (and Clang's) generic vectors: one AVX-512 register, two
 * AVX2 ones, four SSE ones; the accumulators of a block stay in registers, where an
 * array would be stored and loaded again for every feature. */
typedef float  VFloat __attribute__ ((vector_size (64), aligned (4)));
typedef gint32 VInt   __attribute__ ((vector_size (64), aligned (4)));
#define LANES 16

G_STATIC_ASSERT (BLOCK == 4 * LANES);

/* The sum of the Gower terms of one query row against one block.  A present query
 * value q adds 1 + w (|q - v| - 1): |q - v| when the reference value is present (w =
 * 1), 1 when it is missing (w = 0, v = 0); a missing query value adds w.  @q_scale
 * is 1 for a present query value, 0 for a missing one.  Returns whether some sum is below @threshold (then all are stored in @acc), so that most
 * blocks need no closer look. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__ ((target_clones ("avx512f", "avx2", "default")))
#endif
static gboolean
block_distances (const Packed  *p,
                 gsize          b,
                 const float   *q,
                 const float   *q_scale,
                 float          n_present,
                 const gint32  *qc,
                 float          threshold,
                 float         *acc)
{
  const float *value = p->value + b * p->n_numeric * BLOCK;
  const float *weight = p->weight + b * p->n_numeric * BLOCK;
  const gint32 *code = p->code + b * p->n_categorical * BLOCK;
  const VInt abs_mask = (VInt) {} + 0x7fffffff;
  const VInt one_bits = (VInt) {} + 0x3f800000;   /* 1.0f */
  VFloat a0, a1, a2, a3;
  VInt below;

  a0 = a1 = a2 = a3 = (VFloat) {} + n_present;
  for (guint f = 0; f < p->n_numeric; f++)
    {
      const VFloat *v = (const VFloat *) (value + f * BLOCK);
      const VFloat *w = (const VFloat *) (weight + f * BLOCK);
      /* without a branch: w (m |q - v| + 1 - 2 m), m = 1 for a present query value
       * (then q is 0) */
      VFloat qf = (VFloat) {} + q[f];
      VFloat m = (VFloat) {} + q_scale[f];
      VFloat c = (VFloat) {} + (1 - 2 * q_scale[f]);

#define TERM(i) (w[i] * (m * (VFloat) ((VInt) (qf - v[i]) & abs_mask) + c))
      a0 += TERM (0);
      a1 += TERM (1);
      a2 += TERM (2);
      a3 += TERM (3);
#undef TERM
    }
  for (guint c = 0; c < p->n_categorical; c++)
    {
      const VInt *k = (const VInt *) (code + c * BLOCK);
      VInt qk = (VInt) {} + qc[c];

      /* a comparison gives -1 (all bits) where the codes differ: 1.0f there */
      a0 += (VFloat) ((k[0] != qk) & one_bits);
      a1 += (VFloat) ((k[1] != qk) & one_bits);
      a2 += (VFloat) ((k[2] != qk) & one_bits);
      a3 += (VFloat) ((k[3] != qk) & one_bits);
    }

  below = (a0 < threshold) | (a1 < threshold) | (a2 < threshold) | (a3 < threshold);
  for (int j = 0; j < LANES; j++)
    if (below[j])
      {
        memcpy (acc, &a0, sizeof a0);
        memcpy (acc + LANES, &a1, sizeof a1);
        memcpy (acc + 2 * LANES, &a2, sizeof a2);
        memcpy (acc + 3 * LANES, &a3, sizeof a3);
        return TRUE;
      }
  return FALSE;
}

typedef struct
{
  float  d[CANDIDATES];
  gsize  row[CANDIDATES];
} Best;

static inline void
best_offer (Best  *best,
            float  d,
            gsize  row)
{
  int k = CANDIDATES - 1;

  if (!(d < best->d[k]))
    return;
  while (k > 0 && d < best->d[k - 1])
    {
      best->d[k] = best->d[k - 1];
      best->row[k] = best->row[k - 1];
      k--;
    }
  best->d[k] = d;
  best->row[k] = row;
}

static void
search_chunk (Search *s,
              gsize   chunk)
{
  const Packed *p = &s->packed;
  const FxGowerRows *query = s->query;
  gsize q0 = chunk * CHUNK, q1 = MIN (q0 + CHUNK, query->n_rows), nq = q1 - q0;
  g_autofree Best *best = g_new (Best, nq);
  g_autofree float *qv = g_new0 (float, MAX (nq * p->n_numeric, 1));
  g_autofree float *qp = g_new0 (float, MAX (nq * p->n_numeric, 1));
  g_autofree float *qn = g_new0 (float, nq);
  g_autofree gint32 *qc = g_new0 (gint32, MAX (nq * p->n_categorical, 1));
  float acc[BLOCK];

  for (gsize i = 0; i < nq; i++)
    {
      for (int k = 0; k < CANDIDATES; k++)
        {
          best[i].d[k] = INFINITY;
          best[i].row[k] = G_MAXSIZE;
        }
      for (guint f = 0; f < p->n_numeric; f++)
        {
          double v = query->numeric[(q0 + i) * query->n_numeric + f];

          if (!isnan (v))
            {
              qv[i * p->n_numeric + f] = (float) ((v - p->minimum[f]) * p->scale[f]);
              qp[i * p->n_numeric + f] = 1;
              qn[i] += 1;
            }
        }
      for (guint c = 0; c < p->n_categorical; c++)
        qc[i * p->n_categorical + c] = (gint32) query->categorical[(q0 + i) * query->n_categorical + c];
    }

  for (gsize g = 0; g < p->n_blocks; g += GROUP)
    {
      gsize g_end = MIN (g + GROUP, p->n_blocks);

      for (gsize i = 0; i < nq; i++)
        for (gsize b = g; b < g_end; b++)
          {
            gsize n_valid = MIN ((gsize) BLOCK, p->n_rows - b * BLOCK);

            if (!block_distances (p, b, qv + i * p->n_numeric, qp + i * p->n_numeric, qn[i],
                                  qc + i * p->n_categorical, best[i].d[CANDIDATES - 1], acc))
              continue;
            for (gsize j = 0; j < n_valid; j++)
              best_offer (&best[i], acc[j], b * BLOCK + j);
          }
    }

  /* the exact distances of the candidates, in double precision */
  for (gsize i = 0; i < nq; i++)
    {
      double d1 = INFINITY, d2 = INFINITY;
      gsize r1 = G_MAXSIZE;

      for (int k = 0; k < CANDIDATES && best[i].row[k] != G_MAXSIZE; k++)
        {
          double d = fx_gower_distance (s->gower, query, q0 + i, s->reference, best[i].row[k]);

          if (d < d1 || (d == d1 && best[i].row[k] < r1))
            {
              d2 = d1;
              d1 = d;
              r1 = best[i].row[k];
            }
          else if (d < d2)
            d2 = d;
        }
      s->out->first[q0 + i] = d1;
      s->out->second[q0 + i] = isinf (d2) ? NAN : d2;
      s->out->nearest[q0 + i] = r1;
    }
}

static gpointer
search_thread (gpointer data)
{
  Search *s = data;

  for (;;)
    {
      gsize chunk = (gsize) g_atomic_int_add (&s->next_chunk, 1);

      if (chunk >= s->n_chunks)
        break;
      search_chunk (s, chunk);
    }
  return NULL;
}

FxNeighbours *
fx_neighbours_find (const FxGower     *gower,
                    const FxGowerRows *query,
                    const FxGowerRows *reference,
                    guint              n_threads)
{
  FxNeighbours *out = g_new0 (FxNeighbours, 1);
  Search s = { 0 };
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();

  g_return_val_if_fail (reference->n_rows > 0, out);

  out->n_rows = query->n_rows;
  out->first = g_new (double, MAX (query->n_rows, 1));
  out->second = g_new (double, MAX (query->n_rows, 1));
  out->nearest = g_new (gsize, MAX (query->n_rows, 1));

  s.gower = gower;
  s.query = query;
  s.reference = reference;
  s.out = out;
  s.n_chunks = (query->n_rows + CHUNK - 1) / CHUNK;
  pack_reference (&s.packed, gower, reference);

  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  n_threads = MIN (n_threads, MAX (s.n_chunks, 1));
  for (guint t = 1; t < n_threads; t++)
    g_ptr_array_add (threads, g_thread_new ("fx-neighbours", search_thread, &s));
  search_thread (&s);
  for (guint t = 0; t < threads->len; t++)
    g_thread_join (g_ptr_array_index (threads, t));

  packed_clear (&s.packed);
  return out;
}

void
fx_neighbours_free (FxNeighbours *neighbours)
{
  if (neighbours == NULL)
    return;
  g_free (neighbours->first);
  g_free (neighbours->second);
  g_free (neighbours->nearest);
  g_free (neighbours);
}
