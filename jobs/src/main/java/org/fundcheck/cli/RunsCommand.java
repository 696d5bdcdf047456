package org.fundcheck.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.fundcheck.FundcheckErrors;
import org.fundcheck.warehouse.SparkSessions;
import org.fundcheck.warehouse.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "runs", description = "List the runs recorded in a warehouse, newest first.")
final class RunsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--warehouse", required = true, description = "the warehouse folder")
  String warehouse;

  @Override
  public Integer call() {
    Warehouse wh = new Warehouse(SparkSessions.forCommandLine(), warehouse);
    if (!wh.exists(Warehouse.RUNS)) {
      throw FundcheckErrors.missingWarehouse(warehouse);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%-27s %-10s %-9s %-20s %8s %8s %s%n", "run_id", "as_of", "status", "started_at (UTC)", "seconds", "clues", "input / error");
    for (Row r : wh.read(Warehouse.RUNS)
        .select(col("run_id"), col("as_of"), col("status"), col("started_at"),
            get_json_object(col("summary"), "$.seconds").as("seconds"),
            get_json_object(col("summary"), "$.clues.by_status").as("by_status"),
            col("input"), col("error"))
        .orderBy(col("started_at").desc())
        .collectAsList()) {
      String started = r.get(3).toString().replace('T', ' ');
      out.printf("%-27s %-10s %-9s %-20.19s %8s %8s %s%n", r.getString(0), r.get(1), r.getString(2), started,
          r.isNullAt(4) ? "" : r.getString(4), r.isNullAt(5) ? "" : clueCount(r.getString(5)),
          r.isNullAt(7) ? r.getString(6) : r.getString(7));
    }
    out.flush();
    return 0;
  }

  /** The number of clues in a run's list (every status), from its summary's by_status object. */
  private static long clueCount(String byStatusJson) {
    long n = 0;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(":\\s*(\\d+)").matcher(byStatusJson);
    while (m.find()) {
      n += Long.parseLong(m.group(1));
    }
    return n;
  }
}
