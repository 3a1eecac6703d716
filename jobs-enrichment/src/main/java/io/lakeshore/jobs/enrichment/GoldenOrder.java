package io.lakeshore.jobs.enrichment;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/** One golden.orders row (without audit columns): a validated, enriched order event. A JavaBean, as Spark's bean Encoder requires. */
public class GoldenOrder implements Serializable {
  public static final Encoder<GoldenOrder> ENCODER = Encoders.bean(GoldenOrder.class);

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
  private String customerSegment;
  private String productCategory;
  private String rescuedData;
  private LocalDate orderDate;
  private LocalDate ingestDate;

  /** Fields the event had that the declared ones do not name, as a JSON object; NULL when none. */
  public String getRescuedData() {
    return rescuedData;
  }

  public void setRescuedData(String value) {
    this.rescuedData = value;
  }

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

  public String getCustomerSegment() {
    return customerSegment;
  }

  public void setCustomerSegment(String value) {
    this.customerSegment = value;
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

  public LocalDate getIngestDate() {
    return ingestDate;
  }

  public void setIngestDate(LocalDate value) {
    this.ingestDate = value;
  }
}
