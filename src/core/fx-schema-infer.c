/* fx-schema-infer.c: a schema read off a table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-schema.h"

/* Six significant digits: short to read, and a long list of small frequencies still
 * adds up to 1 within a few parts in a million. */
static double
round6 (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (v == 0 || !isfinite (v))
    return v;
  return g_ascii_strtod (g_ascii_formatd (buf, sizeof buf, "%.6g", v), NULL);
}

typedef struct
{
  const char *label;
  gsize       count;
} LabelCount;

static int
compare_label_count (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  const LabelCount *x = a;
  const LabelCount *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return g_utf8_collate (x->label, y->label);
}

/* A column that names records rather than describes them: a label with very many
 * values, or a name such as "patient_id" or "hospitalid". */
static gboolean
looks_like_identifier (const FxFeature *feature)
{
  gsize length = strlen (feature->name);

  if (feature->type == FX_COLUMN_CATEGORICAL && feature->categories->len > FX_SCHEMA_IDENTIFIER_LEVELS)
    return TRUE;
  return length >= 2 && g_ascii_strcasecmp (feature->name + length - 2, "id") == 0;
}

FxSchema *
fx_schema_infer (const FxTable *table,
                 const char    *name)
{
  return fx_schema_infer_full (table, name, G_MAXUINT, NULL);
}

G_GNUC_PRINTF (2, 3)
static void
add_note (GPtrArray  *notes,
          const char *format,
          ...)
{
  va_list args;

  if (notes == NULL)
    return;
  va_start (args, format);
  g_ptr_array_add (notes, g_strdup_vprintf (format, args));
  va_end (args);
}

FxSchema *
fx_schema_infer_full (const FxTable *table,
                      const char    *name,
                      guint          max_categories,
                      GPtrArray     *notes)
{
  FxSchema *schema = fx_schema_new ();

  schema->name = g_strdup (name);

  for (guint c = 0; c < table->columns->len; c++)
    {
      const FxColumn *column = g_ptr_array_index (table->columns, c);
      gsize present = fx_column_count_present (column);
      /* with no value to go by, a column accepts any label: typed as a number, any
       * synthetic text in it would be counted as missing */
      FxFeature *feature = fx_feature_new (column->name, present > 0 ? column->type : FX_COLUMN_CATEGORICAL);

      feature->nullable = column->n_missing > 0;
      feature->missing_rate = table->n_rows > 0 ? round6 ((double) column->n_missing / table->n_rows) : 0;
      /* a rate that rounds to 0 must not contradict nullable */
      if (feature->nullable && feature->missing_rate == 0)
        feature->missing_rate = (double) column->n_missing / table->n_rows;

      if (present == 0 && table->n_rows > 0)
        add_note (notes, _("column “%s” has no values: described as categorical with any label, "
                           "all missing"), column->name);

      if (column->type == FX_COLUMN_CATEGORICAL && present > 0 && column->categories->len > max_categories)
        {
          /* too many labels to list: a name or a code per record, not categories */
          feature->identifier = TRUE;
          add_note (notes, _("column “%s” has %u distinct labels, more than %u (--max-categories): taken "
                             "for an identifier, its labels not listed"),
                    column->name, column->categories->len, max_categories);
        }
      else if (column->type == FX_COLUMN_CATEGORICAL && present > 0)
        {
          g_autofree gsize *counts = g_new0 (gsize, column->categories->len);
          g_autofree LabelCount *order = g_new (LabelCount, column->categories->len);
          gsize k = 0;

          for (gsize r = 0; r < column->n_rows; r++)
            if (!fx_column_is_missing (column, r))
              counts[column->codes[r]]++;
          for (guint i = 0; i < column->categories->len; i++)
            if (counts[i] > 0)
              order[k++] = (LabelCount) { g_ptr_array_index (column->categories, i), counts[i] };
          g_qsort_with_data (order, (gint) k, sizeof (LabelCount), compare_label_count, NULL);

          feature->frequencies = g_array_new (FALSE, FALSE, sizeof (double));
          for (gsize i = 0; i < k; i++)
            {
              double f = round6 ((double) order[i].count / present);

              g_ptr_array_add (feature->categories, g_strdup (order[i].label));
              g_array_append_val (feature->frequencies, f);
            }
        }
      else if (column->type != FX_COLUMN_CATEGORICAL && column->type != FX_COLUMN_BOOLEAN && present > 0)
        {
          double lo = INFINITY, hi = -INFINITY;

          for (gsize r = 0; r < column->n_rows; r++)
            if (!fx_column_is_missing (column, r))
              {
                lo = MIN (lo, column->values[r]);
                hi = MAX (hi, column->values[r]);
              }
          feature->has_minimum = feature->has_maximum = TRUE;
          feature->minimum = lo;
          feature->maximum = hi;
        }

      feature->identifier |= looks_like_identifier (feature);
      g_ptr_array_add (schema->features, feature);
    }

  return schema;
}
