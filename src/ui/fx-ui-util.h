/* fx-ui-util.h: small things every pane does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A toast in the window of @widget. */
void fx_ui_toast       (GtkWidget  *widget,
                        const char *message);
/* A toast goes after a while: the last message stays as the window's accessible
 * description, for assistive technologies that come late and for the GUI tests.
 * fx_ui_toast () does this; a toast made by hand calls it. */
void fx_ui_keep_message (GtkWidget  *widget,
                         const char *message);

/* An object property a widget is given by what holds it (the workspace, the schema
 * document...): read-write, notified only when it changes. */
GParamSpec *fx_ui_param_object (const char *name,
                                GType       type);

/* Sets the text of @editable only when it differs, so that the cursor stays put. */
void fx_ui_set_editable_text (gpointer    editable,
                              const char *text);

/* Called with the chosen file's path; not called when the user cancels. */
typedef void (*FxFileChosenFunc) (GtkWidget  *widget,
                                  const char *path,
                                  gpointer    user_data);

/* A file chooser (the portal's in a sandbox) over the window of @widget: OPEN or SAVE,
 * with @current_name suggested for SAVE and an optional filter (@filter_name with a
 * MIME type and a pattern). */
void fx_ui_choose_file (GtkWidget            *widget,
                        GtkFileChooserAction  action,
                        const char           *title,
                        const char           *accept_label,
                        const char           *current_name,
                        const char           *filter_name,
                        const char           *filter_mime_type,
                        const char           *filter_pattern,
                        FxFileChosenFunc      callback,
                        gpointer              user_data);

/* GTK 4.8 names the inner button of a menu button or a drop-down, and a flow box's
 * cells, after their type: under @root each is named after what holds it, the name
 * a screen reader then says. */
void fx_ui_name_controls      (GtkWidget  *root);
/* The cells of @box named after their content: a tooltip or the first label. */
void fx_ui_name_flow_children (GtkFlowBox *box);

/* A spin button under @root that has a name of its own is not also labelled by its
 * row's title, which a screen reader would say after it ("Rows Rows"). */
void fx_ui_unlabel_spin_buttons (GtkWidget *root);

/* A button showing @mnemonic and named @name once (a button made with a mnemonic label
 * would be named twice), centred in its row. */
GtkWidget   *fx_ui_button_new    (const char         *mnemonic,
                                  const char         *name);
/* A drop-down of @items, translated when @translate. */
GtkDropDown *fx_ui_drop_down_new (const char * const *items,
                                  guint               n_items,
                                  gboolean            translate);

G_END_DECLS
