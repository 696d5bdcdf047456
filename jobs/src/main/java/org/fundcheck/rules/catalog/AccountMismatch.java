package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.Locality;
import org.fundcheck.rules.Rule;
import org.fundcheck.rules.RuleContext;
import org.fundcheck.warehouse.SmallSides;

/**
 * ACCOUNT_MISMATCH: a {@code household} payment to a registered household credited anywhere but the
 * household's subsidy card on record (cash, an empty payee_account, counts as elsewhere). A household
 * with no card on record is not compared. Weight 0.8: money off the card is how subsidies are
 * intercepted (截留), yet a replaced card explains many cases.
 */
public final class AccountMismatch implements Rule {

  @Override
  public Locality locality() {
    return Locality.PAYEE;
  }

  @Override
  public String code() {
    return "ACCOUNT_MISMATCH";
  }

  @Override
  public String category() {
    return "account_irregularity";
  }

  @Override
  public BigDecimal weight() {
    return new BigDecimal("0.8");
  }

  @Override
  public Detection detect(RuleContext ctx) {
    // A household is paid into one or two accounts however many payments it has, so the accounts are
    // compared with the registry once per (household, account), and only the payments of the few pairs
    // that differ are picked out, where joining every payment with the registry shuffled them all.
    Dataset<Row> payments = Registry.householdPayments(ctx);
    Dataset<Row> paidInto =
        Registry.householdAccounts(ctx)
            .select(col("a_household_id").as("m_household_id"), col("a_account").as("m_account"));
    Dataset<Row> offCard =
        paidInto.join(Registry.households(ctx), col("m_household_id").equalTo(col("h_household_id")))
            .filter(col("h_bank_account").isNotNull()
                .and(col("m_account").isNull().or(col("m_account").notEqual(col("h_bank_account")))));
    Dataset<Row> firing =
        payments.join(SmallSides.kept(offCard).toJoin(),
                col("payee_id").equalTo(col("m_household_id")).and(col("payee_account").eqNullSafe(col("m_account"))))
            .drop("m_household_id", "m_account");
    PaymentClues.Fact fact =
        new PaymentClues.Fact(lit("household"), col("h_household_id"), lit(null), lit(null),
            concat(lit("建档立卡户 "), col("h_household_id"), lit(" 户主 "), col("h_head_name"), lit(" 一卡通账户 "),
                col("h_bank_account")));
    return PaymentClues.detect(this,
        PaymentClues.firing(firing, lit("household"), col("payee_id"), col("payee_id"),
            concat(lit("户主 "), col("h_head_name"), lit(" 登记一卡通账户 "), col("h_bank_account"), lit("，付款"),
                when(col("payee_account").isNull(), lit("以现金发放"))
                    .otherwise(concat(lit("打入账户 "), coalesce(col("payee_account"), lit(""))))),
            lit(""), fact));
  }
}
