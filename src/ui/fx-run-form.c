/* fx-run-form.c: the form that starts a new run
 *
 * The form says what the chosen generator needs and what it would send where; it
 * starts work and leaves the rest to the engine.  A run is prepared by the engine
 * library (FxJob) off the main loop, because reading the reference data and fitting a
 * baseline take time, then handed to the workspace, which keeps it going.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fx-job.h"
#include "fx-run-cost.h"
#include "fx-run-form.h"
#include "fx-schema-document.h"
#include "fx-ui-util.h"
#include "fx-workspace.h"

/* the generator choices, in the order of the template's list */
static const char * const generator_names[] = {
  "copula", "independent", "openai", "anthropic", "gemini", "openai-compatible",
};

/* the strategy choices, in the order of the template's list */
static const FxStrategyKind strategy_kinds[] = {
  FX_STRATEGY_STATISTICS, FX_STRATEGY_SCHEMA, FX_STRATEGY_CONDITIONAL, FX_STRATEGY_GROUP, FX_STRATEGY_NAIVE,
  FX_STRATEGY_ANCHORED,
};

struct _FxRunForm
{
  AdwBin              parent_instance;

  FxWorkspace        *workspace;
  FxSchemaDocument   *document;
  GSettings          *settings;
  FxStore            *store;         /* the workspace's, once open */
  GCancellable       *cancellable;
  char               *reference_path;
  gboolean            reference_chosen;
  gboolean            preparing;

  AdwActionRow       *schema_row;
  AdwActionRow       *reference_row;
  GtkWidget          *holdout_row;
  GtkSpinButton      *holdout_spin;
  AdwComboRow        *holdout_site_row;
  char               *holdout_sites_shown;  /* the site labels offered, joined */
  GtkButton          *reference_clear;
  AdwComboRow        *generator_row;
  AdwEntryRow        *model_row;
  AdwComboRow        *strategy_row;
  AdwEntryRow        *anchors_row;
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
  /* what the run as set will ask for and cost, made again as the choices change */
  AdwActionRow       *estimate_row;
  GtkSpinButton      *budget_spin;
  AdwActionRow       *budget_row;
  guint               estimate_source;
  GCancellable       *estimate_cancellable;
};

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_DOCUMENT,
  N_PROPS
};

enum {
  RUN_STARTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FxRunForm, fx_run_form, ADW_TYPE_BIN)

static const char *
selected_generator (FxRunForm *self)
{
  guint i = adw_combo_row_get_selected (self->generator_row);

  return generator_names[MIN (i, G_N_ELEMENTS (generator_names) - 1)];
}

static const char *
effective_reference (FxRunForm *self)
{
  if (self->reference_chosen)
    return self->reference_path;
  return self->document != NULL ? fx_schema_document_get_reference_path (self->document) : NULL;
}

/* The holdout: offered with a reference and a target; whole sites from the schema's
 * site column, whose labels are the choices. */
static void
update_holdout (FxRunForm      *self,
                const FxSchema *schema,
                const char     *reference)
{
  const FxFeature *site = schema != NULL && schema->site != NULL ? fx_schema_find_feature (schema, schema->site) : NULL;
  g_autoptr(GString) shown = g_string_new (NULL);
  gboolean possible = schema != NULL && schema->target != NULL && reference != NULL;

  if (self->holdout_row == NULL)
    return;

  for (guint i = 0; site != NULL && i < site->categories->len; i++)
    g_string_append_printf (shown, "%s\n", (char *) g_ptr_array_index (site->categories, i));
  if (g_strcmp0 (shown->str, self->holdout_sites_shown) != 0)
    {
      g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
      g_autofree char *remembered = g_settings_get_string (self->settings, "run-holdout-site");

      gtk_string_list_append (choices, _("None: hold out a share of every site"));
      for (guint i = 0; site != NULL && i < site->categories->len; i++)
        gtk_string_list_append (choices, g_ptr_array_index (site->categories, i));
      adw_combo_row_set_model (self->holdout_site_row, G_LIST_MODEL (choices));
      for (guint i = 0; site != NULL && i < site->categories->len; i++)
        if (g_str_equal (remembered, g_ptr_array_index (site->categories, i)))
          adw_combo_row_set_selected (self->holdout_site_row, i + 1);
      g_free (self->holdout_sites_shown);
      self->holdout_sites_shown = g_strdup (shown->str);
    }
  gtk_widget_set_visible (self->holdout_row, possible);
  gtk_widget_set_visible (GTK_WIDGET (self->holdout_site_row), possible && site != NULL && site->categories->len > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->holdout_spin),
                            adw_combo_row_get_selected (self->holdout_site_row) == 0);
}

/* The chosen site, or NULL for a share. */
static const char *
holdout_site (FxRunForm *self)
{
  guint i = adw_combo_row_get_selected (self->holdout_site_row);
  GtkStringObject *item;

  if (i == 0 || i == GTK_INVALID_LIST_POSITION || !gtk_widget_get_visible (GTK_WIDGET (self->holdout_site_row)))
    return NULL;
  item = g_list_model_get_item (adw_combo_row_get_model (self->holdout_site_row), i);
  g_object_unref (item);  /* the model keeps it */
  return gtk_string_object_get_string (item);
}

/* The form: what the chosen generator needs, and what it would send where. */
static char *
default_anchors (const FxSchema *schema)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < schema->group_by->len; i++)
    g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", (const char *) schema->group_by->pdata[i]);
  if (schema->target != NULL && !g_ptr_array_find_with_equal_func (schema->group_by, schema->target, g_str_equal, NULL))
    g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", schema->target);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The anchor columns written in the form, each one of @schema's features; NULL with
 * @error naming the first that is not. */
static GStrv
parse_anchors (FxRunForm      *self,
               const FxSchema *schema,
               GError        **error)
{
  g_auto(GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->anchors_row)), ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;

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
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Anchor column “%s” is not a feature of the schema"), name);
          return NULL;
        }
      g_strv_builder_add (builder, name);
      n++;
    }
  if (n == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Name at least one anchor column, separated by commas"));
      return NULL;
    }
  return g_strv_builder_end (builder);
}

static void           schedule_estimate (FxRunForm *self);
static FxStrategyKind selected_strategy (FxRunForm *self);

static void
update_form (FxRunForm *self)
{
  const char *name = selected_generator (self);
  const FxProviderClass *provider = fx_provider_lookup (name);
  const char *reference = effective_reference (self);
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  gboolean ready;

  schema = self->document != NULL ? fx_schema_document_dup_schema (self->document, &error) : NULL;
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
  update_holdout (self, schema, reference);
  gtk_widget_set_visible (GTK_WIDGET (self->reference_clear), reference != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->model_row), provider != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->strategy_row), provider != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->temperature_row), provider != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->anchors_row),
                          provider != NULL && strategy_kinds[MIN (adw_combo_row_get_selected (self->strategy_row),
                                                                  G_N_ELEMENTS (strategy_kinds) - 1)]
                                              == FX_STRATEGY_ANCHORED);
  /* the anchors start as the engine's own default: the group columns, then the target */
  if (schema != NULL && gtk_editable_get_text (GTK_EDITABLE (self->anchors_row))[0] == '\0')
    {
      g_autofree char *anchors = default_anchors (schema);

      gtk_editable_set_text (GTK_EDITABLE (self->anchors_row), anchors);
    }
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

      if (fx_provider_sends_real_rows_away (provider, fx_strategy_kind_sends_real_rows (kind) && reference != NULL,
                                            url[0] != '\0' ? url : NULL))
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

  ready = schema != NULL && self->store != NULL && !self->preparing && (provider != NULL || reference != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.start", ready);
  gtk_widget_set_visible (GTK_WIDGET (self->budget_row), provider != NULL);
  schedule_estimate (self);
}

/* ---- the estimate and the budget (fx-run-cost.c) ------------------------------------ */

static void
on_estimated (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(FxRunForm) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = fx_run_cost_estimate_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  adw_action_row_set_subtitle (self->estimate_row, text != NULL ? text : _("Not known until the form is complete"));
}

static gboolean
run_estimate (gpointer data)
{
  FxRunForm *self = data;
  g_autoptr(FxSchema) schema = NULL;
  g_autofree char *model = NULL, *base_url = NULL;
  const FxProviderClass *provider;
  FxJobSpec spec = { 0 };

  self->estimate_source = 0;
  g_cancellable_cancel (self->estimate_cancellable);
  g_clear_object (&self->estimate_cancellable);
  if (self->document == NULL || (schema = fx_schema_document_dup_schema (self->document, NULL)) == NULL)
    {
      adw_action_row_set_subtitle (self->estimate_row, _("Not known until there is a schema"));
      return G_SOURCE_REMOVE;
    }
  spec.provider = selected_generator (self);
  provider = fx_provider_lookup (spec.provider);
  if (provider != NULL)
    {
      g_autofree char *url_key = g_strdup_printf ("%s-base-url", provider->name);
      g_autofree char *url = g_settings_get_string (self->settings, url_key);

      model = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->model_row))));
      base_url = url[0] != '\0' ? g_steal_pointer (&url) : NULL;
    }
  spec.model = model;
  spec.base_url = base_url;
  spec.strategy = selected_strategy (self);
  spec.allocation = FX_GROUPS_PROPORTIONAL;
  spec.n_rows = gtk_spin_button_get_value_as_int (self->rows_spin);
  spec.batch_rows = gtk_spin_button_get_value_as_int (self->batch_spin);
  spec.concurrency = gtk_spin_button_get_value_as_int (self->concurrency_spin);
  spec.temperature = NAN;
  spec.seed = (guint64) gtk_spin_button_get_value (self->seed_spin);
  spec.reference_path = effective_reference (self);
  spec.holdout_sites = holdout_site (self);
  spec.holdout_fraction = spec.holdout_sites != NULL ? 0 : -gtk_spin_button_get_value (self->holdout_spin);
  self->estimate_cancellable = g_cancellable_new ();
  fx_run_cost_estimate_async (&spec, schema, self->store != NULL ? fx_store_get_path (self->store) : NULL,
                              self->estimate_cancellable, on_estimated, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* A quarter of a second after the last change, so that typing a number estimates once. */
static void
schedule_estimate (FxRunForm *self)
{
  if (self->estimate_row == NULL)
    return;
  g_clear_handle_id (&self->estimate_source, g_source_remove);
  adw_action_row_set_subtitle (self->estimate_row, _("Estimating…"));
  self->estimate_source = g_timeout_add (250, run_estimate, self);
}

static void
on_generator_changed (FxRunForm *self)
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
selected_strategy (FxRunForm *self)
{
  return strategy_kinds[MIN (adw_combo_row_get_selected (self->strategy_row), G_N_ELEMENTS (strategy_kinds) - 1)];
}

static void
on_strategy_changed (FxRunForm *self)
{
  g_settings_set_string (self->settings, "run-strategy", fx_strategy_kind_to_string (selected_strategy (self)));
  update_form (self);
}

static void
on_reference_clear (FxRunForm *self)
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
  FxRunForm *self = FX_RUN_FORM (widget);

  g_free (self->reference_path);
  self->reference_path = g_strdup (path);
  self->reference_chosen = TRUE;
  update_form (self);
}

static void
on_reference_choose (FxRunForm *self)
{
  fx_ui_choose_file (GTK_WIDGET (self), GTK_FILE_CHOOSER_ACTION_OPEN, _("Choose Reference Data"), _("_Choose"),
                     NULL, _("CSV tables"), "text/csv", "*.csv", on_reference_chosen, NULL);
}

static void
set_form_error (FxRunForm *self,
                const char *message)
{
  gtk_label_set_text (self->form_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->form_error), message != NULL);
}

static void
set_preparing (FxRunForm *self,
               gboolean    preparing)
{
  self->preparing = preparing;
  if (preparing)
    gtk_spinner_start (self->start_spinner);
  else
    gtk_spinner_stop (self->start_spinner);
  update_form (self);
}

static void
begin_run (FxRunForm *self,
           FxJob      *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxActiveRun) run = NULL;
  FxStore *store = self->store;

  if (store == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("The store is not open yet"));
  if (store == NULL || fx_job_create_run (job, store, _("Untitled schema"), &error) < 0)
    {
      set_form_error (self, error->message);
      fx_job_free (job);
      return;
    }
  set_form_error (self, NULL);
  run = fx_active_run_new (job);
  if (gtk_widget_get_visible (GTK_WIDGET (self->budget_row)) && gtk_spin_button_get_value (self->budget_spin) > 0)
    fx_run_cost_watch_budget (run, job, gtk_spin_button_get_value (self->budget_spin), 0, 0, GTK_WIDGET (self));
  fx_workspace_start_run (self->workspace, run);
  g_signal_emit (self, signals[RUN_STARTED], 0, fx_active_run_get_id (run));
}

typedef struct
{
  FxRunForm *form;
  FxJob     *job;
} Confirm;

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          data)
{
  Confirm *confirm = data;

  if (g_str_equal (response, "send"))
    begin_run (confirm->form, confirm->job);
  else
    {
      fx_job_free (confirm->job);
      fx_ui_toast (GTK_WIDGET (confirm->form), _("Nothing was sent"));
    }
  g_object_unref (confirm->form);
  g_free (confirm);
}

/* Says which real rows and columns would leave the machine, and to whom, before they do. */
static void
confirm_disclosure (FxRunForm *self,
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
  confirm->form = g_object_ref (self);
  confirm->job = job;
  g_signal_connect (dialog, "response", G_CALLBACK (on_confirm_response), confirm);
  gtk_window_present (GTK_WINDOW (dialog));
}


static void
on_prepared (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  FxRunForm *self = FX_RUN_FORM (source);
  g_autoptr(GError) error = NULL;
  FxJob *job = fx_job_prepare_finish (result, &error);

  set_preparing (self, FALSE);
  if (job == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_form_error (self, error->message);
      return;
    }

  if (fx_job_sends_real_rows_away (job))
    confirm_disclosure (self, job);
  else
    begin_run (self, job);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FxRunForm *self = FX_RUN_FORM (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = NULL;
  g_autofree char *model = NULL;
  g_autofree char *base_url = NULL;
  const FxProviderClass *provider;
  g_auto(GStrv) anchors = NULL;
  FxJobSpec spec = { 0 };

  schema = fx_schema_document_dup_schema (self->document, &error);
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
  spec.allocation = FX_GROUPS_PROPORTIONAL;
  if (spec.strategy == FX_STRATEGY_ANCHORED && provider != NULL)
    {
      anchors = parse_anchors (self, schema, &error);
      if (anchors == NULL)
        {
          set_form_error (self, error->message);
          return;
        }
      spec.anchors = (const char * const *) anchors;
    }
  spec.n_rows = gtk_spin_button_get_value_as_int (self->rows_spin);
  spec.batch_rows = gtk_spin_button_get_value_as_int (self->batch_spin);
  spec.concurrency = gtk_spin_button_get_value_as_int (self->concurrency_spin);
  spec.temperature = provider != NULL && gtk_switch_get_active (self->temperature_switch)
                     ? gtk_spin_button_get_value (self->temperature_spin) : NAN;
  spec.seed = (guint64) gtk_spin_button_get_value (self->seed_spin);
  spec.reference_path = effective_reference (self);
  /* a share is kept where the reference and the target allow it (negative: see FxJobSpec) */
  spec.holdout_sites = holdout_site (self);
  spec.holdout_fraction = spec.holdout_sites != NULL ? 0 : -gtk_spin_button_get_value (self->holdout_spin);

  g_settings_set_int (self->settings, "run-rows", spec.n_rows);
  g_settings_set_double (self->settings, "run-holdout-fraction", gtk_spin_button_get_value (self->holdout_spin));
  g_settings_set_string (self->settings, "run-holdout-site", spec.holdout_sites != NULL ? spec.holdout_sites : "");
  g_settings_set_int (self->settings, "run-batch-rows", spec.batch_rows);
  g_settings_set_int (self->settings, "run-concurrency", spec.concurrency);

  set_form_error (self, NULL);
  set_preparing (self, TRUE);
  fx_job_prepare_async (self, &spec, schema, NULL, 0, FALSE, self->cancellable, on_prepared, NULL);
}

static void
on_schema_changed (FxRunForm *self)
{
  /* a new schema brings its own reference data and anchors */
  self->reference_chosen = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->anchors_row), "");
  g_clear_pointer (&self->reference_path, g_free);
  update_form (self);
}

static void
on_store_opened (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(FxRunForm) self = data;
  g_autoptr(GError) error = NULL;
  FxStore *store = fx_workspace_open_store_finish (FX_WORKSPACE (source), result, &error);

  if (store == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_form_error (self, error->message);
      return;
    }
  self->store = store;
  update_form (self);
}

static void
set_workspace (FxRunForm   *self,
               FxWorkspace *workspace)
{
  if (!g_set_object (&self->workspace, workspace))
    return;
  self->store = NULL;
  if (workspace != NULL)
    fx_workspace_open_store_async (workspace, self->cancellable, on_store_opened, g_object_ref (self));
  update_form (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

static void
set_document (FxRunForm        *self,
              FxSchemaDocument *document)
{
  if (self->document == document)
    return;
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, document);
  if (document != NULL)
    g_signal_connect_object (document, "changed", G_CALLBACK (on_schema_changed), self, G_CONNECT_SWAPPED);
  update_form (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

static void
fx_run_form_dispose (GObject *object)
{
  FxRunForm *self = FX_RUN_FORM (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->estimate_source, g_source_remove);
  g_cancellable_cancel (self->estimate_cancellable);
  g_clear_object (&self->estimate_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FX_TYPE_RUN_FORM);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  g_clear_object (&self->workspace);
  self->store = NULL;
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->holdout_sites_shown, g_free);
  g_clear_pointer (&self->reference_path, g_free);

  G_OBJECT_CLASS (fx_run_form_parent_class)->dispose (object);
}

static void
fx_run_form_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FxRunForm *self = FX_RUN_FORM (object);

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
fx_run_form_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  FxRunForm *self = FX_RUN_FORM (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      set_workspace (self, g_value_get_object (value));
      break;

    case PROP_DOCUMENT:
      set_document (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fx_run_form_class_init (FxRunFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fx_run_form_dispose;
  object_class->get_property = fx_run_form_get_property;
  object_class->set_property = fx_run_form_set_property;

  /* where runs are stored and kept going */
  properties[PROP_WORKSPACE] = g_param_spec_object ("workspace", NULL, NULL, FX_TYPE_WORKSPACE,
                                                    G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                    G_PARAM_STATIC_STRINGS);
  /* where new runs take their schema and default reference data from */
  properties[PROP_DOCUMENT] = g_param_spec_object ("document", NULL, NULL, FX_TYPE_SCHEMA_DOCUMENT,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                   G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* @run_id: the run just started */
  signals[RUN_STARTED] = g_signal_new ("run-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/facsimile/Facsimile/ui/fx-run-form.ui");
  gtk_widget_class_bind_template_child (widget_class, FxRunForm, schema_row);
  gtk_widget_class_bind_template_child (widget_class, FxRunForm, reference_row);
  gtk_widget_class_bind_template_child (widget_class, FxRunForm, reference_clear);
  gtk_widget_class_bind_template_child (widget_class, FxRunForm, generator_row);
  gtk_widget_class_bind_template_child (widget_class, FxRunForm, model_row);
  gtk_widget_class_bind_template_child (widget_class, FxRunForm, strategy_row);
  gtk_widget_class_bind_template_child (widget_class, FxRunForm, anchors_row);
  gtk_widget_class_bind_template_child (widget_class, FxRunForm, rows_spin);
  gtk_widget_class_bind_template_child (widget_class, FxRunForm, batch_spin);
  gtk_widget_class_bind_template_child (widget_class, FxRunForm, concurrency_spin);
  gtk_widget_class_bind_template_child (widget_class, FxRunForm, concurrency_row);
  gtk_widget_class_bind_template_child (widget_class, FxRunForm, temperature_row);
  gtk_widget_class_bind_template_child (widget_class, FxRunForm, temperature_switch);
  gtk_widget_class_bind_template_child (widget_class, FxRunForm, temperature_spin);
  gtk_widget_class_bind_template_child (widget_class, FxRunForm, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, FxRunForm, privacy_label);
  gtk_widget_class_bind_template_child (widget_class, FxRunForm, form_error);
  gtk_widget_class_bind_template_child (widget_class, FxRunForm, start_spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_reference_clear);
  gtk_widget_class_bind_template_callback (widget_class, on_reference_choose);

  gtk_widget_class_install_action (widget_class, "run.start", NULL, start_action);
}

/* Below the reference data: the share held out, or a whole site. */
static void
add_holdout_rows (FxRunForm *self)
{
  GtkWidget *list = gtk_widget_get_parent (GTK_WIDGET (self->reference_row));
  int at = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (self->reference_row)) + 1;
  GtkWidget *row = self->holdout_row = adw_action_row_new ();

  self->holdout_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 0.9, 0.05));
  gtk_spin_button_set_digits (self->holdout_spin, 2);
  gtk_spin_button_set_value (self->holdout_spin, g_settings_get_double (self->settings, "run-holdout-fraction"));
  gtk_widget_set_valign (GTK_WIDGET (self->holdout_spin), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->holdout_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Share of the reference rows held out"), -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Holdout"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Reference rows kept from the generator, by outcome and site, to test models on; 0 for none"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->holdout_spin));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->holdout_spin));

  self->holdout_site_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->holdout_site_row), _("Hold Out Whole Site"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->holdout_site_row),
                               _("Nothing of this site reaches the generator: does the data carry over to another hospital?"));
  g_signal_connect_swapped (self->holdout_site_row, "notify::selected", G_CALLBACK (update_form), self);
  if (GTK_IS_LIST_BOX (list))
    {
      gtk_list_box_insert (GTK_LIST_BOX (list), row, at);
      gtk_list_box_insert (GTK_LIST_BOX (list), GTK_WIDGET (self->holdout_site_row), at + 1);
    }
}

/* Below the rows asked for: the estimate of the run as set, and the budget that stops it. */
static void
add_cost_rows (FxRunForm *self)
{
  GtkWidget *rows_row = gtk_widget_get_ancestor (GTK_WIDGET (self->rows_spin), GTK_TYPE_LIST_BOX_ROW);
  GtkWidget *list = rows_row != NULL ? gtk_widget_get_parent (rows_row) : NULL;
  int at = rows_row != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (rows_row)) + 1 : -1;

  self->estimate_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->estimate_row), _("Estimate"));
  adw_action_row_set_subtitle_lines (self->estimate_row, 0);

  self->budget_row = ADW_ACTION_ROW (adw_action_row_new ());
  self->budget_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 100000, 0.5));
  gtk_spin_button_set_digits (self->budget_spin, 2);
  gtk_widget_set_valign (GTK_WIDGET (self->budget_spin), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->budget_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Budget of the run"), -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->budget_row), _("Budget"));
  adw_action_row_set_subtitle (self->budget_row,
                               _("The run stops cleanly when its spend, at the model's price, reaches this; 0 for none"));
  adw_action_row_add_suffix (self->budget_row, GTK_WIDGET (self->budget_spin));
  adw_action_row_set_activatable_widget (self->budget_row, GTK_WIDGET (self->budget_spin));
  if (GTK_IS_LIST_BOX (list))
    {
      gtk_list_box_insert (GTK_LIST_BOX (list), GTK_WIDGET (self->estimate_row), at);
      gtk_list_box_insert (GTK_LIST_BOX (list), GTK_WIDGET (self->budget_row), at + 1);
    }
  g_signal_connect_swapped (self->rows_spin, "value-changed", G_CALLBACK (schedule_estimate), self);
  g_signal_connect_swapped (self->batch_spin, "value-changed", G_CALLBACK (schedule_estimate), self);
  g_signal_connect_swapped (self->model_row, "changed", G_CALLBACK (schedule_estimate), self);
  g_signal_connect_swapped (self->holdout_spin, "value-changed", G_CALLBACK (schedule_estimate), self);
}

static void
fx_run_form_init (FxRunForm *self)
{
  g_autofree char *generator = NULL;
  g_autofree char *strategy = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* each spin button has its own name in the template */
  fx_ui_unlabel_spin_buttons (GTK_WIDGET (self));

  self->settings = g_settings_new ("io.github.facsimile.Facsimile");
  self->cancellable = g_cancellable_new ();

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
  add_holdout_rows (self);
  add_cost_rows (self);

  on_generator_changed (self);
}

void
fx_run_form_refresh (FxRunForm *self)
{
  g_return_if_fail (FX_IS_RUN_FORM (self));

  update_form (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->generator_row));
}
