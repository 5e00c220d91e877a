/* test-stats.c: fx-stats.c against reference fixtures
 *
 * The fixtures (tests/fixtures/stats/stats.json) are written by
 * tests/fixtures/stats/make-stats-fixtures.py from the reference implementation that
 * each declaration in fx-stats.h names (SciPy, NumPy, pandas, statsmodels).  JSON null
 * means NaN is expected.
 *
 * Tolerances, as |got - expected| <= rtol * |expected| + atol:
 *
 *   Wasserstein               rtol 1e-12, atol 1e-14 * max |value|
 *   chi-square statistic      rtol 1e-12, atol 1e-12 (a homogeneous table leaves
 *                             ~1e-28 of rounding in SciPy's sum); dof exact
 *   chi-square p-value        rtol 1e-9 (GSL vs Cephes incomplete gamma)
 *   TVD                       rtol 1e-12, atol 1e-15
 *   KL                        rtol 1e-12, atol 1e-14 (terms of both signs, size ~1)
 *   JS                        compared as the divergence d^2: rtol 1e-12, atol 1e-14
 *                             (the square root magnifies rounding near d = 0)
 *   quantiles, bin edges      rtol 1e-12, atol 1e-12 * max |value| (interpolation)
 *   bin counts, n_bins        exact
 *   Pearson, Spearman         atol 1e-10 (pandas' one-pass Welford reference is
 *                             itself within 1e-11 of exact rational arithmetic
 *                             on every Pearson case; the script checks that)
 *   ranks                     exact (half-integers)
 *   Cramer's V, eta           rtol 1e-12, atol 1e-14; a fixture case may carry its
 *                             own "rtol" (only eta of an ill-conditioned input,
 *                             offset 1e5 and sd 2, where any two-pass formula,
 *                             NumPy's included, is only good to ~1e-11)
 *   Benjamini-Hochberg        rtol 1e-12 (plain arithmetic on the inputs, so tighter
 *                             than the 1e-9 used for p-values from a distribution)
 *
 * Property checks (symmetry, invariances, bounds, KL(p || p) = 0, BH monotone and
 * >= raw p, ...) follow the reference checks in each family.
 *
 * Each function family is one test case; all of them run even after a failure, and
 * each failing check is printed as a TAP comment with its inputs' case name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "fx-stats.h"

#define RTOL_STAT      1e-12
#define ATOL_UNIT      1e-15   /* absolute floor for TVD and exact zeros */
#define ATOL_SCALED    1e-14   /* absolute floor for sums of O(1) terms; times
                                * max |value| for Wasserstein */
#define ATOL_CORR      1e-10
#define RTOL_PVALUE    1e-9
#define RTOL_BH        1e-12

static JsonNode *fixtures;

/* ---- bookkeeping of errors per family ------------------------------------------ */

typedef struct
{
  const char *family;
  guint       n_checks;
  guint       n_failures;
  double      worst_abs;
  double      worst_rel;
  double      worst_ratio;   /* |error| / allowed */
  char       *worst_where;
} Tally;

static void
tally_init (Tally      *t,
            const char *family)
{
  memset (t, 0, sizeof *t);
  t->family = family;
}

static void
tally_finish (Tally *t)
{
  g_test_message ("%s: %u checks, %u failed; worst |error| %.3g, worst relative "
                  "error %.3g, worst error/tolerance %.3g%s%s",
                  t->family, t->n_checks, t->n_failures, t->worst_abs, t->worst_rel,
                  t->worst_ratio,
                  t->worst_where != NULL ? " at " : "",
                  t->worst_where != NULL ? t->worst_where : "");
  g_clear_pointer (&t->worst_where, g_free);
}

static gboolean
check_close (Tally      *t,
             const char *case_name,
             const char *what,
             double      got,
             double      expected,
             double      rtol,
             double      atol)
{
  double allowed = rtol * fabs (expected) + atol;
  double err = 0.0;
  gboolean ok;

  t->n_checks++;

  if (isnan (expected))
    {
      ok = isnan (got);
      err = ok ? 0.0 : INFINITY;
    }
  else if (!isfinite (got))
    {
      ok = FALSE;
      err = INFINITY;
    }
  else
    {
      double ratio;

      err = fabs (got - expected);
      ok = err <= allowed;
      ratio = allowed > 0.0 ? err / allowed : (err > 0.0 ? INFINITY : 0.0);

      t->worst_abs = MAX (t->worst_abs, err);
      if (expected != 0.0)
        t->worst_rel = MAX (t->worst_rel, err / fabs (expected));
      if (ratio > t->worst_ratio || t->worst_where == NULL)
        {
          t->worst_ratio = MAX (t->worst_ratio, ratio);
          g_free (t->worst_where);
          t->worst_where = g_strdup_printf ("[%s] %s", case_name, what);
        }
    }

  if (!ok)
    {
      g_autofree char *msg = NULL;

      t->n_failures++;
      if (isnan (expected))
        msg = g_strdup_printf ("%s [%s] %s: expected NaN, got %.17g",
                               t->family, case_name, what, got);
      else
        msg = g_strdup_printf ("%s [%s] %s: expected %.17g, got %.17g "
                               "(|error| %.3g, allowed %.3g)",
                               t->family, case_name, what, expected, got, err, allowed);
      /* Every failure as a TAP comment; the test result keeps only one message. */
      g_test_message ("FAIL %s", msg);
      g_test_fail_printf ("%s", msg);
    }

  return ok;
}

static gboolean
check_exact (Tally      *t,
             const char *case_name,
             const char *what,
             double      got,
             double      expected)
{
  return check_close (t, case_name, what, got, expected, 0.0, 0.0);
}

static void
check_true (Tally      *t,
            const char *case_name,
            const char *what,
            gboolean    condition)
{
  t->n_checks++;
  if (!condition)
    {
      g_autofree char *msg = NULL;

      t->n_failures++;
      msg = g_strdup_printf ("%s [%s] property failed: %s", t->family, case_name, what);
      g_test_message ("FAIL %s", msg);
      g_test_fail_printf ("%s", msg);
    }
}

/* ---- reading the fixtures ------------------------------------------------------ */

static JsonArray *
fixture_cases (const char *family)
{
  JsonObject *root = json_node_get_object (fixtures);
  JsonArray *cases;

  g_assert_true (json_object_has_member (root, family));
  cases = json_object_get_array_member (root, family);
  g_assert_nonnull (cases);
  g_assert_cmpuint (json_array_get_length (cases), >, 0);

  return cases;
}

static double
node_double (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NAN;

  return json_node_get_double (node);
}

static double
member_double (JsonObject *obj,
               const char *member)
{
  g_assert_true (json_object_has_member (obj, member));
  return node_double (json_object_get_member (obj, member));
}

static gint64
member_int (JsonObject *obj,
            const char *member)
{
  g_assert_true (json_object_has_member (obj, member));
  return json_object_get_int_member (obj, member);
}

/* Always returns a non-NULL buffer (even for an empty array). */
static double *
member_doubles (JsonObject *obj,
                const char *member,
                gsize      *n_out)
{
  JsonArray *array;
  double *values;
  guint n;

  g_assert_true (json_object_has_member (obj, member));
  array = json_object_get_array_member (obj, member);
  n = json_array_get_length (array);
  values = g_new (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    values[i] = node_double (json_array_get_element (array, i));

  *n_out = n;
  return values;
}

static guint32 *
member_groups (JsonObject *obj,
               const char *member,
               gsize      *n_out)
{
  JsonArray *array;
  guint32 *values;
  guint n;

  g_assert_true (json_object_has_member (obj, member));
  array = json_object_get_array_member (obj, member);
  n = json_array_get_length (array);
  values = g_new (guint32, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    values[i] = (guint32) json_array_get_int_element (array, i);

  *n_out = n;
  return values;
}

static double
max_abs (const double *x,
         gsize         n)
{
  double m = 0.0;

  for (gsize i = 0; i < n; i++)
    if (!isnan (x[i]))
      m = MAX (m, fabs (x[i]));

  return m;
}

static double *
scaled_copy (const double *x,
             gsize         n,
             double        factor,
             double        shift)
{
  double *y = g_new (double, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    y[i] = x[i] * factor + shift;

  return y;
}

/* ---- Wasserstein -------------------------------------------------------------- */

static void
test_wasserstein (void)
{
  JsonArray *cases = fixture_cases ("wasserstein");
  Tally t;

  tally_init (&t, "wasserstein");

  for (guint c = 0; c < json_array_get_length (cases); c++)
    {
      JsonObject *obj = json_array_get_object_element (cases, c);
      const char *name = json_object_get_string_member (obj, "name");
      gsize n, m;
      g_autofree double *x = member_doubles (obj, "x", &n);
      g_autofree double *y = member_doubles (obj, "y", &m);
      g_autofree double *shifted = NULL;
      double expected = member_double (obj, "expected");
      double scale = MAX (max_abs (x, n), max_abs (y, m));
      double atol = ATOL_SCALED * MAX (scale, 1e-300);
      double got;

      got = fx_wasserstein_sorted (x, n, y, m);
      check_close (&t, name, "W(x, y)", got, expected, RTOL_STAT, atol);

      /* Properties: symmetry, W(x, x) = 0, W(x, x + c) = |c|. */
      check_close (&t, name, "W(y, x) = W(x, y)",
                   fx_wasserstein_sorted (y, m, x, n), got, RTOL_STAT, atol);
      check_close (&t, name, "W(x, x) = 0",
                   fx_wasserstein_sorted (x, n, x, n), 0.0, 0.0, atol);
      shifted = scaled_copy (x, n, 1.0, 0.5);
      check_close (&t, name, "W(x, x + 0.5) = 0.5",
                   fx_wasserstein_sorted (x, n, shifted, n), 0.5, RTOL_STAT,
                   ATOL_SCALED * MAX (scale, 1.0));
    }

  tally_finish (&t);
}

/* ---- count vectors: chi-square, TVD, KL, JS ----------------------------------- */

static void
test_chi2 (void)
{
  JsonArray *cases = fixture_cases ("chi2");
  Tally t;

  tally_init (&t, "chi2_homogeneity");

  for (guint c = 0; c < json_array_get_length (cases); c++)
    {
      JsonObject *obj = json_array_get_object_element (cases, c);
      const char *name = json_object_get_string_member (obj, "name");
      gsize k, kb;
      g_autofree double *a = member_doubles (obj, "a", &k);
      g_autofree double *b = member_doubles (obj, "b", &kb);
      g_autofree double *a2 = NULL;
      g_autofree double *b2 = NULL;
      FxChi2Result res = { NAN, -1, NAN };
      FxChi2Result swapped = { NAN, -1, NAN };
      FxChi2Result doubled = { NAN, -1, NAN };

      g_assert_cmpuint (k, ==, kb);

      /* Statistic: rtol 1e-12, atol 1e-12; dof exact; p: rtol 1e-9. */
      fx_chi2_homogeneity (a, b, k, &res);
      check_close (&t, name, "statistic", res.statistic,
                   member_double (obj, "statistic"), RTOL_STAT, 1e-12);
      check_exact (&t, name, "dof", res.dof, (double) member_int (obj, "dof"));
      check_close (&t, name, "pvalue", res.pvalue,
                   member_double (obj, "pvalue"), RTOL_PVALUE, 0.0);

      /* Properties: swapping the samples changes nothing; doubling every count
       * doubles the statistic. */
      fx_chi2_homogeneity (b, a, k, &swapped);
      check_close (&t, name, "statistic(b, a)", swapped.statistic, res.statistic,
                   RTOL_STAT, 1e-12);
      check_exact (&t, name, "dof(b, a)", swapped.dof, res.dof);
      check_close (&t, name, "pvalue(b, a)", swapped.pvalue, res.pvalue,
                   RTOL_PVALUE, 0.0);

      a2 = scaled_copy (a, k, 2.0, 0.0);
      b2 = scaled_copy (b, k, 2.0, 0.0);
      fx_chi2_homogeneity (a2, b2, k, &doubled);
      check_close (&t, name, "statistic(2a, 2b) = 2 statistic", doubled.statistic,
                   2.0 * res.statistic, RTOL_STAT, 1e-12);
      check_true (&t, name, "0 <= p <= 1", res.pvalue >= 0.0 && res.pvalue <= 1.0);
    }

  tally_finish (&t);
}

static void
test_tvd (void)
{
  JsonArray *cases = fixture_cases ("tvd");
  Tally t;

  tally_init (&t, "tvd_counts");

  for (guint c = 0; c < json_array_get_length (cases); c++)
    {
      JsonObject *obj = json_array_get_object_element (cases, c);
      const char *name = json_object_get_string_member (obj, "name");
      gsize k, kb;
      g_autofree double *a = member_doubles (obj, "a", &k);
      g_autofree double *b = member_doubles (obj, "b", &kb);
      g_autofree double *a4 = NULL;
      double got;

      g_assert_cmpuint (k, ==, kb);

      got = fx_tvd_counts (a, b, k);
      check_close (&t, name, "TVD(a, b)", got, member_double (obj, "expected"),
                   RTOL_STAT, ATOL_UNIT);

      /* Properties: symmetric, TVD(a, a) = 0, invariant to the sample size, in
       * [0, 1]. */
      check_close (&t, name, "TVD(b, a) = TVD(a, b)", fx_tvd_counts (b, a, k), got,
                   RTOL_STAT, ATOL_UNIT);
      check_close (&t, name, "TVD(a, a) = 0", fx_tvd_counts (a, a, k), 0.0, 0.0,
                   ATOL_UNIT);
      a4 = scaled_copy (a, k, 4.0, 0.0);
      check_close (&t, name, "TVD(4a, b) = TVD(a, b)", fx_tvd_counts (a4, b, k), got,
                   RTOL_STAT, ATOL_UNIT);
      check_true (&t, name, "0 <= TVD <= 1", got >= 0.0 && got <= 1.0);
    }

  tally_finish (&t);
}

static void
test_kl (void)
{
  JsonArray *cases = fixture_cases ("kl");
  Tally t;

  tally_init (&t, "kl_counts");

  for (guint c = 0; c < json_array_get_length (cases); c++)
    {
      JsonObject *obj = json_array_get_object_element (cases, c);
      const char *name = json_object_get_string_member (obj, "name");
      gsize k, kb;
      g_autofree double *a = member_doubles (obj, "a", &k);
      g_autofree double *b = member_doubles (obj, "b", &kb);
      double pseudocount = member_double (obj, "pseudocount");
      double got;

      g_assert_cmpuint (k, ==, kb);

      /* rtol 1e-12; atol 1e-14 because the sum has terms of both signs of order 1. */
      got = fx_kl_counts (a, b, k, pseudocount);
      check_close (&t, name, "KL(a || b)", got, member_double (obj, "expected"),
                   RTOL_STAT, ATOL_SCALED);

      /* Properties: KL(p || p) = 0 and KL >= 0. */
      check_close (&t, name, "KL(a || a) = 0",
                   fx_kl_counts (a, a, k, FX_KL_PSEUDOCOUNT), 0.0, 0.0, ATOL_UNIT);
      check_close (&t, name, "KL(b || b) = 0",
                   fx_kl_counts (b, b, k, FX_KL_PSEUDOCOUNT), 0.0, 0.0, ATOL_UNIT);
      check_true (&t, name, "KL(a || b) >= 0", got >= -ATOL_UNIT);
    }

  tally_finish (&t);
}

static void
test_js (void)
{
  JsonArray *cases = fixture_cases ("js");
  const double js_max = sqrt (G_LN2);
  Tally t;

  tally_init (&t, "js_distance_counts");

  for (guint c = 0; c < json_array_get_length (cases); c++)
    {
      JsonObject *obj = json_array_get_object_element (cases, c);
      const char *name = json_object_get_string_member (obj, "name");
      gsize k, kb;
      g_autofree double *a = member_doubles (obj, "a", &k);
      g_autofree double *b = member_doubles (obj, "b", &kb);
      double expected = member_double (obj, "expected");
      double got, self;

      g_assert_cmpuint (k, ==, kb);

      /* Compare the divergence d^2: rtol 1e-12, atol 1e-14. */
      got = fx_js_distance_counts (a, b, k);
      check_close (&t, name, "JS(a, b)^2", got * got, expected * expected,
                   RTOL_STAT, ATOL_SCALED);
      /* ...and the distance itself, to catch a sign or a NaN. */
      check_true (&t, name, "JS(a, b) finite and >= 0", isfinite (got) && got >= 0.0);

      /* Properties: symmetric, JS(a, a) = 0 (and not NaN from the square root of a
       * rounding residue), bounded by sqrt (ln 2). */
      check_close (&t, name, "JS(b, a) = JS(a, b)", fx_js_distance_counts (b, a, k),
                   got, RTOL_STAT, ATOL_UNIT);
      self = fx_js_distance_counts (a, a, k);
      check_true (&t, name, "JS(a, a) is 0 up to rounding",
                  isfinite (self) && self >= 0.0 && self * self <= ATOL_SCALED);
      check_true (&t, name, "JS(a, b) <= sqrt (ln 2)", got <= js_max * (1 + RTOL_STAT));
    }

  tally_finish (&t);
}

/* ---- quantiles and bins ------------------------------------------------------- */

static void
test_quantile (void)
{
  JsonArray *cases = fixture_cases ("quantile");
  Tally t;

  tally_init (&t, "quantile_sorted");

  for (guint c = 0; c < json_array_get_length (cases); c++)
    {
      JsonObject *obj = json_array_get_object_element (cases, c);
      const char *name = json_object_get_string_member (obj, "name");
      gsize n, nq, ne;
      g_autofree double *x = member_doubles (obj, "x", &n);
      g_autofree double *q = member_doubles (obj, "q", &nq);
      g_autofree double *expected = member_doubles (obj, "expected", &ne);
      /* Interpolation error is relative to the magnitude of the data. */
      double atol = 1e-12 * max_abs (x, n);
      double prev = -INFINITY;

      g_assert_cmpuint (nq, ==, ne);

      for (gsize i = 0; i < nq; i++)
        {
          g_autofree char *what = g_strdup_printf ("q=%.17g", q[i]);

          check_close (&t, name, what, fx_quantile_sorted (x, n, q[i]), expected[i],
                       RTOL_STAT, atol);
        }

      /* Properties: the ends are the extremes exactly; monotone in q. */
      check_exact (&t, name, "q=0 is the minimum", fx_quantile_sorted (x, n, 0.0), x[0]);
      check_exact (&t, name, "q=1 is the maximum", fx_quantile_sorted (x, n, 1.0),
                   x[n - 1]);
      for (guint k = 0; k <= 100; k++)
        {
          double v = fx_quantile_sorted (x, n, k / 100.0);

          if (v < prev)
            {
              check_true (&t, name, "quantile non-decreasing in q", FALSE);
              break;
            }
          prev = v;
        }
    }

  tally_finish (&t);
}

static void
check_counts (Tally        *t,
              const char   *case_name,
              const char   *what,
              const double *got,
              JsonObject   *obj,
              const char   *member,
              gsize         n_bins,
              gsize         n_values)
{
  JsonArray *expected = json_object_get_array_member (obj, member);
  double total = 0.0;

  g_assert_cmpuint (json_array_get_length (expected), ==, n_bins);
  for (gsize i = 0; i < n_bins; i++)
    {
      g_autofree char *label = g_strdup_printf ("%s bin %" G_GSIZE_FORMAT, what, i);

      check_exact (t, case_name, label, got[i],
                   (double) json_array_get_int_element (expected, i));
      total += got[i];
    }
  check_exact (t, case_name, "counts sum to n", total, (double) n_values);
}

static void
test_bins (void)
{
  JsonArray *cases = fixture_cases ("bins");
  Tally t;

  tally_init (&t, "quantile_bins/bin_counts");

  for (guint c = 0; c < json_array_get_length (cases); c++)
    {
      JsonObject *obj = json_array_get_object_element (cases, c);
      const char *name = json_object_get_string_member (obj, "name");
      gsize n, m, n_edges;
      g_autofree double *real = member_doubles (obj, "real", &n);
      g_autofree double *synth = member_doubles (obj, "synth", &m);
      g_autofree double *edges_expected = member_doubles (obj, "edges", &n_edges);
      gsize n_bins_expected = (gsize) member_int (obj, "n_bins");
      g_autofree double *edges = NULL;
      g_autofree double *counts = NULL;
      double atol = 1e-12 * max_abs (real, n);
      gsize n_bins;

      g_assert_cmpuint (n_edges + 1, ==, n_bins_expected);

      /* Edges from numpy.quantile + numpy.unique. */
      n_bins = fx_quantile_bins (real, n, &edges);
      if (!check_exact (&t, name, "number of bins", n_bins, n_bins_expected))
        continue;
      check_true (&t, name, "edges allocated when there are interior edges",
                  n_edges == 0 || edges != NULL);
      for (gsize i = 0; i < n_edges && edges != NULL; i++)
        {
          g_autofree char *what = g_strdup_printf ("edge %" G_GSIZE_FORMAT, i);

          check_close (&t, name, what, edges[i], edges_expected[i], RTOL_STAT, atol);
        }
      check_exact (&t, name, "number of bins without edges_out",
                   fx_quantile_bins (real, n, NULL), n_bins_expected);

      /* Counts with the reference edges (numpy.searchsorted side="right"). */
      counts = g_new0 (double, n_bins_expected);
      fx_bin_counts (real, n, edges_expected, n_bins_expected, counts);
      check_counts (&t, name, "real, reference edges", counts, obj, "real_counts",
                    n_bins_expected, n);
      memset (counts, 0, n_bins_expected * sizeof *counts);
      fx_bin_counts (synth, m, edges_expected, n_bins_expected, counts);
      check_counts (&t, name, "synth, reference edges", counts, obj, "synth_counts",
                    n_bins_expected, m);

      /* The whole pipeline with the edges fx_quantile_bins computed.  The fixture
       * script checks that no value sits within rounding of an edge, so this must
       * agree exactly too. */
      if (n_edges == 0 || edges != NULL)
        {
          memset (counts, 0, n_bins_expected * sizeof *counts);
          fx_bin_counts (real, n, edges, n_bins, counts);
          check_counts (&t, name, "real, own edges", counts, obj, "real_counts",
                        n_bins_expected, n);
          memset (counts, 0, n_bins_expected * sizeof *counts);
          fx_bin_counts (synth, m, edges, n_bins, counts);
          check_counts (&t, name, "synth, own edges", counts, obj, "synth_counts",
                        n_bins_expected, m);
        }

      /* KL and JS over these bins: scipy.stats.entropy and jensenshannon */
      if (json_object_has_member (obj, "kl") && (n_edges == 0 || edges != NULL))
        {
          g_autofree double *a = g_new0 (double, n_bins);
          g_autofree double *b = g_new0 (double, n_bins);

          gsize used = n_bins;

          fx_bin_counts (real, n, edges, n_bins, a);
          fx_bin_counts (synth, m, edges, n_bins, b);
          if (fx_quantile_bins_are_points (real, n))
            used = fx_drop_unused_bins (a, b, n_bins);
          check_close (&t, name, "KL over the bins", fx_kl_counts (a, b, used, FX_KL_PSEUDOCOUNT),
                       json_object_get_double_member (obj, "kl"), RTOL_STAT, 1e-15);
          check_close (&t, name, "JS over the bins", fx_js_distance_counts (a, b, used),
                       json_object_get_double_member (obj, "js"), RTOL_STAT, 1e-15);
        }
    }

  tally_finish (&t);
}

/* ---- correlations and ranks --------------------------------------------------- */

typedef double (*CorrFunc) (const double *x,
                            const double *y,
                            gsize         n);

static void
run_correlation_cases (const char *family,
                       const char *label,
                       CorrFunc    corr)
{
  JsonArray *cases = fixture_cases (family);
  Tally t;

  tally_init (&t, label);

  for (guint c = 0; c < json_array_get_length (cases); c++)
    {
      JsonObject *obj = json_array_get_object_element (cases, c);
      const char *name = json_object_get_string_member (obj, "name");
      gsize n, ny;
      g_autofree double *x = member_doubles (obj, "x", &n);
      g_autofree double *y = member_doubles (obj, "y", &ny);
      g_autofree double *x4 = NULL;
      double got;

      g_assert_cmpuint (n, ==, ny);

      /* atol 1e-10; NaN where the fixture says null. */
      got = corr (x, y, n);
      check_close (&t, name, "r(x, y)", got, member_double (obj, "expected"), 0.0,
                   ATOL_CORR);

      /* Properties: symmetric; invariant to scaling one variable by 4 (exact in
       * binary floating point, so this only fails on a real defect); |r| <= 1. */
      check_close (&t, name, "r(y, x) = r(x, y)", corr (y, x, n), got, 0.0, 1e-12);
      x4 = scaled_copy (x, n, 4.0, 0.0);
      check_close (&t, name, "r(4x, y) = r(x, y)", corr (x4, y, n), got, 0.0, 1e-12);
      check_true (&t, name, "|r| <= 1", isnan (got) || fabs (got) <= 1.0 + 1e-12);
    }

  tally_finish (&t);
}

static void
test_pearson (void)
{
  run_correlation_cases ("pearson", "pearson_pairwise", fx_pearson_pairwise);
}

static void
test_spearman (void)
{
  JsonArray *cases = fixture_cases ("spearman");
  Tally t;

  run_correlation_cases ("spearman", "spearman_pairwise", fx_spearman_pairwise);

  /* Property: without NaN, Spearman is Pearson on average ranks. */
  tally_init (&t, "spearman = pearson of ranks");
  for (guint c = 0; c < json_array_get_length (cases); c++)
    {
      JsonObject *obj = json_array_get_object_element (cases, c);
      const char *name = json_object_get_string_member (obj, "name");
      gsize n, ny;
      g_autofree double *x = member_doubles (obj, "x", &n);
      g_autofree double *y = member_doubles (obj, "y", &ny);
      g_autofree double *rx = g_new (double, MAX (n, 1));
      g_autofree double *ry = g_new (double, MAX (n, 1));
      gboolean complete = TRUE;

      for (gsize i = 0; i < n; i++)
        complete = complete && !isnan (x[i]) && !isnan (y[i]);
      if (!complete || n == 0)
        continue;

      fx_rank_average (x, n, rx);
      fx_rank_average (y, n, ry);
      check_close (&t, name, "spearman(x, y) = pearson(rank x, rank y)",
                   fx_spearman_pairwise (x, y, n), fx_pearson_pairwise (rx, ry, n),
                   0.0, 1e-12);
    }
  tally_finish (&t);
}

static void
test_rank (void)
{
  JsonArray *cases = fixture_cases ("rank");
  Tally t;

  tally_init (&t, "rank_average");

  for (guint c = 0; c < json_array_get_length (cases); c++)
    {
      JsonObject *obj = json_array_get_object_element (cases, c);
      const char *name = json_object_get_string_member (obj, "name");
      gsize n, ne;
      g_autofree double *x = member_doubles (obj, "x", &n);
      g_autofree double *expected = member_doubles (obj, "expected", &ne);
      g_autofree double *ranks = g_new (double, MAX (n, 1));
      double total = 0.0;

      g_assert_cmpuint (n, ==, ne);

      /* Average ranks are half-integers: exact. */
      fx_rank_average (x, n, ranks);
      for (gsize i = 0; i < n; i++)
        {
          g_autofree char *what = g_strdup_printf ("rank[%" G_GSIZE_FORMAT "]", i);

          check_exact (&t, name, what, ranks[i], expected[i]);
          total += ranks[i];
        }

      /* Property: the ranks sum to n (n + 1) / 2. */
      check_exact (&t, name, "sum of ranks", total, n * (n + 1) / 2.0);
    }

  tally_finish (&t);
}

/* ---- Cramer's V and correlation ratio ----------------------------------------- */

static void
test_cramers_v (void)
{
  JsonArray *cases = fixture_cases ("cramers_v");
  Tally t;

  tally_init (&t, "cramers_v");

  for (guint c = 0; c < json_array_get_length (cases); c++)
    {
      JsonObject *obj = json_array_get_object_element (cases, c);
      const char *name = json_object_get_string_member (obj, "name");
      gsize rows = (gsize) member_int (obj, "rows");
      gsize cols = (gsize) member_int (obj, "cols");
      gsize n;
      g_autofree double *table = member_doubles (obj, "table", &n);
      g_autofree double *transposed = g_new (double, MAX (n, 1));
      double got;

      g_assert_cmpuint (n, ==, rows * cols);

      got = fx_cramers_v (table, rows, cols);
      check_close (&t, name, "V", got, member_double (obj, "expected"), RTOL_STAT,
                   ATOL_SCALED);

      /* Properties: transposing the table changes nothing; 0 <= V <= 1. */
      for (gsize i = 0; i < rows; i++)
        for (gsize j = 0; j < cols; j++)
          transposed[j * rows + i] = table[i * cols + j];
      check_close (&t, name, "V(table^T) = V(table)",
                   fx_cramers_v (transposed, cols, rows), got, RTOL_STAT, ATOL_SCALED);
      check_true (&t, name, "0 <= V <= 1",
                  isnan (got) || (got >= 0.0 && got <= 1.0 + RTOL_STAT));
    }

  tally_finish (&t);
}

static void
test_correlation_ratio (void)
{
  JsonArray *cases = fixture_cases ("correlation_ratio");
  Tally t;

  tally_init (&t, "correlation_ratio");

  for (guint c = 0; c < json_array_get_length (cases); c++)
    {
      JsonObject *obj = json_array_get_object_element (cases, c);
      const char *name = json_object_get_string_member (obj, "name");
      gsize n, ng;
      g_autofree double *values = member_doubles (obj, "values", &n);
      g_autofree guint32 *groups = member_groups (obj, "groups", &ng);
      g_autofree guint32 *relabelled = g_new (guint32, MAX (ng, 1));
      gsize n_groups = (gsize) member_int (obj, "n_groups");
      /* A case may carry a looser rtol when the input is ill-conditioned and the
       * reference formula itself is only that good (see the fixture script). */
      double rtol = json_object_has_member (obj, "rtol") ? member_double (obj, "rtol")
                                                         : RTOL_STAT;
      double got;

      g_assert_cmpuint (n, ==, ng);

      got = fx_correlation_ratio (values, groups, n, n_groups);
      check_close (&t, name, "eta", got, member_double (obj, "expected"), rtol,
                   ATOL_SCALED);

      /* Properties: renaming the groups changes nothing; 0 <= eta <= 1. */
      for (gsize i = 0; i < n; i++)
        relabelled[i] = (guint32) (n_groups - 1 - groups[i]);
      check_close (&t, name, "eta with groups relabelled",
                   fx_correlation_ratio (values, relabelled, n, n_groups), got,
                   RTOL_STAT, ATOL_SCALED);
      check_true (&t, name, "0 <= eta <= 1",
                  isnan (got) || (got >= 0.0 && got <= 1.0 + RTOL_STAT));
    }

  tally_finish (&t);
}

/* ---- Benjamini-Hochberg ------------------------------------------------------- */

static void
test_benjamini_hochberg (void)
{
  JsonArray *cases = fixture_cases ("benjamini_hochberg");
  Tally t;

  tally_init (&t, "benjamini_hochberg");

  for (guint c = 0; c < json_array_get_length (cases); c++)
    {
      JsonObject *obj = json_array_get_object_element (cases, c);
      const char *name = json_object_get_string_member (obj, "name");
      gsize n, ne;
      g_autofree double *p = member_doubles (obj, "p", &n);
      g_autofree double *expected = member_doubles (obj, "expected", &ne);
      g_autofree double *adjusted = g_new (double, MAX (n, 1));
      gboolean monotone = TRUE;
      gboolean above_raw = TRUE;
      gboolean at_most_one = TRUE;
      gboolean nan_kept = TRUE;

      g_assert_cmpuint (n, ==, ne);

      fx_benjamini_hochberg (p, n, adjusted);
      for (gsize i = 0; i < n; i++)
        {
          g_autofree char *what = g_strdup_printf ("adjusted[%" G_GSIZE_FORMAT "]", i);

          check_close (&t, name, what, adjusted[i], expected[i], RTOL_BH, 0.0);
        }

      /* Properties: NaN stays NaN; adjusted >= raw and <= 1; the adjustment keeps
       * the order of the raw p-values (ties get equal adjusted values). */
      for (gsize i = 0; i < n; i++)
        {
          if (isnan (p[i]))
            {
              nan_kept = nan_kept && isnan (adjusted[i]);
              continue;
            }
          above_raw = above_raw && adjusted[i] >= p[i];
          at_most_one = at_most_one && adjusted[i] <= 1.0;
          for (gsize j = 0; j < n; j++)
            {
              if (isnan (p[j]))
                continue;
              if (p[i] < p[j])
                monotone = monotone && adjusted[i] <= adjusted[j];
              else if (p[i] == p[j])
                monotone = monotone && adjusted[i] == adjusted[j];
            }
        }
      check_true (&t, name, "NaN p-values stay NaN", nan_kept);
      check_true (&t, name, "adjusted >= raw", above_raw);
      check_true (&t, name, "adjusted <= 1", at_most_one);
      check_true (&t, name, "monotone in the order of the raw p-values", monotone);
    }

  tally_finish (&t);
}

/* ---- main --------------------------------------------------------------------- */

static void
load_fixtures (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  path = g_test_build_filename (G_TEST_DIST, "fixtures", "stats", "stats.json", NULL);
  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("Cannot load %s: %s", path, error->message);

  fixtures = json_node_copy (json_parser_get_root (parser));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (fixtures));
}

int
main (int   argc,
      char *argv[])
{
  static char keep_going[] = "--keep-going";
  g_autofree char **args = g_new0 (char *, argc + 2);
  char **args_p = args;
  int n_args = argc + 1;
  int ret;

  /* Run every family even after a failure, so one run shows all discrepancies. */
  memcpy (args, argv, argc * sizeof (char *));
  args[argc] = keep_going;

  g_test_init (&n_args, &args_p, NULL);
  load_fixtures ();

  g_test_add_func ("/stats/wasserstein", test_wasserstein);
  g_test_add_func ("/stats/chi2-homogeneity", test_chi2);
  g_test_add_func ("/stats/tvd", test_tvd);
  g_test_add_func ("/stats/kl", test_kl);
  g_test_add_func ("/stats/js-distance", test_js);
  g_test_add_func ("/stats/quantile", test_quantile);
  g_test_add_func ("/stats/bins", test_bins);
  g_test_add_func ("/stats/pearson", test_pearson);
  g_test_add_func ("/stats/spearman", test_spearman);
  g_test_add_func ("/stats/rank-average", test_rank);
  g_test_add_func ("/stats/cramers-v", test_cramers_v);
  g_test_add_func ("/stats/correlation-ratio", test_correlation_ratio);
  g_test_add_func ("/stats/benjamini-hochberg", test_benjamini_hochberg);

  ret = g_test_run ();
  json_node_unref (fixtures);

  return ret;
}
