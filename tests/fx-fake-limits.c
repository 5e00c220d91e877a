/* fx-fake-limits.c: the documented limits the fake provider enforces
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fx-fake-limits.h"

static JsonObject *
object_member (JsonObject *o,
               const char *name)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, name) : NULL;

  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static gboolean
number_member (JsonObject *o,
               const char *name,
               double     *value)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, name) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) == G_TYPE_STRING)
    return FALSE;
  *value = json_node_get_double (n);
  return TRUE;
}

/* Calls @visit on every object of a schema that has "properties". */
typedef void (*Visit) (JsonObject *schema,
                       gpointer    data);

static void
walk (JsonNode *node,
      Visit     visit,
      gpointer  data)
{
  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        walk (json_array_get_element (a, i), visit, data);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      g_autoptr(GList) names = json_object_get_members (o);

      visit (o, data);
      for (GList *l = names; l != NULL; l = l->next)
        walk (json_object_get_member (o, l->data), visit, data);
    }
}

typedef struct
{
  guint        unions;
  guint        optional;
  const char  *bound;    /* the first bound keyword seen */
  gboolean     enum_null;
} Counts;

static void
count (JsonObject *o,
       gpointer    data)
{
  static const char *const bounds[] = { "minimum", "maximum", "minItems", "maxItems", NULL };
  Counts *c = data;
  JsonNode *properties = json_object_get_member (o, "properties");
  JsonNode *required = json_object_get_member (o, "required");
  JsonNode *values = json_object_get_member (o, "enum");

  /* keywords, not property names: only in a schema object, next to "type" or alone */
  if (properties == NULL || !JSON_NODE_HOLDS_OBJECT (properties) || json_object_has_member (o, "type"))
    for (guint i = 0; bounds[i] != NULL && c->bound == NULL; i++)
      if (json_object_has_member (o, bounds[i]))
        {
          JsonNode *v = json_object_get_member (o, bounds[i]);

          if (JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) != G_TYPE_STRING)
            c->bound = bounds[i];
        }
  if (values != NULL && JSON_NODE_HOLDS_ARRAY (values))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (values)); i++)
      if (JSON_NODE_HOLDS_NULL (json_array_get_element (json_node_get_array (values), i)))
        c->enum_null = TRUE;

  if (properties == NULL || !JSON_NODE_HOLDS_OBJECT (properties))
    return;
  {
    JsonObject *props = json_node_get_object (properties);
    g_autoptr(GList) names = json_object_get_members (props);

    for (GList *l = names; l != NULL; l = l->next)
      {
        JsonNode *p = json_object_get_member (props, l->data);
        JsonObject *po = JSON_NODE_HOLDS_OBJECT (p) ? json_node_get_object (p) : NULL;
        JsonNode *type = po != NULL ? json_object_get_member (po, "type") : NULL;
        gboolean listed = FALSE;

        if ((type != NULL && JSON_NODE_HOLDS_ARRAY (type)) || (po != NULL && json_object_has_member (po, "anyOf")))
          c->unions++;
        if (required != NULL && JSON_NODE_HOLDS_ARRAY (required))
          for (guint i = 0; i < json_array_get_length (json_node_get_array (required)); i++)
            listed |= g_strcmp0 (json_array_get_string_element (json_node_get_array (required), i), l->data) == 0;
        if (!listed)
          c->optional++;
      }
  }
}

/* ---- Anthropic ------------------------------------------------------------------- */

/* The families with structured outputs: Opus, Sonnet and Haiku 4.5. */
static gboolean
anthropic_structured (const char *model)
{
  return g_str_has_prefix (model, "claude-opus-4-5") || g_str_has_prefix (model, "claude-sonnet-4-5")
         || g_str_has_prefix (model, "claude-haiku-4-5");
}

static gint64
anthropic_max_output (const char *model)
{
  if (anthropic_structured (model) || g_str_has_prefix (model, "claude-sonnet-4") || g_str_has_prefix (model, "claude-3-7"))
    return 64000;
  if (g_str_has_prefix (model, "claude-opus-4"))
    return 32000;
  if (g_str_has_prefix (model, "claude-3-5"))
    return 8192;
  return 4096;
}

char *
fx_fake_anthropic_refusal (JsonObject *body)
{
  const char *model = json_object_get_string_member_with_default (body, "model", "");
  JsonObject *format = object_member (object_member (body, "output_config"), "format");
  double temperature, max_tokens;

  if (number_member (body, "temperature", &temperature) && (temperature < 0 || temperature > 1))
    return g_strdup ("temperature: range: 0..1");
  if (number_member (body, "max_tokens", &max_tokens) && max_tokens > anthropic_max_output (model))
    return g_strdup_printf ("max_tokens: %.0f > %" G_GINT64_FORMAT ", which is the maximum allowed number of "
                            "output tokens for %s", max_tokens, anthropic_max_output (model), model);
  if (format != NULL)
    {
      Counts c = { 0 };

      if (!anthropic_structured (model))
        return g_strdup_printf ("'%s' does not support output_config.format", model);
      walk (json_object_get_member (format, "schema"), count, &c);
      if (c.unions > 16)
        return g_strdup_printf ("Schemas contains too many parameters with union types (%u parameters with type "
                                "arrays or anyOf). This exceeds the limit: 16", c.unions);
      if (c.optional > 24)
        return g_strdup_printf ("Schemas contains too many optional parameters (%u). This exceeds the limit: 24",
                                c.optional);
      if (c.bound != NULL)
        return g_strdup_printf ("output_config.format.schema: For 'number' type, property '%s' is not supported",
                                c.bound);
    }
  return NULL;
}

/* ---- OpenAI ---------------------------------------------------------------------- */

static gboolean
openai_reasoning (const char *model)
{
  if (g_str_has_prefix (model, "ft:"))
    model += strlen ("ft:");
  if (g_str_has_prefix (model, "gpt-5") && strstr (model, "-chat") != NULL)
    return FALSE;
  return g_str_has_prefix (model, "o1") || g_str_has_prefix (model, "o3") || g_str_has_prefix (model, "o4")
         || g_str_has_prefix (model, "gpt-5");
}

static gboolean
mentions_json (JsonObject *body)
{
  JsonNode *messages = json_object_get_member (body, "messages");

  if (messages == NULL || !JSON_NODE_HOLDS_ARRAY (messages))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (messages)); i++)
    {
      JsonObject *m = json_array_get_object_element (json_node_get_array (messages), i);
      g_autofree char *text = g_ascii_strdown (json_object_get_string_member_with_default (m, "content", ""), -1);

      if (strstr (text, "json") != NULL)
        return TRUE;
    }
  return FALSE;
}

char *
fx_fake_openai_refusal (JsonObject *body)
{
  const char *model = json_object_get_string_member_with_default (body, "model", "");
  JsonObject *format = object_member (body, "response_format");
  JsonObject *js = object_member (format, "json_schema");
  double temperature;

  if (openai_reasoning (model) && number_member (body, "temperature", &temperature) && temperature != 1)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup_printf ("Unsupported value: 'temperature' does not support %s with this model. "
                              "Only the default (1) value is supported.",
                              g_ascii_formatd (buf, sizeof buf, "%g", temperature));
    }
  if (!openai_reasoning (model) && json_object_has_member (body, "reasoning_effort"))
    return g_strdup ("Unrecognized request argument supplied: reasoning_effort");
  if (format != NULL && g_strcmp0 (json_object_get_string_member_with_default (format, "type", ""), "json_object") == 0
      && !mentions_json (body))
    return g_strdup ("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.");
  if (js != NULL && g_str_has_prefix (model, "ft:"))
    {
      Counts c = { 0 };

      walk (json_object_get_member (js, "schema"), count, &c);
      if (c.bound != NULL)
        return g_strdup_printf ("Invalid schema for response_format 'patient_rows': '%s' is not permitted "
                                "for fine-tuned models.", c.bound);
    }
  return NULL;
}

gint64
fx_fake_openai_reasoning (JsonObject *body)
{
  const char *model = json_object_get_string_member_with_default (body, "model", "");
  const char *effort = json_object_get_string_member_with_default (body, "reasoning_effort", "medium");

  if (!openai_reasoning (model))
    return 0;
  if (g_str_equal (effort, "minimal"))
    return 256;
  if (g_str_equal (effort, "low"))
    return 1024;
  if (g_str_equal (effort, "high"))
    return 32768;
  return 8192;
}

/* ---- Gemini ---------------------------------------------------------------------- */

/* The thinkingBudget range of a 2.5 model; FALSE for other models. */
static gboolean
thinking_range (const char *model,
                gint64     *lo,
                gint64     *hi,
                gboolean   *off)
{
  if (g_str_has_prefix (model, "gemini-2.5-pro"))
    *lo = 128, *hi = 32768, *off = FALSE;
  else if (g_str_has_prefix (model, "gemini-2.5-flash-lite"))
    *lo = 512, *hi = 24576, *off = TRUE;
  else if (g_str_has_prefix (model, "gemini-2.5-flash"))
    *lo = 0, *hi = 24576, *off = TRUE;
  else
    return FALSE;
  return TRUE;
}

char *
fx_fake_gemini_refusal (const char *model,
                        JsonObject *body)
{
  JsonObject *config = object_member (body, "generationConfig");
  JsonObject *thinking = object_member (config, "thinkingConfig");
  JsonNode *schema = config != NULL ? json_object_get_member (config, "responseJsonSchema") : NULL;
  double budget, temperature;
  gint64 lo, hi;
  gboolean off;
  Counts c = { 0 };

  walk (schema, count, &c);
  if (c.enum_null)
    return g_strdup ("Invalid JSON payload received. Unknown name \"enum\": "
                     "enum values must be strings or numbers, not null.");
  if (number_member (config, "temperature", &temperature) && (temperature < 0 || temperature > 2))
    return g_strdup ("Unable to submit request because it has a temperature value outside the supported range 0..2.");
  if (number_member (thinking, "thinkingBudget", &budget) && budget != -1)
    {
      if (!thinking_range (model, &lo, &hi, &off))
        return g_strdup ("Thinking budget is not supported for this model.");
      if (!(budget == 0 && off) && (budget < lo || budget > hi))
        return g_strdup_printf ("The thinking budget %.0f is invalid. Please choose a value between %" G_GINT64_FORMAT
                                " and %" G_GINT64_FORMAT ".", budget, lo, hi);
    }
  return NULL;
}

gint64
fx_fake_gemini_thinking (const char *model,
                         JsonObject *body)
{
  JsonObject *config = object_member (body, "generationConfig");
  double budget, max_output = 8192;
  gint64 lo, hi;
  gboolean off;

  if (!thinking_range (model, &lo, &hi, &off))
    return 0;
  number_member (config, "maxOutputTokens", &max_output);
  if (number_member (object_member (config, "thinkingConfig"), "thinkingBudget", &budget) && budget >= 0)
    return (gint64) MIN (budget, max_output);
  /* dynamic thinking on a long task runs through whatever maxOutputTokens allows */
  return (gint64) max_output;
}

/* ---- error bodies -------------------------------------------------------------- */

static char *
to_text (JsonBuilder *b)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);

  return json_to_string (root, FALSE);
}

char *
fx_fake_openai_error (const char *message,
                      const char *param,
                      const char *code)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "invalid_request_error");
  json_builder_set_member_name (b, "param");
  if (param != NULL)
    json_builder_add_string_value (b, param);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "code");
  if (code != NULL)
    json_builder_add_string_value (b, code);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return to_text (b);
}

char *
fx_fake_anthropic_error (const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "error");
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "invalid_request_error");
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return to_text (b);
}

char *
fx_fake_gemini_error (const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_int_value (b, 400);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, "INVALID_ARGUMENT");
  json_builder_end_object (b);
  json_builder_end_object (b);
  return to_text (b);
}
