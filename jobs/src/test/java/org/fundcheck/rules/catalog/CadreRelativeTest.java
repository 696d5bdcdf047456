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

class CadreRelativeTest {

  static final String WIFE_H1 = "630222198201010066";
  static final String HEAD_H2 = "630222198001010022";
  static final String HEAD_H3 = "630222198001010033";

  static Detection detection;
  static Map<String, Row> clues;
  static Map<String, List<Row>> evidence;

  @BeforeAll
  static void detect() {
    detection = new CadreRelative().detect(Fixtures.context("2019-03-20",
        "households", table("households", Fixtures.HOUSEHOLDS,
            "H1,630222100001,630222198001010011,王某某,3,registered,2015-01-01,,",
            "H2,630222100002," + HEAD_H2 + ",赵某某,2,registered,2015-01-01,,",
            "H3,630222100001," + HEAD_H3 + ",孙某某,1,registered,2015-01-01,,"),
        "household_members", table("household_members", "household_id,id_number,name,relation",
            "H1," + WIFE_H1 + ",马某,spouse"),
        "village_cadres", table("village_cadres", "id_number,name,village_code,role,term_start,term_end",
            WIFE_H1 + ",马某,630222100001,村委会主任,2017-01-01,2019-12-31",
            // a cadre of another village than the household's
            HEAD_H2 + ",赵某某,630222100001,村支书,2017-01-01,",
            HEAD_H3 + ",孙某某,630222100001,村会计,2014-01-01,2017-12-31"),
        "disbursements", table("disbursements", Fixtures.PAYMENTS,
            "P1,PR1,U1,household,H1,王某某,,800.00,,2018-01-01,",
            "P2,PR1,U1,household,H2,赵某某,,800.00,,2018-01-01,",
            // the last day of the term counts, the day after does not
            "P5,PR1,U2,household,H3,孙某某,,300.00,,2017-12-31,",
            "P6,PR1,U2,household,H3,孙某某,,300.00,,2018-01-01,")));
    clues = Fixtures.cluesByEntity(detection);
    evidence = Fixtures.evidenceByClue(detection);
  }

  @Test
  void onlyCadresOfTheHouseholdsOwnVillageDuringTheirTerm() {
    Fixtures.assertShape(detection);
    assertEquals(List.of("H1", "H3"), clues.keySet().stream().sorted().toList());
  }

  @Test
  void spouseIsTheVillageHead() {
    Row c = clues.get("H1");
    String id = ClueIds.of("CADRE_RELATIVE", "household", "H1", null);
    assertEquals(id, c.getAs("clue_id"));
    assertEquals("favoritism", c.getAs("category"));
    assertEquals(money("800.00"), c.getAs("amount_at_stake"));
    assertEquals("U1", c.getAs("unit_code"));
    assertEquals(date("2018-01-01"), c.getAs("evidence_date"));
    assertEquals("成员 马某 任本村（630222100001）村委会主任（2017-01-01至2019-12-31），任职期间2018-01-01共收到付款1笔（P1）合计800.00元",
        c.getAs("evidence"));
    List<Row> rows = evidence.get(id);
    assertEquals(List.of("payment:P1", "village_cadre:" + WIFE_H1), Fixtures.refs(rows));
    assertEquals(date("2017-01-01"), rows.get(1).getAs("ref_date"));
    assertEquals("村干部 马某 村 630222100001 村委会主任 任期 2017-01-01至2019-12-31", rows.get(1).getAs("detail"));
  }

  @Test
  void lastDayOfTheTermCounts() {
    Row c = clues.get("H3");
    assertEquals(money("300.00"), c.getAs("amount_at_stake"));
    assertEquals(date("2017-12-31"), c.getAs("evidence_date"));
  }
}
