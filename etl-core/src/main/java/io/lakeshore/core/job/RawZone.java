package io.lakeshore.core.job;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The raw landing zone's layout: {@code <root>/<entity>/date=YYYY-MM-DD/<files>}. Producers (the
 * generator, upstream exports) land files there; the enrichment jobs read one folder per date.
 */
public record RawZone(String root) {
  /** Partition column Spark derives from the {@code date=} folders. */
  public static final String DATE_FOLDER = "date";

  public RawZone {
    Objects.requireNonNull(root, "root is null");
  }

  /** Folder of an entity: {@code <root>/<entity>}. */
  public String entity(String entity) {
    return root + "/" + entity;
  }

  /** Folder of one date of an entity. */
  public String folder(String entity, LocalDate date) {
    return entity(entity) + "/" + DATE_FOLDER + "=" + date;
  }

  /** The folders of every date of the window. */
  public List<String> folders(String entity, RunWindow window) {
    return window.dates().stream().map(d -> folder(entity, d)).toList();
  }
}
