package io.lakeshore.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeshore.testkit.TestSpark;
import io.lakeshore.testkit.TestSpark.TestLake;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * With a Hive Metastore, the names of the Delta tables outlive the process and may be another
 * lake's. The test session's catalog is in memory, but what {@code DefaultLakehouse} does with a
 * name it finds is the same: the settings alone say that the catalog is a metastore.
 * ({@code HiveMetastorePipelineTest} in pipeline-local runs a real one.)
 */
class SharedMetastoreTest {
  static final TableSpec SPEC = TableSpec.of(TableId.of("golden", "things"),
      new StructType().add("id", DataTypes.StringType, false), new String[0]);

  static LakehouseSettings withMetastore(LakehouseSettings lake, String warehouse) {
    return new LakehouseSettings(warehouse, lake.raw(), lake.defaultFormat(), lake.formatOverrides(), lake.icebergCatalog(),
        lake.icebergProperties(), lake.defaultTargetFileBytes(), lake.targetFileBytesOverrides(),
        DeltaMetastore.thrift("thrift://metastore.invalid:9083"));
  }

  @Test
  void aNameTheMetastoreHoldsForAnotherLakesTableIsRefused() {
    TestLake first = TestSpark.freshLake(TableFormat.DELTA);
    first.lakehouse().create(SPEC);
    String registered = new org.apache.hadoop.fs.Path(first.settings().warehouse() + "/delta/golden/things").toString();

    // the same lake finds its table by the name
    Lakehouse same = Lakehouse.open(TestSpark.spark(), withMetastore(first.settings(), first.settings().warehouse()));
    assertThat(same.table(SPEC.id()).read().count()).isZero();
    assertThat(same.create(SPEC).qualifiedName()).isEqualTo("spark_catalog.golden.things");

    // another lake on the same metastore neither opens nor creates it: its table would be elsewhere
    String other = first.settings().warehouse().replaceAll("/warehouse$", "/other-warehouse");
    Lakehouse another = Lakehouse.open(TestSpark.spark(), withMetastore(first.settings(), other));
    String where = ": the metastore has it at " + registered + ", not at this lake's " + other + "/delta/golden/things"
        + " (is the metastore another lake's? each lake needs a metastore of its own)";
    assertThatThrownBy(() -> another.table(SPEC.id())).isInstanceOf(TableException.class)
        .hasMessage("Cannot open table golden.things" + where);
    assertThatThrownBy(() -> another.create(SPEC)).isInstanceOf(TableException.class)
        .hasMessage("Cannot create table golden.things" + where);
  }
}
