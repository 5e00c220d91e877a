/* fx-study-leaderboard.h: a study's leaderboard, sortable, exported as CSV and JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fx-leaderboard.h"

G_BEGIN_DECLS

#define FX_TYPE_STUDY_LEADERBOARD (fx_study_leaderboard_get_type ())

G_DECLARE_FINAL_TYPE (FxStudyLeaderboard, fx_study_leaderboard, FX, STUDY_LEADERBOARD, AdwBin)

GtkWidget *fx_study_leaderboard_new       (void);
/* Shows the rows of @board (copied; NULL: none) and keeps its CSV and JSON to export. */
void       fx_study_leaderboard_set_board (FxStudyLeaderboard  *self,
                                           const FxLeaderboard *board);
/* The rows shown, in the order shown. */
GListModel *fx_study_leaderboard_get_rows (FxStudyLeaderboard  *self);

G_END_DECLS
