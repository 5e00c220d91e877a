/* fx-capabilities.h: what each model family accepts
 *
 * A dated table (data/model-capabilities.json, compiled into the resources) says per
 * provider and model family whether structured outputs are supported and within which
 * limits, the temperature range (or that none may be set), how reasoning or thinking
 * is bounded and the largest output.  Request builders read it, so that a request is
 * one the service takes; a model the table does not know gets the provider's safe
 * defaults.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fx-provider.h"

G_BEGIN_DECLS

#define FX_CAPABILITIES_ERROR (fx_capabilities_error_quark ())

typedef enum
{
  FX_CAPABILITIES_ERROR_OUT_OF_RANGE,  /* a setting the model refuses */
} FxCapabilitiesError;

GQuark fx_capabilities_error_quark (void);

typedef enum
{
  FX_REASONING_NONE,            /* no reasoning tokens */
  FX_REASONING_EFFORT,          /* OpenAI reasoning_effort */
  FX_REASONING_THINKING_BUDGET, /* Gemini thinkingConfig.thinkingBudget */
  FX_REASONING_UNBOUNDED,       /* the model thinks, and no control is sent */
} FxReasoningControl;

typedef struct
{
  const char         *provider;
  const char         *family;
  const char         *source;                  /* documentation the entry was taken from */
  gboolean            structured_output;       /* a JSON Schema may constrain the answer */
  guint               max_union_parameters;    /* 0: no limit */
  guint               max_optional_parameters; /* 0: no limit */
  gboolean            schema_bounds;           /* minimum/maximum allowed in the schema */
  gboolean            enum_null;               /* null allowed among enum values */
  gboolean            has_temperature;         /* FALSE: only the default, never sent */
  double              temperature_min;
  double              temperature_max;
  FxReasoningControl  reasoning;
  const char         *reasoning_effort;        /* FX_REASONING_EFFORT */
  gint                thinking_min;            /* FX_REASONING_THINKING_BUDGET */
  gint                thinking_max;
  gboolean            thinking_off;            /* 0 turns thinking off below the minimum */
  gint                thinking_budget;         /* what is asked for */
  guint               reasoning_headroom;      /* output tokens reasoning may take */
  guint               max_output_tokens;
} FxModelCapabilities;

/* The entry for @model of @provider (its catch-all when no family matches); never NULL
 * for a provider of fx_provider_list (), NULL for a name the table does not have. */
const FxModelCapabilities *fx_model_capabilities_lookup   (const char *provider,
                                                           const char *model);
/* The date the table was checked against the providers' documentation. */
const char                *fx_model_capabilities_checked  (void);

/* What applies to the model, for people: "Claude Opus 4.5, Sonnet 4.5, Haiku 4.5:
 * structured outputs (at most 16 nullable columns...), temperature 0 to 1, ...". */
char     *fx_model_capabilities_describe      (const FxModelCapabilities *caps);

/* The output budget for @batch_rows rows of @n_columns: the answer's share, the
 * reasoning headroom on top, no more than the model's output limit. */
guint     fx_model_capabilities_output_budget (const FxModelCapabilities *caps,
                                               guint                      batch_rows,
                                               guint                      n_columns);

/* After an answer cut off while reasoning: doubles @config's output budget, up to the
 * model's limit; FALSE when it is there already (then only fewer rows can help). */
gboolean  fx_model_capabilities_raise_budget  (const char                *provider,
                                               FxProviderConfig          *config);

/* Refuses, before any request, a setting out of the model's range (FALSE with @error
 * naming the setting, the model and the range), and says in @notes (element-type
 * utf8) which settings the model does not take and will not be sent. */
gboolean  fx_model_capabilities_check_config  (const FxModelCapabilities *caps,
                                               const FxProviderConfig    *config,
                                               GPtrArray                 *notes,
                                               GError                   **error);

/* An FxSchemaFixFunc for fx_json_schema_map (): minimum, maximum, exclusive bounds,
 * multipleOf, item and length counts moved into "description" as words the model
 * reads, for services whose schema subset refuses them (Anthropic, strict mode of
 * fine-tuned OpenAI models); every row is validated here anyway. */
void      fx_json_schema_bounds_to_description (JsonObject *schema,
                                                gpointer    user_data);

G_END_DECLS
