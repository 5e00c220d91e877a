/* fx-privacy-view.h: the Compare pane's Privacy view: how close a synthetic set's
 * records are to the patients they were made from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fx-privacy.h"

G_BEGIN_DECLS

#define FX_TYPE_PRIVACY_VIEW (fx_privacy_view_get_type ())

G_DECLARE_FINAL_TYPE (FxPrivacyView, fx_privacy_view, FX, PRIVACY_VIEW, GtkWidget)

/* Shows @privacy (borrowed only during the call; NULL: why there is none, @why). */
void fx_privacy_view_set_privacy (FxPrivacyView   *self,
                                  const FxPrivacy *privacy,
                                  const char      *why);

G_END_DECLS
