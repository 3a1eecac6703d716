package io.lakeshore.jobs.enrichment;

import static io.lakeshore.jobs.enrichment.GoldenTables.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.lakeshore.core.audit.AuditColumns;
import io.lakeshore.core.audit.TableMetrics;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.job.Job;
import io.lakeshore.core.job.JobContext;
import io.lakeshore.core.job.JobPlan;
import io.lakeshore.core.job.RawZone;
import io.lakeshore.core.job.RunWindow;
import io.lakeshore.core.quality.QualityCheck;
import io.lakeshore.core.quality.QualityCounts;
import io.lakeshore.core.quality.Quarantine;
import io.lakeshore.core.table.LakeTable;
import io.lakeshore.core.table.TableSpec;
import io.lakeshore.core.transform.Transforms;
import io.lakeshore.core.transform.Typed;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * raw → golden for the commerce domain. For each date of the window it reads the landed customer
 * and product snapshots, currency rates and order events once; applies the expectations;
 * quarantines the rejects; deduplicates; enriches orders with customer, product and USD amount;
 * and replaces exactly the window's partitions of {@code golden.customers}, {@code
 * golden.products}, {@code golden.orders} and their {@code quarantine.*} tables.
 *
 * <p>Every quality gate is evaluated for all three entities before the first commit, so a FAIL
 * rule leaves every table as it was.
 */
public final class EnrichmentJob implements Job {
  public static final String NAME = "enrichment";
  private static final String DATE_FOLDER = RawZone.DATE_FOLDER;

  private final int latenessDays;

  public EnrichmentJob(int latenessDays) {
    if (latenessDays < 0) {
      throw new IllegalArgumentException("Cannot configure enrichment: lateness-days must be >= 0, cannot be: " + latenessDays);
    }
    this.latenessDays = latenessDays;
  }

  /** The job as configured by {@code lakeshore.jobs.enrichment}. */
  public static EnrichmentJob fromConfig(LakeshoreConfig config) {
    return new EnrichmentJob(config.job(NAME).intValue("lateness-days", 0, 365));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobPlan plan(RunWindow w) {
    String days = "ingest dates " + w;
    return new JobPlan(
        List.of(
            new JobPlan.Input("raw customers/date=D", days),
            new JobPlan.Input("raw products/date=D", days),
            new JobPlan.Input("raw fx_rates/date=D", days),
            new JobPlan.Input("raw orders/date=D", days)),
        List.of(
            new JobPlan.Output(CUSTOMERS.id(), "replace", "snapshot_date " + w),
            new JobPlan.Output(PRODUCTS.id(), "replace", "snapshot_date " + w),
            new JobPlan.Output(ORDERS.id(), "replace", "order_date " + w.extendBack(latenessDays) + " x ingest_date " + w),
            new JobPlan.Output(Quarantine.spec("customers").id(), "replace", "ingest_date " + w),
            new JobPlan.Output(Quarantine.spec("products").id(), "replace", "ingest_date " + w),
            new JobPlan.Output(Quarantine.spec("orders").id(), "replace", "ingest_date " + w)));
  }

  @Override
  public void run(JobContext ctx) {
    RunWindow w = ctx.window();
    List<Staged> staged = new ArrayList<>();
    try {
      Staged customers =
          stage(ctx, "customers", CUSTOMERS, SnapshotTransforms.customerRules(),
              readCsv(ctx, "customers", SnapshotTransforms.CUSTOMER_CSV), SnapshotTransforms.rawRecord(SnapshotTransforms.CUSTOMER_CSV),
              List.of(CUSTOMER_ID, INGEST_DATE), UnaryOperator.identity(),
              valid -> valid.withColumn(SNAPSHOT_DATE, col(INGEST_DATE)),
              w.covers(col(SNAPSHOT_DATE)));
      staged.add(customers);
      Staged products =
          stage(ctx, "products", PRODUCTS, SnapshotTransforms.productRules(),
              readCsv(ctx, "products", SnapshotTransforms.PRODUCT_CSV), SnapshotTransforms.rawRecord(SnapshotTransforms.PRODUCT_CSV),
              List.of(PRODUCT_ID, INGEST_DATE), SnapshotTransforms::typeProducts,
              valid -> valid.withColumn(SNAPSHOT_DATE, col(INGEST_DATE)),
              w.covers(col(SNAPSHOT_DATE)));
      staged.add(products);
      Dataset<Row> rates =
          readCsv(ctx, "fx_rates", SnapshotTransforms.RATE_CSV).withColumnRenamed(INGEST_DATE, "rate_date");
      Dataset<Row> lines =
          ctx.spark().read().option("basePath", ctx.raw().entity("orders")).text(existing(ctx, "orders").toArray(String[]::new))
              .withColumn(INGEST_DATE, to_date(col(DATE_FOLDER))).drop(DATE_FOLDER);
      Staged orders =
          stage(ctx, "orders", ORDERS,
              OrderTransforms.rules(customers.valid().withColumn(SNAPSHOT_DATE, col(INGEST_DATE)),
                  products.valid().withColumn(SNAPSHOT_DATE, col(INGEST_DATE)), rates, latenessDays),
              lines, col(OrderTransforms.RAW),
              List.of(EVENT_ID), OrderTransforms::parse,
              valid -> Typed.toTable(OrderTransforms.toGolden(valid)),
              w.extendBack(latenessDays).covers(col(ORDER_DATE)).and(w.covers(col(INGEST_DATE))));
      staged.add(orders);
      // Gates first, for every entity; commits only after all of them passed.
      for (Staged s : staged) {
        s.counts().failIfBlocked(s.spec().id().toString());
      }
      for (Staged s : staged) {
        commit(ctx, s);
      }
    } finally {
      staged.forEach(s -> s.classified().unpersist());
    }
  }

  /** One entity between classification and commit. */
  private record Staged(
      String entity, TableSpec spec, QualityCheck check, Dataset<Row> classified, QualityCounts counts,
      Column rawRecord, List<String> keys, UnaryOperator<Dataset<Row>> toGolden, Column partitions) {
    Dataset<Row> valid() {
      return check.valid(classified);
    }
  }

  private Staged stage(
      JobContext ctx, String entity, TableSpec spec, List<io.lakeshore.core.quality.Expectation> rules,
      Dataset<Row> input, Column rawRecord, List<String> keys, UnaryOperator<Dataset<Row>> parse,
      UnaryOperator<Dataset<Row>> toGolden, Column partitions) {
    QualityCheck check = QualityCheck.of(rules);
    // Persisted: it feeds the counts, the quarantine write, the golden write and, for
    // dimensions, the order rules; the raw files are read once.
    Dataset<Row> classified = check.classify(parse.apply(input)).persist(StorageLevel.MEMORY_AND_DISK());
    Column validKey = struct(keys.stream().map(k -> col(k)).toArray(Column[]::new));
    QualityCounts counts =
        check.count(classified, Map.of("distinct_valid", count_distinct(when(check.isValid(), validKey))));
    Staged staged = new Staged(entity, spec, check, classified, counts, rawRecord, keys, toGolden, partitions);
    long quarantined = counts.withAction(io.lakeshore.core.quality.Action.QUARANTINE);
    long dropped = counts.withAction(io.lakeshore.core.quality.Action.DROP);
    long valid = counts.rows() - quarantined - dropped - counts.withAction(io.lakeshore.core.quality.Action.FAIL);
    TableMetrics m = ctx.report().table(spec.id().toString());
    m.read(counts.rows()).quarantined(quarantined).dropped(dropped)
        .deduplicated(valid - counts.extra("distinct_valid")).written(counts.extra("distinct_valid"));
    counts.violations().forEach(m::violations);
    return staged;
  }

  private void commit(JobContext ctx, Staged s) {
    var commit = ctx.run().commitInfo();
    RunWindow w = ctx.window();
    TableSpec quarantineSpec = Quarantine.spec(s.entity());
    LakeTable quarantine = ctx.lakehouse().create(quarantineSpec);
    quarantine.replace(
        AuditColumns.stamp(s.check().quarantined(s.classified(), s.rawRecord(), col(INGEST_DATE)), ctx.run()),
        w.covers(col(Quarantine.INGEST_DATE)), commit);
    ctx.report().table(quarantineSpec.id().toString())
        .written(s.counts().withAction(io.lakeshore.core.quality.Action.QUARANTINE));

    Dataset<Row> golden =
        s.toGolden().apply(Transforms.dedupeBy(s.valid(), s.keys(), s.rawRecord()));
    LakeTable table = ctx.lakehouse().create(s.spec());
    List<String> columns = Transforms.names(s.spec().schema());
    table.replace(Transforms.project(AuditColumns.stamp(golden, ctx.run()), columns), s.partitions(), commit);
  }

  private Dataset<Row> readCsv(JobContext ctx, String entity, StructType schema) {
    return ctx.spark().read()
        .option("header", "true")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", OrderTransforms.CORRUPT)
        .option("basePath", ctx.raw().entity(entity))
        .schema(schema)
        .csv(existing(ctx, entity).toArray(String[]::new))
        .withColumn(INGEST_DATE, to_date(col(DATE_FOLDER)))
        .drop(DATE_FOLDER);
  }

  /** The window's folders of an entity; a date that has not landed fails the run, naming it. */
  private static List<String> existing(JobContext ctx, String entity) {
    List<String> folders = ctx.raw().folders(entity, ctx.window());
    try {
      for (String folder : folders) {
        Path path = new Path(folder);
        FileSystem fs = path.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration());
        if (!fs.exists(path)) {
          throw new IllegalStateException("Cannot read raw " + entity + ": nothing landed at " + folder);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read raw " + entity + ": " + e.getMessage(), e);
    }
    return folders;
  }

  public static void main(String[] args) {
    io.lakeshore.core.cli.JobLauncher.main(NAME, EnrichmentJob::fromConfig, args);
  }
}
