/* fx-estimate.h: what a generation will ask for and cost, before it asks
 *
 * The input tokens come from the prompt actually built for the job's first request;
 * the output tokens per row from earlier answers of the same provider and model with
 * as many features, when the store has any, else from the schema (a row written as
 * JSON holds each feature's name and a value, about four characters a token).  A
 * baseline asks for nothing and costs nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-job.h"
#include "fx-prices.h"
#include "fx-store.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean baseline;        /* no requests, no cost */
  guint64  requests;
  double   prompt_tokens;   /* per request */
  double   output_per_row;  /* tokens */
  gboolean measured;        /* output per row measured on earlier answers */
  gint64   input_tokens;    /* in all */
  gint64   output_tokens;
} FxEstimate;

/* The estimate of @job for its rows (@n_rows, 0: the job's own), reading earlier
 * answers from @store (nullable).  Fails only when the prompt cannot be built. */
gboolean  fx_estimate_job       (FxJob            *job,
                                 FxStore          *store,
                                 gsize             n_rows,
                                 FxEstimate       *estimate,
                                 GError          **error);
/* What @estimate costs at @price (nullable: unknown, NaN). */
double    fx_estimate_cost      (const FxEstimate *estimate,
                                 const FxPrice    *price);
/* One line for a person: "5 requests, about 2500 input and 4000 output tokens (output
 * guessed from the schema), USD 0.0463" or "no requests, no cost (a baseline)". */
char     *fx_estimate_describe  (const FxEstimate *estimate,
                                 const FxPrice    *price);

G_END_DECLS
