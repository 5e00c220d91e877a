/* fx-window.c: the main window: one view stack of panes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-compare-page.h"
#include "fx-providers-page.h"
#include "fx-runs-page.h"
#include "fx-schema-document.h"
#include "fx-schema-page.h"
#include "fx-ui-util.h"
#include "fx-window.h"
#include "fx-workspace.h"

struct _FxWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  FxWorkspace          *workspace;
  FxSchemaDocument     *document;

  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *stack;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  FxSchemaPage         *schema_page;
  FxRunsPage           *runs_page;
  FxComparePage        *compare_page;
  GtkWindow            *shortcuts;

  gboolean              closing;
};

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FxWindow, fx_window, ADW_TYPE_APPLICATION_WINDOW)

static void
save_state (FxWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_set_string (self->settings, "visible-page",
                         adw_view_stack_get_visible_child_name (self->stack));
}

static void
on_quit_response (AdwMessageDialog *dialog,
                  const char       *response,
                  FxWindow         *self)
{
  if (g_str_equal (response, "quit"))
    {
      self->closing = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static gboolean
fx_window_close_request (GtkWindow *window)
{
  FxWindow *self = FX_WINDOW (window);
  guint n_running = g_list_model_get_n_items (fx_workspace_get_runs (self->workspace));

  /* runs stop with the window: say so first; they can be resumed later */
  if (n_running > 0 && !self->closing)
    {
      GtkWidget *dialog;

      dialog = adw_message_dialog_new (window, _("Stop Runs and Close?"), NULL);
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      ngettext ("A run is in progress. It stops now, with the rows it has so far, "
                                                "and can be resumed from the Runs pane later.",
                                                "%u runs are in progress. They stop now, with the rows they have so "
                                                "far, and can be resumed from the Runs pane later.", n_running),
                                      n_running);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Keep Running"),
                                        "quit", _("_Stop and Close"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "quit", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (on_quit_response), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }

  /* they end with the rows they have, as the workspace keeps the store open for them */
  fx_workspace_cancel_runs (self->workspace);
  save_state (self);
  return GTK_WINDOW_CLASS (fx_window_parent_class)->close_request (window);
}

static void
show_page (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  FxWindow *self = FX_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->stack, g_variant_get_string (parameter, NULL));
}

/* Ctrl+O, Ctrl+S and Ctrl+N work from any pane: they bring up the pane that does it. */
static void
forward_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FxWindow *self = FX_WINDOW (widget);

  if (g_str_equal (action_name, "win.new-run"))
    {
      adw_view_stack_set_visible_child_name (self->stack, "runs");
      gtk_widget_activate_action (GTK_WIDGET (self->runs_page), "run.new", NULL);
    }
  else
    {
      adw_view_stack_set_visible_child_name (self->stack, "schema");
      gtk_widget_activate_action (GTK_WIDGET (self->schema_page),
                                  g_str_equal (action_name, "win.open") ? "schema.open" : "schema.save",
                                  NULL);
    }
}

/* "Compare" on a run: its rows against the real data, in the Compare pane */
static void
compare_run (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FxWindow *self = FX_WINDOW (widget);

  fx_compare_page_add_run (self->compare_page, g_variant_get_int64 (parameter), NULL);
  adw_view_stack_set_visible_child_name (self->stack, "compare");
  fx_compare_page_compare (self->compare_page);
}

/* The shortcuts window is made when it is asked for and destroyed when it closes. GTK
 * keeps every window it has made in its list of toplevels until it is destroyed, and
 * GTK 4.8's accessibility root can hand a hidden one, whose accessible object is gone,
 * to a screen reader that asks for a child index it counted a moment before (say,
 * while a file chooser closes): the reply is built from a missing object path and the
 * application crashes. GTK's own help overlay would be such a hidden window all along. */
static void
show_shortcuts (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FxWindow *self = FX_WINDOW (widget);
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->shortcuts == NULL)
    {
      builder = gtk_builder_new_from_resource ("/io/github/facsimile/Facsimile/ui/fx-shortcuts-window.ui");
      self->shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
      g_object_add_weak_pointer (G_OBJECT (self->shortcuts), (gpointer *) &self->shortcuts);
      gtk_window_set_transient_for (self->shortcuts, GTK_WINDOW (self));
    }
  gtk_window_present (self->shortcuts);
}

static void
fx_window_dispose (GObject *object)
{
  FxWindow *self = FX_WINDOW (object);

  if (self->shortcuts != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->shortcuts), (gpointer *) &self->shortcuts);
      gtk_window_destroy (g_steal_pointer (&self->shortcuts));
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), FX_TYPE_WINDOW);
  g_clear_object (&self->settings);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (fx_window_parent_class)->dispose (object);
}

/* A schema opened or saved is one to offer again. */
static void
on_file_path_changed (FxWindow *self)
{
  const char *path = fx_schema_document_get_file_path (self->document);

  if (path != NULL)
    fx_workspace_add_recent_file (self->workspace, path);
}

static void
fx_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FxWindow *self = FX_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fx_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  FxWindow *self = FX_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The window hands each pane what it shows; no pane reaches into another. */
static void
fx_window_constructed (GObject *object)
{
  FxWindow *self = FX_WINDOW (object);

  G_OBJECT_CLASS (fx_window_parent_class)->constructed (object);

  if (self->workspace == NULL)
    self->workspace = fx_workspace_new ();
  g_object_set (self->schema_page, "document", self->document, NULL);
  g_object_set (self->runs_page, "workspace", self->workspace, "document", self->document, NULL);
  g_object_set (self->compare_page, "workspace", self->workspace, "document", self->document, NULL);
  g_signal_connect_object (self->document, "notify::file-path", G_CALLBACK (on_file_path_changed), self,
                           G_CONNECT_SWAPPED);
}

static void
fx_window_class_init (FxWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = fx_window_constructed;
  object_class->dispose = fx_window_dispose;
  object_class->get_property = fx_window_get_property;
  object_class->set_property = fx_window_set_property;

  /* the application's: the store and the runs going on */
  properties[PROP_WORKSPACE] = g_param_spec_object ("workspace", NULL, NULL, FX_TYPE_WORKSPACE,
                                                    G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                    G_PARAM_STATIC_STRINGS);
  /* the window's schema, which its panes share */
  properties[PROP_DOCUMENT] = g_param_spec_object ("document", NULL, NULL, FX_TYPE_SCHEMA_DOCUMENT,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  window_class->close_request = fx_window_close_request;

  g_type_ensure (FX_TYPE_COMPARE_PAGE);
  g_type_ensure (FX_TYPE_PROVIDERS_PAGE);
  g_type_ensure (FX_TYPE_RUNS_PAGE);
  g_type_ensure (FX_TYPE_SCHEMA_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/facsimile/Facsimile/ui/fx-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FxWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FxWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FxWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, FxWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, FxWindow, schema_page);
  gtk_widget_class_bind_template_child (widget_class, FxWindow, runs_page);
  gtk_widget_class_bind_template_child (widget_class, FxWindow, compare_page);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page);
  gtk_widget_class_install_action (widget_class, "win.compare-run", "x", compare_run);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "win.new-run", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_shortcuts);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-page", "s", "schema");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-page", "s", "providers");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-page", "s", "runs");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK, "win.show-page", "s", "compare");
}

static void
fx_window_init (FxWindow *self)
{
  g_autofree char *page = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* the names GTK 4.8 leaves to type names, in every pane */
  fx_ui_name_controls (GTK_WIDGET (self));

  self->document = fx_schema_document_new ();
  self->settings = g_settings_new ("io.github.facsimile.Facsimile");
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  page = g_settings_get_string (self->settings, "visible-page");
  if (adw_view_stack_get_child_by_name (self->stack, page) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, page);

  /* the bottom switcher takes over when the header has no room for the title one */
  g_object_bind_property (self->switcher_title, "title-visible",
                          self->switcher_bar, "reveal", G_BINDING_SYNC_CREATE);

  if (g_str_has_suffix (APP_ID, ".Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

FxWindow *
fx_window_new (GtkApplication *application,
               FxWorkspace    *workspace)
{
  return g_object_new (FX_TYPE_WINDOW, "application", application, "workspace", workspace, NULL);
}

void
fx_window_show_toast (FxWindow   *self,
                      const char *message)
{
  g_return_if_fail (FX_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  fx_ui_keep_message (GTK_WIDGET (self), message);
}
