/* fx-study-form.h: a study's plan as a form, and its plan files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fx-plan.h"
#include "fx-schema-document.h"

G_BEGIN_DECLS

#define FX_TYPE_STUDY_FORM (fx_study_form_get_type ())

G_DECLARE_FINAL_TYPE (FxStudyForm, fx_study_form, FX, STUDY_FORM, AdwBin)

GtkWidget *fx_study_form_new           (void);
/* The schema and the real table a plan names. */
void       fx_study_form_set_document  (FxStudyForm      *self,
                                        FxSchemaDocument *document);
/* The form as a plan, or NULL with what is wrong in @why (and the wrong fields marked). */
FxPlan    *fx_study_form_build_plan    (FxStudyForm      *self,
                                        char            **why);
/* Keeps the form's choices for the next study. */
void       fx_study_form_save_settings (FxStudyForm      *self);

G_END_DECLS
