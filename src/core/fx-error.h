/* fx-error.h: error domains of the Facsimile core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FX_CSV_ERROR    (fx_csv_error_quark ())
#define FX_SCHEMA_ERROR (fx_schema_error_quark ())
#define FX_STATS_ERROR  (fx_stats_error_quark ())

typedef enum
{
  FX_CSV_ERROR_IO,
  FX_CSV_ERROR_EMPTY,
  FX_CSV_ERROR_BINARY,
  FX_CSV_ERROR_ENCODING,
  FX_CSV_ERROR_UNTERMINATED_QUOTE,
  FX_CSV_ERROR_STRAY_QUOTE,
  FX_CSV_ERROR_RAGGED_ROW,
  FX_CSV_ERROR_HEADER,
  FX_CSV_ERROR_TOO_LARGE,
} FxCsvError;

typedef enum
{
  FX_SCHEMA_ERROR_IO,
  FX_SCHEMA_ERROR_SYNTAX,
  FX_SCHEMA_ERROR_INVALID,
} FxSchemaError;

typedef enum
{
  FX_STATS_ERROR_EMPTY,
  FX_STATS_ERROR_INVALID,
} FxStatsError;

GQuark fx_csv_error_quark    (void);
GQuark fx_schema_error_quark (void);
GQuark fx_stats_error_quark  (void);

G_END_DECLS
