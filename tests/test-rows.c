/* test-rows.c: the fast reader of a model's rows against json-glib
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "fx-provider.h"
#include "fx-rows.h"
#include "fx-run.h"
#include "fx-schema.h"
#include "fx-store.h"

/* ---- comparisons ------------------------------------------------------------------ */

/* Strict: node kinds, value types, member order, doubles bit for bit. */
static gboolean
nodes_identical (JsonNode *a,
                 JsonNode *b)
{
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    return FALSE;
  switch (JSON_NODE_TYPE (a))
    {
    case JSON_NODE_NULL:
      return TRUE;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (a) != json_node_get_value_type (b))
        return FALSE;
      switch (json_node_get_value_type (a))
        {
        case G_TYPE_INT64:
          return json_node_get_int (a) == json_node_get_int (b);
        case G_TYPE_DOUBLE:
          {
            double x = json_node_get_double (a), y = json_node_get_double (b);

            return memcmp (&x, &y, sizeof x) == 0;
          }
        case G_TYPE_BOOLEAN:
          return json_node_get_boolean (a) == json_node_get_boolean (b);
        case G_TYPE_STRING:
          return g_str_equal (json_node_get_string (a), json_node_get_string (b));
        default:
          return FALSE;
        }
    case JSON_NODE_ARRAY:
      {
        JsonArray *x = json_node_get_array (a), *y = json_node_get_array (b);

        if (json_array_get_length (x) != json_array_get_length (y))
          return FALSE;
        for (guint i = 0; i < json_array_get_length (x); i++)
          if (!nodes_identical (json_array_get_element (x, i), json_array_get_element (y, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_OBJECT:
      {
        JsonObject *x = json_node_get_object (a), *y = json_node_get_object (b);
        g_autoptr(GList) mx = json_object_get_members (x);
        g_autoptr(GList) my = json_object_get_members (y);
        GList *l, *m;

        for (l = mx, m = my; l != NULL && m != NULL; l = l->next, m = m->next)
          if (!g_str_equal (l->data, m->data) ||
              !nodes_identical (json_object_get_member (x, l->data), json_object_get_member (y, m->data)))
            return FALSE;
        return l == NULL && m == NULL;
      }
    default:
      return FALSE;
    }
}

static gboolean
arrays_identical (JsonArray *a,
                  JsonArray *b)
{
  g_autoptr(JsonNode) x = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonNode) y = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (x, a);
  json_node_set_array (y, b);
  return nodes_identical (x, y);
}

/* The light members of a row say what its JsonObject says. */
static void
assert_members_match (const FxMember *members,
                      gsize           n,
                      JsonObject     *object)
{
  g_autoptr(GList) names = json_object_get_members (object);
  GList *l = names;

  g_assert_cmpuint (n, ==, json_object_get_size (object));
  for (gsize i = 0; i < n; i++, l = l->next)
    {
      JsonNode *node = json_object_get_member (object, members[i].name);

      g_assert_cmpstr (members[i].name, ==, l->data);
      switch (members[i].kind)
        {
        case FX_MEMBER_NULL:
          g_assert_true (JSON_NODE_HOLDS_NULL (node));
          break;
        case FX_MEMBER_BOOLEAN:
          g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_BOOLEAN);
          g_assert_cmpint (members[i].boolean, ==, json_node_get_boolean (node));
          break;
        case FX_MEMBER_STRING:
          g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
          g_assert_cmpstr (members[i].string, ==, json_node_get_string (node));
          break;
        case FX_MEMBER_NUMBER:
          {
            double v = json_node_get_double (node);

            g_assert_true (memcmp (&v, &members[i].number, sizeof v) == 0);
          }
          break;
        case FX_MEMBER_OBJECT:
        case FX_MEMBER_ARRAY:
        default:
          g_assert_not_reached ();
        }
    }
}

/* fx_parse_rows_text () and json-glib alone (fx_parse_rows_text_slow ()) agree on
 * @text: the same rows, or the same message.  Returns whether the fast reader took the text. */
static gboolean
check_text (const char *text,
            gsize       length)
{
  g_autofree char *message = NULL;
  g_autofree char *expected_message = NULL;
  g_autoptr(JsonArray) rows = fx_parse_rows_text (text, length, &message);
  g_autoptr(JsonArray) expected = fx_parse_rows_text_slow (text, length, &expected_message);
  g_autofree char *read_message = NULL;
  FxProviderResponse response = { 0 };
  const FxRows *light;

  if (expected == NULL)
    {
      if (rows != NULL)
        g_error ("accepted what json-glib refuses: %.*s", (int) length, text);
      g_assert_cmpstr (message, ==, expected_message);
      return FALSE;
    }
  if (rows == NULL)
    g_error ("refused (%s) what json-glib reads: %.*s", message, (int) length, text);
  g_assert_null (message);
  if (!arrays_identical (rows, expected))
    g_error ("read differently from json-glib: %.*s", (int) length, text);

  g_assert_true (fx_provider_read_rows (&response, text, length, &read_message));
  light = response.light;
  if (light == NULL)
    {
      fx_provider_response_clear (&response);
      return FALSE;
    }
  g_assert_cmpuint (fx_rows_get_length (light), ==, json_array_get_length (expected));
  for (guint i = 0; i < fx_rows_get_length (light); i++)
    {
      gsize n;
      const FxMember *members = fx_rows_get_members (light, i, &n);
      g_autofree char *row_text = fx_rows_dup_text (light, i);
      g_autoptr(JsonParser) parser = json_parser_new ();

      assert_members_match (members, n, json_array_get_object_element (expected, i));
      /* the row's own text reads back to the same row */
      g_assert_true (json_parser_load_from_data (parser, row_text, -1, NULL));
      g_assert_true (nodes_identical (json_parser_get_root (parser), json_array_get_element (expected, i)));
      g_assert_null (strchr (row_text, '\n'));
    }
  fx_provider_response_clear (&response);
  return TRUE;
}

static void
assert_fast (const char *text)
{
  if (!check_text (text, strlen (text)))
    g_error ("not read by the fast reader: %s", text);
}

static void
assert_slow (const char *text)
{
  if (check_text (text, strlen (text)))
    g_error ("read by the fast reader: %s", text);
}

/* ---- tokenizer ---------------------------------------------------------------------- */

static void
test_tokens_fast (void)
{
  const char *texts[] = {
    "{\"rows\": []}",
    "[]",
    "  {\"rows\":[{\"a\":1}]}  \n",
    "[{\"a\": 1, \"b\": -2.5, \"c\": \"x\", \"d\": true, \"e\": false, \"f\": null}]",
    "{\"note\": {\"x\": [1, {\"y\": null}], \"x\": 2}, \"rows\": [{\"a\": 1}], \"more\": \"\\u00e9\"}",
    "[{\"n\": -0}, {\"n\": -0.0}, {\"n\": 0}, {\"n\": 1e5}, {\"n\": 1E5}, {\"n\": 1E+5}, {\"n\": 1.5E-3}]",
    "[{\"n\": 1e-400}, {\"n\": 123456789012345678}, {\"n\": -123456789012345678}, {\"n\": 9007199254740993}]",
    "[{\"n\": 0.1}, {\"n\": 2.2250738585072014e-308}, {\"n\": 1.7976931348623157e308}, {\"n\": 0.30000000000000004}]",
    "[{\"n\": 3.141592653589793238462643383279}, {\"n\": 100000000000000000000000.5}]",
    "[{\"s\": \"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}, {\"s\": \"\\u00e9\\u20ac\\ud83d\\ude00\"}, {\"s\": \"é€😀\"}]",
    "[{\"na\\u006de\": \"key with an escape\"}, {\"\\u00e9t\\u00e9\": 1}]",
    "```json\n{\"rows\": [{\"a\": 1}]}\n```",
    "Here you are:\n```\n[{\"a\": 1}]\n```\nDone.",
    "```json\n{\"rows\": [{\"a\": 1}]}",
    "{\r\n  \"rows\": [\r\n    {\"a\": 1,\r\n     \"b\": \"two words\"}\r\n  ]\r\n}",
    "[{\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4, \"e\": 5, \"f\": 6, \"g\": 7, \"h\": 8, \"i\": 9, \"j\": 10}]",
    "{\"rows\": [{}], \"rows2\": []}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_fast (texts[i]);
}

static void
test_tokens_slow (void)
{
  const char *texts[] = {
    /* errors: json-glib words them */
    "",
    "   ",
    "{",
    "[{\"a\": 1},]",
    "[{\"a\": 1}] x",
    "[{\"a\": 1}]]",
    "[{\"a\" 1}]",
    "[{a: 1}]",
    "[{\"a\": 1e}]",
    "[{\"a\": +1}]",
    "[{\"a\": \"\\ud83d\"}]",
    "[{\"a\": True}]",
    "[{\"a\": nul}]",
    "[{\"a\": \"\xff\"}]",
    "[{\"a\": 1\f}]",
    "{\"rows\": 3}",
    "{\"other\": []}",
    "{}",
    "42",
    "\"rows\"",
    "[1]",
    "[{\"a\": 1}, 2]",
    "{\"rows\": [[]]}",
    "no JSON here",
    "```json\n```",
    /* accepted by json-glib, read by it */
    "[{\"a\": 1, \"a\": 2}]",
    "[{\"a\": 1, \"b\": 3, \"a\": 2}]",
    "{\"rows\": [{\"a\": 1}], \"rows\": [{\"b\": 2}]}",
    "[{\"a\": [1, 2]}]",
    "[{\"a\": {\"b\": 1}}]",
    "[{\"a\": 01}]",
    "[{\"a\": 1.}]",
    "[{\"a\": .5}]",
    "[{\"a\": - 1}]",
    "[{\"a\": 0x10}]",
    "[{\"a\": 12345678901234567890}]",
    "[{\"a\": 1234567890123456789}]",
    "[{\"a\": 1e400}]",
    "[{\"a\": -1e400}]",
    "[{\"a\": \"\\u0000x\"}]",
    "[{\"a\": \"\\x\"}]",
    "[{\"a\": \"tab\there\"}]",
    "[{\"a\": 'single'}]",
    "[{\"a\": 1 /* comment */}]",
    "[{\"\": 1}]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_slow (texts[i]);
}

/* A NUL inside the text ends it, as before. */
static void
test_tokens_inner_nul (void)
{
  const char text[] = "[{\"a\": 1}]\0garbage";

  g_assert_true (check_text (text, sizeof text - 1));
}

/* Rows written over several lines are stored on one. */
static void
test_row_text (void)
{
  const char *text = "{\"rows\": [\n  {\n    \"a\": 1.50,\n    \"b\": \"x \\\" y\\n\"\n  },\n  {\"c\": 2e3}\n]}";
  g_autoptr(FxRows) rows = fx_rows_parse (text, strlen (text));
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_nonnull (rows);
  first = fx_rows_dup_text (rows, 0);
  second = fx_rows_dup_text (rows, 1);
  g_assert_cmpstr (first, ==, "{\"a\":1.50,\"b\":\"x \\\" y\\n\"}");
  g_assert_cmpstr (second, ==, "{\"c\": 2e3}");
}

/* ---- random rows ---------------------------------------------------------------- */

static void
append_random_string (GString *out,
                      GRand   *rand)
{
  static const char *pieces[] = {
    "a", "Z", " ", "yes", "no", "NA", "null", "?", "1", "2.5", "-", "\\\"", "\\\\", "\\/",
    "\\n", "\\t", "\\u00e9", "\\u20AC", "\\ud83d\\ude00", "é", "€", "😀", "true", "0",
  };
  guint n = g_rand_int_range (rand, 0, 4);

  g_string_append_c (out, '"');
  for (guint i = 0; i < n; i++)
    g_string_append (out, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  g_string_append_c (out, '"');
}

static void
append_random_number (GString *out,
                      GRand   *rand)
{
  static const char *numbers[] = {
    "0", "-0", "1", "-1", "0.0", "-0.0", "1e5", "1E-3", "2.5", "-2.5", "1e308", "1e-320",
    "123456789012345678", "9007199254740993", "0.1", "99.99", "1.0000000000000002",
  };

  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      g_string_append (out, numbers[g_rand_int_range (rand, 0, G_N_ELEMENTS (numbers))]);
      break;
    case 1:
      g_string_append_printf (out, "%d", g_rand_int_range (rand, -50, 400));
      break;
    case 2:
      g_string_append_printf (out, "%.2f", g_rand_double_range (rand, -50, 400));
      break;
    default:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        g_string_append (out, g_ascii_dtostr (buf, sizeof buf, g_rand_double_range (rand, -1e6, 1e6)));
      }
    }
}

/* A value for @f: mostly a fitting one, often not. */
static void
append_random_value (GString         *out,
                     const FxFeature *f,
                     gboolean         clean,
                     GRand           *rand)
{
  guint pick = clean ? 12 : g_rand_int_range (rand, 0, 12);

  if (pick == 0)
    g_string_append (out, "null");
  else if (pick == 1)
    append_random_string (out, rand);
  else if (pick == 2)
    append_random_number (out, rand);
  else if (pick == 3)
    g_string_append (out, g_rand_boolean (rand) ? "true" : "false");
  else if (pick == 4 && f->type == FX_COLUMN_CATEGORICAL && f->categories->len > 0)
    g_string_append_printf (out, "%u", g_rand_int_range (rand, 0, 5));
  else if (f->type == FX_COLUMN_CATEGORICAL)
    {
      if (f->categories->len > 0)
        {
          g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
          g_autofree char *quoted = NULL;

          json_node_set_string (node, g_ptr_array_index (f->categories, g_rand_int_range (rand, 0, f->categories->len)));
          quoted = json_to_string (node, FALSE);
          g_string_append (out, quoted);
        }
      else
        append_random_string (out, rand);
    }
  else if (f->type == FX_COLUMN_BOOLEAN)
    g_string_append (out, g_rand_boolean (rand) ? "true" : (g_rand_boolean (rand) ? "0" : "false"));
  else
    {
      double lo = f->has_minimum ? f->minimum : 0, hi = f->has_maximum ? f->maximum : 100;
      double margin = clean ? 0 : (hi - lo) * 0.1;
      double v = g_rand_double_range (rand, lo - margin, hi + margin);

      if (f->type == FX_COLUMN_INTEGER && (clean || g_rand_int_range (rand, 0, 4) > 0))
        g_string_append_printf (out, "%.0f", v);
      else
        g_string_append_printf (out, "%.3f", v);
    }
}

/* A row object of @schema's features, some left out, some shuffled, some unknown. */
static void
append_random_row (GString        *out,
                   const FxSchema *schema,
                   GRand          *rand)
{
  guint n = schema->features->len;
  g_autofree guint *order = g_new (guint, n);
  gboolean first = TRUE;
  /* half the rows fit the schema (bar rounding to its bounds) */
  gboolean clean = g_rand_boolean (rand);

  for (guint i = 0; i < n; i++)
    order[i] = i;
  if (g_rand_int_range (rand, 0, 4) == 0)
    for (guint i = n; i > 1; i--)
      {
        guint j = g_rand_int_range (rand, 0, i), t = order[i - 1];

        order[i - 1] = order[j];
        order[j] = t;
      }

  g_string_append_c (out, '{');
  for (guint i = 0; i < n; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, order[i]);
      g_autoptr(JsonNode) name = json_node_new (JSON_NODE_VALUE);
      g_autofree char *quoted = NULL;

      if (!clean && g_rand_int_range (rand, 0, 15) == 0)
        continue;  /* missing */
      json_node_set_string (name, f->name);
      quoted = json_to_string (name, FALSE);
      g_string_append_printf (out, "%s%s:%s", first ? "" : ",", quoted, g_rand_boolean (rand) ? " " : "");
      first = FALSE;
      append_random_value (out, f, clean, rand);
      if (!clean && g_rand_int_range (rand, 0, 30) == 0)
        {
          g_string_append_printf (out, ", \"unknown_%u\": ", g_rand_int_range (rand, 0, 3) + i * 3);
          append_random_number (out, rand);
        }
    }
  g_string_append_c (out, '}');
}

static FxSchema *
load_example_schema (void)
{
  const char *dir = g_getenv ("FX_EXAMPLE_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  FxSchema *schema;

  if (dir != NULL)
    path = g_build_filename (dir, "schema.json", NULL);
  else
    path = g_test_build_filename (G_TEST_DIST, "..", "resources", "examples", "eicu-demo", "schema.json", NULL);
  schema = fx_schema_load_file (path, &error);
  g_assert_no_error (error);
  return schema;
}

static FxSchema *
small_schema (void)
{
  FxSchema *schema = fx_schema_new ();
  FxFeature *f;

  f = fx_feature_new ("age", FX_COLUMN_INTEGER);
  f->has_minimum = TRUE, f->minimum = 18, f->has_maximum = TRUE, f->maximum = 90;
  g_ptr_array_add (schema->features, f);
  f = fx_feature_new ("weight", FX_COLUMN_NUMBER);
  f->nullable = TRUE, f->has_minimum = TRUE, f->minimum = 2.5;
  g_ptr_array_add (schema->features, f);
  f = fx_feature_new ("smoker", FX_COLUMN_BOOLEAN);
  g_ptr_array_add (schema->features, f);
  f = fx_feature_new ("grade", FX_COLUMN_CATEGORICAL);
  g_ptr_array_add (f->categories, g_strdup ("1"));
  g_ptr_array_add (f->categories, g_strdup ("2"));
  g_ptr_array_add (f->categories, g_strdup ("é"));
  g_ptr_array_add (schema->features, f);
  f = fx_feature_new ("ward", FX_COLUMN_CATEGORICAL);
  f->nullable = TRUE;
  g_ptr_array_add (schema->features, f);
  f = fx_feature_new ("name with \"quotes\"", FX_COLUMN_NUMBER);
  f->nullable = TRUE;
  g_ptr_array_add (schema->features, f);
  return schema;
}

static void
assert_same_violations (GPtrArray *a,
                        GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      FxViolation *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);

      g_assert_cmpstr (x->feature, ==, y->feature);
      g_assert_cmpint (x->kind, ==, y->kind);
      g_assert_cmpstr (x->message, ==, y->message);
    }
}

/* Light rows and JsonObjects give the same violations, and the row checks the same
 * records (but for the row's text). */
static void
differential (const FxSchema *schema,
              guint           n_texts,
              guint32         seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gsize n_rows = 0, n_invalid = 0;

  for (guint t = 0; t < n_texts; t++)
    {
      g_autoptr(GString) text = g_string_new (g_rand_boolean (rand) ? "{\"rows\": [" : "[");
      guint n = g_rand_int_range (rand, 1, 20);
      g_autofree char *message = NULL;
      g_autoptr(JsonArray) rows = NULL;
      g_autoptr(JsonArray) reference = NULL;
      g_autoptr(FxRows) light = NULL;
      g_autoptr(GPtrArray) fast_records = NULL;
      g_autoptr(GPtrArray) slow_records = NULL;

      for (guint i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append (text, g_rand_boolean (rand) ? ", " : ",\n");
          append_random_row (text, schema, rand);
        }
      g_string_append (text, text->str[0] == '{' ? "]}" : "]");

      light = fx_rows_parse (text->str, text->len);
      g_assert_nonnull (light);
      reference = fx_parse_rows_text_slow (text->str, text->len, &message);
      g_assert_nonnull (reference);
      g_assert_cmpuint (fx_rows_get_length (light), ==, json_array_get_length (reference));
      for (guint i = 0; i < n; i++)
        {
          gsize n_members;
          const FxMember *members = fx_rows_get_members (light, i, &n_members);
          JsonObject *object = json_array_get_object_element (reference, i);
          g_autoptr(GPtrArray) a = fx_schema_validate_members (schema, members, n_members);
          g_autoptr(GPtrArray) b = fx_schema_validate_object (schema, object);

          assert_members_match (members, n_members, object);
          assert_same_violations (a, b);
          n_rows++;
          n_invalid += a->len > 0;
        }

      /* through the provider's reader and the run's checks, fast and slow */
      rows = fx_parse_rows_text (text->str, text->len, &message);
      g_assert_nonnull (rows);
      g_assert_true (arrays_identical (rows, reference));
      {
        FxProviderResponse response = { 0 };
        g_autofree char *read_message = NULL;

        g_assert_true (fx_provider_read_rows (&response, text->str, text->len, &read_message));
        fast_records = fx_run_check_response (schema, &response);
        fx_provider_response_clear (&response);
      }
      slow_records = fx_run_check_rows (schema, reference);
      g_assert_cmpuint (fast_records->len, ==, slow_records->len);
      for (guint i = 0; i < fast_records->len; i++)
        {
          const FxRowRecord *x = g_ptr_array_index (fast_records, i);
          const FxRowRecord *y = g_ptr_array_index (slow_records, i);
          g_autoptr(JsonParser) parser = json_parser_new ();

          g_assert_cmpint (x->valid, ==, y->valid);
          g_assert_cmpstr (x->reason, ==, y->reason);
          g_assert_true (json_parser_load_from_data (parser, x->values_json, -1, NULL));
          g_assert_true (nodes_identical (json_parser_get_root (parser), json_array_get_element (reference, i)));
        }
    }
  g_test_message ("%" G_GSIZE_FORMAT " rows, %" G_GSIZE_FORMAT " invalid", n_rows, n_invalid);
  g_assert_cmpuint (n_invalid, >, 0);
  g_assert_cmpuint (n_invalid, <, n_rows);
}

static void
test_differential_example (void)
{
  g_autoptr(FxSchema) schema = load_example_schema ();

  differential (schema, 300, 1);
}

static void
test_differential_small (void)
{
  g_autoptr(FxSchema) schema = small_schema ();

  differential (schema, 1500, 2);
}

/* Nested values, given to json-glib, are type violations as before. */
static void
test_nested_value (void)
{
  g_autoptr(FxSchema) schema = small_schema ();
  const char *text = "[{\"age\": [30], \"weight\": {\"kg\": 70}, \"smoker\": true, \"grade\": \"1\"}]";
  g_autofree char *message = NULL;
  g_autoptr(JsonArray) rows = fx_parse_rows_text (text, strlen (text), &message);
  g_autoptr(GPtrArray) records = NULL;
  const FxRowRecord *record;

  g_assert_nonnull (rows);
  records = fx_run_check_rows (schema, rows);
  record = g_ptr_array_index (records, 0);
  g_assert_false (record->valid);
  g_assert_cmpstr (record->reason, ==, "“age” must be a single value, got an array; "
                                       "“weight” must be a single value, got an object");
}

/* Light members with nested kinds word them as the JsonObject path does. */
static void
test_members_nested_kinds (void)
{
  g_autoptr(FxSchema) schema = small_schema ();
  FxMember members[] = {
    { "age", FX_MEMBER_ARRAY, FALSE, 0, NULL },
    { "weight", FX_MEMBER_OBJECT, FALSE, 0, NULL },
    { "smoker", FX_MEMBER_NUMBER, FALSE, 1, NULL },
    { "grade", FX_MEMBER_BOOLEAN, TRUE, 0, NULL },
    { "extra", FX_MEMBER_NULL, FALSE, 0, NULL },
  };
  const char *text = "{\"age\": [1], \"weight\": {}, \"smoker\": 1, \"grade\": true, \"extra\": null}";
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) a = fx_schema_validate_members (schema, members, G_N_ELEMENTS (members));
  g_autoptr(GPtrArray) b = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  b = fx_schema_validate_object (schema, json_node_get_object (json_parser_get_root (parser)));
  assert_same_violations (a, b);
  g_assert_cmpuint (a->len, ==, 4);
}

/* Random damage to valid texts: the fast reader never accepts what json-glib refuses
 * nor reads anything differently. */
static void
test_fuzz (void)
{
  g_autoptr(FxSchema) schema = small_schema ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  static const char *bits[] = {
    "\"", "\\", "{", "}", "[", "]", ",", ":", " ", "\n", "\t", "\f", "\r", "-", "+", ".", "e", "E", "0",
    "1", "9", "x", "n", "t", "f", "u", "\\u", "\\ud800", "\\udc00", "\xc3", "\xa9", "\xff", "/", "*", "'",
    "null", "true", "false", "\"rows\":", "1e999", "00", "12345678901234567890",
  };
  guint fast = 0;

  for (guint t = 0; t < 6000; t++)
    {
      g_autoptr(GString) text = g_string_new (g_rand_boolean (rand) ? "{\"rows\": [" : "[");
      guint n = g_rand_int_range (rand, 1, 4);
      guint damage = g_rand_int_range (rand, 1, 4);

      for (guint i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append (text, ", ");
          append_random_row (text, schema, rand);
        }
      g_string_append (text, text->str[0] == '{' ? "]}" : "]");

      for (guint d = 0; d < damage; d++)
        {
          gsize at = g_rand_int_range (rand, 0, text->len + 1);

          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0:
              if (at < text->len)
                g_string_erase (text, at, 1);
              break;
            case 1:
              g_string_insert (text, at, bits[g_rand_int_range (rand, 0, G_N_ELEMENTS (bits))]);
              break;
            default:
              if (at < text->len)
                {
                  g_string_erase (text, at, 1);
                  g_string_insert (text, at, bits[g_rand_int_range (rand, 0, G_N_ELEMENTS (bits))]);
                }
            }
        }
      fast += check_text (text->str, text->len);
    }
  g_test_message ("%u of 6000 damaged texts read by the fast reader", fast);
  g_assert_cmpuint (fast, >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rows/tokens/fast", test_tokens_fast);
  g_test_add_func ("/rows/tokens/slow", test_tokens_slow);
  g_test_add_func ("/rows/tokens/inner-nul", test_tokens_inner_nul);
  g_test_add_func ("/rows/row-text", test_row_text);
  g_test_add_func ("/rows/nested-value", test_nested_value);
  g_test_add_func ("/rows/members-nested-kinds", test_members_nested_kinds);
  g_test_add_func ("/rows/differential/example", test_differential_example);
  g_test_add_func ("/rows/differential/small", test_differential_small);
  g_test_add_func ("/rows/fuzz", test_fuzz);

  return g_test_run ();
}
