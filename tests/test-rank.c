/* test-rank.c: the order in which fewer features are kept
 *
 * Reference values: tests/fixtures/rank/make.py (pandas and SciPy) on the bundled
 * eICU example.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "fx-csv.h"
#include "fx-rank.h"
#include "fx-schema.h"

static FxSchema *
example_schema (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("FX_EXAMPLE_DIR"), "schema.json", NULL);
  g_autoptr(GError) error = NULL;
  FxSchema *schema = fx_schema_load_file (path, &error);

  g_assert_no_error (error);
  return schema;
}

static FxTable *
example_table (const FxSchema *schema)
{
  g_autofree char *path = g_build_filename (g_getenv ("FX_EXAMPLE_DIR"), "stays.csv", NULL);
  g_autoptr(GHashTable) types = fx_schema_column_types (schema);
  g_autoptr(GError) error = NULL;
  FxCsvOptions options = { 0, types };
  FxTable *table = fx_csv_read_file (path, &options, &error);

  g_assert_no_error (error);
  return table;
}

static void
test_against_reference (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "rank", "rank.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = example_schema ();
  g_autoptr(FxTable) table = example_table (schema);
  g_autoptr(GPtrArray) ranked = NULL;
  JsonObject *root, *scores;
  JsonArray *order;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  scores = json_object_get_object_member (root, "scores");
  order = json_object_get_array_member (root, "order");
  g_assert_cmpstr (schema->target, ==, json_object_get_string_member (root, "target"));

  ranked = fx_rank_features (schema, table, FX_RANK_TARGET_ASSOCIATION, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ranked->len, ==, schema->features->len - 1);
  g_assert_cmpuint (json_array_get_length (order), ==, ranked->len);
  for (guint i = 0; i < ranked->len; i++)
    {
      FxRankedFeature *r = g_ptr_array_index (ranked, i);
      double expected = json_object_get_double_member (scores, r->name);

      g_assert_cmpstr (r->name, ==, json_array_get_string_element (order, i));
      g_assert_cmpfloat_with_epsilon (r->score, expected, 1e-9 * MAX (1, fabs (expected)));
    }
}

static void
test_schema_order_and_subset (void)
{
  g_autoptr(FxSchema) schema = example_schema ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ranked = fx_rank_features (schema, NULL, FX_RANK_SCHEMA_ORDER, &error);
  g_autoptr(FxSchema) five = NULL;
  g_autoptr(FxSchema) all = NULL;
  guint j = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < schema->features->len; i++)
    {
      FxFeature *f = g_ptr_array_index (schema->features, i);

      if (g_str_equal (f->name, schema->target))
        continue;
      g_assert_cmpstr (((FxRankedFeature *) g_ptr_array_index (ranked, j++))->name, ==, f->name);
    }

  /* five features and the target, in the schema's order; a group column that is gone
   * is no longer a group */
  five = fx_schema_subset (schema, ranked, 5);
  g_assert_cmpuint (five->features->len, ==, 6);
  g_assert_cmpstr (((FxFeature *) g_ptr_array_index (five->features, 0))->name, ==, "hospital_id");
  g_assert_cmpstr (((FxFeature *) g_ptr_array_index (five->features, 5))->name, ==, schema->target);
  g_assert_cmpstr (five->target, ==, schema->target);
  g_assert_cmpuint (five->group_by->len, ==, 0);
  g_assert_nonnull (fx_schema_find_feature (five, "age"));
  g_assert_null (fx_schema_find_feature (five, "gender"));

  all = fx_schema_subset (schema, ranked, 1000);
  g_assert_cmpuint (all->features->len, ==, schema->features->len);
  g_assert_cmpuint (all->group_by->len, ==, schema->group_by->len);
}

static void
test_errors (void)
{
  g_autoptr(FxSchema) schema = example_schema ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ranked = NULL;
  g_autoptr(FxTable) empty = fx_table_new ();

  /* the target is not in the table */
  ranked = fx_rank_features (schema, empty, FX_RANK_TARGET_ASSOCIATION, &error);
  g_assert_null (ranked);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "hospital_mortality"));
  g_clear_error (&error);

  g_clear_pointer (&schema->target, g_free);
  ranked = fx_rank_features (schema, empty, FX_RANK_TARGET_ASSOCIATION, &error);
  g_assert_null (ranked);
  g_assert_nonnull (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rank/against-reference", test_against_reference);
  g_test_add_func ("/rank/schema-order-and-subset", test_schema_order_and_subset);
  g_test_add_func ("/rank/errors", test_errors);
  return g_test_run ();
}
