/* fx-validity.c: a synthetic table's validity: its schema's rules and invalid cells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

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
  fx_rules_count_invalid (schema, synthetic, &v->invalid);
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
  fx_rules_write_validity (validity->rules, validity->real_violations,
                           validity->synthetic_violations, &validity->invalid, writer);
}
