/* fx-random.h: the evaluation's random numbers
 *
 * SplitMix64 (Steele, Lea and Flood 2014): a tiny generator whose k-th output is a
 * pure function of the seed and k, so that the split and the bootstrap can be
 * reproduced line for line in any language (see README.md, "The holdout split").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

static inline guint64
fx_splitmix64_next (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* An index below @n (n > 0): the next output modulo @n.  The bias is below 2^-40 for
 * any table that fits in memory, and the plain modulo is what makes the draw easy to
 * reproduce elsewhere. */
static inline gsize
fx_splitmix64_below (guint64 *state,
                     gsize    n)
{
  return (gsize) (fx_splitmix64_next (state) % (guint64) n);
}

G_END_DECLS
