package org.fundcheck.reconcile;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
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
 * Per (household, project): what was paid to the household and what was delivered to it, summed once
 * for the household ledger and the UNDELIVERED_HOUSEHOLD rule, which would otherwise each pass over every
 * payment and every delivery. A row for every pair with a payment to a {@code household} payee on or
 * before as_of or a delivery to the household on or before as_of:
 *
 * <ul>
 *   <li>{@code paid}: the net of every payment; {@code paid_in_grace}: of those paid after as_of −
 *       delivery_grace_days (null when none);
 *   <li>{@code counted_payments}: the net-positive payments paid on or before as_of −
 *       delivery_grace_days (the payments P(h,p) of rules.md counts), with {@code counted_paid} their net,
 *       {@code first_counted_on}, {@code last_counted_on} and {@code counted_name} (the greatest payee_name);
 *   <li>{@code delivered} and {@code deliveries}: the amount and number of deliveries (null and 0 when
 *       none).
 * </ul>
 */
public final class HouseholdProjectSums {

  static final String NAME = "household_project_sums";

  private HouseholdProjectSums() {}

  /** The sums of {@code ctx}, computed on first use and kept with the context. */
  public static Dataset<Row> of(RuleContext ctx) {
    return ctx.shared(NAME, HouseholdProjectSums::compute);
  }

  private static Dataset<Row> compute(RuleContext ctx) {
    LocalDate due = ctx.asOf().minusDays(ctx.settings().days(Settings.DELIVERY_GRACE_DAYS));
    Column net = col(NetPayments.NET_AMOUNT);
    Column counted = col("paid_on").leq(lit(due)).and(net.gt(0));
    Dataset<Row> paid =
        ctx.netPayments()
            .filter(col("payee_type").equalTo("household"))
            .groupBy(col("payee_id").as("household_id"), col("project_id"))
            .agg(
                sum(net).as("paid"),
                sum(when(col("paid_on").gt(lit(due)), net)).as("paid_in_grace"),
                count(when(counted, lit(1))).as("counted_payments"),
                sum(when(counted, net)).as("counted_paid"),
                min(when(counted, col("paid_on"))).as("first_counted_on"),
                max(when(counted, col("paid_on"))).as("last_counted_on"),
                max(when(counted, col("payee_name"))).as("counted_name"));
    Dataset<Row> delivered =
        ctx.table("deliveries")
            .filter(col("household_id").isNotNull())
            .groupBy("household_id", "project_id")
            .agg(sum("amount").as("delivered"), count("delivery_id").as("deliveries"));
    return paid.join(delivered, new String[] {"household_id", "project_id"}, "full")
        .select(
            col("household_id"),
            col("project_id"),
            col("paid"),
            col("paid_in_grace"),
            coalesce(col("counted_payments"), lit(0L)).as("counted_payments"),
            col("counted_paid"),
            col("first_counted_on"),
            col("last_counted_on"),
            col("counted_name"),
            col("delivered"),
            coalesce(col("deliveries"), lit(0L)).as("deliveries"));
  }
}
