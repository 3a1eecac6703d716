package io.lakeshore.core.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A landed date folder is the old day until publish, then exactly the new day. */
class RawLandingTest {
  private static final LocalDate DAY = LocalDate.parse("2026-01-05");

  @TempDir Path root;

  private static java.util.List<String> files(Path folder) throws Exception {
    try (Stream<Path> all = Files.list(folder)) {
      return all.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void publishSwapsTheStagedFolderInWholly() throws Exception {
    RawZone zone = new RawZone("file://" + root);
    RawLanding first = RawLanding.begin(zone, "orders", DAY);
    Files.writeString(first.staging().resolve("a.jsonl"), "{}\n");
    first.publish();
    Path folder = root.resolve("orders/date=2026-01-05");
    assertThat(files(folder)).containsExactly("a.jsonl");

    RawLanding second = RawLanding.begin(zone, "orders", DAY);
    Files.writeString(second.staging().resolve("b.jsonl"), "{}\n");
    assertThat(files(folder)).as("the old day until publish").containsExactly("a.jsonl");
    second.publish();
    assertThat(files(folder)).containsExactly("b.jsonl");
    assertThat(files(root.resolve("orders"))).containsExactly("date=2026-01-05");
  }

  @Test
  void refusesARemoteRawZone() {
    assertThatThrownBy(() -> RawLanding.begin(new RawZone("s3a://bucket/raw"), "orders", DAY))
        .hasMessage("Cannot land raw files: the raw zone must be a local folder, got: s3a://bucket/raw/orders/date=2026-01-05");
  }
}
