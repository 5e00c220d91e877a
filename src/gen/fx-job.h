/* fx-job.h: everything a run needs, for a new run and a resumed one
 *
 * The command line and the application start runs the same way: a job reads the
 * reference data with the schema's types, fits the baseline or prepares the strategy,
 * says what real data its prompts would disclose, records the run in the store with its
 * provenance, and fills the engine's options.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fx-run.h"

G_BEGIN_DECLS

#define FX_JOB_ERROR (fx_job_error_quark ())

/* Of the reference rows kept from the generator when a run does not say. */
#define FX_JOB_DEFAULT_HOLDOUT_FRACTION 0.2

typedef enum
{
  FX_JOB_ERROR_INVALID,            /* a parameter out of range, an unknown name */
  FX_JOB_ERROR_REFERENCE,          /* the reference data is missing, unreadable or changed */
  FX_JOB_ERROR_NO_KEY,             /* the provider needs a key and none was found */
  FX_JOB_ERROR_STORE,
} FxJobError;

GQuark fx_job_error_quark (void);

typedef struct
{
  const char        *provider;        /* a provider or a baseline name */
  const char        *model;           /* (nullable) for a baseline */
  const char        *base_url;        /* (nullable) the provider's default */
  FxStrategyKind     strategy;
  FxGroupAllocation  allocation;
  gsize              n_rows;
  guint              batch_rows;
  guint              concurrency;
  double             temperature;     /* NaN: the provider's default */
  guint64            seed;
  guint              max_output_tokens; /* 0: from the batch size and the schema */
  guint              timeout_seconds;   /* 0: 300 */
  const char        *reference_path;  /* (nullable) */
  /* Reference rows kept from the generator for testing (fx-holdout.h): a share of each
   * stratum (target, then site), or whole sites (comma-separated labels).  0 and NULL:
   * none; a negative fraction -F: F when the reference and the schema's target allow
   * a split, else none (FX_JOB_DEFAULT_HOLDOUT_FRACTION is the usual F).  No strategy, prompt or baseline fit
   * sees a held-out row. */
  double             holdout_fraction;
  const char        *holdout_sites;   /* (nullable) */
  const char * const *anchors;        /* (nullable) the anchored strategy's anchor columns;
                                       * NULL: the schema's group columns and target */
} FxJobSpec;

typedef struct _FxJob FxJob;

/* Whether @url is an http:// or https:// address with a host. */
gboolean        fx_job_valid_base_url        (const char       *url);

/* Reads the reference data (blocking: call it from a thread in an interface), fits the
 * baseline or prepares the strategy.  @schema is copied. */
FxJob          *fx_job_new                   (const FxJobSpec  *spec,
                                              const FxSchema   *schema,
                                              GError          **error);
/* The job of a stored run, to carry on where it stopped.  Fails when its reference
 * data has changed since it started. */
FxJob          *fx_job_resume                (FxStore          *store,
                                              gint64            run_id,
                                              GError          **error);
void            fx_job_free                  (FxJob            *job);

/* The key from the environment (when @use_environment) or the keyring; TRUE also when
 * the provider needs none.  Blocking. */
gboolean        fx_job_find_key              (FxJob            *job,
                                              gboolean          use_environment,
                                              GError          **error);

/* Hands the job a key found elsewhere (it is wiped when the job is freed). */
void            fx_job_take_api_key          (FxJob            *job,
                                              char             *key);

const FxSchema *fx_job_get_schema            (FxJob            *job);
const char     *fx_job_get_provider_name     (FxJob            *job);
/* (nullable) the provider; NULL for a baseline */
const FxProviderClass *fx_job_get_provider   (FxJob            *job);
const char     *fx_job_get_base_url          (FxJob            *job);
gsize           fx_job_get_n_rows            (FxJob            *job);

/* How many real rows of the reference data the prompts hold (0 for the strategies that
 * send none and for baselines), and which columns, as a JSON description. */
guint           fx_job_get_n_disclosed_rows  (FxJob            *job);
char           *fx_job_describe_disclosure   (FxJob            *job);
/* (transfer full) (element-type utf8) the names of the disclosed columns */
GPtrArray      *fx_job_get_disclosed_columns (FxJob            *job);
/* (element-type utf8) what the run says once, before its first request: settings the
 * model does not take and that are not sent (also kept in the run's parameters as
 * "notes", for the Runs pane). */
GPtrArray      *fx_job_get_notes             (FxJob            *job);

/* Whether real rows would leave this machine: some are disclosed and the provider does
 * not stay local (fx_provider_sends_real_rows_away ()). */
gboolean        fx_job_sends_real_rows_away  (FxJob            *job);

/* Records a new run (its schema, parameters, reference checksum and disclosure) in
 * @store, which must outlive the job.  @schema_name names the schema when it has none. */
gint64          fx_job_create_run            (FxJob            *job,
                                              FxStore          *store,
                                              const char       *schema_name,
                                              GError          **error);
/* Points a resumed job at another connection to the same store (a job resumed in a
 * thread, carried on in the main loop). */
void            fx_job_set_store             (FxJob            *job,
                                              FxStore          *store);
gint64          fx_job_get_run_id            (FxJob            *job);
FxStore        *fx_job_get_store             (FxJob            *job);
/* The engine's options for this job; they point into the job. */
void            fx_job_get_options           (FxJob            *job,
                                              FxRunOptions     *options);

/* In a thread, what an interface must not block on: the job of @spec and @schema
 * (fx_job_new ()), or with @resume_id > 0 that run of the store at @store_path
 * (fx_job_resume (), in a connection of the thread's: give the job yours with
 * fx_job_set_store ()), then its key: from the keyring, or with @use_environment
 * from the environment first, as the command line finds it (fx_job_find_key ()).
 * @spec and @schema are copied; @source_object (nullable) is handed back to @callback. */
void            fx_job_prepare_async         (gpointer          source_object,
                                              const FxJobSpec  *spec,
                                              const FxSchema   *schema,
                                              const char       *store_path,
                                              gint64            resume_id,
                                              gboolean          use_environment,
                                              GCancellable     *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer          user_data);
FxJob          *fx_job_prepare_finish        (GAsyncResult     *result,
                                              GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FxJob, fx_job_free)

G_END_DECLS
