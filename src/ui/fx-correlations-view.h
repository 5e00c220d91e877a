/* fx-correlations-view.h: the Compare pane's Correlations view: a set's correlation
 * matrices next to the real ones, by the association measure chosen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fx-compare-results.h"

G_BEGIN_DECLS

#define FX_TYPE_CORRELATIONS_VIEW (fx_correlations_view_get_type ())

G_DECLARE_FINAL_TYPE (FxCorrelationsView, fx_correlations_view, FX, CORRELATIONS_VIEW, GtkBox)

/* Shows the matrices of @results' set @set (held while shown); NULL @results keeps
 * what is shown. */
void fx_correlations_view_set_set (FxCorrelationsView *self,
                                   FxCompareResults   *results,
                                   guint               set);

G_END_DECLS
