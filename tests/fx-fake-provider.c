/* fx-fake-provider.c: a local server that speaks each provider's wire format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "fx-fake-limits.h"
#include "fx-fake-provider.h"
#include "fx-fake-rows.h"

typedef enum
{
  WIRE_OPENAI,
  WIRE_ANTHROPIC,
  WIRE_GEMINI,
} Wire;

struct _FxFakeProvider
{
  SoupServer *server;
  char       *api_key;
  guint       port;
  char      **faults;
  guint       next_fault;
  guint       delay_ms;
  guint       slow_ms;
  guint       models_delay_ms;
  guint       n_requests;
  guint       in_flight;
  guint       max_in_flight;
  guint64     serial;
  GArray     *arrivals;
  char       *problem;
  GPtrArray  *bodies;     /* (element-type utf8) every generation request's body */
  GPtrArray  *pending;    /* (element-type Reply) answers waiting for their time */
};

static void
note_problem (FxFakeProvider *fake,
              const char     *format,
              ...) G_GNUC_PRINTF (2, 3);

static void
note_problem (FxFakeProvider *fake,
              const char     *format,
              ...)
{
  va_list args;

  if (fake->problem != NULL)
    return;
  va_start (args, format);
  fake->problem = g_strdup_vprintf (format, args);
  va_end (args);
}

/* ---- request checks ------------------------------------------------------------ */

/* OpenAI strict mode: every object lists all its properties as required and allows
 * no others. */
static void
check_strict (FxFakeProvider *fake,
              JsonNode       *node,
              const char     *where)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        check_strict (fake, json_array_get_element (a, i), where);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;
  {
    JsonObject *o = json_node_get_object (node);

    if (json_object_has_member (o, "properties"))
      {
        JsonObject *props = json_object_get_object_member (o, "properties");
        JsonArray *req = json_object_has_member (o, "required") ? json_object_get_array_member (o, "required") : NULL;
        JsonNode *extra = json_object_get_member (o, "additionalProperties");

        if (req == NULL || json_array_get_length (req) != json_object_get_size (props))
          note_problem (fake, "%s: an object does not list all its properties as required", where);
        if (extra == NULL || !JSON_NODE_HOLDS_VALUE (extra) || json_node_get_boolean (extra))
          note_problem (fake, "%s: an object allows additional properties", where);
      }
    {
      g_autoptr(GList) members = json_object_get_members (o);

      for (GList *l = members; l != NULL; l = l->next)
        check_strict (fake, json_object_get_member (o, l->data), where);
    }
  }
}

/* The schema of one row inside {"rows": [...]}, and how many rows it asks for. */
static JsonObject *
row_item (FxFakeProvider *fake,
          JsonObject     *schema,
          const char     *where,
          guint          *n)
{
  JsonObject *props, *rows;

  if (schema == NULL || !json_object_has_member (schema, "properties"))
    {
      note_problem (fake, "%s: no schema", where);
      return NULL;
    }
  props = json_object_get_object_member (schema, "properties");
  if (props == NULL || !json_object_has_member (props, "rows"))
    {
      note_problem (fake, "%s: the schema does not wrap rows as {\"rows\": [...]}", where);
      return NULL;
    }
  rows = json_object_get_object_member (props, "rows");
  *n = json_object_has_member (rows, "maxItems") ? json_object_get_int_member (rows, "maxItems") : 3;
  /* without maxItems (Anthropic), the prompt says how many */
  if (!json_object_has_member (rows, "items"))
    {
      note_problem (fake, "%s: rows without items", where);
      return NULL;
    }
  return json_object_get_object_member (rows, "items");
}

static guint
rows_from_prompt (const char *text,
                  guint       fallback)
{
  const char *p = text != NULL ? strstr (text, "Generate ") : NULL;
  guint n = 0;

  /* every prompt template asks "Generate N ..." */
  if (p != NULL && sscanf (p, "Generate %u", &n) == 1 && n > 0)
    return n;
  return fallback;
}

/* ---- answers ------------------------------------------------------------------- */

typedef struct
{
  FxFakeProvider    *fake;
  SoupServerMessage *msg;
  guint              status;
  char              *body;
  GHashTable        *headers;
  gulong             disconnected_id;
  gboolean           gone;     /* the client hung up while the answer waited */
  guint              source;
  gboolean           chunked;  /* sent without a length */
  gsize              sent;     /* bytes of a trickled answer sent so far */
  Wire               wire;     /* of a list of models that waits */
} Reply;

static void
reply_send (Reply *reply)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (reply->msg);
  GHashTableIter iter;
  gpointer name, value;

  g_hash_table_iter_init (&iter, reply->headers);
  while (g_hash_table_iter_next (&iter, &name, &value))
    soup_message_headers_replace (h, name, value);
  soup_server_message_set_status (reply->msg, reply->status, NULL);
  if (reply->chunked)
    {
      SoupMessageBody *body = soup_server_message_get_response_body (reply->msg);

      soup_message_headers_set_encoding (h, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (h, "application/json", NULL);
      soup_message_body_append (body, SOUP_MEMORY_COPY, reply->body, strlen (reply->body));
      soup_message_body_complete (body);
      return;
    }
  soup_server_message_set_response (reply->msg, g_str_has_prefix (reply->body, "<") ? "text/html" : "application/json",
                                    SOUP_MEMORY_COPY, reply->body, strlen (reply->body));
}

static void
on_disconnected (SoupServerMessage *msg,
                 Reply             *reply)
{
  reply->gone = TRUE;
}

static void
reply_free (Reply *reply)
{
  if (reply->disconnected_id != 0)
    g_signal_handler_disconnect (reply->msg, reply->disconnected_id);
  g_free (reply->body);
  g_hash_table_unref (reply->headers);
  g_object_unref (reply->msg);
  g_free (reply);
}

static gboolean
reply_later (gpointer data)
{
  Reply *reply = data;

  reply->source = 0;
  if (!reply->gone)
    {
      reply_send (reply);
      soup_server_message_unpause (reply->msg);
    }
  reply->fake->in_flight--;
  g_ptr_array_remove_fast (reply->fake->pending, reply);
  reply_free (reply);
  return G_SOURCE_REMOVE;
}

/* A byte of the answer every TRICKLE_MS: a server that keeps a connection alive without
 * ever finishing. */
#define TRICKLE_MS 100

static gboolean
trickle (gpointer data)
{
  Reply *reply = data;
  SoupMessageBody *body = soup_server_message_get_response_body (reply->msg);
  gboolean done = reply->gone || reply->body[reply->sent] == '\0';

  if (!reply->gone)
    {
      if (done)
        soup_message_body_complete (body);
      else
        soup_message_body_append (body, SOUP_MEMORY_COPY, reply->body + reply->sent++, 1);
      soup_server_message_unpause (reply->msg);
    }
  if (!done)
    return G_SOURCE_CONTINUE;
  reply->source = 0;
  reply->fake->in_flight--;
  g_ptr_array_remove_fast (reply->fake->pending, reply);
  reply_free (reply);
  return G_SOURCE_REMOVE;
}

static const char *
error_body (Wire        wire,
            guint       status,
            const char *kind)
{
  switch (wire)
    {
    case WIRE_OPENAI:
      if (g_str_equal (kind, "quota"))
        return "{\"error\": {\"message\": \"You exceeded your current quota, please check your plan and billing details.\", \"type\": \"insufficient_quota\", \"param\": null, \"code\": \"insufficient_quota\"}}";
      if (status == 429)
        return "{\"error\": {\"message\": \"Rate limit reached for requests\", \"type\": \"requests\", \"param\": null, \"code\": \"rate_limit_exceeded\"}}";
      if (status == 401)
        return "{\"error\": {\"message\": \"Incorrect API key provided.\", \"type\": \"invalid_request_error\", \"param\": null, \"code\": \"invalid_api_key\"}}";
      if (status == 400)
        return "{\"error\": {\"message\": \"Invalid schema for response_format.\", \"type\": \"invalid_request_error\", \"param\": \"response_format\", \"code\": null}}";
      return "{\"error\": {\"message\": \"The server had an error while processing your request.\", \"type\": \"server_error\", \"param\": null, \"code\": null}}";

    case WIRE_ANTHROPIC:
      if (g_str_equal (kind, "quota"))
        return "{\"type\": \"error\", \"error\": {\"type\": \"billing_error\", \"message\": \"Your credit balance is too low.\"}}";
      if (status == 429)
        return "{\"type\": \"error\", \"error\": {\"type\": \"rate_limit_error\", \"message\": \"Number of requests has exceeded your rate limit.\"}}";
      if (status == 529)
        return "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}";
      if (status == 401)
        return "{\"type\": \"error\", \"error\": {\"type\": \"authentication_error\", \"message\": \"invalid x-api-key\"}}";
      if (status == 400)
        return "{\"type\": \"error\", \"error\": {\"type\": \"invalid_request_error\", \"message\": \"output_config.format.schema: invalid\"}}";
      return "{\"type\": \"error\", \"error\": {\"type\": \"api_error\", \"message\": \"Internal server error\"}}";

    case WIRE_GEMINI:
      if (g_str_equal (kind, "quota"))
        return "{\"error\": {\"code\": 429, \"message\": \"Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 0\", \"status\": \"RESOURCE_EXHAUSTED\", \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.QuotaFailure\", \"violations\": [{\"quotaMetric\": \"generativelanguage.googleapis.com/generate_content_free_tier_requests\", \"quotaId\": \"GenerateRequestsPerDayPerProjectPerModel-FreeTier\"}]}]}}";
      if (status == 429)
        return "{\"error\": {\"code\": 429, \"message\": \"Resource has been exhausted (e.g. check quota).\", \"status\": \"RESOURCE_EXHAUSTED\", \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.RetryInfo\", \"retryDelay\": \"1s\"}]}}";
      if (status == 401 || status == 400)
        return "{\"error\": {\"code\": 400, \"message\": \"API key not valid. Please pass a valid API key.\", \"status\": \"INVALID_ARGUMENT\", \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.ErrorInfo\", \"reason\": \"API_KEY_INVALID\", \"domain\": \"googleapis.com\"}]}}";
      if (status == 503)
        return "{\"error\": {\"code\": 503, \"message\": \"The model is overloaded. Please try again later.\", \"status\": \"UNAVAILABLE\"}}";
      return "{\"error\": {\"code\": 500, \"message\": \"An internal error has occurred.\", \"status\": \"INTERNAL\"}}";

    default:
      g_assert_not_reached ();
    }
}

static char *
success_body (Wire        wire,
              const char *model,
              const char *text,
              const char *finish,
              guint       n_rows,
              gint64      reasoning)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  switch (wire)
    {
    case WIRE_OPENAI:
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, "chatcmpl-fake");
      json_builder_set_member_name (b, "object");
      json_builder_add_string_value (b, "chat.completion");
      json_builder_set_member_name (b, "model");
      json_builder_add_string_value (b, model);
      json_builder_set_member_name (b, "choices");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "index");
      json_builder_add_int_value (b, 0);
      json_builder_set_member_name (b, "message");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "role");
      json_builder_add_string_value (b, "assistant");
      json_builder_set_member_name (b, "content");
      if (g_str_equal (finish, "refusal"))
        json_builder_add_null_value (b);
      else
        json_builder_add_string_value (b, text);
      json_builder_set_member_name (b, "refusal");
      if (g_str_equal (finish, "refusal"))
        json_builder_add_string_value (b, "I'm sorry, I can't help with that request.");
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "finish_reason");
      json_builder_add_string_value (b, g_str_equal (finish, "refusal") ? "stop" : finish);
      json_builder_end_object (b);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "usage");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "prompt_tokens");
      json_builder_add_int_value (b, 500);
      json_builder_set_member_name (b, "completion_tokens");
      json_builder_add_int_value (b, 40 * n_rows + reasoning);
      json_builder_set_member_name (b, "total_tokens");
      json_builder_add_int_value (b, 500 + 40 * n_rows + reasoning);
      json_builder_set_member_name (b, "completion_tokens_details");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "reasoning_tokens");
      json_builder_add_int_value (b, reasoning);
      json_builder_end_object (b);
      json_builder_end_object (b);
      break;

    case WIRE_ANTHROPIC:
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, "msg_fake");
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, "message");
      json_builder_set_member_name (b, "role");
      json_builder_add_string_value (b, "assistant");
      json_builder_set_member_name (b, "model");
      json_builder_add_string_value (b, model);
      json_builder_set_member_name (b, "content");
      json_builder_begin_array (b);
      if (!g_str_equal (finish, "refusal"))
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "type");
          json_builder_add_string_value (b, "text");
          json_builder_set_member_name (b, "text");
          json_builder_add_string_value (b, text);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "stop_reason");
      json_builder_add_string_value (b, g_str_equal (finish, "length") ? "max_tokens" :
                                        g_str_equal (finish, "refusal") || g_str_equal (finish, "content_filter") ? "refusal" :
                                        "end_turn");
      json_builder_set_member_name (b, "usage");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "input_tokens");
      json_builder_add_int_value (b, 500);
      json_builder_set_member_name (b, "output_tokens");
      json_builder_add_int_value (b, 40 * n_rows);
      json_builder_end_object (b);
      break;

    case WIRE_GEMINI:
      if (g_str_equal (finish, "blocked-prompt"))
        {
          json_builder_set_member_name (b, "promptFeedback");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "blockReason");
          json_builder_add_string_value (b, "SAFETY");
          json_builder_end_object (b);
          break;
        }
      json_builder_set_member_name (b, "candidates");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      if (!g_str_equal (finish, "content_filter"))
        {
          json_builder_set_member_name (b, "content");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "role");
          json_builder_add_string_value (b, "model");
          json_builder_set_member_name (b, "parts");
          json_builder_begin_array (b);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "text");
          json_builder_add_string_value (b, text);
          json_builder_end_object (b);
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_set_member_name (b, "finishReason");
      json_builder_add_string_value (b, g_str_equal (finish, "length") ? "MAX_TOKENS" :
                                        g_str_equal (finish, "content_filter") ? "SAFETY" : "STOP");
      json_builder_end_object (b);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "usageMetadata");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "promptTokenCount");
      json_builder_add_int_value (b, 500);
      json_builder_set_member_name (b, "candidatesTokenCount");
      json_builder_add_int_value (b, text[0] != '\0' ? 40 * n_rows : 0);
      json_builder_set_member_name (b, "thoughtsTokenCount");
      json_builder_add_int_value (b, reasoning);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "modelVersion");
      json_builder_add_string_value (b, model);
      break;

    default:
      g_assert_not_reached ();
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static const char *
next_fault (FxFakeProvider *fake)
{
  if (fake->faults == NULL || fake->faults[fake->next_fault] == NULL)
    return "ok";
  return fake->faults[fake->next_fault++];
}

static void
list_models (FxFakeProvider    *fake,
             SoupServerMessage *msg,
             Wire               wire)
{
  const char *body = wire == WIRE_GEMINI
    ? "{\"models\": [{\"name\": \"models/fake-flash\", \"supportedGenerationMethods\": [\"generateContent\", \"countTokens\"]}, "
      "{\"name\": \"models/fake-embedding\", \"supportedGenerationMethods\": [\"embedContent\"]}]}"
    : "{\"object\": \"list\", \"data\": [{\"id\": \"fake-large\", \"object\": \"model\"}, {\"id\": \"fake-small\", \"object\": \"model\"}], \"has_more\": false}";

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static gboolean
list_models_later (gpointer data)
{
  Reply *reply = data;

  reply->source = 0;
  if (!reply->gone)
    {
      list_models (reply->fake, reply->msg, reply->wire);
      soup_server_message_unpause (reply->msg);
    }
  reply->fake->in_flight--;
  g_ptr_array_remove_fast (reply->fake->pending, reply);
  reply_free (reply);
  return G_SOURCE_REMOVE;
}

static gboolean
authorized (FxFakeProvider    *fake,
            SoupServerMessage *msg,
            Wire               wire)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  g_autofree char *bearer = NULL;
  const char *got;

  if (fake->api_key == NULL)
    return TRUE;
  switch (wire)
    {
    case WIRE_OPENAI:
      bearer = g_strdup_printf ("Bearer %s", fake->api_key);
      got = soup_message_headers_get_one (h, "Authorization");
      return g_strcmp0 (got, bearer) == 0;
    case WIRE_ANTHROPIC:
      return g_strcmp0 (soup_message_headers_get_one (h, "x-api-key"), fake->api_key) == 0;
    case WIRE_GEMINI:
      return g_strcmp0 (soup_message_headers_get_one (h, "x-goog-api-key"), fake->api_key) == 0;
    default:
      g_assert_not_reached ();
    }
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  FxFakeProvider *fake = data;
  const char *method = soup_server_message_get_method (msg);
  gint64 now = g_get_monotonic_time ();
  Wire wire;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) text_parser = json_parser_new ();
  g_autoptr(GBytes) bytes = NULL;
  JsonObject *body = NULL, *schema = NULL, *item;
  const char *model = "fake-large";
  const char *prompt = NULL;
  const char *system = NULL;
  g_autofree char *refusal = NULL;
  gboolean json_mode = FALSE;
  gint64 reasoning = 0;
  gint64 budget = G_MAXINT64;
  const char *fault;
  g_autofree char *text = NULL;
  Reply *reply;
  guint n = 3;

  if (g_str_equal (path, "/v1/chat/completions"))
    wire = WIRE_OPENAI;
  else if (g_str_equal (path, "/v1/messages"))
    wire = WIRE_ANTHROPIC;
  else if (g_str_has_prefix (path, "/v1beta/models"))
    wire = WIRE_GEMINI;
  else if (g_str_equal (path, "/v1/models"))
    wire = WIRE_OPENAI;
  else
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  if (!authorized (fake, msg, wire))
    {
      const char *e = error_body (wire, 401, "401");

      soup_server_message_set_status (msg, wire == WIRE_GEMINI ? 400 : 401, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, e, strlen (e));
      return;
    }

  if (g_str_equal (method, "GET"))
    {
      if (fake->models_delay_ms > 0)
        {
          Reply *later = g_new0 (Reply, 1);

          later->fake = fake;
          later->msg = g_object_ref (msg);
          later->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          later->wire = wire;
          soup_server_message_pause (msg);
          later->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (on_disconnected), later);
          fake->in_flight++;
          g_ptr_array_add (fake->pending, later);
          later->source = g_timeout_add (fake->models_delay_ms, list_models_later, later);
          return;
        }
      list_models (fake, msg, wire);
      return;
    }

  fake->n_requests++;
  g_array_append_val (fake->arrivals, now);

  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      note_problem (fake, "request %u: the body is not a JSON object", fake->n_requests);
      soup_server_message_set_status (msg, 400, NULL);
      return;
    }
  body = json_node_get_object (json_parser_get_root (parser));
  g_ptr_array_add (fake->bodies, g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)));

  /* what each wire format requires */
  switch (wire)
    {
    case WIRE_OPENAI:
      {
        JsonObject *rf = json_object_has_member (body, "response_format") ? json_object_get_object_member (body, "response_format") : NULL;
        JsonArray *messages = json_object_has_member (body, "messages") ? json_object_get_array_member (body, "messages") : NULL;

        model = json_object_get_string_member_with_default (body, "model", NULL);
        if (model == NULL || messages == NULL || json_array_get_length (messages) < 2)
          note_problem (fake, "openai: model or messages missing");
        if (rf != NULL && g_strcmp0 (json_object_get_string_member_with_default (rf, "type", ""), "json_object") == 0)
          json_mode = TRUE;
        else if (rf == NULL || g_strcmp0 (json_object_get_string_member_with_default (rf, "type", ""), "json_schema") != 0)
          note_problem (fake, "openai: response_format is not json_schema");
        else
          {
            JsonObject *js = json_object_get_object_member (rf, "json_schema");

            if (js == NULL || !json_object_get_boolean_member_with_default (js, "strict", FALSE))
              note_problem (fake, "openai: the schema is not strict");
            else
              {
                schema = json_object_get_object_member (js, "schema");
                check_strict (fake, json_object_get_member (js, "schema"), "openai");
              }
          }
        if (!json_object_has_member (body, "max_completion_tokens"))
          note_problem (fake, "openai: no max_completion_tokens");
        else
          budget = json_object_get_int_member (body, "max_completion_tokens");
        refusal = fx_fake_openai_refusal (body);
        reasoning = fx_fake_openai_reasoning (body);
        if (messages != NULL && json_array_get_length (messages) > 0)
          {
            JsonObject *m = json_array_get_object_element (messages, json_array_get_length (messages) - 1);

            prompt = json_object_get_string_member_with_default (m, "content", NULL);
          }
      }
      break;

    case WIRE_ANTHROPIC:
      {
        SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
        JsonObject *oc = json_object_has_member (body, "output_config") ? json_object_get_object_member (body, "output_config") : NULL;
        JsonObject *format = oc != NULL && json_object_has_member (oc, "format") ? json_object_get_object_member (oc, "format") : NULL;

        model = json_object_get_string_member_with_default (body, "model", NULL);
        if (soup_message_headers_get_one (h, "anthropic-version") == NULL)
          note_problem (fake, "anthropic: no anthropic-version header");
        if (model == NULL || !json_object_has_member (body, "max_tokens") || !json_object_has_member (body, "messages"))
          note_problem (fake, "anthropic: model, max_tokens or messages missing");
        system = json_object_get_string_member_with_default (body, "system", NULL);
        refusal = fx_fake_anthropic_refusal (body);
        if (format == NULL)
          {
            /* JSON in the text: the schema is in the system prompt, or there is none */
            schema = fx_fake_schema_in_text (text_parser, system);
            json_mode = schema == NULL;
          }
        else if (g_strcmp0 (json_object_get_string_member_with_default (format, "type", ""), "json_schema") != 0)
          note_problem (fake, "anthropic: output_config.format is not json_schema");
        else
          schema = json_object_get_object_member (format, "schema");
        {
          JsonArray *messages = json_object_get_array_member (body, "messages");

          if (messages != NULL && json_array_get_length (messages) > 0)
            {
              JsonObject *m = json_array_get_object_element (messages, 0);
              JsonNode *c = json_object_get_member (m, "content");

              if (c != NULL && JSON_NODE_HOLDS_VALUE (c))
                prompt = json_node_get_string (c);
              else if (c != NULL && JSON_NODE_HOLDS_ARRAY (c) && json_array_get_length (json_node_get_array (c)) > 0)
                prompt = json_object_get_string_member_with_default (
                  json_array_get_object_element (json_node_get_array (c), 0), "text", NULL);
            }
        }
      }
      break;

    case WIRE_GEMINI:
      {
        JsonObject *gc = json_object_has_member (body, "generationConfig") ? json_object_get_object_member (body, "generationConfig") : NULL;
        g_autofree char *m = NULL;
        const char *colon = strrchr (path, ':');

        if (colon == NULL || !g_str_equal (colon, ":generateContent"))
          note_problem (fake, "gemini: the path is not models/MODEL:generateContent");
        m = g_strndup (path + strlen ("/v1beta/models/"), colon != NULL ? (gsize) (colon - path) - strlen ("/v1beta/models/") : 0);
        model = g_intern_string (m);
        if (!json_object_has_member (body, "contents"))
          note_problem (fake, "gemini: no contents");
        if (gc == NULL || g_strcmp0 (json_object_get_string_member_with_default (gc, "responseMimeType", ""), "application/json") != 0)
          note_problem (fake, "gemini: responseMimeType is not application/json");
        else if (json_object_has_member (gc, "responseSchema") && json_object_has_member (gc, "responseJsonSchema"))
          note_problem (fake, "gemini: both responseSchema and responseJsonSchema");
        else
          {
            schema = json_object_has_member (gc, "responseJsonSchema") ? json_object_get_object_member (gc, "responseJsonSchema") : NULL;
            json_mode = schema == NULL && !json_object_has_member (gc, "responseSchema");
          }
        refusal = fx_fake_gemini_refusal (model, body);
        reasoning = fx_fake_gemini_thinking (model, body);
        if (gc != NULL && json_object_has_member (gc, "maxOutputTokens"))
          budget = json_object_get_int_member (gc, "maxOutputTokens");
        {
          JsonArray *contents = json_object_get_array_member (body, "contents");

          if (contents != NULL && json_array_get_length (contents) > 0)
            {
              JsonObject *c = json_array_get_object_element (contents, 0);
              JsonArray *parts = json_object_get_array_member (c, "parts");

              if (parts != NULL && json_array_get_length (parts) > 0)
                prompt = json_object_get_string_member_with_default (json_array_get_object_element (parts, 0), "text", NULL);
            }
        }
      }
      break;

    default:
      g_assert_not_reached ();
    }

  if (json_mode)
    {
      /* JSON mode (the naive strategy): rows like the prompt's examples */
      n = rows_from_prompt (prompt, n);
      text = fx_fake_rows_from_examples (prompt, n);
      item = NULL;
      if (text == NULL)
        note_problem (fake, "a request in JSON mode without example rows");
    }
  else
    {
      item = row_item (fake, schema, wire == WIRE_OPENAI ? "openai" : wire == WIRE_ANTHROPIC ? "anthropic" : "gemini", &n);
      if (schema != NULL && !json_object_has_member (json_object_get_object_member (json_object_get_object_member (schema, "properties"), "rows"), "maxItems"))
        n = rows_from_prompt (prompt, n);
    }
  fault = next_fault (fake);

  reply = g_new0 (Reply, 1);
  reply->fake = fake;
  reply->msg = g_object_ref (msg);
  reply->status = 200;
  reply->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (g_str_equal (fault, "reset"))
    {
      /* the connection goes away without an answer */
      GIOStream *stream = soup_server_message_steal_connection (msg);

      g_io_stream_close (stream, NULL, NULL);
      g_object_unref (stream);
      reply_free (reply);
      return;
    }

  if (refusal != NULL)
    {
      /* a documented limit, answered as the service answers it */
      reply->status = 400;
      reply->body = wire == WIRE_OPENAI ? fx_fake_openai_error (refusal, NULL, NULL)
                    : wire == WIRE_ANTHROPIC ? fx_fake_anthropic_error (refusal)
                    : fx_fake_gemini_error (refusal);
    }
  else if (item == NULL && text == NULL)
    {
      reply->status = 400;
      reply->body = g_strdup (error_body (wire, 400, "400"));
    }
  else if (g_str_equal (fault, "429") || g_str_equal (fault, "429ms"))
    {
      reply->status = 429;
      reply->body = g_strdup (error_body (wire, 429, fault));
      if (wire != WIRE_GEMINI)
        g_hash_table_insert (reply->headers, g_strdup (g_str_equal (fault, "429ms") ? "retry-after-ms" : "retry-after"),
                             g_strdup (g_str_equal (fault, "429ms") ? "300" : "1"));
    }
  else if (g_str_equal (fault, "quota"))
    {
      reply->status = wire == WIRE_ANTHROPIC ? 402 : 429;
      reply->body = g_strdup (error_body (wire, reply->status, "quota"));
    }
  else if (g_str_equal (fault, "500") || g_str_equal (fault, "503") || g_str_equal (fault, "529") ||
           g_str_equal (fault, "401") || g_str_equal (fault, "400"))
    {
      reply->status = (guint) g_ascii_strtoull (fault, NULL, 10);
      if (wire == WIRE_GEMINI && reply->status == 401)
        reply->status = 400;
      reply->body = g_strdup (error_body (wire, reply->status, fault));
    }
  else if (g_str_equal (fault, "garbage"))
    reply->body = g_strdup ("<html><body><h1>502 Bad Gateway</h1></body></html>");
  else if (g_str_equal (fault, "429long"))
    {
      reply->status = 429;
      reply->body = g_strdup (error_body (wire, 429, "429"));
      g_hash_table_insert (reply->headers, g_strdup ("retry-after"), g_strdup ("100000"));
    }
  else if (g_str_equal (fault, "redirect"))
    {
      /* to itself: a client that follows it goes round until it gives up */
      g_autofree char *self = g_uri_to_string (soup_server_message_get_uri (msg));

      reply->status = 307;
      reply->body = g_strdup ("<html><title>Moved</title></html>");
      g_hash_table_insert (reply->headers, g_strdup ("Location"), g_steal_pointer (&self));
    }
  else if (g_str_equal (fault, "huge") || g_str_equal (fault, "huge-chunked"))
    {
      /* 12 MiB of valid JSON: too much for any client that caps an answer */
      gsize size = 12 * 1024 * 1024;
      char *huge = g_malloc (size + 1);

      memcpy (huge, "{\"rows\": [], \"pad\": \"", 21);
      memset (huge + 21, 'x', size - 21 - 2);
      memcpy (huge + size - 2, "\"}", 2);
      huge[size] = '\0';
      reply->body = huge;
      reply->chunked = g_str_equal (fault, "huge-chunked");
    }
  else
    {
      const char *finish = "stop";
      guint rows = g_str_equal (fault, "short") ? MAX (n, 2) - 1 : n;

      g_autofree char *echo = NULL;

      if (g_str_equal (fault, "echo-key"))
        {
          SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);

          echo = g_strdup (soup_message_headers_get_one (h, wire == WIRE_OPENAI ? "Authorization"
                                                            : wire == WIRE_ANTHROPIC ? "x-api-key" : "x-goog-api-key"));
        }
      if (text == NULL)
        text = fx_fake_rows_text (&fake->serial, item, rows, g_str_equal (fault, "range"), echo);
      if (reasoning > 0 && reasoning + 40 * (gint64) rows > budget)
        {
          /* reasoning or thinking comes out of the output budget: what it leaves is
           * too little for the rows, or nothing at all */
          gint64 left = MAX (budget - reasoning, 0);

          text[MIN ((gsize) left, strlen (text))] = '\0';
          reasoning = MIN (reasoning, budget);
          finish = "length";
        }
      else if (g_str_equal (fault, "truncated"))
        {
          text[strlen (text) / 2] = '\0';
          finish = "length";
        }
      else if (g_str_equal (fault, "invalid"))
        {
          g_free (text);
          text = g_strdup ("Sure! Here are the rows you asked for: {rows: [oops");
        }
      else if (g_str_equal (fault, "refusal"))
        finish = "refusal";
      else if (g_str_equal (fault, "blocked"))
        finish = wire == WIRE_GEMINI && fake->n_requests % 2 ? "blocked-prompt" : "content_filter";
      reply->body = success_body (wire, model != NULL ? model : "fake", text, finish, rows, reasoning);
    }

  fake->in_flight++;
  fake->max_in_flight = MAX (fake->max_in_flight, fake->in_flight);
  if (g_str_equal (fault, "trickle"))
    {
      SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

      soup_server_message_set_status (msg, reply->status, NULL);
      soup_message_headers_set_encoding (h, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (h, "application/json", NULL);
      reply->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (on_disconnected), reply);
      g_ptr_array_add (fake->pending, reply);
      reply->source = g_timeout_add (TRICKLE_MS, trickle, reply);
      return;
    }
  if (fake->delay_ms > 0 || g_str_equal (fault, "slow"))
    {
      soup_server_message_pause (msg);
      reply->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (on_disconnected), reply);
      g_ptr_array_add (fake->pending, reply);
      reply->source = g_timeout_add (g_str_equal (fault, "slow") ? fake->slow_ms : fake->delay_ms, reply_later, reply);
      return;
    }
  reply_send (reply);
  fake->in_flight--;
  reply_free (reply);
}

FxFakeProvider *
fx_fake_provider_new (const char  *api_key,
                      GError     **error)
{
  FxFakeProvider *fake = g_new0 (FxFakeProvider, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;

  fake->api_key = g_strdup (api_key);
  fake->arrivals = g_array_new (FALSE, FALSE, sizeof (gint64));
  fake->pending = g_ptr_array_new ();
  fake->bodies = g_ptr_array_new_with_free_func (g_free);
  fake->slow_ms = 5000;
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, handle, fake, NULL);
  /* The socket is made and bound here, and its port read here, rather than by
   * soup_server_listen_local () and soup_server_get_uris (): libsoup 3.2's listener
   * keeps the address those look up and never frees it, a leak per server that the
   * sanitizer run would report. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);
  if (socket == NULL ||
      !g_socket_bind (socket, any_port, TRUE, error) ||
      !g_socket_listen (socket, error) ||
      (bound = g_socket_get_local_address (socket, error)) == NULL ||
      !soup_server_listen_socket (fake->server, socket, 0, error))
    {
      fx_fake_provider_free (fake);
      return NULL;
    }
  fake->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return fake;
}

void
fx_fake_provider_free (FxFakeProvider *fake)
{
  if (fake == NULL)
    return;
  /* answers still waiting go with the server */
  for (guint i = 0; i < fake->pending->len; i++)
    {
      Reply *reply = g_ptr_array_index (fake->pending, i);

      g_source_remove (reply->source);
      reply_free (reply);
    }
  g_ptr_array_unref (fake->pending);
  g_ptr_array_unref (fake->bodies);
  if (fake->server != NULL)
    {
      soup_server_disconnect (fake->server);
      g_object_unref (fake->server);
    }
  g_strfreev (fake->faults);
  g_array_unref (fake->arrivals);
  g_free (fake->api_key);
  g_free (fake->problem);
  g_free (fake);
}

char *
fx_fake_provider_get_base_url (FxFakeProvider *fake)
{
  return g_strdup_printf ("http://127.0.0.1:%u", fake->port);
}

void
fx_fake_provider_set_faults (FxFakeProvider *fake,
                             const char     *script)
{
  g_strfreev (fake->faults);
  fake->faults = script != NULL && script[0] ? g_strsplit (script, ",", -1) : NULL;
  fake->next_fault = 0;
}

void
fx_fake_provider_set_delay (FxFakeProvider *fake,
                            guint           delay_ms)
{
  fake->delay_ms = delay_ms;
}

void
fx_fake_provider_set_models_delay (FxFakeProvider *fake,
                                   guint           delay_ms)
{
  fake->models_delay_ms = delay_ms;
}

void
fx_fake_provider_set_slow (FxFakeProvider *fake,
                           guint           slow_ms)
{
  fake->slow_ms = slow_ms;
}

guint
fx_fake_provider_get_n_requests (FxFakeProvider *fake)
{
  return fake->n_requests;
}

GArray *
fx_fake_provider_get_arrivals (FxFakeProvider *fake)
{
  return fake->arrivals;
}

const char *
fx_fake_provider_get_problem (FxFakeProvider *fake)
{
  return fake->problem;
}

guint
fx_fake_provider_get_max_in_flight (FxFakeProvider *fake)
{
  return fake->max_in_flight;
}

GPtrArray *
fx_fake_provider_get_bodies (FxFakeProvider *fake)
{
  return fake->bodies;
}
