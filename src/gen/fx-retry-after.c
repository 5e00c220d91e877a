/* fx-retry-after.c: how long a server asks to wait
 *
 * retry-after-ms, else retry-after as seconds or as an HTTP date in any of the three
 * forms a recipient must accept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>

#include "fx-provider.h"

static int
month_from_name (const char *name)
{
  static const char *const months[] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  };

  for (int i = 0; i < 12; i++)
    if (g_ascii_strcasecmp (name, months[i]) == 0)
      return i + 1;
  return 0;
}

/* An HTTP date in any of the three forms RFC 9110 says a recipient must accept:
 * IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT"
 * and asctime "Sun Nov  6 08:49:37 1994". */
static GDateTime *
parse_http_date (const char *text)
{
  char month_name[4] = { 0 };
  int day, year, hour, minute, second, month;

  if (sscanf (text, "%*[A-Za-z], %d %3[A-Za-z] %d %d:%d:%d GMT",
              &day, month_name, &year, &hour, &minute, &second) == 6)
    ;
  else if (sscanf (text, "%*[A-Za-z], %d-%3[A-Za-z]-%d %d:%d:%d GMT",
                   &day, month_name, &year, &hour, &minute, &second) == 6)
    {
      /* A two-digit year: RFC 9110 reads one more than 50 years ahead as the past;
       * for a delay that means the 2000s. */
      if (year < 100)
        year += year < 70 ? 2000 : 1900;
    }
  else if (sscanf (text, "%*[A-Za-z] %3[A-Za-z] %d %d:%d:%d %d",
                   month_name, &day, &hour, &minute, &second, &year) == 6)
    ;
  else
    return NULL;

  month = month_from_name (month_name);
  if (month == 0)
    return NULL;
  return g_date_time_new_utc (year, month, day, hour, minute, second);
}

/* A non-negative finite number filling all of @text (surrounding space allowed). */
static gboolean
parse_seconds (const char *text,
               double     *value)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;
  double v;

  if (copy[0] == '\0' || !(g_ascii_isdigit (copy[0]) || copy[0] == '.'))
    return FALSE;
  v = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0' || !isfinite (v) || v < 0)
    return FALSE;
  *value = v;
  return TRUE;
}

/* The text between a ```lang line and the closing ```, or NULL when @text has no fence. */

/* ---- headers ------------------------------------------------------------------- */

double
fx_retry_after_from_headers (GHashTable *headers)
{
  const char *value;
  double seconds;

  if (headers == NULL)
    return -1;

  /* OpenAI's own header is finer than retry-after and wins when both are there. */
  value = g_hash_table_lookup (headers, "retry-after-ms");
  if (value != NULL && parse_seconds (value, &seconds))
    return seconds / 1000.0;

  value = g_hash_table_lookup (headers, "retry-after");
  if (value == NULL)
    return -1;
  if (parse_seconds (value, &seconds))
    return seconds;
  {
    g_autofree char *copy = g_strstrip (g_strdup (value));
    g_autoptr(GDateTime) date = parse_http_date (copy);
    g_autoptr(GDateTime) now = NULL;
    GTimeSpan span;

    if (date == NULL)
      return -1;
    now = g_date_time_new_now_utc ();
    span = g_date_time_difference (date, now);
    /* A date already past means "now", not "never". */
    return span > 0 ? (double) span / G_TIME_SPAN_SECOND : 0;
  }
}
