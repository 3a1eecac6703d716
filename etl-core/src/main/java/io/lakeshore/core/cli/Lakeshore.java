package io.lakeshore.core.cli;

import io.lakeshore.core.job.JobFactory;
import java.util.Arrays;

/**
 * The generic entry point: {@code Lakeshore <job> [options]} runs the job of that name with the
 * common job options (see {@link JobLauncher}); {@code Lakeshore --jobs} lists the jobs on the
 * classpath; {@code Lakeshore rollback --run-id R} rolls a run back ({@link RollbackCommand}); {@code
 * Lakeshore maintain} keeps the tables compact and within retention ({@link MaintainCommand}); {@code
 * Lakeshore relocate --from OLD_ROOT} re-points a moved lake's Iceberg tables ({@link RelocateCommand}). Exit
 * codes as {@link JobLauncher}'s; an unknown job exits 2.
 */
public final class Lakeshore {
  private Lakeshore() {}

  public static void main(String[] args) {
    if (args.length == 0 || args[0].equals("--jobs")) {
      System.out.println("jobs: " + String.join(", ", JobFactory.available().stream().map(JobFactory::name).toList()));
      System.out.println("Usage: Lakeshore <job> (--date D | --from D1 --to D2) [options]; Lakeshore <job> --help for details");
      System.exit(args.length == 0 ? JobLauncher.USAGE : JobLauncher.OK);
    }
    if (args[0].equals(RollbackCommand.NAME)) {
      RollbackCommand.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args[0].equals(MaintainCommand.NAME)) {
      MaintainCommand.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args[0].equals(RelocateCommand.NAME)) {
      RelocateCommand.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    JobFactory factory;
    try {
      factory = JobFactory.named(args[0]);
    } catch (IllegalArgumentException e) {
      System.err.println(Runs.printable(e.getMessage()));
      System.exit(JobLauncher.USAGE);
      return;
    }
    JobLauncher.main(factory, Arrays.copyOfRange(args, 1, args.length));
  }
}
