package io.lakeshore.local;

import static io.lakeshore.testkit.Rows.lines;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.core.audit.AuditColumns;
import io.lakeshore.core.config.ConfigLoader;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.table.Lakehouse;
import io.lakeshore.core.table.TableFormat;
import io.lakeshore.core.table.TableId;
import io.lakeshore.datagen.CommerceGenerator;
import io.lakeshore.datagen.GeneratorSettings;
import io.lakeshore.testkit.ChildJvm;
import io.lakeshore.testkit.PostgresServer;
import io.lakeshore.testkit.S3Server;
import io.lakeshore.testkit.TestSpark;
import io.lakeshore.testkit.TestSpark.TestLake;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, object store faults: the S3 server stops while an enrichment run is writing. The run
 * must fail within a bounded time with exit 1 and one line naming the store, commit nothing, and
 * a rerun once the server is back must leave exactly what an uninterrupted run leaves.
 *
 * <p>The lake is configured as {@link S3PipelineTest}'s (the shipped {@code --env k8s} on s3proxy,
 * the Iceberg catalog on a real PostgreSQL), with two of enrichment's tables on Iceberg so that
 * both formats are in the run, and S3A's retries cut down (see {@link #FAST_FAILURE}): the test
 * is about what a failure leaves, not about S3A's patience.
 *
 * <p>The server is stopped when the first object of the run's staging appears in the bucket's
 * folder, the run held still (SIGSTOP) meanwhile: staging precedes every commit by the staging of
 * the other loads, their counts and the gates, so "nothing committed" is the exact expectation,
 * not a race won.
 */
class S3OutageTest {
  static final LocalDate D1 = LocalDate.parse("2026-04-01");
  static final LocalDate D2 = LocalDate.parse("2026-04-02");
  static final int ORDERS = 300;
  static final String BUCKET = "lakeshore-outage-test";
  /** The Iceberg catalog's name, not the default: another test's catalog of that name may be in the shared session. */
  static final String CATALOG = "outage";
  static final List<String> DELTA_TABLES = List.of("golden.customers", "golden.products", "quarantine.customers",
      "quarantine.products", "audit.runs", "audit.partitions");
  static final List<String> ICEBERG_TABLES = List.of("golden.orders", "quarantine.orders");
  static final List<String> ENRICHMENT_TABLES = List.of("golden.orders", "golden.customers", "golden.products",
      "quarantine.orders", "quarantine.customers", "quarantine.products");
  /**
   * S3A's defaults, which {@code conf/env/k8s.conf} writes out (SDK retries 5, S3A retry.limit 7
   * backing off from 500 ms, 30 s to connect, 200 s socket timeout), give up on one call to a
   * refusing store after about 105 s, and a failing run makes several; here the SDK does not
   * retry, S3A retries once after 100 ms, and the timeouts are short.
   */
  static final List<String> FAST_FAILURE = List.of(
      "lakeshore.spark.conf.\"spark.hadoop.fs.s3a.attempts.maximum\"=\"0\"",
      "lakeshore.spark.conf.\"spark.hadoop.fs.s3a.retry.limit\"=\"1\"",
      "lakeshore.spark.conf.\"spark.hadoop.fs.s3a.retry.interval\"=\"100ms\"",
      "lakeshore.spark.conf.\"spark.hadoop.fs.s3a.connection.establish.timeout\"=\"2s\"",
      "lakeshore.spark.conf.\"spark.hadoop.fs.s3a.connection.timeout\"=\"5s\"",
      "lakeshore.spark.conf.\"spark.hadoop.fs.s3a.connection.request.timeout\"=\"10s\"");

  static final String SECRET = "LAKESHORE-OUTAGE-SECRET-" + UUID.randomUUID();
  static final String ACCESS_KEY = "LSOUTAGE" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
  static final GeneratorSettings DATA = GeneratorSettings.defaults(ORDERS).withLatenessDays(7);

  static S3Server s3;
  static PostgresServer pg;
  static Path work;

  @BeforeAll
  static void startServers() throws IOException {
    s3 = S3Server.start(BUCKET, ACCESS_KEY, SECRET);
    pg = PostgresServer.start();
    work = Files.createTempDirectory("lakeshore-s3-outage-");
  }

  @AfterAll
  static void stopServers() {
    if (s3 != null) {
      s3.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void theStoreStoppingMidRunFailsItNamingTheStoreCommitsNothingAndARerunCompletesTheDay() throws Exception {
    long start = System.nanoTime();
    // D1 and D2 land in the bucket through S3 (a file put in the server's folder has no ETag, which S3A requires)
    org.apache.hadoop.conf.Configuration hadoop = bucketSettings();
    CommerceGenerator generator = new CommerceGenerator(DATA);
    for (LocalDate d : List.of(D1, D2)) {
      LocalPipeline.land(root -> generator.generate(root, d), "s3a://" + BUCKET + "/lake/raw", d, hadoop);
    }
    // D1 in this JVM: the store is not stopped during it, and a process less to start; the session's
    // catalog may still name tables of an earlier test's lake
    TestSpark.forgetDeltaTables();
    long landed = System.nanoTime();
    List<String> inProcess = new ArrayList<>(List.of("--env", "k8s"));
    overrides().forEach(o -> inProcess.addAll(List.of("--conf", o)));
    Launch d1 = Launch.run(inProcess, "enrichment", "--date", D1.toString());
    assertThat(d1.code()).as(d1.output()).isZero();
    String d1Run = runId(d1.out(), D1);
    long d1Done = System.nanoTime();
    Map<String, String> committed = commits();
    List<String> before = objects();

    // D2, stopped by the store's outage as soon as the run stages its first file
    Child d2 = child("d2-outage", "enrichment", "--date", D2.toString());
    Path staging = lake().resolve("warehouse/_staging");
    Path first = d2.awaitFile(staging, TimeUnit.MINUTES.toMillis(3));
    // the run is held still while the server stops (gracefully: what it has begun it answers), so
    // that the outage comes at this point of the run, however fast either is
    d2.signal("STOP");
    long stopping = System.nanoTime();
    s3.stop();
    long stopped = System.nanoTime();
    d2.signal("CONT");
    d2.await();
    long failedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
    s3.start();
    System.out.printf("S3OutageTest: stopped the store at %s in %d ms; the run exited %d ms later%n", lake().relativize(first),
        TimeUnit.NANOSECONDS.toMillis(stopped - stopping), failedAfter);

    assertThat(d2.code()).as(d2.output()).isEqualTo(1);
    assertThat(failedAfter).as("the run fails within a bounded time: " + d2.output()).isLessThan(60_000);
    // one line per failure, each naming the bucket's object and the store's address; Spark's own
    // log (its task failures, with stack traces) is in d2-outage.log
    String outageRun = runId(d2.stdout(), D2);
    String lakeUri = "s3a://" + BUCKET + "/lake";
    String refused = ".*" + Pattern.quote("Connect to 127.0.0.1:" + s3.endpoint().substring(s3.endpoint().lastIndexOf(':') + 1)
        + " [/127.0.0.1] failed: Connection refused") + ".*";
    String staged = lakeUri + "/warehouse/_staging/" + outageRun;
    String failure = "Cannot stage raw customers at " + staged + "/customers: ";
    assertThat(d2.stderr().lines().toList()).as(d2.output()).satisfiesExactly(
        line -> assertThat(line).matches(Pattern.quote("Job enrichment failed: " + failure) + refused),
        line -> assertThat(line).matches(Pattern.quote("Cannot remove the run's staged files at " + staged + ": ") + refused),
        line -> assertThat(line).matches(Pattern.quote("Cannot record run " + outageRun + " in the run ledger: Cannot create table"
            + " audit.runs: listObjects() on " + lakeUri + "/warehouse/delta/audit/runs/_delta_log: ") + refused),
        line -> assertThat(line).matches(Pattern.quote("Cannot write run report: getFileStatus on " + lakeUri + "/reports/enrichment/"
            + outageRun + ".json: ") + refused));
    assertThat(d2.stdout()).as(d2.output()).containsPattern("(?m)^  error: " + Pattern.quote(failure) + refused + "$");
    // no table has a new commit: every Delta log and Iceberg metadata pointer is as D1 left it
    assertThat(commits()).isEqualTo(committed);
    assertThat(d2.stdout()).doesNotContain("committed before the failure");
    // and no object is gone, and none new but the run's staged files and its report, RUNNING, no commit
    List<String> after = objects();
    assertThat(after).containsAll(before);
    List<String> added = new ArrayList<>(after);
    added.removeAll(before);
    String report = "lake/reports/enrichment/" + outageRun + ".json";
    assertThat(added).as("objects the failed run left").contains(report)
        .allMatch(o -> o.equals(report) || o.startsWith("lake/warehouse/_staging/" + outageRun + "/"));
    assertThat(Files.readString(s3.bucketDir().resolve(report))).contains("\"status\" : \"RUNNING\"").contains("\"committed\" : [ ]");

    // the rerun, as a scheduler would ask for it (in this JVM, as D1: a process start less): the
    // ledger has D1 and not D2
    long rerunStart = System.nanoTime();
    Launch rerun = Launch.run(inProcess, "enrichment", "--from", D1.toString(), "--to", D2.toString(), "--only-missing");
    assertThat(rerun.code()).as(rerun.output()).isZero();
    assertThat(rerun.out()).contains("backfill of enrichment over " + D1 + ".." + D2 + ": 1 of 2 dates to run",
        "  " + D1 + "  skip  done by run " + d1Run, "  " + D2 + "  run   missing: no run of enrichment covers it");
    String rerunRun = runId(rerun.out(), D2);

    // D2 now as an uninterrupted run leaves it, row for row; D1's rows still those D1's run wrote
    long rerunDone = System.nanoTime();
    Map<String, List<String>> expected = uninterrupted();
    long expectedDone = System.nanoTime();
    Lakehouse lakehouse = openLake();
    for (String table : ENRICHMENT_TABLES) {
      assertThat(lines(rows(lakehouse, table, D2))).as(table).isNotEmpty().containsExactlyElementsOf(expected.get(table));
      assertThat(lines(lakehouse.table(TableId.parse(table)).read()
              .selectExpr("cast(" + dateColumn(table) + " as string)", AuditColumns.RUN_ID).distinct()))
          .as("%s: the run of each date's rows", table).containsExactly(D1 + "|" + d1Run, D2 + "|" + rerunRun);
    }
    // the ledger: D1's run and the rerun succeeded; the failed run has no row (not SUCCEEDED)
    assertThat(lines(lakehouse.table(TableId.parse("audit.runs")).read(), "run_id", "status", "window_from", "window_to"))
        .containsExactlyInAnyOrder(d1Run + "|SUCCEEDED|" + D1 + "|" + D1, rerunRun + "|SUCCEEDED|" + D2 + "|" + D2);
    Stream.of(d1.out(), d2.stdout(), rerun.out()).flatMap(String::lines).filter(l -> l.startsWith("run ")).forEach(System.out::println);
    long end = System.nanoTime();
    System.out.printf("S3OutageTest: %d ms: landing %d, D1 %d, outage process %d, rerun %d, uninterrupted local"
        + " D2 %d, comparison %d%n", ms(end - start), ms(landed - start), ms(d1Done - landed), d2.millis(), ms(rerunDone - rerunStart),
        ms(expectedDone - rerunDone), ms(end - expectedDone));
  }

  /**
   * Enrichment of D2 run once, in-process on a local lake with the same formats: what the S3 lake
   * must hold for D2. A day's enrichment reads only that day's raw files (the generator writes the
   * same files for a date whatever it wrote before), so D1 need not run here too.
   */
  static Map<String, List<String>> uninterrupted() {
    TestLake local = TestSpark.freshLake(TableFormat.DELTA);
    List<String> conf = new ArrayList<>(local.confArgs());
    ICEBERG_TABLES.forEach(t -> conf.addAll(List.of("--conf", icebergFormat(t))));
    new CommerceGenerator(DATA).generate(local.settings().raw(), D2);
    Launch run = Launch.run(conf, "enrichment", "--date", D2.toString());
    assertThat(run.code()).as(run.output()).isZero();
    // opened as the runs saw it: two tables on Iceberg
    List<String> overrides = conf.stream().filter(a -> !a.equals("--conf")).toList();
    Lakehouse lakehouse = Lakehouse.open(TestSpark.spark(), ConfigLoader.load(Path.of("../conf"), "local", overrides).lakehouse());
    Map<String, List<String>> all = new LinkedHashMap<>();
    for (String table : ENRICHMENT_TABLES) {
      all.put(table, contents(lakehouse, table));
    }
    return all;
  }

  static String icebergFormat(String table) {
    return "lakeshore.jobs.enrichment.tables.\"" + table + "\".format=iceberg";
  }

  static List<String> contents(Lakehouse lakehouse, String table) {
    return lines(rows(lakehouse, table, null));
  }

  /** A table's rows of {@code date} (all when null), without the audit columns. */
  static Dataset<Row> rows(Lakehouse lakehouse, String table, LocalDate date) {
    Dataset<Row> rows = lakehouse.table(TableId.parse(table)).read();
    if (date != null) {
      rows = rows.filter(col(dateColumn(table)).equalTo(java.sql.Date.valueOf(date)));
    }
    return rows.drop(AuditColumns.ALL.toArray(String[]::new));
  }

  /** The column of the day a row belongs to: the snapshot date of the golden dimensions, else the ingest date. */
  static String dateColumn(String table) {
    return table.equals("golden.customers") || table.equals("golden.products") ? "snapshot_date" : "ingest_date";
  }

  static Path lake() {
    return s3.bucketDir().resolve("lake");
  }

  /** Every object of the bucket, by key. */
  static List<String> objects() throws IOException {
    try (Stream<Path> all = Files.walk(s3.bucketDir())) {
      return all.filter(Files::isRegularFile).map(p -> s3.bucketDir().relativize(p).toString()).sorted().toList();
    }
  }

  /** What names each table's current commit: the Delta log's files, the Iceberg catalog's metadata pointer. */
  static Map<String, String> commits() throws Exception {
    Map<String, String> commits = new TreeMap<>();
    for (String table : DELTA_TABLES) {
      TableId id = TableId.parse(table);
      try (Stream<Path> log = Files.list(lake().resolve("warehouse/delta").resolve(id.zone()).resolve(id.name()).resolve("_delta_log"))) {
        commits.put(table, String.join(",", log.map(p -> p.getFileName().toString()).sorted().toList()));
      }
    }
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT table_namespace, table_name, metadata_location FROM iceberg_tables")) {
      while (rows.next()) {
        commits.put(rows.getString(1) + "." + rows.getString(2), rows.getString(3));
      }
    }
    assertThat(commits.keySet()).containsAll(ICEBERG_TABLES);
    return commits;
  }

  /** The id of the run of {@code date} in a launcher's {@code stdout} (its summary). */
  static String runId(String stdout, LocalDate date) {
    Matcher m = Pattern.compile("(?m)^run (\\S+)  job enrichment  window " + date + "  ").matcher(stdout);
    assertThat(m.find()).as(stdout).isTrue();
    return m.group(1);
  }

  static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /** What differs from a cloud deployment (as {@link S3PipelineTest#overrides()}), plus fast S3A failure and the Iceberg tables. */
  static List<String> overrides() {
    List<String> all = new ArrayList<>(List.of(
        "lakeshore.root=s3a://" + BUCKET + "/lake",
        "lakeshore.spark.master=\"local[2]\"",
        "lakeshore.spark.shuffle-partitions=4",
        "lakeshore.spark.conf.\"spark.databricks.delta.snapshotPartitions\"=\"4\"",
        "lakeshore.spark.conf.\"spark.hadoop.fs.s3a.endpoint\"=\"" + s3.endpoint() + "\"",
        "lakeshore.spark.conf.\"spark.hadoop.fs.s3a.path.style.access\"=\"true\"",
        "lakeshore.spark.conf.\"spark.hadoop.fs.s3a.connection.ssl.enabled\"=\"false\"",
        "lakeshore.spark.conf.\"spark.ui.enabled\"=\"false\"",
        "lakeshore.spark.conf.\"spark.driver.host\"=\"127.0.0.1\"",
        "lakeshore.iceberg.catalog=" + CATALOG,
        "lakeshore.iceberg.properties.uri=\"" + pg.jdbcUrl() + "\"",
        "lakeshore.iceberg.properties.\"jdbc.user\"=" + PostgresServer.USER,
        "lakeshore.iceberg.properties.\"jdbc.password\"=" + PostgresServer.PASSWORD));
    all.addAll(FAST_FAILURE);
    ICEBERG_TABLES.forEach(t -> all.add(icebergFormat(t)));
    return all;
  }

  /** A job process: started by {@link #child}, its output in {@code work/<name>.out} and {@code .err}. */
  static final class Child {
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final long started = System.nanoTime();
    private long millis;

    Child(Process process, Path stdout, Path stderr) {
      this.process = process;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    /** Waits for the first regular file below {@code dir}, failing if the process ends first or the time runs out. */
    Path awaitFile(Path dir, long timeoutMillis) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      while (System.nanoTime() < deadline) {
        if (Files.isDirectory(dir)) {
          try (Stream<Path> all = Files.walk(dir)) {
            Optional<Path> file = all.filter(Files::isRegularFile).findFirst();
            if (file.isPresent()) {
              return file.get();
            }
          } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException raced) {
            // a folder went away while listed: look again
          }
        }
        if (!process.isAlive()) {
          throw new AssertionError("the run ended before writing below " + dir + ": " + output());
        }
        Thread.sleep(10);
      }
      process.destroyForcibly();
      throw new AssertionError("no file below " + dir + " after " + timeoutMillis + " ms: " + output());
    }

    /** Sends the process {@code SIG<name>} ({@code STOP}, {@code CONT}) with kill(1). */
    void signal(String name) throws Exception {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
      assertThat(kill.waitFor()).as("kill -%s %d", name, process.pid()).isZero();
    }

    Child await() throws Exception {
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("no exit within 5 minutes: " + output());
      }
      millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      return this;
    }

    int code() {
      return process.exitValue();
    }

    long millis() {
      return millis;
    }

    String stdout() {
      return read(stdout);
    }

    String stderr() {
      return read(stderr);
    }

    String output() {
      return stdout() + stderr();
    }

    private static String read(Path file) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /**
   * Starts {@code Lakeshore <args>} in a JVM of its own with the shipped k8s configuration and
   * {@link #overrides()}, the credentials in its environment only (as {@link S3PipelineTest#child}).
   */
  static Child child(String name, String... args) throws IOException {
    List<String> command = ChildJvm.java("1500m");
    Path folder = Files.createDirectories(work.resolve(name));
    Path tmp = Files.createDirectories(folder.resolve("tmp"));
    command.add("-Djava.io.tmpdir=" + tmp);
    // Spark's log to a file of its own, so that stderr holds only what the launcher says
    command.add("-Dlog4j2.configurationFile=" + logConfig());
    command.add("-Dlakeshore.test.log=" + work.resolve(name + ".log"));
    command.addAll(List.of("-cp", ChildJvm.classPath(), io.lakeshore.core.cli.Lakeshore.class.getName()));
    command.addAll(List.of(args));
    command.addAll(List.of("--env", "k8s", "--conf-dir", Path.of("../conf").toAbsolutePath().normalize().toString()));
    overrides().forEach(o -> command.addAll(List.of("--conf", o)));
    command.addAll(List.of("--conf", "lakeshore.spark.conf.\"spark.hadoop.fs.s3a.buffer.dir\"=\"" + tmp + "\""));
    Path stdout = work.resolve(name + ".out");
    Path stderr = work.resolve(name + ".err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(Files.createDirectories(folder.resolve("cwd")).toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("LAKESHORE_"));
    builder.environment().put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
    builder.environment().put("AWS_SECRET_ACCESS_KEY", SECRET);
    return new Child(builder.start(), stdout, stderr);
  }

  /** A log4j2 configuration as the shipped one (warnings; Spark, Hadoop, Iceberg errors) into the file {@code -Dlakeshore.test.log}. */
  static Path logConfig() throws IOException {
    Path config = work.resolve("log4j2.properties");
    if (!Files.exists(config)) {
      Files.writeString(config, String.join("\n",
          "rootLogger.level = warn",
          "rootLogger.appenderRef.file.ref = file",
          "appender.file.type = File",
          "appender.file.name = file",
          "appender.file.fileName = ${sys:lakeshore.test.log}",
          "appender.file.layout.type = PatternLayout",
          "appender.file.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n",
          "logger.spark.name = org.apache.spark",
          "logger.spark.level = error",
          "logger.hadoop.name = org.apache.hadoop",
          "logger.hadoop.level = error",
          "logger.iceberg.name = org.apache.iceberg",
          "logger.iceberg.level = error",
          ""), StandardCharsets.UTF_8);
    }
    return config;
  }

  /**
   * The test JVM's shared session's Hadoop configuration, with S3A settings and credentials for
   * this bucket only (other tests' lakes are elsewhere).
   */
  static org.apache.hadoop.conf.Configuration bucketSettings() {
    org.apache.hadoop.conf.Configuration hadoop = TestSpark.spark().sparkContext().hadoopConfiguration();
    String bucket = "fs.s3a.bucket." + BUCKET + ".";
    hadoop.set(bucket + "endpoint", s3.endpoint());
    hadoop.set(bucket + "path.style.access", "true");
    hadoop.set(bucket + "connection.ssl.enabled", "false");
    hadoop.set(bucket + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    hadoop.set(bucket + "access.key", ACCESS_KEY);
    hadoop.set(bucket + "secret.key", SECRET);
    return hadoop;
  }

  /** The lake as the job processes see it, in the test JVM's shared session, the catalog under its own name. */
  static Lakehouse openLake() {
    SparkSession spark = TestSpark.spark();
    bucketSettings();
    LakeshoreConfig config = ConfigLoader.load(Path.of("../conf"), "k8s", overrides());
    // Delta tables are found by name in the session catalog: forget other lakes' tables of the same names
    for (Row db : spark.sql("SHOW DATABASES").collectAsList()) {
      if (!db.getString(0).equals("default")) {
        spark.sql("DROP DATABASE IF EXISTS spark_catalog.`" + db.getString(0) + "` CASCADE");
      }
    }
    return Lakehouse.open(spark, config.lakehouse());
  }
}
