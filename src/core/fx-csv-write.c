/* fx-csv-write.c: a table written as RFC 4180 CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fx-csv.h"
#include "fx-file.h"

static gboolean
needs_quotes (const char *text)
{
  gsize len = strlen (text);

  if (len == 0)
    return TRUE;
  if (text[0] == ' ' || text[0] == '\t' || text[len - 1] == ' ' || text[len - 1] == '\t')
    return TRUE;
  /* a leading byte order mark would be taken for the file's, and control bytes at
   * the start for a ZIP or gzip signature: in quotes they read back as written */
  if (g_str_has_prefix (text, "\xEF\xBB\xBF"))
    return TRUE;
  for (const guchar *p = (const guchar *) text; *p; p++)
    if (*p < 0x20 || *p == 0x7F)
      return TRUE;
  return strpbrk (text, ",\";") != NULL;
}

static void
append_cell (GString    *out,
             const char *text)
{
  if (!needs_quotes (text))
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_value (GString        *out,
              const FxColumn *column,
              gsize           row)
{
  char buf[32];

  if (fx_column_is_missing (column, row))
    return;

  switch (column->type)
    {
    case FX_COLUMN_CATEGORICAL:
      append_cell (out, g_ptr_array_index (column->categories, column->codes[row]));
      break;

    case FX_COLUMN_BOOLEAN:
      {
        gboolean v = column->values[row] != 0;

        g_string_append (out,
                         column->bool_style == FX_BOOL_STYLE_TRUE_FALSE ? (v ? "true" : "false") :
                         column->bool_style == FX_BOOL_STYLE_YES_NO ? (v ? "yes" : "no") :
                         (v ? "1" : "0"));
      }
      break;

    case FX_COLUMN_INTEGER:
      /* every digit, past 2^53 too, so that the column reads back as integers */
      if (column->values[row] == floor (column->values[row]))
        g_string_append_printf (out, "%.0f", column->values[row]);
      else
        g_string_append (out, fx_format_double (column->values[row], buf));
      break;

    case FX_COLUMN_NUMBER:
      fx_format_double (column->values[row], buf);
      g_string_append (out, buf);
      /* keep a decimal point, so that the column reads back as a number */
      if (strpbrk (buf, ".eE") == NULL)
        g_string_append (out, ".0");
      break;

    default:
      g_assert_not_reached ();
    }
}

char *
fx_table_format_cell (const FxTable *table,
                      guint          column,
                      gsize          row)
{
  GString *out = g_string_new (NULL);

  append_value (out, fx_table_get_column (table, column), row);
  return g_string_free (out, FALSE);
}

static void
append_row (GString       *out,
            const FxTable *table,
            gsize          row)
{
  for (guint c = 0; c < table->columns->len; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      append_value (out, g_ptr_array_index (table->columns, c), row);
    }
  g_string_append_c (out, '\n');
}

static void
append_header (GString       *out,
               const FxTable *table)
{
  for (guint c = 0; c < table->columns->len; c++)
    {
      const FxColumn *column = g_ptr_array_index (table->columns, c);

      if (c > 0)
        g_string_append_c (out, ',');
      append_cell (out, column->name);
    }
  g_string_append_c (out, '\n');
}

char *
fx_csv_write_string (const FxTable *table)
{
  GString *out = g_string_new (NULL);

  append_header (out, table);
  for (gsize row = 0; row < table->n_rows; row++)
    append_row (out, table, row);
  return g_string_free (out, FALSE);
}

gboolean
fx_csv_write_file (const FxTable  *table,
                   const char     *path,
                   GError        **error)
{
  g_autoptr(GString) line = g_string_sized_new (1024);
  FxAtomicFile *file;
  FILE *stream;

  file = fx_atomic_file_open (path, error);
  if (file == NULL)
    return FALSE;
  stream = fx_atomic_file_stream (file);

  append_header (line, table);
  fwrite (line->str, 1, line->len, stream);
  for (gsize row = 0; row < table->n_rows; row++)
    {
      g_string_truncate (line, 0);
      append_row (line, table, row);
      if (fwrite (line->str, 1, line->len, stream) != line->len)
        break;
    }

  return fx_atomic_file_commit (file, error);
}
