/* bench-ingest.c: how fast answers become stored rows
 *
 * Parses OpenAI-format responses of 50 rows each (the provider's parser), validates
 * every row against the schema and stores each response with its rows in one
 * transaction, on one core, and prints rows per second.
 *
 *   bench-ingest SCHEMA.json [--responses N] [--store FILE.db]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fx-provider.h"
#include "fx-run.h"
#include "fx-schema.h"
#include "fx-store.h"

#define ROWS_PER_RESPONSE 50

/* One row per feature type, like a model's answer. */
static void
append_row (GString        *out,
            const FxSchema *schema,
            guint           k)
{
  g_string_append_c (out, '{');
  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);

      g_string_append_printf (out, "%s\\\"%s\\\": ", i ? ", " : "", f->name);
      if (f->nullable && (k + i) % 5 == 0)
        g_string_append (out, "null");
      else if (f->type == FX_COLUMN_CATEGORICAL)
        {
          if (f->categories->len > 0)
            g_string_append_printf (out, "\\\"%s\\\"", (char *) g_ptr_array_index (f->categories, (k + i) % f->categories->len));
          else
            g_string_append_printf (out, "\\\"%u\\\"", 50 + k % 100);
        }
      else if (f->type == FX_COLUMN_BOOLEAN)
        g_string_append (out, (k + i) % 2 ? "true" : "false");
      else
        {
          double lo = f->has_minimum ? f->minimum : 0, hi = f->has_maximum ? f->maximum : 100;
          double v = lo + (hi - lo) * ((k * 7 + i * 13) % 100) / 100.0;

          if (f->type == FX_COLUMN_INTEGER)
            g_string_append_printf (out, "%.0f", v);
          else
            g_string_append_printf (out, "%.2f", v);
        }
    }
  g_string_append_c (out, '}');
}

int
main (int    argc,
      char **argv)
{
  gint responses = 400;
  g_autofree char *store_path = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("SCHEMA.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(FxStore) store = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *tmpdir = NULL;
  g_autofree char *json = NULL;
  const FxProviderClass *openai = fx_provider_lookup ("openai");
  FxRunRecord run = { 0 };
  GTimer *timer, *t_parse, *t_validate, *t_store;
  gsize accepted = 0, rejected = 0;
  double seconds;
  const GOptionEntry entries[] = {
    { "responses", 0, 0, G_OPTION_ARG_INT, &responses, "How many responses (default 400)", "N" },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, "Store file (default: a temporary one)", "FILE" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("usage: bench-ingest SCHEMA.json [--responses N]\n");
      return 2;
    }
  schema = fx_schema_load_file (argv[1], &error);
  if (schema == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (store_path == NULL)
    {
      tmpdir = g_dir_make_tmp ("fx-bench-XXXXXX", NULL);
      store_path = g_build_filename (tmpdir, "bench.db", NULL);
    }
  store = fx_store_open (store_path, &error);
  g_assert_no_error (error);
  json = fx_schema_to_json (schema);
  run.schema_id = fx_store_add_schema (store, "bench", json, NULL);
  run.provider = (char *) "openai";
  run.model = (char *) "bench";
  run.strategy = (char *) "statistics";
  run.parameters = (char *) "{}";
  run.real_data_sent = (char *) "[]";
  run.rows_requested = (gint64) responses * ROWS_PER_RESPONSE;
  run.id = fx_store_create_run (store, &run, &error);
  g_assert_no_error (error);

  timer = g_timer_new ();
  g_timer_stop (timer);
  t_parse = g_timer_new ();
  g_timer_stop (t_parse);
  t_validate = g_timer_new ();
  g_timer_stop (t_validate);
  t_store = g_timer_new ();
  g_timer_stop (t_store);
  for (gint r = 0; r < responses; r++)
    {
      g_autoptr(GString) content = g_string_new ("{\\\"rows\\\": [");
      g_autoptr(GHashTable) headers = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_row_record_free);
      FxProviderResponse response = { 0 };
      FxRequestRecord record = { 0 };
      guint n_accepted = 0;

      for (guint k = 0; k < ROWS_PER_RESPONSE; k++)
        {
          if (k > 0)
            g_string_append (content, ", ");
          append_row (content, schema, r * ROWS_PER_RESPONSE + k);
        }
      g_string_append (content, "]}");
      g_string_printf (body, "{\"id\": \"x\", \"object\": \"chat.completion\", \"model\": \"bench\", "
                             "\"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\", \"content\": \"%s\", "
                             "\"refusal\": null}, \"finish_reason\": \"stop\"}], "
                             "\"usage\": {\"prompt_tokens\": 900, \"completion_tokens\": 4000}}", content->str);

      /* the timed part: parse, validate, store */
      g_timer_continue (timer);
      g_timer_continue (t_parse);
      openai->parse_response (200, headers, body->str, body->len, &response);
      g_timer_stop (t_parse);
      g_timer_continue (t_validate);
      g_assert_cmpint (response.outcome, ==, FX_OUTCOME_OK);
      g_ptr_array_unref (rows);
      rows = fx_run_check_response (schema, &response);
      g_timer_stop (t_validate);
      g_timer_continue (t_store);
      record.run_id = run.id;
      record.attempt = 1;
      record.batch_rows = ROWS_PER_RESPONSE;
      record.prompt = (char *) "bench";
      record.request_body = (char *) "{}";
      record.response_body = body->str;
      record.http_status = 200;
      record.outcome = (char *) "ok";
      record.model = (char *) "bench";
      fx_store_add_response (store, &record, rows, &n_accepted, &error);
      g_assert_no_error (error);
      g_timer_stop (t_store);
      g_timer_stop (timer);

      accepted += n_accepted;
      rejected += rows->len - n_accepted;
      fx_provider_response_clear (&response);
      if (r == 0)
        g_timer_reset (timer), g_timer_stop (timer);  /* the first one warms up */
    }
  seconds = g_timer_elapsed (timer, NULL);
  printf ("ingest: parse %.3f s, validate and serialise %.3f s, store %.3f s\n",
          g_timer_elapsed (t_parse, NULL), g_timer_elapsed (t_validate, NULL), g_timer_elapsed (t_store, NULL));
  g_timer_destroy (timer);

  printf ("ingest: %" G_GSIZE_FORMAT " rows (%" G_GSIZE_FORMAT " rejected) in %.3f s: %.0f rows/s "
          "(target >= 50000: %s)\n",
          accepted + rejected, rejected, seconds,
          (accepted + rejected - ROWS_PER_RESPONSE) / seconds,
          (accepted + rejected - ROWS_PER_RESPONSE) / seconds >= 50000 ? "met" : "MISSED");

  if (tmpdir != NULL)
    {
      g_autofree char *wal = g_strconcat (store_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (store_path, "-shm", NULL);

      g_clear_pointer (&store, fx_store_close);
      g_unlink (store_path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (tmpdir);
    }
  return 0;
}
