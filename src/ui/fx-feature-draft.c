/* fx-feature-draft.c: one feature of the schema being designed, as a list item
 *
 * The item owns its feature and says it again in words for the columns of the
 * designer: each text is a property, notified only when it reads differently.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fx-csv.h"
#include "fx-feature-draft.h"

/* Past this many labels the summary stops naming them. */
#define SUMMARY_LABELS 3

struct _FxFeatureDraft
{
  GObject    parent_instance;

  FxFeature *feature;
  gboolean   target;
  gboolean   group;
  char      *problem;
  char      *unparsed[FX_FEATURE_N_FIELDS];

  /* what the columns show */
  char      *name;
  char      *type_label;
  char      *unit;
  char      *range;
  char      *categories;
  char      *missing;
  char      *nullable;
  char      *role;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_TYPE_LABEL,
  PROP_UNIT,
  PROP_RANGE,
  PROP_CATEGORIES,
  PROP_MISSING,
  PROP_NULLABLE,
  PROP_ROLE,
  PROP_TARGET,
  PROP_GROUP,
  PROP_PROBLEM,
  PROP_HAS_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FxFeatureDraft, fx_feature_draft, G_TYPE_OBJECT)

static void
set_text (FxFeatureDraft  *self,
          char          **field,
          char           *text,
          guint           prop)
{
  if (g_strcmp0 (*field, text) == 0)
    {
      g_free (text);
      return;
    }
  g_free (*field);
  *field = text;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static char *
format_range (const FxFeature *f)
{
  char lo[32], hi[32];

  if (f->has_minimum && f->has_maximum)
    return g_strdup_printf ("%s – %s", fx_format_double (f->minimum, lo), fx_format_double (f->maximum, hi));
  if (f->has_minimum)
    return g_strdup_printf ("≥ %s", fx_format_double (f->minimum, lo));
  if (f->has_maximum)
    return g_strdup_printf ("≤ %s", fx_format_double (f->maximum, hi));
  return g_strdup ("");
}

static char *
format_categories (const FxFeature *f)
{
  g_autoptr(GString) text = NULL;

  if (f->type != FX_COLUMN_CATEGORICAL)
    return g_strdup ("");
  if (f->categories->len == 0)
    return g_strdup (_("Any label"));

  text = g_string_new (NULL);
  g_string_append_printf (text, "%u: ", f->categories->len);
  for (guint i = 0; i < MIN (f->categories->len, SUMMARY_LABELS); i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, g_ptr_array_index (f->categories, i));
    }
  if (f->categories->len > SUMMARY_LABELS)
    g_string_append (text, ", …");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
format_missing (const FxFeature *f)
{
  if (isnan (f->missing_rate))
    return g_strdup ("");
  if (f->missing_rate == 0)
    return g_strdup ("0 %");
  if (f->missing_rate < 0.001)
    return g_strdup ("< 0.1 %");
  return g_strdup_printf ("%.1f %%", f->missing_rate * 100);
}

static void
refresh (FxFeatureDraft *self)
{
  const FxFeature *f = self->feature;
  const char *role;

  g_object_freeze_notify (G_OBJECT (self));
  set_text (self, &self->name, g_strdup (f->name), PROP_NAME);
  set_text (self, &self->type_label, g_strdup (fx_feature_type_label (f->type)), PROP_TYPE_LABEL);
  set_text (self, &self->unit, g_strdup (f->unit != NULL ? f->unit : ""), PROP_UNIT);
  set_text (self, &self->range, format_range (f), PROP_RANGE);
  set_text (self, &self->categories, format_categories (f), PROP_CATEGORIES);
  set_text (self, &self->missing, format_missing (f), PROP_MISSING);
  set_text (self, &self->nullable, g_strdup (f->nullable ? _("Yes") : _("No")), PROP_NULLABLE);
  if (self->target && self->group)
    role = _("Target, group");
  else if (self->target)
    role = _("Target");
  else if (self->group)
    role = _("Group");
  else
    role = "";
  set_text (self, &self->role, g_strdup (role), PROP_ROLE);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
fx_feature_draft_finalize (GObject *object)
{
  FxFeatureDraft *self = FX_FEATURE_DRAFT (object);

  g_clear_pointer (&self->feature, fx_feature_free);
  g_free (self->problem);
  for (guint i = 0; i < FX_FEATURE_N_FIELDS; i++)
    g_free (self->unparsed[i]);
  g_free (self->name);
  g_free (self->type_label);
  g_free (self->unit);
  g_free (self->range);
  g_free (self->categories);
  g_free (self->missing);
  g_free (self->nullable);
  g_free (self->role);

  G_OBJECT_CLASS (fx_feature_draft_parent_class)->finalize (object);
}

static void
fx_feature_draft_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FxFeatureDraft *self = FX_FEATURE_DRAFT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_TYPE_LABEL:
      g_value_set_string (value, self->type_label);
      break;
    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;
    case PROP_RANGE:
      g_value_set_string (value, self->range);
      break;
    case PROP_CATEGORIES:
      g_value_set_string (value, self->categories);
      break;
    case PROP_MISSING:
      g_value_set_string (value, self->missing);
      break;
    case PROP_NULLABLE:
      g_value_set_string (value, self->nullable);
      break;
    case PROP_ROLE:
      g_value_set_string (value, self->role);
      break;
    case PROP_TARGET:
      g_value_set_boolean (value, self->target);
      break;
    case PROP_GROUP:
      g_value_set_boolean (value, self->group);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    case PROP_HAS_PROBLEM:
      g_value_set_boolean (value, self->problem != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fx_feature_draft_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FxFeatureDraft *self = FX_FEATURE_DRAFT (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      fx_feature_draft_set_target (self, g_value_get_boolean (value));
      break;
    case PROP_GROUP:
      fx_feature_draft_set_group (self, g_value_get_boolean (value));
      break;
    case PROP_PROBLEM:
      fx_feature_draft_set_problem (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fx_feature_draft_class_init (FxFeatureDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fx_feature_draft_finalize;
  object_class->get_property = fx_feature_draft_get_property;
  object_class->set_property = fx_feature_draft_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_TYPE_LABEL] = g_param_spec_string ("type-label", NULL, NULL, NULL, ro);
  properties[PROP_UNIT] = g_param_spec_string ("unit", NULL, NULL, NULL, ro);
  /* "min – max", "≥ min" or "≤ max" */
  properties[PROP_RANGE] = g_param_spec_string ("range", NULL, NULL, NULL, ro);
  /* how many categories, and the first few */
  properties[PROP_CATEGORIES] = g_param_spec_string ("categories", NULL, NULL, NULL, ro);
  /* the missing rate as a percentage */
  properties[PROP_MISSING] = g_param_spec_string ("missing", NULL, NULL, NULL, ro);
  properties[PROP_NULLABLE] = g_param_spec_string ("nullable", NULL, NULL, NULL, ro);
  properties[PROP_ROLE] = g_param_spec_string ("role", NULL, NULL, NULL, ro);
  properties[PROP_TARGET] = g_param_spec_boolean ("target", NULL, NULL, FALSE, rw);
  properties[PROP_GROUP] = g_param_spec_boolean ("group", NULL, NULL, FALSE, rw);
  /* the first thing wrong with the feature, or NULL */
  properties[PROP_PROBLEM] = g_param_spec_string ("problem", NULL, NULL, NULL, rw);
  properties[PROP_HAS_PROBLEM] = g_param_spec_boolean ("has-problem", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fx_feature_draft_init (FxFeatureDraft *self)
{
}

FxFeatureDraft *
fx_feature_draft_new (FxFeature *feature)
{
  FxFeatureDraft *self;

  g_return_val_if_fail (feature != NULL, NULL);

  self = g_object_new (FX_TYPE_FEATURE_DRAFT, NULL);
  self->feature = feature;
  refresh (self);
  return self;
}

FxFeature *
fx_feature_draft_get_feature (FxFeatureDraft *self)
{
  g_return_val_if_fail (FX_IS_FEATURE_DRAFT (self), NULL);

  return self->feature;
}

FxFeature *
fx_feature_draft_dup_feature (FxFeatureDraft *self)
{
  g_return_val_if_fail (FX_IS_FEATURE_DRAFT (self), NULL);

  return fx_feature_copy (self->feature);
}

void
fx_feature_draft_changed (FxFeatureDraft *self)
{
  g_return_if_fail (FX_IS_FEATURE_DRAFT (self));

  refresh (self);
}

const char *
fx_feature_draft_get_name (FxFeatureDraft *self)
{
  g_return_val_if_fail (FX_IS_FEATURE_DRAFT (self), NULL);

  return self->feature->name;
}

gboolean
fx_feature_draft_get_target (FxFeatureDraft *self)
{
  g_return_val_if_fail (FX_IS_FEATURE_DRAFT (self), FALSE);

  return self->target;
}

void
fx_feature_draft_set_target (FxFeatureDraft *self,
                            gboolean       target)
{
  g_return_if_fail (FX_IS_FEATURE_DRAFT (self));

  target = !!target;
  if (self->target == target)
    return;
  self->target = target;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
  refresh (self);
}

gboolean
fx_feature_draft_get_group (FxFeatureDraft *self)
{
  g_return_val_if_fail (FX_IS_FEATURE_DRAFT (self), FALSE);

  return self->group;
}

void
fx_feature_draft_set_group (FxFeatureDraft *self,
                           gboolean       group)
{
  g_return_if_fail (FX_IS_FEATURE_DRAFT (self));

  group = !!group;
  if (self->group == group)
    return;
  self->group = group;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP]);
  refresh (self);
}

const char *
fx_feature_draft_get_problem (FxFeatureDraft *self)
{
  g_return_val_if_fail (FX_IS_FEATURE_DRAFT (self), NULL);

  return self->problem;
}

void
fx_feature_draft_set_problem (FxFeatureDraft *self,
                             const char    *problem)
{
  gboolean had_problem;

  g_return_if_fail (FX_IS_FEATURE_DRAFT (self));

  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  had_problem = self->problem != NULL;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
  if (had_problem != (problem != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_PROBLEM]);
}

const char *
fx_feature_draft_get_unparsed (FxFeatureDraft  *self,
                              FxFeatureField  field)
{
  g_return_val_if_fail (FX_IS_FEATURE_DRAFT (self), NULL);
  g_return_val_if_fail (field < FX_FEATURE_N_FIELDS, NULL);

  return self->unparsed[field];
}

void
fx_feature_draft_set_unparsed (FxFeatureDraft  *self,
                              FxFeatureField  field,
                              const char     *text)
{
  g_return_if_fail (FX_IS_FEATURE_DRAFT (self));
  g_return_if_fail (field < FX_FEATURE_N_FIELDS);

  g_free (self->unparsed[field]);
  self->unparsed[field] = g_strdup (text);
}

const char *
fx_feature_type_label (FxColumnType type)
{
  switch (type)
    {
    case FX_COLUMN_INTEGER:
      return _("Integer");
    case FX_COLUMN_NUMBER:
      return _("Number");
    case FX_COLUMN_BOOLEAN:
      return _("Boolean");
    case FX_COLUMN_CATEGORICAL:
      return _("Categorical");
    default:
      g_return_val_if_reached ("");
    }
}
