/* fx-utility-run.c: the utility of a synthetic set, on the holdout its run kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fx-holdout.h"
#include "fx-utility-run.h"

char *
fx_utility_run_describe_holdout (const char *parameters)
{
  g_autoptr(JsonNode) root = parameters != NULL ? json_from_string (parameters, NULL) : NULL;
  JsonObject *params = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonObject *holdout;
  JsonArray *sites;
  gint64 rows, seed;

  if (params == NULL || !json_object_has_member (params, "holdout") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (params, "holdout")))
    return NULL;
  holdout = json_object_get_object_member (params, "holdout");
  rows = json_object_get_int_member_with_default (holdout, "rows", 0);
  seed = json_object_get_int_member_with_default (holdout, "seed", 1);
  sites = json_object_has_member (holdout, "sites") ? json_object_get_array_member (holdout, "sites") : NULL;
  if (sites != NULL && json_array_get_length (sites) > 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (sites); i++)
        g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", json_array_get_string_element (sites, i));
      return g_strdup_printf (ngettext ("the whole site %s (%lld rows), seed %lld",
                                        "the whole sites %s (%lld rows), seed %lld",
                                        json_array_get_length (sites)),
                              names->str, (long long) rows, (long long) seed);
    }
  return g_strdup_printf (_("%.0f %% of the reference rows by outcome and site (%lld rows), seed %lld"),
                          100 * json_object_get_double_member_with_default (holdout, "fraction", 0), (long long) rows,
                          (long long) seed);
}

gboolean
fx_utility_run_applies (const FxSchema *schema)
{
  return schema != NULL && schema->target != NULL;
}

FxUtility *
fx_utility_run_evaluate (const FxSchema *schema,
                         const FxTable  *real,
                         const FxTable  *synthetic,
                         const char     *run_parameters,
                         guint64         seed,
                         char          **note,
                         GError        **error)
{
  g_autoptr(JsonNode) root = run_parameters != NULL ? json_from_string (run_parameters, NULL) : NULL;
  JsonObject *params = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonObject *holdout = NULL;
  g_autoptr(GPtrArray) sites = g_ptr_array_new ();
  FxUtilityOptions options;
  FxUtility *utility;
  const char *recorded;

  if (params != NULL && json_object_has_member (params, "holdout") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (params, "holdout")))
    holdout = json_object_get_object_member (params, "holdout");

  fx_utility_options_init (&options, seed);
  if (holdout == NULL)
    {
      /* nothing was kept from the generator: any real row may have shaped it */
      options.generator_saw_holdout = TRUE;
      return fx_utility_evaluate (schema, real, synthetic, &options, error);
    }

  fx_utility_options_init (&options, (guint64) json_object_get_int_member_with_default (holdout, "seed", 1));
  if (json_object_has_member (holdout, "sites"))
    {
      JsonArray *names = json_object_get_array_member (holdout, "sites");

      for (guint i = 0; names != NULL && i < json_array_get_length (names); i++)
        g_ptr_array_add (sites, (gpointer) json_array_get_string_element (names, i));
    }
  g_ptr_array_add (sites, NULL);
  if (sites->len > 1)
    options.holdout_sites = (const char * const *) sites->pdata;
  else
    options.fraction = json_object_get_double_member_with_default (holdout, "fraction", 0.2);
  utility = fx_utility_evaluate (schema, real, synthetic, &options, error);
  if (utility == NULL)
    return NULL;

  recorded = json_object_get_string_member_with_default (holdout, "rows_sha256", "");
  {
    g_autofree char *sha = fx_holdout_rows_sha256 ((gsize *) (void *) utility->holdout_rows->data,
                                                   utility->holdout_rows->len);

    if (g_strcmp0 (sha, recorded) == 0)
      return utility;
  }
  /* another real table than the run's reference: its rows were never kept from the
   * generator, so the split is only made the same way */
  fx_utility_free (utility);
  if (note != NULL)
    *note = g_strdup (_("The real table is not the one the run kept its holdout from; the models are tested "
                        "on a split made the same way, which the generator may have seen."));
  options.generator_saw_holdout = TRUE;
  return fx_utility_evaluate (schema, real, synthetic, &options, error);
}
