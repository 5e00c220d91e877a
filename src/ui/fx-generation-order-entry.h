/* fx-generation-order-entry.h: the conditional strategy's generation order, edited
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fx-schema-document.h"

G_BEGIN_DECLS

#define FX_TYPE_GENERATION_ORDER_ENTRY (fx_generation_order_entry_get_type ())

G_DECLARE_FINAL_TYPE (FxGenerationOrderEntry, fx_generation_order_entry, FX, GENERATION_ORDER_ENTRY, AdwBin)

/* Shows and edits the generation order of @document's schema (set once). */
void fx_generation_order_entry_set_document (FxGenerationOrderEntry *self,
                                             FxSchemaDocument       *document);

G_END_DECLS
