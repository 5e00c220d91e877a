/* fx-report-validity.c: a report's validity section: the schema's rules in the real
 * table and in every set, side by side, invalid cells by reason, and a few rows that
 * break each rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fx-report-blocks.h"
#include "fx-report-sections.h"

/* Offending rows shown per rule and set. */
#define EXAMPLES 3

static char *
count (guint64 n)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, n);
}

/* "age = 17, bmi = 80.2": the cells of @row in the columns @check names. */
static char *
offending_row (const FxTable *table,
               const char    *check,
               gsize          row)
{
  GString *out = g_string_new (NULL);

  for (guint c = 0; c < table->columns->len; c++)
    {
      const FxColumn *column = g_ptr_array_index (table->columns, c);
      g_autofree char *value = NULL;

      /* a name inside the check is enough: the row is there to be read, not parsed */
      if (strstr (check, column->name) == NULL)
        continue;
      value = fx_table_format_cell (table, c, row);
      g_string_append_printf (out, "%s%s = %s", out->len > 0 ? ", " : "", column->name,
                              value != NULL && value[0] != '\0' ? value : "—");
    }
  g_string_prepend (out, g_strdup_printf (_("row %lu: "), row + 1));
  return g_string_free (out, FALSE);
}

void
fx_report_validity_section (FxReport   *report,
                            FxDocument *doc)
{
  g_autoptr(GPtrArray) measured = g_ptr_array_new ();
  g_autofree double *widths = NULL;
  const FxValidity *first;
  GPtrArray *cells;
  guint n_rules, n_doubtful = 0;

  for (guint i = 0; i < report->sets->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (report->sets, i);

      if (set->comparison->validity != NULL)
        g_ptr_array_add (measured, set);
    }
  if (measured->len == 0)
    return;
  first = ((FxReportSet *) g_ptr_array_index (measured, 0))->comparison->validity;
  n_rules = fx_rules_get_n_rules (first->rules);

  fx_document_heading (doc, 1, "validity", _("Validity"));
  fx_document_paragraph (doc, _("Are the records clinically possible? Each rule of the schema is an SQL "
                                "expression a row must not make false (a missing value breaks no rule), "
                                "counted in the real table and in each synthetic set. A rule that real "
                                "rows break is doubtful: the rule, not the synthetic data, may be wrong."));

  if (n_rules > 0)
    {
      widths = g_new (double, measured->len + 3);
      /* room for a rule's name on one line: names are words joined by underscores */
      widths[0] = 2.4;
      widths[1] = 2.4;
      widths[2] = 1.0;
      cells = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (cells, g_strdup (_("Rule")));
      g_ptr_array_add (cells, g_strdup (_("Check")));
      g_ptr_array_add (cells, g_strdup (_("Real rows")));
      for (guint i = 0; i < measured->len; i++)
        {
          widths[i + 3] = 1.0;
          g_ptr_array_add (cells, g_strdup (((FxReportSet *) g_ptr_array_index (measured, i))->label));
        }
      for (guint r = 0; r < n_rules; r++)
        {
          gboolean doubtful = first->real_violations != NULL && first->real_violations[r] > 0;

          n_doubtful += doubtful;
          g_ptr_array_add (cells, g_strdup (fx_rules_get_name (first->rules, r)));
          g_ptr_array_add (cells, g_strdup (fx_rules_get_check (first->rules, r)));
          if (first->real_violations == NULL)
            g_ptr_array_add (cells, g_strdup ("—"));
          else if (doubtful)
            g_ptr_array_add (cells, g_strdup_printf (_("%llu (doubtful)"),
                                                     (unsigned long long) first->real_violations[r]));
          else
            g_ptr_array_add (cells, count (0));
          for (guint i = 0; i < measured->len; i++)
            {
              const FxValidity *v = ((FxReportSet *) g_ptr_array_index (measured, i))->comparison->validity;

              g_ptr_array_add (cells, r < fx_rules_get_n_rules (v->rules)
                                      ? count (v->synthetic_violations[r]) : g_strdup ("—"));
            }
        }
      /* a check is text to read, not a number */
      fx_document_table (doc, _("Rows that break each rule"), measured->len + 3, widths, cells)->align[1] =
        FX_ALIGN_START;
      if (n_doubtful > 0)
        {
          g_autofree char *note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%u rule is broken by real rows: check it "
                                                                "before blaming the synthetic data.",
                                                                "%u rules are broken by real rows: check "
                                                                "them before blaming the synthetic data.",
                                                                n_doubtful), n_doubtful);

          fx_document_note (doc, note, TRUE);
        }
    }
  else
    fx_document_paragraph (doc, _("The schema has no rules."));

  {
    static const double invalid_widths[] = { 2.4, 1.2, 1.2, 1.2 };

    cells = g_ptr_array_new_with_free_func (g_free);
    g_ptr_array_add (cells, g_strdup (_("Synthetic set")));
    g_ptr_array_add (cells, g_strdup (_("Out of range")));
    g_ptr_array_add (cells, g_strdup (_("Unknown category")));
    g_ptr_array_add (cells, g_strdup (_("Wrong type")));
    for (guint i = 0; i < measured->len; i++)
      {
        FxReportSet *set = g_ptr_array_index (measured, i);
        const FxValidity *v = set->comparison->validity;

        g_ptr_array_add (cells, g_strdup (set->label));
        g_ptr_array_add (cells, count (v->invalid.out_of_range));
        g_ptr_array_add (cells, count (v->invalid.unknown_category));
        g_ptr_array_add (cells, count (v->invalid.wrong_type));
      }
    fx_document_table (doc, _("Invalid synthetic cells, by reason"), 4, invalid_widths, cells);
  }

  /* a few offending rows, so that a reader sees what breaking a rule looks like */
  for (guint i = 0; i < measured->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (measured, i);
      const FxValidity *v = set->comparison->validity;
      g_autoptr(GString) text = g_string_new (NULL);

      if (set->synthetic == NULL || v->examples == NULL)
        continue;
      for (guint r = 0; r < fx_rules_get_n_rules (v->rules) && r < v->examples->len; r++)
        {
          GArray *rows = g_ptr_array_index (v->examples, r);

          for (guint k = 0; rows != NULL && k < rows->len && k < EXAMPLES; k++)
            {
              g_autofree char *line = offending_row (set->synthetic, fx_rules_get_check (v->rules, r),
                                                     g_array_index (rows, gsize, k));

              g_string_append_printf (text, "%s%s — %s", text->len > 0 ? "\n" : "",
                                      fx_rules_get_name (v->rules, r), line);
            }
        }
      if (text->len > 0)
        {
          g_autofree char *heading = g_strdup_printf (_("%s: rows that break a rule"), set->label);
          g_autofree char *id = g_strdup_printf ("validity-%u", i + 1);

          fx_document_heading (doc, 2, id, heading);
          fx_document_note (doc, text->str, FALSE);
        }
    }
}
