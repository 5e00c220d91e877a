/* test-rules.c: validity rules checked by SQLite under an authorizer
 *
 * Expected counts come from Python's sqlite3 (tests/fixtures/privacy/make-fixtures.py
 * with real CHECK constraints, and check-eicu-rules.py there).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "fx-compare.h"
#include "fx-csv.h"
#include "fx-error.h"
#include "fx-rules.h"
#include "fx-schema.h"
#include "fx-validity.h"

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "privacy", name, NULL);
}

static JsonNode *
read_json (const char *name)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static FxTable *
read_table (const char *name,
            GHashTable *types)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GError) error = NULL;
  FxCsvOptions options = { 0, types };
  FxTable *table = fx_csv_read_file (path, &options, &error);

  g_assert_no_error (error);
  return table;
}

/* Rules over the columns of @table, as typed there. */
static FxRules *
rules_for_table (const FxTable *table)
{
  guint n = fx_table_get_n_columns (table);
  g_autofree const char **names = g_new0 (const char *, n + 1);
  g_autofree FxColumnType *types = g_new (FxColumnType, n);
  g_autoptr(GError) error = NULL;
  FxRules *rules;

  for (guint i = 0; i < n; i++)
    {
      names[i] = fx_table_get_column (table, i)->name;
      types[i] = fx_table_get_column (table, i)->type;
    }
  rules = fx_rules_new (names, types, n, &error);
  g_assert_no_error (error);
  return rules;
}

static void
test_counts_against_sqlite (void)
{
  g_autoptr(FxTable) real = read_table ("real.csv", NULL);
  g_autoptr(GHashTable) types = fx_table_column_types (real);
  g_autoptr(FxTable) synthetic = read_table ("synthetic.csv", types);
  g_autoptr(JsonNode) expected = read_json ("rules.json");
  g_autoptr(FxRules) rules = rules_for_table (real);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) examples = NULL;
  g_autofree guint64 *real_counts = NULL, *synthetic_counts = NULL;
  JsonArray *want = json_node_get_array (expected);
  guint n = json_array_get_length (want), doubtful = 0;
  FxInvalidCounts invalid = { 0 };
  FxJsonWriter *w;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) got = NULL;
  JsonArray *got_rules;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *r = json_array_get_object_element (want, i);

      fx_rules_add (rules, json_object_get_string_member (r, "name"),
                    json_object_get_string_member (r, "check"),
                    json_object_get_string_member (r, "description"), &error);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (fx_rules_get_n_rules (rules), ==, n);

  real_counts = g_new (guint64, n);
  synthetic_counts = g_new (guint64, n);
  fx_rules_count_table (rules, real, real_counts, NULL, 0, &error);
  g_assert_no_error (error);
  fx_rules_count_table (rules, synthetic, synthetic_counts, &examples, 3, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *r = json_array_get_object_element (want, i);

      g_test_message ("%s: real %" G_GUINT64_FORMAT ", synthetic %" G_GUINT64_FORMAT,
                      fx_rules_get_name (rules, i), real_counts[i], synthetic_counts[i]);
      g_assert_cmpuint (real_counts[i], ==, json_object_get_int_member (r, "real_violations"));
      g_assert_cmpuint (synthetic_counts[i], ==, json_object_get_int_member (r, "synthetic_violations"));
      g_assert_cmpuint (((GArray *) g_ptr_array_index (examples, i))->len, ==,
                        MIN (synthetic_counts[i], 3));
    }

  /* the example rows do break their rule */
  for (guint i = 0; i < n; i++)
    {
      GArray *rows = g_ptr_array_index (examples, i);

      for (guint k = 0; k < rows->len; k++)
        {
          g_autoptr(FxTable) one = fx_table_subset (synthetic, &g_array_index (rows, gsize, k), 1);
          guint64 *counts = g_new (guint64, n);

          fx_rules_count_table (rules, one, counts, NULL, 0, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (counts[i], ==, 1);
          g_free (counts);
        }
    }

  /* the JSON block: doubtful where real rows break the rule */
  w = fx_json_writer_new (FALSE);
  fx_validity_write_counts (rules, real_counts, synthetic_counts, &invalid, w);
  text = fx_json_writer_finish (w, NULL);
  got = json_from_string (text, &error);
  g_assert_no_error (error);
  got_rules = json_object_get_array_member (json_node_get_object (got), "rules");
  for (guint i = 0; i < n; i++)
    {
      JsonObject *g = json_array_get_object_element (got_rules, i);
      JsonObject *r = json_array_get_object_element (want, i);

      g_assert_cmpuint (json_object_get_size (g), ==, 5);
      g_assert_cmpstr (json_object_get_string_member (g, "check"), ==,
                       json_object_get_string_member (r, "check"));
      g_assert_cmpint (json_object_get_boolean_member (g, "doubtful"), ==,
                       json_object_get_boolean_member (r, "doubtful"));
      doubtful += json_object_get_boolean_member (g, "doubtful");
    }
  g_assert_cmpuint (doubtful, ==, 1);
  g_assert_true (json_object_has_member (json_object_get_object_member (json_node_get_object (got), "invalid"),
                                         "unknown_category"));
}

static void
assert_refused (FxRules    *rules,
                const char *check,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (fx_rules_add (rules, "sneaky", check, NULL, &error));
  g_assert_error (error, FX_RULES_ERROR, FX_RULES_ERROR_COMPILE);
  g_test_message ("%s -> %s", check, error->message);
  g_assert_nonnull (strstr (error->message, "“sneaky”"));
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” is not in “%s”", fragment, error->message);
}

static void
test_refused (void)
{
  g_autoptr(FxTable) real = read_table ("real.csv", NULL);
  g_autoptr(FxRules) rules = rules_for_table (real);
  g_autoptr(GError) error = NULL;
  g_autofree guint64 *counts = g_new (guint64, 1);

  /* reading other tables, the schema, pragmas, extensions */
  assert_refused (rules, "(SELECT name FROM sqlite_master LIMIT 1) IS NULL", "sqlite_master");
  assert_refused (rules, "EXISTS (SELECT 1 FROM sqlite_schema)", NULL);
  assert_refused (rules, "age IN (SELECT age FROM fx_row)", "subquery");
  assert_refused (rules, "(SELECT name FROM pragma_table_info('fx_row')) IS NULL", NULL);
  assert_refused (rules, "load_extension('/tmp/evil.so') IS NULL", "load_extension");
  assert_refused (rules, "random() > 0", "random");
  assert_refused (rules, "count(*) > 0", "count");
  assert_refused (rules, "rowid > 0", "columns");
  /* more than an expression: writes and ATTACH after the expression */
  assert_refused (rules, "1) AS NUMERIC) FROM fx_row; DELETE FROM fx_row; SELECT ((1", "one SQL expression");
  assert_refused (rules, "1) AS NUMERIC) FROM fx_row; ATTACH DATABASE '/tmp/x.db' AS x; SELECT ((1",
                  "one SQL expression");
  assert_refused (rules, "1) AS NUMERIC) FROM fx_row; DELETE FROM fx_row /*", "one SQL expression");
  /* escaping the wrapping SELECT, the rest commented out */
  assert_refused (rules, "1) AS NUMERIC) FROM fx_row UNION SELECT name FROM sqlite_master /*", NULL);
  assert_refused (rules, "1) AS NUMERIC) FROM fx_row, sqlite_master /*", "sqlite_master");
  assert_refused (rules, "1) AS NUMERIC) FROM fx_row, other.t /*", NULL);
  /* plain mistakes, with SQLite's message */
  assert_refused (rules, "age >", "syntax error");
  assert_refused (rules, "no_such_column > 1", "no such column: no_such_column");
  assert_refused (rules, "   ", "empty");

  /* nothing of it stuck: a good rule still works and the table is still there */
  g_assert_true (fx_rules_add (rules, "adult", "age >= 18 -- years", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (fx_rules_add (rules, "adult", "age >= 21", NULL, &error));
  g_assert_error (error, FX_RULES_ERROR, FX_RULES_ERROR_DUPLICATE);
  g_clear_error (&error);
  fx_rules_count_table (rules, real, counts, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts[0], ==, 0);
}

/* One row at a time, as generation checks a model's row: NULL is no violation. */
static void
test_check_row (void)
{
  const char *names[] = { "gcs_eyes", "weight", "height", "unit", "ventilated" };
  const FxColumnType types[] = { FX_COLUMN_INTEGER, FX_COLUMN_NUMBER, FX_COLUMN_NUMBER,
                                 FX_COLUMN_CATEGORICAL, FX_COLUMN_BOOLEAN };
  g_autoptr(GError) error = NULL;
  g_autoptr(FxRules) rules = fx_rules_new (names, types, 5, &error);
  g_autoptr(JsonNode) row = NULL;

  g_assert_no_error (error);
  g_assert_true (fx_rules_add (rules, "gcs_eyes_scale", "gcs_eyes BETWEEN 1 AND 4", NULL, &error));
  g_assert_true (fx_rules_add (rules, "plausible_bmi",
                               "weight / ((height / 100.0) * (height / 100.0)) BETWEEN 10 AND 80",
                               NULL, &error));
  g_assert_true (fx_rules_add (rules, "known_unit", "unit IN ('ICU', 'HDU')", NULL, &error));
  g_assert_true (fx_rules_add (rules, "flag", "ventilated = 1 OR gcs_eyes IS NOT NULL", NULL, &error));
  g_assert_no_error (error);

  {
    const char *ok[] = { "4", "70", "170", "ICU", "true" };
    const char *eyes[] = { "5", "70", "170", "ICU", "true" };
    const char *bmi[] = { "3", "400", "170", "ICU", "1" };
    const char *unit[] = { "3", "70", "170", "Ward", "1" };
    const char *missing[] = { "", "NA", "170", NULL, "yes" };
    const char *flag[] = { "", "70", "170", "ICU", "false" };

    g_assert_null (fx_rules_check_strings (rules, names, ok, 5, &error));
    g_assert_cmpstr (fx_rules_check_strings (rules, names, eyes, 5, &error), ==, "gcs_eyes_scale");
    g_assert_cmpstr (fx_rules_check_strings (rules, names, bmi, 5, &error), ==, "plausible_bmi");
    g_assert_cmpstr (fx_rules_check_strings (rules, names, unit, 5, &error), ==, "known_unit");
    /* missing values make the first three checks NULL: no violation */
    g_assert_null (fx_rules_check_strings (rules, names, missing, 5, &error));
    /* "ventilated = 1 OR gcs_eyes IS NOT NULL": false OR false without a ventilation
     * flag, NULL OR false = NULL when the flag is left out */
    g_assert_cmpstr (fx_rules_check_strings (rules, names, flag, 5, &error), ==, "flag");
    g_assert_null (fx_rules_check_strings (rules, names, flag, 4, &error));
    g_assert_no_error (error);
  }

  row = json_from_string ("{\"gcs_eyes\": 2, \"weight\": 60.5, \"height\": 150, \"unit\": \"HDU\","
                          " \"ventilated\": false}", &error);
  g_assert_no_error (error);
  g_assert_null (fx_rules_check_object (rules, json_node_get_object (row), &error));
  json_node_unref (row);
  row = json_from_string ("{\"gcs_eyes\": 0, \"weight\": null, \"unit\": \"HDU\"}", &error);
  g_assert_cmpstr (fx_rules_check_object (rules, json_node_get_object (row), &error), ==,
                   "gcs_eyes_scale");
  g_assert_no_error (error);

  {
    FxMember ok[] = {
      { .name = "gcs_eyes", .kind = FX_MEMBER_NUMBER, .number = 4 },
      { .name = "unit", .kind = FX_MEMBER_STRING, .string = "ICU" },
      { .name = "ventilated", .kind = FX_MEMBER_BOOLEAN, .boolean = TRUE },
      { .name = "weight", .kind = FX_MEMBER_NULL },
    };
    FxMember bad[] = {
      { .name = "weight", .kind = FX_MEMBER_NUMBER, .number = 20 },
      { .name = "height", .kind = FX_MEMBER_STRING, .string = "190" },
      { .name = "unit", .kind = FX_MEMBER_STRING, .string = "HDU" },
    };

    g_assert_null (fx_rules_check_members (rules, ok, G_N_ELEMENTS (ok), &error));
    g_assert_cmpstr (fx_rules_check_members (rules, bad, G_N_ELEMENTS (bad), &error), ==,
                     "plausible_bmi");
    g_assert_no_error (error);
  }
}

/* The eICU example's rules compile from its schema and its real rows keep them all,
 * as Python's sqlite3 counts. */
static void
test_eicu_rules (void)
{
  const char *dir = g_getenv ("FX_EXAMPLE_DIR");
  g_autofree char *schema_path = g_build_filename (dir, "schema.json", NULL);
  g_autofree char *table_path = g_build_filename (dir, "stays.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = fx_schema_load_file (schema_path, &error);
  g_autoptr(GHashTable) types = NULL;
  g_autoptr(FxTable) table = NULL;
  g_autoptr(FxRules) rules = NULL;
  g_autoptr(JsonNode) expected = read_json ("eicu-rules-counts.json");
  JsonObject *want;
  g_autofree guint64 *counts = NULL;
  FxCsvOptions options = { 0 };

  g_assert_no_error (error);
  types = fx_schema_column_types (schema);
  options.types = types;
  table = fx_csv_read_file (table_path, &options, &error);
  g_assert_no_error (error);
  rules = fx_rules_new_for_schema (schema, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fx_rules_get_n_rules (rules), >=, 6);

  want = json_object_get_object_member (json_node_get_object (expected), "violations");
  g_assert_cmpuint (json_object_get_size (want), ==, fx_rules_get_n_rules (rules));
  counts = g_new (guint64, fx_rules_get_n_rules (rules));
  fx_rules_count_table (rules, table, counts, NULL, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < fx_rules_get_n_rules (rules); i++)
    {
      g_assert_cmpuint (counts[i], ==, json_object_get_int_member (want, fx_rules_get_name (rules, i)));
      g_assert_cmpuint (counts[i], ==, 0);
    }
}

/* A schema rule that does not compile is an error when the schema is read, naming
 * the rule, SQLite's message and where the rule stands in the file. */
static void
test_schema_rule_error (void)
{
  const char *text =
    "{\"format\": 1, \"name\": \"t\", \"features\": [{\"name\": \"age\", \"type\": \"integer\"}],\n"
    " \"rules\": [{\"name\": \"ok\", \"check\": \"age > 0\"},\n"
    "    {\"name\": \"broken\", \"check\": \"age >> > 3\"},\n"
    "    {\"name\": \"writes\", \"check\": \"(SELECT count(*) FROM sqlite_master) = 0\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(FxSchema) schema = fx_schema_load_data (text, -1, "inline.json", &error);
  g_autoptr(FxSchema) checked = NULL;
  const FxSchemaProblem *problem;

  g_assert_null (schema);
  g_assert_error (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "inline.json:3:5: "));
  g_assert_nonnull (strstr (error->message, "“broken”"));
  g_assert_nonnull (strstr (error->message, "syntax error"));

  /* every rule that does not compile is a problem of its own, at its own place */
  g_clear_error (&error);
  checked = fx_schema_load_data_checked (text, -1, "inline.json", &problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 2);
  problem = g_ptr_array_index (problems, 1);
  g_assert_cmpuint (problem->line, ==, 4);
  g_assert_cmpuint (problem->column, ==, 5);
  g_assert_nonnull (strstr (problem->message, "“writes”"));
  g_assert_nonnull (strstr (problem->message, "may not"));
}

/* Out-of-range values, unknown labels and unreadable cells, each counted apart. */
static void
test_invalid_counts (void)
{
  const char *schema_text =
    "{\"format\": 1, \"name\": \"t\", \"features\": ["
    " {\"name\": \"age\", \"type\": \"integer\", \"minimum\": 18, \"maximum\": 100},"
    " {\"name\": \"unit\", \"type\": \"categorical\", \"categories\": [\"ICU\", \"HDU\"]},"
    " {\"name\": \"sodium\", \"type\": \"number\"}]}";
  const char *csv =
    "age,unit,sodium\n"
    "17,ICU,140\n"       /* age out of range */
    "101,Ward,high\n"    /* age out of range, unknown unit, sodium not a number */
    ",HDU,135\n"         /* missing: nothing */
    "50,Ward,\n";        /* unknown unit */
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = fx_schema_load_data (schema_text, -1, "inline.json", &error);
  g_autoptr(GHashTable) types = NULL;
  g_autoptr(FxTable) table = NULL;
  FxCsvOptions options = { 0 };
  FxInvalidCounts counts;

  g_assert_no_error (error);
  types = fx_schema_column_types (schema);
  options.types = types;
  table = fx_csv_read_data (csv, strlen (csv), "inline.csv", &options, &error);
  g_assert_no_error (error);
  fx_validity_count_invalid (schema, table, &counts);
  g_assert_cmpuint (counts.out_of_range, ==, 2);
  g_assert_cmpuint (counts.unknown_category, ==, 2);
  g_assert_cmpuint (counts.wrong_type, ==, 1);
}

/* A comparison with a schema counts out-of-range values, unknown labels and cells of
 * the wrong type apart, per feature and over the table, and its rules in both tables,
 * in its JSON and its text. */
static void
test_compare_validity (void)
{
  const char *schema_text =
    "{\"format\": 1, \"name\": \"t\", \"features\": ["
    " {\"name\": \"age\", \"type\": \"integer\", \"minimum\": 18, \"maximum\": 100},"
    " {\"name\": \"unit\", \"type\": \"categorical\", \"categories\": [\"ICU\", \"HDU\"]},"
    " {\"name\": \"sodium\", \"type\": \"number\"}],"
    " \"rules\": [{\"name\": \"age_below_91\", \"check\": \"age <= 90\"},"
    "             {\"name\": \"sodium_plausible\", \"check\": \"sodium BETWEEN 100 AND 180\"}]}";
  const char *real_csv =
    "age,unit,sodium\n"
    "30,ICU,140\n"
    "95,HDU,138\n"      /* breaks age_below_91: a doubtful rule */
    "60,HDU,\n"
    "70,ICU,131\n";
  const char *synthetic_csv =
    "age,unit,sodium\n"
    "17,ICU,140\n"       /* age out of range */
    "101,Ward,high\n"    /* age out of range and breaks age_below_91, unknown unit, sodium not a number */
    ",HDU,95\n"          /* breaks sodium_plausible */
    "50,Ward,\n";        /* unknown unit */
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = fx_schema_load_data (schema_text, -1, "inline.json", &error);
  g_autoptr(GHashTable) types = NULL;
  g_autoptr(FxTable) real = NULL;
  g_autoptr(FxTable) synthetic = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  FxCsvOptions options = { 0 };
  FxCompareOptions compare = { 0 };
  FxComparison *c;
  const FxFeatureComparison *age, *unit;
  JsonObject *validity, *invalid, *rule;

  g_assert_no_error (error);
  types = fx_schema_column_types (schema);
  options.types = types;
  real = fx_csv_read_data (real_csv, strlen (real_csv), "real.csv", &options, &error);
  g_assert_no_error (error);
  synthetic = fx_csv_read_data (synthetic_csv, strlen (synthetic_csv), "synthetic.csv", &options, &error);
  g_assert_no_error (error);
  compare.schema = schema;
  c = fx_compare_tables (real, synthetic, &compare, &error);
  g_assert_no_error (error);

  age = fx_comparison_find (c, "age");
  unit = fx_comparison_find (c, "unit");
  g_assert_cmpuint (age->synthetic_out_of_range, ==, 2);
  g_assert_cmpuint (age->synthetic_unknown_category, ==, 0);
  g_assert_cmpuint (unit->synthetic_unknown_category, ==, 2);
  g_assert_cmpuint (unit->synthetic_out_of_range, ==, 0);

  json = fx_comparison_to_json (c, NULL);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  validity = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "validity");
  g_assert_nonnull (validity);
  invalid = json_object_get_object_member (validity, "invalid");
  g_assert_cmpint (json_object_get_int_member (invalid, "out_of_range"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (invalid, "unknown_category"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (invalid, "wrong_type"), ==, 1);
  rule = json_array_get_object_element (json_object_get_array_member (validity, "rules"), 0);
  g_assert_cmpstr (json_object_get_string_member (rule, "name"), ==, "age_below_91");
  g_assert_cmpint (json_object_get_int_member (rule, "real_violations"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (rule, "synthetic_violations"), ==, 1);
  g_assert_true (json_object_get_boolean_member (rule, "doubtful"));
  rule = json_array_get_object_element (json_object_get_array_member (validity, "rules"), 1);
  g_assert_cmpint (json_object_get_int_member (rule, "real_violations"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (rule, "synthetic_violations"), ==, 1);
  g_assert_false (json_object_get_boolean_member (rule, "doubtful"));

  text = fx_comparison_to_text (c);
  g_assert_nonnull (strstr (text, "age_below_91: 1 / 1 (doubtful"));
  g_assert_nonnull (strstr (text, "sodium_plausible: 0 / 1\n"));
  g_assert_nonnull (strstr (text, "2 out of range, 2 unknown categories, 1 of the wrong type"));
  fx_comparison_free (c);
}

/* A table read without the schema's types still meets the rules as the schema types
 * them: a hospital code read as a number is the label "56" to a rule. */
static void
test_types_from_rules (void)
{
  const char *names[] = { "hospital", "age" };
  const FxColumnType types[] = { FX_COLUMN_CATEGORICAL, FX_COLUMN_INTEGER };
  const char *csv = "hospital,age\n56,40\n73,51\n56,x\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(FxRules) rules = fx_rules_new (names, types, 2, &error);
  g_autoptr(FxTable) table = fx_csv_read_data (csv, strlen (csv), "inline.csv", NULL, &error);
  guint64 counts[2];

  g_assert_no_error (error);
  g_assert_cmpint (fx_table_find_column (table, "hospital")->type, ==, FX_COLUMN_INTEGER);
  g_assert_true (fx_rules_add (rules, "one_hospital", "hospital = '56'", NULL, &error));
  g_assert_true (fx_rules_add (rules, "age_is_integer", "typeof (age) = 'integer'", NULL, &error));
  g_assert_no_error (error);
  fx_rules_count_table (rules, table, counts, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts[0], ==, 1);
  /* "x" is not an integer: read as a label, it stays text in an INTEGER column */
  g_assert_cmpuint (counts[1], ==, 1);
}


/* The validity block of a schema with rules: exactly its keys, the counts Python's
 * sqlite3 gives, the doubtful rule flagged, the synthetic table's invalid cells. */
static void
test_validity_block (void)
{
  g_autoptr(FxTable) real = read_table ("real.csv", NULL);
  g_autoptr(FxSchema) schema = fx_schema_infer (real, "fixture");
  g_autoptr(GHashTable) types = fx_schema_column_types (schema);
  g_autoptr(FxTable) synthetic = read_table ("synthetic.csv", types);
  g_autoptr(JsonNode) expected = read_json ("rules.json");
  g_autoptr(FxValidity) validity = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) got = NULL;
  g_autofree char *text = NULL;
  JsonArray *want = json_node_get_array (expected), *rules;
  JsonObject *root, *invalid;
  FxJsonWriter *w;

  for (guint i = 0; i < json_array_get_length (want); i++)
    {
      JsonObject *r = json_array_get_object_element (want, i);

      g_ptr_array_add (schema->rules,
                       fx_schema_rule_new (json_object_get_string_member (r, "name"),
                                           json_object_get_string_member (r, "check"),
                                           json_object_get_string_member (r, "description")));
    }
  validity = fx_validity_measure (schema, real, synthetic, &error);
  g_assert_no_error (error);

  w = fx_json_writer_new (TRUE);
  fx_validity_write_json (validity, w);
  text = fx_json_writer_finish (w, NULL);
  got = json_from_string (text, &error);
  g_assert_no_error (error);
  root = json_node_get_object (got);
  g_assert_cmpuint (json_object_get_size (root), ==, 2);
  rules = json_object_get_array_member (root, "rules");
  g_assert_cmpuint (json_array_get_length (rules), ==, json_array_get_length (want));
  for (guint i = 0; i < json_array_get_length (want); i++)
    {
      JsonObject *g = json_array_get_object_element (rules, i);
      JsonObject *r = json_array_get_object_element (want, i);

      g_assert_cmpuint (json_object_get_size (g), ==, 5);
      g_assert_cmpstr (json_object_get_string_member (g, "name"), ==,
                       json_object_get_string_member (r, "name"));
      g_assert_cmpstr (json_object_get_string_member (g, "check"), ==,
                       json_object_get_string_member (r, "check"));
      g_assert_cmpint (json_object_get_int_member (g, "real_violations"), ==,
                       json_object_get_int_member (r, "real_violations"));
      g_assert_cmpint (json_object_get_int_member (g, "synthetic_violations"), ==,
                       json_object_get_int_member (r, "synthetic_violations"));
      g_assert_cmpint (json_object_get_boolean_member (g, "doubtful"), ==,
                       json_object_get_boolean_member (r, "doubtful"));
    }
  /* the inferred schema spans the real values and labels: the synthetic table's
   * age of 130 and the gcs_eyes of 6 are out of range (the weight of 400 too), and
   * "Burns" is an unknown unit */
  invalid = json_object_get_object_member (root, "invalid");
  g_assert_cmpuint (json_object_get_size (invalid), ==, 3);
  g_assert_cmpint (json_object_get_int_member (invalid, "unknown_category"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (invalid, "wrong_type"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (invalid, "out_of_range"), >=, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rules/counts-against-sqlite", test_counts_against_sqlite);
  g_test_add_func ("/rules/refused", test_refused);
  g_test_add_func ("/rules/check-row", test_check_row);
  g_test_add_func ("/rules/eicu", test_eicu_rules);
  g_test_add_func ("/rules/schema-rule-error", test_schema_rule_error);
  g_test_add_func ("/rules/invalid-counts", test_invalid_counts);
  g_test_add_func ("/rules/compare-validity", test_compare_validity);
  g_test_add_func ("/rules/validity-block", test_validity_block);
  g_test_add_func ("/rules/types-from-rules", test_types_from_rules);
  return g_test_run ();
}
