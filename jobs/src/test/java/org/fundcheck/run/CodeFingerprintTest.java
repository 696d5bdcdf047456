package org.fundcheck.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RulesFingerprintTest {

  @Test
  void coversTheRulesAndTheNetPaymentsTheyReadButNotTheLedgersWriting() throws Exception {
    Set<String> names = RulesFingerprint.classes().keySet();
    assertTrue(names.contains("org/fundcheck/rules/catalog/DuplicatePayment.class"), names.toString());
    assertTrue(names.contains("org/fundcheck/rules/RuleContext.class"), names.toString());
    assertTrue(names.contains("org/fundcheck/reconcile/NetPayments.class"), names.toString());
    assertFalse(names.contains("org/fundcheck/reconcile/Reconciliation.class"), names.toString());
    assertFalse(names.stream().anyMatch(n -> n.startsWith("org/fundcheck/run/")), names.toString());
  }

  @Test
  void isTheSameHashEveryTimeItIsAskedFor() {
    String first = RulesFingerprint.sha256();
    assertEquals(64, first.length());
    assertEquals(first, RulesFingerprint.sha256());
  }
}
