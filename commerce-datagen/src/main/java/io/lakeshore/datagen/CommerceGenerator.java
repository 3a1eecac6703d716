package io.lakeshore.datagen;

import io.lakeshore.core.raw.RawLanding;
import io.lakeshore.core.raw.RawZone;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Lands one date of raw commerce files in the raw zone: order events as JSON lines, customer and
 * product snapshots and currency rates as CSV. Deterministic: every value is derived from the
 * seed, the date and the record's position, so a date regenerated alone equals the same date of
 * a range. Streams rows to disk, so sizes run from a few rows to tens of millions.
 *
 * <p>Layout: {@code <raw>/orders/date=D/orders.jsonl}, {@code customers/date=D/customers.csv},
 * {@code products/date=D/products.csv}, {@code fx_rates/date=D/fx_rates.csv}. A date's folders are
 * written beside and renamed into place, replacing what was there.
 */
public final class CommerceGenerator {
  static final String[] COUNTRIES = {"US", "DE", "FR", "GB", "JP", "NL", "ES", "IT"};
  static final String[] SEGMENTS = {"consumer", "small_business", "enterprise"};
  static final String[] CATEGORIES = {"books", "electronics", "garden", "grocery", "toys", "apparel"};
  static final String[] CURRENCIES = {"USD", "EUR", "GBP", "JPY"};
  private static final double[] USD_RATES = {1.0, 1.08, 1.27, 0.0067};
  /** Ids of the one invalid customer and product row landed each day. */
  public static final String BAD_CUSTOMER_PREFIX = "C-BAD-";
  public static final String BAD_PRODUCT_PREFIX = "P-BAD-";
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

  private final GeneratorSettings settings;

  public CommerceGenerator(GeneratorSettings settings) {
    this.settings = settings;
  }

  /** Writes every file of {@code date} below {@code rawRoot} (a local folder or file: URI). */
  public DayManifest generate(String rawRoot, LocalDate date) {
    RawZone raw = new RawZone(rawRoot);
    try {
      writeCsv(raw, "products", date, "product_id,name,category,list_price", this::productLines);
      writeCsv(raw, "fx_rates", date, "currency,usd_rate", this::rateLines);
      long customerRows = writeCsv(raw, "customers", date, "customer_id,name,email,country,segment", d -> customerLines(d));
      return writeOrders(raw, date, customerRows);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot generate " + date + ": " + e.getMessage(), e);
    }
  }

  // ---- dimensions -------------------------------------------------------------------------

  private List<String> productLines(LocalDate date) {
    List<String> lines = new ArrayList<>();
    for (int p = 1; p <= settings.products(); p++) {
      SplittableRandom r = random(11, p);
      lines.add(productId(p) + ",Product " + p + "," + CATEGORIES[r.nextInt(CATEGORIES.length)] + "," + price(r));
    }
    // one bad row a day, on an id no order references: quarantined as list_price_non_negative
    lines.add(BAD_PRODUCT_PREFIX + date + ",Broken product,toys,-1.00");
    return lines;
  }

  private List<String> rateLines(LocalDate date) {
    List<String> lines = new ArrayList<>();
    SplittableRandom r = random(13, date.toEpochDay());
    for (int i = 0; i < CURRENCIES.length; i++) {
      double rate = i == 0 ? 1.0 : USD_RATES[i] * (1 + (r.nextDouble() - 0.5) / 50);
      lines.add(CURRENCIES[i] + "," + BigDecimal.valueOf(rate).setScale(6, RoundingMode.HALF_UP).toPlainString());
    }
    return lines;
  }

  /**
   * Customers change country or segment now and then: each has a period (5..104 days) and its
   * attributes are drawn per period, so a snapshot depends only on the date.
   */
  private List<String> customerLines(LocalDate date) {
    List<String> lines = new ArrayList<>();
    for (int c = 1; c <= settings.customers(); c++) {
      SplittableRandom fixed = random(17, c);
      int period = 5 + fixed.nextInt(100);
      long epoch = (date.toEpochDay() + fixed.nextInt(period)) / period;
      SplittableRandom r = random(19, c * 100_003L + epoch);
      lines.add(customerId(c) + ",Customer " + c + ",customer" + c + "@example.com,"
          + COUNTRIES[r.nextInt(COUNTRIES.length)] + "," + SEGMENTS[r.nextInt(SEGMENTS.length)]);
    }
    // one bad row a day, on an id no order references: quarantined as country_is_iso_code
    lines.add(BAD_CUSTOMER_PREFIX + date + ",Broken customer,broken@example.com,Germany,consumer");
    return lines;
  }

  // ---- orders -----------------------------------------------------------------------------

  /** One order's fixed attributes, derived from the date it was placed and its number. */
  private record Order(String orderId, String customerId, String productId, int quantity, BigDecimal amount, String currency, String orderTs) {}

  private Order order(LocalDate placed, long seq) {
    SplittableRandom r = random(23, placed.toEpochDay() * 10_000_019L + seq);
    int product = 1 + r.nextInt(settings.products());
    int quantity = 1 + r.nextInt(5);
    String currency = CURRENCIES[r.nextInt(CURRENCIES.length)];
    BigDecimal unit = new BigDecimal(price(random(11, product)));
    BigDecimal amount = unit.multiply(BigDecimal.valueOf(quantity));
    if (currency.equals("JPY")) {
      amount = amount.multiply(BigDecimal.valueOf(150)).setScale(0, RoundingMode.HALF_UP).setScale(2);
    }
    String ts = TS.format(placed.atStartOfDay(ZoneOffset.UTC).plusSeconds(r.nextInt(86_400)));
    return new Order("O-" + placed + "-" + seq, customerId(1 + r.nextInt(settings.customers())), productId(product), quantity, amount, currency, ts);
  }

  private DayManifest writeOrders(RawZone raw, LocalDate date, long customerRows) throws IOException {
    Map<Fault, List<String>> faults = new EnumMap<>(Fault.class);
    for (Fault f : Fault.values()) {
      faults.put(f, new ArrayList<>());
    }
    RawLanding landing = RawLanding.begin(raw, "orders", date);
    Path staging = landing.staging();
    long lines = 0;
    try (BufferedWriter out = Files.newBufferedWriter(staging.resolve("orders.jsonl"), StandardCharsets.UTF_8)) {
      SplittableRandom r = random(29, date.toEpochDay());
      int n = settings.ordersPerDay();
      for (int i = 0; i < n; i++) {
        Order o = order(date, i);
        String eventId = "E-" + date + "-" + i;
        double x = r.nextDouble();
        String line;
        double t = settings.malformedRate();
        if (x < t) {
          line = json(eventId, o, "CREATED", o.orderTs(), o.customerId(), amount(o.amount()));
          line = line.substring(0, line.length() / 2); // cut off mid-record
          faults.get(Fault.MALFORMED).add(line);
        } else if (x < (t += settings.missingFieldRate())) {
          line = json(eventId, o, "CREATED", o.orderTs(), null, amount(o.amount()));
          faults.get(Fault.MISSING_CUSTOMER).add(eventId);
        } else if (x < (t += settings.wrongTypeRate())) {
          line = json(eventId, o, "CREATED", o.orderTs(), o.customerId(), "\"" + o.amount() + " " + o.currency() + "\"");
          faults.get(Fault.WRONG_TYPE).add(eventId);
        } else if (x < (t += settings.negativeAmountRate())) {
          line = json(eventId, o, "CREATED", o.orderTs(), o.customerId(), amount(o.amount().negate().subtract(BigDecimal.ONE)));
          faults.get(Fault.NEGATIVE_AMOUNT).add(eventId);
        } else if (x < (t += settings.unknownCustomerRate())) {
          line = json(eventId, o, "CREATED", o.orderTs(), "C-UNKNOWN-" + i, amount(o.amount()));
          faults.get(Fault.UNKNOWN_CUSTOMER).add(eventId);
        } else {
          line = json(eventId, o, "CREATED", o.orderTs(), o.customerId(), amount(o.amount()));
          if (r.nextDouble() < settings.duplicateRate()) {
            out.write(line);
            out.newLine();
            lines++;
            faults.get(Fault.DUPLICATE).add(eventId);
          }
        }
        out.write(line);
        out.newLine();
        lines++;
        // Yesterday's orders get paid today: a status update for an older partition.
        if (r.nextDouble() < 0.3) {
          Order earlier = order(date.minusDays(1), i);
          String paidAt = TS.format(date.atStartOfDay(ZoneOffset.UTC).plusSeconds(r.nextInt(86_400)));
          out.write(json("P-" + date + "-" + i, earlier, "PAID", paidAt, earlier.customerId(), amount(earlier.amount())));
          out.newLine();
          lines++;
        }
      }
      // Late arrivals: orders placed days ago that land only now (numbered after that day's orders).
      long late = Math.round(n * settings.lateRate());
      for (long j = 0; j < late; j++) {
        LocalDate placed = date.minusDays(1 + r.nextInt(settings.latenessDays()));
        Order o = order(placed, n + j);
        out.write(json("L-" + date + "-" + j, o, "CREATED", o.orderTs(), o.customerId(), amount(o.amount())));
        out.newLine();
        lines++;
      }
      long tooLate = Math.round(n * settings.tooLateRate());
      for (long j = 0; j < tooLate; j++) {
        LocalDate placed = date.minusDays(settings.latenessDays() + 1 + r.nextInt(30));
        Order o = order(placed, n + late + j);
        String eventId = "X-" + date + "-" + j;
        out.write(json(eventId, o, "CREATED", o.orderTs(), o.customerId(), amount(o.amount())));
        out.newLine();
        lines++;
        faults.get(Fault.TOO_LATE).add(eventId);
      }
    }
    landing.publish();
    return new DayManifest(date, lines, customerRows, faults);
  }

  private static String json(String eventId, Order o, String status, String eventTs, String customerId, String amount) {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"event_id\":\"").append(eventId).append('"');
    b.append(",\"order_id\":\"").append(o.orderId()).append('"');
    if (customerId != null) {
      b.append(",\"customer_id\":\"").append(customerId).append('"');
    }
    b.append(",\"product_id\":\"").append(o.productId()).append('"');
    b.append(",\"status\":\"").append(status).append('"');
    b.append(",\"quantity\":").append(o.quantity());
    b.append(",\"amount\":").append(amount);
    b.append(",\"currency\":\"").append(o.currency()).append('"');
    b.append(",\"order_ts\":\"").append(o.orderTs()).append('"');
    b.append(",\"event_ts\":\"").append(eventTs).append('"');
    return b.append('}').toString();
  }

  private static String amount(BigDecimal value) {
    return value.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  // ---- files ------------------------------------------------------------------------------

  private interface Lines {
    List<String> of(LocalDate date);
  }

  private long writeCsv(RawZone raw, String entity, LocalDate date, String header, Lines lines) throws IOException {
    RawLanding landing = RawLanding.begin(raw, entity, date);
    Path staging = landing.staging();
    List<String> rows = lines.of(date);
    try (BufferedWriter out = Files.newBufferedWriter(staging.resolve(entity + ".csv"), StandardCharsets.UTF_8)) {
      out.write(header);
      out.newLine();
      for (String row : rows) {
        out.write(row);
        out.newLine();
      }
    }
    landing.publish();
    return rows.size();
  }

  // ---- values -----------------------------------------------------------------------------

  private SplittableRandom random(long stream, long key) {
    long h = settings.seed() * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + key * 0x94D049BB133111EBL;
    return new SplittableRandom(h);
  }

  private static String price(SplittableRandom r) {
    return BigDecimal.valueOf(200 + r.nextInt(19_800), 2).toPlainString();
  }

  static String customerId(int c) {
    return String.format("C%06d", c);
  }

  static String productId(int p) {
    return String.format("P%04d", p);
  }
}
