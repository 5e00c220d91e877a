/* fx-plot-view.c: a chart of the plotting module in a widget
 *
 * The layout is computed once per size and style and the drawing kept as a render
 * node, so redrawing (a window moved over it, a hover) costs nothing; the data were
 * prepared off the main loop by whoever made the plot.  Hovering shows the value under
 * the pointer; the context menu (right click, long press, Menu key) exports the plot
 * as PNG, SVG or PDF.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-plot-view.h"
#include "fx-ui-util.h"

struct _FxPlotView
{
  GtkWidget      parent_instance;

  FxPlot        *plot;
  FxPlotLayout  *layout;
  GskRenderNode *node;
  int            node_width;
  int            node_height;
  gboolean       node_dark;
  GtkWidget     *menu;
};

G_DEFINE_FINAL_TYPE (FxPlotView, fx_plot_view, GTK_TYPE_WIDGET)

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
invalidate (FxPlotView *self)
{
  g_clear_pointer (&self->node, gsk_render_node_unref);
  g_clear_pointer (&self->layout, fx_plot_layout_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
fx_plot_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  FxPlotView *self = FX_PLOT_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean dark = is_dark ();

  if (self->plot == NULL || width <= 0 || height <= 0)
    return;

  if (self->node == NULL || self->node_width != width || self->node_height != height || self->node_dark != dark)
    {
      g_autoptr(GtkSnapshot) inner = gtk_snapshot_new ();
      FxPlotStyle style;
      cairo_t *cr;

      g_clear_pointer (&self->node, gsk_render_node_unref);
      g_clear_pointer (&self->layout, fx_plot_layout_free);
      fx_plot_style_init (&style, dark);
      /* the card behind shows through */
      style.paint_background = FALSE;
      self->layout = fx_plot_layout_new (self->plot, &style, width, height);
      cr = gtk_snapshot_append_cairo (inner, &GRAPHENE_RECT_INIT (0, 0, width, height));
      fx_plot_draw_layout (self->plot, self->layout, cr);
      cairo_destroy (cr);
      self->node = gtk_snapshot_free_to_node (g_steal_pointer (&inner));
      self->node_width = width;
      self->node_height = height;
      self->node_dark = dark;
    }
  if (self->node != NULL)
    gtk_snapshot_append_node (snapshot, self->node);
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    data)
{
  FxPlotView *self = FX_PLOT_VIEW (widget);
  FxPlotHit hit;
  g_autofree char *text = NULL;

  if (self->plot == NULL || self->layout == NULL || keyboard ||
      !fx_plot_hit_test (self->plot, self->layout, x, y, &hit))
    return FALSE;
  if (hit.column_name != NULL && hit.row_name != NULL)
    text = g_strdup_printf ("%s × %s: %.3f", hit.row_name, hit.column_name, hit.value);
  else if (hit.row_name != NULL)
    text = g_strdup_printf ("%s: %.4g", hit.row_name, hit.value);
  else
    text = g_strdup_printf ("%.4g", hit.value);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
on_export_chosen (GtkWidget  *widget,
                  const char *path,
                  gpointer    data)
{
  FxPlotView *self = FX_PLOT_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *base = g_path_get_basename (path);
  FxPlotFormat format;
  FxPlotStyle style;

  if (self->plot == NULL)
    return;
  /* an exported plot is read on paper or a slide: the light style, whatever the desktop's */
  fx_plot_style_init (&style, FALSE);
  if (!fx_plot_format_from_path (path, &format))
    message = g_strdup_printf (_("Could not export: “%s” does not end in .png, .svg or .pdf"), base);
  else if (!fx_plot_save (self->plot, path, format, 900, 600, &style, &error))
    message = g_strdup_printf (_("Could not export: %s"), error->message);
  else
    message = g_strdup_printf (_("Exported the plot to %s"), base);
  fx_ui_toast (widget, message);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FxPlotView *self = FX_PLOT_VIEW (widget);
  g_autofree char *name = g_strdup_printf ("plot.%s", g_variant_get_string (parameter, NULL));

  if (self->plot != NULL)
    fx_ui_choose_file (widget, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export the Plot"), _("_Export"), name,
                       NULL, NULL, NULL, on_export_chosen, NULL);
}

static void
popup_menu (FxPlotView *self,
            double      x,
            double      y)
{
  if (self->plot == NULL)
    return;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &(GdkRectangle) { x, y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
on_secondary_click (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    FxPlotView      *self)
{
  popup_menu (self, x, y);
}

static void
on_long_press (GtkGestureLongPress *gesture,
               double               x,
               double               y,
               FxPlotView          *self)
{
  popup_menu (self, x, y);
}

static void
menu_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  popup_menu (FX_PLOT_VIEW (widget), gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0);
}

static void
fx_plot_view_dispose (GObject *object)
{
  FxPlotView *self = FX_PLOT_VIEW (object);

  g_clear_pointer (&self->menu, gtk_widget_unparent);
  g_clear_pointer (&self->node, gsk_render_node_unref);
  g_clear_pointer (&self->layout, fx_plot_layout_free);
  g_clear_pointer (&self->plot, fx_plot_free);

  G_OBJECT_CLASS (fx_plot_view_parent_class)->dispose (object);
}

static void
fx_plot_view_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  FxPlotView *self = FX_PLOT_VIEW (widget);

  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
fx_plot_view_class_init (FxPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fx_plot_view_dispose;
  widget_class->snapshot = fx_plot_view_snapshot;
  widget_class->size_allocate = fx_plot_view_size_allocate;

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "plot");
  gtk_widget_class_install_action (widget_class, "plot.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "plot.menu", NULL, menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "plot.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "plot.menu", NULL);
}

static void
fx_plot_view_init (FxPlotView *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *press = gtk_gesture_long_press_new ();

  g_menu_append (menu, _("Export as _PNG…"), "plot.export::png");
  g_menu_append (menu, _("Export as _SVG…"), "plot.export::svg");
  g_menu_append (menu, _("Export as P_DF…"), "plot.export::pdf");
  self->menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_secondary_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (press), TRUE);
  g_signal_connect (press, "pressed", G_CALLBACK (on_long_press), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (press));

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (gtk_widget_queue_draw),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
fx_plot_view_new (void)
{
  return g_object_new (FX_TYPE_PLOT_VIEW, NULL);
}

void
fx_plot_view_set_plot (FxPlotView *self,
                       FxPlot     *plot)
{
  g_autofree char *description = NULL;

  g_return_if_fail (FX_IS_PLOT_VIEW (self));

  g_clear_pointer (&self->plot, fx_plot_free);
  self->plot = plot;
  description = plot != NULL ? fx_plot_describe (plot) : NULL;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description != NULL ? description : "",
                                  -1);
  invalidate (self);
}

const FxPlot *
fx_plot_view_get_plot (FxPlotView *self)
{
  g_return_val_if_fail (FX_IS_PLOT_VIEW (self), NULL);

  return self->plot;
}
