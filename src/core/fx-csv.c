/* fx-csv.c: RFC 4180 CSV import
 *
 * The reader (fx-csv-reader.c) is a byte-level state machine fed here in blocks, so
 * a file is never held in memory as text: cells go straight into typed columns.
 * Column types are inferred while reading (integer, number, boolean, categorical).
 * A column that looked numeric and then meets text must be read again as
 * categorical, since the original spelling of its numbers is gone; that is the only
 * case of a second pass.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fx-csv-reader.h"
#include "fx-csv.h"
#include "fx-error.h"
#include "fx-file.h"

#define BLOCK_SIZE (1 << 20)

typedef gssize (*ReadFunc) (gpointer source, char *buf, gsize size, GError **error);

typedef struct
{
  const char *data;
  gsize       length;
  gsize       pos;
} MemorySource;

static gssize
read_memory (gpointer   source,
             char      *buf,
             gsize      size,
             GError   **error)
{
  MemorySource *m = source;
  gsize n = MIN (size, m->length - m->pos);

  memcpy (buf, m->data + m->pos, n);
  m->pos += n;
  return (gssize) n;
}

typedef struct
{
  const char *path;
  int         fd;
} FileSource;

static gssize
read_fd (gpointer   source,
         char      *buf,
         gsize      size,
         GError   **error)
{
  FileSource *f = source;

  for (;;)
    {
      gssize n = read (f->fd, buf, size);

      if (n >= 0)
        return n;
      if (errno == EINTR)
        continue;
      {
        int saved = errno;

        g_set_error (error, FX_CSV_ERROR, FX_CSV_ERROR_IO,
                     "%s: %s", f->path, g_strerror (saved));
      }
      return -1;
    }
}

static FxTable *
read_pass (const char          *display_name,
           const FxCsvOptions  *options,
           GHashTable          *force_categorical,
           ReadFunc             read_func,
           gpointer             source,
           GHashTable         **demoted_out,
           GError             **error)
{
  g_autofree char *buf = g_malloc (BLOCK_SIZE);
  Reader r;
  gboolean first = TRUE;
  FxTable *table = NULL;

  fx_csv_reader_init (&r, display_name, options, force_categorical);

  for (;;)
    {
      gssize n = read_func (source, buf, BLOCK_SIZE, &r.error);
      gsize skip = 0;

      if (n <= 0)
        break;

      if (first)
        {
          skip = fx_csv_reader_sniff (&r, buf, (gsize) n);
          first = FALSE;
          if (r.error != NULL)
            break;
        }
      if (!fx_csv_reader_feed (&r, buf + skip, n - skip))
        break;
    }

  if (r.error == NULL && fx_csv_reader_finish (&r))
    {
      if (r.any_demoted)
        {
          /* name -> the warning to give (or "") */
          GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

          for (guint i = 0; i < r.n_cols; i++)
            if (r.cols[i].demoted)
              g_hash_table_insert (names, g_strdup (r.cols[i].column->name),
                                   r.cols[i].demoted_by != NULL ? g_steal_pointer (&r.cols[i].demoted_by)
                                                                : g_strdup (""));
          *demoted_out = names;
        }
      else
        {
          table = fx_csv_reader_take_table (&r);
          for (guint i = 0; i < r.warnings->len; i++)
            g_ptr_array_add (table->warnings, g_strdup (g_ptr_array_index (r.warnings, i)));
        }
    }

  if (r.error != NULL)
    g_propagate_error (error, g_steal_pointer (&r.error));
  fx_csv_reader_clear (&r);
  return table;
}

/* The pass that reads the demoted columns as categories.  Should yet another column
 * turn out to hold text, the input changed between the two passes. */
static FxTable *
second_pass (const char          *display_name,
             const FxCsvOptions  *options,
             GHashTable          *demoted,
             ReadFunc             read_func,
             gpointer             source,
             GError             **error)
{
  g_autoptr(GHashTable) again = NULL;
  g_autoptr(GError) local_error = NULL;
  FxTable *table = read_pass (display_name, options, demoted, read_func, source, &again, &local_error);

  if (table != NULL)
    {
      /* what turned a column of numbers into categories, in the column order */
      for (guint i = 0; i < table->columns->len; i++)
        {
          const FxColumn *column = g_ptr_array_index (table->columns, i);
          const char *warning = g_hash_table_lookup (demoted, column->name);

          if (warning != NULL && warning[0] != '\0')
            g_ptr_array_add (table->warnings, g_strdup (warning));
        }
      return table;
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, FX_CSV_ERROR, FX_CSV_ERROR_IO,
                 _("%s: the file changed while it was being read"), display_name);
  return NULL;
}

FxTable *
fx_csv_read_data (const char          *data,
                  gsize                length,
                  const char          *display_name,
                  const FxCsvOptions  *options,
                  GError             **error)
{
  g_autoptr(GHashTable) demoted = NULL;
  MemorySource source = { data, length, 0 };
  FxTable *table;

  table = read_pass (display_name, options, NULL, read_memory, &source, &demoted, error);
  if (table != NULL || demoted == NULL)
    return table;

  source.pos = 0;
  return second_pass (display_name, options, demoted, read_memory, &source, error);
}

FxTable *
fx_csv_read_file (const char          *path,
                  const FxCsvOptions  *options,
                  GError             **error)
{
  g_autoptr(GHashTable) demoted = NULL;
  FileSource source = { path, -1 };
  FxTable *table;

  source.fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (source.fd < 0)
    {
      int saved = errno;

      g_set_error (error, FX_CSV_ERROR, FX_CSV_ERROR_IO, "%s: %s", path, g_strerror (saved));
      return NULL;
    }

  table = read_pass (path, options, NULL, read_fd, &source, &demoted, error);
  if (table == NULL && demoted != NULL)
    {
      if (lseek (source.fd, 0, SEEK_SET) == 0)
        table = second_pass (path, options, demoted, read_fd, &source, error);
      else
        g_set_error (error, FX_CSV_ERROR, FX_CSV_ERROR_IO,
                     _("%s: a column turns from numbers to text, and this input cannot be read "
                       "a second time to keep the numbers' spelling (%s); save it to a file first"),
                     path, g_strerror (errno));
    }

  close (source.fd);
  return table;
}
