package org.fundcheck.api;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One rule tried on the warehouse with chosen settings: its clues (matched to the findings, with status and
 * finding_id) and their evidence, held in memory only.
 */
public final class RuleTrial {

  private final String ruleCode;
  private final LocalDate asOf;
  private final Map<String, String> settings;
  private final Dataset<Row> clues;
  private final Dataset<Row> evidence;

  RuleTrial(String ruleCode, LocalDate asOf, Map<String, String> settings, Dataset<Row> clues,
      Dataset<Row> evidence) {
    this.ruleCode = Objects.requireNonNull(ruleCode);
    this.asOf = Objects.requireNonNull(asOf);
    this.settings = Map.copyOf(settings);
    this.clues = Objects.requireNonNull(clues);
    this.evidence = Objects.requireNonNull(evidence);
  }

  public String ruleCode() {
    return ruleCode;
  }

  public LocalDate asOf() {
    return asOf;
  }

  /** Every setting the trial ran with. */
  public Map<String, String> settings() {
    return settings;
  }

  /** The clues, largest amount at stake first, ties by clue_id. */
  public Dataset<Row> clues() {
    return clues.orderBy(col("amount_at_stake").desc(), col("clue_id"));
  }

  /** The evidence rows of the clues. */
  public Dataset<Row> evidence() {
    return evidence;
  }

  /**
   * How this trial's list differs from another's (usually the defaults): one row per clue_id of either,
   * with {@code change} = {@code added} (only here), {@code dropped} (only there) or {@code kept}, and the
   * amount at stake in each. A clue_id names the same lead in both, as the nightly run's ledger relies on.
   */
  public Dataset<Row> comparedWith(RuleTrial baseline) {
    Dataset<Row> before = baseline.clues.select(
        col("clue_id").as("b_clue_id"), col("entity_type").as("b_entity_type"), col("entity_id").as("b_entity_id"), col("unit_code").as("b_unit_code"),
        col("amount_at_stake").as("amount_before"));
    Dataset<Row> after = clues.select(
        col("clue_id").as("a_clue_id"), col("entity_type").as("a_entity_type"), col("entity_id").as("a_entity_id"), col("unit_code").as("a_unit_code"),
        col("amount_at_stake").as("amount_after"));
    Column change = when(col("b_clue_id").isNull(), lit("added"))
        .when(col("a_clue_id").isNull(), lit("dropped"))
        .otherwise(lit("kept"));
    return after.join(before, col("a_clue_id").equalTo(col("b_clue_id")), "full_outer")
        .select(
            coalesce(col("a_clue_id"), col("b_clue_id")).as("clue_id"),
            change.as("change"),
            coalesce(col("a_entity_type"), col("b_entity_type")).as("entity_type"),
            coalesce(col("a_entity_id"), col("b_entity_id")).as("entity_id"),
            coalesce(col("a_unit_code"), col("b_unit_code")).as("unit_code"),
            col("amount_before"),
            col("amount_after"))
        .orderBy(col("change"), col("clue_id"));
  }
}
