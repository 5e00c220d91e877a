/* test-table.c: the columnar table (fx-table.c)
 *
 * Every expected value below follows from the rows the test appends itself.
 * Assertions are non-fatal, so that one failing check does not hide the others;
 * a test returns early where a failure would leave nothing sensible to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "fx-table.h"

/* Rows 0..N_BITMAP_ROWS-1; the missing ones straddle the 64-bit words of the bitmap. */
#define N_BITMAP_ROWS 200

static gboolean
bitmap_row_is_missing (gsize row)
{
  static const gsize missing[] = { 0, 1, 62, 63, 64, 65, 127, 128, 191, 192, 199 };

  for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
    if (missing[i] == row)
      return TRUE;
  return FALSE;
}

#define N_BITMAP_MISSING 11

static void
test_missing_bitmap_numeric (void)
{
  g_autoptr(FxColumn) column = fx_column_new ("x", FX_COLUMN_NUMBER);

  for (gsize i = 0; i < N_BITMAP_ROWS; i++)
    if (bitmap_row_is_missing (i))
      fx_column_append_missing (column);
    else
      fx_column_append_number (column, (double) i + 0.5);

  g_assert_cmpstr (column->name, ==, "x");
  g_assert_cmpint (column->type, ==, FX_COLUMN_NUMBER);
  g_assert_cmpuint (column->n_rows, ==, N_BITMAP_ROWS);
  g_assert_cmpuint (column->n_missing, ==, N_BITMAP_MISSING);
  g_assert_cmpuint (column->n_invalid, ==, 0);
  g_assert_cmpuint (fx_column_count_present (column), ==, N_BITMAP_ROWS - N_BITMAP_MISSING);
  g_assert_cmpuint (column->capacity, >=, N_BITMAP_ROWS);

  for (gsize i = 0; i < N_BITMAP_ROWS; i++)
    {
      if (bitmap_row_is_missing (i))
        {
          g_assert_true (fx_column_is_missing (column, i));
          g_assert_true (isnan (column->values[i]));
        }
      else
        {
          g_assert_false (fx_column_is_missing (column, i));
          g_assert_cmpfloat (column->values[i], ==, (double) i + 0.5);
        }
    }

  /* giving back the spare room keeps every value and every bit */
  fx_column_shrink (column);
  g_assert_cmpuint (column->capacity, ==, N_BITMAP_ROWS);
  for (gsize i = 0; i < N_BITMAP_ROWS; i++)
    {
      g_assert_cmpint (fx_column_is_missing (column, i), ==, bitmap_row_is_missing (i));
      if (!bitmap_row_is_missing (i))
        g_assert_cmpfloat (column->values[i], ==, (double) i + 0.5);
    }

  /* and appending after a shrink still works across the next word */
  for (gsize i = N_BITMAP_ROWS; i < 260; i++)
    if (i % 2 == 0)
      fx_column_append_missing (column);
    else
      fx_column_append_number (column, -(double) i);
  g_assert_cmpuint (column->n_rows, ==, 260);
  g_assert_cmpuint (column->n_missing, ==, N_BITMAP_MISSING + 30);
  for (gsize i = N_BITMAP_ROWS; i < 260; i++)
    {
      g_assert_cmpint (fx_column_is_missing (column, i), ==, i % 2 == 0);
      if (i % 2 == 1)
        g_assert_cmpfloat (column->values[i], ==, -(double) i);
    }
  for (gsize i = 0; i < N_BITMAP_ROWS; i++)
    g_assert_cmpint (fx_column_is_missing (column, i), ==, bitmap_row_is_missing (i));
}

static void
test_missing_bitmap_categorical (void)
{
  g_autoptr(FxColumn) column = fx_column_new ("c", FX_COLUMN_CATEGORICAL);
  const char *labels[] = { "low", "mid", "high" };

  for (gsize i = 0; i < N_BITMAP_ROWS; i++)
    if (bitmap_row_is_missing (i))
      fx_column_append_missing (column);
    else
      fx_column_append_category (column, labels[i % 3]);

  g_assert_cmpuint (column->n_rows, ==, N_BITMAP_ROWS);
  g_assert_cmpuint (column->n_missing, ==, N_BITMAP_MISSING);
  g_assert_nonnull (column->codes);
  g_assert_null (column->values);

  /* labels are interned in order of first appearance: row 2 is "high", row 3 "low",
   * row 4 "mid" (rows 0 and 1 are missing) */
  g_assert_cmpuint (column->categories->len, ==, 3);
  if (column->categories->len != 3)
    return;
  g_assert_cmpstr (g_ptr_array_index (column->categories, 0), ==, "high");
  g_assert_cmpstr (g_ptr_array_index (column->categories, 1), ==, "low");
  g_assert_cmpstr (g_ptr_array_index (column->categories, 2), ==, "mid");
  g_assert_cmpint (fx_column_lookup_category (column, "high"), ==, 0);
  g_assert_cmpint (fx_column_lookup_category (column, "low"), ==, 1);
  g_assert_cmpint (fx_column_lookup_category (column, "mid"), ==, 2);
  g_assert_cmpint (fx_column_lookup_category (column, "none"), ==, -1);
  g_assert_cmpint (fx_column_lookup_category (column, ""), ==, -1);

  for (gsize i = 0; i < N_BITMAP_ROWS; i++)
    {
      if (bitmap_row_is_missing (i))
        {
          g_assert_true (fx_column_is_missing (column, i));
          g_assert_cmpuint (column->codes[i], ==, G_MAXUINT32);
        }
      else
        {
          g_assert_false (fx_column_is_missing (column, i));
          g_assert_cmpuint (column->codes[i], <, 3);
          if (column->codes[i] < 3)
            g_assert_cmpstr (g_ptr_array_index (column->categories, column->codes[i]), ==,
                             labels[i % 3]);
        }
    }

  /* interning an existing label gives its code and adds nothing */
  g_assert_cmpuint (fx_column_intern (column, "mid"), ==, 2);
  g_assert_cmpuint (fx_column_intern (column, "new"), ==, 3);
  g_assert_cmpuint (column->categories->len, ==, 4);
  g_assert_cmpuint (column->n_rows, ==, N_BITMAP_ROWS);
}

static void
test_reserve (void)
{
  g_autoptr(FxColumn) column = fx_column_new ("r", FX_COLUMN_INTEGER);

  /* a reserved bitmap starts all clear, even far beyond the first word */
  fx_column_reserve (column, 1000);
  g_assert_cmpuint (column->capacity, >=, 1000);
  for (gsize i = 0; i < 1000; i++)
    fx_column_append_number (column, (double) i);
  g_assert_cmpuint (column->n_missing, ==, 0);
  for (gsize i = 0; i < 1000; i++)
    {
      g_assert_false (fx_column_is_missing (column, i));
      g_assert_cmpfloat (column->values[i], ==, (double) i);
    }

  /* reserving less than there is changes nothing */
  fx_column_reserve (column, 10);
  g_assert_cmpuint (column->n_rows, ==, 1000);
  g_assert_cmpfloat (column->values[999], ==, 999.0);
}

static void
test_present_values (void)
{
  g_autoptr(FxColumn) column = fx_column_new ("v", FX_COLUMN_NUMBER);
  g_autoptr(FxColumn) empty = fx_column_new ("e", FX_COLUMN_INTEGER);
  g_autoptr(FxColumn) all_missing = fx_column_new ("m", FX_COLUMN_BOOLEAN);
  g_autofree double *values = NULL;
  g_autofree double *none = NULL;
  g_autofree double *none2 = NULL;
  gsize n = 12345;

  for (gsize i = 0; i < N_BITMAP_ROWS; i++)
    if (bitmap_row_is_missing (i))
      fx_column_append_missing (column);
    else
      fx_column_append_number (column, 1000.0 - (double) i);

  values = fx_column_present_values (column, &n);
  g_assert_cmpuint (n, ==, N_BITMAP_ROWS - N_BITMAP_MISSING);
  /* in row order, no NaN, nothing from the missing rows */
  for (gsize i = 0, k = 0; i < N_BITMAP_ROWS && k < n; i++)
    if (!bitmap_row_is_missing (i))
      {
        g_assert_cmpfloat (values[k], ==, 1000.0 - (double) i);
        k++;
      }

  n = 12345;
  none = fx_column_present_values (empty, &n);
  g_assert_nonnull (none);
  g_assert_cmpuint (n, ==, 0);

  for (guint i = 0; i < 70; i++)
    fx_column_append_missing (all_missing);
  n = 12345;
  none2 = fx_column_present_values (all_missing, &n);
  g_assert_nonnull (none2);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpuint (fx_column_count_present (all_missing), ==, 0);
}

static void
test_column_subset (void)
{
  g_autoptr(FxColumn) numbers = fx_column_new ("n", FX_COLUMN_BOOLEAN);
  g_autoptr(FxColumn) labels = fx_column_new ("l", FX_COLUMN_CATEGORICAL);
  g_autoptr(FxColumn) sub_numbers = NULL;
  g_autoptr(FxColumn) sub_labels = NULL;
  g_autoptr(FxColumn) none = NULL;
  /* out of order, repeated, and on both sides of the word boundary */
  const gsize rows[] = { 70, 0, 64, 64, 63, 2, 199, 65 };

  numbers->bool_style = FX_BOOL_STYLE_YES_NO;
  for (gsize i = 0; i < N_BITMAP_ROWS; i++)
    if (bitmap_row_is_missing (i))
      {
        fx_column_append_missing (numbers);
        fx_column_append_missing (labels);
      }
    else
      {
        g_autofree char *label = g_strdup_printf ("row %" G_GSIZE_FORMAT, i);

        fx_column_append_number (numbers, (double) (i % 2));
        fx_column_append_category (labels, label);
      }

  sub_numbers = fx_column_subset (numbers, rows, G_N_ELEMENTS (rows));
  sub_labels = fx_column_subset (labels, rows, G_N_ELEMENTS (rows));

  g_assert_cmpstr (sub_numbers->name, ==, "n");
  g_assert_cmpint (sub_numbers->type, ==, FX_COLUMN_BOOLEAN);
  g_assert_cmpint (sub_numbers->bool_style, ==, FX_BOOL_STYLE_YES_NO);
  g_assert_cmpuint (sub_numbers->n_rows, ==, G_N_ELEMENTS (rows));
  g_assert_cmpstr (sub_labels->name, ==, "l");
  g_assert_cmpint (sub_labels->type, ==, FX_COLUMN_CATEGORICAL);
  g_assert_cmpuint (sub_labels->n_rows, ==, G_N_ELEMENTS (rows));

  /* rows 0, 64, 64, 63, 199, 65 are missing in the source; 70 and 2 are not */
  g_assert_cmpuint (sub_numbers->n_missing, ==, 6);
  g_assert_cmpuint (sub_labels->n_missing, ==, 6);
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gsize r = rows[i];
      gboolean missing = bitmap_row_is_missing (r);

      g_assert_cmpint (fx_column_is_missing (sub_numbers, i), ==, missing);
      g_assert_cmpint (fx_column_is_missing (sub_labels, i), ==, missing);
      if (!missing)
        {
          g_autofree char *label = g_strdup_printf ("row %" G_GSIZE_FORMAT, r);

          g_assert_cmpfloat (sub_numbers->values[i], ==, (double) (r % 2));
          g_assert_cmpstr (g_ptr_array_index (sub_labels->categories, sub_labels->codes[i]), ==, label);
        }
    }
  /* only the labels that were taken */
  g_assert_cmpuint (sub_labels->categories->len, ==, 2);
  g_assert_cmpint (fx_column_lookup_category (sub_labels, "row 70"), >=, 0);
  g_assert_cmpint (fx_column_lookup_category (sub_labels, "row 2"), >=, 0);
  g_assert_cmpint (fx_column_lookup_category (sub_labels, "row 3"), ==, -1);

  /* the source is untouched */
  g_assert_cmpuint (numbers->n_rows, ==, N_BITMAP_ROWS);
  g_assert_cmpuint (labels->categories->len, ==, N_BITMAP_ROWS - N_BITMAP_MISSING);

  none = fx_column_subset (labels, rows, 0);
  g_assert_cmpuint (none->n_rows, ==, 0);
  g_assert_cmpuint (none->n_missing, ==, 0);
  g_assert_cmpint (none->type, ==, FX_COLUMN_CATEGORICAL);
}

/* A table whose row i holds id = i, label "L<i>" and, every fifth row, a missing
 * measure; so any row of a derived table shows where it came from. */
static FxTable *
make_id_table (gsize n_rows)
{
  FxTable *table = fx_table_new ();
  FxColumn *id = fx_column_new ("id", FX_COLUMN_INTEGER);
  FxColumn *label = fx_column_new ("label", FX_COLUMN_CATEGORICAL);
  FxColumn *measure = fx_column_new ("measure", FX_COLUMN_NUMBER);

  for (gsize i = 0; i < n_rows; i++)
    {
      g_autofree char *text = g_strdup_printf ("L%" G_GSIZE_FORMAT, i);

      fx_column_append_number (id, (double) i);
      fx_column_append_category (label, text);
      if (i % 5 == 0)
        fx_column_append_missing (measure);
      else
        fx_column_append_number (measure, (double) i / 4);
    }
  fx_table_add_column (table, id);
  fx_table_add_column (table, label);
  fx_table_add_column (table, measure);
  return table;
}

/* Checks that @half is made of whole rows of the id table, in increasing order,
 * and marks them in @seen. */
static void
check_half (const FxTable *half,
            guint8        *seen,
            gsize          n_source_rows)
{
  FxColumn *id, *label, *measure;
  double previous = -1;

  g_assert_cmpuint (fx_table_get_n_columns (half), ==, 3);
  if (fx_table_get_n_columns (half) != 3)
    return;
  id = fx_table_find_column (half, "id");
  label = fx_table_find_column (half, "label");
  measure = fx_table_find_column (half, "measure");
  g_assert_nonnull (id);
  g_assert_nonnull (label);
  g_assert_nonnull (measure);
  if (id == NULL || label == NULL || measure == NULL)
    return;
  g_assert_true (fx_table_get_column (half, 0) == id);
  g_assert_true (fx_table_get_column (half, 2) == measure);
  g_assert_cmpint (id->type, ==, FX_COLUMN_INTEGER);
  g_assert_cmpint (label->type, ==, FX_COLUMN_CATEGORICAL);
  g_assert_cmpint (measure->type, ==, FX_COLUMN_NUMBER);
  g_assert_cmpuint (id->n_rows, ==, half->n_rows);
  g_assert_cmpuint (label->n_rows, ==, half->n_rows);
  g_assert_cmpuint (measure->n_rows, ==, half->n_rows);

  for (gsize i = 0; i < half->n_rows; i++)
    {
      double v = id->values[i];
      gsize r = (gsize) v;
      g_autofree char *text = g_strdup_printf ("L%" G_GSIZE_FORMAT, r);

      g_assert_false (fx_column_is_missing (id, i));
      g_assert_cmpfloat (v, >, previous);  /* original order, no repeats */
      previous = v;
      g_assert_cmpuint (r, <, n_source_rows);
      if (r >= n_source_rows)
        return;
      g_assert_cmpstr (g_ptr_array_index (label->categories, label->codes[i]), ==, text);
      g_assert_cmpint (fx_column_is_missing (measure, i), ==, r % 5 == 0);
      if (r % 5 != 0)
        g_assert_cmpfloat (measure->values[i], ==, (double) r / 4);
      g_assert_cmpuint (seen[r], ==, 0);
      seen[r]++;
    }
}

static GArray *
half_ids (const FxTable *half)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (double));
  FxColumn *id = fx_table_find_column (half, "id");

  if (id != NULL)
    g_array_append_vals (ids, id->values, id->n_rows);
  return ids;
}

static gboolean
same_ids (GArray *a,
          GArray *b)
{
  return a->len == b->len && memcmp (a->data, b->data, a->len * sizeof (double)) == 0;
}

static void
test_split_halves (void)
{
  const gsize n_rows = 101;
  g_autoptr(FxTable) table = make_id_table (n_rows);
  g_autoptr(FxTable) a1 = NULL;
  g_autoptr(FxTable) b1 = NULL;
  g_autoptr(FxTable) a2 = NULL;
  g_autoptr(FxTable) b2 = NULL;
  g_autoptr(FxTable) a3 = NULL;
  g_autoptr(FxTable) b3 = NULL;
  g_autofree guint8 *seen = g_new0 (guint8, n_rows);
  g_autoptr(GArray) ids_a1 = NULL;
  g_autoptr(GArray) ids_b1 = NULL;
  g_autoptr(GArray) ids_a2 = NULL;
  g_autoptr(GArray) ids_b2 = NULL;
  g_autoptr(GArray) ids_a3 = NULL;
  gboolean identity = TRUE;

  g_assert_cmpuint (table->n_rows, ==, n_rows);

  fx_table_split_halves (table, 42, &a1, &b1);
  g_assert_nonnull (a1);
  g_assert_nonnull (b1);
  if (a1 == NULL || b1 == NULL)
    return;

  /* an odd count: the first half has the floor */
  g_assert_cmpuint (a1->n_rows, ==, 50);
  g_assert_cmpuint (b1->n_rows, ==, 51);

  /* disjoint and covering: every source row exactly once */
  check_half (a1, seen, n_rows);
  check_half (b1, seen, n_rows);
  for (gsize r = 0; r < n_rows; r++)
    g_assert_cmpuint (seen[r], ==, 1);

  /* a shuffle, not the first and second halves of the file */
  ids_a1 = half_ids (a1);
  for (guint i = 0; i < ids_a1->len; i++)
    identity &= g_array_index (ids_a1, double, i) == (double) i;
  g_assert_false (identity);

  /* the same seed, the same split */
  fx_table_split_halves (table, 42, &a2, &b2);
  ids_b1 = half_ids (b1);
  ids_a2 = half_ids (a2);
  ids_b2 = half_ids (b2);
  g_assert_true (same_ids (ids_a1, ids_a2));
  g_assert_true (same_ids (ids_b1, ids_b2));

  /* another seed, another split */
  fx_table_split_halves (table, 43, &a3, &b3);
  ids_a3 = half_ids (a3);
  g_assert_cmpuint (ids_a3->len, ==, 50);
  g_assert_false (same_ids (ids_a1, ids_a3));

  /* the source is untouched */
  g_assert_cmpuint (table->n_rows, ==, n_rows);
  g_assert_cmpfloat (fx_table_get_column (table, 0)->values[100], ==, 100.0);
}

static void
check_small_split (gsize n_rows)
{
  g_autoptr(FxTable) table = make_id_table (n_rows);
  g_autoptr(FxTable) first = NULL;
  g_autoptr(FxTable) second = NULL;
  g_autofree guint8 *seen = g_new0 (guint8, MAX (n_rows, 1));

  fx_table_split_halves (table, 7, &first, &second);
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  if (first == NULL || second == NULL)
    return;
  g_assert_cmpuint (first->n_rows, ==, n_rows / 2);
  g_assert_cmpuint (second->n_rows, ==, n_rows - n_rows / 2);
  check_half (first, seen, n_rows);
  check_half (second, seen, n_rows);
  for (gsize r = 0; r < n_rows; r++)
    g_assert_cmpuint (seen[r], ==, 1);
}

static void
test_split_halves_small (void)
{
  for (gsize n_rows = 1; n_rows <= 3; n_rows++)
    check_small_split (n_rows);
}

/* A CSV with a header and no rows gives an empty table; splitting it must give two
 * empty halves.  Run in a subprocess, since a failure here may abort. */
static void
test_split_halves_empty (void)
{
  if (g_test_subprocess ())
    {
      check_small_split (0);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_table_subset (void)
{
  g_autoptr(FxTable) table = make_id_table (130);
  g_autoptr(FxTable) sub = NULL;
  const gsize rows[] = { 129, 64, 5, 63 };
  FxColumn *id, *measure;

  sub = fx_table_subset (table, rows, G_N_ELEMENTS (rows));
  g_assert_cmpuint (sub->n_rows, ==, 4);
  g_assert_cmpuint (fx_table_get_n_columns (sub), ==, 3);
  id = fx_table_find_column (sub, "id");
  measure = fx_table_find_column (sub, "measure");
  g_assert_nonnull (id);
  g_assert_nonnull (measure);
  g_assert_null (fx_table_find_column (sub, "ID"));
  g_assert_null (fx_table_find_column (sub, "nope"));
  if (id == NULL || measure == NULL)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_assert_cmpfloat (id->values[i], ==, (double) rows[i]);
      g_assert_cmpint (fx_column_is_missing (measure, i), ==, rows[i] % 5 == 0);
    }
  /* 129 / 4, 64 / 4 and 63 / 4; row 5 is a multiple of 5, so missing */
  g_assert_cmpfloat (measure->values[0], ==, 32.25);
  g_assert_cmpfloat (measure->values[1], ==, 16.0);
  g_assert_cmpfloat (measure->values[3], ==, 15.75);
  g_assert_cmpuint (measure->n_missing, ==, 1);
}

static void
test_column_types (void)
{
  g_autoptr(FxTable) table = make_id_table (3);
  g_autoptr(FxTable) empty = fx_table_new ();
  g_autoptr(GHashTable) types = NULL;
  g_autoptr(GHashTable) none = NULL;
  FxColumn *flag = fx_column_new ("flag", FX_COLUMN_BOOLEAN);

  for (guint i = 0; i < 3; i++)
    fx_column_append_number (flag, i % 2);
  fx_table_add_column (table, flag);

  types = fx_table_column_types (table);
  g_assert_cmpuint (g_hash_table_size (types), ==, 4);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (types, "id")), ==, FX_COLUMN_INTEGER + 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (types, "label")), ==, FX_COLUMN_CATEGORICAL + 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (types, "measure")), ==, FX_COLUMN_NUMBER + 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (types, "flag")), ==, FX_COLUMN_BOOLEAN + 1);
  g_assert_false (g_hash_table_contains (types, "other"));

  none = fx_table_column_types (empty);
  g_assert_cmpuint (g_hash_table_size (none), ==, 0);
}

static void
test_type_strings (void)
{
  static const struct { FxColumnType type; const char *name; } types[] = {
    { FX_COLUMN_INTEGER, "integer" },
    { FX_COLUMN_NUMBER, "number" },
    { FX_COLUMN_BOOLEAN, "boolean" },
    { FX_COLUMN_CATEGORICAL, "categorical" },
  };
  static const char *not_types[] = {
    "", "Integer", "INTEGER", "int", "float", "double", "bool", "category",
    "categorical ", " number", "text", "string",
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      FxColumnType parsed = (FxColumnType) 99;

      g_assert_cmpstr (fx_column_type_to_string (types[i].type), ==, types[i].name);
      g_assert_true (fx_column_type_from_string (types[i].name, &parsed));
      g_assert_cmpint (parsed, ==, types[i].type);
    }

  for (guint i = 0; i < G_N_ELEMENTS (not_types); i++)
    {
      FxColumnType parsed = FX_COLUMN_NUMBER;

      g_assert_false (fx_column_type_from_string (not_types[i], &parsed));
    }
  {
    FxColumnType parsed = FX_COLUMN_NUMBER;

    g_assert_false (fx_column_type_from_string (NULL, &parsed));
  }

  g_assert_true (fx_column_type_is_numeric (FX_COLUMN_INTEGER));
  g_assert_true (fx_column_type_is_numeric (FX_COLUMN_NUMBER));
  g_assert_true (fx_column_type_is_numeric (FX_COLUMN_BOOLEAN));
  g_assert_false (fx_column_type_is_numeric (FX_COLUMN_CATEGORICAL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/table/missing-bitmap/numeric", test_missing_bitmap_numeric);
  g_test_add_func ("/table/missing-bitmap/categorical", test_missing_bitmap_categorical);
  g_test_add_func ("/table/reserve", test_reserve);
  g_test_add_func ("/table/present-values", test_present_values);
  g_test_add_func ("/table/column-subset", test_column_subset);
  g_test_add_func ("/table/table-subset", test_table_subset);
  g_test_add_func ("/table/split-halves", test_split_halves);
  g_test_add_func ("/table/split-halves/small", test_split_halves_small);
  g_test_add_func ("/table/split-halves/empty", test_split_halves_empty);
  g_test_add_func ("/table/column-types", test_column_types);
  g_test_add_func ("/table/type-strings", test_type_strings);

  return g_test_run ();
}
