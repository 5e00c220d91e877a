/* test-providers.c: building requests and reading responses (src/gen/fx-provider*.c)
 *
 * No network: the canned responses in tests/fixtures/providers/ are written by hand
 * in each provider's wire format (as its API reference describes it), one file per case;
 * the few one-line bodies are inline.  Request bodies are parsed back with json-glib
 * and checked member by member.
 *
 * Assertions are non-fatal: a failing check is reported and the test goes on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "fx-provider.h"
#include "fx-schema.h"

/* Shaped like a real key, so the redaction of key-like words is exercised too. */
#define TEST_KEY "sk-test-Zq81SECRETkey0123456789abcdef"

static const char test_schema_json[] =
  "{\"format\": 1, \"name\": \"providers test\", \"features\": ["
  " {\"name\": \"age\", \"type\": \"integer\", \"unit\": \"years\", \"description\": \"Age at admission\","
  "  \"minimum\": 18, \"maximum\": 90, \"nullable\": true},"
  " {\"name\": \"gender\", \"type\": \"categorical\", \"categories\": [\"Female\", \"Male\"], \"nullable\": true},"
  " {\"name\": \"creatinine\", \"type\": \"number\", \"unit\": \"mg/dL\", \"minimum\": 0.1, \"maximum\": 20},"
  " {\"name\": \"ethnicity\", \"type\": \"categorical\", \"nullable\": true},"
  " {\"name\": \"unit_type\", \"type\": \"categorical\", \"categories\": [\"MICU\", \"SICU\"]},"
  " {\"name\": \"hospital_mortality\", \"type\": \"boolean\"}"
  "]}";

static const char *const bound_keywords[] = {
  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
  "minItems", "maxItems", "minLength", "maxLength", NULL,
};

/* ---- helpers ------------------------------------------------------------------- */

static FxSchema *
test_schema (void)
{
  g_autoptr(GError) error = NULL;
  FxSchema *schema = fx_schema_load_data (test_schema_json, -1, "test-schema.json", &error);

  g_assert_no_error (error);
  g_assert_nonnull (schema);
  return schema;
}

static JsonNode *
make_row_schema (void)
{
  g_autoptr(FxSchema) schema = test_schema ();

  return fx_row_json_schema (schema);
}

static FxProviderConfig
test_config (const char *model)
{
  FxProviderConfig config = {
    .base_url = NULL,
    .model = (char *) model,
    .api_key = (char *) TEST_KEY,
    .temperature = 0.7,
    .seed = 42,
    .max_output_tokens = 2000,
    .timeout_seconds = 60,
  };

  return config;
}

static FxPrompt
test_prompt (void)
{
  FxPrompt prompt = {
    .system = (char *) "You write synthetic ICU records.",
    .user = (char *) "Write 3 rows.",
  };

  return prompt;
}

static char *
load_fixture (const char *name,
              gsize      *length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "providers", name, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, length, &error))
    g_error ("cannot read fixture %s: %s", path, error->message);
  return contents;
}

/* NULL-terminated name, value pairs; names lower-case as the engine hands them over. */
G_GNUC_NULL_TERMINATED
static GHashTable *
make_headers (const char *first_name,
              ...)
{
  GHashTable *headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    g_hash_table_insert (headers, g_strdup (name), g_strdup (va_arg (args, const char *)));
  va_end (args);
  return headers;
}

static void
parse_fixture (const FxProviderClass *klass,
               guint                  status,
               GHashTable            *headers,
               const char            *name,
               FxProviderResponse    *out)
{
  g_autoptr(GHashTable) empty = make_headers (NULL, NULL);
  gsize length = 0;
  g_autofree char *body = load_fixture (name, &length);

  klass->parse_response (status, headers != NULL ? headers : empty, body, length, out);
}

static void
parse_text (const FxProviderClass *klass,
            guint                  status,
            const char            *body,
            FxProviderResponse    *out)
{
  g_autoptr(GHashTable) empty = make_headers (NULL, NULL);

  klass->parse_response (status, empty, body, body != NULL ? strlen (body) : 0, out);
}

static void
check_outcome (const FxProviderResponse *r,
               FxOutcome                 expected,
               const char               *fixture)
{
  if (r->outcome != expected)
    g_test_fail_printf ("%s: outcome %s, expected %s (message: %s)", fixture,
                        fx_outcome_to_string (r->outcome), fx_outcome_to_string (expected),
                        r->message != NULL ? r->message : "none");
  if (expected != FX_OUTCOME_OK)
    {
      g_assert_nonnull (r->message);
      g_assert_null (r->rows);
    }
}

static void
check_message_contains (const FxProviderResponse *r,
                        const char               *needle)
{
  if (r->message == NULL || strstr (r->message, needle) == NULL)
    g_test_fail_printf ("message “%s” does not contain “%s”",
                        r->message != NULL ? r->message : "(null)", needle);
}

/* Every row is an object the schema accepts; row 0 has @first_age ("age" of -1: null). */
static void
check_rows (const FxProviderResponse *r,
            guint                     n,
            gint64                    first_age)
{
  g_autoptr(FxSchema) schema = test_schema ();
  JsonObject *first;

  g_assert_nonnull (fx_provider_response_get_rows ((FxProviderResponse *) r));
  if (r->rows == NULL)
    return;
  g_assert_cmpuint (json_array_get_length (r->rows), ==, n);
  for (guint i = 0; i < json_array_get_length (r->rows); i++)
    {
      g_autoptr(GPtrArray) violations = NULL;

      violations = fx_schema_validate_object (schema, json_array_get_object_element (r->rows, i));
      if (violations->len > 0)
        g_test_fail_printf ("row %u: %s", i, ((FxViolation *) g_ptr_array_index (violations, 0))->message);
    }
  if (n == 0)
    return;
  first = json_array_get_object_element (r->rows, 0);
  if (first_age < 0)
    g_assert_true (json_object_get_null_member (first, "age"));
  else
    g_assert_cmpint (json_object_get_int_member (first, "age"), ==, first_age);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, &error))
    {
      g_test_fail_printf ("not JSON: %s", error != NULL ? error->message : "(null)");
      return json_node_init_object (json_node_alloc (), json_object_new ());
    }
  return json_parser_steal_root (parser);
}

/* The node at a path like "$.messages[1].content" (members and array indices only;
 * json-glib 1.6's JsonPath warns on an index past the end), or NULL. */
static JsonNode *
at (JsonNode   *root,
    const char *path)
{
  g_auto(GStrv) segments = NULL;
  JsonNode *node = root;

  g_assert_true (g_str_has_prefix (path, "$"));
  segments = g_strsplit (path + 1, ".", -1);
  for (guint i = 0; segments[i] != NULL && node != NULL; i++)
    {
      char *segment = segments[i];
      char *bracket = strchr (segment, '[');

      if (bracket != NULL)
        *bracket = '\0';
      if (segment[0] != '\0')
        {
          if (!JSON_NODE_HOLDS_OBJECT (node))
            return NULL;
          node = json_object_get_member (json_node_get_object (node), segment);
        }
      while (bracket != NULL && node != NULL)
        {
          guint64 index = g_ascii_strtoull (bracket + 1, NULL, 10);

          if (!JSON_NODE_HOLDS_ARRAY (node) || index >= json_array_get_length (json_node_get_array (node)))
            return NULL;
          node = json_array_get_element (json_node_get_array (node), index);
          bracket = strchr (bracket + 1, '[');
        }
    }
  return node != NULL ? json_node_copy (node) : NULL;
}

static gboolean
has (JsonNode   *root,
     const char *path)
{
  g_autoptr(JsonNode) node = at (root, path);

  return node != NULL;
}

static const char *
string_at (JsonNode   *root,
           const char *path)
{
  g_autoptr(JsonNode) node = at (root, path);
  static char buffer[4096];

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  g_strlcpy (buffer, json_node_get_string (node), sizeof buffer);
  return buffer;
}

static double
number_at (JsonNode   *root,
           const char *path)
{
  g_autoptr(JsonNode) node = at (root, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NAN;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  return NAN;
}

/* TRUE or FALSE at @path; -1 when there is no boolean there. */
static int
boolean_at (JsonNode   *root,
            const char *path)
{
  g_autoptr(JsonNode) node = at (root, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return -1;
  return json_node_get_boolean (node);
}

typedef void (*SchemaVisit) (JsonObject *schema,
                             const char *where,
                             gpointer    data);

/* Every schema object under @node, by the keywords that hold schemas. */
static guint
walk_schema (JsonNode    *node,
             const char  *where,
             SchemaVisit  visit,
             gpointer     data)
{
  static const char *const singles[] = { "items", "additionalProperties", "not", NULL };
  static const char *const lists[] = { "anyOf", "allOf", "oneOf", NULL };
  JsonObject *object;
  JsonNode *member;
  guint n = 1;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return 0;
  object = json_node_get_object (node);
  visit (object, where, data);

  member = json_object_get_member (object, "properties");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    {
      g_autoptr(GList) names = json_object_get_members (json_node_get_object (member));

      for (GList *l = names; l != NULL; l = l->next)
        {
          g_autofree char *sub = g_strdup_printf ("%s/properties/%s", where, (char *) l->data);

          n += walk_schema (json_object_get_member (json_node_get_object (member), l->data),
                            sub, visit, data);
        }
    }
  for (guint i = 0; singles[i] != NULL; i++)
    {
      g_autofree char *sub = g_strdup_printf ("%s/%s", where, singles[i]);

      n += walk_schema (json_object_get_member (object, singles[i]), sub, visit, data);
    }
  for (guint i = 0; lists[i] != NULL; i++)
    {
      member = json_object_get_member (object, lists[i]);
      if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
        continue;
      for (guint k = 0; k < json_array_get_length (json_node_get_array (member)); k++)
        {
          g_autofree char *sub = g_strdup_printf ("%s/%s/%u", where, lists[i], k);

          n += walk_schema (json_array_get_element (json_node_get_array (member), k), sub, visit, data);
        }
    }
  return n;
}

/* OpenAI strict mode: every object lists all its properties as required and forbids others. */
static void
visit_strict (JsonObject *schema,
              const char *where,
              gpointer    data)
{
  guint *n_objects = data;
  JsonNode *properties = json_object_get_member (schema, "properties");
  JsonNode *required = json_object_get_member (schema, "required");
  JsonNode *additional = json_object_get_member (schema, "additionalProperties");
  g_autoptr(GList) names = NULL;

  if (properties == NULL)
    return;
  (*n_objects)++;
  if (required == NULL || !JSON_NODE_HOLDS_ARRAY (required))
    {
      g_test_fail_printf ("%s: no \"required\"", where);
      return;
    }
  names = json_object_get_members (json_node_get_object (properties));
  if (json_array_get_length (json_node_get_array (required)) != g_list_length (names))
    g_test_fail_printf ("%s: \"required\" lists %u of %u properties", where,
                        json_array_get_length (json_node_get_array (required)), g_list_length (names));
  for (GList *l = names; l != NULL; l = l->next)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < json_array_get_length (json_node_get_array (required)); i++)
        if (g_strcmp0 (json_array_get_string_element (json_node_get_array (required), i), l->data) == 0)
          found = TRUE;
      if (!found)
        g_test_fail_printf ("%s: \"%s\" is not required", where, (char *) l->data);
    }
  if (additional == NULL || !JSON_NODE_HOLDS_VALUE (additional)
      || json_node_get_value_type (additional) != G_TYPE_BOOLEAN || json_node_get_boolean (additional))
    g_test_fail_printf ("%s: additionalProperties is not false", where);
}

static void
visit_no_bounds (JsonObject *schema,
                 const char *where,
                 gpointer    data)
{
  for (guint i = 0; bound_keywords[i] != NULL; i++)
    if (json_object_has_member (schema, bound_keywords[i]))
      g_test_fail_printf ("%s: has \"%s\", which Anthropic rejects", where, bound_keywords[i]);
}

/* The key is only in the one header marked secret: not in the URL, the body or any
 * other header. */
static void
check_key_only_in_secret_header (const FxHttpRequest *request,
                                 const char          *key)
{
  guint n_secret = 0;

  g_assert_null (strstr (request->url, key));
  if (request->body != NULL)
    g_assert_null (strstr (request->body, key));
  g_assert_cmpuint (request->header_names->len, ==, request->header_values->len);
  g_assert_cmpuint (request->header_names->len, ==, request->header_secret->len);
  for (guint i = 0; i < request->header_names->len; i++)
    {
      const char *value = g_ptr_array_index (request->header_values, i);
      gboolean secret = g_array_index (request->header_secret, gboolean, i);

      if (secret)
        {
          n_secret++;
          g_assert_nonnull (strstr (value, key));
        }
      else if (strstr (value, key) != NULL)
        g_test_fail_printf ("header %s holds the key but is not marked secret",
                            (char *) g_ptr_array_index (request->header_names, i));
    }
  g_assert_cmpuint (n_secret, ==, 1);
}

static void
check_no_secret_header (const FxHttpRequest *request)
{
  for (guint i = 0; i < request->header_secret->len; i++)
    g_assert_false (g_array_index (request->header_secret, gboolean, i));
}

/* The rows wrapper every provider sends, at @path. */
static void
check_rows_wrapper (JsonNode   *body,
                    const char *path,
                    guint       n_rows,
                    gboolean    with_counts)
{
  g_autofree char *type = g_strdup_printf ("%s.type", path);
  g_autofree char *rows_type = g_strdup_printf ("%s.properties.rows.type", path);
  g_autofree char *required = g_strdup_printf ("%s.required[0]", path);
  g_autofree char *required_1 = g_strdup_printf ("%s.required[1]", path);
  g_autofree char *additional = g_strdup_printf ("%s.additionalProperties", path);
  g_autofree char *min_items = g_strdup_printf ("%s.properties.rows.minItems", path);
  g_autofree char *max_items = g_strdup_printf ("%s.properties.rows.maxItems", path);
  g_autofree char *items = g_strdup_printf ("%s.properties.rows.items.properties", path);
  g_autofree char *items_type = g_strdup_printf ("%s.properties.rows.items.type", path);
  g_autoptr(JsonNode) properties = at (body, items);

  g_assert_cmpstr (string_at (body, type), ==, "object");
  g_assert_cmpstr (string_at (body, rows_type), ==, "array");
  g_assert_cmpstr (string_at (body, required), ==, "rows");
  g_assert_false (has (body, required_1));
  g_assert_cmpint (boolean_at (body, additional), ==, FALSE);
  if (with_counts)
    {
      g_assert_cmpfloat (number_at (body, min_items), ==, n_rows);
      g_assert_cmpfloat (number_at (body, max_items), ==, n_rows);
    }
  g_assert_cmpstr (string_at (body, items_type), ==, "object");
  g_assert_nonnull (properties);
  if (properties != NULL)
    {
      JsonObject *object = json_node_get_object (properties);

      g_assert_cmpuint (json_object_get_size (object), ==, 6);
      g_assert_true (json_object_has_member (object, "age"));
      g_assert_true (json_object_has_member (object, "hospital_mortality"));
    }
}

/* ---- shared helpers ---------------------------------------------------------- */

static void
test_outcome_strings (void)
{
  static const struct { FxOutcome outcome; const char *name; gboolean retry; } cases[] = {
    { FX_OUTCOME_OK, "ok", FALSE },
    { FX_OUTCOME_TRUNCATED, "truncated", FALSE },
    { FX_OUTCOME_REFUSED, "refused", FALSE },
    { FX_OUTCOME_BLOCKED, "blocked", FALSE },
    { FX_OUTCOME_RATE_LIMITED, "rate-limited", TRUE },
    { FX_OUTCOME_QUOTA_EXHAUSTED, "quota-exhausted", FALSE },
    { FX_OUTCOME_SERVER_ERROR, "server-error", TRUE },
    { FX_OUTCOME_BAD_REQUEST, "bad-request", FALSE },
    { FX_OUTCOME_AUTH_ERROR, "auth-error", FALSE },
    { FX_OUTCOME_NETWORK_ERROR, "network-error", TRUE },
    { FX_OUTCOME_INVALID_RESPONSE, "invalid-response", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpstr (fx_outcome_to_string (cases[i].outcome), ==, cases[i].name);
      g_assert_cmpint (fx_outcome_is_retryable (cases[i].outcome), ==, cases[i].retry);
    }
}

static void
test_outcome_from_status (void)
{
  static const struct { guint status; FxOutcome outcome; } cases[] = {
    { 200, FX_OUTCOME_OK }, { 204, FX_OUTCOME_OK },
    { 400, FX_OUTCOME_BAD_REQUEST }, { 404, FX_OUTCOME_BAD_REQUEST },
    { 413, FX_OUTCOME_BAD_REQUEST }, { 422, FX_OUTCOME_BAD_REQUEST },
    { 401, FX_OUTCOME_AUTH_ERROR }, { 403, FX_OUTCOME_AUTH_ERROR },
    { 402, FX_OUTCOME_QUOTA_EXHAUSTED },
    { 408, FX_OUTCOME_SERVER_ERROR }, { 409, FX_OUTCOME_SERVER_ERROR },
    { 429, FX_OUTCOME_RATE_LIMITED },
    { 500, FX_OUTCOME_SERVER_ERROR }, { 502, FX_OUTCOME_SERVER_ERROR },
    { 503, FX_OUTCOME_SERVER_ERROR }, { 504, FX_OUTCOME_SERVER_ERROR },
    { 529, FX_OUTCOME_SERVER_ERROR },
    { 0, FX_OUTCOME_NETWORK_ERROR },
    { 302, FX_OUTCOME_INVALID_RESPONSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (fx_outcome_from_status (cases[i].status) != cases[i].outcome)
      g_test_fail_printf ("HTTP %u: %s, expected %s", cases[i].status,
                          fx_outcome_to_string (fx_outcome_from_status (cases[i].status)),
                          fx_outcome_to_string (cases[i].outcome));
}

static void
test_registry (void)
{
  static const char *const names[] = { "openai", "anthropic", "gemini", "openai-compatible" };
  const FxProviderClass * const *list;
  guint n = 0;

  list = fx_provider_list (&n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < n && i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpstr (list[i]->name, ==, names[i]);
      g_assert_true (fx_provider_lookup (names[i]) == list[i]);
      g_assert_nonnull (list[i]->display_name);
      g_assert_nonnull (list[i]->key_variable);
      g_assert_nonnull (list[i]->build_request);
      g_assert_nonnull (list[i]->parse_response);
      g_assert_nonnull (list[i]->build_list_models);
      g_assert_nonnull (list[i]->parse_list_models);
    }
  g_assert_null (fx_provider_lookup ("openai-compat"));
  g_assert_null (fx_provider_lookup (""));
  g_assert_cmpstr (fx_provider_openai.default_base_url, ==, "https://api.openai.com");
  g_assert_cmpstr (fx_provider_anthropic.default_base_url, ==, "https://api.anthropic.com");
  g_assert_cmpstr (fx_provider_gemini.default_base_url, ==, "https://generativelanguage.googleapis.com");
  g_assert_null (fx_provider_openai_compatible.default_base_url);
  g_assert_true (fx_provider_openai.needs_key);
  g_assert_false (fx_provider_openai_compatible.needs_key);
}

static void
test_http_request (void)
{
  g_autoptr(FxHttpRequest) request = fx_http_request_new ("POST", "https://example.org/x");

  fx_http_request_add_header (request, "Content-Type", "application/json", FALSE);
  fx_http_request_add_header (request, "Authorization", "Bearer k", TRUE);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->url, ==, "https://example.org/x");
  g_assert_null (request->body);
  g_assert_cmpstr (fx_http_request_get_header (request, "content-type"), ==, "application/json");
  g_assert_cmpstr (fx_http_request_get_header (request, "AUTHORIZATION"), ==, "Bearer k");
  g_assert_null (fx_http_request_get_header (request, "x-api-key"));
  g_assert_cmpuint (request->header_secret->len, ==, 2);
  g_assert_false (g_array_index (request->header_secret, gboolean, 0));
  g_assert_true (g_array_index (request->header_secret, gboolean, 1));
}

static void
test_response_clear (void)
{
  FxProviderResponse r = { 0 };

  r.outcome = FX_OUTCOME_BLOCKED;
  r.message = g_strdup ("x");
  r.rows = json_array_new ();
  r.model = g_strdup ("m");
  r.prompt_tokens = 3;
  fx_provider_response_clear (&r);
  g_assert_cmpint (r.outcome, ==, FX_OUTCOME_OK);
  g_assert_null (r.message);
  g_assert_null (r.rows);
  g_assert_null (r.model);
  g_assert_cmpint (r.prompt_tokens, ==, 0);
  g_assert_cmpfloat (r.retry_after, <, 0);
  g_assert_cmpint (r.should_retry, ==, -1);
  fx_provider_response_clear (&r);
}

static char *
http_date (GDateTime *dt,
           int        style)
{
  static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char *const long_days[] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
  };
  static const char *const months[] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  };
  int wd = g_date_time_get_day_of_week (dt) - 1;
  int mo = g_date_time_get_month (dt) - 1;

  switch (style)
    {
    case 0:
      return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d GMT", days[wd],
                              g_date_time_get_day_of_month (dt), months[mo], g_date_time_get_year (dt),
                              g_date_time_get_hour (dt), g_date_time_get_minute (dt),
                              g_date_time_get_second (dt));
    case 1:
      return g_strdup_printf ("%s, %02d-%s-%02d %02d:%02d:%02d GMT", long_days[wd],
                              g_date_time_get_day_of_month (dt), months[mo], g_date_time_get_year (dt) % 100,
                              g_date_time_get_hour (dt), g_date_time_get_minute (dt),
                              g_date_time_get_second (dt));
    default:
      return g_strdup_printf ("%s %s %2d %02d:%02d:%02d %04d", days[wd], months[mo],
                              g_date_time_get_day_of_month (dt), g_date_time_get_hour (dt),
                              g_date_time_get_minute (dt), g_date_time_get_second (dt),
                              g_date_time_get_year (dt));
    }
}

static void
test_retry_after (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 30);
  g_autoptr(GDateTime) earlier = g_date_time_add_seconds (now, -3600);

  {
    g_autoptr(GHashTable) h = make_headers (NULL, NULL);
    g_assert_cmpfloat (fx_retry_after_from_headers (h), <, 0);
    g_assert_cmpfloat (fx_retry_after_from_headers (NULL), <, 0);
  }
  {
    g_autoptr(GHashTable) h = make_headers ("retry-after", "20", NULL);
    g_assert_cmpfloat (fx_retry_after_from_headers (h), ==, 20);
  }
  {
    g_autoptr(GHashTable) h = make_headers ("retry-after", " 1.5 ", NULL);
    g_assert_cmpfloat (fx_retry_after_from_headers (h), ==, 1.5);
  }
  {
    /* retry-after-ms is finer and wins */
    g_autoptr(GHashTable) h = make_headers ("retry-after-ms", "1400", "retry-after", "2", NULL);
    g_assert_cmpfloat_with_epsilon (fx_retry_after_from_headers (h), 1.4, 1e-9);
  }
  {
    g_autoptr(GHashTable) h = make_headers ("retry-after-ms", "soon", "retry-after", "2", NULL);
    g_assert_cmpfloat (fx_retry_after_from_headers (h), ==, 2);
  }
  for (int style = 0; style < 3; style++)
    {
      g_autofree char *date = http_date (later, style);
      g_autofree char *past = http_date (earlier, style);
      g_autoptr(GHashTable) h = make_headers ("retry-after", date, NULL);
      g_autoptr(GHashTable) p = make_headers ("retry-after", past, NULL);
      double seconds = fx_retry_after_from_headers (h);

      if (!(seconds > 25 && seconds <= 30))
        g_test_fail_printf ("retry-after %s gave %g s, expected about 30", date, seconds);
      g_assert_cmpfloat (fx_retry_after_from_headers (p), ==, 0);
    }
  {
    g_autoptr(GHashTable) h = make_headers ("retry-after", "Thu, 31 Feb 2030 10:00:00 GMT", NULL);
    g_assert_cmpfloat (fx_retry_after_from_headers (h), <, 0);
  }
  {
    g_autoptr(GHashTable) h = make_headers ("retry-after", "-5", NULL);
    g_assert_cmpfloat (fx_retry_after_from_headers (h), <, 0);
  }
  {
    g_autoptr(GHashTable) h = make_headers ("retry-after", "tomorrow", NULL);
    g_assert_cmpfloat (fx_retry_after_from_headers (h), <, 0);
  }
}

static void
check_rows_text (const char *text,
                 int         expected_rows)
{
  g_autofree char *message = NULL;
  g_autoptr(JsonArray) rows = fx_parse_rows_text (text, strlen (text), &message);

  if (expected_rows < 0)
    {
      if (rows != NULL)
        g_test_fail_printf ("“%s” was accepted", text);
      g_assert_nonnull (message);
    }
  else if (rows == NULL)
    g_test_fail_printf ("“%s” was refused: %s", text, message);
  else
    {
      g_assert_null (message);
      g_assert_cmpuint (json_array_get_length (rows), ==, expected_rows);
    }
}

static void
test_rows_text (void)
{
  check_rows_text ("{\"rows\":[{\"a\":1},{\"a\":2}]}", 2);
  check_rows_text ("  \n{\"rows\": []}\n\t", 0);
  check_rows_text ("```json\n{\"rows\":[{\"a\":1}]}\n```", 1);
  check_rows_text ("```\n{\"rows\":[{\"a\":1}]}\n```\n", 1);
  check_rows_text ("Here you are:\n\n```json\n{\"rows\":[{\"a\":1},{\"a\":2},{\"a\":3}]}\n```\nEnjoy.", 3);
  check_rows_text ("[{\"a\":1},{\"a\":2}]", 2);
  check_rows_text ("{\"rows\":[{\"a\":1}], \"note\": \"extra keys are fine\"}", 1);
  check_rows_text ("", -1);
  check_rows_text ("   ", -1);
  check_rows_text ("{\"rows\":[{\"a\":1}", -1);
  check_rows_text ("{\"data\":[{\"a\":1}]}", -1);
  check_rows_text ("{\"rows\":{\"a\":1}}", -1);
  check_rows_text ("{\"rows\":[{\"a\":1}, 2]}", -1);
  check_rows_text ("[[1,2]]", -1);
  check_rows_text ("\"rows\"", -1);
  check_rows_text ("I cannot do that.", -1);

  {
    g_autofree char *message = NULL;
    const char text[] = "{\"rows\":[{\"a\":1}]}TRAILING";

    /* only @length bytes count */
    g_autoptr(JsonArray) rows = fx_parse_rows_text (text, strlen ("{\"rows\":[{\"a\":1}]}"), &message);
    g_assert_nonnull (rows);
  }
  {
    g_autofree char *message = NULL;
    g_autoptr(JsonArray) rows = fx_parse_rows_text ("{\"rows\":[1]}", 12, &message);

    g_assert_null (rows);
    g_assert_nonnull (strstr (message, "row 1"));
  }
}

static void
test_row_schema (void)
{
  g_autoptr(JsonNode) schema = make_row_schema ();
  g_autoptr(JsonNode) expected = parse_json (
    "{\"type\": \"object\","
    " \"properties\": {"
    "  \"age\": {\"type\": [\"integer\", \"null\"], \"minimum\": 18, \"maximum\": 90,"
    "           \"description\": \"Age at admission (unit: years)\"},"
    "  \"gender\": {\"type\": [\"string\", \"null\"], \"enum\": [\"Female\", \"Male\", null]},"
    "  \"creatinine\": {\"type\": \"number\", \"minimum\": 0.1, \"maximum\": 20, \"description\": \"Unit: mg/dL\"},"
    "  \"ethnicity\": {\"type\": [\"string\", \"null\"]},"
    "  \"unit_type\": {\"type\": \"string\", \"enum\": [\"MICU\", \"SICU\"]},"
    "  \"hospital_mortality\": {\"type\": \"boolean\"}},"
    " \"required\": [\"age\", \"gender\", \"creatinine\", \"ethnicity\", \"unit_type\", \"hospital_mortality\"],"
    " \"additionalProperties\": false}");
  g_autofree char *text = json_to_string (schema, FALSE);

  if (!json_node_equal (schema, expected))
    g_test_fail_printf ("row schema differs: %s", text);
  /* an integer feature's bounds are written as integers */
  g_assert_nonnull (strstr (text, "\"minimum\":18,"));
  g_assert_nonnull (strstr (text, "\"maximum\":20,"));
  /* "required" keeps the order of the features */
  g_assert_cmpstr (string_at (schema, "$.required[5]"), ==, "hospital_mortality");
}

static void
test_schema_map_keywords_not_names (void)
{
  /* Features named like keywords are data: a translation must not touch them. */
  static const char json[] =
    "{\"format\": 1, \"features\": ["
    " {\"name\": \"minimum\", \"type\": \"number\", \"minimum\": 0, \"maximum\": 5},"
    " {\"name\": \"maxItems\", \"type\": \"integer\"},"
    " {\"name\": \"properties\", \"type\": \"categorical\", \"categories\": [\"a\"]}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = fx_schema_load_data (json, -1, "keywords.json", &error);
  g_autoptr(JsonNode) row = NULL;
  g_autoptr(FxHttpRequest) request = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) translated = NULL;
  FxProviderConfig config = test_config ("claude-sonnet-4-5");
  FxPrompt prompt = test_prompt ();
  guint n;

  g_assert_no_error (error);
  if (schema == NULL)
    return;
  row = fx_row_json_schema (schema);
  request = fx_provider_anthropic.build_request (&config, &prompt, row, 2);
  body = parse_json (request->body);
  translated = at (body, "$.output_config.format.schema");
  n = walk_schema (translated, "schema", visit_no_bounds, NULL);
  g_assert_cmpuint (n, >, 0);
  g_assert_true (has (body, "$.output_config.format.schema.properties.rows.items.properties.minimum"));
  g_assert_true (has (body, "$.output_config.format.schema.properties.rows.items.properties.maxItems"));
  g_assert_true (has (body, "$.output_config.format.schema.properties.rows.items.properties.properties"));
  g_assert_cmpstr (string_at (body, "$.output_config.format.schema.properties.rows.items.properties.minimum.description"),
                   ==, "Between 0 and 5");
  g_assert_cmpstr (string_at (body, "$.output_config.format.schema.properties.rows.items.required[1]"),
                   ==, "maxItems");
}

/* ---- OpenAI -------------------------------------------------------------------- */

static void
test_openai_request (void)
{
  g_autoptr(JsonNode) row = make_row_schema ();
  FxProviderConfig config = test_config ("gpt-4o-2024-08-06");
  FxPrompt prompt = test_prompt ();
  g_autoptr(FxHttpRequest) request = fx_provider_openai.build_request (&config, &prompt, row, 3);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) schema = NULL;
  guint n_objects = 0;

  g_assert_nonnull (request);
  if (request == NULL)
    return;
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->url, ==, "https://api.openai.com/v1/chat/completions");
  g_assert_cmpstr (fx_http_request_get_header (request, "authorization"), ==, "Bearer " TEST_KEY);
  g_assert_cmpstr (fx_http_request_get_header (request, "content-type"), ==, "application/json");
  check_key_only_in_secret_header (request, TEST_KEY);

  body = parse_json (request->body);
  g_assert_cmpstr (string_at (body, "$.model"), ==, "gpt-4o-2024-08-06");
  g_assert_cmpstr (string_at (body, "$.messages[0].role"), ==, "system");
  g_assert_cmpstr (string_at (body, "$.messages[0].content"), ==, prompt.system);
  g_assert_cmpstr (string_at (body, "$.messages[1].role"), ==, "user");
  g_assert_cmpstr (string_at (body, "$.messages[1].content"), ==, prompt.user);
  g_assert_false (has (body, "$.messages[2]"));
  g_assert_cmpfloat (number_at (body, "$.max_completion_tokens"), ==, 2000);
  g_assert_false (has (body, "$.max_tokens"));
  g_assert_cmpfloat_with_epsilon (number_at (body, "$.temperature"), 0.7, 1e-12);
  g_assert_cmpfloat (number_at (body, "$.seed"), ==, 42);
  g_assert_cmpstr (string_at (body, "$.response_format.type"), ==, "json_schema");
  g_assert_cmpstr (string_at (body, "$.response_format.json_schema.name"), ==, "patient_rows");
  g_assert_cmpint (boolean_at (body, "$.response_format.json_schema.strict"), ==, TRUE);

  check_rows_wrapper (body, "$.response_format.json_schema.schema", 3, TRUE);
  schema = at (body, "$.response_format.json_schema.schema");
  walk_schema (schema, "schema", visit_strict, &n_objects);
  g_assert_cmpuint (n_objects, ==, 2);
  /* OpenAI takes bounds and unions as they are */
  g_assert_cmpfloat (number_at (schema, "$.properties.rows.items.properties.age.minimum"), ==, 18);
  g_assert_cmpfloat (number_at (schema, "$.properties.rows.items.properties.creatinine.maximum"), ==, 20);
  g_assert_cmpstr (string_at (schema, "$.properties.rows.items.properties.age.type[1]"), ==, "null");
  g_assert_true (has (schema, "$.properties.rows.items.properties.gender.enum[2]"));
}

static void
test_openai_request_options (void)
{
  g_autoptr(JsonNode) row = make_row_schema ();
  FxProviderConfig config = test_config ("o4-mini");
  FxPrompt prompt = { .system = NULL, .user = (char *) "Write 1 row." };
  g_autoptr(FxHttpRequest) request = NULL;
  g_autoptr(JsonNode) body = NULL;

  /* unset temperature, seed and token limit are left out; no system message */
  config.temperature = NAN;
  config.seed = -1;
  config.max_output_tokens = 0;
  config.base_url = (char *) "https://proxy.example.org/openai/";
  request = fx_provider_openai.build_request (&config, &prompt, row, 1);
  g_assert_cmpstr (request->url, ==, "https://proxy.example.org/openai/v1/chat/completions");
  body = parse_json (request->body);
  g_assert_false (has (body, "$.temperature"));
  g_assert_false (has (body, "$.seed"));
  g_assert_false (has (body, "$.max_completion_tokens"));
  g_assert_cmpstr (string_at (body, "$.messages[0].role"), ==, "user");
  g_assert_false (has (body, "$.messages[1]"));
  check_rows_wrapper (body, "$.response_format.json_schema.schema", 1, TRUE);
}

static void
test_openai_success (void)
{
  FxProviderResponse r = { 0 };
  g_autoptr(GHashTable) headers = make_headers ("x-request-id", "req_1", "x-ratelimit-remaining-requests", "499", NULL);

  parse_fixture (&fx_provider_openai, 200, headers, "openai-success.json", &r);
  check_outcome (&r, FX_OUTCOME_OK, "openai-success.json");
  g_assert_null (r.message);
  check_rows (&r, 2, 67);
  g_assert_cmpint (r.prompt_tokens, ==, 412);
  g_assert_cmpint (r.completion_tokens, ==, 96);
  g_assert_cmpint (r.reasoning_tokens, ==, 64);
  g_assert_cmpstr (r.model, ==, "gpt-4o-2024-08-06");
  g_assert_cmpfloat (r.retry_after, <, 0);
  g_assert_cmpint (r.should_retry, ==, -1);
  /* a second parse into the same response replaces everything */
  parse_fixture (&fx_provider_openai, 200, NULL, "openai-refusal.json", &r);
  check_outcome (&r, FX_OUTCOME_REFUSED, "openai-refusal.json");
  fx_provider_response_clear (&r);
}

static void
test_openai_truncated (void)
{
  FxProviderResponse r = { 0 };

  parse_fixture (&fx_provider_openai, 200, NULL, "openai-truncated.json", &r);
  check_outcome (&r, FX_OUTCOME_TRUNCATED, "openai-truncated.json");
  check_message_contains (&r, "960");
  g_assert_cmpint (r.completion_tokens, ==, 1000);
  g_assert_cmpint (r.reasoning_tokens, ==, 960);
  g_assert_cmpstr (r.model, ==, "o4-mini-2025-04-16");
  fx_provider_response_clear (&r);
}

static void
test_openai_refusal (void)
{
  FxProviderResponse r = { 0 };

  parse_fixture (&fx_provider_openai, 200, NULL, "openai-refusal.json", &r);
  check_outcome (&r, FX_OUTCOME_REFUSED, "openai-refusal.json");
  check_message_contains (&r, "can't help");
  g_assert_cmpint (r.prompt_tokens, ==, 380);
  fx_provider_response_clear (&r);

  parse_fixture (&fx_provider_openai, 200, NULL, "openai-content-filter.json", &r);
  check_outcome (&r, FX_OUTCOME_BLOCKED, "openai-content-filter.json");
  check_message_contains (&r, "blocked by provider safety filter");
  fx_provider_response_clear (&r);
}

static void
test_openai_rate_limited (void)
{
  FxProviderResponse r = { 0 };
  g_autoptr(GHashTable) headers = make_headers ("retry-after-ms", "1400", "retry-after", "2",
                                                "x-should-retry", "true",
                                                "x-ratelimit-reset-tokens", "1.4s", NULL);

  parse_fixture (&fx_provider_openai, 429, headers, "openai-429-rate-limit.json", &r);
  check_outcome (&r, FX_OUTCOME_RATE_LIMITED, "openai-429-rate-limit.json");
  g_assert_cmpfloat_with_epsilon (r.retry_after, 1.4, 1e-9);
  g_assert_cmpint (r.should_retry, ==, 1);
  check_message_contains (&r, "HTTP 429");
  check_message_contains (&r, "rate_limit_exceeded");
  g_assert_true (fx_outcome_is_retryable (r.outcome));
  fx_provider_response_clear (&r);
}

static void
test_openai_insufficient_quota (void)
{
  FxProviderResponse r = { 0 };
  g_autoptr(GHashTable) headers = make_headers ("x-should-retry", "false", NULL);

  parse_fixture (&fx_provider_openai, 429, headers, "openai-429-insufficient-quota.json", &r);
  check_outcome (&r, FX_OUTCOME_QUOTA_EXHAUSTED, "openai-429-insufficient-quota.json");
  check_message_contains (&r, "exceeded your current quota");
  g_assert_cmpint (r.should_retry, ==, 0);
  g_assert_false (fx_outcome_is_retryable (r.outcome));
  fx_provider_response_clear (&r);
}

static void
test_openai_errors (void)
{
  FxProviderResponse r = { 0 };
  g_autoptr(GHashTable) headers = make_headers ("retry-after", "3", NULL);

  /* OpenAI quotes a masked key back; the message keeps none of it */
  parse_fixture (&fx_provider_openai, 401, NULL, "openai-401.json", &r);
  check_outcome (&r, FX_OUTCOME_AUTH_ERROR, "openai-401.json");
  check_message_contains (&r, "Incorrect API key provided: [redacted]. You can find");
  g_assert_null (strstr (r.message, "sk-"));
  g_assert_null (strstr (r.message, "wxyz"));
  fx_provider_response_clear (&r);

  parse_fixture (&fx_provider_openai, 400, NULL, "openai-400-schema.json", &r);
  check_outcome (&r, FX_OUTCOME_BAD_REQUEST, "openai-400-schema.json");
  check_message_contains (&r, "Invalid schema for response_format");
  check_message_contains (&r, "invalid_request_error");
  fx_provider_response_clear (&r);

  parse_fixture (&fx_provider_openai, 502, headers, "gateway-502.html", &r);
  check_outcome (&r, FX_OUTCOME_SERVER_ERROR, "gateway-502.html");
  g_assert_cmpstr (r.message, ==, "HTTP 502: an HTML page: 502 Bad Gateway");
  g_assert_cmpfloat (r.retry_after, ==, 3);
  fx_provider_response_clear (&r);

  parse_text (&fx_provider_openai, 500, "", &r);
  check_outcome (&r, FX_OUTCOME_SERVER_ERROR, "empty 500");
  g_assert_cmpstr (r.message, ==, "HTTP 500: empty body");
  fx_provider_response_clear (&r);

  parse_text (&fx_provider_openai, 403, "{\"error\": {\"code\": \"unsupported_country_region_territory\", "
              "\"message\": \"Country, region, or territory not supported\", \"param\": null, "
              "\"type\": \"request_forbidden\"}}", &r);
  check_outcome (&r, FX_OUTCOME_AUTH_ERROR, "403 region");
  fx_provider_response_clear (&r);
}

static void
test_openai_invalid (void)
{
  FxProviderResponse r = { 0 };

  /* a 200 cut off in transit */
  parse_text (&fx_provider_openai, 200, "{\"id\": \"chatcmpl-1\", \"choices\": [", &r);
  check_outcome (&r, FX_OUTCOME_INVALID_RESPONSE, "cut-off body");
  check_message_contains (&r, "not JSON");
  fx_provider_response_clear (&r);

  parse_fixture (&fx_provider_openai, 200, NULL, "gateway-502.html", &r);
  check_outcome (&r, FX_OUTCOME_INVALID_RESPONSE, "HTML with 200");
  fx_provider_response_clear (&r);

  parse_text (&fx_provider_openai, 200, "[1, 2]", &r);
  check_outcome (&r, FX_OUTCOME_INVALID_RESPONSE, "array body");
  fx_provider_response_clear (&r);

  parse_text (&fx_provider_openai, 200, "{\"object\": \"chat.completion\", \"choices\": []}", &r);
  check_outcome (&r, FX_OUTCOME_INVALID_RESPONSE, "no choices");
  check_message_contains (&r, "no choices");
  fx_provider_response_clear (&r);

  /* content that is not the JSON asked for */
  parse_text (&fx_provider_openai, 200,
              "{\"model\": \"gpt-4o\", \"choices\": [{\"index\": 0, \"finish_reason\": \"stop\", "
              "\"message\": {\"role\": \"assistant\", \"content\": \"Sure! Here are some rows.\"}}], "
              "\"usage\": {\"prompt_tokens\": 10, \"completion_tokens\": 7}}", &r);
  check_outcome (&r, FX_OUTCOME_INVALID_RESPONSE, "prose content");
  check_message_contains (&r, "not valid JSON");
  g_assert_cmpint (r.completion_tokens, ==, 7);
  fx_provider_response_clear (&r);

  parse_text (&fx_provider_openai, 200,
              "{\"choices\": [{\"index\": 0, \"finish_reason\": \"stop\", "
              "\"message\": {\"role\": \"assistant\", \"content\": null}}]}", &r);
  check_outcome (&r, FX_OUTCOME_INVALID_RESPONSE, "null content");
  fx_provider_response_clear (&r);
}

static void
test_openai_list_models (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GHashTable) headers = make_headers (NULL, NULL);
  FxProviderConfig config = test_config (NULL);
  g_autoptr(FxHttpRequest) request = fx_provider_openai.build_list_models (&config);
  gsize length = 0;
  g_autofree char *body = load_fixture ("openai-models.json", &length);
  g_autofree char *unauthorized = load_fixture ("openai-401.json", NULL);
  FxOutcome outcome = FX_OUTCOME_INVALID_RESPONSE;

  g_assert_cmpstr (request->method, ==, "GET");
  g_assert_cmpstr (request->url, ==, "https://api.openai.com/v1/models");
  g_assert_null (request->body);
  check_key_only_in_secret_header (request, TEST_KEY);

  ids = fx_provider_openai.parse_list_models (200, headers, body, length, &outcome, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, FX_OUTCOME_OK);
  g_assert_nonnull (ids);
  if (ids != NULL)
    {
      g_assert_cmpuint (ids->len, ==, 3);
      g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "gpt-4o-2024-08-06");
      g_assert_cmpstr (g_ptr_array_index (ids, 2), ==, "gpt-4.1-mini");
    }
  g_clear_pointer (&ids, g_ptr_array_unref);

  ids = fx_provider_openai.parse_list_models (401, headers, unauthorized, strlen (unauthorized),
                                              &outcome, &error);
  g_assert_null (ids);
  g_assert_cmpint (outcome, ==, FX_OUTCOME_AUTH_ERROR);
  g_assert_nonnull (error);
  if (error != NULL)
    {
      g_assert_nonnull (strstr (error->message, "Incorrect API key"));
      g_assert_null (strstr (error->message, "sk-"));
    }
  g_clear_error (&error);

  ids = fx_provider_openai.parse_list_models (200, headers, "{\"object\": \"list\"}", 18, &outcome, &error);
  g_assert_null (ids);
  g_assert_cmpint (outcome, ==, FX_OUTCOME_INVALID_RESPONSE);
  g_assert_nonnull (error);
}

/* ---- OpenAI-compatible ------------------------------------------------------------ */

static void
test_compatible_request (void)
{
  g_autoptr(JsonNode) row = make_row_schema ();
  FxProviderConfig config = test_config ("qwen3:8b");
  FxPrompt prompt = test_prompt ();
  g_autoptr(FxHttpRequest) request = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) schema = NULL;
  guint n_objects = 0;

  /* no base URL, no request: a local server has no default address */
  request = fx_provider_openai_compatible.build_request (&config, &prompt, row, 2);
  g_assert_null (request);
  g_assert_null (fx_provider_openai_compatible.build_list_models (&config));

  config.base_url = (char *) "http://localhost:11434";
  request = fx_provider_openai_compatible.build_request (&config, &prompt, row, 2);
  g_assert_nonnull (request);
  if (request == NULL)
    return;
  g_assert_cmpstr (request->url, ==, "http://localhost:11434/v1/chat/completions");
  check_key_only_in_secret_header (request, TEST_KEY);
  body = parse_json (request->body);
  g_assert_cmpstr (string_at (body, "$.model"), ==, "qwen3:8b");
  g_assert_cmpfloat (number_at (body, "$.max_completion_tokens"), ==, 2000);
  g_assert_cmpfloat (number_at (body, "$.max_tokens"), ==, 2000);
  g_assert_cmpstr (string_at (body, "$.response_format.type"), ==, "json_schema");
  check_rows_wrapper (body, "$.response_format.json_schema.schema", 2, TRUE);
  schema = at (body, "$.response_format.json_schema.schema");
  walk_schema (schema, "schema", visit_strict, &n_objects);
  g_assert_cmpuint (n_objects, ==, 2);
  g_clear_pointer (&request, fx_http_request_free);

  /* no key: no Authorization at all; vLLM's documented base ends in /v1 */
  config.api_key = NULL;
  config.base_url = (char *) "http://localhost:8000/v1/";
  request = fx_provider_openai_compatible.build_request (&config, &prompt, row, 2);
  g_assert_cmpstr (request->url, ==, "http://localhost:8000/v1/chat/completions");
  g_assert_null (fx_http_request_get_header (request, "authorization"));
  check_no_secret_header (request);
  g_clear_pointer (&request, fx_http_request_free);

  request = fx_provider_openai_compatible.build_list_models (&config);
  g_assert_cmpstr (request->url, ==, "http://localhost:8000/v1/models");
  check_no_secret_header (request);
}

static void
test_compatible_fenced (void)
{
  FxProviderResponse r = { 0 };

  parse_fixture (&fx_provider_openai_compatible, 200, NULL, "compatible-fenced.json", &r);
  check_outcome (&r, FX_OUTCOME_OK, "compatible-fenced.json");
  check_rows (&r, 2, 71);
  g_assert_cmpstr (r.model, ==, "qwen3:8b");
  g_assert_cmpint (r.prompt_tokens, ==, 350);
  g_assert_cmpint (r.reasoning_tokens, ==, 0);
  fx_provider_response_clear (&r);

  /* the OpenAI reader tolerates a fence too */
  parse_text (&fx_provider_openai, 200,
              "{\"choices\": [{\"index\": 0, \"finish_reason\": \"stop\", \"message\": {\"role\": \"assistant\", "
              "\"content\": \"```json\\n{\\\"rows\\\": []}\\n```\"}}]}", &r);
  check_outcome (&r, FX_OUTCOME_OK, "fenced openai");
  check_rows (&r, 0, 0);
  fx_provider_response_clear (&r);
}

static void
test_compatible_errors (void)
{
  FxProviderResponse r = { 0 };

  parse_fixture (&fx_provider_openai_compatible, 400, NULL, "vllm-error-flat.json", &r);
  check_outcome (&r, FX_OUTCOME_BAD_REQUEST, "vllm-error-flat.json");
  check_message_contains (&r, "maximum context length is 4096 tokens");
  check_message_contains (&r, "BadRequestError");
  fx_provider_response_clear (&r);

  parse_fixture (&fx_provider_openai_compatible, 404, NULL, "vllm-error-nested.json", &r);
  check_outcome (&r, FX_OUTCOME_BAD_REQUEST, "vllm-error-nested.json");
  check_message_contains (&r, "does not exist");
  fx_provider_response_clear (&r);

  /* a lenient server's error with 200: its numeric code is the status it meant */
  parse_fixture (&fx_provider_openai_compatible, 200, NULL, "vllm-error-flat.json", &r);
  check_outcome (&r, FX_OUTCOME_BAD_REQUEST, "vllm-error-flat.json with 200");
  fx_provider_response_clear (&r);

  /* Ollama's plain {"error": "text"} */
  parse_text (&fx_provider_openai_compatible, 404, "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}", &r);
  check_outcome (&r, FX_OUTCOME_BAD_REQUEST, "ollama error");
  check_message_contains (&r, "not found, try pulling it first");
  fx_provider_response_clear (&r);

  /* llama-server still loading its model */
  parse_text (&fx_provider_openai_compatible, 503,
              "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}", &r);
  check_outcome (&r, FX_OUTCOME_SERVER_ERROR, "llama.cpp loading");
  check_message_contains (&r, "Loading model");
  fx_provider_response_clear (&r);
}

static void
test_compatible_list_models (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GHashTable) headers = make_headers (NULL, NULL);
  gsize length = 0;
  g_autofree char *body = load_fixture ("llamacpp-models.json", &length);
  FxOutcome outcome = FX_OUTCOME_INVALID_RESPONSE;

  ids = fx_provider_openai_compatible.parse_list_models (200, headers, body, length, &outcome, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, FX_OUTCOME_OK);
  g_assert_nonnull (ids);
  if (ids != NULL)
    {
      g_assert_cmpuint (ids->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "qwen2.5-7b-instruct-q4_k_m.gguf");
    }
}

/* ---- Anthropic ------------------------------------------------------------------- */

static void
test_anthropic_request (void)
{
  g_autoptr(JsonNode) row = make_row_schema ();
  FxProviderConfig config = test_config ("claude-sonnet-4-5-20250929");
  FxPrompt prompt = test_prompt ();
  g_autoptr(FxHttpRequest) request = fx_provider_anthropic.build_request (&config, &prompt, row, 3);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) schema = NULL;
  const char *items = "$.properties.rows.items.properties";
  guint n;

  g_assert_nonnull (request);
  if (request == NULL)
    return;
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->url, ==, "https://api.anthropic.com/v1/messages");
  g_assert_cmpstr (fx_http_request_get_header (request, "x-api-key"), ==, TEST_KEY);
  g_assert_cmpstr (fx_http_request_get_header (request, "anthropic-version"), ==, "2023-06-01");
  g_assert_cmpstr (fx_http_request_get_header (request, "content-type"), ==, "application/json");
  g_assert_null (fx_http_request_get_header (request, "authorization"));
  check_key_only_in_secret_header (request, TEST_KEY);

  body = parse_json (request->body);
  g_assert_cmpstr (string_at (body, "$.model"), ==, "claude-sonnet-4-5-20250929");
  g_assert_cmpfloat (number_at (body, "$.max_tokens"), ==, 2000);
  g_assert_cmpstr (string_at (body, "$.system"), ==, prompt.system);
  g_assert_cmpstr (string_at (body, "$.messages[0].role"), ==, "user");
  g_assert_cmpstr (string_at (body, "$.messages[0].content"), ==, prompt.user);
  g_assert_false (has (body, "$.messages[1]"));
  g_assert_cmpfloat_with_epsilon (number_at (body, "$.temperature"), 0.7, 1e-12);
  g_assert_false (has (body, "$.seed"));
  g_assert_cmpstr (string_at (body, "$.output_config.format.type"), ==, "json_schema");

  check_rows_wrapper (body, "$.output_config.format.schema", 3, FALSE);
  schema = at (body, "$.output_config.format.schema");
  n = walk_schema (schema, "schema", visit_no_bounds, NULL);
  g_assert_cmpuint (n, ==, 9);
  g_assert_null (strstr (request->body, "\"minimum\""));
  g_assert_null (strstr (request->body, "\"maximum\""));
  g_assert_null (strstr (request->body, "\"minItems\""));
  g_assert_null (strstr (request->body, "\"maxItems\""));

  /* bounds live on as words */
  g_assert_cmpstr (string_at (schema, "$.properties.rows.description"), ==, "Exactly 3 items");
  {
    g_autofree char *age = g_strdup_printf ("%s.age.description", items);
    g_autofree char *creatinine = g_strdup_printf ("%s.creatinine.description", items);
    g_autofree char *gender = g_strdup_printf ("%s.gender.description", items);
    g_autofree char *enum_null = g_strdup_printf ("%s.gender.enum[2]", items);
    g_autofree char *age_type = g_strdup_printf ("%s.age.type[1]", items);

    g_assert_cmpstr (string_at (schema, age), ==, "Age at admission (unit: years); between 18 and 90");
    g_assert_cmpstr (string_at (schema, creatinine), ==, "Unit: mg/dL; between 0.1 and 20");
    g_assert_false (has (schema, gender));
    /* type, enum, required, additionalProperties stay */
    g_assert_true (has (schema, enum_null));
    g_assert_cmpstr (string_at (schema, age_type), ==, "null");
  }
  g_assert_cmpstr (string_at (schema, "$.properties.rows.items.required[5]"), ==, "hospital_mortality");
  g_assert_cmpint (boolean_at (schema, "$.properties.rows.items.additionalProperties"), ==, FALSE);
}

static void
test_anthropic_request_defaults (void)
{
  g_autoptr(JsonNode) row = make_row_schema ();
  FxProviderConfig config = test_config ("claude-haiku-4-5");
  FxPrompt prompt = { .system = (char *) "", .user = (char *) "Write 1 row." };
  g_autoptr(FxHttpRequest) request = NULL;
  g_autoptr(JsonNode) body = NULL;

  config.max_output_tokens = 0;
  config.temperature = NAN;
  config.base_url = (char *) "http://127.0.0.1:9999/";
  request = fx_provider_anthropic.build_request (&config, &prompt, row, 1);
  g_assert_cmpstr (request->url, ==, "http://127.0.0.1:9999/v1/messages");
  body = parse_json (request->body);
  /* max_tokens is required by the API: a default is sent */
  g_assert_cmpfloat (number_at (body, "$.max_tokens"), >, 0);
  g_assert_false (has (body, "$.temperature"));
  g_assert_false (has (body, "$.system"));
  g_assert_cmpstr (string_at (body, "$.output_config.format.schema.properties.rows.description"), ==,
                   "Exactly 1 item");
}

static void
test_anthropic_success (void)
{
  FxProviderResponse r = { 0 };
  g_autoptr(GHashTable) headers = make_headers ("request-id", "req_1",
                                                "anthropic-ratelimit-requests-remaining", "49", NULL);

  parse_fixture (&fx_provider_anthropic, 200, headers, "anthropic-success.json", &r);
  check_outcome (&r, FX_OUTCOME_OK, "anthropic-success.json");
  check_rows (&r, 1, 80);
  g_assert_cmpint (r.prompt_tokens, ==, 620);
  g_assert_cmpint (r.completion_tokens, ==, 64);
  g_assert_cmpint (r.reasoning_tokens, ==, 0);
  g_assert_cmpstr (r.model, ==, "claude-sonnet-4-5-20250929");
  fx_provider_response_clear (&r);

  /* a thinking block is not the answer, even when it holds JSON */
  parse_fixture (&fx_provider_anthropic, 200, NULL, "anthropic-thinking.json", &r);
  check_outcome (&r, FX_OUTCOME_OK, "anthropic-thinking.json");
  check_rows (&r, 1, 33);
  fx_provider_response_clear (&r);

  parse_fixture (&fx_provider_anthropic, 200, NULL, "anthropic-tool-use.json", &r);
  check_outcome (&r, FX_OUTCOME_OK, "anthropic-tool-use.json");
  check_rows (&r, 1, 59);
  g_assert_cmpint (r.prompt_tokens, ==, 700);
  fx_provider_response_clear (&r);
}

static void
test_anthropic_stops (void)
{
  FxProviderResponse r = { 0 };

  parse_fixture (&fx_provider_anthropic, 200, NULL, "anthropic-max-tokens.json", &r);
  check_outcome (&r, FX_OUTCOME_TRUNCATED, "anthropic-max-tokens.json");
  g_assert_cmpint (r.completion_tokens, ==, 1024);
  fx_provider_response_clear (&r);

  parse_fixture (&fx_provider_anthropic, 200, NULL, "anthropic-refusal.json", &r);
  check_outcome (&r, FX_OUTCOME_REFUSED, "anthropic-refusal.json");
  check_message_contains (&r, "can't help");
  fx_provider_response_clear (&r);

  parse_text (&fx_provider_anthropic, 200, "{\"type\": \"message\", \"content\": [], \"stop_reason\": \"end_turn\"}", &r);
  check_outcome (&r, FX_OUTCOME_INVALID_RESPONSE, "no text");
  check_message_contains (&r, "no text");
  fx_provider_response_clear (&r);

  parse_text (&fx_provider_anthropic, 200, "{\"type\": \"message\", \"stop_reason\": \"end_turn\"}", &r);
  check_outcome (&r, FX_OUTCOME_INVALID_RESPONSE, "no content");
  fx_provider_response_clear (&r);

  parse_text (&fx_provider_anthropic, 200, "not json at all", &r);
  check_outcome (&r, FX_OUTCOME_INVALID_RESPONSE, "not JSON");
  fx_provider_response_clear (&r);
}

static void
test_anthropic_errors (void)
{
  FxProviderResponse r = { 0 };
  g_autoptr(GHashTable) overloaded = make_headers ("x-should-retry", "true", NULL);
  g_autoptr(GHashTable) limited = make_headers ("retry-after", "17", "x-should-retry", "true", NULL);

  parse_fixture (&fx_provider_anthropic, 529, overloaded, "anthropic-529-overloaded.json", &r);
  check_outcome (&r, FX_OUTCOME_SERVER_ERROR, "anthropic-529-overloaded.json");
  g_assert_cmpstr (r.message, ==, "HTTP 529: Overloaded (overloaded_error)");
  g_assert_cmpint (r.should_retry, ==, 1);
  g_assert_true (fx_outcome_is_retryable (r.outcome));
  fx_provider_response_clear (&r);

  parse_fixture (&fx_provider_anthropic, 429, limited, "anthropic-429-rate-limit.json", &r);
  check_outcome (&r, FX_OUTCOME_RATE_LIMITED, "anthropic-429-rate-limit.json");
  g_assert_cmpfloat (r.retry_after, ==, 17);
  fx_provider_response_clear (&r);

  parse_fixture (&fx_provider_anthropic, 401, NULL, "anthropic-401.json", &r);
  check_outcome (&r, FX_OUTCOME_AUTH_ERROR, "anthropic-401.json");
  check_message_contains (&r, "invalid x-api-key");
  fx_provider_response_clear (&r);

  parse_text (&fx_provider_anthropic, 403,
              "{\"type\":\"error\",\"error\":{\"type\":\"permission_error\",\"message\":\"Your API key does not have permission to use the specified resource.\"}}",
              &r);
  check_outcome (&r, FX_OUTCOME_AUTH_ERROR, "permission_error");
  fx_provider_response_clear (&r);

  parse_fixture (&fx_provider_anthropic, 402, NULL, "anthropic-402-billing.json", &r);
  check_outcome (&r, FX_OUTCOME_QUOTA_EXHAUSTED, "anthropic-402-billing.json");
  fx_provider_response_clear (&r);

  parse_fixture (&fx_provider_anthropic, 400, NULL, "anthropic-400-credit.json", &r);
  check_outcome (&r, FX_OUTCOME_QUOTA_EXHAUSTED, "anthropic-400-credit.json");
  fx_provider_response_clear (&r);

  parse_fixture (&fx_provider_anthropic, 400, NULL, "anthropic-400-schema.json", &r);
  check_outcome (&r, FX_OUTCOME_BAD_REQUEST, "anthropic-400-schema.json");
  check_message_contains (&r, "'minimum' is not supported");
  fx_provider_response_clear (&r);

  parse_fixture (&fx_provider_anthropic, 413, NULL, "anthropic-413.txt", &r);
  check_outcome (&r, FX_OUTCOME_BAD_REQUEST, "anthropic-413.txt");
  g_assert_cmpstr (r.message, ==, "HTTP 413: Request Entity Too Large");
  fx_provider_response_clear (&r);

  parse_fixture (&fx_provider_anthropic, 502, NULL, "gateway-502.html", &r);
  check_outcome (&r, FX_OUTCOME_SERVER_ERROR, "gateway-502.html");
  fx_provider_response_clear (&r);

  parse_text (&fx_provider_anthropic, 500,
              "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}", &r);
  check_outcome (&r, FX_OUTCOME_SERVER_ERROR, "api_error");
  fx_provider_response_clear (&r);

  /* an overloaded error delivered with 200 is still an error */
  parse_fixture (&fx_provider_anthropic, 200, NULL, "anthropic-529-overloaded.json", &r);
  check_outcome (&r, FX_OUTCOME_SERVER_ERROR, "overloaded with 200");
  fx_provider_response_clear (&r);
}

static void
test_anthropic_list_models (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GHashTable) headers = make_headers (NULL, NULL);
  FxProviderConfig config = test_config (NULL);
  g_autoptr(FxHttpRequest) request = fx_provider_anthropic.build_list_models (&config);
  gsize length = 0;
  g_autofree char *body = load_fixture ("anthropic-models.json", &length);
  g_autofree char *unauthorized = load_fixture ("anthropic-401.json", NULL);
  FxOutcome outcome = FX_OUTCOME_INVALID_RESPONSE;

  g_assert_cmpstr (request->method, ==, "GET");
  g_assert_true (g_str_has_prefix (request->url, "https://api.anthropic.com/v1/models"));
  g_assert_cmpstr (fx_http_request_get_header (request, "anthropic-version"), ==, "2023-06-01");
  check_key_only_in_secret_header (request, TEST_KEY);

  ids = fx_provider_anthropic.parse_list_models (200, headers, body, length, &outcome, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, FX_OUTCOME_OK);
  g_assert_nonnull (ids);
  if (ids != NULL)
    {
      g_assert_cmpuint (ids->len, ==, 3);
      g_assert_cmpstr (g_ptr_array_index (ids, 1), ==, "claude-sonnet-4-5-20250929");
    }
  g_clear_pointer (&ids, g_ptr_array_unref);

  ids = fx_provider_anthropic.parse_list_models (401, headers, unauthorized, strlen (unauthorized),
                                                 &outcome, &error);
  g_assert_null (ids);
  g_assert_cmpint (outcome, ==, FX_OUTCOME_AUTH_ERROR);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
}

/* ---- Gemini ---------------------------------------------------------------------- */

static void
test_gemini_request (void)
{
  g_autoptr(JsonNode) row = make_row_schema ();
  FxProviderConfig config = test_config ("models/gemini-2.5-flash");
  FxPrompt prompt = test_prompt ();
  g_autoptr(FxHttpRequest) request = fx_provider_gemini.build_request (&config, &prompt, row, 4);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) schema = NULL;
  g_autoptr(JsonNode) wrapped = NULL;

  g_assert_nonnull (request);
  if (request == NULL)
    return;
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->url, ==,
                   "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent");
  g_assert_cmpstr (fx_http_request_get_header (request, "x-goog-api-key"), ==, TEST_KEY);
  g_assert_null (strstr (request->url, "key="));
  check_key_only_in_secret_header (request, TEST_KEY);

  body = parse_json (request->body);
  g_assert_cmpstr (string_at (body, "$.contents[0].role"), ==, "user");
  g_assert_cmpstr (string_at (body, "$.contents[0].parts[0].text"), ==, prompt.user);
  g_assert_false (has (body, "$.contents[1]"));
  g_assert_cmpstr (string_at (body, "$.systemInstruction.parts[0].text"), ==, prompt.system);
  g_assert_cmpfloat (number_at (body, "$.generationConfig.maxOutputTokens"), ==, 2000);
  g_assert_cmpfloat_with_epsilon (number_at (body, "$.generationConfig.temperature"), 0.7, 1e-12);
  g_assert_cmpstr (string_at (body, "$.generationConfig.responseMimeType"), ==, "application/json");
  g_assert_false (has (body, "$.generationConfig.responseSchema"));
  g_assert_false (has (body, "$.model"));
  check_rows_wrapper (body, "$.generationConfig.responseJsonSchema", 4, TRUE);

  /* responseJsonSchema takes the master schema, but an enum holds no null: a nullable
   * category is anyOf its values and null */
  schema = at (body, "$.generationConfig.responseJsonSchema");
  wrapped = fx_rows_json_schema (row, 4);
  g_assert_nonnull (schema);
  g_assert_false (json_node_equal (schema, wrapped));
  {
    g_autofree char *text = json_to_string (schema, FALSE);
    g_autofree char *master = json_to_string (wrapped, FALSE);

    g_assert_nonnull (strstr (master, ",null]"));
    g_assert_null (strstr (text, ",null]"));
    g_assert_nonnull (strstr (text, "\"anyOf\""));
  }
  /* a 2.5 Flash model's thinking is bounded, within its documented range */
  g_assert_true (has (body, "$.generationConfig.thinkingConfig.thinkingBudget"));
  g_assert_cmpfloat (number_at (body, "$.generationConfig.thinkingConfig.thinkingBudget"), >=, 0);
  g_assert_cmpfloat (number_at (body, "$.generationConfig.thinkingConfig.thinkingBudget"), <=, 1000);
}

static void
test_gemini_request_defaults (void)
{
  g_autoptr(JsonNode) row = make_row_schema ();
  FxProviderConfig config = test_config ("gemini-2.5-pro");
  FxPrompt prompt = { .system = NULL, .user = (char *) "Write 1 row." };
  g_autoptr(FxHttpRequest) request = NULL;
  g_autoptr(JsonNode) body = NULL;

  config.max_output_tokens = 0;
  config.temperature = NAN;
  config.seed = -1;
  config.base_url = (char *) "https://gateway.example.org/v1beta/";
  request = fx_provider_gemini.build_request (&config, &prompt, row, 1);
  g_assert_cmpstr (request->url, ==,
                   "https://gateway.example.org/v1beta/models/gemini-2.5-pro:generateContent");
  body = parse_json (request->body);
  g_assert_false (has (body, "$.systemInstruction"));
  g_assert_false (has (body, "$.generationConfig.maxOutputTokens"));
  g_assert_false (has (body, "$.generationConfig.temperature"));
  g_assert_false (has (body, "$.generationConfig.seed"));
  g_assert_true (has (body, "$.generationConfig.responseJsonSchema"));
}

static void
test_gemini_success (void)
{
  FxProviderResponse r = { 0 };

  parse_fixture (&fx_provider_gemini, 200, NULL, "gemini-success.json", &r);
  check_outcome (&r, FX_OUTCOME_OK, "gemini-success.json");
  check_rows (&r, 2, 62);
  g_assert_cmpint (r.prompt_tokens, ==, 455);
  g_assert_cmpint (r.reasoning_tokens, ==, 320);
  g_assert_cmpint (r.completion_tokens, ==, 440);
  g_assert_cmpstr (r.model, ==, "gemini-2.5-flash");
  fx_provider_response_clear (&r);
}

static void
test_gemini_stops (void)
{
  FxProviderResponse r = { 0 };

  parse_fixture (&fx_provider_gemini, 200, NULL, "gemini-max-tokens.json", &r);
  check_outcome (&r, FX_OUTCOME_TRUNCATED, "gemini-max-tokens.json");
  check_message_contains (&r, "thinking");
  g_assert_cmpint (r.reasoning_tokens, ==, 1024);
  fx_provider_response_clear (&r);

  parse_fixture (&fx_provider_gemini, 200, NULL, "gemini-safety-finish.json", &r);
  check_outcome (&r, FX_OUTCOME_BLOCKED, "gemini-safety-finish.json");
  check_message_contains (&r, "blocked by provider safety filter");
  check_message_contains (&r, "SAFETY");
  g_assert_null (strstr (r.message, "empty"));
  fx_provider_response_clear (&r);

  parse_fixture (&fx_provider_gemini, 200, NULL, "gemini-prompt-blocked.json", &r);
  check_outcome (&r, FX_OUTCOME_BLOCKED, "gemini-prompt-blocked.json");
  check_message_contains (&r, "blocked by provider safety filter");
  check_message_contains (&r, "PROHIBITED_CONTENT");
  g_assert_cmpint (r.prompt_tokens, ==, 455);
  fx_provider_response_clear (&r);

  for (guint i = 0; i < 4; i++)
    {
      static const char *const reasons[] = { "RECITATION", "BLOCKLIST", "SPII", "PROHIBITED_CONTENT" };
      g_autofree char *body = g_strdup_printf ("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"{\\\"rows\\\": [\"}], "
                                               "\"role\": \"model\"}, \"finishReason\": \"%s\", \"index\": 0}]}", reasons[i]);

      parse_text (&fx_provider_gemini, 200, body, &r);
      check_outcome (&r, FX_OUTCOME_BLOCKED, reasons[i]);
      check_message_contains (&r, reasons[i]);
      fx_provider_response_clear (&r);
    }

  parse_text (&fx_provider_gemini, 200, "{\"usageMetadata\": {\"promptTokenCount\": 3}}", &r);
  check_outcome (&r, FX_OUTCOME_INVALID_RESPONSE, "no candidates");
  fx_provider_response_clear (&r);

  parse_text (&fx_provider_gemini, 200,
              "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"{\\\"rows\\\": [}\"}]}, \"finishReason\": \"OTHER\"}]}", &r);
  check_outcome (&r, FX_OUTCOME_INVALID_RESPONSE, "bad JSON text");
  check_message_contains (&r, "OTHER");
  fx_provider_response_clear (&r);
}

static void
test_gemini_rate_limited (void)
{
  FxProviderResponse r = { 0 };

  parse_fixture (&fx_provider_gemini, 429, NULL, "gemini-429-retry.json", &r);
  check_outcome (&r, FX_OUTCOME_RATE_LIMITED, "gemini-429-retry.json");
  g_assert_cmpfloat (r.retry_after, ==, 46);
  check_message_contains (&r, "RESOURCE_EXHAUSTED");
  /* one line, whatever the provider's message */
  g_assert_null (strchr (r.message, '\n'));
  fx_provider_response_clear (&r);

  parse_fixture (&fx_provider_gemini, 429, NULL, "gemini-429-limit-zero.json", &r);
  check_outcome (&r, FX_OUTCOME_QUOTA_EXHAUSTED, "gemini-429-limit-zero.json");
  g_assert_cmpfloat (r.retry_after, ==, 12.5);
  g_assert_false (fx_outcome_is_retryable (r.outcome));
  fx_provider_response_clear (&r);

  /* limit 0 said only by a violation's quotaValue */
  parse_text (&fx_provider_gemini, 429,
              "{\"error\": {\"code\": 429, \"message\": \"Quota exceeded.\", \"status\": \"RESOURCE_EXHAUSTED\", "
              "\"details\": [{\"@type\": \"type.googleapis.com/google.rpc.QuotaFailure\", "
              "\"violations\": [{\"quotaId\": \"GenerateRequestsPerDayPerProjectPerModel-FreeTier\", \"quotaValue\": \"0\"}]}]}}",
              &r);
  check_outcome (&r, FX_OUTCOME_QUOTA_EXHAUSTED, "quotaValue 0");
  g_assert_cmpfloat (r.retry_after, <, 0);
  fx_provider_response_clear (&r);

  /* "limit: 0" must be the whole number, not the start of 01 or 0.5 */
  parse_text (&fx_provider_gemini, 429,
              "{\"error\": {\"code\": 429, \"message\": \"Quota exceeded for metric: x, limit: 05, model: y\", "
              "\"status\": \"RESOURCE_EXHAUSTED\", \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.RetryInfo\", "
              "\"retryDelay\": \"0.5s\"}]}}",
              &r);
  check_outcome (&r, FX_OUTCOME_RATE_LIMITED, "limit 05");
  g_assert_cmpfloat (r.retry_after, ==, 0.5);
  fx_provider_response_clear (&r);
}

static void
test_gemini_errors (void)
{
  static const struct { guint status; const char *fixture; FxOutcome outcome; } cases[] = {
    { 400, "gemini-400-key.json", FX_OUTCOME_AUTH_ERROR },
    { 400, "gemini-400-schema.json", FX_OUTCOME_BAD_REQUEST },
    { 403, "gemini-403.json", FX_OUTCOME_AUTH_ERROR },
    { 404, "gemini-404.json", FX_OUTCOME_BAD_REQUEST },
    { 503, "gemini-503.json", FX_OUTCOME_SERVER_ERROR },
    { 502, "gateway-502.html", FX_OUTCOME_SERVER_ERROR },
  };
  FxProviderResponse r = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      parse_fixture (&fx_provider_gemini, cases[i].status, NULL, cases[i].fixture, &r);
      check_outcome (&r, cases[i].outcome, cases[i].fixture);
      fx_provider_response_clear (&r);
    }

  parse_fixture (&fx_provider_gemini, 400, NULL, "gemini-400-key.json", &r);
  g_assert_cmpstr (r.message, ==, "HTTP 400: API key not valid. Please pass a valid API key. (INVALID_ARGUMENT)");
  fx_provider_response_clear (&r);

  parse_text (&fx_provider_gemini, 500,
              "{\"error\": {\"code\": 500, \"message\": \"An internal error has occurred.\", \"status\": \"INTERNAL\"}}", &r);
  check_outcome (&r, FX_OUTCOME_SERVER_ERROR, "500 INTERNAL");
  fx_provider_response_clear (&r);

  parse_text (&fx_provider_gemini, 504,
              "{\"error\": {\"code\": 504, \"message\": \"Deadline expired.\", \"status\": \"DEADLINE_EXCEEDED\"}}", &r);
  check_outcome (&r, FX_OUTCOME_SERVER_ERROR, "504 DEADLINE_EXCEEDED");
  fx_provider_response_clear (&r);
}

static void
test_gemini_list_models (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GHashTable) headers = make_headers (NULL, NULL);
  FxProviderConfig config = test_config (NULL);
  g_autoptr(FxHttpRequest) request = fx_provider_gemini.build_list_models (&config);
  gsize length = 0;
  g_autofree char *body = load_fixture ("gemini-models.json", &length);
  g_autofree char *bad_key = load_fixture ("gemini-400-key.json", NULL);
  FxOutcome outcome = FX_OUTCOME_INVALID_RESPONSE;

  g_assert_cmpstr (request->method, ==, "GET");
  g_assert_true (g_str_has_prefix (request->url, "https://generativelanguage.googleapis.com/v1beta/models"));
  check_key_only_in_secret_header (request, TEST_KEY);

  ids = fx_provider_gemini.parse_list_models (200, headers, body, length, &outcome, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, FX_OUTCOME_OK);
  g_assert_nonnull (ids);
  if (ids != NULL)
    {
      /* the embedding model cannot generate content and is left out */
      g_assert_cmpuint (ids->len, ==, 2);
      g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "gemini-2.5-flash");
      g_assert_cmpstr (g_ptr_array_index (ids, 1), ==, "gemini-2.5-pro");
    }
  g_clear_pointer (&ids, g_ptr_array_unref);

  ids = fx_provider_gemini.parse_list_models (400, headers, bad_key, strlen (bad_key), &outcome, &error);
  g_assert_null (ids);
  g_assert_cmpint (outcome, ==, FX_OUTCOME_AUTH_ERROR);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* a list with no models at all */
  ids = fx_provider_gemini.parse_list_models (200, headers, "{}", 2, &outcome, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ids);
  if (ids != NULL)
    g_assert_cmpuint (ids->len, ==, 0);
}

/* ---- every provider -------------------------------------------------------------- */

static void
test_keys_stay_in_headers (void)
{
  g_autoptr(JsonNode) row = make_row_schema ();
  FxPrompt prompt = test_prompt ();
  guint n = 0;
  const FxProviderClass * const *list = fx_provider_list (&n);

  for (guint i = 0; i < n; i++)
    {
      FxProviderConfig config = test_config ("model-x");
      g_autoptr(FxHttpRequest) request = NULL;
      g_autoptr(FxHttpRequest) models = NULL;

      config.base_url = (char *) "http://localhost:8080";
      request = list[i]->build_request (&config, &prompt, row, 5);
      models = list[i]->build_list_models (&config);
      g_assert_nonnull (request);
      g_assert_nonnull (models);
      if (request == NULL || models == NULL)
        continue;
      g_test_message ("%s: %s", list[i]->name, request->url);
      g_assert_true (g_str_has_prefix (request->url, "http://localhost:8080/"));
      check_key_only_in_secret_header (request, TEST_KEY);
      check_key_only_in_secret_header (models, TEST_KEY);
    }
}

static void
test_messages_hold_no_key (void)
{
  FxProviderResponse r = { 0 };

  /* a proxy echoing the key back in an error must not put it into a message */
  parse_text (&fx_provider_openai_compatible, 401,
              "{\"error\": {\"message\": \"key " TEST_KEY " is not allowed\", \"type\": \"auth\"}}", &r);
  check_outcome (&r, FX_OUTCOME_AUTH_ERROR, "echoed key");
  g_assert_null (strstr (r.message, TEST_KEY));
  g_assert_null (strstr (r.message, "SECRET"));
  fx_provider_response_clear (&r);

  parse_text (&fx_provider_gemini, 403, "Forbidden for key AIzaSyD-EXAMPLEKEY_1234567890abcdefghi", &r);
  check_outcome (&r, FX_OUTCOME_AUTH_ERROR, "plain-text 403");
  g_assert_null (strstr (r.message, "AIza"));
  fx_provider_response_clear (&r);

  /* ordinary words that merely start alike survive */
  parse_text (&fx_provider_anthropic, 400,
              "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"task-runner sk-short\"}}", &r);
  check_message_contains (&r, "task-runner sk-short");
  fx_provider_response_clear (&r);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/providers/outcome/strings", test_outcome_strings);
  g_test_add_func ("/providers/outcome/from-status", test_outcome_from_status);
  g_test_add_func ("/providers/registry", test_registry);
  g_test_add_func ("/providers/http-request", test_http_request);
  g_test_add_func ("/providers/response-clear", test_response_clear);
  g_test_add_func ("/providers/retry-after", test_retry_after);
  g_test_add_func ("/providers/rows-text", test_rows_text);
  g_test_add_func ("/providers/row-schema", test_row_schema);
  g_test_add_func ("/providers/schema-map/keywords-not-names", test_schema_map_keywords_not_names);

  g_test_add_func ("/providers/openai/request", test_openai_request);
  g_test_add_func ("/providers/openai/request-options", test_openai_request_options);
  g_test_add_func ("/providers/openai/success", test_openai_success);
  g_test_add_func ("/providers/openai/truncated", test_openai_truncated);
  g_test_add_func ("/providers/openai/refusal-and-filter", test_openai_refusal);
  g_test_add_func ("/providers/openai/rate-limited", test_openai_rate_limited);
  g_test_add_func ("/providers/openai/insufficient-quota", test_openai_insufficient_quota);
  g_test_add_func ("/providers/openai/errors", test_openai_errors);
  g_test_add_func ("/providers/openai/invalid", test_openai_invalid);
  g_test_add_func ("/providers/openai/list-models", test_openai_list_models);

  g_test_add_func ("/providers/openai-compatible/request", test_compatible_request);
  g_test_add_func ("/providers/openai-compatible/fenced", test_compatible_fenced);
  g_test_add_func ("/providers/openai-compatible/errors", test_compatible_errors);
  g_test_add_func ("/providers/openai-compatible/list-models", test_compatible_list_models);

  g_test_add_func ("/providers/anthropic/request", test_anthropic_request);
  g_test_add_func ("/providers/anthropic/request-defaults", test_anthropic_request_defaults);
  g_test_add_func ("/providers/anthropic/success", test_anthropic_success);
  g_test_add_func ("/providers/anthropic/stops", test_anthropic_stops);
  g_test_add_func ("/providers/anthropic/errors", test_anthropic_errors);
  g_test_add_func ("/providers/anthropic/list-models", test_anthropic_list_models);

  g_test_add_func ("/providers/gemini/request", test_gemini_request);
  g_test_add_func ("/providers/gemini/request-defaults", test_gemini_request_defaults);
  g_test_add_func ("/providers/gemini/success", test_gemini_success);
  g_test_add_func ("/providers/gemini/stops", test_gemini_stops);
  g_test_add_func ("/providers/gemini/rate-limited", test_gemini_rate_limited);
  g_test_add_func ("/providers/gemini/errors", test_gemini_errors);
  g_test_add_func ("/providers/gemini/list-models", test_gemini_list_models);

  g_test_add_func ("/providers/keys-stay-in-headers", test_keys_stay_in_headers);
  g_test_add_func ("/providers/messages-hold-no-key", test_messages_hold_no_key);

  return g_test_run ();
}
