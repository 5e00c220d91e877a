/* fx-schema-document.h: the schema being designed: its features, file, reference data,
 * unsaved state, undo and problems
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fx-feature-draft.h"
#include "fx-schema.h"

G_BEGIN_DECLS

#define FX_TYPE_SCHEMA_DOCUMENT (fx_schema_document_get_type ())

G_DECLARE_FINAL_TYPE (FxSchemaDocument, fx_schema_document, FX, SCHEMA_DOCUMENT, GObject)

FxSchemaDocument *fx_schema_document_new                (void);
/* (element-type FxFeatureDraft), in schema order; edited in place between
 * fx_schema_document_begin_edit () and fx_schema_document_end_edit (). */
GListStore       *fx_schema_document_get_features       (FxSchemaDocument     *self);
/* The table-level settings: name, description, constraints (no features). */
FxSchema         *fx_schema_document_get_header         (FxSchemaDocument     *self);
gboolean          fx_schema_document_get_loaded         (FxSchemaDocument     *self);
const char       *fx_schema_document_get_file_path      (FxSchemaDocument     *self);
/* The real table that goes with the schema (the CSV it was inferred from, or the
 * example's table), or NULL. */
const char       *fx_schema_document_get_reference_path (FxSchemaDocument     *self);
gboolean          fx_schema_document_get_dirty          (FxSchemaDocument     *self);
gboolean          fx_schema_document_get_can_undo      (FxSchemaDocument     *self);
/* What stops the schema from being used, in the core's terms (element-type
 * FxSchemaProblem): each with the feature's place, the field at fault and a message. */
GPtrArray        *fx_schema_document_get_problems       (FxSchemaDocument     *self);

/* A copy of the schema as it stands, valid or not. */
FxSchema         *fx_schema_document_build_schema       (FxSchemaDocument     *self);
/* The schema as edited now, or NULL with @error saying why when there is none yet or
 * it does not validate.  The caller owns the copy. */
FxSchema         *fx_schema_document_dup_schema         (FxSchemaDocument     *self,
                                                         GError              **error);

/* Puts @schema (taken) in place of the current one, which undo can bring back.
 * Returns whether the one replaced had unsaved changes. */
gboolean          fx_schema_document_replace            (FxSchemaDocument     *self,
                                                         FxSchema             *schema,
                                                         const char           *file_path,
                                                         const char           *reference_path,
                                                         gboolean              saved);
/* Call before changing the schema; returns FALSE when there is nothing to change.
 * Changes with the same @key to the same @feature make one step of undo;
 * @selected is the position to show again when the step is undone. */
gboolean          fx_schema_document_begin_edit         (FxSchemaDocument     *self,
                                                         gconstpointer         key,
                                                         FxFeatureDraft       *feature,
                                                         guint                 selected);
/* The schema's name and description, between begin_edit and end_edit ("" for none). */
void              fx_schema_document_set_name           (FxSchemaDocument     *self,
                                                         const char           *name);
void              fx_schema_document_set_site           (FxSchemaDocument     *self,
                                                         const char           *site);
void              fx_schema_document_set_description    (FxSchemaDocument     *self,
                                                         const char           *description);
/* The conditional strategy's generation order (NULL-terminated feature names; empty:
 * by block), between begin_edit and end_edit. */
void              fx_schema_document_set_generation_order (FxSchemaDocument   *self,
                                                           const char * const *order);
/* The schema's validity rules (element-type FxSchemaRule); set them (copied) between
 * begin_edit and end_edit. */
GPtrArray        *fx_schema_document_get_rules          (FxSchemaDocument     *self);
void              fx_schema_document_set_rules          (FxSchemaDocument     *self,
                                                         GPtrArray            *rules);
void              fx_schema_document_end_edit           (FxSchemaDocument     *self);
/* Forgets the step kept by the last begin_edit, for an edit that changed nothing. */
void              fx_schema_document_drop_step          (FxSchemaDocument     *self);
/* The next edit starts a step of its own, whatever its key. */
void              fx_schema_document_close_step         (FxSchemaDocument     *self);
gboolean          fx_schema_document_undo               (FxSchemaDocument     *self);

/* Reads a schema file in a thread and puts it in place; finish says whether the one
 * replaced had unsaved changes. */
void              fx_schema_document_open_async         (FxSchemaDocument     *self,
                                                         const char           *path,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
/* The bundled eICU demo example: its schema, and its table as reference data. */
void              fx_schema_document_open_example_async (FxSchemaDocument     *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
/* Reads a CSV table in a thread and puts the schema inferred from it in place, with
 * the table as reference data. */
void              fx_schema_document_infer_async        (FxSchemaDocument     *self,
                                                         const char           *csv_path,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean          fx_schema_document_open_finish        (FxSchemaDocument     *self,
                                                         GAsyncResult         *result,
                                                         gboolean             *replaced_unsaved,
                                                         GError              **error);
/* Writes the schema in a thread; once written, @path is the document's file. */
void              fx_schema_document_save_async         (FxSchemaDocument     *self,
                                                         const char           *path,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean          fx_schema_document_save_finish        (FxSchemaDocument     *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
