package org.fundcheck.clues;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.fundcheck.rules.Detection;
import org.fundcheck.rules.RuleContext;

/**
 * Matches candidate clues to inspection findings and gives each clue its status and finding (rules.md,
 * "Matching clues to inspection findings").
 *
 * <p>The matcher takes the findings table uncut and applies the found_on ≤ as_of cut itself, so it gives
 * the same answer whether it is handed a {@link RuleContext}'s table or a table read straight from the
 * warehouse. Units are master data and never cut.
 *
 * <p>Where the contract leaves a null undecided, the comparison is false: a broad finding (no project, no
 * household) never matches a clue without an evidence date, and a {@code rectified} finding without a
 * rectified_on (which the loader rejects) makes a clue neither known nor rectification_failed, though it
 * can still be the named finding.
 */
public final class FindingMatcher {

  /** A candidate clue ({@link Detection#CLUE_SCHEMA}) with its status and the finding it names. */
  public static final StructType MATCHED_SCHEMA =
      Detection.CLUE_SCHEMA
          .add("status", DataTypes.StringType, false)
          .add("finding_id", DataTypes.StringType, true);

  private final Dataset<Row> findings;
  private final Dataset<Row> units;
  private final LocalDate asOf;

  /**
   * @param findings the findings table, uncut, with the columns of {@code findings.csv}
   * @param units the units table with unit_code and parent_code
   * @param asOf the run's date: findings found after it take no part
   */
  public FindingMatcher(Dataset<Row> findings, Dataset<Row> units, LocalDate asOf) {
    this.findings = Objects.requireNonNull(findings);
    this.units = Objects.requireNonNull(units);
    this.asOf = Objects.requireNonNull(asOf);
  }

  /** A matcher over a run's findings and units. */
  public static FindingMatcher of(RuleContext context) {
    return new FindingMatcher(context.uncut("findings"), context.uncut("units"), context.asOf());
  }

  /**
   * The clues with {@code status} ({@code new}, {@code known} or {@code rectification_failed}) and
   * {@code finding_id}, in the columns of {@link #MATCHED_SCHEMA}.
   *
   * @param clues candidate clues with the columns of {@link Detection#CLUE_SCHEMA}
   */
  public Dataset<Row> match(Dataset<Row> clues) {
    Dataset<Row> pairs = matchingPairs(clues);
    Column worked = col("f_status").isin("open", "in_progress", "long_term")
        .or(col("f_status").equalTo("rectified").and(col("f_rectified_on").gt(lit(asOf))));
    Column rectifiedBefore =
        col("f_status").equalTo("rectified").and(col("f_rectified_on").leq(lit(asOf)));
    Dataset<Row> perClue =
        pairs
            .groupBy(col("clue_id").as("m_clue_id"))
            .agg(
                max(coalesce(worked, lit(false))).as("m_known"),
                max(coalesce(rectifiedBefore, lit(false))).as("m_failed"),
                // The latest found_on first, then the smallest id: a struct orders field by field.
                min_by(col("f_id"), struct(negate(unix_date(col("f_found_on"))), col("f_id")))
                    .as("m_finding_id"));
    Column status =
        when(col("m_known"), lit(ClueStatus.KNOWN))
            .when(col("m_failed"), lit(ClueStatus.RECTIFICATION_FAILED))
            .otherwise(lit(ClueStatus.NEW));
    Column[] out =
        Arrays.stream(Detection.CLUE_SCHEMA.fieldNames()).map(n -> clues.col(n)).toArray(Column[]::new);
    return clues
        .join(perClue, clues.col("clue_id").equalTo(perClue.col("m_clue_id")), "left")
        .select(concat(out, status.as("status"), col("m_finding_id").as("finding_id")));
  }

  /** Every (clue, finding) pair satisfying the five conditions of rules.md. */
  private Dataset<Row> matchingPairs(Dataset<Row> clues) {
    Dataset<Row> cut =
        findings
            .filter(col("found_on").leq(lit(asOf)))
            .select(
                col("finding_id").as("f_id"),
                col("unit_code").as("f_unit"),
                col("category").as("f_category"),
                col("project_id").as("f_project"),
                col("household_id").as("f_household"),
                col("found_on").as("f_found_on"),
                col("status").as("f_status"),
                col("rectified_on").as("f_rectified_on"));
    Dataset<Row> key =
        clues.select("clue_id", "unit_code", "category", "project_id", "household_id", "evidence_date");
    Dataset<Row> ancestors = UnitTree.ancestors(units);
    Column[] keyCols = {
      col("clue_id"), col("category"), col("project_id"), col("household_id"), col("evidence_date")
    };
    // The clue's own unit always counts, also when units.csv does not list it.
    Dataset<Row> ownUnit = key.select(concat(keyCols, col("unit_code").as("chain_code")));
    Dataset<Row> aboveUnit =
        key.join(broadcast(ancestors), "unit_code")
            .select(concat(keyCols, col("ancestor_code").as("chain_code")));
    Dataset<Row> chain = ownUnit.union(aboveUnit);
    Column sameScope =
        col("chain_code").equalTo(col("f_unit")).and(col("category").equalTo(col("f_category")));
    Column projectFits = col("f_project").isNull().or(coalesce(col("f_project").equalTo(col("project_id")), lit(false)));
    Column householdFits =
        col("f_household").isNull().or(coalesce(col("f_household").equalTo(col("household_id")), lit(false)));
    // A broad finding covers what existed when it was written, not leads that arose later.
    Column broadCovers =
        col("f_project").isNotNull()
            .or(col("f_household").isNotNull())
            .or(coalesce(col("evidence_date").leq(col("f_found_on")), lit(false)));
    return chain.join(cut, sameScope).filter(projectFits.and(householdFits).and(broadCovers));
  }

  private static Column[] concat(Column[] head, Column... tail) {
    Column[] all = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
