/* fx-fake-rows.h: the rows the fake provider answers with
 *
 * Rows that follow a request's JSON Schema (bounds read from minimum/maximum or from
 * the words of a description, enums, nullable values, anyOf), or, in JSON mode, the
 * example rows of the prompt.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* {"rows": [@n objects following @item]}; a column named "serial" numbers the rows
 * from *@serial on.  @out_of_range puts one value of each row past its bound; with
 * @echo, the first row's text values are @echo instead (a server that copies the
 * request's Authorization header into its answer). */
char       *fx_fake_rows_text          (guint64    *serial,
                                        JsonObject *item,
                                        guint       n,
                                        gboolean    out_of_range,
                                        const char *echo);
/* The answer to a request without any schema: the example rows of the prompt's CSV
 * block in turn, typed as JSON reads them; NULL when the prompt has none. */
char       *fx_fake_rows_from_examples (const char *prompt,
                                        guint       n);
/* The schema a request without structured outputs puts in its system prompt, parsed
 * by @parser; NULL when there is none. */
JsonObject *fx_fake_schema_in_text     (JsonParser *parser,
                                        const char *system);

G_END_DECLS
