/* fx-report-document.c: what a report says, as blocks for the PDF and HTML writers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-report-private.h"
#include "fx-report-sections.h"
#include "fx-stats.h"

#define MOST_DIFFERENT 8

/* ---- blocks ------------------------------------------------------------------------ */

static void
block_free (FxBlock *block)
{
  g_free (block->id);
  g_free (block->text);
  g_clear_pointer (&block->items, g_ptr_array_unref);
  g_free (block->widths);
  g_free (block->align);
  g_clear_pointer (&block->plots[0], fx_plot_free);
  g_clear_pointer (&block->plots[1], fx_plot_free);
  g_free (block);
}

void
fx_document_free (FxDocument *doc)
{
  if (doc == NULL)
    return;
  g_ptr_array_unref (doc->blocks);
  g_free (doc);
}

static FxBlock *
add (FxDocument  *doc,
     FxBlockKind  kind,
     char        *text)   /* (transfer full) */
{
  FxBlock *block = g_new0 (FxBlock, 1);

  block->kind = kind;
  block->text = text;
  g_ptr_array_add (doc->blocks, block);
  return block;
}

static void
heading (FxDocument *doc,
         guint       level,
         const char *id,
         const char *text)
{
  FxBlock *block = add (doc, FX_BLOCK_HEADING, g_strdup (text));

  block->level = level;
  block->id = g_strdup (id);
}

G_GNUC_PRINTF (2, 3)
static void
paragraph (FxDocument *doc,
           const char *format,
           ...)
{
  va_list args;

  va_start (args, format);
  add (doc, FX_BLOCK_PARAGRAPH, g_strdup_vprintf (format, args));
  va_end (args);
}

static GPtrArray *
strings (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

static void
fact (GPtrArray  *facts,
      const char *term,
      char       *value)   /* (transfer full) nullable: skipped */
{
  if (value == NULL)
    return;
  g_ptr_array_add (facts, g_strdup (term));
  g_ptr_array_add (facts, value);
}

static void
facts_block (FxDocument *doc,
             GPtrArray  *facts)   /* (transfer full) */
{
  FxBlock *block = add (doc, FX_BLOCK_FACTS, NULL);

  block->items = facts;
}

static void
bullets (FxDocument *doc,
         GPtrArray  *items)    /* (transfer full) */
{
  FxBlock *block;

  if (items->len == 0)
    {
      g_ptr_array_unref (items);
      return;
    }
  block = add (doc, FX_BLOCK_BULLETS, NULL);
  block->items = items;
}

/* A table of @n_columns: @cells holds the header, then the rows. */
static FxBlock *
table (FxDocument   *doc,
       const char   *caption,
       guint         n_columns,
       const double *widths,
       GPtrArray    *cells)   /* (transfer full) */
{
  FxBlock *block = add (doc, FX_BLOCK_TABLE, g_strdup (caption));
  double total = 0;

  block->n_columns = n_columns;
  block->items = cells;
  block->widths = g_new (double, n_columns);
  block->align = g_new0 (FxAlign, n_columns);
  for (guint i = 0; i < n_columns; i++)
    total += widths[i];
  for (guint i = 0; i < n_columns; i++)
    {
      block->widths[i] = widths[i] / total;
      block->align[i] = i == 0 ? FX_ALIGN_START : FX_ALIGN_END;
    }
  return block;
}

static void
figures (FxDocument *doc,
         char       *caption,   /* (transfer full) */
         FxPlot     *first,
         FxPlot     *second,
         double      aspect)
{
  FxBlock *block;

  if (first == NULL)
    {
      g_free (caption);
      g_clear_pointer (&second, fx_plot_free);
      return;
    }
  block = add (doc, FX_BLOCK_FIGURES, caption);
  block->plots[0] = first;
  block->plots[1] = second;
  block->aspect = aspect;
}

/* ---- words and numbers -------------------------------------------------------------- */

static char *
num (double value,
     int    digits)
{
  return fx_report_format_number (value, digits);
}

static char *
percent (gsize part,
         gsize whole)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (whole == 0)
    return g_strdup ("—");
  /* one decimal, never an exponent: 2 of 3000 is 0.1% */
  return g_strdup_printf ("%s%%", g_ascii_formatd (buffer, sizeof buffer, "%.1f", 100.0 * part / whole));
}

static char *
count (gint64 n)
{
  /* thousands separated by a thin space, whatever the locale */
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, n < 0 ? -n : n);
  GString *out = g_string_new (n < 0 ? "−" : "");
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0 && len > 4)
        g_string_append (out, " ");
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static const char *
basename_of (const char *path,
             char      **storage)
{
  if (path == NULL)
    return _("(not saved to a file)");
  *storage = g_path_get_basename (path);
  return *storage;
}

static gboolean
differs (const FxFeatureComparison *r,
         double                 alpha)
{
  return r->tested && isfinite (r->pvalue_adjusted) && r->pvalue_adjusted < alpha;
}

static double
distance_of (const FxFeatureComparison *r)
{
  return fx_feature_comparison_distance (r, FX_DISTANCE_SHAPE);
}

static char *
statistic_text (const FxFeatureComparison *r)
{
  g_autofree char *value = NULL;

  if (!r->tested)
    return g_strdup ("—");
  if (r->kind == FX_FEATURE_CONTINUOUS)
    {
      value = num (r->ks.statistic, 3);
      return g_strdup_printf ("D %s", value);
    }
  value = num (r->chi2.statistic, 2);
  return g_strdup_printf ("χ² %s", value);
}

/* What a run disclosed, in words: "none" or who got which rows and columns. */
static char *
disclosure_text (const FxReportSet *set,
                 gboolean          *sent)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *entries;
  GString *out;

  *sent = FALSE;
  if (set->run == NULL)
    return NULL;
  node = set->run->real_data_sent != NULL ? json_from_string (set->run->real_data_sent, NULL) : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return g_strdup (_("Unknown: the run’s record of what it sent cannot be read."));
  entries = json_node_get_array (node);
  if (json_array_get_length (entries) == 0)
    return g_strdup (_("No real rows left this machine."));

  *sent = TRUE;
  out = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *e = json_array_get_object_element (entries, i);
      JsonObject *what = e != NULL && json_object_has_member (e, "sent")
                         ? json_object_get_object_member (e, "sent") : NULL;
      JsonArray *rows = what != NULL && json_object_has_member (what, "real_rows")
                        ? json_object_get_array_member (what, "real_rows") : NULL;
      JsonArray *columns = what != NULL && json_object_has_member (what, "columns")
                           ? json_object_get_array_member (what, "columns") : NULL;
      g_autoptr(GString) row_list = g_string_new (NULL);
      g_autoptr(GString) column_list = g_string_new (NULL);
      guint n_rows = rows != NULL ? json_array_get_length (rows) : 0;

      if (e == NULL)
        continue;
      for (guint k = 0; k < n_rows; k++)
        /* stored from 0; printed as a spreadsheet counts them, from 1 below the header */
        g_string_append_printf (row_list, "%s%" G_GINT64_FORMAT, k > 0 ? ", " : "",
                                json_array_get_int_element (rows, k) + 1);
      for (guint k = 0; columns != NULL && k < json_array_get_length (columns); k++)
        g_string_append_printf (column_list, "%s%s", k > 0 ? ", " : "",
                                json_array_get_string_element (columns, k));
      g_string_append_printf (out,
                              ngettext ("%u real row was sent to %s (%s): data row %s of the reference table (counted from 1 below the header), with the columns %s.",
                                        "%u real rows were sent to %s (%s): data rows %s of the reference table (counted from 1 below the header), with the columns %s.",
                                        n_rows),
                              n_rows,
                              json_object_get_string_member_with_default (e, "to", "?"),
                              json_object_get_string_member_with_default (e, "base_url", "?"),
                              row_list->str, column_list->str);
    }
  return g_string_free (out, FALSE);
}

/* ---- the sections ------------------------------------------------------------------- */

static void
title_page (FxReport   *report,
            FxDocument *doc)
{
  g_autofree char *reference_name = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) local = g_date_time_to_local (report->created != NULL ? report->created : now);
  GPtrArray *facts = strings ();
  GPtrArray *sent = strings ();
  g_autoptr(GString) sets = g_string_new (NULL);

  add (doc, FX_BLOCK_TITLE, g_strdup (report->title != NULL ? report->title
                                                            : _("Synthetic Data Fidelity Report")));
  add (doc, FX_BLOCK_SUBTITLE,
       g_strdup_printf (ngettext ("%u synthetic set compared with the real table %s",
                                  "%u synthetic sets compared with the real table %s",
                                  report->sets->len),
                        report->sets->len, basename_of (report->reference_path, &reference_name)));

  fact (facts, _("Author"), g_strdup (report->author));
  fact (facts, _("Date"), g_date_time_format (local, "%Y-%m-%d %H:%M %Z"));
  fact (facts, _("Reference table"), g_strdup (report->reference_path != NULL ? report->reference_path
                                                                              : _("(not saved to a file)")));
  fact (facts, _("Its SHA-256"), g_strdup (report->reference_sha256));
  fact (facts, _("Real rows"), count (report->real->n_rows));
  if (report->schema != NULL && report->schema->name != NULL)
    fact (facts, _("Schema"), g_strdup (report->schema->name));
  for (guint i = 0; i < report->sets->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (report->sets, i);
      g_autofree char *rows = count (set->comparison->synthetic_rows);

      g_string_append_printf (sets, "%s%s (%s)", i > 0 ? "; " : "", set->label, rows);
    }
  fact (facts, ngettext ("Synthetic set (rows)", "Synthetic sets (rows)", report->sets->len),
        g_strdup (sets->str));
  {
    g_autofree char *alpha = num (report->alpha, 2);

    fact (facts, _("Significance level"), g_strdup_printf ("α = %s", alpha));
  }
  fact (facts, _("Made with"), g_strdup ("Facsimile " PACKAGE_VERSION));
  facts_block (doc, facts);

  /* what left the machine, always on the first page */
  for (guint i = 0; i < report->sets->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (report->sets, i);
      gboolean was_sent;
      g_autofree char *text = disclosure_text (set, &was_sent);

      if (was_sent || (text != NULL && set->run != NULL && !g_str_equal (text, _("No real rows left this machine."))))
        g_ptr_array_add (sent, g_strdup_printf ("%s: %s", set->label, text));
    }
  if (sent->len == 0)
    {
      gboolean any_file = FALSE;

      for (guint i = 0; i < report->sets->len; i++)
        any_file |= ((FxReportSet *) g_ptr_array_index (report->sets, i))->run == NULL;
      add (doc, FX_BLOCK_NOTE,
           g_strdup (any_file
                     ? _("Real data sent to others: no real rows left this machine in the runs recorded here. "
                         "Synthetic sets read from files carry no record of how they were made.")
                     : _("Real data sent to others: no real rows left this machine.")));
      g_ptr_array_unref (sent);
    }
  else
    {
      g_autofree char *joined = NULL;

      g_ptr_array_add (sent, NULL);
      joined = g_strjoinv (" ", (char **) sent->pdata);
      /* level 1: set apart as a warning */
      add (doc, FX_BLOCK_NOTE, g_strdup_printf (_("Real data sent to others: %s"), joined))->level = 1;
      g_ptr_array_unref (sent);
    }
  add (doc, FX_BLOCK_CONTENTS, g_strdup (_("Contents")));
}

static void
glance_row (GPtrArray                 *cells,
            const char                *label,
            gsize                      rows,
            const FxComparisonSummary *s)
{
  g_ptr_array_add (cells, g_strdup (label));
  g_ptr_array_add (cells, count (rows));
  g_ptr_array_add (cells, g_strdup_printf ("%u / %u", s->significant, s->tested));
  g_ptr_array_add (cells, num (s->mean_ks, 3));
  g_ptr_array_add (cells, num (s->mean_tvd, 3));
  g_ptr_array_add (cells, num (s->mean_kl, 3));
  g_ptr_array_add (cells, num (s->pearson_mean_abs_difference, 3));
}

static int
by_distance (gconstpointer a,
             gconstpointer b)
{
  double x = distance_of (*(const FxFeatureComparison * const *) a);
  double y = distance_of (*(const FxFeatureComparison * const *) b);

  return (x < y) - (x > y);
}

static void
summary_of_set (FxReport    *report,
                FxDocument  *doc,
                FxReportSet *set)
{
  const FxComparison *c = set->comparison;
  FxComparisonSummary s, h;
  g_autofree char *alpha = num (report->alpha, 2);
  g_autofree char *real_rows = count (c->real_rows);
  g_autofree char *synthetic_rows = count (c->synthetic_rows);
  g_autoptr(GPtrArray) differing = g_ptr_array_new ();
  GPtrArray *items;

  fx_comparison_summarize (c, report->alpha, &s);
  paragraph (doc,
             _("%s rows of “%s” were compared with %s real rows on %u features (%u continuous, %u categorical). "
               "At a significance level of %s, after the Benjamini–Hochberg correction for testing many features at once, "
               "%u of the %u features that could be tested differ from the real data and %u are indistinguishable from it."),
             synthetic_rows, set->label, real_rows, s.features, s.continuous, s.categorical, alpha,
             s.significant, s.tested, s.tested - s.significant);

  if (c->holdout != NULL)
    {
      g_autofree char *ks = num (s.mean_ks, 3);
      g_autofree char *hks = NULL;
      g_autofree char *r = num (s.pearson_mean_abs_difference, 3);
      g_autofree char *hr = NULL;

      fx_comparison_summarize (c->holdout, report->alpha, &h);
      hks = num (h.mean_ks, 3);
      hr = num (h.pearson_mean_abs_difference, 3);
      paragraph (doc,
                 _("For scale, two random halves of the real table (the holdout baseline) differ on %u features. "
                   "The mean Kolmogorov–Smirnov distance of the continuous features is %s against %s for the halves, "
                   "and the mean absolute difference of their Pearson correlations %s against %s. "
                   "Differences well beyond the baseline’s are the generator’s, not chance."),
                 h.significant, ks, hks, r, hr);
    }
  else
    {
      g_autofree char *ks = num (s.mean_ks, 3);
      g_autofree char *r = num (s.pearson_mean_abs_difference, 3);

      paragraph (doc,
                 _("The mean Kolmogorov–Smirnov distance of the continuous features is %s and the mean absolute "
                   "difference of their Pearson correlations %s. No holdout baseline was computed to show what "
                   "chance alone gives."),
                 ks, r);
    }

  for (guint i = 0; i < c->features->len; i++)
    {
      const FxFeatureComparison *r = g_ptr_array_index (c->features, i);

      if (differs (r, report->alpha))
        g_ptr_array_add (differing, (gpointer) r);
    }
  g_ptr_array_sort (differing, by_distance);
  if (differing->len == 0)
    {
      paragraph (doc, _("No feature differs at this level."));
      return;
    }
  paragraph (doc, ngettext ("The feature that differs, by its distance from the real data:",
                            differing->len > MOST_DIFFERENT
                            ? "The features that differ most, by their distance from the real data:"
                            : "The features that differ, by their distance from the real data:",
                            differing->len));
  items = strings ();
  for (guint i = 0; i < MIN (differing->len, MOST_DIFFERENT); i++)
    {
      const FxFeatureComparison *r = g_ptr_array_index (differing, i);

      if (r->kind == FX_FEATURE_CONTINUOUS)
        {
          g_autofree char *d = num (r->ks.statistic, 3);
          g_autofree char *mr = num (r->real_mean, 2);
          g_autofree char *ms = num (r->synthetic_mean, 2);
          g_autofree char *sr = num (r->real_sd, 2);
          g_autofree char *ss = num (r->synthetic_sd, 2);

          g_ptr_array_add (items, g_strdup_printf (_("%s: KS D = %s; mean %s (SD %s) real, %s (SD %s) synthetic"),
                                                   r->name, d, mr, sr, ms, ss));
        }
      else
        {
          g_autofree char *tvd = num (r->tvd, 3);

          g_ptr_array_add (items, g_strdup_printf (_("%s: the category shares differ by TVD = %s"), r->name, tvd));
        }
    }
  if (differing->len > MOST_DIFFERENT)
    g_ptr_array_add (items, g_strdup_printf (ngettext ("and %u more (see the table of features)",
                                                       "and %u more (see the table of features)",
                                                       differing->len - MOST_DIFFERENT),
                                             differing->len - MOST_DIFFERENT));
  bullets (doc, items);
}

static void
summary (FxReport   *report,
         FxDocument *doc)
{
  static const double widths[] = { 3.2, 1.2, 1.4, 1.1, 1.1, 1.1, 1.2 };
  GPtrArray *cells = strings ();
  GPtrArray *caveats = strings ();
  const FxComparison *holdout = NULL;
  gsize smallest = G_MAXSIZE;
  g_autofree char *caption = NULL;

  heading (doc, 1, "summary", _("Summary"));

  g_ptr_array_add (cells, g_strdup (_("Set")));
  g_ptr_array_add (cells, g_strdup (_("Rows")));
  g_ptr_array_add (cells, g_strdup (_("Differ / tested")));
  g_ptr_array_add (cells, g_strdup (_("Mean KS D")));
  g_ptr_array_add (cells, g_strdup (_("Mean TVD")));
  g_ptr_array_add (cells, g_strdup (_("Mean KL")));
  g_ptr_array_add (cells, g_strdup (_("Mean |Δr|")));
  for (guint i = 0; i < report->sets->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (report->sets, i);
      FxComparisonSummary s;

      fx_comparison_summarize (set->comparison, report->alpha, &s);
      glance_row (cells, set->label, set->comparison->synthetic_rows, &s);
      if (holdout == NULL)
        holdout = set->comparison->holdout;
      smallest = MIN (smallest, set->comparison->synthetic_rows);
    }
  if (holdout != NULL)
    {
      FxComparisonSummary h;

      fx_comparison_summarize (holdout, report->alpha, &h);
      glance_row (cells, _("Holdout: real half against real half"), holdout->synthetic_rows, &h);
    }
  {
    g_autofree char *alpha = num (report->alpha, 2);

    caption = g_strdup_printf (_("At a glance: features that differ at α = %s (Benjamini–Hochberg), and mean distances"),
                               alpha);
  }
  table (doc, caption, 7, widths, cells);

  for (guint i = 0; i < report->sets->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (report->sets, i);

      if (report->sets->len > 1)
        {
          g_autofree char *id = g_strdup_printf ("summary-%u", i + 1);

          heading (doc, 2, id, set->label);
        }
      summary_of_set (report, doc, set);
    }

  heading (doc, 2, "caveats", _("Reading these results"));
  g_ptr_array_add (caveats,
                   g_strdup (_("Sample size decides what a test can see. With thousands of rows, differences too small to "
                               "matter clinically become significant; with a few hundred, large ones can pass. Read the "
                               "distances (KS D, TVD) beside the verdicts, and take the holdout baseline as the yardstick "
                               "for what chance alone gives.")));
  g_ptr_array_add (caveats,
                   g_strdup (_("Many features are tested at once. The Benjamini–Hochberg correction keeps the expected "
                               "share of false alarms among the features called different at α, but a few of them may "
                               "still be false alarms, and “indistinguishable” never proves that two distributions are "
                               "the same.")));
  g_ptr_array_add (caveats,
                   g_strdup (_("The tests look at one feature at a time; the correlation section looks at pairs. Neither "
                               "shows that the synthetic records are private, or fit for a particular analysis.")));
  if (report->real->n_rows < 100 || smallest < 100)
    g_ptr_array_add (caveats,
                     g_strdup (_("At least one table has fewer than 100 rows: expect the tests to miss real differences.")));
  bullets (doc, caveats);
}

static void
run_facts (GPtrArray         *facts,
           const FxProvenance *run)
{
  g_autoptr(JsonNode) parameters = run->parameters != NULL ? json_from_string (run->parameters, NULL) : NULL;

  fact (facts, _("Provider"), g_strdup (run->provider));
  fact (facts, _("Model"), g_strdup (run->model));
  fact (facts, _("Server"), g_strdup (run->base_url));
  fact (facts, _("Strategy"), g_strdup (run->strategy));
  if (parameters != NULL && JSON_NODE_HOLDS_OBJECT (parameters))
    {
      JsonObject *o = json_node_get_object (parameters);
      g_autoptr(GList) members = json_object_get_members (o);
      g_autoptr(GString) text = g_string_new (NULL);

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *value = fx_json_node_to_string (json_object_get_member (o, l->data));

          g_string_append_printf (text, "%s%s = %s", text->len > 0 ? ", " : "", (char *) l->data, value);
        }
      fact (facts, _("Parameters"), g_strdup (text->str));
    }
  fact (facts, _("Prompt template SHA-256"), g_strdup (run->prompt_template_hash));
  fact (facts, _("Started"), g_strdup (run->created));
  fact (facts, _("Finished"), g_strdup (run->finished));
  fact (facts, _("Status"), run->status_reason != NULL
                            ? g_strdup_printf ("%s (%s)", run->status, run->status_reason)
                            : g_strdup (run->status));
  {
    g_autofree char *requested = count (run->rows_requested);
    g_autofree char *accepted = count (run->rows_accepted);
    g_autofree char *rejected = count (run->rows_rejected);
    g_autofree char *requests = count (run->requests);
    g_autofree char *prompt = count (run->prompt_tokens);
    g_autofree char *completion = count (run->completion_tokens);

    fact (facts, _("Rows"), g_strdup_printf (_("%s requested, %s accepted, %s rejected"),
                                             requested, accepted, rejected));
    fact (facts, _("Requests and tokens"),
          g_strdup_printf (_("%s requests; %s prompt and %s completion tokens"), requests, prompt, completion));
  }
  if (run->reference_sha256 != NULL)
    fact (facts, _("Reference it was made from (SHA-256)"), g_strdup (run->reference_sha256));
}

static void
provenance (FxReport   *report,
            FxDocument *doc)
{
  GPtrArray *facts = strings ();

  heading (doc, 1, "provenance", _("Provenance"));
  paragraph (doc, _("Where each table came from, so that the comparison can be checked and repeated."));

  heading (doc, 2, "provenance-reference", _("The real table"));
  fact (facts, _("File"), g_strdup (report->reference_path != NULL ? report->reference_path : _("(not saved to a file)")));
  fact (facts, _("SHA-256"), g_strdup (report->reference_sha256));
  {
    g_autofree char *rows = count (report->real->n_rows);

    fact (facts, _("Rows and columns"), g_strdup_printf (_("%s rows, %u columns"), rows, report->real->columns->len));
  }
  if (report->schema != NULL)
    fact (facts, _("Schema"), g_strdup_printf (ngettext ("%s, %u feature", "%s, %u features", report->schema->features->len),
                                               report->schema->name != NULL ? report->schema->name : _("unnamed"),
                                               report->schema->features->len));
  facts_block (doc, facts);

  for (guint i = 0; i < report->sets->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (report->sets, i);
      g_autofree char *id = g_strdup_printf ("provenance-%u", i + 1);
      gboolean sent;
      g_autofree char *disclosure = disclosure_text (set, &sent);

      heading (doc, 2, id, set->label);
      facts = strings ();
      if (set->run != NULL)
        fact (facts, _("Source"), g_strdup_printf (_("Run %lld in the store"), (long long) set->run->id));
      if (set->path != NULL)
        fact (facts, _("File"), g_strdup (set->path));
      fact (facts, _("SHA-256"), g_strdup (set->sha256));
      fact (facts, _("Rows compared"), count (set->comparison->synthetic_rows));
      if (set->run != NULL)
        run_facts (facts, set->run);
      else
        fact (facts, _("How it was made"),
              g_strdup (_("Read from a file: no record of the generator, its parameters or what it was sent.")));
      fact (facts, _("Real data sent"), g_steal_pointer (&disclosure));
      facts_block (doc, facts);
    }
}

static void
feature_table (FxReport    *report,
               FxDocument  *doc,
               FxReportSet *set,
               guint        index)
{
  static const double widths[] = { 92, 47, 44, 46, 37, 37, 40, 44, 46, 40 };
  const FxComparison *c = set->comparison;
  GPtrArray *cells = strings ();
  g_autofree char *caption = NULL;
  const char *header[] = {
    _("Feature"), _("Statistic"), _("p"), _("Adjusted p"), _("Result"), _("KL"), _("W₁ or TVD"),
    _("Missing, real"), _("Missing, synth."), _("Holdout"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    g_ptr_array_add (cells, g_strdup (header[i]));
  for (guint i = 0; i < c->features->len; i++)
    {
      const FxFeatureComparison *r = g_ptr_array_index (c->features, i);
      const FxFeatureComparison *h = c->holdout != NULL ? fx_comparison_find (c->holdout, r->name) : NULL;

      g_ptr_array_add (cells, g_strdup (r->name));
      g_ptr_array_add (cells, statistic_text (r));
      g_ptr_array_add (cells, fx_report_format_pvalue (r->pvalue));
      g_ptr_array_add (cells, fx_report_format_pvalue (r->pvalue_adjusted));
      g_ptr_array_add (cells, g_strdup (!r->tested ? _("untested") : differs (r, report->alpha) ? _("differs") : _("alike")));
      g_ptr_array_add (cells, num (r->kl, 3));
      g_ptr_array_add (cells, num (fx_feature_comparison_distance (r, FX_DISTANCE_SCALE), 3));
      g_ptr_array_add (cells, percent (r->real_missing, c->real_rows));
      g_ptr_array_add (cells, percent (r->synthetic_missing, c->synthetic_rows));
      g_ptr_array_add (cells, num (distance_of (h), 3));
    }
  {
    g_autofree char *alpha = num (report->alpha, 2);

    caption = g_strdup_printf (_("%s: each feature against the real data (α = %s)"), set->label, alpha);
  }
  table (doc, caption, G_N_ELEMENTS (header), widths, cells);
  (void) index;
}

static void
not_compared (FxDocument         *doc,
              const FxComparison *c)
{
  struct { GPtrArray *names; const char *what; } lists[] = {
    { c->only_in_real, N_("Only in the real table, so not compared:") },
    { c->only_in_synthetic, N_("Only in the synthetic table:") },
    { c->in_neither, N_("In the schema but in neither table:") },
    { c->not_in_schema, N_("In the tables but not in the schema:") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    if (lists[i].names != NULL && lists[i].names->len > 0)
      {
        g_autofree char *joined = NULL;

        g_ptr_array_add (lists[i].names, NULL);
        joined = g_strjoinv (", ", (char **) lists[i].names->pdata);
        g_ptr_array_remove_index (lists[i].names, lists[i].names->len - 1);
        paragraph (doc, "%s %s.", _(lists[i].what), joined);
      }
}

static void
features_section (FxReport   *report,
                  FxDocument *doc)
{
  heading (doc, 1, "features", _("Per-feature results"));
  paragraph (doc, _("Continuous features are tested with the two-sample Kolmogorov–Smirnov test (statistic D), "
                    "categorical ones with the chi-square test of homogeneity (χ²). “Adjusted p” is the "
                    "Benjamini–Hochberg adjusted p-value; a feature differs when it is below α. KL is the "
                    "Kullback–Leibler divergence of the synthetic from the real distribution; W₁ is the "
                    "Wasserstein-1 distance in the feature’s own unit, TVD the total variation distance of "
                    "category shares. The last column, Holdout, is the same distance (D or TVD) between two halves of the real table."));
  for (guint i = 0; i < report->sets->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (report->sets, i);

      if (report->sets->len > 1)
        {
          g_autofree char *id = g_strdup_printf ("features-%u", i + 1);

          heading (doc, 2, id, set->label);
        }
      feature_table (report, doc, set, i);
      not_compared (doc, set->comparison);
    }
}

static FxFigureSet *
figure_sets (FxReport *report)
{
  FxFigureSet *sets = g_new0 (FxFigureSet, report->sets->len);

  for (guint i = 0; i < report->sets->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (report->sets, i);

      sets[i].label = set->label;
      sets[i].comparison = set->comparison;
      sets[i].synthetic = set->synthetic;
    }
  return sets;
}

/* "= 0.0123" or "< 0.0001" */
static char *
pvalue_relation (double p)
{
  g_autofree char *text = fx_report_format_pvalue (p);

  return text[0] == '<' ? g_steal_pointer (&text) : g_strdup_printf ("= %s", text);
}

static char *
feature_caption (FxReport              *report,
                 const FxFeatureComparison *r)
{
  g_autoptr(GString) out = g_string_new (r->name);

  if (!r->tested)
    {
      g_string_append (out, _(": not tested (no values on one side)"));
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  if (r->kind == FX_FEATURE_CONTINUOUS)
    {
      g_autofree char *d = num (r->ks.statistic, 3);
      g_autofree char *p = pvalue_relation (r->pvalue_adjusted);

      g_string_append_printf (out, _(": KS D = %s, adjusted p %s, %s. Left, histograms and density curves; "
                                     "right, distribution functions with the largest gap (D) marked."),
                              d, p, differs (r, report->alpha) ? _("differs") : _("alike"));
    }
  else
    {
      g_autofree char *tvd = num (r->tvd, 3);
      g_autofree char *p = pvalue_relation (r->pvalue_adjusted);

      g_string_append_printf (out, _(": TVD = %s, adjusted p %s, %s. Shares of each category."),
                              tvd, p, differs (r, report->alpha) ? _("differs") : _("alike"));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
plots_section (FxReport         *report,
               FxDocument       *doc,
               FxReportProgress  progress,
               gpointer          user_data,
               double            from,
               double            to,
               GCancellable     *cancellable)
{
  g_autofree FxFigureSet *sets = figure_sets (report);
  const FxComparison *first = ((FxReportSet *) g_ptr_array_index (report->sets, 0))->comparison;

  heading (doc, 1, "plots", _("Feature plots"));
  paragraph (doc, _("Each feature of the real table (first colour) beside the synthetic sets. The x axis carries "
                    "the schema’s unit where it has one."));
  for (guint i = 0; i < first->features->len; i++)
    {
      const FxFeatureComparison *r = g_ptr_array_index (first->features, i);
      FxPlot *ecdf = NULL;
      FxPlot *distribution;

      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      {
        const FxFeature *f = report->schema != NULL ? fx_schema_find_feature (report->schema, r->name) : NULL;

        if (f != NULL && f->identifier)
          {
            g_autofree char *why = g_strdup_printf (_("%s is an identifier: its values name hospitals, patients or "
                                                      "stays rather than measure them, so no distribution is "
                                                      "drawn for it."), r->name);

            paragraph (doc, "%s", why);
            continue;
          }
      }
      distribution = fx_figure_distribution (report->real, report->schema, sets, report->sets->len, r->name, &ecdf);
      if (distribution != NULL)
        fx_plot_set_title (distribution, r->name);
      if (ecdf != NULL)
        fx_plot_set_title (ecdf, r->name);
      figures (doc, feature_caption (report, r), distribution, ecdf, ecdf != NULL ? 0.78 : 0.42);
      if (progress != NULL)
        progress (from + (to - from) * (i + 1) / first->features->len, user_data);
    }
  return TRUE;
}

static void
correlations_section (FxReport   *report,
                      FxDocument *doc)
{
  g_autofree FxFigureSet *sets = figure_sets (report);
  static const FxFigureMatrix matrices[] = { FX_FIGURE_PEARSON, FX_FIGURE_SPEARMAN, FX_FIGURE_CRAMERS_V };

  heading (doc, 1, "correlations", _("Correlations"));
  paragraph (doc, _("How features vary together: Pearson and Spearman correlations of the continuous features and "
                    "Cramér’s V of the categorical ones in the real table and in the synthetic set on a colour scale "
                    "from −1 to 1, and their difference (synthetic − real) on a scale of its own centred on 0, so "
                    "that small differences show. A generator that gets each feature right one at a time can still "
                    "lose these relations."));
  for (guint i = 0; i < report->sets->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (report->sets, i);
      g_autofree char *id = g_strdup_printf ("correlations-%u", i + 1);
      const FxComparison *holdout = ((FxReportSet *) g_ptr_array_index (report->sets, 0))->comparison->holdout;

      heading (doc, 2, id, set->label);
      for (guint k = 0; k < G_N_ELEMENTS (matrices); k++)
        {
          const FxMatrixPair *m = fx_figure_matrix (set->comparison, matrices[k]);
          FxPlot *plot = fx_figure_heatmap (&sets[i], matrices[k]);
          g_autofree char *mean = num (m->mean_abs_difference, 3);

          if (plot == NULL)
            continue;
          fx_plot_set_title (plot, fx_figure_matrix_name (matrices[k]));
          figures (doc, g_strdup_printf (_("%s: mean absolute difference %s."), fx_figure_matrix_name (matrices[k]), mean),
                   plot, NULL, 0.45);
        }
      figures (doc, g_strdup (_("Each feature’s distance from the real data, largest first, with the holdout "
                                "baseline’s distance marked.")),
               fx_figure_scores (&sets[i], holdout), NULL, 0.62);
    }
}

static void
dimensionality_section (FxReport   *report,
                        FxDocument *doc)
{
  static const double widths[] = { 1.6, 1, 1.4, 1.4, 1.4 };
  guint n = report->steps->len;
  g_autofree double *x = g_new (double, n);
  g_autofree double *ks = g_new (double, n);
  g_autofree double *share = g_new (double, n);
  g_autofree double *pearson = g_new (double, n);
  GPtrArray *cells = strings ();

  heading (doc, 1, "dimensionality", _("Dimensionality"));
  paragraph (doc, _("The same generator asked for more and more features at once (%s). Language models do well "
                    "on about ten features and lose fidelity as the number grows; this chart shows how it goes "
                    "on this data."),
             report->study_what != NULL ? report->study_what : _("as recorded"));
  g_ptr_array_add (cells, g_strdup (_("Features")));
  g_ptr_array_add (cells, g_strdup (_("Run")));
  g_ptr_array_add (cells, g_strdup (_("Mean KS D")));
  g_ptr_array_add (cells, g_strdup (_("Mean |Δr|")));
  g_ptr_array_add (cells, g_strdup (_("Share differing")));
  for (guint i = 0; i < n; i++)
    {
      const FxReportStep *step = &g_array_index (report->steps, FxReportStep, i);

      x[i] = step->n_features;
      ks[i] = step->mean_ks;
      share[i] = step->share_differing;
      pearson[i] = step->pearson;
      g_ptr_array_add (cells, g_strdup_printf ("%u", step->n_features));
      g_ptr_array_add (cells, step->run_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, step->run_id) : g_strdup ("—"));
      g_ptr_array_add (cells, num (step->mean_ks, 3));
      g_ptr_array_add (cells, num (step->pearson, 3));
      g_ptr_array_add (cells, num (step->share_differing, 3));
    }
  figures (doc, g_strdup (_("Fidelity against the number of features generated.")),
           fx_figure_fidelity (x, ks, pearson, share, n), NULL, 0.55);
  table (doc, _("Each generation of the study"), 5, widths, cells);
}

static void
definition (FxDocument *doc,
            const char *term,
            const char *text)
{
  heading (doc, 3, NULL, term);
  add (doc, FX_BLOCK_PARAGRAPH, g_strdup (text));
}

static void
methods_section (FxReport   *report,
                 FxDocument *doc)
{
  GPtrArray *references = strings ();
  g_autofree char *kl_text = NULL;
  g_autofree char *pseudocount = num (FX_KL_PSEUDOCOUNT, 1);

  heading (doc, 1, "methods", _("Methods"));
  paragraph (doc, _("Every statistic uses the values present on each side; missing values are counted apart "
                    "(the missing columns of the table). Whether a feature is continuous or categorical comes "
                    "from the schema, or without one from the real table."));
  definition (doc, _("Kolmogorov–Smirnov test (continuous features)"),
              _("D is the largest vertical gap between the empirical distribution functions of the real and the "
                "synthetic values, from 0 (the same) to 1 (no overlap). The p-value is the two-sided exact one for "
                "small samples and the asymptotic one otherwise, as in SciPy’s ks_2samp [1, 2]."));
  definition (doc, _("Chi-square test of homogeneity (categorical features)"),
              _("Compares the counts of each category in the two tables with those expected if both came from "
                "one distribution; χ² grows with the difference, with (categories − 1) degrees of freedom [3]."));
  definition (doc, _("Benjamini–Hochberg adjustment"),
              _("The p-values of all the features of one comparison are adjusted together so that, among the "
                "features called different at level α, the expected share of false discoveries is at most α [4]."));
  kl_text = g_strdup_printf (_("KL(real ‖ synthetic) = Σ p log(p / q) in nats, over the categories, or for continuous "
                               "features over %d bins cut at the quantiles of the real values, with %s added to "
                               "every count so that an empty bin does not make it infinite [5]. 0 means the same; "
                               "it has no upper bound. The Jensen–Shannon distance in the JSON data is its "
                               "bounded, symmetric relative [6]."),
                             FX_KL_BINS, pseudocount);
  definition (doc, _("Kullback–Leibler divergence"), kl_text);
  definition (doc, _("Wasserstein-1 distance and total variation distance"),
              _("W₁ is the area between the two distribution functions: how far, in the feature’s unit, values "
                "must move on average to turn one distribution into the other [7]. TVD is half the sum of the "
                "absolute differences of the category shares: the share of records that would have to change "
                "category, from 0 to 1."));
  definition (doc, _("Correlation matrices"),
              _("Pearson’s r (linear) and Spearman’s ρ (rank) over pairwise complete rows of the continuous "
                "features [8], Cramér’s V (bias-uncorrected, from the chi-square statistic) for pairs of "
                "categorical features [9], and the correlation ratio η for continuous–categorical pairs (in the "
                "JSON data). The summary reports the mean absolute difference between the real and synthetic "
                "matrices over the pairs."));
  definition (doc, _("Holdout baseline"),
              _("The real table is split at random into two halves (the seed is under Reproducibility) and the "
                "halves are compared with each other exactly as the synthetic data are compared with the real. "
                "It shows the distances that sampling alone produces at this size."));
  definition (doc, _("Plots"),
              _("Histograms share one set of bins (Freedman–Diaconis width of the real values) and show densities, "
                "so that tables of different sizes compare. Density curves are Gaussian kernel estimates with "
                "Silverman’s bandwidth for each sample [10]. When a few far values would squash a histogram into a bin "
                "or two, its axis runs from the lowest 1st to the highest 99th percentile of the samples and its "
                "title says how many values lie beyond. Distribution functions always show every value and mark "
                "where the KS distance D occurs."));
  heading (doc, 2, "references", _("References"));
  g_ptr_array_add (references, g_strdup ("[1] Massey F. J. (1951). The Kolmogorov-Smirnov test for goodness of fit. Journal of the American Statistical Association 46(253), 68–78."));
  g_ptr_array_add (references, g_strdup ("[2] Hodges J. L. (1958). The significance probability of the Smirnov two-sample test. Arkiv för Matematik 3(5), 469–486."));
  g_ptr_array_add (references, g_strdup ("[3] Pearson K. (1900). On the criterion that a given system of deviations from the probable… Philosophical Magazine 50(302), 157–175."));
  g_ptr_array_add (references, g_strdup ("[4] Benjamini Y., Hochberg Y. (1995). Controlling the false discovery rate. Journal of the Royal Statistical Society B 57(1), 289–300."));
  g_ptr_array_add (references, g_strdup ("[5] Kullback S., Leibler R. A. (1951). On information and sufficiency. Annals of Mathematical Statistics 22(1), 79–86."));
  g_ptr_array_add (references, g_strdup ("[6] Lin J. (1991). Divergence measures based on the Shannon entropy. IEEE Transactions on Information Theory 37(1), 145–151."));
  g_ptr_array_add (references, g_strdup ("[7] Villani C. (2009). Optimal Transport: Old and New. Springer."));
  g_ptr_array_add (references, g_strdup ("[8] Spearman C. (1904). The proof and measurement of association between two things. American Journal of Psychology 15(1), 72–101."));
  g_ptr_array_add (references, g_strdup ("[9] Cramér H. (1946). Mathematical Methods of Statistics. Princeton University Press."));
  g_ptr_array_add (references, g_strdup ("[10] Silverman B. W. (1986). Density Estimation for Statistics and Data Analysis. Chapman & Hall."));
  bullets (doc, references);
  (void) report;
}

static void
reproducibility_section (FxReport   *report,
                         FxDocument *doc)
{
  GPtrArray *facts = strings ();

  heading (doc, 1, "reproducibility", _("Reproducibility"));
  fact (facts, _("Application"), g_strdup ("Facsimile " PACKAGE_VERSION));
  fact (facts, _("Significance level"), num (report->alpha, 2));
  for (guint i = 0; i < report->sets->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (report->sets, i);

      if (set->comparison->holdout != NULL)
        {
          fact (facts, _("Holdout split seed"), g_strdup_printf ("%" G_GUINT64_FORMAT, set->comparison->holdout_seed));
          break;
        }
    }
  for (guint i = 0; i < report->sets->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (report->sets, i);
      g_autoptr(JsonNode) parameters = set->run != NULL && set->run->parameters != NULL
                                       ? json_from_string (set->run->parameters, NULL) : NULL;
      JsonObject *o = parameters != NULL && JSON_NODE_HOLDS_OBJECT (parameters) ? json_node_get_object (parameters) : NULL;

      if (o != NULL && json_object_has_member (o, "seed"))
        {
          g_autofree char *term = g_strdup_printf (_("Seed of run %lld"), (long long) set->run->id);

          fact (facts, term, g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (o, "seed")));
        }
    }
  facts_block (doc, facts);

  fx_report_reproduce_section (report, doc);
}

FxDocument *
fx_report_build_document (FxReport         *report,
                          FxReportProgress  progress,
                          gpointer          user_data,
                          double            share,
                          GCancellable     *cancellable)
{
  g_autoptr(FxDocument) doc = g_new0 (FxDocument, 1);

  doc->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  title_page (report, doc);
  if (report->sections & FX_REPORT_SECTION_SUMMARY)
    summary (report, doc);
  provenance (report, doc);
  if (report->sections & FX_REPORT_SECTION_FEATURE_TABLE)
    features_section (report, doc);
  if (progress != NULL)
    progress (share * 0.05, user_data);
  if ((report->sections & FX_REPORT_SECTION_FEATURE_PLOTS) &&
      !plots_section (report, doc, progress, user_data, share * 0.05, share * 0.9, cancellable))
    return NULL;
  if (report->sections & FX_REPORT_SECTION_CORRELATIONS)
    correlations_section (report, doc);
  if (report->sections & FX_REPORT_SECTION_PRIVACY)
    fx_report_privacy_section (report, doc);
  if (report->sections & FX_REPORT_SECTION_VALIDITY)
    fx_report_validity_section (report, doc);
  if ((report->sections & FX_REPORT_SECTION_UTILITY) && report->utility != NULL)
    fx_report_utility_section (report, doc);
  if ((report->sections & FX_REPORT_SECTION_DIMENSIONALITY) && report->steps->len > 0)
    dimensionality_section (report, doc);
  if (report->leaderboard != NULL)
    fx_report_study_section (report, doc);
  if (report->sections & FX_REPORT_SECTION_METHODS)
    methods_section (report, doc);
  reproducibility_section (report, doc);
  if (g_cancellable_is_cancelled (cancellable))
    return NULL;
  if (progress != NULL)
    progress (share, user_data);
  return g_steal_pointer (&doc);
}
