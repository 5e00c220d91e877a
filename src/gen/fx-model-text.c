/* fx-model-text.c: prompts out, rows back from a model's text
 *
 * A model answers {"rows": [...]} as text, sometimes inside a ```json fence; the fast
 * row reader (fx-rows.c) takes what it can, json-glib the rest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fx-provider.h"
#include "fx-rows.h"

static char *
strip_fence (const char *text)
{
  const char *open = strstr (text, "```");
  const char *start;
  const char *close;

  if (open == NULL)
    return NULL;
  start = strchr (open + 3, '\n');
  if (start == NULL)
    return NULL;
  start++;
  close = strstr (start, "```");
  /* An unclosed fence is a cut-off answer; parse what is there and let the parser say. */
  if (close == NULL)
    return g_strdup (start);
  return g_strndup (start, close - start);
}

void
fx_prompt_free (FxPrompt *prompt)
{
  if (prompt == NULL)
    return;
  g_free (prompt->system);
  g_free (prompt->user);
  g_free (prompt);
}

static JsonArray *parse_rows (const char  *text,
                              gsize        length,
                              gboolean     fast,
                              FxRows     **light_out,
                              char       **message);

JsonArray *
fx_parse_rows_text (const char  *text,
                    gsize        length,
                    char       **message)
{
  return parse_rows (text, length, TRUE, NULL, message);
}

JsonArray *
fx_parse_rows_text_slow (const char  *text,
                         gsize        length,
                         char       **message)
{
  return parse_rows (text, length, FALSE, NULL, message);
}

gboolean
fx_provider_read_rows (FxProviderResponse  *out,
                       const char          *text,
                       gsize                length,
                       char               **message)
{
  FxRows *light = NULL;
  JsonArray *rows = parse_rows (text, length, TRUE, &light, message);

  if (light != NULL)
    {
      out->light = light;
      return TRUE;
    }
  if (rows == NULL)
    return FALSE;
  out->rows = rows;
  return TRUE;
}

/* ---- model text ---------------------------------------------------------------- */

/* With @light_out, a text the fast reader takes comes back there (and NULL is
 * returned with no message).  Without @fast, json-glib reads everything. */
static JsonArray *
parse_rows (const char  *text,
            gsize        length,
            gboolean     fast,
            FxRows     **light_out,
            char       **message)
{
  g_autofree char *copy = NULL;
  g_autofree char *fenced = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  const char *json;
  JsonNode *root;
  JsonArray *rows;

  g_return_val_if_fail (message != NULL, NULL);
  *message = NULL;

  if (text == NULL || length == 0)
    {
      *message = g_strdup ("the model returned no text");
      return NULL;
    }
  copy = g_strndup (text, length);
  json = g_strstrip (copy);
  if (json[0] == '\0')
    {
      *message = g_strdup ("the model returned no text");
      return NULL;
    }

  /* Models without a schema (local servers, some prompts) like to wrap JSON in a
   * Markdown fence, sometimes after a sentence; the JSON inside is what counts. */
  if (json[0] != '{' && json[0] != '[')
    {
      fenced = strip_fence (json);
      if (fenced != NULL)
        json = g_strstrip (fenced);
    }

  /* The usual answer, read fast; anything unusual, errors included, is json-glib's
   * to read and to word. */
  if (fast)
    {
      g_autoptr(FxRows) light = fx_rows_parse (json, strlen (json));

      if (light != NULL)
        {
          if (light_out != NULL)
            {
              *light_out = g_steal_pointer (&light);
              return NULL;
            }
          return fx_rows_to_json_array (light);
        }
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, &error))
    {
      *message = g_strdup_printf ("the model's text is not valid JSON (%s)", error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *member = json_object_get_member (json_node_get_object (root), "rows");

      if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
        {
          *message = g_strdup ("the model's JSON has no \"rows\" array");
          return NULL;
        }
      rows = json_node_get_array (member);
    }
  else if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    rows = json_node_get_array (root);
  else
    {
      *message = g_strdup ("the model's JSON is neither {\"rows\": [...]} nor an array");
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (rows); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (rows, i)))
      {
        *message = g_strdup_printf ("row %u of the model's JSON is not an object", i + 1);
        return NULL;
      }

  return json_array_ref (rows);
}
