/* fx-ui-util.c: small things every pane does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fx-ui-util.h"

void
fx_ui_toast (GtkWidget  *widget,
             const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  fx_ui_keep_message (widget, message);
}

void
fx_ui_keep_message (GtkWidget  *widget,
                    const char *message)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (root != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
}

void
fx_ui_set_editable_text (gpointer    editable,
                         const char *text)
{
  g_return_if_fail (GTK_IS_EDITABLE (editable));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (editable)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

typedef struct
{
  GtkWidget        *widget;
  FxFileChosenFunc  callback;
  gpointer          user_data;
} Choice;

static void
on_response (GtkNativeDialog *dialog,
             int              response,
             gpointer         data)
{
  Choice *choice = data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        choice->callback (choice->widget, path, choice->user_data);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (choice->widget);
  g_free (choice);
}

void
fx_ui_choose_file (GtkWidget            *widget,
                   GtkFileChooserAction  action,
                   const char           *title,
                   const char           *accept_label,
                   const char           *current_name,
                   const char           *filter_name,
                   const char           *filter_mime_type,
                   const char           *filter_pattern,
                   FxFileChosenFunc      callback,
                   gpointer              user_data)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  Choice *choice;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (callback != NULL);

  dialog = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        action, accept_label, _("_Cancel"));
  if (current_name != NULL && action == GTK_FILE_CHOOSER_ACTION_SAVE)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), current_name);
  if (filter_name != NULL)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, filter_name);
      if (filter_mime_type != NULL)
        gtk_file_filter_add_mime_type (filter, filter_mime_type);
      if (filter_pattern != NULL)
        gtk_file_filter_add_pattern (filter, filter_pattern);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);

  choice = g_new0 (Choice, 1);
  choice->widget = g_object_ref (widget);
  choice->callback = callback;
  choice->user_data = user_data;
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), choice);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static const char *
first_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      const char *text = first_label (child);

      if (text != NULL && text[0] != '\0')
        return text;
    }
  return NULL;
}

void
fx_ui_name_flow_children (GtkFlowBox *box)
{
  GtkFlowBoxChild *cell;

  g_return_if_fail (GTK_IS_FLOW_BOX (box));

  for (guint i = 0; (cell = gtk_flow_box_get_child_at_index (box, i)) != NULL; i++)
    {
      GtkWidget *content = gtk_flow_box_child_get_child (cell);
      const char *name = content != NULL ? gtk_widget_get_tooltip_text (content) : NULL;

      if (name == NULL && content != NULL)
        name = first_label (content);
      if (name != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
}

void
fx_ui_name_controls (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_MENU_BUTTON (root) || GTK_IS_DROP_DOWN (root))
    {
      GtkWidget *toggle = gtk_widget_get_first_child (root);

      if (GTK_IS_TOGGLE_BUTTON (toggle))
        gtk_accessible_update_relation (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_RELATION_LABELLED_BY, root, NULL, -1);
    }
  else if (GTK_IS_FLOW_BOX (root))
    fx_ui_name_flow_children (GTK_FLOW_BOX (root));
  else if (ADW_IS_VIEW_SWITCHER (root))
    gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Panes"), -1);
  else if (GTK_IS_BUTTON (root) && !GTK_IS_TOGGLE_BUTTON (root) && gtk_widget_get_tooltip_text (root) != NULL &&
           gtk_widget_get_ancestor (root, ADW_TYPE_ENTRY_ROW) != NULL)
    /* an icon button in an entry row says what its tooltip says */
    gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_widget_get_tooltip_text (root), -1);
  else if (GTK_IS_BUTTON (root) && !GTK_IS_TOGGLE_BUTTON (root) &&
           gtk_widget_get_ancestor (root, ADW_TYPE_ENTRY_ROW) != NULL)
    {
      /* an entry row's own buttons have only an icon: Apply, or show the hidden text */
      GtkWidget *image = gtk_button_get_child (GTK_BUTTON (root));
      const char *icon = gtk_button_get_icon_name (GTK_BUTTON (root));

      if (icon == NULL && GTK_IS_IMAGE (image))
        icon = gtk_image_get_icon_name (GTK_IMAGE (image));
      gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      icon != NULL && (strstr (icon, "reveal") != NULL || strstr (icon, "conceal") != NULL)
                                      ? _("Show the Text") : _("Apply"), -1);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    fx_ui_name_controls (child);
}

void
fx_ui_unlabel_spin_buttons (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_SPIN_BUTTON (root))
    {
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    fx_ui_unlabel_spin_buttons (child);
}

GParamSpec *
fx_ui_param_object (const char *name,
                    GType       type)
{
  return g_param_spec_object (name, NULL, NULL, type,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

GtkWidget *
fx_ui_button_new (const char *mnemonic,
                  const char *name)
{
  GtkWidget *button = gtk_button_new ();

  gtk_button_set_child (GTK_BUTTON (button), gtk_label_new_with_mnemonic (mnemonic));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  return button;
}

GtkDropDown *
fx_ui_drop_down_new (const char * const *items,
                     guint               n_items,
                     gboolean            translate)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n_items; i++)
    gtk_string_list_append (list, translate ? _(items[i]) : items[i]);
  return GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL));
}
