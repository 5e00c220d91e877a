/* fx-gower.h: Gower distance between rows of health-record tables
 *
 * The distance of the privacy measures: over the model inputs, a numeric feature
 * contributes |a - b| / range (the range of the real training part), a categorical or
 * boolean one 0 when equal and 1 otherwise; two missing values contribute 0, one
 * missing value 1; the distance is the mean over the inputs.  A numeric feature whose
 * training range is 0 (or that has no training values) contributes 0 when equal and 1
 * otherwise, since |a - b| / 0 means nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-table.h"

G_BEGIN_DECLS

#define FX_PRIVACY_ERROR (fx_privacy_error_quark ())

typedef enum
{
  FX_PRIVACY_ERROR_NO_INPUTS,
  FX_PRIVACY_ERROR_MISSING_COLUMN,
  FX_PRIVACY_ERROR_TOO_FEW_ROWS,
  FX_PRIVACY_ERROR_INVALID,
} FxPrivacyError;

GQuark fx_privacy_error_quark (void);

typedef struct _FxGower FxGower;

/* Rows of one table in the space of an FxGower, ready for distances. */
typedef struct
{
  gsize    n_rows;
  guint    n_numeric;
  guint    n_categorical;
  /* n_rows × n_numeric raw values of the inputs with a range, NaN = missing */
  double  *numeric;
  /* n_rows × n_categorical codes of the other inputs (labels, booleans, values of
   * numeric inputs without a range), G_MAXUINT32 = missing */
  guint32 *categorical;
} FxGowerRows;

/* The Gower space of @inputs (column names of @real), with numeric ranges taken
 * from the @n_train rows @train_rows of @real (all rows when @train_rows is NULL). */
FxGower     *fx_gower_new              (const FxTable      *real,
                                        const gsize        *train_rows,
                                        gsize               n_train,
                                        const char * const *inputs,
                                        GError            **error);
void         fx_gower_free             (FxGower            *gower);
guint        fx_gower_get_n_inputs     (const FxGower      *gower);
/* The range a numeric input is divided by; 0 for categorical and boolean inputs and
 * for numeric inputs compared by equality. */
double       fx_gower_get_range        (const FxGower      *gower,
                                        guint               input);
/* The training minimum and range of slot @k of FxGowerRows.numeric. */
void         fx_gower_get_numeric_scale (const FxGower     *gower,
                                         guint              k,
                                         double            *minimum,
                                         double            *range);

/* Rows @rows of @table (all rows when NULL) encoded for @gower; columns are found by
 * name (an input the table lacks is missing in every row), categories matched by
 * label.  Not thread-safe: it learns unseen labels. */
FxGowerRows *fx_gower_encode           (FxGower            *gower,
                                        const FxTable      *table,
                                        const gsize        *rows,
                                        gsize               n_rows,
                                        GError            **error);
void         fx_gower_rows_free        (FxGowerRows        *rows);

double       fx_gower_distance         (const FxGower      *gower,
                                        const FxGowerRows  *a,
                                        gsize               i,
                                        const FxGowerRows  *b,
                                        gsize               j);
/* Whether row @i of @a is at distance 0 from row @j of @b: equal on every input. */
gboolean     fx_gower_rows_equal       (const FxGowerRows  *a,
                                        gsize               i,
                                        const FxGowerRows  *b,
                                        gsize               j);
/* For each row of @query, whether some row of @reference is at distance 0 from it
 * (a hash join, exact). Returns the number of such rows; @matched (nullable, n_rows
 * of @query) says which. */
gsize        fx_gower_count_exact      (const FxGowerRows  *query,
                                        const FxGowerRows  *reference,
                                        gboolean           *matched);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxGower, fx_gower_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxGowerRows, fx_gower_rows_free)

G_END_DECLS
