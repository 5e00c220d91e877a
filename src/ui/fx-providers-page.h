/* fx-providers-page.h: keys, addresses and models of the providers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FX_TYPE_PROVIDERS_PAGE (fx_providers_page_get_type ())

G_DECLARE_FINAL_TYPE (FxProvidersPage, fx_providers_page, FX, PROVIDERS_PAGE, AdwBin)

G_END_DECLS
