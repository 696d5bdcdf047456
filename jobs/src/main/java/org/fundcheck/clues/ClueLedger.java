package org.fundcheck.clues;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.fundcheck.Timings;
import org.fundcheck.rules.Detection;
import org.fundcheck.warehouse.Warehouse;

/**
 * The clue ledger of a warehouse: what every run reported, so a team sees which leads are new, which its
 * findings already cover, and which the data no longer shows.
 *
 * <ul>
 *   <li>{@link Warehouse#CLUES}: one row per clue_id ever reported ({@link #CLUES_SCHEMA}), never deleted;
 *   <li>{@link Warehouse#CLUE_HISTORY}: the full list of every run ({@link #HISTORY_SCHEMA}, keyed by
 *       run_id + clue_id), resolved clues included, so any past list is the rows of its run_id;
 *   <li>{@link Warehouse#CLUE_EVIDENCE}: the evidence rows of each clue as the last run that detected it
 *       wrote them ({@link #EVIDENCE_SCHEMA}).
 * </ul>
 *
 * <p>A run writes its list to the history first (Delta MERGE on run_id + clue_id) and then copies that list
 * into the clue table (MERGE on clue_id). The new state depends only on the clue table and the run's
 * clues, and applying a run twice gives the state applying it once gave, so a run that crashed half-way
 * is simply run again with the same run_id: nothing is duplicated. This holds for the latest run; re-running
 * an older run_id after a later one has run rewrites that older run's history from the later state.
 *
 * <p>The run's clues are read more than once (for the history, the evidence and the counts); a caller whose
 * clues are expensive to compute persists them first.
 */
public final class ClueLedger {

  private static final StructType LIST_PART =
      new StructType()
          .add("clue_id", DataTypes.StringType, false)
          .add("rule_code", DataTypes.StringType, true)
          .add("category", DataTypes.StringType, true)
          .add("status", DataTypes.StringType, true)
          .add("unit_code", DataTypes.StringType, true)
          .add("entity_type", DataTypes.StringType, true)
          .add("entity_id", DataTypes.StringType, true)
          .add("project_id", DataTypes.StringType, true)
          .add("household_id", DataTypes.StringType, true)
          .add("amount_at_stake", DataTypes.createDecimalType(18, 2), true)
          .add("score", DataTypes.createDecimalType(18, 2), true)
          .add("finding_id", DataTypes.StringType, true)
          .add("first_seen_on", DataTypes.DateType, true)
          .add("last_seen_on", DataTypes.DateType, true)
          .add("evidence", DataTypes.StringType, true);

  /**
   * The clue table: every clue-list column but unit_name (joined from the units table when a list is
   * read), the clue's evidence date, and {@code last_run_id}, the run that last detected it (the run of
   * last_seen_on).
   */
  public static final StructType CLUES_SCHEMA =
      LIST_PART
          .add("evidence_date", DataTypes.DateType, true)
          .add("last_run_id", DataTypes.StringType, true);

  /** The history: a run's id and date, then the clue-table row as that run left it. */
  public static final StructType HISTORY_SCHEMA = prepend(
      CLUES_SCHEMA,
      DataTypes.createStructField("run_id", DataTypes.StringType, false),
      DataTypes.createStructField("as_of", DataTypes.DateType, true));

  /** The evidence table: the rows of {@link Detection#EVIDENCE_SCHEMA} and the run that wrote them. */
  public static final StructType EVIDENCE_SCHEMA =
      nullable(Detection.EVIDENCE_SCHEMA).add("run_id", DataTypes.StringType, true);

  /**
   * What a run did to the ledger.
   *
   * @param byRule clues this run detected, by rule_code (resolved clues not counted)
   * @param byStatus every clue of this run's list by status, resolved ones included
   */
  public record MergeResult(
      String runId, LocalDate asOf, long detected, long resolved, Map<String, Long> byRule,
      Map<String, Long> byStatus) {
    public MergeResult {
      byRule = Map.copyOf(byRule);
      byStatus = Map.copyOf(byStatus);
    }
  }

  private final Warehouse warehouse;

  public ClueLedger(Warehouse warehouse) {
    this.warehouse = Objects.requireNonNull(warehouse);
  }

  /** Creates the three tables where they do not exist yet; a no-op on an existing ledger. */
  public void ensureTables() {
    create(Warehouse.CLUES, CLUES_SCHEMA);
    create(Warehouse.CLUE_HISTORY, HISTORY_SCHEMA);
    create(Warehouse.CLUE_EVIDENCE, EVIDENCE_SCHEMA);
  }

  /**
   * Records one run.
   *
   * @param runId the run's id; running the same id again replaces that run's history rows
   * @param asOf the run's date, which becomes last_seen_on of every clue it detects
   * @param matchedClues the run's clues, one per clue_id, in the columns of {@link FindingMatcher#MATCHED_SCHEMA}
   * @param evidence their evidence rows ({@link Detection#EVIDENCE_SCHEMA}); rows of other clue_ids are ignored
   * @param weights rule_code → weight for the score ({@link ClueScore})
   */
  public MergeResult merge(
      String runId, LocalDate asOf, Dataset<Row> matchedClues, Dataset<Row> evidence,
      Map<String, BigDecimal> weights) {
    return merge(runId, asOf, matchedClues, evidence, weights, Timings.none(), step -> { });
  }

  /**
   * Records one run as {@link #merge(String, LocalDate, Dataset, Dataset, Map)} does, timing its steps
   * ({@code history}, {@code clues}, {@code evidence}, {@code counts}) and telling {@code progress} as each
   * of the three tables is committed, so an operator can see how far a run that stopped got.
   */
  public MergeResult merge(
      String runId, LocalDate asOf, Dataset<Row> matchedClues, Dataset<Row> evidence,
      Map<String, BigDecimal> weights, Timings timings, Consumer<String> progress) {
    Objects.requireNonNull(runId);
    Objects.requireNonNull(asOf);
    timings.time("tables", this::ensureTables);
    Dataset<Row> list = newList(runId, asOf, matchedClues, weights);

    timings.time("history", () -> upsert(Warehouse.CLUE_HISTORY, list, "run_id", "clue_id"));
    progress.accept("this run's list recorded in the clue history");

    Dataset<Row> ofRun =
        warehouse.read(Warehouse.CLUE_HISTORY).filter(col("run_id").equalTo(lit(runId)))
            .select(columns(CLUES_SCHEMA));
    timings.time("clues", () -> upsert(Warehouse.CLUES, ofRun, "clue_id"));
    progress.accept("clue table updated");

    timings.time("evidence", () -> replaceEvidence(runId, matchedClues, evidence));
    progress.accept("evidence replaced");
    return timings.time("counts", () -> result(runId, asOf, ofRun));
  }

  /** The run's whole list: its clues as detected, and every earlier clue it no longer detects as resolved. */
  private Dataset<Row> newList(
      String runId, LocalDate asOf, Dataset<Row> matchedClues, Map<String, BigDecimal> weights) {
    Dataset<Row> d = matchedClues.as("d");
    Dataset<Row> b = warehouse.read(Warehouse.CLUES).as("b");
    Column detected = col("d.clue_id").isNotNull();
    List<Column> out = new ArrayList<>();
    out.add(lit(runId).as("run_id"));
    out.add(lit(asOf).as("as_of"));
    for (String name : CLUES_SCHEMA.fieldNames()) {
      Column value =
          switch (name) {
            case "status" -> when(detected, col("d.status")).otherwise(lit(ClueStatus.RESOLVED));
            case "score" -> lit(null).cast(DataTypes.createDecimalType(18, 2));
            // The first run that reported it; a re-run of that run finds its own date here.
            case "first_seen_on" -> when(detected, coalesce(col("b.first_seen_on"), lit(asOf)))
                .otherwise(col("b.first_seen_on"));
            case "last_seen_on" -> when(detected, lit(asOf)).otherwise(col("b.last_seen_on"));
            case "last_run_id" -> when(detected, lit(runId)).otherwise(col("b.last_run_id"));
            default -> when(detected, col("d." + name)).otherwise(col("b." + name));
          };
      out.add(value.cast(CLUES_SCHEMA.apply(name).dataType()).as(name));
    }
    Dataset<Row> list =
        d.join(b, col("d.clue_id").equalTo(col("b.clue_id")), "full_outer").select(out.toArray(Column[]::new));
    return list.withColumn("score", ClueScore.column(col("amount_at_stake"), col("rule_code"), col("status"), weights));
  }

  /**
   * Replaces the evidence of every clue this run detected with the run's rows, in one commit; evidence of
   * clues it did not detect stays as their last run left it.
   */
  private void replaceEvidence(String runId, Dataset<Row> matchedClues, Dataset<Row> evidence) {
    Dataset<Row> ids = matchedClues.select(col("clue_id").as("x_clue_id")).distinct();
    Dataset<Row> fresh =
        evidence
            .join(ids, evidence.col("clue_id").equalTo(ids.col("x_clue_id")), "left_semi")
            .withColumn("run_id", lit(runId))
            .select(columns(EVIDENCE_SCHEMA));
    Dataset<Row> current = warehouse.read(Warehouse.CLUE_EVIDENCE);
    Dataset<Row> kept =
        current.join(ids, current.col("clue_id").equalTo(ids.col("x_clue_id")), "left_anti")
            .select(columns(EVIDENCE_SCHEMA));
    // Delta reads the snapshot the overwrite replaces, so the table may be its own source.
    // The fresh rows come in a partition per rule and more: gathered into few files.
    kept.unionByName(fresh)
        .coalesce(warehouse.writers())
        .write()
        .format("delta")
        .mode("overwrite")
        .save(warehouse.path(Warehouse.CLUE_EVIDENCE));
  }

  private MergeResult result(String runId, LocalDate asOf, Dataset<Row> ofRun) {
    Map<String, Long> byStatus = new TreeMap<>();
    for (Row r : ofRun.groupBy("status").count().collectAsList()) {
      byStatus.put(r.getString(0), r.getLong(1));
    }
    Map<String, Long> byRule = new TreeMap<>();
    for (Row r :
        ofRun.filter(col("status").notEqual(lit(ClueStatus.RESOLVED))).groupBy("rule_code").count()
            .collectAsList()) {
      byRule.put(r.getString(0), r.getLong(1));
    }
    long resolved = byStatus.getOrDefault(ClueStatus.RESOLVED, 0L);
    long detected = byStatus.values().stream().mapToLong(Long::longValue).sum() - resolved;
    return new MergeResult(runId, asOf, detected, resolved, byRule, byStatus);
  }

  /** Replaces the rows of {@code table} that {@code rows} repeats by key and adds the others, in one commit. */
  private void upsert(String table, Dataset<Row> rows, String... key) {
    String on = String.join(" AND ", java.util.Arrays.stream(key).map(k -> "t." + k + " = s." + k).toList());
    DeltaTable.forPath(warehouse.spark(), warehouse.path(table))
        .as("t")
        .merge(rows.as("s"), on)
        .whenMatched().updateAll()
        .whenNotMatched().insertAll()
        .execute();
  }

  private void create(String table, StructType schema) {
    DeltaTable.createIfNotExists(warehouse.spark())
        .location(warehouse.path(table))
        .addColumns(schema)
        .execute();
  }

  static Column[] columns(StructType schema) {
    String[] names = schema.fieldNames();
    Column[] cols = new Column[names.length];
    for (int i = 0; i < names.length; i++) {
      cols[i] = col(names[i]);
    }
    return cols;
  }

  private static StructType prepend(StructType schema, org.apache.spark.sql.types.StructField... head) {
    StructType s = new StructType(head);
    for (var f : schema.fields()) {
      s = s.add(f);
    }
    return s;
  }

  private static StructType nullable(StructType schema) {
    StructType s = new StructType();
    for (var f : schema.fields()) {
      s = s.add(f.name(), f.dataType(), true);
    }
    return s;
  }
}
