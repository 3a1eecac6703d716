package io.lakeshore.local;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A SQL user's Spark, for {@link HiveMetastorePipelineTest}: no Lakeshore code, only Spark with
 * Delta and what its own {@code spark.*} system properties say (the metastore's address among
 * them); the metastore's password comes from the environment, {@value #PASSWORD_ENV}. Runs each
 * argument as SQL and prints every row as {@code result <n>: <column>|<column>…}, n counting the
 * statements from 0.
 */
public final class PlainSparkSql {
  static final String PASSWORD_ENV = "METASTORE_PASSWORD";

  private PlainSparkSql() {}

  public static void main(String[] args) {
    // proof for the test that the classpath holds no Lakeshore library code
    System.out.println("lakeshore library: " + (loadable("io.lakeshore.core.table.Lakehouse") ? "present" : "absent"));
    SparkSession.Builder builder = SparkSession.builder().appName("plain-spark-sql");
    String password = System.getenv(PASSWORD_ENV);
    if (password != null) {
      builder = builder.config("spark.hadoop.javax.jdo.option.ConnectionPassword", password);
    }
    SparkSession spark = builder.getOrCreate();
    try {
      for (int i = 0; i < args.length; i++) {
        List<Row> rows = spark.sql(args[i]).collectAsList();
        for (Row row : rows) {
          StringBuilder line = new StringBuilder("result ").append(i).append(": ");
          for (int c = 0; c < row.length(); c++) {
            line.append(c == 0 ? "" : "|").append(row.get(c));
          }
          System.out.println(line);
        }
      }
    } finally {
      spark.stop();
    }
  }

  private static boolean loadable(String name) {
    try {
      Class.forName(name, false, PlainSparkSql.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
