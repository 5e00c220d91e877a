/* fx-report-reproduce.c: the report's "How to reproduce" block
 *
 * The facsimile-cli command that computes the same numbers again: the same real
 * table, the same runs or synthetic files in the same order and under the same
 * names, the same schema, significance level, holdout seed and sections.  Paths are
 * written as they were given, quoted for a POSIX shell only where they need it, one
 * option to a line so that no line breaks inside an option.  Nothing secret is ever
 * part of it: a comparison takes no key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fx-report-blocks.h"
#include "fx-report-private.h"
#include "fx-report-sections.h"

void
fx_report_set_inputs (FxReport   *report,
                      const char *schema_path,
                      const char *store_path)
{
  g_return_if_fail (report != NULL);

  g_free (report->schema_path);
  report->schema_path = schema_path != NULL && *schema_path != '\0' ? g_strdup (schema_path) : NULL;
  g_free (report->store_path);
  report->store_path = store_path != NULL && *store_path != '\0' ? g_strdup (store_path) : NULL;
}

void
fx_report_set_command (FxReport   *report,
                       const char *command)
{
  g_return_if_fail (report != NULL);

  g_free (report->command);
  report->command = g_strdup (command);
}

/* @word as a shell reads it: as it is when it holds only characters without a
 * meaning to the shell, else in single quotes. */
char *
fx_report_shell_word (const char *word)
{
  gboolean plain = *word != '\0';

  for (const char *p = word; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_-./:=@%+,", *p) == NULL)
      {
        plain = FALSE;
        break;
      }
  return plain ? g_strdup (word) : g_shell_quote (word);
}

static void
option (GString    *command,
        const char *name,
        const char *value)
{
  g_autofree char *word = value != NULL ? fx_report_shell_word (value) : NULL;

  g_string_append_printf (command, " \\\n  %s", name);
  if (word != NULL)
    g_string_append_printf (command, " %s", word);
}

static const struct
{
  FxReportSections section;
  const char      *name;
} section_names[] = {
  { FX_REPORT_SECTION_SUMMARY, "summary" },
  { FX_REPORT_SECTION_FEATURE_TABLE, "table" },
  { FX_REPORT_SECTION_FEATURE_PLOTS, "plots" },
  { FX_REPORT_SECTION_CORRELATIONS, "correlations" },
  { FX_REPORT_SECTION_DIMENSIONALITY, "dimensionality" },
  { FX_REPORT_SECTION_METHODS, "methods" },
  { FX_REPORT_SECTION_UTILITY, "utility" },
  { FX_REPORT_SECTION_PRIVACY, "privacy" },
  { FX_REPORT_SECTION_VALIDITY, "validity" },
};

char *
fx_report_reproduce_command (FxReport *report)
{
  g_autoptr(GString) command = g_string_new ("facsimile-cli report");
  gboolean has_runs = FALSE;

  g_return_val_if_fail (report != NULL, NULL);

  if (report->command != NULL)
    return g_strdup (report->command);
  if (report->reference_path == NULL)
    return NULL;
  /* a set the report holds only in memory (a study's) cannot be named on a command line */
  for (guint i = 0; i < report->sets->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (report->sets, i);

      if (set->run == NULL && set->path == NULL)
        return NULL;
      has_runs = has_runs || set->run != NULL;
    }

  option (command, "--real", report->reference_path);
  /* the command reads the runs first, then the files, and names them in that order */
  for (guint i = 0; i < report->sets->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (report->sets, i);
      g_autofree char *id = set->run != NULL ? g_strdup_printf ("%" G_GINT64_FORMAT, set->run->id) : NULL;

      if (set->run != NULL)
        option (command, "--run", id);
    }
  for (guint i = 0; i < report->sets->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (report->sets, i);

      if (set->run == NULL)
        option (command, "--synthetic", set->path);
    }
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < report->sets->len; i++)
      {
        FxReportSet *set = g_ptr_array_index (report->sets, i);

        if ((pass == 0) == (set->run != NULL) && set->label != NULL)
          option (command, "--label", set->label);
      }
  if (report->schema_path != NULL)
    option (command, "--schema", report->schema_path);
  if (has_runs && report->store_path != NULL)
    option (command, "--store", report->store_path);
  if (report->alpha != FX_COMPARE_ALPHA)
    {
      char alpha[G_ASCII_DTOSTR_BUF_SIZE];

      option (command, "--alpha", g_ascii_formatd (alpha, sizeof alpha, "%g", report->alpha));
    }
  for (guint i = 0; i < report->sets->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (report->sets, i);

      if (set->comparison->holdout != NULL && set->comparison->holdout_seed != 1)
        {
          g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, set->comparison->holdout_seed);

          option (command, "--seed", seed);
          break;
        }
    }
  if (report->sections != FX_REPORT_SECTION_ALL)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (section_names); i++)
        if (report->sections & section_names[i].section)
          g_string_append_printf (list, "%s%s", list->len > 0 ? "," : "", section_names[i].name);
      option (command, "--sections", list->str);
    }
  option (command, "-o", report->output_path != NULL ? report->output_path : "report.pdf");
  return g_string_free (g_steal_pointer (&command), FALSE);
}

void
fx_report_reproduce_section (FxReport   *report,
                             FxDocument *doc)
{
  g_autofree char *command = fx_report_reproduce_command (report);

  fx_document_heading (doc, 2, "reproduce", _("How to reproduce"));
  if (command == NULL)
    {
      fx_document_paragraph (doc, _("The synthetic sets of this report were not saved as files or runs, so no command "
                        "can name them; save them to compute the numbers again."));
      return;
    }
  fx_document_paragraph (doc, _("This command computes the same numbers again from the same files (runs are read from "
                    "the store where they were saved):"));
  fx_document_command (doc, command);
}
