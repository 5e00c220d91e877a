/* fx-privacy-output.c: the privacy and validity blocks in an evaluation's outputs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fx-privacy-output.h"

/* Writes @node again through @w: json-glib keeps integers as integers and doubles
 * as the exact values their shortest text read back to, so nothing changes. */
static void
write_node (FxJsonWriter *w,
            JsonNode     *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);

        fx_json_writer_begin_object (w);
        for (GList *l = members; l != NULL; l = l->next)
          {
            fx_json_writer_key (w, l->data);
            write_node (w, json_object_get_member (object, l->data));
          }
        fx_json_writer_end_object (w);
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        gboolean compact = TRUE;

        /* arrays of plain values on one line, as the writers here do */
        for (guint i = 0; i < json_array_get_length (array) && compact; i++)
          compact = JSON_NODE_HOLDS_VALUE (json_array_get_element (array, i)) ||
                    JSON_NODE_HOLDS_NULL (json_array_get_element (array, i));
        fx_json_writer_begin_array (w, compact);
        for (guint i = 0; i < json_array_get_length (array); i++)
          write_node (w, json_array_get_element (array, i));
        fx_json_writer_end_array (w);
      }
      break;

    case JSON_NODE_NULL:
      fx_json_writer_null (w);
      break;

    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          fx_json_writer_int (w, json_node_get_int (node));
          break;
        case G_TYPE_BOOLEAN:
          fx_json_writer_boolean (w, json_node_get_boolean (node));
          break;
        case G_TYPE_STRING:
          fx_json_writer_string (w, json_node_get_string (node));
          break;
        default:
          fx_json_writer_double (w, json_node_get_double (node));
          break;
        }
      break;
    }
}

char *
fx_privacy_add_to_json (const char       *json,
                        const FxPrivacy  *privacy,
                        const FxValidity *validity,
                        gboolean          pretty,
                        gsize            *length,
                        GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root;
  g_autoptr(GList) members = NULL;
  FxJsonWriter *w;

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, FX_PRIVACY_ERROR, FX_PRIVACY_ERROR_INVALID,
                   _("The evaluation is not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (root);

  w = fx_json_writer_new (pretty);
  fx_json_writer_begin_object (w);
  for (GList *l = members; l != NULL; l = l->next)
    {
      /* an earlier block of the same name gives way to the new one */
      if ((privacy != NULL && g_str_equal (l->data, "privacy")) ||
          (validity != NULL && g_str_equal (l->data, "validity")))
        continue;
      fx_json_writer_key (w, l->data);
      write_node (w, json_object_get_member (root, l->data));
    }
  if (privacy != NULL)
    {
      fx_json_writer_key (w, "privacy");
      fx_privacy_write_json (privacy, w);
    }
  if (validity != NULL)
    {
      fx_json_writer_key (w, "validity");
      fx_validity_write_json (validity, w);
    }
  fx_json_writer_end_object (w);
  /* finishing frees the writer */
  return fx_json_writer_finish (w, length);
}

gboolean
fx_privacy_shows_leak (const FxPrivacy *p)
{
  return p->exact_synthetic > p->exact_holdout || p->auroc_low > 0.5 ||
         p->share_closer_to_training > 0.6;
}

const char *
fx_privacy_sentence (const FxPrivacy *p)
{
  return fx_privacy_shows_leak (p)
         ? _("The synthetic records are closer to the patients they were made from than to new patients.")
         : _("The synthetic records are no closer to the patients they were made from than to new patients.");
}

char *
fx_privacy_to_text (const FxPrivacy  *p,
                    const FxValidity *v)
{
  GString *s = g_string_new (NULL);

  if (p != NULL)
    {
      g_string_append (s, _("Privacy (Gower distance over the model inputs)\n"));
      if (p->sampled)
        g_string_append_printf (s, _("  sampled (seed %llu): %lu synthetic, %lu training, %lu holdout rows\n"),
                                (unsigned long long) p->seed, p->n_synthetic, p->n_training, p->n_holdout);
      g_string_append_printf (s, _("  exact copies of training rows: %.2f %% of synthetic rows, "
                                   "%.2f %% of holdout rows\n"),
                              100 * p->exact_synthetic, 100 * p->exact_holdout);
      g_string_append_printf (s, _("  distance to the closest training row (p5 / median): "
                                   "synthetic %.4f / %.4f, holdout %.4f / %.4f\n"),
                              p->dcr_synthetic_p5, p->dcr_synthetic_median,
                              p->dcr_holdout_p5, p->dcr_holdout_median);
      g_string_append_printf (s, _("  synthetic rows closer to training than to holdout: %.1f %% "
                                   "(50 %% is ideal)\n"),
                              100 * p->share_closer_to_training);
      g_string_append_printf (s, _("  nearest-neighbour distance ratio (p5 / median): "
                                   "synthetic %.3f / %.3f, holdout %.3f / %.3f\n"),
                              p->nndr_synthetic_p5, p->nndr_synthetic_median,
                              p->nndr_holdout_p5, p->nndr_holdout_median);
      g_string_append_printf (s, _("  membership attack: AUROC %.3f (95 %% CI %.3f–%.3f), "
                                   "advantage %.3f\n"),
                              p->auroc, p->auroc_low, p->auroc_high, p->advantage);
      g_string_append_printf (s, "  %s\n", fx_privacy_sentence (p));
    }
  if (v != NULL)
    {
      guint n = fx_rules_get_n_rules (v->rules);

      g_string_append (s, _("Validity\n"));
      for (guint i = 0; i < n; i++)
        {
          g_string_append_printf (s, _("  %s: %llu synthetic rows break it"),
                                  fx_rules_get_name (v->rules, i), (unsigned long long) v->synthetic_violations[i]);
          if (v->real_violations != NULL && v->real_violations[i] > 0)
            g_string_append_printf (s, _(" (doubtful: %llu real rows break it too)"),
                                    (unsigned long long) v->real_violations[i]);
          g_string_append_c (s, '\n');
        }
      g_string_append_printf (s, _("  invalid cells: %llu out of range, %llu unknown categories, %llu of the wrong type\n"),
                              (unsigned long long) v->invalid.out_of_range, (unsigned long long) v->invalid.unknown_category,
                              (unsigned long long) v->invalid.wrong_type);
    }
  return g_string_free (s, FALSE);
}
