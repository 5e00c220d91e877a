/* fx-runs-page.c: new runs, their progress and their history
 *
 * The page starts work and shows what the engine reports; it never builds a request
 * itself.  A run is prepared by the engine library (FxJob) off the main loop, because
 * reading the reference data and fitting a baseline take time; it then runs on the main
 * loop like every libsoup request.  Reading the store for a run's details or an export
 * happens in a thread with its own connection to the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fx-csv.h"
#include "fx-job.h"
#include "fx-runs-page.h"
#include "fx-ui-util.h"

/* the generator choices, in the order of the template's list */
static const char * const generator_names[] = {
  "copula", "independent", "openai", "anthropic", "gemini", "openai-compatible",
};

/* the strategy choices, in the order of the template's list */
static const FxStrategyKind strategy_kinds[] = {
  FX_STRATEGY_STATISTICS, FX_STRATEGY_SCHEMA, FX_STRATEGY_CONDITIONAL, FX_STRATEGY_GROUP, FX_STRATEGY_NAIVE,
};

/* requests and rejected rows listed in a run's details at most */
#define MAX_LISTED 200

/* The store, shared by the page and its runs: a run cancelled as the window closes
 * still writes its last answers as it ends. */
typedef struct
{
  FxStore *store;
} StoreRef;

static void
store_ref_clear (StoreRef *ref)
{
  g_clear_pointer (&ref->store, fx_store_close);
}

static void
store_ref_unref (StoreRef *ref)
{
  g_rc_box_release_full (ref, (GDestroyNotify) store_ref_clear);
}

typedef struct
{
  FxRunsPage    *page;
  StoreRef      *store;
  FxJob         *job;
  GCancellable  *cancellable;
  FxRunOptions   options;
  FxRunProgress  progress;
  gboolean       have_progress;
  gint64         run_id;
  gint64         last_shown;
  char          *wait_text;     /* (nullable) what the run waits for and until when */
} ActiveRun;

struct _FxRunsPage
{
  AdwBin              parent_instance;

  FxSchemaPage       *schema_page;
  GSettings          *settings;
  StoreRef           *store_ref;
  FxStore            *store;     /* store_ref's */
  GHashTable         *active;        /* run id -> ActiveRun */
  GCancellable       *cancellable;   /* for the page's own work; cancelled on dispose */
  char               *reference_path;
  gboolean            reference_chosen;
  gint64              shown_run;     /* 0: the form */
  guint               detail_serial;
  gboolean            preparing;

  GtkListBox         *history;
  GtkStack           *content;
  AdwActionRow       *schema_row;
  AdwActionRow       *reference_row;
  GtkButton          *reference_clear;
  AdwComboRow        *generator_row;
  AdwEntryRow        *model_row;
  AdwComboRow        *strategy_row;
  GtkSpinButton      *rows_spin;
  GtkSpinButton      *batch_spin;
  GtkSpinButton      *concurrency_spin;
  AdwActionRow       *concurrency_row;
  AdwActionRow       *temperature_row;
  GtkSwitch          *temperature_switch;
  GtkSpinButton      *temperature_spin;
  GtkSpinButton      *seed_spin;
  GtkLabel           *privacy_label;
  GtkLabel           *form_error;
  GtkSpinner         *start_spinner;
  GtkLabel           *run_title;
  GtkLabel           *run_subtitle;
  GtkProgressBar     *progress_bar;
  GtkButton          *cancel_button;
  GtkButton          *resume_button;
  GtkLabel           *status_label;
  GtkGrid            *stats_grid;
  AdwPreferencesGroup *provenance_group;
  AdwPreferencesGroup *requests_group;
  GtkListBox         *requests_list;
  AdwPreferencesGroup *rejected_group;
  GtkListBox         *rejected_list;
  GPtrArray          *provenance_rows;
  GtkLabel           *stat_values[6];
};

G_DEFINE_FINAL_TYPE (FxRunsPage, fx_runs_page, ADW_TYPE_BIN)

static void show_run      (FxRunsPage *self,
                           gint64      run_id);
static void refresh_history (FxRunsPage *self);

static void
active_run_free (ActiveRun *run)
{
  g_clear_pointer (&run->job, fx_job_free);
  g_clear_pointer (&run->store, store_ref_unref);
  g_clear_object (&run->cancellable);
  g_free (run->wait_text);
  g_free (run);
}

static void
toast (FxRunsPage *self,
       const char *message)
{
  fx_ui_toast (GTK_WIDGET (self), message);
}

/* Removes the rows (not the placeholder, which is a child too). */
static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static FxStore *
get_store (FxRunsPage  *self,
           GError     **error)
{
  if (self->store_ref == NULL)
    {
      FxStore *store = fx_store_open (NULL, error);

      if (store == NULL)
        return NULL;
      self->store_ref = g_rc_box_new0 (StoreRef);
      self->store_ref->store = store;
      self->store = store;
    }
  return self->store;
}

static char *
format_count (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

static char *
format_duration (double seconds)
{
  gint64 s = (gint64) llround (seconds);

  if (s >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60), (int) (s % 60));
  return g_strdup_printf ("%d:%02d", (int) (s / 60), (int) (s % 60));
}

/* An ISO 8601 UTC time as local time, to the minute. */
static char *
format_time (const char *iso)
{
  g_autoptr(GDateTime) utc = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (iso != NULL ? iso : "—");
  local = g_date_time_to_local (utc);
  /* Translators: a run's start or end, local time, as g_date_time_format () takes it;
   * write it as dates and times are written in your language, e.g. "%d.%m.%Y %H:%M" */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
}

static const char *
generator_label (const char *name)
{
  const FxProviderClass *provider = fx_provider_lookup (name);

  if (provider != NULL)
    return provider->display_name;
  if (g_strcmp0 (name, "copula") == 0)
    return _("Gaussian copula");
  if (g_strcmp0 (name, "independent") == 0)
    return _("Independent marginals");
  return name;
}

static const char *
status_label (const FxRunRecord *record,
              gboolean           active)
{
  if (active)
    return _("Running");
  switch (record->status)
    {
    case FX_RUN_COMPLETED:
      return _("Completed");
    case FX_RUN_FAILED:
      return _("Failed");
    case FX_RUN_CANCELLED:
      return _("Cancelled");
    case FX_RUN_RUNNING:
      return _("Interrupted");
    default:
      return "";
    }
}

static const char *
selected_generator (FxRunsPage *self)
{
  guint i = adw_combo_row_get_selected (self->generator_row);

  return generator_names[MIN (i, G_N_ELEMENTS (generator_names) - 1)];
}

static const char *
effective_reference (FxRunsPage *self)
{
  if (self->reference_chosen)
    return self->reference_path;
  return self->schema_page != NULL ? fx_schema_page_get_reference_path (self->schema_page) : NULL;
}

/* The form: what the chosen generator needs, and what it would send where. */
static void
update_form (FxRunsPage *self)
{
  const char *name = selected_generator (self);
  const FxProviderClass *provider = fx_provider_lookup (name);
  const char *reference = effective_reference (self);
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  gboolean ready;

  schema = self->schema_page != NULL ? fx_schema_page_dup_schema (self->schema_page, &error) : NULL;
  if (schema != NULL)
    subtitle = g_strdup_printf (ngettext ("%s, %u feature", "%s, %u features", schema->features->len),
                                schema->name != NULL ? schema->name : _("Untitled"), schema->features->len);
  else if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    subtitle = g_strdup (_("None yet: open, infer or design one in the Schema pane"));
  else
    subtitle = g_strdup_printf (_("Not valid yet: %s"), error->message);
  adw_action_row_set_subtitle (self->schema_row, subtitle);
  g_clear_pointer (&subtitle, g_free);

  if (reference != NULL)
    {
      g_autofree char *base = g_path_get_basename (reference);
      g_autofree char *dir = g_path_get_dirname (reference);

      subtitle = g_markup_printf_escaped ("%s — %s", base, dir);
    }
  else
    subtitle = g_strdup (provider == NULL ? _("None: the offline baselines are fitted on a real table; choose one")
                                          : _("None: prompts describe the schema only"));
  adw_action_row_set_subtitle (self->reference_row, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->reference_clear), reference != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->model_row), provider != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->strategy_row), provider != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->temperature_row), provider != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->concurrency_row), provider != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->temperature_spin), gtk_switch_get_active (self->temperature_switch));

  if (provider == NULL)
    gtk_label_set_text (self->privacy_label,
                        _("Offline: the baseline is fitted and sampled on this machine. Nothing leaves it, and no account is needed."));
  else
    {
      FxStrategyKind kind = strategy_kinds[MIN (adw_combo_row_get_selected (self->strategy_row),
                                                G_N_ELEMENTS (strategy_kinds) - 1)];

      g_autofree char *url_key = g_strdup_printf ("%s-base-url", provider->name);
      g_autofree char *url = g_settings_get_string (self->settings, url_key);
      g_autofree char *text = NULL;
      gboolean local = fx_provider_stays_local (provider, url[0] != '\0' ? url : NULL);

      if (fx_provider_sends_real_rows_away (provider, fx_strategy_kind_sends_real_rows (kind) && reference != NULL, url[0] != '\0' ? url : NULL))
        text = g_strdup_printf (_("This strategy puts real rows of the reference data in the prompts sent to %s. "
                                  "You will be asked to confirm which rows and columns leave this machine."),
                                provider->display_name);
      else if (local)
        text = g_strdup_printf (_("The server at %s is on this machine: prompts stay here."), url);
      else
        text = g_strdup_printf (_("Prompts sent to %s hold the schema and, with reference data, summary statistics "
                                  "of it (rare categories pooled); no real row leaves this machine."),
                                provider->display_name);
      gtk_label_set_text (self->privacy_label, text);
    }

  ready = schema != NULL && !self->preparing && (provider != NULL || reference != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.start", ready);
}

static void
on_generator_changed (FxRunsPage *self)
{
  const FxProviderClass *provider = fx_provider_lookup (selected_generator (self));

  if (provider != NULL)
    {
      g_autofree char *key = g_strdup_printf ("%s-model", provider->name);
      g_autofree char *model = g_settings_get_string (self->settings, key);

      gtk_editable_set_text (GTK_EDITABLE (self->model_row), model);
    }
  g_settings_set_string (self->settings, "run-generator", selected_generator (self));
  update_form (self);
}

static FxStrategyKind
selected_strategy (FxRunsPage *self)
{
  return strategy_kinds[MIN (adw_combo_row_get_selected (self->strategy_row), G_N_ELEMENTS (strategy_kinds) - 1)];
}

static void
on_strategy_changed (FxRunsPage *self)
{
  g_settings_set_string (self->settings, "run-strategy", fx_strategy_kind_to_string (selected_strategy (self)));
  update_form (self);
}

static void
on_reference_clear (FxRunsPage *self)
{
  g_clear_pointer (&self->reference_path, g_free);
  self->reference_chosen = TRUE;
  update_form (self);
}

static void
on_reference_chosen (GtkWidget  *widget,
                     const char *path,
                     gpointer    data)
{
  FxRunsPage *self = FX_RUNS_PAGE (widget);

  g_free (self->reference_path);
  self->reference_path = g_strdup (path);
  self->reference_chosen = TRUE;
  update_form (self);
}

static void
on_reference_choose (FxRunsPage *self)
{
  fx_ui_choose_file (GTK_WIDGET (self), GTK_FILE_CHOOSER_ACTION_OPEN, _("Choose Reference Data"), _("_Choose"),
                     NULL, _("CSV tables"), "text/csv", "*.csv", on_reference_chosen, NULL);
}

static void
set_form_error (FxRunsPage *self,
                const char *message)
{
  gtk_label_set_text (self->form_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->form_error), message != NULL);
}

static void
set_preparing (FxRunsPage *self,
               gboolean    preparing)
{
  self->preparing = preparing;
  if (preparing)
    gtk_spinner_start (self->start_spinner);
  else
    gtk_spinner_stop (self->start_spinner);
  update_form (self);
}

/* ---- running ---------------------------------------------------------------- */

static void
update_stats (FxRunsPage          *self,
              const FxRunProgress *p,
              const FxRunRecord   *record)
{
  g_autofree char *accepted = format_count (p->accepted);
  g_autofree char *target = format_count (p->target);
  g_autofree char *rejected = format_count (p->rejected);
  g_autofree char *requests = format_count (p->requests);
  g_autofree char *failed = format_count (p->failed);
  g_autofree char *tokens = format_count (p->prompt_tokens + p->completion_tokens);
  g_autofree char *elapsed = p->elapsed >= 0 ? format_duration (p->elapsed) : g_strdup ("—");
  g_autofree char *eta = p->eta >= 0 ? format_duration (p->eta) : g_strdup ("—");
  g_autofree char *rows_text = g_strdup_printf (_("%s of %s"), accepted, target);
  g_autofree char *requests_text = g_strdup_printf (_("%s (%s failed)"), requests, failed);
  g_autofree char *fraction_text = NULL;
  double fraction = p->target > 0 ? (double) p->accepted / p->target : 0;

  gtk_label_set_text (self->stat_values[0], rows_text);
  gtk_label_set_text (self->stat_values[1], rejected);
  gtk_label_set_text (self->stat_values[2], requests_text);
  gtk_label_set_text (self->stat_values[3], p->prompt_tokens + p->completion_tokens > 0 ? tokens : "—");
  gtk_label_set_text (self->stat_values[4], elapsed);
  gtk_label_set_text (self->stat_values[5], record == NULL ? eta : "—");

  fraction = CLAMP (fraction, 0, 1);
  fraction_text = g_strdup_printf ("%d%%", (int) floor (fraction * 100));
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_progress_bar_set_text (self->progress_bar, fraction_text);
}

static void
show_progress (FxRunsPage *self,
               ActiveRun  *run)
{
  g_autofree char *text = NULL;

  if (!run->have_progress)
    return;
  update_stats (self, &run->progress, NULL);
  if (run->wait_text != NULL && run->progress.in_flight == 0)
    text = g_strdup_printf (_("Retrying: %s"), run->wait_text);
  else
    text = g_strdup_printf (ngettext ("Generating: %u request in flight", "Generating: %u requests in flight",
                                      run->progress.in_flight),
                            run->progress.in_flight);
  gtk_label_set_text (self->status_label, text);
}

static void
on_progress (const FxRunProgress *progress,
             gpointer             data)
{
  ActiveRun *run = data;
  gint64 now = g_get_monotonic_time ();

  run->progress = *progress;
  /* the reason lives only as long as the call: the text of it is kept instead */
  run->progress.wait_reason = NULL;
  g_free (run->wait_text);
  run->wait_text = fx_run_progress_describe_wait (progress);
  run->have_progress = TRUE;
  if (run->page->shown_run == run->run_id &&
      (now - run->last_shown >= 100000 || progress->accepted >= progress->target))
    {
      run->last_shown = now;
      show_progress (run->page, run);
    }
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  ActiveRun *run = data;
  FxRunsPage *self = run->page;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gint64 run_id = run->run_id;

  if (fx_run_execute_finish (result, &error))
    {
      g_autofree char *rows = format_count (run->progress.target);

      message = g_strdup_printf (_("Run %lld finished: %s rows"), (long long) run_id, rows);
    }
  else if (g_error_matches (error, FX_RUN_ERROR, FX_RUN_ERROR_CANCELLED))
    message = g_strdup_printf (_("Run %lld cancelled; it can be resumed"), (long long) run_id);
  else
    message = g_strdup_printf (_("Run %lld stopped: %s"), (long long) run_id, error->message);

  /* the page may be going away with the window: then only the run is freed */
  if (self != NULL && self->active != NULL)
    {
      g_hash_table_remove (self->active, &run_id);
      toast (self, message);
      refresh_history (self);
      if (self->shown_run == run_id)
        show_run (self, run_id);
    }
  else
    active_run_free (run);
}

static void
execute (FxRunsPage *self,
         FxJob      *job)
{
  ActiveRun *run = g_new0 (ActiveRun, 1);

  run->page = self;
  run->store = g_rc_box_acquire (self->store_ref);
  run->job = job;
  run->run_id = fx_job_get_run_id (job);
  run->cancellable = g_cancellable_new ();
  fx_job_get_options (job, &run->options);
  g_hash_table_insert (self->active, &run->run_id, run);

  fx_run_execute_async (&run->options, run->cancellable, on_progress, run, on_run_done, run);
  refresh_history (self);
  show_run (self, run->run_id);
}

static void
begin_run (FxRunsPage *self,
           FxJob      *job)
{
  g_autoptr(GError) error = NULL;
  FxStore *store = get_store (self, &error);

  if (store == NULL || fx_job_create_run (job, store, _("Untitled schema"), &error) < 0)
    {
      set_form_error (self, error->message);
      fx_job_free (job);
      return;
    }
  set_form_error (self, NULL);
  execute (self, job);
}

typedef struct
{
  FxRunsPage *page;
  FxJob      *job;
} Confirm;

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          data)
{
  Confirm *confirm = data;

  if (g_str_equal (response, "send"))
    begin_run (confirm->page, confirm->job);
  else
    {
      fx_job_free (confirm->job);
      toast (confirm->page, _("Nothing was sent"));
    }
  g_object_unref (confirm->page);
  g_free (confirm);
}

/* Says which real rows and columns would leave the machine, and to whom, before they do. */
static void
confirm_disclosure (FxRunsPage *self,
                    FxJob      *job)
{
  const FxProviderClass *provider = fx_job_get_provider (job);
  g_autoptr(GPtrArray) columns = fx_job_get_disclosed_columns (job);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = g_strdup_printf (_("Send Real Rows to %s?"), provider->display_name);
  g_autofree char *base = g_path_get_basename (effective_reference (self) != NULL ? effective_reference (self) : "");
  guint n_rows = fx_job_get_n_disclosed_rows (job);
  Confirm *confirm;
  GtkWidget *dialog;

  g_string_append_printf (body,
                          ngettext ("The chosen strategy puts %u real row of %s in its prompts, with these %u columns:",
                                    "The chosen strategy puts %u real rows of %s in its prompts, with these %u columns:",
                                    n_rows),
                          n_rows, base, columns->len);
  g_string_append (body, "\n\n");
  for (guint i = 0; i < columns->len; i++)
    g_string_append_printf (body, "%s%s", i > 0 ? ", " : "", (char *) g_ptr_array_index (columns, i));
  g_string_append (body, "\n\n");
  g_string_append_printf (body, _("They will leave this machine and go to %s (%s). The run records exactly what was sent."),
                          provider->display_name, fx_job_get_base_url (job));

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "send", _("_Send Real Rows"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  confirm = g_new0 (Confirm, 1);
  confirm->page = g_object_ref (self);
  confirm->job = job;
  g_signal_connect (dialog, "response", G_CALLBACK (on_confirm_response), confirm);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* @data: whether the job carries on a stored run */
static void
on_prepared (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  FxRunsPage *self = FX_RUNS_PAGE (source);
  gboolean resuming = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  FxJob *job = fx_job_prepare_finish (result, &error);

  set_preparing (self, FALSE);
  if (job == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (resuming)
        toast (self, error->message);
      else
        set_form_error (self, error->message);
      return;
    }

  if (resuming)
    {
      fx_job_set_store (job, self->store);
      execute (self, job);
    }
  else if (fx_job_sends_real_rows_away (job))
    confirm_disclosure (self, job);
  else
    begin_run (self, job);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FxRunsPage *self = FX_RUNS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = NULL;
  g_autofree char *model = NULL;
  g_autofree char *base_url = NULL;
  const FxProviderClass *provider;
  FxJobSpec spec = { 0 };

  schema = fx_schema_page_dup_schema (self->schema_page, &error);
  if (schema == NULL)
    {
      set_form_error (self, error->message);
      return;
    }
  spec.provider = selected_generator (self);
  provider = fx_provider_lookup (spec.provider);
  if (provider != NULL)
    {
      g_autofree char *url_key = g_strdup_printf ("%s-base-url", provider->name);
      g_autofree char *url = g_settings_get_string (self->settings, url_key);
      g_autofree char *model_key = g_strdup_printf ("%s-model", provider->name);

      model = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->model_row))));
      base_url = url[0] != '\0' ? g_steal_pointer (&url) : NULL;
      if (model[0] != '\0')
        g_settings_set_string (self->settings, model_key, model);
    }
  spec.model = model;
  spec.base_url = base_url;
  spec.strategy = selected_strategy (self);
  spec.allocation = FX_GROUPS_UNIFORM;
  spec.n_rows = gtk_spin_button_get_value_as_int (self->rows_spin);
  spec.batch_rows = gtk_spin_button_get_value_as_int (self->batch_spin);
  spec.concurrency = gtk_spin_button_get_value_as_int (self->concurrency_spin);
  spec.temperature = provider != NULL && gtk_switch_get_active (self->temperature_switch)
                     ? gtk_spin_button_get_value (self->temperature_spin) : NAN;
  spec.seed = (guint64) gtk_spin_button_get_value (self->seed_spin);
  spec.reference_path = effective_reference (self);

  g_settings_set_int (self->settings, "run-rows", spec.n_rows);
  g_settings_set_int (self->settings, "run-batch-rows", spec.batch_rows);
  g_settings_set_int (self->settings, "run-concurrency", spec.concurrency);

  set_form_error (self, NULL);
  set_preparing (self, TRUE);
  fx_job_prepare_async (self, &spec, schema, NULL, 0, self->cancellable, on_prepared, GINT_TO_POINTER (FALSE));
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FxRunsPage *self = FX_RUNS_PAGE (widget);

  if (self->shown_run <= 0 || self->store == NULL ||
      g_hash_table_contains (self->active, &self->shown_run))
    return;
  set_preparing (self, TRUE);
  fx_job_prepare_async (self, NULL, NULL, fx_store_get_path (self->store), self->shown_run, self->cancellable,
                        on_prepared, GINT_TO_POINTER (TRUE));
  gtk_widget_action_set_enabled (widget, "run.resume", FALSE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FxRunsPage *self = FX_RUNS_PAGE (widget);
  ActiveRun *run = g_hash_table_lookup (self->active, &self->shown_run);

  if (run != NULL)
    {
      g_cancellable_cancel (run->cancellable);
      gtk_label_set_text (self->status_label, _("Cancelling…"));
      gtk_widget_action_set_enabled (widget, "run.cancel", FALSE);
    }
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FxRunsPage *self = FX_RUNS_PAGE (widget);

  self->shown_run = 0;
  gtk_list_box_unselect_all (self->history);
  gtk_stack_set_visible_child_name (self->content, "form");
  gtk_widget_action_set_enabled (widget, "run.cancel", FALSE);
  gtk_widget_action_set_enabled (widget, "run.resume", FALSE);
  gtk_widget_action_set_enabled (widget, "run.export", FALSE);
  gtk_widget_action_set_enabled (widget, "run.compare", FALSE);
  update_form (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->generator_row));
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FxRunsPage *self = FX_RUNS_PAGE (widget);

  if (self->shown_run > 0)
    gtk_widget_activate_action (widget, "win.compare-run", "x", self->shown_run);
}

/* ---- export ----------------------------------------------------------------- */

typedef struct
{
  char   *store_path;
  char   *output;
  gint64  run_id;
  gint64  n_rows;
} Export;

static void
export_free (Export *export)
{
  g_free (export->store_path);
  g_free (export->output);
  g_free (export);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Export *export = data;
  GError *error = NULL;
  g_autoptr(FxStore) store = fx_store_open (export->store_path, &error);
  g_autoptr(FxRunRecord) record = NULL;
  g_autofree char *json = NULL;
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(FxTable) table = NULL;

  if (store == NULL ||
      (record = fx_store_get_run (store, export->run_id, &error)) == NULL ||
      (json = fx_store_get_schema_json (store, record->schema_id, &error)) == NULL ||
      (schema = fx_schema_load_data (json, -1, "stored schema", &error)) == NULL ||
      (table = fx_run_rows_to_table (store, export->run_id, schema, &error)) == NULL ||
      !fx_csv_write_file (table, export->output, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  export->n_rows = table->n_rows;
  g_task_return_boolean (task, TRUE);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  FxRunsPage *self = FX_RUNS_PAGE (source);
  Export *export = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          message = g_strdup_printf (_("Could not export: %s"), error->message);
          toast (self, message);
        }
      return;
    }
  {
    g_autofree char *base = g_path_get_basename (export->output);
    g_autofree char *rows = format_count (export->n_rows);

    message = g_strdup_printf (_("Exported %s rows to %s"), rows, base);
  }
  toast (self, message);
}

static void
on_export_chosen (GtkWidget  *widget,
                  const char *path,
                  gpointer    data)
{
  FxRunsPage *self = FX_RUNS_PAGE (widget);
  g_autoptr(GTask) task = NULL;
  Export *export;

  if (self->store == NULL)
    return;
  export = g_new0 (Export, 1);
  export->store_path = g_strdup (fx_store_get_path (self->store));
  export->output = g_strdup (path);
  export->run_id = GPOINTER_TO_SIZE (data);
  task = g_task_new (self, self->cancellable, on_exported, NULL);
  g_task_set_source_tag (task, on_export_chosen);
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);
  g_task_run_in_thread (task, export_thread);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FxRunsPage *self = FX_RUNS_PAGE (widget);
  g_autofree char *name = NULL;

  if (self->shown_run <= 0)
    return;
  name = g_strdup_printf ("run-%lld.csv", (long long) self->shown_run);
  fx_ui_choose_file (widget, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export Rows as CSV"), _("_Export"), name,
                     NULL, NULL, NULL, on_export_chosen, GSIZE_TO_POINTER ((gsize) self->shown_run));
}

/* ---- a run's details -------------------------------------------------------- */

typedef struct
{
  char        *store_path;
  gint64       run_id;
  guint        serial;
  FxRunRecord *record;
  GPtrArray   *requests;
  GPtrArray   *rejected;
} Detail;

static void
detail_free (Detail *detail)
{
  g_free (detail->store_path);
  g_clear_pointer (&detail->record, fx_run_record_free);
  g_clear_pointer (&detail->requests, g_ptr_array_unref);
  g_clear_pointer (&detail->rejected, g_ptr_array_unref);
  g_free (detail);
}

static void
detail_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Detail *detail = data;
  GError *error = NULL;
  g_autoptr(FxStore) store = fx_store_open (detail->store_path, &error);

  if (store == NULL || (detail->record = fx_store_get_run (store, detail->run_id, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  detail->requests = fx_store_get_requests (store, detail->run_id, NULL);
  detail->rejected = fx_store_get_rejected_rows (store, detail->run_id, NULL);
  g_task_return_boolean (task, TRUE);
}

static GtkWidget *
text_view_for (const char *text)
{
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *scroller;

  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text != NULL ? text : "", -1);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 240);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_add_css_class (scroller, "card");
  return scroller;
}

/* The prompt and the raw answer are built only when a request is opened. */
static void
on_request_expanded (AdwExpanderRow *row,
                     GParamSpec     *pspec,
                     gpointer        data)
{
  FxRequestRecord *request = data;
  GtkWidget *box;
  GtkWidget *label;

  if (!adw_expander_row_get_expanded (row) || g_object_get_data (G_OBJECT (row), "filled") != NULL)
    return;
  g_object_set_data (G_OBJECT (row), "filled", GINT_TO_POINTER (1));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 12);
  if (request->error != NULL)
    {
      label = gtk_label_new (request->error);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "error");
      gtk_box_append (GTK_BOX (box), label);
    }
  label = gtk_label_new (_("Prompt"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), text_view_for (request->prompt));
  label = gtk_label_new (_("Response"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), text_view_for (request->response_body != NULL ? request->response_body
                                                                               : _("No response")));
  adw_expander_row_add_row (row, box);
}


/* A property and its value, the value selectable (hashes and paths get copied). */
static GtkWidget *
property_row (const char *title,
              const char *value,
              gboolean    monospace)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value != NULL && value[0] != '\0' ? value : "—");

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (title_label, "caption");
  gtk_widget_add_css_class (title_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  if (monospace)
    gtk_widget_add_css_class (value_label, "monospace");
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), value_label);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return row;
}

static void
add_provenance (FxRunsPage *self,
                const char *title,
                const char *value)
{
  GtkWidget *row = property_row (title, value, FALSE);

  adw_preferences_group_add (self->provenance_group, row);
  g_ptr_array_add (self->provenance_rows, row);
}

static char *
describe_disclosure (const char *json)
{
  g_autoptr(JsonNode) root = json != NULL ? json_from_string (json, NULL) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *entries;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return g_strdup (json);
  entries = json_node_get_array (root);
  if (json_array_get_length (entries) == 0)
    return g_strdup (_("None: no real row left this machine"));
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      JsonObject *sent = entry != NULL ? json_object_get_object_member (entry, "sent") : NULL;
      JsonArray *rows = sent != NULL ? json_object_get_array_member (sent, "real_rows") : NULL;
      JsonArray *columns = sent != NULL ? json_object_get_array_member (sent, "columns") : NULL;
      guint n_rows = rows != NULL ? json_array_get_length (rows) : 0;
      guint n_columns = columns != NULL ? json_array_get_length (columns) : 0;

      if (entry == NULL)
        continue;
      g_string_append_printf (text, _("%u real rows with %u columns to %s (%s)"), n_rows, n_columns,
                              json_object_get_string_member_with_default (entry, "to", "?"),
                              json_object_get_string_member_with_default (entry, "base_url", "?"));
      if (columns != NULL)
        {
          g_string_append (text, ": ");
          for (guint c = 0; c < n_columns; c++)
            g_string_append_printf (text, "%s%s", c > 0 ? ", " : "", json_array_get_string_element (columns, c));
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
fill_detail (FxRunsPage *self,
             Detail     *detail)
{
  FxRunRecord *r = detail->record;
  ActiveRun *run = g_hash_table_lookup (self->active, &r->id);
  g_autofree char *title = g_strdup_printf (_("Run %lld"), (long long) r->id);
  g_autofree char *created = format_time (r->created);
  g_autofree char *finished = r->finished != NULL ? format_time (r->finished) : NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *disclosure = describe_disclosure (r->real_data_sent);
  g_autofree char *times = NULL;
  gboolean is_baseline = fx_provider_lookup (r->provider) == NULL;

  gtk_label_set_text (self->run_title, title);
  subtitle = g_strdup_printf ("%s · %s · %s", generator_label (r->provider),
                              is_baseline ? _("offline baseline") : r->model, status_label (r, run != NULL));
  gtk_label_set_text (self->run_subtitle, subtitle);

  if (run != NULL && run->have_progress)
    show_progress (self, run);
  else
    {
      FxRunProgress p = { 0 };

      p.target = r->rows_requested;
      p.accepted = r->rows_accepted;
      p.rejected = r->rows_rejected;
      p.requests = r->requests;
      p.prompt_tokens = r->prompt_tokens;
      p.completion_tokens = r->completion_tokens;
      p.elapsed = -1;
      p.eta = -1;
      if (detail->requests != NULL)
        for (guint i = 0; i < detail->requests->len; i++)
          {
            FxRequestRecord *q = g_ptr_array_index (detail->requests, i);

            if (q->http_status != 200 && q->http_status != 0)
              p.failed++;
          }
      if (r->finished != NULL)
        {
          g_autoptr(GDateTime) a = g_date_time_new_from_iso8601 (r->created, NULL);
          g_autoptr(GDateTime) b = g_date_time_new_from_iso8601 (r->finished, NULL);

          if (a != NULL && b != NULL)
            p.elapsed = g_date_time_difference (b, a) / (double) G_TIME_SPAN_SECOND;
        }
      update_stats (self, &p, r);
      if (run != NULL)
        gtk_label_set_text (self->status_label, _("Starting…"));
      else if (r->status == FX_RUN_RUNNING)
        gtk_label_set_text (self->status_label, _("Interrupted: the application stopped during this run. Resume carries on where it stopped."));
      else if (r->status_reason != NULL)
        gtk_label_set_text (self->status_label, r->status_reason);
      else
        gtk_label_set_text (self->status_label, status_label (r, FALSE));
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.cancel", run != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.resume",
                                 run != NULL ? FALSE : r->status != FX_RUN_COMPLETED && !self->preparing);
  /* only what can be done with this run is offered */
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), run != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->resume_button), run == NULL && r->status != FX_RUN_COMPLETED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.export", r->rows_accepted > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.compare", r->rows_accepted > 0 && run == NULL);

  for (guint i = 0; i < self->provenance_rows->len; i++)
    adw_preferences_group_remove (self->provenance_group, g_ptr_array_index (self->provenance_rows, i));
  g_ptr_array_set_size (self->provenance_rows, 0);
  add_provenance (self, _("Generator"), generator_label (r->provider));
  if (!is_baseline)
    {
      add_provenance (self, _("Model"), r->model);
      add_provenance (self, _("Address"), r->base_url != NULL ? r->base_url
                                                               : fx_provider_lookup (r->provider)->default_base_url);
      add_provenance (self, _("Strategy"), r->strategy);
      add_provenance (self, _("Prompt template SHA-256"), r->prompt_template_hash);
    }
  add_provenance (self, _("Parameters"), r->parameters);
  if (r->reference_path != NULL)
    reference = g_strdup_printf (_("%s (SHA-256 %s)"), r->reference_path, r->reference_sha256);
  add_provenance (self, _("Reference data"), reference != NULL ? reference : _("None"));
  add_provenance (self, _("Real data sent"), disclosure);
  times = g_strdup_printf (_("Started %s, finished %s"), created, finished != NULL ? finished : "—");
  add_provenance (self, _("Times"), times);
  if (self->store != NULL)
    add_provenance (self, _("Store"), fx_store_get_path (self->store));

  clear_list (self->requests_list);
  if (detail->requests != NULL)
    {
      guint n = detail->requests->len;
      guint first = n > MAX_LISTED ? n - MAX_LISTED : 0;
      g_autofree char *description = NULL;

      /* the newest are the interesting ones while a run goes on */
      if (first > 0)
        description = g_strdup_printf (_("The last %u of %u requests; “facsimile-cli runs show %lld” lists them all"),
                                       MAX_LISTED, n, (long long) r->id);
      else
        description = g_strdup_printf (ngettext ("%u request", "%u requests", n), n);
      adw_preferences_group_set_description (self->requests_group, description);
      for (guint i = first; i < n; i++)
        {
          FxRequestRecord *q = g_ptr_array_index (detail->requests, i);
          GtkWidget *row = adw_expander_row_new ();
          g_autofree char *row_title = g_strdup_printf (_("Request %u"), i + 1);
          g_autofree char *row_subtitle = NULL;

          if (is_baseline)
            row_subtitle = g_strdup_printf (_("%lld rows · %s"), (long long) q->batch_rows, q->outcome);
          else
            row_subtitle = g_strdup_printf (_("attempt %lld · %lld rows · HTTP %lld · %s · %lld ms"),
                                            (long long) q->attempt, (long long) q->batch_rows,
                                            (long long) q->http_status, q->outcome, (long long) q->latency_ms);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), row_title);
          adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), row_subtitle);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          /* the row keeps the requests alive as long as it exists */
          g_object_set_data_full (G_OBJECT (row), "requests", g_ptr_array_ref (detail->requests),
                                  (GDestroyNotify) g_ptr_array_unref);
          g_signal_connect (row, "notify::expanded", G_CALLBACK (on_request_expanded), q);
          gtk_list_box_append (self->requests_list, row);
        }
      gtk_widget_set_visible (GTK_WIDGET (self->requests_list), n > 0);
    }

  clear_list (self->rejected_list);
  if (detail->rejected != NULL && detail->rejected->len > 0)
    {
      guint n = detail->rejected->len;
      g_autofree char *description = NULL;

      if (n > MAX_LISTED)
        description = g_strdup_printf (_("The first %u of %u rejected rows"), MAX_LISTED, n);
      else
        description = g_strdup_printf (ngettext ("%u row failed validation against the schema",
                                                 "%u rows failed validation against the schema", n), n);
      adw_preferences_group_set_description (self->rejected_group, description);
      for (guint i = 0; i < n && i < MAX_LISTED; i++)
        {
          FxRowRecord *row_record = g_ptr_array_index (detail->rejected, i);
          gtk_list_box_append (self->rejected_list,
                               property_row (row_record->reason != NULL ? row_record->reason : _("Rejected"),
                                             row_record->values_json, TRUE));
        }
      gtk_widget_set_visible (GTK_WIDGET (self->rejected_group), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->rejected_group), FALSE);
}

static void
on_detail (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  FxRunsPage *self = FX_RUNS_PAGE (source);
  Detail *detail = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  /* a newer choice of run has come since */
  if (detail->serial != self->detail_serial || detail->run_id != self->shown_run)
    return;
  fill_detail (self, detail);
}

static void
show_run (FxRunsPage *self,
          gint64      run_id)
{
  g_autoptr(GTask) task = NULL;
  Detail *detail;

  if (self->store == NULL)
    return;
  self->shown_run = run_id;
  gtk_stack_set_visible_child_name (self->content, "run");

  detail = g_new0 (Detail, 1);
  detail->store_path = g_strdup (fx_store_get_path (self->store));
  detail->run_id = run_id;
  detail->serial = ++self->detail_serial;
  task = g_task_new (self, self->cancellable, on_detail, NULL);
  g_task_set_source_tag (task, show_run);
  g_task_set_task_data (task, detail, (GDestroyNotify) detail_free);
  g_task_run_in_thread (task, detail_thread);
}

/* ---- history ---------------------------------------------------------------- */

static void
refresh_history (FxRunsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  FxStore *store = get_store (self, &error);

  if (store == NULL || (runs = fx_store_list_runs (store, &error)) == NULL)
    {
      toast (self, error->message);
      return;
    }

  clear_list (self->history);
  for (guint i = 0; i < runs->len; i++)
    {
      FxRunRecord *r = g_ptr_array_index (runs, i);
      GtkWidget *row = adw_action_row_new ();
      gboolean active = g_hash_table_contains (self->active, &r->id);
      g_autofree char *title = g_strdup_printf (_("Run %lld · %s"), (long long) r->id, generator_label (r->provider));
      g_autofree char *accepted = format_count (r->rows_accepted);
      g_autofree char *requested = format_count (r->rows_requested);
      g_autofree char *created = format_time (r->created);
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s of %s rows · %s"), status_label (r, active),
                                                   accepted, requested, created);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "run-id", GSIZE_TO_POINTER ((gsize) r->id));
      gtk_list_box_append (self->history, row);
      if (r->id == self->shown_run)
        gtk_list_box_select_row (self->history, GTK_LIST_BOX_ROW (row));
    }
}

static void
on_history_activated (FxRunsPage    *self,
                      GtkListBoxRow *row)
{
  gint64 run_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "run-id"));

  if (run_id > 0)
    show_run (self, run_id);
}

static void
on_schema_changed (FxRunsPage *self)
{
  /* a new schema brings its own reference data */
  self->reference_chosen = FALSE;
  g_clear_pointer (&self->reference_path, g_free);
  update_form (self);
}

/* ---- the object ------------------------------------------------------------- */

static void
build_stats (FxRunsPage *self)
{
  const char *titles[] = {
    N_("Rows accepted"), N_("Rows rejected"), N_("Requests"), N_("Tokens"), N_("Elapsed"), N_("Remaining"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *title = gtk_label_new (_(titles[i]));
      GtkWidget *value = gtk_label_new ("—");

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_widget_add_css_class (title, "caption");
      gtk_widget_add_css_class (title, "dim-label");
      gtk_widget_add_css_class (value, "title-3");
      gtk_widget_add_css_class (value, "numeric");
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), value);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL, -1);
      gtk_grid_attach (self->stats_grid, box, i % 3, i / 3, 1, 1);
      self->stat_values[i] = GTK_LABEL (value);
    }
}

static void
fx_runs_page_dispose (GObject *object)
{
  FxRunsPage *self = FX_RUNS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->active != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      /* each run ends through its callback, which frees it: the page is gone by then */
      g_hash_table_iter_init (&iter, self->active);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          ActiveRun *run = value;

          run->page = NULL;
          g_cancellable_cancel (run->cancellable);
          g_hash_table_iter_steal (&iter);
        }
      g_clear_pointer (&self->active, g_hash_table_unref);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), FX_TYPE_RUNS_PAGE);
  g_clear_weak_pointer (&self->schema_page);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->provenance_rows, g_ptr_array_unref);
  g_clear_pointer (&self->reference_path, g_free);

  G_OBJECT_CLASS (fx_runs_page_parent_class)->dispose (object);
}

static void
fx_runs_page_finalize (GObject *object)
{
  FxRunsPage *self = FX_RUNS_PAGE (object);

  /* runs cancelled in dispose hold their own reference to the store */
  self->store = NULL;
  g_clear_pointer (&self->store_ref, store_ref_unref);

  G_OBJECT_CLASS (fx_runs_page_parent_class)->finalize (object);
}

static void
fx_runs_page_class_init (FxRunsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fx_runs_page_dispose;
  object_class->finalize = fx_runs_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/facsimile/Facsimile/ui/fx-runs-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, history);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, content);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, schema_row);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, reference_row);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, reference_clear);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, generator_row);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, model_row);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, strategy_row);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, rows_spin);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, batch_spin);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, concurrency_spin);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, concurrency_row);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, temperature_row);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, temperature_switch);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, temperature_spin);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, privacy_label);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, form_error);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, start_spinner);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, run_title);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, run_subtitle);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, resume_button);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, stats_grid);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, provenance_group);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, requests_group);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, requests_list);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, rejected_group);
  gtk_widget_class_bind_template_child (widget_class, FxRunsPage, rejected_list);
  gtk_widget_class_bind_template_callback (widget_class, on_reference_clear);
  gtk_widget_class_bind_template_callback (widget_class, on_reference_choose);

  gtk_widget_class_install_action (widget_class, "run.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "run.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "run.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "run.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "run.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "run.compare", NULL, compare_action);
}

static void
fx_runs_page_init (FxRunsPage *self)
{
  g_autofree char *generator = NULL;
  g_autofree char *strategy = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new ("io.github.facsimile.Facsimile");
  self->cancellable = g_cancellable_new ();
  self->active = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) active_run_free);
  self->provenance_rows = g_ptr_array_new ();
  build_stats (self);

  {
    GtkWidget *placeholder = gtk_label_new (_("No runs yet"));

    gtk_widget_set_valign (placeholder, GTK_ALIGN_START);
    gtk_widget_set_margin_top (placeholder, 24);
    gtk_widget_set_margin_bottom (placeholder, 24);
    gtk_widget_add_css_class (placeholder, "dim-label");
    gtk_list_box_set_placeholder (self->history, placeholder);
  }

  gtk_spin_button_set_value (self->rows_spin, g_settings_get_int (self->settings, "run-rows"));
  gtk_spin_button_set_value (self->batch_spin, g_settings_get_int (self->settings, "run-batch-rows"));
  gtk_spin_button_set_value (self->concurrency_spin, g_settings_get_int (self->settings, "run-concurrency"));
  generator = g_settings_get_string (self->settings, "run-generator");
  for (guint i = 0; i < G_N_ELEMENTS (generator_names); i++)
    if (g_str_equal (generator, generator_names[i]))
      adw_combo_row_set_selected (self->generator_row, i);

  g_signal_connect_swapped (self->generator_row, "notify::selected", G_CALLBACK (on_generator_changed), self);
  strategy = g_settings_get_string (self->settings, "run-strategy");
  for (guint i = 0; i < G_N_ELEMENTS (strategy_kinds); i++)
    if (g_str_equal (strategy, fx_strategy_kind_to_string (strategy_kinds[i])))
      adw_combo_row_set_selected (self->strategy_row, i);
  g_signal_connect_swapped (self->strategy_row, "notify::selected", G_CALLBACK (on_strategy_changed), self);
  g_signal_connect_swapped (self->temperature_switch, "notify::active", G_CALLBACK (update_form), self);
  g_signal_connect_swapped (self->history, "row-activated", G_CALLBACK (on_history_activated), self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.cancel", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.resume", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.compare", FALSE);
  on_generator_changed (self);
  refresh_history (self);
}

void
fx_runs_page_set_schema_page (FxRunsPage   *self,
                              FxSchemaPage *schema_page)
{
  g_return_if_fail (FX_IS_RUNS_PAGE (self));

  if (self->schema_page != NULL)
    g_signal_handlers_disconnect_by_data (self->schema_page, self);
  g_set_weak_pointer (&self->schema_page, schema_page);
  if (schema_page != NULL)
    g_signal_connect_object (schema_page, "changed", G_CALLBACK (on_schema_changed), self, G_CONNECT_SWAPPED);
  update_form (self);
}

guint
fx_runs_page_get_n_running (FxRunsPage *self)
{
  g_return_val_if_fail (FX_IS_RUNS_PAGE (self), 0);

  return self->active != NULL ? g_hash_table_size (self->active) : 0;
}
