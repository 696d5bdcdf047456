package org.fundcheck.report.dossier;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.FundcheckErrors;
import org.fundcheck.clues.ClueFilter;
import org.fundcheck.clues.ClueList;
import org.fundcheck.clues.ClueStatus;
import org.fundcheck.clues.UnitTree;
import org.fundcheck.report.Masking;
import org.fundcheck.warehouse.Warehouse;

/**
 * The pre-stationing dossier (巡察进驻前线索包) of one unit and every unit under it, as a small immutable
 * model both the workbook and the page are drawn from: the project ledger, the clue list with its evidence
 * rows, and the unit's findings with the clues that contradict their rectification (回头看).
 *
 * <p>Masking happens here, once, while the model is built: what the writers receive is already what may
 * leave the warehouse, so no cell or chart label can show an identity or account number in full unless
 * the pack was asked for unmasked.
 *
 * <p>Only the unit's own rows are read to the driver: its projects, its clues and their evidence, its
 * findings. A county's pack is some hundreds of rows.
 */
public record Dossier(
    String unitCode,
    String unitName,
    LocalDate asOf,
    boolean unmasked,
    List<ProjectLine> projects,
    List<ClueLine> clues,
    List<EvidenceLine> evidence,
    List<FindingLine> findings) {

  /** How many clues the headline names. */
  public static final int TOP_CLUES = 5;

  public Dossier {
    Objects.requireNonNull(unitCode);
    projects = List.copyOf(projects);
    clues = List.copyOf(clues);
    evidence = List.copyOf(evidence);
    findings = List.copyOf(findings);
  }

  /** One project's three ledgers side by side. */
  public record ProjectLine(
      String projectId, String projectName, String unitCode, String unitName, BigDecimal allocated,
      BigDecimal disbursed, BigDecimal delivered, BigDecimal undisbursed, BigDecimal undelivered) {}

  /** One clue of the list, in the columns of {@link ClueList#COLUMNS}. */
  public record ClueLine(
      String clueId, String ruleCode, String category, String status, String unitCode, String unitName,
      String entityType, String entityId, String projectId, String householdId, BigDecimal amountAtStake,
      BigDecimal score, String findingId, LocalDate firstSeenOn, LocalDate lastSeenOn, String evidence) {}

  /** One row behind a clue: a payment, a registry row, a delivery. */
  public record EvidenceLine(
      String clueId, String ruleCode, String kind, String refId, LocalDate refDate, BigDecimal amount,
      String detail) {}

  /**
   * One finding of an earlier round with its rectification state, and the clues that say it was not
   * really rectified (整改不实): rectification_failed clues naming it.
   */
  public record FindingLine(
      String findingId, String round, String unitCode, String unitName, String category, String description,
      String projectId, String householdId, BigDecimal amount, LocalDate foundOn, String status,
      LocalDate rectifiedOn, Boolean clueTransferred, List<String> failedClueIds, BigDecimal failedAmount) {

    public FindingLine {
      failedClueIds = List.copyOf(failedClueIds);
    }

    /** Whether the data contradicts the rectification this finding records. */
    public boolean contradicted() {
      return !failedClueIds.isEmpty();
    }
  }

  // ---- the headline ----

  public BigDecimal allocated() {
    return total(ProjectLine::allocated);
  }

  public BigDecimal disbursed() {
    return total(ProjectLine::disbursed);
  }

  public BigDecimal delivered() {
    return total(ProjectLine::delivered);
  }

  /** Allocated but not paid out (上级下达未支出). */
  public BigDecimal undisbursed() {
    return total(ProjectLine::undisbursed);
  }

  /** Paid out but not confirmed as arrived (支出未到位). */
  public BigDecimal undelivered() {
    return total(ProjectLine::undelivered);
  }

  /** Clues per status, every status present (zero where none), in {@link ClueStatus#ALL} order. */
  public Map<String, Long> cluesByStatus() {
    Map<String, Long> counts = new LinkedHashMap<>();
    ClueStatus.ALL.forEach(s -> counts.put(s, 0L));
    clues.forEach(c -> counts.merge(c.status(), 1L, Long::sum));
    return counts;
  }

  /** The money the clues still shown by the data put at stake: every clue but the resolved ones. */
  public BigDecimal moneyAtStake() {
    return clues.stream()
        .filter(c -> !ClueStatus.RESOLVED.equals(c.status()))
        .map(ClueLine::amountAtStake)
        .filter(Objects::nonNull)
        .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
  }

  /** The first clues of the list, which is already highest score first. */
  public List<ClueLine> topClues() {
    return clues.subList(0, Math.min(TOP_CLUES, clues.size()));
  }

  /** The findings the data contradicts, to be checked first. */
  public List<FindingLine> contradictedFindings() {
    return findings.stream().filter(FindingLine::contradicted).toList();
  }

  private BigDecimal total(Function<ProjectLine, BigDecimal> amount) {
    return projects.stream().map(amount).filter(Objects::nonNull)
        .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
  }

  // ---- building from a warehouse ----

  /**
   * The dossier of a unit and every unit below it, as the warehouse holds it now.
   *
   * @param unmasked true to show identity and account numbers in full ({@code --unmasked})
   */
  public static Dossier of(Warehouse warehouse, String unitCode, boolean unmasked) {
    String unit = Objects.requireNonNull(unitCode).trim();
    String unitsTable = Warehouse.silver("units");
    if (!warehouse.exists(Warehouse.RUNS)) {
      throw FundcheckErrors.missingWarehouse(warehouse.root());
    }
    if (!warehouse.exists(unitsTable)) {
      throw FundcheckErrors.unknownUnit(unit, warehouse.root());
    }
    Dataset<Row> units = warehouse.read(unitsTable).select("unit_code", "unit_name", "parent_code");
    List<Row> own = units.filter(col("unit_code").equalTo(lit(unit))).collectAsList();
    if (own.isEmpty()) {
      throw FundcheckErrors.unknownUnit(unit, warehouse.root());
    }
    Dataset<Row> scope =
        UnitTree.ancestors(units)
            .filter(col("ancestor_code").equalTo(lit(unit)))
            .select(col("unit_code").as("scope_code"))
            .union(units.sparkSession().range(1).select(lit(unit).as("scope_code")))
            .distinct()
            .localCheckpoint();
    Map<String, String> names = new HashMap<>();
    for (Row r : units.join(broadcast(scope), col("unit_code").equalTo(col("scope_code")), "left_semi")
        .collectAsList()) {
      names.put(r.getString(0), r.getString(1));
    }
    Function<String, String> shown = unmasked ? Function.identity() : Masking::maskText;

    if (!warehouse.exists(Warehouse.PROJECT_LEDGER)) {
      throw FundcheckErrors.missingWarehouse(warehouse.root());
    }
    Dataset<Row> ledger = warehouse.read(Warehouse.PROJECT_LEDGER);
    List<Row> asOfRow = ledger.select("as_of").limit(1).collectAsList();
    LocalDate asOf = asOfRow.isEmpty() ? null : asOfRow.get(0).getAs("as_of");

    List<ProjectLine> projects = new ArrayList<>();
    for (Row r : inScope(ledger, scope, "unit_code")
        .select("project_id", "project_name", "unit_code", "allocated", "disbursed", "delivered", "undisbursed",
            "undelivered")
        .collectAsList()) {
      String code = r.getString(2);
      projects.add(new ProjectLine(
          r.getString(0), shown.apply(r.getString(1)), code, names.get(code), r.getDecimal(3), r.getDecimal(4),
          r.getDecimal(5), r.getDecimal(6), r.getDecimal(7)));
    }
    // The projects with the most money first: the chart shows the head of this order.
    projects.sort(Comparator.comparing(ProjectLine::allocated, Comparator.reverseOrder())
        .thenComparing(ProjectLine::projectId));

    Dataset<Row> list = new ClueList(warehouse).current(ClueFilter.all().withUnit(unit));
    List<ClueLine> clues = new ArrayList<>();
    for (Row r : list.collectAsList()) {
      String entityType = r.getAs("entity_type");
      String entityId = r.getAs("entity_id");
      clues.add(new ClueLine(
          r.getAs("clue_id"), r.getAs("rule_code"), r.getAs("category"), r.getAs("status"), r.getAs("unit_code"),
          r.getAs("unit_name"), entityType,
          unmasked ? entityId : Masking.maskText(Masking.entityId(entityType, entityId)),
          r.getAs("project_id"), r.getAs("household_id"), r.getAs("amount_at_stake"), r.getAs("score"),
          r.getAs("finding_id"), r.getAs("first_seen_on"), r.getAs("last_seen_on"),
          shown.apply(r.getAs("evidence"))));
    }

    List<EvidenceLine> evidence = new ArrayList<>();
    if (warehouse.exists(Warehouse.CLUE_EVIDENCE) && !clues.isEmpty()) {
      Dataset<Row> ids = list.select(col("clue_id").as("l_clue_id"));
      Dataset<Row> rows = warehouse.read(Warehouse.CLUE_EVIDENCE);
      for (Row r : rows.join(ids, rows.col("clue_id").equalTo(ids.col("l_clue_id")), "left_semi")
          .select("clue_id", "rule_code", "kind", "ref_id", "ref_date", "amount", "detail")
          .collectAsList()) {
        evidence.add(new EvidenceLine(
            r.getString(0), r.getString(1), r.getString(2), shown.apply(r.getString(3)), r.getAs("ref_date"),
            r.getDecimal(5), shown.apply(r.getString(6))));
      }
    }
    // Evidence follows the list: the first clue's rows first.
    Map<String, Integer> rank = new HashMap<>();
    for (int i = 0; i < clues.size(); i++) {
      rank.put(clues.get(i).clueId(), i);
    }
    evidence.sort(Comparator.<EvidenceLine>comparingInt(e -> rank.getOrDefault(e.clueId(), Integer.MAX_VALUE))
        .thenComparing(EvidenceLine::kind)
        .thenComparing(EvidenceLine::refDate, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(EvidenceLine::refId));

    List<FindingLine> findings = findings(warehouse, scope, names, clues, asOf, shown);
    return new Dossier(unit, own.get(0).getString(1), asOf, unmasked, projects, clues, evidence, findings);
  }

  private static List<FindingLine> findings(
      Warehouse warehouse, Dataset<Row> scope, Map<String, String> names, List<ClueLine> clues, LocalDate asOf,
      Function<String, String> shown) {
    String table = Warehouse.silver("findings");
    if (!warehouse.exists(table)) {
      return List.of();
    }
    Dataset<Row> all = warehouse.read(table);
    // The findings the run's matching saw: none written after its date.
    if (asOf != null) {
      all = all.filter(col("found_on").leq(lit(asOf)));
    }
    Map<String, List<ClueLine>> failedByFinding = new TreeMap<>();
    for (ClueLine c : clues) {
      if (ClueStatus.RECTIFICATION_FAILED.equals(c.status()) && c.findingId() != null) {
        failedByFinding.computeIfAbsent(c.findingId(), k -> new ArrayList<>()).add(c);
      }
    }
    List<FindingLine> findings = new ArrayList<>();
    for (Row r : inScope(all, scope, "unit_code")
        .select("finding_id", "round", "unit_code", "category", "description", "project_id", "household_id",
            "amount", "found_on", "status", "rectified_on", "clue_transferred")
        .collectAsList()) {
      String id = r.getString(0);
      List<ClueLine> failed = failedByFinding.getOrDefault(id, List.of());
      BigDecimal failedAmount = failed.stream().map(ClueLine::amountAtStake).filter(Objects::nonNull)
          .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
      String code = r.getString(2);
      findings.add(new FindingLine(
          id, r.getString(1), code, names.get(code), r.getString(3), shown.apply(r.getString(4)), r.getString(5),
          r.getString(6), r.getDecimal(7), r.getAs("found_on"), r.getString(9), r.getAs("rectified_on"),
          r.isNullAt(11) ? null : r.getBoolean(11), failed.stream().map(ClueLine::clueId).toList(), failedAmount));
    }
    // 回头看: the findings the data contradicts first, then the latest round first.
    findings.sort(Comparator.comparing(FindingLine::contradicted, Comparator.reverseOrder())
        .thenComparing(FindingLine::foundOn, Comparator.nullsLast(Comparator.reverseOrder()))
        .thenComparing(FindingLine::findingId));
    return findings;
  }

  private static Dataset<Row> inScope(Dataset<Row> rows, Dataset<Row> scope, String unitColumn) {
    return rows.join(broadcast(scope), rows.col(unitColumn).equalTo(scope.col("scope_code")), "left_semi");
  }
}
