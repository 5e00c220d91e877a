/* fx-ks.c: the two-sample Kolmogorov-Smirnov test
 *
 * Agrees with scipy.stats.ks_2samp (x, y, method="auto") of SciPy 1.10, two-sided:
 * the exact null distribution of D when both samples have at most FX_KS_MAX_EXACT_N
 * values, otherwise the one-sample distribution kstwo.sf (D, round (nm / (n + m))).
 * The statistic is computed here; the distributions are in fx-ks-exact.c (exact) and
 * fx-ks-distribution.c (kstwo and smirnov).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fx-ks-private.h"
#include "fx-stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- The empirical distribution functions ---------------------------------------- */

/* max and min of F_x(v) - F_y(v) over the pooled values v, with the value attaining
 * each.  F is the right-continuous ECDF (searchsorted side="right"), computed as
 * count / size just as SciPy does, so the statistic is the same double.
 *
 * SciPy evaluates the difference at x's values and then at y's, and np.argmax keeps
 * the first: the location is the smallest value of x attaining the extreme if there
 * is one, else the smallest value of y.  One merged pass over the distinct values
 * keeps the best of each kind separately and applies that rule at the end. */
static void
ecdf_extremes (const double *x,
               gsize         n,
               const double *y,
               gsize         m,
               double       *max_diff,
               double       *max_loc,
               double       *min_diff,
               double       *min_loc)
{
  /* [0] over values present in x, [1] over values present only in y */
  double best_max[2] = { -INFINITY, -INFINITY };
  double best_min[2] = { INFINITY, INFINITY };
  double loc_max[2] = { x[0], y[0] };
  double loc_min[2] = { x[0], y[0] };
  double rn = (double) n, rm = (double) m;
  gsize i = 0, j = 0;

  while (i < n || j < m)
    {
      double v;
      int kind;
      double diff;

      if (j >= m || (i < n && x[i] <= y[j]))
        {
          v = x[i];
          kind = 0;
        }
      else
        {
          v = y[j];
          kind = 1;
        }

      while (i < n && x[i] <= v)
        i++;
      while (j < m && y[j] <= v)
        j++;

      diff = (double) i / rn - (double) j / rm;
      if (diff > best_max[kind])
        {
          best_max[kind] = diff;
          loc_max[kind] = v;
        }
      if (diff < best_min[kind])
        {
          best_min[kind] = diff;
          loc_min[kind] = v;
        }
    }

  if (best_max[0] >= best_max[1])
    {
      *max_diff = best_max[0];
      *max_loc = loc_max[0];
    }
  else
    {
      *max_diff = best_max[1];
      *max_loc = loc_max[1];
    }

  if (best_min[0] <= best_min[1])
    {
      *min_diff = best_min[0];
      *min_loc = loc_min[0];
    }
  else
    {
      *min_diff = best_min[1];
      *min_loc = loc_min[1];
    }
}

/* ---- Sorting ------------------------------------------------------------------- */

static int
compare_doubles (const void *pa,
                 const void *pb)
{
  double a = *(const double *) pa;
  double b = *(const double *) pb;

  return (a > b) - (a < b);
}

#define SIGN_BIT G_GUINT64_CONSTANT (0x8000000000000000)

/* An order-preserving map from doubles (not NaN) to unsigned integers: negative
 * numbers have all bits flipped, the others only the sign bit. */
static inline guint64
double_to_key (double v)
{
  guint64 u;

  memcpy (&u, &v, sizeof u);
  return (u & SIGN_BIT) ? ~u : (u | SIGN_BIT);
}

static inline double
key_to_double (guint64 k)
{
  guint64 u = (k & SIGN_BIT) ? (k & ~SIGN_BIT) : ~k;
  double v;

  memcpy (&v, &u, sizeof v);
  return v;
}

/* A sorted copy of @src.  The benchmark sorts columns of 10^5 values, where an LSD
 * radix sort on the keys above (eight byte passes, skipping bytes all keys share)
 * is several times faster than qsort with a comparison callback. */
static double *
sorted_copy (const double *src,
             gsize         n)
{
  double *out = g_new (double, MAX (n, 1));
  g_autofree guint64 *keys = NULL;
  g_autofree gsize *counts = NULL;
  guint64 *from, *to;

  if (n < 512)
    {
      if (n > 0)
        {
          memcpy (out, src, sizeof (double) * n);
          qsort (out, n, sizeof (double), compare_doubles);
        }
      return out;
    }

  keys = g_new (guint64, 2 * n);
  counts = g_new0 (gsize, 8 * 256);
  from = keys;
  to = keys + n;

  for (gsize i = 0; i < n; i++)
    {
      guint64 k = double_to_key (src[i]);

      from[i] = k;
      for (int b = 0; b < 8; b++)
        counts[b * 256 + ((k >> (8 * b)) & 0xff)]++;
    }

  for (int b = 0; b < 8; b++)
    {
      gsize *c = counts + b * 256;
      gsize pos = 0;
      guint64 *swap;

      if (c[(from[0] >> (8 * b)) & 0xff] == n)
        continue;

      for (int i = 0; i < 256; i++)
        {
          gsize t = c[i];

          c[i] = pos;
          pos += t;
        }
      for (gsize i = 0; i < n; i++)
        to[c[(from[i] >> (8 * b)) & 0xff]++] = from[i];

      swap = from;
      from = to;
      to = swap;
    }

  for (gsize i = 0; i < n; i++)
    out[i] = key_to_double (from[i]);

  return out;
}

/* ---- Public API ----------------------------------------------------------------- */

void
fx_ks_2samp_sorted (const double *x,
                    gsize         n,
                    const double *y,
                    gsize         m,
                    FxKsResult   *result)
{
  double max_s, max_loc, min_diff, min_loc, min_s;
  double d, pvalue = NAN;
  gint64 nn = (gint64) n, mm = (gint64) m;
  gboolean exact = FALSE;

  g_return_if_fail (result != NULL);

  result->statistic = NAN;
  result->pvalue = NAN;
  result->method = FX_KS_ASYMPTOTIC;
  result->location = NAN;
  result->sign = 0;

  g_return_if_fail (x != NULL && y != NULL);
  g_return_if_fail (n > 0 && m > 0);

  ecdf_extremes (x, n, y, m, &max_s, &max_loc, &min_diff, &min_loc);
  min_s = CLAMP (-min_diff, 0.0, 1.0);

  if (min_s > max_s)
    {
      d = min_s;
      result->location = min_loc;
      result->sign = -1;
    }
  else
    {
      d = max_s;
      result->location = max_loc;
      result->sign = 1;
    }

  if (MAX (n, m) <= FX_KS_MAX_EXACT_N)
    exact = fx_ks_exact_pvalue (nn, mm, &d, &pvalue);

  if (!exact)
    {
      /* Smirnov's asymptotics through the one-sample distribution with the
       * effective size nm / (n + m), rounded half to even as numpy.round does */
      double big = (double) MAX (n, m), small = (double) MIN (n, m);
      double en = big * small / (big + small);

      pvalue = fx_kstwo_sf ((gint64) rint (en), d);
    }

  result->statistic = d;
  /* as np.clip: NaN passes through */
  result->pvalue = CLAMP (pvalue, 0.0, 1.0);
  result->method = exact ? FX_KS_EXACT : FX_KS_ASYMPTOTIC;
}

void
fx_ks_2samp (const double *x,
             gsize         n,
             const double *y,
             gsize         m,
             FxKsResult   *result)
{
  g_autofree double *xs = NULL;
  g_autofree double *ys = NULL;

  g_return_if_fail (result != NULL);
  g_return_if_fail (n == 0 || x != NULL);
  g_return_if_fail (m == 0 || y != NULL);

  xs = sorted_copy (x, n);
  ys = sorted_copy (y, m);

  fx_ks_2samp_sorted (xs, n, ys, m, result);
}
