/* fx-report-html.c: a report as one self-contained HTML file
 *
 * Plots are inline SVG (each with its own id prefix, so that the glyphs of one do not
 * stand in for another's), styles are inline, and nothing refers to a URL outside
 * the file.  Tables have captions and header cells for screen readers; the layout
 * narrows to a phone's width.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "fx-report-private.h"

#define PLOT_WIDTH 640.0
#define PLOT_FONT 11.0

static const char style_sheet[] =
  ":root{color-scheme:light dark;--ink:#1e1e22;--muted:#5e6067;--accent:#1c64b2;--tint:#eef1f6;--rule:#d0d2d6;"
  "--paper:#ffffff;--stripe:#f6f7f9;--warning:#c07000;--warning-tint:#fdf2e0}"
  "@media (prefers-color-scheme:dark){:root{--ink:#e8e8ea;--muted:#a6a8ad;--accent:#78aeed;--tint:#2a2d33;"
  "--rule:#44474d;--paper:#1e1f22;--stripe:#26282c;--warning:#f0a030;--warning-tint:#3a2e1c}}"
  "*{box-sizing:border-box}"
  "body{margin:0;background:var(--paper);color:var(--ink);font:16px/1.5 system-ui,-apple-system,'Segoe UI',"
  "Cantarell,'Noto Sans','DejaVu Sans',sans-serif}"
  "main{max-width:60rem;margin:0 auto;padding:1.5rem 1rem 4rem}"
  "h1{font-size:2rem;line-height:1.2;margin:2rem 0 .25rem}"
  ".subtitle{color:var(--muted);font-size:1.15rem;margin:0 0 1.5rem}"
  "h2{color:var(--accent);font-size:1.5rem;margin:3rem 0 1rem;padding-bottom:.3rem;border-bottom:2px solid var(--accent)}"
  "h3{font-size:1.15rem;margin:2rem 0 .5rem}"
  "h4{font-size:1rem;margin:1.25rem 0 .25rem}"
  "dl{display:grid;grid-template-columns:minmax(8rem,14rem) 1fr;gap:.3rem 1rem;margin:0 0 1rem}"
  "dt{color:var(--muted);font-weight:600}dd{margin:0;overflow-wrap:anywhere}"
  ".note{background:var(--tint);border-left:4px solid var(--accent);padding:.75rem 1rem;margin:1rem 0;"
  "overflow-wrap:anywhere}"
  ".command{background:var(--tint);padding:.75rem 1rem;margin:1rem 0;overflow-x:auto;font-size:.85rem}"
  ".note.warning{background:var(--warning-tint);border-left-color:var(--warning)}"
  "nav ol{padding-left:1.25rem}nav li{margin:.2rem 0}"
  "a{color:var(--accent)}"
  ".table{overflow-x:auto;margin:1rem 0 1.5rem}"
  "table{border-collapse:collapse;font-size:.8rem;min-width:100%}"
  "caption{text-align:left;color:var(--muted);font-style:italic;padding:0 0 .4rem}"
  "th,td{padding:.3rem .4rem;text-align:right;white-space:nowrap}"
  "th[scope=row],thead th:first-child{text-align:left;white-space:normal;font-weight:600}"
  "thead th{background:var(--tint);border-bottom:1px solid var(--muted)}"
  "tbody tr:nth-child(even){background:var(--stripe)}"
  "figure{margin:1rem 0 2rem}"
  ".plots{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem}"
  ".plots svg{width:100%;height:auto;display:block;background:#fff;border-radius:6px}"
  "figcaption{color:var(--muted);font-size:.9rem;margin-top:.4rem}"
  "@media (max-width:40rem){dl{grid-template-columns:1fr;gap:0}dt{margin-top:.5rem}main{padding:1rem .75rem 3rem}"
  "h1{font-size:1.6rem}}"
  "@media print{h2{break-before:page}figure{break-inside:avoid}}";

static void
escape (GString    *out,
        const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (out, escaped);
}

static cairo_status_t
append_svg (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The plot as an <svg> element whose ids all start with @prefix. */
static void
append_plot (GString           *out,
             const FxPlot      *plot,
             const FxPlotStyle *style,
             double             width,
             double             aspect,
             const char        *prefix)
{
  g_autoptr(GString) svg = g_string_new (NULL);
  g_autoptr(GRegex) ids = g_regex_new ("(id=\"|href=\"#|url\\(#)", 0, 0, NULL);
  g_autofree char *replacement = g_strdup_printf ("\\1%s-", prefix);
  g_autofree char *prefixed = NULL;
  g_autofree char *description = fx_plot_describe (plot);
  cairo_surface_t *surface;
  cairo_t *cr;
  const char *start;
  double height = width * aspect;

  surface = cairo_svg_surface_create_for_stream (append_svg, svg, width, height);
  cairo_svg_surface_restrict_to_version (surface, CAIRO_SVG_VERSION_1_1);
  cr = cairo_create (surface);
  fx_plot_draw (plot, style, cr, width, height);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);

  prefixed = g_regex_replace (ids, svg->str, svg->len, 0, replacement, 0, NULL);
  /* inside HTML the SVG and XLink namespaces are implied: no address is needed */
  if (prefixed != NULL)
    {
      g_autoptr(GRegex) namespaces = g_regex_new (" xmlns(:xlink)?=\"[^\"]*\"", 0, 0, NULL);
      char *bare = g_regex_replace_literal (namespaces, prefixed, -1, 0, "", 0, NULL);

      g_free (prefixed);
      prefixed = bare;
    }
  start = prefixed != NULL ? strstr (prefixed, "<svg") : NULL;
  if (start == NULL)
    return;
  /* a name for screen readers, then the picture */
  g_string_append (out, "<svg role=\"img\" aria-label=\"");
  escape (out, description);
  g_string_append (out, "\" ");
  start += strlen ("<svg ");
  {
    const char *end_of_tag = strchr (start, '>');

    g_string_append_len (out, start, end_of_tag - start + 1);
    g_string_append (out, "<title>");
    escape (out, description);
    g_string_append (out, "</title>");
    g_string_append (out, end_of_tag + 1);
  }
}

static void
table (GString       *out,
       const FxBlock *block)
{
  guint n_rows = block->items->len / block->n_columns;

  g_string_append (out, "<div class=\"table\"><table><caption>");
  escape (out, block->text);
  g_string_append (out, "</caption><thead><tr>");
  for (guint c = 0; c < block->n_columns; c++)
    {
      g_string_append (out, "<th scope=\"col\">");
      escape (out, g_ptr_array_index (block->items, c));
      g_string_append (out, "</th>");
    }
  g_string_append (out, "</tr></thead><tbody>\n");
  for (guint r = 1; r < n_rows; r++)
    {
      g_string_append (out, "<tr>");
      for (guint c = 0; c < block->n_columns; c++)
        {
          g_string_append (out, c == 0 ? "<th scope=\"row\">" : "<td>");
          escape (out, g_ptr_array_index (block->items, r * block->n_columns + c));
          g_string_append (out, c == 0 ? "</th>" : "</td>");
        }
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</tbody></table></div>\n");
}

static void
contents (GString    *out,
          FxDocument *doc,
          const char *title)
{
  gboolean open_sub = FALSE;
  gboolean any = FALSE;

  g_string_append (out, "<nav aria-labelledby=\"contents\"><h2 id=\"contents\">");
  escape (out, title);
  g_string_append (out, "</h2><ol>");
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      const FxBlock *b = g_ptr_array_index (doc->blocks, i);

      if (b->kind != FX_BLOCK_HEADING || b->id == NULL || b->level > 2)
        continue;
      if (b->level == 1)
        {
          if (open_sub)
            g_string_append (out, "</ol>");
          if (any)
            g_string_append (out, "</li>");
          open_sub = FALSE;
          any = TRUE;
          g_string_append (out, "<li>");
        }
      else
        {
          if (!open_sub)
            g_string_append (out, "<ol>");
          open_sub = TRUE;
          g_string_append (out, "<li>");
        }
      g_string_append_printf (out, "<a href=\"#%s\">", b->id);
      escape (out, b->text);
      g_string_append (out, "</a>");
      if (b->level == 2)
        g_string_append (out, "</li>");
    }
  if (open_sub)
    g_string_append (out, "</ol>");
  if (any)
    g_string_append (out, "</li>");
  g_string_append (out, "</ol></nav>\n");
}

gboolean
fx_report_write_html (FxReport          *report,
                      FxDocument        *doc,
                      GString           *out,
                      FxReportProgress   progress,
                      gpointer           user_data,
                      GCancellable      *cancellable,
                      GError           **error)
{
  FxPlotStyle style;
  const char *title = report->title != NULL ? report->title : _("Synthetic Data Fidelity Report");
  guint n_plots = 0;

  fx_plot_style_init (&style, FALSE);
  style.font_size = PLOT_FONT;

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                        "<meta name=\"generator\" content=\"Facsimile " PACKAGE_VERSION "\">");
  if (report->author != NULL)
    {
      g_string_append (out, "<meta name=\"author\" content=\"");
      escape (out, report->author);
      g_string_append (out, "\">");
    }
  g_string_append (out, "<title>");
  escape (out, title);
  g_string_append_printf (out, "</title><style>%s</style></head>\n<body><main>\n", style_sheet);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      const FxBlock *b = g_ptr_array_index (doc->blocks, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      switch (b->kind)
        {
        case FX_BLOCK_TITLE:
          g_string_append (out, "<header><h1>");
          escape (out, b->text);
          g_string_append (out, "</h1>");
          break;
        case FX_BLOCK_SUBTITLE:
          g_string_append (out, "<p class=\"subtitle\">");
          escape (out, b->text);
          g_string_append (out, "</p></header>\n");
          break;
        case FX_BLOCK_HEADING:
          /* h1 is the title: sections are h2, their parts h3, definitions h4 */
          if (b->id != NULL)
            g_string_append_printf (out, "<h%u id=\"%s\">", b->level + 1, b->id);
          else
            g_string_append_printf (out, "<h%u>", b->level + 1);
          escape (out, b->text);
          g_string_append_printf (out, "</h%u>\n", b->level + 1);
          break;
        case FX_BLOCK_PARAGRAPH:
          g_string_append (out, "<p>");
          escape (out, b->text);
          g_string_append (out, "</p>\n");
          break;
        case FX_BLOCK_COMMAND:
          g_string_append (out, "<pre class=\"command\"><code>");
          escape (out, b->text);
          g_string_append (out, "</code></pre>\n");
          break;
        case FX_BLOCK_NOTE:
          g_string_append (out, b->level == 1 ? "<p class=\"note warning\" role=\"note\">" : "<p class=\"note\">");
          escape (out, b->text);
          g_string_append (out, "</p>\n");
          break;
        case FX_BLOCK_BULLETS:
          g_string_append (out, "<ul>");
          for (guint k = 0; k < b->items->len; k++)
            {
              g_string_append (out, "<li>");
              escape (out, g_ptr_array_index (b->items, k));
              g_string_append (out, "</li>");
            }
          g_string_append (out, "</ul>\n");
          break;
        case FX_BLOCK_FACTS:
          g_string_append (out, "<dl>");
          for (guint k = 0; k + 1 < b->items->len; k += 2)
            {
              g_string_append (out, "<dt>");
              escape (out, g_ptr_array_index (b->items, k));
              g_string_append (out, "</dt><dd>");
              escape (out, g_ptr_array_index (b->items, k + 1));
              g_string_append (out, "</dd>");
            }
          g_string_append (out, "</dl>\n");
          break;
        case FX_BLOCK_TABLE:
          table (out, b);
          break;
        case FX_BLOCK_FIGURES:
          g_string_append (out, "<figure><div class=\"plots\">");
          for (guint k = 0; k < 2 && b->plots[k] != NULL; k++)
            {
              g_autofree char *prefix = g_strdup_printf ("p%u", ++n_plots);
              /* a pair shares the width: drawn smaller, its text stays as large */
              double width = b->plots[1] != NULL ? PLOT_WIDTH * 0.64 : PLOT_WIDTH;

              append_plot (out, b->plots[k], &style, width, b->aspect, prefix);
            }
          g_string_append (out, "</div><figcaption>");
          escape (out, b->text);
          g_string_append (out, "</figcaption></figure>\n");
          break;
        case FX_BLOCK_CONTENTS:
          contents (out, doc, b->text);
          break;
        case FX_BLOCK_PAGE_BREAK:
        default:
          break;
        }
      if (progress != NULL)
        progress (0.6 + 0.4 * (i + 1) / doc->blocks->len, user_data);
    }
  g_string_append (out, "</main></body></html>\n");
  return TRUE;
}
