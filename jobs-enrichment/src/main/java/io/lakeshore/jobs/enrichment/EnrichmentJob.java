package io.lakeshore.jobs.enrichment;

import static io.lakeshore.jobs.enrichment.GoldenTables.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.lakeshore.core.audit.AuditColumns;
import io.lakeshore.core.audit.TableMetrics;
import io.lakeshore.core.config.JobSettings;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.job.Job;
import io.lakeshore.core.job.JobContext;
import io.lakeshore.core.job.JobPlan;
import io.lakeshore.core.job.RawInput;
import io.lakeshore.core.job.RawZone;
import io.lakeshore.core.job.RunWindow;
import io.lakeshore.core.quality.Action;
import io.lakeshore.core.quality.Expectation;
import io.lakeshore.core.quality.LoadGate;
import io.lakeshore.core.quality.QualityCheck;
import io.lakeshore.core.quality.QualityCounts;
import io.lakeshore.core.quality.QualityException;
import io.lakeshore.core.quality.Quarantine;
import io.lakeshore.core.table.LakeTable;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.table.TableSpec;
import io.lakeshore.core.transform.Transforms;
import io.lakeshore.core.transform.Typed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * raw → golden for the commerce domain. For each date of the window it reads the landed customer
 * and product snapshots, currency rates and order events once; applies the expectations;
 * quarantines the rejects; deduplicates; enriches orders with customer, product and USD amount;
 * and replaces exactly the window's partitions of {@code golden.customers}, {@code
 * golden.products}, {@code golden.orders} and their {@code quarantine.*} tables.
 *
 * <p>Before anything is processed, every raw input of the window must have landed (a folder with
 * files, CSV headers as declared). Before anything is committed, every entity must pass its gates:
 * no FAIL rule violated, no date of the window without a valid row (unless allowed), no date with
 * more than the allowed share quarantined. So broken input fails the run and leaves every table as
 * it was.
 */
public final class EnrichmentJob implements Job {
  public static final String NAME = "enrichment";

  /** The raw entities read, each with its configured encoding. */
  public record Inputs(RawInput customers, RawInput products, RawInput rates, RawInput orders) {
    /** Every input in UTF-8. */
    public static Inputs defaults() {
      return new Inputs(SnapshotTransforms.CUSTOMERS_INPUT, SnapshotTransforms.PRODUCTS_INPUT, SnapshotTransforms.RATES_INPUT,
          OrderTransforms.INPUT);
    }

    List<RawInput> all() {
      return List.of(customers, products, rates, orders);
    }
  }

  private final int latenessDays;
  private final Inputs inputs;
  private final Map<TableId, LoadGate> gates;

  /**
   * @param gates the load gate of each golden table; tables without one get the safe default
   *     (no empty day, at most half of a day's rows quarantined)
   */
  public EnrichmentJob(int latenessDays, Inputs inputs, Map<TableId, LoadGate> gates) {
    if (latenessDays < 0) {
      throw new IllegalArgumentException("Cannot configure enrichment: lateness-days must be >= 0, cannot be: " + latenessDays);
    }
    this.latenessDays = latenessDays;
    this.inputs = Objects.requireNonNull(inputs, "inputs is null");
    this.gates = Map.copyOf(gates);
  }

  /** The job as configured by {@code lakeshore.jobs.enrichment}. */
  public static EnrichmentJob fromConfig(LakeshoreConfig config) {
    JobSettings s = config.job(NAME);
    Inputs d = Inputs.defaults();
    Inputs inputs = new Inputs(encoded(s, d.customers()), encoded(s, d.products()), encoded(s, d.rates()), encoded(s, d.orders()));
    Map<TableId, LoadGate> gates = new java.util.LinkedHashMap<>();
    for (TableSpec spec : List.of(CUSTOMERS, PRODUCTS, ORDERS)) {
      JobSettings t = s.table(spec.id());
      gates.put(spec.id(), new LoadGate(t.booleanValue("allow-empty"), t.doubleValue("max-quarantine-ratio", 0, 1), t.key("allow-empty")));
    }
    return new EnrichmentJob(s.intValue("lateness-days", 0, 365), inputs, gates);
  }

  private static RawInput encoded(JobSettings s, RawInput input) {
    return input.withEncoding(s.oneOf("inputs." + input.entity() + ".encoding",
        RawInput.ENCODINGS.stream().map(java.nio.charset.Charset::name).toList()));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobPlan plan(RunWindow w) {
    String days = "ingest dates " + w;
    return new JobPlan(
        inputs.all().stream().map(i -> new JobPlan.Input("raw " + i.entity() + "/date=D", days)).toList(),
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
    // every input of the window, before any is processed
    RawZone.Landed landed = ctx.raw().check(ctx.spark(), w, inputs.all());
    List<Staged> staged = new ArrayList<>();
    try {
      Staged customers =
          stage(ctx, landed, inputs.customers(), CUSTOMERS, SnapshotTransforms.customerRules(),
              List.of(CUSTOMER_ID, INGEST_DATE), inputs.customers()::parse,
              valid -> valid.withColumn(SNAPSHOT_DATE, col(INGEST_DATE)),
              w.covers(col(SNAPSHOT_DATE)));
      staged.add(customers);
      Staged products =
          stage(ctx, landed, inputs.products(), PRODUCTS, SnapshotTransforms.productRules(),
              List.of(PRODUCT_ID, INGEST_DATE), lines -> SnapshotTransforms.typeProducts(inputs.products().parse(lines)),
              valid -> valid.withColumn(SNAPSHOT_DATE, col(INGEST_DATE)),
              w.covers(col(SNAPSHOT_DATE)));
      staged.add(products);
      Dataset<Row> rates = SnapshotTransforms.typeRates(landed.readReference(inputs.rates()));
      Staged orders =
          stage(ctx, landed, inputs.orders(), ORDERS,
              OrderTransforms.rules(customers.valid().withColumn(SNAPSHOT_DATE, col(INGEST_DATE)),
                  products.valid().withColumn(SNAPSHOT_DATE, col(INGEST_DATE)), rates, latenessDays),
              List.of(EVENT_ID), OrderTransforms::parse,
              valid -> Typed.toTable(OrderTransforms.toGolden(valid)),
              w.extendBack(latenessDays).covers(col(ORDER_DATE)).and(w.covers(col(INGEST_DATE))));
      staged.add(orders);
      // Gates first, for every entity; commits only after all of them passed.
      List<String> dates = w.dates().stream().map(Object::toString).toList();
      List<String> failures = new ArrayList<>();
      for (Staged s : staged) {
        s.counts().failIfBlocked(s.spec().id().toString());
        failures.addAll(gate(s.spec().id()).failures(s.spec().id().toString(), s.counts(), dates));
      }
      if (!failures.isEmpty()) {
        throw new QualityException(String.join("\n", failures));
      }
      for (Staged s : staged) {
        commit(ctx, s);
      }
    } finally {
      staged.forEach(s -> s.classified().unpersist());
    }
  }

  private LoadGate gate(TableId table) {
    return gates.getOrDefault(table, new LoadGate(false, 0.5, "lakeshore.jobs." + NAME + ".tables.\"" + table + "\".allow-empty"));
  }

  /** One entity between classification and commit. */
  private record Staged(
      RawInput input, TableSpec spec, QualityCheck check, Dataset<Row> classified, QualityCounts counts,
      List<String> keys, UnaryOperator<Dataset<Row>> toGolden, Column partitions) {
    Dataset<Row> valid() {
      return check.valid(classified);
    }
  }

  private Staged stage(
      JobContext ctx, RawZone.Landed landed, RawInput input, TableSpec spec, List<Expectation> rules, List<String> keys,
      UnaryOperator<Dataset<Row>> parse, UnaryOperator<Dataset<Row>> toGolden, Column partitions) {
    // the structural rules (encoding, well-formed) come before every other
    QualityCheck check = QualityCheck.of(Stream.concat(input.rules().stream(), rules.stream()).toList());
    // Persisted: it feeds the counts, the quarantine write, the golden write and, for
    // dimensions, the order rules; the raw files are read once.
    Dataset<Row> classified = check.classify(parse.apply(landed.read(input))).persist(StorageLevel.MEMORY_AND_DISK());
    Column validKey = struct(keys.stream().map(k -> col(k)).toArray(Column[]::new));
    QualityCounts counts =
        check.count(classified, INGEST_DATE, Map.of("distinct_valid", count_distinct(when(check.isValid(), validKey))));
    TableMetrics m = ctx.report().table(spec.id().toString());
    m.read(counts.rows()).quarantined(counts.withAction(Action.QUARANTINE)).dropped(counts.withAction(Action.DROP))
        .deduplicated(counts.valid() - counts.extra("distinct_valid"));
    counts.violations().forEach(m::violations);
    return new Staged(input, spec, check, classified, counts, keys, toGolden, partitions);
  }

  /** Replaces the window's quarantine and golden partitions; rows are reported written once committed. */
  private void commit(JobContext ctx, Staged s) {
    var commit = ctx.run().commitInfo();
    RunWindow w = ctx.window();
    TableSpec quarantineSpec = Quarantine.spec(s.input().entity());
    LakeTable quarantine = ctx.lakehouse().create(quarantineSpec);
    quarantine.replace(
        AuditColumns.stamp(
            s.check().quarantined(s.classified(), col(RawInput.RAW_RECORD), col(RawInput.RAW_BYTES), col(INGEST_DATE)), ctx.run()),
        w.covers(col(Quarantine.INGEST_DATE)), commit);
    ctx.report().table(quarantineSpec.id().toString()).written(s.counts().withAction(Action.QUARANTINE));

    Dataset<Row> golden = s.toGolden().apply(Transforms.dedupeBy(s.valid(), s.keys(), col(RawInput.RAW_RECORD)));
    LakeTable table = ctx.lakehouse().create(s.spec());
    List<String> columns = Transforms.names(s.spec().schema());
    table.replace(Transforms.project(AuditColumns.stamp(golden, ctx.run()), columns), s.partitions(), commit);
    ctx.report().table(s.spec().id().toString()).written(s.counts().extra("distinct_valid"));
  }

  public static void main(String[] args) {
    io.lakeshore.core.cli.JobLauncher.main(NAME, EnrichmentJob::fromConfig, args);
  }
}
