/* fx-json-writer.h: a small streaming JSON writer
 *
 * json-glib prints doubles with 17 significant digits (0.1 becomes
 * 0.10000000000000001); files people read, schemas and results, are written here
 * with the shortest text that reads back as the same double.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _FxJsonWriter FxJsonWriter;

FxJsonWriter *fx_json_writer_new          (gboolean      pretty);
void          fx_json_writer_free         (FxJsonWriter *writer);
/* Ends the document (with a newline) and returns its text. */
char         *fx_json_writer_finish       (FxJsonWriter *writer,
                                           gsize        *length);

void          fx_json_writer_begin_object (FxJsonWriter *writer);
void          fx_json_writer_end_object   (FxJsonWriter *writer);
/* @compact keeps the array on one line (rows of a matrix, short lists). */
void          fx_json_writer_begin_array  (FxJsonWriter *writer,
                                           gboolean      compact);
void          fx_json_writer_end_array    (FxJsonWriter *writer);
void          fx_json_writer_key          (FxJsonWriter *writer,
                                           const char   *key);
void          fx_json_writer_string       (FxJsonWriter *writer,
                                           const char   *value);
/* NaN and infinities are written as null: JSON has no such numbers. */
void          fx_json_writer_double       (FxJsonWriter *writer,
                                           double        value);
void          fx_json_writer_int          (FxJsonWriter *writer,
                                           gint64        value);
void          fx_json_writer_boolean      (FxJsonWriter *writer,
                                           gboolean      value);
void          fx_json_writer_null         (FxJsonWriter *writer);

/* key + value in one call */
void          fx_json_writer_member_string (FxJsonWriter *writer,
                                            const char   *key,
                                            const char   *value);
void          fx_json_writer_member_double (FxJsonWriter *writer,
                                            const char   *key,
                                            double        value);
void          fx_json_writer_member_int    (FxJsonWriter *writer,
                                            const char   *key,
                                            gint64        value);
void          fx_json_writer_member_boolean (FxJsonWriter *writer,
                                             const char   *key,
                                             gboolean      value);

/* @node as compact JSON text, numbers in their shortest exact form: faster than
 * json_to_string (), which prints every double with 17 digits. */
char         *fx_json_node_to_string      (JsonNode     *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxJsonWriter, fx_json_writer_free)

G_END_DECLS
