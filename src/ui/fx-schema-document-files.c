/* fx-schema-document-files.c: the schema document read from and written to files
 *
 * Opening a schema, the bundled example or a table to infer one from, and saving:
 * the files are read and written in worker threads, and the result is put in place
 * on the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fx-csv.h"
#include "fx-example.h"
#include "fx-schema-document-private.h"

typedef struct
{
  char     *path;            /* what is read */
  char     *file_path;       /* the document's file after it, or NULL */
  char     *reference_path;  /* the reference data after it, or NULL */
  gboolean  saved;
  gboolean  infer;
  gboolean  example;
  gboolean  replaced_unsaved;
} Load;

static void
load_free (Load *load)
{
  g_free (load->path);
  g_free (load->file_path);
  g_free (load->reference_path);
  g_free (load);
}

static Load *
load_copy (const Load *load)
{
  Load *copy = g_memdup2 (load, sizeof *load);

  copy->path = g_strdup (load->path);
  copy->file_path = g_strdup (load->file_path);
  copy->reference_path = g_strdup (load->reference_path);
  return copy;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *load = task_data;
  GError *error = NULL;
  FxSchema *schema = NULL;

  if (load->example)
    {
      g_autofree char *schema_path = NULL;

      if ((schema_path = fx_example_get_schema_path (&error)) == NULL ||
          (load->reference_path = fx_example_get_reference_path (&error)) == NULL ||
          (schema = fx_schema_load_file (schema_path, &error)) == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  else if (load->infer)
    {
      g_autoptr(FxTable) table = NULL;
      g_autofree char *base = NULL;
      char *dot;

      if ((table = fx_csv_read_file (load->path, NULL, &error)) == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      if (g_task_return_error_if_cancelled (task))
        return;
      base = g_path_get_basename (load->path);
      if ((dot = strrchr (base, '.')) != NULL && dot != base)
        *dot = '\0';
      schema = fx_schema_infer (table, base);
    }
  else if ((schema = fx_schema_load_file (load->path, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, schema, (GDestroyNotify) fx_schema_free);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  FxSchemaDocument *self = FX_SCHEMA_DOCUMENT (source);
  g_autoptr(GTask) outer = data;
  Load *load = g_task_get_task_data (outer);
  GError *error = NULL;
  FxSchema *schema = g_task_propagate_pointer (G_TASK (result), &error);
  Load *read = g_task_get_task_data (G_TASK (result));

  if (schema == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }
  /* a cancelled open changes nothing, even when the file was read already */
  if (g_task_return_error_if_cancelled (outer))
    {
      fx_schema_free (schema);
      return;
    }
  if (load->example)
    load->reference_path = g_strdup (read->reference_path);
  load->replaced_unsaved = fx_schema_document_replace (self, schema, load->file_path, load->reference_path,
                                                       load->saved);
  g_task_return_boolean (outer, TRUE);
}

static void
load_async (FxSchemaDocument    *self,
            Load                *load,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) task = NULL;

  /* the reading is one task, putting it in place (on this thread) the outer one; the
   * reading has its own copy, as a cancelled read is not waited for */
  g_task_set_source_tag (outer, fx_schema_document_open_async);
  g_task_set_task_data (outer, load, (GDestroyNotify) load_free);
  task = g_task_new (self, cancellable, on_loaded, outer);
  g_task_set_task_data (task, load_copy (load), (GDestroyNotify) load_free);
  /* a table is read in one go; a cancelled read is simply not waited for */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_thread);
}

typedef struct
{
  FxSchema *schema;
  char     *path;
  guint     serial;
} Save;

static void
save_free (Save *save)
{
  g_clear_pointer (&save->schema, fx_schema_free);
  g_free (save->path);
  g_free (save);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Save *save = task_data;
  GError *error = NULL;

  if (!fx_schema_save_file (save->schema, save->path, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
fx_schema_document_open_async (FxSchemaDocument    *self,
                               const char          *path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Load *load;

  g_return_if_fail (FX_IS_SCHEMA_DOCUMENT (self));
  g_return_if_fail (path != NULL);

  load = g_new0 (Load, 1);
  load->path = g_strdup (path);
  load->file_path = g_strdup (path);
  load->saved = TRUE;
  load_async (self, load, cancellable, callback, user_data);
}

void
fx_schema_document_open_example_async (FxSchemaDocument    *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  Load *load;

  g_return_if_fail (FX_IS_SCHEMA_DOCUMENT (self));

  /* the example's file is a copy the application rewrites: saving goes elsewhere */
  load = g_new0 (Load, 1);
  load->example = TRUE;
  load->saved = TRUE;
  load_async (self, load, cancellable, callback, user_data);
}

void
fx_schema_document_infer_async (FxSchemaDocument    *self,
                                const char          *csv_path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Load *load;

  g_return_if_fail (FX_IS_SCHEMA_DOCUMENT (self));
  g_return_if_fail (csv_path != NULL);

  load = g_new0 (Load, 1);
  load->path = g_strdup (csv_path);
  load->reference_path = g_strdup (csv_path);
  load->infer = TRUE;
  load_async (self, load, cancellable, callback, user_data);
}

gboolean
fx_schema_document_open_finish (FxSchemaDocument  *self,
                                GAsyncResult      *result,
                                gboolean          *replaced_unsaved,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (replaced_unsaved != NULL)
    *replaced_unsaved = ((Load *) g_task_get_task_data (G_TASK (result)))->replaced_unsaved;
  return TRUE;
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  FxSchemaDocument *self = FX_SCHEMA_DOCUMENT (source);
  g_autoptr(GTask) outer = data;
  Save *save = g_task_get_task_data (outer);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  fx_schema_document_mark_saved (self, save->path, save->serial);
  g_task_return_boolean (outer, TRUE);
}

void
fx_schema_document_save_async (FxSchemaDocument    *self,
                               const char          *path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *outer;
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Save *save;

  g_return_if_fail (FX_IS_SCHEMA_DOCUMENT (self));
  g_return_if_fail (path != NULL);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, fx_schema_document_save_async);
  save = g_new0 (Save, 1);
  save->path = g_strdup (path);
  save->serial = fx_schema_document_get_serial (self);
  g_task_set_task_data (outer, save, (GDestroyNotify) save_free);
  if ((save->schema = fx_schema_document_dup_schema (self, &error)) == NULL)
    {
      g_task_return_error (outer, error);
      g_object_unref (outer);
      return;
    }
  /* the writing is one task, taking the file as the document's the outer one */
  task = g_task_new (self, cancellable, on_saved, outer);
  g_task_set_task_data (task, save, NULL);
  g_task_run_in_thread (task, save_thread);
}

gboolean
fx_schema_document_save_finish (FxSchemaDocument  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
