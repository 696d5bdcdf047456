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
import org.fundcheck.warehouse.SmallSides;

/**
 * What a rule sees: the warehouse's input tables as of the run's date (rows dated after as_of cut, master
 * data whole), the net payments, and the settings. Tables have exactly the contract's columns and types
 * ({@link FileSpec#sparkSchema()}): the bookkeeping columns of a stored table (which run, file and line a
 * row came from, all starting with an underscore) are not kept with it, since no rule reads them.
 */
public final class RuleContext implements AutoCloseable {

  private final SparkSession spark;
  private final LocalDate asOf;
  private final Settings settings;
  private final Map<String, Dataset<Row>> tables;
  /** The tables a scoped context narrows to the households among its payee keys. */
  private static final java.util.Set<String> HOUSEHOLD_TABLES = java.util.Set.of("households", "household_members");

  private final Map<String, Dataset<Row>> persisted = new HashMap<>();
  /** What {@link #shared} derived, by name. */
  private final Map<String, Dataset<Row>> derived = new HashMap<>();
  /** What the run stored from this context and handed to {@link #shared} by {@link #provide}, by name. */
  private final Map<String, Dataset<Row>> provided = new HashMap<>();
  /** The context a scoped one narrows, which owns the tables both read; null for a whole context. */
  private final RuleContext whole;
  /** The payee keys and accounts a scoped context keeps the payments of; null for a whole context. */
  private final Dataset<Row> payeeKeys;
  private final Dataset<Row> accounts;
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
    this.whole = null;
    this.payeeKeys = null;
    this.accounts = null;
  }

  private RuleContext(RuleContext whole, Dataset<Row> payeeKeys, Dataset<Row> accounts) {
    this.spark = whole.spark;
    this.asOf = whole.asOf;
    this.settings = whole.settings;
    this.tables = whole.tables;
    this.whole = whole;
    this.payeeKeys = payeeKeys;
    this.accounts = accounts;
  }

  /**
   * This context with the payments narrowed to those whose payee key ({@link PayeeKeys#ofPayment}) is in
   * {@code payeeKeys} (a column {@code payee_key}) or whose payee_account is in {@code accounts} (a column
   * {@code account}), and the household registry and members to the households among the payee keys;
   * every other table is this context's. A rule of {@link Locality#PAYEE} computes here
   * the very clues it computes over the whole warehouse for those payees, and a rule of
   * {@link Locality#ACCOUNT} for those accounts; its results about other payees or accounts are partial
   * and must be set aside. Both key sets are small sides ({@link SmallSides#kept}). Closing the scoped
   * context releases its payments only.
   */
  public RuleContext scopedTo(SmallSides.Kept payeeKeys, SmallSides.Kept accounts) {
    if (whole != null) {
      throw new IllegalStateException("a scoped context cannot be narrowed again");
    }
    return new RuleContext(this,
        payeeKeys.withRows(k -> k.select(col("payee_key").as("_scope_payee"), lit(true).as("_payee_hit"))).toJoin(),
        accounts.withRows(a -> a.select(col("account").as("_scope_account"), lit(true).as("_account_hit"))).toJoin());
  }

  /** Whether this context holds every payment, or only those of some payees and accounts ({@link #scopedTo}). */
  public boolean isScoped() {
    return whole != null;
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
   * The tables a run passes over only once or a few times, each time for a few of their columns: they
   * are read from the warehouse each time rather than kept. The deliveries are summed per project and
   * per (household, project), and then the few of the projects and households a rule fires on are picked
   * out; the household members are matched once against the person registries
   * ({@code Registry.listedMembers}). Keeping every column of ten million deliveries in Spark's cache
   * cost more than those passes.
   */
  private static final java.util.Set<String> READ_AFRESH = java.util.Set.of("deliveries", "household_members");

  /**
   * An input table as stored, every row whatever its date. Persisted on first use until {@link #close()},
   * but for {@link #READ_AFRESH}: the reconciliation and the fifteen rules read the same dozen tables some
   * hundred and fifty times, and every scan of a Delta table would list its files again (a Spark job
   * each) and decode its Parquet again.
   */
  public synchronized Dataset<Row> uncut(String name) {
    if (whole != null && HOUSEHOLD_TABLES.contains(name)) {
      return persisted.computeIfAbsent(name, n ->
          whole.uncut(n).join(payeeKeys, col("household_id").equalTo(col("_scope_payee")), "left_semi")
              .persist(StorageLevel.MEMORY_AND_DISK()));
    }
    if (whole != null) {
      return whole.uncut(name);
    }
    return persisted.computeIfAbsent(name, n -> {
      Dataset<Row> t = tables.get(n);
      if (t == null) {
        return spark.createDataFrame(java.util.List.of(), InputContract.get().file(n).sparkSchema());
      }
      Dataset<Row> columns = contractColumns(n, t);
      return READ_AFRESH.contains(n) ? columns : columns.persist(StorageLevel.MEMORY_AND_DISK());
    });
  }

  /**
   * A stored table with the contract's columns of its file, in the contract's order, without the
   * bookkeeping ones: the net payments of a million households were built
   * 8% faster without them (26.3 against 24.1 s, measured apart).
   */
  private static Dataset<Row> contractColumns(String name, Dataset<Row> stored) {
    return stored.select(InputContract.get().file(name).columnNames().stream()
        .map(c -> col("`" + c + "`")).toArray(org.apache.spark.sql.Column[]::new));
  }

  /**
   * An input table as stored, every row whatever its date, read afresh: for a single pass where keeping
   * the table (as {@link #uncut} does) would cost more than reading it again.
   */
  public Dataset<Row> stored(String name) {
    Dataset<Row> t = tables.get(name);
    return t != null ? t : spark.createDataFrame(java.util.List.of(), InputContract.get().file(name).sparkSchema());
  }

  /**
   * Every original payment paid on or before as_of with its {@code net_amount}, reversed in full or not
   * (the payments the ledgers sum). Computed once and kept: the reconciliation sums it and most rules start
   * here.
   */
  public synchronized Dataset<Row> netPayments() {
    if (netPayments == null && whole != null) {
      // One pass over the kept payments: each payment meets both key sets by broadcast lookups, so none is
      // shuffled and none is kept twice for being both a scoped payee's and a scoped account's.
      Dataset<Row> all = whole.netPayments();
      netPayments =
          all.join(payeeKeys, PayeeKeys.ofPayment().equalTo(col("_scope_payee")), "left")
              .join(accounts, col("payee_account").equalTo(col("_scope_account")), "left")
              .filter(col("_payee_hit").isNotNull().or(col("_account_hit").isNotNull()))
              .select(java.util.Arrays.stream(all.columns()).map(c -> col("`" + c + "`")).toArray(org.apache.spark.sql.Column[]::new))
              .persist(StorageLevel.MEMORY_AND_DISK());
    }
    if (netPayments == null) {
      // Read from the table rather than kept as the other inputs are: no rule reads the disbursements
      // themselves, and keeping both them and their net payments would hold every payment twice.
      Dataset<Row> disbursements = tables.get("disbursements");
      Dataset<Row> kept =
          disbursements != null ? contractColumns("disbursements", disbursements) : uncut("disbursements");
      netPayments = NetPayments.of(kept, asOf).persist(StorageLevel.MEMORY_AND_DISK());
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

  /**
   * A dataset derived from this context that the reconciliation and several rules read (the sums per
   * project): derived once by {@code derive}, kept until {@link #close()}, so each
   * reader starts from the kept sums rather than passing over every payment again. A scoped context
   * derives its own from its own payments.
   */
  public synchronized Dataset<Row> shared(String name, java.util.function.Function<RuleContext, Dataset<Row>> derive) {
    Dataset<Row> stored = provided.get(name);
    if (stored != null) {
      return stored;
    }
    Dataset<Row> kept = derived.get(name);
    if (kept == null) {
      kept = derive.apply(this).persist(StorageLevel.MEMORY_AND_DISK());
      derived.put(name, kept);
    }
    return kept;
  }

  /**
   * What {@link #shared} returns for {@code name} from now on instead of deriving it: {@code rows}, which
   * the run derived from this very context and stored (a ledger it wrote). Not kept in memory: a reader
   * filters the stored table rather than passing over every payment again to derive it.
   */
  public synchronized void provide(String name, Dataset<Row> rows) {
    if (derived.containsKey(name) || provided.containsKey(name)) {
      throw new IllegalStateException(name + " of this context was derived or provided already");
    }
    provided.put(name, Objects.requireNonNull(rows));
  }

  @Override
  public synchronized void close() {
    provided.clear();
    derived.values().forEach(Dataset::unpersist);
    derived.clear();
    if (netPayments != null) {
      netPayments.unpersist();
      netPayments = null;
    }
    persisted.values().forEach(Dataset::unpersist);
    persisted.clear();
  }
}
