package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.fundcheck.rules.Detection;

/** Brings a rule's result to the columns of {@link Detection}, so every rule unions with every other. */
final class Shapes {

  private Shapes() {}

  static Dataset<Row> clues(Dataset<Row> df) {
    return conform(df, Detection.CLUE_SCHEMA);
  }

  static Dataset<Row> evidence(Dataset<Row> df) {
    return conform(df, Detection.EVIDENCE_SCHEMA);
  }

  /**
   * Payment evidence rows from a dataset holding {@code clue_id} and the payment's columns: ref_id the
   * payment_id, ref_date paid_on, amount the net amount.
   */
  static Dataset<Row> paymentEvidence(Dataset<Row> payments, String ruleCode) {
    return evidence(
        payments.select(
            col("clue_id"),
            lit(ruleCode).as("rule_code"),
            lit("payment").as("kind"),
            col("payment_id").as("ref_id"),
            col("paid_on").as("ref_date"),
            col("net_amount").as("amount"),
            paymentDetail().as("detail")));
  }

  /** e.g. {@code 收款人 王某某 凭证 V123 项目 P001}; a missing voucher is left out. */
  static Column paymentDetail() {
    return concat_ws(" ",
        concat(lit("收款人 "), col("payee_name")),
        when(col("voucher_no").isNotNull(), concat(lit("凭证 "), col("voucher_no"))),
        concat(lit("项目 "), col("project_id")));
  }

  private static Dataset<Row> conform(Dataset<Row> df, StructType schema) {
    Column[] cols =
        Arrays.stream(schema.fields())
            .map(f -> col(f.name()).cast(f.dataType()).as(f.name()))
            .toArray(Column[]::new);
    return df.select(cols);
  }
}
