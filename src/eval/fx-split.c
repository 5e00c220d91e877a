/* fx-split.c: the holdout, real rows a model is tested on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fx-random.h"
#include "fx-split.h"

static FxSplit *
split_new (void)
{
  FxSplit *split = g_new0 (FxSplit, 1);

  split->train = g_array_new (FALSE, FALSE, sizeof (gsize));
  split->holdout = g_array_new (FALSE, FALSE, sizeof (gsize));
  return split;
}

void
fx_split_free (FxSplit *split)
{
  if (split == NULL)
    return;
  g_array_unref (split->train);
  g_array_unref (split->holdout);
  g_free (split);
}

FxSplit *
fx_split_by_fraction (const guint8 *label,
                      const int    *site,
                      int           n_sites,
                      gsize         n_rows,
                      double        fraction,
                      guint64       seed)
{
  FxSplit *split = split_new ();
  /* stratum s = label * (n_sites + 1) + (site, or n_sites for none) */
  int per_label = n_sites + 1;
  int n_strata = 2 * per_label;
  g_autofree gboolean *held = g_new0 (gboolean, MAX (n_rows, 1));
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gsize));
  guint64 state = seed;

  for (int s = 0; s < n_strata; s++)
    {
      gsize m, take;
      gsize *a;

      g_array_set_size (rows, 0);
      for (gsize r = 0; r < n_rows; r++)
        {
          int level;

          if (label[r] > 1)
            continue;
          level = site != NULL && site[r] >= 0 ? site[r] : n_sites;
          if (label[r] * per_label + level == s)
            g_array_append_val (rows, r);
        }
      m = rows->len;
      a = (gsize *) (void *) rows->data;
      for (gsize i = m; i-- > 1;)
        {
          gsize j = fx_splitmix64_below (&state, i + 1);
          gsize t = a[i];

          a[i] = a[j];
          a[j] = t;
        }
      take = (gsize) floor (fraction * m + 0.5);
      for (gsize i = 0; i < take && i < m; i++)
        held[a[i]] = TRUE;
    }

  for (gsize r = 0; r < n_rows; r++)
    if (label[r] <= 1)
      g_array_append_val (held[r] ? split->holdout : split->train, r);
  return split;
}

FxSplit *
fx_split_by_sites (const guint8   *label,
                   const int      *site,
                   const gboolean *held,
                   gsize           n_rows)
{
  FxSplit *split = split_new ();

  for (gsize r = 0; r < n_rows; r++)
    if (label[r] <= 1)
      g_array_append_val (site[r] >= 0 && held[site[r]] ? split->holdout : split->train, r);
  return split;
}
