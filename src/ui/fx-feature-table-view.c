/* fx-feature-table-view.c: the Compare pane's Features view
 *
 * Every feature of one synthetic set in a sortable table, the chosen significance
 * level deciding its Result column; the selected feature below or beside it, in words
 * and in plots drawn in a thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fx-comparison-row.h"
#include "fx-feature-table-view.h"
#include "fx-figures.h"
#include "fx-plot-view.h"

typedef enum
{
  COLUMN_NAME,
  COLUMN_RESULT,
  COLUMN_STATISTIC,
  COLUMN_PVALUE,
  COLUMN_ADJUSTED,
  COLUMN_KL,
  COLUMN_DISTANCE,
  COLUMN_MISSING_REAL,
  COLUMN_MISSING_SYNTHETIC,
  COLUMN_HOLDOUT,
  N_COLUMNS
} Column;

struct _FxFeatureTableView
{
  GtkBox              parent_instance;

  FxCompareResults   *results;   /* nullable */
  guint               set;
  double              alpha;
  GListStore         *rows;
  GtkSingleSelection *selection;
  GtkColumnViewColumn *columns[N_COLUMNS];
  GCancellable       *plot_cancellable;

  GtkColumnView      *feature_view;
  GtkBox             *plots_box;
  GtkLabel           *feature_title;
  GtkLabel           *feature_detail;
  FxPlotView         *distribution_view;
  FxPlotView         *ecdf_view;
};

G_DEFINE_FINAL_TYPE (FxFeatureTableView, fx_feature_table_view, GTK_TYPE_BOX)

static const char *column_titles[N_COLUMNS] = {
  N_("Feature"), N_("Result"), N_("Statistic"), N_("p"), N_("Adjusted p"), N_("KL"), N_("W₁ or TVD"),
  N_("Missing, real"), N_("Missing, synthetic"), N_("Holdout D or TVD"),
};

/* What each column says, in plain words, as its header's tooltip. */
static const char *column_tooltips[N_COLUMNS] = {
  N_("The feature: a column of the table"),
  N_("Alike: no significant difference between the real and the synthetic values at the chosen level, after "
     "correcting for the number of features tested. Differs: a difference larger than chance would make."),
  N_("How different the values are, as the test measures it: for numbers the largest gap between the two "
     "cumulative distributions (Kolmogorov–Smirnov D, 0 to 1), for categories the chi-squared statistic"),
  N_("How often a difference this large would appear by chance if both tables came from the same patients, "
     "before correcting for testing many features"),
  N_("The p value corrected for testing every feature at once (Benjamini–Hochberg); below the significance "
     "level the feature differs"),
  N_("Information lost when the synthetic values stand in for the real ones (Kullback–Leibler divergence): "
     "0 when nothing is lost"),
  N_("How far apart the two distributions are: for numbers in the feature's own units (Wasserstein distance "
     "W₁), for categories the share of records that would have to change category (total variation "
     "distance, 0 to 1)"),
  N_("Share of the real records with no value for this feature"),
  N_("Share of the synthetic records with no value for this feature"),
  N_("The same distance between two random halves of the real records: how far apart two samples of the "
     "same patients are anyway. A synthetic distance near it is as good as can be expected."),
};

/* ---- the table's columns ----------------------------------------------------------- */

static double
missing_rate (gsize missing,
              gsize present)
{
  return missing + present > 0 ? (double) missing / (missing + present) : NAN;
}

/* The number shown in @column for @r (NaN when there is none). */
static double
column_value (FxFeatureTableView *self,
              FxComparisonRow    *row,
              Column              column)
{
  const FxFeatureComparison *r = fx_comparison_row_get_result (row);
  gboolean cont = r->kind == FX_FEATURE_CONTINUOUS;

  switch (column)
    {
    case COLUMN_RESULT:
      return r->tested ? (r->pvalue_adjusted < self->alpha ? 1 : 0) : NAN;
    case COLUMN_STATISTIC:
      return !r->tested ? NAN : cont ? r->ks.statistic : r->chi2.statistic;
    case COLUMN_PVALUE:
      return r->tested ? r->pvalue : NAN;
    case COLUMN_ADJUSTED:
      return r->tested ? r->pvalue_adjusted : NAN;
    case COLUMN_KL:
      return r->kl;
    case COLUMN_DISTANCE:
      return fx_feature_comparison_distance (r, FX_DISTANCE_SCALE);
    case COLUMN_MISSING_REAL:
      return missing_rate (r->real_missing, r->real_count);
    case COLUMN_MISSING_SYNTHETIC:
      return missing_rate (r->synthetic_missing, r->synthetic_count);
    case COLUMN_HOLDOUT:
      return fx_feature_comparison_distance (fx_comparison_row_get_holdout (row), FX_DISTANCE_SHAPE);
    case COLUMN_NAME:
    case N_COLUMNS:
    default:
      return NAN;
    }
}

static char *
column_text (FxFeatureTableView *self,
             FxComparisonRow    *row,
             Column              column)
{
  const FxFeatureComparison *r = fx_comparison_row_get_result (row);
  double value = column_value (self, row, column);

  switch (column)
    {
    case COLUMN_NAME:
      return g_strdup (r->name);
    case COLUMN_RESULT:
      return g_strdup (isnan (value) ? _("Not tested") : value > 0 ? _("Differs") : _("Alike"));
    case COLUMN_STATISTIC:
      if (isnan (value))
        return g_strdup ("—");
      return r->kind == FX_FEATURE_CONTINUOUS ? g_strdup_printf ("D = %.4f", value)
                                              : g_strdup_printf ("χ² = %.1f", value);
    case COLUMN_PVALUE:
    case COLUMN_ADJUSTED:
      return fx_format_pvalue (value, "—");
    case COLUMN_KL:
    case COLUMN_HOLDOUT:
      return fx_compare_format_value (value, 4);
    case COLUMN_DISTANCE:
      if (isnan (value))
        return g_strdup ("—");
      return r->kind == FX_FEATURE_CONTINUOUS ? g_strdup_printf ("W₁ = %.4g", value)
                                              : g_strdup_printf ("TVD = %.4f", value);
    case COLUMN_MISSING_REAL:
    case COLUMN_MISSING_SYNTHETIC:
      return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.1f %%", 100 * value);
    case N_COLUMNS:
    default:
      return g_strdup ("");
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  Column column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_NAME || column == COLUMN_RESULT ? 0 : 1);
  if (column != COLUMN_NAME)
    gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  FxFeatureTableView *self = data;
  Column column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  FxComparisonRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = column_text (self, row, column);

  gtk_label_set_text (GTK_LABEL (label), text);
  /* GTK 4.8 names a cell and a row after their type: the column and the feature say
   * what they are */
  {
    GtkWidget *cell = gtk_widget_get_parent (label);
    GtkWidget *line = cell != NULL ? gtk_widget_get_parent (cell) : NULL;
    g_autofree char *cell_name = g_strdup_printf ("%s: %s", _(column_titles[column]), text);

    if (cell != NULL)
      gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, cell_name, -1);
    if (line != NULL && column == COLUMN_RESULT)
      {
        g_autofree char *row_name = g_strdup_printf ("%s: %s", fx_comparison_row_get_result (row)->name, text);

        gtk_accessible_update_property (GTK_ACCESSIBLE (line), GTK_ACCESSIBLE_PROPERTY_LABEL, row_name, -1);
      }
  }
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "success");
  if (column == COLUMN_RESULT && fx_comparison_row_get_result (row)->tested)
    gtk_widget_add_css_class (label, column_value (self, row, column) > 0 ? "error" : "success");
}

typedef struct
{
  FxFeatureTableView *view;
  Column              column;
} SortData;

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  SortData *sort = data;
  FxComparisonRow *x = (FxComparisonRow *) a;
  FxComparisonRow *y = (FxComparisonRow *) b;
  double u, v;

  if (sort->column == COLUMN_NAME)
    return g_utf8_collate (fx_comparison_row_get_result (x)->name, fx_comparison_row_get_result (y)->name);
  u = column_value (sort->view, x, sort->column);
  v = column_value (sort->view, y, sort->column);
  /* features without a value go last */
  if (isnan (u) || isnan (v))
    return isnan (u) - isnan (v);
  return (u > v) - (u < v);
}

static void
add_column (FxFeatureTableView *self,
            Column              column,
            int                 width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;
  SortData *sort = g_new0 (SortData, 1);
  g_autoptr(GtkSorter) sorter = NULL;

  g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
  col = gtk_column_view_column_new (_(column_titles[column]), factory);
  gtk_column_view_column_set_expand (col, column == COLUMN_NAME);
  gtk_column_view_column_set_fixed_width (col, width);
  gtk_column_view_column_set_resizable (col, TRUE);
  sort->view = self;
  sort->column = column;
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows, sort, g_free));
  gtk_column_view_column_set_sorter (col, sorter);
  gtk_column_view_append_column (self->feature_view, col);
  self->columns[column] = col;
  g_object_unref (col);
}

/* GTK 4.8 has no tooltip for a column: its header's buttons, in the columns' order,
 * get one each. */
static void
set_column_tooltips (FxFeatureTableView *self)
{
  GtkWidget *header = gtk_widget_get_first_child (GTK_WIDGET (self->feature_view));
  GtkWidget *title = header != NULL ? gtk_widget_get_first_child (header) : NULL;

  if (header != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Column headers"), -1);
  for (guint i = 0; title != NULL && i < N_COLUMNS; title = gtk_widget_get_next_sibling (title), i++)
    gtk_widget_set_tooltip_text (title, _(column_tooltips[i]));
}

/* ---- the selected feature's plots, prepared in a thread ------------------------------ */

typedef struct
{
  FxCompareResults *results;
  char             *feature;
  FxPlot           *distribution;
  FxPlot           *ecdf;
} FeaturePlots;

static void
feature_plots_free (FeaturePlots *fp)
{
  g_clear_pointer (&fp->results, fx_compare_results_unref);
  g_free (fp->feature);
  g_clear_pointer (&fp->distribution, fx_plot_free);
  g_clear_pointer (&fp->ecdf, fx_plot_free);
  g_free (fp);
}

/* The histograms, density curves and distribution functions of one feature in the real
 * data and every synthetic set, or its category shares. */
static void
feature_plots_thread (GTask        *task,
                      gpointer      object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  FeaturePlots *fp = task_data;
  FxCompareResults *results = fp->results;
  g_autofree FxFigureSet *sets = g_new0 (FxFigureSet, results->sets->len);

  for (guint i = 0; i < results->sets->len; i++)
    {
      FxComparedSet *r = g_ptr_array_index (results->sets, i);

      sets[i].label = r->label;
      sets[i].comparison = r->comparison;
      sets[i].synthetic = r->synthetic;
    }
  fp->distribution = fx_figure_distribution (results->real, results->schema, sets, results->sets->len,
                                             fp->feature, &fp->ecdf);
  g_task_return_boolean (task, TRUE);
}

static void
on_feature_plots (GObject      *source,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  FxFeatureTableView *self = FX_FEATURE_TABLE_VIEW (source);
  FeaturePlots *fp = g_task_get_task_data (G_TASK (res));

  if (!g_task_propagate_boolean (G_TASK (res), NULL))
    return;
  fx_plot_view_set_plot (self->distribution_view, g_steal_pointer (&fp->distribution));
  fx_plot_view_set_plot (self->ecdf_view, g_steal_pointer (&fp->ecdf));
  gtk_widget_set_visible (GTK_WIDGET (self->distribution_view),
                          fx_plot_view_get_plot (self->distribution_view) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->ecdf_view), fx_plot_view_get_plot (self->ecdf_view) != NULL);
}

static void
prepare_feature_plots (FxFeatureTableView *self,
                       const char         *feature)
{
  g_autoptr(GTask) task = NULL;
  FeaturePlots *fp;

  g_cancellable_cancel (self->plot_cancellable);
  g_clear_object (&self->plot_cancellable);
  if (self->results == NULL || feature == NULL)
    {
      fx_plot_view_set_plot (self->distribution_view, NULL);
      fx_plot_view_set_plot (self->ecdf_view, NULL);
      return;
    }
  self->plot_cancellable = g_cancellable_new ();
  fp = g_new0 (FeaturePlots, 1);
  fp->results = fx_compare_results_ref (self->results);
  fp->feature = g_strdup (feature);
  task = g_task_new (self, self->plot_cancellable, on_feature_plots, NULL);
  g_task_set_source_tag (task, prepare_feature_plots);
  g_task_set_task_data (task, fp, (GDestroyNotify) feature_plots_free);
  g_task_set_check_cancellable (task, TRUE);
  g_task_run_in_thread (task, feature_plots_thread);
}

/* ---- the selected feature -------------------------------------------------------- */

static void
show_feature (FxFeatureTableView *self,
              FxComparisonRow    *row)
{
  const FxFeatureComparison *r;
  g_autoptr(GString) detail = g_string_new (NULL);
  gboolean cont;

  if (row == NULL)
    {
      gtk_label_set_text (self->feature_title, _("Select a feature"));
      gtk_label_set_text (self->feature_detail, "");
      prepare_feature_plots (self, NULL);
      return;
    }
  r = fx_comparison_row_get_result (row);
  cont = r->kind == FX_FEATURE_CONTINUOUS;
  gtk_label_set_text (self->feature_title, r->name);
  g_string_append_printf (detail, _("%s; %lu real values, %lu synthetic (%lu and %lu missing)"),
                          cont ? _("Continuous") : _("Categorical"),
                          (gulong) r->real_count, (gulong) r->synthetic_count,
                          (gulong) r->real_missing, (gulong) r->synthetic_missing);
  if (r->synthetic_invalid > 0)
    g_string_append_printf (detail, _("; %lu synthetic cells unreadable"), (gulong) r->synthetic_invalid);
  if (cont && r->tested)
    {
      g_autofree char *rm = fx_compare_format_value (r->real_mean, 3);
      g_autofree char *sm = fx_compare_format_value (r->synthetic_mean, 3);
      g_autofree char *rs = fx_compare_format_value (r->real_sd, 3);
      g_autofree char *ss = fx_compare_format_value (r->synthetic_sd, 3);

      g_string_append_printf (detail, _("\nMean %s real, %s synthetic; standard deviation %s and %s"), rm, sm, rs, ss);
    }
  /* every column of the table in words too: narrow windows show only the first two */
  {
    static const Column shown[] = { COLUMN_RESULT, COLUMN_STATISTIC, COLUMN_PVALUE, COLUMN_ADJUSTED, COLUMN_KL,
                                     COLUMN_DISTANCE, COLUMN_MISSING_REAL, COLUMN_MISSING_SYNTHETIC,
                                     COLUMN_HOLDOUT };

    for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
      {
        g_autofree char *text = column_text (self, row, shown[i]);

        g_string_append_printf (detail, "\n%s: %s", _(column_titles[shown[i]]), text);
      }
  }
  {
    const FxFeature *f = self->results != NULL && self->results->schema != NULL
                         ? fx_schema_find_feature (self->results->schema, r->name) : NULL;

    if (f != NULL && f->identifier)
      g_string_prepend (detail, _("An identifier: its values name hospitals, patients or stays rather than "
                                  "measure them, so no distribution is drawn for it.\n"));
  }
  gtk_label_set_text (self->feature_detail, detail->str);
  prepare_feature_plots (self, r->name);
}

static void
on_selection_changed (FxFeatureTableView *self)
{
  show_feature (self, gtk_single_selection_get_selected_item (self->selection));
}

static void
fill_table (FxFeatureTableView *self)
{
  FxComparedSet *result = fx_compare_results_get_set (self->results, self->set);
  const FxComparison *c = result != NULL ? result->comparison : NULL;
  const FxComparison *holdout = fx_compare_results_get_holdout (self->results);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; c != NULL && i < c->features->len; i++)
    {
      const FxFeatureComparison *feature = g_ptr_array_index (c->features, i);

      g_ptr_array_add (rows, fx_comparison_row_new (feature,
                                                    holdout != NULL ? fx_comparison_find (holdout, feature->name) : NULL,
                                                    i));
    }
  /* one change for the whole table: the view lays its rows out once, not once a row */
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)), rows->pdata, rows->len);
  if (c != NULL)
    on_selection_changed (self);
}

void
fx_feature_table_view_set_results (FxFeatureTableView *self,
                                   FxCompareResults   *results,
                                   guint               set,
                                   double              alpha)
{
  g_return_if_fail (FX_IS_FEATURE_TABLE_VIEW (self));

  if (results != self->results)
    {
      g_clear_pointer (&self->results, fx_compare_results_unref);
      self->results = results != NULL ? fx_compare_results_ref (results) : NULL;
    }
  self->set = set;
  self->alpha = alpha;
  fill_table (self);
}

void
fx_feature_table_view_set_layout (FxFeatureTableView *self,
                                  gboolean            side_by_side,
                                  gboolean            all_columns)
{
  g_return_if_fail (FX_IS_FEATURE_TABLE_VIEW (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self),
                                  side_by_side ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_size_request (GTK_WIDGET (self->plots_box), side_by_side ? 440 : -1, -1);
  for (guint i = COLUMN_STATISTIC; i < N_COLUMNS; i++)
    if (self->columns[i] != NULL)
      gtk_column_view_column_set_visible (self->columns[i], all_columns);
}

/* ---- the object ------------------------------------------------------------------ */

static void
fx_feature_table_view_dispose (GObject *object)
{
  FxFeatureTableView *self = FX_FEATURE_TABLE_VIEW (object);

  g_cancellable_cancel (self->plot_cancellable);
  g_clear_object (&self->plot_cancellable);
  if (self->feature_view != NULL)
    gtk_column_view_set_model (self->feature_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FX_TYPE_FEATURE_TABLE_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->results, fx_compare_results_unref);

  G_OBJECT_CLASS (fx_feature_table_view_parent_class)->dispose (object);
}

static void
fx_feature_table_view_class_init (FxFeatureTableViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fx_feature_table_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/facsimile/Facsimile/ui/fx-feature-table-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FxFeatureTableView, feature_view);
  gtk_widget_class_bind_template_child (widget_class, FxFeatureTableView, plots_box);
  gtk_widget_class_bind_template_child (widget_class, FxFeatureTableView, feature_title);
  gtk_widget_class_bind_template_child (widget_class, FxFeatureTableView, feature_detail);
}

static void
fx_feature_table_view_init (FxFeatureTableView *self)
{
  GtkSortListModel *sorted;
  /* the plots: a card each, tall enough to read */
  struct { FxPlotView **view; int height; const char *name; } plots[] = {
    { &self->distribution_view, 320, N_("Distribution of the feature") },
    { &self->ecdf_view, 300, N_("Cumulative distribution of the feature") },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->alpha = 0.05;

  self->rows = g_list_store_new (FX_TYPE_COMPARISON_ROW);
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->rows)),
                                    g_object_ref (gtk_column_view_get_sorter (self->feature_view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_column_view_set_model (self->feature_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (on_selection_changed), self);

  add_column (self, COLUMN_NAME, 160);
  add_column (self, COLUMN_RESULT, 80);
  add_column (self, COLUMN_STATISTIC, 110);
  add_column (self, COLUMN_PVALUE, 90);
  add_column (self, COLUMN_ADJUSTED, 100);
  add_column (self, COLUMN_KL, 80);
  add_column (self, COLUMN_DISTANCE, 120);
  add_column (self, COLUMN_MISSING_REAL, 110);
  add_column (self, COLUMN_MISSING_SYNTHETIC, 140);
  add_column (self, COLUMN_HOLDOUT, 140);
  set_column_tooltips (self);

  for (guint i = 0; i < G_N_ELEMENTS (plots); i++)
    {
      GtkWidget *view = fx_plot_view_new ();

      gtk_widget_set_size_request (view, -1, plots[i].height);
      gtk_widget_set_vexpand (view, FALSE);
      gtk_widget_add_css_class (view, "card");
      gtk_widget_set_tooltip_text (view, _(plots[i].name));
      gtk_box_append (self->plots_box, view);
      *plots[i].view = FX_PLOT_VIEW (view);
    }
  show_feature (self, NULL);
}
