/* fx-provider.c: what every provider shares: outcomes, requests, the row schema and
 * the helpers that read HTTP headers and model text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fx-provider.h"
#include "fx-rows.h"

/* Error pages can be long; a message for people needs the gist only. */
#define DESCRIBE_MAX_CHARS 160

/* ---- static helpers ----------------------------------------------------------- */

static void
add_bound (JsonBuilder *builder,
           const char  *name,
           double       value)
{
  json_builder_set_member_name (builder, name);
  /* Whole numbers as integers: an integer feature's bounds then read as integers,
   * and "18" is what a person expects to see in the stored request. */
  if (value == floor (value) && fabs (value) < 9e15)
    json_builder_add_int_value (builder, (gint64) value);
  else
    json_builder_add_double_value (builder, value);
}

static const char *
feature_json_type (const FxFeature *feature)
{
  switch (feature->type)
    {
    case FX_COLUMN_INTEGER:
      return "integer";
    case FX_COLUMN_NUMBER:
      return "number";
    case FX_COLUMN_BOOLEAN:
      return "boolean";
    case FX_COLUMN_CATEGORICAL:
      return "string";
    default:
      g_return_val_if_reached ("string");
    }
}

static void
add_feature (JsonBuilder     *builder,
             const FxFeature *feature)
{
  const char *type = feature_json_type (feature);

  json_builder_set_member_name (builder, feature->name);
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "type");
  if (feature->nullable)
    {
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, type);
      json_builder_add_string_value (builder, "null");
      json_builder_end_array (builder);
    }
  else
    json_builder_add_string_value (builder, type);

  if (feature->type == FX_COLUMN_CATEGORICAL && feature->categories->len > 0)
    {
      json_builder_set_member_name (builder, "enum");
      json_builder_begin_array (builder);
      for (guint i = 0; i < feature->categories->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (feature->categories, i));
      /* An enum restricts the value whatever "type" says, so null must be listed too. */
      if (feature->nullable)
        json_builder_add_null_value (builder);
      json_builder_end_array (builder);
    }

  if (feature->type == FX_COLUMN_INTEGER || feature->type == FX_COLUMN_NUMBER)
    {
      if (feature->has_minimum)
        add_bound (builder, "minimum", feature->minimum);
      if (feature->has_maximum)
        add_bound (builder, "maximum", feature->maximum);
    }

  if (feature->description != NULL || feature->unit != NULL)
    {
      g_autofree char *text = NULL;

      if (feature->description != NULL && feature->unit != NULL)
        text = g_strdup_printf ("%s (unit: %s)", feature->description, feature->unit);
      else if (feature->description != NULL)
        text = g_strdup (feature->description);
      else
        text = g_strdup_printf ("Unit: %s", feature->unit);
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, text);
    }

  json_builder_end_object (builder);
}

/* Tokens shaped like the keys of the providers we know: OpenAI and Anthropic keys start
 * with "sk-", Google keys with "AIza".  OpenAI's 401 quotes a masked key back. */
static gboolean
is_key_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '*' || c == '.';
}

static char *
scrub_keys (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      gboolean word_start = p == text || !(g_ascii_isalnum (p[-1]) || p[-1] == '-' || p[-1] == '_');

      if (word_start && (g_str_has_prefix (p, "sk-") || g_str_has_prefix (p, "AIza")))
        {
          const char *end = p;

          while (is_key_char (*end))
            end++;
          /* The sentence's full stop is not part of the key. */
          while (end > p && end[-1] == '.')
            end--;
          /* Real keys are long; "sk-learn" is a word. */
          if (end - p >= 20)
            {
              g_string_append (out, "[redacted]");
              p = end;
              continue;
            }
        }
      g_string_append_c (out, *p);
      p++;
    }
  return g_string_free (out, FALSE);
}

static int
month_from_name (const char *name)
{
  static const char *const months[] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  };

  for (int i = 0; i < 12; i++)
    if (g_ascii_strcasecmp (name, months[i]) == 0)
      return i + 1;
  return 0;
}

/* An HTTP date in any of the three forms RFC 9110 says a recipient must accept:
 * IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT"
 * and asctime "Sun Nov  6 08:49:37 1994". */
static GDateTime *
parse_http_date (const char *text)
{
  char month_name[4] = { 0 };
  int day, year, hour, minute, second, month;

  if (sscanf (text, "%*[A-Za-z], %d %3[A-Za-z] %d %d:%d:%d GMT",
              &day, month_name, &year, &hour, &minute, &second) == 6)
    ;
  else if (sscanf (text, "%*[A-Za-z], %d-%3[A-Za-z]-%d %d:%d:%d GMT",
                   &day, month_name, &year, &hour, &minute, &second) == 6)
    {
      /* A two-digit year: RFC 9110 reads one more than 50 years ahead as the past;
       * for a delay that means the 2000s. */
      if (year < 100)
        year += year < 70 ? 2000 : 1900;
    }
  else if (sscanf (text, "%*[A-Za-z] %3[A-Za-z] %d %d:%d:%d %d",
                   month_name, &day, &hour, &minute, &second, &year) == 6)
    ;
  else
    return NULL;

  month = month_from_name (month_name);
  if (month == 0)
    return NULL;
  return g_date_time_new_utc (year, month, day, hour, minute, second);
}

/* A non-negative finite number filling all of @text (surrounding space allowed). */
static gboolean
parse_seconds (const char *text,
               double     *value)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;
  double v;

  if (copy[0] == '\0' || !(g_ascii_isdigit (copy[0]) || copy[0] == '.'))
    return FALSE;
  v = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0' || !isfinite (v) || v < 0)
    return FALSE;
  *value = v;
  return TRUE;
}

/* The text between a ```lang line and the closing ```, or NULL when @text has no fence. */
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

static JsonNode *map_schema (JsonNode        *node,
                             FxSchemaFixFunc  fix,
                             gpointer         user_data);

/* {"name": schema, ...}: properties, $defs */
static JsonNode *
map_schema_members (JsonNode        *node,
                    FxSchemaFixFunc  fix,
                    gpointer         user_data)
{
  g_autoptr(JsonObject) copy = NULL;
  g_autoptr(GList) names = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return json_node_copy (node);
  object = json_node_get_object (node);
  copy = json_object_new ();
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    json_object_set_member (copy, l->data,
                            map_schema (json_object_get_member (object, l->data), fix, user_data));
  return json_node_init_object (json_node_alloc (), copy);
}

/* [schema, ...]: anyOf, allOf, oneOf, prefixItems */
static JsonNode *
map_schema_elements (JsonNode        *node,
                     FxSchemaFixFunc  fix,
                     gpointer         user_data)
{
  g_autoptr(JsonArray) copy = NULL;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return json_node_copy (node);
  array = json_node_get_array (node);
  copy = json_array_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    json_array_add_element (copy, map_schema (json_array_get_element (array, i), fix, user_data));
  return json_node_init_array (json_node_alloc (), copy);
}

static JsonNode *
map_schema (JsonNode        *node,
            FxSchemaFixFunc  fix,
            gpointer         user_data)
{
  static const char *const maps[] = { "properties", "patternProperties", "$defs", "definitions", NULL };
  static const char *const lists[] = { "anyOf", "allOf", "oneOf", "prefixItems", NULL };
  static const char *const single[] = {
    "items", "additionalProperties", "not", "contains", "if", "then", "else", NULL,
  };
  g_autoptr(JsonObject) copy = NULL;
  g_autoptr(GList) names = NULL;
  JsonObject *object;

  /* true/false schemas and anything unexpected are copied as they are */
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return json_node_copy (node);

  object = json_node_get_object (node);
  copy = json_object_new ();
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *member = json_object_get_member (object, name);
      JsonNode *mapped;

      if (g_strv_contains (maps, name))
        mapped = map_schema_members (member, fix, user_data);
      else if (g_strv_contains (lists, name)
               || (g_str_equal (name, "items") && JSON_NODE_HOLDS_ARRAY (member)))
        mapped = map_schema_elements (member, fix, user_data);
      else if (g_strv_contains (single, name))
        mapped = map_schema (member, fix, user_data);
      else
        mapped = json_node_copy (member);
      json_object_set_member (copy, name, mapped);
    }
  if (fix != NULL)
    fix (copy, user_data);
  return json_node_init_object (json_node_alloc (), copy);
}

/* ---- outcomes ------------------------------------------------------------------ */

const char *
fx_outcome_to_string (FxOutcome outcome)
{
  switch (outcome)
    {
    case FX_OUTCOME_OK:
      return "ok";
    case FX_OUTCOME_TRUNCATED:
      return "truncated";
    case FX_OUTCOME_REFUSED:
      return "refused";
    case FX_OUTCOME_BLOCKED:
      return "blocked";
    case FX_OUTCOME_RATE_LIMITED:
      return "rate-limited";
    case FX_OUTCOME_QUOTA_EXHAUSTED:
      return "quota-exhausted";
    case FX_OUTCOME_SERVER_ERROR:
      return "server-error";
    case FX_OUTCOME_BAD_REQUEST:
      return "bad-request";
    case FX_OUTCOME_AUTH_ERROR:
      return "auth-error";
    case FX_OUTCOME_NETWORK_ERROR:
      return "network-error";
    case FX_OUTCOME_INVALID_RESPONSE:
      return "invalid-response";
    default:
      g_return_val_if_reached ("invalid-response");
    }
}

gboolean
fx_outcome_is_retryable (FxOutcome outcome)
{
  switch (outcome)
    {
    case FX_OUTCOME_RATE_LIMITED:
    case FX_OUTCOME_SERVER_ERROR:
    case FX_OUTCOME_NETWORK_ERROR:
      return TRUE;
    /* Truncated is retried by the engine with fewer rows, not as the same request. */
    case FX_OUTCOME_OK:
    case FX_OUTCOME_TRUNCATED:
    case FX_OUTCOME_REFUSED:
    case FX_OUTCOME_BLOCKED:
    case FX_OUTCOME_QUOTA_EXHAUSTED:
    case FX_OUTCOME_BAD_REQUEST:
    case FX_OUTCOME_AUTH_ERROR:
    case FX_OUTCOME_INVALID_RESPONSE:
    default:
      return FALSE;
    }
}

FxOutcome
fx_outcome_from_status (guint status)
{
  if (status >= 200 && status < 300)
    return FX_OUTCOME_OK;
  switch (status)
    {
    case 0:
      return FX_OUTCOME_NETWORK_ERROR;
    case 401:
    case 403:
      return FX_OUTCOME_AUTH_ERROR;
    case 402:
      return FX_OUTCOME_QUOTA_EXHAUSTED;
    case 408:
    case 409:
      return FX_OUTCOME_SERVER_ERROR;
    case 429:
      return FX_OUTCOME_RATE_LIMITED;
    default:
      break;
    }
  /* 5xx includes Anthropic's 529 overloaded. */
  if (status >= 500 && status < 600)
    return FX_OUTCOME_SERVER_ERROR;
  /* 400, 404, 413, 422 and every other client error: the same request fails again. */
  if (status >= 400 && status < 500)
    return FX_OUTCOME_BAD_REQUEST;
  return FX_OUTCOME_INVALID_RESPONSE;
}

/* ---- requests ------------------------------------------------------------------ */

void
fx_prompt_free (FxPrompt *prompt)
{
  if (prompt == NULL)
    return;
  g_free (prompt->system);
  g_free (prompt->user);
  g_free (prompt);
}

FxHttpRequest *
fx_http_request_new (const char *method,
                     const char *url)
{
  FxHttpRequest *request;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);

  request = g_new0 (FxHttpRequest, 1);
  request->method = g_strdup (method);
  request->url = g_strdup (url);
  request->header_names = g_ptr_array_new_with_free_func (g_free);
  request->header_values = g_ptr_array_new_with_free_func (g_free);
  request->header_secret = g_array_new (FALSE, FALSE, sizeof (gboolean));
  return request;
}

void
fx_http_request_add_header (FxHttpRequest *request,
                            const char    *name,
                            const char    *value,
                            gboolean       secret)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  secret = !!secret;
  g_ptr_array_add (request->header_names, g_strdup (name));
  g_ptr_array_add (request->header_values, g_strdup (value));
  g_array_append_val (request->header_secret, secret);
}

const char *
fx_http_request_get_header (const FxHttpRequest *request,
                            const char          *name)
{
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  /* HTTP header names are case-insensitive. */
  for (guint i = 0; i < request->header_names->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (request->header_names, i), name) == 0)
      return g_ptr_array_index (request->header_values, i);
  return NULL;
}

void
fx_http_request_free (FxHttpRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->method);
  g_free (request->url);
  g_ptr_array_unref (request->header_names);
  g_ptr_array_unref (request->header_values);
  g_array_unref (request->header_secret);
  g_free (request->body);
  g_free (request);
}

/* ---- responses ----------------------------------------------------------------- */

static JsonArray *parse_rows (const char  *text,
                              gsize        length,
                              FxRows     **light_out,
                              char       **message);

JsonArray *
fx_parse_rows_text (const char  *text,
                    gsize        length,
                    char       **message)
{
  return parse_rows (text, length, NULL, message);
}

gboolean
fx_provider_read_rows (FxProviderResponse  *out,
                       const char          *text,
                       gsize                length,
                       char               **message)
{
  FxRows *light = NULL;
  JsonArray *rows = parse_rows (text, length, &light, message);

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

JsonArray *
fx_provider_response_get_rows (FxProviderResponse *response)
{
  if (response->rows == NULL && response->light != NULL)
    response->rows = fx_rows_to_json_array (response->light);
  return response->rows;
}

void
fx_provider_response_clear (FxProviderResponse *response)
{
  g_return_if_fail (response != NULL);

  g_free (response->message);
  g_clear_pointer (&response->rows, json_array_unref);
  g_clear_pointer (&response->light, fx_rows_free);
  g_free (response->model);
  memset (response, 0, sizeof *response);
  response->outcome = FX_OUTCOME_OK;
  response->retry_after = -1;
  response->should_retry = -1;
}

void
fx_provider_response_begin (FxProviderResponse *out,
                            GHashTable         *headers)
{
  const char *should_retry;

  g_return_if_fail (out != NULL);

  fx_provider_response_clear (out);
  out->retry_after = fx_retry_after_from_headers (headers);
  should_retry = headers != NULL ? g_hash_table_lookup (headers, "x-should-retry") : NULL;
  if (should_retry != NULL)
    {
      g_autofree char *value = g_strstrip (g_strdup (should_retry));

      if (g_ascii_strcasecmp (value, "true") == 0)
        out->should_retry = 1;
      else if (g_ascii_strcasecmp (value, "false") == 0)
        out->should_retry = 0;
    }
}

void
fx_provider_response_fail (FxProviderResponse *out,
                           FxOutcome           outcome,
                           const char         *format,
                           ...)
{
  g_autofree char *text = NULL;
  va_list args;

  g_return_if_fail (out != NULL);
  g_return_if_fail (format != NULL);

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line: messages end up in logs and in a table cell. */
  g_strdelimit (text, "\t\r\n", ' ');
  out->outcome = outcome;
  g_free (out->message);
  out->message = scrub_keys (g_strstrip (text));
  /* Rows of a failed response are never used; keep none so nobody counts them. */
  g_clear_pointer (&out->rows, json_array_unref);
  g_clear_pointer (&out->light, fx_rows_free);
}

JsonNode *
fx_provider_parse_json (const char  *body,
                        gsize        length,
                        char       **message)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (body == NULL || length == 0)
    {
      if (message != NULL)
        *message = g_strdup ("the body is empty");
      return NULL;
    }
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, body, length, &error))
    {
      if (message != NULL)
        *message = g_strdup_printf ("the body is not JSON (%s)", error->message);
      return NULL;
    }
  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      if (message != NULL)
        *message = g_strdup ("the body is empty");
      return NULL;
    }
  return root;
}

char *
fx_provider_describe_body (const char *body,
                           gsize       length)
{
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  char *stripped;
  char *newline;

  if (body == NULL || length == 0)
    return g_strdup ("empty body");
  text = g_utf8_make_valid (body, length);
  stripped = g_strstrip (text);
  if (stripped[0] == '\0')
    return g_strdup ("empty body");

  if (stripped[0] == '<')
    {
      g_autofree char *lower = g_ascii_strdown (stripped, -1);
      const char *open = strstr (lower, "<title");
      const char *start = open != NULL ? strchr (open, '>') : NULL;
      const char *end = start != NULL ? strstr (start, "</title") : NULL;

      if (end != NULL)
        {
          g_autofree char *title = g_strndup (stripped + (start + 1 - lower), end - start - 1);
          g_auto(GStrv) words = g_strsplit_set (g_strstrip (title), " \t\r\n", -1);
          GString *joined = g_string_new (NULL);

          /* Titles are often wrapped over lines; one line reads better in a log. */
          for (guint i = 0; words[i] != NULL; i++)
            if (words[i][0] != '\0')
              g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", words[i]);
          if (joined->len > 0)
            {
              g_autofree char *joined_text = g_string_free (joined, FALSE);
              g_autofree char *cut = g_utf8_substring (joined_text, 0,
                                                       MIN (g_utf8_strlen (joined_text, -1),
                                                            DESCRIBE_MAX_CHARS));
              g_autofree char *scrubbed = scrub_keys (cut);

              return g_strdup_printf ("an HTML page: %s", scrubbed);
            }
          g_string_free (joined, TRUE);
        }
      return g_strdup ("an HTML page");
    }

  newline = strpbrk (stripped, "\r\n");
  if (newline != NULL)
    *newline = '\0';
  if (g_utf8_strlen (stripped, -1) > DESCRIBE_MAX_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (stripped, 0, DESCRIBE_MAX_CHARS);

      line = g_strconcat (cut, "…", NULL);
    }
  else
    line = g_strdup (stripped);
  return scrub_keys (line);
}

/* ---- headers ------------------------------------------------------------------- */

double
fx_retry_after_from_headers (GHashTable *headers)
{
  const char *value;
  double seconds;

  if (headers == NULL)
    return -1;

  /* OpenAI's own header is finer than retry-after and wins when both are there. */
  value = g_hash_table_lookup (headers, "retry-after-ms");
  if (value != NULL && parse_seconds (value, &seconds))
    return seconds / 1000.0;

  value = g_hash_table_lookup (headers, "retry-after");
  if (value == NULL)
    return -1;
  if (parse_seconds (value, &seconds))
    return seconds;
  {
    g_autofree char *copy = g_strstrip (g_strdup (value));
    g_autoptr(GDateTime) date = parse_http_date (copy);
    g_autoptr(GDateTime) now = NULL;
    GTimeSpan span;

    if (date == NULL)
      return -1;
    now = g_date_time_new_now_utc ();
    span = g_date_time_difference (date, now);
    /* A date already past means "now", not "never". */
    return span > 0 ? (double) span / G_TIME_SPAN_SECOND : 0;
  }
}

/* ---- model text ---------------------------------------------------------------- */

/* With @light_out, a text the fast reader takes comes back there (and NULL is
 * returned with no message). */
static JsonArray *
parse_rows (const char  *text,
            gsize        length,
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
  {
    g_autoptr(FxRows) fast = fx_rows_parse (json, strlen (json));

    if (fast != NULL)
      {
        if (light_out != NULL)
          {
            *light_out = g_steal_pointer (&fast);
            return NULL;
          }
        return fx_rows_to_json_array (fast);
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

/* ---- schemas ------------------------------------------------------------------- */

JsonNode *
fx_row_json_schema (const FxSchema *schema)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (schema != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "object");

  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  for (guint i = 0; i < schema->features->len; i++)
    add_feature (builder, g_ptr_array_index (schema->features, i));
  json_builder_end_object (builder);

  /* Every feature is required; a missing value is an explicit null, so a row that
   * leaves a column out is an error the validator can see. */
  json_builder_set_member_name (builder, "required");
  json_builder_begin_array (builder);
  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *feature = g_ptr_array_index (schema->features, i);

      json_builder_add_string_value (builder, feature->name);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "additionalProperties");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
fx_rows_json_schema (JsonNode *row_schema,
                     guint     n_rows)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (row_schema != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "object");

  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "array");
  json_builder_set_member_name (builder, "items");
  json_builder_add_value (builder, json_node_copy (row_schema));
  json_builder_set_member_name (builder, "minItems");
  json_builder_add_int_value (builder, n_rows);
  json_builder_set_member_name (builder, "maxItems");
  json_builder_add_int_value (builder, n_rows);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "required");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "rows");
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "additionalProperties");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
fx_json_schema_map (JsonNode        *schema,
                    FxSchemaFixFunc  fix,
                    gpointer         user_data)
{
  g_return_val_if_fail (schema != NULL, NULL);

  return map_schema (schema, fix, user_data);
}

/* ---- registry ------------------------------------------------------------------ */

static const FxProviderClass * const providers[] = {
  &fx_provider_openai,
  &fx_provider_anthropic,
  &fx_provider_gemini,
  &fx_provider_openai_compatible,
};

const FxProviderClass *
fx_provider_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    if (g_str_equal (providers[i]->name, name))
      return providers[i];
  return NULL;
}

const FxProviderClass * const *
fx_provider_list (guint *n_providers)
{
  if (n_providers != NULL)
    *n_providers = G_N_ELEMENTS (providers);
  return providers;
}

/* ---- members that may be absent or of another type ------------------------ */

JsonObject *
fx_json_object (JsonObject *object,
                const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
fx_json_array (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

const char *
fx_json_string (JsonObject *object,
                const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
fx_json_int (JsonObject *object,
             const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  return 0;
}

JsonNode *
fx_provider_read_envelope (guint               status,
                           const char         *body,
                           gsize               length,
                           FxIsErrorBody       is_error_body,
                           FxFailErrorBody     fail_with_error_body,
                           FxProviderResponse *out)
{
  g_autofree char *reason = NULL;
  JsonNode *node = fx_provider_parse_json (body, length, &reason);
  JsonObject *root = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  if (status < 200 || status >= 300)
    {
      /* an error may come from a front door, as plain text or HTML */
      if (root != NULL && is_error_body (root))
        fail_with_error_body (status, root, out);
      else
        {
          g_autofree char *what = fx_provider_describe_body (body, length);

          fx_provider_response_fail (out, fx_outcome_from_status (status), "HTTP %u: %s", status, what);
        }
    }
  else if (node == NULL)
    fx_provider_response_fail (out, FX_OUTCOME_INVALID_RESPONSE, "%s", reason);
  else if (root == NULL)
    fx_provider_response_fail (out, FX_OUTCOME_INVALID_RESPONSE, "the response is not a JSON object");
  else if (is_error_body (root))
    fail_with_error_body (status, root, out);
  else
    return node;

  if (node != NULL)
    json_node_unref (node);
  return NULL;
}

gboolean
fx_provider_list_failed (const FxProviderClass *provider,
                         guint                  status,
                         GHashTable            *headers,
                         const char            *body,
                         gsize                  length,
                         JsonObject            *root,
                         FxIsErrorBody          is_error_body,
                         FxOutcome             *outcome,
                         GError               **error)
{
  FxProviderResponse response = { 0 };

  if (status >= 200 && status < 300 && (root == NULL || !is_error_body (root)))
    return FALSE;

  provider->parse_response (status, headers, body, length, &response);
  if (outcome != NULL)
    *outcome = response.outcome;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, response.message);
  fx_provider_response_clear (&response);
  return TRUE;
}

GPtrArray *
fx_provider_list_data_ids (JsonNode    *node,
                           const char  *reason,
                           FxOutcome   *outcome,
                           GError     **error)
{
  JsonObject *root = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonArray *data = fx_json_array (root, "data");
  GPtrArray *ids;

  if (data == NULL)
    {
      if (outcome != NULL)
        *outcome = FX_OUTCOME_INVALID_RESPONSE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                   node == NULL ? reason : "the model list has no \"data\" array");
      return NULL;
    }

  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonNode *element = json_array_get_element (data, i);
      const char *id = JSON_NODE_HOLDS_OBJECT (element)
                       ? fx_json_string (json_node_get_object (element), "id") : NULL;

      if (id != NULL && id[0] != '\0')
        g_ptr_array_add (ids, g_strdup (id));
    }
  if (outcome != NULL)
    *outcome = FX_OUTCOME_OK;
  return ids;
}
