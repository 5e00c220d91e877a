/* fx-feature-columns.c: the columns of the Schema designer's feature table
 *
 * The cells are made here rather than from builder templates: a template cannot
 * give a row or a cell an accessible name, and GTK 4.8 names them after their type
 * ("GtkListItemWidget"), which is all a screen reader would say.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-feature-columns.h"
#include "fx-feature-draft.h"

typedef struct
{
  const char *title;
  const char *property;     /* the FxFeatureDraft string shown */
  gboolean    tooltip;      /* the value again as a tooltip, when it may be cut */
  int         width;        /* -1: the column takes the room left */
  float       xalign;
  const char *css_class;
} ColumnSpec;

/* the first two stay in a narrow window: a feature and what kind it is */
#define NARROW_COLUMNS 2

static const ColumnSpec specs[] = {
  { N_("Name"), "name", TRUE, 200, 0, NULL },
  { N_("Type"), "type-label", FALSE, 110, 0, NULL },
  { N_("Unit"), "unit", TRUE, 90, 0, NULL },
  { N_("Range"), "range", FALSE, 140, 0, "numeric" },
  { N_("Categories"), "categories", TRUE, -1, 0, NULL },
  { N_("Missing"), "missing", FALSE, 90, 1, "numeric" },
  { N_("Can Be Missing"), "nullable", FALSE, 90, 0, NULL },
  { N_("Role"), "role", FALSE, 110, 0, "accent" },
};

static const ColumnSpec *
spec_of (GtkListItemFactory *factory)
{
  return &specs[GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "fx-column"))];
}

/* The cell says its column and value; the name's cell names the row too. */
static void
name_cell (GtkLabel   *label,
           GParamSpec *pspec,
           gpointer    data)
{
  const ColumnSpec *spec = data;
  GtkWidget *child = GTK_WIDGET (label);
  GtkWidget *cell, *row;
  const char *text = gtk_label_get_text (label);
  g_autofree char *cell_name = NULL;

  (void) pspec;
  if (spec == &specs[0])
    child = gtk_widget_get_parent (child);   /* the box of the name and its problem */
  cell = child != NULL ? gtk_widget_get_parent (child) : NULL;
  if (cell == NULL)
    return;
  cell_name = *text != '\0' ? g_strdup_printf ("%s: %s", _(spec->title), text) : g_strdup (_(spec->title));
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, cell_name, -1);
  row = gtk_widget_get_parent (cell);
  if (spec == &specs[0] && row != NULL && *text != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  const ColumnSpec *spec = spec_of (GTK_LIST_ITEM_FACTORY (factory));
  GtkWidget *label = gtk_label_new (NULL);

  (void) data;
  gtk_label_set_xalign (GTK_LABEL (label), spec->xalign);
  if (spec->xalign == 0)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (spec->css_class != NULL)
    gtk_widget_add_css_class (label, spec->css_class);
  g_signal_connect (label, "notify::label", G_CALLBACK (name_cell), (gpointer) spec);
  if (spec == &specs[0])
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *problem = gtk_image_new_from_icon_name ("dialog-error-symbolic");

      gtk_widget_set_hexpand (label, TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (problem), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Problem"), -1);
      gtk_widget_add_css_class (problem, "error");
      gtk_widget_set_visible (problem, FALSE);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), problem);
      gtk_list_item_set_child (item, box);
    }
  else
    gtk_list_item_set_child (item, label);
}

static void
unbind_all (gpointer data)
{
  GPtrArray *bindings = data;

  for (guint i = 0; i < bindings->len; i++)
    g_binding_unbind (g_ptr_array_index (bindings, i));
  g_ptr_array_free (bindings, TRUE);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  const ColumnSpec *spec = spec_of (GTK_LIST_ITEM_FACTORY (factory));
  GObject *draft = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  GtkWidget *label = spec == &specs[0] ? gtk_widget_get_first_child (child) : child;
  GPtrArray *bindings = g_ptr_array_new ();

  (void) data;
  if (draft == NULL)
    return;
  g_ptr_array_add (bindings, g_object_bind_property (draft, spec->property, label, "label", G_BINDING_SYNC_CREATE));
  if (spec->tooltip)
    g_ptr_array_add (bindings, g_object_bind_property (draft, spec->property, label, "tooltip-text",
                                                       G_BINDING_SYNC_CREATE));
  if (spec == &specs[0])
    {
      GtkWidget *problem = gtk_widget_get_last_child (child);

      g_ptr_array_add (bindings, g_object_bind_property (draft, "has-problem", problem, "visible",
                                                         G_BINDING_SYNC_CREATE));
      g_ptr_array_add (bindings, g_object_bind_property (draft, "problem", problem, "tooltip-text",
                                                         G_BINDING_SYNC_CREATE));
    }
  g_object_set_data_full (G_OBJECT (item), "fx-bindings", bindings, unbind_all);
  /* a recycled cell showing the same text is not notified, but its row may be new */
  name_cell (GTK_LABEL (label), NULL, (gpointer) spec);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  data)
{
  (void) factory;
  (void) data;
  g_object_set_data (G_OBJECT (item), "fx-bindings", NULL);
}

void
fx_feature_columns_add (GtkColumnView *view)
{
  GtkWidget *header;

  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  /* the row of column titles is the view's first child, a list row of GTK's own */
  header = gtk_widget_get_first_child (GTK_WIDGET (view));
  if (header != NULL && !GTK_IS_LIST_VIEW (header))
    gtk_accessible_update_property (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Column headers"), -1);

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "fx-column", GUINT_TO_POINTER (i));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), NULL);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), NULL);
      column = gtk_column_view_column_new (_(specs[i].title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (specs[i].width > 0)
        gtk_column_view_column_set_fixed_width (column, specs[i].width);
      else
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (view, column);
    }
}

void
fx_feature_columns_show_all (GtkColumnView *view,
                             gboolean       all)
{
  GListModel *columns;

  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  columns = gtk_column_view_get_columns (view);
  for (guint i = NARROW_COLUMNS; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      gtk_column_view_column_set_visible (column, all);
    }
}
