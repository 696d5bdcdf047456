package org.fundcheck;

import org.apache.spark.sql.SparkSession;
import org.fundcheck.warehouse.SparkSessions;

/**
 * The one local[2] session every test in a JVM shares: UI off, 2 shuffle partitions; made active in each
 * thread that asks for it.
 */
public final class TestSpark {

  private static SparkSession session;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSessions.local("local[2]", 2, false);
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return SparkSessions.activeHere(session);
  }
}
