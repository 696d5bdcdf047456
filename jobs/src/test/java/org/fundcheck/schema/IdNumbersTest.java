package org.fundcheck.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdNumbersTest {

  @Test
  void computesTheStandardsWorkedExample() {
    // GB 11643-1999 appendix example: 11010519491231002 -> X
    assertEquals('X', IdNumbers.checkCharacter("11010519491231002"));
    assertEquals("440524188001010014", IdNumbers.complete("44052418800101001"));
  }

  @Test
  void acceptsLowerCaseXAndRejectsWrongCheckCharacter() {
    assertTrue(IdNumbers.isValid("11010519491231002x"));
    assertEquals("11010519491231002X", IdNumbers.normalise(" 11010519491231002x "));
    assertFalse(IdNumbers.isValid("110105194912310021"));
    assertFalse(IdNumbers.isValid("1101051949123100"));
    assertFalse(IdNumbers.isValid("1101051949A231002X"));
  }
}
