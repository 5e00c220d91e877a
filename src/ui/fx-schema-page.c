/* fx-schema-page.c: the schema designer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-example.h"
#include "fx-schema-page.h"

struct _FxSchemaPage
{
  AdwBin    parent_instance;

  FxSchema *schema;
  char     *reference_path;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FxSchemaPage, fx_schema_page, ADW_TYPE_BIN)

static void
fx_schema_page_dispose (GObject *object)
{
  FxSchemaPage *self = FX_SCHEMA_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FX_TYPE_SCHEMA_PAGE);
  g_clear_pointer (&self->schema, fx_schema_free);
  g_clear_pointer (&self->reference_path, g_free);

  G_OBJECT_CLASS (fx_schema_page_parent_class)->dispose (object);
}

static void
fx_schema_page_class_init (FxSchemaPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fx_schema_page_dispose;

  /* Emitted after every change of the schema or of the reference path. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/facsimile/Facsimile/ui/fx-schema-page.ui");
}

static void
fx_schema_page_init (FxSchemaPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

FxSchema *
fx_schema_page_dup_schema (FxSchemaPage  *self,
                           GError       **error)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (FX_IS_SCHEMA_PAGE (self), NULL);

  if (self->schema == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No schema yet"));
      return NULL;
    }
  json = fx_schema_to_json (self->schema);
  return fx_schema_load_data (json, -1, _("the schema"), error);
}

const char *
fx_schema_page_get_reference_path (FxSchemaPage *self)
{
  g_return_val_if_fail (FX_IS_SCHEMA_PAGE (self), NULL);

  return self->reference_path;
}

gboolean
fx_schema_page_load_example (FxSchemaPage  *self,
                             GError       **error)
{
  g_autofree char *schema_path = NULL;
  g_autofree char *reference_path = NULL;
  FxSchema *schema;

  g_return_val_if_fail (FX_IS_SCHEMA_PAGE (self), FALSE);

  if ((schema_path = fx_example_get_schema_path (error)) == NULL ||
      (reference_path = fx_example_get_reference_path (error)) == NULL ||
      (schema = fx_schema_load_file (schema_path, error)) == NULL)
    return FALSE;

  g_clear_pointer (&self->schema, fx_schema_free);
  self->schema = schema;
  g_free (self->reference_path);
  self->reference_path = g_steal_pointer (&reference_path);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}
