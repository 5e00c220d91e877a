/* fx-validity-view.h: the Compare pane's Validity view: each rule with its violations
 * in the real and the synthetic table, and a few rows that break it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fx-validity.h"

G_BEGIN_DECLS

#define FX_TYPE_VALIDITY_VIEW (fx_validity_view_get_type ())

G_DECLARE_FINAL_TYPE (FxValidityView, fx_validity_view, FX, VALIDITY_VIEW, GtkWidget)

/* Shows @validity over @synthetic (both borrowed only during the call; @validity
 * NULL: a comparison without a schema). */
void fx_validity_view_set_validity (FxValidityView   *self,
                                    const FxValidity *validity,
                                    const FxTable    *synthetic);

G_END_DECLS
