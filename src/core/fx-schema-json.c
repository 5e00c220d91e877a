/* fx-schema-json.c: a schema read from JSON, with the place of every problem, and
 * written back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fx-csv.h"
#include "fx-error.h"
#include "fx-file.h"
#include "fx-json-writer.h"
#include "fx-schema.h"
#include "fx-schema-private.h"

/* A schema is a few levels deep; anything far deeper is not one. */
#define MAX_DEPTH 64

/* A schema of thousands of features with their categories stays well below this. */
#define FX_SCHEMA_MAX_BYTES (64u << 20)


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

/* Where the value at @path starts (or, with a "#key" suffix, its key), or failing
 * that the nearest enclosing value; FALSE when nothing is known. */
static gboolean
position_of (LoadContext *ctx,
             const char  *path,
             guint       *line,
             guint       *col)
{
  gpointer packed = NULL;

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

  if (packed == NULL)
    return FALSE;
  line_and_column (ctx->data, GPOINTER_TO_SIZE (packed) - 1, line, col);
  return TRUE;
}

G_GNUC_PRINTF (3, 4)
static gboolean
fail_at (LoadContext *ctx,
         const char  *path,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  guint line, col;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (position_of (ctx, path, &line, &col))
    g_set_error (ctx->error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_INVALID, "%s:%u:%u: %s",
                 ctx->display_name, line, col, message);
  else
    g_set_error (ctx->error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_INVALID, "%s: %s",
                 ctx->display_name, message);
  return FALSE;
}

const char *
fx_json_node_kind (JsonNode *node)
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

gboolean
fx_json_node_is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

gboolean
fx_json_node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

gboolean
fx_json_node_is_boolean (JsonNode *node)
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
  if (!fx_json_node_is_string (node))
    return fail_at (ctx, path, _("“%s” must be a string, not %s"), key, fx_json_node_kind (node));
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

  if (!fx_json_node_is_number (node))
    return fail_at (ctx, path, _("“%s” must be a number, not %s"), key, fx_json_node_kind (node));
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
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail_at (ctx, path, _("“%s” must be an array, not %s"), key, fx_json_node_kind (node));

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *item_path = g_strdup_printf ("%s/%u", path, i);

      if (fx_json_node_is_string (item))
        g_ptr_array_add (out, g_strdup (json_node_get_string (item)));
      else if (numbers_too && fx_json_node_is_number (item))
        {
          char buf[32];

          g_ptr_array_add (out, g_strdup (fx_format_double (json_node_get_double (item), buf)));
        }
      else
        return fail_at (ctx, item_path, _("item %u of “%s” must be a string, not %s"),
                        i + 1, key, fx_json_node_kind (item));
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
    return fail_at (ctx, path, _("a feature must be an object, not %s"), fx_json_node_kind (node));
  object = json_node_get_object (node);

  member = json_object_get_member (object, "name");
  if (member == NULL)
    return fail_at (ctx, path, _("the feature has no “name”"));
  {
    g_autofree char *p = g_strdup_printf ("%s/name", path);

    if (!get_string (ctx, member, p, "name", &name))
      return FALSE;
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
      else if (g_str_equal (key, "nullable") || g_str_equal (key, "identifier"))
        {
          if (!fx_json_node_is_boolean (member))
            return fail_at (ctx, p, _("“%s” must be true or false, not %s"), key, fx_json_node_kind (member));
          if (g_str_equal (key, "nullable"))
            feature->nullable = json_node_get_boolean (member);
          else
            feature->identifier = json_node_get_boolean (member);
        }
      else if (g_str_equal (key, "missing_rate"))
        {
          if (!get_number (ctx, member, p, key, &feature->missing_rate))
            return FALSE;
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
            return fail_at (ctx, p, _("“frequencies” must be an array, not %s"), fx_json_node_kind (member));
          array = json_node_get_array (member);
          feature->frequencies = g_array_new (FALSE, FALSE, sizeof (double));
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              g_autofree char *ip = g_strdup_printf ("%s/%u", p, i);
              double f;

              if (!get_number (ctx, json_array_get_element (array, i), ip, key, &f))
                return FALSE;
              g_array_append_val (feature->frequencies, f);
            }
        }
      else
        {
          g_autofree char *kp = g_strconcat (p, "#key", NULL);

          return fail_at (ctx, kp, _("feature “%s”: unknown key “%s”"), name, key);
        }
    }

  *out = g_steal_pointer (&feature);
  return TRUE;
}

static gboolean
load_rules (LoadContext *ctx,
            JsonNode    *node,
            GPtrArray   *out)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail_at (ctx, "rules", _("“rules” must be an array, not %s"), fx_json_node_kind (node));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("rules/%u", i);
      g_autoptr(FxSchemaRule) rule = fx_schema_rule_new (NULL, NULL, NULL);
      g_autoptr(GList) members = NULL;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return fail_at (ctx, path, _("a rule must be an object with “name” and “check”, not %s"),
                        fx_json_node_kind (item));
      object = json_node_get_object (item);
      members = json_object_get_members (object);
      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *key = l->data;
          JsonNode *member = json_object_get_member (object, key);
          g_autofree char *p = g_strdup_printf ("%s/%s", path, key);

          if (g_str_equal (key, "name"))
            {
              if (!get_string (ctx, member, p, key, &rule->name))
                return FALSE;
            }
          else if (g_str_equal (key, "check"))
            {
              if (!get_string (ctx, member, p, key, &rule->check))
                return FALSE;
            }
          else if (g_str_equal (key, "description"))
            {
              if (!get_string (ctx, member, p, key, &rule->description))
                return FALSE;
            }
          else
            {
              g_autofree char *kp = g_strconcat (p, "#key", NULL);

              return fail_at (ctx, kp, _("rule %u: unknown key “%s”; a rule has “name”, “check” and "
                                         "“description”"), i + 1, key);
            }
        }
      g_ptr_array_add (out, g_steal_pointer (&rule));
    }
  return TRUE;
}

static FxSchema *
load_root (LoadContext *ctx,
           JsonNode    *root)
{
  g_autoptr(FxSchema) schema = fx_schema_new ();
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  gboolean has_format = FALSE;

  if (root == NULL)
    {
      fail_at (ctx, "", _("the file is empty: expected a schema object"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      fail_at (ctx, "", _("a schema must be a JSON object, not %s"), fx_json_node_kind (root));
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
          if (!fx_json_node_is_number (member) || json_node_get_double (member) != FX_SCHEMA_FORMAT)
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
      else if (g_str_equal (key, "site"))
        {
          if (!JSON_NODE_HOLDS_NULL (member) && !get_string (ctx, member, key, key, &schema->site))
            return NULL;
        }
      else if (g_str_equal (key, "rules"))
        {
          if (!load_rules (ctx, member, schema->rules))
            return NULL;
        }
      else if (g_str_equal (key, "group_by"))
        {
          if (!get_string_list (ctx, member, key, key, FALSE, schema->group_by))
            return NULL;
        }
      else if (g_str_equal (key, "generation_order"))
        {
          if (!get_string_list (ctx, member, key, key, FALSE, schema->generation_order))
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
              fail_at (ctx, key, _("“features” must be an array, not %s"), fx_json_node_kind (member));
              return NULL;
            }
          array = json_node_get_array (member);
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              g_autofree char *path = g_strdup_printf ("features/%u", i);
              FxFeature *feature = NULL;

              if (!load_feature (ctx, json_array_get_element (array, i), path, &feature))
                return NULL;
              g_ptr_array_add (schema->features, feature);
            }
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
  return g_steal_pointer (&schema);
}

/* The path of the value a problem is about, as the walker names it. */
static char *
problem_path (const FxSchemaProblem *problem)
{
  GString *path = g_string_new (NULL);

  if (problem->feature_index >= 0)
    g_string_append_printf (path, "features/%d", problem->feature_index);
  if (problem->field != NULL)
    {
      if (path->len > 0)
        g_string_append_c (path, '/');
      g_string_append (path, problem->field);
      if (problem->item >= 0)
        g_string_append_printf (path, "/%d", problem->item);
    }
  return g_string_free (path, FALSE);
}

FxSchema *
fx_schema_load_data_checked (const char  *data,
                             gssize       length,
                             const char  *display_name,
                             GPtrArray  **problems,
                             GError     **error)
{
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(GPtrArray) found = NULL;
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
    gsize depth = 0, deepest_at = 0, root_end = 0, start = 0;
    gboolean in_string = FALSE;

    /* where the first value ends: a container ends where its depth returns to 0
     * (below); a string or a bare number or word, here, so that a value after it is
     * not taken for the end of the first */
    while (start < (gsize) length && strchr (" \t\r\n", data[start]) && data[start] != '\0')
      start++;
    if (start < (gsize) length && data[start] == '"')
      {
        for (root_end = start + 1; root_end < (gsize) length && data[root_end] != '"'; root_end++)
          if (data[root_end] == '\\')
            root_end++;
        root_end = MIN (root_end + 1, (gsize) length);
      }
    else if (start < (gsize) length && data[start] != '{' && data[start] != '[')
      for (root_end = start; root_end < (gsize) length; root_end++)
        if (strchr (" \t\r\n{}[]\",:", data[root_end]) || data[root_end] == '\0')
          break;

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
    for (gsize i = root_end; root_end > start && i < (gsize) length; i++)
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

  schema = load_root (&ctx, json_parser_get_root (parser));
  if (schema == NULL)
    return NULL;

  found = fx_schema_check (schema);
  for (guint i = 0; i < found->len; i++)
    {
      FxSchemaProblem *problem = g_ptr_array_index (found, i);
      g_autofree char *path = problem_path (problem);

      position_of (&ctx, path, &problem->line, &problem->column);
    }
  if (problems != NULL)
    *problems = g_steal_pointer (&found);
  return g_steal_pointer (&schema);
}

FxSchema *
fx_schema_load_data (const char  *data,
                     gssize       length,
                     const char  *display_name,
                     GError     **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(FxSchema) schema = NULL;
  const FxSchemaProblem *first;

  schema = fx_schema_load_data_checked (data, length, display_name, &problems, error);
  if (schema == NULL)
    return NULL;
  if (problems->len == 0)
    return g_steal_pointer (&schema);

  first = g_ptr_array_index (problems, 0);
  if (first->line > 0)
    g_set_error (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_INVALID, "%s:%u:%u: %s",
                 display_name, first->line, first->column, first->message);
  else
    g_set_error (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_INVALID, "%s: %s", display_name, first->message);
  return NULL;
}

FxSchema *
fx_schema_load_file (const char  *path,
                     GError     **error)
{
  g_autoptr(GString) contents = g_string_new (NULL);
  char buf[65536];
  int fd;

  /* read in blocks up to a bound, so that a pipe that never ends is no schema either */
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_IO, "%s: %s", path, g_strerror (saved));
      return NULL;
    }
  for (;;)
    {
      gssize n = read (fd, buf, sizeof buf);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_IO, "%s: %s", path, g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      g_string_append_len (contents, buf, n);
      if (contents->len > FX_SCHEMA_MAX_BYTES)
        {
          close (fd);
          g_set_error (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_IO,
                       _("%s: larger than %u MiB: this is not a schema"), path, FX_SCHEMA_MAX_BYTES >> 20);
          return NULL;
        }
    }
  close (fd);
  return fx_schema_load_data (contents->str, contents->len, path, error);
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
  if (schema->site != NULL)
    fx_json_writer_member_string (w, "site", schema->site);
  if (schema->generation_order->len > 0)
    {
      fx_json_writer_key (w, "generation_order");
      fx_json_writer_begin_array (w, TRUE);
      for (guint i = 0; i < schema->generation_order->len; i++)
        fx_json_writer_string (w, g_ptr_array_index (schema->generation_order, i));
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
      if (f->identifier)
        fx_json_writer_member_boolean (w, "identifier", TRUE);
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
  if (schema->rules->len > 0)
    {
      fx_json_writer_key (w, "rules");
      fx_json_writer_begin_array (w, FALSE);
      for (guint i = 0; i < schema->rules->len; i++)
        {
          const FxSchemaRule *rule = g_ptr_array_index (schema->rules, i);

          fx_json_writer_begin_object (w);
          fx_json_writer_member_string (w, "name", rule->name != NULL ? rule->name : "");
          fx_json_writer_member_string (w, "check", rule->check != NULL ? rule->check : "");
          if (rule->description != NULL)
            fx_json_writer_member_string (w, "description", rule->description);
          fx_json_writer_end_object (w);
        }
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
