/* test-density.c: fx-density.c against NumPy/SciPy reference values
 *
 * tests/fixtures/density/density.json is written by make.py beside it (NumPy 1.24,
 * SciPy 1.10).  Tolerances, as |got - expected| <= rtol * |expected| + atol:
 *
 *   histogram edges        rtol 1e-14 (the same arithmetic as numpy.linspace)
 *   histogram counts       exact
 *   histogram density      rtol 1e-14
 *   bandwidth              rtol 1e-12 (NumPy sums pairwise)
 *   KDE, summed directly   rtol 1e-10, atol 1e-12 * max density (the kernel is cut
 *                          at 8 bandwidths, e^-32 of its peak)
 *   KDE, binned            atol 2e-4 * max density (linear binning on a grid of a
 *                          twentieth of a bandwidth)
 *   ECDF points            exact; KS statistic rtol 1e-12, p-value rtol 1e-6
 *   shares                 rtol 1e-14
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <json-glib/json-glib.h>

#include "fx-density.h"

static JsonObject *fixture;

static void
load_fixture (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "density",
                                                 "density.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  fixture = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* A sorted sample: a plain array or {"values": [...], "counts": [...]}. */
static GArray *
read_sample (JsonNode *node)
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

      for (guint i = 0; i < json_array_get_length (values); i++)
        {
          double v = json_array_get_double_element (values, i);

          for (gint64 k = json_array_get_int_element (counts, i); k > 0; k--)
            g_array_append_val (out, v);
        }
    }
  return out;
}

typedef struct
{
  GPtrArray *arrays;   /* (element-type GArray) */
  const double **data;
  gsize *sizes;
  guint n;
} Samples;

static void
samples_read (Samples   *s,
              JsonArray *arr)
{
  s->n = json_array_get_length (arr);
  s->arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  s->data = g_new (const double *, s->n);
  s->sizes = g_new (gsize, s->n);
  for (guint i = 0; i < s->n; i++)
    {
      GArray *a = read_sample (json_array_get_element (arr, i));

      g_ptr_array_add (s->arrays, a);
      s->data[i] = (const double *) (gpointer) a->data;
      s->sizes[i] = a->len;
    }
}

static void
samples_clear (Samples *s)
{
  g_ptr_array_unref (s->arrays);
  g_free (s->data);
  g_free (s->sizes);
}

static double
number (JsonNode *node)
{
  return JSON_NODE_HOLDS_NULL (node) ? NAN : json_node_get_double (node);
}

static void
assert_close (double      got,
              double      expected,
              double      rtol,
              double      atol,
              const char *what,
              const char *where,
              gsize       index)
{
  gboolean ok;

  if (isnan (expected))
    ok = isnan (got);
  else
    ok = fabs (got - expected) <= rtol * fabs (expected) + atol;
  if (!ok)
    g_error ("%s %s[%" G_GSIZE_FORMAT "]: got %.17g, expected %.17g (diff %.3g)",
             where, what, index, got, expected, got - expected);
}

static void
assert_array (const double *got,
              gsize         n,
              JsonArray    *expected,
              double        rtol,
              double        atol,
              const char   *what,
              const char   *where)
{
  g_assert_cmpuint (n, ==, json_array_get_length (expected));
  for (gsize i = 0; i < n; i++)
    assert_close (got[i], number (json_array_get_element (expected, i)), rtol, atol,
                  what, where, i);
}

static double
array_max (JsonArray *arr)
{
  double m = 0;

  for (guint i = 0; i < json_array_get_length (arr); i++)
    m = MAX (m, json_array_get_double_element (arr, i));
  return m;
}

/* ---- histograms -------------------------------------------------------------------- */

static void
test_histogram (void)
{
  JsonObject *cases = json_object_get_object_member (fixture, "histogram");
  g_autoptr(GList) names = json_object_get_members (cases);

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *c = json_object_get_object_member (cases, l->data);
      JsonArray *edges = json_object_get_array_member (c, "edges");
      JsonArray *counts = json_object_get_array_member (c, "counts");
      JsonArray *density = json_object_get_array_member (c, "density");
      g_autoptr(FxHistogram) h = NULL;
      Samples s;

      samples_read (&s, json_object_get_array_member (c, "samples"));
      h = fx_histogram_new (s.data, s.sizes, s.n);

      g_test_message ("%s: %" G_GSIZE_FORMAT " bins", (char *) l->data, h->n_bins);
      g_assert_cmpint (h->integer, ==, json_object_get_boolean_member (c, "integer"));
      g_assert_cmpuint (h->n_bins + 1, ==, json_array_get_length (edges));
      assert_array (h->edges, h->n_bins + 1, edges, 1e-14, 0, "edges", l->data);
      for (guint i = 0; i < s.n; i++)
        {
          assert_array (h->counts + i * h->n_bins, h->n_bins,
                        json_array_get_array_element (counts, i), 0, 0, "counts", l->data);
          assert_array (h->density + i * h->n_bins, h->n_bins,
                        json_array_get_array_element (density, i), 1e-14, 0, "density", l->data);
        }
      if (!h->integer)
        g_assert_cmpuint (h->n_bins, >=, FX_HISTOGRAM_MIN_BINS);
      /* only a few whole numbers, one per bin, are discrete */
      g_assert_cmpint (fx_histogram_is_discrete (h), ==,
                       g_str_equal (l->data, "integer-binary"));
      g_assert_cmpuint (h->n_bins, <=, FX_HISTOGRAM_MAX_BINS);
      samples_clear (&s);
    }
}

/* ---- kernel density ---------------------------------------------------------------- */

static void
test_kde (void)
{
  JsonObject *cases = json_object_get_object_member (fixture, "kde");
  g_autoptr(GList) names = json_object_get_members (cases);

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *c = json_object_get_object_member (cases, l->data);
      JsonArray *bandwidths = json_object_get_array_member (c, "bandwidths");
      JsonArray *density = json_object_get_array_member (c, "density");
      double lo = number (json_object_get_member (c, "lo"));
      double hi = number (json_object_get_member (c, "hi"));
      gsize n_points = json_object_get_int_member (c, "n_points");
      g_autoptr(FxKde) kde = NULL;
      Samples s;

      samples_read (&s, json_object_get_array_member (c, "samples"));
      kde = fx_kde_new (s.data, s.sizes, s.n, lo, hi, n_points);

      assert_array (kde->bandwidths, s.n, bandwidths, 1e-12, 0, "bandwidth", l->data);
      assert_array (kde->x, n_points, json_object_get_array_member (c, "x"), 1e-12, 1e-12,
                    "x", l->data);
      for (guint i = 0; i < s.n; i++)
        {
          JsonArray *expected = json_array_get_array_element (density, i);
          double peak = array_max (expected);
          double worst = 0;

          if (s.sizes[i] <= 5000)
            assert_array (kde->density + i * n_points, n_points, expected, 1e-10,
                          1e-12 * peak, "density", l->data);
          else
            assert_array (kde->density + i * n_points, n_points, expected, 0,
                          2e-4 * peak, "density", l->data);
          for (gsize j = 0; j < n_points; j++)
            worst = MAX (worst, fabs (kde->density[i * n_points + j]
                                      - json_array_get_double_element (expected, j)));
          g_test_message ("%s sample %u (n = %" G_GSIZE_FORMAT "): worst error %.2g of the peak",
                          (char *) l->data, i, s.sizes[i], peak > 0 ? worst / peak : worst);
        }
      samples_clear (&s);
    }
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* 100,000 values: histogram and estimate together well under 100 ms */
static void
test_kde_speed (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(FxColumn) column = fx_column_new ("x", FX_COLUMN_NUMBER);
  g_autofree double *y = g_new (double, 100000);
  g_autofree double *x = NULL;
  g_autoptr(FxHistogram) h = NULL;
  g_autoptr(FxKde) kde = NULL;
  const double *samples[2];
  gsize sizes[2];
  gint64 start;
  double ms;

  for (gsize i = 0; i < 100000; i++)
    {
      fx_column_append_number (column, g_rand_double_range (rand, 0, 1)
                                       + g_rand_double_range (rand, 0, 1) * 3);
      y[i] = g_rand_double_range (rand, -1, 5);
    }
  fx_column_append_missing (column);
  qsort (y, 100000, sizeof (double), compare_doubles);

  start = g_get_monotonic_time ();
  x = fx_density_sorted_values (column, &sizes[0]);
  g_assert_cmpuint (sizes[0], ==, 100000);
  for (gsize i = 1; i < sizes[0]; i++)
    g_assert_cmpfloat (x[i - 1], <=, x[i]);
  samples[0] = x;
  samples[1] = y;
  sizes[1] = 100000;
  h = fx_histogram_new (samples, sizes, 2);
  kde = fx_kde_new (samples, sizes, 2, h->edges[0], h->edges[h->n_bins], 512);
  ms = (double) (g_get_monotonic_time () - start) / 1000.0;
  g_test_message ("sort, histogram and estimate of 2 x 100,000 values: %.1f ms", ms);
  g_assert_cmpfloat (ms, <, 1000);  /* generous: sanitizers and busy machines */
}

/* ---- ECDF ------------------------------------------------------------------------ */

static void
test_ecdf (void)
{
  JsonObject *cases = json_object_get_object_member (fixture, "ecdf");
  g_autoptr(GList) names = json_object_get_members (cases);

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *c = json_object_get_object_member (cases, l->data);
      JsonArray *curves = json_object_get_array_member (c, "curves");
      JsonArray *marks = json_object_get_array_member (c, "marks");
      g_autoptr(FxEcdf) ecdf = NULL;
      g_autoptr(FxEcdf) thin = NULL;
      Samples s;

      samples_read (&s, json_object_get_array_member (c, "samples"));
      ecdf = fx_ecdf_new (s.data, s.sizes, s.n, 0);
      for (guint i = 0; i < s.n; i++)
        {
          JsonObject *curve = json_array_get_object_element (curves, i);

          assert_array (ecdf->curves[i].x, ecdf->curves[i].n_points,
                        json_object_get_array_member (curve, "x"), 0, 0, "x", l->data);
          assert_array (ecdf->curves[i].y, ecdf->curves[i].n_points,
                        json_object_get_array_member (curve, "y"), 0, 0, "y", l->data);
        }
      for (guint i = 1; i < s.n; i++)
        {
          JsonObject *m = json_array_get_object_element (marks, i - 1);
          const FxKsMark *mark = &ecdf->marks[i];

          assert_close (mark->statistic, json_object_get_double_member (m, "statistic"),
                        1e-12, 0, "statistic", l->data, i);
          assert_close (mark->pvalue, json_object_get_double_member (m, "pvalue"),
                        1e-6, 1e-300, "pvalue", l->data, i);
          assert_close (mark->location, json_object_get_double_member (m, "location"),
                        0, 0, "location", l->data, i);
          assert_close (mark->real_cdf, json_object_get_double_member (m, "real_cdf"),
                        0, 0, "real_cdf", l->data, i);
          assert_close (mark->synthetic_cdf, json_object_get_double_member (m, "synthetic_cdf"),
                        0, 0, "synthetic_cdf", l->data, i);
          g_assert_cmpfloat_with_epsilon (fabs (mark->real_cdf - mark->synthetic_cdf),
                                          mark->statistic, 1e-12);
        }

      /* thinned to 100 points: the drawn step stays within 1/100 of the true one */
      thin = fx_ecdf_new (s.data, s.sizes, s.n, 100);
      for (guint i = 0; i < s.n; i++)
        {
          const FxEcdfCurve *full = &ecdf->curves[i], *t = &thin->curves[i];
          gsize k = 0;

          g_assert_cmpuint (t->n_points, <=, 2 * 100 + 2);
          g_assert_cmpfloat (t->x[0], ==, full->x[0]);
          g_assert_cmpfloat (t->x[t->n_points - 1], ==, full->x[full->n_points - 1]);
          g_assert_cmpfloat (t->y[t->n_points - 1], ==, 1.0);
          for (gsize j = 0; j < full->n_points; j++)
            {
              while (k + 1 < t->n_points && t->x[k + 1] <= full->x[j])
                k++;
              g_assert_cmpfloat (full->y[j] - t->y[k], >=, 0);
              g_assert_cmpfloat (full->y[j] - t->y[k], <, 1.0 / 100);
            }
        }
      samples_clear (&s);
    }
}

/* ---- shares ---------------------------------------------------------------------- */

static GArray *
double_array (JsonArray *arr)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      double v = json_array_get_double_element (arr, i);

      g_array_append_val (out, v);
    }
  return out;
}

static void
test_shares (void)
{
  JsonObject *cases = json_object_get_object_member (fixture, "shares");
  g_autoptr(GList) names = json_object_get_members (cases);

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *c = json_object_get_object_member (cases, l->data);
      JsonArray *results = json_object_get_array_member (c, "results");
      JsonArray *categories = json_object_get_array_member (c, "categories");
      JsonArray *shares_expected = json_object_get_array_member (c, "shares");
      guint n = json_array_get_length (results);
      g_autofree FxFeatureComparison *r = g_new0 (FxFeatureComparison, n);
      g_autofree const FxFeatureComparison **rp = g_new (const FxFeatureComparison *, n);
      g_autoptr(FxShares) shares = NULL;

      for (guint i = 0; i < n; i++)
        {
          JsonObject *o = json_array_get_object_element (results, i);
          JsonArray *cats = json_object_get_array_member (o, "categories");

          r[i].categories = g_ptr_array_new_with_free_func (g_free);
          for (guint k = 0; k < json_array_get_length (cats); k++)
            g_ptr_array_add (r[i].categories, g_strdup (json_array_get_string_element (cats, k)));
          r[i].real_counts = double_array (json_object_get_array_member (o, "real_counts"));
          r[i].synthetic_counts =
            double_array (json_object_get_array_member (o, "synthetic_counts"));
          rp[i] = &r[i];
        }

      shares = fx_shares_new (rp, n, json_object_get_int_member (c, "max_categories"));
      g_assert_cmpuint (shares->n_samples, ==, n + 1);
      g_assert_cmpuint (shares->categories->len, ==, json_array_get_length (categories));
      for (guint k = 0; k < shares->categories->len; k++)
        g_assert_cmpstr (g_ptr_array_index (shares->categories, k), ==,
                         json_array_get_string_element (categories, k));
      assert_array (shares->totals, n + 1, json_object_get_array_member (c, "totals"), 0, 0,
                    "totals", l->data);
      for (guint s = 0; s <= n; s++)
        assert_array (shares->shares + s * shares->categories->len, shares->categories->len,
                      json_array_get_array_element (shares_expected, s), 1e-14, 0,
                      "shares", l->data);

      for (guint i = 0; i < n; i++)
        {
          g_ptr_array_unref (r[i].categories);
          g_array_unref (r[i].real_counts);
          g_array_unref (r[i].synthetic_counts);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  load_fixture ();

  g_test_add_func ("/density/histogram", test_histogram);
  g_test_add_func ("/density/kde", test_kde);
  g_test_add_func ("/density/kde-speed", test_kde_speed);
  g_test_add_func ("/density/ecdf", test_ecdf);
  g_test_add_func ("/density/shares", test_shares);

  status = g_test_run ();
  json_object_unref (fixture);
  return status;
}
