/* fx-run-rows.c: rows in and out of a run: each answered row checked against the
 * schema, and a run's accepted rows read back as a table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fx-csv.h"
#include "fx-json-writer.h"
#include "fx-rules.h"
#include "fx-rows.h"
#include "fx-run.h"

/* Every message of @violations, joined by "; ", or NULL when there is none. */
static char *
join_violations (GPtrArray *violations)
{
  GString *reason;

  if (violations->len == 0)
    return NULL;
  reason = g_string_new (NULL);
  for (guint k = 0; k < violations->len; k++)
    {
      FxViolation *v = g_ptr_array_index (violations, k);

      if (k > 0)
        g_string_append (reason, "; ");
      g_string_append (reason, v->message);
    }
  return g_string_free (reason, FALSE);
}

/* The schema's rules, compiled for one batch of rows (a batch is checked on one
 * thread, and compiling a few expressions costs far less than a model's answer).
 * When they cannot be compiled, @error_reason says why and every row is rejected
 * with it. */
static FxRules *
batch_rules (const FxSchema  *schema,
             char           **error_reason)
{
  g_autoptr(GError) error = NULL;
  FxRules *rules;

  if (schema->rules->len == 0)
    return NULL;
  rules = fx_rules_new_for_schema (schema, &error);
  if (rules == NULL)
    *error_reason = g_strdup (error->message);
  return rules;
}

/* A row that keeps the schema is still rejected when it breaks a rule, with the
 * rule's name as the reason. */
static void
apply_rule (FxRowRecord *row,
            const char  *broken,
            const char  *error_reason)
{
  if (!row->valid)
    return;
  if (error_reason != NULL)
    {
      row->valid = FALSE;
      row->reason = g_strdup (error_reason);
    }
  else if (broken != NULL)
    {
      row->valid = FALSE;
      row->reason = g_strdup_printf ("breaks the rule “%s”", broken);
    }
}

/* The rows as read by fx_parse_rows_text ()'s fast reader: each row's own text is
 * stored, and the light values are checked without JsonObjects. */
static GPtrArray *
check_light_rows (const FxSchema *schema,
                  const FxRows   *light)
{
  guint n = fx_rows_get_length (light);
  GPtrArray *out = g_ptr_array_new_full (n, (GDestroyNotify) fx_row_record_free);
  g_autofree char *rules_error = NULL;
  g_autoptr(FxRules) rules = batch_rules (schema, &rules_error);

  for (guint i = 0; i < n; i++)
    {
      FxRowRecord *row = g_new0 (FxRowRecord, 1);
      gsize n_members;
      const FxMember *members = fx_rows_get_members (light, i, &n_members);
      g_autoptr(GPtrArray) violations = fx_schema_validate_members (schema, members, n_members);

      row->values_json = fx_rows_dup_text (light, i);
      row->valid = violations->len == 0;
      row->reason = join_violations (violations);
      if (row->valid && (rules != NULL || rules_error != NULL))
        apply_rule (row, rules != NULL ? fx_rules_check_members (rules, members, n_members, NULL) : NULL,
                    rules_error);
      g_ptr_array_add (out, row);
    }
  return out;
}

GPtrArray *
fx_run_check_response (const FxSchema     *schema,
                       FxProviderResponse *response)
{
  if (response->light != NULL)
    return check_light_rows (schema, response->light);
  if (response->rows != NULL)
    return fx_run_check_rows (schema, response->rows);
  return g_ptr_array_new_with_free_func ((GDestroyNotify) fx_row_record_free);
}

GPtrArray *
fx_run_check_rows (const FxSchema *schema,
                   JsonArray      *rows)
{
  GPtrArray *out;
  g_autofree char *rules_error = NULL;
  g_autoptr(FxRules) rules = batch_rules (schema, &rules_error);

  out = g_ptr_array_new_full (json_array_get_length (rows), (GDestroyNotify) fx_row_record_free);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      FxRowRecord *row = g_new0 (FxRowRecord, 1);

      row->values_json = fx_json_node_to_string (node);
      if (!JSON_NODE_HOLDS_OBJECT (node))
        row->reason = g_strdup ("not an object");
      else
        {
          g_autoptr(GPtrArray) violations = fx_schema_validate_object (schema, json_node_get_object (node));

          row->valid = violations->len == 0;
          row->reason = join_violations (violations);
          if (row->valid && (rules != NULL || rules_error != NULL))
            apply_rule (row, rules != NULL ? fx_rules_check_object (rules, json_node_get_object (node), NULL)
                                           : NULL,
                        rules_error);
        }
      g_ptr_array_add (out, row);
    }
  return out;
}

FxTable *
fx_run_rows_to_table (FxStore         *store,
                      gint64           run_id,
                      const FxSchema  *schema,
                      GError         **error)
{
  g_autoptr(GPtrArray) rows = fx_store_get_accepted_rows (store, run_id, error);
  g_autoptr(GHashTable) types = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  GString *csv;
  FxCsvOptions options = { ',', NULL };
  g_autofree char *text = NULL;

  if (rows == NULL)
    return NULL;

  /* through CSV text, so that the rows are read exactly as an exported file would be */
  csv = g_string_new (NULL);
  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);
      g_autoptr(GString) q = g_string_new ("\"");

      for (const char *p = f->name; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (q, '"');
          g_string_append_c (q, *p);
        }
      g_string_append_c (q, '"');
      g_string_append_printf (csv, "%s%s", i ? "," : "", q->str);
    }
  g_string_append_c (csv, '\n');

  for (guint r = 0; r < rows->len; r++)
    {
      JsonObject *object;

      if (!json_parser_load_from_data (parser, g_ptr_array_index (rows, r), -1, error))
        {
          g_string_free (csv, TRUE);
          return NULL;
        }
      object = json_node_get_object (json_parser_get_root (parser));
      for (guint i = 0; i < schema->features->len; i++)
        {
          const FxFeature *f = g_ptr_array_index (schema->features, i);
          JsonNode *node = json_object_get_member (object, f->name);
          g_autoptr(GString) cell = g_string_new (NULL);

          if (i > 0)
            g_string_append_c (csv, ',');
          if (node == NULL || JSON_NODE_HOLDS_NULL (node))
            continue;
          if (json_node_get_value_type (node) == G_TYPE_STRING)
            g_string_append (cell, json_node_get_string (node));
          else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
            g_string_append (cell, json_node_get_boolean (node) ? "1" : "0");
          else
            {
              char buf[32];

              g_string_append (cell, fx_format_double (json_node_get_double (node), buf));
            }
          g_string_append_c (csv, '"');
          for (const char *p = cell->str; *p; p++)
            {
              if (*p == '"')
                g_string_append_c (csv, '"');
              g_string_append_c (csv, *p);
            }
          g_string_append_c (csv, '"');
        }
      g_string_append_c (csv, '\n');
    }

  text = g_string_free (csv, FALSE);
  types = fx_schema_column_types (schema);
  options.types = types;
  return fx_csv_read_data (text, strlen (text), "run", &options, error);
}
