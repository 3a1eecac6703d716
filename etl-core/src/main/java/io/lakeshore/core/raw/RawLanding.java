package io.lakeshore.core.raw;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One date folder of a local raw zone being written: files go into a staging folder beside it,
 * and {@link #publish} swaps it into place, so a reader sees the old day or the new day, never
 * half of one. For generators and tests that land files; a local folder or {@code file:} location
 * only (land elsewhere through a local folder and a copy).
 *
 * <pre>{@code
 * RawLanding day = RawLanding.begin(zone, "orders", date);
 * Files.writeString(day.staging().resolve("orders.jsonl"), lines);
 * day.publish();
 * }</pre>
 */
public final class RawLanding {
  private final Path folder;
  private final Path staging;

  private RawLanding(Path folder, Path staging) {
    this.folder = folder;
    this.staging = staging;
  }

  /** Starts landing {@code entity} for {@code date}: an empty staging folder beside its place. */
  public static RawLanding begin(RawZone zone, String entity, LocalDate date) throws IOException {
    Path folder = local(zone.folder(entity, date));
    Path staging = folder.resolveSibling("_staging_" + folder.getFileName());
    deleteTree(staging);
    return new RawLanding(folder, Files.createDirectories(staging));
  }

  /** Where this landing's files are written before {@link #publish}. */
  public Path staging() {
    return staging;
  }

  /** Replaces the date folder with the staged one. */
  public void publish() throws IOException {
    deleteTree(folder);
    Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void deleteTree(Path path) throws IOException {
    if (Files.exists(path)) {
      try (Stream<Path> walk = Files.walk(path)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** The local path of a raw location: a plain path, or {@code file:/x} / {@code file:///x} (not percent-encoded). */
  static Path local(String location) {
    if (location.startsWith("file:")) {
      String path = location.substring("file:".length());
      return Path.of(path.startsWith("//") ? path.substring(2) : path);
    }
    if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
      throw new IllegalArgumentException("Cannot land raw files: the raw zone must be a local folder, got: " + location);
    }
    return Path.of(location);
  }
}
