package org.fundcheck.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.fundcheck.clues.ClueStatus;
import org.fundcheck.load.DropLoader;
import org.fundcheck.reconcile.Reconciliation;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.Locality;
import org.fundcheck.rules.PayeeKeys;
import org.fundcheck.rules.Rule;
import org.fundcheck.rules.RuleContext;
import org.fundcheck.rules.Rules;
import org.fundcheck.schema.FileSpec;
import org.fundcheck.schema.InputContract;
import org.fundcheck.warehouse.SmallSides;
import org.fundcheck.warehouse.Warehouse;

/**
 * Which clues and household ledger rows a run recomputes. A nightly drop touches a few payees among
 * millions, so the rules whose
 * clues depend on one payee's or one account's payments only ({@link Locality#PAYEE},
 * {@link Locality#ACCOUNT}) are recomputed for the payees and accounts whose data changed since the last
 * succeeded run, and that run's clues about the others are carried over as it reported them; rules of
 * {@link Locality#WHOLE} are recomputed in full. Matching and the ledger merge then treat the carried
 * clues exactly as detected ones, so the run's list is the list a full recompute gives. Likewise the
 * household ledger's rows are recomputed for the households whose payments, deliveries or registry row
 * changed, or whose payments left the delivery grace window, and carried over for the others
 * ({@link #householdLedger}).
 *
 * <p>What changed is read from the Delta change feed of each input table between the version the last run
 * recorded and now (a corrected row names the payee it had and the one it has), together with the rows
 * whose date falls between the two runs' as_of (a row dated after the last as_of was loaded but not yet
 * counted). A changed payment names its payee and account, and a reversal the payee and account of the
 * payment it reverses; a changed delivery names its household (for the household ledger only); a
 * changed household or member row names its household; a changed registry row
 * (death, payroll, vehicle, company, village cadre) names its person and every household listing that
 * person among its members.
 *
 * <p>Whenever carrying over could be wrong, everything is recomputed, and the summary says why: no earlier
 * succeeded run, an earlier as_of, other settings, another rule catalog or other compiled rule code
 * or reconciliation code ({@link CodeFingerprint#RULES}), a clue ledger written since (a
 * run that failed half-way), an input table the earlier run did not record, or a change feed that does
 * not reach back to the earlier run. The household ledger is recomputed in full on those grounds too, and
 * when it was written since the last run.
 */
final class RuleScope {

  /** Where a registry names the person it is about (rules.md: members(h) and the individual payee). */
  static final Map<String, String> PERSON_COLUMNS = Map.of(
      "deaths", "id_number",
      "public_payroll", "id_number",
      "vehicles", "owner_id_number",
      "companies", "legal_rep_id_number",
      "village_cadres", "id_number");

  /** The files whose rows name payees directly, by household. */
  private static final List<String> HOUSEHOLD_FILES = List.of("households", "household_members");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String reason;
  private final String sinceRunId;
  private final LocalDate sinceAsOf;
  private final SmallSides.Kept payeeKeys;
  private final SmallSides.Kept accounts;
  private final Reconciliation.Earlier householdLedger;

  private RuleScope(String reason, String sinceRunId, LocalDate sinceAsOf, SmallSides.Kept payeeKeys,
      SmallSides.Kept accounts, Reconciliation.Earlier householdLedger) {
    this.reason = reason;
    this.sinceRunId = sinceRunId;
    this.sinceAsOf = sinceAsOf;
    this.payeeKeys = payeeKeys;
    this.accounts = accounts;
    this.householdLedger = householdLedger;
  }

  /** What recording a run's clues did, and how they were computed ({@link #describe}). */
  record Outcome(org.fundcheck.clues.ClueLedger.MergeResult merge, Map<String, Object> scope) {}

  /** Every clue recomputed, for the reason given. */
  static RuleScope whole(String reason) {
    return new RuleScope(Objects.requireNonNull(reason), null, null, null, null, null);
  }

  /** Whether every rule is recomputed over the whole warehouse. */
  boolean isWhole() {
    return payeeKeys == null;
  }

  /** Why every clue is recomputed; null when only what changed is. */
  String reason() {
    return reason;
  }

  String sinceRunId() {
    return sinceRunId;
  }

  SmallSides.Kept payeeKeys() {
    return payeeKeys;
  }

  SmallSides.Kept accounts() {
    return accounts;
  }

  /**
   * The household ledger the last run wrote and the households whose rows this run recomputes
   * ({@link Reconciliation#write}); empty when every row is recomputed.
   */
  java.util.Optional<Reconciliation.Earlier> householdLedger() {
    return java.util.Optional.ofNullable(householdLedger);
  }

  long payeeKeyCount() {
    return isWhole() ? 0 : payeeKeys.count();
  }

  long accountCount() {
    return isWhole() ? 0 : accounts.count();
  }

  /**
   * Decides what this run recomputes, reading what changed since {@code last} (null: no earlier run;
   * {@code recomputeAll}: asked for every clue), and times its parts: the checks
   * against the last run ({@code checks}), reading each changed table's change feed and dated rows
   * ({@code changes}), and the payee keys and accounts ({@code keys}).
   */
  static RuleScope plan(Warehouse warehouse, RuleContext ctx, RunLedger.Succeeded last, boolean recomputeAll,
      org.fundcheck.Timings timings) {
    long t0 = System.nanoTime();
    JsonNode summary = last == null ? null : last.summary();
    String reason = reasonToRecomputeAll(warehouse, ctx, last, recomputeAll, summary);
    timings.add("checks", System.nanoTime() - t0);
    if (reason != null) {
      return whole(reason);
    }
    long t1 = System.nanoTime();
    List<Dataset<Row>> changedPayments = new ArrayList<>();
    List<Dataset<Row>> changedHouseholds = new ArrayList<>();
    List<Dataset<Row>> changedPersons = new ArrayList<>();
    List<Dataset<Row>> changedDeliveries = new ArrayList<>();
    for (FileSpec spec : InputContract.get().files()) {
      boolean payments = spec.name().equals("disbursements");
      boolean households = HOUSEHOLD_FILES.contains(spec.name());
      boolean deliveries = spec.name().equals("deliveries");
      String person = PERSON_COLUMNS.get(spec.name());
      if (!payments && !households && !deliveries && person == null) {
        // Projects, allocations, units and findings: read by WHOLE rules and matching only.
        continue;
      }
      String table = Warehouse.silver(spec.name());
      java.util.OptionalLong current = warehouse.version(table);
      java.util.OptionalLong then = RunLedger.Succeeded.versionIn(summary, table);
      Dataset<Row> changed;
      if (current.isEmpty()) {
        if (then.isPresent()) {
          return whole(table + " is gone since the last run " + last.runId());
        }
        continue;
      }
      long now = current.getAsLong();
      if (then.isEmpty()) {
        if (RunLedger.Succeeded.versionIn(summary, Warehouse.silver("units")).isEmpty()
            && RunLedger.Succeeded.versionIn(summary, Warehouse.silver("disbursements")).isEmpty()) {
          return whole("the last run " + last.runId() + " recorded no versions of the input tables");
        }
        // First delivered since the last run: every row is new.
        changed = selectColumns(warehouse.read(table), spec);
      } else {
        long from = then.getAsLong();
        if (now < from) {
          return whole(table + " is at version " + now + ", before the " + from + " the last run left");
        }
        if (now == from) {
          changed = null;
        } else {
          if (!"true".equalsIgnoreCase(warehouse.properties(table).get(DropLoader.CHANGE_FEED))) {
            // A table made before the feed was kept: from now on it is, so the next run reads what changes.
            warehouse.spark().sql("ALTER TABLE delta.`" + warehouse.path(table)
                + "` SET TBLPROPERTIES (" + DropLoader.CHANGE_FEED + " = true)");
            return whole("the change feed of " + table + " was off (turned on now, for the next run)");
          }
          try {
            changed = selectColumns(
                warehouse.spark().read().format("delta")
                    .option("readChangeFeed", "true")
                    .option("startingVersion", from + 1)
                    .option("endingVersion", now)
                    .load(warehouse.path(table)),
                spec);
            changed = changed.localCheckpoint();
          } catch (RuntimeException e) {
            return whole("the change feed of " + table + " does not reach back to version " + (from + 1)
                + " (" + firstLine(e.getMessage()) + ")");
          }
        }
      }
      Dataset<Row> window = spec.rowDate()
          .map(d -> ctx.stored(spec.name())
              .filter(col(d).gt(lit(last.asOf())).and(col(d).leq(lit(ctx.asOf())))))
          .map(rows -> selectColumns(rows, spec))
          .orElse(null);
      Dataset<Row> rows = changed == null ? window : window == null ? changed : changed.unionByName(window);
      if (rows == null) {
        continue;
      }
      if (payments) {
        changedPayments.add(rows);
      } else if (deliveries) {
        changedDeliveries.add(rows.select(col("household_id").as("payee_key")));
      } else if (households) {
        changedHouseholds.add(rows.select(col("household_id").as("payee_key")));
      } else {
        changedPersons.add(rows.select(PayeeKeys.idNumber(col(person)).as("person")));
      }
    }
    Dataset<Row> payments = changedPayments.isEmpty()
        ? emptyKeys(ctx).withColumn("account", lit(null).cast(DataTypes.StringType))
        : touched(ctx, changedPayments);
    timings.add("changes", System.nanoTime() - t1);
    SmallSides.Kept keys = timings.time("keys", () -> SmallSides.kept(payeeKeys(ctx, payments, changedHouseholds, changedPersons)));
    SmallSides.Kept accounts = timings.time("keys",
        () -> SmallSides.kept(payments.select("account").filter(col("account").isNotNull()).distinct()));
    Reconciliation.Earlier ledger = timings.time("household_ledger",
        () -> householdLedgerSince(warehouse, ctx, last, summary, keys, changedDeliveries));
    return new RuleScope(null, last.runId(), last.asOf(), keys, accounts, ledger);
  }

  /**
   * The household ledger the last run wrote, with every household whose rows may differ now: the payee
   * keys (a household payee's key is its household_id; the other keys name no household), the households
   * of changed or newly dated deliveries, and those with a payment that has left the grace window since
   * (paid after the last run's as_of − delivery_grace_days, on or before this run's). Every other
   * household's rows are the last run's: its payments, reversals, deliveries and registry row are as they
   * were, each counted the same. Null when the ledger was written since the last run (a failed run) or
   * never.
   */
  private static Reconciliation.Earlier householdLedgerSince(Warehouse warehouse, RuleContext ctx,
      RunLedger.Succeeded last, JsonNode summary, SmallSides.Kept keys, List<Dataset<Row>> changedDeliveries) {
    java.util.OptionalLong then = RunLedger.Succeeded.versionIn(summary, Warehouse.HOUSEHOLD_LEDGER);
    if (then.isEmpty() || !then.equals(warehouse.version(Warehouse.HOUSEHOLD_LEDGER))) {
      return null;
    }
    int grace = ctx.settings().days(org.fundcheck.rules.Settings.DELIVERY_GRACE_DAYS);
    LocalDate lastDue = last.asOf().minusDays(grace);
    LocalDate due = ctx.asOf().minusDays(grace);
    Dataset<Row> households = keys.rows().select("payee_key")
        .union(ctx.netPayments()
            .filter(col("payee_type").equalTo(lit(PayeeKeys.HOUSEHOLD))
                .and(col("paid_on").gt(lit(lastDue))).and(col("paid_on").leq(lit(due))))
            .select(col("payee_id").as("payee_key")));
    for (Dataset<Row> d : changedDeliveries) {
      households = households.union(d);
    }
    return new Reconciliation.Earlier(then.getAsLong(),
        SmallSides.kept(households.filter(col("payee_key").isNotNull()).distinct()
            .select(col("payee_key").as("household_id"))));
  }

  /** Why every clue must be recomputed this run, or null when carrying the last run's clues over is exact. */
  private static String reasonToRecomputeAll(Warehouse warehouse, RuleContext ctx, RunLedger.Succeeded last,
      boolean recomputeAll, JsonNode summary) {
    if (recomputeAll) {
      return "asked to recompute every clue";
    }
    if (last == null) {
      return "no earlier succeeded run";
    }
    if (last.asOf().isAfter(ctx.asOf())) {
      return "the last run " + last.runId() + " was as of " + last.asOf() + ", after this run's as_of";
    }
    if (summary == null) {
      return "the summary of the last run " + last.runId() + " is not JSON";
    }
    if (!ctx.settings().asMap().equals(JSON.convertValue(summary.path("settings"), Map.class))) {
      return "the settings differ from those of the last run " + last.runId();
    }
    if (!catalog().equals(JSON.convertValue(summary.path("scope").path("rule_catalog"), List.class))) {
      return "the rule catalog differs from that of the last run " + last.runId();
    }
    String code = CodeFingerprint.RULES.sha256();
    if (code == null) {
      return "the rules' compiled code could not be read to compare with the last run's";
    }
    if (!code.equals(summary.path("scope").path("rules_code_sha256").asText(null))) {
      return "the rules' code differs from that of the last run " + last.runId();
    }
    for (String table : List.of(Warehouse.CLUES, Warehouse.CLUE_EVIDENCE)) {
      java.util.OptionalLong now = warehouse.version(table);
      if (now.isEmpty() || !now.equals(RunLedger.Succeeded.versionIn(summary, table))) {
        return "the clue ledger was written after the last succeeded run " + last.runId();
      }
    }
    return null;
  }

  /** The rule codes with their locality, as a run records them; another catalog recomputes everything. */
  static List<String> catalog() {
    return Rules.all().stream().map(r -> r.code() + ":" + r.locality()).toList();
  }

  private static Dataset<Row> payeeKeys(RuleContext ctx, Dataset<Row> payments,
      List<Dataset<Row>> households, List<Dataset<Row>> persons) {
    Dataset<Row> keys = emptyKeys(ctx).union(payments.select("payee_key"));
    for (Dataset<Row> h : households) {
      keys = keys.union(h);
    }
    if (!persons.isEmpty()) {
      Dataset<Row> named = persons.get(0);
      for (Dataset<Row> p : persons.subList(1, persons.size())) {
        named = named.union(p);
      }
      SmallSides.Kept people = SmallSides.kept(named.filter(col("person").isNotNull()).distinct());
      if (people.count() == 0) {
        // No registry row changed: the household members need not be read.
        return keys.filter(col("payee_key").isNotNull()).distinct();
      }
      Dataset<Row> heads = ctx.table("households")
          .select(col("household_id"), PayeeKeys.idNumber(col("head_id_number")).as("member_id"));
      Dataset<Row> listed = ctx.table("household_members")
          .select(col("household_id"), PayeeKeys.idNumber(col("id_number")).as("member_id"));
      Dataset<Row> theirHouseholds =
          heads.union(listed).join(people.toJoin(), col("member_id").equalTo(col("person")), "left_semi")
              .select(col("household_id").as("payee_key"));
      keys = keys.union(people.rows().select(col("person").as("payee_key"))).union(theirHouseholds);
    }
    return keys.filter(col("payee_key").isNotNull()).distinct();
  }

  /**
   * The payee key and account of every changed payment row and, for a reversal, of the payment it names:
   * the reversal's amount is the original's, whose payee and account it belongs to (rules.md: net payment).
   */
  private static Dataset<Row> touched(RuleContext ctx, List<Dataset<Row>> changed) {
    Dataset<Row> rows = changed.get(0);
    for (Dataset<Row> more : changed.subList(1, changed.size())) {
      rows = rows.unionByName(more);
    }
    rows = rows.select("payee_type", "payee_id", "payee_account", "reversal_of").localCheckpoint();
    Dataset<Row> named = rows.filter(col("reversal_of").isNotNull()).select(col("reversal_of").as("r_of")).distinct();
    Dataset<Row> originals = ctx.netPayments()
        .join(org.apache.spark.sql.functions.broadcast(named), col("payment_id").equalTo(col("r_of")), "left_semi")
        .select(PayeeKeys.ofPayment().as("payee_key"), col("payee_account").as("account"));
    return rows.select(PayeeKeys.ofPayment().as("payee_key"), col("payee_account").as("account"))
        .union(originals)
        .distinct()
        .localCheckpoint();
  }

  private static Dataset<Row> emptyKeys(RuleContext ctx) {
    return ctx.spark().createDataFrame(List.of(),
        new org.apache.spark.sql.types.StructType().add("payee_key", DataTypes.StringType, true));
  }

  // ------------------------------------------------------------------------------------ running the rules

  /**
   * A rule's clues and evidence for this run, computed once and kept ({@link NightlyRun#materialised}):
   * detected over the whole context, or over {@code scoped}
   * with the clues about payees or accounts outside the scope set aside (they saw only part of their
   * payments). The clues kept and their evidence are materialised too, so matching and the ledger merge
   * read fifteen kept results rather than a plan that looks up the scope's hundred thousand keys again
   * for every rule.
   */
  Detection detect(Rule rule, RuleContext whole, RuleContext scoped) {
    if (isWhole() || rule.locality() == Locality.WHOLE) {
      return NightlyRun.materialised(rule.detect(whole));
    }
    Detection d = NightlyRun.materialised(rule.detect(scoped));
    SmallSides.Kept kept = SmallSides.kept(select(d.clues(), rule.locality(), scoped, true));
    Dataset<Row> ids = kept.withRows(c -> c.select(col("clue_id").as("k_clue_id"))).toJoin();
    return new Detection(kept.rows(),
        d.evidence().join(ids, col("clue_id").equalTo(col("k_clue_id")), "left_semi").localCheckpoint());
  }

  /**
   * The clues of the last run, of the rules recomputed for the scope only, about payees and accounts
   * outside it, with their evidence rows: what this run would detect for them again.
   */
  Detection carriedOver(Warehouse warehouse, RuleContext scoped) {
    if (isWhole()) {
      throw new IllegalStateException("nothing is carried over when every clue is recomputed");
    }
    Dataset<Row> last = warehouse.read(Warehouse.CLUES)
        .filter(col("last_run_id").equalTo(lit(sinceRunId)).and(col("status").notEqual(lit(ClueStatus.RESOLVED))));
    Dataset<Row> carried = null;
    for (Locality locality : List.of(Locality.PAYEE, Locality.ACCOUNT)) {
      List<String> codes = Rules.all().stream().filter(r -> r.locality() == locality).map(Rule::code).toList();
      if (codes.isEmpty()) {
        continue;
      }
      Dataset<Row> ofRules = last.filter(col("rule_code").isin(codes.toArray()));
      Dataset<Row> out = select(ofRules, locality, scoped, false);
      carried = carried == null ? out : carried.unionByName(out);
    }
    Dataset<Row> clues = carried.select(columns(Detection.CLUE_SCHEMA.fieldNames())).localCheckpoint();
    Dataset<Row> ids = clues.select(col("clue_id").as("k_clue_id"));
    Dataset<Row> evidence = warehouse.read(Warehouse.CLUE_EVIDENCE)
        .join(ids, col("clue_id").equalTo(col("k_clue_id")), "left_semi")
        .select(columns(Detection.EVIDENCE_SCHEMA.fieldNames()));
    return new Detection(clues, evidence);
  }

  /**
   * The clues about payees (or accounts) in the scope, or those outside it. A payment clue is the
   * payment's payee's: in the scope when the payment is one of a scoped payee's. The clues inside are
   * one rule's few, so they are the side broadcast and the keys are read past them; the clues outside
   * are the last run's many, looked up in the keys.
   */
  private Dataset<Row> select(Dataset<Row> clues, Locality locality, RuleContext scoped, boolean inside) {
    if (locality == Locality.ACCOUNT) {
      return among(clues, col("entity_id"), accounts.withRows(a -> a.select(col("account").as("s_key"))), inside);
    }
    Column payment = col("entity_type").equalTo(lit("payment"));
    Dataset<Row> aboutPayees = among(clues.filter(org.apache.spark.sql.functions.not(payment)), col("entity_id"),
        payeeKeys.withRows(k -> k.select(col("payee_key").as("s_key"))), inside);
    Dataset<Row> paymentClues = clues.filter(payment);
    Dataset<Row> aboutPayments = among(paymentClues, col("entity_id"), ofScopedPayees(paymentClues, scoped), inside);
    return aboutPayees.unionByName(aboutPayments);
  }

  /**
   * The {@code clues} whose {@code key} is among {@code keys} (a column {@code s_key}, each key once), or
   * with {@code inside} false those whose key is not.
   */
  private static Dataset<Row> among(Dataset<Row> clues, Column key, SmallSides.Kept keys, boolean inside) {
    if (!inside) {
      return clues.join(keys.toJoin(), key.equalTo(col("s_key")), "left_anti");
    }
    // Each key is listed once, so the inner join keeps each clue at most once. The clues are counted
    // first: should a night touch so much that they are many, they are not broadcast after all.
    return keys.rows().join(SmallSides.kept(clues).toJoin(), key.equalTo(col("s_key")))
        .select(columns(clues.columns()));
  }

  /**
   * Of the payments these clues are about, those of a scoped payee (reversed in full or not), as a column
   * {@code s_key}. Only the clues' own payments are looked up, a few among the scoped payees' million at
   * province scale.
   */
  private SmallSides.Kept ofScopedPayees(Dataset<Row> paymentClues, RuleContext scoped) {
    SmallSides.Kept ids = SmallSides.kept(paymentClues.select(col("entity_id").as("c_payment")).distinct());
    if (ids.count() == 0) {
      // Most rules make no payment clue: nothing to look up.
      return ids.withRows(r -> r.select(col("c_payment").as("s_key")));
    }
    SmallSides.Kept theirPayees = SmallSides.kept(
        scoped.netPayments()
            .join(ids.toJoin(), col("payment_id").equalTo(col("c_payment")), "left_semi")
            .select(col("payment_id").as("c_payment"), PayeeKeys.ofPayment().as("c_payee")));
    return SmallSides.kept(
        among(theirPayees.rows(), col("c_payee"),
            payeeKeys.withRows(k -> k.select(col("payee_key").as("s_key"))), true)
            .select(col("c_payment").as("s_key")));
  }

  /** What the summary records: how the clues were computed, and the catalog the next run compares. */
  Map<String, Object> describe(long carriedOver) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (isWhole()) {
      out.put("recomputed", "every clue");
      out.put("reason", reason);
    } else {
      out.put("recomputed", "the clues of changed payees and accounts");
      out.put("since_run", sinceRunId);
      out.put("since_as_of", sinceAsOf.toString());
      out.put("payee_keys", payeeKeys.count());
      out.put("accounts", accounts.count());
      out.put("clues_carried_over", carriedOver);
    }
    out.put("household_ledger_households_recomputed",
        householdLedger == null ? "every household" : (Object) householdLedger.households().count());
    out.put("rule_catalog", catalog());
    out.put("rules_code_sha256", CodeFingerprint.RULES.sha256());
    return out;
  }

  private static Dataset<Row> selectColumns(Dataset<Row> rows, FileSpec spec) {
    return rows.select(columns(spec.columnNames().toArray(String[]::new)));
  }

  private static Column[] columns(String[] names) {
    Column[] cols = new Column[names.length];
    for (int i = 0; i < names.length; i++) {
      cols[i] = col("`" + names[i] + "`");
    }
    return cols;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
