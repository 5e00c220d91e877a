/* fx-prices.c: what providers charge, from a dated table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fx-prices.h"
#include "fx-resources.h"

#define TABLE_RESOURCE "/io/github/facsimile/Facsimile/model-prices.json"

static const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static gboolean
member_number (JsonObject *o,
               const char *name,
               double     *out)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64))
    return FALSE;
  *out = json_node_get_double (node);
  return *out >= 0;
}

static JsonNode *
read_user_table (void)
{
  g_autofree char *path = fx_prices_user_path ();
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return json_from_string (text, NULL);
}

static JsonNode *
read_shipped_table (void)
{
  const char *path = g_getenv ("FACSIMILE_MODEL_PRICES");
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;

  if (path != NULL && path[0] != '\0' && g_file_get_contents (path, &text, NULL, NULL))
    return json_from_string (text, NULL);
  bytes = g_resource_lookup_data (fx_resources_get_resource (), TABLE_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  return bytes != NULL ? json_from_string (g_bytes_get_data (bytes, NULL), NULL) : NULL;
}

static FxPrice *
find_in (JsonNode   *root,
         const char *provider,
         const char *model,
         gboolean    user)
{
  JsonNode *prices;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (prices = json_object_get_member (json_node_get_object (root), "prices")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (prices))
    return NULL;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (prices)); i++)
    {
      JsonNode *e = json_array_get_element (json_node_get_array (prices), i);
      JsonObject *o;
      JsonNode *match;
      double input, output;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        continue;
      o = json_node_get_object (e);
      if (g_strcmp0 (member_string (o, "provider"), provider) != 0 ||
          !member_number (o, "input", &input) || !member_number (o, "output", &output) ||
          (match = json_object_get_member (o, "match")) == NULL || !JSON_NODE_HOLDS_ARRAY (match))
        continue;
      for (guint k = 0; k < json_array_get_length (json_node_get_array (match)); k++)
        {
          const char *pattern = json_array_get_string_element (json_node_get_array (match), k);
          FxPrice *price;

          if (pattern == NULL || !g_pattern_match_simple (pattern, model))
            continue;
          price = g_new0 (FxPrice, 1);
          price->provider = g_strdup (provider);
          price->match = g_strdup (pattern);
          price->input = input;
          price->output = output;
          price->currency = g_strdup (member_string (o, "currency") != NULL ? member_string (o, "currency") : "USD");
          price->source = g_strdup (member_string (o, "source"));
          price->date = g_strdup (member_string (o, "date"));
          price->user = user;
          return price;
        }
    }
  return NULL;
}

FxPrice *
fx_price_lookup (const char *provider,
                 const char *model)
{
  g_autoptr(JsonNode) user = NULL;
  g_autoptr(JsonNode) shipped = NULL;
  FxPrice *price;

  g_return_val_if_fail (provider != NULL, NULL);

  if (model == NULL)
    return NULL;
  /* read each time: the Providers pane may have changed the user's table */
  user = read_user_table ();
  if ((price = find_in (user, provider, model, TRUE)) != NULL)
    return price;
  shipped = read_shipped_table ();
  return find_in (shipped, provider, model, FALSE);
}

FxPrice *
fx_price_lookup_shipped (const char *provider,
                         const char *model)
{
  g_autoptr(JsonNode) shipped = NULL;

  g_return_val_if_fail (provider != NULL, NULL);

  if (model == NULL)
    return NULL;
  shipped = read_shipped_table ();
  return find_in (shipped, provider, model, FALSE);
}

void
fx_price_free (FxPrice *price)
{
  if (price == NULL)
    return;
  g_free (price->provider);
  g_free (price->match);
  g_free (price->currency);
  g_free (price->source);
  g_free (price->date);
  g_free (price);
}

double
fx_price_cost (const FxPrice *price,
               gint64         input,
               gint64         output)
{
  if (price == NULL)
    return 0;
  return (price->input * MAX (input, 0) + price->output * MAX (output, 0)) / 1e6;
}

char *
fx_price_describe (const FxPrice *price)
{
  return g_strdup_printf (_("%s %.2f in / %.2f out per million tokens (%s, %s%s)"), price->currency,
                          price->input, price->output, price->source != NULL ? price->source : _("no source"),
                          price->date != NULL ? price->date : _("undated"),
                          price->user ? _(", the user's own") : "");
}

char *
fx_prices_user_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "facsimile", "model-prices.json", NULL);
}

/* The user's table written again, whole or not at all: without its entry for exactly
 * @provider and @model, and with @price (nullable: none) first, since the first match
 * wins. */
static gboolean
write_user (const char     *provider,
            const char     *model,
            const FxPrice  *price,
            GError        **error)
{
  g_autofree char *path = fx_prices_user_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(JsonNode) root = read_user_table ();
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) out = NULL;
  g_autofree char *text = NULL;
  JsonArray *prices = NULL;

  g_return_val_if_fail (provider != NULL && model != NULL, FALSE);

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
      json_object_has_member (json_node_get_object (root), "prices") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "prices")))
    prices = json_object_get_array_member (json_node_get_object (root), "prices");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "prices");
  json_builder_begin_array (b);
  if (price != NULL)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "provider");
      json_builder_add_string_value (b, provider);
      json_builder_set_member_name (b, "match");
      json_builder_begin_array (b);
      json_builder_add_string_value (b, model);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "input");
      json_builder_add_double_value (b, price->input);
      json_builder_set_member_name (b, "output");
      json_builder_add_double_value (b, price->output);
      json_builder_set_member_name (b, "currency");
      json_builder_add_string_value (b, price->currency);
      json_builder_set_member_name (b, "source");
      json_builder_add_string_value (b, price->source);
      json_builder_set_member_name (b, "date");
      json_builder_add_string_value (b, price->date);
      json_builder_end_object (b);
    }
  for (guint i = 0; prices != NULL && i < json_array_get_length (prices); i++)
    {
      JsonNode *e = json_array_get_element (prices, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (e) ? json_node_get_object (e) : NULL;
      JsonArray *match = o != NULL && json_object_has_member (o, "match") ? json_object_get_array_member (o, "match") : NULL;

      /* the same provider and model set again replaces the old price */
      if (o != NULL && g_strcmp0 (member_string (o, "provider"), provider) == 0 && match != NULL &&
          json_array_get_length (match) == 1 && g_strcmp0 (json_array_get_string_element (match, 0), model) == 0)
        continue;
      json_builder_add_value (b, json_node_copy (e));
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  out = json_builder_get_root (b);
  text = json_to_string (out, TRUE);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), _("cannot make the folder %s"), dir);
      return FALSE;
    }
  return g_file_set_contents (path, text, -1, error);
}

/* A date as the table writes them: YYYY-MM-DD, a real day. */
static gboolean
valid_date (const char *date)
{
  int y, m, d;
  char end;

  if (date == NULL || strlen (date) != 10 || sscanf (date, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;
  return TRUE;
}

gboolean
fx_prices_set_user (const char  *provider,
                    const char  *model,
                    double       input,
                    double       output,
                    const char  *currency,
                    const char  *source,
                    const char  *date,
                    GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  FxPrice price = { 0 };

  g_return_val_if_fail (provider != NULL && model != NULL, FALSE);

  if (!(input >= 0) || !(output >= 0) || isinf (input) || isinf (output))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("a price is an amount of 0 or more per million tokens"));
      return FALSE;
    }
  if (currency != NULL && (strlen (currency) != 3 || !g_ascii_isupper (currency[0]) ||
                           !g_ascii_isupper (currency[1]) || !g_ascii_isupper (currency[2])))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("the currency is a three-letter code such as USD or EUR, not “%s”"), currency);
      return FALSE;
    }
  if (date != NULL && !valid_date (date))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("the date is a day written YYYY-MM-DD, not “%s”"), date);
      return FALSE;
    }
  price.input = input;
  price.output = output;
  price.currency = (char *) (currency != NULL ? currency : "USD");
  price.source = (char *) source;
  price.date = (char *) (date != NULL ? date : today);
  return write_user (provider, model, &price, error);
}

gboolean
fx_prices_unset_user (const char  *provider,
                      const char  *model,
                      GError     **error)
{
  g_autofree char *path = fx_prices_user_path ();

  g_return_val_if_fail (provider != NULL && model != NULL, FALSE);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  return write_user (provider, model, NULL, error);
}
