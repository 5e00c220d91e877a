/* fx-study-form.c: a study's plan as a form, and its plan files
 *
 * The form is a plan (fx-plan.h, the file `facsimile-cli study` reads): generators,
 * strategies, numbers of features and their order, numbers of rows, repeats, rows per
 * request, requests in flight and a budget.  It keeps the choices of the last study in
 * the settings, opens a plan file into the controls and saves the controls as one.
 * What it has to say about a file goes out through ::status; any change, through
 * ::changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fx-file.h"
#include "fx-plan-write.h"
#include "fx-provider.h"
#include "fx-study-form.h"
#include "fx-ui-util.h"

/* the strategies offered, in the order of their rows */
static const FxStrategyKind strategy_kinds[] = {
  FX_STRATEGY_GROUP, FX_STRATEGY_STATISTICS, FX_STRATEGY_SCHEMA, FX_STRATEGY_CONDITIONAL, FX_STRATEGY_NAIVE,
  FX_STRATEGY_ANCHORED,
};
static const char * const strategy_titles[] = {
  N_("Groups"), N_("Statistics"), N_("Schema only"), N_("Conditional"), N_("Naive (example rows)"),
  N_("Anchored"),
};

/* the order choices, as the settings name them */
static const char * const order_names[] = { "schema", "target-association" };

/* A generator the form offers: a baseline, or a provider with its model. */
typedef struct
{
  char           *key;        /* "copula", or "openai-compatible fake-model" as the settings keep it */
  char           *provider;
  char           *model;      /* nullable */
  char           *base_url;   /* nullable */
  GtkWidget      *row;
  GtkCheckButton *check;
} Generator;

static void
generator_free (Generator *g)
{
  g_free (g->key);
  g_free (g->provider);
  g_free (g->model);
  g_free (g->base_url);
  g_free (g);
}

struct _FxStudyForm
{
  AdwBin          parent_instance;

  FxSchemaDocument *document;
  GSettings      *settings;
  GArray         *loaded_seeds; /* (nullable) a plan's own seeds, while its repeats stand */

  AdwPreferencesGroup *generators_group;
  GPtrArray      *generators;  /* (element-type Generator) */
  GtkCheckButton *strategy_checks[G_N_ELEMENTS (strategy_kinds)];
  GtkEditable    *features_entry;
  GtkDropDown    *order_dropdown;
  GtkEditable    *rows_entry;
  GtkSpinButton  *repeats_spin;
  GtkSpinButton  *batch_spin;
  GtkSpinButton  *concurrency_spin;
  GtkSpinButton  *budget_spin;
};

G_DEFINE_FINAL_TYPE (FxStudyForm, fx_study_form, ADW_TYPE_BIN)

enum
{
  CHANGED,
  STATUS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_status (FxStudyForm *self,
            const char  *text)
{
  g_signal_emit (self, signals[STATUS], 0, text);
}

/* ---- the plan of the form ---------------------------------------------------------- */

/* "5, 10, all" -> the numbers in the order given; NULL when one is not a whole number
 * above 0 (or "all", with @all). */
static GArray *
parse_counts (const char *text,
              gboolean    all)
{
  g_auto(GStrv) parts = g_strsplit_set (text, ",; ", -1);
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *end = NULL;
      guint64 k;

      if (parts[i][0] == '\0')
        continue;
      if (all && (g_ascii_strcasecmp (parts[i], "all") == 0 || g_utf8_collate (parts[i], _("all")) == 0))
        k = FX_PLAN_ALL_FEATURES;
      else
        {
          k = g_ascii_strtoull (parts[i], &end, 10);
          if (end == parts[i] || *end != '\0' || k == 0 || k > 10000000)
            return NULL;
        }
      g_array_append_val (counts, k);
    }
  return counts->len > 0 ? g_steal_pointer (&counts) : NULL;
}

static char *
counts_text (GArray *counts)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < counts->len; i++)
    {
      guint k = g_array_index (counts, guint, i);

      if (i > 0)
        g_string_append (text, ", ");
      if (k == FX_PLAN_ALL_FEATURES)
        g_string_append (text, "all");
      else
        g_string_append_printf (text, "%u", k);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
mark (GtkWidget *widget,
      gboolean   wrong)
{
  if (wrong)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
}

FxPlan *
fx_study_form_build_plan (FxStudyForm  *self,
                          char        **why)
{
  g_autoptr(FxPlan) plan = fx_plan_new ();
  g_autoptr(GArray) features = parse_counts (gtk_editable_get_text (self->features_entry), TRUE);
  g_autoptr(GArray) rows = parse_counts (gtk_editable_get_text (self->rows_entry), FALSE);
  guint repeats = gtk_spin_button_get_value_as_int (self->repeats_spin);
  gboolean provider = FALSE;

  *why = NULL;
  mark (GTK_WIDGET (self->features_entry), features == NULL);
  mark (GTK_WIDGET (self->rows_entry), rows == NULL);
  for (guint i = 0; i < self->generators->len; i++)
    {
      Generator *g = g_ptr_array_index (self->generators, i);

      if (gtk_check_button_get_active (g->check))
        {
          fx_plan_add_generator (plan, g->provider, g->model, g->base_url);
          provider |= g->model != NULL;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (strategy_kinds); i++)
    if (gtk_check_button_get_active (self->strategy_checks[i]))
      g_array_append_val (plan->strategies, strategy_kinds[i]);

  if (plan->generators->len == 0)
    *why = g_strdup (_("Choose at least one generator"));
  else if (provider && plan->strategies->len == 0)
    *why = g_strdup (_("Choose at least one strategy for the providers"));
  else if (features == NULL)
    *why = g_strdup (_("Give the numbers of features as whole numbers or “all”, such as “5, 10, 20, all”"));
  else if (rows == NULL)
    *why = g_strdup (_("Give the numbers of rows as whole numbers, such as “1000, 5000, 10000”"));
  if (*why != NULL)
    return NULL;

  if (plan->strategies->len == 0)
    {
      FxStrategyKind group = FX_STRATEGY_GROUP;

      g_array_append_val (plan->strategies, group);
    }
  g_array_append_vals (plan->features, features->data, features->len);
  g_array_append_vals (plan->rows, rows->data, rows->len);
  if (self->loaded_seeds != NULL && self->loaded_seeds->len == repeats)
    g_array_append_vals (plan->seeds, self->loaded_seeds->data, repeats);
  else
    for (guint64 seed = 1; seed <= repeats; seed++)
      g_array_append_val (plan->seeds, seed);
  plan->order = gtk_drop_down_get_selected (self->order_dropdown) == 1 ? FX_RANK_TARGET_ASSOCIATION
                                                                       : FX_RANK_SCHEMA_ORDER;
  plan->batch_rows = gtk_spin_button_get_value_as_int (self->batch_spin);
  plan->concurrency = gtk_spin_button_get_value_as_int (self->concurrency_spin);
  plan->budget = gtk_spin_button_get_value (self->budget_spin);
  if (self->document != NULL)
    {
      const char *schema = fx_schema_document_get_file_path (self->document);
      const char *reference = fx_schema_document_get_reference_path (self->document);

      plan->schema_path = g_strdup (schema);
      plan->reference_path = g_strdup (reference);
    }
  return g_steal_pointer (&plan);
}

void
fx_study_form_save_settings (FxStudyForm *self)
{
  g_autoptr(GStrvBuilder) generators = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) strategies = g_strv_builder_new ();
  g_auto(GStrv) chosen = NULL;
  g_auto(GStrv) kinds = NULL;

  for (guint i = 0; i < self->generators->len; i++)
    {
      Generator *g = g_ptr_array_index (self->generators, i);

      if (gtk_check_button_get_active (g->check))
        g_strv_builder_add (generators, g->key);
    }
  for (guint i = 0; i < G_N_ELEMENTS (strategy_kinds); i++)
    if (gtk_check_button_get_active (self->strategy_checks[i]))
      g_strv_builder_add (strategies, fx_strategy_kind_to_string (strategy_kinds[i]));
  chosen = g_strv_builder_end (generators);
  kinds = g_strv_builder_end (strategies);
  g_settings_set_strv (self->settings, "study-generators", (const char * const *) chosen);
  g_settings_set_strv (self->settings, "study-strategies", (const char * const *) kinds);
  g_settings_set_string (self->settings, "study-counts", gtk_editable_get_text (self->features_entry));
  g_settings_set_string (self->settings, "study-row-counts", gtk_editable_get_text (self->rows_entry));
  g_settings_set_string (self->settings, "study-order",
                         order_names[MIN (gtk_drop_down_get_selected (self->order_dropdown), 1)]);
  g_settings_set_int (self->settings, "study-repeats", gtk_spin_button_get_value_as_int (self->repeats_spin));
  g_settings_set_int (self->settings, "study-batch-rows", gtk_spin_button_get_value_as_int (self->batch_spin));
  g_settings_set_int (self->settings, "study-concurrency", gtk_spin_button_get_value_as_int (self->concurrency_spin));
  g_settings_set_double (self->settings, "study-budget", gtk_spin_button_get_value (self->budget_spin));
}

/* ---- the generators ------------------------------------------------------------------ */

static Generator *
find_generator (FxStudyForm *self,
                const char  *key)
{
  for (guint i = 0; i < self->generators->len; i++)
    {
      Generator *g = g_ptr_array_index (self->generators, i);

      if (g_str_equal (g->key, key))
        return g;
    }
  return NULL;
}

static void
on_form_changed (FxStudyForm *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* A row for a baseline, or for a provider and its model (checked or not). */
static Generator *
add_generator (FxStudyForm *self,
               const char  *provider,
               const char  *model,
               const char  *base_url,
               gboolean     active)
{
  const FxProviderClass *klass = fx_provider_lookup (provider);
  Generator *g = g_new0 (Generator, 1);
  g_autofree char *title = NULL;
  g_autofree char *about = NULL;
  const char *subtitle;

  g->provider = g_strdup (provider);
  g->model = g_strdup (klass != NULL ? model : NULL);
  g->base_url = g_strdup (klass != NULL && base_url != NULL && base_url[0] != '\0' ? base_url : NULL);
  g->key = g->model != NULL ? g_strdup_printf ("%s %s", provider, model) : g_strdup (provider);
  if (g_str_equal (provider, "copula"))
    {
      title = g_strdup (_("Gaussian copula"));
      subtitle = _("A baseline: fitted and sampled on this machine; costs nothing");
    }
  else if (g_str_equal (provider, "independent"))
    {
      title = g_strdup (_("Independent marginals"));
      subtitle = _("A baseline: fitted and sampled on this machine; costs nothing");
    }
  else
    {
      /* the model is what tells the rows apart; the provider and its server follow */
      title = g_strdup (model);
      about = g->base_url != NULL ? g_strdup_printf (_("%s at %s"), klass != NULL ? klass->display_name : provider,
                                                     g->base_url)
                                  : g_strdup (klass != NULL ? klass->display_name : provider);
      subtitle = about;
    }
  g->row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (g->row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (g->row), subtitle);
  g->check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_check_button_set_active (g->check, active);
  gtk_widget_set_valign (GTK_WIDGET (g->check), GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (g->row), GTK_WIDGET (g->check));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (g->row), GTK_WIDGET (g->check));
  g_signal_connect_swapped (g->check, "toggled", G_CALLBACK (on_form_changed), self);
  adw_preferences_group_add (self->generators_group, g->row);
  g_ptr_array_add (self->generators, g);
  return g;
}

/* The baselines, and each provider that has a model in the Providers pane. */
static void
fill_generators (FxStudyForm *self)
{
  g_auto(GStrv) chosen = g_settings_get_strv (self->settings, "study-generators");
  const FxProviderClass * const *providers;
  guint n_providers;

  add_generator (self, "copula", NULL, NULL, g_strv_contains ((const char * const *) chosen, "copula"));
  add_generator (self, "independent", NULL, NULL, g_strv_contains ((const char * const *) chosen, "independent"));
  providers = fx_provider_list (&n_providers);
  for (guint i = 0; i < n_providers; i++)
    {
      g_autofree char *model_key = g_strdup_printf ("%s-model", providers[i]->name);
      g_autofree char *url_key = g_strdup_printf ("%s-base-url", providers[i]->name);
      g_autofree char *model = g_settings_get_string (self->settings, model_key);
      g_autofree char *url = g_settings_get_string (self->settings, url_key);
      g_autofree char *key = g_strdup_printf ("%s %s", providers[i]->name, model);

      if (model[0] != '\0')
        add_generator (self, providers[i]->name, model, url, g_strv_contains ((const char * const *) chosen, key));
    }
}

/* ---- open and save ------------------------------------------------------------------- */

static void
fill_form (FxStudyForm  *self,
           const FxPlan *plan)
{
  g_autofree char *features = counts_text (plan->features);
  g_autofree char *rows = counts_text (plan->rows);
  const char *reference = self->document != NULL ? fx_schema_document_get_reference_path (self->document) : NULL;
  gboolean counted = TRUE;

  for (guint i = 0; i < self->generators->len; i++)
    gtk_check_button_set_active (((Generator *) g_ptr_array_index (self->generators, i))->check, FALSE);
  for (guint i = 0; i < plan->generators->len; i++)
    {
      const FxPlanGenerator *pg = g_ptr_array_index (plan->generators, i);
      g_autofree char *key = pg->model != NULL ? g_strdup_printf ("%s %s", pg->provider, pg->model)
                                               : g_strdup (pg->provider);
      Generator *g = find_generator (self, key);

      if (g == NULL)
        add_generator (self, pg->provider, pg->model, pg->base_url, TRUE);
      else
        gtk_check_button_set_active (g->check, TRUE);
    }
  for (guint i = 0; i < G_N_ELEMENTS (strategy_kinds); i++)
    {
      gboolean on = FALSE;

      for (guint k = 0; k < plan->strategies->len; k++)
        on |= g_array_index (plan->strategies, FxStrategyKind, k) == strategy_kinds[i];
      gtk_check_button_set_active (self->strategy_checks[i], on);
    }
  gtk_editable_set_text (self->features_entry, features);
  gtk_editable_set_text (self->rows_entry, rows);
  gtk_drop_down_set_selected (self->order_dropdown, plan->order == FX_RANK_SCHEMA_ORDER ? 0 : 1);
  gtk_spin_button_set_value (self->repeats_spin, plan->seeds->len);
  gtk_spin_button_set_value (self->batch_spin, plan->batch_rows);
  gtk_spin_button_set_value (self->concurrency_spin, plan->concurrency);
  gtk_spin_button_set_value (self->budget_spin, plan->budget);
  /* seeds other than 1..N are kept while the repeats stand */
  for (guint i = 0; i < plan->seeds->len; i++)
    counted &= g_array_index (plan->seeds, guint64, i) == i + 1;
  g_clear_pointer (&self->loaded_seeds, g_array_unref);
  if (!counted)
    {
      self->loaded_seeds = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_array_append_vals (self->loaded_seeds, plan->seeds->data, plan->seeds->len);
    }

  if (reference != NULL && !fx_file_same (reference, plan->reference_path))
    {
      g_autofree char *text = g_strdup_printf (_("The plan names the real table %s; the study runs on the open "
                                                 "schema and its table, %s"), plan->reference_path, reference);

      set_status (self, text);
    }
  else
    {
      g_autofree char *base = g_path_get_basename (plan->path);
      g_autofree char *text = g_strdup_printf (_("The plan %s is in the form"), base);

      set_status (self, text);
    }
}

static void
on_plan_opened (GtkWidget  *widget,
                const char *path,
                gpointer    data)
{
  FxStudyForm *self = FX_STUDY_FORM (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(FxPlan) plan = fx_plan_load (path, &error);

  if (plan == NULL)
    {
      set_status (self, error->message);
      fx_ui_toast (widget, error->message);
      return;
    }
  fill_form (self, plan);
  on_form_changed (self);
}

static void
on_open_clicked (FxStudyForm *self)
{
  fx_ui_choose_file (GTK_WIDGET (self), GTK_FILE_CHOOSER_ACTION_OPEN, _("Open a Study Plan"), _("_Open"), NULL,
                     _("Study plans"), "application/json", "*.json", on_plan_opened, NULL);
}

/* "plan.json" -> "plan.schema.json": where a plan's schema goes when it has no file */
static char *
schema_path_beside (const char *plan_path)
{
  g_autofree char *stem = g_str_has_suffix (plan_path, ".json")
                          ? g_strndup (plan_path, strlen (plan_path) - strlen (".json")) : g_strdup (plan_path);

  return g_strconcat (stem, ".schema.json", NULL);
}

/* Writes the plan at @path; when the schema is not saved in a file as it stands, it goes
 * beside the plan, both files written together or neither. */
static gboolean
write_plan (FxStudyForm  *self,
            FxPlan       *plan,
            const char   *path,
            char        **schema_written,
            GError      **error)
{
  g_autoptr(FxSchema) schema = NULL;
  g_autofree char *schema_json = NULL;
  g_autofree char *json = NULL;
  gboolean saved = self->document != NULL && fx_schema_document_get_file_path (self->document) != NULL &&
                   !fx_schema_document_get_dirty (self->document);
  gboolean ok;

  *schema_written = NULL;
  if (!saved)
    {
      if (self->document == NULL || (schema = fx_schema_document_dup_schema (self->document, error)) == NULL)
        return FALSE;
      g_free (plan->schema_path);
      plan->schema_path = schema_path_beside (path);
      schema_json = fx_schema_to_json (schema);
    }
  json = fx_plan_to_json (plan, path);
  fx_atomic_file_group_begin ();
  ok = (schema_json == NULL || fx_write_file_atomic (plan->schema_path, schema_json, strlen (schema_json), error)) &&
       fx_write_file_atomic (path, json, strlen (json), error);
  if (!fx_atomic_file_group_end (ok, ok ? error : NULL) || !ok)
    return FALSE;
  if (schema_json != NULL)
    *schema_written = g_path_get_basename (plan->schema_path);
  return TRUE;
}

static void
on_plan_chosen (GtkWidget  *widget,
                const char *path,
                gpointer    data)
{
  FxStudyForm *self = FX_STUDY_FORM (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  g_autoptr(FxPlan) plan = fx_study_form_build_plan (self, &why);
  g_autofree char *schema = NULL;
  g_autofree char *text = NULL;
  g_autofree char *base = g_path_get_basename (path);

  if (plan == NULL)
    {
      set_status (self, why);
      return;
    }
  if (!write_plan (self, plan, path, &schema, &error))
    text = g_strdup_printf (_("The plan was not saved: %s"), error->message);
  else if (schema != NULL)
    text = g_strdup_printf (_("The plan is saved in %s, and the schema it studies in %s; facsimile-cli study "
                              "--plan runs it"), base, schema);
  else
    text = g_strdup_printf (_("The plan is saved in %s; facsimile-cli study --plan runs it"), base);
  set_status (self, text);
  fx_ui_toast (widget, text);
}

static void
on_save_clicked (FxStudyForm *self)
{
  g_autofree char *why = NULL;
  g_autoptr(FxPlan) plan = fx_study_form_build_plan (self, &why);

  if (plan == NULL)
    {
      set_status (self, why);
      return;
    }
  /* a plan names the real table it studies */
  if (plan->reference_path == NULL)
    {
      set_status (self, _("The study needs a schema and its real table: open the example, or infer a schema from a CSV"));
      return;
    }
  fx_ui_choose_file (GTK_WIDGET (self), GTK_FILE_CHOOSER_ACTION_SAVE, _("Save the Study Plan"), _("_Save"),
                     "plan.json", _("Study plans"), "application/json", "*.json", on_plan_chosen, NULL);
}

static GtkSpinButton *
spin_row (AdwPreferencesGroup *group,
          const char          *title,
          const char          *subtitle,
          double               lower,
          double               upper,
          double               step,
          guint                digits)
{
  GtkWidget *row = adw_action_row_new ();
  GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (lower, upper, step));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_digits (spin, digits);
  gtk_spin_button_set_numeric (spin, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (spin), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (spin));
  adw_preferences_group_add (group, row);
  return spin;
}

static GtkEditable *
entry_row (AdwPreferencesGroup *group,
           const char          *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (group, row);
  return GTK_EDITABLE (row);
}

/* ---- the object ---------------------------------------------------------------------- */

static void
fx_study_form_dispose (GObject *object)
{
  FxStudyForm *self = FX_STUDY_FORM (object);

  g_clear_weak_pointer (&self->document);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->generators, g_ptr_array_unref);
  g_clear_pointer (&self->loaded_seeds, g_array_unref);

  G_OBJECT_CLASS (fx_study_form_parent_class)->dispose (object);
}

static void
fx_study_form_class_init (FxStudyFormClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fx_study_form_dispose;

  /* the form, as a plan, is not what it was */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
  /* what became of a plan file, or why the form is not a plan */
  signals[STATUS] = g_signal_new ("status", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
on_repeats_changed (FxStudyForm *self)
{
  if (self->loaded_seeds != NULL && self->loaded_seeds->len != (guint) gtk_spin_button_get_value_as_int (self->repeats_spin))
    g_clear_pointer (&self->loaded_seeds, g_array_unref);
  on_form_changed (self);
}

static void
fx_study_form_init (FxStudyForm *self)
{
  const char * const orders[] = { N_("Schema order"), N_("Strongest first") };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *row, *buttons, *open, *save;
  AdwPreferencesGroup *strategies, *grid;
  g_autofree char *features = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *order = NULL;
  g_auto(GStrv) kinds = NULL;

  self->settings = g_settings_new ("io.github.facsimile.Facsimile");
  self->generators = g_ptr_array_new_with_free_func ((GDestroyNotify) generator_free);

  /* the generators */
  self->generators_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->generators_group, _("Generators"));
  adw_preferences_group_set_description (self->generators_group,
                                         _("The baselines, and each provider given a model in the Providers pane"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->generators_group));

  /* the strategies */
  strategies = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (strategies, _("Strategies"));
  adw_preferences_group_set_description (strategies, _("How the providers are asked; baselines have none"));
  kinds = g_settings_get_strv (self->settings, "study-strategies");
  for (guint i = 0; i < G_N_ELEMENTS (strategy_kinds); i++)
    {
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(strategy_titles[i]));
      self->strategy_checks[i] = GTK_CHECK_BUTTON (gtk_check_button_new ());
      gtk_check_button_set_active (self->strategy_checks[i],
                                   g_strv_contains ((const char * const *) kinds,
                                                    fx_strategy_kind_to_string (strategy_kinds[i])));
      gtk_widget_set_valign (GTK_WIDGET (self->strategy_checks[i]), GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), GTK_WIDGET (self->strategy_checks[i]));
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->strategy_checks[i]));
      adw_preferences_group_add (strategies, row);
    }
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (strategies));

  /* the grid */
  grid = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (grid, _("Grid"));
  self->features_entry = entry_row (grid, _("Numbers of features"));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Features kept first"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("In the schema's order, or strongest association with the "
                                                       "target first"));
  self->order_dropdown = fx_ui_drop_down_new (orders, G_N_ELEMENTS (orders), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->order_dropdown), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->order_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Features kept first"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->order_dropdown));
  adw_preferences_group_add (grid, row);
  self->rows_entry = entry_row (grid, _("Numbers of rows"));
  self->repeats_spin = spin_row (grid, _("Repeats"), _("Each with its own seed"), 1, 100, 1, 0);
  self->batch_spin = spin_row (grid, _("Rows per request"), NULL, 1, 1000, 1, 0);
  self->concurrency_spin = spin_row (grid, _("Requests in flight"), _("Shared by the whole study"), 1, 64, 1, 0);
  self->budget_spin = spin_row (grid, _("Budget"), _("Stop when the spend reaches it, in the price table's "
                                                     "currency; 0 for none"), 0, 1000000, 1, 2);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (grid));

  /* plan files, on a line of their own so that a narrow window has room */
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  open = fx_ui_button_new (_("_Open Plan…"), _("Open a study plan"));
  save = fx_ui_button_new (_("Sa_ve Plan…"), _("Save the study plan"));
  gtk_box_append (GTK_BOX (buttons), open);
  gtk_box_append (GTK_BOX (buttons), save);
  gtk_box_append (GTK_BOX (box), buttons);
  g_signal_connect_swapped (open, "clicked", G_CALLBACK (on_open_clicked), self);
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (on_save_clicked), self);
  adw_bin_set_child (ADW_BIN (self), box);

  /* the choices of the last study */
  fill_generators (self);
  features = g_settings_get_string (self->settings, "study-counts");
  gtk_editable_set_text (self->features_entry, features);
  rows = g_settings_get_string (self->settings, "study-row-counts");
  gtk_editable_set_text (self->rows_entry, rows);
  order = g_settings_get_string (self->settings, "study-order");
  gtk_drop_down_set_selected (self->order_dropdown, g_str_equal (order, order_names[1]) ? 1 : 0);
  gtk_spin_button_set_value (self->repeats_spin, g_settings_get_int (self->settings, "study-repeats"));
  gtk_spin_button_set_value (self->batch_spin, g_settings_get_int (self->settings, "study-batch-rows"));
  gtk_spin_button_set_value (self->concurrency_spin, g_settings_get_int (self->settings, "study-concurrency"));
  gtk_spin_button_set_value (self->budget_spin, g_settings_get_double (self->settings, "study-budget"));

  for (guint i = 0; i < G_N_ELEMENTS (strategy_kinds); i++)
    g_signal_connect_swapped (self->strategy_checks[i], "toggled", G_CALLBACK (on_form_changed), self);
  g_signal_connect_swapped (self->features_entry, "changed", G_CALLBACK (on_form_changed), self);
  g_signal_connect_swapped (self->rows_entry, "changed", G_CALLBACK (on_form_changed), self);
  g_signal_connect_swapped (self->order_dropdown, "notify::selected", G_CALLBACK (on_form_changed), self);
  g_signal_connect_swapped (self->repeats_spin, "value-changed", G_CALLBACK (on_repeats_changed), self);
  g_signal_connect_swapped (self->batch_spin, "value-changed", G_CALLBACK (on_form_changed), self);
  fx_ui_unlabel_spin_buttons (box);
}

GtkWidget *
fx_study_form_new (void)
{
  return g_object_new (FX_TYPE_STUDY_FORM, NULL);
}

void
fx_study_form_set_document (FxStudyForm      *self,
                            FxSchemaDocument *document)
{
  g_return_if_fail (FX_IS_STUDY_FORM (self));

  g_set_weak_pointer (&self->document, document);
}
