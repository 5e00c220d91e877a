/* fx-feature-editor.c: the editor of one feature of the schema being designed
 *
 * Every field of the feature, its categories with their frequencies and its roles.
 * Each change is an edit of the schema document, which keeps undo and says what is
 * wrong; the editor marks the fields a problem is about.  Keystrokes in one field make
 * one step of undo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-csv.h"
#include "fx-feature-editor.h"
#include "fx-ui-util.h"

/* A column of identifiers can have thousands of labels: past this many the editor
 * lists no more of them (they are kept). */
#define MAX_CATEGORY_ROWS 100

struct _FxFeatureEditor
{
  AdwBin               parent_instance;

  FxSchemaDocument    *document;
  FxFeatureDraft      *feature;        /* (nullable) */
  GPtrArray           *category_rows;  /* (element-type AdwEntryRow) */
  /* set while the widgets are filled in, so that this is not taken for an edit */
  gboolean             populating;

  GtkStack            *editor_stack;
  GtkScrolledWindow   *editor_scroller;
  AdwEntryRow         *name_row;
  AdwComboRow         *type_row;
  AdwEntryRow         *unit_row;
  AdwEntryRow         *description_row;
  AdwEntryRow         *minimum_row;
  AdwEntryRow         *maximum_row;
  GtkSwitch           *nullable_switch;
  AdwEntryRow         *missing_row;
  AdwPreferencesGroup *categories_group;
  GtkSwitch           *target_switch;
  GtkSwitch           *group_switch;
  GtkSwitch           *identifier_switch;
  GtkSwitch           *site_switch;
};

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_FEATURE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FxFeatureEditor, fx_feature_editor, ADW_TYPE_BIN)

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

/* Call before changing the feature; returns FALSE when the change is not the user's. */
static gboolean
begin_edit (FxFeatureEditor *self,
            gconstpointer    key)
{
  guint position = GTK_INVALID_LIST_POSITION;

  if (self->populating || self->document == NULL || self->feature == NULL)
    return FALSE;
  g_list_store_find (fx_schema_document_get_features (self->document), self->feature, &position);
  return fx_schema_document_begin_edit (self->document, key, self->feature, position);
}

static void
end_edit (FxFeatureEditor *self)
{
  fx_schema_document_end_edit (self->document);
}

static void on_category_label_changed     (AdwEntryRow     *row,
                                           FxFeatureEditor *self);
static void on_category_frequency_changed (GtkEntry        *entry,
                                           FxFeatureEditor *self);
static void on_remove_category_clicked    (GtkButton       *button,
                                           FxFeatureEditor *self);


static void
set_optional_text (char       **field,
                   const char  *text)
{
  g_free (*field);
  *field = text[0] != '\0' ? g_strdup (text) : NULL;
}

static gboolean
frequency_text_ok (const char *text)
{
  double v;

  return text[0] == '\0' || (parse_number (text, &v) && v >= 0 && v <= 1);
}

static void
update_category_errors (FxFeatureEditor *self)
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
update_categories_description (FxFeatureEditor *self)
{
  FxFeatureDraft *item = self->feature;
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

/* Once @widget has its place, scrolls the editor to show it. */
static gboolean
reveal_tick (GtkWidget     *widget,
             GdkFrameClock *frame_clock,
             gpointer       data)
{
  FxFeatureEditor *self = FX_FEATURE_EDITOR (widget);
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
reveal_in_editor (FxFeatureEditor *self,
                  GtkWidget       *target)
{
  gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_tick, g_object_ref (target), g_object_unref);
}

static void
rebuild_categories (FxFeatureEditor *self)
{
  FxFeatureDraft *item = self->feature;
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
show_type_rows (FxFeatureEditor *self,
                FxFeature       *f)
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
    fx_ui_set_editable_text (row, unparsed);
  else if (has_value)
    fx_ui_set_editable_text (row, fx_format_double (value, buf));
  else
    fx_ui_set_editable_text (row, "");
}

/* Fills the editor with the selected feature. */
static void
populate (FxFeatureEditor *self)
{
  FxFeatureDraft *item = self->feature;
  FxFeature *f;

  if (item == NULL)
    {
      gtk_stack_set_visible_child_name (self->editor_stack, "empty");
      rebuild_categories (self);
      return;
    }
  f = fx_feature_draft_get_feature (item);

  self->populating = TRUE;
  fx_ui_set_editable_text (self->name_row, f->name);
  adw_combo_row_set_selected (self->type_row, f->type);
  fx_ui_set_editable_text (self->unit_row, f->unit != NULL ? f->unit : "");
  fx_ui_set_editable_text (self->description_row, f->description != NULL ? f->description : "");
  set_number_row (self->minimum_row, fx_feature_draft_get_unparsed (item, FX_FEATURE_FIELD_MINIMUM),
                  f->has_minimum, f->minimum);
  set_number_row (self->maximum_row, fx_feature_draft_get_unparsed (item, FX_FEATURE_FIELD_MAXIMUM),
                  f->has_maximum, f->maximum);
  gtk_switch_set_active (self->nullable_switch, f->nullable);
  /* a percentage, as the feature list shows it */
  if (fx_feature_draft_get_unparsed (item, FX_FEATURE_FIELD_MISSING_RATE) != NULL || isnan (f->missing_rate))
    set_number_row (self->missing_row, fx_feature_draft_get_unparsed (item, FX_FEATURE_FIELD_MISSING_RATE),
                    FALSE, 0);
  else
    {
      g_autofree char *percent = g_strdup_printf ("%.3g", 100 * f->missing_rate);

      fx_ui_set_editable_text (self->missing_row, percent);
    }
  gtk_switch_set_active (self->target_switch, fx_feature_draft_get_target (item));
  gtk_switch_set_active (self->group_switch, fx_feature_draft_get_group (item));
  gtk_switch_set_active (self->identifier_switch, f->identifier);
  gtk_switch_set_active (self->site_switch,
                         g_strcmp0 (fx_schema_document_get_header (self->document)->site, f->name) == 0);
  self->populating = FALSE;

  show_type_rows (self, f);
  rebuild_categories (self);
  gtk_stack_set_visible_child_name (self->editor_stack, "editor");
}

/* An edit of the selected feature: @edit changes it, with @key to group keystrokes. */
#define EDIT_SELECTED(self, key, f, item)                                           \
  FxFeatureDraft *item = self->feature;                                       \
  FxFeature *f;                                                                     \
  if (item == NULL || !begin_edit (self, key))                                      \
    return;                                                                         \
  f = fx_feature_draft_get_feature (item);

static void
on_name_changed (FxFeatureEditor *self)
{
  EDIT_SELECTED (self, self->name_row, f, item);

  g_free (f->name);
  f->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  fx_feature_draft_changed (item);
  end_edit (self);
}

static void
on_unit_changed (FxFeatureEditor *self)
{
  EDIT_SELECTED (self, self->unit_row, f, item);

  set_optional_text (&f->unit, gtk_editable_get_text (GTK_EDITABLE (self->unit_row)));
  fx_feature_draft_changed (item);
  end_edit (self);
}

static void
on_description_changed (FxFeatureEditor *self)
{
  EDIT_SELECTED (self, self->description_row, f, item);

  set_optional_text (&f->description, gtk_editable_get_text (GTK_EDITABLE (self->description_row)));
  fx_feature_draft_changed (item);
  end_edit (self);
}

static void
on_type_changed (FxFeatureEditor *self)
{
  guint type = adw_combo_row_get_selected (self->type_row);

  if (type == GTK_INVALID_LIST_POSITION)
    return;
  {
    EDIT_SELECTED (self, NULL, f, item);

    if (f->type == (FxColumnType) type)
      {
        /* nothing changed after all: forget the step just kept */
        fx_schema_document_drop_step (self->document);
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
        fx_ui_set_editable_text (self->minimum_row, "");
        fx_ui_set_editable_text (self->maximum_row, "");
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
read_number_row (FxFeatureEditor *self,
                 AdwEntryRow     *row,
                 FxFeatureField   field,
                 gboolean        *has_value,
                 double          *value,
                 gboolean         rate)
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
  else if (parse_number (text, &v) && (!rate || (v >= 0 && v <= 100)))
    {
      /* a rate is typed as a percentage */
      *has_value = TRUE;
      *value = rate ? v / 100 : v;
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
on_minimum_changed (FxFeatureEditor *self)
{
  FxFeatureDraft *item = self->feature;
  FxFeature *f;

  if (item == NULL)
    return;
  f = fx_feature_draft_get_feature (item);
  read_number_row (self, self->minimum_row, FX_FEATURE_FIELD_MINIMUM, &f->has_minimum, &f->minimum, FALSE);
}

static void
on_maximum_changed (FxFeatureEditor *self)
{
  FxFeatureDraft *item = self->feature;
  FxFeature *f;

  if (item == NULL)
    return;
  f = fx_feature_draft_get_feature (item);
  read_number_row (self, self->maximum_row, FX_FEATURE_FIELD_MAXIMUM, &f->has_maximum, &f->maximum, FALSE);
}

static void
on_missing_changed (FxFeatureEditor *self)
{
  FxFeatureDraft *item = self->feature;
  gboolean has_value;
  FxFeature *f;

  if (item == NULL)
    return;
  f = fx_feature_draft_get_feature (item);
  read_number_row (self, self->missing_row, FX_FEATURE_FIELD_MISSING_RATE, &has_value, &f->missing_rate, TRUE);
}

static void
on_nullable_changed (FxFeatureEditor *self)
{
  EDIT_SELECTED (self, NULL, f, item);

  f->nullable = gtk_switch_get_active (self->nullable_switch);
  /* a feature that cannot be missing has no missing rate above 0 */
  if (!f->nullable && f->missing_rate > 0)
    {
      char buf[32];

      f->missing_rate = 0;
      self->populating = TRUE;
      fx_ui_set_editable_text (self->missing_row, fx_format_double (0, buf));
      self->populating = FALSE;
    }
  fx_feature_draft_changed (item);
  end_edit (self);
}

static void
on_target_changed (FxFeatureEditor *self)
{
  gboolean active = gtk_switch_get_active (self->target_switch);
  EDIT_SELECTED (self, NULL, f, item);

  (void) f;
  /* one target at most: the one chosen last */
  if (active)
    {
      GListModel *features = G_LIST_MODEL (fx_schema_document_get_features (self->document));

      for (guint i = 0; i < g_list_model_get_n_items (features); i++)
        {
          g_autoptr(FxFeatureDraft) other = g_list_model_get_item (features, i);

          fx_feature_draft_set_target (other, FALSE);
        }
    }
  fx_feature_draft_set_target (item, active);
  end_edit (self);
}

static void
on_identifier_changed (FxFeatureEditor *self)
{
  EDIT_SELECTED (self, NULL, f, item);

  f->identifier = gtk_switch_get_active (self->identifier_switch);
  fx_feature_draft_changed (item);
  end_edit (self);
}

static void
on_site_changed (FxFeatureEditor *self)
{
  const FxSchema *header = fx_schema_document_get_header (self->document);
  gboolean active = gtk_switch_get_active (self->site_switch);
  EDIT_SELECTED (self, NULL, f, item);

  /* one site column at most: the one chosen last */
  if (active)
    fx_schema_document_set_site (self->document, f->name);
  else if (g_strcmp0 (header->site, f->name) == 0)
    fx_schema_document_set_site (self->document, NULL);
  fx_feature_draft_changed (item);
  end_edit (self);
}

/* A switch row in the Role group, after the target and group rows. */
static GtkSwitch *
add_role_row (FxFeatureEditor *self,
              const char      *title,
              const char      *subtitle,
              GCallback        changed)
{
  GtkWidget *group = gtk_widget_get_ancestor (GTK_WIDGET (self->group_switch), ADW_TYPE_PREFERENCES_GROUP);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  g_signal_connect_swapped (toggle, "notify::active", changed, self);
  if (group != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return GTK_SWITCH (toggle);
}

static void
on_group_changed (FxFeatureEditor *self)
{
  EDIT_SELECTED (self, NULL, f, item);

  (void) f;
  fx_feature_draft_set_group (item, gtk_switch_get_active (self->group_switch));
  end_edit (self);
}

static void
on_category_label_changed (AdwEntryRow     *row,
                           FxFeatureEditor *self)
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
on_category_frequency_changed (GtkEntry        *entry,
                               FxFeatureEditor *self)
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
on_remove_category_clicked (GtkButton       *button,
                            FxFeatureEditor *self)
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
on_add_category_clicked (FxFeatureEditor *self)
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


/* Marks the fields the document's problems are about. */
static void
show_problems (FxFeatureEditor *self)
{
  GPtrArray *problems = self->document != NULL ? fx_schema_document_get_problems (self->document) : NULL;
  FxFeature *f = self->feature != NULL ? fx_feature_draft_get_feature (self->feature) : NULL;
  gboolean name = FALSE, minimum = FALSE, maximum = FALSE, missing = FALSE;
  guint position = GTK_INVALID_LIST_POSITION;

  if (self->feature != NULL)
    g_list_store_find (fx_schema_document_get_features (self->document), self->feature, &position);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      FxSchemaProblem *problem = g_ptr_array_index (problems, i);

      if (problem->feature_index < 0 || (guint) problem->feature_index != position || problem->field == NULL)
        continue;
      name |= g_str_equal (problem->field, "name");
      missing |= g_str_equal (problem->field, "missing_rate");
      minimum |= g_str_equal (problem->field, "minimum");
      maximum |= g_str_equal (problem->field, "maximum");
    }
  /* a range the wrong way round is both bounds' fault */
  if (f != NULL && f->has_minimum && f->has_maximum && f->minimum > f->maximum)
    minimum = maximum = TRUE;

  set_error_style (self->name_row, name);
  set_error_style (self->minimum_row, minimum);
  set_error_style (self->maximum_row, maximum);
  set_error_style (self->missing_row, missing);
  update_category_errors (self);
  update_categories_description (self);
}

static void
set_document (FxFeatureEditor  *self,
              FxSchemaDocument *document)
{
  if (self->document == document)
    return;
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, document);
  if (document != NULL)
    g_signal_connect_object (document, "changed", G_CALLBACK (show_problems), self, G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

static void
fx_feature_editor_dispose (GObject *object)
{
  FxFeatureEditor *self = FX_FEATURE_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FX_TYPE_FEATURE_EDITOR);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  g_clear_object (&self->feature);
  g_clear_pointer (&self->category_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (fx_feature_editor_parent_class)->dispose (object);
}

static void
fx_feature_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FxFeatureEditor *self = FX_FEATURE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    case PROP_FEATURE:
      g_value_set_object (value, self->feature);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fx_feature_editor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FxFeatureEditor *self = FX_FEATURE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      set_document (self, g_value_get_object (value));
      break;

    case PROP_FEATURE:
      fx_feature_editor_set_feature (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fx_feature_editor_class_init (FxFeatureEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fx_feature_editor_dispose;
  object_class->get_property = fx_feature_editor_get_property;
  object_class->set_property = fx_feature_editor_set_property;

  /* the schema the feature belongs to, which every change goes through */
  properties[PROP_DOCUMENT] = fx_ui_param_object ("document", FX_TYPE_SCHEMA_DOCUMENT);
  /* the feature shown, or NULL */
  properties[PROP_FEATURE] = fx_ui_param_object ("feature", FX_TYPE_FEATURE_DRAFT);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FX_TYPE_FEATURE_DRAFT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/facsimile/Facsimile/ui/fx-feature-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FxFeatureEditor, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, FxFeatureEditor, editor_scroller);
  gtk_widget_class_bind_template_child (widget_class, FxFeatureEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, FxFeatureEditor, type_row);
  gtk_widget_class_bind_template_child (widget_class, FxFeatureEditor, unit_row);
  gtk_widget_class_bind_template_child (widget_class, FxFeatureEditor, description_row);
  gtk_widget_class_bind_template_child (widget_class, FxFeatureEditor, minimum_row);
  gtk_widget_class_bind_template_child (widget_class, FxFeatureEditor, maximum_row);
  gtk_widget_class_bind_template_child (widget_class, FxFeatureEditor, nullable_switch);
  gtk_widget_class_bind_template_child (widget_class, FxFeatureEditor, missing_row);
  gtk_widget_class_bind_template_child (widget_class, FxFeatureEditor, categories_group);
  gtk_widget_class_bind_template_child (widget_class, FxFeatureEditor, target_switch);
  gtk_widget_class_bind_template_child (widget_class, FxFeatureEditor, group_switch);
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
}

static void
fx_feature_editor_init (FxFeatureEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->category_rows = g_ptr_array_new ();
  self->identifier_switch = add_role_row (self, _("Identifier"),
                                          _("Names a patient, stay or hospital: never a model input"),
                                          G_CALLBACK (on_identifier_changed));
  self->site_switch = add_role_row (self, _("Site column"),
                                    _("Names the hospital or region a record comes from; one feature at most"),
                                    G_CALLBACK (on_site_changed));
  gtk_stack_set_visible_child_name (self->editor_stack, "empty");
}

void
fx_feature_editor_set_feature (FxFeatureEditor *self,
                               FxFeatureDraft  *feature)
{
  g_return_if_fail (FX_IS_FEATURE_EDITOR (self));

  /* shown again even when it is the same: it may have changed under the editor (undo) */
  if (g_set_object (&self->feature, feature))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEATURE]);
  populate (self);
  show_problems (self);
}

void
fx_feature_editor_focus_name (FxFeatureEditor *self,
                              gboolean         select_all)
{
  g_return_if_fail (FX_IS_FEATURE_EDITOR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  if (select_all)
    gtk_editable_select_region (GTK_EDITABLE (self->name_row), 0, -1);
}
