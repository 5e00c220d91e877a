/* test-plan-write.c: a plan written as JSON reads back as the same plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fx-plan-write.h"

static void
assert_same_plan (const FxPlan *a,
                  const FxPlan *b)
{
  g_assert_cmpstr (a->schema_path, ==, b->schema_path);
  g_assert_cmpstr (a->reference_path, ==, b->reference_path);
  g_assert_cmpuint (a->generators->len, ==, b->generators->len);
  for (guint i = 0; i < a->generators->len; i++)
    {
      const FxPlanGenerator *x = g_ptr_array_index (a->generators, i);
      const FxPlanGenerator *y = g_ptr_array_index (b->generators, i);

      g_assert_cmpstr (x->provider, ==, y->provider);
      g_assert_cmpstr (x->model, ==, y->model);
      g_assert_cmpstr (x->base_url, ==, y->base_url);
    }
  g_assert_cmpmem (a->strategies->data, a->strategies->len * sizeof (FxStrategyKind),
                   b->strategies->data, b->strategies->len * sizeof (FxStrategyKind));
  g_assert_cmpmem (a->features->data, a->features->len * sizeof (guint),
                   b->features->data, b->features->len * sizeof (guint));
  g_assert_cmpmem (a->rows->data, a->rows->len * sizeof (guint), b->rows->data, b->rows->len * sizeof (guint));
  g_assert_cmpmem (a->seeds->data, a->seeds->len * sizeof (guint64), b->seeds->data, b->seeds->len * sizeof (guint64));
  g_assert_cmpint (a->order, ==, b->order);
  g_assert_cmpint (a->keep_groups, ==, b->keep_groups);
  g_assert_cmpuint (a->batch_rows, ==, b->batch_rows);
  g_assert_cmpuint (a->concurrency, ==, b->concurrency);
  g_assert_cmpfloat (a->budget, ==, b->budget);
}

/* parse -> write -> parse, and the second writing is the first */
static void
round_trip (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxPlan) first = fx_plan_parse (path, text, &error);
  g_autoptr(FxPlan) second = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  json = fx_plan_to_json (first, path);
  second = fx_plan_parse (path, json, &error);
  g_assert_no_error (error);
  assert_same_plan (first, second);
  again = fx_plan_to_json (second, path);
  g_assert_cmpstr (json, ==, again);
}

static void
test_round_trip_grid (void)
{
  round_trip ("/data/studies/plan.json",
              "{\"schema\": \"schema.json\", \"reference\": \"tables/stays.csv\","
              " \"generators\": [{\"provider\": \"openai\", \"model\": \"gpt-4o\"},"
              "  {\"provider\": \"openai-compatible\", \"model\": \"llama3\", \"base_url\": \"http://localhost:11434/v1\"},"
              "  {\"provider\": \"copula\"}, {\"provider\": \"independent\"}],"
              " \"strategies\": [\"group\", \"statistics\"], \"features\": [5, 10, 15, 20, \"all\"],"
              " \"order\": \"schema\", \"keep_groups\": false, \"rows\": [1000, 5000, 10000], \"repeats\": 3,"
              " \"batch_rows\": 25, \"concurrency\": 2, \"budget\": 12.5}");
}

static void
test_round_trip_seeds (void)
{
  /* seeds of their own, the defaults, and files outside the plan's folder */
  round_trip ("/data/studies/plan.json",
              "{\"schema\": \"/elsewhere/schema.json\", \"reference\": \"../stays.csv\","
              " \"generators\": [{\"provider\": \"copula\"}], \"features\": [\"all\", 3], \"rows\": [200],"
              " \"seeds\": [7, 11]}");
}

static void
test_written (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxPlan) plan = fx_plan_parse ("/data/studies/plan.json",
                                          "{\"schema\": \"schema.json\", \"reference\": \"/other/stays.csv\","
                                          " \"generators\": [{\"provider\": \"copula\"}], \"features\": [5],"
                                          " \"rows\": [200], \"seeds\": [1, 2]}", &error);
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  json = fx_plan_to_json (plan, "/data/studies/plan.json");
  /* names under the plan's folder are relative to it, others in full; seeds 1..N are repeats */
  g_assert_nonnull (strstr (json, "\"schema\" : \"schema.json\""));
  g_assert_nonnull (strstr (json, "\"reference\" : \"/other/stays.csv\""));
  g_assert_nonnull (strstr (json, "\"repeats\" : 2"));
  g_assert_null (strstr (json, "\"seeds\""));
  g_assert_null (strstr (json, "\"budget\""));
}

static void
test_new_defaults (void)
{
  /* a plan made in memory has the defaults of a plan file that gives only what it must */
  g_autoptr(GError) error = NULL;
  g_autoptr(FxPlan) parsed = fx_plan_parse ("/p/plan.json",
                                            "{\"schema\": \"s.json\", \"reference\": \"r.csv\","
                                            " \"generators\": [{\"provider\": \"copula\"}], \"features\": [5],"
                                            " \"rows\": [200]}", &error);
  g_autoptr(FxPlan) made = fx_plan_new ();
  FxStrategyKind group = FX_STRATEGY_GROUP;
  guint five = 5, rows = 200;
  guint64 seed = 1;

  g_assert_no_error (error);
  made->schema_path = g_strdup ("/p/s.json");
  made->reference_path = g_strdup ("/p/r.csv");
  fx_plan_add_generator (made, "copula", NULL, NULL);
  g_array_append_val (made->strategies, group);
  g_array_append_val (made->features, five);
  g_array_append_val (made->rows, rows);
  g_array_append_val (made->seeds, seed);
  assert_same_plan (parsed, made);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plan-write/round-trip/grid", test_round_trip_grid);
  g_test_add_func ("/plan-write/round-trip/seeds", test_round_trip_seeds);
  g_test_add_func ("/plan-write/written", test_written);
  g_test_add_func ("/plan-write/new-defaults", test_new_defaults);
  return g_test_run ();
}
