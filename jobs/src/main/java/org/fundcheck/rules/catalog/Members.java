package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.rules.RuleContext;

/**
 * Payments to registered households paired with each person of members(h): the starting point of every
 * rule that asks whether someone in the payee household was ineligible on the day of a payment.
 */
final class Members {

  private Members() {}

  /** Payment and {@code h_} household columns plus {@code member_id} and {@code member_name}. */
  static Dataset<Row> paymentsWithMembers(RuleContext ctx) {
    Dataset<Row> members =
        Registry.members(ctx).withColumnRenamed("household_id", "m_household_id");
    return Registry.registeredHouseholdPayments(ctx)
        .join(members, col("h_household_id").equalTo(col("m_household_id")))
        .drop("m_household_id");
  }
}
