/* fx-synthetic-sets.c: the synthetic sets chosen on the Compare pane
 *
 * Runs of the store and CSV tables, in the order chosen: the order the comparison
 * reports them in, and the first carries the holdout baseline.  The chips go in a flow
 * box of the page's own, so that the page's widgets stay as they are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-synthetic-sets.h"
#include "fx-ui-util.h"

typedef enum
{
  SOURCE_RUN,
  SOURCE_CSV,
} SourceKind;

typedef struct
{
  SourceKind  kind;
  gint64      run_id;
  char       *path;
  char       *label;
} Source;

struct _FxSyntheticSets
{
  GObject     parent_instance;

  GPtrArray  *sources;   /* (element-type Source) */

  GtkFlowBox *sets_box;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FxSyntheticSets, fx_synthetic_sets, G_TYPE_OBJECT)

static void
source_free (Source *source)
{
  g_free (source->path);
  g_free (source->label);
  g_free (source);
}

static void
on_remove_source (GtkButton *button,
                  gpointer   data)
{
  FxSyntheticSets *self = data;
  Source *source = g_object_get_data (G_OBJECT (button), "source");

  g_ptr_array_remove (self->sources, source);
  gtk_flow_box_remove (self->sets_box, gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_FLOW_BOX_CHILD));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
add_source (FxSyntheticSets *self,
            Source          *source)
{
  GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (source->label);
  GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
  g_autofree char *remove_name = g_strdup_printf (_("Remove %s"), source->label);

  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *other = g_ptr_array_index (self->sources, i);

      if (other->kind == source->kind && other->run_id == source->run_id &&
          g_strcmp0 (other->path, source->path) == 0)
        {
          source_free (source);
          return;
        }
    }
  g_ptr_array_add (self->sources, source);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  gtk_widget_set_margin_start (label, 10);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_set_tooltip_text (remove, remove_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
  g_object_set_data (G_OBJECT (remove), "source", source);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_source), self, 0);
  gtk_box_append (GTK_BOX (chip), label);
  gtk_box_append (GTK_BOX (chip), remove);
  gtk_widget_add_css_class (chip, "card");
  gtk_flow_box_append (self->sets_box, chip);
  /* the chip is not a stop of its own: its Remove button is */
  gtk_widget_set_focusable (gtk_widget_get_parent (chip), FALSE);
  fx_ui_name_flow_children (self->sets_box);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
fx_synthetic_sets_add_run (FxSyntheticSets *self,
                           gint64           run_id,
                           const char      *label)
{
  Source *source;

  g_return_if_fail (FX_IS_SYNTHETIC_SETS (self));
  g_return_if_fail (label != NULL);

  source = g_new0 (Source, 1);
  source->kind = SOURCE_RUN;
  source->run_id = run_id;
  source->label = g_strdup (label);
  add_source (self, source);
}

void
fx_synthetic_sets_add_csv (FxSyntheticSets *self,
                           const char      *path)
{
  Source *source;

  g_return_if_fail (FX_IS_SYNTHETIC_SETS (self));
  g_return_if_fail (path != NULL);

  source = g_new0 (Source, 1);
  source->kind = SOURCE_CSV;
  source->path = g_strdup (path);
  source->label = g_path_get_basename (path);
  add_source (self, source);
}

guint
fx_synthetic_sets_get_n_sets (FxSyntheticSets *self)
{
  g_return_val_if_fail (FX_IS_SYNTHETIC_SETS (self), 0);

  return self->sources->len;
}

const char *
fx_synthetic_sets_get_label (FxSyntheticSets *self,
                             guint            index)
{
  g_return_val_if_fail (FX_IS_SYNTHETIC_SETS (self), NULL);
  g_return_val_if_fail (index < self->sources->len, NULL);

  return ((Source *) g_ptr_array_index (self->sources, index))->label;
}

void
fx_synthetic_sets_add_to_request (FxSyntheticSets     *self,
                                  FxEvaluationRequest *request)
{
  g_return_if_fail (FX_IS_SYNTHETIC_SETS (self));

  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      if (source->kind == SOURCE_CSV)
        fx_evaluation_request_add_csv (request, source->path, source->label);
      else
        fx_evaluation_request_add_run (request, source->run_id, source->label);
    }
}

FxSyntheticSets *
fx_synthetic_sets_new (GtkFlowBox *box)
{
  FxSyntheticSets *self;

  g_return_val_if_fail (GTK_IS_FLOW_BOX (box), NULL);

  self = g_object_new (FX_TYPE_SYNTHETIC_SETS, NULL);
  self->sets_box = g_object_ref (box);
  return self;
}

static void
fx_synthetic_sets_finalize (GObject *object)
{
  FxSyntheticSets *self = FX_SYNTHETIC_SETS (object);

  g_clear_object (&self->sets_box);
  g_ptr_array_unref (self->sources);

  G_OBJECT_CLASS (fx_synthetic_sets_parent_class)->finalize (object);
}

static void
fx_synthetic_sets_class_init (FxSyntheticSetsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fx_synthetic_sets_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
fx_synthetic_sets_init (FxSyntheticSets *self)
{
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
}
