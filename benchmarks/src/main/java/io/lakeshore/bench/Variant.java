package io.lakeshore.bench;

import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.config.SparkSettings;
import io.lakeshore.core.session.Sessions;
import io.lakeshore.core.table.LakehouseSettings;
import io.lakeshore.core.table.TableFormat;
import io.lakeshore.jobs.enrichment.EnrichmentJob;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * One measured process of the benchmark: {@code Variant <floor|hand|library> <work dir> <date>
 * <shuffle partitions>}. Every variant builds the same session (Sessions.create: local[2], the
 * same extensions and settings), runs, and prints one line {@code metrics {...}} from Spark's
 * events. The harness times the process from outside.
 */
public final class Variant {
  private Variant() {}

  public static void main(String[] args) throws Exception {
    String variant = args[0];
    String work = args[1];
    LocalDate day = LocalDate.parse(args[2]);
    int partitions = Integer.parseInt(args[3]);
    String raw = work + "/raw";
    String lake = work + "/lake-" + variant;
    SparkSettings spark = new SparkSettings("local[2]", partitions,
        Map.of("spark.ui.enabled", "false", "spark.driver.host", "127.0.0.1", "spark.databricks.delta.snapshotPartitions", "4"));
    LakehouseSettings settings = new LakehouseSettings("file://" + lake + "/warehouse", "file://" + raw, TableFormat.DELTA,
        Map.of(), "lake", Map.of("type", "jdbc", "uri", "jdbc:sqlite:" + lake + "/catalog/iceberg.db", "jdbc.schema-version", "V1"));
    SparkSession session = Sessions.create("bench-" + variant, spark, settings);
    StageCounter counter = new StageCounter();
    session.sparkContext().addSparkListener(counter);
    int code = 0;
    switch (variant) {
      case "floor" -> {
        // the floor: read the same raw orders with the same explicit (text) schema, write Parquet, no logic
        StructType schema = new StructType();
        for (String f : List.of("event_id", "order_id", "customer_id", "product_id", "status", "quantity", "amount", "currency",
            "order_ts", "event_ts")) {
          schema = schema.add(f, "string");
        }
        session.read().schema(schema).json(raw + "/orders/date=" + day).write().mode("overwrite").parquet(lake + "/floor");
      }
      case "hand" -> HandWrittenEnrichment.run(session, raw, lake + "/warehouse", day, 7);
      case "library" -> code = JobLauncher.run(new EnrichmentJob.Factory(), new String[] {
          "--date", day.toString(), "--conf-dir", args[4],
          "--conf", "lakeshore.root=" + lake, "--conf", "lakeshore.raw=" + raw,
          "--conf", "lakeshore.spark.shuffle-partitions=" + partitions}, session, System.out, System.err);
      default -> throw new IllegalArgumentException("Cannot run variant: unknown '" + variant + "' (floor, hand, library)");
    }
    session.sparkContext().listenerBus().waitUntilEmpty();
    // every byte read from local files (raw input, tables, logs), in raw-orders-sized units
    long read = org.apache.hadoop.fs.FileSystem.getAllStatistics().stream()
        .filter(st -> st.getScheme().equals("file")).mapToLong(org.apache.hadoop.fs.FileSystem.Statistics::getBytesRead).sum();
    long rawSize;
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of(raw + "/orders/date=" + day))) {
      rawSize = files.mapToLong(f -> f.toFile().length()).sum();
    }
    System.out.println("metrics " + counter.json().replace("}", String.format(java.util.Locale.ROOT,
        ",\"file_bytes_read\":%d,\"raw_orders_bytes\":%d,\"reads_in_raw_orders\":%.2f}", read, rawSize, (double) read / rawSize)));
    session.stop();
    System.exit(code);
  }
}
