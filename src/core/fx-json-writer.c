/* fx-json-writer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fx-csv.h"
#include "fx-json-writer.h"

typedef struct
{
  gboolean is_array;
  gboolean compact;
  guint    count;
} Level;

struct _FxJsonWriter
{
  GString  *out;
  GArray   *levels;  /* (element-type Level) */
  gboolean  pretty;
  gboolean  after_key;
};

FxJsonWriter *
fx_json_writer_new (gboolean pretty)
{
  FxJsonWriter *writer = g_new0 (FxJsonWriter, 1);

  writer->out = g_string_sized_new (4096);
  writer->levels = g_array_new (FALSE, FALSE, sizeof (Level));
  writer->pretty = pretty;
  return writer;
}

void
fx_json_writer_free (FxJsonWriter *writer)
{
  if (writer == NULL)
    return;
  if (writer->out != NULL)
    g_string_free (writer->out, TRUE);
  g_array_unref (writer->levels);
  g_free (writer);
}

char *
fx_json_writer_finish (FxJsonWriter *writer,
                       gsize        *length)
{
  char *text;

  g_return_val_if_fail (writer->levels->len == 0, NULL);

  g_string_append_c (writer->out, '\n');
  if (length != NULL)
    *length = writer->out->len;
  text = g_string_free (g_steal_pointer (&writer->out), FALSE);
  fx_json_writer_free (writer);
  return text;
}

static gboolean
in_compact (FxJsonWriter *writer)
{
  for (guint i = 0; i < writer->levels->len; i++)
    if (g_array_index (writer->levels, Level, i).compact)
      return TRUE;
  return FALSE;
}

static void
newline (FxJsonWriter *writer)
{
  if (!writer->pretty || in_compact (writer))
    return;
  g_string_append_c (writer->out, '\n');
  for (guint i = 0; i < writer->levels->len; i++)
    g_string_append (writer->out, "  ");
}

/* Separator and indentation before a value or a key. */
static void
before_item (FxJsonWriter *writer)
{
  Level *level;

  if (writer->after_key)
    {
      writer->after_key = FALSE;
      return;
    }
  if (writer->levels->len == 0)
    return;

  level = &g_array_index (writer->levels, Level, writer->levels->len - 1);
  if (level->count++ > 0)
    {
      g_string_append_c (writer->out, ',');
      if (in_compact (writer) && writer->pretty)
        g_string_append_c (writer->out, ' ');
    }
  newline (writer);
}

static void
push (FxJsonWriter *writer,
      gboolean      is_array,
      gboolean      compact)
{
  Level level = { is_array, compact, 0 };

  before_item (writer);
  g_string_append_c (writer->out, is_array ? '[' : '{');
  g_array_append_val (writer->levels, level);
}

static void
pop (FxJsonWriter *writer,
     gboolean      is_array)
{
  Level level;

  g_return_if_fail (writer->levels->len > 0);
  level = g_array_index (writer->levels, Level, writer->levels->len - 1);
  g_return_if_fail (level.is_array == is_array);

  g_array_set_size (writer->levels, writer->levels->len - 1);
  if (level.count > 0 && !level.compact)
    newline (writer);
  g_string_append_c (writer->out, is_array ? ']' : '}');
}

void
fx_json_writer_begin_object (FxJsonWriter *writer)
{
  push (writer, FALSE, FALSE);
}

void
fx_json_writer_end_object (FxJsonWriter *writer)
{
  pop (writer, FALSE);
}

void
fx_json_writer_begin_array (FxJsonWriter *writer,
                            gboolean      compact)
{
  push (writer, TRUE, compact);
}

void
fx_json_writer_end_array (FxJsonWriter *writer)
{
  pop (writer, TRUE);
}

static void
append_escaped (GString    *out,
                const char *text)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) text; *p; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

void
fx_json_writer_key (FxJsonWriter *writer,
                    const char   *key)
{
  before_item (writer);
  append_escaped (writer->out, key);
  g_string_append (writer->out, writer->pretty ? ": " : ":");
  writer->after_key = TRUE;
}

void
fx_json_writer_string (FxJsonWriter *writer,
                       const char   *value)
{
  if (value == NULL)
    {
      fx_json_writer_null (writer);
      return;
    }
  before_item (writer);
  append_escaped (writer->out, value);
}

void
fx_json_writer_double (FxJsonWriter *writer,
                       double        value)
{
  char buf[32];

  if (!isfinite (value))
    {
      fx_json_writer_null (writer);
      return;
    }
  before_item (writer);
  g_string_append (writer->out, fx_format_double (value, buf));
}

void
fx_json_writer_int (FxJsonWriter *writer,
                    gint64        value)
{
  before_item (writer);
  g_string_append_printf (writer->out, "%" G_GINT64_FORMAT, value);
}

void
fx_json_writer_boolean (FxJsonWriter *writer,
                        gboolean      value)
{
  before_item (writer);
  g_string_append (writer->out, value ? "true" : "false");
}

void
fx_json_writer_null (FxJsonWriter *writer)
{
  before_item (writer);
  g_string_append (writer->out, "null");
}

void
fx_json_writer_member_string (FxJsonWriter *writer,
                              const char   *key,
                              const char   *value)
{
  fx_json_writer_key (writer, key);
  fx_json_writer_string (writer, value);
}

void
fx_json_writer_member_double (FxJsonWriter *writer,
                              const char   *key,
                              double        value)
{
  fx_json_writer_key (writer, key);
  fx_json_writer_double (writer, value);
}

void
fx_json_writer_member_int (FxJsonWriter *writer,
                           const char   *key,
                           gint64        value)
{
  fx_json_writer_key (writer, key);
  fx_json_writer_int (writer, value);
}

void
fx_json_writer_member_boolean (FxJsonWriter *writer,
                               const char   *key,
                               gboolean      value)
{
  fx_json_writer_key (writer, key);
  fx_json_writer_boolean (writer, value);
}

static void
append_node (GString  *out,
             JsonNode *node)
{
  char buf[32];

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, object);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            append_escaped (out, name);
            g_string_append_c (out, ':');
            append_node (out, member);
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          append_escaped (out, json_node_get_string (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        default:
          {
            double v = json_node_get_double (node);

            if (isfinite (v))
              g_string_append (out, fx_format_double (v, buf));
            else
              g_string_append (out, "null");
          }
          break;
        }
      break;

    default:
      g_string_append (out, "null");
    }
}

char *
fx_json_node_to_string (JsonNode *node)
{
  GString *out = g_string_sized_new (256);

  append_node (out, node);
  return g_string_free (out, FALSE);
}
