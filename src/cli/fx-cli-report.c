/* fx-cli-report.c: facsimile-cli report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fx-cli.h"
#include "fx-cli-output.h"
#include "fx-file.h"
#include "fx-compare.h"
#include "fx-cli-sets.h"
#include "fx-report.h"
#include "fx-report-privacy.h"
#include "fx-evaluation.h"
#include "fx-utility-run.h"

static const struct
{
  const char       *name;
  FxReportSections  section;
} section_names[] = {
  { "summary", FX_REPORT_SECTION_SUMMARY },
  { "table", FX_REPORT_SECTION_FEATURE_TABLE },
  { "plots", FX_REPORT_SECTION_FEATURE_PLOTS },
  { "correlations", FX_REPORT_SECTION_CORRELATIONS },
  { "dimensionality", FX_REPORT_SECTION_DIMENSIONALITY },
  { "methods", FX_REPORT_SECTION_METHODS },
  { "utility", FX_REPORT_SECTION_UTILITY },
  { "privacy", FX_REPORT_SECTION_PRIVACY },
  { "validity", FX_REPORT_SECTION_VALIDITY },
};

static gboolean
parse_sections (const char       *text,
                FxReportSections *sections)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  *sections = 0;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gboolean found = FALSE;

      g_strstrip (parts[i]);
      for (guint k = 0; k < G_N_ELEMENTS (section_names); k++)
        if (g_str_equal (parts[i], section_names[k].name))
          {
            *sections |= section_names[k].section;
            found = TRUE;
          }
      if (!found)
        {
          fx_cli_error (_("unknown section “%s”: use summary, table, plots, correlations, dimensionality, methods, privacy or validity"),
                        parts[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* Models trained on the first set, tested on real rows: on the holdout its run kept
 * when it has one.  A schema without a binary target, or too few rows, leaves the
 * section out with a warning. */
static void
add_utility (FxReport     *report,
             FxEvaluation *evaluation)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  FxUtility *utility = fx_evaluation_utility (evaluation, 0, &note, &error);

  if (utility == NULL)
    {
      fx_cli_warning (_("no utility section: %s"), error->message);
      return;
    }
  if (note != NULL)
    fx_cli_warning ("%s", note);
  fx_report_set_utility (report, ((FxEvaluationSet *) g_ptr_array_index (evaluation->sets, 0))->label, utility);
  fx_report_keep (report, utility, (GDestroyNotify) fx_utility_free);
}

int
fx_cli_report (int    argc,
               char **argv)
{
  g_autofree char *real_path = NULL;
  g_auto(GStrv) synthetic_paths = NULL;
  g_auto(GStrv) run_ids = NULL;
  g_auto(GStrv) labels = NULL;
  g_autofree char *schema_path = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *output = NULL;
  g_autofree char *title = NULL;
  g_autofree char *author = NULL;
  g_autofree char *paper = NULL;
  g_autofree char *sections_text = NULL;
  gboolean with_data = FALSE;
  double alpha = FX_COMPARE_ALPHA;
  gint64 seed = 1;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FxEvaluationRequest) request = NULL;
  g_autoptr(FxEvaluation) evaluation = NULL;
  g_autoptr(FxCliFiles) files = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *csv_path = NULL;
  gboolean written;
  int status;
  g_autoptr(FxReport) report = NULL;
  FxReportFormat format;
  FxReportSections sections = FX_REPORT_SECTION_ALL;
  guint n_labels_used = 0;
  const GOptionEntry entries[] = {
    { "real", 0, 0, G_OPTION_ARG_FILENAME, &real_path, N_("The real (reference) table"), N_("R.csv") },
    { "synthetic", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &synthetic_paths, N_("A synthetic table (repeat for more)"), N_("S.csv") },
    { "run", 0, 0, G_OPTION_ARG_STRING_ARRAY, &run_ids, N_("A run in the store, with its provenance (repeat for more)"), N_("ID") },
    { "label", 0, 0, G_OPTION_ARG_STRING_ARRAY, &labels, N_("Name of each synthetic set, in order (default: file name or run)"), N_("NAME") },
    { "schema", 0, 0, G_OPTION_ARG_FILENAME, &schema_path, N_("Types, kinds and units of the features"), N_("SCHEMA.json") },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("The store (default in the user data folder)"), N_("FILE.db") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The report’s title"), N_("TITLE") },
    { "author", 0, 0, G_OPTION_ARG_STRING, &author, N_("Who made the report"), N_("NAME") },
    { "alpha", 0, 0, G_OPTION_ARG_DOUBLE, &alpha, N_("Significance level (default 0.05)"), N_("A") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed of the holdout split (default 1)"), N_("N") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper, N_("a4 or letter (default: the locale’s)"), N_("SIZE") },
    { "sections", 0, 0, G_OPTION_ARG_STRING, &sections_text,
      N_("Sections to include, comma-separated: summary, table, plots, correlations, dimensionality, methods, utility, privacy, validity (default all)"),
      N_("LIST") },
    { "with-data", 0, 0, G_OPTION_ARG_NONE, &with_data, N_("Also write the metrics as JSON and CSV beside a PDF or HTML report"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The report: .pdf, .html, .json or .csv"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("— a fidelity report of synthetic tables against a real one"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, fx_csv_limit_entries (), GETTEXT_PACKAGE);
  if (!fx_cli_parse_options (context, &argc, &argv))
    return FX_CLI_BAD_INPUT;
  if (real_path == NULL || (synthetic_paths == NULL && run_ids == NULL) || output == NULL)
    {
      fx_cli_error (_("report needs --real, at least one --synthetic or --run, and -o (see --help)"));
      return FX_CLI_BAD_INPUT;
    }
  if (!fx_report_format_from_path (output, &format))
    {
      fx_cli_error (_("%s: the report’s name must end in .pdf, .html, .json or .csv"), output);
      return FX_CLI_BAD_INPUT;
    }
  if (!(alpha > 0 && alpha < 1))
    {
      fx_cli_error (_("--alpha must lie between 0 and 1"));
      return FX_CLI_BAD_INPUT;
    }
  if (seed < 0)
    {
      fx_cli_error (_("--seed must be 0 or more"));
      return FX_CLI_BAD_INPUT;
    }
  if (sections_text != NULL && !parse_sections (sections_text, &sections))
    return FX_CLI_BAD_INPUT;
  with_data = with_data && (format == FX_REPORT_PDF || format == FX_REPORT_HTML);
  if (with_data)
    {
      json_path = fx_report_path_beside (output, ".json");
      csv_path = fx_report_path_beside (output, ".csv");
    }
  files = fx_cli_files_new ();
  fx_cli_files_input (files, real_path);
  fx_cli_files_inputs (files, (const char * const *) synthetic_paths);
  fx_cli_files_input (files, schema_path);
  fx_cli_files_input (files, run_ids != NULL ? store_path : NULL);
  fx_cli_files_output (files, output);
  fx_cli_files_output (files, json_path);
  fx_cli_files_output (files, csv_path);
  if (!fx_cli_files_check (files))
    return FX_CLI_BAD_INPUT;

  report = fx_report_new ();
  if (paper != NULL)
    {
      if (g_ascii_strcasecmp (paper, "a4") == 0)
        fx_report_set_paper (report, FX_REPORT_PAPER_A4);
      else if (g_ascii_strcasecmp (paper, "letter") == 0)
        fx_report_set_paper (report, FX_REPORT_PAPER_LETTER);
      else
        {
          fx_cli_error (_("--paper must be a4 or letter"));
          return FX_CLI_BAD_INPUT;
        }
    }
  fx_report_set_title (report, title);
  fx_report_set_author (report, author);
  fx_report_set_alpha (report, alpha);
  fx_report_set_sections (report, sections);

  request = fx_evaluation_request_new (real_path);
  fx_evaluation_request_set_store_path (request, store_path);
  fx_evaluation_request_set_holdout (request, FX_EVALUATION_HOLDOUT_EACH, (guint64) seed);
  fx_evaluation_request_set_alpha (request, alpha);
  fx_evaluation_request_set_privacy (request, TRUE);
  /* without a schema, the first run's */
  if (!fx_cli_sets_load_schema (request, schema_path))
    return FX_CLI_BAD_INPUT;
  /* the runs first, then the files, each named by its label in order */
  for (guint i = 0; run_ids != NULL && run_ids[i] != NULL; i++)
    {
      char *end = NULL;
      gint64 id = g_ascii_strtoll (run_ids[i], &end, 10);

      if (id <= 0 || *end != '\0')
        {
          fx_cli_error (_("--run takes a run’s number, not “%s”"), run_ids[i]);
          return FX_CLI_BAD_INPUT;
        }
      fx_evaluation_request_add_run (request, id, labels != NULL && n_labels_used < g_strv_length (labels)
                                                  ? labels[n_labels_used++] : NULL);
    }
  for (guint i = 0; synthetic_paths != NULL && synthetic_paths[i] != NULL; i++)
    fx_evaluation_request_add_csv (request, synthetic_paths[i],
                                   labels != NULL && n_labels_used < g_strv_length (labels)
                                   ? labels[n_labels_used++] : NULL);

  evaluation = fx_cli_sets_evaluate (request, &status);
  if (evaluation == NULL)
    return status;

  for (guint i = 0; i < evaluation->sets->len; i++)
    {
      FxEvaluationSet *set = g_ptr_array_index (evaluation->sets, i);

      if (set->run != NULL && set->run->rows_accepted < set->run->rows_requested)
        fx_cli_warning (_("run %lld has %lld of its %lld rows; the report uses what it has"),
                        (long long) set->run_id, (long long) set->run->rows_accepted,
                        (long long) set->run->rows_requested);
      {
        g_autoptr(FxProvenance) provenance = set->run != NULL ? fx_run_record_to_provenance (set->run) : NULL;

        fx_report_add_set (report, set->label, set->path, NULL, provenance, set->comparison, set->table);
      }
      if (set->privacy != NULL)
        fx_report_set_privacy (report, fx_report_get_n_sets (report) - 1, set->privacy);
      else if (set->privacy_why != NULL && evaluation->schema != NULL && evaluation->schema->target != NULL)
        fx_cli_warning (_("no privacy measures for %s: %s"), set->label, set->privacy_why);
    }
  fx_report_set_reference (report, real_path, NULL, evaluation->real, evaluation->schema);
  fx_report_set_inputs (report, schema_path, store_path);
  /* the report borrows the evaluation's tables and comparisons */
  fx_report_keep (report, fx_evaluation_ref (evaluation), (GDestroyNotify) fx_evaluation_unref);
  if ((sections & FX_REPORT_SECTION_UTILITY) && fx_utility_run_applies (evaluation->schema) &&
      evaluation->sets->len > 0)
    add_utility (report, evaluation);

  /* the report and its data files replace what was there together, or none does */
  fx_atomic_file_group_begin ();
  written = fx_report_write (report, output, format, NULL, NULL, NULL, &error) &&
            (!with_data ||
             (fx_report_write (report, json_path, FX_REPORT_JSON, NULL, NULL, NULL, &error) &&
              fx_report_write (report, csv_path, FX_REPORT_CSV, NULL, NULL, NULL, &error)));
  if (!fx_atomic_file_group_end (written, written ? &error : NULL))
    {
      fx_cli_error ("%s", error->message);
      return FX_CLI_FAILED;
    }
  return FX_CLI_OK;
}
