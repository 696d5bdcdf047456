package org.fundcheck.rules.catalog;

import static org.fundcheck.rules.Fixtures.date;
import static org.fundcheck.rules.Fixtures.money;
import static org.fundcheck.rules.Fixtures.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.rules.ClueIds;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.Fixtures;
import org.fundcheck.rules.Settings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SharedAccountTest {

  static final String SHARED = "6228480000000000101";
  static final String TWO = "6228480000000000102";
  static final String REVERSED = "6228480000000000103";

  static Detection detection;
  static Map<String, Row> clues;
  static Map<String, List<Row>> evidence;

  static Detection lowered;

  @BeforeAll
  static void detect() {
    Dataset<Row> disbursements = table("disbursements", Fixtures.PAYMENTS,
            "P1,PR1,U1,household,H1,王某某," + SHARED + ",100.00,,2018-01-01,",
            "P2,PR1,U2,household,H2,赵某某," + SHARED + ",200.00,,2018-02-01,",
            "P3,PR1,U1,household,H3,孙某某," + SHARED + ",300.00,,2018-03-01,",
            // a household paid into the account twice is one of its households, both payments its evidence
            "P10,PR1,U1,household,H1,王某某," + SHARED + ",50.00,,2018-04-01,",
            // two households and a company: two households only, however many payments
            "P4,PR1,U1,household,H4,李某某," + TWO + ",100.00,,2018-01-01,",
            "P11,PR1,U1,household,H4,李某某," + TWO + ",100.00,,2018-02-01,",
            "P5,PR1,U1,household,H5,周某某," + TWO + ",100.00,,2018-01-01,",
            "P6,PR1,U1,company,91630222MA00000001,某公司," + TWO + ",100.00,,2018-01-01,",
            // the third household's payment was reversed in full
            "P7,PR1,U1,household,H6,吴某某," + REVERSED + ",100.00,,2018-01-01,",
            "P8,PR1,U1,household,H7,郑某某," + REVERSED + ",100.00,,2018-01-01,",
            "P9,PR1,U1,household,H8,冯某某," + REVERSED + ",100.00,,2018-01-01,",
            "R9,PR1,U1,household,H8,冯某某," + REVERSED + ",-100.00,P9,2018-01-05,");
    detection = new SharedAccount().detect(Fixtures.context("2019-03-20", "disbursements", disbursements));
    lowered = new SharedAccount().detect(Fixtures.context("2019-03-20",
        Settings.defaults().with(Settings.SHARED_ACCOUNT_MIN_HOUSEHOLDS, "2"), "disbursements", disbursements));
    clues = Fixtures.cluesByEntity(detection);
    evidence = Fixtures.evidenceByClue(detection);
  }

  @Test
  void accountOfThreeHouseholds() {
    Fixtures.assertShape(detection);
    assertEquals(List.of(SHARED), List.copyOf(clues.keySet()));
    Row c = clues.get(SHARED);
    String id = ClueIds.of("SHARED_ACCOUNT", "account", SHARED, null);
    assertEquals(id, c.getAs("clue_id"));
    assertEquals("account", c.getAs("entity_type"));
    assertNull(c.getAs("household_id"));
    assertNull(c.getAs("project_id"));
    assertEquals(money("650.00"), c.getAs("amount_at_stake"));
    assertEquals("U1", c.getAs("unit_code"));
    assertEquals(date("2018-01-01"), c.getAs("evidence_date"));
    assertEquals("账户 6228480000000000101 收到3个不同户（H1、H2、H3）的付款，2018-01-01至2018-04-01共收到付款4笔（P1、P10、P2、P3）合计650.00元",
        c.getAs("evidence"));
    assertEquals(List.of("payment:P1", "payment:P10", "payment:P2", "payment:P3"), Fixtures.refs(evidence.get(id)));
  }

  @Test
  void theMinimumIsASetting() {
    Map<String, Row> found = Fixtures.cluesByEntity(lowered);
    assertEquals(List.of(SHARED, TWO, REVERSED), found.keySet().stream().sorted().toList());
    assertEquals(money("300.00"), found.get(TWO).getAs("amount_at_stake"));
    assertEquals(money("200.00"), found.get(REVERSED).getAs("amount_at_stake"));
  }
}
