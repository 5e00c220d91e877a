/* fx-rules.h: validity rules, SQL expressions checked on every row
 *
 * A rule is {name, check, description}: @check is an SQL boolean expression over the
 * column names, evaluated by SQLite as a CHECK constraint is: a row violates the rule
 * when the expression is false (0 after a cast to NUMERIC), and a NULL result (a
 * missing value) is no violation.  A check is only ever an expression: it is compiled
 * as a SELECT under an authorizer that allows reading the row's columns and calling
 * plain scalar functions, and nothing else (no writes, ATTACH, PRAGMA, other tables,
 * sqlite_master, subqueries, load_extension, aggregates).
 *
 * Columns are typed as a table with the schema's types declares them: integer
 * (INTEGER), number (REAL), boolean (INTEGER 0 or 1), categorical (TEXT, the label).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fx-schema.h"
#include "fx-table.h"

G_BEGIN_DECLS

#define FX_RULES_ERROR (fx_rules_error_quark ())

typedef enum
{
  FX_RULES_ERROR_COMPILE,    /* a check that does not compile or is refused */
  FX_RULES_ERROR_DUPLICATE,  /* two rules of one name */
  FX_RULES_ERROR_SQLITE,     /* SQLite failed while evaluating */
} FxRulesError;

GQuark fx_rules_error_quark (void);

typedef struct _FxRules FxRules;

/* Rules over the columns @names of types @types. */
FxRules    *fx_rules_new              (const char * const  *names,
                                       const FxColumnType  *types,
                                       guint                n_columns,
                                       GError             **error);
/* The rules of @schema over its features; the error names the first rule that does
 * not compile. */
FxRules    *fx_rules_new_for_schema   (const FxSchema      *schema,
                                       GError             **error);
void        fx_rules_free             (FxRules             *rules);

/* Compiles and adds a rule.  The error (FX_RULES_ERROR_COMPILE) names the rule and
 * gives SQLite's message or what the rule tried that a rule may not do. */
gboolean    fx_rules_add              (FxRules             *rules,
                                       const char          *name,
                                       const char          *check,
                                       const char          *description,
                                       GError             **error);
guint       fx_rules_get_n_rules      (FxRules             *rules);
const char *fx_rules_get_name         (FxRules             *rules,
                                       guint                rule);
const char *fx_rules_get_check        (FxRules             *rules,
                                       guint                rule);
const char *fx_rules_get_description  (FxRules             *rules,
                                       guint                rule);

/* Violations of each rule over every row of @table (columns found by name; a column
 * the table lacks reads as NULL).  @counts gets fx_rules_get_n_rules () counts.
 * @examples (nullable) gets, per rule, a GArray of up to @max_examples row numbers
 * (element-type gsize) of violating rows. */
gboolean    fx_rules_count_table      (FxRules             *rules,
                                       const FxTable       *table,
                                       guint64             *counts,
                                       GPtrArray          **examples,
                                       guint                max_examples,
                                       GError             **error);

/* The first rule one row breaks, the row given as cell texts by column name (a CSV
 * row; @values[i] NULL or a missing-value token is NULL) or as a JSON object (a
 * model's output).  Returns the rule's name, NULL when the row keeps every rule or
 * on error.  Cells are read as their column's type; a cell that does not read as
 * its type is NULL here (type errors are the schema's to report). */
const char *fx_rules_check_strings    (FxRules             *rules,
                                       const char * const  *names,
                                       const char * const  *values,
                                       gsize                n,
                                       GError             **error);
const char *fx_rules_check_object     (FxRules             *rules,
                                       JsonObject          *row,
                                       GError             **error);
/* The same for a row read as light members (fx_schema_validate_members ()). */
const char *fx_rules_check_members    (FxRules             *rules,
                                       const FxMember      *members,
                                       gsize                n_members,
                                       GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxRules, fx_rules_free)

G_END_DECLS
