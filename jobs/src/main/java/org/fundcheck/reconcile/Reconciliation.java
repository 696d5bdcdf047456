package org.fundcheck.reconcile;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.Timings;
import org.fundcheck.rules.PayeeKeys;
import org.fundcheck.rules.RuleContext;
import org.fundcheck.rules.Settings;
import org.fundcheck.warehouse.SmallSides;
import org.fundcheck.warehouse.Warehouse;

/**
 * The three ledgers side by side for the run's as_of (上级给多少, 被巡察单位支多少, 实际落地多少): per project
 * and per (household, project). Amounts are net of reversals; rows dated after as_of are left out as
 * rules.md dates them. These tables are what the dossier and notebooks read.
 */
public final class Reconciliation {

  private static final Column ZERO = lit(BigDecimal.ZERO).cast("decimal(18,2)");
  /** The name the household ledger is shared under with the rules ({@link RuleContext#shared}). */
  static final String HOUSEHOLD_LEDGER = "household_ledger";

  private Reconciliation() {}

  /**
   * The household ledger an earlier run wrote (its Delta {@code version}) and the
   * {@code households} (a column {@code household_id}) whose rows may differ since: every other
   * household's rows are that run's, as_of aside. Whoever makes one vouches for that: the same settings,
   * the same reconciliation code, and every change to the payments, deliveries and registry since
   * counted in.
   */
  public record Earlier(long version, SmallSides.Kept households) {}

  /** Headline figures of a reconciliation, for the run summary. */
  public record Totals(
      long projects, BigDecimal allocated, BigDecimal disbursed, BigDecimal delivered, long householdGaps) {}

  /**
   * Per project: allocated, net disbursed, delivered to households and at project level, and the gaps
   * {@code undisbursed = allocated − disbursed} and {@code undelivered = disbursed − delivered}. Every
   * project of the library appears, and so does any project_id that money names but the library lacks
   * ({@code in_project_library} false), since money without a project is itself worth a look. Built
   * from the {@link ProjectSums} the context keeps, which the project rules read too.
   */
  public static Dataset<Row> projectLedger(RuleContext ctx) {
    Dataset<Row> sums = ProjectSums.of(ctx);
    Dataset<Row> ids = ctx.table("projects").select("project_id").union(sums.select("project_id")).distinct();
    Dataset<Row> library =
        ctx.table("projects")
            .select("project_id", "project_name", "category", "unit_code", "village_code", "status",
                "start_date", "end_date", "budget")
            .withColumn("in_project_library", lit(true));
    Column deliveredTotal =
        coalesce(col("delivered_to_households"), ZERO).plus(coalesce(col("delivered_project_level"), ZERO));
    return ids.join(library, "project_id", "left")
        .join(sums, "project_id", "left")
        .select(
            col("project_id"),
            col("project_name"),
            col("category"),
            col("unit_code"),
            col("village_code"),
            col("status"),
            col("start_date"),
            col("end_date"),
            col("budget"),
            coalesce(col("in_project_library"), lit(false)).as("in_project_library"),
            money(coalesce(col("allocated"), ZERO)).as("allocated"),
            money(coalesce(col("disbursed"), ZERO)).as("disbursed"),
            money(coalesce(col("delivered_to_households"), ZERO)).as("delivered_to_households"),
            money(coalesce(col("delivered_project_level"), ZERO)).as("delivered_project_level"),
            money(deliveredTotal).as("delivered"),
            money(coalesce(col("allocated"), ZERO).minus(coalesce(col("disbursed"), ZERO))).as("undisbursed"),
            money(coalesce(col("disbursed"), ZERO).minus(deliveredTotal)).as("undelivered"),
            lit(ctx.asOf()).as("as_of"));
  }

  /**
   * Per (household, project), for payments to {@code household} payees: {@code paid} (net, on or before
   * as_of), {@code paid_in_grace} (the part paid within the last delivery_grace_days, not yet due to have
   * arrived), {@code delivered}, {@code gap = paid − delivered} and {@code overdue_gap = paid −
   * paid_in_grace − delivered}, which is P(h,p) − D(h,p) of rules.md. {@code registered} says whether the
   * household is in the poverty registry.
   */
  public static Dataset<Row> householdLedger(RuleContext ctx, Dataset<Row> payments) {
    return householdLedger(ctx, payments, ctx.table("deliveries"), ctx.table("households"));
  }

  private static Dataset<Row> householdLedger(RuleContext ctx, Dataset<Row> payments, Dataset<Row> deliveries,
      Dataset<Row> households) {
    LocalDate due = ctx.asOf().minusDays(ctx.settings().days(Settings.DELIVERY_GRACE_DAYS));
    Dataset<Row> paid =
        payments
            .filter(col("payee_type").equalTo(PayeeKeys.HOUSEHOLD))
            .groupBy(col("payee_id").as("household_id"), col("project_id"))
            .agg(
                sum(NetPayments.NET_AMOUNT).as("paid"),
                sum(when(col("paid_on").gt(lit(due)), col(NetPayments.NET_AMOUNT))).as("paid_in_grace"));
    Dataset<Row> delivered =
        deliveries
            .filter(col("household_id").isNotNull())
            .groupBy("household_id", "project_id")
            .agg(sum("amount").as("delivered"));
    Dataset<Row> registry =
        households.select(col("household_id"), col("village_code"), lit(true).as("registered"));
    Column paidAll = coalesce(col("paid"), ZERO);
    Column inGrace = coalesce(col("paid_in_grace"), ZERO);
    Column deliveredAll = coalesce(col("delivered"), ZERO);
    return paid.join(delivered, new String[] {"household_id", "project_id"}, "full")
        .join(registry, new String[] {"household_id"}, "left")
        .select(
            col("household_id"),
            col("project_id"),
            col("village_code"),
            coalesce(col("registered"), lit(false)).as("registered"),
            money(paidAll).as("paid"),
            money(inGrace).as("paid_in_grace"),
            money(deliveredAll).as("delivered"),
            money(paidAll.minus(deliveredAll)).as("gap"),
            money(paidAll.minus(inGrace).minus(deliveredAll)).as("overdue_gap"),
            lit(ctx.asOf()).as("as_of"));
  }

  /**
   * The household ledger of {@code ctx} ({@link #householdLedger}): the rows this run wrote for it when it
   * wrote them ({@link #write}), else computed on first use and kept with the context. UNDELIVERED_HOUSEHOLD
   * starts here: its P(h,p) − D(h,p) is the ledger's {@code overdue_gap}.
   */
  public static Dataset<Row> householdLedgerOf(RuleContext ctx) {
    return ctx.shared(HOUSEHOLD_LEDGER, c -> householdLedger(c, c.netPayments()));
  }

  private static Column money(Column c) {
    return c.cast("decimal(18,2)");
  }

  /**
   * The household ledger of {@code ctx} from {@code earlier}: its rows of the households not among
   * {@code earlier.households()}, as_of set to this one, and the rows of those households summed afresh
   * from their payments and deliveries alone. A nightly drop touches a few households among millions;
   * their rows are the ones that change.
   */
  public static Dataset<Row> householdLedgerSince(Warehouse warehouse, RuleContext ctx, Earlier earlier) {
    Dataset<Row> changed = earlier.households().withRows(h -> h.select(col("household_id").as("_changed"))).toJoin();
    Dataset<Row> kept =
        warehouse.spark().read().format("delta").option("versionAsOf", earlier.version())
            .load(warehouse.path(Warehouse.HOUSEHOLD_LEDGER))
            .join(changed, col("household_id").equalTo(col("_changed")), "left_anti")
            .withColumn("as_of", lit(ctx.asOf()));
    Dataset<Row> recomputed =
        householdLedger(ctx,
            ctx.netPayments().join(changed, col("payee_id").equalTo(col("_changed")), "left_semi"),
            ctx.table("deliveries").join(changed, col("household_id").equalTo(col("_changed")), "left_semi"),
            ctx.table("households").join(changed, col("household_id").equalTo(col("_changed")), "left_semi"));
    return kept.unionByName(recomputed);
  }

  /** Writes the two ledgers of this as_of over the previous ones (Delta keeps every version). */
  public static Totals write(Warehouse warehouse, RuleContext ctx) {
    return write(warehouse, ctx, Timings.none(), Optional.empty());
  }

  /**
   * As {@link #write(Warehouse, RuleContext)}, timing each ledger's write and the totals read back in
   * {@code timings} ({@code project_ledger}, {@code household_ledger}, {@code totals}); the household
   * ledger from {@code earlier} when given ({@link #householdLedgerSince}), else summed in full.
   */
  public static Totals write(Warehouse warehouse, RuleContext ctx, Timings timings, Optional<Earlier> earlier) {
    warehouse.spark().sparkContext().setJobGroup("reconcile", "reconcile the three ledgers", false);
    // The ledgers are summed from the net payments the context keeps in memory. The net payments
    // themselves are not written: they are the disbursements with the reversals netted, derived again
    // where an analyst asks for them (WarehouseView.payments), and a copy of every payment written by
    // every run, the nightly ones too, cost 8 to 20 s of each run at a million households and a sixth of
    // a gigabyte of disk that Delta kept with every version.
    // The project sums are kept with the context for the project rules that start from them; the
    // household sums are not (at a million households keeping them in memory cost more than the one rule
    // that reads them saved): that rule reads them back from the ledger written.
    timings.time("project_ledger",
        () -> overwrite(warehouse, Warehouse.PROJECT_LEDGER, projectLedger(ctx)));
    // The household ledger written is handed to the rules: UNDELIVERED_HOUSEHOLD filters it for its
    // shortfalls instead of summing every payment and delivery per (household, project) a second time.
    timings.time("household_ledger", () -> {
      overwriteLarge(warehouse, Warehouse.HOUSEHOLD_LEDGER,
          earlier.map(e -> householdLedgerSince(warehouse, ctx, e))
              .orElseGet(() -> householdLedger(ctx, ctx.netPayments())));
      ctx.provide(HOUSEHOLD_LEDGER, warehouse.read(Warehouse.HOUSEHOLD_LEDGER));
    });
    return timings.time("totals", () -> totals(warehouse, ctx));
  }

  private static Totals totals(Warehouse warehouse, RuleContext ctx) {
    Row t =
        warehouse.read(Warehouse.PROJECT_LEDGER)
            .agg(org.apache.spark.sql.functions.count(lit(1)), sum("allocated"), sum("disbursed"), sum("delivered"))
            .first();
    long gaps =
        warehouse.read(Warehouse.HOUSEHOLD_LEDGER)
            .filter(col("overdue_gap").gt(lit(ctx.settings().decimal(Settings.TOLERANCE))))
            .count();
    return new Totals(t.getLong(0), orZero(t.getDecimal(1)), orZero(t.getDecimal(2)), orZero(t.getDecimal(3)), gaps);
  }

  private static BigDecimal orZero(BigDecimal d) {
    return d == null ? BigDecimal.ZERO.setScale(2) : d.setScale(2);
  }

  private static void overwrite(Warehouse warehouse, String table, Dataset<Row> rows) {
    rows.write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(warehouse.path(table));
  }

  /**
   * As {@link #overwrite}, for a ledger of a row per household and project: the table keeps few
   * statistics ({@link Warehouse#fewStatistics}, none by date: the ledger has no date a reader filters
   * on), set when it is made or, on a table made before, once.
   */
  private static void overwriteLarge(Warehouse warehouse, String table, Dataset<Row> rows) {
    warehouse.ensureTable(table, rows.schema(), Warehouse.fewStatistics(Optional.empty()));
    overwrite(warehouse, table, rows);
  }
}
