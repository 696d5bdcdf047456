package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.fundcheck.rules.ClueIds;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.Rule;

/**
 * Clues about a household, person, payee or account that gather the payments satisfying a rule: one clue
 * per entity, amount at stake the sum of those payments' net amounts, evidence date the earliest paid_on,
 * unit the {@link ResponsibleUnit}. A rule describes each (payment, registry fact) pair that fires as a
 * <em>firing</em> row ({@link #firing}); a payment firing on two facts (two members on the payroll) is
 * counted once.
 */
final class PaymentClues {

  /** The payment columns a firing row carries. */
  static final List<String> PAYMENT_COLUMNS =
      List.of("payment_id", "project_id", "unit_code", "paid_on", "net_amount", "payee_name", "voucher_no");

  private static final List<String> CLUE_KEY = List.of("clue_id", "entity_type", "entity_id");

  private PaymentClues() {}

  /** The registry row that made a payment fire, as an evidence row; {@link #NONE} when there is none. */
  record Fact(Column kind, Column refId, Column refDate, Column amount, Column detail) {
    static final Fact NONE =
        new Fact(lit(null).cast(DataTypes.StringType), lit(null).cast(DataTypes.StringType),
            lit(null).cast(DataTypes.DateType), lit(null).cast(DataTypes.createDecimalType(18, 2)),
            lit(null).cast(DataTypes.StringType));
  }

  /**
   * One firing row per (payment, fact) from a dataset holding the payment columns by their own names.
   *
   * @param trigger the fact in words, e.g. {@code 户主 王某某 于2017-05-03死亡}; distinct facts of one clue
   *     are joined with {@code ；}
   * @param lead words before the payment period, e.g. {@code 死亡后}
   */
  static Dataset<Row> firing(
      Dataset<Row> payments, Column entityType, Column entityId, Column householdId, Column trigger,
      Column lead, Fact fact) {
    List<Column> cols = new ArrayList<>();
    cols.add(entityType.as("entity_type"));
    cols.add(entityId.as("entity_id"));
    cols.add(householdId.cast(DataTypes.StringType).as("clue_household_id"));
    cols.add(trigger.as("trigger"));
    cols.add(lead.as("lead"));
    PAYMENT_COLUMNS.forEach(c -> cols.add(col(c)));
    cols.add(fact.kind().as("fact_kind"));
    cols.add(fact.refId().as("fact_ref_id"));
    cols.add(fact.refDate().as("fact_ref_date"));
    cols.add(fact.amount().cast(DataTypes.createDecimalType(18, 2)).as("fact_amount"));
    cols.add(fact.detail().as("fact_detail"));
    return payments.select(cols.toArray(Column[]::new));
  }

  static Detection detect(Rule rule, Dataset<Row> firing) {
    // The firing rows are few (the anomalies) but come from joins over every payment; the clues and the
    // evidence read them four times over, so they are computed once and kept.
    Dataset<Row> f =
        firing.withColumn("clue_id",
            ClueIds.column(lit(rule.code()), col("entity_type"), col("entity_id"),
                lit(null).cast(DataTypes.StringType)))
            .localCheckpoint();
    List<String> payCols = new ArrayList<>(CLUE_KEY);
    payCols.add("clue_household_id");
    payCols.addAll(PAYMENT_COLUMNS);
    Dataset<Row> payments = f.select(payCols.stream().map(c -> col(c)).toArray(Column[]::new)).distinct();

    Dataset<Row> totals =
        payments.groupBy(CLUE_KEY.stream().map(c -> col(c)).toArray(Column[]::new))
            .agg(max("clue_household_id").as("clue_household_id"),
                sum("net_amount").as("amount_at_stake"),
                min("paid_on").as("first_paid_on"),
                max("paid_on").as("last_paid_on"),
                sort_array(collect_list("payment_id")).as("payment_ids"));
    Dataset<Row> facts =
        f.groupBy("clue_id")
            .agg(array_join(sort_array(collect_set("trigger")), "；").as("triggers"), max("lead").as("lead"));
    Dataset<Row> clues =
        totals.join(ResponsibleUnit.of(payments, "clue_id"), "clue_id")
            .join(facts, "clue_id")
            .select(
                col("clue_id"),
                lit(rule.code()).as("rule_code"),
                lit(rule.category()).as("category"),
                col("entity_type"),
                col("entity_id"),
                lit(null).as("project_id"),
                col("clue_household_id").as("household_id"),
                col("unit_code"),
                col("amount_at_stake"),
                col("first_paid_on").as("evidence_date"),
                concat(col("triggers"), lit("，"), col("lead"), paymentSummary(col("amount_at_stake"))).as("evidence"));

    Dataset<Row> factRows =
        f.filter(col("fact_kind").isNotNull())
            .select(col("clue_id"), lit(rule.code()).as("rule_code"), col("fact_kind").as("kind"),
                col("fact_ref_id").as("ref_id"), col("fact_ref_date").as("ref_date"),
                col("fact_amount").as("amount"), col("fact_detail").as("detail"))
            .distinct();
    return new Detection(
        Shapes.clues(clues),
        Shapes.paymentEvidence(payments, rule.code()).union(Shapes.evidence(factRows)));
  }

  /**
   * {@code 2017-06-15至2018-12-15共收到付款8笔（P1、P2、P3、P4、P5等8笔）合计4,000.00元} over the columns
   * first_paid_on, last_paid_on, payment_ids and the given total.
   */
  static Column paymentSummary(Column total) {
    return concat(
        Texts.period(col("first_paid_on"), col("last_paid_on")),
        lit("共收到付款"), size(col("payment_ids")).cast("string"), lit("笔（"),
        Texts.ids(col("payment_ids")), lit("）合计"), Texts.money(total), lit("元"));
  }
}
