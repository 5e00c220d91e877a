/* fx-split.h: the holdout, real rows a model is tested on
 *
 * Rows whose target is missing take no part.  By fraction: the rows are grouped
 * into strata by target (0, then 1) and, within, by site (the site levels in
 * order, rows without a site last); one SplitMix64 stream seeded with the seed
 * runs through the strata in that order, shuffling each stratum's rows (in table
 * order) by Fisher-Yates from the last position down, j = next () % (i + 1), swap;
 * the first floor (fraction * size + 0.5) shuffled rows of each stratum are held
 * out.  By sites: every row of those sites is held out.  Both lists come out in
 * ascending row order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  GArray *train;    /* (element-type gsize) */
  GArray *holdout;  /* (element-type gsize) */
} FxSplit;

/* @site: each row's site level (-1 for none), or NULL without a site column. */
FxSplit *fx_split_by_fraction (const guint8 *label,
                               const int    *site,
                               int           n_sites,
                               gsize         n_rows,
                               double        fraction,
                               guint64       seed);
/* @held: per site level, whether it is held out. */
FxSplit *fx_split_by_sites    (const guint8   *label,
                               const int      *site,
                               const gboolean *held,
                               gsize           n_rows);
void     fx_split_free        (FxSplit      *split);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxSplit, fx_split_free)

G_END_DECLS
