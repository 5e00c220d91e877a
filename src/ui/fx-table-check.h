/* fx-table-check.h: whether a file the user chose can be read as a table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reads @path in a thread as the comparison would, after a look at its first bytes
 * for what it is instead (a PDF, a spreadsheet, an image, text in another encoding),
 * so that the error says what to do about it. */
void     fx_table_check_async  (const char           *path,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
gboolean fx_table_check_finish (GAsyncResult         *result,
                                GError              **error);

/* The same on the calling thread, for tests and callers already in one. */
gboolean fx_table_check        (const char           *path,
                                GError              **error);

G_END_DECLS
