package io.lakeshore.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server for tests, on 127.0.0.1, through the repository's {@code
 * tests/pg-local.sh}: a fresh cluster in a temporary folder, run as an unprivileged user (the
 * {@code postgres} system user when the tests run as root). The script installs the Debian
 * package {@code postgresql} first when no server is installed (as root, through apt), so a fresh
 * machine needs no manual step. User, password and database are all {@code lakeshore}.
 *
 * <p>The script is found in {@code tests/} of the working directory or one of its parents, or at
 * the system property {@value #SCRIPT_PROPERTY}. A missing script or a failed start fails the
 * test: it never skips.
 */
public final class PostgresServer implements AutoCloseable {
  /** System property naming pg-local.sh, when it is not found in {@code tests/} above the working directory. */
  public static final String SCRIPT_PROPERTY = "lakeshore.pg-local";
  /** User and database the script creates. */
  public static final String USER = "lakeshore";
  /**
   * The superuser's password, given to the script. Not a word that appears elsewhere: a run redacts
   * every configured secret wherever it appears in its messages, so a password spelt like the
   * bucket ("lakeshore-…") would turn the bucket's name into {@code ***-…}.
   */
  public static final String PASSWORD = "pg-test-Vq7rT2";

  private final Path script;
  private final Path dir;
  private final String jdbcUrl;

  private PostgresServer(Path script, Path dir, String jdbcUrl) {
    this.script = script;
    this.dir = dir;
    this.jdbcUrl = jdbcUrl;
  }

  /**
   * Starts a fresh cluster in a new temporary folder and returns when it accepts connections
   * (installing PostgreSQL first may take a minute or two, once per machine).
   */
  public static PostgresServer start() {
    Path script = script();
    try {
      Path dir = Files.createTempDirectory("lakeshore-pg-");
      String out = run(script, "start", dir, TimeUnit.MINUTES.toSeconds(15));
      String url = out.strip();
      if (!url.startsWith("jdbc:postgresql://127.0.0.1:")) {
        throw new IllegalStateException("Cannot start PostgreSQL: " + script + " printed no JDBC URL: '" + url + "'");
      }
      PostgresServer server = new PostgresServer(script, dir, url);
      Runtime.getRuntime().addShutdownHook(new Thread(server::stopQuietly));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start PostgreSQL: " + e.getMessage(), e);
    }
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/lakeshore}. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** The folder of the cluster (its log is {@code postgres.log} there, or below the folder named in {@code base}). */
  public Path dir() {
    return dir;
  }

  /** Stops the server and deletes its folder (a cluster is 46 MB); idempotent. */
  @Override
  public void close() {
    try {
      run(script, "stop", dir, 60);
      if (Files.exists(dir)) {
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
          for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stop PostgreSQL in " + dir + ": " + e.getMessage(), e);
    }
  }

  private void stopQuietly() {
    try {
      close();
    } catch (RuntimeException ignored) {
      // the JVM is exiting; the test already reported what matters
    }
  }

  private static Path script() {
    String configured = System.getProperty(SCRIPT_PROPERTY);
    if (configured != null) {
      Path script = Path.of(configured).toAbsolutePath();
      if (!Files.isExecutable(script)) {
        throw new IllegalStateException("Cannot start PostgreSQL: -D" + SCRIPT_PROPERTY + " is not an executable file: " + script);
      }
      return script;
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path script = dir.resolve("tests/pg-local.sh");
      if (Files.isExecutable(script)) {
        return script;
      }
    }
    throw new IllegalStateException("Cannot start PostgreSQL: no executable tests/pg-local.sh in "
        + Path.of("").toAbsolutePath() + " or a parent folder (or set -D" + SCRIPT_PROPERTY + ")");
  }

  /** Runs the script; its stdout is returned, its stderr is kept for the error message. */
  private static String run(Path script, String command, Path dir, long timeoutSeconds) throws IOException {
    Path err = Files.createTempFile("pg-local-", ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(List.of("bash", script.toString(), command, dir.toString()))
          .redirectError(err.toFile());
      builder.environment().put("PG_LOCAL_PASSWORD", PASSWORD);
      Process process = builder.start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("Cannot " + command + " PostgreSQL: " + script + " did not finish in "
            + timeoutSeconds + " s:\n" + Files.readString(err, StandardCharsets.UTF_8));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("Cannot " + command + " PostgreSQL: " + script + " " + command + " " + dir
            + " exited with " + process.exitValue() + ":\n" + Files.readString(err, StandardCharsets.UTF_8));
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot " + command + " PostgreSQL: interrupted", e);
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
