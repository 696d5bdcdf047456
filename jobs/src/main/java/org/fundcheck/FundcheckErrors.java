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

  public static FundcheckException unknownClueStatus(String status, Collection<String> known) {
    return new FundcheckException(
        "unknown clue status '" + status + "': a clue is " + String.join(", ", known)
            + "; give e.g. --status new,rectification_failed");
  }

  public static FundcheckException noClueLedger(String warehouse) {
    return new FundcheckException(
        "no clue ledger in warehouse " + warehouse + ": no run has recorded clues there yet; run "
            + "./fundcheck run --input DIR --warehouse " + warehouse + " first, or check the --warehouse path");
  }

  public static FundcheckException unsupportedListFormat(String file, Collection<String> endings) {
    return new FundcheckException(
        "cannot write the clue list to " + file + ": the format is chosen by the file's ending, which must be "
            + String.join(", ", endings) + "; rename the --out file, e.g. clues.xlsx");
  }

  public static FundcheckException cannotWriteList(String file, Exception cause) {
    return new FundcheckException(
        "cannot write the clue list to " + file + ": " + cause.getMessage()
            + "; check that the folder exists and is writable and the file is not open in another program",
        cause);
  }
}
