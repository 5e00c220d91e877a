/* fx-schema.c: the schema of a health-record table, as a model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fx-schema.h"

FxFeature *
fx_feature_new (const char   *name,
                FxColumnType  type)
{
  FxFeature *feature = g_new0 (FxFeature, 1);

  feature->name = g_strdup (name);
  feature->type = type;
  feature->categories = g_ptr_array_new_with_free_func (g_free);
  feature->missing_rate = NAN;
  return feature;
}

void
fx_feature_free (FxFeature *feature)
{
  if (feature == NULL)
    return;
  g_free (feature->name);
  g_free (feature->unit);
  g_free (feature->description);
  g_ptr_array_unref (feature->categories);
  if (feature->frequencies != NULL)
    g_array_unref (feature->frequencies);
  g_free (feature);
}

FxSchemaRule *
fx_schema_rule_new (const char *name,
                    const char *check,
                    const char *description)
{
  FxSchemaRule *rule = g_new0 (FxSchemaRule, 1);

  rule->name = g_strdup (name);
  rule->check = g_strdup (check);
  rule->description = g_strdup (description);
  return rule;
}

void
fx_schema_rule_free (FxSchemaRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->name);
  g_free (rule->check);
  g_free (rule->description);
  g_free (rule);
}

FxSchema *
fx_schema_new (void)
{
  FxSchema *schema = g_new0 (FxSchema, 1);

  schema->group_by = g_ptr_array_new_with_free_func (g_free);
  schema->generation_order = g_ptr_array_new_with_free_func (g_free);
  schema->features = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_feature_free);
  schema->constraints = g_ptr_array_new_with_free_func (g_free);
  schema->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_schema_rule_free);
  return schema;
}

void
fx_schema_free (FxSchema *schema)
{
  if (schema == NULL)
    return;
  g_free (schema->name);
  g_free (schema->description);
  g_free (schema->target);
  g_free (schema->site);
  g_ptr_array_unref (schema->group_by);
  g_ptr_array_unref (schema->generation_order);
  g_ptr_array_unref (schema->features);
  g_ptr_array_unref (schema->constraints);
  g_ptr_array_unref (schema->rules);
  g_free (schema);
}

FxFeature *
fx_schema_find_feature (const FxSchema *schema,
                        const char     *name)
{
  for (guint i = 0; i < schema->features->len; i++)
    {
      FxFeature *feature = g_ptr_array_index (schema->features, i);

      if (g_strcmp0 (feature->name, name) == 0)
        return feature;
    }
  return NULL;
}

/* ---- where each value starts in the text ------------------------------------- */

static GPtrArray *
copy_strings (GPtrArray *strings)
{
  GPtrArray *copy = g_ptr_array_new_full (strings->len, g_free);

  for (guint i = 0; i < strings->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (strings, i)));
  return copy;
}

FxFeature *
fx_feature_copy (const FxFeature *feature)
{
  FxFeature *copy;

  g_return_val_if_fail (feature != NULL, NULL);

  copy = fx_feature_new (feature->name, feature->type);
  copy->unit = g_strdup (feature->unit);
  copy->description = g_strdup (feature->description);
  copy->has_minimum = feature->has_minimum;
  copy->minimum = feature->minimum;
  copy->has_maximum = feature->has_maximum;
  copy->maximum = feature->maximum;
  g_ptr_array_unref (copy->categories);
  copy->categories = copy_strings (feature->categories);
  if (feature->frequencies != NULL)
    {
      copy->frequencies = g_array_sized_new (FALSE, FALSE, sizeof (double), feature->frequencies->len);
      g_array_append_vals (copy->frequencies, feature->frequencies->data, feature->frequencies->len);
    }
  copy->nullable = feature->nullable;
  copy->missing_rate = feature->missing_rate;
  copy->identifier = feature->identifier;
  return copy;
}

FxSchema *
fx_schema_copy (const FxSchema *schema)
{
  FxSchema *copy;

  g_return_val_if_fail (schema != NULL, NULL);

  copy = fx_schema_new ();
  copy->name = g_strdup (schema->name);
  copy->description = g_strdup (schema->description);
  copy->target = g_strdup (schema->target);
  copy->site = g_strdup (schema->site);
  g_ptr_array_unref (copy->group_by);
  copy->group_by = copy_strings (schema->group_by);
  g_ptr_array_unref (copy->generation_order);
  copy->generation_order = copy_strings (schema->generation_order);
  g_ptr_array_unref (copy->constraints);
  copy->constraints = copy_strings (schema->constraints);
  for (guint i = 0; i < schema->features->len; i++)
    g_ptr_array_add (copy->features, fx_feature_copy (g_ptr_array_index (schema->features, i)));
  for (guint i = 0; i < schema->rules->len; i++)
    {
      const FxSchemaRule *rule = g_ptr_array_index (schema->rules, i);

      g_ptr_array_add (copy->rules, fx_schema_rule_new (rule->name, rule->check, rule->description));
    }
  return copy;
}

GHashTable *
fx_schema_column_types (const FxSchema *schema)
{
  GHashTable *types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);

      g_hash_table_insert (types, g_strdup (f->name), GUINT_TO_POINTER (f->type + 1));
    }
  return types;
}

