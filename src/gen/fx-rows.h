/* fx-rows.h: a fast, strict reader of the rows in a model's text
 *
 * json-glib 1.6 reads JSON through GScanner, thousands of instructions per member,
 * and builds a hash table per row.  This reader handles the usual case of a model's
 * answer, {"rows": [...]} or a bare array of flat row objects in strict JSON, in one
 * pass into light values (FxMember) that fx_schema_validate_members () checks, and
 * keeps each row's text so the store can hold the row as the model wrote it.
 *
 * It accepts only text that json-glib reads to the same values; for anything else
 * (an error, a duplicate member, a nested value in a row, an integer past 64 bits,
 * an escape it does not know...) it gives up, and the caller lets json-glib read the
 * text and word any error, so the outcome is always json-glib's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fx-schema.h"

G_BEGIN_DECLS

typedef struct _FxRows FxRows;

/* The rows of @json (NUL-terminated, @length bytes), or NULL when it is not plain
 * strict JSON of the expected shape: an object whose "rows" member is an array of
 * objects, or such an array; each row object holding only null, true, false, numbers
 * and strings, under distinct non-empty names. */
FxRows         *fx_rows_parse         (const char   *json,
                                       gsize         length);
void            fx_rows_free          (FxRows       *rows);
guint           fx_rows_get_length    (const FxRows *rows);
/* The members of row @index, in the row's order; valid as long as @rows. */
const FxMember *fx_rows_get_members   (const FxRows *rows,
                                       guint         index,
                                       gsize        *n_members);
/* The text of row @index as the model wrote it; a row written over several lines
 * loses the whitespace between its tokens, so that it fits on one. */
char           *fx_rows_dup_text      (const FxRows *rows,
                                       guint         index);
/* The rows as json-glib would have read them: one JsonObject per row, integers as
 * gint64 nodes, other numbers as doubles. */
JsonArray      *fx_rows_to_json_array (const FxRows *rows);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxRows, fx_rows_free)

G_END_DECLS
