package io.lakeshore.jobs.aggregation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/** One row of serving.customer_ltv. A JavaBean, as Spark's bean Encoder requires. */
public class CustomerLifetimeValue implements Serializable {
  public static final Encoder<CustomerLifetimeValue> ENCODER = Encoders.bean(CustomerLifetimeValue.class);

  private String customerId;
  private String country;
  private LocalDate firstOrderDate;
  private LocalDate lastOrderDate;
  private Long orders;
  private BigDecimal lifetimeRevenueUsd;

  public String getCustomerId() {
    return customerId;
  }

  public void setCustomerId(String value) {
    this.customerId = value;
  }

  public String getCountry() {
    return country;
  }

  public void setCountry(String value) {
    this.country = value;
  }

  public LocalDate getFirstOrderDate() {
    return firstOrderDate;
  }

  public void setFirstOrderDate(LocalDate value) {
    this.firstOrderDate = value;
  }

  public LocalDate getLastOrderDate() {
    return lastOrderDate;
  }

  public void setLastOrderDate(LocalDate value) {
    this.lastOrderDate = value;
  }

  public Long getOrders() {
    return orders;
  }

  public void setOrders(Long value) {
    this.orders = value;
  }

  public BigDecimal getLifetimeRevenueUsd() {
    return lifetimeRevenueUsd;
  }

  public void setLifetimeRevenueUsd(BigDecimal value) {
    this.lifetimeRevenueUsd = value;
  }
}
