package org.fundcheck.clues;

import static org.apache.spark.sql.functions.col;
import static org.fundcheck.clues.ClueFixtures.COUNTY;
import static org.fundcheck.clues.ClueFixtures.OTHER_COUNTY;
import static org.fundcheck.clues.ClueFixtures.TOWNSHIP;
import static org.fundcheck.clues.ClueFixtures.accountMismatch;
import static org.fundcheck.clues.ClueFixtures.clue;
import static org.fundcheck.clues.ClueFixtures.clues;
import static org.fundcheck.clues.ClueFixtures.evidence;
import static org.fundcheck.clues.ClueFixtures.evidenceRows;
import static org.fundcheck.clues.ClueFixtures.finding;
import static org.fundcheck.clues.ClueFixtures.findings;
import static org.fundcheck.clues.ClueFixtures.undeliveredHousehold;
import static org.fundcheck.clues.ClueFixtures.units;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.FundcheckException;
import org.fundcheck.warehouse.Warehouse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three runs over one warehouse: March finds three clues, April loses the deceased payee (money recovered)
 * and sees more undelivered money, May finds the deceased payee again and loses the other two.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClueLedgerTest {

  private static final LocalDate MARCH = LocalDate.of(2019, 3, 20);
  private static final LocalDate APRIL = LocalDate.of(2019, 4, 20);
  private static final LocalDate MAY = LocalDate.of(2019, 5, 20);
  private static final Map<String, BigDecimal> WEIGHTS = Map.of("DECEASED_PAYEE", new BigDecimal("2"));

  private final Row undelivered = undeliveredHousehold();
  private final Row undeliveredMore = clue("UNDELIVERED_HOUSEHOLD", "undelivered", "household", "H001", "P01",
      "H001", TOWNSHIP, "1500.00", LocalDate.of(2018, 6, 1), "2018-06-01 起支付H001户1500.00元，未见到户记录");
  private final Row mismatch = accountMismatch();
  private final Row deceased = clue("DECEASED_PAYEE", "ineligible_beneficiary", "person", "63222219500101001X",
      null, null, COUNTY, "3000.00", LocalDate.of(2018, 9, 1), "身份证63222219500101001X于2018-08-01死亡，此后领取3000.00元");

  private Warehouse warehouse;
  private ClueLedger ledger;
  private ClueLedger.MergeResult march;
  private ClueLedger.MergeResult marchAgain;
  private List<String> afterMarch;
  private List<String> afterMarchAgain;
  private long historyAfterMarchAgain;
  private ClueLedger.MergeResult april;
  private List<String> evidenceAfterApril;
  private ClueLedger.MergeResult may;
  private long historyAfterMay;
  private long historyAfterMayAgain;

  private Dataset<Row> match(LocalDate asOf, Row... clueRows) {
    Dataset<Row> f = findings(
        finding("F1", COUNTY, "account_irregularity", null, "H001", LocalDate.of(2018, 12, 1), "open", null));
    return new FindingMatcher(f, units(), asOf).match(clues(clueRows));
  }

  @BeforeAll
  void threeRuns() throws Exception {
    Path dir = Files.createTempDirectory("clue-ledger");
    warehouse = new Warehouse(ClueFixtures.spark(), dir.toString());
    units().write().format("delta").save(warehouse.path(Warehouse.silver("units")));
    ledger = new ClueLedger(warehouse);

    Dataset<Row> marchEvidence = evidenceRows(
        evidence(undelivered.getString(0), "UNDELIVERED_HOUSEHOLD", "D-1", "700.00", "支付700.00元"),
        evidence(undelivered.getString(0), "UNDELIVERED_HOUSEHOLD", "D-2", "500.00", "支付500.00元"),
        evidence(deceased.getString(0), "DECEASED_PAYEE", "D-9", "3000.00", "死亡后支付3000.00元"),
        evidence("NOT-A-CLUE", "DECEASED_PAYEE", "D-0", "1.00", "不属于任何线索"));
    march = ledger.merge("R-0320", MARCH, match(MARCH, undelivered, mismatch, deceased), marchEvidence, WEIGHTS);
    afterMarch = snapshot();
    marchAgain =
        ledger.merge("R-0320", MARCH, match(MARCH, undelivered, mismatch, deceased), marchEvidence, WEIGHTS);
    afterMarchAgain = snapshot();
    historyAfterMarchAgain = warehouse.read(Warehouse.CLUE_HISTORY).count();

    april = ledger.merge("R-0420", APRIL, match(APRIL, undeliveredMore, mismatch), evidenceRows(
        evidence(undelivered.getString(0), "UNDELIVERED_HOUSEHOLD", "D-3", "1500.00", "支付1500.00元")), WEIGHTS);
    evidenceAfterApril = warehouse.read(Warehouse.CLUE_EVIDENCE)
        .orderBy("clue_id", "ref_id").collectAsList().stream()
        .map(r -> r.getAs("rule_code") + " " + r.getAs("ref_id") + " " + r.getAs("amount") + " " + r.getAs("run_id"))
        .toList();

    may = ledger.merge("R-0520", MAY, match(MAY, deceased), evidenceRows(), WEIGHTS);
    historyAfterMay = warehouse.read(Warehouse.CLUE_HISTORY).count();
    ledger.merge("R-0520", MAY, match(MAY, deceased), evidenceRows(), WEIGHTS);
    historyAfterMayAgain = warehouse.read(Warehouse.CLUE_HISTORY).count();
  }

  /** Every clue-table row as text, by clue_id. */
  private List<String> snapshot() {
    return warehouse.read(Warehouse.CLUES).orderBy("clue_id").collectAsList().stream().map(Row::toString).toList();
  }

  /** rule status amount first_seen last_seen finding of one clue in the current list. */
  private String current(Row clue) {
    Row r = warehouse.read(Warehouse.CLUES).filter(col("clue_id").equalTo(clue.getString(0))).first();
    return r.getAs("rule_code") + " " + r.getAs("status") + " " + r.getAs("amount_at_stake") + " "
        + r.getAs("first_seen_on") + " " + r.getAs("last_seen_on") + " " + r.getAs("finding_id") + " "
        + r.getAs("last_run_id");
  }

  @Test
  void firstRunRecordsEveryClueWithItsStatus() {
    assertEquals(3, afterMarch.size());
    assertEquals(new ClueLedger.MergeResult("R-0320", MARCH, 3, 0,
        Map.of("ACCOUNT_MISMATCH", 1L, "DECEASED_PAYEE", 1L, "UNDELIVERED_HOUSEHOLD", 1L),
        Map.of("known", 1L, "new", 2L)), march);
  }

  @Test
  void rerunningARunChangesNothingAndDuplicatesNoHistory() {
    assertEquals(afterMarch, afterMarchAgain);
    assertEquals(march, marchAgain);
    assertEquals(3, historyAfterMarchAgain);
    assertEquals(historyAfterMay, historyAfterMayAgain);
  }

  @Test
  void clueTheRunNoLongerDetectsBecomesResolvedAndKeepsItsDates() {
    assertEquals(new ClueLedger.MergeResult("R-0420", APRIL, 2, 1,
        Map.of("ACCOUNT_MISMATCH", 1L, "UNDELIVERED_HOUSEHOLD", 1L),
        Map.of("known", 1L, "new", 1L, "resolved", 1L)), april);
    Row inApril = new ClueList(warehouse).forRun("R-0420", ClueFilter.all())
        .filter(col("rule_code").equalTo("DECEASED_PAYEE")).first();
    assertEquals("resolved 2019-03-20 2019-03-20 3000.00 6000.00", inApril.getAs("status") + " "
        + inApril.getAs("first_seen_on") + " " + inApril.getAs("last_seen_on") + " "
        + inApril.getAs("amount_at_stake") + " " + inApril.getAs("score"));
  }

  @Test
  void redetectionRevivesAResolvedClue() {
    assertEquals("DECEASED_PAYEE new 3000.00 2019-03-20 2019-05-20 null R-0520", current(deceased));
    assertEquals("UNDELIVERED_HOUSEHOLD resolved 1500.00 2019-03-20 2019-04-20 null R-0420", current(undelivered));
    assertEquals("ACCOUNT_MISMATCH resolved 800.00 2019-03-20 2019-04-20 F1 R-0420", current(mismatch));
    assertEquals(new ClueLedger.MergeResult("R-0520", MAY, 1, 2,
        Map.of("DECEASED_PAYEE", 1L), Map.of("new", 1L, "resolved", 2L)), may);
    assertEquals(9, historyAfterMay);
  }

  @Test
  void evidenceIsReplacedForRedetectedCluesOnly() {
    assertEquals(Set.of(
        "UNDELIVERED_HOUSEHOLD D-3 1500.00 R-0420",
        "DECEASED_PAYEE D-9 3000.00 R-0320"),
        Set.copyOf(evidenceAfterApril));
    assertEquals(2, evidenceAfterApril.size());
  }

  @Test
  void currentListHasTheContractColumnsUnitNamesAndScoreOrder() {
    Dataset<Row> list = new ClueList(warehouse).current(ClueFilter.all());
    assertEquals(ClueList.COLUMNS, List.of(list.columns()));
    assertEquals(ClueList.SCHEMA, list.schema());
    List<String> rows = list.collectAsList().stream()
        .map(r -> r.getAs("rule_code") + " " + r.getAs("status") + " " + r.getAs("unit_name") + " "
            + r.getAs("score"))
        .toList();
    assertEquals(List.of(
        "DECEASED_PAYEE new 民和县 2000000006000.00",
        "UNDELIVERED_HOUSEHOLD resolved 川口镇 1500.00",
        "ACCOUNT_MISMATCH resolved 川口镇 800.00"), rows);
  }

  @Test
  void listFiltersByUnitSubtreeAndStatus() {
    ClueList lists = new ClueList(warehouse);
    assertEquals(List.of("DECEASED_PAYEE", "UNDELIVERED_HOUSEHOLD", "ACCOUNT_MISMATCH"),
        rules(lists.current(ClueFilter.all().withUnit(COUNTY))));
    assertEquals(List.of("UNDELIVERED_HOUSEHOLD", "ACCOUNT_MISMATCH"),
        rules(lists.current(ClueFilter.all().withUnit(TOWNSHIP))));
    assertEquals(List.of(), rules(lists.current(ClueFilter.all().withUnit(OTHER_COUNTY))));
    assertEquals(List.of("DECEASED_PAYEE"),
        rules(lists.current(ClueFilter.all().withStatuses(List.of("new", "known")))));
    assertEquals(List.of("UNDELIVERED_HOUSEHOLD", "ACCOUNT_MISMATCH"),
        rules(lists.forRun("R-0420", ClueFilter.all().withUnit(TOWNSHIP).withStatuses(List.of("new", "known")))));
    assertEquals(List.of("known", "new"), lists.forRun("R-0420", ClueFilter.all().withUnit(TOWNSHIP))
        .collectAsList().stream().map(r -> r.<String>getAs("status")).sorted().toList());
  }

  @Test
  void unknownStatusAndMissingLedgerAreUserErrors() throws Exception {
    FundcheckException bad =
        assertThrows(FundcheckException.class, () -> ClueFilter.all().withStatuses(List.of("open")));
    assertEquals("unknown clue status 'open': a clue is rectification_failed, new, known, resolved; "
        + "give e.g. --status new,rectification_failed", bad.getMessage());
    Path empty = Files.createTempDirectory("no-ledger");
    FundcheckException none = assertThrows(FundcheckException.class,
        () -> new ClueList(new Warehouse(ClueFixtures.spark(), empty.toString())).current(ClueFilter.all()));
    assertEquals("no clue ledger in warehouse " + empty + ": no run has recorded clues there yet; run "
        + "./fundcheck run --input DIR --warehouse " + empty + " first, or check the --warehouse path",
        none.getMessage());
  }

  private static List<String> rules(Dataset<Row> list) {
    return list.collectAsList().stream().map(r -> r.<String>getAs("rule_code")).toList();
  }
}
