/* fx-report-pdf.c: a report as pages
 *
 * The blocks are laid out twice on the same kind of surface: the first pass, drawn
 * nowhere, finds the page of every heading and the number of pages; the second
 * draws, with page numbers in the table of contents and the footers.  Text is real
 * text (selectable, searchable); headings become the PDF's outline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "fx-report-private.h"

#define FONT "Sans"
#define MARGIN_X 56.0
#define MARGIN_TOP 60.0
#define MARGIN_BOTTOM 64.0
#define BODY 10.0
#define SMALL 8.2
#define CELL 7.6
#define CELL_PAD 3.0
#define GAP 12.0
#define PLOT_FONT 7.0

typedef struct
{
  double r, g, b;
} Rgb;

static const Rgb ink = { 0.12, 0.12, 0.14 };
static const Rgb muted = { 0.38, 0.39, 0.42 };
static const Rgb accent = { 0.11, 0.39, 0.70 };
static const Rgb rule = { 0.80, 0.81, 0.83 };
static const Rgb tint = { 0.94, 0.95, 0.97 };
static const Rgb stripe = { 0.965, 0.968, 0.975 };
static const Rgb warning = { 0.80, 0.45, 0.0 };
static const Rgb warning_tint = { 0.99, 0.95, 0.88 };

typedef struct
{
  FxReport        *report;
  cairo_surface_t *surface;
  cairo_t         *cr;
  PangoContext    *pango;         /* at 72 dpi: a point is a unit */
  gboolean         draw;
  double           width, height;
  double           y;
  guint            page;          /* 1-based; 0 before the first */
  guint            n_pages;       /* from the first pass */
  GHashTable      *pages;         /* heading id -> page, from the first pass */
  int              outline_parent;
  FxPlotStyle      style;
} Pdf;

static double
content_width (Pdf *pdf)
{
  return pdf->width - 2 * MARGIN_X;
}

static double
bottom (Pdf *pdf)
{
  return pdf->height - MARGIN_BOTTOM;
}

static void
set_color (cairo_t   *cr,
           const Rgb *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

static PangoLayout *
text_layout (Pdf        *pdf,
             const char *text,
             double      size,
             PangoWeight weight,
             double      width,
             gboolean    italic)
{
  PangoLayout *layout = pango_layout_new (pdf->pango);
  PangoFontDescription *font = pango_font_description_from_string (FONT);

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (font, weight);
  if (italic)
    pango_font_description_set_style (font, PANGO_STYLE_ITALIC);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) w / PANGO_SCALE;
}

static void
show (Pdf         *pdf,
      PangoLayout *layout,
      double       x,
      double       y,
      const Rgb   *color)
{
  if (!pdf->draw)
    return;
  cairo_move_to (pdf->cr, x, y);
  set_color (pdf->cr, color);
  pango_cairo_show_layout (pdf->cr, layout);
}

static void
footer (Pdf *pdf)
{
  g_autofree char *number = NULL;
  g_autoptr(PangoLayout) left = NULL;
  g_autoptr(PangoLayout) right = NULL;
  double y = pdf->height - MARGIN_BOTTOM + 26;

  if (!pdf->draw || pdf->page == 1)
    return;
  number = g_strdup_printf (_("Page %u of %u"), pdf->page, pdf->n_pages);
  left = text_layout (pdf, pdf->report->title != NULL ? pdf->report->title : _("Synthetic Data Fidelity Report"),
                      SMALL, PANGO_WEIGHT_NORMAL, content_width (pdf) * 0.7, FALSE);
  pango_layout_set_ellipsize (left, PANGO_ELLIPSIZE_END);
  pango_layout_set_wrap (left, PANGO_WRAP_WORD);
  pango_layout_set_height (left, -1);
  right = text_layout (pdf, number, SMALL, PANGO_WEIGHT_NORMAL, 0, FALSE);
  cairo_set_line_width (pdf->cr, 0.5);
  set_color (pdf->cr, &rule);
  cairo_move_to (pdf->cr, MARGIN_X, y - 6);
  cairo_line_to (pdf->cr, pdf->width - MARGIN_X, y - 6);
  cairo_stroke (pdf->cr);
  show (pdf, left, MARGIN_X, y, &muted);
  show (pdf, right, pdf->width - MARGIN_X - layout_width (right), y, &muted);
}

static void
new_page (Pdf *pdf)
{
  if (pdf->page > 0)
    {
      footer (pdf);
      cairo_show_page (pdf->cr);
    }
  pdf->page++;
  pdf->y = MARGIN_TOP;
}

/* Room for @height more on this page, or a new one. */
static void
ensure (Pdf    *pdf,
        double  height)
{
  if (pdf->y + height > bottom (pdf) && pdf->y > MARGIN_TOP)
    new_page (pdf);
}

static void
destination (Pdf        *pdf,
             const char *id,
             double      y)
{
  g_autofree char *attributes = NULL;

  if (!pdf->draw || id == NULL)
    return;
  attributes = g_strdup_printf ("name='%s' x=0 y=%g", id, y);
  cairo_tag_begin (pdf->cr, CAIRO_TAG_DEST, attributes);
  cairo_tag_end (pdf->cr, CAIRO_TAG_DEST);
}

/* ---- blocks ------------------------------------------------------------------------ */

static void
heading (Pdf           *pdf,
         const FxBlock *block)
{
  double size = block->level == 1 ? 20 : block->level == 2 ? 13.5 : BODY + 0.5;
  g_autoptr(PangoLayout) layout = text_layout (pdf, block->text, size, PANGO_WEIGHT_BOLD,
                                               content_width (pdf), FALSE);
  double h = layout_height (layout);

  if (block->level == 1)
    {
      if (pdf->y > MARGIN_TOP)
        new_page (pdf);
    }
  else
    {
      pdf->y += block->level == 2 ? 12 : 6;
      /* keep a heading with what follows */
      ensure (pdf, h + 90);
    }
  if (block->id != NULL)
    {
      if (!pdf->draw)
        g_hash_table_insert (pdf->pages, g_strdup (block->id), GUINT_TO_POINTER (pdf->page));
      else if (block->level <= 2)
        {
          g_autofree char *link = g_strdup_printf ("dest='%s'", block->id);
          int id = cairo_pdf_surface_add_outline (pdf->surface,
                                                  block->level == 1 ? CAIRO_PDF_OUTLINE_ROOT : pdf->outline_parent,
                                                  block->text, link, 0);

          if (block->level == 1)
            pdf->outline_parent = id;
        }
      destination (pdf, block->id, pdf->y);
    }
  show (pdf, layout, MARGIN_X, pdf->y, block->level == 1 ? &accent : &ink);
  pdf->y += h;
  if (block->level == 1)
    {
      pdf->y += 6;
      if (pdf->draw)
        {
          cairo_set_line_width (pdf->cr, 1.2);
          set_color (pdf->cr, &accent);
          cairo_move_to (pdf->cr, MARGIN_X, pdf->y);
          cairo_line_to (pdf->cr, MARGIN_X + 48, pdf->y);
          cairo_stroke (pdf->cr);
        }
      pdf->y += 14;
    }
  else
    pdf->y += block->level == 2 ? 6 : 3;
}

static void
paragraph (Pdf        *pdf,
           const char *text,
           double      indent,
           const char *marker)
{
  g_autoptr(PangoLayout) layout = text_layout (pdf, text, BODY, PANGO_WEIGHT_NORMAL,
                                               content_width (pdf) - indent, FALSE);
  double h = layout_height (layout);

  pango_layout_set_spacing (layout, (int) (1.5 * PANGO_SCALE));
  h = layout_height (layout);
  ensure (pdf, h);
  if (marker != NULL)
    {
      g_autoptr(PangoLayout) m = text_layout (pdf, marker, BODY, PANGO_WEIGHT_NORMAL, 0, FALSE);

      show (pdf, m, MARGIN_X + indent - 11, pdf->y, &muted);
    }
  show (pdf, layout, MARGIN_X + indent, pdf->y, &ink);
  pdf->y += h + (marker != NULL ? 4 : 8);
}

static void
note (Pdf        *pdf,
      const char *text,
      gboolean    warn)
{
  double pad = 10;
  g_autoptr(PangoLayout) layout = text_layout (pdf, text, BODY, PANGO_WEIGHT_NORMAL,
                                               content_width (pdf) - 2 * pad - 3, FALSE);
  double h = layout_height (layout) + 2 * pad;

  pdf->y += 4;
  ensure (pdf, h);
  if (pdf->draw)
    {
      set_color (pdf->cr, warn ? &warning_tint : &tint);
      cairo_rectangle (pdf->cr, MARGIN_X, pdf->y, content_width (pdf), h);
      cairo_fill (pdf->cr);
      set_color (pdf->cr, warn ? &warning : &accent);
      cairo_rectangle (pdf->cr, MARGIN_X, pdf->y, 3, h);
      cairo_fill (pdf->cr);
    }
  show (pdf, layout, MARGIN_X + 3 + pad, pdf->y + pad, &ink);
  pdf->y += h + 12;
}

/* A command line in a fixed-width font: its lines as they are, a line too long for
 * the page broken between characters rather than lost past the edge. */
static void
command (Pdf        *pdf,
         const char *text)
{
  double pad = 10;
  g_autoptr(PangoLayout) layout = text_layout (pdf, text, BODY - 1.5, PANGO_WEIGHT_NORMAL,
                                               content_width (pdf) - 2 * pad, FALSE);
  PangoFontDescription *font = pango_font_description_copy (pango_layout_get_font_description (layout));
  double h;

  pango_font_description_set_family (font, "Monospace");
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_wrap (layout, PANGO_WRAP_CHAR);
  h = layout_height (layout) + 2 * pad;
  pdf->y += 4;
  ensure (pdf, h);
  if (pdf->draw)
    {
      set_color (pdf->cr, &tint);
      cairo_rectangle (pdf->cr, MARGIN_X, pdf->y, content_width (pdf), h);
      cairo_fill (pdf->cr);
    }
  show (pdf, layout, MARGIN_X + pad, pdf->y + pad, &ink);
  pdf->y += h + 12;
}

static void
facts (Pdf           *pdf,
       const FxBlock *block)
{
  double term_width = 150;

  for (guint i = 0; i + 1 < block->items->len; i += 2)
    {
      g_autoptr(PangoLayout) term = text_layout (pdf, g_ptr_array_index (block->items, i), BODY - 0.5,
                                                 PANGO_WEIGHT_BOLD, term_width - 10, FALSE);
      g_autoptr(PangoLayout) value = text_layout (pdf, g_ptr_array_index (block->items, i + 1), BODY - 0.5,
                                                  PANGO_WEIGHT_NORMAL, content_width (pdf) - term_width, FALSE);
      double h = MAX (layout_height (term), layout_height (value));

      ensure (pdf, h);
      show (pdf, term, MARGIN_X, pdf->y, &muted);
      show (pdf, value, MARGIN_X + term_width, pdf->y, &ink);
      pdf->y += h + 4;
    }
  pdf->y += 8;
}

static PangoLayout *
cell_layout (Pdf           *pdf,
             const FxBlock *block,
             guint          column,
             const char    *text,
             gboolean       header)
{
  double width = block->widths[column] * content_width (pdf) - 2 * CELL_PAD;
  PangoLayout *layout = text_layout (pdf, text, CELL, header ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                                     width, FALSE);

  if (block->align[column] == FX_ALIGN_END)
    pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  return layout;
}

/* One row of cells; returns its height.  Draws when @draw_it. */
static double
table_row (Pdf           *pdf,
           const FxBlock *block,
           guint          row,
           gboolean       header,
           gboolean       draw_it)
{
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
  double h = 0, x = MARGIN_X;

  for (guint c = 0; c < block->n_columns; c++)
    {
      PangoLayout *layout = cell_layout (pdf, block, c, g_ptr_array_index (block->items, row * block->n_columns + c),
                                         header);

      h = MAX (h, layout_height (layout));
      g_ptr_array_add (layouts, layout);
    }
  h += 6;
  if (!draw_it || !pdf->draw)
    return h;
  if (header)
    {
      set_color (pdf->cr, &tint);
      cairo_rectangle (pdf->cr, MARGIN_X, pdf->y, content_width (pdf), h);
      cairo_fill (pdf->cr);
    }
  else if (row % 2 == 0)
    {
      set_color (pdf->cr, &stripe);
      cairo_rectangle (pdf->cr, MARGIN_X, pdf->y, content_width (pdf), h);
      cairo_fill (pdf->cr);
    }
  for (guint c = 0; c < block->n_columns; c++)
    {
      show (pdf, g_ptr_array_index (layouts, c), x + CELL_PAD, pdf->y + 3, &ink);
      x += block->widths[c] * content_width (pdf);
    }
  if (header)
    {
      cairo_set_line_width (pdf->cr, 0.6);
      set_color (pdf->cr, &muted);
      cairo_move_to (pdf->cr, MARGIN_X, pdf->y + h);
      cairo_line_to (pdf->cr, MARGIN_X + content_width (pdf), pdf->y + h);
      cairo_stroke (pdf->cr);
    }
  return h;
}

static void
table (Pdf           *pdf,
       const FxBlock *block)
{
  guint n_rows = block->items->len / block->n_columns;
  g_autoptr(PangoLayout) caption = text_layout (pdf, block->text, SMALL + 0.6, PANGO_WEIGHT_NORMAL,
                                                content_width (pdf), TRUE);
  double header_h = table_row (pdf, block, 0, TRUE, FALSE);
  double caption_h = layout_height (caption) + 4;

  /* the caption, the header and the first row together */
  ensure (pdf, caption_h + header_h + (n_rows > 1 ? table_row (pdf, block, 1, FALSE, FALSE) : 0));
  show (pdf, caption, MARGIN_X, pdf->y, &muted);
  pdf->y += caption_h;
  pdf->y += table_row (pdf, block, 0, TRUE, TRUE);
  for (guint r = 1; r < n_rows; r++)
    {
      double h = table_row (pdf, block, r, FALSE, FALSE);

      if (pdf->y + h > bottom (pdf))
        {
          new_page (pdf);
          /* the header again on every page */
          pdf->y += table_row (pdf, block, 0, TRUE, TRUE);
        }
      pdf->y += table_row (pdf, block, r, FALSE, TRUE);
    }
  if (pdf->draw)
    {
      cairo_set_line_width (pdf->cr, 0.6);
      set_color (pdf->cr, &rule);
      cairo_move_to (pdf->cr, MARGIN_X, pdf->y);
      cairo_line_to (pdf->cr, MARGIN_X + content_width (pdf), pdf->y);
      cairo_stroke (pdf->cr);
    }
  pdf->y += 14;
}

static void
figures (Pdf           *pdf,
         const FxBlock *block)
{
  guint n = block->plots[1] != NULL ? 2 : 1;
  double w = (content_width (pdf) - (n - 1) * GAP) / n;
  double h = w * block->aspect;
  g_autoptr(PangoLayout) caption = text_layout (pdf, block->text, SMALL + 0.4, PANGO_WEIGHT_NORMAL,
                                                content_width (pdf), TRUE);
  double caption_h = layout_height (caption);

  /* a figure that would be taller than a page is made shorter */
  h = MIN (h, bottom (pdf) - MARGIN_TOP - caption_h - 20);
  ensure (pdf, h + caption_h + 8);
  if (pdf->draw)
    for (guint i = 0; i < n; i++)
      {
        cairo_save (pdf->cr);
        cairo_translate (pdf->cr, MARGIN_X + i * (w + GAP), pdf->y);
        fx_plot_draw (block->plots[i], &pdf->style, pdf->cr, w, h);
        cairo_restore (pdf->cr);
      }
  pdf->y += h + 4;
  show (pdf, caption, MARGIN_X, pdf->y, &muted);
  pdf->y += caption_h + 16;
}

static void
contents (Pdf        *pdf,
          FxDocument *doc,
          const char *title)
{
  g_autoptr(PangoLayout) head = text_layout (pdf, title, 20, PANGO_WEIGHT_BOLD, content_width (pdf), FALSE);

  new_page (pdf);
  show (pdf, head, MARGIN_X, pdf->y, &accent);
  pdf->y += layout_height (head) + 20;
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      const FxBlock *b = g_ptr_array_index (doc->blocks, i);
      double indent, size;
      guint page;
      g_autofree char *number = NULL;
      g_autoptr(PangoLayout) entry = NULL;
      g_autoptr(PangoLayout) page_number = NULL;
      double h;

      if (b->kind != FX_BLOCK_HEADING || b->id == NULL || b->level > 2)
        continue;
      indent = b->level == 1 ? 0 : 16;
      size = b->level == 1 ? BODY + 1 : BODY;
      page = GPOINTER_TO_UINT (g_hash_table_lookup (pdf->pages, b->id));
      number = page > 0 ? g_strdup_printf ("%u", page) : g_strdup ("");
      entry = text_layout (pdf, b->text, size, b->level == 1 ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                           content_width (pdf) - indent - 40, FALSE);
      page_number = text_layout (pdf, number, size, PANGO_WEIGHT_NORMAL, 0, FALSE);
      h = layout_height (entry);
      if (b->level == 1)
        pdf->y += 6;
      ensure (pdf, h);
      if (pdf->draw)
        {
          g_autofree char *link = g_strdup_printf ("dest='%s'", b->id);
          double text_end = MARGIN_X + indent + MIN (layout_width (entry), content_width (pdf) - indent - 40);
          double number_x = pdf->width - MARGIN_X - layout_width (page_number);

          cairo_tag_begin (pdf->cr, CAIRO_TAG_LINK, link);
          show (pdf, entry, MARGIN_X + indent, pdf->y, b->level == 1 ? &ink : &muted);
          show (pdf, page_number, number_x, pdf->y, &ink);
          cairo_tag_end (pdf->cr, CAIRO_TAG_LINK);
          /* dotted leader */
          cairo_set_line_width (pdf->cr, 0.8);
          set_color (pdf->cr, &rule);
          {
            double dashes[] = { 0.8, 3 };

            cairo_set_dash (pdf->cr, dashes, 2, 0);
            cairo_move_to (pdf->cr, text_end + 6, pdf->y + h - 3);
            cairo_line_to (pdf->cr, number_x - 6, pdf->y + h - 3);
            cairo_stroke (pdf->cr);
            cairo_set_dash (pdf->cr, NULL, 0, 0);
          }
        }
      pdf->y += h + 5;
    }
}

static void
title_block (Pdf           *pdf,
             const FxBlock *block)
{
  g_autoptr(PangoLayout) layout = text_layout (pdf, block->text, 28, PANGO_WEIGHT_BOLD, content_width (pdf), FALSE);

  if (pdf->page == 0)
    new_page (pdf);
  pdf->y = MARGIN_TOP + 110;
  if (pdf->draw)
    {
      set_color (pdf->cr, &accent);
      cairo_rectangle (pdf->cr, MARGIN_X, pdf->y - 28, 56, 5);
      cairo_fill (pdf->cr);
    }
  show (pdf, layout, MARGIN_X, pdf->y, &ink);
  pdf->y += layout_height (layout) + 8;
}

static void
subtitle (Pdf           *pdf,
          const FxBlock *block)
{
  g_autoptr(PangoLayout) layout = text_layout (pdf, block->text, 14, PANGO_WEIGHT_NORMAL, content_width (pdf), FALSE);

  show (pdf, layout, MARGIN_X, pdf->y, &muted);
  pdf->y += layout_height (layout) + 40;
}

static gboolean
lay_out (Pdf              *pdf,
         FxDocument       *doc,
         FxReportProgress  progress,
         gpointer          user_data,
         GCancellable     *cancellable)
{
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      const FxBlock *b = g_ptr_array_index (doc->blocks, i);

      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      switch (b->kind)
        {
        case FX_BLOCK_TITLE:
          title_block (pdf, b);
          break;
        case FX_BLOCK_SUBTITLE:
          subtitle (pdf, b);
          break;
        case FX_BLOCK_HEADING:
          heading (pdf, b);
          break;
        case FX_BLOCK_PARAGRAPH:
          paragraph (pdf, b->text, 0, NULL);
          break;
        case FX_BLOCK_NOTE:
          note (pdf, b->text, b->level == 1);
          break;
        case FX_BLOCK_COMMAND:
          command (pdf, b->text);
          break;
        case FX_BLOCK_BULLETS:
          for (guint k = 0; k < b->items->len; k++)
            paragraph (pdf, g_ptr_array_index (b->items, k), 14, "•");
          pdf->y += 6;
          break;
        case FX_BLOCK_FACTS:
          facts (pdf, b);
          break;
        case FX_BLOCK_TABLE:
          table (pdf, b);
          break;
        case FX_BLOCK_FIGURES:
          figures (pdf, b);
          break;
        case FX_BLOCK_CONTENTS:
          contents (pdf, doc, b->text);
          break;
        case FX_BLOCK_PAGE_BREAK:
          new_page (pdf);
          break;
        default:
          break;
        }
      if (pdf->draw && progress != NULL)
        progress (0.5 + 0.5 * (i + 1) / doc->blocks->len, user_data);
    }
  footer (pdf);
  return TRUE;
}

typedef struct
{
  FILE *out;
  int   error;
} Sink;

static cairo_status_t
write_sink (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  Sink *sink = closure;

  if (sink->out == NULL)
    return CAIRO_STATUS_SUCCESS;
  if (fwrite (data, 1, length, sink->out) != length)
    {
      sink->error = errno != 0 ? errno : EIO;
      return CAIRO_STATUS_WRITE_ERROR;
    }
  return CAIRO_STATUS_SUCCESS;
}

static void
page_size (FxReportPaper  paper,
           double        *width,
           double        *height)
{
  if (paper == FX_REPORT_PAPER_LETTER)
    *width = 612, *height = 792;
  else
    *width = 595.2756, *height = 841.8898;
}

static gboolean
run_pass (Pdf              *pdf,
          FxDocument       *doc,
          Sink             *sink,
          FxReportProgress  progress,
          gpointer          user_data,
          GCancellable     *cancellable)
{
  gboolean ok;

  pdf->surface = cairo_pdf_surface_create_for_stream (write_sink, sink, pdf->width, pdf->height);
  pdf->cr = cairo_create (pdf->surface);
  pdf->pango = pango_cairo_create_context (pdf->cr);
  pango_cairo_context_set_resolution (pdf->pango, 72);
  pdf->page = 0;
  pdf->outline_parent = CAIRO_PDF_OUTLINE_ROOT;
  if (pdf->draw)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) utc = g_date_time_to_utc (pdf->report->created != NULL ? pdf->report->created : now);
      g_autofree char *date = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

      cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_TITLE,
                                      pdf->report->title != NULL ? pdf->report->title
                                                                 : _("Synthetic Data Fidelity Report"));
      if (pdf->report->author != NULL)
        cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_AUTHOR, pdf->report->author);
      cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_CREATOR, "Facsimile " PACKAGE_VERSION);
      cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
    }
  ok = lay_out (pdf, doc, progress, user_data, cancellable);
  g_clear_object (&pdf->pango);
  cairo_destroy (pdf->cr);
  pdf->cr = NULL;
  cairo_surface_finish (pdf->surface);
  if (ok && cairo_surface_status (pdf->surface) != CAIRO_STATUS_SUCCESS && sink->error == 0)
    sink->error = EIO;
  cairo_surface_destroy (pdf->surface);
  pdf->surface = NULL;
  return ok;
}

gboolean
fx_report_write_pdf (FxReport          *report,
                     FxDocument        *doc,
                     const char        *path,
                     FILE              *out,
                     FxReportProgress   progress,
                     gpointer           user_data,
                     GCancellable      *cancellable,
                     GError           **error)
{
  Pdf pdf = { 0 };
  Sink nowhere = { NULL, 0 };
  Sink sink = { out, 0 };
  g_autoptr(GHashTable) pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  pdf.report = report;
  pdf.pages = pages;
  page_size (report->paper, &pdf.width, &pdf.height);
  fx_plot_style_init (&pdf.style, FALSE);
  pdf.style.font_size = PLOT_FONT;

  pdf.draw = FALSE;
  if (!run_pass (&pdf, doc, &nowhere, NULL, NULL, cancellable))
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return FALSE;
    }
  pdf.n_pages = pdf.page;
  pdf.draw = TRUE;
  if (!run_pass (&pdf, doc, &sink, progress, user_data, cancellable))
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return FALSE;
    }
  if (sink.error != 0)
    {
      g_set_error (error, FX_REPORT_ERROR, FX_REPORT_ERROR_WRITE, _("%s: cannot write: %s"),
                   path, g_strerror (sink.error));
      return FALSE;
    }
  return TRUE;
}
