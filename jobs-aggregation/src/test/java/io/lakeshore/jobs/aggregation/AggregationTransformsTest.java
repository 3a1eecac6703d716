package io.lakeshore.jobs.aggregation;

import static io.lakeshore.testkit.Rows.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.core.transform.Typed;
import io.lakeshore.testkit.TestSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class AggregationTransformsTest {
  private static final StructType ORDERS = new StructType()
      .add("order_id", "string").add("customer_id", "string").add("status", "string").add("quantity", "int")
      .add("amount_usd", "decimal(14,2)").add("customer_country", "string").add("product_category", "string")
      .add("order_ts", "timestamp").add("order_date", "date");

  private static Object[] order(String id, String customer, String status, int qty, String usd, String country, String category, String day) {
    return new Object[] {id, customer, status, qty, new BigDecimal(usd), country, category,
        Timestamp.valueOf(day + " 12:00:00"), Date.valueOf(day)};
  }

  private Dataset<CuratedOrder> orders() {
    return Typed.fromTable(ordersTable(), CuratedOrder.ENCODER);
  }

  private Dataset<Row> ordersTable() {
    return TestSpark.spark().createDataFrame(Arrays.stream(new Object[][] {
        order("o1", "c1", "PAID", 2, "10.00", "DE", "toys", "2026-01-01"),
        order("o2", "c1", "CREATED", 1, "5.50", "DE", "toys", "2026-01-01"),
        order("o3", "c2", "CANCELLED", 3, "99.00", "FR", "toys", "2026-01-01"),
        order("o4", "c1", "SHIPPED", 1, "1.25", "NL", null, "2026-01-02"),
        order("o5", "c3", "CANCELLED", 1, "7.00", "US", "books", "2026-01-02")}).map(RowFactory::create).toList(), ORDERS);
  }

  @Test
  void dailyRevenueExcludesCancelledAndNamesUnknownAttributes() {
    assertThat(lines(Typed.toTable(AggregationTransforms.dailyRevenue(orders())),
            "order_date", "country", "category", "orders", "units", "revenue_usd"))
        .containsExactly("2026-01-01|DE|toys|2|3|15.50", "2026-01-02|NL|unknown|1|1|1.25");
  }

  @Test
  void theTypedEdgeNamesMissingColumns() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Typed.fromTable(ordersTable().drop("order_ts"), CuratedOrder.ENCODER))
        .hasMessage("Cannot read rows as CuratedOrder: missing columns [order_ts] in "
            + "[order_id, customer_id, status, quantity, amount_usd, customer_country, product_category, order_date]");
  }

  @Test
  void lifetimeValueKeepsEveryCustomerWhoOrdered() {
    assertThat(lines(Typed.toTable(AggregationTransforms.customerLtv(orders())),
            "customer_id", "country", "first_order_date", "last_order_date", "orders", "lifetime_revenue_usd"))
        .containsExactly(
            "c1|NL|2026-01-01|2026-01-02|3|16.75",
            "c2|FR|2026-01-01|2026-01-01|0|0.00",
            "c3|US|2026-01-02|2026-01-02|0|0.00");
  }

  private Dataset<CuratedOrder> of(Object[]... rows) {
    return Typed.fromTable(TestSpark.spark().createDataFrame(Arrays.stream(rows).map(RowFactory::create).toList(), ORDERS),
        CuratedOrder.ENCODER);
  }

  /**
   * The values kept from the orders as they were, brought up to date with the changed partitions
   * then and now, equal the values recomputed from every order now: a cancellation and an amount
   * corrected in a changed partition, a new customer, a customer's new latest order in another
   * country, an earlier order arriving late (first date moves back), and a customer whose orders
   * are all in unchanged partitions (not returned: the merge leaves the row as it is).
   */
  @Test
  void lifetimeValueUpdatedFromChangedPartitionsEqualsTheRecomputedOne() {
    Object[] unchanged = order("o0", "c9", "PAID", 1, "3.00", "IT", "toys", "2025-12-20");
    Object[][] then = {
        unchanged,
        order("o1", "c1", "PAID", 2, "10.00", "DE", "toys", "2026-01-01"),
        order("o2", "c1", "CREATED", 1, "5.50", "DE", "toys", "2026-01-01"),
        order("o3", "c2", "PAID", 3, "99.00", "FR", "toys", "2026-01-01")};
    Object[][] now = {
        unchanged,
        order("o1", "c1", "PAID", 2, "12.00", "DE", "toys", "2026-01-01"), // amount corrected
        order("o2", "c1", "CREATED", 1, "5.50", "DE", "toys", "2026-01-01"),
        order("o3", "c2", "CANCELLED", 3, "99.00", "FR", "toys", "2026-01-01"), // cancelled
        order("o4", "c1", "SHIPPED", 1, "1.25", "NL", null, "2026-01-02"), // latest order, new country
        order("o5", "c3", "PAID", 1, "7.00", "US", "books", "2026-01-02"), // new customer
        order("o6", "c2", "PAID", 1, "2.00", "FR", "books", "2025-12-31")}; // late: c2's first order moves back
    Dataset<CustomerLifetimeValue> current = AggregationTransforms.customerLtv(of(then));
    java.util.function.Predicate<Object[]> changed = o -> ((Date) o[8]).toLocalDate().isAfter(java.time.LocalDate.parse("2025-12-30"));
    Dataset<CustomerLifetimeValue> updated = AggregationTransforms.customerLtv(current,
        of(Arrays.stream(then).filter(changed).toArray(Object[][]::new)), of(Arrays.stream(now).filter(changed).toArray(Object[][]::new)));
    String[] columns = {"customer_id", "country", "first_order_date", "last_order_date", "orders", "lifetime_revenue_usd"};
    assertThat(lines(Typed.toTable(updated), columns))
        .containsExactly(
            "c1|NL|2026-01-01|2026-01-02|3|18.75",
            "c2|FR|2025-12-31|2026-01-01|1|2.00",
            "c3|US|2026-01-02|2026-01-02|1|7.00");
    Dataset<Row> recomputed = Typed.toTable(AggregationTransforms.customerLtv(of(now))).filter("customer_id <> 'c9'");
    assertThat(lines(Typed.toTable(updated), columns)).containsExactlyElementsOf(lines(recomputed, columns));
  }
}
