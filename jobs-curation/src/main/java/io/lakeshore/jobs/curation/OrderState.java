package io.lakeshore.jobs.curation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/** One curated.orders row (without audit columns): the latest state of an order. A JavaBean, as Spark's bean Encoder requires. */
public class OrderState implements Serializable {
  public static final Encoder<OrderState> ENCODER = Encoders.bean(OrderState.class);

  private String orderId;
  private String customerId;
  private String productId;
  private String status;
  private Integer quantity;
  private BigDecimal amount;
  private String currency;
  private BigDecimal amountUsd;
  private Instant orderTs;
  private String lastEventId;
  private Instant lastEventTs;
  private String customerCountry;
  private String productCategory;
  private LocalDate orderDate;

  public String getOrderId() {
    return orderId;
  }

  public void setOrderId(String value) {
    this.orderId = value;
  }

  public String getCustomerId() {
    return customerId;
  }

  public void setCustomerId(String value) {
    this.customerId = value;
  }

  public String getProductId() {
    return productId;
  }

  public void setProductId(String value) {
    this.productId = value;
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

  public BigDecimal getAmount() {
    return amount;
  }

  public void setAmount(BigDecimal value) {
    this.amount = value;
  }

  public String getCurrency() {
    return currency;
  }

  public void setCurrency(String value) {
    this.currency = value;
  }

  public BigDecimal getAmountUsd() {
    return amountUsd;
  }

  public void setAmountUsd(BigDecimal value) {
    this.amountUsd = value;
  }

  public Instant getOrderTs() {
    return orderTs;
  }

  public void setOrderTs(Instant value) {
    this.orderTs = value;
  }

  public String getLastEventId() {
    return lastEventId;
  }

  public void setLastEventId(String value) {
    this.lastEventId = value;
  }

  public Instant getLastEventTs() {
    return lastEventTs;
  }

  public void setLastEventTs(Instant value) {
    this.lastEventTs = value;
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

  public LocalDate getOrderDate() {
    return orderDate;
  }

  public void setOrderDate(LocalDate value) {
    this.orderDate = value;
  }
}
