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

class VehicleOwnerTest {

  static final String HEAD_H1 = "630222198001010011";
  static final String HEAD_H2 = "630222198001010022";
  static final String HEAD_H3 = "630222198001010033";
  static final String SON_H4 = "630222200201010077";

  static Detection detection;
  static Map<String, Row> clues;
  static Map<String, List<Row>> evidence;

  @BeforeAll
  static void detect() {
    detection = new VehicleOwner().detect(Fixtures.context("2019-03-20",
        "households", table("households", Fixtures.HOUSEHOLDS,
            "H1,630222100001," + HEAD_H1 + ",王某某,3,registered,2015-01-01,,",
            "H2,630222100001," + HEAD_H2 + ",赵某某,2,registered,2015-01-01,,",
            "H3,630222100001," + HEAD_H3 + ",孙某某,1,registered,2015-01-01,,",
            "H4,630222100001,630222197501010044,李某某,4,exited,2015-01-01,2018-12-31,"),
        "household_members", table("household_members", "household_id,id_number,name,relation",
            "H4," + SON_H4 + ",李小龙,child"),
        "vehicles", table("vehicles", "plate_no,owner_id_number,vehicle_type,registered_on,deregistered_on",
            "青B10001," + HEAD_H1 + ",car,2018-01-01,2018-06-01",
            "青B20001," + HEAD_H2 + ",tractor,2017-01-01,",
            "青B20002," + HEAD_H2 + ",motorcycle,2017-01-01,",
            "青B30001," + HEAD_H3 + ",car,2015-01-01,2017-01-01",
            "青B40001," + SON_H4 + ",truck,2016-01-01,"),
        "disbursements", table("disbursements", Fixtures.PAYMENTS,
            "P1,PR1,U1,household,H1,王某某,,400.00,,2017-12-31,",
            // registered that very day: owned
            "P2,PR1,U2,household,H1,王某某,,400.00,,2018-01-01,",
            "P4,PR1,U1,household,H1,王某某,,400.00,,2018-05-31,",
            // deregistered that very day: no longer owned
            "P3,PR1,U1,household,H1,王某某,,400.00,,2018-06-01,",
            "P5,PR1,U1,household,H2,赵某某,,400.00,,2018-03-01,",
            "P6,PR1,U1,household,H3,孙某某,,400.00,,2018-03-01,",
            "P7,PR2,U3,household,H4,李某某,,1234.50,,2018-03-03,")));
    clues = Fixtures.cluesByEntity(detection);
    evidence = Fixtures.evidenceByClue(detection);
  }

  @Test
  void onlyCarsAndTrucksOwnedOnThePaymentDayFire() {
    Fixtures.assertShape(detection);
    assertEquals(List.of("H1", "H4"), clues.keySet().stream().sorted().toList());
  }

  @Test
  void carOwnerWithTheUnitTieGoingToTheSmallestCode() {
    Row c = clues.get("H1");
    String id = ClueIds.of("VEHICLE_OWNER", "household", "H1", null);
    assertEquals(id, c.getAs("clue_id"));
    assertEquals(money("800.00"), c.getAs("amount_at_stake"));
    assertEquals("U1", c.getAs("unit_code"));
    assertEquals(date("2018-01-01"), c.getAs("evidence_date"));
    assertEquals("成员 王某某 名下小汽车 青B10001（2018-01-01登记），持车期间2018-01-01至2018-05-31共收到付款2笔（P2、P4）合计800.00元",
        c.getAs("evidence"));
    List<Row> rows = evidence.get(id);
    assertEquals(List.of("payment:P2", "payment:P4", "vehicle:青B10001"), Fixtures.refs(rows));
    assertEquals("车辆 青B10001 小汽车 车主 王某某 登记 2018-01-01 注销 2018-06-01", rows.get(2).getAs("detail"));
  }

  @Test
  void truckOfAListedMember() {
    Row c = clues.get("H4");
    assertEquals(money("1234.50"), c.getAs("amount_at_stake"));
    assertEquals("U3", c.getAs("unit_code"));
    assertEquals("成员 李小龙 名下货车 青B40001（2016-01-01登记），持车期间2018-03-03共收到付款1笔（P7）合计1,234.50元",
        c.getAs("evidence"));
  }
}
