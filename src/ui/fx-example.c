/* fx-example.c: the bundled eICU demo example
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include "fx-example.h"
#include "fx-file.h"

#define EXAMPLE_RESOURCE "/io/github/facsimile/Facsimile/examples/eicu-demo/"

/* The copy of the bundled file @name, written atomically when missing or stale. */
static char *
extract (const char  *name,
         GError     **error)
{
  g_autofree char *resource = g_strconcat (EXAMPLE_RESOURCE, name, NULL);
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "facsimile", "examples", "eicu-demo", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *current = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize current_length = 0;
  gsize length;
  const char *data;

  bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &length);

  if (g_file_get_contents (path, &current, &current_length, NULL) &&
      current_length == length && memcmp (current, data, length) == 0)
    return g_steal_pointer (&path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: %s", dir, g_strerror (saved));
      return NULL;
    }
  if (!fx_write_file_atomic (path, data, length, error))
    return NULL;
  return g_steal_pointer (&path);
}

char *
fx_example_get_schema_path (GError **error)
{
  return extract ("schema.json", error);
}

char *
fx_example_get_reference_path (GError **error)
{
  return extract ("stays.csv", error);
}
