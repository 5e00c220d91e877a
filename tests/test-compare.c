/* test-compare.c: the comparison of a synthetic table with a real one
 *
 * Expected values come from SciPy/pandas (tests/fixtures/compare/make-edge.py, through
 * bench/reference.py) or are worked out by hand in the test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>

#include <json-glib/json-glib.h>

#include "fx-compare.h"
#include "fx-csv.h"
#include "fx-error.h"
#include "fx-schema.h"

static FxTable *
read_fixture (const char *name,
              GHashTable *types)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "compare", name, NULL);
  g_autoptr(GError) error = NULL;
  FxCsvOptions options = { 0, types };
  FxTable *table = fx_csv_read_file (path, &options, &error);

  g_assert_no_error (error);
  return table;
}

static FxTable *
read_text (const char *text,
           GHashTable *types)
{
  g_autoptr(GError) error = NULL;
  FxCsvOptions options = { 0, types };
  FxTable *table = fx_csv_read_data (text, strlen (text), "inline.csv", &options, &error);

  g_assert_no_error (error);
  return table;
}

/* null in the fixture is NaN here */
static void
assert_close (double      got,
              JsonNode   *node,
              double      tolerance,
              gboolean    relative,
              const char *what)
{
  double want, diff;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!isnan (got))
        g_error ("%s: expected null, got %.17g", what, got);
      return;
    }
  want = json_node_get_double (node);
  diff = fabs (got - want);
  if (relative && want != 0)
    diff /= fabs (want);
  if (!(diff <= tolerance))
    g_error ("%s: expected %.17g, got %.17g (difference %.3g, tolerance %.3g)",
             what, want, got, diff, tolerance);
}

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  return object != NULL && json_object_has_member (object, name) ? json_object_get_member (object, name) : NULL;
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
check_matrix (const FxMatrixPair *m,
              JsonObject         *expected,
              const char         *name)
{
  JsonArray *columns = json_object_get_array_member (expected, "columns");
  gsize cols = m->column_names->len;

  g_assert_cmpuint (json_array_get_length (columns), ==, cols);
  for (guint j = 0; j < cols; j++)
    g_assert_cmpstr (json_array_get_string_element (columns, j), ==, g_ptr_array_index (m->column_names, j));

  for (guint side = 0; side < 2; side++)
    {
      JsonArray *rows = json_object_get_array_member (expected, side == 0 ? "real" : "synthetic");
      const double *values = side == 0 ? m->real : m->synthetic;

      g_assert_cmpuint (json_array_get_length (rows), ==, m->row_names->len);
      for (guint i = 0; i < m->row_names->len; i++)
        {
          JsonArray *row = json_array_get_array_element (rows, i);

          for (guint j = 0; j < cols; j++)
            {
              g_autofree char *what = g_strdup_printf ("%s %s[%u][%u]", name, side ? "synthetic" : "real", i, j);

              assert_close (values[i * cols + j], json_array_get_element (row, j), 1e-10, FALSE, what);
            }
        }
    }
}

static void
test_edge_reference (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "compare", "edge.expected.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FxTable) real = read_fixture ("edge-real.csv", NULL);
  g_autoptr(GHashTable) types = fx_table_column_types (real);
  g_autoptr(FxTable) synthetic = read_fixture ("edge-synthetic.csv", types);
  g_autoptr(FxComparison) c = NULL;
  JsonObject *root, *corr;
  JsonArray *features;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  c = fx_compare_tables (real, synthetic, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (c->real_rows, ==, json_object_get_int_member (root, "real_rows"));
  g_assert_cmpint (c->synthetic_rows, ==, json_object_get_int_member (root, "synthetic_rows"));

  features = json_object_get_array_member (root, "features");
  g_assert_cmpuint (json_array_get_length (features), ==, c->features->len);
  for (guint i = 0; i < c->features->len; i++)
    {
      const FxFeatureComparison *r = g_ptr_array_index (c->features, i);
      JsonObject *e = json_array_get_object_element (features, i);
      JsonObject *ks = member_object (e, "ks");
      JsonObject *chi2 = member_object (e, "chi2");
      g_autofree char *what = NULL;

      g_assert_cmpstr (r->name, ==, json_object_get_string_member (e, "name"));
      g_assert_cmpstr (r->kind == FX_FEATURE_CONTINUOUS ? "continuous" : "categorical", ==,
                       json_object_get_string_member (e, "kind"));
      g_assert_cmpint (r->real_missing, ==, json_object_get_int_member (e, "real_missing"));
      g_assert_cmpint (r->synthetic_missing, ==, json_object_get_int_member (e, "synthetic_missing"));

      what = g_strdup_printf ("%s", r->name);
      if (r->kind == FX_FEATURE_CONTINUOUS)
        {
          assert_close (r->ks.statistic, member (ks, "statistic"), 1e-12, FALSE, what);
          assert_close (r->ks.pvalue, member (ks, "pvalue"), 1e-6, FALSE, what);
          assert_close (r->wasserstein, member (e, "wasserstein"), 1e-12, TRUE, what);
        }
      else
        {
          assert_close (r->chi2.statistic, member (chi2, "statistic"), 1e-12, TRUE, what);
          assert_close (r->chi2.pvalue, member (chi2, "pvalue"), 1e-9, FALSE, what);
          g_assert_cmpint (r->chi2.dof, ==, json_object_get_int_member (chi2, "dof"));
          assert_close (r->tvd, member (e, "tvd"), 1e-12, FALSE, what);
        }
      assert_close (r->kl, member (e, "kl"), 1e-12, FALSE, what);
      assert_close (r->js, member (e, "js"), 1e-12, FALSE, what);
      assert_close (r->pvalue_adjusted, member (e, "pvalue_adjusted"), 1e-6, FALSE, what);
    }

  corr = json_object_get_object_member (root, "correlation");
  check_matrix (&c->pearson, json_object_get_object_member (corr, "pearson"), "pearson");
  check_matrix (&c->spearman, json_object_get_object_member (corr, "spearman"), "spearman");
  check_matrix (&c->cramers_v, json_object_get_object_member (corr, "cramers_v"), "cramers_v");
  check_matrix (&c->correlation_ratio, json_object_get_object_member (corr, "correlation_ratio"),
                "correlation_ratio");

  g_assert_cmpuint (c->only_in_real->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (c->only_in_real, 0), ==, "only_real");
  g_assert_cmpuint (c->only_in_synthetic->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (c->only_in_synthetic, 0), ==, "only_synthetic");
}

static void
test_identical (void)
{
  g_autoptr(FxTable) a = read_fixture ("edge-real.csv", NULL);
  g_autoptr(FxTable) b = read_fixture ("edge-real.csv", NULL);
  g_autoptr(FxComparison) c = NULL;
  g_autoptr(GError) error = NULL;

  c = fx_compare_tables (a, b, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < c->features->len; i++)
    {
      const FxFeatureComparison *r = g_ptr_array_index (c->features, i);

      g_assert_true (r->tested);
      g_assert_cmpfloat (r->pvalue, ==, 1.0);
      g_assert_cmpfloat (r->kl, ==, 0.0);
      g_assert_cmpfloat (r->js, ==, 0.0);
      if (r->kind == FX_FEATURE_CONTINUOUS)
        {
          g_assert_cmpfloat (r->ks.statistic, ==, 0.0);
          g_assert_cmpfloat (r->wasserstein, ==, 0.0);
        }
      else
        g_assert_cmpfloat (r->tvd, ==, 0.0);
    }
  g_assert_cmpfloat (c->pearson.mean_abs_difference, ==, 0.0);
  g_assert_cmpfloat (c->spearman.mean_abs_difference, ==, 0.0);
  g_assert_cmpfloat (c->cramers_v.mean_abs_difference, ==, 0.0);
}

static void
test_ranges_and_invalid (void)
{
  const char *real_csv = "age,ward\n20,A\n30,B\n40,A\n50,B\n";
  const char *synth_csv = "age,ward\n10,A\n35,C\n60,A\n70,abc\nold,B\n";
  const char *schema_json =
    "{\"format\": 1, \"features\": ["
    "{\"name\": \"age\", \"type\": \"integer\", \"minimum\": 18, \"maximum\": 65, \"nullable\": true},"
    "{\"name\": \"ward\", \"type\": \"categorical\", \"categories\": [\"A\", \"B\"], \"nullable\": true}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = fx_schema_load_data (schema_json, -1, "schema.json", &error);
  g_autoptr(GHashTable) types = NULL;
  g_autoptr(FxTable) real = NULL;
  g_autoptr(FxTable) synthetic = NULL;
  g_autoptr(FxComparison) c = NULL;
  FxCompareOptions options = { 0 };
  const FxFeatureComparison *age, *ward;

  g_assert_no_error (error);
  types = fx_schema_column_types (schema);
  real = read_text (real_csv, types);
  synthetic = read_text (synth_csv, types);
  options.schema = schema;
  c = fx_compare_tables (real, synthetic, &options, &error);
  g_assert_no_error (error);

  age = fx_comparison_find (c, "age");
  ward = fx_comparison_find (c, "ward");
  /* "old" is not a number: invalid and so missing */
  g_assert_cmpuint (age->synthetic_invalid, ==, 1);
  g_assert_cmpuint (age->synthetic_missing, ==, 1);
  g_assert_cmpuint (age->synthetic_count, ==, 4);
  /* 10 is below the real minimum 20, 60 and 70 above the real maximum 50 */
  g_assert_cmpuint (age->synthetic_below_real_min, ==, 1);
  g_assert_cmpuint (age->synthetic_above_real_max, ==, 2);
  /* 10 < 18 and 70 > 65 break the schema's bounds */
  g_assert_cmpuint (age->synthetic_outside_schema, ==, 2);
  /* "C" and "abc" are not categories of the schema */
  g_assert_cmpuint (ward->synthetic_outside_schema, ==, 2);
  g_assert_cmpuint (ward->categories->len, ==, 4);
  /* means by hand: real 35, synthetic (10 + 35 + 60 + 70) / 4 */
  g_assert_cmpfloat_with_epsilon (age->real_mean, 35.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (age->synthetic_mean, 43.75, 1e-12);
}

static void
test_schema_kind (void)
{
  const char *csv = "score,flag\n1,0\n2,1\n3,0\n2,1\n1,1\n";
  const char *schema_json =
    "{\"format\": 1, \"features\": ["
    "{\"name\": \"score\", \"type\": \"categorical\"},"
    "{\"name\": \"flag\", \"type\": \"integer\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = fx_schema_load_data (schema_json, -1, "schema.json", &error);
  g_autoptr(GHashTable) types = fx_schema_column_types (schema);
  g_autoptr(FxTable) a = read_text (csv, types);
  g_autoptr(FxTable) b = read_text (csv, types);
  g_autoptr(FxTable) plain = read_text (csv, NULL);
  g_autoptr(FxComparison) with_schema = NULL;
  g_autoptr(FxComparison) without = NULL;
  FxCompareOptions options = { schema, FALSE, 0 };

  with_schema = fx_compare_tables (a, b, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fx_comparison_find (with_schema, "score")->kind, ==, FX_FEATURE_CATEGORICAL);
  g_assert_cmpint (fx_comparison_find (with_schema, "flag")->kind, ==, FX_FEATURE_CONTINUOUS);

  without = fx_compare_tables (plain, plain, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fx_comparison_find (without, "score")->kind, ==, FX_FEATURE_CONTINUOUS);
  g_assert_cmpint (fx_comparison_find (without, "flag")->kind, ==, FX_FEATURE_CATEGORICAL);
}

/* The CSV export carries the reference values of the SciPy fixture, feature by feature. */
static void
test_csv_against_reference (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "compare", "edge.expected.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FxTable) real = read_fixture ("edge-real.csv", NULL);
  g_autoptr(GHashTable) types = fx_table_column_types (real);
  g_autoptr(FxTable) synthetic = read_fixture ("edge-synthetic.csv", types);
  g_autoptr(FxComparison) c = NULL;
  g_autoptr(FxTable) csv = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  JsonArray *features;
  FxColumn *name, *stat, *p, *kl;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  features = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "features");
  c = fx_compare_tables (real, synthetic, NULL, &error);
  g_assert_no_error (error);

  fx_comparison_append_csv (c, "set, \"one\"", TRUE, out);
  csv = fx_csv_read_data (out->str, out->len, "export.csv", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (csv->n_rows, ==, json_array_get_length (features));
  name = fx_table_find_column (csv, "feature");
  stat = fx_table_find_column (csv, "statistic");
  p = fx_table_find_column (csv, "pvalue");
  kl = fx_table_find_column (csv, "kl");
  g_assert_nonnull (name);
  g_assert_nonnull (stat);
  for (guint i = 0; i < csv->n_rows; i++)
    {
      JsonObject *e = json_array_get_object_element (features, i);
      JsonObject *test = member_object (e, g_str_equal (json_object_get_string_member (e, "kind"), "continuous")
                                           ? "ks" : "chi2");
      FxColumn *sets = fx_table_get_column (csv, 0);
      const char *label = g_ptr_array_index (name->categories, name->codes[i]);
      const char *set = g_ptr_array_index (sets->categories, sets->codes[i]);

      g_assert_cmpstr (label, ==, json_object_get_string_member (e, "name"));
      g_assert_cmpstr (set, ==, "set, \"one\"");
      if (test == NULL)
        {
          g_assert_true (fx_column_is_missing (stat, i));
          continue;
        }
      assert_close (stat->values[i], member (test, "statistic"), 1e-12, TRUE, label);
      assert_close (p->values[i], member (test, "pvalue"), 1e-6, FALSE, label);
      if (!fx_column_is_missing (kl, i))
        assert_close (kl->values[i], member (e, "kl"), 1e-12, FALSE, label);
    }
}

static void
test_holdout (void)
{
  g_autoptr(FxTable) real = read_fixture ("edge-real.csv", NULL);
  g_autoptr(FxTable) synthetic = read_fixture ("edge-synthetic.csv", NULL);
  g_autoptr(FxTable) first = NULL;
  g_autoptr(FxTable) second = NULL;
  g_autoptr(FxComparison) c = NULL;
  g_autoptr(FxComparison) direct = NULL;
  g_autoptr(GError) error = NULL;
  FxCompareOptions options = { NULL, TRUE, 42 };

  c = fx_compare_tables (real, synthetic, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (c->holdout);
  g_assert_cmpuint (c->holdout->real_rows + c->holdout->synthetic_rows, ==, real->n_rows);

  /* the baseline is exactly the comparison of the two halves of that split */
  fx_table_split_halves (real, 42, &first, &second);
  direct = fx_compare_tables (first, second, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (direct->features->len, ==, c->holdout->features->len);
  for (guint i = 0; i < direct->features->len; i++)
    {
      const FxFeatureComparison *x = g_ptr_array_index (direct->features, i);
      const FxFeatureComparison *y = g_ptr_array_index (c->holdout->features, i);

      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_true (x->pvalue == y->pvalue || (isnan (x->pvalue) && isnan (y->pvalue)));
      g_assert_true (x->kl == y->kl || (isnan (x->kl) && isnan (y->kl)));
    }
}

static void
test_no_common_columns (void)
{
  g_autoptr(FxTable) a = read_text ("a,b\n1,2\n", NULL);
  g_autoptr(FxTable) b = read_text ("c,d\n1,2\n", NULL);
  g_autoptr(GError) error = NULL;
  FxComparison *c = fx_compare_tables (a, b, NULL, &error);

  g_assert_null (c);
  g_assert_error (error, FX_STATS_ERROR, FX_STATS_ERROR_EMPTY);
}

static void
test_json_contract (void)
{
  g_autoptr(FxTable) real = read_fixture ("edge-real.csv", NULL);
  g_autoptr(FxTable) synthetic = read_fixture ("edge-synthetic.csv", NULL);
  g_autoptr(FxComparison) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  FxCompareOptions options = { NULL, TRUE, 1 };
  JsonObject *root, *corr;
  JsonArray *features;
  const char *feature_keys[] = { "name", "kind", "real_missing", "synthetic_missing", "kl",
                                 "pvalue_adjusted", "holdout" };
  const char *summary_keys[] = { "features_compared", "features_differing", "mean_ks_statistic",
                                 "mean_kl_continuous", "only_in_real", "only_in_synthetic" };

  c = fx_compare_tables (real, synthetic, &options, &error);
  g_assert_no_error (error);
  json = fx_comparison_to_json (c, NULL);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);

  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "real_rows"), ==, 61);
  g_assert_cmpint (json_object_get_int_member (root, "synthetic_rows"), ==, 47);
  features = json_object_get_array_member (root, "features");
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *f = json_array_get_object_element (features, i);
      const char *kind = json_object_get_string_member (f, "kind");

      for (guint k = 0; k < G_N_ELEMENTS (feature_keys); k++)
        g_assert_true (json_object_has_member (f, feature_keys[k]));
      if (g_str_equal (kind, "continuous"))
        g_assert_true (json_object_has_member (f, "ks") && json_object_has_member (f, "wasserstein"));
      else
        g_assert_true (json_object_has_member (f, "chi2") && json_object_has_member (f, "tvd"));
    }
  corr = json_object_get_object_member (root, "correlation");
  g_assert_true (json_object_has_member (corr, "pearson"));
  g_assert_true (json_object_has_member (corr, "spearman"));
  g_assert_true (json_object_has_member (corr, "cramers_v"));
  g_assert_true (json_object_has_member (json_object_get_object_member (corr, "pearson"), "columns"));
  for (guint k = 0; k < G_N_ELEMENTS (summary_keys); k++)
    g_assert_true (json_object_has_member (json_object_get_object_member (root, "summary"), summary_keys[k]));
  /* "constant" has no correlation with anything: null, not NaN, in the JSON */
  g_assert_nonnull (strstr (json, "null"));
  g_assert_null (strstr (json, "nan"));
}

static void
test_shown_distance_and_pvalue (void)
{
  FxFeatureComparison cont = { 0 }, cat = { 0 };
  struct { double p; const char *text; } cases[] = {
    { 0.5, "0.5000" }, { 0.04999, "0.0500" }, { 1e-4, "0.0001" }, { 9.9e-5, "< 0.0001" },
    { 0, "< 0.0001" }, { 1, "1.0000" },
  };

  cont.kind = FX_FEATURE_CONTINUOUS;
  cont.tested = TRUE;
  cont.ks.statistic = 0.25;
  cont.wasserstein = 3.5;
  cont.tvd = NAN;
  cat.kind = FX_FEATURE_CATEGORICAL;
  cat.tested = TRUE;
  cat.ks.statistic = NAN;
  cat.wasserstein = NAN;
  cat.tvd = 0.125;

  g_assert_cmpfloat (fx_feature_comparison_distance (&cont, FX_DISTANCE_SHAPE), ==, 0.25);
  g_assert_cmpfloat (fx_feature_comparison_distance (&cont, FX_DISTANCE_SCALE), ==, 3.5);
  g_assert_cmpfloat (fx_feature_comparison_distance (&cat, FX_DISTANCE_SHAPE), ==, 0.125);
  g_assert_cmpfloat (fx_feature_comparison_distance (&cat, FX_DISTANCE_SCALE), ==, 0.125);
  g_assert_true (isnan (fx_feature_comparison_distance (NULL, FX_DISTANCE_SHAPE)));
  cont.tested = FALSE;
  g_assert_true (isnan (fx_feature_comparison_distance (&cont, FX_DISTANCE_SHAPE)));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = fx_format_pvalue (cases[i].p, "—");

      g_assert_cmpstr (text, ==, cases[i].text);
    }
  {
    g_autofree char *none = fx_format_pvalue (NAN, "-");

    g_assert_cmpstr (none, ==, "-");
  }
}

/* Numbers as the views and the report show them (expected texts: Python's "%.*f" and
 * "%.*e", which follow C's printf). */
static void
test_format_number (void)
{
  static const struct
  {
    double      value;
    int         digits;
    const char *text;
  } cases[] = {
    { 0.12345, 3, "0.123" },
    { 12.5, 2, "12.50" },
    { 0.001, 3, "0.001" },
    { 0.000123, 3, "1.2e-04" },
    { -0.0004, 3, "-4.0e-04" },
    { 0.04, 1, "4.0e-02" },
    { 0, 3, "0.000" },
  };
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *plain = fx_format_number (cases[i].value, cases[i].digits, FALSE, "—");
      g_autofree char *local = fx_format_number (cases[i].value, cases[i].digits, TRUE, "—");

      g_assert_cmpstr (plain, ==, cases[i].text);
      g_assert_cmpstr (local, ==, cases[i].text);
    }
  {
    g_autofree char *nan = fx_format_number (NAN, 3, FALSE, "—");
    g_autofree char *inf = fx_format_number (INFINITY, 3, TRUE, "-");

    g_assert_cmpstr (nan, ==, "—");
    g_assert_cmpstr (inf, ==, "-");
  }
  /* a decimal comma only where it is asked for */
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") != NULL)
    {
      g_autofree char *plain = fx_format_number (0.12345, 3, FALSE, "—");
      g_autofree char *local = fx_format_number (0.12345, 3, TRUE, "—");

      setlocale (LC_NUMERIC, saved);
      g_assert_cmpstr (plain, ==, "0.123");
      g_assert_cmpstr (local, ==, "0,123");
    }
  else
    g_test_message ("no de_DE.UTF-8 locale here: the decimal comma is not checked");
}

/* A constant or one-row real column against a spread synthetic one: KS sees the
 * difference, and so must KL and JS (reference values: SciPy, in the stats fixture). */
static void
test_constant_real_binning (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "stats", "stats.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  static const char *names[] = {
    "constant real column, 100 x 5, against a spread synthetic one",
    "1-row real table",
    "one value holding nearly all",
  };
  JsonArray *cases;
  guint found = 0;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  if (error != NULL)
    return;
  cases = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "bins");
  for (guint c = 0; c < json_array_get_length (cases); c++)
    {
      JsonObject *obj = json_array_get_object_element (cases, c);
      const char *name = json_object_get_string_member (obj, "name");
      JsonArray *sides[2] = { json_object_get_array_member (obj, "real"),
                              json_object_get_array_member (obj, "synth") };
      g_autoptr(FxTable) real = fx_table_new ();
      g_autoptr(FxTable) synthetic = fx_table_new ();
      FxTable *tables[2] = { real, synthetic };
      g_autoptr(FxComparison) comparison = NULL;
      const FxFeatureComparison *r;
      gboolean wanted = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        wanted |= g_str_equal (name, names[k]);
      if (!wanted)
        continue;
      found++;
      for (guint side = 0; side < 2; side++)
        {
          FxColumn *column = fx_column_new ("value", FX_COLUMN_NUMBER);

          for (guint i = 0; i < json_array_get_length (sides[side]); i++)
            fx_column_append_number (column, json_array_get_double_element (sides[side], i));
          fx_table_add_column (tables[side], column);
        }
      comparison = fx_compare_tables (real, synthetic, &(FxCompareOptions) { 0 }, &error);
      g_assert_no_error (error);
      if (comparison == NULL)
        continue;
      r = fx_comparison_find (comparison, "value");
      g_assert_nonnull (r);
      if (r == NULL)
        continue;
      g_test_message ("%s: D %g, KL %g, JS %g", name, r->ks.statistic, r->kl, r->js);
      g_assert_cmpfloat_with_epsilon (r->ks.statistic, json_object_get_double_member (obj, "ks"), 1e-12);
      g_assert_cmpfloat_with_epsilon (r->kl, json_object_get_double_member (obj, "kl"), 1e-12);
      g_assert_cmpfloat_with_epsilon (r->js, json_object_get_double_member (obj, "js"), 1e-12);
      g_assert_cmpfloat (r->kl, >, 0.1);
      g_assert_cmpfloat (r->js, >, 0.1);
    }
  g_assert_cmpuint (found, ==, G_N_ELEMENTS (names));
}

/* Over FX_COMPARE_MATRIX_MAX_FEATURES features the JSON leaves the matrices out, says
 * so, and lists the pairs that differ most; asked for, it writes them whole. */
static void
test_matrices_left_out (void)
{
  g_autoptr(FxTable) real = fx_table_new ();
  g_autoptr(FxTable) synthetic = fx_table_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint n_features = FX_COMPARE_MATRIX_MAX_FEATURES + 1;
  g_autoptr(GError) error = NULL;

  for (guint side = 0; side < 2; side++)
    for (guint c = 0; c < n_features; c++)
      {
        g_autofree char *name = g_strdup_printf ("c%u", c);
        FxColumn *column = fx_column_new (name, FX_COLUMN_NUMBER);

        for (guint r = 0; r < 40; r++)
          fx_column_append_number (column, g_rand_double (rand));
        fx_table_add_column (side == 0 ? real : synthetic, column);
      }

  for (guint full = 0; full < 2; full++)
    {
      FxCompareOptions options = { NULL, FALSE, 0, full };
      g_autoptr(FxComparison) comparison = fx_compare_tables (real, synthetic, &options, &error);
      g_autofree char *json = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *correlation, *pearson;

      g_assert_no_error (error);
      if (comparison == NULL)
        return;
      json = fx_comparison_to_json (comparison, NULL);
      g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
      correlation = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                   "correlation");
      pearson = json_object_get_object_member (correlation, "pearson");
      g_assert_cmpint (json_object_get_boolean_member (correlation, "matrices_left_out"), ==, !full);
      g_assert_cmpint (json_object_get_int_member (correlation, "matrix_max_features"), ==,
                       FX_COMPARE_MATRIX_MAX_FEATURES);
      g_assert_cmpint (json_object_get_boolean_member (pearson, "left_out"), ==, !full);
      g_assert_true (json_object_has_member (pearson, "mean_abs_difference"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (pearson, "columns")), ==, n_features);
      if (full)
        {
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (pearson, "real")), ==, n_features);
          g_assert_false (json_object_has_member (pearson, "strongest"));
        }
      else
        {
          JsonArray *strongest = json_object_get_array_member (pearson, "strongest");
          double largest = 0, previous = INFINITY;
          guint cols = comparison->pearson.column_names->len;

          g_assert_false (json_object_has_member (pearson, "real"));
          g_assert_false (json_object_has_member (pearson, "difference"));
          g_assert_cmpuint (json_array_get_length (strongest), ==, FX_COMPARE_STRONGEST_PAIRS);
          /* the largest difference of the whole upper triangle comes first, then less */
          for (guint i = 0; i < cols; i++)
            for (guint j = i + 1; j < cols; j++)
              largest = MAX (largest, fabs (comparison->pearson.synthetic[i * cols + j] -
                                            comparison->pearson.real[i * cols + j]));
          for (guint k = 0; k < json_array_get_length (strongest); k++)
            {
              JsonObject *pair = json_array_get_object_element (strongest, k);
              double d = json_object_get_double_member (pair, "difference");

              g_assert_cmpfloat (fabs (d), <=, previous);
              g_assert_cmpfloat_with_epsilon (d, json_object_get_double_member (pair, "synthetic") -
                                                 json_object_get_double_member (pair, "real"), 1e-12);
              g_assert_cmpstr (json_object_get_string_member (pair, "row"), !=,
                               json_object_get_string_member (pair, "column"));
              if (k == 0)
                g_assert_cmpfloat_with_epsilon (fabs (d), largest, 1e-12);
              previous = fabs (d);
            }
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/compare/edge-reference", test_edge_reference);
  g_test_add_func ("/compare/identical", test_identical);
  g_test_add_func ("/compare/csv-against-reference", test_csv_against_reference);
  g_test_add_func ("/compare/ranges-and-invalid", test_ranges_and_invalid);
  g_test_add_func ("/compare/schema-kind", test_schema_kind);
  g_test_add_func ("/compare/holdout", test_holdout);
  g_test_add_func ("/compare/no-common-columns", test_no_common_columns);
  g_test_add_func ("/compare/json-contract", test_json_contract);
  g_test_add_func ("/compare/shown-distance-and-pvalue", test_shown_distance_and_pvalue);
  g_test_add_func ("/compare/format-number", test_format_number);
  g_test_add_func ("/compare/constant-real-binning", test_constant_real_binning);
  g_test_add_func ("/compare/matrices-left-out", test_matrices_left_out);

  return g_test_run ();
}
