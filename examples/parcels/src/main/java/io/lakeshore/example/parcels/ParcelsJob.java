package io.lakeshore.example.parcels;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.lakeshore.core.audit.AuditColumns;
import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.job.Job;
import io.lakeshore.core.job.JobFactory;
import io.lakeshore.core.job.JobPlan;
import io.lakeshore.core.job.Load;
import io.lakeshore.core.job.Read;
import io.lakeshore.core.job.Scope;
import io.lakeshore.core.job.Write;
import io.lakeshore.core.quality.Expectations;
import io.lakeshore.core.quality.Typing;
import io.lakeshore.core.raw.RawInput;
import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.table.TableSpec;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Parcel scans (CSV) → golden.parcels, with a quarantine → serving.depot_daily, per ingest date. */
public final class ParcelsJob implements Job {
  static final RawInput SCANS = RawInput.csv("parcel_scans", "parcel_id", "depot", "weight_kg", "scanned_at");
  static final Typing TYPES = Typing.of("weight_kg", DataTypes.createDecimalType(8, 3)).and("scanned_at", DataTypes.TimestampType);
  static final TableSpec PARCELS = TableSpec.of(TableId.of("golden", "parcels"), AuditColumns.appendTo(StructType.fromDDL(
      "parcel_id string not null, depot string not null, weight_kg decimal(8,3) not null, scanned_at timestamp not null,"
          + " ingest_date date not null")), "ingest_date");
  static final TableSpec DEPOT_DAILY = TableSpec.of(TableId.of("serving", "depot_daily"), AuditColumns.appendTo(StructType.fromDDL(
      "depot string not null, ingest_date date not null, parcels bigint not null, total_kg decimal(18,3)")), "ingest_date");

  @Override
  public String name() {
    return "parcels";
  }

  @Override
  public JobPlan plan(RunWindow window) {
    Scope days = Scope.dates("ingest_date", window);
    Load scans = Load.from(SCANS).into(PARCELS, days)
        .parse(lines -> TYPES.apply(SCANS.parse(lines)))
        .expect(List.of(Expectations.notNull("parcel_id_present", "parcel_id"), Expectations.notNull("depot_present", "depot")))
        .expect(TYPES.rules())
        .expect(List.of(Expectations.greaterThan("weight_positive", "weight_kg", 0)))
        .dedupeBy("parcel_id", "ingest_date")
        .preferring(col("scanned_at").desc(), col("raw_record"));
    Read parcels = Read.of(PARCELS.id(), days);
    Write daily = Write.replace(DEPOT_DAILY, days).from(List.of(parcels), reads -> reads.get(parcels)
        .groupBy("depot", "ingest_date")
        .agg(count(lit(1)).as("parcels"), sum("weight_kg").cast("decimal(18,3)").as("total_kg")));
    return JobPlan.of(scans, daily);
  }

  public static void main(String[] args) {
    JobLauncher.main(new Factory(), args);
  }

  /** Found by name (META-INF/services): {@code Lakeshore parcels --date D}. */
  public static final class Factory extends JobFactory.Of {
    public Factory() {
      super("parcels", config -> new ParcelsJob());
    }
  }
}
