/* fx-prices.h: what providers charge, from a dated table, and what a run will cost
 *
 * The table ships in data/model-prices.json (compiled into the program, like the
 * capability table); FACSIMILE_MODEL_PRICES names a newer one without rebuilding, and
 * a user's copy in the configuration folder (what the Providers pane edits) wins over
 * both.  Every price says its currency, where it was read and when.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *provider;
  char   *match;      /* the pattern that matched the model */
  double  input;      /* per million input (prompt) tokens */
  double  output;     /* per million output tokens, reasoning included */
  char   *currency;   /* "USD" */
  char   *source;     /* where the price was read */
  char   *date;       /* when, YYYY-MM-DD */
  gboolean user;      /* from the user's own table */
} FxPrice;

/* (nullable) the price of @model at @provider; NULL when no table knows it (and for
 * baselines, which cost nothing). */
FxPrice *fx_price_lookup      (const char    *provider,
                               const char    *model);
/* (nullable) the same from the shipped table only, the user's own left aside. */
FxPrice *fx_price_lookup_shipped (const char *provider,
                                  const char *model);
void     fx_price_free        (FxPrice       *price);
/* What @input and @output tokens cost at @price. */
double   fx_price_cost        (const FxPrice *price,
                               gint64         input,
                               gint64         output);
/* "USD 2.50 in / 10.00 out per million tokens (https://..., 2025-08-07)" */
char    *fx_price_describe    (const FxPrice *price);

/* The user's table: $XDG_CONFIG_HOME/facsimile/model-prices.json. */
char    *fx_prices_user_path  (void);
/* Sets the user's price of @model at @provider (an exact id, or a pattern with * and
 * ?) in the user's table (written whole, or not at all).  @currency (nullable: USD) a
 * three-letter code, @date (nullable: today) YYYY-MM-DD; G_IO_ERROR_INVALID_ARGUMENT
 * says which is wrong. */
gboolean fx_prices_set_user   (const char    *provider,
                               const char    *model,
                               double         input,
                               double         output,
                               const char    *currency,
                               const char    *source,
                               const char    *date,
                               GError       **error);
/* Removes the user's price of exactly @model at @provider: the shipped one applies
 * again. */
gboolean fx_prices_unset_user (const char    *provider,
                               const char    *model,
                               GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxPrice, fx_price_free)

G_END_DECLS
