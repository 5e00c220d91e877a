/* fx-encoding.c: tables as model matrices, fixed by the schema
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fx-encoding.h"
#include "fx-eval-error.h"

static gboolean
is_input (const FxSchema  *schema,
          const FxFeature *feature)
{
  if (feature->identifier)
    return FALSE;
  if (schema->target != NULL && g_str_equal (feature->name, schema->target))
    return FALSE;
  if (schema->site != NULL && g_str_equal (feature->name, schema->site))
    return FALSE;
  return TRUE;
}

static void
levels_free (gpointer levels)
{
  if (levels != NULL)
    g_ptr_array_unref (levels);
}

FxEncoding *
fx_encoding_new (const FxSchema *schema,
                 const FxTable  *reference)
{
  FxEncoding *encoding = g_new0 (FxEncoding, 1);

  encoding->inputs = g_ptr_array_new_with_free_func (g_free);
  encoding->columns = g_ptr_array_new_with_free_func (g_free);
  encoding->input_of = g_array_new (FALSE, FALSE, sizeof (guint));
  encoding->levels = g_ptr_array_new_with_free_func (levels_free);
  encoding->types = g_array_new (FALSE, FALSE, sizeof (FxColumnType));

  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);
      guint input = encoding->inputs->len;

      if (!is_input (schema, f))
        continue;

      g_ptr_array_add (encoding->inputs, g_strdup (f->name));
      g_array_append_val (encoding->types, f->type);
      if (f->type == FX_COLUMN_CATEGORICAL)
        {
          GPtrArray *levels = g_ptr_array_new_with_free_func (g_free);
          const FxColumn *c = reference != NULL ? fx_table_find_column (reference, f->name) : NULL;

          if (f->categories->len > 0)
            {
              for (guint k = 0; k < f->categories->len; k++)
                g_ptr_array_add (levels, g_strdup (g_ptr_array_index (f->categories, k)));
            }
          else if (c != NULL && c->type == FX_COLUMN_CATEGORICAL)
            {
              /* a table's categories are interned in order of first appearance */
              for (guint k = 0; k < c->categories->len; k++)
                g_ptr_array_add (levels, g_strdup (g_ptr_array_index (c->categories, k)));
            }
          for (guint k = 0; k < levels->len; k++)
            {
              g_ptr_array_add (encoding->columns,
                               g_strdup_printf ("%s=%s", f->name, (char *) g_ptr_array_index (levels, k)));
              g_array_append_val (encoding->input_of, input);
            }
          g_ptr_array_add (encoding->levels, levels);
        }
      else
        {
          g_ptr_array_add (encoding->columns, g_strdup (f->name));
          g_array_append_val (encoding->input_of, input);
          g_ptr_array_add (encoding->levels, NULL);
        }
    }
  return encoding;
}

void
fx_encoding_free (FxEncoding *encoding)
{
  if (encoding == NULL)
    return;
  g_ptr_array_unref (encoding->inputs);
  g_ptr_array_unref (encoding->columns);
  g_array_unref (encoding->input_of);
  g_ptr_array_unref (encoding->levels);
  g_array_unref (encoding->types);
  g_free (encoding);
}

guint
fx_encoding_n_columns (const FxEncoding *encoding)
{
  return encoding->columns->len;
}

float *
fx_encoding_apply (const FxEncoding *encoding,
                   const FxTable    *table,
                   const gsize      *rows,
                   gsize             n_rows)
{
  guint n_columns = encoding->columns->len;
  float *x = g_new (float, MAX (n_rows * n_columns, 1));
  guint first = 0;

  for (guint i = 0; i < encoding->inputs->len; i++)
    {
      const FxColumn *c = fx_table_find_column (table, g_ptr_array_index (encoding->inputs, i));
      GPtrArray *levels = g_ptr_array_index (encoding->levels, i);

      if (levels != NULL)
        {
          guint n_levels = levels->len;
          g_autofree int *map = NULL;

          /* the table's own codes, mapped once to the schema's levels */
          if (c != NULL && c->type == FX_COLUMN_CATEGORICAL)
            {
              map = g_new (int, MAX (c->categories->len, 1));
              for (guint k = 0; k < c->categories->len; k++)
                {
                  const char *label = g_ptr_array_index (c->categories, k);

                  map[k] = -1;
                  for (guint l = 0; l < n_levels; l++)
                    if (g_str_equal (label, g_ptr_array_index (levels, l)))
                      {
                        map[k] = (int) l;
                        break;
                      }
                }
            }
          for (gsize r = 0; r < n_rows; r++)
            {
              gsize row = rows != NULL ? rows[r] : r;
              float *out = x + r * n_columns + first;

              for (guint l = 0; l < n_levels; l++)
                out[l] = 0.f;
              if (map != NULL && !fx_column_is_missing (c, row) && map[c->codes[row]] >= 0)
                out[map[c->codes[row]]] = 1.f;
            }
          first += n_levels;
        }
      else
        {
          gboolean numeric = c != NULL && c->type != FX_COLUMN_CATEGORICAL;

          for (gsize r = 0; r < n_rows; r++)
            {
              gsize row = rows != NULL ? rows[r] : r;

              x[r * n_columns + first] = numeric && !fx_column_is_missing (c, row)
                                         ? (float) c->values[row] : NAN;
            }
          first += 1;
        }
    }
  return x;
}

guint8 *
fx_encoding_labels (const FxSchema  *schema,
                    const FxTable   *table,
                    const char      *what,
                    GError         **error)
{
  const FxColumn *c;
  const FxFeature *f;
  g_autofree guint8 *labels = NULL;

  if (schema->target == NULL)
    {
      g_set_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT,
                   _("the schema has no target: name the binary outcome in its “target”"));
      return NULL;
    }
  f = fx_schema_find_feature (schema, schema->target);
  c = fx_table_find_column (table, schema->target);
  if (c == NULL)
    {
      g_set_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT,
                   _("the %s table has no column “%s”, the target"), what, schema->target);
      return NULL;
    }

  labels = g_new (guint8, MAX (table->n_rows, 1));
  if (c->type == FX_COLUMN_CATEGORICAL)
    {
      int zero = -1, one = -1;

      if (f == NULL || f->categories->len != 2)
        {
          g_set_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT,
                       _("the target “%s” is not binary: a categorical target needs exactly two "
                         "categories in the schema"), schema->target);
          return NULL;
        }
      zero = fx_column_lookup_category (c, g_ptr_array_index (f->categories, 0));
      one = fx_column_lookup_category (c, g_ptr_array_index (f->categories, 1));
      for (gsize r = 0; r < table->n_rows; r++)
        {
          if (fx_column_is_missing (c, r))
            labels[r] = 255;
          else if ((int) c->codes[r] == zero)
            labels[r] = 0;
          else if ((int) c->codes[r] == one)
            labels[r] = 1;
          else
            {
              g_set_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT,
                           _("the target “%s” is not binary: the %s table's row %lu holds “%s”"), schema->target, what, r + 1,
                           (char *) g_ptr_array_index (c->categories, c->codes[r]));
              return NULL;
            }
        }
    }
  else
    {
      for (gsize r = 0; r < table->n_rows; r++)
        {
          if (fx_column_is_missing (c, r))
            labels[r] = 255;
          else if (c->values[r] == 0 || c->values[r] == 1)
            labels[r] = (guint8) c->values[r];
          else
            {
              g_set_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT,
                           _("the target “%s” is not binary: the %s table's row %lu holds %g (0 and 1 expected)"), schema->target, what, r + 1, c->values[r]);
              return NULL;
            }
        }
    }
  return g_steal_pointer (&labels);
}
