/* fx-row-schema.c: the JSON Schema every provider is asked to follow
 *
 * One row of a schema as a JSON Schema object, the {"rows": [...]} wrapper around it,
 * and a walk over a schema's subschemas with which each provider rewrites the keywords
 * it does not accept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fx-provider.h"

static void
add_bound (JsonBuilder *builder,
           const char  *name,
           double       value)
{
  json_builder_set_member_name (builder, name);
  /* Whole numbers as integers: an integer feature's bounds then read as integers,
   * and "18" is what a person expects to see in the stored request. */
  if (value == floor (value) && fabs (value) < 9e15)
    json_builder_add_int_value (builder, (gint64) value);
  else
    json_builder_add_double_value (builder, value);
}

static const char *
feature_json_type (const FxFeature *feature)
{
  switch (feature->type)
    {
    case FX_COLUMN_INTEGER:
      return "integer";
    case FX_COLUMN_NUMBER:
      return "number";
    case FX_COLUMN_BOOLEAN:
      return "boolean";
    case FX_COLUMN_CATEGORICAL:
      return "string";
    default:
      g_return_val_if_reached ("string");
    }
}

static void
add_feature (JsonBuilder     *builder,
             const FxFeature *feature)
{
  const char *type = feature_json_type (feature);

  json_builder_set_member_name (builder, feature->name);
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "type");
  if (feature->nullable)
    {
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, type);
      json_builder_add_string_value (builder, "null");
      json_builder_end_array (builder);
    }
  else
    json_builder_add_string_value (builder, type);

  if (feature->type == FX_COLUMN_CATEGORICAL && feature->categories->len > 0)
    {
      json_builder_set_member_name (builder, "enum");
      json_builder_begin_array (builder);
      for (guint i = 0; i < feature->categories->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (feature->categories, i));
      /* An enum restricts the value whatever "type" says, so null must be listed too. */
      if (feature->nullable)
        json_builder_add_null_value (builder);
      json_builder_end_array (builder);
    }

  if (feature->type == FX_COLUMN_INTEGER || feature->type == FX_COLUMN_NUMBER)
    {
      if (feature->has_minimum)
        add_bound (builder, "minimum", feature->minimum);
      if (feature->has_maximum)
        add_bound (builder, "maximum", feature->maximum);
    }

  if (feature->description != NULL || feature->unit != NULL)
    {
      g_autofree char *text = NULL;

      if (feature->description != NULL && feature->unit != NULL)
        text = g_strdup_printf ("%s (unit: %s)", feature->description, feature->unit);
      else if (feature->description != NULL)
        text = g_strdup (feature->description);
      else
        text = g_strdup_printf ("Unit: %s", feature->unit);
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, text);
    }

  json_builder_end_object (builder);
}

static JsonNode *map_schema (JsonNode        *node,
                             FxSchemaFixFunc  fix,
                             gpointer         user_data);

/* {"name": schema, ...}: properties, $defs */
static JsonNode *
map_schema_members (JsonNode        *node,
                    FxSchemaFixFunc  fix,
                    gpointer         user_data)
{
  g_autoptr(JsonObject) copy = NULL;
  g_autoptr(GList) names = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return json_node_copy (node);
  object = json_node_get_object (node);
  copy = json_object_new ();
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    json_object_set_member (copy, l->data,
                            map_schema (json_object_get_member (object, l->data), fix, user_data));
  return json_node_init_object (json_node_alloc (), copy);
}

/* [schema, ...]: anyOf, allOf, oneOf, prefixItems */
static JsonNode *
map_schema_elements (JsonNode        *node,
                     FxSchemaFixFunc  fix,
                     gpointer         user_data)
{
  g_autoptr(JsonArray) copy = NULL;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return json_node_copy (node);
  array = json_node_get_array (node);
  copy = json_array_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    json_array_add_element (copy, map_schema (json_array_get_element (array, i), fix, user_data));
  return json_node_init_array (json_node_alloc (), copy);
}

static JsonNode *
map_schema (JsonNode        *node,
            FxSchemaFixFunc  fix,
            gpointer         user_data)
{
  static const char *const maps[] = { "properties", "patternProperties", "$defs", "definitions", NULL };
  static const char *const lists[] = { "anyOf", "allOf", "oneOf", "prefixItems", NULL };
  static const char *const single[] = {
    "items", "additionalProperties", "not", "contains", "if", "then", "else", NULL,
  };
  g_autoptr(JsonObject) copy = NULL;
  g_autoptr(GList) names = NULL;
  JsonObject *object;

  /* true/false schemas and anything unexpected are copied as they are */
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return json_node_copy (node);

  object = json_node_get_object (node);
  copy = json_object_new ();
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *member = json_object_get_member (object, name);
      JsonNode *mapped;

      if (g_strv_contains (maps, name))
        mapped = map_schema_members (member, fix, user_data);
      else if (g_strv_contains (lists, name)
               || (g_str_equal (name, "items") && JSON_NODE_HOLDS_ARRAY (member)))
        mapped = map_schema_elements (member, fix, user_data);
      else if (g_strv_contains (single, name))
        mapped = map_schema (member, fix, user_data);
      else
        mapped = json_node_copy (member);
      json_object_set_member (copy, name, mapped);
    }
  if (fix != NULL)
    fix (copy, user_data);
  return json_node_init_object (json_node_alloc (), copy);
}

JsonNode *
fx_row_json_schema (const FxSchema *schema)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (schema != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "object");

  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  for (guint i = 0; i < schema->features->len; i++)
    add_feature (builder, g_ptr_array_index (schema->features, i));
  json_builder_end_object (builder);

  /* Every feature is required; a missing value is an explicit null, so a row that
   * leaves a column out is an error the validator can see. */
  json_builder_set_member_name (builder, "required");
  json_builder_begin_array (builder);
  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *feature = g_ptr_array_index (schema->features, i);

      json_builder_add_string_value (builder, feature->name);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "additionalProperties");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
fx_rows_json_schema (JsonNode *row_schema,
                     guint     n_rows)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (row_schema != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "object");

  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "array");
  json_builder_set_member_name (builder, "items");
  json_builder_add_value (builder, json_node_copy (row_schema));
  json_builder_set_member_name (builder, "minItems");
  json_builder_add_int_value (builder, n_rows);
  json_builder_set_member_name (builder, "maxItems");
  json_builder_add_int_value (builder, n_rows);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "required");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "rows");
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "additionalProperties");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
fx_json_schema_map (JsonNode        *schema,
                    FxSchemaFixFunc  fix,
                    gpointer         user_data)
{
  g_return_val_if_fail (schema != NULL, NULL);

  return map_schema (schema, fix, user_data);
}
