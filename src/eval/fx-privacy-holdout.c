/* fx-privacy-holdout.c: privacy measured on the holdout split evaluation uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fx-encoding.h"
#include "fx-eval-error.h"
#include "fx-holdout.h"
#include "fx-privacy-holdout.h"

FxPrivacy *
fx_privacy_measure_with_holdout (const FxSchema  *schema,
                                 const FxTable   *real,
                                 const FxTable   *synthetic,
                                 double           fraction,
                                 guint64          seed,
                                 GError         **error)
{
  g_autofree guint8 *labels = NULL;
  g_autoptr(FxSplit) split = NULL;
  g_auto(GStrv) inputs = NULL;
  FxPrivacyOptions options = { seed, 0, 0 };

  if (schema->target == NULL)
    {
      g_set_error (error, FX_EVAL_ERROR, FX_EVAL_ERROR_INPUT,
                   _("the schema names no target, so there is no holdout to measure privacy against"));
      return NULL;
    }
  labels = fx_encoding_labels (schema, real, _("real"), error);
  if (labels == NULL)
    return NULL;
  split = fx_holdout_split (schema, real, labels, fraction, NULL, seed, error);
  if (split == NULL)
    return NULL;
  inputs = fx_privacy_schema_inputs (schema);
  return fx_privacy_measure (real, (const gsize *) split->train->data, split->train->len,
                             (const gsize *) split->holdout->data, split->holdout->len,
                             synthetic, (const char * const *) inputs, &options, error);
}
