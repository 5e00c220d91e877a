/* fx-run-detail-rows.c: the rows of a run's detail: a property and its value, a
 * request that opens on its prompt and answer, and what real data left the machine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fx-run-detail-rows.h"

static GtkWidget *
text_view_for (const char *text)
{
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *scroller;

  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text != NULL ? text : "", -1);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 240);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_add_css_class (scroller, "card");
  return scroller;
}

/* The prompt and the raw answer are built only when a request is opened. */
static void
on_request_expanded (AdwExpanderRow *row,
                     GParamSpec     *pspec,
                     gpointer        data)
{
  FxRequestRecord *request = data;
  GtkWidget *box;
  GtkWidget *label;

  if (!adw_expander_row_get_expanded (row) || g_object_get_data (G_OBJECT (row), "filled") != NULL)
    return;
  g_object_set_data (G_OBJECT (row), "filled", GINT_TO_POINTER (1));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 12);
  if (request->error != NULL)
    {
      label = gtk_label_new (request->error);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "error");
      gtk_box_append (GTK_BOX (box), label);
    }
  label = gtk_label_new (_("Prompt"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), text_view_for (request->prompt));
  label = gtk_label_new (_("Response"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), text_view_for (request->response_body != NULL ? request->response_body
                                                                               : _("No response")));
  adw_expander_row_add_row (row, box);
}

GtkWidget *
fx_run_property_row (const char *title,
                     const char *value,
                     gboolean    monospace)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value != NULL && value[0] != '\0' ? value : "—");

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (title_label, "caption");
  gtk_widget_add_css_class (title_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  if (monospace)
    gtk_widget_add_css_class (value_label, "monospace");
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), value_label);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return row;
}

char *
fx_run_describe_disclosure (const char *json)
{
  g_autoptr(JsonNode) root = json != NULL ? json_from_string (json, NULL) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *entries;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return g_strdup (json);
  entries = json_node_get_array (root);
  if (json_array_get_length (entries) == 0)
    return g_strdup (_("None: no real row left this machine"));
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      JsonObject *sent = entry != NULL ? json_object_get_object_member (entry, "sent") : NULL;
      JsonArray *rows = sent != NULL ? json_object_get_array_member (sent, "real_rows") : NULL;
      JsonArray *columns = sent != NULL ? json_object_get_array_member (sent, "columns") : NULL;
      guint n_rows = rows != NULL ? json_array_get_length (rows) : 0;
      guint n_columns = columns != NULL ? json_array_get_length (columns) : 0;

      if (entry == NULL)
        continue;
      g_string_append_printf (text, _("%u real rows with %u columns to %s (%s)"), n_rows, n_columns,
                              json_object_get_string_member_with_default (entry, "to", "?"),
                              json_object_get_string_member_with_default (entry, "base_url", "?"));
      if (columns != NULL)
        {
          g_string_append (text, ": ");
          for (guint c = 0; c < n_columns; c++)
            g_string_append_printf (text, "%s%s", c > 0 ? ", " : "", json_array_get_string_element (columns, c));
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

GtkWidget *
fx_run_request_row (GPtrArray *requests,
                    guint      i,
                    gboolean   baseline)
{
  FxRequestRecord *q = g_ptr_array_index (requests, i);
  GtkWidget *row = adw_expander_row_new ();
  g_autofree char *row_title = g_strdup_printf (_("Request %u"), i + 1);
  g_autofree char *row_subtitle = NULL;

  if (baseline)
    row_subtitle = g_strdup_printf (_("%lld rows · %s"), (long long) q->batch_rows, q->outcome);
  else
    row_subtitle = g_strdup_printf (_("attempt %lld · %lld rows · HTTP %lld · %s · %lld ms"),
                                    (long long) q->attempt, (long long) q->batch_rows,
                                    (long long) q->http_status, q->outcome, (long long) q->latency_ms);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), row_title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), row_subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* the row keeps the requests alive as long as it exists */
  g_object_set_data_full (G_OBJECT (row), "requests", g_ptr_array_ref (requests),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect (row, "notify::expanded", G_CALLBACK (on_request_expanded), q);
  return row;
}
