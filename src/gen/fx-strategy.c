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
#include "fx-strategy-private.h"

#define RESOURCE_PREFIX "/io/github/facsimile/Facsimile/prompts/"

/* No group gets a smaller share than this part of an even split, so that a small
 * group is not left out of a short run. */
#define MIN_GROUP_SHARE 0.25

typedef struct
{
  char   *label;       /* "gender = Female, ethnicity = Asian" */
  GArray *rows;        /* (element-type gsize) reference rows of the group */
  GArray *pool;        /* (element-type gsize) the rows its examples are drawn from */
  double  share;       /* of all rows */
  gsize   assigned;    /* rows asked for so far */
} Group;

struct _FxStrategy
{
  FxStrategyKind  kind;
  const FxSchema *schema;
  const FxTable  *reference;
  guint64         seed;
  guint64         n_prompts;      /* prompts built so far: each draws its own examples */
  char           *system_template;
  char           *user_template;
  char           *template_hash;
  char           *schema_text;
  char           *structure_text;
  char           *constraints_text;
  char           *order_text;
  char           *statistics;
  GArray         *pool;           /* (element-type gsize) example rows to draw from */
  GArray         *disclosed;      /* (element-type gsize) */
  GPtrArray      *columns;        /* (element-type utf8): the schema's columns the reference has */
  GPtrArray      *groups;         /* (element-type Group) */
  GPtrArray      *anchors;        /* (element-type utf8) */
  GHashTable     *drawn;          /* prompt -> (element-type gsize) reference rows of its anchors */
};

static const char *kind_names[] = {
  [FX_STRATEGY_NAIVE] = "naive",
  [FX_STRATEGY_SCHEMA] = "schema",
  [FX_STRATEGY_CONDITIONAL] = "conditional",
  [FX_STRATEGY_GROUP] = "group",
  [FX_STRATEGY_STATISTICS] = "statistics",
  [FX_STRATEGY_ANCHORED] = "anchored",
};

const char *
fx_strategy_kind_to_string (FxStrategyKind kind)
{
  g_return_val_if_fail (kind <= FX_STRATEGY_ANCHORED, NULL);
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

gboolean
fx_strategy_kind_constrains_output (FxStrategyKind kind)
{
  return kind != FX_STRATEGY_NAIVE;
}

static int
compare_gsize (gconstpointer a,
               gconstpointer b)
{
  gsize x = *(const gsize *) a, y = *(const gsize *) b;

  return (x > y) - (x < y);
}

static void
group_free (Group *group)
{
  g_free (group->label);
  g_array_unref (group->rows);
  g_clear_pointer (&group->pool, g_array_unref);
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
  g_free (strategy->structure_text);
  g_free (strategy->constraints_text);
  g_free (strategy->order_text);
  g_free (strategy->statistics);
  g_clear_pointer (&strategy->pool, g_array_unref);
  g_array_unref (strategy->disclosed);
  g_ptr_array_unref (strategy->columns);
  g_ptr_array_unref (strategy->groups);
  g_ptr_array_unref (strategy->anchors);
  g_clear_pointer (&strategy->drawn, g_hash_table_unref);
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

static char *
describe_constraints (const FxSchema *schema)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < schema->constraints->len; i++)
    g_string_append_printf (out, "- Always: %s\n", (char *) g_ptr_array_index (schema->constraints, i));
  return g_string_free (out, FALSE);
}

/* The schema's columns of @rows of @reference as CSV text, booleans written as the
 * answer must write them. */
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
        {
          FxColumn *copy = fx_column_subset (c, rows, n_rows);

          copy->bool_style = FX_BOOL_STYLE_TRUE_FALSE;
          fx_table_add_column (view, copy);
        }
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

/* The generator of prompt @index: seeded from the run's seed and the index, so that a
 * resumed run draws what it would have drawn. */
static gsl_rng *
prompt_rng (FxStrategy *s,
            guint64     index)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);

  gsl_rng_set (rng, (unsigned long) (s->seed * 1000003u + index * 7919u + 1));
  return rng;
}

static char *
group_label (const FxSchema *schema,
             const FxTable  *reference,
             gsize           r)
{
  g_autoptr(GString) label = g_string_new (NULL);

  for (guint k = 0; k < schema->group_by->len; k++)
    {
      const FxColumn *c = fx_table_find_column (reference, g_ptr_array_index (schema->group_by, k));
      char buf[32];

      if (fx_column_is_missing (c, r))
        return NULL;
      g_string_append_printf (label, "%s%s = %s", k ? ", " : "", c->name,
                              c->type == FX_COLUMN_CATEGORICAL ? (char *) g_ptr_array_index (c->categories, c->codes[r])
                              : c->type == FX_COLUMN_BOOLEAN ? (c->values[r] != 0 ? "true" : "false")
                              : fx_format_double (c->values[r], buf));
    }
  return g_string_free (g_steal_pointer (&label), FALSE);
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
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  Group *pooled = NULL;
  gsize total = 0;
  double sum = 0;

  if (schema->group_by->len == 0)
    {
      g_set_error (error, FX_STATS_ERROR, FX_STATS_ERROR_INVALID,
                   "the group strategy needs group columns (\"group_by\" in the schema)");
      return FALSE;
    }
  for (guint k = 0; k < schema->group_by->len; k++)
    if (fx_table_find_column (reference, g_ptr_array_index (schema->group_by, k)) == NULL)
      {
        g_set_error (error, FX_STATS_ERROR, FX_STATS_ERROR_INVALID,
                     "the group column “%s” is not in the reference data",
                     (char *) g_ptr_array_index (schema->group_by, k));
        return FALSE;
      }

  for (gsize r = 0; r < reference->n_rows; r++)
    {
      g_autofree char *label = group_label (schema, reference, r);
      Group *g;

      if (label == NULL)
        continue;
      g = g_hash_table_lookup (by_label, label);
      if (g == NULL)
        {
          g = g_new0 (Group, 1);
          g->label = g_steal_pointer (&label);
          g->rows = g_array_new (FALSE, FALSE, sizeof (gsize));
          g_ptr_array_add (found, g);
          g_hash_table_insert (by_label, g->label, g);
        }
      g_array_append_val (g->rows, r);
      total++;
    }
  if (total == 0)
    {
      g_set_error (error, FX_STATS_ERROR, FX_STATS_ERROR_EMPTY,
                   "no reference row has every group column");
      return FALSE;
    }

  /* a group of a handful of rows would be shown all its rows as examples, and
   * described by them: such groups are asked for together */
  for (guint i = 0; i < found->len; i++)
    {
      Group *g = g_ptr_array_index (found, i);

      if (g->rows->len >= FX_STRATEGY_MIN_GROUP_ROWS)
        {
          g_ptr_array_add (s->groups, g);
          continue;
        }
      if (pooled == NULL)
        {
          pooled = g_new0 (Group, 1);
          pooled->label = g_strdup_printf ("any of these small groups: %s", g->label);
          pooled->rows = g_array_new (FALSE, FALSE, sizeof (gsize));
        }
      else
        {
          char *label = g_strdup_printf ("%s; %s", pooled->label, g->label);

          g_free (pooled->label);
          pooled->label = label;
        }
      g_array_append_vals (pooled->rows, g->rows->data, g->rows->len);
      group_free (g);
    }
  if (pooled != NULL)
    {
      /* the pool's rows, kept in file order like every group's */
      g_array_sort (pooled->rows, compare_gsize);
      g_ptr_array_add (s->groups, pooled);
    }

  for (guint i = 0; i < s->groups->len; i++)
    {
      Group *g = g_ptr_array_index (s->groups, i);
      double even = 1.0 / s->groups->len;

      g->share = allocation == FX_GROUPS_UNIFORM ? even : MAX ((double) g->rows->len / total, MIN_GROUP_SHARE * even);
      sum += g->share;
      g->pool = draw_rows ((gsize *) (void *) g->rows->data, g->rows->len, FX_STRATEGY_EXAMPLE_ROWS * 2, rng);
      g_array_append_vals (s->disclosed, g->pool->data, g->pool->len);
    }
  for (guint i = 0; i < s->groups->len; i++)
    ((Group *) g_ptr_array_index (s->groups, i))->share /= sum;
  return TRUE;
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

  g_return_val_if_fail (kind <= FX_STRATEGY_ANCHORED, NULL);

  s->kind = kind;
  s->schema = schema;
  s->reference = reference;
  s->seed = seed;
  s->disclosed = g_array_new (FALSE, FALSE, sizeof (gsize));
  s->columns = g_ptr_array_new_with_free_func (g_free);
  s->anchors = g_ptr_array_new_with_free_func (g_free);
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
  /* the naive strategy says nothing of the columns: the examples are all it shows */
  if (kind != FX_STRATEGY_NAIVE)
    {
      s->schema_text = fx_strategy_describe_schema (schema, reference);
      s->structure_text = fx_strategy_describe_structure (schema, reference);
      s->constraints_text = describe_constraints (schema);
    }
  if (kind == FX_STRATEGY_CONDITIONAL)
    {
      g_autoptr(GPtrArray) order = fx_strategy_generation_order (schema);

      g_ptr_array_add (order, NULL);
      s->order_text = g_strjoinv ("\n", (char **) order->pdata);
    }

  rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, (unsigned long) seed);

  if (kind == FX_STRATEGY_STATISTICS)
    s->statistics = fx_strategy_describe_statistics (schema, reference);
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

      for (gsize r = 0; r < reference->n_rows; r++)
        all[r] = r;
      s->pool = draw_rows (all, reference->n_rows, FX_STRATEGY_POOL_ROWS, rng);
      g_array_append_vals (s->disclosed, s->pool->data, s->pool->len);
    }
  gsl_rng_free (rng);

  if (kind == FX_STRATEGY_ANCHORED)
    {
      g_autoptr(GPtrArray) defaults = g_ptr_array_new ();

      for (guint i = 0; i < schema->group_by->len; i++)
        g_ptr_array_add (defaults, g_ptr_array_index (schema->group_by, i));
      if (schema->target != NULL)
        g_ptr_array_add (defaults, schema->target);
      g_ptr_array_add (defaults, NULL);
      if (!fx_strategy_set_anchors (s, (const char * const *) defaults->pdata, error))
        return NULL;
    }

  g_array_sort (s->disclosed, compare_gsize);
  return g_steal_pointer (&s);
}

gboolean
fx_strategy_set_anchors (FxStrategy         *s,
                         const char * const *columns,
                         GError            **error)
{
  g_return_val_if_fail (s != NULL, FALSE);

  /* NULL keeps what there is: the default, or the user's earlier choice */
  if (s->kind != FX_STRATEGY_ANCHORED || columns == NULL)
    return TRUE;
  g_ptr_array_set_size (s->anchors, 0);
  for (guint i = 0; columns != NULL && columns[i] != NULL; i++)
    {
      if (fx_schema_find_feature (s->schema, columns[i]) == NULL
          || fx_table_find_column (s->reference, columns[i]) == NULL)
        {
          g_set_error (error, FX_STATS_ERROR, FX_STATS_ERROR_INVALID,
                       "the anchor column “%s” is not in the schema and the reference data", columns[i]);
          return FALSE;
        }
      if (!g_ptr_array_find_with_equal_func (s->anchors, columns[i], g_str_equal, NULL))
        g_ptr_array_add (s->anchors, g_strdup (columns[i]));
    }
  if (s->anchors->len == 0)
    {
      g_set_error (error, FX_STATS_ERROR, FX_STATS_ERROR_INVALID,
                   "the anchored strategy needs anchor columns (the schema has no group columns or target to default to)");
      return FALSE;
    }
  if (s->anchors->len >= s->columns->len)
    {
      g_set_error (error, FX_STATS_ERROR, FX_STATS_ERROR_INVALID,
                   "every column is an anchor: the model would have nothing to fill in");
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
fx_strategy_get_anchors (FxStrategy *s)
{
  return s->anchors;
}

/* One line per record of the request: its anchor values, drawn here from the
 * reference's rows, so that their joint distribution is the reference's.  The rows
 * drawn are kept in @drawn, for fx_strategy_apply_anchors (). */
static char *
draw_anchors (FxStrategy *s,
              guint       n_rows,
              gsl_rng    *rng,
              GArray     *drawn)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_rows; i++)
    {
      gsize r = gsl_rng_uniform_int (rng, s->reference->n_rows);

      g_array_append_val (drawn, r);
      g_string_append_printf (out, "%u.", i + 1);
      for (guint k = 0; k < s->anchors->len; k++)
        {
          const FxColumn *c = fx_table_find_column (s->reference, g_ptr_array_index (s->anchors, k));
          char buf[32];

          g_string_append_printf (out, "%s %s = ", k ? "," : "", c->name);
          if (fx_column_is_missing (c, r))
            g_string_append (out, "null");
          else if (c->type == FX_COLUMN_CATEGORICAL)
            g_string_append_printf (out, "\"%s\"", (char *) g_ptr_array_index (c->categories, c->codes[r]));
          else if (c->type == FX_COLUMN_BOOLEAN)
            g_string_append (out, c->values[r] != 0 ? "true" : "false");
          else
            g_string_append (out, fx_format_double (c->values[r], buf));
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

FxPrompt *
fx_strategy_build_prompt (FxStrategy *s,
                          guint       n_rows,
                          gsize       total_rows)
{
  FxPrompt *prompt = g_new0 (FxPrompt, 1);
  g_autofree char *n = g_strdup_printf ("%u", n_rows);
  g_autofree char *examples = NULL;
  g_autofree char *anchors = NULL;
  GArray *pool = s->pool;
  const char *group = NULL;
  gsl_rng *rng = prompt_rng (s, s->n_prompts++);

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
      pool = best->pool;
      group = best->label;
    }
  if (pool != NULL)
    {
      g_autoptr(GArray) chosen = draw_rows ((gsize *) (void *) pool->data, pool->len, FX_STRATEGY_EXAMPLE_ROWS, rng);

      examples = rows_as_csv (s->schema, s->reference, (gsize *) (void *) chosen->data, chosen->len);
    }
  if (s->kind == FX_STRATEGY_ANCHORED)
    {
      GArray *drawn = g_array_new (FALSE, FALSE, sizeof (gsize));

      anchors = draw_anchors (s, n_rows, rng, drawn);
      if (s->drawn == NULL)
        s->drawn = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
      g_hash_table_insert (s->drawn, prompt, drawn);
    }
  gsl_rng_free (rng);

  prompt->system = fill (s->system_template, "n_rows", n, NULL);
  prompt->user = fill (s->user_template,
                       "n_rows", n,
                       "schema", s->schema_text,
                       "structure", s->structure_text,
                       "constraints", s->constraints_text,
                       "order", s->order_text,
                       "examples", examples,
                       "statistics", s->statistics,
                       "group", group,
                       "anchors", anchors,
                       NULL);
  return prompt;
}

static JsonNode *
anchor_value (const FxColumn *c,
              gsize           r)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  if (fx_column_is_missing (c, r))
    json_node_init_null (node);
  else if (c->type == FX_COLUMN_CATEGORICAL)
    json_node_set_string (node, g_ptr_array_index (c->categories, c->codes[r]));
  else if (c->type == FX_COLUMN_BOOLEAN)
    json_node_set_boolean (node, c->values[r] != 0);
  else if (c->type == FX_COLUMN_INTEGER && fabs (c->values[r]) < 9.0e15)
    json_node_set_int (node, (gint64) c->values[r]);
  else
    json_node_set_double (node, c->values[r]);
  return node;
}

guint
fx_strategy_apply_anchors (FxStrategy         *s,
                           const FxPrompt     *prompt,
                           FxProviderResponse *response)
{
  GArray *drawn = s->drawn != NULL ? g_hash_table_lookup (s->drawn, prompt) : NULL;
  JsonArray *rows;
  guint changed = 0;

  if (drawn == NULL || response == NULL || response->outcome != FX_OUTCOME_OK)
    return 0;
  rows = fx_provider_response_get_rows (response);
  /* the rows are checked and stored as written here, not as the model wrote them */
  g_clear_pointer (&response->light, fx_rows_free);
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows) && i < drawn->len; i++)
    {
      JsonNode *element = json_array_get_element (rows, i);
      JsonObject *row = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      gboolean differs = FALSE;

      if (row == NULL)
        continue;
      for (guint k = 0; k < s->anchors->len; k++)
        {
          const FxColumn *c = fx_table_find_column (s->reference, g_ptr_array_index (s->anchors, k));
          JsonNode *value = anchor_value (c, g_array_index (drawn, gsize, i));
          JsonNode *written = json_object_get_member (row, c->name);

          differs |= written == NULL || !json_node_equal (written, value);
          json_object_set_member (row, c->name, value);
        }
      changed += differs;
    }
  return changed;
}

void
fx_strategy_forget_prompt (FxStrategy     *s,
                           const FxPrompt *prompt)
{
  if (s->drawn != NULL)
    g_hash_table_remove (s->drawn, prompt);
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
  if (s->kind == FX_STRATEGY_ANCHORED)
    {
      json_builder_set_member_name (b, "anchors");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "columns");
      json_builder_begin_array (b);
      for (guint i = 0; i < s->anchors->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (s->anchors, i));
      json_builder_end_array (b);
      json_builder_set_member_name (b, "drawn_from_rows");
      json_builder_add_int_value (b, (gint64) s->reference->n_rows);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}
