package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import java.math.BigDecimal;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.Locality;
import org.fundcheck.rules.Rule;
import org.fundcheck.rules.RuleContext;

/**
 * DECEASED_PAYEE: payments made after the death of an individual payee (a person clue, entity_id the
 * normalised identity number) or of the head of a registered payee household (a household clue).
 * Weight 1.5: money paid after a death is rarely an honest mistake and is easy to prove from the death
 * record.
 */
public final class DeceasedPayee implements Rule {

  @Override
  public Locality locality() {
    return Locality.PAYEE;
  }

  @Override
  public String code() {
    return "DECEASED_PAYEE";
  }

  @Override
  public String category() {
    return "ineligible_beneficiary";
  }

  @Override
  public BigDecimal weight() {
    return new BigDecimal("1.5");
  }

  @Override
  public Detection detect(RuleContext ctx) {
    Dataset<Row> deaths =
        ctx.table("deaths")
            .select(Registry.idNumber(col("id_number")).as("d_id"), col("name").as("d_name"),
                col("died_on").as("d_died_on"), col("source").as("d_source"));
    PaymentClues.Fact fact =
        new PaymentClues.Fact(lit("death"), col("d_id"), col("d_died_on"), lit(null),
            concat_ws(" ", concat(lit("死亡登记 "), col("d_name")),
                concat(lit("死亡日期 "), Texts.date(col("d_died_on"))),
                concat(lit("来源 "), col("d_source"))));

    Dataset<Row> households =
        Registry.paymentsTo(ctx, Registry.households(ctx).join(deaths, col("h_head_id").equalTo(col("d_id"))))
            .filter(col("paid_on").gt(col("d_died_on")));
    Dataset<Row> householdFiring =
        PaymentClues.firing(households, lit("household"), col("payee_id"), col("payee_id"),
            concat(lit("户主 "), col("h_head_name"), lit(" 于"), Texts.date(col("d_died_on")), lit("死亡")),
            lit("死亡后"), fact);

    Dataset<Row> persons =
        Registry.listedPersonPayments(ctx)
            .join(deaths, col("payee_key").equalTo(col("d_id")))
            .filter(col("paid_on").gt(col("d_died_on")));
    Dataset<Row> personFiring =
        PaymentClues.firing(persons, lit("person"), col("payee_key"), lit(null),
            concat(lit("收款人 "), coalesce(col("d_name"), col("payee_name")), lit(" 于"), Texts.date(col("d_died_on")), lit("死亡")),
            lit("死亡后"), fact);

    return PaymentClues.detect(this, householdFiring.union(personFiring));
  }
}
