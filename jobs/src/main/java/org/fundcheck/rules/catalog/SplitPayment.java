package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.Locality;
import org.fundcheck.rules.Rule;
import org.fundcheck.rules.RuleContext;
import org.fundcheck.rules.Settings;
import org.fundcheck.warehouse.SmallSides;

/**
 * SPLIT_PAYMENT: payments from one unit to one payee, each below split_threshold, that fall within
 * split_window_days of each other and together reach it — a payment split to stay under an approval
 * limit. A payment belongs to the clue when some window [d, d + window], d the date of a candidate
 * payment, holds it and qualifies (at least two payments summing to the threshold): a qualifying set
 * lies inside the window opened by its earliest date, and since amounts are positive that window
 * qualifies too, so the union of those windows is exactly the union of all qualifying sets. One clue
 * per payee (payee_id, an identity number normalised), across units; its unit is the one with the
 * larger split sum. Weight 0.8: splitting is a procedural breach; the money itself may be properly
 * spent.
 */
public final class SplitPayment implements Rule {

  @Override
  public Locality locality() {
    return Locality.PAYEE;
  }

  @Override
  public String code() {
    return "SPLIT_PAYMENT";
  }

  @Override
  public String category() {
    return "duplicate_payment";
  }

  @Override
  public BigDecimal weight() {
    return new BigDecimal("0.8");
  }

  @Override
  public Detection detect(RuleContext ctx) {
    BigDecimal threshold = ctx.settings().decimal(Settings.SPLIT_THRESHOLD);
    int window = ctx.settings().days(Settings.SPLIT_WINDOW_DAYS);
    // Windows over the day number rather than a self-join: a payee paid every month by one unit would
    // otherwise pair every payment with every other one.
    WindowSpec fromHere =
        Window.partitionBy(col("unit_code"), col("payee_key")).orderBy(col("day")).rangeBetween(0, window);
    WindowSpec upToHere =
        Window.partitionBy(col("unit_code"), col("payee_key")).orderBy(col("day")).rangeBetween(-window, 0);
    // Only a payment with another of the same unit and payee within the window (its neighbour in date
    // order, lag or lead) can be in a split: every window holding two payments holds such neighbours
    // only. The windows that sum run over those few, in the partitions and order the neighbours were
    // found in (no second shuffle or sort); every payment is sorted once, carrying what the comparison
    // needs, and the payments in a split fetch their other columns afterwards.
    Dataset<Row> payments = ctx.payments().filter(col("net_amount").lt(lit(threshold)));
    WindowSpec byDay = Window.partitionBy(col("unit_code"), col("payee_key")).orderBy(col("day"), col("payment_id"));
    Column hasNeighbour =
        col("day").minus(lag(col("day"), 1).over(byDay)).leq(window)
            .or(lead(col("day"), 1).over(byDay).minus(col("day")).leq(window));
    Dataset<Row> neighbours =
        payments
            .select(col("payment_id"), col("unit_code"), col("net_amount"),
                Registry.payeeKey().as("payee_key"), datediff(col("paid_on"), lit(LocalDate.EPOCH)).as("day"))
            .withColumn("has_neighbour", coalesce(hasNeighbour, lit(false)))
            .filter(col("has_neighbour"));
    SmallSides.Kept inSplit =
        SmallSides.kept(
            neighbours
                .withColumn("window_total", sum("net_amount").over(fromHere))
                .withColumn("window_count", count("payment_id").over(fromHere))
                .withColumn("opens_split",
                    when(col("window_total").geq(lit(threshold)).and(col("window_count").geq(2)), 1).otherwise(0))
                .withColumn("in_split", max("opens_split").over(upToHere))
                .filter(col("in_split").equalTo(1))
                .select(col("payment_id").as("split_payment_id")));
    Dataset<Row> split =
        payments.join(inSplit.toJoin(), col("payment_id").equalTo(col("split_payment_id")), "left_semi")
            .withColumn("payee_key", Registry.payeeKey());
    return PaymentClues.detect(this,
        PaymentClues.firing(split, lit("payee"), col("payee_key"),
            when(col("payee_type").equalTo(Registry.HOUSEHOLD), col("payee_id")),
            concat(lit("单位 "), col("unit_code"), lit(" 向收款人 "), col("payee_name"), lit(" 在"),
                lit(String.valueOf(window)), lit("天内分笔支付，每笔低于"), Texts.money(lit(threshold)),
                lit("元、合计不低于"), Texts.money(lit(threshold)), lit("元")),
            lit(""), PaymentClues.Fact.NONE));
  }
}
