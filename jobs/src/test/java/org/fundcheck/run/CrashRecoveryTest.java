package org.fundcheck.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.fundcheck.TestSpark;
import org.fundcheck.load.Encodings;
import org.fundcheck.rules.Rules;
import org.fundcheck.rules.Settings;
import org.fundcheck.warehouse.Warehouse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The second night's run ({@link TwoNights}) killed with SIGKILL while it loads, while the rules run, and
 * while it merges the clue ledger, each time on a copy of the warehouse the first night left. The command
 * runs as its own JVM (as cron starts it) and is killed right after a progress line, before the next one:
 * the kill lands inside the stage, after some of its commits. The same run started again takes over the
 * dead run's lock, marks that run failed, and leaves every table as the uninterrupted second night left
 * it.
 *
 * <p>What names a run may differ: rows the killed run committed that the re-run found unchanged (loaded
 * rows, rejected rows) keep the killed run's id, so the run ids of the second night are compared as one.
 */
class CrashRecoveryTest {

  static final String THIS_NIGHT = "(a run of the second night)";
  static final String INTERRUPTED =
      "interrupted: the process ended before the run finished; a later run redid its work";

  static TwoNights nights;
  static Set<String> firstNightRuns;
  static WarehouseContents uninterrupted;

  @BeforeAll
  static void theUninterruptedSecondNight() {
    nights = TwoNights.get();
    firstNightRuns = Set.of(nights.first.runId());
    uninterrupted = contents(nights.twoNights);
  }

  @Test
  void aRunKilledWhileLoadingIsRedone() {
    Killed killed = killAfter("kill-load", "load: disbursements.csv ", "load: deliveries.csv ");
    Warehouse w = killed.warehouse();
    // The corrected household, allocations and disbursements were committed; deliveries and the
    // quarantine were not.
    assertEquals(1, ofRun(w, Warehouse.silver("households"), "_run_id", killed.runId()));
    assertTrue(ofRun(w, Warehouse.silver("disbursements"), "_run_id", killed.runId()) > 0);
    assertEquals(0, ofRun(w, Warehouse.silver("deliveries"), "_run_id", killed.runId()));
    assertEquals(0, ofRun(w, Warehouse.QUARANTINE, "run_id", killed.runId()));
    redo(killed);
  }

  @Test
  void aRunKilledWhileTheRulesRunIsRedone() {
    String sixth = Rules.all().get(5).code();
    String seventh = Rules.all().get(6).code();
    Killed killed = killAfter("kill-rules", "rules: " + sixth + " done", "rules: " + seventh + " done");
    Warehouse w = killed.warehouse();
    // The ledgers were rewritten for this night; no clue table was touched.
    assertEquals(List.of(TwoNights.SECOND),
        w.read(Warehouse.PAYMENTS).select("as_of").distinct().collectAsList().stream().map(r -> r.get(0)).toList());
    assertEquals(0, ofRun(w, Warehouse.CLUE_HISTORY, "run_id", killed.runId()));
    assertEquals(0, ofRun(w, Warehouse.CLUES, "last_run_id", killed.runId()));
    redo(killed);
  }

  @Test
  void aRunKilledWhileMergingTheClueLedgerIsRedone() {
    Killed killed = killAfter("kill-merge", "clues: clue table updated", "clues: evidence replaced");
    Warehouse w = killed.warehouse();
    // The history and the clue table hold this night's list; the evidence is still the first night's.
    assertTrue(ofRun(w, Warehouse.CLUE_HISTORY, "run_id", killed.runId()) > 0);
    assertTrue(ofRun(w, Warehouse.CLUES, "last_run_id", killed.runId()) > 0);
    assertEquals(0, ofRun(w, Warehouse.CLUE_EVIDENCE, "run_id", killed.runId()));
    redo(killed);
  }

  /** A run killed with SIGKILL: its warehouse, id, process and the progress lines it printed. */
  record Killed(Warehouse warehouse, String runId, long pid, List<String> progress) {}

  /**
   * Starts the second night's run as a child JVM on a copy of the first night's warehouse and kills it
   * with SIGKILL as soon as it prints a progress line ending the way {@code killAfter} says.
   *
   * @param neverReached a later progress line the killed run must not have printed
   */
  private static Killed killAfter(String name, String killAfter, String neverReached) {
    Path dir = nights.copy(nights.afterFirstNight, name);
    String opens = Objects.requireNonNull(System.getProperty("fundcheck.jvm.opens"),
        "the system property fundcheck.jvm.opens (set by the pom for surefire) names the JVM flags Spark needs");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.addAll(Arrays.asList(opens.trim().split("\\s+")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.fundcheck.cli.Main",
        "run", "--input", nights.secondNight.toString(), "--warehouse", dir.toString(), "--as-of",
        TwoNights.SECOND.toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(nights.root.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    List<String> progress = Collections.synchronizedList(new ArrayList<>());
    List<String> stderr = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<IOException> readFailure = new AtomicReference<>();
    Process child;
    try {
      child = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // The kill is sent from the thread that reads the line, so the child gets no further than the line;
    // the thread then reads on to the end, so a later line the child printed before dying is seen.
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
        boolean sent = false;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          stderr.add(line);
          if (line.matches("\\[ *\\d+\\.\\ds\\] .*")) {
            String text = line.substring(line.indexOf("] ") + 2);
            progress.add(text);
            if (!sent && text.startsWith(killAfter)) {
              // SIGKILL through the process handle: Process.destroyForcibly would also close the pipe,
              // losing whatever the child printed before the signal landed.
              child.toHandle().destroyForcibly();
              sent = true;
            }
          }
        }
      } catch (IOException e) {
        readFailure.set(e);
      }
    });
    reader.start();
    try {
      if (!child.waitFor(15, TimeUnit.MINUTES)) {
        fail("the run did not reach '" + killAfter + "' in 15 minutes");
      }
      reader.join();
      if (readFailure.get() != null) {
        throw new UncheckedIOException("reading the run's stderr", readFailure.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      // Whatever went wrong, no run is left behind writing into the warehouse.
      child.toHandle().destroyForcibly();
    }
    String output = String.join("\n", stderr);
    // 128 + 9: ended by SIGKILL, not by its own exit.
    assertEquals(137, child.exitValue(), output);
    assertTrue(progress.stream().anyMatch(l -> l.startsWith(killAfter)), output);
    assertFalse(progress.stream().anyMatch(l -> l.startsWith(neverReached)), output);
    assertFalse(progress.stream().anyMatch(l -> l.startsWith("clues: ") && l.contains(" detected, ")), output);

    // The dead run still holds the lock and is recorded as running.
    RunLock.Holder holder;
    try {
      holder = RunLock.localStore(dir, dir.toString()).read();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertEquals(child.pid(), holder.pid());
    Warehouse w = TwoNights.warehouse(dir);
    assertEquals(Map.of(holder.runId(), "running"), statuses(w, holder.runId()));
    return new Killed(w, holder.runId(), holder.pid(), List.copyOf(progress));
  }

  /** Runs the same night again and checks it took over, recorded the dead run and left what an uninterrupted run leaves. */
  private static void redo(Killed killed) {
    Warehouse w = killed.warehouse();
    List<String> progress = new ArrayList<>();
    RunSummary again = TwoNights.run(nights.secondNight, w, TwoNights.SECOND, progress::add);
    assertTrue(progress.get(0).endsWith("] run " + killed.runId() + " was killed before it finished; this run redoes its work"),
        progress.get(0));
    assertEquals("succeeded", again.status());

    Map<String, String> expected = new TreeMap<>();
    firstNightRuns.forEach(id -> expected.put(id, "succeeded"));
    expected.put(killed.runId(), "failed");
    expected.put(again.runId(), "succeeded");
    assertEquals(expected, statuses(w, null));
    assertEquals(INTERRUPTED, w.read(Warehouse.RUNS).filter(functions.col("run_id").equalTo(killed.runId()))
        .select("error").first().getString(0));
    Path dir = Path.of(w.root());
    assertFalse(Files.exists(dir.resolve(RunLock.FILE)));
    assertEquals(List.of(), list(dir.resolve("_staging")));

    WarehouseContents.assertKeysUnique(w);
    contents(w).assertSameAs(uninterrupted, "the warehouse after a run killed at '" + killed.progress().get(killed.progress().size() - 1)
        + "' and run again");
  }

  private static WarehouseContents contents(Warehouse w) {
    UnaryOperator<String> runIds = id -> firstNightRuns.contains(id) ? id : THIS_NIGHT;
    return WarehouseContents.of(w, runIds);
  }

  private static long ofRun(Warehouse w, String table, String column, String runId) {
    return w.read(table).filter(functions.col(column).equalTo(runId)).count();
  }

  /** run_id → status of the run ledger's rows (of one run, or of all when runId is null). */
  private static Map<String, String> statuses(Warehouse w, String runId) {
    Map<String, String> out = new TreeMap<>();
    for (Row r : w.read(Warehouse.RUNS).collectAsList()) {
      if (runId == null || runId.equals(r.getAs("run_id"))) {
        out.put(r.getAs("run_id"), r.getAs("status"));
      }
    }
    return out;
  }

  private static List<String> list(Path dir) {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
