package io.lakeshore.testkit;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The start of a command line for a JVM a test runs beside its own: a job process, a second
 * writer, a scheduler's launch. One place for what every such JVM needs.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * {@code java -Xmx<heap> -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}, then the test JVM's own
   * options that Spark needs on Java 17 (its {@code --add-opens}, {@code -XX:}, {@code -Djdk.} and
   * {@code -Dio.netty} arguments, but not its collector). C1 only: a JVM that lives a minute or two
   * spends more CPU in C2's compiles than they save (on two cores that CPU comes out of the other
   * test fork). The serial collector: in such a JVM G1's concurrent threads cost more CPU than
   * they save (a crash test's job process, C1 only: about 44 s of CPU for a run instead of 53).
   *
   * @param heap the maximum heap, as {@code -Xmx} takes it ({@code 1g}, {@code 1500m})
   * @return a mutable list; the caller adds further options, the class path and the main class
   */
  public static List<String> java(String heap) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:") || a.startsWith("-Djdk.") || a.startsWith("-Dio.netty"))
        .filter(a -> !a.matches("-XX:[+-]Use[A-Za-z]*GC"))
        .forEach(command::add);
    return command;
  }

  /** The test's class path (surefire's, which holds the module's test classes and every dependency). */
  public static String classPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }
}
