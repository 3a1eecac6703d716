package io.lakeshore.core.job;

/**
 * One declared step of a {@link JobPlan}: a {@link Load} (raw input into a checked table with a
 * quarantine), a {@link Reference} (a small raw input other steps look things up in) or a
 * {@link Write} (tables into a table). Steps say what they read, check and write; the library
 * runs, counts, gates and commits them.
 */
public sealed interface Step permits Load, Reference, Write {}
