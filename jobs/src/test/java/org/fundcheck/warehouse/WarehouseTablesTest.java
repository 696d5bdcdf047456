package org.fundcheck.warehouse;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.fundcheck.TestSpark;
import org.junit.jupiter.api.Test;

class WarehouseTablesTest {

  private final SparkSession spark = TestSpark.session();

  private Dataset<Row> payments() {
    return spark.range(10).select(col("id").cast("string").as("payment_id"),
        org.apache.spark.sql.functions.current_date().as("paid_on"));
  }

  private static long version(Warehouse w, String table) {
    return DeltaTable.forPath(w.spark(), w.path(table)).history(1).first().getLong(0);
  }

  @Test
  void aNewTableIsMadeWithItsPropertiesAndNullableColumns() throws Exception {
    Warehouse w = new Warehouse(spark, Files.createTempDirectory("wh-new").toString());
    w.ensureTable("silver/disbursements", payments().schema(), Warehouse.fewStatistics(Optional.of("paid_on")));
    assertEquals("paid_on", w.properties("silver/disbursements").get(Warehouse.STATS_COLUMNS));
    assertTrue(java.util.Arrays.stream(w.read("silver/disbursements").schema().fields()).allMatch(f -> f.nullable()));
    assertEquals(0, w.read("silver/disbursements").count());
  }

  @Test
  void aTableMadeBeforeGetsTheMissingPropertiesOnceAndKeepsItsRows() throws Exception {
    Warehouse w = new Warehouse(spark, Files.createTempDirectory("wh-old").toString());
    payments().write().format("delta").save(w.path("ledgers/household_ledger"));
    assertNull(w.properties("ledgers/household_ledger").get(Warehouse.STATS_COLUMN_COUNT));

    Map<String, String> few = Warehouse.fewStatistics(Optional.empty());
    w.ensureTable("ledgers/household_ledger", payments().schema(), few);
    assertEquals("0", w.properties("ledgers/household_ledger").get(Warehouse.STATS_COLUMN_COUNT));
    long after = version(w, "ledgers/household_ledger");
    assertEquals(1, after);
    // Asked again: nothing differs, so nothing is committed.
    w.ensureTable("ledgers/household_ledger", payments().schema(), few);
    assertEquals(after, version(w, "ledgers/household_ledger"));
    assertEquals(10, w.read("ledgers/household_ledger").count());
  }

  @Test
  void aTablesVersionIsItsLatestCommitReadFromTheLogBesideCheckpointsAndChecksums() throws Exception {
    Warehouse w = new Warehouse(spark, Files.createTempDirectory("wh-version").toString());
    assertEquals(java.util.OptionalLong.empty(), w.version("clues/clues"));
    String path = w.path("clues/clues");
    payments().write().format("delta").save(path);
    spark.sql("ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES ('delta.checkpointInterval' = '2')");
    for (int i = 0; i < 2; i++) {
      payments().write().format("delta").mode("append").save(path);
    }
    // A checkpoint at version 2 (and its _last_checkpoint) and a checksum per commit sit in the same log.
    assertTrue(Files.exists(java.nio.file.Path.of(new java.net.URI(path + "/_delta_log/_last_checkpoint"))));
    assertEquals(3, version(w, "clues/clues"));
    assertEquals(java.util.OptionalLong.of(3), w.version("clues/clues"));
  }
}
