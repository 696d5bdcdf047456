package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;

import java.math.BigDecimal;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.Locality;
import org.fundcheck.rules.Rule;
import org.fundcheck.rules.RuleContext;
import org.fundcheck.rules.Settings;
import org.fundcheck.warehouse.SmallSides;

/**
 * SHARED_ACCOUNT: one non-empty payee_account credited with {@code household} payments for at least
 * shared_account_min_households distinct payee_ids. Entity the account; household_id is empty, as the
 * clue concerns several households (they are named in the evidence). Households need not be
 * registered. Weight 1.0: pooling several households' subsidies in one account is how they are
 * collected by someone else, though a family sharing one card also shows.
 */
public final class SharedAccount implements Rule {

  @Override
  public Locality locality() {
    return Locality.ACCOUNT;
  }

  @Override
  public String code() {
    return "SHARED_ACCOUNT";
  }

  @Override
  public String category() {
    return "account_irregularity";
  }

  @Override
  public BigDecimal weight() {
    return BigDecimal.ONE;
  }

  @Override
  public Detection detect(RuleContext ctx) {
    int minHouseholds = ctx.settings().whole(Settings.SHARED_ACCOUNT_MIN_HOUSEHOLDS);
    Dataset<Row> payments = Registry.householdPayments(ctx).filter(col("payee_account").isNotNull());
    // The households counted and listed per account from each (household, account) once; only the few
    // shared accounts meet their payments again, by broadcast.
    Dataset<Row> shared =
        Registry.householdAccounts(ctx).filter(col("a_account").isNotNull())
            .select(col("a_account").as("s_account"), col("a_household_id").as("s_payee"))
            .groupBy("s_account")
            .agg(count(lit(1)).as("s_households"), sort_array(collect_list("s_payee")).as("s_payees"))
            .filter(col("s_households").geq(minHouseholds));
    Dataset<Row> firing = payments.join(SmallSides.kept(shared).toJoin(), col("payee_account").equalTo(col("s_account")));
    return PaymentClues.detect(this,
        PaymentClues.firing(firing, lit("account"), col("payee_account"), lit(null),
            concat(lit("账户 "), col("payee_account"), lit(" 收到"), size(col("s_payees")).cast("string"),
                lit("个不同户（"), array_join(col("s_payees"), "、"), lit("）的付款")),
            lit(""), PaymentClues.Fact.NONE));
  }
}
