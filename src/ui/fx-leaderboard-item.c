/* fx-leaderboard-item.c: one row of a study's leaderboard, as a list model item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-leaderboard-item.h"

struct _FxLeaderboardItem
{
  GObject           parent_instance;

  FxLeaderboardRow  row;
  char             *generator;
};

G_DEFINE_FINAL_TYPE (FxLeaderboardItem, fx_leaderboard_item, G_TYPE_OBJECT)

static void
fx_leaderboard_item_finalize (GObject *object)
{
  FxLeaderboardItem *self = FX_LEADERBOARD_ITEM (object);

  g_free (self->row.generator);
  g_free (self->row.model);
  g_free (self->row.strategy);
  g_free (self->generator);

  G_OBJECT_CLASS (fx_leaderboard_item_parent_class)->finalize (object);
}

static void
fx_leaderboard_item_class_init (FxLeaderboardItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fx_leaderboard_item_finalize;
}

static void
fx_leaderboard_item_init (FxLeaderboardItem *self)
{
}

FxLeaderboardItem *
fx_leaderboard_item_new (const FxLeaderboardRow *row)
{
  FxLeaderboardItem *self = g_object_new (FX_TYPE_LEADERBOARD_ITEM, NULL);

  self->row = *row;
  self->row.generator = g_strdup (row->generator);
  self->row.model = g_strdup (row->model);
  self->row.strategy = g_strdup (row->strategy);
  if (g_strcmp0 (row->generator, "copula") == 0)
    self->generator = g_strdup (_("Gaussian copula"));
  else if (g_strcmp0 (row->generator, "independent") == 0)
    self->generator = g_strdup (_("Independent marginals"));
  else if (row->strategy != NULL)
    self->generator = g_strdup_printf ("%s %s, %s", row->generator, row->model != NULL ? row->model : "",
                                       row->strategy);
  else
    self->generator = g_strdup (row->generator);
  return self;
}

const FxLeaderboardRow *
fx_leaderboard_item_get_row (FxLeaderboardItem *self)
{
  g_return_val_if_fail (FX_IS_LEADERBOARD_ITEM (self), NULL);

  return &self->row;
}

const char *
fx_leaderboard_item_get_generator (FxLeaderboardItem *self)
{
  g_return_val_if_fail (FX_IS_LEADERBOARD_ITEM (self), NULL);

  return self->generator;
}
