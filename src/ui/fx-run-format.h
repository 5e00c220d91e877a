/* fx-run-format.h: how the Runs pane words a run's numbers, times and state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fx-store.h"

G_BEGIN_DECLS

/* @n with the locale's thousands separators. */
char       *fx_run_format_count     (gint64             n);
/* M:SS, or H:MM:SS from an hour on. */
char       *fx_run_format_duration  (double             seconds);
/* An ISO 8601 UTC time as local time, to the minute. */
char       *fx_run_format_time      (const char        *iso);
/* A run's parameters (its JSON) in words; a baseline's without those of requests. */
char       *fx_run_format_parameters (const char       *json,
                                      gboolean          baseline);
/* The provider's display name, or the baseline's. */
const char *fx_run_generator_label  (const char        *name);
/* Running, Completed, Failed, Cancelled or Interrupted. */
const char *fx_run_status_label     (const FxRunRecord *record,
                                     gboolean           active);

G_END_DECLS
