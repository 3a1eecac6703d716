package io.lakeshore.core.table;

/** Told of every commit a {@link Lakehouse}'s tables make, after it succeeded. */
@FunctionalInterface
public interface CommitListener {
  CommitListener NONE = commit -> {};

  void committed(Commit commit);

  /**
   * Told when nullable columns were added to a table because its declaration added them (schema
   * evolution), before the table is written.
   *
   * @param added each column as {@code name type}
   */
  default void columnsAdded(TableId table, java.util.List<String> added) {}
}
