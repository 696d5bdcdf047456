package org.fundcheck.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.spark.sql.functions;
import org.fundcheck.Drops;
import org.fundcheck.TestSpark;
import org.fundcheck.warehouse.Warehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file the last run loaded, delivered again byte for byte onto a table nothing wrote since, is kept as
 * that run loaded it; a file whose bytes differ, or whose table was written since, is loaded.
 */
class UnchangedFilesTest {

  @TempDir Path dir;

  static final String PROJECTS = """
      project_id,project_name,category,unit_code,village_code,start_date,end_date,budget,status
      P1,产业补贴,subsidy,630222,,2018-01-01,2018-12-31,1000.00,completed
      P2,道路,roads,630222,,2018-01-01,2018-12-31,5000.00,planned
      """;
  static final String UNITS = """
      unit_code,unit_name,unit_type,parent_code
      630200,海东市,city,
      630222,民和县,county,630200
      """;

  @Test
  void aFileLoadedLastTimeIsKeptWhileItsBytesAndItsTableAreUnchanged() throws Exception {
    Path drop = dir.resolve("drop");
    Drops.write(drop, "projects.csv", PROJECTS);
    Drops.write(drop, "units.csv", UNITS);
    Warehouse w = new Warehouse(TestSpark.session(), dir.resolve("wh").toString());
    DropLoader loader = new DropLoader(w, Encodings.Choice.AUTO);
    List<FileLoad> first = loader.load(drop.toString(), "run-1", dir.resolve("staging").toString());
    Map<String, LoadedBefore> before = new LinkedHashMap<>();
    for (FileLoad f : first) {
      String table = Warehouse.silver(f.file().replace(".csv", ""));
      before.put(f.file(), new LoadedBefore("run-1", f, w.version(table).getAsLong()));
    }

    // The same drop again: neither table gets a commit, and the loads are the ones recorded.
    List<FileLoad> again = loader.load(drop.toString(), "run-2", dir.resolve("staging").toString(), before, f -> { });
    assertSame(before.get("units.csv").load(), again.get(0));
    assertSame(before.get("projects.csv").load(), again.get(1));
    assertEquals(List.of(OptionalLong.of(before.get("units.csv").tableVersion()),
            OptionalLong.of(before.get("projects.csv").tableVersion())),
        List.of(w.version(Warehouse.silver("units")), w.version(Warehouse.silver("projects"))));
    assertEquals(1, w.read(Warehouse.QUARANTINE).count());

    // The units table written since (a run that did not succeed, say): its file is loaded again, and
    // finds every row as delivered; the projects file changed by one amount is loaded too.
    Path other = dir.resolve("other");
    Drops.write(other, "units.csv", UNITS.replace("民和县", "民和回族土族自治县"));
    loader.load(other.toString(), "run-3", dir.resolve("staging").toString());
    Drops.write(drop, "projects.csv", PROJECTS.replace("1000.00", "1200.00"));
    List<FileLoad> third = loader.load(drop.toString(), "run-4", dir.resolve("staging").toString(), before, f -> { });
    assertNotSame(before.get("units.csv").load(), third.get(0));
    assertEquals(before.get("units.csv").load(), third.get(0));
    assertNotSame(before.get("projects.csv").load(), third.get(1));
    assertEquals(List.of("民和县"), w.read(Warehouse.silver("units")).filter(functions.col("unit_code").equalTo("630222"))
        .select("unit_name").collectAsList().stream().map(r -> r.getString(0)).toList());
    assertEquals(List.of("run-4"), w.read(Warehouse.silver("projects")).filter(functions.col("project_id").equalTo("P1"))
        .select(DropLoader.RUN_ID).collectAsList().stream().map(r -> r.getString(0)).toList());
  }
}
