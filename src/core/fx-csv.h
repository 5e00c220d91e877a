/* fx-csv.h: RFC 4180 CSV import and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fx-table.h"

G_BEGIN_DECLS

typedef struct
{
  /* 0 to detect ',', ';' or tab from the header line */
  char        delimiter;
  /* (nullable) column name -> GUINT_TO_POINTER (FxColumnType + 1): types imposed on
   * those columns (from a schema or a reference table).  A cell that cannot be read
   * as the imposed type is counted in FxColumn.n_invalid and kept as missing. */
  GHashTable *types;
  /* 0 for the process-wide limits of fx_csv_get_limits () */
  guint64     max_field_bytes;
  guint       max_columns;
} FxCsvOptions;

/* What a CSV file may hold before reading it stops with an error at the line where
 * the limit is passed (so that an endless field or header, even through a pipe, never
 * fills the memory), and how many distinct labels a column may have before it is
 * taken for an identifier rather than categories. */
typedef struct
{
  guint64 max_field_bytes;
  guint   max_columns;
  guint   max_categories;
} FxCsvLimits;

#define FX_CSV_DEFAULT_MAX_FIELD_BYTES (G_GUINT64_CONSTANT (1) << 20)
#define FX_CSV_DEFAULT_MAX_COLUMNS     10000
#define FX_CSV_DEFAULT_MAX_CATEGORIES  1000

/* The limits used where FxCsvOptions leaves them 0: the defaults above, or what
 * fx_csv_limit_entries () read from the command line. */
const FxCsvLimits *fx_csv_get_limits  (void);
void               fx_csv_set_limits  (const FxCsvLimits *limits);
/* --max-field-bytes, --max-columns and --max-categories for a command that reads CSV
 * (add them with g_option_context_add_main_entries ()); they set the process-wide
 * limits. */
const GOptionEntry *fx_csv_limit_entries (void);

/* Reads a CSV file in one streaming pass (a second pass happens only when a column
 * that looked numeric turns out to hold text).  Errors are in FX_CSV_ERROR and their
 * message starts with "FILE:LINE:COLUMN: ". */
FxTable  *fx_csv_read_file    (const char          *path,
                               const FxCsvOptions  *options,
                               GError             **error);
/* The same for text in memory; @display_name names it in errors. */
FxTable  *fx_csv_read_data    (const char          *data,
                               gsize                length,
                               const char          *display_name,
                               const FxCsvOptions  *options,
                               GError             **error);

/* Writes @table as CSV (comma, CRLF-free, quoted where needed) to @path through a
 * temporary file renamed into place only when complete. */
gboolean  fx_csv_write_file   (const FxTable       *table,
                               const char          *path,
                               GError             **error);
char     *fx_csv_write_string (const FxTable       *table);

/* Whether @text is one of the missing-value tokens: empty, NA, NaN, null, ? (the
 * words in any letter case). */
gboolean  fx_csv_is_missing_token (const char *text,
                                   gsize       length);
/* Parses a decimal number (no inf/nan/hex), surrounding spaces allowed.  Sets
 * *@integer_text when it has no decimal point or exponent. */
gboolean  fx_csv_parse_number (const char          *text,
                               gsize                length,
                               double              *value,
                               gboolean            *integer_text);
/* Shortest text that reads back as exactly @value; integers without a decimal point. */
char     *fx_format_double    (double               value,
                               char                 buf[32]);

G_END_DECLS
