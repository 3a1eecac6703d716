package io.lakeshore.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * What a run read for one date, as sorted lines: {@code raw <entity> <file> <bytes> <modified>}
 * for each raw file, {@code table <id> <run>} for the run that last produced each table read.
 * Two runs read the same inputs when their fingerprints are equal; {@link #changes} says what
 * differs. Immutable.
 */
public record Fingerprint(List<String> lines) {
  public Fingerprint {
    lines = List.copyOf(new TreeSet<>(lines));
  }

  public static Fingerprint of(List<String> lines) {
    return new Fingerprint(lines);
  }

  static Fingerprint parse(String text) {
    return new Fingerprint(text.isEmpty() ? List.of() : List.of(text.split("\n")));
  }

  /** The lines, one per input, as stored in the ledger. */
  public String text() {
    return String.join("\n", lines);
  }

  /** SHA-256 of {@link #text()}, hex. */
  public String digest() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot fingerprint inputs: " + e.getMessage(), e);
    }
  }

  /** What differs from {@code earlier}, one phrase per input: {@code now: …} and {@code was: …}. */
  public List<String> changes(Fingerprint earlier) {
    List<String> changes = new ArrayList<>();
    lines.stream().filter(l -> !earlier.lines.contains(l)).forEach(l -> changes.add("now: " + l));
    earlier.lines.stream().filter(l -> !lines.contains(l)).forEach(l -> changes.add("was: " + l));
    return changes;
  }
}
