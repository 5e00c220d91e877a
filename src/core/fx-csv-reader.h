/* fx-csv-reader.h: the CSV reader's state machine, for fx-csv.c's passes over an input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-csv.h"

G_BEGIN_DECLS

typedef enum
{
  ST_FIELD_START,
  ST_UNQUOTED,
  ST_QUOTED,
  ST_QUOTE_IN_QUOTED,
} State;

typedef enum
{
  BOOL_WORD_NONE,
  BOOL_WORD_TRUE_FALSE,
  BOOL_WORD_YES_NO,
} BoolWords;

typedef struct
{
  FxColumn     *column;
  gboolean      imposed;
  FxColumnType  imposed_type;
  gboolean      force_categorical;
  /* inference while reading */
  gboolean      saw_number;
  gboolean      saw_fraction;    /* a number written with '.' or an exponent */
  gboolean      saw_non_01;      /* a number other than a plain 0 or 1 */
  BoolWords     words;           /* true/false or yes/no seen */
  gboolean      demoted;         /* held numbers, then text: read again */
  char         *demoted_by;      /* (nullable): a warning, when a number-like text did it */
} ColState;

typedef struct
{
  const char  *display_name;
  const FxCsvOptions *options;
  GHashTable  *force_categorical;  /* names read as categorical on the second pass */
  char         delimiter;
  guint64      max_field_bytes;
  guint        max_columns;

  State        state;
  gboolean     pending_cr;         /* a CR ended a record; swallow a following LF */
  gboolean     quoted_cr;          /* the last byte was a CR inside quotes */
  guint64      offset;             /* absolute offset of the byte being read */
  guint64      line;               /* 1-based physical line of that byte */
  guint64      line_start;         /* offset where that line starts */

  /* the current field */
  GString     *field;
  gboolean     field_quoted;
  guint64      field_line;
  guint64      field_col;

  /* the current record */
  guint        n_fields;
  guint64      record_line;
  gboolean     header_done;
  GPtrArray   *header;             /* names, while reading the header */
  GArray      *header_cols;        /* column where each header name starts */

  ColState    *cols;
  guint        n_cols;
  gsize        n_rows;
  gboolean     any_demoted;

  GPtrArray   *warnings;           /* (element-type utf8) */
  GError      *error;
} Reader;

void     fx_csv_reader_init       (Reader             *r,
                                   const char         *display_name,
                                   const FxCsvOptions *options,
                                   GHashTable         *force_categorical);
void     fx_csv_reader_clear      (Reader             *r);
/* Looks at the start of the input: encoding marks, binary signatures, and the
 * delimiter of the header line.  Returns how many bytes to skip (a UTF-8 BOM). */
gsize    fx_csv_reader_sniff      (Reader             *r,
                                   const char         *data,
                                   gsize               length);
/* FALSE once r->error is set. */
gboolean fx_csv_reader_feed       (Reader             *r,
                                   const char         *data,
                                   gsize               length);
gboolean fx_csv_reader_finish     (Reader             *r);
FxTable *fx_csv_reader_take_table (Reader             *r);

G_END_DECLS
