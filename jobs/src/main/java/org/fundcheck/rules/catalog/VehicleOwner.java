package org.fundcheck.rules.catalog;

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
 * VEHICLE_OWNER: a payment to a registered household while a member of members(h) owns a car or truck
 * (registered_on ≤ paid_on, not deregistered on or before paid_on). Motorcycles and tractors are working
 * tools of poor households and never fire. Weight 1.0: a car is a strong but not conclusive sign of
 * means (a second-hand truck may be the family's livelihood).
 */
public final class VehicleOwner implements Rule {

  @Override
  public Locality locality() {
    return Locality.PAYEE;
  }

  @Override
  public String code() {
    return "VEHICLE_OWNER";
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
    Dataset<Row> vehicles =
        ctx.table("vehicles")
            .filter(col("vehicle_type").isin("car", "truck"))
            .select(col("plate_no").as("v_plate"), Registry.idNumber(col("owner_id_number")).as("v_owner"),
                col("vehicle_type").as("v_type"), col("registered_on").as("v_registered_on"),
                col("deregistered_on").as("v_deregistered_on"));
    Column owned =
        col("v_registered_on").leq(col("paid_on"))
            .and(col("v_deregistered_on").isNull().or(col("v_deregistered_on").gt(col("paid_on"))));
    Column kind = when(col("v_type").equalTo("car"), lit("小汽车")).otherwise(lit("货车"));
    Dataset<Row> firing =
        Members.paymentsToListed(ctx, vehicles, "v_owner")
            .filter(owned);
    PaymentClues.Fact fact =
        new PaymentClues.Fact(lit("vehicle"), col("v_plate"), col("v_registered_on"), lit(null),
            concat_ws(" ", concat(lit("车辆 "), col("v_plate")), kind, concat(lit("车主 "), col("member_name")),
                concat(lit("登记 "), Texts.date(col("v_registered_on"))),
                when(col("v_deregistered_on").isNotNull(),
                    concat(lit("注销 "), Texts.date(col("v_deregistered_on"))))));
    return PaymentClues.detect(this,
        PaymentClues.firing(firing, lit("household"), col("payee_id"), col("payee_id"),
            concat(lit("成员 "), col("member_name"), lit(" 名下"), kind, lit(" "), col("v_plate"), lit("（"),
                Texts.date(col("v_registered_on")), lit("登记）")),
            lit("持车期间"), fact));
  }
}
