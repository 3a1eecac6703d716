package io.lakeshore.core.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What a run did to one table or input. A raw input ({@code raw <entity>}) has rows read,
 * quarantined, deduplicated and dropped and the violations per rule; a table has the rows its
 * commits inserted, updated and deleted, as the table recorded them, and the versions around
 * them; a table read has the version it was read at. Counts reconcile: for a raw entity, {@code
 * read = written to its table + quarantined + deduplicated + dropped}.
 */
public final class TableMetrics {
  private final String name;
  private String format = "";
  private long read;
  private long written;
  private long quarantined;
  private long deduplicated;
  private long dropped;
  private long rescued;
  private long inserted;
  private long updated;
  private long deleted;
  private OptionalLong versionRead = OptionalLong.empty();
  private final Map<String, Long> violations = new LinkedHashMap<>();
  private OptionalLong versionBefore = OptionalLong.empty();
  private OptionalLong versionAfter = OptionalLong.empty();
  private int commits;

  TableMetrics(String name) {
    this.name = name;
  }

  public synchronized TableMetrics format(String value) {
    this.format = value;
    return this;
  }

  public synchronized TableMetrics read(long rows) {
    this.read += rows;
    return this;
  }


  public synchronized TableMetrics quarantined(long rows) {
    this.quarantined += rows;
    return this;
  }

  public synchronized TableMetrics deduplicated(long rows) {
    this.deduplicated += rows;
    return this;
  }

  public synchronized TableMetrics dropped(long rows) {
    this.dropped += rows;
    return this;
  }

  /** Rows that had fields the declared schema does not know (kept in the rescued-data column). */
  public synchronized TableMetrics rescued(long rows) {
    this.rescued += rows;
    return this;
  }

  /** Rows that violated an expectation, by rule name (warnings included). */
  public synchronized TableMetrics violations(String rule, long rows) {
    violations.merge(rule, rows, Long::sum);
    return this;
  }

  /**
   * A commit of this run, with the rows it wrote as the table recorded them: the first commit's
   * version before and the last one's after are kept.
   */
  synchronized TableMetrics committed(io.lakeshore.core.table.Commit commit) {
    if (commits++ == 0) {
      this.versionBefore = commit.versionBefore();
    }
    this.versionAfter = OptionalLong.of(commit.versionAfter());
    this.written += commit.rowsWritten();
    this.inserted += commit.rowsInserted();
    this.updated += commit.rowsUpdated();
    this.deleted += commit.rowsDeleted();
    return this;
  }

  /** The version this run read the table at (for a table the run reads). */
  public synchronized TableMetrics readAt(OptionalLong version) {
    this.versionRead = version;
    return this;
  }

  public synchronized String name() {
    return name;
  }

  public synchronized String format() {
    return format;
  }

  public synchronized long read() {
    return read;
  }

  public synchronized long written() {
    return written;
  }

  public synchronized long quarantined() {
    return quarantined;
  }

  public synchronized long deduplicated() {
    return deduplicated;
  }

  public synchronized long dropped() {
    return dropped;
  }

  public synchronized long rescued() {
    return rescued;
  }

  public synchronized long inserted() {
    return inserted;
  }

  public synchronized long updated() {
    return updated;
  }

  public synchronized long deleted() {
    return deleted;
  }

  public synchronized OptionalLong versionRead() {
    return versionRead;
  }

  public synchronized Map<String, Long> violations() {
    return Map.copyOf(violations);
  }

  public synchronized OptionalLong versionBefore() {
    return versionBefore;
  }

  public synchronized OptionalLong versionAfter() {
    return versionAfter;
  }

  /** How many commits the run made to this table (0 for an input). */
  public synchronized int commits() {
    return commits;
  }

  synchronized Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", name);
    m.put("format", format);
    m.put("rows_read", read);
    m.put("rows_written", written);
    m.put("rows_quarantined", quarantined);
    m.put("rows_deduplicated", deduplicated);
    m.put("rows_dropped", dropped);
    m.put("rows_rescued", rescued);
    m.put("rows_inserted", inserted);
    m.put("rows_updated", updated);
    m.put("rows_deleted", deleted);
    m.put("violations", new LinkedHashMap<>(violations));
    m.put("commits", commits);
    m.put("version_before", versionBefore.isPresent() ? versionBefore.getAsLong() : null);
    m.put("version_after", versionAfter.isPresent() ? versionAfter.getAsLong() : null);
    m.put("version_read", versionRead.isPresent() ? versionRead.getAsLong() : null);
    return m;
  }
}
