package org.fundcheck;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.fundcheck.warehouse.SparkSessions;

/**
 * The one local[2] session every test in a JVM shares: UI off, 2 shuffle partitions; made active in each
 * thread that asks for it.
 */
public final class TestSpark {

  /**
   * Spark settings for the tests' few rows, on which compiling Java for each query costs more than the
   * query: without code generation the test classes took 781 s instead of 1,394 s. The command line keeps
   * Spark's defaults, and runs with them where the tests start it under spark-submit (the cluster jar)
   * and in the notebooks' warehouse.
   */
  public static final Map<String, String> SETTINGS =
      Map.of("spark.sql.codegen.wholeStage", "false", "spark.sql.codegen.factoryMode", "NO_CODEGEN");

  private static SparkSession session;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSessions.local("local[2]", 2, false);
      SETTINGS.forEach(session.conf()::set);
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return SparkSessions.activeHere(session);
  }

  /**
   * What {@code body} returns when run on the shared session with Spark's own code generation, as a
   * command-line run has it; the tests' {@link #SETTINGS} are set again afterwards.
   */
  public static <T> T withCodeGeneration(java.util.function.Supplier<T> body) {
    SparkSession spark = session();
    SETTINGS.keySet().forEach(spark.conf()::unset);
    try {
      return body.get();
    } finally {
      SETTINGS.forEach(spark.conf()::set);
    }
  }

  /** {@link #SETTINGS} as JVM flags for a child JVM that runs the command line (Spark reads spark.* properties). */
  public static List<String> settingsAsJvmFlags() {
    return SETTINGS.entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue()).sorted().toList();
  }
}
