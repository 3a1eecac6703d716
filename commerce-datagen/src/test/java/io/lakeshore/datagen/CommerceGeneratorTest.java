package io.lakeshore.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommerceGeneratorTest {
  @TempDir Path a;
  @TempDir Path b;
  static final LocalDate DAY = LocalDate.parse("2026-01-05");

  @Test
  void sameSeedAndDateGiveTheSameFilesWhateverCameBefore() throws IOException {
    GeneratorSettings s = GeneratorSettings.defaults(500);
    new CommerceGenerator(s).generate(a.toString(), DAY.minusDays(1));
    DayManifest first = new CommerceGenerator(s).generate(a.toString(), DAY);
    DayManifest alone = new CommerceGenerator(s).generate(b.toString(), DAY);
    for (String file : List.of("orders/date=2026-01-05/orders.jsonl", "customers/date=2026-01-05/customers.csv",
        "products/date=2026-01-05/products.csv", "fx_rates/date=2026-01-05/fx_rates.csv")) {
      assertThat(Files.readAllLines(a.resolve(file))).as(file).isEqualTo(Files.readAllLines(b.resolve(file)));
    }
    assertThat(first).isEqualTo(alone);
    long lines = Files.readAllLines(a.resolve("orders/date=2026-01-05/orders.jsonl")).size();
    assertThat(first.orderLines()).isEqualTo(lines);
    // customers file: header + the customer base + one invalid row
    assertThat(Files.readAllLines(a.resolve("customers/date=2026-01-05/customers.csv"))).hasSize(2 + s.customers());
  }

  @Test
  void faultsAreRecordedAsWritten() throws IOException {
    DayManifest m = new CommerceGenerator(GeneratorSettings.defaults(2000)).generate(a.toString(), DAY);
    List<String> text = Files.readAllLines(a.resolve("orders/date=2026-01-05/orders.jsonl"));
    for (String malformed : m.of(Fault.MALFORMED)) {
      assertThat(text).contains(malformed);
      assertThat(malformed).doesNotEndWith("}");
    }
    for (String id : m.of(Fault.DUPLICATE)) {
      assertThat(text.stream().filter(l -> l.contains("\"event_id\":\"" + id + "\"")).count()).as(id).isEqualTo(2);
    }
    for (String id : m.of(Fault.MISSING_CUSTOMER)) {
      assertThat(text.stream().filter(l -> l.contains("\"event_id\":\"" + id + "\"")).findFirst().orElseThrow())
          .doesNotContain("customer_id");
    }
    for (Fault f : Fault.values()) {
      assertThat(m.count(f)).as(f.toString()).isPositive();
    }
  }

  @Test
  void refusesImpossibleRates() {
    assertThatThrownBy(() -> new GeneratorSettings(1, 10, 10, 10, 0.5, 0.6, 0, 0, 0, 0, 0, 0, 7))
        .hasMessage("Cannot generate: fault rates add up to more than 1: 1.1");
  }
}
