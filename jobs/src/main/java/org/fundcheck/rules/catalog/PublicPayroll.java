package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.Locality;
import org.fundcheck.rules.Rule;
import org.fundcheck.rules.RuleContext;

/**
 * PUBLIC_PAYROLL: a payment to a registered household while a member of members(h) is paid from public
 * budgets (on_payroll_since ≤ paid_on ≤ on_payroll_until or open), or to an individual payee who is
 * (a person clue). Weight 1.2: a salaried household is clearly ineligible, but payroll records lag, so
 * some clues are a timing overlap.
 */
public final class PublicPayroll implements Rule {

  @Override
  public Locality locality() {
    return Locality.PAYEE;
  }

  @Override
  public String code() {
    return "PUBLIC_PAYROLL";
  }

  @Override
  public String category() {
    return "ineligible_beneficiary";
  }

  @Override
  public BigDecimal weight() {
    return new BigDecimal("1.2");
  }

  @Override
  public Detection detect(RuleContext ctx) {
    Dataset<Row> payroll =
        ctx.table("public_payroll")
            .select(Registry.idNumber(col("id_number")).as("pp_id"), col("name").as("pp_name"),
                col("employer").as("pp_employer"), col("on_payroll_since").as("pp_since"),
                col("on_payroll_until").as("pp_until"));
    Column onPayroll =
        col("pp_since").leq(col("paid_on"))
            .and(col("pp_until").isNull().or(col("pp_until").geq(col("paid_on"))));
    Column term =
        concat(Texts.date(col("pp_since")),
            when(col("pp_until").isNull(), lit("起")).otherwise(concat(lit("至"), Texts.date(col("pp_until")))));
    Column employment = concat_ws(" ", col("pp_employer"), term);
    PaymentClues.Fact fact =
        new PaymentClues.Fact(lit("public_payroll"), col("pp_id"), col("pp_since"), lit(null),
            concat_ws(" ", concat(lit("财政供养人员 "), col("who")), employment));

    Dataset<Row> households =
        Members.paymentsToListed(ctx, payroll, "pp_id")
            .filter(onPayroll)
            .withColumn("who", col("member_name"));
    Dataset<Row> householdFiring =
        PaymentClues.firing(households, lit("household"), col("payee_id"), col("payee_id"),
            concat(lit("成员 "), col("who"), lit(" 为财政供养人员（"), employment, lit("）")),
            lit("供养期间"), fact);

    Dataset<Row> persons =
        Registry.listedPersonPayments(ctx)
            .join(payroll, col("payee_key").equalTo(col("pp_id")))
            .filter(onPayroll)
            .withColumn("who", coalesce(col("pp_name"), col("payee_name")));
    Dataset<Row> personFiring =
        PaymentClues.firing(persons, lit("person"), col("payee_key"), lit(null),
            concat(lit("收款人 "), col("who"), lit(" 为财政供养人员（"), employment, lit("）")),
            lit("供养期间"), fact);

    return PaymentClues.detect(this, householdFiring.union(personFiring));
  }
}
