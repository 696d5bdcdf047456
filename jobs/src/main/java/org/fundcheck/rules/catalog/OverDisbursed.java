package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
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
 * OVER_DISBURSED: a project whose net disbursements (all payees, paid on or before as_of) exceed what
 * was allocated to it by more than the tolerance. A project absent from projects.csv is still judged
 * (money paid under an unknown project is unaccounted for); its unit is then the paying unit with the
 * largest net amount ({@link ProjectFacts#units}). Evidence rows: every net-positive payment and every
 * allocation of the project. Weight 1.0: the gap is real money without a funding document behind it.
 */
public final class OverDisbursed implements Rule {

  @Override
  public String code() {
    return "OVER_DISBURSED";
  }

  @Override
  public String category() {
    return "over_disbursed";
  }

  @Override
  public BigDecimal weight() {
    return BigDecimal.ONE;
  }

  @Override
  public Detection detect(RuleContext ctx) {
    BigDecimal tolerance = ctx.settings().decimal(Settings.TOLERANCE);
    Dataset<Row> payments = ctx.payments();
    Dataset<Row> allocations = ctx.table("allocations");
    Column allocatedOrZero = coalesce(col("allocated"), lit(BigDecimal.ZERO));
    // The projects over their allocation are few: found among the project sums the context keeps (the
    // project ledger's), they pick out their payments without moving every payment to meet them.
    SmallSides.Kept over =
        SmallSides.kept(
            ProjectSums.of(ctx)
                .filter(col("payments").gt(0))
                .select(
                    col("project_id"),
                    col("disbursed"),
                    col("payments").as("payment_count"),
                    col("first_paid_on"),
                    col("allocated"),
                    when(col("allocated").isNotNull(), col("allocations")).as("allocation_count"))
                .filter(col("disbursed").gt(allocatedOrZero.plus(lit(tolerance))))
                .withColumn("clue_id", ClueIds.column(lit(code()), lit("project"), col("project_id"), col("project_id"))));

    Dataset<Row> overIds = over.toJoin().select(col("clue_id"), col("project_id").as("o_project"));
    Dataset<Row> evidencePayments =
        payments.join(overIds, col("project_id").equalTo(col("o_project"))).drop("o_project");
    Dataset<Row> evidenceAllocations =
        allocations.join(overIds, col("project_id").equalTo(col("o_project"))).drop("o_project");

    Column sentence =
        concat(col("project_label"), lit("截至"), lit(ctx.asOf().toString()),
            when(col("allocated").isNull(), lit("未拨入资金"))
                .otherwise(concat(lit("拨入资金"), col("allocation_count").cast("string"), lit("笔 合计"),
                    Texts.money(col("allocated")), lit("元"))),
            lit("，净支出"), col("payment_count").cast("string"), lit("笔 合计"), Texts.money(col("disbursed")),
            lit("元，超出拨入"), Texts.money(col("disbursed").minus(allocatedOrZero)), lit("元"));
    Dataset<Row> clues =
        over.rows().join(ProjectFacts.labels(ctx, over.rows()), col("project_id").equalTo(col("l_project")))
            .join(ProjectFacts.units(ctx, over.rows(), evidencePayments), "clue_id")
            .select(
                col("clue_id"),
                lit(code()).as("rule_code"),
                lit(category()).as("category"),
                lit("project").as("entity_type"),
                col("project_id").as("entity_id"),
                col("project_id"),
                lit(null).as("household_id"),
                col("unit_code"),
                col("disbursed").minus(allocatedOrZero).as("amount_at_stake"),
                col("first_paid_on").as("evidence_date"),
                sentence.as("evidence"));
    return new Detection(
        Shapes.clues(clues),
        Shapes.paymentEvidence(evidencePayments, code())
            .union(ProjectFacts.allocationEvidence(evidenceAllocations, code())));
  }
}
