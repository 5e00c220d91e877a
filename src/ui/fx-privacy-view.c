/* fx-privacy-view.c: the Compare pane's Privacy view
 *
 * One plain sentence, the numbers behind it, and two plots: the distances of synthetic
 * and holdout rows to their closest training record, and the membership attack's ROC
 * curve.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-fold.h"
#include "fx-plot-view.h"
#include "fx-privacy-figures.h"
#include "fx-privacy-output.h"
#include "fx-privacy-view.h"

struct _FxPrivacyView
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkWidget *sentence;
  GtkWidget *numbers;
  GtkWidget *histogram;
  GtkWidget *roc;
};

G_DEFINE_FINAL_TYPE (FxPrivacyView, fx_privacy_view, GTK_TYPE_WIDGET)

void
fx_privacy_view_set_privacy (FxPrivacyView   *self,
                             const FxPrivacy *p,
                             const char      *why)
{
  g_autofree char *numbers = NULL;
  FxPlot *histogram = NULL, *roc = NULL;

  g_return_if_fail (FX_IS_PRIVACY_VIEW (self));

  if (p == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->sentence), why != NULL ? why : _("No privacy measures"));
      gtk_label_set_text (GTK_LABEL (self->numbers), "");
      fx_plot_view_set_plot (FX_PLOT_VIEW (self->histogram), NULL);
      fx_plot_view_set_plot (FX_PLOT_VIEW (self->roc), NULL);
      gtk_widget_set_visible (self->histogram, FALSE);
      gtk_widget_set_visible (self->roc, FALSE);
      return;
    }
  gtk_label_set_text (GTK_LABEL (self->sentence), fx_privacy_sentence (p));
  numbers = g_strdup_printf (_("Exact copies of training rows: %.1f %% of synthetic rows (%.1f %% of holdout rows, by chance)\n"
                               "Synthetic rows closer to training than to holdout: %.1f %% (50 %% is ideal)\n"
                               "Distance to the closest training row, 5th percentile / median: synthetic %.4f / %.4f, "
                               "holdout %.4f / %.4f\n"
                               "Membership attack: AUROC %.3f (95 %% CI %.3f–%.3f; 0.5 learns nothing), advantage %.3f\n"
                               "Rows measured: %lu synthetic, %lu training, %lu holdout%s"),
                             100 * p->exact_synthetic, 100 * p->exact_holdout, 100 * p->share_closer_to_training,
                             p->dcr_synthetic_p5, p->dcr_synthetic_median, p->dcr_holdout_p5,
                             p->dcr_holdout_median, p->auroc, p->auroc_low,
                             p->auroc_high, p->advantage, (gulong) p->n_synthetic, (gulong) p->n_training, (gulong) p->n_holdout,
                             p->sampled ? _(" (sampled)") : "");
  gtk_label_set_text (GTK_LABEL (self->numbers), numbers);
  histogram = fx_figure_dcr_histogram ((const double *) p->dcr_synthetic->data, p->dcr_synthetic->len,
                                       (const double *) p->dcr_holdout->data, p->dcr_holdout->len);
  roc = fx_figure_attack_roc ((const double *) p->roc_fpr->data, (const double *) p->roc_tpr->data,
                              p->roc_fpr->len, p->auroc);
  gtk_widget_set_visible (self->histogram, histogram != NULL);
  gtk_widget_set_visible (self->roc, roc != NULL);
  fx_plot_view_set_plot (FX_PLOT_VIEW (self->histogram), histogram);
  fx_plot_view_set_plot (FX_PLOT_VIEW (self->roc), roc);
}

static void
fx_privacy_view_dispose (GObject *object)
{
  FxPrivacyView *self = FX_PRIVACY_VIEW (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (fx_privacy_view_parent_class)->dispose (object);
}

static void
fx_privacy_view_class_init (FxPrivacyViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fx_privacy_view_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
fx_privacy_view_init (FxPrivacyView *self)
{
  GtkWidget *plots = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *fold;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (self->box, 18);
  gtk_widget_set_margin_end (self->box, 18);
  gtk_widget_set_margin_top (self->box, 18);
  gtk_widget_set_margin_bottom (self->box, 18);
  self->sentence = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->sentence), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->sentence), 0);
  gtk_widget_add_css_class (self->sentence, "title-4");
  self->numbers = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->numbers), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->numbers), 0);
  gtk_label_set_selectable (GTK_LABEL (self->numbers), TRUE);
  self->histogram = fx_plot_view_new ();
  self->roc = fx_plot_view_new ();
  gtk_widget_set_hexpand (self->histogram, TRUE);
  gtk_widget_set_hexpand (self->roc, TRUE);
  /* side by side while both fit, one above the other in a narrow window */
  gtk_widget_set_size_request (self->histogram, 260, 280);
  gtk_widget_set_size_request (self->roc, 260, 280);
  gtk_box_append (GTK_BOX (plots), self->histogram);
  gtk_box_append (GTK_BOX (plots), self->roc);
  gtk_box_set_homogeneous (GTK_BOX (plots), TRUE);
  fold = fx_fold_new ();
  fx_fold_set_threshold (FX_FOLD (fold), 0);
  fx_fold_set_child (FX_FOLD (fold), plots);
  gtk_box_append (GTK_BOX (self->box), self->sentence);
  gtk_box_append (GTK_BOX (self->box), self->numbers);
  gtk_box_append (GTK_BOX (self->box), fold);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Privacy"), -1);
}
