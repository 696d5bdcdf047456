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

class UndeliveredHouseholdTest {

  static Detection detection;
  static Map<String, Row> clues;
  static Map<String, List<Row>> evidence;

  @BeforeAll
  static void detect() {
    detection = new UndeliveredHousehold().detect(Fixtures.context("2019-03-20",
        "disbursements", table("disbursements", Fixtures.PAYMENTS,
            "K1,PR1,U1,household,H1,王某某,,1000.00,,2018-05-01,V1",
            // as_of − 30 days exactly: counted
            "K2,PR1,U2,household,H1,王某某,,500.00,,2019-02-18,V2",
            // inside the delivery grace period
            "K3,PR1,U1,household,H1,王某某,,700.00,,2019-02-19,V3",
            // a gap equal to the tolerance
            "K4,PR2,U1,household,H1,王某某,,300.00,,2018-05-01,V4",
            "K5,PR1,U1,household,H2,赵某某,,200.00,,2018-05-01,V5",
            "K6,PR1,U1,household,H3,孙某某,,200.00,,2019-03-01,V6",
            "K7,PR1,U1,household,H4,李某某,,100.00,,2018-01-01,V7",
            "K8,PR1,U1,household,H5,周某某,,100.00,,2018-01-01,V8",
            "K8R,PR1,U1,household,H5,周某某,,-100.00,K8,2018-01-09,V9"),
        "deliveries", table("deliveries", Fixtures.DELIVERIES,
            "DL1,PR1,H1,400.00,2018-06-01,bank_credit,民和农商行",
            "DL2,PR1,H1,300.00,2019-03-20,field_visit,乡政府",
            "DL3,PR2,H1,299.00,2018-06-01,bank_credit,民和农商行",
            // after as_of: not yet delivered
            "DL4,PR1,H4,100.00,2019-04-01,bank_credit,民和农商行")));
    clues = Fixtures.cluesByEntity(detection);
    evidence = Fixtures.evidenceByClue(detection);
  }

  @Test
  void householdsWithMoneyPaidAndNotConfirmed() {
    Fixtures.assertShape(detection);
    assertEquals(List.of("H1|PR1", "H2|PR1", "H4|PR1"), clues.keySet().stream().sorted().toList());
  }

  @Test
  void paidBeforeTheGraceCutAgainstEveryDelivery() {
    Row c = clues.get("H1|PR1");
    String id = ClueIds.of("UNDELIVERED_HOUSEHOLD", "household", "H1", "PR1");
    assertEquals(id, c.getAs("clue_id"));
    assertEquals("undelivered", c.getAs("category"));
    assertEquals("PR1", c.getAs("project_id"));
    assertEquals("H1", c.getAs("household_id"));
    assertEquals("U1", c.getAs("unit_code"));
    assertEquals(money("800.00"), c.getAs("amount_at_stake"));
    assertEquals(date("2018-05-01"), c.getAs("evidence_date"));
    assertEquals("户 H1（王某某）在项目 PR1 下2018-05-01至2019-02-18共收到付款2笔（K1、K2）合计1,500.00元，截至2019-03-20落地确认2笔 合计700.00元，差额800.00元",
        c.getAs("evidence"));
    List<Row> rows = evidence.get(id);
    assertEquals(List.of("delivery:DL1", "delivery:DL2", "payment:K1", "payment:K2"), Fixtures.refs(rows));
    assertEquals("落地 项目 PR1 户 H1 方式 bank_credit 确认 民和农商行", rows.get(0).getAs("detail"));
  }

  @Test
  void nothingDelivered() {
    Row c = clues.get("H2|PR1");
    assertEquals(money("200.00"), c.getAs("amount_at_stake"));
    assertEquals("户 H2（赵某某）在项目 PR1 下2018-05-01共收到付款1笔（K5）合计200.00元，截至2019-03-20落地确认0笔，差额200.00元",
        c.getAs("evidence"));
    assertEquals(money("100.00"), clues.get("H4|PR1").getAs("amount_at_stake"));
  }
}
