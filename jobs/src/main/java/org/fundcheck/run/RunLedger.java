package org.fundcheck.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.fundcheck.FundcheckErrors;
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

  /** Reads the summaries the run ledger holds (a mapper is thread-safe once configured). */
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Warehouse warehouse;

  public RunLedger(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  public void started(String runId, LocalDate asOf, String input, Instant startedAt) {
    label();
    // A run id is new, so its first row is appended: no merge has to read the table to look for it.
    warehouse.spark()
        .createDataFrame(List.of(RowFactory.create(runId, asOf, input, Timestamp.from(startedAt), null, "running", null, null)), SCHEMA)
        .write().format("delta").mode("append").save(warehouse.path(Warehouse.RUNS));
  }

  public void finished(String runId, LocalDate asOf, String input, Instant startedAt, String status,
      String error, String summaryJson) {
    upsert(RowFactory.create(runId, asOf, input, Timestamp.from(startedAt), Timestamp.from(Instant.now()),
        status, error, summaryJson));
  }

  /** Marks a run that was killed before it could record its end, and discards its partial history. */
  public void markInterrupted(String runId) {
    label();
    discardHistoryOf(runId);
    if (!warehouse.exists(Warehouse.RUNS)) {
      return;
    }
    DeltaTable.forPath(warehouse.spark(), warehouse.path(Warehouse.RUNS))
        .update(
            functions.col("run_id").equalTo(runId).and(functions.col("status").equalTo("running")),
            Map.of("status", functions.lit("failed"),
                "error", functions.lit("interrupted: the process ended before the run finished; a later run redid its work")));
  }

  /**
   * Removes what a run that did not succeed left in the clue history, so the history holds succeeded
   * runs only and the run that redoes the work adds no second copy.
   */
  public void discardHistoryOf(String runId) {
    label();
    if (warehouse.exists(Warehouse.CLUE_HISTORY)) {
      DeltaTable.forPath(warehouse.spark(), warehouse.path(Warehouse.CLUE_HISTORY))
          .delete(functions.col("run_id").equalTo(runId));
    }
  }

  /** The latest succeeded run that loaded a drop with these files and contents, or null. */
  public String succeededRunWithDrop(String dropSha256) {
    label();
    if (!warehouse.exists(Warehouse.RUNS)) {
      return null;
    }
    List<Row> rows = warehouse.read(Warehouse.RUNS)
        .filter(functions.col("status").equalTo("succeeded")
            .and(functions.get_json_object(functions.col("summary"), "$.drop_sha256").equalTo(dropSha256)))
        .orderBy(functions.col("started_at").desc())
        .select("run_id")
        .limit(1)
        .collectAsList();
    return rows.isEmpty() ? null : rows.get(0).getString(0);
  }

  /**
   * The version of {@code table} that a succeeded run left, for reading it back with Delta time travel.
   * An unknown or unfinished run is a user error.
   */
  public long versionLeftBy(String runId, String table) {
    if (!warehouse.exists(Warehouse.RUNS)) {
      throw FundcheckErrors.missingWarehouse(warehouse.root());
    }
    List<Row> rows = warehouse.read(Warehouse.RUNS).filter(functions.col("run_id").equalTo(runId))
        .select("status", "summary").collectAsList();
    if (rows.isEmpty() || !"succeeded".equals(rows.get(0).getString(0))) {
      throw FundcheckErrors.noSuchRun(runId, rows.isEmpty() ? null : rows.get(0).getString(0));
    }
    JsonNode summary = new Succeeded(runId, null, rows.get(0).getString(1)).summary();
    if (summary == null) {
      throw new IllegalStateException("the run ledger's summary of " + runId + " is not JSON");
    }
    return Succeeded.versionIn(summary, table)
        .orElseThrow(() -> FundcheckErrors.noSuchRun(runId, "without a recorded version of " + table));
  }

  /** A succeeded run as the run ledger holds it: its id, as_of and summary (JSON). */
  public record Succeeded(String runId, LocalDate asOf, String summaryJson) {

    /** The summary read as JSON (an empty object when none was recorded), or null when it is not JSON. */
    public JsonNode summary() {
      try {
        return JSON.readTree(summaryJson == null ? "{}" : summaryJson);
      } catch (JsonProcessingException e) {
        return null;
      }
    }

    /**
     * The version of {@code table} this run left, as its summary records it; empty when the table did
     * not exist when the run ended (or the summary is not JSON).
     */
    public java.util.OptionalLong versionLeft(String table) {
      JsonNode s = summary();
      return s == null ? java.util.OptionalLong.empty() : versionIn(s, table);
    }

    /** As {@link #versionLeft}, from a run's {@link #summary} a caller has read already. */
    public static java.util.OptionalLong versionIn(JsonNode summary, String table) {
      JsonNode v = summary.path("table_versions").path(table);
      return v.isNumber() ? java.util.OptionalLong.of(v.asLong()) : java.util.OptionalLong.empty();
    }
  }

  /** The run that succeeded last (the latest start; runs hold the warehouse one at a time), or null. */
  public Succeeded lastSucceeded() {
    label();
    if (!warehouse.exists(Warehouse.RUNS)) {
      return null;
    }
    List<Row> rows = warehouse.read(Warehouse.RUNS)
        .filter(functions.col("status").equalTo("succeeded"))
        .orderBy(functions.col("started_at").desc())
        .select("run_id", "as_of", "summary")
        .limit(1)
        .collectAsList();
    if (rows.isEmpty()) {
      return null;
    }
    Row r = rows.get(0);
    return new Succeeded(r.getString(0), r.<LocalDate>getAs(1), r.getString(2));
  }

  /** The last succeeded run for an as_of date. */
  public String lastSucceededRunOn(LocalDate asOf) {
    if (!warehouse.exists(Warehouse.RUNS)) {
      throw FundcheckErrors.missingWarehouse(warehouse.root());
    }
    List<Row> rows = warehouse.read(Warehouse.RUNS)
        .filter(functions.col("status").equalTo("succeeded").and(functions.col("as_of").equalTo(functions.lit(asOf))))
        .orderBy(functions.col("started_at").desc()).select("run_id").limit(1).collectAsList();
    if (rows.isEmpty()) {
      throw FundcheckErrors.noRunOn(asOf.toString());
    }
    return rows.get(0).getString(0);
  }

  /**
   * The tables whose versions a run records: those it writes after the load, so a later command can read
   * them as that run left them, and the input tables, so the next run can read what changed since.
   */
  static final List<String> VERSIONED = versioned();

  private static List<String> versioned() {
    List<String> tables = new java.util.ArrayList<>(List.of(
        Warehouse.PROJECT_LEDGER, Warehouse.HOUSEHOLD_LEDGER,
        Warehouse.CLUES, Warehouse.CLUE_HISTORY, Warehouse.CLUE_EVIDENCE));
    org.fundcheck.schema.InputContract.get().files().forEach(f -> tables.add(Warehouse.silver(f.name())));
    return List.copyOf(tables);
  }

  /** The current Delta version of each table in {@link #VERSIONED} that exists. */
  public static Map<String, Long> versions(Warehouse warehouse) {
    Map<String, Long> versions = new java.util.LinkedHashMap<>();
    for (String table : VERSIONED) {
      warehouse.version(table).ifPresent(v -> versions.put(table, v));
    }
    return versions;
  }

  private void upsert(Row row) {
    label();
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

  /** The Spark jobs that follow are the run ledger's, whichever stage asked for them. */
  private void label() {
    warehouse.spark().sparkContext().setJobGroup("runs", "the run ledger", false);
  }
}
