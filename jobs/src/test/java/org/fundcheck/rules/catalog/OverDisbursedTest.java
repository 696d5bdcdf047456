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

class OverDisbursedTest {

  static Detection detection;
  static Map<String, Row> clues;
  static Map<String, List<Row>> evidence;

  @BeforeAll
  static void detect() {
    detection = new OverDisbursed().detect(Fixtures.context("2019-03-20",
        "projects", table("projects", Fixtures.PROJECTS,
            "PR1,产业扶贫,industry,630222-FPB,,2018-01-01,2018-12-31,1500.00,completed",
            "PR2,村道硬化,infrastructure,630222-JTJ,,2018-01-01,2018-12-31,1000.00,completed"),
        "allocations", table("allocations", Fixtures.ALLOCATIONS,
            "AL1,PR1,county,民财〔2018〕1号,1000.00,2018-01-01",
            "AL2,PR1,city,东财〔2018〕2号,500.00,2018-02-01",
            "AL3,PR2,county,民财〔2018〕3号,1000.00,2018-01-01",
            // after as_of
            "AL4,PR2,county,民财〔2019〕4号,5000.00,2019-04-01"),
        "disbursements", table("disbursements", Fixtures.PAYMENTS,
            // exactly allocated + tolerance: no clue
            "Q1,PR1,U1,company,91630222MA00000001,某公司,,800.00,,2018-03-01,V1",
            "Q2,PR1,U1,company,91630222MA00000001,某公司,,701.00,,2018-04-01,V2",
            "Q3,PR2,U1,company,91630222MA00000002,某建筑公司,,600.00,,2018-03-01,V3",
            "Q4,PR2,U1,company,91630222MA00000002,某建筑公司,,500.00,,2018-04-01,V4",
            "Q4R,PR2,U1,company,91630222MA00000002,某建筑公司,,-98.00,Q4,2018-05-01,V5",
            "Q5,PR3,U3,household,H1,王某某,,200.00,,2018-06-01,V6",
            "Q6,PR3,U2,household,H2,赵某某,,300.00,,2018-07-01,V7")));
    clues = Fixtures.cluesByEntity(detection);
    evidence = Fixtures.evidenceByClue(detection);
  }

  @Test
  void gapEqualToTheToleranceDoesNotFire() {
    Fixtures.assertShape(detection);
    assertEquals(List.of("PR2", "PR3"), clues.keySet().stream().sorted().toList());
  }

  @Test
  void netDisbursementsBeyondTheAllocation() {
    Row c = clues.get("PR2");
    String id = ClueIds.of("OVER_DISBURSED", "project", "PR2", "PR2");
    assertEquals(id, c.getAs("clue_id"));
    assertEquals("project", c.getAs("entity_type"));
    assertEquals("PR2", c.getAs("project_id"));
    assertNull(c.getAs("household_id"));
    assertEquals("630222-JTJ", c.getAs("unit_code"));
    assertEquals(money("2.00"), c.getAs("amount_at_stake"));
    assertEquals(date("2018-03-01"), c.getAs("evidence_date"));
    assertEquals("项目 PR2（村道硬化）截至2019-03-20拨入资金1笔 合计1,000.00元，净支出2笔 合计1,002.00元，超出拨入2.00元",
        c.getAs("evidence"));
    List<Row> rows = evidence.get(id);
    assertEquals(List.of("allocation:AL3", "payment:Q3", "payment:Q4"), Fixtures.refs(rows));
    assertEquals(money("402.00"), rows.get(2).getAs("amount"));
  }

  @Test
  void projectMissingFromTheLibraryIsHeldAgainstItsLargestPayer() {
    Row c = clues.get("PR3");
    assertEquals("U2", c.getAs("unit_code"));
    assertEquals(money("500.00"), c.getAs("amount_at_stake"));
    assertEquals("项目 PR3（项目库中无此项目）截至2019-03-20未拨入资金，净支出2笔 合计500.00元，超出拨入500.00元",
        c.getAs("evidence"));
  }
}
