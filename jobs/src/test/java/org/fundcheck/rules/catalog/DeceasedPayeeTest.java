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
import org.fundcheck.rules.RuleContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeceasedPayeeTest {

  static final String HEAD_H1 = "630222198001010011";
  static final String HEAD_H2 = "630222198001010022";
  static final String PERSON = "63022219700101002X";

  static Detection detection;
  static Map<String, Row> clues;
  static Map<String, List<Row>> evidence;

  @BeforeAll
  static void detect() {
    RuleContext ctx = Fixtures.context("2019-03-20",
        "households", table("households", Fixtures.HOUSEHOLDS,
            "H1,630222100001,630222198001010011,王某某,3,registered,2015-01-01,,",
            "H2,630222100001,630222198001010022,赵某某,2,exited,2015-01-01,2018-06-30,"),
        "deaths", table("deaths", "id_number,name,died_on,source",
            HEAD_H1 + ",王某某,2017-05-03,公安",
            HEAD_H2 + ",赵某某,2019-01-01,民政",
            PERSON + ",李某,2017-12-01,民政"),
        "disbursements", table("disbursements", Fixtures.PAYMENTS,
            // paid on the day of death: not after it
            "P1,PR1,U1,household,H1,王某某,6228480000000000001,500.00,,2017-05-03,V1",
            "P2,PR1,U1,household,H1,王某某,6228480000000000001,500.00,,2017-06-15,V2",
            "P3,PR1,U2,household,H1,王某某,6228480000000000001,500.00,,2017-07-15,V3",
            "P4,PR2,U2,household,H1,王某某,6228480000000000001,300.00,,2018-12-15,",
            // reversed in full: no payment at all
            "P5,PR1,U1,household,H1,王某某,6228480000000000001,900.00,,2018-01-01,V5",
            "R5,PR1,U1,household,H1,王某某,6228480000000000001,-900.00,P5,2018-02-01,V6",
            // before the head of H2 died
            "P6,PR1,U1,household,H2,赵某某,6228480000000000002,500.00,,2018-12-31,V7",
            // an individual payee written with a lowercase x
            "I1,PR3,U3,individual,63022219700101002x,李某,6228480000000000003,1000.00,,2018-02-01,V8",
            // the dead head of H1 paid in person too: a person clue beside the household clue
            "I2,PR3,U3,individual," + HEAD_H1 + ",王某某,6228480000000000001,250.00,,2018-03-01,V9"));
    detection = new DeceasedPayee().detect(ctx);
    clues = Fixtures.cluesByEntity(detection);
    evidence = Fixtures.evidenceByClue(detection);
  }

  @Test
  void shape() {
    Fixtures.assertShape(detection);
    assertEquals(List.of(PERSON, HEAD_H1, "H1"), clues.keySet().stream().sorted().toList());
  }

  @Test
  void householdPaidAfterTheHeadDied() {
    Row c = clues.get("H1");
    String id = ClueIds.of("DECEASED_PAYEE", "household", "H1", null);
    assertEquals(id, c.getAs("clue_id"));
    assertEquals("ineligible_beneficiary", c.getAs("category"));
    assertEquals("household", c.getAs("entity_type"));
    assertNull(c.getAs("project_id"));
    assertEquals("H1", c.getAs("household_id"));
    assertEquals(money("1300.00"), c.getAs("amount_at_stake"));
    assertEquals("U2", c.getAs("unit_code"));
    assertEquals(date("2017-06-15"), c.getAs("evidence_date"));
    assertEquals("户主 王某某 于2017-05-03死亡，死亡后2017-06-15至2018-12-15共收到付款3笔（P2、P3、P4）合计1,300.00元",
        c.getAs("evidence"));
    List<Row> rows = evidence.get(id);
    assertEquals(List.of("death:" + HEAD_H1, "payment:P2", "payment:P3", "payment:P4"), Fixtures.refs(rows));
    Row p4 = rows.get(3);
    assertEquals(money("300.00"), p4.getAs("amount"));
    assertEquals(date("2018-12-15"), p4.getAs("ref_date"));
    assertEquals("收款人 王某某 项目 PR2", p4.getAs("detail"));
    assertEquals("收款人 王某某 凭证 V2 项目 PR1", rows.get(1).getAs("detail"));
    assertEquals("死亡登记 王某某 死亡日期 2017-05-03 来源 公安", rows.get(0).getAs("detail"));
    assertEquals(date("2017-05-03"), rows.get(0).getAs("ref_date"));
  }

  @Test
  void individualPayeeIsAPersonClueUnderTheNormalisedIdNumber() {
    Row c = clues.get(PERSON);
    assertEquals(ClueIds.of("DECEASED_PAYEE", "person", PERSON, null), c.getAs("clue_id"));
    assertEquals("person", c.getAs("entity_type"));
    assertNull(c.getAs("household_id"));
    assertEquals(money("1000.00"), c.getAs("amount_at_stake"));
    assertEquals("U3", c.getAs("unit_code"));
    assertEquals(date("2018-02-01"), c.getAs("evidence_date"));
    assertEquals("收款人 李某 于2017-12-01死亡，死亡后2018-02-01共收到付款1笔（I1）合计1,000.00元", c.getAs("evidence"));
  }

  @Test
  void headPaidInPersonIsASeparatePersonClue() {
    Row c = clues.get(HEAD_H1);
    assertEquals(ClueIds.of("DECEASED_PAYEE", "person", HEAD_H1, null), c.getAs("clue_id"));
    assertEquals(money("250.00"), c.getAs("amount_at_stake"));
    assertEquals("收款人 王某某 于2017-05-03死亡，死亡后2018-03-01共收到付款1笔（I2）合计250.00元", c.getAs("evidence"));
    assertEquals(money("1300.00"), clues.get("H1").getAs("amount_at_stake"));
  }

  @Test
  void paymentBeforeTheDeathDoesNotFire() {
    assertNull(clues.get("H2"));
  }
}
