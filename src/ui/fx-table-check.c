/* fx-table-check.c: whether a file the user chose can be read as a table
 *
 * A table chosen in the Compare pane is read at once, so that a file that is not one is
 * refused where it was chosen rather than when the comparison starts.  The CSV reader
 * reports the first byte it cannot take; the look at the file's first bytes here says
 * what the file is, which is what the user needs to know to choose another.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fx-csv.h"
#include "fx-table-check.h"

#define SNIFF_BYTES 65536

typedef struct
{
  const char *magic;
  gsize       length;
  const char *what;
} Signature;

/* The kinds of file people most often pick by mistake for a table. */
static const Signature signatures[] = {
  { "%PDF-", 5, N_("a PDF document") },
  { "PK\003\004", 4, N_("a ZIP archive or an Excel or LibreOffice workbook") },
  { "\320\317\021\340\241\261\032\341", 8, N_("an old-style Excel or Word file") },
  { "\211PNG", 4, N_("a PNG image") },
  { "\377\330\377", 3, N_("a JPEG image") },
  { "GIF8", 4, N_("a GIF image") },
  { "SQLite format 3", 15, N_("an SQLite database") },
  { "\037\213", 2, N_("a compressed (gzip) file") },
  { "{\\rtf", 5, N_("a rich-text (RTF) document") },
};

static gboolean
sniff (const char  *path,
       GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *head = g_malloc (SNIFF_BYTES);
  g_autofree char *base = g_path_get_basename (path);
  gsize length = 0;
  const char *end = NULL;

  if ((stream = g_file_read (file, NULL, error)) == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), head, SNIFF_BYTES, &length, NULL, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (signatures); i++)
    if (length >= signatures[i].length && memcmp (head, signatures[i].magic, signatures[i].length) == 0)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("%s is %s, not a table. Choose a CSV file: text with one record per line and "
                       "the values separated by commas (in a spreadsheet: Save As, CSV)."),
                     base, _(signatures[i].what));
        return FALSE;
      }
  if (length >= 2 && (((guchar) head[0] == 0xff && (guchar) head[1] == 0xfe) ||
                      ((guchar) head[0] == 0xfe && (guchar) head[1] == 0xff)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is text saved as UTF-16. Save it again as “CSV UTF-8” (in a spreadsheet) or "
                     "with the encoding UTF-8 (in a text editor)."), base);
      return FALSE;
    }
  if (memchr (head, '\0', length) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not a text file (it holds binary data), so it cannot be a CSV table. "
                     "Choose a CSV file: text with one record per line and the values separated by commas."),
                   base);
      return FALSE;
    }
  /* a character cut at the end of what was read is not an error */
  if (!g_utf8_validate (head, length, &end) && (gsize) (end - head) + 4 < length)
    {
      g_autofree char *before = g_strndup (head, end - head);
      guint line = 1;

      for (const char *p = before; *p != '\0'; p++)
        line += *p == '\n';
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is text in another encoding than UTF-8 (line %u), probably Windows or Latin-1 "
                     "as older Excel versions save it. Save it again as “CSV UTF-8” (in a spreadsheet) "
                     "or with the encoding UTF-8 (in a text editor)."), base, line);
      return FALSE;
    }
  return TRUE;
}

gboolean
fx_table_check (const char  *path,
                GError     **error)
{
  g_autoptr(FxTable) table = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!sniff (path, error))
    return FALSE;
  if ((table = fx_csv_read_file (path, NULL, &local)) == NULL)
    {
      g_autofree char *base = g_path_get_basename (path);

      /* the reader's message names the file, the line and the column */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s cannot be read as a table: %s"),
                   base, local->message);
      return FALSE;
    }
  return TRUE;
}

static void
check_thread (GTask        *task,
              gpointer      object,
              gpointer      data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (fx_table_check (data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
fx_table_check_async (const char          *path,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fx_table_check_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_set_check_cancellable (task, TRUE);
  g_task_run_in_thread (task, check_thread);
}

gboolean
fx_table_check_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
