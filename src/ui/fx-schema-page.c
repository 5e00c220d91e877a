/* fx-schema-page.c: the schema designer
 *
 * The features live in a list store of FxFeatureDraft, shown by a column view and
 * edited one at a time beside it; the table-level settings live in a schema without
 * features.  After every edit the whole schema is checked, and what is wrong is said
 * under the list and on the entries concerned.  Undo keeps copies of earlier schemas.
 * Reading a table and inferring a schema from it runs in a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-csv.h"
#include "fx-error.h"
#include "fx-example.h"
#include "fx-feature-draft.h"
#include "fx-schema-page.h"

/* Frequencies may be rounded; the core accepts a list this far from adding up to 1. */
#define FREQUENCY_SUM_TOLERANCE 1e-3
#define MAX_UNDO 100
/* A column of identifiers can have thousands of labels: past this many the editor
 * lists no more of them (they are kept). */
#define MAX_CATEGORY_ROWS 100
#define MAX_PROBLEM_ROWS 50

typedef struct
{
  FxSchema *schema;
  char     *file_path;
  char     *reference_path;
  guint     serial;
  guint     saved_serial;
  guint     selected;
  /* taken before the whole schema was replaced (opened, inferred…): undoing it
   * brings back the file and the reference data too */
  gboolean  replaced;
} Snapshot;

typedef struct
{
  FxFeatureDraft *item;  /* (nullable) */
  char          *message;
} Problem;

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
  GtkLabel             *state_label;
  GtkLabel             *file_label;
  GtkLabel             *count_label;
  GtkWidget            *reference_box;
  GtkLabel             *reference_label;
  GtkPaned             *paned;
  GtkColumnView        *column_view;
  GtkSingleSelection   *selection;
  GListStore           *features;
  GtkRevealer          *problems_revealer;
  GtkLabel             *problems_title;
  GtkListBox           *problems_list;
  GtkStack             *editor_stack;
  GtkScrolledWindow    *editor_scroller;
  AdwEntryRow          *name_row;
  AdwComboRow          *type_row;
  AdwEntryRow          *unit_row;
  AdwEntryRow          *description_row;
  AdwEntryRow          *minimum_row;
  AdwEntryRow          *maximum_row;
  GtkSwitch            *nullable_switch;
  AdwEntryRow          *missing_row;
  AdwPreferencesGroup  *categories_group;
  GtkSwitch            *target_switch;
  GtkSwitch            *group_switch;

  GPtrArray            *category_rows;  /* (element-type AdwEntryRow) */

  /* the schema: table-level settings here, features in the store */
  FxSchema             *header;
  gboolean              loaded;
  char                 *file_path;
  char                 *reference_path;
  GPtrArray            *problems;       /* (element-type Problem) */

  /* every state of the schema has a serial; it is saved when the saved one is its */
  guint                 next_serial;
  guint                 serial;
  guint                 saved_serial;

  GPtrArray            *undo;           /* (element-type Snapshot) */
  /* keystrokes in one field of one feature make a single step of undo */
  gconstpointer         last_edit_key;
  FxFeatureDraft        *last_edit_item;

  /* set while the widgets are filled in, so that this is not taken for an edit */
  gboolean              populating;
  gboolean              busy;
  char                 *page_before_busy;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  gboolean              paned_placed;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FxSchemaPage, fx_schema_page, ADW_TYPE_BIN)

static void validate       (FxSchemaPage *self);
static void populate       (FxSchemaPage *self);
static void update_actions (FxSchemaPage *self);

/* ---- small helpers ------------------------------------------------------------ */

static void
snapshot_free (Snapshot *snapshot)
{
  g_clear_pointer (&snapshot->schema, fx_schema_free);
  g_free (snapshot->file_path);
  g_free (snapshot->reference_path);
  g_free (snapshot);
}

static void
problem_free (Problem *problem)
{
  g_clear_object (&problem->item);
  g_free (problem->message);
  g_free (problem);
}

static void
add_problem (FxSchemaPage  *self,
             FxFeatureDraft *item,
             char          *message)
{
  Problem *problem = g_new0 (Problem, 1);

  problem->item = item != NULL ? g_object_ref (item) : NULL;
  problem->message = message;
  g_ptr_array_add (self->problems, problem);
}

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

static gboolean
parse_number (const char *text,
              double     *value)
{
  gboolean integer_text;

  return fx_csv_parse_number (text, strlen (text), value, &integer_text);
}

static void
set_error_style (gpointer widget,
                 gboolean error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (widget), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (widget), "error");
}

/* Sets the text only when it differs, so that the cursor stays where it is. */
static void
set_editable_text (gpointer    editable,
                   const char *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (editable)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (editable), text);
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

/* A copy of the schema as it stands, valid or not. */
static FxSchema *
build_schema (FxSchemaPage *self)
{
  FxSchema *schema = fx_schema_new ();

  schema->name = g_strdup (self->header->name);
  schema->description = g_strdup (self->header->description);
  for (guint i = 0; i < self->header->constraints->len; i++)
    g_ptr_array_add (schema->constraints, g_strdup (g_ptr_array_index (self->header->constraints, i)));

  for (guint i = 0; i < n_features (self); i++)
    {
      FxFeatureDraft *item = item_at (self, i);
      FxFeature *feature = fx_feature_draft_dup_feature (item);

      if (fx_feature_draft_get_target (item) && schema->target == NULL)
        schema->target = g_strdup (feature->name);
      if (fx_feature_draft_get_group (item))
        g_ptr_array_add (schema->group_by, g_strdup (feature->name));
      g_ptr_array_add (schema->features, feature);
    }
  return schema;
}

static gboolean
is_dirty (FxSchemaPage *self)
{
  return self->loaded && self->serial != self->saved_serial;
}

static void
update_header (FxSchemaPage *self)
{
  guint n = n_features (self);
  g_autofree char *count = g_strdup_printf (ngettext ("%u feature", "%u features", n), n);

  gtk_label_set_text (self->count_label, count);

  if (self->file_path != NULL)
    {
      g_autofree char *shown = display_path (self->file_path);

      gtk_label_set_text (self->file_label, shown);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->file_label), self->file_path);
    }
  else
    {
      gtk_label_set_text (self->file_label, _("Not saved to a file yet"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->file_label), NULL);
    }

  gtk_widget_set_visible (self->reference_box, self->reference_path != NULL);
  if (self->reference_path != NULL)
    {
      g_autofree char *base = g_path_get_basename (self->reference_path);
      g_autofree char *text = g_strdup_printf (_("Reference data: %s"), base);

      gtk_label_set_text (self->reference_label, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->reference_label), self->reference_path);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->state_label), is_dirty (self));
}

static void
push_snapshot (FxSchemaPage *self,
               gboolean      replaced)
{
  Snapshot *snapshot = g_new0 (Snapshot, 1);

  snapshot->schema = build_schema (self);
  snapshot->file_path = g_strdup (self->file_path);
  snapshot->reference_path = g_strdup (self->reference_path);
  snapshot->serial = self->serial;
  snapshot->saved_serial = self->saved_serial;
  snapshot->selected = gtk_single_selection_get_selected (self->selection);
  snapshot->replaced = replaced;
  if (self->undo->len >= MAX_UNDO)
    g_ptr_array_remove_index (self->undo, 0);
  g_ptr_array_add (self->undo, snapshot);
}

/* Shows @schema (taken) in the designer. */
static void
load_state (FxSchemaPage *self,
            FxSchema     *schema,
            guint         selected)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree gpointer *features = NULL;
  gsize n = 0;

  features = g_ptr_array_steal (schema->features, &n);
  for (gsize i = 0; i < n; i++)
    {
      FxFeature *feature = features[i];
      FxFeatureDraft *item = fx_feature_draft_new (feature);
      gboolean group = FALSE;

      for (guint k = 0; k < schema->group_by->len; k++)
        group |= g_strcmp0 (g_ptr_array_index (schema->group_by, k), feature->name) == 0;
      fx_feature_draft_set_target (item, g_strcmp0 (schema->target, feature->name) == 0);
      fx_feature_draft_set_group (item, group);
      g_ptr_array_add (items, item);
    }
  /* roles live in the items from now on */
  g_clear_pointer (&schema->target, g_free);
  g_ptr_array_set_size (schema->group_by, 0);
  g_clear_pointer (&self->header, fx_schema_free);
  self->header = schema;
  self->loaded = TRUE;
  self->last_edit_key = NULL;
  self->last_edit_item = NULL;

  self->populating = TRUE;
  set_editable_text (self->schema_name_entry, schema->name != NULL ? schema->name : "");
  set_editable_text (self->schema_description_entry, schema->description != NULL ? schema->description : "");
  g_list_store_splice (self->features, 0, n_features (self), items->pdata, items->len);
  if (items->len > 0)
    gtk_single_selection_set_selected (self->selection, MIN (selected, items->len - 1));
  self->populating = FALSE;

  gtk_stack_set_visible_child_name (self->stack, "designer");
  populate (self);
  validate (self);
  update_header (self);
  update_actions (self);
  g_signal_emit (self, signals[CHANGED], 0);
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
  gboolean was_dirty = is_dirty (self);
  char *old;

  if (self->loaded)
    push_snapshot (self, TRUE);

  old = self->file_path;
  self->file_path = g_strdup (file_path);
  g_free (old);
  old = self->reference_path;
  self->reference_path = g_strdup (reference_path);
  g_free (old);
  self->serial = ++self->next_serial;
  self->saved_serial = saved ? self->serial : 0;
  hide_banner (self);
  load_state (self, schema, 0);

  /* the editor starts at a comfortable width; afterwards the divider is the user's */
  if (!self->paned_placed && gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    {
      int width = gtk_widget_get_width (GTK_WIDGET (self));

      self->paned_placed = TRUE;
      gtk_paned_set_position (self->paned, width - CLAMP (width * 3 / 10, 360, 480));
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
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
  FxFeatureDraft *item;

  if (self->populating || !self->loaded)
    return FALSE;
  item = selected_item (self);
  if (key == NULL || key != self->last_edit_key || item != self->last_edit_item)
    push_snapshot (self, FALSE);
  self->last_edit_key = key;
  self->last_edit_item = item;
  return TRUE;
}

static void
end_edit (FxSchemaPage *self)
{
  self->serial = ++self->next_serial;
  validate (self);
  update_header (self);
  update_actions (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* ---- checks --------------------------------------------------------------------- */

typedef struct
{
  gboolean name;
  gboolean minimum;
  gboolean maximum;
  gboolean missing;
} BadFields;

static void
check_feature (FxSchemaPage  *self,
               FxFeatureDraft *item,
               guint          index,
               GHashTable    *name_counts,
               BadFields     *bad)
{
  FxFeature *f = fx_feature_draft_get_feature (item);
  g_autofree char *who = NULL;
  const char *text;

  memset (bad, 0, sizeof *bad);

  if (f->name[0] == '\0')
    {
      who = g_strdup_printf (_("Feature %u"), index + 1);
      add_problem (self, item, g_strdup_printf (_("Feature %u has no name"), index + 1));
      bad->name = TRUE;
    }
  else
    {
      who = g_strdup_printf ("“%s”", f->name);
      if (GPOINTER_TO_UINT (g_hash_table_lookup (name_counts, f->name)) > 1)
        {
          add_problem (self, item, g_strdup_printf (_("Two features are named “%s”"), f->name));
          bad->name = TRUE;
        }
    }

  if ((text = fx_feature_draft_get_unparsed (item, FX_FEATURE_FIELD_MINIMUM)) != NULL)
    {
      /* Translators: the first %s is a feature, the second what was typed */
      add_problem (self, item, g_strdup_printf (_("%s: the minimum “%s” is not a number"), who, text));
      bad->minimum = TRUE;
    }
  if ((text = fx_feature_draft_get_unparsed (item, FX_FEATURE_FIELD_MAXIMUM)) != NULL)
    {
      add_problem (self, item, g_strdup_printf (_("%s: the maximum “%s” is not a number"), who, text));
      bad->maximum = TRUE;
    }
  if (f->has_minimum && f->has_maximum && f->minimum > f->maximum)
    {
      add_problem (self, item, g_strdup_printf (_("%s: the minimum is above the maximum"), who));
      bad->minimum = bad->maximum = TRUE;
    }

  if ((text = fx_feature_draft_get_unparsed (item, FX_FEATURE_FIELD_MISSING_RATE)) != NULL)
    {
      add_problem (self, item, g_strdup_printf (_("%s: the missing rate “%s” is not a number from 0 to 1"),
                                                who, text));
      bad->missing = TRUE;
    }
  else if (!f->nullable && f->missing_rate > 0)
    {
      add_problem (self, item, g_strdup_printf (_("%s: a missing rate above 0 needs Nullable on"), who));
      bad->missing = TRUE;
    }

  if (f->categories->len > 0)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint k = 0; k < f->categories->len; k++)
        {
          const char *label = g_ptr_array_index (f->categories, k);

          if (label[0] == '\0')
            add_problem (self, item, g_strdup_printf (_("%s: category %u has no label"), who, k + 1));
          else if (!g_hash_table_add (seen, (gpointer) label))
            add_problem (self, item, g_strdup_printf (_("%s: the category “%s” is listed twice"), who, label));
        }
    }

  if (f->frequencies != NULL && f->frequencies->len > 0)
    {
      gboolean all = f->frequencies->len == f->categories->len;
      double sum = 0;

      for (guint k = 0; k < f->frequencies->len; k++)
        {
          double v = g_array_index (f->frequencies, double, k);

          all &= !isnan (v);
          sum += v;
        }
      if (!all)
        add_problem (self, item, g_strdup_printf (_("%s: give every category a frequency from 0 to 1, or none"), who));
      else if (fabs (sum - 1) > FREQUENCY_SUM_TOLERANCE)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (buf, sizeof buf, "%.4g", sum);
          add_problem (self, item, g_strdup_printf (_("%s: the frequencies add up to %s, not 1"), who, buf));
        }
    }
}

static void
on_problem_activated (FxSchemaPage  *self,
                      GtkListBoxRow *row)
{
  FxFeatureDraft *item = g_object_get_data (G_OBJECT (row), "item");
  guint position;

  if (item != NULL && g_list_store_find (self->features, item, &position))
    {
      gtk_single_selection_set_selected (self->selection, position);
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
    }
}

static void
show_problems (FxSchemaPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);

  for (guint i = 0; i < MIN (self->problems->len, MAX_PROBLEM_ROWS); i++)
    {
      Problem *problem = g_ptr_array_index (self->problems, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), problem->message);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
      gtk_widget_add_css_class (icon, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problem"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      if (problem->item != NULL)
        {
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          gtk_widget_set_tooltip_text (row, _("Show the feature"));
          g_object_set_data_full (G_OBJECT (row), "item", g_object_ref (problem->item), g_object_unref);
        }
      gtk_list_box_append (self->problems_list, row);
    }

  if (self->problems->len > 0)
    {
      g_autofree char *title = g_strdup_printf (ngettext ("%u problem stops the schema from being used",
                                                          "%u problems stop the schema from being used",
                                                          self->problems->len),
                                                self->problems->len);

      gtk_label_set_text (self->problems_title, title);
    }
  gtk_revealer_set_reveal_child (self->problems_revealer, self->problems->len > 0);
}

static void
update_category_errors (FxSchemaPage *self)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint k = 0; k < self->category_rows->len; k++)
    {
      const char *label = gtk_editable_get_text (g_ptr_array_index (self->category_rows, k));

      g_hash_table_insert (counts, (gpointer) label,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, label)) + 1));
    }
  for (guint k = 0; k < self->category_rows->len; k++)
    {
      gpointer row = g_ptr_array_index (self->category_rows, k);
      const char *label = gtk_editable_get_text (row);

      set_error_style (row, label[0] == '\0' || GPOINTER_TO_UINT (g_hash_table_lookup (counts, label)) > 1);
    }
}

static void
update_categories_description (FxSchemaPage *self)
{
  FxFeatureDraft *item = selected_item (self);
  FxFeature *f;
  g_autofree char *text = NULL;

  if (item == NULL)
    return;
  f = fx_feature_draft_get_feature (item);
  if (f->categories->len == 0)
    text = g_strdup (_("None listed: any label is accepted."));
  else if (f->frequencies != NULL && f->frequencies->len > 0)
    {
      double sum = 0;
      gboolean all = TRUE;
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      for (guint k = 0; k < f->frequencies->len; k++)
        {
          double v = g_array_index (f->frequencies, double, k);

          all &= !isnan (v);
          sum += isnan (v) ? 0 : v;
        }
      g_ascii_formatd (buf, sizeof buf, "%.4g", sum);
      text = all ? g_strdup_printf (_("Frequencies are shares of the records that are not missing; they add up to %s."), buf)
                 : g_strdup (_("Give every category a frequency from 0 to 1, or none."));
    }
  else
    text = g_strdup (_("Without frequencies every label is taken as equally likely."));
  if (f->categories->len > MAX_CATEGORY_ROWS)
    {
      g_autofree char *more = g_strdup_printf (_("The first %u of %u are listed here."), MAX_CATEGORY_ROWS,
                                               f->categories->len);
      char *both = g_strconcat (text, " ", more, NULL);

      g_free (text);
      text = both;
    }
  adw_preferences_group_set_description (self->categories_group, text);
}

/* Checks the whole schema and says what is wrong, under the list, in the list and
 * on the entries of the feature being edited. */
static void
validate (FxSchemaPage *self)
{
  g_autoptr(GHashTable) name_counts = g_hash_table_new (g_str_hash, g_str_equal);
  FxFeatureDraft *selected = selected_item (self);
  BadFields selected_bad = { 0 };
  guint n = n_features (self);

  g_ptr_array_set_size (self->problems, 0);
  if (!self->loaded)
    {
      show_problems (self);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      const char *name = fx_feature_draft_get_name (item_at (self, i));

      g_hash_table_insert (name_counts, (gpointer) name,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (name_counts, name)) + 1));
    }

  for (guint i = 0; i < n; i++)
    {
      FxFeatureDraft *item = item_at (self, i);
      guint before = self->problems->len;
      BadFields bad;

      check_feature (self, item, i, name_counts, &bad);
      fx_feature_draft_set_problem (item, self->problems->len > before
                                         ? ((Problem *) g_ptr_array_index (self->problems, before))->message
                                         : NULL);
      if (item == selected)
        selected_bad = bad;
    }

  if (n == 0)
    add_problem (self, NULL, g_strdup (_("The schema has no features: add at least one")));

  /* the core has the last word: what it would not load is not valid either */
  if (self->problems->len == 0)
    {
      g_autoptr(FxSchema) schema = build_schema (self);
      g_autoptr(GPtrArray) found = fx_schema_check (schema);

      for (guint i = 0; i < found->len; i++)
        {
          FxSchemaProblem *problem = g_ptr_array_index (found, i);

          add_problem (self, problem->feature_index >= 0 ? item_at (self, problem->feature_index) : NULL,
                       g_strdup (problem->message));
        }
    }

  show_problems (self);
  set_error_style (self->name_row, selected_bad.name);
  set_error_style (self->minimum_row, selected_bad.minimum);
  set_error_style (self->maximum_row, selected_bad.maximum);
  set_error_style (self->missing_row, selected_bad.missing);
  update_category_errors (self);
  update_categories_description (self);
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

/* Once @widget has its place, scrolls the editor to show it. */
static gboolean
reveal_tick (GtkWidget     *widget,
             GdkFrameClock *frame_clock,
             gpointer       data)
{
  FxSchemaPage *self = FX_SCHEMA_PAGE (widget);
  GtkWidget *target = data;
  GtkWidget *viewport = gtk_scrolled_window_get_child (self->editor_scroller);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->editor_scroller);
  graphene_rect_t bounds;
  double top;

  if (gtk_widget_get_parent (target) == NULL)
    return G_SOURCE_REMOVE;
  if (gtk_widget_get_height (target) == 0)
    return G_SOURCE_CONTINUE;
  if (gtk_widget_compute_bounds (target, viewport, &bounds))
    {
      top = gtk_adjustment_get_value (adjustment) + bounds.origin.y;
      gtk_adjustment_clamp_page (adjustment, top - 12, top + bounds.size.height + 12);
    }
  return G_SOURCE_REMOVE;
}

static void
reveal_in_editor (FxSchemaPage *self,
                  GtkWidget    *target)
{
  gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_tick, g_object_ref (target), g_object_unref);
}

static void on_category_label_changed     (AdwEntryRow  *row,
                                           FxSchemaPage *self);
static void on_category_frequency_changed (GtkEntry     *entry,
                                           FxSchemaPage *self);
static void on_remove_category_clicked    (GtkButton    *button,
                                           FxSchemaPage *self);

static gboolean
frequency_text_ok (const char *text)
{
  double v;

  return text[0] == '\0' || (parse_number (text, &v) && v >= 0 && v <= 1);
}

static void
rebuild_categories (FxSchemaPage *self)
{
  FxFeatureDraft *item = selected_item (self);
  FxFeature *f;

  for (guint k = 0; k < self->category_rows->len; k++)
    adw_preferences_group_remove (self->categories_group, g_ptr_array_index (self->category_rows, k));
  g_ptr_array_set_size (self->category_rows, 0);

  if (item == NULL)
    return;
  f = fx_feature_draft_get_feature (item);
  gtk_widget_set_visible (GTK_WIDGET (self->categories_group), f->type == FX_COLUMN_CATEGORICAL);
  if (f->type != FX_COLUMN_CATEGORICAL)
    return;

  self->populating = TRUE;
  for (guint k = 0; k < MIN (f->categories->len, MAX_CATEGORY_ROWS); k++)
    {
      GtkWidget *row = adw_entry_row_new ();
      GtkWidget *entry = gtk_entry_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *title = g_strdup_printf (_("Category %u"), k + 1);
      g_autofree char *entry_label = g_strdup_printf (_("Frequency of category %u"), k + 1);
      g_autofree char *remove_label = g_strdup_printf (_("Remove category %u"), k + 1);
      char buf[32];

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_editable_set_text (GTK_EDITABLE (row), g_ptr_array_index (f->categories, k));

      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 7);
      gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 9);
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Share"));
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
      gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (entry, _("Frequency: the share of records with this label, from 0 to 1"));
      gtk_widget_add_css_class (entry, "numeric");
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, entry_label, -1);
      if (f->frequencies != NULL && k < f->frequencies->len &&
          !isnan (g_array_index (f->frequencies, double, k)))
        gtk_editable_set_text (GTK_EDITABLE (entry), fx_format_double (g_array_index (f->frequencies, double, k), buf));
      set_error_style (entry, f->frequencies != NULL && k < f->frequencies->len &&
                              isnan (g_array_index (f->frequencies, double, k)));

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove the Category"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);

      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), entry);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);
      g_object_set_data (G_OBJECT (row), "index", GUINT_TO_POINTER (k));
      g_object_set_data (G_OBJECT (entry), "index", GUINT_TO_POINTER (k));
      g_object_set_data (G_OBJECT (remove), "index", GUINT_TO_POINTER (k));
      g_signal_connect (row, "changed", G_CALLBACK (on_category_label_changed), self);
      g_signal_connect (entry, "changed", G_CALLBACK (on_category_frequency_changed), self);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_category_clicked), self);
      adw_preferences_group_add (self->categories_group, row);
      g_ptr_array_add (self->category_rows, row);
    }
  self->populating = FALSE;
}

static void
show_type_rows (FxSchemaPage *self,
                FxFeature    *f)
{
  gboolean bounds = f->type == FX_COLUMN_INTEGER || f->type == FX_COLUMN_NUMBER ||
                    f->has_minimum || f->has_maximum;

  gtk_widget_set_visible (GTK_WIDGET (self->minimum_row), bounds);
  gtk_widget_set_visible (GTK_WIDGET (self->maximum_row), bounds);
  gtk_widget_set_visible (GTK_WIDGET (self->categories_group), f->type == FX_COLUMN_CATEGORICAL);
}

static void
set_number_row (AdwEntryRow *row,
                const char  *unparsed,
                gboolean     has_value,
                double       value)
{
  char buf[32];

  if (unparsed != NULL)
    set_editable_text (row, unparsed);
  else if (has_value)
    set_editable_text (row, fx_format_double (value, buf));
  else
    set_editable_text (row, "");
}

/* Fills the editor with the selected feature. */
static void
populate (FxSchemaPage *self)
{
  FxFeatureDraft *item = selected_item (self);
  FxFeature *f;

  if (item == NULL)
    {
      gtk_stack_set_visible_child_name (self->editor_stack, "empty");
      rebuild_categories (self);
      return;
    }
  f = fx_feature_draft_get_feature (item);

  self->populating = TRUE;
  set_editable_text (self->name_row, f->name);
  adw_combo_row_set_selected (self->type_row, f->type);
  set_editable_text (self->unit_row, f->unit != NULL ? f->unit : "");
  set_editable_text (self->description_row, f->description != NULL ? f->description : "");
  set_number_row (self->minimum_row, fx_feature_draft_get_unparsed (item, FX_FEATURE_FIELD_MINIMUM),
                  f->has_minimum, f->minimum);
  set_number_row (self->maximum_row, fx_feature_draft_get_unparsed (item, FX_FEATURE_FIELD_MAXIMUM),
                  f->has_maximum, f->maximum);
  gtk_switch_set_active (self->nullable_switch, f->nullable);
  set_number_row (self->missing_row, fx_feature_draft_get_unparsed (item, FX_FEATURE_FIELD_MISSING_RATE),
                  !isnan (f->missing_rate), f->missing_rate);
  gtk_switch_set_active (self->target_switch, fx_feature_draft_get_target (item));
  gtk_switch_set_active (self->group_switch, fx_feature_draft_get_group (item));
  self->populating = FALSE;

  show_type_rows (self, f);
  rebuild_categories (self);
  gtk_stack_set_visible_child_name (self->editor_stack, "editor");
}

static void
on_selected_changed (FxSchemaPage *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  if (self->populating)
    return;
  self->last_edit_key = NULL;
  populate (self);
  validate (self);
  update_actions (self);
  if (position != GTK_INVALID_LIST_POSITION)
    scroll_to (self, position);
}

/* An edit of the selected feature: @edit changes it, with @key to group keystrokes. */
#define EDIT_SELECTED(self, key, f, item)                                           \
  FxFeatureDraft *item = selected_item (self);                                       \
  FxFeature *f;                                                                     \
  if (item == NULL || !begin_edit (self, key))                                      \
    return;                                                                         \
  f = fx_feature_draft_get_feature (item);

static void
on_name_changed (FxSchemaPage *self)
{
  EDIT_SELECTED (self, self->name_row, f, item);

  g_free (f->name);
  f->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  fx_feature_draft_changed (item);
  end_edit (self);
}

static void
set_optional_text (char       **field,
                   const char  *text)
{
  g_free (*field);
  *field = text[0] != '\0' ? g_strdup (text) : NULL;
}

static void
on_unit_changed (FxSchemaPage *self)
{
  EDIT_SELECTED (self, self->unit_row, f, item);

  set_optional_text (&f->unit, gtk_editable_get_text (GTK_EDITABLE (self->unit_row)));
  fx_feature_draft_changed (item);
  end_edit (self);
}

static void
on_description_changed (FxSchemaPage *self)
{
  EDIT_SELECTED (self, self->description_row, f, item);

  set_optional_text (&f->description, gtk_editable_get_text (GTK_EDITABLE (self->description_row)));
  fx_feature_draft_changed (item);
  end_edit (self);
}

static void
on_type_changed (FxSchemaPage *self)
{
  guint type = adw_combo_row_get_selected (self->type_row);

  if (type == GTK_INVALID_LIST_POSITION)
    return;
  {
    EDIT_SELECTED (self, NULL, f, item);

    if (f->type == (FxColumnType) type)
      {
        /* nothing changed after all: forget the step just kept */
        snapshot_free (g_ptr_array_steal_index (self->undo, self->undo->len - 1));
        update_actions (self);
        return;
      }
    f->type = type;
    /* what the new type cannot have goes; undo brings it back */
    if (f->type != FX_COLUMN_INTEGER && f->type != FX_COLUMN_NUMBER)
      {
        f->has_minimum = f->has_maximum = FALSE;
        fx_feature_draft_set_unparsed (item, FX_FEATURE_FIELD_MINIMUM, NULL);
        fx_feature_draft_set_unparsed (item, FX_FEATURE_FIELD_MAXIMUM, NULL);
        self->populating = TRUE;
        set_editable_text (self->minimum_row, "");
        set_editable_text (self->maximum_row, "");
        self->populating = FALSE;
      }
    if (f->type != FX_COLUMN_CATEGORICAL)
      {
        g_ptr_array_set_size (f->categories, 0);
        g_clear_pointer (&f->frequencies, g_array_unref);
      }
    fx_feature_draft_changed (item);
    show_type_rows (self, f);
    rebuild_categories (self);
    end_edit (self);
  }
}

/* Reads a number field; text that is not a valid value is kept for the checks. */
static void
read_number_row (FxSchemaPage   *self,
                 AdwEntryRow    *row,
                 FxFeatureField  field,
                 gboolean       *has_value,
                 double         *value,
                 gboolean        rate)
{
  EDIT_SELECTED (self, row, f, item);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  double v;

  (void) f;
  fx_feature_draft_set_unparsed (item, field, NULL);
  if (text[0] == '\0' || strspn (text, " \t") == strlen (text))
    {
      *has_value = FALSE;
      *value = rate ? NAN : 0;
    }
  else if (parse_number (text, &v) && (!rate || (v >= 0 && v <= 1)))
    {
      *has_value = TRUE;
      *value = v;
    }
  else
    {
      /* the feature keeps no value it cannot hold; the text says what is wrong */
      *has_value = FALSE;
      *value = rate ? NAN : 0;
      fx_feature_draft_set_unparsed (item, field, text);
    }
  fx_feature_draft_changed (item);
  end_edit (self);
}

static void
on_minimum_changed (FxSchemaPage *self)
{
  FxFeatureDraft *item = selected_item (self);
  FxFeature *f;

  if (item == NULL)
    return;
  f = fx_feature_draft_get_feature (item);
  read_number_row (self, self->minimum_row, FX_FEATURE_FIELD_MINIMUM, &f->has_minimum, &f->minimum, FALSE);
}

static void
on_maximum_changed (FxSchemaPage *self)
{
  FxFeatureDraft *item = selected_item (self);
  FxFeature *f;

  if (item == NULL)
    return;
  f = fx_feature_draft_get_feature (item);
  read_number_row (self, self->maximum_row, FX_FEATURE_FIELD_MAXIMUM, &f->has_maximum, &f->maximum, FALSE);
}

static void
on_missing_changed (FxSchemaPage *self)
{
  FxFeatureDraft *item = selected_item (self);
  gboolean has_value;
  FxFeature *f;

  if (item == NULL)
    return;
  f = fx_feature_draft_get_feature (item);
  read_number_row (self, self->missing_row, FX_FEATURE_FIELD_MISSING_RATE, &has_value, &f->missing_rate, TRUE);
}

static void
on_nullable_changed (FxSchemaPage *self)
{
  EDIT_SELECTED (self, NULL, f, item);

  f->nullable = gtk_switch_get_active (self->nullable_switch);
  /* a feature that cannot be missing has no missing rate above 0 */
  if (!f->nullable && f->missing_rate > 0)
    {
      char buf[32];

      f->missing_rate = 0;
      self->populating = TRUE;
      set_editable_text (self->missing_row, fx_format_double (0, buf));
      self->populating = FALSE;
    }
  fx_feature_draft_changed (item);
  end_edit (self);
}

static void
on_target_changed (FxSchemaPage *self)
{
  gboolean active = gtk_switch_get_active (self->target_switch);
  EDIT_SELECTED (self, NULL, f, item);

  (void) f;
  /* one target at most: the one chosen last */
  if (active)
    for (guint i = 0; i < n_features (self); i++)
      fx_feature_draft_set_target (item_at (self, i), FALSE);
  fx_feature_draft_set_target (item, active);
  end_edit (self);
}

static void
on_group_changed (FxSchemaPage *self)
{
  EDIT_SELECTED (self, NULL, f, item);

  (void) f;
  fx_feature_draft_set_group (item, gtk_switch_get_active (self->group_switch));
  end_edit (self);
}

static void
on_category_label_changed (AdwEntryRow  *row,
                           FxSchemaPage *self)
{
  guint k = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "index"));
  EDIT_SELECTED (self, row, f, item);

  if (k >= f->categories->len)
    return;
  g_free (g_ptr_array_index (f->categories, k));
  g_ptr_array_index (f->categories, k) = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
  fx_feature_draft_changed (item);
  end_edit (self);
}

static void
on_category_frequency_changed (GtkEntry     *entry,
                               FxSchemaPage *self)
{
  guint k = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "index"));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  gboolean any = FALSE;
  double v = NAN;
  EDIT_SELECTED (self, entry, f, item);

  if (k >= f->categories->len)
    return;
  set_error_style (entry, !frequency_text_ok (text));
  if (text[0] != '\0' && frequency_text_ok (text))
    parse_number (text, &v);

  if (f->frequencies == NULL)
    {
      f->frequencies = g_array_new (FALSE, FALSE, sizeof (double));
      for (guint i = 0; i < f->categories->len; i++)
        {
          double none = NAN;

          g_array_append_val (f->frequencies, none);
        }
    }
  g_array_index (f->frequencies, double, k) = v;

  /* an entry cleared or being typed keeps its slot; a list with only gaps is none */
  for (guint i = 0; i < f->frequencies->len; i++)
    any |= !isnan (g_array_index (f->frequencies, double, i));
  if (!any && frequency_text_ok (text))
    g_clear_pointer (&f->frequencies, g_array_unref);
  fx_feature_draft_changed (item);
  end_edit (self);
}

static void
on_remove_category_clicked (GtkButton    *button,
                            FxSchemaPage *self)
{
  guint k = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  EDIT_SELECTED (self, NULL, f, item);

  if (k >= f->categories->len)
    return;
  g_ptr_array_remove_index (f->categories, k);
  if (f->frequencies != NULL && k < f->frequencies->len)
    g_array_remove_index (f->frequencies, k);
  if (f->frequencies != NULL && f->frequencies->len == 0)
    g_clear_pointer (&f->frequencies, g_array_unref);
  fx_feature_draft_changed (item);
  rebuild_categories (self);
  end_edit (self);
  if (self->category_rows->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->category_rows, MIN (k, self->category_rows->len - 1)));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->type_row));
}

static void
on_add_category_clicked (FxSchemaPage *self)
{
  g_autofree char *label = NULL;
  EDIT_SELECTED (self, NULL, f, item);

  for (guint i = f->categories->len + 1; label == NULL; i++)
    {
      g_autofree char *candidate = g_strdup_printf (_("Category %u"), i);
      gboolean taken = FALSE;

      for (guint k = 0; k < f->categories->len; k++)
        taken |= g_str_equal (g_ptr_array_index (f->categories, k), candidate);
      if (!taken)
        label = g_steal_pointer (&candidate);
    }
  g_ptr_array_add (f->categories, g_strdup (label));
  if (f->frequencies != NULL)
    {
      /* a new label starts with no share, so that the others still add up */
      double zero = 0;

      g_array_append_val (f->frequencies, zero);
    }
  fx_feature_draft_changed (item);
  rebuild_categories (self);
  end_edit (self);
  if (self->category_rows->len > 0 && f->categories->len <= MAX_CATEGORY_ROWS)
    {
      GtkWidget *row = g_ptr_array_index (self->category_rows, self->category_rows->len - 1);

      gtk_widget_grab_focus (row);
      gtk_editable_select_region (GTK_EDITABLE (row), 0, -1);
      reveal_in_editor (self, row);
    }
}

static void
on_schema_name_changed (FxSchemaPage *self)
{
  if (!begin_edit (self, self->schema_name_entry))
    return;
  set_optional_text (&self->header->name, gtk_editable_get_text (GTK_EDITABLE (self->schema_name_entry)));
  end_edit (self);
}

static void
on_schema_description_changed (FxSchemaPage *self)
{
  if (!begin_edit (self, self->schema_description_entry))
    return;
  set_optional_text (&self->header->description,
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
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    return;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
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

      if (self->file_path != NULL)
        {
          g_autoptr(GFile) dir = NULL;
          g_autofree char *dirname = g_path_get_dirname (self->file_path);

          dir = g_file_new_for_path (dirname);
          gtk_file_chooser_set_current_folder (chooser, dir, NULL);
          name = g_path_get_basename (self->file_path);
        }
      else
        {
          /* a file name from the schema's name, as a person would write it */
          g_autoptr(GString) base = g_string_new (NULL);
          const char *from = self->header->name != NULL ? self->header->name : "";

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

static gboolean
save_to (FxSchemaPage *self,
         const char   *path)
{
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *text = NULL;

  if ((schema = fx_schema_page_dup_schema (self, &error)) == NULL ||
      !fx_schema_save_file (schema, path, &error))
    {
      show_banner (self, _("The Schema Was Not Saved"), error->message);
      return FALSE;
    }
  hide_banner (self);
  if (g_strcmp0 (self->file_path, path) != 0)
    {
      g_free (self->file_path);
      self->file_path = g_strdup (path);
    }
  self->saved_serial = self->serial;
  update_header (self);
  update_actions (self);
  text = g_strdup_printf (_("Saved “%s”"), base);
  toast (self, text, FALSE);
  return TRUE;
}

static void
save_chosen (FxSchemaPage *self,
             const char   *path)
{
  save_to (self, path);
}

static void
open_chosen (FxSchemaPage *self,
             const char   *path)
{
  g_autoptr(GError) error = NULL;
  FxSchema *schema = fx_schema_load_file (path, &error);

  if (schema == NULL)
    {
      show_banner (self, _("The Schema Could Not Be Opened"), error->message);
      return;
    }
  offer_undo_if (self, replace_schema (self, schema, path, NULL, TRUE));
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
infer_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(FxTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  char *dot;

  if ((table = fx_csv_read_file (path, NULL, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  base = g_path_get_basename (path);
  if ((dot = strrchr (base, '.')) != NULL && dot != base)
    *dot = '\0';
  g_task_return_pointer (task, fx_schema_infer (table, base), (GDestroyNotify) fx_schema_free);
}

static void
on_inferred (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  FxSchemaPage *self = FX_SCHEMA_PAGE (source);
  const char *path = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *text = NULL;
  gboolean had_schema = self->loaded;
  FxSchema *schema;
  guint n;

  schema = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  stop_busy (self, schema == NULL);
  if (schema == NULL)
    {
      show_banner (self, _("The Table Could Not Be Read"), error->message);
      return;
    }
  n = schema->features->len;
  replace_schema (self, schema, NULL, path, FALSE);
  text = g_strdup_printf (ngettext ("Inferred %u feature from “%s”", "Inferred %u features from “%s”", n), n, base);
  toast (self, text, had_schema);
}

static void
infer_chosen (FxSchemaPage *self,
              const char   *path)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  hide_banner (self);
  start_busy (self, path);
  task = g_task_new (self, self->cancellable, on_inferred, NULL);
  g_task_set_source_tag (task, infer_chosen);
  g_task_set_task_data (task, g_strdup (path), g_free);
  /* a table is read in one go; a cancelled read is simply not waited for */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, infer_thread);
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
  gboolean editing = self->loaded && !self->busy;
  gboolean has_selection = editing && position != GTK_INVALID_LIST_POSITION;

  gtk_widget_action_set_enabled (widget, "schema.open", !self->busy);
  gtk_widget_action_set_enabled (widget, "schema.infer", !self->busy);
  gtk_widget_action_set_enabled (widget, "schema.example", !self->busy);
  gtk_widget_action_set_enabled (widget, "schema.new", !self->busy);
  /* a schema read from a file and not changed since has nothing to save */
  gtk_widget_action_set_enabled (widget, "schema.save", editing && (self->file_path == NULL || is_dirty (self)));
  gtk_widget_action_set_enabled (widget, "schema.save-as", editing);
  gtk_widget_action_set_enabled (widget, "schema.add-feature", editing);
  gtk_widget_action_set_enabled (widget, "schema.remove-feature", has_selection);
  gtk_widget_action_set_enabled (widget, "schema.move-up", has_selection && position > 0);
  gtk_widget_action_set_enabled (widget, "schema.move-down", has_selection && position + 1 < n_features (self));
  gtk_widget_action_set_enabled (widget, "schema.undo", editing && self->undo->len > 0);
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
  if ((schema = fx_schema_page_dup_schema (self, &error)) == NULL)
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

  if (self->file_path != NULL)
    save_to (self, self->file_path);
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
  g_autoptr(GError) error = NULL;

  if (!fx_schema_page_load_example (self, &error))
    show_banner (self, _("The Example Could Not Be Opened"), error->message);
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
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  gtk_editable_select_region (GTK_EDITABLE (self->name_row), 0, -1);
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
  Snapshot *snapshot;
  FxSchema *schema;

  if (self->undo->len == 0 || self->busy)
    return;
  snapshot = g_ptr_array_steal_index (self->undo, self->undo->len - 1);
  schema = g_steal_pointer (&snapshot->schema);
  if (snapshot->replaced)
    {
      g_free (self->file_path);
      self->file_path = g_steal_pointer (&snapshot->file_path);
      g_free (self->reference_path);
      self->reference_path = g_steal_pointer (&snapshot->reference_path);
      self->saved_serial = snapshot->saved_serial;
    }
  self->serial = snapshot->serial;
  load_state (self, schema, snapshot->selected);
  snapshot_free (snapshot);
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
  g_clear_pointer (&self->category_rows, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->header, fx_schema_free);
  g_clear_pointer (&self->file_path, g_free);
  g_clear_pointer (&self->reference_path, g_free);
  g_clear_pointer (&self->page_before_busy, g_free);

  G_OBJECT_CLASS (fx_schema_page_parent_class)->dispose (object);
}

static void
fx_schema_page_class_init (FxSchemaPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fx_schema_page_dispose;

  /* Emitted after every change of the schema or of the reference path. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (FX_TYPE_FEATURE_DRAFT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/facsimile/Facsimile/ui/fx-schema-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, banner_title);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, banner_label);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, busy_page);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, schema_name_entry);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, schema_description_entry);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, file_label);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, reference_box);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, reference_label);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, paned);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, selection);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, features);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, problems_revealer);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, problems_title);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, problems_list);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, editor_scroller);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, type_row);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, unit_row);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, description_row);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, minimum_row);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, maximum_row);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, nullable_switch);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, missing_row);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, categories_group);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, target_switch);
  gtk_widget_class_bind_template_child (widget_class, FxSchemaPage, group_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_banner_dismissed);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_schema_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_schema_description_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_selected_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_problem_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_type_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_unit_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_description_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_minimum_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_maximum_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_nullable_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_missing_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_add_category_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_target_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_group_changed);

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

  self->category_rows = g_ptr_array_new ();
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) snapshot_free);
  self->header = fx_schema_new ();
  gtk_stack_set_visible_child_name (self->stack, "welcome");
  update_actions (self);
}

/* ---- public API ------------------------------------------------------------------- */

FxSchema *
fx_schema_page_dup_schema (FxSchemaPage  *self,
                           GError       **error)
{
  g_autoptr(FxSchema) schema = NULL;
  g_autofree char *json = NULL;

  g_return_val_if_fail (FX_IS_SCHEMA_PAGE (self), NULL);

  if (!self->loaded)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No schema yet"));
      return NULL;
    }
  if (self->problems->len > 0)
    {
      Problem *first = g_ptr_array_index (self->problems, 0);

      if (self->problems->len == 1)
        g_set_error_literal (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_INVALID, first->message);
      else
        g_set_error (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_INVALID,
                     ngettext ("%s (and %u more problem)", "%s (and %u more problems)", self->problems->len - 1),
                     first->message, self->problems->len - 1);
      return NULL;
    }
  schema = build_schema (self);
  json = fx_schema_to_json (schema);
  return fx_schema_load_data (json, -1, _("schema"), error);
}

const char *
fx_schema_page_get_reference_path (FxSchemaPage *self)
{
  g_return_val_if_fail (FX_IS_SCHEMA_PAGE (self), NULL);

  return self->reference_path;
}

gboolean
fx_schema_page_load_example (FxSchemaPage  *self,
                             GError       **error)
{
  g_autofree char *schema_path = NULL;
  g_autofree char *reference_path = NULL;
  FxSchema *schema;

  g_return_val_if_fail (FX_IS_SCHEMA_PAGE (self), FALSE);

  if ((schema_path = fx_example_get_schema_path (error)) == NULL ||
      (reference_path = fx_example_get_reference_path (error)) == NULL ||
      (schema = fx_schema_load_file (schema_path, error)) == NULL)
    return FALSE;

  /* the example's file is a copy the application rewrites: saving goes elsewhere */
  offer_undo_if (self, replace_schema (self, schema, NULL, reference_path, TRUE));
  return TRUE;
}
