package io.lakeshore.datagen;

/**
 * Sizes, seed and fault rates of generated commerce data. Rates are fractions of a day's new
 * order events (faults are exclusive: one event carries at most one fault); the same settings
 * and date always produce the same files.
 *
 * @param seed makes every value reproducible
 * @param ordersPerDay new orders landed per date
 * @param customers size of the customer base
 * @param products size of the product catalogue
 * @param malformedRate lines that are not JSON
 * @param missingFieldRate events without customer_id
 * @param wrongTypeRate events whose amount is not a number
 * @param negativeAmountRate events with a negative amount
 * @param unknownCustomerRate events for a customer that does not exist
 * @param duplicateRate valid events delivered twice
 * @param lateRate extra events of orders placed 1..latenessDays days before the landing date
 * @param tooLateRate extra events older than the lateness horizon
 * @param latenessDays the horizon the jobs accept late events within
 */
public record GeneratorSettings(
    long seed,
    int ordersPerDay,
    int customers,
    int products,
    double malformedRate,
    double missingFieldRate,
    double wrongTypeRate,
    double negativeAmountRate,
    double unknownCustomerRate,
    double duplicateRate,
    double lateRate,
    double tooLateRate,
    int latenessDays) {

  public GeneratorSettings {
    if (ordersPerDay < 1 || customers < 1 || products < 1) {
      throw new IllegalArgumentException(
          "Cannot generate: orders, customers and products must be at least 1, got " + ordersPerDay + ", "
              + customers + ", " + products);
    }
    double faults = malformedRate + missingFieldRate + wrongTypeRate + negativeAmountRate + unknownCustomerRate;
    for (double rate : new double[] {malformedRate, missingFieldRate, wrongTypeRate, negativeAmountRate, unknownCustomerRate, duplicateRate, lateRate, tooLateRate}) {
      if (rate < 0 || rate > 1) {
        throw new IllegalArgumentException("Cannot generate: a rate must be in [0, 1], cannot be: " + rate);
      }
    }
    if (faults > 1) {
      throw new IllegalArgumentException("Cannot generate: fault rates add up to more than 1: " + faults);
    }
    if (latenessDays < 1) {
      throw new IllegalArgumentException("Cannot generate: lateness days must be at least 1, cannot be: " + latenessDays);
    }
  }

  /** A copy whose late events fall within {@code days} (and too-late ones beyond): the jobs' horizon. */
  public GeneratorSettings withLatenessDays(int days) {
    return new GeneratorSettings(seed, ordersPerDay, customers, products, malformedRate, missingFieldRate, wrongTypeRate,
        negativeAmountRate, unknownCustomerRate, duplicateRate, lateRate, tooLateRate, days);
  }

  /** Realistic defaults: about 1% of each fault, 2% duplicates, 3% late events. */
  public static GeneratorSettings defaults(int ordersPerDay) {
    return new GeneratorSettings(42L, ordersPerDay, Math.max(10, ordersPerDay / 4), 50, 0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.03, 0.005, 7);
  }
}
