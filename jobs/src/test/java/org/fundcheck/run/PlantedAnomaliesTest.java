package org.fundcheck.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.fundcheck.SampleWarehouse;
import org.fundcheck.TestSpark;
import org.fundcheck.clues.ClueFilter;
import org.fundcheck.clues.ClueList;
import org.fundcheck.load.Encodings;
import org.fundcheck.load.FileLoad;
import org.fundcheck.rules.Settings;
import org.fundcheck.sample.PlantedCheck;
import org.fundcheck.sample.SampleDrop;
import org.fundcheck.sample.SampleManifest;
import org.fundcheck.warehouse.Warehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole nightly job on synthetic drops: every planted anomaly is found with its unit, amount, status
 * and finding, no clue is found that was not planted, and exactly the planted faulty rows are quarantined.
 */
class PlantedAnomaliesTest {

  @TempDir Path dir;

  @Test
  void theBundledSampleGivesExactlyThePlantedClues() throws Exception {
    SampleWarehouse sample = SampleWarehouse.get();
    check(sample.manifest(), sample.run(), sample.warehouse());
  }

  @Test
  void aGeneratedDropAndItsNightlyIncrementGiveExactlyThePlantedClues() throws Exception {
    Path drop = dir.resolve("drop");
    check(drop, SampleDrop.write(drop, 1200, 7));
    // The next night: 2% new payments on top. They raise no clue, resolve none, and every planted clue
    // keeps its amount, status and finding at the new as_of.
    Path next = dir.resolve("next");
    SampleManifest increment = SampleDrop.writeIncrement(next, 1200, 7, 2);
    assertEquals("2019-03-21", increment.asOf());
    check(next, increment);
  }

  private void check(Path drop, SampleManifest manifest) {
    Warehouse warehouse = new Warehouse(TestSpark.session(), dir.resolve("wh").toString());
    RunSummary summary = new NightlyRun(TestSpark.session(), new NightlyRun.Options(
        drop.toString(), warehouse.root(), LocalDate.parse(manifest.asOf()), Encodings.Choice.AUTO, Settings.defaults()))
        .execute();
    check(manifest, summary, warehouse);
  }

  private void check(SampleManifest manifest, RunSummary summary, Warehouse warehouse) {

    Map<String, List<Long>> actualFiles = summary.files().stream().collect(Collectors.toMap(
        FileLoad::file, f -> List.of(f.read(), f.loaded(), f.quarantined()), (a, b) -> a, TreeMap::new));
    assertEquals(List.of(), PlantedCheck.fileDifferences(manifest, actualFiles));

    TreeSet<String> expectedFaults = manifest.faults().stream()
        .map(f -> f.file() + ":" + f.line()).collect(Collectors.toCollection(TreeSet::new));
    TreeSet<String> quarantined = warehouse.read(Warehouse.QUARANTINE)
        .filter(org.apache.spark.sql.functions.col("run_id").equalTo(summary.runId())).collectAsList().stream()
        .map(r -> r.<String>getAs("file") + ":" + r.<Long>getAs("line")).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(expectedFaults, quarantined);

    PlantedCheck.Outcome clues = PlantedCheck.compare(manifest, new ClueList(warehouse).current(ClueFilter.all()));
    assertTrue(clues.exact(), clues.report());
    assertEquals(manifest.plantedByRule(), summary.cluesByRule().entrySet().stream()
        .filter(e -> e.getValue() > 0).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new)));
  }
}
