package io.lakeshore.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.testkit.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Quick start deletes only a folder it made itself, and never writes into {@code
 * $LAKESHORE_ROOT} (issue 12, case 1).
 */
class QuickstartLakeTest {
  @TempDir Path dir;

  @Test
  void refusesAFolderItDidNotCreateAndLeavesItAlone() throws IOException {
    Path lake = dir.resolve("mine");
    Files.createDirectories(lake.resolve("raw"));
    Files.writeString(lake.resolve("raw/keep.txt"), "precious");
    java.io.StringWriter err = new java.io.StringWriter();
    int code = new CommandLine(new LocalPipeline()).setErr(new java.io.PrintWriter(err, true))
        .execute("--quickstart-lake", lake.toString(), "--conf-dir", "../conf");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().trim()).isEqualTo("Cannot start the quick start: " + lake
        + " exists and was not made by the quick start (it has no .lakeshore-quickstart file); move it away or pick"
        + " another folder");
    assertThat(Files.readString(lake.resolve("raw/keep.txt"))).isEqualTo("precious");
    try (Stream<Path> all = Files.walk(lake)) {
      assertThat(all.count()).isEqualTo(3);
    }
  }

  /** A real process, because LAKESHORE_ROOT is an environment variable. */
  @Test
  void recreatesItsOwnFolderAndIgnoresLakeshoreRoot() throws Exception {
    Path other = dir.resolve("users-lake");
    Path sentinel = other.resolve("raw/orders/date=2026-01-01/orders.jsonl");
    Files.createDirectories(sentinel.getParent());
    Files.writeString(sentinel, "{\"event_id\":\"mine\"}\n");
    Path lake = dir.resolve("quickstart-lake");
    Files.createDirectories(lake);
    Files.writeString(lake.resolve(LocalPipeline.QUICKSTART_MARKER), "");
    Files.writeString(lake.resolve("stale.txt"), "from an earlier quick start");

    List<String> command = ChildJvm.java("1g");
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), LocalPipeline.class.getName(),
        "--quickstart-lake", lake.toString(), "--from", "2026-01-01", "--to", "2026-01-01", "--orders", "20", "--domains", "commerce", "--conf-dir", "../conf"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("LAKESHORE_ROOT", other.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();

    assertThat(output).contains("quick start lake: " + lake + " (deleted and made again by every quick start)");
    try (Stream<Path> all = Files.walk(other)) {
      assertThat(all.filter(Files::isRegularFile).toList()).containsExactly(sentinel);
    }
    assertThat(Files.readString(sentinel)).isEqualTo("{\"event_id\":\"mine\"}\n");
    assertThat(lake.resolve("stale.txt")).doesNotExist();
    assertThat(lake.resolve(LocalPipeline.QUICKSTART_MARKER)).exists();
    assertThat(lake.resolve("raw/orders/date=2026-01-01/orders.jsonl")).exists();
    assertThat(lake.resolve("warehouse/delta/golden/orders/_delta_log")).isDirectory();
  }
}
