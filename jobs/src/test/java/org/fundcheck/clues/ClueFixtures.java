package org.fundcheck.clues;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.fundcheck.TestSpark;
import org.fundcheck.rules.ClueIds;
import org.fundcheck.rules.Detection;
import org.fundcheck.schema.InputContract;

/** Small named clues, findings and units for the clue tests. */
final class ClueFixtures {

  static final LocalDate AS_OF = LocalDate.of(2019, 3, 20);

  static final String CITY = "630200";
  static final String COUNTY = "630222";
  static final String OTHER_COUNTY = "630223";
  static final String TOWNSHIP = "630222101";
  static final String VILLAGE = "630222101201";
  static final String POVERTY_OFFICE = "630222-FPB";

  private ClueFixtures() {}

  static SparkSession spark() {
    return TestSpark.session();
  }

  /** 海东市 ⊃ 民和县 ⊃ 川口镇 ⊃ 东垣村, the county's poverty office, and a neighbouring county. */
  static Dataset<Row> units() {
    List<Row> rows = List.of(
        RowFactory.create(CITY, "海东市", "city", null),
        RowFactory.create(COUNTY, "民和县", "county", CITY),
        RowFactory.create(OTHER_COUNTY, "乐都区", "county", CITY),
        RowFactory.create(TOWNSHIP, "川口镇", "township", COUNTY),
        RowFactory.create(VILLAGE, "东垣村", "village", TOWNSHIP),
        RowFactory.create(POVERTY_OFFICE, "民和县扶贫开发局", "department", COUNTY));
    return spark().createDataFrame(rows, InputContract.get().file("units").sparkSchema());
  }

  /** A candidate clue as a rule emits it; the id follows from rule, entity and project. */
  static Row clue(
      String rule, String category, String entityType, String entityId, String projectId, String householdId,
      String unit, String amount, LocalDate evidenceDate, String evidence) {
    return RowFactory.create(
        ClueIds.of(rule, entityType, entityId, projectId), rule, category, entityType, entityId, projectId,
        householdId, unit, new BigDecimal(amount), evidenceDate, evidence);
  }

  /** 东垣村 household H001 paid 1200 yuan under P01 with nothing delivered; the township paid it. */
  static Row undeliveredHousehold() {
    return clue("UNDELIVERED_HOUSEHOLD", "undelivered", "household", "H001", "P01", "H001", TOWNSHIP,
        "1200.00", LocalDate.of(2018, 6, 1), "2018-06-01 川口镇支付H001户1200.00元，未见到户记录");
  }

  /** H001 paid into an account other than its card: a household clue without a project. */
  static Row accountMismatch() {
    return clue("ACCOUNT_MISMATCH", "account_irregularity", "household", "H001", null, "H001", TOWNSHIP,
        "800.00", LocalDate.of(2018, 7, 1), "2018-07-01 支付H001户800.00元至非一卡通账户");
  }

  static Dataset<Row> clues(Row... rows) {
    return spark().createDataFrame(List.of(rows), Detection.CLUE_SCHEMA);
  }

  static Row finding(
      String id, String unit, String category, String projectId, String householdId, LocalDate foundOn,
      String status, LocalDate rectifiedOn) {
    return RowFactory.create(
        id, "2018-R3", unit, category, "巡察发现问题", projectId, householdId, null, foundOn, status, rectifiedOn,
        Boolean.FALSE);
  }

  static Dataset<Row> findings(Row... rows) {
    return spark().createDataFrame(List.of(rows), InputContract.get().file("findings").sparkSchema());
  }

  static Row evidence(String clueId, String rule, String refId, String amount, String detail) {
    return RowFactory.create(clueId, rule, "payment", refId, LocalDate.of(2018, 6, 1), new BigDecimal(amount), detail);
  }

  static Dataset<Row> evidenceRows(Row... rows) {
    return spark().createDataFrame(List.of(rows), Detection.EVIDENCE_SCHEMA);
  }
}
