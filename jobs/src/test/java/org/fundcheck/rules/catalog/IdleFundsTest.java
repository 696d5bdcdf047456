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

class IdleFundsTest {

  static Detection detection;
  static Map<String, Row> clues;
  static Map<String, List<Row>> evidence;

  @BeforeAll
  static void detect() {
    detection = new IdleFunds().detect(Fixtures.context("2019-03-20",
        "projects", table("projects", Fixtures.PROJECTS,
            "PR1,产业扶贫,industry,630222-FPB,,2018-01-01,2019-12-31,10000.00,in_progress",
            "PR2,村道硬化,infrastructure,630222-JTJ,,2018-01-01,2019-12-31,10000.00,in_progress",
            "PR3,危房改造,housing,630222-ZJJ,,2018-01-01,2019-12-31,10000.00,in_progress"),
        "allocations", table("allocations", Fixtures.ALLOCATIONS,
            // exactly 180 days before as_of: counted
            "AL1,PR1,county,民财〔2018〕1号,10000.00,2018-09-21",
            // 179 days: not yet idle
            "AL2,PR2,county,民财〔2018〕2号,10000.00,2018-09-22",
            "AL3,PR3,county,民财〔2018〕3号,10000.00,2018-01-01",
            "AL4,PR4,county,民财〔2018〕4号,2000.00,2018-01-01",
            "AL5,PR4,city,东财〔2018〕5号,3000.00,2018-03-01"),
        "disbursements", table("disbursements", Fixtures.PAYMENTS,
            "Q1,PR1,U1,household,H1,王某某,,2000.00,,2018-10-01,V1",
            // after the idle cut-off, still disbursed
            "Q2,PR1,U1,household,H1,王某某,,2999.99,,2019-03-01,V2",
            // half of A exactly: not below the ratio
            "Q3,PR3,U1,household,H1,王某某,,5000.00,,2018-03-01,V3")));
    clues = Fixtures.cluesByEntity(detection);
    evidence = Fixtures.evidenceByClue(detection);
  }

  @Test
  void onlyMoneyIdleLongEnoughAndMostlyUnspent() {
    Fixtures.assertShape(detection);
    assertEquals(List.of("PR1", "PR4"), clues.keySet().stream().sorted().toList());
  }

  @Test
  void allocationOnTheBoundaryDayBarelyHalfSpent() {
    Row c = clues.get("PR1");
    String id = ClueIds.of("IDLE_FUNDS", "project", "PR1", "PR1");
    assertEquals(id, c.getAs("clue_id"));
    assertEquals("idle_funds", c.getAs("category"));
    assertEquals("630222-FPB", c.getAs("unit_code"));
    assertEquals(money("5000.01"), c.getAs("amount_at_stake"));
    assertEquals(date("2018-09-21"), c.getAs("evidence_date"));
    assertEquals("项目 PR1（产业扶贫）于2018-09-21拨入资金1笔 合计10,000.00元，已超过180天，截至2019-03-20净支出4,999.99元，不足50%，闲置5,000.01元",
        c.getAs("evidence"));
    assertEquals(List.of("allocation:AL1", "payment:Q1", "payment:Q2"), Fixtures.refs(evidence.get(id)));
  }

  @Test
  void projectMissingFromTheLibraryWithNothingPaidHasNoUnit() {
    Row c = clues.get("PR4");
    assertNull(c.getAs("unit_code"));
    assertEquals(money("5000.00"), c.getAs("amount_at_stake"));
    assertEquals(date("2018-01-01"), c.getAs("evidence_date"));
    assertEquals("项目 PR4（项目库中无此项目）于2018-01-01至2018-03-01拨入资金2笔 合计5,000.00元，已超过180天，截至2019-03-20净支出0.00元，不足50%，闲置5,000.00元",
        c.getAs("evidence"));
  }
}
