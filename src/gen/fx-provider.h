/* fx-provider.h: one interface for every source of synthetic rows
 *
 * A provider turns (prompt, row schema, batch size, options) into one HTTP request and
 * one HTTP response into rows, token usage and a typed outcome.  Building and parsing
 * are plain functions of their inputs, so they are tested without a network; the run
 * engine (fx-run.c) sends the requests with libsoup.  Offline baselines (copula,
 * independent) fill the same FxProviderResponse without HTTP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fx-http.h"
#include "fx-rows.h"
#include "fx-schema.h"

G_BEGIN_DECLS

typedef enum
{
  FX_OUTCOME_OK,
  FX_OUTCOME_TRUNCATED,        /* finish_reason length / max_tokens / MAX_TOKENS */
  FX_OUTCOME_REFUSED,          /* the model declined */
  FX_OUTCOME_BLOCKED,          /* a provider safety filter */
  FX_OUTCOME_RATE_LIMITED,     /* 429 that will clear; retry */
  FX_OUTCOME_QUOTA_EXHAUSTED,  /* 429 insufficient_quota, Gemini limit 0, 402 billing: never retry */
  FX_OUTCOME_SERVER_ERROR,     /* 408, 409, 5xx, 529: retry */
  FX_OUTCOME_BAD_REQUEST,      /* 400, 404, 413, 422: never retry */
  FX_OUTCOME_AUTH_ERROR,       /* 401, 403: never retry */
  FX_OUTCOME_NETWORK_ERROR,    /* connection refused or reset, timeout: retry */
  FX_OUTCOME_INVALID_RESPONSE, /* 200 whose body is not what the wire format promises */
} FxOutcome;

const char *fx_outcome_to_string (FxOutcome outcome);
gboolean    fx_outcome_is_retryable (FxOutcome outcome);

/* What a strategy asks of a model; both parts are plain text. */
typedef struct
{
  char *system;
  char *user;
} FxPrompt;

void fx_prompt_free (FxPrompt *prompt);

typedef struct
{
  char    *base_url;        /* without a trailing slash; NULL for the provider's default */
  char    *model;
  char    *api_key;         /* nullable; never logged, stored or shown */
  double   temperature;     /* NaN: leave to the provider */
  gint64   seed;            /* -1: none */
  guint    max_output_tokens;
  guint    timeout_seconds;
} FxProviderConfig;

/* What came back, as the provider's wire format says. */
typedef struct
{
  FxOutcome  outcome;
  char      *message;          /* for people; never holds the key */
  JsonArray *rows;             /* (nullable): the objects of {"rows": [...]}, unvalidated */
  FxRows    *light;            /* (nullable): the same rows as read by the fast reader, with
                                * their own text; then @rows is built only on demand */
  gint64     prompt_tokens;
  gint64     completion_tokens;
  gint64     reasoning_tokens;
  double     retry_after;      /* seconds the provider asked to wait; < 0 when it did not */
  int        should_retry;     /* x-should-retry: 1 yes, 0 no, -1 not said */
  char      *model;            /* the model that answered, when the response says */
} FxProviderResponse;

void       fx_provider_response_clear    (FxProviderResponse *response);
/* The rows as JSON objects, built from the light rows the first time it is asked. */
JsonArray *fx_provider_response_get_rows (FxProviderResponse *response);
/* Reads {"rows": [...]} from a model's text into @out (light rows when the fast reader
 * takes the text, JSON objects otherwise); FALSE with @message when it is not rows. */
gboolean   fx_provider_read_rows         (FxProviderResponse *out,
                                          const char         *text,
                                          gsize               length,
                                          char              **message);

typedef struct _FxProviderClass FxProviderClass;

struct _FxProviderClass
{
  const char *name;              /* "openai", "anthropic", "gemini", "openai-compatible" */
  const char *display_name;
  const char *default_base_url;  /* NULL when a base URL is required */
  const char *key_variable;      /* environment variable of the CLI */
  gboolean    needs_key;
  /* TRUE: its server is always another machine (a cloud API).  FALSE: the server is
   * wherever its base URL points, so a loopback address keeps prompts here. */
  gboolean    remote;
  /* fitted and sampled on this machine, without HTTP (copula, independent): such a
   * class has no functions below */
  gboolean    baseline;

  /* A request for @n_rows rows that follow @row_schema (the master JSON Schema of one
   * row, fx_row_json_schema ()), translated to what this provider accepts. */
  FxHttpRequest *(*build_request)      (const FxProviderConfig *config,
                                        const FxPrompt         *prompt,
                                        JsonNode               *row_schema,
                                        guint                   n_rows);
  void           (*parse_response)     (guint                   status,
                                        GHashTable             *headers,   /* lower-case name -> value */
                                        const char             *body,
                                        gsize                   length,
                                        FxProviderResponse     *out);
  FxHttpRequest *(*build_list_models)  (const FxProviderConfig *config);
  /* Model ids, or NULL with @error set (its message says why: bad key, quota...). */
  GPtrArray     *(*parse_list_models)  (guint                   status,
                                        GHashTable             *headers,
                                        const char             *body,
                                        gsize                   length,
                                        FxOutcome              *outcome,
                                        GError                **error);
};

/* ---- fx-provider-registry.c ---- */

/* (nullable) the provider called @name; NULL for a baseline or an unknown name */
const FxProviderClass *fx_provider_lookup (const char *name);
/* (nullable) any generator called @name: a provider or a baseline */
const FxProviderClass *fx_generator_lookup (const char *name);
/* (element-type FxProviderClass) the providers that send requests, in display order */
const FxProviderClass * const *fx_provider_list (guint *n_providers);

extern const FxProviderClass fx_provider_openai;
extern const FxProviderClass fx_provider_anthropic;
extern const FxProviderClass fx_provider_gemini;
extern const FxProviderClass fx_provider_openai_compatible;
extern const FxProviderClass fx_baseline_copula;
extern const FxProviderClass fx_baseline_independent;

/* Whether @url names this machine: "localhost" or a loopback address (names that only
 * look like one, such as 127.example.org, are somebody else's). */
gboolean  fx_url_is_loopback          (const char            *url);
/* Whether the prompts of @provider (nullable: a baseline) stay on this machine: a
 * baseline sends none, a remote provider never does, any other one when @base_url
 * (nullable: its default) is a loopback address. */
gboolean  fx_provider_stays_local     (const FxProviderClass *provider,
                                       const char            *base_url);
/* The one rule of what leaves this machine: whether prompts of @provider (nullable:
 * a baseline) built by a strategy that shows example rows (@sends_example_rows, see
 * fx_strategy_kind_sends_real_rows ()) would take real rows of the reference data to
 * another machine. */
gboolean  fx_provider_sends_real_rows_away (const FxProviderClass *provider,
                                            gboolean               sends_example_rows,
                                            const char            *base_url);

/* ---- fx-row-schema.c ---- */

/* The master JSON Schema of one row: an object with every feature as a property,
 * integer/number with minimum/maximum, boolean, categorical as an enum of its
 * categories (a plain string when it lists none), nullable features as a union with
 * null, units and descriptions in "description". */
JsonNode *fx_row_json_schema (const FxSchema *schema);
/* The schema every provider is asked for: {"rows": [@n_rows objects of @row_schema]}. */
JsonNode  *fx_rows_json_schema        (JsonNode   *row_schema,
                                       guint       n_rows);
/* A copy of @schema in which @fix has seen every schema object, innermost first, so a
 * provider can rewrite keywords.  Only keyword positions that hold schemas are walked
 * (properties, items, anyOf...), never data such as a property called "minimum". */
typedef void (*FxSchemaFixFunc) (JsonObject *schema,
                                 gpointer    user_data);
JsonNode  *fx_json_schema_map         (JsonNode        *schema,
                                       FxSchemaFixFunc  fix,
                                       gpointer         user_data);

/* ---- fx-model-text.c ---- */

/* Parses {"rows": [...]} from model text (tolerating a ```json fence around it);
 * returns the array or NULL with a reason in @message. */
JsonArray *fx_parse_rows_text         (const char *text,
                                       gsize       length,
                                       char      **message);
/* The same read by json-glib alone, without the fast reader: what the fast reader
 * must agree with, rows and messages alike. */
JsonArray *fx_parse_rows_text_slow    (const char *text,
                                       gsize       length,
                                       char      **message);

/* ---- fx-retry-after.c ---- */

/* Seconds from retry-after-ms, else retry-after (seconds or an HTTP date); < 0 if none. */
double    fx_retry_after_from_headers (GHashTable *headers);

/* ---- fx-provider-response.c: what every wire format shares ---- */

/* The outcome an HTTP status means when the body says nothing more precise. */
FxOutcome fx_outcome_from_status      (guint       status);
/* Empties @out (zero-filled or cleared before) and reads what the headers of every
 * provider may say: retry-after(-ms) and x-should-retry. */
void       fx_provider_response_begin (FxProviderResponse *out,
                                       GHashTable         *headers);
/* Sets the outcome and a message for people, with anything shaped like an API key
 * (sk-..., AIza...) replaced: error bodies may quote part of the key. */
void       fx_provider_response_fail  (FxProviderResponse *out,
                                       FxOutcome           outcome,
                                       const char         *format,
                                       ...) G_GNUC_PRINTF (3, 4);
/* A body parsed as JSON, or NULL with a short reason in @message. */
JsonNode  *fx_provider_parse_json     (const char *body,
                                       gsize       length,
                                       char      **message);
/* A short text about a body that is not the provider's JSON (a proxy's HTML page, an
 * empty 413): the page title or the first line. */
char      *fx_provider_describe_body  (const char *body,
                                       gsize       length);

typedef gboolean (*FxIsErrorBody)   (JsonObject         *root);
typedef void     (*FxFailErrorBody) (guint               status,
                                     JsonObject         *root,
                                     FxProviderResponse *out);

/* The part every wire format shares: an HTTP error (worded from the provider's error
 * body when it has one), a body that is not a JSON object, an error body with a 2xx
 * status.  Returns the parsed body, whose root is an object, or NULL when @out
 * already holds the failure. */
JsonNode *fx_provider_read_envelope (guint               status,
                                     const char         *body,
                                     gsize               length,
                                     FxIsErrorBody       is_error_body,
                                     FxFailErrorBody     fail_with_error_body,
                                     FxProviderResponse *out);

/* For the list-models parsers.  A failed list (an HTTP error, or an error body) is
 * worded as @provider words a failed generation: bad key, quota, server down; TRUE
 * then, with @error and *@outcome set. */
gboolean   fx_provider_list_failed   (const FxProviderClass *provider,
                                      guint                  status,
                                      GHashTable            *headers,
                                      const char            *body,
                                      gsize                  length,
                                      JsonObject            *root,
                                      FxIsErrorBody          is_error_body,
                                      FxOutcome             *outcome,
                                      GError               **error);
/* The ids of {"data": [{"id": ...}, ...]} (OpenAI and Anthropic lists); @reason says
 * why @node is NULL when it is. */
GPtrArray *fx_provider_list_data_ids (JsonNode              *node,
                                      const char            *reason,
                                      FxOutcome             *outcome,
                                      GError               **error);

/* ---- fx-provider-json.c ---- */

/* Members of a provider's JSON that may be absent or of another type: NULL or 0 then. */
JsonObject *fx_json_object (JsonObject *object,
                            const char *name);
JsonArray  *fx_json_array  (JsonObject *object,
                            const char *name);
const char *fx_json_string (JsonObject *object,
                            const char *name);
gint64      fx_json_int    (JsonObject *object,
                            const char *name);

G_END_DECLS
