package io.lakeshore.core.job;

import static io.lakeshore.testkit.Rows.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.table.Commit;
import io.lakeshore.core.table.CommitInfo;
import io.lakeshore.core.table.LakeTable;
import io.lakeshore.core.table.TableFormat;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.table.TableSpec;
import io.lakeshore.testkit.TestSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** A mirror merge on real tables of both formats: the scope ends equal to the source, the rest untouched. */
class MergeMirrorTest {
  private static final StructType SCHEMA = StructType.fromDDL("id string not null, day date not null, value int, run string");
  private static final TableSpec SPEC = TableSpec.of(TableId.of("curated", "things"), SCHEMA, "day");
  private static final Merge MIRROR = Merge.mirror(
      Scope.dates("day", new RunWindow(LocalDate.parse("2026-01-02"), LocalDate.parse("2026-01-03"))), List.of("id"), List.of("day", "value"));

  private static Dataset<Row> rows(String run, Object[]... values) {
    return TestSpark.spark().createDataFrame(
        Arrays.stream(values).map(v -> RowFactory.create(v[0], Date.valueOf((String) v[1]), v[2], run)).toList(), SCHEMA);
  }

  private static Optional<Commit> merge(LakeTable t, Dataset<Row> source, String run) {
    return t.merge(source, MIRROR.condition(t::target), MIRROR.bind(t::target), new CommitInfo(run, "test"));
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void theScopeEndsEqualToTheSourceTouchingOnlyTheRowsThatDiffer(TableFormat format) {
    LakeTable t = TestSpark.freshLake(format).lakehouse().create(SPEC);
    t.append(rows("run-1",
        new Object[] {"out", "2026-01-01", 1}, // outside the scope: kept although the source lacks it
        new Object[] {"same", "2026-01-02", 2}, new Object[] {"changed", "2026-01-02", 3},
        new Object[] {"gone", "2026-01-03", 4}, new Object[] {"nulls", "2026-01-03", null}), new CommitInfo("run-1", "test"));
    Dataset<Row> source = rows("run-2",
        new Object[] {"same", "2026-01-02", 2}, new Object[] {"changed", "2026-01-02", 30},
        new Object[] {"nulls", "2026-01-03", null}, new Object[] {"new", "2026-01-03", 5});
    Commit first = merge(t, source, "run-2").orElseThrow();
    assertThat(List.of(first.rowsInserted(), first.rowsUpdated(), first.rowsDeleted())).containsExactly(1L, 1L, 1L);
    // run tells which rows the merge rewrote: only the changed and the new one
    assertThat(lines(t.read(), "id", "day", "value", "run")).containsExactly(
        "changed|2026-01-02|30|run-2", "new|2026-01-03|5|run-2", "nulls|2026-01-03|null|run-1",
        "out|2026-01-01|1|run-1", "same|2026-01-02|2|run-1");
    // the same source again changes no row
    Optional<Commit> again = merge(t, source, "run-3");
    again.ifPresent(c -> assertThat(List.of(c.rowsInserted(), c.rowsUpdated(), c.rowsDeleted())).containsExactly(0L, 0L, 0L));
    assertThat(lines(t.read(), "id", "run")).containsExactly(
        "changed|run-2", "new|run-2", "nulls|run-1", "out|run-1", "same|run-1");
  }

  @Test
  void declaresItsKeysScopeAndRefusesNoComparedColumns() {
    assertThat(MIRROR).hasToString("merge by id");
    assertThat(MIRROR.scope()).hasToString("day 2026-01-02..2026-01-03");
    assertThatThrownBy(() -> Merge.mirror(Scope.all(), List.of("id"), List.of()))
        .hasMessage("Cannot declare mirror merge by [id]: no compared columns");
  }
}
