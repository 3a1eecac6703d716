package io.lakeshore.local;

import static org.apache.spark.sql.functions.col;

import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.config.ConfigLoader;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.job.JobFactory;
import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.session.Sessions;
import io.lakeshore.core.table.Lakehouse;
import io.lakeshore.core.table.TableId;
import io.lakeshore.datagen.CommerceGenerator;
import io.lakeshore.datagen.DayManifest;
import io.lakeshore.datagen.GeneratorSettings;
import io.lakeshore.telemetry.datagen.TelemetryGenerator;
import io.lakeshore.telemetry.datagen.TelemetryManifest;
import io.lakeshore.telemetry.datagen.TelemetrySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The embedded default end to end, in one JVM and one Spark session: for each date and each domain
 * (commerce, telemetry), lands generated raw data, then runs the domain's jobs for that date
 * through the same CLI a scheduler uses, the way a daily schedule would, and shows the serving
 * tables.
 */
@Command(name = "local-pipeline", mixinStandardHelpOptions = true,
    description = "Generate raw data and run every job of each domain day by day on the embedded default.")
public final class LocalPipeline implements Callable<Integer> {
  @Option(names = "--from", defaultValue = "2026-01-01", description = "First date (default: ${DEFAULT-VALUE}).")
  String from;

  @Option(names = "--to", defaultValue = "2026-01-03", description = "Last date (default: ${DEFAULT-VALUE}).")
  String to;

  @Option(names = "--orders", defaultValue = "2000", description = "New orders per day (default: ${DEFAULT-VALUE}).")
  int orders;

  @Option(names = "--devices", defaultValue = "40", description = "Telemetry devices (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(names = "--domains", split = ",", defaultValue = "commerce,telemetry",
      description = "Domains to run, in order (default: ${DEFAULT-VALUE}).")
  List<String> domains;

  @Option(names = "--env", defaultValue = "local", description = "Configuration overlay (default: ${DEFAULT-VALUE}).")
  String env;

  @Option(names = "--conf-dir", defaultValue = "${env:LAKESHORE_CONF_DIR:-conf}", description = "Configuration folder (default: $LAKESHORE_CONF_DIR or ./conf).")
  Path confDir;

  @Option(names = "--conf", description = "Configuration override KEY=VALUE (repeatable).")
  List<String> conf = new ArrayList<>();

  @Option(names = "--quickstart-lake", paramLabel = "DIR",
      description = "Use DIR as the lake root (over every other setting and LAKESHORE_ROOT), deleting it first if an earlier"
          + " quick start made it; a folder the quick start did not make is never touched.")
  Path quickstartLake;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The file that marks a folder as made by the quick start, which may then delete it. */
  static final String QUICKSTART_MARKER = ".lakeshore-quickstart";

  /** The commerce pipeline's jobs, in the order a day runs them, by name. */
  static final List<String> ORDER = List.of("enrichment", "curation", "aggregation");

  /** Each job's factory, found on the classpath (each job module registers its own). */
  static final List<JobFactory> JOBS = ORDER.stream().map(JobFactory::named).toList();

  /** The telemetry pipeline's jobs, in the order a day runs them, by name. */
  static final List<String> TELEMETRY = List.of("telemetry-enrichment", "telemetry-curation", "telemetry-aggregation");

  /** A domain the pipeline runs: its jobs in run order, and its serving tables shown at the end, each with the order of its first rows. */
  record Domain(List<String> jobs, Map<String, List<Column>> shown) {}

  /** Every domain, by name. */
  static final Map<String, Domain> DOMAINS = Map.of(
      "commerce", new Domain(ORDER, Map.of(
          "serving.daily_revenue", List.of(col("order_date").desc(), col("revenue_usd").desc()),
          "serving.customer_ltv", List.of(col("lifetime_revenue_usd").desc()))),
      "telemetry", new Domain(TELEMETRY, Map.of(
          "serving.site_daily", List.of(col("reading_date").desc(), col("site_id")),
          "serving.device_hourly", List.of(col("reading_date").desc(), col("hour").desc(), col("device_id")))));

  /** The factory of the job of that name. */
  static JobFactory job(String name) {
    return DOMAINS.values().stream().flatMap(d -> d.jobs().stream()).filter(name::equals).map(JobFactory::named).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Cannot find job: " + name + " (the pipeline runs " + ORDER + " and " + TELEMETRY + ")"));
  }

  @Override
  public Integer call() {
    RunWindow window;
    LakeshoreConfig config;
    List<String> overrides = new ArrayList<>(conf);
    try {
      window = RunWindow.between(RunWindow.parseDate("--from", from), RunWindow.parseDate("--to", to));
      if (quickstartLake != null) {
        // last, so that it wins over the env files' ${?LAKESHORE_ROOT} and every other --conf
        overrides.add("lakeshore.root=" + quickstartLake.toAbsolutePath().normalize());
      }
      for (String domain : domains) {
        if (!DOMAINS.containsKey(domain)) {
          throw new IllegalArgumentException("Cannot run domain: " + domain + " (known: commerce, telemetry)");
        }
      }
      config = ConfigLoader.load(confDir, env, overrides);
      if (quickstartLake != null) {
        recreate(quickstartLake.toAbsolutePath().normalize());
      }
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return JobLauncher.USAGE;
    }
    // late events within the horizon the jobs accept, and some beyond it
    CommerceGenerator commerce = new CommerceGenerator(GeneratorSettings.defaults(orders).withLatenessDays(config.latenessDays()));
    TelemetryGenerator telemetry = new TelemetryGenerator(
        TelemetrySettings.defaults(devices).withLookbackDays(config.job("telemetry-enrichment").intValue("lookback-days")));
    // each lands a date's raw files below a root and says what it landed
    Map<String, java.util.function.BiFunction<String, LocalDate, String>> generators = Map.of(
        "commerce", (root, date) -> {
          DayManifest m = commerce.generate(root, date);
          return m.orderLines() + " order lines, " + m.customerRows() + " customers";
        },
        "telemetry", (root, date) -> {
          TelemetryManifest m = telemetry.generate(root, date);
          return m.readingLines() + " readings, " + m.deviceRows() + " devices";
        });
    SparkSession spark = Sessions.create("lakeshore-local-pipeline", config.spark(), config.lakehouse());
    String raw = config.lakehouse().raw();
    try {
      for (LocalDate date : window.dates()) {
        for (String domain : domains) {
          var hadoop = spark.sparkContext().hadoopConfiguration();
          String landed = land(root -> generators.get(domain).apply(root, date), raw, date, hadoop);
          System.out.printf("== %s: landed %s in %s%n", date, landed, raw);
          for (String job : DOMAINS.get(domain).jobs()) {
            List<String> args = new ArrayList<>(List.of("--date", date.toString(), "--env", env, "--conf-dir", confDir.toString()));
            overrides.forEach(c -> args.addAll(List.of("--conf", c)));
            int code = JobLauncher.run(job(job), args.toArray(String[]::new), spark, System.out, System.err);
            if (code != JobLauncher.OK) {
              return code;
            }
          }
        }
      }
      Lakehouse lake = Lakehouse.open(spark, config.lakehouse());
      for (String domain : domains) {
        for (var shown : new java.util.TreeMap<>(DOMAINS.get(domain).shown()).entrySet()) {
          TableId id = TableId.parse(shown.getKey());
          System.out.println("== " + id + " (" + lake.formatOf(id) + "), first rows:");
          lake.table(id).read().drop("run_id", "job_name", "processed_at").orderBy(shown.getValue().toArray(Column[]::new)).show(10, false);
        }
      }
      return JobLauncher.OK;
    } finally {
      spark.stop();
    }
  }

  /**
   * Lands one date of generated raw files: straight into a local raw zone, and into any other
   * (s3a://…) through Hadoop's FileSystem, from a local folder the generator writes (it writes
   * local files only). Each date folder is uploaded beside its place and renamed into it, as the
   * generator does locally.
   */
  static <T> T land(java.util.function.Function<String, T> generate, String raw, LocalDate date,
      org.apache.hadoop.conf.Configuration hadoop) {
    if (!raw.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") || raw.startsWith("file:")) {
      return generate.apply(raw);
    }
    Path local = null;
    try {
      local = Files.createTempDirectory("lakeshore-raw-");
      T landed = generate.apply(local.toString());
      io.lakeshore.core.raw.RawZone zone = new io.lakeshore.core.raw.RawZone(raw);
      io.lakeshore.core.raw.RawZone localZone = new io.lakeshore.core.raw.RawZone(local.toString());
      List<String> entities;
      try (Stream<Path> all = Files.list(local)) {
        entities = all.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
      }
      for (String entity : entities) {
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(zone.folder(entity, date));
        org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(target.getParent(), "_staging_" + target.getName());
        org.apache.hadoop.fs.FileSystem fs = target.getFileSystem(hadoop);
        fs.delete(staging, true);
        // through output streams, not copyFromLocalFile: S3A uploads a local file with the SDK's
        // async (Netty) client, which the minimal SDK set leaves out
        try (Stream<Path> landedFiles = Files.list(Path.of(localZone.folder(entity, date)))) {
          for (Path file : landedFiles.sorted().toList()) {
            try (java.io.OutputStream out = fs.create(new org.apache.hadoop.fs.Path(staging, file.getFileName().toString()), true)) {
              Files.copy(file, out);
            }
          }
        }
        fs.delete(target, true);
        if (!fs.rename(staging, target)) {
          throw new java.io.IOException("rename of " + staging + " to " + target + " failed");
        }
      }
      return landed;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot land " + date + " in " + raw + ": " + e.getMessage(), e);
    } finally {
      if (local != null) {
        deleteTree(local);
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the quick start's own folder and makes it again, marked as its own. A folder without
   * the marker was made by someone else (a lake of the user's): it is refused, not touched.
   */
  private void recreate(Path lake) {
    try {
      if (Files.exists(lake, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        if (Files.isSymbolicLink(lake) || !Files.isRegularFile(lake.resolve(QUICKSTART_MARKER), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          throw new IllegalStateException("Cannot start the quick start: " + lake + " exists and was not made by the quick start"
              + " (it has no " + QUICKSTART_MARKER + " file); move it away or pick another folder");
        }
        try (Stream<Path> all = Files.walk(lake)) {
          for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
      Files.createDirectories(lake);
      Files.writeString(lake.resolve(QUICKSTART_MARKER), "Made by the Lakeshore quick start, which deletes this folder when it runs again.\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot prepare the quick start lake " + lake + ": " + e.getMessage(), e);
    }
    spec.commandLine().getOut().println("quick start lake: " + lake + " (deleted and made again by every quick start)");
    spec.commandLine().getOut().flush();
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new LocalPipeline()).execute(args));
  }
}
