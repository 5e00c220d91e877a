/* fuzz-csv.c: the CSV reader under libFuzzer
 *
 * Any bytes must give a table or an error, never a crash.  A table that was read is
 * also described as a schema and written back out, and the CSV written must read
 * back to a table of the same shape: the writer quotes what the reader needs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "fx-csv.h"
#include "fx-schema.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* abort (), not g_error ()'s breakpoint trap: libFuzzer keeps the input of an abort */
#define fail(...) (g_printerr ("facsimile-fuzz: " __VA_ARGS__), g_printerr ("\n"), abort ())

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxTable) table = fx_csv_read_data ((const char *) data, size, "fuzz.csv", NULL, &error);
  g_autoptr(FxSchema) schema = NULL;
  g_autoptr(FxTable) again = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;

  if (table == NULL)
    {
      g_assert (error != NULL && error->message != NULL);
      return 0;
    }
  schema = fx_schema_infer (table, "fuzz");
  json = fx_schema_to_json (schema);
  g_assert (json != NULL);

  text = fx_csv_write_string (table);
  again = fx_csv_read_data (text, strlen (text), "written.csv", NULL, &error);
  if (again == NULL)
    fail ("the CSV written does not read back: %s", error->message);
  if (again->n_rows != table->n_rows || again->columns->len != table->columns->len)
    fail ("the CSV written reads back as %u × %u, not %u × %u",
             (guint) again->n_rows, again->columns->len, (guint) table->n_rows, table->columns->len);
  return 0;
}
