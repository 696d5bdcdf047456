package org.fundcheck.rules;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What a rule found: one row per clue ({@link #CLUE_SCHEMA}) and the rows that prove it
 * ({@link #EVIDENCE_SCHEMA}), joined on {@code clue_id}.
 */
public record Detection(Dataset<Row> clues, Dataset<Row> evidence) {

  /**
   * A candidate clue, before matching findings. {@code project_id} and {@code household_id} are null
   * where rules.md says empty. {@code evidence_date} is the clue's evidence date (rules.md);
   * {@code evidence} the Chinese sentence a person checks in minutes.
   */
  public static final StructType CLUE_SCHEMA =
      new StructType()
          .add("clue_id", DataTypes.StringType, false)
          .add("rule_code", DataTypes.StringType, false)
          .add("category", DataTypes.StringType, false)
          .add("entity_type", DataTypes.StringType, false)
          .add("entity_id", DataTypes.StringType, false)
          .add("project_id", DataTypes.StringType, true)
          .add("household_id", DataTypes.StringType, true)
          .add("unit_code", DataTypes.StringType, true)
          .add("amount_at_stake", DataTypes.createDecimalType(18, 2), false)
          .add("evidence_date", DataTypes.DateType, true)
          .add("evidence", DataTypes.StringType, false);

  /**
   * One fact behind a clue: {@code kind} is the table it comes from ({@code payment}, {@code allocation},
   * {@code delivery}, {@code death}, {@code public_payroll}, {@code vehicle}, {@code company},
   * {@code village_cadre}, {@code household}), {@code ref_id} that row's key (payment_id, plate_no, …),
   * {@code amount} its (net) amount where it has one, {@code detail} a short Chinese description.
   */
  public static final StructType EVIDENCE_SCHEMA =
      new StructType()
          .add("clue_id", DataTypes.StringType, false)
          .add("rule_code", DataTypes.StringType, false)
          .add("kind", DataTypes.StringType, false)
          .add("ref_id", DataTypes.StringType, false)
          .add("ref_date", DataTypes.DateType, true)
          .add("amount", DataTypes.createDecimalType(18, 2), true)
          .add("detail", DataTypes.StringType, true);
}
