/* fx-plan-write.c: a plan made in memory, and written as the JSON a plan file holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "fx-plan-write.h"

FxPlan *
fx_plan_new (void)
{
  FxPlan *plan = g_new0 (FxPlan, 1);

  plan->generators = g_ptr_array_new ();
  plan->strategies = g_array_new (FALSE, FALSE, sizeof (FxStrategyKind));
  plan->features = g_array_new (FALSE, FALSE, sizeof (guint));
  plan->rows = g_array_new (FALSE, FALSE, sizeof (guint));
  plan->seeds = g_array_new (FALSE, FALSE, sizeof (guint64));
  plan->order = FX_RANK_TARGET_ASSOCIATION;
  plan->keep_groups = TRUE;
  plan->batch_rows = 50;
  plan->concurrency = 4;
  return plan;
}

void
fx_plan_add_generator (FxPlan     *plan,
                       const char *provider,
                       const char *model,
                       const char *base_url)
{
  FxPlanGenerator *generator = g_new0 (FxPlanGenerator, 1);

  generator->provider = g_strdup (provider);
  generator->model = g_strdup (model);
  generator->base_url = g_strdup (base_url);
  g_ptr_array_add (plan->generators, generator);
}

/* @file relative to @folder when it lies under it */
static char *
name_from (const char *folder,
           const char *file)
{
  g_autoptr(GFile) base = folder != NULL ? g_file_new_for_path (folder) : NULL;
  g_autoptr(GFile) target = g_file_new_for_path (file);
  char *relative = base != NULL ? g_file_get_relative_path (base, target) : NULL;

  return relative != NULL ? relative : g_file_get_path (target);
}

static void
add_counts (JsonBuilder *builder,
            const char  *key,
            GArray      *counts)
{
  json_builder_set_member_name (builder, key);
  json_builder_begin_array (builder);
  for (guint i = 0; i < counts->len; i++)
    {
      guint n = g_array_index (counts, guint, i);

      if (n == FX_PLAN_ALL_FEATURES)
        json_builder_add_string_value (builder, "all");
      else
        json_builder_add_int_value (builder, n);
    }
  json_builder_end_array (builder);
}

char *
fx_plan_to_json (const FxPlan *plan,
                 const char   *path)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *folder = path != NULL ? g_path_get_dirname (path) : NULL;
  g_autofree char *schema = name_from (folder, plan->schema_path);
  g_autofree char *reference = name_from (folder, plan->reference_path);
  gboolean counted = TRUE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, schema);
  json_builder_set_member_name (builder, "reference");
  json_builder_add_string_value (builder, reference);

  json_builder_set_member_name (builder, "generators");
  json_builder_begin_array (builder);
  for (guint i = 0; i < plan->generators->len; i++)
    {
      const FxPlanGenerator *g = g_ptr_array_index (plan->generators, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "provider");
      json_builder_add_string_value (builder, g->provider);
      if (g->model != NULL)
        {
          json_builder_set_member_name (builder, "model");
          json_builder_add_string_value (builder, g->model);
        }
      if (g->base_url != NULL)
        {
          json_builder_set_member_name (builder, "base_url");
          json_builder_add_string_value (builder, g->base_url);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "strategies");
  json_builder_begin_array (builder);
  for (guint i = 0; i < plan->strategies->len; i++)
    json_builder_add_string_value (builder,
                                   fx_strategy_kind_to_string (g_array_index (plan->strategies, FxStrategyKind, i)));
  json_builder_end_array (builder);

  add_counts (builder, "features", plan->features);
  json_builder_set_member_name (builder, "order");
  json_builder_add_string_value (builder, plan->order == FX_RANK_SCHEMA_ORDER ? "schema" : "association");
  json_builder_set_member_name (builder, "keep_groups");
  json_builder_add_boolean_value (builder, plan->keep_groups);
  add_counts (builder, "rows", plan->rows);

  /* seeds 1..N are N repeats; any others are written as they are */
  for (guint i = 0; i < plan->seeds->len; i++)
    counted &= g_array_index (plan->seeds, guint64, i) == i + 1;
  if (counted)
    {
      json_builder_set_member_name (builder, "repeats");
      json_builder_add_int_value (builder, plan->seeds->len);
    }
  else
    {
      json_builder_set_member_name (builder, "seeds");
      json_builder_begin_array (builder);
      for (guint i = 0; i < plan->seeds->len; i++)
        json_builder_add_int_value (builder, (gint64) g_array_index (plan->seeds, guint64, i));
      json_builder_end_array (builder);
    }
  json_builder_set_member_name (builder, "batch_rows");
  json_builder_add_int_value (builder, plan->batch_rows);
  json_builder_set_member_name (builder, "concurrency");
  json_builder_add_int_value (builder, plan->concurrency);
  if (plan->budget > 0)
    {
      json_builder_set_member_name (builder, "budget");
      json_builder_add_double_value (builder, plan->budget);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  {
    g_autofree char *text = json_generator_to_data (generator, NULL);

    return g_strconcat (text, "\n", NULL);
  }
}
