/* test-strategy.c: what each strategy's request holds, and the services' limits
 *
 * The bundled example (37 columns, 33 nullable) is put through every strategy; the
 * requests the providers build from it are held against the limits the fake services
 * enforce (tests/fx-fake-limits.c, written from the providers' documentation); the
 * typical ranges are checked against NumPy (tests/fixtures/providers/typical-ranges.py).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include <math.h>
#include <string.h>

#include "fx-capabilities.h"
#include "fx-csv.h"
#include "fx-error.h"
#include "fx-job.h"
#include "fx-strategy.h"
#include "tests/fx-fake-limits.h"
#include "tests/fx-fake-provider.h"
#include "tests/fx-test-fixtures.h"

typedef struct
{
  FxSchema *schema;
  FxTable  *reference;
} Example;

static void
example_load (Example *e)
{
  fx_test_load_example (&e->schema, &e->reference);
}

static void
example_clear (Example *e)
{
  g_clear_pointer (&e->schema, fx_schema_free);
  g_clear_pointer (&e->reference, fx_table_free);
}

static FxPrompt *
prompt_of (Example        *e,
           FxStrategyKind  kind,
           guint           n_rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxStrategy) s = fx_strategy_new (kind, e->schema, e->reference, FX_GROUPS_PROPORTIONAL, 7, &error);

  g_assert_no_error (error);
  return fx_strategy_build_prompt (s, n_rows, 40);
}

/* ---- strategies ------------------------------------------------------------------ */

static void
test_naive (void)
{
  Example e = { 0 };
  FxPrompt *p;
  g_autoptr(FxHttpRequest) request = NULL;
  g_autoptr(JsonNode) body = NULL;
  FxProviderConfig config = { .model = (char *) "gpt-4o", .temperature = NAN, .seed = -1, .max_output_tokens = 8000 };

  example_load (&e);
  p = prompt_of (&e, FX_STRATEGY_NAIVE, 20);
  /* examples and a plain request: no column definitions, ranges or rules */
  g_assert_nonnull (strstr (p->user, "Here is a file of patient records"));
  g_assert_nonnull (strstr (p->user, "hospital_id,hospital_region,"));
  g_assert_null (strstr (p->user, "(integer"));
  g_assert_null (strstr (p->user, "typically"));
  g_assert_null (strstr (p->user, "from 15 to 90"));
  g_assert_null (strstr (p->user, "Rules"));
  g_assert_false (fx_strategy_kind_constrains_output (FX_STRATEGY_NAIVE));
  g_assert_true (fx_strategy_kind_constrains_output (FX_STRATEGY_SCHEMA));

  /* JSON mode on the wire, accepted by the fake service */
  request = fx_provider_openai.build_request (&config, p, NULL, 20);
  body = json_from_string (request->body, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (body), "response_format"), "type"),
                   ==, "json_object");
  g_assert_null (strstr (request->body, "\"properties\""));
  g_assert_null (fx_fake_openai_refusal (json_node_get_object (body)));
  fx_prompt_free (p);
  example_clear (&e);
}

static void
test_examples_differ (void)
{
  Example e = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FxStrategy) s = NULL;
  FxPrompt *a, *b;
  const char *ea, *eb;

  example_load (&e);
  s = fx_strategy_new (FX_STRATEGY_SCHEMA, e.schema, e.reference, FX_GROUPS_PROPORTIONAL, 7, &error);
  g_assert_no_error (error);
  a = fx_strategy_build_prompt (s, 20, 40);
  b = fx_strategy_build_prompt (s, 20, 40);
  ea = strstr (a->user, "hospital_id,hospital_region");
  eb = strstr (b->user, "hospital_id,hospital_region");
  g_assert_nonnull (ea);
  g_assert_nonnull (eb);
  /* fresh examples for each request, and the instruction not to copy them */
  g_assert_cmpstr (ea, !=, eb);
  g_assert_nonnull (strstr (a->user, "do not copy any of them"));
  /* booleans as the schema writes them */
  g_assert_nonnull (strstr (a->user, "write true or false"));
  /* at most the pool is disclosed */
  g_assert_cmpuint (fx_strategy_get_n_disclosed_rows (s), ==, FX_STRATEGY_POOL_ROWS);
  fx_prompt_free (a);
  fx_prompt_free (b);
  example_clear (&e);
}

static char *
shortest (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_dtostr (buf, sizeof buf, value));
}

/* Whether @text holds @number as a whole token. */
static gboolean
has_number (const char *text,
            const char *number)
{
  gsize len = strlen (number);

  for (const char *p = strstr (text, number); p != NULL; p = strstr (p + 1, number))
    {
      char before = p > text ? p[-1] : ' ';
      char after = p[len];

      if (!g_ascii_isdigit (before) && before != '.' && before != '-' && !g_ascii_isdigit (after)
          && !(after == '.' && g_ascii_isdigit (p[len + 1])))
        return TRUE;
    }
  return FALSE;
}

static void
test_statistics_no_extremes (void)
{
  Example e = { 0 };
  FxPrompt *p;
  guint checked = 0;

  example_load (&e);
  /* without schema bounds, every extreme would have to come from the records (the
   * descriptions, the user's words, state some of the bounds: they go too) */
  for (guint i = 0; i < e.schema->features->len; i++)
    {
      FxFeature *f = g_ptr_array_index (e.schema->features, i);

      f->has_minimum = f->has_maximum = FALSE;
      g_clear_pointer (&f->description, g_free);
    }
  p = prompt_of (&e, FX_STRATEGY_STATISTICS, 20);
  g_assert_nonnull (strstr (p->user, "no real record is"));
  for (guint i = 0; i < e.schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (e.schema->features, i);
      const FxColumn *c = fx_table_find_column (e.reference, f->name);
      double lo = INFINITY, hi = -INFINITY;
      gsize n_lo = 0, n_hi = 0;

      g_autoptr(GString) lines = g_string_new (NULL);
      g_auto(GStrv) all = g_strsplit (p->user, "\n", -1);
      g_autofree char *head = g_strdup_printf ("- %s (", f->name);
      g_autofree char *stats = g_strdup_printf ("- %s:", f->name);

      if (f->type != FX_COLUMN_INTEGER && f->type != FX_COLUMN_NUMBER)
        continue;
      /* the lines about this column */
      for (guint k = 0; all[k] != NULL; k++)
        if (g_str_has_prefix (all[k], head) || g_str_has_prefix (all[k], stats))
          g_string_append_printf (lines, "%s\n", all[k]);
      g_assert_cmpuint (lines->len, >, 0);
      for (gsize r = 0; r < c->n_rows; r++)
        if (!fx_column_is_missing (c, r))
          {
            lo = MIN (lo, c->values[r]);
            hi = MAX (hi, c->values[r]);
          }
      for (gsize r = 0; r < c->n_rows; r++)
        if (!fx_column_is_missing (c, r))
          {
            n_lo += c->values[r] == lo;
            n_hi += c->values[r] == hi;
          }
      /* an extreme of fewer than five records points at them */
      if (n_lo < 5)
        {
          g_autofree char *text = shortest (lo);

          if (has_number (lines->str, text))
            g_error ("%s: its minimum %s, of %" G_GSIZE_FORMAT " records, is in the prompt:\n%s",
                     f->name, text, n_lo, lines->str);
          checked++;
        }
      if (n_hi < 5)
        {
          g_autofree char *text = shortest (hi);

          if (has_number (lines->str, text))
            g_error ("%s: its maximum %s, of %" G_GSIZE_FORMAT " records, is in the prompt:\n%s",
                     f->name, text, n_hi, lines->str);
          checked++;
        }
    }
  g_assert_cmpuint (checked, >=, 20);
  /* rounded numbers, never 49.705000000000005 */
  g_assert_null (strstr (p->user, "00000"));
  fx_prompt_free (p);
  example_clear (&e);
}

static void
test_typical_ranges (void)
{
  Example e = { 0 };
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "providers", "typical-ranges.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *expected;
  FxPrompt *p;
  g_autoptr(GList) names = NULL;
  guint found = 0;

  example_load (&e);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  expected = json_node_get_object (json_parser_get_root (parser));
  p = prompt_of (&e, FX_STRATEGY_SCHEMA, 20);
  names = json_object_get_members (expected);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonArray *range = json_object_get_array_member (expected, l->data);
      g_autofree char *line_start = g_strdup_printf ("- %s (", (char *) l->data);
      const char *line = strstr (p->user, line_start);
      g_autofree char *text = NULL;
      g_autofree char *want = NULL;

      g_assert_nonnull (line);
      text = g_strndup (line, strcspn (line, "\n"));
      if (g_str_equal (json_array_get_string_element (range, 0), json_array_get_string_element (range, 1)))
        want = g_strdup_printf ("typically %s;", json_array_get_string_element (range, 0));
      else
        want = g_strdup_printf ("typically %s to %s;", json_array_get_string_element (range, 0),
                                json_array_get_string_element (range, 1));
      if (strstr (text, "typically") == NULL)
        continue;  /* left out: it would have shown a record's extreme */
      g_assert_nonnull (strstr (text, want));
      found++;
    }
  g_assert_cmpuint (found, >=, 20);
  fx_prompt_free (p);
  example_clear (&e);
}

static void
test_structure (void)
{
  Example e = { 0 };
  FxPrompt *p;

  example_load (&e);
  p = prompt_of (&e, FX_STRATEGY_SCHEMA, 20);
  /* blood gases go missing together; region and teaching status are the hospital's;
   * the outcome's strongest features include a boolean or a category */
  g_assert_nonnull (strstr (p->user, "Missing together: pao2, pco2"));
  g_assert_nonnull (strstr (p->user, "The same for every record of one hospital_id: hospital_region"));
  g_assert_nonnull (strstr (p->user, "The outcome hospital_mortality depends most on:"));
  g_assert_nonnull (strstr (p->user, "  - apache_score: mean"));
  fx_prompt_free (p);
  example_clear (&e);
}

static void
test_conditional_order (void)
{
  Example e = { 0 };
  FxPrompt *p;
  const char *demographics, *admission, *vitals, *labs, *outcome;

  example_load (&e);
  p = prompt_of (&e, FX_STRATEGY_CONDITIONAL, 20);
  demographics = strstr (p->user, "1. demographics: age, gender, ethnicity");
  admission = strstr (p->user, "2. admission: hospital_id,");
  vitals = strstr (p->user, "3. vitals:");
  labs = strstr (p->user, "4. labs:");
  outcome = strstr (p->user, "5. outcome: hospital_mortality, icu_los_days");
  g_assert_true (demographics && admission && vitals && labs && outcome);
  g_assert_true (demographics < admission && admission < vitals && vitals < labs && labs < outcome);
  fx_prompt_free (p);

  /* the schema's own order comes first */
  g_ptr_array_add (e.schema->generation_order, g_strdup ("apache_score"));
  p = prompt_of (&e, FX_STRATEGY_CONDITIONAL, 20);
  g_assert_nonnull (strstr (p->user, "1. apache_score\n2. demographics:"));
  fx_prompt_free (p);
  example_clear (&e);
}

static void
test_group_proportional (void)
{
  Example e = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FxStrategy) s = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint caucasian_male = 0, pooled = 0;

  example_load (&e);
  s = fx_strategy_new (FX_STRATEGY_GROUP, e.schema, e.reference, FX_GROUPS_PROPORTIONAL, 7, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 100; i++)
    {
      FxPrompt *p = fx_strategy_build_prompt (s, 10, 1000);

      caucasian_male += strstr (p->user, "gender = Male, ethnicity = Caucasian.") != NULL;
      pooled += strstr (p->user, "any of these small groups") != NULL;
      fx_prompt_free (p);
    }
  /* about 48% of the reference's complete rows are Caucasian men: proportional, not
   * 1/12; the groups of a handful of rows are asked for together, at least a little */
  g_assert_cmpuint (caucasian_male, >=, 40);
  g_assert_cmpuint (caucasian_male, <=, 55);
  g_assert_cmpuint (pooled, >=, 1);
  example_clear (&e);
}

static void
test_anchored (void)
{
  Example e = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FxStrategy) s = NULL;
  static const char *const anchors[] = { "gender", "hospital_mortality", NULL };
  static const char *const wrong[] = { "no_such_column", NULL };
  guint expired = 0, total = 0;

  example_load (&e);
  s = fx_strategy_new (FX_STRATEGY_ANCHORED, e.schema, e.reference, FX_GROUPS_PROPORTIONAL, 7, &error);
  g_assert_no_error (error);
  g_assert_false (fx_strategy_set_anchors (s, wrong, &error));
  g_assert_error (error, FX_STATS_ERROR, FX_STATS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (fx_strategy_set_anchors (s, anchors, &error));
  for (guint i = 0; i < 50; i++)
    {
      FxPrompt *p = fx_strategy_build_prompt (s, 20, 1000);
      g_auto(GStrv) lines = g_strsplit (p->user, "\n", -1);

      g_assert_nonnull (strstr (p->user, "20. gender = "));
      g_assert_null (strstr (p->user, "21. gender = "));
      for (guint k = 0; lines[k] != NULL; k++)
        if (strstr (lines[k], ". gender = ") != NULL)
          {
            total++;
            expired += strstr (lines[k], "hospital_mortality = true") != NULL;
          }
      fx_prompt_free (p);
    }
  /* drawn from the reference: its mortality is 8.5% (pandas: stays.hospital_mortality.mean ()) */
  g_assert_cmpuint (total, ==, 1000);
  g_assert_cmpfloat ((double) expired / total, >, 0.05);
  g_assert_cmpfloat ((double) expired / total, <, 0.13);
  example_clear (&e);
}

/* ---- the services' limits ---------------------------------------------------------- */

static JsonObject *
body_of (FxHttpRequest *request,
         JsonNode     **root)
{
  *root = json_from_string (request->body, NULL);
  return json_node_get_object (*root);
}

static void
test_limits_anthropic (void)
{
  Example e = { 0 };
  g_autoptr(JsonNode) row = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) old_root = NULL;
  g_autoptr(FxHttpRequest) request = NULL;
  g_autofree char *refusal = NULL;
  FxPrompt prompt = { (char *) "Answer in JSON.", (char *) "Generate 20 records." };
  FxProviderConfig config = { .model = (char *) "claude-sonnet-4-5", .temperature = 0.7, .seed = -1, .max_output_tokens = 16000 };
  JsonObject *body, *old;
  const FxModelCapabilities *caps = fx_model_capabilities_lookup ("anthropic", "claude-sonnet-4-5-20250929");
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  example_load (&e);
  row = fx_row_json_schema (e.schema);
  request = fx_provider_anthropic.build_request (&config, &prompt, row, 20);
  body = body_of (request, &root);
  /* 33 nullable columns are past the 16 union-typed parameters: JSON in the text */
  g_assert_null (fx_fake_anthropic_refusal (body));
  g_assert_false (json_object_has_member (body, "output_config"));
  g_assert_nonnull (strstr (json_object_get_string_member (body, "system"), "following this JSON Schema:"));
  g_assert_cmpfloat (json_object_get_double_member (body, "temperature"), ==, 0.7);

  /* what was sent before: the fake service refuses it as the real one does */
  old_root = json_node_copy (root);
  old = json_node_get_object (old_root);
  {
    JsonObject *oc = json_object_new ();
    JsonObject *format = json_object_new ();
    g_autoptr(JsonNode) rows = fx_rows_json_schema (row, 20);

    json_object_set_string_member (format, "type", "json_schema");
    json_object_set_member (format, "schema", fx_json_schema_map (rows, fx_json_schema_bounds_to_description, NULL));
    json_object_set_object_member (oc, "format", format);
    json_object_set_object_member (old, "output_config", oc);
  }
  refusal = fx_fake_anthropic_refusal (old);
  g_assert_nonnull (refusal);
  g_assert_nonnull (strstr (refusal, "33 parameters with type arrays or anyOf). This exceeds the limit: 16"));
  g_clear_pointer (&refusal, g_free);
  json_object_set_double_member (old, "temperature", 1.5);
  json_object_remove_member (old, "output_config");
  refusal = fx_fake_anthropic_refusal (old);
  g_assert_cmpstr (refusal, ==, "temperature: range: 0..1");

  /* 1.5 is refused here, before any request, naming the setting, model and range */
  config.temperature = 1.5;
  g_assert_false (fx_model_capabilities_check_config (caps, &config, notes, &error));
  g_assert_error (error, FX_CAPABILITIES_ERROR, FX_CAPABILITIES_ERROR_OUT_OF_RANGE);
  g_assert_nonnull (strstr (error->message, "temperature 1.5"));
  g_assert_nonnull (strstr (error->message, "claude-sonnet-4-5"));
  g_assert_nonnull (strstr (error->message, "0 to 1"));

  /* an older model gets no output_config even for a small schema */
  {
    g_autoptr(FxHttpRequest) small = NULL;
    g_autoptr(JsonNode) small_root = NULL;
    g_autoptr(FxSchema) two = fx_schema_load_data ("{\"format\": 1, \"features\": [{\"name\": \"a\", \"type\": \"integer\", \"nullable\": true}]}",
                                                   -1, "two", NULL);
    g_autoptr(JsonNode) small_row = fx_row_json_schema (two);

    config.temperature = NAN;
    small = fx_provider_anthropic.build_request (&config, &prompt, small_row, 5);
    g_assert_true (json_object_has_member (body_of (small, &small_root), "output_config"));
    g_assert_null (fx_fake_anthropic_refusal (json_node_get_object (small_root)));
    g_clear_pointer (&small, fx_http_request_free);
    g_clear_pointer (&small_root, json_node_unref);
    config.model = (char *) "claude-3-5-haiku-20241022";
    small = fx_provider_anthropic.build_request (&config, &prompt, small_row, 5);
    g_assert_false (json_object_has_member (body_of (small, &small_root), "output_config"));
    g_assert_null (fx_fake_anthropic_refusal (json_node_get_object (small_root)));
  }
  example_clear (&e);
}

static void
test_limits_openai (void)
{
  Example e = { 0 };
  g_autoptr(JsonNode) row = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(FxHttpRequest) request = NULL;
  g_autofree char *refusal = NULL;
  FxPrompt prompt = { (char *) "Answer in JSON.", (char *) "Generate 20 records." };
  FxProviderConfig config = { .model = (char *) "o3-mini", .temperature = 0.7, .seed = 3, .max_output_tokens = 0 };
  const FxModelCapabilities *caps = fx_model_capabilities_lookup ("openai", "o3-mini");
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  JsonObject *body;

  example_load (&e);
  row = fx_row_json_schema (e.schema);
  /* the temperature is not sent, and said so once */
  g_assert_true (fx_model_capabilities_check_config (caps, &config, notes, NULL));
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), "temperature 0.7 is not sent"));
  /* the budget has room for reasoning: 20 rows of 37 columns and 8192 more */
  config.max_output_tokens = fx_model_capabilities_output_budget (caps, 20, 37);
  g_assert_cmpuint (config.max_output_tokens, ==, 20 * 37 * 16 + 2048 + 8192);
  request = fx_provider_openai.build_request (&config, &prompt, row, 20);
  body = body_of (request, &root);
  g_assert_false (json_object_has_member (body, "temperature"));
  g_assert_cmpstr (json_object_get_string_member (body, "reasoning_effort"), ==, "low");
  g_assert_null (fx_fake_openai_refusal (body));
  g_assert_cmpint (fx_fake_openai_reasoning (body) + 40 * 20, <=, config.max_output_tokens);

  json_object_set_double_member (body, "temperature", 0.7);
  refusal = fx_fake_openai_refusal (body);
  g_assert_nonnull (strstr (refusal, "Only the default (1) value is supported."));
  g_clear_pointer (&refusal, g_free);

  /* a fine-tuned model gets its bounds as words */
  g_clear_pointer (&request, fx_http_request_free);
  g_clear_pointer (&root, json_node_unref);
  config.model = (char *) "ft:gpt-4o-mini-2024-07-18:acme::abc123";
  request = fx_provider_openai.build_request (&config, &prompt, row, 20);
  body = body_of (request, &root);
  g_assert_true (json_object_has_member (body, "temperature"));
  g_assert_null (strstr (request->body, "\"minimum\""));
  g_assert_nonnull (strstr (request->body, "between 15 and 90"));
  g_assert_null (fx_fake_openai_refusal (body));
  example_clear (&e);
}

static void
test_limits_gemini (void)
{
  Example e = { 0 };
  g_autoptr(JsonNode) row = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(FxHttpRequest) request = NULL;
  g_autofree char *refusal = NULL;
  FxPrompt prompt = { (char *) "Answer in JSON.", (char *) "Generate 20 records." };
  FxProviderConfig config = { .model = (char *) "gemini-2.5-flash", .temperature = NAN, .seed = 3 };
  const FxModelCapabilities *caps = fx_model_capabilities_lookup ("gemini", "gemini-2.5-flash");
  JsonObject *body, *generation;

  example_load (&e);
  row = fx_row_json_schema (e.schema);
  config.max_output_tokens = fx_model_capabilities_output_budget (caps, 20, 37);
  request = fx_provider_gemini.build_request (&config, &prompt, row, 20);
  body = body_of (request, &root);
  g_assert_null (fx_fake_gemini_refusal ("gemini-2.5-flash", body));
  /* thinking is bounded, and what it leaves is room for the rows */
  g_assert_cmpint (fx_fake_gemini_thinking ("gemini-2.5-flash", body) + 40 * 20, <=, config.max_output_tokens);
  g_assert_cmpint (fx_fake_gemini_thinking ("gemini-2.5-flash", body), >, 0);

  /* without the bound, dynamic thinking takes it all (empty MAX_TOKENS answer) */
  generation = json_object_get_object_member (body, "generationConfig");
  json_object_remove_member (generation, "thinkingConfig");
  g_assert_cmpint (fx_fake_gemini_thinking ("gemini-2.5-flash", body), ==, config.max_output_tokens);
  /* a null among enum values is refused */
  json_object_set_member (generation, "responseJsonSchema", fx_rows_json_schema (row, 20));
  refusal = fx_fake_gemini_refusal ("gemini-2.5-flash", body);
  g_assert_nonnull (refusal);
  g_assert_nonnull (strstr (refusal, "enum"));
  g_clear_pointer (&refusal, g_free);
  /* Pro cannot turn thinking off */
  {
    JsonObject *thinking = json_object_new ();

    json_object_set_int_member (thinking, "thinkingBudget", 0);
    json_object_set_object_member (generation, "thinkingConfig", thinking);
    json_object_remove_member (generation, "responseJsonSchema");
    g_assert_null (fx_fake_gemini_refusal ("gemini-2.5-flash", body));
    refusal = fx_fake_gemini_refusal ("gemini-2.5-pro", body);
    g_assert_nonnull (strstr (refusal, "between 128 and 32768"));
  }
  g_clear_pointer (&request, fx_http_request_free);
  g_clear_pointer (&root, json_node_unref);
  config.model = (char *) "gemini-2.5-pro";
  request = fx_provider_gemini.build_request (&config, &prompt, row, 20);
  g_assert_null (fx_fake_gemini_refusal ("gemini-2.5-pro", body_of (request, &root)));
  example_clear (&e);
}

/* ---- whole runs against the fake services ----------------------------------------- */

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
} Waiter;

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Waiter *w = data;

  w->ok = fx_run_execute_finish (result, &w->error);
  g_main_loop_quit (w->loop);
}

/* 40 rows of the bundled example with @strategy, through the whole engine; the notes
 * the run keeps in its parameters go to @notes. */
static guint budget_for_next_run;  /* 0: from the capability table */
static GPtrArray *requests_of_last_run;

static gsize
run_example_full (const char         *provider,
                  const char         *model,
                  double              temperature,
                  FxStrategyKind      strategy,
                  const char * const *anchors,
                  char              **parameters,
                  GPtrArray         **rows)
{
  const char *dir = g_getenv ("FX_EXAMPLE_DIR");
  g_autofree char *schema_path = g_build_filename (dir, "schema.json", NULL);
  g_autofree char *data_path = g_build_filename (dir, "stays.csv", NULL);
  g_autofree char *tmp = g_dir_make_tmp ("fx-strategy-XXXXXX", NULL);
  g_autofree char *store_path = g_build_filename (tmp, "runs.db", NULL);
  g_autoptr(GError) error = NULL;
  FxFakeProvider *fake = fx_fake_provider_new ("sk-test-key", &error);
  g_autofree char *base_url = fx_fake_provider_get_base_url (fake);
  g_autoptr(FxSchema) schema = fx_schema_load_file (schema_path, &error);
  g_autoptr(FxStore) store = NULL;
  g_autoptr(FxJob) job = NULL;
  g_autoptr(FxRunRecord) record = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Waiter w = { loop, FALSE, NULL };
  FxRunOptions options;
  FxJobSpec spec = { 0 };
  gsize accepted;

  g_assert_no_error (error);
  /* the fake service's rows are not clinical: without the example's rules none is
   * rejected, so the requests a run makes are known in advance */
  g_ptr_array_set_size (schema->rules, 0);
  spec.provider = provider;
  spec.model = model;
  spec.base_url = base_url;
  spec.strategy = strategy;
  spec.allocation = FX_GROUPS_PROPORTIONAL;
  spec.n_rows = 40;
  spec.batch_rows = 20;
  spec.concurrency = 2;
  spec.temperature = temperature;
  spec.seed = 1;
  spec.reference_path = data_path;
  spec.anchors = anchors;
  spec.max_output_tokens = budget_for_next_run;
  job = fx_job_new (&spec, schema, &error);
  g_assert_no_error (error);
  fx_job_take_api_key (job, g_strdup ("sk-test-key"));
  store = fx_store_open (store_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fx_job_create_run (job, store, "schema.json", &error), >, 0);
  g_assert_no_error (error);
  fx_job_get_options (job, &options);
  options.backoff_scale = 0.01;
  fx_run_execute_async (&options, NULL, NULL, NULL, on_run_done, &w);
  g_main_loop_run (loop);
  if (!w.ok)
    g_error ("%s %s: %s (%s)", provider, model, w.error->message,
             fx_fake_provider_get_problem (fake) != NULL ? fx_fake_provider_get_problem (fake) : "no problem seen");
  g_assert_null (fx_fake_provider_get_problem (fake));
  record = fx_store_get_run (store, fx_job_get_run_id (job), &error);
  g_assert_no_error (error);
  accepted = record->rows_accepted;
  *parameters = g_strdup (record->parameters);
  if (rows != NULL)
    {
      *rows = fx_store_get_accepted_rows (store, fx_job_get_run_id (job), &error);
      g_assert_no_error (error);
    }
  g_clear_pointer (&requests_of_last_run, g_ptr_array_unref);
  requests_of_last_run = fx_store_get_requests (store, fx_job_get_run_id (job), &error);
  g_assert_no_error (error);
  fx_fake_provider_free (fake);
  g_clear_pointer (&store, fx_store_close);
  g_unlink (store_path);
  g_rmdir (tmp);
  return accepted;
}

static gsize
run_example (const char     *provider,
             const char     *model,
             double          temperature,
             FxStrategyKind  strategy,
             char          **parameters)
{
  return run_example_full (provider, model, temperature, strategy, NULL, parameters, NULL);
}

static void
test_run_anchored (void)
{
  static const char *const anchors[] = { "hospital_id", "hospital_mortality", NULL };
  Example e = { 0 };
  g_autofree char *parameters = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) hospitals = g_hash_table_new (g_str_hash, g_str_equal);
  const FxColumn *c;

  example_load (&e);
  c = fx_table_find_column (e.reference, "hospital_id");
  for (gsize r = 0; r < c->n_rows; r++)
    g_hash_table_add (hospitals, g_ptr_array_index (c->categories, c->codes[r]));
  g_assert_cmpuint (run_example_full ("openai", "gpt-4.1", 0.7, FX_STRATEGY_ANCHORED, anchors, &parameters, &rows), ==, 40);
  g_assert_nonnull (strstr (parameters, "\"anchors\":[\"hospital_id\",\"hospital_mortality\"]"));
  /* the fake service writes made-up hospital ids ("text-..."): the rows hold the ones
   * drawn from the reference */
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(JsonNode) row = json_from_string (g_ptr_array_index (rows, i), NULL);
      const char *id = json_object_get_string_member (json_node_get_object (row), "hospital_id");

      g_assert_true (g_hash_table_contains (hospitals, id));
    }
  example_clear (&e);
}

static void
test_run_anthropic (void)
{
  g_autofree char *parameters = NULL;

  g_assert_cmpuint (run_example ("anthropic", "claude-sonnet-4-5", 0.7, FX_STRATEGY_SCHEMA, &parameters), ==, 40);
}

static void
test_run_openai_reasoning (void)
{
  g_autofree char *parameters = NULL;

  g_assert_cmpuint (run_example ("openai", "o3-mini", 0.7, FX_STRATEGY_SCHEMA, &parameters), ==, 40);
  /* asked for, not sent, said once and kept with the run */
  g_assert_nonnull (strstr (parameters, "temperature 0.7 is not sent"));
}

static void
test_run_gemini_thinking (void)
{
  g_autofree char *parameters = NULL;

  g_assert_cmpuint (run_example ("gemini", "gemini-2.5-flash", NAN, FX_STRATEGY_SCHEMA, &parameters), ==, 40);
}

/* An answer cut off while reasoning gets more room, not fewer rows: o3-mini at low
 * effort reasons 1024 tokens in the fake service, and 20 rows take 800 more, past a
 * budget of 1500 tokens. */
static void
test_run_reasoning_budget (void)
{
  g_autofree char *parameters = NULL;
  guint truncated = 0;

  budget_for_next_run = 1500;
  g_assert_cmpuint (run_example ("openai", "o3-mini", NAN, FX_STRATEGY_STATISTICS, &parameters), ==, 40);
  budget_for_next_run = 0;
  for (guint i = 0; i < requests_of_last_run->len; i++)
    {
      FxRequestRecord *q = g_ptr_array_index (requests_of_last_run, i);

      truncated += g_str_equal (q->outcome, "truncated");
      g_assert_cmpint (q->batch_rows, ==, 20);
    }
  g_assert_cmpuint (truncated, >=, 1);
  g_assert_cmpuint (requests_of_last_run->len, ==, truncated + 2);

  /* and the budget stops at the model's limit */
  {
    FxProviderConfig config = { .model = (char *) "o3-mini", .max_output_tokens = 1500 };

    g_assert_true (fx_model_capabilities_raise_budget ("openai", &config));
    g_assert_cmpuint (config.max_output_tokens, ==, 4096);
    config.max_output_tokens = 100000;
    g_assert_false (fx_model_capabilities_raise_budget ("openai", &config));
  }
}

static void
test_run_strategies (void)
{
  static const FxStrategyKind kinds[] = {
    FX_STRATEGY_NAIVE, FX_STRATEGY_CONDITIONAL, FX_STRATEGY_GROUP, FX_STRATEGY_STATISTICS, FX_STRATEGY_ANCHORED,
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *parameters = NULL;

      g_test_message ("%s", fx_strategy_kind_to_string (kinds[i]));
      g_assert_cmpuint (run_example ("anthropic", "claude-sonnet-4-5", 0.7, kinds[i], &parameters), ==, 40);
    }
}

static void
test_refused_before_any_request (void)
{
  const char *dir = g_getenv ("FX_EXAMPLE_DIR");
  g_autofree char *schema_path = g_build_filename (dir, "schema.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = fx_schema_load_file (schema_path, &error);
  g_autoptr(FxJob) job = NULL;
  FxJobSpec spec = { 0 };

  spec.provider = "anthropic";
  spec.model = "claude-sonnet-4-5";
  spec.strategy = FX_STRATEGY_STATISTICS;
  spec.n_rows = 40;
  spec.batch_rows = 20;
  spec.concurrency = 1;
  spec.temperature = 1.5;
  job = fx_job_new (&spec, schema, &error);
  g_assert_null (job);
  g_assert_error (error, FX_CAPABILITIES_ERROR, FX_CAPABILITIES_ERROR_OUT_OF_RANGE);
}

static void
test_capabilities_table (void)
{
  const FxModelCapabilities *caps;

  g_assert_nonnull (fx_model_capabilities_checked ());
  /* every provider has safe defaults for a model the table does not know */
  for (guint i = 0; i < 4; i++)
    {
      static const char *const providers[] = { "openai", "anthropic", "gemini", "openai-compatible" };

      caps = fx_model_capabilities_lookup (providers[i], "a-model-from-next-year");
      g_assert_nonnull (caps);
      g_assert_nonnull (caps->source);
      g_assert_true (g_str_has_prefix (caps->source, "https://"));
    }
  g_assert_false (fx_model_capabilities_lookup ("anthropic", "claude-9")->structured_output);
  g_assert_false (fx_model_capabilities_lookup ("openai", "gpt-7")->has_temperature);
  g_assert_true (fx_model_capabilities_lookup ("openai", "gpt-5-chat-latest")->has_temperature);
  g_assert_false (fx_model_capabilities_lookup ("openai", "gpt-5-mini")->has_temperature);
  g_assert_cmpint (fx_model_capabilities_lookup ("gemini", "models/gemini-2.5-pro")->thinking_min, ==, 128);
  g_assert_null (fx_model_capabilities_lookup ("nobody", "x"));

  /* what the Providers pane shows for the chosen model */
  {
    g_autofree char *text = fx_model_capabilities_describe (fx_model_capabilities_lookup ("anthropic", "claude-sonnet-4-5"));
    g_autofree char *o3 = fx_model_capabilities_describe (fx_model_capabilities_lookup ("openai", "o3-mini"));

    g_assert_nonnull (strstr (text, "at most 16 nullable and 24 optional columns"));
    g_assert_nonnull (strstr (text, "temperature 0 to 1"));
    g_assert_nonnull (strstr (o3, "no temperature"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strategy/naive", test_naive);
  g_test_add_func ("/strategy/examples-differ", test_examples_differ);
  g_test_add_func ("/strategy/statistics-no-extremes", test_statistics_no_extremes);
  g_test_add_func ("/strategy/typical-ranges", test_typical_ranges);
  g_test_add_func ("/strategy/structure", test_structure);
  g_test_add_func ("/strategy/conditional-order", test_conditional_order);
  g_test_add_func ("/strategy/group-proportional", test_group_proportional);
  g_test_add_func ("/strategy/anchored", test_anchored);
  g_test_add_func ("/limits/anthropic", test_limits_anthropic);
  g_test_add_func ("/limits/openai", test_limits_openai);
  g_test_add_func ("/limits/gemini", test_limits_gemini);
  g_test_add_func ("/limits/table", test_capabilities_table);
  g_test_add_func ("/limits/refused-before-any-request", test_refused_before_any_request);
  g_test_add_func ("/run/anthropic-sonnet-4-5", test_run_anthropic);
  g_test_add_func ("/run/openai-o3-mini", test_run_openai_reasoning);
  g_test_add_func ("/run/gemini-2.5-flash", test_run_gemini_thinking);
  g_test_add_func ("/run/strategies", test_run_strategies);
  g_test_add_func ("/run/anchored", test_run_anchored);
  g_test_add_func ("/run/reasoning-budget", test_run_reasoning_budget);
  {
    int status = g_test_run ();

    g_clear_pointer (&requests_of_last_run, g_ptr_array_unref);
    return status;
  }
}
