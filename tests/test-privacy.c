/* test-privacy.c: distance-based privacy measures
 *
 * Expected values come from tests/fixtures/privacy/reference.py (NumPy, pandas,
 * scikit-learn's roc_auc_score and roc_curve, DeLong from delong.py beside it), made
 * by make-fixtures.py there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <json-glib/json-glib.h>

#include "fx-baseline.h"
#include "fx-csv.h"
#include "fx-neighbours.h"
#include "fx-privacy.h"
#include "fx-privacy-output.h"
#include "fx-schema.h"
#include "fx-test-fixtures.h"

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

typedef struct
{
  FxTable *real;
  FxTable *synthetic;
  GArray  *train;    /* (element-type gsize) */
  GArray  *holdout;  /* (element-type gsize) */
  JsonNode *expected;
  char   **inputs;
} Fixture;

static GArray *
rows_of (JsonArray *array)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (gsize));

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gsize r = json_array_get_int_element (array, i);

      g_array_append_val (rows, r);
    }
  return rows;
}

static void
fixture_load (Fixture *f)
{
  g_autofree char *real_path = fixture_path ("real.csv");
  g_autofree char *synthetic_path = fixture_path ("synthetic.csv");
  g_autoptr(GHashTable) types = NULL;
  g_autoptr(JsonNode) split = read_json ("split.json");
  g_autoptr(GError) error = NULL;
  g_autofree const char **columns = NULL;
  FxCsvOptions options = { 0 };
  const char *identifiers[] = { "patient_id", NULL };

  f->real = fx_csv_read_file (real_path, NULL, &error);
  g_assert_no_error (error);
  types = fx_table_column_types (f->real);
  options.types = types;
  f->synthetic = fx_csv_read_file (synthetic_path, &options, &error);
  g_assert_no_error (error);
  f->train = rows_of (json_object_get_array_member (json_node_get_object (split), "train"));
  f->holdout = rows_of (json_object_get_array_member (json_node_get_object (split), "holdout"));
  f->expected = read_json ("expected.json");

  columns = g_new0 (const char *, fx_table_get_n_columns (f->real) + 1);
  for (guint i = 0; i < fx_table_get_n_columns (f->real); i++)
    columns[i] = fx_table_get_column (f->real, i)->name;
  f->inputs = fx_privacy_model_inputs (columns, "died", "site", identifiers);
}

static void
fixture_clear (Fixture *f)
{
  fx_table_free (f->real);
  fx_table_free (f->synthetic);
  g_array_unref (f->train);
  g_array_unref (f->holdout);
  json_node_unref (f->expected);
  g_strfreev (f->inputs);
}

static FxPrivacy *
measure (Fixture *f,
         gsize    max_rows,
         guint    n_threads)
{
  FxPrivacyOptions options = { 7, max_rows, n_threads };
  g_autoptr(GError) error = NULL;
  FxPrivacy *p;

  p = fx_privacy_measure (f->real, (gsize *) f->train->data, f->train->len,
                          (gsize *) f->holdout->data, f->holdout->len, f->synthetic,
                          (const char * const *) f->inputs, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);
  return p;
}

static JsonNode *
privacy_json (const FxPrivacy *p)
{
  FxJsonWriter *w = fx_json_writer_new (FALSE);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  fx_privacy_write_json (p, w);
  text = fx_json_writer_finish (w, NULL);  /* frees @w */
  return json_from_string (text, &error);
}

/* Every member of @want is in @got with the same value (numbers within 1e-12),
 * and @got has no member @want lacks. */
static guint
assert_same_json (JsonNode   *got,
                  JsonNode   *want,
                  const char *path)
{
  guint checks = 0;

  if (JSON_NODE_HOLDS_OBJECT (want))
    {
      JsonObject *wo = json_node_get_object (want), *go;
      g_autoptr(GList) members = json_object_get_members (wo);

      g_assert_true (JSON_NODE_HOLDS_OBJECT (got));
      go = json_node_get_object (got);
      g_assert_cmpuint (json_object_get_size (go), ==, json_object_get_size (wo));
      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *sub = g_strdup_printf ("%s.%s", path, (char *) l->data);

          if (!json_object_has_member (go, l->data))
            g_error ("%s: missing", sub);
          checks += assert_same_json (json_object_get_member (go, l->data),
                                      json_object_get_member (wo, l->data), sub);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (want))
    {
      JsonArray *wa = json_node_get_array (want), *ga = json_node_get_array (got);

      g_assert_cmpuint (json_array_get_length (ga), ==, json_array_get_length (wa));
      for (guint i = 0; i < json_array_get_length (wa); i++)
        {
          g_autofree char *sub = g_strdup_printf ("%s[%u]", path, i);

          checks += assert_same_json (json_array_get_element (ga, i),
                                      json_array_get_element (wa, i), sub);
        }
    }
  else if (json_node_get_value_type (want) == G_TYPE_BOOLEAN)
    {
      g_assert_cmpint (json_node_get_boolean (got), ==, json_node_get_boolean (want));
      checks++;
    }
  else
    {
      double g = json_node_get_double (got), w = json_node_get_double (want);

      if (!(fabs (g - w) <= 1e-12 * MAX (1, fabs (w))))
        g_error ("%s: got %.17g, want %.17g", path, g, w);
      checks++;
    }
  return checks;
}

static void
test_inputs (void)
{
  Fixture f = { 0 };
  JsonArray *want;

  fixture_load (&f);
  want = json_object_get_array_member (json_node_get_object (f.expected), "inputs");
  g_assert_cmpuint (g_strv_length (f.inputs), ==, json_array_get_length (want));
  for (guint i = 0; i < json_array_get_length (want); i++)
    g_assert_cmpstr (f.inputs[i], ==, json_array_get_string_element (want, i));
  fixture_clear (&f);
}

static void
check_against (const char *setting,
               gsize       max_rows)
{
  Fixture f = { 0 };
  g_autoptr(FxPrivacy) p = NULL;
  g_autoptr(JsonNode) got = NULL;
  JsonNode *want;
  guint checks;

  fixture_load (&f);
  p = measure (&f, max_rows, 2);
  got = privacy_json (p);
  want = json_object_get_member (json_node_get_object (f.expected), setting);
  checks = assert_same_json (got, want, "privacy");
  g_assert_cmpuint (checks, ==, 16);
  g_test_message ("%s: %u values agree with the reference", setting, checks);
  fixture_clear (&f);
}

static void
test_reference_all_rows (void)
{
  check_against ("all_rows", 0);
}

static void
test_reference_sampled (void)
{
  check_against ("max_rows_100", 100);
}

/* The threads split the queries only: one thread or two give the same numbers. */
static void
test_threads_agree (void)
{
  Fixture f = { 0 };
  g_autoptr(FxPrivacy) one = NULL, two = NULL;

  fixture_load (&f);
  one = measure (&f, 0, 1);
  two = measure (&f, 0, 2);
  g_assert_cmpuint (one->dcr_synthetic->len, ==, two->dcr_synthetic->len);
  for (guint i = 0; i < one->dcr_synthetic->len; i++)
    g_assert_cmpfloat (g_array_index (one->dcr_synthetic, double, i), ==,
                       g_array_index (two->dcr_synthetic, double, i));
  g_assert_cmpfloat (one->auroc, ==, two->auroc);
  g_assert_cmpfloat (one->share_closer_to_training, ==, two->share_closer_to_training);
  /* the ROC curve runs from (0, 0) to (1, 1) */
  g_assert_cmpfloat (g_array_index (one->roc_fpr, double, 0), ==, 0);
  g_assert_cmpfloat (g_array_index (one->roc_tpr, double, one->roc_tpr->len - 1), ==, 1);
  fixture_clear (&f);
}

/* The neighbour search against a plain double loop over every pair, on a table
 * longer than one block and one chunk of queries. */
static void
test_neighbours_brute_force (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FxGower) gower = NULL;
  g_autoptr(FxGowerRows) q = NULL, r = NULL;
  g_autoptr(FxNeighbours) nn = NULL;

  fixture_load (&f);
  gower = fx_gower_new (f.real, NULL, 0, (const char * const *) f.inputs, &error);
  g_assert_no_error (error);
  q = fx_gower_encode (gower, f.synthetic, NULL, 0, &error);
  g_assert_no_error (error);
  r = fx_gower_encode (gower, f.real, NULL, 0, &error);
  g_assert_no_error (error);
  nn = fx_neighbours_find (gower, q, r, 2);
  for (gsize i = 0; i < q->n_rows; i++)
    {
      double d1 = INFINITY, d2 = INFINITY;

      for (gsize j = 0; j < r->n_rows; j++)
        {
          double d = fx_gower_distance (gower, q, i, r, j);

          if (d < d1)
            {
              d2 = d1;
              d1 = d;
            }
          else if (d < d2)
            d2 = d;
        }
      g_assert_cmpfloat (nn->first[i], ==, d1);
      g_assert_cmpfloat (nn->second[i], ==, d2);
      g_assert_cmpfloat (fx_gower_distance (gower, q, i, r, nn->nearest[i]), ==, d1);
    }
  fixture_clear (&f);
}

static void
test_sample (void)
{
  g_autofree gsize *all = fx_privacy_sample (5, 10, 3);
  g_autofree gsize *some = fx_privacy_sample (1000, 10, 3);
  g_autofree gsize *again = fx_privacy_sample (1000, 10, 3);
  g_autofree gsize *other = fx_privacy_sample (1000, 10, 4);

  for (gsize i = 0; i < 5; i++)
    g_assert_cmpuint (all[i], ==, i);
  for (gsize i = 0; i < 10; i++)
    {
      g_assert_cmpuint (some[i], <, 1000);
      g_assert_cmpuint (some[i], ==, again[i]);
      if (i > 0)
        g_assert_cmpuint (some[i - 1], <, some[i]);
    }
  g_assert_false (memcmp (some, other, 10 * sizeof (gsize)) == 0);
}

static void
test_missing_column (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FxTable) narrow = fx_table_new ();
  FxPrivacy *p;

  fixture_load (&f);
  fx_table_add_column (narrow, fx_column_subset (fx_table_find_column (f.synthetic, "age"),
                                                 (gsize[]) { 0, 1, 2 }, 3));
  narrow->n_rows = 3;
  /* the synthetic table's missing inputs are missing values: every one of its rows is
   * at least 9 of 10 inputs away from a real row that has them all */
  p = fx_privacy_measure (f.real, (gsize *) f.train->data, f.train->len,
                          (gsize *) f.holdout->data, f.holdout->len, narrow,
                          (const char * const *) f.inputs, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (p->exact_synthetic, ==, 0);
  g_assert_cmpfloat (p->dcr_synthetic_p5, >=, 0.5);
  fx_privacy_free (p);

  /* but the real table must have every input */
  {
    const char *inputs[] = { "age", "no_such_input", NULL };

    p = fx_privacy_measure (f.real, (gsize *) f.train->data, f.train->len,
                            (gsize *) f.holdout->data, f.holdout->len, f.synthetic,
                            inputs, NULL, &error);
    g_assert_null (p);
    g_assert_error (error, FX_PRIVACY_ERROR, FX_PRIVACY_ERROR_MISSING_COLUMN);
    g_assert_nonnull (strstr (error->message, "no_such_input"));
    g_clear_error (&error);
  }

  /* a column of labels where the real table has a flag */
  {
    const char *text = "age,weight,height,temperature,sodium,ventilated,unit,sex,steady,gcs_eyes\n"
                       "50,70,170,37,140,maybe,Medical,F,7,4\n";
    g_autoptr(FxTable) odd = fx_csv_read_data (text, strlen (text), "odd.csv", NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (fx_table_find_column (odd, "ventilated")->type, ==, FX_COLUMN_CATEGORICAL);
    p = fx_privacy_measure (f.real, (gsize *) f.train->data, f.train->len,
                            (gsize *) f.holdout->data, f.holdout->len, odd,
                            (const char * const *) f.inputs, NULL, &error);
    g_assert_null (p);
    g_assert_error (error, FX_PRIVACY_ERROR, FX_PRIVACY_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "ventilated"));
  }
  fixture_clear (&f);
}

/* The experiment of a leak: the training part with 5 % of its rows copied verbatim
 * and the rest perturbed shows it; a Gaussian-copula sample of the same size does
 * not. */
typedef struct
{
  FxTable  *real;
  FxSchema *schema;
  gsize    *train;
  gsize     n_train;
  gsize    *holdout;
  gsize     n_holdout;
  char    **inputs;
} Demo;

static void
demo_load (Demo *d)
{
  g_autofree gboolean *in_holdout = NULL;
  g_autofree gsize *pick = NULL;

  fx_test_load_example (&d->schema, &d->real);

  /* a seeded 20 % holdout */
  d->n_holdout = d->real->n_rows / 5;
  pick = fx_privacy_sample (d->real->n_rows, d->n_holdout, 11);
  in_holdout = g_new0 (gboolean, d->real->n_rows);
  for (gsize i = 0; i < d->n_holdout; i++)
    in_holdout[pick[i]] = TRUE;
  d->holdout = g_steal_pointer (&pick);
  d->train = g_new (gsize, d->real->n_rows);
  for (gsize r = 0; r < d->real->n_rows; r++)
    if (!in_holdout[r])
      d->train[d->n_train++] = r;

  d->inputs = fx_privacy_schema_inputs (d->schema);
  g_assert_false (g_strv_contains ((const char * const *) d->inputs, "hospital_id"));
  g_assert_false (g_strv_contains ((const char * const *) d->inputs, "hospital_region"));
  g_assert_false (g_strv_contains ((const char * const *) d->inputs, "hospital_mortality"));
}

static void
demo_clear (Demo *d)
{
  fx_table_free (d->real);
  fx_schema_free (d->schema);
  g_free (d->train);
  g_free (d->holdout);
  g_strfreev (d->inputs);
}

/* The training part, 5 % of rows as they are and the others with every number moved
 * by a tenth of the column's spread (integers rounded). */
static FxTable *
make_leaky (const Demo *d)
{
  FxTable *t = fx_table_subset (d->real, d->train, d->n_train);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);

  for (guint c = 0; c < fx_table_get_n_columns (t); c++)
    {
      FxColumn *column = fx_table_get_column (t, c);
      g_autofree double *present = NULL;
      gsize n = 0;
      double mean = 0, sd = 0;

      if (column->type != FX_COLUMN_INTEGER && column->type != FX_COLUMN_NUMBER)
        continue;
      present = fx_column_present_values (column, &n);
      for (gsize i = 0; i < n; i++)
        mean += present[i] / n;
      for (gsize i = 0; i < n; i++)
        sd += (present[i] - mean) * (present[i] - mean) / MAX (n - 1, 1);
      sd = sqrt (sd);
      for (gsize r = 0; r < t->n_rows; r++)
        {
          double u1, u2, z;

          if (r % 20 == 0 || fx_column_is_missing (column, r))
            continue;  /* every 20th row is a verbatim copy */
          u1 = g_rand_double (rand);
          u2 = g_rand_double (rand);
          z = sqrt (-2 * log (1 - u1)) * cos (2 * G_PI * u2);
          column->values[r] += 0.1 * sd * z;
          if (column->type == FX_COLUMN_INTEGER)
            column->values[r] = round (column->values[r]);
        }
    }
  return t;
}

static FxTable *
make_copula (const Demo *d)
{
  g_autoptr(FxTable) train = fx_table_subset (d->real, d->train, d->n_train);
  g_autoptr(GError) error = NULL;
  g_autoptr(FxBaseline) baseline = fx_baseline_new (FX_BASELINE_COPULA, train, d->schema, &error);
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(GHashTable) types = fx_schema_column_types (d->schema);
  FxCsvOptions options = { 0, types };
  FxTable *out;

  g_assert_no_error (error);
  rows = fx_baseline_sample (baseline, 3, 0, d->n_train);
  for (guint i = 0; i < d->schema->features->len; i++)
    g_string_append_printf (csv, "%s%s", i > 0 ? "," : "",
                            ((FxFeature *) g_ptr_array_index (d->schema->features, i))->name);
  g_string_append_c (csv, '\n');
  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonObject *row = json_array_get_object_element (rows, r);

      for (guint i = 0; i < d->schema->features->len; i++)
        {
          FxFeature *feature = g_ptr_array_index (d->schema->features, i);
          JsonNode *node = json_object_get_member (row, feature->name);
          GType type;
          char buf[32];

          if (i > 0)
            g_string_append_c (csv, ',');
          if (node == NULL || JSON_NODE_HOLDS_NULL (node))
            continue;
          type = json_node_get_value_type (node);
          if (type == G_TYPE_STRING)
            {
              g_autofree char *escaped = NULL;
              g_auto(GStrv) parts = g_strsplit (json_node_get_string (node), "\"", -1);

              escaped = g_strjoinv ("\"\"", parts);
              g_string_append_printf (csv, "\"%s\"", escaped);
            }
          else if (type == G_TYPE_BOOLEAN)
            g_string_append (csv, json_node_get_boolean (node) ? "1" : "0");
          else
            g_string_append (csv, fx_format_double (json_node_get_double (node), buf));
        }
      g_string_append_c (csv, '\n');
    }
  out = fx_csv_read_data (csv->str, csv->len, "copula.csv", &options, &error);
  g_assert_no_error (error);
  return out;
}

static FxPrivacy *
demo_measure (const Demo    *d,
              const FxTable *synthetic)
{
  FxPrivacyOptions options = { 1, 0, 0 };
  g_autoptr(GError) error = NULL;
  FxPrivacy *p = fx_privacy_measure (d->real, d->train, d->n_train, d->holdout, d->n_holdout,
                                     synthetic, (const char * const *) d->inputs, &options, &error);

  g_assert_no_error (error);
  return p;
}

static void
test_leak_experiment (void)
{
  Demo d = { 0 };
  g_autoptr(FxTable) leaky = NULL, copula = NULL;
  g_autoptr(FxPrivacy) lp = NULL, cp = NULL;

  demo_load (&d);
  g_assert_cmpuint (g_strv_length (d.inputs), ==, 34);
  leaky = make_leaky (&d);
  copula = make_copula (&d);
  lp = demo_measure (&d, leaky);
  cp = demo_measure (&d, copula);

  g_test_message ("%-28s %10s %10s", "", "leaky", "copula");
  g_test_message ("%-28s %10.4f %10.4f", "exact copies, synthetic", lp->exact_synthetic, cp->exact_synthetic);
  g_test_message ("%-28s %10.4f %10.4f", "exact copies, holdout", lp->exact_holdout, cp->exact_holdout);
  g_test_message ("%-28s %10.4f %10.4f", "DCR p5, synthetic", lp->dcr_synthetic_p5, cp->dcr_synthetic_p5);
  g_test_message ("%-28s %10.4f %10.4f", "DCR median, synthetic", lp->dcr_synthetic_median, cp->dcr_synthetic_median);
  g_test_message ("%-28s %10.4f %10.4f", "DCR median, holdout", lp->dcr_holdout_median, cp->dcr_holdout_median);
  g_test_message ("%-28s %10.4f %10.4f", "share closer to training", lp->share_closer_to_training, cp->share_closer_to_training);
  g_test_message ("%-28s %10.4f %10.4f", "NNDR median, synthetic", lp->nndr_synthetic_median, cp->nndr_synthetic_median);
  g_test_message ("%-28s %10.4f %10.4f", "attack AUROC", lp->auroc, cp->auroc);
  g_test_message ("%-28s %5.3f-%5.3f %5.3f-%5.3f", "attack AUROC 95% CI", lp->auroc_low, lp->auroc_high, cp->auroc_low, cp->auroc_high);
  g_test_message ("%-28s %10.4f %10.4f", "attack advantage", lp->advantage, cp->advantage);

  /* the leak */
  g_assert_cmpfloat (lp->exact_synthetic, >=, 0.04);
  g_assert_cmpfloat (lp->auroc_low, >, 0.6);
  g_assert_cmpfloat (lp->share_closer_to_training, >, 0.55);
  /* no leak */
  g_assert_cmpfloat (cp->exact_synthetic, ==, 0);
  g_assert_cmpfloat (cp->auroc_low, <, 0.5);
  g_assert_cmpfloat (cp->auroc_high, >, 0.5);
  g_assert_cmpfloat (fabs (cp->share_closer_to_training - 0.5), <, 0.05);
  demo_clear (&d);
}


/* The blocks added to an evaluation's JSON: its other members kept as they were. */
static void
test_add_to_json (void)
{
  Fixture f = { 0 };
  g_autoptr(FxPrivacy) p = NULL;
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(FxValidity) v = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *json = "{\"seed\": 7, \"scores\": [0.1, 0.30000000000000004, null],"
                     " \"trtr\": {\"auroc\": 0.75, \"note\": \"x\", \"ok\": true},"
                     " \"privacy\": 5}";
  JsonObject *o;
  JsonArray *scores;

  fixture_load (&f);
  p = measure (&f, 0, 0);
  schema = fx_schema_infer (f.real, "fixture");
  g_ptr_array_add (schema->rules, fx_schema_rule_new ("cool", "temperature >= 35", NULL));
  v = fx_validity_measure (schema, f.real, f.synthetic, &error);
  g_assert_no_error (error);

  out = fx_privacy_add_to_json (json, p, v, TRUE, NULL, &error);
  g_assert_no_error (error);
  root = json_from_string (out, &error);
  g_assert_no_error (error);
  o = json_node_get_object (root);
  g_assert_cmpuint (json_object_get_size (o), ==, 5);
  g_assert_cmpint (json_object_get_int_member (o, "seed"), ==, 7);
  scores = json_object_get_array_member (o, "scores");
  g_assert_cmpfloat (json_array_get_double_element (scores, 0), ==, 0.1);
  g_assert_cmpfloat (json_array_get_double_element (scores, 1), ==, 0.1 + 0.2);
  g_assert_true (json_array_get_null_element (scores, 2));
  g_assert_nonnull (strstr (out, "0.30000000000000004"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "trtr"), "note"), ==, "x");
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (o, "privacy")), ==, 5);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (o, "validity")), ==, 2);

  g_assert_null (fx_privacy_add_to_json ("[1, 2]", p, v, TRUE, NULL, &error));
  g_assert_error (error, FX_PRIVACY_ERROR, FX_PRIVACY_ERROR_INVALID);

  text = fx_privacy_to_text (p, v);
  g_assert_nonnull (strstr (text, "closer to the patients they were made from than to new patients"));
  g_assert_nonnull (strstr (text, "cool: 4 synthetic rows break it (doubtful: 5 real rows break it too)"));
  fixture_clear (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/privacy/inputs", test_inputs);
  g_test_add_func ("/privacy/sample", test_sample);
  g_test_add_func ("/privacy/neighbours-brute-force", test_neighbours_brute_force);
  g_test_add_func ("/privacy/reference/all-rows", test_reference_all_rows);
  g_test_add_func ("/privacy/reference/sampled", test_reference_sampled);
  g_test_add_func ("/privacy/threads-agree", test_threads_agree);
  g_test_add_func ("/privacy/missing-column", test_missing_column);
  g_test_add_func ("/privacy/add-to-json", test_add_to_json);
  g_test_add_func ("/privacy/leak-experiment", test_leak_experiment);
  return g_test_run ();
}
