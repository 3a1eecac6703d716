package io.lakeshore.bench;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system, counting which files are opened for reading. Set as {@code fs.file.impl}
 * in a measured process (local mode: the executors are threads of the same JVM, so one static
 * tally sees every read): it tells which data files of which table a run touched, whatever reads
 * them (Delta, Iceberg, the raw text reader), without relying on each format's scan metrics.
 */
public final class CountingFileSystem extends LocalFileSystem {
  /** Distinct files opened, and their sizes, per path. */
  private static final Map<String, Long> OPENED = new ConcurrentHashMap<>();
  private static final AtomicLong OPENS = new AtomicLong();

  public CountingFileSystem() {
    super(new Raw());
  }

  static final class Raw extends RawLocalFileSystem {
    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
      // the checksum files LocalFileSystem opens beside each file are not reads of data
      if (!f.getName().endsWith(".crc")) {
        OPENS.incrementAndGet();
        OPENED.computeIfAbsent(Path.getPathWithoutSchemeAndAuthority(f).toString(), p -> new java.io.File(p).length());
      }
      return super.open(f, bufferSize);
    }
  }

  /** Opens of any file, counting repeats. */
  static long opens() {
    return OPENS.get();
  }

  /**
   * Distinct files opened and their bytes, grouped by what they belong to: {@code <zone>.<table>}
   * for a table's data files, {@code <zone>.<table> (log)} for its metadata (Delta log and
   * checkpoints, Iceberg metadata and manifests), {@code _staging} for the run's staged rows,
   * {@code raw/<entity>} under the raw root.
   */
  static Map<String, long[]> byTable(String warehouse, String raw) {
    Map<String, long[]> groups = new TreeMap<>();
    OPENED.forEach((path, size) -> {
      String group;
      if (path.startsWith(warehouse + "/")) {
        // <warehouse>/<format>/<zone>/<table>/…, or <warehouse>/_staging/<run>/…
        String[] parts = path.substring(warehouse.length() + 1).split("/");
        boolean meta = path.contains("/_delta_log/") || path.contains("/metadata/");
        group = parts[0].equals("_staging") || parts.length < 4 ? parts[0]
            : parts[1] + "." + parts[2] + (meta ? " (log)" : "");
      } else if (path.startsWith(raw + "/")) {
        group = "raw/" + path.substring(raw.length() + 1).split("/")[0];
      } else {
        group = "other";
      }
      long[] tally = groups.computeIfAbsent(group, g -> new long[2]);
      tally[0]++;
      tally[1] += size;
    });
    return groups;
  }
}
