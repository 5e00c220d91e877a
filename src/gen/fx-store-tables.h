/* fx-store-tables.h: a stored run's rows as a table, with its schema and provenance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-schema.h"
#include "fx-store.h"
#include "fx-table.h"

G_BEGIN_DECLS

/* The accepted rows of run @run_id as a table, columns in the order of the schema the
 * run was made with.  *@run (optional) receives the run's record (its provenance) and
 * *@schema (optional) that schema.  Blocking: call it from a thread in an interface. */
FxTable *fx_store_load_run_table (FxStore      *store,
                                  gint64        run_id,
                                  FxRunRecord **run,
                                  FxSchema    **schema,
                                  GError      **error);

/* The schema run @run_id was made with. */
FxSchema *fx_store_load_run_schema (FxStore      *store,
                                    gint64        run_id,
                                    FxRunRecord **run,
                                    GError      **error);

G_END_DECLS
