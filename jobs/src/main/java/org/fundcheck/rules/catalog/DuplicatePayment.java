package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sort_array;
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
import org.fundcheck.warehouse.SmallSides;

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
    Dataset<Row> payments = ctx.payments();
    // The windows see only what they compare, and both read one shuffle of it: partitioned by
    // (project, payee), which each window's finer partition refines, so neither shuffles again. Every
    // payment's other columns (names, accounts, dates) would otherwise be shuffled and sorted twice; the
    // few pairs found fetch them afterwards.
    Dataset<Row> compared =
        payments
            .select(col("payment_id"), col("project_id"), col("unit_code"), col("amount"), col("paid_on"),
                col("voucher_no"), Registry.payeeKey().as("payee_key"),
                datediff(col("paid_on"), lit(java.time.LocalDate.EPOCH)).as("day"))
            .repartition(col("project_id"), col("payee_key"));
    // Each payment is compared with its neighbours only (lag and lead in date order): a payment has an
    // earlier duplicate exactly when the one just before it qualifies, so the few payments with a
    // qualifying neighbour are the only ones that can pair, and they are paired among themselves. A
    // window collecting every earlier payment into a list for each of millions of payments cost more.
    WindowSpec byAmount =
        Window.partitionBy(col("project_id"), col("payee_key"), col("amount"))
            .orderBy(col("day"), col("payment_id"));
    WindowSpec byVoucher =
        Window.partitionBy(col("unit_code"), col("project_id"), col("payee_key"), col("voucher_no"))
            .orderBy(col("paid_on"), col("payment_id"));
    Column amountNeighbour =
        col("day").minus(lag(col("day"), 1).over(byAmount)).leq(window)
            .or(lead(col("day"), 1).over(byAmount).minus(col("day")).leq(window));
    // Payments without a voucher stay in this pass (the amount comparison needs them) but never pair by
    // voucher.
    Column voucherNeighbour =
        col("voucher_no").isNotNull()
            .and(lag(col("payment_id"), 1).over(byVoucher).isNotNull()
                .or(lead(col("payment_id"), 1).over(byVoucher).isNotNull()));
    SmallSides.Kept candidates =
        SmallSides.kept(
            compared.withColumn("amount_candidate", coalesce(amountNeighbour, lit(false)))
                .withColumn("voucher_candidate", coalesce(voucherNeighbour, lit(false)))
                .filter(col("amount_candidate").or(col("voucher_candidate"))));
    // Paired among themselves by equal keys, so a payee paid every week by one project compares each
    // payment only with those of its own amount, and with those of its own voucher.
    Dataset<Row> later = candidates.rows().alias("l");
    Dataset<Row> before = candidates.toJoin().alias("e");
    Column isEarlier =
        col("e.paid_on").lt(col("l.paid_on"))
            .or(col("e.paid_on").equalTo(col("l.paid_on")).and(col("e.payment_id").lt(col("l.payment_id"))));
    Column samePayee = col("e.project_id").equalTo(col("l.project_id")).and(col("e.payee_key").equalTo(col("l.payee_key")));
    Dataset<Row> amountPairs =
        later.filter(col("l.amount_candidate"))
            .join(before.filter(col("e.amount_candidate")),
                samePayee.and(col("e.amount").equalTo(col("l.amount"))).and(isEarlier)
                    .and(col("l.day").minus(col("e.day")).leq(window)))
            .select(col("l.payment_id").as("p_id"), col("e.payment_id").as("p_e_id"),
                lit(true).as("same_amount"), lit(false).as("same_voucher"));
    Dataset<Row> voucherPairs =
        later.filter(col("l.voucher_candidate"))
            .join(before.filter(col("e.voucher_candidate")),
                samePayee.and(col("e.unit_code").equalTo(col("l.unit_code")))
                    .and(col("e.voucher_no").equalTo(col("l.voucher_no"))).and(isEarlier))
            .select(col("l.payment_id").as("p_id"), col("e.payment_id").as("p_e_id"),
                lit(false).as("same_amount"), lit(true).as("same_voucher"));
    SmallSides.Kept pairIds =
        SmallSides.kept(
            amountPairs.unionByName(voucherPairs)
                .groupBy("p_id", "p_e_id")
                .agg(max("same_amount").as("same_amount"), max("same_voucher").as("same_voucher")));
    // The payments of the pairs, either side, fetched in one pass over the payments with the few ids
    // broadcast; joining every payment to the pairs a second time for the earlier side would shuffle them
    // all once there are too many to broadcast.
    Dataset<Row> pairRows = pairIds.rows();
    SmallSides.Kept ids =
        SmallSides.kept(
            pairRows.select(col("p_id").as("ref_id")).union(pairRows.select(col("p_e_id"))).distinct());
    SmallSides.Kept involved =
        SmallSides.kept(
            payments.join(ids.toJoin(), col("payment_id").equalTo(col("ref_id")), "left_semi")
                .select(col("payment_id"), col("project_id"), col("unit_code"), col("paid_on"), col("net_amount"),
                    col("amount"), col("payee_name"), col("payee_type"), col("payee_id"), col("voucher_no")));
    Dataset<Row> earlier =
        involved.withRows(p -> p.select(col("payment_id").as("e_id"), col("paid_on").as("e_paid_on"),
                col("net_amount").as("e_net"), col("payee_name").as("e_payee_name"),
                col("voucher_no").as("e_voucher"), col("project_id").as("e_project")))
            .toJoin();
    Column sameAmount = col("same_amount");
    Column sameVoucher = col("same_voucher");
    Dataset<Row> pairs =
        involved.rows().join(pairIds.toJoin(), col("payment_id").equalTo(col("p_id")))
            .join(earlier, col("p_e_id").equalTo(col("e_id")))
            .drop("p_id", "p_e_id")
            .withColumn("clue_id",
                ClueIds.column(lit(code()), lit("payment"), col("payment_id"), col("project_id")))
            .withColumn("reason",
                concat_ws("，",
                    when(sameAmount,
                        concat(lit("与"), col("e_id"), lit("（"), Texts.date(col("e_paid_on")), lit("）同项目同收款人同金额"),
                            Texts.money(col("amount")), lit("元，相隔"), datediff(col("paid_on"), col("e_paid_on")).cast("string"),
                            lit("天"))),
                    when(sameVoucher, concat(lit("与"), col("e_id"), lit("凭证号 "), col("voucher_no"), lit(" 相同")))))
            // Few pairs: computed once for the clues and both kinds of evidence that read them.
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
