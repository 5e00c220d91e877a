/* fx-example.h: the bundled eICU demo example
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The example's schema and reference table ship in the GResource.  A run records the
 * path and checksum of its reference data, so the table is also written once to the
 * user data folder; these return the paths of those copies (rewritten when missing or
 * different from the bundled ones). */
char *fx_example_get_schema_path    (GError **error);
char *fx_example_get_reference_path (GError **error);

G_END_DECLS
