package org.fundcheck.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.fundcheck.load.FileLoad;
import org.fundcheck.reconcile.Reconciliation;

/**
 * What a run did, as printed for a person and written as the JSON of outputs.md ({@code --summary}).
 *
 * @param cluesByRule clue counts by rule code (every rule of the catalog, zero included)
 * @param cluesByStatus clue counts by status of this run's list
 * @param stageSeconds wall seconds of each stage (load, reconcile, clues)
 * @param timings wall seconds of the stages' parts, nested ({@link org.fundcheck.Timings#seconds()}): per
 *     file staging and loading, the quarantine, reconciliation, each rule, matching, the ledger merge's steps
 * @param peakHeapMb the most JVM heap in use during the run, in MiB
 * @param peakLiveHeapMb the most JVM heap in use right after a garbage collection during the run, in MiB
 * @param tableVersions the Delta version of each table the run wrote after the load (for time travel)
 * @param dropSha256 the drop's identity: its files' names and content hashes
 * @param alreadyLoadedBy an earlier succeeded run that loaded the very same drop, or null
 * @param scope how the clues were computed: every clue, or those of the payees and accounts changed since
 *     an earlier run (which run, how many, how many clues carried over), and the rule catalog
 */
public record RunSummary(
    String runId,
    LocalDate asOf,
    String status,
    List<FileLoad> files,
    Reconciliation.Totals totals,
    Map<String, Long> cluesByRule,
    Map<String, Long> cluesByStatus,
    Map<String, String> settings,
    double seconds,
    Map<String, Double> stageSeconds,
    Map<String, Object> timings,
    long peakHeapMb,
    long peakLiveHeapMb,
    Map<String, Long> tableVersions,
    String dropSha256,
    String alreadyLoadedBy,
    Map<String, Object> scope) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * The key of the hash of the code that loaded the files ({@link CodeFingerprint#LOADING}): a later run
   * keeps a file this run loaded only when its own loading code is the same.
   */
  static final String LOAD_CODE = "load_code_sha256";

  /** The JSON document of outputs.md, keys in the contract's order. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("run_id", runId);
    root.put("as_of", asOf.toString());
    root.put("status", status);
    ObjectNode fileNode = root.putObject("files");
    for (FileLoad f : files) {
      ObjectNode n = fileNode.putObject(f.file());
      n.put("read", f.read());
      n.put("loaded", f.loaded());
      n.put("quarantined", f.quarantined());
      n.put("encoding", f.encoding());
      n.put("sha256", f.sha256());
    }
    ObjectNode clues = root.putObject("clues");
    ObjectNode byRule = clues.putObject("by_rule");
    cluesByRule.forEach(byRule::put);
    ObjectNode byStatus = clues.putObject("by_status");
    cluesByStatus.forEach(byStatus::put);
    ObjectNode ledgers = root.putObject("ledgers");
    ledgers.put("projects", totals.projects());
    ledgers.put("allocated", totals.allocated().toPlainString());
    ledgers.put("disbursed", totals.disbursed().toPlainString());
    ledgers.put("delivered", totals.delivered().toPlainString());
    ledgers.put("household_gaps", totals.householdGaps());
    ObjectNode settingsNode = root.putObject("settings");
    settings.forEach(settingsNode::put);
    root.put("seconds", BigDecimal.valueOf(seconds).setScale(1, java.math.RoundingMode.HALF_UP));
    ObjectNode stages = root.putObject("stages");
    stageSeconds.forEach(stages::put);
    root.set("timings", JSON.valueToTree(timings));
    root.put("peak_heap_mb", peakHeapMb);
    root.put("peak_live_heap_mb", peakLiveHeapMb);
    ObjectNode versions = root.putObject("table_versions");
    tableVersions.forEach(versions::put);
    root.put("drop_sha256", dropSha256);
    root.put(LOAD_CODE, CodeFingerprint.LOADING.sha256());
    root.set("scope", JSON.valueToTree(scope));
    if (alreadyLoadedBy != null) {
      root.put("already_loaded_by", alreadyLoadedBy);
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The summary a person reads at the end of a run. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("fundcheck run %s  as_of %s  %s%n%n", runId, asOf, status));
    sb.append(String.format("%-24s %-12s %10s %10s %12s%n", "file", "encoding", "read", "loaded", "quarantined"));
    long read = 0;
    long loaded = 0;
    long quarantined = 0;
    for (FileLoad f : files) {
      sb.append(String.format("%-24s %-12s %,10d %,10d %,12d%n", f.file(), f.encoding(), f.read(), f.loaded(), f.quarantined()));
      read += f.read();
      loaded += f.loaded();
      quarantined += f.quarantined();
    }
    sb.append(String.format("%-24s %-12s %,10d %,10d %,12d%n%n", "total", "", read, loaded, quarantined));
    sb.append(String.format("ledgers  %,d projects  allocated %s  disbursed %s  delivered %s  (yuan)%n",
        totals.projects(), yuan(totals.allocated()), yuan(totals.disbursed()), yuan(totals.delivered())));
    sb.append(String.format("         %,d household-project pairs paid but not delivered beyond tolerance%n",
        totals.householdGaps()));
    sb.append(String.format("%nclues by rule%n"));
    for (org.fundcheck.rules.Rule rule : org.fundcheck.rules.Rules.all()) {
      sb.append(String.format("  %-24s %,8d%n", rule.code(), cluesByRule.getOrDefault(rule.code(), 0L)));
    }
    sb.append(String.format("clues by status%n"));
    cluesByStatus.forEach((k, v) -> sb.append(String.format("  %-24s %,8d%n", k, v)));
    if (scope != null && scope.get("since_run") != null) {
      sb.append(String.format("clues of the %,d payees and %,d accounts changed since run %s recomputed; %,d carried over%n",
          ((Number) scope.get("payee_keys")).longValue(), ((Number) scope.get("accounts")).longValue(),
          scope.get("since_run"), ((Number) scope.get("clues_carried_over")).longValue()));
    } else if (scope != null && scope.get("reason") != null) {
      sb.append(String.format("every clue recomputed: %s%n", scope.get("reason")));
    }
    if (alreadyLoadedBy != null) {
      sb.append(String.format("%nthis drop was already loaded by run %s; loading it again changed nothing%n", alreadyLoadedBy));
    }
    sb.append(String.format("%n%.1f seconds", seconds));
    stageSeconds.forEach((k, v) -> sb.append(String.format("  %s %.1f", k, v)));
    sb.append(String.format("  (peak heap %,d MiB)%n", peakHeapMb));
    return sb.toString();
  }

  private static String yuan(BigDecimal amount) {
    return String.format("%,.2f", amount);
  }
}
