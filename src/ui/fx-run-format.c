/* fx-run-format.c: how the Runs pane words a run's numbers, times and state
 *
 * The form, a run's details and the history say the same things the same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fx-provider.h"
#include "fx-run-format.h"

char *
fx_run_format_count (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

char *
fx_run_format_duration (double seconds)
{
  gint64 s = (gint64) llround (seconds);

  if (s >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60), (int) (s % 60));
  return g_strdup_printf ("%d:%02d", (int) (s / 60), (int) (s % 60));
}

/* An ISO 8601 UTC time as local time, to the minute. */
char *
fx_run_format_time (const char *iso)
{
  g_autoptr(GDateTime) utc = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (iso != NULL ? iso : "—");
  local = g_date_time_to_local (utc);
  /* Translators: a run's start or end, local time, as g_date_time_format () takes it,
   * in words: "6 December 2026, 14:05" (write it as dates are written in your language) */
  return g_date_time_format (local, _("%-d %B %Y, %H:%M"));
}

static void
append_part (GString    *out,
             const char *part)
{
  if (out->len > 0)
    g_string_append (out, "; ");
  g_string_append (out, part);
}

char *
fx_run_format_parameters (const char *json,
                          gboolean    baseline)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  JsonObject *o;
  JsonNode *node;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_strdup (json != NULL ? json : "—");
  o = json_node_get_object (json_parser_get_root (parser));

  if (json_object_has_member (o, "rows"))
    {
      g_autofree char *n = fx_run_format_count (json_object_get_int_member (o, "rows"));
      g_autofree char *part = g_strdup_printf (_("%s rows asked for"), n);

      append_part (out, part);
    }
  if (json_object_has_member (o, "seed"))
    {
      g_autofree char *part = g_strdup_printf (_("random seed %lld"),
                                               (long long) json_object_get_int_member (o, "seed"));

      append_part (out, part);
    }
  if (!baseline)
    {
      if ((node = json_object_get_member (o, "temperature")) != NULL)
        {
          g_autofree char *part = JSON_NODE_HOLDS_NULL (node)
                                  ? g_strdup (_("temperature: the model's default"))
                                  : g_strdup_printf (_("temperature: %g"), json_node_get_double (node));

          append_part (out, part);
        }
      if (json_object_has_member (o, "batch_rows") && json_object_has_member (o, "concurrency"))
        {
          g_autofree char *part = g_strdup_printf (_("%lld rows per request, %lld requests at a time"),
                                                   (long long) json_object_get_int_member (o, "batch_rows"),
                                                   (long long) json_object_get_int_member (o, "concurrency"));

          append_part (out, part);
        }
      if (json_object_has_member (o, "max_output_tokens") && json_object_get_int_member (o, "max_output_tokens") > 0)
        {
          g_autofree char *part = g_strdup_printf (_("answers up to %lld tokens"),
                                                   (long long) json_object_get_int_member (o, "max_output_tokens"));

          append_part (out, part);
        }
      if (json_object_has_member (o, "timeout") && json_object_get_int_member (o, "timeout") > 0)
        {
          g_autofree char *part = g_strdup_printf (_("%lld s to answer"),
                                                   (long long) json_object_get_int_member (o, "timeout"));

          append_part (out, part);
        }
    }
  if (json_object_has_member (o, "groups"))
    append_part (out, g_strcmp0 (json_object_get_string_member_with_default (o, "groups", ""), "uniform") == 0
                      ? _("groups in equal numbers") : _("groups in the real data's proportions"));
  if ((node = json_object_get_member (o, "holdout")) != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *h = json_node_get_object (node);
      gint64 rows = json_object_get_int_member_with_default (h, "rows", 0);
      g_autofree char *part = g_strdup_printf (ngettext ("%lld real record kept aside for testing",
                                                         "%lld real records kept aside for testing",
                                                         rows), (long long) rows);

      append_part (out, part);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

const char *
fx_run_generator_label (const char *name)
{
  const FxProviderClass *provider = fx_provider_lookup (name);

  if (provider != NULL)
    return provider->display_name;
  if (g_strcmp0 (name, "copula") == 0)
    return _("Gaussian copula");
  if (g_strcmp0 (name, "independent") == 0)
    return _("Independent marginals");
  return name;
}

const char *
fx_run_status_label (const FxRunRecord *record,
                     gboolean           active)
{
  if (active)
    return _("Running");
  switch (record->status)
    {
    case FX_RUN_COMPLETED:
      return _("Completed");
    case FX_RUN_FAILED:
      return _("Failed");
    case FX_RUN_CANCELLED:
      return _("Cancelled");
    case FX_RUN_RUNNING:
      return _("Interrupted");
    default:
      return "";
    }
}
