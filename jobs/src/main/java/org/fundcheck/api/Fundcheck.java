package org.fundcheck.api;

import org.apache.spark.sql.SparkSession;
import org.fundcheck.FundcheckErrors;
import org.fundcheck.warehouse.SparkSessions;
import org.fundcheck.warehouse.Warehouse;

/**
 * Where an analyst starts: {@code Fundcheck.open("warehouse")} in a notebook (Java or Scala) gives a
 * {@link WarehouseView} over the same tables, rules and matcher the nightly job uses.
 */
public final class Fundcheck {

  private Fundcheck() {}

  /**
   * Opens a warehouse with this machine's local session (or the session already active, e.g. a
   * cluster's): every core, a few shuffle partitions, no UI.
   */
  public static WarehouseView open(String warehouse) {
    // Charts draw with java.awt; a notebook kernel has no display.
    System.setProperty("java.awt.headless", "true");
    int cores = Runtime.getRuntime().availableProcessors();
    return open(SparkSessions.local("local[*]", Math.max(4, cores * 2), false), warehouse);
  }

  /** Opens a warehouse with a given session; a folder no run has written to is a user error. */
  public static WarehouseView open(SparkSession spark, String warehouse) {
    Warehouse wh = new Warehouse(spark, warehouse);
    if (!wh.exists(Warehouse.RUNS)) {
      throw FundcheckErrors.missingWarehouse(warehouse);
    }
    return new WarehouseView(wh);
  }
}
