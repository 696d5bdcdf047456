package org.fundcheck.rules;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.fundcheck.reconcile.NetPayments;
import org.fundcheck.schema.FileSpec;
import org.fundcheck.schema.InputContract;

/**
 * What a rule sees: the warehouse's input tables as of the run's date (rows dated after as_of cut, master
 * data whole), the net payments, and the settings. Tables have exactly the contract's columns and types
 * ({@link FileSpec#sparkSchema()}), plus any bookkeeping columns starting with an underscore.
 */
public final class RuleContext implements AutoCloseable {

  private final SparkSession spark;
  private final LocalDate asOf;
  private final Settings settings;
  private final Map<String, Dataset<Row>> tables;
  private final Map<String, Dataset<Row>> persisted = new HashMap<>();
  private Dataset<Row> netPayments;

  /**
   * @param tables every input table by its file name ({@code disbursements}, {@code households}, …),
   *     uncut; a file never delivered is an empty table of its schema
   */
  public RuleContext(SparkSession spark, LocalDate asOf, Settings settings, Map<String, Dataset<Row>> tables) {
    this.spark = Objects.requireNonNull(spark);
    this.asOf = Objects.requireNonNull(asOf);
    this.settings = Objects.requireNonNull(settings);
    this.tables = Map.copyOf(tables);
  }

  public SparkSession spark() {
    return spark;
  }

  public LocalDate asOf() {
    return asOf;
  }

  public Settings settings() {
    return settings;
  }

  /** An input table with the as_of cut applied (rules.md: the date of each row). */
  public Dataset<Row> table(String name) {
    FileSpec spec = InputContract.get().file(name);
    Dataset<Row> whole = uncut(name);
    return spec.rowDate().map(d -> whole.filter(col(d).leq(lit(asOf)))).orElse(whole);
  }

  /**
   * An input table as stored, every row whatever its date. Persisted on first use until {@link #close()}:
   * the reconciliation and the fifteen rules read the same dozen tables some hundred and fifty times, and
   * every scan of a Delta table would list its files again (a Spark job each) and decode its Parquet again.
   */
  public synchronized Dataset<Row> uncut(String name) {
    return persisted.computeIfAbsent(name, n -> {
      Dataset<Row> t = tables.get(n);
      return t != null
          ? t.persist(StorageLevel.MEMORY_AND_DISK())
          : spark.createDataFrame(java.util.List.of(), InputContract.get().file(n).sparkSchema());
    });
  }

  /**
   * Every original payment paid on or before as_of with its {@code net_amount}, reversed in full or not
   * (the payments ledger). Computed once and kept: the reconciliation writes it and most rules start here.
   */
  public synchronized Dataset<Row> netPayments() {
    if (netPayments == null) {
      // Read from the table rather than kept as the other inputs are: no rule reads the disbursements
      // themselves, and keeping both them and their net payments would hold every payment twice.
      Dataset<Row> disbursements = tables.get("disbursements");
      netPayments = NetPayments.of(disbursements != null ? disbursements : uncut("disbursements"), asOf)
          .persist(StorageLevel.MEMORY_AND_DISK());
    }
    return netPayments;
  }

  /**
   * Net-positive original payments paid on or before as_of: every disbursement column plus
   * {@code net_amount}. A payment reversed in full is absent; reversal rows are absent.
   */
  public Dataset<Row> payments() {
    return netPayments().filter(col(NetPayments.NET_AMOUNT).gt(0));
  }

  @Override
  public synchronized void close() {
    if (netPayments != null) {
      netPayments.unpersist();
      netPayments = null;
    }
    persisted.values().forEach(Dataset::unpersist);
    persisted.clear();
  }
}
