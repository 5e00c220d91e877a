/* fx-schema-page.c: the schema designer
 *
 * The page shows a schema document: its features in a column view, edited one at a
 * time beside it.  The document keeps the schema, its file, undo and the problems
 * found after every edit; the page says what is wrong under the list and on the
 * entries concerned.  Reading and writing files happens in the document's threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fx-fold.h"
#include "fx-feature-draft.h"
#include "fx-feature-columns.h"
#include "fx-feature-editor.h"
#include "fx-generation-order-entry.h"
#include "fx-rules-editor.h"
#include "fx-schema-document.h"
#include "fx-schema-page.h"
#include "fx-ui-util.h"

#define MAX_PROBLEM_ROWS 50

struct _FxSchemaPage
{
  AdwBin                parent_instance;

  /* template */
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_title;
  GtkLabel             *banner_label;
  GtkStack             *stack;
  AdwStatusPage        *busy_page;
  GtkSpinner           *busy_spinner;
  GtkEntry             *schema_name_entry;
  GtkEntry             *schema_description_entry;
  FxGenerationOrderEntry *generation_order_entry;
  GtkLabel             *state_label;
  GtkLabel             *file_label;
  GtkLabel             *count_label;
  GtkWidget            *reference_box;
  GtkLabel             *reference_label;
  GtkPaned             *paned;
  GtkColumnView        *column_view;
  GtkSingleSelection   *selection;
  GtkRevealer          *problems_revealer;
  GtkLabel             *problems_title;
  GtkListBox           *problems_list;
  FxFeatureEditor      *editor;
  FxRulesEditor        *rules_editor;

  FxSchemaDocument     *document;
  GListStore           *features;       /* the document's */

  /* set while the widgets are filled in, so that this is not taken for an edit */
  gboolean              populating;
  gboolean              busy;
  char                 *page_before_busy;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  gboolean              paned_placed;
  gboolean              opening;
  gboolean              saving;
  gboolean              had_schema;
  char                 *inferring;      /* the table being read */
};

enum {
  PROP_0,
  PROP_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FxSchemaPage, fx_schema_page, ADW_TYPE_BIN)

static void validate       (FxSchemaPage *self);
static void update_actions (FxSchemaPage *self);

/* ---- small helpers ------------------------------------------------------------ */

static guint
n_features (FxSchemaPage *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->features));
}

/* The store keeps a reference: the item is borrowed. */
static FxFeatureDraft *
item_at (FxSchemaPage *self,
         guint         position)
{
  g_autoptr(FxFeatureDraft) item = g_list_model_get_item (G_LIST_MODEL (self->features), position);

  return item;
}

static FxFeatureDraft *
selected_item (FxSchemaPage *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static char *
display_path (const char *path)
{
  const char *home = g_get_home_dir ();
  gsize len = strlen (home);

  if (len > 1 && g_str_has_prefix (path, home) && path[len] == G_DIR_SEPARATOR)
    return g_strconcat ("~", path + len, NULL);
  return g_strdup (path);
}

static void
show_banner (FxSchemaPage *self,
             const char   *title,
             const char   *message)
{
  gtk_label_set_text (self->banner_title, title);
  gtk_label_set_text (self->banner_label, message);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static void
hide_banner (FxSchemaPage *self)
{
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

static void
on_toast_undo (FxSchemaPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "schema.undo", NULL);
}

static void
toast (FxSchemaPage *self,
       const char   *text,
       gboolean      offer_undo)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *markup = g_markup_escape_text (text, -1);
  AdwToast *t;

  if (overlay == NULL)
    return;
  /* a toast's title is markup in this version of libadwaita */
  t = adw_toast_new (markup);
  if (offer_undo)
    {
      adw_toast_set_button_label (t, _("_Undo"));
      g_signal_connect_object (t, "button-clicked", G_CALLBACK (on_toast_undo), self, G_CONNECT_SWAPPED);
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), t);
}

/* ---- the schema as a whole ---------------------------------------------------- */

static gboolean
is_dirty (FxSchemaPage *self)
{
  return fx_schema_document_get_dirty (self->document);
}

static void
update_header (FxSchemaPage *self)
{
  guint n = n_features (self);
  g_autofree char *count = g_strdup_printf (ngettext ("%u feature", "%u features", n), n);
  const char *file_path = fx_schema_document_get_file_path (self->document);
  const char *reference_path = fx_schema_document_get_reference_path (self->document);

  gtk_label_set_text (self->count_label, count);

  if (file_path != NULL)
    {
      g_autofree char *shown = display_path (file_path);

      gtk_label_set_text (self->file_label, shown);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->file_label), file_path);
    }
  else
    {
      gtk_label_set_text (self->file_label, _("Not saved to a file yet"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->file_label), NULL);
    }

  gtk_widget_set_visible (self->reference_box, reference_path != NULL);
  if (reference_path != NULL)
    {
      g_autofree char *base = g_path_get_basename (reference_path);
      g_autofree char *text = g_strdup_printf (_("Reference data: %s"), base);

      gtk_label_set_text (self->reference_label, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->reference_label), reference_path);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->state_label), is_dirty (self));
}

/* The document has a whole new schema: shows it, the feature at @selected in the editor. */
static void
on_document_reset (FxSchemaPage *self,
                   guint         selected)
{
  FxSchema *header = fx_schema_document_get_header (self->document);

  self->populating = TRUE;
  fx_ui_set_editable_text (self->schema_name_entry, header->name != NULL ? header->name : "");
  fx_ui_set_editable_text (self->schema_description_entry, header->description != NULL ? header->description : "");
  if (n_features (self) > 0)
    gtk_single_selection_set_selected (self->selection, MIN (selected, n_features (self) - 1));
  self->populating = FALSE;

  gtk_stack_set_visible_child_name (self->stack, "designer");
  fx_feature_editor_set_feature (self->editor, selected_item (self));
}

/* After a new schema is in place. */
static void
show_replaced (FxSchemaPage *self)
{
  hide_banner (self);

  /* the editor starts at a comfortable width; afterwards the divider is the user's */
  if (!self->paned_placed && gtk_widget_get_width (GTK_WIDGET (self)) > 0 &&
      gtk_orientable_get_orientation (GTK_ORIENTABLE (self->paned)) == GTK_ORIENTATION_HORIZONTAL)
    {
      int width = gtk_widget_get_width (GTK_WIDGET (self));

      self->paned_placed = TRUE;
      gtk_paned_set_position (self->paned, width - CLAMP (width * 3 / 10, 360, 480));
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* Puts @schema (taken) in place of the current one, which undo can bring back.
 * Returns whether the one replaced had unsaved changes. */
static gboolean
replace_schema (FxSchemaPage *self,
                FxSchema     *schema,
                const char   *file_path,
                const char   *reference_path,
                gboolean      saved)
{
  gboolean was_dirty = fx_schema_document_replace (self->document, schema, file_path, reference_path, saved);

  show_replaced (self);
  return was_dirty;
}

/* Nothing is lost by opening another schema: undo brings the unsaved one back. */
static void
offer_undo_if (FxSchemaPage *self,
               gboolean      replaced_unsaved)
{
  if (replaced_unsaved)
    toast (self, _("The schema with unsaved changes was replaced"), TRUE);
}

/* Call before changing the schema; returns FALSE when the change is not the user's.
 * Changes with the same @key to the same feature make one step of undo. */
static gboolean
begin_edit (FxSchemaPage  *self,
            gconstpointer  key)
{
  if (self->populating || self->document == NULL)
    return FALSE;
  return fx_schema_document_begin_edit (self->document, key, selected_item (self),
                                        gtk_single_selection_get_selected (self->selection));
}

/* The document then says it changed, and the page shows what it finds wrong. */
static void
end_edit (FxSchemaPage *self)
{
  fx_schema_document_end_edit (self->document);
}

static void
on_document_changed (FxSchemaPage *self)
{
  validate (self);
  update_header (self);
  update_actions (self);
}

/* ---- checks --------------------------------------------------------------------- */

static void
on_problem_activated (FxSchemaPage  *self,
                      GtkListBoxRow *row)
{
  FxFeatureDraft *item = g_object_get_data (G_OBJECT (row), "item");
  guint position;

  if (item != NULL && g_list_store_find (self->features, item, &position))
    {
      gtk_single_selection_set_selected (self->selection, position);
      fx_feature_editor_focus_name (self->editor, FALSE);
    }
}

static void
show_problems (FxSchemaPage *self)
{
  GPtrArray *problems = fx_schema_document_get_problems (self->document);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);

  for (guint i = 0; i < MIN (problems->len, MAX_PROBLEM_ROWS); i++)
    {
      FxSchemaProblem *problem = g_ptr_array_index (problems, i);
      g_autoptr(FxFeatureDraft) item = problem->feature_index >= 0
                                       ? g_list_model_get_item (G_LIST_MODEL (self->features), problem->feature_index)
                                       : NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), problem->message);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
      gtk_widget_add_css_class (icon, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problem"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      if (item != NULL)
        {
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          gtk_widget_set_tooltip_text (row, _("Show the feature"));
          g_object_set_data_full (G_OBJECT (row), "item", g_object_ref (item), g_object_unref);
        }
      gtk_list_box_append (self->problems_list, row);
    }

  if (problems->len > 0)
    {
      g_autofree char *title = g_strdup_printf (ngettext ("%u problem stops the schema from being used",
                                                          "%u problems stop the schema from being used",
                                                          problems->len),
                                                problems->len);

      gtk_label_set_text (self->problems_title, title);
    }
  gtk_revealer_set_reveal_child (self->problems_revealer, problems->len > 0);
}

/* Says what the document found wrong under the list; the editor marks its fields. */
static void
validate (FxSchemaPage *self)
{
  show_problems (self);
}

/* ---- the editor ------------------------------------------------------------------ */

static void
scroll_to (FxSchemaPage *self,
           guint         position)
{
  /* the column view has no call for it in GTK 4.8; its list has an action */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

static void
on_selected_changed (FxSchemaPage *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  if (self->populating)
    return;
  /* typing in another feature, or in this one again later, is a step of its own */
  fx_schema_document_close_step (self->document);
  fx_feature_editor_set_feature (self->editor, selected_item (self));
  validate (self);
  update_actions (self);
  if (position != GTK_INVALID_LIST_POSITION)
    scroll_to (self, position);
}

static void
on_schema_name_changed (FxSchemaPage *self)
{
  if (!begin_edit (self, self->schema_name_entry))
    return;
  fx_schema_document_set_name (self->document, gtk_editable_get_text (GTK_EDITABLE (self->schema_name_entry)));
  end_edit (self);
}

static void
on_schema_description_changed (FxSchemaPage *self)
{
  if (!begin_edit (self, self->schema_description_entry))
    return;
  fx_schema_document_set_description (self->document,
                                      gtk_editable_get_text (GTK_EDITABLE (self->schema_description_entry)));
  end_edit (self);
}

static void
on_banner_dismissed (FxSchemaPage *self)
{
  hide_banner (self);
}

/* ---- files ------------------------------------------------------------------------ */

typedef void (*ChosenFunc) (FxSchemaPage *self,
                            const char   *path);

static void
on_chooser_response (GtkNativeDialog *dialog,
                     int              response,
                     FxSchemaPage    *self)
{
  ChosenFunc chosen = g_object_get_data (G_OBJECT (dialog), "chosen");
  g_autoptr(GtkFileChooserNative) chooser = g_steal_pointer (&self->chooser);
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  /* its window goes now, not at the next choice: a hidden window kept for later is one
   * GTK 4.8's accessibility can crash on (see show_shortcuts () in fx-window.c) */
  gtk_native_dialog_destroy (dialog);
  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      show_banner (self, _("Only Files on This Computer Can Be Used"), uri);
      return;
    }
  chosen (self, path);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *mime_type,
            const char     *pattern)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  if (mime_type != NULL)
    gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);
}

static void
choose_file (FxSchemaPage         *self,
             GtkFileChooserAction  action,
             const char           *title,
             const char           *accept,
             gboolean              csv,
             ChosenFunc            chosen)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooser *chooser;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  self->chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               action, accept, _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (self->chooser);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (csv)
    add_filter (chooser, _("CSV Tables"), "text/csv", "*.csv");
  else
    add_filter (chooser, _("Schemas (JSON)"), "application/json", "*.json");
  add_filter (chooser, _("All Files"), NULL, "*");

  if (action == GTK_FILE_CHOOSER_ACTION_SAVE)
    {
      g_autofree char *name = NULL;
      const char *file_path = fx_schema_document_get_file_path (self->document);

      if (file_path != NULL)
        {
          g_autoptr(GFile) dir = NULL;
          g_autofree char *dirname = g_path_get_dirname (file_path);

          dir = g_file_new_for_path (dirname);
          gtk_file_chooser_set_current_folder (chooser, dir, NULL);
          name = g_path_get_basename (file_path);
        }
      else
        {
          /* a file name from the schema's name, as a person would write it */
          g_autoptr(GString) base = g_string_new (NULL);
          const char *schema_name = fx_schema_document_get_header (self->document)->name;
          const char *from = schema_name != NULL ? schema_name : "";

          for (const char *p = from; *p != '\0'; p = g_utf8_next_char (p))
            {
              gunichar c = g_utf8_get_char (p);

              if (g_unichar_isalnum (c) || c == '-' || c == '_')
                g_string_append_unichar (base, g_unichar_tolower (c));
              else if (base->len > 0 && base->str[base->len - 1] != '-')
                g_string_append_c (base, '-');
            }
          while (base->len > 0 && base->str[base->len - 1] == '-')
            g_string_truncate (base, base->len - 1);
          name = g_strdup_printf ("%s.json", base->len > 0 ? base->str : "schema");
        }
      gtk_file_chooser_set_current_name (chooser, name);
    }

  g_object_set_data (G_OBJECT (self->chooser), "chosen", chosen);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(FxSchemaPage) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *text = NULL;

  self->saving = FALSE;
  if (!fx_schema_document_save_finish (FX_SCHEMA_DOCUMENT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_banner (self, _("The Schema Was Not Saved"), error->message);
      update_actions (self);
      return;
    }
  hide_banner (self);
  update_header (self);
  update_actions (self);
  base = g_path_get_basename (fx_schema_document_get_file_path (self->document));
  text = g_strdup_printf (_("Saved “%s”"), base);
  toast (self, text, FALSE);
}

/* Written in the document's thread; the page waits for it before another save. */
static void
save_to (FxSchemaPage *self,
         const char   *path)
{
  if (self->saving)
    return;
  self->saving = TRUE;
  update_actions (self);
  fx_schema_document_save_async (self->document, path, self->cancellable, on_saved, g_object_ref (self));
}

static void
save_chosen (FxSchemaPage *self,
             const char   *path)
{
  save_to (self, path);
}

static void
finish_open (FxSchemaPage *self,
             GAsyncResult *result,
             const char   *failure_title)
{
  g_autoptr(GError) error = NULL;
  gboolean replaced_unsaved = FALSE;

  self->opening = FALSE;
  update_actions (self);
  if (!fx_schema_document_open_finish (self->document, result, &replaced_unsaved, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_banner (self, failure_title, error->message);
      return;
    }
  show_replaced (self);
  offer_undo_if (self, replaced_unsaved);
}

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(FxSchemaPage) self = data;

  finish_open (self, result, _("The Schema Could Not Be Opened"));
}

static void
on_example_opened (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(FxSchemaPage) self = data;

  finish_open (self, result, _("The Example Could Not Be Opened"));
}

static void
open_chosen (FxSchemaPage *self,
             const char   *path)
{
  self->opening = TRUE;
  update_actions (self);
  fx_schema_document_open_async (self->document, path, self->cancellable, on_opened, g_object_ref (self));
}

/* ---- inference -------------------------------------------------------------------- */

static void
start_busy (FxSchemaPage *self,
            const char   *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *title = g_strdup_printf (_("Reading “%s”…"), base);

  self->busy = TRUE;
  g_free (self->page_before_busy);
  self->page_before_busy = g_strdup (gtk_stack_get_visible_child_name (self->stack));
  adw_status_page_set_title (self->busy_page, title);
  gtk_stack_set_visible_child_name (self->stack, "busy");
  gtk_spinner_set_spinning (self->busy_spinner, TRUE);
  update_actions (self);
}

/* Back to the page shown before, unless a new schema is about to be shown. */
static void
stop_busy (FxSchemaPage *self,
           gboolean      back)
{
  self->busy = FALSE;
  if (back && self->page_before_busy != NULL)
    gtk_stack_set_visible_child_name (self->stack, self->page_before_busy);
  gtk_spinner_set_spinning (self->busy_spinner, FALSE);
  update_actions (self);
}

static void
on_inferred (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(FxSchemaPage) self = data;
  g_autofree char *path = g_steal_pointer (&self->inferring);
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *text = NULL;
  guint n;

  if (!fx_schema_document_open_finish (self->document, result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      stop_busy (self, TRUE);
      show_banner (self, _("The Table Could Not Be Read"), error->message);
      return;
    }
  stop_busy (self, FALSE);
  show_replaced (self);
  n = n_features (self);
  text = g_strdup_printf (ngettext ("Inferred %u feature from “%s”", "Inferred %u features from “%s”", n), n, base);
  toast (self, text, self->had_schema);
}

static void
infer_chosen (FxSchemaPage *self,
              const char   *path)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  hide_banner (self);
  start_busy (self, path);
  g_free (self->inferring);
  self->inferring = g_strdup (path);
  self->had_schema = fx_schema_document_get_loaded (self->document);
  fx_schema_document_infer_async (self->document, path, self->cancellable, on_inferred, g_object_ref (self));
}

static void
on_cancel_clicked (FxSchemaPage *self)
{
  g_cancellable_cancel (self->cancellable);
  stop_busy (self, TRUE);
}

/* ---- actions ---------------------------------------------------------------------- */

static void
update_actions (FxSchemaPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  guint position = gtk_single_selection_get_selected (self->selection);
  gboolean loaded = self->document != NULL && fx_schema_document_get_loaded (self->document);
  gboolean busy = self->busy || self->opening || self->saving;
  gboolean editing = loaded && !busy;
  gboolean has_selection = editing && position != GTK_INVALID_LIST_POSITION;

  gtk_widget_action_set_enabled (widget, "schema.open", !busy);
  gtk_widget_action_set_enabled (widget, "schema.infer", !busy);
  gtk_widget_action_set_enabled (widget, "schema.example", !busy);
  gtk_widget_action_set_enabled (widget, "schema.new", !busy);
  /* a schema read from a file and not changed since has nothing to save */
  gtk_widget_action_set_enabled (widget, "schema.save",
                                 editing && (fx_schema_document_get_file_path (self->document) == NULL ||
                                             is_dirty (self)));
  gtk_widget_action_set_enabled (widget, "schema.save-as", editing);
  gtk_widget_action_set_enabled (widget, "schema.add-feature", editing);
  gtk_widget_action_set_enabled (widget, "schema.remove-feature", has_selection);
  gtk_widget_action_set_enabled (widget, "schema.move-up", has_selection && position > 0);
  gtk_widget_action_set_enabled (widget, "schema.move-down", has_selection && position + 1 < n_features (self));
  gtk_widget_action_set_enabled (widget, "schema.undo", editing && fx_schema_document_get_can_undo (self->document));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  choose_file (FX_SCHEMA_PAGE (widget), GTK_FILE_CHOOSER_ACTION_OPEN, _("Open a Schema"), _("_Open"),
               FALSE, open_chosen);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FxSchemaPage *self = FX_SCHEMA_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = NULL;

  /* say what is wrong before a file is chosen, not after */
  if ((schema = fx_schema_document_dup_schema (self->document, &error)) == NULL)
    {
      show_banner (self, _("The Schema Cannot Be Saved Yet"), error->message);
      return;
    }
  choose_file (self, GTK_FILE_CHOOSER_ACTION_SAVE, _("Save the Schema"), _("_Save"), FALSE, save_chosen);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FxSchemaPage *self = FX_SCHEMA_PAGE (widget);

  if (fx_schema_document_get_file_path (self->document) != NULL)
    save_to (self, fx_schema_document_get_file_path (self->document));
  else
    save_as_action (widget, action_name, parameter);
}

static void
infer_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  choose_file (FX_SCHEMA_PAGE (widget), GTK_FILE_CHOOSER_ACTION_OPEN, _("Infer a Schema from a Table"),
               _("_Infer"), TRUE, infer_chosen);
}

static void
example_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FxSchemaPage *self = FX_SCHEMA_PAGE (widget);

  self->opening = TRUE;
  update_actions (self);
  fx_schema_document_open_example_async (self->document, self->cancellable, on_example_opened,
                                         g_object_ref (self));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FxSchemaPage *self = FX_SCHEMA_PAGE (widget);
  FxSchema *schema = fx_schema_new ();
  FxFeature *feature = fx_feature_new ("feature_1", FX_COLUMN_NUMBER);

  g_ptr_array_add (schema->features, feature);
  offer_undo_if (self, replace_schema (self, schema, NULL, NULL, FALSE));
  gtk_widget_grab_focus (GTK_WIDGET (self->schema_name_entry));
}

static void
add_feature_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FxSchemaPage *self = FX_SCHEMA_PAGE (widget);
  guint selected = gtk_single_selection_get_selected (self->selection);
  guint position = selected != GTK_INVALID_LIST_POSITION ? selected + 1 : n_features (self);
  g_autoptr(FxFeatureDraft) item = NULL;
  g_autofree char *name = NULL;

  if (!begin_edit (self, NULL))
    return;
  for (guint i = n_features (self) + 1; name == NULL; i++)
    {
      g_autofree char *candidate = g_strdup_printf ("feature_%u", i);
      gboolean taken = FALSE;

      for (guint k = 0; k < n_features (self); k++)
        taken |= g_strcmp0 (fx_feature_draft_get_name (item_at (self, k)), candidate) == 0;
      if (!taken)
        name = g_steal_pointer (&candidate);
    }
  item = fx_feature_draft_new (fx_feature_new (name, FX_COLUMN_NUMBER));
  g_list_store_insert (self->features, position, item);
  gtk_single_selection_set_selected (self->selection, position);
  end_edit (self);
  /* the name is what a new feature needs first */
  fx_feature_editor_focus_name (self->editor, TRUE);
}

static void
remove_feature_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FxSchemaPage *self = FX_SCHEMA_PAGE (widget);
  guint position = gtk_single_selection_get_selected (self->selection);
  g_autofree char *text = NULL;
  FxFeatureDraft *item = selected_item (self);

  if (item == NULL || !begin_edit (self, NULL))
    return;
  text = g_strdup_printf (_("“%s” removed"), fx_feature_draft_get_name (item));
  g_list_store_remove (self->features, position);
  if (n_features (self) > 0)
    gtk_single_selection_set_selected (self->selection, MIN (position, n_features (self) - 1));
  end_edit (self);
  toast (self, text, TRUE);
}

static void
move (FxSchemaPage *self,
      int           by)
{
  guint position = gtk_single_selection_get_selected (self->selection);
  guint other = position + by;
  gpointer pair[2];

  if (position == GTK_INVALID_LIST_POSITION || other >= n_features (self) || !begin_edit (self, NULL))
    return;
  pair[0] = item_at (self, MAX (position, other));
  pair[1] = item_at (self, MIN (position, other));
  self->populating = TRUE;
  g_list_store_splice (self->features, MIN (position, other), 2, pair, 2);
  gtk_single_selection_set_selected (self->selection, other);
  self->populating = FALSE;
  scroll_to (self, other);
  end_edit (self);
}

static void
move_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  move (FX_SCHEMA_PAGE (widget), -1);
}

static void
move_down_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  move (FX_SCHEMA_PAGE (widget), 1);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FxSchemaPage *self = FX_SCHEMA_PAGE (widget);

  if (self->busy || self->opening || self->saving)
    return;
  fx_schema_document_undo (self->document);
}

/* ---- GObject ---------------------------------------------------------------------- */

static void
fx_schema_page_dispose (GObject *object)
{
  FxSchemaPage *self = FX_SCHEMA_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), FX_TYPE_SCHEMA_PAGE);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  self->features = NULL;
  g_clear_pointer (&self->inferring, g_free);
  g_clear_pointer (&self->page_before_busy, g_free);

  G_OBJECT_CLASS (fx_schema_page_parent_class)->dispose (object);
}

static void
set_document (FxSchemaPage     *self,
              FxSchemaDocument *document)
{
  g_return_if_fail (self->document == NULL);

  if (document == NULL)
    return;
  self->document = g_object_ref (document);
  self->features = fx_schema_document_get_features (document);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->features));
  g_signal_connect_object (document, "reset", G_CALLBACK (on_document_reset), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (document, "changed", G_CALLBACK (on_document_changed), self, G_CONNECT_SWAPPED);
  /* undo and saving change what can be done without a change of the schema */
  g_signal_connect_object (document, "notify", G_CALLBACK (on_document_changed), self, G_CONNECT_SWAPPED);
  g_object_set (self->editor, "document", document, NULL);
  fx_generation_order_entry_set_document (self->generation_order_entry, document);
  fx_rules_editor_set_document (self->rules_editor, document);
  if (fx_schema_document_get_loaded (document))
    on_document_reset (self, 0);
  on_document_changed (self);
}

static void
fx_schema_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FxSchemaPage *self = FX_SCHEMA_PAGE (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fx_schema_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FxSchemaPage *self = FX_SCHEMA_PAGE (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      set_document (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
on_paned_turned (FxSchemaPage *self)
{
  fx_feature_columns_show_all (self->column_view,
                               gtk_orientable_get_orientation (GTK_ORIENTABLE (self->paned))
                               == GTK_ORIENTATION_HORIZONTAL);
}

static void
fx_schema_page_class_init (FxSchemaPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fx_schema_page_dispose;

  object_class->get_property = fx_schema_page_get_property;
  object_class->set_property = fx_schema_page_set_property;

  /* what the page shows and edits; set once, by the window */
  properties[PROP_DOCUMENT] = g_param_spec_object ("document", NULL, NULL, FX_TYPE_SCHEMA_DOCUMENT,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                   G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FX_TYPE_FOLD);
  g_type_ensure (FX_TYPE_FEATURE_DRAFT);
  g_type_ensure (FX_TYPE_FEATURE_EDITOR);
  g_type_ensure (FX_TYPE_GENERATION_ORDER_ENTRY);
  g_type_ensure (FX_TYPE_RULES_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/facsimile/Facsimile/ui/fx-schema-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, banner_title);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, banner_label);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, busy_page);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, schema_name_entry);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, schema_description_entry);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, generation_order_entry);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, file_label);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, reference_box);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, reference_label);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, paned);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, selection);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, problems_revealer);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, problems_title);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, problems_list);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, editor);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, rules_editor);
  gtk_widget_class_bind_template_callback (widget_class, on_banner_dismissed);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_schema_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_schema_description_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_selected_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_problem_activated);

  gtk_widget_class_install_action (widget_class, "schema.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "schema.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "schema.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "schema.infer", NULL, infer_action);
  gtk_widget_class_install_action (widget_class, "schema.example", NULL, example_action);
  gtk_widget_class_install_action (widget_class, "schema.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "schema.add-feature", NULL, add_feature_action);
  gtk_widget_class_install_action (widget_class, "schema.remove-feature", NULL, remove_feature_action);
  gtk_widget_class_install_action (widget_class, "schema.move-up", NULL, move_up_action);
  gtk_widget_class_install_action (widget_class, "schema.move-down", NULL, move_down_action);
  gtk_widget_class_install_action (widget_class, "schema.undo", NULL, undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "schema.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "schema.save-as", NULL);
}

static void
fx_schema_page_init (FxSchemaPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fx_feature_columns_add (self->column_view);
  /* stacked over the editor in a narrow window, the list shows a feature's name and
   * type, which fit, rather than columns that scroll the names away */
  g_signal_connect_object (self->paned, "notify::orientation", G_CALLBACK (on_paned_turned), self,
                           G_CONNECT_SWAPPED);

  gtk_stack_set_visible_child_name (self->stack, "welcome");
  update_actions (self);
}
