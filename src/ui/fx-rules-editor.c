/* fx-rules-editor.c: the schema's validity rules, edited, with how many reference
 * rows break each
 *
 * Every edit goes to the document at once (so that undo, saving and the problems
 * list see it); the counts follow a moment after the typing stops, computed in a
 * thread over the reference table, which is read once and kept while its path and
 * the schema's types stay the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-csv.h"
#include "fx-rules-editor.h"
#include "fx-rules.h"

/* Typing pauses this long before the rows are counted again. */
#define COUNT_DELAY_MS 250

typedef struct
{
  GtkWidget *row;
  GtkWidget *name;
  GtkWidget *check;
  GtkWidget *description;
  GtkWidget *status;
} RuleRow;

/* The reference table as read, shared with the threads counting over it. */
typedef struct
{
  char    *key;    /* path and types it was read with */
  FxTable *table;
} Reference;

struct _FxRulesEditor
{
  GtkWidget         parent_instance;

  GtkWidget        *expander;
  GtkWidget        *title_label;
  GtkWidget        *summary_label;
  GtkWidget        *list;
  GtkWidget        *add_button;

  FxSchemaDocument *document;
  GPtrArray        *rows;       /* (element-type RuleRow) */
  gboolean          populating;
  guint             count_source;
  guint             serial;     /* of the last count asked for */
  GCancellable     *cancellable;
  Reference        *reference;  /* (nullable) atomic rc box */
};

G_DEFINE_FINAL_TYPE (FxRulesEditor, fx_rules_editor, GTK_TYPE_WIDGET)

static void
reference_clear (gpointer data)
{
  Reference *r = data;

  g_free (r->key);
  fx_table_free (r->table);
}

static void
reference_unref (Reference *reference)
{
  g_atomic_rc_box_release_full (reference, reference_clear);
}

/* ---- counting in a thread ------------------------------------------------------ */

typedef struct
{
  guint      serial;
  FxSchema  *schema;
  char      *path;
  Reference *reference;  /* (nullable) the table read before */
  /* results */
  Reference *read;       /* the table this count used */
  GPtrArray *messages;   /* per rule: NULL when it compiled */
  guint64   *counts;     /* per rule */
} Count;

static void
count_free (gpointer data)
{
  Count *c = data;

  fx_schema_free (c->schema);
  g_free (c->path);
  g_clear_pointer (&c->reference, reference_unref);
  g_clear_pointer (&c->read, reference_unref);
  g_clear_pointer (&c->messages, g_ptr_array_unref);
  g_free (c->counts);
  g_free (c);
}

static char *
reference_key (const FxSchema *schema,
               const char     *path)
{
  GString *key = g_string_new (path);

  for (guint i = 0; i < schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (schema->features, i);

      g_string_append_printf (key, "\n%s:%d", f->name, f->type);
    }
  return g_string_free (key, FALSE);
}

static void
count_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  Count *c = data;
  g_autofree char *key = reference_key (c->schema, c->path);
  g_autofree const char **names = g_new0 (const char *, c->schema->features->len + 1);
  g_autofree FxColumnType *types = g_new (FxColumnType, MAX (c->schema->features->len, 1));
  g_autoptr(GArray) compiled = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(FxRules) rules = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint64 *counts = NULL;

  if (c->reference != NULL && g_str_equal (c->reference->key, key))
    c->read = g_atomic_rc_box_acquire (c->reference);
  else
    {
      g_autoptr(GHashTable) column_types = fx_schema_column_types (c->schema);
      FxCsvOptions options = { 0 };
      FxTable *table;

      options.types = column_types;
      table = fx_csv_read_file (c->path, &options, &error);
      if (table == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      c->read = g_atomic_rc_box_new0 (Reference);
      c->read->key = g_steal_pointer (&key);
      c->read->table = table;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  for (guint i = 0; i < c->schema->features->len; i++)
    {
      const FxFeature *f = g_ptr_array_index (c->schema->features, i);

      names[i] = f->name;
      types[i] = f->type;
    }
  rules = fx_rules_new (names, types, c->schema->features->len, &error);
  c->messages = g_ptr_array_new_with_free_func (g_free);
  c->counts = g_new0 (guint64, MAX (c->schema->rules->len, 1));
  /* each rule on its own, so that one that does not compile hides none of the others */
  for (guint i = 0; i < c->schema->rules->len; i++)
    {
      const FxSchemaRule *rule = g_ptr_array_index (c->schema->rules, i);
      g_autoptr(GError) rule_error = NULL;

      if (rules == NULL)
        g_ptr_array_add (c->messages, g_strdup (error->message));
      else if (rule->check == NULL || rule->check[0] == '\0')
        g_ptr_array_add (c->messages, g_strdup (_("Write a check: an SQL expression over the columns")));
      else if (!fx_rules_add (rules, rule->name != NULL && rule->name[0] != '\0' ? rule->name : _("unnamed"),
                              rule->check, NULL, &rule_error))
        g_ptr_array_add (c->messages, g_strdup (rule_error->message));
      else
        {
          g_ptr_array_add (c->messages, NULL);
          g_array_append_val (compiled, i);
        }
    }
  if (rules != NULL && compiled->len > 0)
    {
      counts = g_new0 (guint64, compiled->len);
      if (!fx_rules_count_table (rules, c->read->table, counts, NULL, 0, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      for (guint k = 0; k < compiled->len; k++)
        c->counts[g_array_index (compiled, guint, k)] = counts[k];
    }
  g_task_return_boolean (task, TRUE);
}

static void
set_status (RuleRow    *row,
            const char *text,
            gboolean    error)
{
  gtk_label_set_text (GTK_LABEL (row->status), text);
  if (error)
    {
      gtk_widget_add_css_class (row->status, "error");
      gtk_widget_remove_css_class (row->status, "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (row->status, "error");
      gtk_widget_add_css_class (row->status, "dim-label");
    }
}

static void
on_counted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  FxRulesEditor *self = FX_RULES_EDITOR (source);
  Count *c = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || c->serial != self->serial)
        return;
      for (guint i = 0; i < self->rows->len; i++)
        set_status (g_ptr_array_index (self->rows, i), error->message, TRUE);
      return;
    }
  if (c->read != NULL && c->read != self->reference)
    {
      g_clear_pointer (&self->reference, reference_unref);
      self->reference = g_atomic_rc_box_acquire (c->read);
    }
  if (c->serial != self->serial)
    return;
  for (guint i = 0; i < self->rows->len && i < c->messages->len; i++)
    {
      RuleRow *row = g_ptr_array_index (self->rows, i);
      const char *message = g_ptr_array_index (c->messages, i);
      g_autofree char *text = NULL;

      if (message != NULL)
        {
          set_status (row, message, TRUE);
          continue;
        }
      if (c->counts[i] == 0)
        text = g_strdup_printf (_("No reference row of %lu breaks it"), (unsigned long) c->read->table->n_rows);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%llu reference row of %lu breaks it: a doubtful rule",
                                             "%llu reference rows of %lu break it: a doubtful rule",
                                             c->counts[i]),
                                (unsigned long long) c->counts[i], (unsigned long) c->read->table->n_rows);
      set_status (row, text, c->counts[i] > 0);
    }
}

static gboolean
count_now (gpointer data)
{
  FxRulesEditor *self = data;
  const char *path;
  g_autoptr(GTask) task = NULL;
  Count *c;

  self->count_source = 0;
  if (self->document == NULL)
    return G_SOURCE_REMOVE;
  path = fx_schema_document_get_reference_path (self->document);
  if (path == NULL)
    {
      for (guint i = 0; i < self->rows->len; i++)
        set_status (g_ptr_array_index (self->rows, i),
                    _("Open reference data to see how many real rows break it"), FALSE);
      return G_SOURCE_REMOVE;
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  c = g_new0 (Count, 1);
  c->serial = self->serial;
  c->schema = fx_schema_document_build_schema (self->document);
  c->path = g_strdup (path);
  c->reference = self->reference != NULL ? g_atomic_rc_box_acquire (self->reference) : NULL;
  task = g_task_new (self, self->cancellable, on_counted, NULL);
  g_task_set_source_tag (task, count_now);
  g_task_set_task_data (task, c, count_free);
  g_task_run_in_thread (task, count_thread);
  return G_SOURCE_REMOVE;
}

static void
schedule_count (FxRulesEditor *self)
{
  self->serial++;
  g_clear_handle_id (&self->count_source, g_source_remove);
  self->count_source = g_timeout_add (COUNT_DELAY_MS, count_now, self);
}

/* ---- the rows ------------------------------------------------------------------ */

static void
update_title (FxRulesEditor *self)
{
  g_autofree char *title = NULL;

  if (self->rows->len == 0)
    title = g_strdup (_("Validity Rules"));
  else
    title = g_strdup_printf (_("Validity Rules (%u)"), self->rows->len);
  gtk_label_set_text (GTK_LABEL (self->title_label), title);
}

/* The rows' text into the document, as one step of undo while typing goes on. */
static void
store_rules (FxRulesEditor *self)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) fx_schema_rule_free);

  if (self->populating || self->document == NULL)
    return;
  for (guint i = 0; i < self->rows->len; i++)
    {
      RuleRow *row = g_ptr_array_index (self->rows, i);
      const char *description = gtk_editable_get_text (GTK_EDITABLE (row->description));

      g_ptr_array_add (rules, fx_schema_rule_new (gtk_editable_get_text (GTK_EDITABLE (row->name)),
                                                  gtk_editable_get_text (GTK_EDITABLE (row->check)),
                                                  description[0] != '\0' ? description : NULL));
    }
  if (!fx_schema_document_begin_edit (self->document, self, NULL, 0))
    return;
  self->populating = TRUE;
  fx_schema_document_set_rules (self->document, rules);
  fx_schema_document_end_edit (self->document);
  self->populating = FALSE;
  update_title (self);
  schedule_count (self);
}

static void
on_remove_clicked (GtkButton *button,
                   gpointer   user_data)
{
  FxRulesEditor *self = FX_RULES_EDITOR (user_data);

  for (guint i = 0; i < self->rows->len; i++)
    {
      RuleRow *row = g_ptr_array_index (self->rows, i);

      if (gtk_widget_is_ancestor (GTK_WIDGET (button), row->row))
        {
          gtk_list_box_remove (GTK_LIST_BOX (self->list), row->row);
          g_ptr_array_remove_index (self->rows, i);
          break;
        }
    }
  fx_schema_document_close_step (self->document);
  store_rules (self);
}

static GtkWidget *
rule_entry (FxRulesEditor *self,
            const char    *text,
            const char    *placeholder,
            const char    *accessible)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_signal_connect_object (entry, "changed", G_CALLBACK (store_rules), self, G_CONNECT_SWAPPED);
  return entry;
}

static RuleRow *
add_row (FxRulesEditor      *self,
         const FxSchemaRule *rule)
{
  RuleRow *row = g_new0 (RuleRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  row->name = rule_entry (self, rule->name, _("Name"), _("Rule Name"));
  row->check = rule_entry (self, rule->check, _("Check, e.g. heart_rate BETWEEN 0 AND 300"), _("Rule Check"));
  gtk_widget_add_css_class (row->check, "monospace");
  gtk_widget_set_tooltip_text (row->check, _("An SQL expression over the column names; a row breaks the rule "
                                             "when it is false, and a missing value breaks no rule"));
  row->description = rule_entry (self, rule->description, _("Description"), _("Rule Description"));
  row->status = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->status), 0);
  gtk_label_set_wrap (GTK_LABEL (row->status), TRUE);
  gtk_widget_add_css_class (row->status, "caption");
  gtk_widget_add_css_class (row->status, "dim-label");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove the rule"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Rule"), -1);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked), self);

  gtk_box_append (GTK_BOX (top), row->name);
  gtk_box_append (GTK_BOX (top), remove);
  /* the count above the check, so that it stays in sight while the check is typed */
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), row->status);
  gtk_box_append (GTK_BOX (box), row->check);
  gtk_box_append (GTK_BOX (box), row->description);
  row->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row->row), box);
  gtk_list_box_append (GTK_LIST_BOX (self->list), row->row);
  g_ptr_array_add (self->rows, row);
  return row;
}

/* The document's rules, shown anew (a schema opened, inferred or undone). */
static void
populate (FxRulesEditor *self)
{
  GPtrArray *rules = self->document != NULL ? fx_schema_document_get_rules (self->document) : NULL;

  self->populating = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), ((RuleRow *) g_ptr_array_index (self->rows, i))->row);
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    add_row (self, g_ptr_array_index (rules, i));
  self->populating = FALSE;
  update_title (self);
  gtk_widget_set_sensitive (self->add_button, self->document != NULL &&
                                              fx_schema_document_get_loaded (self->document));
  schedule_count (self);
}

static void
on_add_clicked (FxRulesEditor *self)
{
  FxSchemaRule empty = { 0 };
  RuleRow *row;

  gtk_expander_set_expanded (GTK_EXPANDER (self->expander), TRUE);
  self->populating = TRUE;
  row = add_row (self, &empty);
  self->populating = FALSE;
  fx_schema_document_close_step (self->document);
  store_rules (self);
  gtk_widget_grab_focus (row->name);
}

/* A change elsewhere (a feature's name or type, the reference data) may change the
 * counts; the rules' own changes are counted already. */
static void
on_document_changed (FxRulesEditor *self)
{
  if (self->populating)
    return;
  gtk_widget_set_sensitive (self->add_button, fx_schema_document_get_loaded (self->document));
  schedule_count (self);
}

void
fx_rules_editor_set_document (FxRulesEditor    *self,
                              FxSchemaDocument *document)
{
  g_return_if_fail (FX_IS_RULES_EDITOR (self));

  if (self->document == document)
    return;
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, document);
  if (document != NULL)
    {
      g_signal_connect_object (document, "reset", G_CALLBACK (populate), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (document, "changed", G_CALLBACK (on_document_changed), self, G_CONNECT_SWAPPED);
    }
  populate (self);
}

static void
fx_rules_editor_dispose (GObject *object)
{
  FxRulesEditor *self = FX_RULES_EDITOR (object);

  g_clear_handle_id (&self->count_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  gtk_widget_dispose_template (GTK_WIDGET (self), FX_TYPE_RULES_EDITOR);
  G_OBJECT_CLASS (fx_rules_editor_parent_class)->dispose (object);
}

static void
fx_rules_editor_finalize (GObject *object)
{
  FxRulesEditor *self = FX_RULES_EDITOR (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->reference, reference_unref);
  G_OBJECT_CLASS (fx_rules_editor_parent_class)->finalize (object);
}

static void
fx_rules_editor_class_init (FxRulesEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fx_rules_editor_dispose;
  object_class->finalize = fx_rules_editor_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/facsimile/Facsimile/ui/fx-rules-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FxRulesEditor, expander);
  gtk_widget_class_bind_template_child (widget_class, FxRulesEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, FxRulesEditor, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FxRulesEditor, list);
  gtk_widget_class_bind_template_child (widget_class, FxRulesEditor, add_button);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
}

static void
fx_rules_editor_init (FxRulesEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new_with_free_func (g_free);
  gtk_label_set_text (GTK_LABEL (self->summary_label),
                      _("Each rule is an SQL expression over the column names that every row must "
                        "keep: generation rejects a row that breaks one, and comparisons count them."));
}
