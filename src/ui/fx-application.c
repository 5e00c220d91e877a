/* fx-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-application.h"
#include "fx-latency-probe.h"
#include "fx-ui-resources.h"
#include "fx-window.h"
#include "fx-workspace.h"

struct _FxApplication
{
  AdwApplication  parent_instance;

  FxWorkspace    *workspace;
  guint           n_held;
};

G_DEFINE_FINAL_TYPE (FxApplication, fx_application, ADW_TYPE_APPLICATION)

static void
fx_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (fx_window_new (GTK_APPLICATION (app), FX_APPLICATION (app)->workspace));
  gtk_window_present (window);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Facsimile developers", NULL };
  GtkApplication *app = user_data;
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Facsimile"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Facsimile developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "comments", _("Generate synthetic health records and see how faithful they are."),
                        "copyright", "© 2026 The Facsimile developers",
                        NULL);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("eICU Collaborative Research Database Demo"),
                                      NULL, GTK_LICENSE_CUSTOM,
                                      _("The bundled example is derived from the eICU Collaborative Research "
                                        "Database Demo 2.0 (Johnson, Pollard, Badawi and Raffa, PhysioNet, 2019, "
                                        "doi:10.13026/gxmm-es70; Pollard et al., Scientific Data 5, 180178, 2018) "
                                        "under the Open Database License (ODbL) v1.0."));
  gtk_window_present (GTK_WINDOW (about));
}

/* the guide installed under share/help, shown by Yelp */
static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  gtk_show_uri (gtk_application_get_active_window (GTK_APPLICATION (user_data)), "help:facsimile", GDK_CURRENT_TIME);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));

  /* through each window's close request, which asks first when runs are going on */
  if (windows == NULL)
    g_application_quit (G_APPLICATION (user_data));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

/* A run cancelled as its window closes still writes its last answers: the
 * application waits for every run to end before it quits. */
static void
on_runs_changed (FxApplication *self)
{
  guint n = g_list_model_get_n_items (fx_workspace_get_runs (self->workspace));

  for (; self->n_held < n; self->n_held++)
    g_application_hold (G_APPLICATION (self));
  for (; self->n_held > n; self->n_held--)
    g_application_release (G_APPLICATION (self));
}

static void
fx_application_startup (GApplication *app)
{
  FxApplication *self = FX_APPLICATION (app);

  static const GActionEntry entries[] = {
    { "about", about_action },
    { "help", help_action },
    { "quit", quit_action },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *help_accels[] = { "F1", NULL };

  G_APPLICATION_CLASS (fx_application_parent_class)->startup (app);

  fx_latency_probe_start ();

  /* the store is opened at once, in a thread, for whichever pane needs it first */
  self->workspace = fx_workspace_new ();
  g_signal_connect_object (fx_workspace_get_runs (self->workspace), "items-changed",
                           G_CALLBACK (on_runs_changed), self, G_CONNECT_SWAPPED);
  fx_workspace_open_store_async (self->workspace, NULL, NULL, NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.help", help_accels);
}

static void
fx_application_shutdown (GApplication *app)
{
  FxApplication *self = FX_APPLICATION (app);

  G_APPLICATION_CLASS (fx_application_parent_class)->shutdown (app);
  g_clear_object (&self->workspace);
}

static void
fx_application_class_init (FxApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->shutdown = fx_application_shutdown;

  app_class->activate = fx_application_activate;
  app_class->startup = fx_application_startup;

  /* from a static library the resource is linked in only when referenced; its
   * constructor then registers it */
  g_assert (fx_ui_resources_get_resource () != NULL);
}

static void
fx_application_init (FxApplication *self)
{
}

FxApplication *
fx_application_new (void)
{
  return g_object_new (FX_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/facsimile/Facsimile",
                       NULL);
}

FxWorkspace *
fx_application_get_workspace (FxApplication *self)
{
  g_return_val_if_fail (FX_IS_APPLICATION (self), NULL);

  return self->workspace;
}
