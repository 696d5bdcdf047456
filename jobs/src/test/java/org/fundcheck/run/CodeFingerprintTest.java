package org.fundcheck.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CodeFingerprintTest {

  @Test
  void theRulesCoverTheRulesAndTheReconciliationTheyReadButNotTheLoader() throws Exception {
    Set<String> names = CodeFingerprint.RULES.files().keySet();
    assertTrue(names.contains("org/fundcheck/rules/catalog/DuplicatePayment.class"), names.toString());
    assertTrue(names.contains("org/fundcheck/rules/RuleContext.class"), names.toString());
    assertTrue(names.contains("org/fundcheck/reconcile/NetPayments.class"), names.toString());
    assertTrue(names.contains("org/fundcheck/reconcile/Reconciliation.class"), names.toString());
    assertFalse(names.contains("org/fundcheck/load/DropLoader.class"), names.toString());
    assertFalse(names.stream().anyMatch(n -> n.startsWith("org/fundcheck/run/")), names.toString());
  }

  @Test
  void theLoadingCoversTheLoaderTheContractsCodeAndTheContractButNotTheRules() throws Exception {
    Set<String> names = CodeFingerprint.LOADING.files().keySet();
    assertTrue(names.contains("org/fundcheck/load/DropLoader.class"), names.toString());
    assertTrue(names.contains("org/fundcheck/load/RowValidation.class"), names.toString());
    assertTrue(names.contains("org/fundcheck/schema/InputContract.class"), names.toString());
    assertTrue(names.contains("schemas/inputs.json"), names.toString());
    assertFalse(names.stream().anyMatch(n -> n.startsWith("org/fundcheck/rules/")), names.toString());
  }

  @Test
  void isTheSameHashEveryTimeItIsAskedForAndOneHashPerFingerprint() {
    String first = CodeFingerprint.RULES.sha256();
    assertEquals(64, first.length());
    assertEquals(first, CodeFingerprint.RULES.sha256());
    assertEquals(64, CodeFingerprint.LOADING.sha256().length());
    assertNotEquals(first, CodeFingerprint.LOADING.sha256());
  }
}
