/* fx-holdout.h: the real rows a model is tested on, chosen from a table
 *
 * The split of fx-split.h applied to a table and its schema: the target's labels,
 * the site's levels, and whole sites named by their labels.  Generation keeps these
 * rows from the generator; evaluation tests on them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-schema.h"
#include "fx-split.h"
#include "fx-table.h"

G_BEGIN_DECLS

/* The levels of @column: the schema's categories in schema order, then the labels of
 * @table the schema does not list, in order of first appearance (numbers as their
 * shortest text).  (element-type utf8) */
GPtrArray *fx_levels_of_column   (const FxSchema     *schema,
                                  const char         *column,
                                  const FxTable      *table);
/* Each row's level index, -1 when missing or not among @levels. */
int       *fx_levels_of_rows     (const FxTable      *table,
                                  const char         *column,
                                  GPtrArray          *levels);

/* The holdout of @table: whole @sites when some are named, else @fraction of each
 * stratum (target, then site).  @labels (nullable) are the target's, from
 * fx_encoding_labels ().  Errors in FX_EVAL_ERROR_INPUT: no binary target, an
 * unknown site, no site column, a fraction outside (0, 1). */
FxSplit   *fx_holdout_split      (const FxSchema     *schema,
                                  const FxTable      *table,
                                  const guint8       *labels,
                                  double              fraction,
                                  const char * const *sites,
                                  guint64             seed,
                                  GError            **error);
/* SHA-256 of the holdout's row numbers (ascending), each in decimal followed by a
 * newline: what a run records so that its holdout can be checked later. */
char      *fx_holdout_rows_sha256 (const gsize       *rows,
                                  gsize              n_rows);

G_END_DECLS
