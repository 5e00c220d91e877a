/* fx-study-leaderboard.c: a study's leaderboard, sortable, exported as CSV and JSON
 *
 * One row per generator, strategy, number of features and number of rows; a column per
 * measure of the leaderboard, found by walking FxMeasure, so that a measure added there
 * shows here too.  Each cell is the mean over the repeats ± their standard deviation,
 * in the locale's numbers.  A click on a header sorts by that column.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-file.h"
#include "fx-leaderboard-item.h"
#include "fx-study-leaderboard.h"
#include "fx-ui-util.h"

/* about the height of a row of the table, in pixels */
#define ROW_HEIGHT 26

/* the columns before the measures */
enum
{
  COLUMN_GENERATOR,
  COLUMN_FEATURES,
  COLUMN_ROWS,
  COLUMN_REPEATS,
  N_KEY_COLUMNS,
};

struct _FxStudyLeaderboard
{
  AdwBin         parent_instance;

  GListStore    *store;
  GtkSortListModel *sorted;
  GtkColumnView *view;
  GtkScrolledWindow *scrolled;
  GtkLabel      *empty_label;
  GtkWidget     *export_box;
  char          *csv;
  char          *json;
};

G_DEFINE_FINAL_TYPE (FxStudyLeaderboard, fx_study_leaderboard, ADW_TYPE_BIN)

/* ---- the cells -------------------------------------------------------------------- */

/* The decimals of a measure of about @value in the locale's numbers: whole numbers for
 * large ones (tokens), more for small ones (a cost of a fraction of a cent). */
static int
decimals_for (double value)
{
  double a = fabs (value);

  if (a >= 1000)
    return 0;
  if (a >= 10)
    return 1;
  if (a == 0 || a >= 0.01)
    return 3;
  return MIN ((int) ceil (-log10 (a)) + 2, 8);
}

static char *
format_number (double value,
               int    decimals)
{
  if (isnan (value))
    return g_strdup ("—");
  return g_strdup_printf ("%'.*f", decimals, value);
}

static char *
cell_text (FxLeaderboardItem *item,
           guint              column)
{
  const FxLeaderboardRow *row = fx_leaderboard_item_get_row (item);

  switch (column)
    {
    case COLUMN_GENERATOR:
      return g_strdup (fx_leaderboard_item_get_generator (item));
    case COLUMN_FEATURES:
      return g_strdup_printf ("%u", row->n_features);
    case COLUMN_ROWS:
      return g_strdup_printf ("%'u", row->n_rows);
    case COLUMN_REPEATS:
      return g_strdup_printf ("%u", row->repeats);
    default:
      {
        guint m = column - N_KEY_COLUMNS;
        int decimals = decimals_for (row->mean[m]);
        g_autofree char *mean = format_number (row->mean[m], decimals);
        g_autofree char *sd = NULL;

        /* the spread to the mean's precision */
        if (isnan (row->mean[m]) || isnan (row->sd[m]))
          return g_steal_pointer (&mean);
        sd = format_number (row->sd[m], decimals);
        return g_strdup_printf ("%s ± %s", mean, sd);
      }
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);
  guint column = GPOINTER_TO_UINT (data);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_GENERATOR ? 0 : 1);
  if (column != COLUMN_GENERATOR)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  data)
{
  FxLeaderboardItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = cell_text (item, GPOINTER_TO_UINT (data));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
}

/* ---- sorting ---------------------------------------------------------------------- */

static int
compare_values (double a,
                double b)
{
  /* not measured comes last, whichever way */
  if (isnan (a) || isnan (b))
    return isnan (a) - isnan (b);
  return (a > b) - (a < b);
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  FxLeaderboardItem *x = FX_LEADERBOARD_ITEM ((gpointer) a);
  FxLeaderboardItem *y = FX_LEADERBOARD_ITEM ((gpointer) b);
  const FxLeaderboardRow *p = fx_leaderboard_item_get_row (x);
  const FxLeaderboardRow *q = fx_leaderboard_item_get_row (y);
  guint column = GPOINTER_TO_UINT (data);

  switch (column)
    {
    case COLUMN_GENERATOR:
      return g_utf8_collate (fx_leaderboard_item_get_generator (x), fx_leaderboard_item_get_generator (y));
    case COLUMN_FEATURES:
      return (p->n_features > q->n_features) - (p->n_features < q->n_features);
    case COLUMN_ROWS:
      return (p->n_rows > q->n_rows) - (p->n_rows < q->n_rows);
    case COLUMN_REPEATS:
      return (p->repeats > q->repeats) - (p->repeats < q->repeats);
    default:
      return compare_values (p->mean[column - N_KEY_COLUMNS], q->mean[column - N_KEY_COLUMNS]);
    }
}

static void
add_column (FxStudyLeaderboard *self,
            guint               column,
            const char         *title)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *c;
  GtkSorter *sorter;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (column));
  c = gtk_column_view_column_new (title, factory);
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_items, GUINT_TO_POINTER (column), NULL));
  gtk_column_view_column_set_sorter (c, sorter);
  gtk_column_view_column_set_resizable (c, TRUE);
  if (column == COLUMN_GENERATOR)
    gtk_column_view_column_set_expand (c, TRUE);
  gtk_column_view_append_column (self->view, c);
  g_object_unref (sorter);
  g_object_unref (c);
}

/* ---- export ------------------------------------------------------------------------ */

static void
on_export_chosen (GtkWidget  *widget,
                  const char *path,
                  gpointer    data)
{
  FxStudyLeaderboard *self = FX_STUDY_LEADERBOARD (widget);
  const char *text = GPOINTER_TO_INT (data) ? self->json : self->csv;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *base = g_path_get_basename (path);

  if (text == NULL)
    return;
  /* whole or not at all, and never over the file it came from */
  if (!fx_write_file_atomic (path, text, strlen (text), &error))
    message = g_strdup_printf (_("The leaderboard was not exported: %s"), error->message);
  else
    message = g_strdup_printf (_("The leaderboard is in %s"), base);
  fx_ui_toast (GTK_WIDGET (self), message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->export_box), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message, -1);
}

static void
export (FxStudyLeaderboard *self,
        gboolean            json)
{
  fx_ui_choose_file (GTK_WIDGET (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                     json ? _("Export the Leaderboard as JSON") : _("Export the Leaderboard as CSV"), _("_Export"),
                     json ? "leaderboard.json" : "leaderboard.csv", NULL, NULL, NULL, on_export_chosen,
                     GINT_TO_POINTER (json));
}

static void
on_export_csv (FxStudyLeaderboard *self)
{
  export (self, FALSE);
}

static void
on_export_json (FxStudyLeaderboard *self)
{
  export (self, TRUE);
}

/* ---- the object -------------------------------------------------------------------- */

static void
fx_study_leaderboard_dispose (GObject *object)
{
  FxStudyLeaderboard *self = FX_STUDY_LEADERBOARD (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->csv, g_free);
  g_clear_pointer (&self->json, g_free);

  G_OBJECT_CLASS (fx_study_leaderboard_parent_class)->dispose (object);
}

static void
fx_study_leaderboard_class_init (FxStudyLeaderboardClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fx_study_leaderboard_dispose;
}

static void
fx_study_leaderboard_init (FxStudyLeaderboard *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *csv = fx_ui_button_new (_("Export _CSV…"), _("Export the leaderboard as CSV"));
  GtkWidget *json = fx_ui_button_new (_("Export _JSON…"), _("Export the leaderboard as JSON"));
  GtkNoSelection *selection;

  self->store = g_list_store_new (FX_TYPE_LEADERBOARD_ITEM);
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->store)), NULL);
  selection = gtk_no_selection_new (G_LIST_MODEL (self->sorted));
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  gtk_column_view_set_show_column_separators (self->view, TRUE);
  gtk_column_view_set_reorderable (self->view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "data-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Leaderboard"), -1);

  add_column (self, COLUMN_GENERATOR, _("Generator"));
  add_column (self, COLUMN_FEATURES, _("Features"));
  add_column (self, COLUMN_ROWS, _("Rows"));
  add_column (self, COLUMN_REPEATS, _("Repeats"));
  for (guint m = 0; m < FX_N_MEASURES; m++)
    add_column (self, N_KEY_COLUMNS + m, fx_measure_title (m));
  gtk_sort_list_model_set_sorter (self->sorted, gtk_column_view_get_sorter (self->view));

  /* wide: it scrolls sideways in a narrow window rather than widening it */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  self->scrolled = GTK_SCROLLED_WINDOW (scrolled);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->view));
  gtk_widget_add_css_class (scrolled, "card");
  gtk_box_append (GTK_BOX (box), scrolled);

  self->empty_label = GTK_LABEL (gtk_label_new (_("The leaderboard fills as the study's cells are done.")));
  gtk_label_set_wrap (self->empty_label, TRUE);
  gtk_label_set_xalign (self->empty_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->empty_label));

  self->export_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (self->export_box, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (self->export_box), csv);
  gtk_box_append (GTK_BOX (self->export_box), json);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->export_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Export"), -1);
  gtk_widget_set_sensitive (self->export_box, FALSE);
  gtk_box_append (GTK_BOX (box), self->export_box);
  g_signal_connect_swapped (csv, "clicked", G_CALLBACK (on_export_csv), self);
  g_signal_connect_swapped (json, "clicked", G_CALLBACK (on_export_json), self);

  adw_bin_set_child (ADW_BIN (self), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Leaderboard and its export"), -1);
}

GtkWidget *
fx_study_leaderboard_new (void)
{
  return g_object_new (FX_TYPE_STUDY_LEADERBOARD, NULL);
}

void
fx_study_leaderboard_set_board (FxStudyLeaderboard  *self,
                                const FxLeaderboard *board)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = board != NULL ? board->rows->len : 0;

  g_return_if_fail (FX_IS_STUDY_LEADERBOARD (self));

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, fx_leaderboard_item_new (g_ptr_array_index (board->rows, i)));
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)), items->pdata, n);
  g_clear_pointer (&self->csv, g_free);
  g_clear_pointer (&self->json, g_free);
  if (n > 0)
    {
      self->csv = fx_leaderboard_to_csv (board);
      self->json = fx_leaderboard_to_json (board);
    }
  /* a list reports little height of its own: room for every row, up to a dozen */
  gtk_scrolled_window_set_min_content_height (self->scrolled, ROW_HEIGHT * (MIN (MAX (n, 1), 12) + 1) + 8);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), n == 0);
  gtk_widget_set_sensitive (self->export_box, n > 0);
}

GListModel *
fx_study_leaderboard_get_rows (FxStudyLeaderboard *self)
{
  g_return_val_if_fail (FX_IS_STUDY_LEADERBOARD (self), NULL);

  return G_LIST_MODEL (self->sorted);
}
