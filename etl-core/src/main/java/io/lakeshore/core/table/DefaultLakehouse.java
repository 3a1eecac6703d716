package io.lakeshore.core.table;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

final class DefaultLakehouse implements Lakehouse {
  /**
   * Delta tables are registered in the session catalog: per process, or in a Hive Metastore
   * shared by every process ({@link LakehouseSettings#deltaMetastore()}).
   */
  static final String DELTA_CATALOG = "spark_catalog";

  private final SparkSession spark;
  private final LakehouseSettings settings;
  private final Commits commits;

  DefaultLakehouse(SparkSession spark, LakehouseSettings settings, CommitListener listener) {
    this.spark = Objects.requireNonNull(spark, "spark is null");
    this.settings = Objects.requireNonNull(settings, "settings is null");
    this.commits = new Commits(Objects.requireNonNull(listener, "listener is null"));
    // A session built by Sessions.create has the catalog; one shared with other work may not.
    if (spark.conf().getOption("spark.sql.catalog." + settings.icebergCatalog()).isEmpty()) {
      IcebergCatalogs.sparkConf(settings).forEach((k, v) -> spark.conf().set(k, v));
    }
  }

  @Override
  public LakehouseSettings settings() {
    return settings;
  }

  @Override
  public LakeTable create(TableSpec spec) {
    TableId id = spec.id();
    LakeTable table;
    if (formatOf(id) == TableFormat.DELTA) {
      requireRegisteredHere(id, "create");
      // A name this catalog holds needs no CREATE ... IF NOT EXISTS, which would be a no-op after
      // resolving the table (about half a second); checkSchema below compares the schemas.
      if (!spark.catalog().tableExists(deltaName(id))) {
        createDelta(spec);
      }
      table = new DeltaLakeTable(spark, id, deltaName(id), commits, settings.targetFileBytes(id));
    } else {
      String catalog = settings.icebergCatalog();
      spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + "." + id.zone());
      String partitioning =
          spec.partitionColumns().isEmpty()
              ? ""
              : " PARTITIONED BY (" + spec.partitionColumns().stream().map(c -> "`" + c + "`").collect(Collectors.joining(", ")) + ")";
      // Identifiers are validated by TableId and the schema's own DDL quotes column names.
      spark.sql(
          "CREATE TABLE IF NOT EXISTS " + icebergName(id) + " (" + spec.schema().toDDL() + ") USING iceberg"
              + partitioning + " TBLPROPERTIES ('format-version'='2'" + IcebergLakeTable.sizing(settings.targetFileBytes(id)).entrySet()
              .stream().map(e -> ", '" + e.getKey() + "'='" + e.getValue() + "'").sorted().collect(Collectors.joining()) + ")");
      IcebergLakeTable iceberg = new IcebergLakeTable(spark, id, icebergName(id), commits, settings.targetFileBytes(id));
      iceberg.useConfiguredTargetFileSize();
      table = iceberg;
    }
    checkSchema(spec, table);
    return table;
  }

  private void createDelta(TableSpec spec) {
    TableId id = spec.id();
    spark.sql("CREATE SCHEMA IF NOT EXISTS " + DELTA_CATALOG + "." + id.zone());
    DeltaTableBuilder builder =
        DeltaTable.createIfNotExists(spark)
            .tableName(id.zone() + "." + id.name()) // the builder takes two-part names only
            .location(deltaLocation(id))
            .addColumns(spec.schema());
    if (!spec.partitionColumns().isEmpty()) {
      builder = builder.partitionedBy(spec.partitionColumns().toArray(String[]::new));
    }
    try {
      builder.execute();
    } catch (Exception e) { // Scala code throws checked exceptions undeclared
      throw new TableException("Cannot create table " + id + ": " + firstLine(e), e);
    }
  }

  @Override
  public LakeTable table(TableId id) {
    if (formatOf(id) == TableFormat.DELTA) {
      String location = deltaLocation(id);
      requireRegisteredHere(id, "open");
      if (!spark.catalog().tableExists(deltaName(id))) {
        if (!DeltaTable.isDeltaTable(spark, location)) {
          throw new TableException("Cannot open table " + id + ": no Delta table at " + location);
        }
        spark.sql("CREATE SCHEMA IF NOT EXISTS " + DELTA_CATALOG + "." + id.zone());
        DeltaTable.createIfNotExists(spark).tableName(id.zone() + "." + id.name()).location(location).execute();
      }
      return new DeltaLakeTable(spark, id, deltaName(id), commits, settings.targetFileBytes(id));
    }
    if (!spark.catalog().tableExists(icebergName(id))) {
      throw new TableException(
          "Cannot open table " + id + ": no Iceberg table " + icebergName(id));
    }
    return new IcebergLakeTable(spark, id, icebergName(id), commits, settings.targetFileBytes(id));
  }

  @Override
  public boolean exists(TableId id) {
    return formatOf(id) == TableFormat.DELTA
        ? spark.catalog().tableExists(deltaName(id)) || DeltaTable.isDeltaTable(spark, deltaLocation(id))
        : spark.catalog().tableExists(icebergName(id));
  }

  @Override
  public void requireConfiguredFormat(TableId id) {
    TableFormat configured = formatOf(id);
    boolean other = configured == TableFormat.DELTA
        ? spark.catalog().tableExists(icebergName(id))
        : DeltaTable.isDeltaTable(spark, deltaLocation(id));
    if (other && !exists(id)) {
      TableFormat found = configured == TableFormat.DELTA ? TableFormat.ICEBERG : TableFormat.DELTA;
      String where = found == TableFormat.DELTA ? deltaLocation(id) : icebergName(id);
      throw new TableException("Cannot use table " + id + ": it holds data as " + found + " (" + where + ") but is configured as "
          + configured + "; set its format back to " + found + ", or copy its data into a " + configured
          + " table first (nothing was written)");
    }
  }

  /**
   * A metastore outlives the process and may be shared by several lakes: a name it already holds
   * must stand for this lake's table, or a job would read and write another lake's. (In the
   * session catalog, this process registered the names itself, from these settings.)
   */
  private void requireRegisteredHere(TableId id, String verb) {
    if (settings.deltaMetastore().kind() != DeltaMetastore.Kind.HIVE || !spark.catalog().tableExists(deltaName(id))) {
      return;
    }
    java.net.URI registered;
    try {
      registered = spark.sessionState().catalog()
          .getTableMetadata(org.apache.spark.sql.catalyst.TableIdentifier.apply(id.name(), scala.Option.apply(id.zone())))
          .location();
    } catch (Exception e) { // declared by Scala: no such database or table, dropped since tableExists
      throw new TableException("Cannot " + verb + " table " + id + ": " + firstLine(e), e);
    }
    // Hadoop paths compare file:/x and file:///x as one place
    if (!new org.apache.hadoop.fs.Path(registered).equals(new org.apache.hadoop.fs.Path(deltaLocation(id)))) {
      throw new TableException("Cannot " + verb + " table " + id + ": the metastore has it at " + registered + ", not at this lake's "
          + deltaLocation(id) + " (is the metastore another lake's? each lake needs a metastore of its own)");
    }
  }

  String deltaLocation(TableId id) {
    return settings.warehouse() + "/delta/" + id.zone() + "/" + id.name();
  }

  private static String deltaName(TableId id) {
    return DELTA_CATALOG + "." + id.zone() + "." + id.name();
  }

  private String icebergName(TableId id) {
    return settings.icebergCatalog() + "." + id.zone() + "." + id.name();
  }

  /**
   * Columns are compared by name and type, nullability aside, and in any order (every write
   * resolves columns by name). A nullable column the declaration adds is added to the table, on
   * both formats, before the table is used, and told to the listener; a column dropped, a type
   * changed or a new column that is not nullable fails, naming the column and both types, before
   * anything is written.
   */
  private void checkSchema(TableSpec spec, LakeTable table) {
    StructType actual = spark.table(table.qualifiedName()).schema();
    List<String> problems = new java.util.ArrayList<>();
    for (StructField found : actual.fields()) {
      java.util.Optional<StructField> declared = field(spec.schema(), found.name());
      if (declared.isEmpty()) {
        problems.add("column " + found.name() + " (" + found.dataType().simpleString()
            + ") is in the table but not declared; a column is never dropped automatically");
      } else if (!declared.get().dataType().equals(found.dataType())) {
        problems.add("column " + found.name() + " is " + found.dataType().simpleString() + " in the table but declared "
            + declared.get().dataType().simpleString() + "; a type is never changed automatically");
      }
    }
    List<StructField> added = Arrays.stream(spec.schema().fields()).filter(f -> field(actual, f.name()).isEmpty()).toList();
    added.stream().filter(f -> !f.nullable()).forEach(f -> problems.add("column " + f.name() + " ("
        + f.dataType().simpleString() + ") is declared but not in the table, and only a nullable column can be added"));
    if (!problems.isEmpty()) {
      throw new TableException("Cannot use table " + spec.id() + ": " + String.join("; ", problems) + " (nothing was written)");
    }
    if (!added.isEmpty()) {
      String columns = added.stream().map(f -> "`" + f.name() + "` " + f.dataType().sql()).collect(Collectors.joining(", "));
      spark.sql("ALTER TABLE " + table.qualifiedName() + " ADD COLUMNS (" + columns + ")");
      commits.schemaChanged(spec.id(), added.stream().map(f -> f.name() + " " + f.dataType().simpleString()).toList());
    }
  }

  private static java.util.Optional<StructField> field(StructType schema, String name) {
    return Arrays.stream(schema.fields()).filter(f -> f.name().equals(name)).findFirst();
  }

  static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
