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

class UnregisteredPayeeTest {

  static Detection detection;
  static Map<String, Row> clues;
  static Map<String, List<Row>> evidence;

  @BeforeAll
  static void detect() {
    detection = new UnregisteredPayee().detect(Fixtures.context("2019-03-20",
        "households", table("households", Fixtures.HOUSEHOLDS,
            // exited households keep their support
            "H1,630222100001,630222198001010011,王某某,3,exited,2015-01-01,2017-06-30,",
            "H2,630222100001,630222198001010022,孙某某,2,cancelled,2015-01-01,2018-01-01,",
            // cancelled after its only payment
            "H3,630222100001,630222198001010033,钱某某,2,cancelled,2015-01-01,2018-06-30,"),
        "disbursements", table("disbursements", Fixtures.PAYMENTS,
            "P1,PR1,U1,household,H1,王某某,,500.00,,2018-03-01,",
            // paid on the day of cancellation: not after it
            "P3,PR1,U1,household,H2,孙某某,,200.00,,2018-01-01,",
            "P4,PR1,U1,household,H2,孙某某,,200.00,,2018-01-02,",
            "P5,PR1,U1,household,H3,钱某某,,200.00,,2018-05-01,",
            "P9,PR1,U2,household,H9,吴某某,,700.00,,2018-02-01,",
            "P8,PR1,U2,household,H8,郑某某,,700.00,,2018-02-01,",
            "R8,PR1,U2,household,H8,郑某某,,-700.00,P8,2018-03-01,",
            // not a household payment
            "I1,PR1,U1,individual,630222197001010055,周某,,500.00,,2018-09-01,")));
    clues = Fixtures.cluesByEntity(detection);
    evidence = Fixtures.evidenceByClue(detection);
  }

  @Test
  void unknownAndCancelledHouseholdsOnly() {
    Fixtures.assertShape(detection);
    assertEquals(List.of("H2", "H9"), clues.keySet().stream().sorted().toList());
  }

  @Test
  void householdNotInTheRegistry() {
    Row c = clues.get("H9");
    String id = ClueIds.of("UNREGISTERED_PAYEE", "household", "H9", null);
    assertEquals(id, c.getAs("clue_id"));
    assertEquals("H9", c.getAs("household_id"));
    assertEquals(money("700.00"), c.getAs("amount_at_stake"));
    assertEquals("U2", c.getAs("unit_code"));
    assertEquals(date("2018-02-01"), c.getAs("evidence_date"));
    assertEquals("收款户 H9 不在建档立卡户库中，2018-02-01共收到付款1笔（P9）合计700.00元", c.getAs("evidence"));
    assertEquals(List.of("payment:P9"), Fixtures.refs(evidence.get(id)));
  }

  @Test
  void cancelledHouseholdPaidAfterItWasStruckOff() {
    Row c = clues.get("H2");
    String id = ClueIds.of("UNREGISTERED_PAYEE", "household", "H2", null);
    assertEquals(money("200.00"), c.getAs("amount_at_stake"));
    assertEquals("户 H2（户主 孙某某）已于2018-01-01清退，清退后2018-01-02共收到付款1笔（P4）合计200.00元",
        c.getAs("evidence"));
    List<Row> rows = evidence.get(id);
    assertEquals(List.of("household:H2", "payment:P4"), Fixtures.refs(rows));
    assertEquals("建档立卡户 H2 户主 孙某某 状态 cancelled 清退 2018-01-01", rows.get(0).getAs("detail"));
  }
}
