/* test-baseline.c: the offline copula and independent baselines
 *
 * The fidelity figures are measured with the project's own comparison
 * (fx_compare_tables) of 10,000 sampled rows against the bundled eICU demo table
 * (resources/examples/eicu-demo, 2,520 stays).  The sample is drawn once per kind and
 * shared by the tests that look at it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "fx-baseline.h"
#include "fx-compare.h"
#include "fx-csv.h"
#include "fx-error.h"
#include "fx-schema.h"

#define N_SAMPLE 10000
#define SEED 20250611

typedef struct
{
  FxTable      *reference;
  FxSchema     *schema;
  GHashTable   *types;
  JsonArray    *rows[2];        /* by FxBaselineKind */
  FxTable      *tables[2];
  FxComparison *comparisons[2];
} Shared;

static Shared shared;

static const char *
example_dir (void)
{
  const char *dir = g_getenv ("FX_EXAMPLE_DIR");

  if (dir == NULL)
    g_error ("FX_EXAMPLE_DIR is not set; run the test through meson");
  return dir;
}

static void
ensure_reference (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *schema_path = NULL;
  g_autofree char *csv_path = NULL;
  FxCsvOptions options = { 0, NULL };

  if (shared.reference != NULL)
    return;

  schema_path = g_build_filename (example_dir (), "schema.json", NULL);
  csv_path = g_build_filename (example_dir (), "stays.csv", NULL);
  shared.schema = fx_schema_load_file (schema_path, &error);
  g_assert_no_error (error);
  shared.types = fx_schema_column_types (shared.schema);
  options.types = shared.types;
  shared.reference = fx_csv_read_file (csv_path, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shared.reference->n_rows, ==, 2520);
}

static void
append_csv_field (GString    *out,
                  const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* The rows as CSV text with a header in schema order, read back with the schema's
 * types: the synthetic table as a comparison would see it. */
static FxTable *
rows_to_table (JsonArray      *rows,
               const FxSchema *schema,
               GHashTable     *types)
{
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  FxCsvOptions options = { ',', types };
  FxTable *table;

  for (guint k = 0; k < schema->features->len; k++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, k);

      if (k > 0)
        g_string_append_c (csv, ',');
      append_csv_field (csv, f->name);
    }
  g_string_append_c (csv, '\n');

  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonObject *row = json_array_get_object_element (rows, r);

      for (guint k = 0; k < schema->features->len; k++)
        {
          const FxFeature *f = g_ptr_array_index (schema->features, k);
          JsonNode *node = json_object_get_member (row, f->name);
          char buf[32];

          if (k > 0)
            g_string_append_c (csv, ',');
          g_assert_nonnull (node);
          if (JSON_NODE_HOLDS_NULL (node))
            continue;
          switch (json_node_get_value_type (node))
            {
            case G_TYPE_INT64:
              g_string_append_printf (csv, "%" G_GINT64_FORMAT, json_node_get_int (node));
              break;
            case G_TYPE_DOUBLE:
              g_string_append (csv, fx_format_double (json_node_get_double (node), buf));
              break;
            case G_TYPE_BOOLEAN:
              g_string_append (csv, json_node_get_boolean (node) ? "true" : "false");
              break;
            case G_TYPE_STRING:
              append_csv_field (csv, json_node_get_string (node));
              break;
            default:
              g_assert_not_reached ();
            }
        }
      g_string_append_c (csv, '\n');
    }

  table = fx_csv_read_data (csv->str, csv->len, "sample.csv", &options, &error);
  g_assert_no_error (error);
  /* every cell was readable as its schema type */
  for (guint c = 0; c < fx_table_get_n_columns (table); c++)
    g_assert_cmpuint (fx_table_get_column (table, c)->n_invalid, ==, 0);
  return table;
}

static void
ensure_sample (FxBaselineKind kind)
{
  g_autoptr(FxBaseline) baseline = NULL;
  g_autoptr(GError) error = NULL;
  FxCompareOptions options = { 0 };

  ensure_reference ();
  if (shared.rows[kind] != NULL)
    return;

  baseline = fx_baseline_new (kind, shared.reference, shared.schema, &error);
  g_assert_no_error (error);
  g_assert_nonnull (baseline);
  shared.rows[kind] = fx_baseline_sample (baseline, SEED, 0, N_SAMPLE);
  g_assert_cmpuint (json_array_get_length (shared.rows[kind]), ==, N_SAMPLE);
  shared.tables[kind] = rows_to_table (shared.rows[kind], shared.schema, shared.types);

  options.schema = shared.schema;
  shared.comparisons[kind] = fx_compare_tables (shared.reference, shared.tables[kind], &options, &error);
  g_assert_no_error (error);
}

static void
shared_clear (void)
{
  for (guint k = 0; k < 2; k++)
    {
      g_clear_pointer (&shared.rows[k], json_array_unref);
      g_clear_pointer (&shared.tables[k], fx_table_free);
      g_clear_pointer (&shared.comparisons[k], fx_comparison_free);
    }
  g_clear_pointer (&shared.reference, fx_table_free);
  g_clear_pointer (&shared.schema, fx_schema_free);
  g_clear_pointer (&shared.types, g_hash_table_unref);
}

/* The largest KS statistic over the continuous features, and its feature. */
static double
worst_ks (const FxComparison  *comparison,
          const char         **name)
{
  double worst = 0;

  for (guint i = 0; i < comparison->features->len; i++)
    {
      const FxFeatureComparison *r = g_ptr_array_index (comparison->features, i);

      if (r->kind == FX_FEATURE_CONTINUOUS && r->ks.statistic >= worst)
        {
          worst = r->ks.statistic;
          *name = r->name;
        }
    }
  return worst;
}

static double
worst_tvd (const FxComparison  *comparison,
           const char         **name)
{
  double worst = 0;

  for (guint i = 0; i < comparison->features->len; i++)
    {
      const FxFeatureComparison *r = g_ptr_array_index (comparison->features, i);

      if (r->kind == FX_FEATURE_CATEGORICAL && r->tvd >= worst)
        {
          worst = r->tvd;
          *name = r->name;
        }
    }
  return worst;
}

static void
report_fidelity (FxBaselineKind kind)
{
  const FxComparison *c = shared.comparisons[kind];
  const char *ks_name = "", *tvd_name = "";
  double ks = worst_ks (c, &ks_name);
  double tvd = worst_tvd (c, &tvd_name);

  g_test_message ("%s, %d rows: Pearson MAD %.4f, Spearman MAD %.4f, Cramer's V MAD %.4f, "
                  "correlation ratio MAD %.4f, worst KS %.4f (%s), worst TVD %.4f (%s)",
                  fx_baseline_kind_to_string (kind), N_SAMPLE,
                  c->pearson.mean_abs_difference, c->spearman.mean_abs_difference,
                  c->cramers_v.mean_abs_difference, c->correlation_ratio.mean_abs_difference,
                  ks, ks_name, tvd, tvd_name);
}

static void
assert_marginals_match (const FxComparison *comparison)
{
  guint n_continuous = 0;

  g_assert_cmpuint (comparison->features->len, ==, shared.schema->features->len);
  for (guint i = 0; i < comparison->features->len; i++)
    {
      const FxFeatureComparison *r = g_ptr_array_index (comparison->features, i);

      g_assert_true (r->tested);
      g_assert_cmpuint (r->synthetic_invalid, ==, 0);
      g_assert_cmpuint (r->synthetic_outside_schema, ==, 0);
      if (r->kind == FX_FEATURE_CONTINUOUS)
        {
          if (!(r->ks.statistic < 0.05))
            g_error ("%s: KS statistic %.4f", r->name, r->ks.statistic);
          n_continuous++;
        }
      else if (!(r->tvd < 0.1))
        g_error ("%s: total variation distance %.4f", r->name, r->tvd);
    }
  /* the eICU demo has 25 integer and number columns */
  g_assert_cmpuint (n_continuous, ==, 25);
}

/* ---- tests ---------------------------------------------------------------------- */

static void
test_kind_strings (void)
{
  FxBaselineKind kind = FX_BASELINE_INDEPENDENT;

  g_assert_cmpstr (fx_baseline_kind_to_string (FX_BASELINE_COPULA), ==, "copula");
  g_assert_cmpstr (fx_baseline_kind_to_string (FX_BASELINE_INDEPENDENT), ==, "independent");
  g_assert_true (fx_baseline_kind_from_string ("copula", &kind));
  g_assert_cmpint (kind, ==, FX_BASELINE_COPULA);
  g_assert_true (fx_baseline_kind_from_string ("independent", &kind));
  g_assert_cmpint (kind, ==, FX_BASELINE_INDEPENDENT);
  g_assert_false (fx_baseline_kind_from_string ("Copula", &kind));
  g_assert_false (fx_baseline_kind_from_string ("", &kind));
  g_assert_false (fx_baseline_kind_from_string (NULL, &kind));
  g_assert_cmpint (kind, ==, FX_BASELINE_INDEPENDENT);
}

/* The acceptance figures: at 10,000 rows, Pearson mean absolute difference
 * below 0.05 and every marginal KS statistic below 0.05. */
static void
test_copula_fidelity (void)
{
  const FxComparison *c;

  ensure_sample (FX_BASELINE_COPULA);
  c = shared.comparisons[FX_BASELINE_COPULA];
  report_fidelity (FX_BASELINE_COPULA);
  g_assert_cmpfloat (c->pearson.mean_abs_difference, <, 0.05);
  g_assert_cmpfloat (c->spearman.mean_abs_difference, <, 0.05);
  assert_marginals_match (c);
}

/* Right marginals, no associations: the correlation metrics must see the
 * difference. */
static void
test_independent_fidelity (void)
{
  const FxComparison *copula, *independent;

  ensure_sample (FX_BASELINE_COPULA);
  ensure_sample (FX_BASELINE_INDEPENDENT);
  copula = shared.comparisons[FX_BASELINE_COPULA];
  independent = shared.comparisons[FX_BASELINE_INDEPENDENT];
  report_fidelity (FX_BASELINE_INDEPENDENT);
  assert_marginals_match (independent);

  g_assert_cmpfloat (independent->pearson.mean_abs_difference, >, 0.08);
  g_assert_cmpfloat (independent->pearson.mean_abs_difference, >,
                     2 * copula->pearson.mean_abs_difference);
  g_assert_cmpfloat (independent->spearman.mean_abs_difference, >,
                     2 * copula->spearman.mean_abs_difference);
  g_assert_cmpfloat (independent->cramers_v.mean_abs_difference, >,
                     copula->cramers_v.mean_abs_difference);
}

static void
assert_row_valid (JsonObject     *row,
                  const FxSchema *schema)
{
  g_autoptr(GList) members = json_object_get_members (row);
  g_autoptr(GPtrArray) violations = NULL;
  GList *l = members;

  /* every feature, in schema order, and nothing else */
  g_assert_cmpuint (g_list_length (members), ==, schema->features->len);
  for (guint k = 0; k < schema->features->len; k++, l = l->next)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, k);
      JsonNode *node = json_object_get_member (row, f->name);

      g_assert_cmpstr (l->data, ==, f->name);
      g_assert_nonnull (node);
      if (JSON_NODE_HOLDS_NULL (node))
        {
          if (!f->nullable)
            g_error ("%s is null but not nullable", f->name);
          continue;
        }
      g_assert_true (JSON_NODE_HOLDS_VALUE (node));
      switch (f->type)
        {
        case FX_COLUMN_INTEGER:
        case FX_COLUMN_NUMBER:
          {
            double x;

            g_assert_cmpint (json_node_get_value_type (node), ==,
                             f->type == FX_COLUMN_INTEGER ? G_TYPE_INT64 : G_TYPE_DOUBLE);
            x = json_node_get_double (node);
            g_assert_true (isfinite (x));
            if (f->has_minimum)
              g_assert_cmpfloat (x, >=, f->minimum);
            if (f->has_maximum)
              g_assert_cmpfloat (x, <=, f->maximum);
          }
          break;
        case FX_COLUMN_BOOLEAN:
          g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_BOOLEAN);
          break;
        case FX_COLUMN_CATEGORICAL:
          g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
          if (f->categories->len > 0)
            {
              gboolean found = FALSE;

              for (guint i = 0; i < f->categories->len && !found; i++)
                found = g_str_equal (g_ptr_array_index (f->categories, i),
                                     json_node_get_string (node));
              if (!found)
                g_error ("%s: “%s” is not a category of the schema", f->name,
                         json_node_get_string (node));
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }

  violations = fx_schema_validate_object (schema, row);
  if (violations->len > 0)
    g_error ("%s", ((FxViolation *) g_ptr_array_index (violations, 0))->message);
}

static void
test_rows_valid (void)
{
  for (FxBaselineKind kind = FX_BASELINE_COPULA; kind <= FX_BASELINE_INDEPENDENT; kind++)
    {
      ensure_sample (kind);
      for (guint r = 0; r < json_array_get_length (shared.rows[kind]); r++)
        assert_row_valid (json_array_get_object_element (shared.rows[kind], r), shared.schema);
    }
}

static void
test_missing_rate (void)
{
  for (FxBaselineKind kind = FX_BASELINE_COPULA; kind <= FX_BASELINE_INDEPENDENT; kind++)
    {
      const FxComparison *c;
      double worst = 0;

      ensure_sample (kind);
      c = shared.comparisons[kind];
      for (guint i = 0; i < c->features->len; i++)
        {
          const FxFeatureComparison *r = g_ptr_array_index (c->features, i);
          double real = (double) r->real_missing / c->real_rows;
          double synthetic = (double) r->synthetic_missing / c->synthetic_rows;

          if (real == 0)
            g_assert_cmpuint (r->synthetic_missing, ==, 0);
          if (!(fabs (real - synthetic) < 0.02))
            g_error ("%s, %s: missing rate %.4f, reference %.4f",
                     fx_baseline_kind_to_string (kind), r->name, synthetic, real);
          worst = MAX (worst, fabs (real - synthetic));
        }
      g_test_message ("%s: largest missing-rate difference %.4f",
                      fx_baseline_kind_to_string (kind), worst);
    }
}

/* The share of rows in which exactly one of @a and @b is missing. */
static double
missing_disagreement (const FxTable *table,
                      const char    *a,
                      const char    *b)
{
  const FxColumn *x = fx_table_find_column (table, a);
  const FxColumn *y = fx_table_find_column (table, b);
  gsize n = 0;

  for (gsize i = 0; i < table->n_rows; i++)
    n += fx_column_is_missing (x, i) != fx_column_is_missing (y, i);
  return (double) n / table->n_rows;
}

/* A blood gas gives pao2, pco2 and ph together, and the GCS components are scored
 * together: the copula keeps them missing together, the independent baseline cannot.
 * Vital signs are nearly always charted together; the copula's midpoint scores of a
 * two-level indicator understate that a little. */
static void
test_missing_together (void)
{
  static const char *const pairs[][2] = {
    { "pao2", "pco2" },
    { "pco2", "ph" },
    { "gcs_eyes", "gcs_motor" },
    { "heart_rate", "mean_bp" },
  };

  ensure_sample (FX_BASELINE_COPULA);
  ensure_sample (FX_BASELINE_INDEPENDENT);
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      double real = missing_disagreement (shared.reference, pairs[i][0], pairs[i][1]);
      double copula = missing_disagreement (shared.tables[FX_BASELINE_COPULA], pairs[i][0], pairs[i][1]);
      double independent = missing_disagreement (shared.tables[FX_BASELINE_INDEPENDENT],
                                                 pairs[i][0], pairs[i][1]);

      g_test_message ("%s/%s missing alone: reference %.4f, copula %.4f, independent %.4f",
                      pairs[i][0], pairs[i][1], real, copula, independent);
      if (real == 0)
        g_assert_cmpfloat (copula, <, 0.005);
      g_assert_cmpfloat (copula - real, <, 0.25 * (independent - real));
      g_assert_cmpfloat (independent, >, real + 0.2);
    }
}

static char *
rows_to_string (JsonArray *rows)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (node, rows);
  return json_to_string (node, FALSE);
}

static void
test_determinism (void)
{
  ensure_reference ();
  for (FxBaselineKind kind = FX_BASELINE_COPULA; kind <= FX_BASELINE_INDEPENDENT; kind++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FxBaseline) first = fx_baseline_new (kind, shared.reference, shared.schema, &error);
      g_autoptr(FxBaseline) second = fx_baseline_new (kind, shared.reference, shared.schema, &error);
      g_autoptr(JsonArray) a = NULL;
      g_autoptr(JsonArray) b = NULL;
      g_autoptr(JsonArray) other_batch = NULL;
      g_autoptr(JsonArray) other_seed = NULL;
      g_autoptr(JsonArray) longer = NULL;
      g_autofree char *text_a = NULL;
      g_autofree char *text_b = NULL;
      g_autofree char *text_batch = NULL;
      g_autofree char *text_seed = NULL;

      g_assert_no_error (error);
      /* the same (seed, batch) from another generator fitted alike, and after other
       * draws from this one */
      a = fx_baseline_sample (first, 7, 3, 200);
      other_batch = fx_baseline_sample (first, 7, 4, 200);
      other_seed = fx_baseline_sample (first, 8, 3, 200);
      b = fx_baseline_sample (second, 7, 3, 200);
      text_a = rows_to_string (a);
      text_b = rows_to_string (b);
      text_batch = rows_to_string (other_batch);
      text_seed = rows_to_string (other_seed);
      g_assert_cmpstr (text_a, ==, text_b);
      g_assert_cmpstr (text_a, !=, text_batch);
      g_assert_cmpstr (text_a, !=, text_seed);
      g_assert_cmpstr (text_batch, !=, text_seed);

      /* a longer batch begins with the shorter one */
      longer = fx_baseline_sample (first, 7, 3, 300);
      for (guint r = 0; r < 200; r++)
        g_assert_true (json_object_equal (json_array_get_object_element (a, r),
                                          json_array_get_object_element (longer, r)));

      /* no rows is an empty array */
      g_clear_pointer (&a, json_array_unref);
      a = fx_baseline_sample (first, 7, 3, 0);
      g_assert_cmpuint (json_array_get_length (a), ==, 0);
    }
}

static FxTable *
read_text (const char *text,
           GHashTable *types)
{
  g_autoptr(GError) error = NULL;
  FxCsvOptions options = { 0, types };
  FxTable *table = fx_csv_read_data (text, strlen (text), "inline.csv", &options, &error);

  g_assert_no_error (error);
  return table;
}

static FxSchema *
load_schema (const char *text)
{
  g_autoptr(GError) error = NULL;
  FxSchema *schema = fx_schema_load_data (text, -1, "inline.json", &error);

  g_assert_no_error (error);
  return schema;
}

/* The schema wins over the reference: bounds clamp, only its categories appear,
 * a non-nullable feature is never missing, and the reference's columns may be read
 * without the schema's types. */
static void
test_schema_respected (void)
{
  static const char csv[] =
    "n,i,flag,colour,site,word\n"
    "-5.5,1.4,1,red,10,yes\n"
    "0.5,2.6,0,blue,20,no\n"
    "1.5,,1,green,10,\n"
    "2.5,4,,red,30,yes\n"
    "99,5,0,,20,no\n"
    ",6.2,1,purple,10,yes\n";
  static const char schema_text[] =
    "{\"format\": 1, \"name\": \"t\", \"features\": ["
    " {\"name\": \"n\", \"type\": \"number\", \"minimum\": 0, \"maximum\": 10, \"nullable\": true},"
    " {\"name\": \"i\", \"type\": \"integer\", \"minimum\": 2, \"maximum\": 5, \"nullable\": false},"
    " {\"name\": \"flag\", \"type\": \"boolean\", \"nullable\": false},"
    " {\"name\": \"colour\", \"type\": \"categorical\", \"categories\": [\"red\", \"green\", \"blue\", \"black\"],"
    "  \"nullable\": true},"
    " {\"name\": \"site\", \"type\": \"categorical\", \"nullable\": false},"
    " {\"name\": \"word\", \"type\": \"boolean\", \"nullable\": true}"
    "]}";
  /* read without the schema's types: site is numbers, word is yes/no */
  g_autoptr(FxTable) reference = read_text (csv, NULL);
  g_autoptr(FxSchema) schema = load_schema (schema_text);

  for (FxBaselineKind kind = FX_BASELINE_COPULA; kind <= FX_BASELINE_INDEPENDENT; kind++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FxBaseline) baseline = fx_baseline_new (kind, reference, schema, &error);
      g_autoptr(JsonArray) rows = NULL;
      g_autoptr(GHashTable) colours = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GHashTable) sites = g_hash_table_new (g_str_hash, g_str_equal);
      guint n_rows = 4000, n_missing_n = 0, n_missing_colour = 0, n_missing_word = 0;
      guint n_at_min = 0, n_at_max = 0, n_true = 0;

      g_assert_no_error (error);
      rows = fx_baseline_sample (baseline, 1, 0, n_rows);
      for (guint r = 0; r < n_rows; r++)
        {
          JsonObject *row = json_array_get_object_element (rows, r);
          double x;
          gint64 k;

          assert_row_valid (row, schema);

          if (json_object_get_null_member (row, "n"))
            n_missing_n++;
          else
            {
              x = json_object_get_double_member (row, "n");
              /* -5.5 clamps to 0 and 99 to 10 */
              g_assert_true (x == 0 || x == 0.5 || x == 1.5 || x == 2.5 || x == 10);
              n_at_min += x == 0;
              n_at_max += x == 10;
            }

          /* 1.4, 2.6, 4, 5, 6.2 round to 1, 3, 4, 5, 6 and clamp into [2, 5] */
          k = json_object_get_int_member (row, "i");
          g_assert_true (k == 2 || k == 3 || k == 4 || k == 5);

          n_true += json_object_get_boolean_member (row, "flag");

          if (json_object_get_null_member (row, "colour"))
            n_missing_colour++;
          else
            g_hash_table_add (colours, (gpointer) json_object_get_string_member (row, "colour"));

          g_hash_table_add (sites, (gpointer) json_object_get_string_member (row, "site"));

          if (json_object_get_null_member (row, "word"))
            n_missing_word++;
          else
            g_assert_cmpint (json_node_get_value_type (json_object_get_member (row, "word")), ==,
                             G_TYPE_BOOLEAN);
        }

      /* the schema's categories seen in the reference, never "purple" (not in the
       * schema, so counted as missing) nor "black" (never seen) */
      g_assert_cmpuint (g_hash_table_size (colours), ==, 3);
      g_assert_true (g_hash_table_contains (colours, "red"));
      g_assert_true (g_hash_table_contains (colours, "green"));
      g_assert_true (g_hash_table_contains (colours, "blue"));
      /* the reference's labels when the schema lists none */
      g_assert_cmpuint (g_hash_table_size (sites), ==, 3);
      g_assert_true (g_hash_table_contains (sites, "10"));
      g_assert_true (g_hash_table_contains (sites, "20"));
      g_assert_true (g_hash_table_contains (sites, "30"));

      /* rates: n 1/6 missing, colour 2/6 (empty and purple), word 1/6, flag 3/5 true;
       * -5.5 is 1/5 of n's values, 99 another */
      g_assert_cmpfloat (fabs (n_missing_n / (double) n_rows - 1 / 6.), <, 0.03);
      g_assert_cmpfloat (fabs (n_missing_colour / (double) n_rows - 2 / 6.), <, 0.03);
      g_assert_cmpfloat (fabs (n_missing_word / (double) n_rows - 1 / 6.), <, 0.03);
      g_assert_cmpfloat (fabs (n_true / (double) n_rows - 3 / 5.), <, 0.03);
      g_assert_cmpfloat (fabs (n_at_min / (double) (n_rows - n_missing_n) - 1 / 5.), <, 0.03);
      g_assert_cmpfloat (fabs (n_at_max / (double) (n_rows - n_missing_n) - 1 / 5.), <, 0.03);
    }
}

/* Two perfectly rank-correlated columns and one perfectly anti-correlated: the
 * copula keeps the order, the independent baseline does not.  The repaired matrix is
 * a hair below rank one, so a draw may take a neighbouring order statistic.  A
 * two-level feature determined by x keeps only part of the association (midpoint
 * scores understate it). */
static void
test_copula_keeps_order (void)
{
  g_autoptr(GString) csv = g_string_new ("x,y,z,group\n");
  g_autoptr(FxTable) reference = NULL;
  g_autoptr(FxSchema) schema = NULL;

  for (int i = 0; i < 200; i++)
    g_string_append_printf (csv, "%d,%.17g,%d,%s\n", i, exp (i / 50.0), -3 * i,
                            i < 100 ? "low" : "high");
  reference = read_text (csv->str, NULL);
  schema = fx_schema_infer (reference, "order");

  for (FxBaselineKind kind = FX_BASELINE_COPULA; kind <= FX_BASELINE_INDEPENDENT; kind++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FxBaseline) baseline = fx_baseline_new (kind, reference, schema, &error);
      g_autoptr(JsonArray) rows = NULL;
      guint n_rows = 2000, n_ordered = 0, n_group_agrees = 0;

      g_assert_no_error (error);
      rows = fx_baseline_sample (baseline, 5, 1, n_rows);
      for (guint r = 0; r < n_rows; r++)
        {
          JsonObject *row = json_array_get_object_element (rows, r);
          gint64 x = json_object_get_int_member (row, "x");
          double y = json_object_get_double_member (row, "y");
          gint64 z = json_object_get_int_member (row, "z");
          const char *group = json_object_get_string_member (row, "group");

          n_ordered += llabs ((gint64) round (50 * log (y)) - x) <= 1 && llabs (-z / 3 - x) <= 1;
          n_group_agrees += g_str_equal (group, x < 100 ? "low" : "high");
        }
      g_test_message ("%s: %u of %u rows on the reference's curve, group agrees in %u",
                      fx_baseline_kind_to_string (kind), n_ordered, n_rows, n_group_agrees);
      if (kind == FX_BASELINE_COPULA)
        {
          g_assert_cmpuint (n_ordered, >, 0.99 * n_rows);
          g_assert_cmpuint (n_group_agrees, >, 0.7 * n_rows);
        }
      else
        {
          g_assert_cmpuint (n_ordered, <, 0.05 * n_rows);
          g_assert_cmpuint (n_group_agrees, <, 0.6 * n_rows);
        }
    }
}

static void
assert_baseline_error (const FxTable  *reference,
                       const FxSchema *schema,
                       int             code,
                       const char     *fragment)
{
  for (FxBaselineKind kind = FX_BASELINE_COPULA; kind <= FX_BASELINE_INDEPENDENT; kind++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FxBaseline) baseline = fx_baseline_new (kind, reference, schema, &error);

      g_assert_null (baseline);
      g_assert_error (error, FX_STATS_ERROR, code);
      if (strstr (error->message, fragment) == NULL)
        g_error ("“%s” does not mention “%s”", error->message, fragment);
    }
}

static void
test_errors (void)
{
  static const char schema_text[] =
    "{\"format\": 1, \"name\": \"t\", \"features\": ["
    " {\"name\": \"a\", \"type\": \"integer\", \"nullable\": true},"
    " {\"name\": \"b\", \"type\": \"categorical\", \"nullable\": true}"
    "]}";
  g_autoptr(FxSchema) schema = load_schema (schema_text);
  g_autoptr(FxTable) good = read_text ("a,b\n1,x\n2,y\n", NULL);
  g_autoptr(FxTable) absent = read_text ("a,c\n1,x\n2,y\n", NULL);
  g_autoptr(FxTable) empty_column = read_text ("a,b\n1,\n2,NA\n", NULL);
  g_autoptr(FxTable) no_numbers = read_text ("a,b\n,x\n,y\n", NULL);
  g_autoptr(FxTable) one_row = read_text ("a,b\n1,x\n", NULL);
  g_autoptr(FxTable) text_for_number = read_text ("a,b\nlow,x\nhigh,y\n", NULL);
  g_autoptr(FxTable) outside_categories = read_text ("a,b\n1,x\n2,y\n", NULL);
  g_autoptr(FxSchema) listed = load_schema (
    "{\"format\": 1, \"name\": \"t\", \"features\": ["
    " {\"name\": \"b\", \"type\": \"categorical\", \"categories\": [\"p\", \"q\"], \"nullable\": true}"
    "]}");
  g_autoptr(FxSchema) no_features = fx_schema_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FxBaseline) baseline = NULL;

  /* the good table works, so the failures below are the ones named */
  baseline = fx_baseline_new (FX_BASELINE_COPULA, good, schema, &error);
  g_assert_no_error (error);
  g_assert_nonnull (baseline);

  assert_baseline_error (absent, schema, FX_STATS_ERROR_INVALID, "“b”");
  assert_baseline_error (empty_column, schema, FX_STATS_ERROR_EMPTY, "“b”");
  assert_baseline_error (no_numbers, schema, FX_STATS_ERROR_EMPTY, "“a”");
  assert_baseline_error (one_row, schema, FX_STATS_ERROR_EMPTY, "at least 2 rows");
  assert_baseline_error (text_for_number, schema, FX_STATS_ERROR_INVALID, "“a”");
  /* values only outside the schema's categories leave nothing to draw from */
  assert_baseline_error (outside_categories, listed, FX_STATS_ERROR_EMPTY, "“b”");
  assert_baseline_error (good, no_features, FX_STATS_ERROR_INVALID, "no features");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/baseline/kind-strings", test_kind_strings);
  g_test_add_func ("/baseline/copula/fidelity", test_copula_fidelity);
  g_test_add_func ("/baseline/independent/fidelity", test_independent_fidelity);
  g_test_add_func ("/baseline/rows-valid", test_rows_valid);
  g_test_add_func ("/baseline/missing-rate", test_missing_rate);
  g_test_add_func ("/baseline/copula/missing-together", test_missing_together);
  g_test_add_func ("/baseline/determinism", test_determinism);
  g_test_add_func ("/baseline/schema-respected", test_schema_respected);
  g_test_add_func ("/baseline/copula/keeps-order", test_copula_keeps_order);
  g_test_add_func ("/baseline/errors", test_errors);

  status = g_test_run ();
  shared_clear ();
  return status;
}
