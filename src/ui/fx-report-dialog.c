/* fx-report-dialog.c: what goes into a report, and where
 *
 * The report is written in a thread; the window stays responsive, the dialog shows
 * how far it has come and can cancel it.  Nothing appears at the chosen path until
 * the file is complete.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fx-file.h"
#include "fx-report-dialog.h"
#include "fx-ui-util.h"

typedef struct
{
  FxReportSections  section;
  const char       *title;
  const char       *subtitle;
} SectionChoice;

static const SectionChoice section_choices[] = {
  { FX_REPORT_SECTION_SUMMARY, N_("Summary"), N_("What passed and failed, in plain words, with the caveats") },
  { FX_REPORT_SECTION_FEATURE_TABLE, N_("Table of Features"), N_("Every test and distance, feature by feature") },
  { FX_REPORT_SECTION_FEATURE_PLOTS, N_("Feature Plots"), N_("Distributions of every feature, real beside synthetic") },
  { FX_REPORT_SECTION_CORRELATIONS, N_("Correlations"), N_("Heatmaps of the real, synthetic and difference matrices") },
  { FX_REPORT_SECTION_DIMENSIONALITY, N_("Study"), N_("The study's leaderboard and its charts") },
  { FX_REPORT_SECTION_METHODS, N_("Methods"), N_("What each metric means, with references") },
};

struct _FxReportDialog
{
  AdwWindow       parent_instance;

  FxReport       *report;
  GtkWidget      *toast_widget;
  GSettings      *settings;
  GCancellable   *cancellable;
  gboolean        has_study;
  GtkSwitch      *section_switches[G_N_ELEMENTS (section_choices)];

  GtkWidget      *form;
  GtkButton      *export_button;
  AdwEntryRow    *title_row;
  AdwEntryRow    *author_row;
  AdwComboRow    *format_row;
  AdwComboRow    *paper_row;
  GtkSwitch      *data_switch;
  AdwPreferencesGroup *sections_group;
  GtkRevealer    *progress_revealer;
  GtkLabel       *status_label;
  GtkProgressBar *progress_bar;
};

G_DEFINE_FINAL_TYPE (FxReportDialog, fx_report_dialog, ADW_TYPE_WINDOW)

typedef struct
{
  FxReport       *report;    /* borrowed: the dialog outlives the task */
  char           *path;
  FxReportFormat  format;
  gboolean        with_data;
  FxReportDialog *dialog;    /* for progress */
  GCancellable   *cancellable;
  double          shown;     /* the last fraction sent to the main loop (thread only) */
} Export;

static void
export_free (Export *export)
{
  g_free (export->path);
  g_object_unref (export->dialog);
  g_object_unref (export->cancellable);
  g_free (export);
}

typedef struct
{
  FxReportDialog *dialog;
  GCancellable   *cancellable;
  double          fraction;
} Progress;

static void
progress_free (Progress *progress)
{
  g_object_unref (progress->dialog);
  g_object_unref (progress->cancellable);
  g_free (progress);
}

static gboolean
show_progress (gpointer data)
{
  Progress *progress = data;

  if (progress->cancellable == progress->dialog->cancellable && !g_cancellable_is_cancelled (progress->cancellable))
    gtk_progress_bar_set_fraction (progress->dialog->progress_bar, progress->fraction);
  return G_SOURCE_REMOVE;
}

/* From the thread; a step of at least a hundredth is shown. */
static void
on_progress (double   fraction,
             gpointer data)
{
  Export *export = data;
  Progress *progress;

  if (fraction < 1 && fraction - export->shown < 0.01)
    return;
  export->shown = fraction;
  progress = g_new0 (Progress, 1);
  progress->dialog = g_object_ref (export->dialog);
  progress->cancellable = g_object_ref (export->cancellable);
  progress->fraction = fraction;
  /* a source, never g_main_context_invoke(): that may call show_progress() here, in
   * this thread, when the main loop is between two iterations */
  g_idle_add_full (G_PRIORITY_DEFAULT, show_progress, progress, (GDestroyNotify) progress_free);
}

static void
export_thread (GTask        *task,
               gpointer      object,
               gpointer      data,
               GCancellable *cancellable)
{
  Export *export = data;
  GError *error = NULL;
  g_autofree char *json = fx_report_path_beside (export->path, ".json");
  g_autofree char *csv = fx_report_path_beside (export->path, ".csv");
  gboolean written;

  /* the report and its data files replace what was there together, or none does */
  fx_atomic_file_group_begin ();
  written = fx_report_write (export->report, export->path, export->format, on_progress, export, cancellable, &error) &&
            (!export->with_data ||
             (fx_report_write (export->report, json, FX_REPORT_JSON, NULL, NULL, cancellable, &error) &&
              fx_report_write (export->report, csv, FX_REPORT_CSV, NULL, NULL, cancellable, &error)));
  if (!fx_atomic_file_group_end (written, written ? &error : NULL))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
set_busy (FxReportDialog *self,
          gboolean        busy)
{
  gtk_widget_set_sensitive (self->form, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), !busy);
  if (busy)
    {
      gtk_label_set_text (self->status_label, _("Writing the report…"));
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
    }
}

static void
on_open_clicked (AdwToast *toast,
                 gpointer  data)
{
  const char *uri = data;
  GtkRoot *root = g_object_get_data (G_OBJECT (toast), "root");

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static void
toast_saved (FxReportDialog *self,
             const char     *path)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (self->toast_widget, ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *message = g_strdup_printf (_("Saved the report as %s"), base);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AdwToast *toast;

  if (overlay == NULL)
    return;
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_timeout (toast, 8);
  g_object_set_data (G_OBJECT (toast), "root", gtk_widget_get_root (self->toast_widget));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_open_clicked), g_file_get_uri (file),
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  fx_ui_keep_message (self->toast_widget, message);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  FxReportDialog *self = FX_REPORT_DIALOG (source);
  Export *export = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  /* a dialog closed while writing is gone: only its toast widget is still held */
  gboolean closed = g_cancellable_is_cancelled (export->cancellable);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (closed)
        return;
      set_busy (self, FALSE);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
      else
        {
          g_autofree char *message = g_strdup_printf (_("Could not export the report: %s"), error->message);

          gtk_label_set_text (self->status_label, message);
          gtk_progress_bar_set_fraction (self->progress_bar, 0);
        }
      return;
    }
  toast_saved (self, export->path);
  if (!closed)
    gtk_window_destroy (GTK_WINDOW (self));
}

static FxReportFormat
chosen_format (FxReportDialog *self)
{
  return adw_combo_row_get_selected (self->format_row) == 1 ? FX_REPORT_HTML : FX_REPORT_PDF;
}

static void
on_file_chosen (GtkWidget  *widget,
                const char *path,
                gpointer    data)
{
  FxReportDialog *self = FX_REPORT_DIALOG (widget);
  g_autoptr(GTask) task = NULL;
  FxReportSections sections = 0;
  Export *export;

  for (guint i = 0; i < G_N_ELEMENTS (section_choices); i++)
    if (gtk_switch_get_active (self->section_switches[i]))
      sections |= section_choices[i].section;
  fx_report_set_title (self->report, gtk_editable_get_text (GTK_EDITABLE (self->title_row)));
  fx_report_set_author (self->report, gtk_editable_get_text (GTK_EDITABLE (self->author_row)));
  fx_report_set_paper (self->report, adw_combo_row_get_selected (self->paper_row) == 1 ? FX_REPORT_PAPER_LETTER
                                                                                          : FX_REPORT_PAPER_A4);
  fx_report_set_sections (self->report, sections);
  g_settings_set_string (self->settings, "report-author", gtk_editable_get_text (GTK_EDITABLE (self->author_row)));
  g_settings_set_string (self->settings, "report-format", chosen_format (self) == FX_REPORT_HTML ? "html" : "pdf");
  g_settings_set_boolean (self->settings, "report-with-data", gtk_switch_get_active (self->data_switch));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  export = g_new0 (Export, 1);
  export->report = self->report;
  /* the name's extension decides; without one, the format chosen adds it */
  if (fx_report_format_from_path (path, &export->format))
    export->path = g_strdup (path);
  else
    {
      export->format = chosen_format (self);
      export->path = g_strconcat (path, export->format == FX_REPORT_HTML ? ".html" : ".pdf", NULL);
    }
  export->with_data = gtk_switch_get_active (self->data_switch);
  export->dialog = g_object_ref (self);
  export->cancellable = g_object_ref (self->cancellable);

  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, on_written, NULL);
  g_task_set_source_tag (task, on_file_chosen);
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);
  g_task_run_in_thread (task, export_thread);
}

static void
on_export (FxReportDialog *self)
{
  const char *title = gtk_editable_get_text (GTK_EDITABLE (self->title_row));
  gboolean html = chosen_format (self) == FX_REPORT_HTML;
  g_autoptr(GString) name = g_string_new (NULL);

  /* the title as a file name, or "report" */
  for (const char *p = title; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c) || c == '-' || c == '_')
        g_string_append_unichar (name, c);
      else if (name->len > 0 && name->str[name->len - 1] != '-')
        g_string_append_c (name, '-');
    }
  while (name->len > 0 && name->str[name->len - 1] == '-')
    g_string_truncate (name, name->len - 1);
  if (name->len == 0)
    g_string_append (name, "report");
  g_string_append (name, html ? ".html" : ".pdf");

  fx_ui_choose_file (GTK_WIDGET (self), GTK_FILE_CHOOSER_ACTION_SAVE, _("Export Report"), _("_Export"),
                     name->str, html ? _("Web pages") : _("PDF documents"),
                     html ? "text/html" : "application/pdf", html ? "*.html" : "*.pdf",
                     on_file_chosen, NULL);
}

static void
on_cancel (FxReportDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_format_changed (FxReportDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->paper_row), chosen_format (self) == FX_REPORT_PDF);
}

static void
fx_report_dialog_dispose (GObject *object)
{
  FxReportDialog *self = FX_REPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FX_TYPE_REPORT_DIALOG);
  G_OBJECT_CLASS (fx_report_dialog_parent_class)->dispose (object);
}

static void
fx_report_dialog_finalize (GObject *object)
{
  FxReportDialog *self = FX_REPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->toast_widget);
  g_clear_pointer (&self->report, fx_report_free);
  G_OBJECT_CLASS (fx_report_dialog_parent_class)->finalize (object);
}

static void
fx_report_dialog_class_init (FxReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fx_report_dialog_dispose;
  object_class->finalize = fx_report_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/facsimile/Facsimile/ui/fx-report-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FxReportDialog, form);
  gtk_widget_class_bind_template_child (widget_class, FxReportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, FxReportDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, FxReportDialog, author_row);
  gtk_widget_class_bind_template_child (widget_class, FxReportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, FxReportDialog, paper_row);
  gtk_widget_class_bind_template_child (widget_class, FxReportDialog, data_switch);
  gtk_widget_class_bind_template_child (widget_class, FxReportDialog, sections_group);
  gtk_widget_class_bind_template_child (widget_class, FxReportDialog, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, FxReportDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, FxReportDialog, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_export);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel);
  gtk_widget_class_bind_template_callback (widget_class, on_format_changed);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fx_report_dialog_init (FxReportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
}

FxReportDialog *
fx_report_dialog_new (GtkWindow  *parent,
                      GtkWidget  *toast_widget,
                      FxReport   *report,
                      const char *suggested_title,
                      gboolean    has_study)
{
  FxReportDialog *self = g_object_new (FX_TYPE_REPORT_DIALOG, "transient-for", parent, NULL);
  g_autofree char *format = NULL;

  self->report = report;
  self->toast_widget = g_object_ref (toast_widget);
  self->has_study = has_study;
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), suggested_title != NULL ? suggested_title : "");
  {
    g_autofree char *author = g_settings_get_string (self->settings, "report-author");

    gtk_editable_set_text (GTK_EDITABLE (self->author_row), author);
  }
  format = g_settings_get_string (self->settings, "report-format");
  adw_combo_row_set_selected (self->format_row, g_str_equal (format, "html") ? 1 : 0);
  adw_combo_row_set_selected (self->paper_row, fx_report_paper_from_locale () == FX_REPORT_PAPER_LETTER ? 1 : 0);
  gtk_switch_set_active (self->data_switch, g_settings_get_boolean (self->settings, "report-with-data"));
  on_format_changed (self);

  for (guint i = 0; i < G_N_ELEMENTS (section_choices); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *toggle = gtk_switch_new ();
      gboolean available = section_choices[i].section != FX_REPORT_SECTION_DIMENSIONALITY || has_study;
      g_autofree char *name = g_strdup_printf (_("Include “%s”"), _(section_choices[i].title));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(section_choices[i].title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   available ? _(section_choices[i].subtitle)
                                             : _("Run a study in the Study tab to include it"));
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (toggle), available);
      gtk_widget_set_sensitive (row, available);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      adw_preferences_group_add (self->sections_group, row);
      self->section_switches[i] = GTK_SWITCH (toggle);
    }
  return self;
}
