package io.lakeshore.jobs.curation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/** The columns of a golden.orders row that curation reads. A JavaBean, as Spark's bean Encoder requires. */
public class OrderEvent implements Serializable {
  public static final Encoder<OrderEvent> ENCODER = Encoders.bean(OrderEvent.class);

  private String eventId;
  private String orderId;
  private String customerId;
  private String productId;
  private String status;
  private Integer quantity;
  private BigDecimal amount;
  private String currency;
  private BigDecimal amountUsd;
  private Instant orderTs;
  private Instant eventTs;
  private String customerCountry;
  private String productCategory;
  private LocalDate orderDate;

  public String getEventId() {
    return eventId;
  }

  public void setEventId(String value) {
    this.eventId = value;
  }

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

  public Instant getEventTs() {
    return eventTs;
  }

  public void setEventTs(Instant value) {
    this.eventTs = value;
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
