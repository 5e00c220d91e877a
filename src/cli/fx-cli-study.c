/* fx-cli-study.c: facsimile-cli study, a grid of generations from a plan
 *
 * Every cell is an ordinary run in the store: a command killed at any moment and run
 * again finds its runs, uses the complete ones and carries on the others.  The cost is
 * estimated before anything is spent, and a budget stops the study cleanly when the
 * spend counted from the providers' usage fields reaches it.  The cells are run by
 * FxPlanRun, as in the app's Study view; this command prints them as they are done.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-cli.h"
#include "fx-cli-output.h"
#include "fx-csv.h"
#include "fx-estimate.h"
#include "fx-file.h"
#include "fx-leaderboard.h"
#include "fx-plan.h"
#include "fx-plan-estimate.h"
#include "fx-plan-run.h"
#include "fx-prices.h"
#include "fx-provider.h"
#include "fx-rank.h"
#include "fx-report.h"
#include "fx-store.h"
#include "fx-study.h"

/* ---- the study ------------------------------------------------------------------------ */

/* A report compares one cell of each generator with the real data in full: its largest. */
typedef struct
{
  guint         n_features;
  guint         n_rows;
  char         *label;
  FxEvaluation *evaluation;
} Shown;

static void
shown_free (Shown *shown)
{
  g_free (shown->label);
  fx_evaluation_unref (shown->evaluation);
  g_free (shown);
}

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
  guint         n_group_cells;   /* the cells of one group: its numbers of features */
  GHashTable   *shown;           /* generator name → Shown: the cell a report shows in full */
} Study;

static void
on_status (FxPlanRun  *run,
           GParamSpec *pspec,
           Study      *s)
{
  const char *status = fx_plan_run_get_status (run);
  guint done = fx_plan_run_get_cells_done (run);

  if (status == NULL)
    return;
  /* one line per change, on a terminal or not: a log of a server's study reads the same */
  fprintf (stderr, "[%u-%u/%u] %s\n", done + 1, done + s->n_group_cells, fx_plan_run_get_n_cells (run), status);
}

static void
on_cell_done (FxPlanRun         *run,
              guint              index,
              const FxPlanGroup *group,
              const FxStudyStep *step,
              const FxStudyCell *cell,
              Study             *s)
{
  g_autofree char *what = fx_plan_group_describe (group);
  Shown *shown = g_hash_table_lookup (s->shown, what);

  if (step->evaluation != NULL &&
      (shown == NULL || step->n_features > shown->n_features ||
       (step->n_features == shown->n_features && group->n_rows > shown->n_rows)))
    {
      shown = g_new0 (Shown, 1);
      shown->n_features = step->n_features;
      shown->n_rows = group->n_rows;
      shown->label = g_strdup_printf (_("%s, %u features, %u rows, seed %llu (run %lld)"), what, step->n_features,
                                      group->n_rows, (unsigned long long) group->seed, (long long) step->run_id);
      shown->evaluation = fx_evaluation_ref (step->evaluation);
      g_hash_table_replace (s->shown, g_strdup (what), shown);
    }
  fprintf (stderr, "[%u/%u] %s, %u features, %u rows, seed %" G_GUINT64_FORMAT ": run %" G_GINT64_FORMAT
           " (%s), mean KS %.3f, mean KL %.3f, mean |Δr| %.3f\n",
           index + 1, fx_plan_run_get_n_cells (run), what, step->n_features, group->n_rows, group->seed,
           step->run_id, cell->origin, cell->values[FX_MEASURE_MEAN_KS], cell->values[FX_MEASURE_MEAN_KL],
           cell->values[FX_MEASURE_PEARSON]);
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Study *s = data;

  s->result = g_object_ref (result);
  g_main_loop_quit (s->loop);
}

/* ---- the command ---------------------------------------------------------------------- */

static gboolean
write_output (const char *path,
              const char *contents)
{
  g_autoptr(GError) error = NULL;

  if (!fx_write_file_atomic (path, contents, strlen (contents), &error))
    {
      fx_cli_error ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static void
print_cost (double          amount,
            const FxPrice  *price)
{
  if (price == NULL)
    printf (_("unknown (no price for this model: add one in the Providers pane)"));
  else
    printf ("%s %.4f", price->currency, amount);
}

int
fx_cli_study (int    argc,
              char **argv)
{
  g_autofree char *plan_path = NULL, *store_path = NULL, *json_path = NULL, *csv_path = NULL;
  g_autofree char *report_path = NULL, *budget_text = NULL;
  gboolean dry_run = FALSE;
  const GOptionEntry entries[] = {
    { "plan", 0, 0, G_OPTION_ARG_FILENAME, &plan_path, N_("The study's plan (JSON)"), "PLAN.json" },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("The store of the runs (default: the user's)"), "DB" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, N_("Write the leaderboard and every cell as JSON"), "OUT.json" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path, N_("Write the leaderboard as CSV"), "OUT.csv" },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &report_path, N_("Write a report with the leaderboard and its charts"), "OUT.pdf|html" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("List the cells, their requests, tokens and cost; spend nothing"), NULL },
    { "budget", 0, 0, G_OPTION_ARG_STRING, &budget_text, N_("Stop when the spend reaches AMOUNT (the price table's currency)"), "AMOUNT" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— run a study from a plan"));
  g_autoptr(GError) error = NULL;
  g_autoptr(FxPlan) loaded = NULL;
  FxPlan *plan;                  /* loaded's, then the run's: it keeps it to the end */
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(FxTable) real = NULL;
  g_autoptr(GPtrArray) ranked = NULL;
  g_autoptr(GArray) groups = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(FxStore) store = NULL;
  g_autoptr(FxLeaderboard) board = NULL;
  g_autoptr(GHashTable) types = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(FxPlanRun) run = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  double budget = 0, total_cost = 0;
  gint64 total_in = 0, total_out = 0, total_requests = 0;
  guint n_features, n_cells, cell = 0;
  gboolean priced = TRUE;
  FxReportFormat report_format = FX_REPORT_PDF;
  g_autoptr(GArray) subtotals = NULL;
  g_autoptr(GHashTable) shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) shown_free);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!fx_cli_parse_options (context, &argc, &argv))
    return FX_CLI_BAD_INPUT;
  if (plan_path == NULL)
    {
      fx_cli_error (_("--plan is required (see --help)"));
      return FX_CLI_BAD_INPUT;
    }
  if (report_path != NULL &&
      (!fx_report_format_from_path (report_path, &report_format) ||
       (report_format != FX_REPORT_PDF && report_format != FX_REPORT_HTML)))
    {
      fx_cli_error (_("--report: the name must end in .pdf or .html"));
      return FX_CLI_BAD_INPUT;
    }
  if ((loaded = fx_plan_load (plan_path, &error)) == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_BAD_INPUT;
    }
  plan = loaded;
  budget = plan->budget;
  if (budget_text != NULL)
    {
      char *end = NULL;

      budget = g_ascii_strtod (budget_text, &end);
      if (end == budget_text || *end != '\0' || !(budget > 0) || isinf (budget))
        {
          fx_cli_error (_("--budget: expected an amount above 0, not “%s”"), budget_text);
          return FX_CLI_BAD_INPUT;
        }
    }
  {
    g_autoptr(FxCliFiles) files = fx_cli_files_new ();

    /* the plan, its schema, its real table and the store are never written over */
    fx_cli_files_input (files, plan->path);
    fx_cli_files_input (files, plan->schema_path);
    fx_cli_files_input (files, plan->reference_path);
    fx_cli_files_input (files, store_path);
    fx_cli_files_output (files, json_path);
    fx_cli_files_output (files, csv_path);
    fx_cli_files_output (files, report_path);
    if (!fx_cli_files_check (files))
      return FX_CLI_BAD_INPUT;
  }
  if ((schema = fx_schema_load_file (plan->schema_path, &error)) == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_BAD_INPUT;
    }
  types = fx_schema_column_types (schema);
  {
    FxCsvOptions options = { 0, types };

    if ((real = fx_cli_read_table (plan->reference_path, &options)) == NULL)
      return FX_CLI_BAD_INPUT;
  }
  if ((ranked = fx_rank_features (schema, real, plan->order, &error)) == NULL)
    {
      fx_cli_error ("%s: %s", plan->reference_path, error->message);
      return FX_CLI_BAD_INPUT;
    }
  n_features = ranked->len;
  groups = fx_plan_get_groups (plan);
  counts = fx_plan_feature_counts (plan, n_features);
  n_cells = groups->len * counts->len;
  if (store_path == NULL)
    store_path = fx_store_default_path ();
  /* a dry run reads what earlier answers measured, when the store is there */
  if ((!dry_run || g_file_test (store_path, G_FILE_TEST_EXISTS)) &&
      (store = fx_store_open (store_path, &error)) == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_FAILED;
    }

  /* ---- the cost before anything is spent ---- */
  subtotals = g_array_sized_new (FALSE, TRUE, sizeof (double), plan->generators->len);
  g_array_set_size (subtotals, plan->generators->len);
  printf (_("%u cells: %u generations of %u numbers of features (%s)\n"), n_cells, groups->len, counts->len,
          plan->order == FX_RANK_SCHEMA_ORDER ? _("in the schema's order") : _("strongest association first"));
  for (guint g = 0; g < groups->len; g++)
    {
      const FxPlanGroup *group = &g_array_index (groups, FxPlanGroup, g);
      g_autoptr(FxPrice) price = group->baseline ? NULL
                                 : fx_price_lookup (group->generator->provider, group->generator->model);
      g_autofree char *what = fx_plan_group_describe (group);

      for (guint i = 0; i < counts->len; i++)
        {
          guint k = g_array_index (counts, guint, i);
          g_autoptr(FxSchema) subset = fx_study_cut_schema (schema, ranked, k, plan->keep_groups);
          guint64 requests = (group->n_rows + plan->batch_rows - 1) / plan->batch_rows;
          FxEstimate e;

          cell++;
          if (group->baseline)
            {
              if (dry_run)
                printf (_("cell %u: %s, %u features, %u rows, seed %llu: no requests, costs nothing (a baseline)\n"),
                        cell, what, k, group->n_rows, (unsigned long long) group->seed);
              continue;
            }
          if (!fx_plan_estimate_cell (store, plan, group, subset, plan->reference_path, &e, &error))
            {
              fx_cli_error ("%s", error->message);
              return FX_CLI_BAD_INPUT;
            }
          {
            gint64 in = e.input_tokens;
            gint64 out = e.output_tokens;
            double cost = fx_price_cost (price, in, out);

            total_in += in;
            total_out += out;
            total_requests += requests;
            total_cost += cost;
            for (guint j = 0; j < plan->generators->len; j++)
              if (g_ptr_array_index (plan->generators, j) == group->generator)
                g_array_index (subtotals, double, j) += cost;
            priced &= price != NULL;
            if (dry_run)
              {
                printf (_("cell %u: %s, %u features, %u rows, seed %llu: %llu requests, about %lld input and %lld output tokens (%s), "),
                        cell, what, k, group->n_rows, (unsigned long long) group->seed, (unsigned long long) requests,
                        (long long) in, (long long) out,
                        e.measured ? _("output measured on earlier answers") : _("output guessed from the schema"));
                print_cost (cost, price);
                printf ("\n");
              }
          }
        }
    }
  {
    g_autoptr(FxPrice) any = NULL;

    for (guint g = 0; g < groups->len && any == NULL; g++)
      {
        const FxPlanGroup *group = &g_array_index (groups, FxPlanGroup, g);

        if (!group->baseline)
          any = fx_price_lookup (group->generator->provider, group->generator->model);
      }
    printf (_("estimate: %lld requests, %lld input and %lld output tokens, cost "), (long long) total_requests,
            (long long) total_in, (long long) total_out);
    if (total_requests == 0)
      printf (_("nothing (baselines only)"));
    else if (!priced)
      printf (_("unknown for some models (no price: add one in the Providers pane)"));
    else
      print_cost (total_cost, any);
    printf ("\n");
    /* each model's price, where it was read and when, and its share of the cost */
    for (guint i = 0; i < plan->generators->len; i++)
      {
        const FxPlanGenerator *generator = g_ptr_array_index (plan->generators, i);
        g_autoptr(FxPrice) price = generator->model != NULL && fx_provider_lookup (generator->provider) != NULL
                                   ? fx_price_lookup (generator->provider, generator->model) : NULL;
        g_autofree char *about = price != NULL ? fx_price_describe (price) : NULL;

        if (price != NULL)
          printf (_("  %s %s: %s %.4f at %s\n"), generator->provider, generator->model, price->currency,
                  g_array_index (subtotals, double, i), about);
      }
    fflush (stdout);
  }
  if (dry_run)
    return FX_CLI_OK;

  /* ---- the study ---- */
  {
    Study s = { 0 };

    s.loop = loop = g_main_loop_new (NULL, FALSE);
    s.n_group_cells = counts->len;
    s.shown = shown;
    run = fx_plan_run_new (store_path);
    fx_plan_run_set_use_environment (run, TRUE);
    g_signal_connect (run, "notify::status", G_CALLBACK (on_status), &s);
    g_signal_connect (run, "cell-done", G_CALLBACK (on_cell_done), &s);
    /* --budget over the plan's own */
    plan->budget = budget;
    fx_plan_run_start_async (run, g_steal_pointer (&loaded), schema, plan->reference_path, NULL, on_run_done, &s);
    if (s.result == NULL)
      g_main_loop_run (loop);
    result = g_steal_pointer (&s.result);
    g_signal_handlers_disconnect_by_data (run, &s);
  }
  if (!fx_plan_run_finish (run, result, &error))
    {
      if (g_error_matches (error, FX_PLAN_RUN_ERROR, FX_PLAN_RUN_ERROR_BUDGET))
        fx_cli_error (_("the budget of %.4f is reached (%.4f spent by the study's runs); nothing more is asked. "
                        "Run the same command with a higher --budget to carry on"),
                      budget, fx_plan_run_get_spent (run));
      else
        fx_cli_error ("%s", error->message);
      return FX_CLI_FAILED;
    }
  board = fx_plan_run_steal_leaderboard (run);
  if (json_path != NULL)
    {
      g_autofree char *json = fx_leaderboard_to_json (board);

      if (!write_output (json_path, json))
        return FX_CLI_FAILED;
    }
  if (csv_path != NULL)
    {
      g_autofree char *csv = fx_leaderboard_to_csv (board);

      if (!write_output (csv_path, csv))
        return FX_CLI_FAILED;
    }
  if (report_path != NULL)
    {
      g_autoptr(FxReport) report = fx_report_new ();
      g_autoptr(GList) names = g_hash_table_get_keys (shown);
      g_autofree char *base = g_path_get_basename (plan->path);
      g_autofree char *title = g_strdup_printf (_("Study %s"), base);
      g_autofree char *description = g_strdup_printf (_("%u cells from the plan %s, %u repeats each"),
                                                      board->cells->len, base, plan->seeds->len);
      /* the same study again: every cell is found in the store and reused */
      g_autoptr(GString) reproduce = g_string_new ("facsimile-cli study");
      const char *words[][2] = { { "--plan", plan_path }, { "--store", store_path }, { "--report", report_path } };

      for (guint i = 0; i < G_N_ELEMENTS (words); i++)
        if (words[i][1] != NULL)
          {
            g_autofree char *word = fx_report_shell_word (words[i][1]);

            g_string_append_printf (reproduce, " \\\n  %s %s", words[i][0], word);
          }

      fx_report_set_title (report, title);
      fx_report_set_sections (report, FX_REPORT_SECTION_SUMMARY | FX_REPORT_SECTION_METHODS);
      fx_report_set_reference (report, plan->reference_path, NULL, real, schema);
      names = g_list_sort (names, (GCompareFunc) g_strcmp0);
      for (GList *l = names; l != NULL; l = l->next)
        {
          Shown *one = g_hash_table_lookup (shown, l->data);
          const FxEvaluationSet *set = g_ptr_array_index (one->evaluation->sets, 0);

          fx_report_add_set (report, one->label, NULL, NULL, NULL, set->comparison, set->table);
        }
      fx_report_set_study (report, board, description);
      fx_report_set_command (report, reproduce->str);
      if (!fx_report_write (report, report_path, report_format, NULL, NULL, NULL, &error))
        {
          fx_cli_error ("%s: %s", report_path, error->message);
          return FX_CLI_FAILED;
        }
    }
  printf (_("%u cells done; spent %.4f\n"), board->cells->len, fx_plan_run_get_spent (run));
  return FX_CLI_OK;
}
