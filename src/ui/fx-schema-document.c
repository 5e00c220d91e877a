/* fx-schema-document.c: the schema being designed: its features, file, reference data,
 * unsaved state, undo and problems
 *
 * The features live in a list store of FxFeatureDraft, the table-level settings in a
 * schema without features.  After every edit the whole schema is checked and what is
 * wrong is kept as problems, each with the feature and field it is about.  Undo keeps
 * copies of earlier schemas.  Files are read and written in worker threads
 * (fx-schema-document-files.c).  The document knows nothing of widgets: the Schema
 * pane shows and edits it, the other panes read the schema and its reference data
 * from it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fx-csv.h"
#include "fx-error.h"
#include "fx-example.h"
#include "fx-feature-checks.h"
#include "fx-schema-document-private.h"

#define MAX_UNDO 100

typedef struct
{
  FxSchema *schema;
  char     *file_path;
  char     *reference_path;
  guint     serial;
  guint     saved_serial;
  guint     selected;
  /* taken before the whole schema was replaced (opened, inferred…): undoing it
   * brings back the file and the reference data too */
  gboolean  replaced;
} Snapshot;

struct _FxSchemaDocument
{
  GObject         parent_instance;

  FxSchema       *header;
  GListStore     *features;   /* (element-type FxFeatureDraft) */
  gboolean        loaded;
  char           *file_path;
  char           *reference_path;
  GPtrArray      *problems;   /* (element-type FxSchemaProblem) */

  /* every state of the schema has a serial; it is saved when the saved one is its */
  guint           next_serial;
  guint           serial;
  guint           saved_serial;

  GPtrArray      *undo;       /* (element-type Snapshot) */
  /* keystrokes in one field of one feature make a single step of undo */
  gconstpointer   last_edit_key;
  FxFeatureDraft *last_edit_feature;
};

enum {
  PROP_0,
  PROP_LOADED,
  PROP_FILE_PATH,
  PROP_REFERENCE_PATH,
  PROP_DIRTY,
  PROP_CAN_UNDO,
  N_PROPS
};

enum {
  CHANGED,
  RESET,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FxSchemaDocument, fx_schema_document, G_TYPE_OBJECT)

typedef struct
{
  gboolean  loaded;
  gboolean  dirty;
  gboolean  can_undo;
  char     *file_path;
  char     *reference_path;
} State;

static void
state_take (FxSchemaDocument *self,
            State            *state)
{
  state->loaded = self->loaded;
  state->dirty = fx_schema_document_get_dirty (self);
  state->can_undo = self->undo->len > 0;
  state->file_path = g_strdup (self->file_path);
  state->reference_path = g_strdup (self->reference_path);
}

/* Notifies what differs from @before, which it frees. */
static void
state_notify (FxSchemaDocument *self,
              State            *before)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);
  if (before->loaded != self->loaded)
    g_object_notify_by_pspec (object, properties[PROP_LOADED]);
  if (before->dirty != fx_schema_document_get_dirty (self))
    g_object_notify_by_pspec (object, properties[PROP_DIRTY]);
  if (before->can_undo != (self->undo->len > 0))
    g_object_notify_by_pspec (object, properties[PROP_CAN_UNDO]);
  if (g_strcmp0 (before->file_path, self->file_path) != 0)
    g_object_notify_by_pspec (object, properties[PROP_FILE_PATH]);
  if (g_strcmp0 (before->reference_path, self->reference_path) != 0)
    g_object_notify_by_pspec (object, properties[PROP_REFERENCE_PATH]);
  g_object_thaw_notify (object);
  g_free (before->file_path);
  g_free (before->reference_path);
}

static void
snapshot_free (Snapshot *snapshot)
{
  g_clear_pointer (&snapshot->schema, fx_schema_free);
  g_free (snapshot->file_path);
  g_free (snapshot->reference_path);
  g_free (snapshot);
}

static guint
n_features (FxSchemaDocument *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->features));
}

/* (transfer none) */
static FxFeatureDraft *
feature_at (FxSchemaDocument *self,
            guint             position)
{
  g_autoptr(FxFeatureDraft) item = g_list_model_get_item (G_LIST_MODEL (self->features), position);

  return item;
}

/* ---- checks --------------------------------------------------------------------- */

/* Checks the whole schema; each feature keeps its first problem for the list. */
static void
validate (FxSchemaDocument *self)
{
  g_ptr_array_set_size (self->problems, 0);
  if (!self->loaded)
    return;

  fx_feature_drafts_check (G_LIST_MODEL (self->features), self->problems);

  /* the core has the last word: what it finds wrong is wrong here too */
  if (self->problems->len == 0)
    {
      g_autoptr(FxSchema) schema = fx_schema_document_build_schema (self);
      g_autoptr(GPtrArray) found = fx_schema_check (schema);

      g_ptr_array_set_free_func (found, NULL);
      g_ptr_array_extend_and_steal (self->problems, g_steal_pointer (&found));
    }
}

/* ---- states ------------------------------------------------------------------------ */

static void
push_snapshot (FxSchemaDocument *self,
               guint             selected,
               gboolean          replaced)
{
  Snapshot *snapshot = g_new0 (Snapshot, 1);

  snapshot->schema = fx_schema_document_build_schema (self);
  snapshot->file_path = g_strdup (self->file_path);
  snapshot->reference_path = g_strdup (self->reference_path);
  snapshot->serial = self->serial;
  snapshot->saved_serial = self->saved_serial;
  snapshot->selected = selected;
  snapshot->replaced = replaced;
  if (self->undo->len >= MAX_UNDO)
    g_ptr_array_remove_index (self->undo, 0);
  g_ptr_array_add (self->undo, snapshot);
}

/* Puts @schema (taken) in the store, and says so. */
static void
load_state (FxSchemaDocument *self,
            FxSchema         *schema,
            guint             selected)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree gpointer *features = NULL;
  gsize n = 0;

  features = g_ptr_array_steal (schema->features, &n);
  for (gsize i = 0; i < n; i++)
    {
      FxFeature *feature = features[i];
      FxFeatureDraft *item = fx_feature_draft_new (feature);
      gboolean group = FALSE;

      for (guint k = 0; k < schema->group_by->len; k++)
        group |= g_strcmp0 (g_ptr_array_index (schema->group_by, k), feature->name) == 0;
      fx_feature_draft_set_target (item, g_strcmp0 (schema->target, feature->name) == 0);
      fx_feature_draft_set_group (item, group);
      g_ptr_array_add (items, item);
    }
  /* roles live in the items from now on */
  g_clear_pointer (&schema->target, g_free);
  g_ptr_array_set_size (schema->group_by, 0);
  g_clear_pointer (&self->header, fx_schema_free);
  self->header = schema;
  self->loaded = TRUE;
  self->last_edit_key = NULL;
  self->last_edit_feature = NULL;

  g_list_store_splice (self->features, 0, n_features (self), items->pdata, items->len);
  validate (self);
  g_signal_emit (self, signals[RESET], 0, items->len > 0 ? MIN (selected, items->len - 1) : 0);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* ---- the object -------------------------------------------------------------------- */

static void
fx_schema_document_finalize (GObject *object)
{
  FxSchemaDocument *self = FX_SCHEMA_DOCUMENT (object);

  g_clear_pointer (&self->header, fx_schema_free);
  g_clear_object (&self->features);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_free (self->file_path);
  g_free (self->reference_path);

  G_OBJECT_CLASS (fx_schema_document_parent_class)->finalize (object);
}

static void
fx_schema_document_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FxSchemaDocument *self = FX_SCHEMA_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_FILE_PATH:
      g_value_set_string (value, self->file_path);
      break;

    case PROP_REFERENCE_PATH:
      g_value_set_string (value, self->reference_path);
      break;

    case PROP_DIRTY:
      g_value_set_boolean (value, fx_schema_document_get_dirty (self));
      break;

    case PROP_CAN_UNDO:
      g_value_set_boolean (value, self->undo->len > 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fx_schema_document_class_init (FxSchemaDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fx_schema_document_finalize;
  object_class->get_property = fx_schema_document_get_property;

  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);
  properties[PROP_FILE_PATH] = g_param_spec_string ("file-path", NULL, NULL, NULL, flags);
  properties[PROP_REFERENCE_PATH] = g_param_spec_string ("reference-path", NULL, NULL, NULL, flags);
  properties[PROP_DIRTY] = g_param_spec_boolean ("dirty", NULL, NULL, FALSE, flags);
  properties[PROP_CAN_UNDO] = g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* after every change of the schema or of the reference path */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* the whole schema was put in place (opened, inferred, undone): @selected is the
   * position of the feature to show */
  signals[RESET] = g_signal_new ("reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
fx_schema_document_init (FxSchemaDocument *self)
{
  self->header = fx_schema_new ();
  self->features = g_list_store_new (FX_TYPE_FEATURE_DRAFT);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_schema_problem_free);
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) snapshot_free);
}

FxSchemaDocument *
fx_schema_document_new (void)
{
  return g_object_new (FX_TYPE_SCHEMA_DOCUMENT, NULL);
}

GListStore *
fx_schema_document_get_features (FxSchemaDocument *self)
{
  g_return_val_if_fail (FX_IS_SCHEMA_DOCUMENT (self), NULL);

  return self->features;
}

FxSchema *
fx_schema_document_get_header (FxSchemaDocument *self)
{
  g_return_val_if_fail (FX_IS_SCHEMA_DOCUMENT (self), NULL);

  return self->header;
}

gboolean
fx_schema_document_get_loaded (FxSchemaDocument *self)
{
  g_return_val_if_fail (FX_IS_SCHEMA_DOCUMENT (self), FALSE);

  return self->loaded;
}

const char *
fx_schema_document_get_file_path (FxSchemaDocument *self)
{
  g_return_val_if_fail (FX_IS_SCHEMA_DOCUMENT (self), NULL);

  return self->file_path;
}

const char *
fx_schema_document_get_reference_path (FxSchemaDocument *self)
{
  g_return_val_if_fail (FX_IS_SCHEMA_DOCUMENT (self), NULL);

  return self->reference_path;
}

gboolean
fx_schema_document_get_dirty (FxSchemaDocument *self)
{
  g_return_val_if_fail (FX_IS_SCHEMA_DOCUMENT (self), FALSE);

  return self->loaded && self->serial != self->saved_serial;
}

gboolean
fx_schema_document_get_can_undo (FxSchemaDocument *self)
{
  g_return_val_if_fail (FX_IS_SCHEMA_DOCUMENT (self), FALSE);

  return self->undo->len > 0;
}

GPtrArray *
fx_schema_document_get_problems (FxSchemaDocument *self)
{
  g_return_val_if_fail (FX_IS_SCHEMA_DOCUMENT (self), NULL);

  return self->problems;
}

FxSchema *
fx_schema_document_build_schema (FxSchemaDocument *self)
{
  FxSchema *schema;

  g_return_val_if_fail (FX_IS_SCHEMA_DOCUMENT (self), NULL);

  /* the header keeps what is not a feature's: name, description, constraints, the site,
   * the generation order and the rules */
  schema = fx_schema_copy (self->header);
  g_ptr_array_set_size (schema->features, 0);
  g_ptr_array_set_size (schema->group_by, 0);
  g_clear_pointer (&schema->target, g_free);

  for (guint i = 0; i < n_features (self); i++)
    {
      FxFeatureDraft *item = feature_at (self, i);
      FxFeature *feature = fx_feature_draft_dup_feature (item);

      if (fx_feature_draft_get_target (item) && schema->target == NULL)
        schema->target = g_strdup (feature->name);
      if (fx_feature_draft_get_group (item))
        g_ptr_array_add (schema->group_by, g_strdup (feature->name));
      g_ptr_array_add (schema->features, feature);
    }
  /* a site column renamed or removed since is no longer one */
  if (schema->site != NULL && fx_schema_find_feature (schema, schema->site) == NULL)
    g_clear_pointer (&schema->site, g_free);
  return schema;
}

FxSchema *
fx_schema_document_dup_schema (FxSchemaDocument  *self,
                               GError           **error)
{
  g_autoptr(FxSchema) schema = NULL;
  g_autofree char *json = NULL;

  g_return_val_if_fail (FX_IS_SCHEMA_DOCUMENT (self), NULL);

  if (!self->loaded)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No schema yet"));
      return NULL;
    }
  if (self->problems->len > 0)
    {
      FxSchemaProblem *first = g_ptr_array_index (self->problems, 0);

      if (self->problems->len == 1)
        g_set_error_literal (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_INVALID, first->message);
      else
        g_set_error (error, FX_SCHEMA_ERROR, FX_SCHEMA_ERROR_INVALID,
                     ngettext ("%s (and %u more problem)", "%s (and %u more problems)", self->problems->len - 1),
                     first->message, self->problems->len - 1);
      return NULL;
    }
  schema = fx_schema_document_build_schema (self);
  json = fx_schema_to_json (schema);
  return fx_schema_load_data (json, -1, _("schema"), error);
}

gboolean
fx_schema_document_replace (FxSchemaDocument *self,
                            FxSchema         *schema,
                            const char       *file_path,
                            const char       *reference_path,
                            gboolean          saved)
{
  gboolean was_dirty;
  State before;

  g_return_val_if_fail (FX_IS_SCHEMA_DOCUMENT (self), FALSE);
  g_return_val_if_fail (schema != NULL, FALSE);

  was_dirty = fx_schema_document_get_dirty (self);
  state_take (self, &before);
  if (self->loaded)
    push_snapshot (self, 0, TRUE);

  g_free (self->file_path);
  self->file_path = g_strdup (file_path);
  g_free (self->reference_path);
  self->reference_path = g_strdup (reference_path);
  self->serial = ++self->next_serial;
  self->saved_serial = saved ? self->serial : 0;
  load_state (self, schema, 0);
  state_notify (self, &before);
  return was_dirty;
}

gboolean
fx_schema_document_begin_edit (FxSchemaDocument *self,
                               gconstpointer     key,
                               FxFeatureDraft   *feature,
                               guint             selected)
{
  g_return_val_if_fail (FX_IS_SCHEMA_DOCUMENT (self), FALSE);

  if (!self->loaded)
    return FALSE;
  if (key == NULL || key != self->last_edit_key || feature != self->last_edit_feature)
    {
      gboolean could_undo = self->undo->len > 0;

      push_snapshot (self, selected, FALSE);
      if (!could_undo)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  self->last_edit_key = key;
  self->last_edit_feature = feature;
  return TRUE;
}

static void
set_optional_text (char       **field,
                   const char  *text)
{
  g_free (*field);
  *field = text != NULL && text[0] != '\0' ? g_strdup (text) : NULL;
}

void
fx_schema_document_set_name (FxSchemaDocument *self,
                             const char       *name)
{
  g_return_if_fail (FX_IS_SCHEMA_DOCUMENT (self));

  set_optional_text (&self->header->name, name);
}

/* The site column: a role of the table, kept in the header (NULL: none). */
void
fx_schema_document_set_site (FxSchemaDocument *self,
                             const char       *site)
{
  g_return_if_fail (FX_IS_SCHEMA_DOCUMENT (self));

  set_optional_text (&self->header->site, site);
}

void
fx_schema_document_set_description (FxSchemaDocument *self,
                                    const char       *description)
{
  g_return_if_fail (FX_IS_SCHEMA_DOCUMENT (self));

  set_optional_text (&self->header->description, description);
}

GPtrArray *
fx_schema_document_get_rules (FxSchemaDocument *self)
{
  g_return_val_if_fail (FX_IS_SCHEMA_DOCUMENT (self), NULL);

  return self->header->rules;
}

void
fx_schema_document_set_rules (FxSchemaDocument *self,
                              GPtrArray        *rules)
{
  g_return_if_fail (FX_IS_SCHEMA_DOCUMENT (self));

  g_ptr_array_set_size (self->header->rules, 0);
  for (guint i = 0; i < rules->len; i++)
    {
      const FxSchemaRule *rule = g_ptr_array_index (rules, i);

      g_ptr_array_add (self->header->rules, fx_schema_rule_new (rule->name, rule->check, rule->description));
    }
}

void
fx_schema_document_set_generation_order (FxSchemaDocument   *self,
                                         const char * const *order)
{
  g_return_if_fail (FX_IS_SCHEMA_DOCUMENT (self));

  g_ptr_array_set_size (self->header->generation_order, 0);
  for (guint i = 0; order != NULL && order[i] != NULL; i++)
    g_ptr_array_add (self->header->generation_order, g_strdup (order[i]));
}

void
fx_schema_document_end_edit (FxSchemaDocument *self)
{
  gboolean was_dirty;

  g_return_if_fail (FX_IS_SCHEMA_DOCUMENT (self));

  was_dirty = fx_schema_document_get_dirty (self);
  self->serial = ++self->next_serial;
  validate (self);
  if (!was_dirty)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
fx_schema_document_drop_step (FxSchemaDocument *self)
{
  g_return_if_fail (FX_IS_SCHEMA_DOCUMENT (self));

  if (self->undo->len == 0)
    return;
  g_ptr_array_remove_index (self->undo, self->undo->len - 1);
  self->last_edit_key = NULL;
  self->last_edit_feature = NULL;
  if (self->undo->len == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
}

void
fx_schema_document_close_step (FxSchemaDocument *self)
{
  g_return_if_fail (FX_IS_SCHEMA_DOCUMENT (self));

  self->last_edit_key = NULL;
  self->last_edit_feature = NULL;
}

gboolean
fx_schema_document_undo (FxSchemaDocument *self)
{
  Snapshot *snapshot;
  FxSchema *schema;
  State before;

  g_return_val_if_fail (FX_IS_SCHEMA_DOCUMENT (self), FALSE);

  if (self->undo->len == 0)
    return FALSE;
  state_take (self, &before);
  snapshot = g_ptr_array_steal_index (self->undo, self->undo->len - 1);
  schema = g_steal_pointer (&snapshot->schema);
  if (snapshot->replaced)
    {
      g_free (self->file_path);
      self->file_path = g_steal_pointer (&snapshot->file_path);
      g_free (self->reference_path);
      self->reference_path = g_steal_pointer (&snapshot->reference_path);
      self->saved_serial = snapshot->saved_serial;
    }
  self->serial = snapshot->serial;
  load_state (self, schema, snapshot->selected);
  snapshot_free (snapshot);
  state_notify (self, &before);
  return TRUE;
}

guint
fx_schema_document_get_serial (FxSchemaDocument *self)
{
  return self->serial;
}

void
fx_schema_document_mark_saved (FxSchemaDocument *self,
                               const char       *path,
                               guint             serial)
{
  State before;

  state_take (self, &before);
  g_free (self->file_path);
  self->file_path = g_strdup (path);
  /* edits made while it was written are not in the file */
  self->saved_serial = serial;
  state_notify (self, &before);
}
