package org.fundcheck.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.fundcheck.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkSessionsTest {

  @TempDir
  Path dir;

  /**
   * A thread that holds no active session (a thread pool's, made before the session was) and asks for
   * the session through {@link SparkSessions} gets the existing one, with its settings: a Delta table read
   * and filtered there (as the run ledger reads its last run) gives LocalDate, where Spark's defaults would
   * give java.sql.Date.
   */
  @Test
  void aThreadWithoutAnActiveSessionGetsTheExistingOneAndItsDates() throws Exception {
    SparkSession existing = TestSpark.session();
    String table = dir.resolve("runs").toString();
    existing.sql("SELECT DATE'2019-03-20' AS as_of, 'succeeded' AS status").write().format("delta").save(table);

    AtomicReference<SparkSession> got = new AtomicReference<>();
    AtomicReference<Object> date = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread other = new Thread(() -> {
      try {
        SparkSession.clearActiveSession();
        SparkSession spark = SparkSessions.local("local[2]", 2, false);
        got.set(spark);
        Dataset<Row> runs = spark.read().format("delta").load(table);
        date.set(runs.filter(functions.col("status").equalTo("succeeded")).select("as_of").limit(1)
            .collectAsList().get(0).get(0));
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    other.start();
    other.join();
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
    assertSame(existing, got.get());
    assertEquals(LocalDate.of(2019, 3, 20), date.get());
  }

  /**
   * A run compiles the same generated code in many places: the session keeps every compiled class
   * rather than Spark's default hundred, names the classes alike wherever in a plan they sit, and the
   * same query run again, in the session or in another session of the same process (Delta makes one
   * for an overwrite), compiles nothing: Spark's cache of compiled classes is keyed by the class loader
   * of the tasks, which every session shares.
   */
  @Test
  void alikeGeneratedCodeIsCompiledOnceAProcess() {
    SparkSession spark = TestSpark.session();
    assertEquals(SparkSessions.CODEGEN_CACHE_SIZE,
        org.apache.spark.sql.internal.SQLConf.get().codegenCacheMaxEntries());
    assertEquals("false", spark.conf().get("spark.sql.codegen.useIdInClassName"));
    // The tests run without code generation (TestSpark.SETTINGS); this one needs it, as a run has it.
    TestSpark.withCodeGeneration(() -> {
      // A constant of this test's own, so that no earlier test compiled the same code.
      long k = 1_000_003L + System.nanoTime() % 1_000_000L;
      String query = "SELECT id, id * " + k + " + 7 AS x FROM range(100) WHERE id % 3 = 1";
      long before = compiled();
      assertEquals(33, spark.sql(query).collectAsList().size());
      long first = compiled() - before;
      assertTrue(first > 0, "the first run compiles its code");
      SparkSession other = spark.newSession();
      // A new session starts from Spark's defaults, code generation on: else it would compile nothing anyway.
      assertEquals("true", other.conf().get("spark.sql.codegen.wholeStage"));
      assertEquals(33, other.sql(query).collectAsList().size());
      assertEquals(33, spark.sql(query).collectAsList().size());
      assertEquals(first, compiled() - before, "the same query again compiles nothing");
      return null;
    });
  }

  private static long compiled() {
    return org.apache.spark.metrics.source.CodegenMetrics.METRIC_COMPILATION_TIME().getCount();
  }
}
