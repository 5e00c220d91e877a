/* fx-cli-job.c: what generate and runs resume share: a job run to its end with a
 * progress line, its rows exported, the key found
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "fx-cli.h"
#include "fx-cli-job.h"
#include "fx-credentials.h"
#include "fx-csv.h"
#include "fx-provider.h"
#include "fx-prices.h"

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  gboolean      ok;
  GError       *error;
  gboolean      tty;
  gint64        last_print;
  gint64        last_wait_until;  /* of the last wait said */
  /* the budget: the run's spend from the usage fields it stored, at its model's price */
  FxStore      *store;
  gint64        run_id;
  FxPrice      *price;
  double        budget;
  double        spent;
  gboolean      over_budget;
} Wait;

static double budget;

void
fx_cli_set_budget (double amount)
{
  budget = amount;
}

static void
check_budget (Wait *wait)
{
  g_autoptr(FxRunRecord) run = NULL;

  if (wait->price == NULL || wait->budget <= 0 || wait->over_budget ||
      (run = fx_store_get_run (wait->store, wait->run_id, NULL)) == NULL)
    return;
  wait->spent = fx_price_cost (wait->price, run->prompt_tokens, run->completion_tokens);
  if (wait->spent >= wait->budget)
    {
      wait->over_budget = TRUE;
      g_cancellable_cancel (wait->cancellable);
    }
}

static void
format_duration (char   *buf,
                 gsize   size,
                 double  seconds)
{
  gint64 s = (gint64) llround (seconds);

  if (s >= 3600)
    g_snprintf (buf, size, "%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60), (int) (s % 60));
  else
    g_snprintf (buf, size, "%02d:%02d", (int) (s / 60), (int) (s % 60));
}

static void
on_progress (const FxRunProgress *p,
             gpointer             data)
{
  Wait *wait = data;
  gint64 now = g_get_monotonic_time ();
  char elapsed[32], eta[32];

  check_budget (wait);

  /* every new wait is said on a line of its own, on a terminal or not: a run that
   * seems idle says what it waits for and until when */
  if (p->wait_until != 0 && p->wait_until != wait->last_wait_until)
    {
      g_autofree char *said = fx_run_progress_describe_wait (p);

      wait->last_wait_until = p->wait_until;
      if (wait->tty)
        fputs ("\r\033[K", stderr);
      fprintf (stderr, "%s\n", said);
    }
  if (!wait->tty)
    return;
  if (now - wait->last_print < 100000 && p->accepted < p->target)
    return;
  wait->last_print = now;

  format_duration (elapsed, sizeof elapsed, p->elapsed);
  if (p->eta >= 0)
    format_duration (eta, sizeof eta, p->eta);
  else
    g_strlcpy (eta, "--:--", sizeof eta);
  /* back to the start of the line, which is cleared */
  fputs ("\r\033[K", stderr);
  fprintf (stderr, _("%lu/%lu rows, %lu rejected, %lu requests (%lu failed, %u in flight), "
                     "%lld tokens, %s elapsed, ETA %s"),
           (gulong) p->accepted, (gulong) p->target, (gulong) p->rejected, (gulong) p->requests,
           (gulong) p->failed, p->in_flight, (long long) (p->prompt_tokens + p->completion_tokens),
           elapsed, eta);
  if (p->waiting > 0)
    fprintf (stderr, _(", retrying in %.1f s"), p->waiting);
  fflush (stderr);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *wait = data;

  wait->ok = fx_run_execute_finish (result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static gboolean
on_signal (gpointer data)
{
  Wait *wait = data;

  g_cancellable_cancel (wait->cancellable);
  return G_SOURCE_CONTINUE;
}

int
fx_cli_execute_job (FxJob *job)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FxRunRecord) record = NULL;
  Wait wait = { loop, cancellable, FALSE, NULL, isatty (STDERR_FILENO), 0, 0 };
  FxRunOptions options;
  gint64 run_id = fx_job_get_run_id (job);
  guint sigint, sigterm;

  fx_job_get_options (job, &options);
  wait.store = fx_job_get_store (job);
  wait.run_id = run_id;
  wait.budget = budget;
  if (budget > 0 && options.provider != NULL)
    {
      wait.price = fx_price_lookup (options.provider->name, options.config.model);
      if (wait.price == NULL)
        fx_cli_warning (_("no price for %s %s: the budget cannot be kept (add a price in the Providers pane)"),
                        options.provider->name, options.config.model);
      check_budget (&wait);
      if (wait.over_budget)
        {
          fx_cli_error (_("run %lld: the budget of %.4f is spent already (%.4f); nothing is asked"),
                        (long long) run_id, wait.budget, wait.spent);
          fx_price_free (wait.price);
          return FX_CLI_FAILED;
        }
    }
  else if (budget > 0)
    fprintf (stderr, _("note: a baseline costs nothing\n"));
  /* said once, before the first request; the run keeps them in its parameters */
  for (guint i = 0; i < fx_job_get_notes (job)->len; i++)
    fprintf (stderr, _("note: %s\n"), (char *) g_ptr_array_index (fx_job_get_notes (job), i));
  if (g_getenv ("FACSIMILE_BACKOFF_SCALE") != NULL)
    options.backoff_scale = g_ascii_strtod (g_getenv ("FACSIMILE_BACKOFF_SCALE"), NULL);

  sigint = g_unix_signal_add (SIGINT, on_signal, &wait);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, &wait);
  fx_run_execute_async (&options, cancellable, on_progress, &wait, on_done, &wait);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  if (wait.tty)
    fputc ('\n', stderr);

  record = fx_store_get_run (fx_job_get_store (job), run_id, NULL);
  fx_price_free (wait.price);
  if (!wait.ok && wait.over_budget)
    {
      fx_cli_error (_("run %lld: the budget of %.4f is reached (%.4f spent); carry on with a higher one: "
                      "facsimile-cli runs resume %lld --budget AMOUNT"),
                    (long long) run_id, wait.budget, wait.spent, (long long) run_id);
      g_clear_error (&wait.error);
      return FX_CLI_FAILED;
    }
  if (!wait.ok)
    {
      fx_cli_error (_("run %lld: %s (resume with: facsimile-cli runs resume %lld)"),
                    (long long) run_id, wait.error->message, (long long) run_id);
      g_clear_error (&wait.error);
      return FX_CLI_FAILED;
    }

  if (record != NULL && fx_provider_lookup (record->provider) == NULL)
    /* a baseline asks no one: its batches are not requests and cost no tokens */
    fprintf (stderr, _("run %lld: %lld rows (%lld rejected), sampled on this machine from a baseline fitted on "
                       "the reference; no requests, no tokens; stored in %s\n"),
             (long long) record->id, (long long) record->rows_accepted, (long long) record->rows_rejected,
             fx_store_get_path (fx_job_get_store (job)));
  else if (record != NULL)
    fprintf (stderr, _("run %lld: %lld rows (%lld rejected) from %lld requests, %lld tokens; stored in %s\n"),
             (long long) record->id, (long long) record->rows_accepted, (long long) record->rows_rejected,
             (long long) record->requests, (long long) (record->prompt_tokens + record->completion_tokens),
             fx_store_get_path (fx_job_get_store (job)));
  return FX_CLI_OK;
}

int
fx_cli_export_run (FxJob      *job,
                   const char *output)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxTable) table = fx_run_rows_to_table (fx_job_get_store (job), fx_job_get_run_id (job),
                                                   fx_job_get_schema (job), &error);

  if (table == NULL || !fx_csv_write_file (table, output, &error))
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_FAILED;
    }
  return FX_CLI_OK;
}

gboolean
fx_cli_find_key (const char  *provider,
                 char       **key)
{
  g_autoptr(GError) error = NULL;
  const FxProviderClass *klass = fx_provider_lookup (provider);
  const char * const *vars;
  g_autofree char *names = NULL;
  FxKeySource source;

  if (klass == NULL)
    return TRUE;
  *key = fx_credentials_lookup (klass->name, TRUE, &source, &error);
  if (*key != NULL || !klass->needs_key)
    return TRUE;

  vars = fx_credentials_variables (klass->name);
  names = g_strjoinv (_(" or "), (char **) vars);
  if (error != NULL)
    fx_cli_error (_("no API key for %s: set %s (the keyring could not be read: %s)"),
                  klass->name, names, error->message);
  else
    fx_cli_error (_("no API key for %s: set %s, or store one in the keyring as “Facsimile: %s”"),
                  klass->name, names, klass->name);
  return FALSE;
}
