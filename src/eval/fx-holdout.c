/* fx-holdout.c: the real rows a model is tested on, chosen from a table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-csv.h"
#include "fx-encoding.h"
#include "fx-eval-error.h"
#include "fx-holdout.h"

/* The text of a cell, as the CSV held it; NULL when missing. */
static char *
cell_text (const FxColumn *c,
           gsize           row)
{
  char buf[32];

  if (c == NULL || fx_column_is_missing (c, row))
    return NULL;
  if (c->type == FX_COLUMN_CATEGORICAL)
    return g_strdup (g_ptr_array_index (c->categories, c->codes[row]));
  return g_strdup (fx_format_double (c->values[row], buf));
}

GPtrArray *
fx_levels_of_column (const FxSchema *schema,
                     const char     *column,
                     const FxTable  *table)
{
  GPtrArray *levels = g_ptr_array_new_with_free_func (g_free);
  const FxFeature *f = fx_schema_find_feature (schema, column);
  const FxColumn *c = fx_table_find_column (table, column);

  if (f != NULL)
    for (guint k = 0; k < f->categories->len; k++)
      g_ptr_array_add (levels, g_strdup (g_ptr_array_index (f->categories, k)));
  if (c == NULL)
    return levels;
  for (gsize r = 0; r < table->n_rows; r++)
    {
      g_autofree char *text = cell_text (c, r);

      if (text != NULL && !g_ptr_array_find_with_equal_func (levels, text, g_str_equal, NULL))
        g_ptr_array_add (levels, g_steal_pointer (&text));
    }
  return levels;
}

int *
fx_levels_of_rows (const FxTable *table,
                   const char    *column,
                   GPtrArray     *levels)
{
  const FxColumn *c = fx_table_find_column (table, column);
  int *out = g_new (int, MAX (table->n_rows, 1));
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint k = 0; k < levels->len; k++)
    g_hash_table_insert (index, g_ptr_array_index (levels, k), GUINT_TO_POINTER (k + 1));
  for (gsize r = 0; r < table->n_rows; r++)
    {
      g_autofree char *text = cell_text (c, r);
      guint k = text != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (index, text)) : 0;

      out[r] = (int) k - 1;
    }
  return out;
}

FxSplit *
fx_holdout_split (const FxSchema     *schema,
                  const FxTable      *table,
                  const guint8       *labels,
                  double              fraction,
                  const char * const *sites,
                  guint64             seed,
                  GError            **error)
{
  g_autofree guint8 *own_labels = NULL;
  g_autoptr(GPtrArray) levels = NULL;
  g_autofree int *site = NULL;

  if (labels == NULL)
    {
      own_labels = fx_encoding_labels (schema, table, _("real"), error);
      if (own_labels == NULL)
        return NULL;
      labels = own_labels;
    }
  if (schema->site != NULL && fx_table_find_column (table, schema->site) != NULL)
    {
      levels = fx_levels_of_column (schema, schema->site, table);
      site = fx_levels_of_rows (table, schema->site, levels);
    }

  if (sites != NULL && sites[0] != NULL)
    {
      g_autofree gboolean *held = NULL;

      if (levels == NULL)
        {
          g_set_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT,
                       schema->site == NULL
                       ? _("whole sites cannot be held out: the schema names no “site” column")
                       : _("whole sites cannot be held out: the real table has no column “%s”"),
                       schema->site);
          return NULL;
        }
      held = g_new0 (gboolean, MAX (levels->len, 1));
      for (guint i = 0; sites[i] != NULL; i++)
        {
          guint k;

          if (!g_ptr_array_find_with_equal_func (levels, sites[i], g_str_equal, &k))
            {
              g_autoptr(GString) known = g_string_new (NULL);

              for (guint j = 0; j < levels->len; j++)
                g_string_append_printf (known, "%s“%s”", j > 0 ? ", " : "",
                                        (char *) g_ptr_array_index (levels, j));
              g_set_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT,
                           _("unknown site “%s”: the column “%s” holds %s"),
                           sites[i], schema->site, known->str);
              return NULL;
            }
          held[k] = TRUE;
        }
      return fx_split_by_sites (labels, site, held, table->n_rows);
    }

  if (!(fraction > 0 && fraction < 1))
    {
      g_set_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT,
                   _("the holdout fraction must be between 0 and 1, not %g"), fraction);
      return NULL;
    }
  return fx_split_by_fraction (labels, site, levels != NULL ? (int) levels->len : 0,
                               table->n_rows, fraction, seed);
}

char *
fx_holdout_rows_sha256 (const gsize *rows,
                        gsize        n_rows)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (gsize i = 0; i < n_rows; i++)
    {
      char line[32];
      int n = g_snprintf (line, sizeof line, "%" G_GSIZE_FORMAT "\n", rows[i]);

      g_checksum_update (sum, (const guchar *) line, n);
    }
  return g_strdup (g_checksum_get_string (sum));
}
