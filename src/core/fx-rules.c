/* fx-rules.c: validity rules, SQL expressions checked on every row
 *
 * The rules share one in-memory SQLite database holding a single table, fx_row,
 * with one column per schema feature.  A rule is prepared once as
 *   SELECT CAST((check) AS NUMERIC) FROM fx_row
 * and the rows to check are inserted into fx_row (in row order, so that the n-th
 * result is the n-th row) and stepped through.  fx_row is empty between calls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "fx-csv.h"
#include "fx-rules.h"

G_DEFINE_QUARK (fx-rules-error-quark, fx_rules_error)

#define ROW_TABLE "fx_row"

typedef struct
{
  char         *name;
  char         *check;
  char         *description;
  sqlite3_stmt *stmt;
} Rule;

struct _FxRules
{
  sqlite3       *db;
  guint          n_columns;
  char         **names;
  FxColumnType  *types;
  GPtrArray     *rules;    /* (element-type Rule) */
  sqlite3_stmt  *insert;
  sqlite3_stmt  *clear;

  /* while a rule compiles */
  gboolean       compiling;
  guint          n_selects;
  char          *refusal;
};

/* Scalar functions without side effects or hidden state. */
static const char * const plain_functions[] = {
  "abs", "char", "coalesce", "format", "glob", "hex", "ifnull", "iif", "instr",
  "length", "like", "likelihood", "likely", "lower", "ltrim", "nullif", "printf",
  "quote", "replace", "round", "rtrim", "sign", "substr", "substring", "trim",
  "typeof", "unicode", "unlikely", "upper",
  /* the math functions, when SQLite has them */
  "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "ceiling",
  "cos", "cosh", "degrees", "exp", "floor", "ln", "log", "log10", "log2", "mod",
  "pi", "pow", "power", "radians", "sin", "sinh", "sqrt", "tan", "tanh", "trunc",
  NULL
};

static void
rule_free (gpointer data)
{
  Rule *rule = data;

  sqlite3_finalize (rule->stmt);
  g_free (rule->name);
  g_free (rule->check);
  g_free (rule->description);
  g_free (rule);
}

static char *
quote_identifier (const char *name)
{
  GString *s = g_string_new ("\"");

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (s, FALSE);
}

static void
refuse (FxRules    *rules,
        const char *why)
{
  if (rules->refusal == NULL)
    rules->refusal = g_strdup (why);
}

static int
authorize (void       *data,
           int         action,
           const char *arg1,
           const char *arg2,
           const char *database,
           const char *trigger)
{
  FxRules *rules = data;

  /* the engine's own statements */
  if (!rules->compiling)
    return SQLITE_OK;

  switch (action)
    {
    case SQLITE_SELECT:
      if (rules->n_selects++ == 0)
        return SQLITE_OK;
      refuse (rules, _("a rule may not hold a subquery"));
      return SQLITE_DENY;

    case SQLITE_READ:
      if (g_strcmp0 (arg1, ROW_TABLE) == 0 && g_strcmp0 (database, "main") == 0 &&
          arg2 != NULL && g_strv_contains ((const char * const *) rules->names, arg2))
        return SQLITE_OK;
      /* the FROM of the wrapping SELECT, when the check reads no column */
      if (g_strcmp0 (arg1, ROW_TABLE) == 0 && g_strcmp0 (arg2, "") == 0)
        return SQLITE_OK;
      if (g_strcmp0 (arg1, ROW_TABLE) == 0)
        refuse (rules, _("a rule may only read the row’s columns"));
      else
        {
          g_autofree char *why = g_strdup_printf (_("a rule may not read the table “%s”"),
                                                  arg1 != NULL ? arg1 : "");
          refuse (rules, why);
        }
      return SQLITE_DENY;

    case SQLITE_FUNCTION:
      for (guint i = 0; plain_functions[i] != NULL; i++)
        if (arg2 != NULL && g_ascii_strcasecmp (arg2, plain_functions[i]) == 0)
          return SQLITE_OK;
      {
        g_autofree char *why = g_strdup_printf (_("a rule may not call the function “%s”"),
                                                arg2 != NULL ? arg2 : "");
        refuse (rules, why);
      }
      return SQLITE_DENY;

    case SQLITE_ATTACH:
    case SQLITE_DETACH:
      refuse (rules, _("a rule may not attach a database"));
      return SQLITE_DENY;

    case SQLITE_PRAGMA:
      refuse (rules, _("a rule may not run a PRAGMA"));
      return SQLITE_DENY;

    case SQLITE_INSERT:
    case SQLITE_UPDATE:
    case SQLITE_DELETE:
      {
        /* SQLite also asks this to let a table-valued function see the schema */
        g_autofree char *why = g_strdup_printf (_("a rule may not write to or look into “%s”"),
                                                arg1 != NULL ? arg1 : "");
        refuse (rules, why);
      }
      return SQLITE_DENY;

    default:
      refuse (rules, _("a rule is an expression over the row’s columns, nothing else"));
      return SQLITE_DENY;
    }
  (void) trigger;
}

static gboolean
exec (FxRules     *rules,
      const char  *sql,
      GError     **error)
{
  if (sqlite3_exec (rules->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, FX_RULES_ERROR, FX_RULES_ERROR_SQLITE,
                   _("SQLite failed: %s"), sqlite3_errmsg (rules->db));
      return FALSE;
    }
  return TRUE;
}

static const char *
declared_type (FxColumnType type)
{
  switch (type)
    {
    case FX_COLUMN_INTEGER:
    case FX_COLUMN_BOOLEAN:
      return "INTEGER";
    case FX_COLUMN_NUMBER:
      return "REAL";
    case FX_COLUMN_CATEGORICAL:
    default:
      return "TEXT";
    }
}

FxRules *
fx_rules_new (const char * const  *names,
              const FxColumnType  *types,
              guint                n_columns,
              GError             **error)
{
  g_autoptr(FxRules) rules = g_new0 (FxRules, 1);
  g_autoptr(GString) create = g_string_new ("CREATE TABLE " ROW_TABLE " (");
  g_autoptr(GString) insert = g_string_new ("INSERT INTO " ROW_TABLE " VALUES (");

  rules->rules = g_ptr_array_new_with_free_func (rule_free);
  rules->n_columns = n_columns;
  rules->names = g_new0 (char *, n_columns + 1);
  rules->types = g_new (FxColumnType, MAX (n_columns, 1));
  for (guint i = 0; i < n_columns; i++)
    {
      g_autofree char *quoted = quote_identifier (names[i]);

      rules->names[i] = g_strdup (names[i]);
      rules->types[i] = types[i];
      g_string_append_printf (create, "%s%s %s", i > 0 ? ", " : "", quoted,
                              declared_type (types[i]));
      g_string_append (insert, i > 0 ? ", ?" : "?");
    }
  g_string_append (create, ")");
  g_string_append (insert, ")");

  if (sqlite3_open_v2 (":memory:", &rules->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, FX_RULES_ERROR, FX_RULES_ERROR_SQLITE,
                   _("SQLite failed: %s"), rules->db != NULL ? sqlite3_errmsg (rules->db) : "");
      return NULL;
    }
  /* no ATTACH of files, no extensions, whatever the library's defaults */
  sqlite3_limit (rules->db, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_db_config (rules->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
  sqlite3_db_config (rules->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);

  if (n_columns == 0)
    g_string_assign (create, "CREATE TABLE " ROW_TABLE " (fx_none)");
  if (!exec (rules, create->str, error))
    return NULL;
  if (n_columns > 0 &&
      sqlite3_prepare_v2 (rules->db, insert->str, -1, &rules->insert, NULL) != SQLITE_OK)
    {
      g_set_error (error, FX_RULES_ERROR, FX_RULES_ERROR_SQLITE,
                   _("SQLite failed: %s"), sqlite3_errmsg (rules->db));
      return NULL;
    }
  if (sqlite3_prepare_v2 (rules->db, "DELETE FROM " ROW_TABLE, -1, &rules->clear, NULL) != SQLITE_OK)
    {
      g_set_error (error, FX_RULES_ERROR, FX_RULES_ERROR_SQLITE,
                   _("SQLite failed: %s"), sqlite3_errmsg (rules->db));
      return NULL;
    }
  sqlite3_set_authorizer (rules->db, authorize, rules);
  return g_steal_pointer (&rules);
}

FxRules *
fx_rules_new_for_schema (const FxSchema  *schema,
                         GError         **error)
{
  g_autofree const char **names = g_new0 (const char *, schema->features->len + 1);
  g_autofree FxColumnType *types = g_new (FxColumnType, MAX (schema->features->len, 1));

  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);

      names[i] = f->name;
      types[i] = f->type;
    }
  g_autoptr(FxRules) rules = fx_rules_new (names, types, schema->features->len, error);

  if (rules == NULL)
    return NULL;
  for (guint i = 0; schema->rules != NULL && i < schema->rules->len; i++)
    {
      const FxSchemaRule *rule = g_ptr_array_index (schema->rules, i);

      if (!fx_rules_add (rules, rule->name, rule->check, rule->description, error))
        return NULL;
    }
  return g_steal_pointer (&rules);
}

void
fx_rules_free (FxRules *rules)
{
  if (rules == NULL)
    return;
  g_clear_pointer (&rules->rules, g_ptr_array_unref);
  sqlite3_finalize (rules->insert);
  sqlite3_finalize (rules->clear);
  if (rules->db != NULL)
    sqlite3_close (rules->db);
  g_strfreev (rules->names);
  g_free (rules->types);
  g_free (rules->refusal);
  g_free (rules);
}

gboolean
fx_rules_add (FxRules     *rules,
              const char  *name,
              const char  *check,
              const char  *description,
              GError     **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(GString) trimmed = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *tail = NULL;
  Rule *rule;
  int rc;

  g_return_val_if_fail (name != NULL && check != NULL, FALSE);

  for (guint i = 0; i < rules->rules->len; i++)
    if (g_strcmp0 (((Rule *) g_ptr_array_index (rules->rules, i))->name, name) == 0)
      {
        g_set_error (error, FX_RULES_ERROR, FX_RULES_ERROR_DUPLICATE,
                     _("Rule “%s”: there is another rule of that name"), name);
        return FALSE;
      }
  trimmed = g_string_new (check);
  g_strstrip (trimmed->str);
  if (trimmed->str[0] == '\0')
    {
      g_set_error (error, FX_RULES_ERROR, FX_RULES_ERROR_COMPILE,
                   _("Rule “%s”: the check is empty"), name);
      return FALSE;
    }

  /* line breaks around the check, so that a trailing "-- comment" stays inside */
  sql = g_strdup_printf ("SELECT CAST((\n%s\n) AS NUMERIC) FROM " ROW_TABLE, check);
  rules->compiling = TRUE;
  rules->n_selects = 0;
  g_clear_pointer (&rules->refusal, g_free);
  rc = sqlite3_prepare_v2 (rules->db, sql, -1, &stmt, &tail);
  rules->compiling = FALSE;

  if (rc != SQLITE_OK)
    {
      if (rules->refusal != NULL)
        g_set_error (error, FX_RULES_ERROR, FX_RULES_ERROR_COMPILE,
                     _("Rule “%s”: %s (SQLite: %s)"), name, rules->refusal,
                     sqlite3_errmsg (rules->db));
      else
        g_set_error (error, FX_RULES_ERROR, FX_RULES_ERROR_COMPILE,
                     _("Rule “%s”: %s"), name, sqlite3_errmsg (rules->db));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  while (tail != NULL && g_ascii_isspace (*tail))
    tail++;
  if (stmt == NULL || (tail != NULL && *tail != '\0') || sqlite3_column_count (stmt) != 1)
    {
      g_set_error (error, FX_RULES_ERROR, FX_RULES_ERROR_COMPILE,
                   _("Rule “%s”: the check must be one SQL expression"), name);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  /* fx_row is empty now: a check on one row gives no result row, an aggregate one */
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, FX_RULES_ERROR, FX_RULES_ERROR_COMPILE,
                   _("Rule “%s”: a rule checks one row at a time and may not aggregate rows"),
                   name);
      sqlite3_finalize (stmt);
      return FALSE;
    }

  rule = g_new0 (Rule, 1);
  rule->name = g_strdup (name);
  rule->check = g_strdup (check);
  rule->description = g_strdup (description);
  rule->stmt = stmt;
  g_ptr_array_add (rules->rules, rule);
  return TRUE;
}

guint
fx_rules_get_n_rules (FxRules *rules)
{
  return rules->rules->len;
}

const char *
fx_rules_get_name (FxRules *rules,
                   guint    rule)
{
  return ((Rule *) g_ptr_array_index (rules->rules, rule))->name;
}

const char *
fx_rules_get_check (FxRules *rules,
                    guint    rule)
{
  return ((Rule *) g_ptr_array_index (rules->rules, rule))->check;
}

const char *
fx_rules_get_description (FxRules *rules,
                          guint    rule)
{
  return ((Rule *) g_ptr_array_index (rules->rules, rule))->description;
}

static gboolean
set_sqlite_error (FxRules  *rules,
                  GError  **error)
{
  g_set_error (error, FX_RULES_ERROR, FX_RULES_ERROR_SQLITE,
               _("SQLite failed: %s"), sqlite3_errmsg (rules->db));
  return FALSE;
}

static gboolean
clear_rows (FxRules  *rules,
            GError  **error)
{
  int rc = sqlite3_step (rules->clear);

  sqlite3_reset (rules->clear);
  return rc == SQLITE_DONE || set_sqlite_error (rules, error);
}

static gboolean
insert_row (FxRules  *rules,
            GError  **error)
{
  int rc = sqlite3_step (rules->insert);

  sqlite3_reset (rules->insert);
  sqlite3_clear_bindings (rules->insert);
  return rc == SQLITE_DONE || set_sqlite_error (rules, error);
}

/* Steps every rule over fx_row: @counts (nullable) per rule, and the first violated
 * rule in *@first (nullable). */
static gboolean
run_rules (FxRules    *rules,
           guint64    *counts,
           GPtrArray  *examples,
           guint       max_examples,
           int        *first,
           GError    **error)
{
  for (guint i = 0; i < rules->rules->len; i++)
    {
      Rule *rule = g_ptr_array_index (rules->rules, i);
      gsize row = 0;
      int rc;

      if (counts != NULL)
        counts[i] = 0;
      while ((rc = sqlite3_step (rule->stmt)) == SQLITE_ROW)
        {
          /* as a CHECK constraint: NULL passes, a value that is 0 as a number fails */
          if (sqlite3_column_type (rule->stmt, 0) != SQLITE_NULL &&
              sqlite3_column_double (rule->stmt, 0) == 0)
            {
              if (counts != NULL)
                counts[i]++;
              if (examples != NULL)
                {
                  GArray *e = g_ptr_array_index (examples, i);

                  if (e->len < max_examples)
                    g_array_append_val (e, row);
                }
              if (first != NULL && *first < 0)
                *first = i;
            }
          row++;
        }
      sqlite3_reset (rule->stmt);
      if (rc != SQLITE_DONE)
        return set_sqlite_error (rules, error);
    }
  return TRUE;
}

gboolean
fx_rules_count_table (FxRules        *rules,
                      const FxTable  *table,
                      guint64        *counts,
                      GPtrArray     **examples,
                      guint           max_examples,
                      GError        **error)
{
  g_autofree const FxColumn **columns = g_new0 (const FxColumn *, MAX (rules->n_columns, 1));
  g_autoptr(GPtrArray) found = NULL;
  gboolean ok = TRUE;

  if (examples != NULL)
    {
      found = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
      for (guint i = 0; i < rules->rules->len; i++)
        g_ptr_array_add (found, g_array_new (FALSE, FALSE, sizeof (gsize)));
    }
  for (guint c = 0; c < rules->n_columns; c++)
    columns[c] = fx_table_find_column (table, rules->names[c]);

  if (!exec (rules, "BEGIN", error))
    return FALSE;
  for (gsize r = 0; ok && rules->insert != NULL && r < table->n_rows; r++)
    {
      for (guint c = 0; c < rules->n_columns; c++)
        {
          const FxColumn *column = columns[c];

          if (column == NULL || fx_column_is_missing (column, r))
            continue;  /* unbound: NULL */
          if (column->type == FX_COLUMN_CATEGORICAL)
            sqlite3_bind_text (rules->insert, c + 1,
                               g_ptr_array_index (column->categories, column->codes[r]),
                               -1, SQLITE_STATIC);
          else if (rules->types[c] == FX_COLUMN_CATEGORICAL)
            {
              /* a code read as a number where the schema has labels: its text, "56"
               * and not the "56.0" SQLite would make of it */
              char buf[32];

              sqlite3_bind_text (rules->insert, c + 1, fx_format_double (column->values[r], buf),
                                 -1, SQLITE_TRANSIENT);
            }
          else
            sqlite3_bind_double (rules->insert, c + 1, column->values[r]);
        }
      ok = insert_row (rules, error);
    }
  ok = ok && run_rules (rules, counts, found, max_examples, NULL, error);
  /* leave fx_row empty whatever happened */
  clear_rows (rules, ok ? error : NULL);
  exec (rules, "COMMIT", NULL);
  if (ok && examples != NULL)
    *examples = g_steal_pointer (&found);
  return ok;
}

static int
column_index (FxRules    *rules,
              const char *name)
{
  for (guint c = 0; c < rules->n_columns; c++)
    if (strcmp (rules->names[c], name) == 0)
      return c;
  return -1;
}

/* A cell's text bound as its column's type; left NULL when missing or unreadable. */
static void
bind_text_cell (FxRules    *rules,
                int         c,
                const char *text)
{
  gsize length;
  double value;
  gboolean integer_text;

  if (text == NULL)
    return;
  length = strlen (text);
  if (fx_csv_is_missing_token (text, length))
    return;
  switch (rules->types[c])
    {
    case FX_COLUMN_CATEGORICAL:
      sqlite3_bind_text (rules->insert, c + 1, text, -1, SQLITE_TRANSIENT);
      break;
    case FX_COLUMN_BOOLEAN:
      {
        g_autofree char *copy = g_strdup (text);
        g_autofree char *lower = g_ascii_strdown (g_strstrip (copy), -1);

        if (g_strv_contains ((const char *[]) { "1", "true", "yes", NULL }, lower))
          sqlite3_bind_int (rules->insert, c + 1, 1);
        else if (g_strv_contains ((const char *[]) { "0", "false", "no", NULL }, lower))
          sqlite3_bind_int (rules->insert, c + 1, 0);
      }
      break;
    case FX_COLUMN_INTEGER:
    case FX_COLUMN_NUMBER:
    default:
      if (fx_csv_parse_number (text, length, &value, &integer_text))
        sqlite3_bind_double (rules->insert, c + 1, value);
      break;
    }
}

static const char *
check_bound_row (FxRules  *rules,
                 GError  **error)
{
  int first = -1;
  gboolean ok;

  if (rules->insert == NULL)
    return NULL;
  ok = insert_row (rules, error) && run_rules (rules, NULL, NULL, 0, &first, error);
  clear_rows (rules, ok ? error : NULL);
  if (!ok || first < 0)
    return NULL;
  return fx_rules_get_name (rules, first);
}

const char *
fx_rules_check_strings (FxRules            *rules,
                        const char * const *names,
                        const char * const *values,
                        gsize               n,
                        GError            **error)
{
  if (rules->insert == NULL)
    return NULL;
  sqlite3_clear_bindings (rules->insert);
  for (gsize i = 0; i < n; i++)
    {
      int c = column_index (rules, names[i]);

      if (c >= 0)
        bind_text_cell (rules, c, values[i]);
    }
  return check_bound_row (rules, error);
}

const char *
fx_rules_check_object (FxRules     *rules,
                       JsonObject  *row,
                       GError     **error)
{
  if (rules->insert == NULL)
    return NULL;
  sqlite3_clear_bindings (rules->insert);
  for (guint c = 0; c < rules->n_columns; c++)
    {
      JsonNode *node = json_object_get_member (row, rules->names[c]);
      GType vtype;

      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
        continue;
      vtype = json_node_get_value_type (node);
      if (vtype == G_TYPE_STRING)
        bind_text_cell (rules, c, json_node_get_string (node));
      else if (rules->types[c] == FX_COLUMN_CATEGORICAL)
        continue;  /* a number where a label belongs: the schema reports it */
      else if (vtype == G_TYPE_BOOLEAN)
        sqlite3_bind_int (rules->insert, c + 1, json_node_get_boolean (node));
      else
        sqlite3_bind_double (rules->insert, c + 1, json_node_get_double (node));
    }
  return check_bound_row (rules, error);
}

const char *
fx_rules_check_members (FxRules         *rules,
                        const FxMember  *members,
                        gsize            n_members,
                        GError         **error)
{
  if (rules->insert == NULL)
    return NULL;
  sqlite3_clear_bindings (rules->insert);
  for (gsize i = 0; i < n_members; i++)
    {
      const FxMember *m = &members[i];
      int c = column_index (rules, m->name);

      if (c < 0)
        continue;
      switch (m->kind)
        {
        case FX_MEMBER_STRING:
          bind_text_cell (rules, c, m->string);
          break;
        case FX_MEMBER_NUMBER:
          if (rules->types[c] != FX_COLUMN_CATEGORICAL)
            sqlite3_bind_double (rules->insert, c + 1, m->number);
          break;
        case FX_MEMBER_BOOLEAN:
          if (rules->types[c] != FX_COLUMN_CATEGORICAL)
            sqlite3_bind_int (rules->insert, c + 1, m->boolean);
          break;
        case FX_MEMBER_NULL:
        case FX_MEMBER_OBJECT:
        case FX_MEMBER_ARRAY:
        default:
          break;  /* NULL; a nested value is the schema's to report */
        }
    }
  return check_bound_row (rules, error);
}
