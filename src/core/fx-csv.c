/* fx-csv.c: RFC 4180 CSV import
 *
 * The reader is a byte-level state machine fed in blocks, so a file is never held in
 * memory as text: cells go straight into typed columns.  Column types are inferred
 * while reading (integer, number, boolean, categorical).  A column that looked
 * numeric and then meets text must be read again as categorical, since the original
 * spelling of its numbers is gone; that is the only case of a second pass.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fx-csv.h"
#include "fx-error.h"
#include "fx-file.h"

#define BLOCK_SIZE (1 << 20)

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


static BoolWords
bool_word (const char *text,
           gsize       length,
           double     *value)
{
  static const struct { const char *word; BoolWords kind; double value; } words[] = {
    { "true", BOOL_WORD_TRUE_FALSE, 1 },
    { "false", BOOL_WORD_TRUE_FALSE, 0 },
    { "yes", BOOL_WORD_YES_NO, 1 },
    { "no", BOOL_WORD_YES_NO, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strlen (words[i].word) == length && g_ascii_strncasecmp (text, words[i].word, length) == 0)
      {
        *value = words[i].value;
        return words[i].kind;
      }
  return BOOL_WORD_NONE;
}

G_GNUC_PRINTF (5, 6)
static void
reader_fail (Reader     *r,
             FxCsvError  code,
             guint64     line,
             guint64     col,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (r->error != NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0 && col > 0)
    g_set_error (&r->error, FX_CSV_ERROR, code, "%s:%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ": %s",
                 r->display_name, line, col, message);
  else if (line > 0)
    g_set_error (&r->error, FX_CSV_ERROR, code, "%s:%" G_GUINT64_FORMAT ": %s",
                 r->display_name, line, message);
  else
    g_set_error (&r->error, FX_CSV_ERROR, code, "%s: %s", r->display_name, message);
}

static inline guint64
current_col (Reader *r)
{
  return r->offset - r->line_start + 1;
}

/* Stops at a field past the limit, before it grows any further. */
static inline gboolean
field_too_long (Reader *r)
{
  if (G_LIKELY (r->field->len <= r->max_field_bytes))
    return FALSE;
  reader_fail (r, FX_CSV_ERROR_TOO_LARGE, r->field_line, r->field_col,
               _("field %u is longer than %llu bytes, the limit (--max-field-bytes)"),
               r->n_fields + 1, (unsigned long long) r->max_field_bytes);
  return TRUE;
}

/* Byte offset of the first invalid UTF-8 sequence, or -1. */
static gssize
invalid_utf8_at (const char *text,
                 gsize       length)
{
  const char *end = NULL;

  if (g_utf8_validate_len (text, length, &end))
    return -1;
  return end - text;
}

static void
finish_header (Reader *r)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  r->n_cols = r->header->len;
  r->cols = g_new0 (ColState, r->n_cols);

  for (guint i = 0; i < r->n_cols; i++)
    {
      const char *name = g_ptr_array_index (r->header, i);
      guint64 col = g_array_index (r->header_cols, guint64, i);
      ColState *cs = &r->cols[i];
      gpointer imposed = NULL;
      gpointer previous;

      if (name[0] == '\0')
        {
          reader_fail (r, FX_CSV_ERROR_HEADER, r->record_line, col,
                       _("column %u has an empty name in the header"), i + 1);
          return;
        }
      if (g_hash_table_lookup_extended (seen, name, NULL, &previous))
        {
          reader_fail (r, FX_CSV_ERROR_HEADER, r->record_line, col,
                       _("duplicate column name “%s” (also column %u)"),
                       name, GPOINTER_TO_UINT (previous));
          return;
        }
      g_hash_table_insert (seen, (gpointer) name, GUINT_TO_POINTER (i + 1));

      if (r->options != NULL && r->options->types != NULL)
        imposed = g_hash_table_lookup (r->options->types, name);
      if (imposed != NULL)
        {
          cs->imposed = TRUE;
          cs->imposed_type = GPOINTER_TO_UINT (imposed) - 1;
        }
      cs->force_categorical = !cs->imposed && r->force_categorical != NULL &&
                              g_hash_table_contains (r->force_categorical, name);

      if ((cs->imposed && cs->imposed_type == FX_COLUMN_CATEGORICAL) || cs->force_categorical)
        cs->column = fx_column_new (name, FX_COLUMN_CATEGORICAL);
      else if (cs->imposed)
        cs->column = fx_column_new (name, cs->imposed_type);
      else
        cs->column = fx_column_new (name, FX_COLUMN_NUMBER);
    }
  r->header_done = TRUE;
}

static gboolean
check_text (Reader     *r,
            const char *text,
            gsize       length)
{
  gssize bad = invalid_utf8_at (text, length);
  guint64 line = r->field_line;
  guint64 col = r->field_col + (r->field_quoted ? 1 : 0);
  gboolean after_cr = FALSE;

  if (bad < 0)
    return TRUE;

  /* Walk the field's text back to where its bytes stood in the file: a quote inside
   * a quoted field was written twice, and line breaks start new lines (CRLF as one). */
  for (gssize i = 0; i < bad; i++)
    {
      char c = text[i];

      if (c == '\n' && after_cr)
        col = 1;
      else if (c == '\n' || c == '\r')
        line++, col = 1;
      else
        col += (c == '"' && r->field_quoted) ? 2 : 1;
      after_cr = c == '\r';
    }

  reader_fail (r, FX_CSV_ERROR_ENCODING, line, col,
               _("invalid UTF-8 in field %u; save the file as UTF-8"), r->n_fields + 1);
  return FALSE;
}

/* Text that strtod () would take for a number although fx_csv_parse_number () does
 * not: inf, nan, hexadecimal, or out of the range of a double. */
static gboolean
looks_like_number (const char *text,
                   gsize       length)
{
  g_autofree char *copy = g_strstrip (g_strndup (text, MIN (length, 64 * 1024)));
  char *end = NULL;

  if (copy[0] == '\0')
    return FALSE;
  g_ascii_strtod (copy, &end);
  return end != NULL && *end == '\0';
}

static void
add_cell (Reader     *r,
          ColState   *cs,
          const char *text,
          gsize       length)
{
  FxColumn *column = cs->column;
  gboolean integer_text = FALSE;
  double value;
  BoolWords words;

  if (fx_csv_is_missing_token (text, length))
    {
      if (!cs->demoted)
        fx_column_append_missing (column);
      return;
    }

  if (cs->demoted)
    {
      /* the column is read again; only keep checking the encoding */
      check_text (r, text, length);
      return;
    }

  if (column->type == FX_COLUMN_CATEGORICAL)
    {
      if (check_text (r, text, length))
        fx_column_append_category (column, text);
      return;
    }

  if (cs->imposed)
    {
      gboolean ok;

      if (cs->imposed_type == FX_COLUMN_BOOLEAN)
        {
          BoolWords kind = bool_word (text, length, &value);

          /* remember the spelling, so that export writes it back alike */
          if (kind != BOOL_WORD_NONE)
            cs->words = kind;
          ok = kind != BOOL_WORD_NONE ||
               (fx_csv_parse_number (text, length, &value, NULL) && (value == 0 || value == 1));
        }
      else if (cs->imposed_type == FX_COLUMN_INTEGER)
        ok = fx_csv_parse_number (text, length, &value, NULL) && value == floor (value);
      else
        ok = fx_csv_parse_number (text, length, &value, NULL);

      if (ok)
        fx_column_append_number (column, value);
      else
        {
          column->n_invalid++;
          fx_column_append_missing (column);
        }
      return;
    }

  if (fx_csv_parse_number (text, length, &value, &integer_text))
    {
      gboolean plain01 = integer_text && (value == 0 || value == 1);

      if (cs->words != BOOL_WORD_NONE && !plain01)
        goto demote;
      cs->saw_number = TRUE;
      cs->saw_fraction |= !integer_text;
      cs->saw_non_01 |= !plain01;
      fx_column_append_number (column, value);
      return;
    }

  words = bool_word (text, length, &value);
  if (words != BOOL_WORD_NONE && !cs->saw_non_01 &&
      (cs->words == BOOL_WORD_NONE || cs->words == words))
    {
      cs->words = words;
      fx_column_append_number (column, value);
      return;
    }

demote:
  if (!check_text (r, text, length))
    return;
  if (looks_like_number (text, length))
    {
      g_autofree char *shown = NULL;
      char *warning;

      /* a 5000-digit number is not shown whole */
      shown = length > 40 ? g_strdup_printf ("%.*s… (%" G_GSIZE_FORMAT " characters)",
                                             (int) (g_utf8_offset_to_pointer (text, 32) - text), text, length)
                          : g_strndup (text, length);
      warning = g_strdup_printf (_("%s:%llu:%llu: “%s” in column “%s” is a number Facsimile does not read (infinite, out of range or hexadecimal), so the column is read as categories; write plain decimal numbers, or leave the cell empty"),
                                 r->display_name, (unsigned long long) r->field_line, (unsigned long long) r->field_col, shown, column->name);
      if (cs->saw_number || cs->words != BOOL_WORD_NONE)
        {
          g_free (cs->demoted_by);
          cs->demoted_by = warning;
        }
      else
        g_ptr_array_add (r->warnings, warning);
    }

  if (cs->saw_number || cs->words != BOOL_WORD_NONE)
    {
      /* numbers already stored have lost their spelling: read the file again */
      cs->demoted = TRUE;
      r->any_demoted = TRUE;
      g_clear_pointer (&column->values, g_free);
      g_clear_pointer (&column->missing, g_free);
      column->capacity = 0;
      return;
    }

  /* everything so far was missing: switch to categorical in place */
  {
    FxColumn *cat = fx_column_new (column->name, FX_COLUMN_CATEGORICAL);

    fx_column_reserve (cat, MAX (column->capacity, 64));
    for (gsize i = 0; i < column->n_rows; i++)
      fx_column_append_missing (cat);
    fx_column_free (column);
    cs->column = cat;
    fx_column_append_category (cat, text);
  }
}

static void
end_field (Reader *r)
{
  /* GString keeps a NUL after the text, so cells can be used as C strings */
  if (!r->header_done)
    {
      g_autofree char *name = NULL;

      if (!check_text (r, r->field->str, r->field->len))
        return;
      if (r->header->len >= r->max_columns)
        {
          reader_fail (r, FX_CSV_ERROR_TOO_LARGE, r->field_line, r->field_col,
                       _("more than %u columns in the header, the limit (--max-columns)"), r->max_columns);
          return;
        }
      name = g_strstrip (g_strndup (r->field->str, r->field->len));
      g_ptr_array_add (r->header, g_steal_pointer (&name));
      g_array_append_val (r->header_cols, r->field_col);
    }
  else if (r->n_fields >= r->n_cols)
    {
      reader_fail (r, FX_CSV_ERROR_RAGGED_ROW, r->field_line, r->field_col,
                   _("more fields than the %u columns of the header"), r->n_cols);
      return;
    }
  else
    add_cell (r, &r->cols[r->n_fields], r->field->str, r->field->len);

  r->n_fields++;
  g_string_truncate (r->field, 0);
}

static void
end_record (Reader *r)
{
  if (!r->header_done)
    {
      /* blank lines before the header are skipped */
      if (r->header->len == 1 && !r->field_quoted &&
          ((char *) g_ptr_array_index (r->header, 0))[0] == '\0')
        {
          g_ptr_array_set_size (r->header, 0);
          g_array_set_size (r->header_cols, 0);
          goto next;
        }
      finish_header (r);
      goto next;
    }

  if (r->n_fields < r->n_cols)
    {
      /* a blank line carries no record, unless the table has a single column */
      if (r->n_fields == 1 && r->n_cols > 1 && r->field_col == current_col (r) && !r->field_quoted)
        {
          ColState *cs = &r->cols[0];

          /* undo the one missing cell that the blank line appended */
          if (!cs->demoted && cs->column->n_rows > r->n_rows)
            {
              FxColumn *c = cs->column;

              c->n_rows--;
              c->n_missing--;
              c->missing[c->n_rows >> 6] &= ~(G_GUINT64_CONSTANT (1) << (c->n_rows & 63));
            }
          goto next;
        }
      reader_fail (r, FX_CSV_ERROR_RAGGED_ROW, r->line, current_col (r),
                   _("expected %u fields as in the header, found %u"), r->n_cols, r->n_fields);
      return;
    }
  r->n_rows++;

next:
  r->n_fields = 0;
}

static inline void
start_field (Reader *r)
{
  r->field_line = r->line;
  r->field_col = current_col (r);
  r->field_quoted = FALSE;
  if (r->n_fields == 0)
    r->record_line = r->line;
}

static inline void
new_line (Reader *r)
{
  r->line++;
  r->line_start = r->offset + 1;
}

/* A line break outside quotes: the field, the record and the line end here. */
static void
end_line (Reader *r,
          guchar  c)
{
  end_field (r);
  end_record (r);
  new_line (r);
  r->pending_cr = c == '\r';
  r->state = ST_FIELD_START;
}

/* Feeds one block.  Returns FALSE once an error is set. */
static gboolean
reader_feed (Reader     *r,
             const char *data,
             gsize       length)
{
  const guchar *p = (const guchar *) data;
  const guchar *end = p + length;
  const guchar delim = (guchar) r->delimiter;

  while (p < end)
    {
      guchar c = *p;

      if (G_UNLIKELY (c == 0))
        {
          reader_fail (r, FX_CSV_ERROR_BINARY, r->line, current_col (r),
                       _("NUL byte: this is binary data, not CSV text"));
          return FALSE;
        }

      if (r->pending_cr)
        {
          r->pending_cr = FALSE;
          if (c == '\n')
            {
              r->line_start = r->offset + 1;
              r->offset++, p++;
              continue;
            }
        }

      switch (r->state)
        {
        case ST_FIELD_START:
          start_field (r);
          if (c == '"')
            {
              r->field_quoted = TRUE;
              r->state = ST_QUOTED;
            }
          else if (c == delim)
            end_field (r);
          else if (c == '\n' || c == '\r')
            end_line (r, c);
          else
            {
              g_string_append_c (r->field, (char) c);
              r->state = ST_UNQUOTED;
            }
          break;

        case ST_UNQUOTED:
          {
            /* copy the run of ordinary bytes at once */
            const guchar *q = p;

            while (q < end && *q != delim && *q != '\n' && *q != '\r' && *q != '"' && *q != 0)
              q++;
            if (q > p)
              {
                g_string_append_len (r->field, (const char *) p, q - p);
                r->offset += q - p;
                p = q;
                if (field_too_long (r))
                  return FALSE;
                continue;
              }
            if (c == delim)
              {
                end_field (r);
                r->state = ST_FIELD_START;
              }
            else if (c == '\n' || c == '\r')
              end_line (r, c);
            else if (c == '"')
              {
                reader_fail (r, FX_CSV_ERROR_STRAY_QUOTE, r->line, current_col (r),
                             _("unexpected quote inside an unquoted field; quote the whole "
                               "field and double the quotes inside it"));
              }
          }
          break;

        case ST_QUOTED:
          {
            const guchar *q = p;

            while (q < end && *q != '"' && *q != '\n' && *q != '\r' && *q != 0)
              q++;
            if (q > p)
              {
                g_string_append_len (r->field, (const char *) p, q - p);
                r->offset += q - p;
                r->quoted_cr = FALSE;
                p = q;
                if (field_too_long (r))
                  return FALSE;
                continue;
              }
            if (c == '"')
              {
                r->quoted_cr = FALSE;
                r->state = ST_QUOTE_IN_QUOTED;
              }
            else
              {
                /* a line break inside quotes is data; CRLF stays CRLF and
                 * counts as one line */
                g_string_append_c (r->field, (char) c);
                if (c == '\n' && r->quoted_cr)
                  r->line_start = r->offset + 1;
                else
                  new_line (r);
                r->quoted_cr = c == '\r';
                r->offset++, p++;
                if (field_too_long (r))
                  return FALSE;
                continue;
              }
          }
          break;

        case ST_QUOTE_IN_QUOTED:
          if (c == '"')
            {
              g_string_append_c (r->field, '"');
              r->state = ST_QUOTED;
              if (field_too_long (r))
                return FALSE;
            }
          else if (c == delim)
            {
              end_field (r);
              r->state = ST_FIELD_START;
            }
          else if (c == '\n' || c == '\r')
            end_line (r, c);
          else
            reader_fail (r, FX_CSV_ERROR_STRAY_QUOTE, r->line, current_col (r),
                         _("expected a delimiter or the end of the line after a closing quote"));
          break;

        default:
          g_assert_not_reached ();
        }

      if (G_UNLIKELY (r->error != NULL))
        return FALSE;
      r->offset++, p++;
    }

  return r->error == NULL;
}

static gboolean
reader_finish (Reader *r)
{
  if (r->error != NULL)
    return FALSE;

  switch (r->state)
    {
    case ST_QUOTED:
      reader_fail (r, FX_CSV_ERROR_UNTERMINATED_QUOTE, r->field_line, r->field_col,
                   _("the quoted field that starts here is never closed"));
      return FALSE;

    case ST_UNQUOTED:
    case ST_QUOTE_IN_QUOTED:
      end_field (r);
      end_record (r);
      break;

    case ST_FIELD_START:
      if (r->n_fields > 0)
        {
          /* the last line ended with a delimiter: one more, empty field */
          start_field (r);
          end_field (r);
          end_record (r);
        }
      break;

    default:
      g_assert_not_reached ();
    }

  if (r->error == NULL && !r->header_done)
    reader_fail (r, FX_CSV_ERROR_EMPTY, r->line, current_col (r),
                 _("the file is empty: expected a header line"));

  return r->error == NULL;
}

static FxColumnType
inferred_type (const ColState *cs)
{
  if (cs->imposed)
    return cs->imposed_type;
  if (cs->column->type == FX_COLUMN_CATEGORICAL)
    return FX_COLUMN_CATEGORICAL;
  if (cs->words != BOOL_WORD_NONE || (cs->saw_number && !cs->saw_non_01))
    return FX_COLUMN_BOOLEAN;
  if (cs->saw_number && !cs->saw_fraction)
    return FX_COLUMN_INTEGER;
  return FX_COLUMN_NUMBER;
}

static FxTable *
reader_take_table (Reader *r)
{
  FxTable *table = fx_table_new ();

  for (guint i = 0; i < r->n_cols; i++)
    {
      ColState *cs = &r->cols[i];
      FxColumnType type = inferred_type (cs);
      FxColumn *column = g_steal_pointer (&cs->column);

      if (column->type != FX_COLUMN_CATEGORICAL)
        {
          column->type = type;
          if (column->type == FX_COLUMN_BOOLEAN)
            column->bool_style = cs->words == BOOL_WORD_TRUE_FALSE ? FX_BOOL_STYLE_TRUE_FALSE :
                                 cs->words == BOOL_WORD_YES_NO ? FX_BOOL_STYLE_YES_NO :
                                 FX_BOOL_STYLE_01;
        }
      /* an empty table still gets its bitmap, so that every column is usable */
      fx_column_reserve (column, MAX (column->n_rows, 1));
      fx_column_shrink (column);
      fx_table_add_column (table, column);
    }
  table->n_rows = r->n_rows;
  return table;
}

static void
reader_clear (Reader *r)
{
  for (guint i = 0; i < r->n_cols && r->cols != NULL; i++)
    {
      g_clear_pointer (&r->cols[i].column, fx_column_free);
      g_clear_pointer (&r->cols[i].demoted_by, g_free);
    }
  g_clear_pointer (&r->cols, g_free);
  g_clear_pointer (&r->warnings, g_ptr_array_unref);
  g_clear_pointer (&r->header, g_ptr_array_unref);
  g_clear_pointer (&r->header_cols, g_array_unref);
  if (r->field != NULL)
    g_string_free (r->field, TRUE);
  r->field = NULL;
}

static void
reader_init (Reader             *r,
             const char         *display_name,
             const FxCsvOptions *options,
             GHashTable         *force_categorical)
{
  memset (r, 0, sizeof *r);
  r->display_name = display_name;
  r->options = options;
  r->force_categorical = force_categorical;
  r->line = 1;
  r->field = g_string_sized_new (256);
  r->header = g_ptr_array_new_with_free_func (g_free);
  r->header_cols = g_array_new (FALSE, FALSE, sizeof (guint64));
  r->warnings = g_ptr_array_new_with_free_func (g_free);
  r->max_field_bytes = options != NULL && options->max_field_bytes > 0 ? options->max_field_bytes
                                                                        : fx_csv_get_limits ()->max_field_bytes;
  r->max_columns = options != NULL && options->max_columns > 0 ? options->max_columns
                                                               : fx_csv_get_limits ()->max_columns;
}

/* Looks at the start of the input: encoding marks, binary signatures, and the
 * delimiter of the header line.  Returns how many bytes to skip (a UTF-8 BOM). */
static gsize
sniff (Reader     *r,
       const char *data,
       gsize       length)
{
  const guchar *u = (const guchar *) data;
  gsize skip = 0;
  guint counts[3] = { 0, 0, 0 };
  const char candidates[3] = { ',', ';', '\t' };
  gboolean quoted = FALSE;

  /* a file saved twice by a tool that adds a mark each time has two (or more) */
  while (length >= skip + 3 && u[skip] == 0xEF && u[skip + 1] == 0xBB && u[skip + 2] == 0xBF)
    skip += 3;
  if (skip > 0)
    ;
  else if (length >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
    {
      reader_fail (r, FX_CSV_ERROR_ENCODING, 1, 1,
                   _("the file is UTF-16 encoded; save it as UTF-8"));
      return 0;
    }
  else if (length >= 2 && u[0] == 0x1F && u[1] == 0x8B)
    {
      reader_fail (r, FX_CSV_ERROR_BINARY, 1, 1,
                   _("the file is gzip-compressed; decompress it first"));
      return 0;
    }
  else if (length >= 4 && memcmp (data, "PK\003\004", 4) == 0)
    {
      reader_fail (r, FX_CSV_ERROR_BINARY, 1, 1,
                   _("the file is a ZIP archive (a spreadsheet?); export it as CSV"));
      return 0;
    }

  if (r->options != NULL && r->options->delimiter != 0)
    {
      r->delimiter = r->options->delimiter;
      return skip;
    }

  for (gsize i = skip; i < length; i++)
    {
      char c = data[i];

      if (c == '"')
        quoted = !quoted;
      else if (!quoted && (c == '\n' || c == '\r'))
        break;
      else if (!quoted)
        for (guint k = 0; k < 3; k++)
          if (c == candidates[k])
            counts[k]++;
    }

  r->delimiter = ',';
  if (counts[1] > counts[0] && counts[1] >= counts[2])
    r->delimiter = ';';
  else if (counts[2] > counts[0] && counts[2] > counts[1])
    r->delimiter = '\t';
  return skip;
}

typedef gssize (*ReadFunc) (gpointer source, char *buf, gsize size, GError **error);

typedef struct
{
  const char *data;
  gsize       length;
  gsize       pos;
} MemorySource;

static gssize
read_memory (gpointer   source,
             char      *buf,
             gsize      size,
             GError   **error)
{
  MemorySource *m = source;
  gsize n = MIN (size, m->length - m->pos);

  memcpy (buf, m->data + m->pos, n);
  m->pos += n;
  return (gssize) n;
}

typedef struct
{
  const char *path;
  int         fd;
} FileSource;

static gssize
read_fd (gpointer   source,
         char      *buf,
         gsize      size,
         GError   **error)
{
  FileSource *f = source;

  for (;;)
    {
      gssize n = read (f->fd, buf, size);

      if (n >= 0)
        return n;
      if (errno == EINTR)
        continue;
      {
        int saved = errno;

        g_set_error (error, FX_CSV_ERROR, FX_CSV_ERROR_IO,
                     "%s: %s", f->path, g_strerror (saved));
      }
      return -1;
    }
}

static FxTable *
read_pass (const char          *display_name,
           const FxCsvOptions  *options,
           GHashTable          *force_categorical,
           ReadFunc             read_func,
           gpointer             source,
           GHashTable         **demoted_out,
           GError             **error)
{
  g_autofree char *buf = g_malloc (BLOCK_SIZE);
  Reader r;
  gboolean first = TRUE;
  FxTable *table = NULL;

  reader_init (&r, display_name, options, force_categorical);

  for (;;)
    {
      gssize n = read_func (source, buf, BLOCK_SIZE, &r.error);
      gsize skip = 0;

      if (n <= 0)
        break;

      if (first)
        {
          skip = sniff (&r, buf, (gsize) n);
          first = FALSE;
          if (r.error != NULL)
            break;
        }
      if (!reader_feed (&r, buf + skip, n - skip))
        break;
    }

  if (r.error == NULL && reader_finish (&r))
    {
      if (r.any_demoted)
        {
          /* name -> the warning to give (or "") */
          GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

          for (guint i = 0; i < r.n_cols; i++)
            if (r.cols[i].demoted)
              g_hash_table_insert (names, g_strdup (r.cols[i].column->name),
                                   r.cols[i].demoted_by != NULL ? g_steal_pointer (&r.cols[i].demoted_by)
                                                                : g_strdup (""));
          *demoted_out = names;
        }
      else
        {
          table = reader_take_table (&r);
          for (guint i = 0; i < r.warnings->len; i++)
            g_ptr_array_add (table->warnings, g_strdup (g_ptr_array_index (r.warnings, i)));
        }
    }

  if (r.error != NULL)
    g_propagate_error (error, g_steal_pointer (&r.error));
  reader_clear (&r);
  return table;
}

/* The pass that reads the demoted columns as categories.  Should yet another column
 * turn out to hold text, the input changed between the two passes. */
static FxTable *
second_pass (const char          *display_name,
             const FxCsvOptions  *options,
             GHashTable          *demoted,
             ReadFunc             read_func,
             gpointer             source,
             GError             **error)
{
  g_autoptr(GHashTable) again = NULL;
  g_autoptr(GError) local_error = NULL;
  FxTable *table = read_pass (display_name, options, demoted, read_func, source, &again, &local_error);

  if (table != NULL)
    {
      /* what turned a column of numbers into categories, in the column order */
      for (guint i = 0; i < table->columns->len; i++)
        {
          const FxColumn *column = g_ptr_array_index (table->columns, i);
          const char *warning = g_hash_table_lookup (demoted, column->name);

          if (warning != NULL && warning[0] != '\0')
            g_ptr_array_add (table->warnings, g_strdup (warning));
        }
      return table;
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, FX_CSV_ERROR, FX_CSV_ERROR_IO,
                 _("%s: the file changed while it was being read"), display_name);
  return NULL;
}

FxTable *
fx_csv_read_data (const char          *data,
                  gsize                length,
                  const char          *display_name,
                  const FxCsvOptions  *options,
                  GError             **error)
{
  g_autoptr(GHashTable) demoted = NULL;
  MemorySource source = { data, length, 0 };
  FxTable *table;

  table = read_pass (display_name, options, NULL, read_memory, &source, &demoted, error);
  if (table != NULL || demoted == NULL)
    return table;

  source.pos = 0;
  return second_pass (display_name, options, demoted, read_memory, &source, error);
}

FxTable *
fx_csv_read_file (const char          *path,
                  const FxCsvOptions  *options,
                  GError             **error)
{
  g_autoptr(GHashTable) demoted = NULL;
  FileSource source = { path, -1 };
  FxTable *table;

  source.fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (source.fd < 0)
    {
      int saved = errno;

      g_set_error (error, FX_CSV_ERROR, FX_CSV_ERROR_IO, "%s: %s", path, g_strerror (saved));
      return NULL;
    }

  table = read_pass (path, options, NULL, read_fd, &source, &demoted, error);
  if (table == NULL && demoted != NULL)
    {
      if (lseek (source.fd, 0, SEEK_SET) == 0)
        table = second_pass (path, options, demoted, read_fd, &source, error);
      else
        g_set_error (error, FX_CSV_ERROR, FX_CSV_ERROR_IO,
                     _("%s: a column turns from numbers to text, and this input cannot be read "
                       "a second time to keep the numbers' spelling (%s); save it to a file first"),
                     path, g_strerror (errno));
    }

  close (source.fd);
  return table;
}
