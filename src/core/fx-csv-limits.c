/* fx-csv-limits.c: how much a CSV file may hold, and the options that change it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-csv.h"

static FxCsvLimits limits = {
  FX_CSV_DEFAULT_MAX_FIELD_BYTES,
  FX_CSV_DEFAULT_MAX_COLUMNS,
  FX_CSV_DEFAULT_MAX_CATEGORIES,
};

const FxCsvLimits *
fx_csv_get_limits (void)
{
  return &limits;
}

void
fx_csv_set_limits (const FxCsvLimits *new_limits)
{
  limits = *new_limits;
}

/* A count, with an optional K, M or G (powers of 1024) for byte sizes. */
static gboolean
parse_limit (const char  *option_name,
             const char  *value,
             gboolean     with_units,
             guint64      maximum,
             guint64     *out,
             GError     **error)
{
  char *end = NULL;
  guint64 v;

  errno = 0;
  v = g_ascii_strtoull (value, &end, 10);
  if (end != value && with_units && *end != '\0')
    {
      guint shift = 0;

      switch (g_ascii_toupper (*end))
        {
        case 'K': shift = 10; break;
        case 'M': shift = 20; break;
        case 'G': shift = 30; break;
        default: break;
        }
      if (shift > 0 && (end[1] == '\0' || (g_ascii_toupper (end[1]) == 'B' && end[2] == '\0')))
        {
          v = v > (G_MAXUINT64 >> shift) ? G_MAXUINT64 : v << shift;
          end += strlen (end);
        }
    }
  if (end == value || *end != '\0' || errno != 0 || v == 0 || v > maximum || value[0] == '-')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   with_units ? _("%s must be a number of bytes from 1 (K, M and G allowed), not “%s”")
                              : _("%s must be a whole number from 1, not “%s”"),
                   option_name, value);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
on_limit_option (const char  *option_name,
                 const char  *value,
                 gpointer     data,
                 GError     **error)
{
  guint64 v;

  if (g_str_equal (option_name, "--max-field-bytes"))
    {
      if (!parse_limit (option_name, value, TRUE, G_MAXUINT64, &v, error))
        return FALSE;
      limits.max_field_bytes = v;
    }
  else
    {
      if (!parse_limit (option_name, value, FALSE, G_MAXUINT, &v, error))
        return FALSE;
      if (g_str_equal (option_name, "--max-columns"))
        limits.max_columns = (guint) v;
      else
        limits.max_categories = (guint) v;
    }
  return TRUE;
}

const GOptionEntry *
fx_csv_limit_entries (void)
{
  static const GOptionEntry entries[] = {
    { "max-field-bytes", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_limit_option,
      N_("Stop at a CSV field longer than this (default 1M)"), N_("BYTES") },
    { "max-columns", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_limit_option,
      N_("Stop at a CSV file with more columns than this (default 10000)"), N_("N") },
    { "max-categories", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_limit_option,
      N_("Take a column with more distinct labels than this for an identifier (default 1000)"), N_("N") },
    { NULL }
  };

  return entries;
}
