/* test-schema.c: schema JSON, inference and row validation (fx-schema.c)
 *
 * tests/fixtures/schema/example.json is the JSON example of docs/DESIGN.md, copied
 * as it is.  It names a target ("hospital_mortality") and a group column
 * ("ethnicity") that its abbreviated feature list leaves out, so it cannot load;
 * example-complete.json is the same text with those two features added, and is
 * the one whose every field is checked.
 *
 * Error positions are counted by hand: "NAME:LINE:COLUMN: ", 1-based, at the value
 * a message is about (at the key for an unknown key, since the key is what is
 * wrong).  Every JSON text used for a position is ASCII, so bytes and characters
 * agree.
 *
 * Assertions are non-fatal: a failing check is reported and the test goes on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "fx-error.h"
#include "fx-schema.h"

G_GNUC_PRINTF (2, 3)
static void
fail_at_line (int         line,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_test_message ("FAIL (test-schema.c:%d) %s", line, message);
  g_test_fail_printf ("test-schema.c:%d: %s", line, message);
}

static gboolean
same_double (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || memcmp (&a, &b, sizeof (double)) == 0;
}

static gboolean
same_strings (GPtrArray *a,
              GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;
  return TRUE;
}

static void
expect_same_schema_at (int             line,
                       const FxSchema *a,
                       const FxSchema *b)
{
  if (a == NULL || b == NULL)
    {
      fail_at_line (line, "no schema to compare");
      return;
    }
  if (g_strcmp0 (a->name, b->name) != 0)
    fail_at_line (line, "name '%s', then '%s'", a->name, b->name);
  if (g_strcmp0 (a->description, b->description) != 0)
    fail_at_line (line, "description '%s', then '%s'", a->description, b->description);
  if (g_strcmp0 (a->target, b->target) != 0)
    fail_at_line (line, "target '%s', then '%s'", a->target, b->target);
  if (!same_strings (a->group_by, b->group_by))
    fail_at_line (line, "group_by differs");
  if (!same_strings (a->constraints, b->constraints))
    fail_at_line (line, "constraints differ");
  if (a->features->len != b->features->len)
    {
      fail_at_line (line, "%u features, then %u", a->features->len, b->features->len);
      return;
    }
  for (guint i = 0; i < a->features->len; i++)
    {
      const FxFeature *x = g_ptr_array_index (a->features, i);
      const FxFeature *y = g_ptr_array_index (b->features, i);

      if (g_strcmp0 (x->name, y->name) != 0 || x->type != y->type ||
          g_strcmp0 (x->unit, y->unit) != 0 || g_strcmp0 (x->description, y->description) != 0 ||
          x->has_minimum != y->has_minimum || x->has_maximum != y->has_maximum ||
          (x->has_minimum && !same_double (x->minimum, y->minimum)) ||
          (x->has_maximum && !same_double (x->maximum, y->maximum)) ||
          x->nullable != y->nullable || !same_double (x->missing_rate, y->missing_rate) ||
          !same_strings (x->categories, y->categories) ||
          (x->frequencies == NULL) != (y->frequencies == NULL))
        {
          fail_at_line (line, "feature %u ('%s') differs", i, x->name);
          continue;
        }
      if (x->frequencies != NULL)
        {
          if (x->frequencies->len != y->frequencies->len)
            fail_at_line (line, "feature '%s': %u frequencies, then %u", x->name,
                          x->frequencies->len, y->frequencies->len);
          else
            for (guint k = 0; k < x->frequencies->len; k++)
              if (!same_double (g_array_index (x->frequencies, double, k),
                                g_array_index (y->frequencies, double, k)))
                fail_at_line (line, "feature '%s': frequency %u is %.17g, then %.17g", x->name, k,
                              g_array_index (x->frequencies, double, k),
                              g_array_index (y->frequencies, double, k));
        }
    }
}

#define EXPECT_SAME_SCHEMA(a, b) expect_same_schema_at (__LINE__, (a), (b))

static FxSchema *
load_text_at (int         line,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  FxSchema *schema = fx_schema_load_data (text, -1, "s.json", &error);

  if (schema == NULL || error != NULL)
    fail_at_line (line, "loading failed: %s", error != NULL ? error->message : "no schema, no error");
  return schema;
}

#define LOAD(text) load_text_at (__LINE__, (text))

static FxFeature *
feature_at (int             line,
            const FxSchema *schema,
            guint           index,
            const char     *name,
            FxColumnType    type)
{
  FxFeature *feature;

  if (schema == NULL)
    return NULL;
  if (index >= schema->features->len)
    {
      fail_at_line (line, "no feature %u", index);
      return NULL;
    }
  feature = g_ptr_array_index (schema->features, index);
  if (g_strcmp0 (feature->name, name) != 0)
    fail_at_line (line, "feature %u: expected the name '%s', got '%s'", index, name, feature->name);
  if (feature->type != type)
    fail_at_line (line, "feature '%s': expected the type %s, got %s", name,
                  fx_column_type_to_string (type), fx_column_type_to_string (feature->type));
  if (fx_schema_find_feature (schema, name) != feature)
    fail_at_line (line, "fx_schema_find_feature ('%s') finds another feature", name);
  return feature;
}

#define FEATURE(schema, index, name, type) feature_at (__LINE__, (schema), (index), (name), (type))

static void
expect_strings_at (int          line,
                   GPtrArray   *array,
                   const char  *what,
                   const char **expected)
{
  guint n = expected != NULL ? g_strv_length ((char **) expected) : 0;

  if (array->len != n)
    {
      fail_at_line (line, "%s: expected %u items, got %u", what, n, array->len);
      return;
    }
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (g_ptr_array_index (array, i), expected[i]) != 0)
      fail_at_line (line, "%s[%u]: expected '%s', got '%s'", what, i, expected[i],
                    (const char *) g_ptr_array_index (array, i));
}

#define EXPECT_STRINGS(array, what, ...) \
  expect_strings_at (__LINE__, (array), (what), (const char *[]) { __VA_ARGS__, NULL })

/* ---- loading -------------------------------------------------------------------- */

static void
check_example (const FxSchema *schema)
{
  FxFeature *age, *gender, *creatinine, *ethnicity, *mortality;
  g_autoptr(GHashTable) types = NULL;

  g_assert_cmpstr (schema->name, ==, "eICU demo, 10 features");
  g_assert_cmpstr (schema->description, ==, "Adult ICU stays, first 24 h");
  g_assert_cmpstr (schema->target, ==, "hospital_mortality");
  EXPECT_STRINGS (schema->group_by, "group_by", "gender", "ethnicity");
  EXPECT_STRINGS (schema->constraints, "constraints", "mean_bp > 0", "admission_weight > 0");
  g_assert_cmpuint (schema->features->len, ==, 5);

  age = FEATURE (schema, 0, "age", FX_COLUMN_INTEGER);
  gender = FEATURE (schema, 1, "gender", FX_COLUMN_CATEGORICAL);
  creatinine = FEATURE (schema, 2, "creatinine", FX_COLUMN_NUMBER);
  ethnicity = FEATURE (schema, 3, "ethnicity", FX_COLUMN_CATEGORICAL);
  mortality = FEATURE (schema, 4, "hospital_mortality", FX_COLUMN_BOOLEAN);
  if (age == NULL || gender == NULL || creatinine == NULL || ethnicity == NULL || mortality == NULL)
    return;

  g_assert_cmpstr (age->unit, ==, "years");
  g_assert_cmpstr (age->description, ==, "Age at admission");
  g_assert_true (age->has_minimum);
  g_assert_cmpfloat (age->minimum, ==, 18);
  g_assert_true (age->has_maximum);
  g_assert_cmpfloat (age->maximum, ==, 90);
  g_assert_true (age->nullable);
  g_assert_cmpfloat (age->missing_rate, ==, 0.002);
  g_assert_cmpuint (age->categories->len, ==, 0);
  g_assert_null (age->frequencies);

  g_assert_null (gender->unit);
  g_assert_null (gender->description);
  g_assert_false (gender->has_minimum);
  g_assert_false (gender->has_maximum);
  EXPECT_STRINGS (gender->categories, "gender categories", "Female", "Male");
  g_assert_nonnull (gender->frequencies);
  if (gender->frequencies != NULL)
    {
      g_assert_cmpuint (gender->frequencies->len, ==, 2);
      if (gender->frequencies->len == 2)
        {
          g_assert_cmpfloat (g_array_index (gender->frequencies, double, 0), ==, 0.4);
          g_assert_cmpfloat (g_array_index (gender->frequencies, double, 1), ==, 0.6);
        }
    }
  g_assert_true (gender->nullable);
  g_assert_true (isnan (gender->missing_rate));

  g_assert_cmpstr (creatinine->unit, ==, "mg/dL");
  g_assert_null (creatinine->description);
  g_assert_true (creatinine->has_minimum);
  g_assert_cmpfloat (creatinine->minimum, ==, 0.1);
  g_assert_true (creatinine->has_maximum);
  g_assert_cmpfloat (creatinine->maximum, ==, 20);
  g_assert_false (creatinine->nullable);   /* not stated: not nullable */
  g_assert_true (isnan (creatinine->missing_rate));
  g_assert_null (creatinine->frequencies);

  g_assert_cmpuint (ethnicity->categories->len, ==, 0);  /* any label */
  g_assert_null (ethnicity->frequencies);
  g_assert_true (ethnicity->nullable);

  g_assert_false (mortality->nullable);
  g_assert_false (mortality->has_minimum);
  g_assert_null (mortality->unit);

  g_assert_null (fx_schema_find_feature (schema, "Age"));
  g_assert_null (fx_schema_find_feature (schema, "mean_bp"));

  types = fx_schema_column_types (schema);
  g_assert_cmpuint (g_hash_table_size (types), ==, 5);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (types, "age")), ==, FX_COLUMN_INTEGER + 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (types, "gender")), ==, FX_COLUMN_CATEGORICAL + 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (types, "creatinine")), ==, FX_COLUMN_NUMBER + 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (types, "hospital_mortality")), ==, FX_COLUMN_BOOLEAN + 1);
  g_assert_null (g_hash_table_lookup (types, "nope"));
}

static void
test_load_example (void)
{
  const char *path = g_test_get_filename (G_TEST_DIST, "fixtures", "schema", "example-complete.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = fx_schema_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (schema);
  if (schema != NULL)
    check_example (schema);
}

/* The example exactly as docs/DESIGN.md prints it: its target is not among the
 * features it lists, which the loader rejects (the first check that fails). */
static void
test_load_design_doc_verbatim (void)
{
  const char *path = g_test_get_filename (G_TEST_DIST, "fixtures", "schema", "example.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = fx_schema_load_file (path, &error);
  g_autofree char *prefix = g_strconcat (path, ":5:13: ", NULL);

  g_assert_null (schema);
  g_assert_error (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_INVALID);
  if (error != NULL)
    {
      g_test_message ("docs/DESIGN.md example: %s", error->message);
      if (!g_str_has_prefix (error->message, prefix))
        fail_at_line (__LINE__, "expected '%s...', got '%s'", prefix, error->message);
    }
}

static void
test_load_io_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fx-test-schema-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "missing.json", NULL);
  g_autoptr(FxSchema) schema = fx_schema_load_file (path, &error);

  g_assert_null (schema);
  g_assert_error (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_IO);
  g_rmdir (dir);
}

static void
test_load_variants (void)
{
  /* categories may be written as numbers; target may be null; numbers may be
   * integers or not; a frequency sum off by rounding is accepted */
  g_autoptr(FxSchema) schema = LOAD ("{\"format\": 1.0, \"target\": null, \"features\": ["
                                     "{\"name\": \"grade\", \"type\": \"categorical\","
                                     " \"categories\": [1, \"2\", 3.5], \"frequencies\": [0.3333, 0.3333, 0.3334]},"
                                     "{\"name\": \"x\", \"type\": \"number\", \"minimum\": -1e3,"
                                     " \"maximum\": 2.5, \"nullable\": false, \"missing_rate\": 0}]}");
  FxFeature *grade, *x;

  if (schema == NULL)
    return;
  g_assert_null (schema->target);
  g_assert_null (schema->name);
  g_assert_cmpuint (schema->group_by->len, ==, 0);
  grade = FEATURE (schema, 0, "grade", FX_COLUMN_CATEGORICAL);
  x = FEATURE (schema, 1, "x", FX_COLUMN_NUMBER);
  if (grade == NULL || x == NULL)
    return;
  EXPECT_STRINGS (grade->categories, "grade categories", "1", "2", "3.5");
  g_assert_cmpfloat (x->minimum, ==, -1000);
  g_assert_cmpfloat (x->maximum, ==, 2.5);
  g_assert_cmpfloat (x->missing_rate, ==, 0);
}

/* ---- load errors ---------------------------------------------------------------- */

static void
expect_load_error_at (int            line,
                      const char    *text,
                      FxSchemaError  code,
                      const char    *position)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = fx_schema_load_data (text, -1, "s.json", &error);
  g_autofree char *prefix = g_strdup_printf ("s.json:%s: ", position);

  if (schema != NULL)
    fail_at_line (line, "expected error %d at %s, but loading succeeded", code, prefix);
  if (error == NULL)
    {
      if (schema == NULL)
        fail_at_line (line, "no schema and no error");
      return;
    }
  if (!g_error_matches (error, FX_SCHEMA_ERROR, code))
    fail_at_line (line, "expected FX_SCHEMA_ERROR code %d, got %s code %d: %s", code,
                  g_quark_to_string (error->domain), error->code, error->message);
  if (!g_str_has_prefix (error->message, prefix) || strlen (error->message) <= strlen (prefix))
    fail_at_line (line, "expected a message starting with '%s', got '%s'", prefix, error->message);
  else
    g_test_message ("ok: %s", error->message);
}

#define EXPECT_LOAD_ERROR(text, code, position) \
  expect_load_error_at (__LINE__, (text), (code), (position))

/* Most cases below share this layout, with the feature on line 4 starting at
 * column 5:
 *
 *   {
 *     "format": 1,
 *     "features": [
 *       {"name": "age", "type": "integer", ...
 *     ]
 *   }
 *
 * In '    {"name": "age", "type": "integer", ' the next key starts at column 40.
 */
#define DOC(feature) "{\n  \"format\": 1,\n  \"features\": [\n    " feature "\n  ]\n}\n"

static void
test_load_error_syntax (void)
{
  /* the second comma, line 3 column 15 */
  EXPECT_LOAD_ERROR ("{\n  \"format\": 1,\n  \"name\": \"x\",,\n  \"features\": []\n}\n",
                     FX_SCHEMA_ERROR_SYNTAX, "3:15");
  /* a value after a first one that is a number, a string or a word, where it starts
   * (json-glib alone reads the first and drops, and leaks, the rest) */
  EXPECT_LOAD_ERROR ("9{\"format\": 1, \"features\": []}", FX_SCHEMA_ERROR_SYNTAX, "1:2");
  EXPECT_LOAD_ERROR ("\"a \\\" [\"\n  [{\"format\": 1}]\n", FX_SCHEMA_ERROR_SYNTAX, "2:3");
  EXPECT_LOAD_ERROR (" \n true {}", FX_SCHEMA_ERROR_SYNTAX, "2:7");
}

static void
test_load_error_encoding (void)
{
  /* the byte 0xFF at line 3 column 14 */
  EXPECT_LOAD_ERROR ("{\n  \"format\": 1,\n  \"name\": \"ab\xff\"\n}\n",
                     FX_SCHEMA_ERROR_SYNTAX, "3:14");
  EXPECT_LOAD_ERROR ("\xfe{}", FX_SCHEMA_ERROR_SYNTAX, "1:1");
}

static void
test_load_error_members (void)
{
  /* a member of the wrong type: at its value */
  EXPECT_LOAD_ERROR (DOC ("{\"name\": \"age\", \"type\": \"integer\", \"minimum\": \"5\"}"),
                     FX_SCHEMA_ERROR_INVALID, "4:51");
  /* an unknown type name: at the value of "type" */
  EXPECT_LOAD_ERROR (DOC ("{\"name\": \"age\", \"type\": \"int\"}"),
                     FX_SCHEMA_ERROR_INVALID, "4:29");
  /* maximum below minimum: at the maximum */
  EXPECT_LOAD_ERROR (DOC ("{\"name\": \"age\", \"type\": \"integer\", \"minimum\": 50, \"maximum\": 10}"),
                     FX_SCHEMA_ERROR_INVALID, "4:66");
  /* frequencies adding up to 1.1, and two frequencies for one category: at the list */
  EXPECT_LOAD_ERROR (DOC ("{\"name\": \"sex\", \"type\": \"categorical\", \"categories\": [\"F\", \"M\"], "
                          "\"frequencies\": [0.5, 0.6]}"),
                     FX_SCHEMA_ERROR_INVALID, "4:85");
  EXPECT_LOAD_ERROR (DOC ("{\"name\": \"sex\", \"type\": \"categorical\", \"categories\": [\"F\", \"M\"], "
                          "\"frequencies\": [1.0]}"),
                     FX_SCHEMA_ERROR_INVALID, "4:85");
  /* a missing rate without "nullable": true, whether false is stated or not */
  EXPECT_LOAD_ERROR (DOC ("{\"name\": \"age\", \"type\": \"integer\", \"missing_rate\": 0.1}"),
                     FX_SCHEMA_ERROR_INVALID, "4:56");
  EXPECT_LOAD_ERROR (DOC ("{\"name\": \"age\", \"type\": \"integer\", \"nullable\": false, \"missing_rate\": 0.1}"),
                     FX_SCHEMA_ERROR_INVALID, "4:75");
}

static void
test_load_error_unknown_key (void)
{
  /* at the key that is not known */
  EXPECT_LOAD_ERROR (DOC ("{\"name\": \"age\", \"type\": \"integer\", \"colour\": \"red\"}"),
                     FX_SCHEMA_ERROR_INVALID, "4:40");
  EXPECT_LOAD_ERROR ("{\n  \"colour\": \"red\",\n  \"format\": 1,\n"
                     "  \"features\": [{\"name\": \"a\", \"type\": \"number\"}]\n}\n",
                     FX_SCHEMA_ERROR_INVALID, "2:3");
}

static void
test_load_error_schema (void)
{
  /* two features with one name: at the second name */
  EXPECT_LOAD_ERROR ("{\n  \"format\": 1,\n  \"features\": [\n"
                     "    {\"name\": \"age\", \"type\": \"integer\"},\n"
                     "    {\"name\": \"age\", \"type\": \"number\"}\n  ]\n}\n",
                     FX_SCHEMA_ERROR_INVALID, "5:14");
  /* no format: the whole object */
  EXPECT_LOAD_ERROR ("{\n  \"features\": [{\"name\": \"a\", \"type\": \"number\"}]\n}\n",
                     FX_SCHEMA_ERROR_INVALID, "1:1");
  /* format 2: at the 2 */
  EXPECT_LOAD_ERROR ("{\n  \"format\": 2,\n  \"features\": [{\"name\": \"a\", \"type\": \"number\"}]\n}\n",
                     FX_SCHEMA_ERROR_INVALID, "2:13");
  /* no features: at the empty list */
  EXPECT_LOAD_ERROR ("{\n  \"format\": 1,\n  \"features\": []\n}\n",
                     FX_SCHEMA_ERROR_INVALID, "3:15");
  /* a target that is not a feature: at the target */
  EXPECT_LOAD_ERROR ("{\n  \"format\": 1,\n  \"target\": \"outcome\",\n"
                     "  \"features\": [{\"name\": \"a\", \"type\": \"number\"}]\n}\n",
                     FX_SCHEMA_ERROR_INVALID, "3:13");
  /* a group column that is not a feature: at that item */
  EXPECT_LOAD_ERROR ("{\n  \"format\": 1,\n  \"group_by\": [\"a\", \"b\"],\n"
                     "  \"features\": [{\"name\": \"a\", \"type\": \"number\"}]\n}\n",
                     FX_SCHEMA_ERROR_INVALID, "3:21");
}

/* ---- save and load -------------------------------------------------------------- */

static void
test_round_trip (void)
{
  const char *path = g_test_get_filename (G_TEST_DIST, "fixtures", "schema", "example-complete.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = fx_schema_load_file (path, &error);
  g_autoptr(FxSchema) again = NULL;
  g_autoptr(FxSchema) from_file = NULL;
  g_autofree char *json = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fx-test-schema-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "saved.json", NULL);

  g_assert_no_error (error);
  if (schema == NULL)
    goto out;

  json = fx_schema_to_json (schema);
  again = LOAD (json);
  EXPECT_SAME_SCHEMA (schema, again);
  if (again != NULL)
    check_example (again);

  g_assert_true (fx_schema_save_file (schema, out, &error));
  g_assert_no_error (error);
  from_file = fx_schema_load_file (out, &error);
  g_assert_no_error (error);
  EXPECT_SAME_SCHEMA (schema, from_file);

out:
  g_unlink (out);
  g_rmdir (dir);
}

static void
test_round_trip_values (void)
{
  /* awkward strings and numbers that must come back exactly */
  g_autoptr(FxSchema) schema = fx_schema_new ();
  g_autoptr(FxSchema) again = NULL;
  g_autofree char *json = NULL;
  FxFeature *f;
  double third = 1.0 / 3.0;

  schema->name = g_strdup ("quotes \" backslash \\ newline \n tab \t unicode \xc3\xa9\xe2\x82\xac");
  schema->description = g_strdup ("");
  f = fx_feature_new ("weight \"kg\"", FX_COLUMN_NUMBER);
  f->has_minimum = TRUE;
  f->minimum = 0.1;
  f->has_maximum = TRUE;
  f->maximum = 1e300;
  f->nullable = TRUE;
  f->missing_rate = third;
  f->unit = g_strdup ("kg/m\xc2\xb2");
  g_ptr_array_add (schema->features, f);
  f = fx_feature_new ("grade", FX_COLUMN_CATEGORICAL);
  g_ptr_array_add (f->categories, g_strdup ("a,b"));
  g_ptr_array_add (f->categories, g_strdup ("007"));
  g_ptr_array_add (f->categories, g_strdup ("line\nbreak"));
  f->frequencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_val (f->frequencies, third);
  g_array_append_val (f->frequencies, third);
  g_array_append_val (f->frequencies, third);
  g_ptr_array_add (schema->features, f);
  f = fx_feature_new ("count", FX_COLUMN_INTEGER);
  f->has_minimum = TRUE;
  f->minimum = -5;
  f->has_maximum = TRUE;
  f->maximum = 12345678901.0;
  g_ptr_array_add (schema->features, f);
  g_ptr_array_add (schema->group_by, g_strdup ("grade"));
  schema->target = g_strdup ("count");
  g_ptr_array_add (schema->constraints, g_strdup ("count >= 0 && \"x\""));

  json = fx_schema_to_json (schema);
  again = LOAD (json);
  EXPECT_SAME_SCHEMA (schema, again);
}

/* ---- inference ------------------------------------------------------------------ */

static FxColumn *
numbers (const char   *name,
         FxColumnType  type,
         const double *values,
         gsize         n)
{
  FxColumn *column = fx_column_new (name, type);

  for (gsize i = 0; i < n; i++)
    if (isnan (values[i]))
      fx_column_append_missing (column);
    else
      fx_column_append_number (column, values[i]);
  return column;
}

static FxColumn *
labels (const char  *name,
        const char **values,
        gsize        n)
{
  FxColumn *column = fx_column_new (name, FX_COLUMN_CATEGORICAL);

  for (gsize i = 0; i < n; i++)
    if (values[i] == NULL)
      fx_column_append_missing (column);
    else
      fx_column_append_category (column, values[i]);
  return column;
}

static void
expect_frequencies_at (int              line,
                       const FxFeature *f,
                       const char     **categories,
                       const double    *frequencies,
                       guint            n)
{
  if (f == NULL)
    return;
  if (f->categories->len != n || f->frequencies == NULL || f->frequencies->len != n)
    {
      fail_at_line (line, "'%s': expected %u categories and frequencies, got %u and %d", f->name, n,
                    f->categories->len, f->frequencies != NULL ? (int) f->frequencies->len : -1);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      double got = g_array_index (f->frequencies, double, i);

      if (g_strcmp0 (g_ptr_array_index (f->categories, i), categories[i]) != 0)
        fail_at_line (line, "'%s' category %u: expected '%s', got '%s'", f->name, i, categories[i],
                      (const char *) g_ptr_array_index (f->categories, i));
      /* rounded to 6 decimals at most */
      if (fabs (got - frequencies[i]) > 5e-7)
        fail_at_line (line, "'%s' frequency of '%s': expected %.9g, got %.17g", f->name,
                      categories[i], frequencies[i], got);
    }
}

static void
test_infer (void)
{
  /* 6 rows */
  static const double age[] = { 30, 40, NAN, 50, 20, 35 };
  static const double bmi[] = { 21.5, NAN, NAN, 30.25, -1.5, 19 };
  static const double flag[] = { 1, 0, 1, 1, 0, 1 };
  static const double id[] = { 1, 2, 3, 4, 5, 6 };
  static const char *sex[] = { "M", "F", "M", NULL, "M", "F" };
  static const char *ward[] = { "a", "b", "c", "b", "c", "c" };
  static const char *tie[] = { "p", "q", "q", "p", "r", NULL };
  static const char *empty[] = { NULL, NULL, NULL, NULL, NULL, NULL };
  g_autoptr(FxTable) table = fx_table_new ();
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(FxSchema) again = NULL;
  g_autofree char *json = NULL;
  FxFeature *f;

  fx_table_add_column (table, numbers ("age", FX_COLUMN_INTEGER, age, 6));
  fx_table_add_column (table, labels ("sex", sex, 6));
  fx_table_add_column (table, labels ("ward", ward, 6));
  fx_table_add_column (table, numbers ("bmi", FX_COLUMN_NUMBER, bmi, 6));
  fx_table_add_column (table, numbers ("flag", FX_COLUMN_BOOLEAN, flag, 6));
  fx_table_add_column (table, numbers ("id", FX_COLUMN_INTEGER, id, 6));
  fx_table_add_column (table, labels ("tie", tie, 6));
  fx_table_add_column (table, labels ("empty", empty, 6));
  g_assert_cmpuint (table->n_rows, ==, 6);

  schema = fx_schema_infer (table, "inferred");
  g_assert_cmpstr (schema->name, ==, "inferred");
  g_assert_null (schema->target);
  g_assert_cmpuint (schema->group_by->len, ==, 0);
  g_assert_cmpuint (schema->features->len, ==, 8);
  if (schema->features->len != 8)
    return;

  f = FEATURE (schema, 0, "age", FX_COLUMN_INTEGER);
  g_assert_true (f->has_minimum);
  g_assert_true (f->has_maximum);
  g_assert_cmpfloat (f->minimum, ==, 20);
  g_assert_cmpfloat (f->maximum, ==, 50);
  g_assert_true (f->nullable);
  g_assert_cmpfloat_with_epsilon (f->missing_rate, 1.0 / 6, 5e-7);
  g_assert_cmpuint (f->categories->len, ==, 0);
  g_assert_null (f->frequencies);

  /* by frequency among the present cells: M 3 of 5, F 2 of 5 */
  f = FEATURE (schema, 1, "sex", FX_COLUMN_CATEGORICAL);
  expect_frequencies_at (__LINE__, f, (const char *[]) { "M", "F" }, (const double[]) { 0.6, 0.4 }, 2);
  g_assert_true (f->nullable);
  g_assert_cmpfloat_with_epsilon (f->missing_rate, 1.0 / 6, 5e-7);
  g_assert_false (f->has_minimum);
  g_assert_false (f->has_maximum);

  /* first seen a, b, c; by frequency c 3, b 2, a 1 */
  f = FEATURE (schema, 2, "ward", FX_COLUMN_CATEGORICAL);
  expect_frequencies_at (__LINE__, f, (const char *[]) { "c", "b", "a" },
                         (const double[]) { 0.5, 2.0 / 6, 1.0 / 6 }, 3);
  g_assert_false (f->nullable);
  g_assert_cmpfloat (f->missing_rate, ==, 0);

  f = FEATURE (schema, 3, "bmi", FX_COLUMN_NUMBER);
  g_assert_true (f->has_minimum);
  g_assert_cmpfloat (f->minimum, ==, -1.5);
  g_assert_true (f->has_maximum);
  g_assert_cmpfloat (f->maximum, ==, 30.25);
  g_assert_true (f->nullable);
  g_assert_cmpfloat_with_epsilon (f->missing_rate, 2.0 / 6, 5e-7);

  f = FEATURE (schema, 4, "flag", FX_COLUMN_BOOLEAN);
  g_assert_false (f->has_minimum);
  g_assert_false (f->has_maximum);
  g_assert_cmpuint (f->categories->len, ==, 0);
  g_assert_false (f->nullable);
  g_assert_cmpfloat (f->missing_rate, ==, 0);

  f = FEATURE (schema, 5, "id", FX_COLUMN_INTEGER);
  g_assert_cmpfloat (f->minimum, ==, 1);
  g_assert_cmpfloat (f->maximum, ==, 6);
  g_assert_false (f->nullable);

  /* p and q tie (2 of 5 each) in either order, then r */
  f = FEATURE (schema, 6, "tie", FX_COLUMN_CATEGORICAL);
  if (f->categories->len == 3 && f->frequencies != NULL && f->frequencies->len == 3)
    {
      gboolean pq = g_str_equal (g_ptr_array_index (f->categories, 0), "p");

      expect_frequencies_at (__LINE__, f,
                             pq ? (const char *[]) { "p", "q", "r" } : (const char *[]) { "q", "p", "r" },
                             (const double[]) { 0.4, 0.4, 0.2 }, 3);
    }
  else
    fail_at_line (__LINE__, "'tie': expected 3 categories with frequencies");

  /* nothing present: nothing to list, all missing */
  f = FEATURE (schema, 7, "empty", FX_COLUMN_CATEGORICAL);
  g_assert_cmpuint (f->categories->len, ==, 0);
  g_assert_true (f->frequencies == NULL || f->frequencies->len == 0);
  g_assert_true (f->nullable);
  g_assert_cmpfloat (f->missing_rate, ==, 1);

  /* an inferred schema is a valid schema */
  json = fx_schema_to_json (schema);
  again = LOAD (json);
  EXPECT_SAME_SCHEMA (schema, again);
}

/* 4700 labels seen once each: every frequency is 1/4700, rounded to 0.000213; the
 * inferred schema must still load. */
static void
test_infer_many_categories (void)
{
  g_autoptr(FxTable) table = fx_table_new ();
  FxColumn *column = fx_column_new ("code", FX_COLUMN_CATEGORICAL);
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(FxSchema) again = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  double sum = 0;
  FxFeature *f;

  for (guint i = 0; i < 4700; i++)
    {
      g_autofree char *label = g_strdup_printf ("code-%04u", i);

      fx_column_append_category (column, label);
    }
  fx_table_add_column (table, column);
  schema = fx_schema_infer (table, "many");
  f = FEATURE (schema, 0, "code", FX_COLUMN_CATEGORICAL);
  if (f == NULL || f->frequencies == NULL)
    return;
  g_assert_cmpuint (f->categories->len, ==, 4700);
  for (guint i = 0; i < f->frequencies->len; i++)
    sum += g_array_index (f->frequencies, double, i);
  g_test_message ("4700 inferred frequencies add up to %.9g", sum);

  json = fx_schema_to_json (schema);
  again = fx_schema_load_data (json, -1, "inferred.json", &error);
  g_assert_no_error (error);
  EXPECT_SAME_SCHEMA (schema, again);
}

/* ---- validation ----------------------------------------------------------------- */

static const char validation_schema[] =
  "{\"format\": 1, \"features\": ["
  "{\"name\": \"age\", \"type\": \"integer\", \"minimum\": 18, \"maximum\": 90},"
  "{\"name\": \"bmi\", \"type\": \"number\", \"minimum\": 10, \"maximum\": 80, \"nullable\": true},"
  "{\"name\": \"sex\", \"type\": \"categorical\", \"categories\": [\"F\", \"M\"]},"
  "{\"name\": \"smoker\", \"type\": \"boolean\"},"
  "{\"name\": \"grade\", \"type\": \"categorical\", \"categories\": [\"1\", \"2\"], \"nullable\": true},"
  "{\"name\": \"note\", \"type\": \"categorical\", \"nullable\": true}"
  "]}";

/* @expected: "feature:kind" items, in any order, NULL-terminated. */
static void
expect_violations_at (int          line,
                      const char  *what,
                      GPtrArray   *violations,
                      const char **expected)
{
  guint n = g_strv_length ((char **) expected);
  g_autofree gboolean *matched = g_new0 (gboolean, MAX (n, 1));

  for (guint i = 0; i < violations->len; i++)
    {
      FxViolation *v = g_ptr_array_index (violations, i);
      g_autofree char *item = g_strdup_printf ("%s:%s", v->feature, fx_violation_kind_to_string (v->kind));
      gboolean found = FALSE;

      if (v->message == NULL || v->message[0] == '\0')
        fail_at_line (line, "%s: violation %s has no message", what, item);
      for (guint k = 0; k < n && !found; k++)
        if (!matched[k] && g_str_equal (item, expected[k]))
          found = matched[k] = TRUE;
      if (!found)
        fail_at_line (line, "%s: unexpected violation %s (%s)", what, item, v->message);
    }
  for (guint k = 0; k < n; k++)
    if (!matched[k])
      fail_at_line (line, "%s: expected the violation %s", what, expected[k]);
}

#define EXPECT_VIOLATIONS(what, violations, ...) \
  expect_violations_at (__LINE__, (what), (violations), (const char *[]) { __VA_ARGS__ })

static GPtrArray *
validate_row (const FxSchema *schema,
              const char     *row)
{
  /* "name=value|name=value" */
  g_auto(GStrv) cells = g_strsplit (row, "|", -1);
  guint n = g_strv_length (cells);
  g_autofree const char **names = g_new0 (const char *, n + 1);
  g_autofree const char **values = g_new0 (const char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      char *eq = strchr (cells[i], '=');

      g_assert_nonnull (eq);
      *eq = '\0';
      names[i] = cells[i];
      values[i] = eq + 1;
    }
  return fx_schema_validate_strings (schema, names, values, n);
}

static void
test_validate_strings (void)
{
  g_autoptr(FxSchema) schema = LOAD (validation_schema);
  static const char *valid[] = {
    "age=42|bmi=22.5|sex=F|smoker=yes|grade=2|note=anything",
    "age=18|bmi=80|sex=M|smoker=0|grade=NA|note=",
    "age=90|bmi=|sex=M|smoker=true|grade=1",
    "smoker=FALSE|sex=F|age= 33 |bmi=10",
  };

  if (schema == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GPtrArray) v = validate_row (schema, valid[i]);

      EXPECT_VIOLATIONS (valid[i], v, NULL);
    }

  {
    g_autoptr(GPtrArray) v = validate_row (schema, "age=abc|bmi=5|sex=X|smoker=|grade=3|extra=1");

    EXPECT_VIOLATIONS ("every kind", v, "age:type", "bmi:range", "sex:category", "smoker:missing",
                       "grade:category", "extra:unknown-field", NULL);
  }
  {
    g_autoptr(GPtrArray) v = validate_row (schema, "age=95|bmi=80.5|sex=f|smoker=2");

    EXPECT_VIOLATIONS ("above", v, "age:range", "bmi:range", "sex:category", "smoker:type", NULL);
  }
  {
    g_autoptr(GPtrArray) v = validate_row (schema, "age=17|bmi=9.99|sex=NA|smoker=maybe");

    EXPECT_VIOLATIONS ("below", v, "age:range", "bmi:range", "sex:missing", "smoker:type", NULL);
  }
  {
    g_autoptr(GPtrArray) v = validate_row (schema, "age=42.5|bmi=inf|sex=M|smoker=1");

    EXPECT_VIOLATIONS ("not an integer", v, "age:type", "bmi:type", NULL);
  }
  {
    /* columns left out are missing */
    g_autoptr(GPtrArray) v = validate_row (schema, "bmi=20|other=1|another=2");

    EXPECT_VIOLATIONS ("left out", v, "age:missing", "sex:missing", "smoker:missing",
                       "other:unknown-field", "another:unknown-field", NULL);
  }
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static GPtrArray *
validate_json (const FxSchema *schema,
               const char     *text)
{
  g_autoptr(JsonObject) object = parse_object (text);

  return fx_schema_validate_object (schema, object);
}

static void
test_validate_object (void)
{
  g_autoptr(FxSchema) schema = LOAD (validation_schema);
  static const char *valid[] = {
    /* a number for a category "1" */
    "{\"age\": 42, \"bmi\": 22.5, \"sex\": \"F\", \"smoker\": true, \"grade\": 1, \"note\": \"x\"}",
    "{\"age\": 18.0, \"bmi\": null, \"sex\": \"M\", \"smoker\": false, \"grade\": \"2\"}",
    "{\"age\": 90, \"sex\": \"M\", \"smoker\": 1, \"grade\": null, \"note\": \"NA\"}",
  };

  if (schema == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GPtrArray) v = validate_json (schema, valid[i]);

      EXPECT_VIOLATIONS (valid[i], v, NULL);
    }

  {
    /* a model's string "42" is not the integer 42 */
    g_autoptr(GPtrArray) v = validate_json (schema, "{\"age\": \"42\", \"sex\": \"F\", \"smoker\": true}");

    EXPECT_VIOLATIONS ("string for an integer", v, "age:type", NULL);
  }
  {
    g_autoptr(GPtrArray) v = validate_json (schema, "{\"age\": 42.5, \"bmi\": \"22.5\", \"sex\": \"F\", \"smoker\": true}");

    EXPECT_VIOLATIONS ("not an integer, string for a number", v, "age:type", "bmi:type", NULL);
  }
  {
    g_autoptr(GPtrArray) v = validate_json (schema, "{\"age\": 100, \"bmi\": 5, \"sex\": \"X\", \"smoker\": null, "
                                                   "\"grade\": 3, \"extra\": 1}");

    EXPECT_VIOLATIONS ("every kind", v, "age:range", "bmi:range", "sex:category", "smoker:missing",
                       "grade:category", "extra:unknown-field", NULL);
  }
  {
    g_autoptr(GPtrArray) v = validate_json (schema, "{\"age\": 17, \"bmi\": 80.5, \"sex\": true, \"smoker\": 2, "
                                                   "\"note\": [1]}");

    EXPECT_VIOLATIONS ("below and above", v, "age:range", "bmi:range", "sex:type", "smoker:type",
                       "note:type", NULL);
  }
  {
    g_autoptr(GPtrArray) v = validate_json (schema, "{}");

    EXPECT_VIOLATIONS ("empty object", v, "age:missing", "sex:missing", "smoker:missing", NULL);
  }
}

/* Categories spelled like booleans are categories: a categorical feature whose
 * categories are yes/no/unknown accepts "yes" from a CSV row. */
static void
test_validate_boolean_like_categories (void)
{
  g_autoptr(FxSchema) schema = LOAD ("{\"format\": 1, \"features\": ["
                                     "{\"name\": \"smoker\", \"type\": \"categorical\","
                                     " \"categories\": [\"yes\", \"no\", \"unknown\"]},"
                                     "{\"name\": \"alive\", \"type\": \"categorical\","
                                     " \"categories\": [\"true\", \"false\"]}]}");
  g_autoptr(GPtrArray) v1 = NULL;
  g_autoptr(GPtrArray) v2 = NULL;
  g_autoptr(GPtrArray) v3 = NULL;
  g_autoptr(GPtrArray) v4 = NULL;

  if (schema == NULL)
    return;
  v1 = validate_row (schema, "smoker=yes|alive=true");
  EXPECT_VIOLATIONS ("yes and true as categories", v1, NULL);
  v2 = validate_row (schema, "smoker=unknown|alive=false");
  EXPECT_VIOLATIONS ("unknown and false as categories", v2, NULL);
  v3 = validate_row (schema, "smoker=maybe|alive=no");
  EXPECT_VIOLATIONS ("not categories", v3, "smoker:category", "alive:category", NULL);
  v4 = validate_json (schema, "{\"smoker\": \"no\", \"alive\": \"true\"}");
  EXPECT_VIOLATIONS ("as JSON strings", v4, NULL);
}

static void
test_violation_kinds (void)
{
  g_assert_cmpstr (fx_violation_kind_to_string (FX_VIOLATION_TYPE), ==, "type");
  g_assert_cmpstr (fx_violation_kind_to_string (FX_VIOLATION_RANGE), ==, "range");
  g_assert_cmpstr (fx_violation_kind_to_string (FX_VIOLATION_CATEGORY), ==, "category");
  g_assert_cmpstr (fx_violation_kind_to_string (FX_VIOLATION_MISSING), ==, "missing");
  g_assert_cmpstr (fx_violation_kind_to_string (FX_VIOLATION_UNKNOWN_FIELD), ==, "unknown-field");
}

/* ---- structured checks and copies ------------------------------------------------- */

static const FxSchemaProblem *
find_problem (GPtrArray  *problems,
              const char *feature,
              const char *field)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const FxSchemaProblem *p = g_ptr_array_index (problems, i);

      if (g_strcmp0 (p->feature, feature) == 0 && g_strcmp0 (p->field, field) == 0)
        return p;
    }
  return NULL;
}

static void
test_check_in_memory (void)
{
  g_autoptr(FxSchema) schema = fx_schema_new ();
  g_autoptr(GPtrArray) problems = NULL;
  FxFeature *age = fx_feature_new ("age", FX_COLUMN_INTEGER);
  FxFeature *sex = fx_feature_new ("sex", FX_COLUMN_CATEGORICAL);
  const FxSchemaProblem *p;

  age->has_minimum = age->has_maximum = TRUE;
  age->minimum = 50;
  age->maximum = 10;
  g_ptr_array_add (sex->categories, g_strdup ("F"));
  g_ptr_array_add (sex->categories, g_strdup ("F"));
  g_ptr_array_add (schema->features, age);
  g_ptr_array_add (schema->features, sex);
  schema->target = g_strdup ("outcome");

  problems = fx_schema_check (schema);
  g_assert_cmpuint (problems->len, ==, 3);

  p = find_problem (problems, "age", "maximum");
  g_assert_nonnull (p);
  if (p != NULL)
    {
      g_assert_cmpint (p->feature_index, ==, 0);
      g_assert_cmpint (p->item, ==, -1);
      g_assert_cmpstr (p->message, ==, "feature “age”: “maximum” is below “minimum”");
      g_assert_cmpuint (p->line, ==, 0);
    }
  p = find_problem (problems, "sex", "categories");
  g_assert_nonnull (p);
  if (p != NULL)
    {
      g_assert_cmpint (p->feature_index, ==, 1);
      g_assert_cmpint (p->item, ==, 1);
      g_assert_nonnull (strstr (p->message, "twice"));
    }
  p = find_problem (problems, NULL, "target");
  g_assert_nonnull (p);
  if (p != NULL)
    g_assert_cmpint (p->feature_index, ==, -1);

  /* fixed, nothing is left */
  age->maximum = 90;
  g_ptr_array_remove_index (sex->categories, 1);
  g_clear_pointer (&schema->target, g_free);
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = fx_schema_check (schema);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_check_positions (void)
{
  /* every problem of the file, each with its line and column and a message that
   * holds no position */
  const char *text = "{\n  \"format\": 1,\n  \"target\": \"outcome\",\n  \"features\": [\n"
                     "    {\"name\": \"age\", \"type\": \"integer\", \"minimum\": 50, \"maximum\": 10},\n"
                     "    {\"name\": \"age\", \"type\": \"number\"}\n  ]\n}\n";
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = fx_schema_load_data_checked (text, -1, "s.json", &problems, &error);
  const FxSchemaProblem *p;

  g_assert_no_error (error);
  g_assert_nonnull (schema);
  if (problems == NULL)
    return;
  g_assert_cmpuint (problems->len, ==, 3);

  p = find_problem (problems, "age", "maximum");
  g_assert_nonnull (p);
  if (p != NULL)
    {
      g_assert_cmpuint (p->line, ==, 5);
      g_assert_cmpuint (p->column, ==, 66);
      g_assert_false (g_str_has_prefix (p->message, "s.json"));
    }
  p = find_problem (problems, "age", "name");
  g_assert_nonnull (p);
  if (p != NULL)
    {
      g_assert_cmpint (p->feature_index, ==, 1);
      g_assert_cmpuint (p->line, ==, 6);
      g_assert_cmpuint (p->column, ==, 14);
    }
  p = find_problem (problems, NULL, "target");
  g_assert_nonnull (p);
  if (p != NULL)
    {
      g_assert_cmpuint (p->line, ==, 3);
      g_assert_cmpuint (p->column, ==, 13);
    }

  /* the plain loader fails on the first, with its place */
  g_clear_pointer (&schema, fx_schema_free);
  schema = fx_schema_load_data (text, -1, "s.json", &error);
  g_assert_null (schema);
  g_assert_error (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_INVALID);
  if (error != NULL)
    g_assert_true (g_str_has_prefix (error->message, "s.json:5:66: "));
}

static void
test_copy (void)
{
  const char *path = g_test_get_filename (G_TEST_DIST, "fixtures", "schema", "example-complete.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = fx_schema_load_file (path, &error);
  g_autoptr(FxSchema) copy = NULL;
  g_autoptr(FxSchema) bad_copy = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  FxFeature *original, *copied;

  g_assert_no_error (error);
  if (schema == NULL)
    return;
  copy = fx_schema_copy (schema);
  EXPECT_SAME_SCHEMA (schema, copy);
  if (copy == NULL)
    return;

  /* nothing is shared: changing the copy leaves the original as it was */
  for (guint i = 0; i < copy->features->len; i++)
    {
      original = g_ptr_array_index (schema->features, i);
      copied = g_ptr_array_index (copy->features, i);
      g_assert_true (original != copied);
      g_assert_true (original->name != copied->name);
      g_assert_true (original->categories != copied->categories);
      if (copied->categories->len > 0)
        {
          g_free (g_ptr_array_index (copied->categories, 0));
          g_ptr_array_index (copied->categories, 0) = g_strdup ("changed");
          g_assert_cmpstr (g_ptr_array_index (original->categories, 0), !=, "changed");
        }
    }

  /* a schema in the middle of an edit copies as it is (the JSON way lost it) */
  copied = g_ptr_array_index (copy->features, 0);
  g_free (copied->name);
  copied->name = g_strdup ("");
  bad_copy = fx_schema_copy (copy);
  g_assert_nonnull (bad_copy);
  if (bad_copy == NULL)
    return;
  g_assert_cmpstr (((FxFeature *) g_ptr_array_index (bad_copy->features, 0))->name, ==, "");
  problems = fx_schema_check (bad_copy);
  g_assert_nonnull (find_problem (problems, "", "name"));
}

/* ---- roles: site, identifiers, rules --------------------------------------------- */

static void
test_roles_round_trip (void)
{
  const char *text = "{\n  \"format\": 1,\n  \"site\": \"hospital\",\n  \"features\": [\n"
                     "    {\"name\": \"hospital\", \"type\": \"categorical\"},\n"
                     "    {\"name\": \"stay_id\", \"type\": \"integer\", \"identifier\": true},\n"
                     "    {\"name\": \"age\", \"type\": \"integer\", \"identifier\": false}\n  ],\n"
                     "  \"rules\": [\n"
                     "    {\"name\": \"adult\", \"check\": \"age >= 18\", \"description\": \"adults only\"},\n"
                     "    {\"check\": \"age < 120\", \"name\": \"alive\"}\n  ]\n}\n";
  g_autoptr(FxSchema) schema = LOAD (text);
  g_autoptr(FxSchema) again = NULL;
  g_autoptr(FxSchema) copy = NULL;
  g_autofree char *json = NULL;
  const FxSchemaRule *rule;

  if (schema == NULL)
    return;
  g_assert_cmpstr (schema->site, ==, "hospital");
  g_assert_false (((FxFeature *) g_ptr_array_index (schema->features, 0))->identifier);
  g_assert_true (((FxFeature *) g_ptr_array_index (schema->features, 1))->identifier);
  g_assert_false (((FxFeature *) g_ptr_array_index (schema->features, 2))->identifier);
  g_assert_cmpuint (schema->rules->len, ==, 2);
  if (schema->rules->len != 2)
    return;
  rule = g_ptr_array_index (schema->rules, 0);
  g_assert_cmpstr (rule->name, ==, "adult");
  g_assert_cmpstr (rule->check, ==, "age >= 18");
  g_assert_cmpstr (rule->description, ==, "adults only");
  rule = g_ptr_array_index (schema->rules, 1);
  g_assert_cmpstr (rule->name, ==, "alive");
  g_assert_cmpstr (rule->check, ==, "age < 120");
  g_assert_null (rule->description);

  /* written back and read again, and copied: the same roles */
  json = fx_schema_to_json (schema);
  again = LOAD (json);
  copy = fx_schema_copy (schema);
  for (guint k = 0; k < 2; k++)
    {
      FxSchema *other = k == 0 ? again : copy;

      if (other == NULL || other->rules->len != 2 || other->features->len != 3)
        {
          g_test_fail_printf ("%s lost roles", k == 0 ? "the JSON" : "the copy");
          continue;
        }
      g_assert_cmpstr (other->site, ==, "hospital");
      g_assert_true (((FxFeature *) g_ptr_array_index (other->features, 1))->identifier);
      g_assert_false (((FxFeature *) g_ptr_array_index (other->features, 2))->identifier);
      for (guint i = 0; i < 2; i++)
        {
          const FxSchemaRule *a = g_ptr_array_index (schema->rules, i);
          const FxSchemaRule *b = g_ptr_array_index (other->rules, i);

          g_assert_cmpstr (a->name, ==, b->name);
          g_assert_cmpstr (a->check, ==, b->check);
          g_assert_cmpstr (a->description, ==, b->description);
        }
    }
  /* a feature that is not an identifier says nothing about it */
  g_assert_null (strstr (json, "\"identifier\": false"));
}

#define RULES(rules) "{\n  \"format\": 1,\n  \"features\": [{\"name\": \"a\", \"type\": \"number\"}],\n" \
                     "  \"rules\": [\n    " rules "\n  ]\n}\n"

static void
test_roles_errors (void)
{
  /* a site that is not a feature: at the site */
  EXPECT_LOAD_ERROR ("{\n  \"format\": 1,\n  \"site\": \"ward\",\n"
                     "  \"features\": [{\"name\": \"a\", \"type\": \"number\"}]\n}\n",
                     FX_SCHEMA_ERROR_INVALID, "3:11");
  /* "identifier" that is not true or false: at its value */
  EXPECT_LOAD_ERROR (DOC ("{\"name\": \"age\", \"type\": \"integer\", \"identifier\": \"yes\"}"),
                     FX_SCHEMA_ERROR_INVALID, "4:54");
  /* rules: not an array, not an object, an unknown key, no check, an empty name, a
   * name twice: at the rule (the second of two) */
  EXPECT_LOAD_ERROR ("{\n  \"format\": 1,\n  \"features\": [{\"name\": \"a\", \"type\": \"number\"}],\n"
                     "  \"rules\": {}\n}\n", FX_SCHEMA_ERROR_INVALID, "4:12");
  EXPECT_LOAD_ERROR (RULES ("\"a > 0\""), FX_SCHEMA_ERROR_INVALID, "5:5");
  EXPECT_LOAD_ERROR (RULES ("{\"name\": \"r\", \"check\": \"a > 0\", \"sql\": \"x\"}"),
                     FX_SCHEMA_ERROR_INVALID, "5:37");
  EXPECT_LOAD_ERROR (RULES ("{\"name\": \"r\"}"), FX_SCHEMA_ERROR_INVALID, "5:5");
  EXPECT_LOAD_ERROR (RULES ("{\"name\": \"r\", \"check\": \"\"}"), FX_SCHEMA_ERROR_INVALID, "5:5");
  EXPECT_LOAD_ERROR (RULES ("{\"name\": \"\", \"check\": \"a > 0\"}"), FX_SCHEMA_ERROR_INVALID, "5:5");
  EXPECT_LOAD_ERROR (RULES ("{\"name\": \"r\", \"check\": \"a > 0\"},\n"
                            "    {\"name\": \"r\", \"check\": \"a < 9\"}"), FX_SCHEMA_ERROR_INVALID, "6:5");
  EXPECT_LOAD_ERROR (RULES ("{\"name\": 5, \"check\": \"a > 0\"}"), FX_SCHEMA_ERROR_INVALID, "5:14");
}

static void
test_infer_identifiers (void)
{
  g_autoptr(FxTable) table = fx_table_new ();
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) fifty = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *values = g_new (double, 51);
  static const char *names[] = { "patientUnitStayID", "hospital_id", "Id", "age", "idea", "many", "fifty" };
  static const gboolean expected[] = { TRUE, TRUE, TRUE, FALSE, FALSE, TRUE, FALSE };

  for (guint i = 0; i < 51; i++)
    {
      values[i] = i;
      g_ptr_array_add (many, g_strdup_printf ("L%u", i));
      g_ptr_array_add (fifty, g_strdup_printf ("L%u", i % 50));
    }
  fx_table_add_column (table, numbers ("patientUnitStayID", FX_COLUMN_INTEGER, values, 51));
  fx_table_add_column (table, labels ("hospital_id", (const char **) many->pdata, 51));
  fx_table_add_column (table, numbers ("Id", FX_COLUMN_NUMBER, values, 51));
  fx_table_add_column (table, numbers ("age", FX_COLUMN_INTEGER, values, 51));
  fx_table_add_column (table, labels ("idea", (const char **) fifty->pdata, 51));
  fx_table_add_column (table, labels ("many", (const char **) many->pdata, 51));
  fx_table_add_column (table, labels ("fifty", (const char **) fifty->pdata, 51));

  schema = fx_schema_infer (table, "ids");
  g_assert_cmpuint (schema->features->len, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < MIN (schema->features->len, G_N_ELEMENTS (names)); i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);

      g_assert_cmpstr (f->name, ==, names[i]);
      if (f->identifier != expected[i])
        g_test_fail_printf ("%s: identifier %d, expected %d", f->name, f->identifier, expected[i]);
    }
}

static void
test_example_roles (void)
{
  const char *path = g_test_get_filename (G_TEST_DIST, "..", "resources", "examples", "eicu-demo",
                                          "schema.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = fx_schema_load_file (path, &error);
  const FxFeature *f;

  g_assert_no_error (error);
  if (schema == NULL)
    return;
  g_assert_cmpstr (schema->site, ==, "hospital_region");
  f = fx_schema_find_feature (schema, "hospital_id");
  g_assert_nonnull (f);
  if (f != NULL)
    g_assert_true (f->identifier);
  f = fx_schema_find_feature (schema, "age");
  g_assert_nonnull (f);
  if (f != NULL)
    g_assert_false (f->identifier);
}

static void
test_infer_limits (void)
{
  g_autoptr(FxTable) table = fx_table_new ();
  g_autoptr(GPtrArray) labels_40 = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(FxSchema) schema = NULL;
  static const double nothing[] = { NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN,
                                    NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN,
                                    NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN,
                                    NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN };
  const FxFeature *f;

  for (guint i = 0; i < 40; i++)
    g_ptr_array_add (labels_40, g_strdup_printf ("L%u", i));
  fx_table_add_column (table, labels ("code", (const char **) labels_40->pdata, 40));
  fx_table_add_column (table, numbers ("empty", FX_COLUMN_NUMBER, nothing, 40));

  schema = fx_schema_infer_full (table, "t", 30, notes);
  g_assert_cmpuint (notes->len, ==, 2);
  f = fx_schema_find_feature (schema, "code");
  g_assert_true (f->identifier);
  g_assert_cmpuint (f->categories->len, ==, 0);
  g_assert_null (f->frequencies);
  /* a column without a value accepts any label, not only numbers */
  f = fx_schema_find_feature (schema, "empty");
  g_assert_cmpint (f->type, ==, FX_COLUMN_CATEGORICAL);
  g_assert_cmpfloat (f->missing_rate, ==, 1);
  g_assert_true (f->nullable);

  /* within the limit the labels are listed */
  g_clear_pointer (&schema, fx_schema_free);
  schema = fx_schema_infer_full (table, "t", 40, NULL);
  g_assert_cmpuint (fx_schema_find_feature (schema, "code")->categories->len, ==, 40);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/schema/load/example", test_load_example);
  g_test_add_func ("/schema/load/design-doc-verbatim", test_load_design_doc_verbatim);
  g_test_add_func ("/schema/load/io-error", test_load_io_error);
  g_test_add_func ("/schema/load/variants", test_load_variants);
  g_test_add_func ("/schema/load-error/syntax", test_load_error_syntax);
  g_test_add_func ("/schema/load-error/encoding", test_load_error_encoding);
  g_test_add_func ("/schema/load-error/members", test_load_error_members);
  g_test_add_func ("/schema/load-error/unknown-key", test_load_error_unknown_key);
  g_test_add_func ("/schema/load-error/schema", test_load_error_schema);
  g_test_add_func ("/schema/save/round-trip", test_round_trip);
  g_test_add_func ("/schema/save/round-trip-values", test_round_trip_values);
  g_test_add_func ("/schema/infer/table", test_infer);
  g_test_add_func ("/schema/infer/many-categories", test_infer_many_categories);
  g_test_add_func ("/schema/validate/strings", test_validate_strings);
  g_test_add_func ("/schema/validate/object", test_validate_object);
  g_test_add_func ("/schema/validate/boolean-like-categories", test_validate_boolean_like_categories);
  g_test_add_func ("/schema/validate/kinds", test_violation_kinds);
  g_test_add_func ("/schema/check/in-memory", test_check_in_memory);
  g_test_add_func ("/schema/check/positions", test_check_positions);
  g_test_add_func ("/schema/copy", test_copy);
  g_test_add_func ("/schema/roles/round-trip", test_roles_round_trip);
  g_test_add_func ("/schema/roles/errors", test_roles_errors);
  g_test_add_func ("/schema/roles/infer-identifiers", test_infer_identifiers);
  g_test_add_func ("/schema/roles/example", test_example_roles);
  g_test_add_func ("/schema/infer/limits", test_infer_limits);

  return g_test_run ();
}
