package org.fundcheck.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.FundcheckErrors;
import org.fundcheck.clues.ClueFilter;
import org.fundcheck.run.RunLedger;
import org.fundcheck.clues.ClueList;
import org.fundcheck.report.ClueListWriter;
import org.fundcheck.warehouse.SparkSessions;
import org.fundcheck.warehouse.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "clues",
    description = "Write the current clue list, highest score first, as .csv (UTF-8 with BOM), .xlsx or .arrow.")
final class CluesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--warehouse", required = true, description = "the warehouse folder")
  String warehouse;

  @Option(names = "--out", required = true, description = "the file to write; its ending chooses the format")
  Path out;

  @Option(names = "--unit", description = "only this unit and every unit below it")
  String unit;

  @Option(names = "--status", split = ",", description = "only these statuses: new, known, rectification_failed, resolved")
  List<String> statuses = new ArrayList<>();

  @Option(names = "--run", description = "the list as this run left it (Delta time travel); see ./fundcheck runs")
  String run;

  @Option(names = "--as-of", description = "the list as the last succeeded run with this as_of left it")
  String asOf;

  @Option(names = "--unmasked", description = "write identity and account numbers in full")
  boolean unmasked;

  @Override
  public Integer call() {
    ClueFilter filter = ClueFilter.all().withStatuses(statuses);
    if (unit != null) {
      filter = filter.withUnit(unit);
    }
    if (run != null && asOf != null) {
      throw FundcheckErrors.runAndAsOf();
    }
    java.time.LocalDate day = asOf == null ? null : Options.date("--as-of", asOf);
    Warehouse wh = new Warehouse(SparkSessions.forCommandLine(), warehouse);
    ClueList clues = new ClueList(wh);
    Dataset<Row> list;
    if (run == null && day == null) {
      list = clues.current(filter);
    } else {
      RunLedger ledger = new RunLedger(wh);
      String runId = run != null ? run : ledger.lastSucceededRunOn(day);
      list = clues.atVersion(ledger.versionLeftBy(runId, Warehouse.CLUES), filter);
    }
    long n = ClueListWriter.write(list, out, unmasked);
    spec.commandLine().getOut().printf("wrote %,d clues to %s%n", n, out);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
