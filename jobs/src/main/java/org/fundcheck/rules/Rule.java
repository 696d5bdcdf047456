package org.fundcheck.rules;

import java.math.BigDecimal;

/**
 * One rule of the catalog (rules.md). A rule has a stable code that never changes meaning, answers to one
 * findings category, and computes its clues as Spark joins and aggregations over a {@link RuleContext},
 * never collecting a ledger to the driver.
 */
public interface Rule {

  /** The stable code, e.g. {@code DECEASED_PAYEE}. */
  String code();

  /** The {@code findings.csv} category the rule answers to, e.g. {@code ineligible_beneficiary}. */
  String category();

  /** How much a yuan of this rule weighs in the ranking, relative to other rules (1 is ordinary). */
  BigDecimal weight();

  /**
   * What a clue of this rule depends on ({@link Locality}); a rule that says less than {@link Locality#WHOLE}
   * promises it, and a nightly run recomputes its clues only for the payees or accounts new data touches.
   */
  default Locality locality() {
    return Locality.WHOLE;
  }

  /** The clues this rule finds, with their evidence rows; see {@link Detection} for the columns. */
  Detection detect(RuleContext context);
}
