package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.rules.RuleContext;
import org.fundcheck.warehouse.SmallSides;

/**
 * Payments to registered households paired with the persons of members(h) found in a registry: the
 * starting point of every rule that asks whether someone in the payee household was ineligible on the
 * day of a payment. The registry is matched against the members listed in any person registry first
 * ({@link Registry#listedMembers}), since few members are; the payments then meet only the households
 * found.
 */
final class Members {

  private Members() {}

  /**
   * Payment, {@code h_} household and registry columns plus {@code member_id} and {@code member_name}, one
   * row per payment and member listed in the registry under the key {@code registryId}.
   */
  static Dataset<Row> paymentsToListed(RuleContext ctx, Dataset<Row> registry, String registryId) {
    return paymentsToListed(ctx, registry, registryId, lit(true));
  }

  /** As {@link #paymentsToListed(RuleContext, Dataset, String)}, the match further narrowed by {@code also}. */
  static Dataset<Row> paymentsToListed(RuleContext ctx, Dataset<Row> registry, String registryId, Column also) {
    Dataset<Row> listed =
        SmallSides.kept(
            Registry.listedMembers(ctx)
                .join(registry.select(col(registryId).as("r_id")).distinct(), col("member_id").equalTo(col("r_id")),
                    "left_semi")
                .withColumnRenamed("household_id", "m_household_id"))
            .toJoin();
    Dataset<Row> found =
        Registry.households(ctx)
            .join(listed, col("h_household_id").equalTo(col("m_household_id")))
            .drop("m_household_id")
            .join(registry, col("member_id").equalTo(col(registryId)).and(also));
    return Registry.paymentsTo(ctx, found);
  }
}
