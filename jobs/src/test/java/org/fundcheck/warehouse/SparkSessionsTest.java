package org.fundcheck.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

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
}
