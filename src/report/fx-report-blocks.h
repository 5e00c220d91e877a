/* fx-report-blocks.h: blocks of a report document, for the sections built in files of
 * their own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-report-private.h"

G_BEGIN_DECLS

void  fx_document_heading   (FxDocument   *doc,
                             guint         level,
                             const char   *id,
                             const char   *text);
void  fx_document_paragraph (FxDocument   *doc,
                             const char   *text);
/* A paragraph set apart; @warning marks it as one. */
/* a command line, in a fixed-width font with its line breaks kept */
void  fx_document_command   (FxDocument   *doc,
                             const char   *text);
void  fx_document_note      (FxDocument   *doc,
                             const char   *text,
                             gboolean      warning);
/* A table of @n_columns: @cells holds the header, then the rows; the first column
 * is aligned to the start, the others to the end (the block's align changes that). */
FxBlock *fx_document_table (FxDocument   *doc,
                             const char   *caption,
                             guint         n_columns,
                             const double *widths,
                             GPtrArray    *cells);   /* (transfer full) */
/* One or two plots side by side (@first NULL: nothing). */
void  fx_document_figures   (FxDocument   *doc,
                             const char   *caption,
                             FxPlot       *first,    /* (transfer full) */
                             FxPlot       *second,   /* (transfer full) nullable */
                             double        aspect);

G_END_DECLS
