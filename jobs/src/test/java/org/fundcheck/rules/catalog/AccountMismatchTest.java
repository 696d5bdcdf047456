package org.fundcheck.rules.catalog;

import static org.fundcheck.rules.Fixtures.date;
import static org.fundcheck.rules.Fixtures.money;
import static org.fundcheck.rules.Fixtures.table;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.fundcheck.rules.ClueIds;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccountMismatchTest {

  static final String CARD = "6228480000000000001";
  static final String OTHER = "6228480000000000009";

  static Detection detection;
  static Map<String, Row> clues;
  static Map<String, List<Row>> evidence;

  @BeforeAll
  static void detect() {
    detection = new AccountMismatch().detect(Fixtures.context("2019-03-20",
        "households", table("households", Fixtures.HOUSEHOLDS,
            "H1,630222100001,630222198001010011,王某某,3,registered,2015-01-01,," + CARD,
            // no card on record: not compared
            "H2,630222100001,630222198001010022,赵某某,2,registered,2015-01-01,,"),
        "disbursements", table("disbursements", Fixtures.PAYMENTS,
            "P1,PR1,U1,household,H1,王某某," + CARD + ",500.00,,2018-01-01,",
            "P2,PR1,U2,household,H1,王某某," + OTHER + ",300.00,,2018-02-01,",
            // the same other account again: a payment of the clue in its own right
            "P6,PR1,U2,household,H1,王某某," + OTHER + ",100.00,,2018-04-01,",
            // cash
            "P3,PR1,U1,household,H1,王某某,,400.00,,2018-03-01,",
            "P4,PR1,U1,household,H2,赵某某," + OTHER + ",300.00,,2018-03-01,",
            "P5,PR1,U1,household,H9,吴某某," + OTHER + ",300.00,,2018-03-01,")));
    clues = Fixtures.cluesByEntity(detection);
    evidence = Fixtures.evidenceByClue(detection);
  }

  @Test
  void paymentsOffTheCardAndInCash() {
    Fixtures.assertShape(detection);
    assertEquals(List.of("H1"), List.copyOf(clues.keySet()));
    Row c = clues.get("H1");
    String id = ClueIds.of("ACCOUNT_MISMATCH", "household", "H1", null);
    assertEquals(id, c.getAs("clue_id"));
    assertEquals("account_irregularity", c.getAs("category"));
    assertEquals(money("800.00"), c.getAs("amount_at_stake"));
    // 400.00 each from U1 (P3) and U2 (P2 and P6): the smaller code
    assertEquals("U1", c.getAs("unit_code"));
    assertEquals(date("2018-02-01"), c.getAs("evidence_date"));
    assertEquals("户主 王某某 登记一卡通账户 6228480000000000001，付款以现金发放；户主 王某某 登记一卡通账户 6228480000000000001，付款打入账户 6228480000000000009，2018-02-01至2018-04-01共收到付款3笔（P2、P3、P6）合计800.00元",
        c.getAs("evidence"));
    List<Row> rows = evidence.get(id);
    assertEquals(List.of("household:H1", "payment:P2", "payment:P3", "payment:P6"), Fixtures.refs(rows));
    assertEquals("建档立卡户 H1 户主 王某某 一卡通账户 6228480000000000001", rows.get(0).getAs("detail"));
  }
}
