/* fx-fold.c: a child laid out side by side when there is room, stacked when not
 *
 * libadwaita 1.2 has no breakpoints: this holds an orientable child (a GtkPaned or a
 * GtkBox of a list and its details) and turns it vertical below a width.  It asks for
 * no more width than the stacked child needs, so that the window can become as narrow
 * as a phone's screen while the child is still side by side; the turn happens on the
 * main loop after the allocation that calls for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fx-fold.h"

struct _FxFold
{
  GtkWidget  parent_instance;

  GtkWidget *child;
  int        threshold;
  int        side_width;   /* the child's natural width side by side, last seen */
  int        width;
  int        height;
  guint      turn_source;
};

enum {
  PROP_0,
  PROP_CHILD,
  PROP_THRESHOLD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FxFold, fx_fold, GTK_TYPE_WIDGET)

/* With a threshold of 0 the child is side by side whenever it has its natural width:
 * a row of buttons whose width depends on the language. */
static GtkOrientation
wanted (FxFold *self)
{
  int threshold = self->threshold > 0 ? self->threshold : self->side_width;

  return self->width >= threshold ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL;
}

static gboolean
turn (gpointer data)
{
  FxFold *self = data;
  GtkOrientation orientation = wanted (self);

  self->turn_source = 0;
  if (!GTK_IS_ORIENTABLE (self->child) || gtk_orientable_get_orientation (GTK_ORIENTABLE (self->child)) == orientation)
    return G_SOURCE_REMOVE;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->child), orientation);
  /* a paned's divider measured along the other axis now: the list keeps a fair part */
  if (GTK_IS_PANED (self->child))
    gtk_paned_set_position (GTK_PANED (self->child),
                            orientation == GTK_ORIENTATION_HORIZONTAL ? MIN (self->width * 4 / 10, 420)
                                                                      : self->height * 45 / 100);
  return G_SOURCE_REMOVE;
}

static void
fx_fold_measure (GtkWidget      *widget,
                 GtkOrientation  orientation,
                 int             for_size,
                 int            *minimum,
                 int            *natural,
                 int            *minimum_baseline,
                 int            *natural_baseline)
{
  FxFold *self = FX_FOLD (widget);

  *minimum = *natural = 0;
  if (self->child == NULL || !gtk_widget_get_visible (self->child))
    return;
  gtk_widget_measure (self->child, orientation, for_size, minimum, natural, NULL, NULL);
  /* side by side, the child needs more width than the fold asks for: below the
   * threshold it is stacked, and as wide as one of its parts */
  if (orientation == GTK_ORIENTATION_HORIZONTAL && self->threshold > 0)
    *minimum = MIN (*minimum, 360);
  /* a fold that turns when its child does not fit asks, side by side, for nothing:
   * stacked, for what the stacked child needs */
  else if (orientation == GTK_ORIENTATION_HORIZONTAL && GTK_IS_ORIENTABLE (self->child) &&
           gtk_orientable_get_orientation (GTK_ORIENTABLE (self->child)) == GTK_ORIENTATION_HORIZONTAL)
    *minimum = 0;
}

static void
fx_fold_size_allocate (GtkWidget *widget,
                       int        width,
                       int        height,
                       int        baseline)
{
  FxFold *self = FX_FOLD (widget);
  int child_min = 0, child_natural = 0;

  self->width = width;
  self->height = height;
  if (self->child == NULL)
    return;
  gtk_widget_measure (self->child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_natural, NULL, NULL);
  if (GTK_IS_ORIENTABLE (self->child) &&
      gtk_orientable_get_orientation (GTK_ORIENTABLE (self->child)) == GTK_ORIENTATION_HORIZONTAL)
    self->side_width = child_natural;
  /* until it turns, the child is given what it needs and clipped */
  gtk_widget_allocate (self->child, MAX (width, child_min), height, baseline, NULL);
  if (GTK_IS_ORIENTABLE (self->child) &&
      gtk_orientable_get_orientation (GTK_ORIENTABLE (self->child)) != wanted (self) && self->turn_source == 0)
    self->turn_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, turn, self, NULL);
}

static void
fx_fold_dispose (GObject *object)
{
  FxFold *self = FX_FOLD (object);

  g_clear_handle_id (&self->turn_source, g_source_remove);
  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (fx_fold_parent_class)->dispose (object);
}

static void
fx_fold_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  FxFold *self = FX_FOLD (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;

    case PROP_THRESHOLD:
      g_value_set_int (value, self->threshold);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fx_fold_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  FxFold *self = FX_FOLD (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      fx_fold_set_child (self, g_value_get_object (value));
      break;

    case PROP_THRESHOLD:
      fx_fold_set_threshold (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fx_fold_class_init (FxFoldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fx_fold_dispose;
  object_class->get_property = fx_fold_get_property;
  object_class->set_property = fx_fold_set_property;
  widget_class->measure = fx_fold_measure;
  widget_class->size_allocate = fx_fold_size_allocate;

  properties[PROP_CHILD] = g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  /* the narrowest width at which the child is side by side; 0: its natural width */
  properties[PROP_THRESHOLD] = g_param_spec_int ("threshold", NULL, NULL, 0, G_MAXINT, 720,
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                 G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fx_fold_init (FxFold *self)
{
  self->threshold = 720;
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}

GtkWidget *
fx_fold_new (void)
{
  return g_object_new (FX_TYPE_FOLD, NULL);
}

GtkWidget *
fx_fold_get_child (FxFold *self)
{
  g_return_val_if_fail (FX_IS_FOLD (self), NULL);

  return self->child;
}

void
fx_fold_set_child (FxFold    *self,
                   GtkWidget *child)
{
  g_return_if_fail (FX_IS_FOLD (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;
  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

int
fx_fold_get_threshold (FxFold *self)
{
  g_return_val_if_fail (FX_IS_FOLD (self), 0);

  return self->threshold;
}

void
fx_fold_set_threshold (FxFold *self,
                       int     threshold)
{
  g_return_if_fail (FX_IS_FOLD (self));

  if (self->threshold == threshold)
    return;
  self->threshold = threshold;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THRESHOLD]);
}
