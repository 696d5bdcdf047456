package org.fundcheck;

import java.util.Collection;

/** Every user-facing error of fundcheck, made in one place so each says what, why and how to fix. */
public final class FundcheckErrors {

  private FundcheckErrors() {}

  public static FundcheckException unknownSetting(String name, Collection<String> known) {
    return new FundcheckException(
        "unknown setting '" + name + "': the rules know only " + String.join(", ", known)
            + "; check the spelling in --set");
  }

  public static FundcheckException badSetting(String name, String value, String expected) {
    return new FundcheckException(
        "setting " + name + "='" + value + "' is not " + expected + "; give e.g. --set " + name + "=30");
  }

  public static FundcheckException badSettingSyntax(String assignment) {
    return new FundcheckException(
        "cannot read setting '" + assignment + "': write it as name=value, e.g. --set idle_days=365");
  }

  public static FundcheckException unknownRule(String code, Collection<String> known) {
    return new FundcheckException(
        "unknown rule '" + code + "': the catalog has " + String.join(", ", known)
            + "; rule codes are upper case, as in rules.md");
  }
}
