/* fx-store-tables.c: a stored run's rows as a table, with its schema and provenance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fx-run.h"
#include "fx-store-tables.h"

FxSchema *
fx_store_load_run_schema (FxStore      *store,
                          gint64        run_id,
                          FxRunRecord **run,
                          GError      **error)
{
  g_autoptr(FxRunRecord) record = NULL;
  g_autofree char *json = NULL;
  FxSchema *schema;

  g_return_val_if_fail (store != NULL, NULL);

  if ((record = fx_store_get_run (store, run_id, error)) == NULL ||
      (json = fx_store_get_schema_json (store, record->schema_id, error)) == NULL ||
      (schema = fx_schema_load_data (json, -1, "stored schema", error)) == NULL)
    return NULL;
  if (run != NULL)
    *run = g_steal_pointer (&record);
  return schema;
}

FxTable *
fx_store_load_run_table (FxStore      *store,
                         gint64        run_id,
                         FxRunRecord **run,
                         FxSchema    **schema,
                         GError      **error)
{
  g_autoptr(FxRunRecord) record = NULL;
  g_autoptr(FxSchema) run_schema = NULL;
  FxTable *table;

  if ((run_schema = fx_store_load_run_schema (store, run_id, &record, error)) == NULL ||
      (table = fx_run_rows_to_table (store, run_id, run_schema, error)) == NULL)
    return NULL;
  if (run != NULL)
    *run = g_steal_pointer (&record);
  if (schema != NULL)
    *schema = g_steal_pointer (&run_schema);
  return table;
}
