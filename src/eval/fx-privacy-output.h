/* fx-privacy-output.h: the privacy and validity blocks in an evaluation's outputs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-privacy.h"
#include "fx-validity.h"

G_BEGIN_DECLS

/* @json (an evaluation's JSON object, as text) with "privacy" and "validity" (each
 * nullable: left out) added as its last members; every other member is kept as it
 * was, numbers in their shortest exact form.  NULL with an error when @json is not
 * a JSON object. */
char *fx_privacy_add_to_json (const char       *json,
                              const FxPrivacy  *privacy,
                              const FxValidity *validity,
                              gboolean          pretty,
                              gsize            *length,
                              GError          **error);

/* Whether the measures show the synthetic records closer to the training patients
 * than to new ones (more exact copies than the holdout has, an attack whose AUROC
 * interval lies above 0.5, or over 60 % of synthetic rows closer to the training
 * part), and the one plain sentence that says so or not. */
gboolean    fx_privacy_shows_leak (const FxPrivacy *privacy);
const char *fx_privacy_sentence   (const FxPrivacy *privacy);

/* A few lines for people: the privacy measures with one plain sentence, and each
 * rule's violations. */
char *fx_privacy_to_text     (const FxPrivacy  *privacy,
                              const FxValidity *validity);

G_END_DECLS
