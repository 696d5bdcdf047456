package org.fundcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void deltaRoundTripKeepsDecimalsAndDates() throws Exception {
    SparkSession spark = TestSpark.session();
    Path dir = Files.createTempDirectory("smoke");
    spark.sql("select cast('12345.60' as decimal(18,2)) as amount, date'2019-03-20' as d")
        .write().format("delta").save(dir.resolve("t").toString());
    List<Row> rows = spark.read().format("delta").load(dir.resolve("t").toString()).collectAsList();
    assertEquals(new BigDecimal("12345.60"), rows.get(0).getDecimal(0));
    assertEquals(LocalDate.of(2019, 3, 20), rows.get(0).getLocalDate(1));
  }
}
