package io.lakeshore.local;

import static io.lakeshore.testkit.Rows.lines;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.core.audit.AuditColumns;
import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.job.Job;
import io.lakeshore.core.table.Lakehouse;
import io.lakeshore.core.table.TableFormat;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.transform.Typed;
import io.lakeshore.datagen.CommerceGenerator;
import io.lakeshore.datagen.DayManifest;
import io.lakeshore.datagen.Fault;
import io.lakeshore.datagen.GeneratorSettings;
import io.lakeshore.jobs.aggregation.AggregationTransforms;
import io.lakeshore.jobs.aggregation.CuratedOrder;
import io.lakeshore.testkit.TestSpark;
import io.lakeshore.testkit.TestSpark.TestLake;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The commerce pipeline end to end on generated data with known faults, on each table format:
 * every raw line is accounted for, every injected fault is quarantined under its rule, reruns
 * change nothing and a range run equals the day-by-day runs.
 */
class CommercePipelineTest {
  static final LocalDate D1 = LocalDate.parse("2026-03-01");
  static final LocalDate D2 = LocalDate.parse("2026-03-02");
  static final LocalDate D3 = LocalDate.parse("2026-03-03");
  /** Small, with fault rates high enough that every kind of fault occurs every day. */
  static final GeneratorSettings DATA =
      new GeneratorSettings(7L, 400, 60, 20, 0.03, 0.03, 0.03, 0.03, 0.03, 0.05, 0.05, 0.02, 7);
  static final List<String> TABLES =
      List.of("golden.orders", "golden.customers", "golden.products", "quarantine.orders", "quarantine.customers",
          "quarantine.products", "curated.orders", "curated.customers", "serving.daily_revenue", "serving.customer_ltv");

  private final SparkSession spark = TestSpark.spark();
  /** Day-by-day lakes, built once per format and shared by the tests of that format. */
  private static final Map<TableFormat, Pipeline> DAY_BY_DAY = new EnumMap<>(TableFormat.class);

  record Pipeline(TestLake lake, Map<LocalDate, DayManifest> manifests) {}

  private static String run(TestLake lake, String job, String... window) {
    Function<LakeshoreConfig, Job> factory = LocalPipeline.job(job)::create;
    List<String> args = new ArrayList<>(List.of(window));
    args.addAll(List.of("--conf-dir", "../conf"));
    args.addAll(lake.confArgs());
    // the shipped application.conf puts the marts on Iceberg: pin them to the format under test
    for (String mart : List.of("serving.daily_revenue", "serving.customer_ltv")) {
      args.addAll(List.of("--conf", "lakeshore.jobs.aggregation.tables.\"" + mart + "\".format=" + lake.settings().defaultFormat()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = JobLauncher.run(job, factory, args.toArray(String[]::new), TestSpark.spark(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String output = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(output).isEqualTo(0);
    return output;
  }

  private static Map<LocalDate, DayManifest> land(TestLake lake) {
    CommerceGenerator generator = new CommerceGenerator(DATA);
    Map<LocalDate, DayManifest> manifests = new LinkedHashMap<>();
    for (LocalDate d = D1; !d.isAfter(D3); d = d.plusDays(1)) {
      manifests.put(d, generator.generate(lake.settings().raw(), d));
    }
    return manifests;
  }

  private static synchronized Pipeline dayByDay(TableFormat format) {
    return DAY_BY_DAY.computeIfAbsent(format, f -> {
      TestLake lake = TestSpark.freshLake(f);
      Map<LocalDate, DayManifest> manifests = land(lake);
      for (LocalDate d : manifests.keySet()) {
        for (String job : List.of("enrichment", "curation", "aggregation")) {
          run(lake, job, "--date", d.toString());
        }
      }
      return new Pipeline(lake, manifests);
    });
  }

  /** Every table's content without audit columns, as sorted lines. */
  private Map<String, List<String>> contents(TestLake lake) {
    Lakehouse lakehouse = Lakehouse.open(spark, lake.settings());
    Map<String, List<String>> all = new LinkedHashMap<>();
    for (String table : TABLES) {
      Dataset<Row> rows = lakehouse.table(TableId.parse(table)).read().drop(AuditColumns.ALL.toArray(String[]::new));
      all.put(table, lines(rows));
    }
    return all;
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void everyRawLineIsAccountedForAndEveryFaultQuarantinedUnderItsRule(TableFormat format) {
    Pipeline p = dayByDay(format);
    Lakehouse lakehouse = Lakehouse.open(spark, p.lake().settings());
    Dataset<Row> golden = lakehouse.table(TableId.parse("golden.orders")).read();
    Dataset<Row> quarantine = lakehouse.table(TableId.parse("quarantine.orders")).read();
    for (Map.Entry<LocalDate, DayManifest> day : p.manifests().entrySet()) {
      DayManifest m = day.getValue();
      Date d = Date.valueOf(day.getKey());
      Dataset<Row> q = quarantine.filter(col("ingest_date").equalTo(d));
      long quarantined = q.count();
      long goldenRows = golden.filter(col("ingest_date").equalTo(d)).count();
      long injected = 0;
      for (Fault fault : Fault.values()) {
        if (fault.rule() == null) {
          continue;
        }
        assertThat(m.count(fault)).as("generator injected %s on %s", fault, d).isPositive();
        injected += m.count(fault);
        List<String> found = fault == Fault.MALFORMED
            ? lines(q.filter(col("rule").equalTo(fault.rule())), "raw_record")
            : lines(q.filter(col("rule").equalTo(fault.rule())).selectExpr("get_json_object(raw_record, '$.event_id')"));
        assertThat(found).as("%s quarantined under %s on %s", fault, fault.rule(), d)
            .containsExactlyElementsOf(m.of(fault).stream().sorted().toList());
      }
      assertThat(quarantined).as("nothing but injected faults is quarantined on %s", d).isEqualTo(injected);
      assertThat(m.count(Fault.DUPLICATE)).isPositive();
      assertThat(goldenRows).as("raw = golden + quarantined + duplicates on %s", d)
          .isEqualTo(m.orderLines() - quarantined - m.count(Fault.DUPLICATE));
    }
    // the one bad customer and product row of each day, under their rules (raw_record is the CSV line)
    List<String> days = p.manifests().keySet().stream().map(LocalDate::toString).toList();
    assertThat(lines(lakehouse.table(TableId.parse("quarantine.customers")).read()
            .selectExpr("rule", "split(raw_record, ',')[0]", "cast(ingest_date as string)")))
        .containsExactlyElementsOf(days.stream().map(d -> "country_is_iso_code|" + CommerceGenerator.BAD_CUSTOMER_PREFIX + d + "|" + d).toList());
    assertThat(lines(lakehouse.table(TableId.parse("quarantine.products")).read()
            .selectExpr("rule", "split(raw_record, ',')[0]", "cast(ingest_date as string)")))
        .containsExactlyElementsOf(days.stream().map(d -> "list_price_non_negative|" + CommerceGenerator.BAD_PRODUCT_PREFIX + d + "|" + d).toList());
    assertThat(lakehouse.table(TableId.parse("golden.customers")).read().count()).isEqualTo(3L * DATA.customers());
    // curated keeps one row per order; serving is not empty and adds up to curated
    Dataset<Row> curated = lakehouse.table(TableId.parse("curated.orders")).read();
    assertThat(curated.count()).isEqualTo(curated.select("order_id").distinct().count()).isPositive();
    Row totals = lakehouse.table(TableId.parse("serving.daily_revenue")).read()
        .selectExpr("sum(orders)", "sum(revenue_usd)").first();
    Row expected = curated.filter("status <> 'CANCELLED'").selectExpr("count(*)", "sum(amount_usd)").first();
    assertThat(totals.getLong(0)).isEqualTo(expected.getLong(0)).isPositive();
    assertThat(totals.getDecimal(1)).isEqualByComparingTo(expected.getDecimal(1));
    // the SCD2 dimension has exactly one current version per customer and some history
    Dataset<Row> dim = lakehouse.table(TableId.parse("curated.customers")).read();
    assertThat(dim.filter("is_current").count()).isEqualTo(DATA.customers());
    assertThat(dim.count()).isGreaterThan(DATA.customers());
    assertThat(dim.filter("valid_to is not null and valid_to <= valid_from").count()).isZero();
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void lifetimeValuesKeptDayByDayFromWhatChangedEqualTheRecomputedOnes(TableFormat format) {
    assertLifetimeValuesAreRecomputedFromCurated(dayByDay(format).lake());
  }

  /** serving.customer_ltv, kept from the changes of curated.orders, equals the values recomputed from all of it. */
  private void assertLifetimeValuesAreRecomputedFromCurated(TestLake lake) {
    Lakehouse lakehouse = Lakehouse.open(spark, lake.settings());
    String[] columns = {"customer_id", "country", "first_order_date", "last_order_date", "orders", "lifetime_revenue_usd"};
    Dataset<Row> curated = lakehouse.table(TableId.parse("curated.orders")).read();
    List<String> recomputed = lines(Typed.toTable(AggregationTransforms.customerLtv(Typed.fromTable(curated, CuratedOrder.ENCODER))), columns);
    assertThat(recomputed).hasSizeGreaterThan(10);
    assertThat(lines(lakehouse.table(TableId.parse("serving.customer_ltv")).read(), columns)).containsExactlyElementsOf(recomputed);
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void rerunningAnEarlierDateChangesNoTable(TableFormat format) {
    Pipeline p = dayByDay(format);
    Map<String, List<String>> before = contents(p.lake());
    for (String job : List.of("enrichment", "curation", "aggregation")) {
      run(p.lake(), job, "--date", D1.plusDays(1).toString());
    }
    Map<String, List<String>> after = contents(p.lake());
    for (String table : TABLES) {
      assertThat(after.get(table)).as(table).isNotEmpty().containsExactlyElementsOf(before.get(table));
    }
  }

  /**
   * Ranges and windows out of order give the day-by-day result. The lifetime values follow what
   * curation changed, whatever window the aggregation runs for: an aggregation of the first day,
   * run again after curation loaded the third, takes in the third day's orders.
   */
  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void rangeRunsAndWindowsOutOfOrderEqualTheDayByDayRuns(TableFormat format) {
    Pipeline daily = dayByDay(format);
    Map<String, List<String>> expected = contents(daily.lake());
    TestLake lake = TestSpark.freshLake(format);
    land(lake);
    run(lake, "enrichment", "--from", D1.toString(), "--to", D3.toString());
    run(lake, "curation", "--from", D1.toString(), "--to", D2.toString());
    run(lake, "aggregation", "--date", D1.toString());
    assertLifetimeValuesAreRecomputedFromCurated(lake);
    run(lake, "curation", "--date", D3.toString());
    run(lake, "aggregation", "--date", D1.toString());
    assertLifetimeValuesAreRecomputedFromCurated(lake);
    // the commit records the version of curated.orders it brought the values up to
    Lakehouse lakehouse = Lakehouse.open(spark, lake.settings());
    assertThat(lakehouse.table(TableId.parse("serving.customer_ltv")).history().get(0).properties())
        .containsEntry("lakeshore.consumed.curated.orders", Long.toString(lakehouse.table(TableId.parse("curated.orders")).version().orElseThrow()));
    run(lake, "aggregation", "--from", D2.toString(), "--to", D3.toString());
    Map<String, List<String>> actual = contents(lake);
    for (String table : TABLES) {
      assertThat(actual.get(table)).as(table).containsExactlyElementsOf(expected.get(table));
    }
  }
}
