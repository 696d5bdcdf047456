package org.fundcheck.rules;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.FundcheckErrors;
import org.fundcheck.rules.catalog.AccountMismatch;
import org.fundcheck.rules.catalog.CadreRelative;
import org.fundcheck.rules.catalog.CompanyOwner;
import org.fundcheck.rules.catalog.DeceasedPayee;
import org.fundcheck.rules.catalog.DuplicatePayment;
import org.fundcheck.rules.catalog.IdleFunds;
import org.fundcheck.rules.catalog.OverDisbursed;
import org.fundcheck.rules.catalog.PaymentOutOfPeriod;
import org.fundcheck.rules.catalog.PublicPayroll;
import org.fundcheck.rules.catalog.SharedAccount;
import org.fundcheck.rules.catalog.SplitPayment;
import org.fundcheck.rules.catalog.UndeliveredHousehold;
import org.fundcheck.rules.catalog.UndeliveredProject;
import org.fundcheck.rules.catalog.UnregisteredPayee;
import org.fundcheck.rules.catalog.VehicleOwner;

/** The rules catalog (rules.md) in catalog order. A new rule is one class and one line here. */
public final class Rules {

  private static final List<Rule> ALL =
      List.of(
          new OverDisbursed(),
          new IdleFunds(),
          new UndeliveredHousehold(),
          new UndeliveredProject(),
          new DeceasedPayee(),
          new PublicPayroll(),
          new VehicleOwner(),
          new CompanyOwner(),
          new UnregisteredPayee(),
          new DuplicatePayment(),
          new SplitPayment(),
          new SharedAccount(),
          new AccountMismatch(),
          new CadreRelative(),
          new PaymentOutOfPeriod());

  private Rules() {}

  public static List<Rule> all() {
    return ALL;
  }

  /** The rule with this code; an unknown code is a user error naming the known ones. */
  public static Rule byCode(String code) {
    return ALL.stream()
        .filter(r -> r.code().equals(code))
        .findFirst()
        .orElseThrow(() -> FundcheckErrors.unknownRule(code, ALL.stream().map(Rule::code).toList()));
  }

  /** Each rule's weight in the ranking, by code. */
  public static java.util.Map<String, java.math.BigDecimal> weights() {
    java.util.Map<String, java.math.BigDecimal> w = new java.util.LinkedHashMap<>();
    ALL.forEach(r -> w.put(r.code(), r.weight()));
    return w;
  }

  /** Every rule's clues and evidence, unioned (by column name, so each rule's column order is checked). */
  public static Detection detectAll(RuleContext ctx) {
    Dataset<Row> clues = null;
    Dataset<Row> evidence = null;
    for (Rule rule : ALL) {
      Detection d = rule.detect(ctx);
      clues = clues == null ? d.clues() : clues.unionByName(d.clues());
      evidence = evidence == null ? d.evidence() : evidence.unionByName(d.evidence());
    }
    return new Detection(clues, evidence);
  }
}
