package io.lakeshore.core.table;

import static org.apache.spark.sql.functions.col;

import io.lakeshore.core.config.SparkSettings;
import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.session.Sessions;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The other process of {@link ConcurrentCommitTest}: its own JVM and Spark session, the same lake
 * and catalog, replacing one day of {@code golden.things} with one row {@code (<id>, <day>, 100)}.
 * Arguments: format, warehouse URI, catalog name, catalog JDBC URI, day, id.
 */
public final class ConcurrentWriter {
  private ConcurrentWriter() {}

  public static void main(String[] args) {
    LakehouseSettings settings = ConcurrentCommitTest.settings(TableFormat.valueOf(args[0]), args[1], args[2], args[3]);
    SparkSettings local = new SparkSettings("local[1]", 1, Map.of("spark.ui.enabled", "false", "spark.driver.host", "127.0.0.1"));
    SparkSession spark = Sessions.create("concurrent-writer", local, settings);
    try {
      LakeTable table = Lakehouse.open(spark, settings).create(LakeTableContractTest.SPEC);
      LocalDate day = LocalDate.parse(args[4]);
      table.replace(spark.createDataFrame(List.of(RowFactory.create(args[5], Date.valueOf(day), 100)), LakeTableContractTest.SCHEMA),
          RunWindow.of(day).covers(col("day")), new CommitInfo("other-process", "concurrent-writer"));
    } finally {
      spark.stop();
    }
  }
}
