/* fx-plot-view.c: a chart of the plotting module in a widget
 *
 * The layout is computed and the chart drawn once per size and style, in a worker
 * thread (a heatmap of many features takes longer to draw than a frame lasts), and
 * kept as a texture, so redrawing (a window moved over it, a hover) costs nothing;
 * the data were prepared off the main loop by whoever made the plot.  Until the new
 * drawing is ready the last one stays.  Hovering shows the value under
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
  struct Render *rendering;  /* (nullable) the drawing under way */
  GtkWidget     *menu;
};

/* One drawing of the plot, made in a thread; there is one at a time.  The plot is the
 * view's; a plot replaced while it is being drawn is handed to the drawing, which frees
 * it when it ends. */
typedef struct Render
{
  FxPlotView      *view;        /* (nullable) unset when the view is gone */
  gboolean         stale;       /* the plot or the style changed meanwhile */
  FxPlot          *plot;
  gboolean         owns_plot;
  FxPlotStyle      style;
  int              width;
  int              height;
  int              scale;
  gboolean         dark;
  FxPlotLayout    *layout;
  cairo_surface_t *surface;
} Render;

G_DEFINE_FINAL_TYPE (FxPlotView, fx_plot_view, GTK_TYPE_WIDGET)

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
render_free (Render *render)
{
  if (render->owns_plot)
    g_clear_pointer (&render->plot, fx_plot_free);
  g_clear_pointer (&render->layout, fx_plot_layout_free);
  g_clear_pointer (&render->surface, cairo_surface_destroy);
  g_free (render);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Render *render = task_data;
  cairo_t *cr;

  render->layout = fx_plot_layout_new (render->plot, &render->style, render->width, render->height);
  render->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, render->width * render->scale,
                                                render->height * render->scale);
  cairo_surface_set_device_scale (render->surface, render->scale, render->scale);
  cr = cairo_create (render->surface);
  fx_plot_draw_layout (render->plot, render->layout, cr);
  cairo_destroy (cr);
  cairo_surface_flush (render->surface);
  g_task_return_boolean (task, TRUE);
}

static void
on_rendered (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Render *render = g_task_get_task_data (G_TASK (result));
  FxPlotView *self = render->view;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  cairo_surface_t *surface = render->surface;

  if (self == NULL)
    return;
  self->rendering = NULL;
  /* another size or plot may be wanted by now: the next frame asks for it */
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (render->stale)
    return;
  /* cairo's ARGB32 is premultiplied, in the machine's byte order */
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * cairo_image_surface_get_height (surface));
  texture = gdk_memory_texture_new (cairo_image_surface_get_width (surface), cairo_image_surface_get_height (surface),
                                    GDK_MEMORY_DEFAULT, bytes, cairo_image_surface_get_stride (surface));
  g_clear_pointer (&self->node, gsk_render_node_unref);
  self->node = gsk_texture_node_new (texture, &GRAPHENE_RECT_INIT (0, 0, render->width, render->height));
  g_clear_pointer (&self->layout, fx_plot_layout_free);
  self->layout = g_steal_pointer (&render->layout);
  self->node_width = render->width;
  self->node_height = render->height;
  self->node_dark = render->dark;
}

/* The drawing under way is out of date: it ends unseen. */
static void
forget_rendering (FxPlotView *self)
{
  if (self->rendering != NULL)
    self->rendering->stale = TRUE;
}

static void
start_rendering (FxPlotView *self,
                 int         width,
                 int         height,
                 gboolean    dark)
{
  g_autoptr(GTask) task = NULL;
  Render *render;

  render = g_new0 (Render, 1);
  render->view = self;
  render->plot = self->plot;
  render->width = width;
  render->height = height;
  render->scale = MAX (1, gtk_widget_get_scale_factor (GTK_WIDGET (self)));
  render->dark = dark;
  fx_plot_style_init (&render->style, dark);
  /* the card behind shows through */
  render->style.paint_background = FALSE;
  self->rendering = render;

  task = g_task_new (NULL, NULL, on_rendered, NULL);
  g_task_set_source_tag (task, start_rendering);
  g_task_set_task_data (task, render, (GDestroyNotify) render_free);
  g_task_run_in_thread (task, render_thread);
}

/* A drawing under way keeps the plot it draws, which the view is about to let go. */
static void
hand_over_plot (FxPlotView *self)
{
  if (self->rendering != NULL && self->rendering->plot == self->plot)
    {
      self->rendering->owns_plot = TRUE;
      self->plot = NULL;
    }
  forget_rendering (self);
}

static void
invalidate (FxPlotView *self)
{
  g_clear_pointer (&self->node, gsk_render_node_unref);
  g_clear_pointer (&self->layout, fx_plot_layout_free);
  forget_rendering (self);
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
  Render *r = self->rendering;

  if (self->plot == NULL || width <= 0 || height <= 0)
    return;

  /* one drawing at a time: when it ends, the next frame asks again */
  if ((self->node == NULL || self->node_width != width || self->node_height != height || self->node_dark != dark) &&
      r == NULL)
    start_rendering (self, width, height, dark);
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
  hand_over_plot (self);
  if (self->rendering != NULL)
    self->rendering->view = NULL;
  self->rendering = NULL;
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

  hand_over_plot (self);
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
