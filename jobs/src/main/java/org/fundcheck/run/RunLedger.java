package org.fundcheck.run;

import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.fundcheck.warehouse.Warehouse;

/**
 * The run ledger ({@code bronze/runs}): one row per run, written when it starts ({@code running}) and
 * replaced when it ends ({@code succeeded} or {@code failed} with the error), so a crashed run is visible.
 */
public final class RunLedger {

  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("as_of", DataTypes.DateType, false)
          .add("input", DataTypes.StringType, true)
          .add("started_at", DataTypes.TimestampType, false)
          .add("finished_at", DataTypes.TimestampType, true)
          .add("status", DataTypes.StringType, false)
          .add("error", DataTypes.StringType, true)
          .add("summary", DataTypes.StringType, true);

  private final Warehouse warehouse;

  public RunLedger(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  public void started(String runId, LocalDate asOf, String input, Instant startedAt) {
    upsert(RowFactory.create(runId, asOf, input, Timestamp.from(startedAt), null, "running", null, null));
  }

  public void finished(String runId, LocalDate asOf, String input, Instant startedAt, String status,
      String error, String summaryJson) {
    upsert(RowFactory.create(runId, asOf, input, Timestamp.from(startedAt), Timestamp.from(Instant.now()),
        status, error, summaryJson));
  }

  private void upsert(Row row) {
    warehouse.spark().sparkContext().setJobGroup("runs", "record the run", false);
    Dataset<Row> rows = warehouse.spark().createDataFrame(List.of(row), SCHEMA);
    if (!warehouse.exists(Warehouse.RUNS)) {
      rows.write().format("delta").mode("append").save(warehouse.path(Warehouse.RUNS));
      return;
    }
    DeltaTable.forPath(warehouse.spark(), warehouse.path(Warehouse.RUNS))
        .as("t")
        .merge(rows.as("s"), "t.run_id = s.run_id")
        .whenMatched()
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .execute();
  }
}
