package io.lakeshore.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RunWindowTest {
  @Test
  void listsDatesInclusive() {
    RunWindow w = new RunWindow(LocalDate.parse("2026-02-27"), LocalDate.parse("2026-03-02"));
    assertThat(w.dates()).extracting(LocalDate::toString)
        .containsExactly("2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02");
    assertThat(w.days()).isEqualTo(4);
    assertThat(w.extendBack(2).toString()).isEqualTo("2026-02-25..2026-03-02");
    assertThat(RunWindow.of(LocalDate.parse("2026-01-01")).toString()).isEqualTo("2026-01-01");
  }

  @Test
  void rejectsReversedAndHugeWindows() {
    assertThatThrownBy(() -> new RunWindow(LocalDate.parse("2026-01-05"), LocalDate.parse("2026-01-01")))
        .hasMessage("Cannot make run window: --from 2026-01-05 is after --to 2026-01-01");
    assertThatThrownBy(() -> RunWindow.between(LocalDate.parse("2026-01-01"), LocalDate.parse("2062-01-01")))
        .hasMessage("Cannot make run window: 2026-01-01..2062-01-01 spans more than 366 days");
  }

  @Test
  void theCapIsForRequestedWindowsNotDerivedRanges() {
    // a year's window is valid, and so is the range its late data can reach
    RunWindow year = RunWindow.between(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-12-31"));
    assertThat(year.extendBack(7).toString()).isEqualTo("2025-12-25..2026-12-31");
    assertThat(year.extendBack(7).days()).isEqualTo(372);
  }

  @Test
  void parseNamesTheOption() {
    assertThatThrownBy(() -> RunWindow.parseDate("--date", "2026-13-01"))
        .hasMessage("Cannot parse --date: '2026-13-01' is not a date (expected YYYY-MM-DD)");
  }
}
