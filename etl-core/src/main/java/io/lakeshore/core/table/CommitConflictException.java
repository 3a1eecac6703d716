package io.lakeshore.core.table;

/**
 * A write lost a race: another writer committed to the same rows of the table while it ran, so
 * nothing of it was committed. The table holds the other writer's commit, whole. Running the
 * window again is safe (every write replaces or merges its window).
 */
public final class CommitConflictException extends TableException {
  public CommitConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
