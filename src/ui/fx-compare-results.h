/* fx-compare-results.h: what one comparison of the Compare pane read and found
 *
 * The page keeps them and hands them to its views; the threads that prepare plots and
 * the reports hold a reference of their own, so the tables outlive a new comparison.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fx-compare.h"
#include "fx-evaluation.h"
#include "fx-privacy.h"
#include "fx-report.h"
#include "fx-run.h"
#include "fx-schema.h"
#include "fx-table.h"

G_BEGIN_DECLS

/* One synthetic set held against the real data. */
typedef struct
{
  char         *label;
  char         *path;        /* nullable: a CSV's */
  FxRunRecord  *run;         /* nullable: a run's provenance */
  FxComparison *comparison;
  FxTable      *synthetic;
  FxPrivacy    *privacy;     /* nullable: without a schema's target */
  char         *privacy_why; /* nullable: why there is no privacy */
} FxComparedSet;

typedef struct
{
  char      *reference_path;
  FxTable   *real;
  FxSchema  *schema;    /* nullable: units for the axes */
  GPtrArray *sets;      /* (element-type FxComparedSet) */
} FxCompareResults;

/* Takes what @evaluation read and found (its sets are left empty). */
FxCompareResults   *fx_compare_results_new_take    (FxEvaluation     *evaluation);
FxCompareResults   *fx_compare_results_ref         (FxCompareResults *results);
void                fx_compare_results_unref       (FxCompareResults *results);
/* The set at @index, or the last one past the end; NULL for none. */
FxComparedSet      *fx_compare_results_get_set     (FxCompareResults *results,
                                                    guint             index);
/* The holdout baseline, which the first set carries, or NULL. */
const FxComparison *fx_compare_results_get_holdout (FxCompareResults *results);

/* The comparison of every set as JSON or as CSV, @length bytes. */
char               *fx_compare_results_to_json     (FxCompareResults *results,
                                                    gsize            *length);
char               *fx_compare_results_to_csv      (FxCompareResults *results,
                                                    gsize            *length);
/* A report of every set tested at @alpha, which keeps @results alive; @schema_path
 * (nullable) is the file the schema compared was read from. */
FxReport           *fx_compare_results_new_report  (FxCompareResults *results,
                                                    double            alpha,
                                                    const char       *schema_path);

/* @value with @digits decimals, in scientific notation when it would show as 0, a
 * dash when it is not finite. */
char               *fx_compare_format_value        (double            value,
                                                    int               digits);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxCompareResults, fx_compare_results_unref)

G_END_DECLS
