/* fx-file.h: files written whole or not at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FxAtomicFile FxAtomicFile;

/* Opens a hidden temporary file (.NAME.XXXXXX) beside @path; nothing appears at @path
 * until fx_atomic_file_commit () succeeds.  "-" means standard output (written
 * directly).  Only a regular file is written: a symbolic link, a device, a pipe or a
 * folder at @path is an error.  Temporary files of writers that were killed are
 * removed first; SIGINT and SIGTERM remove this one. */
FxAtomicFile *fx_atomic_file_open   (const char    *path,
                                     GError       **error);
FILE         *fx_atomic_file_stream (FxAtomicFile  *file);
/* Flushes, syncs and renames into place; on failure removes the temporary file.
 * Frees @file either way.  Inside a group the rename waits for the group's end. */
gboolean      fx_atomic_file_commit (FxAtomicFile  *file,
                                     GError       **error);
/* Removes the temporary file and frees @file. */
void          fx_atomic_file_abort  (FxAtomicFile  *file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxAtomicFile, fx_atomic_file_abort)

/* Files committed in this thread between these two calls replace their targets all
 * together or not at all: with @commit FALSE, or when a rename fails before any was
 * done, every one is removed and no target is touched. */
void          fx_atomic_file_group_begin (void);
gboolean      fx_atomic_file_group_end   (gboolean       commit,
                                          GError       **error);

/* Writes @contents to @path atomically. */
gboolean      fx_write_file_atomic  (const char    *path,
                                     const char    *contents,
                                     gsize          length,
                                     GError       **error);

/* Whether @path can be an output: "-", a name where nothing is yet, or a regular file
 * (not a symbolic link, not a device).  The error says why not. */
gboolean      fx_file_check_output  (const char    *path,
                                     GError       **error);
/* Whether two paths name the same file (device and inode, through links); FALSE when
 * either does not exist. */
gboolean      fx_file_same          (const char    *a,
                                     const char    *b);

G_END_DECLS
