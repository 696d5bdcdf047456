package org.fundcheck.reconcile;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.rules.RuleContext;
import org.fundcheck.rules.Settings;

/**
 * Per project_id that money names (an allocation, a payment or a delivery on or before as_of): the three
 * ledgers' sums, computed once for the project ledger and the project rules (OVER_DISBURSED, IDLE_FUNDS,
 * UNDELIVERED_PROJECT), which would otherwise each pass over every payment or delivery again.
 *
 * <ul>
 *   <li>{@code allocated}, {@code allocations}: the amount and number of allocations (null and 0 when none);
 *   <li>{@code disbursed}: the net of every payment (null when none); {@code payments} and
 *       {@code first_paid_on}: the number and first date of the net-positive ones;
 *   <li>{@code counted_payments}, {@code counted_paid}, {@code first_counted_on}: the net-positive payments
 *       to {@code company} and {@code individual} payees paid on or before as_of − delivery_grace_days
 *       (the payments UNDELIVERED_PROJECT counts);
 *   <li>{@code delivered_to_households}, {@code delivered_project_level}: deliveries with and without a
 *       household (each null when none), {@code project_level_deliveries} the number of the latter.
 * </ul>
 */
public final class ProjectSums {

  static final String NAME = "project_sums";

  private ProjectSums() {}

  /** The sums of {@code ctx}, computed on first use and kept with the context. */
  public static Dataset<Row> of(RuleContext ctx) {
    return ctx.shared(NAME, ProjectSums::compute);
  }

  private static Dataset<Row> compute(RuleContext ctx) {
    LocalDate due = ctx.asOf().minusDays(ctx.settings().days(Settings.DELIVERY_GRACE_DAYS));
    Column net = col(NetPayments.NET_AMOUNT);
    Column positive = net.gt(0);
    Column counted = positive.and(col("payee_type").isin("company", "individual")).and(col("paid_on").leq(lit(due)));
    Dataset<Row> paid =
        ctx.netPayments()
            .groupBy(col("project_id"))
            .agg(
                sum(net).as("disbursed"),
                count(when(positive, lit(1))).as("payments"),
                min(when(positive, col("paid_on"))).as("first_paid_on"),
                count(when(counted, lit(1))).as("counted_payments"),
                sum(when(counted, net)).as("counted_paid"),
                min(when(counted, col("paid_on"))).as("first_counted_on"));
    Dataset<Row> allocated =
        ctx.table("allocations")
            .groupBy("project_id")
            .agg(sum("amount").as("allocated"), count("allocation_id").as("allocations"));
    Column toHousehold = col("household_id").isNotNull();
    Column projectLevel = col("household_id").isNull();
    Dataset<Row> delivered =
        ctx.table("deliveries")
            .groupBy("project_id")
            .agg(
                sum(when(toHousehold, col("amount"))).as("delivered_to_households"),
                sum(when(projectLevel, col("amount"))).as("delivered_project_level"),
                count(when(projectLevel, lit(1))).as("project_level_deliveries"));
    Dataset<Row> sums =
        allocated.join(paid, new String[] {"project_id"}, "full")
            .join(delivered, new String[] {"project_id"}, "full");
    return sums.select(
        col("project_id"),
        col("allocated"),
        zeroIfNull("allocations"),
        col("disbursed"),
        zeroIfNull("payments"),
        col("first_paid_on"),
        zeroIfNull("counted_payments"),
        col("counted_paid"),
        col("first_counted_on"),
        col("delivered_to_households"),
        col("delivered_project_level"),
        zeroIfNull("project_level_deliveries"));
  }

  private static Column zeroIfNull(String count) {
    return coalesce(col(count), lit(0L)).as(count);
  }
}
