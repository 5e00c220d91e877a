/* fx-cli-output.c: what a command may write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-cli.h"
#include "fx-cli-output.h"
#include "fx-file.h"

struct _FxCliFiles
{
  GPtrArray *inputs;
  GPtrArray *outputs;
};

FxCliFiles *
fx_cli_files_new (void)
{
  FxCliFiles *files = g_new0 (FxCliFiles, 1);

  files->inputs = g_ptr_array_new_with_free_func (g_free);
  files->outputs = g_ptr_array_new_with_free_func (g_free);
  return files;
}

void
fx_cli_files_free (FxCliFiles *files)
{
  if (files == NULL)
    return;
  g_ptr_array_unref (files->inputs);
  g_ptr_array_unref (files->outputs);
  g_free (files);
}

void
fx_cli_files_input (FxCliFiles *files,
                    const char *path)
{
  if (path != NULL)
    g_ptr_array_add (files->inputs, g_strdup (path));
}

void
fx_cli_files_inputs (FxCliFiles         *files,
                     const char * const *paths)
{
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    fx_cli_files_input (files, paths[i]);
}

void
fx_cli_files_output (FxCliFiles *files,
                     const char *path)
{
  if (path != NULL)
    g_ptr_array_add (files->outputs, g_strdup (path));
}

gboolean
fx_cli_files_check (FxCliFiles *files)
{
  for (guint i = 0; i < files->outputs->len; i++)
    {
      const char *output = g_ptr_array_index (files->outputs, i);
      g_autoptr(GError) error = NULL;

      if (!fx_file_check_output (output, &error))
        {
          fx_cli_error ("%s", error->message);
          return FALSE;
        }
      for (guint j = 0; j < files->inputs->len; j++)
        {
          const char *input = g_ptr_array_index (files->inputs, j);

          if (fx_file_same (output, input))
            {
              fx_cli_error (_("%s: is an input (the same file as %s); an output never replaces "
                              "one of the command’s inputs: name another file"), output, input);
              return FALSE;
            }
        }
      for (guint j = 0; j < i; j++)
        {
          const char *other = g_ptr_array_index (files->outputs, j);

          if ((g_str_equal (output, other) && !g_str_equal (output, "-")) || fx_file_same (output, other))
            {
              fx_cli_error (_("%s and %s: the same file would be written twice (name another file)"),
                            other, output);
              return FALSE;
            }
        }
    }
  return TRUE;
}
