/* fx-schema-validate.c: rows held against a schema
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-csv.h"
#include "fx-schema.h"
#include "fx-schema-private.h"

const char *
fx_violation_kind_to_string (FxViolationKind kind)
{
  switch (kind)
    {
    case FX_VIOLATION_TYPE: return "type";
    case FX_VIOLATION_RANGE: return "range";
    case FX_VIOLATION_CATEGORY: return "category";
    case FX_VIOLATION_MISSING: return "missing";
    case FX_VIOLATION_UNKNOWN_FIELD: return "unknown-field";
    default: g_return_val_if_reached (NULL);
    }
}

void
fx_violation_free (FxViolation *violation)
{
  if (violation == NULL)
    return;
  g_free (violation->feature);
  g_free (violation->message);
  g_free (violation);
}

G_GNUC_PRINTF (4, 5)
static void
add_violation (GPtrArray       *out,
               const char      *feature,
               FxViolationKind  kind,
               const char      *format,
               ...)
{
  FxViolation *v = g_new0 (FxViolation, 1);
  va_list args;

  va_start (args, format);
  v->feature = g_strdup (feature);
  v->kind = kind;
  v->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (out, v);
}

typedef enum
{
  CELL_MISSING,
  CELL_NUMBER,
  CELL_BOOLEAN,
  CELL_TEXT,
} CellKind;

typedef struct
{
  CellKind    kind;
  double      number;
  gboolean    boolean;
  const char *text;     /* the value as written, for messages and categories */
} Cell;

/* A cell as written; numbers from JSON are spelt only when a message needs them. */
static const char *
cell_text (const Cell *cell,
           char        buf[32])
{
  if (cell->text != NULL)
    return cell->text;
  return fx_format_double (cell->number, buf);
}

static void
check_cell (const FxFeature *f,
            const Cell      *cell,
            GPtrArray       *out)
{
  char buf[32];

  if (cell->kind == CELL_MISSING)
    {
      if (!f->nullable)
        add_violation (out, f->name, FX_VIOLATION_MISSING,
                       _("“%s” is missing but may not be"), f->name);
      return;
    }

  switch (f->type)
    {
    case FX_COLUMN_INTEGER:
    case FX_COLUMN_NUMBER:
      if (cell->kind != CELL_NUMBER)
        {
          add_violation (out, f->name, FX_VIOLATION_TYPE, _("“%s” must be %s, got “%s”"), f->name,
                         f->type == FX_COLUMN_INTEGER ? _("an integer") : _("a number"), cell_text (cell, buf));
          return;
        }
      if (f->type == FX_COLUMN_INTEGER && cell->number != floor (cell->number))
        {
          add_violation (out, f->name, FX_VIOLATION_TYPE, _("“%s” must be an integer, got %s"),
                         f->name, fx_format_double (cell->number, buf));
          return;
        }
      if (f->has_minimum && cell->number < f->minimum)
        {
          char lo[32];

          add_violation (out, f->name, FX_VIOLATION_RANGE, _("“%s” is %s, below the minimum %s"),
                         f->name, fx_format_double (cell->number, buf), fx_format_double (f->minimum, lo));
        }
      if (f->has_maximum && cell->number > f->maximum)
        {
          char hi[32];

          add_violation (out, f->name, FX_VIOLATION_RANGE, _("“%s” is %s, above the maximum %s"),
                         f->name, fx_format_double (cell->number, buf), fx_format_double (f->maximum, hi));
        }
      break;

    case FX_COLUMN_BOOLEAN:
      if (cell->kind != CELL_BOOLEAN && !(cell->kind == CELL_NUMBER && (cell->number == 0 || cell->number == 1)))
        add_violation (out, f->name, FX_VIOLATION_TYPE,
                       _("“%s” must be true or false (1 or 0), got “%s”"), f->name, cell_text (cell, buf));
      break;

    case FX_COLUMN_CATEGORICAL:
      /* a label is its text, whether it reads as a number or a yes/no word */
      if (f->categories->len > 0)
        {
          gboolean found = FALSE;

          for (guint i = 0; i < f->categories->len && !found; i++)
            found = g_str_equal (g_ptr_array_index (f->categories, i), cell->text);
          if (!found)
            add_violation (out, f->name, FX_VIOLATION_CATEGORY,
                           _("“%s” is “%s”, which is not one of its categories"), f->name, cell->text);
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
classify_text (const char *text,
               Cell       *cell)
{
  gsize len = strlen (text);
  double v;

  cell->text = text;
  if (fx_csv_is_missing_token (text, len))
    cell->kind = CELL_MISSING;
  else if (fx_csv_parse_number (text, len, &v, NULL))
    {
      cell->kind = CELL_NUMBER;
      cell->number = v;
    }
  else if (g_ascii_strcasecmp (text, "true") == 0 || g_ascii_strcasecmp (text, "yes") == 0)
    {
      cell->kind = CELL_BOOLEAN;
      cell->boolean = TRUE;
    }
  else if (g_ascii_strcasecmp (text, "false") == 0 || g_ascii_strcasecmp (text, "no") == 0)
    {
      cell->kind = CELL_BOOLEAN;
      cell->boolean = FALSE;
    }
  else
    cell->kind = CELL_TEXT;
}

GPtrArray *
fx_schema_validate_strings (const FxSchema     *schema,
                            const char * const *names,
                            const char * const *values,
                            gsize               n)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_violation_free);

  for (gsize i = 0; i < n; i++)
    if (fx_schema_find_feature (schema, names[i]) == NULL)
      add_violation (out, names[i], FX_VIOLATION_UNKNOWN_FIELD,
                     _("“%s” is not a feature of the schema"), names[i]);

  for (guint k = 0; k < schema->features->len; k++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, k);
      Cell cell = { CELL_MISSING, 0, FALSE, "" };

      for (gsize i = 0; i < n; i++)
        if (g_str_equal (names[i], f->name))
          {
            classify_text (values[i] != NULL ? values[i] : "", &cell);
            break;
          }
      check_cell (f, &cell, out);
    }

  return out;
}

/* One member of a row object (NULL when the row lacks it) against its feature: the
 * rules shared by fx_schema_validate_object () and fx_schema_validate_members (). */
static gboolean
is_listed_category (const FxFeature *f,
                    const char      *text)
{
  if (f->type != FX_COLUMN_CATEGORICAL)
    return FALSE;
  for (guint i = 0; i < f->categories->len; i++)
    if (g_str_equal (g_ptr_array_index (f->categories, i), text))
      return TRUE;
  return FALSE;
}

static void
check_member (const FxFeature *f,
              const FxMember  *m,
              GPtrArray       *out)
{
  char buf[32];
  Cell cell = { CELL_MISSING, 0, FALSE, "" };

  if (m == NULL || m->kind == FX_MEMBER_NULL)
    cell.kind = CELL_MISSING;
  else if (m->kind == FX_MEMBER_NUMBER)
    {
      cell.kind = CELL_NUMBER;
      cell.number = m->number;
      /* the spelling matters only as a category label; messages make their own */
      cell.text = NULL;
      if (f->type == FX_COLUMN_CATEGORICAL)
        cell.text = fx_format_double (cell.number, buf);
    }
  else if (m->kind == FX_MEMBER_BOOLEAN)
    {
      cell.kind = CELL_BOOLEAN;
      cell.boolean = m->boolean;
      cell.text = cell.boolean ? "true" : "false";
    }
  else if (m->kind == FX_MEMBER_STRING)
    {
      /* a model's string is taken as written: "42" is not the number 42 */
      cell.kind = CELL_TEXT;
      cell.text = m->string;
      /* "NA" is a missing value, unless the schema lists it as a category */
      if (fx_csv_is_missing_token (cell.text, strlen (cell.text)) && !is_listed_category (f, cell.text))
        cell.kind = CELL_MISSING;
    }
  else
    {
      add_violation (out, f->name, FX_VIOLATION_TYPE, _("“%s” must be a single value, got %s"),
                     f->name, m->kind == FX_MEMBER_OBJECT ? _("an object") : _("an array"));
      return;
    }

  /* a category may be written as a number (1 for the category "1"), but JSON
   * true or false is no label */
  if (f->type == FX_COLUMN_CATEGORICAL && cell.kind == CELL_BOOLEAN)
    {
      add_violation (out, f->name, FX_VIOLATION_TYPE, _("“%s” must be a category, got %s"),
                     f->name, cell.text);
      return;
    }
  if (f->type == FX_COLUMN_CATEGORICAL && cell.kind == CELL_NUMBER)
    cell.kind = CELL_TEXT;
  check_cell (f, &cell, out);
}

GPtrArray *
fx_schema_validate_object (const FxSchema *schema,
                           JsonObject     *row)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_violation_free);
  guint matched = 0;

  for (guint k = 0; k < schema->features->len; k++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, k);
      JsonNode *node = json_object_get_member (row, f->name);
      FxMember member = { f->name, FX_MEMBER_NULL, FALSE, 0, NULL };

      if (node != NULL)
        matched++;
      if (node == NULL)
        {
          check_member (f, NULL, out);
          continue;
        }
      if (JSON_NODE_HOLDS_NULL (node))
        member.kind = FX_MEMBER_NULL;
      else if (fx_json_node_is_number (node))
        {
          member.kind = FX_MEMBER_NUMBER;
          member.number = json_node_get_double (node);
        }
      else if (fx_json_node_is_boolean (node))
        {
          member.kind = FX_MEMBER_BOOLEAN;
          member.boolean = json_node_get_boolean (node);
        }
      else if (fx_json_node_is_string (node))
        {
          member.kind = FX_MEMBER_STRING;
          member.string = json_node_get_string (node);
        }
      else
        {
          add_violation (out, f->name, FX_VIOLATION_TYPE, _("“%s” must be a single value, got %s"),
                         f->name, fx_json_node_kind (node));
          continue;
        }
      check_member (f, &member, out);
    }

  /* members the schema does not know: only looked for when there are some */
  if (json_object_get_size (row) > matched)
    {
      g_autoptr(GList) members = json_object_get_members (row);

      for (GList *l = members; l != NULL; l = l->next)
        if (fx_schema_find_feature (schema, l->data) == NULL)
          add_violation (out, l->data, FX_VIOLATION_UNKNOWN_FIELD,
                         _("“%s” is not a feature of the schema"), (const char *) l->data);
    }

  return out;
}

static int
compare_member_names (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const FxMember *members = user_data;

  return strcmp (members[*(const gsize *) a].name, members[*(const gsize *) b].name);
}

/* The index of the member called @name, or -1: @sorted holds the member indices in
 * name order. */
static gssize
find_member (const FxMember *members,
             const gsize    *sorted,
             gsize           n_members,
             const char     *name)
{
  gsize lo = 0, hi = n_members;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;
      int c = strcmp (members[sorted[mid]].name, name);

      if (c == 0)
        return (gssize) sorted[mid];
      if (c < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return -1;
}

GPtrArray *
fx_schema_validate_members (const FxSchema *schema,
                            const FxMember *members,
                            gsize           n_members)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_violation_free);
  g_autofree gsize *sorted = NULL;
  gsize matched = 0;
  gsize next = 0;

  g_return_val_if_fail (schema != NULL, out);
  g_return_val_if_fail (members != NULL || n_members == 0, out);

  for (guint k = 0; k < schema->features->len; k++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, k);
      gssize found = -1;

      /* models mostly write the features in schema order: try the member after the
       * last one found, and only then look the name up (by halves in a sorted index,
       * made once) */
      if (next < n_members && strcmp (members[next].name, f->name) == 0)
        found = (gssize) next;
      else if (n_members > 0)
        {
          if (sorted == NULL)
            {
              sorted = g_new (gsize, n_members);
              for (gsize i = 0; i < n_members; i++)
                sorted[i] = i;
              g_qsort_with_data (sorted, (gint) n_members, sizeof (gsize), compare_member_names, (gpointer) members);
            }
          found = find_member (members, sorted, n_members, f->name);
        }

      if (found >= 0)
        {
          matched++;
          next = (gsize) found + 1;
          check_member (f, &members[found], out);
        }
      else
        check_member (f, NULL, out);
    }

  /* members the schema does not know: only looked for when there are some */
  if (n_members > matched)
    for (gsize i = 0; i < n_members; i++)
      if (fx_schema_find_feature (schema, members[i].name) == NULL)
        add_violation (out, members[i].name, FX_VIOLATION_UNKNOWN_FIELD,
                       _("“%s” is not a feature of the schema"), members[i].name);

  return out;
}
