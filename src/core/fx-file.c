/* fx-file.c: files written whole or not at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "fx-file.h"

struct _FxAtomicFile
{
  char *path;
  char *tmp_path;
  FILE *stream;
  gboolean is_stdout;
  gboolean is_direct;  /* not a regular file: written in place */
};

/* The file a path ends at, through symbolic links, so that writing replaces the
 * target and leaves the link alone. */
static char *
resolve_links (const char *path)
{
  g_autofree char *current = g_strdup (path);

  for (guint hops = 0; hops < 32; hops++)
    {
      g_autofree char *target = g_file_read_link (current, NULL);
      g_autofree char *dir = NULL;

      if (target == NULL)
        break;
      if (g_path_is_absolute (target))
        {
          g_free (current);
          current = g_steal_pointer (&target);
          continue;
        }
      dir = g_path_get_dirname (current);
      g_free (current);
      current = g_build_filename (dir, target, NULL);
    }
  return g_steal_pointer (&current);
}

FxAtomicFile *
fx_atomic_file_open (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  FxAtomicFile *file;
  struct stat st;
  gboolean exists;
  mode_t mode;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_new0 (FxAtomicFile, 1);
  file->path = resolve_links (path);

  if (g_strcmp0 (path, "-") == 0)
    {
      file->is_stdout = TRUE;
      file->stream = stdout;
      return file;
    }

  exists = g_stat (file->path, &st) == 0;
  if (exists && !S_ISREG (st.st_mode))
    {
      /* a device, a pipe, /dev/stdout: there is nothing to replace, write to it */
      file->stream = fopen (file->path, "w");
      if (file->stream == NULL)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "%s: cannot write: %s", path, g_strerror (saved));
          fx_atomic_file_abort (file);
          return NULL;
        }
      file->is_direct = TRUE;
      return file;
    }

  dir = g_path_get_dirname (file->path);
  base = g_path_get_basename (file->path);
  file->tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (file->tmp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: cannot write: %s", path, g_strerror (saved));
      g_clear_pointer (&file->tmp_path, g_free);
      fx_atomic_file_abort (file);
      return NULL;
    }

  /* a replaced file keeps its permissions; a new one gets the ordinary ones */
  if (exists)
    mode = st.st_mode & 07777;
  else
    {
      mode_t mask = umask (0);

      umask (mask);
      mode = 0666 & ~mask;
    }
  if (fchmod (fd, mode) != 0)
    g_debug ("fchmod %s: %s", file->tmp_path, g_strerror (errno));

  file->stream = fdopen (fd, "w");
  if (file->stream == NULL)
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: cannot write", path);
      fx_atomic_file_abort (file);
      return NULL;
    }
  setvbuf (file->stream, NULL, _IOFBF, 1 << 16);
  return file;
}

FILE *
fx_atomic_file_stream (FxAtomicFile *file)
{
  return file->stream;
}

void
fx_atomic_file_abort (FxAtomicFile *file)
{
  if (file == NULL)
    return;
  if (!file->is_stdout && file->stream != NULL)
    fclose (file->stream);
  if (file->tmp_path != NULL)
    g_unlink (file->tmp_path);
  g_free (file->tmp_path);
  g_free (file->path);
  g_free (file);
}

gboolean
fx_atomic_file_commit (FxAtomicFile  *file,
                       GError       **error)
{
  int saved = 0;

  if (file->is_direct)
    {
      gboolean ok = fflush (file->stream) == 0 && !ferror (file->stream);

      saved = errno ? errno : EIO;
      ok = fclose (file->stream) == 0 && ok;
      file->stream = NULL;
      if (!ok)
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     "%s: cannot write: %s", file->path, g_strerror (saved));
      fx_atomic_file_abort (file);
      return ok;
    }

  if (file->is_stdout)
    {
      gboolean ok = fflush (stdout) == 0 && !ferror (stdout);

      if (!ok)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "cannot write to standard output: %s", g_strerror (errno));
      fx_atomic_file_abort (file);
      return ok;
    }

  if (ferror (file->stream) || fflush (file->stream) != 0)
    saved = errno ? errno : EIO;
  else if (fsync (fileno (file->stream)) != 0 && errno != EINVAL)
    saved = errno;

  if (fclose (file->stream) != 0 && saved == 0)
    saved = errno ? errno : EIO;
  file->stream = NULL;

  if (saved == 0 && g_rename (file->tmp_path, file->path) != 0)
    saved = errno;

  if (saved != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: cannot write: %s", file->path, g_strerror (saved));
      fx_atomic_file_abort (file);
      return FALSE;
    }

  g_clear_pointer (&file->tmp_path, g_free);
  fx_atomic_file_abort (file);
  return TRUE;
}

gboolean
fx_write_file_atomic (const char  *path,
                      const char  *contents,
                      gsize        length,
                      GError     **error)
{
  FxAtomicFile *file = fx_atomic_file_open (path, error);

  if (file == NULL)
    return FALSE;
  if (length > 0 && fwrite (contents, 1, length, file->stream) != length)
    {
      int saved = errno ? errno : EIO;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: cannot write: %s", path, g_strerror (saved));
      fx_atomic_file_abort (file);
      return FALSE;
    }
  return fx_atomic_file_commit (file, error);
}
