/* fx-ks-exact.c: the exact two-sample null distribution of the Kolmogorov-Smirnov D
 *
 * SciPy 1.10's _attempt_exact_2kssamp, two-sided, written from the papers:
 *
 *  - Hodges, J. L. (1958).  The significance probability of the Smirnov two-sample
 *    test.  Arkiv för Matematik 3(43), 469-486.  Lattice-path counting for the exact
 *    two-sample distribution (and the reflection sum used when n == m).
 *  - Viehmann, T. (2021).  Numerically more stable computation of the p-values for
 *    the two-sample Kolmogorov-Smirnov test.  arXiv:2102.08037.  The recursion that
 *    carries the p-value itself rather than 1 - p.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fx-ks-private.h"

#include <math.h>

static gint64
gcd64 (gint64 a,
       gint64 b)
{
  while (b != 0)
    {
      gint64 t = a % b;
      a = b;
      b = t;
    }
  return a;
}

/* Floor and ceiling of a / b for b > 0 and any sign of a. */
static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;
  if ((a % b != 0) && (a < 0))
    q -= 1;
  return q;
}

static gint64
ceil_div (gint64 a,
          gint64 b)
{
  gint64 q = a / b;
  if ((a % b != 0) && (a > 0))
    q += 1;
  return q;
}

/* ---- Exact two-sample distribution --------------------------------------------- */

/* P(D_{n,n} >= h/n): Hodges' reflection sum
 *   2 sum_k (-1)^(k+1) C(2n, n - kh) / C(2n, n),
 * with every ratio of binomials built as a product of h simple factors and the
 * alternating sum nested (Horner-like) to avoid subtractive cancellation.  The
 * operations are in the same order as SciPy's, so the rare result just above 1
 * (which makes SciPy fall back to the asymptotic distribution) is reproduced. */
static double
prob_outside_square (gint64 n,
                     gint64 h)
{
  double p = 0.0;

  for (gint64 k = n / h; k >= 0; k--)
    {
      double p1 = 1.0;

      for (gint64 j = 0; j < h; j++)
        p1 = (double) (n - k * h - j) * p1 / (double) (n + k * h + j + 1);
      p = p1 * (1.0 - p);
    }

  return 2.0 * p;
}

/* P(D_{m,n} >= h / lcm(m, n)) for m != n: the fraction of monotone lattice paths
 * from (0, 0) to (m, n) that touch |x/m - y/n| >= h/lcm (Hodges' "inside" method),
 * carried as a probability along each column as Viehmann proposes:
 *   A(i, j) = (i A(i-1, j) + j A(i, j-1)) / (i + j),   A = 1 outside the band,
 * which never needs the huge binomial C(m + n, n).  Only a sliding window of one
 * column is kept; the window grows with the band, so the cost is about m (2 d n). */
static double
outer_prob_inside (gint64 m,
                   gint64 n,
                   gint64 g,
                   gint64 h)
{
  g_autofree double *a = NULL;
  g_autofree double *recip = NULL;
  gint64 mg, ng, minj, maxj, curlen;
  double result;

  if (m < n)
    {
      gint64 t = m;
      m = n;
      n = t;
    }
  mg = m / g;
  ng = n / g;

  /* Entries at and above the window's end stand for points above the band, which
   * have left it: they hold 1.  Keeping the whole column length makes that true
   * without bookkeeping. */
  a = g_new (double, n + 2);
  for (gint64 j = 0; j < n + 2; j++)
    a[j] = 1.0;

  /* 1/(i + j) once, so the inner loop has no division on its dependency chain */
  recip = g_new (double, m + n + 2);
  recip[0] = 0.0;
  for (gint64 s = 1; s < m + n + 2; s++)
    recip[s] = 1.0 / (double) s;

  minj = 0;
  maxj = MIN (ceil_div (h, mg), n + 1);
  curlen = maxj - minj;
  for (gint64 j = minj; j < maxj; j++)
    a[j] = 0.0;

  for (gint64 i = 1; i <= m; i++)
    {
      gint64 lastminj = minj;
      gint64 lastlen = curlen;
      gint64 shift, len;
      const double *r;
      const double *src;
      double val, dj, di = (double) i;

      minj = MAX (floor_div (ng * i - h, mg) + 1, 0);
      minj = MIN (minj, n);
      maxj = MIN (ceil_div (ng * i + h, mg), n + 1);
      if (maxj <= minj)
        return 1.0;

      len = maxj - minj;
      shift = minj - lastminj;
      r = recip + i + minj;
      src = a + shift;
      val = (minj == 0) ? 0.0 : 1.0;
      dj = (double) minj;

      /* src[jj] >= a + jj: reads stay ahead of writes, so the update is in place */
      for (gint64 jj = 0; jj < len; jj++)
        {
          double ci = di * r[jj];
          double cj = dj * r[jj];

          val = src[jj] * ci + val * cj;
          a[jj] = val;
          dj += 1.0;
        }

      curlen = len;
      for (gint64 j = curlen; j < lastlen; j++)
        a[j] = 1.0;
    }

  result = a[maxj - minj - 1];
  /* the weights i/(i+j) and j/(i+j) are rounded separately, so a path probability
   * of exactly 1 can come out an ulp above; SciPy's single division cannot */
  if (result > 1.0)
    result = 1.0;
  return result;
}

gboolean
fx_ks_exact_pvalue (gint64  n,
                    gint64  m,
                    double *d,
                    double *pvalue)
{
  gint64 g = gcd64 (n, m);
  gint64 lcm = (n / g) * m;
  gint64 h = (gint64) rint (*d * (double) lcm);
  double prob;

  *d = (double) h / (double) lcm;
  if (h == 0)
    {
      *pvalue = 1.0;
      return TRUE;
    }

  if (n == m)
    prob = prob_outside_square (n, h);
  else
    prob = outer_prob_inside (n, m, g, h);

  if (!(prob >= 0.0 && prob <= 1.0))
    return FALSE;
  *pvalue = prob;
  return TRUE;
}
