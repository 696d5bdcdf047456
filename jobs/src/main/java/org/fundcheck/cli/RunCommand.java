package org.fundcheck.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.fundcheck.load.DropFile;
import org.fundcheck.load.Encodings;
import org.fundcheck.rules.Settings;
import org.fundcheck.run.NightlyRun;
import org.fundcheck.run.RunSummary;
import org.fundcheck.warehouse.SparkSessions;
import org.fundcheck.warehouse.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "run",
    description = "Load a drop, reconcile the three ledgers, run every rule and update the clue ledger.")
final class RunCommand implements java.util.concurrent.Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, description = "the drop folder (local, hdfs://, s3a://)")
  String input;

  @Option(names = "--warehouse", required = true, description = "the warehouse folder, created if absent (local, hdfs://, s3a://)")
  String warehouse;

  @Option(names = "--as-of", description = "the run's reference date, yyyy-MM-dd (default: today)")
  String asOf;

  @Option(names = "--encoding", defaultValue = "auto", description = "auto (per file), utf-8 or gb18030")
  String encoding;

  @Option(names = "--summary", description = "also write the summary as JSON to this file (local, hdfs://, s3a://)")
  String summary;

  @Option(names = "--wait", description = "wait (up to 6 hours) for a run already using the warehouse instead of refusing")
  boolean waitForLock;

  @Option(names = "--recompute-all",
      description = "recompute every clue over the whole warehouse, instead of only those of the payees and accounts changed since the last run")
  boolean recomputeAll;

  @Option(names = "--set", description = "override a rule threshold, e.g. --set idle_days=365 (repeatable)")
  List<String> settings = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    // Arguments are checked before Spark starts, so a typo costs no start-up time.
    NightlyRun.Options options =
        new NightlyRun.Options(
            input,
            warehouse,
            asOf == null ? LocalDate.now() : Options.date("--as-of", asOf),
            Encodings.Choice.parse(encoding),
            Settings.defaults().withAll(settings),
            waitForLock ? java.time.Duration.ofHours(6) : java.time.Duration.ZERO,
            recomputeAll);
    // A folder on this disk can be checked before Spark starts; one on a cluster's file system is checked
    // by the run, through the file system Spark is configured for.
    boolean onThisDisk = Storage.hasScheme(input) ? input.startsWith("file:") : System.getProperty("spark.master") == null;
    if (onThisDisk && !DropFile.isFolder(input, new Configuration())) {
      throw org.fundcheck.FundcheckErrors.missingInputFolder(input);
    }
    SparkSession spark = SparkSessions.forCommandLine();
    java.io.PrintWriter err = spec.commandLine().getErr();
    RunSummary result = new NightlyRun(spark, options, line -> {
      err.println(line);
      err.flush();
    }).execute();
    spec.commandLine().getOut().print(result.toText());
    spec.commandLine().getOut().flush();
    if (summary != null) {
      Storage.writeString(summary, result.toJson(), spark.sparkContext().hadoopConfiguration());
    }
    return 0;
  }
}
