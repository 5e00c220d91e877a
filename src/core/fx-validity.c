/* fx-validity.c: a synthetic table's validity: its schema's rules and invalid cells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fx-validity.h"

#define EXAMPLES 5

FxValidity *
fx_validity_measure (const FxSchema  *schema,
                     const FxTable   *real,
                     const FxTable   *synthetic,
                     GError         **error)
{
  g_autoptr(FxValidity) v = g_new0 (FxValidity, 1);
  guint n;

  v->rules = fx_rules_new_for_schema (schema, error);
  if (v->rules == NULL)
    return NULL;
  n = fx_rules_get_n_rules (v->rules);
  v->synthetic_violations = g_new0 (guint64, MAX (n, 1));
  if (!fx_rules_count_table (v->rules, synthetic, v->synthetic_violations, &v->examples,
                             EXAMPLES, error))
    return NULL;
  if (real != NULL)
    {
      v->real_violations = g_new0 (guint64, MAX (n, 1));
      if (!fx_rules_count_table (v->rules, real, v->real_violations, NULL, 0, error))
        return NULL;
    }
  fx_validity_count_invalid (schema, synthetic, &v->invalid);
  return g_steal_pointer (&v);
}

void
fx_validity_free (FxValidity *validity)
{
  if (validity == NULL)
    return;
  g_clear_pointer (&validity->rules, fx_rules_free);
  g_clear_pointer (&validity->examples, g_ptr_array_unref);
  g_free (validity->real_violations);
  g_free (validity->synthetic_violations);
  g_free (validity);
}

void
fx_validity_write_json (const FxValidity *validity,
                        FxJsonWriter     *writer)
{
  fx_validity_write_counts (validity->rules, validity->real_violations,
                           validity->synthetic_violations, &validity->invalid, writer);
}

void
fx_validity_count_invalid (const FxSchema  *schema,
                           const FxTable   *table,
                           FxInvalidCounts *counts)
{
  memset (counts, 0, sizeof *counts);
  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);
      const FxColumn *column = fx_table_find_column (table, f->name);

      if (column == NULL)
        continue;
      counts->wrong_type += column->n_invalid;
      if (column->type == FX_COLUMN_CATEGORICAL)
        {
          g_autofree gboolean *known = NULL;

          /* an identifier's labels are meant to be new */
          if (f->categories == NULL || f->categories->len == 0 || f->identifier)
            continue;
          known = g_new (gboolean, MAX (column->categories->len, 1));
          for (guint c = 0; c < column->categories->len; c++)
            known[c] = g_ptr_array_find_with_equal_func (f->categories,
                                                         g_ptr_array_index (column->categories, c),
                                                         g_str_equal, NULL);
          for (gsize r = 0; r < column->n_rows; r++)
            if (!fx_column_is_missing (column, r) && !known[column->codes[r]])
              counts->unknown_category++;
        }
      else if (column->type != FX_COLUMN_BOOLEAN && (f->has_minimum || f->has_maximum))
        {
          for (gsize r = 0; r < column->n_rows; r++)
            {
              double v = column->values[r];

              if (fx_column_is_missing (column, r))
                continue;
              if ((f->has_minimum && v < f->minimum) || (f->has_maximum && v > f->maximum))
                counts->out_of_range++;
            }
        }
    }
}

void
fx_validity_write_counts (FxRules               *rules,
                          const guint64         *real_counts,
                          const guint64         *synthetic_counts,
                          const FxInvalidCounts *invalid,
                          FxJsonWriter          *w)
{
  fx_json_writer_begin_object (w);
  fx_json_writer_key (w, "rules");
  fx_json_writer_begin_array (w, FALSE);
  for (guint i = 0; i < fx_rules_get_n_rules (rules); i++)
    {
      fx_json_writer_begin_object (w);
      fx_json_writer_member_string (w, "name", fx_rules_get_name (rules, i));
      fx_json_writer_member_string (w, "check", fx_rules_get_check (rules, i));
      fx_json_writer_key (w, "real_violations");
      if (real_counts != NULL)
        fx_json_writer_int (w, real_counts[i]);
      else
        fx_json_writer_null (w);
      fx_json_writer_member_int (w, "synthetic_violations", synthetic_counts[i]);
      fx_json_writer_member_boolean (w, "doubtful", real_counts != NULL && real_counts[i] > 0);
      fx_json_writer_end_object (w);
    }
  fx_json_writer_end_array (w);

  fx_json_writer_key (w, "invalid");
  fx_json_writer_begin_object (w);
  fx_json_writer_member_int (w, "out_of_range", invalid->out_of_range);
  fx_json_writer_member_int (w, "unknown_category", invalid->unknown_category);
  fx_json_writer_member_int (w, "wrong_type", invalid->wrong_type);
  fx_json_writer_end_object (w);
  fx_json_writer_end_object (w);
}

void
fx_validity_append_text (const FxValidity *v,
                         GString          *out)
{
  guint n = fx_rules_get_n_rules (v->rules);

  if (n > 0)
    g_string_append (out, _("Rules (rows that break each, real / synthetic):\n"));
  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (out, "  %s: ", fx_rules_get_name (v->rules, i));
      if (v->real_violations != NULL)
        g_string_append_printf (out, "%" G_GUINT64_FORMAT, v->real_violations[i]);
      else
        g_string_append (out, "-");
      g_string_append_printf (out, " / %" G_GUINT64_FORMAT, v->synthetic_violations[i]);
      /* real rows that break a rule say more about the rule than the data */
      if (v->real_violations != NULL && v->real_violations[i] > 0)
        g_string_append (out, _(" (doubtful: real rows break it)"));
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, _("Invalid synthetic cells: %llu out of range, %llu unknown categories, %llu of the wrong type\n"),
                          (unsigned long long) v->invalid.out_of_range, (unsigned long long) v->invalid.unknown_category, (unsigned long long) v->invalid.wrong_type);
}
