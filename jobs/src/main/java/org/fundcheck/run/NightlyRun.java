package org.fundcheck.run;

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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.fundcheck.clues.ClueLedger;
import org.fundcheck.clues.ClueStatus;
import org.fundcheck.clues.FindingMatcher;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.Rule;
import org.fundcheck.rules.Rules;
import org.fundcheck.FundcheckErrors;
import org.fundcheck.FundcheckException;
import org.fundcheck.load.DropLoader;
import org.fundcheck.load.Encodings;
import org.fundcheck.load.FileLoad;
import org.fundcheck.reconcile.Reconciliation;
import org.fundcheck.rules.RuleContext;
import org.fundcheck.rules.Settings;
import org.fundcheck.warehouse.LocalFiles;
import org.fundcheck.warehouse.Warehouse;

/**
 * The nightly job (outputs.md {@code run}): load the drop, reconcile the three ledgers for as_of, run the
 * rules and update the clue ledger. Each stage is labelled in the Spark UI and the run is recorded in the
 * run ledger, failed runs included.
 */
public final class NightlyRun {

  /** The arguments of one run, checked before anything is read or written. */
  public record Options(
      Path input, String warehouse, LocalDate asOf, Encodings.Choice encoding, Settings settings,
      java.time.Duration lockWait) {

    /** Options that refuse at once when another run holds the warehouse. */
    public Options(Path input, String warehouse, LocalDate asOf, Encodings.Choice encoding, Settings settings) {
      this(input, warehouse, asOf, encoding, settings, java.time.Duration.ZERO);
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
    if (!Files.isDirectory(options.input())) {
      throw FundcheckErrors.missingInputFolder(options.input());
    }
    Path warehouseDir = localWarehouse(options.warehouse());
    String runId = RUN_ID_TIME.format(started) + "-" + UUID.randomUUID().toString().substring(0, 8);
    RunLock.Acquired acquired = RunLock.acquire(warehouseDir, runId, options.lockWait());
    try (RunLock lock = acquired.lock()) {
      Warehouse warehouse = new Warehouse(spark, options.warehouse());
      RunLedger ledger = new RunLedger(warehouse);
      if (acquired.staleHolder() != null) {
        say(t0, "run " + acquired.staleHolder().runId() + " was killed before it finished; this run redoes its work");
        ledger.markInterrupted(acquired.staleHolder().runId());
      }
      // Only one run holds the lock, so whatever is left in the staging folder belongs to a killed run.
      LocalFiles.deleteRecursively(warehouseDir.resolve("_staging"));
      ledger.started(runId, options.asOf(), options.input().toString(), started);
      try {
        RunSummary summary = stages(warehouse, warehouseDir, ledger, runId, t0);
        ledger.finished(runId, options.asOf(), options.input().toString(), started, "succeeded", null, summary.toJson());
        return summary;
      } catch (RuntimeException | IOException e) {
        String error = e.getMessage() == null ? e.toString() : e.getMessage();
        try {
          ledger.discardHistoryOf(runId);
          ledger.finished(runId, options.asOf(), options.input().toString(), started, "failed", error, null);
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
    }
  }

  private RunSummary stages(Warehouse warehouse, Path warehouseDir, RunLedger ledger, String runId, long t0)
      throws IOException {
    Map<String, Double> stageSeconds = new LinkedHashMap<>();
    long mark = System.nanoTime();
    say(t0, "load: " + options.input());
    // A file's line is printed once its table is committed, so the last line before a crash tells how
    // far the load got.
    List<FileLoad> loads =
        new DropLoader(warehouse, options.encoding())
            .load(options.input(), runId, warehouseDir.resolve("_staging").resolve(runId),
                f -> say(t0, String.format("load: %s %,d read, %,d loaded, %,d quarantined",
                    f.file(), f.read(), f.loaded(), f.quarantined())));
    long rejected = loads.stream().mapToLong(FileLoad::quarantined).sum();
    if (rejected > 0) {
      say(t0, String.format("load: %,d rejected rows in the quarantine", rejected));
    }
    String dropSha256 = dropSha256(loads);
    String loadedBefore = ledger.succeededRunWithDrop(dropSha256);
    if (loadedBefore != null) {
      say(t0, "load: this drop was already loaded by run " + loadedBefore + "; loading it again changed nothing");
    }
    mark = lap(stageSeconds, "load", mark);
    Reconciliation.Totals totals;
    ClueLedger.MergeResult clues;
    try (RuleContext ctx = new RuleContext(spark, options.asOf(), options.settings(), warehouse.inputTables())) {
      say(t0, "reconcile: as_of " + options.asOf());
      totals = Reconciliation.write(warehouse, ctx);
      mark = lap(stageSeconds, "reconcile", mark);
      clues = detectAndRecord(warehouse, ctx, runId, line -> say(t0, line));
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
    return new RunSummary(runId, options.asOf(), "succeeded", loads, totals, byRule, byStatus,
        options.settings().asMap(), (System.nanoTime() - t0) / 1e9, stageSeconds,
        RunLedger.versions(warehouse), dropSha256, loadedBefore);
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


  /**
   * Runs every rule, matches the clues to the findings and merges them into the clue ledger, with a
   * progress line after each rule and each of the ledger's commits.
   */
  private static ClueLedger.MergeResult detectAndRecord(
      Warehouse warehouse, RuleContext ctx, String runId, Consumer<String> progress) {
    SparkSession spark = warehouse.spark();
    List<Rule> rules = Rules.all();
    progress.accept("rules: " + rules.size() + " rules");
    // Each rule is computed on its own and its (small) result materialised: one union of fifteen rule
    // plans is a query so large that planning and code generation dominate, and every later reader
    // (matching, history, clue table, counts) would replay it.
    Dataset<Row> candidates = null;
    Dataset<Row> evidence = null;
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      spark.sparkContext().setJobGroup("rule:" + rule.code(), "rule " + rule.code(), false);
      Detection d = rule.detect(ctx);
      Dataset<Row> c = d.clues().localCheckpoint();
      Dataset<Row> e = d.evidence().localCheckpoint();
      candidates = candidates == null ? c : candidates.unionByName(c);
      evidence = evidence == null ? e : evidence.unionByName(e);
      progress.accept(String.format("rules: %s done (%d of %d)", rule.code(), i + 1, rules.size()));
    }
    candidates = candidates.persist(StorageLevel.MEMORY_AND_DISK());
    evidence = evidence.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      spark.sparkContext().setJobGroup("match", "match clues to inspection findings", false);
      Dataset<Row> matched = FindingMatcher.of(ctx).match(candidates).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        spark.sparkContext().setJobGroup("ledger", "merge the clue ledger", false);
        progress.accept("clues: matching findings and merging the clue ledger");
        return new ClueLedger(warehouse).merge(runId, ctx.asOf(), matched, evidence, Rules.weights(),
            step -> progress.accept("clues: " + step));
      } finally {
        matched.unpersist();
      }
    } finally {
      candidates.unpersist();
      evidence.unpersist();
    }
  }

  /**
   * The warehouse folder on this machine, created if needed, where drop files are staged. A warehouse on
   * a cluster file system (hdfs://, s3a://) is staged under the local temporary folder instead.
   */
  private static Path localWarehouse(String warehouse) {
    if (warehouse.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") && !warehouse.startsWith("file:")) {
      try {
        return Files.createTempDirectory("fundcheck-staging");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Path dir = Path.of(warehouse.startsWith("file:") ? java.net.URI.create(warehouse).getPath() : warehouse);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw FundcheckErrors.unwritableWarehouse(warehouse, e.toString());
    }
    if (!Files.isWritable(dir)) {
      throw FundcheckErrors.unwritableWarehouse(warehouse, "the folder is not writable");
    }
    return dir;
  }
}
