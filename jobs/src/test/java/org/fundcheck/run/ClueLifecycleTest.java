package org.fundcheck.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.fundcheck.Drops;
import org.fundcheck.TestSpark;
import org.fundcheck.cli.Main;
import org.fundcheck.clues.ClueFilter;
import org.fundcheck.clues.ClueList;
import org.fundcheck.load.Encodings;
import org.fundcheck.rules.ClueIds;
import org.fundcheck.rules.Settings;
import org.fundcheck.warehouse.Warehouse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A clue's life over nightly runs: the same drop twice gives the same clue ids; a reversal that recovers
 * the money (追回) resolves the clue, which stays in the ledger; the clues command filters by unit subtree
 * and status.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClueLifecycleTest {

  static final LocalDate AS_OF = LocalDate.of(2019, 3, 20);
  static final String DUPLICATE = ClueIds.of("DUPLICATE_PAYMENT", "payment", "D2", "P1");
  static final String OVER = ClueIds.of("OVER_DISBURSED", "project", "P2", "P2");
  static Path root;
  static Warehouse warehouse;
  static String firstRunId;

  @BeforeAll
  static void drop() throws Exception {
    root = Files.createTempDirectory("lifecycle");
    Path drop = root.resolve("drop1");
    Drops.write(drop, "units.csv", """
        unit_code,unit_name,unit_type,parent_code
        630200,海东市,city,
        630222,民和县,county,630200
        630222-FPB,民和县扶贫开发局,department,630222
        630223,互助县,county,630200
        630223-FPB,互助县扶贫开发局,department,630223
        """);
    Drops.write(drop, "households.csv", """
        household_id,village_code,head_id_number,head_name,members,status,registered_on,exited_on,bank_account
        H1,630222001001,%s,王某某,4,registered,2016-03-01,,6228480000000000001
        """.formatted(Drops.id("630222", "19800101", 1)));
    Drops.write(drop, "projects.csv", """
        project_id,project_name,category,unit_code,village_code,start_date,end_date,budget,status
        P1,产业补贴,subsidy,630222,,2018-01-01,2018-12-31,1000.00,completed
        P2,村道硬化,infrastructure,630223,,2018-01-01,2018-12-31,100.00,in_progress
        """);
    Drops.write(drop, "allocations.csv", """
        allocation_id,project_id,source_level,doc_no,amount,allocated_on
        A1,P1,province,,1000.00,2018-01-01
        A2,P2,county,,100.00,2018-01-01
        """);
    Drops.write(drop, "disbursements.csv", """
        payment_id,project_id,unit_code,payee_type,payee_id,payee_name,payee_account,amount,reversal_of,paid_on,voucher_no,purpose
        D1,P1,630222-FPB,household,H1,王某某,6228480000000000001,500.00,,2018-03-01,V1,补贴
        D2,P1,630222-FPB,household,H1,王某某,6228480000000000001,500.00,,2018-03-05,V2,补贴
        D3,P2,630223-FPB,company,91630223MA7000001X,某公司,,200.00,,2018-04-01,V3,工程款
        """);
    Drops.write(drop, "deliveries.csv", """
        delivery_id,project_id,household_id,amount,delivered_on,evidence,source
        L1,P1,H1,1000.00,2018-03-10,bank_credit,
        """);
    warehouse = new Warehouse(TestSpark.session(), root.resolve("wh").toString());
  }

  private static RunSummary run(String drop) {
    return new NightlyRun(TestSpark.session(), new NightlyRun.Options(root.resolve(drop).toString(), warehouse.root(), AS_OF,
        Encodings.Choice.AUTO, Settings.defaults())).execute();
  }

  private static Map<String, String> statuses() {
    Map<String, String> s = new TreeMap<>();
    for (Row r : new ClueList(warehouse).current(ClueFilter.all()).collectAsList()) {
      s.put(r.getAs("clue_id"), r.getAs("status"));
    }
    return s;
  }

  @Test
  @Order(1)
  void theSameDropTwiceGivesTheSameClueIds() {
    RunSummary first = run("drop1");
    firstRunId = first.runId();
    assertEquals(Map.of("DUPLICATE_PAYMENT", 1L, "OVER_DISBURSED", 1L), first.cluesByRule());
    assertEquals(Map.of(DUPLICATE, "new", OVER, "new"), statuses());
    RunSummary second = run("drop1");
    assertEquals(first.cluesByRule(), second.cluesByRule());
    assertEquals(first.runId(), second.alreadyLoadedBy());
    assertEquals(first.dropSha256(), second.dropSha256());
    assertEquals(Map.of(DUPLICATE, "new", OVER, "new"), statuses());
    assertEquals(4, warehouse.read(Warehouse.CLUE_HISTORY).count());
    Row dup = new ClueList(warehouse).current(ClueFilter.all()).filter("clue_id = '" + DUPLICATE + "'").first();
    assertEquals(new BigDecimal("500.00"), dup.getAs("amount_at_stake"));
    assertEquals("630222-FPB", dup.getAs("unit_code"));
    assertEquals("民和县扶贫开发局", dup.getAs("unit_name"));
  }

  @Test
  @Order(2)
  void aRecoveryByReversalResolvesTheClueAndItStays() {
    Drops.write(root.resolve("drop2"), "disbursements.csv", """
        payment_id,project_id,unit_code,payee_type,payee_id,payee_name,payee_account,amount,reversal_of,paid_on,voucher_no,purpose
        D4,P1,630222-FPB,household,H1,王某某,6228480000000000001,-500.00,D2,2019-01-10,V4,追回重复发放
        """);
    RunSummary third = run("drop2");
    assertEquals(Map.of("OVER_DISBURSED", 1L), third.cluesByRule());
    assertEquals(Map.of("new", 1L, "resolved", 1L), third.cluesByStatus());
    assertEquals(Map.of(DUPLICATE, "resolved", OVER, "new"), statuses());
    Row dup = new ClueList(warehouse).current(ClueFilter.all()).filter("clue_id = '" + DUPLICATE + "'").first();
    assertEquals(AS_OF, dup.getAs("first_seen_on"));
  }

  @Test
  @Order(3)
  void theCluesCommandFiltersByUnitSubtreeAndStatus() throws Exception {
    Path byUnit = root.resolve("out/unit.csv");
    assertEquals(0, Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        "clues", "--warehouse", warehouse.root(), "--out", byUnit.toString(), "--unit", "630223"));
    List<String> lines = Files.readAllLines(byUnit, StandardCharsets.UTF_8);
    assertEquals("\uFEFFclue_id,rule_code,category,status,unit_code,unit_name,entity_type,entity_id,project_id,"
        + "household_id,amount_at_stake,score,finding_id,first_seen_on,last_seen_on,evidence", lines.get(0));
    assertEquals(2, lines.size());
    assertTrue(lines.get(1).startsWith(OVER + ",OVER_DISBURSED,over_disbursed,new,630223,互助县,project,P2,P2,,100.00,"),
        lines.get(1));

    Path resolved = root.resolve("out/resolved.xlsx");
    StringWriter out = new StringWriter();
    assertEquals(0, Main.execute(new PrintWriter(out), new PrintWriter(new StringWriter()),
        "clues", "--warehouse", warehouse.root(), "--out", resolved.toString(), "--status", "resolved"));
    assertEquals("wrote 1 clues to " + resolved + "\n", out.toString());

    StringWriter err = new StringWriter();
    assertEquals(2, Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
        "clues", "--warehouse", warehouse.root(), "--out", root.resolve("x.pdf").toString()));
    assertTrue(err.toString().startsWith("fundcheck: "), err.toString());
    assertEquals(1, err.toString().lines().count());
  }

  @Test
  @Order(4)
  void anEarlierRunsListIsReproducedByTimeTravelAndRunsAreListed() throws Exception {
    Path before = root.resolve("out/before.csv");
    assertEquals(0, Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        "clues", "--warehouse", warehouse.root(), "--out", before.toString(), "--run", firstRunId));
    List<String> lines = Files.readAllLines(before, StandardCharsets.UTF_8);
    assertEquals(3, lines.size());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith(DUPLICATE + ",DUPLICATE_PAYMENT,duplicate_payment,new,")), lines.toString());

    StringWriter out = new StringWriter();
    assertEquals(0, Main.execute(new PrintWriter(out), new PrintWriter(new StringWriter()),
        "runs", "--warehouse", warehouse.root()));
    List<String> runs = out.toString().lines().toList();
    assertEquals(4, runs.size(), out.toString());
    assertTrue(runs.get(3).matches(firstRunId + " +2019-03-20 succeeded .*"), runs.get(3));

    StringWriter err = new StringWriter();
    assertEquals(2, Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
        "clues", "--warehouse", warehouse.root(), "--out", before.toString(), "--run", "no-such-run"));
    assertEquals("fundcheck: no succeeded run no-such-run in this warehouse; ./fundcheck runs --warehouse DIR"
        + " lists the runs\n", err.toString());
  }
}
