/* fx-generation-order-entry.c: the conditional strategy's generation order, edited
 *
 * The order is written as feature names separated by commas.  A name that is not a
 * feature, or one given twice, marks the entry and changes nothing, so the schema
 * only ever holds an order the engine can follow; an empty entry means the default
 * order by block.  Each accepted change is a step of the document's undo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-generation-order-entry.h"

struct _FxGenerationOrderEntry
{
  AdwBin            parent_instance;

  FxSchemaDocument *document;
  GtkEntry         *entry;
  gboolean          showing;   /* the entry is being filled from the document */
};

G_DEFINE_FINAL_TYPE (FxGenerationOrderEntry, fx_generation_order_entry, ADW_TYPE_BIN)

static const char *help_text = N_("Columns the conditional strategy asks for first, in this order, "
                                  "separated by commas; empty: demographics, admission, vitals, labs, outcome");

/* The names written, or NULL with @message saying what is wrong. */
static GStrv
parse_order (FxGenerationOrderEntry  *self,
             char                   **message)
{
  g_autoptr(FxSchema) schema = fx_schema_document_build_schema (self->document);
  g_auto(GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->entry)), ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *name = g_strstrip (parts[i]);
      gboolean known = FALSE;

      if (name[0] == '\0')
        continue;
      for (guint j = 0; j < schema->features->len && !known; j++)
        known = g_str_equal (((FxFeature *) schema->features->pdata[j])->name, name);
      if (!known)
        {
          *message = g_strdup_printf (_("“%s” is not a feature of this schema"), name);
          return NULL;
        }
      if (!g_hash_table_add (seen, (gpointer) name))
        {
          *message = g_strdup_printf (_("“%s” is named twice"), name);
          return NULL;
        }
      g_strv_builder_add (builder, name);
    }
  return g_strv_builder_end (builder);
}

static void
on_changed (FxGenerationOrderEntry *self)
{
  g_autofree char *message = NULL;
  g_auto(GStrv) order = NULL;

  if (self->showing || self->document == NULL)
    return;
  order = parse_order (self, &message);
  if (order == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->entry), message);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->entry), _(help_text));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _(help_text), -1);
  /* typing in the entry makes one step of undo, as the other header fields do */
  if (!fx_schema_document_begin_edit (self->document, self, NULL, 0))
    return;
  fx_schema_document_set_generation_order (self->document, (const char * const *) order);
  fx_schema_document_end_edit (self->document);
}

/* A new schema, or one undone: shows its order. */
static void
on_document_reset (FxGenerationOrderEntry *self)
{
  FxSchema *header = fx_schema_document_get_header (self->document);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < header->generation_order->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", (const char *) header->generation_order->pdata[i]);
  self->showing = TRUE;
  if (!g_str_equal (gtk_editable_get_text (GTK_EDITABLE (self->entry)), text->str))
    gtk_editable_set_text (GTK_EDITABLE (self->entry), text->str);
  gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  self->showing = FALSE;
}

void
fx_generation_order_entry_set_document (FxGenerationOrderEntry *self,
                                        FxSchemaDocument       *document)
{
  g_return_if_fail (FX_IS_GENERATION_ORDER_ENTRY (self));
  g_return_if_fail (self->document == NULL);

  self->document = g_object_ref (document);
  g_signal_connect_object (document, "reset", G_CALLBACK (on_document_reset), self, G_CONNECT_SWAPPED);
  on_document_reset (self);
}

static void
fx_generation_order_entry_dispose (GObject *object)
{
  FxGenerationOrderEntry *self = FX_GENERATION_ORDER_ENTRY (object);

  g_clear_object (&self->document);
  G_OBJECT_CLASS (fx_generation_order_entry_parent_class)->dispose (object);
}

static void
fx_generation_order_entry_class_init (FxGenerationOrderEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fx_generation_order_entry_dispose;
}

static void
fx_generation_order_entry_init (FxGenerationOrderEntry *self)
{
  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->entry), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->entry), "flat");
  gtk_entry_set_placeholder_text (self->entry, _("Generation order: by block (demographics first, outcome last)"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->entry), _(help_text));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Generation Order"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _(help_text), -1);
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (on_changed), self);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->entry));
}
