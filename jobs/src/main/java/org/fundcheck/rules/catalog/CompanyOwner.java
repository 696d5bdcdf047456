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
 * COMPANY_OWNER: a payment to a registered household on or after the registration of a company whose
 * legal representative is in members(h). Weight 1.0: owning a company is a sign of means, though many
 * rural cooperatives are registered in a poor farmer's name.
 */
public final class CompanyOwner implements Rule {

  @Override
  public Locality locality() {
    return Locality.PAYEE;
  }

  @Override
  public String code() {
    return "COMPANY_OWNER";
  }

  @Override
  public String category() {
    return "ineligible_beneficiary";
  }

  @Override
  public BigDecimal weight() {
    return BigDecimal.ONE;
  }

  @Override
  public Detection detect(RuleContext ctx) {
    Dataset<Row> companies =
        ctx.table("companies")
            .select(col("credit_code").as("c_code"), coalesce(col("company_name"), col("credit_code")).as("c_name"),
                Registry.idNumber(col("legal_rep_id_number")).as("c_rep"), col("registered_on").as("c_registered_on"),
                col("registered_capital").as("c_capital"));
    Dataset<Row> firing =
        Members.paymentsToListed(ctx, companies, "c_rep")
            .filter(col("paid_on").geq(col("c_registered_on")));
    PaymentClues.Fact fact =
        new PaymentClues.Fact(lit("company"), col("c_code"), col("c_registered_on"), col("c_capital"),
            concat_ws(" ", concat(lit("企业 "), col("c_name")), concat(lit("统一社会信用代码 "), col("c_code")),
                concat(lit("法定代表人 "), col("member_name")),
                concat(lit("注册 "), Texts.date(col("c_registered_on")))));
    return PaymentClues.detect(this,
        PaymentClues.firing(firing, lit("household"), col("payee_id"), col("payee_id"),
            concat(lit("成员 "), col("member_name"), lit(" 为 "), col("c_name"), lit("（统一社会信用代码 "),
                col("c_code"), lit("，"), Texts.date(col("c_registered_on")), lit("注册）法定代表人")),
            lit("企业注册后"), fact));
  }
}
