/* fx-run-detail-rows.h: the rows of a run's detail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fx-store.h"

G_BEGIN_DECLS

/* A property and its value, the value selectable (hashes and paths get copied). */
GtkWidget *fx_run_property_row        (const char *title,
                                       const char *value,
                                       gboolean    monospace);
/* Request @i of @requests (element-type FxRequestRecord), which the row keeps alive;
 * its prompt and answer are built when it is opened. */
GtkWidget *fx_run_request_row         (GPtrArray  *requests,
                                       guint       i,
                                       gboolean    baseline);
/* The run's real_data_sent (JSON) in words. */
char      *fx_run_describe_disclosure (const char *json);

G_END_DECLS
