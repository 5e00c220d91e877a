/* fx-run-format.c: how the Runs pane words a run's numbers, times and state
 *
 * The form, a run's details and the history say the same things the same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

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
  /* Translators: a run's start or end, local time, as g_date_time_format () takes it;
   * write it as dates and times are written in your language, e.g. "%d.%m.%Y %H:%M" */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
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
