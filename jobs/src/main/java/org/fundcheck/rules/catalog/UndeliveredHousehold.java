package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.reconcile.Reconciliation;
import org.fundcheck.rules.ClueIds;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.Rule;
import org.fundcheck.rules.RuleContext;
import org.fundcheck.rules.Settings;
import org.fundcheck.warehouse.SmallSides;

/**
 * UNDELIVERED_HOUSEHOLD: P(h,p) − D(h,p) &gt; tolerance, where P(h,p) is the net paid to household h under
 * project p on or before as_of − delivery_grace_days and D(h,p) every delivery to h under p on or
 * before as_of, whatever its evidence. h need not be registered. One clue per (household, project);
 * unit and evidence date from the payments counted in P. Evidence rows: those payments and the
 * deliveries counted in D. Weight 1.0: paid and not confirmed received is the plainest sign that
 * money did not reach the household (截留挪用).
 */
public final class UndeliveredHousehold implements Rule {

  @Override
  public String code() {
    return "UNDELIVERED_HOUSEHOLD";
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
    LocalDate graceCut = ctx.asOf().minusDays(ctx.settings().days(Settings.DELIVERY_GRACE_DAYS));
    // P(h,p) − D(h,p) is the household ledger's overdue_gap, summed once for the ledger: the pairs short of
    // delivery are found there, and being few they select their payments and deliveries without moving
    // every payment and delivery again.
    Dataset<Row> keys =
        SmallSides.kept(
                Reconciliation.householdLedgerOf(ctx)
                    .filter(col("overdue_gap").gt(lit(tolerance)))
                    .select(
                        ClueIds.column(lit(code()), lit("household"), col("household_id"), col("project_id"))
                            .as("clue_id"),
                        col("household_id").as("s_household"),
                        col("project_id").as("s_project")))
            .toJoin();
    Dataset<Row> counted = Registry.householdPayments(ctx).filter(col("paid_on").leq(lit(graceCut)));
    Dataset<Row> toHouseholds = ctx.table("deliveries").filter(col("household_id").isNotNull());
    // Both are read more than once (the sums, the responsible unit, the evidence rows): picked out of
    // every payment and delivery once and kept, each pass over ten million rows costing seconds.
    Dataset<Row> evidencePayments =
        counted.join(keys, col("payee_id").equalTo(col("s_household")).and(col("project_id").equalTo(col("s_project"))))
            .drop("s_household", "s_project")
            .localCheckpoint();
    Dataset<Row> evidenceDeliveries =
        toHouseholds.join(keys,
                col("household_id").equalTo(col("s_household")).and(col("project_id").equalTo(col("s_project"))))
            .drop("s_household", "s_project")
            .localCheckpoint();
    Dataset<Row> paid =
        evidencePayments.groupBy(col("clue_id"))
            .agg(sum("net_amount").as("paid"), min("paid_on").as("first_paid_on"), max("paid_on").as("last_paid_on"),
                max("payee_name").as("name"), sort_array(collect_list("payment_id")).as("payment_ids"));
    Dataset<Row> delivered =
        evidenceDeliveries.groupBy(col("clue_id").as("d_clue"))
            .agg(sum("amount").as("delivered"), count("delivery_id").as("delivery_count"));
    Column deliveredOrZero = coalesce(col("delivered"), lit(BigDecimal.ZERO));
    Column gap = col("paid").minus(deliveredOrZero);
    Dataset<Row> shortfalls =
        keys.join(paid, "clue_id").join(delivered, col("clue_id").equalTo(col("d_clue")), "left").drop("d_clue");

    Column sentence =
        concat(lit("户 "), col("s_household"), lit("（"), col("name"), lit("）在项目 "), col("s_project"), lit(" 下"),
            PaymentClues.paymentSummary(col("paid")), lit("，截至" + ctx.asOf() + "落地确认"),
            when(col("delivered").isNull(), lit("0笔"))
                .otherwise(concat(col("delivery_count").cast("string"), lit("笔 合计"), Texts.money(col("delivered")),
                    lit("元"))),
            lit("，差额"), Texts.money(gap), lit("元"));
    Dataset<Row> clues =
        shortfalls.join(ResponsibleUnit.of(evidencePayments, "clue_id"), "clue_id")
            .select(
                col("clue_id"),
                lit(code()).as("rule_code"),
                lit(category()).as("category"),
                lit("household").as("entity_type"),
                col("s_household").as("entity_id"),
                col("s_project").as("project_id"),
                col("s_household").as("household_id"),
                col("unit_code"),
                gap.as("amount_at_stake"),
                col("first_paid_on").as("evidence_date"),
                sentence.as("evidence"));
    return new Detection(
        Shapes.clues(clues),
        Shapes.paymentEvidence(evidencePayments, code())
            .union(ProjectFacts.deliveryEvidence(evidenceDeliveries, code())));
  }
}
