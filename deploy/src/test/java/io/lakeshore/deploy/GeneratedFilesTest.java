package io.lakeshore.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * The checked-in files of deploy/generated and argo-workflows/base/generated are what the
 * generator makes from conf/kubernetes.conf and the jobs now: regenerated in memory and compared. {@code -Dlakeshore.regenerate=true}
 * ({@value Generator#REGENERATE}) rewrites them instead; a normal run never does.
 */
class GeneratedFilesTest {
  @Test
  void checkedInFilesAreCurrent() {
    SortedMap<String, String> expected = Generator.files(Repo.ROOT.resolve("conf"));
    if (Boolean.getBoolean("lakeshore.regenerate")) {
      Generator.write(Repo.ROOT, expected);
    }
    SortedMap<String, String> actual = Generator.existing(Repo.ROOT);
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String now = actual.get(e.getKey());
      if (now == null) {
        problems.add(e.getKey() + " is missing");
      } else if (!now.equals(e.getValue())) {
        problems.add(e.getKey() + " differs, first at " + firstDifference(now, e.getValue()));
      }
    }
    actual.keySet().stream().filter(k -> !expected.containsKey(k)).forEach(k -> problems.add(k + " is no longer generated"));
    assertThat(problems)
        .as("the generated files " + Generator.DIRS + " are stale: regenerate them with " + Generator.REGENERATE
            + " and commit the result")
        .isEmpty();
  }

  private static String firstDifference(String now, String expected) {
    String[] a = now.split("\n", -1);
    String[] b = expected.split("\n", -1);
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      String x = i < a.length ? a[i] : "<end>";
      String y = i < b.length ? b[i] : "<end>";
      if (!x.equals(y)) {
        return "line " + (i + 1) + ": '" + x + "', generated now: '" + y + "'";
      }
    }
    return "the end";
  }
}
