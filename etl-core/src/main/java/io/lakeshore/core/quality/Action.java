package io.lakeshore.core.quality;

/** What happens to a row that violates an expectation. */
public enum Action {
  /** Count it and keep the row. */
  WARN,
  /** Count it and leave the row out. */
  DROP,
  /** Leave the row out and write it, with rule and reason, to the entity's quarantine table. */
  QUARANTINE,
  /** Fail the run before anything is committed. */
  FAIL
}
