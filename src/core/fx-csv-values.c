/* fx-csv-values.c: how a CSV cell reads as a number or as missing, and how a number
 * is written back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fx-csv.h"

static const char *missing_words[] = { "na", "nan", "null" };

gboolean
fx_csv_is_missing_token (const char *text,
                         gsize       length)
{
  while (length > 0 && (*text == ' ' || *text == '\t'))
    text++, length--;
  while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == '\t'))
    length--;

  if (length == 0)
    return TRUE;
  if (length == 1 && text[0] == '?')
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (missing_words); i++)
    if (strlen (missing_words[i]) == length &&
        g_ascii_strncasecmp (text, missing_words[i], length) == 0)
      return TRUE;
  return FALSE;
}

static const double powers_of_ten[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

gboolean
fx_csv_parse_number (const char *text,
                     gsize       length,
                     double     *value,
                     gboolean   *integer_text)
{
  const char *p = text;
  const char *end = text + length;
  const char *start;
  guint64 mantissa = 0;
  int digits = 0, significant = 0, exp10 = 0;
  gboolean negative = FALSE, fraction = FALSE;

  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  start = p;

  if (p < end && (*p == '+' || *p == '-'))
    negative = *p++ == '-';

  for (; p < end && g_ascii_isdigit (*p); p++, digits++)
    {
      if (mantissa == 0 && *p == '0')
        continue;
      if (significant < 19)
        mantissa = mantissa * 10 + (guint64) (*p - '0');
      else
        exp10++;
      significant++;
    }

  if (p < end && *p == '.')
    {
      fraction = TRUE;
      for (p++; p < end && g_ascii_isdigit (*p); p++, digits++)
        {
          if (mantissa == 0 && *p == '0')
            {
              exp10--;
              continue;
            }
          if (significant < 19)
            {
              mantissa = mantissa * 10 + (guint64) (*p - '0');
              exp10--;
            }
          significant++;
        }
    }

  if (digits == 0)
    return FALSE;

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      gboolean eneg = FALSE;
      int e = 0, edigits = 0;

      fraction = TRUE;
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        eneg = *p++ == '-';
      for (; p < end && g_ascii_isdigit (*p); p++, edigits++)
        if (e < 100000)
          e = e * 10 + (*p - '0');
      if (edigits == 0)
        return FALSE;
      exp10 += eneg ? -e : e;
    }

  if (p != end)
    return FALSE;

  if (integer_text != NULL)
    *integer_text = !fraction;

  /* Clinger's fast path: both operands exact, one rounding. */
  if (significant <= 19 && mantissa <= (G_GUINT64_CONSTANT (1) << 53) &&
      exp10 >= -22 && exp10 <= 22)
    {
      double v = (double) mantissa;

      v = exp10 < 0 ? v / powers_of_ten[-exp10] : v * powers_of_ten[exp10];
      *value = negative ? -v : v;
      return TRUE;
    }

  {
    g_autofree char *copy = g_strndup (start, end - start);
    char *stop = NULL;

    *value = g_ascii_strtod (copy, &stop);
    if (stop == NULL || *stop != '\0' || !isfinite (*value))
      return FALSE;
  }
  return TRUE;
}

char *
fx_format_double (double value,
                  char   buf[32])
{
  if (isnan (value))
    {
      buf[0] = '\0';
      return buf;
    }
  if (value == floor (value) && fabs (value) < 9007199254740992.0)
    {
      g_snprintf (buf, 32, "%.0f", value);
      return buf;
    }
  /* the shortest of 15, 16 or 17 significant digits that reads back exactly */
  g_ascii_formatd (buf, 32, "%.15g", value);
  if (g_ascii_strtod (buf, NULL) == value)
    return buf;
  g_ascii_formatd (buf, 32, "%.16g", value);
  if (g_ascii_strtod (buf, NULL) == value)
    return buf;
  g_ascii_formatd (buf, 32, "%.17g", value);
  return buf;
}
