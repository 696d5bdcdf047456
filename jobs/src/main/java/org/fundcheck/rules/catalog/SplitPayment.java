package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.Rule;
import org.fundcheck.rules.RuleContext;
import org.fundcheck.rules.Settings;

/**
 * SPLIT_PAYMENT: payments from one unit to one payee, each below split_threshold, that fall within
 * split_window_days of each other and together reach it — a payment split to stay under an approval
 * limit. A payment belongs to the clue when some window [d, d + window] starting at a candidate
 * payment's date holds it and qualifies (at least two payments summing to the threshold); since amounts
 * are positive, that widest window qualifies whenever any smaller set inside it does, so the union of
 * those windows is exactly the union of all qualifying sets. One clue per payee (payee_id, an identity
 * number normalised), across units; its unit is the one with the larger split sum. Weight 0.8: splitting
 * is a procedural breach; the money itself may be properly spent.
 */
public final class SplitPayment implements Rule {

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
    Dataset<Row> candidates =
        ctx.payments().filter(col("net_amount").lt(lit(threshold))).withColumn("payee_key", Registry.payeeKey());
    Dataset<Row> starts =
        candidates.select(col("unit_code").as("w_unit"), col("payee_key").as("w_payee"), col("paid_on").as("w_start"))
            .distinct();
    Dataset<Row> inWindow =
        starts.join(candidates,
            col("w_unit").equalTo(col("unit_code"))
                .and(col("w_payee").equalTo(col("payee_key")))
                .and(col("paid_on").between(col("w_start"), date_add(col("w_start"), window))));
    Dataset<Row> qualifying =
        inWindow.groupBy("w_unit", "w_payee", "w_start")
            .agg(sum("net_amount").as("w_total"), count("payment_id").as("w_count"))
            .filter(col("w_total").geq(lit(threshold)).and(col("w_count").geq(2)));
    Dataset<Row> split =
        inWindow.join(qualifying, new String[] {"w_unit", "w_payee", "w_start"}, "left_semi")
            .drop("w_unit", "w_payee", "w_start")
            .distinct();
    return PaymentClues.detect(this,
        PaymentClues.firing(split, lit("payee"), col("payee_key"),
            when(col("payee_type").equalTo(Registry.HOUSEHOLD), col("payee_id")),
            concat(lit("单位 "), col("unit_code"), lit(" 向收款人 "), col("payee_name"), lit(" 在"),
                lit(String.valueOf(window)), lit("天内分笔支付，每笔低于"), Texts.money(lit(threshold)),
                lit("元、合计不低于"), Texts.money(lit(threshold)), lit("元")),
            lit(""), PaymentClues.Fact.NONE));
  }
}
