package org.fundcheck.rules;

/**
 * What a rule's clue depends on, which decides whether a nightly run may recompute it for the entities the
 * new data touches only and keep the others' clues as the last run reported them.
 */
public enum Locality {

  /**
   * The clue may depend on anything, as_of included (a cut by grace or idle days, a sentence naming the
   * date): recomputed over the whole warehouse by every run.
   */
  WHOLE,

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
