/* fx-provenance.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fx-provenance.h"

FxProvenance *
fx_provenance_copy (const FxProvenance *provenance)
{
  FxProvenance *copy;

  g_return_val_if_fail (provenance != NULL, NULL);

  copy = g_memdup2 (provenance, sizeof *provenance);
  copy->provider = g_strdup (provenance->provider);
  copy->model = g_strdup (provenance->model);
  copy->base_url = g_strdup (provenance->base_url);
  copy->strategy = g_strdup (provenance->strategy);
  copy->parameters = g_strdup (provenance->parameters);
  copy->prompt_template_hash = g_strdup (provenance->prompt_template_hash);
  copy->reference_path = g_strdup (provenance->reference_path);
  copy->reference_sha256 = g_strdup (provenance->reference_sha256);
  copy->real_data_sent = g_strdup (provenance->real_data_sent);
  copy->status = g_strdup (provenance->status);
  copy->status_reason = g_strdup (provenance->status_reason);
  copy->created = g_strdup (provenance->created);
  copy->finished = g_strdup (provenance->finished);
  return copy;
}

void
fx_provenance_free (FxProvenance *provenance)
{
  if (provenance == NULL)
    return;
  g_free (provenance->provider);
  g_free (provenance->model);
  g_free (provenance->base_url);
  g_free (provenance->strategy);
  g_free (provenance->parameters);
  g_free (provenance->prompt_template_hash);
  g_free (provenance->reference_path);
  g_free (provenance->reference_sha256);
  g_free (provenance->real_data_sent);
  g_free (provenance->status);
  g_free (provenance->status_reason);
  g_free (provenance->created);
  g_free (provenance->finished);
  g_free (provenance);
}
