/* test-csv.c: CSV import and export (fx-csv.c)
 *
 * The inputs are written by hand in this file, or generated here into a temporary
 * directory; every expected value follows from that input (counted by hand for
 * error positions: lines and columns are 1-based, columns count bytes, a UTF-8
 * byte order mark is not part of line 1).  Numbers are checked against
 * g_ascii_strtod () of the same text, which is glibc's correctly rounded strtod,
 * not the parser under test.  tests/fixtures/csv/tricky.csv is checked against
 * the cells that Python's csv module reads from it (tricky.expected.json, written
 * by make-expected.py).
 *
 * Assertions are non-fatal: a failing check is reported and the test goes on, so
 * that one run shows every failure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "fx-csv.h"
#include "fx-error.h"

/* ---- helpers -------------------------------------------------------------------- */

G_GNUC_PRINTF (2, 3)
static void
fail_at_line (int         line,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_test_message ("FAIL (test-csv.c:%d) %s", line, message);
  g_test_fail_printf ("test-csv.c:%d: %s", line, message);
}

/* A readable picture of a string with its control and non-ASCII bytes escaped. */
static char *
escaped (const char *text)
{
  return text != NULL ? g_strescape (text, NULL) : g_strdup ("(missing)");
}

static const char *
type_name (FxColumnType type)
{
  return type <= FX_COLUMN_CATEGORICAL ? fx_column_type_to_string (type) : "(invalid type)";
}

static FxTable *
read_text_at (int                 line,
              const char         *data,
              gsize               length,
              const FxCsvOptions *options)
{
  g_autoptr(GError) error = NULL;
  FxTable *table = fx_csv_read_data (data, length, "test.csv", options, &error);

  if (error != NULL || table == NULL)
    fail_at_line (line, "reading failed: %s", error != NULL ? error->message : "no table, no error");
  return table;
}

#define READ(data) read_text_at (__LINE__, (data), sizeof (data) - 1, NULL)
#define READ_WITH(data, options) read_text_at (__LINE__, (data), sizeof (data) - 1, (options))

static FxColumn *
column_at (int            line,
           const FxTable *table,
           const char    *name,
           FxColumnType   type)
{
  FxColumn *column;

  if (table == NULL)
    return NULL;
  column = fx_table_find_column (table, name);
  if (column == NULL)
    {
      fail_at_line (line, "no column named '%s'", name);
      return NULL;
    }
  if (column->type != type)
    fail_at_line (line, "column '%s': expected type %s, got %s", name, type_name (type),
                  type_name (column->type));
  if (column->n_rows != table->n_rows)
    fail_at_line (line, "column '%s' has %" G_GSIZE_FORMAT " rows, the table %" G_GSIZE_FORMAT,
                  name, column->n_rows, table->n_rows);
  return column;
}

#define COLUMN(table, name, type) column_at (__LINE__, (table), (name), (type))

/* @expected NULL means missing. */
static void
expect_label_at (int             line,
                 const FxColumn *column,
                 gsize           row,
                 const char     *expected)
{
  g_autofree char *want = escaped (expected);
  const char *got;

  if (column == NULL)
    return;
  if (row >= column->n_rows)
    {
      fail_at_line (line, "column '%s' has no row %" G_GSIZE_FORMAT, column->name, row);
      return;
    }
  if (fx_column_is_missing (column, row))
    {
      if (expected != NULL)
        fail_at_line (line, "column '%s' row %" G_GSIZE_FORMAT ": expected '%s', got missing",
                      column->name, row, want);
      return;
    }
  if (column->type != FX_COLUMN_CATEGORICAL)
    {
      fail_at_line (line, "column '%s' row %" G_GSIZE_FORMAT ": expected the label '%s', but the "
                    "column is %s", column->name, row, want, type_name (column->type));
      return;
    }
  if (column->codes[row] >= column->categories->len)
    {
      fail_at_line (line, "column '%s' row %" G_GSIZE_FORMAT ": code %u out of range",
                    column->name, row, column->codes[row]);
      return;
    }
  got = g_ptr_array_index (column->categories, column->codes[row]);
  if (g_strcmp0 (got, expected) != 0)
    {
      g_autofree char *have = escaped (got);

      fail_at_line (line, "column '%s' row %" G_GSIZE_FORMAT ": expected '%s', got '%s'",
                    column->name, row, want, have);
    }
}

#define EXPECT_LABEL(column, row, expected) expect_label_at (__LINE__, (column), (row), (expected))

/* @expected NaN means missing; values are compared bit for bit otherwise. */
static void
expect_value_at (int             line,
                 const FxColumn *column,
                 gsize           row,
                 double          expected)
{
  double got;

  if (column == NULL)
    return;
  if (row >= column->n_rows)
    {
      fail_at_line (line, "column '%s' has no row %" G_GSIZE_FORMAT, column->name, row);
      return;
    }
  if (column->type == FX_COLUMN_CATEGORICAL)
    {
      fail_at_line (line, "column '%s' row %" G_GSIZE_FORMAT ": expected %.17g, but the column "
                    "is categorical", column->name, row, expected);
      return;
    }
  got = column->values[row];
  if (isnan (expected))
    {
      if (!fx_column_is_missing (column, row))
        fail_at_line (line, "column '%s' row %" G_GSIZE_FORMAT ": expected missing, got %.17g",
                      column->name, row, got);
      else if (!isnan (got))
        fail_at_line (line, "column '%s' row %" G_GSIZE_FORMAT ": a missing slot holds %.17g, "
                      "not NaN", column->name, row, got);
      return;
    }
  if (fx_column_is_missing (column, row))
    fail_at_line (line, "column '%s' row %" G_GSIZE_FORMAT ": expected %.17g, got missing",
                  column->name, row, expected);
  else if (memcmp (&got, &expected, sizeof (double)) != 0)
    fail_at_line (line, "column '%s' row %" G_GSIZE_FORMAT ": expected %.17g, got %.17g",
                  column->name, row, expected, got);
}

#define EXPECT_VALUE(column, row, expected) expect_value_at (__LINE__, (column), (row), (expected))
#define EXPECT_MISSING(column, row) expect_value_or_label_missing_at (__LINE__, (column), (row))

static void
expect_value_or_label_missing_at (int             line,
                                  const FxColumn *column,
                                  gsize           row)
{
  if (column == NULL)
    return;
  if (column->type == FX_COLUMN_CATEGORICAL)
    expect_label_at (line, column, row, NULL);
  else
    expect_value_at (line, column, row, NAN);
}

/* Reads @data from memory as "bad.csv" and from a file, and checks the error code and
 * the "NAME:LINE:COL: " prefix of both messages (@position is "LINE:COL", or NULL
 * for a message with no position). */
static void
expect_error_at (int                 line,
                 const char         *data,
                 gsize               length,
                 const FxCsvOptions *options,
                 FxCsvError          code,
                 const char         *position)
{
  g_autofree char *dir = g_dir_make_tmp ("fx-test-csv-XXXXXX", NULL);
  g_autofree char *path = dir != NULL ? g_build_filename (dir, "bad.csv", NULL) : NULL;

  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FxTable) table = NULL;
      g_autofree char *prefix = NULL;
      const char *name = pass == 0 ? "bad.csv" : path;

      if (pass == 0)
        table = fx_csv_read_data (data, length, "bad.csv", options, &error);
      else
        {
          if (path == NULL || !g_file_set_contents (path, data, length, NULL))
            {
              fail_at_line (line, "cannot write a temporary file");
              break;
            }
          table = fx_csv_read_file (path, options, &error);
        }

      prefix = position != NULL ? g_strdup_printf ("%s:%s: ", name, position)
                                : g_strdup_printf ("%s: ", name);
      if (table != NULL)
        fail_at_line (line, "%s: expected error %d at %s, but reading succeeded",
                      pass == 0 ? "memory" : "file", code, prefix);
      if (error == NULL)
        {
          if (table == NULL)
            fail_at_line (line, "no table and no error");
          continue;
        }
      if (!g_error_matches (error, FX_CSV_ERROR, code))
        fail_at_line (line, "%s: expected FX_CSV_ERROR code %d, got %s code %d: %s",
                      pass == 0 ? "memory" : "file", code, g_quark_to_string (error->domain),
                      error->code, error->message);
      if (!g_str_has_prefix (error->message, prefix) || strlen (error->message) <= strlen (prefix))
        fail_at_line (line, "%s: expected a message starting with '%s', got '%s'",
                      pass == 0 ? "memory" : "file", prefix, error->message);
    }

  if (path != NULL)
    g_unlink (path);
  if (dir != NULL)
    g_rmdir (dir);
}

#define EXPECT_ERROR(data, code, position) \
  expect_error_at (__LINE__, (data), sizeof (data) - 1, NULL, (code), (position))

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("fx-test-csv-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);
  return dir;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Names in @dir, sorted, as one string "a b c" (hidden files too). */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return g_strdup ("(cannot open)");
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* Removes @dir with the files and empty directories in it. */
static void
remove_tmp_dir (const char *dir)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (dir == NULL)
    return;
  g_chmod (dir, 0755);
  d = g_dir_open (dir, 0, NULL);
  if (d != NULL)
    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        if (g_file_test (path, G_FILE_TEST_IS_DIR))
          g_rmdir (path);
        else
          g_unlink (path);
      }
  if (g_rmdir (dir) != 0)
    g_test_message ("cannot remove %s: %s", dir, g_strerror (errno));
}

static GHashTable *
types_new (void)
{
  return g_hash_table_new (g_str_hash, g_str_equal);
}

static void
types_set (GHashTable   *types,
           const char   *name,
           FxColumnType  type)
{
  g_hash_table_insert (types, (gpointer) name, GUINT_TO_POINTER (type + 1));
}

/* ---- RFC 4180 ------------------------------------------------------------------- */

static void
test_quoted_fields (void)
{
  /* a header with a quoted name holding a comma; fields with commas, doubled quotes,
   * LF and CRLF inside quotes; CRLF line ends */
  g_autoptr(FxTable) table = READ ("id,\"note, text\",x\r\n"
                                   "1,\"a, b\",2\r\n"
                                   "2,\"say \"\"hi\"\"\",3\r\n"
                                   "3,\"line1\nline2\",4\r\n"
                                   "4,\"crlf1\r\nline2\",5\r\n"
                                   "5,plain,6\r\n"
                                   "6,\"\"\"\",7\r\n"
                                   "7,\"\",8\r\n");
  FxColumn *id, *note, *x;

  if (table == NULL)
    return;
  g_assert_cmpuint (fx_table_get_n_columns (table), ==, 3);
  g_assert_cmpuint (table->n_rows, ==, 7);
  id = COLUMN (table, "id", FX_COLUMN_INTEGER);
  note = COLUMN (table, "note, text", FX_COLUMN_CATEGORICAL);
  x = COLUMN (table, "x", FX_COLUMN_INTEGER);

  for (gsize i = 0; i < 7; i++)
    {
      EXPECT_VALUE (id, i, (double) (i + 1));
      EXPECT_VALUE (x, i, (double) (i + 2));
    }
  EXPECT_LABEL (note, 0, "a, b");
  EXPECT_LABEL (note, 1, "say \"hi\"");
  EXPECT_LABEL (note, 2, "line1\nline2");
  EXPECT_LABEL (note, 3, "crlf1\r\nline2");
  EXPECT_LABEL (note, 4, "plain");
  EXPECT_LABEL (note, 5, "\"");
  EXPECT_LABEL (note, 6, NULL);   /* a quoted empty field is missing */
  if (note != NULL)
    g_assert_cmpuint (note->categories->len, ==, 6);
}

static void
test_line_ends (void)
{
  /* bare CR as the line end, and no line end after the last record */
  {
    g_autoptr(FxTable) table = READ ("a,b\r1,2\r3,4");
    FxColumn *a, *b;

    if (table == NULL)
      return;
    g_assert_cmpuint (table->n_rows, ==, 2);
    a = COLUMN (table, "a", FX_COLUMN_INTEGER);
    b = COLUMN (table, "b", FX_COLUMN_INTEGER);
    EXPECT_VALUE (a, 0, 1);
    EXPECT_VALUE (b, 0, 2);
    EXPECT_VALUE (a, 1, 3);
    EXPECT_VALUE (b, 1, 4);
  }
  /* LF, CR, CRLF mixed; a CR inside quotes is data */
  {
    g_autoptr(FxTable) table = READ ("a,b\r\n1,x\n3,\"p\rq\"\r5,z\r\n");
    FxColumn *a, *b;

    if (table == NULL)
      return;
    g_assert_cmpuint (table->n_rows, ==, 3);
    a = COLUMN (table, "a", FX_COLUMN_INTEGER);
    b = COLUMN (table, "b", FX_COLUMN_CATEGORICAL);
    EXPECT_VALUE (a, 0, 1);
    EXPECT_VALUE (a, 1, 3);
    EXPECT_VALUE (a, 2, 5);
    EXPECT_LABEL (b, 0, "x");
    EXPECT_LABEL (b, 1, "p\rq");
    EXPECT_LABEL (b, 2, "z");
  }
  /* the last line without a line end, ending in a quoted field */
  {
    g_autoptr(FxTable) table = READ ("a,b\n1,\"x\"");
    FxColumn *b;

    if (table == NULL)
      return;
    g_assert_cmpuint (table->n_rows, ==, 1);
    b = COLUMN (table, "b", FX_COLUMN_CATEGORICAL);
    EXPECT_LABEL (b, 0, "x");
  }
}

static void
test_bom (void)
{
  g_autoptr(FxTable) table = READ ("\xef\xbb\xbf\"name\",age\n\"x\",3\ny,4\n");
  FxColumn *name, *age;

  if (table == NULL)
    return;
  g_assert_cmpuint (table->n_rows, ==, 2);
  name = COLUMN (table, "name", FX_COLUMN_CATEGORICAL);
  age = COLUMN (table, "age", FX_COLUMN_INTEGER);
  EXPECT_LABEL (name, 0, "x");
  EXPECT_LABEL (name, 1, "y");
  EXPECT_VALUE (age, 0, 3);
  EXPECT_VALUE (age, 1, 4);
}

static void
test_header_names (void)
{
  /* names are trimmed, quoted or not; an inner space stays */
  g_autoptr(FxTable) table = READ ("  a , b\t,\" c \",\"d e\"\n1,2,3,4\n");

  if (table == NULL)
    return;
  g_assert_cmpuint (fx_table_get_n_columns (table), ==, 4);
  if (fx_table_get_n_columns (table) != 4)
    return;
  g_assert_cmpstr (fx_table_get_column (table, 0)->name, ==, "a");
  g_assert_cmpstr (fx_table_get_column (table, 1)->name, ==, "b");
  g_assert_cmpstr (fx_table_get_column (table, 2)->name, ==, "c");
  g_assert_cmpstr (fx_table_get_column (table, 3)->name, ==, "d e");
  EXPECT_VALUE (fx_table_get_column (table, 3), 0, 4);
}

static void
test_trailing_delimiter (void)
{
  /* a delimiter at the end of a line is one more, empty, field */
  g_autoptr(FxTable) table = READ ("a,b,c\n1,2,\n4,5,");
  FxColumn *a, *b, *c;

  if (table == NULL)
    return;
  g_assert_cmpuint (table->n_rows, ==, 2);
  a = COLUMN (table, "a", FX_COLUMN_INTEGER);
  b = COLUMN (table, "b", FX_COLUMN_INTEGER);
  c = fx_table_find_column (table, "c");
  g_assert_nonnull (c);
  EXPECT_VALUE (a, 1, 4);
  EXPECT_VALUE (b, 1, 5);
  EXPECT_MISSING (c, 0);
  EXPECT_MISSING (c, 1);
  if (c != NULL)
    g_assert_cmpuint (c->n_missing, ==, 2);
}

static void
test_blank_lines (void)
{
  /* blank lines before the header, between records and at the end carry no record */
  g_autoptr(FxTable) table = READ ("\n\r\na,b\n\n1,x\n\r\n\n3,y\r\n\r\n\n");
  FxColumn *a, *b;

  if (table == NULL)
    return;
  g_assert_cmpuint (fx_table_get_n_columns (table), ==, 2);
  g_assert_cmpuint (table->n_rows, ==, 2);
  a = COLUMN (table, "a", FX_COLUMN_INTEGER);
  b = COLUMN (table, "b", FX_COLUMN_CATEGORICAL);
  EXPECT_VALUE (a, 0, 1);
  EXPECT_VALUE (a, 1, 3);
  EXPECT_LABEL (b, 0, "x");
  EXPECT_LABEL (b, 1, "y");
  if (a != NULL)
    g_assert_cmpuint (a->n_missing, ==, 0);
  if (b != NULL)
    g_assert_cmpuint (b->n_missing, ==, 0);

  /* a blank line after an empty first field: the row before is kept intact */
  {
    g_autoptr(FxTable) t2 = READ ("a,b\n,5\n\n2,\n");
    FxColumn *a2, *b2;

    if (t2 == NULL)
      return;
    g_assert_cmpuint (t2->n_rows, ==, 2);
    a2 = COLUMN (t2, "a", FX_COLUMN_INTEGER);
    b2 = COLUMN (t2, "b", FX_COLUMN_INTEGER);
    EXPECT_MISSING (a2, 0);
    EXPECT_VALUE (a2, 1, 2);
    EXPECT_VALUE (b2, 0, 5);
    EXPECT_MISSING (b2, 1);
    if (a2 != NULL)
      g_assert_cmpuint (a2->n_missing, ==, 1);
  }
}

static void
test_delimiters (void)
{
  /* semicolon: detected from the header; a comma is then data */
  {
    g_autoptr(FxTable) table = READ ("a;b;c\n1,5;2;x\n3,25;4;y\n");
    FxColumn *a, *b, *c;

    if (table == NULL)
      return;
    g_assert_cmpuint (fx_table_get_n_columns (table), ==, 3);
    a = COLUMN (table, "a", FX_COLUMN_CATEGORICAL);
    b = COLUMN (table, "b", FX_COLUMN_INTEGER);
    c = COLUMN (table, "c", FX_COLUMN_CATEGORICAL);
    EXPECT_LABEL (a, 0, "1,5");
    EXPECT_LABEL (a, 1, "3,25");
    EXPECT_VALUE (b, 1, 4);
    EXPECT_LABEL (c, 1, "y");
  }
  /* tab */
  {
    g_autoptr(FxTable) table = READ ("a\tb, c\td\n1\t2,3\t4\n");
    FxColumn *b;

    if (table == NULL)
      return;
    g_assert_cmpuint (fx_table_get_n_columns (table), ==, 3);
    b = COLUMN (table, "b, c", FX_COLUMN_CATEGORICAL);
    EXPECT_LABEL (b, 0, "2,3");
    EXPECT_VALUE (COLUMN (table, "d", FX_COLUMN_INTEGER), 0, 4);
  }
  /* a semicolon inside a quoted header name does not count */
  {
    g_autoptr(FxTable) table = READ ("\"a;b;c\",d\n10,20\n");

    if (table == NULL)
      return;
    g_assert_cmpuint (fx_table_get_n_columns (table), ==, 2);
    COLUMN (table, "a;b;c", FX_COLUMN_INTEGER);
  }
  /* the majority wins without an option; the option wins over the majority */
  {
    g_autoptr(FxTable) detected = READ ("a;b;c,d\n1;2;3,4\n");
    FxCsvOptions options = { ',', NULL };
    g_autoptr(FxTable) imposed = READ_WITH ("a;b;c,d\n1;2;3,4\n", &options);
    FxCsvOptions tab = { '\t', NULL };
    g_autoptr(FxTable) tabbed = READ_WITH ("a,b\tc\n1,2\t3\n", &tab);

    if (detected == NULL || imposed == NULL || tabbed == NULL)
      return;
    g_assert_cmpuint (fx_table_get_n_columns (detected), ==, 3);
    EXPECT_LABEL (COLUMN (detected, "c,d", FX_COLUMN_CATEGORICAL), 0, "3,4");

    g_assert_cmpuint (fx_table_get_n_columns (imposed), ==, 2);
    EXPECT_LABEL (COLUMN (imposed, "a;b;c", FX_COLUMN_CATEGORICAL), 0, "1;2;3");
    EXPECT_VALUE (COLUMN (imposed, "d", FX_COLUMN_INTEGER), 0, 4);

    g_assert_cmpuint (fx_table_get_n_columns (tabbed), ==, 2);
    EXPECT_LABEL (COLUMN (tabbed, "a,b", FX_COLUMN_CATEGORICAL), 0, "1,2");
    EXPECT_VALUE (COLUMN (tabbed, "c", FX_COLUMN_INTEGER), 0, 3);
  }
}

/* ---- missing values ------------------------------------------------------------- */

static void
test_missing_tokens (void)
{
  static const char *tokens[] = { "", "NA", "NaN", "null", "?", "na", "NULL", "nan", "Na", "nUlL" };
  static const char *not_tokens[] = { "N/A", "none", "-", "0", "NAN1", "nulls", "??", "n a", ".", "-nan" };

  /* numeric column: 1.5, then every token, then 2.5 (row 2 is a quoted empty) */
  g_autoptr(FxTable) table = READ ("num,cat\n"
                                   "1.5,a\n"
                                   ",\n"
                                   "\"\",\"\"\n"
                                   "NA,NA\n"
                                   "NaN,NaN\n"
                                   "null,null\n"
                                   "?,?\n"
                                   "na,na\n"
                                   "NULL,NULL\n"
                                   "nan,Nan\n"
                                   "2.5,b\n");
  FxColumn *num, *cat;

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    if (!fx_csv_is_missing_token (tokens[i], strlen (tokens[i])))
      fail_at_line (__LINE__, "'%s' is not taken as missing", tokens[i]);
  for (guint i = 0; i < G_N_ELEMENTS (not_tokens); i++)
    if (fx_csv_is_missing_token (not_tokens[i], strlen (not_tokens[i])))
      fail_at_line (__LINE__, "'%s' is taken as missing", not_tokens[i]);
  /* the length counts, not the NUL */
  g_assert_true (fx_csv_is_missing_token ("NAME", 2));
  g_assert_false (fx_csv_is_missing_token ("NAME", 3));

  if (table == NULL)
    return;
  g_assert_cmpuint (table->n_rows, ==, 11);
  num = COLUMN (table, "num", FX_COLUMN_NUMBER);
  cat = COLUMN (table, "cat", FX_COLUMN_CATEGORICAL);
  if (num == NULL || cat == NULL)
    return;
  EXPECT_VALUE (num, 0, 1.5);
  EXPECT_VALUE (num, 10, 2.5);
  EXPECT_LABEL (cat, 0, "a");
  EXPECT_LABEL (cat, 10, "b");
  for (gsize r = 1; r <= 9; r++)
    {
      EXPECT_VALUE (num, r, NAN);   /* missing, NaN in the slot, never 0 */
      EXPECT_LABEL (cat, r, NULL);  /* missing, never "" */
    }
  g_assert_cmpuint (num->n_missing, ==, 9);
  g_assert_cmpuint (cat->n_missing, ==, 9);
  g_assert_cmpuint (num->n_invalid, ==, 0);
  g_assert_cmpuint (fx_column_count_present (num), ==, 2);
  /* no token became a label */
  g_assert_cmpuint (cat->categories->len, ==, 2);
  g_assert_cmpint (fx_column_lookup_category (cat, ""), ==, -1);
  g_assert_cmpint (fx_column_lookup_category (cat, "NA"), ==, -1);
}

static void
test_all_missing_column (void)
{
  g_autoptr(FxTable) table = READ ("a,b,c\n1,,x\n2,NA,\n3,?,null\n");
  FxColumn *b, *c;

  if (table == NULL)
    return;
  g_assert_cmpuint (table->n_rows, ==, 3);
  b = fx_table_find_column (table, "b");
  c = COLUMN (table, "c", FX_COLUMN_CATEGORICAL);
  g_assert_nonnull (b);
  if (b == NULL)
    return;
  g_test_message ("an all-missing column is read as %s", type_name (b->type));
  g_assert_cmpuint (b->n_rows, ==, 3);
  g_assert_cmpuint (b->n_missing, ==, 3);
  for (gsize r = 0; r < 3; r++)
    EXPECT_MISSING (b, r);
  EXPECT_LABEL (c, 0, "x");
  EXPECT_LABEL (c, 1, NULL);
  EXPECT_LABEL (c, 2, NULL);
}

/* ---- type inference ------------------------------------------------------------- */

static void
test_infer_integer (void)
{
  g_autoptr(FxTable) table = READ ("n,m\n1,0\n-3,5\n+4,-0\n007,2\n 12 ,3\n");
  FxColumn *n;

  if (table == NULL)
    return;
  n = COLUMN (table, "n", FX_COLUMN_INTEGER);
  COLUMN (table, "m", FX_COLUMN_INTEGER);
  EXPECT_VALUE (n, 0, 1);
  EXPECT_VALUE (n, 1, -3);
  EXPECT_VALUE (n, 2, 4);
  EXPECT_VALUE (n, 3, 7);
  EXPECT_VALUE (n, 4, 12);
}

static void
test_infer_number (void)
{
  g_autoptr(FxTable) table = READ ("x,y,z,w\n"
                                   "1.5,36.0,1,\t2.5\n"
                                   "2e3,37.0,2.5,.5 \n"
                                   "-0.25,NA,3,5.\n"
                                   "1E-2,38.5,4, -1e+2 \n");
  FxColumn *x, *y, *z, *w;

  if (table == NULL)
    return;
  x = COLUMN (table, "x", FX_COLUMN_NUMBER);
  y = COLUMN (table, "y", FX_COLUMN_NUMBER);   /* "36.0" is a number, not an integer */
  z = COLUMN (table, "z", FX_COLUMN_NUMBER);   /* integers and one fraction */
  w = COLUMN (table, "w", FX_COLUMN_NUMBER);   /* spaces and tabs around numbers */
  EXPECT_VALUE (x, 0, 1.5);
  EXPECT_VALUE (x, 1, 2000);
  EXPECT_VALUE (x, 2, -0.25);
  EXPECT_VALUE (x, 3, g_ascii_strtod ("1E-2", NULL));
  EXPECT_VALUE (y, 0, 36);
  EXPECT_VALUE (y, 2, NAN);
  EXPECT_VALUE (y, 3, 38.5);
  EXPECT_VALUE (z, 0, 1);
  EXPECT_VALUE (z, 1, 2.5);
  EXPECT_VALUE (w, 0, 2.5);
  EXPECT_VALUE (w, 1, 0.5);
  EXPECT_VALUE (w, 2, 5);
  EXPECT_VALUE (w, 3, -100);
}

static void
test_infer_boolean (void)
{
  g_autoptr(FxTable) table = READ ("b01,tf,yn,mixed,mixed2,count,frac\n"
                                   "0,true,yes,1,false,0,1.0\n"
                                   "1,FALSE,NO,true,0,1,0.0\n"
                                   "1,True,No,0,1,2,1.0\n"
                                   ",,,false,TRUE,1,0.0\n");
  FxColumn *b01, *tf, *yn, *mixed, *mixed2;

  if (table == NULL)
    return;
  b01 = COLUMN (table, "b01", FX_COLUMN_BOOLEAN);
  tf = COLUMN (table, "tf", FX_COLUMN_BOOLEAN);
  yn = COLUMN (table, "yn", FX_COLUMN_BOOLEAN);
  mixed = COLUMN (table, "mixed", FX_COLUMN_BOOLEAN);
  mixed2 = COLUMN (table, "mixed2", FX_COLUMN_BOOLEAN);
  COLUMN (table, "count", FX_COLUMN_INTEGER);  /* a 2 among 0 and 1 */
  COLUMN (table, "frac", FX_COLUMN_NUMBER);    /* 1.0 and 0.0 are not 0/1 flags */

  if (b01 != NULL)
    g_assert_cmpint (b01->bool_style, ==, FX_BOOL_STYLE_01);
  if (tf != NULL)
    g_assert_cmpint (tf->bool_style, ==, FX_BOOL_STYLE_TRUE_FALSE);
  if (yn != NULL)
    g_assert_cmpint (yn->bool_style, ==, FX_BOOL_STYLE_YES_NO);

  EXPECT_VALUE (b01, 0, 0);
  EXPECT_VALUE (b01, 1, 1);
  EXPECT_VALUE (b01, 2, 1);
  EXPECT_VALUE (b01, 3, NAN);
  EXPECT_VALUE (tf, 0, 1);
  EXPECT_VALUE (tf, 1, 0);
  EXPECT_VALUE (tf, 2, 1);
  EXPECT_VALUE (tf, 3, NAN);
  EXPECT_VALUE (yn, 0, 1);
  EXPECT_VALUE (yn, 1, 0);
  EXPECT_VALUE (yn, 2, 0);
  EXPECT_VALUE (yn, 3, NAN);
  EXPECT_VALUE (mixed, 0, 1);
  EXPECT_VALUE (mixed, 1, 1);
  EXPECT_VALUE (mixed, 2, 0);
  EXPECT_VALUE (mixed, 3, 0);
  EXPECT_VALUE (mixed2, 0, 0);
  EXPECT_VALUE (mixed2, 1, 0);
  EXPECT_VALUE (mixed2, 2, 1);
  EXPECT_VALUE (mixed2, 3, 1);
}

static void
test_infer_categorical (void)
{
  /* words with a number that is not 0/1 cannot be a boolean: the text is kept */
  g_autoptr(FxTable) table = READ ("c,w,n\nred,true,007\ngreen,2,1.50\nred,false,abc\n,yes,3\n");
  FxColumn *c, *w, *n;

  if (table == NULL)
    return;
  c = COLUMN (table, "c", FX_COLUMN_CATEGORICAL);
  w = COLUMN (table, "w", FX_COLUMN_CATEGORICAL);
  n = COLUMN (table, "n", FX_COLUMN_CATEGORICAL);
  EXPECT_LABEL (c, 0, "red");
  EXPECT_LABEL (c, 1, "green");
  EXPECT_LABEL (c, 2, "red");
  EXPECT_LABEL (c, 3, NULL);
  if (c != NULL)
    {
      g_assert_cmpuint (c->categories->len, ==, 2);
      g_assert_cmpuint (c->codes[0], ==, c->codes[2]);
    }
  EXPECT_LABEL (w, 0, "true");
  EXPECT_LABEL (w, 1, "2");
  EXPECT_LABEL (w, 2, "false");
  EXPECT_LABEL (w, 3, "yes");
  /* numbers before the text keep their spelling */
  EXPECT_LABEL (n, 0, "007");
  EXPECT_LABEL (n, 1, "1.50");
  EXPECT_LABEL (n, 2, "abc");
  EXPECT_LABEL (n, 3, "3");
}

static void
test_infer_not_numbers (void)
{
  /* inf, nan-like words, hex, overflow and thousands separators are text */
  g_autoptr(FxTable) table = READ ("v,w,x\n"
                                   "inf,-nan,1\n"
                                   "-inf,nan,0x1A\n"
                                   "Infinity,NaNa,1e999\n"
                                   "1,,1_000\n"
                                   "2,+nan, 5 \n");
  FxColumn *v, *w, *x;

  if (table == NULL)
    return;
  v = COLUMN (table, "v", FX_COLUMN_CATEGORICAL);
  w = COLUMN (table, "w", FX_COLUMN_CATEGORICAL);
  x = COLUMN (table, "x", FX_COLUMN_CATEGORICAL);
  EXPECT_LABEL (v, 0, "inf");
  EXPECT_LABEL (v, 1, "-inf");
  EXPECT_LABEL (v, 2, "Infinity");
  EXPECT_LABEL (v, 3, "1");
  EXPECT_LABEL (v, 4, "2");
  EXPECT_LABEL (w, 0, "-nan");
  EXPECT_LABEL (w, 1, NULL);
  EXPECT_LABEL (w, 2, "NaNa");
  EXPECT_LABEL (w, 3, NULL);
  EXPECT_LABEL (w, 4, "+nan");
  EXPECT_LABEL (x, 0, "1");
  EXPECT_LABEL (x, 1, "0x1A");
  EXPECT_LABEL (x, 2, "1e999");
  EXPECT_LABEL (x, 3, "1_000");
  EXPECT_LABEL (x, 4, " 5 ");
}

/* The text that generate_second_pass_file () writes in row @i of column @col. */
#define SECOND_PASS_ROWS 60000
#define SECOND_PASS_TEXT_ROW 50000

static const char *second_pass_codes[] = { "007", "1.50", "3", "-2", "2e3", "0.10" };

static char *
second_pass_cell (gsize i,
                  guint col)
{
  switch (col)
    {
    case 0:
      return g_strdup_printf ("%" G_GSIZE_FORMAT, i);
    case 1:
      return g_strdup (i == SECOND_PASS_TEXT_ROW ? "abc" : second_pass_codes[i % 6]);
    case 2:
      return g_strdup (i == SECOND_PASS_TEXT_ROW + 1 ? "maybe" : i % 2 ? "True" : "false");
    case 3:
      return g_strdup_printf ("%" G_GSIZE_FORMAT ".%02u", i / 4, (guint) (i % 4) * 25);
    case 4:
      return i % 7 == 0 ? g_strdup ("") : g_strdup_printf ("n%" G_GSIZE_FORMAT, i % 100);
    default:
      g_assert_not_reached ();
    }
}

static void
test_infer_second_pass (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "late-text.csv", NULL);
  g_autoptr(GString) text = g_string_new ("id,code,flag,val,note\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(FxTable) table = NULL;
  gsize text_offset = 0;
  FxColumn *id, *code, *flag, *val, *note;

  for (gsize i = 0; i < SECOND_PASS_ROWS; i++)
    {
      if (i == SECOND_PASS_TEXT_ROW)
        text_offset = text->len;
      for (guint c = 0; c < 5; c++)
        {
          g_autofree char *cell = second_pass_cell (i, c);

          if (c > 0)
            g_string_append_c (text, ',');
          g_string_append (text, cell);
        }
      g_string_append_c (text, '\n');
    }
  /* the text comes after the first block of the reader */
  g_assert_cmpuint (text_offset, >, 1 << 20);
  g_assert_true (g_file_set_contents (path, text->str, text->len, &error));
  g_assert_no_error (error);

  table = fx_csv_read_file (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (table);
  if (table == NULL)
    goto out;

  g_assert_cmpuint (table->n_rows, ==, SECOND_PASS_ROWS);
  id = COLUMN (table, "id", FX_COLUMN_INTEGER);
  code = COLUMN (table, "code", FX_COLUMN_CATEGORICAL);
  flag = COLUMN (table, "flag", FX_COLUMN_CATEGORICAL);
  val = COLUMN (table, "val", FX_COLUMN_NUMBER);
  note = COLUMN (table, "note", FX_COLUMN_CATEGORICAL);
  if (id == NULL || code == NULL || flag == NULL || val == NULL || note == NULL ||
      code->type != FX_COLUMN_CATEGORICAL || flag->type != FX_COLUMN_CATEGORICAL)
    goto out;

  for (gsize i = 0; i < SECOND_PASS_ROWS; i++)
    {
      g_autofree char *c1 = second_pass_cell (i, 1);
      g_autofree char *c2 = second_pass_cell (i, 2);
      g_autofree char *c3 = second_pass_cell (i, 3);
      g_autofree char *c4 = second_pass_cell (i, 4);
      const char *got1 = fx_column_is_missing (code, i) ? NULL : g_ptr_array_index (code->categories, code->codes[i]);
      const char *got2 = fx_column_is_missing (flag, i) ? NULL : g_ptr_array_index (flag->categories, flag->codes[i]);

      /* checked inline: a helper call per cell would flood the log on failure */
      if (g_strcmp0 (got1, c1) != 0 || g_strcmp0 (got2, c2) != 0 ||
          id->values[i] != (double) i || val->values[i] != g_ascii_strtod (c3, NULL) ||
          fx_column_is_missing (note, i) != (c4[0] == '\0'))
        {
          fail_at_line (__LINE__, "row %" G_GSIZE_FORMAT ": expected %s,%s,%s,%s, got %s,%s,%.17g,%.17g",
                        i, c1, c2, c3, c4, got1, got2, id->values[i], val->values[i]);
          break;
        }
      if (c4[0] != '\0')
        EXPECT_LABEL (note, i, c4);
    }
  /* the labels as written, once each */
  g_assert_cmpuint (code->categories->len, ==, 7);
  g_assert_cmpuint (flag->categories->len, ==, 3);
  g_assert_cmpint (fx_column_lookup_category (code, "7"), ==, -1);
  g_assert_cmpint (fx_column_lookup_category (code, "1.5"), ==, -1);
  g_assert_cmpint (fx_column_lookup_category (flag, "true"), ==, -1);
  g_assert_cmpuint (note->n_missing, ==, (SECOND_PASS_ROWS + 6) / 7);

out:
  remove_tmp_dir (dir);
}

static void
test_infer_second_pass_memory (void)
{
  /* the same in memory, within one block, with two late columns */
  g_autoptr(FxTable) table = READ ("a,b,c\n007,1,x\n1.50,0,y\nNA,true,z\nabc,2,w\n");
  FxColumn *a, *b, *c;

  if (table == NULL)
    return;
  a = COLUMN (table, "a", FX_COLUMN_CATEGORICAL);
  b = COLUMN (table, "b", FX_COLUMN_CATEGORICAL);
  c = COLUMN (table, "c", FX_COLUMN_CATEGORICAL);
  EXPECT_LABEL (a, 0, "007");
  EXPECT_LABEL (a, 1, "1.50");
  EXPECT_LABEL (a, 2, NULL);
  EXPECT_LABEL (a, 3, "abc");
  EXPECT_LABEL (b, 0, "1");
  EXPECT_LABEL (b, 1, "0");
  EXPECT_LABEL (b, 2, "true");
  EXPECT_LABEL (b, 3, "2");
  EXPECT_LABEL (c, 3, "w");
}

/* ---- numbers -------------------------------------------------------------------- */

static void
test_parse_number (void)
{
  static const char *good[] = {
    "0", "-0", "1", "+1", "007", "1.5", "-1.5", ".5", "5.", "1e3", "1E-3", "2e+3",
    "  12", "12  ", "\t-3\t", "0.1", "0.30000000000000004", "123456789012345678",
    "9007199254740993", "1.7976931348623157e308", "2.2250738585072014e-308",
    "4.9e-324", "1e-400", "12345678901234567890123", "0.000000000000000000000000001",
    "1e22", "1e23", "8.98846567431158e307", "1e-1000", "0e99999999", "0.001e311",
    "123456789012345678901234567890e-20",
  };
  static const char *integers[] = { "0", "-0", "1", "+1", "007", "  12", "12  ", "\t-3\t",
                                    "123456789012345678", "9007199254740993",
                                    "12345678901234567890123" };
  static const char *bad[] = {
    "", " ", "inf", "-inf", "nan", "NaN", "infinity", "0x10", "1e", "e5", ".", "-", "+",
    "1.2.3", "1e5.5", "1 2", "1_000", "1,5", "--1", "+-1", "1e+", "abc", "1a", "1e999",
    "-1e999", "1e1000", "1e100000", "\xd9\xa1", "1d5", "0b1",
  };
  GRand *rand = g_rand_new_with_seed (20240601);

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      double got = 0, want = g_ascii_strtod (good[i], NULL);
      gboolean integer_text = 99;
      gboolean expect_integer = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (integers); k++)
        expect_integer |= g_str_equal (good[i], integers[k]);
      if (!fx_csv_parse_number (good[i], strlen (good[i]), &got, &integer_text))
        fail_at_line (__LINE__, "'%s' is not read as a number", good[i]);
      else if (memcmp (&got, &want, sizeof got) != 0)
        fail_at_line (__LINE__, "'%s': expected %.17g, got %.17g", good[i], want, got);
      else if (integer_text != expect_integer)
        fail_at_line (__LINE__, "'%s': integer_text is %d", good[i], integer_text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      double got = 0;

      if (fx_csv_parse_number (bad[i], strlen (bad[i]), &got, NULL))
        fail_at_line (__LINE__, "'%s' is read as the number %.17g", bad[i], got);
    }
  /* the length counts, not the NUL */
  {
    double got = 0;

    g_assert_true (fx_csv_parse_number ("12x", 2, &got, NULL));
    g_assert_cmpfloat (got, ==, 12);
  }

  /* random decimal texts: bit-identical to strtod */
  for (guint n = 0; n < 200000; n++)
    {
      char text[64];
      gsize len = 0;
      guint n_int = g_rand_int_range (rand, 0, 22);
      guint n_frac = g_rand_int_range (rand, 0, 22);
      double got = 0, want;

      if (n_int + n_frac == 0)
        n_int = 1;
      if (g_rand_boolean (rand))
        text[len++] = '-';
      for (guint k = 0; k < n_int; k++)
        text[len++] = (char) ('0' + (k == 0 && g_rand_int_range (rand, 0, 4) == 0 ? 0 : g_rand_int_range (rand, 0, 10)));
      if (n_frac > 0 || g_rand_int_range (rand, 0, 4) == 0)
        {
          text[len++] = '.';
          for (guint k = 0; k < n_frac; k++)
            text[len++] = (char) ('0' + g_rand_int_range (rand, 0, 10));
        }
      if (g_rand_int_range (rand, 0, 3) == 0)
        len += (gsize) g_snprintf (text + len, sizeof text - len, "e%d", g_rand_int_range (rand, -330, 310));
      text[len] = '\0';

      want = g_ascii_strtod (text, NULL);
      if (!isfinite (want))
        continue;
      if (!fx_csv_parse_number (text, len, &got, NULL))
        {
          fail_at_line (__LINE__, "'%s' is not read as a number", text);
          break;
        }
      if (memcmp (&got, &want, sizeof got) != 0)
        {
          fail_at_line (__LINE__, "'%s': expected %.17g, got %.17g", text, want, got);
          break;
        }
    }
  g_rand_free (rand);
}

static void
test_format_double (void)
{
  static const struct { double value; const char *text; } cases[] = {
    { 0, "0" }, { -0.0, "-0" }, { 1, "1" }, { -3, "-3" }, { 1.5, "1.5" }, { 0.1, "0.1" },
    { 36, "36" }, { 1e15, "1000000000000000" }, { 0.30000000000000004, "0.30000000000000004" },
    { 1e-300, "1e-300" }, { 123456.789, "123456.789" },
  };
  GRand *rand = g_rand_new_with_seed (7);
  char buf[32];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (fx_format_double (cases[i].value, buf), ==, cases[i].text);
  g_assert_cmpstr (fx_format_double (NAN, buf), ==, "");

  /* random bit patterns read back exactly, with at most 17 digits, and not with one
   * digit fewer when more than 15 were used */
  for (guint n = 0; n < 100000; n++)
    {
      guint64 bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
      double v, back;
      int digits = 0;

      memcpy (&v, &bits, sizeof v);
      if (!isfinite (v))
        continue;
      fx_format_double (v, buf);
      back = g_ascii_strtod (buf, NULL);
      if (back != v)
        {
          fail_at_line (__LINE__, "%.17g is written '%s', which reads back as %.17g", v, buf, back);
          break;
        }
      if (strchr (buf, '.') != NULL || strchr (buf, 'e') != NULL)
        {
          /* count the significant digits */
          const char *q = buf;

          while (*q == '-' || *q == '0' || *q == '.')
            q++;
          for (; *q != '\0' && *q != 'e'; q++)
            if (g_ascii_isdigit (*q))
              digits++;
          if (digits > 17)
            fail_at_line (__LINE__, "%.17g is written with %d digits: '%s'", v, digits, buf);
          if (digits > 15)
            {
              char shorter[32];

              g_ascii_formatd (shorter, sizeof shorter, digits == 16 ? "%.15g" : "%.16g", v);
              if (g_ascii_strtod (shorter, NULL) == v)
                fail_at_line (__LINE__, "%.17g is written '%s', but '%s' is shorter", v, buf, shorter);
            }
        }
    }
  g_rand_free (rand);
}

/* ---- imposed types -------------------------------------------------------------- */

static void
test_imposed_types (void)
{
  g_autoptr(GHashTable) types = types_new ();
  FxCsvOptions options = { 0, types };
  g_autoptr(FxTable) table = NULL;
  FxColumn *n, *x, *c, *b, *w, *free_col;

  types_set (types, "n", FX_COLUMN_INTEGER);
  types_set (types, "x", FX_COLUMN_NUMBER);
  types_set (types, "c", FX_COLUMN_CATEGORICAL);
  types_set (types, "b", FX_COLUMN_BOOLEAN);
  types_set (types, "w", FX_COLUMN_BOOLEAN);
  types_set (types, "absent", FX_COLUMN_NUMBER);

  table = READ_WITH ("n,x,c,b,w,free\n"
                     "5,1.5,1,1,true,1\n"
                     "abc,x,2,0,FALSE,2\n"
                     "7,NA,1,2,yes,3\n"
                     ",2e3,02,yes,no,4\n", &options);
  if (table == NULL)
    return;
  g_assert_cmpuint (table->n_rows, ==, 4);
  g_assert_cmpuint (fx_table_get_n_columns (table), ==, 6);
  g_assert_null (fx_table_find_column (table, "absent"));

  n = COLUMN (table, "n", FX_COLUMN_INTEGER);
  x = COLUMN (table, "x", FX_COLUMN_NUMBER);
  c = COLUMN (table, "c", FX_COLUMN_CATEGORICAL);
  b = COLUMN (table, "b", FX_COLUMN_BOOLEAN);
  w = COLUMN (table, "w", FX_COLUMN_BOOLEAN);
  free_col = COLUMN (table, "free", FX_COLUMN_INTEGER);
  if (n == NULL || x == NULL || c == NULL || b == NULL || w == NULL || free_col == NULL)
    return;

  /* a non-number is invalid and missing; an empty cell is only missing */
  EXPECT_VALUE (n, 0, 5);
  EXPECT_VALUE (n, 1, NAN);
  EXPECT_VALUE (n, 2, 7);
  EXPECT_VALUE (n, 3, NAN);
  g_assert_cmpuint (n->n_invalid, ==, 1);
  g_assert_cmpuint (n->n_missing, ==, 2);

  EXPECT_VALUE (x, 0, 1.5);
  EXPECT_VALUE (x, 1, NAN);
  EXPECT_VALUE (x, 2, NAN);
  EXPECT_VALUE (x, 3, 2000);
  g_assert_cmpuint (x->n_invalid, ==, 1);
  g_assert_cmpuint (x->n_missing, ==, 2);

  /* numbers imposed as categories keep their text */
  EXPECT_LABEL (c, 0, "1");
  EXPECT_LABEL (c, 1, "2");
  EXPECT_LABEL (c, 2, "1");
  EXPECT_LABEL (c, 3, "02");
  g_assert_cmpuint (c->categories->len, ==, 3);
  g_assert_cmpuint (c->n_invalid, ==, 0);

  /* 2 is not a boolean */
  EXPECT_VALUE (b, 0, 1);
  EXPECT_VALUE (b, 1, 0);
  EXPECT_VALUE (b, 2, NAN);
  EXPECT_VALUE (b, 3, 1);
  g_assert_cmpuint (b->n_invalid, ==, 1);
  g_assert_cmpuint (b->n_missing, ==, 1);

  EXPECT_VALUE (w, 0, 1);
  EXPECT_VALUE (w, 1, 0);
  EXPECT_VALUE (w, 2, 1);
  EXPECT_VALUE (w, 3, 0);
  g_assert_cmpuint (w->n_invalid, ==, 0);

  EXPECT_VALUE (free_col, 3, 4);
  g_assert_cmpuint (free_col->n_invalid, ==, 0);
}

/* A second table read with the types of a first one (fx_table_column_types): a
 * column that is categorical in the reference stays categorical even when all its
 * cells look like numbers, and a numeric one counts text as invalid. */
static void
test_imposed_from_reference (void)
{
  g_autoptr(FxTable) reference = READ ("code,dose\nA1,1.5\n02,2\n");
  g_autoptr(GHashTable) types = NULL;
  g_autoptr(FxTable) table = NULL;
  FxCsvOptions options = { 0, NULL };
  FxColumn *code, *dose;

  if (reference == NULL)
    return;
  types = fx_table_column_types (reference);
  options.types = types;
  table = READ_WITH ("code,dose\n1,3\n02,high\n", &options);
  if (table == NULL)
    return;
  code = COLUMN (table, "code", FX_COLUMN_CATEGORICAL);
  dose = COLUMN (table, "dose", FX_COLUMN_NUMBER);
  EXPECT_LABEL (code, 0, "1");
  EXPECT_LABEL (code, 1, "02");
  EXPECT_VALUE (dose, 0, 3);
  EXPECT_VALUE (dose, 1, NAN);
  if (dose != NULL)
    g_assert_cmpuint (dose->n_invalid, ==, 1);
}

/* An imposed integer column holds integers: 1.5 cannot be read as one. */
static void
test_imposed_integer_fraction (void)
{
  g_autoptr(GHashTable) types = types_new ();
  FxCsvOptions options = { 0, types };
  g_autoptr(FxTable) table = NULL;
  FxColumn *n;

  types_set (types, "n", FX_COLUMN_INTEGER);
  table = READ_WITH ("n\n1\n1.5\n2.0\n", &options);
  if (table == NULL)
    return;
  n = COLUMN (table, "n", FX_COLUMN_INTEGER);
  if (n == NULL)
    return;
  EXPECT_VALUE (n, 0, 1);
  EXPECT_VALUE (n, 1, NAN);
  EXPECT_VALUE (n, 2, 2);
  g_assert_cmpuint (n->n_invalid, ==, 1);
}

/* An imposed boolean column spelled true/false is written back as true/false
 * (FxBoolStyle: "How a boolean column was spelled in its source"). */
static void
test_imposed_boolean_style (void)
{
  g_autoptr(GHashTable) types = types_new ();
  FxCsvOptions options = { 0, types };
  g_autoptr(FxTable) table = NULL;
  g_autofree char *written = NULL;
  FxColumn *tf, *yn;

  types_set (types, "tf", FX_COLUMN_BOOLEAN);
  types_set (types, "yn", FX_COLUMN_BOOLEAN);
  table = READ_WITH ("tf,yn\ntrue,yes\nfalse,no\n", &options);
  if (table == NULL)
    return;
  tf = COLUMN (table, "tf", FX_COLUMN_BOOLEAN);
  yn = COLUMN (table, "yn", FX_COLUMN_BOOLEAN);
  if (tf == NULL || yn == NULL)
    return;
  g_assert_cmpint (tf->bool_style, ==, FX_BOOL_STYLE_TRUE_FALSE);
  g_assert_cmpint (yn->bool_style, ==, FX_BOOL_STYLE_YES_NO);
  written = fx_csv_write_string (table);
  g_assert_cmpstr (written, ==, "tf,yn\ntrue,yes\nfalse,no\n");
}

/* ---- errors --------------------------------------------------------------------- */

static void
test_error_ragged (void)
{
  /* too few: where the record ends */
  EXPECT_ERROR ("a,b,c\n1,2,3\n4,5\n", FX_CSV_ERROR_RAGGED_ROW, "3:4");
  EXPECT_ERROR ("a,b,c\r\n1,2,3\r\n4,5\r\n", FX_CSV_ERROR_RAGGED_ROW, "3:4");
  EXPECT_ERROR ("a,b,c\n4,5", FX_CSV_ERROR_RAGGED_ROW, "2:4");
  EXPECT_ERROR ("a,b\n1\n", FX_CSV_ERROR_RAGGED_ROW, "2:2");
  /* too many: where the first extra field starts */
  EXPECT_ERROR ("a,b\n1,2,3\n", FX_CSV_ERROR_RAGGED_ROW, "2:5");
  EXPECT_ERROR ("a,b\n1,2,\"x\"\n", FX_CSV_ERROR_RAGGED_ROW, "2:5");
  EXPECT_ERROR ("a,b\n1,2,\n", FX_CSV_ERROR_RAGGED_ROW, "2:5");
  EXPECT_ERROR ("a,b,c\n1,2,3\n10,20,30,40,50\n", FX_CSV_ERROR_RAGGED_ROW, "3:10");
  /* lines are counted through CRLF, LF and CR inside quotes, each one line */
  EXPECT_ERROR ("a,b\r\n\"x\r\ny\",1\r\n1,2,3\r\n", FX_CSV_ERROR_RAGGED_ROW, "4:5");
  EXPECT_ERROR ("a,b\n\"x\ny\",1\n1,2,3\n", FX_CSV_ERROR_RAGGED_ROW, "4:5");
  EXPECT_ERROR ("a,b\n\"x\ry\",1\n1,2,3\n", FX_CSV_ERROR_RAGGED_ROW, "4:5");
  /* and through bare CR line ends */
  EXPECT_ERROR ("a,b\r1,2\r3\r", FX_CSV_ERROR_RAGGED_ROW, "3:2");
  /* the byte order mark is not a column */
  EXPECT_ERROR ("\xef\xbb\xbf" "a,b\n1,2,3\n", FX_CSV_ERROR_RAGGED_ROW, "2:5");
}

/* A record spanning lines that ends too early: the line and the column must both
 * be those of the place where it ends (line 3, after "y\",2"). */
static void
test_error_ragged_multiline (void)
{
  EXPECT_ERROR ("a,b,c\n\"x\ny\",2\n", FX_CSV_ERROR_RAGGED_ROW, "3:5");
}

static void
test_error_quotes (void)
{
  /* unterminated: where the opening quote is */
  EXPECT_ERROR ("a,b\n1,\"abc\n2,3\n", FX_CSV_ERROR_UNTERMINATED_QUOTE, "2:3");
  EXPECT_ERROR ("a,b\n1,\"abc", FX_CSV_ERROR_UNTERMINATED_QUOTE, "2:3");
  EXPECT_ERROR ("\"a,b\n1,2\n", FX_CSV_ERROR_UNTERMINATED_QUOTE, "1:1");
  EXPECT_ERROR ("a,b\n1,\"x\"\"\n", FX_CSV_ERROR_UNTERMINATED_QUOTE, "2:3");
  /* a quote inside an unquoted field: where that quote is */
  EXPECT_ERROR ("a,b\n1,ab\"c\n", FX_CSV_ERROR_STRAY_QUOTE, "2:5");
  EXPECT_ERROR ("a,b\n1, \"c\"\n", FX_CSV_ERROR_STRAY_QUOTE, "2:4");
  EXPECT_ERROR ("a,b\"\n1,2\n", FX_CSV_ERROR_STRAY_QUOTE, "1:4");
  /* something after a closing quote: where that is */
  EXPECT_ERROR ("a,b\n1,\"ab\"c\n", FX_CSV_ERROR_STRAY_QUOTE, "2:7");
  EXPECT_ERROR ("a,b\n\"ab\" ,1\n", FX_CSV_ERROR_STRAY_QUOTE, "2:5");
}

static void
test_error_encoding (void)
{
  /* invalid UTF-8 in a categorical cell: where the bad byte is */
  EXPECT_ERROR ("name,v\nab\xff" "c,1\n", FX_CSV_ERROR_ENCODING, "2:3");
  EXPECT_ERROR ("name,v\n\"ab\xff\",1\n", FX_CSV_ERROR_ENCODING, "2:4");
  EXPECT_ERROR ("name,v\nok,1\nx\xc3(,2\n", FX_CSV_ERROR_ENCODING, "3:2");
  EXPECT_ERROR ("v,name\n1,ok\n2,\xe9t\xe9\n", FX_CSV_ERROR_ENCODING, "3:3");
  /* in a column that held numbers until then */
  EXPECT_ERROR ("v\n1\n2\n\xfe\n", FX_CSV_ERROR_ENCODING, "4:1");
  EXPECT_ERROR ("a,b,c,d,e\n1,2,3,4,x\n1,2,3,4,ab\xff\n", FX_CSV_ERROR_ENCODING, "3:11");
  /* in the header */
  EXPECT_ERROR ("ok,b\xe9" "d\n1,2\n", FX_CSV_ERROR_ENCODING, "1:5");
  EXPECT_ERROR ("\"ok\xc0\xaf\",b\n1,2\n", FX_CSV_ERROR_ENCODING, "1:4");
  /* UTF-16, either byte order */
  EXPECT_ERROR ("\xff\xfe" "a\0,\0b\0\n\0", FX_CSV_ERROR_ENCODING, "1:1");
  EXPECT_ERROR ("\xfe\xff" "\0a\0,\0b\0\n", FX_CSV_ERROR_ENCODING, "1:1");
}

/* The bad byte after a doubled quote: "a""<FF>" has it at byte 5 of line 2. */
static void
test_error_encoding_after_quote (void)
{
  EXPECT_ERROR ("name,v\n\"a\"\"\xff\",1\n", FX_CSV_ERROR_ENCODING, "2:5");
}

/* The bad byte on the second line of a quoted field: line 3, byte 3. */
static void
test_error_encoding_multiline (void)
{
  EXPECT_ERROR ("name,v\n\"ab\ncd\xff\",1\n", FX_CSV_ERROR_ENCODING, "3:3");
}

static void
test_error_header (void)
{
  /* duplicate names: where the second one starts; names compare after trimming */
  EXPECT_ERROR ("a,b,a\n1,2,3\n", FX_CSV_ERROR_HEADER, "1:5");
  EXPECT_ERROR ("aa,bb,cc,dd,bb\n1,2,3,4,5\n", FX_CSV_ERROR_HEADER, "1:13");
  EXPECT_ERROR ("a, b ,b\n1,2,3\n", FX_CSV_ERROR_HEADER, "1:7");
  EXPECT_ERROR ("\xef\xbb\xbf" "a,a\n1,2\n", FX_CSV_ERROR_HEADER, "1:3");
  /* empty names */
  EXPECT_ERROR ("a,,c\n1,2,3\n", FX_CSV_ERROR_HEADER, "1:3");
  EXPECT_ERROR ("a,  ,c\n1,2,3\n", FX_CSV_ERROR_HEADER, "1:3");
  EXPECT_ERROR ("a,b,\n1,2,3\n", FX_CSV_ERROR_HEADER, "1:5");
  EXPECT_ERROR ("\"\",b\n1,2\n", FX_CSV_ERROR_HEADER, "1:1");
}

/* Blank lines before the header are skipped, so the header is line 3 here. */
static void
test_error_header_after_blank_lines (void)
{
  EXPECT_ERROR ("\n\nx,x\n1,2\n", FX_CSV_ERROR_HEADER, "3:3");
  EXPECT_ERROR ("\r\n\r\nx,,y\n1,2,3\n", FX_CSV_ERROR_HEADER, "3:3");
}

static void
test_error_empty (void)
{
  /* nothing at all, or nothing but blank lines: the position is the end of the
   * input, where a header line was expected */
  EXPECT_ERROR ("", FX_CSV_ERROR_EMPTY, "1:1");
  EXPECT_ERROR ("  \n\t\n", FX_CSV_ERROR_EMPTY, "3:1");
}

static void
test_error_binary (void)
{
  EXPECT_ERROR ("a,b\n1,\0" "2\n", FX_CSV_ERROR_BINARY, "2:3");
  EXPECT_ERROR ("a\0b\n1\n", FX_CSV_ERROR_BINARY, "1:2");
  EXPECT_ERROR ("a,b\n\"x\0\",1\n", FX_CSV_ERROR_BINARY, "2:3");
  /* gzip and ZIP signatures */
  EXPECT_ERROR ("\x1f\x8b\x08\x00\x00\x00\x00\x00", FX_CSV_ERROR_BINARY, "1:1");
  EXPECT_ERROR ("PK\x03\x04\x14\x00", FX_CSV_ERROR_BINARY, "1:1");
}

static void
test_error_io (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "does-not-exist.csv", NULL);
  g_autoptr(FxTable) table = fx_csv_read_file (path, NULL, &error);

  g_assert_null (table);
  g_assert_error (error, FX_CSV_ERROR, FX_CSV_ERROR_IO);
  if (error != NULL)
    {
      g_autofree char *prefix = g_strconcat (path, ": ", NULL);

      g_assert_true (g_str_has_prefix (error->message, prefix));
    }
  g_clear_error (&error);

  /* a directory is not a CSV file */
  {
    g_autoptr(FxTable) t2 = fx_csv_read_file (dir, NULL, &error);

    g_assert_null (t2);
    g_assert_error (error, FX_CSV_ERROR, FX_CSV_ERROR_IO);
  }
  remove_tmp_dir (dir);
}

/* ---- export --------------------------------------------------------------------- */

static void
expect_same_table_at (int            line,
                      const FxTable *a,
                      const FxTable *b)
{
  if (a == NULL || b == NULL)
    {
      fail_at_line (line, "no table to compare");
      return;
    }
  if (a->n_rows != b->n_rows || fx_table_get_n_columns (a) != fx_table_get_n_columns (b))
    {
      fail_at_line (line, "%" G_GSIZE_FORMAT " rows x %u columns, then %" G_GSIZE_FORMAT " x %u",
                    a->n_rows, fx_table_get_n_columns (a), b->n_rows, fx_table_get_n_columns (b));
      return;
    }
  for (guint c = 0; c < fx_table_get_n_columns (a); c++)
    {
      const FxColumn *x = fx_table_get_column (a, c);
      const FxColumn *y = fx_table_get_column (b, c);

      if (g_strcmp0 (x->name, y->name) != 0)
        fail_at_line (line, "column %u: name '%s', then '%s'", c, x->name, y->name);
      if (x->type != y->type)
        {
          fail_at_line (line, "column '%s': type %s, then %s", x->name, type_name (x->type),
                        type_name (y->type));
          continue;
        }
      if (x->type == FX_COLUMN_BOOLEAN && x->bool_style != y->bool_style)
        fail_at_line (line, "column '%s': boolean style %d, then %d", x->name, x->bool_style,
                      y->bool_style);
      if (x->n_missing != y->n_missing)
        fail_at_line (line, "column '%s': %" G_GSIZE_FORMAT " missing, then %" G_GSIZE_FORMAT,
                      x->name, x->n_missing, y->n_missing);
      for (gsize r = 0; r < a->n_rows; r++)
        {
          gboolean mx = fx_column_is_missing (x, r), my = fx_column_is_missing (y, r);

          if (mx != my)
            {
              fail_at_line (line, "column '%s' row %" G_GSIZE_FORMAT ": missing %d, then %d",
                            x->name, r, mx, my);
              break;
            }
          if (mx)
            continue;
          if (x->type == FX_COLUMN_CATEGORICAL)
            {
              const char *lx = g_ptr_array_index (x->categories, x->codes[r]);
              const char *ly = g_ptr_array_index (y->categories, y->codes[r]);

              if (g_strcmp0 (lx, ly) != 0)
                {
                  g_autofree char *ex = escaped (lx);
                  g_autofree char *ey = escaped (ly);

                  fail_at_line (line, "column '%s' row %" G_GSIZE_FORMAT ": '%s', then '%s'",
                                x->name, r, ex, ey);
                }
            }
          else if (memcmp (&x->values[r], &y->values[r], sizeof (double)) != 0)
            fail_at_line (line, "column '%s' row %" G_GSIZE_FORMAT ": %.17g, then %.17g "
                          "(not bit-identical)", x->name, r, x->values[r], y->values[r]);
        }
      if (x->type == FX_COLUMN_CATEGORICAL)
        {
          if (x->categories->len != y->categories->len)
            fail_at_line (line, "column '%s': %u labels, then %u", x->name,
                          x->categories->len, y->categories->len);
          else
            for (guint k = 0; k < x->categories->len; k++)
              if (g_strcmp0 (g_ptr_array_index (x->categories, k), g_ptr_array_index (y->categories, k)) != 0)
                fail_at_line (line, "column '%s': label %u differs", x->name, k);
        }
    }
}

#define EXPECT_SAME_TABLE(a, b) expect_same_table_at (__LINE__, (a), (b))

static FxTable *
round_trip_at (int            line,
               const FxTable *table)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  FxTable *again;

  if (table == NULL)
    return NULL;
  text = fx_csv_write_string (table);
  again = fx_csv_read_data (text, strlen (text), "written.csv", NULL, &error);
  if (error != NULL)
    {
      g_autofree char *shown = escaped (text);

      fail_at_line (line, "the written text does not read back: %s\n%s", error->message, shown);
    }
  return again;
}

#define ROUND_TRIP(table) round_trip_at (__LINE__, (table))

static const char round_trip_csv[] =
  "id,height,ok,smoker,active,label,score,code\n"
  "1,1.75,1,yes,true,\"a,b\",10,007\n"
  "2,0.1,0,no,false,\"say \"\"hi\"\"\",-3,1.50\n"
  "3,,1,NA,,\"line\nbreak\",,3\n"
  "4,1e-300,0,yes,TRUE,\"  leading\",7,x\n"
  "5,1.7976931348623157e308,1,no,false,\"trailing  \",NA,\n"
  "6,-3.25,,yes,true,\"semi;colon\",0,2e3\n"
  "7,36.0,1,,false,\"tab\tinside\",2,x\n"
  "8,123456.789,0,no,true,\"crlf\r\ninside\",5,\" 9 \"\n"
  "9,2.5,1,yes,false,\xc3\xbcmlaut,6,1.50\n"
  "10,NA,0,no,true,007,8,NA\n"
  "11,3,1,yes,false,1.50,9,0.10\n"
  "12,0.30000000000000004,0,no,true,\"quote\"\"\",100,-1\n"
  "13,4.9e-324,1,no,false,\"cr\ronly\",-7,?\n"
  "14,-1234567.125,0,yes,true,\"\"\"\",11,\"a,b\"\n";

static void
test_export_round_trip (void)
{
  g_autoptr(FxTable) table = READ (round_trip_csv);
  g_autoptr(FxTable) again = NULL;
  g_autoptr(FxTable) third = NULL;
  FxColumn *height, *label, *code;

  if (table == NULL)
    return;
  /* the first read is as written above */
  g_assert_cmpuint (table->n_rows, ==, 14);
  COLUMN (table, "id", FX_COLUMN_INTEGER);
  height = COLUMN (table, "height", FX_COLUMN_NUMBER);
  COLUMN (table, "ok", FX_COLUMN_BOOLEAN);
  COLUMN (table, "smoker", FX_COLUMN_BOOLEAN);
  COLUMN (table, "active", FX_COLUMN_BOOLEAN);
  label = COLUMN (table, "label", FX_COLUMN_CATEGORICAL);
  COLUMN (table, "score", FX_COLUMN_INTEGER);
  code = COLUMN (table, "code", FX_COLUMN_CATEGORICAL);
  EXPECT_VALUE (height, 3, 1e-300);
  EXPECT_VALUE (height, 4, 1.7976931348623157e308);
  EXPECT_VALUE (height, 11, 0.30000000000000004);
  EXPECT_VALUE (height, 12, 4.9e-324);
  EXPECT_LABEL (label, 2, "line\nbreak");
  EXPECT_LABEL (label, 3, "  leading");
  EXPECT_LABEL (label, 4, "trailing  ");
  EXPECT_LABEL (label, 7, "crlf\r\ninside");
  EXPECT_LABEL (label, 12, "cr\ronly");
  EXPECT_LABEL (label, 13, "\"");
  EXPECT_LABEL (code, 0, "007");
  EXPECT_LABEL (code, 7, " 9 ");
  EXPECT_LABEL (code, 13, "a,b");

  again = ROUND_TRIP (table);
  EXPECT_SAME_TABLE (table, again);
  /* and written again, the same once more */
  third = ROUND_TRIP (again);
  EXPECT_SAME_TABLE (table, third);
}

static void
test_export_text (void)
{
  /* the exact text for a small table: quotes only where needed, missing as empty,
   * booleans as spelled, numbers keep a decimal point, LF line ends */
  g_autoptr(FxTable) table = READ ("n,\"s, t\",f,x,b\n"
                                   "1,\"a,b\",yes,1.0,0\n"
                                   "2,,no,2.5,1\n"
                                   "NA,\" x\",,NA,\n"
                                   "4,\"q\"\"\",yes,-3,1\n");
  g_autofree char *text = NULL;

  if (table == NULL)
    return;
  text = fx_csv_write_string (table);
  g_assert_cmpstr (text, ==,
                   "n,\"s, t\",f,x,b\n"
                   "1,\"a,b\",yes,1.0,0\n"
                   "2,,no,2.5,1\n"
                   ",\" x\",,,\n"
                   "4,\"q\"\"\",yes,-3.0,1\n");
}

/* -0.0 read from the text "-0.0" must come back bit-identical. */
static void
test_export_negative_zero (void)
{
  g_autoptr(FxTable) table = READ ("x\n-0.0\n1.5\n");
  g_autoptr(FxTable) again = NULL;
  FxColumn *x;

  if (table == NULL)
    return;
  x = COLUMN (table, "x", FX_COLUMN_NUMBER);
  EXPECT_VALUE (x, 0, -0.0);
  again = ROUND_TRIP (table);
  EXPECT_SAME_TABLE (table, again);
}

/* An integer column with values beyond 2^53 must stay an integer column. */
static void
test_export_large_integers (void)
{
  g_autoptr(FxTable) table = READ ("id\n12345678901234567890\n1\n9007199254740993\n");
  g_autoptr(FxTable) again = NULL;
  FxColumn *id;

  if (table == NULL)
    return;
  id = COLUMN (table, "id", FX_COLUMN_INTEGER);
  EXPECT_VALUE (id, 0, g_ascii_strtod ("12345678901234567890", NULL));
  EXPECT_VALUE (id, 2, g_ascii_strtod ("9007199254740993", NULL));
  again = ROUND_TRIP (table);
  EXPECT_SAME_TABLE (table, again);
}

/* Cells that would look like a file signature or a byte order mark at the start of
 * the written file are quoted, so that the file reads back (found by fuzzing). */
static void
test_export_signatures (void)
{
  g_autoptr(FxTable) zip = READ ("\xEF\xBB\xBFPK\003\004sex\n15\n4\n");
  g_autoptr(FxTable) bom = READ ("\xEF\xBB\xBF\"\xEF\xBB\xBFname\",b\nx,1\n");
  g_autoptr(FxTable) again = NULL;
  g_autoptr(FxTable) again_bom = NULL;

  if (zip == NULL || bom == NULL)
    return;
  again = ROUND_TRIP (zip);
  EXPECT_SAME_TABLE (zip, again);
  again_bom = ROUND_TRIP (bom);
  EXPECT_SAME_TABLE (bom, again_bom);
}

static void
test_export_file (void)
{
  g_autoptr(FxTable) table = READ (round_trip_csv);
  g_autoptr(FxTable) small = READ ("a\n1\n");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;

  if (table == NULL || small == NULL)
    goto out;
  expected = fx_csv_write_string (table);

  /* written whole, one file, nothing left beside it */
  g_assert_true (fx_csv_write_file (table, path, &error));
  g_assert_no_error (error);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "out.csv");
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);

  /* replacing it */
  g_clear_pointer (&contents, g_free);
  g_clear_pointer (&listing, g_free);
  g_assert_true (fx_csv_write_file (small, path, &error));
  g_assert_no_error (error);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "out.csv");
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "a\n1\n");

  /* a rename that fails (the target is a directory) leaves no temporary file and
   * the directory as it was */
  {
    g_autofree char *target = g_build_filename (dir, "target.csv", NULL);

    g_assert_cmpint (g_mkdir (target, 0755), ==, 0);
    g_assert_false (fx_csv_write_file (table, target, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_true (g_file_test (target, G_FILE_TEST_IS_DIR));
    g_clear_pointer (&listing, g_free);
    listing = list_dir (dir);
    g_assert_cmpstr (listing, ==, "out.csv target.csv");
    g_rmdir (target);
  }

  /* an unwritable place: fails with an error and leaves nothing */
  if (geteuid () == 0)
    {
      /* root ignores permissions: use a directory that does not exist */
      g_autofree char *missing_dir = g_build_filename (dir, "no-such-dir", NULL);
      g_autofree char *bad = g_build_filename (missing_dir, "out.csv", NULL);

      g_test_message ("running as root: writing below a missing directory instead of a read-only one");
      g_assert_false (fx_csv_write_file (table, bad, &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
      g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));
      g_clear_pointer (&listing, g_free);
      listing = list_dir (dir);
      g_assert_cmpstr (listing, ==, "out.csv");
    }
  else
    {
      g_autofree char *ro = g_build_filename (dir, "read-only", NULL);
      g_autofree char *bad = g_build_filename (ro, "out.csv", NULL);

      g_assert_cmpint (g_mkdir (ro, 0755), ==, 0);
      g_assert_cmpint (g_chmod (ro, 0555), ==, 0);
      g_assert_false (fx_csv_write_file (table, bad, &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
      g_chmod (ro, 0755);
      g_clear_pointer (&listing, g_free);
      listing = list_dir (ro);
      g_assert_cmpstr (listing, ==, "");
      g_rmdir (ro);
    }

out:
  remove_tmp_dir (dir);
}

/* ---- a large file --------------------------------------------------------------- */

#define LARGE_ROWS 1200000
#define LARGE_COLS 10

/* The text of row @i, column @col of the large file; returns its length. */
static gsize
large_cell (char  *buf,
            gsize  i,
            guint  col)
{
  if (col == 0)
    return (gsize) g_snprintf (buf, 32, "%" G_GSIZE_FORMAT, i);
  return (gsize) g_snprintf (buf, 32, "%u.%02u",
                             (guint) ((i * 31 + col * 7919) % 100000), (guint) ((i + col) % 100));
}

/* Writes without holding the file in memory, so that the peak before reading stays
 * low.  Returns the size. */
static gsize
write_large_file (const char *path)
{
  FILE *f = fopen (path, "w");
  char line[512];
  gsize size = 0;

  g_assert_nonnull (f);
  if (f == NULL)
    return 0;
  size += (gsize) fprintf (f, "c0,c1,c2,c3,c4,c5,c6,c7,c8,c9\n");
  for (gsize i = 0; i < LARGE_ROWS; i++)
    {
      gsize len = 0;

      for (guint c = 0; c < LARGE_COLS; c++)
        {
          if (c > 0)
            line[len++] = ',';
          len += large_cell (line + len, i, c);
        }
      line[len++] = '\n';
      fwrite (line, 1, len, f);
      size += len;
    }
  g_assert_cmpint (fclose (f), ==, 0);
  return size;
}

/* A field of /proc/self/status in kB, or 0. */
static gsize
proc_status_kb (const char *key)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  p = strstr (status, key);
  if (p == NULL)
    return 0;
  p += strlen (key);
  while (*p == ':' || *p == ' ' || *p == '\t')
    p++;
  return (gsize) g_ascii_strtoull (p, NULL, 10);
}

/* Resets VmHWM to the current VmRSS (Linux 4.0 and later). */
static gboolean
reset_peak_rss (void)
{
  int fd = open ("/proc/self/clear_refs", O_WRONLY);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = write (fd, "5", 1) == 1;
  close (fd);
  return ok;
}

static void
test_large_file (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "large.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FxTable) table = NULL;
  gsize size, rss_before, hwm_before, hwm_after, growth;
  gint64 t0, t1, t2;
  gboolean reset;

  t0 = g_get_monotonic_time ();
  size = write_large_file (path);
  t1 = g_get_monotonic_time ();
  g_assert_cmpuint (size, >, 90 * 1000 * 1000);

  reset = reset_peak_rss ();
  rss_before = proc_status_kb ("VmRSS");
  hwm_before = proc_status_kb ("VmHWM");
  table = fx_csv_read_file (path, NULL, &error);
  t2 = g_get_monotonic_time ();
  hwm_after = proc_status_kb ("VmHWM");
  g_assert_no_error (error);
  g_assert_nonnull (table);
  g_unlink (path);

  /* without a reset, the peak before is at least the current size */
  growth = hwm_after * 1024 - (reset ? rss_before : hwm_before) * 1024;
  g_test_message ("large file: %" G_GSIZE_FORMAT " bytes, %d rows x %d columns; written in %.2f s, "
                  "read in %.2f s; VmHWM %" G_GSIZE_FORMAT " kB -> %" G_GSIZE_FORMAT " kB "
                  "(VmRSS before %" G_GSIZE_FORMAT " kB, peak reset %s): growth %.1f MB = %.2f x the file",
                  size, LARGE_ROWS, LARGE_COLS, (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                  hwm_before, hwm_after, rss_before, reset ? "yes" : "no",
                  growth / 1e6, (double) growth / size);

  if (table != NULL)
    {
      g_assert_cmpuint (table->n_rows, ==, LARGE_ROWS);
      g_assert_cmpuint (fx_table_get_n_columns (table), ==, LARGE_COLS);
      for (guint c = 0; c < LARGE_COLS && c < fx_table_get_n_columns (table); c++)
        {
          FxColumn *column = fx_table_get_column (table, c);
          g_autofree char *name = g_strdup_printf ("c%u", c);

          g_assert_cmpstr (column->name, ==, name);
          g_assert_cmpint (column->type, ==, c == 0 ? FX_COLUMN_INTEGER : FX_COLUMN_NUMBER);
          g_assert_cmpuint (column->n_missing, ==, 0);
          if (column->n_rows != LARGE_ROWS || column->values == NULL)
            continue;
          /* every 997th row and the last one */
          for (gsize i = 0; i < LARGE_ROWS; i = i + 997 < LARGE_ROWS ? i + 997 :
                                               i == LARGE_ROWS - 1 ? LARGE_ROWS : LARGE_ROWS - 1)
            {
              char cell[32];
              double want;

              large_cell (cell, i, c);
              want = g_ascii_strtod (cell, NULL);
              if (column->values[i] != want)
                {
                  fail_at_line (__LINE__, "row %" G_GSIZE_FORMAT " column %u: expected %s, got %.17g",
                                i, c, cell, column->values[i]);
                  break;
                }
            }
        }
    }

  /* the table is 8 bytes a cell (~0.9 x this file); well under 2 x the file.
   * AddressSanitizer's red zones and quarantine inflate the heap, so the bound only
   * holds for an ordinary build. */
#ifndef __SANITIZE_ADDRESS__
  g_assert_cmpuint (growth, <, size + size / 2);
#endif

  remove_tmp_dir (dir);
}

/* ---- against Python's csv module ------------------------------------------------ */

static void
test_reference_tricky (void)
{
  const char *csv_path = g_test_get_filename (G_TEST_DIST, "fixtures", "csv", "tricky.csv", NULL);
  const char *json_path = g_test_get_filename (G_TEST_DIST, "fixtures", "csv", "tricky.expected.json", NULL);
  /* the types the columns must have, by hand from tricky.csv */
  static const FxColumnType types[] = {
    FX_COLUMN_INTEGER, FX_COLUMN_CATEGORICAL, FX_COLUMN_CATEGORICAL, FX_COLUMN_NUMBER,
    FX_COLUMN_BOOLEAN, FX_COLUMN_CATEGORICAL, FX_COLUMN_CATEGORICAL,
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FxTable) table = NULL;
  JsonObject *root;
  JsonArray *header, *rows;
  guint n_checked = 0;

  g_assert_true (json_parser_load_from_file (parser, json_path, &error));
  g_assert_no_error (error);
  if (error != NULL)
    return;
  root = json_node_get_object (json_parser_get_root (parser));
  header = json_object_get_array_member (root, "header");
  rows = json_object_get_array_member (root, "rows");

  table = fx_csv_read_file (csv_path, NULL, &error);
  g_assert_no_error (error);
  if (table == NULL)
    return;

  g_assert_cmpuint (fx_table_get_n_columns (table), ==, json_array_get_length (header));
  g_assert_cmpuint (fx_table_get_n_columns (table), ==, G_N_ELEMENTS (types));
  g_assert_cmpuint (table->n_rows, ==, json_array_get_length (rows));
  if (fx_table_get_n_columns (table) != G_N_ELEMENTS (types) ||
      fx_table_get_n_columns (table) != json_array_get_length (header) ||
      table->n_rows != json_array_get_length (rows))
    return;

  for (guint c = 0; c < G_N_ELEMENTS (types); c++)
    {
      const FxColumn *column = fx_table_get_column (table, c);

      g_assert_cmpstr (column->name, ==, json_array_get_string_element (header, c));
      if (column->type != types[c])
        {
          fail_at_line (__LINE__, "column '%s': expected %s, got %s", column->name,
                        type_name (types[c]), type_name (column->type));
          continue;
        }
      for (guint r = 0; r < json_array_get_length (rows); r++)
        {
          JsonObject *cell = json_array_get_object_element (json_array_get_array_element (rows, r), c);
          const char *text = json_object_get_string_member (cell, "text");
          gboolean missing = json_object_get_boolean_member (cell, "missing");
          JsonNode *number = json_object_get_member (cell, "number");

          n_checked++;
          if (missing)
            {
              expect_value_or_label_missing_at (__LINE__, column, r);
              continue;
            }
          switch (column->type)
            {
            case FX_COLUMN_CATEGORICAL:
              expect_label_at (__LINE__, column, r, text);
              break;
            case FX_COLUMN_BOOLEAN:
              /* the flag column holds yes/no words in any case */
              expect_value_at (__LINE__, column, r, g_ascii_strcasecmp (text, "yes") == 0 ? 1 : 0);
              if (g_ascii_strcasecmp (text, "yes") != 0 && g_ascii_strcasecmp (text, "no") != 0)
                fail_at_line (__LINE__, "fixture: '%s' in the boolean column", text);
              break;
            case FX_COLUMN_INTEGER:
            case FX_COLUMN_NUMBER:
              if (JSON_NODE_HOLDS_NULL (number))
                fail_at_line (__LINE__, "fixture: '%s' is not a number for Python", text);
              else
                expect_value_at (__LINE__, column, r, json_node_get_double (number));
              break;
            default:
              g_assert_not_reached ();
            }
        }
      /* every label of the column was in the reference */
      if (column->type == FX_COLUMN_CATEGORICAL)
        for (guint k = 0; k < column->categories->len; k++)
          {
            const char *label = g_ptr_array_index (column->categories, k);
            gboolean found = FALSE;

            for (guint r = 0; r < json_array_get_length (rows) && !found; r++)
              {
                JsonObject *cell = json_array_get_object_element (json_array_get_array_element (rows, r), c);

                found = g_str_equal (json_object_get_string_member (cell, "text"), label);
              }
            if (!found)
              {
                g_autofree char *shown = escaped (label);

                fail_at_line (__LINE__, "column '%s': label '%s' is not in the reference",
                              column->name, shown);
              }
          }
    }
  g_assert_cmpuint (n_checked, ==, G_N_ELEMENTS (types) * 9);

  /* and the fixture survives export unchanged */
  {
    g_autoptr(FxTable) again = ROUND_TRIP (table);

    EXPECT_SAME_TABLE (table, again);
  }
}

/* ---- limits and what the reader says --------------------------------------------- */

#define EXPECT_ERROR_WITH(data, options, code, position) \
  expect_error_at (__LINE__, (data), sizeof (data) - 1, (options), (code), (position))

static void
test_limit_field_bytes (void)
{
  FxCsvOptions options = { 0, NULL, 16, 0 };
  g_autoptr(FxTable) fits = NULL;
  g_autoptr(GString) endless = g_string_new ("a,b\n1,");

  /* at the start of the field that passes the limit, plain, quoted, with doubled
   * quotes and with line breaks inside */
  EXPECT_ERROR_WITH ("a,b\n1,x\n2,abcdefghijklmnopq\n", &options, FX_CSV_ERROR_TOO_LARGE, "3:3");
  EXPECT_ERROR_WITH ("a,b\n1,\"abcdefghijklmnopq\"\n", &options, FX_CSV_ERROR_TOO_LARGE, "2:3");
  EXPECT_ERROR_WITH ("a,b\n1,\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\n",
                     &options, FX_CSV_ERROR_TOO_LARGE, "2:3");
  EXPECT_ERROR_WITH ("a,b\n1,\"\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\"\n", &options, FX_CSV_ERROR_TOO_LARGE, "2:3");
  /* a header name too */
  EXPECT_ERROR_WITH ("a,abcdefghijklmnopq\n1,2\n", &options, FX_CSV_ERROR_TOO_LARGE, "1:3");
  /* 16 bytes fit */
  fits = READ_WITH ("a,b\n1,abcdefghijklmnop\n", &options);
  g_assert_nonnull (fits);

  /* the default limit, 1 MiB: a field of 2 MiB that never ends stops there */
  g_string_append_len (endless, "", 0);
  while (endless->len < 2 * 1024 * 1024)
    g_string_append (endless, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  expect_error_at (__LINE__, endless->str, endless->len, NULL, FX_CSV_ERROR_TOO_LARGE, "2:3");
}

static void
test_limit_columns (void)
{
  FxCsvOptions options = { 0, NULL, 0, 3 };
  g_autoptr(FxTable) fits = NULL;

  /* at the first name past the limit */
  EXPECT_ERROR_WITH ("a,b,c,d,e\n1,2,3,4,5\n", &options, FX_CSV_ERROR_TOO_LARGE, "1:7");
  fits = READ_WITH ("a,b,c\n1,2,3\n", &options);
  g_assert_nonnull (fits);
}

static void
test_limit_options (void)
{
  FxCsvLimits saved = *fx_csv_get_limits ();
  const char *good[] = { "cli", "--max-field-bytes", "2K", "--max-columns=7", "--max-categories", "30", NULL };
  const char *bad[][3] = {
    { "cli", "--max-field-bytes", "0" },
    { "cli", "--max-field-bytes", "lots" },
    { "cli", "--max-columns", "-3" },
    { "cli", "--max-categories", "1.5" },
  };

  g_assert_cmpuint (saved.max_field_bytes, ==, 1024 * 1024);
  g_assert_cmpuint (saved.max_columns, ==, 10000);
  g_assert_cmpuint (saved.max_categories, ==, 1000);

  {
    g_autoptr(GOptionContext) context = g_option_context_new (NULL);
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) args = g_strdupv ((char **) good);
    int argc = g_strv_length (args);
    /* parsing takes the options out of the vector it is given: a copy, so that every
     * string is freed */
    g_autofree char **vector = g_memdup2 (args, sizeof (char *) * (argc + 1));
    char **argv = vector;

    g_option_context_add_main_entries (context, fx_csv_limit_entries (), NULL);
    g_assert_true (g_option_context_parse (context, &argc, &argv, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (fx_csv_get_limits ()->max_field_bytes, ==, 2048);
    g_assert_cmpuint (fx_csv_get_limits ()->max_columns, ==, 7);
    g_assert_cmpuint (fx_csv_get_limits ()->max_categories, ==, 30);
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GOptionContext) context = g_option_context_new (NULL);
      g_autoptr(GError) error = NULL;
      char *args[4] = { (char *) bad[i][0], (char *) bad[i][1], (char *) bad[i][2], NULL };
      int argc = 3;
      char **argv = args;

      g_option_context_add_main_entries (context, fx_csv_limit_entries (), NULL);
      g_assert_false (g_option_context_parse (context, &argc, &argv, &error));
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    }

  /* the process-wide limit applies where the options leave it 0 */
  {
    FxCsvLimits small = { 8, 100, 100 };
    g_autoptr(GError) error = NULL;
    g_autoptr(FxTable) table = NULL;

    fx_csv_set_limits (&small);
    table = fx_csv_read_data ("a\nabcdefghijk\n", 14, "t.csv", NULL, &error);
    g_assert_null (table);
    g_assert_error (error, FX_CSV_ERROR, FX_CSV_ERROR_TOO_LARGE);
  }
  fx_csv_set_limits (&saved);
}

static void
test_second_bom (void)
{
  g_autoptr(FxTable) table = READ ("\xef\xbb\xbf\xef\xbb\xbf" "age,sex\n3,F\n");

  if (table == NULL)
    return;
  COLUMN (table, "age", FX_COLUMN_INTEGER);
  COLUMN (table, "sex", FX_COLUMN_CATEGORICAL);
}

static void
test_number_like_warnings (void)
{
  g_autofree char *digits = g_strnfill (5000, '7');
  g_autofree char *long_text = g_strdup_printf ("x,y\n1,a\n2,b\n%s,c\n", digits);
  struct { const char *data; const char *expected; } cases[] = {
    { "x,y\n1,a\n2,b\n1e400,c\n4,d\n", "test.csv:4:1: “1e400” in column “x”" },
    { "x,y\n1,a\n2,b\ninf,c\n", "test.csv:4:1: “inf” in column “x”" },
    { "x,y\n1,a\n2,b\n0x10,c\n", "test.csv:4:1: “0x10” in column “x”" },
    { "y,x\na,\nb,-Infinity\nc,4\n", "test.csv:3:3: “-Infinity” in column “x”" },
    { long_text, "test.csv:4:1: “77777777777777777777777777777777… (5000 characters)” in column “x”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FxTable) table = fx_csv_read_data (cases[i].data, strlen (cases[i].data), "test.csv",
                                                   NULL, &error);

      g_assert_no_error (error);
      if (table == NULL)
        continue;
      g_assert_cmpuint (table->warnings->len, ==, 1);
      if (table->warnings->len == 1)
        {
          const char *w = g_ptr_array_index (table->warnings, 0);

          if (!g_str_has_prefix (w, cases[i].expected))
            g_test_fail_printf ("case %u: expected '%s...', got '%s'", i, cases[i].expected, w);
        }
    }

  /* text that is not a number says nothing */
  {
    g_autoptr(FxTable) table = READ ("x\n1\nward 3\n");

    if (table != NULL)
      g_assert_cmpuint (table->warnings->len, ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/csv/rfc4180/quoted-fields", test_quoted_fields);
  g_test_add_func ("/csv/rfc4180/line-ends", test_line_ends);
  g_test_add_func ("/csv/rfc4180/bom", test_bom);
  g_test_add_func ("/csv/rfc4180/header-names", test_header_names);
  g_test_add_func ("/csv/rfc4180/trailing-delimiter", test_trailing_delimiter);
  g_test_add_func ("/csv/rfc4180/blank-lines", test_blank_lines);
  g_test_add_func ("/csv/rfc4180/delimiters", test_delimiters);
  g_test_add_func ("/csv/missing/tokens", test_missing_tokens);
  g_test_add_func ("/csv/missing/all-missing-column", test_all_missing_column);
  g_test_add_func ("/csv/infer/integer", test_infer_integer);
  g_test_add_func ("/csv/infer/number", test_infer_number);
  g_test_add_func ("/csv/infer/boolean", test_infer_boolean);
  g_test_add_func ("/csv/infer/categorical", test_infer_categorical);
  g_test_add_func ("/csv/infer/not-numbers", test_infer_not_numbers);
  g_test_add_func ("/csv/infer/second-pass", test_infer_second_pass);
  g_test_add_func ("/csv/infer/second-pass-memory", test_infer_second_pass_memory);
  g_test_add_func ("/csv/numbers/parse", test_parse_number);
  g_test_add_func ("/csv/numbers/format", test_format_double);
  g_test_add_func ("/csv/imposed/types", test_imposed_types);
  g_test_add_func ("/csv/imposed/from-reference", test_imposed_from_reference);
  g_test_add_func ("/csv/imposed/integer-fraction", test_imposed_integer_fraction);
  g_test_add_func ("/csv/imposed/boolean-style", test_imposed_boolean_style);
  g_test_add_func ("/csv/errors/ragged", test_error_ragged);
  g_test_add_func ("/csv/errors/ragged-multiline", test_error_ragged_multiline);
  g_test_add_func ("/csv/errors/quotes", test_error_quotes);
  g_test_add_func ("/csv/errors/encoding", test_error_encoding);
  g_test_add_func ("/csv/errors/encoding-after-quote", test_error_encoding_after_quote);
  g_test_add_func ("/csv/errors/encoding-multiline", test_error_encoding_multiline);
  g_test_add_func ("/csv/errors/header", test_error_header);
  g_test_add_func ("/csv/errors/header-after-blank-lines", test_error_header_after_blank_lines);
  g_test_add_func ("/csv/errors/empty", test_error_empty);
  g_test_add_func ("/csv/errors/binary", test_error_binary);
  g_test_add_func ("/csv/errors/io", test_error_io);
  g_test_add_func ("/csv/export/round-trip", test_export_round_trip);
  g_test_add_func ("/csv/export/text", test_export_text);
  g_test_add_func ("/csv/export/negative-zero", test_export_negative_zero);
  g_test_add_func ("/csv/export/large-integers", test_export_large_integers);
  g_test_add_func ("/csv/export/signatures", test_export_signatures);
  g_test_add_func ("/csv/export/file", test_export_file);
  g_test_add_func ("/csv/large-file", test_large_file);
  g_test_add_func ("/csv/reference/tricky", test_reference_tricky);
  g_test_add_func ("/csv/limits/field-bytes", test_limit_field_bytes);
  g_test_add_func ("/csv/limits/columns", test_limit_columns);
  g_test_add_func ("/csv/limits/options", test_limit_options);
  g_test_add_func ("/csv/second-bom", test_second_bom);
  g_test_add_func ("/csv/number-like-warnings", test_number_like_warnings);

  return g_test_run ();
}
