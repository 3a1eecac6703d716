package io.lakeshore.core.config;

import java.util.regex.Pattern;

/**
 * Which configuration keys hold secrets. Their values are never printed: not in error messages,
 * not in the origin of a {@code --conf} override, whether the key is known or misspelled.
 */
public final class Secrets {
  /** secret, password, token, credential, or "key" as a word of the key (access.key, api-key). */
  private static final Pattern SECRET =
      Pattern.compile("(?i)secret|passw|token|credential|(^|[^a-z])key([^a-z]|$)");
  /** A URL that carries a password: {@code …?password=…} (JDBC) or {@code scheme://user:password@host}. */
  private static final Pattern CREDENTIALS_IN_VALUE = Pattern.compile("(?i)(passw\\w*|pwd|secret|token)=|://[^/@\\s]+:[^/@\\s]*@");

  private Secrets() {}

  /** True when a value under this key (or this text) may be a secret. */
  public static boolean looksSecret(String key) {
    return SECRET.matcher(key).find();
  }

  /**
   * {@code key=value} with the value replaced by {@code ***} when the key looks secret, or the
   * value is a URL with a password in it (a JDBC URL's {@code password=}).
   */
  public static String redactOverride(String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      return looksSecret(override) ? "***" : override;
    }
    String key = override.substring(0, eq);
    return looksSecret(key) || CREDENTIALS_IN_VALUE.matcher(override.substring(eq + 1)).find() ? key + "=***" : override;
  }
}
