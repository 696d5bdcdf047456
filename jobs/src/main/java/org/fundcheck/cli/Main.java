package org.fundcheck.cli;

import org.fundcheck.FundcheckException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fundcheck} command line: one subcommand per command of outputs.md. */
@Command(
    name = "fundcheck",
    mixinStandardHelpOptions = true,
    version = "fundcheck 0.1.0",
    description = "Cross-checks poverty-alleviation funds: allocations, disbursements, deliveries and other departments' registries.",
    subcommands = {RunCommand.class, QuarantineCommand.class, CluesCommand.class, RunsCommand.class, DossierCommand.class, SampleCommand.class})
public final class Main implements Runnable {

  /** Exit status of a run that could not do its work for a reason the user can fix. */
  public static final int USER_ERROR = 2;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit status; errors are one line on stderr. */
  public static int execute(String... args) {
    return execute(
        new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs a command line writing to the given streams (tests, notebooks). */
  public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          Throwable cause = e;
          while (cause != null && !(cause instanceof FundcheckException)) {
            cause = cause.getCause();
          }
          if (cause != null) {
            commandLine.getErr().println("fundcheck: " + cause.getMessage());
            return USER_ERROR;
          }
          commandLine.getErr().println("fundcheck: internal error: " + e);
          e.printStackTrace(commandLine.getErr());
          return 1;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
