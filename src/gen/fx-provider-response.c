/* fx-provider-response.c: what a provider's answer says
 *
 * Outcomes and their retry rules, the response every parser fills, the envelope every
 * wire format shares (HTTP errors, error bodies, bodies that are not JSON) and the
 * short description of a body that is not what it should be.  Messages are one line
 * for people, with anything shaped like an API key masked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fx-provider.h"

/* Error pages can be long; a message for people needs the gist only. */
#define DESCRIBE_MAX_CHARS 160

/* Tokens shaped like the keys of the providers we know: OpenAI and Anthropic keys start
 * with "sk-", Google keys with "AIza".  OpenAI's 401 quotes a masked key back. */
static gboolean
is_key_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '*' || c == '.';
}

static char *
scrub_keys (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      gboolean word_start = p == text || !(g_ascii_isalnum (p[-1]) || p[-1] == '-' || p[-1] == '_');

      if (word_start && (g_str_has_prefix (p, "sk-") || g_str_has_prefix (p, "AIza")))
        {
          const char *end = p;

          while (is_key_char (*end))
            end++;
          /* The sentence's full stop is not part of the key. */
          while (end > p && end[-1] == '.')
            end--;
          /* Real keys are long; "sk-learn" is a word. */
          if (end - p >= 20)
            {
              g_string_append (out, "[redacted]");
              p = end;
              continue;
            }
        }
      g_string_append_c (out, *p);
      p++;
    }
  return g_string_free (out, FALSE);
}

/* ---- outcomes ------------------------------------------------------------------ */

const char *
fx_outcome_to_string (FxOutcome outcome)
{
  switch (outcome)
    {
    case FX_OUTCOME_OK:
      return "ok";
    case FX_OUTCOME_TRUNCATED:
      return "truncated";
    case FX_OUTCOME_REFUSED:
      return "refused";
    case FX_OUTCOME_BLOCKED:
      return "blocked";
    case FX_OUTCOME_RATE_LIMITED:
      return "rate-limited";
    case FX_OUTCOME_QUOTA_EXHAUSTED:
      return "quota-exhausted";
    case FX_OUTCOME_SERVER_ERROR:
      return "server-error";
    case FX_OUTCOME_BAD_REQUEST:
      return "bad-request";
    case FX_OUTCOME_AUTH_ERROR:
      return "auth-error";
    case FX_OUTCOME_NETWORK_ERROR:
      return "network-error";
    case FX_OUTCOME_INVALID_RESPONSE:
      return "invalid-response";
    default:
      g_return_val_if_reached ("invalid-response");
    }
}

gboolean
fx_outcome_is_retryable (FxOutcome outcome)
{
  switch (outcome)
    {
    case FX_OUTCOME_RATE_LIMITED:
    case FX_OUTCOME_SERVER_ERROR:
    case FX_OUTCOME_NETWORK_ERROR:
      return TRUE;
    /* Truncated is retried by the engine with fewer rows, not as the same request. */
    case FX_OUTCOME_OK:
    case FX_OUTCOME_TRUNCATED:
    case FX_OUTCOME_REFUSED:
    case FX_OUTCOME_BLOCKED:
    case FX_OUTCOME_QUOTA_EXHAUSTED:
    case FX_OUTCOME_BAD_REQUEST:
    case FX_OUTCOME_AUTH_ERROR:
    case FX_OUTCOME_INVALID_RESPONSE:
    default:
      return FALSE;
    }
}

FxOutcome
fx_outcome_from_status (guint status)
{
  if (status >= 200 && status < 300)
    return FX_OUTCOME_OK;
  switch (status)
    {
    case 0:
      return FX_OUTCOME_NETWORK_ERROR;
    case 401:
    case 403:
      return FX_OUTCOME_AUTH_ERROR;
    case 402:
      return FX_OUTCOME_QUOTA_EXHAUSTED;
    case 408:
    case 409:
      return FX_OUTCOME_SERVER_ERROR;
    case 429:
      return FX_OUTCOME_RATE_LIMITED;
    default:
      break;
    }
  /* 5xx includes Anthropic's 529 overloaded. */
  if (status >= 500 && status < 600)
    return FX_OUTCOME_SERVER_ERROR;
  /* 400, 404, 413, 422 and every other client error: the same request fails again. */
  if (status >= 400 && status < 500)
    return FX_OUTCOME_BAD_REQUEST;
  return FX_OUTCOME_INVALID_RESPONSE;
}

JsonArray *
fx_provider_response_get_rows (FxProviderResponse *response)
{
  if (response->rows == NULL && response->light != NULL)
    response->rows = fx_rows_to_json_array (response->light);
  return response->rows;
}

void
fx_provider_response_clear (FxProviderResponse *response)
{
  g_return_if_fail (response != NULL);

  g_free (response->message);
  g_clear_pointer (&response->rows, json_array_unref);
  g_clear_pointer (&response->light, fx_rows_free);
  g_free (response->model);
  memset (response, 0, sizeof *response);
  response->outcome = FX_OUTCOME_OK;
  response->retry_after = -1;
  response->should_retry = -1;
}

void
fx_provider_response_begin (FxProviderResponse *out,
                            GHashTable         *headers)
{
  const char *should_retry;

  g_return_if_fail (out != NULL);

  fx_provider_response_clear (out);
  out->retry_after = fx_retry_after_from_headers (headers);
  should_retry = headers != NULL ? g_hash_table_lookup (headers, "x-should-retry") : NULL;
  if (should_retry != NULL)
    {
      g_autofree char *value = g_strstrip (g_strdup (should_retry));

      if (g_ascii_strcasecmp (value, "true") == 0)
        out->should_retry = 1;
      else if (g_ascii_strcasecmp (value, "false") == 0)
        out->should_retry = 0;
    }
}

void
fx_provider_response_fail (FxProviderResponse *out,
                           FxOutcome           outcome,
                           const char         *format,
                           ...)
{
  g_autofree char *text = NULL;
  va_list args;

  g_return_if_fail (out != NULL);
  g_return_if_fail (format != NULL);

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line: messages end up in logs and in a table cell. */
  g_strdelimit (text, "\t\r\n", ' ');
  out->outcome = outcome;
  g_free (out->message);
  out->message = scrub_keys (g_strstrip (text));
  /* Rows of a failed response are never used; keep none so nobody counts them. */
  g_clear_pointer (&out->rows, json_array_unref);
  g_clear_pointer (&out->light, fx_rows_free);
}

JsonNode *
fx_provider_parse_json (const char  *body,
                        gsize        length,
                        char       **message)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (body == NULL || length == 0)
    {
      if (message != NULL)
        *message = g_strdup ("the body is empty");
      return NULL;
    }
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, body, length, &error))
    {
      if (message != NULL)
        *message = g_strdup_printf ("the body is not JSON (%s)", error->message);
      return NULL;
    }
  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      if (message != NULL)
        *message = g_strdup ("the body is empty");
      return NULL;
    }
  return root;
}

char *
fx_provider_describe_body (const char *body,
                           gsize       length)
{
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  char *stripped;
  char *newline;

  if (body == NULL || length == 0)
    return g_strdup ("empty body");
  text = g_utf8_make_valid (body, length);
  stripped = g_strstrip (text);
  if (stripped[0] == '\0')
    return g_strdup ("empty body");

  if (stripped[0] == '<')
    {
      g_autofree char *lower = g_ascii_strdown (stripped, -1);
      const char *open = strstr (lower, "<title");
      const char *start = open != NULL ? strchr (open, '>') : NULL;
      const char *end = start != NULL ? strstr (start, "</title") : NULL;

      if (end != NULL)
        {
          g_autofree char *title = g_strndup (stripped + (start + 1 - lower), end - start - 1);
          g_auto(GStrv) words = g_strsplit_set (g_strstrip (title), " \t\r\n", -1);
          GString *joined = g_string_new (NULL);

          /* Titles are often wrapped over lines; one line reads better in a log. */
          for (guint i = 0; words[i] != NULL; i++)
            if (words[i][0] != '\0')
              g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", words[i]);
          if (joined->len > 0)
            {
              g_autofree char *joined_text = g_string_free (joined, FALSE);
              g_autofree char *cut = g_utf8_substring (joined_text, 0,
                                                       MIN (g_utf8_strlen (joined_text, -1),
                                                            DESCRIBE_MAX_CHARS));
              g_autofree char *scrubbed = scrub_keys (cut);

              return g_strdup_printf ("an HTML page: %s", scrubbed);
            }
          g_string_free (joined, TRUE);
        }
      return g_strdup ("an HTML page");
    }

  newline = strpbrk (stripped, "\r\n");
  if (newline != NULL)
    *newline = '\0';
  if (g_utf8_strlen (stripped, -1) > DESCRIBE_MAX_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (stripped, 0, DESCRIBE_MAX_CHARS);

      line = g_strconcat (cut, "…", NULL);
    }
  else
    line = g_strdup (stripped);
  return scrub_keys (line);
}

JsonNode *
fx_provider_read_envelope (guint               status,
                           const char         *body,
                           gsize               length,
                           FxIsErrorBody       is_error_body,
                           FxFailErrorBody     fail_with_error_body,
                           FxProviderResponse *out)
{
  g_autofree char *reason = NULL;
  JsonNode *node = fx_provider_parse_json (body, length, &reason);
  JsonObject *root = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  if (status < 200 || status >= 300)
    {
      /* an error may come from a front door, as plain text or HTML */
      if (root != NULL && is_error_body (root))
        fail_with_error_body (status, root, out);
      else
        {
          g_autofree char *what = fx_provider_describe_body (body, length);

          fx_provider_response_fail (out, fx_outcome_from_status (status), "HTTP %u: %s", status, what);
        }
    }
  else if (node == NULL)
    fx_provider_response_fail (out, FX_OUTCOME_INVALID_RESPONSE, "%s", reason);
  else if (root == NULL)
    fx_provider_response_fail (out, FX_OUTCOME_INVALID_RESPONSE, "the response is not a JSON object");
  else if (is_error_body (root))
    fail_with_error_body (status, root, out);
  else
    return node;

  if (node != NULL)
    json_node_unref (node);
  return NULL;
}

gboolean
fx_provider_list_failed (const FxProviderClass *provider,
                         guint                  status,
                         GHashTable            *headers,
                         const char            *body,
                         gsize                  length,
                         JsonObject            *root,
                         FxIsErrorBody          is_error_body,
                         FxOutcome             *outcome,
                         GError               **error)
{
  FxProviderResponse response = { 0 };

  if (status >= 200 && status < 300 && (root == NULL || !is_error_body (root)))
    return FALSE;

  provider->parse_response (status, headers, body, length, &response);
  if (outcome != NULL)
    *outcome = response.outcome;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, response.message);
  fx_provider_response_clear (&response);
  return TRUE;
}

GPtrArray *
fx_provider_list_data_ids (JsonNode    *node,
                           const char  *reason,
                           FxOutcome   *outcome,
                           GError     **error)
{
  JsonObject *root = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonArray *data = fx_json_array (root, "data");
  GPtrArray *ids;

  if (data == NULL)
    {
      if (outcome != NULL)
        *outcome = FX_OUTCOME_INVALID_RESPONSE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                   node == NULL ? reason : "the model list has no \"data\" array");
      return NULL;
    }

  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonNode *element = json_array_get_element (data, i);
      const char *id = JSON_NODE_HOLDS_OBJECT (element)
                       ? fx_json_string (json_node_get_object (element), "id") : NULL;

      if (id != NULL && id[0] != '\0')
        g_ptr_array_add (ids, g_strdup (id));
    }
  if (outcome != NULL)
    *outcome = FX_OUTCOME_OK;
  return ids;
}
