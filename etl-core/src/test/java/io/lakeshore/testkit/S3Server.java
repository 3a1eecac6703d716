package io.lakeshore.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server for tests: s3proxy (its jar-with-dependencies) in a process of its own on
 * 127.0.0.1, storing objects as files under {@link #basedir()}: the object {@code k} of the bucket
 * is the file {@code basedir/bucket/k}, so a test can list and read everything a run wrote. It
 * authenticates requests (AWS signature v2 or v4) with the given access key and secret.
 *
 * <p>The jar is {@code target/s3proxy/s3proxy.jar} of the module running the tests (its build
 * copies {@code org.gaul:s3proxy:jar-with-dependencies} there), or the system property {@value
 * #JAR_PROPERTY}. A missing jar fails the test: it never skips.
 *
 * <p>The backend is {@code filesystem-nio2}. The older jclouds {@code filesystem} backend deletes a
 * directory marker ({@code dir/}) by deleting the folder, and while the folder still holds objects
 * it retries ten times a second apart; S3A deletes a tree (the {@code _temporary} folder of every
 * Spark file write's job commit) with bulk deletes in key order, where a marker comes before its
 * folder's objects, so each staged write waited about 20 s (thread dumps of both processes) for
 * nothing real S3 does. (In s3proxy 2.6.0, {@code filesystem-nio2}
 * answered a HEAD of {@code key} with 200 when only {@code key/} existed, which broke Delta's first
 * commit; 4.1.0 does not.)
 */
public final class S3Server implements AutoCloseable {
  /** System property naming the s3proxy jar, when not at {@code target/s3proxy/s3proxy.jar}. */
  public static final String JAR_PROPERTY = "lakeshore.s3proxy.jar";

  private final Path jar;
  private final Path home;
  private final Path basedir;
  private final String bucket;
  private final String accessKey;
  private final String secretKey;
  private final int port;
  private Process process;

  private S3Server(Path jar, Path home, String bucket, String accessKey, String secretKey, int port) {
    this.jar = jar;
    this.home = home;
    this.basedir = home.resolve("data");
    this.bucket = bucket;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.port = port;
  }

  /**
   * Starts a server on a free port with an empty bucket, in a new temporary folder.
   *
   * @param bucket the bucket to create (a lower-case S3 bucket name)
   * @param accessKey the access key id clients sign with
   * @param secretKey the secret access key clients sign with; it is written only to the server's
   *     properties file, which is deleted as soon as the server has read it
   */
  public static S3Server start(String bucket, String accessKey, String secretKey) {
    Objects.requireNonNull(bucket, "bucket is null");
    Objects.requireNonNull(accessKey, "accessKey is null");
    Objects.requireNonNull(secretKey, "secretKey is null");
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException("Cannot start S3 server: not an S3 bucket name: " + bucket);
    }
    Path jar = Path.of(System.getProperty(JAR_PROPERTY, "target/s3proxy/s3proxy.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("Cannot start S3 server: no s3proxy jar at " + jar + " (the module's build copies"
          + " org.gaul:s3proxy:jar-with-dependencies there with maven-dependency-plugin, or set -D" + JAR_PROPERTY + ")");
    }
    try {
      Path home = Files.createTempDirectory("lakeshore-s3-");
      S3Server server = new S3Server(jar, home, bucket, accessKey, secretKey, freePort());
      Files.createDirectories(server.basedir.resolve(bucket)); // a bucket of the filesystem backend is a folder
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start S3 server: " + e.getMessage(), e);
    }
  }

  /**
   * Starts the server again after {@link #stop()}, on the same port and folder: what was stored
   * is still there. Returns when it accepts connections.
   *
   * @throws IllegalStateException if it is running, or does not come up within 60 s
   */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("Cannot start S3 server: it is already running on " + endpoint());
    }
    Path conf = home.resolve("s3proxy.conf");
    Path log = home.resolve("s3proxy.log");
    try {
      Files.deleteIfExists(conf);
      Files.createFile(conf, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(conf, String.join("\n",
          "s3proxy.endpoint=" + endpoint(),
          "s3proxy.authorization=aws-v2-or-v4",
          "s3proxy.identity=" + accessKey,
          "s3proxy.credential=" + secretKey,
          "jclouds.provider=filesystem-nio2",
          // required keys, ignored by the filesystem backend
          "jclouds.identity=unused",
          "jclouds.credential=unused",
          "jclouds.filesystem.basedir=" + basedir,
          ""), StandardCharsets.UTF_8);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:ActiveProcessorCount=1", "-jar", jar.toString(),
              "--properties", conf.toString()))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      Process started = process;
      Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
      awaitPort(log);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start S3 server on " + endpoint() + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(conf); // it holds the secret; s3proxy has read it (or failed)
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot delete " + conf + ": " + e.getMessage(), e);
      }
    }
  }

  private void awaitPort(Path log) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Cannot start S3 server: s3proxy exited with " + process.exitValue() + ":\n"
            + Files.readString(log, StandardCharsets.UTF_8));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        sleep(200);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("Cannot start S3 server: " + endpoint() + " accepts no connection after 60 s:\n"
        + Files.readString(log, StandardCharsets.UTF_8));
  }

  /** Stops the server (what it stored stays under {@link #basedir()}); {@link #start()} brings it back. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot stop S3 server: interrupted", e);
    }
    process = null;
  }

  /** Stops the server; the folder stays, for inspection after a failure. */
  @Override
  public void close() {
    stop();
  }

  /** Whether the server process is running. */
  public synchronized boolean running() {
    return process != null && process.isAlive();
  }

  /** {@code http://127.0.0.1:<port>}: the value of {@code fs.s3a.endpoint}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The bucket created at start. */
  public String bucket() {
    return bucket;
  }

  /** The folder of the objects: object {@code k} of the bucket is the file {@code basedir/bucket/k}. */
  public Path basedir() {
    return basedir;
  }

  /** The folder of the bucket's objects: {@code basedir/bucket}. */
  public Path bucketDir() {
    return basedir.resolve(bucket);
  }

  /** The server's log (stdout and stderr of every start). */
  public Path log() {
    return home.resolve("s3proxy.log");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot start S3 server: interrupted", e);
    }
  }
}
