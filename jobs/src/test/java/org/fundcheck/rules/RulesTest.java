package org.fundcheck.rules;

import static org.fundcheck.rules.Fixtures.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.fundcheck.FundcheckException;
import org.junit.jupiter.api.Test;

class RulesTest {

  @Test
  void catalogOrderOfRulesMd() {
    assertEquals(
        List.of("OVER_DISBURSED", "IDLE_FUNDS", "UNDELIVERED_HOUSEHOLD", "UNDELIVERED_PROJECT", "DECEASED_PAYEE",
            "PUBLIC_PAYROLL", "VEHICLE_OWNER", "COMPANY_OWNER", "UNREGISTERED_PAYEE", "DUPLICATE_PAYMENT",
            "SPLIT_PAYMENT", "SHARED_ACCOUNT", "ACCOUNT_MISMATCH", "CADRE_RELATIVE", "PAYMENT_OUT_OF_PERIOD"),
        Rules.all().stream().map(Rule::code).toList());
    assertEquals(
        List.of("over_disbursed", "idle_funds", "undelivered", "undelivered", "ineligible_beneficiary",
            "ineligible_beneficiary", "ineligible_beneficiary", "ineligible_beneficiary", "ineligible_beneficiary",
            "duplicate_payment", "duplicate_payment", "account_irregularity", "account_irregularity", "favoritism",
            "timing"),
        Rules.all().stream().map(Rule::category).toList());
  }

  @Test
  void byCode() {
    assertSame(Rules.all().get(9), Rules.byCode("DUPLICATE_PAYMENT"));
    FundcheckException e = assertThrows(FundcheckException.class, () -> Rules.byCode("duplicate_payment"));
    assertEquals("unknown rule 'duplicate_payment': the catalog has OVER_DISBURSED, IDLE_FUNDS, "
            + "UNDELIVERED_HOUSEHOLD, UNDELIVERED_PROJECT, DECEASED_PAYEE, PUBLIC_PAYROLL, VEHICLE_OWNER, "
            + "COMPANY_OWNER, UNREGISTERED_PAYEE, DUPLICATE_PAYMENT, SPLIT_PAYMENT, SHARED_ACCOUNT, "
            + "ACCOUNT_MISMATCH, CADRE_RELATIVE, PAYMENT_OUT_OF_PERIOD; rule codes are upper case, as in rules.md",
        e.getMessage());
  }

  /**
   * A stored table carries bookkeeping columns (the run, file and line of each row); the tables and net
   * payments a context keeps for the rules hold the contract's columns only, and the same values.
   */
  @Test
  void theKeptTablesHoldTheContractsColumnsOnly() {
    org.apache.spark.sql.Dataset<Row> stored =
        table("disbursements", Fixtures.PAYMENTS,
                "P1,PR1,U1,household,H9,吴某某,,600.00,,2018-02-01,V1",
                "P2,PR1,U1,household,H9,吴某某,,-600.00,P1,2018-02-05,V2",
                "P3,PR1,U1,household,H9,吴某某,,700.00,,2018-02-06,V3")
            .withColumn("_run_id", org.apache.spark.sql.functions.lit("run-1"))
            .withColumn("_source_file", org.apache.spark.sql.functions.lit("disbursements.csv"))
            .withColumn("_source_line", org.apache.spark.sql.functions.lit(2L));
    List<String> contract = org.fundcheck.schema.InputContract.get().file("disbursements").columnNames();
    try (RuleContext ctx = Fixtures.context("2019-03-20", "disbursements", stored)) {
      assertEquals(contract, List.of(ctx.uncut("disbursements").columns()));
      assertEquals(contract, List.of(ctx.table("disbursements").columns()));
      List<String> withNet = new java.util.ArrayList<>(contract);
      withNet.add("net_amount");
      assertEquals(withNet, List.of(ctx.netPayments().columns()));
      assertEquals(List.of("P1:0.00", "P3:700.00"),
          ctx.netPayments().orderBy("payment_id").collectAsList().stream()
              .map(r -> r.getAs("payment_id") + ":" + r.getAs("net_amount")).toList());
    }
  }

  /** One payment to an unknown household, paid twice and never delivered, fires four rules at once. */
  @Test
  void detectAllUnionsEveryRule() {
    RuleContext ctx = Fixtures.context("2019-03-20",
        "projects", table("projects", Fixtures.PROJECTS,
            "PR1,产业扶贫,industry,630222-FPB,,2018-01-01,2018-12-31,1000.00,completed"),
        "allocations", table("allocations", Fixtures.ALLOCATIONS,
            "AL1,PR1,county,民财〔2018〕1号,1000.00,2018-03-01"),
        "disbursements", table("disbursements", Fixtures.PAYMENTS,
            "P1,PR1,U1,household,H9,吴某某,,600.00,,2018-02-01,V1",
            "P2,PR1,U1,household,H9,吴某某,,600.00,,2018-02-05,V2"));
    Detection d = Rules.detectAll(ctx);
    Fixtures.assertShape(d);
    Map<String, String> found = new TreeMap<>();
    for (Row r : d.clues().orderBy("rule_code", "entity_id").collectAsList()) {
      found.merge(r.getAs("rule_code"), r.<String>getAs("entity_id"), (a, b) -> a + "," + b);
    }
    assertEquals(
        Map.of("DUPLICATE_PAYMENT", "P2", "OVER_DISBURSED", "PR1", "PAYMENT_OUT_OF_PERIOD", "P1,P2",
            "UNDELIVERED_HOUSEHOLD", "H9", "UNREGISTERED_PAYEE", "H9"),
        found);
    // OVER_DISBURSED 2 payments + 1 allocation, UNDELIVERED_HOUSEHOLD 2, UNREGISTERED_PAYEE 2,
    // DUPLICATE_PAYMENT the pair, PAYMENT_OUT_OF_PERIOD each payment with the first allocation
    assertEquals(13, d.evidence().count());
  }
}
