package org.fundcheck.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.fundcheck.TestSpark;
import org.fundcheck.api.Fundcheck;
import org.fundcheck.clues.ClueFilter;
import org.fundcheck.clues.ClueList;
import org.fundcheck.clues.ClueScore;
import org.fundcheck.clues.ClueStatus;
import org.fundcheck.load.DropLoader;
import org.fundcheck.rules.ClueIds;
import org.fundcheck.rules.Rules;
import org.fundcheck.schema.FileSpec;
import org.fundcheck.schema.InputContract;
import org.fundcheck.warehouse.Warehouse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nights give what one run over both nights' rows gives ({@link TwoNights}). The bundled sample is cut
 * at 2018-03-31: the first night (as_of 2018-03-31) delivers the master data and everything dated up to
 * then, the second (as_of 2019-03-20) everything later plus corrected rows; another warehouse gets the
 * union (each row as last delivered) in one run at 2019-03-20.
 *
 * <p>What legitimately differs: a clue the first night already reported has first_seen_on 2018-03-31 in
 * the two-night ledger (2019-03-20 in the one-run ledger), and the two-night list also holds, as
 * {@code resolved}, every clue the first night reported that the second no longer detects, with that
 * night's facts. Everything else (status, unit, amounts, score, finding, evidence sentence, last_seen_on,
 * the evidence rows, the loaded rows and the three ledgers) is the same.
 */
class TwoDropEquivalenceTest {

  static final LocalDate FIRST = TwoNights.FIRST;
  static final LocalDate SECOND = TwoNights.SECOND;

  /** The mistyped card: every payment to the household went to another account on the first night. */
  static final String MISTYPED_CARD = ClueIds.of("ACCOUNT_MISMATCH", "household", "630202101201-001", null);
  /** One document booked twice, until the make-up payment got its own voucher. */
  static final String SAME_VOUCHER = ClueIds.of("DUPLICATE_PAYMENT", "payment", "FK0000002730", "XM630225-000037");
  /** 500.00 more paid than the bank credited, once the amount is corrected. */
  static final String SHORT_BOOKED =
      ClueIds.of("UNDELIVERED_HOUSEHOLD", "household", "630202101201-001", "XM630202-000001");
  /** Covered by a finding in progress on the first night, rectified (on paper) by the second. */
  static final String VEHICLE = ClueIds.of("VEHICLE_OWNER", "household", "630202101201-048", null);

  static Warehouse twoNights;
  static Warehouse oneRun;
  static RunSummary first;
  static RunSummary second;
  static RunSummary union;

  @BeforeAll
  static void runBothWays() {
    TwoNights nights = TwoNights.get();
    twoNights = nights.twoNights;
    oneRun = nights.oneRun;
    first = nights.first;
    second = nights.second;
    union = nights.unionRun;
  }

  @Test
  void theSecondNightsListIsTheOneRunsListWithFirstSeenOnFromTheFirstNight() {
    Map<String, Map<String, Object>> firstList = byClueId(new ClueList(twoNights).forRun(first.runId(), ClueFilter.all()));
    Map<String, Map<String, Object>> twoNightList = byClueId(new ClueList(twoNights).current(ClueFilter.all()));
    Map<String, Map<String, Object>> oneRunList = byClueId(new ClueList(oneRun).current(ClueFilter.all()));

    Map<String, Map<String, Object>> detected = new TreeMap<>(twoNightList);
    detected.values().removeIf(c -> c.get("status").equals(ClueStatus.RESOLVED));
    assertEquals(oneRunList.keySet(), detected.keySet());
    for (Map.Entry<String, Map<String, Object>> e : oneRunList.entrySet()) {
      String id = e.getKey();
      Map<String, Object> expected = new LinkedHashMap<>(e.getValue());
      assertEquals(SECOND, expected.get("first_seen_on"), id);
      assertEquals(SECOND, expected.get("last_seen_on"), id);
      expected.put("first_seen_on", firstList.containsKey(id) ? FIRST : SECOND);
      assertEquals(expected, detected.get(id), id);
    }

    assertEquals(second.cluesByRule(), union.cluesByRule());
    Map<String, Long> byStatus = new TreeMap<>(second.cluesByStatus());
    assertEquals(twoNightList.size() - detected.size(), (long) byStatus.remove(ClueStatus.RESOLVED));
    assertEquals(new TreeMap<>(union.cluesByStatus()), byStatus);
    assertEquals(new TreeMap<>(Map.of("known", 9L, "new", 16L, "rectification_failed", 6L)), byStatus);

    // The corrected amount shows on the second night only, in both ledgers alike.
    assertFalse(firstList.containsKey(SHORT_BOOKED));
    assertEquals(new BigDecimal("500.00"), detected.get(SHORT_BOOKED).get("amount_at_stake"));
    assertEquals(SECOND, detected.get(SHORT_BOOKED).get("first_seen_on"));
    // A finding's state is as of each run: in progress on the first night, rectified by the second.
    assertEquals(ClueStatus.KNOWN, firstList.get(VEHICLE).get("status"));
    assertEquals(ClueStatus.RECTIFICATION_FAILED, oneRunList.get(VEHICLE).get("status"));
    assertEquals(FIRST, detected.get(VEHICLE).get("first_seen_on"));
  }

  @Test
  void theResolvedCluesAreThoseOfTheFirstNightTheSecondNoLongerDetects() {
    Map<String, Map<String, Object>> firstList = byClueId(new ClueList(twoNights).forRun(first.runId(), ClueFilter.all()));
    Map<String, Map<String, Object>> twoNightList = byClueId(new ClueList(twoNights).current(ClueFilter.all()));
    Map<String, Map<String, Object>> oneRunList = byClueId(new ClueList(oneRun).current(ClueFilter.all()));

    Set<String> expectedIds = new TreeSet<>(firstList.keySet());
    expectedIds.removeAll(oneRunList.keySet());
    Map<String, Map<String, Object>> resolved = new TreeMap<>(twoNightList);
    resolved.values().removeIf(c -> !c.get("status").equals(ClueStatus.RESOLVED));
    assertEquals(expectedIds, resolved.keySet());
    assertEquals(Set.of(MISTYPED_CARD, SAME_VOUCHER), intersection(resolved.keySet(), Set.of(MISTYPED_CARD, SAME_VOUCHER)));

    for (Map.Entry<String, Map<String, Object>> e : resolved.entrySet()) {
      Map<String, Object> asFirstNight = new LinkedHashMap<>(firstList.get(e.getKey()));
      asFirstNight.put("status", ClueStatus.RESOLVED);
      asFirstNight.put("score", ClueScore.of((BigDecimal) asFirstNight.get("amount_at_stake"),
          Rules.weights().get((String) asFirstNight.get("rule_code")), ClueStatus.RESOLVED));
      assertEquals(asFirstNight, e.getValue(), e.getKey());
      assertEquals(FIRST, e.getValue().get("last_seen_on"));
    }
    // The second night's history row of each clue is the list the ledger now shows.
    assertEquals(twoNightList, byClueId(new ClueList(twoNights).forRun(second.runId(), ClueFilter.all())));
  }

  @Test
  void bothWarehousesHoldTheSameRowsLedgersAndEvidence() {
    for (FileSpec spec : InputContract.get().files()) {
      String table = Warehouse.silver(spec.name());
      String[] columns = spec.columnNames().toArray(String[]::new);
      assertEquals(rows(oneRun.read(table).selectExpr(quoted(columns))), rows(twoNights.read(table).selectExpr(quoted(columns))), table);
    }
    for (String table : List.of(Warehouse.PROJECT_LEDGER, Warehouse.HOUSEHOLD_LEDGER)) {
      assertEquals(rows(withoutBookkeeping(oneRun.read(table))), rows(withoutBookkeeping(twoNights.read(table))), table);
    }
    // The net payments the ledgers were summed from, as the notebook API derives them.
    assertEquals(rows(withoutBookkeeping(Fundcheck.open(TestSpark.session(), oneRun.root()).payments())),
        rows(withoutBookkeeping(Fundcheck.open(TestSpark.session(), twoNights.root()).payments())), "payments");
    // Every faulty row is rejected once, whichever night delivered it.
    assertEquals(rows(oneRun.read(Warehouse.QUARANTINE).select("file", "raw_line")),
        rows(twoNights.read(Warehouse.QUARANTINE).select("file", "raw_line")));

    // The evidence of a detected clue is the second night's; a resolved clue keeps the first night's.
    Dataset<Row> twoNightEvidence = twoNights.read(Warehouse.CLUE_EVIDENCE);
    assertEquals(rows(oneRun.read(Warehouse.CLUE_EVIDENCE).drop("run_id")),
        rows(twoNightEvidence.filter(functions.col("run_id").equalTo(second.runId())).drop("run_id")));
    Dataset<Row> resolvedIds = twoNights.read(Warehouse.CLUES).filter(functions.col("status").equalTo(ClueStatus.RESOLVED))
        .select("clue_id");
    assertEquals(rows(twoNightEvidence.join(resolvedIds, "clue_id").drop("run_id")),
        rows(twoNightEvidence.filter(functions.col("run_id").equalTo(first.runId())).drop("run_id")));
    assertEquals(twoNightEvidence.count(),
        twoNightEvidence.filter(functions.col("run_id").isin(first.runId(), second.runId())).count());
    assertNull(second.alreadyLoadedBy());
  }

  @Test
  void theSecondNightRecomputesThePayeeRulesForWhatChangedSinceTheFirst() {
    assertEquals("no earlier succeeded run", first.scope().get("reason"));
    assertEquals("no earlier succeeded run", union.scope().get("reason"));
    assertEquals(first.runId(), second.scope().get("since_run"));
    assertEquals(FIRST.toString(), second.scope().get("since_as_of"));
    assertEquals(RuleScope.catalog(), second.scope().get("rule_catalog"));
  }

  private static String[] quoted(String[] columns) {
    return Arrays.stream(columns).map(c -> "`" + c + "`").toArray(String[]::new);
  }

  private static Dataset<Row> withoutBookkeeping(Dataset<Row> rows) {
    return rows.drop(DropLoader.RUN_ID, DropLoader.SOURCE_FILE, DropLoader.SOURCE_LINE);
  }

  private static Set<String> intersection(Set<String> a, Set<String> b) {
    Set<String> s = new TreeSet<>(a);
    s.retainAll(b);
    return s;
  }

  /** A table's rows as a sorted multiset of their text. */
  static List<String> rows(Dataset<Row> rows) {
    List<String> out = new ArrayList<>();
    for (Row r : rows.collectAsList()) {
      out.add(r.toString());
    }
    Collections.sort(out);
    return out;
  }

  private static Map<String, Map<String, Object>> byClueId(Dataset<Row> list) {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    for (Row r : list.collectAsList()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (String c : ClueList.COLUMNS) {
        m.put(c, r.getAs(c));
      }
      out.put(r.getAs("clue_id"), m);
    }
    return out;
  }
}
