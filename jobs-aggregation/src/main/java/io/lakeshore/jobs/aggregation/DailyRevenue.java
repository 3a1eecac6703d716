package io.lakeshore.jobs.aggregation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/** One row of serving.daily_revenue. A JavaBean, as Spark's bean Encoder requires. */
public class DailyRevenue implements Serializable {
  public static final Encoder<DailyRevenue> ENCODER = Encoders.bean(DailyRevenue.class);

  private LocalDate orderDate;
  private String country;
  private String category;
  private Long orders;
  private Long units;
  private BigDecimal revenueUsd;

  public LocalDate getOrderDate() {
    return orderDate;
  }

  public void setOrderDate(LocalDate value) {
    this.orderDate = value;
  }

  public String getCountry() {
    return country;
  }

  public void setCountry(String value) {
    this.country = value;
  }

  public String getCategory() {
    return category;
  }

  public void setCategory(String value) {
    this.category = value;
  }

  public Long getOrders() {
    return orders;
  }

  public void setOrders(Long value) {
    this.orders = value;
  }

  public Long getUnits() {
    return units;
  }

  public void setUnits(Long value) {
    this.units = value;
  }

  public BigDecimal getRevenueUsd() {
    return revenueUsd;
  }

  public void setRevenueUsd(BigDecimal value) {
    this.revenueUsd = value;
  }
}
