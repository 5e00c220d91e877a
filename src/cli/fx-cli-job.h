/* fx-cli-job.h: what generate and runs resume share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-job.h"

G_BEGIN_DECLS

/* Runs @job to its end, with a progress line on a terminal; SIGINT and SIGTERM cancel
 * it (resumable).  Returns an exit status. */
int      fx_cli_execute_job (FxJob       *job);
/* A budget for the runs fx_cli_execute_job () runs, in the price table's currency (0:
 * none): a run stops cleanly once its spend, counted from the usage fields it stored,
 * reaches it. */
void     fx_cli_set_budget  (double       amount);
/* Writes the accepted rows of @job's run to @output as CSV; an exit status. */
int      fx_cli_export_run  (FxJob       *job,
                             const char  *output);
/* The key of @provider (nullable for a baseline) from the environment or the keyring;
 * FALSE, with a message that says where to put one, when a provider needs one and
 * none is found. */
gboolean fx_cli_find_key    (const char  *provider,
                             char       **key);

G_END_DECLS
