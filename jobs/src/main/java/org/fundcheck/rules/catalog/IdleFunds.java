package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.reconcile.ProjectSums;
import org.fundcheck.rules.ClueIds;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.Rule;
import org.fundcheck.rules.RuleContext;
import org.fundcheck.rules.Settings;
import org.fundcheck.warehouse.SmallSides;

/**
 * IDLE_FUNDS: A = allocations dated on or before as_of − idle_days; the project fires when A &gt; 0 and
 * its net disbursements (every payment on or before as_of) are below idle_ratio × A. Amount A − net
 * disbursed, evidence date the earliest allocation counted in A. A project absent from projects.csv is
 * judged all the same (its allocations are real money); its unit is then the paying unit with the
 * largest net amount, or empty when nothing was paid. Evidence rows: the allocations counted in A and
 * every net-positive payment of the project. Weight 0.7: idle money is a management failure (资金沉淀)
 * more often than a loss.
 */
public final class IdleFunds implements Rule {

  @Override
  public String code() {
    return "IDLE_FUNDS";
  }

  @Override
  public String category() {
    return "idle_funds";
  }

  @Override
  public BigDecimal weight() {
    return new BigDecimal("0.7");
  }

  @Override
  public Detection detect(RuleContext ctx) {
    int idleDays = ctx.settings().days(Settings.IDLE_DAYS);
    BigDecimal ratio = ctx.settings().decimal(Settings.IDLE_RATIO);
    LocalDate cutoff = ctx.asOf().minusDays(idleDays);
    Dataset<Row> payments = ctx.payments();
    Dataset<Row> counted = ctx.table("allocations").filter(col("allocated_on").leq(lit(cutoff)));
    Dataset<Row> allocated =
        counted.groupBy(col("project_id"))
            .agg(sum("amount").as("allocated"), count("allocation_id").as("allocation_count"),
                min("allocated_on").as("first_allocated_on"), max("allocated_on").as("last_allocated_on"));
    // What each project disbursed, from the project sums the context keeps (the project ledger's).
    Dataset<Row> disbursed =
        ProjectSums.of(ctx).filter(col("payments").gt(0))
            .select(col("project_id").as("d_project"), col("disbursed"));
    Column disbursedOrZero = coalesce(col("disbursed"), lit(BigDecimal.ZERO));
    SmallSides.Kept idle =
        SmallSides.kept(
            allocated.join(disbursed, col("project_id").equalTo(col("d_project")), "left")
                .filter(col("allocated").gt(0).and(disbursedOrZero.lt(col("allocated").multiply(lit(ratio)))))
                .withColumn("clue_id", ClueIds.column(lit(code()), lit("project"), col("project_id"), col("project_id"))));

    Dataset<Row> idleIds = idle.toJoin().select(col("clue_id"), col("project_id").as("i_project"));
    Dataset<Row> evidencePayments =
        payments.join(idleIds, col("project_id").equalTo(col("i_project"))).drop("i_project");
    Dataset<Row> evidenceAllocations =
        counted.join(idleIds, col("project_id").equalTo(col("i_project"))).drop("i_project");

    String percent = ratio.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    Column sentence =
        concat(col("project_label"), lit("于"), Texts.period(col("first_allocated_on"), col("last_allocated_on")),
            lit("拨入资金"), col("allocation_count").cast("string"), lit("笔 合计"), Texts.money(col("allocated")),
            lit("元，已超过" + idleDays + "天，截至" + ctx.asOf() + "净支出"), Texts.money(disbursedOrZero),
            lit("元，不足" + percent + "，闲置"), Texts.money(col("allocated").minus(disbursedOrZero)), lit("元"));
    Dataset<Row> clues =
        idle.rows().join(ProjectFacts.labels(ctx, idle.rows()), col("project_id").equalTo(col("l_project")))
            .join(ProjectFacts.units(ctx, idle.rows(), evidencePayments), "clue_id")
            .select(
                col("clue_id"),
                lit(code()).as("rule_code"),
                lit(category()).as("category"),
                lit("project").as("entity_type"),
                col("project_id").as("entity_id"),
                col("project_id"),
                lit(null).as("household_id"),
                col("unit_code"),
                col("allocated").minus(disbursedOrZero).as("amount_at_stake"),
                col("first_allocated_on").as("evidence_date"),
                sentence.as("evidence"));
    return new Detection(
        Shapes.clues(clues),
        Shapes.paymentEvidence(evidencePayments, code())
            .union(ProjectFacts.allocationEvidence(evidenceAllocations, code())));
  }
}
