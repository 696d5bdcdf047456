package org.fundcheck.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Row;
import org.fundcheck.Drops;
import org.fundcheck.TestSpark;
import org.fundcheck.warehouse.Warehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rows a file's load keeps in memory (every row with its raw text) are released when that file is
 * loaded: while the next file loads, only the earlier files' few rejected rows are still held, for the
 * one quarantine commit at the end.
 */
class KeptRowsTest {

  @TempDir Path dir;

  @Test
  void eachFilesKeptRowsAreReleasedBeforeTheNextFileAndItsRejectedRowsStillReachTheQuarantine() throws Exception {
    Path drop = dir.resolve("drop");
    Drops.write(drop, "units.csv", """
        unit_code,unit_name,unit_type,parent_code
        630200,海东市,city,
        630222,民和县,county,630200
        630223,某县,district,630200
        """);
    Drops.write(drop, "projects.csv", """
        project_id,project_name,category,unit_code,village_code,start_date,end_date,budget,status
        P1,产业补贴,subsidy,630222,,2018-01-01,2018-12-31,1000.00,completed
        P2,道路,infrastructure,630222,,2018-06-01,2018-01-01,5000.00,planned
        """);
    Drops.write(drop, "findings.csv", """
        finding_id,round,unit_code,category,description,project_id,household_id,amount,found_on,status,rectified_on,clue_transferred
        F1,2018-R3,630222,idle_funds,资金闲置,P1,,,2018-09-01,open,,false
        """);
    SparkContext sc = TestSpark.session().sparkContext();
    Warehouse w = new Warehouse(TestSpark.session(), dir.resolve("wh").toString());
    Set<Integer> before = new HashSet<>(persistedRdds(sc));
    List<String> heldAfterEachFile = new ArrayList<>();
    new DropLoader(w, Encodings.Choice.AUTO).load(drop.toString(), "run-1", dir.resolve("staging").toString(),
        loaded -> {
          Set<Integer> held = new HashSet<>(persistedRdds(sc));
          held.removeAll(before);
          heldAfterEachFile.add(loaded.file() + ":" + held.size());
        });

    // One set-aside per file with a rejected row (units, projects), nothing for the clean findings file.
    assertEquals(List.of("units.csv:1", "projects.csv:2", "findings.csv:2"), heldAfterEachFile);
    assertEquals(List.of("projects.csv:3:end_date 2018-01-01 is before start_date 2018-06-01",
            "units.csv:4:unit_type 'district' is not one of: city, county, township, village, department"),
        w.read(Warehouse.QUARANTINE).orderBy("file", "line").collectAsList().stream()
            .map(KeptRowsTest::describe).toList());
  }

  @Test
  void keepingAFilesRowsUncompressedLeavesTheSessionsCacheSettingAsItWas() throws Exception {
    Path drop = dir.resolve("drop");
    Drops.write(drop, "units.csv", """
        unit_code,unit_name,unit_type,parent_code
        630200,海东市,city,
        630222,民和县,county,630200
        """);
    org.apache.spark.sql.SparkSession spark = TestSpark.session();
    String setting = "spark.sql.inMemoryColumnarStorage.compressed";
    List<String> seenEachFile = new ArrayList<>();
    List<String> after = new ArrayList<>();
    try {
      // Set by hand to false, then left unset (Spark's default, true).
      for (String before : java.util.Arrays.asList("false", null)) {
        if (before == null) {
          spark.conf().unset(setting);
        } else {
          spark.conf().set(setting, before);
        }
        String run = "run-" + (after.size() + 1);
        new DropLoader(new Warehouse(spark, dir.resolve(run).toString()), Encodings.Choice.AUTO)
            .load(drop.toString(), run, dir.resolve("staging-" + run).toString(),
                loaded -> seenEachFile.add(loaded.file() + ":" + spark.conf().get(setting)));
        after.add(spark.conf().get(setting));
      }
      assertEquals(List.of("false", "true"), after);
      assertEquals(List.of("units.csv:false", "units.csv:true"), seenEachFile);
    } finally {
      spark.conf().unset(setting);
    }
  }

  private static List<Integer> persistedRdds(SparkContext sc) {
    List<Integer> ids = new ArrayList<>();
    scala.collection.Iterator<Object> keys = sc.getPersistentRDDs().keysIterator();
    while (keys.hasNext()) {
      ids.add((Integer) keys.next());
    }
    return ids;
  }

  private static String describe(Row r) {
    return r.getAs("file") + ":" + r.getAs("line") + ":" + r.getAs("reason");
  }
}
