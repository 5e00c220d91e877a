/* fx-report-blocks.c: blocks of a report document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fx-report-blocks.h"

static FxBlock *
add (FxDocument  *doc,
     FxBlockKind  kind,
     const char  *text)
{
  FxBlock *block = g_new0 (FxBlock, 1);

  block->kind = kind;
  block->text = g_strdup (text);
  g_ptr_array_add (doc->blocks, block);
  return block;
}

void
fx_document_heading (FxDocument *doc,
                     guint       level,
                     const char *id,
                     const char *text)
{
  FxBlock *block = add (doc, FX_BLOCK_HEADING, text);

  block->level = level;
  block->id = g_strdup (id);
}

void
fx_document_paragraph (FxDocument *doc,
                       const char *text)
{
  add (doc, FX_BLOCK_PARAGRAPH, text);
}

void
fx_document_command (FxDocument *doc,
                     const char *text)
{
  add (doc, FX_BLOCK_COMMAND, text);
}

void
fx_document_note (FxDocument *doc,
                  const char *text,
                  gboolean    warning)
{
  add (doc, FX_BLOCK_NOTE, text)->level = warning ? 1 : 0;
}

FxBlock *
fx_document_table (FxDocument   *doc,
                   const char   *caption,
                   guint         n_columns,
                   const double *widths,
                   GPtrArray    *cells)
{
  FxBlock *block = add (doc, FX_BLOCK_TABLE, caption);
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

void
fx_document_figures (FxDocument *doc,
                     const char *caption,
                     FxPlot     *first,
                     FxPlot     *second,
                     double      aspect)
{
  FxBlock *block;

  if (first == NULL)
    {
      g_clear_pointer (&second, fx_plot_free);
      return;
    }
  block = add (doc, FX_BLOCK_FIGURES, caption);
  block->plots[0] = first;
  block->plots[1] = second;
  block->aspect = aspect;
}
