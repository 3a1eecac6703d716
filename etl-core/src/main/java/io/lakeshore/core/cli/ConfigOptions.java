package io.lakeshore.core.cli;

import io.lakeshore.core.config.ConfigLoader;
import io.lakeshore.core.config.LakeshoreConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The configuration options every command takes: {@code --env}, {@code --conf}, {@code --conf-dir}. */
final class ConfigOptions {
  @Option(names = "--env", defaultValue = "local", paramLabel = "ENV", description = "Configuration overlay conf/env/<ENV>.conf (default: ${DEFAULT-VALUE}).")
  String env;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description = "Override one configuration key (repeatable), e.g. --conf lakeshore.tables.default-format=iceberg.")
  List<String> conf = new ArrayList<>();

  @Option(
      names = "--conf-dir",
      paramLabel = "DIR",
      defaultValue = "${env:LAKESHORE_CONF_DIR:-conf}",
      description = "Folder with application.conf and env/ (default: $LAKESHORE_CONF_DIR or ./conf).")
  Path confDir;

  /** Loads and validates the configuration these options name. */
  LakeshoreConfig load() {
    return ConfigLoader.load(confDir, env, conf);
  }
}
