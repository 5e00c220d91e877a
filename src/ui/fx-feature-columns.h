/* fx-feature-columns.h: the columns of the Schema designer's feature table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Appends the feature table's columns (name, type, unit, range, categories, missing
 * rate, whether a value can be missing, role) to @view, whose model holds
 * FxFeatureDraft items.  Each row is named after its feature and each cell after
 * its column and value, for screen readers: GTK 4.8 would name them after their
 * widget type. */
void fx_feature_columns_add      (GtkColumnView *view);

/* Shows every column when @all, else only the name and the type, which a narrow
 * window has room for. */
void fx_feature_columns_show_all (GtkColumnView *view,
                                  gboolean       all);

G_END_DECLS
