/* fx-dimensionality-view.c: fidelity against the number of features generated
 *
 * The form and the chart of a dimensionality study (see fx-study.h, which does the
 * work): for each chosen number of features the study cuts the schema down, generates
 * that many rows (each generation an ordinary run in the store, resumable from the Runs
 * pane), compares each with the real table, and this view plots the distances against
 * the number of features.  The generator, model, prompt strategy, batch size and
 * concurrency are the user's to choose, but no real row leaves the machine: a strategy
 * that puts real rows in its prompts is taken only for a server on this machine (the
 * Runs pane, which asks first, sends them elsewhere).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "fx-dimensionality-view.h"
#include "fx-figures.h"
#include "fx-fold.h"
#include "fx-job.h"
#include "fx-plot-view.h"
#include "fx-prices.h"
#include "fx-ui-util.h"

/* the generator choices, in the order of the drop-down's list */
static const char * const generator_names[] = {
  "copula", "independent", "openai", "anthropic", "gemini", "openai-compatible",
};

/* the strategy choices, in the order of the drop-down's list */
static const FxStrategyKind strategy_kinds[] = {
  FX_STRATEGY_STATISTICS, FX_STRATEGY_SCHEMA, FX_STRATEGY_CONDITIONAL, FX_STRATEGY_GROUP, FX_STRATEGY_NAIVE,
  FX_STRATEGY_ANCHORED,
};

/* the order choices, as the settings name them */
static const char * const order_names[] = { "schema", "target-association" };

struct _FxDimensionalityView
{
  AdwBin         parent_instance;

  FxSchemaDocument *document;
  GSettings     *settings;
  FxStudy       *study;
  GCancellable  *cancellable;
  gboolean       busy;

  GtkEntry      *counts_entry;
  GtkDropDown   *order_dropdown;
  GtkSpinButton *rows_spin;
  GtkDropDown   *generator_dropdown;
  GtkEntry      *model_entry;
  GtkWidget     *model_box;
  GtkDropDown   *strategy_dropdown;
  GtkWidget     *strategy_box;
  GtkSpinButton *batch_spin;
  GtkSpinButton *concurrency_spin;
  GtkWidget     *concurrency_box;
  GtkLabel      *privacy_label;
  GtkLabel      *cost_label;
  GtkProgressBar *progress_bar;
  GtkButton     *run_button;
  GtkButton     *cancel_button;
  GtkLabel      *status_label;
  FxPlotView    *plot_view;
};

G_DEFINE_FINAL_TYPE (FxDimensionalityView, fx_dimensionality_view, ADW_TYPE_BIN)

/* ---- the form ---------------------------------------------------------------------- */

static const char *
selected_generator (FxDimensionalityView *self)
{
  return generator_names[MIN (gtk_drop_down_get_selected (self->generator_dropdown),
                              G_N_ELEMENTS (generator_names) - 1)];
}

static FxStrategyKind
selected_strategy (FxDimensionalityView *self)
{
  return strategy_kinds[MIN (gtk_drop_down_get_selected (self->strategy_dropdown),
                             G_N_ELEMENTS (strategy_kinds) - 1)];
}

/* (nullable) the base URL the settings give @provider; NULL for its own */
static char *
dup_base_url (FxDimensionalityView  *self,
              const FxProviderClass *provider)
{
  g_autofree char *key = g_strdup_printf ("%s-base-url", provider->name);
  g_autofree char *url = g_settings_get_string (self->settings, key);

  return url[0] != '\0' ? g_steal_pointer (&url) : NULL;
}

static GArray *parse_counts (const char *text,
                             guint       n_max);

/* What the chosen generator needs, what it would send where, and whether the study
 * can start. */
static void
update_form (FxDimensionalityView *self)
{
  const FxProviderClass *provider = fx_provider_lookup (selected_generator (self));
  g_autofree char *url = provider != NULL ? dup_base_url (self, provider) : NULL;
  g_autofree char *text = NULL;
  FxStrategyKind strategy = selected_strategy (self);
  gboolean allowed = !fx_provider_sends_real_rows_away (provider, fx_strategy_kind_sends_real_rows (strategy), url);

  gtk_widget_set_visible (self->model_box, provider != NULL);
  gtk_widget_set_visible (self->strategy_box, provider != NULL);
  gtk_widget_set_visible (self->concurrency_box, provider != NULL);

  if (provider == NULL)
    text = g_strdup (_("Offline: the baseline is fitted and sampled on this machine; nothing leaves it."));
  else if (!allowed)
    text = g_strdup_printf (_("This strategy puts real rows of the reference data in its prompts. The study sends "
                              "those only to a server on this machine: choose the statistics strategy for %s, "
                              "or start such a run in the Runs pane, which asks first."),
                            provider->display_name);
  else if (fx_provider_stays_local (provider, url))
    text = g_strdup_printf (_("The server at %s is on this machine: prompts stay here."), url);
  else
    text = g_strdup_printf (_("Prompts sent to %s hold the schema and summary statistics of the real data; "
                              "no real row leaves this machine."),
                            provider->display_name);
  gtk_label_set_text (self->privacy_label, text);
  /* a warning in full colour: dimmed, its yellow is hard to read on a light background */
  gtk_widget_set_css_classes (GTK_WIDGET (self->privacy_label),
                              (const char *[]) { allowed ? "dim-label" : "warning", NULL });

  /* what it costs, before it is started */
  if (provider == NULL)
    gtk_label_set_text (self->cost_label, _("A baseline costs nothing."));
  else
    {
      g_autofree char *model = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->model_entry)));
      g_autoptr(FxPrice) price = fx_price_lookup (provider->name, g_strstrip (model));
      g_autofree char *about = price != NULL ? fx_price_describe (price) : NULL;
      g_autofree char *cost = NULL;
      guint rows = gtk_spin_button_get_value_as_int (self->rows_spin);
      guint batch = MAX (gtk_spin_button_get_value_as_int (self->batch_spin), 1);
      g_autoptr(GArray) counts = parse_counts (gtk_editable_get_text (GTK_EDITABLE (self->counts_entry)), G_MAXUINT);
      guint n = counts != NULL ? counts->len : 0;

      if (price == NULL)
        cost = g_strdup_printf (_("No price is known for this model: add one in the Providers pane to see what "
                                  "%u requests will cost (facsimile-cli study --dry-run estimates tokens)."),
                                n * ((rows + batch - 1) / batch));
      else
        cost = g_strdup_printf (_("%u generations of %u requests each, at %s; facsimile-cli study --dry-run "
                                  "estimates the tokens and the cost."), n, (rows + batch - 1) / batch, about);
      gtk_label_set_text (self->cost_label, cost);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->run_button), !self->busy && allowed);
}

static void
on_generator_changed (FxDimensionalityView *self)
{
  const FxProviderClass *provider = fx_provider_lookup (selected_generator (self));

  if (provider != NULL)
    {
      g_autofree char *key = g_strdup_printf ("%s-model", provider->name);
      g_autofree char *model = g_settings_get_string (self->settings, key);

      gtk_editable_set_text (GTK_EDITABLE (self->model_entry), model);
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->model_entry), "error");
  g_settings_set_string (self->settings, "study-generator", selected_generator (self));
  update_form (self);
}

static void
on_strategy_changed (FxDimensionalityView *self)
{
  g_settings_set_string (self->settings, "study-strategy", fx_strategy_kind_to_string (selected_strategy (self)));
  update_form (self);
}

static void
set_busy (FxDimensionalityView *self,
          gboolean              busy,
          const char           *status)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), busy);
  if (status != NULL)
    gtk_label_set_text (self->status_label, status);
  update_form (self);
}

static void
fail (FxDimensionalityView *self,
      const char           *message)
{
  g_autofree char *text = g_strdup_printf (_("The study stopped: %s"), message);

  set_busy (self, FALSE, text);
  fx_ui_toast (GTK_WIDGET (self), text);
}

/* "5, 10, 15, all" -> ascending distinct counts, "all" = every feature but the target */
static GArray *
parse_counts (const char *text,
              guint       n_max)
{
  g_auto(GStrv) parts = g_strsplit_set (text, ", ;", -1);
  GArray *counts = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *end = NULL;
      guint64 k;

      if (parts[i][0] == '\0')
        continue;
      if (g_ascii_strcasecmp (parts[i], "all") == 0 || g_ascii_strcasecmp (parts[i], _("all")) == 0)
        k = n_max;
      else
        {
          k = g_ascii_strtoull (parts[i], &end, 10);
          if (end == parts[i] || *end != '\0' || k == 0)
            {
              g_array_unref (counts);
              return NULL;
            }
        }
      k = MIN (k, n_max);
      g_array_append_val (counts, k);
    }
  return counts;
}

/* ---- the study ----------------------------------------------------------------------- */

/* What the study is doing, while the view waits for it. */
static void
on_study_status (FxDimensionalityView *self)
{
  const char *status = fx_study_get_status (self->study);

  if (self->busy && status != NULL && gtk_widget_get_visible (GTK_WIDGET (self->cancel_button)))
    gtk_label_set_text (self->status_label, status);
  gtk_progress_bar_set_fraction (self->progress_bar, fx_study_get_fraction (self->study));
  {
    GArray *steps = fx_study_get_steps (self->study);
    guint done = 0;
    g_autofree char *text = NULL;

    for (guint i = 0; steps != NULL && i < steps->len; i++)
      done += g_array_index (steps, FxStudyStep, i).origin != FX_STUDY_RUN_NONE;
    if (steps != NULL && steps->len > 0)
      {
        /* the step in hand has a run but is not done */
        if (fx_study_get_state (self->study) == FX_STUDY_GENERATING && done > 0)
          done--;
        text = g_strdup_printf (_("%u generations done, %u to do"), done, steps->len - done);
        gtk_progress_bar_set_text (self->progress_bar, text);
      }
  }
}

static void
on_study_done (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(FxDimensionalityView) self = data;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree double *x = NULL;
  g_autofree double *ks = NULL;
  g_autofree double *share = NULL;
  g_autofree double *pearson = NULL;
  g_autofree char *status = NULL;
  GArray *steps;
  guint n;

  if (!fx_study_run_finish (FX_STUDY (source), result, &error))
    {
      /* stopped: the run is marked cancelled, and the study may start again now that
       * nothing writes to it any more */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (cancellable == self->cancellable)
            set_busy (self, FALSE, _("Stopped; run the study again to carry on where it stopped"));
        }
      else if (self->study != NULL)
        fail (self, error->message);
      return;
    }
  if (self->study == NULL)
    return;  /* the view went away */

  steps = fx_study_get_steps (self->study);
  n = steps->len;
  x = g_new (double, n);
  ks = g_new (double, n);
  share = g_new (double, n);
  pearson = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      const FxStudyStep *step = &g_array_index (steps, FxStudyStep, i);

      x[i] = step->n_features;
      ks[i] = step->mean_ks;
      share[i] = step->share_differing;
      pearson[i] = step->pearson;
    }
  fx_plot_view_set_plot (self->plot_view, fx_figure_fidelity (x, ks, pearson, share, n));

  status = g_strdup_printf (ngettext ("Done: %u generation, each a run in the Runs pane; asked again, the study reuses them",
                                      "Done: %u generations, each a run in the Runs pane; asked again, the study reuses them",
                                      n), n);
  set_busy (self, FALSE, status);
}

static void
on_run_clicked (FxDimensionalityView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(GArray) counts = NULL;
  const char *reference = self->document != NULL ? fx_schema_document_get_reference_path (self->document) : NULL;
  const char *generator = selected_generator (self);
  const FxProviderClass *provider = fx_provider_lookup (generator);
  g_autofree char *model = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->model_entry))));
  g_autofree char *base_url = provider != NULL ? dup_base_url (self, provider) : NULL;
  FxStrategyKind strategy = selected_strategy (self);
  guint order = MIN (gtk_drop_down_get_selected (self->order_dropdown), G_N_ELEMENTS (order_names) - 1);
  FxStudySpec spec = { 0 };

  /* an engine still winding down from a stop writes to its run until it ends */
  if (self->busy || fx_study_get_generating (self->study))
    return;
  if (fx_provider_sends_real_rows_away (provider, fx_strategy_kind_sends_real_rows (strategy), base_url))
    {
      gtk_label_set_text (self->status_label,
                          _("Choose the statistics strategy: the study sends real rows only to a server on this machine"));
      return;
    }
  if (provider != NULL && model[0] == '\0')
    {
      g_autofree char *text = g_strdup_printf (_("Give the model %s should use"), provider->display_name);

      gtk_label_set_text (self->status_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->model_entry), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->model_entry), "error");

  schema = self->document != NULL ? fx_schema_document_dup_schema (self->document, &error) : NULL;
  if (schema == NULL || reference == NULL)
    {
      gtk_label_set_text (self->status_label,
                          error != NULL ? error->message
                                        : _("The study needs a schema and its real table: open the example, or infer a schema from a CSV"));
      return;
    }
  counts = parse_counts (gtk_editable_get_text (GTK_EDITABLE (self->counts_entry)),
                         schema->features->len - (schema->target != NULL ? 1 : 0));
  if (counts == NULL || counts->len == 0)
    {
      gtk_label_set_text (self->status_label, _("Give the numbers of features as whole numbers, such as “5, 10, 20, all”"));
      gtk_widget_add_css_class (GTK_WIDGET (self->counts_entry), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->counts_entry), "error");

  spec.generator = generator;
  spec.model = provider != NULL ? model : NULL;
  spec.base_url = base_url;
  spec.strategy = strategy;
  spec.n_rows = gtk_spin_button_get_value_as_int (self->rows_spin);
  spec.batch_rows = gtk_spin_button_get_value_as_int (self->batch_spin);
  spec.concurrency = gtk_spin_button_get_value_as_int (self->concurrency_spin);
  spec.order = order == 1 ? FX_RANK_TARGET_ASSOCIATION : FX_RANK_SCHEMA_ORDER;
  spec.counts = (const guint *) (gpointer) counts->data;
  spec.n_counts = counts->len;

  g_settings_set_string (self->settings, "study-counts", gtk_editable_get_text (GTK_EDITABLE (self->counts_entry)));
  g_settings_set_string (self->settings, "study-order", order_names[order]);
  if (provider != NULL)
    g_settings_set_string (self->settings, "study-model", model);
  g_settings_set_int (self->settings, "study-rows", spec.n_rows);
  g_settings_set_int (self->settings, "study-batch-rows", spec.batch_rows);
  g_settings_set_int (self->settings, "study-concurrency", spec.concurrency);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE, _("Reading the real data and choosing the features…"));
  fx_study_run_async (self->study, &spec, schema, reference, self->cancellable, on_study_done, g_object_ref (self));
}

static void
on_cancel_clicked (FxDimensionalityView *self)
{
  g_cancellable_cancel (self->cancellable);
  if (fx_study_get_generating (self->study))
    {
      /* the engine marks its run cancelled as it ends; on_study_done () says so then */
      gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
      gtk_label_set_text (self->status_label, _("Stopping…"));
    }
  else
    set_busy (self, FALSE, _("Stopped; run the study again to carry on where it stopped"));
}

/* ---- the object ------------------------------------------------------------------- */

/* @row side by side when it has its natural width, else stacked: a narrow window
 * has no room for a row of five fields. */
static GtkWidget *
folded (GtkWidget *row)
{
  GtkWidget *fold = fx_fold_new ();

  fx_fold_set_threshold (FX_FOLD (fold), 0);
  fx_fold_set_child (FX_FOLD (fold), row);
  return fold;
}

static GtkWidget *
labelled (const char *title,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return box;
}

static GtkDropDown *
drop_down_new (const char * const *items)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; items[i] != NULL; i++)
    gtk_string_list_append (list, _(items[i]));
  return GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL));
}

static GtkSpinButton *
spin_button_new (double lower,
                 double upper,
                 double step,
                 int    value)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (lower, upper, step));

  gtk_spin_button_set_numeric (spin, TRUE);
  gtk_spin_button_set_value (spin, value);
  return spin;
}

static void
fx_dimensionality_view_dispose (GObject *object)
{
  FxDimensionalityView *self = FX_DIMENSIONALITY_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->study != NULL)
    g_signal_handlers_disconnect_by_data (self->study, self);
  /* a running study holds itself until its run ends */
  g_clear_object (&self->study);
  g_clear_weak_pointer (&self->document);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (fx_dimensionality_view_parent_class)->dispose (object);
}

static void
fx_dimensionality_view_class_init (FxDimensionalityViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fx_dimensionality_view_dispose;
}

static void
fx_dimensionality_view_init (FxDimensionalityView *self)
{
  const char *orders[] = { N_("The schema's order"), N_("Strongest association with the target first"), NULL };
  const char *generators[] = { N_("Gaussian copula"), N_("Independent marginals"), N_("OpenAI"), N_("Anthropic"),
                               N_("Google Gemini"), N_("OpenAI-compatible server"), NULL };
  const char *strategies[] = { N_("Statistics"), N_("Schema only"), N_("Conditional"), N_("Groups"),
                               N_("Naive (example rows)"), N_("Anchored (group columns and target drawn from the reference)"),
                               NULL };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *study_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *generator_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *run_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *intro;
  g_autofree char *counts = NULL;
  g_autofree char *order = NULL;
  g_autofree char *generator = NULL;
  g_autofree char *model = NULL;
  g_autofree char *strategy = NULL;

  self->settings = g_settings_new ("io.github.facsimile.Facsimile");
  self->cancellable = g_cancellable_new ();
  self->study = fx_study_new (NULL);
  g_signal_connect_swapped (self->study, "notify::status", G_CALLBACK (on_study_status), self);

  intro = gtk_label_new (_("Generate the table again with fewer features, compare each with the real data, "
                           "and see how fidelity changes as features are added. Each generation is a run "
                           "in the Runs pane."));
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_box_append (GTK_BOX (box), intro);

  /* what is studied */
  self->counts_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_width_chars (GTK_EDITABLE (self->counts_entry), 18);
  self->order_dropdown = drop_down_new (orders);
  self->rows_spin = spin_button_new (10, 1000000, 100, 1000);
  gtk_box_append (GTK_BOX (study_row), labelled (_("Numbers of features"), GTK_WIDGET (self->counts_entry)));
  gtk_box_append (GTK_BOX (study_row), labelled (_("Features kept first"), GTK_WIDGET (self->order_dropdown)));
  gtk_box_append (GTK_BOX (study_row), labelled (_("Rows each"), GTK_WIDGET (self->rows_spin)));
  gtk_box_append (GTK_BOX (box), folded (study_row));

  /* how each generation is made */
  self->generator_dropdown = drop_down_new (generators);
  self->model_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_width_chars (GTK_EDITABLE (self->model_entry), 18);
  self->strategy_dropdown = drop_down_new (strategies);
  self->batch_spin = spin_button_new (1, 1000, 1, 20);
  self->concurrency_spin = spin_button_new (1, 64, 1, 4);
  self->model_box = labelled (_("Model"), GTK_WIDGET (self->model_entry));
  self->strategy_box = labelled (_("Prompt strategy"), GTK_WIDGET (self->strategy_dropdown));
  self->concurrency_box = labelled (_("Concurrency"), GTK_WIDGET (self->concurrency_spin));
  gtk_box_append (GTK_BOX (generator_row), labelled (_("Generator"), GTK_WIDGET (self->generator_dropdown)));
  gtk_box_append (GTK_BOX (generator_row), self->model_box);
  gtk_box_append (GTK_BOX (generator_row), self->strategy_box);
  gtk_box_append (GTK_BOX (generator_row), labelled (_("Rows per request"), GTK_WIDGET (self->batch_spin)));
  gtk_box_append (GTK_BOX (generator_row), self->concurrency_box);
  gtk_box_append (GTK_BOX (box), folded (generator_row));

  self->privacy_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->privacy_label, 0);
  gtk_label_set_wrap (self->privacy_label, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->privacy_label));
  self->cost_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->cost_label, 0);
  gtk_label_set_wrap (self->cost_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->cost_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->cost_label));

  self->run_button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_child (self->run_button, gtk_label_new_with_mnemonic (_("Run the _Study")));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->run_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Run the Study"), -1);
  gtk_widget_add_css_class (GTK_WIDGET (self->run_button), "suggested-action");
  gtk_widget_set_valign (GTK_WIDGET (self->run_button), GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->run_button, "clicked", G_CALLBACK (on_run_clicked), self);
  self->cancel_button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_child (self->cancel_button, gtk_label_new_with_mnemonic (_("_Stop")));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cancel_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Stop the Study"), -1);
  gtk_widget_set_valign (GTK_WIDGET (self->cancel_button), GTK_ALIGN_CENTER);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (on_cancel_clicked), self);

  self->status_label = GTK_LABEL (gtk_label_new (_("Not run yet")));
  gtk_label_set_xalign (self->status_label, 0);
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->status_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_box_append (GTK_BOX (run_row), GTK_WIDGET (self->run_button));
  gtk_box_append (GTK_BOX (run_row), GTK_WIDGET (self->cancel_button));
  gtk_box_append (GTK_BOX (run_row), GTK_WIDGET (self->status_label));
  gtk_box_append (GTK_BOX (box), folded (run_row));
  self->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (self->progress_bar, TRUE);
  gtk_progress_bar_set_text (self->progress_bar, _("Not run yet"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->progress_bar));

  self->plot_view = FX_PLOT_VIEW (fx_plot_view_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->plot_view), -1, 420);
  gtk_widget_set_vexpand (GTK_WIDGET (self->plot_view), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->plot_view), "card");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->plot_view));

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  adw_bin_set_child (ADW_BIN (self), box);

  /* the choices of the last study */
  counts = g_settings_get_string (self->settings, "study-counts");
  gtk_editable_set_text (GTK_EDITABLE (self->counts_entry), counts);
  order = g_settings_get_string (self->settings, "study-order");
  for (guint i = 0; i < G_N_ELEMENTS (order_names); i++)
    if (g_str_equal (order, order_names[i]))
      gtk_drop_down_set_selected (self->order_dropdown, i);
  gtk_spin_button_set_value (self->rows_spin, g_settings_get_int (self->settings, "study-rows"));
  gtk_spin_button_set_value (self->batch_spin, g_settings_get_int (self->settings, "study-batch-rows"));
  gtk_spin_button_set_value (self->concurrency_spin, g_settings_get_int (self->settings, "study-concurrency"));
  generator = g_settings_get_string (self->settings, "study-generator");
  for (guint i = 0; i < G_N_ELEMENTS (generator_names); i++)
    if (g_str_equal (generator, generator_names[i]))
      gtk_drop_down_set_selected (self->generator_dropdown, i);
  strategy = g_settings_get_string (self->settings, "study-strategy");
  for (guint i = 0; i < G_N_ELEMENTS (strategy_kinds); i++)
    if (g_str_equal (strategy, fx_strategy_kind_to_string (strategy_kinds[i])))
      gtk_drop_down_set_selected (self->strategy_dropdown, i);
  /* the study's own model, or else the provider's default */
  model = g_settings_get_string (self->settings, "study-model");
  if (model[0] == '\0' && fx_provider_lookup (generator) != NULL)
    {
      g_autofree char *key = g_strdup_printf ("%s-model", generator);

      g_free (model);
      model = g_settings_get_string (self->settings, key);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->model_entry), model);

  g_signal_connect_swapped (self->generator_dropdown, "notify::selected", G_CALLBACK (on_generator_changed), self);
  g_signal_connect_swapped (self->strategy_dropdown, "notify::selected", G_CALLBACK (on_strategy_changed), self);
  g_signal_connect_swapped (self->model_entry, "changed", G_CALLBACK (update_form), self);
  g_signal_connect_swapped (self->rows_spin, "value-changed", G_CALLBACK (update_form), self);
  g_signal_connect_swapped (self->batch_spin, "value-changed", G_CALLBACK (update_form), self);
  g_signal_connect_swapped (self->counts_entry, "changed", G_CALLBACK (update_form), self);
  /* a server's address decides where prompts go */
  g_signal_connect_swapped (self->settings, "changed", G_CALLBACK (update_form), self);
  update_form (self);
}

void
fx_dimensionality_view_set_document (FxDimensionalityView *self,
                                        FxSchemaDocument     *document)
{
  g_return_if_fail (FX_IS_DIMENSIONALITY_VIEW (self));

  g_set_weak_pointer (&self->document, document);
}

FxStudy *
fx_dimensionality_view_get_study (FxDimensionalityView *self)
{
  g_return_val_if_fail (FX_IS_DIMENSIONALITY_VIEW (self), NULL);

  return self->study;
}
