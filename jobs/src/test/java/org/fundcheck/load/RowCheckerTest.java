package org.fundcheck.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.fundcheck.Drops;
import org.fundcheck.schema.InputContract;
import org.junit.jupiter.api.Test;

/** The row rules of inputs.md on one row at a time, as the loader's tasks apply them. */
class RowCheckerTest {

  static final String PERSON = Drops.id("630222", "19800101", 7);
  static final RowChecker DISBURSEMENTS = new RowChecker(InputContract.get().file("disbursements"));
  static final RowChecker HOUSEHOLDS = new RowChecker(InputContract.get().file("households"));

  /** payment_id, project_id, unit_code, payee_type, payee_id, payee_name, payee_account, amount, reversal_of, paid_on, voucher_no, purpose. */
  static String[] payment(String payeeType, String payeeId, String amount, String reversalOf, String paidOn) {
    return new String[] {"D1", "P1", "630222-FPB", payeeType, payeeId, "王某", null, amount, reversalOf, paidOn, "V1", null};
  }

  /** household_id, village_code, head_id_number, head_name, members, status, registered_on, exited_on, bank_account. */
  static String[] household(String members, String status, String registeredOn, String exitedOn, String account) {
    return new String[] {"H001", "630222101", PERSON, "李某", members, status, registeredOn, exitedOn, account};
  }

  @Test
  void aRowThatLoadsIsTypedAsTheWarehouseStoresIt() {
    RowChecker.Checked c =
        DISBURSEMENTS.check(null, payment("individual", PERSON.replace('X', 'x'), "12,345.6元", null, "2018/5/2"));

    assertNull(c.reason());
    assertArrayEquals(new Object[] {"D1", "P1", "630222-FPB", "individual", PERSON, "王某", null,
        new BigDecimal("12345.60"), null, LocalDate.of(2018, 5, 2), "V1", null}, c.values());
  }

  @Test
  void eachDateFormReadsAndAnImpossibleDayIsNoDate() {
    assertEquals(LocalDate.of(2019, 3, 20), RowChecker.date("2019-03-20"));
    assertEquals(LocalDate.of(2019, 1, 5), RowChecker.date("2019/1/5"));
    assertEquals(LocalDate.of(2019, 11, 25), RowChecker.date("2019/11/25"));
    assertEquals(LocalDate.of(2020, 2, 29), RowChecker.date("20200229"));
    assertNull(RowChecker.date("2019-02-30"));
    assertNull(RowChecker.date("2019/2/29"));
    assertNull(RowChecker.date("20190229"));
    assertNull(RowChecker.date("2019-3-5"));
    assertNull(RowChecker.date("2019/123/1"));
    assertNull(RowChecker.date("2019/1/"));
    assertNull(RowChecker.date("2019-13-01"));

    assertEquals("paid_on '2019/2/29' is not a date (yyyy-MM-dd, yyyy/M/d or yyyyMMdd)",
        DISBURSEMENTS.check(null, payment("household", "H001", "10", null, "2019/2/29")).reason());
  }

  @Test
  void anAmountHasAtMostTwoDecimalsSixteenIntegerDigitsAndSeparatorsInThrees() {
    assertEquals(new BigDecimal("-800.00"), RowChecker.money("-800"));
    assertEquals(new BigDecimal("1234567.80"), RowChecker.money("1,234,567.8"));
    assertEquals(new BigDecimal("9999999999999999.99"), RowChecker.money("9999999999999999.99"));
    assertEquals(new BigDecimal("7.00"), RowChecker.money("007"));
    assertEquals(new BigDecimal("800.00"), RowChecker.money("800 元"));
    assertNull(RowChecker.money("1.234"));
    assertNull(RowChecker.money("1,23"));
    assertNull(RowChecker.money("1."));
    assertNull(RowChecker.money("+5"));
    assertNull(RowChecker.money("12345678901234567"));

    assertEquals("amount must not be 0 (a reversal is negative and names reversal_of)",
        DISBURSEMENTS.check(null, payment("household", "H001", "-0.00", null, "2019-03-20")).reason());
  }

  @Test
  void everyBrokenRuleIsNamedInTheContractsOrder() {
    RowChecker.Checked c =
        DISBURSEMENTS.check(null, payment("individual", "63022219800101001", "-50", null, "2019-02-30"));

    assertEquals("paid_on '2019-02-30' is not a date (yyyy-MM-dd, yyyy/M/d or yyyyMMdd); "
        + "payee_id '63022219800101001' is not an identity number (17 digits and a check character)"
        + " (payee_type is individual); "
        + "reversal_of is required when amount is negative", c.reason());
    assertEquals("reversal_of must be empty when amount is positive",
        DISBURSEMENTS.check(null, payment("household", "H001", "50", "D0", "2019-03-20")).reason());
    String wrongCheck = PERSON.substring(0, 17) + (PERSON.endsWith("0") ? "1" : "0");
    assertEquals("payee_id '" + wrongCheck + "' has a wrong check character (expected " + PERSON.charAt(17)
        + ") (payee_type is individual)",
        DISBURSEMENTS.check(null, payment("individual", wrongCheck, "50", null, "2019-03-20")).reason());
  }

  @Test
  void householdsRulesOnStatusDatesCountsAndAccounts() {
    assertNull(HOUSEHOLDS.check(null, household("3", "exited", "2016-01-01", "2019/1/5", "6228480000000000001")).reason());
    assertEquals("members 0 must be ≥ 1; exited_on is required when status is cancelled",
        HOUSEHOLDS.check(null, household("0", "cancelled", "2016-01-01", null, null)).reason());
    assertEquals("members '3.5' is not a whole number; status 'moved' is not one of: registered, exited, cancelled; "
        + "bank_account '62284800' is not 16 to 19 digits; "
        + "exited_on 2015-12-31 is before registered_on 2016-01-01",
        HOUSEHOLDS.check(null, household("3.5", "moved", "2016-01-01", "20151231", "62284800")).reason());
  }

  @Test
  void aValueEndingInALineTerminatorThatTrimmingKeepsIsQuarantinedNotRead() {
    // U+0085 is no white space to Java's strip(), and a regular expression's $ matched before it: the
    // row was taken for a whole number and an amount that the cast to a number then failed on.
    String nel = "\u0085";
    RowChecker.Checked c = HOUSEHOLDS.check(null, household("3" + nel, "registered", "2016-01-01", null, "6228480000000000001" + nel));
    assertEquals("members '3" + nel + "' is not a whole number; bank_account '6228480000000000001" + nel
        + "' is not 16 to 19 digits", c.reason());
    assertNull(c.values()[4]);
    assertEquals("amount '100.5" + nel + "' is not an amount in yuan with at most 2 decimals",
        DISBURSEMENTS.check(null, payment("household", "H001", "100.5" + nel, null, "2019-03-20")).reason());
    assertEquals("payee_id '" + PERSON + nel + "' is not an identity number (17 digits and a check character)"
        + " (payee_type is individual)",
        DISBURSEMENTS.check(null, payment("individual", PERSON + nel, "10", null, "2019-03-20")).reason());
  }

  @Test
  void aRecordOfTheWrongWidthIsRejectedForThatAlone() {
    RowChecker.Checked c = DISBURSEMENTS.check("expected 12 fields, found 13", new String[12]);

    assertEquals("expected 12 fields, found 13", c.reason());
    assertArrayEquals(new Object[12], c.values());
  }
}
