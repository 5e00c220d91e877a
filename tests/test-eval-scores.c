/* test-eval-scores.c: AUROC, AUPRC, Brier and their intervals
 *
 * Reference values: tests/fixtures/eval/make-fixtures.py: scikit-learn's
 * roc_auc_score, average_precision_score and brier_score_loss, DeLong intervals
 * from the O(m n) definition in reference.py, and the stratified bootstrap with
 * the documented SplitMix64 resampling, scored by scikit-learn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <json-glib/json-glib.h>

#include "fx-intervals.h"
#include "fx-random.h"
#include "fx-scores.h"

static JsonNode *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "eval", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_pair (JsonObject   *expected,
             const char   *key,
             const double  got[2],
             double        tolerance)
{
  JsonArray *a = json_object_get_array_member (expected, key);

  g_assert_cmpfloat_with_epsilon (got[0], json_array_get_double_element (a, 0), tolerance);
  g_assert_cmpfloat_with_epsilon (got[1], json_array_get_double_element (a, 1), tolerance);
}

static void
test_scores (void)
{
  g_autoptr(JsonNode) root = load_fixture ("scores.json");
  JsonArray *cases = json_node_get_array (root);

  g_assert_cmpuint (json_array_get_length (cases), ==, 3);
  for (guint c = 0; c < json_array_get_length (cases); c++)
    {
      JsonObject *o = json_array_get_object_element (cases, c);
      JsonArray *s = json_object_get_array_member (o, "score");
      JsonArray *l = json_object_get_array_member (o, "label");
      JsonObject *e = json_object_get_object_member (o, "expected");
      gsize n = json_array_get_length (s);
      g_autofree double *score = g_new (double, n);
      g_autofree guint8 *label = g_new (guint8, n);
      double auc, ci[2], auprc_ci[2], brier_ci[2];

      for (gsize i = 0; i < n; i++)
        {
          score[i] = json_array_get_double_element (s, i);
          label[i] = (guint8) json_array_get_int_element (l, i);
        }
      g_assert_cmpfloat_with_epsilon (fx_auroc (score, label, n),
                                      json_object_get_double_member (e, "auroc"), 1e-12);
      g_assert_cmpfloat_with_epsilon (fx_average_precision (score, label, n),
                                      json_object_get_double_member (e, "auprc"), 1e-12);
      g_assert_cmpfloat_with_epsilon (fx_brier (score, label, n),
                                      json_object_get_double_member (e, "brier"), 1e-12);
      fx_delong_interval (score, label, n, &auc, ci);
      g_assert_cmpfloat_with_epsilon (auc, json_object_get_double_member (e, "auroc_delong"), 1e-12);
      assert_pair (e, "auroc_ci", ci, 1e-10);
      fx_bootstrap_intervals (score, label, n, (guint64) json_object_get_int_member (o, "seed"),
                              (guint) json_object_get_int_member (o, "resamples"), auprc_ci, brier_ci);
      assert_pair (e, "auprc_ci", auprc_ci, 1e-10);
      assert_pair (e, "brier_ci", brier_ci, 1e-10);
    }
}

static void
test_one_class (void)
{
  const double score[] = { 0.1, 0.4, 0.8 };
  const guint8 label[] = { 1, 1, 1 };
  double auc, ci[2], a[2], b[2];

  g_assert_true (isnan (fx_auroc (score, label, 3)));
  fx_delong_interval (score, label, 3, &auc, ci);
  g_assert_true (isnan (auc) && isnan (ci[0]) && isnan (ci[1]));
  fx_bootstrap_intervals (score, label, 3, 1, 10, a, b);
  g_assert_true (isnan (a[0]) && isnan (b[1]));
}

static void
test_splitmix (void)
{
  /* the first outputs for seed 1234567, as published with the algorithm */
  guint64 state = 1234567;

  g_assert_cmpuint (fx_splitmix64_next (&state), ==, G_GUINT64_CONSTANT (6457827717110365317));
  g_assert_cmpuint (fx_splitmix64_next (&state), ==, G_GUINT64_CONSTANT (3203168211198807973));
  g_assert_cmpuint (fx_splitmix64_next (&state), ==, G_GUINT64_CONSTANT (9817491932198370423));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/eval/scores/sklearn", test_scores);
  g_test_add_func ("/eval/scores/one-class", test_one_class);
  g_test_add_func ("/eval/scores/splitmix64", test_splitmix);
  return g_test_run ();
}
