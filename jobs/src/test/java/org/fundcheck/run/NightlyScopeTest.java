package org.fundcheck.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.fundcheck.Drops;
import org.fundcheck.clues.ClueFilter;
import org.fundcheck.clues.ClueList;
import org.fundcheck.clues.ClueStatus;
import org.fundcheck.load.Encodings;
import org.fundcheck.rules.ClueIds;
import org.fundcheck.rules.Settings;
import org.fundcheck.schema.InputContract;
import org.fundcheck.warehouse.Warehouse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A third night after {@link TwoNights}, ten days later, with a few changes: a duplicate payment reversed in
 * full, the death of a household head paid after it, a household's card changed to the account of its
 * latest payment, a new payment to another household and a delivery to a third. Run on one copy of the
 * warehouse recomputing the payee and account rules and the household ledger's rows for what changed
 * only, and on another recomputing everything, the clue ledger, the evidence and the ledgers come out
 * the same; the first carries the other clues and ledger rows over.
 */
class NightlyScopeTest {

  /**
   * Ten days after the second night: the sample's last payment to a household (2019-02-28) then leaves the
   * 30-day delivery grace window, and its household's ledger rows change with nothing delivered.
   */
  static final LocalDate THIRD = TwoNights.SECOND.plusDays(10);

  static TwoNights nights;
  static Warehouse scoped;
  static Warehouse whole;
  static RunSummary scopedRun;
  static RunSummary wholeRun;
  static String duplicate;
  static String deceased;
  static String mismatch;
  static String reversedPayee;
  static String deceasedHead;
  static String correctedHousehold;
  static String newPaymentPayee;
  static String deliveredHousehold;
  static String headId;
  static BigDecimal mismatchBefore;
  static Set<String> accounts = new TreeSet<>();

  @BeforeAll
  static void thirdNight() {
    nights = TwoNights.get();
    Warehouse two = nights.twoNights;
    Dataset<Row> payments = two.read(Warehouse.silver("disbursements"));
    Dataset<Row> households = two.read(Warehouse.silver("households"));
    Dataset<Row> current = two.read(Warehouse.CLUES).filter(col("status").notEqual(lit(ClueStatus.RESOLVED)));

    // A duplicate payment to a household, reversed in full: its clue is resolved.
    Row dup = current.filter(col("rule_code").equalTo("DUPLICATE_PAYMENT").and(col("household_id").isNotNull()))
        .orderBy("entity_id").first();
    duplicate = dup.getAs("clue_id");
    Row paid = payments.filter(col("payment_id").equalTo(dup.<String>getAs("entity_id"))).first();
    reversedPayee = paid.getAs("payee_id");
    Map<String, String> reversal = values(paid, "disbursements");
    reversal.put("payment_id", "FKR-THIRD-0001");
    reversal.put("amount", ((BigDecimal) paid.getAs("amount")).negate().toPlainString());
    reversal.put("reversal_of", paid.getAs("payment_id"));
    reversal.put("paid_on", THIRD.toString());
    reversal.put("voucher_no", "记201903-THIRD-1");

    // A household paid since 2016 and flagged by no payee rule: its head dies at the start of 2016.
    Set<String> flagged = new TreeSet<>();
    for (Row r : current.select("household_id").filter(col("household_id").isNotNull()).distinct().collectAsList()) {
      flagged.add(r.getString(0));
    }
    Row head = null;
    for (Row h : households.filter(col("status").equalTo("registered")).orderBy("household_id").collectAsList()) {
      String id = h.getAs("household_id");
      if (!flagged.contains(id) && !id.equals(reversedPayee)
          && payments.filter(col("payee_id").equalTo(id).and(col("paid_on").gt(lit(LocalDate.of(2016, 1, 1))))).count() > 0) {
        head = h;
        break;
      }
    }
    deceasedHead = head.getAs("household_id");
    headId = head.getAs("head_id_number");
    deceased = ClueIds.of("DECEASED_PAYEE", "household", deceasedHead, null);
    Map<String, String> death = new LinkedHashMap<>();
    death.put("id_number", head.getAs("head_id_number"));
    death.put("name", head.getAs("head_name"));
    death.put("died_on", "2016-01-01");
    death.put("source", "公安户籍注销");

    // A card changed in the registry to the account of the household's latest flagged payment.
    Row mismatched = current.filter(col("rule_code").equalTo("ACCOUNT_MISMATCH")).orderBy("entity_id").first();
    String account = payments.filter(col("payee_id").equalTo(mismatched.<String>getAs("entity_id"))
            .and(col("payee_account").isNotNull()))
        .orderBy(col("paid_on").desc(), col("payment_id").desc()).first().getAs("payee_account");
    mismatchBefore = mismatched.getAs("amount_at_stake");
    mismatch = mismatched.getAs("clue_id");
    correctedHousehold = mismatched.getAs("entity_id");
    Map<String, String> corrected =
        values(households.filter(col("household_id").equalTo(correctedHousehold)).first(), "households");
    corrected.put("bank_account", account);

    // One more ordinary payment, to the last registered household.
    Row other = payments.filter(col("payee_type").equalTo("household").and(col("amount").gt(0))
            .and(col("payee_id").notEqual(deceasedHead)))
        .orderBy(col("payee_id").desc(), col("payment_id")).first();
    newPaymentPayee = other.getAs("payee_id");
    Map<String, String> fresh = values(other, "disbursements");
    fresh.put("payment_id", "FKN-THIRD-0001");
    fresh.put("amount", "120.00");
    fresh.put("reversal_of", "");
    fresh.put("paid_on", THIRD.toString());
    fresh.put("voucher_no", "记201903-THIRD-2");

    // A delivery confirmed today to a household none of the other changes names.
    Row delivery = two.read(Warehouse.silver("deliveries"))
        .filter(col("household_id").isNotNull()
            .and(functions.not(col("household_id").isin(reversedPayee, newPaymentPayee, correctedHousehold, deceasedHead))))
        .orderBy("delivery_id").first();
    deliveredHousehold = delivery.getAs("household_id");
    Map<String, String> confirmed = values(delivery, "deliveries");
    confirmed.put("delivery_id", "JD-THIRD-0001");
    confirmed.put("amount", "10.00");
    confirmed.put("delivered_on", THIRD.toString());

    for (Row r : List.of(paid, other)) {
      if (r.getAs("payee_account") != null) {
        accounts.add(r.getAs("payee_account"));
      }
    }

    Path drop = nights.root.resolve("night3");
    write(drop, "disbursements", List.of(reversal, fresh));
    write(drop, "deaths", List.of(death));
    write(drop, "households", List.of(corrected));
    write(drop, "deliveries", List.of(confirmed));

    scoped = TwoNights.warehouse(nights.copy(Path.of(two.root()), "third-night-scoped"));
    whole = TwoNights.warehouse(nights.copy(Path.of(two.root()), "third-night-whole"));
    scopedRun = run(drop, scoped, false);
    wholeRun = run(drop, whole, true);
    thirdNight = drop;
  }

  static Path thirdNight;

  @Test
  void aTableWithoutItsChangeFeedHasEveryClueRecomputedAndTheFeedTurnedOn() {
    Warehouse legacy = TwoNights.warehouse(nights.copy(Path.of(nights.twoNights.root()), "third-night-legacy"));
    String table = Warehouse.silver("disbursements");
    legacy.spark().sql("ALTER TABLE delta.`" + legacy.path(table) + "` SET TBLPROPERTIES ("
        + org.fundcheck.load.DropLoader.CHANGE_FEED + " = false)");
    RunSummary run = run(thirdNight, legacy, false);
    assertEquals("the change feed of silver/disbursements was off (turned on now, for the next run)",
        run.scope().get("reason"));
    assertEquals("true", legacy.properties(table).get(org.fundcheck.load.DropLoader.CHANGE_FEED));
    assertEquals(list(whole), list(legacy));
  }

  @Test
  void recomputingWhatChangedGivesTheListAndEvidenceOfRecomputingEverything() {
    Map<String, Map<String, Object>> byScope = list(scoped);
    Map<String, Map<String, Object>> byWhole = list(whole);
    assertEquals(byWhole.keySet(), byScope.keySet());
    for (String id : byWhole.keySet()) {
      assertEquals(byWhole.get(id), byScope.get(id), id);
    }
    assertEquals(evidence(whole), evidence(scoped));
    for (String ledger : List.of(Warehouse.PROJECT_LEDGER, Warehouse.HOUSEHOLD_LEDGER)) {
      assertEquals(TwoDropEquivalenceTest.rows(whole.read(ledger)), TwoDropEquivalenceTest.rows(scoped.read(ledger)), ledger);
    }
    assertEquals(wholeRun.cluesByRule(), scopedRun.cluesByRule());
    assertEquals(wholeRun.cluesByStatus(), scopedRun.cluesByStatus());
  }

  @Test
  void theChangesShowInTheList() {
    Map<String, Map<String, Object>> list = list(scoped);
    assertEquals(ClueStatus.RESOLVED, list.get(duplicate).get("status"));
    // The card now matches some of the household's payments and not others: another amount, or none.
    assertTrue(ClueStatus.RESOLVED.equals(list.get(mismatch).get("status"))
        || !mismatchBefore.equals(list.get(mismatch).get("amount_at_stake")), list.get(mismatch).toString());
    assertEquals(ClueStatus.NEW, list.get(deceased).get("status"));
    assertEquals(THIRD, list.get(deceased).get("first_seen_on"));
  }

  @Test
  void theScopedRunNamesTheRunItBuiltOnAndWhatItRecomputed() {
    Map<String, Object> scope = scopedRun.scope();
    assertEquals(nights.second.runId(), scope.get("since_run"));
    assertEquals(TwoNights.SECOND.toString(), scope.get("since_as_of"));
    // The payees of the two payments, the corrected household, the dead head himself (an individual payee
    // could carry his number) and every household listing him: his own.
    Set<String> keys = new TreeSet<>(Set.of(reversedPayee, newPaymentPayee, correctedHousehold, headId));
    keys.addAll(householdsListing(nights.twoNights, headId));
    assertTrue(keys.contains(deceasedHead));
    assertEquals(keys.size(), ((Number) scope.get("payee_keys")).longValue());
    assertEquals(accounts.size(), ((Number) scope.get("accounts")).longValue());
    long carried = ((Number) scope.get("clues_carried_over")).longValue();
    long payeeRuleClues = scopedRun.cluesByRule().entrySet().stream()
        .filter(e -> !Set.of("OVER_DISBURSED", "IDLE_FUNDS", "UNDELIVERED_HOUSEHOLD", "UNDELIVERED_PROJECT",
            "PAYMENT_OUT_OF_PERIOD").contains(e.getKey()))
        .mapToLong(Map.Entry::getValue).sum();
    // All but the clues of the four payees: the new one is recomputed, the two resolved are not detected.
    assertTrue(carried > 0 && carried < payeeRuleClues, carried + " of " + payeeRuleClues);
    assertEquals("asked to recompute every clue", wholeRun.scope().get("reason"));

    // The household ledger's rows recomputed: those of the payee keys, of the delivery's household, and of
    // every household with a payment that has left the grace window since the second night.
    int grace = Settings.defaults().days(Settings.DELIVERY_GRACE_DAYS);
    LocalDate leftGrace = THIRD.minusDays(grace);
    Set<String> recomputed = new TreeSet<>(keys);
    recomputed.add(deliveredHousehold);
    for (Row r : nights.twoNights.read(Warehouse.silver("disbursements"))
        .filter(col("payee_type").equalTo("household").and(col("reversal_of").isNull())
            .and(col("paid_on").gt(lit(TwoNights.SECOND.minusDays(grace)))).and(col("paid_on").leq(lit(leftGrace))))
        .select("payee_id").distinct().collectAsList()) {
      recomputed.add(r.getString(0));
    }
    assertTrue(recomputed.size() > keys.size() + 1, recomputed.size() + " households, " + leftGrace);
    assertEquals(recomputed.size(), ((Number) scope.get("household_ledger_households_recomputed")).longValue());
    assertEquals("every household", wholeRun.scope().get("household_ledger_households_recomputed"));
  }

  private static Set<String> householdsListing(Warehouse warehouse, String id) {
    Set<String> out = new TreeSet<>();
    for (Row r : warehouse.read(Warehouse.silver("households")).filter(col("head_id_number").equalTo(id))
        .select("household_id").union(warehouse.read(Warehouse.silver("household_members"))
            .filter(col("id_number").equalTo(id)).select("household_id")).collectAsList()) {
      out.add(r.getString(0));
    }
    return out;
  }

  private static RunSummary run(Path drop, Warehouse warehouse, boolean recomputeAll) {
    NightlyRun.Options options = new NightlyRun.Options(
        drop.toString(), warehouse.root(), THIRD, Encodings.Choice.AUTO, Settings.defaults());
    return new NightlyRun(org.fundcheck.TestSpark.session(), recomputeAll ? options.recomputingAll() : options).execute();
  }

  /** A stored row's contract columns as the text a drop holds. */
  private static Map<String, String> values(Row row, String file) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String c : InputContract.get().file(file).columnNames()) {
      Object v = row.getAs(c);
      out.put(c, v == null ? "" : v instanceof BigDecimal d ? d.toPlainString() : v.toString());
    }
    return out;
  }

  private static void write(Path drop, String file, List<Map<String, String>> rows) {
    List<String> header = InputContract.get().file(file).columnNames();
    StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
    for (Map<String, String> r : rows) {
      sb.append(String.join(",", header.stream().map(r::get).toList())).append('\n');
    }
    Drops.write(drop, file + ".csv", sb.toString());
  }

  private static Map<String, Map<String, Object>> list(Warehouse warehouse) {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    for (Row r : new ClueList(warehouse).current(ClueFilter.all()).collectAsList()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (String c : ClueList.COLUMNS) {
        m.put(c, r.getAs(c));
      }
      out.put(r.getAs("clue_id"), m);
    }
    return out;
  }

  private static List<String> evidence(Warehouse warehouse) {
    return TwoDropEquivalenceTest.rows(warehouse.read(Warehouse.CLUE_EVIDENCE).drop("run_id"));
  }
}
