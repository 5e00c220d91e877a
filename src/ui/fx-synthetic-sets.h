/* fx-synthetic-sets.h: the synthetic sets chosen on the Compare pane, each shown as a
 * chip with a Remove button in the pane's flow box
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fx-evaluation.h"

G_BEGIN_DECLS

#define FX_TYPE_SYNTHETIC_SETS (fx_synthetic_sets_get_type ())

/* Emits ::changed when a set is added or removed. */
G_DECLARE_FINAL_TYPE (FxSyntheticSets, fx_synthetic_sets, FX, SYNTHETIC_SETS, GObject)

/* The sets, none yet, shown in @box (which the page's template holds). */
FxSyntheticSets *fx_synthetic_sets_new            (GtkFlowBox          *box);
/* Adds the rows of run @run_id, or the CSV table at @path; a set chosen already is not
 * added again. */
void             fx_synthetic_sets_add_run        (FxSyntheticSets     *self,
                                                   gint64               run_id,
                                                   const char          *label);
void             fx_synthetic_sets_add_csv        (FxSyntheticSets     *self,
                                                   const char          *path);
guint            fx_synthetic_sets_get_n_sets     (FxSyntheticSets     *self);
const char      *fx_synthetic_sets_get_label      (FxSyntheticSets     *self,
                                                   guint                index);
/* Asks @request to compare every set, in the order chosen. */
void             fx_synthetic_sets_add_to_request (FxSyntheticSets     *self,
                                                   FxEvaluationRequest *request);

G_END_DECLS
