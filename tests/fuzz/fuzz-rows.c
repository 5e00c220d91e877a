/* fuzz-rows.c: the fast reader of a model's rows under libFuzzer
 *
 * Any bytes must give rows or NULL, never a crash.  The reader promises to accept
 * only text that json-glib reads to the same values, so whenever it accepts, the
 * rows it gives are checked against json-glib's reading of the same text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "fx-rows.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* abort (), not g_error ()'s breakpoint trap: libFuzzer keeps the input of an abort */
#define fail(...) (g_printerr ("facsimile-fuzz: " __VA_ARGS__), g_printerr ("\n"), abort ())

/* The array of rows in json-glib's reading, or NULL. */
static JsonArray *
rows_of (JsonNode *root)
{
  if (JSON_NODE_HOLDS_ARRAY (root))
    return json_node_get_array (root);
  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *rows = json_object_get_member (json_node_get_object (root), "rows");

      if (rows != NULL && JSON_NODE_HOLDS_ARRAY (rows))
        return json_node_get_array (rows);
    }
  return NULL;
}

static gboolean
same_value (JsonNode *a,
            JsonNode *b)
{
  if (json_node_get_node_type (a) != json_node_get_node_type (b))
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (a))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (a))
    return FALSE;  /* rows hold no nested values */
  if (json_node_get_value_type (a) == G_TYPE_STRING || json_node_get_value_type (b) == G_TYPE_STRING)
    return g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;
  if (json_node_get_value_type (a) == G_TYPE_BOOLEAN || json_node_get_value_type (b) == G_TYPE_BOOLEAN)
    return json_node_get_value_type (a) == json_node_get_value_type (b) &&
           json_node_get_boolean (a) == json_node_get_boolean (b);
  if (json_node_get_value_type (a) == G_TYPE_INT64 && json_node_get_value_type (b) == G_TYPE_INT64)
    return json_node_get_int (a) == json_node_get_int (b);
  return json_node_get_double (a) == json_node_get_double (b) ||
         (json_node_get_double (a) != json_node_get_double (a) &&
          json_node_get_double (b) != json_node_get_double (b));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(FxRows) rows = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonArray) fast = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *slow;

  /* the reader takes NUL-terminated text: an embedded NUL ends it */
  rows = fx_rows_parse (text, strlen (text));
  if (rows == NULL)
    return 0;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, -1, &error))
    fail ("rows read from text json-glib refuses: %s", error->message);
  slow = rows_of (json_parser_get_root (parser));
  g_assert (slow != NULL);
  fast = fx_rows_to_json_array (rows);
  if (json_array_get_length (slow) != json_array_get_length (fast) ||
      json_array_get_length (fast) != fx_rows_get_length (rows))
    fail ("%u rows read, json-glib reads %u", fx_rows_get_length (rows), json_array_get_length (slow));

  for (guint i = 0; i < json_array_get_length (fast); i++)
    {
      JsonObject *a = json_array_get_object_element (fast, i);
      JsonObject *b = json_array_get_object_element (slow, i);
      g_autoptr(GList) names = NULL;
      g_autofree char *row_text = fx_rows_dup_text (rows, i);
      gsize n_members = 0;

      g_assert (a != NULL && b != NULL && row_text != NULL);
      fx_rows_get_members (rows, i, &n_members);
      if (json_object_get_size (a) != json_object_get_size (b) || n_members != json_object_get_size (b))
        fail ("row %u: %u members read, json-glib reads %u", i, json_object_get_size (a),
                 json_object_get_size (b));
      names = json_object_get_members (b);
      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *x = json_object_get_member (a, l->data);

          if (x == NULL || !same_value (x, json_object_get_member (b, l->data)))
            fail ("row %u, member “%s”: not the value json-glib reads", i, (const char *) l->data);
        }
    }
  return 0;
}
