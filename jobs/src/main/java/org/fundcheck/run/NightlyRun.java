package org.fundcheck.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.fundcheck.clues.ClueLedger;
import org.fundcheck.clues.ClueStatus;
import org.fundcheck.clues.FindingMatcher;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.Rule;
import org.fundcheck.rules.Rules;
import org.fundcheck.FundcheckErrors;
import org.fundcheck.FundcheckException;
import org.fundcheck.load.DropFile;
import org.fundcheck.Timings;
import org.fundcheck.load.DropLoader;
import org.fundcheck.load.Encodings;
import org.fundcheck.load.FileLoad;
import org.fundcheck.load.LoadedBefore;
import org.fundcheck.reconcile.Reconciliation;
import org.fundcheck.rules.RuleContext;
import org.fundcheck.rules.Settings;
import org.fundcheck.schema.FileSpec;
import org.fundcheck.schema.InputContract;
import org.fundcheck.warehouse.Storage;
import org.fundcheck.warehouse.Warehouse;

/**
 * The nightly job (outputs.md {@code run}): load the drop, reconcile the three ledgers for as_of, run the
 * rules and update the clue ledger. Each stage is labelled in the Spark UI and the run is recorded in the
 * run ledger, failed runs included.
 */
public final class NightlyRun {

  /** The arguments of one run, checked before anything is read or written. */
  public record Options(
      String input, String warehouse, LocalDate asOf, Encodings.Choice encoding, Settings settings,
      java.time.Duration lockWait, boolean recomputeAll) {

    /** Options that refuse at once when another run holds the warehouse. */
    public Options(String input, String warehouse, LocalDate asOf, Encodings.Choice encoding, Settings settings) {
      this(input, warehouse, asOf, encoding, settings, java.time.Duration.ZERO);
    }

    /** Options that recompute only the clues of what changed since the last run where that is exact. */
    public Options(String input, String warehouse, LocalDate asOf, Encodings.Choice encoding, Settings settings,
        java.time.Duration lockWait) {
      this(input, warehouse, asOf, encoding, settings, lockWait, false);
    }

    /** These options, recomputing every clue over the whole warehouse (after a rule's logic changed). */
    public Options recomputingAll() {
      return new Options(input, warehouse, asOf, encoding, settings, lockWait, true);
    }

    public Options {
      Objects.requireNonNull(lockWait, "lockWait");
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(warehouse, "warehouse");
      Objects.requireNonNull(asOf, "asOf");
      Objects.requireNonNull(encoding, "encoding");
      Objects.requireNonNull(settings, "settings");
    }
  }

  /** Beside the tables: the staged records of the load under way, one folder per run. */
  static final String STAGING = "_staging";

  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final SparkSession spark;
  private final Options options;
  private final Consumer<String> progress;

  public NightlyRun(SparkSession spark, Options options) {
    this(spark, options, line -> { });
  }

  /** @param progress receives a line per stage as the run goes (the command line prints them on stderr) */
  public NightlyRun(SparkSession spark, Options options, Consumer<String> progress) {
    this.spark = Objects.requireNonNull(spark);
    this.options = Objects.requireNonNull(options);
    this.progress = Objects.requireNonNull(progress);
  }

  public RunSummary execute() {
    long t0 = System.nanoTime();
    Instant started = Instant.now();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try {
      if (!DropFile.isFolder(options.input(), conf)) {
        throw FundcheckErrors.missingInputFolder(options.input());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    prepareWarehouse(options.warehouse(), conf);
    String runId = RUN_ID_TIME.format(started) + "-" + UUID.randomUUID().toString().substring(0, 8);
    RunLock.Acquired acquired;
    try {
      acquired = RunLock.acquire(options.warehouse(), conf, runId, options.lockWait());
    } catch (UncheckedIOException e) {
      throw FundcheckErrors.unwritableWarehouse(options.warehouse(), e.getCause().toString());
    }
    Timings timings = new Timings();
    try (RunLock lock = acquired.lock(); HeapWatch heap = new HeapWatch()) {
      if (!acquired.atomic()) {
        say(t0, "lock: this file system cannot refuse a second lock atomically (no conditional create);"
            + " start one run at a time on " + options.warehouse());
      }
      Warehouse warehouse = new Warehouse(spark, options.warehouse());
      RunLedger ledger = new RunLedger(warehouse);
      if (acquired.staleHolder() != null) {
        say(t0, "run " + acquired.staleHolder().runId() + " was killed before it finished; this run redoes its work");
        ledger.markInterrupted(acquired.staleHolder().runId());
      }
      // Only one run holds the lock, so whatever is left in the staging folder belongs to a killed run.
      String staging = Storage.join(options.warehouse(), STAGING);
      Storage.deleteRecursively(staging, conf);
      timings.time("run_ledger", () -> ledger.started(runId, options.asOf(), options.input(), started));
      try {
        RunSummary summary = stages(warehouse, lock, Storage.join(staging, runId), ledger, runId, t0, timings, heap);
        lock.ensureHeld();
        ledger.finished(runId, options.asOf(), options.input(), started, "succeeded", null, summary.toJson());
        return summary;
      } catch (RuntimeException | IOException e) {
        if (lock.lost()) {
          // The run that took the lock over has marked this one failed; writing now would race it.
          throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        String error = e.getMessage() == null ? e.toString() : e.getMessage();
        try {
          ledger.discardHistoryOf(runId);
          ledger.finished(runId, options.asOf(), options.input(), started, "failed", error, null);
        } catch (RuntimeException recordFailure) {
          e.addSuppressed(recordFailure);
        }
        if (e instanceof IOException io) {
          throw new UncheckedIOException(io);
        }
        throw (RuntimeException) e;
      } finally {
        spark.sparkContext().clearJobGroup();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private RunSummary stages(Warehouse warehouse, RunLock lock, String staging, RunLedger ledger, String runId,
      long t0, Timings timings, HeapWatch heap) throws IOException {
    Map<String, Double> stageSeconds = new LinkedHashMap<>();
    long mark = System.nanoTime();
    say(t0, "load: " + options.input());
    // The last succeeded run is the same before and after the load: this run holds the lock.
    RunLedger.Succeeded last = ledger.lastSucceeded();
    Map<String, LoadedBefore> before = loadedBefore(last);
    // A file's line is printed once its table is committed, so the last line before a crash tells how
    // far the load got.
    List<FileLoad> loads =
        new DropLoader(warehouse, options.encoding(), timings.within("load"))
            .load(options.input(), runId, staging, before,
                f -> say(t0, String.format("load: %s %,d read, %,d loaded, %,d quarantined%s",
                    f.file(), f.read(), f.loaded(), f.quarantined(), keptFrom(before, f))));
    long rejected = loads.stream().mapToLong(FileLoad::quarantined).sum();
    if (rejected > 0) {
      say(t0, String.format("load: %,d rejected rows in the quarantine", rejected));
    }
    String dropSha256 = dropSha256(loads);
    String loadedBefore = timings.within("load").time("earlier_runs", () -> ledger.succeededRunWithDrop(dropSha256));
    if (loadedBefore != null) {
      say(t0, "load: this drop was already loaded by run " + loadedBefore + "; loading it again changed nothing");
    }
    mark = lap(stageSeconds, "load", mark);
    lock.ensureHeld();
    Reconciliation.Totals totals;
    ClueLedger.MergeResult clues;
    Map<String, Object> scope;
    try (RuleContext ctx = new RuleContext(spark, options.asOf(), options.settings(), warehouse.inputTables())) {
      // What changed since the last run is read first: the reconciliation recomputes the household
      // ledger's rows of the households it names, the rules the clues of the payees and accounts.
      RuleScope plan = planScope(warehouse, ctx, last, options.recomputeAll(), timings, line -> say(t0, line));
      mark = lap(stageSeconds, "scope", mark);
      say(t0, "reconcile: as_of " + options.asOf() + plan.householdLedger()
          .map(e -> String.format("; the household ledger's rows of %,d households recomputed, the others'"
              + " carried over from run %s", e.households().count(), plan.sinceRunId()))
          .orElse(""));
      spark.sparkContext().setJobGroup("reconcile", "reconcile the three ledgers", false);
      totals = Reconciliation.write(warehouse, ctx, timings.within("reconcile"), plan.householdLedger());
      mark = lap(stageSeconds, "reconcile", mark);
      lock.ensureHeld();
      RuleScope.Outcome outcome = detectAndRecord(warehouse, ctx, plan, runId, lock, timings, line -> say(t0, line));
      clues = outcome.merge();
      scope = outcome.scope();
      mark = lap(stageSeconds, "clues", mark);
    }
    say(t0, String.format("clues: %,d detected, %,d resolved", clues.detected(), clues.resolved()));
    Map<String, Long> byRule = new LinkedHashMap<>();
    for (Rule rule : Rules.all()) {
      Long n = clues.byRule().get(rule.code());
      if (n != null && n > 0) {
        byRule.put(rule.code(), n);
      }
    }
    Map<String, Long> byStatus = new LinkedHashMap<>();
    for (String status : ClueStatus.ALL) {
      Long n = clues.byStatus().get(status);
      if (n != null && n > 0) {
        byStatus.put(status, n);
      }
    }
    Map<String, Long> versions = timings.time("table_versions", () -> RunLedger.versions(warehouse));
    return new RunSummary(runId, options.asOf(), "succeeded", loads, totals, byRule, byStatus,
        options.settings().asMap(), (System.nanoTime() - t0) / 1e9, stageSeconds, timings.seconds(),
        HeapWatch.mebibytes(heap.peakBytes()), HeapWatch.mebibytes(heap.peakLiveBytes()),
        versions, dropSha256, loadedBefore, scope);
  }

  /**
   * The files the last succeeded run loaded (or kept from a run before it), with the versions it left
   * their silver tables at, when that run's loading code is this build's (its summary names the code's
   * hash and each file's): a file delivered again unchanged onto an unchanged table is not loaded again.
   */
  static Map<String, LoadedBefore> loadedBefore(RunLedger.Succeeded last) {
    String code = CodeFingerprint.LOADING.sha256();
    JsonNode summary = last == null ? null : last.summary();
    if (summary == null || code == null || !code.equals(summary.path(RunSummary.LOAD_CODE).asText(null))) {
      return Map.of();
    }
    Map<String, LoadedBefore> before = new LinkedHashMap<>();
    for (FileSpec spec : InputContract.get().files()) {
      java.util.OptionalLong version = RunLedger.Succeeded.versionIn(summary, Warehouse.silver(spec.name()));
      for (String name : DropFile.namesOf(spec)) {
        JsonNode f = summary.path("files").path(name);
        if (f.path("sha256").isTextual() && f.path("encoding").isTextual() && version.isPresent()) {
          before.put(name, new LoadedBefore(last.runId(),
              new FileLoad(name, f.path("encoding").asText(), f.path("sha256").asText(),
                  f.path("read").asLong(), f.path("loaded").asLong(), f.path("quarantined").asLong()),
              version.getAsLong()));
        }
      }
    }
    return before;
  }

  /** What a file's progress line adds when the file was the one an earlier run loaded. */
  private static String keptFrom(Map<String, LoadedBefore> before, FileLoad load) {
    LoadedBefore earlier = before.get(load.file());
    return earlier != null && earlier.load() == load
        ? "; the same file as run " + earlier.runId() + " loaded, its table left as it was"
        : "";
  }

  private void say(long t0, String line) {
    progress.accept(String.format("[%6.1fs] %s", (System.nanoTime() - t0) / 1e9, line));
  }

  private static long lap(Map<String, Double> stages, String stage, long since) {
    long now = System.nanoTime();
    stages.put(stage, Math.round((now - since) / 1e8) / 10.0);
    return now;
  }

  /** The drop's identity: its files' names and content hashes, in load order. */
  static String dropSha256(List<FileLoad> loads) {
    StringBuilder sb = new StringBuilder();
    loads.forEach(f -> sb.append(f.file()).append(':').append(f.sha256()).append('\n'));
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }


  /** What this run recomputes ({@link RuleScope#plan}), timed as {@code scope}, with a progress line. */
  private static RuleScope planScope(Warehouse warehouse, RuleContext ctx, RunLedger.Succeeded last,
      boolean recomputeAll, Timings timings, Consumer<String> progress) {
    List<Rule> rules = Rules.all();
    warehouse.spark().sparkContext().setJobGroup("rules:scope", "what changed since the last run", false);
    RuleScope scope = RuleScope.plan(warehouse, ctx, last, recomputeAll, timings.within("scope"));
    if (scope.isWhole()) {
      progress.accept("rules: " + rules.size() + " rules over every payee (" + scope.reason() + ")");
    } else {
      progress.accept(String.format(
          "rules: %d rules; the payee and account rules over the %,d payees and %,d accounts changed since run %s",
          rules.size(), scope.payeeKeyCount(), scope.accountCount(), scope.sinceRunId()));
    }
    return scope;
  }

  /**
   * Runs every rule, matches the clues to the findings and merges them into the clue ledger, timing each
   * rule ({@code rules → CODE}), the matching and the ledger merge's steps, with a progress line after
   * each rule and each of the ledger's commits.
   */
  private static RuleScope.Outcome detectAndRecord(Warehouse warehouse, RuleContext ctx, RuleScope scope,
      String runId, RunLock lock, Timings timings, Consumer<String> progress) {
    try (RuleContext scoped = scope.isWhole() ? null : ctx.scopedTo(scope.payeeKeys(), scope.accounts())) {
      return detectAndRecord(warehouse, ctx, scoped, scope, runId, lock, timings, progress);
    }
  }

  private static RuleScope.Outcome detectAndRecord(Warehouse warehouse, RuleContext ctx, RuleContext scoped,
      RuleScope scope, String runId, RunLock lock, Timings timings, Consumer<String> progress) {
    SparkSession spark = warehouse.spark();
    List<Rule> rules = Rules.all();
    // Each rule is computed on its own and its (small) result materialised: one union of fifteen rule
    // plans is a query so large that planning and code generation dominate, and every later reader
    // (matching, history, clue table, counts) would replay it.
    Dataset<Row> candidates = null;
    Dataset<Row> evidence = null;
    Timings ruleTimes = timings.within("rules");
    long carried = 0;
    if (!scope.isWhole()) {
      spark.sparkContext().setJobGroup("rules:carried", "clues carried over from run " + scope.sinceRunId(), false);
      Detection kept = ruleTimes.time("carried_over", () -> scope.carriedOver(warehouse, scoped));
      candidates = kept.clues();
      evidence = kept.evidence();
      carried = candidates.count();
      progress.accept(String.format("rules: %,d clues of unchanged payees and accounts carried over", carried));
    }
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      spark.sparkContext().setJobGroup("rule:" + rule.code(), "rule " + rule.code(), false);
      long r0 = System.nanoTime();
      Detection d = scope.detect(rule, ctx, scoped);
      long took = System.nanoTime() - r0;
      ruleTimes.add(rule.code(), took);
      candidates = candidates == null ? d.clues() : candidates.unionByName(d.clues());
      evidence = evidence == null ? d.evidence() : evidence.unionByName(d.evidence());
      progress.accept(String.format("rules: %s done (%d of %d), %.1f s", rule.code(), i + 1, rules.size(), took / 1e9));
    }
    // Fifteen rules' partitions, most nearly empty: gathered, so matching and the merge run few tasks.
    Dataset<Row> allCandidates = candidates.coalesce(warehouse.writers()).persist(StorageLevel.MEMORY_AND_DISK());
    evidence = evidence.coalesce(warehouse.writers()).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      spark.sparkContext().setJobGroup("match", "match clues to inspection findings", false);
      // Materialised here (rather than lazily by the ledger merge that reads it) so matching is timed on its own.
      Dataset<Row> matched = timings.time("matching", () -> FindingMatcher.of(ctx).match(allCandidates).localCheckpoint());
      lock.ensureHeld();
      spark.sparkContext().setJobGroup("ledger", "merge the clue ledger", false);
      progress.accept("clues: matching done; merging the clue ledger");
      return new RuleScope.Outcome(
          new ClueLedger(warehouse).merge(runId, ctx.asOf(), matched, evidence, Rules.weights(),
              timings.within("ledger_merge"), step -> progress.accept("clues: " + step)),
          scope.describe(carried));
    } finally {
      allCandidates.unpersist();
      evidence.unpersist();
    }
  }

  /**
   * A rule's clues and evidence computed in one Spark query and kept. Both come from the same joins over
   * the payments; in one query Spark computes each shuffle they share once and reuses it, where a query
   * for each would compute them twice.
   */
  static Detection materialised(Detection d) {
    Column clue = struct(columns(d.clues(), Detection.CLUE_SCHEMA));
    Column fact = struct(columns(d.evidence(), Detection.EVIDENCE_SCHEMA));
    Dataset<Row> both =
        d.clues().select(clue.as("c"), lit(null).cast(Detection.EVIDENCE_SCHEMA).as("e"))
            .unionByName(d.evidence().select(lit(null).cast(Detection.CLUE_SCHEMA).as("c"), fact.as("e")))
            .localCheckpoint();
    return new Detection(
        both.filter(col("c").isNotNull()).select("c.*"),
        both.filter(col("e").isNotNull()).select("e.*"));
  }

  private static Column[] columns(Dataset<Row> rows, StructType schema) {
    return java.util.Arrays.stream(schema.fieldNames()).map(rows::col).toArray(Column[]::new);
  }

  /**
   * Creates the warehouse folder if needed, so that a warehouse that cannot be written is a one-line
   * error before anything runs.
   */
  private static void prepareWarehouse(String warehouse, Configuration conf) {
    Path local = Storage.localPath(warehouse, conf);
    if (local != null) {
      try {
        Files.createDirectories(local);
      } catch (IOException e) {
        throw FundcheckErrors.unwritableWarehouse(warehouse, e.toString());
      }
      if (!Files.isWritable(local)) {
        throw FundcheckErrors.unwritableWarehouse(warehouse, "the folder is not writable");
      }
      return;
    }
    try {
      Storage.fileSystem(warehouse, conf).mkdirs(Storage.path(warehouse));
    } catch (IOException e) {
      throw FundcheckErrors.unwritableWarehouse(warehouse, e.toString());
    }
  }
}
