package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.rules.PayeeKeys;
import org.fundcheck.rules.RuleContext;
import org.fundcheck.warehouse.SmallSides;

/**
 * The registry views the rules share (rules.md, Terms): the registered households, members(h), and the
 * payments split by who received them. Identity numbers are compared with a lowercase x read as X, in
 * every column that holds one, including an individual payee's payee_id.
 */
final class Registry {

  static final String HOUSEHOLD = PayeeKeys.HOUSEHOLD;
  static final String INDIVIDUAL = PayeeKeys.INDIVIDUAL;
  static final String COMPANY = "company";

  private Registry() {}

  /** An identity number as compared: lowercase x read as X. */
  static Column idNumber(Column c) {
    return PayeeKeys.idNumber(c);
  }

  /** payee_id as compared: an identity number for an individual payee, the key as written otherwise. */
  static Column payeeKey() {
    return PayeeKeys.ofPayment();
  }

  /**
   * members(h): {@code household_id, member_id, member_name}, the head and every household_members row,
   * one row per person and household (a head listed again among the members counts once).
   */
  static Dataset<Row> members(RuleContext ctx) {
    Dataset<Row> heads =
        ctx.table("households")
            .select(col("household_id"), idNumber(col("head_id_number")).as("member_id"),
                col("head_name").as("member_name"));
    Dataset<Row> listed =
        ctx.table("household_members")
            .select(col("household_id"), idNumber(col("id_number")).as("member_id"),
                col("name").as("member_name"));
    return heads.union(listed)
        .groupBy("household_id", "member_id")
        .agg(min("member_name").as("member_name"));
  }

  /**
   * The person registries the rules look for among members(h), each with its identity number column:
   * public payroll (PUBLIC_PAYROLL), vehicles (VEHICLE_OWNER), companies (COMPANY_OWNER), village cadres
   * (CADRE_RELATIVE).
   */
  private static final List<String[]> PERSON_REGISTRIES =
      List.of(new String[] {"public_payroll", "id_number"}, new String[] {"vehicles", "owner_id_number"},
          new String[] {"companies", "legal_rep_id_number"}, new String[] {"village_cadres", "id_number"});

  /**
   * The rows of {@link #members} whose person is listed in any person registry: a few thousand of the
   * millions of heads and members, found in one pass and kept for the run. Each registry rule looks for
   * its own registry's people among these, where each passed over every head and member; a rule's
   * registry is (a part of) one of these registries as of the same as_of, so it finds the same members.
   */
  static Dataset<Row> listedMembers(RuleContext ctx) {
    return ctx.shared("registry_members", c -> {
      Dataset<Row> ids = null;
      for (String[] registry : PERSON_REGISTRIES) {
        Dataset<Row> listed = c.table(registry[0]).select(idNumber(col(registry[1])).as("r_id"));
        ids = ids == null ? listed : ids.union(listed);
      }
      return members(c).join(SmallSides.kept(ids.distinct()).toJoin(), col("member_id").equalTo(col("r_id")),
          "left_semi");
    });
  }

  /**
   * The registered households (any status: exited and cancelled rows are still in the registry), with
   * their columns prefixed {@code h_}.
   */
  static Dataset<Row> households(RuleContext ctx) {
    return ctx.table("households")
        .select(col("household_id").as("h_household_id"), col("village_code").as("h_village_code"),
            idNumber(col("head_id_number")).as("h_head_id"), col("head_name").as("h_head_name"),
            col("status").as("h_status"), col("exited_on").as("h_exited_on"),
            col("bank_account").as("h_bank_account"));
  }

  /**
   * Net-positive payments to the given households, a few rows holding {@code h_household_id} (from
   * {@link #households}, perhaps joined to a registry) and each a household of {@link #registryPayments}:
   * computed first and, when few, broadcast, so the payments are not shuffled to meet them.
   */
  static Dataset<Row> paymentsTo(RuleContext ctx, Dataset<Row> selectedHouseholds) {
    return registryPayments(ctx)
        .filter(col("payee_type").equalTo(HOUSEHOLD))
        .join(SmallSides.kept(selectedHouseholds).toJoin(), col("payee_id").equalTo(col("h_household_id")));
  }

  /**
   * The net-positive payments of every payee a registry rule can fire on: the households with a person of
   * members(h) in a person registry ({@link #listedMembers}), the registered households whose head is in
   * the death registry, and the individual payees in the death or the payroll registry; with the payee
   * key as {@code payee_key}. Picked out in one pass over the payments and kept for the run: the five
   * registry rules each passed over every payment (the two with person clues twice) for a few payees that
   * this pass finds for all of them (at a million households, the five rules' first computation in a JVM
   * took 40.7 and 42.4 s instead of 65.0 and 50.2, measured apart in pairs).
   */
  static Dataset<Row> registryPayments(RuleContext ctx) {
    return ctx.shared("registry_payments", c -> {
      Dataset<Row> deaths = c.table("deaths").select(idNumber(col("id_number")).as("d_id"));
      Dataset<Row> households =
          listedMembers(c).select(col("household_id").as("r_key"))
              .union(c.table("households")
                  .join(deaths, idNumber(col("head_id_number")).equalTo(col("d_id")), "left_semi")
                  .select(col("household_id")))
              .select(lit(HOUSEHOLD).as("r_type"), col("r_key"));
      Dataset<Row> persons =
          deaths.select(col("d_id").as("r_key"))
              .union(c.table("public_payroll").select(idNumber(col("id_number"))))
              .select(lit(INDIVIDUAL).as("r_type"), col("r_key"));
      Dataset<Row> payees = SmallSides.kept(households.union(persons).distinct()).toJoin();
      return c.payments()
          .withColumn("payee_key", payeeKey())
          .join(payees, col("payee_type").equalTo(col("r_type")).and(col("payee_key").equalTo(col("r_key"))),
              "left_semi");
    });
  }

  /** Net-positive payments whose payee_type is {@code household}, registered or not. */
  static Dataset<Row> householdPayments(RuleContext ctx) {
    return ctx.payments().filter(col("payee_type").equalTo(HOUSEHOLD));
  }

  /**
   * Each (household payee, payee_account) of the {@link #householdPayments} once, an empty account (cash)
   * as a null {@code a_account}, with the last paid_on into it: {@code a_household_id, a_account,
   * a_last_paid_on}. A household is paid into one or two accounts however many payments it has, so these
   * are far fewer than the payments. Computed once and kept for the run: SHARED_ACCOUNT counts an
   * account's households here, ACCOUNT_MISMATCH compares each pair with the household's card, and
   * UNREGISTERED_PAYEE looks each payee up in the registry with its last payment date; each of the three
   * aggregated every household payment for itself (at a million households the three rules' first
   * computation in a JVM took 38.0 and 33.8 s instead of 39.3 and 47.4, measured apart in pairs).
   */
  static Dataset<Row> householdAccounts(RuleContext ctx) {
    return ctx.shared("household_accounts", c ->
        householdPayments(c)
            .groupBy(col("payee_id").as("a_household_id"), col("payee_account").as("a_account"))
            .agg(max("paid_on").as("a_last_paid_on")));
  }

  /**
   * Net-positive payments to the individual payees of {@link #registryPayments} (those in the death or
   * the payroll registry), with the normalised identity number as {@code payee_key}.
   */
  static Dataset<Row> listedPersonPayments(RuleContext ctx) {
    return registryPayments(ctx).filter(col("payee_type").equalTo(INDIVIDUAL));
  }
}
