package io.lakeshore.deploy;

import io.lakeshore.core.job.JobFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A job as a launcher knows it: its name, its main class and the Maven module whose shaded jar
 * ({@code <module>-<version>-job.jar}) holds it. Nothing more about a job is needed to run it.
 *
 * @param name the job's name ({@link JobFactory#name()}), the first part of every generated file name
 * @param mainClass the class with the job's {@code main}: the class its factory is nested in
 * @param module the job module's artifactId
 */
public record JobRef(String name, String mainClass, String module) {
  public JobRef {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(mainClass, "mainClass is null");
    Objects.requireNonNull(module, "module is null");
  }

  /** The shaded jar's file name. */
  public String jarName(String version) {
    return module + "-" + version + "-job.jar";
  }

  /**
   * The jobs on the classpath, by name, found the way every entry point finds them ({@link
   * JobFactory#available()}: each job module registers its factory in {@code META-INF/services}).
   * A job module's factory is nested in the job's main class ({@code EnrichmentJob.Factory}); the
   * module is read from where the factory class was loaded: {@code <module>/target/classes} in a
   * build, or {@code <module>-<version>[-classifier].jar}.
   *
   * @throws IllegalStateException when a factory is not nested in a class with a {@code main}, or
   *     its module cannot be told from its location
   */
  public static List<JobRef> discover(String version) {
    List<JobRef> jobs = new ArrayList<>();
    for (JobFactory factory : JobFactory.available()) {
      Class<?> main = factory.getClass().getEnclosingClass();
      if (main == null || !hasMain(main)) {
        throw new IllegalStateException("Cannot find the main class of job " + factory.name() + ": its factory "
            + factory.getClass().getName() + " is not nested in a class with public static void main(String[])");
      }
      jobs.add(new JobRef(factory.name(), main.getName(), module(factory.getClass(), version)));
    }
    return List.copyOf(jobs);
  }

  private static boolean hasMain(Class<?> c) {
    try {
      Method m = c.getMethod("main", String[].class);
      return Modifier.isStatic(m.getModifiers()) && m.getReturnType() == void.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  static String module(Class<?> c, String version) {
    Path location;
    try {
      location = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("Cannot find the module of " + c.getName() + ": no code source", e);
    }
    String file = location.getFileName().toString();
    if (Files.isDirectory(location) && location.getParent() != null && location.getParent().getParent() != null
        && file.equals("classes") && location.getParent().getFileName().toString().equals("target")) {
      return location.getParent().getParent().getFileName().toString();
    }
    String suffix = "-" + version;
    int at = file.lastIndexOf(suffix);
    if (file.endsWith(".jar") && at > 0) {
      return file.substring(0, at);
    }
    throw new IllegalStateException("Cannot find the module of " + c.getName() + ": " + location
        + " is neither <module>/target/classes nor <module>-" + version + "[-classifier].jar");
  }
}
