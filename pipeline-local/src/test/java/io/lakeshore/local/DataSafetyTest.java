package io.lakeshore.local;

import static io.lakeshore.testkit.Rows.lines;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshore.core.audit.AuditColumns;
import io.lakeshore.core.quality.Quarantine;
import io.lakeshore.core.table.Lakehouse;
import io.lakeshore.core.table.TableFormat;
import io.lakeshore.core.table.TableId;
import io.lakeshore.datagen.CommerceGenerator;
import io.lakeshore.datagen.DayManifest;
import io.lakeshore.datagen.Fault;
import io.lakeshore.datagen.GeneratorSettings;
import io.lakeshore.jobs.enrichment.GoldenTables;
import io.lakeshore.testkit.TestSpark;
import io.lakeshore.testkit.TestSpark.TestLake;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bad input never loses or corrupts stored data (issue 12): each case was found by feeding the
 * jobs what users and operators really feed them, and each fails on the code before the fix.
 */
class DataSafetyTest {
  static final LocalDate D1 = LocalDate.parse("2026-05-01");
  static final GeneratorSettings DATA = GeneratorSettings.defaults(60);
  static final List<String> ENRICHED =
      List.of("golden.orders", "golden.customers", "golden.products", "quarantine.orders", "quarantine.customers",
          "quarantine.products");
  static final String CUSTOMER_HEADER = "customer_id,name,email,country,segment";

  private final SparkSession spark = TestSpark.spark();

  private static TestLake landed(TableFormat format, LocalDate... dates) {
    TestLake lake = TestSpark.freshLake(format);
    for (LocalDate d : dates) {
      new CommerceGenerator(DATA).generate(lake.settings().raw(), d);
    }
    return lake;
  }

  private static Path rawFile(TestLake lake, String entity, String file) {
    return lake.root().resolve("raw").resolve(entity).resolve("date=" + D1).resolve(file);
  }

  private Map<String, List<String>> contents(TestLake lake, List<String> tables) {
    Lakehouse lakehouse = Lakehouse.open(spark, lake.settings());
    Map<String, List<String>> all = new LinkedHashMap<>();
    for (String table : tables) {
      all.put(table, lines(lakehouse.table(TableId.parse(table)).read()));
    }
    return all;
  }

  /** A table's rows without the audit columns, which name the run that wrote them. */
  private static List<String> data(TestLake lake, String table) {
    return lines(lake.lakehouse().table(TableId.parse(table)).read().drop(AuditColumns.ALL.toArray(String[]::new)));
  }

  private static JsonNode report(TestLake lake, Launch run) throws IOException {
    Matcher m = Pattern.compile("run (\\S+)  job (\\S+)").matcher(run.out());
    assertThat(m.find()).as(run.output()).isTrue();
    return new ObjectMapper().readTree(lake.root().resolve("reports").resolve(m.group(2)).resolve(m.group(1) + ".json").toFile());
  }

  /** A failed run committed nothing, and its report says so for every table (case 13). */
  private static void assertNothingReportedWritten(JsonNode report) {
    assertThat(report.get("status").asText()).isEqualTo("FAILED");
    for (JsonNode table : report.get("tables")) {
      assertThat(table.get("rows_written").asLong()).as(table.get("table").asText()).isZero();
      assertThat(table.get("commits").asInt()).as(table.get("table").asText()).isZero();
    }
    assertThat(report.get("committed")).isEmpty();
  }

  // ---- 2, 13: empty or broken input fails before committing, the day stays as it was --------

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void emptyOrBrokenInputFailsBeforeAnyCommitAndKeepsTheCommittedDay(TableFormat format) throws IOException {
    TestLake lake = landed(format, D1);
    assertThat(Launch.run(lake, "enrichment", "--date", D1.toString()).code()).isZero();
    Map<String, List<String>> committed = contents(lake, ENRICHED);
    assertThat(committed.get("golden.orders")).hasSizeGreaterThan(50);
    List<String> customers0 = data(lake, "golden.customers");

    Path orders = rawFile(lake, "orders", "orders.jsonl");
    Path customers = rawFile(lake, "customers", "customers.csv");
    Path rates = rawFile(lake, "fx_rates", "fx_rates.csv");
    byte[] ordersBytes = Files.readAllBytes(orders);
    byte[] customerBytes = Files.readAllBytes(customers);
    byte[] rateBytes = Files.readAllBytes(rates);
    List<String> customerLines = Files.readAllLines(customers);
    long customerRows = customerLines.size() - 1;

    Map<String, Runnable> breakages = new LinkedHashMap<>();
    breakages.put("golden.orders: partition ingest_date=2026-05-01 has no valid rows (read 0, quarantined 0, dropped 0)",
        () -> write(orders, new byte[0]));
    breakages.put("golden.customers: partition ingest_date=2026-05-01 has no valid rows (read 0, quarantined 0, dropped 0)",
        () -> write(customers, (CUSTOMER_HEADER + "\n").getBytes(StandardCharsets.UTF_8)));
    breakages.put("Cannot read raw fx_rates: no rows for 2026-05-01 in " + lake.settings().raw() + "/fx_rates/date=2026-05-01",
        () -> write(rates, "currency,usd_rate\n".getBytes(StandardCharsets.UTF_8)));
    breakages.put("golden.customers: partition ingest_date=2026-05-01 has " + customerRows + " of " + customerRows
            + " rows quarantined (100.0%), above max-quarantine-ratio 0.5",
        () -> write(customers, String.join("\n", customerLines.stream()
            .map(l -> l.equals(CUSTOMER_HEADER) ? l : l + ",extra").toList()).getBytes(StandardCharsets.UTF_8)));
    for (Map.Entry<String, Runnable> broken : breakages.entrySet()) {
      broken.getValue().run();
      Launch run = Launch.run(lake, "enrichment", "--date", D1.toString());
      assertThat(run.code()).as(run.output()).isEqualTo(1);
      assertThat(run.error()).startsWith("Job enrichment failed: Cannot ").contains(broken.getKey());
      assertThat(contents(lake, ENRICHED)).as(broken.getKey()).isEqualTo(committed);
      assertNothingReportedWritten(report(lake, run));
      write(orders, ordersBytes);
      write(customers, customerBytes);
      write(rates, rateBytes);
    }

    // an intentionally empty day is one setting away
    write(orders, new byte[0]);
    Launch allowed = Launch.run(lake, "enrichment", "--date", D1.toString(),
        "--conf", "lakeshore.jobs.enrichment.tables.\"golden.orders\".allow-empty=true");
    assertThat(allowed.code()).as(allowed.output()).isZero();
    assertThat(contents(lake, List.of("golden.orders")).get("golden.orders")).isEmpty();
    // the other entities of the day are rewritten with the same rows
    assertThat(data(lake, "golden.customers")).isEqualTo(customers0);
  }

  @Test
  void theEmptyDayMessageSaysHowToAllowIt() {
    TestLake lake = landed(TableFormat.DELTA, D1);
    write(rawFile(lake, "orders", "orders.jsonl"), new byte[0]);
    Launch run = Launch.run(lake, "enrichment", "--date", D1.toString());
    assertThat(run.error()).isEqualTo("Job enrichment failed: Cannot commit golden.orders: partition ingest_date=2026-05-01"
        + " has no valid rows (read 0, quarantined 0, dropped 0); to accept an empty day set"
        + " lakeshore.jobs.enrichment.tables.\"golden.orders\".allow-empty = true");
  }

  // ---- 14: every raw input of the window is checked before any entity is processed ----------

  @Test
  void anEmptyRawFolderIsNamedBeforeAnyWork() throws IOException {
    TestLake lake = landed(TableFormat.DELTA, D1);
    Files.delete(rawFile(lake, "orders", "orders.jsonl"));
    Launch run = Launch.run(lake, "enrichment", "--date", D1.toString());
    assertThat(run.code()).as(run.output()).isEqualTo(1);
    assertThat(run.error()).isEqualTo(
        "Job enrichment failed: Cannot read raw orders: no files in " + lake.settings().raw() + "/orders/date=2026-05-01");
    for (String table : ENRICHED) {
      assertThat(lake.lakehouse().exists(TableId.parse(table))).as(table).isFalse();
    }
  }

  // ---- 4: CSV columns are bound by the header, not by position ---------------------------------

  // One format: the raw read and the quarantine rules run before, and apart from, the table format
  // (emptyOrBroken... and aRootWithASpace... keep both, as does CommercePipelineTest's accounting of
  // every quarantined line); Iceberg, as its runs cost a third of Delta's in the suite's time budget.
  @ParameterizedTest
  @EnumSource(value = TableFormat.class, names = "ICEBERG")
  void aCsvWhoseHeaderDiffersFailsNamingBothHeaders(TableFormat format) throws IOException {
    TestLake lake = landed(format, D1);
    assertThat(Launch.run(lake, "enrichment", "--date", D1.toString()).code()).isZero();
    Map<String, List<String>> committed = contents(lake, ENRICHED);
    Path customers = rawFile(lake, "customers", "customers.csv");
    List<String> swapped = Files.readAllLines(customers).stream().map(l -> {
      String[] f = l.split(",", -1);
      return f[1] + "," + f[0] + "," + f[2] + "," + f[3] + "," + f[4];
    }).toList();
    Files.write(customers, swapped);
    Launch run = Launch.run(lake, "enrichment", "--date", D1.toString());
    assertThat(run.code()).as(run.output()).isEqualTo(1);
    assertThat(run.error()).isEqualTo("Job enrichment failed: Cannot read raw customers: the header of "
        + lake.settings().raw() + "/customers/date=2026-05-01/customers.csv is [name, customer_id, email, country, segment],"
        + " expected [customer_id, name, email, country, segment]");
    assertThat(contents(lake, ENRICHED)).isEqualTo(committed);
  }

  // ---- 5, 6: text encodings -------------------------------------------------------------------

  // One format, Iceberg: see aCsvWhoseHeaderDiffersFailsNamingBothHeaders.
  @ParameterizedTest
  @EnumSource(value = TableFormat.class, names = "ICEBERG")
  void linesThatDoNotDecodeAreQuarantinedAndALatin1EntityCanBeDeclared(TableFormat format) throws IOException {
    TestLake lake = landed(format, D1);
    Path customers = rawFile(lake, "customers", "customers.csv");
    List<String> rows = new ArrayList<>(Files.readAllLines(customers));
    rows.set(1, rows.get(1).replace("Customer 1,", "José Núñez,"));
    rows.set(2, rows.get(2).replace("Customer 2,", "Zoë Brontë,"));
    Files.write(customers, rows, Charset.forName("ISO-8859-1"));

    Launch utf8 = Launch.run(lake, "enrichment", "--date", D1.toString());
    assertThat(utf8.code()).as(utf8.output()).isZero();
    Lakehouse lakehouse = lake.lakehouse();
    assertThat(lines(lakehouse.table(TableId.parse("quarantine.customers")).read()
            .selectExpr("rule", "reason", "split(raw_record, ',')[0]", "raw_bytes is not null")))
        .contains("valid_encoding|line is not valid UTF-8 (its bytes are kept in raw_bytes)|C000001|true",
            "valid_encoding|line is not valid UTF-8 (its bytes are kept in raw_bytes)|C000002|true");
    assertThat(lakehouse.table(TableId.parse("golden.customers")).read()
        .filter("name like '%\uFFFD%' or not is_valid_utf8(name)").count()).isZero();

    Launch latin1 = Launch.run(lake, "enrichment", "--date", D1.toString(),
        "--conf", "lakeshore.jobs.enrichment.inputs.customers.encoding=ISO-8859-1");
    assertThat(latin1.code()).as(latin1.output()).isZero();
    assertThat(lines(lakehouse.table(TableId.parse("golden.customers")).read()
            .filter("customer_id in ('C000001', 'C000002')"), "customer_id", "name"))
        .containsExactly("C000001|José Núñez", "C000002|Zoë Brontë");
    assertThat(lakehouse.table(TableId.parse("quarantine.customers")).read().filter("rule = 'valid_encoding'").count()).isZero();
    assertReconciled(lake, latin1, "customers", "golden.customers");
  }

  // One format, Iceberg: see aCsvWhoseHeaderDiffersFailsNamingBothHeaders.
  @ParameterizedTest
  @EnumSource(value = TableFormat.class, names = "ICEBERG")
  void binaryGarbageIsQuarantinedAsValidTextWithItsExactBytes(TableFormat format) throws IOException {
    TestLake lake = landed(format, D1);
    byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x01, 'x', (byte) 0xc3, '{', (byte) 0x80, (byte) 0x80};
    Path orders = rawFile(lake, "orders", "orders.jsonl");
    Files.write(orders, garbage, java.nio.file.StandardOpenOption.APPEND);
    Files.write(orders, new byte[] {'\n'}, java.nio.file.StandardOpenOption.APPEND);
    Launch run = Launch.run(lake, "enrichment", "--date", D1.toString());
    assertThat(run.code()).as(run.output()).isZero();
    var quarantine = lake.lakehouse().table(TableId.parse("quarantine.orders")).read();
    assertThat(quarantine.filter("not is_valid_utf8(raw_record) or not is_valid_utf8(reason)").count()).isZero();
    List<Row> rejected = quarantine.filter("rule = 'valid_encoding'").select("raw_bytes").collectAsList();
    assertThat(rejected).hasSize(1);
    assertThat((byte[]) rejected.get(0).get(0)).isEqualTo(garbage);
    assertThat(quarantine.filter("rule <> 'valid_encoding' and raw_bytes is not null").count()).isZero();
    assertReconciled(lake, run, "orders", "golden.orders");
  }

  // ---- 7: SCD2 is right whatever order the days are loaded in ---------------------------------

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void scd2LoadedOutOfOrderKeepsEveryVersion(TableFormat format) {
    TestLake lake = TestSpark.freshLake(format);
    Lakehouse lakehouse = lake.lakehouse();
    lakehouse.create(GoldenTables.ORDERS);
    List<Row> snapshots = new ArrayList<>();
    String[] countries = {"ES", "FR", "ES"};
    for (int i = 0; i < countries.length; i++) {
      Date day = Date.valueOf(D1.plusDays(i));
      snapshots.add(RowFactory.create("C1", "Ana", "ana@example.com", countries[i], "consumer", day,
          "run-0", "enrichment", new Timestamp(0)));
      snapshots.add(RowFactory.create("C2", "Bo", "bo@example.com", "DE", "consumer", day,
          "run-0", "enrichment", new Timestamp(0)));
    }
    lakehouse.create(GoldenTables.CUSTOMERS)
        .append(spark.createDataFrame(snapshots, GoldenTables.CUSTOMERS.schema()), new io.lakeshore.core.table.CommitInfo("run-0", "test"));
    for (LocalDate d : List.of(D1, D1.plusDays(2), D1.plusDays(1))) {
      Launch run = Launch.run(lake, "curation", "--date", d.toString());
      assertThat(run.code()).as(run.output()).isZero();
    }
    assertThat(lines(lakehouse.table(TableId.parse("curated.customers")).read(), "customer_id", "country", "valid_from", "valid_to", "is_current"))
        .containsExactly(
            "C1|ES|2026-05-01|2026-05-02|false",
            "C1|ES|2026-05-03|null|true",
            "C1|FR|2026-05-02|2026-05-03|false",
            "C2|DE|2026-05-01|null|true");
  }

  // ---- 10: a lake root with a space in it works --------------------------------------------------

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void aRootWithASpaceWorksAndNothingIsPercentEncoded(TableFormat format) throws IOException {
    TestLake base = TestSpark.freshLake(format);
    Path root = base.root().resolve("with space");
    new CommerceGenerator(DATA).generate(root.resolve("raw").toString(), D1);
    List<String> conf = List.of(
        "--conf", "lakeshore.root=" + root,
        // a catalog the session has not seen yet, so that it opens the catalog file under this root
        "--conf", "lakeshore.iceberg.catalog=spaced_" + format.toString(),
        "--conf", "lakeshore.tables.default-format=" + format,
        "--conf", "lakeshore.jobs.aggregation.tables.\"serving.daily_revenue\".format=" + format,
        "--conf", "lakeshore.jobs.aggregation.tables.\"serving.customer_ltv\".format=" + format);
    for (String job : List.of("enrichment", "curation", "aggregation")) {
      Launch run = Launch.run(conf, job, "--date", D1.toString());
      assertThat(run.code()).as(run.output()).isZero();
    }
    try (Stream<Path> all = Files.walk(base.root())) {
      assertThat(all.map(p -> p.getFileName().toString()).filter(n -> n.contains("%"))).isEmpty();
    }
    assertThat(Files.isDirectory(root.resolve("warehouse"))).isTrue();
    assertThat(Files.isDirectory(root.resolve("reports/aggregation"))).isTrue();
  }

  // ---- 8, 9, 11: configuration is checked before Spark, naming key and origin, hiding secrets ----

  @Test
  void identifiersThatReachSqlAreCheckedBeforeSpark() {
    TestLake lake = TestSpark.freshLake(TableFormat.ICEBERG);
    List<String> conf = new ArrayList<>(lake.confArgs());
    conf.addAll(List.of("--conf", "lakeshore.iceberg.catalog=\"x; DROP TABLE y\""));
    Launch injected = Launch.run(conf, "enrichment", "--date", D1.toString());
    assertThat(injected.code()).isEqualTo(2);
    assertThat(injected.error()).isEqualTo("Cannot load configuration: lakeshore.iceberg.catalog must be an identifier"
        + " (a letter or _, then letters, digits or _), cannot be: 'x; DROP TABLE y'"
        + " (--conf lakeshore.iceberg.catalog=\"x; DROP TABLE y\": 1)");
    conf.addAll(List.of("--conf", "lakeshore.iceberg.catalog=spark_catalog"));
    Launch reserved = Launch.run(conf, "enrichment", "--date", D1.toString());
    assertThat(reserved.code()).isEqualTo(2);
    assertThat(reserved.error()).isEqualTo("Cannot load configuration: lakeshore.iceberg.catalog cannot be spark_catalog,"
        + " which holds the Delta tables (--conf lakeshore.iceberg.catalog=spark_catalog: 1)");
    assertThat(lake.root().resolve("reports")).doesNotExist();
  }

  @Test
  void fractionalIntegersUnknownTablesAndUnknownFormatsExit2NamingKeyAndOrigin() {
    TestLake lake = TestSpark.freshLake(TableFormat.DELTA);
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("lakeshore.lateness-days=3.5",
        "Cannot load configuration: lakeshore.lateness-days must be an integer, cannot be: 3.5 (--conf lakeshore.lateness-days=3.5: 1)");
    cases.put("lakeshore.jobs.enrichment.tables.\"golden.order\".format=iceberg",
        "Cannot load configuration: unknown key lakeshore.jobs.enrichment.tables.\"golden.order\".format"
            + " (--conf lakeshore.jobs.enrichment.tables.\"golden.order\".format=iceberg: 1)");
    cases.put("lakeshore.jobs.aggregation.tables.\"serving.daily_revenue\".format=hudi",
        "Cannot load configuration: lakeshore.jobs.aggregation.tables.\"serving.daily_revenue\".format must be delta or"
            + " iceberg, cannot be: 'hudi' (--conf lakeshore.jobs.aggregation.tables.\"serving.daily_revenue\".format=hudi: 1)");
    cases.put("lakeshore.tables.default-format=hudi",
        "Cannot load configuration: lakeshore.tables.default-format must be delta or iceberg, cannot be: 'hudi'"
            + " (--conf lakeshore.tables.default-format=hudi: 1)");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      List<String> conf = new ArrayList<>(lake.confArgs());
      conf.addAll(List.of("--conf", c.getKey())); // after the lake's own settings, which it may override
      Launch run = Launch.run(conf, "enrichment", "--date", D1.toString());
      assertThat(run.code()).as(run.output()).isEqualTo(2);
      assertThat(run.error()).isEqualTo(c.getValue());
    }
  }

  @Test
  void secretValuesAreNeverPrinted() {
    TestLake lake = TestSpark.freshLake(TableFormat.DELTA);
    String secret = "S3cr3t-do-not-print-4711";
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("lakeshore.sparkconf.\"spark.hadoop.fs.s3a.secret.key\"=" + secret,
        "Cannot load configuration: unknown key lakeshore.sparkconf.\"spark.hadoop.fs.s3a.secret.key\""
            + " (--conf lakeshore.sparkconf.\"spark.hadoop.fs.s3a.secret.key\"=***: 1)");
    cases.put("lakeshore.jobs.enrichment.api-token=" + secret,
        "Cannot load configuration: unknown key lakeshore.jobs.enrichment.api-token (--conf lakeshore.jobs.enrichment.api-token=***: 1)");
    cases.put("lakeshore.spark.shuffle-partitions.password=" + secret,
        "Cannot load configuration: unknown key lakeshore.spark.shuffle-partitions.password"
            + " (--conf lakeshore.spark.shuffle-partitions.password=***: 1)");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Launch run = Launch.run(lake, "enrichment", "--date", D1.toString(), "--conf", c.getKey());
      assertThat(run.code()).isEqualTo(2);
      assertThat(run.output()).doesNotContain(secret);
      assertThat(run.error()).isEqualTo(c.getValue());
    }
  }

  // ---- issue 13: schema drift is kept, not dropped ---------------------------------------------

  @Test
  void eventFieldsNobodyDeclaredAreKeptOnTheGoldenRowAndCounted() throws IOException {
    TestLake lake = landed(TableFormat.DELTA, D1);
    Files.writeString(rawFile(lake, "orders", "orders.jsonl"),
        "{\"event_id\":\"E-drift-1\",\"order_id\":\"O-drift-1\",\"customer_id\":\"C000001\",\"product_id\":\"P0001\","
            + "\"status\":\"CREATED\",\"quantity\":1,\"amount\":10.00,\"currency\":\"USD\",\"order_ts\":\"2026-05-01T10:00:00Z\","
            + "\"event_ts\":\"2026-05-01T10:00:00Z\",\"coupon\":\"SPRING\",\"channel\":\"app\"}\n",
        java.nio.file.StandardOpenOption.APPEND);
    Launch run = Launch.run(lake, "enrichment", "--date", D1.toString());
    assertThat(run.code()).as(run.output()).isZero();
    assertThat(lines(lake.lakehouse().table(TableId.parse("golden.orders")).read().filter("rescued_data is not null"),
            "event_id", "rescued_data"))
        .containsExactly("E-drift-1|{\"coupon\":\"SPRING\",\"channel\":\"app\"}");
    JsonNode raw = null;
    for (JsonNode table : report(lake, run).get("tables")) {
      raw = table.get("table").asText().equals("raw orders") ? table : raw;
    }
    assertThat(raw).isNotNull();
    assertThat(raw.get("rows_rescued").asLong()).isEqualTo(1);
    assertReconciled(lake, run, "orders", "golden.orders");
  }

  // ---- issue 19: the bad input matrix, completed ----------------------------------------------

  /**
   * Every line of an entity's files is accounted for, counted three ways that do not depend on
   * each other: the non-blank lines in the files (decompressed, CSV headers left out), the run
   * report's counts, and the rows in the tables. The lakes of these tests hold one date; the
   * entities are orders and customers (whose header is left out).
   */
  private static void assertReconciled(TestLake lake, Launch run, String entity, String table) throws IOException {
    long lines = 0;
    try (Stream<Path> files = Files.list(rawFile(lake, entity, ""))) {
      for (Path file : files.filter(f -> !f.getFileName().toString().matches("[_.].*")).toList()) {
        byte[] bytes = Files.readAllBytes(file);
        if (file.toString().endsWith(".gz")) {
          bytes = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes();
        }
        lines += new String(bytes, StandardCharsets.ISO_8859_1).lines().filter(l -> !l.isBlank() && !l.equals(CUSTOMER_HEADER)).count();
      }
    }
    JsonNode raw = reported(report(lake, run), "raw " + entity);
    long quarantined = lake.lakehouse().table(Quarantine.spec(entity).id()).read().count();
    long kept = lake.lakehouse().table(TableId.parse(table)).read().count();
    assertThat(raw.get("rows_read").asLong()).as("raw %s: lines in the files", entity).isEqualTo(lines);
    assertThat(raw.get("rows_quarantined").asLong()).as("raw %s: quarantine rows", entity).isEqualTo(quarantined);
    assertThat(lines).as("raw %s: lines = %s + quarantined + deduplicated + dropped", entity, table)
        .isEqualTo(kept + quarantined + raw.get("rows_deduplicated").asLong() + raw.get("rows_dropped").asLong());
  }

  private static JsonNode reported(JsonNode report, String name) {
    for (JsonNode table : report.get("tables")) {
      if (table.get("table").asText().equals(name)) {
        return table;
      }
    }
    throw new AssertionError("no " + name + " in the report: " + report);
  }

  private static byte[] gzip(byte[] bytes) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * One day, three bad inputs in one run (the suite's time is spent per run): the orders file
   * landed a second time under another name, compressed ({@code .gz}, read by its extension as
   * Spark's text source does), with a 10 MB line in it, the day's records written without their
   * newlines. Every copy is read; the bad lines are quarantined once per copy (two did land) and
   * the second copy of each good record is dropped by the dedupe and counted as deduplicated;
   * the 10 MB line is quarantined whole (the JSON parser alone took its first record and dropped
   * the rest unseen). Exact counts from the generator's manifest. Then the compressed copy is
   * broken: each breakage fails the run naming the input, the file and why (Spark's own message
   * named neither the input nor why), before anything is committed.
   */
  @Test
  void aDayLandedTwiceOnceCompressedWithATenMegabyteLineIsCountedExactlyAndABrokenCopyFailsNamingIt() throws IOException {
    TestLake lake = TestSpark.freshLake(TableFormat.DELTA);
    DayManifest day = new CommerceGenerator(DATA).generate(lake.settings().raw(), D1);
    StringBuilder line = new StringBuilder();
    for (int i = 0; line.length() < 10 << 20; i++) {
      line.append("{\"event_id\":\"E-nl-").append(i).append("\",\"order_id\":\"O-nl-").append(i)
          .append("\",\"customer_id\":\"C000001\",\"product_id\":\"P0001\",\"status\":\"CREATED\",\"quantity\":1,"
              + "\"amount\":10.00,\"currency\":\"USD\",\"order_ts\":\"2026-05-01T10:00:00Z\",\"event_ts\":\"2026-05-01T10:00:00Z\"}");
    }
    Path orders = rawFile(lake, "orders", "orders.jsonl");
    Files.writeString(orders, line + "\n", java.nio.file.StandardOpenOption.APPEND);
    byte[] text = Files.readAllBytes(orders);
    Path copy = rawFile(lake, "orders", "orders (resent).jsonl.gz");
    byte[] compressed = gzip(text);
    write(copy, compressed);
    Files.copy(rawFile(lake, "customers", "customers.csv"), rawFile(lake, "customers", "customers-resent.csv"));
    Launch run = Launch.run(lake, "enrichment", "--date", D1.toString());
    assertThat(run.code()).as(run.output()).isZero();

    long lines = day.orderLines() + 1;
    long bad = java.util.Arrays.stream(Fault.values()).filter(f -> f.rule() != null).mapToLong(day::count).sum() + 1;
    long golden = lines - bad - day.count(Fault.DUPLICATE);
    JsonNode report = report(lake, run);
    JsonNode raw = reported(report, "raw orders");
    assertThat(List.of(raw.get("rows_read").asLong(), raw.get("rows_quarantined").asLong(), raw.get("rows_deduplicated").asLong(),
            raw.get("rows_dropped").asLong()))
        .containsExactly(2 * lines, 2 * bad, 2 * lines - 2 * bad - golden, 0L);
    var goldenOrders = lake.lakehouse().table(TableId.parse("golden.orders")).read();
    assertThat(goldenOrders.count()).isEqualTo(golden);
    assertThat(goldenOrders.select("event_id").distinct().count()).isEqualTo(golden);
    assertThat(goldenOrders.filter("event_id like 'E-nl-%'").count()).isZero();
    assertThat(lines(lake.lakehouse().table(TableId.parse("quarantine.orders")).read()
            .filter("raw_record like '{\"event_id\":\"E-nl-0\"%'").selectExpr("rule", "reason", "length(raw_record)")))
        .containsExactly("well_formed|line is not a JSON object with unique keys|" + line.length(),
            "well_formed|line is not a JSON object with unique keys|" + line.length());
    JsonNode customers = reported(report, "raw customers");
    assertThat(List.of(customers.get("rows_read").asLong(), customers.get("rows_quarantined").asLong(),
            customers.get("rows_deduplicated").asLong()))
        .containsExactly(2 * day.customerRows(), 2L, 2 * day.customerRows() - 2 - DATA.customers());
    assertThat(lake.lakehouse().table(TableId.parse("golden.customers")).read().count()).isEqualTo(DATA.customers());
    assertReconciled(lake, run, "orders", "golden.orders");
    assertReconciled(lake, run, "customers", "golden.customers");
    // the ledger's rows are the valid rows the load counted, before the dedupe (what the row-change
    // gate compares from day to day): a doubled file shows as a doubled day there
    assertThat(lines(lake.lakehouse().table(TableId.parse("audit.partitions")).read()
            .filter("table_id = 'golden.orders'"), "rows"))
        .containsExactly(String.valueOf(2 * (lines - bad)));

    Map<String, List<String>> committed = contents(lake, ENRICHED);
    String file = lake.settings().raw() + "/orders/date=2026-05-01/orders (resent).jsonl.gz";
    String csv = lake.settings().raw() + "/customers/date=2026-05-01/customers.csv.gz";
    Path customersCsv = rawFile(lake, "customers", "customers.csv");
    Map<String, Runnable> breakages = new LinkedHashMap<>();
    breakages.put("orders: " + file + " is unreadable: Unexpected end of input stream",
        () -> write(copy, java.util.Arrays.copyOf(compressed, compressed.length / 2))); // truncated halfway
    breakages.put("orders: " + file + " is unreadable: not a gzip file", () -> write(copy, text));
    // a CSV's header is read first, through the same codecs
    breakages.put("customers: " + csv + " is unreadable: not a gzip file", () -> {
      write(copy, compressed);
      move(customersCsv, rawFile(lake, "customers", "customers.csv.gz"));
    });
    for (Map.Entry<String, Runnable> broken : breakages.entrySet()) {
      broken.getValue().run();
      Launch failed = Launch.run(lake, "enrichment", "--date", D1.toString());
      assertThat(failed.code()).as(failed.output()).isEqualTo(1);
      assertThat(failed.error()).isEqualTo("Job enrichment failed: Cannot read raw " + broken.getKey());
      assertThat(contents(lake, ENRICHED)).as(broken.getKey()).isEqualTo(committed);
      assertNothingReportedWritten(report(lake, failed));
    }
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
