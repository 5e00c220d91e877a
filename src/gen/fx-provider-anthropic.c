/* fx-provider-anthropic.c: the Anthropic Messages API
 *
 * Rows are asked for with structured outputs (output_config.format json_schema) and
 * come back as JSON in the text blocks of content[].  Anthropic's schema subset has no
 * numeric, length or item-count bounds, so those move into "description" as words the
 * model reads; every row is validated on the client anyway.  Structured outputs are
 * for the current model families only and take at most 16 union-typed and 24
 * optional parameters (the capability table says so); past that, or for another
 * model, the rows are asked for as JSON in the text, with the schema in the system
 * prompt.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "fx-capabilities.h"
#include "fx-provider.h"

#define ANTHROPIC_DEFAULT_BASE_URL "https://api.anthropic.com"
#define ANTHROPIC_VERSION "2023-06-01"
/* max_tokens is required; this fits every current model's output limit. */
#define ANTHROPIC_DEFAULT_MAX_TOKENS 4096
/* One page of the model list; the API caps a page at 1000. */
#define ANTHROPIC_MODELS_PAGE 1000

/* ---- static helpers ----------------------------------------------------------- */





static char *
make_url (const char *base,
          const char *path)
{
  g_autofree char *trimmed = g_strdup (base != NULL && base[0] != '\0'
                                       ? base : ANTHROPIC_DEFAULT_BASE_URL);
  gsize len = strlen (trimmed);

  while (len > 0 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';
  if (g_str_has_suffix (trimmed, "/v1") && g_str_has_prefix (path, "/v1/"))
    path += strlen ("/v1");
  return g_strconcat (trimmed, path, NULL);
}

static void
add_headers (FxHttpRequest          *request,
             const FxProviderConfig *config)
{
  if (config->api_key != NULL && config->api_key[0] != '\0')
    fx_http_request_add_header (request, "x-api-key", config->api_key, TRUE);
  fx_http_request_add_header (request, "anthropic-version", ANTHROPIC_VERSION, FALSE);
}

static void
fail_with_error_body (guint               status,
                      JsonObject         *root,
                      FxProviderResponse *out)
{
  JsonObject *error = fx_json_object (root, "error");
  const char *type = fx_json_string (error, "type");
  const char *message = fx_json_string (error, "message");
  FxOutcome outcome;

  if (message == NULL || message[0] == '\0')
    message = "no message";

  /* The error type is more precise than the status (529 and 500 are both 5xx, but
   * only one says "overloaded"); the status decides when the type is new to us. */
  if (g_strcmp0 (type, "overloaded_error") == 0
      || g_strcmp0 (type, "api_error") == 0
      || g_strcmp0 (type, "timeout_error") == 0)
    outcome = FX_OUTCOME_SERVER_ERROR;
  else if (g_strcmp0 (type, "rate_limit_error") == 0)
    outcome = FX_OUTCOME_RATE_LIMITED;
  else if (g_strcmp0 (type, "billing_error") == 0)
    outcome = FX_OUTCOME_QUOTA_EXHAUSTED;
  else if (g_strcmp0 (type, "authentication_error") == 0
           || g_strcmp0 (type, "permission_error") == 0)
    outcome = FX_OUTCOME_AUTH_ERROR;
  /* An empty prepaid balance arrives as a 400 invalid_request_error. */
  else if (g_strcmp0 (type, "invalid_request_error") == 0
           && strstr (message, "credit balance") != NULL)
    outcome = FX_OUTCOME_QUOTA_EXHAUSTED;
  else if (g_strcmp0 (type, "invalid_request_error") == 0
           || g_strcmp0 (type, "not_found_error") == 0
           || g_strcmp0 (type, "request_too_large") == 0)
    outcome = FX_OUTCOME_BAD_REQUEST;
  else if (status >= 200 && status < 300)
    outcome = FX_OUTCOME_INVALID_RESPONSE;
  else
    outcome = fx_outcome_from_status (status);

  if (type != NULL)
    fx_provider_response_fail (out, outcome, "HTTP %u: %s (%s)", status, message, type);
  else
    fx_provider_response_fail (out, outcome, "HTTP %u: %s", status, message);
}

static gboolean
is_error_body (JsonObject *root)
{
  return g_strcmp0 (fx_json_string (root, "type"), "error") == 0 || fx_json_object (root, "error") != NULL;
}

/* ---- provider ----------------------------------------------------------------- */

typedef struct
{
  guint unions;    /* parameters typed with a type array or anyOf */
  guint optional;  /* parameters an object does not require */
} SchemaCounts;

static void
count_parameters (JsonObject *schema,
                  gpointer    user_data)
{
  SchemaCounts *counts = user_data;
  JsonObject *properties = fx_json_object (schema, "properties");
  JsonArray *required = fx_json_array (schema, "required");
  g_autoptr(GList) names = properties != NULL ? json_object_get_members (properties) : NULL;

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *p = fx_json_object (properties, l->data);
      JsonNode *type = p != NULL ? json_object_get_member (p, "type") : NULL;
      gboolean listed = FALSE;

      if ((type != NULL && JSON_NODE_HOLDS_ARRAY (type)) || fx_json_array (p, "anyOf") != NULL)
        counts->unions++;
      for (guint i = 0; required != NULL && i < json_array_get_length (required); i++)
        listed |= g_strcmp0 (json_array_get_string_element (required, i), l->data) == 0;
      if (!listed)
        counts->optional++;
    }
}

/* The schema for output_config, or NULL when this model has no structured outputs or
 * the schema is past their limits (too many nullable columns, most often): the rows
 * are then asked for as JSON in the text, with the schema in the system prompt, and
 * validated here like every answer. */
static JsonNode *
output_schema (const FxModelCapabilities *caps,
               JsonNode                  *rows_schema)
{
  g_autoptr(JsonNode) mapped = NULL;
  SchemaCounts counts = { 0 };

  if (caps == NULL || !caps->structured_output)
    return NULL;
  mapped = fx_json_schema_map (rows_schema, fx_json_schema_bounds_to_description, NULL);
  json_node_unref (fx_json_schema_map (mapped, count_parameters, &counts));
  if ((caps->max_union_parameters > 0 && counts.unions > caps->max_union_parameters)
      || (caps->max_optional_parameters > 0 && counts.optional > caps->max_optional_parameters))
    return NULL;
  return g_steal_pointer (&mapped);
}

static FxHttpRequest *
anthropic_build_request (const FxProviderConfig *config,
                         const FxPrompt         *prompt,
                         JsonNode               *row_schema,
                         guint                   n_rows)
{
  const FxModelCapabilities *caps = fx_model_capabilities_lookup ("anthropic", config->model);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) rows_schema = row_schema != NULL ? fx_rows_json_schema (row_schema, n_rows) : NULL;
  g_autoptr(JsonNode) schema = rows_schema != NULL ? output_schema (caps, rows_schema) : NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(FxHttpRequest) request = NULL;
  g_autofree char *url = NULL;
  g_autofree char *system = g_strdup (prompt->system != NULL ? prompt->system : "");
  guint max_tokens = config->max_output_tokens > 0 ? config->max_output_tokens : ANTHROPIC_DEFAULT_MAX_TOKENS;

  if (caps != NULL && caps->max_output_tokens > 0)
    max_tokens = MIN (max_tokens, caps->max_output_tokens);
  if (rows_schema != NULL && schema == NULL)
    {
      g_autofree char *text = json_to_string (rows_schema, FALSE);
      char *with_schema = g_strdup_printf ("%s%sWrite only the JSON, without Markdown, following this JSON Schema:\n%s",
                                           system, system[0] != '\0' ? "\n\n" : "", text);

      g_free (system);
      system = with_schema;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, config->model);
  json_builder_set_member_name (builder, "max_tokens");
  json_builder_add_int_value (builder, max_tokens);
  if (system[0] != '\0')
    {
      json_builder_set_member_name (builder, "system");
      json_builder_add_string_value (builder, system);
    }
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, "user");
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, prompt->user != NULL ? prompt->user : "");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  /* No seed: the Messages API has none.  The range was checked before the run. */
  if (!isnan (config->temperature) && (caps == NULL || caps->has_temperature))
    {
      json_builder_set_member_name (builder, "temperature");
      json_builder_add_double_value (builder, config->temperature);
    }

  if (schema != NULL)
    {
      json_builder_set_member_name (builder, "output_config");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "format");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "json_schema");
      json_builder_set_member_name (builder, "schema");
      json_builder_add_value (builder, g_steal_pointer (&schema));
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  url = make_url (config->base_url, "/v1/messages");
  request = fx_http_request_new ("POST", url);
  add_headers (request, config);
  fx_http_request_add_header (request, "content-type", "application/json", FALSE);
  request->body = json_to_string (root, FALSE);
  return g_steal_pointer (&request);
}

static void
anthropic_parse_response (guint               status,
                          GHashTable         *headers,
                          const char         *body,
                          gsize               length,
                          FxProviderResponse *out)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *reason = NULL;
  g_autofree char *tool_input = NULL;
  JsonObject *root;
  JsonObject *usage;
  JsonArray *content;
  const char *stop;

  fx_provider_response_begin (out, headers);
  node = fx_provider_read_envelope (status, body, length, is_error_body, fail_with_error_body, out);
  if (node == NULL)
    return;
  root = json_node_get_object (node);

  out->model = g_strdup (fx_json_string (root, "model"));
  usage = fx_json_object (root, "usage");
  /* Cached prompt tokens are counted apart from input_tokens; all of them were read. */
  out->prompt_tokens = fx_json_int (usage, "input_tokens")
                       + fx_json_int (usage, "cache_creation_input_tokens")
                       + fx_json_int (usage, "cache_read_input_tokens");
  /* output_tokens already includes extended thinking, which is not reported apart. */
  out->completion_tokens = fx_json_int (usage, "output_tokens");

  content = fx_json_array (root, "content");
  for (guint i = 0; content != NULL && i < json_array_get_length (content); i++)
    {
      JsonNode *element = json_array_get_element (content, i);
      JsonObject *block = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *type = fx_json_string (block, "type");

      /* thinking and redacted_thinking blocks are not the answer */
      if (g_strcmp0 (type, "text") == 0 && fx_json_string (block, "text") != NULL)
        g_string_append (text, fx_json_string (block, "text"));
      else if (g_strcmp0 (type, "tool_use") == 0 && tool_input == NULL)
        {
          JsonNode *input = json_object_get_member (block, "input");

          if (input != NULL && JSON_NODE_HOLDS_OBJECT (input))
            tool_input = json_to_string (input, FALSE);
        }
    }

  stop = fx_json_string (root, "stop_reason");
  if (g_strcmp0 (stop, "refusal") == 0)
    {
      g_strstrip (text->str);
      if (text->str[0] != '\0')
        fx_provider_response_fail (out, FX_OUTCOME_REFUSED, "the model refused: %s", text->str);
      else
        fx_provider_response_fail (out, FX_OUTCOME_REFUSED, "the model refused");
      return;
    }
  /* A context window filled while writing cuts the answer just like max_tokens. */
  if (g_strcmp0 (stop, "max_tokens") == 0 || g_strcmp0 (stop, "model_context_window_exceeded") == 0)
    {
      fx_provider_response_fail (out, FX_OUTCOME_TRUNCATED,
                                 "the answer was cut off at the output token limit (%s)", stop);
      return;
    }
  if (content == NULL)
    {
      fx_provider_response_fail (out, FX_OUTCOME_INVALID_RESPONSE, "the response has no content");
      return;
    }

  /* A tool_use block's input is already an object: the caller chose tools. */
  if (!(tool_input != NULL ? fx_provider_read_rows (out, tool_input, strlen (tool_input), &reason)
                            : fx_provider_read_rows (out, text->str, text->len, &reason)))
    {
      fx_provider_response_fail (out, FX_OUTCOME_INVALID_RESPONSE, "%s", reason);
      return;
    }
  out->outcome = FX_OUTCOME_OK;
}

static FxHttpRequest *
anthropic_build_list_models (const FxProviderConfig *config)
{
  g_autoptr(FxHttpRequest) request = NULL;
  g_autofree char *base = make_url (config->base_url, "/v1/models");
  g_autofree char *url = g_strdup_printf ("%s?limit=%d", base, ANTHROPIC_MODELS_PAGE);

  request = fx_http_request_new ("GET", url);
  add_headers (request, config);
  return g_steal_pointer (&request);
}

static GPtrArray *
anthropic_parse_list_models (guint        status,
                             GHashTable  *headers,
                             const char  *body,
                             gsize        length,
                             FxOutcome   *outcome,
                             GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *reason = NULL;
  JsonObject *root;

  node = fx_provider_parse_json (body, length, &reason);
  root = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (fx_provider_list_failed (&fx_provider_anthropic, status, headers, body, length, root,
                               is_error_body, outcome, error))
    return NULL;
  /* One page of up to 1000 is every model there is; has_more is left unfollowed. */
  return fx_provider_list_data_ids (node, reason, outcome, error);
}

const FxProviderClass fx_provider_anthropic = {
  .name = "anthropic",
  .display_name = "Anthropic",
  .default_base_url = ANTHROPIC_DEFAULT_BASE_URL,
  .key_variable = "ANTHROPIC_API_KEY",
  .needs_key = TRUE,
  .remote = TRUE,
  .build_request = anthropic_build_request,
  .parse_response = anthropic_parse_response,
  .build_list_models = anthropic_build_list_models,
  .parse_list_models = anthropic_parse_list_models,
};
