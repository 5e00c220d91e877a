/* fx-cli-output.h: what a command may write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The files a command reads and the files it writes, checked together before it
 * reads or writes anything. */
typedef struct _FxCliFiles FxCliFiles;

FxCliFiles *fx_cli_files_new     (void);
void        fx_cli_files_free    (FxCliFiles         *files);
/* NULL (an option not given) is passed over. */
void        fx_cli_files_input   (FxCliFiles         *files,
                                  const char         *path);
void        fx_cli_files_inputs  (FxCliFiles         *files,
                                  const char * const *paths);
void        fx_cli_files_output  (FxCliFiles         *files,
                                  const char         *path);
/* Every output must be "-" (standard output), a new name or a regular file (not a
 * symbolic link, not a device), none may be one of the inputs (the same device and
 * inode, whatever the name: another spelling or a hard link is caught too), and no
 * two outputs may be the same file.  Otherwise prints why and returns FALSE: the
 * command stops with FX_CLI_BAD_INPUT having written nothing. */
gboolean    fx_cli_files_check   (FxCliFiles         *files);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxCliFiles, fx_cli_files_free)

G_END_DECLS
