/* fx-leaderboard-item.h: one row of a study's leaderboard, as a list model item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fx-leaderboard.h"

G_BEGIN_DECLS

#define FX_TYPE_LEADERBOARD_ITEM (fx_leaderboard_item_get_type ())

G_DECLARE_FINAL_TYPE (FxLeaderboardItem, fx_leaderboard_item, FX, LEADERBOARD_ITEM, GObject)

/* A copy of @row. */
FxLeaderboardItem      *fx_leaderboard_item_new (const FxLeaderboardRow *row);
const FxLeaderboardRow *fx_leaderboard_item_get_row (FxLeaderboardItem *self);
/* "Gaussian copula" or "openai-compatible fake-model, group" */
const char             *fx_leaderboard_item_get_generator (FxLeaderboardItem *self);

G_END_DECLS
