/* test-credentials.c: keys in the real Secret Service (gnome-keyring in a private
 * D-Bus session, see tests/with-keyring.sh)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fx-credentials.h"

#define KEY "sk-keyring-test-91f0c2"

static void
test_store_lookup_clear (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  FxKeySource source;

  g_assert_true (fx_credentials_clear ("anthropic", &error));
  g_assert_no_error (error);
  g_assert_false (fx_credentials_has_key ("anthropic", &error));
  g_assert_no_error (error);

  g_assert_true (fx_credentials_store ("anthropic", KEY, &error));
  g_assert_no_error (error);
  g_assert_true (fx_credentials_has_key ("anthropic", &error));
  g_assert_no_error (error);
  /* another provider's entry is another entry */
  g_assert_false (fx_credentials_has_key ("openai", &error));
  g_assert_no_error (error);

  g_unsetenv ("ANTHROPIC_API_KEY");
  key = fx_credentials_lookup ("anthropic", TRUE, &source, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, KEY);
  g_assert_cmpint (source, ==, FX_KEY_KEYRING);
  g_clear_pointer (&key, g_free);

  /* the environment comes first for the CLI, and only when asked */
  g_setenv ("ANTHROPIC_API_KEY", "from-the-environment", TRUE);
  key = fx_credentials_lookup ("anthropic", TRUE, &source, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "from-the-environment");
  g_assert_cmpint (source, ==, FX_KEY_ENVIRONMENT);
  g_clear_pointer (&key, g_free);
  key = fx_credentials_lookup ("anthropic", FALSE, &source, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, KEY);
  g_clear_pointer (&key, g_free);
  g_unsetenv ("ANTHROPIC_API_KEY");

  /* replacing keeps one entry */
  fx_credentials_store ("anthropic", "sk-second", &error);
  g_assert_no_error (error);
  key = fx_credentials_lookup ("anthropic", FALSE, &source, &error);
  g_assert_cmpstr (key, ==, "sk-second");
  g_clear_pointer (&key, g_free);

  g_assert_true (fx_credentials_clear ("anthropic", &error));
  key = fx_credentials_lookup ("anthropic", FALSE, &source, &error);
  g_assert_no_error (error);
  g_assert_null (key);
  g_assert_cmpint (source, ==, FX_KEY_NONE);
}

static void
test_variables (void)
{
  const char * const *gemini = fx_credentials_variables ("gemini");

  g_assert_cmpstr (gemini[0], ==, "GEMINI_API_KEY");
  g_assert_cmpstr (gemini[1], ==, "GOOGLE_API_KEY");
  g_assert_null (gemini[2]);
  g_assert_cmpstr (fx_credentials_variables ("openai-compatible")[0], ==, "FACSIMILE_API_KEY");
  g_assert_null (fx_credentials_variables ("copula")[0]);
}

static void
test_redact (void)
{
  char text[] = "error: key sk-abc123 is not valid (sk-abc123)";

  fx_credentials_redact (text, "sk-abc123");
  g_assert_cmpstr (text, ==, "error: key ********* is not valid (*********)");
  fx_credentials_redact (text, "");
  fx_credentials_redact (NULL, "x");
}

static void
test_mask (void)
{
  g_autofree char *masked = fx_credentials_mask ("{\"note\": \"Bearer sk-abc12345\"} sk-abc12345.", "sk-abc12345");
  g_autofree char *untouched = fx_credentials_mask ("sk-abc12345", "sk-zzz99999");
  g_autofree char *short_key = fx_credentials_mask ("a key of abc", "abc");

  g_assert_cmpstr (masked, ==, "{\"note\": \"Bearer [API key]\"} [API key].");
  g_assert_cmpstr (untouched, ==, "sk-abc12345");
  /* a key of a few characters is no secret, and would be found in any text */
  g_assert_cmpstr (short_key, ==, "a key of abc");
  g_assert_false (fx_credentials_maskable ("abc"));
  g_assert_false (fx_credentials_maskable (NULL));
  g_assert_true (fx_credentials_maskable ("12345678"));
  g_assert_null (fx_credentials_mask (NULL, "sk-abc12345"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/credentials/keyring", test_store_lookup_clear);
  g_test_add_func ("/credentials/variables", test_variables);
  g_test_add_func ("/credentials/redact", test_redact);
  g_test_add_func ("/credentials/mask", test_mask);

  return g_test_run ();
}
