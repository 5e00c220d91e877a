/* fx-report-private.h: a report as a document of blocks, the same for PDF and HTML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>

#include "fx-figures.h"
#include "fx-leaderboard.h"
#include "fx-privacy.h"
#include "fx-report.h"

G_BEGIN_DECLS

typedef struct
{
  char          *label;
  char          *path;
  char          *sha256;
  FxProvenance  *run;          /* nullable */
  const FxComparison *comparison;
  const FxTable *synthetic;    /* nullable */
  const FxPrivacy *privacy;    /* nullable: see fx-report-privacy.c */
} FxReportSet;

struct _FxReport
{
  char            *title;
  char            *author;
  double           alpha;
  FxReportPaper    paper;
  FxReportSections sections;
  GDateTime       *created;
  char            *reference_path;
  char            *reference_sha256;
  char            *command;      /* (nullable) the command that makes the report, when given */
  char            *schema_path;  /* as given, for the command that reproduces the report */
  char            *store_path;
  char            *output_path;
  const FxTable   *real;
  FxSchema        *schema;
  GPtrArray       *sets;       /* (element-type FxReportSet) */
  char            *study_what;
  GArray          *steps;      /* (element-type FxReportStep) */
  const FxLeaderboard *leaderboard;  /* nullable: a study's (borrowed) */
  char            *study_description;
  char            *utility_label;
  const FxUtility *utility;    /* nullable */
  GPtrArray       *kept;       /* (element-type Kept) */
};

typedef enum
{
  FX_BLOCK_TITLE,       /* the report's title, on the first page */
  FX_BLOCK_SUBTITLE,
  FX_BLOCK_HEADING,     /* level 1 starts a new page in the PDF */
  FX_BLOCK_PARAGRAPH,
  FX_BLOCK_NOTE,        /* a paragraph set apart: what left the machine */
  FX_BLOCK_BULLETS,
  FX_BLOCK_FACTS,       /* term: value pairs */
  FX_BLOCK_TABLE,
  FX_BLOCK_FIGURES,     /* one or two plots side by side */
  FX_BLOCK_CONTENTS,    /* the table of contents */
  FX_BLOCK_PAGE_BREAK,
  FX_BLOCK_COMMAND,     /* a command line, its line breaks kept */
} FxBlockKind;

typedef enum
{
  FX_ALIGN_START,
  FX_ALIGN_END,
} FxAlign;

typedef struct
{
  FxBlockKind  kind;
  guint        level;      /* heading: 1, 2 or 3; note: 1 for a warning */
  char        *id;         /* heading: anchor */
  char        *text;       /* heading, paragraph, note, caption of a table or figures */
  GPtrArray   *items;      /* bullets: utf8; facts: term, value, term, value...;
                            * table: header then rows, n_columns strings each */
  guint        n_columns;
  double      *widths;     /* table: share of the width of each column */
  FxAlign     *align;
  FxPlot      *plots[2];
  double       aspect;     /* figures: height / width of each plot */
} FxBlock;

typedef struct
{
  GPtrArray *blocks;       /* (element-type FxBlock) */
} FxDocument;

/* Builds the blocks; the plots are computed here (most of the work).  Returns NULL
 * when cancelled. */
FxDocument *fx_report_build_document (FxReport         *report,
                                      FxReportProgress  progress,
                                      gpointer          user_data,
                                      double            share,
                                      GCancellable     *cancellable);
void        fx_document_free         (FxDocument       *doc);

gboolean    fx_report_write_pdf      (FxReport         *report,
                                      FxDocument       *doc,
                                      const char       *path,
                                      FILE             *out,
                                      FxReportProgress  progress,
                                      gpointer          user_data,
                                      GCancellable     *cancellable,
                                      GError          **error);
gboolean    fx_report_write_html     (FxReport         *report,
                                      FxDocument       *doc,
                                      GString          *out,
                                      FxReportProgress  progress,
                                      gpointer          user_data,
                                      GCancellable     *cancellable,
                                      GError          **error);

/* fx-report-study.c: the study's leaderboard and charts */
void        fx_report_study_section  (FxReport         *report,
                                      FxDocument       *doc);
/* fx-report-utility.c: the utility section's blocks */
void        fx_report_utility_section (FxReport        *report,
                                       FxDocument      *doc);

/* fx-report-data.c: the metrics CSV, a line per feature of each set and per utility,
 * privacy and validity measure */
char       *fx_report_data_csv       (FxReport         *report,
                                      gsize            *length);

/* Numbers as the report prints them: '.' as the decimal mark whatever the locale. */
char       *fx_report_format_number  (double            value,
                                      int               digits);
char       *fx_report_format_pvalue  (double            p);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxDocument, fx_document_free)

G_END_DECLS
