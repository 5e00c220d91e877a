/* fx-report.h: fidelity reports a reviewer can read without Facsimile
 *
 * A report holds one reference table, its schema, and one or more synthetic sets,
 * each with its comparison and, for generated sets, the run's provenance.  It is
 * written as a PDF (paged, with a table of contents), a self-contained HTML file, or
 * the metrics alone as JSON or CSV.  Every format is written to a temporary file and
 * renamed into place only once complete.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fx-compare.h"
#include "fx-leaderboard.h"
#include "fx-provenance.h"
#include "fx-utility.h"

G_BEGIN_DECLS

#define FX_REPORT_ERROR (fx_report_error_quark ())

typedef enum
{
  FX_REPORT_ERROR_EMPTY,
  FX_REPORT_ERROR_FORMAT,
  FX_REPORT_ERROR_WRITE,
} FxReportError;

GQuark fx_report_error_quark (void);

typedef enum
{
  FX_REPORT_PDF,
  FX_REPORT_HTML,
  FX_REPORT_JSON,
  FX_REPORT_CSV,
} FxReportFormat;

typedef enum
{
  FX_REPORT_PAPER_A4,
  FX_REPORT_PAPER_LETTER,
} FxReportPaper;

typedef enum
{
  FX_REPORT_SECTION_SUMMARY        = 1 << 0,
  FX_REPORT_SECTION_FEATURE_TABLE  = 1 << 1,
  FX_REPORT_SECTION_FEATURE_PLOTS  = 1 << 2,
  FX_REPORT_SECTION_CORRELATIONS   = 1 << 3,
  FX_REPORT_SECTION_DIMENSIONALITY = 1 << 4,
  FX_REPORT_SECTION_METHODS        = 1 << 5,
  FX_REPORT_SECTION_PRIVACY        = 1 << 6,
  FX_REPORT_SECTION_VALIDITY       = 1 << 7,
  FX_REPORT_SECTION_UTILITY        = 1 << 8,
  FX_REPORT_SECTION_ALL            = (1 << 9) - 1,
} FxReportSections;

/* One point of a dimensionality study: fidelity of a generation of @n_features. */
typedef struct
{
  guint  n_features;
  gint64 run_id;            /* 0 when not from a run */
  double mean_ks;
  double share_differing;
  double pearson;           /* mean |Δr| */
} FxReportStep;

typedef struct _FxReport FxReport;

FxReport     *fx_report_new               (void);
void          fx_report_free              (FxReport        *report);

void          fx_report_set_title         (FxReport        *report,
                                           const char      *title);
void          fx_report_set_author        (FxReport        *report,
                                           const char      *author);
void          fx_report_set_alpha         (FxReport        *report,
                                           double           alpha);
void          fx_report_set_paper         (FxReport        *report,
                                           FxReportPaper    paper);
void          fx_report_set_sections      (FxReport        *report,
                                           FxReportSections sections);
/* The time printed as the report's date; the current time by default. */
void          fx_report_set_created       (FxReport        *report,
                                           GDateTime       *created);
/* Tables and comparisons are borrowed: they must outlive the report (see
 * fx_report_keep ()).  @schema (nullable) is copied.  @sha256, when NULL, is computed
 * from @path by fx_report_write (). */
/* The schema file and the store (NULL: the default one) as given, for the command
 * in the report that computes its numbers again. */
void          fx_report_set_inputs        (FxReport        *report,
                                           const char      *schema_path,
                                           const char      *store_path);
/* The whole command that makes this report again, when it is not a `report` one (a
 * study's); it replaces the command built from the inputs. */
void          fx_report_set_command       (FxReport        *report,
                                           const char      *command);
/* @word as a POSIX shell reads it: as it is, or in single quotes when it must be. */
char         *fx_report_shell_word        (const char      *word);
void          fx_report_set_reference     (FxReport        *report,
                                           const char      *path,
                                           const char      *sha256,
                                           const FxTable   *real,
                                           const FxSchema  *schema);
/* @comparison and @synthetic (nullable) are borrowed; @path, @sha256 and @run (the
 * provenance of a generated set) are nullable and copied; @sha256 as above. */
void          fx_report_add_set           (FxReport        *report,
                                           const char      *label,
                                           const char      *path,
                                           const char      *sha256,
                                           const FxProvenance *run,
                                           const FxComparison *comparison,
                                           const FxTable   *synthetic);
/* Frees @data with @destroy when the report is freed. */
void          fx_report_keep              (FxReport        *report,
                                           gpointer         data,
                                           GDestroyNotify   destroy);
/* A dimensionality study to chart: @what names its generator and strategy. */
void          fx_report_set_dimensionality (FxReport        *report,
                                           const char      *what,
                                           const FxReportStep *steps,
                                           guint            n_steps);

/* A study's leaderboard (borrowed: it must outlive the report), charted in a section
 * of its own; @description says what the study was. */
void          fx_report_set_study         (FxReport        *report,
                                           const FxLeaderboard *board,
                                           const char      *description);
/* Models trained on @label's rows and on the real rows, tested on real rows (borrowed,
 * like a comparison); NULL for none. */
void          fx_report_set_utility       (FxReport        *report,
                                           const char      *label,
                                           const FxUtility *utility);

/* The paper size of the current locale (LC_PAPER): Letter where it is the custom. */
FxReportPaper fx_report_paper_from_locale (void);
/* The format a file name's extension asks for; FALSE when none matches. */
gboolean      fx_report_format_from_path  (const char      *path,
                                           FxReportFormat  *format);

/* @path with its extension (if any) replaced by @extension (".json"): where the
 * metrics go beside a report. */
char         *fx_report_path_beside       (const char      *path,
                                           const char      *extension);

/* Called from the writing thread with the share done, from 0 to 1. */
typedef void (*FxReportProgress) (double fraction, gpointer user_data);

/* Writes @report to @path ("-" for standard output, JSON and CSV only), whole or not
 * at all.  Safe to call from a thread, one report per thread. */
gboolean      fx_report_write             (FxReport        *report,
                                           const char      *path,
                                           FxReportFormat   format,
                                           FxReportProgress progress,
                                           gpointer         user_data,
                                           GCancellable    *cancellable,
                                           GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxReport, fx_report_free)

G_END_DECLS
