/* fx-compare-results.c: what one comparison of the Compare pane read and found
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fx-compare-results.h"
#include "fx-report-privacy.h"
#include "fx-store.h"

static void
compared_set_free (FxComparedSet *set)
{
  g_free (set->label);
  g_free (set->path);
  g_clear_pointer (&set->run, fx_run_record_free);
  g_clear_pointer (&set->comparison, fx_comparison_free);
  g_clear_pointer (&set->synthetic, fx_table_free);
  g_clear_pointer (&set->privacy, fx_privacy_free);
  g_free (set->privacy_why);
  g_free (set);
}

static void
compare_results_clear (FxCompareResults *results)
{
  g_clear_pointer (&results->reference_path, g_free);
  g_clear_pointer (&results->real, fx_table_free);
  g_clear_pointer (&results->schema, fx_schema_free);
  g_clear_pointer (&results->sets, g_ptr_array_unref);
}

FxCompareResults *
fx_compare_results_new_take (FxEvaluation *evaluation)
{
  FxCompareResults *results;

  g_return_val_if_fail (evaluation != NULL, NULL);

  results = g_atomic_rc_box_new0 (FxCompareResults);
  results->reference_path = g_strdup (evaluation->real_path);
  results->real = g_steal_pointer (&evaluation->real);
  results->schema = g_steal_pointer (&evaluation->schema);
  results->sets = g_ptr_array_new_with_free_func ((GDestroyNotify) compared_set_free);
  for (guint i = 0; i < evaluation->sets->len; i++)
    {
      FxEvaluationSet *from = g_ptr_array_index (evaluation->sets, i);
      FxComparedSet *set = g_new0 (FxComparedSet, 1);

      set->label = g_steal_pointer (&from->label);
      set->path = g_steal_pointer (&from->path);
      set->run = g_steal_pointer (&from->run);
      set->comparison = g_steal_pointer (&from->comparison);
      set->synthetic = g_steal_pointer (&from->table);
      set->privacy = g_steal_pointer (&from->privacy);
      set->privacy_why = g_steal_pointer (&from->privacy_why);
      g_ptr_array_add (results->sets, set);
    }
  return results;
}

FxCompareResults *
fx_compare_results_ref (FxCompareResults *results)
{
  return g_atomic_rc_box_acquire (results);
}

void
fx_compare_results_unref (FxCompareResults *results)
{
  g_atomic_rc_box_release_full (results, (GDestroyNotify) compare_results_clear);
}

FxComparedSet *
fx_compare_results_get_set (FxCompareResults *results,
                            guint             index)
{
  if (results == NULL || results->sets->len == 0)
    return NULL;
  return g_ptr_array_index (results->sets, MIN (index, results->sets->len - 1));
}

const FxComparison *
fx_compare_results_get_holdout (FxCompareResults *results)
{
  FxComparedSet *first = fx_compare_results_get_set (results, 0);

  return first != NULL ? first->comparison->holdout : NULL;
}

char *
fx_compare_results_to_json (FxCompareResults *results,
                            gsize            *length)
{
  g_autoptr(GString) out = g_string_new ("{\"format\":1,\"sets\":[");

  g_return_val_if_fail (results != NULL, NULL);

  for (guint i = 0; i < results->sets->len; i++)
    {
      FxComparedSet *r = g_ptr_array_index (results->sets, i);
      g_autofree char *label = g_strescape (r->label, NULL);
      g_autofree char *json = fx_comparison_to_json (r->comparison, NULL);

      g_string_append_printf (out, "%s{\"label\":\"%s\",\"comparison\":%s}", i > 0 ? "," : "", label, json);
    }
  g_string_append (out, "]}\n");
  *length = out->len;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
fx_compare_results_to_csv (FxCompareResults *results,
                           gsize            *length)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (results != NULL, NULL);

  for (guint i = 0; i < results->sets->len; i++)
    {
      FxComparedSet *r = g_ptr_array_index (results->sets, i);

      fx_comparison_append_csv (r->comparison, r->label, i == 0, out);
    }
  *length = out->len;
  return g_string_free (out, FALSE);
}

FxReport *
fx_compare_results_new_report (FxCompareResults *results,
                               double            alpha,
                               const char       *schema_path)
{
  FxReport *report;

  g_return_val_if_fail (results != NULL, NULL);

  report = fx_report_new ();
  fx_report_set_alpha (report, alpha);
  fx_report_set_reference (report, results->reference_path, NULL, results->real, results->schema);
  if (schema_path != NULL)
    fx_report_set_inputs (report, schema_path, NULL);
  for (guint i = 0; i < results->sets->len; i++)
    {
      FxComparedSet *r = g_ptr_array_index (results->sets, i);
      g_autoptr(FxProvenance) provenance = r->run != NULL ? fx_run_record_to_provenance (r->run) : NULL;

      fx_report_add_set (report, r->label, r->path, NULL, provenance, r->comparison, r->synthetic);
      if (r->privacy != NULL)
        fx_report_set_privacy (report, fx_report_get_n_sets (report) - 1, r->privacy);
    }
  /* the report borrows the comparison's tables: they live as long as it does */
  fx_report_keep (report, fx_compare_results_ref (results), (GDestroyNotify) fx_compare_results_unref);
  return report;
}

char *
fx_compare_format_value (double value,
                         int    digits)
{
  return fx_format_number (value, digits, TRUE, "—");
}
