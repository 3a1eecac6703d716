package io.lakeshore.jobs.enrichment;

import static io.lakeshore.jobs.enrichment.GoldenTables.*;
import static org.apache.spark.sql.functions.col;

import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.config.JobSettings;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.job.Job;
import io.lakeshore.core.job.JobFactory;
import io.lakeshore.core.job.JobPlan;
import io.lakeshore.core.job.Load;
import io.lakeshore.core.job.Reference;
import io.lakeshore.core.job.Scope;
import io.lakeshore.core.raw.RawInput;
import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.transform.Typed;
import java.util.Objects;

/**
 * raw → golden for the commerce domain, declared as four steps over a window: the customer and
 * product snapshots, the currency rates, and the order events, which are checked against the
 * snapshots and rates of their day and enriched with the customer, the product and the USD
 * amount. The library checks that every input landed, classifies, counts, gates and commits:
 * see {@link JobPlan}.
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
  }

  private final int latenessDays;
  private final Inputs inputs;

  public EnrichmentJob(int latenessDays, Inputs inputs) {
    if (latenessDays < 0) {
      throw new IllegalArgumentException("Cannot configure enrichment: lateness-days must be >= 0, cannot be: " + latenessDays);
    }
    this.latenessDays = latenessDays;
    this.inputs = Objects.requireNonNull(inputs, "inputs is null");
  }

  /** The job as configured by {@code lakeshore.jobs.enrichment}. */
  public static EnrichmentJob fromConfig(LakeshoreConfig config) {
    JobSettings s = config.job(NAME);
    Inputs d = Inputs.defaults();
    return new EnrichmentJob(config.latenessDays(),
        new Inputs(encoded(s, d.customers()), encoded(s, d.products()), encoded(s, d.rates()), encoded(s, d.orders())));
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
    Load customers = Load.from(inputs.customers())
        .into(CUSTOMERS, Scope.dates(SNAPSHOT_DATE, w))
        .expect(SnapshotTransforms.customerRules())
        .dedupeBy(CUSTOMER_ID, INGEST_DATE)
        .map(valid -> valid.withColumn(SNAPSHOT_DATE, col(INGEST_DATE)));
    Load products = Load.from(inputs.products())
        .into(PRODUCTS, Scope.dates(SNAPSHOT_DATE, w))
        .parse(lines -> SnapshotTransforms.typeProducts(inputs.products().parse(lines)))
        .expect(SnapshotTransforms.productRules())
        .dedupeBy(PRODUCT_ID, INGEST_DATE)
        .map(valid -> valid.withColumn(SNAPSHOT_DATE, col(INGEST_DATE)));
    Reference rates = Reference.of(inputs.rates()).map(SnapshotTransforms::typeRates);
    // late events land in their order date's partition, within the lateness horizon
    Load orders = Load.from(inputs.orders())
        .into(ORDERS, Scope.dates(ORDER_DATE, w.extendBack(latenessDays)).and(Scope.dates(INGEST_DATE, w)))
        .parse(OrderTransforms::parse)
        .expect(loaded -> OrderTransforms.rules(
            loaded.valid(customers).withColumn(SNAPSHOT_DATE, col(INGEST_DATE)),
            loaded.valid(products).withColumn(SNAPSHOT_DATE, col(INGEST_DATE)),
            loaded.rows(rates), latenessDays))
        .dedupeBy(EVENT_ID)
        .map(valid -> Typed.toTable(OrderTransforms.toGolden(valid)));
    return JobPlan.of(customers, products, rates, orders);
  }

  public static void main(String[] args) {
    JobLauncher.main(new Factory(), args);
  }

  /** Makes the job from configuration; registered in META-INF/services/io.lakeshore.core.job.JobFactory. */
  public static final class Factory extends JobFactory.Of {
    public Factory() {
      super(NAME, EnrichmentJob::fromConfig);
    }
  }
}
