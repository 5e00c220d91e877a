/* fx-strategy-describe.c: what the strategies say about the population
 *
 * Everything here is an aggregate of the reference data: ranges are 5th to 95th
 * percentiles, rounded, never one record's minimum or maximum; levels and cells with
 * fewer than FX_STRATEGY_MIN_COUNT records are pooled or left out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fx-csv.h"
#include "fx-stats.h"
#include "fx-strategy-private.h"

/* The outcome's strongest features shown, and the strongest correlations. */
#define N_OUTCOME_FEATURES 6
#define N_CORRELATIONS 12

const char *
fx_strategy_round (double        value,
                   FxColumnType  type,
                   char          buffer[32])
{
  int decimals;
  double factor, rounded;

  if (!isfinite (value))
    {
      g_strlcpy (buffer, "?", 32);
      return buffer;
    }
  decimals = value == 0 ? 0 : 3 - (int) ceil (log10 (fabs (value) * (1 + 1e-12)));
  if (type == FX_COLUMN_INTEGER || type == FX_COLUMN_BOOLEAN)
    decimals = MIN (decimals, 0);
  factor = pow (10, decimals);
  rounded = round (value * factor) / factor;
  g_ascii_formatd (buffer, 32, decimals > 0 ? "%.*f" : "%.0f", rounded);
  if (decimals > 0)
    {
      g_autofree char *format = g_strdup_printf ("%%.%df", decimals);

      g_ascii_formatd (buffer, 32, format, rounded);
      if (strchr (buffer, '.') != NULL)
        {
          char *end = buffer + strlen (buffer) - 1;

          while (*end == '0')
            *end-- = '\0';
          if (*end == '.')
            *end = '\0';
        }
    }
  if (g_str_equal (buffer, "-0"))
    g_strlcpy (buffer, "0", 32);
  return buffer;
}

/* The present values of @column, sorted; *@n_out of them. */
static double *
sorted_values (const FxColumn *column,
               gsize          *n_out)
{
  gsize n = 0;
  g_autofree double *v = fx_column_present_values (column, &n);
  g_autofree guint32 *order = fx_sort_order (v, n, &n);
  double *sorted = g_new (double, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    sorted[i] = v[order[i]];
  *n_out = n;
  return sorted;
}

/* Whether @text, a rounded value, is an extreme held by fewer than the minimum count
 * of records and not a bound of the schema: such a value points at a record. */
static gboolean
gives_away_extreme (const FxFeature *f,
                    const double    *sorted,
                    gsize            n,
                    double           shown)
{
  gsize at_min = 0, at_max = 0;

  if (n == 0)
    return FALSE;
  for (gsize i = 0; i < n && sorted[i] == sorted[0]; i++)
    at_min++;
  for (gsize i = n; i > 0 && sorted[i - 1] == sorted[n - 1]; i--)
    at_max++;
  if (shown == sorted[0] && at_min < FX_STRATEGY_MIN_COUNT && !(f->has_minimum && f->minimum == shown))
    return TRUE;
  if (shown == sorted[n - 1] && at_max < FX_STRATEGY_MIN_COUNT && !(f->has_maximum && f->maximum == shown))
    return TRUE;
  return FALSE;
}

/* "typically A to B": the rounded 5th and 95th percentiles; NULL when they would say
 * too much (few values, an extreme of a record). */
static char *
typical_range (const FxFeature *f,
               const FxColumn  *c)
{
  gsize n = 0;
  g_autofree double *sorted = NULL;
  char a[32], b[32];
  double lo, hi;

  if (c == NULL || !fx_column_type_is_numeric (c->type) || c->type == FX_COLUMN_BOOLEAN)
    return NULL;
  sorted = sorted_values (c, &n);
  if (n < FX_STRATEGY_MIN_COUNT * 2)
    return NULL;
  fx_strategy_round (fx_quantile_sorted (sorted, n, 0.05), f->type, a);
  fx_strategy_round (fx_quantile_sorted (sorted, n, 0.95), f->type, b);
  lo = g_ascii_strtod (a, NULL);
  hi = g_ascii_strtod (b, NULL);
  if (gives_away_extreme (f, sorted, n, lo) || gives_away_extreme (f, sorted, n, hi))
    return NULL;
  if (lo == hi)
    return g_strdup_printf ("typically %s", a);
  return g_strdup_printf ("typically %s to %s", a, b);
}

static void
describe_feature (GString         *out,
                  const FxFeature *f,
                  const FxColumn  *c)
{
  char a[32], b[32];
  g_autofree char *typical = typical_range (f, c);

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
  if (typical != NULL)
    g_string_append_printf (out, ", %s", typical);
  if (f->categories->len > 0)
    {
      g_string_append (out, "; one of ");
      for (guint i = 0; i < f->categories->len; i++)
        g_string_append_printf (out, "%s\"%s\"", i ? ", " : "", (char *) g_ptr_array_index (f->categories, i));
    }
  /* descriptions written for a CSV file say 0/1; the answer is JSON */
  if (f->type == FX_COLUMN_BOOLEAN)
    g_string_append (out, "; write true or false (never 1 or 0; where the description says 1, write true)");
  else if (f->type == FX_COLUMN_INTEGER)
    g_string_append (out, "; a whole number");
  else if (f->type == FX_COLUMN_CATEGORICAL && f->categories->len == 0)
    g_string_append (out, "; a string");
  if (f->nullable)
    {
      if (!isnan (f->missing_rate))
        g_string_append_printf (out, "; null in about %s%% of records",
                                fx_strategy_round (100 * f->missing_rate, FX_COLUMN_NUMBER, a));
      else
        g_string_append (out, "; may be null");
    }
  else
    g_string_append (out, "; never null");
  g_string_append_c (out, '\n');
}

char *
fx_strategy_describe_schema (const FxSchema *schema,
                             const FxTable  *reference)
{
  GString *out = g_string_new (NULL);

  if (schema->description != NULL)
    g_string_append_printf (out, "Population: %s\n", schema->description);
  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);

      describe_feature (out, f, reference != NULL ? fx_table_find_column (reference, f->name) : NULL);
    }
  return g_string_free (out, FALSE);
}

/* ---- marginal statistics -------------------------------------------------------- */

static void
describe_levels (GString        *out,
                 const FxColumn *c)
{
  gsize present = fx_column_count_present (c);
  guint k = c->type == FX_COLUMN_BOOLEAN ? 2 : c->categories->len;
  g_autofree double *counts = g_new0 (double, MAX (k, 1));
  g_autofree gboolean *pooled = g_new0 (gboolean, MAX (k, 1));
  double rare = 0;
  guint n_pooled = 0;
  char buf[32];

  for (gsize r = 0; r < c->n_rows; r++)
    if (!fx_column_is_missing (c, r))
      counts[c->type == FX_COLUMN_BOOLEAN ? (c->values[r] != 0) : c->codes[r]] += 1;

  if (present < FX_STRATEGY_MIN_COUNT * 2)
    {
      g_string_append (out, "; too few values to describe");
      return;
    }
  /* a level seen in a handful of records could point at them: such levels are pooled */
  for (guint j = 0; j < k; j++)
    if (counts[j] > 0 && counts[j] < FX_STRATEGY_MIN_COUNT)
      {
        pooled[j] = TRUE;
        rare += counts[j];
        n_pooled++;
      }
  /* a pool of one level, or of a handful of records, would give that level away as
   * 100% minus the rest: the smallest shown level joins it */
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
        g_string_append_printf (out, "; %s %s%%", label,
                                fx_strategy_round (100 * counts[j] / present, FX_COLUMN_NUMBER, buf));
    }
  if (n_pooled > 0)
    g_string_append_printf (out, "; %u other values together %s%%", n_pooled,
                            fx_strategy_round (100 * rare / present, FX_COLUMN_NUMBER, buf));
}

static void
describe_distribution (GString         *out,
                       const FxFeature *f,
                       const FxColumn  *c)
{
  static const double quantiles[] = { 0.05, 0.25, 0.5, 0.75, 0.95 };
  gsize n = 0;
  g_autofree double *sorted = sorted_values (c, &n);
  double mean = 0, ss = 0;
  char buf[32];

  if (n == 0)
    return;
  if (n < FX_STRATEGY_MIN_COUNT * 2)
    {
      g_string_append (out, "; too few values to describe");
      return;
    }
  for (gsize j = 0; j < n; j++)
    mean += sorted[j];
  mean /= n;
  for (gsize j = 0; j < n; j++)
    ss += (sorted[j] - mean) * (sorted[j] - mean);
  g_string_append_printf (out, "; mean %s", fx_strategy_round (mean, FX_COLUMN_NUMBER, buf));
  g_string_append_printf (out, ", SD %s", fx_strategy_round (sqrt (ss / MAX (n - 1, 1)), FX_COLUMN_NUMBER, buf));
  g_string_append (out, "; 5th, 25th, 50th, 75th, 95th percentiles");
  for (guint q = 0; q < G_N_ELEMENTS (quantiles); q++)
    {
      const char *text = fx_strategy_round (fx_quantile_sorted (sorted, n, quantiles[q]), f->type, buf);

      /* a rounded percentile that is one record's extreme is not shown */
      if (gives_away_extreme (f, sorted, n, g_ascii_strtod (text, NULL)))
        text = "-";
      g_string_append_printf (out, "%s%s", q ? ", " : " ", text);
    }
}

char *
fx_strategy_describe_statistics (const FxSchema *schema,
                                 const FxTable  *reference)
{
  GString *out = g_string_new (NULL);
  char buf[32];

  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);
      const FxColumn *c = reference != NULL ? fx_table_find_column (reference, f->name) : NULL;

      if (c == NULL)
        {
          /* no reference: what the schema says */
          if (f->frequencies != NULL)
            {
              g_string_append_printf (out, "- %s:", f->name);
              for (guint k = 0; k < f->categories->len && k < f->frequencies->len; k++)
                g_string_append_printf (out, " %s %s%%;", (char *) g_ptr_array_index (f->categories, k),
                                        fx_strategy_round (100 * g_array_index (f->frequencies, double, k),
                                                           FX_COLUMN_NUMBER, buf));
              g_string_append_c (out, '\n');
            }
          continue;
        }

      g_string_append_printf (out, "- %s: missing %s%%", f->name,
                              fx_strategy_round (reference->n_rows ? 100.0 * c->n_missing / reference->n_rows : 0.0,
                                                 FX_COLUMN_NUMBER, buf));
      if (c->type == FX_COLUMN_CATEGORICAL || c->type == FX_COLUMN_BOOLEAN)
        describe_levels (out, c);
      else
        describe_distribution (out, f, c);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* ---- structure ------------------------------------------------------------------ */

/* Columns that name a site or a record's owner: marked so in the schema, or named
 * like it (hospital_id, site, patient_id...). */
static gboolean
is_identifier (const FxFeature *f)
{
  g_autofree char *name = g_ascii_strdown (f->name, -1);

  return f->identifier || g_str_equal (name, "id") || g_str_has_suffix (name, "_id") || g_str_has_suffix (name, "id_")
         || g_str_equal (name, "site") || g_str_has_prefix (name, "site_") || g_str_has_suffix (name, "_site");
}

static gboolean
cells_equal (const FxColumn *c,
             gsize           a,
             gsize           b)
{
  gboolean ma = fx_column_is_missing (c, a), mb = fx_column_is_missing (c, b);

  if (ma || mb)
    return ma && mb;
  if (c->type == FX_COLUMN_CATEGORICAL)
    return c->codes[a] == c->codes[b];
  return c->values[a] == c->values[b];
}

/* Columns whose value is the same for every record of one site (hospital region,
 * teaching status): the model should keep them consistent with the site. */
static void
describe_constant_per_identifier (GString        *out,
                                  const FxSchema *schema,
                                  const FxTable  *reference)
{
  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *id = g_ptr_array_index (schema->features, i);
      const FxColumn *key = fx_table_find_column (reference, id->name);
      g_autoptr(GString) names = NULL;
      g_autoptr(GHashTable) first = NULL;
      guint n_constant = 0;

      if (!(is_identifier (id) || g_strcmp0 (id->name, schema->site) == 0)
          || key == NULL || key->type != FX_COLUMN_CATEGORICAL)
        continue;
      /* the first row of each site stands for it */
      first = g_hash_table_new (NULL, NULL);
      for (gsize r = 0; r < reference->n_rows; r++)
        if (!fx_column_is_missing (key, r) && !g_hash_table_contains (first, GUINT_TO_POINTER (key->codes[r] + 1)))
          g_hash_table_insert (first, GUINT_TO_POINTER (key->codes[r] + 1), GSIZE_TO_POINTER (r + 1));
      /* a key with a level per row identifies records, not sites */
      if (g_hash_table_size (first) * 2 > reference->n_rows)
        continue;

      names = g_string_new (NULL);
      for (guint j = 0; j < schema->features->len; j++)
        {
          const FxFeature *f = g_ptr_array_index (schema->features, j);
          const FxColumn *c = fx_table_find_column (reference, f->name);
          gsize agree = 0, compared = 0;

          if (j == i || c == NULL || is_identifier (f))
            continue;
          for (gsize r = 0; r < reference->n_rows; r++)
            {
              gsize head;

              if (fx_column_is_missing (key, r))
                continue;
              head = GPOINTER_TO_SIZE (g_hash_table_lookup (first, GUINT_TO_POINTER (key->codes[r] + 1))) - 1;
              if (head == r)
                continue;
              compared++;
              agree += cells_equal (c, head, r);
            }
          if (compared >= FX_STRATEGY_MIN_COUNT * 2 && agree == compared)
            {
              g_string_append_printf (names, "%s%s", n_constant ? ", " : "", f->name);
              n_constant++;
            }
        }
      if (n_constant > 0)
        g_string_append_printf (out, "- The same for every record of one %s: %s (keep them consistent with the %s).\n",
                                id->name, names->str, id->name);
    }
}

/* Blocks of columns that are missing together (blood gases, the parts of a score):
 * for each pair the share of records missing either that miss both. */
static void
describe_co_missing (GString        *out,
                     const FxSchema *schema,
                     const FxTable  *reference)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  g_autofree guint *block = NULL;
  g_autofree gboolean *shown = NULL;
  char buf[32];

  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);
      const FxColumn *c = fx_table_find_column (reference, f->name);

      /* columns missing in a handful of records, or almost always, make no block */
      if (c != NULL && c->n_missing >= FX_STRATEGY_MIN_COUNT * 2 && c->n_missing * 50 >= reference->n_rows
          && c->n_missing < reference->n_rows - FX_STRATEGY_MIN_COUNT)
        g_ptr_array_add (columns, (gpointer) c);
    }
  if (columns->len < 2)
    return;

  block = g_new (guint, columns->len);
  shown = g_new0 (gboolean, columns->len);
  for (guint i = 0; i < columns->len; i++)
    block[i] = i;
  for (guint i = 0; i < columns->len; i++)
    for (guint j = i + 1; j < columns->len; j++)
      {
        const FxColumn *a = g_ptr_array_index (columns, i);
        const FxColumn *b = g_ptr_array_index (columns, j);
        gsize both = 0, either = 0;

        for (gsize r = 0; r < reference->n_rows; r++)
          {
            gboolean ma = fx_column_is_missing (a, r), mb = fx_column_is_missing (b, r);

            both += ma && mb;
            either += ma || mb;
          }
        if (either > 0 && both * 10 >= either * 9)
          {
            guint from = block[j], to = block[i];

            for (guint k = 0; k < columns->len; k++)
              if (block[k] == from)
                block[k] = to;
          }
      }

  for (guint i = 0; i < columns->len; i++)
    {
      g_autoptr(GString) names = g_string_new (NULL);
      guint members = 0;
      gsize all = 0;

      if (shown[i])
        continue;
      for (guint k = i; k < columns->len; k++)
        if (block[k] == block[i])
          {
            const FxColumn *c = g_ptr_array_index (columns, k);

            shown[k] = TRUE;
            g_string_append_printf (names, "%s%s", members ? ", " : "", c->name);
            members++;
          }
      if (members < 2)
        continue;
      for (gsize r = 0; r < reference->n_rows; r++)
        {
          gboolean every = TRUE;

          for (guint k = i; k < columns->len && every; k++)
            if (block[k] == block[i] && !fx_column_is_missing (g_ptr_array_index (columns, k), r))
              every = FALSE;
          all += every;
        }
      g_string_append_printf (out, "- Missing together: %s are null together (all of them in about %s%% of records) "
                                   "or present together.\n", names->str,
                              fx_strategy_round (100.0 * all / reference->n_rows, FX_COLUMN_NUMBER, buf));
    }
}

typedef struct
{
  const FxFeature *feature;
  const FxColumn  *column;
  double           strength;
  char            *text;
} Association;

static void
association_clear (gpointer data)
{
  g_free (((Association *) data)->text);
}

static int
by_strength (gconstpointer a,
             gconstpointer b)
{
  double x = ((const Association *) a)->strength, y = ((const Association *) b)->strength;

  return (x < y) - (x > y);
}

/* How an outcome column (boolean, or a number) relates to one feature, in words, and
 * how strongly: |r| for a number or a boolean, Cramér's V for categories. */
static gboolean
associate (const FxColumn  *outcome,
           const FxColumn  *c,
           gsize            n_rows,
           Association     *a)
{
  char x[32], y[32], rs[G_ASCII_DTOSTR_BUF_SIZE];

  if (c->type == FX_COLUMN_CATEGORICAL)
    {
      guint k = c->categories->len;
      g_autofree double *count = g_new0 (double, MAX (k, 1));
      g_autofree double *sum = g_new0 (double, MAX (k, 1));
      g_autoptr(GString) text = g_string_new (NULL);
      double total = 0, total_sum = 0, between = 0, within = 0, mean;
      guint shown = 0;

      for (gsize r = 0; r < n_rows; r++)
        if (!fx_column_is_missing (c, r) && !fx_column_is_missing (outcome, r))
          {
            count[c->codes[r]] += 1;
            sum[c->codes[r]] += outcome->values[r];
            total += 1;
            total_sum += outcome->values[r];
          }
      if (total < FX_STRATEGY_MIN_COUNT * 2)
        return FALSE;
      mean = total_sum / total;
      /* the correlation ratio: how much of the outcome's spread the levels explain */
      for (gsize r = 0; r < n_rows; r++)
        if (!fx_column_is_missing (c, r) && !fx_column_is_missing (outcome, r))
          within += (outcome->values[r] - mean) * (outcome->values[r] - mean);
      for (guint j = 0; j < k; j++)
        if (count[j] > 0)
          between += count[j] * (sum[j] / count[j] - mean) * (sum[j] / count[j] - mean);
      if (within <= 0)
        return FALSE;
      a->strength = sqrt (between / within);
      for (guint j = 0; j < k && shown < 4; j++)
        if (count[j] >= FX_STRATEGY_MIN_COUNT * 4)
          {
            g_string_append_printf (text, "%s%s%s for \"%s\"", shown ? ", " : "",
                                    fx_strategy_round (outcome->type == FX_COLUMN_BOOLEAN ? 100 * sum[j] / count[j]
                                                                                         : sum[j] / count[j],
                                                       FX_COLUMN_NUMBER, x),
                                    outcome->type == FX_COLUMN_BOOLEAN ? "%" : "",
                                    (char *) g_ptr_array_index (c->categories, j));
            shown++;
          }
      if (shown < 2)
        return FALSE;
      a->text = g_strdup_printf ("%s: %s %s %s", c->name, outcome->name,
                                 outcome->type == FX_COLUMN_BOOLEAN ? "is true in" : "has the mean", text->str);
      return TRUE;
    }
  else
    {
      double r = fx_pearson_pairwise (outcome->values, c->values, n_rows);
      double s1 = 0, n1 = 0, s0 = 0, n0 = 0;

      if (!isfinite (r))
        return FALSE;
      a->strength = fabs (r);
      if (outcome->type == FX_COLUMN_BOOLEAN)
        for (gsize i = 0; i < n_rows; i++)
          {
            if (fx_column_is_missing (outcome, i) || fx_column_is_missing (c, i))
              continue;
            if (c->type == FX_COLUMN_BOOLEAN)
              {
                /* the outcome's rate with the flag set and without it */
                if (c->values[i] != 0)
                  s1 += outcome->values[i] != 0, n1++;
                else
                  s0 += outcome->values[i] != 0, n0++;
              }
            else if (outcome->values[i] != 0)
              s1 += c->values[i], n1++;
            else
              s0 += c->values[i], n0++;
          }
      if (outcome->type == FX_COLUMN_BOOLEAN && n1 >= FX_STRATEGY_MIN_COUNT && n0 >= FX_STRATEGY_MIN_COUNT)
        {
          if (c->type == FX_COLUMN_BOOLEAN)
            a->text = g_strdup_printf ("%s: %s is true in %s%% of records where %s is true, %s%% where it is false",
                                       c->name, outcome->name, fx_strategy_round (100 * s1 / n1, FX_COLUMN_NUMBER, x),
                                       c->name, fx_strategy_round (100 * s0 / n0, FX_COLUMN_NUMBER, y));
          else
            a->text = g_strdup_printf ("%s: mean %s where %s is true, %s where it is false (r = %s)",
                                       c->name, fx_strategy_round (s1 / n1, FX_COLUMN_NUMBER, x), outcome->name,
                                       fx_strategy_round (s0 / n0, FX_COLUMN_NUMBER, y),
                                       g_ascii_formatd (rs, sizeof rs, "%.2f", r));
        }
      else
        a->text = g_strdup_printf ("%s: %s with %s (r = %s)", c->name, r > 0 ? "rises" : "falls",
                                   outcome->name, g_ascii_formatd (rs, sizeof rs, "%.2f", r));
      return a->text != NULL;
    }
}

static void
describe_outcome (GString        *out,
                  const FxSchema *schema,
                  const FxTable  *reference)
{
  const FxColumn *outcome = schema->target != NULL ? fx_table_find_column (reference, schema->target) : NULL;
  g_autoptr(GArray) found = NULL;

  if (outcome == NULL || outcome->type == FX_COLUMN_CATEGORICAL)
    return;
  found = g_array_new (FALSE, TRUE, sizeof (Association));
  g_array_set_clear_func (found, association_clear);
  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);
      const FxColumn *c = fx_table_find_column (reference, f->name);
      Association a = { f, c, 0, NULL };

      if (c == NULL || c == outcome || is_identifier (f))
        continue;
      if (associate (outcome, c, reference->n_rows, &a))
        g_array_append_val (found, a);
      else
        g_free (a.text);
    }
  if (found->len == 0)
    return;
  g_array_sort (found, by_strength);
  g_string_append_printf (out, "- The outcome %s depends most on:\n", outcome->name);
  {
    gboolean category_shown = FALSE, flag_shown = FALSE;

    /* the strongest features, and the strongest category and flag among them even
     * when numbers are stronger: they are how the outcome differs between groups */
    for (guint i = 0; i < found->len; i++)
      {
        Association *a = &g_array_index (found, Association, i);
        gboolean category = a->column->type == FX_COLUMN_CATEGORICAL;
        gboolean flag = a->column->type == FX_COLUMN_BOOLEAN;

        if (i >= N_OUTCOME_FEATURES && !(category && !category_shown) && !(flag && !flag_shown))
          continue;
        category_shown |= category;
        flag_shown |= flag;
        g_string_append_printf (out, "  - %s\n", a->text);
      }
  }
}

static void
describe_correlations (GString        *out,
                       const FxSchema *schema,
                       const FxTable  *reference)
{
  g_autoptr(GPtrArray) numeric = g_ptr_array_new ();
  g_autoptr(GArray) found = g_array_new (FALSE, TRUE, sizeof (Association));

  g_array_set_clear_func (found, association_clear);
  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);
      const FxColumn *c = fx_table_find_column (reference, f->name);

      /* the outcome has its own paragraph */
      if (c != NULL && fx_column_type_is_numeric (c->type) && g_strcmp0 (f->name, schema->target) != 0
          && fx_column_count_present (c) >= FX_STRATEGY_MIN_COUNT * 2)
        g_ptr_array_add (numeric, (gpointer) c);
    }
  for (guint i = 0; i < numeric->len; i++)
    for (guint j = i + 1; j < numeric->len; j++)
      {
        const FxColumn *a = g_ptr_array_index (numeric, i);
        const FxColumn *b = g_ptr_array_index (numeric, j);
        double r = fx_pearson_pairwise (a->values, b->values, reference->n_rows);
        Association found_one = { NULL, NULL, fabs (r), NULL };

        if (!isfinite (r) || fabs (r) < 0.2)
          continue;
        char rs[G_ASCII_DTOSTR_BUF_SIZE];

        /* prompts are the same in every language: '.' decimals, as the other numbers */
        found_one.text = g_strdup_printf ("%s and %s: %s", a->name, b->name, g_ascii_formatd (rs, sizeof rs, "%.2f", r));
        g_array_append_val (found, found_one);
      }
  if (found->len == 0)
    return;
  g_array_sort (found, by_strength);
  g_string_append (out, "- Strongest correlations (Pearson r):\n");
  for (guint i = 0; i < found->len && i < N_CORRELATIONS; i++)
    g_string_append_printf (out, "  - %s\n", g_array_index (found, Association, i).text);
}

char *
fx_strategy_describe_structure (const FxSchema *schema,
                                const FxTable  *reference)
{
  GString *out = g_string_new (NULL);

  if (reference == NULL || reference->n_rows < FX_STRATEGY_MIN_COUNT * 2)
    return g_string_free (out, FALSE);
  describe_co_missing (out, schema, reference);
  describe_constant_per_identifier (out, schema, reference);
  describe_outcome (out, schema, reference);
  describe_correlations (out, schema, reference);
  /* a heading only over something */
  if (out->len > 0)
    g_string_prepend (out, "How the values relate in the population:\n");
  return g_string_free (out, FALSE);
}

/* ---- generation order ------------------------------------------------------------ */

typedef enum
{
  BLOCK_DEMOGRAPHICS,
  BLOCK_ADMISSION,
  BLOCK_VITALS,
  BLOCK_LABS,
  BLOCK_OUTCOME,
  N_BLOCKS,
} Block;

static const char *block_names[] = { "demographics", "admission", "vitals", "labs", "outcome" };

static gboolean
name_has (const char         *name,
          const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (name, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* The block a column belongs to, from its name: a column no word places is a lab. */
static Block
block_of (const FxSchema  *schema,
          const FxFeature *f)
{
  static const char * const outcome[] = { "mortality", "death", "expired", "outcome", "los", "discharge",
                                          "survival", "readmission", NULL };
  static const char * const demographics[] = { "age", "gender", "sex", "ethnic", "race", "height", "weight",
                                               "bmi", NULL };
  static const char * const admission[] = { "hospital", "unit", "admission", "admit", "elective", "source",
                                            "site", "ward", "teaching", "region", "bed", "year", NULL };
  static const char * const vitals[] = { "heart", "pulse", "bp", "pressure", "respiratory", "resp_", "temp",
                                         "spo2", "sao2", "gcs", "vent", "intubat", "urine", "dialysis", NULL };
  g_autofree char *name = g_ascii_strdown (f->name, -1);

  if (g_strcmp0 (f->name, schema->target) == 0 || name_has (name, outcome))
    return BLOCK_OUTCOME;
  if (g_str_has_prefix (name, "admission_") && name_has (name, demographics))
    return BLOCK_DEMOGRAPHICS;
  if (name_has (name, admission) || is_identifier (f))
    return BLOCK_ADMISSION;
  if (name_has (name, demographics))
    return BLOCK_DEMOGRAPHICS;
  if (name_has (name, vitals))
    return BLOCK_VITALS;
  return BLOCK_LABS;
}

GPtrArray *
fx_strategy_generation_order (const FxSchema *schema)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) placed = g_hash_table_new (g_str_hash, g_str_equal);
  GString *blocks[N_BLOCKS] = { NULL };
  guint step = 1;

  /* the schema's own order first, one column a step */
  for (guint i = 0; schema->generation_order != NULL && i < schema->generation_order->len; i++)
    {
      const char *name = g_ptr_array_index (schema->generation_order, i);

      if (fx_schema_find_feature (schema, name) == NULL || g_hash_table_contains (placed, name))
        continue;
      g_hash_table_add (placed, (gpointer) name);
      g_ptr_array_add (lines, g_strdup_printf ("%u. %s", step++, name));
    }
  /* every other column in its block, in schema order */
  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);
      Block b = block_of (schema, f);

      if (g_hash_table_contains (placed, f->name))
        continue;
      if (blocks[b] == NULL)
        blocks[b] = g_string_new (NULL);
      else
        g_string_append (blocks[b], ", ");
      g_string_append (blocks[b], f->name);
    }
  for (guint b = 0; b < N_BLOCKS; b++)
    if (blocks[b] != NULL)
      {
        g_ptr_array_add (lines, g_strdup_printf ("%u. %s: %s", step++, block_names[b], blocks[b]->str));
        g_string_free (blocks[b], TRUE);
      }
  return lines;
}
