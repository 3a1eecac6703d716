package io.lakeshore.core.job;

import io.lakeshore.core.config.LakeshoreConfig;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * How a job is made from configuration, found by name: a job module declares its factory once,
 * in {@code META-INF/services/io.lakeshore.core.job.JobFactory}, and every entry point (the
 * generic {@code io.lakeshore.core.cli.Lakeshore} main, a job's own main, the local pipeline, a
 * user's program running several jobs in one session) finds it there.
 */
public interface JobFactory {
  /** The job's name: the first argument of the generic main, and the run id's middle part. */
  String name();

  /** The job, reading its typed settings from {@code config}. */
  Job create(LakeshoreConfig config);

  /**
   * A factory given by its name and how the job is made, for the one-line factory a job module
   * registers: {@code public static final class Factory extends JobFactory.Of { public Factory() {
   * super("name", MyJob::fromConfig); } }} (ServiceLoader needs a class with a public no-argument
   * constructor).
   */
  abstract class Of implements JobFactory {
    private final String name;
    private final Function<LakeshoreConfig, ? extends Job> create;

    protected Of(String name, Function<LakeshoreConfig, ? extends Job> create) {
      this.name = java.util.Objects.requireNonNull(name, "name is null");
      this.create = java.util.Objects.requireNonNull(create, "create is null");
    }

    @Override
    public final String name() {
      return name;
    }

    @Override
    public final Job create(LakeshoreConfig config) {
      return create.apply(config);
    }
  }

  /** Every factory on the classpath, by name. */
  static List<JobFactory> available() {
    TreeMap<String, JobFactory> byName = new TreeMap<>();
    for (JobFactory f : ServiceLoader.load(JobFactory.class)) {
      JobFactory other = byName.put(f.name(), f);
      if (other != null && !other.getClass().equals(f.getClass())) {
        throw new IllegalStateException("Cannot load jobs: two factories are named " + f.name() + ": "
            + other.getClass().getName() + " and " + f.getClass().getName());
      }
    }
    return List.copyOf(byName.values());
  }

  /**
   * The factory of the job named {@code name}.
   *
   * @throws IllegalArgumentException naming the jobs on the classpath when there is none
   */
  static JobFactory named(String name) {
    List<JobFactory> all = available();
    return all.stream().filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Cannot find job '" + name + "': the jobs on the classpath are "
            + all.stream().map(JobFactory::name).toList()));
  }
}
