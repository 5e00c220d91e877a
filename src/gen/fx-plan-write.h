/* fx-plan-write.h: a plan made in memory, and written as the JSON a plan file holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-plan.h"

G_BEGIN_DECLS

/* An empty plan, with its defaults (association order, group columns kept, 50 rows per
 * request, 4 in flight, no budget), to be filled in. */
FxPlan *fx_plan_new            (void);
/* Adds a generator: a provider with its model (and base URL), or a baseline. */
void    fx_plan_add_generator  (FxPlan       *plan,
                                const char   *provider,
                                const char   *model,
                                const char   *base_url);
/* The plan as fx_plan_parse () reads it.  The schema and the real table are named
 * relative to the folder of @path when they lie under it, else in full. */
char   *fx_plan_to_json        (const FxPlan *plan,
                                const char   *path);

G_END_DECLS
