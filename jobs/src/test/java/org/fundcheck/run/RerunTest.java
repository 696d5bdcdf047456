package org.fundcheck.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.fundcheck.clues.ClueFilter;
import org.fundcheck.clues.ClueList;
import org.fundcheck.clues.ClueStatus;
import org.fundcheck.warehouse.Warehouse;
import org.junit.jupiter.api.Test;

/**
 * The second night's drop run again on a copy of the two-night warehouse ({@link TwoNights}) changes
 * nothing but the run ledger and what names the run: every loaded row, rejected row and ledger row stays
 * as it was, the clue list is the same, the new run adds its own list to the clue history (a copy of the
 * second night's under its run id) and becomes the run that last detected each clue and wrote its
 * evidence, no table holds a key twice, and the run says which run loaded the drop before.
 */
class RerunTest {

  @Test
  void theSameDropTwiceChangesNothingButTheRunLedgerAndTheRunNamedInTheClueTables() {
    TwoNights nights = TwoNights.get();
    Warehouse warehouse = TwoNights.warehouse(nights.copy(Path.of(nights.twoNights.root()), "rerun"));
    String loaded = nights.second.runId();
    WarehouseContents before = WarehouseContents.of(warehouse, WarehouseContents.SAME_RUN_IDS);
    List<Row> listBefore = new ClueList(warehouse).current(ClueFilter.all()).collectAsList();
    WarehouseContents.assertKeysUnique(warehouse);

    Map<String, java.util.OptionalLong> silverVersions = silverVersions(warehouse);
    List<String> progress = new ArrayList<>();
    RunSummary again = TwoNights.run(nights.secondNight, warehouse, TwoNights.SECOND, progress::add);

    // Each file is the one the second night loaded, onto a table nothing has written since: none is
    // loaded again, and no input table gets a commit.
    for (org.fundcheck.load.FileLoad f : again.files()) {
      String line = String.format("] load: %s %,d read, %,d loaded, %,d quarantined; the same file as run %s loaded,"
          + " its table left as it was", f.file(), f.read(), f.loaded(), f.quarantined(), loaded);
      assertTrue(progress.stream().anyMatch(l -> l.endsWith(line)), line + " in\n" + String.join("\n", progress));
    }
    assertEquals(silverVersions, silverVersions(warehouse));

    assertNull(nights.second.alreadyLoadedBy());
    assertEquals(loaded, again.alreadyLoadedBy());
    assertEquals(nights.second.dropSha256(), again.dropSha256());
    assertTrue(progress.stream().anyMatch(l -> l.endsWith("] load: this drop was already loaded by run "
        + loaded + "; loading it again changed nothing")), String.join("\n", progress));
    assertEquals(nights.second.files(), again.files());
    assertEquals(nights.second.totals(), again.totals());
    assertEquals(nights.second.cluesByRule(), again.cluesByRule());
    assertEquals(nights.second.cluesByStatus(), again.cluesByStatus());
    assertEquals(listBefore, new ClueList(warehouse).current(ClueFilter.all()).collectAsList());
    WarehouseContents.assertKeysUnique(warehouse);

    // Every table as it was, once the new run's id is read as that of the run that loaded the drop ...
    WarehouseContents after = WarehouseContents.of(warehouse, WarehouseContents.SAME_RUN_IDS);
    WarehouseContents afterAsLoaded = WarehouseContents.of(warehouse, id -> id.equals(again.runId()) ? loaded : id);
    List<String> historyAfter = afterAsLoaded.tables.remove(Warehouse.CLUE_HISTORY);
    List<String> historyBefore = before.tables.remove(Warehouse.CLUE_HISTORY);
    afterAsLoaded.assertSameAs(before, "the warehouse after the same drop again");
    // ... where the new run's id shows only in the clue tables, as the run that detected each clue ...
    for (Map.Entry<String, List<String>> table : after.tables.entrySet()) {
      boolean namesNewRun = table.getValue().stream().anyMatch(r -> r.contains(again.runId()));
      assertEquals(table.getKey().startsWith("clues/"), namesNewRun, table.getKey());
    }
    assertEquals(
        warehouse.read(Warehouse.CLUES).filter(functions.col("status").notEqual(ClueStatus.RESOLVED)).count(),
        warehouse.read(Warehouse.CLUES).filter(functions.col("last_run_id").equalTo(again.runId())).count());
    // ... and the history holds each earlier list and the second night's once more under the new run's id.
    List<String> expectedHistory = new ArrayList<>(historyBefore);
    historyBefore.stream().filter(r -> r.startsWith("run_id=" + loaded + "|")).forEach(expectedHistory::add);
    Collections.sort(expectedHistory);
    assertEquals(expectedHistory, historyAfter);

    Map<String, String> statusOf = new TreeMap<>();
    for (Row r : warehouse.read(Warehouse.RUNS).collectAsList()) {
      statusOf.put(r.getAs("run_id"), r.getAs("status"));
    }
    assertEquals(Map.of(nights.first.runId(), "succeeded", loaded, "succeeded", again.runId(), "succeeded"), statusOf);
  }

  private static Map<String, java.util.OptionalLong> silverVersions(Warehouse warehouse) {
    Map<String, java.util.OptionalLong> versions = new TreeMap<>();
    for (org.fundcheck.schema.FileSpec spec : org.fundcheck.schema.InputContract.get().files()) {
      versions.put(spec.name(), warehouse.version(Warehouse.silver(spec.name())));
    }
    return versions;
  }
}
