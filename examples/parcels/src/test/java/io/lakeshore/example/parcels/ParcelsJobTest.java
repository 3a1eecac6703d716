package io.lakeshore.example.parcels;

import static io.lakeshore.testkit.Rows.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.table.TableFormat;
import io.lakeshore.core.table.TableId;
import io.lakeshore.testkit.TestSpark;
import io.lakeshore.testkit.TestSpark.TestLake;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The worked example runs as documented, on both formats, and the documentation shows its code. */
class ParcelsJobTest {
  @TempDir Path dir;

  private static void land(TestLake lake, String date, String... rows) throws IOException {
    Path folder = lake.root().resolve("raw/parcel_scans/date=" + date);
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("scans.csv"), "parcel_id,depot,weight_kg,scanned_at\n" + String.join("\n", rows) + "\n");
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void scansBecomeParcelsAQuarantineAndADailyMart(TableFormat format) throws IOException {
    TestLake lake = TestSpark.freshLake(format);
    land(lake, "2026-02-01",
        "P1,north,1.500,2026-02-01T08:00:00Z",
        "P1,north,1.600,2026-02-01T09:00:00Z", // scanned again: the latest scan wins
        "P2,north,2.000,2026-02-01T10:00:00Z",
        "P3,south,0.250,2026-02-01T11:00:00Z",
        "P4,,1.000,2026-02-01T12:00:00Z",
        "P5,south,heavy,2026-02-01T12:00:00Z",
        "P6,south,0,2026-02-01T12:00:00Z");
    Path conf = dir.resolve("conf/env");
    Files.createDirectories(conf);
    Files.writeString(conf.resolve("local.conf"), "");
    List<String> args = new ArrayList<>(List.of("--date", "2026-02-01", "--conf-dir", dir.resolve("conf").toString()));
    args.addAll(lake.confArgs());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = JobLauncher.run(new ParcelsJob.Factory(), args.toArray(String[]::new), TestSpark.spark(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();

    assertThat(lines(lake.lakehouse().table(TableId.parse("golden.parcels")).read(), "parcel_id", "depot", "weight_kg"))
        .containsExactly("P1|north|1.600", "P2|north|2.000", "P3|south|0.250");
    assertThat(lines(lake.lakehouse().table(TableId.parse("quarantine.parcel_scans")).read(), "rule", "reason"))
        .containsExactly(
            "depot_present|depot is missing",
            "weight_kg_is_decimal|weight_kg_text is not a valid decimal(8,3): heavy",
            "weight_positive|weight_kg not greater than 0: 0.000");
    assertThat(lines(lake.lakehouse().table(TableId.parse("serving.depot_daily")).read(), "depot", "ingest_date", "parcels", "total_kg"))
        .containsExactly("north|2026-02-01|2|3.600", "south|2026-02-01|1|0.250");
    // the report reconciles the raw input: 7 read = 3 written + 3 quarantined + 1 deduplicated
    assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("raw parcel_scans +7 +0 +3 +1 +0");
  }

  @Test
  void theWorkedExampleShowsThisCode() throws IOException {
    String doc = Files.readString(Path.of("../../docs/worked-example.md"));
    String code = Files.readString(Path.of("src/main/java/io/lakeshore/example/parcels/ParcelsJob.java"));
    assertThat(doc).contains("```java\n" + code + "```\n");
  }
}
