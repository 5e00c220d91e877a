/* fx-encoding.h: tables as model matrices, fixed by the schema
 *
 * Inputs are every feature of the schema except the target, the site and
 * identifiers, in schema order.  Integer and number columns become one float
 * column (missing: NaN); booleans one 0/1 column (missing: NaN); a categorical
 * column one 0/1 column per category of the schema, in schema order (missing or a
 * label the schema does not list: all zeros).  A categorical feature whose schema
 * lists no categories takes the reference table's labels in their order of first
 * appearance.  Because the columns come from the schema, a training table and a
 * test table always align.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-schema.h"
#include "fx-table.h"

G_BEGIN_DECLS

typedef struct
{
  GPtrArray *inputs;    /* (element-type utf8): input feature names, schema order */
  GPtrArray *columns;   /* (element-type utf8): encoded column names ("age", "gender=Male") */
  GArray    *input_of;  /* (element-type guint): the input of each encoded column */
  GPtrArray *levels;    /* (element-type GPtrArray): per input, its categories, or NULL */
  GArray    *types;     /* (element-type FxColumnType): per input */
} FxEncoding;

/* @reference supplies the labels of categoricals whose schema lists none. */
FxEncoding *fx_encoding_new          (const FxSchema   *schema,
                                      const FxTable    *reference);
void        fx_encoding_free         (FxEncoding       *encoding);
guint       fx_encoding_n_columns    (const FxEncoding *encoding);

/* A row-major float matrix of @n_rows rows (the table's rows @rows, in that order;
 * every row when @rows is NULL and then @n_rows must be the table's row count). */
float      *fx_encoding_apply        (const FxEncoding *encoding,
                                      const FxTable    *table,
                                      const gsize      *rows,
                                      gsize             n_rows);

/* The binary target of each row of @table: 0, 1, or 255 when missing.  A boolean
 * or numeric target must hold only 0 and 1; a categorical target must have exactly
 * two categories in the schema (the second is 1).  Fails with FX_EVAL_ERROR_INPUT
 * naming the table (@what) otherwise, or when the column is absent. */
guint8     *fx_encoding_labels       (const FxSchema   *schema,
                                      const FxTable    *table,
                                      const char       *what,
                                      GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxEncoding, fx_encoding_free)

G_END_DECLS
