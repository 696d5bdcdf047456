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
import org.fundcheck.api.Fundcheck;
import org.fundcheck.load.DropLoader;
import org.fundcheck.load.Encodings;
import org.fundcheck.rules.Rules;
import org.fundcheck.rules.Settings;
import org.fundcheck.warehouse.Warehouse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The second night's run ({@link TwoNights}) killed with SIGKILL while it loads; the run that redoes it
 * killed while the rules run; the run that redoes that one killed while it merges the clue ledger; all on
 * one copy of the warehouse the first night left. Each command runs as its own JVM (as cron starts it)
 * and is killed right after a progress line, before the next one: the kill lands inside the stage, after
 * some of its commits. Each run takes over the dead run's lock and marks that run failed; the last, run to
 * the end, leaves every table as the uninterrupted second night left it. (Three crashes in turn cost one
 * redo and one comparison of the warehouse, where three crashes apart would cost three of each.)
 *
 * <p>What names a run may differ: rows a killed run committed that a later run found unchanged (loaded
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
  void runsKilledWhileLoadingWhileTheRulesRunAndWhileMergingAreEachRedoneByTheNext() {
    Path dir = nights.copy(nights.afterFirstNight, "killed-three-times");
    Warehouse w = TwoNights.warehouse(dir);

    Killed load = killAfter(dir, null, "load: disbursements.csv ", "load: deliveries.csv ");
    // The corrected household, allocations and disbursements were committed; deliveries and the
    // quarantine were not.
    assertEquals(1, ofRun(w, Warehouse.silver("households"), "_run_id", load.runId()));
    assertTrue(ofRun(w, Warehouse.silver("disbursements"), "_run_id", load.runId()) > 0);
    assertEquals(0, ofRun(w, Warehouse.silver("deliveries"), "_run_id", load.runId()));
    assertEquals(0, ofRun(w, Warehouse.QUARANTINE, "run_id", load.runId()));

    // Killed as soon as the first rule is done: the rules write nothing, so a later kill among them would
    // leave the same tables and only cost the run's time.
    String first = Rules.all().get(0).code();
    String second = Rules.all().get(1).code();
    Killed rules = killAfter(dir, load, "rules: " + first + " done", "rules: " + second + " done");
    // The ledgers were rewritten for this night; no clue table was touched.
    assertEquals(List.of(TwoNights.SECOND),
        w.read(Warehouse.PROJECT_LEDGER).select("as_of").distinct().collectAsList().stream().map(r -> r.get(0)).toList());
    assertEquals(0, ofRun(w, Warehouse.CLUE_HISTORY, "run_id", rules.runId()));
    assertEquals(0, ofRun(w, Warehouse.CLUES, "last_run_id", rules.runId()));
    // The payments the notebook API shows are still the first night's: the disbursements loaded since
    // belong to no succeeded run.
    org.apache.spark.sql.Dataset<Row> payments = Fundcheck.open(TestSpark.session(), dir.toString()).payments();
    assertEquals(List.of(TwoNights.FIRST),
        payments.select("as_of").distinct().collectAsList().stream().map(r -> r.get(0)).toList());
    assertEquals(Set.of(nights.first.runId()), payments.select(DropLoader.RUN_ID).distinct().collectAsList().stream()
        .map(r -> r.getString(0)).collect(java.util.stream.Collectors.toSet()));

    Killed merge = killAfter(dir, rules, "clues: clue table updated", "clues: evidence replaced");
    // The history and the clue table hold this night's list; the evidence is still the first night's.
    assertTrue(ofRun(w, Warehouse.CLUE_HISTORY, "run_id", merge.runId()) > 0);
    assertTrue(ofRun(w, Warehouse.CLUES, "last_run_id", merge.runId()) > 0);
    assertEquals(0, ofRun(w, Warehouse.CLUE_EVIDENCE, "run_id", merge.runId()));

    redo(w, List.of(load, rules, merge));
  }

  /** A run killed with SIGKILL: its id, process and the progress lines it printed. */
  record Killed(String runId, long pid, List<String> progress) {}

  /**
   * Starts the second night's run as a child JVM on the warehouse in {@code dir} and kills it with SIGKILL
   * as soon as it prints a progress line ending the way {@code killAfter} says.
   *
   * @param before the run killed before on this warehouse, which this one must take over; null for none
   * @param neverReached a later progress line the killed run must not have printed
   */
  private static Killed killAfter(Path dir, Killed before, String killAfter, String neverReached) {
    String flags = Objects.requireNonNull(System.getProperty("fundcheck.jvm.flags"),
        "the system property fundcheck.jvm.flags (set by the pom for surefire) names the JVM flags Spark needs");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.addAll(Arrays.asList(flags.trim().split("\\s+")));
    // The crashes are what is tested here, not Spark's code generation: the tests' settings, as in-process.
    command.addAll(TestSpark.settingsAsJvmFlags());
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
    if (before != null) {
      assertEquals("run " + before.runId() + " was killed before it finished; this run redoes its work",
          progress.get(0), output);
    }

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
    if (before != null) {
      assertEquals(Map.of(before.runId(), "failed"), statuses(w, before.runId()));
    }
    return new Killed(holder.runId(), holder.pid(), List.copyOf(progress));
  }

  /**
   * Runs the same night again after the {@code killed} runs, in order, and checks it took over from the
   * last, that each is recorded as interrupted, and that it left what an uninterrupted run leaves.
   */
  private static void redo(Warehouse w, List<Killed> killed) {
    Killed last = killed.get(killed.size() - 1);
    List<String> progress = new ArrayList<>();
    RunSummary again = TwoNights.run(nights.secondNight, w, TwoNights.SECOND, progress::add);
    assertTrue(progress.get(0).endsWith("] run " + last.runId() + " was killed before it finished; this run redoes its work"),
        progress.get(0));
    assertEquals("succeeded", again.status());

    Map<String, String> expected = new TreeMap<>();
    firstNightRuns.forEach(id -> expected.put(id, "succeeded"));
    killed.forEach(k -> expected.put(k.runId(), "failed"));
    expected.put(again.runId(), "succeeded");
    assertEquals(expected, statuses(w, null));
    for (Killed k : killed) {
      assertEquals(INTERRUPTED, w.read(Warehouse.RUNS).filter(functions.col("run_id").equalTo(k.runId()))
          .select("error").first().getString(0), k.runId());
    }
    Path dir = Path.of(w.root());
    assertFalse(Files.exists(dir.resolve(RunLock.FILE)));
    assertEquals(List.of(), list(dir.resolve("_staging")));

    WarehouseContents.assertKeysUnique(w);
    contents(w).assertSameAs(uninterrupted, "the warehouse after runs killed at '"
        + String.join("', '", killed.stream().map(k -> k.progress().get(k.progress().size() - 1)).toList())
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
