package org.fundcheck.clues;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.fundcheck.FundcheckErrors;
import org.fundcheck.warehouse.Warehouse;

/**
 * The clue list a team reads (outputs.md, "The clue list"): the columns in the contract's order, highest
 * score first, ties by clue_id, with each unit's name from the units table (empty when the warehouse has
 * no units table or does not list the unit).
 */
public final class ClueList {

  /** The list's columns, in the order of outputs.md. */
  public static final List<String> COLUMNS = List.of(
      "clue_id", "rule_code", "category", "status", "unit_code", "unit_name", "entity_type", "entity_id",
      "project_id", "household_id", "amount_at_stake", "score", "finding_id", "first_seen_on", "last_seen_on",
      "evidence");

  /** The list's schema: the clue table's types, with unit_name. */
  public static final StructType SCHEMA = schema();

  private final Warehouse warehouse;

  public ClueList(Warehouse warehouse) {
    this.warehouse = Objects.requireNonNull(warehouse);
  }

  /** The list as the ledger holds it now: every clue ever reported, each with its current status. */
  public Dataset<Row> current(ClueFilter filter) {
    requireLedger(Warehouse.CLUES);
    return shape(warehouse.read(Warehouse.CLUES), filter);
  }

  /**
   * The list as the ledger held it at a past version of the clue table (Delta time travel): the list a
   * run left, given the version the run ledger recorded for it.
   */
  public Dataset<Row> atVersion(long clueTableVersion, ClueFilter filter) {
    requireLedger(Warehouse.CLUES);
    return shape(warehouse.spark().read().format("delta").option("versionAsOf", clueTableVersion)
        .load(warehouse.path(Warehouse.CLUES)), filter);
  }

  /** The list one run reported, as it reported it (empty for a run id the history does not hold). */
  public Dataset<Row> forRun(String runId, ClueFilter filter) {
    requireLedger(Warehouse.CLUE_HISTORY);
    return shape(warehouse.read(Warehouse.CLUE_HISTORY).filter(col("run_id").equalTo(lit(runId))), filter);
  }

  private Dataset<Row> shape(Dataset<Row> clues, ClueFilter filter) {
    Dataset<Row> units = units();
    Dataset<Row> picked = clues;
    if (!filter.statuses().isEmpty()) {
      picked = picked.filter(col("status").isin(filter.statuses().toArray()));
    }
    if (filter.unit().isPresent()) {
      String unit = filter.unit().get();
      Dataset<Row> below =
          UnitTree.ancestors(units)
              .filter(col("ancestor_code").equalTo(lit(unit)))
              .select(col("unit_code").as("scope_code"))
              .union(units.sparkSession().range(1).select(lit(unit).as("scope_code")));
      picked = picked.join(broadcast(below), picked.col("unit_code").equalTo(below.col("scope_code")), "left_semi");
    }
    Dataset<Row> names = units.select(col("unit_code").as("n_unit_code"), col("unit_name"));
    Dataset<Row> chosen = picked;
    Column[] out = COLUMNS.stream()
        .map(c -> c.equals("unit_name") ? col("unit_name") : chosen.col(c))
        .toArray(Column[]::new);
    return chosen
        .join(broadcast(names), chosen.col("unit_code").equalTo(names.col("n_unit_code")), "left")
        .select(out)
        .orderBy(col("score").desc_nulls_last(), col("clue_id").asc());
  }

  /** unit_code, unit_name, parent_code of every loaded unit; none when no units were ever loaded. */
  private Dataset<Row> units() {
    String table = Warehouse.silver("units");
    if (warehouse.exists(table)) {
      return warehouse.read(table).select("unit_code", "unit_name", "parent_code");
    }
    StructType empty = new StructType()
        .add("unit_code", DataTypes.StringType)
        .add("unit_name", DataTypes.StringType)
        .add("parent_code", DataTypes.StringType);
    return warehouse.spark().createDataFrame(List.of(), empty);
  }

  private void requireLedger(String table) {
    if (!warehouse.exists(table)) {
      throw FundcheckErrors.noClueLedger(warehouse.root());
    }
  }

  private static StructType schema() {
    StructType s = new StructType();
    for (String c : COLUMNS) {
      s = c.equals("unit_name")
          ? s.add("unit_name", DataTypes.StringType, true)
          : s.add(ClueLedger.CLUES_SCHEMA.apply(c));
    }
    return s;
  }
}
