package org.fundcheck.reconcile;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.warehouse.SmallSides;

/**
 * Net payments (rules.md, "net payment"): each original disbursement paid on or before as_of, plus the
 * reversals naming it that are themselves dated on or before as_of, floored at zero. A reversal naming
 * no loaded payment affects nothing; reversal rows are never payments of their own.
 */
public final class NetPayments {

  public static final String NET_AMOUNT = "net_amount";

  private NetPayments() {}

  /**
   * Every original payment paid on or before {@code asOf}, with all disbursement columns and
   * {@code net_amount} DECIMAL(18,2) (0 for a payment reversed in full or more).
   */
  public static Dataset<Row> of(Dataset<Row> disbursements, LocalDate asOf) {
    Column dated = col("paid_on").leq(lit(asOf));
    Dataset<Row> originals = disbursements.filter(col("reversal_of").isNull().and(dated));
    // Reversals are rare, so their totals are usually broadcast and the originals are never shuffled.
    Dataset<Row> reversals =
        SmallSides.kept(
            disbursements
                .filter(col("reversal_of").isNotNull().and(dated))
                .groupBy(col("reversal_of").as("reversed_payment_id"))
                .agg(sum("amount").as("reversed_amount")))
            .toJoin();
    Column net =
        greatest(
                col("amount").plus(coalesce(col("reversed_amount"), lit(java.math.BigDecimal.ZERO))),
                lit(java.math.BigDecimal.ZERO))
            .cast("decimal(18,2)");
    return originals
        .join(reversals, originals.col("payment_id").equalTo(reversals.col("reversed_payment_id")), "left")
        .withColumn(NET_AMOUNT, net)
        .drop("reversed_payment_id", "reversed_amount");
  }
}
