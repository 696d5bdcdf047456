package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The unit of a household, person, payee or account clue (rules.md, "unit of a clue"): the paying unit
 * with the largest net amount among the clue's evidence payments; ties go to the smallest unit_code in
 * code-point order (Spark compares strings by their UTF-8 bytes, which is code-point order).
 */
final class ResponsibleUnit {

  private ResponsibleUnit() {}

  /**
   * @param payments one row per evidence payment, with {@code key}, {@code unit_code} and {@code net_amount}
   * @return {@code key, unit_code}, one row per key
   */
  static Dataset<Row> of(Dataset<Row> payments, String key) {
    Dataset<Row> byUnit =
        payments.groupBy(col(key), col("unit_code")).agg(sum("net_amount").as("unit_amount"));
    return byUnit
        .withColumn("unit_rank",
            row_number().over(Window.partitionBy(col(key))
                .orderBy(col("unit_amount").desc(), col("unit_code").asc())))
        .filter(col("unit_rank").equalTo(1))
        .select(col(key), col("unit_code"));
  }
}
