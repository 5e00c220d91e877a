/* fx-plan.h: a study as a plan, read from a JSON file
 *
 * A plan names the real table and its schema and the axes of a grid: generators (a
 * provider and model, or a baseline), strategies, numbers of features (in the schema's
 * order or strongest association with the target first), numbers of rows and repeats
 * (seeds).  Every combination is a cell, an ordinary run in the store.  A plan that
 * cannot be read says which file, which key (with its line and column) and what was
 * expected there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fx-rank.h"
#include "fx-strategy.h"

G_BEGIN_DECLS

#define FX_PLAN_ERROR (fx_plan_error_quark ())

typedef enum
{
  FX_PLAN_ERROR_READ,     /* the file cannot be read */
  FX_PLAN_ERROR_SYNTAX,   /* not JSON */
  FX_PLAN_ERROR_INVALID,  /* a key missing, of the wrong type or out of range */
} FxPlanError;

GQuark fx_plan_error_quark (void);

/* "all" in a plan's "features": every feature of the schema */
#define FX_PLAN_ALL_FEATURES G_MAXUINT

typedef struct
{
  char *provider;   /* a provider or a baseline ("copula", "independent") */
  char *model;      /* (nullable) for a baseline */
  char *base_url;   /* (nullable) the provider's own */
} FxPlanGenerator;

typedef struct
{
  char        *path;           /* the plan file */
  char        *schema_path;    /* absolute: relative paths are the plan file's */
  char        *reference_path;
  GPtrArray   *generators;     /* (element-type FxPlanGenerator) */
  GArray      *strategies;     /* (element-type FxStrategyKind) for the providers */
  GArray      *features;       /* (element-type guint) FX_PLAN_ALL_FEATURES for "all" */
  FxRankOrder  order;
  gboolean     keep_groups;    /* cuts keep the group columns (default) */
  GArray      *rows;           /* (element-type guint) */
  GArray      *seeds;          /* (element-type guint64) one per repeat */
  guint        batch_rows;
  guint        concurrency;    /* requests in flight, shared by all the cells */
  double       budget;         /* in the price table's currency; 0: none */
} FxPlan;

/* One study of the plan: the cells sharing a generator, strategy, rows and seed,
 * one per number of features. */
typedef struct
{
  const FxPlanGenerator *generator;
  FxStrategyKind         strategy;
  gboolean               baseline;   /* the strategy does not apply */
  guint                  n_rows;
  guint64                seed;
  guint                  repeat;     /* 1-based */
} FxPlanGroup;

FxPlan     *fx_plan_load              (const char  *path,
                                       GError     **error);
/* The same from @text, as if read from @path (relative paths are @path's). */
FxPlan     *fx_plan_parse             (const char  *path,
                                       const char  *text,
                                       GError     **error);
void        fx_plan_free              (FxPlan      *plan);

/* (element-type FxPlanGroup) the plan's studies, in the plan's order; they point into
 * @plan. */
GArray     *fx_plan_get_groups        (const FxPlan *plan);
/* How many cells the plan has, for a schema with @n_features features (the target
 * not counted): numbers of features above it count as all, and once. */
guint       fx_plan_count_cells       (const FxPlan *plan,
                                       guint         n_features);
/* The plan's numbers of features for @n_features, capped, in increasing order, each once. */
GArray     *fx_plan_feature_counts    (const FxPlan *plan,
                                       guint         n_features);
/* "copula", or "openai-compatible fake-large, group" */
char       *fx_plan_group_describe    (const FxPlanGroup *group);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxPlan, fx_plan_free)

G_END_DECLS
