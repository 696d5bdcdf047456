package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.Locality;
import org.fundcheck.rules.Rule;
import org.fundcheck.rules.RuleContext;
import org.fundcheck.warehouse.SmallSides;

/**
 * UNREGISTERED_PAYEE: a {@code household} payment whose payee_id is not a registered household, or whose
 * household was {@code cancelled} (清退) before the payment (exited_on &lt; paid_on). An {@code exited}
 * household keeps its support (脱贫不脱政策) and never fires. Weight 1.3: paying a household the registry
 * does not know, or has struck off, is the classic 冒领 pattern.
 */
public final class UnregisteredPayee implements Rule {

  @Override
  public Locality locality() {
    return Locality.PAYEE;
  }

  @Override
  public String code() {
    return "UNREGISTERED_PAYEE";
  }

  @Override
  public String category() {
    return "ineligible_beneficiary";
  }

  @Override
  public BigDecimal weight() {
    return new BigDecimal("1.3");
  }

  @Override
  public Detection detect(RuleContext ctx) {
    Dataset<Row> households =
        ctx.table("households")
            .select(col("household_id").as("h_household_id"), col("head_name").as("h_head_name"),
                col("status").as("h_status"), col("exited_on").as("h_exited_on"));
    Column unknown = col("h_household_id").isNull();
    Function<Column, Column> cancelledBefore =
        date -> col("h_status").equalTo("cancelled").and(col("h_exited_on").lt(date));
    Column struckOff = cancelledBefore.apply(col("paid_on"));
    // The registry is looked up once per payee, with the payee's last payment date: a payee that is known
    // and was not struck off before its last payment has no payment that fires. Only the few payees left
    // meet their payments again, where a lookup per payment shuffled every payment to meet the registry.
    Dataset<Row> payments = Registry.householdPayments(ctx);
    Dataset<Row> suspects =
        Registry.householdAccounts(ctx)
            .groupBy(col("a_household_id").as("u_payee_id")).agg(max("a_last_paid_on").as("u_last_paid_on"))
            .join(households, col("u_payee_id").equalTo(col("h_household_id")), "left")
            .filter(unknown.or(cancelledBefore.apply(col("u_last_paid_on"))))
            .drop("u_last_paid_on");
    Dataset<Row> firing =
        payments.join(SmallSides.kept(suspects).toJoin(), col("payee_id").equalTo(col("u_payee_id")))
            .drop("u_payee_id")
            .filter(unknown.or(struckOff));
    Column trigger =
        when(unknown, concat(lit("收款户 "), col("payee_id"), lit(" 不在建档立卡户库中")))
            .otherwise(concat(lit("户 "), col("payee_id"), lit("（户主 "), col("h_head_name"), lit("）已于"),
                Texts.date(col("h_exited_on")), lit("清退")));
    PaymentClues.Fact fact =
        new PaymentClues.Fact(
            when(unknown, lit(null).cast(DataTypes.StringType)).otherwise(lit("household")),
            col("h_household_id"), col("h_exited_on"), lit(null),
            concat_ws(" ", concat(lit("建档立卡户 "), col("h_household_id")), concat(lit("户主 "), col("h_head_name")),
                lit("状态 cancelled"), concat(lit("清退 "), Texts.date(col("h_exited_on")))));
    return PaymentClues.detect(this,
        PaymentClues.firing(firing, lit("household"), col("payee_id"), col("payee_id"), trigger,
            when(unknown, lit("")).otherwise(lit("清退后")), fact));
  }
}
