/* fx-runs-page.c: new runs, their progress and their history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-runs-page.h"

struct _FxRunsPage
{
  AdwBin        parent_instance;

  FxSchemaPage *schema_page;
};

G_DEFINE_FINAL_TYPE (FxRunsPage, fx_runs_page, ADW_TYPE_BIN)

static void
fx_runs_page_dispose (GObject *object)
{
  FxRunsPage *self = FX_RUNS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FX_TYPE_RUNS_PAGE);
  g_clear_weak_pointer (&self->schema_page);

  G_OBJECT_CLASS (fx_runs_page_parent_class)->dispose (object);
}

static void
fx_runs_page_class_init (FxRunsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fx_runs_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/facsimile/Facsimile/ui/fx-runs-page.ui");
}

static void
fx_runs_page_init (FxRunsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
fx_runs_page_set_schema_page (FxRunsPage   *self,
                              FxSchemaPage *schema_page)
{
  g_return_if_fail (FX_IS_RUNS_PAGE (self));

  g_set_weak_pointer (&self->schema_page, schema_page);
}
