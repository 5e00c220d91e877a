/* fx-provider-openai.c: OpenAI Chat Completions, and the servers that speak it
 *
 * "openai" is api.openai.com with strict structured outputs.  "openai-compatible" is
 * the same wire format served by Ollama, llama.cpp's llama-server and vLLM on the
 * user's machine: it needs a base URL, takes a key only when one is given, and is
 * read tolerantly, since those servers differ in their error bodies and may ignore the
 * schema (their text can come fenced in Markdown, after a reasoning block).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "fx-capabilities.h"
#include "fx-provider.h"

#define OPENAI_DEFAULT_BASE_URL "https://api.openai.com"
#define SCHEMA_NAME "patient_rows"

/* ---- static helpers ----------------------------------------------------------- */





/* {base}{path}, also when the user's base already ends in /v1 as vLLM's documentation
 * writes it ("http://localhost:8000/v1"). */
static char *
make_url (const char *base,
          const char *path)
{
  g_autofree char *trimmed = g_strdup (base);
  gsize len = strlen (trimmed);

  while (len > 0 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';
  if (g_str_has_suffix (trimmed, "/v1") && g_str_has_prefix (path, "/v1/"))
    path += strlen ("/v1");
  return g_strconcat (trimmed, path, NULL);
}

static const char *
base_url (const FxProviderConfig *config,
          gboolean                compatible)
{
  if (config->base_url != NULL && config->base_url[0] != '\0')
    return config->base_url;
  /* A local server has no address we could guess: the port differs per tool. */
  return compatible ? NULL : OPENAI_DEFAULT_BASE_URL;
}

static void
add_auth (FxHttpRequest          *request,
          const FxProviderConfig *config)
{
  g_autofree char *value = NULL;

  if (config->api_key == NULL || config->api_key[0] == '\0')
    return;
  value = g_strconcat ("Bearer ", config->api_key, NULL);
  fx_http_request_add_header (request, "Authorization", value, TRUE);
}

/* Strict structured outputs reject a schema in which an object does not list every
 * property in "required" or allows other properties.  The master schema already
 * obeys; enforcing it here keeps that true whatever the master grows. */
static void
make_strict (JsonObject *schema,
             gpointer    user_data)
{
  JsonObject *properties = fx_json_object (schema, "properties");
  JsonNode *type = json_object_get_member (schema, "type");
  gboolean is_object = properties != NULL;

  if (type != NULL && JSON_NODE_HOLDS_VALUE (type) && json_node_get_value_type (type) == G_TYPE_STRING)
    is_object |= g_str_equal (json_node_get_string (type), "object");
  if (!is_object)
    return;

  if (properties != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (properties);
      JsonArray *required = json_array_new ();

      for (GList *l = names; l != NULL; l = l->next)
        json_array_add_string_element (required, l->data);
      json_object_set_array_member (schema, "required", required);
    }
  json_object_set_boolean_member (schema, "additionalProperties", FALSE);
}

static FxHttpRequest *
build_chat_request (const FxProviderConfig *config,
                    const FxPrompt         *prompt,
                    JsonNode               *row_schema,
                    guint                   n_rows,
                    gboolean                compatible)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) rows_schema = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(FxHttpRequest) request = NULL;
  g_autofree char *url = NULL;
  const char *base = base_url (config, compatible);
  const FxModelCapabilities *caps = fx_model_capabilities_lookup (compatible ? "openai-compatible" : "openai",
                                                                  config->model);
  guint max_tokens = config->max_output_tokens;

  if (base == NULL)
    return NULL;

  if (caps != NULL && caps->max_output_tokens > 0 && max_tokens > caps->max_output_tokens)
    max_tokens = caps->max_output_tokens;
  if (row_schema != NULL)
    rows_schema = fx_rows_json_schema (row_schema, n_rows);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, config->model);

  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  if (prompt->system != NULL && prompt->system[0] != '\0')
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, "system");
      json_builder_set_member_name (builder, "content");
      json_builder_add_string_value (builder, prompt->system);
      json_builder_end_object (builder);
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, "user");
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, prompt->user != NULL ? prompt->user : "");
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  if (max_tokens > 0)
    {
      /* reasoning models spend part of it thinking: the budget has room for that */
      json_builder_set_member_name (builder, "max_completion_tokens");
      json_builder_add_int_value (builder, max_tokens);
      /* OpenAI deprecated max_tokens, but Ollama, llama.cpp and older vLLM read only
       * that one; servers ignore the member they do not know, so a local server
       * gets both. */
      if (compatible)
        {
          json_builder_set_member_name (builder, "max_tokens");
          json_builder_add_int_value (builder, max_tokens);
        }
    }
  /* reasoning models answer any temperature but the default with a 400 */
  if (!isnan (config->temperature) && (caps == NULL || caps->has_temperature))
    {
      json_builder_set_member_name (builder, "temperature");
      json_builder_add_double_value (builder, config->temperature);
    }
  if (caps != NULL && caps->reasoning == FX_REASONING_EFFORT && caps->reasoning_effort != NULL)
    {
      /* rows need little reasoning; less of it leaves more of the budget to them */
      json_builder_set_member_name (builder, "reasoning_effort");
      json_builder_add_string_value (builder, caps->reasoning_effort);
    }
  if (config->seed >= 0)
    {
      json_builder_set_member_name (builder, "seed");
      json_builder_add_int_value (builder, config->seed);
    }

  json_builder_set_member_name (builder, "response_format");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  if (rows_schema == NULL)
    /* JSON mode: the naive strategy shows no column definitions */
    json_builder_add_string_value (builder, "json_object");
  else
    {
      g_autoptr(JsonNode) strict = fx_json_schema_map (rows_schema, make_strict, NULL);

      /* fine-tuned models refuse minimum/maximum in strict mode: they become words */
      if (caps != NULL && !caps->schema_bounds)
        {
          JsonNode *words = fx_json_schema_map (strict, fx_json_schema_bounds_to_description, NULL);

          json_node_unref (strict);
          strict = words;
        }
      /* llama-server also takes {"type": "json_object", "schema": ...}; it and Ollama
       * and vLLM all accept this json_schema form, so every server gets the same one. */
      json_builder_add_string_value (builder, "json_schema");
      json_builder_set_member_name (builder, "json_schema");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, SCHEMA_NAME);
      json_builder_set_member_name (builder, "strict");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "schema");
      json_builder_add_value (builder, g_steal_pointer (&strict));
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  url = make_url (base, "/v1/chat/completions");
  request = fx_http_request_new ("POST", url);
  fx_http_request_add_header (request, "Content-Type", "application/json", FALSE);
  add_auth (request, config);
  request->body = json_to_string (root, FALSE);
  return g_steal_pointer (&request);
}

static gboolean
is_error_body (JsonObject *root)
{
  JsonNode *error = json_object_get_member (root, "error");
  const char *object = fx_json_string (root, "object");

  /* OpenAI and vLLM nest {"error": {...}}, vLLM may answer flat {"object": "error"},
   * Ollama's own endpoints say {"error": "text"}. */
  return (error != NULL && (JSON_NODE_HOLDS_OBJECT (error)
                            || (JSON_NODE_HOLDS_VALUE (error)
                                && json_node_get_value_type (error) == G_TYPE_STRING)))
         || g_strcmp0 (object, "error") == 0;
}

static void
fail_with_error_body (guint               status,
                      JsonObject         *root,
                      FxProviderResponse *out)
{
  JsonObject *error = fx_json_object (root, "error");
  JsonObject *fields = error != NULL ? error : root;
  const char *message = fx_json_string (fields, "message");
  const char *type = fx_json_string (fields, "type");
  const char *code = fx_json_string (fields, "code");
  const char *detail;
  guint effective = status;
  FxOutcome outcome;

  if (error == NULL && message == NULL)
    message = fx_json_string (root, "error");
  if (message == NULL || message[0] == '\0')
    message = "no message";

  /* An error body with 200 comes only from lenient local servers; their numeric
   * "code" is the status they meant. */
  if (status >= 200 && status < 300)
    {
      gint64 numeric = fx_json_int (fields, "code");

      effective = numeric >= 400 && numeric < 600 ? (guint) numeric : 0;
    }

  if (effective == 0)
    outcome = FX_OUTCOME_INVALID_RESPONSE;
  else if (effective == 429)
    /* insufficient_quota never clears by waiting; rate_limit_exceeded does. */
    outcome = (g_strcmp0 (code, "insufficient_quota") == 0
               || g_strcmp0 (type, "insufficient_quota") == 0)
              ? FX_OUTCOME_QUOTA_EXHAUSTED : FX_OUTCOME_RATE_LIMITED;
  else
    outcome = fx_outcome_from_status (effective);

  detail = code != NULL ? code : type;
  if (detail != NULL)
    fx_provider_response_fail (out, outcome, "HTTP %u: %s (%s)", status, message, detail);
  else
    fx_provider_response_fail (out, outcome, "HTTP %u: %s", status, message);
}

/* Reasoning models served without a reasoning parser put their thoughts before the
 * answer in the same text. */
static const char *
skip_think_block (const char *text)
{
  const char *p = text;
  const char *end;

  while (g_ascii_isspace (*p))
    p++;
  if (!g_str_has_prefix (p, "<think>"))
    return text;
  end = strstr (p, "</think>");
  return end != NULL ? end + strlen ("</think>") : text;
}

static void
parse_chat_response (guint               status,
                     GHashTable         *headers,
                     const char         *body,
                     gsize               length,
                     FxProviderResponse *out,
                     gboolean            compatible)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *reason = NULL;
  JsonObject *root;
  JsonObject *usage;
  JsonObject *choice;
  JsonObject *message;
  JsonArray *choices;
  const char *finish;
  const char *refusal;
  const char *content;

  fx_provider_response_begin (out, headers);
  node = fx_provider_read_envelope (status, body, length, is_error_body, fail_with_error_body, out);
  if (node == NULL)
    return;
  root = json_node_get_object (node);

  out->model = g_strdup (fx_json_string (root, "model"));
  usage = fx_json_object (root, "usage");
  out->prompt_tokens = fx_json_int (usage, "prompt_tokens");
  out->completion_tokens = fx_json_int (usage, "completion_tokens");
  out->reasoning_tokens = fx_json_int (fx_json_object (usage, "completion_tokens_details"),
                                   "reasoning_tokens");

  choices = fx_json_array (root, "choices");
  if (choices == NULL || json_array_get_length (choices) == 0
      || !JSON_NODE_HOLDS_OBJECT (json_array_get_element (choices, 0)))
    {
      fx_provider_response_fail (out, FX_OUTCOME_INVALID_RESPONSE, "the response has no choices");
      return;
    }
  choice = json_array_get_object_element (choices, 0);
  message = fx_json_object (choice, "message");
  finish = fx_json_string (choice, "finish_reason");

  refusal = fx_json_string (message, "refusal");
  if (refusal != NULL && refusal[0] != '\0')
    {
      fx_provider_response_fail (out, FX_OUTCOME_REFUSED, "the model refused: %s", refusal);
      return;
    }
  /* Before parsing: a cut-off answer is a fragment, and the remedy is fewer rows. */
  if (g_strcmp0 (finish, "length") == 0)
    {
      if (out->reasoning_tokens > 0)
        fx_provider_response_fail (out, FX_OUTCOME_TRUNCATED,
                                   "the answer was cut off at the output token limit "
                                   "(%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " tokens spent on reasoning)",
                                   out->reasoning_tokens, out->completion_tokens);
      else
        fx_provider_response_fail (out, FX_OUTCOME_TRUNCATED,
                                   "the answer was cut off at the output token limit");
      return;
    }
  if (g_strcmp0 (finish, "content_filter") == 0)
    {
      fx_provider_response_fail (out, FX_OUTCOME_BLOCKED,
                                 "blocked by provider safety filter (content_filter)");
      return;
    }

  content = fx_json_string (message, "content");
  if (content == NULL)
    {
      fx_provider_response_fail (out, FX_OUTCOME_INVALID_RESPONSE,
                                 "the response has no message content (finish_reason %s)",
                                 finish != NULL ? finish : "missing");
      return;
    }
  if (compatible)
    content = skip_think_block (content);

  if (!fx_provider_read_rows (out, content, strlen (content), &reason))
    {
      fx_provider_response_fail (out, FX_OUTCOME_INVALID_RESPONSE, "%s", reason);
      return;
    }
  out->outcome = FX_OUTCOME_OK;
}

static FxHttpRequest *
build_list_models_request (const FxProviderConfig *config,
                           gboolean                compatible)
{
  g_autoptr(FxHttpRequest) request = NULL;
  g_autofree char *url = NULL;
  const char *base = base_url (config, compatible);

  if (base == NULL)
    return NULL;
  url = make_url (base, "/v1/models");
  request = fx_http_request_new ("GET", url);
  add_auth (request, config);
  return g_steal_pointer (&request);
}

static GPtrArray *
parse_list_models_common (const FxProviderClass *provider,
                          guint                  status,
                          GHashTable            *headers,
                          const char            *body,
                          gsize                  length,
                          FxOutcome             *outcome,
                          GError               **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *reason = NULL;
  JsonObject *root;

  node = fx_provider_parse_json (body, length, &reason);
  root = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (fx_provider_list_failed (provider, status, headers, body, length, root, is_error_body, outcome, error))
    return NULL;
  return fx_provider_list_data_ids (node, reason, outcome, error);
}

/* ---- openai ------------------------------------------------------------------- */

static FxHttpRequest *
openai_build_request (const FxProviderConfig *config,
                      const FxPrompt         *prompt,
                      JsonNode               *row_schema,
                      guint                   n_rows)
{
  return build_chat_request (config, prompt, row_schema, n_rows, FALSE);
}

static void
openai_parse_response (guint               status,
                       GHashTable         *headers,
                       const char         *body,
                       gsize               length,
                       FxProviderResponse *out)
{
  parse_chat_response (status, headers, body, length, out, FALSE);
}

static FxHttpRequest *
openai_build_list_models (const FxProviderConfig *config)
{
  return build_list_models_request (config, FALSE);
}

static GPtrArray *
openai_parse_list_models (guint        status,
                          GHashTable  *headers,
                          const char  *body,
                          gsize        length,
                          FxOutcome   *outcome,
                          GError     **error)
{
  return parse_list_models_common (&fx_provider_openai, status, headers, body, length, outcome, error);
}

/* ---- openai-compatible -------------------------------------------------------- */

static FxHttpRequest *
compatible_build_request (const FxProviderConfig *config,
                          const FxPrompt         *prompt,
                          JsonNode               *row_schema,
                          guint                   n_rows)
{
  return build_chat_request (config, prompt, row_schema, n_rows, TRUE);
}

static void
compatible_parse_response (guint               status,
                           GHashTable         *headers,
                           const char         *body,
                           gsize               length,
                           FxProviderResponse *out)
{
  parse_chat_response (status, headers, body, length, out, TRUE);
}

static FxHttpRequest *
compatible_build_list_models (const FxProviderConfig *config)
{
  return build_list_models_request (config, TRUE);
}

static GPtrArray *
compatible_parse_list_models (guint        status,
                              GHashTable  *headers,
                              const char  *body,
                              gsize        length,
                              FxOutcome   *outcome,
                              GError     **error)
{
  return parse_list_models_common (&fx_provider_openai_compatible, status, headers, body, length, outcome, error);
}

const FxProviderClass fx_provider_openai = {
  .name = "openai",
  .display_name = "OpenAI",
  .default_base_url = OPENAI_DEFAULT_BASE_URL,
  .key_variable = "OPENAI_API_KEY",
  .needs_key = TRUE,
  .remote = TRUE,
  .build_request = openai_build_request,
  .parse_response = openai_parse_response,
  .build_list_models = openai_build_list_models,
  .parse_list_models = openai_parse_list_models,
};

const FxProviderClass fx_provider_openai_compatible = {
  .name = "openai-compatible",
  .display_name = "OpenAI-compatible server (Ollama, llama.cpp, vLLM)",
  .default_base_url = NULL,
  .key_variable = "FACSIMILE_API_KEY",
  .needs_key = FALSE,
  .remote = FALSE,          /* wherever its base URL points */
  .build_request = compatible_build_request,
  .parse_response = compatible_parse_response,
  .build_list_models = compatible_build_list_models,
  .parse_list_models = compatible_parse_list_models,
};
