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

class PublicPayrollTest {

  static final String CHILD_H1 = "63022220000101004X";
  static final String HEAD_H2 = "630222198001010022";
  static final String SPOUSE_H2 = "630222198201010066";
  static final String PERSON = "630222197001010055";

  static Detection detection;
  static Map<String, Row> clues;
  static Map<String, List<Row>> evidence;

  @BeforeAll
  static void detect() {
    detection = new PublicPayroll().detect(Fixtures.context("2019-03-20",
        "households", table("households", Fixtures.HOUSEHOLDS,
            "H1,630222100001,630222198001010011,王某某,3,registered,2015-01-01,,",
            "H2,630222100001," + HEAD_H2 + ",赵某某,2,registered,2015-01-01,,",
            "H3,630222100001,630222198001010033,孙某某,1,registered,2015-01-01,,"),
        "household_members", table("household_members", "household_id,id_number,name,relation",
            // written with a lowercase x: still the same person
            "H1,63022220000101004x,王小明,child",
            "H2," + SPOUSE_H2 + ",钱某,spouse"),
        "public_payroll", table("public_payroll", "id_number,name,employer,on_payroll_since,on_payroll_until",
            CHILD_H1 + ",王小明,民和县第一中学,2018-01-01,2018-06-30",
            HEAD_H2 + ",赵某某,民和县财政局,2018-03-01,",
            SPOUSE_H2 + ",钱某,民和县医院,2018-01-01,",
            PERSON + ",周某,民和县水务局,2017-01-01,",
            // name and employer are optional in the payroll file
            "630222198001010033,,,2018-01-01,"),
        "disbursements", table("disbursements", Fixtures.PAYMENTS,
            "P1,PR1,U1,household,H1,王某某,,500.00,,2017-12-31,V1",
            // the first and the last day on the payroll both count
            "P2,PR1,U1,household,H1,王某某,,500.00,,2018-01-01,V2",
            "P3,PR1,U2,household,H1,王某某,,600.00,,2018-06-30,V3",
            "P4,PR1,U1,household,H1,王某某,,500.00,,2018-07-01,V4",
            "P5,PR1,U1,household,H2,赵某某,,300.00,,2018-04-01,V5",
            "P6,PR1,U1,household,H2,赵某某,,300.00,,2018-05-01,V6",
            "R6,PR1,U1,household,H2,赵某某,,-300.00,P6,2018-05-20,V7",
            "P7,PR1,U1,household,H3,孙某某,,300.00,,2018-05-01,V8",
            "I1,PR2,U3,individual," + PERSON + ",周某,,2000.00,,2018-05-01,V9")));
    clues = Fixtures.cluesByEntity(detection);
    evidence = Fixtures.evidenceByClue(detection);
  }

  @Test
  void shape() {
    Fixtures.assertShape(detection);
    assertEquals(List.of(PERSON, "H1", "H2", "H3"), clues.keySet().stream().sorted().toList());
  }

  @Test
  void memberOnPayrollFromTheFirstToTheLastDay() {
    Row c = clues.get("H1");
    String id = ClueIds.of("PUBLIC_PAYROLL", "household", "H1", null);
    assertEquals(id, c.getAs("clue_id"));
    assertEquals(money("1100.00"), c.getAs("amount_at_stake"));
    assertEquals("U2", c.getAs("unit_code"));
    assertEquals("H1", c.getAs("household_id"));
    assertEquals(date("2018-01-01"), c.getAs("evidence_date"));
    assertEquals("成员 王小明 为财政供养人员（民和县第一中学 2018-01-01至2018-06-30），供养期间2018-01-01至2018-06-30共收到付款2笔（P2、P3）合计1,100.00元",
        c.getAs("evidence"));
    List<Row> rows = evidence.get(id);
    assertEquals(List.of("payment:P2", "payment:P3", "public_payroll:" + CHILD_H1), Fixtures.refs(rows));
    assertEquals("财政供养人员 王小明 民和县第一中学 2018-01-01至2018-06-30", rows.get(2).getAs("detail"));
  }

  @Test
  void paymentCountsOnceWhenTwoMembersAreOnPayrollAndAReversedPaymentNotAtAll() {
    Row c = clues.get("H2");
    assertEquals(money("300.00"), c.getAs("amount_at_stake"));
    assertEquals("U1", c.getAs("unit_code"));
    assertEquals("成员 赵某某 为财政供养人员（民和县财政局 2018-03-01起）；成员 钱某 为财政供养人员（民和县医院 2018-01-01起），供养期间2018-04-01共收到付款1笔（P5）合计300.00元",
        c.getAs("evidence"));
    assertEquals(List.of("payment:P5", "public_payroll:" + HEAD_H2, "public_payroll:" + SPOUSE_H2),
        Fixtures.refs(evidence.get(c.getAs("clue_id"))));
  }

  @Test
  void payrollRowWithoutNameOrEmployerNamesTheMember() {
    Row c = clues.get("H3");
    assertEquals("成员 孙某某 为财政供养人员（2018-01-01起），供养期间2018-05-01共收到付款1笔（P7）合计300.00元",
        c.getAs("evidence"));
    List<Row> rows = evidence.get(c.getAs("clue_id"));
    assertEquals("财政供养人员 孙某某 2018-01-01起", rows.get(1).getAs("detail"));
  }

  @Test
  void individualPayeeOnPayrollIsAPersonClue() {
    Row c = clues.get(PERSON);
    assertEquals(ClueIds.of("PUBLIC_PAYROLL", "person", PERSON, null), c.getAs("clue_id"));
    assertEquals("person", c.getAs("entity_type"));
    assertNull(c.getAs("household_id"));
    assertEquals(money("2000.00"), c.getAs("amount_at_stake"));
    assertEquals("收款人 周某 为财政供养人员（民和县水务局 2017-01-01起），供养期间2018-05-01共收到付款1笔（I1）合计2,000.00元",
        c.getAs("evidence"));
  }
}
