/* fx-capabilities.c: what each model family accepts, from the dated table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fx-capabilities.h"
#include "fx-resources.h"

#define TABLE_RESOURCE "/io/github/facsimile/Facsimile/model-capabilities.json"

typedef struct
{
  FxModelCapabilities   caps;
  char                **match;
} Entry;

typedef struct
{
  JsonNode *root;     /* owns the strings the entries point to */
  GArray   *entries;  /* (element-type Entry) */
  char     *checked;
} Table;

G_DEFINE_QUARK (fx-capabilities-error-quark, fx_capabilities_error)

static double
member_double (JsonObject *o,
               const char *name,
               double      fallback)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) != G_TYPE_STRING
         ? json_node_get_double (node) : fallback;
}

static gboolean
member_boolean (JsonObject *o,
                const char *name,
                gboolean    fallback)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN
         ? json_node_get_boolean (node) : fallback;
}

static const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static JsonObject *
member_object (JsonObject *o,
               const char *name)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
read_entry (JsonObject *o,
            Entry      *e)
{
  JsonNode *match = json_object_get_member (o, "match");
  JsonObject *temperature = member_object (o, "temperature");
  JsonObject *reasoning = member_object (o, "reasoning");
  const char *control = member_string (reasoning, "control");
  GStrvBuilder *patterns = g_strv_builder_new ();

  if (match != NULL && JSON_NODE_HOLDS_ARRAY (match))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (match)); i++)
      {
        JsonNode *p = json_array_get_element (json_node_get_array (match), i);

        if (JSON_NODE_HOLDS_VALUE (p) && json_node_get_value_type (p) == G_TYPE_STRING)
          g_strv_builder_add (patterns, json_node_get_string (p));
      }
  e->match = g_strv_builder_end (patterns);
  g_strv_builder_unref (patterns);

  e->caps.provider = member_string (o, "provider");
  e->caps.family = member_string (o, "family");
  e->caps.source = member_string (o, "source");
  e->caps.structured_output = member_boolean (o, "structured_output", FALSE);
  e->caps.max_union_parameters = (guint) member_double (o, "max_union_parameters", 0);
  e->caps.max_optional_parameters = (guint) member_double (o, "max_optional_parameters", 0);
  e->caps.schema_bounds = member_boolean (o, "schema_bounds", FALSE);
  e->caps.enum_null = member_boolean (o, "enum_null", TRUE);
  e->caps.has_temperature = temperature != NULL;
  e->caps.temperature_min = member_double (temperature, "min", 0);
  e->caps.temperature_max = member_double (temperature, "max", 0);
  e->caps.max_output_tokens = (guint) member_double (o, "max_output_tokens", 4096);
  e->caps.reasoning = FX_REASONING_NONE;
  if (g_strcmp0 (control, "reasoning_effort") == 0)
    e->caps.reasoning = FX_REASONING_EFFORT;
  else if (g_strcmp0 (control, "thinking_budget") == 0)
    e->caps.reasoning = FX_REASONING_THINKING_BUDGET;
  else if (reasoning != NULL)
    e->caps.reasoning = FX_REASONING_UNBOUNDED;
  e->caps.reasoning_effort = member_string (reasoning, "effort");
  e->caps.thinking_min = (gint) member_double (reasoning, "min", 0);
  e->caps.thinking_max = (gint) member_double (reasoning, "max", 0);
  e->caps.thinking_off = member_boolean (reasoning, "off", e->caps.thinking_min == 0);
  e->caps.thinking_budget = (gint) member_double (reasoning, "budget", 0);
  e->caps.reasoning_headroom = (guint) member_double (reasoning, "headroom", 0);
}

/* The table compiled into the program, or the file FACSIMILE_MODEL_CAPABILITIES names
 * (a newer table, without rebuilding). */
static Table *
load_table (void)
{
  Table *table = g_new0 (Table, 1);
  const char *path = g_getenv ("FACSIMILE_MODEL_CAPABILITIES");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonNode *models;

  table->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  if (path != NULL && path[0] != '\0')
    {
      char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (path, &contents, &length, &error))
        bytes = g_bytes_new_take (contents, length);
      else
        g_warning ("FACSIMILE_MODEL_CAPABILITIES: %s", error->message);
    }
  if (bytes == NULL)
    bytes = g_resource_lookup_data (fx_resources_get_resource (), TABLE_RESOURCE,
                                    G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_return_val_if_fail (bytes != NULL, table);

  table->root = json_from_string (g_bytes_get_data (bytes, NULL), &error);
  if (table->root == NULL || !JSON_NODE_HOLDS_OBJECT (table->root))
    {
      g_warning ("the model capability table cannot be read: %s",
                 error != NULL ? error->message : "not a JSON object");
      return table;
    }
  root = json_node_get_object (table->root);
  table->checked = g_strdup (member_string (root, "checked"));
  models = json_object_get_member (root, "models");
  if (models == NULL || !JSON_NODE_HOLDS_ARRAY (models))
    return table;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (models)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (models), i);
      Entry e = { 0 };

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      read_entry (json_node_get_object (element), &e);
      if (e.caps.provider != NULL)
        g_array_append_val (table->entries, e);
      else
        g_strfreev (e.match);
    }
  return table;
}

static Table *
get_table (void)
{
  static Table *table;

  /* read once; it lives as long as the program */
  if (g_once_init_enter (&table))
    g_once_init_leave (&table, load_table ());
  return table;
}

const char *
fx_model_capabilities_checked (void)
{
  return get_table ()->checked;
}

const FxModelCapabilities *
fx_model_capabilities_lookup (const char *provider,
                              const char *model)
{
  Table *table = get_table ();
  const char *name = model != NULL ? model : "";

  g_return_val_if_fail (provider != NULL, NULL);

  /* Gemini's list gives "models/NAME" */
  if (g_str_has_prefix (name, "models/"))
    name += strlen ("models/");
  for (guint i = 0; i < table->entries->len; i++)
    {
      Entry *e = &g_array_index (table->entries, Entry, i);

      if (g_strcmp0 (e->caps.provider, provider) != 0)
        continue;
      for (guint k = 0; e->match[k] != NULL; k++)
        if (g_pattern_match_simple (e->match[k], name))
          return &e->caps;
    }
  return NULL;
}

char *
fx_model_capabilities_describe (const FxModelCapabilities *caps)
{
  GString *out = g_string_new (NULL);
  char low[G_ASCII_DTOSTR_BUF_SIZE], high[G_ASCII_DTOSTR_BUF_SIZE];

  if (caps == NULL)
    return g_string_free (out, FALSE);
  g_string_append_printf (out, "%s: ", caps->family);
  if (!caps->structured_output)
    g_string_append (out, _("rows asked for as JSON in the text, checked here"));
  else if (caps->max_union_parameters > 0)
    g_string_append_printf (out, _("structured outputs for at most %u nullable and %u optional columns, "
                                   "otherwise JSON in the text"),
                            caps->max_union_parameters, caps->max_optional_parameters);
  else
    g_string_append (out, _("structured outputs"));
  if (caps->has_temperature)
    g_string_append_printf (out, _("; temperature %s to %s"),
                            g_ascii_formatd (low, sizeof low, "%g", caps->temperature_min),
                            g_ascii_formatd (high, sizeof high, "%g", caps->temperature_max));
  else
    g_string_append (out, _("; no temperature (only the default)"));
  if (caps->reasoning == FX_REASONING_EFFORT)
    g_string_append_printf (out, _("; reasoning effort %s, %u tokens of room for it"),
                            caps->reasoning_effort, caps->reasoning_headroom);
  else if (caps->reasoning == FX_REASONING_THINKING_BUDGET)
    g_string_append_printf (out, _("; thinking budget %d (%d to %d)"), caps->thinking_budget,
                            caps->thinking_min, caps->thinking_max);
  else if (caps->reasoning == FX_REASONING_UNBOUNDED)
    g_string_append_printf (out, _("; %u tokens of room for thinking"), caps->reasoning_headroom);
  g_string_append_printf (out, _("; at most %u output tokens (table of %s)"), caps->max_output_tokens,
                          fx_model_capabilities_checked ());
  return g_string_free (out, FALSE);
}

guint
fx_model_capabilities_output_budget (const FxModelCapabilities *caps,
                                     guint                      batch_rows,
                                     guint                      n_columns)
{
  /* about 16 tokens a cell with its name, and room for the JSON around the rows */
  guint64 answer = (guint64) batch_rows * n_columns * 16 + 2048;
  guint64 limit = caps != NULL && caps->max_output_tokens > 0 ? caps->max_output_tokens : 64000;
  guint64 total = MAX (answer, 4096) + (caps != NULL ? caps->reasoning_headroom : 0);

  return (guint) MIN (total, limit);
}

gboolean
fx_model_capabilities_raise_budget (const char       *provider,
                                    FxProviderConfig *config)
{
  const FxModelCapabilities *caps = fx_model_capabilities_lookup (provider, config->model);
  guint limit = caps != NULL && caps->max_output_tokens > 0 ? caps->max_output_tokens : 64000;

  if (config->max_output_tokens >= limit)
    return FALSE;
  config->max_output_tokens = (guint) MIN ((guint64) MAX (config->max_output_tokens, 2048) * 2, limit);
  return TRUE;
}

gboolean
fx_model_capabilities_check_config (const FxModelCapabilities *caps,
                                    const FxProviderConfig    *config,
                                    GPtrArray                 *notes,
                                    GError                   **error)
{
  char low[G_ASCII_DTOSTR_BUF_SIZE], high[G_ASCII_DTOSTR_BUF_SIZE], value[G_ASCII_DTOSTR_BUF_SIZE];

  if (caps == NULL)
    return TRUE;

  if (!isnan (config->temperature) && caps->has_temperature
      && (config->temperature < caps->temperature_min || config->temperature > caps->temperature_max))
    {
      g_set_error (error, FX_CAPABILITIES_ERROR, FX_CAPABILITIES_ERROR_OUT_OF_RANGE,
                   _("temperature %s is out of range for %s (%s): it must be %s to %s"),
                   g_ascii_formatd (value, sizeof value, "%g", config->temperature),
                   config->model, caps->family,
                   g_ascii_formatd (low, sizeof low, "%g", caps->temperature_min),
                   g_ascii_formatd (high, sizeof high, "%g", caps->temperature_max));
      return FALSE;
    }
  if (!isnan (config->temperature) && !caps->has_temperature && notes != NULL)
    g_ptr_array_add (notes, g_strdup_printf (_("temperature %s is not sent: %s (%s) takes only its default"),
                                             g_ascii_formatd (value, sizeof value, "%g", config->temperature),
                                             config->model, caps->family));
  if (config->max_output_tokens > caps->max_output_tokens && notes != NULL)
    g_ptr_array_add (notes, g_strdup_printf (_("the output budget is %u tokens, the most %s writes, not %u"),
                                             caps->max_output_tokens, config->model, config->max_output_tokens));
  if (config->seed >= 0 && notes != NULL && g_str_equal (caps->provider, "anthropic"))
    g_ptr_array_add (notes, g_strdup_printf (_("the seed is not sent: the Anthropic API has none (it still draws the examples)")));
  return TRUE;
}

/* ---- schema rewrites ------------------------------------------------------------- */

/* The number of a bound as people write it: 18, 0.1, 20. */
static char *
number_text (JsonNode *node)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", json_node_get_double (node)));
  return NULL;
}

/* Removes @name from @schema and returns its value as text, or NULL when absent. */
static char *
take_number (JsonObject *schema,
             const char *name)
{
  JsonNode *node = json_object_get_member (schema, name);
  char *text;

  if (node == NULL)
    return NULL;
  text = number_text (node);
  json_object_remove_member (schema, name);
  return text;
}

/* "between A and B UNITS", "at least A UNIT(S)", "at most B UNIT(S)", or NULL. */
static char *
range_text (const char *low,
            const char *high,
            const char *unit,
            const char *units)
{
  const char *space = units[0] != '\0' ? " " : "";

  if (low != NULL && high != NULL && g_str_equal (low, high))
    return g_strdup_printf ("exactly %s%s%s", low, space, g_str_equal (low, "1") ? unit : units);
  if (low != NULL && high != NULL)
    return g_strdup_printf ("between %s and %s%s%s", low, high, space, units);
  if (low != NULL)
    return g_strdup_printf ("at least %s%s%s", low, space, g_str_equal (low, "1") ? unit : units);
  if (high != NULL)
    return g_strdup_printf ("at most %s%s%s", high, space, g_str_equal (high, "1") ? unit : units);
  return NULL;
}

void
fx_json_schema_bounds_to_description (JsonObject *schema,
                                      gpointer    user_data)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *minimum = take_number (schema, "minimum");
  g_autofree char *maximum = take_number (schema, "maximum");
  g_autofree char *above = take_number (schema, "exclusiveMinimum");
  g_autofree char *below = take_number (schema, "exclusiveMaximum");
  g_autofree char *multiple = take_number (schema, "multipleOf");
  g_autofree char *min_items = take_number (schema, "minItems");
  g_autofree char *max_items = take_number (schema, "maxItems");
  g_autofree char *min_length = take_number (schema, "minLength");
  g_autofree char *max_length = take_number (schema, "maxLength");
  const char *description;
  char *note;

  if ((note = range_text (minimum, maximum, "", "")) != NULL)
    g_ptr_array_add (notes, note);
  if (above != NULL)
    g_ptr_array_add (notes, g_strdup_printf ("greater than %s", above));
  if (below != NULL)
    g_ptr_array_add (notes, g_strdup_printf ("less than %s", below));
  if (multiple != NULL)
    g_ptr_array_add (notes, g_strdup_printf ("a multiple of %s", multiple));
  if ((note = range_text (min_items, max_items, "item", "items")) != NULL)
    g_ptr_array_add (notes, note);
  if ((note = range_text (min_length, max_length, "character", "characters")) != NULL)
    g_ptr_array_add (notes, note);
  if (notes->len == 0)
    return;

  g_ptr_array_add (notes, NULL);
  {
    g_autofree char *joined = g_strjoinv ("; ", (char **) notes->pdata);

    description = fx_json_string (schema, "description");
    if (description != NULL && description[0] != '\0')
      {
        g_autofree char *text = g_strdup_printf ("%s; %s", description, joined);

        json_object_set_string_member (schema, "description", text);
      }
    else
      {
        /* Capitalised: it is the whole description. */
        joined[0] = g_ascii_toupper (joined[0]);
        json_object_set_string_member (schema, "description", joined);
      }
  }
}
