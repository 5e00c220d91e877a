/* fx-table.h: a columnar table of health-record data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FX_COLUMN_INTEGER,
  FX_COLUMN_NUMBER,
  FX_COLUMN_BOOLEAN,
  FX_COLUMN_CATEGORICAL,
} FxColumnType;

/* How a boolean column was spelled in its source, so that export writes it back alike. */
typedef enum
{
  FX_BOOL_STYLE_01,
  FX_BOOL_STYLE_TRUE_FALSE,
  FX_BOOL_STYLE_YES_NO,
} FxBoolStyle;

/* A column of a table.  Integer, number and boolean columns keep their values in
 * @values (booleans as 0 and 1); categorical columns keep an index into @categories
 * in @codes.  A missing cell has its bit set in @missing; its slot holds NaN (numeric)
 * or G_MAXUINT32 (categorical) and is never read as data.
 */
typedef struct
{
  char          *name;
  FxColumnType   type;
  FxBoolStyle    bool_style;
  gsize          n_rows;
  gsize          n_missing;
  /* Cells that could not be read as @type when the type was imposed (schema or
   * reference table): they count as missing, and are reported. */
  gsize          n_invalid;
  double        *values;
  guint32       *codes;
  GPtrArray     *categories;   /* (element-type utf8) */
  GHashTable    *category_index; /* label -> code + 1 */
  guint64       *missing;      /* bitmap, one bit per row */
  gsize          capacity;
} FxColumn;

typedef struct
{
  GPtrArray *columns;  /* (element-type FxColumn) */
  gsize      n_rows;
  /* (element-type utf8): what the reader noticed and the user should hear, each
   * "FILE:LINE:COLUMN: message" */
  GPtrArray *warnings;
} FxTable;

const char   *fx_column_type_to_string   (FxColumnType   type);
gboolean      fx_column_type_from_string (const char    *str,
                                          FxColumnType  *type);
gboolean      fx_column_type_is_numeric  (FxColumnType   type);

FxColumn     *fx_column_new              (const char    *name,
                                          FxColumnType   type);
void          fx_column_free             (FxColumn      *column);
void          fx_column_reserve          (FxColumn      *column,
                                          gsize          n_rows);
/* Gives back the room reserved for rows that never came. */
void          fx_column_shrink           (FxColumn      *column);
void          fx_column_append_number    (FxColumn      *column,
                                          double         value);
void          fx_column_append_category  (FxColumn      *column,
                                          const char    *label);
void          fx_column_append_missing   (FxColumn      *column);
guint32       fx_column_intern           (FxColumn      *column,
                                          const char    *label);
static inline gboolean
fx_column_is_missing (const FxColumn *column,
                      gsize           row)
{
  return (column->missing[row >> 6] >> (row & 63)) & 1;
}
gsize         fx_column_count_present    (const FxColumn *column);
double       *fx_column_present_values   (const FxColumn *column,
                                          gsize         *n_out);
int           fx_column_lookup_category  (const FxColumn *column,
                                          const char     *label);
FxColumn     *fx_column_subset           (const FxColumn *column,
                                          const gsize    *rows,
                                          gsize           n_rows);

FxTable      *fx_table_new               (void);
void          fx_table_free              (FxTable       *table);
void          fx_table_add_column        (FxTable       *table,
                                          FxColumn      *column);
FxColumn     *fx_table_get_column        (const FxTable *table,
                                          guint          index);
FxColumn     *fx_table_find_column       (const FxTable *table,
                                          const char    *name);
guint         fx_table_get_n_columns     (const FxTable *table);
FxTable      *fx_table_subset            (const FxTable *table,
                                          const gsize   *rows,
                                          gsize          n_rows);
void          fx_table_split_halves      (const FxTable *table,
                                          guint64        seed,
                                          FxTable      **first,
                                          FxTable      **second);
/* column name -> GUINT_TO_POINTER (type + 1): the types of @table, to read another
 * table alike (FxCsvOptions.types). */
GHashTable   *fx_table_column_types      (const FxTable *table);
char         *fx_table_format_cell       (const FxTable *table,
                                          guint          column,
                                          gsize          row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxColumn, fx_column_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxTable, fx_table_free)

G_END_DECLS
