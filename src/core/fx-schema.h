/* fx-schema.h: the schema of a health-record table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fx-table.h"

G_BEGIN_DECLS

#define FX_SCHEMA_FORMAT 1

typedef struct
{
  char         *name;
  FxColumnType  type;
  char         *unit;          /* nullable */
  char         *description;   /* nullable */
  gboolean      has_minimum;
  double        minimum;
  gboolean      has_maximum;
  double        maximum;
  GPtrArray    *categories;    /* (element-type utf8): allowed labels; empty = any */
  GArray       *frequencies;   /* (element-type double) (nullable): one per category */
  gboolean      nullable;
  double        missing_rate;  /* NaN when not stated */
  gboolean      identifier;    /* names a patient, stay or site: not a quantity to imitate */
} FxFeature;

/* A check every row must pass, stated by the schema's author; kept and written back
 * as written (it is compiled where it is used). */
typedef struct
{
  char *name;         /* non-empty, unique within the schema */
  char *check;        /* non-empty */
  char *description;  /* nullable */
} FxSchemaRule;

typedef struct
{
  char      *name;
  char      *description;
  char      *target;       /* nullable: the outcome column */
  char      *site;         /* nullable: the column naming where a record comes from */
  GPtrArray *group_by;     /* (element-type utf8) */
  GPtrArray *generation_order; /* (element-type utf8): columns the conditional strategy
                                * asks for first, in this order; empty: by block */
  GPtrArray *features;     /* (element-type FxFeature) */
  GPtrArray *constraints;  /* (element-type utf8) */
  GPtrArray *rules;        /* (element-type FxSchemaRule) */
} FxSchema;

typedef enum
{
  FX_VIOLATION_TYPE,
  FX_VIOLATION_RANGE,
  FX_VIOLATION_CATEGORY,
  FX_VIOLATION_MISSING,
  FX_VIOLATION_UNKNOWN_FIELD,
} FxViolationKind;

typedef struct
{
  char            *feature;
  FxViolationKind  kind;
  char            *message;
} FxViolation;

FxFeature  *fx_feature_new               (const char     *name,
                                          FxColumnType    type);
void        fx_feature_free              (FxFeature      *feature);

FxSchemaRule *fx_schema_rule_new         (const char     *name,
                                          const char     *check,
                                          const char     *description);
void        fx_schema_rule_free          (FxSchemaRule   *rule);

/* A deep copy: every string and list is the copy's own. */
FxFeature  *fx_feature_copy              (const FxFeature *feature);

FxSchema   *fx_schema_new                (void);
void        fx_schema_free               (FxSchema       *schema);
/* A deep copy; it holds whatever @schema holds, valid or not (a schema in the middle
 * of an edit may not be). */
FxSchema   *fx_schema_copy               (const FxSchema *schema);
FxFeature  *fx_schema_find_feature       (const FxSchema *schema,
                                          const char     *name);

/* ---- checks (fx-schema-check.c) ---- */

/* One thing that stops a schema from being used. */
typedef struct
{
  char  *feature;        /* (nullable): the feature's name; NULL for the table */
  int    feature_index;  /* its place in the list, or -1 for the table */
  char  *field;          /* (nullable): the key at fault ("minimum", "categories", ...) */
  int    item;           /* the item of a list @field, or -1 for the whole field */
  char  *message;        /* a sentence, without any file position */
  guint  line;           /* where it is in the file it was read from; 0 when not read */
  guint  column;
} FxSchemaProblem;

void        fx_schema_problem_free       (FxSchemaProblem *problem);
/* Every problem of @schema, in the order of its features and then the table's.
 * Returns (element-type FxSchemaProblem): empty when @schema is valid. */
GPtrArray  *fx_schema_check              (const FxSchema  *schema);

/* column name -> GUINT_TO_POINTER (type + 1), for FxCsvOptions.types */
GHashTable *fx_schema_column_types       (const FxSchema *schema);

/* ---- JSON (fx-schema-json.c) ---- */

/* Errors are in FX_SCHEMA_ERROR; their message starts with "FILE:LINE:COLUMN: ".  A
 * schema that reads but fails fx_schema_check () gives its first problem. */
FxSchema   *fx_schema_load_file          (const char     *path,
                                          GError        **error);
FxSchema   *fx_schema_load_data          (const char     *data,
                                          gssize          length,
                                          const char     *display_name,
                                          GError        **error);
/* The same reading, keeping every problem of fx_schema_check () with its line and
 * column in @problems (element-type FxSchemaProblem) instead of failing on the first;
 * NULL only when the text is not a schema at all (@error says where). */
FxSchema   *fx_schema_load_data_checked  (const char     *data,
                                          gssize          length,
                                          const char     *display_name,
                                          GPtrArray     **problems,
                                          GError        **error);
char       *fx_schema_to_json            (const FxSchema *schema);
gboolean    fx_schema_save_file          (const FxSchema *schema,
                                          const char     *path,
                                          GError        **error);

/* ---- inference (fx-schema-infer.c) ---- */

/* Above this many distinct labels an inferred categorical is taken for an identifier. */
#define FX_SCHEMA_IDENTIFIER_LEVELS 50

/* A schema describing @table as it is: types, observed range, categories with their
 * relative frequencies, missing rates, and "identifier" on columns that look like one
 * (more than FX_SCHEMA_IDENTIFIER_LEVELS labels, or a name ending in "id"). */
FxSchema   *fx_schema_infer              (const FxTable  *table,
                                          const char     *name);
/* The same, taking a categorical column with more than @max_categories distinct labels
 * for an identifier whose labels are not listed, and adding to @notes (nullable,
 * element-type utf8) a sentence for each column described so. */
FxSchema   *fx_schema_infer_full         (const FxTable  *table,
                                          const char     *name,
                                          guint           max_categories,
                                          GPtrArray      *notes);

/* ---- row validation (fx-schema-validate.c) ---- */

/* Every violation of one row, given as parallel arrays of column names and cell
 * texts (a CSV row).  Columns the schema does not know are violations too.  Returns
 * an empty array for a valid row. */
GPtrArray  *fx_schema_validate_strings   (const FxSchema     *schema,
                                          const char * const *names,
                                          const char * const *values,
                                          gsize               n);
/* The same for a row as a JSON object (a model's output). */
GPtrArray  *fx_schema_validate_object    (const FxSchema     *schema,
                                          JsonObject         *row);

/* One member of a row object as a light value (a fast reader of model text fills
 * these instead of building a JsonObject). */
typedef enum
{
  FX_MEMBER_NULL,
  FX_MEMBER_NUMBER,
  FX_MEMBER_STRING,
  FX_MEMBER_BOOLEAN,
  FX_MEMBER_OBJECT,   /* a nested value: only its kind matters */
  FX_MEMBER_ARRAY,
} FxMemberKind;

typedef struct
{
  const char   *name;
  FxMemberKind  kind;
  gboolean      boolean;  /* FX_MEMBER_BOOLEAN */
  double        number;   /* FX_MEMBER_NUMBER: as json_node_get_double () reads it */
  const char   *string;   /* FX_MEMBER_STRING: the unescaped text */
} FxMember;

/* The same violations, in the same order and words, as fx_schema_validate_object ()
 * on the object holding @members (distinct names, in the object's order). */
GPtrArray  *fx_schema_validate_members   (const FxSchema     *schema,
                                          const FxMember     *members,
                                          gsize               n_members);
const char *fx_violation_kind_to_string  (FxViolationKind     kind);
void        fx_violation_free            (FxViolation        *violation);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxFeature, fx_feature_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxSchema, fx_schema_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxSchemaRule, fx_schema_rule_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxSchemaProblem, fx_schema_problem_free)

G_END_DECLS
