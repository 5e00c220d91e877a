/* fuzz-schema.c: the schema loader under libFuzzer
 *
 * Any bytes must give a schema or an error with its position, never a crash.  A
 * schema that loads is written as JSON, and that JSON must load again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fx-schema.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* abort (), not g_error ()'s breakpoint trap: libFuzzer keeps the input of an abort */
#define fail(...) (g_printerr ("facsimile-fuzz: " __VA_ARGS__), g_printerr ("\n"), abort ())

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FxSchema) schema = fx_schema_load_data ((const char *) data, (gssize) size, "fuzz.json", &error);
  g_autoptr(FxSchema) again = NULL;
  g_autofree char *json = NULL;

  if (schema == NULL)
    {
      g_assert (error != NULL && g_str_has_prefix (error->message, "fuzz.json:"));
      return 0;
    }
  json = fx_schema_to_json (schema);
  again = fx_schema_load_data (json, -1, "written.json", &error);
  if (again == NULL)
    fail ("a schema that loaded does not load again once written: %s\n%s", error->message, json);
  return 0;
}
