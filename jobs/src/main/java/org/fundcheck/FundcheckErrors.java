package org.fundcheck;

import java.util.Collection;
import java.util.List;

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

  public static FundcheckException unknownEncoding(String value) {
    return new FundcheckException(
        "unknown --encoding '" + value + "': use auto (decide per file), utf-8 or gb18030");
  }

  public static FundcheckException undecodableFile(String file, String charset) {
    return new FundcheckException(
        "cannot read " + file + " as " + charset + ": it holds bytes that are not valid " + charset
            + "; re-export it as UTF-8 or GB18030, or choose the right --encoding");
  }

  public static FundcheckException missingInputFolder(String dir) {
    return new FundcheckException(
        "input folder " + dir + " does not exist or is not a folder; pass the drop's folder with --input");
  }

  public static FundcheckException emptyDrop(String dir, List<String> expected) {
    return new FundcheckException(
        "input folder " + dir + " holds none of the contract's files (" + String.join(", ", expected)
            + ", as .csv or .xlsx); check the --input path");
  }

  public static FundcheckException csvAndXlsx(String dir, String name) {
    return new FundcheckException(
        "input folder " + dir + " holds both " + name + ".csv and " + name + ".xlsx; keep one of them");
  }

  public static FundcheckException missingColumns(String file, List<String> missing, List<String> header) {
    return new FundcheckException(
        file + " lacks the contract's column(s) " + String.join(", ", missing) + " (its header is: "
            + String.join(",", header) + "); fix the header row and load it again");
  }

  public static FundcheckException noHeader(String file) {
    return new FundcheckException(
        file + " has no header row; the first row must name the columns of inputs.md");
  }

  public static FundcheckException unreadableFile(String file, Exception cause) {
    return new FundcheckException(
        "cannot read " + file + ": " + cause.getMessage() + "; check that the file is complete and readable",
        cause);
  }

  public static FundcheckException unwritableWarehouse(String warehouse, String why) {
    return new FundcheckException(
        "cannot write to warehouse " + warehouse + ": " + why
            + "; choose a folder you can write to with --warehouse");
  }

  public static FundcheckException missingWarehouse(String warehouse) {
    return new FundcheckException(
        "no fundcheck warehouse at " + warehouse + ": run ./fundcheck run --input DIR --warehouse "
            + warehouse + " first, or fix the --warehouse path");
  }

  public static FundcheckException badDate(String option, String value) {
    return new FundcheckException(
        option + " '" + value + "' is not a date; write it as yyyy-MM-dd, e.g. " + option + " 2019-03-20");
  }

  public static FundcheckException badCores(String variable, String value) {
    return new FundcheckException(
        variable + "='" + value + "' is not a number of cores; set it to a whole number from 1 up (e.g. "
            + variable + "=2) or unset it to use every core");
  }

  public static FundcheckException sampleTooSmall(int households, int minimum) {
    return new FundcheckException(
        "cannot write a sample drop of " + households + " households: planting every rule with its near misses"
            + " needs at least " + minimum + " households; give --scale " + minimum + " or more");
  }

  public static FundcheckException badIncrement(String value) {
    return new FundcheckException(
        "--increment " + value + " is not a share of the drop's payments; give a percentage above 0 and at most"
            + " 100, e.g. --increment 1");
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

  public static FundcheckException unknownRule(String code, Collection<String> known) {
    return new FundcheckException(
        "unknown rule '" + code + "': the catalog has " + String.join(", ", known)
            + "; rule codes are upper case, as in rules.md");
  }

  public static FundcheckException lockLost(String warehouse, String runId, String holder) {
    return new FundcheckException(
        "run " + runId + " lost the lock of warehouse " + warehouse + (holder == null ? "" : " to run " + holder)
            + ": its lock was not refreshed in time (a stalled driver or a file system out of reach), so "
            + (holder == null ? "another run" : "that run") + " took it over; this run stopped without writing"
            + " more; run it again once the warehouse is free");
  }

  public static FundcheckException warehouseBusy(
      String warehouse, String runId, long pid, String host, String startedAt) {
    return new FundcheckException(
        "warehouse " + warehouse + " is in use by run " + runId + " (process " + pid + " on " + host
            + ", started " + startedAt + "); wait for it to finish, or pass --wait to queue behind it");
  }

  public static FundcheckException noSuchRun(String runId, String status) {
    return new FundcheckException(
        "no succeeded run " + runId + (status == null ? " in this warehouse" : " (it is " + status + ")")
            + "; ./fundcheck runs --warehouse DIR lists the runs");
  }

  public static FundcheckException noSucceededRun(String warehouse) {
    return new FundcheckException(
        "warehouse " + warehouse + " has no succeeded run: its payments are those a succeeded run summed; "
            + "view.history() shows why each run failed; run ./fundcheck run --input DIR --warehouse "
            + warehouse + " again once that is fixed");
  }

  public static FundcheckException noRunOn(String asOf) {
    return new FundcheckException(
        "no succeeded run has as_of " + asOf + "; ./fundcheck runs --warehouse DIR lists the runs and their dates");
  }

  public static FundcheckException runAndAsOf() {
    return new FundcheckException("give either --run or --as-of, not both: each names one past list");
  }

  public static FundcheckException unknownUnit(String unit, String warehouse) {
    return new FundcheckException(
        "unknown unit '" + unit + "': the units table of warehouse " + warehouse
            + " has no such unit_code; give a unit_code from units.csv, e.g. --unit 630222");
  }

  public static FundcheckException cannotWriteDossier(String dir, Exception cause) {
    return new FundcheckException(
        "cannot write the dossier to " + dir + ": " + cause.getMessage()
            + "; check that the folder is writable and its files are not open in another program",
        cause);
  }

  public static FundcheckException unknownClue(String clueId, String warehouse) {
    return new FundcheckException(
        "no clue '" + clueId + "' in warehouse " + warehouse + ": the clue ledger has never reported it; "
            + "copy a clue_id from the clue list (view.clues()) of this warehouse");
  }

  public static FundcheckException unknownRun(String runId, String warehouse, Collection<String> known) {
    return new FundcheckException(
        "no run '" + runId + "' in warehouse " + warehouse + ": the run ledger holds "
            + (known.isEmpty() ? "no finished run" : String.join(", ", known))
            + "; copy a run_id from view.history()");
  }

  public static FundcheckException noTableVersion(String table, String warehouse, String runId) {
    return new FundcheckException(
        "table " + table + " of warehouse " + warehouse + " has no version written by run " + runId
            + " or before it: the table was created later; pick a later run from view.history()");
  }

  public static FundcheckException missingTable(String table, String warehouse) {
    return new FundcheckException(
        "warehouse " + warehouse + " has no table " + table + ": no run has written it yet; run "
            + "./fundcheck run --input DIR --warehouse " + warehouse + " first, or check the table's name"
            + " (e.g. ledgers/project_ledger, clues/clues, silver/households)");
  }

  public static FundcheckException unknownColumn(String column, Collection<String> columns) {
    return new FundcheckException(
        "no column '" + column + "' in the rows given: they have " + String.join(", ", columns)
            + "; name one of these columns");
  }
}
