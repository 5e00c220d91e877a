/* fx-test-fixtures.h: fixtures the C tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-schema.h"
#include "fx-table.h"

G_BEGIN_DECLS

/* The bundled example (FX_EXAMPLE_DIR): its schema and its 2,520 stays, each column
 * read with the type the schema gives it.  Fails the test when either cannot be read. */
void fx_test_load_example (FxSchema **schema,
                           FxTable  **table);

G_END_DECLS
