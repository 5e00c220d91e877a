/* fx-provenance.h: where a generated table came from
 *
 * What a report or an export shows of the run that made a synthetic table: generator,
 * model, server, strategy, parameters, reference data, what was disclosed, status,
 * counts and times.  A plain copy of the store's run record, so that what shows it
 * needs no part of the generation engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *provider;              /* a provider or a baseline name */
  char   *model;                 /* nullable */
  char   *base_url;              /* nullable */
  char   *strategy;
  char   *parameters;            /* JSON object text */
  char   *prompt_template_hash;  /* nullable */
  char   *reference_path;        /* nullable */
  char   *reference_sha256;      /* nullable */
  char   *real_data_sent;        /* JSON text; "[]" when nothing was disclosed */
  char   *status;                /* "running", "completed", "failed", "cancelled" */
  char   *status_reason;         /* nullable */
  gint64  rows_requested;
  gint64  rows_accepted;
  gint64  rows_rejected;
  gint64  requests;
  gint64  prompt_tokens;
  gint64  completion_tokens;
  char   *created;               /* ISO 8601 UTC */
  char   *finished;              /* nullable */
} FxProvenance;

FxProvenance *fx_provenance_copy (const FxProvenance *provenance);
void          fx_provenance_free (FxProvenance       *provenance);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxProvenance, fx_provenance_free)

G_END_DECLS
