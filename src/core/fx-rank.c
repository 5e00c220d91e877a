/* fx-rank.c: which features to keep when fewer are generated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fx-error.h"
#include "fx-rank.h"
#include "fx-rules.h"
#include "fx-stats.h"

void
fx_ranked_feature_free (FxRankedFeature *feature)
{
  g_free (feature->name);
  g_free (feature);
}

static gboolean
is_numeric (const FxColumn *column)
{
  return column->type == FX_COLUMN_INTEGER || column->type == FX_COLUMN_NUMBER;
}

/* Levels of a categorical or yes/no column, one per row; G_MAXUINT32 where missing. */
static guint32 *
levels_of (const FxColumn *column,
           gsize          *n_levels)
{
  guint32 *levels = g_new (guint32, column->n_rows);

  *n_levels = column->type == FX_COLUMN_CATEGORICAL ? column->categories->len : 2;
  for (gsize i = 0; i < column->n_rows; i++)
    {
      if (fx_column_is_missing (column, i))
        levels[i] = G_MAXUINT32;
      else if (column->type == FX_COLUMN_CATEGORICAL)
        levels[i] = column->codes[i];
      else
        levels[i] = column->values[i] != 0 ? 1 : 0;
    }
  return levels;
}

/* Values of a numeric column, NaN where missing. */
static double *
values_of (const FxColumn *column)
{
  double *values = g_new (double, column->n_rows);

  for (gsize i = 0; i < column->n_rows; i++)
    values[i] = fx_column_is_missing (column, i) ? NAN : column->values[i];
  return values;
}

static double
cramers_v (const guint32 *a,
           gsize          na,
           const guint32 *b,
           gsize          nb,
           gsize          n)
{
  g_autofree double *table = g_new0 (double, na * nb);

  for (gsize i = 0; i < n; i++)
    if (a[i] != G_MAXUINT32 && b[i] != G_MAXUINT32)
      table[(gsize) a[i] * nb + b[i]] += 1;
  return fx_cramers_v (table, na, nb);
}

static double
association (const FxColumn *feature,
             const FxColumn *target)
{
  gsize n = MIN (feature->n_rows, target->n_rows);

  if (is_numeric (target))
    {
      g_autofree double *y = values_of (target);

      if (is_numeric (feature))
        {
          g_autofree double *x = values_of (feature);

          return fabs (fx_spearman_pairwise (x, y, n));
        }
      else
        {
          gsize n_levels;
          g_autofree guint32 *levels = levels_of (feature, &n_levels);

          return fx_correlation_ratio_masked (y, levels, n, n_levels);
        }
    }
  else
    {
      gsize n_classes;
      g_autofree guint32 *classes = levels_of (target, &n_classes);

      if (is_numeric (feature))
        {
          g_autofree double *x = values_of (feature);

          return fx_correlation_ratio_masked (x, classes, n, n_classes);
        }
      else
        {
          gsize n_levels;
          g_autofree guint32 *levels = levels_of (feature, &n_levels);

          return cramers_v (levels, n_levels, classes, n_classes, n);
        }
    }
}

static int
by_score (gconstpointer a,
          gconstpointer b)
{
  const FxRankedFeature *x = *(FxRankedFeature * const *) a;
  const FxRankedFeature *y = *(FxRankedFeature * const *) b;

  /* undefined last; g_ptr_array_sort is stable, so ties keep the schema's order */
  if (isnan (x->score) || isnan (y->score))
    return isnan (x->score) - isnan (y->score);
  return (x->score < y->score) - (x->score > y->score);
}

GPtrArray *
fx_rank_features (const FxSchema  *schema,
                  const FxTable   *reference,
                  FxRankOrder      order,
                  GError         **error)
{
  g_autoptr(GPtrArray) ranked = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_ranked_feature_free);
  const FxColumn *target = NULL;

  g_return_val_if_fail (schema != NULL, NULL);

  if (order == FX_RANK_TARGET_ASSOCIATION)
    {
      if (schema->target == NULL)
        {
          g_set_error_literal (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_INVALID,
                               _("the schema names no target column to rank the features by"));
          return NULL;
        }
      target = reference != NULL ? fx_table_find_column (reference, schema->target) : NULL;
      if (target == NULL)
        {
          g_set_error (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_INVALID,
                       _("the reference data has no column “%s”, the target"), schema->target);
          return NULL;
        }
    }

  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);
      FxRankedFeature *r;

      if (g_strcmp0 (f->name, schema->target) == 0)
        continue;
      r = g_new0 (FxRankedFeature, 1);
      r->name = g_strdup (f->name);
      r->score = NAN;
      if (target != NULL)
        {
          const FxColumn *column = fx_table_find_column (reference, f->name);

          if (column != NULL)
            r->score = association (column, target);
        }
      g_ptr_array_add (ranked, r);
    }
  if (order == FX_RANK_TARGET_ASSOCIATION)
    g_ptr_array_sort (ranked, by_score);
  return g_steal_pointer (&ranked);
}

static gboolean
kept (GHashTable *names,
      const char *name)
{
  return name != NULL && g_hash_table_contains (names, name);
}

/* Removes from the schema @object's "rules" every rule that does not compile over the
 * features of @schema named in @names (a rule over a column that was cut). */
static void
keep_rules_over (JsonObject     *object,
                 const FxSchema *schema,
                 GHashTable     *names)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  g_autoptr(GArray) types = g_array_new (FALSE, FALSE, sizeof (FxColumnType));
  g_autoptr(FxRules) rules = NULL;
  JsonArray *all = json_object_get_array_member (object, "rules");
  JsonArray *kept_rules = json_array_new ();

  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *feature = g_ptr_array_index (schema->features, i);

      if (kept (names, feature->name))
        {
          g_ptr_array_add (columns, feature->name);
          g_array_append_val (types, feature->type);
        }
    }
  rules = fx_rules_new ((const char * const *) columns->pdata, (const FxColumnType *) (void *) types->data,
                        columns->len, NULL);
  for (guint i = 0; all != NULL && i < json_array_get_length (all); i++)
    {
      JsonObject *rule = json_array_get_object_element (all, i);
      const char *description = json_object_has_member (rule, "description")
                                ? json_object_get_string_member (rule, "description") : NULL;

      if (rules != NULL && rule != NULL &&
          fx_rules_add (rules, json_object_get_string_member (rule, "name"),
                        json_object_get_string_member (rule, "check"), description, NULL))
        json_array_add_element (kept_rules, json_node_copy (json_array_get_element (all, i)));
    }
  json_object_set_array_member (object, "rules", kept_rules);
}

FxSchema *
fx_schema_subset (const FxSchema *schema,
                  GPtrArray      *ranked,
                  guint           n)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) gen = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;
  JsonArray *features, *kept_features, *groups;
  FxSchema *subset;

  g_return_val_if_fail (schema != NULL && ranked != NULL, NULL);

  for (guint i = 0; i < MIN (n, ranked->len); i++)
    g_hash_table_add (names, ((FxRankedFeature *) g_ptr_array_index (ranked, i))->name);
  if (schema->target != NULL)
    g_hash_table_add (names, schema->target);

  /* through the schema's own text, so that every field it has is carried over */
  json = fx_schema_to_json (schema);
  root = json_from_string (json, NULL);
  g_return_val_if_fail (root != NULL && JSON_NODE_HOLDS_OBJECT (root), NULL);
  object = json_node_get_object (root);
  features = json_object_get_array_member (object, "features");
  kept_features = json_array_new ();
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *f = json_array_get_object_element (features, i);

      if (kept (names, json_object_get_string_member (f, "name")))
        json_array_add_element (kept_features, json_node_copy (json_array_get_element (features, i)));
    }
  json_object_set_array_member (object, "features", kept_features);
  /* the lists that name columns keep only the columns kept */
  for (guint k = 0; k < 2; k++)
    {
      const char *list = k == 0 ? "group_by" : "generation_order";

      if (json_object_has_member (object, list) &&
          (groups = json_object_get_array_member (object, list)) != NULL)
        {
          JsonArray *kept_groups = json_array_new ();

          for (guint i = 0; i < json_array_get_length (groups); i++)
            if (kept (names, json_array_get_string_element (groups, i)))
              json_array_add_string_element (kept_groups, json_array_get_string_element (groups, i));
          json_object_set_array_member (object, list, kept_groups);
        }
    }

  /* so does the site column */
  if (json_object_has_member (object, "site") &&
      !kept (names, json_object_get_string_member (object, "site")))
    json_object_remove_member (object, "site");

  /* and a rule stays only when the columns it reads are kept */
  if (json_object_has_member (object, "rules"))
    keep_rules_over (object, schema, names);

  gen = json_generator_new ();
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  subset = fx_schema_load_data (text, -1, "subset", NULL);
  g_return_val_if_fail (subset != NULL, NULL);
  return subset;
}
