/* fx-privacy-holdout.c: privacy measured on the holdout split evaluation uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fx-encoding.h"
#include "fx-eval-error.h"
#include "fx-holdout.h"
#include "fx-privacy-holdout.h"

FxPrivacy *
fx_privacy_measure_with_holdout (const FxSchema  *schema,
                                 const FxTable   *real,
                                 const FxTable   *synthetic,
                                 double           fraction,
                                 guint64          seed,
                                 GError         **error)
{
  g_autofree guint8 *labels = NULL;
  g_autoptr(FxSplit) split = NULL;
  g_auto(GStrv) inputs = NULL;
  FxPrivacyOptions options = { seed, 0, 0 };

  if (schema->target == NULL)
    {
      g_set_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT,
                   _("the schema names no target, so there is no holdout to measure privacy against"));
      return NULL;
    }
  labels = fx_encoding_labels (schema, real, _("real"), error);
  if (labels == NULL)
    return NULL;
  split = fx_holdout_split (schema, real, labels, fraction, NULL, seed, error);
  if (split == NULL)
    return NULL;
  inputs = fx_privacy_schema_inputs (schema);
  return fx_privacy_measure (real, (const gsize *) (void *) split->train->data, split->train->len,
                             (const gsize *) (void *) split->holdout->data, split->holdout->len,
                             synthetic, (const char * const *) inputs, &options, error);
}

FxPrivacy *
fx_privacy_measure_for_run (const FxSchema  *schema,
                            const FxTable   *real,
                            const FxTable   *synthetic,
                            const char      *run_parameters,
                            GError         **error)
{
  g_autoptr(JsonNode) root = run_parameters != NULL ? json_from_string (run_parameters, NULL) : NULL;
  JsonObject *params = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonObject *holdout;
  JsonArray *names;
  g_autoptr(GPtrArray) sites = g_ptr_array_new ();
  g_autofree guint8 *labels = NULL;
  g_autoptr(FxSplit) split = NULL;
  g_autofree char *sha = NULL;
  g_auto(GStrv) inputs = NULL;
  FxPrivacyOptions options = { 1, 0, 0 };

  if (schema->target == NULL || params == NULL || !json_object_has_member (params, "holdout") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (params, "holdout")))
    return NULL;
  holdout = json_object_get_object_member (params, "holdout");
  names = json_object_has_member (holdout, "sites") ? json_object_get_array_member (holdout, "sites") : NULL;
  for (guint i = 0; names != NULL && i < json_array_get_length (names); i++)
    g_ptr_array_add (sites, (gpointer) json_array_get_string_element (names, i));
  g_ptr_array_add (sites, NULL);

  labels = fx_encoding_labels (schema, real, _("real"), error);
  if (labels == NULL)
    return NULL;
  split = fx_holdout_split (schema, real, labels,
                            json_object_get_double_member_with_default (holdout, "fraction", FX_PRIVACY_HOLDOUT_FRACTION),
                            sites->len > 1 ? (const char * const *) sites->pdata : NULL,
                            (guint64) json_object_get_int_member_with_default (holdout, "seed", 1), NULL);
  if (split == NULL)
    return NULL;
  /* another real table than the run's reference: its rows were never kept apart */
  sha = fx_holdout_rows_sha256 ((gsize *) (void *) split->holdout->data, split->holdout->len);
  if (g_strcmp0 (sha, json_object_get_string_member_with_default (holdout, "rows_sha256", "")) != 0)
    return NULL;

  options.seed = (guint64) json_object_get_int_member_with_default (params, "seed", 1);
  inputs = fx_privacy_schema_inputs (schema);
  return fx_privacy_measure (real, (const gsize *) (void *) split->train->data, split->train->len,
                             (const gsize *) (void *) split->holdout->data, split->holdout->len,
                             synthetic, (const char * const *) inputs, &options, error);
}
