/* fx-fake-limits.h: the documented limits the fake provider enforces
 *
 * Each check answers as the real service does: NULL when the request is within the
 * limits, otherwise the message of the service's 400.  The model families are written
 * out here from the providers' documentation, apart from the program's capability
 * table, so that a wrong table fails a test instead of passing it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Anthropic Messages: temperature 0 to 1; output_config only for the current model
 * families, with at most 16 union-typed and 24 optional parameters and without
 * numeric bounds; max_tokens within the model's output limit. */
char    *fx_fake_anthropic_refusal (JsonObject *body);

/* OpenAI Chat Completions: reasoning models (o1, o3, o4, gpt-5 families) take only the
 * default temperature; fine-tuned models refuse minimum/maximum/minItems/maxItems in a
 * strict schema; JSON mode needs the word JSON in the messages. */
char    *fx_fake_openai_refusal    (JsonObject *body);
/* Reasoning tokens a request spends: 0 for other models, by reasoning_effort. */
gint64   fx_fake_openai_reasoning  (JsonObject *body);

/* Gemini generateContent: enum values are strings or numbers; a 2.5 model's
 * thinkingBudget within its range. */
char    *fx_fake_gemini_refusal    (const char *model,
                                    JsonObject *body);
/* Thinking tokens a request spends: on 2.5 models the thinkingBudget when one is set,
 * otherwise as much as maxOutputTokens leaves (dynamic thinking runs the budget out). */
gint64   fx_fake_gemini_thinking   (const char *model,
                                    JsonObject *body);

/* Builds a 400 body of each wire format. */
char    *fx_fake_openai_error      (const char *message,
                                    const char *param,
                                    const char *code);
char    *fx_fake_anthropic_error   (const char *message);
char    *fx_fake_gemini_error      (const char *message);

G_END_DECLS
