/* fx-gower.c: Gower distance between rows of health-record tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-gower.h"

G_DEFINE_QUARK (fx-privacy-error-quark, fx_privacy_error)

typedef enum
{
  INPUT_RANGE,     /* |a - b| / range */
  INPUT_EQUAL,     /* 0 when equal, else 1 */
} InputKind;

typedef struct
{
  char      *name;
  InputKind  kind;
  guint      slot;     /* into numeric or categorical */
  double     minimum;
  double     range;
  /* INPUT_EQUAL: label (categorical) or value (numeric) -> code + 1 */
  GHashTable *codes;
  gboolean   numeric_values;
} Input;

struct _FxGower
{
  GArray *inputs;  /* (element-type Input) */
  guint   n_numeric;
  guint   n_categorical;
};

static void
input_clear (gpointer data)
{
  Input *input = data;

  g_free (input->name);
  g_clear_pointer (&input->codes, g_hash_table_unref);
}

/* Doubles as hash keys: +0 and -0 are one value. */
static guint
double_hash (gconstpointer key)
{
  double v = *(const double *) key;
  guint64 bits;

  if (v == 0)
    v = 0;
  memcpy (&bits, &v, sizeof bits);
  return (guint) (bits ^ (bits >> 32));
}

static gboolean
double_equal (gconstpointer a,
              gconstpointer b)
{
  return *(const double *) a == *(const double *) b;
}

FxGower *
fx_gower_new (const FxTable      *real,
              const gsize        *train_rows,
              gsize               n_train,
              const char * const *inputs,
              GError            **error)
{
  g_autoptr(FxGower) gower = g_new0 (FxGower, 1);

  g_return_val_if_fail (real != NULL, NULL);
  g_return_val_if_fail (inputs != NULL, NULL);

  gower->inputs = g_array_new (FALSE, TRUE, sizeof (Input));
  g_array_set_clear_func (gower->inputs, input_clear);
  if (train_rows == NULL)
    n_train = real->n_rows;

  for (guint i = 0; inputs[i] != NULL; i++)
    {
      const FxColumn *column = fx_table_find_column (real, inputs[i]);
      Input input = { 0 };

      if (column == NULL)
        {
          g_set_error (error, FX_PRIVACY_ERROR, FX_PRIVACY_ERROR_MISSING_COLUMN,
                       _("The real table has no column “%s”"), inputs[i]);
          return NULL;
        }
      input.name = g_strdup (inputs[i]);
      input.kind = INPUT_EQUAL;
      if (fx_column_type_is_numeric (column->type) && column->type != FX_COLUMN_BOOLEAN)
        {
          double lo = INFINITY, hi = -INFINITY;

          for (gsize k = 0; k < n_train; k++)
            {
              gsize r = train_rows != NULL ? train_rows[k] : k;

              if (fx_column_is_missing (column, r))
                continue;
              lo = MIN (lo, column->values[r]);
              hi = MAX (hi, column->values[r]);
            }
          if (hi > lo)
            {
              input.kind = INPUT_RANGE;
              input.minimum = lo;
              input.range = hi - lo;
            }
          input.numeric_values = TRUE;
        }
      if (input.kind == INPUT_RANGE)
        input.slot = gower->n_numeric++;
      else
        {
          input.slot = gower->n_categorical++;
          if (input.numeric_values)
            input.codes = g_hash_table_new_full (double_hash, double_equal, g_free, NULL);
          else if (column->type == FX_COLUMN_CATEGORICAL)
            input.codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        }
      g_array_append_val (gower->inputs, input);
    }

  if (gower->inputs->len == 0)
    {
      g_set_error (error, FX_PRIVACY_ERROR, FX_PRIVACY_ERROR_NO_INPUTS,
                   _("There are no model inputs to measure distances over"));
      return NULL;
    }
  return g_steal_pointer (&gower);
}

void
fx_gower_free (FxGower *gower)
{
  if (gower == NULL)
    return;
  g_array_unref (gower->inputs);
  g_free (gower);
}

guint
fx_gower_get_n_inputs (const FxGower *gower)
{
  return gower->inputs->len;
}

double
fx_gower_get_range (const FxGower *gower,
                    guint          input)
{
  const Input *in = &g_array_index (gower->inputs, Input, input);

  return in->kind == INPUT_RANGE ? in->range : 0;
}

void
fx_gower_get_numeric_scale (const FxGower *gower,
                            guint          k,
                            double        *minimum,
                            double        *range)
{
  for (guint i = 0; i < gower->inputs->len; i++)
    {
      const Input *in = &g_array_index (gower->inputs, Input, i);

      if (in->kind == INPUT_RANGE && in->slot == k)
        {
          *minimum = in->minimum;
          *range = in->range;
          return;
        }
    }
  g_return_if_reached ();
}

static guint32
code_for_double (Input  *input,
                 double  value)
{
  gpointer code;

  if (value == 0)
    value = 0;
  code = g_hash_table_lookup (input->codes, &value);
  if (code == NULL)
    {
      code = GUINT_TO_POINTER (g_hash_table_size (input->codes) + 1);
      g_hash_table_insert (input->codes, g_memdup2 (&value, sizeof value), code);
    }
  return GPOINTER_TO_UINT (code) - 1;
}

static guint32
code_for_label (Input      *input,
                const char *label)
{
  gpointer code = g_hash_table_lookup (input->codes, label);

  if (code == NULL)
    {
      code = GUINT_TO_POINTER (g_hash_table_size (input->codes) + 1);
      g_hash_table_insert (input->codes, g_strdup (label), code);
    }
  return GPOINTER_TO_UINT (code) - 1;
}

FxGowerRows *
fx_gower_encode (FxGower        *gower,
                 const FxTable  *table,
                 const gsize    *rows,
                 gsize           n_rows,
                 GError        **error)
{
  g_autoptr(FxGowerRows) out = g_new0 (FxGowerRows, 1);

  if (rows == NULL)
    n_rows = table->n_rows;
  out->n_rows = n_rows;
  out->n_numeric = gower->n_numeric;
  out->n_categorical = gower->n_categorical;
  out->numeric = g_new (double, MAX (n_rows * gower->n_numeric, 1));
  out->categorical = g_new (guint32, MAX (n_rows * gower->n_categorical, 1));

  for (guint i = 0; i < gower->inputs->len; i++)
    {
      Input *in = &g_array_index (gower->inputs, Input, i);
      const FxColumn *column = fx_table_find_column (table, in->name);
      g_autofree guint32 *label_codes = NULL;
      gboolean numeric;

      if (column == NULL)
        {
          /* a model input the table lacks is missing in every row, as the model's
           * encoding has it */
          for (gsize k = 0; k < n_rows; k++)
            {
              if (in->kind == INPUT_RANGE)
                out->numeric[k * gower->n_numeric + in->slot] = NAN;
              else
                out->categorical[k * gower->n_categorical + in->slot] = G_MAXUINT32;
            }
          continue;
        }
      numeric = column->type != FX_COLUMN_CATEGORICAL;
      if ((in->kind == INPUT_RANGE || in->codes == NULL || in->numeric_values) && !numeric)
        {
          g_set_error (error, FX_PRIVACY_ERROR, FX_PRIVACY_ERROR_INVALID,
                       _("Column “%s” holds labels where the real table has numbers"), in->name);
          return NULL;
        }
      if (in->codes != NULL && !in->numeric_values)
        {
          if (numeric)
            {
              g_set_error (error, FX_PRIVACY_ERROR, FX_PRIVACY_ERROR_INVALID,
                           _("Column “%s” holds numbers where the real table has labels"), in->name);
              return NULL;
            }
          /* one lookup per label of this table, not per row */
          label_codes = g_new (guint32, MAX (column->categories->len, 1));
          for (guint c = 0; c < column->categories->len; c++)
            label_codes[c] = code_for_label (in, g_ptr_array_index (column->categories, c));
        }

      for (gsize k = 0; k < n_rows; k++)
        {
          gsize r = rows != NULL ? rows[k] : k;
          gboolean missing = fx_column_is_missing (column, r);

          if (in->kind == INPUT_RANGE)
            out->numeric[k * gower->n_numeric + in->slot] = missing ? NAN : column->values[r];
          else
            {
              guint32 code = G_MAXUINT32;

              if (!missing)
                {
                  if (label_codes != NULL)
                    code = label_codes[column->codes[r]];
                  else if (in->numeric_values)
                    code = code_for_double (in, column->values[r]);
                  else
                    code = column->values[r] != 0;  /* boolean */
                }
              out->categorical[k * gower->n_categorical + in->slot] = code;
            }
        }
    }
  return g_steal_pointer (&out);
}

void
fx_gower_rows_free (FxGowerRows *rows)
{
  if (rows == NULL)
    return;
  g_free (rows->numeric);
  g_free (rows->categorical);
  g_free (rows);
}

double
fx_gower_distance (const FxGower     *gower,
                   const FxGowerRows *a,
                   gsize              i,
                   const FxGowerRows *b,
                   gsize              j)
{
  const double *x = a->numeric + i * a->n_numeric;
  const double *y = b->numeric + j * b->n_numeric;
  const guint32 *cx = a->categorical + i * a->n_categorical;
  const guint32 *cy = b->categorical + j * b->n_categorical;
  double sum = 0;

  for (guint i_in = 0; i_in < gower->inputs->len; i_in++)
    {
      const Input *in = &g_array_index (gower->inputs, Input, i_in);

      if (in->kind == INPUT_RANGE)
        {
          double u = x[in->slot], v = y[in->slot];

          if (isnan (u) || isnan (v))
            sum += isnan (u) != isnan (v);
          else
            sum += fabs (u - v) / in->range;
        }
      else
        sum += cx[in->slot] != cy[in->slot];
    }
  return sum / gower->inputs->len;
}

gboolean
fx_gower_rows_equal (const FxGowerRows *a,
                     gsize              i,
                     const FxGowerRows *b,
                     gsize              j)
{
  const double *x = a->numeric + i * a->n_numeric;
  const double *y = b->numeric + j * b->n_numeric;

  for (guint k = 0; k < a->n_numeric; k++)
    if (isnan (x[k]) ? !isnan (y[k]) : x[k] != y[k])
      return FALSE;
  return memcmp (a->categorical + i * a->n_categorical,
                 b->categorical + j * b->n_categorical,
                 a->n_categorical * sizeof (guint32)) == 0;
}

static guint64
row_hash (const FxGowerRows *rows,
          gsize              i)
{
  guint64 h = G_GUINT64_CONSTANT (1469598103934665603);

  for (guint k = 0; k < rows->n_numeric; k++)
    {
      double v = rows->numeric[i * rows->n_numeric + k];
      guint64 bits;

      if (isnan (v))
        v = NAN;  /* one bit pattern for every missing value */
      else if (v == 0)
        v = 0;
      memcpy (&bits, &v, sizeof bits);
      h = (h ^ bits) * G_GUINT64_CONSTANT (1099511628211);
    }
  for (guint k = 0; k < rows->n_categorical; k++)
    h = (h ^ rows->categorical[i * rows->n_categorical + k]) * G_GUINT64_CONSTANT (1099511628211);
  return h ^ (h >> 29);
}

gsize
fx_gower_count_exact (const FxGowerRows *query,
                      const FxGowerRows *reference,
                      gboolean          *matched)
{
  /* open addressing over the reference rows' hashes: row number + 1, 0 = empty */
  gsize size = 16, n = 0;
  g_autofree gsize *slots = NULL;
  g_autofree guint64 *hashes = NULL;

  while (size < reference->n_rows * 2)
    size *= 2;
  slots = g_new0 (gsize, size);
  hashes = g_new (guint64, MAX (reference->n_rows, 1));
  for (gsize j = 0; j < reference->n_rows; j++)
    {
      gsize s;

      hashes[j] = row_hash (reference, j);
      for (s = hashes[j] & (size - 1); slots[s] != 0; s = (s + 1) & (size - 1))
        ;
      slots[s] = j + 1;
    }

  for (gsize i = 0; i < query->n_rows; i++)
    {
      guint64 h = row_hash (query, i);
      gboolean found = FALSE;

      for (gsize s = h & (size - 1); slots[s] != 0 && !found; s = (s + 1) & (size - 1))
        {
          gsize j = slots[s] - 1;

          found = hashes[j] == h && fx_gower_rows_equal (query, i, reference, j);
        }
      if (matched != NULL)
        matched[i] = found;
      n += found;
    }
  return n;
}
