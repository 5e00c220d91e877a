/* fx-schema-page.h: the schema designer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>


G_BEGIN_DECLS

#define FX_TYPE_SCHEMA_PAGE (fx_schema_page_get_type ())

G_DECLARE_FINAL_TYPE (FxSchemaPage, fx_schema_page, FX, SCHEMA_PAGE, AdwBin)

G_END_DECLS
