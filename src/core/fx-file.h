/* fx-file.h: files written whole or not at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FxAtomicFile FxAtomicFile;

/* Opens a temporary file beside @path; nothing appears at @path until
 * fx_atomic_file_commit () succeeds.  "-" means standard output (written directly). */
FxAtomicFile *fx_atomic_file_open   (const char    *path,
                                     GError       **error);
FILE         *fx_atomic_file_stream (FxAtomicFile  *file);
/* Flushes, syncs and renames into place; on failure removes the temporary file.
 * Frees @file either way. */
gboolean      fx_atomic_file_commit (FxAtomicFile  *file,
                                     GError       **error);
/* Removes the temporary file and frees @file. */
void          fx_atomic_file_abort  (FxAtomicFile  *file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxAtomicFile, fx_atomic_file_abort)

/* Writes @contents to @path atomically. */
gboolean      fx_write_file_atomic  (const char    *path,
                                     const char    *contents,
                                     gsize          length,
                                     GError       **error);

G_END_DECLS
