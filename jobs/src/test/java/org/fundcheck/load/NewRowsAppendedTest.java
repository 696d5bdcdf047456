package org.fundcheck.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.fundcheck.Drops;
import org.fundcheck.TestSpark;
import org.fundcheck.warehouse.Warehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A later drop whose keys the table does not hold yet is appended; one that repeats a stored key is merged
 * by key. Either way the table ends as a merge leaves it, and its change feed names the rows inserted and
 * updated, which the next run's scope reads.
 */
class NewRowsAppendedTest {

  private static final String PROJECTS_HEADER =
      "project_id,project_name,category,unit_code,village_code,start_date,end_date,budget,status\n";
  private static final String MEMBERS_HEADER = "household_id,id_number,name,relation\n";

  @TempDir Path dir;

  @Test
  void aDropOfNewKeysIsAppendedAndOneRepeatingAStoredKeyIsMerged() throws Exception {
    SparkSession spark = TestSpark.session();
    Warehouse w = new Warehouse(spark, dir.resolve("wh").toString());
    load(w, "d1", PROJECTS_HEADER + """
        P1,产业补贴,subsidy,630222,,2018-01-01,2018-12-31,1000.00,completed
        P2,道路,infrastructure,630222,,2018-06-01,2018-12-31,5000.00,planned
        """);
    load(w, "d2", PROJECTS_HEADER + """
        P3,饮水,infrastructure,630222,,2018-03-01,2018-12-31,800.00,planned
        P4,培训,employment,630222,,2018-04-01,2018-12-31,300.00,planned
        """);
    String projects = Warehouse.silver("projects");
    assertEquals("WRITE", lastOperation(w, projects));
    // The key's range is kept for the check; projects have no date.
    assertEquals("project_id", w.properties(projects).get(Warehouse.STATS_COLUMNS));
    assertEquals(List.of("P1 1000.00 d1", "P2 5000.00 d1", "P3 800.00 d2", "P4 300.00 d2"), projects(w));

    // P4's budget corrected, P5 new: merged by key, P1 to P3 left as they were.
    load(w, "d3", PROJECTS_HEADER + """
        P4,培训,employment,630222,,2018-04-01,2018-12-31,350.00,planned
        P5,危房改造,housing,630222,,2018-05-01,2018-12-31,900.00,planned
        """);
    assertEquals("MERGE", lastOperation(w, projects));
    assertEquals(List.of("P1 1000.00 d1", "P2 5000.00 d1", "P3 800.00 d2", "P4 350.00 d3", "P5 900.00 d3"),
        projects(w));
    assertEquals(List.of("P3 insert", "P4 insert", "P4 update_postimage", "P4 update_preimage", "P5 insert"),
        spark.read().format("delta").option("readChangeFeed", "true").option("startingVersion", 2)
            .load(w.path(projects))
            .orderBy("project_id", "_change_type").collectAsList().stream()
            .map(r -> r.getAs("project_id") + " " + r.getAs("_change_type")).toList());
  }

  @Test
  void aKeyOfSeveralColumnsIsNewWhenItsColumnsTogetherAreNew() throws Exception {
    Warehouse w = new Warehouse(TestSpark.session(), dir.resolve("wh").toString());
    String a = Drops.id("632122", "19800101", 1);
    String b = Drops.id("632122", "19820202", 2);
    load(w, "d1", "household_members.csv", MEMBERS_HEADER + "H1," + a + ",张三,head\n");
    // The same household with another person, and the same person in another household: both new keys.
    load(w, "d2", "household_members.csv", MEMBERS_HEADER + "H1," + b + ",李四,spouse\nH2," + a + ",张三,head\n");
    String members = Warehouse.silver("household_members");
    assertEquals("WRITE", lastOperation(w, members));
    assertEquals("household_id", w.properties(members).get(Warehouse.STATS_COLUMNS));
    load(w, "d3", "household_members.csv", MEMBERS_HEADER + "H2," + a + ",张三,other\n");
    assertEquals("MERGE", lastOperation(w, members));
    assertEquals(List.of("H1 " + a + " head", "H1 " + b + " spouse", "H2 " + a + " other"),
        w.read(members).orderBy("household_id", "id_number").collectAsList().stream()
            .map(r -> r.getAs("household_id") + " " + r.getAs("id_number") + " " + r.getAs("relation")).toList());
  }

  private void load(Warehouse w, String runId, String projectsCsv) throws Exception {
    load(w, runId, "projects.csv", projectsCsv);
  }

  private void load(Warehouse w, String runId, String file, String csv) throws Exception {
    Path drop = dir.resolve(runId);
    Drops.write(drop, file, csv);
    new DropLoader(w, Encodings.Choice.AUTO).load(drop.toString(), runId, dir.resolve("staging").toString());
  }

  private static String lastOperation(Warehouse w, String table) {
    return DeltaTable.forPath(w.spark(), w.path(table)).history(1).select("operation").first().getString(0);
  }

  private static List<String> projects(Warehouse w) {
    return w.read(Warehouse.silver("projects")).orderBy("project_id").collectAsList().stream()
        .map((Row r) -> r.getAs("project_id") + " " + r.getAs("budget") + " " + r.getAs(DropLoader.RUN_ID))
        .toList();
  }
}
