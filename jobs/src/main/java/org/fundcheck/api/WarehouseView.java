package org.fundcheck.api;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.fundcheck.FundcheckErrors;
import org.fundcheck.clues.ClueFilter;
import org.fundcheck.clues.ClueList;
import org.fundcheck.clues.FindingMatcher;
import org.fundcheck.clues.UnitTree;
import org.fundcheck.reconcile.NetPayments;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.Rule;
import org.fundcheck.rules.RuleContext;
import org.fundcheck.rules.Rules;
import org.fundcheck.rules.Settings;
import org.fundcheck.run.RunLedger;
import org.fundcheck.warehouse.Warehouse;

/**
 * A read-only view of one warehouse for analysts: the reconciliation and clue tables as Datasets, a unit's
 * share of any table, a clue's evidence, a rule tried with other thresholds, and earlier versions of a
 * table. Nothing here writes to the warehouse. Every method takes and returns plain Java and Spark types, so
 * Scala notebooks call it as they are.
 */
public final class WarehouseView {

  private final Warehouse warehouse;

  WarehouseView(Warehouse warehouse) {
    this.warehouse = Objects.requireNonNull(warehouse);
  }

  public SparkSession spark() {
    return warehouse.spark();
  }

  public String root() {
    return warehouse.root();
  }

  /** Any table by its place in the warehouse, e.g. {@code table("silver/deaths")}, current version. */
  public Dataset<Row> table(String table) {
    if (!warehouse.exists(table)) {
      throw FundcheckErrors.missingTable(table, warehouse.root());
    }
    return warehouse.read(table);
  }

  /** Per project: allocated, disbursed, delivered and the gaps, as of the last run. */
  public Dataset<Row> projectLedger() {
    return table(Warehouse.PROJECT_LEDGER);
  }

  /** Per (household, project): paid, delivered, gap and overdue gap, as of the last run. */
  public Dataset<Row> householdLedger() {
    return table(Warehouse.HOUSEHOLD_LEDGER);
  }

  /**
   * The payments the ledgers were summed from: every original payment on or before the last succeeded
   * run's as_of with its {@code net_amount} (reversals dated by then netted, floored at 0) and that
   * {@code as_of}. Derived from the disbursements as that run left them, so what a later run loaded and
   * did not finish does not show.
   */
  public Dataset<Row> payments() {
    RunLedger.Succeeded last = new RunLedger(warehouse).lastSucceeded();
    if (last == null) {
      throw FundcheckErrors.noSucceededRun(warehouse.root());
    }
    String table = Warehouse.silver("disbursements");
    // No version recorded: the run ended before any disbursements were delivered.
    java.util.OptionalLong version = last.versionLeft(table);
    Dataset<Row> disbursements =
        version.isPresent() ? asOfVersion(table, version.getAsLong()) : warehouse.noRows("disbursements");
    return NetPayments.of(disbursements, last.asOf()).withColumn("as_of", lit(last.asOf()));
  }

  /** The units (city, county, township, village, departments) with their parent_code. */
  public Dataset<Row> units() {
    return table(Warehouse.silver("units"));
  }

  /** The inspection findings on record. */
  public Dataset<Row> findings() {
    return table(Warehouse.silver("findings"));
  }

  /** The current clue list: every clue ever reported with its status, highest score first. */
  public Dataset<Row> clues() {
    return new ClueList(warehouse).current(ClueFilter.all());
  }

  /** The clue list of one unit and every unit below it. */
  public Dataset<Row> cluesUnder(String unit) {
    return new ClueList(warehouse).current(ClueFilter.all().withUnit(unit));
  }

  /** One clue's row of the clue list; an id the ledger never reported is a user error. */
  public Dataset<Row> clue(String clueId) {
    Dataset<Row> one = clues().filter(col("clue_id").equalTo(lit(clueId)));
    if (one.isEmpty()) {
      throw FundcheckErrors.unknownClue(clueId, warehouse.root());
    }
    return one;
  }

  /**
   * The rows behind one clue as the last run that detected it wrote them: kind (the table each comes
   * from), ref_id (that row's key), ref_date, amount, detail.
   */
  public Dataset<Row> evidence(String clueId) {
    clue(clueId);
    return table(Warehouse.CLUE_EVIDENCE)
        .filter(col("clue_id").equalTo(lit(clueId)))
        .orderBy(col("kind"), col("ref_date").asc_nulls_last(), col("ref_id"));
  }

  /**
   * The rows of a table whose unit column names the unit or any unit below it (townships and villages of
   * a county, departments of a township), e.g. {@code under(projectLedger(), "unit_code", "630202")}.
   */
  public Dataset<Row> under(Dataset<Row> rows, String unitColumn, String unit) {
    if (!Arrays.asList(rows.columns()).contains(unitColumn)) {
      throw FundcheckErrors.unknownColumn(unitColumn, Arrays.asList(rows.columns()));
    }
    Dataset<Row> scope =
        UnitTree.ancestors(units())
            .filter(col("ancestor_code").equalTo(lit(unit)))
            .select(col("unit_code").as("_scope_code"))
            .union(spark().range(1).select(lit(unit).as("_scope_code")));
    return rows.join(broadcast(scope), rows.col(unitColumn).equalTo(scope.col("_scope_code")), "left_semi");
  }

  /**
   * Runs one rule on the warehouse's input tables as of a date with some settings changed
   * ({@code "split_threshold=30000"}, …) and matches its clues to the findings, as a nightly run would;
   * the warehouse is not written.
   *
   * @param asOf the date to judge as of, yyyy-MM-dd
   * @param settings {@code name=value} pairs applied over the defaults of rules.md
   */
  public RuleTrial tryRule(String code, String asOf, String... settings) {
    Rule rule = Rules.byCode(code);
    LocalDate date;
    try {
      date = LocalDate.parse(asOf);
    } catch (java.time.format.DateTimeParseException e) {
      throw FundcheckErrors.badDate("asOf", asOf);
    }
    Settings chosen = Settings.defaults().withAll(Arrays.asList(settings));
    try (RuleContext ctx = new RuleContext(spark(), date, chosen, warehouse.inputTables())) {
      Detection found = rule.detect(ctx);
      // Computed once here, while the context's payments are cached; the trial is then cheap to look at.
      Dataset<Row> clues = FindingMatcher.of(ctx).match(found.clues()).localCheckpoint();
      Dataset<Row> evidence = found.evidence().localCheckpoint();
      return new RuleTrial(code, date, chosen.asMap(), clues, evidence);
    }
  }

  /** The run ledger, oldest first: run_id, as_of, status, started_at, finished_at, error. */
  public Dataset<Row> history() {
    return table(Warehouse.RUNS)
        .select("run_id", "as_of", "status", "started_at", "finished_at", "error")
        .orderBy(col("started_at"), col("run_id"));
  }

  /** A table's Delta versions, oldest first: version, timestamp, operation. */
  public Dataset<Row> versions(String table) {
    table(table);
    return DeltaTable.forPath(spark(), warehouse.path(table)).history()
        .select("version", "timestamp", "operation")
        .orderBy("version");
  }

  /** A table as it was at one Delta version (time travel). */
  public Dataset<Row> asOfVersion(String table, long version) {
    table(table);
    return spark().read().format("delta").option("versionAsOf", version).load(warehouse.path(table));
  }

  /**
   * The version of a table a run left behind: the last commit made before the run finished. Runs write
   * one after another, so this is the table as that run's list and ledgers saw it. Delta dates a commit by
   * its log file's modification time: a warehouse copied without keeping file times (plain {@code cp -r})
   * loses this link, and one copied with them ({@code cp -a}, {@code rsync -t}) keeps it.
   */
  public long versionAfterRun(String table, String runId) {
    List<Row> run = table(Warehouse.RUNS)
        .filter(col("run_id").equalTo(lit(runId)).and(col("finished_at").isNotNull()))
        .select("finished_at").collectAsList();
    if (run.isEmpty()) {
      List<String> known = new ArrayList<>();
      for (Row r : history().filter(col("finished_at").isNotNull()).select("run_id").collectAsList()) {
        known.add(r.getString(0));
      }
      throw FundcheckErrors.unknownRun(runId, warehouse.root(), known);
    }
    Object finished = run.get(0).get(0);
    Instant end = finished instanceof Instant i ? i : ((java.sql.Timestamp) finished).toInstant();
    Row last = versions(table)
        .filter(col("timestamp").leq(lit(java.sql.Timestamp.from(end))))
        .agg(org.apache.spark.sql.functions.max("version"))
        .first();
    if (last.isNullAt(0)) {
      throw FundcheckErrors.noTableVersion(table, warehouse.root(), runId);
    }
    return last.getLong(0);
  }

  /** A table as one run left it: {@link #asOfVersion} at {@link #versionAfterRun}. */
  public Dataset<Row> asOfRun(String table, String runId) {
    return asOfVersion(table, versionAfterRun(table, runId));
  }

  /** The settings a rule trial starts from (rules.md defaults), by name. */
  public static Map<String, String> defaultSettings() {
    return Settings.defaults().asMap();
  }
}
