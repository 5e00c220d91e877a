/* fx-run-cost.c: what a run will cost, before it starts, and its budget while it runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-estimate.h"
#include "fx-prices.h"
#include "fx-run-cost.h"
#include "fx-ui-util.h"

/* ---- the estimate ---------------------------------------------------------------------- */

typedef struct
{
  FxJobSpec   spec;      /* its strings owned */
  FxSchema   *schema;
  char       *store_path;
} EstimateTask;

static void
estimate_task_free (EstimateTask *t)
{
  g_free ((char *) t->spec.provider);
  g_free ((char *) t->spec.model);
  g_free ((char *) t->spec.base_url);
  g_free ((char *) t->spec.reference_path);
  g_free ((char *) t->spec.holdout_sites);
  g_clear_pointer (&t->schema, fx_schema_free);
  g_free (t->store_path);
  g_free (t);
}

static void
estimate_thread (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  EstimateTask *t = data;
  GError *error = NULL;
  g_autoptr(FxJob) job = fx_job_new (&t->spec, t->schema, &error);
  g_autoptr(FxStore) store = NULL;
  g_autoptr(FxPrice) price = NULL;
  FxEstimate estimate;

  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (t->store_path != NULL)
    store = fx_store_open (t->store_path, NULL);
  if (!fx_estimate_job (job, store, 0, &estimate, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (estimate.baseline)
    {
      g_task_return_pointer (task, g_strdup (_("No requests, no cost: a baseline runs on this machine")), g_free);
      return;
    }
  price = fx_price_lookup (t->spec.provider, t->spec.model);
  g_task_return_pointer (task, fx_estimate_describe (&estimate, price), g_free);
}

void
fx_run_cost_estimate_async (const FxJobSpec     *spec,
                            const FxSchema      *schema,
                            const char          *store_path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  EstimateTask *t = g_new0 (EstimateTask, 1);

  t->spec = *spec;
  t->spec.provider = g_strdup (spec->provider);
  t->spec.model = g_strdup (spec->model);
  t->spec.base_url = g_strdup (spec->base_url);
  t->spec.reference_path = g_strdup (spec->reference_path);
  t->spec.holdout_sites = g_strdup (spec->holdout_sites);
  /* the anchors are the anchored strategy's; the first prompt's size barely depends on them */
  t->spec.anchors = NULL;
  t->schema = fx_schema_copy (schema);
  t->store_path = g_strdup (store_path);
  g_task_set_source_tag (task, fx_run_cost_estimate_async);
  g_task_set_task_data (task, t, (GDestroyNotify) estimate_task_free);
  /* a newer estimate replaces this one: it is not waited for */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, estimate_thread);
}

char *
fx_run_cost_estimate_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the budget ------------------------------------------------------------------------ */

typedef struct
{
  GtkWidget *widget;    /* (weak) for the toast */
  FxPrice   *price;
  double     budget;
  gint64     prompt_before;       /* spent before this session of the run */
  gint64     completion_before;
  gboolean   stopped;
} Budget;

static void
budget_free (gpointer  data,
             GClosure *closure)
{
  Budget *b = data;

  g_clear_weak_pointer (&b->widget);
  fx_price_free (b->price);
  g_free (b);
}

static void
on_run_progress (FxActiveRun *run,
                 Budget      *b)
{
  const FxRunProgress *progress = fx_active_run_get_progress (run);
  g_autofree char *text = NULL;

  if (b->stopped || progress == NULL ||
      fx_price_cost (b->price, b->prompt_before + progress->prompt_tokens,
                     b->completion_before + progress->completion_tokens) < b->budget)
    return;
  b->stopped = TRUE;
  fx_active_run_cancel (run);
  text = g_strdup_printf (_("The budget of %s %.2f is reached: the run is stopped and can be carried on"),
                          b->price->currency, b->budget);
  if (b->widget != NULL)
    fx_ui_toast (b->widget, text);
}

void
fx_run_cost_watch_budget (FxActiveRun *run,
                          FxJob       *job,
                          double       budget,
                          gint64       prompt_tokens_before,
                          gint64       completion_tokens_before,
                          GtkWidget   *widget)
{
  FxRunOptions options;
  FxPrice *price;
  Budget *b;

  fx_job_get_options (job, &options);
  if (budget <= 0 || options.provider == NULL)
    return;
  if ((price = fx_price_lookup (options.provider->name, options.config.model)) == NULL)
    {
      fx_ui_toast (widget, _("No price for this model: the budget cannot be kept (set one in the Providers pane)"));
      return;
    }
  b = g_new0 (Budget, 1);
  g_set_weak_pointer (&b->widget, widget);
  b->price = price;
  b->budget = budget;
  b->prompt_before = MAX (prompt_tokens_before, 0);
  b->completion_before = MAX (completion_tokens_before, 0);
  g_signal_connect_data (run, "progress", G_CALLBACK (on_run_progress), b, budget_free, 0);
}
