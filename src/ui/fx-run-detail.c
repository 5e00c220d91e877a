/* fx-run-detail.c: one run: its progress, provenance, requests and rejected rows
 *
 * A run going on shows the engine's progress as it comes, at most ten times a
 * second; a stored run what the store says of it, read in a thread with a connection
 * of its own.  From here a run is cancelled, resumed, exported or compared.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fx-csv.h"
#include "fx-job.h"
#include "fx-fold.h"
#include "fx-run-detail-rows.h"
#include "fx-run-cost.h"
#include "fx-run-detail.h"
#include "fx-run-format.h"
#include "fx-store-tables.h"
#include "fx-utility-run.h"
#include "fx-ui-util.h"
#include "fx-workspace.h"

/* requests and rejected rows listed in a run's details at most */
#define MAX_LISTED 200
/* rows added to those lists in one go */
#define FILL_ROWS 2

struct _FxRunDetail
{
  AdwBin               parent_instance;

  FxWorkspace         *workspace;
  FxStore             *store;          /* the workspace's, once open */
  GCancellable        *cancellable;
  gint64               shown_run;
  guint                detail_serial;
  gint64               last_shown;     /* when the progress was last shown */
  /* the lists are filled a few rows at a time */
  guint                fill_source;
  GPtrArray           *fill_requests;  /* (element-type FxRequestRecord) */
  guint                fill_next;
  gboolean             fill_baseline;
  GPtrArray           *fill_rejected;  /* (element-type FxRowRecord) */
  guint                fill_rejected_next;
  gboolean             preparing;

  GtkLabel            *run_title;
  GtkLabel            *run_subtitle;
  GtkProgressBar      *progress_bar;
  GtkButton           *cancel_button;
  GtkButton           *resume_button;
  GtkSpinButton       *resume_budget;   /* for carrying on a provider's run; 0: none */
  gint64               shown_prompt_tokens;     /* what the shown run spent so far */
  gint64               shown_completion_tokens;
  GtkLabel            *status_label;
  GtkLabel            *notes_label;
  GtkGrid             *stats_grid;
  AdwPreferencesGroup *provenance_group;
  AdwPreferencesGroup *requests_group;
  GtkListBox          *requests_list;
  AdwPreferencesGroup *rejected_group;
  GtkListBox          *rejected_list;
  GPtrArray           *provenance_rows;
  GtkLabel            *stat_values[6];
};

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FxRunDetail, fx_run_detail, ADW_TYPE_BIN)

static FxActiveRun *
lookup_active (FxRunDetail *self,
               gint64       run_id)
{
  return self->workspace != NULL ? fx_workspace_lookup_run (self->workspace, run_id) : NULL;
}

/* Removes the rows (not the placeholder, which is a child too). */
static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static void
update_stats (FxRunDetail         *self,
              const FxRunProgress *p,
              const FxRunRecord   *record)
{
  g_autofree char *accepted = fx_run_format_count (p->accepted);
  g_autofree char *target = fx_run_format_count (p->target);
  g_autofree char *rejected = fx_run_format_count (p->rejected);
  g_autofree char *requests = fx_run_format_count (p->requests);
  g_autofree char *failed = fx_run_format_count (p->failed);
  g_autofree char *tokens = fx_run_format_count (p->prompt_tokens + p->completion_tokens);
  g_autofree char *elapsed = p->elapsed >= 0 ? fx_run_format_duration (p->elapsed) : g_strdup ("—");
  g_autofree char *eta = p->eta >= 0 ? fx_run_format_duration (p->eta) : g_strdup ("—");
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
show_progress (FxRunDetail *self,
               FxActiveRun *run)
{
  const FxRunProgress *progress = fx_active_run_get_progress (run);
  g_autofree char *text = NULL;

  if (progress == NULL)
    return;
  update_stats (self, progress, NULL);
  if (fx_active_run_get_wait_text (run) != NULL && progress->in_flight == 0)
    text = g_strdup_printf (_("Retrying: %s"), fx_active_run_get_wait_text (run));
  else
    text = g_strdup_printf (ngettext ("Generating: %u request in flight", "Generating: %u requests in flight",
                                      progress->in_flight),
                            progress->in_flight);
  gtk_label_set_text (self->status_label, text);
}

/* What was adjusted for the model is known before the first request: said beside the
 * progress while the run goes on, not only in its provenance once it has ended. */
static void
show_notes (FxRunDetail *self,
            FxActiveRun *run)   /* nullable */
{
  GPtrArray *notes = run != NULL ? fx_active_run_get_notes (run) : NULL;
  g_autoptr(GString) text = NULL;

  if (notes == NULL || notes->len == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->notes_label), FALSE);
      return;
    }
  text = g_string_new (_("Adjusted for this model:"));
  for (guint i = 0; i < notes->len; i++)
    g_string_append_printf (text, "\n• %s", (const char *) g_ptr_array_index (notes, i));
  gtk_label_set_text (self->notes_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_label), TRUE);
}

static void
on_progress (FxRunDetail *self,
             FxActiveRun *run)
{
  const FxRunProgress *progress = fx_active_run_get_progress (run);
  gint64 now = g_get_monotonic_time ();

  if (self->shown_run == fx_active_run_get_id (run) &&
      (now - self->last_shown >= 100000 || progress->accepted >= progress->target))
    {
      self->last_shown = now;
      show_progress (self, run);
    }
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
  g_autoptr(FxTable) table = NULL;

  if (store == NULL ||
      (table = fx_store_load_run_table (store, export->run_id, NULL, NULL, &error)) == NULL ||
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
  FxRunDetail *self = FX_RUN_DETAIL (source);
  Export *export = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          message = g_strdup_printf (_("Could not export: %s"), error->message);
          fx_ui_toast (GTK_WIDGET (self), message);
        }
      return;
    }
  {
    g_autofree char *base = g_path_get_basename (export->output);
    g_autofree char *rows = fx_run_format_count (export->n_rows);

    message = g_strdup_printf (_("Exported %s rows to %s"), rows, base);
  }
  fx_ui_toast (GTK_WIDGET (self), message);
}

static void
on_export_chosen (GtkWidget  *widget,
                  const char *path,
                  gpointer    data)
{
  FxRunDetail *self = FX_RUN_DETAIL (widget);
  g_autoptr(GTask) task = NULL;
  Export *export;

  if (self->workspace == NULL)
    return;
  export = g_new0 (Export, 1);
  export->store_path = g_strdup (fx_workspace_get_store_path (self->workspace));
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
  FxRunDetail *self = FX_RUN_DETAIL (widget);
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

static void
add_provenance (FxRunDetail *self,
                const char *title,
                const char *value)
{
  GtkWidget *row = fx_run_property_row (title, value, FALSE);

  adw_preferences_group_add (self->provenance_group, row);
  g_ptr_array_add (self->provenance_rows, row);
}

/* The parameters a reader wants in words: the anchor columns, which capability entry
 * the requests were built from, and the settings the model did not take. */
static void
add_parameter_words (FxRunDetail *self,
                     const char  *json)
{
  g_autoptr(JsonNode) root = json != NULL ? json_from_string (json, NULL) : NULL;
  JsonObject *params;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  params = json_node_get_object (root);
  if (json_object_has_member (params, "anchors")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (params, "anchors")))
    {
      JsonArray *anchors = json_object_get_array_member (params, "anchors");
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (anchors); i++)
        g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", json_array_get_string_element (anchors, i));
      g_string_append (text, _(" — drawn from the reference data's rows; the model wrote the other columns"));
      add_provenance (self, _("Anchor columns"), text->str);
    }
  if (json_object_has_member (params, "capabilities")
      && JSON_NODE_HOLDS_VALUE (json_object_get_member (params, "capabilities")))
    {
      g_autofree char *text = g_strdup_printf (_("Requests built for the model family %s"),
                                               json_object_get_string_member (params, "capabilities"));

      add_provenance (self, _("Model capabilities"), text);
    }
  if (json_object_has_member (params, "notes")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (params, "notes")))
    {
      JsonArray *notes = json_object_get_array_member (params, "notes");
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (notes); i++)
        g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "", json_array_get_string_element (notes, i));
      add_provenance (self, _("Settings not sent"),
                      text->len > 0 ? text->str : _("None: every setting asked for was sent"));
    }
}

/* Hundreds of rows at once would hold the main loop: a few each frame, so that no frame
 * lays out more than a few new rows (an idle may run many times between two frames). */
static gboolean
fill_lists (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  FxRunDetail *self = data;
  guint budget = FILL_ROWS;

  for (; budget > 0 && self->fill_requests != NULL && self->fill_next < self->fill_requests->len; budget--)
    gtk_list_box_append (self->requests_list,
                         fx_run_request_row (self->fill_requests, self->fill_next++, self->fill_baseline));
  if (self->fill_requests != NULL && self->fill_next >= self->fill_requests->len)
    g_clear_pointer (&self->fill_requests, g_ptr_array_unref);

  for (; budget > 0 && self->fill_rejected != NULL && self->fill_rejected_next < MIN (self->fill_rejected->len, MAX_LISTED);
       budget--)
    {
      FxRowRecord *record = g_ptr_array_index (self->fill_rejected, self->fill_rejected_next++);

      gtk_list_box_append (self->rejected_list,
                           fx_run_property_row (record->reason != NULL ? record->reason : _("Rejected"),
                                                record->values_json, TRUE));
    }
  if (self->fill_rejected != NULL && self->fill_rejected_next >= MIN (self->fill_rejected->len, MAX_LISTED))
    g_clear_pointer (&self->fill_rejected, g_ptr_array_unref);

  if (self->fill_requests != NULL || self->fill_rejected != NULL)
    return G_SOURCE_CONTINUE;
  self->fill_source = 0;
  return G_SOURCE_REMOVE;
}

/* Forgets rows still to be added to the lists. */
static void
stop_filling (FxRunDetail *self)
{
  if (self->fill_source != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->fill_source);
  self->fill_source = 0;
  g_clear_pointer (&self->fill_requests, g_ptr_array_unref);
  g_clear_pointer (&self->fill_rejected, g_ptr_array_unref);
}

static void
fill_detail (FxRunDetail *self,
             Detail     *detail)
{
  FxRunRecord *r = detail->record;
  FxActiveRun *run = lookup_active (self, r->id);
  g_autofree char *title = g_strdup_printf (_("Run %lld"), (long long) r->id);
  g_autofree char *created = fx_run_format_time (r->created);
  g_autofree char *finished = r->finished != NULL ? fx_run_format_time (r->finished) : NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *disclosure = fx_run_describe_disclosure (r->real_data_sent);
  g_autofree char *times = NULL;
  g_autofree char *parameters = NULL;
  gboolean is_baseline = fx_provider_lookup (r->provider) == NULL;

  gtk_label_set_text (self->run_title, title);
  subtitle = g_strdup_printf ("%s · %s · %s", fx_run_generator_label (r->provider),
                              is_baseline ? _("offline baseline") : r->model, fx_run_status_label (r, run != NULL));
  gtk_label_set_text (self->run_subtitle, subtitle);

  if (run != NULL && fx_active_run_get_progress (run) != NULL)
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
        gtk_label_set_text (self->status_label, fx_run_status_label (r, FALSE));
    }

  show_notes (self, run);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.cancel", run != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.resume",
                                 run != NULL ? FALSE : r->status != FX_RUN_COMPLETED && !self->preparing);
  /* only what can be done with this run is offered */
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), run != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->resume_button), run == NULL && r->status != FX_RUN_COMPLETED);
  /* a provider's run is carried on within a budget, its spend so far counted */
  gtk_widget_set_visible (GTK_WIDGET (self->resume_budget),
                          run == NULL && r->status != FX_RUN_COMPLETED && !is_baseline);
  self->shown_prompt_tokens = r->prompt_tokens;
  self->shown_completion_tokens = r->completion_tokens;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.export", r->rows_accepted > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.compare", r->rows_accepted > 0 && run == NULL);

  /* a baseline makes no requests and spends no tokens: it is not said to */
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->stat_values[2])), !is_baseline);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->stat_values[3])), !is_baseline);
  gtk_widget_set_visible (GTK_WIDGET (self->requests_group), !is_baseline);

  for (guint i = 0; i < self->provenance_rows->len; i++)
    adw_preferences_group_remove (self->provenance_group, g_ptr_array_index (self->provenance_rows, i));
  g_ptr_array_set_size (self->provenance_rows, 0);
  add_provenance (self, _("Generator"), fx_run_generator_label (r->provider));
  if (!is_baseline)
    {
      add_provenance (self, _("Model"), r->model);
      add_provenance (self, _("Address"), r->base_url != NULL ? r->base_url
                                                               : fx_provider_lookup (r->provider)->default_base_url);
      add_provenance (self, _("Strategy"), r->strategy);
      add_provenance (self, _("Prompt template SHA-256"), r->prompt_template_hash);
    }
  if (is_baseline)
    add_provenance (self, _("How it was made"),
                    _("Fitted on the reference table and sampled here, on this computer: no requests to a "
                      "language model, no tokens"));
  parameters = fx_run_format_parameters (r->parameters, is_baseline);
  add_provenance (self, _("Parameters"), parameters);
  add_parameter_words (self, r->parameters);
  {
    g_autofree char *holdout = fx_utility_run_describe_holdout (r->parameters);

    add_provenance (self, _("Kept from the generator"), holdout != NULL ? holdout : _("Nothing: no holdout"));
  }
  if (r->reference_path != NULL)
    reference = g_strdup_printf (_("%s (SHA-256 %s)"), r->reference_path, r->reference_sha256);
  add_provenance (self, _("Reference data"), reference != NULL ? reference : _("None"));
  add_provenance (self, _("Real data sent"), disclosure);
  times = g_strdup_printf (_("Started %s, finished %s"), created, finished != NULL ? finished : "—");
  add_provenance (self, _("Times"), times);
  if (self->workspace != NULL)
    add_provenance (self, _("Store"), fx_workspace_get_store_path (self->workspace));

  stop_filling (self);
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
      g_clear_pointer (&self->fill_requests, g_ptr_array_unref);
      self->fill_requests = g_ptr_array_ref (detail->requests);
      self->fill_next = first;
      self->fill_baseline = is_baseline;
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
      g_clear_pointer (&self->fill_rejected, g_ptr_array_unref);
      self->fill_rejected = g_ptr_array_ref (detail->rejected);
      self->fill_rejected_next = 0;
      gtk_widget_set_visible (GTK_WIDGET (self->rejected_group), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->rejected_group), FALSE);

  if (self->fill_source == 0 && (self->fill_requests != NULL || self->fill_rejected != NULL))
    self->fill_source = gtk_widget_add_tick_callback (GTK_WIDGET (self), fill_lists, self, NULL);
}

static void
on_detail (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  FxRunDetail *self = FX_RUN_DETAIL (source);
  Detail *detail = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fx_ui_toast (GTK_WIDGET (self), error->message);
      return;
    }
  /* a newer choice of run has come since */
  if (detail->serial != self->detail_serial || detail->run_id != self->shown_run)
    return;
  fill_detail (self, detail);
}

void
fx_run_detail_show_run (FxRunDetail *self,
                        gint64       run_id)
{
  g_autoptr(GTask) task = NULL;
  Detail *detail;

  if (self->workspace == NULL)
    return;
  self->shown_run = run_id;

  detail = g_new0 (Detail, 1);
  detail->store_path = g_strdup (fx_workspace_get_store_path (self->workspace));
  detail->run_id = run_id;
  detail->serial = ++self->detail_serial;
  task = g_task_new (self, self->cancellable, on_detail, NULL);
  g_task_set_source_tag (task, fx_run_detail_show_run);
  g_task_set_task_data (task, detail, (GDestroyNotify) detail_free);
  g_task_run_in_thread (task, detail_thread);
}


/* A stored run prepared to carry on: the workspace keeps it going. */
static void
on_prepared (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  FxRunDetail *self = FX_RUN_DETAIL (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(FxActiveRun) run = NULL;
  FxJob *job = fx_job_prepare_finish (result, &error);

  self->preparing = FALSE;
  if (job == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fx_ui_toast (GTK_WIDGET (self), error->message);
      return;
    }
  /* prepared in a thread with a connection of its own: it writes through the workspace's */
  fx_job_set_store (job, self->store);
  run = fx_active_run_new (job);
  if (gtk_widget_get_visible (GTK_WIDGET (self->resume_budget)) && gtk_spin_button_get_value (self->resume_budget) > 0)
    fx_run_cost_watch_budget (run, job, gtk_spin_button_get_value (self->resume_budget), self->shown_prompt_tokens,
                              self->shown_completion_tokens, GTK_WIDGET (self));
  fx_workspace_start_run (self->workspace, run);
  fx_run_detail_show_run (self, fx_active_run_get_id (run));
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FxRunDetail *self = FX_RUN_DETAIL (widget);

  if (self->shown_run <= 0 || self->store == NULL || lookup_active (self, self->shown_run) != NULL)
    return;
  self->preparing = TRUE;
  fx_job_prepare_async (self, NULL, NULL, fx_workspace_get_store_path (self->workspace), self->shown_run,
                        FALSE, self->cancellable, on_prepared, NULL);
  gtk_widget_action_set_enabled (widget, "run.resume", FALSE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FxRunDetail *self = FX_RUN_DETAIL (widget);
  FxActiveRun *run = lookup_active (self, self->shown_run);

  if (run != NULL)
    {
      fx_active_run_cancel (run);
      gtk_label_set_text (self->status_label, _("Cancelling…"));
      gtk_widget_action_set_enabled (widget, "run.cancel", FALSE);
    }
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FxRunDetail *self = FX_RUN_DETAIL (widget);

  if (self->shown_run > 0)
    gtk_widget_activate_action (widget, "win.compare-run", "x", self->shown_run);
}

static void
build_stats (FxRunDetail *self)
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
      /* three to a row fit a phone's screen only when a figure may take two lines */
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_label_set_wrap (GTK_LABEL (value), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), value);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL, -1);
      gtk_grid_attach (self->stats_grid, box, i % 3, i / 3, 1, 1);
      self->stat_values[i] = GTK_LABEL (value);
    }
}

/* A run that ends while it is shown is shown again, as the store has it now. */
static void
on_run_finished (FxRunDetail  *self,
                 const GError *error,
                 FxActiveRun  *run)
{
  if (self->shown_run == fx_active_run_get_id (run))
    fx_run_detail_show_run (self, self->shown_run);
}

static void
on_runs_changed (FxRunDetail *self,
                 guint        position,
                 guint        removed,
                 guint        added)
{
  GListModel *runs = fx_workspace_get_runs (self->workspace);

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(FxActiveRun) run = g_list_model_get_item (runs, i);

      g_signal_connect_object (run, "progress", G_CALLBACK (on_progress), self, G_CONNECT_SWAPPED);
      /* after the workspace has taken it off its list */
      g_signal_connect_object (run, "finished", G_CALLBACK (on_run_finished), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
    }
}

static void
on_store_opened (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(FxRunDetail) self = data;

  self->store = fx_workspace_open_store_finish (FX_WORKSPACE (source), result, NULL);
}

static void
set_workspace (FxRunDetail *self,
               FxWorkspace *workspace)
{
  g_return_if_fail (self->workspace == NULL);

  if (workspace == NULL)
    return;
  self->workspace = g_object_ref (workspace);
  g_signal_connect_object (fx_workspace_get_runs (workspace), "items-changed",
                           G_CALLBACK (on_runs_changed), self, G_CONNECT_SWAPPED);
  fx_workspace_open_store_async (workspace, self->cancellable, on_store_opened, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

static void
fx_run_detail_dispose (GObject *object)
{
  FxRunDetail *self = FX_RUN_DETAIL (object);

  g_cancellable_cancel (self->cancellable);
  stop_filling (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FX_TYPE_RUN_DETAIL);
  g_clear_object (&self->workspace);
  self->store = NULL;
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->provenance_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (fx_run_detail_parent_class)->dispose (object);
}

static void
fx_run_detail_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FxRunDetail *self = FX_RUN_DETAIL (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fx_run_detail_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FxRunDetail *self = FX_RUN_DETAIL (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      set_workspace (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fx_run_detail_class_init (FxRunDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fx_run_detail_dispose;
  object_class->get_property = fx_run_detail_get_property;
  object_class->set_property = fx_run_detail_set_property;

  /* the store the run is read from, and the runs going on */
  properties[PROP_WORKSPACE] = fx_ui_param_object ("workspace", FX_TYPE_WORKSPACE);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FX_TYPE_FOLD);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/facsimile/Facsimile/ui/fx-run-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, FxRunDetail, run_title);
  gtk_widget_class_bind_template_child (widget_class, FxRunDetail, run_subtitle);
  gtk_widget_class_bind_template_child (widget_class, FxRunDetail, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FxRunDetail, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, FxRunDetail, resume_button);
  gtk_widget_class_bind_template_child (widget_class, FxRunDetail, status_label);
  gtk_widget_class_bind_template_child (widget_class, FxRunDetail, notes_label);
  gtk_widget_class_bind_template_child (widget_class, FxRunDetail, stats_grid);
  gtk_widget_class_bind_template_child (widget_class, FxRunDetail, provenance_group);
  gtk_widget_class_bind_template_child (widget_class, FxRunDetail, requests_group);
  gtk_widget_class_bind_template_child (widget_class, FxRunDetail, requests_list);
  gtk_widget_class_bind_template_child (widget_class, FxRunDetail, rejected_group);
  gtk_widget_class_bind_template_child (widget_class, FxRunDetail, rejected_list);

  gtk_widget_class_install_action (widget_class, "run.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "run.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "run.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "run.compare", NULL, compare_action);
}

static void
fx_run_detail_init (FxRunDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* beside Resume: the budget the run is carried on within */
  self->resume_budget = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 100000, 0.5));
  gtk_spin_button_set_digits (self->resume_budget, 2);
  gtk_widget_set_valign (GTK_WIDGET (self->resume_budget), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->resume_budget),
                               _("Stop carrying on when the run's whole spend, at its model's price, reaches this "
                                 "amount; 0 for no budget"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->resume_budget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Budget for carrying on"), -1);
  gtk_widget_set_visible (GTK_WIDGET (self->resume_budget), FALSE);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->resume_button))),
                              GTK_WIDGET (self->resume_budget),
                              gtk_widget_get_prev_sibling (GTK_WIDGET (self->resume_button)));

  self->cancellable = g_cancellable_new ();
  self->provenance_rows = g_ptr_array_new ();
  build_stats (self);
  fx_run_detail_show_nothing (self);
}

void
fx_run_detail_show_nothing (FxRunDetail *self)
{
  g_return_if_fail (FX_IS_RUN_DETAIL (self));

  self->shown_run = 0;
  self->detail_serial++;
  stop_filling (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.cancel", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.resume", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.compare", FALSE);
}
