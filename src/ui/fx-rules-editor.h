/* fx-rules-editor.h: the schema's validity rules, edited, with how many reference
 * rows break each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fx-schema-document.h"

G_BEGIN_DECLS

#define FX_TYPE_RULES_EDITOR (fx_rules_editor_get_type ())

G_DECLARE_FINAL_TYPE (FxRulesEditor, fx_rules_editor, FX, RULES_EDITOR, GtkWidget)

/* Shows and edits @document's rules (NULL: none). */
void fx_rules_editor_set_document (FxRulesEditor    *self,
                                   FxSchemaDocument *document);

G_END_DECLS
