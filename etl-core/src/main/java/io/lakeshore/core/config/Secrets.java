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

  /** The password of {@link #CREDENTIALS_IN_VALUE}'s two forms, as group 1 or 2. */
  private static final Pattern CREDENTIAL_PARTS =
      Pattern.compile("(?i)(?:passw\\w*|pwd|secret|token)=([^&;,\\s]+)|://[^/@\\s:]+:([^/@\\s]+)@");

  private Secrets() {}

  /**
   * The secret values of one configuration, to take out of messages that come from outside
   * Lakeshore (a driver's, Spark's, a file system's), which may quote a setting they were given.
   * Never printed itself.
   */
  public static final class Known {
    /** Shorter values are left alone: replacing them would garble messages and hide nothing worth the name. */
    static final int MIN_LENGTH = 4;
    private final java.util.List<String> values;

    /** The value of every setting of {@code settings} whose key looks secret, and the passwords inside any value. */
    static Known in(com.typesafe.config.Config settings) {
      java.util.Set<String> found = new java.util.HashSet<>();
      settings.entrySet().forEach(e -> {
        String value = String.valueOf(e.getValue().unwrapped());
        if (looksSecret(e.getKey())) {
          found.add(value);
        }
        found.addAll(credentialsIn(value));
      });
      return new Known(found.stream().filter(v -> v.length() >= MIN_LENGTH)
          // longest first, so that a secret containing another is replaced whole
          .sorted(java.util.Comparator.comparing(String::length).reversed().thenComparing(java.util.Comparator.naturalOrder()))
          .toList());
    }

    private Known(java.util.List<String> values) {
      this.values = values;
    }

    /** {@code text} with every known secret replaced by {@code ***}. */
    public String redact(String text) {
      if (text == null) {
        return null;
      }
      String redacted = text;
      for (String secret : values) {
        redacted = redacted.replace(secret, "***");
      }
      return redacted;
    }

    @Override
    public String toString() {
      return "Secrets.Known[" + values.size() + " values, not shown]";
    }
  }

  /** True when a value under this key (or this text) may be a secret. */
  public static boolean looksSecret(String key) {
    return SECRET.matcher(key).find();
  }

  /** True when a value may carry credentials whatever its key: a URL with a password in it. */
  public static boolean carriesCredentials(String value) {
    return CREDENTIALS_IN_VALUE.matcher(value).find();
  }

  /** The passwords inside a value: {@code user:PASSWORD@} of a URL and {@code password=PASSWORD} (up to {@code & ; ,} or a blank). */
  public static java.util.List<String> credentialsIn(String value) {
    java.util.List<String> found = new java.util.ArrayList<>();
    java.util.regex.Matcher m = CREDENTIAL_PARTS.matcher(value);
    while (m.find()) {
      found.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return found;
  }

  /**
   * How a configured value is quoted in a message: {@code ***} when its key looks secret or the
   * value carries credentials, else the value itself.
   */
  public static String shown(String key, String value) {
    return looksSecret(key) || carriesCredentials(value) ? "***" : value;
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
    return looksSecret(key) || carriesCredentials(override.substring(eq + 1)) ? key + "=***" : override;
  }
}
