/* fx-schema-document-private.h: what the document's file operations
 * (fx-schema-document-files.c) need of the document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-schema-document.h"

G_BEGIN_DECLS

/* The serial of the state being edited: a save says which state it wrote. */
guint fx_schema_document_get_serial (FxSchemaDocument *self);
/* @path holds the state @serial now and becomes the document's file; edits made
 * since are unsaved. */
void  fx_schema_document_mark_saved (FxSchemaDocument *self,
                                     const char       *path,
                                     guint             serial);

G_END_DECLS
