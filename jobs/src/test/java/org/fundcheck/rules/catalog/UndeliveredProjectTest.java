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

class UndeliveredProjectTest {

  static final String BUILDER = "91630222MA00000001";

  static Detection detection;
  static Map<String, Row> clues;
  static Map<String, List<Row>> evidence;

  @BeforeAll
  static void detect() {
    detection = new UndeliveredProject().detect(Fixtures.context("2019-03-20",
        "projects", table("projects", Fixtures.PROJECTS,
            "PR1,村道硬化,infrastructure,630222-JTJ,,2018-01-01,2018-12-31,150000.00,completed",
            "PR2,饮水工程,infrastructure,630222-SWJ,,2018-01-01,2018-12-31,100000.00,accepted",
            "PR3,产业园,industry,630222-FPB,,2018-01-01,2019-12-31,100000.00,in_progress"),
        "disbursements", table("disbursements", Fixtures.PAYMENTS,
            "W1,PR1,U1,company," + BUILDER + ",某建筑公司,,100000.00,,2018-06-01,V1",
            "W2,PR1,U2,individual,630222197001010055,周某,,20000.00,,2018-07-01,V2",
            // households are left to UNDELIVERED_HOUSEHOLD
            "W3,PR1,U1,household,H1,王某某,,5000.00,,2018-07-01,V3",
            // inside the delivery grace period
            "W4,PR1,U1,company," + BUILDER + ",某建筑公司,,9000.00,,2019-03-01,V4",
            // a gap equal to 5% of N
            "W5,PR2,U1,company," + BUILDER + ",某建筑公司,,100000.00,,2018-06-01,V5",
            "W6,PR3,U1,company," + BUILDER + ",某建筑公司,,100000.00,,2018-06-01,V6"),
        "deliveries", table("deliveries", Fixtures.DELIVERIES,
            "DL1,PR1,,100000.00,2018-12-01,acceptance,县交通局",
            "DL2,PR1,H1,5000.00,2018-08-01,bank_credit,民和农商行",
            "DL3,PR2,,95000.00,2018-12-01,acceptance,县水务局")));
    clues = Fixtures.cluesByEntity(detection);
    evidence = Fixtures.evidenceByClue(detection);
  }

  @Test
  void onlyFinishedProjectsBeyondTheRatio() {
    Fixtures.assertShape(detection);
    assertEquals(List.of("PR1"), List.copyOf(clues.keySet()));
  }

  @Test
  void paidToCompaniesAndIndividualsBeyondWhatWasAccepted() {
    Row c = clues.get("PR1");
    String id = ClueIds.of("UNDELIVERED_PROJECT", "project", "PR1", "PR1");
    assertEquals(id, c.getAs("clue_id"));
    assertEquals("PR1", c.getAs("project_id"));
    assertNull(c.getAs("household_id"));
    assertEquals("630222-JTJ", c.getAs("unit_code"));
    assertEquals(money("20000.00"), c.getAs("amount_at_stake"));
    assertEquals(date("2018-06-01"), c.getAs("evidence_date"));
    assertEquals("项目 PR1（村道硬化，状态 completed）截至2019-02-18向企业和个人净支付2笔 合计120,000.00元，截至2019-03-20项目级落地确认1笔 合计100,000.00元，差额20,000.00元",
        c.getAs("evidence"));
    List<Row> rows = evidence.get(id);
    assertEquals(List.of("delivery:DL1", "payment:W1", "payment:W2"), Fixtures.refs(rows));
    assertEquals("落地 项目 PR1 方式 acceptance 确认 县交通局", rows.get(0).getAs("detail"));
  }
}
