/* fx-active-run.c: a run being generated now, with its last progress
 *
 * The object lives in the workspace's list of active runs, not in a page, so that a run
 * keeps going whichever pane is shown and ends (writing its last answers) even after
 * the pane that started it is gone.  It signals progress as the engine reports it and
 * "finished" with the engine's error, if any.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fx-active-run.h"

struct _FxActiveRun
{
  GObject        parent_instance;

  FxJob         *job;
  GCancellable  *cancellable;
  FxRunOptions   options;
  FxRunProgress  progress;
  char          *wait_text;     /* (nullable) what the run waits for and until when */
  gboolean       have_progress;
  gboolean       started;
};

enum {
  PROGRESS,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FxActiveRun, fx_active_run, G_TYPE_OBJECT)

static void
on_progress (const FxRunProgress *progress,
             gpointer             data)
{
  FxActiveRun *self = data;

  self->progress = *progress;
  /* the reason lives only as long as the call: the text of it is kept instead */
  self->progress.wait_reason = NULL;
  g_free (self->wait_text);
  self->wait_text = fx_run_progress_describe_wait (progress);
  self->have_progress = TRUE;
  g_signal_emit (self, signals[PROGRESS], 0);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(FxActiveRun) self = data;
  g_autoptr(GError) error = NULL;

  fx_run_execute_finish (result, &error);
  g_signal_emit (self, signals[FINISHED], 0, error);
}

static void
fx_active_run_finalize (GObject *object)
{
  FxActiveRun *self = FX_ACTIVE_RUN (object);

  g_clear_pointer (&self->job, fx_job_free);
  g_clear_object (&self->cancellable);
  g_free (self->wait_text);

  G_OBJECT_CLASS (fx_active_run_parent_class)->finalize (object);
}

static void
fx_active_run_class_init (FxActiveRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fx_active_run_finalize;

  /* emitted on every report of the engine: listeners shown the run throttle it */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* @error: (nullable): why it stopped, FX_RUN_ERROR_CANCELLED when cancelled */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
fx_active_run_init (FxActiveRun *self)
{
  self->cancellable = g_cancellable_new ();
}

FxActiveRun *
fx_active_run_new (FxJob *job)
{
  FxActiveRun *self;

  g_return_val_if_fail (job != NULL, NULL);

  self = g_object_new (FX_TYPE_ACTIVE_RUN, NULL);
  self->job = job;
  fx_job_get_options (job, &self->options);
  return self;
}

gint64
fx_active_run_get_id (FxActiveRun *self)
{
  g_return_val_if_fail (FX_IS_ACTIVE_RUN (self), 0);

  return fx_job_get_run_id (self->job);
}

const FxRunProgress *
fx_active_run_get_progress (FxActiveRun *self)
{
  g_return_val_if_fail (FX_IS_ACTIVE_RUN (self), NULL);

  return self->have_progress ? &self->progress : NULL;
}

GPtrArray *
fx_active_run_get_notes (FxActiveRun *self)
{
  g_return_val_if_fail (FX_IS_ACTIVE_RUN (self), NULL);

  return fx_job_get_notes (self->job);
}

const char *
fx_active_run_get_wait_text (FxActiveRun *self)
{
  g_return_val_if_fail (FX_IS_ACTIVE_RUN (self), NULL);

  return self->wait_text;
}

void
fx_active_run_start (FxActiveRun *self)
{
  g_return_if_fail (FX_IS_ACTIVE_RUN (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  /* the options point into the job, which lives as long as this object */
  fx_run_execute_async (&self->options, self->cancellable, on_progress, self, on_done, g_object_ref (self));
}

void
fx_active_run_cancel (FxActiveRun *self)
{
  g_return_if_fail (FX_IS_ACTIVE_RUN (self));

  g_cancellable_cancel (self->cancellable);
}
