/* fx-plan.c: a study as a plan, read from a JSON file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fx-plan.h"
#include "fx-provider.h"

G_DEFINE_QUARK (fx-plan-error-quark, fx_plan_error)

/* ---- where each key is --------------------------------------------------------------
 * JSON-GLib keeps no positions in its nodes, so the text is walked once more to find
 * the line and column of every key ("generators[1].model") for the error messages. */

typedef struct
{
  gboolean  array;
  guint     index;
  char     *key;
  gboolean  expect_key;
} Level;

static char *
level_path (GArray *stack)
{
  GString *path = g_string_new (NULL);

  for (guint i = 0; i < stack->len; i++)
    {
      Level *l = &g_array_index (stack, Level, i);

      if (l->array)
        g_string_append_printf (path, "[%u]", l->index);
      else if (l->key != NULL)
        g_string_append_printf (path, "%s%s", path->len > 0 ? "." : "", l->key);
    }
  return g_string_free (path, FALSE);
}

static void
record (GHashTable *where,
        GArray     *stack,
        guint       line,
        guint       column)
{
  char *path = level_path (stack);

  if (!g_hash_table_contains (where, path))
    g_hash_table_insert (where, path, g_strdup_printf ("%u:%u", line, column));
  else
    g_free (path);
}

static GHashTable *
locate_keys (const char *text)
{
  GHashTable *where = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GArray) stack = g_array_new (FALSE, TRUE, sizeof (Level));
  guint line = 1, column = 1;
  const char *p = text;

  while (*p != '\0')
    {
      Level *top = stack->len > 0 ? &g_array_index (stack, Level, stack->len - 1) : NULL;
      guint start_line = line, start_column = column;

      if (*p == '\n')
        {
          line++;
          column = 1;
          p++;
          continue;
        }
      if (*p == '"')
        {
          GString *s = g_string_new (NULL);

          p++, column++;
          while (*p != '\0' && *p != '"')
            {
              if (*p == '\\' && p[1] != '\0')
                p++, column++;
              g_string_append_c (s, *p);
              p++, column++;
            }
          if (*p == '"')
            p++, column++;
          if (top != NULL && !top->array && top->expect_key)
            {
              g_free (top->key);
              top->key = g_string_free (s, FALSE);
              top->expect_key = FALSE;
              record (where, stack, start_line, start_column);
            }
          else
            {
              g_string_free (s, TRUE);
              if (top != NULL && top->array)
                record (where, stack, start_line, start_column);
            }
          continue;
        }
      if (*p == '{' || *p == '[')
        {
          Level l = { *p == '[', 0, NULL, *p == '{' };

          if (top != NULL && top->array)
            record (where, stack, start_line, start_column);
          g_array_append_val (stack, l);
        }
      else if ((*p == '}' || *p == ']') && stack->len > 0)
        {
          g_free (top->key);
          g_array_set_size (stack, stack->len - 1);
        }
      else if (*p == ',' && top != NULL)
        {
          if (top->array)
            top->index++;
          else
            top->expect_key = TRUE;
        }
      else if (top != NULL && top->array && !g_ascii_isspace (*p) && *p != ',' &&
               (p == text || strchr ("[, \t\r\n", p[-1]) != NULL))
        record (where, stack, start_line, start_column);
      p++, column++;
    }
  for (guint i = 0; i < stack->len; i++)
    g_free (g_array_index (stack, Level, i).key);
  return where;
}

/* ---- reading ------------------------------------------------------------------------ */

typedef struct
{
  const char *path;
  GHashTable *where;
} Reader;

G_GNUC_PRINTF (4, 5)
static gboolean
fail (Reader      *r,
      GError     **error,
      const char  *key,
      const char  *format,
      ...)
{
  g_autofree char *what = NULL;
  const char *at = g_hash_table_lookup (r->where, key);
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  if (at != NULL)
    g_set_error (error, FX_PLAN_ERROR, FX_PLAN_ERROR_INVALID, "%s:%s: “%s”: %s", r->path, at, key, what);
  else
    g_set_error (error, FX_PLAN_ERROR, FX_PLAN_ERROR_INVALID, "%s: “%s”: %s", r->path, key, what);
  return FALSE;
}

static char *
resolve (const char *plan_path,
         const char *path)
{
  g_autofree char *dir = g_path_get_dirname (plan_path);

  if (g_path_is_absolute (path))
    return g_strdup (path);
  return g_canonicalize_filename (path, dir);
}

static gboolean
read_string (Reader      *r,
             JsonObject  *o,
             const char  *prefix,
             const char  *name,
             gboolean     required,
             char       **out,
             GError     **error)
{
  g_autofree char *key = prefix != NULL ? g_strdup_printf ("%s.%s", prefix, name) : g_strdup (name);
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL)
    return required ? fail (r, error, key, _("missing; expected a string")) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      json_node_get_string (node)[0] == '\0')
    return fail (r, error, key, _("expected a string that is not empty"));
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
node_whole (JsonNode *node,
            double    min,
            double    max,
            double   *value)
{
  double v;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    v = json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    v = json_node_get_double (node);
  else
    return FALSE;
  if (v != floor (v) || v < min || v > max)
    return FALSE;
  *value = v;
  return TRUE;
}

static gboolean
read_whole (Reader      *r,
            JsonObject  *o,
            const char  *name,
            double       min,
            double       max,
            double       fallback,
            double      *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!node_whole (node, min, max, out))
    return fail (r, error, name, _("expected a whole number from %.0f to %.0f"), min, max);
  return TRUE;
}

/* A non-empty array of whole numbers in [min, max]; "all" allowed when @all. */
static gboolean
read_counts (Reader      *r,
             JsonObject  *o,
             const char  *name,
             double       min,
             double       max,
             gboolean     all,
             GArray      *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (o, name);
  JsonArray *array;

  if (node == NULL)
    return fail (r, error, name, all ? _("missing; expected an array of numbers of features or “all”")
                                     : _("missing; expected an array of whole numbers"));
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (array = json_node_get_array (node)) == 0)
    return fail (r, error, name, _("expected an array that is not empty"));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);
      g_autofree char *key = g_strdup_printf ("%s[%u]", name, i);
      double v;
      guint u;

      if (all && JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING &&
          g_str_equal (json_node_get_string (e), "all"))
        u = FX_PLAN_ALL_FEATURES;
      else if (node_whole (e, min, max, &v))
        u = (guint) v;
      else if (all)
        return fail (r, error, key, _("expected a whole number from %.0f to %.0f or “all”"), min, max);
      else
        return fail (r, error, key, _("expected a whole number from %.0f to %.0f"), min, max);
      g_array_append_val (out, u);
    }
  return TRUE;
}

static gboolean
read_generators (Reader      *r,
                 JsonObject  *o,
                 FxPlan      *plan,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (o, "generators");
  JsonArray *array;

  if (node == NULL)
    return fail (r, error, "generators",
                 _("missing; expected an array of generators such as {\"provider\": \"copula\"}"));
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (array = json_node_get_array (node)) == 0)
    return fail (r, error, "generators", _("expected an array that is not empty"));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);
      g_autofree char *key = g_strdup_printf ("generators[%u]", i);
      FxPlanGenerator *g;
      gboolean baseline;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        return fail (r, error, key, _("expected an object with “provider” (and “model” for a provider)"));
      g = g_new0 (FxPlanGenerator, 1);
      g_ptr_array_add (plan->generators, g);
      if (!read_string (r, json_node_get_object (e), key, "provider", TRUE, &g->provider, error) ||
          !read_string (r, json_node_get_object (e), key, "model", FALSE, &g->model, error) ||
          !read_string (r, json_node_get_object (e), key, "base_url", FALSE, &g->base_url, error))
        return FALSE;
      baseline = fx_provider_lookup (g->provider) == NULL;
      if (baseline && fx_generator_lookup (g->provider) == NULL)
        {
          g_autofree char *k = g_strdup_printf ("%s.provider", key);

          return fail (r, error, k, _("expected a provider (openai, anthropic, gemini, openai-compatible) "
                                      "or a baseline (copula, independent), not “%s”"), g->provider);
        }
      if (!baseline && g->model == NULL)
        return fail (r, error, key, _("expected “model”: a provider needs one"));
    }
  return TRUE;
}

static gboolean
read_strategies (Reader      *r,
                 JsonObject  *o,
                 FxPlan      *plan,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (o, "strategies");
  JsonArray *array;
  FxStrategyKind kind = FX_STRATEGY_GROUP;

  if (node == NULL)
    {
      /* the source study's sweeps used the group strategy */
      g_array_append_val (plan->strategies, kind);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (array = json_node_get_array (node)) == 0)
    return fail (r, error, "strategies", _("expected an array of strategies that is not empty"));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);
      g_autofree char *key = g_strdup_printf ("strategies[%u]", i);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING ||
          !fx_strategy_kind_from_string (json_node_get_string (e), &kind))
        return fail (r, error, key,
                     _("expected a strategy: naive, schema, conditional, group, statistics or anchored"));
      g_array_append_val (plan->strategies, kind);
    }
  return TRUE;
}

static const char *known_keys[] = {
  "schema", "reference", "generators", "strategies", "features", "order", "rows", "repeats",
  "seeds", "batch_rows", "concurrency", "budget", "name", "keep_groups", NULL,
};

static gboolean
read_plan (Reader      *r,
           JsonNode    *root,
           FxPlan      *plan,
           GError     **error)
{
  JsonObject *o;
  g_autofree char *schema = NULL, *reference = NULL, *order = NULL;
  g_autoptr(GList) members = NULL;
  JsonNode *seeds;
  double v;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, FX_PLAN_ERROR, FX_PLAN_ERROR_INVALID, _("%s: expected a JSON object"), r->path);
      return FALSE;
    }
  o = json_node_get_object (root);
  members = json_object_get_members (o);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known_keys, l->data))
      return fail (r, error, l->data, _("unknown key; expected one of schema, reference, generators, "
                                        "strategies, features, order, keep_groups, rows, repeats, seeds, "
                                        "batch_rows, concurrency, budget, name"));

  if (!read_string (r, o, NULL, "schema", TRUE, &schema, error) ||
      !read_string (r, o, NULL, "reference", TRUE, &reference, error) ||
      !read_generators (r, o, plan, error) ||
      !read_strategies (r, o, plan, error) ||
      !read_counts (r, o, "features", 1, 10000, TRUE, plan->features, error) ||
      !read_counts (r, o, "rows", 1, 10000000, FALSE, plan->rows, error) ||
      !read_string (r, o, NULL, "order", FALSE, &order, error))
    return FALSE;
  plan->schema_path = resolve (r->path, schema);
  plan->reference_path = resolve (r->path, reference);

  plan->order = FX_RANK_TARGET_ASSOCIATION;
  if (order != NULL && g_str_equal (order, "schema"))
    plan->order = FX_RANK_SCHEMA_ORDER;
  else if (order != NULL && !g_str_equal (order, "association"))
    return fail (r, error, "order", _("expected “association” (strongest association with the target "
                                      "first) or “schema” (the schema's order)"));

  plan->keep_groups = TRUE;
  if (json_object_has_member (o, "keep_groups"))
    {
      JsonNode *k = json_object_get_member (o, "keep_groups");

      if (!JSON_NODE_HOLDS_VALUE (k) || json_node_get_value_type (k) != G_TYPE_BOOLEAN)
        return fail (r, error, "keep_groups", _("expected true (every cut keeps the group columns) or false"));
      plan->keep_groups = json_node_get_boolean (k);
    }

  seeds = json_object_get_member (o, "seeds");
  if (seeds != NULL && json_object_has_member (o, "repeats"))
    return fail (r, error, "seeds", _("expected either “repeats” or “seeds”, not both"));
  if (seeds != NULL)
    {
      g_autoptr(GArray) s = g_array_new (FALSE, FALSE, sizeof (guint));

      if (!read_counts (r, o, "seeds", 1, G_MAXUINT32, FALSE, s, error))
        return FALSE;
      for (guint i = 0; i < s->len; i++)
        {
          guint64 seed = g_array_index (s, guint, i);

          for (guint k = 0; k < plan->seeds->len; k++)
            if (g_array_index (plan->seeds, guint64, k) == seed)
              {
                g_autofree char *key = g_strdup_printf ("seeds[%u]", i);

                return fail (r, error, key, _("expected seeds that differ: %u is there already"), (guint) seed);
              }
          g_array_append_val (plan->seeds, seed);
        }
    }
  else
    {
      if (!read_whole (r, o, "repeats", 1, 100, 1, &v, error))
        return FALSE;
      for (guint64 seed = 1; seed <= (guint64) v; seed++)
        g_array_append_val (plan->seeds, seed);
    }
  if (!read_whole (r, o, "batch_rows", 1, 1000, 50, &v, error))
    return FALSE;
  plan->batch_rows = (guint) v;
  if (!read_whole (r, o, "concurrency", 1, 64, 4, &v, error))
    return FALSE;
  plan->concurrency = (guint) v;

  if (json_object_has_member (o, "budget"))
    {
      JsonNode *b = json_object_get_member (o, "budget");

      if (!JSON_NODE_HOLDS_VALUE (b) ||
          (json_node_get_value_type (b) != G_TYPE_DOUBLE && json_node_get_value_type (b) != G_TYPE_INT64) ||
          json_node_get_double (b) <= 0)
        return fail (r, error, "budget", _("expected an amount above 0, in the price table's currency"));
      plan->budget = json_node_get_double (b);
    }
  return TRUE;
}

FxPlan *
fx_plan_parse (const char  *path,
               const char  *text,
               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(FxPlan) plan = g_new0 (FxPlan, 1);
  g_autoptr(GHashTable) where = NULL;
  Reader r = { path, NULL };

  g_return_val_if_fail (path != NULL && text != NULL, NULL);

  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    {
      /* JSON-GLib says "<data>:LINE:COLUMN: what" */
      const char *message = local_error->message;

      if (g_str_has_prefix (message, "<data>"))
        message += strlen ("<data>");
      g_set_error (error, FX_PLAN_ERROR, FX_PLAN_ERROR_SYNTAX, "%s%s%s", path,
                   message[0] == ':' ? "" : ": ", message);
      return NULL;
    }
  r.where = where = locate_keys (text);
  plan->path = g_strdup (path);
  plan->generators = g_ptr_array_new ();
  plan->strategies = g_array_new (FALSE, FALSE, sizeof (FxStrategyKind));
  plan->features = g_array_new (FALSE, FALSE, sizeof (guint));
  plan->rows = g_array_new (FALSE, FALSE, sizeof (guint));
  plan->seeds = g_array_new (FALSE, FALSE, sizeof (guint64));
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, FX_PLAN_ERROR, FX_PLAN_ERROR_SYNTAX, _("%s: the file is empty; expected a JSON object"),
                   path);
      return NULL;
    }
  if (!read_plan (&r, json_parser_get_root (parser), plan, error))
    return NULL;
  return g_steal_pointer (&plan);
}

FxPlan *
fx_plan_load (const char  *path,
              GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autoptr(GError) local_error = NULL;

  if (!g_file_get_contents (path, &text, NULL, &local_error))
    {
      g_set_error_literal (error, FX_PLAN_ERROR, FX_PLAN_ERROR_READ, local_error->message);
      return NULL;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, FX_PLAN_ERROR, FX_PLAN_ERROR_SYNTAX, _("%s: expected UTF-8 text"), path);
      return NULL;
    }
  return fx_plan_parse (absolute, text, error);
}

static void
generator_free (FxPlanGenerator *g)
{
  g_free (g->provider);
  g_free (g->model);
  g_free (g->base_url);
  g_free (g);
}

void
fx_plan_free (FxPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->path);
  g_free (plan->schema_path);
  g_free (plan->reference_path);
  if (plan->generators != NULL)
    {
      g_ptr_array_set_free_func (plan->generators, (GDestroyNotify) generator_free);
      g_ptr_array_unref (plan->generators);
    }
  g_clear_pointer (&plan->strategies, g_array_unref);
  g_clear_pointer (&plan->features, g_array_unref);
  g_clear_pointer (&plan->rows, g_array_unref);
  g_clear_pointer (&plan->seeds, g_array_unref);
  g_free (plan);
}

GArray *
fx_plan_get_groups (const FxPlan *plan)
{
  GArray *groups = g_array_new (FALSE, TRUE, sizeof (FxPlanGroup));

  /* repeats outermost: a budget that stops the study leaves whole first repeats */
  for (guint s = 0; s < plan->seeds->len; s++)
    for (guint g = 0; g < plan->generators->len; g++)
      {
        const FxPlanGenerator *generator = g_ptr_array_index (plan->generators, g);
        gboolean baseline = fx_provider_lookup (generator->provider) == NULL;

        for (guint k = 0; k < (baseline ? 1 : plan->strategies->len); k++)
          for (guint n = 0; n < plan->rows->len; n++)
            {
              FxPlanGroup group = { 0 };

              group.generator = generator;
              group.baseline = baseline;
              group.strategy = baseline ? FX_STRATEGY_GROUP : g_array_index (plan->strategies, FxStrategyKind, k);
              group.n_rows = g_array_index (plan->rows, guint, n);
              group.seed = g_array_index (plan->seeds, guint64, s);
              group.repeat = s + 1;
              g_array_append_val (groups, group);
            }
      }
  return groups;
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return (x > y) - (x < y);
}

GArray *
fx_plan_feature_counts (const FxPlan *plan,
                        guint         n_features)
{
  GArray *counts = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < plan->features->len; i++)
    {
      guint k = MIN (g_array_index (plan->features, guint, i), n_features);
      gboolean seen = FALSE;

      for (guint j = 0; j < counts->len; j++)
        seen |= g_array_index (counts, guint, j) == k;
      if (!seen && k > 0)
        g_array_append_val (counts, k);
    }
  g_array_sort (counts, compare_guint);
  return counts;
}

guint
fx_plan_count_cells (const FxPlan *plan,
                     guint         n_features)
{
  g_autoptr(GArray) groups = fx_plan_get_groups (plan);
  g_autoptr(GArray) counts = fx_plan_feature_counts (plan, n_features);

  return groups->len * counts->len;
}

char *
fx_plan_group_describe (const FxPlanGroup *group)
{
  if (group->baseline)
    return g_strdup (group->generator->provider);
  return g_strdup_printf ("%s %s, %s", group->generator->provider, group->generator->model,
                          fx_strategy_kind_to_string (group->strategy));
}
