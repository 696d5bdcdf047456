package org.fundcheck.rules.catalog;

import static org.fundcheck.rules.Fixtures.date;
import static org.fundcheck.rules.Fixtures.money;
import static org.fundcheck.rules.Fixtures.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.fundcheck.rules.ClueIds;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SplitPaymentTest {

  static final String COMPANY = "91630222MA00000001";
  static final String PERSON = "63022219900101006X";

  static Detection detection;
  static Map<String, Row> clues;
  static Map<String, List<Row>> evidence;

  @BeforeAll
  static void detect() {
    detection = new SplitPayment().detect(Fixtures.context("2019-03-20",
        "disbursements", table("disbursements", Fixtures.PAYMENTS,
            // U1: three payments in [01-01, 01-08], the last exactly 7 days after the first
            "S1,PR1,U1,company," + COMPANY + ",某公司,,20000.00,,2018-01-01,",
            "S2,PR1,U1,company," + COMPANY + ",某公司,,20000.00,,2018-01-04,",
            "S3,PR1,U1,company," + COMPANY + ",某公司,,15000.00,,2018-01-08,",
            // at the threshold itself: not a split part
            "S6,PR1,U1,company," + COMPANY + ",某公司,,60000.00,,2018-01-02,",
            // alone in its window
            "S7,PR1,U1,company," + COMPANY + ",某公司,,10000.00,,2018-02-01,",
            // U2 splits for the same payee, with the larger sum
            "S4,PR2,U2,company," + COMPANY + ",某公司,,30000.00,,2018-03-01,",
            "S5,PR2,U2,company," + COMPANY + ",某公司,,26000.00,,2018-03-02,",
            // eight days apart
            "T1,PR1,U1,company,91630222MA00000002,另一公司,,30000.00,,2018-01-01,",
            "T2,PR1,U1,company,91630222MA00000002,另一公司,,30000.00,,2018-01-09,",
            // within the window of each other, but summing below the threshold
            "N1,PR1,U1,company,91630222MA00000003,第三公司,,10000.00,,2018-01-01,",
            "N2,PR1,U1,company,91630222MA00000003,第三公司,,10000.00,,2018-01-04,",
            // seven days apart, summing to the threshold exactly; id written with a lowercase x
            "I1,PR1,U3,individual,63022219900101006x,周某,,25000.00,,2018-06-01,",
            "I2,PR1,U3,individual,63022219900101006x,周某,,25000.00,,2018-06-08,",
            "Q1,PR3,U4,household,H1,王某某,,10000.00,,2018-05-01,",
            "Q2,PR3,U4,household,H1,王某某,,10000.00,,2018-05-02,",
            "Q3,PR3,U4,household,H1,王某某,,10000.00,,2018-05-03,",
            "Q4,PR3,U4,household,H1,王某某,,10000.00,,2018-05-04,",
            "Q5,PR3,U4,household,H1,王某某,,10000.00,,2018-05-05,",
            "Q6,PR3,U4,household,H1,王某某,,10000.00,,2018-05-06,")));
    clues = Fixtures.cluesByEntity(detection);
    evidence = Fixtures.evidenceByClue(detection);
  }

  @Test
  void payeesSplit() {
    Fixtures.assertShape(detection);
    assertEquals(List.of(PERSON, COMPANY, "H1"), clues.keySet().stream().sorted().toList());
  }

  @Test
  void twoUnitsSplittingForOnePayeeMakeOneClue() {
    Row c = clues.get(COMPANY);
    String id = ClueIds.of("SPLIT_PAYMENT", "payee", COMPANY, null);
    assertEquals(id, c.getAs("clue_id"));
    assertEquals("duplicate_payment", c.getAs("category"));
    assertEquals("payee", c.getAs("entity_type"));
    assertNull(c.getAs("project_id"));
    assertNull(c.getAs("household_id"));
    assertEquals(money("111000.00"), c.getAs("amount_at_stake"));
    assertEquals("U2", c.getAs("unit_code"));
    assertEquals(date("2018-01-01"), c.getAs("evidence_date"));
    assertEquals("单位 U1 向收款人 某公司 在7天内分笔支付，每笔低于50,000.00元、合计不低于50,000.00元；"
            + "单位 U2 向收款人 某公司 在7天内分笔支付，每笔低于50,000.00元、合计不低于50,000.00元，"
            + "2018-01-01至2018-03-02共收到付款5笔（S1、S2、S3、S4、S5）合计111,000.00元",
        c.getAs("evidence"));
    assertEquals(List.of("payment:S1", "payment:S2", "payment:S3", "payment:S4", "payment:S5"),
        Fixtures.refs(evidence.get(id)));
  }

  @Test
  void sevenDaysApartAtTheThresholdFires() {
    Row c = clues.get(PERSON);
    assertEquals(money("50000.00"), c.getAs("amount_at_stake"));
    assertEquals("U3", c.getAs("unit_code"));
    assertNull(c.getAs("household_id"));
  }

  @Test
  void householdPayeeNamesTheHouseholdAndLongListsAreCut() {
    Row c = clues.get("H1");
    assertEquals("H1", c.getAs("household_id"));
    assertEquals(money("60000.00"), c.getAs("amount_at_stake"));
    assertEquals("单位 U4 向收款人 王某某 在7天内分笔支付，每笔低于50,000.00元、合计不低于50,000.00元，"
            + "2018-05-01至2018-05-06共收到付款6笔（Q1、Q2、Q3、Q4、Q5等6笔）合计60,000.00元",
        c.getAs("evidence"));
  }
}
