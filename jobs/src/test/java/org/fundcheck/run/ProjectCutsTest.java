package org.fundcheck.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Stream;
import org.fundcheck.Drops;
import org.fundcheck.TestSpark;
import org.fundcheck.load.Encodings;
import org.fundcheck.rules.ClueIds;
import org.fundcheck.rules.Settings;
import org.fundcheck.warehouse.Warehouse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows that no night changes, yet count on the second night because a cut of the project rules moved over
 * their date: an allocation dated 180 days before the second night (idle_days) and a household payment
 * dated 30 days before it (delivery_grace_days). Their projects are recomputed with the one a new payment
 * names; an over-disbursed project nothing touched keeps its clue, carried over. The second night run on
 * one copy for what changed and on another for every clue gives the same list and evidence.
 */
class ProjectCutsTest {

  static final LocalDate FIRST = LocalDate.of(2019, 3, 20);
  static final LocalDate SECOND = FIRST.plusDays(1);

  static final String IDLE = ClueIds.of("IDLE_FUNDS", "project", "P1", "P1");
  static final String UNDELIVERED = ClueIds.of("UNDELIVERED_HOUSEHOLD", "household", "H1", "P2");
  static final String OVER = ClueIds.of("OVER_DISBURSED", "project", "P3", "P3");

  @TempDir static Path root;
  static Warehouse scoped;
  static Warehouse whole;
  static RunSummary first;
  static RunSummary scopedRun;

  @BeforeAll
  static void twoNights() {
    Path night1 = root.resolve("night1");
    Drops.write(night1, "units.csv", "unit_code,unit_name,unit_type,parent_code\nU1,某县乡村振兴局,county,\n");
    Drops.write(night1, "projects.csv",
        "project_id,project_name,category,unit_code,village_code,start_date,end_date,budget,status\n"
            + "P1,产业扶贫,industry,U1,,2018-01-01,2019-12-31,10000.00,in_progress\n"
            + "P2,危房改造,housing,U1,,2018-01-01,2019-12-31,100000.00,in_progress\n"
            + "P3,村道硬化,infrastructure,U1,,2018-01-01,2019-12-31,1000.00,in_progress\n"
            + "P4,饮水工程,infrastructure,U1,,2018-01-01,2019-12-31,50000.00,in_progress\n");
    Drops.write(night1, "allocations.csv",
        "allocation_id,project_id,source_level,doc_no,amount,allocated_on\n"
            // Counted by IDLE_FUNDS from the second night on: as_of − 180 days.
            + "A1,P1,county,县财发〔2018〕1号,10000.00," + SECOND.minusDays(180) + "\n"
            + "A2,P2,county,县财发〔2018〕2号,1000.00,2018-01-10\n"
            + "A3,P3,county,县财发〔2018〕3号,1000.00,2018-01-10\n"
            + "A4,P4,county,县财发〔2018〕4号,500.00,2018-01-10\n");
    Drops.write(night1, "disbursements.csv",
        "payment_id,project_id,unit_code,payee_type,payee_id,payee_name,payee_account,amount,reversal_of,paid_on,voucher_no,purpose\n"
            // Past the delivery grace from the second night on: as_of − 30 days.
            + "K1,P2,U1,household,H1,王某某,6217000000000001,800.00,," + SECOND.minusDays(30) + ",V1,补助\n"
            + "K2,P3,U1,company,C1,某建筑公司,,1500.00,,2018-05-01,V2,工程款\n"
            + "K3,P4,U1,household,H2,李某某,6217000000000002,300.00,,2018-05-01,V3,补助\n");
    Drops.write(night1, "deliveries.csv",
        "delivery_id,project_id,household_id,amount,delivered_on,evidence,source\n"
            + "D1,P4,H2,300.00,2018-06-01,bank_credit,农商行\n");
    Path night2 = root.resolve("night2");
    Drops.write(night2, "disbursements.csv",
        "payment_id,project_id,unit_code,payee_type,payee_id,payee_name,payee_account,amount,reversal_of,paid_on,voucher_no,purpose\n"
            + "K4,P4,U1,household,H2,李某某,6217000000000002,100.00,," + SECOND + ",V4,补助\n");

    Path afterFirst = root.resolve("after-first");
    first = run(night1, afterFirst, FIRST, false);
    scoped = new Warehouse(TestSpark.session(), copy(afterFirst, root.resolve("scoped")).toString());
    whole = new Warehouse(TestSpark.session(), copy(afterFirst, root.resolve("whole")).toString());
    scopedRun = run(night2, Path.of(scoped.root()), SECOND, false);
    run(night2, Path.of(whole.root()), SECOND, true);
  }

  @Test
  void theFirstNightHasOnlyTheOverDisbursedProject() {
    assertEquals(1L, first.cluesByRule().getOrDefault("OVER_DISBURSED", 0L));
    assertEquals(0L, first.cluesByRule().getOrDefault("IDLE_FUNDS", 0L));
    assertEquals(0L, first.cluesByRule().getOrDefault("UNDELIVERED_HOUSEHOLD", 0L));
  }

  @Test
  void theProjectsOfRowsACutMovedOverAreRecomputedWithThatOfTheNewPayment() {
    assertEquals(3L, ((Number) scopedRun.scope().get("projects")).longValue());
    Map<String, Map<String, Object>> list = NightlyScopeTest.list(scoped);
    assertEquals("new", list.get(IDLE).get("status"));
    assertEquals(SECOND, list.get(IDLE).get("first_seen_on"));
    assertEquals("项目 P1（产业扶贫）于" + SECOND.minusDays(180) + "拨入资金1笔 合计10,000.00元，已超过180天，净支出0.00元，不足50%，闲置10,000.00元",
        list.get(IDLE).get("evidence"));
    assertEquals("new", list.get(UNDELIVERED).get("status"));
    assertEquals(SECOND, list.get(UNDELIVERED).get("first_seen_on"));
    // Nothing of P3 changed: its clue is the first night's, carried over and seen again.
    assertEquals(FIRST, list.get(OVER).get("first_seen_on"));
    assertEquals(SECOND, list.get(OVER).get("last_seen_on"));
    assertEquals("项目 P3（村道硬化）拨入资金1笔 合计1,000.00元，净支出1笔 合计1,500.00元，超出拨入500.00元",
        list.get(OVER).get("evidence"));
  }

  @Test
  void recomputingWhatChangedGivesTheListAndEvidenceOfRecomputingEverything() {
    assertEquals(NightlyScopeTest.list(whole), NightlyScopeTest.list(scoped));
    assertEquals(NightlyScopeTest.evidence(whole), NightlyScopeTest.evidence(scoped));
  }

  private static RunSummary run(Path drop, Path warehouse, LocalDate asOf, boolean recomputeAll) {
    NightlyRun.Options options = new NightlyRun.Options(
        drop.toString(), warehouse.toString(), asOf, Encodings.Choice.AUTO, Settings.defaults());
    return new NightlyRun(TestSpark.session(), recomputeAll ? options.recomputingAll() : options).execute();
  }

  private static Path copy(Path from, Path to) {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return to;
  }
}
