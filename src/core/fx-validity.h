/* fx-validity.h: a synthetic table's validity: its schema's rules and invalid cells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-json-writer.h"
#include "fx-rules.h"

G_BEGIN_DECLS

/* Cells of @table that @schema finds invalid, by reason: numbers outside the
 * feature's minimum/maximum, labels not among its categories (identifiers aside),
 * cells that did not read as the column's type. */
typedef struct
{
  guint64 out_of_range;
  guint64 unknown_category;
  guint64 wrong_type;
} FxInvalidCounts;

void        fx_validity_count_invalid (const FxSchema        *schema,
                                       const FxTable         *table,
                                       FxInvalidCounts       *counts);

/* The "validity" object of the evaluation JSON (the value; the caller writes the
 * key): rules[{name, check, real_violations, synthetic_violations, doubtful}],
 * invalid{out_of_range, unknown_category, wrong_type}.  @real_counts (nullable when
 * no real table) and @synthetic_counts hold one count per rule; a rule the real rows
 * break is doubtful. */
void        fx_validity_write_counts  (FxRules               *rules,
                                       const guint64         *real_counts,
                                       const guint64         *synthetic_counts,
                                       const FxInvalidCounts *invalid,
                                       FxJsonWriter          *writer);

typedef struct
{
  FxRules         *rules;             /* the schema's rules, compiled */
  guint64         *real_violations;   /* per rule; NULL without a real table */
  guint64         *synthetic_violations;
  GPtrArray       *examples;          /* per rule, a GArray of up to 5 synthetic row numbers */
  FxInvalidCounts  invalid;           /* of the synthetic table */
} FxValidity;

/* The rules of @schema counted over @real (nullable) and @synthetic, and the
 * synthetic cells the schema finds invalid.  Tables are read with the schema's types
 * (fx_schema_column_types ()), so that cells of the wrong type are counted.  The
 * error names a rule that does not compile. */
FxValidity *fx_validity_measure    (const FxSchema   *schema,
                                    const FxTable    *real,
                                    const FxTable    *synthetic,
                                    GError          **error);
void        fx_validity_free       (FxValidity       *validity);
/* The "validity" object of the evaluation JSON (the value; the caller writes the
 * key): rules[{name, check, real_violations, synthetic_violations, doubtful}],
 * invalid{out_of_range, unknown_category, wrong_type}. */
void        fx_validity_write_json (const FxValidity *validity,
                                    FxJsonWriter     *writer);

/* The same in words, a line per rule and one for the invalid cells, appended to
 * @out (the text form of a comparison). */
void        fx_validity_append_text (const FxValidity *validity,
                                     GString          *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxValidity, fx_validity_free)

G_END_DECLS
