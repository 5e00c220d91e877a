/* fx-compare-summary-view.c: the Compare pane's summary
 *
 * The sentence the results open with, what "alike" means at the level chosen, and a
 * card for each synthetic set and one for the holdout baseline: how far apart two
 * halves of the real records are anyway.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-compare-summary-view.h"
#include "fx-ui-util.h"

struct _FxCompareSummaryView
{
  GtkBox      parent_instance;

  GtkLabel   *summary_sentence;
  GtkLabel   *alike_note;
  GtkFlowBox *summary_box;
};

G_DEFINE_FINAL_TYPE (FxCompareSummaryView, fx_compare_summary_view, GTK_TYPE_BOX)

/* A plain title with the measure's technical name and meaning in its tooltip.  The
 * values are not selectable: each would be a stop for the Tab key. */
static GtkWidget *
summary_line (const char *title,
              const char *value,
              const char *tooltip)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *t = gtk_label_new (title);
  GtkWidget *v = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (t), 0);
  gtk_label_set_wrap (GTK_LABEL (t), TRUE);
  gtk_widget_set_hexpand (t, TRUE);
  gtk_widget_add_css_class (t, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (v), 1);
  gtk_widget_add_css_class (v, "numeric");
  gtk_box_append (GTK_BOX (box), t);
  gtk_box_append (GTK_BOX (box), v);
  gtk_widget_set_tooltip_text (box, tooltip);
  return box;
}

static char *
alike_meaning (double alpha,
               guint  tested)
{
  return g_strdup_printf (ngettext ("“Alike” means no significant difference at %g %% after correcting for %u test "
                                    "(Benjamini–Hochberg); “differs” means a difference larger than chance "
                                    "would make.",
                                    "“Alike” means no significant difference at %g %% after correcting for %u tests "
                                    "(Benjamini–Hochberg); “differs” means a difference larger than chance "
                                    "would make.", tested),
                          100 * alpha, tested);
}

static char *
count_words (guint n)
{
  return n == 0 ? g_strdup (_("none")) : g_strdup_printf ("%u", n);
}

/* The sentence the results open with: how many features differ, next to how many
 * differ between two halves of the real records. */
static char *
plain_summary (GPtrArray *sets,
               double     alpha)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const FxComparison *holdout = NULL;

  for (guint i = 0; i < sets->len; i++)
    {
      FxComparedSet *r = g_ptr_array_index (sets, i);
      FxComparisonSummary s;

      fx_comparison_summarize (r->comparison, alpha, &s);
      if (i == 0)
        holdout = r->comparison->holdout;
      if (sets->len == 1)
        g_string_append_printf (text, ngettext ("The synthetic records differ from the real ones on %u of %u feature",
                                                "The synthetic records differ from the real ones on %u of %u features",
                                                s.tested), s.significant, s.tested);
      else
        g_string_append_printf (text, ngettext ("%sThe synthetic records of %s differ from the real ones on %u of %u feature",
                                                "%sThe synthetic records of %s differ from the real ones on %u of %u features",
                                                s.tested), i > 0 ? ". " : "", r->label, s.significant, s.tested);
    }
  if (holdout != NULL)
    {
      FxComparisonSummary h;
      g_autofree char *n = NULL;

      fx_comparison_summarize (holdout, alpha, &h);
      n = count_words (h.significant);
      g_string_append_printf (text, _("; two random halves of the real records differ on %s."), n);
    }
  else
    g_string_append (text, ".");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
summary_card (const char         *title,
              const FxComparison *c,
              double              alpha,
              gboolean            is_holdout)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *headline;
  FxComparisonSummary s;
  g_autofree char *similar = NULL;
  g_autofree char *kl = NULL;
  g_autofree char *ks = NULL;
  g_autofree char *pearson = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *meaning = NULL;

  fx_comparison_summarize (c, alpha, &s);
  similar = g_strdup_printf (ngettext ("%u of %u feature alike", "%u of %u features alike", s.tested),
                             s.tested - s.significant, s.tested);
  meaning = alike_meaning (alpha, s.tested);
  kl = fx_compare_format_value (s.mean_kl, 4);
  ks = fx_compare_format_value (s.mean_ks, 4);
  pearson = fx_compare_format_value (s.pearson_mean_abs_difference, 4);
  rows = g_strdup_printf (_("%lu real, %lu synthetic"), (gulong) c->real_rows, (gulong) c->synthetic_rows);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_margin_start (card, 0);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_ellipsize (GTK_LABEL (heading), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (heading, "heading");
  if (is_holdout)
    gtk_widget_add_css_class (heading, "dim-label");
  headline = gtk_label_new (similar);
  gtk_label_set_xalign (GTK_LABEL (headline), 0);
  gtk_label_set_wrap (GTK_LABEL (headline), TRUE);
  gtk_widget_set_tooltip_text (headline, meaning);
  gtk_widget_add_css_class (headline, "title-2");
  if (!is_holdout)
    gtk_widget_add_css_class (headline, s.significant == 0 ? "success" : s.significant * 4 > s.tested ? "error" : "warning");

  {
    GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

    gtk_widget_set_margin_start (inner, 12);
    gtk_widget_set_margin_end (inner, 12);
    gtk_widget_set_margin_top (inner, 12);
    gtk_widget_set_margin_bottom (inner, 12);
    gtk_box_append (GTK_BOX (inner), heading);
    gtk_box_append (GTK_BOX (inner), headline);
    gtk_box_append (GTK_BOX (inner),
                    summary_line (_("Records"), rows,
                                  is_holdout ? _("The real records were split at random into two halves of this size")
                                             : _("How many records (rows) each table has")));
    gtk_box_append (GTK_BOX (inner),
                    summary_line (_("Typical gap between distributions"), ks,
                                  _("How far the distribution of a measured value lies from the real one, averaged "
                                    "over the numeric features: 0 when they are the same, 1 when they do not overlap "
                                    "at all (mean Kolmogorov–Smirnov distance D)")));
    gtk_box_append (GTK_BOX (inner),
                    summary_line (_("Information lost"), kl,
                                  _("How much is lost when the synthetic values stand in for the real ones, averaged "
                                    "over the features: 0 when nothing is lost, larger when more is (mean "
                                    "Kullback–Leibler divergence)")));
    gtk_box_append (GTK_BOX (inner),
                    summary_line (_("Change in correlations"), pearson,
                                  _("How much the correlations between pairs of numeric features changed, averaged: "
                                    "0 when none did, up to 2 (mean absolute difference of Pearson's r)")));
    gtk_box_append (GTK_BOX (card), inner);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  if (is_holdout)
    gtk_widget_set_tooltip_text (card, _("Two random halves of the real records compared in the same way: how far "
                                         "apart two samples of the same patients are anyway"));
  return card;
}

void
fx_compare_summary_view_set_results (FxCompareSummaryView *self,
                                     FxCompareResults     *results,
                                     double                alpha)
{
  g_autoptr(GPtrArray) sets = results != NULL ? g_ptr_array_ref (results->sets) : g_ptr_array_new ();
  GtkFlowBoxChild *child;
  g_autofree char *sentence = NULL;

  g_return_if_fail (FX_IS_COMPARE_SUMMARY_VIEW (self));

  sentence = plain_summary (sets, alpha);

  gtk_label_set_text (self->summary_sentence, sentence);
  if (sets->len > 0)
    {
      FxComparisonSummary s;
      g_autofree char *meaning = NULL;

      fx_comparison_summarize (((FxComparedSet *) g_ptr_array_index (sets, 0))->comparison, alpha, &s);
      meaning = alike_meaning (alpha, s.tested);
      gtk_label_set_text (self->alike_note, meaning);
    }

  while ((child = gtk_flow_box_get_child_at_index (self->summary_box, 0)) != NULL)
    gtk_flow_box_remove (self->summary_box, GTK_WIDGET (child));
  for (guint i = 0; i < sets->len; i++)
    {
      FxComparedSet *r = g_ptr_array_index (sets, i);

      gtk_flow_box_append (self->summary_box, summary_card (r->label, r->comparison, alpha, FALSE));
    }
  if (sets->len > 0)
    {
      FxComparedSet *first = g_ptr_array_index (sets, 0);

      if (first->comparison->holdout != NULL)
        gtk_flow_box_append (self->summary_box,
                             summary_card (_("Holdout baseline: real against real"), first->comparison->holdout,
                                           alpha, TRUE));
    }
  /* the summary is read, not operated: its cards are no stops for the Tab key */
  for (guint i = 0; (child = gtk_flow_box_get_child_at_index (self->summary_box, i)) != NULL; i++)
    gtk_widget_set_focusable (GTK_WIDGET (child), FALSE);
  fx_ui_name_flow_children (self->summary_box);
}

static void
fx_compare_summary_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FX_TYPE_COMPARE_SUMMARY_VIEW);

  G_OBJECT_CLASS (fx_compare_summary_view_parent_class)->dispose (object);
}

static void
fx_compare_summary_view_class_init (FxCompareSummaryViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = fx_compare_summary_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/facsimile/Facsimile/ui/fx-compare-summary-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FxCompareSummaryView, summary_sentence);
  gtk_widget_class_bind_template_child (widget_class, FxCompareSummaryView, alike_note);
  gtk_widget_class_bind_template_child (widget_class, FxCompareSummaryView, summary_box);
}

static void
fx_compare_summary_view_init (FxCompareSummaryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
