/* fx-cli-evaluate.c: facsimile-cli evaluate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fx-cli.h"
#include "fx-cli-output.h"
#include "fx-csv.h"
#include "fx-eval-error.h"
#include "fx-file.h"
#include "fx-holdout.h"
#include "fx-privacy-output.h"
#include "fx-run.h"
#include "fx-schema.h"
#include "fx-store.h"
#include "fx-store-tables.h"
#include "fx-utility.h"

/* The holdout a run kept from its generator: its seed, its fraction or sites, and the
 * checksum of its rows. */
typedef struct
{
  gboolean  present;
  gint64    seed;
  double    fraction;
  GStrv     sites;
  char     *rows_sha256;
} RunHoldout;

static void
run_holdout_clear (RunHoldout *h)
{
  g_clear_pointer (&h->sites, g_strfreev);
  g_clear_pointer (&h->rows_sha256, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunHoldout, run_holdout_clear)

static void
read_holdout (JsonObject *params,
              RunHoldout *h)
{
  JsonObject *o;
  JsonArray *sites;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (!json_object_has_member (params, "holdout") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (params, "holdout")))
    return;
  o = json_object_get_object_member (params, "holdout");
  h->present = TRUE;
  h->seed = json_object_get_int_member_with_default (o, "seed", 1);
  h->fraction = json_object_get_double_member_with_default (o, "fraction", 0);
  h->rows_sha256 = g_strdup (json_object_get_string_member_with_default (o, "rows_sha256", ""));
  sites = json_object_has_member (o, "sites") ? json_object_get_array_member (o, "sites") : NULL;
  for (guint i = 0; sites != NULL && i < json_array_get_length (sites); i++)
    g_ptr_array_add (names, g_strdup (json_array_get_string_element (sites, i)));
  g_ptr_array_add (names, NULL);
  h->sites = (GStrv) g_ptr_array_steal (names, NULL);
}

/* A run's synthetic rows, its schema, its reference table (checked against the
 * SHA-256 the run recorded), its seed and the holdout it kept, if any. */
static gboolean
read_run (const char  *store_path,
          const char  *run_text,
          FxSchema   **schema_out,
          FxTable    **real_out,
          FxTable    **synthetic_out,
          gint64      *seed_out,
          RunHoldout  *holdout,
          int         *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxStore) store = NULL;
  g_autoptr(FxRunRecord) run = NULL;
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(FxTable) synthetic = NULL;
  g_autoptr(GHashTable) types = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *contents = NULL;
  g_autofree char *digest = NULL;
  FxCsvOptions csv_options = { 0 };
  gsize length;
  char *end = NULL;
  gint64 id = g_ascii_strtoll (run_text, &end, 10);

  *status = FX_CLI_BAD_INPUT;
  if (id <= 0 || end == run_text || *end != '\0')
    {
      fx_cli_error (_("--run takes a run’s number, not “%s”"), run_text);
      return FALSE;
    }
  store = fx_store_open (store_path, &error);
  if (store == NULL)
    {
      fx_cli_error ("%s", error->message);
      *status = FX_CLI_FAILED;
      return FALSE;
    }
  synthetic = fx_store_load_run_table (store, id, &run, &schema, &error);
  if (synthetic == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FALSE;
    }
  if (synthetic->n_rows == 0)
    {
      fx_cli_error (_("run %lld has no rows yet"), (long long) id);
      return FALSE;
    }
  if (run->reference_path == NULL)
    {
      fx_cli_error (_("run %lld was made without a reference table: give --real, --synthetic and --schema"),
                    (long long) id);
      return FALSE;
    }

  /* the reference as the run saw it, or not at all */
  if (!g_file_get_contents (run->reference_path, &contents, &length, &error))
    {
      fx_cli_error (_("run %lld: cannot read its reference table: %s"), (long long) id, error->message);
      return FALSE;
    }
  digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  if (run->reference_sha256 != NULL && g_ascii_strcasecmp (digest, run->reference_sha256) != 0)
    {
      fx_cli_error (_("%s: the file has changed since run %lld used it (SHA-256 %s, the run recorded %s)"),
                    run->reference_path, (long long) id, digest, run->reference_sha256);
      return FALSE;
    }
  types = fx_schema_column_types (schema);
  csv_options.types = types;
  *real_out = fx_csv_read_data (contents, length, run->reference_path, &csv_options, &error);
  if (*real_out == NULL)
    {
      fx_cli_error ("%s", error->message);
      return FALSE;
    }

  *seed_out = -1;
  if (run->parameters != NULL && json_parser_load_from_data (parser, run->parameters, -1, NULL))
    {
      JsonNode *root = json_parser_get_root (parser);

      if (JSON_NODE_HOLDS_OBJECT (root) && json_object_has_member (json_node_get_object (root), "seed"))
        *seed_out = json_object_get_int_member (json_node_get_object (root), "seed");
      if (JSON_NODE_HOLDS_OBJECT (root))
        read_holdout (json_node_get_object (root), holdout);
    }
  *schema_out = g_steal_pointer (&schema);
  *synthetic_out = g_steal_pointer (&synthetic);
  return TRUE;
}

static gboolean
write_output (const char *path,
              const char *contents,
              gsize       length)
{
  g_autoptr(GError) error = NULL;

  if (!fx_write_file_atomic (path, contents, length, &error))
    {
      fx_cli_error ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa, sb;

  if (a == NULL || b == NULL || g_str_equal (a, "-") || g_str_equal (b, "-"))
    return FALSE;
  if (g_stat (a, &sa) != 0 || g_stat (b, &sb) != 0)
    return FALSE;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int
fx_cli_evaluate (int    argc,
                 char **argv)
{
  g_autofree char *real_path = NULL;
  g_autofree char *synthetic_path = NULL;
  g_autofree char *schema_path = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *predictions_path = NULL;
  g_autofree char *sites_text = NULL;
  g_autofree char *inputs_text = NULL;
  g_autofree char *run_text = NULL;
  g_autofree char *store_path = NULL;
  g_auto(GStrv) sites = NULL;
  g_auto(GStrv) inputs = NULL;
  double fraction = -1;
  gint64 seed = -1;
  gint64 run_seed = -1;
  int rounds = 200, depth = 4;
  double eta = 0.1;
  int status;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(FxTable) real = NULL;
  g_autoptr(FxTable) synthetic = NULL;
  g_autoptr(GHashTable) types = NULL;
  g_autoptr(FxUtility) utility = NULL;
  g_autoptr(FxPrivacy) privacy = NULL;
  g_autoptr(FxValidity) validity = NULL;
  FxCsvOptions csv_options = { 0 };
  FxUtilityOptions options;
  g_auto(RunHoldout) run_holdout = { 0 };
  g_autoptr(FxCliFiles) files = NULL;
  const GOptionEntry entries[] = {
    { "real", 0, 0, G_OPTION_ARG_FILENAME, &real_path, N_("The real (reference) table"), N_("R.csv") },
    { "synthetic", 0, 0, G_OPTION_ARG_FILENAME, &synthetic_path, N_("The synthetic table"), N_("S.csv") },
    { "schema", 0, 0, G_OPTION_ARG_FILENAME, &schema_path, N_("The schema naming the target, the site and identifiers"), N_("S.json") },
    { "run", 0, 0, G_OPTION_ARG_STRING, &run_text, N_("A run in the store instead: its rows, schema and reference table"), N_("ID") },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("The store (default in the user data folder)"), N_("FILE.db") },
    { "holdout-fraction", 0, 0, G_OPTION_ARG_DOUBLE, &fraction, N_("Share of the real rows held out for testing (default 0.2)"), N_("F") },
    { "holdout-sites", 0, 0, G_OPTION_ARG_STRING, &sites_text, N_("Hold out these whole sites instead (comma-separated)"), N_("LIST") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed of the split, the model and the bootstrap (default: the run's, or 1)"), N_("N") },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, N_("Boosting rounds (default 200)"), N_("N") },
    { "max-depth", 0, 0, G_OPTION_ARG_INT, &depth, N_("Depth of the trees (default 4)"), N_("N") },
    { "eta", 0, 0, G_OPTION_ARG_DOUBLE, &eta, N_("Learning rate (default 0.1)"), N_("X") },
    { "inputs", 0, 0, G_OPTION_ARG_STRING, &inputs_text, N_("Inputs of the logistic regression (comma-separated; default the 8 with the highest real gain)"), N_("LIST") },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, N_("Write the results as JSON to FILE (- for standard output)"), N_("FILE") },
    { "predictions", 0, 0, G_OPTION_ARG_FILENAME, &predictions_path, N_("Write each holdout row's predictions as CSV"), N_("FILE.csv") },
    { NULL }
  };

  context = g_option_context_new (_("— train on synthetic records, test on real ones"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, fx_csv_limit_entries (), GETTEXT_PACKAGE);
  if (!fx_cli_parse_options (context, &argc, &argv))
    return FX_CLI_BAD_INPUT;

  if (run_text != NULL && (real_path != NULL || synthetic_path != NULL || schema_path != NULL))
    {
      fx_cli_error (_("evaluate takes either --run or --real, --synthetic and --schema, not both (see --help)"));
      return FX_CLI_BAD_INPUT;
    }
  if (run_text == NULL && (real_path == NULL || synthetic_path == NULL || schema_path == NULL))
    {
      fx_cli_error (_("evaluate needs --real, --synthetic and --schema, or --run (see --help)"));
      return FX_CLI_BAD_INPUT;
    }
  files = fx_cli_files_new ();
  fx_cli_files_input (files, real_path);
  fx_cli_files_input (files, synthetic_path);
  fx_cli_files_input (files, schema_path);
  fx_cli_files_input (files, run_text != NULL ? store_path : NULL);
  fx_cli_files_output (files, json_path);
  fx_cli_files_output (files, predictions_path);
  if (!fx_cli_files_check (files))
    return FX_CLI_BAD_INPUT;
  if (fraction != -1 && sites_text != NULL)
    {
      fx_cli_error (_("--holdout-fraction and --holdout-sites exclude each other"));
      return FX_CLI_BAD_INPUT;
    }
  if (fraction != -1 && !(fraction > 0 && fraction < 1))
    {
      fx_cli_error (_("--holdout-fraction must be between 0 and 1 (exclusive), not %g"), fraction);
      return FX_CLI_BAD_INPUT;
    }
  if (seed < -1)
    {
      fx_cli_error (_("--seed must be 0 or more"));
      return FX_CLI_BAD_INPUT;
    }
  if (rounds < 1 || depth < 1 || !(eta > 0 && eta <= 1))
    {
      fx_cli_error (_("--rounds and --max-depth must be 1 or more and --eta in (0, 1]"));
      return FX_CLI_BAD_INPUT;
    }
  if (json_path != NULL && predictions_path != NULL && g_str_equal (json_path, predictions_path))
    {
      fx_cli_error (_("--json and --predictions name the same file"));
      return FX_CLI_BAD_INPUT;
    }
  /* a user's file is never overwritten by an output */
  {
    const char *outputs[] = { json_path, predictions_path };
    const char *in[] = { real_path, synthetic_path, schema_path };

    for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
      for (guint j = 0; j < G_N_ELEMENTS (in); j++)
        if (same_file (outputs[i], in[j]))
          {
            fx_cli_error (_("%s is an input; the output must go to another file"), outputs[i]);
            return FX_CLI_BAD_INPUT;
          }
  }

  if (run_text != NULL)
    {
      if (!read_run (store_path, run_text, &schema, &real, &synthetic, &run_seed, &run_holdout, &status))
        return status;
      if (run_holdout.present && (fraction != -1 || sites_text != NULL || seed >= 0))
        {
          fx_cli_error (_("run %s kept its own holdout from the generator: evaluate takes it as it is, "
                          "without --holdout-fraction, --holdout-sites or --seed"), run_text);
          return FX_CLI_BAD_INPUT;
        }
    }
  else
    {
      schema = fx_schema_load_file (schema_path, &error);
      if (schema == NULL)
        {
          fx_cli_error ("%s", error->message);
          return FX_CLI_BAD_INPUT;
        }
      types = fx_schema_column_types (schema);
      csv_options.types = types;
      real = fx_cli_read_table (real_path, &csv_options);
      if (real == NULL)
        return FX_CLI_BAD_INPUT;
      synthetic = fx_cli_read_table (synthetic_path, &csv_options);
      if (synthetic == NULL)
        return FX_CLI_BAD_INPUT;
    }

  if (seed < 0)
    seed = run_seed >= 0 ? run_seed : 1;
  fx_utility_options_init (&options, (guint64) seed);
  if (fraction != -1)
    options.fraction = fraction;
  options.booster.rounds = rounds;
  options.booster.max_depth = depth;
  options.booster.eta = eta;
  /* a run that records no holdout of its own may have learnt from any real row */
  options.generator_saw_holdout = !run_holdout.present;
  if (run_holdout.present)
    {
      options.seed = (guint64) run_holdout.seed;
      if (run_holdout.sites[0] != NULL)
        options.holdout_sites = (const char * const *) run_holdout.sites;
      else
        options.fraction = run_holdout.fraction;
    }
  if (sites_text != NULL)
    {
      sites = g_strsplit (sites_text, ",", -1);
      for (guint i = 0; sites[i] != NULL; i++)
        g_strstrip (sites[i]);
      options.holdout_sites = (const char * const *) sites;
    }
  if (inputs_text != NULL)
    {
      inputs = g_strsplit (inputs_text, ",", -1);
      for (guint i = 0; inputs[i] != NULL; i++)
        g_strstrip (inputs[i]);
      options.replication_inputs = (const char * const *) inputs;
    }

  /* a rule that does not compile is said before any model trains */
  validity = fx_validity_measure (schema, real, synthetic, &error);
  if (validity == NULL)
    {
      fx_cli_error ("%s", error->message);
      return g_error_matches (error, FX_RULES_ERROR, FX_RULES_ERROR_SQLITE) ? FX_CLI_FAILED : FX_CLI_BAD_INPUT;
    }

  utility = fx_utility_evaluate (schema, real, synthetic, &options, &error);
  if (utility == NULL)
    {
      fx_cli_error ("%s", error->message);
      return g_error_matches (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT) ? FX_CLI_BAD_INPUT : FX_CLI_FAILED;
    }
  if (run_holdout.present)
    {
      g_autofree char *sha = fx_holdout_rows_sha256 ((gsize *) utility->holdout_rows->data,
                                                     utility->holdout_rows->len);

      if (g_strcmp0 (sha, run_holdout.rows_sha256) != 0)
        {
          fx_cli_error (_("run %s: the holdout taken again differs from the one the run kept"), run_text);
          return FX_CLI_BAD_INPUT;
        }
    }

  /* privacy on the same split */
  {
    g_auto(GStrv) model_inputs = fx_privacy_schema_inputs (schema);
    FxPrivacyOptions privacy_options = { (guint64) seed, 0, 0 };

    privacy = fx_privacy_measure (real, (const gsize *) utility->train_rows->data, utility->train_rows->len,
                                  (const gsize *) utility->holdout_rows->data, utility->holdout_rows->len,
                                  synthetic, (const char * const *) model_inputs, &privacy_options, &error);
    if (privacy == NULL)
      {
        fx_cli_error ("%s", error->message);
        return FX_CLI_BAD_INPUT;
      }
  }

  if (predictions_path != NULL)
    {
      gsize length;
      g_autofree char *csv = fx_utility_predictions_csv (utility, &length);

      if (!write_output (predictions_path, csv, length))
        return FX_CLI_FAILED;
    }
  if (json_path != NULL)
    {
      gsize length;
      g_autofree char *utility_json = fx_utility_to_json (utility, NULL);
      g_autofree char *json = fx_privacy_add_to_json (utility_json, privacy, validity, TRUE,
                                                      &length, &error);

      if (json == NULL)
        {
          fx_cli_error ("%s", error->message);
          return FX_CLI_FAILED;
        }
      if (!write_output (json_path, json, length))
        return FX_CLI_FAILED;
    }
  if (json_path == NULL || !g_str_equal (json_path, "-"))
    {
      g_autofree char *text = fx_utility_to_text (utility);
      g_autofree char *privacy_text = fx_privacy_to_text (privacy, validity);

      fputs (text, stdout);
      fputs (privacy_text, stdout);
      if (fflush (stdout) != 0 || ferror (stdout))
        {
          fx_cli_error (_("cannot write to standard output: %s"), g_strerror (errno));
          return FX_CLI_FAILED;
        }
    }
  return FX_CLI_OK;
}
