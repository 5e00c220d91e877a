/* fx-fake-provider.h: a local server that speaks each provider's wire format
 *
 * OpenAI Chat Completions (also as an OpenAI-compatible server), Anthropic Messages
 * and Gemini generateContent, with their list-models endpoints.  It checks every
 * request (key header, required fields, a schema for {"rows": [...]} in the place
 * each provider expects it, or JSON mode), refuses with the service's own 400 what
 * breaks a documented limit (fx-fake-limits.h), spends reasoning and thinking tokens
 * out of the output budget as the services do, and answers with rows that follow
 * the schema (in JSON mode, the prompt's example rows), or with the next fault of a
 * script.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _FxFakeProvider FxFakeProvider;

/* Listens on 127.0.0.1 (a free port).  @api_key: the key every request must carry
 * (NULL: none required). */
FxFakeProvider *fx_fake_provider_new          (const char     *api_key,
                                               GError        **error);
void            fx_fake_provider_free         (FxFakeProvider *fake);
char           *fx_fake_provider_get_base_url (FxFakeProvider *fake);

/* Faults to answer with, one per request in arrival order, then normal answers.
 * Comma-separated words: ok, 429 (retry-after: 1), 429ms (retry-after-ms: 300),
 * quota (429 insufficient quota / Gemini limit 0), 500, 503, 529, 401, 400, reset
 * (connection closed without an answer), slow (answers after @slow_ms), truncated,
 * refusal, blocked, invalid (200 whose content is not JSON), garbage (200 with an
 * HTML body), range (rows out of the schema's bounds), short (fewer rows than asked).
 * Misbehaving servers: 429long (retry-after: 100000), redirect (307 to itself), huge
 * (a 12 MiB body with its length), huge-chunked (the same without a length), trickle
 * (a byte every 100 ms, never done in time), echo-key (the first row's text values
 * are the key header the request carried). */
void            fx_fake_provider_set_faults   (FxFakeProvider *fake,
                                               const char     *script);
/* Every answer waits this long (the benchmark's latency). */
void            fx_fake_provider_set_delay    (FxFakeProvider *fake,
                                               guint           delay_ms);
void            fx_fake_provider_set_slow     (FxFakeProvider *fake,
                                               guint           slow_ms);
/* Lists of models wait this long before they are answered. */
void            fx_fake_provider_set_models_delay (FxFakeProvider *fake,
                                                   guint           delay_ms);

guint           fx_fake_provider_get_n_requests   (FxFakeProvider *fake);
/* Monotonic times (microseconds) at which requests arrived. */
GArray         *fx_fake_provider_get_arrivals     (FxFakeProvider *fake);
/* The first problem found in a request, or NULL when every request was right. */
const char     *fx_fake_provider_get_problem      (FxFakeProvider *fake);
guint           fx_fake_provider_get_max_in_flight (FxFakeProvider *fake);
/* (element-type utf8) the body of every generation request, in arrival order */
GPtrArray      *fx_fake_provider_get_bodies       (FxFakeProvider *fake);

G_END_DECLS
