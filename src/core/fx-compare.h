/* fx-compare.h: a synthetic table held against a real one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-json-writer.h"
#include "fx-schema.h"
#include "fx-stats.h"
#include "fx-table.h"
#include "fx-validity.h"

G_BEGIN_DECLS

/* The significance level used for the summary counts. */
#define FX_COMPARE_ALPHA 0.05

/* A correlation matrix over more features than this is left out of the JSON unless
 * asked for (FxCompareOptions.full_matrices): its size grows with the square of the
 * features.  Its mean difference and its strongest pairs are written instead. */
#define FX_COMPARE_MATRIX_MAX_FEATURES 200
/* How many pairs of a left-out matrix are written: the largest |difference| first. */
#define FX_COMPARE_STRONGEST_PAIRS 20

typedef enum
{
  FX_FEATURE_CONTINUOUS,
  FX_FEATURE_CATEGORICAL,
} FxFeatureKind;

typedef struct
{
  char          *name;
  FxFeatureKind  kind;
  FxColumnType   type;
  gsize          real_count;        /* non-missing values */
  gsize          synthetic_count;
  gsize          real_missing;
  gsize          synthetic_missing;
  gsize          synthetic_invalid; /* cells that could not be read as the type */
  gsize          synthetic_outside_schema; /* present but out of the schema's bounds or categories */
  gsize          synthetic_out_of_range;   /* of those, numbers outside the bounds */
  gsize          synthetic_unknown_category; /* of those, labels not among the categories */
  gboolean       tested;            /* both sides had values */

  /* continuous */
  FxKsResult     ks;
  double         wasserstein;
  double         real_mean, synthetic_mean;
  double         real_sd, synthetic_sd;
  gsize          synthetic_below_real_min;
  gsize          synthetic_above_real_max;
  /* categorical */
  FxChi2Result   chi2;
  double         tvd;
  GPtrArray     *categories;        /* (element-type utf8) union, real's first */
  GArray        *real_counts;       /* (element-type double) */
  GArray        *synthetic_counts;
  /* both */
  double         kl;
  double         js;
  double         pvalue;            /* KS p or chi-square p */
  double         pvalue_adjusted;   /* Benjamini-Hochberg over the features */
} FxFeatureComparison;

typedef struct
{
  GPtrArray *row_names;     /* (element-type utf8) */
  GPtrArray *column_names;  /* (element-type utf8); the same as rows for square ones */
  double    *real;          /* rows x columns, row-major, NaN where undefined */
  double    *synthetic;
  double     mean_abs_difference;  /* over the upper triangle when square */
} FxMatrixPair;

typedef struct _FxComparison FxComparison;

struct _FxComparison
{
  gsize          real_rows;
  gsize          synthetic_rows;
  GPtrArray     *features;        /* (element-type FxFeatureComparison) */
  GPtrArray     *only_in_real;    /* (element-type utf8) */
  GPtrArray     *only_in_synthetic;
  GPtrArray     *in_neither;      /* schema features found in neither table */
  GPtrArray     *not_in_schema;   /* table columns the schema does not name */
  FxMatrixPair   pearson;
  FxMatrixPair   spearman;
  FxMatrixPair   cramers_v;
  FxMatrixPair   correlation_ratio;
  /* real half against real half, when asked for */
  FxComparison  *holdout;
  guint64        holdout_seed;
  /* write every matrix whole, whatever its size */
  gboolean       full_matrices;
  /* with a schema: its rules counted in both tables, the synthetic invalid cells */
  FxValidity    *validity;
};

typedef struct
{
  const FxSchema *schema;   /* nullable: kinds come from the real table without one */
  gboolean        holdout;
  guint64         seed;
  gboolean        full_matrices;  /* matrices over many features too, in the JSON */
} FxCompareOptions;

/* What a comparison comes to, counted at significance level @alpha (features whose
 * Benjamini-Hochberg adjusted p-value is below it differ). */
typedef struct
{
  guint  features;
  guint  continuous;
  guint  categorical;
  guint  tested;
  guint  significant;
  double mean_ks;
  double mean_kl_continuous;
  double mean_kl;
  double mean_js;
  double mean_tvd;
  double pearson_mean_abs_difference;
  double spearman_mean_abs_difference;
  double cramers_v_mean_abs_difference;
} FxComparisonSummary;

FxComparison *fx_compare_tables        (const FxTable          *real,
                                        const FxTable          *synthetic,
                                        const FxCompareOptions *options,
                                        GError                **error);
void          fx_comparison_free       (FxComparison           *comparison);
const FxFeatureComparison *
              fx_comparison_find       (const FxComparison     *comparison,
                                        const char             *name);
void          fx_comparison_summarize  (const FxComparison     *comparison,
                                        double                  alpha,
                                        FxComparisonSummary    *summary);
/* Which distance stands for how far a feature is from the real data. */
typedef enum
{
  FX_DISTANCE_SHAPE,  /* KS D (continuous) or TVD (categorical): both from 0 to 1 */
  FX_DISTANCE_SCALE,  /* Wasserstein-1 in the feature's unit (continuous) or TVD */
} FxDistance;

/* The distance @which of @result; NaN when @result is NULL or was not tested. */
double        fx_feature_comparison_distance (const FxFeatureComparison *result,
                                              FxDistance                 which);
/* @value with @digits decimals, in scientific notation when it would show as 0, @missing
 * when it is not a number; in the locale's decimal mark when @localized, else '.'. */
char         *fx_format_number         (double                  value,
                                        int                     digits,
                                        gboolean                localized,
                                        const char             *missing);
/* A p-value as every output writes it: four decimals, "< 0.0001" below that,
 * @missing when it is not a number. */
char         *fx_format_pvalue         (double                  p,
                                        const char             *missing);

/* The types to read a synthetic table with: the schema's, or without one the real
 * table's (whole-number columns accepting fractions). */
GHashTable   *fx_compare_reading_types (const FxTable          *real,
                                        const FxSchema         *schema);
/* The stable JSON contract (keys may be added, never removed). */
char         *fx_comparison_to_json    (const FxComparison     *comparison,
                                        gsize                  *length);
/* The same, as an object written into @writer. */
void          fx_comparison_write_json (const FxComparison     *comparison,
                                        FxJsonWriter           *writer);
/* One CSV line per feature (holdout columns empty without a holdout), after a header
 * line when @header; @set names the synthetic set in the first column. */
void          fx_comparison_append_csv (const FxComparison     *comparison,
                                        const char             *set,
                                        gboolean                header,
                                        GString                *out);
/* A plain-text table for a terminal. */
char         *fx_comparison_to_text    (const FxComparison     *comparison);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxComparison, fx_comparison_free)

G_END_DECLS
