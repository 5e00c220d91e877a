/* fx-file.c: files written whole or not at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "fx-file.h"

struct _FxAtomicFile
{
  char *path;
  char *tmp_path;
  FILE *stream;
  int slot;            /* in the table the signal handler reads, or -1 */
  gboolean is_stdout;
};

/* ---- what a signal removes --------------------------------------------------------- */

/* The temporary files being written, for the SIGINT and SIGTERM handler: fixed
 * storage, because a handler may neither allocate nor lock.  A slot is free (0),
 * being filled (1) or holds a path (2). */
#define N_SLOTS 32

static char slot_path[N_SLOTS][PATH_MAX];
static gint slot_state[N_SLOTS];
static GMutex signal_lock;

static void
on_signal (int sig)
{
  int saved = errno;

  for (guint i = 0; i < N_SLOTS; i++)
    if (g_atomic_int_get (&slot_state[i]) == 2)
      unlink (slot_path[i]);
  /* then what the signal would have done: the handler is only ever put in place of
   * the default one */
  signal (sig, SIG_DFL);
  raise (sig);
  errno = saved;
}

/* Puts the handler in place where the signal still has its default action: a
 * program that handles SIGINT itself (generate's cancellation) keeps its own, and
 * one that ignores it goes on ignoring it.  Asked at every open, since GLib puts the
 * default back when its own handler goes. */
static void
watch_signals (void)
{
  static const int signals[] = { SIGINT, SIGTERM };

  g_mutex_lock (&signal_lock);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      struct sigaction current;

      if (sigaction (signals[i], NULL, &current) == 0 &&
          !(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_DFL)
        {
          struct sigaction action = { 0 };

          action.sa_handler = on_signal;
          sigfillset (&action.sa_mask);
          action.sa_flags = SA_RESTART;
          sigaction (signals[i], &action, NULL);
        }
    }
  g_mutex_unlock (&signal_lock);
}

static int
claim_slot (const char *path)
{
  if (strlen (path) >= PATH_MAX)
    return -1;
  for (int i = 0; i < N_SLOTS; i++)
    if (g_atomic_int_compare_and_exchange (&slot_state[i], 0, 1))
      {
        g_strlcpy (slot_path[i], path, PATH_MAX);
        g_atomic_int_set (&slot_state[i], 2);
        return i;
      }
  return -1;
}

static void
release_slot (int slot)
{
  if (slot >= 0)
    g_atomic_int_set (&slot_state[slot], 0);
}

/* ---- what a killed writer left ----------------------------------------------------- */

/* Whether @name is one of our temporary names for @base: "." base "." and the six
 * letters or digits mkstemp puts in. */
static gboolean
is_temporary_of (const char *name,
                 const char *base)
{
  gsize base_len = strlen (base);

  if (name[0] != '.' || strncmp (name + 1, base, base_len) != 0 || name[1 + base_len] != '.')
    return FALSE;
  name += base_len + 2;
  for (guint i = 0; i < 6; i++)
    if (!g_ascii_isalnum (name[i]))
      return FALSE;
  return name[6] == '\0';
}

/* Every writer holds a lock on its temporary file until the file is renamed or
 * removed, and the kernel drops the lock when the writer dies however it dies: a
 * temporary file nobody holds is a killed writer's leftover. */
static void
remove_stale_temporaries (const char *dir,
                          const char *base)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  if (listing == NULL)
    return;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *candidate = NULL;
      struct stat held, named;
      int fd;

      if (!is_temporary_of (name, base))
        continue;
      candidate = g_build_filename (dir, name, NULL);
      fd = open (candidate, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
      if (fd < 0)
        continue;
      if (fstat (fd, &held) == 0 && S_ISREG (held.st_mode) &&
          flock (fd, LOCK_EX | LOCK_NB) == 0 &&
          lstat (candidate, &named) == 0 && named.st_dev == held.st_dev && named.st_ino == held.st_ino)
        {
          g_debug ("removing %s, left by a writer that was killed", candidate);
          g_unlink (candidate);
        }
      close (fd);
    }
}

/* A new temporary file beside @dir/@base, locked.  Another writer's clean-up may
 * remove it between its creation and the lock: then the name no longer leads to it,
 * and another is made. */
static int
make_temporary (const char  *dir,
                const char  *base,
                char       **tmp_path)
{
  for (guint attempt = 0; attempt < 8; attempt++)
    {
      g_autofree char *path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
      struct stat held, named;
      int fd = g_mkstemp_full (path, O_WRONLY | O_CLOEXEC, 0600);

      if (fd < 0)
        return -1;
      if (flock (fd, LOCK_EX | LOCK_NB) == 0 && fstat (fd, &held) == 0 &&
          lstat (path, &named) == 0 && named.st_dev == held.st_dev && named.st_ino == held.st_ino)
        {
          *tmp_path = g_steal_pointer (&path);
          return fd;
        }
      close (fd);
    }
  errno = EBUSY;
  return -1;
}

/* ---- outputs ----------------------------------------------------------------------- */

gboolean
fx_file_check_output (const char  *path,
                      GError     **error)
{
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_str_equal (path, "-"))
    return TRUE;
  if (g_lstat (path, &st) != 0)
    return TRUE;  /* nothing there yet: the write says if the folder is wrong */
  if (S_ISLNK (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("%s: is a symbolic link; only regular files are written "
                     "(name the file itself, or - for standard output)"), path);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, S_ISDIR (st.st_mode) ? G_IO_ERROR_IS_DIRECTORY : G_IO_ERROR_NOT_REGULAR_FILE,
                   _("%s: is not a regular file (%s); only regular files are written "
                     "(- for standard output)"),
                   path, S_ISDIR (st.st_mode) ? _("a folder")
                         : S_ISCHR (st.st_mode) ? _("a character device")
                         : S_ISBLK (st.st_mode) ? _("a block device")
                         : S_ISFIFO (st.st_mode) ? _("a pipe")
                         : S_ISSOCK (st.st_mode) ? _("a socket") : _("not a file"));
      return FALSE;
    }
  return TRUE;
}

gboolean
fx_file_same (const char *a,
              const char *b)
{
  struct stat sa, sb;

  if (a == NULL || b == NULL || g_str_equal (a, "-") || g_str_equal (b, "-"))
    return FALSE;
  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 &&
         sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* ---- writing ----------------------------------------------------------------------- */

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
  file->path = g_strdup (path);
  file->slot = -1;

  if (g_strcmp0 (path, "-") == 0)
    {
      file->is_stdout = TRUE;
      file->stream = stdout;
      return file;
    }

  if (!fx_file_check_output (path, error))
    {
      fx_atomic_file_abort (file);
      return NULL;
    }
  exists = g_lstat (path, &st) == 0;

  watch_signals ();
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  remove_stale_temporaries (dir, base);
  fd = make_temporary (dir, base, &file->tmp_path);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("%s: cannot write: %s"), path, g_strerror (saved));
      fx_atomic_file_abort (file);
      return NULL;
    }
  file->slot = claim_slot (file->tmp_path);

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
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: cannot write"), path);
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
  /* removed before it is closed: closing drops the lock that says it is alive */
  if (file->tmp_path != NULL)
    g_unlink (file->tmp_path);
  release_slot (file->slot);
  if (!file->is_stdout && file->stream != NULL)
    fclose (file->stream);
  g_free (file->tmp_path);
  g_free (file->path);
  g_free (file);
}

/* The files committed in this thread's open group, waiting to be renamed. */
static GPrivate group_key = G_PRIVATE_INIT ((GDestroyNotify) g_ptr_array_unref);

void
fx_atomic_file_group_begin (void)
{
  g_return_if_fail (g_private_get (&group_key) == NULL);

  g_private_set (&group_key, g_ptr_array_new_with_free_func ((GDestroyNotify) fx_atomic_file_abort));
}

/* Renames @file into place, then closes it: the lock is held until the name is gone. */
static gboolean
finish (FxAtomicFile  *file,
        GError       **error)
{
  int saved = 0;

  if (g_rename (file->tmp_path, file->path) != 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("%s: cannot write: %s"), file->path, g_strerror (saved));
      fx_atomic_file_abort (file);
      return FALSE;
    }
  g_clear_pointer (&file->tmp_path, g_free);
  fx_atomic_file_abort (file);
  return TRUE;
}

gboolean
fx_atomic_file_group_end (gboolean   commit,
                          GError   **error)
{
  GPtrArray *pending = g_private_get (&group_key);
  gboolean ok = commit;

  g_return_val_if_fail (pending != NULL, FALSE);

  for (guint i = 0; i < pending->len; i++)
    {
      FxAtomicFile *file = g_steal_pointer (&pending->pdata[i]);

      if (ok)
        ok = finish (file, error);
      else
        fx_atomic_file_abort (file);
    }
  g_private_replace (&group_key, NULL);
  return ok;
}

gboolean
fx_atomic_file_commit (FxAtomicFile  *file,
                       GError       **error)
{
  GPtrArray *group;
  int saved = 0;

  if (file->is_stdout)
    {
      gboolean ok = fflush (stdout) == 0 && !ferror (stdout);

      if (!ok)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("cannot write to standard output: %s"), g_strerror (errno));
      fx_atomic_file_abort (file);
      return ok;
    }

  if (ferror (file->stream) || fflush (file->stream) != 0)
    saved = errno ? errno : EIO;
  else if (fsync (fileno (file->stream)) != 0 && errno != EINVAL)
    saved = errno;

  if (saved != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("%s: cannot write: %s"), file->path, g_strerror (saved));
      fx_atomic_file_abort (file);
      return FALSE;
    }

  group = g_private_get (&group_key);
  if (group != NULL)
    {
      g_ptr_array_add (group, file);
      return TRUE;
    }
  return finish (file, error);
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
                   _("%s: cannot write: %s"), path, g_strerror (saved));
      fx_atomic_file_abort (file);
      return FALSE;
    }
  return fx_atomic_file_commit (file, error);
}
