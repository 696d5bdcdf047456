package org.fundcheck.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.fundcheck.SampleWarehouse;
import org.fundcheck.TestSpark;
import org.fundcheck.clues.ClueFilter;
import org.fundcheck.clues.ClueList;
import org.fundcheck.load.Encodings;
import org.fundcheck.load.FileLoad;
import org.fundcheck.rules.Settings;
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
  void aGeneratedDropOfAnotherScaleAndSeedGivesExactlyThePlantedClues() throws Exception {
    Path drop = dir.resolve("drop");
    SampleManifest manifest = SampleDrop.write(drop, 1200, 7);
    Warehouse warehouse = new Warehouse(TestSpark.session(), dir.resolve("wh").toString());
    RunSummary summary = new NightlyRun(TestSpark.session(), new NightlyRun.Options(
        drop.toString(), warehouse.root(), LocalDate.parse(manifest.asOf()), Encodings.Choice.AUTO, Settings.defaults()))
        .execute();
    check(manifest, summary, warehouse);
  }

  private void check(SampleManifest manifest, RunSummary summary, Warehouse warehouse) {

    Map<String, List<Long>> expectedFiles = new TreeMap<>();
    manifest.files().forEach((file, e) -> expectedFiles.put(file, List.of(e.rows(), e.rows() - e.quarantined(), (long) e.quarantined())));
    Map<String, List<Long>> actualFiles = summary.files().stream().collect(Collectors.toMap(
        FileLoad::file, f -> List.of(f.read(), f.loaded(), f.quarantined()), (a, b) -> a, TreeMap::new));
    assertEquals(expectedFiles, actualFiles);

    TreeSet<String> expectedFaults = manifest.faults().stream()
        .map(f -> f.file() + ":" + f.line()).collect(Collectors.toCollection(TreeSet::new));
    TreeSet<String> quarantined = warehouse.read(Warehouse.QUARANTINE).collectAsList().stream()
        .map(r -> r.<String>getAs("file") + ":" + r.<Long>getAs("line")).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(expectedFaults, quarantined);

    TreeSet<String> expectedClues = manifest.planted().stream()
        .map(p -> String.join("|", p.ruleCode(), p.entityType(), p.entityId(), nz(p.projectId()), nz(p.householdId()),
            p.unitCode(), new BigDecimal(p.amountAtStake()).toPlainString(), p.status(), nz(p.findingId())))
        .collect(Collectors.toCollection(TreeSet::new));
    TreeSet<String> found = new ClueList(warehouse).current(ClueFilter.all()).collectAsList().stream()
        .map(PlantedAnomaliesTest::key).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(expectedClues, found);
    assertEquals(manifest.plantedByRule(), summary.cluesByRule().entrySet().stream()
        .filter(e -> e.getValue() > 0).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new)));
  }

  private static String key(Row r) {
    return String.join("|", r.<String>getAs("rule_code"), r.getAs("entity_type"), r.getAs("entity_id"),
        nz(r.getAs("project_id")), nz(r.getAs("household_id")), r.getAs("unit_code"),
        r.<BigDecimal>getAs("amount_at_stake").toPlainString(), r.getAs("status"), nz(r.getAs("finding_id")));
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
