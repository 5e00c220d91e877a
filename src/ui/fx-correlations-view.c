/* fx-correlations-view.c: the Compare pane's Correlations view
 *
 * The measure chosen (Pearson, Spearman or Cramér's V) in one sentence, the mean
 * difference between the real and the synthetic matrix, and the real, synthetic and
 * difference heatmaps on one scale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-correlations-view.h"
#include "fx-figures.h"
#include "fx-plot-view.h"

struct _FxCorrelationsView
{
  GtkBox            parent_instance;

  FxCompareResults *results;   /* nullable */
  guint             set;

  GtkDropDown      *matrix_dropdown;
  GtkLabel         *matrix_summary;
  FxPlotView       *heatmap_view;
};

G_DEFINE_FINAL_TYPE (FxCorrelationsView, fx_correlations_view, GTK_TYPE_BOX)

/* The real, synthetic and difference matrices of the chosen measure, on one scale. */
static void
fill_heatmap (FxCorrelationsView *self,
              FxComparedSet      *result)
{
  FxFigureSet set = { result->label, result->comparison, result->synthetic };

  fx_plot_view_set_plot (self->heatmap_view,
                         fx_figure_heatmap (&set, gtk_drop_down_get_selected (self->matrix_dropdown)));
}

static void
fill_matrix_summary (FxCorrelationsView *self)
{
  FxComparedSet *result = fx_compare_results_get_set (self->results, self->set);
  const FxMatrixPair *m;
  g_autofree char *value = NULL;
  g_autofree char *text = NULL;
  guint which = gtk_drop_down_get_selected (self->matrix_dropdown);

  if (result == NULL)
    return;
  m = which == 0 ? &result->comparison->pearson : which == 1 ? &result->comparison->spearman
                 : &result->comparison->cramers_v;
  value = fx_compare_format_value (m->mean_abs_difference, 4);
  text = g_strdup_printf (_("Mean absolute difference between the real and the synthetic matrix: %s, over %u features"),
                          value, m->row_names != NULL ? m->row_names->len : 0);
  gtk_label_set_text (self->matrix_summary, text);
  fill_heatmap (self, result);
}

void
fx_correlations_view_set_set (FxCorrelationsView *self,
                              FxCompareResults   *results,
                              guint               set)
{
  g_return_if_fail (FX_IS_CORRELATIONS_VIEW (self));

  if (results == NULL)
    return;
  if (results != self->results)
    {
      g_clear_pointer (&self->results, fx_compare_results_unref);
      self->results = fx_compare_results_ref (results);
    }
  self->set = set;
  fill_matrix_summary (self);
}

static void
fx_correlations_view_dispose (GObject *object)
{
  FxCorrelationsView *self = FX_CORRELATIONS_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FX_TYPE_CORRELATIONS_VIEW);
  g_clear_pointer (&self->results, fx_compare_results_unref);

  G_OBJECT_CLASS (fx_correlations_view_parent_class)->dispose (object);
}

static void
fx_correlations_view_class_init (FxCorrelationsViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = fx_correlations_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/facsimile/Facsimile/ui/fx-correlations-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FxCorrelationsView, matrix_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FxCorrelationsView, matrix_summary);
}

static void
fx_correlations_view_init (FxCorrelationsView *self)
{
  GtkWidget *view = fx_plot_view_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* a card, tall enough to read */
  gtk_widget_set_size_request (view, -1, 560);
  gtk_widget_set_vexpand (view, TRUE);
  gtk_widget_add_css_class (view, "card");
  gtk_widget_set_tooltip_text (view, _("Correlation matrices"));
  gtk_box_append (GTK_BOX (self), view);
  self->heatmap_view = FX_PLOT_VIEW (view);
  g_signal_connect_swapped (self->matrix_dropdown, "notify::selected", G_CALLBACK (fill_matrix_summary), self);
}
