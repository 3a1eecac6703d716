package io.lakeshore.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeshore.core.session.Sessions;
import io.lakeshore.core.table.DeltaMetastore;
import io.lakeshore.core.table.TableFormat;
import io.lakeshore.core.table.TableId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path conf(String application, String env) throws IOException {
    Files.createDirectories(dir.resolve("env"));
    Files.writeString(dir.resolve("application.conf"), application);
    Files.writeString(dir.resolve("env/test.conf"), env);
    return dir;
  }

  @Test
  void layersWinInOrderAndSubstitutionsFollowTheRoot() throws IOException {
    Path confDir =
        conf(
            "lakeshore.spark.shuffle-partitions = 8\nlakeshore.tables.default-format = iceberg\n",
            "lakeshore.spark.shuffle-partitions = 6\nlakeshore.root = /data/lake\n");
    LakeshoreConfig config =
        ConfigLoader.load(confDir, "test", List.of("lakeshore.spark.shuffle-partitions=3", "lakeshore.jobs.enrichment.tables.\"golden.orders\".format=delta"));
    assertThat(config.spark().shufflePartitions()).isEqualTo(3);
    assertThat(config.lakehouse().defaultFormat()).isEqualTo(TableFormat.ICEBERG);
    assertThat(config.lakehouse().formatOf(TableId.parse("golden.orders"))).isEqualTo(TableFormat.DELTA);
    assertThat(config.lakehouse().warehouse()).isEqualTo("file:///data/lake/warehouse");
    assertThat(config.lakehouse().raw()).isEqualTo("file:///data/lake/raw");
    assertThat(config.lakehouse().icebergProperties()).containsEntry("uri", "jdbc:sqlite:/data/lake/catalog/iceberg.db");
    assertThat(config.env()).isEqualTo("test");
  }

  @Test
  void anOverrideThatIsNotHoconOnItsOwnIsTakenAsAString() throws IOException {
    Path confDir = conf("", "");
    LakeshoreConfig config = ConfigLoader.load(confDir, "test",
        List.of("lakeshore.spark.master=local[2]", "lakeshore.root=s3a://bucket/lake"));
    assertThat(config.spark().master()).isEqualTo("local[2]");
    assertThat(config.lakehouse().warehouse()).isEqualTo("s3a://bucket/lake/warehouse");
  }

  @Test
  void envOverlayWinsOverApplication() throws IOException {
    Path confDir = conf("lakeshore.spark.master = \"local[4]\"\n", "lakeshore.spark.master = \"local[1]\"\n");
    assertThat(ConfigLoader.load(confDir, "test", List.of()).spark().master()).isEqualTo("local[1]");
  }

  @Test
  void unknownKeyNamesKeyAndFile() throws IOException {
    Path confDir = conf("", "lakeshore.spark.shufle-partitions = 6\n");
    assertThatThrownBy(() -> ConfigLoader.load(confDir, "test", List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot load configuration: unknown key lakeshore.spark.shufle-partitions ("
            + dir.resolve("env/test.conf") + ": 1)");
  }

  @Test
  void unknownKeyFromOverrideNamesTheOverride() throws IOException {
    Path confDir = conf("", "");
    assertThatThrownBy(() -> ConfigLoader.load(confDir, "test", List.of("lakeshore.warehous=/x")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot load configuration: unknown key lakeshore.warehous (--conf lakeshore.warehous=/x: 1)");
  }

  @Test
  void keysOutsideTheLakeshoreSectionAreRejected() throws IOException {
    Path confDir = conf("", "");
    assertThatThrownBy(() -> ConfigLoader.load(confDir, "test", List.of("spark.sql.shuffle.partitions=4")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot load configuration: unknown key spark (--conf spark.sql.shuffle.partitions=4: 1); settings live under lakeshore");
  }

  @Test
  void wrongTypeNamesExpectedType() throws IOException {
    Path confDir = conf("lakeshore.spark.shuffle-partitions = many\n", "");
    assertThatThrownBy(() -> ConfigLoader.load(confDir, "test", List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot load configuration: lakeshore.spark.shuffle-partitions has type STRING, expected NUMBER ("
            + dir.resolve("application.conf") + ": 1)");
  }

  @Test
  void aDeclaredKeyRemovedByALayerIsMissing() throws IOException {
    Path confDir = conf("", "lakeshore.spark.master = null\n");
    assertThatThrownBy(() -> ConfigLoader.load(confDir, "test", List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot load configuration: missing key lakeshore.spark.master (" + dir.resolve("env/test.conf") + ": 1)");
  }

  @Test
  void missingEnvFileIsNamed() throws IOException {
    Path confDir = conf("", "");
    assertThatThrownBy(() -> ConfigLoader.load(confDir, "prod", List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot load configuration: no file for --env prod: " + dir.resolve("env/prod.conf"));
  }

  @Test
  void badTableFormatIsNamed() throws IOException {
    Path confDir = conf("", "");
    assertThatThrownBy(() -> ConfigLoader.load(confDir, "test", List.of("lakeshore.tables.default-format=parquet")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot load configuration: lakeshore.tables.default-format must be delta or iceberg, cannot be: 'parquet'"
            + " (--conf lakeshore.tables.default-format=parquet: 1)");
  }

  @Test
  void overrideWithoutEqualsIsRejected() throws IOException {
    Path confDir = conf("", "");
    assertThatThrownBy(() -> ConfigLoader.load(confDir, "test", List.of("lakeshore.root")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot parse --conf: expected key=value, got: 'lakeshore.root'");
  }

  @Test
  void openSectionsTakeAnyKey() throws IOException {
    Path confDir = conf("lakeshore.spark.conf { \"spark.sql.adaptive.enabled\" = false }\n", "");
    assertThat(ConfigLoader.load(confDir, "test", List.of()).spark().conf())
        .containsEntry("spark.sql.adaptive.enabled", "false");
  }

  @Test
  void undeclaredJobSectionsAreLeftToTheirJobs() throws IOException {
    // application.conf configures every job; a jar carrying only some of them still loads it.
    Path confDir = conf("lakeshore.jobs.some-other-job.threshold = 3\n", "");
    LakeshoreConfig config = ConfigLoader.load(confDir, "test", List.of());
    assertThatThrownBy(() -> config.job("missing"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot configure job missing: no section lakeshore.jobs.missing (is the job's reference.conf on the classpath?)");
  }

  @Test
  void aFractionForAnIntegerKeyIsRejectedNotTruncated() throws IOException {
    Path confDir = conf("", "");
    assertThatThrownBy(() -> ConfigLoader.load(confDir, "test", List.of("lakeshore.spark.shuffle-partitions=3.5")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot load configuration: lakeshore.spark.shuffle-partitions must be an integer, cannot be: 3.5"
            + " (--conf lakeshore.spark.shuffle-partitions=3.5: 1)");
    assertThat(ConfigLoader.load(confDir, "test", List.of("lakeshore.spark.shuffle-partitions=\"6\"")).spark().shufflePartitions())
        .isEqualTo(6);
  }

  @Test
  void aLocalRootWithASpaceIsNotPercentEncoded() throws IOException {
    Path confDir = conf("", "lakeshore.root = \"/data/my lake\"\n");
    LakeshoreConfig config = ConfigLoader.load(confDir, "test", List.of());
    assertThat(config.lakehouse().warehouse()).isEqualTo("file:///data/my lake/warehouse");
    assertThat(config.reportDir()).isEqualTo("file:///data/my lake/reports");
  }

  @Test
  void aTableKeyWithoutQuotesIsNamedWithTheFix() throws IOException {
    Path confDir = conf("lakeshore.jobs.other.tables.serving.daily_revenue.format = iceberg\n", "");
    assertThatThrownBy(() -> ConfigLoader.load(confDir, "test", List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot load configuration: lakeshore.jobs.other.tables.serving is not a table: a table is keyed by"
            + " \"zone.name\" in quotes, e.g. tables.\"golden.orders\" (" + dir.resolve("application.conf") + ": 1)");
  }

  @Test
  void twoJobsCannotGiveOneTableTwoFormats() throws IOException {
    Path confDir = conf("lakeshore.jobs.a.tables.\"golden.x\".format = delta\n"
        + "lakeshore.jobs.b.tables.\"golden.x\".format = iceberg\n", "");
    assertThatThrownBy(() -> ConfigLoader.load(confDir, "test", List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot load configuration: lakeshore.jobs.b.tables.\"golden.x\".format contradicts"
            + " lakeshore.jobs.a.tables.\"golden.x\".format = delta: a table has one format (" + dir.resolve("application.conf") + ": 2)");
  }

  @Test
  void theValueOfASecretLookingKeyIsNeverShown() throws IOException {
    Path confDir = conf("", "");
    assertThatThrownBy(() -> ConfigLoader.load(confDir, "test", List.of("lakeshore.s3.secret-key=abc123abc123")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot load configuration: unknown key lakeshore.s3.secret-key (--conf lakeshore.s3.secret-key=***: 1)");
    assertThatThrownBy(() -> ConfigLoader.load(confDir, "test", List.of("my-password")))
        .hasMessage("Cannot parse --conf: expected key=value, got: '***'");
    assertThat(Secrets.looksSecret("spark.hadoop.fs.s3a.access.key")).isTrue();
    assertThat(Secrets.looksSecret("lakeshore.iceberg.properties.credential")).isTrue();
    assertThat(Secrets.looksSecret("lakeshore.jobs.enrichment.lateness-days")).isFalse();
  }

  @Test
  void jobSectionsNoModuleDeclaresAreNamedInANote() throws IOException {
    Path confDir = conf("lakeshore.jobs.enrichmnt.threshold = 3\n", "");
    assertThat(ConfigLoader.load(confDir, "test", List.of()).notes()).containsExactly(
        "Note: lakeshore.jobs has sections for jobs not on this classpath, left to them: enrichmnt (declared here: );"
            + " a misspelled job name would be among them");
    assertThat(ConfigLoader.load(conf("", ""), "test", List.of()).notes()).isEmpty();
  }

  @Test
  void oneLatenessHorizonIsValidatedOnce() throws IOException {
    Path confDir = conf("", "");
    assertThat(ConfigLoader.load(confDir, "test", List.of()).latenessDays()).isEqualTo(7);
    assertThatThrownBy(() -> ConfigLoader.load(confDir, "test", List.of("lakeshore.lateness-days=400")))
        .hasMessage("Cannot load configuration: lakeshore.lateness-days must be in [0, 365], cannot be: 400"
            + " (--conf lakeshore.lateness-days=400: 1)");
  }

  @Test
  void theDeltaTablesAreInTheSessionCatalogUnlessAMetastoreIsConfigured() throws IOException {
    Path confDir = conf("", "lakeshore.root = /data/lake\n");
    LakeshoreConfig session = ConfigLoader.load(confDir, "test", List.of());
    assertThat(session.lakehouse().deltaMetastore()).isEqualTo(DeltaMetastore.SESSION);
    assertThat(Sessions.conf(session.spark(), session.lakehouse())).containsEntry("spark.sql.catalogImplementation", "in-memory")
        .doesNotContainKeys("spark.sql.warehouse.dir", "spark.hadoop.hive.metastore.uris", "spark.hadoop.javax.jdo.option.ConnectionURL");

    LakeshoreConfig jdbc = ConfigLoader.load(confDir, "test", List.of("lakeshore.delta.catalog=hive",
        "lakeshore.delta.hive.jdbc.url=\"jdbc:postgresql://db:5432/metastore\"", "lakeshore.delta.hive.jdbc.user=hive",
        "lakeshore.delta.hive.jdbc.password=pw-4711"));
    assertThat(jdbc.lakehouse().deltaMetastore())
        .isEqualTo(DeltaMetastore.jdbc("jdbc:postgresql://db:5432/metastore", "org.postgresql.Driver", "hive", "pw-4711"));
    assertThat(Sessions.conf(jdbc.spark(), jdbc.lakehouse())).containsAllEntriesOf(java.util.Map.of(
        "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog",
        "spark.sql.catalogImplementation", "hive",
        "spark.sql.warehouse.dir", "file:///data/lake/warehouse/hive",
        "spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:postgresql://db:5432/metastore",
        "spark.hadoop.javax.jdo.option.ConnectionDriverName", "org.postgresql.Driver",
        "spark.hadoop.javax.jdo.option.ConnectionUserName", "hive",
        "spark.hadoop.javax.jdo.option.ConnectionPassword", "pw-4711",
        "spark.hadoop.datanucleus.schema.autoCreateAll", "true",
        "spark.hadoop.hive.metastore.schema.verification", "false"));
    // the password is in no printed form of the settings, nor in the digest recorded with each run
    assertThat(jdbc.lakehouse().toString()).contains("jdbcUser=hive").doesNotContain("pw-4711");
    // nor the Iceberg catalog's password, as a property or inside its URI
    LakeshoreConfig iceberg = ConfigLoader.load(confDir, "test", List.of("lakeshore.iceberg.properties.\"jdbc.password\"=ice-4711",
        "lakeshore.iceberg.properties.uri=\"jdbc:postgresql://db/cat?password=ice-4711\""));
    assertThat(iceberg.lakehouse().icebergProperties()).containsEntry("jdbc.password", "ice-4711");
    assertThat(iceberg.lakehouse().toString()).contains("keys=[jdbc.password, jdbc.schema-version, type, uri]").doesNotContain("ice-4711");
    assertThat(ConfigLoader.load(confDir, "test", List.of("lakeshore.delta.catalog=hive",
        "lakeshore.delta.hive.jdbc.url=\"jdbc:postgresql://db:5432/metastore\"", "lakeshore.delta.hive.jdbc.user=hive",
        "lakeshore.delta.hive.jdbc.password=another")).digest()).isEqualTo(jdbc.digest());

    LakeshoreConfig thrift = ConfigLoader.load(confDir, "test", List.of("lakeshore.delta.catalog=hive",
        "lakeshore.delta.hive.uris=\"thrift://hms:9083\"", "lakeshore.spark.conf.\"spark.sql.warehouse.dir\"=/elsewhere"));
    assertThat(Sessions.conf(thrift.spark(), thrift.lakehouse())).containsEntry("spark.hadoop.hive.metastore.uris", "thrift://hms:9083")
        .containsEntry("spark.sql.catalogImplementation", "hive").containsEntry("spark.sql.warehouse.dir", "/elsewhere")
        .doesNotContainKey("spark.hadoop.javax.jdo.option.ConnectionURL");
  }

  @Test
  void aMetastoreIsReachedOneWayAndItsSettingsAreNamedNotShown() throws IOException {
    Path confDir = conf("", "");
    assertThatThrownBy(() -> ConfigLoader.load(confDir, "test", List.of("lakeshore.delta.catalog=hive")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Cannot load configuration: lakeshore.delta.catalog = hive needs exactly one of"
            + " lakeshore.delta.hive.uris (a metastore service) and lakeshore.delta.hive.jdbc.url (its database), and neither is set"
            + " (uris: reference.conf @ ");
    assertThatThrownBy(() -> ConfigLoader.load(confDir, "test", List.of("lakeshore.delta.catalog=hive",
        "lakeshore.delta.hive.uris=\"thrift://hms:9083\"", "lakeshore.delta.hive.jdbc.url=\"jdbc:postgresql://db/m?password=pw-4711\"")))
        .hasMessageEndingWith("and both are set (uris: --conf lakeshore.delta.hive.uris=\"thrift://hms:9083\": 1;"
            + " jdbc.url: --conf lakeshore.delta.hive.jdbc.url=***: 1)");
    assertThat(Secrets.redactOverride("lakeshore.iceberg.properties.uri=jdbc:postgresql://u:pw-4711@db/c")).endsWith("uri=***");
    assertThat(Secrets.redactOverride("lakeshore.iceberg.properties.uri=jdbc:postgresql://db:5432/c")).endsWith("db:5432/c");
    assertThatThrownBy(() -> ConfigLoader.load(confDir, "test", List.of("lakeshore.delta.catalog=derby")))
        .hasMessage("Cannot load configuration: lakeshore.delta.catalog must be session or hive, cannot be: 'derby'"
            + " (--conf lakeshore.delta.catalog=derby: 1)");
    assertThatThrownBy(() -> ConfigLoader.load(confDir, "test", List.of("lakeshore.delta.catalog=hive",
        "lakeshore.delta.hive.uris=\"hms:9083\"")))
        .hasMessage("Cannot load configuration: lakeshore.delta.hive.uris must be thrift://host:port, comma-separated,"
            + " cannot be: 'hms:9083' (--conf lakeshore.delta.hive.uris=\"hms:9083\": 1)");
  }
}
