/* test-file.c: files written whole or not at all (fx-file.c)
 *
 * Everything happens in a fresh temporary folder; what a test expects follows from
 * what it put there.  Signals are sent to a forked child that is writing, so the
 * test program itself is never interrupted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "fx-file.h"

static char *
make_folder (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("fx-file-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_folder (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* The names in @dir that start with a dot: temporary files. */
static guint
count_hidden (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (name[0] == '.')
      n++;
  return n;
}

static char *
contents_of (const char *path)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return text;
}

static void
put (const char *path,
     const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
test_replace (void)
{
  g_autofree char *dir = make_folder ();
  g_autofree char *path = g_build_filename (dir, "out.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  put (path, "old");
  g_assert_true (fx_write_file_atomic (path, "new", 3, &error));
  g_assert_no_error (error);
  text = contents_of (path);
  g_assert_cmpstr (text, ==, "new");
  g_assert_cmpuint (count_hidden (dir), ==, 0);
  remove_folder (dir);
}

static void
test_symlink_refused (void)
{
  g_autofree char *dir = make_folder ();
  g_autofree char *target = g_build_filename (dir, "target.txt", NULL);
  g_autofree char *link = g_build_filename (dir, "link.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  put (target, "target");
  g_assert_cmpint (symlink (target, link), ==, 0);
  g_assert_false (fx_write_file_atomic (link, "new", 3, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
  g_assert_nonnull (strstr (error->message, "symbolic link"));
  text = contents_of (target);
  g_assert_cmpstr (text, ==, "target");
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  g_assert_cmpuint (count_hidden (dir), ==, 0);
  remove_folder (dir);
}

static void
test_device_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error_dir = NULL;
  g_autofree char *dir = make_folder ();

  g_assert_false (fx_write_file_atomic ("/dev/null", "x", 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, "character device"));
  g_assert_false (fx_file_check_output (dir, &error_dir));
  g_assert_error (error_dir, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_true (fx_file_check_output ("-", NULL));
  remove_folder (dir);
}

static void
test_same (void)
{
  g_autofree char *dir = make_folder ();
  g_autofree char *a = g_build_filename (dir, "a.csv", NULL);
  g_autofree char *b = g_build_filename (dir, "b.csv", NULL);
  g_autofree char *c = g_build_filename (dir, "c.csv", NULL);
  g_autofree char *a_again = g_build_filename (dir, ".", "a.csv", NULL);

  put (a, "a");
  put (c, "a");
  g_assert_cmpint (link (a, b), ==, 0);
  g_assert_true (fx_file_same (a, a_again));
  g_assert_true (fx_file_same (a, b));
  g_assert_false (fx_file_same (a, c));
  g_assert_false (fx_file_same (a, "-"));
  remove_folder (dir);
}

/* A group whose second file fails leaves the first one's target as it was. */
static void
test_group_all_or_none (void)
{
  g_autofree char *dir = make_folder ();
  g_autofree char *first = g_build_filename (dir, "report.html", NULL);
  g_autofree char *second = g_build_filename (dir, "report.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "report.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  put (first, "old report");
  put (second, "old data");
  fx_atomic_file_group_begin ();
  ok = fx_write_file_atomic (first, "new report", 10, &error) &&
       fx_write_file_atomic (second, "new data", 8, &error) &&
       fx_write_file_atomic (missing, "x", 1, &error);
  g_assert_false (ok);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (fx_atomic_file_group_end (ok, NULL));
  text = contents_of (first);
  g_assert_cmpstr (text, ==, "old report");
  g_free (text);
  text = contents_of (second);
  g_assert_cmpstr (text, ==, "old data");
  g_assert_cmpuint (count_hidden (dir), ==, 0);

  /* and one that succeeds replaces all */
  fx_atomic_file_group_begin ();
  ok = fx_write_file_atomic (first, "new report", 10, NULL) &&
       fx_write_file_atomic (second, "new data", 8, NULL);
  g_assert_true (ok);
  g_free (text);
  text = contents_of (first);
  g_assert_cmpstr (text, ==, "old report");  /* not before the group's end */
  g_assert_true (fx_atomic_file_group_end (ok, &error));
  g_free (text);
  text = contents_of (first);
  g_assert_cmpstr (text, ==, "new report");
  g_free (text);
  text = contents_of (second);
  g_assert_cmpstr (text, ==, "new data");
  g_assert_cmpuint (count_hidden (dir), ==, 0);
  remove_folder (dir);
}

/* A child opens @path, writes, and gets @sig while the file is open. */
static int
write_and_receive (const char *path,
                   int         sig)
{
  int status = 0;
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      FxAtomicFile *file = fx_atomic_file_open (path, NULL);

      if (file == NULL)
        _exit (3);
      fputs ("partial", fx_atomic_file_stream (file));
      fflush (fx_atomic_file_stream (file));
      kill (getpid (), sig);
      _exit (4);  /* not reached: the signal ends the child */
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return status;
}

static void
test_signals_remove (void)
{
  const int signals[] = { SIGINT, SIGTERM };

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      g_autofree char *dir = make_folder ();
      g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
      g_autofree char *text = NULL;
      int status;

      put (path, "kept");
      status = write_and_receive (path, signals[i]);
      /* the child dies of the signal, as it would have without the clean-up */
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, signals[i]);
      g_assert_cmpuint (count_hidden (dir), ==, 0);
      text = contents_of (path);
      g_assert_cmpstr (text, ==, "kept");
      remove_folder (dir);
    }
}

static void
test_killed_writer_leftover (void)
{
  g_autofree char *dir = make_folder ();
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *other = g_build_filename (dir, ".other.csv.AbC123", NULL);
  g_autofree char *lookalike = g_build_filename (dir, ".out.csv.notmine", NULL);
  g_autoptr(GError) error = NULL;
  int status;

  status = write_and_receive (path, SIGKILL);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpuint (count_hidden (dir), ==, 1);  /* SIGKILL cannot be caught */
  put (other, "another file's");
  put (lookalike, "not a temporary name");

  g_assert_true (fx_write_file_atomic (path, "whole", 5, &error));
  g_assert_no_error (error);
  /* the leftover of out.csv is gone; files of other names are left alone */
  g_assert_cmpuint (count_hidden (dir), ==, 2);
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (lookalike, G_FILE_TEST_EXISTS));
  remove_folder (dir);
}

/* The temporary file of a writer still at work is not a leftover. */
static void
test_live_writer_kept (void)
{
  g_autofree char *dir = make_folder ();
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(FxAtomicFile) first = NULL;
  g_autoptr(GError) error = NULL;

  first = fx_atomic_file_open (path, &error);
  g_assert_no_error (error);
  fputs ("first", fx_atomic_file_stream (first));
  /* a second writer of the same name, meanwhile */
  g_assert_true (fx_write_file_atomic (path, "second", 6, &error));
  g_assert_cmpuint (count_hidden (dir), ==, 1);
  g_assert_true (fx_atomic_file_commit (g_steal_pointer (&first), &error));
  g_assert_no_error (error);
  text = contents_of (path);
  g_assert_cmpstr (text, ==, "first");
  g_assert_cmpuint (count_hidden (dir), ==, 0);
  remove_folder (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/file/replace", test_replace);
  g_test_add_func ("/file/symlink-refused", test_symlink_refused);
  g_test_add_func ("/file/device-refused", test_device_refused);
  g_test_add_func ("/file/same", test_same);
  g_test_add_func ("/file/group-all-or-none", test_group_all_or_none);
  g_test_add_func ("/file/signals-remove", test_signals_remove);
  g_test_add_func ("/file/killed-writer-leftover", test_killed_writer_leftover);
  g_test_add_func ("/file/live-writer-kept", test_live_writer_kept);
  return g_test_run ();
}
