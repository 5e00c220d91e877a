/* test-eval-encoding.c: the model matrix, the target, the split's edges and the
 * logistic regression's refusals
 *
 * Expected values are worked out by hand from the definitions in README.md
 * ("facsimile-cli evaluate"); the fitted numbers are checked against XGBoost, scikit-
 * learn and statsmodels in test-eval-utility.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fx-csv.h"
#include "fx-encoding.h"
#include "fx-eval-error.h"
#include "fx-holdout.h"
#include "fx-logit.h"
#include "fx-schema.h"

static const char *SCHEMA =
  "{\"format\": 1, \"name\": \"t\", \"target\": \"died\", \"site\": \"region\",\n"
  " \"features\": [\n"
  "  {\"name\": \"id\", \"type\": \"integer\", \"identifier\": true},\n"
  "  {\"name\": \"region\", \"type\": \"categorical\", \"categories\": [\"North\", \"South\"]},\n"
  "  {\"name\": \"age\", \"type\": \"number\"},\n"
  "  {\"name\": \"sex\", \"type\": \"categorical\", \"categories\": [\"F\", \"M\"]},\n"
  "  {\"name\": \"unit\", \"type\": \"categorical\"},\n"
  "  {\"name\": \"vent\", \"type\": \"boolean\"},\n"
  "  {\"name\": \"died\", \"type\": \"boolean\"}]}\n";

static const char *TABLE =
  "id,region,age,sex,unit,vent,died\n"
  "1,North,70.5,M,ICU,1,0\n"
  "2,South,,F,CCU,0,1\n"
  "3,North,55,X,,,0\n"
  "4,,60,,ICU,1,\n";

static FxSchema *
schema_new (const char *text)
{
  g_autoptr(GError) error = NULL;
  FxSchema *schema = fx_schema_load_data (text, -1, "schema", &error);

  g_assert_no_error (error);
  return schema;
}

static FxTable *
table_new (const FxSchema *schema,
           const char     *text)
{
  g_autoptr(GHashTable) types = fx_schema_column_types (schema);
  g_autoptr(GError) error = NULL;
  FxCsvOptions options = { 0, types };
  FxTable *table = fx_csv_read_data (text, strlen (text), "table", &options, &error);

  g_assert_no_error (error);
  return table;
}

static void
test_matrix (void)
{
  g_autoptr(FxSchema) schema = schema_new (SCHEMA);
  g_autoptr(FxTable) table = table_new (schema, TABLE);
  g_autoptr(FxEncoding) encoding = fx_encoding_new (schema, table);
  const char *columns[] = { "age", "sex=F", "sex=M", "unit=ICU", "unit=CCU", "vent" };
  /* rows: age, F, M, ICU, CCU, vent; an unknown or missing label is all zeros */
  const float expected[4][6] = {
    { 70.5f, 0, 1, 1, 0, 1 },
    { NAN,   1, 0, 0, 1, 0 },
    { 55,    0, 0, 0, 0, NAN },
    { 60,    0, 0, 1, 0, 1 },
  };
  g_autofree float *x = NULL;
  g_autofree float *some = NULL;
  const gsize rows[] = { 3, 0 };

  /* the identifier, the site and the target are not inputs */
  g_assert_cmpuint (fx_encoding_n_columns (encoding), ==, G_N_ELEMENTS (columns));
  for (guint j = 0; j < G_N_ELEMENTS (columns); j++)
    g_assert_cmpstr (g_ptr_array_index (encoding->columns, j), ==, columns[j]);

  x = fx_encoding_apply (encoding, table, NULL, 4);
  for (guint r = 0; r < 4; r++)
    for (guint j = 0; j < 6; j++)
      if (isnan (expected[r][j]))
        g_assert_true (isnan (x[r * 6 + j]));
      else
        g_assert_cmpfloat (x[r * 6 + j], ==, expected[r][j]);

  /* chosen rows, in the order given */
  some = fx_encoding_apply (encoding, table, rows, 2);
  g_assert_cmpfloat (some[0], ==, 60);
  g_assert_cmpfloat (some[6], ==, 70.5f);
}

static void
test_labels (void)
{
  g_autoptr(FxSchema) schema = schema_new (SCHEMA);
  g_autoptr(FxTable) table = table_new (schema, TABLE);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *labels = fx_encoding_labels (schema, table, "real", &error);
  g_autofree guint8 *bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (labels[0], ==, 0);
  g_assert_cmpuint (labels[1], ==, 1);
  g_assert_cmpuint (labels[3], ==, 255);

  g_free (schema->target);
  schema->target = g_strdup ("age");
  bad = fx_encoding_labels (schema, table, "real", &error);
  g_assert_null (bad);
  g_assert_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT);
  g_assert_nonnull (strstr (error->message, "not binary"));
  g_clear_error (&error);

  g_clear_pointer (&schema->target, g_free);
  bad = fx_encoding_labels (schema, table, "real", &error);
  g_assert_null (bad);
  g_assert_nonnull (strstr (error->message, "no target"));
}

static void
test_split_edges (void)
{
  g_autoptr(FxSchema) schema = schema_new (SCHEMA);
  g_autoptr(FxTable) table = table_new (schema, TABLE);
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSplit) sites = NULL;
  g_autoptr(FxSplit) none = NULL;
  const char *south[] = { "South", NULL };
  const char *west[] = { "West", NULL };
  g_autofree char *sha = NULL;

  /* South's rows, and nothing of row 3 (no target) */
  sites = fx_holdout_split (schema, table, NULL, 0.2, south, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sites->holdout->len, ==, 1);
  g_assert_cmpuint (g_array_index (sites->holdout, gsize, 0), ==, 1);
  g_assert_cmpuint (sites->train->len, ==, 2);

  /* "1\n" */
  sha = fx_holdout_rows_sha256 ((gsize *) sites->holdout->data, sites->holdout->len);
  g_assert_cmpstr (sha, ==, "4355a46b19d348dc2f57c046f8ef63d4538ebb936000f3c9ee954a27460dd865");

  none = fx_holdout_split (schema, table, NULL, 0.2, west, 1, &error);
  g_assert_null (none);
  g_assert_nonnull (strstr (error->message, "unknown site “West”"));
  g_assert_nonnull (strstr (error->message, "“North”, “South”"));
  g_clear_error (&error);

  none = fx_holdout_split (schema, table, NULL, 1.0, NULL, 1, &error);
  g_assert_null (none);
  g_assert_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT);
}

static void
test_logit_refuses (void)
{
  /* intercept, x, and x again: collinear */
  double x[8 * 3];
  const guint8 y[8] = { 0, 1, 0, 1, 1, 0, 1, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FxLogit) fit = NULL;

  for (guint i = 0; i < 8; i++)
    {
      x[i * 3] = 1;
      x[i * 3 + 1] = x[i * 3 + 2] = i;
    }
  fit = fx_logit_fit (x, y, 8, 3, &error);
  g_assert_null (fit);
  g_assert_nonnull (strstr (error->message, "collinear"));
  g_clear_error (&error);

  /* x separates y completely */
  for (guint i = 0; i < 8; i++)
    {
      x[i * 2] = 1;
      x[i * 2 + 1] = y[i] ? i + 10 : i;
    }
  fit = fx_logit_fit (x, y, 8, 2, &error);
  g_assert_null (fit);
  g_assert_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/eval/encoding/matrix", test_matrix);
  g_test_add_func ("/eval/encoding/labels", test_labels);
  g_test_add_func ("/eval/encoding/split-edges", test_split_edges);
  g_test_add_func ("/eval/encoding/logit-refuses", test_logit_refuses);
  return g_test_run ();
}
