/* test-eval-figures.c: the axes of the privacy and utility figures
 *
 * Rates (true and false positive rates, precision, recall, AUROC) are drawn on axes
 * that end at 0 and 1, never beyond, with their titles in words.  The figures are
 * laid out as the screen and the reports lay them out, and their axes read back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fx-csv.h"
#include "fx-privacy-figures.h"
#include "fx-privacy.h"
#include "fx-utility-figures.h"

static struct
{
  FxSchema  *schema;
  FxTable   *real;
  FxTable   *synthetic;
  FxUtility *utility;
} fixture;

static FxTable *
read_table (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "eval", name, NULL);
  g_autoptr(GHashTable) types = fx_schema_column_types (fixture.schema);
  g_autoptr(GError) error = NULL;
  FxCsvOptions options = { 0, types };
  FxTable *table = fx_csv_read_file (path, &options, &error);

  g_assert_no_error (error);
  return table;
}

/* Lays @plot out at a report's size; asserts that an axis of rates ends at 0 and 1
 * and has no tick outside. */
static void
assert_unit_axis (const FxPlot *plot,
                  gboolean      x,
                  gboolean      y)
{
  FxPlotStyle style;
  g_autoptr(FxPlotLayout) layout = NULL;
  const FxPlotAxis *axes[2];

  fx_plot_style_init (&style, FALSE);
  layout = fx_plot_layout_new (plot, &style, 640, 420);
  axes[0] = x ? &layout->x : NULL;
  axes[1] = y ? &layout->y : NULL;
  for (guint k = 0; k < 2; k++)
    {
      const FxPlotAxis *a = axes[k];

      if (a == NULL)
        continue;
      g_assert_false (a->categorical);
      g_assert_cmpfloat (a->lo, ==, 0);
      g_assert_cmpfloat (a->hi, ==, 1);
      g_assert_cmpuint (a->n_ticks, >=, 3);
      for (guint i = 0; i < a->n_ticks; i++)
        g_assert_true (a->ticks[i] >= 0 && a->ticks[i] <= 1);
    }
}

static void
test_attack_roc (void)
{
  /* an attack that finds every member early: its curve hugs the top, where a fitted
   * axis with a margin went past 1 */
  double fpr[] = { 0, 0, 0.02, 0.1, 0.5, 1 };
  double tpr[] = { 0, 0.8, 0.97, 1, 1, 1 };
  g_autoptr(FxPlot) plot = fx_figure_attack_roc (fpr, tpr, G_N_ELEMENTS (fpr), 0.98);
  g_autofree char *described = NULL;

  g_assert_nonnull (plot);
  assert_unit_axis (plot, TRUE, TRUE);
  /* the attack and the diagonal of chance */
  g_assert_cmpuint (fx_plot_get_n_series (plot), ==, 2);
  described = fx_plot_describe (plot);
  g_assert_nonnull (strstr (described, "Chance"));
  g_assert_nonnull (strstr (described, "False positive rate"));
  g_assert_nonnull (strstr (described, "True positive rate"));
}

static void
test_utility_curves (void)
{
  for (FxUtilityFigure which = FX_UTILITY_FIGURE_ROC; which <= FX_UTILITY_FIGURE_PR; which++)
    {
      g_autoptr(FxPlot) plot = fx_utility_figure (fixture.utility, which);

      g_assert_nonnull (plot);
      assert_unit_axis (plot, TRUE, TRUE);
    }
}

static void
test_utility_forests (void)
{
  for (FxUtilityFigure which = FX_UTILITY_FIGURE_SITES; which <= FX_UTILITY_FIGURE_SUBGROUPS; which++)
    {
      g_autoptr(FxPlot) plot = fx_utility_figure (fixture.utility, which);
      g_autoptr(FxPlotLayout) layout = NULL;
      g_autofree char *described = NULL;
      FxPlotStyle style;

      g_assert_nonnull (plot);
      fx_plot_style_init (&style, FALSE);
      layout = fx_plot_layout_new (plot, &style, 640, 420);
      /* fitted to the intervals and chance, but within 0 .. 1 */
      g_assert_cmpfloat (layout->x.lo, >=, 0);
      g_assert_cmpfloat (layout->x.hi, <=, 1);
      g_assert_cmpfloat (layout->x.lo, <=, 0.5);
      for (guint i = 0; i < layout->x.n_ticks; i++)
        g_assert_true (layout->x.ticks[i] >= 0 && layout->x.ticks[i] <= 1);
      described = fx_plot_describe (plot);
      g_assert_nonnull (strstr (described, ". Area under the ROC curve (0.5 is chance, 1 a perfect ranking) "
                                           "with intervals for "));
    }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *schema_path = NULL;
  g_autoptr(GError) error = NULL;
  FxUtilityOptions options;
  const char *held[] = { "Northeast", NULL };
  int status;

  g_test_init (&argc, &argv, NULL);

  schema_path = g_test_build_filename (G_TEST_DIST, "fixtures", "eval", "schema.json", NULL);
  fixture.schema = fx_schema_load_file (schema_path, &error);
  g_assert_no_error (error);
  fixture.real = read_table ("real.csv");
  fixture.synthetic = read_table ("synthetic.csv");
  /* a site held out, so that the site forest has its ceiling; few rounds suffice */
  fx_utility_options_init (&options, 1);
  options.holdout_sites = held;
  options.booster.rounds = 20;
  options.bootstrap_resamples = 100;
  fixture.utility = fx_utility_evaluate (fixture.schema, fixture.real, fixture.synthetic, &options, &error);
  g_assert_no_error (error);

  g_test_add_func ("/eval-figures/attack-roc", test_attack_roc);
  g_test_add_func ("/eval-figures/utility-curves", test_utility_curves);
  g_test_add_func ("/eval-figures/utility-forests", test_utility_forests);
  status = g_test_run ();

  fx_utility_free (fixture.utility);
  fx_table_free (fixture.synthetic);
  fx_table_free (fixture.real);
  fx_schema_free (fixture.schema);
  return status;
}
