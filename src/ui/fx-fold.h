/* fx-fold.h: a child laid out side by side when there is room, stacked when not
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FX_TYPE_FOLD (fx_fold_get_type ())

G_DECLARE_FINAL_TYPE (FxFold, fx_fold, FX, FOLD, GtkWidget)

GtkWidget *fx_fold_new           (void);
GtkWidget *fx_fold_get_child     (FxFold    *self);
void       fx_fold_set_child     (FxFold    *self,
                                  GtkWidget *child);
int        fx_fold_get_threshold (FxFold    *self);
void       fx_fold_set_threshold (FxFold    *self,
                                  int        threshold);

G_END_DECLS
