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

class PaymentOutOfPeriodTest {

  static Detection detection;
  static Map<String, Row> clues;
  static Map<String, List<Row>> evidence;

  @BeforeAll
  static void detect() {
    detection = new PaymentOutOfPeriod().detect(Fixtures.context("2019-03-20",
        "projects", table("projects", Fixtures.PROJECTS,
            "PR1,村道硬化,infrastructure,630222-JTJ,,2018-01-01,2018-06-30,100000.00,completed",
            "PR2,产业扶贫,industry,630222-FPB,,2018-01-01,2018-12-31,100000.00,in_progress",
            "PR3,危房改造,housing,630222-ZJJ,,2018-01-01,2019-12-31,100000.00,in_progress"),
        "allocations", table("allocations", Fixtures.ALLOCATIONS,
            "A2,PR1,county,民财〔2018〕2号,50000.00,2018-03-01",
            "A1,PR1,province,青财〔2018〕1号,50000.00,2018-02-01",
            "A9,PR9,county,民财〔2018〕9号,10000.00,2018-05-01",
            // after as_of: not yet allocated
            "A3,PR3,county,民财〔2019〕3号,10000.00,2019-05-01"),
        "disbursements", table("disbursements", Fixtures.PAYMENTS,
            "O1,PR1,U1,household,H1,王某某,,500.00,,2017-12-31,V1",
            "O2,PR1,U1,company,91630222MA00000001,某公司,,800.00,,2018-01-15,V2",
            "O3,PR1,U1,household,H1,王某某,,500.00,,2018-02-01,V3",
            // end_date + 180 days exactly, then one day later
            "O4,PR1,U1,household,H1,王某某,,500.00,,2018-12-27,V4",
            "O5,PR1,U2,household,H1,王某某,,500.00,,2018-12-28,V5",
            // no allocation at all cannot fire on the allocation condition
            "O6,PR2,U1,household,H2,赵某某,,500.00,,2018-03-01,V6",
            "O7,PR9,U3,household,H2,赵某某,,300.00,,2018-04-01,V7",
            "O8,PR3,U1,household,H2,赵某某,,500.00,,2018-06-01,V8",
            "O9,PR1,U1,household,H1,王某某,,500.00,,2017-11-30,V9",
            "O9R,PR1,U1,household,H1,王某某,,-500.00,O9,2017-12-01,V10")));
    clues = Fixtures.cluesByEntity(detection);
    evidence = Fixtures.evidenceByClue(detection);
  }

  @Test
  void onlyPaymentsOutsideThePeriodFire() {
    Fixtures.assertShape(detection);
    assertEquals(List.of("O1", "O2", "O5", "O7"), clues.keySet().stream().sorted().toList());
  }

  @Test
  void beforeTheStartAndBeforeTheMoneyArrived() {
    Row c = clues.get("O1");
    String id = ClueIds.of("PAYMENT_OUT_OF_PERIOD", "payment", "O1", "PR1");
    assertEquals(id, c.getAs("clue_id"));
    assertEquals("timing", c.getAs("category"));
    assertEquals("PR1", c.getAs("project_id"));
    assertEquals("H1", c.getAs("household_id"));
    assertEquals("U1", c.getAs("unit_code"));
    assertEquals(money("500.00"), c.getAs("amount_at_stake"));
    assertEquals(date("2017-12-31"), c.getAs("evidence_date"));
    assertEquals("付款 O1 于2017-12-31支付 收款人 王某某 500.00元，项目 PR1：早于项目开工日期2018-01-01，早于项目首笔资金拨付日期2018-02-01",
        c.getAs("evidence"));
    List<Row> rows = evidence.get(id);
    assertEquals(List.of("allocation:A1", "payment:O1"), Fixtures.refs(rows));
    assertEquals("拨入 项目 PR1 文号 青财〔2018〕1号 来源 province", rows.get(0).getAs("detail"));
    assertEquals(money("50000.00"), rows.get(0).getAs("amount"));
  }

  @Test
  void companyPaidBeforeTheFirstAllocation() {
    Row c = clues.get("O2");
    assertEquals(ClueIds.of("PAYMENT_OUT_OF_PERIOD", "payment", "O2", "PR1"), c.getAs("clue_id"));
    assertNull(c.getAs("household_id"));
    assertEquals("付款 O2 于2018-01-15支付 收款人 某公司 800.00元，项目 PR1：早于项目首笔资金拨付日期2018-02-01",
        c.getAs("evidence"));
  }

  @Test
  void lateMoreThanTheGraceAfterTheEnd() {
    Row c = clues.get("O5");
    assertEquals("U2", c.getAs("unit_code"));
    assertEquals("付款 O5 于2018-12-28支付 收款人 王某某 500.00元，项目 PR1：晚于项目结束日期2018-06-30超过180天",
        c.getAs("evidence"));
    assertEquals(List.of("payment:O5"), Fixtures.refs(evidence.get(c.getAs("clue_id"))));
  }

  @Test
  void projectMissingFromTheLibraryIsJudgedOnItsAllocations() {
    Row c = clues.get("O7");
    assertEquals("付款 O7 于2018-04-01支付 收款人 赵某某 300.00元，项目 PR9：早于项目首笔资金拨付日期2018-05-01",
        c.getAs("evidence"));
  }
}
