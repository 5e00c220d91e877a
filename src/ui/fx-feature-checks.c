/* fx-feature-checks.c: what is wrong with the features being designed
 *
 * Names, bounds, missing rates, categories and frequencies as typed, before the core
 * checks the schema they make (fx_schema_check ()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fx-feature-checks.h"

/* Frequencies may be rounded; the core accepts a list this far from adding up to 1. */
#define FREQUENCY_SUM_TOLERANCE 1e-3

/* @message is taken. */
static void
add_problem (GPtrArray      *problems,
             FxFeatureDraft *feature,
             int             index,
             const char     *field,
             char           *message)
{
  FxSchemaProblem *problem = g_new0 (FxSchemaProblem, 1);

  problem->feature = feature != NULL ? g_strdup (fx_feature_draft_get_name (feature)) : NULL;
  problem->feature_index = feature != NULL ? index : -1;
  problem->field = g_strdup (field);
  problem->item = -1;
  problem->message = message;
  g_ptr_array_add (problems, problem);
}

static void
check_feature (GPtrArray      *problems,
               FxFeatureDraft *item,
               guint           index,
               GHashTable     *name_counts)
{
  FxFeature *f = fx_feature_draft_get_feature (item);
  g_autofree char *who = NULL;
  const char *text;

  if (f->name[0] == '\0')
    {
      who = g_strdup_printf (_("Feature %u"), index + 1);
      add_problem (problems, item, index, "name", g_strdup_printf (_("Feature %u has no name"), index + 1));
    }
  else
    {
      who = g_strdup_printf ("“%s”", f->name);
      if (GPOINTER_TO_UINT (g_hash_table_lookup (name_counts, f->name)) > 1)
        add_problem (problems, item, index, "name", g_strdup_printf (_("Two features are named “%s”"), f->name));
    }

  if ((text = fx_feature_draft_get_unparsed (item, FX_FEATURE_FIELD_MINIMUM)) != NULL)
    /* Translators: the first %s is a feature, the second what was typed */
    add_problem (problems, item, index, "minimum",
                 g_strdup_printf (_("%s: the minimum “%s” is not a number"), who, text));
  if ((text = fx_feature_draft_get_unparsed (item, FX_FEATURE_FIELD_MAXIMUM)) != NULL)
    add_problem (problems, item, index, "maximum",
                 g_strdup_printf (_("%s: the maximum “%s” is not a number"), who, text));
  if (f->has_minimum && f->has_maximum && f->minimum > f->maximum)
    add_problem (problems, item, index, "maximum",
                 g_strdup_printf (_("%s: the minimum is above the maximum"), who));

  if ((text = fx_feature_draft_get_unparsed (item, FX_FEATURE_FIELD_MISSING_RATE)) != NULL)
    add_problem (problems, item, index, "missing_rate",
                 g_strdup_printf (_("%s: the missing rate “%s” is not a number from 0 to 1"), who, text));
  else if (!f->nullable && f->missing_rate > 0)
    add_problem (problems, item, index, "missing_rate",
                 g_strdup_printf (_("%s: a missing rate above 0 needs Nullable on"), who));

  if (f->categories->len > 0)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint k = 0; k < f->categories->len; k++)
        {
          const char *label = g_ptr_array_index (f->categories, k);

          if (label[0] == '\0')
            add_problem (problems, item, index, "categories",
                         g_strdup_printf (_("%s: category %u has no label"), who, k + 1));
          else if (!g_hash_table_add (seen, (gpointer) label))
            add_problem (problems, item, index, "categories",
                         g_strdup_printf (_("%s: the category “%s” is listed twice"), who, label));
        }
    }

  if (f->frequencies != NULL && f->frequencies->len > 0)
    {
      gboolean all = f->frequencies->len == f->categories->len;
      double sum = 0;

      for (guint k = 0; k < f->frequencies->len; k++)
        {
          double v = g_array_index (f->frequencies, double, k);

          all &= !isnan (v);
          sum += v;
        }
      if (!all)
        add_problem (problems, item, index, "frequencies",
                     g_strdup_printf (_("%s: give every category a frequency from 0 to 1, or none"), who));
      else if (fabs (sum - 1) > FREQUENCY_SUM_TOLERANCE)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (buf, sizeof buf, "%.4g", sum);
          add_problem (problems, item, index, "frequencies",
                       g_strdup_printf (_("%s: the frequencies add up to %s, not 1"), who, buf));
        }
    }
}

void
fx_feature_drafts_check (GListModel *features,
                         GPtrArray  *problems)
{
  g_autoptr(GHashTable) name_counts = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (features);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FxFeatureDraft) item = g_list_model_get_item (features, i);
      const char *name = fx_feature_draft_get_name (item);

      g_hash_table_insert (name_counts, (gpointer) name,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (name_counts, name)) + 1));
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FxFeatureDraft) item = g_list_model_get_item (features, i);
      guint before = problems->len;

      check_feature (problems, item, i, name_counts);
      fx_feature_draft_set_problem (item, problems->len > before
                                          ? ((FxSchemaProblem *) g_ptr_array_index (problems, before))->message
                                          : NULL);
    }

  if (n == 0)
    add_problem (problems, NULL, -1, "features", g_strdup (_("The schema has no features: add at least one")));
}
