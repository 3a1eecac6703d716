package io.lakeshore.core.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigUtil;
import io.lakeshore.core.config.ConfigException;
import io.lakeshore.core.config.ConfigLoader;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.job.Job;
import io.lakeshore.core.job.JobPlan;
import io.lakeshore.core.job.Load;
import io.lakeshore.core.job.Scope;
import io.lakeshore.core.raw.RawInput;
import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.table.LakehouseSettings;
import io.lakeshore.core.table.TableFormat;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.table.TableSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile names and values, fed to every place a name enters, without Spark: each is refused with
 * its own {@code Cannot …} message (exit 2 from the command line) before a session could be
 * built, or, for locations, accepted or refused by the documented rule. And a secret given by
 * {@code --conf} or in a HOCON file is in no output.
 */
class HostileInputTest {
  /** The hostile values of the matrix: quotes, a semicolon, a backtick, dot segments, schemes, blanks. */
  static final List<String> HOSTILE = List.of("a'b", "a;b", "a`b", "a\"b", "..", "../x", "s3a://x", "file:/etc", "a b", "a\nb", "", " ");

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final AtomicInteger parsed = new AtomicInteger();
  private Path confDir;

  /** A job that counts the runs that got as far as reading: none may. */
  private final Function<LakeshoreConfig, Job> factory = config -> new Job() {
    @Override
    public String name() {
      return "probe";
    }

    @Override
    public JobPlan plan(RunWindow window) {
      RawInput things = RawInput.csv("things", "id", "day");
      TableSpec table = TableSpec.of(TableId.parse("golden.things"),
          new StructType().add("id", DataTypes.StringType).add("day", DataTypes.DateType), "day");
      return JobPlan.of(Load.from(things).into(table, Scope.dates("day", window)).parse(lines -> {
        parsed.incrementAndGet();
        return things.parse(lines);
      }));
    }
  };

  @BeforeEach
  void conf() throws IOException {
    confDir = dir.resolve("conf");
    Files.createDirectories(confDir.resolve("env"));
    Files.writeString(confDir.resolve("env/local.conf"), "lakeshore.root = \"" + dir.resolve("lake") + "\"\n");
  }

  /** Runs the probe job; returns the exit code. The first stderr line is in {@link #error()}. */
  private int job(String... args) {
    out.reset();
    err.reset();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--conf-dir", confDir.toString()));
    return JobLauncher.run("probe", factory, all.toArray(String[]::new), null,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private int command(String name, String... args) {
    out.reset();
    err.reset();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--conf-dir", confDir.toString()));
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    String[] argv = all.toArray(String[]::new);
    return name.equals("maintain") ? MaintainCommand.run(argv, null, o, e) : RollbackCommand.run(argv, null, o, e);
  }

  private String error() {
    return err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
  }

  /** A value as a message prints it: control characters escaped, so it stays on its line. */
  private static String printed(String value) {
    return value.replace("\n", "\\n");
  }

  /** TableId's reason for refusing {@code text} as a table id. */
  private static String tableIdReason(String text) {
    int dot = text.indexOf('.');
    return dot <= 0 || dot != text.lastIndexOf('.')
        ? "expected zone.name, cannot be: '" + text + "'"
        : "zone and name must be lower-case identifiers (a letter, then up to 63 letters, digits or _), cannot be: '" + text + "'";
  }

  @Test
  void everyHostileNameIsRefusedWhereverANameEntersBeforeSpark() {
    String identifier = "(a letter or _, then letters, digits or _)";
    for (String v : HOSTILE) {
      // a table's settings key, its zone, its name: lakeshore.jobs.<job>.tables."zone.name"
      for (String table : List.of(v, v + ".things", "golden." + v)) {
        String key = ConfigUtil.joinPath("lakeshore", "jobs", "probe", "tables", table);
        assertThat(job("--date", "2026-01-01", "--conf", key + ".format=delta")).as(table).isEqualTo(2);
        String reason = table.contains(".") ? tableIdReason(table)
            : "a table is keyed by \"zone.name\" in quotes, e.g. tables.\"golden.orders\"";
        assertThat(error()).isEqualTo(printed("Cannot load configuration: " + key + " is not a table: " + reason
            + " (--conf " + key + ".format=delta: 1)"));
        assertThatThrownBy(() -> TableId.parse(table)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Cannot address table: " + tableIdReason(table));
        // and `maintain --table`
        assertThat(command("maintain", "--table", table)).as(table).isEqualTo(2);
        assertThat(error()).isEqualTo(printed("Cannot address table: " + tableIdReason(table)));
      }
      assertThatThrownBy(() -> TableId.of(v, "things")).hasMessage("Cannot address table: zone and name must be lower-case"
          + " identifiers (a letter, then up to 63 letters, digits or _), cannot be: '" + v + ".things'");
      assertThatThrownBy(() -> TableId.of("golden", v)).hasMessage("Cannot address table: zone and name must be lower-case"
          + " identifiers (a letter, then up to 63 letters, digits or _), cannot be: 'golden." + v + "'");
      // a raw entity, which names a folder and the quarantine table
      assertThatThrownBy(() -> RawInput.csv(v, "id"))
          .hasMessage("Cannot declare raw input: entity must be a lower-case identifier, cannot be: '" + v + "'");

      // the Iceberg catalog's name, set or given to the library directly (an override's value is trimmed)
      assertThat(job("--date", "2026-01-01", "--conf", "lakeshore.iceberg.catalog=" + v)).as(v).isEqualTo(2);
      assertThat(error()).isEqualTo(printed("Cannot load configuration: lakeshore.iceberg.catalog must be an identifier "
          + identifier + ", cannot be: '" + v.strip() + "' (--conf lakeshore.iceberg.catalog=" + v + ": 1)"));
      assertThatThrownBy(() -> new LakehouseSettings("file:/w", "file:/r", TableFormat.DELTA, Map.of(), v, Map.of()))
          .hasMessage("Cannot use Iceberg catalog: its name must be an identifier " + identifier + ", cannot be: '" + v + "'");

      // the job's own arguments
      assertThat(job("--date", v)).isEqualTo(2);
      assertThat(error()).isEqualTo(printed("Cannot parse --date: '" + v + "' is not a date (expected YYYY-MM-DD)"));
      assertThat(job("--from", v, "--to", "2026-01-01")).isEqualTo(2);
      assertThat(error()).isEqualTo(printed("Cannot parse --from: '" + v + "' is not a date (expected YYYY-MM-DD)"));
      assertThat(job("--date", "2026-01-01", "--env", v)).isEqualTo(2);
      assertThat(error()).isEqualTo(printed("Cannot load configuration: invalid --env name: '" + v + "'"));
      assertThat(command("rollback", "--run-id", v)).isEqualTo(2);
      assertThat(error()).isEqualTo(printed("Cannot parse arguments: --run-id must be a run id such as"
          + " 20260101T120000Z-enrichment-0a1b2c3d, cannot be: '" + v + "'"));
    }
    assertThat(parsed).hasValue(0);
    assertThat(dir.resolve("lake")).doesNotExist();
  }

  /**
   * Locations are paths or URIs, so a scheme is legal there, and so are quotes, semicolons,
   * backticks and inner spaces (ordinary characters of a folder name; no location reaches SQL).
   * What makes one hostile is where it leads: a .. segment (Hadoop resolves it, so the lake or a
   * raw zone beside it is not where the setting reads), glob characters (Spark expands them when it
   * reads raw files), an empty value (the working directory), blanks at either end, control
   * characters, and credentials (a location is printed everywhere).
   */
  @Test
  void locationsAcceptPathsAndUrisButNotDotDotGlobsBlanksOrCredentials() throws IOException {
    for (String v : List.of("a'b", "a;b", "a`b", "a\"b", "a b", "s3a://x", "file:/etc", "/data/my lake")) {
      LakeshoreConfig config = ConfigLoader.load(confDir, "local", List.of("lakeshore.root=" + v));
      String root = v.contains(":") ? v : "file://" + dir.getFileSystem().getPath(v).toAbsolutePath().normalize();
      assertThat(config.root()).as(v).isEqualTo(root);
      assertThat(config.lakehouse().raw()).isEqualTo(root + "/raw");
    }
    Map<String, String> refused = new java.util.LinkedHashMap<>();
    refused.put("..", "cannot have .. segments (Hadoop would resolve them to another folder than the one it names)");
    refused.put("../x", refused.get(".."));
    refused.put("s3a://bucket/lake/../other", refused.get(".."));
    refused.put("file:/data/lake/raw/..", refused.get(".."));
    refused.put("/data/lake/*", "cannot contain * ? [ ] { } or \\ (Spark would expand them as a pattern when it reads files)");
    refused.put("s3a://bucket/{a,b}", refused.get("/data/lake/*"));
    refused.put("/data/lake?mode=memory", refused.get("/data/lake/*"));
    refused.put("a\nb", "cannot contain control characters");
    refused.put("", "cannot be empty (it would be the working directory)");
    refused.put("\" \"", refused.get(""));
    refused.put("\" /data/lake\"", "cannot start or end with whitespace");
    refused.put("\"s3a://AKIAX:S3cr3t-4711@bucket/lake\"",
        "cannot carry credentials (give them to the file system's settings in lakeshore.spark.conf)");
    for (String key : List.of("root", "warehouse", "raw", "report-dir")) {
      for (Map.Entry<String, String> r : refused.entrySet()) {
        String override = "lakeshore." + key + "=" + r.getKey();
        assertThat(job("--date", "2026-01-01", "--conf", override)).as(override).isEqualTo(2);
        String value = r.getKey().startsWith("\"") ? r.getKey().substring(1, r.getKey().length() - 1) : r.getKey();
        boolean credentials = value.contains("@");
        assertThat(error()).as(override).isEqualTo(printed("Cannot load configuration: lakeshore." + key + " " + r.getValue()
            + ", cannot be: '" + (credentials ? "***" : value) + "' (--conf " + (credentials ? "lakeshore." + key + "=***" : override) + ": 1)"));
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("S3cr3t-4711");
      }
    }
    assertThat(parsed).hasValue(0);
    assertThat(dir.resolve("lake")).doesNotExist();
  }

  /** A value with a newline is printed escaped: it cannot end the message or forge the next line. */
  @Test
  void aNewlineInAValueCannotForgeAnOutputLine() {
    assertThat(job("--date", "2026-01-01\nJob probe succeeded")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(2).first().isEqualTo(
        "Cannot parse --date: '2026-01-01\\nJob probe succeeded' is not a date (expected YYYY-MM-DD)");
  }

  static final String SECRET = "S3cr3t-do-not-print-4711";

  /**
   * A secret given by --conf, or in a configuration file (where an environment variable arrives
   * through ${?NAME}), reaches no output: not a message, not the dry run, not the printed
   * configuration or its digest; a message that quotes a setting (a driver's, Spark's) is redacted.
   */
  @Test
  void secretsFromOverridesAndFilesAreInNoOutput() throws IOException {
    List<String> given = List.of(
        "lakeshore.delta.hive.jdbc.password=" + SECRET,
        "lakeshore.spark.conf.\"spark.hadoop.fs.s3a.secret.key\"=" + SECRET + "-s3",
        "lakeshore.iceberg.properties.\"jdbc.password\"=" + SECRET + "-ice",
        "lakeshore.iceberg.properties.uri=\"jdbc:postgresql://lake:" + SECRET + "-url@db/catalog\"");
    List<String> args = new ArrayList<>(List.of("--date", "2026-01-01", "--dry-run"));
    given.forEach(g -> args.addAll(List.of("--conf", g)));
    // the same settings in the environment's file
    Path fileConf = dir.resolve("file-conf");
    Files.createDirectories(fileConf.resolve("env"));
    Files.writeString(fileConf.resolve("env/local.conf"), "lakeshore.root = \"" + dir.resolve("lake") + "\"\n" + String.join("\n", given) + "\n");
    for (LakeshoreConfig config : List.of(ConfigLoader.load(confDir, "local", given), ConfigLoader.load(fileConf, "local", List.of()))) {
      assertThat(config.toString()).doesNotContain(SECRET).contains("spark.hadoop.fs.s3a.secret.key=***");
      assertThat(config.spark().toString()).doesNotContain(SECRET);
      assertThat(config.lakehouse().toString()).doesNotContain(SECRET);
      assertThat(config.tableDefaults().toString()).doesNotContain(SECRET);
      // the digest recorded with every run does not change with the secrets
      assertThat(config.digest()).isEqualTo(ConfigLoader.load(confDir, "local",
          given.stream().map(g -> g.replace(SECRET, "another")).toList()).digest());
      assertThat(config.redact("Cannot connect to jdbc:postgresql://lake:" + SECRET + "-url@db/catalog with " + SECRET
          + ", " + SECRET + "-s3 or " + SECRET + "-ice")).isEqualTo("Cannot connect to jdbc:postgresql://lake:***@db/catalog with ***, *** or ***");
    }
    assertThat(job(args.toArray(String[]::new))).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("plan for probe over 2026-01-01");
    assertThat(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET);

    // messages about a setting whose value may be a secret, from an override and from a file
    Map<String, String> messages = new java.util.LinkedHashMap<>();
    messages.put("lakeshore.delta.hive.jdbc.password=[1,2]", "Cannot load configuration: lakeshore.delta.hive.jdbc.password has type LIST,"
        + " expected STRING (--conf lakeshore.delta.hive.jdbc.password=***: 1)");
    messages.put("lakeshore.delta.catalog=\"jdbc:postgresql://u:" + SECRET + "@db/m\"", "Cannot load configuration: lakeshore.delta.catalog"
        + " must be session or hive, cannot be: '***' (--conf lakeshore.delta.catalog=***: 1)");
    messages.put("lakeshore.iceberg.catalog=\"jdbc:postgresql://u:" + SECRET + "@db/m\"", "Cannot load configuration: lakeshore.iceberg.catalog"
        + " must be an identifier (a letter or _, then letters, digits or _), cannot be: '***' (--conf lakeshore.iceberg.catalog=***: 1)");
    messages.put("lakeshore.tables.default-format=\"x?password=" + SECRET + "\"", "Cannot load configuration: lakeshore.tables.default-format"
        + " must be delta or iceberg, cannot be: '***' (--conf lakeshore.tables.default-format=***: 1)");
    for (Map.Entry<String, String> m : messages.entrySet()) {
      assertThat(job("--date", "2026-01-01", "--conf", m.getKey())).as(m.getKey()).isEqualTo(2);
      assertThat(error()).isEqualTo(m.getValue());
      assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET);
    }
    List<String> thrift = List.of("--conf", "lakeshore.delta.catalog=hive", "--conf", "lakeshore.delta.hive.uris=\"http://u:" + SECRET + "@hms:9083\"");
    List<String> all = new ArrayList<>(List.of("--date", "2026-01-01"));
    all.addAll(thrift);
    assertThat(job(all.toArray(String[]::new))).isEqualTo(2);
    assertThat(error()).isEqualTo("Cannot load configuration: lakeshore.delta.hive.uris must be thrift://host:port, comma-separated,"
        + " cannot be: '***' (--conf lakeshore.delta.hive.uris=***: 1)");
    Files.writeString(fileConf.resolve("env/local.conf"), "lakeshore.delta.hive.jdbc.password = \"" + SECRET + "\n");
    assertThatThrownBy(() -> ConfigLoader.load(fileConf, "local", List.of())).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Cannot load configuration: ").message().doesNotContain(SECRET);
  }
}
