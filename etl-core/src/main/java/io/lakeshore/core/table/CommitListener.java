package io.lakeshore.core.table;

/** Told of every commit a {@link Lakehouse}'s tables make, after it succeeded. */
@FunctionalInterface
public interface CommitListener {
  CommitListener NONE = commit -> {};

  void committed(Commit commit);
}
