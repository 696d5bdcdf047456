package org.fundcheck.warehouse;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.fundcheck.TestSpark;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmallSidesTest {

  private final SparkSession spark = TestSpark.session();
  private String threshold;

  /** Payments stand-in: 20,000 rows, paid by 200 projects. */
  private Dataset<Row> payments() {
    return spark.range(20_000).select(col("id").as("payment_id"), col("id").mod(200).as("project_id"));
  }

  /** Projects that fired: computed by an aggregate over the payments, as a rule's are. */
  private Dataset<Row> firing() {
    return payments().groupBy(col("project_id").as("f_project")).count().filter(col("f_project").lt(3));
  }

  @BeforeEach
  void noAutomaticBroadcast() {
    // Spark would broadcast this small stand-in by its own estimate; the real ledgers are far above it.
    threshold = spark.conf().get("spark.sql.autoBroadcastJoinThreshold");
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
  }

  @AfterEach
  void restore() {
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", threshold);
  }

  @Test
  void aFewFiringRowsAreBroadcastSoThePaymentsAreNotShuffled() {
    Dataset<Row> joined = payments().join(SmallSides.kept(firing(), 10).toJoin(), col("project_id").equalTo(col("f_project")));
    String plan = joined.queryExecution().executedPlan().toString();
    assertTrue(plan.contains("BroadcastHashJoin"), plan);
    assertFalse(plan.contains("SortMergeJoin"), plan);
    assertEquals(300, joined.count());
  }

  @Test
  void moreRowsThanTheLimitAreJoinedByShuffling() {
    Dataset<Row> joined = payments().join(SmallSides.kept(firing(), 2).toJoin(), col("project_id").equalTo(col("f_project")));
    String plan = joined.queryExecution().executedPlan().toString();
    assertTrue(plan.contains("SortMergeJoin"), plan);
    assertFalse(plan.contains("BroadcastHashJoin"), plan);
    assertEquals(300, joined.count());
  }

  @Test
  void theRowsAreComputedOnceAndKeptWithTheirCount() {
    SmallSides.Kept kept = SmallSides.kept(firing(), 10);
    assertEquals(3, kept.count());
    assertEquals(List.of(0L, 1L, 2L),
        kept.rows().orderBy("f_project").collectAsList().stream().map(r -> r.getLong(0)).toList());
    String plan = kept.rows().queryExecution().executedPlan().toString();
    assertFalse(plan.contains("HashAggregate"), plan);
  }

  @Test
  void onlyTheJoinIsToldToBroadcast() {
    // Read on the left of an outer join, the kept rows carry no hint Spark would have to refuse.
    Dataset<Row> outer = SmallSides.kept(firing(), 10).rows()
        .join(payments(), col("f_project").equalTo(col("project_id")), "left");
    assertFalse(outer.queryExecution().analyzed().toString().contains("ResolvedHint"),
        outer.queryExecution().analyzed().toString());
    assertTrue(SmallSides.kept(firing(), 10).toJoin().queryExecution().analyzed().toString().contains("ResolvedHint"));
  }
}
