/* fx-cli-runs.c: facsimile-cli runs: list, show, resume and export the stored runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-cli.h"
#include "fx-cli-job.h"
#include "fx-cli-output.h"
#include "fx-csv.h"
#include "fx-run.h"
#include "fx-schema.h"
#include "fx-store.h"
#include "fx-store-tables.h"
#include "fx-utility-run.h"

static int
runs_resume (FxStore    *store,
             gint64      run_id,
             const char *output)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxRunRecord) record = fx_store_get_run (store, run_id, &error);
  g_autoptr(FxJob) job = NULL;
  g_autofree char *key = NULL;
  int status;

  if (record == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_BAD_INPUT;
    }
  job = fx_job_resume (store, run_id, &error);
  if (job == NULL)
    {
      fx_cli_error ("%s", error->message);
      return g_error_matches (error, FX_JOB_ERROR, FX_JOB_ERROR_REFERENCE) ? FX_CLI_BAD_INPUT : FX_CLI_FAILED;
    }
  if (!fx_cli_find_key (record->provider, &key))
    return FX_CLI_BAD_INPUT;
  fx_job_take_api_key (job, g_steal_pointer (&key));

  status = FX_CLI_OK;
  if (record->status != FX_RUN_COMPLETED || record->rows_accepted < record->rows_requested)
    status = fx_cli_execute_job (job);
  else
    fprintf (stderr, _("run %lld is already complete\n"), (long long) run_id);
  if (status == FX_CLI_OK && output != NULL)
    status = fx_cli_export_run (job, output);
  return status;
}

static void
print_run (const FxRunRecord *r)
{
  printf ("%-5lld %-19.19s %-18.18s %-24.24s %-12s %-10s %8lld/%-8lld %s\n",
          (long long) r->id, r->created, r->provider, r->model != NULL ? r->model : "-",
          r->strategy, fx_run_status_to_string (r->status),
          (long long) r->rows_accepted, (long long) r->rows_requested,
          r->status_reason != NULL ? r->status_reason : "");
}

static int
runs_show (FxStore *store,
           gint64   run_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxRunRecord) r = fx_store_get_run (store, run_id, &error);
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GPtrArray) rejected = NULL;

  if (r == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_BAD_INPUT;
    }
  requests = fx_store_get_requests (store, run_id, NULL);
  rejected = fx_store_get_rejected_rows (store, run_id, NULL);

  printf (_("Run %lld\n"), (long long) r->id);
  printf (_("  provider        %s\n"), r->provider);
  printf (_("  model           %s\n"), r->model != NULL ? r->model : "-");
  printf (_("  base URL        %s\n"), r->base_url != NULL ? r->base_url : "-");
  printf (_("  strategy        %s\n"), r->strategy);
  printf (_("  parameters      %s\n"), r->parameters);
  {
    g_autofree char *holdout = fx_utility_run_describe_holdout (r->parameters);

    printf (_("  holdout         %s\n"), holdout != NULL ? holdout : _("none"));
  }
  printf (_("  template hash   %s\n"), r->prompt_template_hash != NULL ? r->prompt_template_hash : "-");
  printf (_("  reference       %s (SHA-256 %s)\n"), r->reference_path != NULL ? r->reference_path : "-",
          r->reference_sha256 != NULL ? r->reference_sha256 : "-");
  printf (_("  real data sent  %s\n"), g_strcmp0 (r->real_data_sent, "[]") == 0
                                       ? _("none: no real row left this machine") : r->real_data_sent);
  printf (_("  status          %s%s%s\n"), fx_run_status_to_string (r->status),
          r->status_reason != NULL ? ": " : "", r->status_reason != NULL ? r->status_reason : "");
  printf (_("  rows            %lld accepted of %lld, %lld rejected\n"), (long long) r->rows_accepted,
          (long long) r->rows_requested, (long long) r->rows_rejected);
  printf (_("  requests        %lld; tokens %lld in, %lld out\n"), (long long) r->requests,
          (long long) r->prompt_tokens, (long long) r->completion_tokens);
  printf (_("  created         %s; finished %s\n"), r->created, r->finished != NULL ? r->finished : "-");

  if (requests != NULL && requests->len > 0)
    {
      printf (_("\nRequests (attempt, rows, HTTP status, outcome, latency):\n"));
      for (guint i = 0; i < requests->len; i++)
        {
          FxRequestRecord *q = g_ptr_array_index (requests, i);

          printf ("  %4u  #%lld  %3lld rows  %3lld  %-16s %6lld ms%s%s\n", i + 1, (long long) q->attempt,
                  (long long) q->batch_rows, (long long) q->http_status, q->outcome, (long long) q->latency_ms,
                  q->error != NULL ? "  " : "", q->error != NULL ? q->error : "");
        }
    }
  if (rejected != NULL && rejected->len > 0)
    {
      printf (_("\nRejected rows:\n"));
      for (guint i = 0; i < rejected->len && i < 50; i++)
        {
          FxRowRecord *row = g_ptr_array_index (rejected, i);

          printf ("  %s\n    %s\n", row->reason != NULL ? row->reason : "", row->values_json);
        }
      if (rejected->len > 50)
        printf (_("  ... and %u more\n"), rejected->len - 50);
    }
  return FX_CLI_OK;
}

int
fx_cli_runs (int    argc,
             char **argv)
{
  g_autofree char *store_path = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FxStore) store = NULL;
  g_autoptr(FxCliFiles) files = NULL;
  const char *action;
  gint64 run_id = 0;
  double budget_amount = 0;
  const GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("The store (default in the user data folder)"), N_("FILE.db") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the rows as CSV (export, resume)"), N_("OUT.csv") },
    { "budget", 0, 0, G_OPTION_ARG_DOUBLE, &budget_amount, N_("Stop when the run's spend reaches AMOUNT (the price table's currency)"), N_("AMOUNT") },
    { NULL }
  };

  context = g_option_context_new (_("list | show ID | resume ID | export ID -o OUT.csv"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!fx_cli_parse (context, &argc, &argv))
    return FX_CLI_BAD_INPUT;
  if (budget_amount < 0 || isnan (budget_amount) || isinf (budget_amount))
    {
      fx_cli_error (_("--budget: expected an amount above 0"));
      return FX_CLI_BAD_INPUT;
    }
  fx_cli_set_budget (budget_amount);
  if (argc < 2)
    {
      fx_cli_error (_("runs needs an action: list, show, resume or export (see --help)"));
      return FX_CLI_BAD_INPUT;
    }
  action = argv[1];
  if (!g_str_equal (action, "list"))
    {
      char *end = NULL;

      if (argc != 3 || (run_id = g_ascii_strtoll (argv[2], &end, 10)) <= 0 || *end != '\0')
        {
          fx_cli_error (_("runs %s needs a run number (see “facsimile-cli runs list”)"), action);
          return FX_CLI_BAD_INPUT;
        }
    }
  else if (argc != 2)
    {
      fx_cli_error (_("runs list takes no argument"));
      return FX_CLI_BAD_INPUT;
    }

  files = fx_cli_files_new ();
  fx_cli_files_input (files, store_path);
  fx_cli_files_output (files, output);
  if (!fx_cli_files_check (files))
    return FX_CLI_BAD_INPUT;

  store = fx_store_open (store_path, &error);
  if (store == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_FAILED;
    }

  if (g_str_equal (action, "list"))
    {
      g_autoptr(GPtrArray) runs = fx_store_list_runs (store, &error);

      if (runs == NULL)
        {
          fx_cli_error ("%s", error->message);
          return FX_CLI_FAILED;
        }
      printf ("%-5s %-19s %-18s %-24s %-12s %-10s %17s %s\n", _("run"), _("created"), _("provider"), _("model"),
              _("strategy"), _("status"), _("rows"), _("reason"));
      for (guint i = 0; i < runs->len; i++)
        print_run (g_ptr_array_index (runs, i));
      return FX_CLI_OK;
    }
  if (g_str_equal (action, "show"))
    return runs_show (store, run_id);
  if (g_str_equal (action, "resume"))
    return runs_resume (store, run_id, output);
  if (g_str_equal (action, "export"))
    {
      g_autoptr(FxRunRecord) record = NULL;
      g_autoptr(FxTable) table = NULL;

      if (output == NULL)
        {
          fx_cli_error (_("runs export needs -o OUT.csv"));
          return FX_CLI_BAD_INPUT;
        }
      if ((table = fx_store_load_run_table (store, run_id, &record, NULL, &error)) == NULL ||
          !fx_csv_write_file (table, output, &error))
        {
          fx_cli_error ("%s", error->message);
          return record == NULL ? FX_CLI_BAD_INPUT : FX_CLI_FAILED;
        }
      if (record->rows_accepted < record->rows_requested)
        fx_cli_warning (_("run %lld has %lld of its %lld rows; exported what it has"),
                        (long long) run_id, (long long) record->rows_accepted, (long long) record->rows_requested);
      return FX_CLI_OK;
    }

  fx_cli_error (_("unknown runs action “%s”: use list, show, resume or export"), action);
  return FX_CLI_BAD_INPUT;
}
