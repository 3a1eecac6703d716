package io.lakeshore.core.table;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the Delta tables are registered by name ({@code lakeshore.delta.*}): Spark's {@code
 * spark_catalog}, with Delta's {@code DeltaCatalog} on top, over either Spark's in-memory session
 * catalog or a Hive Metastore. The tables' data and logs are at {@code <warehouse>/delta/<zone>/<name>}
 * either way.
 *
 * @param kind which catalog holds the names
 * @param uris a Hive Metastore service, {@code thrift://host:9083[,…]}; empty for the other forms
 * @param jdbcUrl the Hive Metastore's database, which Spark's built-in Hive client reads and writes
 *     directly; empty for the other forms
 * @param jdbcDriver the JDBC driver class of {@code jdbcUrl}
 * @param jdbcUser the database user; may be empty
 * @param jdbcPassword the database password; may be empty; never printed
 */
public record DeltaMetastore(
    Kind kind, String uris, String jdbcUrl, String jdbcDriver, String jdbcUser, String jdbcPassword) {

  /** Which catalog holds the names of the Delta tables. */
  public enum Kind {
    /**
     * Spark's in-memory session catalog: per process, no server. Each process registers the tables
     * it opens by their location; nothing outside the process sees the names.
     */
    SESSION,
    /** A Hive Metastore that every process shares: a table is registered once, for everyone. */
    HIVE
  }

  /** Hive 2.3's metastore model (hive-metastore's package.jdo), the classes whose tables DataNucleus creates. */
  private static final java.util.List<String> MODEL_CLASSES = java.util.stream.Stream.of(
      "MDatabase", "MFieldSchema", "MType", "MTable", "MConstraint", "MSerDeInfo", "MOrder", "MColumnDescriptor",
      "MStringList", "MStorageDescriptor", "MPartition", "MIndex", "MRole", "MRoleMap", "MGlobalPrivilege",
      "MDBPrivilege", "MTablePrivilege", "MPartitionPrivilege", "MTableColumnPrivilege", "MPartitionColumnPrivilege",
      "MPartitionEvent", "MMasterKey", "MDelegationToken", "MTableColumnStatistics", "MPartitionColumnStatistics",
      "MVersionTable", "MResourceUri", "MFunction", "MNotificationLog", "MNotificationNextId")
      .map(c -> "org.apache.hadoop.hive.metastore.model." + c).toList();

  /** The embedded default: the in-memory session catalog. */
  public static final DeltaMetastore SESSION = new DeltaMetastore(Kind.SESSION, "", "", "", "", "");

  public DeltaMetastore {
    Objects.requireNonNull(kind, "kind is null");
    Objects.requireNonNull(uris, "uris is null");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl is null");
    Objects.requireNonNull(jdbcDriver, "jdbcDriver is null");
    Objects.requireNonNull(jdbcUser, "jdbcUser is null");
    Objects.requireNonNull(jdbcPassword, "jdbcPassword is null");
    if (kind == Kind.HIVE && uris.isBlank() == jdbcUrl.isBlank()) {
      // values not shown: a JDBC URL may carry credentials
      throw new IllegalArgumentException("Cannot use a Hive Metastore: give either its thrift:// URIs or its JDBC URL, "
          + (uris.isBlank() ? "neither is set" : "not both"));
    }
    if (kind == Kind.HIVE && !jdbcUrl.isBlank() && jdbcDriver.isBlank()) {
      throw new IllegalArgumentException("Cannot use a Hive Metastore by JDBC: no JDBC driver class");
    }
  }

  /** A Hive Metastore service at {@code uris} ({@code thrift://host:9083}, comma-separated). */
  public static DeltaMetastore thrift(String uris) {
    return new DeltaMetastore(Kind.HIVE, uris, "", "", "", "");
  }

  /** A Hive Metastore whose database Spark's built-in Hive client uses directly. */
  public static DeltaMetastore jdbc(String url, String driver, String user, String password) {
    return new DeltaMetastore(Kind.HIVE, "", url, driver, user, password);
  }

  /**
   * The Spark settings that make {@code spark_catalog} this catalog. They are static: they must be
   * in place before the session starts ({@code Sessions.create} sets them).
   *
   * <p>With a metastore, {@code spark.sql.warehouse.dir} is {@code <warehouse>/hive}: the metastore
   * records it as the folder of every database ({@code <zone>.db}, empty: Lakeshore's tables have
   * their own locations), so it must be one place every process agrees on, not each process's
   * working directory; and it is not the {@code delta} folder, since dropping a database deletes
   * its folder.
   *
   * @param warehouse the lake's warehouse ({@link LakehouseSettings#warehouse()})
   */
  public Map<String, String> sparkConf(String warehouse) {
    Map<String, String> conf = new LinkedHashMap<>();
    if (kind == Kind.SESSION) {
      // explicit, so that a cluster's spark-defaults enabling Hive cannot swap in a metastore
      // nobody configured (Hive's default: an embedded Derby database in the working directory)
      conf.put("spark.sql.catalogImplementation", "in-memory");
      return conf;
    }
    conf.put("spark.sql.catalogImplementation", "hive");
    conf.put("spark.sql.warehouse.dir", warehouse + "/hive");
    if (!uris.isBlank()) {
      conf.put("spark.hadoop.hive.metastore.uris", uris);
      return conf;
    }
    conf.put("spark.hadoop.javax.jdo.option.ConnectionURL", jdbcUrl);
    conf.put("spark.hadoop.javax.jdo.option.ConnectionDriverName", jdbcDriver);
    if (!jdbcUser.isBlank()) {
      conf.put("spark.hadoop.javax.jdo.option.ConnectionUserName", jdbcUser);
    }
    if (!jdbcPassword.isEmpty()) {
      // Spark redacts it wherever it shows settings (spark.redaction.regex matches "password"),
      // and Hive leaves it out of its own logging
      conf.put("spark.hadoop.javax.jdo.option.ConnectionPassword", jdbcPassword);
    }
    // A new database gets the metastore's tables, all at once when the client starts: created
    // lazily instead, inside the first transaction that needs them, a foreign key to a table that
    // transaction has written waits for its lock on PostgreSQL, forever (the DDL runs on a second
    // connection). An existing schema is only checked.
    conf.put("spark.hadoop.datanucleus.schema.autoCreateAll", "true");
    conf.put("spark.hadoop.datanucleus.autoStartMechanism", "Classes");
    conf.put("spark.hadoop.datanucleus.autoStartClassNames", String.join(",", MODEL_CLASSES));
    // the schema is DataNucleus's, not one Hive's schematool recorded a version for; the first
    // process records Hive's (2.3.0), so later ones find it and do not warn each time
    conf.put("spark.hadoop.hive.metastore.schema.verification", "false");
    conf.put("spark.hadoop.hive.metastore.schema.verification.record.version", "true");
    return conf;
  }

  /** A URL with a password in it, as {@code config.Secrets} tells it (that package depends on this one). */
  private static final java.util.regex.Pattern CREDENTIALS =
      java.util.regex.Pattern.compile("(?i)(passw\\w*|pwd|secret|token)=|://[^/@\\s]+:[^/@\\s]*@");

  /** Every field but the password, and a URL that carries one shown as {@code ***}. */
  @Override
  public String toString() {
    return "DeltaMetastore[kind=" + kind + ", uris=" + (CREDENTIALS.matcher(uris).find() ? "***" : uris)
        + ", jdbcUrl=" + (CREDENTIALS.matcher(jdbcUrl).find() ? "***" : jdbcUrl) + ", jdbcDriver=" + jdbcDriver
        + ", jdbcUser=" + jdbcUser + ", jdbcPassword=" + (jdbcPassword.isEmpty() ? "" : "***") + "]";
  }
}
