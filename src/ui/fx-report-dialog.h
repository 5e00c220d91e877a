/* fx-report-dialog.h: what goes into a report, and where
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fx-report.h"

G_BEGIN_DECLS

#define FX_TYPE_REPORT_DIALOG (fx_report_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FxReportDialog, fx_report_dialog, FX, REPORT_DIALOG, AdwWindow)

/* Takes @report, ready but for the choices the dialog offers.  When it is written,
 * a toast over @toast_widget's window says so and offers to open it. */
FxReportDialog *fx_report_dialog_new (GtkWindow  *parent,
                                      GtkWidget  *toast_widget,
                                      FxReport   *report,
                                      const char *suggested_title,
                                      gboolean    has_study);

G_END_DECLS
