/* test-study.c: the dimensionality study driven without the interface
 *
 * The Gaussian copula baseline generates on the bundled eICU demo data into a real
 * store; the study's runs are then found there, made once, reused as they are when the
 * study is asked for again, carried on when one was stopped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fx-csv.h"
#include "fx-store-tables.h"
#include "fx-study.h"

#define ROWS 120

typedef struct
{
  char      *dir;
  char      *store_path;
  char      *reference;
  FxSchema  *schema;
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
  GArray    *states;        /* (element-type FxStudyState) as notified */
  GPtrArray *statuses;      /* (element-type utf8) */
  gboolean   stop_when_generating;
  GCancellable *cancellable;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *schema_path = NULL;
  const char *example = g_getenv ("FX_EXAMPLE_DIR");

  g_assert_nonnull (example);
  f->dir = g_dir_make_tmp ("fx-study-XXXXXX", &error);
  g_assert_no_error (error);
  f->store_path = g_build_filename (f->dir, "store.db", NULL);
  f->reference = g_build_filename (example, "stays.csv", NULL);
  schema_path = g_build_filename (example, "schema.json", NULL);
  f->schema = fx_schema_load_file (schema_path, &error);
  g_assert_no_error (error);
  f->loop = g_main_loop_new (NULL, FALSE);
  f->states = g_array_new (FALSE, FALSE, sizeof (FxStudyState));
  f->statuses = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->store_path);
  g_free (f->reference);
  fx_schema_free (f->schema);
  g_main_loop_unref (f->loop);
  g_clear_error (&f->error);
  g_array_unref (f->states);
  g_ptr_array_unref (f->statuses);
  g_clear_object (&f->cancellable);
}

static void
on_state (FxStudy    *study,
          GParamSpec *pspec,
          Fixture    *f)
{
  FxStudyState state = fx_study_get_state (study);

  g_array_append_val (f->states, state);
}

static void
on_status (FxStudy    *study,
           GParamSpec *pspec,
           Fixture    *f)
{
  if (fx_study_get_status (study) != NULL)
    g_ptr_array_add (f->statuses, g_strdup (fx_study_get_status (study)));
}

static void
on_generating (FxStudy    *study,
               GParamSpec *pspec,
               Fixture    *f)
{
  /* stopped once the engine has the run in hand: the run is made, and left unfinished */
  if (fx_study_get_generating (study) && f->stop_when_generating)
    g_cancellable_cancel (f->cancellable);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Fixture *f = data;

  g_clear_error (&f->error);
  f->ok = fx_study_run_finish (FX_STUDY (source), result, &f->error);
  g_main_loop_quit (f->loop);
}

static FxStudy *
study_new (Fixture *f)
{
  FxStudy *study = fx_study_new (f->store_path);

  g_signal_connect (study, "notify::state", G_CALLBACK (on_state), f);
  g_signal_connect (study, "notify::status", G_CALLBACK (on_status), f);
  g_signal_connect (study, "notify::generating", G_CALLBACK (on_generating), f);
  return study;
}

/* Runs @study with the copula baseline over @counts numbers of features. */
static gboolean
run_study (Fixture     *f,
           FxStudy     *study,
           const guint *counts,
           guint        n_counts)
{
  FxStudySpec spec = { 0 };

  spec.generator = "copula";
  spec.strategy = FX_STRATEGY_STATISTICS;
  spec.n_rows = ROWS;
  spec.batch_rows = 40;
  spec.concurrency = 1;
  spec.order = FX_RANK_SCHEMA_ORDER;
  spec.counts = counts;
  spec.n_counts = n_counts;
  g_array_set_size (f->states, 0);
  g_ptr_array_set_size (f->statuses, 0);
  g_clear_object (&f->cancellable);
  f->cancellable = g_cancellable_new ();
  fx_study_run_async (study, &spec, f->schema, f->reference, f->cancellable, on_done, f);
  g_main_loop_run (f->loop);
  return f->ok;
}

static int
by_id (gconstpointer a,
       gconstpointer b)
{
  const FxRunRecord *x = *(FxRunRecord * const *) a;
  const FxRunRecord *y = *(FxRunRecord * const *) b;

  return (x->id > y->id) - (x->id < y->id);
}

static GPtrArray *
runs_by_id (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxStore) store = fx_store_open (f->store_path, &error);
  GPtrArray *runs;

  g_assert_no_error (error);
  runs = fx_store_list_runs (store, &error);
  g_assert_no_error (error);
  g_ptr_array_sort (runs, by_id);
  return runs;
}

static void
assert_evaluated (const FxStudyStep *step)
{
  const FxEvaluationSet *set;

  g_assert_nonnull (step->evaluation);
  set = g_ptr_array_index (step->evaluation->sets, 0);
  g_assert_cmpint (set->run_id, ==, step->run_id);
  g_assert_cmpuint (set->table->n_rows, ==, ROWS);
  g_assert_cmpuint (set->run_schema->features->len, ==, step->schema->features->len);
  /* NaN when the step has no continuous feature */
  g_assert_true (isnan (step->mean_ks) || (step->mean_ks >= 0 && step->mean_ks <= 1));
  g_assert_true (isfinite (step->share_differing) && step->share_differing >= 0 && step->share_differing <= 1);
}

static void
test_made_then_reused (Fixture       *f,
                       gconstpointer  data)
{
  static const guint counts[] = { 4, 2 };
  static const guint more[] = { 2, 4, 6 };
  g_autoptr(FxStudy) study = study_new (f);
  g_autoptr(FxStudy) another = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autofree char *what = NULL;
  gint64 first_ids[2];
  GArray *steps;

  g_assert_cmpint (fx_study_get_state (study), ==, FX_STUDY_IDLE);
  g_assert_null (fx_study_describe (study));

  /* made: one new run per step, fewest features first */
  g_assert_true (run_study (f, study, counts, G_N_ELEMENTS (counts)));
  g_assert_no_error (f->error);
  g_assert_cmpint (fx_study_get_state (study), ==, FX_STUDY_DONE);
  g_assert_false (fx_study_get_generating (study));
  g_assert_cmpfloat (fx_study_get_fraction (study), ==, 1);
  g_assert_cmpuint (f->states->len, ==, 4);
  g_assert_cmpint (g_array_index (f->states, FxStudyState, 0), ==, FX_STUDY_PLANNING);
  g_assert_cmpint (g_array_index (f->states, FxStudyState, 1), ==, FX_STUDY_GENERATING);
  g_assert_cmpint (g_array_index (f->states, FxStudyState, 2), ==, FX_STUDY_EVALUATING);
  g_assert_cmpint (g_array_index (f->states, FxStudyState, 3), ==, FX_STUDY_DONE);
  g_assert_true (g_ptr_array_find_with_equal_func (f->statuses, "Generating with 2 features (1 of 2)…",
                                                   g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (f->statuses, "Generating with 4 features (2 of 2)…",
                                                   g_str_equal, NULL));
  what = fx_study_describe (study);
  g_assert_cmpstr (what, ==, "the copula baseline, 120 rows each");

  steps = fx_study_get_steps (study);
  g_assert_cmpuint (steps->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const FxStudyStep *step = &g_array_index (steps, FxStudyStep, i);

      g_assert_cmpuint (step->n_features, ==, i == 0 ? 2 : 4);
      g_assert_cmpint (step->origin, ==, FX_STUDY_RUN_MADE);
      g_assert_cmpint (step->run_id, >, 0);
      assert_evaluated (step);
      /* the schema's first four features are categorical or yes/no: no KS distance */
      g_assert_true (isnan (step->mean_ks));
      first_ids[i] = step->run_id;
    }
  g_assert_cmpint (first_ids[0], !=, first_ids[1]);

  /* in the store: two complete runs of the copula, each with its cut-down schema */
  runs = runs_by_id (f);
  g_assert_cmpuint (runs->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const FxRunRecord *r = g_ptr_array_index (runs, i);
      const FxStudyStep *step = &g_array_index (steps, FxStudyStep, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(FxStore) store = fx_store_open (f->store_path, &error);
      g_autoptr(FxSchema) schema = fx_store_load_run_schema (store, r->id, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (r->id, ==, first_ids[i]);
      g_assert_cmpstr (r->provider, ==, "copula");
      g_assert_cmpint (r->status, ==, FX_RUN_COMPLETED);
      g_assert_cmpint (r->rows_requested, ==, ROWS);
      g_assert_cmpint (r->rows_accepted, ==, ROWS);
      g_assert_cmpuint (schema->features->len, ==, step->schema->features->len);
    }
  g_clear_pointer (&runs, g_ptr_array_unref);

  /* asked again: the same runs, used as they are, nothing generated */
  g_assert_true (run_study (f, study, counts, G_N_ELEMENTS (counts)));
  steps = fx_study_get_steps (study);
  for (guint i = 0; i < 2; i++)
    {
      const FxStudyStep *step = &g_array_index (steps, FxStudyStep, i);

      g_assert_cmpint (step->origin, ==, FX_STUDY_RUN_REUSED);
      g_assert_cmpint (step->run_id, ==, first_ids[i]);
      assert_evaluated (step);
    }
  for (guint i = 0; i < f->states->len; i++)
    g_assert_cmpint (g_array_index (f->states, FxStudyState, i), !=, FX_STUDY_GENERATING);
  runs = runs_by_id (f);
  g_assert_cmpuint (runs->len, ==, 2);
  g_clear_pointer (&runs, g_ptr_array_unref);

  /* another study object over the same store, one step more: only that one is made */
  another = study_new (f);
  g_assert_true (run_study (f, another, more, G_N_ELEMENTS (more)));
  steps = fx_study_get_steps (another);
  g_assert_cmpuint (steps->len, ==, 3);
  g_assert_cmpint (g_array_index (steps, FxStudyStep, 0).origin, ==, FX_STUDY_RUN_REUSED);
  g_assert_cmpint (g_array_index (steps, FxStudyStep, 0).run_id, ==, first_ids[0]);
  g_assert_cmpint (g_array_index (steps, FxStudyStep, 1).origin, ==, FX_STUDY_RUN_REUSED);
  g_assert_cmpint (g_array_index (steps, FxStudyStep, 1).run_id, ==, first_ids[1]);
  g_assert_cmpint (g_array_index (steps, FxStudyStep, 2).origin, ==, FX_STUDY_RUN_MADE);
  g_assert_cmpuint (g_array_index (steps, FxStudyStep, 2).n_features, ==, 6);
  /* with age among them, there is one */
  assert_evaluated (&g_array_index (steps, FxStudyStep, 2));
  g_assert_true (isfinite (g_array_index (steps, FxStudyStep, 2).mean_ks));
  runs = runs_by_id (f);
  g_assert_cmpuint (runs->len, ==, 3);
}

static void
test_stopped_then_carried_on (Fixture       *f,
                              gconstpointer  data)
{
  static const guint counts[] = { 2, 3 };
  g_autoptr(FxStudy) study = study_new (f);
  g_autoptr(GPtrArray) runs = NULL;
  gint64 stopped_id;
  GArray *steps;

  f->stop_when_generating = TRUE;
  g_assert_false (run_study (f, study, counts, G_N_ELEMENTS (counts)));
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (fx_study_get_state (study), ==, FX_STUDY_STOPPED);
  /* it ends once the engine has let go of the run */
  g_assert_false (fx_study_get_generating (study));
  runs = runs_by_id (f);
  g_assert_cmpuint (runs->len, ==, 1);
  stopped_id = ((FxRunRecord *) g_ptr_array_index (runs, 0))->id;
  g_assert_cmpint (((FxRunRecord *) g_ptr_array_index (runs, 0))->status, ==, FX_RUN_CANCELLED);
  g_clear_pointer (&runs, g_ptr_array_unref);

  f->stop_when_generating = FALSE;
  g_assert_true (run_study (f, study, counts, G_N_ELEMENTS (counts)));
  g_assert_no_error (f->error);
  steps = fx_study_get_steps (study);
  g_assert_cmpint (g_array_index (steps, FxStudyStep, 0).origin, ==, FX_STUDY_RUN_CONTINUED);
  g_assert_cmpint (g_array_index (steps, FxStudyStep, 0).run_id, ==, stopped_id);
  g_assert_cmpint (g_array_index (steps, FxStudyStep, 1).origin, ==, FX_STUDY_RUN_MADE);
  {
    g_autofree char *carrying = g_strdup_printf ("Carrying on run %lld with 2 features (1 of 2)…", (long long) stopped_id);

    g_assert_true (g_ptr_array_find_with_equal_func (f->statuses, carrying, g_str_equal, NULL));
  }
  for (guint i = 0; i < steps->len; i++)
    assert_evaluated (&g_array_index (steps, FxStudyStep, i));
  runs = runs_by_id (f);
  g_assert_cmpuint (runs->len, ==, 2);
  for (guint i = 0; i < runs->len; i++)
    {
      const FxRunRecord *r = g_ptr_array_index (runs, i);

      g_assert_cmpint (r->status, ==, FX_RUN_COMPLETED);
      g_assert_cmpint (r->rows_accepted, ==, ROWS);
    }
}

static void
test_busy (Fixture       *f,
           gconstpointer  data)
{
  static const guint counts[] = { 2 };
  g_autoptr(FxStudy) study = study_new (f);
  FxStudySpec spec = { 0 };
  g_autoptr(GError) error = NULL;

  spec.generator = "copula";
  spec.n_rows = ROWS;
  spec.batch_rows = 40;
  spec.concurrency = 1;
  spec.counts = counts;
  spec.n_counts = 1;
  f->cancellable = g_cancellable_new ();
  fx_study_run_async (study, &spec, f->schema, f->reference, f->cancellable, on_done, f);
  /* a second one while the first runs is refused, and leaves the first alone */
  {
    Fixture second = { 0 };

    second.loop = g_main_loop_new (NULL, FALSE);
    fx_study_run_async (study, &spec, f->schema, f->reference, NULL, on_done, &second);
    g_main_loop_run (second.loop);
    g_assert_false (second.ok);
    g_assert_error (second.error, FX_STUDY_ERROR, FX_STUDY_ERROR_BUSY);
    g_clear_error (&second.error);
    g_main_loop_unref (second.loop);
  }
  g_main_loop_run (f->loop);
  g_assert_no_error (f->error);
  g_assert_true (f->ok);
  (void) error;
}

/* Rows breaking rules, each counted once whatever it breaks: the five rows below are
 * checked by hand against the two rules (row 2 breaks both, row 4 the second only,
 * row 5 has no age, which a CHECK constraint lets pass). */
static void
test_share_breaking_rules (void)
{
  static const char schema_json[] =
    "{\"format\": 1, \"name\": \"t\", \"features\": ["
    "{\"name\": \"age\", \"type\": \"integer\"},"
    "{\"name\": \"weight\", \"type\": \"number\"}],"
    "\"rules\": [{\"name\": \"adult\", \"check\": \"age >= 18\"},"
    "{\"name\": \"light\", \"check\": \"weight < 200\"}]}";
  static const char rows[] = "age,weight\n30,70\n12,250\n45,80\n50,300\n,90\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = fx_schema_load_data (schema_json, -1, "t.json", &error);
  g_autoptr(FxTable) table = NULL;
  g_autoptr(GHashTable) types = NULL;
  FxCsvOptions options = { 0 };

  g_assert_no_error (error);
  types = fx_schema_column_types (schema);
  options.types = types;
  table = fx_csv_read_data (rows, strlen (rows), "t.csv", &options, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (fx_study_share_breaking_rules (schema, table), 2.0 / 5, 1e-15);
  /* without rules there is nothing to break: not measured */
  g_ptr_array_set_size (schema->rules, 0);
  g_assert_true (isnan (fx_study_share_breaking_rules (schema, table)));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/study/made-then-reused", Fixture, NULL, fixture_set_up, test_made_then_reused, fixture_tear_down);
  g_test_add ("/study/stopped-then-carried-on", Fixture, NULL, fixture_set_up, test_stopped_then_carried_on,
              fixture_tear_down);
  g_test_add ("/study/busy", Fixture, NULL, fixture_set_up, test_busy, fixture_tear_down);
  g_test_add_func ("/study/share-breaking-rules", test_share_breaking_rules);

  return g_test_run ();
}
