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

class CompanyOwnerTest {

  static final String SON_H1 = "630222200201010077";
  static final String CREDIT = "91630222MA00000001";

  static Detection detection;
  static Map<String, Row> clues;
  static Map<String, List<Row>> evidence;

  @BeforeAll
  static void detect() {
    detection = new CompanyOwner().detect(Fixtures.context("2019-03-20",
        "households", table("households", Fixtures.HOUSEHOLDS,
            "H1,630222100001,630222198001010011,王某某,3,registered,2015-01-01,,",
            "H2,630222100001,630222198001010022,赵某某,2,registered,2015-01-01,,"),
        "household_members", table("household_members", "household_id,id_number,name,relation",
            "H1," + SON_H1 + ",王小明,child"),
        "companies", table("companies", "credit_code,company_name,legal_rep_id_number,registered_on,registered_capital",
            CREDIT + ",青海某某农业有限公司," + SON_H1 + ",2018-03-01,100000.00",
            "91630222MA00000002,民和某某商贸有限公司,630222197001010055,2017-01-01,50000.00"),
        "disbursements", table("disbursements", Fixtures.PAYMENTS,
            "P1,PR1,U1,household,H1,王某某,,500.00,,2018-02-28,",
            // the registration day itself counts
            "P2,PR1,U1,household,H1,王某某,,500.00,,2018-03-01,",
            "P3,PR1,U1,household,H1,王某某,,1000.00,,2018-09-01,",
            "P4,PR1,U1,household,H2,赵某某,,500.00,,2018-09-01,",
            // an individual legal representative is not a household clue
            "I1,PR1,U1,individual,630222197001010055,周某,,500.00,,2018-09-01,")));
    clues = Fixtures.cluesByEntity(detection);
    evidence = Fixtures.evidenceByClue(detection);
  }

  @Test
  void paymentsOnAndAfterTheRegistrationOfAMembersCompany() {
    Fixtures.assertShape(detection);
    assertEquals(List.of("H1"), List.copyOf(clues.keySet()));
    Row c = clues.get("H1");
    String id = ClueIds.of("COMPANY_OWNER", "household", "H1", null);
    assertEquals(id, c.getAs("clue_id"));
    assertEquals(money("1500.00"), c.getAs("amount_at_stake"));
    assertEquals("U1", c.getAs("unit_code"));
    assertEquals(date("2018-03-01"), c.getAs("evidence_date"));
    assertEquals("成员 王小明 为 青海某某农业有限公司（统一社会信用代码 91630222MA00000001，2018-03-01注册）法定代表人，企业注册后2018-03-01至2018-09-01共收到付款2笔（P2、P3）合计1,500.00元",
        c.getAs("evidence"));
    List<Row> rows = evidence.get(id);
    assertEquals(List.of("company:" + CREDIT, "payment:P2", "payment:P3"), Fixtures.refs(rows));
    assertEquals(money("100000.00"), rows.get(0).getAs("amount"));
    assertEquals("企业 青海某某农业有限公司 统一社会信用代码 91630222MA00000001 法定代表人 王小明 注册 2018-03-01",
        rows.get(0).getAs("detail"));
  }
}
