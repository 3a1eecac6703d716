package io.lakeshore.local;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.core.config.ConfigLoader;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.table.Lakehouse;
import io.lakeshore.core.table.TableId;
import io.lakeshore.datagen.CommerceGenerator;
import io.lakeshore.datagen.DayManifest;
import io.lakeshore.datagen.Fault;
import io.lakeshore.datagen.GeneratorSettings;
import io.lakeshore.testkit.ChildJvm;
import io.lakeshore.testkit.PostgresServer;
import io.lakeshore.testkit.S3Server;
import io.lakeshore.testkit.TestSpark;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * Issue 14: the commerce pipeline on a real S3 server (s3proxy on 127.0.0.1, through S3A) with
 * the Iceberg JDBC catalog on a real PostgreSQL, configured as a cloud deployment is: the shipped
 * {@code conf/} with {@code --env k8s}, plus only what a local run needs (S3 endpoint, path-style
 * access, no TLS, a local master, the catalog's address). Raw zone, warehouse, run reports and the
 * ledger all live in the bucket. Credentials reach the job processes only through their
 * environment, and must show up nowhere: not in their output, not in any object, not in the
 * catalog.
 *
 * <p>The pipeline runs in child JVMs, since credentials come from the environment (and because
 * two processes must share the catalog): {@link LocalPipeline} for two days, then a second process
 * running aggregation again on the second day.
 */
class S3PipelineTest {
  static final LocalDate D1 = LocalDate.parse("2026-02-01");
  static final LocalDate D2 = LocalDate.parse("2026-02-02");
  static final int ORDERS = 300;
  static final String BUCKET = "lakeshore-s3-test";
  static final List<String> DELTA_TABLES = List.of("golden.orders", "golden.customers", "golden.products",
      "quarantine.orders", "quarantine.customers", "quarantine.products", "curated.orders", "curated.customers",
      "audit.runs", "audit.partitions");
  static final List<String> ICEBERG_TABLES = List.of("serving.daily_revenue", "serving.customer_ltv");
  static final Map<String, String> RAW_FILES =
      Map.of("orders", "orders.jsonl", "customers", "customers.csv", "products", "products.csv", "fx_rates", "fx_rates.csv");

  /** Recognisable, so a leak anywhere is found by a plain search. */
  static final String SECRET = "LAKESHORE-TEST-SECRET-" + UUID.randomUUID();
  static final String ACCESS_KEY = "LSTESTKEY" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
  /** Not the server's secret, and as recognisable. */
  static final String WRONG_SECRET = "LAKESHORE-WRONG-SECRET-" + UUID.randomUUID();

  static S3Server s3;
  static PostgresServer pg;
  static Path work;
  static Child pipeline;
  static Child second;
  static List<String> firstAggregationRuns;

  record Child(int code, String stdout, String stderr, long millis) {
    String output() {
      return stdout + stderr;
    }
  }

  @BeforeAll
  static void runThePipelineOnS3() throws Exception {
    s3 = S3Server.start(BUCKET, ACCESS_KEY, SECRET);
    pg = PostgresServer.start();
    work = Files.createTempDirectory("lakeshore-s3-pipeline-");
    pipeline = child(LocalPipeline.class.getName(), "--from", D1.toString(), "--to", D2.toString(), "--orders", Integer.toString(ORDERS),
        "--domains", "commerce");
    assertThat(pipeline.code()).as(pipeline.output()).isZero();
    firstAggregationRuns = reportRunIds("aggregation");
    // a second process, as a scheduler would start one, on the same catalog and bucket
    second = child(io.lakeshore.core.cli.Lakeshore.class.getName(), "aggregation", "--date", D2.toString());
    assertThat(second.code()).as(second.output()).isZero();
    System.out.printf("S3PipelineTest: pipeline process %d ms, second process %d ms (logs in %s)%n", pipeline.millis(), second.millis(), work);
    Stream.concat(pipeline.output().lines(), second.output().lines()).filter(l -> l.startsWith("run ")).forEach(System.out::println);
  }

  @AfterAll
  static void stopServers() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    if (s3 != null) {
      s3.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  /** What differs from a cloud deployment: endpoint, path style, no TLS, local Spark, the catalog's address. */
  static List<String> overrides() {
    return List.of(
        "lakeshore.root=s3a://" + BUCKET + "/lake",
        "lakeshore.spark.master=\"local[2]\"",
        // the cluster's 200 would be 200 tasks per shuffle on two local cores
        "lakeshore.spark.shuffle-partitions=4",
        // as conf/env/local.conf: a tiny table's Delta snapshot is otherwise rebuilt with 50 tasks
        "lakeshore.spark.conf.\"spark.databricks.delta.snapshotPartitions\"=\"4\"",
        "lakeshore.spark.conf.\"spark.hadoop.fs.s3a.endpoint\"=\"" + s3.endpoint() + "\"",
        "lakeshore.spark.conf.\"spark.hadoop.fs.s3a.path.style.access\"=\"true\"",
        "lakeshore.spark.conf.\"spark.hadoop.fs.s3a.connection.ssl.enabled\"=\"false\"",
        "lakeshore.spark.conf.\"spark.ui.enabled\"=\"false\"",
        "lakeshore.spark.conf.\"spark.driver.host\"=\"127.0.0.1\"",
        "lakeshore.iceberg.properties.uri=\"" + pg.jdbcUrl() + "\"",
        "lakeshore.iceberg.properties.\"jdbc.user\"=" + PostgresServer.USER,
        "lakeshore.iceberg.properties.\"jdbc.password\"=" + PostgresServer.PASSWORD);
  }

  /**
   * Runs {@code main} in a JVM of its own with the shipped k8s configuration and the credentials
   * in its environment only. Its working folder is {@code work/cwd}, searched for the secret too.
   */
  static Child child(String main, String... args) throws Exception {
    return child(SECRET, work, main, args);
  }

  /**
   * As {@link #child(String, String...)}, signing with {@code secretKey}. Its working folder is
   * {@code folder/cwd}, its temporary files go under {@code folder/tmp}, and its stdout and stderr
   * are kept as {@code folder/<Main>.out} and {@code .err}.
   */
  static Child child(String secretKey, Path folder, String main, String... args) throws Exception {
    List<String> command = ChildJvm.java("1500m");
    Path tmp = Files.createDirectories(folder.resolve("tmp"));
    command.add("-Djava.io.tmpdir=" + tmp); // Spark's scratch space (spark.local.dir) too
    command.addAll(List.of("-cp", ChildJvm.classPath(), main));
    command.addAll(List.of(args));
    command.addAll(List.of("--env", "k8s", "--conf-dir", Path.of("../conf").toAbsolutePath().normalize().toString()));
    overrides().forEach(o -> command.addAll(List.of("--conf", o)));
    // S3A's upload buffers
    command.addAll(List.of("--conf", "lakeshore.spark.conf.\"spark.hadoop.fs.s3a.buffer.dir\"=\"" + tmp + "\""));
    Path cwd = Files.createDirectories(folder.resolve("cwd"));
    // kept for a look after a failure (the folder is not deleted)
    String name = main.substring(main.lastIndexOf('.') + 1);
    Path stdout = folder.resolve(name + ".out");
    Path stderr = folder.resolve(name + ".err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("LAKESHORE_"));
    builder.environment().put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
    builder.environment().put("AWS_SECRET_ACCESS_KEY", secretKey);
    long start = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("Cannot run " + main + ": no exit within 10 minutes; see " + stdout + " and " + stderr);
    }
    return new Child(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  static Path lake() {
    return s3.bucketDir().resolve("lake");
  }

  /** Run ids of a job's reports in the bucket, oldest first (a run id starts with its UTC start time). */
  static List<String> reportRunIds(String job) throws IOException {
    Path dir = lake().resolve("reports").resolve(job);
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
          .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList();
    }
  }

  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void rawZoneWarehouseReportsAndLedgerAreAllInTheBucket() throws IOException {
    // raw: exactly the files the generator writes for these settings, byte for byte
    Path expected = Files.createTempDirectory(work, "raw-");
    CommerceGenerator generator = new CommerceGenerator(GeneratorSettings.defaults(ORDERS).withLatenessDays(7));
    for (LocalDate d : List.of(D1, D2)) {
      generator.generate(expected.toString(), d);
      for (Map.Entry<String, String> raw : RAW_FILES.entrySet()) {
        String file = raw.getKey() + "/date=" + d + "/" + raw.getValue();
        assertThat(lake().resolve("raw").resolve(file)).as(file).hasSameBinaryContentAs(expected.resolve(file));
      }
    }
    try (Stream<Path> entities = Files.list(lake().resolve("raw"))) {
      for (Path entity : entities.toList()) {
        try (Stream<Path> dates = Files.list(entity)) {
          assertThat(dates.map(p -> p.getFileName().toString()).sorted().toList()).as(entity.toString())
              .containsExactly("date=" + D1, "date=" + D2);
        }
      }
    }
    // every Delta table (the ledger included) has its log and data in the bucket
    for (String table : DELTA_TABLES) {
      TableId id = TableId.parse(table);
      Path dir = lake().resolve("warehouse/delta").resolve(id.zone()).resolve(id.name());
      assertThat(dir.resolve("_delta_log/00000000000000000000.json")).as(table).isRegularFile();
      assertThat(files(dir)).as(table).anyMatch(p -> p.toString().endsWith(".parquet"));
    }
    // every Iceberg table has its metadata and data files in the bucket
    for (String table : ICEBERG_TABLES) {
      TableId id = TableId.parse(table);
      Path dir = lake().resolve("warehouse/iceberg").resolve(id.zone()).resolve(id.name());
      assertThat(files(dir.resolve("metadata"))).as(table).anyMatch(p -> p.toString().endsWith(".metadata.json"));
      assertThat(files(dir.resolve("data"))).as(table).anyMatch(p -> p.toString().endsWith(".parquet"));
    }
    // one report per run: two days of each job, and the second process's aggregation
    assertThat(reportRunIds("enrichment")).hasSize(2);
    assertThat(reportRunIds("curation")).hasSize(2);
    assertThat(reportRunIds("aggregation")).hasSize(3).containsAll(firstAggregationRuns);
    for (Path report : files(lake().resolve("reports"))) {
      assertThat(Files.readString(report)).as(report.toString()).contains("\"status\" : \"SUCCEEDED\"");
    }
    // and nothing of the lake on the local disk of the job processes
    assertThat(files(work.resolve("cwd"))).allMatch(p -> !p.toString().endsWith(".parquet") && !p.toString().endsWith(".json"));
  }

  @Test
  void tablesReadBackFromS3AccountForEveryRawLineAndTheLedgerForEveryRun() throws IOException {
    Lakehouse lakehouse = openLake();
    SparkSession spark = TestSpark.spark();
    Dataset<Row> golden = lakehouse.table(TableId.parse("golden.orders")).read();
    Dataset<Row> quarantine = lakehouse.table(TableId.parse("quarantine.orders")).read();
    CommerceGenerator generator = new CommerceGenerator(GeneratorSettings.defaults(ORDERS).withLatenessDays(7));
    Path scratch = Files.createTempDirectory(work, "manifest-");
    for (LocalDate d : List.of(D1, D2)) {
      DayManifest m = generator.generate(scratch.toString(), d);
      java.sql.Date date = java.sql.Date.valueOf(d);
      long quarantined = quarantine.filter(col("ingest_date").equalTo(date)).count();
      long injected = Stream.of(Fault.values()).filter(f -> f.rule() != null).mapToLong(m::count).sum();
      assertThat(quarantined).as("nothing but injected faults is quarantined on %s", d).isEqualTo(injected);
      assertThat(golden.filter(col("ingest_date").equalTo(date)).count()).as("raw = golden + quarantined + duplicates on %s", d)
          .isEqualTo(m.orderLines() - quarantined - m.count(Fault.DUPLICATE));
    }
    for (String table : List.of("curated.orders", "curated.customers", "serving.daily_revenue", "serving.customer_ltv")) {
      assertThat(lakehouse.table(TableId.parse(table)).read().count()).as(table).isPositive();
    }
    // the ledger: every run of both processes, each succeeded, as the reports say
    List<String> ledger = lakehouse.table(TableId.parse("audit.runs")).read().orderBy("started_at")
        .select("job", "status", "run_id").collectAsList().stream().map(r -> r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2)).toList();
    List<String> reports = new ArrayList<>();
    for (String job : LocalPipeline.ORDER) {
      reportRunIds(job).forEach(id -> reports.add(job + "|SUCCEEDED|" + id));
    }
    assertThat(ledger).hasSize(7).containsExactlyInAnyOrderElementsOf(reports);
    assertThat(spark.sql("SELECT count(*) FROM lake.serving.daily_revenue").first().getLong(0)).isPositive();
  }

  @Test
  void aSecondProcessSeesTheFirstProcesssIcebergCommitsThroughThePostgresCatalog() throws IOException {
    openLake();
    List<String> secondRuns = new ArrayList<>(reportRunIds("aggregation"));
    secondRuns.removeAll(firstAggregationRuns);
    assertThat(firstAggregationRuns).hasSize(2);
    assertThat(secondRuns).hasSize(1);
    String secondRun = secondRuns.get(0);
    List<Row> snapshots = TestSpark.spark().sql("SELECT snapshot_id, parent_id, summary['" + io.lakeshore.core.table.CommitInfo.RUN_ID
        + "'] AS run_id FROM lake.serving.daily_revenue.snapshots ORDER BY committed_at, snapshot_id").collectAsList();
    // both processes' runs committed to the one table of the shared catalog, in order
    assertThat(snapshots.stream().map(r -> r.getString(2)).distinct().toList())
        .containsExactly(firstAggregationRuns.get(0), firstAggregationRuns.get(1), secondRun);
    // and the second process's first commit sits on the first process's last one
    Row lastOfFirst = snapshots.stream().filter(r -> r.getString(2).equals(firstAggregationRuns.get(1))).reduce((a, b) -> b).orElseThrow();
    Row firstOfSecond = snapshots.stream().filter(r -> r.getString(2).equals(secondRun)).findFirst().orElseThrow();
    assertThat(firstOfSecond.getLong(1)).isEqualTo(lastOfFirst.getLong(0));
  }

  @Test
  void theCredentialsAppearInNoOutputObjectReportOrCatalogRow() throws Exception {
    assertThat(pipeline.output()).contains("== serving.daily_revenue (iceberg)").doesNotContain(SECRET);
    assertThat(second.output()).contains("report: s3a://" + BUCKET + "/lake/reports/aggregation/").doesNotContain(SECRET);
    // every object written (raw files, data, Delta logs, Iceberg metadata, reports, ledger) and
    // every file the job processes left in their working folder
    List<Path> written = new ArrayList<>(files(s3.basedir()));
    written.addAll(files(work.resolve("cwd")));
    assertThat(written).hasSizeGreaterThan(100);
    for (Path file : written) {
      String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertThat(content).as(file.toString()).doesNotContain(SECRET).doesNotContain(ACCESS_KEY);
    }
    String catalog = dumpCatalog();
    assertThat(catalog).contains("daily_revenue", "customer_ltv").doesNotContain(SECRET).doesNotContain(ACCESS_KEY);
  }

  @Test
  void aRunWithAWrongSecretKeyExits1NamingTheBucketAndShowsTheSecretNowhere() throws Exception {
    List<Path> objects = files(s3.bucketDir());
    Path folder = Files.createDirectories(work.resolve("wrong-secret"));
    // a job that succeeds with the right key: the raw files of D1 are in the bucket
    Child run = child(WRONG_SECRET, folder, io.lakeshore.core.cli.Lakeshore.class.getName(), "enrichment", "--date", D1.toString());
    System.out.printf("S3PipelineTest: wrong-secret process %d ms (logs in %s)%n", run.millis(), folder);
    assertThat(run.code()).as(run.output()).isEqualTo(1);
    Matcher summary = Pattern.compile("^run (\\S+)  job enrichment  window " + D1 + "  FAILED in ")
        .matcher(run.stdout());
    assertThat(summary.find()).as(run.output()).isTrue();
    // every failed request is named by its S3A operation and s3a:// path, then the store's answer
    String report = "s3a://" + BUCKET + "/lake/reports/enrichment/" + summary.group(1) + ".json";
    String ledger = "s3a://" + BUCKET + "/lake/warehouse/delta/audit/runs/_delta_log";
    // the store's own words, as AWS S3 answers a wrong signature
    String forbidden = "\\Q: software.amazon.awssdk.services.s3.model.S3Exception: The request signature we calculated does not"
        + " match the signature you provided. Check your key and signing method. (Service: S3, Status Code: 403,"
        + " Request ID: \\E[0-9A-F]+\\Q):SignatureDoesNotMatch\\E";
    assertThat(run.stderr().lines().toList()).as(run.output()).satisfiesExactly(
        line -> assertThat(line).matches(Pattern.quote("Job enrichment failed: Cannot start the run: cannot write its"
            + " report: " + report + ": getFileStatus on " + report) + forbidden),
        line -> assertThat(line).matches(Pattern.quote("Cannot record run " + summary.group(1) + " in the run ledger:"
            + " Cannot create table audit.runs: " + ledger + ": listObjects() on " + ledger) + forbidden),
        line -> assertThat(line).matches(Pattern.quote("Cannot write run report: " + report + ": getFileStatus on "
            + report) + forbidden));
    // nothing was written with it
    assertThat(files(s3.bucketDir())).isEqualTo(objects);
    // not in its output, not in any file it, Spark or the S3 server wrote
    assertThat(run.stdout()).doesNotContain(WRONG_SECRET);
    assertThat(run.stderr()).doesNotContain(WRONG_SECRET);
    List<Path> written = new ArrayList<>(files(folder));
    written.addAll(files(s3.basedir()));
    written.add(s3.log());
    for (Path file : written) {
      String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertThat(content).as(file.toString()).doesNotContain(WRONG_SECRET);
    }
  }

  /** Every row of every table of the catalog database, as text. */
  static String dumpCatalog() throws Exception {
    StringBuilder dump = new StringBuilder();
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet t = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
        while (t.next()) {
          tables.add(t.getString(1));
        }
      }
      assertThat(tables).contains("iceberg_tables");
      for (String table : tables) {
        try (ResultSet rows = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
          int n = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            dump.append(table);
            for (int i = 1; i <= n; i++) {
              dump.append('|').append(rows.getString(i));
            }
            dump.append('\n');
          }
        }
      }
    }
    return dump.toString();
  }

  /**
   * The lake as the job processes see it, opened in the test JVM's shared session: S3A settings
   * for this bucket only (other tests' lakes are local), credentials from system properties (the
   * SDK's default chain reads them first).
   */
  static Lakehouse openLake() {
    SparkSession spark = TestSpark.spark();
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String bucket = "fs.s3a.bucket." + BUCKET + ".";
    hadoop.set(bucket + "endpoint", s3.endpoint());
    hadoop.set(bucket + "path.style.access", "true");
    hadoop.set(bucket + "connection.ssl.enabled", "false");
    hadoop.set(bucket + "aws.credentials.provider", "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider");
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET);
    LakeshoreConfig config = ConfigLoader.load(Path.of("../conf"), "k8s", overrides());
    String uri = "spark.sql.catalog." + config.lakehouse().icebergCatalog() + ".uri";
    assertThat(spark.conf().getOption(uri).getOrElse(() -> pg.jdbcUrl())).as("catalog %s of the test session", uri).isEqualTo(pg.jdbcUrl());
    // Delta tables are found by name in the session catalog: forget other tests' tables of the same names
    TestSpark.forgetDeltaTables();
    return Lakehouse.open(spark, config.lakehouse());
  }
}
