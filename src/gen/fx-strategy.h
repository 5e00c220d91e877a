/* fx-strategy.h: how a prompt asks for rows
 *
 * The four strategies of the source study (naive, schema, conditional, group) show a
 * model a few real example rows, fresh ones for each request; the statistics strategy
 * shows it only aggregate statistics of the reference data; the anchored strategy
 * draws some columns of each row here, from the reference's joint distribution, and
 * asks the model for the rest.  Templates are resources (resources/prompts/).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-provider.h"
#include "fx-schema.h"
#include "fx-table.h"

G_BEGIN_DECLS

typedef enum
{
  FX_STRATEGY_NAIVE,
  FX_STRATEGY_SCHEMA,
  FX_STRATEGY_CONDITIONAL,
  FX_STRATEGY_GROUP,
  FX_STRATEGY_STATISTICS,
  FX_STRATEGY_ANCHORED,
} FxStrategyKind;

/* How the group strategy spreads the rows over the groups. */
typedef enum
{
  FX_GROUPS_UNIFORM,
  FX_GROUPS_PROPORTIONAL,
} FxGroupAllocation;

/* Example rows shown to the model in one request by the strategies that show any,
 * drawn afresh for each request from a pool of at most FX_STRATEGY_POOL_ROWS rows
 * (per group for the group strategy) drawn once: the pool is what is disclosed. */
#define FX_STRATEGY_EXAMPLE_ROWS 20
#define FX_STRATEGY_POOL_ROWS 80
/* Groups with fewer reference rows than this are pooled into one group. */
#define FX_STRATEGY_MIN_GROUP_ROWS 10

typedef struct _FxStrategy FxStrategy;

const char *fx_strategy_kind_to_string      (FxStrategyKind  kind);
gboolean    fx_strategy_kind_from_string    (const char     *str,
                                             FxStrategyKind *kind);
/* Whether prompts of this strategy hold real rows of the reference table. */
gboolean    fx_strategy_kind_sends_real_rows (FxStrategyKind kind);
/* Whether requests of this strategy carry the row schema to constrain the answer:
 * the naive strategy asks in JSON mode, without column definitions. */
gboolean    fx_strategy_kind_constrains_output (FxStrategyKind kind);

/* @reference may be NULL only for the statistics strategy, which then describes the
 * population from the schema alone.  The example rows are drawn once, with @seed. */
FxStrategy *fx_strategy_new                 (FxStrategyKind     kind,
                                             const FxSchema    *schema,
                                             const FxTable     *reference,
                                             FxGroupAllocation  allocation,
                                             guint64            seed,
                                             GError           **error);
void        fx_strategy_free                (FxStrategy        *strategy);
FxStrategyKind fx_strategy_get_kind         (FxStrategy        *strategy);

/* The anchored strategy's anchor columns (site, demographics, outcome: the user's
 * choice); without a call, or with NULL, the schema's group columns and its target.  FALSE with
 * @error when a column is not in the schema and the reference. */
gboolean    fx_strategy_set_anchors         (FxStrategy         *strategy,
                                             const char * const *columns,
                                             GError            **error);
/* (element-type utf8) the anchor columns, empty for other strategies */
GPtrArray  *fx_strategy_get_anchors         (FxStrategy        *strategy);

/* The prompt for the next request of @n_rows rows, with examples drawn for it.  For
 * the group strategy the rows are charged to the group that is furthest behind its
 * share of @total_rows; for the anchored one, @n_rows anchors are drawn for it. */
FxPrompt   *fx_strategy_build_prompt        (FxStrategy        *strategy,
                                             guint              n_rows,
                                             gsize              total_rows);
/* The anchored strategy: writes the anchors drawn for @prompt into the rows of
 * @response (row i gets the anchors of line i), whatever the model wrote there, so that
 * their joint distribution is the reference's exactly; returns how many rows the model
 * had written otherwise.  Nothing for other strategies. */
guint       fx_strategy_apply_anchors       (FxStrategy         *strategy,
                                             const FxPrompt     *prompt,
                                             FxProviderResponse *response);
/* Drops what was kept for @prompt (before it is freed). */
void        fx_strategy_forget_prompt       (FxStrategy        *strategy,
                                             const FxPrompt    *prompt);

/* SHA-256 (hex) of the templates this strategy uses. */
const char *fx_strategy_get_template_hash   (FxStrategy        *strategy);
/* What the prompts disclose, as JSON text:
 * {"real_rows": [0-based data row numbers of the reference], "columns": [...]};
 * both empty for the statistics strategy.  The anchored strategy adds
 * "anchors": {"columns": [...], "drawn_from_rows": N}: those columns of any row. */
char       *fx_strategy_describe_disclosure (FxStrategy        *strategy);
guint       fx_strategy_get_n_disclosed_rows (FxStrategy       *strategy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxStrategy, fx_strategy_free)

G_END_DECLS
