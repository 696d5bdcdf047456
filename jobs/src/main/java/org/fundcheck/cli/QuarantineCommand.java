package org.fundcheck.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fundcheck.report.QuarantineExport;
import org.fundcheck.warehouse.SparkSessions;
import org.fundcheck.warehouse.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "quarantine", description = "Write the rejected rows (file, line, raw line, reason) as CSV.")
final class QuarantineCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--warehouse", required = true, description = "the warehouse folder")
  String warehouse;

  @Option(names = "--out", required = true, description = "the CSV file to write (UTF-8 with BOM)")
  Path out;

  @Option(names = "--unmasked", description = "write identity and account numbers in full")
  boolean unmasked;

  @Override
  public Integer call() {
    long n = QuarantineExport.write(new Warehouse(SparkSessions.forCommandLine(), warehouse), out, unmasked);
    spec.commandLine().getOut().printf("wrote %,d rejected rows to %s%n", n, out);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
