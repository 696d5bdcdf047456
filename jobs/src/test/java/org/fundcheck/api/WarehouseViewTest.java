package org.fundcheck.api;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.FundcheckException;
import org.fundcheck.SampleWarehouse;
import org.fundcheck.TestSpark;
import org.fundcheck.rules.Settings;
import org.fundcheck.run.RunSummary;
import org.fundcheck.sample.SampleManifest;
import org.fundcheck.warehouse.Warehouse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notebook API on one warehouse built from the bundled sample drop by the nightly job. */
class WarehouseViewTest {

  @TempDir static Path dir;

  private static SampleManifest manifest;
  private static RunSummary run;
  private static WarehouseView view;

  @BeforeAll
  static void buildWarehouse() throws Exception {
    SampleWarehouse sample = SampleWarehouse.get();
    manifest = sample.manifest();
    run = sample.run();
    view = Fundcheck.open(TestSpark.session(), sample.root());
  }

  @Test
  void aFolderNoRunWroteIsNotAWarehouse() throws Exception {
    String empty = Files.createDirectories(dir.resolve("empty")).toString();
    FundcheckException e = assertThrows(FundcheckException.class, () -> Fundcheck.open(TestSpark.session(), empty));
    assertEquals("no fundcheck warehouse at " + empty + ": run ./fundcheck run --input DIR --warehouse " + empty
        + " first, or fix the --warehouse path", e.getMessage());
  }

  @Test
  void theProjectLedgerShowsThePlantedOverDisbursement() {
    Row p = view.projectLedger().filter(col("project_id").equalTo(lit("XM630202-000004")))
        .select("allocated", "disbursed", "undisbursed").first();
    assertEquals(new BigDecimal("48774.70"), p.<BigDecimal>getAs("disbursed").subtract(p.getAs("allocated")));
    assertEquals(new BigDecimal("-48774.70"), p.getAs("undisbursed"));
  }

  @Test
  void thePaymentsAreNetOfTheirReversalsAsOfTheLastRunAndAddUpToTheHouseholdLedger() {
    // 孔兰秀's payment FK0000001367 was sent back in full (FK0000001383) and paid again (FK0000001384).
    Dataset<Row> payments = view.payments()
        .filter(col("payee_id").equalTo(lit("630222101201-028")).and(col("project_id").equalTo(lit("XM630222-000016"))));
    List<String> rows = payments.orderBy("payment_id").collectAsList().stream()
        .map(r -> r.getAs("payment_id") + " " + r.getAs("amount") + " " + r.getAs("net_amount") + " " + r.getAs("as_of"))
        .toList();
    assertEquals(List.of(
        "FK0000001365 750.00 750.00 2019-03-20",
        "FK0000001366 750.00 750.00 2019-03-20",
        "FK0000001367 1100.00 0.00 2019-03-20",
        "FK0000001368 1100.00 1100.00 2019-03-20",
        "FK0000001369 650.00 650.00 2019-03-20",
        "FK0000001370 650.00 650.00 2019-03-20",
        "FK0000001384 1100.00 1100.00 2019-03-20"), rows);
    Row ledger = view.householdLedger()
        .filter(col("household_id").equalTo(lit("630222101201-028")).and(col("project_id").equalTo(lit("XM630222-000016"))))
        .first();
    assertEquals(new BigDecimal("5000.00"), ledger.getAs("paid"));
  }

  @Test
  void theHouseholdLedgerHasTheReconciliationColumns() {
    assertEquals(List.of("household_id", "project_id", "village_code", "registered", "paid", "paid_in_grace",
        "delivered", "gap", "overdue_gap", "as_of"), List.of(view.householdLedger().columns()));
  }

  @Test
  void theClueListHoldsExactlyThePlantedClues() {
    assertEquals(planted(p -> true), keys(view.clues()));
  }

  @Test
  void aCountysCluesAreThoseOfItsOwnUnitsAndEveryUnitBelow() {
    Map<String, String> parents = parents();
    assertEquals(planted(p -> chain(p.unitCode(), parents).contains("630202")), keys(view.cluesUnder("630202")));
    assertEquals(planted(p -> chain(p.unitCode(), parents).contains("630203")), keys(view.cluesUnder("630203")));
  }

  @Test
  void underKeepsTheRowsOfAUnitsSubtree() {
    Map<String, String> parents = parents();
    String township = "630202101";
    TreeSet<String> expected = view.projectLedger().select("project_id", "unit_code").collectAsList().stream()
        .filter(r -> !r.isNullAt(1) && chain(r.getString(1), parents).contains(township))
        .map(r -> r.getString(0)).collect(Collectors.toCollection(TreeSet::new));
    TreeSet<String> actual = view.under(view.projectLedger(), "unit_code", township).select("project_id")
        .collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(expected, actual);
    assertEquals(true, !actual.isEmpty());
    FundcheckException e = assertThrows(FundcheckException.class, () -> view.under(view.findings(), "village", "630202"));
    assertEquals(true, e.getMessage().startsWith("no column 'village' in the rows given: they have finding_id, round, unit_code,"));
  }

  @Test
  void aDeceasedPayeesEvidenceHoldsThePaymentsAndTheDeath() {
    Row clue = view.clues().filter(col("rule_code").equalTo(lit("DECEASED_PAYEE"))).orderBy("clue_id").first();
    String id = clue.getAs("clue_id");
    Dataset<Row> evidence = view.evidence(id);
    List<Row> rows = evidence.collectAsList();
    assertEquals(List.of(id), rows.stream().map(r -> r.<String>getAs("clue_id")).distinct().toList());
    assertEquals(List.of("death", "payment"), rows.stream().map(r -> r.<String>getAs("kind")).distinct().toList());
    BigDecimal paid = rows.stream().filter(r -> r.getAs("kind").equals("payment"))
        .map(r -> r.<BigDecimal>getAs("amount")).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertEquals(clue.<BigDecimal>getAs("amount_at_stake"), paid);
    FundcheckException e = assertThrows(FundcheckException.class, () -> view.evidence("NO-SUCH-CLUE"));
    assertEquals("no clue 'NO-SUCH-CLUE' in warehouse " + view.root() + ": the clue ledger has never reported it;"
        + " copy a clue_id from the clue list (view.clues()) of this warehouse", e.getMessage());
  }

  @Test
  void aRuleTriedWithItsDefaultsFindsWhatTheRunFoundAndWritesNothing() {
    long clueVersions = view.versions(Warehouse.CLUES).count();
    long historyVersions = view.versions(Warehouse.CLUE_HISTORY).count();
    RuleTrial defaults = view.tryRule("SHARED_ACCOUNT", manifest.asOf());
    assertEquals(triples(view.clues().filter(col("rule_code").equalTo(lit("SHARED_ACCOUNT")))), triples(defaults.clues()));
    assertEquals("3", defaults.settings().get(Settings.SHARED_ACCOUNT_MIN_HOUSEHOLDS));

    RuleTrial strict = view.tryRule("SHARED_ACCOUNT", manifest.asOf(), "shared_account_min_households=1000");
    assertEquals(0, strict.clues().count());
    List<String> changes = strict.comparedWith(defaults).collectAsList().stream()
        .map(r -> r.getAs("change") + " " + r.getAs("clue_id") + " " + r.getAs("amount_before") + " " + r.getAs("amount_after"))
        .toList();
    List<String> expected = defaults.clues().orderBy("clue_id").collectAsList().stream()
        .map(r -> "dropped " + r.getAs("clue_id") + " " + r.getAs("amount_at_stake") + " null").toList();
    assertEquals(expected, changes);
    assertEquals(2, expected.size());

    assertEquals(clueVersions, view.versions(Warehouse.CLUES).count());
    assertEquals(historyVersions, view.versions(Warehouse.CLUE_HISTORY).count());
  }

  @Test
  void aTrialWithAnUnknownRuleOrSettingSaysWhatIsKnown() {
    FundcheckException rule = assertThrows(FundcheckException.class, () -> view.tryRule("SPLIT", "2019-03-20"));
    assertEquals(true, rule.getMessage().startsWith("unknown rule 'SPLIT': the catalog has OVER_DISBURSED, IDLE_FUNDS,"));
    FundcheckException date = assertThrows(FundcheckException.class, () -> view.tryRule("SPLIT_PAYMENT", "20.3.2019"));
    assertEquals("asOf '20.3.2019' is not a date; write it as yyyy-MM-dd, e.g. asOf 2019-03-20", date.getMessage());
  }

  @Test
  void timeTravelShowsTheClueTableBeforeAndAfterTheRun() {
    List<Row> runs = view.history().collectAsList();
    assertEquals(1, runs.size());
    assertEquals(run.runId(), runs.get(0).getAs("run_id"));
    assertEquals(LocalDate.parse(manifest.asOf()), runs.get(0).getAs("as_of"));
    assertEquals("succeeded", runs.get(0).getAs("status"));

    List<Row> versions = view.versions(Warehouse.CLUES).collectAsList();
    long last = versions.get(versions.size() - 1).getLong(0);
    assertEquals(0L, versions.get(0).getLong(0));
    assertEquals(0, view.asOfVersion(Warehouse.CLUES, 0).count());
    assertEquals(last, view.versionAfterRun(Warehouse.CLUES, run.runId()));
    assertEquals((long) manifest.planted().size(), view.asOfRun(Warehouse.CLUES, run.runId()).count());

    FundcheckException e = assertThrows(FundcheckException.class, () -> view.asOfRun(Warehouse.CLUES, "r0"));
    assertEquals("no run 'r0' in warehouse " + view.root() + ": the run ledger holds " + run.runId()
        + "; copy a run_id from view.history()", e.getMessage());
  }

  private static TreeSet<String> planted(java.util.function.Predicate<SampleManifest.Planted> which) {
    return manifest.planted().stream().filter(which)
        .map(p -> p.ruleCode() + "|" + p.entityId() + "|" + p.unitCode() + "|" + p.status())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static TreeSet<String> keys(Dataset<Row> clues) {
    return clues.collectAsList().stream()
        .map(r -> r.getAs("rule_code") + "|" + r.getAs("entity_id") + "|" + r.getAs("unit_code") + "|" + r.getAs("status"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static TreeSet<String> triples(Dataset<Row> clues) {
    return clues.collectAsList().stream()
        .map(r -> r.getAs("clue_id") + "|" + r.getAs("status") + "|" + r.getAs("amount_at_stake"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Map<String, String> parents() {
    Map<String, String> parents = new HashMap<>();
    for (Row r : view.units().select("unit_code", "parent_code").collectAsList()) {
      parents.put(r.getString(0), r.getString(1));
    }
    return parents;
  }

  /** A unit and every unit above it. */
  private static List<String> chain(String unit, Map<String, String> parents) {
    List<String> chain = new ArrayList<>();
    for (String u = unit; u != null && !chain.contains(u); u = parents.get(u)) {
      chain.add(u);
    }
    return chain;
  }
}
