package org.fundcheck.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.fundcheck.Drops;
import org.fundcheck.TestSpark;
import org.fundcheck.schema.FileSpec;
import org.fundcheck.schema.InputContract;
import org.junit.jupiter.api.Test;

/**
 * The row validation in Spark: the rows a file's tasks check are the same under Spark's code generation,
 * as the command line runs it, as without it (the other tests), and carry dates as the session reads them.
 */
class CompiledValidationTest {

  static final String PERSON = Drops.id("630222", "19800101", 7);

  /** Staged disbursements: every value as text, as {@link Staging#schema} holds them. */
  static Dataset<Row> staged(SparkSession spark, FileSpec spec) {
    String[][] rows = {
      // payment_id, project_id, unit_code, payee_type, payee_id, payee_name, payee_account, amount,
      // reversal_of, paid_on, voucher_no, purpose
      {"D1", "P1", "630222-FPB", "household", "H001", "刘䶮", "6228480000000000001", "12,345.60", null,
          "2018-05-01", "V1", "产业补贴"},
      {"D2", "P1", "630222-FPB", "individual", PERSON.replace('X', 'x'), "王某", null, "800元", null,
          "2018/5/2", null, null},
      {"D3", "P1", "630222-FPB", "household", "H002", "李某", null, "-800.00", null, "20180503", null, null},
      {"D4", "P1", "630222-FPB", "company", "91630222MA000000X1", "某公司", null, "1.234", null,
          "2018-02-30", null, null},
      {"D5", "P1", "630222-FPB", "bank", "H003", "赵某", null, "0", "D1", "2018-05-04", null, null},
    };
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      Object[] values = new Object[3 + rows[i].length];
      values[0] = (long) (i + 2);
      values[1] = String.join(",", java.util.Arrays.stream(rows[i]).map(v -> v == null ? "" : v).toList());
      System.arraycopy(rows[i], 0, values, 3, rows[i].length);
      out.add(RowFactory.create(values));
    }
    // As the loader hands them to Spark: an RDD of rows (a local list would be folded by the optimiser
    // into a constant table, with no code generated).
    return spark.createDataFrame(
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(out, 2),
        Staging.schema(spec));
  }

  @Test
  void theRowsCheckedAreTheSameWithAndWithoutCodeGeneration() {
    SparkSession spark = TestSpark.session();
    FileSpec spec = InputContract.get().file("disbursements");

    List<Row> interpreted = RowValidation.checked(staged(spark, spec), spec).orderBy("_line").collectAsList();

    List<Row> compiled = TestSpark.withCodeGeneration(
        () -> RowValidation.checked(staged(spark, spec), spec).orderBy("_line").collectAsList());
    assertEquals(interpreted, compiled);

    assertEquals(5, interpreted.size());
    int reason = interpreted.get(0).fieldIndex(RowValidation.REASON);
    assertEquals(null, interpreted.get(0).get(reason));
    assertEquals(new java.math.BigDecimal("12345.60"), interpreted.get(0).getAs("amount"));
    assertEquals(PERSON, interpreted.get(1).getAs("payee_id"));
    assertEquals(new java.math.BigDecimal("800.00"), interpreted.get(1).getAs("amount"));
    assertEquals(java.time.LocalDate.of(2018, 5, 2), interpreted.get(1).getAs("paid_on"));
    assertEquals("reversal_of is required when amount is negative", interpreted.get(2).get(reason));
    assertEquals("amount '1.234' is not an amount in yuan with at most 2 decimals; "
        + "paid_on '2018-02-30' is not a date (yyyy-MM-dd, yyyy/M/d or yyyyMMdd)", interpreted.get(3).get(reason));
    assertEquals("payee_type 'bank' is not one of: household, company, individual; "
        + "amount must not be 0 (a reversal is negative and names reversal_of)", interpreted.get(4).get(reason));
  }

  @Test
  void aSessionWithoutJavaTimeGetsSqlDates() {
    SparkSession spark = TestSpark.session();
    FileSpec spec = InputContract.get().file("disbursements");
    String java8 = "spark.sql.datetime.java8API.enabled";
    Map<String, String> before = settings(spark, java.util.Set.of(java8));
    spark.conf().set(java8, "false");
    try {
      Row second = RowValidation.checked(staged(spark, spec), spec).orderBy("_line").collectAsList().get(1);
      assertEquals(java.sql.Date.valueOf("2018-05-02"), second.getAs("paid_on"));
    } finally {
      before.forEach(spark.conf()::set);
    }
  }

  private static Map<String, String> settings(SparkSession spark, java.util.Set<String> keys) {
    Map<String, String> values = new HashMap<>();
    for (String key : keys) {
      values.put(key, spark.conf().get(key));
    }
    return values;
  }
}
