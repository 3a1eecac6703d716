package io.lakeshore.deploy;

import java.util.List;
import java.util.Objects;

/**
 * The run window a launch passes to the job, as the job CLI takes it. The values are expressions
 * of the launcher that renders them: a date ({@code 2026-01-01}), the checked-in placeholder
 * {@value #DATE}, an Airflow template ({@code {{ ds }}}) or an Argo parameter ({@code
 * {{inputs.parameters.date}}}).
 */
public sealed interface Window {
  /**
   * The placeholder of the checked-in manifests and argument lists, replaced by the date to run,
   * e.g. {@code DATE=2026-01-01 envsubst '$DATE' < enrichment.yaml | kubectl apply -f -}.
   */
  String DATE = "${DATE}";

  /** The job options of this window. */
  List<String> arguments();

  /** One date: {@code --date <date>}. */
  static Window date(String date) {
    return new Date(date);
  }

  /** A backfill: {@code --from <from> --to <to>}, with {@code --only-missing} when {@code onlyMissing}. */
  static Window range(String from, String to, Missing missing) {
    return new Range(from, to, missing);
  }

  /** Whether a range runs every date or only those the run ledger shows missing, failed or stale. */
  enum Missing { ALL_DATES, ONLY_MISSING }

  /** The window of the checked-in files: {@code --date ${DATE}}. */
  Window TEMPLATE = date(DATE);

  /** {@code --date}. */
  record Date(String date) implements Window {
    public Date {
      Objects.requireNonNull(date, "date is null");
    }

    @Override
    public List<String> arguments() {
      return List.of("--date", date);
    }
  }

  /** {@code --from --to [--only-missing]}. */
  record Range(String from, String to, Missing missing) implements Window {
    public Range {
      Objects.requireNonNull(from, "from is null");
      Objects.requireNonNull(to, "to is null");
      Objects.requireNonNull(missing, "missing is null");
    }

    @Override
    public List<String> arguments() {
      return missing == Missing.ONLY_MISSING
          ? List.of("--from", from, "--to", to, "--only-missing")
          : List.of("--from", from, "--to", to);
    }
  }
}
