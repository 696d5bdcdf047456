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
 * CADRE_RELATIVE: a payment to a registered household while a member of members(h) serves on the
 * committee of the household's own village (term_start ≤ paid_on ≤ term_end or open): the cadre
 * decides who is supported. A cadre of another village does not fire. Weight 1.2: 优亲厚友 is a
 * standing focus of inspections, and the cadre's own signature usually sits on the approval.
 */
public final class CadreRelative implements Rule {

  @Override
  public Locality locality() {
    return Locality.PAYEE;
  }

  @Override
  public String code() {
    return "CADRE_RELATIVE";
  }

  @Override
  public String category() {
    return "favoritism";
  }

  @Override
  public BigDecimal weight() {
    return new BigDecimal("1.2");
  }

  @Override
  public Detection detect(RuleContext ctx) {
    Dataset<Row> cadres =
        ctx.table("village_cadres")
            .select(Registry.idNumber(col("id_number")).as("vc_id"), col("name").as("vc_name"),
                col("village_code").as("vc_village"), coalesce(col("role"), lit("村干部")).as("vc_role"),
                col("term_start").as("vc_start"), col("term_end").as("vc_end"));
    Column serving =
        col("vc_start").leq(col("paid_on"))
            .and(col("vc_end").isNull().or(col("vc_end").geq(col("paid_on"))));
    Column term =
        concat(Texts.date(col("vc_start")),
            when(col("vc_end").isNull(), lit("起")).otherwise(concat(lit("至"), Texts.date(col("vc_end")))));
    Dataset<Row> firing =
        Members.paymentsToListed(ctx, cadres, "vc_id", col("h_village_code").equalTo(col("vc_village")))
            .filter(serving);
    PaymentClues.Fact fact =
        new PaymentClues.Fact(lit("village_cadre"), col("vc_id"), col("vc_start"), lit(null),
            concat_ws(" ", concat(lit("村干部 "), col("vc_name")), concat(lit("村 "), col("vc_village")),
                col("vc_role"), concat(lit("任期 "), term)));
    return PaymentClues.detect(this,
        PaymentClues.firing(firing, lit("household"), col("payee_id"), col("payee_id"),
            concat(lit("成员 "), col("member_name"), lit(" 任本村（"), col("vc_village"), lit("）"), col("vc_role"),
                lit("（"), term, lit("）")),
            lit("任职期间"), fact));
  }
}
