/* fx-utility-view.h: the Compare pane's Utility view
 *
 * Models trained on the synthetic and on the real records, tested on real ones: the
 * figures of fx-utility-figures.h, each with its sentence.  The evaluation runs in a
 * thread when the view is given a set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fx-report.h"
#include "fx-schema.h"
#include "fx-table.h"
#include "fx-utility.h"

G_BEGIN_DECLS

#define FX_TYPE_UTILITY_VIEW (fx_utility_view_get_type ())

G_DECLARE_FINAL_TYPE (FxUtilityView, fx_utility_view, FX, UTILITY_VIEW, AdwBin)

GtkWidget       *fx_utility_view_new         (void);
/* Evaluates @synthetic (copied, like @real and @schema) against @real: on the holdout
 * @run_parameters (nullable) records, else on a split made the same way.  NULL
 * @schema or @synthetic clears the view. */
void             fx_utility_view_set_set     (FxUtilityView  *self,
                                              const FxSchema *schema,
                                              const FxTable  *real,
                                              const char     *label,
                                              const FxTable  *synthetic,
                                              const char     *run_parameters);
/* (nullable) the result shown, for a report */
const FxUtility *fx_utility_view_get_utility (FxUtilityView  *self);
const char      *fx_utility_view_get_label   (FxUtilityView  *self);
/* Gives @report the result shown (kept alive as long as the report), if any. */
void             fx_utility_view_add_to_report (FxUtilityView *self,
                                                FxReport      *report);

G_END_DECLS
