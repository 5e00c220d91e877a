/* fx-neighbours.h: nearest rows by Gower distance, blocked brute force
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-gower.h"

G_BEGIN_DECLS

typedef struct
{
  gsize   n_rows;    /* rows of the query */
  double *first;     /* Gower distance to the closest reference row */
  double *second;    /* to the second closest; NaN when the reference has one row */
  gsize  *nearest;   /* the closest reference row */
} FxNeighbours;

/* For every row of @query, its two closest rows of @reference.  The search runs in
 * single precision over a compact copy of the rows, on @n_threads threads (0: one per
 * processor); the distances it returns are recomputed in double precision, so they
 * are exactly fx_gower_distance ()'s. */
FxNeighbours *fx_neighbours_find (const FxGower     *gower,
                                  const FxGowerRows *query,
                                  const FxGowerRows *reference,
                                  guint              n_threads);
void          fx_neighbours_free (FxNeighbours      *neighbours);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxNeighbours, fx_neighbours_free)

G_END_DECLS
