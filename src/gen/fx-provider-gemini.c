/* fx-provider-gemini.c: Google's Gemini (Generative Language API, generateContent)
 *
 * Rows are asked for with responseMimeType application/json and responseJsonSchema,
 * which takes standard JSON Schema (type unions, enum, minimum/maximum, minItems and
 * maxItems), so the master schema goes nearly as it is: an enum holds strings or
 * numbers only, so a nullable category is anyOf its enum and null.  On 2.5 models
 * thinking comes out of maxOutputTokens; thinkingConfig.thinkingBudget bounds it.  Clinical text trips the safety
 * filters now and then; a block is reported as such, never as an empty answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "fx-capabilities.h"
#include "fx-provider.h"

#define GEMINI_DEFAULT_BASE_URL "https://generativelanguage.googleapis.com"
/* The largest page the API gives: one request lists every model. */
#define GEMINI_MODELS_PAGE 1000

/* ---- static helpers ----------------------------------------------------------- */





static gboolean
get_boolean (JsonObject *object,
             const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/* {base}{path}, also when the base already ends in the API version. */
static char *
make_url (const char *base,
          const char *path)
{
  g_autofree char *trimmed = g_strdup (base != NULL && base[0] != '\0'
                                       ? base : GEMINI_DEFAULT_BASE_URL);
  gsize len = strlen (trimmed);

  while (len > 0 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';
  if (g_str_has_suffix (trimmed, "/v1beta") && g_str_has_prefix (path, "/v1beta/"))
    path += strlen ("/v1beta");
  return g_strconcat (trimmed, path, NULL);
}

static void
add_key (FxHttpRequest          *request,
         const FxProviderConfig *config)
{
  /* In a header, never as ?key=: URLs end up in logs. */
  if (config->api_key != NULL && config->api_key[0] != '\0')
    fx_http_request_add_header (request, "x-goog-api-key", config->api_key, TRUE);
}

static void
add_text_parts (JsonBuilder *builder,
                const char  *text)
{
  json_builder_set_member_name (builder, "parts");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
}

/* google.protobuf.Duration in JSON: "46s", "0.5s". */
static double
parse_duration (const char *text)
{
  char *end = NULL;
  double seconds;

  if (text == NULL)
    return -1;
  seconds = g_ascii_strtod (text, &end);
  if (end == text || g_strcmp0 (end, "s") != 0 || !isfinite (seconds) || seconds < 0)
    return -1;
  return seconds;
}

/* "limit: 0" as a whole number: a quota of zero for this model and tier. */
static gboolean
says_limit_zero (const char *text)
{
  const char *p = text;

  while (p != NULL && (p = strstr (p, "limit: 0")) != NULL)
    {
      char next = p[strlen ("limit: 0")];

      if (!g_ascii_isdigit (next) && next != '.')
        return TRUE;
      p++;
    }
  return FALSE;
}

static gboolean
is_type (JsonObject *detail,
         const char *suffix)
{
  const char *type = fx_json_string (detail, "@type");

  return type != NULL && g_str_has_suffix (type, suffix);
}

static void
fail_with_error_body (guint               status,
                      JsonObject         *error,
                      FxProviderResponse *out)
{
  const char *message = fx_json_string (error, "message");
  const char *state = fx_json_string (error, "status");
  JsonArray *details = fx_json_array (error, "details");
  gboolean quota_zero = message != NULL && says_limit_zero (message);
  gboolean bad_key = message != NULL && strstr (message, "API key not valid") != NULL;
  guint effective = status;
  FxOutcome outcome;

  if (message == NULL || message[0] == '\0')
    message = "no message";

  for (guint i = 0; details != NULL && i < json_array_get_length (details); i++)
    {
      JsonNode *element = json_array_get_element (details, i);
      JsonObject *detail = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;

      if (is_type (detail, "google.rpc.RetryInfo"))
        {
          double delay = parse_duration (fx_json_string (detail, "retryDelay"));

          /* Gemini sends no retry headers; this is the only hint of how long to wait. */
          if (delay >= 0 && out->retry_after < 0)
            out->retry_after = delay;
        }
      else if (is_type (detail, "google.rpc.QuotaFailure"))
        {
          JsonArray *violations = fx_json_array (detail, "violations");

          for (guint k = 0; violations != NULL && k < json_array_get_length (violations); k++)
            {
              JsonNode *v = json_array_get_element (violations, k);
              JsonObject *violation = JSON_NODE_HOLDS_OBJECT (v) ? json_node_get_object (v) : NULL;
              JsonNode *value = violation != NULL ? json_object_get_member (violation, "quotaValue") : NULL;
              const char *description = fx_json_string (violation, "description");

              /* int64 values are strings in Google's JSON; accept a number too. */
              if (value != NULL && JSON_NODE_HOLDS_VALUE (value)
                  && ((json_node_get_value_type (value) == G_TYPE_STRING
                       && g_str_equal (json_node_get_string (value), "0"))
                      || (json_node_get_value_type (value) == G_TYPE_INT64
                          && json_node_get_int (value) == 0)))
                quota_zero = TRUE;
              if (description != NULL && says_limit_zero (description))
                quota_zero = TRUE;
            }
        }
      else if (is_type (detail, "google.rpc.ErrorInfo"))
        {
          const char *error_reason = fx_json_string (detail, "reason");

          if (g_strcmp0 (error_reason, "API_KEY_INVALID") == 0)
            bad_key = TRUE;
        }
    }

  if (status >= 200 && status < 300)
    {
      gint64 code = fx_json_int (error, "code");

      effective = code >= 400 && code < 600 ? (guint) code : 0;
    }

  if (effective == 429 || g_strcmp0 (state, "RESOURCE_EXHAUSTED") == 0)
    /* A limit of 0 is a model or tier the project may not use: waiting never helps. */
    outcome = quota_zero ? FX_OUTCOME_QUOTA_EXHAUSTED : FX_OUTCOME_RATE_LIMITED;
  else if (bad_key)
    /* Google answers a wrong key with 400 INVALID_ARGUMENT. */
    outcome = FX_OUTCOME_AUTH_ERROR;
  else if (g_strcmp0 (state, "PERMISSION_DENIED") == 0 || g_strcmp0 (state, "UNAUTHENTICATED") == 0)
    outcome = FX_OUTCOME_AUTH_ERROR;
  else if (effective == 0)
    outcome = FX_OUTCOME_INVALID_RESPONSE;
  else
    outcome = fx_outcome_from_status (effective);

  if (state != NULL)
    fx_provider_response_fail (out, outcome, "HTTP %u: %s (%s)", status, message, state);
  else
    fx_provider_response_fail (out, outcome, "HTTP %u: %s", status, message);
}

static gboolean
is_safety_finish (const char *finish)
{
  static const char *const reasons[] = {
    "SAFETY", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "RECITATION",
    "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", NULL,
  };

  return finish != NULL && g_strv_contains (reasons, finish);
}

/* {"type": ["string", "null"], "enum": [..., null]} becomes
 * {"anyOf": [{"type": "string", "enum": [...]}, {"type": "null"}]}. */
static void
null_outside_enum (JsonObject *schema,
                   gpointer    user_data)
{
  JsonArray *values = fx_json_array (schema, "enum");
  JsonNode *type = json_object_get_member (schema, "type");
  JsonArray *kept;
  JsonArray *any_of;
  JsonObject *choices;
  JsonObject *null_type;
  gboolean had_null = FALSE;
  const char *base = NULL;

  if (values == NULL)
    return;
  kept = json_array_new ();
  for (guint i = 0; i < json_array_get_length (values); i++)
    {
      JsonNode *v = json_array_get_element (values, i);

      if (JSON_NODE_HOLDS_NULL (v))
        had_null = TRUE;
      else
        json_array_add_element (kept, json_node_copy (v));
    }
  if (!had_null)
    {
      json_array_unref (kept);
      return;
    }
  if (type != NULL && JSON_NODE_HOLDS_ARRAY (type))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (type)); i++)
      {
        const char *t = json_array_get_string_element (json_node_get_array (type), i);

        if (g_strcmp0 (t, "null") != 0)
          base = t;
      }
  else if (type != NULL && JSON_NODE_HOLDS_VALUE (type))
    base = json_node_get_string (type);

  choices = json_object_new ();
  json_object_set_string_member (choices, "type", base != NULL ? base : "string");
  json_object_set_array_member (choices, "enum", kept);
  null_type = json_object_new ();
  json_object_set_string_member (null_type, "type", "null");
  any_of = json_array_new ();
  json_array_add_object_element (any_of, choices);
  json_array_add_object_element (any_of, null_type);
  json_object_remove_member (schema, "enum");
  json_object_remove_member (schema, "type");
  json_object_set_array_member (schema, "anyOf", any_of);
}

/* ---- provider ----------------------------------------------------------------- */

/* Gemini's errors are {"error": {...}}: the envelope checks use the inner object. */
static gboolean
has_error_member (JsonObject *root)
{
  return fx_json_object (root, "error") != NULL;
}

static void
fail_with_error_member (guint               status,
                        JsonObject         *root,
                        FxProviderResponse *out)
{
  fail_with_error_body (status, fx_json_object (root, "error"), out);
}

static FxHttpRequest *
gemini_build_request (const FxProviderConfig *config,
                      const FxPrompt         *prompt,
                      JsonNode               *row_schema,
                      guint                   n_rows)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(FxHttpRequest) request = NULL;
  g_autofree char *model = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  const char *name = config->model != NULL ? config->model : "";
  const FxModelCapabilities *caps = fx_model_capabilities_lookup ("gemini", name);
  guint max_tokens = config->max_output_tokens;

  /* The list gives "models/NAME"; a user may paste either. */
  if (g_str_has_prefix (name, "models/"))
    name += strlen ("models/");
  model = g_uri_escape_string (name, NULL, FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "contents");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, "user");
  add_text_parts (builder, prompt->user != NULL ? prompt->user : "");
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  if (prompt->system != NULL && prompt->system[0] != '\0')
    {
      json_builder_set_member_name (builder, "systemInstruction");
      json_builder_begin_object (builder);
      add_text_parts (builder, prompt->system);
      json_builder_end_object (builder);
    }

  if (caps != NULL && caps->max_output_tokens > 0 && max_tokens > caps->max_output_tokens)
    max_tokens = caps->max_output_tokens;
  json_builder_set_member_name (builder, "generationConfig");
  json_builder_begin_object (builder);
  if (max_tokens > 0)
    {
      json_builder_set_member_name (builder, "maxOutputTokens");
      json_builder_add_int_value (builder, max_tokens);
    }
  if (caps != NULL && caps->reasoning == FX_REASONING_THINKING_BUDGET)
    {
      /* Unbounded, 2.5 models may think through the whole maxOutputTokens and answer
       * nothing; a budget within the model's range keeps room for the rows. */
      gint budget = caps->thinking_budget;

      if (!(budget == 0 && caps->thinking_off))
        budget = CLAMP (budget, caps->thinking_min, caps->thinking_max);
      if (max_tokens > 0 && budget > (gint) max_tokens / 2)
        budget = MAX ((gint) max_tokens / 2, caps->thinking_off ? 0 : caps->thinking_min);
      json_builder_set_member_name (builder, "thinkingConfig");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "thinkingBudget");
      json_builder_add_int_value (builder, budget);
      json_builder_end_object (builder);
    }
  if (!isnan (config->temperature) && (caps == NULL || caps->has_temperature))
    {
      json_builder_set_member_name (builder, "temperature");
      json_builder_add_double_value (builder, config->temperature);
    }
  /* generationConfig.seed is an int32. */
  if (config->seed >= 0 && config->seed <= G_MAXINT32)
    {
      json_builder_set_member_name (builder, "seed");
      json_builder_add_int_value (builder, config->seed);
    }
  json_builder_set_member_name (builder, "responseMimeType");
  json_builder_add_string_value (builder, "application/json");
  /* responseJsonSchema, not the OpenAPI-subset responseSchema: it takes type unions
   * and additionalProperties, and the API rejects a request that sets both.  Without
   * a row schema (the naive strategy) the answer is JSON of the model's choosing. */
  if (row_schema != NULL)
    {
      g_autoptr(JsonNode) rows_schema = fx_rows_json_schema (row_schema, n_rows);

      json_builder_set_member_name (builder, "responseJsonSchema");
      if (caps != NULL && !caps->enum_null)
        json_builder_add_value (builder, fx_json_schema_map (rows_schema, null_outside_enum, NULL));
      else
        json_builder_add_value (builder, g_steal_pointer (&rows_schema));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  path = g_strdup_printf ("/v1beta/models/%s:generateContent", model);
  url = make_url (config->base_url, path);
  request = fx_http_request_new ("POST", url);
  fx_http_request_add_header (request, "Content-Type", "application/json", FALSE);
  add_key (request, config);
  request->body = json_to_string (root, FALSE);
  return g_steal_pointer (&request);
}

static void
gemini_parse_response (guint               status,
                       GHashTable         *headers,
                       const char         *body,
                       gsize               length,
                       FxProviderResponse *out)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *reason = NULL;
  JsonObject *root;
  JsonObject *usage;
  JsonObject *candidate;
  JsonArray *candidates;
  JsonArray *parts;
  const char *block_reason;
  const char *finish;

  fx_provider_response_begin (out, headers);
  node = fx_provider_read_envelope (status, body, length, has_error_member, fail_with_error_member, out);
  if (node == NULL)
    return;
  root = json_node_get_object (node);

  out->model = g_strdup (fx_json_string (root, "modelVersion"));
  usage = fx_json_object (root, "usageMetadata");
  out->prompt_tokens = fx_json_int (usage, "promptTokenCount");
  out->reasoning_tokens = fx_json_int (usage, "thoughtsTokenCount");
  /* candidatesTokenCount leaves thoughts out; they are output that was paid for, and
   * OpenAI's and Anthropic's output counts include reasoning, so add them. */
  out->completion_tokens = fx_json_int (usage, "candidatesTokenCount") + out->reasoning_tokens;

  block_reason = fx_json_string (fx_json_object (root, "promptFeedback"), "blockReason");
  candidates = fx_json_array (root, "candidates");
  if (candidates == NULL || json_array_get_length (candidates) == 0
      || !JSON_NODE_HOLDS_OBJECT (json_array_get_element (candidates, 0)))
    {
      if (block_reason != NULL)
        fx_provider_response_fail (out, FX_OUTCOME_BLOCKED,
                                   "prompt blocked by provider safety filter (%s)", block_reason);
      else
        fx_provider_response_fail (out, FX_OUTCOME_INVALID_RESPONSE,
                                   "the response has no candidates");
      return;
    }

  candidate = json_array_get_object_element (candidates, 0);
  finish = fx_json_string (candidate, "finishReason");
  if (is_safety_finish (finish))
    {
      fx_provider_response_fail (out, FX_OUTCOME_BLOCKED,
                                 "blocked by provider safety filter (%s)", finish);
      return;
    }
  if (block_reason != NULL)
    {
      fx_provider_response_fail (out, FX_OUTCOME_BLOCKED,
                                 "prompt blocked by provider safety filter (%s)", block_reason);
      return;
    }

  parts = fx_json_array (fx_json_object (candidate, "content"), "parts");
  for (guint i = 0; parts != NULL && i < json_array_get_length (parts); i++)
    {
      JsonNode *element = json_array_get_element (parts, i);
      JsonObject *part = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *part_text = fx_json_string (part, "text");

      /* Thought summaries are not the answer. */
      if (part_text != NULL && !get_boolean (part, "thought"))
        g_string_append (text, part_text);
    }

  if (g_strcmp0 (finish, "MAX_TOKENS") == 0)
    {
      /* Thinking models can spend the whole budget before writing a word. */
      if (text->len == 0 && out->reasoning_tokens > 0)
        fx_provider_response_fail (out, FX_OUTCOME_TRUNCATED,
                                   "the output token limit was spent on thinking "
                                   "(%" G_GINT64_FORMAT " tokens) before any rows",
                                   out->reasoning_tokens);
      else
        fx_provider_response_fail (out, FX_OUTCOME_TRUNCATED,
                                   "the answer was cut off at the output token limit (MAX_TOKENS)");
      return;
    }

  if (!fx_provider_read_rows (out, text->str, text->len, &reason))
    {
      if (finish != NULL && g_strcmp0 (finish, "STOP") != 0)
        fx_provider_response_fail (out, FX_OUTCOME_INVALID_RESPONSE, "%s (finishReason %s)",
                                   reason, finish);
      else
        fx_provider_response_fail (out, FX_OUTCOME_INVALID_RESPONSE, "%s", reason);
      return;
    }
  out->outcome = FX_OUTCOME_OK;
}

static FxHttpRequest *
gemini_build_list_models (const FxProviderConfig *config)
{
  g_autoptr(FxHttpRequest) request = NULL;
  g_autofree char *base = make_url (config->base_url, "/v1beta/models");
  g_autofree char *url = g_strdup_printf ("%s?pageSize=%d", base, GEMINI_MODELS_PAGE);

  request = fx_http_request_new ("GET", url);
  add_key (request, config);
  return g_steal_pointer (&request);
}

static GPtrArray *
gemini_parse_list_models (guint        status,
                          GHashTable  *headers,
                          const char  *body,
                          gsize        length,
                          FxOutcome   *outcome,
                          GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *reason = NULL;
  JsonObject *root;
  JsonArray *models;

  node = fx_provider_parse_json (body, length, &reason);
  root = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  if (fx_provider_list_failed (&fx_provider_gemini, status, headers, body, length, root,
                               has_error_member, outcome, error))
    return NULL;

  /* A list without any model has no "models" at all. */
  if (root == NULL)
    {
      if (outcome != NULL)
        *outcome = FX_OUTCOME_INVALID_RESPONSE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                   node == NULL ? reason : "the model list is not a JSON object");
      return NULL;
    }

  ids = g_ptr_array_new_with_free_func (g_free);
  models = fx_json_array (root, "models");
  /* nextPageToken is left unfollowed: a page of 1000 holds every model. */
  for (guint i = 0; models != NULL && i < json_array_get_length (models); i++)
    {
      JsonNode *element = json_array_get_element (models, i);
      JsonObject *model = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      JsonArray *methods = fx_json_array (model, "supportedGenerationMethods");
      const char *name = fx_json_string (model, "name");
      gboolean generates = FALSE;

      for (guint k = 0; methods != NULL && k < json_array_get_length (methods); k++)
        {
          JsonNode *method = json_array_get_element (methods, k);

          if (JSON_NODE_HOLDS_VALUE (method) && json_node_get_value_type (method) == G_TYPE_STRING
              && g_str_equal (json_node_get_string (method), "generateContent"))
            generates = TRUE;
        }
      /* Embedding and other models cannot write rows. */
      if (name == NULL || !generates)
        continue;
      if (g_str_has_prefix (name, "models/"))
        name += strlen ("models/");
      if (name[0] != '\0')
        g_ptr_array_add (ids, g_strdup (name));
    }
  if (outcome != NULL)
    *outcome = FX_OUTCOME_OK;
  return g_steal_pointer (&ids);
}

const FxProviderClass fx_provider_gemini = {
  .name = "gemini",
  .display_name = "Google Gemini",
  .default_base_url = GEMINI_DEFAULT_BASE_URL,
  .key_variable = "GEMINI_API_KEY",
  .needs_key = TRUE,
  .remote = TRUE,
  .build_request = gemini_build_request,
  .parse_response = gemini_parse_response,
  .build_list_models = gemini_build_list_models,
  .parse_list_models = gemini_parse_list_models,
};
