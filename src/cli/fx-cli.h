/* fx-cli.h: subcommands of facsimile-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fx-csv.h"
#include "fx-table.h"

G_BEGIN_DECLS

/* exit statuses */
#define FX_CLI_OK        0
#define FX_CLI_FAILED    1  /* the work could not be done (cannot write the output) */
#define FX_CLI_BAD_INPUT 2  /* bad usage or bad input */

int      fx_cli_compare      (int          argc,
                              char       **argv);
int      fx_cli_evaluate     (int          argc,
                              char       **argv);
int      fx_cli_infer_schema (int          argc,
                              char       **argv);
int      fx_cli_generate     (int          argc,
                              char       **argv);
int      fx_cli_runs         (int          argc,
                              char       **argv);
int      fx_cli_models       (int          argc,
                              char       **argv);
int      fx_cli_plot         (int          argc,
                              char       **argv);
int      fx_cli_report       (int          argc,
                              char       **argv);
int      fx_cli_study        (int          argc,
                              char       **argv);

/* Prints "facsimile-cli: MESSAGE" on one line of standard error. */
void     fx_cli_error        (const char  *format,
                              ...) G_GNUC_PRINTF (1, 2);
void     fx_cli_warning      (const char  *format,
                              ...) G_GNUC_PRINTF (1, 2);
/* Parses options; on error prints it and returns FALSE. */
gboolean fx_cli_parse        (GOptionContext *context,
                              int            *argc,
                              char         ***argv);
/* The same for a command that takes options only: an argument left over is an error. */
gboolean fx_cli_parse_options (GOptionContext *context,
                               int            *argc,
                               char         ***argv);
/* Reads a CSV table that must have rows, warning about values not of their type;
 * on error prints it and returns NULL. */
FxTable *fx_cli_read_table   (const char         *path,
                              const FxCsvOptions *options);

G_END_DECLS
