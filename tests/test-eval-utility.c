/* test-eval-utility.c: the utility evaluation against XGBoost's Python package,
 * scikit-learn, SciPy and statsmodels
 *
 * Reference values: tests/fixtures/eval/make-fixtures.py, with the protocol written
 * independently in tests/fixtures/eval/reference.py.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <json-glib/json-glib.h>

#include "fx-csv.h"
#include "fx-encoding.h"
#include "fx-schema.h"
#include "fx-utility.h"

#define SCORE_TOLERANCE 1e-6

typedef struct
{
  JsonNode  *root;
  JsonObject *expected;
  FxSchema  *schema;
  FxTable   *real;
  FxTable   *synthetic;
  FxUtility *utility;
} Fixture;

static Fixture fixture;

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "eval", name, NULL);
}

static FxTable *
read_table (const char *name)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GHashTable) types = fx_schema_column_types (fixture.schema);
  g_autoptr(GError) error = NULL;
  FxCsvOptions options = { 0, types };
  FxTable *table = fx_csv_read_file (path, &options, &error);

  g_assert_no_error (error);
  return table;
}

static void
setup (void)
{
  g_autofree char *schema_path = fixture_path ("schema.json");
  g_autofree char *expected_path = fixture_path ("expected.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) inputs = g_ptr_array_new ();
  JsonArray *names;
  FxUtilityOptions options;

  json_parser_load_from_file (parser, expected_path, &error);
  g_assert_no_error (error);
  fixture.root = json_node_copy (json_parser_get_root (parser));
  fixture.expected = json_node_get_object (fixture.root);
  fixture.schema = fx_schema_load_file (schema_path, &error);
  g_assert_no_error (error);
  fixture.real = read_table ("real.csv");
  fixture.synthetic = read_table ("synthetic.csv");

  names = json_object_get_array_member (fixture.expected, "inputs");
  for (guint i = 0; i < json_array_get_length (names); i++)
    g_ptr_array_add (inputs, (gpointer) json_array_get_string_element (names, i));
  g_ptr_array_add (inputs, NULL);

  fx_utility_options_init (&options, (guint64) json_object_get_int_member (fixture.expected, "seed"));
  options.replication_inputs = (const char * const *) inputs->pdata;
  options.generator_saw_holdout = TRUE;
  fixture.utility = fx_utility_evaluate (fixture.schema, fixture.real, fixture.synthetic, &options, &error);
  g_assert_no_error (error);
}

static void
assert_rows (GArray    *got,
             JsonArray *expected)
{
  g_assert_cmpuint (got->len, ==, json_array_get_length (expected));
  for (guint i = 0; i < got->len; i++)
    g_assert_cmpuint (g_array_index (got, gsize, i), ==, json_array_get_int_element (expected, i));
}

static void
test_split (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxUtility) sites = NULL;
  FxUtilityOptions options;
  const char *held[] = { "Northeast", NULL };

  assert_rows (fixture.utility->holdout_rows, json_object_get_array_member (fixture.expected, "holdout_rows"));
  /* rows without a target take no part */
  g_assert_cmpuint (fixture.utility->holdout_rows->len + fixture.utility->train_rows->len, ==,
                    fixture.real->n_rows - fx_table_find_column (fixture.real, "hospital_mortality")->n_missing);

  /* whole sites, fewer rounds: only the split is looked at */
  fx_utility_options_init (&options, 11);
  options.holdout_sites = held;
  options.booster.rounds = 2;
  options.bootstrap_resamples = 10;
  sites = fx_utility_evaluate (fixture.schema, fixture.real, fixture.synthetic, &options, &error);
  g_assert_no_error (error);
  assert_rows (sites->holdout_rows, json_object_get_array_member (fixture.expected, "northeast_holdout_rows"));
  g_assert_true (isnan (sites->fraction));
}

static void
assert_predictions (const double *got,
                    gsize         n,
                    JsonArray    *expected)
{
  g_assert_cmpuint (n, ==, json_array_get_length (expected));
  for (gsize i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (expected, i);

      if (JSON_NODE_HOLDS_NULL (e))
        g_assert_true (isnan (got[i]));
      else
        g_assert_cmpfloat_with_epsilon (got[i], json_node_get_double (e), 1e-6);
    }
}

static void
test_predictions (void)
{
  gsize n = fixture.utility->holdout_rows->len;

  assert_predictions (fixture.utility->prediction_trtr, n,
                      json_object_get_array_member (fixture.expected, "trtr_predictions"));
  assert_predictions (fixture.utility->prediction_tstr, n,
                      json_object_get_array_member (fixture.expected, "tstr_predictions"));
  assert_predictions (fixture.utility->prediction_loso, n,
                      json_object_get_array_member (fixture.expected, "loso_predictions"));
}

static void
assert_pair (JsonObject   *e,
             const char   *key,
             const double  got[2])
{
  JsonArray *a = json_object_get_array_member (e, key);

  g_assert_cmpfloat_with_epsilon (got[0], json_array_get_double_element (a, 0), SCORE_TOLERANCE);
  g_assert_cmpfloat_with_epsilon (got[1], json_array_get_double_element (a, 1), SCORE_TOLERANCE);
}

static void
assert_block (const FxScoreBlock *b,
              JsonNode           *node)
{
  JsonObject *e;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      g_assert_null (b);
      return;
    }
  g_assert_nonnull (b);
  e = json_node_get_object (node);
  g_assert_cmpuint (b->n, ==, json_object_get_int_member (e, "n"));
  g_assert_cmpuint (b->positives, ==, json_object_get_int_member (e, "positives"));
  g_assert_cmpfloat_with_epsilon (b->auroc, json_object_get_double_member (e, "auroc"), SCORE_TOLERANCE);
  assert_pair (e, "auroc_ci", b->auroc_ci);
  g_assert_cmpfloat_with_epsilon (b->auprc, json_object_get_double_member (e, "auprc"), SCORE_TOLERANCE);
  assert_pair (e, "auprc_ci", b->auprc_ci);
  g_assert_cmpfloat_with_epsilon (b->brier, json_object_get_double_member (e, "brier"), SCORE_TOLERANCE);
  assert_pair (e, "brier_ci", b->brier_ci);
}

static void
test_protocols (void)
{
  assert_block (fixture.utility->trtr, json_object_get_member (fixture.expected, "trtr"));
  assert_block (fixture.utility->tstr, json_object_get_member (fixture.expected, "tstr"));
  assert_block (fixture.utility->tsts, json_object_get_member (fixture.expected, "tsts"));
  g_assert_cmpfloat_with_epsilon (fixture.utility->tstr_over_trtr,
                                  fixture.utility->tstr->auroc / fixture.utility->trtr->auroc, 1e-15);
}

static void
test_sites (void)
{
  JsonArray *sites = json_object_get_array_member (fixture.expected, "sites");
  JsonArray *groups = json_object_get_array_member (fixture.expected, "subgroups");

  g_assert_cmpuint (fixture.utility->sites->len, ==, json_array_get_length (sites));
  for (guint i = 0; i < fixture.utility->sites->len; i++)
    {
      const FxSiteScores *s = g_ptr_array_index (fixture.utility->sites, i);
      JsonObject *e = json_array_get_object_element (sites, i);

      g_assert_cmpstr (s->site, ==, json_object_get_string_member (e, "site"));
      g_assert_cmpuint (s->holdout_rows, ==, json_object_get_int_member (e, "holdout_rows"));
      assert_block (s->tstr, json_object_get_member (e, "tstr"));
      assert_block (s->trtr, json_object_get_member (e, "trtr"));
      assert_block (s->loso_trtr, json_object_get_member (e, "loso_trtr"));
    }

  /* the gap of each group column, from the reference's blocks */
  g_assert_cmpuint (fixture.utility->subgroup_gaps->len, ==, 2);
  for (guint k = 0; k < fixture.utility->subgroup_gaps->len; k++)
    {
      const FxSubgroupGap *gap = g_ptr_array_index (fixture.utility->subgroup_gaps, k);
      double lo = INFINITY, hi = -INFINITY;
      guint scored = 0;

      for (guint i = 0; i < json_array_get_length (groups); i++)
        {
          JsonObject *e = json_array_get_object_element (groups, i);
          JsonNode *b = json_object_get_member (e, "tstr");

          if (!g_str_equal (json_object_get_string_member (e, "column"), gap->column) || JSON_NODE_HOLDS_NULL (b))
            continue;
          lo = MIN (lo, json_object_get_double_member (json_node_get_object (b), "auroc"));
          hi = MAX (hi, json_object_get_double_member (json_node_get_object (b), "auroc"));
          scored++;
        }
      /* a spread needs two scored levels */
      if (scored < 2)
        g_assert_true (isnan (gap->tstr_auroc_gap));
      else
        g_assert_cmpfloat_with_epsilon (gap->tstr_auroc_gap, hi - lo, SCORE_TOLERANCE);
    }

  g_assert_cmpuint (fixture.utility->subgroups->len, ==, json_array_get_length (groups));
  for (guint i = 0; i < fixture.utility->subgroups->len; i++)
    {
      const FxSubgroupScores *s = g_ptr_array_index (fixture.utility->subgroups, i);
      JsonObject *e = json_array_get_object_element (groups, i);

      g_assert_cmpstr (s->column, ==, json_object_get_string_member (e, "column"));
      g_assert_cmpstr (s->level, ==, json_object_get_string_member (e, "level"));
      g_assert_cmpuint (s->rows, ==, json_object_get_int_member (e, "rows"));
      assert_block (s->tstr, json_object_get_member (e, "tstr"));
      assert_block (s->trtr, json_object_get_member (e, "trtr"));
    }
}

static void
assert_top (GPtrArray  *got,
            JsonArray  *columns,
            JsonArray  *gains)
{
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n = 0;

  for (guint j = 0; j < json_array_get_length (gains); j++)
    if (json_array_get_double_element (gains, j) > 0)
      n++;
  g_assert_cmpuint (got->len, ==, MIN (n, FX_UTILITY_TOP_GAINS));
  for (guint i = 0; i < got->len; i++)
    {
      const FxGain *g = g_ptr_array_index (got, i);
      guint j;

      for (j = 0; j < json_array_get_length (columns); j++)
        if (g_str_equal (g->feature, json_array_get_string_element (columns, j)))
          break;
      g_assert_cmpuint (j, <, json_array_get_length (columns));
      g_assert_cmpfloat_with_epsilon (g->gain, json_array_get_double_element (gains, j),
                                      1e-6 * MAX (1, g->gain));
      /* nothing left out has a larger gain */
      for (guint k = 0; k < json_array_get_length (gains); k++)
        {
          gboolean listed = FALSE;

          for (guint m = 0; m < got->len; m++)
            listed |= g_str_equal (((FxGain *) g_ptr_array_index (got, m))->feature,
                                   json_array_get_string_element (columns, k));
          if (!listed)
            g_assert_cmpfloat (json_array_get_double_element (gains, k), <=, g->gain);
        }
    }
}

static void
test_importance (void)
{
  JsonArray *columns = json_object_get_array_member (fixture.expected, "columns");
  g_autoptr(FxEncoding) encoding = fx_encoding_new (fixture.schema, fixture.real);

  g_assert_cmpuint (fx_encoding_n_columns (encoding), ==, json_array_get_length (columns));
  for (guint j = 0; j < encoding->columns->len; j++)
    g_assert_cmpstr (g_ptr_array_index (encoding->columns, j), ==, json_array_get_string_element (columns, j));
  assert_top (fixture.utility->importance_real, columns,
              json_object_get_array_member (fixture.expected, "gain_real"));
  assert_top (fixture.utility->importance_synthetic, columns,
              json_object_get_array_member (fixture.expected, "gain_synthetic"));
  g_assert_cmpfloat_with_epsilon (fixture.utility->rank_correlation,
                                  json_object_get_double_member (fixture.expected, "rank_correlation"), 1e-9);
}

static void
assert_ratios (GPtrArray *got,
               JsonArray *expected)
{
  g_assert_nonnull (got);
  g_assert_cmpuint (got->len, ==, json_array_get_length (expected));
  for (guint i = 0; i < got->len; i++)
    {
      const FxOddsRatio *o = g_ptr_array_index (got, i);
      JsonObject *e = json_array_get_object_element (expected, i);
      JsonArray *ci = json_object_get_array_member (e, "ci");

      g_assert_cmpstr (o->term, ==, json_object_get_string_member (e, "term"));
      g_assert_cmpfloat_with_epsilon (o->odds_ratio, json_object_get_double_member (e, "odds_ratio"), 1e-6);
      g_assert_cmpfloat_with_epsilon (o->ci[0], json_array_get_double_element (ci, 0), 1e-6);
      g_assert_cmpfloat_with_epsilon (o->ci[1], json_array_get_double_element (ci, 1), 1e-6);
      g_assert_cmpfloat_with_epsilon (o->pvalue, json_object_get_double_member (e, "pvalue"), 1e-6);
    }
}

static void
test_replication (void)
{
  const FxUtility *u = fixture.utility;
  JsonArray *real = json_object_get_array_member (fixture.expected, "replication_real");
  JsonArray *synthetic = json_object_get_array_member (fixture.expected, "replication_synthetic");
  int overlapping = 0, flips = 0;

  assert_ratios (u->replication_real, real);
  assert_ratios (u->replication_synthetic, synthetic);
  g_assert_cmpuint (u->replication_real_rows, ==, json_object_get_int_member (fixture.expected, "replication_real_rows"));
  g_assert_cmpuint (u->replication_synthetic_rows, ==,
                    json_object_get_int_member (fixture.expected, "replication_synthetic_rows"));

  /* overlap and sign flips, counted here from the statsmodels fits */
  for (guint i = 1; i < json_array_get_length (real); i++)
    for (guint j = 1; j < json_array_get_length (synthetic); j++)
      {
        JsonObject *a = json_array_get_object_element (real, i);
        JsonObject *b = json_array_get_object_element (synthetic, j);
        JsonArray *ca = json_object_get_array_member (a, "ci");
        JsonArray *cb = json_object_get_array_member (b, "ci");
        double ka = json_object_get_double_member (a, "coef"), kb = json_object_get_double_member (b, "coef");

        if (!g_str_equal (json_object_get_string_member (a, "term"), json_object_get_string_member (b, "term")))
          continue;
        if (json_array_get_double_element (ca, 0) <= json_array_get_double_element (cb, 1) &&
            json_array_get_double_element (cb, 0) <= json_array_get_double_element (ca, 1))
          overlapping++;
        if ((ka > 0) != (kb > 0))
          flips++;
      }
  g_assert_cmpint (u->overlapping, ==, overlapping);
  g_assert_cmpint (u->sign_flips, ==, flips);
  g_assert_cmpint (overlapping, >, 0);
}

static void
test_json (void)
{
  gsize length;
  g_autofree char *json = fx_utility_to_json (fixture.utility, &length);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *split, *utility;
  const char *keys[] = { "split", "utility", "sites", "subgroups", "importance", "replication", "multicentre" };

  json_parser_load_from_data (parser, json, length, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (root, keys[i]));
  split = json_object_get_object_member (root, "split");
  g_assert_true (json_object_get_boolean_member (split, "generator_saw_holdout"));
  g_assert_cmpint (json_object_get_int_member (split, "seed"), ==, 11);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (split, "holdout_rows")), ==,
                    fixture.utility->holdout_rows->len);
  utility = json_object_get_object_member (root, "utility");
  g_assert_cmpstr (json_object_get_string_member (utility, "target"), ==, "hospital_mortality");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (utility, "tstr"), "auroc"), ==,
                     fixture.utility->tstr->auroc);
  /* every site with 30 rows or more in both tables is in the multi-centre table */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "multicentre")), ==, 4);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  setup ();
  g_test_add_func ("/eval/utility/split", test_split);
  g_test_add_func ("/eval/utility/predictions", test_predictions);
  g_test_add_func ("/eval/utility/protocols", test_protocols);
  g_test_add_func ("/eval/utility/sites-and-subgroups", test_sites);
  g_test_add_func ("/eval/utility/importance", test_importance);
  g_test_add_func ("/eval/utility/replication", test_replication);
  g_test_add_func ("/eval/utility/json", test_json);
  status = g_test_run ();

  fx_utility_free (fixture.utility);
  fx_table_free (fixture.real);
  fx_table_free (fixture.synthetic);
  fx_schema_free (fixture.schema);
  json_node_unref (fixture.root);
  return status;
}
