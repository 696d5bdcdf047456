package org.fundcheck.rules;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.translate;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * How payees and persons are compared (rules.md, Terms): an identity number with a lowercase x read as X,
 * in every column that holds one; a payee by its payee key, the identity number for an {@code individual}
 * payee and the payee_id as written for the others.
 */
public final class PayeeKeys {

  public static final String INDIVIDUAL = "individual";

  /** The payee_type of a payment to a household: its payee_id is a household_id. */
  public static final String HOUSEHOLD = "household";

  private PayeeKeys() {}

  /** An identity number as compared: lowercase x read as X. */
  public static Column idNumber(Column c) {
    return translate(c, "x", "X");
  }

  /** The payee key of a payment row, from its payee_type and payee_id. */
  public static Column of(Column payeeType, Column payeeId) {
    return when(payeeType.equalTo(INDIVIDUAL), idNumber(payeeId)).otherwise(payeeId);
  }

  /** The payee key of a row holding the disbursement columns by their own names. */
  public static Column ofPayment() {
    return of(col("payee_type"), col("payee_id"));
  }
}
