package org.fundcheck.clues;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ClueScoreTest {

  private static final Map<String, BigDecimal> WEIGHTS = Map.of(
      "DECEASED_PAYEE", new BigDecimal("2"), "PAYMENT_OUT_OF_PERIOD", new BigDecimal("0.5"));

  private static BigDecimal score(String amount, String weight, String status) {
    return ClueScore.of(new BigDecimal(amount), new BigDecimal(weight), status);
  }

  @Test
  void scoreIsBandPlusWeightedMoney() {
    assertEquals(new BigDecimal("2000000001000.00"), score("1000.00", "1", "new"));
    assertEquals(new BigDecimal("2000000001500.00"), score("1000.00", "1", "rectification_failed"));
    assertEquals(new BigDecimal("1000000002000.00"), score("1000.00", "2", "known"));
    assertEquals(new BigDecimal("500.01"), score("1000.01", "0.5", "resolved"));
    assertEquals(new BigDecimal("2999999999999.99"), score("999999999999.99", "10", "new"));
  }

  @Test
  void unwrittenLeadsComeBeforeKnownCluesAndResolvedOnesLast() {
    List<String[]> clues = List.of(
        new String[] {"known big", "5000000.00", "2", "known"},
        new String[] {"new small", "1.00", "1", "new"},
        new String[] {"failed small", "2.00", "1", "rectification_failed"},
        new String[] {"resolved huge", "900000000.00", "3", "resolved"},
        new String[] {"new mid", "1.50", "1", "new"},
        new String[] {"known small", "10.00", "1", "known"});
    List<String[]> ranked = new ArrayList<>(clues);
    ranked.sort(Comparator.comparing((String[] c) -> score(c[1], c[2], c[3])).reversed());
    assertEquals(List.of("failed small", "new mid", "new small", "known big", "known small", "resolved huge"),
        ranked.stream().map(c -> c[0]).toList());
  }

  @Test
  void sparkColumnGivesTheSameScoreAsJava() {
    StructType schema = new StructType()
        .add("rule_code", DataTypes.StringType)
        .add("status", DataTypes.StringType)
        .add("amount_at_stake", DataTypes.createDecimalType(18, 2));
    List<Row> rows = List.of(
        RowFactory.create("DECEASED_PAYEE", "rectification_failed", new BigDecimal("1234.57")),
        RowFactory.create("PAYMENT_OUT_OF_PERIOD", "known", new BigDecimal("0.03")),
        RowFactory.create("IDLE_FUNDS", "resolved", new BigDecimal("880000.00")),
        RowFactory.create("DECEASED_PAYEE", "new", new BigDecimal("9999999999999999.99")));
    Dataset<Row> scored = ClueFixtures.spark().createDataFrame(rows, schema)
        .withColumn("score", ClueScore.column(col("amount_at_stake"), col("rule_code"), col("status"), WEIGHTS));
    assertEquals(DataTypes.createDecimalType(18, 2), scored.schema().apply("score").dataType());
    List<BigDecimal> scores = scored.collectAsList().stream().map(r -> r.<BigDecimal>getAs("score")).toList();
    assertEquals(List.of(
        new BigDecimal("2000000003703.71"),
        new BigDecimal("1000000000000.02"),
        new BigDecimal("880000.00"),
        new BigDecimal("2999999999999.99")), scores);
    assertEquals(scores.get(0), score("1234.57", "2", "rectification_failed"));
  }
}
