/* fx-compare-page.h: synthetic sets held against the real data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>


G_BEGIN_DECLS

#define FX_TYPE_COMPARE_PAGE (fx_compare_page_get_type ())

G_DECLARE_FINAL_TYPE (FxComparePage, fx_compare_page, FX, COMPARE_PAGE, AdwBin)

/* Adds the rows of a run of the store as a synthetic set. */
void fx_compare_page_add_run         (FxComparePage *self,
                                      gint64         run_id,
                                      const char    *label);
/* Compares the synthetic sets with the real data, in a thread. */
void fx_compare_page_compare         (FxComparePage *self);

G_END_DECLS
