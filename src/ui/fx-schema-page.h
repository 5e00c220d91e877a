/* fx-schema-page.h: the schema designer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fx-schema.h"

G_BEGIN_DECLS

#define FX_TYPE_SCHEMA_PAGE (fx_schema_page_get_type ())

G_DECLARE_FINAL_TYPE (FxSchemaPage, fx_schema_page, FX, SCHEMA_PAGE, AdwBin)

/* The schema as edited now, or NULL with @error saying why when there is none yet or it
 * does not validate.  The caller owns the copy. */
FxSchema   *fx_schema_page_dup_schema         (FxSchemaPage  *self,
                                               GError       **error);
/* The real table that goes with the schema (the CSV it was inferred from, or the
 * example's table), or NULL. */
const char *fx_schema_page_get_reference_path (FxSchemaPage  *self);
/* Loads the bundled eICU demo example: its schema, and its table as reference data. */
gboolean    fx_schema_page_load_example       (FxSchemaPage  *self,
                                               GError       **error);

G_END_DECLS
