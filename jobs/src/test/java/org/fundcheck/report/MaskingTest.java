package org.fundcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MaskingTest {

  @Test
  void keepsTheFirstSixAndLastFourCharacters() {
    assertEquals("632222********001X", Masking.mask("63222219500101001X"));
    assertEquals("622848*********0123", Masking.mask("6228480012345670123"));
    assertEquals("******", Masking.mask("123456"));
    assertEquals("123456**9012", Masking.mask("123456789012"));
    assertNull(Masking.mask(null));
  }

  @Test
  void masksOnlyPersonAndAccountEntities() {
    assertEquals("632222********001X", Masking.entityId("person", "63222219500101001X"));
    assertEquals("622848*********0123", Masking.entityId("account", "6228480012345670123"));
    assertEquals("H001", Masking.entityId("household", "H001"));
    assertEquals("PAY-20180601-0001", Masking.entityId("payment", "PAY-20180601-0001"));
  }

  @Test
  void masksIdentityAndAccountNumbersInsideEvidence() {
    assertEquals(
        "身份证632222********001x于2018-08-01死亡，账户622848*********0123领取3000.00元，村632222101201",
        Masking.maskText(
            "身份证63222219500101001x于2018-08-01死亡，账户6228480012345670123领取3000.00元，村632222101201"));
    assertEquals("项目P01支付12345678.00元", Masking.maskText("项目P01支付12345678.00元"));
    assertNull(Masking.maskText(null));
  }
}
