package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.fundcheck.rules.ClueIds;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.Locality;
import org.fundcheck.rules.Rule;
import org.fundcheck.rules.RuleContext;
import org.fundcheck.rules.Settings;

/**
 * DUPLICATE_PAYMENT: a payment repeating an earlier one (smaller (paid_on, payment_id)) to the same payee
 * under the same project — either the same amount as written within duplicate_window_days, or the same
 * non-empty voucher_no from the same unit whatever the dates (one document booked twice). A batch
 * voucher shared by different payees never pairs, since the payee must match. Payee ids of individuals
 * are compared as normalised identity numbers. One clue per later payment; the earlier payments it
 * repeats are evidence rows too (kind {@code payment}, detail starting {@code 此前付款}), since the
 * pair is what a person checks. Weight 1.2: a double payment is money out for nothing.
 */
public final class DuplicatePayment implements Rule {

  @Override
  public Locality locality() {
    return Locality.PAYEE;
  }

  @Override
  public String code() {
    return "DUPLICATE_PAYMENT";
  }

  @Override
  public String category() {
    return "duplicate_payment";
  }

  @Override
  public BigDecimal weight() {
    return new BigDecimal("1.2");
  }

  @Override
  public Detection detect(RuleContext ctx) {
    int window = ctx.settings().days(Settings.DUPLICATE_WINDOW_DAYS);
    Dataset<Row> payments =
        ctx.payments()
            .withColumn("payee_key", Registry.payeeKey())
            .withColumn("day", datediff(col("paid_on"), lit(java.time.LocalDate.EPOCH)));
    Column earlierPayment =
        struct(col("payment_id").as("e_id"), col("paid_on").as("e_paid_on"), col("net_amount").as("e_net"),
            col("payee_name").as("e_payee_name"), col("voucher_no").as("e_voucher"), col("project_id").as("e_project"));
    // Windows rather than a self-join on (project, payee): a household paid the same subsidy every month
    // would otherwise pair every payment with every other one.
    WindowSpec sameAmountNearby =
        Window.partitionBy(col("project_id"), col("payee_key"), col("amount"))
            .orderBy(col("day"))
            .rangeBetween(-window, 0);
    WindowSpec sameVoucherBefore =
        Window.partitionBy(col("unit_code"), col("project_id"), col("payee_key"), col("voucher_no"))
            .orderBy(col("paid_on"), col("payment_id"))
            .rowsBetween(Window.unboundedPreceding(), -1);
    Dataset<Row> amountPairs =
        payments.withColumn("nearby", collect_list(earlierPayment).over(sameAmountNearby))
            .withColumn("e", explode(col("nearby")))
            .drop("nearby")
            .withColumn("same_amount", lit(true))
            .withColumn("same_voucher", lit(false));
    Dataset<Row> voucherPairs =
        payments.filter(col("voucher_no").isNotNull())
            .withColumn("before", collect_list(earlierPayment).over(sameVoucherBefore))
            .withColumn("e", explode(col("before")))
            .drop("before")
            .withColumn("same_amount", lit(false))
            .withColumn("same_voucher", lit(true));
    Column isEarlier =
        col("e_paid_on").lt(col("paid_on"))
            .or(col("e_paid_on").equalTo(col("paid_on")).and(col("e_id").lt(col("payment_id"))));
    Column sameAmount = col("same_amount");
    Column sameVoucher = col("same_voucher");
    Dataset<Row> pairs =
        amountPairs.unionByName(voucherPairs)
            .select(col("payment_id"), col("project_id"), col("unit_code"), col("paid_on"), col("net_amount"),
                col("amount"), col("payee_name"), col("payee_type"), col("payee_id"), col("voucher_no"),
                col("same_amount"), col("same_voucher"), col("e.*"))
            .filter(isEarlier)
            .groupBy("payment_id", "project_id", "unit_code", "paid_on", "net_amount", "amount", "payee_name",
                "payee_type", "payee_id", "voucher_no", "e_id", "e_paid_on", "e_net", "e_payee_name", "e_voucher",
                "e_project")
            .agg(max("same_amount").as("same_amount"), max("same_voucher").as("same_voucher"))
            .withColumn("clue_id",
                ClueIds.column(lit(code()), lit("payment"), col("payment_id"), col("project_id")))
            .withColumn("reason",
                concat_ws("，",
                    when(sameAmount,
                        concat(lit("与"), col("e_id"), lit("（"), Texts.date(col("e_paid_on")), lit("）同项目同收款人同金额"),
                            Texts.money(col("amount")), lit("元，相隔"), datediff(col("paid_on"), col("e_paid_on")).cast("string"),
                            lit("天"))),
                    when(sameVoucher, concat(lit("与"), col("e_id"), lit("凭证号 "), col("voucher_no"), lit(" 相同")))))
            // Few pairs, from two windows over every payment: computed once for the clues and both kinds of
            // evidence that read them.
            .localCheckpoint();

    Dataset<Row> clues =
        pairs.groupBy("clue_id", "payment_id", "project_id", "unit_code", "paid_on", "net_amount", "payee_name",
                "payee_type", "payee_id")
            .agg(array_join(sort_array(collect_set("reason")), "；").as("reasons"))
            .select(
                col("clue_id"),
                lit(code()).as("rule_code"),
                lit(category()).as("category"),
                lit("payment").as("entity_type"),
                col("payment_id").as("entity_id"),
                col("project_id"),
                when(col("payee_type").equalTo(Registry.HOUSEHOLD), col("payee_id")).as("household_id"),
                col("unit_code"),
                col("net_amount").as("amount_at_stake"),
                col("paid_on").as("evidence_date"),
                concat(lit("付款 "), col("payment_id"), lit("（"), Texts.date(col("paid_on")), lit(" 收款人 "),
                    col("payee_name"), lit(" 项目 "), col("project_id"), lit(" "), Texts.money(col("net_amount")),
                    lit("元）重复："), col("reasons")).as("evidence"));

    Dataset<Row> firingPayment =
        Shapes.paymentEvidence(
            pairs.select("clue_id", "payment_id", "paid_on", "net_amount", "payee_name", "voucher_no", "project_id")
                .distinct(),
            code());
    Dataset<Row> repeated =
        Shapes.evidence(
            pairs.select(col("clue_id"), lit(code()).as("rule_code"), lit("payment").as("kind"),
                    col("e_id").as("ref_id"), col("e_paid_on").as("ref_date"), col("e_net").as("amount"),
                    concat_ws(" ", lit("此前付款"), concat(lit("收款人 "), col("e_payee_name")),
                        when(col("e_voucher").isNotNull(), concat(lit("凭证 "), col("e_voucher"))),
                        concat(lit("项目 "), col("e_project"))).as("detail"))
                .distinct());
    return new Detection(Shapes.clues(clues), firingPayment.union(repeated));
  }
}
