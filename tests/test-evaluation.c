/* test-evaluation.c: the one evaluation entry point
 *
 * The numbers are checked against tests/fixtures/cli/expected-3000.json, made by SciPy
 * and pandas (bench/reference.py through tests/fixtures/cli/make-fixtures.sh) from
 * tests/fixtures/cli/synthetic-3000.csv against the bundled eICU demo table, whether
 * the synthetic set comes as a CSV file or as a run in a real store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "fx-csv.h"
#include "fx-evaluation.h"
#include "fx-store-tables.h"

typedef struct
{
  char *dir;
  char *stays;
  char *synthetic;
  char *store_path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *example = g_getenv ("FX_EXAMPLE_DIR");

  f->dir = g_dir_make_tmp ("fx-evaluation-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_nonnull (example);
  f->stays = g_build_filename (example, "stays.csv", NULL);
  f->synthetic = g_test_build_filename (G_TEST_DIST, "fixtures", "cli", "synthetic-3000.csv", NULL);
  f->store_path = g_build_filename (f->dir, "store.db", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->stays);
  g_free (f->synthetic);
  g_free (f->store_path);
}

/* ---- the SciPy reference ------------------------------------------------------------ */

static JsonNode *
load_expected (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "cli", "expected-3000.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_close (const char *feature,
              const char *what,
              double      got,
              JsonObject *object,
              const char *member,
              double      tolerance,
              gboolean    relative)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  double want, diff;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!isnan (got))
        g_error ("%s.%s: expected null, got %.17g", feature, what, got);
      return;
    }
  want = json_node_get_double (node);
  diff = fabs (got - want);
  if (relative && want != 0)
    diff /= fabs (want);
  if (!(diff <= tolerance))
    g_error ("%s.%s: SciPy says %.17g, got %.17g", feature, what, want, got);
}

/* The tolerances of tests/test-cli.py: tight ones, the for the p-values. */
static guint
check_against_reference (const FxComparison *c)
{
  g_autoptr(JsonNode) root = load_expected ();
  JsonObject *expected = json_node_get_object (root);
  JsonArray *features = json_object_get_array_member (expected, "features");
  guint checked = 0;

  g_assert_cmpuint (c->real_rows, ==, json_object_get_int_member (expected, "real_rows"));
  g_assert_cmpuint (c->synthetic_rows, ==, json_object_get_int_member (expected, "synthetic_rows"));
  g_assert_cmpuint (c->features->len, ==, json_array_get_length (features));
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *ef = json_array_get_object_element (features, i);
      const char *name = json_object_get_string_member (ef, "name");
      const FxFeatureComparison *r = fx_comparison_find (c, name);
      gboolean continuous;

      g_assert_nonnull (r);
      continuous = g_str_equal (json_object_get_string_member (ef, "kind"), "continuous");
      g_assert_cmpint (r->kind == FX_FEATURE_CONTINUOUS, ==, continuous);
      g_assert_cmpuint (r->real_missing, ==, json_object_get_int_member (ef, "real_missing"));
      g_assert_cmpuint (r->synthetic_missing, ==, json_object_get_int_member (ef, "synthetic_missing"));
      if (continuous && !JSON_NODE_HOLDS_NULL (json_object_get_member (ef, "ks")))
        {
          JsonObject *ks = json_object_get_object_member (ef, "ks");

          assert_close (name, "ks.statistic", r->ks.statistic, ks, "statistic", 1e-12, FALSE);
          assert_close (name, "ks.pvalue", r->ks.pvalue, ks, "pvalue", 1e-6, FALSE);
          assert_close (name, "wasserstein", r->wasserstein, ef, "wasserstein", 1e-9, TRUE);
        }
      else if (!continuous && !JSON_NODE_HOLDS_NULL (json_object_get_member (ef, "chi2")))
        {
          JsonObject *chi2 = json_object_get_object_member (ef, "chi2");

          assert_close (name, "chi2.statistic", r->chi2.statistic, chi2, "statistic", 1e-9, TRUE);
          assert_close (name, "chi2.pvalue", r->chi2.pvalue, chi2, "pvalue", 1e-6, FALSE);
          assert_close (name, "tvd", r->tvd, ef, "tvd", 1e-12, FALSE);
        }
      if (json_object_has_member (ef, "kl"))
        assert_close (name, "kl", r->kl, ef, "kl", 1e-12, FALSE);
      if (json_object_has_member (ef, "js"))
        assert_close (name, "js", r->js, ef, "js", 1e-12, FALSE);
      if (json_object_has_member (ef, "pvalue_adjusted"))
        assert_close (name, "pvalue_adjusted", r->pvalue_adjusted, ef, "pvalue_adjusted", 1e-6, FALSE);
      checked++;
    }
  return checked;
}

/* ---- sources ----------------------------------------------------------------------- */

static void
test_csv_sync (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxEvaluationRequest) request = fx_evaluation_request_new (f->stays);
  g_autoptr(FxEvaluation) evaluation = NULL;
  const FxEvaluationSet *set;

  fx_evaluation_request_add_csv (request, f->synthetic, NULL);
  evaluation = fx_evaluation_run (request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (evaluation);
  g_assert_cmpuint (evaluation->sets->len, ==, 1);
  g_assert_cmpuint (evaluation->warnings->len, ==, 0);
  g_assert_null (evaluation->schema);
  g_assert_cmpuint (evaluation->real->n_rows, ==, 2520);
  set = g_ptr_array_index (evaluation->sets, 0);
  g_assert_cmpint (set->kind, ==, FX_EVALUATION_SOURCE_CSV);
  g_assert_cmpstr (set->label, ==, "synthetic-3000.csv");
  g_assert_cmpstr (set->path, ==, f->synthetic);
  g_assert_null (set->run);
  g_assert_cmpuint (set->table->n_rows, ==, 3000);
  g_assert_null (set->comparison->holdout);
  g_assert_null (fx_evaluation_get_holdout (evaluation));
  g_assert_cmpuint (check_against_reference (set->comparison), >=, 30);
}

/* The rows of @path as a run in the store, each cell as the CSV has it; the run's
 * schema is one inferred from @real_path, so that it reads the columns as a comparison
 * without a schema does. */
static gint64
store_csv_as_run (const char *store_path,
                  const char *real_path,
                  const char *path,
                  gint64      rows_requested)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxStore) store = fx_store_open (store_path, &error);
  g_autoptr(FxTable) real = fx_csv_read_file (real_path, NULL, &error);
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(GHashTable) as_text = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(FxTable) table = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_row_record_free);
  g_autofree char *json = NULL;
  FxCsvOptions options = { 0, as_text };
  FxRunRecord run = { 0 };
  FxRequestRecord request = { 0 };
  gint64 run_id;
  guint n_accepted = 0;

  g_assert_no_error (error);
  schema = fx_schema_infer (real, "stays");
  json = fx_schema_to_json (schema);
  for (guint i = 0; i < real->columns->len; i++)
    g_hash_table_insert (as_text, ((FxColumn *) g_ptr_array_index (real->columns, i))->name,
                         GUINT_TO_POINTER (FX_COLUMN_CATEGORICAL + 1));
  table = fx_csv_read_file (path, &options, &error);
  g_assert_no_error (error);

  run.schema_id = fx_store_add_schema (store, "stays", json, &error);
  g_assert_no_error (error);
  run.provider = (char *) "copula";
  run.model = (char *) "copula";
  run.strategy = (char *) "statistics";
  run.parameters = (char *) "{\"rows\": 3000}";
  run.prompt_template_hash = (char *) "";
  run.real_data_sent = (char *) "[]";
  run.rows_requested = rows_requested;
  run_id = fx_store_create_run (store, &run, &error);
  g_assert_no_error (error);

  for (gsize r = 0; r < table->n_rows; r++)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      FxRowRecord *row = g_new0 (FxRowRecord, 1);

      json_builder_begin_object (b);
      for (guint i = 0; i < table->columns->len; i++)
        {
          const FxColumn *c = g_ptr_array_index (table->columns, i);

          json_builder_set_member_name (b, c->name);
          if (fx_column_is_missing (c, r))
            json_builder_add_null_value (b);
          else
            json_builder_add_string_value (b, g_ptr_array_index (c->categories, c->codes[r]));
        }
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      row->values_json = json_to_string (node, FALSE);
      row->valid = TRUE;
      g_ptr_array_add (rows, row);
    }
  request.run_id = run_id;
  request.attempt = 1;
  request.batch_rows = table->n_rows;
  request.prompt = (char *) "";
  request.request_body = (char *) "{}";
  request.outcome = (char *) "ok";
  request.model = (char *) "copula";
  fx_store_add_response (store, &request, rows, &n_accepted, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_accepted, ==, MIN ((gint64) table->n_rows, rows_requested));
  if (n_accepted >= rows_requested)
    fx_store_set_run_status (store, run_id, FX_RUN_COMPLETED, NULL, &error);
  g_assert_no_error (error);
  return run_id;
}

static void
test_run_source (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 run_id = store_csv_as_run (f->store_path, f->stays, f->synthetic, 3000);
  g_autoptr(FxEvaluationRequest) request = fx_evaluation_request_new (f->stays);
  g_autoptr(FxEvaluation) evaluation = NULL;
  g_autoptr(FxStore) store = NULL;
  g_autoptr(FxRunRecord) run = NULL;
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(FxTable) table = NULL;
  const FxEvaluationSet *set;

  /* the store call on its own */
  store = fx_store_open (f->store_path, &error);
  g_assert_no_error (error);
  table = fx_store_load_run_table (store, run_id, &run, &schema, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (table->n_rows, ==, 3000);
  g_assert_cmpint (run->id, ==, run_id);
  g_assert_cmpstr (run->provider, ==, "copula");
  g_assert_cmpuint (schema->features->len, ==, table->columns->len);
  g_assert_null (fx_store_load_run_table (store, run_id + 1, NULL, NULL, &error));
  g_assert_error (error, FX_STORE_ERROR, FX_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* the run brings its schema and its provenance */
  fx_evaluation_request_set_store_path (request, f->store_path);
  fx_evaluation_request_add_run (request, run_id, NULL);
  evaluation = fx_evaluation_run (request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  set = g_ptr_array_index (evaluation->sets, 0);
  g_assert_cmpint (set->kind, ==, FX_EVALUATION_SOURCE_RUN);
  g_assert_cmpint (set->run_id, ==, run_id);
  g_assert_nonnull (set->run);
  g_assert_cmpint (set->run->rows_accepted, ==, 3000);
  g_assert_nonnull (set->run_schema);
  g_assert_nonnull (evaluation->schema);
  g_assert_cmpuint (evaluation->schema->features->len, ==, set->run_schema->features->len);
  g_assert_null (set->path);
  g_assert_true (g_str_has_prefix (set->label, "Run "));
  g_assert_cmpuint (check_against_reference (set->comparison), >=, 30);
}

static void
test_run_errors (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 run_id = store_csv_as_run (f->store_path, f->stays, f->synthetic, 3000);
  g_autoptr(FxEvaluationRequest) request = fx_evaluation_request_new (f->stays);
  g_autoptr(FxEvaluationRequest) empty = fx_evaluation_request_new (f->stays);
  g_autoptr(FxEvaluation) evaluation = NULL;

  fx_evaluation_request_set_store_path (request, f->store_path);
  fx_evaluation_request_add_run (request, run_id + 41, NULL);
  evaluation = fx_evaluation_run (request, NULL, NULL, NULL, &error);
  g_assert_null (evaluation);
  g_assert_error (error, FX_STORE_ERROR, FX_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  evaluation = fx_evaluation_run (empty, NULL, NULL, NULL, &error);
  g_assert_null (evaluation);
  g_assert_error (error, FX_EVALUATION_ERROR, FX_EVALUATION_ERROR_NO_SETS);
}

static void
test_empty_csv (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "header-only.csv", NULL);
  g_autoptr(FxEvaluationRequest) request = fx_evaluation_request_new (f->stays);
  g_autoptr(FxEvaluation) evaluation = NULL;

  g_file_set_contents (path, "age,gender\n", -1, &error);
  g_assert_no_error (error);
  fx_evaluation_request_add_csv (request, path, NULL);
  evaluation = fx_evaluation_run (request, NULL, NULL, NULL, &error);
  g_assert_null (evaluation);
  g_assert_error (error, FX_EVALUATION_ERROR, FX_EVALUATION_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "no rows"));
}

/* ---- the holdout baseline ------------------------------------------------------------ */

static void
test_holdout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxEvaluationRequest) request = fx_evaluation_request_new (f->stays);
  g_autoptr(FxEvaluation) first = NULL;
  g_autoptr(FxEvaluation) each = NULL;
  const FxComparison *h;

  fx_evaluation_request_add_csv (request, f->synthetic, "a");
  fx_evaluation_request_add_csv (request, f->synthetic, "b");
  fx_evaluation_request_set_holdout (request, FX_EVALUATION_HOLDOUT_FIRST, 5);
  first = fx_evaluation_run (request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (first->holdout);
  g_assert_cmpuint (first->warnings->len, ==, 0);
  h = fx_evaluation_get_holdout (first);
  g_assert_nonnull (h);
  /* two halves of the 2,520 real rows */
  g_assert_cmpuint (h->real_rows + h->synthetic_rows, ==, 2520);
  g_assert_cmpuint (MAX (h->real_rows, h->synthetic_rows) - MIN (h->real_rows, h->synthetic_rows), <=, 1);
  g_assert_cmpuint (((FxEvaluationSet *) g_ptr_array_index (first->sets, 0))->comparison->holdout_seed, ==, 5);
  g_assert_null (((FxEvaluationSet *) g_ptr_array_index (first->sets, 1))->comparison->holdout);

  fx_evaluation_request_set_holdout (request, FX_EVALUATION_HOLDOUT_EACH, 5);
  each = fx_evaluation_run (request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      const FxComparison *c = ((FxEvaluationSet *) g_ptr_array_index (each->sets, i))->comparison;
      const FxFeatureComparison *a = fx_comparison_find (c->holdout, "age");
      const FxFeatureComparison *b = fx_comparison_find (h, "age");

      g_assert_nonnull (c->holdout);
      /* the same split, whichever set carries it */
      g_assert_cmpfloat (a->ks.statistic, ==, b->ks.statistic);
    }
  /* the baseline changes nothing of the sets' own results */
  check_against_reference (((FxEvaluationSet *) g_ptr_array_index (each->sets, 1))->comparison);
}

static void
test_holdout_fallback (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *real = g_build_filename (f->dir, "three.csv", NULL);
  g_autofree char *synthetic = g_build_filename (f->dir, "four.csv", NULL);
  g_autoptr(FxEvaluationRequest) request = NULL;
  g_autoptr(FxEvaluation) evaluation = NULL;
  const FxEvaluationWarning *warning;

  g_file_set_contents (real, "age,sex\n40,F\n50,M\n60,F\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (synthetic, "age,sex\n41,F\n52,M\n58,M\n70,F\n", -1, &error);
  g_assert_no_error (error);

  request = fx_evaluation_request_new (real);
  fx_evaluation_request_add_csv (request, synthetic, NULL);
  fx_evaluation_request_add_csv (request, synthetic, "again");
  fx_evaluation_request_set_holdout (request, FX_EVALUATION_HOLDOUT_EACH, 1);
  evaluation = fx_evaluation_run (request, NULL, NULL, NULL, &error);
  /* too small to halve: compared all the same, without the baseline, and said once */
  g_assert_no_error (error);
  g_assert_nonnull (evaluation);
  g_assert_false (evaluation->holdout);
  g_assert_null (fx_evaluation_get_holdout (evaluation));
  g_assert_cmpuint (evaluation->sets->len, ==, 2);
  g_assert_cmpuint (evaluation->warnings->len, ==, 1);
  warning = fx_evaluation_find_warning (evaluation, FX_EVALUATION_WARNING_HOLDOUT);
  g_assert_nonnull (warning);
  g_assert_true (g_str_has_prefix (warning->message, "no holdout baseline: "));
  g_assert_nonnull (strstr (warning->message, "3 rows"));
  for (guint i = 0; i < 2; i++)
    {
      const FxComparison *c = ((FxEvaluationSet *) g_ptr_array_index (evaluation->sets, i))->comparison;

      g_assert_null (c->holdout);
      g_assert_cmpuint (c->real_rows, ==, 3);
      g_assert_cmpuint (c->synthetic_rows, ==, 4);
      /* by hand: {40, 50, 60} against {41, 52, 58, 70}, D = max |F - G| is at 50,
       * where F = 2/3 and G = 1/4 */
      g_assert_cmpfloat_with_epsilon (fx_comparison_find (c, "age")->ks.statistic, 5.0 / 12, 1e-12);
    }
}

static void
test_invalid_values (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *real = g_build_filename (f->dir, "real.csv", NULL);
  g_autofree char *synthetic = g_build_filename (f->dir, "synthetic.csv", NULL);
  g_autoptr(FxEvaluationRequest) request = NULL;
  g_autoptr(FxEvaluation) evaluation = NULL;
  const FxEvaluationWarning *warning;

  g_file_set_contents (real, "age\n40\n50\n60\n70\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (synthetic, "age\n41\nold\n58\n", -1, &error);
  g_assert_no_error (error);
  request = fx_evaluation_request_new (real);
  fx_evaluation_request_add_csv (request, synthetic, NULL);
  evaluation = fx_evaluation_run (request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  warning = fx_evaluation_find_warning (evaluation, FX_EVALUATION_WARNING_INVALID_VALUES);
  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (warning->message, "1 values of “age”"));
  g_assert_cmpuint (fx_comparison_find (((FxEvaluationSet *) g_ptr_array_index (evaluation->sets, 0))->comparison,
                                        "age")->synthetic_invalid, ==, 1);
}

/* ---- in a thread -------------------------------------------------------------------- */

typedef struct
{
  GMainLoop    *loop;
  FxEvaluation *evaluation;
  GError       *error;
  GArray       *fractions;   /* (element-type double) */
  GPtrArray    *phases;      /* (element-type utf8) */
  GThread      *thread;      /* the thread progress must come to */
  gboolean      finished;
  gboolean      late_progress;
  gboolean      notified;
  GObject      *source;     /* handed to the evaluation, handed back */
} Async;

static void
on_progress (double      fraction,
             const char *phase,
             gpointer    data)
{
  Async *a = data;

  g_assert_true (g_thread_self () == a->thread);
  if (a->finished)
    a->late_progress = TRUE;
  g_array_append_val (a->fractions, fraction);
  g_ptr_array_add (a->phases, g_strdup (phase));
}

static void
on_progress_done (gpointer data)
{
  ((Async *) data)->notified = TRUE;
}

static void
on_evaluated (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Async *a = data;

  /* the caller's object comes back */
  g_assert_true (source == a->source);
  a->evaluation = fx_evaluation_run_finish (result, &a->error);
  a->finished = TRUE;
  g_main_loop_quit (a->loop);
}

static void
async_init (Async *a)
{
  memset (a, 0, sizeof *a);
  a->loop = g_main_loop_new (NULL, FALSE);
  a->fractions = g_array_new (FALSE, FALSE, sizeof (double));
  a->phases = g_ptr_array_new_with_free_func (g_free);
  a->thread = g_thread_self ();
}

static void
async_clear (Async *a)
{
  g_main_loop_unref (a->loop);
  g_clear_pointer (&a->evaluation, fx_evaluation_unref);
  g_clear_error (&a->error);
  g_array_unref (a->fractions);
  g_ptr_array_unref (a->phases);
  g_clear_object (&a->source);
}

/* Lets whatever is still queued (late progress) run. */
static void
drain (void)
{
  for (guint i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 run_id = store_csv_as_run (f->store_path, f->stays, f->synthetic, 3000);
  g_autoptr(FxEvaluationRequest) request = fx_evaluation_request_new (f->stays);
  Async a;

  async_init (&a);
  fx_evaluation_request_set_store_path (request, f->store_path);
  fx_evaluation_request_add_csv (request, f->synthetic, NULL);
  fx_evaluation_request_add_run (request, run_id, NULL);
  fx_evaluation_request_set_holdout (request, FX_EVALUATION_HOLDOUT_FIRST, 1);
  a.source = g_object_new (G_TYPE_OBJECT, NULL);
  fx_evaluation_run_async (a.source, request, NULL, on_progress, &a, on_progress_done, on_evaluated, &a);
  /* the request is copied: the caller's may go at once */
  g_clear_pointer (&request, fx_evaluation_request_free);
  g_main_loop_run (a.loop);
  drain ();

  g_assert_no_error (a.error);
  g_assert_nonnull (a.evaluation);
  g_assert_cmpuint (a.evaluation->sets->len, ==, 2);
  g_assert_true (a.evaluation->holdout);
  for (guint i = 0; i < 2; i++)
    check_against_reference (((FxEvaluationSet *) g_ptr_array_index (a.evaluation->sets, i))->comparison);

  /* reading, one phase per set, in order, never after the result */
  g_assert_false (a.late_progress);
  g_assert_true (a.notified);
  g_assert_cmpuint (a.phases->len, >=, 3);
  g_assert_cmpstr (g_ptr_array_index (a.phases, 0), ==, "Reading the real data…");
  g_assert_cmpstr (g_ptr_array_index (a.phases, 1), ==, "Comparing synthetic-3000.csv (1 of 2)…");
  g_assert_true (g_str_has_prefix (g_ptr_array_index (a.phases, 2), "Comparing Run "));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (a.phases, 2), "(2 of 2)…"));
  g_assert_cmpfloat (g_array_index (a.fractions, double, 0), ==, 0);
  for (guint i = 1; i < a.fractions->len; i++)
    g_assert_cmpfloat (g_array_index (a.fractions, double, i), >=, g_array_index (a.fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (a.fractions, double, a.fractions->len - 1), ==, 1);
  async_clear (&a);
  (void) error;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FxEvaluationRequest) request = fx_evaluation_request_new (f->stays);
  g_autoptr(FxEvaluation) evaluation = NULL;
  Async a;

  for (guint i = 0; i < 8; i++)
    fx_evaluation_request_add_csv (request, f->synthetic, NULL);

  /* cancelled before: nothing is read */
  g_cancellable_cancel (cancellable);
  evaluation = fx_evaluation_run (request, cancellable, NULL, NULL, &error);
  g_assert_null (evaluation);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* cancelled while it runs: the result comes at once, and no progress after it */
  g_cancellable_reset (cancellable);
  async_init (&a);
  fx_evaluation_run_async (NULL, request, cancellable, on_progress, &a, on_progress_done, on_evaluated, &a);
  g_cancellable_cancel (cancellable);
  g_main_loop_run (a.loop);
  g_assert_null (a.evaluation);
  g_assert_error (a.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  drain ();
  g_assert_false (a.late_progress);
  async_clear (&a);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/evaluation/csv/sync", test_csv_sync);
  ADD ("/evaluation/csv/empty", test_empty_csv);
  ADD ("/evaluation/csv/invalid-values", test_invalid_values);
  ADD ("/evaluation/run/source", test_run_source);
  ADD ("/evaluation/run/errors", test_run_errors);
  ADD ("/evaluation/holdout/computed", test_holdout);
  ADD ("/evaluation/holdout/fallback", test_holdout_fallback);
  ADD ("/evaluation/async", test_async);
  ADD ("/evaluation/cancel", test_cancel);
#undef ADD

  return g_test_run ();
}
