/* fx-rows.c: a fast, strict reader of the rows in a model's text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fx-csv.h"
#include "fx-rows.h"

/* Deeper nesting (only outside the rows) is left to json-glib. */
#define MAX_DEPTH 64

/* Integers of up to this many digits fit in a gint64; longer ones wrap around in
 * json-glib 1.6, and are left to it. */
#define MAX_INTEGER_DIGITS 18

typedef struct
{
  guint first;      /* index of the first member */
  guint n_members;
  gsize start;      /* the row's text: offset of its '{' in the JSON */
  gsize length;
} RowSpan;

typedef struct
{
  gint64   integer;
  gboolean is_integer;  /* written without a fraction or an exponent */
} MemberExtra;

struct _FxRows
{
  char   *text;     /* a copy of the JSON */
  char   *arena;    /* unescaped names and strings, each NUL-terminated */
  GArray *members;  /* (element-type FxMember) every row's, one row after another */
  GArray *extras;   /* (element-type MemberExtra) one per member */
  GArray *rows;     /* (element-type RowSpan) */
};

typedef struct
{
  const char *p;
  char       *out;      /* next free byte of the arena */
  FxRows     *rows;
  /* the names of the current row, to find a duplicate: open addressing on a hash,
   * slots of older rows told apart by a stamp instead of being cleared */
  guint32    *slot_hash;
  guint32    *slot_stamp;
  guint      *slot_member;
  guint       n_slots;  /* a power of two */
  guint32     stamp;
} Reader;

static gboolean read_value (Reader *r,
                            guint   depth);

static inline void
skip_space (Reader *r)
{
  while (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t')
    r->p++;
}

static inline int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (const char *p,
           gunichar   *out)
{
  gunichar v = 0;

  for (int i = 0; i < 4; i++)
    {
      int d = hex_value (p[i]);

      if (d < 0)
        return FALSE;
      v = v * 16 + (gunichar) d;
    }
  *out = v;
  return TRUE;
}

/* A string at r->p (its opening quote), unescaped into the arena; *@out is the copy
 * and *@out_length its length. */
static gboolean
read_string (Reader      *r,
             const char **out,
             gsize       *out_length)
{
  const guchar *p = (const guchar *) r->p + 1;
  char *o = r->out;
  char *start = o;
  gboolean non_ascii = FALSE;

  for (;;)
    {
      guchar c = *p;

      if (c == '"')
        break;
      if (c == '\\')
        {
          gunichar u;

          switch (p[1])
            {
            case '"': *o++ = '"'; p += 2; continue;
            case '\\': *o++ = '\\'; p += 2; continue;
            case '/': *o++ = '/'; p += 2; continue;
            case 'b': *o++ = '\b'; p += 2; continue;
            case 'f': *o++ = '\f'; p += 2; continue;
            case 'n': *o++ = '\n'; p += 2; continue;
            case 'r': *o++ = '\r'; p += 2; continue;
            case 't': *o++ = '\t'; p += 2; continue;
            case 'u':
              if (!read_hex4 ((const char *) p + 2, &u))
                return FALSE;
              p += 6;
              /* NUL would cut the string short in json-glib */
              if (u == 0 || (u >= 0xdc00 && u <= 0xdfff))
                return FALSE;
              if (u >= 0xd800 && u <= 0xdbff)
                {
                  gunichar low;

                  if (p[0] != '\\' || p[1] != 'u' || !read_hex4 ((const char *) p + 2, &low) ||
                      low < 0xdc00 || low > 0xdfff)
                    return FALSE;
                  p += 6;
                  u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
                }
              o += g_unichar_to_utf8 (u, o);
              continue;
            default:
              return FALSE;
            }
        }
      /* control characters (and the end of the text) are not allowed raw */
      if (c < 0x20)
        return FALSE;
      if (c >= 0x80)
        non_ascii = TRUE;
      *o++ = (char) c;
      p++;
    }

  if (non_ascii && !g_utf8_validate (start, o - start, NULL))
    return FALSE;
  *o++ = '\0';
  r->out = o;
  r->p = (const char *) p + 1;
  *out = start;
  *out_length = (gsize) (o - start - 1);
  return TRUE;
}

/* A number at r->p in JSON's grammar, read as json-glib reads it. */
static gboolean
read_number (Reader      *r,
             double      *value,
             MemberExtra *extra)
{
  const char *start = r->p;
  const char *p = start;
  const char *digits;
  gboolean negative = FALSE, is_float = FALSE;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  digits = p;
  if (*p == '0')
    p++;
  else if (*p >= '1' && *p <= '9')
    while (g_ascii_isdigit (*p))
      p++;
  else
    return FALSE;

  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
      is_float = TRUE;
    }
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
      is_float = TRUE;
    }

  if (!is_float)
    {
      gint64 v = 0;

      if (p - digits > MAX_INTEGER_DIGITS)
        return FALSE;
      for (const char *d = digits; d < p; d++)
        v = v * 10 + (*d - '0');
      /* json-glib negates the integer: -0 is 0 */
      v = negative ? -v : v;
      extra->integer = v;
      extra->is_integer = TRUE;
      *value = (double) v;
    }
  else
    {
      /* fx_csv_parse_number () rounds exactly (as g_strtod () in json-glib) and
       * refuses what overflows to infinity, which json-glib would keep */
      if (!fx_csv_parse_number (start, p - start, value, NULL))
        return FALSE;
      extra->is_integer = FALSE;
    }
  r->p = p;
  return TRUE;
}

static gboolean
read_literal (Reader     *r,
              const char *word,
              gsize       length)
{
  if (strncmp (r->p, word, length) != 0)
    return FALSE;
  r->p += length;
  return TRUE;
}

/* Any value, checked and skipped (outside the rows). */
static gboolean
read_value (Reader *r,
            guint   depth)
{
  const char *s;
  gsize n;
  double v;
  MemberExtra extra;

  switch (*r->p)
    {
    case '"':
      return read_string (r, &s, &n);
    case 't':
      return read_literal (r, "true", 4);
    case 'f':
      return read_literal (r, "false", 5);
    case 'n':
      return read_literal (r, "null", 4);
    case '[':
    case '{':
      {
        gboolean is_object = *r->p == '{';
        char close = is_object ? '}' : ']';

        if (depth >= MAX_DEPTH)
          return FALSE;
        r->p++;
        skip_space (r);
        if (*r->p == close)
          {
            r->p++;
            return TRUE;
          }
        for (;;)
          {
            if (is_object)
              {
                if (*r->p != '"' || !read_string (r, &s, &n) || n == 0)
                  return FALSE;
                skip_space (r);
                if (*r->p != ':')
                  return FALSE;
                r->p++;
                skip_space (r);
              }
            if (!read_value (r, depth + 1))
              return FALSE;
            skip_space (r);
            if (*r->p == close)
              {
                r->p++;
                return TRUE;
              }
            if (*r->p != ',')
              return FALSE;
            r->p++;
            skip_space (r);
          }
      }
    default:
      return read_number (r, &v, &extra);
    }
}

/* Cheap on purpose: a few bytes and the length (names in one row differ mostly
 * there); equal hashes are told apart by strcmp (). */
static inline guint32
hash_name (const char *name,
           gsize       length)
{
  const guchar *s = (const guchar *) name;
  guint32 h = (guint32) length * 2654435761u;

  h ^= s[0] * 31u + s[length / 2] * 131u + s[length - 1] * 1031u + s[length * 3 / 4] * 8191u;
  return h * 2246822519u ^ (h >> 15);
}

static void
grow_slots (Reader *r)
{
  g_free (r->slot_hash);
  g_free (r->slot_stamp);
  g_free (r->slot_member);
  r->n_slots = r->n_slots == 0 ? 128 : r->n_slots * 2;
  r->slot_hash = g_new (guint32, r->n_slots);
  r->slot_stamp = g_new0 (guint32, r->n_slots);
  r->slot_member = g_new (guint, r->n_slots);
  r->stamp = 0;
}

/* Whether the current row already has a member called like member @index; notes it
 * otherwise.  The row's members from @first on are in the table. */
static gboolean
is_duplicate (Reader *r,
              guint   first,
              guint   index,
              gsize   length)
{
  const FxMember *members = (const FxMember *) (void *) r->rows->members->data;
  const char *name = members[index].name;
  guint32 h = hash_name (name, length);
  guint mask;

  /* at most half full */
  if ((index - first + 1) * 2 > r->n_slots)
    {
      grow_slots (r);
      r->stamp++;
      for (guint i = first; i < index; i++)
        if (is_duplicate (r, first, i, strlen (members[i].name)))
          g_assert_not_reached ();
    }
  mask = r->n_slots - 1;
  for (guint i = h & mask;; i = (i + 1) & mask)
    {
      if (r->slot_stamp[i] != r->stamp)
        {
          r->slot_stamp[i] = r->stamp;
          r->slot_hash[i] = h;
          r->slot_member[i] = index;
          return FALSE;
        }
      if (r->slot_hash[i] == h && strcmp (members[r->slot_member[i]].name, name) == 0)
        return TRUE;
    }
}

/* A row object at r->p: its members, or FALSE for anything but single values under
 * distinct names. */
static gboolean
read_row (Reader *r)
{
  RowSpan span = { r->rows->members->len, 0, 0, 0 };
  const char *start = r->p;

  if (*r->p != '{')
    return FALSE;
  r->p++;
  skip_space (r);

  if (++r->stamp == 0)
    {
      /* the stamps wrapped around: clear them once */
      memset (r->slot_stamp, 0, r->n_slots * sizeof (guint32));
      r->stamp = 1;
    }

  if (*r->p != '}')
    for (;;)
      {
        FxMember m = { NULL, FX_MEMBER_NULL, FALSE, 0, NULL };
        MemberExtra extra = { 0, FALSE };
        gsize name_length, n;

        if (*r->p != '"' || !read_string (r, &m.name, &name_length) || name_length == 0)
          return FALSE;
        skip_space (r);
        if (*r->p != ':')
          return FALSE;
        r->p++;
        skip_space (r);

        switch (*r->p)
          {
          case '"':
            m.kind = FX_MEMBER_STRING;
            if (!read_string (r, &m.string, &n))
              return FALSE;
            break;
          case 't':
            m.kind = FX_MEMBER_BOOLEAN;
            m.boolean = TRUE;
            if (!read_literal (r, "true", 4))
              return FALSE;
            break;
          case 'f':
            m.kind = FX_MEMBER_BOOLEAN;
            if (!read_literal (r, "false", 5))
              return FALSE;
            break;
          case 'n':
            if (!read_literal (r, "null", 4))
              return FALSE;
            break;
          default:
            /* nested values are json-glib's to read (and the checks' to refuse) */
            m.kind = FX_MEMBER_NUMBER;
            if (!read_number (r, &m.number, &extra))
              return FALSE;
          }

        g_array_append_val (r->rows->members, m);
        g_array_append_val (r->rows->extras, extra);
        if (is_duplicate (r, span.first, r->rows->members->len - 1, name_length))
          return FALSE;

        skip_space (r);
        if (*r->p == '}')
          break;
        if (*r->p != ',')
          return FALSE;
        r->p++;
        skip_space (r);
      }
  r->p++;

  span.n_members = r->rows->members->len - span.first;
  span.start = start - r->rows->text;
  span.length = r->p - start;
  g_array_append_val (r->rows->rows, span);
  return TRUE;
}

/* The array of rows at r->p. */
static gboolean
read_rows (Reader *r)
{
  if (*r->p != '[')
    return FALSE;
  r->p++;
  skip_space (r);
  if (*r->p == ']')
    {
      r->p++;
      return TRUE;
    }
  for (;;)
    {
      if (!read_row (r))
        return FALSE;
      skip_space (r);
      if (*r->p == ']')
        {
          r->p++;
          return TRUE;
        }
      if (*r->p != ',')
        return FALSE;
      r->p++;
      skip_space (r);
    }
}

/* {"rows": [...], ...}: other members are checked and skipped; "rows" must come
 * once (json-glib would keep the last of two). */
static gboolean
read_top_object (Reader *r)
{
  gboolean seen_rows = FALSE;

  r->p++;
  skip_space (r);
  if (*r->p == '}')
    return FALSE;  /* no "rows" */
  for (;;)
    {
      const char *name;
      gsize length;

      if (*r->p != '"' || !read_string (r, &name, &length) || length == 0)
        return FALSE;
      skip_space (r);
      if (*r->p != ':')
        return FALSE;
      r->p++;
      skip_space (r);
      if (strcmp (name, "rows") == 0)
        {
          if (seen_rows || !read_rows (r))
            return FALSE;
          seen_rows = TRUE;
        }
      else if (!read_value (r, 1))
        return FALSE;
      skip_space (r);
      if (*r->p == '}')
        break;
      if (*r->p != ',')
        return FALSE;
      r->p++;
      skip_space (r);
    }
  r->p++;
  return seen_rows;
}

FxRows *
fx_rows_parse (const char *json,
               gsize       length)
{
  g_autoptr(FxRows) rows = g_new0 (FxRows, 1);
  Reader r = { 0 };
  gboolean ok;

  g_return_val_if_fail (json != NULL, NULL);

  /* the reader relies on the NUL at the end; text after an inner NUL is not JSON
   * to json-glib either */
  if (strlen (json) != length)
    return NULL;

  rows->text = g_strndup (json, length);
  /* unescaped strings never take more room than their quoted spelling */
  rows->arena = g_malloc (length + 1);
  rows->members = g_array_sized_new (FALSE, FALSE, sizeof (FxMember), 64);
  rows->extras = g_array_sized_new (FALSE, FALSE, sizeof (MemberExtra), 64);
  rows->rows = g_array_sized_new (FALSE, FALSE, sizeof (RowSpan), 16);

  r.p = rows->text;
  r.out = rows->arena;
  r.rows = rows;
  grow_slots (&r);

  skip_space (&r);
  if (*r.p == '{')
    ok = read_top_object (&r);
  else if (*r.p == '[')
    ok = read_rows (&r);
  else
    ok = FALSE;
  if (ok)
    {
      skip_space (&r);
      ok = *r.p == '\0';
    }

  g_free (r.slot_hash);
  g_free (r.slot_stamp);
  g_free (r.slot_member);
  g_assert (r.out <= rows->arena + length + 1);
  return ok ? g_steal_pointer (&rows) : NULL;
}

void
fx_rows_free (FxRows *rows)
{
  if (rows == NULL)
    return;
  g_free (rows->text);
  g_free (rows->arena);
  if (rows->members != NULL)
    g_array_unref (rows->members);
  if (rows->extras != NULL)
    g_array_unref (rows->extras);
  if (rows->rows != NULL)
    g_array_unref (rows->rows);
  g_free (rows);
}

guint
fx_rows_get_length (const FxRows *rows)
{
  g_return_val_if_fail (rows != NULL, 0);

  return rows->rows->len;
}

const FxMember *
fx_rows_get_members (const FxRows *rows,
                     guint         index,
                     gsize        *n_members)
{
  const RowSpan *span;

  g_return_val_if_fail (rows != NULL, NULL);
  g_return_val_if_fail (index < rows->rows->len, NULL);
  g_return_val_if_fail (n_members != NULL, NULL);

  span = &g_array_index (rows->rows, RowSpan, index);
  *n_members = span->n_members;
  return &g_array_index (rows->members, FxMember, span->first);
}

char *
fx_rows_dup_text (const FxRows *rows,
                  guint         index)
{
  const RowSpan *span;
  const char *p, *end;
  char *out, *o;

  g_return_val_if_fail (rows != NULL, NULL);
  g_return_val_if_fail (index < rows->rows->len, NULL);

  span = &g_array_index (rows->rows, RowSpan, index);
  p = rows->text + span->start;
  end = p + span->length;
  /* a row on one line is kept as it is */
  if (memchr (p, '\n', span->length) == NULL && memchr (p, '\r', span->length) == NULL)
    return g_strndup (p, span->length);

  o = out = g_malloc (span->length + 1);
  while (p < end)
    {
      char c = *p++;

      if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
        continue;
      *o++ = c;
      if (c == '"')
        {
          /* a string, copied as it is (the text is known to be valid) */
          while (*p != '"')
            {
              if (*p == '\\')
                *o++ = *p++;
              *o++ = *p++;
            }
          *o++ = *p++;
        }
    }
  *o = '\0';
  return out;
}

JsonArray *
fx_rows_to_json_array (const FxRows *rows)
{
  JsonArray *array;
  const FxMember *members;
  const MemberExtra *extras;

  g_return_val_if_fail (rows != NULL, NULL);

  array = json_array_sized_new (rows->rows->len);
  members = (const FxMember *) (void *) rows->members->data;
  extras = (const MemberExtra *) (void *) rows->extras->data;
  for (guint i = 0; i < rows->rows->len; i++)
    {
      const RowSpan *span = &g_array_index (rows->rows, RowSpan, i);
      JsonObject *object = json_object_new ();

      for (guint k = span->first; k < span->first + span->n_members; k++)
        {
          const FxMember *m = &members[k];

          switch (m->kind)
            {
            case FX_MEMBER_NULL:
              json_object_set_null_member (object, m->name);
              break;
            case FX_MEMBER_BOOLEAN:
              json_object_set_boolean_member (object, m->name, m->boolean);
              break;
            case FX_MEMBER_STRING:
              json_object_set_string_member (object, m->name, m->string);
              break;
            case FX_MEMBER_NUMBER:
              if (extras[k].is_integer)
                json_object_set_int_member (object, m->name, extras[k].integer);
              else
                json_object_set_double_member (object, m->name, m->number);
              break;
            case FX_MEMBER_OBJECT:
            case FX_MEMBER_ARRAY:
            default:
              g_assert_not_reached ();
            }
        }
      json_array_add_object_element (array, object);
    }
  return array;
}
