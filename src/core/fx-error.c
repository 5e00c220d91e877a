/* fx-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fx-error.h"

G_DEFINE_QUARK (fx-csv-error-quark, fx_csv_error)
G_DEFINE_QUARK (fx-schema-error-quark, fx_schema_error)
G_DEFINE_QUARK (fx-stats-error-quark, fx_stats_error)
