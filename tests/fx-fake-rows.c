/* fx-fake-rows.c: the rows the fake provider answers with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fx-fake-rows.h"

/* ---- rows that follow a JSON Schema ------------------------------------------ */

static gboolean
type_allows (JsonObject *schema,
             const char *type)
{
  JsonNode *t = json_object_get_member (schema, "type");

  if (t == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (t))
    return g_strcmp0 (json_node_get_string (t), type) == 0;
  if (JSON_NODE_HOLDS_ARRAY (t))
    {
      JsonArray *a = json_node_get_array (t);

      for (guint i = 0; i < json_array_get_length (a); i++)
        if (g_strcmp0 (json_array_get_string_element (a, i), type) == 0)
          return TRUE;
    }
  return FALSE;
}

/* Bounds from minimum/maximum, or from the words of a description (for providers
 * whose schema subset has no bounds). */
static void
bounds (JsonObject *schema,
        double     *lo,
        double     *hi)
{
  const char *d = json_object_get_string_member_with_default (schema, "description", "");
  const char *p;

  *lo = 0;
  *hi = 100;
  if (json_object_has_member (schema, "minimum"))
    *lo = json_object_get_double_member (schema, "minimum");
  if (json_object_has_member (schema, "maximum"))
    *hi = json_object_get_double_member (schema, "maximum");
  if (json_object_has_member (schema, "minimum") || json_object_has_member (schema, "maximum"))
    return;

  if ((p = strstr (d, "between ")) != NULL)
    sscanf (p, "between %lf and %lf", lo, hi);
  else if ((p = strstr (d, "from ")) != NULL)
    sscanf (p, "from %lf to %lf", lo, hi);
  if ((p = strstr (d, "at least ")) != NULL)
    sscanf (p, "at least %lf", lo);
  if ((p = strstr (d, "at most ")) != NULL)
    sscanf (p, "at most %lf", hi);
  if ((p = strstr (d, "minimum ")) != NULL)
    sscanf (p, "minimum %lf", lo);
  if ((p = strstr (d, "maximum ")) != NULL)
    sscanf (p, "maximum %lf", hi);
}

static JsonNode *
value_for (guint64        *serial,
           const char     *name,
           JsonObject     *schema,
           guint64         k,
           gboolean        out_of_range)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);
  double lo, hi;

  if (json_object_has_member (schema, "anyOf"))
    {
      /* a nullable enum written as anyOf its values and null */
      JsonArray *choices = json_object_get_array_member (schema, "anyOf");
      JsonObject *value_schema = NULL;
      gboolean nullable = FALSE;

      for (guint i = 0; i < json_array_get_length (choices); i++)
        {
          JsonObject *choice = json_array_get_object_element (choices, i);

          if (type_allows (choice, "null"))
            nullable = TRUE;
          else if (value_schema == NULL)
            value_schema = choice;
        }
      if ((nullable && k % 9 == 4) || value_schema == NULL)
        {
          json_node_init_null (node);
          return node;
        }
      json_node_free (node);
      return value_for (serial, name, value_schema, k, out_of_range);
    }
  if (type_allows (schema, "null") && k % 9 == 4 && g_strcmp0 (name, "serial") != 0)
    {
      json_node_init_null (node);
      return node;
    }

  if (json_object_has_member (schema, "enum"))
    {
      JsonArray *e = json_object_get_array_member (schema, "enum");
      guint n = json_array_get_length (e);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *choice = json_array_get_element (e, (k + i) % n);

          if (!JSON_NODE_HOLDS_NULL (choice))
            {
              json_node_free (node);
              return json_node_copy (choice);
            }
        }
    }

  bounds (schema, &lo, &hi);
  if (type_allows (schema, "integer"))
    {
      gint64 v;

      if (g_strcmp0 (name, "serial") == 0)
        v = (gint64) (*serial)++;
      else
        v = (gint64) ceil (lo) + (gint64) ((k * 7919) % (guint64) MAX (floor (hi) - ceil (lo) + 1, 1));
      if (out_of_range)
        v = (gint64) hi + 5;
      json_node_set_int (node, v);
    }
  else if (type_allows (schema, "number"))
    {
      double v = lo + (hi - lo) * ((k * 7919) % 1000) / 1000.0;

      v = round (v * 100) / 100;
      json_node_set_double (node, out_of_range ? hi + 5.5 : MIN (MAX (v, lo), hi));
    }
  else if (type_allows (schema, "boolean"))
    json_node_set_boolean (node, k % 2);
  else
    {
      g_autofree char *text = g_strdup_printf ("text-%" G_GUINT64_FORMAT, k);

      json_node_set_string (node, text);
    }
  return node;
}

char *
fx_fake_rows_text (guint64    *serial,
                   JsonObject *item,
                   guint       n,
                   gboolean    out_of_range,
                   const char *echo)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *props = json_object_get_object_member (item, "properties");
  g_autoptr(GList) names = json_object_get_members (props);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  for (guint r = 0; r < n; r++)
    {
      guint64 k = *serial * 31 + r;
      gboolean first_numeric = TRUE;

      json_builder_begin_object (b);
      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonObject *p = json_object_get_object_member (props, l->data);
          gboolean numeric = type_allows (p, "integer") || type_allows (p, "number");
          gboolean bad = out_of_range && numeric && first_numeric && g_strcmp0 (l->data, "serial") != 0;

          if (numeric && g_strcmp0 (l->data, "serial") != 0)
            first_numeric = FALSE;
          json_builder_set_member_name (b, l->data);
          if (echo != NULL && r == 0 && type_allows (p, "string"))
            json_builder_add_string_value (b, echo);
          else
            json_builder_add_value (b, value_for (serial, l->data, p, k + g_str_hash (l->data), bad));
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* The answer to a request without any schema (JSON mode): the example rows of the
 * prompt's CSV block, in turn, typed as JSON reads them. */
char *
fx_fake_rows_from_examples (const char *prompt,
                            guint       n)
{
  const char *start = prompt != NULL ? strstr (prompt, "\n\n") : NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) data = g_ptr_array_new ();
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (start == NULL)
    return NULL;
  lines = g_strsplit (start + 2, "\n", -1);
  if (lines[0] == NULL || strchr (lines[0], ',') == NULL)
    return NULL;
  names = g_strsplit (lines[0], ",", -1);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    g_ptr_array_add (data, lines[i]);
  if (data->len == 0)
    return NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  for (guint r = 0; r < n; r++)
    {
      g_auto(GStrv) cells = g_strsplit (g_ptr_array_index (data, r % data->len), ",", -1);

      json_builder_begin_object (b);
      for (guint c = 0; names[c] != NULL && cells[c] != NULL; c++)
        {
          char *end = NULL;
          double v = g_ascii_strtod (cells[c], &end);

          json_builder_set_member_name (b, names[c]);
          if (cells[c][0] == '\0')
            json_builder_add_null_value (b);
          else if (g_str_equal (cells[c], "true") || g_str_equal (cells[c], "false"))
            json_builder_add_boolean_value (b, g_str_equal (cells[c], "true"));
          else if (end != NULL && *end == '\0' && strchr (cells[c], '.') == NULL)
            json_builder_add_int_value (b, (gint64) v);
          else if (end != NULL && *end == '\0')
            json_builder_add_double_value (b, v);
          else
            json_builder_add_string_value (b, cells[c]);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* The schema a request without structured outputs puts in its system prompt. */
JsonObject *
fx_fake_schema_in_text (JsonParser *parser,
                        const char *system)
{
  const char *mark = "following this JSON Schema:\n";
  const char *p = system != NULL ? strstr (system, mark) : NULL;

  if (p == NULL || !json_parser_load_from_data (parser, p + strlen (mark), -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_node_get_object (json_parser_get_root (parser));
}
