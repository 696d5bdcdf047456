package org.fundcheck.clues;

import static org.fundcheck.clues.ClueFixtures.AS_OF;
import static org.fundcheck.clues.ClueFixtures.CITY;
import static org.fundcheck.clues.ClueFixtures.COUNTY;
import static org.fundcheck.clues.ClueFixtures.OTHER_COUNTY;
import static org.fundcheck.clues.ClueFixtures.POVERTY_OFFICE;
import static org.fundcheck.clues.ClueFixtures.TOWNSHIP;
import static org.fundcheck.clues.ClueFixtures.VILLAGE;
import static org.fundcheck.clues.ClueFixtures.accountMismatch;
import static org.fundcheck.clues.ClueFixtures.clue;
import static org.fundcheck.clues.ClueFixtures.clues;
import static org.fundcheck.clues.ClueFixtures.finding;
import static org.fundcheck.clues.ClueFixtures.findings;
import static org.fundcheck.clues.ClueFixtures.undeliveredHousehold;
import static org.fundcheck.clues.ClueFixtures.units;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.fundcheck.schema.InputContract;
import org.junit.jupiter.api.Test;

class FindingMatcherTest {

  private static final LocalDate BEFORE_EVIDENCE = LocalDate.of(2018, 5, 31);
  private static final LocalDate EVIDENCE_DAY = LocalDate.of(2018, 6, 1);
  private static final LocalDate AUTUMN = LocalDate.of(2018, 10, 1);
  private static final LocalDate WINTER = LocalDate.of(2018, 12, 1);

  /** "status finding_id" of the one clue matched against the findings. */
  private static String outcome(Row clue, Row... findingRows) {
    List<Row> rows =
        new FindingMatcher(findings(findingRows), units(), AS_OF).match(clues(clue)).collectAsList();
    assertEquals(1, rows.size());
    Row r = rows.get(0);
    return r.getAs("status") + " " + r.getAs("finding_id");
  }

  @Test
  void findingAtAnAncestorUnitMatches() {
    assertEquals("known F1", outcome(undeliveredHousehold(),
        finding("F1", COUNTY, "undelivered", null, null, WINTER, "open", null)));
    assertEquals("known F1", outcome(undeliveredHousehold(),
        finding("F1", CITY, "undelivered", null, null, WINTER, "long_term", null)));
    assertEquals("known F1", outcome(undeliveredHousehold(),
        finding("F1", TOWNSHIP, "undelivered", null, null, WINTER, "in_progress", null)));
  }

  @Test
  void findingBelowOrBesideTheClueUnitDoesNotMatch() {
    assertEquals("new null", outcome(undeliveredHousehold(),
        finding("F1", VILLAGE, "undelivered", null, null, WINTER, "open", null)));
    assertEquals("new null", outcome(undeliveredHousehold(),
        finding("F1", OTHER_COUNTY, "undelivered", null, null, WINTER, "open", null)));
    assertEquals("new null", outcome(undeliveredHousehold(),
        finding("F1", POVERTY_OFFICE, "undelivered", null, null, WINTER, "open", null)));
  }

  @Test
  void findingOfAnotherCategoryDoesNotMatch() {
    assertEquals("new null", outcome(undeliveredHousehold(),
        finding("F1", COUNTY, "over_disbursed", null, null, WINTER, "open", null)));
  }

  @Test
  void findingNamingAProjectMatchesOnlyThatProject() {
    assertEquals("new null", outcome(accountMismatch(),
        finding("F1", COUNTY, "account_irregularity", "P01", null, WINTER, "open", null)));
    assertEquals("known F1", outcome(undeliveredHousehold(),
        finding("F1", COUNTY, "undelivered", "P01", null, WINTER, "open", null)));
    assertEquals("new null", outcome(undeliveredHousehold(),
        finding("F1", COUNTY, "undelivered", "P02", null, WINTER, "open", null)));
  }

  @Test
  void findingNamingAHouseholdMatchesOnlyThatHousehold() {
    assertEquals("known F1", outcome(accountMismatch(),
        finding("F1", COUNTY, "account_irregularity", null, "H001", WINTER, "open", null)));
    assertEquals("new null", outcome(accountMismatch(),
        finding("F1", COUNTY, "account_irregularity", null, "H002", WINTER, "open", null)));
  }

  @Test
  void broadFindingCoversOnlyCluesWhoseEvidenceItPrecedesNot() {
    assertEquals("new null", outcome(undeliveredHousehold(),
        finding("F1", COUNTY, "undelivered", null, null, BEFORE_EVIDENCE, "open", null)));
    assertEquals("known F1", outcome(undeliveredHousehold(),
        finding("F1", COUNTY, "undelivered", null, null, EVIDENCE_DAY, "open", null)));
    // Naming the household, an older finding still covers the clue.
    assertEquals("known F1", outcome(undeliveredHousehold(),
        finding("F1", COUNTY, "undelivered", null, "H001", BEFORE_EVIDENCE, "open", null)));
  }

  @Test
  void findingFoundAfterTheRunDateTakesNoPart() {
    assertEquals("new null", outcome(undeliveredHousehold(),
        finding("F1", COUNTY, "undelivered", null, null, AS_OF.plusDays(1), "open", null)));
    assertEquals("known F1", outcome(undeliveredHousehold(),
        finding("F1", COUNTY, "undelivered", null, null, AS_OF, "open", null)));
  }

  @Test
  void rectifiedFindingGivesRectificationFailedUntilItsDateComes() {
    assertEquals("rectification_failed F1", outcome(undeliveredHousehold(),
        finding("F1", COUNTY, "undelivered", null, null, WINTER, "rectified", LocalDate.of(2019, 1, 10))));
    assertEquals("rectification_failed F1", outcome(undeliveredHousehold(),
        finding("F1", COUNTY, "undelivered", null, null, WINTER, "rectified", AS_OF)));
    assertEquals("known F1", outcome(undeliveredHousehold(),
        finding("F1", COUNTY, "undelivered", null, null, WINTER, "rectified", AS_OF.plusDays(1))));
  }

  @Test
  void severalMatchingFindingsNameTheLatestAndSmallestId() {
    // The open finding makes the clue known; the named one is the latest, a rectified one.
    assertEquals("known F-A", outcome(undeliveredHousehold(),
        finding("F-B", COUNTY, "undelivered", null, null, AUTUMN, "open", null),
        finding("F-C", TOWNSHIP, "undelivered", "P01", null, WINTER, "rectified", LocalDate.of(2019, 1, 5)),
        finding("F-A", CITY, "undelivered", null, "H001", WINTER, "rectified", LocalDate.of(2019, 1, 5))));
    assertEquals("rectification_failed F-C", outcome(undeliveredHousehold(),
        finding("F-B", COUNTY, "undelivered", null, null, AUTUMN, "rectified", WINTER),
        finding("F-C", TOWNSHIP, "undelivered", "P01", null, WINTER, "rectified", LocalDate.of(2019, 1, 5)),
        finding("F-D", VILLAGE, "undelivered", null, null, AS_OF, "open", null)));
  }

  @Test
  void unitMissingFromTheRegistryHasOnlyItselfAsChain() {
    Row stray = clue("SPLIT_PAYMENT", "duplicate_payment", "payee", "C-91", null, null, "630299",
        "60000.00", EVIDENCE_DAY, "拆分支付");
    assertEquals("known F1", outcome(stray,
        finding("F1", "630299", "duplicate_payment", null, null, WINTER, "open", null)));
    assertEquals("new null", outcome(stray,
        finding("F1", CITY, "duplicate_payment", null, null, WINTER, "open", null)));
  }

  @Test
  void matchingKeepsEveryClueAndItsColumns() {
    Row clue = undeliveredHousehold();
    Dataset<Row> matched = new FindingMatcher(
        findings(finding("F1", VILLAGE, "undelivered", null, null, WINTER, "open", null)), units(), AS_OF)
        .match(clues(clue, accountMismatch()));
    assertEquals(List.of(FindingMatcher.MATCHED_SCHEMA.fieldNames()), List.of(matched.columns()));
    Row r = matched.filter(matched.col("rule_code").equalTo("UNDELIVERED_HOUSEHOLD")).first();
    assertEquals(clue.getString(0), r.getAs("clue_id"));
    assertEquals(new BigDecimal("1200.00"), r.getAs("amount_at_stake"));
    assertEquals(EVIDENCE_DAY, r.getAs("evidence_date"));
    assertEquals(2L, matched.count());
  }

  @Test
  void ancestorChainWalksEveryLevelAndStopsOnACycle() {
    Set<String> pairs = new TreeSet<>();
    for (Row r : UnitTree.ancestors(units()).collectAsList()) {
      pairs.add(r.getString(0) + ">" + r.getString(1));
    }
    assertEquals(new TreeSet<>(List.of(
        COUNTY + ">" + CITY, OTHER_COUNTY + ">" + CITY, TOWNSHIP + ">" + COUNTY, TOWNSHIP + ">" + CITY,
        VILLAGE + ">" + TOWNSHIP, VILLAGE + ">" + COUNTY, VILLAGE + ">" + CITY,
        POVERTY_OFFICE + ">" + COUNTY, POVERTY_OFFICE + ">" + CITY)), pairs);

    Dataset<Row> looped = ClueFixtures.spark().createDataFrame(List.of(
        RowFactory.create("A", "甲", "county", "B"),
        RowFactory.create("B", "乙", "county", "A"),
        RowFactory.create("D", "丁", "township", "A")), InputContract.get().file("units").sparkSchema());
    Set<String> cyclic = new TreeSet<>();
    for (Row r : UnitTree.ancestors(looped).collectAsList()) {
      cyclic.add(r.getString(0) + ">" + r.getString(1));
    }
    assertEquals(Set.of("A>B", "B>A", "D>A", "D>B"), cyclic);
  }
}
