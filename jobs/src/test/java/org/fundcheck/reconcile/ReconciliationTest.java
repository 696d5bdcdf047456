package org.fundcheck.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.fundcheck.Drops;
import org.fundcheck.TestSpark;
import org.fundcheck.load.DropLoader;
import org.fundcheck.load.Encodings;
import org.fundcheck.load.FileLoad;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.Fixtures;
import org.fundcheck.rules.RuleContext;
import org.fundcheck.rules.Settings;
import org.fundcheck.rules.catalog.UndeliveredHousehold;
import org.fundcheck.warehouse.Warehouse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The three ledgers on a fixture small enough to check by hand: reversals net their payment (and never
 * below zero), rows dated after as_of are left out, a later drop replaces the rows it repeats, and the
 * same drop loaded twice changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReconciliationTest {

  static final LocalDate AS_OF = LocalDate.of(2019, 3, 20);
  static Path root;
  static Warehouse warehouse;

  @BeforeAll
  static void firstDrop() throws Exception {
    root = Files.createTempDirectory("reconcile");
    Path drop = root.resolve("drop1");
    Drops.write(drop, "projects.csv", """
        project_id,project_name,category,unit_code,village_code,start_date,end_date,budget,status
        P1,东垣村产业扶贫,industry,630222,630222001001,2018-01-01,2018-12-31,120000.00,completed
        P2,道路硬化,infrastructure,630222,,2018-01-01,2019-12-31,5000.00,in_progress
        """);
    Drops.write(drop, "households.csv", """
        household_id,village_code,head_id_number,head_name,members,status,registered_on,exited_on,bank_account
        H1,630222001001,%s,王某某,4,registered,2016-03-01,,
        H2,630222001001,%s,李某某,3,registered,2016-03-01,,
        """.formatted(Drops.id("630222", "19800101", 1), Drops.id("630222", "19800101", 2)));
    Drops.write(drop, "allocations.csv", """
        allocation_id,project_id,source_level,doc_no,amount,allocated_on
        A1,P1,province,,100000.00,2018-01-15
        A2,P1,province,,20000.00,2019-04-01
        A3,P2,county,,5000.00,2018-02-01
        """);
    Drops.write(drop, "disbursements.csv", """
        payment_id,project_id,unit_code,payee_type,payee_id,payee_name,payee_account,amount,reversal_of,paid_on,voucher_no,purpose
        D1,P1,630222-FPB,household,H1,王某某,,3000.00,,2018-03-01,V1,
        D2,P1,630222-FPB,household,H1,王某某,,2000.00,,2018-04-01,V2,
        D3,P1,630222-FPB,household,H1,王某某,,-2500.00,D2,2018-05-01,V3,退回
        D4,P1,630222-FPB,household,H2,李某某,,1500.00,,2019-03-01,V4,
        D5,P1,630222-FPB,company,91630222MA7000001X,某公司,,50000.00,,2018-06-01,V5,
        D6,P1,630222-FPB,company,91630222MA7000001X,某公司,,-10000.00,D5,2019-04-01,V6,追回
        D7,P2,630222-FPB,household,H1,王某某,,800.00,,2019-05-01,V7,
        D8,P1,630222-FPB,household,H1,王某某,,-100.00,X99,2018-06-01,V8,
        D9,P1,630222-FPB,household,H1,王某某,,-500.00,D1,2018-07-01,V9,
        """);
    Drops.write(drop, "deliveries.csv", """
        delivery_id,project_id,household_id,amount,delivered_on,evidence,source
        L1,P1,H1,2500.00,2018-03-20,bank_credit,
        L2,P1,H3,700.00,2018-05-01,field_visit,
        L3,P1,,45000.00,2018-09-01,acceptance,
        L4,P1,H1,100.00,2019-03-25,bank_credit,
        """);
    warehouse = new Warehouse(TestSpark.session(), root.resolve("wh").toString());
    new DropLoader(warehouse, Encodings.Choice.AUTO).load(drop.toString(), "run-1", root.resolve("staging").toString());
  }

  private static Reconciliation.Totals reconcile() {
    try (RuleContext ctx = new RuleContext(TestSpark.session(), AS_OF, Settings.defaults(), warehouse.inputTables())) {
      return Reconciliation.write(warehouse, ctx);
    }
  }

  private static Row project(String id) {
    return warehouse.read(Warehouse.PROJECT_LEDGER).filter("project_id = '" + id + "'").first();
  }

  private static List<BigDecimal> household(String household, String project) {
    Row r = warehouse.read(Warehouse.HOUSEHOLD_LEDGER)
        .filter("household_id = '" + household + "' AND project_id = '" + project + "'").first();
    return List.of(r.getAs("paid"), r.getAs("paid_in_grace"), r.getAs("delivered"), r.getAs("gap"), r.getAs("overdue_gap"));
  }

  private static BigDecimal yuan(String v) {
    return new BigDecimal(v);
  }

  @Test
  @Order(1)
  void projectLedgerNetsReversalsAndCutsAtAsOf() {
    Reconciliation.Totals totals = reconcile();
    assertEquals(new Reconciliation.Totals(2, yuan("105000.00"), yuan("54000.00"), yuan("48200.00"), 0), totals);
    Row p1 = project("P1");
    assertEquals(yuan("100000.00"), p1.getAs("allocated"));
    assertEquals(yuan("54000.00"), p1.getAs("disbursed"));
    assertEquals(yuan("3200.00"), p1.getAs("delivered_to_households"));
    assertEquals(yuan("45000.00"), p1.getAs("delivered_project_level"));
    assertEquals(yuan("48200.00"), p1.getAs("delivered"));
    assertEquals(yuan("46000.00"), p1.getAs("undisbursed"));
    assertEquals(yuan("5800.00"), p1.getAs("undelivered"));
    assertEquals(AS_OF, p1.getAs("as_of"));
    Row p2 = project("P2");
    assertEquals(List.of(yuan("5000.00"), yuan("0.00"), yuan("0.00"), yuan("5000.00")),
        List.of(p2.getAs("allocated"), p2.getAs("disbursed"), p2.getAs("delivered"), p2.getAs("undisbursed")));
  }

  @Test
  @Order(2)
  void paymentsCarryTheirNetAmount() {
    List<Row> rows = NetPayments.of(warehouse.read(Warehouse.silver("disbursements")), AS_OF)
        .orderBy("payment_id").collectAsList();
    assertEquals(List.of("D1", "D2", "D4", "D5"), rows.stream().map(r -> r.<String>getAs("payment_id")).toList());
    assertEquals(List.of(yuan("2500.00"), yuan("0.00"), yuan("1500.00"), yuan("50000.00")),
        rows.stream().map(r -> r.<BigDecimal>getAs(NetPayments.NET_AMOUNT)).toList());
    // Summed into the ledgers, not kept beside them.
    assertEquals(List.of("household_ledger", "project_ledger"), ledgerTables());
  }

  private static List<String> ledgerTables() {
    try (java.util.stream.Stream<Path> tables = Files.list(Path.of(java.net.URI.create(warehouse.path(Warehouse.PROJECT_LEDGER))).getParent())) {
      return tables.map(t -> t.getFileName().toString()).sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  @Order(3)
  void householdLedgerSeparatesTheGracePeriod() {
    assertEquals(List.of(yuan("2500.00"), yuan("0.00"), yuan("2500.00"), yuan("0.00"), yuan("0.00")), household("H1", "P1"));
    assertEquals(List.of(yuan("1500.00"), yuan("1500.00"), yuan("0.00"), yuan("1500.00"), yuan("0.00")), household("H2", "P1"));
    assertEquals(List.of(yuan("0.00"), yuan("0.00"), yuan("700.00"), yuan("-700.00"), yuan("-700.00")), household("H3", "P1"));
    Row h3 = warehouse.read(Warehouse.HOUSEHOLD_LEDGER).filter("household_id = 'H3'").first();
    assertEquals(false, h3.getAs("registered"));
  }

  @Test
  @Order(4)
  void theHouseholdRuleFindsItsShortfallsInTheLedgerWrittenAsInOneItDerives() {
    // Three months later D4 (H2, 1,500.00) and D7 (H1 under P2, 800.00) are past the delivery grace.
    LocalDate later = LocalDate.of(2019, 6, 30);
    Warehouse ledgers = new Warehouse(TestSpark.session(), root.resolve("wh-later").toString());
    List<String> fromLedger;
    try (RuleContext ctx = new RuleContext(TestSpark.session(), later, Settings.defaults(), warehouse.inputTables())) {
      Reconciliation.write(ledgers, ctx);
      String[] files = Reconciliation.householdLedgerOf(ctx).inputFiles();
      assertTrue(files.length > 0);
      for (String f : files) {
        assertTrue(f.contains("/wh-later/ledgers/household_ledger/"), f);
      }
      fromLedger = undelivered(ctx);
    }
    assertEquals(List.of(
        "H1|P2 800.00 户 H1（王某某）在项目 P2 下2019-05-01共收到付款1笔（D7）合计800.00元，截至2019-06-30落地确认0笔，差额800.00元"
            + " [payment:D7]",
        "H2|P1 1500.00 户 H2（李某某）在项目 P1 下2019-03-01共收到付款1笔（D4）合计1,500.00元，截至2019-06-30落地确认0笔，差额1,500.00元"
            + " [payment:D4]"),
        fromLedger);
    try (RuleContext ctx = new RuleContext(TestSpark.session(), later, Settings.defaults(), warehouse.inputTables())) {
      assertEquals(fromLedger, undelivered(ctx));
    }
    // The rule follows the ledger it is handed: one without H1's rows finds H2's shortfall alone.
    try (RuleContext ctx = new RuleContext(TestSpark.session(), later, Settings.defaults(), warehouse.inputTables())) {
      ctx.provide(Reconciliation.HOUSEHOLD_LEDGER,
          ledgers.read(Warehouse.HOUSEHOLD_LEDGER).filter("household_id <> 'H1'"));
      assertEquals(fromLedger.subList(1, 2), undelivered(ctx));
    }
  }

  private static List<String> undelivered(RuleContext ctx) {
    Detection d = new UndeliveredHousehold().detect(ctx);
    java.util.Map<String, List<Row>> evidence = Fixtures.evidenceByClue(d);
    return Fixtures.cluesByEntity(d).entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue().getAs("amount_at_stake") + " " + e.getValue().getAs("evidence") + " "
            + Fixtures.refs(evidence.get(e.getValue().<String>getAs("clue_id"))))
        .sorted()
        .toList();
  }

  @Test
  @Order(5)
  void aLaterDropReplacesTheRowsItRepeatsAndLoadingItTwiceChangesNothing() throws Exception {
    Path drop = root.resolve("drop2");
    Drops.write(drop, "allocations.csv", """
        allocation_id,project_id,source_level,doc_no,amount,allocated_on
        A3,P2,county,,6000.00,2018-02-01
        """);
    Drops.write(drop, "disbursements.csv", """
        payment_id,project_id,unit_code,payee_type,payee_id,payee_name,payee_account,amount,reversal_of,paid_on,voucher_no,purpose
        D1,P1,630222-FPB,household,H1,王某某,,3500.00,,2018-03-01,V1,更正
        D10,P2,630222-FPB,household,H2,李某某,,900.00,,2018-08-01,V10,
        D11,P2,630222-FPB,household,H2,李某某,,abc,,2018-08-01,V11,
        """);
    DropLoader loader = new DropLoader(warehouse, Encodings.Choice.AUTO);
    List<FileLoad> first = loader.load(drop.toString(), "run-2", root.resolve("staging").toString());
    List<FileLoad> again = loader.load(drop.toString(), "run-3", root.resolve("staging").toString());
    assertEquals(first.stream().map(FileLoad::loaded).toList(), again.stream().map(FileLoad::loaded).toList());
    assertEquals(10, warehouse.read(Warehouse.silver("disbursements")).count());
    assertEquals(3, warehouse.read(Warehouse.silver("allocations")).count());
    assertEquals(1, warehouse.read(Warehouse.QUARANTINE).count());
    Row d1 = warehouse.read(Warehouse.silver("disbursements")).filter("payment_id = 'D1'").first();
    assertEquals(yuan("3500.00"), d1.getAs("amount"));
    // The correction came with the second load; loading the same rows again left them as they were.
    assertEquals("run-2", d1.getAs(DropLoader.RUN_ID));

    Reconciliation.Totals totals = reconcile();
    assertEquals(new Reconciliation.Totals(2, yuan("106000.00"), yuan("55400.00"), yuan("48200.00"), 2), totals);
    assertEquals(yuan("54500.00"), project("P1").getAs("disbursed"));
    assertEquals(List.of(yuan("900.00"), yuan("0.00"), yuan("0.00"), yuan("900.00"), yuan("900.00")), household("H2", "P2"));
    assertEquals(List.of(yuan("3000.00"), yuan("0.00"), yuan("2500.00"), yuan("500.00"), yuan("500.00")), household("H1", "P1"));
  }

  @Test
  @Order(6)
  void theLargeTablesKeepStatisticsOfTheirKeyAndDateOnly() throws Exception {
    // Two writes of each ledger by now: the second overwrote the first and kept its properties.
    assertEquals(List.of(), statisticsOf(Warehouse.HOUSEHOLD_LEDGER));
    assertEquals(List.of("paid_on", "payment_id"), statisticsOf(Warehouse.silver("disbursements")));
    assertEquals(List.of("allocated_on", "allocation_id"), statisticsOf(Warehouse.silver("allocations")));
    assertEquals(List.of("household_id"), statisticsOf(Warehouse.silver("households")));
  }

  /** The columns whose minimum Delta recorded for any file the table's commits added, sorted. */
  private static List<String> statisticsOf(String table) throws java.io.IOException {
    java.util.TreeSet<String> columns = new java.util.TreeSet<>();
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    int added = 0;
    List<Path> commits;
    try (java.util.stream.Stream<Path> files = Files.list(Path.of(java.net.URI.create(warehouse.path(table))).resolve("_delta_log"))) {
      commits = files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
    }
    for (Path commit : commits) {
      for (String line : Files.readAllLines(commit)) {
        com.fasterxml.jackson.databind.JsonNode add = json.readTree(line).path("add");
        if (!add.isMissingNode()) {
          added++;
          json.readTree(add.path("stats").asText("{}")).path("minValues").fieldNames().forEachRemaining(columns::add);
        }
      }
    }
    assertEquals(true, added > 0, table);
    return List.copyOf(columns);
  }
}
