/* fx-schema-check.c: what stops a schema from being used
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fx-rules.h"
#include "fx-schema.h"

/* Frequencies are rounded when inferred; a list may be off 1 by this much. */
#define FREQUENCY_SUM_TOLERANCE 1e-3

void
fx_schema_problem_free (FxSchemaProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->feature);
  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

G_GNUC_PRINTF (6, 7)
static void
add_problem (GPtrArray       *out,
             const FxFeature *feature,
             int              feature_index,
             const char      *field,
             int              item,
             const char      *format,
             ...)
{
  FxSchemaProblem *problem = g_new0 (FxSchemaProblem, 1);
  va_list args;

  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  problem->feature = feature != NULL ? g_strdup (feature->name) : NULL;
  problem->feature_index = feature_index;
  problem->field = g_strdup (field);
  problem->item = item;
  g_ptr_array_add (out, problem);
}

/* Items of a list must be named, once each. */
static void
check_list (GPtrArray       *out,
            const FxFeature *feature,
            int              feature_index,
            const char      *field,
            GPtrArray       *items)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < items->len; i++)
    {
      const char *item = g_ptr_array_index (items, i);

      if (item == NULL || item[0] == '\0')
        add_problem (out, feature, feature_index, field, (int) i,
                     _("item %u of “%s” is empty"), i + 1, field);
      else if (!g_hash_table_add (seen, (gpointer) item))
        add_problem (out, feature, feature_index, field, (int) i,
                     _("“%s” lists “%s” twice"), field, item);
    }
}

static void
check_feature (GPtrArray       *out,
               const FxFeature *f,
               int              index)
{
  const char *name = f->name != NULL ? f->name : "";

  if (name[0] == '\0')
    add_problem (out, f, index, "name", -1, _("a feature name must not be empty"));

  if (f->has_minimum && !isfinite (f->minimum))
    add_problem (out, f, index, "minimum", -1, _("feature “%s”: “minimum” must be a number"), name);
  if (f->has_maximum && !isfinite (f->maximum))
    add_problem (out, f, index, "maximum", -1, _("feature “%s”: “maximum” must be a number"), name);
  if (!isnan (f->missing_rate) && !(f->missing_rate >= 0 && f->missing_rate <= 1))
    add_problem (out, f, index, "missing_rate", -1,
                 _("feature “%s”: “missing_rate” must be between 0 and 1"), name);
  check_list (out, f, index, "categories", f->categories);
  if (f->frequencies != NULL)
    for (guint k = 0; k < f->frequencies->len; k++)
      {
        double v = g_array_index (f->frequencies, double, k);

        if (!(v >= 0 && v <= 1))
          add_problem (out, f, index, "frequencies", (int) k,
                       _("feature “%s”: a frequency must be between 0 and 1"), name);
      }

  /* consistency between keys */
  if (f->has_minimum && f->has_maximum && f->minimum > f->maximum)
    add_problem (out, f, index, "maximum", -1, _("feature “%s”: “maximum” is below “minimum”"), name);
  if ((f->has_minimum || f->has_maximum) && !fx_column_type_is_numeric (f->type))
    add_problem (out, f, index, f->has_minimum ? "minimum" : "maximum", -1,
                 _("feature “%s”: bounds apply to numeric types only"), name);
  if (f->categories->len > 0 && f->type != FX_COLUMN_CATEGORICAL)
    add_problem (out, f, index, "categories", -1,
                 _("feature “%s”: “categories” apply to categorical features only"), name);
  if (f->frequencies != NULL)
    {
      double sum = 0;

      if (f->frequencies->len != f->categories->len)
        add_problem (out, f, index, "frequencies", -1, _("feature “%s”: %u frequencies for %u categories"),
                     name, f->frequencies->len, f->categories->len);
      for (guint k = 0; k < f->frequencies->len; k++)
        sum += g_array_index (f->frequencies, double, k);
      if (f->frequencies->len > 0 && isfinite (sum) && fabs (sum - 1) > FREQUENCY_SUM_TOLERANCE)
        add_problem (out, f, index, "frequencies", -1, _("feature “%s”: frequencies add up to %g, not 1"),
                     name, sum);
    }
  if (!f->nullable && f->missing_rate > 0)
    add_problem (out, f, index, "missing_rate", -1,
                 _("feature “%s”: a missing rate above 0 needs “nullable”: true"), name);
}

/* Every rule is compiled as SQLite would run it, so that a rule that cannot run is
 * found when the schema is read, not halfway through a generation run.  Rules
 * without a name or check, or of a name already taken, are reported above. */
static void
check_rules_compile (const FxSchema *schema,
                     GPtrArray      *out)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree const char **names = NULL;
  g_autofree FxColumnType *types = NULL;
  g_autoptr(FxRules) rules = NULL;

  if (schema->rules->len == 0)
    return;
  names = g_new0 (const char *, schema->features->len + 1);
  types = g_new (FxColumnType, MAX (schema->features->len, 1));
  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);

      /* a feature without a name, or a second of one name, is a problem of its own */
      if (f->name == NULL || f->name[0] == '\0' || !g_hash_table_add (seen, f->name))
        return;
      names[i] = f->name;
      types[i] = f->type;
    }
  rules = fx_rules_new (names, types, schema->features->len, NULL);
  if (rules == NULL)
    return;

  g_hash_table_remove_all (seen);
  for (guint i = 0; i < schema->rules->len; i++)
    {
      const FxSchemaRule *rule = g_ptr_array_index (schema->rules, i);
      g_autoptr(GError) error = NULL;

      if (rule->name == NULL || rule->name[0] == '\0' || rule->check == NULL ||
          rule->check[0] == '\0' || !g_hash_table_add (seen, rule->name))
        continue;
      if (!fx_rules_add (rules, rule->name, rule->check, rule->description, &error))
        add_problem (out, NULL, -1, "rules", (int) i, "%s", error->message);
    }
}

GPtrArray *
fx_schema_check (const FxSchema *schema)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_schema_problem_free);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (schema != NULL, out);

  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);

      check_feature (out, f, (int) i);
      if (f->name != NULL && f->name[0] != '\0' && !g_hash_table_add (names, f->name))
        add_problem (out, f, (int) i, "name", -1, _("two features are named “%s”"), f->name);
    }

  if (schema->features->len == 0)
    add_problem (out, NULL, -1, "features", -1, _("the schema has no features"));
  if (schema->target != NULL && fx_schema_find_feature (schema, schema->target) == NULL)
    add_problem (out, NULL, -1, "target", -1, _("the target “%s” is not a feature"), schema->target);
  check_list (out, NULL, -1, "group_by", schema->group_by);
  for (guint i = 0; i < schema->group_by->len; i++)
    {
      const char *column = g_ptr_array_index (schema->group_by, i);

      if (column != NULL && column[0] != '\0' && fx_schema_find_feature (schema, column) == NULL)
        add_problem (out, NULL, -1, "group_by", (int) i, _("the group column “%s” is not a feature"), column);
    }
  check_list (out, NULL, -1, "generation_order", schema->generation_order);
  for (guint i = 0; i < schema->generation_order->len; i++)
    {
      const char *column = g_ptr_array_index (schema->generation_order, i);

      if (column != NULL && column[0] != '\0' && fx_schema_find_feature (schema, column) == NULL)
        add_problem (out, NULL, -1, "generation_order", (int) i,
                     _("the column “%s” of the generation order is not a feature"), column);
    }
  check_list (out, NULL, -1, "constraints", schema->constraints);
  if (schema->site != NULL && fx_schema_find_feature (schema, schema->site) == NULL)
    add_problem (out, NULL, -1, "site", -1, _("the site column “%s” is not a feature"), schema->site);

  {
    g_autoptr(GHashTable) rule_names = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < schema->rules->len; i++)
      {
        const FxSchemaRule *rule = g_ptr_array_index (schema->rules, i);

        if (rule->name == NULL || rule->name[0] == '\0')
          add_problem (out, NULL, -1, "rules", (int) i, _("rule %u has no name"), i + 1);
        else if (!g_hash_table_add (rule_names, rule->name))
          add_problem (out, NULL, -1, "rules", (int) i, _("two rules are named “%s”"), rule->name);
        if (rule->check == NULL || rule->check[0] == '\0')
          add_problem (out, NULL, -1, "rules", (int) i, _("rule %u (“%s”) has no “check”"), i + 1,
                       rule->name != NULL ? rule->name : "");
      }
    check_rules_compile (schema, out);
  }

  return out;
}
