package io.lakeshore.core.table;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.MergeIntoWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What Delta and Iceberg tables share; each subclass records commit metadata its own way. */
abstract class AbstractLakeTable implements LakeTable {
  protected final SparkSession spark;
  private final TableId id;
  private final String qualifiedName;
  private final Commits commits;
  /** The data file size writes aim at. */
  protected final long targetFileBytes;

  AbstractLakeTable(SparkSession spark, TableId id, String qualifiedName, Commits commits, long targetFileBytes) {
    this.spark = spark;
    this.id = id;
    this.qualifiedName = qualifiedName;
    this.commits = commits;
    this.targetFileBytes = targetFileBytes;
  }

  @Override
  public TableId id() {
    return id;
  }

  @Override
  public String qualifiedName() {
    return qualifiedName;
  }

  @Override
  public Dataset<Row> read() {
    return spark.table(qualifiedName);
  }

  @Override
  public Dataset<Row> readAt(long version) {
    return spark.sql("SELECT * FROM " + qualifiedName + " VERSION AS OF " + version);
  }

  @Override
  public boolean readableAt(long version) {
    return history().stream().anyMatch(v -> v.version() == version);
  }

  @Override
  public Optional<Commit> append(Dataset<Row> rows, CommitInfo commit) {
    return commit(Commit.Operation.APPEND, commit,
        () -> laidOut(rows).writeTo(qualifiedName).options(writeOptions(commit)).append(), "append to");
  }

  @Override
  public Optional<Commit> replace(Dataset<Row> rows, Column predicate, CommitInfo commit) {
    // Iceberg would silently append a row outside the predicate, breaking idempotency; Delta
    // checks it. Guard both the same way, inside the write's own scan.
    Dataset<Row> guarded =
        rows.filter(
            when(predicate, lit(true))
                .otherwise(
                    raise_error(
                        lit("Cannot replace partitions of " + id + ": a row lies outside " + predicate))));
    return commit(Commit.Operation.REPLACE, commit,
        () -> laidOut(guarded).writeTo(qualifiedName).options(writeOptions(commit)).overwrite(predicate), "replace partitions of");
  }

  @Override
  public Optional<Commit> merge(
      Dataset<Row> source,
      Column condition,
      UnaryOperator<MergeIntoWriter<Row>> clauses,
      CommitInfo commit) {
    MergeIntoWriter<Row> writer = source.as(SOURCE_ALIAS).mergeInto(qualifiedName, condition);
    return commit(Commit.Operation.MERGE, commit, () -> clauses.apply(writer).merge(), "merge into");
  }

  /** Column names reach SQL and Iceberg expressions: nothing but an identifier gets through. */
  protected static String column(String name) {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
      throw new TableException("Cannot use column '" + name + "': not a column name");
    }
    return name;
  }

  @Override
  public Column target(String column) {
    return col(id.name() + "." + column);
  }

  /** One Spark write; the V2 writer API declares checked exceptions. */
  @FunctionalInterface
  interface Write {
    void run() throws Exception;
  }

  /**
   * One write, reported to the listener once it succeeded. The versions come from the commit
   * itself, found in the table's history by its run id, not from reading the table's latest
   * version before and after: a concurrent writer could commit in between, and the version to
   * restore to undo this commit is its parent.
   */
  protected Optional<Commit> commit(Commit.Operation operation, CommitInfo info, Write write, String verb) {
    committing(info, write, verb);
    return commits.made(lastCommitOf(info).map(v -> new Commit(id, format(), operation, v.before(), v.after(), info,
        v.metric(operation, RowMetric.INSERTED), v.metric(operation, RowMetric.UPDATED), v.metric(operation, RowMetric.DELETED))));
  }

  /** A restore, told to the listener like any commit. */
  protected Commit restored(OptionalLong before, long after, CommitInfo info) {
    Commit made = new Commit(id, format(), Commit.Operation.RESTORE, before, after, info, 0, 0, 0);
    commits.made(Optional.of(made));
    return made;
  }

  /** The row metrics of {@link Commit}. */
  protected enum RowMetric {
    INSERTED,
    UPDATED,
    DELETED
  }

  /**
   * A commit as the table's history holds it: its version, the version it was made on (empty
   * for a table's first snapshot) and the format's own metrics, read by {@link #metric}.
   */
  protected record Versions(OptionalLong before, long after, java.util.Map<String, String> metrics, MetricNames names) {
    long metric(Commit.Operation operation, RowMetric metric) {
      String value = metrics.get(names.name(operation, metric));
      return value == null ? 0 : Long.parseLong(value);
    }
  }

  /** Where a format keeps each row metric of each operation; null where it has none (0). */
  @FunctionalInterface
  protected interface MetricNames {
    String name(Commit.Operation operation, RowMetric metric);
  }

  /** Runs one write so that its commit carries {@code commit}; wraps failures with the table. */
  protected abstract void committing(CommitInfo commit, Write write, String verb);

  /**
   * The rows of an append or replace, each partition's rows in one task, so that a partition's
   * files are not one remainder per task but the target size rolled by one writer: within
   * ceil(partition bytes / target) + 1. A hash repartition, which adaptive execution may coalesce
   * (small partitions share a task) but never splits.
   */
  private Dataset<Row> laidOut(Dataset<Row> rows) {
    if (partitioning == null) {
      partitioning = List.copyOf(partitionColumns());
    }
    return partitioning.isEmpty() ? rows : rows.repartition(partitioning.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  private List<String> partitioning;

  /** The table's identity partition columns, in order. */
  public abstract List<String> partitionColumns();

  /** Writer options that record {@code commit} in a V2 write's commit (append, replace). */
  protected abstract java.util.Map<String, String> writeOptions(CommitInfo commit);

  /**
   * The newest commit of the table made by {@code commit}'s run, from the table's history; empty
   * when the run made none (a write may commit nothing). A run writes a table from one thread,
   * so its newest commit is the one just made.
   */
  protected abstract java.util.Optional<Versions> lastCommitOf(CommitInfo commit);

  protected RuntimeException failure(String verb, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (isConflict(t)) {
        return new CommitConflictException("Cannot " + verb + " " + id + ": another writer committed to these rows while"
            + " this write ran; nothing of this write was committed, so run the window again (" + DefaultLakehouse.firstLine(t) + ")", e);
      }
    }
    return new TableException(
        "Cannot " + verb + " " + id + ": " + DefaultLakehouse.firstLine(rootCause(e)), e);
  }

  /**
   * Delta's conflicts are ConcurrentModificationExceptions (ConcurrentAppendException and its
   * kin); Iceberg's is a ValidationException about conflicting files or deletes, or about files
   * to delete that the other writer already removed, thrown when the commit is retried on top of
   * the other writer's snapshot.
   */
  private static boolean isConflict(Throwable t) {
    if (t instanceof java.util.ConcurrentModificationException) {
      return true;
    }
    String message = String.valueOf(t.getMessage());
    return t instanceof org.apache.iceberg.exceptions.ValidationException
        && (message.contains("conflicting") || message.startsWith("Missing required files to delete"));
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() != null && t.getMessage().startsWith("Cannot ") ? t : e;
  }

  @Override
  public String toString() {
    return id + " (" + format() + ")";
  }
}
