package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.rules.ClueIds;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.Rule;
import org.fundcheck.rules.RuleContext;
import org.fundcheck.rules.Settings;

/**
 * PAYMENT_OUT_OF_PERIOD: a payment before its project's start_date, more than late_payment_days after
 * its end_date, or before the project's earliest allocation dated on or before as_of. A payment to a
 * project missing from projects.csv has no period to break and is judged on the allocation condition
 * alone (the allocation ledger names the project whether or not the library does). The earliest
 * allocation rows are evidence (kind {@code allocation}) when that condition fires. Weight 0.6: money
 * paid out of period is often paperwork, sometimes advance payment before approval or money spent
 * after the project was closed.
 */
public final class PaymentOutOfPeriod implements Rule {

  @Override
  public String code() {
    return "PAYMENT_OUT_OF_PERIOD";
  }

  @Override
  public String category() {
    return "timing";
  }

  @Override
  public BigDecimal weight() {
    return new BigDecimal("0.6");
  }

  @Override
  public Detection detect(RuleContext ctx) {
    int late = ctx.settings().days(Settings.LATE_PAYMENT_DAYS);
    Dataset<Row> projects =
        ctx.table("projects").select(col("project_id").as("pr_id"), col("start_date").as("pr_start"),
            col("end_date").as("pr_end"));
    Dataset<Row> allocations = ctx.table("allocations");
    Dataset<Row> firstAllocation =
        allocations.groupBy(col("project_id").as("a_project"))
            .agg(min("allocated_on").as("a_first"));
    Column early = col("paid_on").lt(col("pr_start"));
    Column overdue = col("paid_on").gt(date_add(col("pr_end"), late));
    Column unfunded = col("paid_on").lt(col("a_first"));
    Dataset<Row> firing =
        ctx.payments()
            .join(projects, col("project_id").equalTo(col("pr_id")), "left")
            .join(firstAllocation, col("project_id").equalTo(col("a_project")), "left")
            .filter(early.or(overdue).or(unfunded))
            .withColumn("clue_id", ClueIds.column(lit(code()), lit("payment"), col("payment_id"), col("project_id")))
            .withColumn("unfunded", unfunded)
            // Read three times (clues, payment evidence, allocation evidence): found in one pass and kept.
            .localCheckpoint();

    Column reasons =
        concat_ws("，",
            when(early, concat(lit("早于项目开工日期"), Texts.date(col("pr_start")))),
            when(overdue, concat(lit("晚于项目结束日期"), Texts.date(col("pr_end")), lit("超过"),
                lit(String.valueOf(late)), lit("天"))),
            when(unfunded, concat(lit("早于项目首笔资金拨付日期"), Texts.date(col("a_first")))));
    Dataset<Row> clues =
        firing.select(
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
            concat(lit("付款 "), col("payment_id"), lit(" 于"), Texts.date(col("paid_on")), lit("支付 收款人 "),
                col("payee_name"), lit(" "), Texts.money(col("net_amount")), lit("元，项目 "), col("project_id"),
                lit("："), reasons).as("evidence"));

    Dataset<Row> earliest =
        firing.filter(col("unfunded"))
            .select(col("clue_id"), col("project_id").as("f_project"), col("a_first"))
            .join(allocations,
                col("f_project").equalTo(col("project_id")).and(col("a_first").equalTo(col("allocated_on"))));
    return new Detection(
        Shapes.clues(clues),
        Shapes.paymentEvidence(firing, code())
            .union(ProjectFacts.allocationEvidence(earliest, code())));
  }
}
