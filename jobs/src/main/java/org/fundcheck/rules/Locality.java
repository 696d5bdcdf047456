package org.fundcheck.rules;

/**
 * What a rule's clue depends on, which decides whether a nightly run may recompute it for the entities the
 * new data touches only and keep the others' clues as the last run reported them.
 */
public enum Locality {

  /**
   * The clue may depend on anything, as_of included (a sentence naming the date, a cut no other locality
   * allows): recomputed over the whole warehouse by every run.
   */
  WHOLE,

  /**
   * A clue about a project, or about money under one project (a household's payments and deliveries under
   * it, one of its payments), depends only on that project's rows: its row in the project library, its
   * allocations, payments and deliveries (by their project_id; a payment's net amount also on the
   * reversals of it, wherever they are booked). It depends on as_of only through which of those rows are
   * dated on or before as_of, as_of − delivery_grace_days or as_of − idle_days, and its sentence does not
   * name as_of. It does not read the household registry, its members, the person registries, units or
   * findings.
   */
  PROJECT,

  /**
   * A clue about a payee (a household, a person, a payee, or one of their payments) depends only on the
   * payments whose payee key ({@link PayeeKeys#of}) is that payee's, the payee household's own row in the
   * household registry and its members, and the person registries (deaths, payroll, vehicles, companies,
   * village cadres). It does not read projects, allocations, deliveries, units or findings, other
   * households' rows, nor as_of except through the rows' dates.
   */
  PAYEE,

  /**
   * A clue about an account depends only on the payments into that account (payee_account), and not on
   * as_of except through their dates.
   */
  ACCOUNT
}
