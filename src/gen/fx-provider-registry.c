/* fx-provider-registry.c: the providers by name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "fx-provider.h"

/* ---- registry ------------------------------------------------------------------ */

static const FxProviderClass * const providers[] = {
  &fx_provider_openai,
  &fx_provider_anthropic,
  &fx_provider_gemini,
  &fx_provider_openai_compatible,
};

const FxProviderClass *
fx_provider_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    if (g_str_equal (providers[i]->name, name))
      return providers[i];
  return NULL;
}

const FxProviderClass * const *
fx_provider_list (guint *n_providers)
{
  if (n_providers != NULL)
    *n_providers = G_N_ELEMENTS (providers);
  return providers;
}

/* The baselines as generators: what the rules below need to know of them. */
const FxProviderClass fx_baseline_copula = {
  .name = "copula",
  .display_name = "Gaussian copula (offline baseline)",
  .baseline = TRUE,
};

const FxProviderClass fx_baseline_independent = {
  .name = "independent",
  .display_name = "Independent marginals (offline baseline)",
  .baseline = TRUE,
};

const FxProviderClass *
fx_generator_lookup (const char *name)
{
  const FxProviderClass *provider;

  g_return_val_if_fail (name != NULL, NULL);

  if ((provider = fx_provider_lookup (name)) != NULL)
    return provider;
  if (g_str_equal (name, fx_baseline_copula.name))
    return &fx_baseline_copula;
  if (g_str_equal (name, fx_baseline_independent.name))
    return &fx_baseline_independent;
  return NULL;
}

/* ---- what leaves this machine ---------------------------------------------------- */

gboolean
fx_url_is_loopback (const char *url)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  if (uri == NULL || (host = g_uri_get_host (uri)) == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  /* an address, not a name: "127.example.org" is somebody else's machine */
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
fx_provider_stays_local (const FxProviderClass *provider,
                         const char            *base_url)
{
  if (provider == NULL || provider->baseline)
    return TRUE;
  if (provider->remote)
    return FALSE;
  return fx_url_is_loopback (base_url != NULL ? base_url : provider->default_base_url);
}

gboolean
fx_provider_sends_real_rows_away (const FxProviderClass *provider,
                                  gboolean               sends_example_rows,
                                  const char            *base_url)
{
  return sends_example_rows && !fx_provider_stays_local (provider, base_url);
}
