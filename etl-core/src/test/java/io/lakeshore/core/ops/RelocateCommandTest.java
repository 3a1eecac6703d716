package io.lakeshore.core.ops;

import static io.lakeshore.testkit.Rows.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeshore.core.cli.RelocateCommand;
import io.lakeshore.core.config.ConfigLoader;
import io.lakeshore.core.table.CommitInfo;
import io.lakeshore.core.table.LakeTable;
import io.lakeshore.core.table.Lakehouse;
import io.lakeshore.core.table.TableFormat;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.table.TableSpec;
import io.lakeshore.testkit.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code relocate} through the CLI: a lake with a partitioned Iceberg table of two snapshots and a
 * Delta table is moved whole (its catalog file with it), and its Iceberg table opens again at the
 * new root with the same rows, its history and its writes.
 */
class RelocateCommandTest {
  static final TableSpec EVENTS = TableSpec.of(TableId.parse("golden.events"),
      new StructType().add("id", DataTypes.LongType, false).add("day", DataTypes.DateType, false), "day");
  static final TableSpec THINGS = TableSpec.of(TableId.parse("golden.things"),
      new StructType().add("id", DataTypes.LongType, false).add("name", DataTypes.StringType, true));
  private static final java.util.concurrent.atomic.AtomicInteger LAKES = new java.util.concurrent.atomic.AtomicInteger();

  @TempDir Path dir;
  private Path conf;
  private Path oldRoot;
  private Path newRoot;
  private String catalog;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  /** The session after the move: a new one, as a new process has (the shared one keeps the catalog it loaded). */
  private SparkSession moved;
  private List<String> eventsBefore;
  private List<String> eventsFirstSnapshot;
  private long firstSnapshot;
  private List<String> thingsBefore;

  @BeforeEach
  void roots() {
    conf = dir.resolve("conf");
    oldRoot = dir.resolve("lake");
    newRoot = dir.resolve("elsewhere/lakehouse");
    catalog = "relocate" + LAKES.incrementAndGet();
  }

  /** The lake at {@code <dir>/lake}, written, then moved whole to {@code <dir>/elsewhere/lakehouse}. */
  private void lakeMoved() throws IOException {
    SparkSession spark = TestSpark.spark();
    TestSpark.freshLake(TableFormat.DELTA);
    configureRoot(oldRoot);
    Lakehouse lake = lakehouse(spark);
    LakeTable events = lake.create(EVENTS);
    events.append(spark.createDataFrame(List.of(event(1, "2026-01-01"), event(2, "2026-01-02")), EVENTS.schema()),
        new CommitInfo("first", "test"));
    events.append(spark.createDataFrame(List.of(event(3, "2026-01-02"), event(4, "2026-01-03")), EVENTS.schema()),
        new CommitInfo("second", "test"));
    LakeTable things = lake.create(THINGS);
    things.append(spark.createDataFrame(List.of(RowFactory.create(7L, "seven"), RowFactory.create(8L, null)), THINGS.schema()),
        new CommitInfo("first", "test"));
    eventsBefore = lines(events.read(), "id", "day");
    firstSnapshot = events.history().get(1).version();
    eventsFirstSnapshot = lines(spark.sql("SELECT * FROM " + events.qualifiedName() + " VERSION AS OF " + firstSnapshot), "id", "day");
    thingsBefore = lines(things.read(), "id", "name");
    assertThat(eventsBefore).containsExactly("1|2026-01-01", "2|2026-01-02", "3|2026-01-02", "4|2026-01-03");
    assertThat(eventsFirstSnapshot).containsExactly("1|2026-01-01", "2|2026-01-02");

    Files.createDirectories(newRoot.getParent());
    Files.move(oldRoot, newRoot);
    configureRoot(newRoot);
    TestSpark.freshLake(TableFormat.DELTA); // unregisters the Delta tables by name, as a new process has none
    moved = spark.newSession();
  }

  private void configureRoot(Path root) throws IOException {
    Files.createDirectories(conf.resolve("env"));
    Files.writeString(conf.resolve("env/local.conf"), "lakeshore.root = \"" + root + "\"\nlakeshore.iceberg.catalog = " + catalog + "\n"
        + "lakeshore.jobs.probe.tables { \"golden.events\" = ${lakeshore.table-defaults} { format = iceberg },"
        + " \"golden.things\" = ${lakeshore.table-defaults} { format = delta } }\n");
  }

  private static org.apache.spark.sql.Row event(long id, String day) {
    return RowFactory.create(id, Date.valueOf(day));
  }

  private Lakehouse lakehouse(SparkSession session) {
    return Lakehouse.open(session, ConfigLoader.load(conf, "local", List.of()).lakehouse());
  }

  private int relocate(String... args) {
    out.reset();
    err.reset();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--conf-dir", conf.toString()));
    return RelocateCommand.run(all.toArray(String[]::new), moved,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** What the command printed to stderr, without the configuration's notes. */
  private String errors() {
    return err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("Note: ")).collect(Collectors.joining("\n"));
  }

  private Path metadataDir() {
    return newRoot.resolve("warehouse/iceberg/golden/events/metadata");
  }

  /** The table's newest version file (their names start with the version number). */
  private Path newestMetadata() throws IOException {
    try (Stream<Path> files = Files.list(metadataDir())) {
      return files.filter(f -> f.getFileName().toString().endsWith(".metadata.json")).max(java.util.Comparator.naturalOrder()).orElseThrow();
    }
  }

  /** The metadata file the catalog names, under {@code root}, as Iceberg spells it. */
  private String metadataAt(Path root, Path file) {
    return "file:" + root + "/warehouse/iceberg/golden/events/metadata/" + file.getFileName();
  }

  /** Every file under the new root with its content: equal snapshots, nothing changed. */
  private Map<String, String> files() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(newRoot)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        files.put(newRoot.relativize(f).toString(), java.util.HexFormat.of().formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return files;
  }

  private void assertIcebergReadFailsOnOldPath(Path newest) {
    assertThatThrownBy(() -> lakehouse(moved).table(EVENTS.id()).read().collectAsList())
        .hasMessage("Failed to open input stream for file: " + metadataAt(oldRoot, newest));
  }

  @Test
  void aMovedLakesIcebergTableOpensAtTheNewRootWithItsRowsHistoryAndWritesAndASecondRunHasNothingToDo() throws IOException {
    lakeMoved();
    Path newest = newestMetadata();
    assertIcebergReadFailsOnOldPath(newest);

    assertThat(relocate("--from", oldRoot.toString())).as(errors()).isZero();
    assertThat(errors()).isEmpty();
    assertThat(printed()).isEqualTo("relocate from file://" + oldRoot + " to file://" + newRoot + ": 1 of 1 Iceberg table(s) to relocate\n"
        + "  golden.events: " + metadataAt(oldRoot, newest) + " -> " + metadataAt(newRoot, newest) + "\n"
        + "  golden.events: relocated\n");

    Lakehouse lake = lakehouse(moved);
    LakeTable events = lake.table(EVENTS.id());
    assertThat(lines(events.read(), "id", "day")).isEqualTo(eventsBefore);
    assertThat(lines(moved.sql("SELECT * FROM " + events.qualifiedName() + " VERSION AS OF " + firstSnapshot), "id", "day"))
        .isEqualTo(eventsFirstSnapshot);
    assertThat(events.history()).hasSize(2);
    assertThat(lines(lake.table(THINGS.id()).read(), "id", "name")).isEqualTo(thingsBefore);
    // the catalog names the rewritten newest version file, and no version file names the old root
    assertThat(newestMetadata()).isEqualTo(newest);
    try (Stream<Path> files = Files.list(metadataDir())) {
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".metadata.json")).toList()) {
        assertThat(Files.readString(f)).as(f.toString()).doesNotContain(oldRoot.toString()).contains(newRoot.toString());
      }
    }
    // the staging folder is gone, and nothing was written at the old root
    try (Stream<Path> files = Files.list(metadataDir())) {
      assertThat(files.filter(Files::isDirectory).toList()).isEmpty();
    }
    assertThat(oldRoot).doesNotExist();

    events.append(moved.createDataFrame(List.of(event(5, "2026-01-04")), EVENTS.schema()), new CommitInfo("third", "test"));
    assertThat(lines(lake.table(EVENTS.id()).read(), "id", "day"))
        .containsExactly("1|2026-01-01", "2|2026-01-02", "3|2026-01-02", "4|2026-01-03", "5|2026-01-04");
    assertThat(newestMetadata()).isNotEqualTo(newest);
    assertThat(Files.readString(newestMetadata())).doesNotContain(oldRoot.toString());
    try (Stream<Path> files = Files.walk(newRoot.resolve("warehouse/iceberg/golden/events/data/day=2026-01-04"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".parquet")).count()).isEqualTo(1);
    }

    assertThat(relocate("--from", oldRoot.toString())).as(errors()).isZero();
    assertThat(printed()).isEqualTo("relocate from file://" + oldRoot + " to file://" + newRoot
        + ": 0 of 1 Iceberg table(s) to relocate; nothing to do\n");
  }

  @Test
  void aDryRunPrintsThePlanAndChangesNothingAndAMissingFileLeavesTheCatalogEntryUntilARerunFinishes() throws IOException {
    lakeMoved();
    Path newest = newestMetadata();
    Map<String, String> before = files();

    assertThat(relocate("--from", "file://" + oldRoot + "/", "--dry-run")).as(errors()).isZero();
    assertThat(printed()).isEqualTo("relocate from file://" + oldRoot + " to file://" + newRoot + ": 1 of 1 Iceberg table(s) to relocate\n"
        + "  golden.events: " + metadataAt(oldRoot, newest) + " -> " + metadataAt(newRoot, newest) + "\n"
        + "dry run: nothing was changed\n");
    assertThat(files()).isEqualTo(before);
    assertIcebergReadFailsOnOldPath(newest);

    // a data file of the first snapshot did not come along: nothing is switched
    Path dataFile;
    try (Stream<Path> data = Files.walk(newRoot.resolve("warehouse/iceberg/golden/events/data/day=2026-01-01"))) {
      dataFile = data.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Path aside = Files.move(dataFile, dir.resolve("aside.parquet"));
    assertThat(relocate("--from", oldRoot.toString())).isEqualTo(1);
    assertThat(errors()).isEqualTo("Cannot relocate golden.events: 1 file(s) it references are not under file://" + newRoot
        + ", e.g. file:" + dataFile + "; move or copy every file of the lake first (its catalog entry is unchanged)");
    assertIcebergReadFailsOnOldPath(newest);
    assertThat(Files.readString(newest)).contains(oldRoot.toString());

    // once it is there, a rerun takes the staged metadata up and finishes
    Files.move(aside, dataFile);
    assertThat(relocate("--from", oldRoot.toString())).as(errors()).isZero();
    assertThat(printed()).endsWith("  golden.events: relocated\n");
    assertThat(lines(lakehouse(moved).table(EVENTS.id()).read(), "id", "day")).isEqualTo(eventsBefore);
  }

  @Test
  void badArgumentsExitTwoAndNameTheProblem() throws IOException {
    configureRoot(newRoot);
    moved = TestSpark.spark(); // not used: arguments are checked before anything opens
    assertThat(relocate()).isEqualTo(2);
    assertThat(errors()).startsWith("Cannot parse arguments: Missing required option: '--from=OLD_ROOT'");
    assertThat(relocate("--from", newRoot.toString())).isEqualTo(2);
    assertThat(errors()).startsWith("Cannot relocate: --from " + newRoot + " is the configured root file://" + newRoot
        + "; set lakeshore.root (or LAKESHORE_ROOT) to where the lake is now");
    assertThat(relocate("--from", dir.toString())).isEqualTo(2);
    assertThat(errors()).startsWith("Cannot relocate: the configured root file://" + newRoot + " lies under --from file://" + dir
        + ", so old and new paths could not be told apart; relocate the lake beside its old place, not into it");
    assertThat(relocate("--from", oldRoot.toString())).isEqualTo(2);
    assertThat(errors()).startsWith("Cannot relocate: the configured root file://" + newRoot + " is not a folder;"
        + " move the lake there first, or set lakeshore.root (or LAKESHORE_ROOT) to where it is");
    assertThat(newRoot).doesNotExist();
  }
}
