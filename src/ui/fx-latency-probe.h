/* fx-latency-probe.h: how long the main loop goes without dispatching, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* With FACSIMILE_LATENCY_PROBE set to a file name, records in that file every stall of
 * the default main context longer than 20 ms, with the main thread's processor time
 * over it; otherwise does nothing. */
void fx_latency_probe_start (void);

G_END_DECLS
