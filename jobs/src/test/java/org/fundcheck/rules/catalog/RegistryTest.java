package org.fundcheck.rules.catalog;

import static org.fundcheck.rules.Fixtures.table;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.sql.Row;
import org.fundcheck.rules.Fixtures;
import org.fundcheck.rules.RuleContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RegistryTest {

  static List<Row> picked;

  @BeforeAll
  static void pick() {
    RuleContext ctx = Fixtures.context("2019-03-20",
        "households", table("households", Fixtures.HOUSEHOLDS,
            "H1,630222100001,630222198001010011,王某某,2,registered,2015-01-01,,",
            "H2,630222100001,630222198001010022,赵某某,1,registered,2015-01-01,,",
            "H3,630222100001,630222198001010033,孙某某,1,registered,2015-01-01,,",
            "H4,630222100001,630222198001010044,李某某,2,registered,2015-01-01,,",
            "H5,630222100001,630222198001010055,周某某,1,registered,2015-01-01,,",
            "H6,630222100001,630222198001010066,吴某某,2,registered,2015-01-01,,"),
        "household_members", table("household_members", "household_id,id_number,name,relation",
            "H1,630222200001010011,王小明,child",
            "H4,630222200001010044,李小红,child",
            "H6,63022220000101006x,吴小军,child"),
        "deaths", table("deaths", "id_number,name,died_on,source",
            "630222198001010022,赵某某,2017-05-03,公安",
            "63022219700101007X,郑某,2017-12-01,民政"),
        "public_payroll", table("public_payroll", "id_number,name,employer,on_payroll_since,on_payroll_until",
            "63022220000101006X,吴小军,民和县医院,2018-01-01,",
            "630222197001010088,冯某,民和县水务局,2017-01-01,"),
        "vehicles", table("vehicles", "plate_no,owner_id_number,vehicle_type,registered_on,deregistered_on",
            "青B12345,630222200001010011,car,2017-01-01,",
            "青B54321,630222197001010099,truck,2017-01-01,"),
        "companies", table("companies", "credit_code,company_name,legal_rep_id_number,registered_on,registered_capital",
            "91630222MA000001,民和某商贸有限公司,630222198001010055,2016-01-01,500000.00"),
        "village_cadres", table("village_cadres", "id_number,name,village_code,role,term_start,term_end",
            "630222200001010044,李小红,630222100001,文书,2016-01-01,"),
        "disbursements", table("disbursements", Fixtures.PAYMENTS,
            // a member owns a car
            "P1,PR1,U1,household,H1,王某某,,500.00,,2018-01-01,V1",
            // the head died
            "P2,PR1,U1,household,H2,赵某某,,500.00,,2018-01-01,V2",
            // nobody of the household is in any registry
            "P3,PR1,U1,household,H3,孙某某,,500.00,,2018-01-01,V3",
            // a member is a village cadre
            "P4,PR1,U1,household,H4,李某某,,500.00,,2018-01-01,V4",
            // the head represents a company
            "P5,PR1,U1,household,H5,周某某,,500.00,,2018-01-01,V5",
            // a member on the payroll, listed with a lowercase x
            "P6,PR1,U1,household,H6,吴某某,,500.00,,2018-01-01,V6",
            // reversed in full: no payment
            "P7,PR1,U1,household,H1,王某某,,300.00,,2018-02-01,V7",
            "R7,PR1,U1,household,H1,王某某,,-300.00,P7,2018-03-01,V8",
            // after as_of
            "P8,PR1,U1,household,H2,赵某某,,500.00,,2019-04-01,V9",
            // a company payee whose id reads like a picked household's
            "C1,PR2,U2,company,H1,某公司,,9000.00,,2018-01-01,V10",
            // a dead person paid in person, written with a lowercase x
            "I1,PR3,U3,individual,63022219700101007x,郑某,,1000.00,,2018-02-01,V11",
            // a person on the payroll paid in person
            "I2,PR3,U3,individual,630222197001010088,冯某,,1000.00,,2018-02-01,V12",
            // a person who owns a truck: no registry rule gives a person clue for that
            "I3,PR3,U3,individual,630222197001010099,陈某,,1000.00,,2018-02-01,V13"));
    picked = Registry.registryPayments(ctx).orderBy("payment_id").collectAsList();
  }

  @Test
  void picksThePaymentsOfEveryPayeeARegistryRuleCanFireOn() {
    assertEquals(List.of("I1", "I2", "P1", "P2", "P4", "P5", "P6"),
        picked.stream().map(r -> (String) r.getAs("payment_id")).toList());
  }

  @Test
  void keepsThePaymentColumnsAndThePayeeKey() {
    Row i1 = picked.get(0);
    assertEquals("63022219700101007X", i1.getAs("payee_key"));
    assertEquals("63022219700101007x", i1.getAs("payee_id"));
    assertEquals(Fixtures.money("1000.00"), i1.getAs("net_amount"));
    assertEquals("H1", picked.get(2).getAs("payee_key"));
  }

  @Test
  void householdAccountsListEachHouseholdAndAccountOnceWithTheLastPayment() {
    RuleContext ctx = Fixtures.context("2019-03-20",
        "disbursements", table("disbursements", Fixtures.PAYMENTS,
            "A1,PR1,U1,household,H1,王某某,6228480000000000001,500.00,,2018-01-01,V1",
            "A2,PR1,U1,household,H1,王某某,6228480000000000001,500.00,,2018-03-01,V2",
            // cash: an account of its own
            "A3,PR1,U1,household,H1,王某某,,500.00,,2018-02-01,V3",
            // reversed in full: no payment
            "A4,PR1,U1,household,H1,王某某,6228480000000000002,500.00,,2018-04-01,V4",
            "RA4,PR1,U1,household,H1,王某某,6228480000000000002,-500.00,A4,2018-04-02,V5",
            "A5,PR1,U2,household,H2,赵某某,6228480000000000001,300.00,,2018-05-01,V6",
            // after as_of
            "A6,PR1,U2,household,H2,赵某某,6228480000000000001,300.00,,2019-04-01,V7",
            // not a household payee
            "A7,PR2,U3,individual,630222197001010088,冯某,6228480000000000001,1000.00,,2018-06-01,V8",
            // a household the registry does not know: still a household payee
            "A8,PR1,U1,household,H9,某某,6228480000000000009,200.00,,2017-01-01,V9"));
    List<String> rows = Registry.householdAccounts(ctx)
        .orderBy(org.apache.spark.sql.functions.col("a_household_id"),
            org.apache.spark.sql.functions.col("a_account").asc_nulls_first())
        .collectAsList().stream()
        .map(r -> r.getAs("a_household_id") + " " + r.getAs("a_account") + " " + r.getAs("a_last_paid_on"))
        .toList();
    assertEquals(List.of(
        "H1 null 2018-02-01",
        "H1 6228480000000000001 2018-03-01",
        "H2 6228480000000000001 2018-05-01",
        "H9 6228480000000000009 2017-01-01"), rows);
  }
}
