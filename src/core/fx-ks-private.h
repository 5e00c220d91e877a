/* fx-ks-private.h: what the two-sample test takes from its distributions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* SciPy's _attempt_exact_2kssamp (two-sided), in fx-ks-exact.c.  Replaces *d by
 * h/lcm, the lattice value it stands for, whether or not the computation succeeds;
 * FALSE when the exact computation fails (the asymptotic one is used then). */
gboolean fx_ks_exact_pvalue (gint64  n,
                             gint64  m,
                             double *d,
                             double *pvalue);

G_END_DECLS
