/* bench-privacy.c: how long the nearest-neighbour search of the privacy measures takes
 *
 * Reads a real and a synthetic CSV table, samples each (seeded) down to --rows rows
 * when longer, and finds for every synthetic row its two closest real rows by Gower
 * distance over the model inputs (every column but --exclude).  Prints the wall
 * time, and writes the distances of every synthetic row to --out for
 * bench/privacy-reference.py to check.
 *
 *   bench-privacy --real R.csv --synthetic S.csv [--rows 50000] [--seed 1]
 *                 [--threads 0] [--exclude a,b,c] [--out distances.csv]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <time.h>

#include "fx-csv.h"
#include "fx-neighbours.h"
#include "fx-privacy.h"

int
main (int   argc,
      char *argv[])
{
  g_autofree char *real_path = NULL, *synthetic_path = NULL, *out_path = NULL;
  g_autofree char *exclude = g_strdup ("hospital_mortality,hospital_region,hospital_id");
  gint64 rows = 50000, seed = 1;
  int threads = 0;
  GOptionEntry entries[] = {
    { "real", 0, 0, G_OPTION_ARG_FILENAME, &real_path, "Real table (CSV)", "FILE" },
    { "synthetic", 0, 0, G_OPTION_ARG_FILENAME, &synthetic_path, "Synthetic table (CSV)", "FILE" },
    { "rows", 0, 0, G_OPTION_ARG_INT64, &rows, "Sample each table to at most N rows", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Sampling seed", "S" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, "Threads (0: one per processor)", "T" },
    { "exclude", 0, 0, G_OPTION_ARG_STRING, &exclude, "Columns that are not model inputs", "A,B" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "Write the distances here", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time the privacy distances");
  g_autoptr(GError) error = NULL;
  g_autoptr(FxTable) real = NULL, synthetic = NULL;
  g_autoptr(GHashTable) types = NULL;
  g_autoptr(FxGower) gower = NULL;
  g_autoptr(FxGowerRows) t = NULL, s = NULL;
  g_autoptr(FxNeighbours) nn = NULL;
  g_auto(GStrv) excluded = NULL, inputs = NULL;
  g_autofree const char **columns = NULL;
  g_autofree gsize *pick_t = NULL, *pick_s = NULL;
  FxCsvOptions options = { 0 };
  gint64 start, end;
  clock_t cpu_start, cpu_end;
  gsize n_t, n_s;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      real_path == NULL || synthetic_path == NULL)
    {
      g_printerr ("bench-privacy: %s\n", error != NULL ? error->message : "--real and --synthetic are needed");
      return 2;
    }

  real = fx_csv_read_file (real_path, NULL, &error);
  if (real != NULL)
    {
      types = fx_table_column_types (real);
      options.types = types;
      synthetic = fx_csv_read_file (synthetic_path, &options, &error);
    }
  if (real == NULL || synthetic == NULL)
    {
      g_printerr ("bench-privacy: %s\n", error->message);
      return 1;
    }

  excluded = g_strsplit (exclude, ",", -1);
  columns = g_new0 (const char *, fx_table_get_n_columns (real) + 1);
  for (guint i = 0; i < fx_table_get_n_columns (real); i++)
    columns[i] = fx_table_get_column (real, i)->name;
  inputs = fx_privacy_model_inputs (columns, NULL, NULL, (const char * const *) excluded);

  n_t = MIN (real->n_rows, (gsize) rows);
  n_s = MIN (synthetic->n_rows, (gsize) rows);
  pick_t = fx_privacy_sample (real->n_rows, n_t, seed);
  pick_s = fx_privacy_sample (synthetic->n_rows, n_s, seed);
  if (n_t < real->n_rows || n_s < synthetic->n_rows)
    g_print ("sampled (seed %" G_GINT64_FORMAT "): %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
             " real rows, %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " synthetic rows\n",
             seed, n_t, real->n_rows, n_s, synthetic->n_rows);

  start = g_get_monotonic_time ();
  cpu_start = clock ();
  gower = fx_gower_new (real, pick_t, n_t, (const char * const *) inputs, &error);
  if (gower == NULL ||
      (t = fx_gower_encode (gower, real, pick_t, n_t, &error)) == NULL ||
      (s = fx_gower_encode (gower, synthetic, pick_s, n_s, &error)) == NULL)
    {
      g_printerr ("bench-privacy: %s\n", error->message);
      return 1;
    }
  nn = fx_neighbours_find (gower, s, t, threads);
  end = g_get_monotonic_time ();
  cpu_end = clock ();

  g_print ("inputs: %u (%u numeric, %u categorical or boolean)\n",
           fx_gower_get_n_inputs (gower), t->n_numeric, t->n_categorical);
  g_print ("facsimile: %" G_GSIZE_FORMAT " x %" G_GSIZE_FORMAT " rows, two nearest: "
           "%.3f s wall, %.3f s CPU\n",
           n_s, n_t, (end - start) / 1e6, (double) (cpu_end - cpu_start) / CLOCKS_PER_SEC);

  if (out_path != NULL)
    {
      FILE *f = fopen (out_path, "w");

      if (f == NULL)
        {
          g_printerr ("bench-privacy: cannot write %s\n", out_path);
          return 1;
        }
      fprintf (f, "first,second\n");
      for (gsize i = 0; i < nn->n_rows; i++)
        fprintf (f, "%.17g,%.17g\n", nn->first[i], nn->second[i]);
      fclose (f);
    }
  return 0;
}
