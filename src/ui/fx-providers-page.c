/* fx-providers-page.c: keys, addresses and models of the providers
 *
 * Keys go to the keyring and are never shown again: the page only says whether one
 * is stored.  Testing a connection asks the provider for its models, which fills the
 * default-model choice.  All of it runs off the main loop, through the engine library.
 * The default model's price per million tokens, its currency and the day it was read
 * are edited in place: a price set here goes to the user's own price table, which wins
 * over the shipped one until it is reset.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fx-capabilities.h"
#include "fx-credentials.h"
#include "fx-models.h"
#include "fx-prices.h"
#include "fx-providers-page.h"
#include "fx-ui-util.h"

typedef struct
{
  FxProvidersPage       *page;
  const FxProviderClass *provider;
  AdwPreferencesGroup   *group;
  AdwPasswordEntryRow   *key_row;
  GtkButton             *forget_button;
  AdwEntryRow           *url_row;
  AdwComboRow           *model_row;
  GtkStringList         *models;
  AdwActionRow          *capabilities_row;
  AdwActionRow          *status_row;
  GtkButton             *test_button;
  GtkSpinner            *spinner;
  gboolean               has_key;
  /* the default model's price */
  AdwExpanderRow        *price_row;
  AdwEntryRow           *input_row;
  AdwEntryRow           *output_row;
  AdwEntryRow           *currency_row;
  AdwEntryRow           *date_row;
  GtkButton             *reset_button;
  char                  *priced_model;
} ProviderUi;

struct _FxProvidersPage
{
  AdwBin        parent_instance;
  GSettings    *settings;
  GCancellable *cancellable;
  GPtrArray    *providers;  /* (element-type ProviderUi) */
};

G_DEFINE_FINAL_TYPE (FxProvidersPage, fx_providers_page, ADW_TYPE_BIN)

static char *
settings_key (const ProviderUi *ui,
              const char       *what)
{
  return g_strdup_printf ("%s-%s", ui->provider->name, what);
}

static void
show_key_state (ProviderUi *ui)
{
  const char *text;

  if (ui->has_key)
    text = _("A key is stored in the keyring.");
  else if (!ui->provider->needs_key)
    text = _("No key stored; local servers usually need none.");
  else
    text = _("No key stored yet.");
  adw_preferences_group_set_description (ui->group, text);
  gtk_widget_set_visible (GTK_WIDGET (ui->forget_button), ui->has_key);
}

static void
toast (ProviderUi *ui,
       const char *message)
{
  fx_ui_toast (GTK_WIDGET (ui->page), message);
}

static void
on_has_key (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  ProviderUi *ui = data;
  g_autoptr(GError) error = NULL;
  gboolean found = fx_credentials_has_key_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  ui->has_key = found;
  show_key_state (ui);
  if (error != NULL)
    adw_preferences_group_set_description (ui->group, _("The keyring cannot be read."));
}

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  ProviderUi *ui = data;
  g_autoptr(GError) error = NULL;

  if (!fx_credentials_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (ui, _("The keyring refused the key"));
      return;
    }
  fx_credentials_has_key_async (ui->provider->name, ui->page->cancellable, on_has_key, ui);
}

static void
on_key_applied (AdwEntryRow *row,
                ProviderUi  *ui)
{
  const char *key = gtk_editable_get_text (GTK_EDITABLE (row));

  if (key[0] == '\0')
    return;
  fx_credentials_store_async (ui->provider->name, key, ui->page->cancellable, on_stored, ui);
  /* the key leaves the widget at once; the page only says whether one is stored */
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  toast (ui, _("Key stored in the keyring"));
}

static void
on_forget_clicked (GtkButton  *button,
                   ProviderUi *ui)
{
  fx_credentials_store_async (ui->provider->name, NULL, ui->page->cancellable, on_stored, ui);
  toast (ui, _("Key removed from the keyring"));
}

static void
on_url_applied (AdwEntryRow *row,
                ProviderUi  *ui)
{
  g_autofree char *key = settings_key (ui, "base-url");

  g_settings_set_string (ui->page->settings, key, gtk_editable_get_text (GTK_EDITABLE (row)));
}

/* What the capability table says applies to @model. */
static void
show_capabilities (ProviderUi *ui,
                   const char *model)
{
  g_autofree char *text = fx_model_capabilities_describe (fx_model_capabilities_lookup (ui->provider->name, model));

  adw_action_row_set_subtitle (ui->capabilities_row, text);
}

static void
set_number (AdwEntryRow *row,
            double       value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  gtk_editable_set_text (GTK_EDITABLE (row), g_ascii_formatd (buffer, sizeof buffer, "%.4g", value));
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* The price that applies to @model: the user's own or the shipped one, both said, and
 * the fields filled with it. */
static void
show_price (ProviderUi *ui,
            const char *model)
{
  g_autoptr(FxPrice) price = NULL;
  g_autoptr(FxPrice) shipped = NULL;
  g_autofree char *title = NULL, *subtitle = NULL;
  gboolean known = model != NULL && model[0] != '\0';
  /* @model may be the one priced now */
  char *priced = known ? g_strdup (model) : NULL;

  g_free (ui->priced_model);
  ui->priced_model = priced;
  model = priced;
  gtk_widget_set_sensitive (GTK_WIDGET (ui->price_row), known);
  if (!known)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ui->price_row), _("Price"));
      adw_expander_row_set_subtitle (ui->price_row, _("Choose a default model to see and set its price"));
      return;
    }
  price = fx_price_lookup (ui->provider->name, model);
  shipped = fx_price_lookup_shipped (ui->provider->name, model);
  title = g_strdup_printf (_("Price of %s"), model);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ui->price_row), title);
  if (price != NULL && price->user)
    {
      g_autofree char *own = fx_price_describe (price);
      g_autofree char *theirs = shipped != NULL ? fx_price_describe (shipped) : g_strdup (_("none"));

      subtitle = g_strdup_printf (_("Your price: %s. Shipped price: %s."), own, theirs);
    }
  else if (price != NULL)
    {
      g_autofree char *theirs = fx_price_describe (price);

      subtitle = g_strdup_printf (_("Shipped price: %s."), theirs);
    }
  else
    subtitle = g_strdup (_("No price known for this model: set one to see what runs will cost."));
  adw_expander_row_set_subtitle (ui->price_row, subtitle);
  gtk_widget_set_sensitive (GTK_WIDGET (ui->reset_button), price != NULL && price->user);
  set_number (ui->input_row, price != NULL ? price->input : 0);
  set_number (ui->output_row, price != NULL ? price->output : 0);
  gtk_editable_set_text (GTK_EDITABLE (ui->currency_row), price != NULL ? price->currency : "USD");
  if (price != NULL && price->date != NULL)
    gtk_editable_set_text (GTK_EDITABLE (ui->date_row), price->date);
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

      gtk_editable_set_text (GTK_EDITABLE (ui->date_row), today);
    }
}

static gboolean
read_number (AdwEntryRow *row,
             double      *value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  char *end = NULL;

  *value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(*value >= 0) || isinf (*value))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  return TRUE;
}

/* Any field applied saves the whole price, as the fields say it, to the user's table. */
static void
on_price_applied (AdwEntryRow *row,
                  ProviderUi  *ui)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *currency = NULL;
  double input, output;

  if (ui->priced_model == NULL)
    return;
  if (!read_number (ui->input_row, &input) || !read_number (ui->output_row, &output))
    {
      toast (ui, _("A price is an amount of 0 or more, such as 2.50"));
      return;
    }
  currency = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (ui->currency_row)), -1);
  if (!fx_prices_set_user (ui->provider->name, ui->priced_model, input, output, g_strstrip (currency),
                           _("set in the Providers pane"), gtk_editable_get_text (GTK_EDITABLE (ui->date_row)),
                           &error))
    {
      toast (ui, error->message);
      return;
    }
  show_price (ui, ui->priced_model);
  toast (ui, _("Your price is saved"));
}

static void
on_price_reset (GtkButton  *button,
                ProviderUi *ui)
{
  g_autoptr(GError) error = NULL;

  if (ui->priced_model == NULL)
    return;
  if (!fx_prices_unset_user (ui->provider->name, ui->priced_model, &error))
    {
      toast (ui, error->message);
      return;
    }
  show_price (ui, ui->priced_model);
  toast (ui, _("The shipped price applies again"));
}

static AdwEntryRow *
add_price_field (ProviderUi *ui,
                 const char *title)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());
  g_autofree char *name = g_strdup_printf ("%s (%s)", title, ui->provider->display_name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_show_apply_button (row, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  adw_expander_row_add_row (ui->price_row, GTK_WIDGET (row));
  g_signal_connect (row, "apply", G_CALLBACK (on_price_applied), ui);
  return row;
}

static void
add_price_rows (ProviderUi *ui)
{
  GtkWidget *reset_row;
  g_autofree char *reset_name = g_strdup_printf (_("Reset the Price for %s to the Shipped One"),
                                                 ui->provider->display_name);

  ui->price_row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_group_add (ui->group, GTK_WIDGET (ui->price_row));
  ui->input_row = add_price_field (ui, _("Input, per Million Tokens"));
  ui->output_row = add_price_field (ui, _("Output, per Million Tokens"));
  ui->currency_row = add_price_field (ui, _("Currency"));
  ui->date_row = add_price_field (ui, _("Date Read (YYYY-MM-DD)"));

  reset_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (reset_row), _("Shipped Price"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (reset_row), _("Forget your price of this model"));
  ui->reset_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Reset")));
  gtk_widget_set_valign (GTK_WIDGET (ui->reset_button), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (ui->reset_button), reset_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (ui->reset_button), GTK_ACCESSIBLE_PROPERTY_LABEL, reset_name, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (reset_row), GTK_WIDGET (ui->reset_button));
  adw_expander_row_add_row (ui->price_row, reset_row);
  g_signal_connect (ui->reset_button, "clicked", G_CALLBACK (on_price_reset), ui);
  /* the rows' Apply buttons have only an icon */
  fx_ui_name_controls (GTK_WIDGET (ui->price_row));
}

static void
on_model_selected (AdwComboRow *row,
                   GParamSpec  *pspec,
                   ProviderUi  *ui)
{
  g_autofree char *key = settings_key (ui, "model");
  guint position = adw_combo_row_get_selected (row);

  if (position == GTK_INVALID_LIST_POSITION)
    return;
  g_settings_set_string (ui->page->settings, key, gtk_string_list_get_string (ui->models, position));
  show_capabilities (ui, gtk_string_list_get_string (ui->models, position));
  show_price (ui, gtk_string_list_get_string (ui->models, position));
}

static void
set_testing (ProviderUi *ui,
             gboolean    testing)
{
  gtk_widget_set_sensitive (GTK_WIDGET (ui->test_button), !testing);
  gtk_widget_set_visible (GTK_WIDGET (ui->spinner), testing);
  gtk_spinner_set_spinning (ui->spinner, testing);
}

static const char *
outcome_words (FxOutcome outcome)
{
  switch (outcome)
    {
    case FX_OUTCOME_AUTH_ERROR: return _("the key was refused");
    case FX_OUTCOME_QUOTA_EXHAUSTED: return _("the account's quota is used up");
    case FX_OUTCOME_RATE_LIMITED: return _("too many requests for now");
    case FX_OUTCOME_NETWORK_ERROR: return _("cannot reach the provider");
    case FX_OUTCOME_SERVER_ERROR: return _("the provider has a problem");
    case FX_OUTCOME_OK:
    case FX_OUTCOME_TRUNCATED:
    case FX_OUTCOME_REFUSED:
    case FX_OUTCOME_BLOCKED:
    case FX_OUTCOME_BAD_REQUEST:
    case FX_OUTCOME_INVALID_RESPONSE:
    default:
      return _("the provider's answer was not understood");
    }
}

static void
on_models (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  ProviderUi *ui = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_autofree char *settings_model = settings_key (ui, "model");
  g_autofree char *chosen = NULL;
  FxOutcome outcome = FX_OUTCOME_OK;

  models = fx_provider_list_models_finish (result, &outcome, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_testing (ui, FALSE);

  if (models == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Failed: %s"), outcome_words (outcome));

      adw_action_row_set_subtitle (ui->status_row, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (ui->status_row), error->message);
      return;
    }

  {
    g_autofree char *text = g_strdup_printf (ngettext ("Connected: %u model", "Connected: %u models", models->len),
                                             models->len);

    adw_action_row_set_subtitle (ui->status_row, text);
    gtk_widget_set_tooltip_text (GTK_WIDGET (ui->status_row), NULL);
  }

  chosen = g_settings_get_string (ui->page->settings, settings_model);
  g_ptr_array_add (models, NULL);
  gtk_string_list_splice (ui->models, 0, g_list_model_get_n_items (G_LIST_MODEL (ui->models)),
                          (const char * const *) models->pdata);
  for (guint i = 0; i + 1 < models->len; i++)
    if (g_strcmp0 (g_ptr_array_index (models, i), chosen) == 0)
      adw_combo_row_set_selected (ui->model_row, i);
  gtk_widget_set_sensitive (GTK_WIDGET (ui->model_row), TRUE);
}

static void
on_key_for_test (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  ProviderUi *ui = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = fx_credentials_lookup_finish (result, &error);
  g_autofree char *url = NULL;
  FxProviderConfig config = { 0 };

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (key == NULL && ui->provider->needs_key)
    {
      set_testing (ui, FALSE);
      adw_action_row_set_subtitle (ui->status_row, _("Store a key first"));
      return;
    }
  url = g_strdup (gtk_editable_get_text (GTK_EDITABLE (ui->url_row)));
  config.base_url = url[0] != '\0' ? url : NULL;
  config.api_key = key;
  config.timeout_seconds = 20;
  fx_provider_list_models_async (ui->provider, &config, ui->page->cancellable, on_models, ui);
}

static void
on_test_clicked (GtkButton  *button,
                 ProviderUi *ui)
{
  set_testing (ui, TRUE);
  adw_action_row_set_subtitle (ui->status_row, _("Testing…"));
  fx_credentials_lookup_async (ui->provider->name, ui->page->cancellable, on_key_for_test, ui);
}

static void
add_provider (FxProvidersPage       *self,
              AdwPreferencesPage    *page,
              const FxProviderClass *provider)
{
  ProviderUi *ui = g_new0 (ProviderUi, 1);
  g_autofree char *url_key = NULL;
  g_autofree char *url = NULL;
  g_autofree char *url_title = NULL;
  g_autofree char *model_key = NULL;
  g_autofree char *model = NULL;
  GtkWidget *box;

  ui->page = self;
  ui->provider = provider;
  g_ptr_array_add (self->providers, ui);

  ui->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (ui->group, provider->display_name);
  adw_preferences_page_add (page, ui->group);

  ui->key_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ui->key_row), _("API Key"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (ui->key_row), TRUE);
  ui->forget_button = GTK_BUTTON (gtk_button_new_from_icon_name ("user-trash-symbolic"));
  gtk_widget_set_valign (GTK_WIDGET (ui->forget_button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (ui->forget_button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (ui->forget_button), _("Remove the Stored Key"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (ui->forget_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove the Stored Key"), -1);
  gtk_widget_set_visible (GTK_WIDGET (ui->forget_button), FALSE);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (ui->key_row), GTK_WIDGET (ui->forget_button));
  adw_preferences_group_add (ui->group, GTK_WIDGET (ui->key_row));
  /* the row's Apply button has only an icon */
  fx_ui_name_controls (GTK_WIDGET (ui->key_row));
  g_signal_connect (ui->key_row, "apply", G_CALLBACK (on_key_applied), ui);
  g_signal_connect (ui->forget_button, "clicked", G_CALLBACK (on_forget_clicked), ui);

  url_key = settings_key (ui, "base-url");
  url = g_settings_get_string (self->settings, url_key);
  url_title = provider->default_base_url != NULL
              ? g_strdup_printf (_("Base URL (default %s)"), provider->default_base_url)
              : g_strdup (_("Base URL (for example http://localhost:11434)"));
  ui->url_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ui->url_row), url_title);
  adw_entry_row_set_show_apply_button (ui->url_row, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (ui->url_row), url);
  adw_preferences_group_add (ui->group, GTK_WIDGET (ui->url_row));
  g_signal_connect (ui->url_row, "apply", G_CALLBACK (on_url_applied), ui);

  model_key = settings_key (ui, "model");
  model = g_settings_get_string (self->settings, model_key);
  ui->models = gtk_string_list_new (NULL);
  if (model[0] != '\0')
    gtk_string_list_append (ui->models, model);
  ui->model_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ui->model_row), _("Default Model"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (ui->model_row), _("Listed by the provider when the connection is tested"));
  adw_combo_row_set_model (ui->model_row, G_LIST_MODEL (ui->models));
  gtk_widget_set_sensitive (GTK_WIDGET (ui->model_row), model[0] != '\0');
  adw_preferences_group_add (ui->group, GTK_WIDGET (ui->model_row));

  ui->capabilities_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ui->capabilities_row), _("What the Model Takes"));
  adw_action_row_set_subtitle_lines (ui->capabilities_row, 0);
  adw_preferences_group_add (ui->group, GTK_WIDGET (ui->capabilities_row));
  show_capabilities (ui, model);
  add_price_rows (ui);
  show_price (ui, model);
  g_signal_connect (ui->model_row, "notify::selected", G_CALLBACK (on_model_selected), ui);

  ui->status_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ui->status_row), _("Connection"));
  adw_action_row_set_subtitle (ui->status_row, _("Not tested"));
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  ui->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (ui->spinner), FALSE);
  ui->test_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Test")));
  gtk_widget_set_valign (GTK_WIDGET (ui->test_button), GTK_ALIGN_CENTER);
  {
    g_autofree char *label = g_strdup_printf (_("Test the connection to %s"), provider->display_name);

    gtk_widget_set_tooltip_text (GTK_WIDGET (ui->test_button), label);
    gtk_accessible_update_property (GTK_ACCESSIBLE (ui->test_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  }
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (ui->spinner));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (ui->test_button));
  adw_action_row_add_suffix (ui->status_row, box);
  adw_preferences_group_add (ui->group, GTK_WIDGET (ui->status_row));
  g_signal_connect (ui->test_button, "clicked", G_CALLBACK (on_test_clicked), ui);

  show_key_state (ui);
  fx_credentials_has_key_async (provider->name, self->cancellable, on_has_key, ui);
}

static void
add_baselines (AdwPreferencesPage *page)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  const struct { const char *title; const char *subtitle; } baselines[] = {
    { N_("Gaussian Copula"), N_("Each feature's own distribution, joined by the correlations of the reference data") },
    { N_("Independent Marginals"), N_("Each feature drawn on its own from the reference data") },
  };

  adw_preferences_group_set_title (group, _("Offline Baselines"));
  adw_preferences_group_set_description (group, _("Always available: no account, no network. Fitted on the reference data, "
                                                  "they show what a simple statistical model achieves."));
  for (guint i = 0; i < G_N_ELEMENTS (baselines); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(baselines[i].title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(baselines[i].subtitle));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Available"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (group, row);
    }
  adw_preferences_page_add (page, group);
}

static void
fx_providers_page_dispose (GObject *object)
{
  FxProvidersPage *self = FX_PROVIDERS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->providers, g_ptr_array_unref);

  G_OBJECT_CLASS (fx_providers_page_parent_class)->dispose (object);
}

static void
fx_providers_page_class_init (FxProvidersPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fx_providers_page_dispose;
}

static void
provider_ui_free (ProviderUi *ui)
{
  g_clear_object (&ui->models);
  g_free (ui->priced_model);
  g_free (ui);
}

static void
fx_providers_page_init (FxProvidersPage *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  const FxProviderClass * const *providers;
  guint n;

  self->settings = g_settings_new ("io.github.facsimile.Facsimile");
  self->cancellable = g_cancellable_new ();
  self->providers = g_ptr_array_new_with_free_func ((GDestroyNotify) provider_ui_free);

  {
    /* a page description is newer than libadwaita 1.2: a group says it */
    AdwPreferencesGroup *intro = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

    adw_preferences_group_set_description (intro, _("Keys are kept in the keyring and never shown again. Local "
                                                    "OpenAI-compatible servers (Ollama, llama.cpp, vLLM) keep real "
                                                    "data on this machine."));
    adw_preferences_page_add (page, intro);
  }
  providers = fx_provider_list (&n);
  for (guint i = 0; i < n; i++)
    add_provider (self, page, providers[i]);
  add_baselines (page);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (page));
}
