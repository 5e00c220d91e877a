/* fx-strategy.c: prompts for each generation strategy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fx-csv.h"
#include "fx-error.h"
#include "fx-resources.h"
#include "fx-stats.h"
#include "fx-strategy.h"

#define RESOURCE_PREFIX "/io/github/facsimile/Facsimile/prompts/"

/* The statistics strategy shows no level seen in fewer records than this, and no
 * distribution of fewer than twice as many values: aggregates of a handful of
 * records are close to the records themselves. */
#define FX_STRATEGY_MIN_COUNT 5

typedef struct
{
  char   *label;       /* "gender = Female, ethnicity = Asian" */
  GArray *rows;        /* (element-type gsize) reference rows of the group */
  double  share;       /* of all rows */
  gsize   assigned;    /* rows asked for so far */
  char   *examples;    /* CSV text of its example rows */
} Group;

struct _FxStrategy
{
  FxStrategyKind  kind;
  const FxSchema *schema;
  char           *system_template;
  char           *user_template;
  char           *template_hash;
  char           *schema_text;
  char           *constraints_text;
  char           *examples;       /* CSV text */
  char           *statistics;
  GArray         *disclosed;      /* (element-type gsize) */
  GPtrArray      *columns;        /* (element-type utf8): the schema's columns the reference has */
  GPtrArray      *groups;         /* (element-type Group) */
};

static const char *kind_names[] = {
  [FX_STRATEGY_NAIVE] = "naive",
  [FX_STRATEGY_SCHEMA] = "schema",
  [FX_STRATEGY_CONDITIONAL] = "conditional",
  [FX_STRATEGY_GROUP] = "group",
  [FX_STRATEGY_STATISTICS] = "statistics",
};

const char *
fx_strategy_kind_to_string (FxStrategyKind kind)
{
  g_return_val_if_fail (kind <= FX_STRATEGY_STATISTICS, NULL);
  return kind_names[kind];
}

gboolean
fx_strategy_kind_from_string (const char     *str,
                              FxStrategyKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (str, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
fx_strategy_kind_sends_real_rows (FxStrategyKind kind)
{
  return kind != FX_STRATEGY_STATISTICS;
}

static void
group_free (Group *group)
{
  g_free (group->label);
  g_array_unref (group->rows);
  g_free (group->examples);
  g_free (group);
}

void
fx_strategy_free (FxStrategy *strategy)
{
  if (strategy == NULL)
    return;
  g_free (strategy->system_template);
  g_free (strategy->user_template);
  g_free (strategy->template_hash);
  g_free (strategy->schema_text);
  g_free (strategy->constraints_text);
  g_free (strategy->examples);
  g_free (strategy->statistics);
  g_array_unref (strategy->disclosed);
  g_ptr_array_unref (strategy->columns);
  g_ptr_array_unref (strategy->groups);
  g_free (strategy);
}

FxStrategyKind
fx_strategy_get_kind (FxStrategy *strategy)
{
  return strategy->kind;
}

static char *
load_template (const char *name)
{
  g_autofree char *path = g_strconcat (RESOURCE_PREFIX, name, ".txt", NULL);
  g_autoptr(GBytes) bytes = g_resource_lookup_data (fx_resources_get_resource (), path,
                                                    G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  g_return_val_if_fail (bytes != NULL, g_strdup (""));
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Replaces every {{key}} of @template by its value in the NULL-terminated pairs. */
static char *
fill (const char *template,
      ...)
{
  GString *out = g_string_new (template);
  va_list args;
  const char *key;

  va_start (args, template);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      g_autofree char *mark = g_strdup_printf ("{{%s}}", key);

      g_string_replace (out, mark, value != NULL ? value : "", 0);
    }
  va_end (args);
  return g_string_free (out, FALSE);
}

static void
describe_feature (GString         *out,
                  const FxFeature *f)
{
  char a[32], b[32];

  g_string_append_printf (out, "- %s (%s", f->name, fx_column_type_to_string (f->type));
  if (f->unit != NULL)
    g_string_append_printf (out, ", %s", f->unit);
  g_string_append (out, ")");
  if (f->description != NULL)
    g_string_append_printf (out, ": %s", f->description);
  if (f->has_minimum && f->has_maximum)
    g_string_append_printf (out, "; from %s to %s", fx_format_double (f->minimum, a), fx_format_double (f->maximum, b));
  else if (f->has_minimum)
    g_string_append_printf (out, "; at least %s", fx_format_double (f->minimum, a));
  else if (f->has_maximum)
    g_string_append_printf (out, "; at most %s", fx_format_double (f->maximum, a));
  if (f->categories->len > 0)
    {
      g_string_append (out, "; one of ");
      for (guint i = 0; i < f->categories->len; i++)
        g_string_append_printf (out, "%s\"%s\"", i ? ", " : "", (char *) g_ptr_array_index (f->categories, i));
    }
  if (f->nullable)
    {
      if (!isnan (f->missing_rate))
        g_string_append_printf (out, "; may be null (missing in %.1f%% of records)", 100 * f->missing_rate);
      else
        g_string_append (out, "; may be null");
    }
  else
    g_string_append (out, "; never null");
  g_string_append_c (out, '\n');
}

static char *
describe_schema (const FxSchema *schema)
{
  GString *out = g_string_new (NULL);

  if (schema->description != NULL)
    g_string_append_printf (out, "Population: %s\n", schema->description);
  for (guint i = 0; i < schema->features->len; i++)
    describe_feature (out, g_ptr_array_index (schema->features, i));
  return g_string_free (out, FALSE);
}

static char *
describe_constraints (const FxSchema *schema)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < schema->constraints->len; i++)
    g_string_append_printf (out, "- Always: %s\n", (char *) g_ptr_array_index (schema->constraints, i));
  return g_string_free (out, FALSE);
}

/* The schema's columns of @rows of @reference as CSV text. */
static char *
rows_as_csv (const FxSchema *schema,
             const FxTable  *reference,
             const gsize    *rows,
             gsize           n_rows)
{
  g_autoptr(FxTable) view = fx_table_new ();

  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);
      const FxColumn *c = fx_table_find_column (reference, f->name);

      if (c != NULL)
        fx_table_add_column (view, fx_column_subset (c, rows, n_rows));
    }
  view->n_rows = n_rows;
  return fx_csv_write_string (view);
}

/* @k rows drawn without replacement from @pool, kept in file order. */
static GArray *
draw_rows (const gsize *pool,
           gsize        n_pool,
           gsize        k,
           gsl_rng     *rng)
{
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (gsize), MIN (k, n_pool));

  g_array_set_size (out, MIN (k, n_pool));
  if (out->len > 0)
    gsl_ran_choose (rng, out->data, out->len, (void *) pool, n_pool, sizeof (gsize));
  return out;
}

static char *
describe_statistics (const FxSchema *schema,
                     const FxTable  *reference)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GPtrArray) numeric = g_ptr_array_new ();

  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);
      const FxColumn *c = reference != NULL ? fx_table_find_column (reference, f->name) : NULL;
      char buf[7][32];

      if (c == NULL)
        {
          /* no reference: what the schema says */
          if (f->frequencies != NULL)
            {
              g_string_append_printf (out, "- %s:", f->name);
              for (guint k = 0; k < f->categories->len && k < f->frequencies->len; k++)
                g_string_append_printf (out, " %s %.1f%%;", (char *) g_ptr_array_index (f->categories, k),
                                        100 * g_array_index (f->frequencies, double, k));
              g_string_append_c (out, '\n');
            }
          continue;
        }

      g_string_append_printf (out, "- %s: missing %.1f%%", f->name,
                              reference->n_rows ? 100.0 * c->n_missing / reference->n_rows : 0.0);
      if (c->type == FX_COLUMN_CATEGORICAL || c->type == FX_COLUMN_BOOLEAN)
        {
          g_autofree double *counts = NULL;
          gsize present = fx_column_count_present (c);
          guint k = c->type == FX_COLUMN_BOOLEAN ? 2 : c->categories->len;

          counts = g_new0 (double, MAX (k, 1));
          for (gsize r = 0; r < c->n_rows; r++)
            if (!fx_column_is_missing (c, r))
              counts[c->type == FX_COLUMN_BOOLEAN ? (c->values[r] != 0) : c->codes[r]] += 1;
          g_autofree gboolean *pooled = g_new0 (gboolean, MAX (k, 1));
          double rare = 0;
          guint n_pooled = 0;

          /* a level seen in a handful of records could point at them: such levels
           * are pooled, and a column with too few values is not described */
          if (present < FX_STRATEGY_MIN_COUNT * 2)
            g_string_append (out, "; too few values to describe");
          else
            {
              for (guint j = 0; j < k; j++)
                if (counts[j] > 0 && counts[j] < FX_STRATEGY_MIN_COUNT)
                  {
                    pooled[j] = TRUE;
                    rare += counts[j];
                    n_pooled++;
                  }
              /* a pool of one level, or of a handful of records, would give that level
               * away as 100% minus the rest: the smallest shown level joins it */
              while (n_pooled > 0 && (n_pooled < 2 || rare < FX_STRATEGY_MIN_COUNT))
                {
                  guint smallest = G_MAXUINT;

                  for (guint j = 0; j < k; j++)
                    if (!pooled[j] && counts[j] > 0 && (smallest == G_MAXUINT || counts[j] < counts[smallest]))
                      smallest = j;
                  if (smallest == G_MAXUINT)
                    break;
                  pooled[smallest] = TRUE;
                  rare += counts[smallest];
                  n_pooled++;
                }
              for (guint j = 0; j < k; j++)
                {
                  const char *label = c->type == FX_COLUMN_BOOLEAN ? (j ? "true" : "false")
                                                                   : g_ptr_array_index (c->categories, j);

                  if (!pooled[j] && counts[j] > 0)
                    g_string_append_printf (out, "; %s %.1f%%", label, 100 * counts[j] / present);
                }
              if (n_pooled > 0)
                g_string_append_printf (out, "; %u other values together %.1f%%", n_pooled, 100 * rare / present);
            }
        }
      else
        {
          gsize n = 0;
          g_autofree double *v = fx_column_present_values (c, &n);
          double mean = 0, ss = 0;

          if (n > 0 && n < FX_STRATEGY_MIN_COUNT * 2)
            g_string_append (out, "; too few values to describe");
          else if (n > 0)
            {
              g_autofree guint32 *order = fx_sort_order (v, n, &n);
              g_autofree double *sorted = g_new (double, MAX (n, 1));

              for (gsize j = 0; j < n; j++)
                {
                  sorted[j] = v[order[j]];
                  mean += v[j];
                }
              mean /= n;
              for (gsize j = 0; j < n; j++)
                ss += (v[j] - mean) * (v[j] - mean);
              g_string_append_printf (out, "; mean %s, SD %s; 5th, 25th, 50th, 75th, 95th percentiles %s, %s, %s, %s, %s",
                                      fx_format_double (round (mean * 1000) / 1000, buf[0]),
                                      fx_format_double (round (sqrt (ss / MAX (n - 1, 1)) * 1000) / 1000, buf[1]),
                                      fx_format_double (fx_quantile_sorted (sorted, n, 0.05), buf[2]),
                                      fx_format_double (fx_quantile_sorted (sorted, n, 0.25), buf[3]),
                                      fx_format_double (fx_quantile_sorted (sorted, n, 0.5), buf[4]),
                                      fx_format_double (fx_quantile_sorted (sorted, n, 0.75), buf[5]),
                                      fx_format_double (fx_quantile_sorted (sorted, n, 0.95), buf[6]));
              g_ptr_array_add (numeric, (gpointer) c);
            }
        }
      g_string_append_c (out, '\n');
    }

  /* the notable correlations between numeric features */
  if (numeric->len >= 2)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < numeric->len; i++)
        for (guint j = i + 1; j < numeric->len; j++)
          {
            const FxColumn *a = g_ptr_array_index (numeric, i);
            const FxColumn *b = g_ptr_array_index (numeric, j);
            double r = fx_pearson_pairwise (a->values, b->values, reference->n_rows);

            if (isfinite (r) && fabs (r) >= 0.1)
              {
                if (!any)
                  g_string_append (out, "Correlations (Pearson, |r| >= 0.1):\n");
                any = TRUE;
                g_string_append_printf (out, "- %s and %s: %.2f\n", a->name, b->name, r);
              }
          }
    }

  return g_string_free (out, FALSE);
}

static gboolean
build_groups (FxStrategy         *s,
              const FxTable      *reference,
              FxGroupAllocation   allocation,
              gsl_rng            *rng,
              GError            **error)
{
  const FxSchema *schema = s->schema;
  g_autoptr(GHashTable) by_label = g_hash_table_new (g_str_hash, g_str_equal);
  gsize total = 0;

  if (schema->group_by->len == 0)
    {
      g_set_error (error, FX_STATS_ERROR, FX_STATS_ERROR_INVALID,
                   "the group strategy needs group columns (\"group_by\" in the schema)");
      return FALSE;
    }

  for (gsize r = 0; r < reference->n_rows; r++)
    {
      g_autoptr(GString) label = g_string_new (NULL);
      gboolean complete = TRUE;
      Group *g;

      for (guint k = 0; k < schema->group_by->len && complete; k++)
        {
          const FxColumn *c = fx_table_find_column (reference, g_ptr_array_index (schema->group_by, k));
          g_autofree char *cell = NULL;

          if (c == NULL)
            {
              g_set_error (error, FX_STATS_ERROR, FX_STATS_ERROR_INVALID,
                           "the group column “%s” is not in the reference data",
                           (char *) g_ptr_array_index (schema->group_by, k));
              return FALSE;
            }
          if (fx_column_is_missing (c, r))
            {
              complete = FALSE;
              break;
            }
          if (c->type == FX_COLUMN_CATEGORICAL)
            cell = g_strdup (g_ptr_array_index (c->categories, c->codes[r]));
          else
            {
              char buf[32];

              cell = g_strdup (fx_format_double (c->values[r], buf));
            }
          g_string_append_printf (label, "%s%s = %s", k ? ", " : "", c->name, cell);
        }
      if (!complete)
        continue;

      g = g_hash_table_lookup (by_label, label->str);
      if (g == NULL)
        {
          g = g_new0 (Group, 1);
          g->label = g_strdup (label->str);
          g->rows = g_array_new (FALSE, FALSE, sizeof (gsize));
          g_ptr_array_add (s->groups, g);
          g_hash_table_insert (by_label, g->label, g);
        }
      g_array_append_val (g->rows, r);
      total++;
    }

  if (s->groups->len == 0)
    {
      g_set_error (error, FX_STATS_ERROR, FX_STATS_ERROR_EMPTY,
                   "no reference row has every group column");
      return FALSE;
    }

  for (guint i = 0; i < s->groups->len; i++)
    {
      Group *g = g_ptr_array_index (s->groups, i);
      g_autoptr(GArray) chosen = draw_rows ((gsize *) g->rows->data, g->rows->len,
                                            FX_STRATEGY_EXAMPLE_ROWS, rng);

      g->share = allocation == FX_GROUPS_UNIFORM ? 1.0 / s->groups->len : (double) g->rows->len / total;
      g->examples = rows_as_csv (schema, reference, (gsize *) chosen->data, chosen->len);
      g_array_append_vals (s->disclosed, chosen->data, chosen->len);
    }
  return TRUE;
}

static int
compare_gsize (gconstpointer a,
               gconstpointer b)
{
  gsize x = *(const gsize *) a, y = *(const gsize *) b;

  return (x > y) - (x < y);
}

FxStrategy *
fx_strategy_new (FxStrategyKind      kind,
                 const FxSchema     *schema,
                 const FxTable      *reference,
                 FxGroupAllocation   allocation,
                 guint64             seed,
                 GError            **error)
{
  g_autoptr(FxStrategy) s = g_new0 (FxStrategy, 1);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsl_rng *rng;

  g_return_val_if_fail (kind <= FX_STRATEGY_STATISTICS, NULL);

  s->kind = kind;
  s->schema = schema;
  s->disclosed = g_array_new (FALSE, FALSE, sizeof (gsize));
  s->columns = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; reference != NULL && i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);

      /* only these go into the example rows (rows_as_csv) */
      if (fx_table_find_column (reference, f->name) != NULL)
        g_ptr_array_add (s->columns, g_strdup (f->name));
    }
  s->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);

  if (reference == NULL && kind != FX_STRATEGY_STATISTICS)
    {
      g_set_error (error, FX_STATS_ERROR, FX_STATS_ERROR_INVALID,
                   "the %s strategy shows the model example rows: it needs reference data",
                   kind_names[kind]);
      return NULL;
    }

  s->system_template = load_template ("system");
  s->user_template = load_template (kind_names[kind]);
  g_checksum_update (checksum, (const guchar *) s->system_template, -1);
  g_checksum_update (checksum, (const guchar *) s->user_template, -1);
  s->template_hash = g_strdup (g_checksum_get_string (checksum));
  s->schema_text = describe_schema (schema);
  s->constraints_text = describe_constraints (schema);

  rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, (unsigned long) seed);

  if (kind == FX_STRATEGY_STATISTICS)
    s->statistics = describe_statistics (schema, reference);
  else if (kind == FX_STRATEGY_GROUP)
    {
      if (!build_groups (s, reference, allocation, rng, error))
        {
          gsl_rng_free (rng);
          return NULL;
        }
    }
  else
    {
      g_autofree gsize *all = g_new (gsize, MAX (reference->n_rows, 1));
      g_autoptr(GArray) chosen = NULL;

      for (gsize r = 0; r < reference->n_rows; r++)
        all[r] = r;
      chosen = draw_rows (all, reference->n_rows, FX_STRATEGY_EXAMPLE_ROWS, rng);
      s->examples = rows_as_csv (schema, reference, (gsize *) chosen->data, chosen->len);
      g_array_append_vals (s->disclosed, chosen->data, chosen->len);
    }
  gsl_rng_free (rng);

  g_array_sort (s->disclosed, compare_gsize);
  return g_steal_pointer (&s);
}

FxPrompt *
fx_strategy_build_prompt (FxStrategy *s,
                          guint       n_rows,
                          gsize       total_rows)
{
  FxPrompt *prompt = g_new0 (FxPrompt, 1);
  g_autofree char *n = g_strdup_printf ("%u", n_rows);
  const char *examples = s->examples;
  const char *group = NULL;

  if (s->kind == FX_STRATEGY_GROUP)
    {
      Group *best = NULL;
      double best_deficit = -G_MAXDOUBLE;

      /* the group furthest behind its share gets this request */
      for (guint i = 0; i < s->groups->len; i++)
        {
          Group *g = g_ptr_array_index (s->groups, i);
          double deficit = g->share * (double) total_rows - (double) g->assigned;

          if (deficit > best_deficit)
            {
              best_deficit = deficit;
              best = g;
            }
        }
      best->assigned += n_rows;
      examples = best->examples;
      group = best->label;
    }

  prompt->system = fill (s->system_template, "n_rows", n, NULL);
  prompt->user = fill (s->user_template,
                       "n_rows", n,
                       "schema", s->schema_text,
                       "constraints", s->constraints_text,
                       "examples", examples,
                       "statistics", s->statistics,
                       "group", group,
                       NULL);
  return prompt;
}

const char *
fx_strategy_get_template_hash (FxStrategy *strategy)
{
  return strategy->template_hash;
}

guint
fx_strategy_get_n_disclosed_rows (FxStrategy *strategy)
{
  return strategy->disclosed->len;
}

char *
fx_strategy_describe_disclosure (FxStrategy *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "real_rows");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->disclosed->len; i++)
    json_builder_add_int_value (b, (gint64) g_array_index (s->disclosed, gsize, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "columns");
  json_builder_begin_array (b);
  if (s->disclosed->len > 0)
    for (guint i = 0; i < s->columns->len; i++)
      json_builder_add_string_value (b, g_ptr_array_index (s->columns, i));
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}
