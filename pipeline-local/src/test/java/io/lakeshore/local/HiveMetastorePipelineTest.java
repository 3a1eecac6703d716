package io.lakeshore.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.datagen.CommerceGenerator;
import io.lakeshore.datagen.GeneratorSettings;
import io.lakeshore.testkit.ChildJvm;
import io.lakeshore.testkit.PostgresServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Delta tables registered in a Hive Metastore on a real PostgreSQL ({@code lakeshore.delta.catalog
 * = hive}, reached through its database by Spark's built-in Hive 2.3 client), configured as on a
 * cluster: the shipped {@code conf/} with {@code --env k8s}, the metastore's address and credentials
 * in the job's environment only (the {@code LAKESHORE_HIVE_METASTORE_*} variables k8s.conf reads).
 * Data stays on local disk: the S3 side is {@link S3PipelineTest}'s.
 *
 * <p>Three processes, one after the other: enrichment for the first day, which registers the
 * tables; a backfill dry run over both days, which finds the run ledger's tables by name and
 * registers nothing; then a plain Spark with Delta, the metastore's settings and no Lakeshore code,
 * as a SQL user's, which lists and counts the tables by name. (A second enrichment, writing
 * through the names, would cost another 45 s of CPU: the dry run keeps the test near 90 s.)
 */
class HiveMetastorePipelineTest {
  static final LocalDate D1 = LocalDate.parse("2026-03-01");
  /** Raw files land for it, but only the dry run looks at it. */
  static final LocalDate D2 = LocalDate.parse("2026-03-02");
  static final int ORDERS = 100;
  static final List<String> TABLES = List.of("audit.partitions", "audit.runs", "golden.customers", "golden.orders",
      "golden.products", "quarantine.customers", "quarantine.orders", "quarantine.products");
  /** The metastore's own user and database, as a deployment would have them. */
  static final String METASTORE_USER = "hive_metastore";
  /** Recognisable, so a leak anywhere is found by a plain search. */
  static final String PASSWORD = "LAKESHORE-HMS-SECRET-" + UUID.randomUUID();

  static PostgresServer pg;
  static String metastoreUrl;
  static Path work;
  static Path lake;
  static Child first;
  static Child second;
  static Child plain;
  /** Every metastore table row (TBL_ID, database, name, create time, type) after the first process. */
  static List<String> registeredByFirst;
  static List<String> registeredAfterSecond;

  record Child(int code, String output, long millis, Path cwd) {
    /** The rows {@link PlainSparkSql} printed for its statement n. */
    List<String> results(int n) {
      String prefix = "result " + n + ": ";
      return output.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }
  }

  @BeforeAll
  static void runAJobABackfillDryRunThenAPlainSparkOnOneMetastore() throws Exception {
    long start = System.nanoTime();
    pg = PostgresServer.start();
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + METASTORE_USER + " LOGIN PASSWORD '" + PASSWORD + "'");
      s.execute("CREATE DATABASE metastore OWNER " + METASTORE_USER);
    }
    metastoreUrl = pg.jdbcUrl().replaceAll("/lakeshore$", "/metastore");
    work = Files.createTempDirectory("lakeshore-hms-");
    lake = work.resolve("lake");
    CommerceGenerator generator = new CommerceGenerator(GeneratorSettings.defaults(ORDERS).withLatenessDays(7));
    for (LocalDate d : List.of(D1, D2)) {
      generator.generate(lake.resolve("raw").toString(), d);
    }
    first = lakeshore("first", "enrichment", "--date", D1.toString());
    assertThat(first.code()).as(first.output()).isZero();
    registeredByFirst = metastoreTables();
    second = lakeshore("second", "enrichment", "--from", D1.toString(), "--to", D2.toString(), "--only-missing", "--dry-run");
    assertThat(second.code()).as(second.output()).isZero();
    registeredAfterSecond = metastoreTables();
    plain = plainSpark("SHOW DATABASES", "SHOW TABLES IN golden", "SHOW TABLES IN quarantine", "SHOW TABLES IN audit",
        countsByNameAndPath(), "DESCRIBE TABLE EXTENDED golden.orders");
    assertThat(plain.code()).as(plain.output()).isZero();
    System.out.printf("HiveMetastorePipelineTest: enrichment %d ms, dry run %d ms, plain Spark %d ms, in all %d ms (logs in %s)%n",
        first.millis(), second.millis(), plain.millis(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), work);
  }

  @AfterAll
  static void stopServer() {
    if (pg != null) {
      pg.close();
    }
  }

  /**
   * One statement counting every table by its name and by its path, as a SQL user without the
   * metastore would name it: {@code table|count by name|count by path} per row.
   */
  static String countsByNameAndPath() {
    return TABLES.stream().map(t -> "SELECT '" + t + "', (SELECT count(*) FROM " + t + "), (SELECT count(*) FROM delta.`"
        + deltaPath(t) + "`)").collect(Collectors.joining(" UNION ALL "));
  }

  @Test
  void aPlainSparkFindsEveryTableByNameWithTheRowsTheJobsWrote() {
    assertThat(plain.output()).contains("lakeshore library: absent");
    assertThat(plain.results(0)).containsExactly("audit", "default", "golden", "quarantine");
    // SHOW TABLES: namespace|tableName|isTemporary
    assertThat(plain.results(1)).containsExactly("golden|customers|false", "golden|orders|false", "golden|products|false");
    assertThat(plain.results(2))
        .containsExactly("quarantine|customers|false", "quarantine|orders|false", "quarantine|products|false");
    assertThat(plain.results(3)).containsExactly("audit|partitions|false", "audit|runs|false");
    // by name and by path the same rows: the rows the first process wrote, as its report says
    Map<String, Long> byName = new LinkedHashMap<>();
    Map<String, Long> byPath = new LinkedHashMap<>();
    for (String row : plain.results(4)) {
      String[] columns = row.split("\\|");
      byName.put(columns[0], Long.parseLong(columns[1]));
      byPath.put(columns[0], Long.parseLong(columns[2]));
    }
    assertThat(byName).containsOnlyKeys(TABLES).isEqualTo(byPath);
    Map<String, Long> written = new LinkedHashMap<>();
    // the report's table rows: table, format, read, written, …
    first.output().lines().map(String::strip).filter(l -> l.matches("(golden|quarantine)\\.\\w+ +delta .*"))
        .forEach(l -> written.put(l.split(" +")[0], Long.parseLong(l.split(" +")[3])));
    assertThat(written).hasSize(6).allSatisfy((table, rows) -> assertThat(byName.get(table)).as(table).isEqualTo(rows));
    assertThat(written.get("golden.orders")).isGreaterThan(ORDERS / 2);
    // one run: the dry run is not recorded
    assertThat(byName.get("audit.runs")).isEqualTo(1);
    // the name stands for the table at its location in the lake (col_name|data_type|comment)
    assertThat(plain.results(5)).filteredOn(r -> r.startsWith("Location|"))
        .containsExactly("Location|" + location("golden.orders") + "|");
  }

  @Test
  void theFirstProcessRegistersEachTableOnceAndTheSecondFindsThemByName() throws Exception {
    assertThat(registeredByFirst).hasSize(TABLES.size());
    assertThat(registeredByFirst.stream().map(r -> r.split("\\|")[1] + "." + r.split("\\|")[2]).toList())
        .containsExactlyElementsOf(TABLES);
    // external tables, each at its location in the warehouse
    assertThat(registeredByFirst).allMatch(r -> r.endsWith("|EXTERNAL_TABLE"), "external");
    // the second process found the run ledger's tables by name, and changed no registration:
    // same ids, same creation times
    String firstRun = first.output().lines().filter(l -> l.startsWith("run ")).findFirst().orElseThrow().split("\\s+")[1];
    assertThat(second.output()).contains("backfill of enrichment over " + D1 + ".." + D2 + ": 1 of 2 dates to run (dry run: nothing is written)",
        D1 + "  skip  done by run " + firstRun, D2 + "  run   missing: no run of enrichment covers it");
    assertThat(registeredAfterSecond).isEqualTo(registeredByFirst);
    // the schema's version, recorded once by the first process
    assertThat(query("SELECT \"SCHEMA_VERSION\" FROM \"VERSION\"")).containsExactly("2.3.0");
    Map<String, String> locations = metastoreLocations();
    for (String table : TABLES) {
      assertThat(locations.get(table)).as(table).isEqualTo(location(table));
    }
    // databases are folders under <warehouse>/hive, one place every process agrees on
    assertThat(metastoreDatabaseLocations()).containsEntry("golden", "file:" + lake.resolve("warehouse/hive/golden.db"));
  }

  @Test
  void thePasswordIsInNoOutputNoFileAndNoMetastoreRowAndTheWorkingFoldersStayEmpty() throws Exception {
    for (Child child : List.of(first, second, plain)) {
      assertThat(child.output()).doesNotContain(PASSWORD);
      // no spark-warehouse, metastore_db or derby.log where the process ran
      try (Stream<Path> files = Files.list(child.cwd())) {
        assertThat(files.toList()).as("working folder of %s", child.cwd()).isEmpty();
      }
    }
    assertThat(first.output()).contains("job enrichment  window " + D1 + "  SUCCEEDED");
    List<Path> written;
    try (Stream<Path> all = Files.walk(work)) {
      written = all.filter(Files::isRegularFile).toList();
    }
    assertThat(written).hasSizeGreaterThan(50);
    for (Path file : written) {
      assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(PASSWORD);
    }
    assertThat(dumpMetastore()).contains("orders").doesNotContain(PASSWORD);
  }

  /** A table's location as Spark records it: a qualified Hadoop path. */
  static String location(String table) {
    return "file:" + deltaPath(table);
  }

  static Path deltaPath(String table) {
    String[] parts = table.split("\\.");
    return lake.resolve("warehouse/delta").resolve(parts[0]).resolve(parts[1]);
  }

  /**
   * {@code io.lakeshore.core.cli.Lakeshore} in a JVM of its own, configured as on a cluster: the
   * shipped k8s configuration, the metastore's address and credentials in its environment.
   */
  static Child lakeshore(String name, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(io.lakeshore.core.cli.Lakeshore.class.getName()));
    command.addAll(List.of(args));
    command.addAll(List.of("--env", "k8s", "--conf-dir", Path.of("../conf").toAbsolutePath().normalize().toString()));
    for (String override : List.of(
        "lakeshore.root=" + lake,
        "lakeshore.spark.master=\"local[2]\"",
        "lakeshore.spark.shuffle-partitions=2",
        "lakeshore.spark.conf.\"spark.databricks.delta.snapshotPartitions\"=\"2\"",
        "lakeshore.spark.conf.\"spark.ui.enabled\"=\"false\"",
        "lakeshore.spark.conf.\"spark.driver.host\"=\"127.0.0.1\"",
        // the Iceberg catalog, which enrichment does not use, on a file: this test is about Delta's
        "lakeshore.iceberg.properties.uri=\"jdbc:sqlite:" + lake.resolve("catalog/iceberg.db") + "\"")) {
      command.addAll(List.of("--conf", override));
    }
    Map<String, String> env = Map.of(
        "LAKESHORE_DELTA_CATALOG", "hive",
        "LAKESHORE_HIVE_METASTORE_JDBC_URL", metastoreUrl,
        "LAKESHORE_HIVE_METASTORE_JDBC_USER", METASTORE_USER,
        "LAKESHORE_HIVE_METASTORE_JDBC_PASSWORD", PASSWORD);
    // Spark's own INFO logging (the test kit's configuration is quiet): more output to search for the password
    return child(name, classpath(), List.of("-Dlog4j2.configurationFile=org/apache/spark/log4j2-defaults.properties"), command, env);
  }

  /** {@link PlainSparkSql}: Spark, Delta and the metastore's settings, on a classpath without Lakeshore's library. */
  static Child plainSpark(String... statements) throws Exception {
    List<String> properties = List.of(
        "-Dspark.master=local[2]",
        "-Dspark.ui.enabled=false",
        "-Dspark.driver.host=127.0.0.1",
        "-Dspark.sql.shuffle.partitions=2",
        "-Dspark.databricks.delta.snapshotPartitions=2",
        "-Dspark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
        "-Dspark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog",
        "-Dspark.sql.catalogImplementation=hive",
        "-Dspark.hadoop.javax.jdo.option.ConnectionURL=" + metastoreUrl,
        "-Dspark.hadoop.javax.jdo.option.ConnectionDriverName=org.postgresql.Driver",
        "-Dspark.hadoop.javax.jdo.option.ConnectionUserName=" + METASTORE_USER,
        "-Dspark.hadoop.hive.metastore.schema.verification=false");
    // Lakeshore's modules out: etl-core (main and test kit), the jobs, the generator, this module's main classes
    String classpath = Arrays.stream(classpath().split(File.pathSeparator))
        .filter(e -> !e.contains("/etl-core/") && !e.contains("/jobs-") && !e.contains("/commerce-datagen/")
            && !e.contains("/io/lakeshore/") && !e.endsWith("pipeline-local/target/classes"))
        .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>(List.of(PlainSparkSql.class.getName()));
    command.addAll(List.of(statements));
    return child("plain", classpath, properties, command, Map.of(PlainSparkSql.PASSWORD_ENV, PASSWORD));
  }

  static String classpath() {
    return ChildJvm.classPath();
  }

  /** A JVM of its own in an empty working folder of its own, with {@code env} added to a clean environment. */
  static Child child(String name, String classpath, List<String> jvmOptions, List<String> mainAndArgs, Map<String, String> env)
      throws Exception {
    List<String> command = ChildJvm.java("1g");
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath));
    command.addAll(mainAndArgs);
    Path cwd = Files.createDirectories(work.resolve("cwd-" + name));
    // the output goes to a file beside the lake, kept for a look after a failure (the folder is not deleted)
    Path log = work.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().keySet().removeIf(k -> k.startsWith("LAKESHORE_") || k.startsWith("HADOOP_") || k.startsWith("HIVE_"));
    builder.environment().putAll(env);
    long start = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException("Cannot run " + name + ": no exit within 3 minutes (a metastore lock wait?), see " + log);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    return new Child(process.exitValue(), output, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), cwd);
  }

  /** The metastore's table rows, {@code TBL_ID|database|name|CREATE_TIME|TBL_TYPE}, by database and name. */
  static List<String> metastoreTables() throws Exception {
    return query("SELECT t.\"TBL_ID\", d.\"NAME\", t.\"TBL_NAME\", t.\"CREATE_TIME\", t.\"TBL_TYPE\" FROM \"TBLS\" t"
        + " JOIN \"DBS\" d ON t.\"DB_ID\" = d.\"DB_ID\" ORDER BY d.\"NAME\", t.\"TBL_NAME\"");
  }

  /**
   * Each table's location as Spark stores it for a data source table: the {@code path} serde
   * parameter ({@code SDS.LOCATION} holds a placeholder folder Hive itself would use).
   */
  static Map<String, String> metastoreLocations() throws Exception {
    return query("SELECT d.\"NAME\" || '.' || t.\"TBL_NAME\", p.\"PARAM_VALUE\" FROM \"TBLS\" t"
        + " JOIN \"DBS\" d ON t.\"DB_ID\" = d.\"DB_ID\" JOIN \"SDS\" s ON t.\"SD_ID\" = s.\"SD_ID\""
        + " JOIN \"SERDE_PARAMS\" p ON p.\"SERDE_ID\" = s.\"SERDE_ID\" AND p.\"PARAM_KEY\" = 'path'").stream()
        .collect(Collectors.toMap(r -> r.split("\\|")[0], r -> r.split("\\|")[1]));
  }

  static Map<String, String> metastoreDatabaseLocations() throws Exception {
    return query("SELECT \"NAME\", \"DB_LOCATION_URI\" FROM \"DBS\"").stream()
        .collect(Collectors.toMap(r -> r.split("\\|")[0], r -> r.split("\\|")[1]));
  }

  /** Every row of every table of the metastore's database, as text. */
  static String dumpMetastore() throws Exception {
    StringBuilder dump = new StringBuilder();
    for (String table : query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
      query("SELECT * FROM \"" + table + "\"").forEach(r -> dump.append(table).append('|').append(r).append('\n'));
    }
    return dump.toString();
  }

  /** Rows as {@code column|column…}, read as the superuser (not the metastore's own user). */
  static List<String> query(String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(metastoreUrl, PostgresServer.USER, PostgresServer.PASSWORD);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i == 1 ? "" : "|").append(r.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }
}
