package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

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
 * UNDELIVERED_PROJECT: a {@code completed} or {@code accepted} project where N, the net paid to company
 * and individual payees on or before as_of − delivery_grace_days, exceeds L, the project-level
 * deliveries (empty household_id, any evidence, on or before as_of), by more than max(tolerance,
 * undelivered_project_ratio × N). Only projects in projects.csv can fire, as the status comes from
 * there. Evidence rows: the payments counted in N and the deliveries counted in L. Weight 1.0: works
 * paid for and not confirmed delivered are the core of 虚报冒领 in infrastructure projects.
 */
public final class UndeliveredProject implements Rule {

  @Override
  public String code() {
    return "UNDELIVERED_PROJECT";
  }

  @Override
  public String category() {
    return "undelivered";
  }

  @Override
  public BigDecimal weight() {
    return BigDecimal.ONE;
  }

  @Override
  public Detection detect(RuleContext ctx) {
    BigDecimal tolerance = ctx.settings().decimal(Settings.TOLERANCE);
    BigDecimal ratio = ctx.settings().decimal(Settings.UNDELIVERED_PROJECT_RATIO);
    LocalDate graceCut = ctx.asOf().minusDays(ctx.settings().days(Settings.DELIVERY_GRACE_DAYS));
    Dataset<Row> finished =
        ctx.table("projects").filter(col("status").isin("completed", "accepted"))
            .select(col("project_id").as("f_project"), col("project_name").as("f_name"),
                col("status").as("f_status"), col("unit_code").as("f_unit"));
    Dataset<Row> counted =
        ctx.payments()
            .filter(col("payee_type").isin(Registry.COMPANY, Registry.INDIVIDUAL)
                .and(col("paid_on").leq(lit(graceCut))));
    Dataset<Row> projectLevel = ctx.table("deliveries").filter(col("household_id").isNull());
    // What each project paid and delivered, from the project sums the context keeps (the project ledger's).
    Dataset<Row> sums =
        ProjectSums.of(ctx)
            .filter(col("counted_payments").gt(0))
            .select(
                col("project_id"),
                col("counted_paid").as("paid"),
                col("counted_payments").as("payment_count"),
                col("first_counted_on").as("first_paid_on"),
                col("delivered_project_level").as("delivered"),
                col("project_level_deliveries").as("delivery_count"));
    Column deliveredOrZero = coalesce(col("delivered"), lit(BigDecimal.ZERO));
    Column gap = col("paid").minus(deliveredOrZero);
    SmallSides.Kept shortfalls =
        SmallSides.kept(
            finished.join(sums, col("f_project").equalTo(col("project_id")))
                .filter(gap.gt(greatest(lit(tolerance), col("paid").multiply(lit(ratio)))))
                .withColumn("clue_id", ClueIds.column(lit(code()), lit("project"), col("project_id"), col("project_id"))));

    Dataset<Row> ids = shortfalls.toJoin().select(col("clue_id"), col("project_id").as("s_project"));
    Dataset<Row> evidencePayments = counted.join(ids, col("project_id").equalTo(col("s_project"))).drop("s_project");
    Dataset<Row> evidenceDeliveries =
        projectLevel.join(ids, col("project_id").equalTo(col("s_project"))).drop("s_project");

    Column sentence =
        concat(lit("项目 "), col("project_id"), lit("（"), col("f_name"), lit("，状态 "), col("f_status"),
            lit("）截至" + graceCut + "向企业和个人净支付"), col("payment_count").cast("string"), lit("笔 合计"),
            Texts.money(col("paid")), lit("元，截至" + ctx.asOf() + "项目级落地确认"),
            when(col("delivered").isNull(), lit("0笔"))
                .otherwise(concat(col("delivery_count").cast("string"), lit("笔 合计"), Texts.money(col("delivered")),
                    lit("元"))),
            lit("，差额"), Texts.money(gap), lit("元"));
    Dataset<Row> clues =
        shortfalls.rows().select(
            col("clue_id"),
            lit(code()).as("rule_code"),
            lit(category()).as("category"),
            lit("project").as("entity_type"),
            col("project_id").as("entity_id"),
            col("project_id"),
            lit(null).as("household_id"),
            col("f_unit").as("unit_code"),
            gap.as("amount_at_stake"),
            col("first_paid_on").as("evidence_date"),
            sentence.as("evidence"));
    return new Detection(
        Shapes.clues(clues),
        Shapes.paymentEvidence(evidencePayments, code())
            .union(ProjectFacts.deliveryEvidence(evidenceDeliveries, code())));
  }
}
