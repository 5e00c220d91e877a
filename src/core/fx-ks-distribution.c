/* fx-ks-distribution.c: the null distributions of the Kolmogorov-Smirnov statistics
 *
 * The p-values of fx-ks.c's two-sample test: the exact two-sample distribution of D,
 * the one-sample two-sided distribution (scipy.stats.kstwo) and the one-sided one
 * (scipy.special.smirnov), as SciPy 1.10 computes them.  The methods, and the choice
 * between them, are SciPy's; the code is written from the papers:
 *
 *
 *  - Hodges, J. L. (1958).  The significance probability of the Smirnov two-sample
 *    test.  Arkiv för Matematik 3(43), 469-486.  Lattice-path counting for the exact
 *    two-sample distribution (and the reflection sum used when n == m).
 *  - Viehmann, T. (2021).  Numerically more stable computation of the p-values for
 *    the two-sample Kolmogorov-Smirnov test.  arXiv:2102.08037.  The recursion that
 *    carries the p-value itself rather than 1 - p.
 *  - Simard, R. & L'Ecuyer, P. (2011).  Computing the two-sided Kolmogorov-Smirnov
 *    distribution.  Journal of Statistical Software 39(11).  Which method to use for
 *    which (n, d), and the Ruben-Gambino formulas at the edges.
 *  - Marsaglia, G., Tsang, W. W. & Wang, J. (2003).  Evaluating Kolmogorov's
 *    distribution.  Journal of Statistical Software 8(18).  Durbin's matrix method.
 *  - Pomeranz, J. (1974).  Exact cumulative distribution of the Kolmogorov-Smirnov
 *    statistic for small samples (Algorithm 487).  CACM 17(12), 703-704.
 *  - Pelz, W. & Good, I. J. (1976).  Approximating the lower tail-areas of the
 *    Kolmogorov-Smirnov one-sample statistic.  JRSS B 38(2), 152-156.
 *  - Birnbaum, Z. W. & Tingey, F. H. (1951).  One-sided confidence contours for
 *    probability distribution functions.  Ann. Math. Statist. 22(4).  The sum for
 *    the one-sided statistic D_n+ (scipy.special.smirnov).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fx-stats.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Scale factors used to keep long products inside the double range; powers of two,
 * so scaling by them is exact. */
#define SCALE_EXP 128
#define SCALE_UP  0x1p128
#define SCALE_DN  0x1p-128

/* Above this n, scipy.special.smirnov switches to an approximation. */
#define SMIRNOV_MAX_COMPUTE_N 1000000

/* Cephes' MINLOG, log (2^-1075): exp() of anything below it is zero. */
#define CEPHES_MINLOG (-7.451332191019412076235e2)

/* np.clip (p, 0, 1); NaN passes through, as it does there. */
static double
clip_prob (double p)
{
  if (p < 0.0)
    return 0.0;
  if (p > 1.0)
    return 1.0;
  return p;
}

/* ---- One-sided: scipy.special.smirnov ------------------------------------------ */

/* Splits n * d into floor and fractional part without the rounding error of the
 * product, so that d = k/n is recognised exactly (the sum's range depends on it). */
static void
split_nd (gint64  n,
          double  d,
          gint64 *floor_out,
          double *frac_out)
{
  double hi = (double) n * d;
  double lo = fma ((double) n, d, -hi);
  double fl = floor (hi);
  double alpha;

  if (fl == hi && lo < 0.0)
    {
      fl -= 1.0;
      alpha = 1.0 + lo;
    }
  else
    {
      alpha = (hi - fl) + lo;
    }

  if (alpha >= 1.0)
    {
      fl += 1.0;
      alpha = 0.0;
    }

  *floor_out = (gint64) fl;
  *frac_out = alpha;
}

/* log (k - alpha) - log n and log (k + alpha) - log n for an integer k and the
 * fractional part alpha of n d: 1 - d - v/n and d + v/n without rounding alpha into
 * a large integer. */
static long double
log_frac_minus (gint64 k,
                double alpha,
                long double log_n)
{
  return logl ((long double) k) + log1pl (-(long double) alpha / (long double) k) - log_n;
}

static long double
log_frac_plus (gint64 k,
               double alpha,
               long double log_n)
{
  if (k == 0)
    return logl ((long double) alpha) - log_n;
  return logl ((long double) k) + log1pl ((long double) alpha / (long double) k) - log_n;
}

/* Terms per block of the lower Birnbaum-Tingey sum.  Small enough that each factor
 * of a term's ratio to the block's first (below) stays inside the double range;
 * only factors of terms that are negligible anyway can underflow. */
#define SMIRNOV_BLOCK 16

/* The lower Birnbaum-Tingey sum
 *   sum_{v=0}^{n_terms-1} C(n, v) (1 - d - v/n)^(n-v) (d + v/n)^(v-1).
 * It can need close to n terms, so each must be cheap.  The first term of every
 * block is formed from its logarithm in long double (the factors span a huge range
 * while their logarithms are moderate); the rest of the block is that term times
 *   C(n, v)/C(n, v0) * (b0/a0)^i * exp ((n-v) log1p (-i/(n a0)) + (v-1) log1p (i/(n b0)))
 * with a0 = 1 - d - v0/n, b0 = d + v0/n, i = v - v0, where the exponent is small,
 * so double precision there costs nothing.  Stops once the remaining terms cannot
 * change the sum, as SciPy's loop does. */
static long double
smirnov_lower_sum (gint64 n,
                   gint64 nd_floor,
                   double alpha,
                   gint64 n_terms)
{
  long double log_n = logl ((long double) n);
  long double log_binom = 0.0L;  /* log C(n, v0) */
  long double sum = 0.0L;
  gint64 vmid = n / 2;

  for (gint64 v0 = 0; v0 < n_terms; v0 += SMIRNOV_BLOCK)
    {
      gint64 len = MIN (SMIRNOV_BLOCK, n_terms - v0);
      gint64 ka = n - v0 - nd_floor;  /* n a0 = ka - alpha > 0 */
      gint64 kb = nd_floor + v0;      /* n b0 = kb + alpha > 0 */
      long double log_a0 = log_frac_minus (ka, alpha, log_n);
      long double log_b0 = log_frac_plus (kb, alpha, log_n);
      long double t0 = expl (log_binom + (long double) (n - v0) * log_a0 +
                             (long double) (v0 - 1) * log_b0);
      double na0 = (double) ka - alpha;
      double nb0 = (double) kb + alpha;
      double q = nb0 / na0;
      double qi = 1.0;
      long double binom_ratio = 1.0L;  /* C(n, v) / C(n, v0) */
      double block = 0.0, last = 0.0;

      for (gint64 i = 0; i < len; i++)
        {
          gint64 v = v0 + i;
          double e = 0.0;

          if (i > 0)
            {
              binom_ratio *= (long double) (n - v + 1) / (long double) v;
              qi *= q;
              e = (double) (n - v) * log1p (-(double) i / na0);
              if (v != 1)
                e += (double) (v - 1) * log1p ((double) i / nb0);
            }
          last = (double) binom_ratio * qi * exp (e);
          block += last;
        }

      sum += t0 * (long double) block;

      {
        long double last_term = t0 * (long double) last;
        gint64 j = v0 + len - 1;

        if (last_term != 0.0L)
          {
            if (4.0L * (long double) (n_terms - j) * last_term < DBL_EPSILON * sum &&
                j != n_terms - 1)
              break;
          }
        else if (j > vmid)
          {
            break;
          }
      }

      /* on to C(n, v0 + len) */
      if (len == SMIRNOV_BLOCK)
        log_binom += logl (binom_ratio * (long double) (n - v0 - len + 1) /
                           (long double) (v0 + len));
    }

  return sum;
}

/* The upper sum, v = n down to n - n_terms + 1, where 1 - d - v/n < 0 and the terms
 * alternate in sign; SciPy uses it only with at most three terms. */
static long double
smirnov_upper_sum (gint64 n,
                   gint64 nd_floor,
                   double alpha,
                   gint64 n_terms)
{
  long double log_n = logl ((long double) n);
  long double log_binom = 0.0L;  /* log C(n, j) = log C(n, n - j) */
  long double sum = 0.0L;

  for (gint64 j = 0; j < n_terms; j++)
    {
      gint64 v = n - j;
      /* |1 - d - v/n| n = (nd_floor + v - n) + alpha */
      long double log_term = log_binom;
      long double term;

      if (n - v != 0)
        log_term += (long double) (n - v) *
                    log_frac_plus (nd_floor + v - n, alpha, log_n);
      if (v != 1)
        log_term += (long double) (v - 1) *
                    log_frac_plus (nd_floor + v, alpha, log_n);
      term = expl (log_term);
      if ((n - v) & 1)
        term = -term;
      sum += term;

      log_binom += logl ((long double) (n - j) / (long double) (j + 1));
    }

  return sum;
}

/* ---- Two-sided one-sample: scipy.stats.kstwo ----------------------------------- */

/* log (n! / n^n) by Stirling's series with n log n removed first, so that there is
 * no cancellation between two huge terms. */
static double
log_nfact_over_npown (gint64 n)
{
  /* B_2j / (2j (2j - 1)) for j = 1 .. 8 */
  static const double stirling[] = {
    1.0 / 12.0, -1.0 / 360.0, 1.0 / 1260.0, -1.0 / 1680.0,
    1.0 / 1188.0, -691.0 / 360360.0, 1.0 / 156.0, -3617.0 / 122400.0,
  };
  double rn = 1.0 / (double) n;
  double rn2 = rn / (double) n;
  double series = 0.0;

  for (int j = G_N_ELEMENTS (stirling) - 1; j >= 0; j--)
    series = series * rn2 + stirling[j];

  return log ((double) n) / 2.0 - (double) n + log (2.0 * G_PI) / 2.0 + rn * series;
}

/* c = a b for k x k row-major matrices; c must not alias a or b. */
static void
matmul (const double *a,
        const double *b,
        double       *c,
        int           k)
{
  memset (c, 0, sizeof (double) * k * k);
  for (int i = 0; i < k; i++)
    {
      double *ci = c + (gsize) i * k;

      for (int l = 0; l < k; l++)
        {
          double ail = a[(gsize) i * k + l];
          const double *bl = b + (gsize) l * k;

          if (ail == 0.0)
            continue;
          for (int j = 0; j < k; j++)
            ci[j] += ail * bl[j];
        }
    }
}

/* P(D_n <= d) by Durbin's matrix: with n d = k - h, the answer is n!/n^n times
 * entry (k, k) of H^n for a (2k-1)-square matrix H (Marsaglia, Tsang & Wang).
 * Only row k of the power is needed, so the odd factors multiply a row vector.
 * Both the squares and that row are rescaled by powers of two as they grow; SciPy
 * 1.10 rescales only the squares, and for a few large n its product overflows and
 * kstwo.sf returns 0 where the answer is 1 (see test-ks.c), which is not copied. */
static double
kolmogn_dmtw_cdf (gint64 n,
                  double d)
{
  g_autofree double *v = NULL;
  g_autofree double *w = NULL;
  g_autofree double *hm = NULL;
  g_autofree double *tmp = NULL;
  g_autofree double *row = NULL;
  g_autofree double *row_tmp = NULL;
  double nd, h, fac, tt, p;
  gint64 hm_expnt = 0, row_expnt = 0, nn;
  int k, m;

  if (d >= 1.0)
    return 1.0;
  nd = (double) n * d;
  if (nd <= 0.5)
    return 0.0;

  k = (int) ceil (nd);
  h = k - nd;
  m = 2 * k - 1;

  v = g_new (double, m);
  w = g_new (double, m);
  hm = g_new0 (double, (gsize) m * m);
  tmp = g_new (double, (gsize) m * m);
  row = g_new0 (double, m);
  row_tmp = g_new (double, m);

  /* v[j-1] = (1 - h^j) / j!,  w[j-1] = 1 / (j-1)! */
  fac = 1.0;
  for (int j = 1; j <= m; j++)
    {
      w[j - 1] = fac;
      fac /= j;
      v[j - 1] = (1.0 - pow (h, j)) * fac;
    }
  tt = pow (MAX (2.0 * h - 1.0, 0.0), m) - 2.0 * pow (h, m);
  v[m - 1] = (1.0 + tt) * fac;

  /* H[r][c] = 1/(r - c + 1)! on and below the superdiagonal; first column v, last
   * row v reversed */
  for (int c = 1; c < m; c++)
    for (int r = c - 1; r < m; r++)
      hm[(gsize) r * m + c] = w[r - c + 1];
  for (int r = 0; r < m; r++)
    hm[(gsize) r * m] = v[r];
  for (int c = 0; c < m; c++)
    hm[(gsize) (m - 1) * m + c] = v[m - 1 - c];

  row[k - 1] = 1.0;
  nn = n;
  while (nn > 0)
    {
      if (nn & 1)
        {
          double big = 0.0;

          for (int j = 0; j < m; j++)
            {
              double s = 0.0;

              for (int l = 0; l < m; l++)
                s += row[l] * hm[(gsize) l * m + j];
              row_tmp[j] = s;
            }
          memcpy (row, row_tmp, sizeof (double) * m);
          row_expnt += hm_expnt;

          for (int j = 0; j < m; j++)
            big = MAX (big, fabs (row[j]));
          if (big > SCALE_UP)
            {
              for (int j = 0; j < m; j++)
                row[j] *= SCALE_DN;
              row_expnt += SCALE_EXP;
            }
        }
      nn >>= 1;
      if (nn == 0)
        break;

      matmul (hm, hm, tmp, m);
      memcpy (hm, tmp, sizeof (double) * m * m);
      hm_expnt *= 2;
      if (fabs (hm[(gsize) (k - 1) * m + (k - 1)]) > SCALE_UP)
        {
          for (gsize j = 0; j < (gsize) m * m; j++)
            hm[j] *= SCALE_DN;
          hm_expnt += SCALE_EXP;
        }
    }

  /* times n! / n^n, one factor at a time, rescaling as the product shrinks */
  p = row[k - 1];
  for (gint64 i = 1; i <= n; i++)
    {
      p = (double) i * p / (double) n;
      if (fabs (p) < SCALE_DN)
        {
          p *= SCALE_UP;
          row_expnt -= SCALE_EXP;
        }
    }
  if (row_expnt != 0)
    p = ldexp (p, (int) row_expnt);

  return clip_prob (p);
}

/* The interval of non-zero entries in row i of Pomeranz's recursion. */
static void
pomeranz_bounds (gint64  i,
                 gint64  n,
                 gint64  ll,
                 int     ceilf,
                 int     roundf,
                 gint64 *j1_out,
                 gint64 *j2_out)
{
  gint64 j1, j2;

  if (i == 0)
    {
      j1 = -ll - ceilf - 1;
      j2 = ll + ceilf - 1;
    }
  else
    {
      gint64 half = (i + 1) / 2;

      if ((i + 1) % 2 == 0)
        {
          if (half == n + 1)
            {
              j1 = n - ll - ceilf - 1;
              j2 = n + ll + ceilf - 1;
            }
          else
            {
              j1 = half - 1 - ll - roundf - 1;
              j2 = half + ll - 1 + ceilf - 1;
            }
        }
      else
        {
          j1 = half - 1 - ll - 1;
          j2 = half + ll + roundf - 1;
        }
    }

  *j1_out = MAX (j1 + 2, 0);
  *j2_out = MIN (j2, n);
}

/* P(D_n <= x) by Pomeranz's recursion: 2n + 1 convolutions of a short row with
 * truncated Poisson weights, then times n!.  Used for n <= 140 only. */
static double
kolmogn_pomeranz_cdf (gint64 n,
                      double x)
{
  g_autofree double *gpower = NULL;
  g_autofree double *twogpower = NULL;
  g_autofree double *onem2gpower = NULL;
  g_autofree double *buf0 = NULL;
  g_autofree double *buf1 = NULL;
  double *v0, *v1;
  double t = (double) n * x;
  gint64 ll = (gint64) floor (t);
  double f = t - (double) ll;
  double g = MIN (f, 1.0 - f);
  int ceilf = f > 0.0 ? 1 : 0;
  int roundf = f > 0.5 ? 1 : 0;
  gint64 npwrs = 2 * (ll + 1);
  gint64 v0s = 0, v1s = 0, j1, j2;
  gint64 expnt = 0;
  double ans;

  gpower = g_new (double, npwrs);
  twogpower = g_new (double, npwrs);
  onem2gpower = g_new (double, npwrs);
  buf0 = g_new0 (double, npwrs);
  buf1 = g_new0 (double, npwrs);

  /* (g/n)^k/k!, (2g/n)^k/k!, ((1-2g)/n)^k/k!: Poisson weights without e^-mu */
  gpower[0] = twogpower[0] = onem2gpower[0] = 1.0;
  for (gint64 k = 1; k < npwrs; k++)
    {
      gpower[k] = gpower[k - 1] * (g / n) / k;
      twogpower[k] = twogpower[k - 1] * (2.0 * g / n) / k;
      onem2gpower[k] = onem2gpower[k - 1] * ((1.0 - 2.0 * g) / n) / k;
    }

  v0 = buf0;
  v1 = buf1;
  v1[0] = 1.0;
  pomeranz_bounds (0, n, ll, ceilf, roundf, &j1, &j2);

  for (gint64 i = 1; i < 2 * n + 2; i++)
    {
      gint64 k1 = j1;
      const double *pwrs;
      gint64 ln2;
      double *swap_v = v0;
      gint64 swap_s = v0s;

      v0 = v1;
      v1 = swap_v;
      v0s = v1s;
      v1s = swap_s;
      memset (v1, 0, sizeof (double) * npwrs);

      pomeranz_bounds (i, n, ll, ceilf, roundf, &j1, &j2);
      if (i == 1 || i == 2 * n + 1)
        pwrs = gpower;
      else
        pwrs = (i % 2) ? twogpower : onem2gpower;

      ln2 = j2 - k1 + 1;
      if (ln2 > 0)
        {
          gint64 offset = k1 - v0s;
          gint64 la = CLAMP (MIN (ln2, npwrs - offset), 0, npwrs);
          gint64 lb = MIN (ln2, npwrs);
          gint64 conv_start = j1 - k1;
          gint64 conv_len = j2 - j1 + 1;
          const double *a = v0 + CLAMP (offset, 0, npwrs);
          double vmax = 0.0;

          if (offset < 0)
            la = 0;

          for (gint64 c = 0; c < conv_len && c < npwrs; c++)
            {
              gint64 idx = conv_start + c;
              gint64 s_lo = MAX (0, idx - lb + 1);
              gint64 s_hi = MIN (idx, la - 1);
              double s = 0.0;

              for (gint64 q = s_lo; q <= s_hi; q++)
                s += a[q] * pwrs[idx - q];
              v1[c] = s;
              vmax = MAX (vmax, s);
            }

          /* keep the row away from underflow */
          if (vmax > 0.0 && vmax < SCALE_DN)
            {
              for (gint64 c = 0; c < npwrs; c++)
                v1[c] *= SCALE_UP;
              expnt -= SCALE_EXP;
            }
          v1s = v0s + j1 - k1;
        }
    }

  if (n - v1s < 0 || n - v1s >= npwrs)
    return 0.0;
  ans = v1[n - v1s];
  for (gint64 k = 1; k <= n; k++)
    {
      if (fabs (ans) > SCALE_UP)
        {
          ans *= SCALE_DN;
          expnt += SCALE_EXP;
        }
      ans *= (double) k;
    }
  if (expnt != 0)
    ans = ldexp (ans, (int) expnt);

  return clip_prob (ans);
}

/* The Pelz-Good asymptotic series for P(D_n <= x): the Li-Chien / Korolyuk
 * expansion K0 + K1/sqrt(n) + K2/n + K3/n^1.5 in z = x sqrt(n), each term rewritten
 * with the Jacobi theta transformation so that it converges fast for small z. */
static double
kolmogn_pelz_good_cdf (gint64 n,
                       double x)
{
  const double pi2 = G_PI * G_PI;
  const double pi4 = pi2 * pi2;
  const double pi6 = pi4 * pi2;
  const double sqrt2pi = sqrt (2.0 * G_PI);
  double z, z2, z3, z4, z6, z7, z8, z10;
  double qlog, q, q2;
  double k1a, k1b, k2a, k2b, k2c, k3a, k3b, k3c, k3d;
  double kk[4] = { 0.0, 0.0, 0.0, 0.0 };
  double k2extra = 0.0, k3extra = 0.0, sqrt3z, total;
  gint64 maxk;

  if (x <= 0.0)
    return 0.0;
  if (x >= 1.0)
    return 1.0;

  z = sqrt ((double) n) * x;
  z2 = z * z;
  z3 = z2 * z;
  z4 = z2 * z2;
  z6 = z4 * z2;
  z7 = z6 * z;
  z8 = z4 * z4;
  z10 = z8 * z2;

  qlog = -pi2 / 8.0 / z2;
  if (qlog < -708.0)
    return 0.0;
  q = exp (qlog);

  k1a = -z2;
  k1b = pi2 / 4.0;

  k2a = 6.0 * z6 + 2.0 * z4;
  k2b = (2.0 * z4 - 5.0 * z2) * pi2 / 4.0;
  k2c = pi4 * (1.0 - 2.0 * z2) / 16.0;

  k3d = pi6 * (5.0 - 30.0 * z2) / 64.0;
  k3c = pi4 * (-60.0 * z2 + 212.0 * z4) / 16.0;
  k3b = pi2 * (135.0 * z4 - 96.0 * z6) / 4.0;
  k3a = -30.0 * z6 - 90.0 * z8;

  /* sum over odd m = 2k - 1 of c(m) q^(m^2), Horner in q^(8k) from the top */
  maxk = (gint64) ceil (16.0 * z / G_PI);
  for (gint64 k = maxk; k >= 1; k--)
    {
      double mm = 2.0 * k - 1.0;
      double m2 = mm * mm, m4 = m2 * m2, m6 = m4 * m2;
      double qpower = pow (q, 8.0 * k);

      kk[0] = kk[0] * qpower + 1.0;
      kk[1] = kk[1] * qpower + (k1a + k1b * m2);
      kk[2] = kk[2] * qpower + (k2a + k2b * m2 + k2c * m4);
      kk[3] = kk[3] * qpower + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
    }
  for (int i = 0; i < 4; i++)
    kk[i] *= q * sqrt2pi;
  kk[0] /= z;
  kk[1] /= 6.0 * z4;
  kk[2] /= 72.0 * z7;
  kk[3] /= 6480.0 * z10;

  /* the terms over all integers k in K2 and K3 */
  q2 = exp (-pi2 / 2.0 / z2);
  sqrt3z = sqrt (3.0) * z;
  for (gint64 k = maxk; k >= 1; k--)
    {
      double kd = (double) k;
      double k2 = kd * kd;
      double qk = pow (q2, k2);
      double kpi = G_PI * kd;

      k2extra += k2 * qk;
      k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qk;
    }
  kk[2] += k2extra * (pi2 * sqrt2pi / (-36.0 * z3));
  kk[3] += k3extra * (pi2 * sqrt2pi / (216.0 * z6));

  total = 0.0;
  for (int i = 0; i < 4; i++)
    total += kk[i] / pow ((double) n, i / 2.0);

  return total;
}

/* ---- Public API ----------------------------------------------------------------- */

double
fx_smirnov_sf (gint64 n,
               double d)
{
  gint64 nd_floor;
  gint64 lower_last, upper_first, n_upper_terms;
  double alpha, nd;
  gboolean use_upper;
  long double sum;

  if (isnan (d))
    return NAN;
  if (!(n > 0 && d >= 0.0 && d <= 1.0))
    return NAN;
  if (n == 1)
    return 1.0 - d;
  if (d == 0.0)
    return 1.0;
  if (d == 1.0)
    return 0.0;

  split_nd (n, d, &nd_floor, &alpha);
  nd = (double) n * d;

  /* The lower sum runs v = 0 .. floor (n (1 - d)), the upper one from the next
   * integer to n; a term with 1 - d - v/n == 0 belongs to neither. */
  lower_last = n - nd_floor - (alpha == 0.0 ? 0 : 1);
  upper_first = n - nd_floor;
  if (alpha == 0.0)
    {
      lower_last -= 1;
      upper_first += 1;
    }

  /* d <= 1/n: P(D+ <= d) = d (1 + d)^(n-1) */
  if (nd_floor == 0 || (nd_floor == 1 && alpha == 0.0))
    {
      long double t = expl ((long double) (n - 1) * log1pl (d));
      return (double) (1.0L - (long double) d * t);
    }
  /* the tail is below the smallest double */
  if ((double) (-2 * n) * d * d < CEPHES_MINLOG)
    return 0.0;
  /* d >= 1 - 1/n */
  if (nd_floor >= n - 1)
    return (double) powl (1.0L - (long double) d, (long double) n);
  if (n > SMIRNOV_MAX_COMPUTE_N)
    {
      /* p ~ exp (-(6nd + 1)^2 / 18n), as SciPy does for very large n */
      double logp = -pow (6.0 * nd + 1.0, 2) / 18.0 / (double) n;

      if (logp < -G_LN2)
        return exp (logp);
      return 1.0 - (-expm1 (logp));
    }

  /* The upper sum alternates in sign; it is only used when it has very few terms
   * and the CDF is small, where it is more accurate than 1 - (lower sum). */
  n_upper_terms = n - upper_first + 1;
  use_upper = (n_upper_terms <= 1 && d < 0.5) ||
              (n >= 10 && n_upper_terms <= 3 && d <= 0.5 / sqrt ((double) n));

  if (use_upper)
    {
      sum = smirnov_upper_sum (n, nd_floor, alpha, n_upper_terms);
      return clip_prob ((double) (1.0L - (long double) d * sum));
    }

  sum = smirnov_lower_sum (n, nd_floor, alpha, lower_last + 1);
  return clip_prob ((double) ((long double) d * sum));
}

double
fx_kstwo_sf (gint64 n,
             double d)
{
  double t, nxsq;

  if (isnan (d) || n < 1)
    return NAN;
  /* outside the support (0.5/n, 1) SciPy's sf is exactly 1 or 0 */
  if (d >= 1.0)
    return 0.0;
  if (d <= 0.5 / (double) n)
    return 1.0;

  t = (double) n * d;
  if (t <= 1.0)
    {
      /* Ruben-Gambino: P(D_n <= d) = n!/n^n (2t - 1)^n for 1/2n <= d <= 1/n */
      double prob;

      if (t <= 0.5)
        return 1.0;
      if (n <= 140)
        {
          prob = 1.0;
          for (gint64 i = 1; i <= n; i++)
            prob *= ((double) i * (1.0 / (double) n)) * (2.0 * t - 1.0);
        }
      else
        {
          prob = exp (log_nfact_over_npown (n) + (double) n * log (2.0 * t - 1.0));
        }
      return clip_prob (1.0 - prob);
    }
  if (t >= (double) (n - 1))
    {
      /* Ruben-Gambino: P(D_n > d) = 2 (1 - d)^n for d >= 1 - 1/n */
      return clip_prob (2.0 * pow (1.0 - d, (double) n));
    }
  if (d >= 0.5)
    {
      /* D_n+ >= d and D_n- >= d cannot both happen */
      return clip_prob (2.0 * fx_smirnov_sf (n, d));
    }

  nxsq = t * d;
  if (n <= 140)
    {
      if (nxsq <= 0.754693)
        return clip_prob (1.0 - kolmogn_dmtw_cdf (n, d));
      if (nxsq <= 4.0)
        return clip_prob (1.0 - kolmogn_pomeranz_cdf (n, d));
      return clip_prob (2.0 * fx_smirnov_sf (n, d));
    }

  if (nxsq >= 370.0)
    return 0.0;
  if (nxsq >= 2.2)
    return clip_prob (2.0 * fx_smirnov_sf (n, d));

  /* the CDF is not small: compute it and take the complement */
  if (n <= 100000 && (double) n * pow (d, 1.5) <= 1.4)
    return clip_prob (1.0 - kolmogn_dmtw_cdf (n, d));
  return clip_prob (1.0 - kolmogn_pelz_good_cdf (n, d));
}
