/* fx-report.c: the report's contents, the metrics as JSON and CSV, and writing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-file.h"
#include "fx-json-writer.h"
#include "fx-report-private.h"
#include "fx-report-sections.h"

G_DEFINE_QUARK (fx-report-error-quark, fx_report_error)

static void
report_set_free (FxReportSet *set)
{
  g_free (set->label);
  g_free (set->path);
  g_free (set->sha256);
  g_clear_pointer (&set->run, fx_provenance_free);
  g_free (set);
}

typedef struct
{
  gpointer       data;
  GDestroyNotify destroy;
} Kept;

static void
kept_free (Kept *kept)
{
  kept->destroy (kept->data);
  g_free (kept);
}

void
fx_report_keep (FxReport       *report,
                gpointer        data,
                GDestroyNotify  destroy)
{
  Kept *kept = g_new (Kept, 1);

  g_return_if_fail (destroy != NULL);
  kept->data = data;
  kept->destroy = destroy;
  g_ptr_array_add (report->kept, kept);
}

FxReport *
fx_report_new (void)
{
  FxReport *report = g_new0 (FxReport, 1);

  report->alpha = FX_COMPARE_ALPHA;
  report->paper = fx_report_paper_from_locale ();
  report->sections = FX_REPORT_SECTION_ALL;
  report->sets = g_ptr_array_new_with_free_func ((GDestroyNotify) report_set_free);
  report->steps = g_array_new (FALSE, TRUE, sizeof (FxReportStep));
  report->kept = g_ptr_array_new_with_free_func ((GDestroyNotify) kept_free);
  return report;
}

void
fx_report_free (FxReport *report)
{
  if (report == NULL)
    return;
  g_free (report->title);
  g_free (report->author);
  g_clear_pointer (&report->created, g_date_time_unref);
  g_free (report->reference_path);
  g_free (report->reference_sha256);
  g_free (report->command);
  g_free (report->schema_path);
  g_free (report->store_path);
  g_free (report->output_path);
  g_clear_pointer (&report->schema, fx_schema_free);
  g_ptr_array_unref (report->sets);
  g_free (report->study_what);
  g_free (report->study_description);
  g_array_unref (report->steps);
  g_free (report->utility_label);
  /* last: what was kept may be what the rest borrowed */
  g_ptr_array_unref (report->kept);
  g_free (report);
}

static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

void
fx_report_set_title (FxReport   *report,
                     const char *title)
{
  set_string (&report->title, title);
}

void
fx_report_set_author (FxReport   *report,
                      const char *author)
{
  set_string (&report->author, author);
}

void
fx_report_set_alpha (FxReport *report,
                     double    alpha)
{
  g_return_if_fail (alpha > 0 && alpha < 1);
  report->alpha = alpha;
}

void
fx_report_set_paper (FxReport      *report,
                     FxReportPaper  paper)
{
  report->paper = paper;
}

void
fx_report_set_sections (FxReport         *report,
                        FxReportSections  sections)
{
  report->sections = sections & FX_REPORT_SECTION_ALL;
}

void
fx_report_set_created (FxReport  *report,
                       GDateTime *created)
{
  g_clear_pointer (&report->created, g_date_time_unref);
  report->created = created != NULL ? g_date_time_ref (created) : NULL;
}

static char *
sha256_of_file (const char *path)
{
  g_autoptr(GMappedFile) file = path != NULL ? g_mapped_file_new (path, FALSE, NULL) : NULL;

  if (file == NULL)
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) g_mapped_file_get_contents (file),
                                      g_mapped_file_get_length (file));
}

void
fx_report_set_reference (FxReport       *report,
                         const char     *path,
                         const char     *sha256,
                         const FxTable  *real,
                         const FxSchema *schema)
{
  g_return_if_fail (real != NULL);

  set_string (&report->reference_path, path);
  g_free (report->reference_sha256);
  report->reference_sha256 = g_strdup (sha256);
  report->real = real;
  g_clear_pointer (&report->schema, fx_schema_free);
  report->schema = schema != NULL ? fx_schema_copy (schema) : NULL;
}

void
fx_report_add_set (FxReport          *report,
                   const char        *label,
                   const char        *path,
                   const char        *sha256,
                   const FxProvenance *run,
                   const FxComparison *comparison,
                   const FxTable     *synthetic)
{
  FxReportSet *set;

  g_return_if_fail (label != NULL && comparison != NULL);

  set = g_new0 (FxReportSet, 1);
  set->label = g_strdup (label);
  set->path = g_strdup (path);
  set->sha256 = g_strdup (sha256);
  set->run = run != NULL ? fx_provenance_copy (run) : NULL;
  set->comparison = comparison;
  set->synthetic = synthetic;
  g_ptr_array_add (report->sets, set);
}

void
fx_report_set_utility (FxReport        *report,
                       const char      *label,
                       const FxUtility *utility)
{
  set_string (&report->utility_label, label);
  report->utility = utility;
}

void
fx_report_set_dimensionality (FxReport           *report,
                              const char         *what,
                              const FxReportStep *steps,
                              guint               n_steps)
{
  set_string (&report->study_what, what);
  g_array_set_size (report->steps, 0);
  g_array_append_vals (report->steps, steps, n_steps);
}

FxReportPaper
fx_report_paper_from_locale (void)
{
#ifdef __GLIBC__
  /* glibc gives the width in millimetres as a pointer-sized integer.  The program's
   * own LC_PAPER (set from the environment at start) is asked directly: a locale of
   * its own (newlocale) would load the locale's files again, which glibc keeps. */
  guint width = (guint) GPOINTER_TO_UINT (nl_langinfo (_NL_PAPER_WIDTH));

  return width == 216 ? FX_REPORT_PAPER_LETTER : FX_REPORT_PAPER_A4;
#else
  return FX_REPORT_PAPER_A4;
#endif
}

gboolean
fx_report_format_from_path (const char     *path,
                            FxReportFormat *format)
{
  static const struct { const char *suffix; FxReportFormat format; } suffixes[] = {
    { ".pdf", FX_REPORT_PDF },
    { ".html", FX_REPORT_HTML },
    { ".htm", FX_REPORT_HTML },
    { ".json", FX_REPORT_JSON },
    { ".csv", FX_REPORT_CSV },
  };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i].suffix))
      {
        *format = suffixes[i].format;
        return TRUE;
      }
  return FALSE;
}

char *
fx_report_path_beside (const char *path,
                       const char *extension)
{
  const char *dot = strrchr (path, '.');
  const char *slash = strrchr (path, '/');
  g_autofree char *stem = NULL;

  if (dot == NULL || (slash != NULL && dot < slash))
    return g_strconcat (path, extension, NULL);
  stem = g_strndup (path, dot - path);
  return g_strconcat (stem, extension, NULL);
}

char *
fx_report_format_number (double value,
                         int    digits)
{
  return fx_format_number (value, digits, FALSE, "—");
}

char *
fx_report_format_pvalue (double p)
{
  return fx_format_pvalue (p, "—");
}

/* ---- JSON and CSV ------------------------------------------------------------------ */

static void
member_nullable (FxJsonWriter *w,
                 const char   *key,
                 const char   *value)
{
  if (value != NULL)
    fx_json_writer_member_string (w, key, value);
  else
    {
      fx_json_writer_key (w, key);
      fx_json_writer_null (w);
    }
}

/* Writes @text (a JSON document from the store) as a value, or null when unreadable. */
static void
member_json (FxJsonWriter *w,
             const char   *key,
             const char   *text)
{
  g_autoptr(JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;
  g_autofree char *flat = NULL;

  fx_json_writer_key (w, key);
  if (node == NULL)
    {
      fx_json_writer_null (w);
      return;
    }
  /* re-emitted through the writer so the document stays one style */
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *o = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (o);

        fx_json_writer_begin_object (w);
        for (GList *l = members; l != NULL; l = l->next)
          {
            JsonNode *m = json_object_get_member (o, l->data);

            flat = fx_json_node_to_string (m);
            member_json (w, l->data, flat);
            g_clear_pointer (&flat, g_free);
          }
        fx_json_writer_end_object (w);
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *a = json_node_get_array (node);
        gboolean scalars = TRUE;

        for (guint i = 0; i < json_array_get_length (a); i++)
          scalars &= JSON_NODE_TYPE (json_array_get_element (a, i)) == JSON_NODE_VALUE;
        fx_json_writer_begin_array (w, scalars);
        for (guint i = 0; i < json_array_get_length (a); i++)
          {
            JsonNode *e = json_array_get_element (a, i);

            if (JSON_NODE_TYPE (e) == JSON_NODE_OBJECT)
              {
                JsonObject *o = json_node_get_object (e);
                g_autoptr(GList) members = json_object_get_members (o);

                fx_json_writer_begin_object (w);
                for (GList *l = members; l != NULL; l = l->next)
                  {
                    flat = fx_json_node_to_string (json_object_get_member (o, l->data));
                    member_json (w, l->data, flat);
                    g_clear_pointer (&flat, g_free);
                  }
                fx_json_writer_end_object (w);
              }
            else if (JSON_NODE_HOLDS_NULL (e))
              fx_json_writer_null (w);
            else if (json_node_get_value_type (e) == G_TYPE_STRING)
              fx_json_writer_string (w, json_node_get_string (e));
            else if (json_node_get_value_type (e) == G_TYPE_BOOLEAN)
              fx_json_writer_boolean (w, json_node_get_boolean (e));
            else if (json_node_get_value_type (e) == G_TYPE_INT64)
              fx_json_writer_int (w, json_node_get_int (e));
            else
              fx_json_writer_double (w, json_node_get_double (e));
          }
        fx_json_writer_end_array (w);
      }
      break;
    case JSON_NODE_NULL:
      fx_json_writer_null (w);
      break;
    case JSON_NODE_VALUE:
    default:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        fx_json_writer_string (w, json_node_get_string (node));
      else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        fx_json_writer_boolean (w, json_node_get_boolean (node));
      else if (json_node_get_value_type (node) == G_TYPE_INT64)
        fx_json_writer_int (w, json_node_get_int (node));
      else
        fx_json_writer_double (w, json_node_get_double (node));
      break;
    }
}

static void
write_run (FxJsonWriter      *w,
           const FxProvenance *run)
{
  fx_json_writer_key (w, "run");
  fx_json_writer_begin_object (w);
  fx_json_writer_member_int (w, "id", run->id);
  fx_json_writer_member_string (w, "provider", run->provider);
  member_nullable (w, "model", run->model);
  member_nullable (w, "base_url", run->base_url);
  fx_json_writer_member_string (w, "strategy", run->strategy);
  member_json (w, "parameters", run->parameters);
  member_nullable (w, "prompt_template_hash", run->prompt_template_hash);
  member_nullable (w, "reference_path", run->reference_path);
  member_nullable (w, "reference_sha256", run->reference_sha256);
  fx_json_writer_member_string (w, "status", run->status);
  member_nullable (w, "status_reason", run->status_reason);
  fx_json_writer_member_int (w, "rows_requested", run->rows_requested);
  fx_json_writer_member_int (w, "rows_accepted", run->rows_accepted);
  fx_json_writer_member_int (w, "rows_rejected", run->rows_rejected);
  fx_json_writer_member_int (w, "requests", run->requests);
  fx_json_writer_member_int (w, "prompt_tokens", run->prompt_tokens);
  fx_json_writer_member_int (w, "completion_tokens", run->completion_tokens);
  member_nullable (w, "created", run->created);
  member_nullable (w, "finished", run->finished);
  member_json (w, "real_data_sent", run->real_data_sent);
  fx_json_writer_end_object (w);
}

static char *
created_iso (FxReport *report)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) utc = g_date_time_to_utc (report->created != NULL ? report->created : now);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
report_to_json (FxReport *report,
                gsize    *length)
{
  g_autoptr(FxJsonWriter) w = fx_json_writer_new (TRUE);
  g_autofree char *created = created_iso (report);

  fx_json_writer_begin_object (w);
  fx_json_writer_member_int (w, "format", 1);
  fx_json_writer_member_string (w, "generator", "Facsimile " PACKAGE_VERSION);
  member_nullable (w, "title", report->title);
  member_nullable (w, "author", report->author);
  fx_json_writer_member_string (w, "created", created);
  fx_json_writer_member_double (w, "alpha", report->alpha);

  fx_json_writer_key (w, "reference");
  fx_json_writer_begin_object (w);
  member_nullable (w, "path", report->reference_path);
  member_nullable (w, "sha256", report->reference_sha256);
  fx_json_writer_member_int (w, "rows", report->real->n_rows);
  fx_json_writer_member_int (w, "columns", report->real->columns->len);
  fx_json_writer_end_object (w);

  fx_json_writer_key (w, "sets");
  fx_json_writer_begin_array (w, FALSE);
  for (guint i = 0; i < report->sets->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (report->sets, i);
      FxComparisonSummary s;

      fx_comparison_summarize (set->comparison, report->alpha, &s);
      fx_json_writer_begin_object (w);
      fx_json_writer_member_string (w, "label", set->label);
      member_nullable (w, "path", set->path);
      member_nullable (w, "sha256", set->sha256);
      if (set->run != NULL)
        write_run (w, set->run);
      fx_json_writer_key (w, "at_alpha");
      fx_json_writer_begin_object (w);
      fx_json_writer_member_int (w, "tested", s.tested);
      fx_json_writer_member_int (w, "differ", s.significant);
      fx_json_writer_member_int (w, "alike", s.tested - s.significant);
      if (set->comparison->holdout != NULL)
        {
          FxComparisonSummary h;

          fx_comparison_summarize (set->comparison->holdout, report->alpha, &h);
          fx_json_writer_member_int (w, "holdout_differ", h.significant);
        }
      fx_json_writer_end_object (w);
      fx_json_writer_key (w, "comparison");
      fx_comparison_write_json (set->comparison, w);
      fx_report_privacy_json (set, w);
      fx_json_writer_end_object (w);
    }
  fx_json_writer_end_array (w);

  if (report->steps->len > 0)
    {
      fx_json_writer_key (w, "dimensionality");
      fx_json_writer_begin_object (w);
      member_nullable (w, "generator", report->study_what);
      fx_json_writer_key (w, "steps");
      fx_json_writer_begin_array (w, FALSE);
      for (guint i = 0; i < report->steps->len; i++)
        {
          const FxReportStep *step = &g_array_index (report->steps, FxReportStep, i);

          fx_json_writer_begin_object (w);
          fx_json_writer_member_int (w, "features", step->n_features);
          if (step->run_id > 0)
            fx_json_writer_member_int (w, "run", step->run_id);
          fx_json_writer_member_double (w, "mean_ks", step->mean_ks);
          fx_json_writer_member_double (w, "share_differing", step->share_differing);
          fx_json_writer_member_double (w, "pearson_mean_abs_difference", step->pearson);
          fx_json_writer_end_object (w);
        }
      fx_json_writer_end_array (w);
      fx_json_writer_end_object (w);
    }
  if (report->utility != NULL && (report->sections & FX_REPORT_SECTION_UTILITY))
    {
      gsize utility_length;
      g_autofree char *utility = fx_utility_to_json (report->utility, &utility_length);

      member_nullable (w, "utility_set", report->utility_label);
      member_json (w, "utility", utility);
    }
  fx_json_writer_end_object (w);
  return fx_json_writer_finish (g_steal_pointer (&w), length);
}

/* ---- writing ----------------------------------------------------------------------- */

static gboolean
write_text (const char  *path,
            const char  *text,
            gsize        length,
            GError     **error)
{
  if (g_str_equal (path, "-"))
    {
      if (fwrite (text, 1, length, stdout) != length || fflush (stdout) != 0)
        {
          g_set_error (error, FX_REPORT_ERROR, FX_REPORT_ERROR_WRITE,
                       _("Cannot write to standard output: %s"), g_strerror (errno));
          return FALSE;
        }
      return TRUE;
    }
  return fx_write_file_atomic (path, text, length, error);
}

static gboolean
report_write (FxReport         *report,
              const char       *path,
              FxReportFormat    format,
              FxReportProgress  progress,
              gpointer          user_data,
              GCancellable     *cancellable,
              GError          **error)
{
  g_autoptr(FxDocument) doc = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  g_return_val_if_fail (report != NULL && path != NULL, FALSE);

  if (report->real == NULL || report->sets->len == 0)
    {
      g_set_error_literal (error, FX_REPORT_ERROR, FX_REPORT_ERROR_EMPTY,
                           _("A report needs a reference table and at least one synthetic set"));
      return FALSE;
    }
  /* the files' fingerprints, here in the writing thread: a large file takes a while */
  if (report->reference_sha256 == NULL)
    report->reference_sha256 = sha256_of_file (report->reference_path);
  for (guint i = 0; i < report->sets->len; i++)
    {
      FxReportSet *set = g_ptr_array_index (report->sets, i);

      if (set->sha256 == NULL)
        set->sha256 = sha256_of_file (set->path);
    }
  /* named as given in the report's own command */
  g_free (report->output_path);
  report->output_path = g_strdup (path);
  if (g_str_equal (path, "-") && (format == FX_REPORT_PDF || format == FX_REPORT_HTML))
    {
      g_set_error_literal (error, FX_REPORT_ERROR, FX_REPORT_ERROR_FORMAT,
                           _("PDF and HTML reports are written to a file, not to standard output"));
      return FALSE;
    }

  switch (format)
    {
    case FX_REPORT_JSON:
      text = report_to_json (report, &length);
      break;
    case FX_REPORT_CSV:
      text = fx_report_data_csv (report, &length);
      break;
    case FX_REPORT_HTML:
      {
        GString *out = g_string_sized_new (1 << 20);

        doc = fx_report_build_document (report, progress, user_data, 0.6, cancellable);
        if (doc == NULL ||
            !fx_report_write_html (report, doc, out, progress, user_data, cancellable, error))
          {
            g_string_free (out, TRUE);
            if (doc == NULL)
              g_cancellable_set_error_if_cancelled (cancellable, error);
            return FALSE;
          }
        length = out->len;
        text = g_string_free (out, FALSE);
      }
      break;
    case FX_REPORT_PDF:
      {
        g_autoptr(FxAtomicFile) file = NULL;

        doc = fx_report_build_document (report, progress, user_data, 0.5, cancellable);
        if (doc == NULL)
          {
            g_cancellable_set_error_if_cancelled (cancellable, error);
            return FALSE;
          }
        file = fx_atomic_file_open (path, error);
        if (file == NULL)
          return FALSE;
        if (!fx_report_write_pdf (report, doc, path, fx_atomic_file_stream (file), progress, user_data,
                                  cancellable, error))
          return FALSE;
        if (progress != NULL)
          progress (1.0, user_data);
        return fx_atomic_file_commit (g_steal_pointer (&file), error);
      }
    default:
      g_return_val_if_reached (FALSE);
    }

  if (!write_text (path, text, length, error))
    return FALSE;
  if (progress != NULL)
    progress (1.0, user_data);
  return TRUE;
}

/* A report keeps its documented format in every language: '.' decimals in its text,
 * its plots' labels and its JSON and CSV. The plots label their axes with printf, so the
 * writing thread's numeric locale is C while it writes; its words stay translated. */
gboolean
fx_report_write (FxReport         *report,
                 const char       *path,
                 FxReportFormat    format,
                 FxReportProgress  progress,
                 gpointer          user_data,
                 GCancellable     *cancellable,
                 GError          **error)
{
  locale_t current = uselocale ((locale_t) 0);
  locale_t base = current == LC_GLOBAL_LOCALE ? duplocale (LC_GLOBAL_LOCALE) : duplocale (current);
  locale_t numeric_c = base != (locale_t) 0 ? newlocale (LC_NUMERIC_MASK, "C", base) : (locale_t) 0;
  gboolean written;

  if (numeric_c != (locale_t) 0)
    uselocale (numeric_c);
  written = report_write (report, path, format, progress, user_data, cancellable, error);
  if (numeric_c != (locale_t) 0)
    {
      uselocale (current);
      freelocale (numeric_c);
    }
  else if (base != (locale_t) 0)
    freelocale (base);
  return written;
}
