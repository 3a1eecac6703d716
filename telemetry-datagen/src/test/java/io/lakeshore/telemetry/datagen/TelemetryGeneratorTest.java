package io.lakeshore.telemetry.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryGeneratorTest {
  @TempDir Path a;
  @TempDir Path b;
  static final LocalDate DAY = LocalDate.parse("2026-01-20");
  static final String READINGS = "readings/date=2026-01-20/readings.jsonl";
  static final String DEVICES = "devices/date=2026-01-20/devices.csv";
  /** Small enough to run in well under a second, large enough that every fault occurs. */
  static final TelemetrySettings SMALL = new TelemetrySettings(7L, 40, 5, 48, 0.01, 0.01, 0.02, 0.01, 0.01, 0.02, 0.03, 0.01, 3);
  private static final Pattern READING = Pattern.compile(
      "\\{\"device_id\":\"([^\"]+)\",\"value\":(-?[0-9.]+),\"unit\":\"([^\"]+)\",\"reading_ts\":\"([^\"]+)\",\"received_ts\":\"([^\"]+)\"}");

  @Test
  void sameSeedAndDateGiveTheSameBytesWhateverCameBefore() throws IOException {
    new TelemetryGenerator(SMALL).generate(a.toString(), DAY.minusDays(1));
    TelemetryManifest inRange = new TelemetryGenerator(SMALL).generate(a.toString(), DAY);
    TelemetryManifest alone = new TelemetryGenerator(SMALL).generate(b.toString(), DAY);
    for (String file : List.of(READINGS, DEVICES)) {
      assertThat(Files.mismatch(a.resolve(file), b.resolve(file))).as(file).isEqualTo(-1L);
    }
    assertThat(inRange).isEqualTo(alone);
    // another seed, other bytes
    TelemetrySettings other = new TelemetrySettings(8L, 40, 5, 48, 0.01, 0.01, 0.02, 0.01, 0.01, 0.02, 0.03, 0.01, 3);
    new TelemetryGenerator(other).generate(b.toString(), DAY);
    assertThat(Files.mismatch(a.resolve(READINGS), b.resolve(READINGS))).isNotEqualTo(-1L);
  }

  @Test
  void manifestCountsAreExactAndMatchWhatTheFileShows() throws IOException {
    TelemetryManifest m = new TelemetryGenerator(SMALL).generate(a.toString(), DAY);
    Map<TelemetryFault, Long> counts = new LinkedHashMap<>();
    for (TelemetryFault f : TelemetryFault.values()) {
      counts.put(f, m.count(f));
    }
    // pinned for seed 7: a change in the generator's draws shows here first
    assertThat(counts).isEqualTo(Map.of(
        TelemetryFault.MALFORMED, 16L, TelemetryFault.OUT_OF_RANGE, 24L, TelemetryFault.UNIT_MIXUP, 24L,
        TelemetryFault.CLOCK_SKEW, 19L, TelemetryFault.UNKNOWN_DEVICE, 20L, TelemetryFault.TOO_LATE, 21L,
        TelemetryFault.DUPLICATE, 23L));
    assertThat(m.late()).hasSize(49);
    assertThat(m.deviceRows()).isEqualTo(40);

    // an independent reading of the file, by the rules the enrichment job will apply
    Map<String, String> typeOf = new HashMap<>();
    List<String> registry = Files.readAllLines(a.resolve(DEVICES));
    assertThat(registry.get(0)).isEqualTo("device_id,site_id,sensor_type,unit,calibration_offset");
    for (String row : registry.subList(1, registry.size())) {
      String[] f = row.split(",");
      typeOf.put(f[0], f[2]);
    }
    List<String> text = Files.readAllLines(a.resolve(READINGS));
    assertThat(m.readingLines()).isEqualTo(text.size());
    Map<TelemetryFault, List<String>> seen = new LinkedHashMap<>();
    for (TelemetryFault f : TelemetryFault.values()) {
      seen.put(f, new ArrayList<>());
    }
    List<String> late = new ArrayList<>();
    Map<String, Integer> copies = new HashMap<>();
    List<String> readingTimes = new ArrayList<>();
    List<String> receivedTimes = new ArrayList<>();
    for (String line : text) {
      Matcher r = READING.matcher(line);
      if (!r.matches()) {
        seen.get(TelemetryFault.MALFORMED).add(line);
        continue;
      }
      String device = r.group(1);
      double value = Double.parseDouble(r.group(2));
      String key = device + "@" + r.group(4);
      LocalDate readingDate = LocalDate.parse(r.group(4).substring(0, 10));
      readingTimes.add(r.group(4));
      receivedTimes.add(r.group(5));
      String type = typeOf.get(device);
      SensorType sensor = type == null ? null : SensorType.valueOf(type.toUpperCase(java.util.Locale.ROOT));
      if (sensor == null) {
        seen.get(TelemetryFault.UNKNOWN_DEVICE).add(key);
      } else if (value < sensor.min() || value > sensor.max()) {
        seen.get(TelemetryFault.OUT_OF_RANGE).add(key);
      } else if (sensor == SensorType.TEMPERATURE && value > SensorType.PLAUSIBLE_CELSIUS_MAX) {
        seen.get(TelemetryFault.UNIT_MIXUP).add(key);
      } else if (r.group(4).compareTo(r.group(5)) > 0) {
        seen.get(TelemetryFault.CLOCK_SKEW).add(key);
      } else if (readingDate.isBefore(DAY.minusDays(SMALL.lookbackDays()))) {
        seen.get(TelemetryFault.TOO_LATE).add(key);
      } else if (copies.merge(key, 1, Integer::sum) == 2) {
        seen.get(TelemetryFault.DUPLICATE).add(key);
      } else if (readingDate.isBefore(DAY)) {
        late.add(key);
      }
    }
    for (TelemetryFault f : TelemetryFault.values()) {
      assertThat(seen.get(f)).as(f.toString()).containsExactlyInAnyOrderElementsOf(m.of(f));
    }
    assertThat(late).containsExactlyInAnyOrderElementsOf(m.late());
    // arrival order: received times ascend, reading times do not
    assertThat(receivedTimes).isSorted();
    assertThat(readingTimes).isNotEqualTo(readingTimes.stream().sorted().toList());
  }

  @Test
  void devicesMoveAndGetRecalibratedAndTheManifestSaysWhich() throws IOException {
    TelemetryGenerator generator = new TelemetryGenerator(SMALL);
    generator.generate(a.toString(), DAY.minusDays(1));
    List<String> moved = new ArrayList<>();
    List<String> recalibrated = new ArrayList<>();
    for (LocalDate day = DAY; !day.isAfter(DAY.plusDays(5)); day = day.plusDays(1)) {
      TelemetryManifest m = generator.generate(a.toString(), day);
      Map<String, String[]> before = registry(a.resolve("devices/date=" + day.minusDays(1) + "/devices.csv"));
      Map<String, String[]> today = registry(a.resolve("devices/date=" + day + "/devices.csv"));
      assertThat(today.keySet().stream().filter(d -> !today.get(d)[1].equals(before.get(d)[1])).sorted().toList())
          .as("moved on " + day).isEqualTo(m.moved());
      assertThat(today.keySet().stream().filter(d -> !today.get(d)[4].equals(before.get(d)[4])).sorted().toList())
          .as("recalibrated on " + day).isEqualTo(m.recalibrated());
      // a device's sensor type and unit never change
      assertThat(today.keySet()).allMatch(d -> today.get(d)[2].equals(before.get(d)[2]) && today.get(d)[3].equals(before.get(d)[3]));
      String on = day + " ";
      m.moved().forEach(d -> moved.add(on + d));
      m.recalibrated().forEach(d -> recalibrated.add(on + d));
    }
    assertThat(moved).containsExactly("2026-01-20 D00019", "2026-01-21 D00039", "2026-01-24 D00022", "2026-01-25 D00006");
    assertThat(recalibrated).containsExactly("2026-01-22 D00006", "2026-01-22 D00022", "2026-01-22 D00040", "2026-01-23 D00012",
        "2026-01-23 D00020", "2026-01-23 D00030", "2026-01-24 D00017");
  }

  private static Map<String, String[]> registry(Path file) throws IOException {
    Map<String, String[]> rows = new HashMap<>();
    for (String row : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
      rows.put(row.split(",")[0], row.split(","));
    }
    return rows;
  }

  @Test
  void refusesImpossibleSettings() {
    assertThatThrownBy(() -> new TelemetrySettings(1, 10, 2, 7, 0, 0, 0, 0, 0, 0, 0, 0, 3))
        .hasMessage("Cannot generate: readings per day must divide 86400, cannot be: 7");
    assertThatThrownBy(() -> new TelemetrySettings(1, 10, 2, 24, 0.5, 0.6, 0, 0, 0, 0, 0, 0, 3))
        .hasMessage("Cannot generate: fault rates add up to more than 1: 1.1");
  }

  @Test
  void commandLandsEachDateOfTheRangeAndRefusesABadDate() {
    assertThat(new picocli.CommandLine(new GenerateTelemetryMain())
        .execute("--raw-dir", a.toString(), "--from", "2026-01-19", "--to", "2026-01-20", "--devices", "10")).isZero();
    assertThat(Files.exists(a.resolve(READINGS))).isTrue();
    assertThat(Files.exists(a.resolve("devices/date=2026-01-19/devices.csv"))).isTrue();
    assertThat(new picocli.CommandLine(new GenerateTelemetryMain()).execute("--raw-dir", a.toString(), "--date", "2026-13-01"))
        .isEqualTo(2);
  }
}
