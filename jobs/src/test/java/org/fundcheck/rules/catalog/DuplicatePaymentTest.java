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

class DuplicatePaymentTest {

  static Detection detection;
  static Map<String, Row> clues;
  static Map<String, List<Row>> evidence;

  @BeforeAll
  static void detect() {
    detection = new DuplicatePayment().detect(Fixtures.context("2019-03-20",
        "disbursements", table("disbursements", Fixtures.PAYMENTS,
            // ten days apart: within the window
            "D1,PR1,U1,household,H1,王某某,,500.00,,2018-01-01,V1",
            "D2,PR1,U1,household,H1,王某某,,500.00,,2018-01-11,V2",
            // eleven days after D2
            "D3,PR1,U1,household,H1,王某某,,500.00,,2018-01-22,V3",
            // monthly, 30 days apart
            "M1,PR1,U1,household,H2,赵某某,,300.00,,2018-02-01,V4",
            "M2,PR1,U1,household,H2,赵某某,,300.00,,2018-03-03,V5",
            // one voucher booked twice, months apart, different amounts
            "X1,PR1,U1,household,H3,李某某,,800.00,,2018-01-05,JZ-9",
            "X2,PR1,U1,household,H3,李某某,,650.00,,2018-06-05,JZ-9",
            // a batch voucher shared by different payees
            "B1,PR1,U1,household,H4,周某某,,100.00,,2018-04-01,PZ-1",
            "B2,PR1,U1,household,H5,吴某某,,100.00,,2018-04-01,PZ-1",
            // the earlier one was reversed in full
            "Y1,PR1,U1,household,H6,郑某某,,400.00,,2018-05-01,V6",
            "Y1R,PR1,U1,household,H6,郑某某,,-400.00,Y1,2018-05-02,V7",
            "Y2,PR1,U1,household,H6,郑某某,,400.00,,2018-05-03,V8",
            // same day: the later is the larger payment_id
            "Z2,PR2,U2,company,91630222MA00000001,某公司,,1000.00,,2018-07-01,",
            "Z1,PR2,U2,company,91630222MA00000001,某公司,,1000.00,,2018-07-01,",
            // three within ten days: the third repeats both earlier ones
            "E1,PR3,U1,household,H7,孙某某,,200.00,,2018-08-01,",
            "E2,PR3,U1,household,H7,孙某某,,200.00,,2018-08-05,",
            "E3,PR3,U1,household,H7,孙某某,,200.00,,2018-08-10,",
            // the same amount and the same voucher as the payment before
            "W1,PR3,U1,household,H8,钱某某,,700.00,,2018-09-01,JZ-5",
            "W2,PR3,U1,household,H8,钱某某,,700.00,,2018-09-03,JZ-5",
            // one voucher booked three times by one unit, and once more by another unit
            "K1,PR4,U1,household,H9,冯某某,,100.00,,2018-01-01,JZ-7",
            "K2,PR4,U1,household,H9,冯某某,,120.00,,2018-05-01,JZ-7",
            "K3,PR4,U1,household,H9,冯某某,,130.00,,2018-09-01,JZ-7",
            "K4,PR4,U3,household,H9,冯某某,,140.00,,2018-10-01,JZ-7",
            // the same payee and amount the next day, under another project
            "Q1,PR5,U1,household,H10,陈某某,,900.00,,2018-03-01,",
            "Q2,PR6,U1,household,H10,陈某某,,900.00,,2018-03-02,")));
    clues = Fixtures.cluesByEntity(detection);
    evidence = Fixtures.evidenceByClue(detection);
  }

  @Test
  void onlyTheRepeatsFire() {
    Fixtures.assertShape(detection);
    assertEquals(List.of("D2", "E2", "E3", "K2", "K3", "W2", "X2", "Z2"), clues.keySet().stream().sorted().toList());
  }

  @Test
  void sameAmountTenDaysLater() {
    Row c = clues.get("D2");
    String id = ClueIds.of("DUPLICATE_PAYMENT", "payment", "D2", "PR1");
    assertEquals(id, c.getAs("clue_id"));
    assertEquals("PR1", c.getAs("project_id"));
    assertEquals("H1", c.getAs("household_id"));
    assertEquals("U1", c.getAs("unit_code"));
    assertEquals(money("500.00"), c.getAs("amount_at_stake"));
    assertEquals(date("2018-01-11"), c.getAs("evidence_date"));
    assertEquals("付款 D2（2018-01-11 收款人 王某某 项目 PR1 500.00元）重复：与D1（2018-01-01）同项目同收款人同金额500.00元，相隔10天",
        c.getAs("evidence"));
    List<Row> rows = evidence.get(id);
    assertEquals(List.of("payment:D1", "payment:D2"), Fixtures.refs(rows));
    assertEquals("此前付款 收款人 王某某 凭证 V1 项目 PR1", rows.get(0).getAs("detail"));
    assertEquals("收款人 王某某 凭证 V2 项目 PR1", rows.get(1).getAs("detail"));
  }

  @Test
  void oneVoucherBookedTwice() {
    Row c = clues.get("X2");
    assertEquals(money("650.00"), c.getAs("amount_at_stake"));
    assertEquals("付款 X2（2018-06-05 收款人 李某某 项目 PR1 650.00元）重复：与X1凭证号 JZ-9 相同", c.getAs("evidence"));
  }

  @Test
  void sameDayCompanyPayment() {
    Row c = clues.get("Z2");
    assertNull(c.getAs("household_id"));
    assertEquals("U2", c.getAs("unit_code"));
    assertEquals("付款 Z2（2018-07-01 收款人 某公司 项目 PR2 1,000.00元）重复：与Z1（2018-07-01）同项目同收款人同金额1,000.00元，相隔0天",
        c.getAs("evidence"));
  }

  @Test
  void aPaymentRepeatsEveryEarlierOneItMatches() {
    assertEquals("付款 E3（2018-08-10 收款人 孙某某 项目 PR3 200.00元）重复：与E1（2018-08-01）同项目同收款人同金额200.00元，相隔9天；"
            + "与E2（2018-08-05）同项目同收款人同金额200.00元，相隔5天",
        clues.get("E3").getAs("evidence"));
    assertEquals(List.of("payment:E1", "payment:E2", "payment:E3"),
        Fixtures.refs(evidence.get(ClueIds.of("DUPLICATE_PAYMENT", "payment", "E3", "PR3"))));
    assertEquals("付款 K3（2018-09-01 收款人 冯某某 项目 PR4 130.00元）重复：与K1凭证号 JZ-7 相同；与K2凭证号 JZ-7 相同",
        clues.get("K3").getAs("evidence"));
  }

  @Test
  void theSameEarlierPaymentByAmountAndByVoucherIsOneReason() {
    assertEquals("付款 W2（2018-09-03 收款人 钱某某 项目 PR3 700.00元）重复：与W1（2018-09-01）同项目同收款人同金额700.00元，相隔2天，与W1凭证号 JZ-5 相同",
        clues.get("W2").getAs("evidence"));
    assertEquals(money("700.00"), clues.get("W2").getAs("amount_at_stake"));
  }
}
