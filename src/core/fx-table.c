/* fx-table.c: columnar table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fx-table.h"

static const char *type_names[] = {
  [FX_COLUMN_INTEGER] = "integer",
  [FX_COLUMN_NUMBER] = "number",
  [FX_COLUMN_BOOLEAN] = "boolean",
  [FX_COLUMN_CATEGORICAL] = "categorical",
};

const char *
fx_column_type_to_string (FxColumnType type)
{
  g_return_val_if_fail (type <= FX_COLUMN_CATEGORICAL, NULL);
  return type_names[type];
}

gboolean
fx_column_type_from_string (const char   *str,
                            FxColumnType *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (g_strcmp0 (str, type_names[i]) == 0)
      {
        *type = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
fx_column_type_is_numeric (FxColumnType type)
{
  return type != FX_COLUMN_CATEGORICAL;
}

FxColumn *
fx_column_new (const char   *name,
               FxColumnType  type)
{
  FxColumn *column = g_new0 (FxColumn, 1);

  column->name = g_strdup (name);
  column->type = type;
  column->categories = g_ptr_array_new_with_free_func (g_free);
  column->category_index = g_hash_table_new (g_str_hash, g_str_equal);
  return column;
}

void
fx_column_free (FxColumn *column)
{
  if (column == NULL)
    return;
  g_free (column->name);
  g_free (column->values);
  g_free (column->codes);
  g_free (column->missing);
  g_hash_table_unref (column->category_index);
  g_ptr_array_unref (column->categories);
  g_free (column);
}

void
fx_column_reserve (FxColumn *column,
                   gsize     n_rows)
{
  gsize words_old, words_new;

  if (n_rows <= column->capacity)
    return;

  words_old = (column->capacity + 63) / 64;
  words_new = (n_rows + 63) / 64;
  if (column->type == FX_COLUMN_CATEGORICAL)
    column->codes = g_renew (guint32, column->codes, n_rows);
  else
    column->values = g_renew (double, column->values, n_rows);
  column->missing = g_renew (guint64, column->missing, words_new);
  memset (column->missing + words_old, 0, (words_new - words_old) * sizeof (guint64));
  column->capacity = n_rows;
}

void
fx_column_shrink (FxColumn *column)
{
  gsize n = MAX (column->n_rows, 1);

  if (column->capacity <= n)
    return;
  if (column->type == FX_COLUMN_CATEGORICAL)
    column->codes = g_renew (guint32, column->codes, n);
  else
    column->values = g_renew (double, column->values, n);
  column->missing = g_renew (guint64, column->missing, (n + 63) / 64);
  column->capacity = n;
}

static inline void
grow (FxColumn *column)
{
  if (column->n_rows == column->capacity)
    fx_column_reserve (column, MAX (64, column->capacity * 2));
}

void
fx_column_append_number (FxColumn *column,
                         double    value)
{
  g_return_if_fail (column->type != FX_COLUMN_CATEGORICAL);

  grow (column);
  column->values[column->n_rows++] = value;
}

guint32
fx_column_intern (FxColumn   *column,
                  const char *label)
{
  gpointer found;
  char *copy;

  found = g_hash_table_lookup (column->category_index, label);
  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  copy = g_strdup (label);
  g_ptr_array_add (column->categories, copy);
  g_hash_table_insert (column->category_index, copy,
                       GUINT_TO_POINTER (column->categories->len));
  return column->categories->len - 1;
}

void
fx_column_append_category (FxColumn   *column,
                           const char *label)
{
  g_return_if_fail (column->type == FX_COLUMN_CATEGORICAL);

  grow (column);
  column->codes[column->n_rows++] = fx_column_intern (column, label);
}

void
fx_column_append_missing (FxColumn *column)
{
  gsize row;

  grow (column);
  row = column->n_rows++;
  if (column->type == FX_COLUMN_CATEGORICAL)
    column->codes[row] = G_MAXUINT32;
  else
    column->values[row] = NAN;
  column->missing[row >> 6] |= G_GUINT64_CONSTANT (1) << (row & 63);
  column->n_missing++;
}

gsize
fx_column_count_present (const FxColumn *column)
{
  return column->n_rows - column->n_missing;
}

double *
fx_column_present_values (const FxColumn *column,
                          gsize          *n_out)
{
  double *out;
  gsize k = 0;

  g_return_val_if_fail (column->type != FX_COLUMN_CATEGORICAL, NULL);

  out = g_new (double, MAX (fx_column_count_present (column), 1));
  for (gsize i = 0; i < column->n_rows; i++)
    if (!fx_column_is_missing (column, i))
      out[k++] = column->values[i];
  *n_out = k;
  return out;
}

int
fx_column_lookup_category (const FxColumn *column,
                           const char     *label)
{
  gpointer found = g_hash_table_lookup (column->category_index, label);

  return found != NULL ? (int) GPOINTER_TO_UINT (found) - 1 : -1;
}

FxColumn *
fx_column_subset (const FxColumn *column,
                  const gsize    *rows,
                  gsize           n_rows)
{
  FxColumn *out = fx_column_new (column->name, column->type);

  out->bool_style = column->bool_style;
  fx_column_reserve (out, MAX (n_rows, 1));
  for (gsize i = 0; i < n_rows; i++)
    {
      gsize r = rows[i];

      g_return_val_if_fail (r < column->n_rows, out);
      if (fx_column_is_missing (column, r))
        fx_column_append_missing (out);
      else if (column->type == FX_COLUMN_CATEGORICAL)
        fx_column_append_category (out, g_ptr_array_index (column->categories, column->codes[r]));
      else
        fx_column_append_number (out, column->values[r]);
    }
  return out;
}

GHashTable *
fx_table_column_types (const FxTable *table)
{
  GHashTable *types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < table->columns->len; i++)
    {
      const FxColumn *c = g_ptr_array_index (table->columns, i);

      g_hash_table_insert (types, g_strdup (c->name), GUINT_TO_POINTER (c->type + 1));
    }
  return types;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  gsize x = *(const gsize *) a;
  gsize y = *(const gsize *) b;

  return (x > y) - (x < y);
}

FxTable *
fx_table_new (void)
{
  FxTable *table = g_new0 (FxTable, 1);

  table->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_column_free);
  table->warnings = g_ptr_array_new_with_free_func (g_free);
  return table;
}

void
fx_table_free (FxTable *table)
{
  if (table == NULL)
    return;
  g_ptr_array_unref (table->columns);
  g_ptr_array_unref (table->warnings);
  g_free (table);
}

void
fx_table_add_column (FxTable  *table,
                     FxColumn *column)
{
  g_return_if_fail (table->columns->len == 0 || column->n_rows == table->n_rows);

  table->n_rows = column->n_rows;
  g_ptr_array_add (table->columns, column);
}

FxColumn *
fx_table_get_column (const FxTable *table,
                     guint          index)
{
  g_return_val_if_fail (index < table->columns->len, NULL);
  return g_ptr_array_index (table->columns, index);
}

FxColumn *
fx_table_find_column (const FxTable *table,
                      const char    *name)
{
  for (guint i = 0; i < table->columns->len; i++)
    {
      FxColumn *column = g_ptr_array_index (table->columns, i);

      if (g_strcmp0 (column->name, name) == 0)
        return column;
    }
  return NULL;
}

guint
fx_table_get_n_columns (const FxTable *table)
{
  return table->columns->len;
}

FxTable *
fx_table_subset (const FxTable *table,
                 const gsize   *rows,
                 gsize          n_rows)
{
  FxTable *out = fx_table_new ();

  for (guint i = 0; i < table->columns->len; i++)
    fx_table_add_column (out, fx_column_subset (g_ptr_array_index (table->columns, i), rows, n_rows));
  out->n_rows = n_rows;
  return out;
}

/* MT19937 takes 32 bits of seed, and GSL maps 0 to 4357: mix all 64 bits in, so
 * that different seeds give different splits. */
static unsigned long
seed_mix (guint64 seed)
{
  guint64 z = seed + G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  z ^= z >> 31;
  return (unsigned long) ((z ^ (z >> 32)) & 0xffffffffu) | 1;
}

void
fx_table_split_halves (const FxTable  *table,
                       guint64         seed,
                       FxTable       **first,
                       FxTable       **second)
{
  g_autofree gsize *rows = g_new (gsize, MAX (table->n_rows, 1));
  gsize half = table->n_rows / 2;
  gsl_rng *rng;

  for (gsize i = 0; i < table->n_rows; i++)
    rows[i] = i;

  if (table->n_rows < 2)
    {
      *first = fx_table_subset (table, rows, half);
      *second = fx_table_subset (table, rows + half, table->n_rows - half);
      return;
    }

  /* A seeded Mersenne Twister shuffle: the same seed gives the same split on every
   * machine, so a reported holdout baseline can be reproduced. */
  rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, seed_mix (seed));
  gsl_ran_shuffle (rng, rows, table->n_rows, sizeof (gsize));
  gsl_rng_free (rng);

  /* keep each half in the original row order */
  g_qsort_with_data (rows, (gint) half, sizeof (gsize), compare_rows, NULL);
  g_qsort_with_data (rows + half, (gint) (table->n_rows - half), sizeof (gsize), compare_rows, NULL);
  *first = fx_table_subset (table, rows, half);
  *second = fx_table_subset (table, rows + half, table->n_rows - half);
}
