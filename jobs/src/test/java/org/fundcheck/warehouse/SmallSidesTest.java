package org.fundcheck.warehouse;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart;
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
  void theRowsAreCountedByTheQueryThatKeepsThem() throws InterruptedException {
    Queries queries = new Queries();
    spark.sparkContext().addSparkListener(queries);
    SmallSides.Kept kept;
    SmallSides.Kept none;
    try {
      kept = SmallSides.kept(firing(), 10);
      none = SmallSides.kept(firing().filter(col("f_project").lt(0)), 10);
      // Listener events arrive in order: once the marker query's end is seen, so are the queries before it.
      spark.range(1).selectExpr("'marker' AS marker").collectAsList();
      assertTrue(queries.marker.await(60, TimeUnit.SECONDS), "the marker query's end was not reported");
    } finally {
      spark.sparkContext().removeSparkListener(queries);
    }
    assertEquals(3, kept.count());
    assertEquals(0, none.count());
    assertEquals(List.of("localCheckpoint", "localCheckpoint"), queries.ofSmallSides());
  }

  /** The queries started, with their call sites, and whether the marker query has ended. */
  static final class Queries extends SparkListener {
    private final List<String> callSites = Collections.synchronizedList(new ArrayList<>());
    private final Set<Long> markers = ConcurrentHashMap.newKeySet();
    final CountDownLatch marker = new CountDownLatch(1);

    @Override
    public void onOtherEvent(SparkListenerEvent event) {
      if (event instanceof SparkListenerSQLExecutionStart start) {
        callSites.add(start.details());
        if (start.physicalPlanDescription().contains("marker")) {
          markers.add(start.executionId());
        }
      } else if (event instanceof SparkListenerSQLExecutionEnd end
          && markers.contains(end.executionId())) {
        marker.countDown();
      }
    }

    /** The actions of the queries started from SmallSides, in order. */
    List<String> ofSmallSides() {
      synchronized (callSites) {
        return callSites.stream()
            .filter(site -> site.contains("org.fundcheck.warehouse.SmallSides."))
            .map(site -> {
              // The call site's first frame is the action: org.apache.spark.sql….Dataset.localCheckpoint(…)
              String frame = site.lines().findFirst().orElse("").strip();
              String method = frame.substring(0, frame.indexOf('(') < 0 ? frame.length() : frame.indexOf('('));
              return method.substring(method.lastIndexOf('.') + 1);
            })
            .toList();
      }
    }
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
