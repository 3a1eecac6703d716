package io.lakeshore.core.table;

/** A table operation that conflicts with the table's state: missing, wrong schema, bad write. */
public class TableException extends RuntimeException {
  public TableException(String message) {
    super(message);
  }

  public TableException(String message, Throwable cause) {
    super(message, cause);
  }
}
