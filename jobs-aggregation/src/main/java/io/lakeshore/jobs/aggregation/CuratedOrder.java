package io.lakeshore.jobs.aggregation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/** The columns of a curated.orders row that the marts read. A JavaBean, as Spark's bean Encoder requires. */
public class CuratedOrder implements Serializable {
  public static final Encoder<CuratedOrder> ENCODER = Encoders.bean(CuratedOrder.class);

  private String customerId;
  private String status;
  private Integer quantity;
  private BigDecimal amountUsd;
  private String customerCountry;
  private String productCategory;
  private Instant orderTs;
  private LocalDate orderDate;

  public String getCustomerId() {
    return customerId;
  }

  public void setCustomerId(String value) {
    this.customerId = value;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String value) {
    this.status = value;
  }

  public Integer getQuantity() {
    return quantity;
  }

  public void setQuantity(Integer value) {
    this.quantity = value;
  }

  public BigDecimal getAmountUsd() {
    return amountUsd;
  }

  public void setAmountUsd(BigDecimal value) {
    this.amountUsd = value;
  }

  public String getCustomerCountry() {
    return customerCountry;
  }

  public void setCustomerCountry(String value) {
    this.customerCountry = value;
  }

  public String getProductCategory() {
    return productCategory;
  }

  public void setProductCategory(String value) {
    this.productCategory = value;
  }

  public Instant getOrderTs() {
    return orderTs;
  }

  public void setOrderTs(Instant value) {
    this.orderTs = value;
  }

  public LocalDate getOrderDate() {
    return orderDate;
  }

  public void setOrderDate(LocalDate value) {
    this.orderDate = value;
  }
}
