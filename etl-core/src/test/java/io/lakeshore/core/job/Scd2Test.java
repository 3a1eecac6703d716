package io.lakeshore.core.job;

import static io.lakeshore.testkit.Rows.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.table.TableSpec;
import io.lakeshore.testkit.TestSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The SCD2 chain as exact rows, and the write it declares. */
class Scd2Test {
  private static final Scd2 DEVICES = Scd2.of("device_id", List.of("site_id", "offset"), "snapshot_date");
  private static final StructType SNAPSHOTS = StructType.fromDDL("device_id string, site_id string, offset double, snapshot_date date");
  private static final StructType DIMENSION = Scd2.appendTo(StructType.fromDDL("device_id string, site_id string, offset double"));
  private static final TableSpec TABLE = TableSpec.of(TableId.of("curated", "devices"), DIMENSION);

  private static Dataset<Row> rows(StructType schema, Object[]... rows) {
    return TestSpark.spark().createDataFrame(Arrays.stream(rows).map(RowFactory::create).toList(), schema);
  }

  private static Object[] snap(String device, String site, Double offset, String day) {
    return new Object[] {device, site, offset, Date.valueOf(day)};
  }

  private static Dataset<Row> noVersions() {
    return rows(DIMENSION);
  }

  private static List<String> chain(Dataset<Row> versions) {
    return lines(versions, "device_id", "site_id", "offset", "valid_from", "valid_to", "is_current");
  }

  @Test
  void movesStartVersionsAndUnchangedDaysCollapse() {
    Dataset<Row> snapshots = rows(SNAPSHOTS,
        snap("d1", "s1", 0.5, "2026-01-01"), snap("d1", "s1", 0.5, "2026-01-02"), snap("d1", "s2", 0.5, "2026-01-03"),
        snap("d1", "s2", 0.5, "2026-01-04"), snap("d1", "s1", 0.5, "2026-01-05"), // back to s1: a version of its own
        snap("d2", "s1", 0.0, "2026-01-01"), snap("d2", "s1", -0.25, "2026-01-03"), // recalibrated
        snap("d3", null, 1.0, "2026-01-02"), snap("d3", "s3", 1.0, "2026-01-04")); // a NULL is a state too
    assertThat(chain(DEVICES.versions(noVersions(), snapshots))).containsExactly(
        "d1|s1|0.5|2026-01-01|2026-01-03|false",
        "d1|s1|0.5|2026-01-05|null|true",
        "d1|s2|0.5|2026-01-03|2026-01-05|false",
        "d2|s1|-0.25|2026-01-03|null|true",
        "d2|s1|0.0|2026-01-01|2026-01-03|false",
        "d3|null|1.0|2026-01-02|2026-01-04|false",
        "d3|s3|1.0|2026-01-04|null|true");
    assertThat(DEVICES.versions(noVersions(), snapshots).columns())
        .containsExactly("device_id", "site_id", "offset", "attr_hash", "valid_from", "valid_to", "is_current");
  }

  @Test
  void daysLoadedOutOfOrderGiveTheChainOfAllDays() {
    // day 3 landed and was loaded first: its chain starts there
    Dataset<Row> day3 = rows(SNAPSHOTS, snap("d1", "s2", 0.5, "2026-01-03"));
    Dataset<Row> afterDay3 = DEVICES.versions(noVersions(), day3);
    assertThat(chain(afterDay3)).containsExactly("d1|s2|0.5|2026-01-03|null|true");
    // then day 1: nothing is in effect before it, and every snapshot from day 1 on takes part
    Dataset<Row> since1 = rows(SNAPSHOTS, snap("d1", "s1", 0.5, "2026-01-01"), snap("d1", "s2", 0.5, "2026-01-03"));
    assertThat(lines(afterDay3.filter(Scd2.inEffectBefore(LocalDate.parse("2026-01-01"))))).isEmpty();
    Dataset<Row> afterDay1 = DEVICES.versions(afterDay3.filter(Scd2.inEffectBefore(LocalDate.parse("2026-01-01"))), since1);
    assertThat(chain(afterDay1)).containsExactly(
        "d1|s1|0.5|2026-01-01|2026-01-03|false",
        "d1|s2|0.5|2026-01-03|null|true");
    // then day 2, unchanged since day 1: starts from the version in effect on day 1 and collapses into it
    Dataset<Row> known = afterDay1.filter(Scd2.inEffectBefore(LocalDate.parse("2026-01-02")));
    assertThat(chain(known)).containsExactly("d1|s1|0.5|2026-01-01|2026-01-03|false");
    Dataset<Row> since2 = rows(SNAPSHOTS, snap("d1", "s1", 0.5, "2026-01-02"), snap("d1", "s2", 0.5, "2026-01-03"));
    assertThat(chain(DEVICES.versions(known, since2))).containsExactly(
        "d1|s1|0.5|2026-01-01|2026-01-03|false",
        "d1|s2|0.5|2026-01-03|null|true");
  }

  @Test
  void hashChangesWithEachAttributeAndTellsNullFromText() {
    Dataset<Row> snapshots = rows(SNAPSHOTS,
        snap("a", "s1", 0.5, "2026-01-01"), snap("b", "s1", 0.25, "2026-01-01"),
        snap("c", null, 0.5, "2026-01-01"), snap("d", "s1", null, "2026-01-01"), snap("e", "s1", 0.5, "2026-01-01"));
    List<String> hashes = lines(DEVICES.versions(noVersions(), snapshots), "device_id", "attr_hash");
    assertThat(hashes.stream().map(l -> l.split("\\|")[1]).distinct().count()).isEqualTo(4);
    assertThat(hashes.get(0).split("\\|")[1]).isEqualTo(hashes.get(4).split("\\|")[1]).hasSize(64);
  }

  @Test
  void writeMergesVersionsFromTheSnapshotsStartOn() {
    Read snapshots = Read.of(TableId.of("golden", "devices"), Scope.since("snapshot_date", LocalDate.parse("2026-01-20")));
    Write write = DEVICES.write(TABLE, snapshots);
    assertThat(write.reads()).containsExactly(snapshots);
    assertThat(write.mode()).isEqualTo("merge by device_id, valid_from");
    assertThat(write.scope()).hasToString("all rows: versions from 2026-01-20 on, and the one in effect the day before");
  }

  @Test
  void writeRefusesADimensionWithoutVersionColumnsOrSnapshotsNotSinceADate() {
    Read since = Read.of(TableId.of("golden", "devices"), Scope.since("snapshot_date", LocalDate.parse("2026-01-20")));
    assertThatThrownBy(() -> DEVICES.write(TableSpec.of(TableId.of("curated", "devices"), StructType.fromDDL("device_id string, site_id string")), since))
        .hasMessage("Cannot declare SCD2 write of curated.devices: missing columns [offset, attr_hash, valid_from, valid_to, is_current]"
            + " in [device_id, site_id]");
    Read window = Read.of(TableId.of("golden", "devices"), Scope.dates("snapshot_date", RunWindow.of(LocalDate.parse("2026-01-20"))));
    assertThatThrownBy(() -> DEVICES.write(TABLE, window))
        .hasMessage("Cannot declare SCD2 write of curated.devices: snapshots must be read with Scope.since(snapshot_date, date),"
            + " cannot be: golden.devices [snapshot_date 2026-01-20]");
    assertThatThrownBy(() -> Scd2.of("device_id", List.of(), "snapshot_date"))
        .hasMessage("Cannot declare SCD2 dimension of device_id: no tracked attributes");
  }
}
