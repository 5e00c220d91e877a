/* fx-schema.c: schema JSON, inference and row validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-csv.h"
#include "fx-error.h"
#include "fx-file.h"
#include "fx-json-writer.h"
#include "fx-schema.h"

/* Frequencies are rounded when inferred; a loaded list may be off 1 by this much. */
#define FREQUENCY_SUM_TOLERANCE 1e-3

/* A schema is a few levels deep; anything far deeper is not one. */
#define MAX_DEPTH 64

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

FxSchema *
fx_schema_new (void)
{
  FxSchema *schema = g_new0 (FxSchema, 1);

  schema->group_by = g_ptr_array_new_with_free_func (g_free);
  schema->features = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_feature_free);
  schema->constraints = g_ptr_array_new_with_free_func (g_free);
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
  g_ptr_array_unref (schema->group_by);
  g_ptr_array_unref (schema->features);
  g_ptr_array_unref (schema->constraints);
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

/* json-glib keeps no positions in its tree, so the text is walked once more (it is
 * already known to be valid JSON) to note where the value at each path starts:
 * "features/2/minimum" -> line and column. */
typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  GString    *path;
  GHashTable *positions;  /* path -> where its value starts (byte offset + 1) */
  GHashTable *keys;       /* path of a member -> where its key starts */
} Walker;

static void walk_value (Walker *w);

/* Byte offsets (plus one, so that none is NULL); lines and columns are worked out
 * only for an error. */
static gpointer
walker_position (Walker *w)
{
  return GSIZE_TO_POINTER ((gsize) (w->p - w->start) + 1);
}

static void
walk_space (Walker *w)
{
  while (w->p < w->end && (*w->p == ' ' || *w->p == '\t' || *w->p == '\n' || *w->p == '\r'))
    w->p++;
}

static void
walk_string (Walker  *w,
             GString *out)
{
  w->p++;  /* opening quote */
  while (w->p < w->end && *w->p != '"')
    {
      if (*w->p == '\\' && w->p + 1 < w->end)
        {
          if (out != NULL)
            g_string_append_c (out, w->p[1]);
          w->p += 2;
          continue;
        }
      if (out != NULL)
        g_string_append_c (out, *w->p);
      w->p++;
    }
  w->p++;  /* closing quote */
}

static void
walk_value (Walker *w)
{
  walk_space (w);
  if (w->p >= w->end)
    return;

  g_hash_table_insert (w->positions, g_strdup (w->path->str), walker_position (w));

  if (*w->p == '{' || *w->p == '[')
    {
      gboolean is_object = *w->p == '{';
      char close = is_object ? '}' : ']';
      gsize base = w->path->len;
      guint index = 0;

      w->p++;
      for (;;)
        {
          walk_space (w);
          if (w->p >= w->end || *w->p == close)
            break;
          if (base > 0)
            g_string_append_c (w->path, '/');
          if (is_object)
            {
              gpointer key_at = walker_position (w);

              walk_string (w, w->path);
              g_hash_table_insert (w->keys, g_strdup (w->path->str), key_at);
              walk_space (w);
              w->p++;  /* ':' */
            }
          else
            g_string_append_printf (w->path, "%u", index++);
          walk_value (w);
          g_string_truncate (w->path, base);
          walk_space (w);
          if (w->p < w->end && *w->p == ',')
            w->p++;
        }
      w->p++;
    }
  else if (*w->p == '"')
    walk_string (w, NULL);
  else
    while (w->p < w->end && !strchr (",]} \t\r\n", *w->p))
      w->p++;
}

typedef struct
{
  const char *display_name;
  const char *data;
  GHashTable *positions;
  GHashTable *keys;
  GError    **error;
} LoadContext;

/* Line and byte column (both from 1) of @offset in @data, as the CSV errors count. */
static void
line_and_column (const char *data,
                 gsize       offset,
                 guint      *line,
                 guint      *col)
{
  gsize line_start = 0;

  *line = 1;
  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n')
      {
        (*line)++;
        line_start = i + 1;
      }
  *col = (guint) (offset - line_start) + 1;
}

G_GNUC_PRINTF (3, 4)
static gboolean
fail_at (LoadContext *ctx,
         const char  *path,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  gpointer packed = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (ctx->keys != NULL && g_str_has_suffix (path, "#key"))
    {
      g_autofree char *member_path = g_strndup (path, strlen (path) - strlen ("#key"));

      packed = g_hash_table_lookup (ctx->keys, member_path);
    }
  if (packed == NULL && ctx->positions != NULL)
    {
      g_autofree char *probe = g_strdup (path);

      /* the value itself, or failing that the nearest enclosing one */
      while (!g_hash_table_lookup_extended (ctx->positions, probe, NULL, &packed))
        {
          char *slash = strrchr (probe, '/');

          if (slash == NULL)
            {
              packed = g_hash_table_lookup (ctx->positions, "");
              break;
            }
          *slash = '\0';
        }
    }

  if (packed != NULL)
    {
      guint line, col;

      line_and_column (ctx->data, GPOINTER_TO_SIZE (packed) - 1, &line, &col);
      g_set_error (ctx->error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_INVALID, "%s:%u:%u: %s",
                   ctx->display_name, line, col, message);
    }
  else
    g_set_error (ctx->error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_INVALID, "%s: %s",
                 ctx->display_name, message);
  return FALSE;
}

static const char *
node_kind (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return _("null");
  if (JSON_NODE_HOLDS_OBJECT (node))
    return _("an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return _("an array");
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("a string");
    case G_TYPE_BOOLEAN:
      return _("true or false");
    default:
      return _("a number");
    }
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_boolean (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

static gboolean
get_string (LoadContext  *ctx,
            JsonNode     *node,
            const char   *path,
            const char   *key,
            char        **out)
{
  if (!node_is_string (node))
    return fail_at (ctx, path, _("“%s” must be a string, not %s"), key, node_kind (node));
  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
get_number (LoadContext *ctx,
            JsonNode    *node,
            const char  *path,
            const char  *key,
            double      *out)
{
  gpointer at;

  if (!node_is_number (node))
    return fail_at (ctx, path, _("“%s” must be a number, not %s"), key, node_kind (node));
  *out = json_node_get_double (node);

  /* json-glib 1.6 wraps integers past 64 bits around; read the number's own text */
  at = ctx->positions != NULL ? g_hash_table_lookup (ctx->positions, path) : NULL;
  if (at != NULL)
    *out = g_ascii_strtod (ctx->data + GPOINTER_TO_SIZE (at) - 1, NULL);
  if (!isfinite (*out))
    return fail_at (ctx, path, _("“%s” is too large a number"), key);
  return TRUE;
}

static gboolean
get_string_list (LoadContext *ctx,
                 JsonNode    *node,
                 const char  *path,
                 const char  *key,
                 gboolean     numbers_too,
                 GPtrArray   *out)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail_at (ctx, path, _("“%s” must be an array, not %s"), key, node_kind (node));

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *item_path = g_strdup_printf ("%s/%u", path, i);

      if (node_is_string (item))
        g_ptr_array_add (out, g_strdup (json_node_get_string (item)));
      else if (numbers_too && node_is_number (item))
        {
          char buf[32];

          g_ptr_array_add (out, g_strdup (fx_format_double (json_node_get_double (item), buf)));
        }
      else
        return fail_at (ctx, item_path, _("item %u of “%s” must be a string, not %s"),
                        i + 1, key, node_kind (item));

      if (((char *) g_ptr_array_index (out, out->len - 1))[0] == '\0')
        return fail_at (ctx, item_path, _("item %u of “%s” is empty"), i + 1, key);
      if (!g_hash_table_add (seen, g_ptr_array_index (out, out->len - 1)))
        return fail_at (ctx, item_path, _("“%s” lists “%s” twice"), key,
                        (char *) g_ptr_array_index (out, out->len - 1));
    }
  return TRUE;
}

static gboolean
load_feature (LoadContext *ctx,
              JsonNode    *node,
              const char  *path,
              FxFeature  **out)
{
  g_autoptr(FxFeature) feature = NULL;
  g_autofree char *name = NULL;
  g_autofree char *type_name = NULL;
  JsonObject *object;
  JsonNode *member;
  g_autoptr(GList) members = NULL;
  FxColumnType type;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail_at (ctx, path, _("a feature must be an object, not %s"), node_kind (node));
  object = json_node_get_object (node);

  member = json_object_get_member (object, "name");
  if (member == NULL)
    return fail_at (ctx, path, _("the feature has no “name”"));
  {
    g_autofree char *p = g_strdup_printf ("%s/name", path);

    if (!get_string (ctx, member, p, "name", &name))
      return FALSE;
    if (name[0] == '\0')
      return fail_at (ctx, p, _("a feature name must not be empty"));
  }

  member = json_object_get_member (object, "type");
  if (member == NULL)
    return fail_at (ctx, path, _("feature “%s” has no “type”"), name);
  {
    g_autofree char *p = g_strdup_printf ("%s/type", path);

    if (!get_string (ctx, member, p, "type", &type_name))
      return FALSE;
    if (!fx_column_type_from_string (type_name, &type))
      return fail_at (ctx, p, _("feature “%s”: unknown type “%s”; expected integer, number, "
                                "boolean or categorical"), name, type_name);
  }

  feature = fx_feature_new (name, type);

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      g_autofree char *p = g_strdup_printf ("%s/%s", path, key);

      member = json_object_get_member (object, key);

      if (g_str_equal (key, "name") || g_str_equal (key, "type"))
        continue;
      else if (g_str_equal (key, "unit"))
        {
          if (!get_string (ctx, member, p, key, &feature->unit))
            return FALSE;
        }
      else if (g_str_equal (key, "description"))
        {
          if (!get_string (ctx, member, p, key, &feature->description))
            return FALSE;
        }
      else if (g_str_equal (key, "minimum"))
        {
          if (!get_number (ctx, member, p, key, &feature->minimum))
            return FALSE;
          feature->has_minimum = TRUE;
        }
      else if (g_str_equal (key, "maximum"))
        {
          if (!get_number (ctx, member, p, key, &feature->maximum))
            return FALSE;
          feature->has_maximum = TRUE;
        }
      else if (g_str_equal (key, "nullable"))
        {
          if (!node_is_boolean (member))
            return fail_at (ctx, p, _("“nullable” must be true or false, not %s"), node_kind (member));
          feature->nullable = json_node_get_boolean (member);
        }
      else if (g_str_equal (key, "missing_rate"))
        {
          if (!get_number (ctx, member, p, key, &feature->missing_rate))
            return FALSE;
          if (!(feature->missing_rate >= 0 && feature->missing_rate <= 1))
            return fail_at (ctx, p, _("feature “%s”: “missing_rate” must be between 0 and 1"), name);
        }
      else if (g_str_equal (key, "categories"))
        {
          if (!get_string_list (ctx, member, p, key, TRUE, feature->categories))
            return FALSE;
        }
      else if (g_str_equal (key, "frequencies"))
        {
          JsonArray *array;

          if (!JSON_NODE_HOLDS_ARRAY (member))
            return fail_at (ctx, p, _("“frequencies” must be an array, not %s"), node_kind (member));
          array = json_node_get_array (member);
          feature->frequencies = g_array_new (FALSE, FALSE, sizeof (double));
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              g_autofree char *ip = g_strdup_printf ("%s/%u", p, i);
              double f;

              if (!get_number (ctx, json_array_get_element (array, i), ip, key, &f))
                return FALSE;
              if (!(f >= 0 && f <= 1))
                return fail_at (ctx, ip, _("feature “%s”: a frequency must be between 0 and 1"), name);
              g_array_append_val (feature->frequencies, f);
            }
        }
      else
        {
          g_autofree char *kp = g_strconcat (p, "#key", NULL);

          return fail_at (ctx, kp, _("feature “%s”: unknown key “%s”"), name, key);
        }
    }

  /* consistency between keys */
  if (feature->has_minimum && feature->has_maximum && feature->minimum > feature->maximum)
    {
      g_autofree char *p = g_strdup_printf ("%s/maximum", path);
      return fail_at (ctx, p, _("feature “%s”: “maximum” is below “minimum”"), name);
    }
  if ((feature->has_minimum || feature->has_maximum) && !fx_column_type_is_numeric (type))
    return fail_at (ctx, path, _("feature “%s”: bounds apply to numeric types only"), name);
  if (feature->categories->len > 0 && type != FX_COLUMN_CATEGORICAL)
    return fail_at (ctx, path, _("feature “%s”: “categories” apply to categorical features only"), name);
  if (feature->frequencies != NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s/frequencies", path);
      double sum = 0;

      if (feature->frequencies->len != feature->categories->len)
        return fail_at (ctx, p, _("feature “%s”: %u frequencies for %u categories"), name,
                        feature->frequencies->len, feature->categories->len);
      for (guint i = 0; i < feature->frequencies->len; i++)
        sum += g_array_index (feature->frequencies, double, i);
      if (feature->frequencies->len > 0 && fabs (sum - 1) > FREQUENCY_SUM_TOLERANCE)
        return fail_at (ctx, p, _("feature “%s”: frequencies add up to %g, not 1"), name, sum);
    }
  if (!feature->nullable && feature->missing_rate > 0)
    {
      g_autofree char *p = g_strdup_printf ("%s/missing_rate", path);
      return fail_at (ctx, p, _("feature “%s”: a missing rate above 0 needs “nullable”: true"), name);
    }

  *out = g_steal_pointer (&feature);
  return TRUE;
}

static FxSchema *
load_root (LoadContext *ctx,
           JsonNode    *root)
{
  g_autoptr(FxSchema) schema = fx_schema_new ();
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  gboolean has_format = FALSE, has_features = FALSE;

  if (root == NULL)
    {
      fail_at (ctx, "", _("the file is empty: expected a schema object"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      fail_at (ctx, "", _("a schema must be a JSON object, not %s"), node_kind (root));
      return NULL;
    }
  object = json_node_get_object (root);

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *member = json_object_get_member (object, key);

      if (g_str_equal (key, "format"))
        {
          if (!node_is_number (member) || json_node_get_double (member) != FX_SCHEMA_FORMAT)
            {
              fail_at (ctx, key, _("unsupported schema format; this version reads format %d"),
                       FX_SCHEMA_FORMAT);
              return NULL;
            }
          has_format = TRUE;
        }
      else if (g_str_equal (key, "name"))
        {
          if (!get_string (ctx, member, key, key, &schema->name))
            return NULL;
        }
      else if (g_str_equal (key, "description"))
        {
          if (!get_string (ctx, member, key, key, &schema->description))
            return NULL;
        }
      else if (g_str_equal (key, "target"))
        {
          if (!JSON_NODE_HOLDS_NULL (member) && !get_string (ctx, member, key, key, &schema->target))
            return NULL;
        }
      else if (g_str_equal (key, "group_by"))
        {
          if (!get_string_list (ctx, member, key, key, FALSE, schema->group_by))
            return NULL;
        }
      else if (g_str_equal (key, "constraints"))
        {
          if (!get_string_list (ctx, member, key, key, FALSE, schema->constraints))
            return NULL;
        }
      else if (g_str_equal (key, "features"))
        {
          JsonArray *array;

          if (!JSON_NODE_HOLDS_ARRAY (member))
            {
              fail_at (ctx, key, _("“features” must be an array, not %s"), node_kind (member));
              return NULL;
            }
          array = json_node_get_array (member);
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              g_autofree char *path = g_strdup_printf ("features/%u", i);
              FxFeature *feature = NULL;

              if (!load_feature (ctx, json_array_get_element (array, i), path, &feature))
                return NULL;
              if (fx_schema_find_feature (schema, feature->name) != NULL)
                {
                  g_autofree char *p = g_strdup_printf ("%s/name", path);

                  fail_at (ctx, p, _("two features are named “%s”"), feature->name);
                  fx_feature_free (feature);
                  return NULL;
                }
              g_ptr_array_add (schema->features, feature);
            }
          has_features = TRUE;
        }
      else
        {
          g_autofree char *kp = g_strconcat (key, "#key", NULL);

          fail_at (ctx, kp, _("unknown key “%s”"), key);
          return NULL;
        }
    }

  if (!has_format)
    {
      fail_at (ctx, "", _("missing “format”: %d"), FX_SCHEMA_FORMAT);
      return NULL;
    }
  if (!has_features || schema->features->len == 0)
    {
      fail_at (ctx, has_features ? "features" : "", _("the schema has no features"));
      return NULL;
    }
  if (schema->target != NULL && fx_schema_find_feature (schema, schema->target) == NULL)
    {
      fail_at (ctx, "target", _("the target “%s” is not a feature"), schema->target);
      return NULL;
    }
  for (guint i = 0; i < schema->group_by->len; i++)
    if (fx_schema_find_feature (schema, g_ptr_array_index (schema->group_by, i)) == NULL)
      {
        g_autofree char *p = g_strdup_printf ("group_by/%u", i);

        fail_at (ctx, p, _("the group column “%s” is not a feature"),
                 (char *) g_ptr_array_index (schema->group_by, i));
        return NULL;
      }

  return g_steal_pointer (&schema);
}

FxSchema *
fx_schema_load_data (const char  *data,
                     gssize       length,
                     const char  *display_name,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GHashTable) positions = NULL;
  g_autoptr(GHashTable) keys = NULL;
  g_autoptr(GError) local_error = NULL;
  LoadContext ctx = { display_name, data, NULL, NULL, error };
  const char *bad = NULL;
  Walker walker;

  if (length < 0)
    length = strlen (data);

  if (!g_utf8_validate_len (data, length, &bad))
    {
      guint line = 1;
      const char *line_start = data;

      for (const char *p = data; p < bad; p++)
        if (*p == '\n')
          line++, line_start = p + 1;
      g_set_error (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_SYNTAX,
                   "%s:%u:%u: %s", display_name, line,
                   (guint) (bad - line_start) + 1,
                   _("invalid UTF-8; save the schema as UTF-8"));
      return NULL;
    }

  /* json-glib, and the walker below, recurse once per level */
  {
    gsize depth = 0, deepest_at = 0, root_end = 0;
    gboolean in_string = FALSE;

    for (gsize i = 0; i < (gsize) length; i++)
      {
        char c = data[i];

        if (in_string)
          {
            if (c == '\\')
              i++;
            else if (c == '"')
              in_string = FALSE;
          }
        else if (c == '"')
          in_string = TRUE;
        else if (c == '[' || c == '{')
          {
            if (++depth > MAX_DEPTH)
              {
                deepest_at = i;
                break;
              }
          }
        else if ((c == ']' || c == '}') && depth > 0)
          {
            if (--depth == 0 && root_end == 0)
              root_end = i + 1;
          }
      }
    if (depth > MAX_DEPTH)
      {
        guint line, col;

        line_and_column (data, deepest_at, &line, &col);
        g_set_error (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_SYNTAX, "%s:%u:%u: %s", display_name,
                     line, col, _("nested too deeply for a schema"));
        return NULL;
      }
    /* json-glib 1.6 reads the first value and ignores (and leaks) what follows it */
    for (gsize i = root_end; root_end > 0 && i < (gsize) length; i++)
      if (!strchr (" \t\r\n", data[i]) || data[i] == '\0')
        {
          guint line, col;

          line_and_column (data, i, &line, &col);
          g_set_error (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_SYNTAX, "%s:%u:%u: %s", display_name,
                       line, col, _("unexpected text after the end of the schema"));
          return NULL;
        }
  }

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      /* json-glib says "<data>:LINE:COL: Parse error: ..." with a column counted from
       * 0; ours count from 1, like every other position Facsimile reports */
      guint line = 0, col = 0;
      int consumed = 0;
      const char *message = local_error->message;

      if (sscanf (message, "<data>:%u:%u:%n", &line, &col, &consumed) == 2 && consumed > 0)
        g_set_error (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_SYNTAX, "%s:%u:%u:%s",
                     display_name, line, col + 1, message + consumed);
      else
        g_set_error (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_SYNTAX, "%s: %s", display_name, message);
      return NULL;
    }

  positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  walker = (Walker) { data, data, data + length, g_string_new (NULL), positions, keys };
  walk_value (&walker);
  g_string_free (walker.path, TRUE);
  ctx.positions = positions;
  ctx.keys = keys;
  ctx.data = data;

  return load_root (&ctx, json_parser_get_root (parser));
}

FxSchema *
fx_schema_load_file (const char  *path,
                     GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_IO, "%s", local_error->message);
      return NULL;
    }
  return fx_schema_load_data (contents, length, path, error);
}

static void
write_bound (FxJsonWriter    *w,
             const char      *key,
             const FxFeature *feature,
             double           value)
{
  fx_json_writer_key (w, key);
  if (feature->type == FX_COLUMN_INTEGER && value == floor (value) && fabs (value) < 9e15)
    fx_json_writer_int (w, (gint64) value);
  else
    fx_json_writer_double (w, value);
}

char *
fx_schema_to_json (const FxSchema *schema)
{
  g_autoptr(FxJsonWriter) w = fx_json_writer_new (TRUE);

  fx_json_writer_begin_object (w);
  fx_json_writer_member_int (w, "format", FX_SCHEMA_FORMAT);
  if (schema->name != NULL)
    fx_json_writer_member_string (w, "name", schema->name);
  if (schema->description != NULL)
    fx_json_writer_member_string (w, "description", schema->description);
  if (schema->target != NULL)
    fx_json_writer_member_string (w, "target", schema->target);
  if (schema->group_by->len > 0)
    {
      fx_json_writer_key (w, "group_by");
      fx_json_writer_begin_array (w, TRUE);
      for (guint i = 0; i < schema->group_by->len; i++)
        fx_json_writer_string (w, g_ptr_array_index (schema->group_by, i));
      fx_json_writer_end_array (w);
    }

  fx_json_writer_key (w, "features");
  fx_json_writer_begin_array (w, FALSE);
  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);

      fx_json_writer_begin_object (w);
      fx_json_writer_member_string (w, "name", f->name);
      fx_json_writer_member_string (w, "type", fx_column_type_to_string (f->type));
      if (f->unit != NULL)
        fx_json_writer_member_string (w, "unit", f->unit);
      if (f->description != NULL)
        fx_json_writer_member_string (w, "description", f->description);
      if (f->has_minimum)
        write_bound (w, "minimum", f, f->minimum);
      if (f->has_maximum)
        write_bound (w, "maximum", f, f->maximum);
      if (f->categories->len > 0)
        {
          fx_json_writer_key (w, "categories");
          fx_json_writer_begin_array (w, TRUE);
          for (guint k = 0; k < f->categories->len; k++)
            fx_json_writer_string (w, g_ptr_array_index (f->categories, k));
          fx_json_writer_end_array (w);
        }
      if (f->frequencies != NULL)
        {
          fx_json_writer_key (w, "frequencies");
          fx_json_writer_begin_array (w, TRUE);
          for (guint k = 0; k < f->frequencies->len; k++)
            fx_json_writer_double (w, g_array_index (f->frequencies, double, k));
          fx_json_writer_end_array (w);
        }
      fx_json_writer_member_boolean (w, "nullable", f->nullable);
      if (!isnan (f->missing_rate))
        fx_json_writer_member_double (w, "missing_rate", f->missing_rate);
      fx_json_writer_end_object (w);
    }
  fx_json_writer_end_array (w);

  if (schema->constraints->len > 0)
    {
      fx_json_writer_key (w, "constraints");
      fx_json_writer_begin_array (w, FALSE);
      for (guint i = 0; i < schema->constraints->len; i++)
        fx_json_writer_string (w, g_ptr_array_index (schema->constraints, i));
      fx_json_writer_end_array (w);
    }
  fx_json_writer_end_object (w);

  return fx_json_writer_finish (g_steal_pointer (&w), NULL);
}

gboolean
fx_schema_save_file (const FxSchema  *schema,
                     const char      *path,
                     GError         **error)
{
  g_autofree char *json = fx_schema_to_json (schema);

  return fx_write_file_atomic (path, json, strlen (json), error);
}

/* ---- inference ---------------------------------------------------------------- */

/* Six significant digits: short to read, and a long list of small frequencies still
 * adds up to 1 within a few parts in a million. */
static double
round6 (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (v == 0 || !isfinite (v))
    return v;
  return g_ascii_strtod (g_ascii_formatd (buf, sizeof buf, "%.6g", v), NULL);
}

typedef struct
{
  const char *label;
  gsize       count;
} LabelCount;

static int
compare_label_count (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  const LabelCount *x = a;
  const LabelCount *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return g_utf8_collate (x->label, y->label);
}

FxSchema *
fx_schema_infer (const FxTable *table,
                 const char    *name)
{
  FxSchema *schema = fx_schema_new ();

  schema->name = g_strdup (name);

  for (guint c = 0; c < table->columns->len; c++)
    {
      const FxColumn *column = g_ptr_array_index (table->columns, c);
      FxFeature *feature = fx_feature_new (column->name, column->type);
      gsize present = fx_column_count_present (column);

      feature->nullable = column->n_missing > 0;
      feature->missing_rate = table->n_rows > 0 ? round6 ((double) column->n_missing / table->n_rows) : 0;
      /* a rate that rounds to 0 must not contradict nullable */
      if (feature->nullable && feature->missing_rate == 0)
        feature->missing_rate = (double) column->n_missing / table->n_rows;

      if (column->type == FX_COLUMN_CATEGORICAL && present > 0)
        {
          g_autofree gsize *counts = g_new0 (gsize, column->categories->len);
          g_autofree LabelCount *order = g_new (LabelCount, column->categories->len);
          gsize k = 0;

          for (gsize r = 0; r < column->n_rows; r++)
            if (!fx_column_is_missing (column, r))
              counts[column->codes[r]]++;
          for (guint i = 0; i < column->categories->len; i++)
            if (counts[i] > 0)
              order[k++] = (LabelCount) { g_ptr_array_index (column->categories, i), counts[i] };
          g_qsort_with_data (order, (gint) k, sizeof (LabelCount), compare_label_count, NULL);

          feature->frequencies = g_array_new (FALSE, FALSE, sizeof (double));
          for (gsize i = 0; i < k; i++)
            {
              double f = round6 ((double) order[i].count / present);

              g_ptr_array_add (feature->categories, g_strdup (order[i].label));
              g_array_append_val (feature->frequencies, f);
            }
        }
      else if (column->type != FX_COLUMN_CATEGORICAL && column->type != FX_COLUMN_BOOLEAN && present > 0)
        {
          double lo = INFINITY, hi = -INFINITY;

          for (gsize r = 0; r < column->n_rows; r++)
            if (!fx_column_is_missing (column, r))
              {
                lo = MIN (lo, column->values[r]);
                hi = MAX (hi, column->values[r]);
              }
          feature->has_minimum = feature->has_maximum = TRUE;
          feature->minimum = lo;
          feature->maximum = hi;
        }

      g_ptr_array_add (schema->features, feature);
    }

  return schema;
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

/* ---- validation --------------------------------------------------------------- */

const char *
fx_violation_kind_to_string (FxViolationKind kind)
{
  switch (kind)
    {
    case FX_VIOLATION_TYPE: return "type";
    case FX_VIOLATION_RANGE: return "range";
    case FX_VIOLATION_CATEGORY: return "category";
    case FX_VIOLATION_MISSING: return "missing";
    case FX_VIOLATION_UNKNOWN_FIELD: return "unknown-field";
    default: g_return_val_if_reached (NULL);
    }
}

void
fx_violation_free (FxViolation *violation)
{
  if (violation == NULL)
    return;
  g_free (violation->feature);
  g_free (violation->message);
  g_free (violation);
}

G_GNUC_PRINTF (4, 5)
static void
add_violation (GPtrArray       *out,
               const char      *feature,
               FxViolationKind  kind,
               const char      *format,
               ...)
{
  FxViolation *v = g_new0 (FxViolation, 1);
  va_list args;

  va_start (args, format);
  v->feature = g_strdup (feature);
  v->kind = kind;
  v->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (out, v);
}

typedef enum
{
  CELL_MISSING,
  CELL_NUMBER,
  CELL_BOOLEAN,
  CELL_TEXT,
} CellKind;

typedef struct
{
  CellKind    kind;
  double      number;
  gboolean    boolean;
  const char *text;     /* the value as written, for messages and categories */
} Cell;

/* A cell as written; numbers from JSON are spelt only when a message needs them. */
static const char *
cell_text (const Cell *cell,
           char        buf[32])
{
  if (cell->text != NULL)
    return cell->text;
  return fx_format_double (cell->number, buf);
}

static void
check_cell (const FxFeature *f,
            const Cell      *cell,
            GPtrArray       *out)
{
  char buf[32];

  if (cell->kind == CELL_MISSING)
    {
      if (!f->nullable)
        add_violation (out, f->name, FX_VIOLATION_MISSING,
                       _("“%s” is missing but may not be"), f->name);
      return;
    }

  switch (f->type)
    {
    case FX_COLUMN_INTEGER:
    case FX_COLUMN_NUMBER:
      if (cell->kind != CELL_NUMBER)
        {
          add_violation (out, f->name, FX_VIOLATION_TYPE, _("“%s” must be %s, got “%s”"), f->name,
                         f->type == FX_COLUMN_INTEGER ? _("an integer") : _("a number"), cell_text (cell, buf));
          return;
        }
      if (f->type == FX_COLUMN_INTEGER && cell->number != floor (cell->number))
        {
          add_violation (out, f->name, FX_VIOLATION_TYPE, _("“%s” must be an integer, got %s"),
                         f->name, fx_format_double (cell->number, buf));
          return;
        }
      if (f->has_minimum && cell->number < f->minimum)
        {
          char lo[32];

          add_violation (out, f->name, FX_VIOLATION_RANGE, _("“%s” is %s, below the minimum %s"),
                         f->name, fx_format_double (cell->number, buf), fx_format_double (f->minimum, lo));
        }
      if (f->has_maximum && cell->number > f->maximum)
        {
          char hi[32];

          add_violation (out, f->name, FX_VIOLATION_RANGE, _("“%s” is %s, above the maximum %s"),
                         f->name, fx_format_double (cell->number, buf), fx_format_double (f->maximum, hi));
        }
      break;

    case FX_COLUMN_BOOLEAN:
      if (cell->kind != CELL_BOOLEAN && !(cell->kind == CELL_NUMBER && (cell->number == 0 || cell->number == 1)))
        add_violation (out, f->name, FX_VIOLATION_TYPE,
                       _("“%s” must be true or false (1 or 0), got “%s”"), f->name, cell_text (cell, buf));
      break;

    case FX_COLUMN_CATEGORICAL:
      /* a label is its text, whether it reads as a number or a yes/no word */
      if (f->categories->len > 0)
        {
          gboolean found = FALSE;

          for (guint i = 0; i < f->categories->len && !found; i++)
            found = g_str_equal (g_ptr_array_index (f->categories, i), cell->text);
          if (!found)
            add_violation (out, f->name, FX_VIOLATION_CATEGORY,
                           _("“%s” is “%s”, which is not one of its categories"), f->name, cell->text);
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
classify_text (const char *text,
               Cell       *cell)
{
  gsize len = strlen (text);
  double v;

  cell->text = text;
  if (fx_csv_is_missing_token (text, len))
    cell->kind = CELL_MISSING;
  else if (fx_csv_parse_number (text, len, &v, NULL))
    {
      cell->kind = CELL_NUMBER;
      cell->number = v;
    }
  else if (g_ascii_strcasecmp (text, "true") == 0 || g_ascii_strcasecmp (text, "yes") == 0)
    {
      cell->kind = CELL_BOOLEAN;
      cell->boolean = TRUE;
    }
  else if (g_ascii_strcasecmp (text, "false") == 0 || g_ascii_strcasecmp (text, "no") == 0)
    {
      cell->kind = CELL_BOOLEAN;
      cell->boolean = FALSE;
    }
  else
    cell->kind = CELL_TEXT;
}

GPtrArray *
fx_schema_validate_strings (const FxSchema     *schema,
                            const char * const *names,
                            const char * const *values,
                            gsize               n)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_violation_free);

  for (gsize i = 0; i < n; i++)
    if (fx_schema_find_feature (schema, names[i]) == NULL)
      add_violation (out, names[i], FX_VIOLATION_UNKNOWN_FIELD,
                     _("“%s” is not a feature of the schema"), names[i]);

  for (guint k = 0; k < schema->features->len; k++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, k);
      Cell cell = { CELL_MISSING, 0, FALSE, "" };

      for (gsize i = 0; i < n; i++)
        if (g_str_equal (names[i], f->name))
          {
            classify_text (values[i] != NULL ? values[i] : "", &cell);
            break;
          }
      check_cell (f, &cell, out);
    }

  return out;
}

/* One member of a row object (NULL when the row lacks it) against its feature: the
 * rules shared by fx_schema_validate_object () and fx_schema_validate_members (). */
static gboolean
is_listed_category (const FxFeature *f,
                    const char      *text)
{
  if (f->type != FX_COLUMN_CATEGORICAL)
    return FALSE;
  for (guint i = 0; i < f->categories->len; i++)
    if (g_str_equal (g_ptr_array_index (f->categories, i), text))
      return TRUE;
  return FALSE;
}

static void
check_member (const FxFeature *f,
              const FxMember  *m,
              GPtrArray       *out)
{
  char buf[32];
  Cell cell = { CELL_MISSING, 0, FALSE, "" };

  if (m == NULL || m->kind == FX_MEMBER_NULL)
    cell.kind = CELL_MISSING;
  else if (m->kind == FX_MEMBER_NUMBER)
    {
      cell.kind = CELL_NUMBER;
      cell.number = m->number;
      /* the spelling matters only as a category label; messages make their own */
      cell.text = NULL;
      if (f->type == FX_COLUMN_CATEGORICAL)
        cell.text = fx_format_double (cell.number, buf);
    }
  else if (m->kind == FX_MEMBER_BOOLEAN)
    {
      cell.kind = CELL_BOOLEAN;
      cell.boolean = m->boolean;
      cell.text = cell.boolean ? "true" : "false";
    }
  else if (m->kind == FX_MEMBER_STRING)
    {
      /* a model's string is taken as written: "42" is not the number 42 */
      cell.kind = CELL_TEXT;
      cell.text = m->string;
      /* "NA" is a missing value, unless the schema lists it as a category */
      if (fx_csv_is_missing_token (cell.text, strlen (cell.text)) && !is_listed_category (f, cell.text))
        cell.kind = CELL_MISSING;
    }
  else
    {
      add_violation (out, f->name, FX_VIOLATION_TYPE, _("“%s” must be a single value, got %s"),
                     f->name, m->kind == FX_MEMBER_OBJECT ? _("an object") : _("an array"));
      return;
    }

  /* a category may be written as a number (1 for the category "1"), but JSON
   * true or false is no label */
  if (f->type == FX_COLUMN_CATEGORICAL && cell.kind == CELL_BOOLEAN)
    {
      add_violation (out, f->name, FX_VIOLATION_TYPE, _("“%s” must be a category, got %s"),
                     f->name, cell.text);
      return;
    }
  if (f->type == FX_COLUMN_CATEGORICAL && cell.kind == CELL_NUMBER)
    cell.kind = CELL_TEXT;
  check_cell (f, &cell, out);
}

GPtrArray *
fx_schema_validate_object (const FxSchema *schema,
                           JsonObject     *row)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_violation_free);
  guint matched = 0;

  for (guint k = 0; k < schema->features->len; k++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, k);
      JsonNode *node = json_object_get_member (row, f->name);
      FxMember member = { f->name, FX_MEMBER_NULL, FALSE, 0, NULL };

      if (node != NULL)
        matched++;
      if (node == NULL)
        {
          check_member (f, NULL, out);
          continue;
        }
      if (JSON_NODE_HOLDS_NULL (node))
        member.kind = FX_MEMBER_NULL;
      else if (node_is_number (node))
        {
          member.kind = FX_MEMBER_NUMBER;
          member.number = json_node_get_double (node);
        }
      else if (node_is_boolean (node))
        {
          member.kind = FX_MEMBER_BOOLEAN;
          member.boolean = json_node_get_boolean (node);
        }
      else if (node_is_string (node))
        {
          member.kind = FX_MEMBER_STRING;
          member.string = json_node_get_string (node);
        }
      else
        {
          add_violation (out, f->name, FX_VIOLATION_TYPE, _("“%s” must be a single value, got %s"),
                         f->name, node_kind (node));
          continue;
        }
      check_member (f, &member, out);
    }

  /* members the schema does not know: only looked for when there are some */
  if (json_object_get_size (row) > matched)
    {
      g_autoptr(GList) members = json_object_get_members (row);

      for (GList *l = members; l != NULL; l = l->next)
        if (fx_schema_find_feature (schema, l->data) == NULL)
          add_violation (out, l->data, FX_VIOLATION_UNKNOWN_FIELD,
                         _("“%s” is not a feature of the schema"), (const char *) l->data);
    }

  return out;
}

static int
compare_member_names (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const FxMember *members = user_data;

  return strcmp (members[*(const gsize *) a].name, members[*(const gsize *) b].name);
}

/* The index of the member called @name, or -1: @sorted holds the member indices in
 * name order. */
static gssize
find_member (const FxMember *members,
             const gsize    *sorted,
             gsize           n_members,
             const char     *name)
{
  gsize lo = 0, hi = n_members;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;
      int c = strcmp (members[sorted[mid]].name, name);

      if (c == 0)
        return (gssize) sorted[mid];
      if (c < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return -1;
}

GPtrArray *
fx_schema_validate_members (const FxSchema *schema,
                            const FxMember *members,
                            gsize           n_members)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_violation_free);
  g_autofree gsize *sorted = NULL;
  gsize matched = 0;
  gsize next = 0;

  g_return_val_if_fail (schema != NULL, out);
  g_return_val_if_fail (members != NULL || n_members == 0, out);

  for (guint k = 0; k < schema->features->len; k++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, k);
      gssize found = -1;

      /* models mostly write the features in schema order: try the member after the
       * last one found, and only then look the name up (by halves in a sorted index,
       * made once) */
      if (next < n_members && strcmp (members[next].name, f->name) == 0)
        found = (gssize) next;
      else if (n_members > 0)
        {
          if (sorted == NULL)
            {
              sorted = g_new (gsize, n_members);
              for (gsize i = 0; i < n_members; i++)
                sorted[i] = i;
              g_qsort_with_data (sorted, (gint) n_members, sizeof (gsize), compare_member_names, (gpointer) members);
            }
          found = find_member (members, sorted, n_members, f->name);
        }

      if (found >= 0)
        {
          matched++;
          next = (gsize) found + 1;
          check_member (f, &members[found], out);
        }
      else
        check_member (f, NULL, out);
    }

  /* members the schema does not know: only looked for when there are some */
  if (n_members > matched)
    for (gsize i = 0; i < n_members; i++)
      if (fx_schema_find_feature (schema, members[i].name) == NULL)
        add_violation (out, members[i].name, FX_VIOLATION_UNKNOWN_FIELD,
                       _("“%s” is not a feature of the schema"), members[i].name);

  return out;
}

FxSchema *
fx_schema_copy (const FxSchema *schema)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (schema != NULL, NULL);

  json = fx_schema_to_json (schema);
  return fx_schema_load_data (json, -1, schema->name != NULL ? schema->name : "schema", NULL);
}
