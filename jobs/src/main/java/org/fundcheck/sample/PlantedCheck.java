package org.fundcheck.sample;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.load.CsvRecordReader;
import org.fundcheck.load.RawRecord;

/**
 * Whether a run reported exactly what a synthetic drop's manifest planted: every planted clue with its
 * rule, entity, project, household, unit, amount, status and finding, and no clue besides; and every file
 * read, loaded and quarantined in the counts the manifest gives. The tests check the clue list a run leaves
 * in the warehouse; the benchmark checks the list the {@code clues} command wrote, at scales no test runs:
 *
 * <pre>
 * java -cp … org.fundcheck.sample.PlantedCheck DROP/manifest.json CLUES.csv [SUMMARY.json]
 * </pre>
 *
 * prints one line per check and exits 0 when all match, 1 when one does not.
 */
public final class PlantedCheck {

  /** The clue-list columns a planted clue is compared on, in the order of its key. */
  public static final List<String> COMPARED = List.of(
      "rule_code", "entity_type", "entity_id", "project_id", "household_id", "unit_code", "amount_at_stake",
      "status", "finding_id");

  private static final int SHOWN = 20;

  private PlantedCheck() {}

  /**
   * How a run's clues compare with the planted ones, each clue as its {@link #key}.
   *
   * @param missing planted clues the run did not report as planted (wrong amount, status or finding included)
   * @param unexpected clues the run reported that were not planted so
   */
  public record Outcome(int planted, int reported, SortedSet<String> missing, SortedSet<String> unexpected) {

    /** Every planted clue reported as planted, nothing else, and no clue reported twice. */
    public boolean exact() {
      return missing.isEmpty() && unexpected.isEmpty() && planted == reported;
    }

    /** One line when they match; else the line and up to twenty keys of each kind of difference. */
    public String report() {
      if (exact()) {
        return "planted clues: exact match (" + planted + " planted, " + reported + " reported)";
      }
      StringBuilder sb = new StringBuilder(String.format(
          "planted clues: NO MATCH (%d planted, %d reported: %d planted not reported as planted, %d reported not planted)",
          planted, reported, missing.size(), unexpected.size()));
      missing.stream().limit(SHOWN).forEach(k -> sb.append("\n  missing    ").append(k));
      unexpected.stream().limit(SHOWN).forEach(k -> sb.append("\n  unexpected ").append(k));
      return sb.toString();
    }
  }

  /** A clue as compared: the {@link #COMPARED} values joined by {@code |}, empty for null, amounts in plain notation. */
  public static String key(String ruleCode, String entityType, String entityId, String projectId,
      String householdId, String unitCode, BigDecimal amountAtStake, String status, String findingId) {
    return String.join("|", ruleCode, entityType, entityId, nz(projectId), nz(householdId), nz(unitCode),
        amountAtStake.toPlainString(), status, nz(findingId));
  }

  /** The keys of the clues a manifest planted. */
  public static SortedSet<String> planted(SampleManifest manifest) {
    SortedSet<String> keys = new TreeSet<>();
    for (SampleManifest.Planted p : manifest.planted()) {
      keys.add(key(p.ruleCode(), p.entityType(), p.entityId(), p.projectId(), p.householdId(), p.unitCode(),
          new BigDecimal(p.amountAtStake()), p.status(), p.findingId()));
    }
    return keys;
  }

  /** Compares the planted clues with the keys of the clues a run reported. */
  public static Outcome compare(SampleManifest manifest, Collection<String> reportedKeys) {
    SortedSet<String> expected = planted(manifest);
    SortedSet<String> reported = new TreeSet<>(reportedKeys);
    SortedSet<String> missing = new TreeSet<>(expected);
    missing.removeAll(reported);
    SortedSet<String> unexpected = new TreeSet<>(reported);
    unexpected.removeAll(expected);
    return new Outcome(expected.size(), reportedKeys.size(), missing, unexpected);
  }

  /** Compares the planted clues with a clue list (a Dataset with the {@link #COMPARED} columns). */
  public static Outcome compare(SampleManifest manifest, Dataset<Row> clueList) {
    List<String> keys = new ArrayList<>();
    for (Row r : clueList.selectExpr(COMPARED.toArray(String[]::new)).collectAsList()) {
      keys.add(key(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
          r.getString(5), r.getDecimal(6), r.getString(7), r.getString(8)));
    }
    return compare(manifest, keys);
  }

  /**
   * Compares the planted clues with a clue list written as CSV by {@code fundcheck clues --unmasked} (a
   * masked list hides the identity numbers that person clues are keyed by).
   */
  public static Outcome compareCsv(SampleManifest manifest, Path cluesCsv) throws IOException {
    List<String> keys = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(cluesCsv, StandardCharsets.UTF_8);
        CsvRecordReader csv = new CsvRecordReader(in)) {
      RawRecord header = csv.next();
      if (header == null) {
        throw new IOException(cluesCsv + " is empty: no header");
      }
      List<String> names = new ArrayList<>();
      header.fields().forEach(f -> names.add(f.replace("\uFEFF", "")));
      int[] at = new int[COMPARED.size()];
      for (int i = 0; i < at.length; i++) {
        at[i] = names.indexOf(COMPARED.get(i));
        if (at[i] < 0) {
          throw new IOException(cluesCsv + " has no column " + COMPARED.get(i) + " (its header: " + names + ")");
        }
      }
      for (RawRecord r = csv.next(); r != null; r = csv.next()) {
        List<String> f = r.fields();
        keys.add(key(f.get(at[0]), f.get(at[1]), f.get(at[2]), f.get(at[3]), f.get(at[4]), f.get(at[5]),
            new BigDecimal(f.get(at[6])), f.get(at[7]), f.get(at[8])));
      }
    }
    return compare(manifest, keys);
  }

  /**
   * Files whose rows read, loaded and quarantined differ from the manifest's, one line each
   * ({@code households.csv: planted [rows, loaded, quarantined] …, run […]}); empty when all match,
   * a file the manifest lists but the run did not load included.
   *
   * @param runFiles per file name, the run's [read, loaded, quarantined]
   */
  public static List<String> fileDifferences(SampleManifest manifest, Map<String, List<Long>> runFiles) {
    Map<String, List<Long>> expected = new TreeMap<>();
    manifest.files().forEach((file, e) ->
        expected.put(file, List.of(e.rows(), e.rows() - e.quarantined(), (long) e.quarantined())));
    TreeSet<String> names = new TreeSet<>(expected.keySet());
    names.addAll(runFiles.keySet());
    List<String> out = new ArrayList<>();
    for (String name : names) {
      List<Long> want = expected.get(name);
      List<Long> got = runFiles.get(name);
      if (want == null || !want.equals(got)) {
        out.add(name + ": planted [read, loaded, quarantined] " + want + ", run " + got);
      }
    }
    return out;
  }

  /** The command line: MANIFEST.json CLUES.csv [SUMMARY.json]. */
  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: PlantedCheck MANIFEST.json CLUES.csv [SUMMARY.json]");
      System.exit(2);
    }
    SampleManifest manifest = SampleManifest.read(Path.of(args[0]));
    Outcome clues = compareCsv(manifest, Path.of(args[1]));
    System.out.println(clues.report());
    boolean ok = clues.exact();
    if (args.length == 3) {
      var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Path.of(args[2]).toFile());
      Map<String, List<Long>> runFiles = new TreeMap<>();
      summary.path("files").fields().forEachRemaining(e -> runFiles.put(e.getKey(), List.of(
          e.getValue().path("read").asLong(), e.getValue().path("loaded").asLong(),
          e.getValue().path("quarantined").asLong())));
      List<String> diff = fileDifferences(manifest, runFiles);
      if (diff.isEmpty()) {
        System.out.println("rows read, loaded and quarantined: as planted in all " + runFiles.size() + " files");
      } else {
        System.out.println("rows read, loaded and quarantined: NO MATCH");
        diff.forEach(d -> System.out.println("  " + d));
        ok = false;
      }
    }
    System.exit(ok ? 0 : 1);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
