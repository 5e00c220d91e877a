/* test-ks.c: the two-sample Kolmogorov-Smirnov test against SciPy
 *
 * The fixtures in tests/fixtures/ks/ are written by make-ks-fixtures.py with
 * SciPy 1.10.1: scipy.stats.ks_2samp (method="auto"), scipy.stats.kstwo.sf and
 * scipy.special.smirnov.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <json-glib/json-glib.h>

#include "fx-stats.h"

#define STAT_TOL 1e-12
#define PROB_TOL 1e-6

static JsonNode *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "ks",
                                                 name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

/* A sample is either a plain array or, for large ones, a histogram
 * {"values": [...], "counts": [...]}; histograms are expanded and shuffled so that
 * the unsorted entry point sees unsorted data. */
static GArray *
read_sample (JsonNode *node,
             GRand    *rand)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double));

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *arr = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          double v = json_array_get_double_element (arr, i);
          g_array_append_val (out, v);
        }
    }
  else
    {
      JsonObject *obj = json_node_get_object (node);
      JsonArray *values = json_object_get_array_member (obj, "values");
      JsonArray *counts = json_object_get_array_member (obj, "counts");
      double *data;

      g_assert_cmpuint (json_array_get_length (values), ==,
                        json_array_get_length (counts));
      for (guint i = 0; i < json_array_get_length (values); i++)
        {
          double v = json_array_get_double_element (values, i);
          gint64 c = json_array_get_int_element (counts, i);

          for (gint64 k = 0; k < c; k++)
            g_array_append_val (out, v);
        }

      /* Fisher-Yates */
      data = (double *) (void *) out->data;
      for (guint i = out->len; i > 1; i--)
        {
          guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
          double t = data[i - 1];

          data[i - 1] = data[j];
          data[j] = t;
        }
    }

  return out;
}

static int
cmp_double (gconstpointer pa,
            gconstpointer pb)
{
  double a = *(const double *) pa;
  double b = *(const double *) pb;

  return (a > b) - (a < b);
}

static void
test_ks_2samp_fixtures (void)
{
  g_autoptr(JsonNode) root = load_fixture ("ks-2samp.json");
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);
  JsonArray *cases = json_object_get_array_member (json_node_get_object (root), "cases");
  double max_dd = 0.0, max_dp = 0.0, max_rel_p = 0.0;
  double slowest = 0.0;
  const char *slowest_name = NULL;
  guint n_cases = json_array_get_length (cases);

  g_assert_cmpuint (n_cases, >, 0);

  for (guint c = 0; c < n_cases; c++)
    {
      JsonObject *tc = json_array_get_object_element (cases, c);
      const char *name = json_object_get_string_member (tc, "name");
      g_autoptr(GArray) x = read_sample (json_object_get_member (tc, "x"), rand);
      g_autoptr(GArray) y = read_sample (json_object_get_member (tc, "y"), rand);
      double want_d = json_object_get_double_member (tc, "statistic");
      double want_p = json_object_get_double_member (tc, "pvalue");
      double want_loc = json_object_get_double_member (tc, "location");
      int want_sign = (int) json_object_get_int_member (tc, "sign");
      const char *method = json_object_get_string_member (tc, "method");
      FxKsMethod want_method = g_str_equal (method, "exact") ? FX_KS_EXACT
                                                             : FX_KS_ASYMPTOTIC;
      FxKsResult got, got_sorted;
      gint64 t0, t1;
      double secs, dd, dp;

      t0 = g_get_monotonic_time ();
      fx_ks_2samp ((const double *) (void *) x->data, x->len,
                   (const double *) (void *) y->data, y->len, &got);
      t1 = g_get_monotonic_time ();
      secs = (t1 - t0) / 1e6;
      if (secs > slowest)
        {
          slowest = secs;
          slowest_name = name;
        }

      dd = fabs (got.statistic - want_d);
      dp = fabs (got.pvalue - want_p);
      if (dd > STAT_TOL || dp > PROB_TOL || got.sign != want_sign ||
          got.location != want_loc || got.method != want_method)
        g_test_message ("%s: n=%u m=%u D=%.17g (want %.17g) p=%.17g (want %.17g) "
                        "loc=%.17g (want %.17g) sign=%d (want %d) method=%d (want %d)",
                        name, x->len, y->len, got.statistic, want_d, got.pvalue, want_p,
                        got.location, want_loc, got.sign, want_sign,
                        got.method, want_method);
      g_assert_cmpfloat (dd, <=, STAT_TOL);
      g_assert_cmpfloat (dp, <=, PROB_TOL);
      g_assert_cmpfloat (got.location, ==, want_loc);
      g_assert_cmpint (got.sign, ==, want_sign);
      g_assert_cmpint (got.method, ==, want_method);

      max_dd = MAX (max_dd, dd);
      max_dp = MAX (max_dp, dp);
      if (want_p > 1e-300)
        max_rel_p = MAX (max_rel_p, dp / want_p);

      /* the sorted entry point gives the very same answer */
      g_array_sort (x, cmp_double);
      g_array_sort (y, cmp_double);
      fx_ks_2samp_sorted ((const double *) (void *) x->data, x->len,
                          (const double *) (void *) y->data, y->len, &got_sorted);
      g_assert_cmpfloat (got_sorted.statistic, ==, got.statistic);
      g_assert_cmpfloat (got_sorted.pvalue, ==, got.pvalue);
      g_assert_cmpfloat (got_sorted.location, ==, got.location);
      g_assert_cmpint (got_sorted.sign, ==, got.sign);
      g_assert_cmpint (got_sorted.method, ==, got.method);
    }

  g_test_message ("ks_2samp: %u cases, max |dD| = %.3g, max |dp| = %.3g, "
                  "max |dp|/p = %.3g; slowest %s (%.3f s)",
                  n_cases, max_dd, max_dp, max_rel_p, slowest_name, slowest);
}

/* Rows of [n, d, sf]; @fn computes sf. */
static void
check_table (const char *fixture,
             const char *what,
             double    (*fn) (gint64, double))
{
  g_autoptr(JsonNode) root = load_fixture (fixture);
  JsonArray *rows = json_object_get_array_member (json_node_get_object (root), "rows");
  double max_abs = 0.0, max_rel = 0.0;
  guint n_rows = json_array_get_length (rows);

  g_assert_cmpuint (n_rows, >, 0);

  for (guint i = 0; i < n_rows; i++)
    {
      JsonArray *row = json_array_get_array_element (rows, i);
      gint64 n = json_array_get_int_element (row, 0);
      double d = json_array_get_double_element (row, 1);
      double want = json_array_get_double_element (row, 2);
      double got = fn (n, d);
      double err = fabs (got - want);
      double rel = want > 1e-300 ? err / want : (got == 0.0 ? 0.0 : err / 1e-300);

      if (err > PROB_TOL || rel > PROB_TOL)
        g_test_message ("%s (%" G_GINT64_FORMAT ", %.17g) = %.17g, want %.17g",
                        what, n, d, got, want);
      /* absolute agreement is the requirement; relative agreement in the far tail
       * keeps tiny p-values meaningful */
      g_assert_cmpfloat (err, <=, PROB_TOL);
      if (want > 1e-300)
        g_assert_cmpfloat (rel, <=, PROB_TOL);
      else
        g_assert_cmpfloat (got, <=, 1e-290);

      max_abs = MAX (max_abs, err);
      max_rel = MAX (max_rel, rel);
    }

  g_test_message ("%s: %u values, max abs error %.3g, max rel error %.3g",
                  what, n_rows, max_abs, max_rel);
}

static void
test_kstwo_fixtures (void)
{
  check_table ("kstwo.json", "kstwo.sf", fx_kstwo_sf);
}

static void
test_smirnov_fixtures (void)
{
  check_table ("smirnov.json", "smirnov", fx_smirnov_sf);
}

/* Properties that need no reference: swapping the samples flips the sign only. */
static void
test_ks_2samp_swap (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  double x[40], y[29];
  FxKsResult a, b;

  for (guint i = 0; i < G_N_ELEMENTS (x); i++)
    x[i] = g_rand_double_range (rand, 0, 1);
  for (guint i = 0; i < G_N_ELEMENTS (y); i++)
    y[i] = g_rand_double_range (rand, 0.2, 1.3);

  fx_ks_2samp (x, G_N_ELEMENTS (x), y, G_N_ELEMENTS (y), &a);
  fx_ks_2samp (y, G_N_ELEMENTS (y), x, G_N_ELEMENTS (x), &b);
  g_assert_cmpfloat (a.statistic, ==, b.statistic);
  g_assert_cmpfloat_with_epsilon (a.pvalue, b.pvalue, 1e-12);
  g_assert_cmpint (a.sign, ==, -b.sign);
  g_assert_cmpfloat (a.location, ==, b.location);
  g_assert_cmpint (a.method, ==, FX_KS_EXACT);
}

static void
test_kstwo_edges (void)
{
  g_assert_cmpfloat (fx_kstwo_sf (10, 0.0), ==, 1.0);
  g_assert_cmpfloat (fx_kstwo_sf (10, 0.05), ==, 1.0);
  g_assert_cmpfloat (fx_kstwo_sf (10, 1.0), ==, 0.0);
  g_assert_cmpfloat (fx_kstwo_sf (10, 1.5), ==, 0.0);
  g_assert_true (isnan (fx_kstwo_sf (10, NAN)));
  g_assert_true (isnan (fx_kstwo_sf (0, 0.5)));
  /* SciPy 1.10.1 returns 0 for these: its Durbin matrix power rescales H but not
   * the accumulated product, which overflows.  An mpmath evaluation of the same
   * matrix power gives 1 to double precision, and so do we. */
  g_assert_cmpfloat (fx_kstwo_sf (56626, 3.329199577191654e-05), >, 0.999999);
  g_assert_cmpfloat (fx_kstwo_sf (63095, 2.9728371545671475e-05), >, 0.999999);

  g_assert_cmpfloat (fx_smirnov_sf (10, 0.0), ==, 1.0);
  g_assert_cmpfloat (fx_smirnov_sf (10, 1.0), ==, 0.0);
  g_assert_true (isnan (fx_smirnov_sf (10, -0.1)));
  g_assert_true (isnan (fx_smirnov_sf (0, 0.5)));
}

/* The worst exact case (a full-width band over 10000 x 9999 columns) and the
 * benchmark's 100k vs 100k asymptotic case; timings are reported, not asserted. */
static void
test_ks_2samp_timing (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree double *x = g_new (double, 100000);
  g_autofree double *y = g_new (double, 100000);
  FxKsResult r;
  gint64 t0;

  for (guint i = 0; i < 10000; i++)
    x[i] = i;
  for (guint i = 0; i < 9999; i++)
    y[i] = 20000 + i;
  t0 = g_get_monotonic_time ();
  fx_ks_2samp_sorted (x, 10000, y, 9999, &r);
  g_test_message ("exact 10000 vs 9999, D = %g: %.3f s",
                  r.statistic, (g_get_monotonic_time () - t0) / 1e6);
  g_assert_cmpfloat (r.statistic, ==, 1.0);
  g_assert_cmpfloat (r.pvalue, ==, 0.0);
  g_assert_cmpint (r.method, ==, FX_KS_EXACT);

  for (guint i = 0; i < 9999; i++)
    y[i] = 5000 + i;
  t0 = g_get_monotonic_time ();
  fx_ks_2samp_sorted (x, 10000, y, 9999, &r);
  g_test_message ("exact 10000 vs 9999, D = %g: %.3f s",
                  r.statistic, (g_get_monotonic_time () - t0) / 1e6);
  g_assert_cmpint (r.method, ==, FX_KS_EXACT);

  for (guint i = 0; i < 100000; i++)
    {
      x[i] = g_rand_double (rand);
      y[i] = g_rand_double (rand) * 1.01;
    }
  t0 = g_get_monotonic_time ();
  fx_ks_2samp (x, 100000, y, 100000, &r);
  g_test_message ("asymptotic 100000 vs 100000 unsorted, D = %g, p = %g: %.3f s",
                  r.statistic, r.pvalue, (g_get_monotonic_time () - t0) / 1e6);
  g_assert_cmpint (r.method, ==, FX_KS_ASYMPTOTIC);

  qsort (x, 100000, sizeof (double), cmp_double);
  qsort (y, 100000, sizeof (double), cmp_double);
  t0 = g_get_monotonic_time ();
  fx_ks_2samp_sorted (x, 100000, y, 100000, &r);
  g_test_message ("asymptotic 100000 vs 100000 sorted, D = %g, p = %g: %.3f s",
                  r.statistic, r.pvalue, (g_get_monotonic_time () - t0) / 1e6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ks/2samp/fixtures", test_ks_2samp_fixtures);
  g_test_add_func ("/ks/2samp/swap", test_ks_2samp_swap);
  g_test_add_func ("/ks/2samp/timing", test_ks_2samp_timing);
  g_test_add_func ("/ks/kstwo/fixtures", test_kstwo_fixtures);
  g_test_add_func ("/ks/kstwo/edges", test_kstwo_edges);
  g_test_add_func ("/ks/smirnov/fixtures", test_smirnov_fixtures);

  return g_test_run ();
}
