/* fx-validity-view.c: the Compare pane's Validity view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fx-validity-view.h"

/* Offending rows shown per rule. */
#define EXAMPLES 3

struct _FxValidityView
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkWidget *summary;
  GtkWidget *list;
};

G_DEFINE_FINAL_TYPE (FxValidityView, fx_validity_view, GTK_TYPE_WIDGET)

static GtkWidget *
label (const char *text,
       const char *css)
{
  GtkWidget *l = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_label_set_wrap (GTK_LABEL (l), TRUE);
  gtk_label_set_selectable (GTK_LABEL (l), TRUE);
  if (css != NULL)
    gtk_widget_add_css_class (l, css);
  return l;
}

/* "age = 17, bmi = 80.2": the cells of @row in the columns @check names. */
static char *
offending_row (const FxTable *table,
               const char    *check,
               gsize          row)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, _("Row %lu: "), row + 1);
  for (guint c = 0, n = 0; c < table->columns->len; c++)
    {
      const FxColumn *column = g_ptr_array_index (table->columns, c);
      g_autofree char *value = NULL;

      if (strstr (check, column->name) == NULL)
        continue;
      value = fx_table_format_cell (table, c, row);
      g_string_append_printf (out, "%s%s = %s", n++ > 0 ? ", " : "", column->name,
                              value != NULL && value[0] != '\0' ? value : "—");
    }
  return g_string_free (out, FALSE);
}

void
fx_validity_view_set_validity (FxValidityView   *self,
                               const FxValidity *v,
                               const FxTable    *synthetic)
{
  GtkWidget *child;
  guint n_rules, n_doubtful = 0;
  g_autofree char *summary = NULL;

  g_return_if_fail (FX_IS_VALIDITY_VIEW (self));

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  if (v == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->summary), _("Compare with a schema to check its rules and "
                                                       "count invalid cells."));
      gtk_widget_set_visible (self->list, FALSE);
      return;
    }
  n_rules = fx_rules_get_n_rules (v->rules);
  for (guint r = 0; r < n_rules; r++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
      gboolean doubtful = v->real_violations != NULL && v->real_violations[r] > 0;
      g_autofree char *title = NULL;
      g_autofree char *counts = NULL;
      GArray *rows = v->examples != NULL && r < v->examples->len ? g_ptr_array_index (v->examples, r) : NULL;

      n_doubtful += doubtful;
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_widget_set_margin_top (box, 8);
      gtk_widget_set_margin_bottom (box, 8);
      title = g_strdup_printf ("%s: %s", fx_rules_get_name (v->rules, r), fx_rules_get_check (v->rules, r));
      gtk_box_append (GTK_BOX (box), label (title, "heading"));
      if (v->real_violations != NULL)
        counts = g_strdup_printf (_("Real rows that break it: %llu; synthetic rows: %llu"), (unsigned long long) v->real_violations[r], (unsigned long long) v->synthetic_violations[r]);
      else
        counts = g_strdup_printf (_("Synthetic rows that break it: %llu"),
                                  (unsigned long long) v->synthetic_violations[r]);
      gtk_box_append (GTK_BOX (box), label (counts, NULL));
      if (doubtful)
        gtk_box_append (GTK_BOX (box), label (_("Doubtful rule: real rows break it too, so the rule may be "
                                                "wrong rather than the synthetic data"), "warning"));
      for (guint k = 0; synthetic != NULL && rows != NULL && k < rows->len && k < EXAMPLES; k++)
        {
          g_autofree char *line = offending_row (synthetic, fx_rules_get_check (v->rules, r),
                                                 g_array_index (rows, gsize, k));

          gtk_box_append (GTK_BOX (box), label (line, "dim-label"));
        }
      gtk_list_box_append (GTK_LIST_BOX (self->list), box);
    }
  summary = g_strdup_printf (_("%u rules, %u of them doubtful. Invalid synthetic cells: %llu out of range, %llu unknown categories, %llu of the wrong type."),
                             n_rules, n_doubtful, (unsigned long long) v->invalid.out_of_range, (unsigned long long) v->invalid.unknown_category,
                             (unsigned long long) v->invalid.wrong_type);
  gtk_label_set_text (GTK_LABEL (self->summary), summary);
  gtk_widget_set_visible (self->list, n_rules > 0);
}

static void
fx_validity_view_dispose (GObject *object)
{
  FxValidityView *self = FX_VALIDITY_VIEW (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (fx_validity_view_parent_class)->dispose (object);
}

static void
fx_validity_view_class_init (FxValidityViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fx_validity_view_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
fx_validity_view_init (FxValidityView *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (self->box, 18);
  gtk_widget_set_margin_end (self->box, 18);
  gtk_widget_set_margin_top (self->box, 18);
  gtk_widget_set_margin_bottom (self->box, 18);
  self->summary = label (NULL, NULL);
  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Rules"), -1);
  gtk_box_append (GTK_BOX (self->box), self->summary);
  gtk_box_append (GTK_BOX (self->box), self->list);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}
