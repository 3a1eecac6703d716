package io.lakeshore.core.table;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The commits a lakehouse's tables made, told to its listener once each. A table finds its commit
 * as the run's newest in its history; a write that committed nothing finds the run's earlier
 * commit there again, which is not a new commit.
 */
final class Commits {
  private final CommitListener listener;
  private final Map<String, Long> newest = new ConcurrentHashMap<>();

  Commits(CommitListener listener) {
    this.listener = listener;
  }

  /** Columns added to a table's schema because its declaration added them. */
  void schemaChanged(TableId table, java.util.List<String> added) {
    listener.columnsAdded(table, added);
  }

  /** The commit a write made, if {@code found} is new; tells the listener of it. */
  Optional<Commit> made(Optional<Commit> found) {
    Optional<Commit> made = found.filter(c -> {
      Long previous = newest.put(c.table() + " " + c.info().runId(), c.versionAfter());
      return previous == null || previous != c.versionAfter();
    });
    made.ifPresent(listener::committed);
    return made;
  }
}
