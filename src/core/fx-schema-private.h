/* fx-schema-private.h: what the schema's reader and row validation share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* "a string", "an array", ... for messages about a value of the wrong kind */
G_GNUC_INTERNAL const char *fx_json_node_kind       (JsonNode *node);
G_GNUC_INTERNAL gboolean    fx_json_node_is_number  (JsonNode *node);
G_GNUC_INTERNAL gboolean    fx_json_node_is_string  (JsonNode *node);
G_GNUC_INTERNAL gboolean    fx_json_node_is_boolean (JsonNode *node);

G_END_DECLS
