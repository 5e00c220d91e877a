/* fx-test-fixtures.c: fixtures the C tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fx-csv.h"
#include "fx-test-fixtures.h"

void
fx_test_load_example (FxSchema **schema,
                      FxTable  **table)
{
  const char *dir = g_getenv ("FX_EXAMPLE_DIR");
  g_autofree char *schema_path = NULL;
  g_autofree char *table_path = NULL;
  g_autoptr(GHashTable) types = NULL;
  g_autoptr(GError) error = NULL;
  FxCsvOptions options = { 0 };

  g_assert_nonnull (dir);
  schema_path = g_build_filename (dir, "schema.json", NULL);
  table_path = g_build_filename (dir, "stays.csv", NULL);
  *schema = fx_schema_load_file (schema_path, &error);
  g_assert_no_error (error);
  types = fx_schema_column_types (*schema);
  options.types = types;
  *table = fx_csv_read_file (table_path, &options, &error);
  g_assert_no_error (error);
}
