package io.lakeshore.core.raw;

import static io.lakeshore.testkit.Rows.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.table.TableFormat;
import io.lakeshore.testkit.TestSpark;
import io.lakeshore.testkit.TestSpark.TestLake;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The raw readers: JSON lines and Parquet keep the fields nobody declared instead of dropping them. */
class RawZoneTest {
  static final LocalDate DAY = LocalDate.parse("2026-03-01");
  private final SparkSession spark = TestSpark.spark();

  @Test
  void jsonFieldsTheDeclarationDoesNotNameAreRescuedAndLinesThatAreNotOneObjectAreCorrupt() throws IOException {
    TestLake lake = TestSpark.freshLake(TableFormat.DELTA);
    Path folder = lake.root().resolve("raw/things/date=" + DAY);
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("things.jsonl"), String.join("\n",
        "{\"id\":\"1\",\"name\":\"a\"}",
        "{\"id\":\"2\",\"name\":\"b\",\"coupon\":\"X1\",\"tags\":[1,2]}",
        "{\"id\":\"3\"",
        "[1,2]",
        "42",
        "{\"id\":4,\"name\":null,\"price\":12.50,\"size\":{\"w\":1}}",
        "{\"id\":\"5\",\"id\":\"6\"}",
        "{}",
        // two records whose newline was lost, and a record with text after it: the JSON parser
        // would stop after the first object and drop the rest unseen
        "{\"id\":\"7\"}{\"id\":\"8\"}",
        "{\"id\":\"9\"} trailing",
        "") );
    RawInput things = RawInput.jsonLines("things", "id", "name");
    RawZone zone = new RawZone(lake.settings().raw());
    var rows = things.parse(zone.check(spark, RunWindow.of(DAY), List.of(things)).read(things));
    assertThat(lines(rows, "id", "name", RawInput.RESCUED, RawInput.CORRUPT)).containsExactly(
        "1|a|null|null",
        "2|b|{\"coupon\":\"X1\",\"tags\":\"[1,2]\"}|null",
        "4|null|{\"price\":\"12.5\",\"size\":\"{\\\"w\\\":1}\"}|null",
        "null|null|null|42",
        "null|null|null|[1,2]",
        "null|null|null|null",
        "null|null|null|{\"id\":\"3\"",
        "null|null|null|{\"id\":\"5\",\"id\":\"6\"}",
        "null|null|null|{\"id\":\"7\"}{\"id\":\"8\"}",
        "null|null|null|{\"id\":\"9\"} trailing");
  }

  @Test
  void parquetIsReadAsTextWithItsExtraColumnsRescued() {
    TestLake lake = TestSpark.freshLake(TableFormat.DELTA);
    StructType schema = StructType.fromDDL("id int, name string, weight double");
    spark.createDataFrame(List.of(RowFactory.create(1, "a", 1.5), RowFactory.create(2, null, null)), schema)
        .coalesce(1).write().parquet(lake.settings().raw() + "/things/date=" + DAY);
    RawInput things = RawInput.parquet("things", "id", "name", "colour");
    RawZone zone = new RawZone(lake.settings().raw());
    var rows = things.parse(zone.check(spark, RunWindow.of(DAY), List.of(things)).read(things));
    assertThat(rows.columns()).containsExactly(RawInput.RAW_RECORD, RawInput.RAW_BYTES, RawInput.INGEST_DATE, "id", "name", "colour",
        RawInput.CORRUPT, RawInput.RESCUED);
    assertThat(lines(rows, "id", "name", "colour", RawInput.RESCUED, RawInput.RAW_RECORD, "ingest_date")).containsExactly(
        "1|a|null|{\"weight\":1.5}|{\"id\":1,\"name\":\"a\",\"weight\":1.5}|2026-03-01",
        "2|null|null|null|{\"id\":2}|2026-03-01");
  }

  @Test
  void compressedFilesAreReadByTheirExtensionAndOneThatDoesNotDecompressIsNamed() throws IOException {
    TestLake lake = TestSpark.freshLake(TableFormat.DELTA);
    Path folder = lake.root().resolve("raw/things/date=" + DAY);
    Files.createDirectories(folder);
    String text = IntStream.range(0, 200).mapToObj(i -> "{\"id\":\"" + i + "\"}\n").collect(Collectors.joining());
    Path gz = folder.resolve("things.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    byte[] compressed = Files.readAllBytes(gz);
    RawInput things = RawInput.jsonLines("things", "id");
    RawZone zone = new RawZone(lake.settings().raw());
    RawZone.Landed landed = zone.check(spark, RunWindow.of(DAY), List.of(things));
    assertThat(landed.reading(() -> things.parse(landed.read(things)).filter("id is not null").count())).isEqualTo(200);

    String file = lake.settings().raw() + "/things/date=2026-03-01/things.jsonl.gz";
    Files.write(gz, Arrays.copyOf(compressed, compressed.length / 2));
    assertThatThrownBy(() -> landed.reading(() -> landed.read(things).count()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot read raw things: " + file + " is unreadable: Unexpected end of input stream");
    Files.writeString(gz, text); // plain text under a compressed name
    assertThatThrownBy(() -> landed.reading(() -> landed.read(things).count()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot read raw things: " + file + " is unreadable: not a gzip file");
    // a CSV file's header is read before anything else, through the same codec
    RawInput csv = RawInput.csv("things", "id");
    assertThatThrownBy(() -> zone.check(spark, RunWindow.of(DAY), List.of(csv)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot read raw things: " + file + " is unreadable: not a gzip file");
  }
}
