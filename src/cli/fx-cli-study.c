/* fx-cli-study.c: facsimile-cli study, a grid of generations from a plan
 *
 * Every cell is an ordinary run in the store: a command killed at any moment and run
 * again finds its runs, uses the complete ones and carries on the others.  The cost is
 * estimated before anything is spent, and a budget stops the study cleanly when the
 * spend counted from the providers' usage fields reaches it.
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
#include "fx-job.h"
#include "fx-leaderboard.h"
#include "fx-plan.h"
#include "fx-plan-estimate.h"
#include "fx-prices.h"
#include "fx-provider.h"
#include "fx-rank.h"
#include "fx-report.h"
#include "fx-store.h"
#include "fx-study.h"

/* ---- the command ---------------------------------------------------------------------- */

/* The cells a measure could not be taken in, for one note rather than one a cell. */
typedef struct
{
  guint  cells;
  char  *first_why;
} Missing;

static void
missing_clear (Missing *missing)
{
  g_clear_pointer (&missing->first_why, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Missing, missing_clear)

static void
note_missing (Missing    *missing,
              const char *why)
{
  missing->cells++;
  if (missing->first_why == NULL && why != NULL)
    missing->first_why = g_strdup (why);
}

static void
add_missing_note (FxLeaderboard *board,
                  const char    *measure,
                  Missing       *missing,
                  guint          n_cells)
{
  g_autofree char *note = NULL;

  if (missing->cells == 0)
    return;
  /* TRANSLATORS: "Utility was not measured in 3 of 24 cells: the schema names no target (the first of them)." */
  note = g_strdup_printf (_("%s was not measured in %u of %u cells: %s (the first of them)."), measure,
                          missing->cells, n_cells, missing->first_why != NULL ? missing->first_why : "?");

  fx_leaderboard_add_note (board, note);
}

typedef struct
{
  GMainLoop    *loop;
  FxStudy      *study;
  GCancellable *cancellable;
  GError       *error;
  guint         first_cell;      /* 0-based, of the group running */
  guint         n_cells;
  guint         n_group_cells;
  char         *what;            /* the group running */
  /* the budget */
  FxStore      *store;
  FxPrice      *price;
  double        budget;          /* 0: none */
  double        spent_before;    /* by the groups before this one */
  double        spent;
  gboolean      over_budget;
  GHashTable   *counted;         /* run ids counted in spent_before */
  GHashTable   *shown;           /* generator name → Shown: the cell a report shows in full */
  /* cells without utility or privacy, and why the first was without */
  Missing      *missing_utility;
  Missing      *missing_privacy;
} Study;

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

static double
run_cost (Study  *s,
          gint64  run_id)
{
  g_autoptr(GError) error = NULL;
  FxRunRecord *run = fx_store_get_run (s->store, run_id, &error);
  double cost;

  if (run == NULL)
    return 0;
  cost = fx_price_cost (s->price, run->prompt_tokens, run->completion_tokens);
  fx_run_record_free (run);
  return cost;
}

/* The spend of the study's runs so far, from the providers' usage fields as stored. */
static double
spend_now (Study *s)
{
  GArray *steps = fx_study_get_steps (s->study);
  double spent = s->spent_before;

  for (guint i = 0; steps != NULL && i < steps->len; i++)
    {
      const FxStudyStep *step = &g_array_index (steps, FxStudyStep, i);

      if (step->run_id > 0 && !g_hash_table_contains (s->counted, &step->run_id))
        spent += run_cost (s, step->run_id);
    }
  return spent;
}

static void
on_progress (const FxRunProgress *progress,
             gpointer             data)
{
  Study *s = data;

  if (s->price == NULL || s->budget <= 0 || s->over_budget)
    return;
  s->spent = spend_now (s);
  if (s->spent >= s->budget)
    {
      s->over_budget = TRUE;
      g_cancellable_cancel (s->cancellable);
    }
}

static void
on_status (GObject    *object,
           GParamSpec *pspec,
           gpointer    data)
{
  Study *s = data;
  const char *status = fx_study_get_status (s->study);

  if (status == NULL)
    return;
  /* one line per change, on a terminal or not: a log of a server's study reads the same */
  fprintf (stderr, "[%u-%u/%u] %s: %s\n", s->first_cell + 1, s->first_cell + s->n_group_cells, s->n_cells,
           s->what, status);
}

static void
on_study_done (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Study *s = data;

  fx_study_run_finish (FX_STUDY (source), result, &s->error);
  g_main_loop_quit (s->loop);
}

static const char *
origin_name (FxStudyRunOrigin origin)
{
  switch (origin)
    {
    case FX_STUDY_RUN_MADE:
      return "made";
    case FX_STUDY_RUN_CONTINUED:
      return "continued";
    case FX_STUDY_RUN_REUSED:
      return "reused";
    case FX_STUDY_RUN_NONE:
    default:
      return "none";
    }
}

static void
summary_values (const FxComparison *comparison,
                double             *values)
{
  FxComparisonSummary sum;

  for (guint m = 0; m < FX_N_MEASURES; m++)
    values[m] = NAN;
  fx_comparison_summarize (comparison, FX_COMPARE_ALPHA, &sum);
  values[FX_MEASURE_MEAN_KS] = sum.mean_ks;
  values[FX_MEASURE_MEAN_KL] = sum.mean_kl;
  values[FX_MEASURE_PEARSON] = sum.pearson_mean_abs_difference;
  values[FX_MEASURE_DIFFERING] = sum.tested > 0 ? (double) sum.significant / sum.tested : NAN;
}

/* The cells of a finished group, into the leaderboard. */
static void
collect (Study             *s,
         const FxPlanGroup *group,
         FxLeaderboard     *board)
{
  GArray *steps = fx_study_get_steps (s->study);

  for (guint i = 0; i < steps->len; i++)
    {
      const FxStudyStep *step = &g_array_index (steps, FxStudyStep, i);
      FxStudyCell *cell = fx_study_cell_new ();
      g_autoptr(GPtrArray) requests = fx_store_get_requests (s->store, step->run_id, NULL);
      FxRunRecord *run = fx_store_get_run (s->store, step->run_id, NULL);
      const FxEvaluationSet *set = g_ptr_array_index (step->evaluation->sets, 0);
      const FxComparison *holdout = fx_evaluation_get_holdout (step->evaluation);
      double latency = 0;

      cell->generator = g_strdup (group->generator->provider);
      cell->model = g_strdup (group->generator->model);
      cell->strategy = group->baseline ? NULL : g_strdup (fx_strategy_kind_to_string (group->strategy));
      cell->n_features = step->n_features;
      cell->n_rows = group->n_rows;
      cell->seed = group->seed;
      cell->run_id = step->run_id;
      cell->origin = g_strdup (origin_name (step->origin));
      summary_values (set->comparison, cell->values);
      cell->values[FX_MEASURE_BREAKING] = step->share_breaking;
      if (step->utility != NULL)
        {
          cell->values[FX_MEASURE_TSTR_AUROC] = step->utility->tstr->auroc;
          cell->tstr_auroc_ci[0] = step->utility->tstr->auroc_ci[0];
          cell->tstr_auroc_ci[1] = step->utility->tstr->auroc_ci[1];
          cell->values[FX_MEASURE_TSTR_OVER_TRTR] = step->utility->tstr_over_trtr;
        }
      else
        note_missing (s->missing_utility, step->utility_why);
      if (step->privacy != NULL)
        {
          cell->values[FX_MEASURE_ATTACK_AUROC] = step->privacy->auroc;
          cell->values[FX_MEASURE_CLOSER] = step->privacy->share_closer_to_training;
        }
      else
        note_missing (s->missing_privacy, step->privacy_why);
      if (holdout != NULL)
        {
          double values[FX_N_MEASURES];

          summary_values (holdout, values);
          /* a model trained on real rows, and what rows the generator never saw score */
          if (step->utility != NULL)
            {
              values[FX_MEASURE_TSTR_AUROC] = step->utility->trtr->auroc;
              values[FX_MEASURE_TSTR_OVER_TRTR] = 1;
            }
          if (step->privacy != NULL)
            values[FX_MEASURE_ATTACK_AUROC] = values[FX_MEASURE_CLOSER] = 0.5;
          fx_leaderboard_add_holdout (board, step->n_features, values);
        }
      if (run != NULL)
        {
          gint64 total = run->rows_accepted + run->rows_rejected;

          cell->prompt_tokens = run->prompt_tokens;
          cell->completion_tokens = run->completion_tokens;
          cell->values[FX_MEASURE_REJECTED] = total > 0 ? (double) run->rows_rejected / total : NAN;
          cell->values[FX_MEASURE_TOKENS] = run->prompt_tokens + run->completion_tokens;
          /* a baseline costs nothing; a provider without a price has no cost */
          cell->values[FX_MEASURE_COST] = group->baseline ? 0 : s->price != NULL
                                          ? fx_price_cost (s->price, run->prompt_tokens, run->completion_tokens) : NAN;
          fx_run_record_free (run);
        }
      for (guint k = 0; requests != NULL && k < requests->len; k++)
        latency += ((FxRequestRecord *) g_ptr_array_index (requests, k))->latency_ms / 1000.0;
      if (requests != NULL && requests->len > 0)
        cell->values[FX_MEASURE_LATENCY] = latency / group->n_rows * 1000;
      fx_leaderboard_add_cell (board, cell);
      {
        g_autofree char *name = fx_plan_group_describe (group);
        Shown *shown = g_hash_table_lookup (s->shown, name);

        if (shown == NULL || step->n_features > shown->n_features ||
            (step->n_features == shown->n_features && group->n_rows > shown->n_rows))
          {
            shown = g_new0 (Shown, 1);
            shown->n_features = step->n_features;
            shown->n_rows = group->n_rows;
            shown->label = g_strdup_printf (_("%s, %u features, %u rows, seed %llu (run %lld)"), name, step->n_features, group->n_rows,
                                            (unsigned long long) group->seed, (long long) step->run_id);
            shown->evaluation = fx_evaluation_ref (step->evaluation);
            g_hash_table_replace (s->shown, g_strdup (name), shown);
          }
      }

      fprintf (stderr, "[%u/%u] %s, %u features, %u rows, seed %" G_GUINT64_FORMAT ": run %" G_GINT64_FORMAT
               " (%s), mean KS %.3f, mean KL %.3f, mean |Δr| %.3f\n",
               s->first_cell + i + 1, s->n_cells, s->what, step->n_features, group->n_rows, group->seed,
               step->run_id, cell->origin, cell->values[FX_MEASURE_MEAN_KS], cell->values[FX_MEASURE_MEAN_KL],
               cell->values[FX_MEASURE_PEARSON]);
    }
}

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
  g_autoptr(FxPlan) plan = NULL;
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(FxTable) real = NULL;
  g_autoptr(GPtrArray) ranked = NULL;
  g_autoptr(GArray) groups = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(FxStore) store = NULL;
  g_autoptr(FxLeaderboard) board = fx_leaderboard_new ();
  g_autoptr(GHashTable) types = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GHashTable) counted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  double budget = 0, total_cost = 0, spent = 0;
  gint64 total_in = 0, total_out = 0, total_requests = 0;
  guint n_features, n_cells, cell = 0;
  gboolean priced = TRUE, stopped = FALSE;
  FxReportFormat report_format = FX_REPORT_PDF;
  g_autoptr(GArray) subtotals = NULL;
  g_auto(Missing) missing_utility = { 0 };
  g_auto(Missing) missing_privacy = { 0 };
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
  if ((plan = fx_plan_load (plan_path, &error)) == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_BAD_INPUT;
    }
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
  loop = g_main_loop_new (NULL, FALSE);
  cell = 0;
  for (guint g = 0; g < groups->len && !stopped; g++)
    {
      const FxPlanGroup *group = &g_array_index (groups, FxPlanGroup, g);
      g_autoptr(FxStudy) study = fx_study_new (store_path);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autofree char *what = fx_plan_group_describe (group);
      FxStudySpec spec = { 0 };
      Study s = { 0 };
      gulong handler;

      s.loop = loop;
      s.study = study;
      s.cancellable = cancellable;
      s.n_group_cells = counts->len;
      s.first_cell = cell;
      s.n_cells = n_cells;
      s.what = what;
      s.store = store;
      s.price = group->baseline ? NULL : fx_price_lookup (group->generator->provider, group->generator->model);
      s.budget = budget;
      s.spent_before = spent;
      s.counted = counted;
      s.shown = shown;
      s.missing_utility = &missing_utility;
      s.missing_privacy = &missing_privacy;
      if (budget > 0 && !group->baseline && s.price != NULL && spent >= budget)
        {
          s.over_budget = TRUE;
          fx_price_free (s.price);
          stopped = TRUE;
          break;
        }

      spec.generator = group->generator->provider;
      spec.model = group->generator->model;
      spec.base_url = group->generator->base_url;
      spec.strategy = group->strategy;
      spec.n_rows = group->n_rows;
      spec.batch_rows = plan->batch_rows;
      /* one generation at a time: the plan's limit on requests in flight is the study's */
      spec.concurrency = plan->concurrency;
      spec.order = plan->order;
      spec.keep_groups = plan->keep_groups;
      spec.counts = (const guint *) counts->data;
      spec.n_counts = counts->len;
      spec.seed = group->seed;
      spec.use_environment = TRUE;
      spec.progress = on_progress;
      spec.progress_data = &s;
      handler = g_signal_connect (study, "notify::status", G_CALLBACK (on_status), &s);
      fx_study_run_async (study, &spec, schema, plan->reference_path, cancellable, on_study_done, &s);
      g_main_loop_run (loop);
      g_signal_handler_disconnect (study, handler);

      if (s.error != NULL)
        {
          if (s.over_budget)
            {
              g_clear_error (&s.error);
              spent = spend_now (&s);
              stopped = TRUE;
            }
          else
            {
              fx_cli_error ("%s: %s", what, s.error->message);
              g_error_free (s.error);
              fx_price_free (s.price);
              return FX_CLI_FAILED;
            }
        }
      else
        {
          GArray *steps = fx_study_get_steps (study);

          spent = spend_now (&s);
          for (guint i = 0; i < steps->len; i++)
            {
              gint64 *id = g_new (gint64, 1);

              *id = g_array_index (steps, FxStudyStep, i).run_id;
              g_hash_table_add (counted, id);
            }
          s.spent_before = spent;
          collect (&s, group, board);
        }
      fx_price_free (s.price);
      cell += counts->len;
    }
  if (stopped)
    {
      fx_cli_error (_("the budget of %.4f is reached (%.4f spent by the study's runs); nothing more is asked. "
                      "Run the same command with a higher --budget to carry on"), budget, spent);
      return FX_CLI_FAILED;
    }

  add_missing_note (board, _("Utility"), &missing_utility, board->cells->len);
  add_missing_note (board, _("Privacy"), &missing_privacy, board->cells->len);
  fx_leaderboard_tabulate (board);
  {
    g_autoptr(FxPrice) any = NULL;

    for (guint g = 0; g < groups->len && any == NULL; g++)
      {
        const FxPlanGroup *group = &g_array_index (groups, FxPlanGroup, g);

        if (!group->baseline)
          any = fx_price_lookup (group->generator->provider, group->generator->model);
      }
    board->currency = g_strdup (any != NULL ? any->currency : NULL);
  }
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
  printf (_("%u cells done; spent %.4f\n"), board->cells->len, spent);
  return FX_CLI_OK;
}
